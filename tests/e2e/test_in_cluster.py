"""The operator installed from manifests/ and running in the cluster as a pod (on the process
node the image is ignored and the pod runs the installed `tornado`): its own service account
and RBAC, in-cluster config, the webhook behind its Service with the CA bundle it injects."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devcluster.kind import render_in_cluster_manifests
from kubehelpers import (
    OperatorProcess,
    apply_docs,
    example,
    free_port,
    get_session,
    kubectl_json,
    load_docs,
    runner_after,
    wait_for,
    wait_phase,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def installed(crds: Any, operator: OperatorProcess) -> Iterator[Any]:
    if not getattr(crds, "local", False):
        # On kind (`--cluster=kind`) every e2e test already runs against this installation.
        pytest.skip("needs the process node (the image is not pulled there)")
    operator.stop()  # one operator at a time: the in-cluster one takes over
    # The same manifests the kind run installs (there with its image set).
    docs = render_in_cluster_manifests(lambda *args: crds.kubectl(*args).stdout)
    for doc in docs:
        if doc["kind"] == "Deployment":
            doc["spec"]["replicas"] = 1  # one process node: replicas would share its ports
            container = doc["spec"]["template"]["spec"]["containers"][0]
            container["command"] = ["tornado"]  # the image's ENTRYPOINT, which the process node ignores
            # Pods share the host's network on the process node: free ports instead of fixed ones.
            ports = {"webhook": free_port(), "health": free_port(), "metrics": free_port()}
            flags = {"webhook": "--webhook-port", "health": "--health-port", "metrics": "--metrics-port"}
            container["args"] = [
                arg for arg in container["args"] if not any(arg.startswith(flag + "=") for flag in flags.values())
            ] + [f"{flags[name]}={port}" for name, port in ports.items()]
            for port in container.get("ports", []):
                if port.get("name") in ports:
                    port["containerPort"] = ports[port["name"]]
    crds.kubectl("apply", "--server-side", "--force-conflicts", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": docs}))
    try:
        wait_for(
            lambda: kubectl_json(crds, "get", "pods", "-n", "tornado-system", "-l", "app.kubernetes.io/component=operator")["items"],
            timeout=60,
            what="the operator pod",
        )

        def ca_injected() -> bool:
            hook = kubectl_json(crds, "get", "validatingwebhookconfiguration", "tornado-operator")
            return bool(hook["webhooks"][0]["clientConfig"].get("caBundle"))

        try:
            wait_for(ca_injected, timeout=90, what="the operator to inject its CA bundle")
        except AssertionError as exc:
            pods = kubectl_json(crds, "get", "pods", "-n", "tornado-system")["items"]
            logs = "\n".join(crds.pod_log("tornado-system", p["metadata"]["name"])[-3000:] for p in pods)
            raise AssertionError(f"{exc}\npods: {[p['status'] for p in pods]}\nlogs:\n{logs}") from None
        yield crds
    finally:
        crds.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator", "--ignore-not-found")
        crds.kubectl("delete", "namespace", "tornado-system", "--wait=true", "--timeout=120s", check=False)
        operator.start()


def gated_runner(gate: Path) -> dict[str, Any]:
    """The iteration's own command, started only once ``gate`` exists (pods of the process node
    are processes of this machine): the session certainly runs until the test opens the gate."""
    return runner_after(f"while [ ! -e '{gate}' ]; do sleep 0.2; done")


def test_in_cluster_operator_runs_a_session_and_its_webhook_rejects_a_second(installed: Any, ns: str, tmp_path: Path) -> None:
    docs = load_docs(example("support-line"))
    apply_docs(installed, ns, [d for d in docs if d["kind"] != "TornadoSession"])
    session = next(d for d in docs if d["kind"] == "TornadoSession")
    name = session["metadata"]["name"]
    gate = tmp_path / "gate"
    session["spec"]["runner"] = gated_runner(gate)
    # The webhook answers through its Service: the first create is admitted...
    wait_for(lambda: installed.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(session), check=False).returncode == 0,
             timeout=60, what="the first session to be admitted")
    wait_for(lambda: installed.kubectl("get", "job", f"{name}-it1", "-n", ns, check=False).returncode == 0,
             timeout=60, what="iteration 1's Job (waiting at its gate)")
    assert (get_session(installed, ns, name).get("status") or {}).get("phase") == "RUNNING"
    # ...and a second one for the same pathway is refused while the first runs.
    second = dict(session, metadata={"name": "second"})
    refused = installed.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(second), check=False)
    assert refused.returncode != 0
    assert f'tornado session "{name}" is already running' in refused.stderr, refused.stderr
    assert installed.kubectl("get", "ts", "second", "-n", ns, check=False).returncode != 0
    assert (get_session(installed, ns, name).get("status") or {}).get("phase") == "RUNNING"
    gate.touch()
    status = wait_phase(installed, ns, name, timeout=240)["status"]
    assert status["phase"] == "COMPLETED_ALL_PASSED", status.get("message")
    # The in-cluster operator made the session's runner identity (owned by the session).
    account = f"{name}-runner"
    assert kubectl_json(installed, "get", "serviceaccount", account, "-n", ns)["metadata"]["ownerReferences"][0]["name"] == name
    assert kubectl_json(installed, "get", "role", account, "-n", ns)["rules"]
    assert kubectl_json(installed, "get", "rolebinding", account, "-n", ns)["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": account
    }
    secret = kubectl_json(installed, "get", "secret", "tornado-operator-webhook-tls", "-n", "tornado-system")
    assert set(secret["data"]) == {"ca.crt", "tls.crt", "tls.key"}


def test_in_cluster_metrics_are_served_only_to_the_metrics_reader(installed: Any, ns: str) -> None:
    """The manifests' --metrics-secure with the manifests' RBAC: the operator's own service
    account reviews the tokens (TokenReview, SubjectAccessReview)."""
    import ssl
    import urllib.error
    import urllib.request

    deployment = kubectl_json(installed, "get", "deployment", "tornado-operator", "-n", "tornado-system")
    args = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
    assert "--metrics-secure" in args
    port = int(next(arg for arg in args if arg.startswith("--metrics-port=")).split("=", 1)[1])
    for account in ("scraper", "stranger"):
        installed.kubectl("create", "serviceaccount", account, "-n", ns)
    binding = f"{ns}-scraper"
    installed.kubectl(
        "create", "clusterrolebinding", binding, "--clusterrole=tornado-operator-metrics-reader", f"--serviceaccount={ns}:scraper"
    )
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    def scrape(account: str) -> int:
        token = installed.kubectl("create", "token", account, "-n", ns).stdout.strip()
        request = urllib.request.Request(f"https://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=10, context=context) as response:
                assert b"tornado_sessions" in response.read()
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except (urllib.error.URLError, OSError):
            return 0

    try:
        wait_for(lambda: scrape("scraper") == 200, timeout=60, what="the metrics reader's scrape")
        assert scrape("stranger") == 403
    finally:
        installed.kubectl("delete", "clusterrolebinding", binding, "--ignore-not-found")

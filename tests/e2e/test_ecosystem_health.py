"""The GitOps integrations judged by the real code of the tools that consume them.

Real sessions run on the local control plane with the operator as a real process, one per
outcome, and the objects are captured as the API server serves them: a session just created
(no phase yet), a RUNNING one, one whose spec changed after it ended (a stale
observedGeneration: the patch response, before the operator saw it) and every terminal phase.
Each object is then judged by

* Argo CD v3.2.12's own code (`hack/bin/argocd-health`): its SettingsManager reads the
  resource customizations from an argocd-cm installed with the command docs/deploy.md gives,
  and gitops-engine's GetResourceHealth runs deploy/argocd/health.lua in gopher-lua with
  Argo CD's options (no standard libraries unless useOpenLibs);
* kstatus (`sigs.k8s.io/cli-utils` `status.Compute`, `hack/bin/gitops-health kstatus`);
* Flux's kustomize-controller CEL health checks (`fluxcd/pkg/runtime/cel`, with the
  healthCheckExprs of deploy/flux/kustomization.yaml, `hack/bin/gitops-health flux`);

and `promtool check metrics` lints the operator's /metrics after these sessions. The tools are
built from the modules pinned under hack/ecosystem by hack/build-ecosystem.sh (cached; a
failed build fails the test with the build's error).
"""

from __future__ import annotations

import copy
import json
import subprocess
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from kubehelpers import (
    REPO,
    OperatorProcess,
    apply_docs,
    example,
    get_session,
    load_docs,
    wait_for,
    wait_phase,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BIN = REPO / "hack" / "bin"
ARGOCD_CM_PATCH = REPO / "deploy" / "argocd" / "argocd-cm-patch.yaml"
FLUX_KUSTOMIZATION = REPO / "deploy" / "flux" / "kustomization.yaml"
HEALTH_KEY = "resource.customizations.health.agenttesting.dev_TornadoSession"

# label -> (Argo CD, kstatus, Flux)
EXPECTED: dict[str, tuple[str, str, str]] = {
    "created": ("Progressing", "InProgress", "InProgress"),
    "RUNNING": ("Progressing", "InProgress", "InProgress"),
    "stale generation": ("Progressing", "InProgress", "InProgress"),
    "COMPLETED_ALL_PASSED": ("Healthy", "Current", "Current"),
    "STUCK": ("Degraded", "Failed", "Failed"),
    "ERROR": ("Degraded", "Failed", "Failed"),
    "TIMEOUT": ("Degraded", "Failed", "Failed"),
    "COMPLETED_PARTIAL": ("Degraded", "Failed", "Failed"),
    # A deliberate stop: final everywhere; Argo CD's Suspended keeps the Application from
    # turning red, kstatus and Flux have no such state and call it Failed (not Current).
    "CANCELLED": ("Suspended", "Failed", "Failed"),
}


def build_tools() -> None:
    result = subprocess.run(
        ["bash", str(REPO / "hack" / "build-ecosystem.sh")],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, f"hack/build-ecosystem.sh failed:\n{result.stderr[-3000:]}"


def run_tool(args: list[str], objects: list[dict[str, Any]]) -> list[dict[str, str]]:
    result = subprocess.run(args, input=json.dumps(objects), capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{args[0]} failed: {result.stderr[-2000:]}"
    verdicts: list[dict[str, str]] = json.loads(result.stdout)
    assert len(verdicts) == len(objects)
    return verdicts


def sleeper(seconds: int) -> dict[str, Any]:
    return {"command": ["python", "-c", f"import time; time.sleep({seconds})"]}


class Sessions:
    """Sessions of the examples, each in a namespace of its own (one running session per
    pathway), started together so that their iterations overlap."""

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster
        self.namespaces: list[str] = []

    def namespace(self) -> str:
        name = f"eco-{uuid.uuid4().hex[:8]}"
        self.cluster.kubectl("create", "namespace", name)
        self.namespaces.append(name)
        return name

    def start(self, example_name: str, name: str, **spec: Any) -> tuple[str, str, dict[str, Any]]:
        """Create the example's Pathway and scenarios, then the session; return the session
        as the create call returned it (as stored, before the operator saw it)."""
        ns = self.namespace()
        docs = load_docs(example(example_name))
        apply_docs(self.cluster, ns, [d for d in docs if d["kind"] != "TornadoSession"])
        (session,) = [copy.deepcopy(d) for d in docs if d["kind"] == "TornadoSession"]
        session["metadata"] = {"name": name, "namespace": ns}
        session["spec"].update(spec)
        created: dict[str, Any] = json.loads(
            self.cluster.kubectl("create", "-f", "-", "-o", "json", input=json.dumps(session)).stdout
        )
        return ns, name, created

    def cleanup(self) -> None:
        for ns in self.namespaces:
            self.cluster.kubectl("delete", "namespace", ns, "--wait=false", check=False)


def kubectl_wait(cluster: Any, ns: str, name: str, condition: str, timeout: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(BIN / "kubectl"), "wait", "-n", ns, f"ts/{name}", f"--for={condition}", f"--timeout={timeout}"],
        env=cluster.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def captured(crds: Any, operator: OperatorProcess) -> Iterator[dict[str, Any]]:
    """label -> the session object in that state, plus the `kubectl wait` results."""
    build_tools()
    sessions = Sessions(crds)
    try:
        objects: dict[str, Any] = {}
        passed = sessions.start("support-line", "passes")
        started = {
            "COMPLETED_ALL_PASSED": passed,
            "COMPLETED_PARTIAL": sessions.start("support-line", "partial", maxIterations=1),
            "STUCK": sessions.start("unfixable", "stuck"),
            "ERROR": sessions.start("support-line", "errs", scenarioIds=["does-not-exist"]),
            "TIMEOUT": sessions.start("support-line", "times-out", timeoutMs=3000, runner=sleeper(120)),
            "CANCELLED": sessions.start("support-line", "cancelled", runner=sleeper(120)),
        }
        running = sessions.start("support-line", "runs", runner=sleeper(120))
        objects["created"] = running[2]
        # The README's recipes, started while the sessions run: "finished, whatever the
        # outcome" and "succeeded".
        finished_waits = {
            label: kubectl_wait(crds, ns, name, "condition=Reconciling=false", "240s")
            for label, (ns, name, _) in started.items()
        }
        success_wait = kubectl_wait(crds, passed[0], passed[1], "condition=Succeeded", "240s")

        def phase(ns: str, name: str) -> str | None:
            value: str | None = (get_session(crds, ns, name).get("status") or {}).get("phase")
            return value

        for ns, name in ((running[0], running[1]), (started["CANCELLED"][0], started["CANCELLED"][1])):
            wait_for(lambda ns=ns, name=name: phase(ns, name) == "RUNNING", timeout=60, what=f"{ns}/{name} RUNNING")
        objects["RUNNING"] = get_session(crds, running[0], running[1])
        ns, name, _ = started["CANCELLED"]
        crds.kubectl("patch", "ts", name, "-n", ns, "--type=merge", "-p", '{"spec":{"cancel":true}}')
        crds.kubectl("patch", "ts", running[1], "-n", running[0], "--type=merge", "-p", '{"spec":{"cancel":true}}')
        for label, (ns, name, _) in started.items():
            objects[label] = wait_phase(crds, ns, name, timeout=240)
        # A spec change after the end: the patch's response is the object before the
        # operator observed the new generation.
        ns, name, _ = passed
        objects["stale generation"] = json.loads(
            crds.kubectl(
                "patch", "ts", name, "-n", ns, "--type=merge", "-p", '{"spec":{"cancel":true}}', "-o", "json"
            ).stdout
        )
        waits = {label: (*proc.communicate(timeout=300), proc.returncode) for label, proc in finished_waits.items()}
        success = (*success_wait.communicate(timeout=300), success_wait.returncode)
        yield {"objects": objects, "finished_waits": waits, "success_wait": success, "started": started}
    finally:
        sessions.cleanup()


def test_captured_sessions_are_in_the_states_named(captured: dict[str, Any]) -> None:
    objects = captured["objects"]
    created = objects["created"]
    # The CRD defaults the status of a session the operator has not seen yet.
    assert created["status"] == {"observedGeneration": 0}, created.get("status")
    assert created["metadata"]["generation"] == 1
    assert objects["RUNNING"]["status"]["phase"] == "RUNNING"
    stale = objects["stale generation"]
    assert stale["metadata"]["generation"] == 2 and stale["status"]["observedGeneration"] == 1
    assert stale["status"]["phase"] == "COMPLETED_ALL_PASSED"
    for label in ("COMPLETED_ALL_PASSED", "STUCK", "ERROR", "TIMEOUT", "COMPLETED_PARTIAL", "CANCELLED"):
        assert objects[label]["status"]["phase"] == label, objects[label]["status"].get("message")


def argocd_namespace(cluster: Any, patch: dict[str, Any]) -> str:
    """A namespace with a stock argocd-cm (Argo CD's labels, no data), patched as
    docs/deploy.md says (the patch's namespace is the test's own)."""
    ns = f"argocd-{uuid.uuid4().hex[:6]}"
    cluster.kubectl("create", "namespace", ns)
    stock = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "argocd-cm",
            "namespace": ns,
            "labels": {"app.kubernetes.io/name": "argocd-cm", "app.kubernetes.io/part-of": "argocd"},
        },
    }
    cluster.kubectl("create", "-f", "-", input=json.dumps(stock))
    patch = copy.deepcopy(patch)
    patch["metadata"]["namespace"] = ns
    cluster.kubectl("-n", ns, "patch", "configmap", "argocd-cm", "--type", "merge", "--patch", json.dumps(patch))
    return ns


def argocd(cluster: Any, ns: str, objects: list[dict[str, Any]]) -> list[dict[str, str]]:
    return run_tool([str(BIN / "argocd-health"), "--kubeconfig", str(cluster.kubeconfig), "--namespace", ns], objects)


def test_argo_cd_kstatus_and_flux_agree_with_the_table(crds: Any, captured: dict[str, Any]) -> None:
    objects = captured["objects"]
    labels = list(EXPECTED)
    batch = [objects[label] for label in labels]
    ns = argocd_namespace(crds, yaml.safe_load(ARGOCD_CM_PATCH.read_text()))
    try:
        argo = argocd(crds, ns, batch)
    finally:
        crds.kubectl("delete", "namespace", ns, "--wait=false", check=False)
    kstatus = run_tool([str(BIN / "gitops-health"), "kstatus"], batch)
    flux = run_tool([str(BIN / "gitops-health"), "flux", str(FLUX_KUSTOMIZATION)], batch)
    got = {label: (argo[i]["status"], kstatus[i]["status"], flux[i]["status"]) for i, label in enumerate(labels)}
    errors = {
        label: (argo[i].get("error"), kstatus[i].get("error"), flux[i].get("error"))
        for i, label in enumerate(labels)
        if argo[i].get("error") or kstatus[i].get("error") or flux[i].get("error")
    }
    assert got == EXPECTED, f"errors: {errors}"
    assert not errors
    # Argo CD's message: counts printed as integers without the string library.
    by_label = dict(zip(labels, argo, strict=True))
    status = objects["COMPLETED_ALL_PASSED"]["status"]
    total, iterations = status["totalScenarios"], len(status["iterations"])
    assert by_label["COMPLETED_ALL_PASSED"]["message"].startswith(
        f"COMPLETED_ALL_PASSED ({total}/{total} passed, iteration {iterations}/5)"
    ), by_label["COMPLETED_ALL_PASSED"]
    assert by_label["stale generation"]["message"].startswith("Waiting for the operator to observe generation 2")
    assert by_label["created"]["message"] == "Waiting for the operator to start the session"


def test_a_script_that_needs_the_string_library_fails_in_argo_cd(crds: Any, captured: dict[str, Any]) -> None:
    """The control: the harness runs Argo CD's options, so the script as it was before
    (string.format) is Unknown with Argo CD's error, unless useOpenLibs is set."""
    running = captured["objects"]["RUNNING"]
    patch = yaml.safe_load(ARGOCD_CM_PATCH.read_text())
    script = patch["data"][HEALTH_KEY]
    broken = script.replace('return "" .. value', 'return string.format("%d", value)')
    assert broken != script
    patch["data"][HEALTH_KEY] = broken
    ns = argocd_namespace(crds, patch)
    try:
        (verdict,) = argocd(crds, ns, [running])
        assert verdict["status"] == "Unknown", verdict
        assert "format" in verdict["error"] and "nil" in verdict["error"], verdict
        open_libs = {"data": {"resource.customizations.useOpenLibs.agenttesting.dev_TornadoSession": "true"}}
        crds.kubectl("-n", ns, "patch", "configmap", "argocd-cm", "--type", "merge", "--patch", json.dumps(open_libs))
        (verdict,) = argocd(crds, ns, [running])
        assert verdict["status"] == "Progressing", verdict
    finally:
        crds.kubectl("delete", "namespace", ns, "--wait=false", check=False)


def test_kubectl_wait_recipes_on_real_sessions(crds: Any, captured: dict[str, Any]) -> None:
    """The README's waits: 'finished, whatever the outcome' returns for every terminal phase,
    'succeeded' for COMPLETED_ALL_PASSED, and fails (at its timeout) for every other."""
    for label, (out, err, code) in captured["finished_waits"].items():
        assert code == 0, f"{label}: kubectl wait --for=condition=Reconciling=false: {err}"
        assert "condition met" in out
    out, err, code = captured["success_wait"]
    assert code == 0, err
    for label, (ns, name, _) in captured["started"].items():
        if label == "COMPLETED_ALL_PASSED":
            continue
        result = crds.kubectl("wait", "-n", ns, f"ts/{name}", "--for=condition=Succeeded", "--timeout=1s", check=False)
        assert result.returncode != 0, label
        stalled = crds.kubectl("wait", "-n", ns, f"ts/{name}", "--for=condition=Stalled", "--timeout=5s", check=False)
        assert stalled.returncode == 0, f"{label}: {stalled.stderr}"
        done = crds.kubectl("wait", "-n", ns, f"ts/{name}", "--for=jsonpath={.status.completedAt}", "--timeout=5s", check=False)
        assert done.returncode == 0, f"{label}: {done.stderr}"


def test_promtool_accepts_the_operator_metrics(operator: OperatorProcess, captured: dict[str, Any]) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{operator.metrics_port}/metrics", timeout=5) as response:
        text = response.read()
    assert b"tornado_iterations_finished_total" in text
    result = subprocess.run(
        [str(BIN / "promtool"), "check", "metrics"], input=text, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0, (result.stdout + result.stderr).decode()


def test_promtool_rejects_a_bad_exposition() -> None:
    """The control: promtool does lint (a counter without _total, a metric without HELP)."""
    build_tools()
    bad = b"# TYPE requests counter\nrequests 1\n"
    result = subprocess.run(
        [str(BIN / "promtool"), "check", "metrics"], input=bad, capture_output=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert b"counter metrics should have \"_total\" suffix" in result.stdout + result.stderr


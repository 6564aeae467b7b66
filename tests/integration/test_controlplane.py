"""The test control plane itself: real API server, real Job/GC/namespace controllers, pods run
by the node agent (or by the kubelets of an external cluster given with --kubeconfig).

On an external cluster the pods need an image with Python and the ``kubernetes`` package
(the project's image): set ``DEVCLUSTER_TEST_IMAGE`` (default ``tornado-operator:dev``).
"""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from kubernetes import client
from kubernetes.client.rest import ApiException

from devcluster import ControlPlane, KubeClusterBase, pinned_kubernetes_version, pki
from devcluster.procs import free_port, pid_alive

# Generous limits: the machine may be shared with benchmarks; the tests take ~30 s when idle.
pytestmark = [pytest.mark.cluster, pytest.mark.timeout(300)]

IMAGE = os.environ.get("DEVCLUSTER_TEST_IMAGE", "tornado-operator:dev")
T = TypeVar("T")


def wait_for(
    what: str, fn: Callable[[], T | None], timeout: float = 60.0, interval: float = 0.25
) -> T:
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {last!r}")


@pytest.fixture(scope="module")
def api(cluster: KubeClusterBase) -> Iterator[Any]:
    api_client = cluster.api_client()
    yield api_client
    api_client.close()


@pytest.fixture
def namespace(api: Any) -> Iterator[str]:
    core = client.CoreV1Api(api)
    name = f"cp-{uuid.uuid4().hex[:8]}"
    core.create_namespace({"metadata": {"name": name}})
    wait_for(
        "the namespace's default ServiceAccount",
        lambda: _exists(lambda: core.read_namespaced_service_account("default", name)),
    )
    yield name
    core.delete_namespace(name)


def _exists(read: Callable[[], Any]) -> bool:
    try:
        read()
    except ApiException as e:
        if e.status == 404:
            return False
        raise
    return True


def python_container(script: str, name: str = "main", **extra: Any) -> dict[str, Any]:
    return {"name": name, "image": IMAGE, "command": ["python", "-c", script], **extra}


def job(name: str, containers: list[dict[str, Any]], backoff_limit: int = 0) -> dict[str, Any]:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {
            "backoffLimit": backoff_limit,
            "template": {"spec": {"restartPolicy": "Never", "containers": containers}},
        },
    }


def job_condition(batch: Any, namespace: str, name: str, ctype: str) -> Any:
    j = batch.read_namespaced_job(name, namespace)
    for c in j.status.conditions or []:
        if c.type == ctype and c.status == "True":
            return j
    return None


def job_pods(core: Any, namespace: str, name: str) -> list[Any]:
    return list(core.list_namespaced_pod(namespace, label_selector=f"job-name={name}").items)


def test_apiserver_reports_pinned_version(cluster: KubeClusterBase) -> None:
    info = cluster.server_version()
    assert info["major"] == "1"
    kubectl = json.loads(cluster.kubectl("version", "-o", "json").stdout)
    assert kubectl["serverVersion"]["gitVersion"] == info["gitVersion"]
    if not cluster.local:
        pytest.skip(f"external cluster runs {info['gitVersion']}; pinned version not checked")
    pinned = pinned_kubernetes_version()
    assert info["gitVersion"] == pinned
    assert info["minor"] == pinned.split(".")[1]
    # kubectl from hack/bin is built from the same pin.
    assert kubectl["clientVersion"]["gitVersion"] == pinned


def test_job_completes_on_the_node(cluster: KubeClusterBase, api: Any, namespace: str) -> None:
    batch, core = client.BatchV1Api(api), client.CoreV1Api(api)
    script = "import os; print('sum', sum(range(10)), 'from', os.environ['HOSTNAME'])"
    batch.create_namespaced_job(namespace, job("ok", [python_container(script)]))
    done = wait_for("Job ok Complete", lambda: job_condition(batch, namespace, "ok", "Complete"))
    assert done.status.succeeded == 1
    (pod,) = job_pods(core, namespace, "ok")
    assert pod.status.phase == "Succeeded"
    if cluster.node_name:
        assert pod.spec.node_name == cluster.node_name
    (status,) = pod.status.container_statuses
    assert status.state.terminated.exit_code == 0
    assert status.state.terminated.reason == "Completed"
    assert status.state.terminated.started_at is not None
    assert status.state.terminated.finished_at is not None
    conditions = {c.type: c.status for c in pod.status.conditions}
    assert conditions["PodScheduled"] == "True"
    assert conditions["Initialized"] == "True"
    assert conditions["Ready"] == "False"  # completed
    log = wait_for("pod log", lambda: cluster.pod_log(namespace, pod.metadata.name), timeout=30)
    assert f"sum 45 from {pod.metadata.name}" in log


def test_failing_job_hits_backoff_limit(api: Any, namespace: str) -> None:
    batch, core = client.BatchV1Api(api), client.CoreV1Api(api)
    script = "import sys; print('about to fail'); sys.exit(1)"
    batch.create_namespaced_job(namespace, job("bad", [python_container(script)], backoff_limit=1))
    failed = wait_for(
        "Job bad Failed", lambda: job_condition(batch, namespace, "bad", "Failed"), timeout=120
    )
    reasons = {c.type: c.reason for c in failed.status.conditions}
    assert reasons["Failed"] == "BackoffLimitExceeded"
    assert failed.status.failed == 2  # the first try and one retry
    pods = job_pods(core, namespace, "bad")
    assert len(pods) == 2
    for pod in pods:
        assert pod.status.phase == "Failed"
        terminated = pod.status.container_statuses[0].state.terminated
        assert (terminated.exit_code, terminated.reason) == (1, "Error")


def test_deleting_a_job_garbage_collects_its_pods(
    cluster: KubeClusterBase, api: Any, namespace: str
) -> None:
    batch, core = client.BatchV1Api(api), client.CoreV1Api(api)
    script = "import time; print('started', flush=True); time.sleep(600)"
    batch.create_namespaced_job(namespace, job("long", [python_container(script)]))

    def running() -> Any:
        pods = job_pods(core, namespace, "long")
        return pods[0] if pods and pods[0].status.phase == "Running" else None

    pod = wait_for("the Job's pod to run", running)
    pid: int | None = None
    if isinstance(cluster, ControlPlane):
        pod_dir = cluster.pods_dir / f"{namespace}_{pod.metadata.name}_{pod.metadata.uid}"
        pid = int((pod_dir / "main.pid").read_text())
        assert pid_alive(pid)
    batch.delete_namespaced_job("long", namespace, propagation_policy="Background")
    wait_for(
        "the Job to be gone",
        lambda: not _exists(lambda: batch.read_namespaced_job("long", namespace)),
    )
    wait_for(
        "the garbage collector to delete the pod", lambda: not job_pods(core, namespace, "long")
    )
    if pid is not None:
        # The node agent stopped the process when the pod was deleted.
        wait_for("the pod's process to exit", lambda: not pid_alive(pid), timeout=30)


def test_pod_uses_its_service_account_token(
    cluster: KubeClusterBase, api: Any, namespace: str
) -> None:
    core, rbac = client.CoreV1Api(api), client.RbacAuthorizationV1Api(api)
    rbac.create_namespaced_role(
        namespace,
        {
            "metadata": {"name": "pod-reader"},
            "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}],
        },
    )
    rbac.create_namespaced_role_binding(
        namespace,
        {
            "metadata": {"name": "pod-reader"},
            "roleRef": {
                "apiGroup": "rbac.authorization.k8s.io",
                "kind": "Role",
                "name": "pod-reader",
            },
            "subjects": [{"kind": "ServiceAccount", "name": "default", "namespace": namespace}],
        },
    )
    script = """
import os
from kubernetes import client, config
try:
    config.load_incluster_config()
except config.ConfigException:
    config.load_kube_config()
v1 = client.CoreV1Api()
me = v1.read_namespaced_pod(os.environ["POD_NAME"], os.environ["POD_NAMESPACE"])
print("self", me.metadata.name, me.spec.service_account_name, me.status.phase)
try:
    v1.list_namespaced_secret(os.environ["POD_NAMESPACE"])
    print("secrets readable")
except client.ApiException as e:
    print("secrets forbidden", e.status)
"""
    env = [
        {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
    ]
    core.create_namespaced_pod(
        namespace,
        {
            "metadata": {"name": "whoami"},
            "spec": {"restartPolicy": "Never", "containers": [python_container(script, env=env)]},
        },
    )

    def finished() -> Any:
        p = core.read_namespaced_pod("whoami", namespace)
        return p if p.status.phase in ("Succeeded", "Failed") else None

    pod = wait_for("pod whoami to finish", finished)
    log = cluster.pod_log(namespace, "whoami")
    assert pod.status.phase == "Succeeded", log
    assert "self whoami default Running" in log
    # The token is the pod's own service account's, not an admin credential.
    assert "secrets forbidden 403" in log


def test_termination_messages_reach_the_pod_status(api: Any, namespace: str) -> None:
    core = client.CoreV1Api(api)
    writes_file = """
import os, sys
path = os.environ.get("TERMINATION_MESSAGE_PATH", "/dev/termination-log")
with open(path, "w") as f:
    f.write("scenario s1 failed: no route to node 'billing'")
sys.exit(3)
"""
    logs_only = "import sys; print('line one'); print('last words'); sys.exit(2)"
    core.create_namespaced_pod(
        namespace,
        {
            "metadata": {"name": "dying"},
            "spec": {
                "restartPolicy": "Never",
                "containers": [
                    python_container(writes_file, name="file"),
                    python_container(
                        logs_only, name="logs", terminationMessagePolicy="FallbackToLogsOnError"
                    ),
                ],
            },
        },
    )

    def failed() -> Any:
        p = core.read_namespaced_pod("dying", namespace)
        return p if p.status.phase == "Failed" else None

    pod = wait_for("pod dying to fail", failed)
    by_name = {s.name: s.state.terminated for s in pod.status.container_statuses}
    assert by_name["file"].exit_code == 3
    assert by_name["file"].reason == "Error"
    assert by_name["file"].message == "scenario s1 failed: no route to node 'billing'"
    assert by_name["logs"].exit_code == 2
    assert by_name["logs"].message.rstrip().endswith("last words")


def pod_in_phase(core: Any, namespace: str, name: str, *phases: str) -> Any:
    p = core.read_namespaced_pod(name, namespace)
    return p if p.status.phase in phases else None


def test_active_deadline_kills_the_pod(api: Any, namespace: str) -> None:
    core = client.CoreV1Api(api)
    sleeper = python_container("import time; time.sleep(600)")
    core.create_namespaced_pod(
        namespace,
        {
            "metadata": {"name": "overdue"},
            "spec": {"restartPolicy": "Never", "activeDeadlineSeconds": 2, "containers": [sleeper]},
        },
    )
    overdue = wait_for(
        "pod overdue to fail",
        lambda: pod_in_phase(core, namespace, "overdue", "Failed"),
        timeout=120,
    )
    assert overdue.status.reason == "DeadlineExceeded"


def test_restart_policy_on_failure(cluster: KubeClusterBase, api: Any, namespace: str) -> None:
    if not isinstance(cluster, ControlPlane):
        pytest.skip("relies on the node agent's per-pod HOME surviving a container restart")
    core = client.CoreV1Api(api)
    # Fails on the first run, succeeds on the second: restartPolicy OnFailure restarts it.
    flaky = """
import os, pathlib, sys
marker = pathlib.Path(os.environ["HOME"]) / "tried-once"
if not marker.exists():
    marker.write_text("x")
    sys.exit(4)
print("second time lucky")
"""
    core.create_namespaced_pod(
        namespace,
        {
            "metadata": {"name": "flaky"},
            "spec": {"restartPolicy": "OnFailure", "containers": [python_container(flaky)]},
        },
    )
    flaky_pod = wait_for(
        "pod flaky to finish",
        lambda: pod_in_phase(core, namespace, "flaky", "Succeeded", "Failed"),
        timeout=120,
    )
    assert flaky_pod.status.phase == "Succeeded"
    (status,) = flaky_pod.status.container_statuses
    assert status.restart_count == 1
    assert status.last_state.terminated.exit_code == 4
    assert "second time lucky" in cluster.pod_log(namespace, "flaky")


def test_namespace_create_and_delete(api: Any) -> None:
    core = client.CoreV1Api(api)
    name = f"cp-ns-{uuid.uuid4().hex[:8]}"
    core.create_namespace({"metadata": {"name": name}})
    core.create_namespaced_config_map(name, {"metadata": {"name": "data"}, "data": {"k": "v"}})
    assert core.read_namespace(name).status.phase == "Active"
    core.delete_namespace(name)
    # The namespace controller empties it, then it disappears.
    wait_for(
        "the namespace to be deleted",
        lambda: not _exists(lambda: core.read_namespace(name)),
        timeout=120,
    )


WEBHOOK_SERVER = """
import http.server, json, os, ssl, tempfile
d = tempfile.mkdtemp()
for name in ("TLS_CRT", "TLS_KEY"):
    with open(os.path.join(d, name), "w") as f:
        f.write(os.environ[name])

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        review = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        request = review["request"]
        deny = (request["object"].get("data") or {}).get("verdict") == "deny"
        response = {"uid": request["uid"], "allowed": not deny}
        if deny:
            response["status"] = {"code": 403, "message": "denied by the test webhook"}
        body = json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                           "response": response}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

server = http.server.ThreadingHTTPServer(("", int(os.environ["PORT"])), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(os.path.join(d, "TLS_CRT"), os.path.join(d, "TLS_KEY"))
server.socket = ctx.wrap_socket(server.socket, server_side=True)
print("serving", flush=True)
server.serve_forever()
"""


def test_validating_webhook_behind_a_service(api: Any, namespace: str, tmp_path: Path) -> None:
    """The API server calls a webhook through clientConfig.service (a ClusterIP Service)."""
    core, admission = client.CoreV1Api(api), client.AdmissionregistrationV1Api(api)
    ca = pki.CertificateAuthority.create(tmp_path, "test-webhook-ca")
    serving = ca.issue(
        tmp_path, "webhook", "webhook", dns_names=(f"webhook.{namespace}.svc",), server=True
    )
    port = free_port()  # pods of the process node share the host's network
    core.create_namespaced_secret(
        namespace,
        {
            "metadata": {"name": "webhook-tls"},
            "stringData": {"tls.crt": serving.cert.read_text(), "tls.key": serving.key.read_text()},
        },
    )
    env = [
        {"name": "PORT", "value": str(port)},
        {
            "name": "TLS_CRT",
            "valueFrom": {"secretKeyRef": {"name": "webhook-tls", "key": "tls.crt"}},
        },
        {
            "name": "TLS_KEY",
            "valueFrom": {"secretKeyRef": {"name": "webhook-tls", "key": "tls.key"}},
        },
    ]
    ports = [{"name": "https", "containerPort": port}]
    core.create_namespaced_pod(
        namespace,
        {
            "metadata": {"name": "webhook", "labels": {"app": "webhook"}},
            "spec": {"containers": [python_container(WEBHOOK_SERVER, env=env, ports=ports)]},
        },
    )
    core.create_namespaced_service(
        namespace,
        {
            "metadata": {"name": "webhook"},
            "spec": {
                "selector": {"app": "webhook"},
                "ports": [{"port": 443, "targetPort": "https"}],
            },
        },
    )
    config_name = f"test-{namespace}"
    admission.create_validating_webhook_configuration(
        {
            "metadata": {"name": config_name},
            "webhooks": [
                {
                    "name": "verdict.test.agenttesting.dev",
                    "clientConfig": {
                        "service": {"namespace": namespace, "name": "webhook", "path": "/validate"},
                        "caBundle": base64.b64encode(ca.pair.cert.read_bytes()).decode(),
                    },
                    "rules": [
                        {
                            "apiGroups": [""],
                            "apiVersions": ["v1"],
                            "operations": ["CREATE"],
                            "resources": ["configmaps"],
                        }
                    ],
                    "namespaceSelector": {
                        "matchLabels": {"kubernetes.io/metadata.name": namespace}
                    },
                    "failurePolicy": "Fail",
                    "sideEffects": "None",
                    "admissionReviewVersions": ["v1"],
                    "timeoutSeconds": 5,
                }
            ],
        }
    )
    try:
        attempts = iter(range(1000))

        def denied() -> ApiException | None:
            # Until the API server knows the configuration, creates pass unchecked; until the
            # webhook serves, they fail (failurePolicy Fail). Both mean: not ready yet.
            body = {"metadata": {"name": f"probe-{next(attempts)}"}, "data": {"verdict": "deny"}}
            try:
                core.create_namespaced_config_map(namespace, body)
            except ApiException as e:
                if e.status == 403:
                    return e
                assert "failed calling webhook" in str(e.body), e.body
            return None

        rejection = wait_for("the webhook to deny", denied, timeout=120, interval=0.5)
        assert "denied by the test webhook" in str(rejection.body)
        core.create_namespaced_config_map(
            namespace, {"metadata": {"name": "fine"}, "data": {"verdict": "allow"}}
        )
        with pytest.raises(ApiException) as again:
            core.create_namespaced_config_map(
                namespace, {"metadata": {"name": "no"}, "data": {"verdict": "deny"}}
            )
        assert again.value.status == 403, again.value.body
    finally:
        admission.delete_validating_webhook_configuration(config_name)


def test_pod_security_admission_enforces_namespace_labels(api: Any) -> None:
    core = client.CoreV1Api(api)
    name = f"cp-psa-{uuid.uuid4().hex[:8]}"
    labels = {"pod-security.kubernetes.io/enforce": "restricted"}
    core.create_namespace({"metadata": {"name": name, "labels": labels}})
    try:
        privileged = python_container("print('never runs')", securityContext={"privileged": True})
        with pytest.raises(ApiException) as rejected:
            core.create_namespaced_pod(
                name, {"metadata": {"name": "privileged"}, "spec": {"containers": [privileged]}}
            )
        assert rejected.value.status == 403
        message = json.loads(rejected.value.body)["message"]
        assert 'violates PodSecurity "restricted:latest"' in message
        assert "privileged" in message
    finally:
        core.delete_namespace(name)

"""The operator's own endpoints on the real control plane: the secure /metrics endpoint
(TokenReview + SubjectAccessReview) and the webhook's listener behind /readyz.

Each test runs its own operator process, limited to an empty namespace so that it never
reconciles another test's sessions.
"""

from __future__ import annotations

import json
import socket
import ssl
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubehelpers import REPO, OperatorProcess, temp_namespace, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

METRICS_RBAC = REPO / "manifests" / "base" / "metrics-rbac.yaml"


@pytest.fixture
def quiet_ns(crds: Any) -> Iterator[str]:
    with temp_namespace(crds, "quiet") as namespace:
        yield namespace


def get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the operator's certificate is self-signed
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_secure_metrics_need_a_token_allowed_to_get_metrics(crds: Any, quiet_ns: str, tmp_path: Path) -> None:
    # The manifests' reader role, and two service accounts: one bound to it, one not.
    reader = next(doc for doc in yaml.safe_load_all(METRICS_RBAC.read_text()) if doc["metadata"]["name"] == "tornado-operator-metrics-reader")
    crds.kubectl("apply", "-f", "-", input=json.dumps(reader))
    for account in ("scraper", "stranger"):
        crds.kubectl("create", "serviceaccount", account, "-n", quiet_ns)
    binding = f"metrics-scraper-{uuid.uuid4().hex[:6]}"
    crds.kubectl(
        "create", "clusterrolebinding", binding, "--clusterrole=tornado-operator-metrics-reader", f"--serviceaccount={quiet_ns}:scraper"
    )
    operator = OperatorProcess(crds, tmp_path, ["--namespace", quiet_ns, "--metrics-secure"], tag="secure-metrics")
    try:
        operator.start()
        url = f"https://127.0.0.1:{operator.metrics_port}/metrics"
        tokens = {account: crds.kubectl("create", "token", account, "-n", quiet_ns).stdout.strip() for account in ("scraper", "stranger")}
        code, body = get(url, tokens["scraper"])
        assert code == 200, body
        assert "# HELP tornado_sessions " in body
        assert get(url, tokens["stranger"])[0] == 403
        assert get(url)[0] == 401
        assert get(url, "not-a-token")[0] == 401
        # Plain HTTP is not served on that port.
        with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
            urllib.request.urlopen(f"http://127.0.0.1:{operator.metrics_port}/metrics", timeout=5).read()
        assert tokens["scraper"] not in operator.logs()
    finally:
        operator.stop()
        crds.kubectl("delete", "clusterrolebinding", binding, "--ignore-not-found")


def busy_operator(crds: Any, quiet_ns: str, tmp_path: Path, port: int) -> OperatorProcess:
    return OperatorProcess(
        crds,
        tmp_path,
        ["--namespace", quiet_ns, "--webhook-port", str(port), "--webhook-url", f"https://127.0.0.1:{port}"],
        tag="busy-webhook",
    )


def readyz(operator: OperatorProcess) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{operator.health_port}/readyz", timeout=2) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except (urllib.error.URLError, OSError):
        return 0, ""


def test_webhook_on_a_busy_port_is_not_ready_then_exits_non_zero(crds: Any, quiet_ns: str, tmp_path: Path) -> None:
    """A restart onto a port an exiting process still holds: never ready, the error logged
    with every attempt, exit 1 after the bounded retries."""
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        operator = busy_operator(crds, quiet_ns, tmp_path, port)
        try:
            operator.start(wait=False)
            wait_for(lambda: f"cannot listen on 127.0.0.1:{port}" in operator.logs(), timeout=60, what="the listen error in the log")
            code, body = readyz(operator)
            assert code == 503, body
            assert f"cannot listen on 127.0.0.1:{port}" in body
            assert operator.proc is not None
            assert operator.proc.wait(timeout=90) == 1
            logs = operator.logs()
            assert "gave up after 5 attempts" in logs and "exiting:" in logs
            assert "admission webhook listening" not in logs
        finally:
            operator.stop()
            crds.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator", "--ignore-not-found")


def test_webhook_port_freed_during_the_retries_becomes_ready(crds: Any, quiet_ns: str, tmp_path: Path) -> None:
    """The other side of the limit: the port comes free while the operator retries."""
    busy = socket.create_server(("127.0.0.1", 0))
    port = busy.getsockname()[1]
    operator = busy_operator(crds, quiet_ns, tmp_path, port)
    try:
        operator.start(wait=False)
        wait_for(lambda: f"cannot listen on 127.0.0.1:{port}" in operator.logs(), timeout=60, what="the listen error in the log")
        busy.close()
        operator.wait_ready(timeout=60)
        assert "admission webhook listening on https://127.0.0.1" in operator.logs()
        assert readyz(operator)[0] == 200
    finally:
        busy.close()
        operator.stop()
        crds.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator", "--ignore-not-found")


def test_kubectl_runs_the_plugin_as_kubectl_tornado(crds: Any) -> None:
    result = crds.kubectl("tornado", "--help")
    assert result.stdout.startswith("usage: kubectl tornado ")
    assert "operator" not in result.stdout and "status" in result.stdout


"""Two operator replicas with leader election: one leads, the other takes over when it dies."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from kubehelpers import OperatorProcess, kubectl_json, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def ready(proc: OperatorProcess) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{proc.health_port}/readyz", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def test_one_leader_and_a_takeover(crds: Any, ns: str, tmp_path: Path) -> None:
    replicas = [
        OperatorProcess(crds, tmp_path, ["--leader-elect", "--namespace", "leader-test-unwatched"], env={"POD_NAMESPACE": ns, "POD_NAME": f"replica-{i}"}, tag=f"r{i}")
        for i in range(2)
    ]
    try:
        replicas[0].start()
        replicas[1].start(wait=False)
        lease = kubectl_json(crds, "get", "lease", "tornado-operator-leader", "-n", ns)
        assert lease["spec"]["holderIdentity"] == "replica-0"
        # The standby is alive but not ready: it neither reconciles nor serves the webhook.
        wait_for(lambda: replicas[1].proc is not None and replicas[1].proc.poll() is None, timeout=5, what="standby alive")
        assert not ready(replicas[1])
        replicas[0].kill()
        wait_for(lambda: ready(replicas[1]), timeout=60, what="the standby to take over")
        lease = kubectl_json(crds, "get", "lease", "tornado-operator-leader", "-n", ns)
        assert lease["spec"]["holderIdentity"] == "replica-1"
        assert lease["spec"]["leaseTransitions"] >= 1
    finally:
        for replica in replicas:
            replica.stop()

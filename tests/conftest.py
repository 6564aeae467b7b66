"""Test-suite wiring: hack/ on sys.path, the session-wide ``cluster`` fixture, cluster markers.

``cluster`` is a real control plane started once per test session (``devcluster.ControlPlane``:
etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the process node agent,
built by ``make k8s-bins``), or, with ``--kubeconfig PATH`` or ``KUBECONFIG_EXTERNAL=PATH``,
an existing cluster (kind, ``make cluster-up``) that the fixture only connects to.
Tests under tests/integration and tests/e2e are marked ``cluster`` automatically.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HACK = REPO / "hack"
if str(HACK) not in sys.path:
    sys.path.insert(0, str(HACK))

from devcluster import ControlPlane, ExternalCluster, KubeClusterBase  # noqa: E402
from devcluster.controlplane import stop_from_state  # noqa: E402
from devcluster.procs import pid_alive  # noqa: E402

CLUSTER_DIRS = {"integration": ("cluster",), "e2e": ("cluster", "e2e")}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--kubeconfig",
        default=None,
        help="run the cluster tests against this kubeconfig instead of starting the local "
        "control plane (same as KUBECONFIG_EXTERNAL=PATH)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests_dir = REPO / "tests"
    for item in items:
        try:
            top = item.path.relative_to(tests_dir).parts[0]
        except ValueError:
            continue
        for marker in CLUSTER_DIRS.get(top, ()):
            item.add_marker(getattr(pytest.mark, marker))


def _prune_stale_state(root: Path) -> None:
    """Remove the state of earlier test sessions that are gone (and anything they left)."""
    for d in root.glob("pytest-*"):
        try:
            pid = int(d.name.split("-", 1)[1])
        except ValueError:
            continue
        if pid != os.getpid() and not pid_alive(pid):
            stop_from_state(d)
            shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster(request: pytest.FixtureRequest) -> Iterator[KubeClusterBase]:
    """The Kubernetes cluster under test: ``.kubeconfig``, ``.server``, ``.env()``, ``.kubectl()``."""
    external = request.config.getoption("--kubeconfig") or os.environ.get("KUBECONFIG_EXTERNAL")
    if external:
        yield ExternalCluster(external)
        return
    root = REPO / ".cluster"
    _prune_stale_state(root)
    # One directory per session: several test sessions may share a work tree. Logs stay
    # there after the session (the etcd data does not); the next session prunes them.
    with ControlPlane(root / f"pytest-{os.getpid()}") as cp:
        yield cp

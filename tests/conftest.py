"""Test-suite wiring: hack/ on sys.path, the session-wide ``cluster`` fixture, cluster markers.

``cluster`` is a real control plane started once per test session (``devcluster.ControlPlane``:
etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the process node agent,
built by ``make k8s-bins``), or, with ``--kubeconfig PATH`` or ``KUBECONFIG_EXTERNAL=PATH``,
an existing cluster (``make cluster-up``, any other) that the fixture only connects to, or,
with ``--cluster=kind`` (``make test-kind``), a kind cluster made by pytest-kind-ng's
``kind_cluster`` fixture with the project's image and operator installed (devcluster.kind).
Tests under tests/integration and tests/e2e are marked ``cluster`` automatically.
"""

from __future__ import annotations

import contextlib
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
        "--cluster",
        choices=("local", "kind"),
        default="local",
        help="local: the control plane built from hack/ (default); kind: a kind cluster made "
        "by pytest-kind-ng, the image built and loaded, the operator installed from manifests/ "
        "(needs Docker and kind; `make test-kind`)",
    )
    with contextlib.suppress(ValueError):  # pytest-kind-ng registers --kubeconfig itself
        parser.addoption(
            "--kubeconfig",
            default=None,
            help="run the cluster tests against this kubeconfig instead of starting the local "
            "control plane (same as KUBECONFIG_EXTERNAL=PATH); with --cluster=kind, where kind "
            "writes its kubeconfig",
        )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--cluster") != "kind":
        return
    # Stop at once, in one line, when kind cannot run here (never a green run of nothing).
    from devcluster import kind_preflight

    if not config.pluginmanager.hasplugin("pytest-kind-ng"):
        pytest.exit("--cluster=kind needs pytest-kind-ng: pip install -e '.[kind]'", returncode=2)
    problems = kind_preflight.missing(kind_bin=config.getoption("kind_bin"))
    if problems:
        pytest.exit(kind_preflight.reason_line(problems, "--cluster=kind"), returncode=2)
    from devcluster import kind

    kind.fill_plugin_options(
        config.option, lambda name: shutil.which(os.environ.get("KIND", name) if name == "kind" else name), HACK / "bin" / "kubectl"
    )
    if not config.option.kind_kubectl_bin:
        pytest.exit("--cluster=kind: no kubectl (make k8s-bins, or --kind-kubectl-bin PATH)", returncode=2)
    # Pods of the control-plane tests run the image the kind run builds and loads.
    os.environ.setdefault("DEVCLUSTER_TEST_IMAGE", kind.image_tag())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests_dir = REPO / "tests"
    for item in items:
        try:
            top = item.path.relative_to(tests_dir).parts[0]
        except ValueError:
            continue
        for marker in CLUSTER_DIRS.get(top, ()):
            item.add_marker(getattr(pytest.mark, marker))
    # The e2e operator (a session fixture) watches every namespace until the session ends: a
    # cluster test collected after its first use would share the cluster with it (it snapshots
    # any Pathway it sees). The e2e tests run last, so nothing else ever runs beside it.
    items.sort(key=lambda item: _top(item, tests_dir) == "e2e")


def _top(item: pytest.Item, tests_dir: Path) -> str:
    try:
        return item.path.relative_to(tests_dir).parts[0]
    except ValueError:
        return ""


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
    if request.config.getoption("--cluster") == "kind":
        from devcluster import kind

        # pytest-kind-ng's fixture: creates the cluster, deletes it at the end unless --keep-cluster.
        kind_cluster = request.getfixturevalue("kind_cluster")
        yield kind.prepare(kind_cluster, keep_cluster=bool(request.config.getoption("keep_cluster")))
        return
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

"""End-to-end fixtures: CRDs installed, the operator running as a real process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kubehelpers import OperatorProcess, install_crds, temp_namespace


@pytest.fixture(scope="session")
def crds(cluster: Any) -> Any:
    install_crds(cluster)
    return cluster


@pytest.fixture(scope="session")
def operator(crds: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OperatorProcess]:
    if getattr(crds, "kind", None) is not None:
        # On kind the operator under test is the one installed from manifests/ (devcluster.kind).
        from devcluster.kind import InClusterOperator

        in_cluster = InClusterOperator(crds)
        in_cluster.start()
        yield in_cluster  # type: ignore[misc]
        return
    proc = OperatorProcess(crds, tmp_path_factory.mktemp("operator"), runner_image="tornado-operator:test")
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def ns(crds: Any, request: pytest.FixtureRequest) -> Iterator[str]:
    with temp_namespace(crds, "e2e") as namespace:
        yield namespace


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[Any]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        proc = item.funcargs.get("operator") if hasattr(item, "funcargs") else None
        if isinstance(proc, OperatorProcess):
            report.sections.append(("operator log (tail)", proc.logs()[-6000:]))

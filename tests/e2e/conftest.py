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
    proc = OperatorProcess(crds, tmp_path_factory.mktemp("operator"))
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

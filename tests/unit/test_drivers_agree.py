"""`tornado run` and the operator's path (reconciler + the iteration Job's code) agree on the same
inputs: the scenarios selected, every iteration's outcome and fix plan, and the forked
PathwayVersion manifests field by field (only the session's own ids differ)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fake_kube import FakeClock, FakeKube
from tornado_operator.api.labels import LABEL_SESSION_UID
from tornado_operator.api.manifests import load_manifests
from tornado_operator.controller import names
from tornado_operator.controller.jobs import RunnerDefaults
from tornado_operator.controller.sessions import SessionReconciler
from tornado_operator.drivers.job import run_iteration_job
from tornado_operator.drivers.local import LocalRun, run_local

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NS = "team"
SESSION_FIELDS = ("sessionId", "sessionName")  # the session's own identity differs between the two runs


def run_both(example: str) -> tuple[LocalRun, FakeKube, str]:
    manifests = load_manifests([EXAMPLES / example])
    pathway = manifests.of_kind("Pathway")[0].obj
    scenarios = [doc.obj for doc in manifests.of_kind("TestScenario")]
    session = manifests.of_kind("TornadoSession")[0].obj
    local = run_local(session=session, scenarios=scenarios, pathway=pathway)

    clock = FakeClock()
    kube = FakeKube(clock)
    kube.put_object("pathways", NS, pathway.wire())
    for scenario in scenarios:
        kube.put_object("testscenarios", NS, scenario.wire())
    name = session.metadata.name
    kube.create("tornadosessions", NS, session.wire())
    reconciler = SessionReconciler(kube, RunnerDefaults(image="tornado:test"), clock=clock.timestamp)
    for _round in range(50):
        if reconciler.reconcile(NS, name).finished:
            return local, kube, name
        iteration = (kube.get("tornadosessions", NS, name) or {})["status"]["currentIteration"]
        job = kube.get_job(NS, names.job_name(name, iteration))
        if job is not None and not (job.get("status") or {}).get("conditions"):
            run_iteration_job(NS, name, iteration, kube=kube)  # what the Job's pod runs
            kube.set_job_status(NS, names.job_name(name, iteration), {"conditions": [{"type": "Complete", "status": "True"}]})
        clock.advance(1)
    raise AssertionError("the operator's path did not finish")


def without_session_ids(spec: dict[str, Any]) -> dict[str, Any]:
    provenance = {k: v for k, v in spec["provenance"].items() if k not in SESSION_FIELDS}
    return {**spec, "provenance": provenance}


@pytest.mark.parametrize("example", ["support-line", "unfixable"])
def test_tornado_run_and_the_operator_path_agree(example: str) -> None:
    local, kube, name = run_both(example)
    status = (kube.get("tornadosessions", NS, name) or {})["status"]
    assert status["scenarioIds"] == local.scenario_ids
    assert status["phase"] == local.phase.value
    assert status["reason"] == local.session.status.reason
    operator_iterations = status["iterations"]
    assert len(operator_iterations) == len(local.iterations)
    for mine, theirs in zip(local.iterations, operator_iterations, strict=True):
        record = mine.record.wire()
        for key in ("passedIds", "failedIds", "newlyUnfixableIds", "fixPlan", "versionTested", "forkedVersion", "rootCauses"):
            assert record.get(key) == theirs.get(key), key
    assert [v.spec.version_number for v in local.versions] == [it["forkedVersion"] for it in operator_iterations if it.get("forkedVersion")]
    for version in local.versions:
        stored = kube.get("pathwayversions", NS, version.metadata.name)
        assert stored is not None
        written = version.wire()
        assert without_session_ids(written["spec"]) == without_session_ids(stored["spec"])
        labels = dict(written["metadata"]["labels"])
        stored_labels = dict(stored["metadata"]["labels"])
        assert labels.pop(LABEL_SESSION_UID) and stored_labels.pop(LABEL_SESSION_UID)
        assert labels == stored_labels

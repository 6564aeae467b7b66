"""A scripted stand-in for the iteration pod and a driver that runs a session to its end,
both on tests/fake_kube.py: what the fast reconciler tests need around SessionReconciler.

The runner does the pod's writes in the pod's order (the forked PathwayVersion, then the
result ConfigMap, then the Job controller marks the Job complete); each write can be the
one a crash interrupts, and a retried pod finds its own version by provenance.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kubernetes.client.exceptions import ApiException

from fake_kube import Crash, FakeClock, FakeKube
from tornado_operator.api.pathway import PathwayVersionSpec, Provenance, version_name
from tornado_operator.controller import names
from tornado_operator.controller.jobs import RunnerDefaults
from tornado_operator.controller.sessions import ReconcileResult, SessionReconciler
from tornado_operator.controller.versions import create_version

NS = "team"
PATHWAY = "support"

PATHWAY_SPEC: dict[str, Any] = {"nodes": [{"id": "start", "name": "Start", "isStart": True, "text": "Hi"}]}


def scenario_spec(pathway: str = PATHWAY, **extra: Any) -> dict[str, Any]:
    return {"name": "s", "pathwayId": pathway, "scenarioType": "REPLAY", "inputMessages": ["hi"], **extra}


@dataclass
class Step:
    """What iteration N's pod reports: `phase` None continues the loop with a fork."""

    failed: list[str] = field(default_factory=list)
    phase: str | None = None
    reason: str = ""
    job_failure: str | None = None  # the pod fails with this termination message
    write_result: bool = True


def continue_with(*failed: str) -> Step:
    return Step(failed=list(failed))


def ends(phase: str, *failed: str, reason: str = "") -> Step:
    return Step(failed=list(failed), phase=phase, reason=reason or phase.title())


class World:
    """One namespace with a Pathway, its scenarios and sessions, in a FakeKube."""

    def __init__(self, scenarios: tuple[str, ...] = ("a", "b")) -> None:
        self.clock = FakeClock()
        self.kube = FakeKube(self.clock)
        self.pathway = self.kube.put_object(
            "pathways", NS, {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "Pathway", "metadata": {"name": PATHWAY}, "spec": PATHWAY_SPEC}
        )
        for name in scenarios:
            self.kube.put_object("testscenarios", NS, {"metadata": {"name": name}, "spec": scenario_spec()})

    def reconciler(self) -> SessionReconciler:
        return SessionReconciler(self.kube, RunnerDefaults(image="tornado:test"), clock=self.clock.timestamp)

    def create_session(self, name: str = "fix-it", **spec: Any) -> dict[str, Any]:
        body = {
            "apiVersion": "agenttesting.dev/v1alpha1",
            "kind": "TornadoSession",
            "metadata": {"name": name},
            "spec": {"pathwayId": PATHWAY, "maxIterations": 5, "timeoutMs": 600_000, **spec},
        }
        return self.kube.create("tornadosessions", NS, body)

    def session(self, name: str = "fix-it") -> dict[str, Any]:
        found = self.kube.get("tornadosessions", NS, name)
        assert found is not None, f"session {name} is gone"
        return found

    def status(self, name: str = "fix-it") -> dict[str, Any]:
        return self.session(name).get("status") or {}

    # --- the iteration pod ---

    def run_pod(self, session_name: str, iteration: int, step: Step) -> None:
        kube = self.kube
        session = self.session(session_name)
        status = session["status"]
        job = names.job_name(session_name, iteration)
        if step.job_failure is not None:
            kube.put_object(
                "pods",
                NS,
                {
                    "metadata": {"name": f"{job}-pod", "labels": {"batch.kubernetes.io/job-name": job}},
                    "status": {
                        "containerStatuses": [
                            {"name": "iteration", "state": {"terminated": {"exitCode": 1, "message": step.job_failure, "finishedAt": self.clock.timestamp()}}}
                        ]
                    },
                },
            )
            kube.set_job_status(NS, job, {"conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}]})
            return
        tested = status["currentVersion"]
        scenario_ids = status["scenarioIds"]
        forked = None
        if step.phase is None:
            version = kube.get("pathwayversions", NS, version_name(PATHWAY, tested))
            assert version is not None
            pathway = kube.get("pathways", NS, PATHWAY)
            assert pathway is not None
            forked = create_version(
                kube,
                NS,
                pathway=pathway,
                graph=PathwayVersionSpec.model_validate(version["spec"]).graph(),
                parent=tested,
                provenance=Provenance(source="tornado-fix", session_name=session_name, session_id=session["metadata"]["uid"], iteration=iteration, fix_ids=["fix-001"]),
            )
        if step.write_result:
            now = self.clock.timestamp()
            record = {
                "iteration": iteration,
                "batchId": f"batch-{iteration}",
                "startedAt": now,
                "completedAt": now,
                "passedIds": [s for s in scenario_ids if s not in step.failed],
                "failedIds": list(step.failed),
                "fixPlan": {"fixes": [], "priorityOrder": []},
                "versionTested": tested,
                "forkedVersion": forked,
            }
            result = {"record": record, "phase": step.phase, "reason": step.reason, "message": f"ended {step.phase}" if step.phase else "", "unfixableIds": []}
            kube.put_configmap(
                NS,
                {
                    "metadata": {
                        "name": names.result_name(session_name, iteration),
                        "ownerReferences": [{"kind": "TornadoSession", "name": session_name, "uid": session["metadata"]["uid"]}],
                    },
                    "data": {names.RESULT_KEY: json.dumps(result)},
                },
            )
        kube.set_job_status(NS, job, {"conditions": [{"type": "Complete", "status": "True"}]})

    # --- the operator's worker loop, in one thread ---

    def drive(
        self,
        steps: list[Step],
        name: str = "fix-it",
        *,
        reconciler: Callable[[], SessionReconciler] | None = None,
        max_rounds: int = 200,
        between: Callable[[World], None] | None = None,
    ) -> tuple[ReconcileResult, int]:
        """Reconcile and run pods until the session ends; a Crash (or an API error) restarts
        the operator (a fresh reconciler) or the pod, as Kubernetes would. Returns the final
        outcome and how many restarts there were."""
        make = reconciler or self.reconciler
        current = make()
        restarts = 0
        for _round in range(max_rounds):
            try:
                outcome = current.reconcile(NS, name)
            except (Crash, ApiException):
                current, restarts = make(), restarts + 1
                continue
            if outcome.finished:
                return outcome, restarts
            status = self.status(name)
            iteration = status.get("currentIteration") or 0
            job = self.kube.get_job(NS, names.job_name(name, iteration)) if iteration else None
            if job is not None and not (job.get("status") or {}).get("conditions"):
                try:
                    self.run_pod(name, iteration, steps[iteration - 1])
                except Crash:
                    restarts += 1  # the pod died: the Job runs it again
            if between is not None:
                between(self)
            self.clock.advance(1)
        raise AssertionError(f"session did not finish in {max_rounds} rounds: {self.status(name)}")

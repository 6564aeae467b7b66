"""Reconcile one TornadoSession: read the world, let loop/ decide, write the result.

Level-triggered and idempotent: every call looks at the session's status and its
deterministically named children (Job `<session>-it<N>`, ConfigMap `<session>-it<N>-result`)
and does the one next step. Status is written before the next Job is created, so an
operator killed between the two finds status saying "iteration N+1" and no Job, and
creates it; killed before the status write, it finds Job N complete and records it again
(record_iteration replaces an iteration it already has).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import urllib3
from kubernetes.client.exceptions import ApiException
from pydantic import ValidationError

from tornado_operator import metrics
from tornado_operator.api.base import now_timestamp, parse_timestamp
from tornado_operator.api.errors import first_error
from tornado_operator.api.pathway import (
    PathwaySpec,
    PathwayStatus,
    PathwayVersionSpec,
    Provenance,
    version_name,
)
from tornado_operator.api.redact import redact, redact_value
from tornado_operator.api.results import IterationOutcome
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import Phase, TornadoSession, TornadoSessionStatus
from tornado_operator.controller import locks, names, rbac
from tornado_operator.controller.jobs import (
    OVERRIDE_HELP,
    RunnerDefaults,
    iteration_job,
    job_state,
    owner_reference,
    result_configmap,
    session_labels,
)
from tornado_operator.controller.kube import Kube, api_message
from tornado_operator.controller.promotion import promote_finished_session
from tornado_operator.controller.versions import create_version, latest_number, list_versions
from tornado_operator.loop.budget import next_iteration_stop, session_limit, with_iteration
from tornado_operator.loop.decide import interrupt
from tornado_operator.loop.promotion import default_start_version
from tornado_operator.loop.references import check_session_scenarios
from tornado_operator.loop.selection import SelectionError, held_out, select_scenarios
from tornado_operator.loop.status import elapsed_ms, finish, record_iteration, start_status

log = logging.getLogger(__name__)

PLURAL = "tornadosessions"
RESYNC_SECONDS = 30.0
RESYNC_JITTER = 0.75  # a running worker looks again after 22.5-30 s when nothing woke it
# ... or less often with many running: all running sessions' resyncs together stay under about
# this many reconciles per second (each ~4 ms of CPU: at 1,000 running sessions every 30 s
# they were a constant ~13 % of a core; watch events, not the resync, drive the progress).
RESYNC_PER_SECOND = 20.0


def resync_seconds(running: int) -> float:
    """The resync period for `running` live workers: RESYNC_SECONDS, or longer in proportion."""
    return max(RESYNC_SECONDS, running / RESYNC_PER_SECOND)


@dataclass
class ReconcileResult:
    """What a reconcile did, for the kopf layer: events to post and when to look again."""

    events: list[tuple[str, str, str]] = field(default_factory=list)  # (type, reason, message)
    requeue_after: float | None = RESYNC_SECONDS
    finished: bool = False
    phase: Phase | None = None
    session: dict[str, Any] | None = None  # the object as last written (for events)
    # resourceVersions of the step's earlier writes of the session (its label patch before its
    # status write): their watch events are its own writes coming back, no news either.
    earlier_writes: list[str] = field(default_factory=list)
    # Whether `session` is the object as it is now, as far as this step knows (False after a
    # transient error: a 409 says it is not), so the next step may start from it.
    current: bool = True

    def event(self, reason: str, message: str, *, warning: bool = False) -> None:
        self.events.append(("Warning" if warning else "Normal", reason, redact(message)))


@dataclass(frozen=True)
class PathwaySeen:
    """What the operator's watch of Pathways last saw of one: enough for a transition, which
    then needs no read of the Pathway (a large object: its graph)."""

    resource_version: str
    latest_version: int


def _nothing_seen(namespace: str, name: str) -> PathwaySeen | None:
    return None


class SessionError(Exception):
    """Bad input that ends the session ERROR with a reason and an actionable message."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def termination_message(pods: list[dict[str, Any]]) -> str:
    """The newest failed container's termination message (or reason) of a Job's pods."""
    messages: list[tuple[str, str]] = []
    for pod in pods:
        for container in (pod.get("status") or {}).get("containerStatuses") or []:
            terminated = (container.get("state") or {}).get("terminated") or (
                container.get("lastState") or {}
            ).get("terminated")
            if terminated and terminated.get("exitCode", 0) != 0:
                text = (terminated.get("message") or "").strip() or _exit_text(container.get("name"), terminated)
                messages.append((str(terminated.get("finishedAt") or ""), text))
    if not messages:
        return ""
    return sorted(messages)[-1][1][-2000:]


def _exit_text(container: Any, terminated: dict[str, Any]) -> str:
    """What a container's end says when it wrote no message: killed, out of memory, or an exit code."""
    code, reason = terminated.get("exitCode"), terminated.get("reason") or "Error"
    if reason == "OOMKilled":
        return f"container {container} was killed for using more memory than its limit (OOMKilled, exit {code}); raise spec.runner.resources.limits.memory"
    if code == 137 or terminated.get("signal") == 9:
        return f"container {container} was killed (SIGKILL, exit {code}, {reason})"
    if code == 143 or terminated.get("signal") == 15:
        return f"container {container} was terminated (SIGTERM, exit {code}, {reason})"
    return f"container {container} exited {code} ({reason})"


def is_transient(exc: BaseException) -> bool:
    """An error worth retrying: the API server was unreachable, overloaded, or a write raced
    (409 on a status PUT). A 4xx rejection of what we sent is permanent."""
    if isinstance(exc, ApiException):
        return exc.status is None or exc.status in (0, 408, 409, 429) or exc.status >= 500 or exc.status == 403
    return isinstance(exc, OSError | urllib3.exceptions.HTTPError)


class SessionReconciler:
    def __init__(
        self,
        kube: Kube,
        defaults: RunnerDefaults | None = None,
        clock: Callable[[], str] = now_timestamp,
    ) -> None:
        self.kube = kube
        self.defaults = defaults or RunnerDefaults()
        self.resync = RESYNC_SECONDS  # the operator sets resync_seconds(its running workers)
        self.clock = clock
        # The Pathway watch's view (controller/handlers.py sets it): None, not seen (yet), reads it.
        self.pathways_seen: Callable[[str, str], PathwaySeen | None] = _nothing_seen
        # Per session uid: consecutive transient failures and the last one's message (the
        # worker of a session runs its steps one at a time, so no lock is needed).
        self._errors: dict[str, tuple[int, str]] = {}

    def _now(self) -> datetime:
        return parse_timestamp(self.clock())

    # --- entry point ---

    def reconcile(
        self, namespace: str, name: str, *, finished_job: dict[str, Any] | None = None, known: dict[str, Any] | None = None
    ) -> ReconcileResult:
        """One step. `finished_job`: a complete or failed Job the watch delivered (final: used
        instead of reading the current iteration's Job when it is that Job). `known`: the
        session as the previous step left it, when nothing else has written it since (it is
        not read again; were it stale after all, its status write fails 409 and the step is
        retried from a read)."""
        raw = known if known is not None else self.kube.get(PLURAL, namespace, name)
        if raw is None:
            return ReconcileResult(finished=True, requeue_after=None)
        outcome = ReconcileResult(session=raw)
        try:
            session = TornadoSession.model_validate(raw)
        except ValidationError as exc:
            self._write_raw_error(raw, "InvalidSpec", first_error(exc), outcome)
            return outcome
        phase = session.status.phase
        if phase is not None and phase.terminal:
            # Finished earlier; make sure its locks went with it (an operator killed between
            # the final status write and the release leaves them behind).
            locks.release_all(self.kube, namespace, self._keys(session), session.metadata.uid or "")
            generation = session.metadata.generation
            if generation is not None and session.status.observed_generation != generation:
                # A spec change after the end (say, cancel: true) changes nothing, but
                # kstatus, Argo CD and Flux wait for observedGeneration to catch up.
                status = session.status.model_copy(
                    update={
                        "observed_generation": generation,
                        "conditions": [c.model_copy(update={"observed_generation": generation}) for c in session.status.conditions],
                    }
                )
                outcome.session = self._write_status(raw, status)
            outcome.finished, outcome.phase, outcome.requeue_after = True, phase, None
            return outcome
        uid = session.metadata.uid or ""
        try:
            if phase is None:
                self._start(session, raw, outcome)
            else:
                self._advance(session, raw, outcome, finished_job)
        except SessionError as exc:
            # A step may have written status before it failed: finish on top of that write.
            latest = outcome.session or raw
            if latest is not raw:
                session = TornadoSession.model_validate(latest)
            self._finish(session, latest, Phase.ERROR, exc.reason, exc.message, outcome)
        except Exception as exc:
            if not is_transient(exc):
                raise
            return self._retry_later(session, exc, outcome)
        self._errors.pop(uid, None)
        return outcome

    def _retry_later(self, session: TornadoSession, exc: BaseException, outcome: ReconcileResult) -> ReconcileResult:
        """Back off after a transient error, but never past the session's deadline: the
        TIMEOUT lands on time and says what kept failing."""
        uid = session.metadata.uid or ""
        failures = self._errors.get(uid, (0, ""))[0] + 1
        message = api_message(exc)
        self._errors[uid] = (failures, message)
        delay = min(RESYNC_SECONDS, 0.5 * 2**failures)
        status = session.status
        if status.created_at is not None:
            elapsed = elapsed_ms(status.created_at, self.clock())
            delay = min(delay, self._until_deadline(elapsed, status.timeout_ms or session.spec.timeout_ms))
        log.warning(
            "session %s/%s: %s; retrying in %.1fs", session.metadata.namespace, session.metadata.name, message, delay
        )
        if failures == 1:
            outcome.event("Retrying", f"transient error, retrying: {message}", warning=True)
        outcome.requeue_after = delay
        outcome.current = False
        return outcome

    def last_error(self, uid: str) -> str | None:
        found = self._errors.get(uid)
        return found[1] if found else None

    # --- steps ---

    def _keys(self, session: TornadoSession) -> list[locks.LockKey]:
        return locks.lock_keys(session.spec.pathway_id, session.spec.persona_id)

    def _start(self, session: TornadoSession, raw: dict[str, Any], outcome: ReconcileResult) -> None:
        namespace = session.metadata.namespace or "default"
        spec = session.spec
        now = self.clock()
        if spec.cancel:
            self._finish(session, raw, Phase.CANCELLED, "Cancelled", "spec.cancel was set before the session started", outcome)
            return
        pathway = self.kube.get("pathways", namespace, spec.pathway_id)
        if pathway is None:
            raise SessionError("PathwayNotFound", f'spec.pathwayId: Pathway "{spec.pathway_id}" not found in namespace "{namespace}"')
        holder = locks.Holder(uid=session.metadata.uid or "", name=session.metadata.name)
        result, key = locks.acquire_all(self.kube, namespace, self._keys(session), holder, clock=self._now)
        if not result.acquired:
            assert key is not None
            if result.pending:
                outcome.requeue_after = 2.0  # the holder's create is in flight; look again shortly
                return
            self._finish(session, raw, Phase.ERROR, "Conflict", result.conflict_message(key), outcome, release=False)
            return
        overrides = self.defaults.unapproved_overrides(spec)
        if overrides and not locks.override_approved(self.kube, namespace, self._keys(session)[0], holder.uid):
            # Fail closed: without the webhook's approval (bypassed, or its lock lost) nobody
            # vouched that the creator may choose what the iteration pods run.
            raise SessionError("RunnerOverrideDenied", f"{overrides[0]}: {OVERRIDE_HELP}")
        found = self._scenarios(namespace, spec.scenario_ids, spec.pathway_id, spec.persona_id)
        try:
            scenario_ids = select_scenarios(spec.scenario_ids, spec.pathway_id, spec.persona_id, found)
        except SelectionError as exc:
            raise SessionError(exc.reason, exc.message) from None
        start_version = self._start_version(namespace, session, pathway)
        self._check_references(namespace, spec.pathway_id, start_version, [(sid, found[sid]) for sid in scenario_ids])
        self.kube.ensure_runner_identity(namespace, rbac.runner_identity(session, owner_reference(session)))
        status = start_status(
            spec,
            session_id=session.metadata.uid or "",
            scenario_ids=scenario_ids,
            start_version=start_version,
            now=now,
            generation=session.metadata.generation,
            held_out_ids=held_out(scenario_ids, found),
        )
        status = status.model_copy(update={"active_job": names.job_name(session.metadata.name, 1)})
        labels = session_labels(session)
        if any(session.metadata.labels.get(k) != v for k, v in labels.items()):
            raw = self.kube.patch(PLURAL, namespace, session.metadata.name, {"metadata": {"labels": labels}})
            outcome.earlier_writes.append(str((raw.get("metadata") or {}).get("resourceVersion") or ""))
        written = self._write_status(raw, status)
        outcome.session = written
        outcome.phase = Phase.RUNNING
        outcome.event("Started", status.message or "")
        self._create_job(session, status, 1, outcome)

    def _scenarios(
        self, namespace: str, ids: list[str] | None, pathway_id: str, persona_id: str | None
    ) -> dict[str, TestScenarioSpec]:
        """The scenarios select_scenarios chooses from: the listed ones, else those of the pathway
        and (persona-only scenarios) of the persona."""
        found: dict[str, TestScenarioSpec] = {}
        if ids is not None:
            items = [item for item in (self.kube.get("testscenarios", namespace, i) for i in ids) if item is not None]
        else:
            items = self.kube.list_objects("testscenarios", namespace, fields=f"spec.pathwayId={pathway_id}")
            if persona_id:
                items += self.kube.list_objects("testscenarios", namespace, fields=f"spec.personaId={persona_id}")
        for item in items:
            name = item["metadata"]["name"]
            try:
                found[name] = TestScenarioSpec.model_validate(item.get("spec") or {})
            except ValidationError as exc:
                raise SessionError("InvalidScenario", first_error(exc, f'TestScenario "{name}": spec.')) from None
        return found

    def _check_references(
        self, namespace: str, pathway_id: str, number: int, scenarios: list[tuple[str, TestScenarioSpec]]
    ) -> None:
        """The chosen scenarios name only what the version they test has (loop/references.py),
        else the session ends ERROR InvalidScenario, never a silent STUCK."""
        version = self.kube.get("pathwayversions", namespace, version_name(pathway_id, number))
        if version is None:
            return  # cannot happen after _start_version; the Job reports a missing version
        try:
            graph = PathwayVersionSpec.model_validate(version.get("spec") or {}).graph()
        except ValidationError as exc:
            raise SessionError("InvalidPathway", first_error(exc, f'PathwayVersion "{version_name(pathway_id, number)}": spec.')) from None
        try:
            check_session_scenarios(graph, pathway_id, scenarios)
        except SelectionError as exc:
            raise SessionError(exc.reason, exc.message) from None

    def _start_version(self, namespace: str, session: TornadoSession, pathway: dict[str, Any]) -> int:
        spec = session.spec
        if spec.version_number is not None:
            if self.kube.get("pathwayversions", namespace, version_name(spec.pathway_id, spec.version_number)) is None:
                raise SessionError(
                    "VersionNotFound",
                    f'spec.versionNumber: PathwayVersion "{version_name(spec.pathway_id, spec.version_number)}" not found',
                )
            return spec.version_number
        # Promotion (loop/promotion.py): the live version, else the current spec's version.
        existing = {int(v["spec"]["versionNumber"]) for v in list_versions(self.kube, namespace, spec.pathway_id)}
        status = PathwayStatus.model_validate(pathway.get("status") or {})
        chosen = default_start_version(status, pathway["metadata"].get("generation"), existing)
        # None: the current spec has no version yet (created a moment ago, or an operator died
        # between the version and the Pathway's status): snapshot it now.
        return chosen if chosen is not None else snapshot_pathway(self.kube, namespace, pathway)

    def _advance(
        self, session: TornadoSession, raw: dict[str, Any], outcome: ReconcileResult, finished_job: dict[str, Any] | None = None
    ) -> None:
        namespace = session.metadata.namespace or "default"
        status = session.status
        now = self.clock()
        elapsed = elapsed_ms(status.created_at, now)
        timeout_ms = status.timeout_ms or session.spec.timeout_ms
        iteration = status.current_iteration
        job = names.job_name(session.metadata.name, iteration)
        stop = interrupt(cancel=session.spec.cancel, elapsed_ms=elapsed, timeout_ms=timeout_ms)
        if stop is not None:
            self.kube.delete_job(namespace, job)
            phase, reason, message = stop
            last = self.last_error(session.metadata.uid or "")
            if phase is Phase.TIMEOUT and last:
                message += f"; last error: {last}"
            self._finish(session, raw, phase, reason, message, outcome)
            return
        # Seen by the watch: it exists (a deletion not yet seen is one that happened a moment
        # after a read would have been made; its DELETED event wakes this worker again).
        seen = self.pathways_seen(namespace, session.spec.pathway_id)
        pathway = None if seen is not None else self.kube.get("pathways", namespace, session.spec.pathway_id)
        if seen is None and pathway is None:
            self.kube.delete_job(namespace, job)
            raise SessionError(
                "PathwayDeleted",
                f'spec.pathwayId: Pathway "{session.spec.pathway_id}" was deleted while the session ran',
            )
        known = finished_job is not None and (finished_job.get("metadata") or {}).get("name") == job and job_state(finished_job)[0] != "running"
        job_obj = finished_job if known else self.kube.get_job(namespace, job)
        if job_obj is None:
            self._create_job(session, status, iteration, outcome)  # sets the requeue to the deadline
            return
        state, reason = job_state(job_obj)
        if state == "running":
            outcome.requeue_after = self._until_deadline(elapsed, timeout_ms)
            return
        if state == "failed":
            message = termination_message(self.kube.job_pods(namespace, job))
            if reason == "DeadlineExceeded" and elapsed >= timeout_ms - 1000:
                self._finish(session, raw, Phase.TIMEOUT, "Timeout", f"iteration {iteration} ran past timeoutMs {timeout_ms}", outcome)
                return
            detail = f"iteration Job {job} failed ({reason})" + (f": {message}" if message else "")
            metrics.job_failed(reason)
            outcome.event("IterationFailed", detail, warning=True)
            self._finish(session, raw, Phase.ERROR, "JobFailed", detail, outcome)
            return
        job_created = (job_obj.get("metadata") or {}).get("creationTimestamp")
        self._record(session, raw, iteration, job, outcome, job_created=job_created, pathway=pathway, seen=seen)

    def _record(
        self,
        session: TornadoSession,
        raw: dict[str, Any],
        iteration: int,
        job: str,
        outcome: ReconcileResult,
        *,
        job_created: str | None = None,
        pathway: dict[str, Any] | None = None,
        seen: PathwaySeen | None = None,
    ) -> None:
        namespace = session.metadata.namespace or "default"
        config_map = self.kube.get_configmap(namespace, names.result_name(session.metadata.name, iteration))
        data = (config_map or {}).get("data") or {}
        if names.RESULT_KEY not in data:
            raise SessionError("ResultMissing", f"iteration Job {job} completed without writing its result ConfigMap")
        try:
            result = IterationOutcome.model_validate_json(data[names.RESULT_KEY])
        except ValidationError as exc:
            raise SessionError("ResultInvalid", first_error(exc, f"iteration {iteration} result: ")) from None
        record = result.record.model_copy(update={"job_name": job})
        if record.iteration != iteration:
            raise SessionError("ResultInvalid", f"result ConfigMap of iteration {iteration} holds iteration {record.iteration}")
        now = self.clock()
        phase, reason, message = result.phase, result.reason, result.message
        if phase is None:  # out of tokens before the next iteration? (the same rule as tornado run)
            usage = with_iteration(session.status.llm_usage, result.usage)
            stop = next_iteration_stop(session_limit(session.spec), usage)
            if stop is not None:
                phase, reason, message = stop
        status = record_iteration(
            session.status,
            record,
            unfixable_ids=result.unfixable_ids,
            phase=phase,
            reason=reason,
            message=message,
            next_version=record.forked_version,
            now=now,
            generation=session.metadata.generation,
            usage=result.usage,
        )
        # Job created -> result recorded, as the metric's HELP says (not the in-process time).
        duration = (parse_timestamp(now) - parse_timestamp(job_created)).total_seconds() if job_created else None
        metrics.iteration_finished(
            (result.phase.value if result.phase else "continued"),
            duration_seconds=duration,
            passed=len(record.passed_ids),
            failed=len(record.failed_ids),
        )
        outcome.event(
            "IterationCompleted",
            f"iteration {iteration}: {len(record.passed_ids)} passed, {len(record.failed_ids)} failed"
            + (f", forked version {record.forked_version}" if record.forked_version else ""),
        )
        if status.phase is not None and status.phase.terminal:
            self._promote_if_asked(session.model_copy(update={"status": status}), outcome)
            outcome.session = self._write_status(raw, status)
            self._ended(session, status, outcome)
            return
        if record.forked_version is None:
            raise SessionError("ResultInvalid", f"iteration {iteration} continues the loop but wrote no forked version")
        status = status.model_copy(update={"active_job": names.job_name(session.metadata.name, iteration + 1)})
        # Before the status write: a resumed operator finds "iteration N+1, no Job" and
        # only creates the Job, so nothing after the status write may be needed but that.
        self._note_latest_version(namespace, session.spec.pathway_id, record.forked_version, pathway, seen)
        outcome.session = self._write_status(raw, status)
        self._create_job(session, status, iteration + 1, outcome)

    def _note_latest_version(
        self, namespace: str, pathway_id: str, number: int, pathway: dict[str, Any] | None = None, seen: PathwaySeen | None = None
    ) -> None:
        """The Pathway's status names its newest version, forks included (never lowered).
        `pathway`: as this reconcile read it already (a Pathway is large: one read, not two);
        `seen`: as the watch last saw it, written only if it is still that version (else read)."""
        if seen is not None:
            if seen.latest_version >= number:
                return
            status = {"latestVersion": number, "latestVersionName": version_name(pathway_id, number)}
            try:
                self.kube.patch_status("pathways", namespace, pathway_id, status, resource_version=seen.resource_version)
                return
            except ApiException as exc:
                if exc.status == 404:
                    return  # deleted: its DELETED event ends the session
                if exc.status != 409:
                    raise
            pathway = None  # changed since the watch saw it: read it and decide again
        if pathway is None:
            pathway = self.kube.get("pathways", namespace, pathway_id)
        if pathway is None or ((pathway.get("status") or {}).get("latestVersion") or 0) >= number:
            return
        self.kube.patch_status(
            "pathways", namespace, pathway_id, {"latestVersion": number, "latestVersionName": version_name(pathway_id, number)}
        )

    # --- writing ---

    def _create_job(self, session: TornadoSession, status: TornadoSessionStatus, iteration: int, outcome: ReconcileResult) -> None:
        namespace = session.metadata.namespace or "default"
        timeout_ms = status.timeout_ms or session.spec.timeout_ms
        elapsed = elapsed_ms(status.created_at, self.clock())
        body = iteration_job(session, iteration, remaining_ms=max(1000, timeout_ms - elapsed), defaults=self.defaults)
        # Result ConfigMap first: a Job that starts must find it (it may only update it).
        self.kube.create_configmap(namespace, result_configmap(session, iteration))
        try:
            created = self.kube.create_job(namespace, body)
        except ApiException as exc:
            if exc.status in (400, 422):  # the API server rejects the runner settings: no retry fixes that
                raise SessionError(
                    "InvalidRunner", f"iteration Job {body['metadata']['name']} was rejected: {api_message(exc)}"
                ) from None
            raise
        if created:
            metrics.iteration_started()
            outcome.event("IterationStarted", f"iteration {iteration}: Job {body['metadata']['name']} testing version {status.current_version}")
        outcome.requeue_after = self._until_deadline(elapsed, timeout_ms)

    def _until_deadline(self, elapsed: int, timeout_ms: int) -> float:
        # The resync is jittered (75-100 % of RESYNC_SECONDS): workers started together (an
        # operator restart lists every running session at once) would otherwise all look
        # again in the same instant, every period. The deadline itself is never jittered.
        resync = self.resync * random.uniform(RESYNC_JITTER, 1.0)
        return max(0.2, min(resync, (timeout_ms - elapsed) / 1000 + 0.05))

    def _write_status(self, raw: dict[str, Any], status: TornadoSessionStatus) -> dict[str, Any]:
        """Replace the whole status (PUT with resourceVersion): fields that were cleared stay
        cleared, and a concurrent writer makes this fail with 409 instead of being overwritten."""
        # Redacted: messages and root causes quote what iteration pods and remote servers
        # said, and status is readable by roles that cannot read the Secrets.
        return self.kube.replace_status(PLURAL, raw["metadata"]["namespace"], {**raw, "status": redact_value(status.wire())})

    def _finish(
        self,
        session: TornadoSession,
        raw: dict[str, Any],
        phase: Phase,
        reason: str,
        message: str,
        outcome: ReconcileResult,
        *,
        release: bool = True,
    ) -> None:
        now = self.clock()
        status = session.status
        if status.session_id is None:
            status = status.model_copy(
                update={
                    "session_id": session.metadata.uid,
                    "created_at": now,
                    "max_iterations": session.spec.max_iterations,
                    "timeout_ms": session.spec.timeout_ms,
                }
            )
        status = finish(status, phase=phase, reason=reason, message=message, now=now, generation=session.metadata.generation)
        outcome.session = self._write_status(raw, status)
        self._ended(session, status, outcome, release=release)

    # --- spec.promote (controller/promotion.py) ---

    def _promote_if_asked(self, final: TornadoSession, outcome: ReconcileResult) -> None:
        """spec.promote: OnAllPassed: promote the final version before the final status is
        written (a crash in between repeats it, and the repeat finds it already live)."""
        result = promote_finished_session(self.kube, final, clock=self.clock)
        if result is None or result.outcome == "unchanged":
            return
        if result.outcome == "promoted":
            outcome.event("Promoted", result.message)
        else:
            outcome.event("PromotionRefused", result.message, warning=True)

    def _ended(self, session: TornadoSession, status: TornadoSessionStatus, outcome: ReconcileResult, *, release: bool = True) -> None:
        if release:
            locks.release_all(
                self.kube, session.metadata.namespace or "default", self._keys(session), session.metadata.uid or ""
            )
        outcome.finished, outcome.phase, outcome.requeue_after = True, status.phase, None
        warning = status.phase not in (Phase.COMPLETED_ALL_PASSED, Phase.COMPLETED_PARTIAL)
        outcome.event(status.phase.value if status.phase else "Finished", status.message or "", warning=warning)

    def _write_raw_error(self, raw: dict[str, Any], reason: str, message: str, outcome: ReconcileResult) -> None:
        status = TornadoSessionStatus.model_validate(raw.get("status") or {})
        if status.phase is not None and status.phase.terminal:
            outcome.finished, outcome.requeue_after = True, None
            return
        now = self.clock()
        status = status.model_copy(update={"session_id": raw["metadata"].get("uid"), "created_at": status.created_at or now})
        status = finish(status, phase=Phase.ERROR, reason=reason, message=message, now=now, generation=raw["metadata"].get("generation"))
        outcome.session = self._write_status(raw, status)
        outcome.finished, outcome.phase, outcome.requeue_after = True, Phase.ERROR, None
        outcome.event("ERROR", message, warning=True)


def snapshot_pathway(kube: Kube, namespace: str, pathway: dict[str, Any]) -> int:
    """Snapshot the Pathway's current spec as its next version (idempotent per generation; a
    spec with the content of an existing version is that version) and return its number."""
    try:
        spec = PathwaySpec.model_validate(pathway.get("spec") or {})
    except ValidationError as exc:
        raise SessionError("InvalidPathway", first_error(exc, f'Pathway "{pathway["metadata"]["name"]}": spec.')) from None
    generation = pathway["metadata"].get("generation")
    versions = list_versions(kube, namespace, pathway["metadata"]["name"])
    latest = latest_number(versions)
    number = create_version(
        kube,
        namespace,
        pathway=pathway,
        graph=spec,
        parent=latest or None,
        provenance=Provenance(source="pathway", pathway_generation=generation),
        versions=versions,
        parent_wire=pathway.get("spec"),
    )
    newest = max(latest, number)
    status = {
        "latestVersion": newest,
        "latestVersionName": version_name(pathway["metadata"]["name"], newest),
        "observedGeneration": generation,
        "specVersion": number,
    }
    try:
        kube.patch_status("pathways", namespace, pathway["metadata"]["name"], status)
    except ApiException as exc:
        if exc.status != 404:
            raise
    return number

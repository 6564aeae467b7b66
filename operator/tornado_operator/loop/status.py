"""Pure bookkeeping of TornadoSession.status: start, record an iteration, finish, conditions.

Each function returns a new status; nothing here talks to Kubernetes, so the operator and
`tornado run` produce the same status for the same iterations.
"""

from __future__ import annotations

from collections.abc import Sequence

from tornado_operator.api.base import parse_timestamp
from tornado_operator.api.conditions import Condition, condition_status, set_condition
from tornado_operator.api.session import (
    IterationRecord,
    IterationTokenUsage,
    Phase,
    TornadoSessionSpec,
    TornadoSessionStatus,
)
from tornado_operator.loop.budget import with_iteration


def elapsed_ms(created_at: str | None, now: str) -> int:
    if created_at is None:
        return 0
    delta = parse_timestamp(now) - parse_timestamp(created_at)
    return max(0, int(delta.total_seconds() * 1000))


def start_status(
    spec: TornadoSessionSpec,
    *,
    session_id: str,
    scenario_ids: Sequence[str],
    start_version: int,
    now: str,
    generation: int | None = None,
    held_out_ids: Sequence[str] = (),
) -> TornadoSessionStatus:
    """The status of a session that has just started iteration 1. `held_out_ids` (spec.holdout
    scenarios among `scenario_ids`) run too but are not counted in the hosted API's totals."""
    held_out = [scenario_id for scenario_id in scenario_ids if scenario_id in set(held_out_ids)]
    status = TornadoSessionStatus(
        session_id=session_id,
        phase=Phase.RUNNING,
        reason="Started",
        message=f"testing {len(scenario_ids) - len(held_out)} scenario(s)"
        + (f" and {len(held_out)} held out" if held_out else "")
        + f" against version {start_version}",
        current_iteration=1,
        max_iterations=spec.max_iterations,
        total_scenarios=len(scenario_ids) - len(held_out),
        held_out_scenario_ids=held_out,
        passed_scenarios=0,
        failed_scenarios=0,
        scenario_ids=list(scenario_ids),
        start_version=start_version,
        current_version=start_version,
        timeout_ms=spec.timeout_ms,
        created_at=now,
        observed_generation=generation,
    )
    return with_conditions(status, generation=generation, now=now)


def record_iteration(
    status: TornadoSessionStatus,
    record: IterationRecord,
    *,
    unfixable_ids: Sequence[str],
    phase: Phase | None,
    reason: str,
    message: str,
    next_version: int | None,
    now: str,
    generation: int | None = None,
    usage: IterationTokenUsage | None = None,
) -> TornadoSessionStatus:
    """Add one finished iteration; either move to the next iteration or finish.

    `next_version` is the forked PathwayVersion the next iteration tests (None when the
    session finishes); `usage` its model tokens (LLM backend), summed into status.llmUsage.
    Recording the same iteration twice replaces it (restart safety).
    """
    iterations = [item for item in status.iterations if item.iteration != record.iteration]
    iterations.append(record)
    iterations.sort(key=lambda item: item.iteration)
    forked = record.forked_version if record.forked_version is not None else status.forked_version
    update = status.model_copy(
        update={
            "iterations": iterations,
            "passed_scenarios": len(record.passed_ids),
            "failed_scenarios": len(record.failed_ids),
            "unfixable_ids": list(unfixable_ids),
            "unfixable_count": len(unfixable_ids),
            "forked_version": forked,
            "elapsed_ms": elapsed_ms(status.created_at, now),
            "active_job": None,
            "llm_usage": with_iteration(status.llm_usage, usage),
        }
    )
    if phase is not None:
        return finish(update, phase=phase, reason=reason, message=message, now=now, generation=generation)
    update = update.model_copy(
        update={
            "current_iteration": record.iteration + 1,
            "current_version": next_version,
            "reason": "Iterating",
            "message": f"iteration {record.iteration}: {len(record.passed_ids)}/{len(record.passed_ids) + len(record.failed_ids)} passed; testing version {next_version}",
        }
    )
    return with_conditions(update, generation=generation, now=now)


def finish(
    status: TornadoSessionStatus,
    *,
    phase: Phase,
    reason: str,
    message: str,
    now: str,
    generation: int | None = None,
) -> TornadoSessionStatus:
    """End the session with a terminal phase (idempotent: a finished session stays as it is)."""
    if status.phase is not None and status.phase.terminal:
        return status
    update = status.model_copy(
        update={
            "phase": phase,
            "reason": reason,
            "message": message,
            "completed_at": now,
            "elapsed_ms": elapsed_ms(status.created_at, now) if status.created_at else 0,
            "active_job": None,
        }
    )
    return with_conditions(update, generation=generation, now=now)


def with_conditions(
    status: TornadoSessionStatus, *, generation: int | None, now: str
) -> TornadoSessionStatus:
    """Conditions per Kubernetes conventions, chosen so that kstatus (and so Flux and kpt)
    computes every terminal phase as final.

    RUNNING (or no phase yet): Reconciling=True, Succeeded=Unknown, Ready=False, Stalled=False
    (kstatus InProgress). COMPLETED_ALL_PASSED: Succeeded=True, Ready=True, Reconciling=False,
    Stalled=False (kstatus Current). Every other terminal phase (COMPLETED_PARTIAL, TIMEOUT,
    STUCK, ERROR, CANCELLED): Succeeded=False, Ready=False, Reconciling=False, Stalled=True
    with the phase as reason (kstatus Failed): the session will make no more progress and
    did not pass, so a waiter must stop rather than wait for Ready. Ready mirrors Succeeded so
    `kubectl wait --for=condition=Ready` works too.
    """
    phase = status.phase
    message = status.message or ""
    conditions: list[Condition] = list(status.conditions)

    def put(type_: str, value: bool | None, reason: str) -> None:
        nonlocal conditions
        conditions = set_condition(
            conditions,
            type=type_,
            status=condition_status(value),
            reason=reason,
            message=message,
            observed_generation=generation,
            now=now,
        )

    if phase is None or not phase.terminal:
        put("Reconciling", True, "Running")
        put("Succeeded", None, "Running")
        put("Ready", False, "Running")
        put("Stalled", False, "Running")
    else:
        passed = phase is Phase.COMPLETED_ALL_PASSED
        put("Reconciling", False, phase.value)
        put("Succeeded", passed, phase.value)
        put("Ready", passed, phase.value)
        put("Stalled", not passed, phase.value)
    return status.model_copy(update={"conditions": conditions, "observed_generation": generation})

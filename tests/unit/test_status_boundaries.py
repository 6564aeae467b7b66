"""TornadoSession.status bookkeeping (loop/status.py), field by field: what a start, an
iteration and a finish write, and the exact conditions kstatus reads for each phase."""

from __future__ import annotations

import pytest

from tornado_operator.api.session import (
    IterationRecord,
    IterationTokenUsage,
    Phase,
    TornadoSessionSpec,
    TornadoSessionStatus,
)
from tornado_operator.loop.status import finish, record_iteration, start_status, with_conditions

T0, T1, T2 = "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:02.500Z", "2026-01-01T00:00:07.000Z"
SPEC = TornadoSessionSpec.model_validate({"pathwayId": "p", "maxIterations": 4, "timeoutMs": 90000})


def conditions(status: TornadoSessionStatus) -> dict[str, tuple[str, str, str, int | None, str]]:
    return {c.type: (c.status, c.reason, c.message, c.observed_generation, c.last_transition_time) for c in status.conditions}


def started(generation: int | None = 3) -> TornadoSessionStatus:
    return start_status(SPEC, session_id="uid-1", scenario_ids=["a", "b", "c"], start_version=1, now=T0, generation=generation)


def test_a_start_writes_every_field() -> None:
    status = started()
    assert (status.session_id, status.phase, status.reason) == ("uid-1", Phase.RUNNING, "Started")
    assert (status.current_iteration, status.max_iterations, status.timeout_ms) == (1, 4, 90000)
    assert (status.total_scenarios, status.passed_scenarios, status.failed_scenarios) == (3, 0, 0)
    assert (status.start_version, status.current_version, status.created_at) == (1, 1, T0)
    assert status.observed_generation == 3
    message = "testing 3 scenario(s) against version 1"
    assert conditions(status) == {
        "Reconciling": ("True", "Running", message, 3, T0),
        "Succeeded": ("Unknown", "Running", message, 3, T0),
        "Ready": ("False", "Running", message, 3, T0),
        "Stalled": ("False", "Running", message, 3, T0),
    }


def iteration(number: int = 1) -> IterationRecord:
    return IterationRecord(iteration=number, batch_id="b", started_at=T0, passed_ids=["a"], failed_ids=["b", "c"])


def test_an_iteration_that_continues_moves_to_the_next_version() -> None:
    before = started().model_copy(update={"active_job": "job-1"})
    usage = IterationTokenUsage(iteration=1, calls=2, total_tokens=40)
    status = record_iteration(
        before, iteration(), unfixable_ids=["c"], phase=None, reason="", message="", next_version=2, now=T1,
        generation=5, usage=usage,
    )
    assert (status.passed_scenarios, status.failed_scenarios) == (1, 2)
    assert (status.unfixable_ids, status.unfixable_count) == (["c"], 1)
    assert (status.elapsed_ms, status.active_job) == (2500, None)
    assert status.llm_usage is not None and status.llm_usage.total_tokens == 40 and status.llm_usage.calls == 2
    assert (status.current_iteration, status.current_version, status.reason) == (2, 2, "Iterating")
    assert status.message == "iteration 1: 1/3 passed; testing version 2"
    assert status.observed_generation == 5
    assert {c.type: (c.status, c.observed_generation, c.last_transition_time) for c in status.conditions} == {
        "Reconciling": ("True", 5, T0), "Succeeded": ("Unknown", 5, T0), "Ready": ("False", 5, T0), "Stalled": ("False", 5, T0)
    }
    assert {c.message for c in status.conditions} == {status.message}
    second = record_iteration(
        status, iteration(2), unfixable_ids=[], phase=None, reason="", message="", next_version=3, now=T2,
        usage=IterationTokenUsage(iteration=2, calls=1, total_tokens=2),
    )
    assert second.llm_usage is not None and second.llm_usage.total_tokens == 42  # summed with the earlier usage


def test_an_iteration_that_ends_the_session_finishes_it_with_its_message() -> None:
    status = record_iteration(
        started(), iteration(), unfixable_ids=["b", "c"], phase=Phase.STUCK, reason="AllFailuresUnfixable",
        message="stuck on b, c", next_version=None, now=T2, generation=6,
    )
    assert (status.phase, status.reason, status.message) == (Phase.STUCK, "AllFailuresUnfixable", "stuck on b, c")
    assert (status.elapsed_ms, status.completed_at, status.observed_generation) == (7000, T2, 6)
    assert conditions(status)["Stalled"] == ("True", "STUCK", "stuck on b, c", 6, T2)


@pytest.mark.parametrize(
    ("phase", "passed"),
    [(Phase.COMPLETED_ALL_PASSED, True), (Phase.COMPLETED_PARTIAL, False), (Phase.TIMEOUT, False), (Phase.CANCELLED, False)],
)
def test_terminal_conditions(phase: Phase, passed: bool) -> None:
    done = finish(started().model_copy(update={"active_job": "job-1"}), phase=phase, reason="R", message="m", now=T1, generation=7)
    yes, no = ("True", "False") if passed else ("False", "True")
    assert conditions(done) == {
        "Reconciling": ("False", phase.value, "m", 7, T1),
        "Succeeded": (yes, phase.value, "m", 7, T1),
        "Ready": (yes, phase.value, "m", 7, T1 if passed else T0),  # Ready was False: it moves only on a pass
        "Stalled": (no, phase.value, "m", 7, T0 if passed else T1),
    }
    assert done.active_job is None and done.elapsed_ms == 2500 and done.observed_generation == 7


def test_a_status_without_a_start_time_finishes_with_no_elapsed_time() -> None:
    done = finish(TornadoSessionStatus(), phase=Phase.ERROR, reason="InvalidSpec", message="bad", now=T1)
    assert done.elapsed_ms == 0 and done.completed_at == T1


def test_a_status_without_phase_or_message_is_in_progress_with_empty_messages() -> None:
    status = with_conditions(TornadoSessionStatus(), generation=None, now=T0)
    assert conditions(status) == {
        "Reconciling": ("True", "Running", "", None, T0),
        "Succeeded": ("Unknown", "Running", "", None, T0),
        "Ready": ("False", "Running", "", None, T0),
        "Stalled": ("False", "Running", "", None, T0),
    }


def test_an_iteration_recorded_on_a_status_without_conditions_dates_them_now() -> None:
    """A status written before conditions existed (an older operator) gets them on its next write."""
    bare = TornadoSessionStatus(phase=Phase.RUNNING, created_at=T0, current_iteration=1)
    status = record_iteration(bare, iteration(), unfixable_ids=[], phase=None, reason="", message="", next_version=2, now=T1)
    assert {c.type: c.last_transition_time for c in status.conditions} == {
        "Reconciling": T1, "Succeeded": T1, "Ready": T1, "Stalled": T1
    }

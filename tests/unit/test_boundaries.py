"""Both sides of the limits and comparisons of the pure core that the planted bugs of the test-
strength issue slipped past: each test fails if its comparison is flipped or moved by one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import Phase, TornadoSession
from tornado_operator.api.views import start_view, status_view
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.repair.words import caller_phrase
from tornado_operator.engine.sim.conversation import Conversation, Turn, aggregate_latency
from tornado_operator.loop.decide import interrupt
from tornado_operator.loop.status import elapsed_ms, finish, start_status


def latency_scenario(max_ms: int, aggregate: str = "max") -> TestScenarioSpec:
    return TestScenarioSpec.model_validate(
        {"pathwayId": "p", "assertions": [{"type": "LATENCY_BELOW", "config": {"maxMs": max_ms, "aggregate": aggregate}}]}
    )


def conversation_with_latencies(*values: int) -> Conversation:
    conv = Conversation(scenario_id="s")
    conv.transcript = [Turn("agent", "x", "n", value) for value in values]
    return conv


@pytest.mark.parametrize(("max_ms", "passed"), [(899, False), (900, True), (901, True)])
def test_latency_below_passes_at_exactly_the_limit(max_ms: int, passed: bool) -> None:
    assert evaluate(latency_scenario(max_ms), conversation_with_latencies(300, 900)).passed is passed


@pytest.mark.parametrize(
    ("aggregate", "expected"),
    [("max", 1000.0), ("avg", 400.0), ("p95", 1000.0)],
)
def test_latency_aggregates(aggregate: str, expected: float) -> None:
    assert aggregate_latency([100, 200, 300, 1000], aggregate) == expected


def test_p95_uses_the_nearest_rank() -> None:
    twenty = [10 * n for n in range(1, 21)]  # 10..200: rank ceil(0.95 * 20) = 19 -> 190
    assert aggregate_latency(twenty, "p95") == 190.0
    assert aggregate_latency([], "p95") == 0.0


def test_caller_phrase_takes_the_last_sentence_on_a_tie_and_the_richer_one_otherwise() -> None:
    assert caller_phrase("Billing question here. Invoice problem today.") == "invoice problem today"
    assert caller_phrase("Billing question about my invoice. Thanks.") == "billing question about my invoice"
    assert caller_phrase("Yes. Ok.") is None


@pytest.mark.parametrize(
    ("created", "now", "expected"),
    [
        ("2026-01-01T00:00:01.000Z", "2026-01-01T00:00:00.000Z", 0),  # a clock behind the creation: never negative
        ("2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.999Z", 999),
        (None, "2026-01-01T00:00:00.000Z", 0),
    ],
)
def test_elapsed_is_never_negative(created: str | None, now: str, expected: int) -> None:
    assert elapsed_ms(created, now) == expected


@pytest.mark.parametrize(
    ("cancel", "elapsed", "timeout", "reason"),
    [(True, 0, 10, "Cancelled"), (False, 10, 10, "Timeout"), (False, 11, 10, "Timeout")],
)
def test_interrupt_reasons(cancel: bool, elapsed: int, timeout: int, reason: str) -> None:
    stop = interrupt(cancel=cancel, elapsed_ms=elapsed, timeout_ms=timeout)
    assert stop is not None and stop[1] == reason
    assert interrupt(cancel=False, elapsed_ms=9, timeout_ms=10) is None
    if reason == "Timeout":
        assert stop[2] == f"elapsed {elapsed} ms reached timeoutMs {timeout}"
    else:
        assert stop[2] == "spec.cancel was set to true"


def session(status: dict[str, Any] | None = None, **metadata: Any) -> TornadoSession:
    return TornadoSession.model_validate(
        {
            "metadata": {"name": "s", "uid": "uid-meta", "creationTimestamp": "2026-01-01T00:00:00Z", **metadata},
            "spec": {"pathwayId": "p"},
            "status": status or {},
        }
    )


def test_the_view_prefers_the_status_over_the_metadata_when_they_disagree() -> None:
    both = session({"sessionId": "uid-status", "createdAt": "2026-01-02T00:00:00.000Z"})
    assert start_view(both)["session_id"] == "uid-status"
    assert start_view(both)["created_at"] == "2026-01-02T00:00:00.000Z"
    only_meta = session()
    assert start_view(only_meta)["session_id"] == "uid-meta"
    assert start_view(only_meta)["created_at"] == "2026-01-01T00:00:00.000Z"
    assert start_view(only_meta)["status"] == "RUNNING"  # not picked up yet: running for the API


def test_a_finished_session_stays_finished() -> None:
    spec = session().spec
    status = start_status(spec, session_id="x", scenario_ids=["a"], start_version=1, now="2026-01-01T00:00:00.000Z")
    done = finish(status, phase=Phase.STUCK, reason="AllFailuresUnfixable", message="m", now="2026-01-01T00:00:05.000Z")
    again = finish(done, phase=Phase.CANCELLED, reason="Cancelled", message="late", now="2026-01-01T00:00:09.000Z")
    assert again.phase is Phase.STUCK and again.elapsed_ms == 5000 and again.completed_at == "2026-01-01T00:00:05.000Z"
    view = status_view(session(again.wire()))
    assert view["status"] == "STUCK"


def test_held_out_scenarios_are_not_counted_in_the_hosted_totals() -> None:
    spec = session().spec
    status = start_status(spec, session_id="x", scenario_ids=["a", "h", "b"], start_version=1,
                          now="2026-01-01T00:00:00.000Z", held_out_ids=["h"])
    assert status.total_scenarios == 2 and status.held_out_scenario_ids == ["h"]
    assert status.message == "testing 2 scenario(s) and 1 held out against version 1"
    plain = start_status(spec, session_id="x", scenario_ids=["a"], start_version=1, now="2026-01-01T00:00:00.000Z")
    assert plain.total_scenarios == 1 and plain.message == "testing 1 scenario(s) against version 1"


def test_every_test_module_has_a_unique_basename() -> None:
    # pytest's default import mode keys test modules by basename: two files
    # with one name in different test folders break collection of the full
    # suite while each folder alone still passes.
    tests_root = Path(__file__).resolve().parents[1]
    seen: dict[str, Path] = {}
    clashes = []
    for path in sorted(tests_root.rglob("test_*.py")):
        if path.name in seen:
            clashes.append(f"{seen[path.name]} and {path}")
        seen.setdefault(path.name, path)
    assert not clashes, "test modules sharing a basename: " + "; ".join(clashes)

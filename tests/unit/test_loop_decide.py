"""Every transition of the loop's decision (loop/decide.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tornado_operator.api.session import Fix, FixPlan, IterationRecord, Phase, RootCause
from tornado_operator.loop.decide import (
    FixProposal,
    ScenarioOutcome,
    Verdict,
    decide,
    interrupt,
    newly_unfixable,
    previous_signatures,
)


def plan_for(*ids: str) -> FixPlan:
    fixes = [Fix(id=f"fix-{n:03d}", target_node="n", description="d", type="prompt_edit", scenario_ids=[i]) for n, i in enumerate(ids, 1)]
    return FixPlan(fixes=fixes, priority_order=[f.id for f in fixes])


def record(iteration: int = 1, *, fixed: Sequence[str] = (), causes: dict[str, str] | None = None) -> IterationRecord:
    return IterationRecord(
        iteration=iteration,
        batch_id="b",
        started_at="2026-01-01T00:00:00.000Z",
        fix_plan=plan_for(*fixed),
        root_causes=[RootCause(scenario_id=k, signature=v) for k, v in (causes or {}).items()],
    )


class Planner:
    """plan_fixes stand-in that records what it was asked."""

    def __init__(self, plan: FixPlan | None = None, no_fix: Sequence[str] = ()) -> None:
        self.plan = plan
        self.no_fix = list(no_fix)
        self.calls: list[list[str]] = []

    def __call__(self, ids: list[str]) -> FixProposal:
        self.calls.append(list(ids))
        plan = self.plan if self.plan is not None else plan_for(*(i for i in ids if i not in self.no_fix))
        return FixProposal(plan=plan, no_fix_ids=[i for i in ids if i in self.no_fix])


def run(
    outcomes: list[ScenarioOutcome],
    *,
    iteration: int = 1,
    max_iterations: int = 5,
    previous: IterationRecord | None = None,
    unfixable: Sequence[str] = (),
    planner: Planner | None = None,
) -> Verdict:
    return decide(
        iteration=iteration,
        max_iterations=max_iterations,
        outcomes=outcomes,
        previous=previous,
        unfixable_ids=list(unfixable),
        plan_fixes=planner or Planner(),
    )


def ok(sid: str) -> ScenarioOutcome:
    return ScenarioOutcome(sid, True)


def bad(sid: str, signature: str = "sig") -> ScenarioOutcome:
    return ScenarioOutcome(sid, False, signature)


def test_all_passed() -> None:
    planner = Planner()
    verdict = run([ok("a"), ok("b")], planner=planner)
    assert verdict.phase is Phase.COMPLETED_ALL_PASSED and verdict.reason == "AllPassed"
    assert verdict.passed_ids == ["a", "b"] and verdict.failed_ids == []
    assert not verdict.continues and planner.calls == []
    assert verdict.fix_plan.fixes == []


def test_all_passed_clears_the_unfixable_list() -> None:
    verdict = run([ok("a")], unfixable=["a"])
    assert verdict.phase is Phase.COMPLETED_ALL_PASSED
    assert verdict.unfixable_ids == []  # unfixable_ids lists only scenarios that still fail


def test_continue_with_the_fix_plan() -> None:
    planner = Planner()
    verdict = run([ok("a"), bad("b")], planner=planner)
    assert verdict.continues and verdict.phase is None
    assert planner.calls == [["b"]]
    assert [f.scenario_ids for f in verdict.fix_plan.fixes] == [["b"]]
    assert verdict.newly_unfixable_ids == [] and verdict.unfixable_ids == []


def test_same_signature_in_two_consecutive_iterations_is_unfixable() -> None:
    previous = record(fixed=["b"], causes={"b": "sig", "c": "sig-c"})
    planner = Planner()
    verdict = run([bad("b", "sig"), bad("c", "other")], iteration=2, previous=previous, planner=planner)
    assert verdict.newly_unfixable_ids == ["b"]
    assert verdict.unfixable_ids == ["b"]
    assert planner.calls == [["c"]]  # unfixable scenarios are not given to the fixer
    assert verdict.continues


def test_same_signature_is_unfixable_even_without_a_fix_aimed_at_it() -> None:
    """The hosted API: "failed across multiple iterations with the same root cause"."""
    previous = record(fixed=["other"], causes={"b": "sig"})
    verdict = run([bad("b", "sig")], iteration=2, previous=previous)
    assert verdict.newly_unfixable_ids == ["b"]
    assert verdict.phase is Phase.STUCK and verdict.unfixable_ids == ["b"]


def test_different_signature_is_not_unfixable() -> None:
    previous = record(fixed=["b"], causes={"b": "sig-1"})
    verdict = run([bad("b", "sig-2")], iteration=2, previous=previous)
    assert verdict.newly_unfixable_ids == [] and verdict.continues


def test_a_failure_without_a_signature_is_never_unfixable_by_signature() -> None:
    previous = record(causes={"b": "sig"})
    assert newly_unfixable([ScenarioOutcome("b", False, None)], previous, []) == []


def test_no_previous_iteration_means_nothing_is_unfixable() -> None:
    assert newly_unfixable([bad("b")], None, []) == []
    assert previous_signatures(None) == {}


def test_unfixable_is_listed_once() -> None:
    previous = record(2, fixed=["b"], causes={"b": "sig"})
    verdict = run([bad("b", "sig"), bad("c")], iteration=3, previous=previous, unfixable=["b"])
    assert verdict.newly_unfixable_ids == []
    assert verdict.unfixable_ids == ["b"]


def test_no_verified_fix_makes_a_failure_unfixable_in_that_iteration() -> None:
    planner = Planner(no_fix=["b"])
    verdict = run([bad("a"), bad("b"), ok("c")], planner=planner)
    assert verdict.newly_unfixable_ids == ["b"] and verdict.unfixable_ids == ["b"]
    assert verdict.continues and [f.scenario_ids for f in verdict.fix_plan.fixes] == [["a"]]


def test_stuck_when_every_failure_is_unfixable() -> None:
    previous = record(fixed=["b"], causes={"b": "sig"})
    planner = Planner()
    verdict = run([ok("a"), bad("b", "sig")], iteration=2, previous=previous, planner=planner)
    assert verdict.phase is Phase.STUCK and verdict.reason == "AllFailuresUnfixable"
    assert verdict.newly_unfixable_ids == ["b"] and verdict.unfixable_ids == ["b"]
    assert planner.calls == []
    assert "b" in verdict.message


def test_stuck_when_no_fix_verifies_lists_every_failure_unfixable() -> None:
    planner = Planner(FixPlan(), no_fix=["a", "c"])
    verdict = run([bad("a"), ok("b"), bad("c")], planner=planner)
    assert verdict.phase is Phase.STUCK and verdict.reason == "AllFailuresUnfixable"
    assert planner.calls == [["a", "c"]]
    assert verdict.fix_plan.fixes == []
    assert verdict.unfixable_ids == ["a", "c"] and verdict.newly_unfixable_ids == ["a", "c"]


def test_stuck_beats_max_iterations() -> None:
    verdict = run([bad("a")], iteration=5, max_iterations=5, planner=Planner(FixPlan(), no_fix=["a"]))
    assert verdict.phase is Phase.STUCK


def test_partial_at_max_iterations_does_not_claim_an_unapplied_plan() -> None:
    verdict = run([ok("a"), bad("b")], iteration=3, max_iterations=3)
    assert verdict.phase is Phase.COMPLETED_PARTIAL and verdict.reason == "MaxIterationsReached"
    assert verdict.fix_plan.fixes == []  # nothing was applied: the record's fixPlan stays empty
    assert [f.scenario_ids for f in verdict.unapplied_plan.fixes] == [["b"]]
    assert "1/2" in verdict.message


def test_one_iteration_before_the_limit_continues() -> None:
    verdict = run([ok("a"), bad("b")], iteration=2, max_iterations=3)
    assert verdict.continues


def test_newly_unfixable_at_max_iterations_with_other_fixable_failures() -> None:
    previous = record(1, fixed=["b"], causes={"b": "sig"})
    verdict = run([bad("b", "sig"), bad("c")], iteration=2, max_iterations=2, previous=previous)
    assert verdict.phase is Phase.COMPLETED_PARTIAL
    assert verdict.newly_unfixable_ids == ["b"]


@pytest.mark.parametrize(
    ("cancel", "elapsed", "timeout", "expected"),
    [
        (True, 0, 1000, Phase.CANCELLED),
        (True, 5000, 1000, Phase.CANCELLED),  # cancel wins
        (False, 1000, 1000, Phase.TIMEOUT),
        (False, 999, 1000, None),
    ],
)
def test_interrupt(cancel: bool, elapsed: int, timeout: int, expected: Phase | None) -> None:
    stop = interrupt(cancel=cancel, elapsed_ms=elapsed, timeout_ms=timeout)
    if expected is None:
        assert stop is None
    else:
        assert stop is not None and stop[0] is expected and stop[1] and stop[2]


def test_stuck_always_names_its_failures_unfixable() -> None:
    """Over every mix of passing, failing-with-the-same-signature and fixable-or-not failures:
    STUCK <=> no fixable failure is left, and then unfixableIds is exactly the failures (never empty)."""
    import itertools

    kinds = ("pass", "same", "nofix", "fixable")
    for combo in itertools.product(kinds, repeat=3):
        outcomes = [ok(f"s{i}") if k == "pass" else bad(f"s{i}", "sig" if k == "same" else f"new{i}") for i, k in enumerate(combo)]
        previous = record(causes={f"s{i}": "sig" for i, k in enumerate(combo) if k == "same"})
        planner = Planner(no_fix=[f"s{i}" for i, k in enumerate(combo) if k == "nofix"])
        verdict = run(outcomes, iteration=2, previous=previous, planner=planner)
        failed = [f"s{i}" for i, k in enumerate(combo) if k != "pass"]
        if not failed:
            assert verdict.phase is Phase.COMPLETED_ALL_PASSED
        elif "fixable" in combo:
            assert verdict.continues and set(verdict.unfixable_ids) == set(failed) - {f"s{i}" for i, k in enumerate(combo) if k == "fixable"}
        else:
            assert verdict.phase is Phase.STUCK, combo
            assert verdict.unfixable_ids == failed != []

"""The tornado loop's decisions, as pure functions over session status and iteration results.

No Kubernetes here: the operator (one Job per iteration) and `tornado run` (in-process) both
call these functions, so both give the same iterations for the same inputs.

Order of the decision after an iteration (docs/design.md):
  1. every scenario passed                       -> COMPLETED_ALL_PASSED
  2. same root-cause signature as the previous iteration, after a fix aimed at it
                                                  -> the scenario becomes unfixable
  3. no fixable failure left, or no fix found     -> STUCK
  4. that was iteration maxIterations             -> COMPLETED_PARTIAL
  5. otherwise                                    -> apply the fix plan, run the next iteration
At any time: past the timeout -> TIMEOUT; spec.cancel -> CANCELLED (see `interrupt`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tornado_operator.api.session import FixPlan, IterationRecord, Phase


@dataclass(frozen=True)
class ScenarioOutcome:
    """What one scenario did in one iteration."""

    scenario_id: str
    passed: bool
    signature: str | None = None  # root-cause signature; set when the scenario failed


@dataclass(frozen=True)
class Verdict:
    """The loop's decision after one iteration."""

    passed_ids: list[str]
    failed_ids: list[str]
    newly_unfixable_ids: list[str]
    unfixable_ids: list[str]
    fix_plan: FixPlan = field(default_factory=FixPlan)
    phase: Phase | None = None  # None: continue with the fix plan applied
    reason: str = ""
    message: str = ""

    @property
    def continues(self) -> bool:
        return self.phase is None


def fixed_targets(record: IterationRecord | None) -> set[str]:
    """Scenario ids that the previous iteration's fix plan was aimed at."""
    if record is None:
        return set()
    return {scenario_id for fix in record.fix_plan.fixes for scenario_id in fix.scenario_ids}


def previous_signatures(record: IterationRecord | None) -> dict[str, str]:
    if record is None:
        return {}
    return {cause.scenario_id: cause.signature for cause in record.root_causes}


def newly_unfixable(
    outcomes: Sequence[ScenarioOutcome],
    previous: IterationRecord | None,
    unfixable_ids: Sequence[str],
) -> list[str]:
    """Failures with the same signature as last iteration although a fix was aimed at them."""
    targets = fixed_targets(previous)
    signatures = previous_signatures(previous)
    already = set(unfixable_ids)
    return [
        outcome.scenario_id
        for outcome in outcomes
        if not outcome.passed
        and outcome.scenario_id not in already
        and outcome.scenario_id in targets
        and outcome.signature is not None
        and signatures.get(outcome.scenario_id) == outcome.signature
    ]


def decide(
    *,
    iteration: int,
    max_iterations: int,
    outcomes: Sequence[ScenarioOutcome],
    previous: IterationRecord | None,
    unfixable_ids: Sequence[str],
    plan_fixes: Callable[[list[str]], FixPlan],
) -> Verdict:
    """Apply the loop's rules to one iteration's outcomes.

    `plan_fixes` gets the fixable failed scenario ids and returns a fix plan (empty: no fix
    found). It is called only when there are fixable failures.
    """
    passed = [outcome.scenario_id for outcome in outcomes if outcome.passed]
    failed = [outcome.scenario_id for outcome in outcomes if not outcome.passed]
    if not failed:
        return Verdict(
            passed_ids=passed,
            failed_ids=failed,
            newly_unfixable_ids=[],
            unfixable_ids=list(unfixable_ids),
            phase=Phase.COMPLETED_ALL_PASSED,
            reason="AllPassed",
            message=f"all {len(passed)} scenarios passed in iteration {iteration}",
        )
    newly = newly_unfixable(outcomes, previous, unfixable_ids)
    unfixable = [*unfixable_ids, *newly]
    unfixable_set = set(unfixable)
    fixable = [scenario_id for scenario_id in failed if scenario_id not in unfixable_set]
    # The facts every outcome below shares; each branch only adds its decision.
    verdict = Verdict(
        passed_ids=passed,
        failed_ids=failed,
        newly_unfixable_ids=newly,
        unfixable_ids=unfixable,
    )
    if not fixable:
        return replace(
            verdict,
            phase=Phase.STUCK,
            reason="AllFailuresUnfixable",
            message=f"{len(failed)} scenario(s) still fail and every one is unfixable: {', '.join(failed)}",
        )
    plan = plan_fixes(fixable)
    if not plan.fixes:
        return replace(
            verdict,
            phase=Phase.STUCK,
            reason="NoFixFound",
            message=f"no fix found for failing scenario(s): {', '.join(fixable)}",
        )
    if iteration >= max_iterations:
        return replace(
            verdict,
            fix_plan=plan,
            phase=Phase.COMPLETED_PARTIAL,
            reason="MaxIterationsReached",
            message=f"{len(passed)}/{len(outcomes)} scenarios pass after {iteration} iteration(s) (maxIterations {max_iterations})",
        )
    return replace(verdict, fix_plan=plan)


def interrupt(*, cancel: bool, elapsed_ms: int, timeout_ms: int) -> tuple[Phase, str, str] | None:
    """A session that must stop now regardless of its iterations: (phase, reason, message)."""
    if cancel:
        return Phase.CANCELLED, "Cancelled", "spec.cancel was set to true"
    if elapsed_ms >= timeout_ms:
        return Phase.TIMEOUT, "Timeout", f"elapsed {elapsed_ms} ms reached timeoutMs {timeout_ms}"
    return None

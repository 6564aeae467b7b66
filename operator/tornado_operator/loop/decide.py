"""The tornado loop's decisions, as pure functions over session status and iteration results.

No Kubernetes here: the operator (one Job per iteration) and `tornado run` (in-process) both
call these functions, so both give the same iterations for the same inputs.

Order of the decision after an iteration (docs/design.md):
  1. every scenario passed                          -> COMPLETED_ALL_PASSED
  2. a failure with the same root-cause signature as in the previous iteration becomes
     unfixable (the hosted API's definition: "failed across multiple iterations with the same
     root cause"), whether or not a fix was aimed at it
  3. the fixer proposes verified fixes for the other failures; a failure for which no
     candidate fix passed verification becomes unfixable in this iteration
  4. no fixable failure left                        -> STUCK (unfixable_ids lists exactly the
                                                       failures, every one unfixable)
  5. the agent under test cannot run a fixed graph (a deployed agent: the bland backend)
                                                    -> COMPLETED_PARTIAL, reason FixesProposed: the
                                                       plan is applied to fork a version, which is
                                                       the proposal; the loop does not test it
  6. that was iteration maxIterations               -> COMPLETED_PARTIAL (fixable failures left;
                                                       the verified plan is not applied, so the
                                                       record carries an empty fixPlan and the
                                                       report lists it as unapplied)
  7. otherwise                                      -> apply the verified plan, run the next iteration
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
class FixProposal:
    """What the fixer offers for the fixable failures: a verified plan, and the failures for
    which no candidate fix passed verification (they become unfixable now)."""

    plan: FixPlan = field(default_factory=FixPlan)
    no_fix_ids: list[str] = field(default_factory=list)


FIXES_PROPOSED = "FixesProposed"


@dataclass(frozen=True)
class Verdict:
    """The loop's decision after one iteration."""

    passed_ids: list[str]
    failed_ids: list[str]
    newly_unfixable_ids: list[str]
    unfixable_ids: list[str]
    fix_plan: FixPlan = field(default_factory=FixPlan)  # the plan applied to fork the next version
    unapplied_plan: FixPlan = field(default_factory=FixPlan)  # verified, but the loop stopped first
    phase: Phase | None = None  # None: continue with the fix plan applied
    reason: str = ""
    message: str = ""

    @property
    def continues(self) -> bool:
        return self.phase is None

    @property
    def forks(self) -> bool:
        """The plan is applied to a new version: the next one tested, or a proposal (FixesProposed)."""
        return self.continues or self.reason == FIXES_PROPOSED


def previous_signatures(record: IterationRecord | None) -> dict[str, str]:
    if record is None:
        return {}
    return {cause.scenario_id: cause.signature for cause in record.root_causes}


def newly_unfixable(
    outcomes: Sequence[ScenarioOutcome],
    previous: IterationRecord | None,
    unfixable_ids: Sequence[str],
) -> list[str]:
    """Failures with the same root-cause signature as in the previous iteration."""
    signatures = previous_signatures(previous)
    already = set(unfixable_ids)
    return [
        outcome.scenario_id
        for outcome in outcomes
        if not outcome.passed
        and outcome.scenario_id not in already
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
    plan_fixes: Callable[[list[str]], FixProposal],
    tests_fixes: bool = True,
) -> Verdict:
    """Apply the loop's rules to one iteration's outcomes (the scenarios the fixer may see).

    `plan_fixes` gets the fixable failed scenario ids and returns verified fixes plus the ids it
    found no verified fix for. It is called only when there are fixable failures.
    `tests_fixes`: False when the agent under test is deployed elsewhere and cannot run a fixed
    graph (rule 5).
    """
    passed = [outcome.scenario_id for outcome in outcomes if outcome.passed]
    failed = [outcome.scenario_id for outcome in outcomes if not outcome.passed]
    failing = set(failed)
    still_unfixable = [scenario_id for scenario_id in unfixable_ids if scenario_id in failing]
    if not failed:
        return Verdict(
            passed_ids=passed,
            failed_ids=failed,
            newly_unfixable_ids=[],
            unfixable_ids=[],
            phase=Phase.COMPLETED_ALL_PASSED,
            reason="AllPassed",
            message=f"all {len(passed)} scenarios passed in iteration {iteration}",
        )
    newly = newly_unfixable(outcomes, previous, still_unfixable)
    known = set(still_unfixable) | set(newly)
    fixable = [scenario_id for scenario_id in failed if scenario_id not in known]
    proposal = plan_fixes(fixable) if fixable else FixProposal()
    no_fix = [scenario_id for scenario_id in fixable if scenario_id in set(proposal.no_fix_ids)]
    newly = [*newly, *no_fix]
    unfixable = [*still_unfixable, *newly]
    unfixable_set = set(unfixable)
    fixable = [scenario_id for scenario_id in fixable if scenario_id not in unfixable_set]
    # The facts every outcome below shares; each branch only adds its decision.
    verdict = Verdict(
        passed_ids=passed,
        failed_ids=failed,
        newly_unfixable_ids=newly,
        unfixable_ids=[scenario_id for scenario_id in failed if scenario_id in unfixable_set],
    )
    if not fixable or not proposal.plan.fixes:
        return replace(
            verdict,
            unfixable_ids=failed,
            newly_unfixable_ids=[s for s in failed if s not in set(still_unfixable)],
            phase=Phase.STUCK,
            reason="AllFailuresUnfixable",
            message=f"{len(failed)} scenario(s) still fail and every one is unfixable: {', '.join(failed)}",
        )
    if not tests_fixes:
        return replace(
            verdict,
            fix_plan=proposal.plan,
            phase=Phase.COMPLETED_PARTIAL,
            reason=FIXES_PROPOSED,
            message=f"{len(passed)}/{len(outcomes)} scenarios pass; {len(proposal.plan.fixes)} fix(es) for "
            f"{len(fixable)} failing scenario(s) proposed as a new version, which the deployed agent under test "
            "does not run: deploy it, then start a new session against it",
        )
    if iteration >= max_iterations:
        return replace(
            verdict,
            unapplied_plan=proposal.plan,
            phase=Phase.COMPLETED_PARTIAL,
            reason="MaxIterationsReached",
            message=f"{len(passed)}/{len(outcomes)} scenarios pass after {iteration} iteration(s) (maxIterations {max_iterations}); "
            f"{len(fixable)} still fixable",
        )
    return replace(verdict, fix_plan=proposal.plan)


def interrupt(*, cancel: bool, elapsed_ms: int, timeout_ms: int) -> tuple[Phase, str, str] | None:
    """A session that must stop now regardless of its iterations: (phase, reason, message)."""
    if cancel:
        return Phase.CANCELLED, "Cancelled", "spec.cancel was set to true"
    if elapsed_ms >= timeout_ms:
        return Phase.TIMEOUT, "Timeout", f"elapsed {elapsed_ms} ms reached timeoutMs {timeout_ms}"
    return None

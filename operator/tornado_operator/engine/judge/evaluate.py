"""Check a simulated conversation against a scenario's assertions.

Every assertion yields a result (passed, target, expected, actual, detail) from its type's
checker (judge/registry.py). The scenario's score is the weighted share of passed assertions:

    score = sum(weight of passed assertions) / sum(weight of all assertions)

(1.0 when there are no assertions or every weight is 0 and all passed). A scenario passes when
it ran without error, every required assertion passed and score >= spec.passThreshold.
"""

from __future__ import annotations

from collections.abc import Sequence

from tornado_operator.api.results import AssertionResult, Evaluation
from tornado_operator.api.scenario import Assertion, TestScenarioSpec
from tornado_operator.engine.judge.context import CheckContext
from tornado_operator.engine.judge.port import JudgePort
from tornado_operator.engine.judge.registry import CHECKERS
from tornado_operator.engine.judge.rubric import RubricJudge
from tornado_operator.engine.sim.conversation import Conversation


def check(assertion: Assertion, index: int, conversation: Conversation, judge: JudgePort) -> AssertionResult:
    """Evaluate one assertion (`index`: its position in the spec) against a conversation."""
    return CHECKERS[assertion.type](CheckContext(assertion, index, conversation, judge), assertion.typed_config())


def score_of(results: Sequence[AssertionResult]) -> float:
    total = sum(result.weight for result in results)
    if total <= 0:
        return 1.0 if all(result.passed for result in results) else 0.0
    return round(sum(result.weight for result in results if result.passed) / total, 6)


_OFFLINE_JUDGE = RubricJudge()


def evaluate(scenario: TestScenarioSpec, conversation: Conversation, judge: JudgePort | None = None) -> Evaluation:
    """All assertions of a scenario, in evaluation order, its weighted score and whether it passed
    (`judge`: the backend's; the offline rubric judge when None)."""
    judge = _OFFLINE_JUDGE if judge is None else judge
    results = [check(assertion, index, conversation, judge) for index, assertion in scenario.ordered_assertions()]
    score = score_of(results)
    if conversation.error is not None:
        return Evaluation(passed=False, score=0.0, results=results)
    required_ok = all(result.passed for result in results if result.required)
    passed = required_ok and score >= scenario.pass_threshold - 1e-9
    return Evaluation(passed=passed, score=score, results=results)

"""Every checker's whole result (judge/checks, judge/rubric.py, judge/tone.py), pass and fail,
on hand-built conversations: target, expected, actual, detail, the failure's turns and the tone
components, so a changed word, comparison or branch in a report shows up here."""

from __future__ import annotations

import math
from typing import Any

import pytest

from tornado_operator.api.scenario import Assertion, LlmJudgeConfig
from tornado_operator.engine.judge.context import CheckContext
from tornado_operator.engine.judge.evaluate import check
from tornado_operator.engine.judge.port import JudgeOutcome, ToneOutcome
from tornado_operator.engine.judge.rubric import RubricJudge, rubric_judge
from tornado_operator.engine.judge.tone import tone_components, tone_score
from tornado_operator.engine.sim.conversation import Conversation, RoutingEvent, Turn, WebhookCall


def billing() -> Conversation:
    conv = Conversation(scenario_id="s", start_node="start")
    conv.transcript = [
        Turn("agent", "Hi, thanks for calling. Billing or transfer?", "start", 300),
        Turn("caller", "billing please", "start"),
        Turn("agent", "Account number please.", "billing", 900),
        Turn("caller", "it is 123456", "billing"),
        Turn("agent", "Your account is fine. Goodbye!", "done", 901),
    ]
    conv.nodes_visited = ["start", "billing", "hook", "done"]
    conv.extracted = {"account": "123456", "vip": True}
    conv.webhooks = [WebhookCall("hook", "https://api.example/v1/lookup/123456", "GET", {}, 2),
                     WebhookCall("hook2", "https://api.example/v1/log", "POST", {}, 2)]
    conv.routing = [RoutingEvent(1, "start", "billing please", "keyword", "billing"),
                    RoutingEvent(2, "billing", "it is 123456", "pattern", "hook")]
    conv.ended_by = "agent_ended"
    conv.turns = 2
    return conv


def transferred(turn: int = 2) -> Conversation:
    conv = Conversation(scenario_id="s", start_node="start")
    conv.transcript = [
        Turn("agent", "Hello.", "start", 100),
        Turn("caller", "hmm", "start"),
        Turn("agent", "Sorry?", "start", 100),
        Turn("caller", "transfer me", "start"),
        Turn("agent", "Transferring.", "person", 100),
    ]
    conv.nodes_visited = ["start", "person"]
    conv.routing = [RoutingEvent(1, "start", "hmm", "none", None), RoutingEvent(2, "start", "transfer me", "keyword", "person")]
    conv.ended_by = "transferred"
    conv.transfer_target = "Desk "
    conv.transfer_turn = turn
    return conv


def silent() -> Conversation:
    return Conversation(scenario_id="s")


CONVERSATIONS = {"billing": billing, "transferred": transferred, "silent": silent}


def tone_conversation() -> Conversation:
    """Nine agent turns (and a blank one, ignored): one empathetic, one repeated, one of 36 words."""
    texts = ["Hello there.", "Sorry about that.", "Pick one.", "Pick one.", " ".join(["word"] * 36), "Okay.", "Next.",
             "Done now.", "Bye."]
    conv = Conversation(scenario_id="t")
    conv.transcript = [Turn("agent", text, "n", 100) for text in texts] + [Turn("agent", "   ", "n", 100)]
    return conv


CONVERSATIONS = {"billing": billing, "transferred": transferred, "silent": silent, "tone": tone_conversation}

Expected = tuple[bool, str, str, str | None, str, list[int], dict[str, float] | None]

CASES: list[tuple[str, dict[str, Any], Expected]] = [
    ("billing", {'type': 'CALL_ENDED_BY_AGENT', 'config': {}},
     (True, 'call end', 'agent ends the call', 'agent_ended',
      'the call ended: agent_ended', [], None)),
    ("billing", {'type': 'CALL_ENDED_BY_AGENT', 'config': {'expected': False}},
     (False, 'call end', 'agent does not end the call', 'agent_ended',
      'the call ended: agent_ended', [4], None)),
    ("silent", {'type': 'CALL_ENDED_BY_AGENT', 'config': {}},
     (False, 'call end', 'agent ends the call', 'script_exhausted',
      'the call ended: script_exhausted', [], None)),
    ("billing", {'type': 'LATENCY_BELOW', 'config': {'maxMs': 900}},
     (False, 'max latency', '<= 900 ms', '901 ms',
      'max of 3 agent turn(s): 901 ms > 900 ms (simulated)', [4], None)),
    ("billing", {'type': 'LATENCY_BELOW', 'config': {'maxMs': 899, 'aggregate': 'avg'}},
     (True, 'avg latency', '<= 899 ms', '700 ms',
      'avg of 3 agent turn(s): 700 ms <= 899 ms (simulated)', [], None)),
    ("billing", {'type': 'NODE_REACHED', 'config': {'nodeId': 'billing'}},
     (True, 'billing', 'reached', 'start > billing > hook > done',
      "node 'billing' was reached", [], None)),
    ("billing", {'type': 'NODE_REACHED', 'config': {'nodeId': 'person'}},
     (False, 'person', 'reached', 'start > billing > hook > done',
      "node 'person' was never reached", [], None)),
    ("silent", {'type': 'NODE_REACHED', 'config': {'nodeId': 'person'}},
     (False, 'person', 'reached', None,
      "node 'person' was never reached", [], None)),
    ("billing", {'type': 'NODES_VISITED', 'config': {'nodeIds': ['start', 'done']}},
     (True, 'start,done', 'visited in order', 'start > billing > hook > done',
      'visited in order', [], None)),
    ("billing", {'type': 'NODES_VISITED', 'config': {'nodeIds': ['start', 'done', 'billing']}},
     (False, 'start,done,billing', 'visited in order', 'start > billing > hook > done',
      "not visited in order from 'billing' on", [], None)),
    ("billing", {'type': 'NODES_VISITED', 'config': {'nodeIds': ['done', 'start'], 'inOrder': False}},
     (True, 'done,start', 'all visited', 'start > billing > hook > done',
      'all visited', [], None)),
    ("billing", {'type': 'NODES_VISITED', 'config': {'nodeIds': ['x', 'done', 'y'], 'inOrder': False}},
     (False, 'x,done,y', 'all visited', 'start > billing > hook > done',
      'never visited: x, y', [], None)),
    ("billing", {'type': 'REGEX_MATCH', 'config': {'pattern': 'ACCOUNT', 'speaker': 'agent'}},
     (True, 'ACCOUNT', 'matches in agent turns', 'Account number please.',
      "'ACCOUNT' matched in agent turns: 'Account number please.'", [], None)),
    ("billing", {'type': 'REGEX_MATCH', 'config': {'pattern': '\\d{6}', 'speaker': 'agent'}},
     (False, '\\d{6}', 'matches in agent turns', None,
      "'\\\\d{6}' never matched in agent turns (3 searched)", [], None)),
    ("billing", {'type': 'REGEX_MATCH', 'config': {'pattern': '\\d{6}', 'speaker': 'any', 'shouldMatch': False}},
     (False, '\\d{6}', 'never matches in any turn', 'it is 123456',
      "'\\\\d{6}' matched in any turn: 'it is 123456'", [3], None)),
    ("billing", {'type': 'REGEX_MATCH', 'config': {'pattern': 'account|billing', 'speaker': 'any'}},
     (True, 'account|billing', 'matches in any turn', 'Hi, thanks for calling. Billing or transfer?',
      "'account|billing' matched in any turn: 'Hi, thanks for calling. Billing or transfer?'", [], None)),
    ("billing", {'type': 'WEBHOOK_TRIGGERED', 'config': {}},
     (True, 'webhook', 'any webhook', 'GET https://api.example/v1/lookup/123456 (hook); POST https://api.example/v1/log (hook2)',
      'webhook fired', [], None)),
    ("billing", {'type': 'WEBHOOK_TRIGGERED', 'config': {'url': 'log', 'method': 'post'}},
     (True, 'log', 'POST url~log', 'GET https://api.example/v1/lookup/123456 (hook); POST https://api.example/v1/log (hook2)',
      'webhook fired', [], None)),
    ("billing", {'type': 'WEBHOOK_TRIGGERED', 'config': {'url': 'log', 'method': 'get', 'nodeId': 'hook2'}},
     (False, 'hook2', 'GET url~log node=hook2', 'GET https://api.example/v1/lookup/123456 (hook); POST https://api.example/v1/log (hook2)',
      'no webhook call matched GET url~log node=hook2 (2 call(s) made)', [], None)),
    ("billing", {'type': 'WEBHOOK_TRIGGERED', 'config': {'nodeId': 'hook'}},
     (True, 'hook', 'node=hook', 'GET https://api.example/v1/lookup/123456 (hook); POST https://api.example/v1/log (hook2)',
      'webhook fired', [], None)),
    ("silent", {'type': 'WEBHOOK_TRIGGERED', 'config': {'url': 'x'}},
     (False, 'x', 'url~x', None,
      'no webhook call matched url~x (0 call(s) made)', [], None)),
    ("transferred", {'type': 'TRANSFERRED', 'config': {'target': 'desk', 'minTurn': 2, 'maxTurn': 2}},
     (True, 'desk', 'transferred to desk not before caller turn 2 by caller turn 2', 'transferred to Desk  on caller turn 2',
      'transferred as expected', [], None)),
    ("transferred", {'type': 'TRANSFERRED', 'config': {'target': 'sales'}},
     (False, 'sales', 'transferred to sales', 'transferred to Desk  on caller turn 2',
      "transferred to 'Desk ', expected 'sales'", [4], None)),
    ("transferred", {'type': 'TRANSFERRED', 'config': {'minTurn': 3}},
     (False, 'transfer', 'transferred not before caller turn 3', 'transferred to Desk  on caller turn 2',
      'transferred too early: caller turn 2 < minTurn 3', [4], None)),
    ("transferred", {'type': 'TRANSFERRED', 'config': {'maxTurn': 1}},
     (False, 'transfer', 'transferred by caller turn 1', 'transferred to Desk  on caller turn 2',
      'transferred too late: caller turn 2 > maxTurn 1', [4], None)),
    ("transferred", {'type': 'TRANSFERRED', 'config': {'expected': False}},
     (False, 'transfer', 'not transferred', 'transferred to Desk  on caller turn 2',
      'the call was transferred', [4], None)),
    ("billing", {'type': 'TRANSFERRED', 'config': {'expected': False}},
     (True, 'transfer', 'not transferred', 'not transferred (agent_ended)',
      'no transfer', [], None)),
    ("billing", {'type': 'TRANSFERRED', 'config': {'target': 'desk'}},
     (False, 'desk', 'transferred to desk', 'not transferred (agent_ended)',
      "the call was never transferred (expected to 'desk')", [], None)),
    ("billing", {'type': 'TRANSFERRED', 'config': {}},
     (False, 'transfer', 'transferred', 'not transferred (agent_ended)',
      'the call was never transferred', [], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'account'}},
     (True, 'account', 'extracted', '123456',
      "variable 'account' extracted as '123456'", [], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'vip', 'expectedValue': 'true'}},
     (True, 'vip', "= 'true'", 'true',
      "variable 'vip' extracted as 'true'", [], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'account', 'expectedValue': '654321'}},
     (False, 'account', "= '654321'", '123456',
      "variable 'account' is '123456', expected '654321'", [], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'account', 'pattern': '\\d{5}'}},
     (False, 'account', "matches '\\\\d{5}'", '123456',
      "variable 'account' is '123456', which does not fully match '\\\\d{5}'", [], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'zip', 'expectedValue': '123456'}},
     (False, 'zip', "= '123456'", None,
      "variable 'zip' was never extracted: the caller said it on turn 2 at node 'billing', which did not extract it", [3], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'zip', 'expectedValue': 'IT IS'}},
     (False, 'zip', "= 'IT IS'", None,
      "variable 'zip' was never extracted: the caller said it on turn 2 at node 'billing', which did not extract it", [3], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'zip', 'pattern': 'PLEASE'}},
     (False, 'zip', "matches 'PLEASE'", None,
      "variable 'zip' was never extracted: the caller said it on turn 1 at node 'start', which did not extract it", [1], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'zip', 'pattern': '\\d{5}-\\d{4}'}},
     (False, 'zip', "matches '\\\\d{5}-\\\\d{4}'", None,
      "variable 'zip' was never extracted: no caller turn matched '\\\\d{5}-\\\\d{4}'", [], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'zip', 'expectedValue': '90210'}},
     (False, 'zip', "= '90210'", None,
      "variable 'zip' was never extracted: the caller never said '90210'", [], None)),
    ("billing", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'zip'}},
     (False, 'zip', 'extracted', None,
      "variable 'zip' was never extracted: caller turns were on node(s) 'start', 'billing'", [], None)),
    ("silent", {'type': 'VARIABLE_EXTRACTED', 'config': {'variableName': 'zip'}},
     (False, 'zip', 'extracted', None,
      "variable 'zip' was never extracted: the caller never spoke", [], None)),
    ("billing", {'type': 'LLM_JUDGE', 'config': {'prompt': 'polite?', 'requiredPhrases': ['Thanks for calling', 'have a nice day', ' '], 'forbiddenPhrases': ['goodbye', 'guarantee']}},
     (False, 'polite?', "says 'Thanks for calling', 'have a nice day', ' '; never says 'goodbye', 'guarantee'", 'rubric score 0.50',
      "offline judge checked only the rubric (requiredPhrases/forbiddenPhrases), not the prompt: agent never said required phrase(s): 'have a nice day'; agent said forbidden phrase(s): 'goodbye'", [4], None)),
    ("billing", {'type': 'LLM_JUDGE', 'config': {'prompt': 'polite?', 'requiredPhrases': ['account number']}},
     (True, 'polite?', "says 'account number'", 'rubric score 1.00',
      'offline judge checked only the rubric (requiredPhrases/forbiddenPhrases), not the prompt: rubric satisfied', [], None)),
    ("billing", {'type': 'LLM_JUDGE', 'config': {'prompt': ''}},
     (False, 'judge', 'judge answers yes', None,
      'cannot judge offline: the offline backend checks only the rubric (config.requiredPhrases / config.forbiddenPhrases) and this LLM_JUDGE has none; add a rubric or run with the openai backend', [], None)),
    ("billing", {'type': 'BLAND_TONE', 'config': {'threshold': 0.9}},
     (True, 'agent tone', '>= 0.90', '1.00',
      'heuristic tone 1.00 (empathy 1.00 x0.4, conciseness 1.00 x0.3, no_repetition 1.00 x0.3; x courtesy 1.00) >= threshold 0.90', [],
      {'empathy': 1.0, 'conciseness': 1.0, 'no_repetition': 1.0, 'courtesy': 1.0})),
    ("tone", {"type": "BLAND_TONE", "config": {"threshold": 0.7}},
     (False, "agent tone", ">= 0.70", "0.70",
      "heuristic tone 0.70 (empathy 0.33 x0.4, conciseness 1.00 x0.3, no_repetition 0.89 x0.3; x courtesy 1.00) < threshold 0.70", [],
      {"empathy": 0.3333, "conciseness": 0.9969, "no_repetition": 0.8889, "courtesy": 1.0})),
]


@pytest.mark.parametrize(("conversation", "assertion", "expected"), CASES)
def test_the_whole_result_of_each_check(conversation: str, assertion: dict[str, Any], expected: Expected) -> None:
    result = check(Assertion.model_validate(assertion), 1, CONVERSATIONS[conversation](), RubricJudge())
    assert (result.passed, result.target, result.expected, result.actual, result.detail, result.turns, result.components) == expected


def test_the_tone_components_to_four_places() -> None:
    components = tone_components(tone_conversation())
    # empathy: 1 empathetic turn of the ceil(9 / 4) = 3 wanted; conciseness: (8 + 35/36) / 9; 1 repeat in 9
    assert components == {"empathy": round(1 / math.ceil(9 / 4), 4), "conciseness": round((8 + 35 / 36) / 9, 4),
                          "no_repetition": round(1 - 1 / 9, 4), "courtesy": 1.0}
    assert components == {"empathy": 0.3333, "conciseness": 0.9969, "no_repetition": 0.8889, "courtesy": 1.0}
    assert tone_score(components) == 0.6991  # 0.4 * 0.3333 + 0.3 * 0.9969 + 0.3 * 0.8889 = 0.69906


@pytest.mark.parametrize(("agent_turns", "empathetic", "empathy"), [(4, 1, 1.0), (5, 1, 0.5), (8, 2, 1.0), (8, 1, 0.5)])
def test_one_empathetic_turn_in_every_four_is_enough(agent_turns: int, empathetic: int, empathy: float) -> None:
    conv = Conversation(scenario_id="t")
    conv.transcript = [Turn("agent", "Thank you." if i < empathetic else f"Step {i}.", "n") for i in range(agent_turns)]
    assert tone_components(conv)["empathy"] == empathy


def test_the_rubric_score_is_the_share_of_rubric_checks_met() -> None:
    spoken = billing()
    half = rubric_judge(LlmJudgeConfig(prompt="p", required_phrases=["thanks for calling", "nice day"],
                                       forbidden_phrases=["goodbye", "refund"]), spoken)
    assert (half.passed, half.score, half.actual) == (False, 0.5, "rubric score 0.50")
    empty = rubric_judge(LlmJudgeConfig(prompt="p", required_phrases=["  "]), spoken)
    assert (empty.passed, empty.score, empty.actual) == (False, 0.0, None)
    assert empty.detail.startswith("cannot judge offline: the offline backend checks only the rubric (config.")


def test_the_rubric_reads_the_agent_turns_as_one_text() -> None:
    """The agent's turns are joined by whitespace, which normalising makes one space: a phrase may
    run from the end of one turn into the next (and nothing else is inserted between them)."""
    conv = Conversation(scenario_id="s")
    conv.transcript = [Turn("agent", "Please call", "a"), Turn("caller", "ok", "a"), Turn("agent", "back later.", "b")]
    assert rubric_judge(LlmJudgeConfig(prompt="p", required_phrases=["call back"]), conv).passed
    assert not rubric_judge(LlmJudgeConfig(prompt="p", required_phrases=["call ok"]), conv).passed


@pytest.mark.parametrize(("number", "index"), [(None, []), (0, []), (1, [1]), (2, [3]), (3, [])])
def test_the_nth_caller_turn_is_one_based_and_bounded(number: int | None, index: list[int]) -> None:
    ctx = CheckContext(Assertion.model_validate({"type": "NODE_REACHED", "config": {"nodeId": "x"}}), 0, billing(), RubricJudge())
    assert ctx.caller_turn(number) == index


def test_the_rubric_lists_every_missing_and_every_forbidden_phrase() -> None:
    outcome = rubric_judge(LlmJudgeConfig(prompt="p", required_phrases=["nice day", "see you"],
                                          forbidden_phrases=["goodbye", "fine"]), billing())
    assert outcome.detail.endswith(
        "agent never said required phrase(s): 'nice day', 'see you'; agent said forbidden phrase(s): 'goodbye', 'fine'"
    )


def test_a_false_boolean_reads_as_false() -> None:
    conv = billing()
    conv.extracted["vip"] = False
    result = check(Assertion.model_validate({"type": "VARIABLE_EXTRACTED", "config": {"variableName": "vip", "expectedValue": "false"}}),
                   0, conv, RubricJudge())
    assert (result.passed, result.actual) == (True, "false")


def test_long_texts_are_clipped_at_their_limits() -> None:
    conv = billing()
    long_turn = "account " + "x" * 150
    conv.transcript.append(Turn("agent", long_turn, "done", 100))
    result = check(Assertion.model_validate({"type": "REGEX_MATCH", "config": {"pattern": "account x", "speaker": "agent"}}),
                   0, conv, RubricJudge())
    assert result.detail == f"'account x' matched in agent turns: {long_turn[:99] + '…'!r}"
    prompt = "p" * 121
    judged = check(Assertion.model_validate({"type": "LLM_JUDGE", "config": {"prompt": prompt, "requiredPhrases": ["account"]}}),
                   0, conv, RubricJudge())
    assert judged.target == "p" * 119 + "…"
    assert check(Assertion.model_validate({"type": "LLM_JUDGE", "config": {"prompt": "p" * 120, "requiredPhrases": ["x"]}}),
                 0, conv, RubricJudge()).target == "p" * 120


@pytest.mark.parametrize(
    ("config", "passed", "detail"),
    [
        ({"minTurn": 1}, False, "transferred too early: caller turn 0 < minTurn 1"),
        ({"maxTurn": 1}, True, "transferred as expected"),
    ],
)
def test_a_transfer_at_the_start_is_caller_turn_zero(config: dict[str, Any], passed: bool, detail: str) -> None:
    result = check(Assertion.model_validate({"type": "TRANSFERRED", "config": config}), 0, transferred(turn=0), RubricJudge())
    assert (result.passed, result.detail) == (passed, detail)


def test_a_transfer_to_an_unknown_target_matches_no_expected_target() -> None:
    conv = transferred()
    conv.transfer_target = None
    result = check(Assertion.model_validate({"type": "TRANSFERRED", "config": {"target": "XXXX"}}), 0, conv, RubricJudge())
    assert not result.passed and result.detail == "transferred to None, expected 'XXXX'"


def test_the_tone_passes_at_exactly_the_threshold() -> None:
    result = check(Assertion.model_validate({"type": "BLAND_TONE", "config": {"threshold": 1.0}}), 0, billing(), RubricJudge())
    assert result.passed and result.detail.endswith(">= threshold 1.00")


class ToneModel(RubricJudge):
    """A backend with its own tone model: records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[Any, Any]] = []

    def tone(self, config: Any, conversation: Conversation) -> ToneOutcome | None:
        self.asked.append((config, conversation))
        return ToneOutcome(JudgeOutcome(passed=False, score=0.4, detail="model says curt", actual="0.40"), {"warmth": 0.4})


def test_a_backend_tone_model_replaces_the_heuristic() -> None:
    model, conv = ToneModel(), billing()
    assertion = Assertion.model_validate({"type": "BLAND_TONE", "config": {"threshold": 0.5}})
    result = check(assertion, 0, conv, model)
    assert (result.passed, result.target, result.expected, result.actual, result.detail, result.components) == (
        False, "agent tone", ">= 0.50", "0.40", "model says curt", {"warmth": 0.4}
    )
    assert model.asked == [(assertion.typed_config(), conv)]


def scored(*outcomes: tuple[str, float], threshold: float = 0.7) -> Any:
    """A scenario of NODE_REACHED assertions ("billing" passes on billing(), "person" fails) with these weights."""
    from tornado_operator.api.scenario import TestScenarioSpec
    from tornado_operator.engine.judge.evaluate import evaluate

    spec = TestScenarioSpec.model_validate({
        "pathwayId": "p", "passThreshold": threshold,
        "assertions": [{"type": "NODE_REACHED", "isRequired": False, "weight": w, "config": {"nodeId": n}} for n, w in outcomes],
    })
    return evaluate(spec, billing())


def test_the_score_is_the_weighted_share_to_six_places() -> None:
    assert scored(("billing", 1), ("person", 1), ("person", 1)).score == 0.333333
    assert scored(("billing", 0.5), ("person", 0.5)).score == 0.5  # a total weight of exactly 1
    assert scored(("billing", 1), ("person", 0)).score == 1.0


def test_with_no_weight_at_all_the_score_is_all_or_nothing() -> None:
    assert scored(("billing", 0), ("person", 0)).score == 0.0
    assert scored(("billing", 0), ("billing", 0)).score == 1.0


@pytest.mark.parametrize(("threshold", "passed"), [(0.49, True), (0.5, True), (0.51, False)])
def test_the_scenario_passes_at_exactly_its_threshold(threshold: float, passed: bool) -> None:
    assert scored(("billing", 1), ("person", 1), threshold=threshold).passed is passed


def test_evaluate_uses_the_backends_judge_when_given() -> None:
    from tornado_operator.api.scenario import TestScenarioSpec
    from tornado_operator.engine.judge.evaluate import evaluate

    spec = TestScenarioSpec.model_validate({"pathwayId": "p", "assertions": [{"name": "warm", "type": "BLAND_TONE", "config": {"threshold": 0.5}}]})
    [result] = evaluate(spec, billing(), ToneModel()).results
    assert (result.detail, result.name) == ("model says curt", "warm")
    assert evaluate(spec, billing()).results[0].detail.startswith("heuristic tone 1.00")


@pytest.mark.parametrize(("threshold", "passed"), [(0.250000001, True), (0.2500001, False)])
def test_a_threshold_above_the_score_by_float_noise_still_passes(threshold: float, passed: bool) -> None:
    """The pass rule allows 1e-9 for float error: a score of exactly 1/4 meets a threshold of 0.25 + 1e-9."""
    assert scored(("billing", 1), ("person", 1), ("person", 1), ("person", 1), threshold=threshold).passed is passed


def test_an_agent_that_never_spoke_has_no_empathy_but_nothing_long_or_repeated() -> None:
    conv = Conversation(scenario_id="s")
    conv.transcript = [Turn("caller", "hello?", "n"), Turn("agent", "  ", "n")]
    assert tone_components(conv) == {"empathy": 0.0, "conciseness": 1.0, "no_repetition": 1.0, "courtesy": 1.0}


def _agent(*texts: str) -> Conversation:
    conv = Conversation(scenario_id="t")
    conv.transcript = [Turn("agent", text, "n", 100) for text in texts]
    return conv


def test_a_curt_agent_is_not_made_kind_by_one_thank_you() -> None:
    # one empathetic turn in four would give empathy 1.0; three curt turns of four take it down
    curt = _agent("Thanks for calling Pine Ridge.", "Whatever. What's the address?", "Like I said, Tuesday.", "Calm down, it's coming.")
    components = tone_components(curt)
    assert components["empathy"] == 1.0 and components["courtesy"] == 0.25
    assert tone_score(components) == 0.25  # (0.4 + 0.3 + 0.3) * 0.25
    kind = _agent("Thanks for calling Pine Ridge.", "What's the address?", "That's Tuesday.", "It's on its way.")
    assert tone_components(kind)["courtesy"] == 1.0 and tone_score(tone_components(kind)) == 1.0


def test_a_curt_phrase_is_a_whole_phrase() -> None:
    assert tone_components(_agent("Whatever. Next?"))["courtesy"] == 0.0  # a sentence of its own
    assert tone_components(_agent("We cover whatever you need."))["courtesy"] == 1.0  # not in a kind sentence
    assert tone_components(_agent("Pugh Street is on the left."))["courtesy"] == 1.0  # "ugh" inside a word is not


def test_one_sentence_said_twice_in_a_turn_is_repetition() -> None:
    assert tone_components(_agent("Please hold. Please hold."))["no_repetition"] == 0.0
    assert tone_components(_agent("Please hold. I'll check."))["no_repetition"] == 1.0

"""The assertion engine: every AssertionType passing and failing, weights, required, thresholds."""

from __future__ import annotations

from typing import Any

import pytest

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import AssertionType, TestScenarioSpec
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.judge.tone import tone_components, tone_score
from tornado_operator.engine.sim.conversation import Conversation, Turn, aggregate_latency
from tornado_operator.engine.sim.interpreter import simulate

GRAPH = PathwayGraph.model_validate(
    {
        "nodes": [
            {"id": "start", "isStart": True, "text": "Hi, thanks for calling. Billing or transfer?"},
            {
                "id": "billing",
                "text": "Account number please.",
                "extractVars": [{"name": "account", "pattern": r"\b(\d{6})\b"}],
            },
            {
                "id": "hook",
                "type": "webhook",
                "webhook": {"url": "https://api.example/v1/lookup/{{account}}", "method": "GET"},
            },
            {"id": "done", "type": "end_call", "text": "Your account {{account}} is fine. Goodbye!"},
            {"id": "person", "type": "transfer", "transfer": {"target": "desk"}, "text": "Transferring."},
        ],
        "edges": [
            {"id": "b", "source": "start", "target": "billing", "match": {"keywords": ["billing"]}},
            {"id": "t", "source": "start", "target": "person", "match": {"keywords": ["transfer"]}},
            {"id": "h", "source": "billing", "target": "hook", "match": {"patterns": [r"\d{6}"]}},
            {"id": "d", "source": "hook", "target": "done", "match": {"always": True}},
        ],
    }
)
BILLING = ["billing please", "it is 123456"]
TRANSFER = ["hmm", "transfer me"]


def run(messages: list[str], *assertions: dict[str, Any], **extra: Any) -> tuple[bool, float, list[Any]]:
    spec = TestScenarioSpec.model_validate(
        {"pathwayId": "p", "inputMessages": messages, "assertions": list(assertions), **extra}
    )
    conv = simulate(GRAPH, spec)
    evaluation = evaluate(spec, conv)
    return evaluation.passed, evaluation.score, evaluation.results


def one(messages: list[str], type_: str, config: dict[str, Any]) -> Any:
    passed, _score, results = run(messages, {"type": type_, "config": config})
    assert len(results) == 1
    assert passed == results[0].passed
    return results[0]


CASES: list[tuple[str, dict[str, Any], list[str], bool]] = [
    ("LLM_JUDGE", {"prompt": "polite?", "requiredPhrases": ["thanks for calling"]}, BILLING, True),
    ("LLM_JUDGE", {"prompt": "polite?", "requiredPhrases": ["have a great day"]}, BILLING, False),
    ("LLM_JUDGE", {"prompt": "no promises", "forbiddenPhrases": ["guarantee"]}, BILLING, True),
    ("LLM_JUDGE", {"prompt": "no goodbye", "forbiddenPhrases": ["GOODBYE"]}, BILLING, False),
    ("BLAND_TONE", {"threshold": 0.6}, BILLING, True),
    ("BLAND_TONE", {"threshold": 0.99}, ["x", "y", "z", "w"], False),
    ("VARIABLE_EXTRACTED", {"variableName": "account"}, BILLING, True),
    ("VARIABLE_EXTRACTED", {"variableName": "account", "expectedValue": "123456"}, BILLING, True),
    ("VARIABLE_EXTRACTED", {"variableName": "account", "expectedValue": "654321"}, BILLING, False),
    ("VARIABLE_EXTRACTED", {"variableName": "account", "pattern": r"\d{6}"}, BILLING, True),
    ("VARIABLE_EXTRACTED", {"variableName": "account", "pattern": r"\d{5}"}, BILLING, False),
    ("VARIABLE_EXTRACTED", {"variableName": "account"}, TRANSFER, False),
    ("NODE_REACHED", {"nodeId": "billing"}, BILLING, True),
    ("NODE_REACHED", {"nodeId": "person"}, BILLING, False),
    ("NODES_VISITED", {"nodeIds": ["start", "billing", "done"]}, BILLING, True),
    ("NODES_VISITED", {"nodeIds": ["done", "billing"]}, BILLING, False),
    ("NODES_VISITED", {"nodeIds": ["done", "billing"], "inOrder": False}, BILLING, True),
    ("NODES_VISITED", {"nodeIds": ["done", "person"], "inOrder": False}, BILLING, False),
    ("WEBHOOK_TRIGGERED", {}, BILLING, True),
    ("WEBHOOK_TRIGGERED", {"url": "/v1/lookup/123456", "method": "get", "nodeId": "hook"}, BILLING, True),
    ("WEBHOOK_TRIGGERED", {"method": "POST"}, BILLING, False),
    ("WEBHOOK_TRIGGERED", {}, TRANSFER, False),
    ("REGEX_MATCH", {"pattern": r"account \d{6} is fine"}, BILLING, True),
    ("REGEX_MATCH", {"pattern": "transfer me", "speaker": "caller"}, TRANSFER, True),
    ("REGEX_MATCH", {"pattern": "transfer me", "speaker": "agent"}, TRANSFER, False),
    ("REGEX_MATCH", {"pattern": "sorry", "speaker": "any", "shouldMatch": False}, BILLING, True),
    ("REGEX_MATCH", {"pattern": "goodbye", "shouldMatch": False}, BILLING, False),
    ("CALL_ENDED_BY_AGENT", {"expected": True}, BILLING, True),
    ("CALL_ENDED_BY_AGENT", {"expected": True}, TRANSFER, False),
    ("CALL_ENDED_BY_AGENT", {"expected": False}, TRANSFER, True),
    ("CALL_ENDED_BY_AGENT", {"expected": False}, BILLING, False),
    ("TRANSFERRED", {"expected": True, "target": "DESK", "minTurn": 2, "maxTurn": 2}, TRANSFER, True),
    ("TRANSFERRED", {"expected": True}, BILLING, False),
    ("TRANSFERRED", {"expected": True, "target": "elsewhere"}, TRANSFER, False),
    ("TRANSFERRED", {"expected": True, "maxTurn": 1}, TRANSFER, False),
    ("TRANSFERRED", {"expected": True, "minTurn": 3}, TRANSFER, False),
    ("TRANSFERRED", {"expected": False}, BILLING, True),
    ("TRANSFERRED", {"expected": False}, TRANSFER, False),
    ("LATENCY_BELOW", {"maxMs": 1000}, BILLING, True),
    ("LATENCY_BELOW", {"maxMs": 400, "aggregate": "avg"}, BILLING, False),
    ("LATENCY_BELOW", {"maxMs": 400, "aggregate": "p95"}, BILLING, False),
]


@pytest.mark.parametrize(("type_", "config", "messages", "expected"), CASES)
def test_assertion_types(type_: str, config: dict[str, Any], messages: list[str], expected: bool) -> None:
    result = one(messages, type_, config)
    assert result.passed is expected, result.detail
    assert result.type.value == type_
    assert result.assertion_id == f"{type_}#0"
    assert result.label() == f"{type_}#0"
    assert result.target and result.expected and result.detail


def test_every_assertion_type_is_covered_both_ways() -> None:
    outcomes = {(type_, expected) for type_, _c, _m, expected in CASES}
    for type_ in AssertionType:
        assert (type_.value, True) in outcomes and (type_.value, False) in outcomes, type_


def test_llm_judge_offline_says_it_checked_only_the_rubric() -> None:
    result = one(BILLING, "LLM_JUDGE", {"prompt": "Was it polite?", "requiredPhrases": ["thanks for calling"]})
    assert "rubric" in result.detail and "offline" in result.detail


def test_llm_judge_without_rubric_fails_honestly() -> None:
    result = one(BILLING, "LLM_JUDGE", {"prompt": "Was the agent empathetic?"})
    assert result.passed is False
    assert "cannot judge offline" in result.detail and "openai" in result.detail


def test_variable_details() -> None:
    result = one(BILLING, "VARIABLE_EXTRACTED", {"variableName": "account", "expectedValue": "654321"})
    assert result.actual == "123456"
    assert "expected '654321'" in result.detail
    missing = one(TRANSFER, "VARIABLE_EXTRACTED", {"variableName": "account"})
    assert missing.actual is None and "never extracted" in missing.detail


def test_transfer_timing_details() -> None:
    late = one(TRANSFER, "TRANSFERRED", {"expected": True, "maxTurn": 1})
    assert "too late" in late.detail
    early = one(TRANSFER, "TRANSFERRED", {"expected": True, "minTurn": 3})
    assert "too early" in early.detail


def test_bland_tone_components_are_reported() -> None:
    result = one(BILLING, "BLAND_TONE", {"threshold": 0.5})
    assert result.components is not None
    assert set(result.components) == {"empathy", "conciseness", "no_repetition", "courtesy"}
    assert result.actual == f"{tone_score(result.components):.2f}"
    for name in result.components:
        assert name in result.detail


def test_bland_tone_heuristic() -> None:
    def conv(*texts: str) -> Conversation:
        return Conversation(scenario_id="s", transcript=[Turn("agent", text, "n") for text in texts])

    kind = tone_components(conv("Thanks for calling!", "Sure, one moment.", "Done.", "Anything else?"))
    assert kind == {"empathy": 1.0, "conciseness": 1.0, "no_repetition": 1.0, "courtesy": 1.0}
    cold = tone_components(conv("State your account.", "State your account.", "State your account.", "State your account."))
    assert cold["empathy"] == 0.0 and cold["no_repetition"] == 0.25
    wordy = tone_components(conv(" ".join(["word"] * 70)))
    assert wordy["conciseness"] == 0.5
    assert tone_score({"empathy": 1.0, "conciseness": 0.5, "no_repetition": 1.0}) == pytest.approx(0.85)


def test_aggregate_latency() -> None:
    assert aggregate_latency([], "max") == 0
    values = list(range(1, 21))
    assert aggregate_latency(values, "max") == 20
    assert aggregate_latency(values, "avg") == 10.5
    assert aggregate_latency(values, "p95") == 19


def test_weighted_score_and_threshold() -> None:
    ok = {"type": "NODE_REACHED", "config": {"nodeId": "billing"}, "weight": 3}
    bad = {"type": "NODE_REACHED", "config": {"nodeId": "person"}, "weight": 1, "isRequired": False}
    passed, score, _ = run(BILLING, ok, bad, passThreshold=0.7)
    assert score == pytest.approx(0.75)
    assert passed is True
    passed, score, _ = run(BILLING, ok, bad, passThreshold=0.8)
    assert passed is False


def test_required_assertion_failure_fails_the_scenario() -> None:
    ok = {"type": "NODE_REACHED", "config": {"nodeId": "billing"}, "weight": 99}
    bad = {"type": "NODE_REACHED", "config": {"nodeId": "person"}, "weight": 1}
    passed, score, _ = run(BILLING, ok, bad, passThreshold=0.5)
    assert score == pytest.approx(0.99)
    assert passed is False


def test_no_assertions_passes_and_zero_weights() -> None:
    assert run(BILLING)[:2] == (True, 1.0)
    zero = {"type": "NODE_REACHED", "config": {"nodeId": "billing"}, "weight": 0}
    assert run(BILLING, zero)[:2] == (True, 1.0)


def test_ids_and_order() -> None:
    _, _, results = run(
        BILLING,
        {"type": "NODE_REACHED", "config": {"nodeId": "billing"}, "order": 2},
        {"id": "first", "type": "NODE_REACHED", "config": {"nodeId": "start"}, "order": 1},
        {"name": "named", "type": "NODE_REACHED", "config": {"nodeId": "done"}, "order": 3},
    )
    assert [r.assertion_id for r in results] == ["first", "NODE_REACHED#0", "named"]
    assert [r.label() for r in results] == ["NODE_REACHED 'first'", "NODE_REACHED#0", "NODE_REACHED 'named'"]


def test_scenario_error_fails_with_zero_score() -> None:
    passed, score, results = run(
        BILLING, {"type": "NODE_REACHED", "config": {"nodeId": "start"}, "isRequired": False}, startNodeId="nope"
    )
    assert (passed, score) == (False, 0.0)
    assert len(results) == 1

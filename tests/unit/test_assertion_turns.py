"""Where a failed assertion shows in the transcript (AssertionResult.turns): the turns a report
marks. A pass marks nothing; a failure of the call as a whole (a node never reached, a phrase
never said) marks no single turn."""

from __future__ import annotations

from typing import Any

from test_assertions import BILLING, TRANSFER, one, run

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.sim.interpreter import simulate


def texts(messages: list[str], result: Any) -> list[str]:
    from test_assertions import GRAPH

    conversation = simulate(GRAPH, TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": messages}))
    return [conversation.transcript[index].text for index in result.turns]


def test_a_pass_marks_no_turn() -> None:
    result = one(BILLING, "REGEX_MATCH", {"pattern": "account number", "speaker": "agent"})
    assert result.passed and result.turns == []


def test_a_forbidden_pattern_marks_every_turn_it_matched() -> None:
    result = one(BILLING, "REGEX_MATCH", {"pattern": "account", "speaker": "agent", "shouldMatch": False})
    assert not result.passed
    assert texts(BILLING, result) == ["Account number please.", "Your account 123456 is fine. Goodbye!"]


def test_a_phrase_never_said_marks_the_whole_call() -> None:
    result = one(BILLING, "REGEX_MATCH", {"pattern": "refund", "speaker": "agent"})
    assert not result.passed and result.turns == []
    result = one(BILLING, "LLM_JUDGE", {"prompt": "p", "requiredPhrases": ["refund"]})
    assert not result.passed and result.turns == []


def test_a_forbidden_phrase_marks_the_agent_turn_that_said_it() -> None:
    result = one(BILLING, "LLM_JUDGE", {"prompt": "p", "forbiddenPhrases": ["is fine"]})
    assert not result.passed and texts(BILLING, result) == ["Your account 123456 is fine. Goodbye!"]


def test_a_variable_never_extracted_marks_the_caller_turn_that_said_it() -> None:
    graph = PathwayGraph.model_validate({
        "nodes": [{"id": "start", "isStart": True, "text": "Hi."}, {"id": "end", "type": "end_call", "text": "Bye."}],
        "edges": [{"id": "e", "source": "start", "target": "end", "match": {"keywords": ["bye"]}}],
    })
    spec = TestScenarioSpec.model_validate({
        "pathwayId": "p", "inputMessages": ["my zip is 94110", "bye"],
        "assertions": [{"type": "VARIABLE_EXTRACTED", "config": {"variableName": "zip", "expectedValue": "94110"}}],
    })
    conversation = simulate(graph, spec)
    (result,) = evaluate(spec, conversation).results
    assert not result.passed
    assert [conversation.transcript[i].text for i in result.turns] == ["my zip is 94110"]


def test_transfers_and_the_end_of_the_call_mark_the_last_turn() -> None:
    result = one(TRANSFER, "TRANSFERRED", {"expected": False})
    assert not result.passed and texts(TRANSFER, result) == ["Transferring."]
    result = one(TRANSFER, "TRANSFERRED", {"target": "somewhere-else"})
    assert not result.passed and texts(TRANSFER, result) == ["Transferring."]
    result = one(TRANSFER, "CALL_ENDED_BY_AGENT", {})
    assert not result.passed and texts(TRANSFER, result) == ["Transferring."]
    result = one(BILLING, "TRANSFERRED", {})  # never transferred: the call as a whole
    assert not result.passed and result.turns == []


def test_slow_turns_are_marked() -> None:
    passed, _, results = run(BILLING, {"type": "LATENCY_BELOW", "config": {"maxMs": 1}})
    (result,) = results
    assert not passed and result.turns
    passed, _, results = run(BILLING, {"type": "LATENCY_BELOW", "config": {"maxMs": 100000}})
    assert passed and results[0].turns == []

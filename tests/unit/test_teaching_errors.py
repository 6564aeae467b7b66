"""Errors that teach: the exact field path, what was expected, the valid keys and the closest match."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tornado_operator.api.errors import closest, validation_lines
from tornado_operator.api.pathway import PathwaySpec
from tornado_operator.api.scenario import ASSERTION_CONFIGS, AssertionType, TestScenarioSpec
from tornado_operator.api.session import TornadoSessionSpec


def lines_of(assertion: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": ["hi"], "assertions": [{"name": "ok", "type": "CALL_ENDED_BY_AGENT"}, assertion]})
    return validation_lines(exc.value, "spec.")


@pytest.mark.parametrize(
    ("assertion", "expected"),
    [
        (  # a misspelling of one of the type's keys: the closest match, and the valid keys
            {"type": "NODE_REACHED", "config": {"nodeid": "billing"}},
            [
                'spec.assertions[1].config.nodeid: unknown NODE_REACHED key (did you mean "nodeId"?); NODE_REACHED keys: nodeId',
                "spec.assertions[1].config.nodeId: required for NODE_REACHED (The node the conversation must reach: a node id of the pathway)",
            ],
        ),
        (  # a key of another type
            {"type": "NODE_REACHED", "config": {"nodeId": "billing", "inOrder": True}},
            ["spec.assertions[1].config.inOrder: unknown NODE_REACHED key (inOrder is a NODES_VISITED key); NODE_REACHED keys: nodeId"],
        ),
        (  # a key shared by two other types
            {"type": "LATENCY_BELOW", "config": {"maxMs": 900, "expected": True}},
            [
                "spec.assertions[1].config.expected: unknown LATENCY_BELOW key (expected is a CALL_ENDED_BY_AGENT / TRANSFERRED key); "
                "LATENCY_BELOW keys: maxMs, aggregate"
            ],
        ),
        (  # a misspelling of another type's key
            {"type": "TRANSFERRED", "config": {"expectedValu": "x"}},
            [
                'spec.assertions[1].config.expectedValu: unknown TRANSFERRED key (did you mean "expectedValue", a VARIABLE_EXTRACTED key?); '
                "TRANSFERRED keys: expected, target, minTurn, maxTurn"
            ],
        ),
        (  # nothing close: just the valid keys
            {"type": "REGEX_MATCH", "config": {"pattern": "x", "bogus": 1}},
            ["spec.assertions[1].config.bogus: unknown REGEX_MATCH key; REGEX_MATCH keys: pattern, speaker, shouldMatch"],
        ),
        (  # wrong types name the expected one and what was given
            {"type": "NODES_VISITED", "config": {"nodeIds": "billing", "inOrder": "sometimes"}},
            [
                'spec.assertions[1].config.nodeIds: expected a list, got "billing" (a string)',
                'spec.assertions[1].config.inOrder: expected a boolean (true or false), got "sometimes" (a string)',
            ],
        ),
        (
            {"type": "LATENCY_BELOW", "config": {"maxMs": "fast"}},
            ['spec.assertions[1].config.maxMs: expected an integer, got "fast" (a string)'],
        ),
        (
            {"type": "TRANSFERRED", "config": {"target": 15555550142}},
            ["spec.assertions[1].config.target: expected a string, got 15555550142 (an integer)"],
        ),
        (  # bounds and enums
            {"type": "LATENCY_BELOW", "config": {"maxMs": 0, "aggregate": "mean"}},
            [
                "spec.assertions[1].config.maxMs: must be >= 1, got 0 (an integer)",
                'spec.assertions[1].config.aggregate: expected one of max, avg, p95, got "mean" (a string)',
            ],
        ),
        (
            {"type": "REGEX_MATCH", "config": {"pattern": "x", "speaker": "agnet"}},
            ['spec.assertions[1].config.speaker: expected one of agent, caller, any, got "agnet" (a string); did you mean "agent"?'],
        ),
        (  # a misspelt type
            {"type": "NODE_REACH", "config": {"nodeId": "billing"}},
            [
                "spec.assertions[1].type: expected one of LLM_JUDGE, BLAND_TONE, VARIABLE_EXTRACTED, NODE_REACHED, NODES_VISITED, "
                "WEBHOOK_TRIGGERED, REGEX_MATCH, CALL_ENDED_BY_AGENT, TRANSFERRED, LATENCY_BELOW, "
                'got "NODE_REACH" (a string); did you mean "NODE_REACHED"?'
            ],
        ),
        (  # regexes compile
            {"type": "VARIABLE_EXTRACTED", "config": {"variableName": "zip", "pattern": "(\\d{5}"}},
            ["spec.assertions[1].config.pattern: invalid regular expression '(\\\\d{5}': missing ), unterminated subpattern at position 0"],
        ),
    ],
)
def test_config_errors(assertion: dict[str, Any], expected: list[str]) -> None:
    assert lines_of(assertion) == expected


def test_snake_case_keys_are_accepted_too() -> None:
    spec = TestScenarioSpec.model_validate({"pathwayId": "p", "assertions": [{"type": "NODE_REACHED", "config": {"node_id": "x"}}]})
    assert spec.assertions[0].typed_config().node_id == "x"  # type: ignore[union-attr]


def test_every_type_accepts_its_own_keys_and_rejects_the_others() -> None:
    every = {name for model in ASSERTION_CONFIGS.values() for name in model.wire_names()}
    for kind, model in ASSERTION_CONFIGS.items():
        for key in every - set(model.wire_names()):
            lines = lines_of({"type": kind.value, "config": {key: None}})
            assert lines[0].startswith(f"spec.assertions[1].config.{key}: unknown {kind.value} key ({key} is a "), lines[0]
            assert lines[0].endswith(f"{kind.value} keys: {', '.join(model.wire_names())}")


def test_unknown_fields_of_any_resource_name_the_closest_and_the_valid_ones() -> None:
    with pytest.raises(ValidationError) as exc:
        TornadoSessionSpec.model_validate({"pathwayId": "p", "maxIteration": 3, "timeoutMs": "soon"})
    assert validation_lines(exc.value, "spec.") == [
        'spec.maxIteration: unknown field (did you mean "maxIterations"?); valid fields: ' + ", ".join(TornadoSessionSpec.wire_names()),
        'spec.timeoutMs: expected an integer, got "soon" (a string)',  # the other fields are still checked
    ]
    with pytest.raises(ValidationError) as exc:
        PathwaySpec.model_validate({"nodes": [{"id": "a", "isStart": True, "txt": "hello"}]})
    (line,) = validation_lines(exc.value, "spec.")
    assert line.startswith('spec.nodes[0].txt: unknown field (did you mean "text"?); valid fields: id, name, type, isStart, text,')


def test_closest() -> None:
    assert closest("inputMessage", ["inputMessages", "maxTurns"]) == "inputMessages"
    assert closest("NODEID", ["nodeId"]) == "nodeId"
    assert closest("zzz", ["nodeId"]) is None
    assert {kind.value for kind in AssertionType} == {kind.value for kind in ASSERTION_CONFIGS}

"""Model validation with real bad input: every error names the field."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from pydantic import ValidationError

from tornado_operator.api.pathway import Pathway, PathwayGraph
from tornado_operator.api.scenario import Assertion, TestScenario
from tornado_operator.api.session import TornadoSession


def error_text(exc: ValidationError) -> str:
    return "\n".join(
        ".".join(str(part) for part in error["loc"]) + ": " + error["msg"] for error in exc.errors()
    )


def session(**spec: Any) -> TornadoSession:
    return TornadoSession.model_validate({"metadata": {"name": "s"}, "spec": {"pathwayId": "support", **spec}})


def graph(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "startNodeId": "greet",
        "nodes": [{"id": "greet", "text": "Hello"}, {"id": "bye", "type": "end_call", "text": "Bye"}],
        "edges": [{"id": "e1", "source": "greet", "target": "bye", "match": {"keywords": ["bye"]}}],
    }
    base.update(extra)
    return base


def test_stdlib_operator_is_not_shadowed() -> None:
    operator = importlib.import_module("operator")
    assert operator.__file__ is not None and "tornado" not in operator.__file__
    assert hasattr(operator, "itemgetter")


def test_session_defaults() -> None:
    spec = session().spec
    assert (spec.max_iterations, spec.timeout_ms, spec.cancel) == (5, 900_000, False)
    assert spec.scenario_ids is None


def test_51_scenario_ids_rejected() -> None:
    with pytest.raises(ValidationError) as exc:
        session(scenarioIds=[f"s{i}" for i in range(51)])
    assert "spec.scenarioIds" in error_text(exc.value)
    assert "at most 50" in error_text(exc.value)


def test_duplicate_scenario_ids_rejected() -> None:
    with pytest.raises(ValidationError) as exc:
        session(scenarioIds=["a", "b", "a"])
    text = error_text(exc.value)
    assert "spec.scenarioIds" in text and "duplicate scenario id 'a'" in text


@pytest.mark.parametrize("value", [0, 21])
def test_max_iterations_bounds(value: int) -> None:
    with pytest.raises(ValidationError) as exc:
        session(maxIterations=value)
    assert "spec.maxIterations" in error_text(exc.value)


@pytest.mark.parametrize("value", [-1, 999, 86_400_001])
def test_timeout_bounds(value: int) -> None:
    with pytest.raises(ValidationError) as exc:
        session(timeoutMs=value)
    assert "spec.timeoutMs" in error_text(exc.value)


def test_pathway_id_must_be_dns_label() -> None:
    with pytest.raises(ValidationError) as exc:
        session(pathwayId="Not_A_Label")
    assert "spec.pathwayId" in error_text(exc.value)


def test_missing_pathway_id() -> None:
    with pytest.raises(ValidationError) as exc:
        TornadoSession.model_validate({"spec": {}})
    assert "spec.pathwayId: Field required" in error_text(exc.value)


def test_unknown_spec_field_is_an_error() -> None:
    with pytest.raises(ValidationError) as exc:
        session(maxIteration=3)
    assert "spec.maxIteration" in error_text(exc.value)


def test_valid_pathway() -> None:
    pathway = Pathway.model_validate({"metadata": {"name": "p"}, "spec": graph()})
    assert pathway.spec.start_node == "greet"
    assert [edge.id for edge in pathway.spec.outgoing("greet")] == ["e1"]


def test_edge_to_missing_node() -> None:
    bad = graph(edges=[{"id": "e1", "source": "greet", "target": "nowhere"}])
    with pytest.raises(ValidationError) as exc:
        PathwayGraph.model_validate(bad)
    assert "edges[0].target" in error_text(exc.value) and "'nowhere'" in error_text(exc.value)


def test_two_start_nodes() -> None:
    bad = graph(
        startNodeId=None,
        nodes=[{"id": "a", "isStart": True}, {"id": "b", "isStart": True}],
        edges=[],
    )
    with pytest.raises(ValidationError) as exc:
        PathwayGraph.model_validate(bad)
    assert "2 start nodes (a, b)" in error_text(exc.value)


def test_no_start_node() -> None:
    with pytest.raises(ValidationError) as exc:
        PathwayGraph.model_validate(graph(startNodeId=None))
    assert "startNodeId" in error_text(exc.value)


def test_duplicate_node_ids() -> None:
    with pytest.raises(ValidationError) as exc:
        PathwayGraph.model_validate(graph(nodes=[{"id": "greet"}, {"id": "greet"}], edges=[]))
    assert "nodes[1].id: duplicate node id 'greet'" in error_text(exc.value)


def test_webhook_node_needs_webhook() -> None:
    with pytest.raises(ValidationError) as exc:
        PathwayGraph.model_validate(graph(nodes=[{"id": "greet", "type": "webhook"}], edges=[]))
    assert "has type webhook but no webhook" in error_text(exc.value)


def test_bad_regex_names_pattern() -> None:
    bad = graph(edges=[{"id": "e1", "source": "greet", "target": "bye", "match": {"patterns": ["(unclosed"]}}])
    with pytest.raises(ValidationError) as exc:
        PathwayGraph.model_validate(bad)
    assert "edges.0.match.patterns" in error_text(exc.value)


def scenario(**spec: Any) -> TestScenario:
    return TestScenario.model_validate({"metadata": {"name": "t"}, "spec": {"pathwayId": "support", **spec}})


def test_scenario_defaults() -> None:
    spec = scenario().spec
    assert (spec.max_turns, spec.enabled, spec.scenario_type.value) == (20, True, "REPLAY")


def test_unknown_assertion_type() -> None:
    with pytest.raises(ValidationError) as exc:
        scenario(assertions=[{"type": "VIBES_CHECK"}])
    text = error_text(exc.value)
    assert "spec.assertions.0.type" in text and "NODE_REACHED" in text


def test_assertion_config_is_typed() -> None:
    with pytest.raises(ValidationError) as exc:
        scenario(assertions=[{"type": "NODE_REACHED", "config": {"node": "x"}}])
    text = error_text(exc.value)
    assert "config.nodeId: required for NODE_REACHED" in text and 'config.node: unknown NODE_REACHED key (did you mean "nodeId"?)' in text
    good = Assertion.model_validate({"type": "LATENCY_BELOW", "config": {"maxMs": 800}})
    assert good.typed_config().model_dump() == {"max_ms": 800, "aggregate": "max"}


def test_max_turns_at_most_50() -> None:
    with pytest.raises(ValidationError) as exc:
        scenario(maxTurns=51)
    assert "spec.maxTurns" in error_text(exc.value)


def test_scenario_needs_a_target() -> None:
    with pytest.raises(ValidationError) as exc:
        TestScenario.model_validate({"spec": {}})
    assert "pathwayId" in error_text(exc.value)


def test_every_assertion_type_has_a_config_model() -> None:
    from tornado_operator.api.scenario import ASSERTION_CONFIGS, AssertionType

    assert set(ASSERTION_CONFIGS) == set(AssertionType)

"""Small helpers for the fixer tests on made-up pathways: a scenario, one iteration of the loop
run until it settles, and whether a scenario passes on a version."""

from __future__ import annotations

from typing import Any

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.iteration import run_iteration
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.sim.interpreter import simulate


def scenario(messages: list[str], *assertions: dict[str, Any]) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": messages, "assertions": list(assertions)})


def extracted(variable: str, pattern: str) -> dict[str, Any]:
    return {"id": variable, "type": "VARIABLE_EXTRACTED", "config": {"variableName": variable, "pattern": pattern}}


def reached(node: str) -> dict[str, Any]:
    return {"type": "NODE_REACHED", "config": {"nodeId": node}}


def settle(graph: PathwayGraph, scenarios: dict[str, TestScenarioSpec], iterations: int = 3) -> PathwayGraph:
    """The version after up to `iterations` fix rounds (a later turn's fix waits for the route)."""
    for _ in range(iterations):
        result = run_iteration(graph=graph, version_number=1, scenarios=list(scenarios.items()), iteration=1,
                               max_iterations=5, previous=None, unfixable_ids=[])
        if result.forked_graph is None:
            break
        graph = result.forked_graph
    return graph


def passes(graph: PathwayGraph, spec: TestScenarioSpec) -> bool:
    return evaluate(spec, simulate(graph, spec)).passed


def repaired_alike(graph: PathwayGraph, train: TestScenarioSpec, held_out: TestScenarioSpec, *kept: TestScenarioSpec) -> None:
    """The loop repairs `train`, and `held_out` (never shown to the fixer) with it, and every
    scenario of `kept` passes before and after."""
    assert not passes(graph, train) and not passes(graph, held_out) and all(passes(graph, spec) for spec in kept)
    fixed = settle(graph, {"train": train, **{f"kept-{at}": spec for at, spec in enumerate(kept)}})
    assert passes(fixed, train)
    assert passes(fixed, held_out)
    assert all(passes(fixed, spec) for spec in kept)


def asks_one_thing(
    greeting: str, label: str, keywords: list[str], question: str, closing: str, extract: list[dict[str, Any]] | None = None
) -> PathwayGraph:
    """A line that takes one kind of call (`keywords`), asks one question (extracting `extract`,
    if given) and closes: where an extraction loop test's answer is said."""
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": greeting},
            {"id": "ask", "text": question, "extractVars": extract or []},
            {"id": "done", "type": "end_call", "text": closing},
        ],
        "edges": [
            {"id": "to-ask", "source": "greet", "target": "ask", "label": label, "match": {"keywords": keywords}},
            {"id": "to-done", "source": "ask", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })

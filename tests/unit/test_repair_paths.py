"""Where a failed path assertion says the call should have gone (repair/paths.py), and the
turn that took it elsewhere (repair/analysis.py): a call transferred to the wrong number is a
wrong route, a node that ends the call leads nowhere, a global node is reached from any node
that does not."""

from __future__ import annotations

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.repair.analysis import analyse
from tornado_operator.engine.repair.paths import path_targets, reaches
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.interpreter import simulate

GRAPH = PathwayGraph.model_validate({
    "nodes": [
        {"id": "menu", "isStart": True, "text": "Clinic line, how can I help?"},
        {"id": "billing", "type": "transfer", "transfer": {"target": "+1-555-0100"}, "text": "Billing, one moment."},
        {"id": "nurse", "type": "transfer", "transfer": {"target": "+1-555-0199"}, "text": "A nurse, one moment.",
         "isGlobal": True, "globalMatch": {"keywords": ["nurse"]}},
        {"id": "hours", "text": "We're open 8 to 5. Anything else?"},
        {"id": "bye", "type": "end_call", "text": "Goodbye."},
    ],
    "edges": [
        {"id": "to-billing", "source": "menu", "target": "billing", "match": {"keywords": ["bill", "charge"]}},
        {"id": "to-hours", "source": "menu", "target": "hours", "match": {"keywords": ["hours", "open"]}},
        {"id": "hours-bye", "source": "hours", "target": "bye", "match": {"always": True}},
    ],
})
COMPILED = CompiledGraph(GRAPH)


def transferred_to(number: str, *messages: str) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": list(messages), "assertions": [
        {"type": "TRANSFERRED", "config": {"expected": True, "target": number}}]})


def test_a_call_transferred_to_another_number_should_have_gone_to_the_node_that_transfers_to_the_wanted_one() -> None:
    scenario = transferred_to("+1-555-0199", "there's a charge for a shot and my arm is swollen")
    conversation = simulate(GRAPH, scenario)
    assert conversation.ended_by == "transferred" and conversation.transfer_target == "+1-555-0100"
    assert path_targets(COMPILED, conversation, scenario.ordered_assertions()[0][1]) == ["nurse"]
    analysis = analyse("s", scenario, conversation, evaluate(scenario, conversation), COMPILED)
    assert analysis.wrong_turn is not None and analysis.wrong_turn.edge_id == "to-billing"


def test_a_call_transferred_to_the_wanted_number_names_no_node() -> None:
    scenario = transferred_to("+1-555-0100", "I have a question about my bill")
    conversation = simulate(GRAPH, scenario)
    assert path_targets(COMPILED, conversation, scenario.ordered_assertions()[0][1]) == []


def test_nothing_leads_on_from_a_node_that_ends_the_call_and_a_global_is_reached_from_any_other() -> None:
    assert not reaches(COMPILED, "billing", {"nurse"})  # a transfer ends the call
    assert not reaches(COMPILED, "bye", {"nurse"})  # so does an end_call
    assert reaches(COMPILED, "hours", {"nurse"}) and reaches(COMPILED, "menu", {"nurse"})
    assert reaches(COMPILED, "billing", {"billing"})  # where it already is

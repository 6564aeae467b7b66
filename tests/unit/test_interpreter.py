"""The offline pathway interpreter: routing, extraction, node types, retries, endings, latency."""

from __future__ import annotations

from typing import Any

import pytest

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.backends.offline import OfflineBackend
from tornado_operator.engine.ports import Backend
from tornado_operator.engine.sim.compiled import CompiledGraph, render_text
from tornado_operator.engine.sim.interpreter import latency_ms, simulate
from tornado_operator.engine.sim.routing import REPROMPT_PREFIX


def node(node_id: str, text: str = "", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "text": text or f"at {node_id}", **extra}


def edge(edge_id: str, source: str, target: str, **match: Any) -> dict[str, Any]:
    return {"id": edge_id, "source": source, "target": target, "match": match}


def graph(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], start: str | None = None) -> PathwayGraph:
    return PathwayGraph.model_validate({"startNodeId": start or nodes[0]["id"], "nodes": nodes, "edges": edges})


def scenario(*messages: str, **extra: Any) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": list(messages), **extra})


MENU = graph(
    [
        node("start", "Hello! Billing or booking?"),
        node("billing", "Billing here. Account number?", extractVars=[{"name": "account", "pattern": r"\b(\d{6})\b"}]),
        node("booking", "Booking for {{name}} on {{day}}."),
        node("done", "Bye {{name}}.", type="end_call"),
        node("agent", "Transferring you.", type="transfer", transfer={"target": "queue-{{tier}}"}),
        node("help", "Global help.", isGlobal=True, globalMatch={"keywords": ["help me"]}),
        node("other", "Something else."),
    ],
    [
        edge("to-billing", "start", "billing", keywords=["Billing", "invoice"]),
        edge("to-booking", "start", "booking", patterns=[r"\bbook(ing)?\b"]),
        edge("to-other", "start", "other", always=True),
        edge("billing-done", "billing", "done", patterns=[r"\d{6}"]),
    ],
)


def test_agent_speaks_the_start_node_first() -> None:
    conv = simulate(MENU, scenario())
    assert conv.transcript[0].speaker == "agent"
    assert conv.transcript[0].text == "Hello! Billing or booking?"
    assert conv.nodes_visited == ["start"]
    assert conv.ended_by == "script_exhausted"
    assert conv.turns == 0


def test_keywords_are_case_insensitive_substrings() -> None:
    conv = simulate(MENU, scenario("I have a BILLING question"))
    assert conv.nodes_visited == ["start", "billing"]
    assert conv.routing[0].via == "edge" and conv.routing[0].edge_id == "to-billing"
    assert [t.speaker for t in conv.transcript] == ["agent", "caller", "agent"]
    assert conv.transcript[1].node == "start"
    assert conv.transcript[2].node == "billing"


def test_patterns_are_searched_case_insensitively() -> None:
    conv = simulate(MENU, scenario("I want to BOOK a visit"))
    assert conv.nodes_visited[-1] == "booking"


def test_edges_are_tried_in_order() -> None:
    conv = simulate(MENU, scenario("billing or booking, whichever"))
    assert conv.nodes_visited[-1] == "billing"


def test_global_nodes_come_before_catch_all_edges() -> None:
    conv = simulate(MENU, scenario("please help me"))
    assert conv.nodes_visited[-1] == "help"
    assert conv.routing[0].via == "global"


def test_catch_all_edge_takes_anything_else() -> None:
    conv = simulate(MENU, scenario("what's the weather"))
    assert conv.nodes_visited[-1] == "other"
    assert conv.routing[0].via == "catch_all"


def test_condition_less_edge_is_a_catch_all() -> None:
    g = graph([node("a"), node("b")], [{"id": "e", "source": "a", "target": "b"}])
    conv = simulate(g, scenario("anything"))
    assert conv.nodes_visited == ["a", "b"]


def test_extract_vars_on_current_node_before_routing_and_render() -> None:
    conv = simulate(MENU, scenario("billing", "it's 123456", requestData={"name": "Ann"}))
    assert conv.extracted == {"account": "123456"}
    assert conv.variables["account"] == "123456"
    assert conv.variables["name"] == "Ann"
    assert conv.ended_by == "agent_ended"
    assert conv.transcript[-1].text == "Bye Ann."


def test_extraction_types_and_whole_match() -> None:
    g = graph(
        [
            node(
                "a",
                extractVars=[
                    {"name": "count", "pattern": r"(\d+) items", "type": "integer"},
                    {"name": "price", "pattern": r"\$(\d+\.\d+)", "type": "number"},
                    {"name": "ok", "pattern": r"\b(yes|no)\b", "type": "boolean"},
                    {"name": "code", "pattern": r"[A-Z]{3}-\d{2}"},
                    {"name": "described_only", "description": "needs an LLM"},
                ],
            )
        ],
        [],
    )
    conv = simulate(g, scenario("yes, 3 items at $4.50, code ABC-12"))
    assert conv.extracted == {"count": 3, "price": 4.5, "ok": True, "code": "ABC-12"}


def test_unknown_variables_stay_visible() -> None:
    assert render_text("Hi {{ name }}, {{missing}}", {"name": "Bo"}) == "Hi Bo, {{missing}}"
    conv = simulate(MENU, scenario("book", requestData={"name": "Ann"}))
    assert conv.transcript[-1].text == "Booking for Ann on {{day}}."


def test_webhook_records_call_and_moves_on() -> None:
    g = graph(
        [
            node("ask", "Which day?", extractVars=[{"name": "day", "pattern": r"(monday|friday)"}]),
            {
                "id": "hook",
                "type": "webhook",
                "webhook": {"url": "https://x.example/{{day}}", "method": "PUT", "body": {"day": "{{day}}", "n": [1, "{{who}}"]}},
            },
            node("confirm", "Booked for {{day}}."),
        ],
        [edge("e1", "ask", "hook", keywords=["day"]), edge("e2", "hook", "confirm", always=True)],
    )
    conv = simulate(g, scenario("friday is my day", requestData={"who": "me"}))
    assert conv.nodes_visited == ["ask", "hook", "confirm"]
    assert len(conv.webhooks) == 1
    call = conv.webhooks[0]
    assert (call.node, call.url, call.method, call.turn) == ("hook", "https://x.example/friday", "PUT", 1)
    assert call.body == {"day": "friday", "n": [1, "me"]}
    # the silent webhook's round trip is added to the next agent turn's latency
    assert conv.transcript[-1].latency_ms == latency_ms("Booked for friday.", webhooks=1)


def test_webhook_without_catch_all_waits_for_the_caller() -> None:
    g = graph(
        [{"id": "hook", "type": "webhook", "text": "Checking.", "webhook": {"url": "u"}}, node("next")],
        [edge("e", "hook", "next", keywords=["go"])],
    )
    conv = simulate(g, scenario("go"))
    assert conv.nodes_visited == ["hook", "next"]
    assert len(conv.webhooks) == 1


def test_webhook_loop_is_an_error_not_a_hang() -> None:
    g = graph(
        [{"id": "a", "type": "webhook", "webhook": {"url": "u"}}, {"id": "b", "type": "webhook", "webhook": {"url": "v"}}],
        [edge("ab", "a", "b", always=True), edge("ba", "b", "a", always=True)],
    )
    conv = simulate(g, scenario("hi"))
    assert conv.ended_by == "error"
    assert conv.error_kind == "webhook_loop"


def test_transfer_ends_the_call_as_transferred() -> None:
    g = graph(
        [node("a"), node("t", "One moment.", type="transfer", transfer={"target": "queue-{{tier}}"})],
        [edge("e", "a", "t", keywords=["human"])],
    )
    conv = simulate(g, scenario("hi", "a human please", "are you there?", requestData={"tier": "gold"}))
    assert conv.ended_by == "transferred"
    assert conv.transfer_target == "queue-gold"
    assert conv.transfer_turn == 2
    assert conv.turns == 2  # the third caller turn is never taken


def test_end_call_ends_by_agent() -> None:
    conv = simulate(MENU, scenario("billing", "123456", "hello?"))
    assert conv.ended_by == "agent_ended"
    assert conv.turns == 2


def test_start_on_a_terminal_node_ends_at_once() -> None:
    conv = simulate(MENU, scenario("hi", startNodeId="done"))
    assert conv.ended_by == "agent_ended"
    assert conv.turns == 0


def test_unmatched_turn_reprompts_and_counts_retries() -> None:
    g = graph([node("a", "Pick red or blue."), node("red")], [edge("e", "a", "red", keywords=["red"])])
    conv = simulate(g, scenario("green", "purple", "red"))
    assert conv.nodes_visited == ["a", "red"]
    assert [event.via for event in conv.routing] == ["unmatched", "unmatched", "edge"]
    assert [event.retries for event in conv.routing] == [1, 2, 0]
    assert conv.transcript[2].text == f"{REPROMPT_PREFIX} Pick red or blue."
    assert conv.transcript[2].node == "a"


def test_retry_threshold_routes_to_fallback() -> None:
    g = graph(
        [
            node("a", "Pick red or blue.", config={"retryThreshold": 2, "fallbackNodeId": "person"}),
            node("person", "Let me get someone.", type="transfer", transfer={"target": "desk"}),
            node("red"),
        ],
        [edge("e", "a", "red", keywords=["red"])],
    )
    conv = simulate(g, scenario("green", "purple", "red"))
    assert conv.ended_by == "transferred"
    assert conv.transfer_turn == 2
    assert conv.routing[-1].via == "fallback" and conv.routing[-1].target == "person"


def test_retries_are_consecutive_per_node() -> None:
    g = graph(
        [
            node("a", config={"retryThreshold": 2, "fallbackNodeId": "t"}),
            node("b", config={"retryThreshold": 2, "fallbackNodeId": "t"}),
            node("t", type="transfer", transfer={"target": "x"}),
        ],
        [edge("ab", "a", "b", keywords=["next"])],
    )
    conv = simulate(g, scenario("huh", "next", "huh"))
    assert conv.ended_by == "script_exhausted"  # one miss on a, then one on b: no fallback


def test_max_turns() -> None:
    g = graph([node("a")], [])
    conv = simulate(g, scenario("1", "2", "3", "4", maxTurns=2))
    assert conv.ended_by == "max_turns"
    assert conv.turns == 2
    exact = simulate(g, scenario("1", "2", maxTurns=2))
    assert exact.ended_by == "script_exhausted"


def test_scenario_start_node() -> None:
    conv = simulate(MENU, scenario("123456", startNodeId="billing"))
    assert conv.nodes_visited == ["billing", "done"]


def test_unknown_start_node_is_a_scenario_error() -> None:
    conv = simulate(MENU, scenario("hi", startNodeId="nowhere"))
    assert conv.ended_by == "error"
    assert conv.error is not None and "Invalid start_node_id" in conv.error and "nowhere" in conv.error
    assert conv.error_kind == "invalid_start_node_id"
    assert conv.transcript == []


def test_agent_scenarios_need_the_openai_backend() -> None:
    conv = simulate(MENU, scenario(scenarioType="AGENT", testerPersonaPrompt="an angry caller"))
    assert conv.ended_by == "error"
    assert conv.error is not None and "AGENT scenarios" in conv.error and "openai" in conv.error
    assert conv.error_kind == "agent_scenario_needs_llm"


def test_historical_scenarios_replay_input_messages() -> None:
    conv = simulate(MENU, scenario("billing", scenarioType="HISTORICAL"))
    assert conv.nodes_visited == ["start", "billing"]


def test_latency_formula() -> None:
    assert latency_ms("") == 300
    assert latency_ms("abcd") == 320
    assert latency_ms("abcd", webhooks=2) == 1120
    conv = simulate(MENU, scenario("billing"))
    assert conv.latencies == [latency_ms(t.text) for t in conv.transcript if t.speaker == "agent"]


def test_simulation_is_deterministic_and_graph_reusable() -> None:
    compiled = CompiledGraph(MENU)
    one = simulate(compiled, scenario("billing", "555555"), scenario_id="s")
    two = simulate(MENU, scenario("billing", "555555"), scenario_id="s")
    assert one == two


class _ScriptedTester(OfflineBackend):
    """A stand-in for the LLM backend: plays the tester persona from a list."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)

    def tester_turn(self, scenario: TestScenarioSpec, transcript: Any) -> str | None:
        return self.lines.pop(0) if self.lines else None


def test_backend_protocol_drives_agent_scenarios() -> None:
    backend = _ScriptedTester(["billing", "111111"])
    assert isinstance(backend, Backend)
    conv = simulate(MENU, scenario(scenarioType="AGENT"), backend=backend)
    assert conv.ended_by == "agent_ended"
    limited = simulate(MENU, scenario(scenarioType="AGENT", maxTurns=1), backend=_ScriptedTester(["hm", "hm"]))
    assert limited.ended_by == "max_turns"


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_node_text_is_not_spoken(text: str) -> None:
    g = graph([node("a", "Hi."), {"id": "b", "text": text}], [edge("e", "a", "b", always=True)])
    conv = simulate(g, scenario("x"))
    assert [t.speaker for t in conv.transcript].count("agent") == (1 if not text else 2)

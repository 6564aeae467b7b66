"""One caller turn's routing decision, whole (sim/routing.py, sim/compiled.py): edges, global
nodes (never the node itself), negated keywords on the second pass, catch-alls, unmatched turns
without a label near miss, and extraction patterns that are skipped or capture nothing."""

from __future__ import annotations

from typing import Any

from tornado_operator.api.pathway import MatchCondition, PathwayGraph
from tornado_operator.engine.sim.agent import AgentDecision
from tornado_operator.engine.sim.compiled import CompiledGraph, compile_match
from tornado_operator.engine.sim.routing import extract, route

GRAPH = CompiledGraph(
    PathwayGraph.model_validate(
        {
            "nodes": [
                {"id": "start", "isStart": True, "text": "How can I help?",
                 "extractVars": [{"name": "described", "description": "said only"},
                                 {"name": "zip", "pattern": r"zip (\d{5})|no zip"},
                                 {"name": "code", "pattern": r"CODE-(\d+)", "type": "integer"}]},
                {"id": "billing", "text": "Billing."},
                {"id": "help", "text": "Help is here.", "isGlobal": True,
                 "globalMatch": {"keywords": ["help"], "patterns": [r"\bSOS\b"]}},
                {"id": "lonely", "text": "Nothing leaves here."},
            ],
            "edges": [
                {"id": "to-billing", "source": "start", "target": "billing", "match": {"keywords": ["cancel"]}},
                {"id": "onwards", "source": "billing", "target": "start", "match": {"always": True}},
                {"id": "back", "source": "help", "target": "start", "match": {"keywords": ["menu"]}},
            ],
        }
    )
)


def decision(node: str, text: str) -> tuple[Any, ...]:
    d = route(GRAPH, node, text)
    return (d.target, d.via, d.edge_id, d.matched)


def test_a_global_node_takes_its_keyword_or_its_pattern_from_any_other_node() -> None:
    assert decision("start", "I need help") == ("help", "global", "help", "keyword 'help'")
    assert decision("lonely", "sos") == ("help", "global", "help", r"pattern '\\bSOS\\b'")


def test_a_negated_keyword_counts_only_when_nothing_else_fits() -> None:
    assert decision("start", "i do not need help, i want to cancel") == ("billing", "edge", "to-billing", "keyword 'cancel'")
    assert decision("lonely", "i do not need help") == ("help", "global", "help", "keyword 'help', negated")


def test_a_global_node_does_not_route_to_itself() -> None:
    assert decision("help", "help") == (None, "unmatched", None, None)
    assert decision("help", "back to the menu") == ("start", "edge", "back", "keyword 'menu'")


def test_the_catch_all_names_its_edge() -> None:
    assert decision("billing", "whatever") == ("start", "catch_all", "onwards", "always")
    assert route(GRAPH, "billing", "whatever") == AgentDecision("start", "catch_all", "onwards", matched="always")


def test_an_unmatched_turn_without_labels_has_no_near_miss() -> None:
    assert route(GRAPH, "lonely", "hello") == AgentDecision(None, "unmatched", None, matched=None)


def test_extraction_skips_described_variables_and_patterns_that_capture_nothing() -> None:
    start = GRAPH.nodes["start"]
    assert extract(start, "my zip 90210 and code-42") == {"zip": "90210", "code": 42}  # patterns ignore case
    assert extract(start, "no zip, code-7") == {"code": 7}
    assert extract(start, "just code-7") == {"code": 7}  # a pattern that does not match skips only its variable  # the alternative without a group captured nothing


def test_a_condition_without_keywords_patterns_or_labels_is_a_catch_all() -> None:
    bare = compile_match(MatchCondition())
    assert bare.catch_all and not bare.by_label and bare.keyword_any is None
    assert compile_match(MatchCondition(), labelled=True).by_label
    always = compile_match(MatchCondition(always=True, keywords=["x"]))
    assert always.catch_all and always.match("y", "y") == "always"


def test_matches_ignores_a_negated_keyword() -> None:
    condition = compile_match(MatchCondition(keywords=["cancel"]))
    assert condition.matches("please cancel", "please cancel")
    assert not condition.matches("i don't want to cancel", "i don't want to cancel")
    assert condition.match("i don't want to cancel", "i don't want to cancel", negated_ok=True) == "keyword 'cancel', negated"


def labelled() -> CompiledGraph:
    """Built per test: a CompiledGraph caches its label indexes on first use."""
    return CompiledGraph(PathwayGraph.model_validate(
        {
            "nodes": [
                {"id": "start", "isStart": True, "text": "How can I help?"},
                {"id": "human", "text": "Connecting.", "isGlobal": True, "globalLabel": "speak to a person", "globalMatch": {}},
                {"id": "refund", "text": "Refunds.", "isGlobal": True, "globalDescription": "the caller wants their money back",
                 "globalMatch": {}},
                {"id": "meter", "text": "Ops.", "isGlobal": True, "globalLabel": "report a broken meter",
                 "globalMatch": {"keywords": ["outage"]}},
            ],
        }
    ))


def test_a_label_global_node_is_routed_to_as_a_global_by_its_id() -> None:
    d = route(labelled(), "start", "I want to speak to a person")
    assert (d.target, d.via, d.edge_id) == ("human", "global", "human")
    assert (d.matched or "").startswith("label 'speak to a person' score ")
    d = route(labelled(), "start", "give me my money back")  # no label: its description alone
    assert (d.target, d.via, d.edge_id) == ("refund", "global", "refund")


def test_label_routing_never_goes_to_the_node_itself_nor_to_keyword_globals() -> None:
    assert route(labelled(), "human", "I want to speak to a person").target is None
    assert route(labelled(), "start", "report a broken meter").target is None  # its keywords decide, not its label
    assert route(labelled(), "start", "xxxx").target is None  # a global without a label adds no label text


def test_a_global_node_without_label_or_match_does_not_join_the_label_index() -> None:
    """It can never be routed to, so it must not weigh on the label scores of the others."""
    nodes: list[dict[str, Any]] = [
        {"id": "start", "isStart": True, "text": "What is it about?"},
        {"id": "billing", "text": "Billing."},
        {"id": "tech", "text": "Tech."},
    ]
    edges = [
        {"id": "to-billing", "source": "start", "target": "billing", "label": "billing question"},
        {"id": "to-tech", "source": "start", "target": "tech", "label": "technical support"},
    ]
    plain = CompiledGraph(PathwayGraph.model_validate({"nodes": nodes, "edges": edges}))
    silent_global = {"id": "quiet", "text": "Shh.", "isGlobal": True, "globalMatch": {}}
    with_quiet = CompiledGraph(PathwayGraph.model_validate({"nodes": [*nodes, silent_global], "edges": edges}))
    assert with_quiet.label_index("start") is not None and with_quiet.nodes["quiet"].global_match is not None
    assert not with_quiet.nodes["quiet"].global_match.by_label
    turn = "i have a billing question"
    assert route(with_quiet, "start", turn) == route(plain, "start", turn)
    assert route(with_quiet, "start", turn).target == "billing"

"""Label routing (engine/sim/labels.py): edges with a label and no keywords are chosen by how
well the caller turn fits their label. Pins: keywords and patterns before labels, the
threshold from both sides, negation, determinism, explanations, and what stays a catch-all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import (
    VIA_CATCH_ALL,
    VIA_EDGE,
    VIA_GLOBAL,
    VIA_UNMATCHED,
)
from tornado_operator.engine.sim.interpreter import simulate
from tornado_operator.engine.sim.routing import route
from tornado_operator.engine.sim.wordnet import WordNet, WordNetMissing, open_default

ROOT = Path(__file__).resolve().parents[2]


def node(node_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "text": f"at {node_id}", **extra}


def edge(edge_id: str, source: str, target: str, label: str = "", description: str = "", **match: Any) -> dict[str, Any]:
    return {"id": edge_id, "source": source, "target": target, "label": label, "description": description, "match": match}


def compiled(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> CompiledGraph:
    return CompiledGraph(PathwayGraph.model_validate({"startNodeId": nodes[0]["id"], "nodes": nodes, "edges": edges}))


CARDS = compiled(
    [
        node("start"),
        node("lost"),
        node("found"),
        node("pay"),
        node("cancel"),
        node("pause"),
        node("dispute"),
        node("login"),
        node("rep", type="transfer", transfer={"target": "queue"}, isGlobal=True, globalMatch={},
             globalLabel="Caller asks for a representative or a real person"),
    ],
    [
        edge("to-lost", "start", "lost", "Caller lost their card or it was stolen"),
        edge("to-found", "start", "found", "Caller found a card they had reported lost"),
        edge("to-pay", "start", "pay", "Caller wants to make a payment on their balance"),
        edge("to-cancel", "start", "cancel", "Caller wants to cancel their membership", "close the membership for good"),
        edge("to-pause", "start", "pause", "Caller wants to pause their membership for a while"),
        edge("to-dispute", "start", "dispute", "Caller disputes a charge they don't recognise"),
        edge("to-login", "start", "login", "Caller has trouble logging in to online banking"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("I lost my card", "lost"),
        ("someone stole my credit card", "lost"),
        ("I found my card, it was in the car", "found"),
        ("I'd like to pay my balance", "pay"),  # "pay" is a derived form of the label's "payment"
        ("I want to cancel my membership", "cancel"),
        ("please close my membership", "cancel"),  # from the description
        ("could I put my membership on pause", "pause"),
        ("I don't recognize this charge", "dispute"),  # recognise / recognize: one word
        ("I can't log in to the app", "login"),  # "can't" says something is wrong: trouble
        ("can I talk to a real person", "rep"),
        ("let me speak to an agent", "rep"),  # agent / representative: one phone-call concept
    ],
)
def test_a_turn_goes_to_the_label_it_fits(text: str, target: str) -> None:
    decision = route(CARDS, "start", text)
    assert decision.target == target, decision.matched
    assert decision.via == (VIA_GLOBAL if target == "rep" else VIA_EDGE)
    assert decision.matched is not None and decision.matched.startswith("label ")


@pytest.mark.parametrize("text", ["what's the weather like", "hmm", "yes", "no thanks", "I have a question"])
def test_a_turn_that_fits_no_label_is_unmatched(text: str) -> None:
    decision = route(CARDS, "start", text)
    assert (decision.target, decision.via) == (None, VIA_UNMATCHED), decision.matched
    assert decision.matched is not None and decision.matched.startswith("no label fit")


# -- negation -------------------------------------------------------------------------------


def test_a_negated_intent_does_not_pick_its_label() -> None:
    for text in ("I don't want to cancel", "I do not want to cancel my membership", "I'm not looking to cancel"):
        decision = route(CARDS, "start", text)
        assert decision.target != "cancel", (text, decision.matched)
    assert route(CARDS, "start", "I don't want to cancel").target is None
    assert "cancel (against)" in (route(CARDS, "start", "I don't want to cancel my membership").matched or "")


def test_negation_ends_with_its_clause() -> None:
    assert route(CARDS, "start", "I don't want to cancel, I want to pause my membership").target == "pause"
    assert route(CARDS, "start", "No, I want to cancel my membership").target == "cancel"


def test_negation_stops_at_the_verb_it_negates() -> None:
    # "didn't make" negates make (boilerplate), not the charge the call is about
    assert route(CARDS, "start", "there's a charge I didn't make").target == "dispute"
    # "isn't lost": the caller has it back
    assert route(CARDS, "start", "my card isn't lost, I found it").target == "found"


def test_a_negated_label_fits_a_negated_turn() -> None:
    graph = compiled(
        [node("ask"), node("renew"), node("stop")],
        [
            edge("yes", "ask", "renew", "Caller wants to renew"),
            edge("no", "ask", "stop", "Caller does not want to renew"),
        ],
    )
    assert route(graph, "ask", "I'd like to renew").target == "renew"
    assert route(graph, "ask", "I don't want to renew").target == "stop"


def test_yes_and_no_answers() -> None:
    graph = compiled(
        [node("ask"), node("mail"), node("keep")],
        [edge("agree", "ask", "mail", "Caller says yes"), edge("decline", "ask", "keep", "Caller says no")],
    )
    for text in ("yes please", "yeah, go ahead", "sure", "that's right"):
        assert route(graph, "ask", text).target == "mail", text
    for text in ("no", "nope", "no thanks, keep it locked", "not really", "that's not right"):
        assert route(graph, "ask", text).target == "keep", text


# -- priority --------------------------------------------------------------------------------


def test_keywords_and_patterns_come_before_labels() -> None:
    graph = compiled(
        [
            node("start"),
            node("label-target"),
            node("keyword-target"),
            node("global-keyword", isGlobal=True, globalMatch={"keywords": ["voicemail"]}),
        ],
        [
            edge("by-label", "start", "label-target", "Caller wants to cancel their order"),
            edge("by-keyword", "start", "keyword-target", "anything about refunds", keywords=["refund"]),
        ],
    )
    # the turn fits the label best, but a keyword of a later edge matched
    decision = route(graph, "start", "cancel my order and refund it")
    assert (decision.target, decision.matched) == ("keyword-target", "keyword 'refund'")
    # a global node's keyword too
    assert route(graph, "start", "cancel my order, this is voicemail").target == "global-keyword"
    # without a keyword, the label decides
    assert route(graph, "start", "cancel my order").target == "label-target"
    # an edge with keywords does not route by its label
    assert route(graph, "start", "anything about money back?").target is None


def test_labels_come_before_catch_alls_and_catch_alls_take_what_no_label_fit() -> None:
    graph = compiled(
        [node("start"), node("cancel"), node("other")],
        [
            edge("else", "start", "other", "anything else", always=True),
            edge("by-label", "start", "cancel", "Caller wants to cancel their order"),
        ],
    )
    assert route(graph, "start", "cancel my order").target == "cancel"
    decision = route(graph, "start", "where is my parcel")
    assert (decision.target, decision.via) == ("other", VIA_CATCH_ALL)


def test_what_stays_a_catch_all() -> None:
    graph = compiled(
        [
            node("start"),
            node("hook", type="webhook", webhook={"url": "https://example.test/x"}),
            node("a"),
            node("b"),
        ],
        [
            edge("plain", "start", "hook"),  # no label: a catch-all, as before
            edge("after-hook", "hook", "a", "slot_ok == true"),  # a webhook's response would decide
            {**edge("variable", "a", "b", "validated is true"), "variableConditions": [{"field": "validated", "value": "true"}]},
        ],
    )
    assert [e.id for e in graph.nodes["start"].catch_all] == ["plain"]
    assert [e.id for e in graph.nodes["hook"].catch_all] == ["after-hook"]
    assert [e.id for e in graph.nodes["a"].catch_all] == ["variable"]
    assert graph.label_index("start") is None


# -- threshold ---------------------------------------------------------------------------------


ONE = compiled([node("start"), node("done")], [edge("pay", "start", "done", "Caller wants to make a payment")])


def test_the_threshold_from_both_sides(monkeypatch: pytest.MonkeyPatch) -> None:
    index = ONE.label_index("start")
    assert index is not None
    derived = index.score("I want to pay").score  # one word, a derived form of the only label word
    assert derived == pytest.approx(labels.DERIVED)
    assert derived >= labels.THRESHOLD
    assert route(ONE, "start", "I want to pay").target == "done"
    # at the threshold exactly: taken; a hair above the score: unmatched
    monkeypatch.setattr(labels, "THRESHOLD", derived)
    assert route(ONE, "start", "I want to pay").target == "done"
    monkeypatch.setattr(labels, "THRESHOLD", derived + 1e-6)
    decision = route(ONE, "start", "I want to pay")
    assert (decision.target, decision.via) == (None, VIA_UNMATCHED)
    assert f"best 'Caller wants to make a payment' {derived:.2f}" in (decision.matched or "")


def test_a_synonym_of_a_words_first_sense_fits_alone_and_of_its_second_sense_only_helps() -> None:
    graph = compiled(
        [node("start"), node("lost"), node("stop")],
        [edge("lost", "start", "lost", "Caller lost their card"), edge("stop", "start", "stop", "Caller wants to stop the service")],
    )
    index = graph.label_index("start")
    assert index is not None
    first = index.score("I misplaced it")  # misplace's most frequent sense is lose's
    assert first.candidate is not None and first.candidate.id == "lost"
    assert "misplaced~lost" in first.explanation
    alone = index.score("it halted")  # halt ~ stop in halt's second sense only
    assert 0 < alone.score < labels.THRESHOLD
    assert route(graph, "start", "it halted").target is None
    with_service = index.score("the service halted")
    assert with_service.candidate is not None and with_service.candidate.id == "stop"
    assert with_service.score > alone.score


# -- explanations ----------------------------------------------------------------------------


def test_the_routing_event_says_what_fit_the_runner_up_and_the_words() -> None:
    conv = simulate(CARDS.graph, TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": ["I lost my card"]}))
    event = conv.routing[0]
    assert (event.via, event.edge_id, event.target) == (VIA_EDGE, "to-lost", "lost")
    assert event.matched is not None
    assert event.matched.startswith("label 'Caller lost their card or it was stolen' score ")
    assert "runner-up 'Caller found a card they had reported lost'" in event.matched
    assert "words: lost, card)" in event.matched


def test_an_unmatched_turn_records_how_close_the_best_label_came() -> None:
    conv = simulate(
        CARDS.graph, TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": ["tell me about the weather", "my balance"]})
    )
    first, second = conv.routing
    assert first.via == VIA_UNMATCHED and first.matched == "no label fit (below 0.50: no word of the turn is in a label)"
    assert second.via in (VIA_UNMATCHED, VIA_EDGE)
    assert second.matched is not None and "balance" in second.matched


# -- determinism -----------------------------------------------------------------------------


TURNS = [
    "I lost my card",
    "I don't want to cancel, I want to pause my membership",
    "there's a charge I didn't make",
    "can I talk to a real person",
    "hmm",
    "my card isn't lost, I found it",
]


def _routes(graph: CompiledGraph) -> list[tuple[str | None, str | None]]:
    return [(route(graph, "start", text).target, route(graph, "start", text).matched) for text in TURNS]


def test_the_same_input_routes_the_same_way() -> None:
    first = _routes(CARDS)
    assert _routes(CARDS) == first
    labels._words.cache_clear()
    labels.expansions.cache_clear()
    assert _routes(CompiledGraph(CARDS.graph)) == first
    # another process with another hash seed (set and dict order must not matter)
    script = (
        "import json, sys; sys.path.insert(0, 'tests/unit'); import test_label_routing as t; "
        "print(json.dumps(t._routes(t.CARDS)))"
    )
    for seed in ("1", "4242"):
        out = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        assert [tuple(pair) for pair in json.loads(out.stdout)] == first


# -- the lexicon -----------------------------------------------------------------------------


def test_wordnet_base_forms_and_senses() -> None:
    wordnet = open_default()
    assert {("lose", "v"), ("lost", "a")} <= set(wordnet.base_forms("lost"))
    assert ("card", "n") in wordnet.base_forms("cards")
    assert wordnet.base_forms("reported") == (("report", "v"), ("reported", "a"))  # never the noun
    assert wordnet.base_forms("qwertyuiop") == ()
    cancel = wordnet.synset("v", wordnet.offsets("cancel", "v")[0])
    assert "call off" in cancel.words and (0, "cancellation") in cancel.derived


def test_a_missing_wordnet_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(WordNetMissing, match=r"apt-get install wordnet-base.*WNSEARCHDIR"):
        WordNet(tmp_path)


def test_a_retraction_drops_what_came_before() -> None:
    assert route(CARDS, "start", "I want to cancel my membership... actually never mind, I can't log in").target == "login"
    assert route(CARDS, "start", "I want to pause my membership, no wait, actually no, cancel my membership").target == "cancel"


def test_a_refusal_says_no_to_what_follows() -> None:
    graph = compiled(
        [node("offer", text="We can give you 20% off. Would you like to stay?"), node("stay"), node("leave")],
        [
            edge("accept", "offer", "stay", "Caller takes the discount and stays"),
            edge("decline", "offer", "leave", "Caller declines the discount and still wants to cancel"),
        ],
    )
    assert route(graph, "offer", "I'm not interested in any discount, just cancel").target == "leave"
    assert route(graph, "offer", "I'll take the discount").target == "stay"


def test_a_bare_yes_or_no_answers_the_nodes_yes_no_question() -> None:
    nodes = [node("check", text="Unplug the router for 30 seconds. Is it working now?"), node("fixed"), node("broken")]
    edges = [
        edge("works", "check", "fixed", "The connection works now"),
        edge("still", "check", "broken", "It still doesn't work after the restart"),
    ]
    graph = compiled(nodes, edges)
    assert route(graph, "check", "yep, all good").target == "fixed"
    assert route(graph, "check", "nope").target == "broken"
    # the same edges after a question that is not a yes/no question: a bare answer fits nothing
    other = compiled([{**nodes[0], "text": "What do the lights on the router show?"}, *nodes[1:]], edges)
    assert route(other, "check", "yep").target is None
    assert labels.is_yes_no_question("The first opening is Tuesday. Does that work for you?")
    assert not labels.is_yes_no_question("Thanks for calling. How can I help you today?")


def test_one_caller_word_counts_once_per_label() -> None:
    graph = compiled(
        [node("start"), node("refill"), node("billing")],
        [
            edge("refill", "start", "refill", "Caller needs a prescription refill", "A medication the clinic prescribes"),
            edge("billing", "start", "billing", "Caller has a billing question about a prescription"),
        ],
    )
    index = graph.label_index("start")
    assert index is not None
    fit = index.score("my prescription")
    assert fit.words == ("prescription",)  # not also prescription~prescribes


def test_a_compound_wordnet_lacks_is_read_by_its_last_word() -> None:
    assert ("pay", labels.DERIVED) in labels.expansions("autopay")
    assert all(key != "card" for key, _ in labels.expansions("discarded"))  # a known word is not split


def test_a_caller_naming_an_instance_fits_a_label_naming_its_kind() -> None:
    graph = compiled(
        [node("start"), node("auto"), node("home")],
        [edge("auto", "start", "auto", "Caller's car was damaged"), edge("home", "start", "home", "Caller's house was damaged")],
    )
    decision = route(graph, "start", "my sedan is damaged")  # a sedan is a kind of car (WordNet's hypernym)
    assert decision.target == "auto" and "sedan~car" in (decision.matched or "")
    index = graph.label_index("start")
    assert index is not None
    alone = index.score("my sedan")
    assert alone.score == pytest.approx(labels.BROADER) and alone.candidate is None  # below the threshold alone

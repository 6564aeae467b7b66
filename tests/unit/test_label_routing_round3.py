"""The rules of label routing (engine/sim/labels.py) added in issue 23's third round, each
pinned on made-up sentences (never the routing corpora's), both sides: what the rule changes
and what it must leave alone."""

from __future__ import annotations

from typing import Any

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.routing import route


def node(node_id: str, text: str = "", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "text": text or f"at {node_id}", **extra}


def edge(edge_id: str, source: str, target: str, label: str, description: str = "") -> dict[str, Any]:
    return {"id": edge_id, "source": source, "target": target, "label": label, "description": description}


def compiled(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> CompiledGraph:
    return CompiledGraph(PathwayGraph.model_validate({"startNodeId": nodes[0]["id"], "nodes": nodes, "edges": edges}))


def said(text: str) -> dict[str, bool]:
    return {word.surface: word.negated for word in labels.words(text)}


# a library's front desk: a greeting, a yes/no offer, an "anything else" question
LIBRARY = compiled(
    [
        node("start"),
        node("renew"),
        node("hours"),
        node("offer", "The next copy is due back Thursday. Shall I put it on hold for you?"),
        node("more", "Can I help with anything else today?"),
        node("held"),
        node("other"),
        node("bye"),
    ],
    [
        edge("renew", "start", "renew", "Caller wants to renew a borrowed book"),
        edge("hours", "start", "hours", "Caller asks about opening hours"),
        edge("hold-yes", "offer", "held", "Caller takes the reserved copy"),
        edge("hold-no", "offer", "other", "Caller wants a different title or branch"),
        edge("more-yes", "more", "start", "Caller has one more question"),
        edge("more-no", "more", "bye", "Caller is finished"),
    ],
)


# -- managing the call ------------------------------------------------------------------------


def test_a_phrase_that_manages_the_call_says_nothing_about_what_it_is_for() -> None:
    assert said("Hold on a second, please.") == {}
    assert said("I must have the wrong number.") == {}
    assert route(LIBRARY, "start", "Oh, one moment.").target is None
    # a hold that is not the caller's pause: the words stay
    assert "hold" in said("Can you put a hold on that novel?")
    assert route(LIBRARY, "start", "Hang on, I'd like to renew a book").edge_id == "renew"


# -- answers that labels state without yes or no ------------------------------------------------


def test_a_label_saying_the_caller_is_finished_is_the_no_to_anything_else() -> None:
    assert said("Caller is finished") == {"#done": False}
    assert route(LIBRARY, "more", "No, that's everything.").edge_id == "more-no"
    assert route(LIBRARY, "more", "Nope.").edge_id == "more-no"
    # the other edge says neither: it takes the yes
    assert route(LIBRARY, "more", "Yes, one thing about my card.").edge_id == "more-yes"


def test_asking_for_something_different_is_the_no_to_an_offer() -> None:
    assert said("a different branch")["#other"] is False
    assert route(LIBRARY, "offer", "Yes, perfect.").edge_id == "hold-yes"  # the edge not asking for another
    assert route(LIBRARY, "offer", "Could I get the audiobook instead?").edge_id == "hold-no"
    assert route(LIBRARY, "offer", "No thanks.").edge_id == "hold-no"


def test_instead_of_negates_what_follows_and_a_label_saying_yes_stays_the_yes() -> None:
    assert said("a refund instead of a credit") == {"refund": False, "credit": True}
    graph = compiled(
        [node("offer", "We can pause your plan for a month instead. Would you like that?"), node("paused"), node("closed")],
        [
            edge("pause", "offer", "paused", "Caller accepts the pause instead of closing the plan"),
            edge("close", "offer", "closed", "Caller still wants to close the plan"),
        ],
    )
    assert route(graph, "offer", "Yes, let's do that.").edge_id == "pause"  # "accepts": a yes, not a negated edge
    assert route(graph, "offer", "No, just close it.").edge_id == "close"


# -- label boilerplate ------------------------------------------------------------------------


def test_describing_in_a_label_is_boilerplate_like_saying() -> None:
    assert said("Caller describes a leak") == {"leak": False}
    assert said("Caller explains the delay") == {"delay": False}

"""A concept the caller said in words of their own (engine/repair/strategies/labels.py,
`_concept_to_name`): "My twins turn seven next month and I'd love their whole gang to make
something they can chase around the yard" is a birthday, and the word a reviewer writes into the
description is "birthday", not the caller's "whip up" or "chase around": it fits the next caller,
who says "for Maya's sixth" or "my son's 10th" and shares no other word. The concept's name is tried
before the caller's own words; like every option it is kept only when verification passes. A caller
who says the word ("a wedge for her birthday") names the occasion of a call about something else:
no name first, the caller's words are ranked as before. Made-up
domain: a pottery studio's kids' classes (from fixer-labels-validation-38's kite shop, studied after
its blind score)."""

from __future__ import annotations

from typing import Any

from test_label_fixes import fixed, spec

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.routing import route

STUDIO: dict[str, Any] = {
    "nodes": [
        {"id": "menu", "isStart": True, "text": "Clay Corner studio, how can I help?"},
        {"id": "kids", "text": "We bring the clay, every kid takes home a pot."},
        {"id": "wheel", "text": "Which night would you like?"},
        {"id": "shop", "text": "Glazes and tools are on the back wall."},
    ],
    "edges": [
        {"id": "to-kids", "source": "menu", "target": "kids", "label": "Clay visits",
         "description": "We come to you and every child makes a pot to keep."},
        {"id": "to-wheel", "source": "menu", "target": "wheel", "label": "Book a wheel class",
         "description": "Two hours on the pottery wheel with one of our potters."},
        {"id": "to-shop", "source": "menu", "target": "shop", "label": "Buying glazes and tools"},
    ],
}
TRAIN = "My twins turn seven next month, and I'd love their whole gang to whip up something fun out on the lawn; could one of your people run that?"
NEXT_CALLERS = [
    "For Maya's sixth we've got a dozen of her pals coming over; can somebody get them making stuff?",
    "My son's 10th is coming up and the boys are wild about getting their hands dirty",
]


def test_a_birthday_said_by_the_age_reached_adds_the_word_birthday_which_fits_the_next_callers() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    before = CompiledGraph(graph)
    assert route(before, "menu", TRAIN).target != "kids"
    assert all(route(before, "menu", text).target != "kids" for text in NEXT_CALLERS)
    booking = spec(["I'd like to book a wheel class for Thursday night."], "wheel")
    descriptions, repaired = fixed(graph, {"twins": spec([TRAIN], "kids")}, {"booking": booking})
    assert repaired is not None and len(descriptions) == 1
    assert descriptions[0].startswith("Add \"birthday\" to the description of edge 'to-kids'")
    description = next(edge.description for edge in repaired.edges if edge.id == "to-kids")
    assert description == "We come to you and every child makes a pot to keep. Also when the caller mentions \"birthday\"."
    after = CompiledGraph(repaired)
    assert route(after, "menu", TRAIN).target == "kids"
    assert all(route(after, "menu", text).target == "kids" for text in NEXT_CALLERS)
    assert route(after, "menu", "I'd like to book a wheel class for Thursday night.").target == "wheel"


def test_no_concept_word_where_the_caller_said_none() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    train = "Our scout troop meets Tuesdays in the church basement; could somebody bring the stuff and teach them?"
    descriptions, _ = fixed(graph, {"class": spec([train], "kids")}, {})
    assert all("birthday" not in d for d in descriptions)


def test_a_birthday_said_by_its_word_is_the_occasion_and_gets_no_name_first() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    train = "My niece in Denver is crazy about your underglaze pencils, could somebody ship her a box for her birthday?"
    assert route(CompiledGraph(graph), "menu", train).target != "shop"
    descriptions, _ = fixed(graph, {"gift": spec([train], "shop")}, {})
    assert descriptions and not descriptions[0].startswith('Add "birthday"')


def test_an_age_said_as_a_time_is_no_birthday_to_name() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    train = "My mom has always wanted to try it before she turns ninety, could she come some evening?"
    assert route(CompiledGraph(graph), "menu", train).target != "wheel"
    descriptions, _ = fixed(graph, {"mom": spec([train], "wheel")}, {})
    assert not any(d.startswith('Add "birthday"') for d in descriptions)


def test_the_concepts_name_alone_where_the_caller_said_nothing_else_a_label_could_take() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    train = "My twins turn nine next month, could somebody come out?"
    assert route(CompiledGraph(graph), "menu", train).target is None
    descriptions, repaired = fixed(graph, {"twins": spec([train], "kids")}, {})
    assert repaired is not None and len(descriptions) == 1 and descriptions[0].startswith("Add \"birthday\" to the description of edge 'to-kids'")
    assert all(route(CompiledGraph(repaired), "menu", text).target == "kids" for text in NEXT_CALLERS)


def test_an_age_reached_already_is_how_old_not_a_birthday_to_name() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    train = "My daughter turned ten in May, could somebody come out some evening?"
    assert route(CompiledGraph(graph), "menu", train).target is None
    descriptions, _ = fixed(graph, {"ten": spec([train], "kids")}, {})
    assert not any(d.startswith('Add "birthday"') for d in descriptions)

"""A label edit names what the target node itself lists (engine/repair/strategies/labels.py,
`_node_things`): a reviewer who fixes "a caller asking for something green for the table was
not routed to custom orders" reads the custom-orders node first ("We make wreaths, garlands,
centerpieces, kokedama and terrariums to order") and writes those into the description, so the
next caller, who asks for a terrarium, is routed too. Made-up domains (a plant nursery, a
bicycle co-op); the held-out caller's words are in no training call."""

from __future__ import annotations

from typing import Any

from test_label_fixes import fixed, spec

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.routing import route


def nursery(custom_text: str, delivery_label: str = "Deliveries") -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "menu", "isStart": True, "text": "Thanks for calling the nursery, how can I help?"},
            {"id": "custom", "text": custom_text},
            {"id": "care", "text": "Our care line answers watering and light questions."},
            {"id": "delivery", "text": "We deliver within twenty miles for a flat fee."},
        ],
        "edges": [
            {"id": "to-custom", "source": "menu", "target": "custom", "label": "Custom orders"},
            {"id": "to-care", "source": "menu", "target": "care", "label": "Plant care questions",
             "description": "Watering, light, pests, repotting."},
            {"id": "to-delivery", "source": "menu", "target": "delivery", "label": delivery_label},
        ],
    })


LISTING = (
    "We make wreaths, garlands, centerpieces, kokedama and terrariums to order; tell us the size and the colors "
    "and we'll call with a price. Anything else?"
)
TRAINING = "My mother-in-law asked me to get her something green for the dining table, can you put one together?"


def test_the_things_the_target_node_lists_go_into_the_description_with_the_callers_words() -> None:
    graph = nursery(LISTING)
    before = CompiledGraph(graph)
    assert route(before, "menu", "Could you build a terrarium for my office?").edge_id != "to-custom"
    descriptions, repaired = fixed(graph, {"green": spec([TRAINING], "custom")}, {"care": spec(["how often do I water a fern?"], "care")})
    assert repaired is not None and len(descriptions) == 1
    description = next(edge.description for edge in repaired.edges if edge.id == "to-custom")
    for thing in ("wreaths", "garlands", "centerpieces", "kokedama", "terrariums"):
        assert thing in description
    after = CompiledGraph(repaired)
    # the next caller names one of the things, not the training caller's words
    assert route(after, "menu", "Could you build a terrarium for my office?").edge_id == "to-custom"
    assert route(after, "menu", "do you do christmas wreaths?").edge_id == "to-custom"
    assert route(after, "menu", "how often do I water a fern?").edge_id == "to-care"


def test_a_node_that_lists_nothing_adds_none_of_its_prose() -> None:
    prose = "Our custom team will call you back within a day to talk it through with you. Anything else?"
    descriptions, repaired = fixed(nursery(prose), {"green": spec([TRAINING], "custom")}, {})
    assert repaired is not None and descriptions
    description = next(edge.description for edge in repaired.edges if edge.id == "to-custom")
    assert "team" not in description and "asks about" not in description


def test_a_thing_another_option_already_routes_by_is_left_out() -> None:
    # "wreaths" is the delivery edge's word: a list naming it would pull its callers both ways
    graph = nursery(LISTING, delivery_label="Wreath and plant deliveries")
    descriptions, repaired = fixed(graph, {"green": spec([TRAINING], "custom")}, {})
    assert repaired is not None and descriptions
    description = next(edge.description for edge in repaired.edges if edge.id == "to-custom")
    assert "wreaths" not in description and "terrariums" in description


def test_two_things_are_no_list() -> None:
    two = "We make wreaths and terrariums to order. Anything else?"
    descriptions, repaired = fixed(nursery(two), {"green": spec([TRAINING], "custom")}, {})
    assert repaired is not None and descriptions
    description = next(edge.description for edge in repaired.edges if edge.id == "to-custom")
    assert "asks about" not in description


def test_the_list_keeps_a_compound_whole_and_drops_the_verb_before_it() -> None:
    co_op: dict[str, Any] = {
        "nodes": [
            {"id": "menu", "isStart": True, "text": "Bike co-op, what can we do for you?"},
            {"id": "parts", "text": "We sell used wheels, brake pads, inner tubes, saddles and chains at the front counter."},
            {"id": "classes", "text": "Our repair classes run on Tuesday nights."},
        ],
        "edges": [
            {"id": "to-parts", "source": "menu", "target": "parts", "label": "Used parts"},
            {"id": "to-classes", "source": "menu", "target": "classes", "label": "Repair classes"},
        ],
    }
    graph = PathwayGraph.model_validate(co_op)
    descriptions, repaired = fixed(graph, {"squeak": spec(["my bike squeals every time I stop, got anything cheap?"], "parts")}, {})
    assert repaired is not None and descriptions
    description = next(edge.description for edge in repaired.edges if edge.id == "to-parts")
    assert "brake pads" in description and "inner tubes" in description and "sell" not in description

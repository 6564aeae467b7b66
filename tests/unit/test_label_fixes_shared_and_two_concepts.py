"""Two close labels a caller's words share with the wrong one (engine/repair/strategies/labels.py,
`_candidate`): "Our wheel class is booked for tonight, but the county says the roads are glazed
with ice; should we still come in?" shares "wheel", "class" and "booked" with the class-booking
edge and names the weather closure by two concepts of its own. One concept beside the shared words
does not outweigh the booking label's words; the shared words with both concepts do, as a reviewer
writes "a class already booked when the roads ice over". Made-up domain: a pottery studio (from
fixer-labels-validation-37's sandcastle lessons, studied after its blind score)."""

from __future__ import annotations

from typing import Any

from test_label_fixes import fixed, spec

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.routing import route

STUDIO: dict[str, Any] = {
    "nodes": [
        {"id": "menu", "isStart": True, "text": "Clay Corner studio, how can I help?"},
        {"id": "book", "text": "Which night would you like?"},
        {"id": "closed", "text": "If the county closes the roads we move your class and text you by three."},
        {"id": "glaze", "text": "Glazes are on the back wall."},
    ],
    "edges": [
        {"id": "to-book", "source": "menu", "target": "book", "label": "Book a wheel class",
         "description": "Two hours on the pottery wheel with one of our potters."},
        {"id": "to-closed", "source": "menu", "target": "closed", "label": "Snow or storm closures",
         "description": "What happens if bad weather closes the studio on your night."},
        {"id": "to-glaze", "source": "menu", "target": "glaze", "label": "Buying glazes"},
    ],
}
TRAIN = "Our wheel class is booked for tonight, but the county says the roads are glazed with ice; should we still come in?"


def test_the_shared_words_with_two_concepts_of_the_caller_move_a_booked_class_to_the_closures() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    assert route(CompiledGraph(graph), "menu", TRAIN).target == "book"
    train = spec([TRAIN], "closed")
    booking = spec(["I'd like to book a wheel class for Thursday night."], "book")
    descriptions, repaired = fixed(graph, {"ice": train}, {"booking": booking})
    assert repaired is not None and len(descriptions) == 1
    assert "to the description of edge 'to-closed'" in descriptions[0]
    description = next(edge.description for edge in repaired.edges if edge.id == "to-closed")
    assert description.startswith("What happens if bad weather closes the studio on your night. Also when the caller mentions")
    assert route(CompiledGraph(repaired), "menu", TRAIN).target == "closed"
    assert route(CompiledGraph(repaired), "menu", "I'd like to book a wheel class for Thursday night.").target == "book"

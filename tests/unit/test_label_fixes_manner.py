"""How a caller wants it done is a label edit's last resort (engine/repair/strategies/labels.py,
`_new_words`): "I want to fly a hawk *properly* on my own" shares "hawk" with the one-off hawk
walk it was taken by; the word that tells the course from the walk is the adverb. Adverbs come
after every other new word, so they are offered only when at most one other word is new, and an
intensifier ("really", "just") never. Made-up domain: a pottery studio (from
fixer-labels-validation-13's falconry course, studied after its blind score)."""

from __future__ import annotations

import re
from typing import Any

from test_label_fixes import fixed, spec

from tornado_operator.api.pathway import PathwayGraph

STUDIO: dict[str, Any] = {
    "nodes": [
        {"id": "menu", "isStart": True, "text": "Clay Corner studio, how can I help?"},
        {"id": "taster", "text": "Taster nights are Fridays: two hours on the wheel, $45."},
        {"id": "course", "text": "Our eight-week course meets Tuesdays."},
    ],
    "edges": [
        {"id": "to-taster", "source": "menu", "target": "taster", "label": "Taster night", "description": "Throw pots on the wheel for an evening."},
        {"id": "to-course", "source": "menu", "target": "course", "label": "Pottery courses",
         "description": "Learn to throw and trim on the wheel over eight weeks."},
    ],
}


def test_the_adverb_that_tells_the_course_from_the_one_off_is_added_when_nothing_else_does() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    train = spec(["I'm not after a one-off, I want to throw pots properly."], "course")
    taster = spec(["is there a taster night this Friday?"], "taster")
    descriptions, repaired = fixed(graph, {"properly": train}, {"taster": taster})
    assert repaired is not None and len(descriptions) == 1
    assert "properly" in next(edge.description for edge in repaired.edges if edge.id == "to-course")


def test_an_intensifier_is_never_the_concept() -> None:
    graph = PathwayGraph.model_validate(STUDIO)
    train = spec(["I really just want to throw pots, seriously."], "course")
    descriptions, _ = fixed(graph, {"really": train}, {})
    assert descriptions  # a fix of other words ("pots" on the course's label), never the intensifiers
    added = [re.match(r'Add "([^"]*)"', description) for description in descriptions]
    assert all(found is not None and not {"really", "just", "seriously"} & set(found.group(1).split()) for found in added)

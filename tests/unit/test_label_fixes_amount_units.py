"""A unit the caller measures with is never a label edit's word (engine/repair/strategies/labels.py,
`_amount_unit`), any more than the number before it: "three hundred *pounds* of chicken", "about an *inch*" say how much this caller
has, not what the call is about, and "pounds" in a description then takes every caller who weighs
something ("fifty-pound bags of flour" to the emergencies line). Found in fixer-labels-validation-14
(a commissary kitchen) and -4 (a tailor) after their blind scores; the made-up domain here is a
moving and storage company."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_label_fixes import fixed, spec

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.strategies.labels import _amount_unit
from tornado_operator.engine.sim import wordnet

MOVERS: dict[str, Any] = {
    "nodes": [
        {"id": "menu", "isStart": True, "text": "Lakeside Moving and Storage, how can I help?"},
        {"id": "storage", "text": "Our storage rooms start at $60 a month."},
        {"id": "moving", "text": "A crew of two with a truck is $140 an hour."},
    ],
    "edges": [
        {"id": "to-storage", "source": "menu", "target": "storage", "label": "Storage rooms", "description": "Rooms by the month."},
        {"id": "to-moving", "source": "menu", "target": "moving", "label": "Book a move", "description": "A crew and a truck for moving day."},
    ],
}


def _added(descriptions: list[str]) -> set[str]:
    words: set[str] = set()
    for description in descriptions:
        found = re.match(r'Add ((?:"[^"]*"(?: or )?)+)', description)
        assert found is not None, description
        words.update(" ".join(re.findall(r'"([^"]*)"', found.group(1))).split())
    return words


def test_the_weight_the_caller_gives_is_not_added_to_the_description() -> None:
    graph = PathwayGraph.model_validate(MOVERS)
    train = spec(["We have about two thousand pounds of furniture and nowhere to put it till March."], "storage")
    move = spec(["we need a crew and a truck on the first of the month"], "moving")
    descriptions, repaired = fixed(graph, {"furniture": train}, {"move": move})
    assert repaired is not None and descriptions
    added = _added(descriptions)
    assert "pounds" not in added and "pound" not in added, descriptions
    assert "furniture" in added, descriptions  # (before: "pounds of furniture")


LEXICON = wordnet.open_default()


@pytest.mark.parametrize(
    ("surface", "said"),
    [
        ("pounds", "there's three hundred pounds of chicken in it"),
        ("inch", "can you take them up about an inch"),
        ("miles", "it's 30 miles out of town"),
        ("gallons", "maybe fifteen gallons of paint"),
        ("yards", "two yards of the blue fabric"),
    ],
)
def test_a_unit_after_a_number_is_an_amount(surface: str, said: str) -> None:
    assert _amount_unit(LEXICON, surface, said)


@pytest.mark.parametrize(
    ("surface", "said"),
    [
        ("lot", "is there a lot where my cart can sit"),  # a parking lot: "a" is no number
        ("yard", "my yard is full of leaves"),  # no number: the garden
        ("pounds", "do you sell it by the pounds"),  # no number before it
        ("bags", "two bags of flour"),  # after a number, but a bag is a thing (its commonest sense)
        ("chicken", "three hundred pounds of chicken"),  # what is weighed, not the unit
    ],
)
def test_a_word_that_is_no_unit_or_not_after_a_number_is_not_an_amount(surface: str, said: str) -> None:
    assert not _amount_unit(LEXICON, surface, said)

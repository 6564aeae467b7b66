"""What a label edit never takes from a caller's turn (engine/repair/strategies/labels.py), found
in fixer-labels-validation-15 (a storm-shelter installer, mold remediation) after its blind score
and pinned here on a made-up water utility:

- a particle said alone ("my kids are still *down* in there") or the tag of a question ("is that
  *true*?"): where, or asking if so — never what the call is about;
- a particle that says where, not a verb's ("the pipe burst *down there*", "the meter pit *out
  front*", "a shelter *down in* the garage", "the house *down the road*"), and a noun with a
  particle after it ("the city pays *people back*"): no phrasal verb ("throwing up in the car",
  "sign up my kids", "keep coming back" still are);
- two telling words across a clause boundary ("the basement is soaked, the pipe burst") are two
  options, never glued into "soaked the pipe", words the caller did not say together;
- a relative by marriage ("my brother-in-law says") is who, like "my sister";
- a word said as where ("in a wheelchair") is the last option, tried only when the others fail."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_label_fixes import fixed, spec

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.strategies.labels import _phrasal, _phrases

WATER: dict[str, Any] = {
    "nodes": [
        {"id": "menu", "isStart": True, "text": "Riverbend Water, how can I help?"},
        {"id": "rebates", "text": "Our rebates cover toilets and washers."},
        {"id": "service", "text": "We can start or stop service."},
        {"id": "leak", "text": "Is it a burst main?"},
    ],
    "edges": [
        {"id": "to-rebates", "source": "menu", "target": "rebates", "label": "Rebates", "description": "Savings on efficient fixtures."},
        {"id": "to-service", "source": "menu", "target": "service", "label": "Start or stop service", "description": "Moving in or out."},
        {"id": "to-leak", "source": "menu", "target": "leak", "label": "Report a main break", "description": "A broken main."},
    ],
}


def _added(descriptions: list[str]) -> list[str]:
    """The words each fix adds (its quoted options)."""
    words: list[str] = []
    for description in descriptions:
        found = re.match(r'Add ((?:"[^"]*"(?: or )?)+)', description)
        assert found is not None, description
        words.extend(re.findall(r'"([^"]*)"', found.group(1)))
    return words


@pytest.mark.parametrize(
    "turn",
    [
        "Our whole basement is soaked, the pipe burst down there",
        "the meter pit out front is overflowing, the lid is floating up there",
    ],
)
def test_a_particle_saying_where_is_never_added(turn: str) -> None:
    descriptions, repaired = fixed(PathwayGraph.model_validate(WATER), {"leak": spec([turn], "leak")}, {})
    assert repaired is not None and descriptions
    added = _added(descriptions)
    assert not any({"down", "up", "out"} & set(option.split()) for option in added), added
    assert "soaked the pipe" not in added  # two clauses: never glued


@pytest.mark.parametrize(
    ("said", "phrasal"),
    [
        ("the pipe burst down there", None),
        ("the meter pit out front is full", None),
        ("a shelter down in the garage floor is out for us", None),
        ("we bought the house down the road", None),
        ("the city pays people back for rain barrels", None),
        ("my kid is throwing up in the car", "throwing up"),
        ("i need to sign up my kids", "sign up"),
        ("they keep coming back", "coming back"),
        ("help me pick up the boxes", "pick up"),
        ("we want to set it aside", "set aside"),
        ("the reindeer have to come off the roof", "come off"),
    ],
)
def test_a_phrasal_verb_is_a_verb_with_its_particle_not_a_place(said: str, phrasal: str | None) -> None:
    assert _phrasal(said, set()) == phrasal


def test_two_words_across_a_clause_boundary_are_listed_not_glued() -> None:
    class _Event:
        text = "Our basement is soaked, the pipe burst"

    options = _phrases(_Event(), ["soaked", "pipe"], set())  # type: ignore[arg-type]
    assert '" or "'.join(["soaked", "pipe"]) in options and "soaked the pipe" not in options
    _Event.text = "Our soaked pipe burst"
    assert "soaked pipe" in _phrases(_Event(), ["soaked", "pipe"], set())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "turn",
    [
        "My sister-in-law told me you pay for rain barrels",  # (before: "sister-in-law" or "rain barrel")
        "My brother-in-law says you pay folks to swap out old toilets, is that true?",
    ],
)
def test_a_relative_by_marriage_or_a_question_tag_is_never_added(turn: str) -> None:
    descriptions, repaired = fixed(PathwayGraph.model_validate(WATER), {"rebates": spec([turn], "rebates")}, {})
    assert repaired is not None and descriptions
    words = {word for option in _added(descriptions) for word in option.split()}
    assert not words & {"sister-in-law", "brother-in-law", "true"}, descriptions

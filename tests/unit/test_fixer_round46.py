r"""Fixer classes from fixer-validation-37's study (stop 46), on made-up lines of their own (a boat
storage yard, a window-blind shop), both sides of every bound:

- a length or a depth said with its unit ("10.4 meters", "twenty-six feet", "34 ft 6 in", "a
  hundred and ten meters", "a 32-footer") or feet and inches said the short way ("thirty-four six")
  is taken whole where the node asks for it and extracts nothing yet; a count of something the
  question asks for ("20 yards" to "how many yards?") keeps its number alone, and a single number
  word before the inches ("six two") is no length of this kind (a height or a time)."""

from __future__ import annotations

import pytest

from fix_loop import passes, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.values import LENGTH, first_capture

# --- a length with its unit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Thirty-four six, even keel.", "Thirty-four six"),
        ("10.4 meters at the stern.", "10.4 meters"),
        ("Twenty-six feet.", "Twenty-six feet"),
        ("Ten and a half meters.", "Ten and a half meters"),
        ("Just shy of two hundred meters.", "two hundred meters"),
        ("She's a 32-footer.", "32-footer"),
        ("34 ft 6 in", "34 ft 6 in"),
        ("about 3 yards of it", "3 yards"),
        ("I have six two kids", None),  # one number word before the inches: no length
        ("at 5 pm", None),
        ("Length overall 142.", None),  # no unit said
    ],
)
def test_a_length_with_its_unit(text: str, length: str | None) -> None:
    assert first_capture(LENGTH, text) == length


def _extracted(variable: str, pattern: str) -> dict[str, object]:
    return {"id": variable, "type": "VARIABLE_EXTRACTED", "config": {"variableName": variable, "pattern": pattern}}


def _boat_storage() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Lakeside Dry Stack, how can I help?"},
            {"id": "length", "text": "How long is the boat, bow to stern?",
             "prompt": "Get the boat's length so we can pick a rack. Any answer moves on."},
            {"id": "hold", "type": "webhook", "text": "One moment.",
             "webhook": {"url": "https://example.test/api/racks", "method": "POST", "body": {"length": "{{boat_length}}"}}},
            {"id": "done", "type": "end_call", "text": "You're on the list for a rack."},
        ],
        "edges": [
            {"id": "to-length", "source": "greet", "target": "length", "label": "a rack for the season",
             "match": {"keywords": ["rack", "storage", "store"]}},
            {"id": "to-hold", "source": "length", "target": "hold", "label": "any answer", "match": {"always": True}},
            {"id": "to-done", "source": "hold", "target": "done", "label": "posted", "match": {"always": True}},
        ],
    })


def test_the_loop_extracts_a_length_said_the_short_way_and_the_next_callers_units() -> None:
    # (the unit is part of the value: "7.5 meters" and "7.5 feet" are different boats)
    graph = _boat_storage()
    train = scenario(["I need storage for the season.", "Twenty-two six, with the motor up."], _extracted("boat_length", "(?i)twenty[- ]two[- ]six"))
    meters = scenario(["Do you have a rack for my boat?", "About 7.5 meters."], _extracted("boat_length", r"7\.5( meters)?"))
    footer = scenario(["Storage for a boat, please.", "She's a 24-footer."], _extracted("boat_length", "24(-footer)?"))
    assert not passes(graph, train) and not passes(graph, meters) and not passes(graph, footer)
    fixed = settle(graph, {"train": train})
    assert passes(fixed, train)
    assert passes(fixed, meters)  # never shown to the fixer
    assert passes(fixed, footer)


def _blinds() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Shade and Sill, how can I help?"},
            {"id": "yards", "text": "How many yards of fabric?",
             "extractVars": [{"name": "yards", "pattern": r"\b(\d{1,2})\s+yards\b"}]},
            {"id": "done", "type": "end_call", "text": "We'll cut it today."},
        ],
        "edges": [
            {"id": "to-yards", "source": "greet", "target": "yards", "label": "fabric by the yard", "match": {"keywords": ["fabric"]}},
            {"id": "to-done", "source": "yards", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_a_count_the_question_asks_for_keeps_its_number_alone() -> None:
    graph = _blinds()
    train = scenario(["I need some fabric cut.", "Twelve yards, please."], _extracted("yards", "^12$|^(?i:twelve)$"))
    fixed = settle(graph, {"train": train})
    extract = next(node for node in fixed.nodes if node.id == "yards").extract_vars[0]
    assert "meters" not in extract.pattern  # the count's own unit, not a length of any unit

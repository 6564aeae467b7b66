"""Three value classes from fixer-validation-23 (studied after its blind score), each on made-up
lines of its own (a scrap yard, a youth soccer league, a library), both sides of every bound:

- a weight that keeps its unit in the value (`(\\d[\\d,]*\\s*(?:pounds|lbs))`: "the weight, with its
  unit") is widened to be said in words ("three thousand pounds", "two and a half tons") and in any
  unit of the same measure, and still takes every value it took; a number whose unit stays outside
  the value gets no other unit (300 in pounds is no 300 tons);
- a count said in words reaches ninety-nine ("Twenty-two, counting me"), not only twenty;
- a number read out in groups ("23 10 06") is the same count of digits however the next caller
  groups it ("2 3 1 0 0 6", "231006"), never a number of another length."""

from __future__ import annotations

import pytest

from fix_loop import passes, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.repair.values import (
    COUNT,
    first_capture,
    measure_said,
    other_units,
    own_widenings,
    thousands_said,
    value_shapes,
)

WEIGHT = r"(?i)(\d[\d,]*\s*(?:pounds|lbs))"


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("It's 3 tons, maybe less.", "3 tons"),
        ("About 300 kilos.", "300 kilos"),
        ("2,400 pounds", "2,400 pounds"),  # what it took before, it still takes
        ("800 lbs", "800 lbs"),
        ("a 3 ton-ish thing", "3 ton"),
        ("about 40 feet long", None),  # another measure
    ],
)
def test_a_weight_that_keeps_its_unit_takes_any_unit_of_weight(said: str, value: str | None) -> None:
    wider = other_units(WEIGHT)
    assert wider is not None
    assert first_capture(wider, said) == value


def test_a_unit_outside_the_value_or_of_no_measure_gets_no_other_unit() -> None:
    assert other_units(r"(?i)(\d+)\s*(?:pounds|lbs)") is None  # the value is the bare number
    assert other_units(r"(?i)(\d+\s*(?:guests|people))") is None  # no measure
    assert other_units(r"(?i)(\d+\s*(?:feet|ft))") is not None  # a length: yards, meters too


def test_digits_with_their_commas_are_a_measures_number() -> None:
    assert measure_said(r"(\d[\d,]*)\s*gallons?") is not None
    assert thousands_said(r"(\d[\d,]*)\s*gallons?") is not None
    assert measure_said(r"\b(\d[\d,]*)\b") is None  # no unit after it


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("It's about six thousand pounds.", "six thousand pounds"),
        ("Four and a half tons, maybe a little less.", "Four and a half tons"),
        ("It weighs 2,400 pounds.", "2,400 pounds"),
        ("two hundred kilos", "two hundred kilos"),
        ("the big one", None),
    ],
)
def test_together_a_weight_is_taken_in_words_and_in_any_unit(said: str, value: str | None) -> None:
    together, allows = own_widenings(WEIGHT)[0]
    assert "same measure" in allows and "in words" in allows
    assert first_capture(together, said) == value


def _scrap_yard() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "ask", "isStart": True, "text": "About how much does the load weigh?",
             "extractVars": [{"name": "load_weight", "pattern": WEIGHT, "description": "The load's weight, with its unit."}]},
            {"id": "done", "text": "Thanks, pull up to the scale when you get here."},
        ],
        "edges": [{"id": "answered", "source": "ask", "target": "done", "match": {"always": True}}],
    })


def _extracts(variable: str, turn: str, expected: str) -> TestScenarioSpec:
    return scenario([turn], {"type": "VARIABLE_EXTRACTED", "config": {"variableName": variable, "pattern": expected}})


def test_the_loop_widens_a_weight_said_in_words_and_keeps_digits() -> None:
    train = _extracts("load_weight", "About three thousand pounds of copper pipe.", "(?i)three thousand( pounds)?")
    kept = _extracts("load_weight", "It's 1,800 lbs.", r"1,800\s*lbs")
    para = _extracts("load_weight", "Two and a half tons, give or take.", "(?i)two and a half( tons?)?")
    graph = _scrap_yard()
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, kept)
    fixed = settle(graph, {"train": train, "kept": kept})
    assert passes(fixed, train) and passes(fixed, kept)
    assert passes(fixed, para)  # never shown to the fixer


# --- a count in words up to ninety-nine ---------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("Twenty-two, counting me.", "Twenty-two"),
        ("forty one kids", "forty one"),
        ("Eleven, plus two subs.", "Eleven"),
        ("ninety-nine", "ninety-nine"),
        ("14 of them", "14"),
        ("a bunch", None),
    ],
)
def test_a_count_in_words_reaches_ninety_nine(said: str, value: str | None) -> None:
    assert COUNT in value_shapes("Eleven")
    assert first_capture(COUNT, said) == value


def _league() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "ask", "isStart": True, "text": "How many players are on the roster?",
             "extractVars": [{"name": "roster_size", "pattern": r"(?i)(\d+)\s*(?:kids|players)"}]},
            {"id": "done", "text": "Great, I'll order that many jerseys."},
        ],
        "edges": [{"id": "answered", "source": "ask", "target": "done", "match": {"always": True}}],
    })


def test_the_loop_takes_a_count_in_words_past_twenty() -> None:
    train = _extracts("roster_size", "Eleven, plus the coach's kid.", "(?i)eleven")
    para = _extracts("roster_size", "Twenty-three, if everybody comes back.", r"(?i)twenty[\s-]three")
    kept = _extracts("roster_size", "We have 16 players.", "^16$")
    graph = _league()
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, kept)
    fixed = settle(graph, {"train": train, "kept": kept})
    assert passes(fixed, train) and passes(fixed, kept)
    assert passes(fixed, para)


# --- a number read out in groups ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("it's 2 3 1 0 0 6", "2 3 1 0 0 6"),
        ("231006", "231006"),
        ("55-03-19", "55-03-19"),
        ("40 17", None),  # four digits: another number
        ("4017229", None),  # seven: another number (no boundary inside a run of digits)
    ],
)
def test_a_number_read_in_groups_is_its_count_of_digits_however_grouped(said: str, value: str | None) -> None:
    shape = value_shapes("23 10 06")[0]
    assert first_capture(shape, said) == value

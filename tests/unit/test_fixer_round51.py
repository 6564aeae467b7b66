"""Fixer classes from fixer-validation-46's study (stop 51), on made-up lines of their own (a
boat rental, a sign shop, a moving company), both sides of every bound:

- a unit written as an alternation with groups of its own (`(?:mph|miles\\s+(?:an|per)\\s+hour)`),
  or kept inside the value's group, is still the unit after the value: it can be made optional,
  joined by a dash, or have words before it, as a unit of one word could;
- a number said in words with no unit after it ("Posted at fifty-five") is taken by the pattern
  widened both ways at once (the number in words, the unit optional), tried after every other
  widening, and only when the others do not take the turn;
- a unit written as one word outside a group (`\\s*gallons?`) is a unit the same way;
- a number of thousands or millions said with the word ("75 thousand", "1.5 million") or as a
  part of a million ("a half-million-gallon", "half a million") is a number of thousands said;
- a speed ("miles an hour", "mph") is no distance: it is never also said as the time it takes to
  get there ("forty-five minutes" is no speed limit)."""

from __future__ import annotations

import pytest

from fix_loop import passes, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.repair.values import (
    distance_as_time,
    first_capture,
    own_widenings,
    thousands_said,
    unit_joined,
    unit_optional,
    words_before_unit,
)

_SPEED = r"(?i)\b(\d{2}\s*(?:mph|miles\s+(?:an|per)\s+hour))\b"
_HORSEPOWER = r"(?i)\b(\d{2,3})\s*(?:hp|horse(?:\s*power)?)\b"


def _asks(question: str, var: str, pattern: str) -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [{"id": "ask", "isStart": True, "text": question, "extractVars": [{"name": var, "pattern": pattern}]},
                  {"id": "done", "text": "Thanks!"}],
        "edges": [{"id": "answered", "source": "ask", "target": "done", "match": {"always": True}}],
    })


def _extracts(turn: str, var: str, pattern: str) -> TestScenarioSpec:
    return scenario([turn], {"type": "VARIABLE_EXTRACTED", "config": {"variableName": var, "pattern": pattern}})


@pytest.mark.parametrize(("pattern", "said", "value"), [
    (_SPEED, "It's 45 around the curve.", "45"),
    (_SPEED, "45 miles an hour", "45 miles an hour"),  # as before, the unit kept in the value
    (_HORSEPOWER, "a 90 on the back", "90"),
    (_HORSEPOWER, "90 horse", "90"),
])
def test_a_unit_with_groups_of_its_own_is_made_optional(pattern: str, said: str, value: str) -> None:
    bare = unit_optional(pattern)
    assert bare is not None
    assert first_capture(bare, said) == value


@pytest.mark.parametrize("pattern", [
    r"(?i)\b(\d{2})\s*(mph)\b",  # a capturing group: the value's, not a unit
    r"(?i)\b(\d{2})\s*(?:\d{2})\b",  # digits: no unit
    r"(?i)\b(\d{2})(?:mph|kph)\b",  # no separator before it
    r"(?i)\b(\d{2})\s*\(?:mph\)",  # escaped parentheses: no group
    r"(?i)\b(\d{1,3}\s+(?:thousand|grand))",  # a word that counts: part of the number
    r"(?i)\b((?:twenty|thirty)\s+(?:one|two))\b",
])
def test_no_unit_is_found_where_the_pattern_ends_in_none(pattern: str) -> None:
    assert unit_optional(pattern) is None
    assert unit_joined(pattern) is None


def test_a_unit_with_groups_of_its_own_is_joined_by_a_dash_and_has_words_before_it() -> None:
    joined = unit_joined(_SPEED)
    assert joined is not None and first_capture(joined, "a 45-mph zone") == "45-mph"
    between = words_before_unit(_HORSEPOWER)
    assert between is not None and first_capture(between, "a 90 Yamaha horsepower outboard") == "90"
    assert first_capture(between, "a 90 is what the old Evinrude horsepower was") is None  # four words between


def test_a_number_in_words_with_no_unit_is_the_last_widening() -> None:
    forms = own_widenings(_SPEED)
    takes = [allows for form, allows in forms if first_capture(form, "Posted at fifty-five, but folks do seventy.") == "fifty-five"]
    assert takes == ['the number said in words ("three", "thirty"), the unit after it optional']
    assert forms[-1][1] == takes[0]
    # every value the pattern took, every widening still takes
    assert all(first_capture(form, "It's 45 miles an hour.") == "45 miles an hour" for form, _ in forms)


def test_a_speed_is_never_said_as_a_time() -> None:
    assert distance_as_time(_SPEED) is None
    assert distance_as_time(r"(?i)\b(\d{1,3}\s*(?:kph|km/h))\b") is None
    distance = distance_as_time(r"(?i)\b(\d+\s*miles?)\b")  # a distance still is
    assert distance is not None and first_capture(distance, "forty-five minutes out") == "forty-five minutes"
    # (the number alone may be taken, as any number said with no unit is: never the time)
    assert all(first_capture(form, "about forty-five minutes") != "forty-five minutes" for form, _ in own_widenings(_SPEED))


def test_the_loop_takes_a_speed_limit_said_in_words_with_no_unit() -> None:
    graph = _asks("What's the speed limit where the sign goes?", "speed_limit", _SPEED)
    train = _extracts("Posted at fifty-five, but folks do seventy.", "speed_limit", "(?i)fifty[- ]five")
    other = _extracts("Oh, it's thirty-five through town.", "speed_limit", "(?i)thirty[- ]five")
    before = _extracts("It's 45 miles per hour.", "speed_limit", "(?i)45 miles per hour")
    assert not passes(graph, train) and not passes(graph, other) and passes(graph, before)
    fixed = settle(graph, {"train": train, "before": before})
    assert passes(fixed, train)
    assert passes(fixed, other)  # never shown to the fixer
    assert passes(fixed, before)


def test_the_loop_takes_horsepower_said_in_words_with_no_unit() -> None:
    graph = _asks("How big a motor do you want on the boat?", "motor", _HORSEPOWER)
    train = _extracts("Something around ninety, if you have it.", "motor", "(?i)ninety")
    other = _extracts("A seventy-five would do us fine.", "motor", "(?i)seventy[- ]five")
    before = _extracts("We'd like 115 hp.", "motor", "115")
    assert not passes(graph, train) and not passes(graph, other) and passes(graph, before)
    fixed = settle(graph, {"train": train, "before": before})
    assert passes(fixed, train)
    assert passes(fixed, other)
    assert passes(fixed, before)


_GALLONS = r"(?i)\b(\d[\d,]*\s*gallons?)\b"


def test_a_unit_of_one_word_outside_a_group_is_the_unit_after_the_value() -> None:
    bare = unit_optional(_GALLONS)
    assert bare is not None and first_capture(bare, "It holds 150,000, give or take.") == "150,000"
    joined = unit_joined(_GALLONS)
    assert joined is not None and first_capture(joined, "a 2,000-gallon tank") == "2,000-gallon"
    assert unit_optional(r"(?i)\b(\d+\s+thousand)\b") is None  # a word that counts
    assert unit_joined(r"(?i)\b(\d+)[\s-]*gallons?\b") is None  # joined already


@pytest.mark.parametrize(("said", "value"), [
    ("She's a half-million-gallon, the big one", None),  # (the dash before the unit: unit_joined's)
    ("It's a half-million gallons.", "a half-million gallons"),
    ("half a million gallons", "half a million gallons"),
    ("a quarter million gallons", "a quarter million gallons"),
    ("two million gallons", "two million gallons"),
    ("It's 75 thousand gallons.", "75 thousand gallons"),
    ("1.5 million gallons", "1.5 million gallons"),
    ("It's 150,000 gallons.", "150,000 gallons"),  # as before
    ("a million gallons", "a million gallons"),
])
def test_thousands_and_millions_said_with_the_word(said: str, value: str | None) -> None:
    wider = thousands_said(_GALLONS)
    assert wider is not None
    assert first_capture(wider, said) == value


def test_the_loop_takes_a_part_of_a_million_joined_to_its_unit() -> None:
    graph = _asks("How many gallons does the tank hold?", "capacity", _GALLONS)
    train = _extracts("She's a half-million-gallon, the one by the depot.", "capacity", "(?i)a half-million-gallon")
    other = _extracts("Ours is a quarter-million-gallon standpipe.", "capacity", "(?i)a quarter-million-gallon")
    before = _extracts("It's 150,000 gallons.", "capacity", "150,000 gallons")
    assert not passes(graph, train) and not passes(graph, other) and passes(graph, before)
    fixed = settle(graph, {"train": train, "before": before})
    assert passes(fixed, train)
    assert passes(fixed, other)
    assert passes(fixed, before)

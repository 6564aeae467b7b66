"""A value's other forms, widened the way a reviewer widens a pattern once one is seen: a unit
written short or as its symbol, a group of people named before the number, a school grade by
its name, a model year said short in words, a code's letters read one by one, a name given as
what someone is called. Each on a made-up line of its own (a feed store, a cooking school, a
tire shop, a library, a swim team, a horse barn), with both sides of every bound: what the
widened pattern now takes, what it still takes, and what it must not take."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fix_loop import passes, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.repair.values import (
    _UNIT_FAMILIES,
    NAME_AFTER_INTRODUCTION,
    NAME_SAID_ALONE,
    first_capture,
    grade_named,
    group_before,
    own_widenings,
    unit_forms,
    value_shapes,
    year_said,
)


def _asks(question: str, var: str, pattern: str | None = None) -> PathwayGraph:
    extract = [{"name": var, "pattern": pattern}] if pattern else []
    return PathwayGraph.model_validate({
        "nodes": [{"id": "ask", "isStart": True, "text": question, "extractVars": extract}, {"id": "done", "text": "Thanks!"}],
        "edges": [{"id": "answered", "source": "ask", "target": "done", "match": {"always": True}}],
    })


def _extracts(turn: str, var: str, pattern: str) -> TestScenarioSpec:
    return scenario([turn], {"type": "VARIABLE_EXTRACTED", "config": {"variableName": var, "pattern": pattern}})






# --- a unit written short or as its symbol --------------------------------------------------------

@pytest.mark.parametrize("family", _UNIT_FAMILIES, ids=lambda family: sorted(family[0])[0])
def test_every_form_a_unit_family_lists_is_taken_by_its_widened_pattern(family: Any) -> None:
    listed = family[0]
    for word in listed:
        pattern = rf"\b(\d+)\s*(?:{re.escape(word)})\b" if word[-1].isalnum() else rf"\b(\d+)\s*(?:{re.escape(word)})"
        wider = unit_forms(pattern)
        assert wider is not None, word
        assert first_capture(wider, f"about 12 {word} of it") == "12", (word, wider)


@pytest.mark.parametrize(("pattern", "said", "value"), [
    (r"(?i)\b(\d{1,3})\s*(?:pounds|lbs)\b", "She was 62 lb at the vet.", "62"),
    (r"(?i)\b(\d{1,3})\s*(?:pounds|lbs)\b", "a 50 lb. bag", "50"),
    (r"(?i)\b(\d{1,3})\s*(?:pounds|lbs)\b", "just 1 pound", "1"),
    (r"(?i)\b(\d{2})\s*(?:inch|inches)\b", 'It has a 54" deck.', "54"),
    (r"(?i)\b(\d{2})\s*(?:inch|inches)\b", "a 48 in. blade", "48"),
    (r"\b(\d{3,4})\s*(?:square feet)\b", "The listing says 1850 sq. ft.", "1850"),
    (r"\b(\d{3,4})\s*(?:square feet)\b", "about 900 sqft", "900"),
    (r"(?i)\b(\d{1,2})\s*(?:gallons?)\b", "a 20 gal tank", "20"),
    (r"(?i)\b(\d{1,2})\s*(?:feet|ft)\b", "the boat is 16' long", "16"),
    (r"(?i)\b(\d{1,3})\s*(?:percent)\b", "it's at 40%", "40"),
])
def test_a_unit_written_short_or_as_its_symbol_is_taken(pattern: str, said: str, value: str) -> None:
    wider = unit_forms(pattern)
    assert wider is not None
    assert first_capture(pattern, said) is None  # the author's pattern missed it
    assert first_capture(wider, said) == value


@pytest.mark.parametrize(("pattern", "said"), [
    (r"(?i)\b(\d{2})\s*(?:inch|inches)\b", "can you come at 10 in the morning"),  # "in" bare is no inch
    (r"(?i)\b(\d{1,2})\s*(?:feet|ft)\b", "songs from the 80's"),  # an apostrophe before a letter is no foot
    (r"(?i)\b(\d{1,3})\s*(?:pounds|lbs)\b", "I have 3 labs"),
])
def test_a_unit_widening_takes_no_look_alike(pattern: str, said: str) -> None:
    wider = unit_forms(pattern)
    assert wider is not None
    assert first_capture(wider, said) is None


@pytest.mark.parametrize("pattern", [
    r"(?i)\b(\d{1,2})\s*(?:people|guests)\b",  # not a unit of measure
    r"(?i)\b(\d{1,3})\s*(?:pounds|gallons)\b",  # two units: which one is meant is the author's call
    r"(?i)\b(\d{1,3})\b",  # no unit at all
])
def test_a_pattern_whose_words_are_not_one_unit_gets_no_unit_forms(pattern: str) -> None:
    assert unit_forms(pattern) is None


def test_a_weight_fixed_for_a_fraction_also_takes_the_next_callers_short_unit() -> None:
    """A feed store asks how many pounds; the author's pattern wants "pounds" or "lbs". The
    train caller says "12 and a half pounds"; the fix keeps the old pattern beside the new form,
    its unit tidied, so the next caller's "40 lb" is taken too."""
    graph = _asks("How many pounds of birdseed?", "weight", r"(?i)\b(\d{1,3})\s*(?:pounds|lbs)\b")
    half = _extracts("12 and a half pounds, please.", "weight", r"(?i)12(?:\.5| and a half)")
    short = _extracts("Make it 40 lb.", "weight", "40")
    assert not passes(graph, half) and not passes(graph, short)
    fixed = settle(graph, {"half": half})
    assert passes(fixed, half)
    assert passes(fixed, short)
    assert passes(fixed, _extracts("25 pounds", "weight", "25"))  # as before


# --- a group named before the number ---------------------------------------------------------------

@pytest.mark.parametrize(("said", "value"), [
    ("A group of eight.", "eight"), ("a party of 6", "6"), ("a table for four, please", "four"),
    ("my family of five", "five"), ("There'll be 7 people.", "7"),
])
def test_a_count_of_people_is_taken_with_the_group_named_before_it(said: str, value: str) -> None:
    pattern = r"(?i)\b(\d{1,2})\s*(?:people|guests)\b"
    forms = [form for form, _ in own_widenings(pattern)]
    assert any(first_capture(form, said) == value for form in forms), said


def test_a_count_of_things_gets_no_group_before_it() -> None:
    assert group_before(r"(?i)\b(\d{1,2})\s*(?:jugs?)\b") is None
    wider = group_before(r"(?i)\b(\d{1,2})\s*(?:people|guests)\b")
    assert wider is not None
    assert first_capture(wider, "a group of us is coming") is None  # no number: nothing taken


def test_a_party_size_fixed_for_a_count_in_words_also_takes_a_group_named_before_it() -> None:
    graph = _asks("How many people will be cooking?", "party", r"(?i)\b(\d{1,2})\s*(?:people|guests)\b")
    words = _extracts("Probably six people.", "party", r"(?i)six|6")
    group = _extracts("A group of nine.", "party", r"(?i)nine|9")
    assert not passes(graph, words) and not passes(graph, group)
    fixed = settle(graph, {"words": words})
    assert passes(fixed, words)
    assert passes(fixed, group)
    assert passes(fixed, _extracts("12 guests", "party", "12"))


# --- a school grade by its name --------------------------------------------------------------------

def test_a_numbered_grade_also_takes_the_grade_by_its_name() -> None:
    pattern = r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+grade\b"
    wider = grade_named(pattern)
    assert wider is not None
    for said, value in [("He's a sophomore at Central.", "sophomore"), ("she's in kindergarten", "kindergarten"),
                        ("a senior", "senior"), ("7th grade", "7")]:
        assert first_capture(wider, said) == value
    assert grade_named(r"(?i)\b(\d{1,2})\s*(?:years?)\b") is None


def test_a_grade_fixed_for_an_ordinal_in_words_also_takes_the_next_parents_grade_by_name() -> None:
    graph = _asks("What grade is your swimmer in?", "grade", r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+grade\b")
    ordinal = _extracts("She's in seventh grade.", "grade", r"(?i)seventh|7")
    named = _extracts("He's a junior.", "grade", r"(?i)junior|11")
    fixed = settle(graph, {"ordinal": ordinal})
    assert passes(fixed, ordinal)
    assert passes(fixed, named)
    assert passes(fixed, _extracts("4th grade", "grade", "4"))


# --- a model year said short in words --------------------------------------------------------------

@pytest.mark.parametrize(("said", "value"), [
    ("an oh-six Taurus", "oh-six"), ("a ninety-eight Civic", "ninety-eight"), ("oh nine", "oh nine"),
    ("a twenty-twelve Camry", "twenty-twelve"), ("an '06", "06"), ("2014", "2014"),
])
def test_a_year_is_also_taken_said_short_in_words(said: str, value: str) -> None:
    wider = year_said(r"\b((?:19|20)\d{2})\b")
    assert wider is not None
    assert first_capture(wider, said) == value


# --- a code's letters read one by one -------------------------------------------------------------

def test_a_codes_shape_takes_its_letters_read_one_by_one() -> None:
    shape = value_shapes("LB-40218")[-1]
    for said, value in [("L B 51733", "L B 51733"), ("l-b-51733", "l-b-51733"), ("LB51733", "LB51733")]:
        assert first_capture(shape, said) == value
    assert first_capture(shape, "card 51733") is None or first_capture(shape, "card 51733") != "51733"


def test_a_library_card_fixed_from_one_reading_takes_a_callers_letters_said_apart() -> None:
    graph = _asks("What's your library card number?", "card")
    dashed = _extracts("It's LB-40218.", "card", r"(?i)LB.?40218")
    spelled = _extracts("Um, L B 77310.", "card", r"(?i)L\s*B\s*77310")
    fixed = settle(graph, {"dashed": dashed})
    assert passes(fixed, dashed)
    assert passes(fixed, spelled)


# --- a name given as what someone is called --------------------------------------------------------

@pytest.mark.parametrize(("said", "name"), [
    ("We called her Peaches.", "Peaches"), ("He goes by Junior.", "Junior"), ("She's called Biscuit", "Biscuit"),
    ("It was named Captain", "Captain"), ("Her name was Luna.", "Luna"), ("Daisy.", "Daisy"),
])
def test_a_name_said_as_what_someone_is_called_is_taken(said: str, name: str) -> None:
    assert first_capture(NAME_SAID_ALONE, said) == name


@pytest.mark.parametrize("said", ["We called him yesterday.", "I called about the stall", "She goes by bus"])
def test_calling_someone_or_going_by_something_is_no_name(said: str) -> None:
    assert first_capture(NAME_SAID_ALONE, said) is None
    got = first_capture(NAME_AFTER_INTRODUCTION, said)
    assert got is None or got.lower() not in ("yesterday", "about"), got


def test_a_horses_name_fixed_from_one_answer_takes_the_next_owners_we_called_him() -> None:
    graph = _asks("And what's the horse's name?", "horse")
    alone = _extracts("Dusty.", "horse", r"(?i).*dusty.*")
    called = _extracts("We always called him Pickles.", "horse", r"(?i).*pickles.*")
    fixed = settle(graph, {"alone": alone})
    assert passes(fixed, alone)
    assert passes(fixed, called)


_LOOKAROUND = re.compile(r"\(\?(?:=|!|<=|<!)")


def test_the_widened_forms_stay_in_the_re2_subset_the_api_promises() -> None:
    written = [
        *(form for pattern in (r"(?i)\b(\d{1,3})\s*(?:pounds|lbs)\b", r"(?i)\b(\d{2})\s*(?:inch|inches)\b",
                               r"(?i)\b(\d{1,2})\s*(?:feet|ft)\b", r"(?i)\b(\d{1,2})\s*(?:people|guests)\b",
                               r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+grade\b", r"\b((?:19|20)\d{2})\b")
          for form, _ in own_widenings(pattern)),
        *value_shapes("LB-40218"), *value_shapes("30517"), NAME_SAID_ALONE,  # (a name after an introduction is extraction-only)
    ]
    assert [pattern for pattern in written if _LOOKAROUND.search(pattern)] == []

"""Issue 13's fixer, round 53 (from fixer-validation-49 and -51, studied after their blind scores):
three kinds of value a caller gives in place of the one the pathway's pattern expects, each now a
kind the extraction fix tries (repair/values.py):

- a time said by what it must come before ("In time for the first CSA pickup", "ahead of my
  seedlings outgrowing the basement", "by the time the families move in"), beside the ones said by
  what comes first ("once my knee heals", "after the next good wind"), which WHEN_BY_EVENT already
  took;
- a day of a month said by its place in it ("the second Tuesday in November", "the last Friday of
  the month", "the first of next month"), where the pattern takes a month and a day in digits;
- an amount said by what it comes in, or by a trade's weight, where a number of pounds is asked ("A
  tow sack and a half", "three five-gallon buckets", "about a hundredweight").

Each capture is a stretch of what the caller said, never a value computed from it. Made-up domains:
a tent rental company, a grain co-op's rail car desk, a honey buyer.

And (from fixer-validation-52) a length said with hundreds by a number under a hundred or by "a"
("Twelve hundred millimeters", "A yard wide"), and how many people said in words with what the
caller calls them or as a range ("Two hundred souls", "Three or four hundred").

And (from fixer-labels-validation-42's doll hospital) a test that says a caller "who cannot say how
many on the first ask" is to be put through states that the node must not ask again: a threshold of
1 where its own statement says so, as "after the first answer" already did."""

from __future__ import annotations

import pytest
from test_analysis_fixer import CONFUSED, GRAPH, analysis_of, fix, spec

from fix_loop import asks_one_thing, extracted, repaired_alike, scenario
from tornado_operator.engine.repair.values import (
    AMOUNT_IN_CONTAINERS,
    DAY_OF_A_MONTH,
    HEADCOUNT,
    LENGTH,
    WHEN_BY_EVENT,
    first_capture,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("In time for my daughter's graduation party, that's the twelfth.", "In time for my daughter's graduation party"),
        ("Ahead of the church picnic, if you can.", "Ahead of the church picnic"),
        ("By the time the band shows up Friday.", "By the time the band shows up Friday"),
        ("Once the lawn dries out.", "Once the lawn dries out"),
    ],
)
def test_a_time_said_by_what_it_must_come_before_is_a_time_by_an_event(text: str, value: str) -> None:
    assert first_capture(WHEN_BY_EVENT, text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The second Tuesday in November, if you can swing it.", "The second Tuesday in November"),
        ("the last Friday of the month", "the last Friday of the month"),
        ("The first of next month, or close to it.", "The first of next month"),
        ("Say the 15th of this month.", "the 15th of this month"),
    ],
)
def test_a_day_of_a_month_said_by_its_place_in_it(text: str, value: str) -> None:
    assert first_capture(DAY_OF_A_MONTH, text) == value


@pytest.mark.parametrize(
    "text",
    ["The second one was fine.", "first thing next month", "Tuesday works.", "In November sometime."],
)
def test_no_day_of_a_month_without_its_place_in_a_month(text: str) -> None:
    assert first_capture(DAY_OF_A_MONTH, text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A tow sack and a half, about.", "A tow sack and a half"),
        ("Three five-gallon buckets of it.", "Three five-gallon buckets"),
        ("About a hundredweight, maybe a little over.", "a hundredweight"),
        ("Two pickup loads.", "Two pickup loads"),
    ],
)
def test_an_amount_said_by_what_it_comes_in(text: str, value: str) -> None:
    assert first_capture(AMOUNT_IN_CONTAINERS, text) == value


@pytest.mark.parametrize("text", ["It's 85 pounds.", "A couple of questions first.", "The bag tore."])
def test_no_amount_in_containers_without_a_count_of_them(text: str) -> None:
    assert first_capture(AMOUNT_IN_CONTAINERS, text) is None


def test_a_time_said_by_an_event_is_extracted_when_the_node_asks_when() -> None:
    graph = asks_one_thing(
        "Big Top Tent Rentals, how can I help?", "rent a tent", ["tent", "canopy"], "When do you need it up?", "We'll call you.",
    )
    train = scenario(["I need a tent for a party", "In time for my daughter's graduation party, that's the twelfth."],
                     extracted("need_by", "(?i)in time for my daughter'?s graduation party"))
    held_out = scenario(["We'd like to rent a canopy", "Ahead of the church picnic, if you can."],
                        extracted("need_by", "(?i)ahead of the church picnic"))
    repaired_alike(graph, train, held_out)


def test_a_date_pattern_of_month_and_digits_widens_to_a_day_by_its_place_in_the_month_and_keeps_its_dates() -> None:
    # (the node's pattern, as a user writes it: a month and a day in digits)
    graph = asks_one_thing(
        "Prairie Co-op car desk.", "order cars", ["cars", "hoppers"], "What day do you need the cars placed?", "Thanks.",
        extract=[{"name": "placement_date", "description": "The day, like October 14th.",
                  "pattern": r"(?i)\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?)\b"}],
    )
    train = scenario(["I need to order hoppers", "The third Friday in March, if there's room."],
                     extracted("placement_date", "(?i)(the )?third friday in march"))
    held_out = scenario(["We need cars for beans", "The 15th of next month, or near it."],
                        extracted("placement_date", "(?i)(the )?15th of next month"))
    kept = scenario(["Ordering cars", "By October 14th."], extracted("placement_date", "(?i)october 14th"))
    repaired_alike(graph, train, held_out, kept)


def test_an_amount_in_containers_is_extracted_beside_the_pounds_the_pattern_takes() -> None:
    graph = asks_one_thing(
        "Clover Hill Honey buyers.", "sell honey", ["sell", "honey"], "About how many pounds do you have?", "Thanks.",
        extract=[{"name": "honey_weight", "description": "How many pounds, like 60 pounds.",
                  "pattern": r"(?i)\b(\d+\s*(?:pounds?|lbs?))\b"}],
    )
    train = scenario(["I've got honey to sell", "Three five-gallon buckets, about."],
                     extracted("honey_weight", "(?i)three five-gallon buckets"))
    held_out = scenario(["Selling some honey", "A couple of pails and a half."], extracted("honey_weight", "(?i)a couple of pails and a half"))
    kept = scenario(["I want to sell honey", "It's 85 pounds."], extracted("honey_weight", "85 pounds"))
    repaired_alike(graph, train, held_out, kept)


def test_a_transfer_wanted_on_the_first_ask_lowers_the_threshold_to_one_when_the_test_says_so() -> None:
    stated = spec(CONFUSED, {"type": "TRANSFERRED", "config": {"expected": True, "target": "front-desk", "maxTurn": 1}},
                  name="A caller with no answer on the first ask is put through to the front desk",
                  description="The office wants a caller who cannot say what they need on the first ask put straight through.")
    planned, fixed = fix(GRAPH, analysis_of(GRAPH, stated))
    assert any("to 1" in f.description for f in planned.plan.fixes)
    assert fixed is not None and fixed.node("menu").config.retry_threshold == 1
    # the limit's other side: a first ask said of something else is no such statement
    other = spec(CONFUSED, {"type": "TRANSFERRED", "config": {"expected": True, "target": "front-desk", "maxTurn": 1}},
                 description="A confused caller reaches the front desk; the first question asked is the menu's.")
    _, fixed = fix(GRAPH, analysis_of(GRAPH, other))
    assert fixed is None or fixed.node("menu").config.retry_threshold != 1


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        (LENGTH, "Twelve hundred millimeters, it came on a German crusher.", "Twelve hundred millimeters"),
        (LENGTH, "A yard wide, maybe a hair over.", "A yard"),
        (LENGTH, "It's 42 inch, four ply.", "42 inch"),
        (HEADCOUNT, "Two hundred souls, on a full Sunday.", "Two hundred souls"),
        (HEADCOUNT, "Three or four hundred, more at homecoming.", "Three or four hundred"),
        (HEADCOUNT, "It's 250 people, about.", "250 people"),
    ],
)
def test_a_length_by_hundreds_or_by_a_and_a_crowd_said_in_words_or_as_a_range(kind: str, text: str, value: str) -> None:
    assert first_capture(kind, text) == value


@pytest.mark.parametrize("text", ["I have two questions about the bill", "The second one was louder"])
def test_no_crowd_without_its_people_or_a_range(text: str) -> None:
    assert first_capture(HEADCOUNT, text) is None


def test_a_crowd_pattern_of_digits_and_people_widens_to_a_crowd_said_in_words_and_keeps_its_digits() -> None:
    graph = asks_one_thing(
        "Prairie Sound, how can I help?", "new system", ["new system", "price"], "About how many people does it need to reach?", "Thanks.",
        extract=[{"name": "crowd", "description": "How many people, like 250 people.", "pattern": r"(?i)\b(\d+\s*people)\b"}],
    )
    train = scenario(["We need a price on a new system", "Two hundred souls, on a good Sunday."], extracted("crowd", "(?i)two hundred souls"))
    held_out = scenario(["What's the price on a new system?", "Five or six hundred, more for graduation."],
                        extracted("crowd", "(?i)five or six hundred"))
    kept = scenario(["A new system for the gym", "It's 250 people, about."], extracted("crowd", "250 people"))
    repaired_alike(graph, train, held_out, kept)

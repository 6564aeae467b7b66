"""Issue 23's twenty-first round (from routing-holdout-27's study): how long something lasts in
months and years, spans ahead and ago said another way, decades, areas said short, and two things
counted together. Pinned on made-up sentences in domains no routing corpus has (a study-abroad
office, a sailing school, a boat-storage yard, a roofing company, a flooring store, a closet
installer), both sides of every bound:

- a length states months and years too ("2 weeks to 3 months", "longer than three months"), each
  end of a range with its own unit; "a two-year contract" is two years (not "a two-year-old");
  "five hours or so" is about five, not at most five;
- where an option states how long something lasts in so many words ("longer than three
  months"), its siblings' weeks and months are lengths, not ages in months nor spans ago (unless
  an option speaks of age or of when);
- "hmm, no" after a pause takes a value back like "no";
- "Caller leaves in four weeks or more" is a span ahead; "we fly out Saturday", "leaving
  Thursday", "by Friday" are within the week; "ten minutes ago" is a span ago ("about ninety
  minutes" is no span ago);
- a decade ("the nineties", "the early sixties", "a 1950s ranch", "the '80s") is its years;
  "finished it in 1994" is when a house was built, not something done that year;
- "sq ft", "sq. ft.", "sqft" are square feet, and "over two thousand square feet" is no money;
- "Twenty or more doors and drawers" counts both ("twelve doors and six drawers" is eighteen), and
  the words naming what an option counts weigh nothing when the caller counts them too;
- a place the caller names is read as its part of the world ("Peru": South America, by WordNet's
  part holonyms) against a label that names regions, and a yes option that states a value where
  its no states none gives the no everything else ("Yes, Asia or Europe" / "No, not there")."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_corrections import corrected
from tornado_operator.engine.sim.label_durations import (
    label_span_ahead,
    said_days_ago,
    said_days_ahead,
)
from tornado_operator.engine.sim.label_lengths import Length, label_length, said_length
from tornado_operator.engine.sim.label_money import label_money
from tornado_operator.engine.sim.label_places import Regions, label_regions, said_regions
from tornado_operator.engine.sim.label_things import ThingRange, label_thing_range, said_things
from tornado_operator.engine.sim.label_years import said_year
from tornado_operator.engine.sim.routing import route

STUDY = compiled(
    [node("start", "How long will you be abroad?"), node("short"), node("mid"), node("long")],
    [
        edge("short", "start", "short", "Under 3 weeks", "A short course or a holiday."),
        edge("mid", "start", "mid", "3 weeks to 6 months"),
        edge("long", "start", "long", "Student's stay is longer than six months", "A full year or a degree abroad."),
    ],
)
SAILING = compiled(
    [node("start", "When does your course start?"), node("soon"), node("later")],
    [
        edge("soon", "start", "soon", "In less than 3 weeks"),
        edge("later", "start", "later", "Caller starts in three weeks or more"),
    ],
)
STORAGE = compiled(
    [node("start", "How long ago did you drop the boat off?"), node("recent"), node("older")],
    [
        edge("recent", "start", "recent", "Less than an hour ago"),
        edge("older", "start", "older", "An hour ago or more"),
    ],
)
ROOFING = compiled(
    [node("start", "Was the house built before 1980?"), node("old"), node("new")],
    [
        edge("old", "start", "old", "Yes, before 1980", "Built in 1979 or earlier."),
        edge("new", "start", "new", "No, it's newer", "Built in 1980 or later."),
    ],
)
FLOORING = compiled(
    [node("start", "How big is the floor?"), node("small"), node("mid"), node("large")],
    [
        edge("small", "start", "small", "Under 400 square feet", "One room."),
        edge("mid", "start", "mid", "400 to 1,500 sq ft"),
        edge("large", "start", "large", "Caller's floor is over fifteen hundred square feet", "A whole house."),
    ],
)
CLOSETS = compiled(
    [node("start", "How many shelves and drawers do you need?"), node("few"), node("many")],
    [
        edge("few", "start", "few", "Fewer than 15", "A reach-in closet."),
        edge("many", "start", "many", "Fifteen or more shelves and drawers"),
    ],
)


def _target(graph: object, text: str) -> str | None:
    return route(graph, "start", text).target  # type: ignore[arg-type]


# --- lengths in months and years ---------------------------------------------------------------


def test_a_length_in_months_and_years_and_a_range_with_two_units() -> None:
    assert label_length("2 weeks to 3 months") == Length(336.0, 2190.0)
    assert label_length("Student's stay is longer than six months") == Length(4380.0, None, open_low=True)
    assert label_length("Less than a year") == Length(0.0, 8760.0, open_high=True)
    assert label_length("Two to four hours") == Length(2.0, 4.0)


@pytest.mark.parametrize(
    ("text", "hours"),
    [("a two-year contract", 17520.0), ("closer to a month", 730.0), ("five hours or so", 5.0), ("a three-hour tour", 3.0)],
)
def test_lengths_said(text: str, hours: float) -> None:
    assert said_length(text) == Length(hours, hours)


@pytest.mark.parametrize("text", ["a 2-year-old", "two years old"])
def test_an_age_is_no_length(text: str) -> None:
    assert said_length(text) is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Ten days", "short"),
        ("Not that long, just a week and a half", "short"),
        ("A month... no, wait, we added a second course, so closer to three months", "mid"),
        ("I'm moving there for a two-year degree", "long"),
        ("about four months", "mid"),
    ],
)
def test_a_menu_of_lengths_reads_weeks_and_months_as_lengths(text: str, target: str) -> None:
    assert _target(STUDY, text) == target


def test_hmm_no_after_a_pause_takes_a_value_back() -> None:
    assert corrected("Five years... hmm, no, it was seven") == "it was seven"
    assert corrected("Hmm, five years") == "Hmm, five years"


# --- spans ahead and ago ---------------------------------------------------------------------------


def test_a_label_that_leaves_in_a_span_or_more_is_ahead() -> None:
    stated = label_span_ahead("Caller starts in three weeks or more")
    assert stated is not None and stated.above == 21.0 and stated.upto is None


@pytest.mark.parametrize(("text", "days"), [("We fly out Saturday", 3.0), ("leaving Thursday", 3.0), ("we start on Monday", 3.0)])
def test_a_weekday_one_goes_on_is_within_the_week(text: str, days: float) -> None:
    assert said_days_ahead(text) == days


def test_a_weekday_in_the_past_or_a_deadline_is_no_span_ahead() -> None:
    assert said_days_ahead("I went Saturday") is None
    assert said_days_ahead("I need them by Friday") is None  # how far off depends on the day of the call


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("We start Saturday", "soon"),
        ("We head out Saturday", "soon"),
        ("Not for a while, it's two months out", "later"),
        ("Six weeks from now", "later"),
        ("The day after tomorrow, I know, it's late", "soon"),
    ],
)
def test_spans_ahead_route_against_the_bound(text: str, target: str | None) -> None:
    assert _target(SAILING, text) == target


def test_minutes_ago_is_a_span_ago_and_about_ninety_minutes_is_not() -> None:
    assert said_days_ago("like ten minutes ago") == pytest.approx(10 / 1440)
    assert said_days_ago("It's been twenty minutes") == pytest.approx(20 / 1440)
    assert said_days_ago("Probably about ninety minutes, a quick trip") is None
    assert _target(STORAGE, "like ten minutes ago") == "recent"
    assert _target(STORAGE, "three hours ago") == "older"


# --- decades ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("It was built in the nineties", (1990, 1999)),
        ("the early sixties", (1960, 1963)),
        ("the late '80s", (1987, 1989)),
        ("It's a 1950s ranch", (1950, 1959)),
        ("in the 1970s", (1970, 1979)),
        ("1970", (1970, 1970)),
    ],
)
def test_a_decade_is_its_years(text: str, years: tuple[int, int]) -> None:
    said = said_year(text)
    assert said is not None and said.years == years and not said.event


def test_an_age_in_decades_is_no_decade() -> None:
    said = said_year("he is in his seventies")
    assert said is not None and said.years is None and said.age == 75


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("It was built in the nineties", "new"),
        ("It's a 1950s ranch", "old"),
        ("It's definitely not that old, the builder finished it in 1994", "new"),
        ("the early sixties", "old"),
        ("the seventies", "old"),  # every year of it before 1980
        ("the eighties", "new"),
    ],
)
def test_decades_route_against_the_year(text: str, target: str | None) -> None:
    assert _target(ROOFING, text) == target


# --- areas said short --------------------------------------------------------------------------------


def test_an_area_said_short_is_square_feet_and_no_money() -> None:
    assert label_thing_range("400 to 1,500 sq ft") == ThingRange(400.0, 1500.0, "square")
    assert label_money("Caller's floor is over fifteen hundred square feet") is None
    money = label_money("Orders over fifteen hundred dollars")
    assert money is not None and money.low == pytest.approx(1500.01)
    assert said_things("1,200 sq. ft.") == ((1200.0, "square"),)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("about 3000 sq ft", "large"),
        ("I think it's about twelve hundred square feet", "mid"),
        ("maybe 300 sqft", "small"),
        ("two thousand square feet, give or take", "large"),
    ],
)
def test_areas_route_against_the_range(text: str, target: str) -> None:
    assert _target(FLOORING, text) == target


# --- two things counted together -------------------------------------------------------------------------


def test_a_label_that_counts_two_things_sums_them() -> None:
    stated = label_thing_range("Fifteen or more shelves and drawers")
    assert stated == ThingRange(15.0, None, "shelf", also="drawer")
    assert stated.holds(((8.0, "shelf"), (4.0, "drawer"))) is False  # twelve in all
    assert stated.holds(((10.0, "shelf"), (6.0, "drawer"))) is True
    assert label_thing_range("1 or 2 bedrooms and a bath") == ThingRange(1.0, 2.0, "bedroom")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Eight shelves and four drawers", "few"),
        ("ten shelves and six drawers", "many"),
        ("about twenty shelves", "many"),
        ("maybe ten", "few"),
    ],
)
def test_two_things_counted_route_by_their_sum_not_by_the_units_named(text: str, target: str) -> None:
    assert _target(CLOSETS, text) == target


# --- places against the parts of the world a label names ---------------------------------------------

SAFARI = compiled(
    [node("start", "Will any part of the trip be in Asia or Europe?"), node("yes"), node("no")],
    [
        edge("yes", "start", "yes", "Yes, Asia or Europe", "Any stop there, even a layover."),
        edge("no", "start", "no", "No, not there"),
    ],
)


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("We're going to Peru to hike", {"south america"}),
        ("Just Italy and Greece", {"europe"}),
        ("a layover in São Paulo", {"south america"}),
        ("Kenya first, then Nairobi again", {"africa"}),
        ("somewhere in Asia", {"asia"}),
    ],
)
def test_places_named_are_read_as_their_part_of_the_world(text: str, regions: set[str]) -> None:
    assert said_regions(text) == frozenset(regions)


@pytest.mark.parametrize(
    "text", ["Hi, this is Jordan", "My name is Georgia", "Can I talk to Chad?", "not Kenya", "Hi there", "we're going camping"]
)
def test_people_negated_places_and_no_place_name_no_region(text: str) -> None:
    assert said_regions(text) is None


def test_a_label_names_its_regions() -> None:
    assert label_regions("Yes, Africa or South America") == Regions(frozenset({"africa", "south america"}))
    assert label_regions("No, not there") is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("We're flying into Tokyo", "yes"),
        ("Just Peru and Chile", "no"),
        ("Only Mexico this time", "no"),
        ("Italy for two weeks", "yes"),
        ("It's not Kenya anymore, we switched to Portugal", "yes"),
    ],
)
def test_a_yes_that_names_regions_gives_the_no_everything_else(text: str, target: str) -> None:
    assert _target(SAFARI, text) == target

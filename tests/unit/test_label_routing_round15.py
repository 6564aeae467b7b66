"""Issue 23's fifteenth round (from routing-holdout-18's study): calendar years, how long
something lasts, and a few words of one kind. Pinned on made-up sentences in domains no routing
corpus has (a used-car lot, a senior center, a clinic's tetanus line, a photo-booth rental, a
massage studio, a building-permit office, a trade school), both sides of every bound:

- a label's range of calendar years ("Born before 1960", "Model year 2015 or newer", "Born on or
  after January 1, 1960") is read against the year a caller says ("a 2012 Civic", "born in '58",
  "I'm a 1962 baby", "Not before '60, I was born in 1966"), and, where the label speaks of birth,
  against an age ("I'm eighty-one", "she's twelve": the years that age is born in);
- a past year said of when something happened ("back in 2003", "Class of '98") is that many
  years ago, against a span ("Within the last ten years" / "More than ten years ago");
- a label's length of time ("Two hours or less", "More than two hours", "Under 45 minutes") is
  read against how long the caller says it lasts ("an hour and a half", "ninety minutes tops",
  "it won't go past two hours", "from 7 until 11", "at least three hours"), never against how
  long ago ("two hours ago");
- a number of things said with where they are from ("about thirty from State") still counts the
  label's thing, and several amounts that all fall on one side of a bound ("not under 24, I've
  got forty-five") answer it;
- "push it from 8 to 9:30" asks for another time; "I already applied" is one who has applied."""

from __future__ import annotations

import datetime

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_lengths import Length, label_length, said_length
from tornado_operator.engine.sim.label_years import YearRange, label_years, said_year
from tornado_operator.engine.sim.routing import route

THIS_YEAR = datetime.date.today().year

CAR_LOT = compiled(
    [node("start", "What year is the car you're trading in?"), node("newer"), node("older")],
    [
        edge("newer", "start", "newer", "Model year 2015 or newer"),
        edge("older", "start", "older", "Older than 2015", "A car built in 2014 or before."),
    ],
)
SENIOR_CENTER = compiled(
    [node("start", "When were you born: before 1960, or in 1960 or later?"), node("before"), node("after")],
    [
        edge("before", "start", "before", "Born before 1960"),
        edge("after", "start", "after", "In 1960 or later", "Born on or after January 1, 1960."),
    ],
)
TETANUS = compiled(
    [node("start", "When was your last tetanus shot?"), node("recent"), node("old")],
    [
        edge("recent", "start", "recent", "Within the last ten years"),
        edge("old", "start", "old", "More than ten years ago"),
    ],
)
PHOTO_BOOTH = compiled(
    [node("start", "How long is your event: two hours or less, or more than two hours?"), node("short"), node("long")],
    [
        edge("short", "start", "short", "Two hours or less"),
        edge("long", "start", "long", "More than two hours"),
    ],
)
MASSAGE = compiled(
    [node("start", "How long a massage would you like?"), node("quick"), node("full")],
    [
        edge("quick", "start", "quick", "Under 45 minutes"),
        edge("full", "start", "full", "45 minutes or longer"),
    ],
)
TRADE_SCHOOL = compiled(
    [node("start", "How many college credits do you have?"), node("none"), node("some"), node("transfer")],
    [
        edge("none", "start", "none", "No college credits yet"),
        edge("some", "start", "some", "Between one and 29 credits"),
        edge("transfer", "start", "transfer", "Caller has 30 credits or more"),
    ],
)
PERMITS = compiled(
    [node("start", "How can I help with your permit?"), node("apply"), node("status"), node("change")],
    [
        edge("apply", "start", "apply", "Apply for a building permit"),
        edge("status", "start", "status", "Caller has already applied", "Checking on an application in review."),
        edge("change", "start", "change", "Change the inspection date or time"),
    ],
)


def _routed(graph: object, turn: str) -> str | None:
    return route(graph, "start", turn).edge_id  # type: ignore[arg-type]


# --- calendar years ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "stated"),
    [
        ("Born before 1960", YearRange(None, 1959, born=True)),
        ("In 1960 or later", YearRange(1960, None)),
        ("Born on or after January 1, 1960.", YearRange(1960, None, born=True)),
        ("Model year 2015 or newer", YearRange(2015, None)),
        ("Older than 2015", YearRange(None, 2014)),
        ("A car built in 2014 or before.", YearRange(None, 2014)),
        ("Built between 1990 and 1999", YearRange(1990, 1999)),
        ("After 2010", YearRange(2011, None)),
    ],
)
def test_a_label_states_a_range_of_years(label: str, stated: YearRange) -> None:
    assert label_years(label) == stated


@pytest.mark.parametrize(
    "label",
    [
        "Groups of 1500 or more",  # a count, no year
        "Under 1200",
        "Rated 1960 or higher",
        "Open since 1975",  # no range offered
        "Between 2 and 4 pm",
    ],
)
def test_a_count_or_a_single_year_is_no_range_of_years(label: str) -> None:
    assert label_years(label) is None


@pytest.mark.parametrize(
    ("turn", "year"),
    [
        ("It's a 2012 Civic", 2012),
        ("an '09, I think", 2009),
        ("born in '58", 1958),
        ("I'm a 1962 baby", 1962),
        ("Not before '60, I was born in 1966", 1966),
        ("1948", 1948),
        ("Class of '98", 1998),
    ],
)
def test_a_turn_says_a_year(turn: str, year: int) -> None:
    said = said_year(turn)
    assert said is not None and said.years == (year, year)


@pytest.mark.parametrize("turn", ["About 1500 people", "We have 2012 members", "no idea", "call me at 9"])
def test_a_count_or_no_number_is_no_year(turn: str) -> None:
    said = said_year(turn)
    assert said is None or said.years is None


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("It's a 2012 Civic", "older"),
        ("an '09, I think", "older"),
        ("2019 Tacoma", "newer"),
        ("It's a 2015", "newer"),  # the bound itself: "or newer"
        ("2014", "older"),  # and one below it
    ],
)
def test_a_model_year_routes_by_the_range(turn: str, expected: str) -> None:
    assert _routed(CAR_LOT, turn) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("1948", "before"),
        ("born in '58", "before"),
        ("She was born in 1971", "after"),
        ("I'm a 1962 baby", "after"),
        ("Not before '60, I was born in 1966", "after"),
        ("1959", "before"),  # both sides of the bound
        ("1960", "after"),
    ],
)
def test_a_birth_year_routes_by_the_range(turn: str, expected: str) -> None:
    assert _routed(SENIOR_CENTER, turn) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        (f"I'm {THIS_YEAR - 1945}", "before"),  # eighty-one in 2026: born 1944 or 1945
        ("I'm ninety", "before"),
        ("She's twelve", "after"),
        ("he's seventeen", "after"),
    ],
)
def test_an_age_against_birth_years_is_the_years_that_age_is_born_in(turn: str, expected: str) -> None:
    assert _routed(SENIOR_CENTER, turn) == expected


def test_an_age_on_the_edge_of_the_bound_is_no_answer() -> None:
    # someone 66 in 2026 was born in 1959 or 1960: either side of "before 1960"
    age = THIS_YEAR - 1960
    said = said_year(f"I'm {age}")
    assert said is not None and said.age == age
    assert label_years("Born before 1960") is not None
    assert label_years("Born before 1960").holds(said) is None  # type: ignore[union-attr]


def test_an_age_is_no_model_year() -> None:
    # a car is not born: "it's twelve" is no year of a car
    said = said_year("it's twelve")
    stated = label_years("Model year 2015 or newer")
    assert stated is not None and (said is None or stated.holds(said) is None)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("back in 2003", "old"),
        ("I think it was in 1999", "old"),
        (f"in {THIS_YEAR - 2}, when I stepped on a nail", "recent"),
        (f"{THIS_YEAR - 3}", "recent"),
    ],
)
def test_a_past_year_is_that_many_years_ago(turn: str, expected: str) -> None:
    assert _routed(TETANUS, turn) == expected


# --- how long something lasts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "stated"),
    [
        ("Two hours or less", Length(0.0, 2.0)),
        ("More than two hours", Length(2.0, None, open_low=True)),
        ("Under 45 minutes", Length(0.0, 0.75, open_high=True)),
        ("45 minutes or longer", Length(0.75, None)),
        ("Up to 3 hours", Length(0.0, 3.0)),
        ("Two to four hours", Length(2.0, 4.0)),
        ("At least an hour", Length(1.0, None)),
    ],
)
def test_a_label_states_a_length(label: str, stated: Length) -> None:
    assert label_length(label) == stated


@pytest.mark.parametrize(
    "label",
    [
        "Within the last two hours",  # how long ago
        "More than two hours ago",
        "Less than two hours away",
        "Between 2 and 4 pm",  # a time of day
        "Two or more guests",
    ],
)
def test_a_span_ago_or_a_time_of_day_is_no_length(label: str) -> None:
    assert label_length(label) is None


@pytest.mark.parametrize(
    ("turn", "low", "high"),
    [
        ("an hour and a half", 1.5, 1.5),
        ("Ninety minutes tops", 0.0, 1.5),
        ("It won't go past two hours", 0.0, 2.0),
        ("just a couple of hours during dinner", 2.0, 2.0),
        ("from 7 until 11", 4.0, 4.0),
        ("from 8 until 2 in the morning", 6.0, 6.0),
        ("at least three hours", 3.0, None),
        ("half an hour", 0.5, 0.5),
        ("two or three hours", 2.0, 3.0),
    ],
)
def test_a_turn_says_how_long(turn: str, low: float, high: float | None) -> None:
    said = said_length(turn)
    assert said is not None and (said.low, said.high) == (low, high)


@pytest.mark.parametrize("turn", ["I called two hours ago", "It's been about an hour", "at 7", "tomorrow", "Saturday"])
def test_how_long_ago_or_when_is_no_length(turn: str) -> None:
    assert said_length(turn) is None


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("an hour and a half", "short"),
        ("Ninety minutes tops", "short"),
        ("It won't go past two hours", "short"),
        ("just a couple of hours during dinner", "short"),
        ("exactly two hours", "short"),  # the bound itself: "or less"
        ("from 7 until 11", "long"),
        ("Not a quick thing, it's from 8 until 2 in the morning", "long"),
        ("at least three hours", "long"),
        ("two and a half hours", "long"),
    ],
)
def test_an_event_length_routes_by_the_range(turn: str, expected: str) -> None:
    assert _routed(PHOTO_BOOTH, turn) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("half an hour", "quick"),
        ("thirty minutes is plenty", "quick"),
        ("a full hour", "full"),
        ("45 minutes", "full"),  # the bound: "or longer"
        ("an hour and a half if you can", "full"),
    ],
)
def test_a_session_length_in_minutes_routes_by_the_range(turn: str, expected: str) -> None:
    assert _routed(MASSAGE, turn) == expected


def test_a_length_that_straddles_the_bound_is_no_answer() -> None:
    assert _routed(PHOTO_BOOTH, "somewhere between one and three hours") is None


# --- things counted, rescheduling, applied --------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("About forty from Central before I dropped out", "transfer"),
        ("maybe twelve from Lakeside", "some"),
        ("It's not under 30, I've got fifty-two", "transfer"),
        ("not over 29, I have 18", "some"),
    ],
)
def test_credits_said_with_where_they_are_from_or_past_a_denied_bound(turn: str, expected: str) -> None:
    assert _routed(TRADE_SCHOOL, turn) == expected


def test_two_amounts_on_either_side_of_a_bound_are_no_answer() -> None:
    assert _routed(TRADE_SCHOOL, "either twelve or forty, I'd have to check") is None


@pytest.mark.parametrize(
    "turn",
    [
        "Can we push it from 8 to 9:30?",
        "could you bump the inspection from Tuesday to Thursday",
    ],
)
def test_pushing_from_one_time_to_another_asks_for_another_time(turn: str) -> None:
    assert _routed(PERMITS, turn) == "change"


@pytest.mark.parametrize(
    "turn",
    [
        "I already applied, I'm just waiting to hear",
        "We already submitted everything in March",
        "I'm not applying, I already applied, I just want to know where it stands",
    ],
)
def test_already_applied_is_one_who_has_applied(turn: str) -> None:
    assert _routed(PERMITS, turn) == "status"


def test_wanting_to_apply_is_still_applying() -> None:
    assert _routed(PERMITS, "I'd like to apply for a permit for a deck") == "apply"


@pytest.mark.parametrize(
    "turn",
    [
        "I took the safety course back in 1990",
        "we bought it in 2016",
        "I finished in 1995",
    ],
)
def test_the_year_of_something_done_is_no_birth_or_model_year(turn: str) -> None:
    assert _routed(SENIOR_CENTER, turn) is None
    assert _routed(CAR_LOT, turn) is None


@pytest.mark.parametrize("turn", ["It was built in 2019", "she was born in 1971", "made in 2012"])
def test_when_something_came_to_be_is_its_year(turn: str) -> None:
    said = said_year(turn)
    assert said is not None and not said.event


@pytest.mark.parametrize(
    ("turn", "hours"),
    [
        ("a whole day, like 10 to 6", 8.0),  # the clock times say more than the day
        ("from noon to 4", 4.0),
    ],
)
def test_two_clock_times_are_the_hours_between(turn: str, hours: float) -> None:
    said = said_length(turn)
    assert said is not None and said.low == said.high == hours


def test_numbers_of_something_are_no_clock_times() -> None:
    assert said_length("about 5 to 10 minutes") == Length(5 / 60, 10 / 60)  # two guesses in minutes, no 5-to-10 o'clock
    assert said_length("like 10 to 12 people") is None

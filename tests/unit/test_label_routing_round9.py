"""Issue 23's ninth round: the readings of a time, a span and a count (engine/sim/label_times.py,
label_durations.py, label_counts.py) told apart where the eighth read them wrong or not at all.
Pinned on made-up sentences in domains no routing corpus has (a bike-fitting studio, a photo lab,
a youth soccer league), both sides of every bound:

- a label's single clock bound ("before 3 pm", "after 4", "6 pm or later", "from 3 pm on") and
  which days it takes ("Weekday ...", "... or on a weekend");
- a bare hour in a turn that names its part of the day ("Friday night, around 8"), a time that
  is a duration ("for about 3 hours"), "not before four", a night or a dinner;
- how long ago in hours ("an hour ago", "In the last 24 hours"), a label's "the last year",
  "today" (not when negated), "Sunday before last", "last Tuesday", "two winters ago";
- a count said "30ish", an estimate beside a bound ("no more than twelve, probably ten"), a count
  of groups ("two teams") and "12-year-olds" (a kind of person), which are no head counts."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_counts import said_count
from tornado_operator.engine.sim.label_durations import DaySpan, label_span, said_days_ago
from tornado_operator.engine.sim.label_times import (
    WEEKDAYS,
    WEEKEND,
    Hours,
    SaidTime,
    label_hours,
    said_hour,
)
from tornado_operator.engine.sim.routing import route

# -- a time of day, against one clock bound and the days a label takes ---------------------------

FITTING = compiled(
    [
        node("start", "Thanks for calling Cadence Bike Fit, how can I help?"),
        node("when", "When would you like to come in for your fitting?"),
        node("quiet"),
        node("busy"),
        node("studio", "When would you need the studio?"),
        node("day"),
        node("evening"),
    ],
    [
        edge("to-when", "start", "when", "Book a bike fitting"),
        edge("quiet", "when", "quiet", "Weekday before 4 pm", "Monday to Friday, from 9 until 4 in the afternoon."),
        edge("busy", "when", "busy", "Caller is coming after 4 or on a weekend"),
        edge("day", "studio", "day", "Daytime, before 6 pm"),
        edge("evening", "studio", "evening", "Caller wants the studio in the evening, 7 pm or later"),
    ],
)


@pytest.mark.parametrize(
    ("node_id", "turn", "expected"),
    [
        ("when", "Tuesday around 10", "quiet"),
        ("when", "like 3:30 on a Thursday", "quiet"),  # the bound's near side
        ("when", "after work, like 5-ish", "busy"),
        ("when", "Sunday morning", "busy"),  # a weekend at any hour: not the weekday label
        ("when", "Thursday night after dinner", "busy"),
        ("when", "not before four, I teach until 3:30", "busy"),
        ("studio", "a Friday night, starting around 8", "evening"),  # the night makes 8 pm
        ("studio", "lunchtime, noon to one", "day"),
        ("studio", "at 5", "day"),
        ("studio", "at 7 in the evening", "evening"),  # the bound itself: "7 pm or later"
    ],
)
def test_a_time_routes_by_the_bound_and_the_days_a_label_states(node_id: str, turn: str, expected: str) -> None:
    assert route(FITTING, node_id, turn).edge_id == expected


@pytest.mark.parametrize("turn", ["we'd need it for about 3 hours", "the 4 of us", "two bikes"])
def test_how_long_and_how_many_are_no_time_of_day(turn: str) -> None:
    assert said_hour(turn) is None
    assert route(FITTING, "studio", turn).target is None


def test_the_bounds_and_days_a_label_states() -> None:
    assert label_hours("Weekday before 4 pm") == Hours(0, 16, WEEKDAYS)
    assert label_hours("Caller is coming after 4 or on a weekend") == Hours(16, 24, None, WEEKEND)
    assert label_hours("Caller wants the studio in the evening, 7 pm or later") == Hours(19, 24)  # the clock says more
    assert label_hours("A weekday from 3 pm on") == Hours(15, 24, WEEKDAYS)
    assert label_hours("Caller has been here after 3 visits") is None  # no time: no bound
    assert label_hours("Before 10 or after 4") is None  # two sides: no one span
    assert Hours(0, 16, WEEKDAYS).holds(SaidTime(None, WEEKEND)) is False  # a weekend: not the weekday label
    assert Hours(16, 24, None, WEEKEND).holds(SaidTime(None, WEEKEND)) is True
    assert Hours(16, 24).holds(SaidTime(None, WEEKEND)) is None  # no hour, and the label says nothing of days


def test_what_a_turn_says_of_its_time_and_day() -> None:
    assert said_hour("Saturday morning") == SaidTime(9.5, frozenset({5}))
    assert said_hour("any weekday at 2") == SaidTime(14, WEEKDAYS)
    assert said_hour("a Friday night, starting around 8") == SaidTime(20, frozenset({4}))
    assert said_hour("around 8 in the morning") == SaidTime(8)
    assert said_hour("not before four") == SaidTime(16.5)
    assert said_hour("before four") == SaidTime(15.5)
    assert said_hour("at 9 or at 4") is None  # no one time


# -- how long ago: hours, "the last year", today, days before last ---------------------------------

PHOTOS = compiled(
    [
        node("start", "Thanks for calling Silverline Photo Lab, how can I help?"),
        node("dropped", "When did you drop the film off?"),
        node("rush"),
        node("waiting"),
        node("member", "When did you last order prints from us?"),
        node("active"),
        node("lapsed"),
    ],
    [
        edge("to-dropped", "start", "dropped", "Check on a film order"),
        edge("rush", "dropped", "rush", "In the last 24 hours", "Dropped off today or since this time yesterday."),
        edge("waiting", "dropped", "waiting", "Caller dropped it off more than a day ago"),
        edge("active", "member", "active", "Within the last year"),
        edge("lapsed", "member", "lapsed", "Caller last ordered more than a year ago"),
    ],
)


@pytest.mark.parametrize(
    ("node_id", "turn", "expected"),
    [
        ("dropped", "maybe two hours ago", "rush"),
        ("dropped", "this morning, on my way to work", "rush"),
        ("dropped", "last Tuesday", "waiting"),
        ("dropped", "not today, it was Saturday before last", "waiting"),  # a negated day is no day
        ("dropped", "I didn't drop it today, it was four days ago", "waiting"),
        ("member", "oh, like eight months ago", "active"),
        ("member", "not this year, it was two winters ago", "lapsed"),
    ],
)
def test_how_long_ago_routes_by_hours_days_and_seasons(node_id: str, turn: str, expected: str) -> None:
    assert route(PHOTOS, node_id, turn).edge_id == expected


def test_the_span_a_label_states_in_hours_and_a_bare_unit() -> None:
    assert label_span("In the last 24 hours") == DaySpan(None, 1)
    assert label_span("Within the last year") == DaySpan(None, 365)
    assert label_span("in the past month") == DaySpan(None, 30)
    assert label_span("more than 48 hours ago") == DaySpan(2, None)
    assert said_days_ago("about an hour ago") == pytest.approx(1 / 24)
    assert said_days_ago("the day before yesterday") == 2
    assert said_days_ago("I need it by today") == 0.25 and said_days_ago("not today") is None


# -- a count: "30ish", an estimate beside a bound; no head count of groups or of an age -----------

LEAGUE = compiled(
    [
        node("start", "Thanks for calling Northside Youth Soccer, how can I help?"),
        node("size", "How many players are on the roster?"),
        node("small"),
        node("medium"),
        node("large"),
    ],
    [
        edge("to-size", "start", "size", "Register a team"),
        edge("small", "size", "small", "Up to 12 players"),
        edge("medium", "size", "medium", "13 to 20"),
        edge("large", "size", "large", "Caller has more than 20 players"),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("the whole grade signed up, so 30ish", "large"),
        ("no more than twelve, probably ten", "small"),  # the estimate, not the bound
        ("at least 13, maybe 15", "medium"),
        ("twelve kids", "small"),  # the bound itself
        ("thirteen kids", "medium"),  # one past it
    ],
)
def test_a_count_said_roughly_or_beside_a_bound_routes_by_its_value(turn: str, expected: str) -> None:
    assert route(LEAGUE, "size", turn).edge_id == expected


@pytest.mark.parametrize("turn", ["two teams from the same school", "do 12-year-olds play with the older kids?", "three families"])
def test_a_count_of_groups_or_an_age_group_is_no_head_count(turn: str) -> None:
    assert said_count(turn) is None
    assert route(LEAGUE, "size", turn).target is None


# -- a global node's place is not its matter --------------------------------------------------------

FERRY = compiled(
    [
        node("start", "Thanks for calling Bayline Ferries, how can I help?"),
        node("tickets"),
        node("schedule"),
        node(
            "emergency",
            isGlobal=True,
            globalLabel="Medical emergency on a ferry or at the dock",
            globalDescription="Someone is hurt or sick and needs help now.",
            globalMatch={},
        ),
    ],
    [edge("tickets", "start", "tickets", "Buy tickets"), edge("schedule", "start", "schedule", "Sailing times")],
)


@pytest.mark.parametrize("turn", ["it was on the 6 o'clock ferry", "I left my bag at the dock"])
def test_a_turn_that_only_names_a_global_labels_place_does_not_fit_it(turn: str) -> None:
    assert route(FERRY, "start", turn).target is None


@pytest.mark.parametrize("turn", ["there's a medical emergency on the ferry, a man collapsed", "someone is hurt at the dock and needs help"])
def test_the_matter_said_with_the_place_still_fits_it(turn: str) -> None:
    assert route(FERRY, "start", turn).target == "emergency"


def test_the_routers_per_word_lexicon_lookups_are_cached() -> None:
    """Not a timing: a refactor of stop 33 moved `_parts_of_speech`'s cache onto a new function
    and halved the router's turns per second (bench-routing 7,300 -> 3,300) with every output
    the same; each lookup a turn's words make is a pure function of the word."""
    from tornado_operator.engine.sim import labels

    for lookup in (labels._parts_of_speech, labels._common_noun):
        assert hasattr(lookup, "cache_info"), lookup.__name__


# -- days of the week: a label that names days, a day said outside them ------------------------------

DETAIL = compiled(
    [
        node("start", "Thanks for calling Gleam Auto Detailing, how can I help?"),
        node("when", "What day works for the detail?"),
        node("mornings"),
        node("afternoons"),
        node("saturday"),
        node("pickup", "When can you come get the keys?"),
        node("midweek"),
        node("friday"),
    ],
    [
        edge("to-when", "start", "when", "Book a detail"),
        edge("mornings", "when", "mornings", "Weekday mornings, 8 to noon"),
        edge("afternoons", "when", "afternoons", "Caller wants a weekday afternoon, noon to 5"),
        edge("saturday", "when", "saturday", "Saturday", "Any time on a Saturday."),
        edge("midweek", "pickup", "midweek", "Monday through Thursday"),
        edge("friday", "pickup", "friday", "Friday or Saturday evening"),
    ],
)


@pytest.mark.parametrize(
    ("node_id", "turn", "expected"),
    [
        ("when", "weekends are easier for me, I work all week", "saturday"),
        ("when", "Tuesday around 10", "mornings"),
        ("when", "a Thursday, like 2:30", "afternoons"),
        ("when", "Saturday", "saturday"),
        ("pickup", "Wednesday works", "midweek"),
        ("pickup", "Friday after 6", "friday"),  # "or" between days: both evenings, not Saturday at any hour
    ],
)
def test_a_day_routes_to_the_label_that_names_it(node_id: str, turn: str, expected: str) -> None:
    assert route(DETAIL, node_id, turn).edge_id == expected


@pytest.mark.parametrize(("node_id", "turn"), [("when", "Sunday morning would be best"), ("pickup", "Saturday morning")])
def test_a_day_no_label_takes_is_no_fit(node_id: str, turn: str) -> None:
    assert route(DETAIL, node_id, turn).target is None


def test_the_days_a_label_names() -> None:
    from tornado_operator.engine.sim.label_times import named_days

    assert named_days("Monday through Thursday") == frozenset({0, 1, 2, 3})
    assert named_days("weekends") == WEEKEND and named_days("any weekday") == WEEKDAYS
    assert label_hours("Saturday") == Hours(0, 24, frozenset({5}))
    assert label_hours("Friday or Saturday evening") == Hours(17, 22, frozenset({4, 5}))  # a list of days
    assert label_hours("Caller wants an evening or weekend") == Hours(17, 22, None, WEEKEND)  # an alternative
    assert label_hours("Book a detail") is None


def test_an_hour_without_a_day_says_nothing_of_a_label_that_names_only_days() -> None:
    assert Hours(0, 24, frozenset({5})).holds(SaidTime(20)) is None  # "last night": no Saturday
    assert route(DETAIL, "when", "did you see the game last night").target is None

"""Issue 23's twentieth round (from routing-holdout-26's study): clock times said in words and
bounds a person rules out, people named instead of counted, amounts said loosely, a thing never
done, a label word the caller rules out, and days ruled out. Pinned on made-up sentences in
domains no routing corpus has (a ski school, a piano teacher, a boat charter, a banquet hall, a
gutter service, a cake shop, a tutoring line), both sides of every bound:

- "3 o'clock or later" states a time bound as "3 or later" does; "three fifteen", "five-thirty"
  are clock times; "nothing before three", "can't do anything before 3" are three or later, "no
  later than eleven" is eleven at the latest; "early afternoon" is the afternoon's start and a
  part of the day the caller rules out ("Not after school") says nothing;
- "Just one person" / "One guest" state one; a caller who names people instead of a number is
  counted: "just my son" one, "my twins" two, "both girls, and probably me too" three, "not just
  her, her brother too" two; "my kids" is a group not counted; "one for the bride and one for
  the bridesmaids" is two;
- "Five hundred dollars or more" states an amount; "a couple hundred" is two hundred, "seven or
  eight hundred" about seven hundred and fifty, "six or seven thousand" six thousand people;
  "300 people counting families" is people, not families; "a hundred acres" is no count;
- "Never", "this is the first time", "we haven't used anything yet" are longer ago than any
  span ("More than a week ago, or never"); "it hasn't been six months yet" is no never;
- a label word the caller rules out by that very word ("I don't want to change anything") gets
  no credit from a neighbour of another word ("ready", a kind of change);
- a day the caller rules out ("Not a weekday", "I can't do Saturdays") is taken away from the
  days said."""

from __future__ import annotations

import math

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_counts import CountRange, label_range, said_count
from tornado_operator.engine.sim.label_durations import NEVER, said_days_ago
from tornado_operator.engine.sim.label_money import label_money, said_money
from tornado_operator.engine.sim.label_times import Hours, label_hours, said_hour
from tornado_operator.engine.sim.routing import route

PIANO = compiled(
    [node("start", "What time of day works for lessons?"), node("early"), node("late")],
    [
        edge("early", "start", "early", "Before 3 p.m."),
        edge("late", "start", "late", "3 o'clock or later", "After school or after work."),
    ],
)
SKI = compiled(
    [node("start", "How many skiers need lessons?"), node("one"), node("few"), node("many")],
    [
        edge("one", "start", "one", "Just one person"),
        edge("few", "start", "few", "2 or 3 people"),
        edge("many", "start", "many", "Caller's group has four or more skiers", "Families and groups."),
    ],
)
CHARTER = compiled(
    [node("start", "What's your budget for the charter?"), node("low"), node("high")],
    [
        edge("low", "start", "low", "Under $500"),
        edge("high", "start", "high", "Five hundred dollars or more"),
    ],
)
HALL = compiled(
    [node("start", "How many guests are you expecting?"), node("small"), node("mid"), node("large")],
    [
        edge("small", "start", "small", "Under 100 guests"),
        edge("mid", "start", "mid", "100 to 500"),
        edge("large", "start", "large", "Caller's event has more than five hundred people"),
    ],
)
GUTTERS = compiled(
    [node("start", "When were the gutters last cleaned?"), node("recent"), node("old")],
    [
        edge("recent", "start", "recent", "In the past 6 months"),
        edge("old", "start", "old", "More than six months ago, or never"),
    ],
)
CAKES = compiled(
    [node("start", "What can I help you with on your cake order?"), node("pickup"), node("change")],
    [
        edge("pickup", "start", "pickup", "When can I pick it up?", "Whether the cake is ready, and what to bring."),
        edge("change", "start", "change", "Change or cancel my order", "Another flavour, another name, or cancelling."),
    ],
)
TUTORING = compiled(
    [node("start", "When would you like the sessions?"), node("weekday"), node("saturday")],
    [
        edge("weekday", "start", "weekday", "A weekday session", "Monday to Friday, at 4 or 6."),
        edge("saturday", "start", "saturday", "Saturday at 10"),
    ],
)


def _target(graph: object, text: str) -> str | None:
    return route(graph, "start", text).target  # type: ignore[arg-type]


# --- clock times in words, and bounds ruled out ---------------------------------------------


def test_o_clock_or_later_states_a_bound_and_o_clock_alone_does_not() -> None:
    assert label_hours("3 o'clock or later") == Hours(15.0, 24)
    assert label_hours("three oclock and after") == Hours(15.0, 24)
    assert label_hours("3 or later") is None  # no word of time: a count
    assert label_hours("after 3 visits") is None


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("at three fifteen", 15.25),
        ("like five-thirty", 17.5),
        ("at ten forty-five", 10.75),
        ("nothing before three", 15.5),
        ("I can't do anything before three", 15.5),
        ("not before 3", 15.5),
        ("before three", 14.5),  # the bound itself, not ruled out
        ("no earlier than 3", 15.5),
        ("no later than eleven", 10.5),
        ("late morning", 11.0),
        ("early evening", 17.5),
    ],
)
def test_clock_times_in_words_and_ruled_out_bounds(text: str, hour: float) -> None:
    said = said_hour(text)
    assert said is not None and said.hour == pytest.approx(hour)


def test_an_hour_and_minutes_said_of_people_is_no_clock_time() -> None:
    assert said_hour("two fifty people") is None


def test_a_part_of_the_day_the_caller_rules_out_says_nothing() -> None:
    said = said_hour("Not after school, she's in half-day kindergarten, so early afternoon works")
    assert said is not None and said.hour == pytest.approx(13.0)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("He gets out at three fifteen, so sometime after that", "late"),
        ("I work until five, so like five-thirty", "late"),
        ("She can't miss class, so nothing before three", "late"),
        ("Lunchtime would be perfect, like noon", "early"),
        ("Two-thirty... no, wait, she doesn't get off the bus until quarter to four", "late"),
        ("Not after school, she's homeschooled, so early afternoon", "early"),
        ("quarter past one", "early"),
    ],
)
def test_times_said_in_words_route_against_the_bound(text: str, target: str) -> None:
    assert _target(PIANO, text) == target


# --- people named instead of counted ---------------------------------------------------------


def test_one_stated_alone_in_a_menu_option() -> None:
    assert label_range("Just one person") == CountRange(1, 1)
    assert label_range("One guest") == CountRange(1, 1)
    assert label_range("A single rider") == CountRange(1, 1)
    assert label_range("Only one") == CountRange(1, 1)
    assert label_range("one of them") is None
    assert label_range("One more question") is None
    assert label_range("Just one thing") is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Just my son", 1),
        ("only my youngest", 1),
        ("My twins", 2),
        ("Both girls, and probably me too, honestly", 3),
        ("Not just her, her brother wants to learn too", 2),
        ("my son and my daughter", 2),
        ("my little brother and me", 2),
        ("both of my boys", 2),
        ("My daughter wants to, and I think my son too", 2),  # "and I think": no speaker counted
        ("One for the bride and one for the bridesmaids.", 2),
        ("me and my wife", 2),
    ],
)
def test_people_named_are_counted(text: str, count: int) -> None:
    assert said_count(text) == count


@pytest.mark.parametrize("text", ["my kids", "It's for my son's birthday party", "both options sound fine", "we need the big one for the party"])
def test_people_not_counted(text: str) -> None:
    assert said_count(text) is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Just my son", "one"),
        ("It's not the whole family, only my youngest", "one"),
        ("My twins", "few"),
        ("Both girls, and probably me too", "few"),
        ("all five of us", "many"),
    ],
)
def test_people_named_route_against_the_counts(text: str, target: str) -> None:
    assert _target(SKI, text) == target


# --- amounts said loosely --------------------------------------------------------------------


def test_an_amount_with_dollars_before_or_more() -> None:
    stated = label_money("Five hundred dollars or more")
    assert stated is not None and stated.low == 500 and stated.high is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("A couple hundred at most", 200.0),
        ("seven or eight hundred", 750.0),
        ("two to three grand", 2500.0),
        ("Not under five hundred, I'd say seven or eight hundred", 750.0),
        ("about a few hundred bucks", 300.0),
    ],
)
def test_amounts_said_loosely(text: str, amount: float) -> None:
    assert said_money(text) == (amount, None)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("A couple hundred at most, it's just the two of us", "low"),
        ("Not under five hundred, I'd say seven or eight hundred", "high"),
        ("Three hundred... no, my brother's chipping in, so make it six hundred", "high"),
        ("four hundred, tops", "low"),
    ],
)
def test_loose_amounts_route_against_the_bound(text: str, target: str) -> None:
    assert _target(CHARTER, text) == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("about three hundred people counting families", "mid"),
        ("two or three hundred people", "mid"),
        ("Five hundred... no, with the walk-ins it's more like six or seven thousand", "large"),
        ("a couple thousand at least", "large"),
        ("maybe eighty people", "small"),
        ("We have about a hundred acres out there", None),
    ],
)
def test_loose_counts_route_against_the_range(text: str, target: str | None) -> None:
    assert _target(HALL, text) == target


# --- a thing never done ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Never, this is the first time we've had a problem", "We haven't had them cleaned yet", "never", "They've never been cleaned"]
)
def test_never_done_is_longer_ago_than_any_span(text: str) -> None:
    assert said_days_ago(text) == NEVER and math.isinf(NEVER)
    assert _target(GUTTERS, text) == "old"


@pytest.mark.parametrize("text", ["It hasn't been six months yet, more like five", "I haven't decided yet", "never mind"])
def test_not_yet_of_a_span_or_a_decision_is_no_never(text: str) -> None:
    assert said_days_ago(text) != NEVER


def test_last_night_is_within_a_span_of_days() -> None:
    assert _target(GUTTERS, "last night, actually") == "recent"


# --- a label word the caller rules out ---------------------------------------------------------


def test_a_ruled_out_label_word_gets_no_credit_from_a_neighbour() -> None:
    ruled_out = route(CAKES, "start", "I don't want to change anything, I just need to know if it's ready")
    assert ruled_out.target == "pickup"
    assert "no runner-up" in (ruled_out.matched or "")  # "ready", a kind of change, gives the change nothing
    not_ruled_out = route(CAKES, "start", "I need to know if it's ready")
    assert not_ruled_out.target == "pickup"
    assert "runner-up 'Change or cancel my order'" in (not_ruled_out.matched or "")  # it does when nothing is ruled out
    assert _target(CAKES, "I want to change the flavour") == "change"


# --- days ruled out ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Not a weekday, I can't get off work", {5, 6}),
        ("not Saturday, Sunday morning", {6}),
        ("I can't do Saturdays", {0, 1, 2, 3, 4, 6}),
        ("Saturday works", {5}),
    ],
)
def test_days_ruled_out_are_taken_away(text: str, days: set[int]) -> None:
    said = said_hour(text)
    assert said is not None and said.days == frozenset(days)


def test_a_ruled_out_weekday_routes_to_the_weekend_option() -> None:
    assert _target(TUTORING, "Not a weekday, I can't get off work") == "saturday"
    assert _target(TUTORING, "A weekday works, like Tuesday at 4") == "weekday"

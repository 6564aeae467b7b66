"""Issue 23's twelfth round: bounds, spans still to come, ages and the phrases a person hears as
one thing. Pinned on made-up sentences in domains no routing corpus has (a sailing school, a
travel-vaccination clinic, a bike shop, an orchard), both sides of every bound:

- a number after a strict bound moves past it ("under ten" is 9, "more than twenty" 21) and a
  negated bound is the bound ("definitely not under twenty" is 20); what people come in is no head
  count ("two vans full of kids, so like thirty" is 30, "four cars" stays 4); "two adults and a
  baby" is 3; "around 2 in the afternoon" is a time, not a count;
- a span still to come: a label's "Less than two weeks away" / "Two weeks or more away" reads
  "tomorrow morning", "three weeks from Saturday", "the middle of next month", "About a month and
  a half"; "gone for ten days" is how long, no when; "less than" leaves its bound out and "or
  more" takes it in;
- ages: "eight months" is under one, "so twelve right now" is the age now, "four foot ten" is a
  height, "the ten-year one" is which one; a menu's "three to six years" is of ages;
- words: "turning nine" is an age, not a turn; "never had a passport" is a first one; "call the
  whole thing off" is cancelling (WordNet's "call off"); "push it to Sunday" and "bump it an hour
  later" ask for another time; "our IT" is information technology; a "10-person team" asks for
  no person; an answer taken back after a pause ("That's all... oh wait, no, one more thing");
  "I can't hear a thing" is the line; "talk to an instructor first" is beforehand."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.label_ages import label_age_range, said_age_or_number
from tornado_operator.engine.sim.label_counts import CountRange, said_count
from tornado_operator.engine.sim.label_durations import (
    DaySpan,
    label_span,
    label_span_ahead,
    said_days_ago,
    said_days_ahead,
)
from tornado_operator.engine.sim.routing import route

SAILING = compiled(
    [
        node("start", "Bayside Sailing School, how can I help?"),
        node("crew", "How many sailors are in your group?"),
        node("small"),
        node("big"),
        node("age", "How old is the student?"),
        node("kid"),
        node("teen"),
        node("adult"),
        node("booking", "Do you want to move your lesson, cancel it, or something else?"),
        node("move"),
        node("cancel"),
        node("other"),
        node("more", "Lessons start at nine. Anything else?"),
        node("yes"),
        node("done"),
        node("staff"),
        node("beginner"),
    ],
    [
        edge("to-crew", "start", "crew", "Group charters"),
        edge("to-age", "start", "age", "Sailing lessons"),
        edge("to-booking", "start", "booking", "Caller already has a lesson booked"),
        edge("small", "crew", "small", "Fewer than 12 sailors"),
        edge("big", "crew", "big", "Caller has twelve or more sailors"),
        edge("kid", "age", "kid", "Under 13", "A child sailor."),
        edge("teen", "age", "teen", "Ages thirteen to seventeen"),
        edge("adult", "age", "adult", "Student is 18 or older"),
        edge("move", "booking", "move", "Move it to another time"),
        edge("cancel", "booking", "cancel", "Caller wants to cancel"),
        edge("other", "booking", "other", "Something else about my lesson"),
        edge("yes", "more", "yes", "Another question"),
        edge("done", "more", "done", "Caller says that's all"),
        edge("beginner", "age", "beginner", "Never sailed before", "Someone who has never sailed."),
        {"id": "staff-edge", "source": "start", "target": "staff", "label": "Talk to an instructor"},
    ],
)

CLINIC = compiled(
    [
        node("start", "Harbor Travel Clinic, how can I help?"),
        node("trip", "When does your trip start?"),
        node("soon"),
        node("later"),
        node("first"),
        node("renew"),
    ],
    [
        edge("to-trip", "start", "trip", "Vaccines before a trip"),
        edge("soon", "trip", "soon", "Less than two weeks away", "A trip coming up very soon."),
        edge("later", "trip", "later", "Caller's trip is two weeks or more away"),
        edge("first", "start", "first", "Get a first travel health card"),
        edge("renew", "start", "renew", "Renew a travel health card"),
    ],
)

BIKES = compiled(
    [
        node("start", "Spoke and Chain bike shop, how can I help?"),
        node("age", "How old is the bike?"),
        node("new"),
        node("mid"),
        node("old"),
        node("fleet", "How many bikes does your business have?"),
        node("few"),
        node("many"),
        node("business"),
        node("repair"),
    ],
    [
        edge("new", "age", "new", "Less than 3 years old", "A fairly new bike."),
        edge("mid", "age", "mid", "three to six years"),
        edge("old", "age", "old", "Bike is more than 6 years old"),
        edge("few", "fleet", "few", "Under 10 bikes"),
        edge("many", "fleet", "many", "Caller's business has ten or more bikes"),
        edge("business", "start", "business", "IT and bikes for a business", "Fleet service and IT for delivery companies."),
        edge("repair", "start", "repair", "Bike needs fixing", "A flat, a broken chain or bad brakes."),
    ],
)


# -- bounds, containers, one more person, clock times ------------------------------------------


@pytest.mark.parametrize(
    ("turn", "count"),
    [
        ("Under ten, I think.", 9),
        ("More than twenty of us.", 21),
        ("over 30 people", 31),
        ("fewer than five", 4),
        ("Definitely not under twenty, we have three departments coming.", 20),  # negated: the bound itself
        ("It won't be over 10.", 10),
        ("not more than six", 6),
        ("at least 25", 25),  # no strict bound: as said
        ("no more than twenty, probably eighteen", 18),  # the estimate beside a bound still wins
        ("Two vans full of kids from the scout troop, so like thirty.", 30),
        ("not a whole fleet honestly, four cars", 4),  # cars alone are what is counted
        ("we've got a dozen delivery vans", 12),
        ("Two adults and a baby.", 3),
        ("three kids plus a grandma", 4),
        ("Two adults and a car seat.", 2),  # a thing, no person
        ("Around 2 in the afternoon.", None),
        ("7 at night", None),
        ("4 in the evening class", 4),  # the evening class: a count of people in it
    ],
)
def test_counts_past_a_bound_in_containers_and_with_one_more_person(turn: str, count: int | None) -> None:
    assert said_count(turn) == count


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("Definitely not under twelve, two whole clubs are coming.", "big"),
        ("Under twelve for sure.", "small"),
        ("more than eleven", "big"),  # 12: on the bound of "twelve or more"
        ("more than ten", "small"),  # 11
        ("Two vans full of kids, so like fifteen.", "big"),
        ("Two adults and a toddler.", "small"),
    ],
)
def test_bounded_counts_route_by_the_labels_ranges(turn: str, expected: str) -> None:
    assert route(SAILING, "crew", turn).edge_id == expected


# -- spans still to come -----------------------------------------------------------------------


def test_a_label_says_a_span_ahead_or_ago() -> None:
    assert label_span_ahead("Less than two weeks away") == DaySpan(None, 14, ahead=True, open_upto=True)
    assert label_span_ahead("Caller's trip is two weeks or more away") == DaySpan(14, None, ahead=True, closed_above=True)
    assert label_span_ahead("in the next 30 days") == DaySpan(None, 30, ahead=True)
    assert label_span("Less than two weeks away") is None  # no span ago
    assert label_span_ahead("Within the last two weeks") is None
    assert label_span("Within the last two weeks") == DaySpan(None, 14)
    assert label_span_ahead("Checked out more than 30 days ago") is None  # "out", but ago


def test_less_than_leaves_its_bound_out_and_or_more_takes_it_in() -> None:
    under, over = DaySpan(None, 14, open_upto=True), DaySpan(14, None, closed_above=True)
    assert under.holds(13.9) and not under.holds(14)
    assert over.holds(14) and not over.holds(13.9)
    assert DaySpan(None, 14).holds(14) and not DaySpan(14, None).holds(14)  # "within", "more than"


@pytest.mark.parametrize(
    ("turn", "days"),
    [
        ("Tomorrow morning, I'm totally panicking.", 1),
        ("the day after tomorrow", 2),
        ("in nine days", 9),
        ("Not that soon, we leave three weeks from Saturday.", 24),
        ("a couple of weeks from now", 14),
        ("next Friday", 7),
        ("It's not this week or next, it's the middle of next month.", 30),  # the negated ones say nothing
        ("in about a month and a half", 45),
        ("About a month and a half.", 45),  # a bare span answering "when?"
        ("We'll be gone for ten days.", None),  # how long
        ("ten days ago", None),
        ("In August, and it's only April.", None),  # months: not read
    ],
)
def test_how_far_off_a_turn_says_something_is(turn: str, days: float | None) -> None:
    assert said_days_ahead(turn) == days


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("Tomorrow morning.", "soon"),
        ("in thirteen days", "soon"),
        ("in two weeks", "later"),  # on the bound: "or more" takes it
        ("three weeks from Saturday", "later"),
        ("Not this week or next, sometime next month.", "later"),
        ("We'll be gone for ten days.", None),
    ],
)
def test_spans_ahead_route_by_the_labels(turn: str, expected: str | None) -> None:
    assert route(CLINIC, "trip", turn).edge_id == expected


def test_a_span_ago_still_reads_past_labels_only() -> None:
    assert said_days_ago("We'll be gone for ten days.") == 10  # "for ten days" on a menu asking how long ago
    assert said_days_ahead("about a month ago") is None


# -- ages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "age"),
    [
        ("Not for me, it's for the baby, she's eight months.", 0),
        ("an 18-month-old", 1),
        ("ten months old", 0),
        ("six months ago", None),  # how long ago
        ("for eight months now", None),
        ("She'll be thirteen in a couple of weeks, so twelve right now.", 12),
        ("He's about four foot ten.", None),  # a height
        ("We need the ten-year one.", None),  # which one
        ("I want one.", 1),
        ("It's about five years old.", 5),
    ],
)
def test_what_a_turn_says_as_an_age(turn: str, age: int | None) -> None:
    assert said_age_or_number(turn) == age


def test_a_menus_range_of_years_is_of_ages() -> None:
    assert label_age_range("three to six years") == CountRange(3, 6)
    assert label_age_range("Over 10 years") == CountRange(11, None)
    assert label_age_range("Within the last 2 years") is None  # a span ago
    assert label_age_range("2 years or more away") is None  # a span ahead


@pytest.mark.parametrize(
    ("node_id", "turn", "expected"),
    [
        ("age", "It's about five years old.", "mid"),
        ("age", "two years old", "new"),
        ("age", "seven years old", "old"),
        ("age", "She'll be thirteen in a couple of weeks, so twelve right now.", "kid"),
        ("age", "she's eight months", "kid"),
        ("age", "He's about four foot ten.", None),
    ],
)
def test_ages_route_by_the_labels(node_id: str, turn: str, expected: str | None) -> None:
    graph = BIKES if turn.endswith("years old.") or turn.endswith("years old") else SAILING
    assert route(graph, node_id, turn).edge_id == expected


# -- words heard as one thing ------------------------------------------------------------------


def test_turning_a_number_is_an_age_not_a_turn() -> None:
    assert "turning" not in said("My son's turning nine and wants a party")
    assert "turning" in said("the turning lane by the shop")


def test_never_had_one_is_a_first_one() -> None:
    assert said("My husband's never had a travel card") == {"husband": False, "first": False, "travel": False, "card": False}
    assert route(CLINIC, "start", "My husband's never had a travel health card and we fly in March.").edge_id == "first"
    assert said("I never got the email") == {"receive": True, "email": False}  # no first: not one had


def test_a_verb_with_off_or_out_is_wordnets_verb() -> None:
    assert "call off" in said("we have to call the whole thing off")
    assert "call off" in said("we need to call off the lesson")
    assert route(SAILING, "booking", "We have to call the whole thing off, my son has the flu.").edge_id == "cancel"
    assert route(SAILING, "booking", "We have to call the whole thing off").matched is not None
    assert "call off" not in said("Please call me back")  # no particle of "off" or "out"
    assert "sign up" not in said("I want to sign up")  # "up" pulled turns to the wrong edges: not read


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("Can we push it to Sunday?", "move"),
        ("I don't want to cancel, just bump it an hour later.", "move"),
        ("Push the lesson to next week if you can.", "move"),
    ],
)
def test_pushing_or_bumping_it_asks_for_another_time(turn: str, expected: str) -> None:
    assert route(SAILING, "booking", turn).edge_id == expected


def test_an_acronym_in_capitals_is_not_a_stop_word() -> None:
    assert "technology" in said("we're looking for someone to handle our IT")
    assert "technology" not in said("can you fix it")
    assert route(BIKES, "start", "I run a courier company and we need someone for our IT.").edge_id == "business"


def test_a_sized_team_asks_for_no_person() -> None:
    assert "#person" not in said("We're a 10-person team")
    assert "#person" in said("can I talk to a person")


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("That's all... oh wait, no, one more thing.", "yes"),
        ("Nothing else... oh, hang on, what about the evening class?", "yes"),
        ("That's all, thanks.", "done"),
        ("No thanks, that's everything.", "done"),
    ],
)
def test_an_answer_taken_back_after_a_pause(turn: str, expected: str) -> None:
    assert route(SAILING, "more", turn).edge_id == expected


def test_a_hold_without_a_pause_keeps_the_answer() -> None:
    assert "#done" in said("That's all, hold on, let me ask my wife")
    assert "#done" not in said("That's all. Hold on, what about the evening class?")



def test_the_line_breaking_up_is_no_problem_to_route() -> None:
    assert said("Hello? You're breaking up, I can't hear a thing.") == {}
    assert route(SAILING, "start", "Hello? Hello? You're breaking up, I can't hear a thing.").edge_id is None


def test_first_at_the_end_of_a_clause_is_beforehand() -> None:
    assert "first" not in said("can I talk to one of the instructors first?")
    assert "first" in said("it's my first time sailing")
    assert "first" in said("is this your first?")

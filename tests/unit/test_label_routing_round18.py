"""Issue 23's eighteenth round (from routing-holdout-23's study): how far off, in more of the ways
a label says it. Pinned on made-up sentences in domains no routing corpus has (a piano recital
hall, a moving company, a bakery's wedding-cake desk), both sides of every bound:

- "Sooner than three weeks" is a span still to come, under three weeks;
- "Two to four months away", "between one and two years ago": a span with both ends (only with a
  word of when: "3 to 7 days" alone is how long something lasts, label_lengths.py);
- "more than a year off": still to come (the word "off" ending the label), and no age in months;
- a measure (miles, pounds) has fractions: "a mile and a half", "2.5 miles", "Less than a pound"
  (one), "Within 20 miles"; its strict bounds stay where they are ("Less than a pound" holds half
  a pound, not a pound; a count's move by one: "Under 10 computers" is at most 9);
- how late is a length ("Less than 10 minutes late" against "just a few minutes", "almost half an
  hour");
- "what's the charge to license a dog?", "is there a charge for parking?" ask a price, and "you
  guys" is no word of the turn (WordNet's "guy" is also a "cat");
- a turn that opens by putting the call on hold ("Hold on, the dog got out, one sec") drops the
  phrasal verbs of that sentence with its other words ("got out" is no "left")."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_age_months import label_age_months
from tornado_operator.engine.sim.label_durations import DaySpan, label_span, label_span_ahead
from tornado_operator.engine.sim.label_lengths import Length, label_length
from tornado_operator.engine.sim.label_things import ThingRange, label_thing_range, said_things
from tornado_operator.engine.sim.labels import words
from tornado_operator.engine.sim.routing import route

RECITAL = compiled(
    [node("start", "When is the recital?"), node("soon"), node("later")],
    [
        edge("soon", "start", "soon", "Sooner than three weeks"),
        edge("later", "start", "later", "Three weeks or more away"),
    ],
)
MOVERS = compiled(
    [node("start", "When is your move?"), node("near"), node("mid"), node("far")],
    [
        edge("near", "start", "near", "Less than two months away"),
        edge("mid", "start", "mid", "Two to four months away"),
        edge("far", "start", "far", "Caller's move is more than four months off"),
    ],
)


def test_sooner_than_is_a_span_still_to_come() -> None:
    assert label_span_ahead("Sooner than three weeks") == DaySpan(None, 21.0, ahead=True, open_upto=True)
    assert label_span("Sooner than three weeks") is None


def test_a_span_with_two_ends_ahead_or_ago() -> None:
    assert label_span_ahead("Two to four months away") == DaySpan(60.0, 120.0, ahead=True, closed_above=True)
    assert label_span_ahead("Between 2 and 4 weeks from now") == DaySpan(14.0, 28.0, ahead=True, closed_above=True)
    assert label_span("Between one and two years ago") == DaySpan(365.0, 730.0, closed_above=True)


def test_two_ends_without_a_word_of_when_is_a_length_not_a_span() -> None:
    assert label_span("3 to 7 days") is None and label_span_ahead("3 to 7 days") is None
    assert label_length("3 to 7 days") is not None


def test_a_span_ending_in_off_is_still_to_come_and_no_age() -> None:
    assert label_span_ahead("Caller's move is more than four months off") == DaySpan(120.0, None, ahead=True)
    assert label_span("Caller's move is more than four months off") is None
    assert label_age_months("Caller's move is more than four months off") is None
    assert label_age_months("Four months or older") is not None  # an age label is still one


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("It's this Saturday", "soon"),
        ("a week from Tuesday", "soon"),
        ("It's about twenty days from now", "soon"),
        ("Three weeks from today", "later"),  # the bound itself: three weeks or more
        ("about a month from now", "later"),
        ("Not till next spring, like five months out", "later"),
    ],
)
def test_how_far_off_the_recital_is(turn: str, expected: str) -> None:
    assert route(RECITAL, "start", turn).edge_id == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("in about six weeks", "near"),
        ("About two months out", "mid"),  # the lower bound of "Two to four months"
        ("three months from now", "mid"),
        ("Four months away", "mid"),  # its upper bound, and not "more than four months"
        ("Five months out, give or take", "far"),
        ("Two... no, more like six months away", "far"),
    ],
)
def test_how_far_off_the_move_is(turn: str, expected: str) -> None:
    assert route(MOVERS, "start", turn).edge_id == expected


# --- measures: a distance or a weight has fractions, and its strict bounds stay where they are ---

FIREWOOD = compiled(
    [node("start", "How far from town are you?"), node("local"), node("far")],
    [
        edge("local", "start", "local", "Within 20 miles"),
        edge("far", "start", "far", "More than 20 miles"),
    ],
)
DELI = compiled(
    [node("start", "How much ham would you like?"), node("small"), node("mid"), node("big")],
    [
        edge("small", "start", "small", "Less than a pound"),
        edge("mid", "start", "mid", "One to three pounds"),
        edge("big", "start", "big", "Caller wants more than three pounds"),
    ],
)


def test_a_measure_s_strict_bound_is_not_moved_by_one() -> None:
    assert label_thing_range("Less than a pound") == ThingRange(None, 1.0, "pound", open_high=True)
    assert label_thing_range("More than 20 miles") == ThingRange(20.0, None, "mile", open_low=True)
    assert label_thing_range("Within 20 miles") == ThingRange(None, 20.0, "mile")
    assert label_thing_range("Under 10 computers") == ThingRange(None, 9.0, "computer")  # a count still is


@pytest.mark.parametrize(
    ("turn", "said"),
    [
        ("a mile and a half", ((1.5, "mile"),)),
        ("about a pound and a half, sliced thin", ((1.5, "pound"),)),
        ("the map says 2.5 miles", ((2.5, "mile"),)),
        ("half a pound", ((0.5, "pound"),)),
        ("we're 3.5", None),  # a decimal is read only with its measure
    ],
)
def test_fractions_and_decimals_of_a_measure(turn: str, said: object) -> None:
    assert said_things(turn) == said


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("half a pound is plenty", "small"),
        ("just a pound", "mid"),  # the bound: "Less than a pound" holds less than one
        ("a pound and a half", "mid"),
        ("2.5 pounds", "mid"),
        ("three pounds", "mid"),
        ("three and a half pounds", "big"),
    ],
)
def test_how_much_ham(turn: str, expected: str) -> None:
    assert route(DELI, "start", turn).edge_id == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("about 19.5 miles out", "local"),
        ("twenty miles on the dot", "local"),
        ("20.5 miles, I checked", "far"),
        ("twenty-two miles", "far"),
    ],
)
def test_how_far_the_firewood_goes(turn: str, expected: str) -> None:
    assert route(FIREWOOD, "start", turn).edge_id == expected


# --- how late: a length ---

SHUTTLE = compiled(
    [node("start", "How late is the shuttle?"), node("short"), node("long")],
    [
        edge("short", "start", "short", "Less than 10 minutes late"),
        edge("long", "start", "long", "Ten minutes or more, or it never showed"),
    ],
)


def test_how_late_is_a_length() -> None:
    assert label_length("Less than 10 minutes late") == Length(0.0, 10 / 60, open_high=True)
    assert label_length("More than an hour behind") == Length(1.0, None, open_low=True)
    assert label_length("Less than two hours later") is None  # later than something: a span, not how late


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("About five minutes so far", "short"),
        ("just a few minutes", "short"),  # a few: three
        ("nine minutes", "short"),
        ("ten minutes now", "long"),  # the bound: "Ten minutes or more"
        ("It's not a little late, it's almost half an hour", "long"),
    ],
)
def test_how_late_the_shuttle_is(turn: str, expected: str) -> None:
    assert route(SHUTTLE, "start", turn).edge_id == expected


# --- "you guys"; "what's the charge to ..." ---

CLINIC = compiled(
    [node("start", "Maple Street Vet, how can I help?"), node("fees"), node("new")],
    [
        edge("fees", "start", "fees", "How much is a visit?"),
        edge("new", "start", "new", "Register a new cat or dog"),
    ],
)


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("What's the charge to see a dog these days?", True),
        ("is there a charge for parking?", True),
        ("Is there any charge for a nail trim?", True),
        ("Can I dispute the charge for my visit?", False),  # the charge is what is disputed
        ("what do you charge for a nail trim?", True),  # (as before: the business's price)
        ("you charged my card twice", False),
    ],
)
def test_the_charge_to_or_for_something_asked_is_its_price(text: str, price: bool) -> None:
    assert ("price" in [word.surface for word in words(text)]) is price


def test_you_guys_is_no_cat() -> None:
    assert "guys" not in [word.surface for word in words("Are you guys open Saturday?")]
    assert route(CLINIC, "start", "What's the charge to see a dog these days?").edge_id == "fees"


# --- a turn that opens by putting the call on hold: its sentence says nothing, its phrasal verbs neither ---

BUS_DEPOT = compiled(
    [node("start", "Transportation office, how can I help?"), node("lost"), node("late")],
    [
        edge("lost", "start", "lost", "Something was left on the bus"),
        edge("late", "start", "late", "The bus is late"),
    ],
)


def test_the_phrasal_verb_of_a_held_sentence_is_dropped_with_it() -> None:
    assert words("Hold on, the dog got out, one sec") == ()
    assert route(BUS_DEPOT, "start", "Hold on, the dog got out, one sec").edge_id is None
    # the sentence after the hold is read, its phrasal verbs too; a hold that asks is no hold
    assert "call off" in [word.surface for word in words("Hold on, the dog got out. Okay, we need to call the party off")]
    assert "call off" in [word.surface for word in words("Hang on, I need to call off the party")]

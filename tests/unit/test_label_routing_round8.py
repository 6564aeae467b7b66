"""The rule of label routing added in issue 23's eighth round (engine/sim/label_counts.py, used by
engine/sim/labels.py): a count the caller says, read against the range a label states. Pinned on
made-up sentences in domains no routing corpus has (a kayak outfitter, a climbing gym), both
sides of every bound, and what must stay no count (times, money, measures, dates, phone numbers).
And three smaller readings of the same round: a hold that opens a question put to the business,
"till" as the preposition it is on a phone line, and a title's period that ends no sentence."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.label_counts import CountRange, label_range, said_count
from tornado_operator.engine.sim.routing import route

KAYAKS = compiled(
    [
        node("start", "Thanks for calling Riverbend Kayaks, how can I help?"),
        node("size", "How many paddlers will there be?"),
        node("small"),
        node("large"),
        node("menu", "Is the climber a kid or an adult?"),
        node("youth"),
        node("adult"),
    ],
    [
        edge("to-size", "start", "size", "Book a guided paddle"),
        edge("small", "size", "small", "Up to four paddlers", "One to four people, a private guide."),
        edge("large", "size", "large", "Caller has a group of five or more", "A club, a family reunion or a school trip."),
        edge("youth", "menu", "youth", "Youth climbing", "A climber under 16 who comes with a parent."),
        edge("adult", "menu", "adult", "Adult membership"),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("there'll be four of us", "small"),  # the bound itself: inside "up to four"
        ("five of us", "large"),  # one past it: the other side
        ("just 2 adults", "small"),
        ("we're a party of 7, mostly teenagers", "large"),
        ("two adults and three kids", "large"),  # several counts of people add up
        ("not a big group, three of us", "small"),  # "big" fits the large label's words; the count decides
        ("it's a dozen of us from the office", "large"),
        ("about twenty-two people from my church", "large"),
    ],
)
def test_a_count_said_routes_to_the_label_whose_range_holds_it(turn: str, expected: str) -> None:
    assert route(KAYAKS, "size", turn).edge_id == expected


def test_the_count_is_shown_in_the_explanation() -> None:
    assert "4~at most 4" in route(KAYAKS, "size", "four of us").matched
    assert "5 (against) at most 4" not in route(KAYAKS, "size", "five of us").matched  # the winner's words only


@pytest.mark.parametrize(
    "turn",
    [
        "can we come at 5 o'clock?",  # a time
        "is it 40 dollars each?",  # money
        "how long is the 6 mile route?",  # a measure
        "we were thinking June 12",  # a date
        "my number is 614 555 0199",  # a phone number
        "the one by the bridge",  # which one, not how many
    ],
)
def test_a_number_that_is_no_count_routes_nothing(turn: str) -> None:
    assert route(KAYAKS, "size", turn).target is None


def test_an_age_is_a_count_against_a_stated_age_range() -> None:
    assert route(KAYAKS, "menu", "she's 15").edge_id == "youth"  # "under 16": 15 is inside
    assert route(KAYAKS, "menu", "he's 16 years old").edge_id != "youth"  # the bound's other side


def test_a_range_on_a_node_without_one_changes_nothing() -> None:
    # the greeting's labels state no range: a count said there routes by the words alone
    assert route(KAYAKS, "start", "I'd like to book a guided paddle for six").edge_id == "to-size"
    assert route(KAYAKS, "start", "six of us").target is None


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Up to five riders", CountRange(None, 5)),
        ("Caller has a group of six or more", CountRange(6, None)),
        ("Parties of 8-12", CountRange(8, 12)),
        ("between 10 and 20 guests", CountRange(10, 20)),
        ("more than 12 people", CountRange(13, None)),
        ("fewer than 3 bags", CountRange(None, 2)),
        ("at least 15 students", CountRange(15, None)),
        ("6+ people", CountRange(6, None)),
        ("Two or fewer", CountRange(None, 2)),
        ("a dozen or more", CountRange(12, None)),
        ("A child under 18", CountRange(None, 17)),
    ],
)
def test_the_range_a_label_states(label: str, expected: CountRange) -> None:
    assert label_range(label) == expected


@pytest.mark.parametrize(
    "label",
    [
        "Cancellations more than 48 hours ahead are free",  # a duration, not a count
        "Orders over $100 ship free",  # money
        "Purchases over 999 dollars",
        "Up to 3 people, or 10 or more with a deposit",  # two ranges: neither is the label's
        "Caller wants to book a party",  # none
    ],
)
def test_no_range_where_a_label_states_none_or_its_number_is_no_count(label: str) -> None:
    assert label_range(label) is None


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("four adults", 4),
        ("not six, just four of us", 4),  # a count ruled out is not said
        ("order S-19362 for 12 people", 12),  # a code is no count
        ("he's a 16-year-old", 16),
        ("six of us, two of them kids", 6),  # a whole and a part of it: the whole, not added up
        ("we'll be 8-10 of us", None),  # a range of the caller's own: no one count
        ("in 2019", None),
        ("room 12", None),
        ("the 5th", None),
        ("$40", None),
        ("just me and my boyfriend", 2),  # no number said: the people named with the speaker
    ],
)
def test_the_count_a_turn_states(turn: str, expected: int | None) -> None:
    assert said_count(turn) == expected


# -- the same round's smaller readings --------------------------------------------------------------

SHOP = compiled(
    [
        node("start", "Thanks for calling Riverbend Kayaks, how can I help?"),
        node("rent"),
        node("sell"),
        node(
            "hours",
            "We're open nine to six.",
            isGlobal=True,
            globalMatch={},
            globalLabel="Hours and directions",
            globalDescription="When the shop opens and closes, and how to find us.",
        ),
    ],
    [
        edge("rent", "start", "rent", "Rent a kayak"),
        edge("sell", "start", "sell", "Sell a used boat"),
    ],
)


def test_a_hold_that_opens_a_question_put_to_the_business_keeps_the_question() -> None:
    assert route(SHOP, "start", "hang on, what time are you open till tonight?").target == "hours"
    # the other side: a hold that opens what the caller says to themself is dropped whole
    assert labels.words("Hang on, where did I put the receipt?") == ()
    assert route(SHOP, "start", "hang on, are you still there?").target is None  # trouble with the line


def test_till_is_the_preposition_of_a_time() -> None:
    assert route(SHOP, "start", "are you guys open till six?").target == "hours"
    assert "till" not in {word.surface for word in labels.words("open till six")}


def test_a_name_after_a_title_is_a_name() -> None:
    # "Dr." ends no sentence: "Sellers" is a name, not the verb "sell"
    assert route(SHOP, "start", "I'm trying to reach Dr. Sellers, is this his office?").target is None
    assert route(SHOP, "start", "I'd like to sell my old canoe").edge_id == "sell"  # the word itself still routes
    assert "sellers" in labels._names("Please ask Mrs. Sellers to call")


# -- "something else" beside the node's options -----------------------------------------------------

GEAR = compiled(
    [
        node("start", "Thanks for calling Riverbend Kayaks, how can I help?"),
        node("trade", "What are you trading in: a kayak, a paddle, or something else?"),
        node("two", "Is it a kayak or something else?"),
        node("kayak"),
        node("paddle"),
        node("else"),
    ],
    [
        edge("to-trade", "start", "trade", "Trade in used gear"),
        edge("start-else", "start", "else", "Something else"),
        edge("kayak", "trade", "kayak", "A kayak or canoe"),
        edge("paddle", "trade", "paddle", "Paddles"),
        edge("else", "trade", "else", "Something else"),
        edge("two-kayak", "two", "kayak", "A kayak or canoe"),
        edge("two-else", "two", "else", "Something else"),
    ],
)


@pytest.mark.parametrize("turn", ["a wetsuit and two life jackets", "my old roof rack", "it's a tent, not a boat at all"])
def test_a_thing_none_of_the_options_fits_is_the_something_else(turn: str) -> None:
    matched = route(GEAR, "trade", turn)
    assert matched.edge_id == "else"
    assert "(none of the other options)" in matched.matched


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("just a paddle", "paddle"),  # an option fits: that option
        ("an old canoe", "kayak"),
        ("what do you mean?", None),  # a question of the caller's own
        ("no", None),  # names no thing
        ("my Werner", None),  # a name may well be one of the options: unmatched, reprompted
    ],
)
def test_an_option_a_question_or_no_thing_is_not_the_something_else(turn: str, expected: str | None) -> None:
    assert route(GEAR, "trade", turn).edge_id == expected


def test_something_else_is_read_so_only_beside_two_options_on_a_node_that_asks() -> None:
    assert route(GEAR, "start", "a wetsuit").target is None  # the greeting offers no options
    assert route(GEAR, "two", "a wetsuit").target is None  # one option and something else: no list to be outside of


# -- phone-call acts of holdout-9's study ------------------------------------------------------------

DESK = compiled(
    [
        node("start", "Thanks for calling Riverbend Kayaks, how can I help?"),
        node("wrap", "Is there anything else I can help with?"),
        node("rent"),
        node("more"),
        node("done"),
        node(
            "person",
            "One moment.",
            isGlobal=True,
            globalMatch={},
            globalLabel="Caller wants to talk to a person",
        ),
    ],
    [
        edge("rent", "start", "rent", "Rent a kayak"),
        edge("more", "wrap", "more", "Something else"),
        edge("done", "wrap", "done", "Caller is all set"),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("oh, one more thing", "more"),
        ("actually, one other thing", "more"),
        ("no, I don't need anything else", "done"),
        ("no, that answers it, thanks", "done"),
    ],
)
def test_one_more_thing_and_needing_nothing_else_answer_the_wrap_up(turn: str, expected: str) -> None:
    assert route(DESK, "wrap", turn).edge_id == expected


@pytest.mark.parametrize(
    "turn",
    ["is the owner around? I had a question for her", "Is your manager in today?", "is Dana from the rentals desk available?"],
)
def test_a_person_asked_for_by_role_or_by_name_from_a_team(turn: str) -> None:
    assert route(DESK, "start", turn).target == "person"


@pytest.mark.parametrize("turn", ["is the river open today?", "is your shop open on Sundays?", "is Dana's kayak available?"])
def test_a_thing_asked_about_is_no_person(turn: str) -> None:
    assert route(DESK, "start", turn).target != "person"


# -- a time of day against the hours a label states (label_times.py) --------------------------------

GROOMER = compiled(
    [
        node("start", "Thanks for calling Sudsy Paws, how can I help?"),
        node("drop", "What time works for drop-off?"),
        node("visit", "When should the mobile van come by?"),
        node("am"),
        node("pm"),
        node("work"),
        node("late"),
    ],
    [
        edge("to-drop", "start", "drop", "Book a grooming"),
        edge("am", "drop", "am", "Morning"),
        edge("pm", "drop", "pm", "Caller wants an afternoon slot"),
        edge("work", "visit", "work", "Weekday between 8 and 4"),
        edge("late", "visit", "late", "Caller wants an evening or weekend"),
    ],
)


@pytest.mark.parametrize(
    ("node_id", "turn", "expected"),
    [
        ("drop", "like 10", "am"),
        ("drop", "around 11:45 if that works", "am"),  # the bound's near side
        ("drop", "at noon", "pm"),  # the bound itself: the afternoon starts at 12
        ("drop", "the 3:30 one", "pm"),
        ("drop", "after lunch, around 2", "pm"),  # a clock time says more than "after lunch"
        ("drop", "before noon if possible", "am"),
        ("drop", "at 7", "am"),  # a bare 7 is a business's morning
        ("visit", "Tuesday morning works", "work"),
        ("visit", "around 2 in the afternoon on a Thursday", "work"),
        ("visit", "at 3:59", "work"),
        ("visit", "after 6, I work all day", "late"),
        ("visit", "at 7pm", "late"),  # am/pm decide when said
    ],
)
def test_a_time_of_day_routes_to_the_label_whose_hours_hold_it(node_id: str, turn: str, expected: str) -> None:
    assert route(GROOMER, node_id, turn).edge_id == expected


@pytest.mark.parametrize("turn", ["the 5th", "the 3 of us", "two dogs", "a tent"])
def test_a_number_that_is_no_time_of_day_routes_nothing_by_hours(turn: str) -> None:
    assert route(GROOMER, "drop", turn).target is None


def test_the_hours_a_label_states() -> None:
    from tornado_operator.engine.sim.label_times import (
        WEEKDAYS,
        Hours,
        SaidTime,
        label_hours,
        said_hour,
    )

    assert label_hours("Morning") == Hours(7, 12)
    assert label_hours("Caller wants an afternoon slot") == Hours(12, 17)  # "afternoon" is no "after noon"
    assert label_hours("Weekday between 9 and 5") == Hours(9, 17, WEEKDAYS)
    assert label_hours("10am-2pm") == Hours(10, 14)
    assert label_hours("Party of 8-12") is None and label_hours("Morning or evening") is None  # two sides
    assert label_hours("Morning or afternoon") == Hours(7, 17)  # parts that follow one another: one span (round 14)
    assert label_range("Weekday between 9 and 5") is None  # hours, not a count of anything
    assert said_hour("the 5th") is None and said_hour("at 5") == SaidTime(17) and said_hour("at 5am") == SaidTime(5)


# -- how long ago against the span a label states (label_durations.py) ------------------------------

RETURNS = compiled(
    [
        node("start", "Thanks for calling Voltline Electronics, how can I help?"),
        node("when", "When did you buy it?"),
        node("refund"),
        node("repair"),
    ],
    [
        edge("to-when", "start", "when", "Return an item"),
        edge("refund", "when", "refund", "Bought within the last 30 days"),
        edge("repair", "when", "repair", "Caller bought it more than 30 days ago"),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("like ten days ago", "refund"),
        ("about a month ago", "refund"),  # the bound itself: a month is 30 days, inside "within 30"
        ("it's been over a month", "repair"),  # past it
        ("five weeks ago Saturday", "repair"),
        ("just last week", "refund"),
        ("yesterday", "refund"),
        ("gosh, it must have been last year", "repair"),
    ],
)
def test_how_long_ago_routes_to_the_label_whose_span_holds_it(turn: str, expected: str) -> None:
    assert route(RETURNS, "when", turn).edge_id == expected


def test_the_span_a_label_states_and_what_is_no_span() -> None:
    from tornado_operator.engine.sim.label_durations import DaySpan, label_span, said_days_ago

    assert label_span("Within the last two weeks") == DaySpan(None, 14)
    assert label_span("more than 30 days ago") == DaySpan(30, None)
    assert label_span("Return an item") is None
    assert said_days_ago("we have 2 dogs") is None and said_days_ago("two weeks ago, then again a month ago") is None
    assert route(RETURNS, "start", "about a month ago").target is None  # the greeting's labels state no span

"""Issue 23's thirtieth round of label routing (from routing-holdout-36's study, scored blind just
before it). Pinned on made-up sentences in domains no routing corpus has (a sugarhouse's tours, a
choir's concert bookings, a houseplant-rescue service), both sides of every rule:

- another day asked: a day of the month in words ("Could we do the eighteenth instead?", "switch
  from the fourteenth to the twenty-first") is a day like "the 18th"; "I just can't make Saturday
  anymore, is Sunday open?" moves the day (two days named after "can't make"); "moving across town
  on the twelfth" moves a home, no booking; "the first time" is no day;
- "we're looking at a hundred and ten" is a count (an estimate, not a time "at" 110);
- a head count changed: "More or fewer people", "Update my guest count" and "four more people
  RSVP'd", "we lost three guests to the flu", "one guy dropped out", "five of us now, not four"
  (#headcount-change); "a table for six people", "two more weeks" are not;
- a person asked for in more ways: "who should I talk to?", "Get someone at the front counter on
  the line", "Caller needs the sugarhouse office"; and a caller who asks for someone by name is put
  through to the one candidate that asks for a person even by its description only;
- a word or two of the question said back with a pause and a question of the caller's own after it
  ("The day... hmm, how many people fit in one of those?", "Cancel... is there a fee for that?")
  answers nothing: the turn is read from the question on (a correction, "Sixty... no, sixty-five",
  and a request started again are not it);
- "No, that covers it", "No, that was it" (a label) and "Perfect, that's what I needed to know"
  (a caller) are done; on a node whose question offers something else beside its options ("Would
  you like to book a trip, or can I help with something else?"), a question of the caller's own
  ("while I've got you, can I take my truck out on the ice yet?") is the something else."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.label_corrections import echo_set_aside
from tornado_operator.engine.sim.label_counts import said_count
from tornado_operator.engine.sim.routing import route

TOURS = compiled(
    [
        node("start", "Your tour is booked for the 14th. Do you want to move it, cancel it, or change how many are coming?"),
        node("move"), node("cancel"), node("count"),
        {"id": "office", "text": "One moment.", "isGlobal": True, "globalLabel": "Get someone at the front counter on the line",
         "globalDescription": "The caller asks for a person, the owner or a guide by name.", "globalMatch": {}},
    ],
    [
        edge("move", "start", "move", "Switch the date", "Another day for the tour."),
        edge("cancel", "start", "cancel", "Call it off"),
        edge("count", "start", "count", "More or fewer people", "Adding people to the booking or taking people off it."),
    ],
)
CONCERTS = compiled(
    [
        node("start", "Which concert are you calling about?"), node("spring"), node("winter"),
        {"id": "office", "text": "Connecting you.", "isGlobal": True, "globalLabel": "Caller needs the choir office",
         "globalDescription": "A complaint, or a person asked for by name.", "globalMatch": {}},
    ],
    [
        edge("spring", "start", "spring", "The spring concert", "Songs of the season, in the chapel."),
        edge("winter", "start", "winter", "The winter concert", "Carols with the orchestra, who play the engine of the season."),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Could we do the eighteenth instead? My wife's got a thing on the eleventh", "move"),
        ("Can we switch from the fourteenth to the twenty-first?", "move"),
        ("I don't want to cancel, I just can't make Saturday anymore, is Sunday open?", "move"),
        ("We can't make it at all, please call the whole thing off", "cancel"),
        ("My brother-in-law decided to come after all, so it's five of us now, not four", "count"),
        ("Don't cancel it, one guy dropped out, so it's just the three of us", "count"),
        ("Four more people said yes at the last minute", "count"),
        ("We lost three guests to the flu, can you take them off?", "count"),
        ("Actually, my car broke down on the way, who should I talk to?", "office"),
    ],
)
def test_a_booking_changed(text: str, target: str) -> None:
    assert route(TOURS, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("More or fewer people", True),
        ("Update my guest count", True),
        ("one guy dropped out", True),
        ("it's six of us now, not five", True),
        ("Book a table for six people", False),
        ("we need two more weeks", False),
        ("a party of 6", False),
    ],
)
def test_a_head_count_changed(text: str, change: bool) -> None:
    assert ("#headcount-change" in said(text)) is change


def test_moving_house_on_a_day_moves_no_booking() -> None:
    assert route(TOURS, "start", "We're moving across town on the twelfth, so I wanted to ask something").target != "move"
    assert route(TOURS, "start", "Is this the first time anyone's asked that?").target != "move"


@pytest.mark.parametrize(
    ("text", "count"),
    [("so we're looking at a hundred and ten", 110), ("we're looking at about forty", 40), ("meet us at 7", None), ("see you at 110 Main", None)],
)
def test_looking_at_a_number_is_an_estimate(text: str, count: int | None) -> None:
    assert said_count(text) == count


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("who should I talk to?", True),
        ("Get someone at the front counter on the line", True),
        ("Caller needs the choir office", True),
        ("I need the address", False),
        ("get a line of credit", False),
    ],
)
def test_more_ways_to_ask_for_a_person(text: str, person: bool) -> None:
    assert ("#person" in said(text)) is person


def test_a_person_asked_for_by_name_is_put_through_to_the_office() -> None:
    assert route(CONCERTS, "start", "Can I speak with Walt? He played the engine part last winter and said to ask for him").target == "office"
    assert route(CONCERTS, "start", "The winter one, with the orchestra").target == "winter"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("The day... hmm, how many people fit in one of those?", "hmm, how many people fit in one of those?"),
        ("Cancel... is there a fee for that? I'm not sure yet", "is there a fee for that? I'm not sure yet"),
        ("Sixty... no, sixty-five of us", "Sixty... no, sixty-five of us"),
        ("The day one... yes, the day one, please", "The day one... yes, the day one, please"),
        ("Do you... is there parking?", "Do you... is there parking?"),
    ],
)
def test_words_said_back_with_a_pause_before_a_question(text: str, read: str) -> None:
    assert echo_set_aside(text) == read


RENTALS = compiled(
    [node("greet", "Lakeside Ice Houses, how can I help?"), node("rent", "Would you like the house for the day, or overnight?"),
     node("day"), node("night")],
    [edge("day", "rent", "day", "Just the day"), edge("night", "rent", "night", "Overnight")],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The day... hmm, how many people fit in one of those? There's six of us", None),
        ("Just the day, we'll head home after", "day"),
    ],
)
def test_a_paused_echo_answers_nothing(text: str, target: str | None) -> None:
    assert route(RENTALS, "rent", text).target == target


SUGARHOUSE = compiled(
    [
        node("greet", "Maple Hollow Sugarhouse, how can I help?"),
        node("offer", "Kids tour free on Saturdays. Want me to set one up, or is there something else?"),
        node("book"), node("more"), node("done"),
    ],
    [
        edge("book", "offer", "book", "Sure, let's set one up", "The caller wants to book a tour now."),
        edge("more", "offer", "more", "I've got another thing"),
        edge("done", "offer", "done", "No, that covers it"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Perfect, that's what I needed to know, thanks", "done"),
        ("Great, that was it", "done"),
        ("Oh, and while I've got you, can I bring a stroller on the tour?", "more"),
        ("Set one up... no, hold on, first, is there parking for a bus?", "more"),
        ("Sure, set one up for Saturday", "book"),
    ],
)
def test_done_and_something_else_on_an_offer(text: str, target: str) -> None:
    assert route(SUGARHOUSE, "offer", text).target == target

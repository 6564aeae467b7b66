"""Issue 23's eleventh round: head counts, ages and "anything else?" answers as a person hears
them. Pinned on made-up sentences in domains no routing corpus has (a ferry line's group desk, a
science day camp, a dog daycare), both sides of every bound:

- the people named with the speaker are a head count ("me and my partner": 2, "me and my two
  kids": 3, "just myself": 1, "not just me": 2), and a label says one person ("Just me", "Join
  by myself") or a range with "or" ("One or two people");
- numbers as people say them: "two dozen", "half a dozen", "a hundred and fifty", another guess
  ("eight, maybe nine": the first), a rate is no count ("two or three times a week"), the one
  number said of people wins over another ("ten girls for my daughter's sweet sixteen");
- a range of ages is read as ages only: its candidates take no head count ("for me and my
  husband, we're in our forties" is no count of 2 against "18 or older"), a bare number said as
  an age is one ("she's sixteen and plays varsity") but a count of things is not ("two seats");
  a label's bare range is of ages where its description speaks of age ("4 to 7" / "A young
  child"); "Up to 4 adults" counts people;
- on an "Anything else I can help with?" node, a label "Ask something else" is the yes, "that's
  all I needed" and "I don't have anything else" are done, "No thanks, wait, actually there's one
  more", "almost all set, just one more thing" and "not done yet" are more, and a yes followed
  by a goodbye is done; a question listing options that ends in "or something else?" is not
  asking whether there is more."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_ages import label_age_range, said_age_or_number
from tornado_operator.engine.sim.label_counts import (
    CountRange,
    label_range,
    said_count,
    said_number,
)
from tornado_operator.engine.sim.routing import route

FERRY = compiled(
    [
        node("start", "Harbor Point Ferry, how can I help?"),
        node("size", "How many will be travelling?"),
        node("solo"),
        node("small"),
        node("big"),
        node("fare", "Are you booking for one person or more?"),
        node("one"),
        node("more"),
        node("info", "The boat leaves every hour on the hour. Anything else I can help with?"),
        node("ask"),
        node("bye"),
        node("change", "Do you want to move your trip, cancel it, or something else?"),
        node("move"),
        node("cancel"),
        node("other"),
    ],
    [
        edge("to-size", "start", "size", "Group tickets"),
        edge("solo", "size", "solo", "Just me", "One passenger."),
        edge("small", "size", "small", "Two to nine passengers"),
        edge("big", "size", "big", "Caller has a group of ten or more"),
        edge("one", "fare", "one", "Join by myself"),
        edge("more", "fare", "more", "One or two people", "A couple."),
        edge("ask", "info", "ask", "Ask something else"),
        edge("bye", "info", "bye", "That's all, thanks"),
        edge("move", "change", "move", "Move the trip"),
        edge("cancel", "change", "cancel", "Cancel the trip"),
        edge("other", "change", "other", "Something else about a trip"),
    ],
)

CAMP = compiled(
    [
        node("start", "Tidewater Science Camp, how can I help?"),
        node("age", "How old is the camper?"),
        node("little"),
        node("middle"),
        node("teen"),
        node("grown"),
        node("seats", "How many seats do you need at the open house?"),
        node("few"),
        node("many"),
    ],
    [
        edge("to-age", "start", "age", "Sign up a camper"),
        edge("little", "age", "little", "4 to 7", "A young child just starting out."),
        edge("middle", "age", "middle", "Camper is 8 to 12"),
        edge("teen", "age", "teen", "Teen, 13 to 17"),
        edge("grown", "age", "grown", "Adult volunteer, 18 or older"),
        edge("few", "seats", "few", "Up to 4 adults"),
        edge("many", "seats", "many", "5 or more adults"),
    ],
)


# -- people named with the speaker ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "count"),
    [
        ("just myself", 1),
        ("Just me, I'm new in town", 1),  # "me," before a clause of the speaker's is no list
        ("only me this time", 1),
        ("It'd be me and my partner", 2),
        ("just me and my boyfriend", 2),
        ("my wife and I", 2),
        ("me, my wife and my son", 3),
        ("me and my two kids", 3),  # the speaker beside the count
        ("not just me, my sister is coming too", 2),
        ("Just for me, my husband doesn't ride", 1),
        # no head count: a name is not read, nor people without a number
        ("me and Dana", None),
        ("my kids and I", None),
    ],
)
def test_the_people_named_with_the_speaker_are_a_head_count(turn: str, count: int | None) -> None:
    assert said_count(turn) == count


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("just myself", "solo"),
        ("me and my partner", "small"),  # 2: the near side of 2-9
        ("me and my three kids", "small"),
        ("me, my husband and our seven grandchildren", "small"),  # 9: the speaker and the one named beside the count
        ("me, my husband and our eight grandchildren", "big"),  # 10
        ("probably two dozen", "big"),
    ],
)
def test_head_counts_route_by_the_labels_ranges(turn: str, expected: str | None) -> None:
    assert route(FERRY, "size", turn).edge_id == expected


def test_a_label_says_one_person_or_a_range_with_or() -> None:
    assert label_range("Just me") == CountRange(1, 1)
    assert label_range("Join by myself") == CountRange(1, 1)
    assert label_range("On my own") == CountRange(1, 1)
    assert label_range("One or two people") == CountRange(1, 2)
    assert label_range("Just the basics") is None
    assert label_range("Monday or Tuesday") is None
    assert route(FERRY, "fare", "just me").edge_id == "one"
    assert route(FERRY, "fare", "me and my mom").edge_id == "more"  # 2: the far side of 1-2


# -- numbers as people say them ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "count"),
    [
        ("probably two dozen", 24),
        ("a dozen", 12),
        ("half a dozen of us", 6),
        ("maybe a hundred and fifty", 150),
        ("two hundred guests", 200),
        ("eight, maybe nine", 8),  # another guess at the same count: the first
        ("five or six of us", 5),
        ("no more than twenty, probably eighteen", 18),  # the estimate beside a bound, as before
        ("we'll be 8-10 of us", None),  # a range of the caller's own: no one count, as before
        ("I'd come two or three times a week", None),  # a rate: "times" is the unit of both guesses
        ("about ten girls for my daughter's sweet sixteen", 10),  # the number said of people
    ],
)
def test_numbers_as_people_say_them(turn: str, count: int | None) -> None:
    assert said_count(turn) == count


# -- a range of ages is read as ages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("she's in kindergarten", "little"),  # "4 to 7" speaks of age through its description
        ("he's six", "little"),
        ("he's 8", "middle"),
        ("she's sixteen and plays varsity", "teen"),  # more said of her is no count of things
        ("not for a kid, it's for me and my husband, we're in our forties", "grown"),  # no head count of 2
        ("there'd be 3 kids", None),  # a head count where an age is asked fits no age
    ],
)
def test_a_range_of_ages_is_read_as_ages(turn: str, expected: str | None) -> None:
    assert route(CAMP, "age", turn).edge_id == expected


def test_what_a_turn_says_as_an_age() -> None:
    assert said_age_or_number("she's in fourth grade") == 9
    assert said_age_or_number("he's ten") == 10
    assert said_age_or_number("8 years old") == 8
    assert said_age_or_number("my son is 16 and wants to be a chef") == 16
    assert said_age_or_number("two seats") is None  # things
    assert said_number("3 tickets") is None
    assert said_number("me and my husband") is None  # people named: a head count, not an age
    assert said_number("two adults and three kids") is None  # a sum


def test_a_label_is_of_ages_where_it_or_its_description_speaks_of_age() -> None:
    assert label_age_range("4 to 7") is None  # alone it states a range of something
    assert label_age_range("4 to 7. A young child just starting out.") == CountRange(4, 7)
    assert label_age_range("Up to 4 adults") is None  # a head count of adults
    assert label_age_range("Adults 18 and older, 2 or more") is None or label_age_range("Adults, ages 18 and up") is not None
    assert label_age_range("Adults, ages 18 and up") == CountRange(18, None)
    assert route(CAMP, "seats", "three of us").edge_id == "few"
    assert route(CAMP, "seats", "me and my two sisters").edge_id == "few"
    assert route(CAMP, "seats", "half a dozen").edge_id == "many"


# -- "anything else?" -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("yes", "ask"),
        ("Actually yeah, I need to change my booking", "ask"),
        ("nope", "bye"),
        ("Great, that's all I needed", "bye"),
        ("I don't have anything else, thanks", "bye"),
        ("No thanks, wait, actually there's one more", "ask"),
        ("I'm almost all set, just one more thing", "ask"),
        ("I'm not done yet, I have a question about parking", "ask"),
        ("yes, that's great, thanks so much, bye", "bye"),  # the goodbye after the yes answers
    ],
)
def test_an_anything_else_node_hears_more_or_done(turn: str, expected: str) -> None:
    assert route(FERRY, "info", turn).edge_id == expected


def test_a_question_of_options_ending_in_something_else_keeps_its_options() -> None:
    assert route(FERRY, "change", "I'd like to cancel it").edge_id == "cancel"
    # "something else" is the option that is not the others there, not "yes, there is more"
    assert route(FERRY, "change", "no").edge_id == "other"
    assert route(FERRY, "change", "something else, I lost my ticket").edge_id == "other"


# -- a relative by marriage is one word -------------------------------------------------------------


def test_a_relative_by_marriage_is_one_word_not_a_law() -> None:
    from tornado_operator.engine.sim.labels import words

    # (and "a present for" is a gift: round 39's #gift concept)
    assert [w.surface for w in words("a present for my mother-in-law")] == ["present", "mother-in-law", "#gift"]
    assert next(w.surface for w in words("my in-laws are coming")) == "in-laws"
    assert next(w.surface for w in words("my ex-wife booked it")) == "ex-wife"
    assert "law" not in [w.surface for w in words("my sister-in-law wants a lesson")]
    assert [w.surface for w in words("a drop-off at the plant")][:2] == ["drop", "plant"]  # other compounds as before
    legal = compiled(
        [node("start", "Hi, how can I help?"), node("court"), node("gift")],
        [edge("law", "start", "court", "Law and court questions"), edge("gift", "start", "gift", "Gift cards")],
    )
    assert route(legal, "start", "something for my mother-in-law").edge_id is None  # no "law" in it


# -- another time asked for ----------------------------------------------------------------------

LESSONS = compiled(
    [
        node("booked", "Sure. Do you want to change it, cancel it, or something else?"),
        node("move"),
        node("cancel"),
        node("other"),
    ],
    [
        edge("move", "booked", "move", "Change the date"),
        edge("cancel", "booked", "cancel", "Cancel the lesson", "They can't come anymore and want to cancel."),
        edge("other", "booked", "other", "Something else about my lesson"),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("Can we switch to next Saturday?", "move"),
        ("is there anything later in the month? I can't make the 9th anymore", "move"),
        ("we got rained out last week, can we get back on the calendar?", "move"),
        ("Not cancel, just shift it by a day.", "move"),  # as before: the label's own words
        ("I'd like to cancel it", "cancel"),
        ("Could we bump it to Thursday afternoon?", "move"),
    ],
)
def test_another_time_asked_for_fits_a_change_of_date(turn: str, expected: str) -> None:
    assert route(LESSONS, "booked", turn).edge_id == expected


def test_what_asks_for_another_time() -> None:
    from tornado_operator.engine.sim.labels import _reschedules

    assert _reschedules("Change the date") and _reschedules("Move it to another day") and _reschedules("Reschedule")
    assert _reschedules("can we do the following Saturday instead?")
    assert _reschedules("we need to push it back")
    assert not _reschedules("Caller wants to cancel for a refund")
    assert not _reschedules("Something else about my reservation")
    assert not _reschedules("no other date works for me, I'll have to drop out")  # negated
    assert not _reschedules("we're not rescheduling, we're moving out of state")
    assert not _reschedules("I need to reschedule... actually no, just cancel it")  # taken back
    assert not _reschedules("I'd like to switch my email to my work address")  # no word of when
    assert not _reschedules("We'd like to rebook the table we cancelled yesterday")  # booking again is no change of time


# -- a clock time after "after work" -------------------------------------------------------------

DOCK = compiled(
    [node("slot", "What time would you like the kayak?"), node("day"), node("evening")],
    [edge("day", "slot", "day", "Daytime, before 5 pm"), edge("evening", "slot", "evening", "Evening, after 5 pm")],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("after work, like 7:30", "evening"),  # 7:30 pm: the caller's day says which half
        ("after school, around 3:45", "day"),  # 3:45 pm is still before 5
        ("before work, 7:30 if you open that early", "day"),  # 7:30 am
        ("7:30 in the morning", "day"),  # as before
    ],
)
def test_after_work_or_before_work_says_which_half_of_the_day_a_clock_time_is(turn: str, expected: str) -> None:
    assert route(DOCK, "slot", turn).edge_id == expected

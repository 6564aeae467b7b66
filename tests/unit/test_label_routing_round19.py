"""Issue 23's nineteenth round (from routing-holdout-24's study): values said again after a
correction, nights counted, and ages on a menu whose options are bare ranges. Pinned on made-up
sentences in domains no routing corpus has (a dance studio, a bed-and-breakfast, a roofing
estimate line), both sides of every bound:

- a value taken back and said again is read from what follows the correction ("Three... no,
  sorry, four", "2015, no wait, 2013", "make that two"); a bare "no" or "actually" takes nothing
  back without a pause before it ("It's a shot, no pills");
- "3 to 7 nights", "nine nights" count nights (how long a stay lasts), not the part of the day
  ("Friday night" still is one);
- nights are counted whole: "more than three nights" is four or more, "fewer than 4 nights" three
  at most;
- where one option of a node states ages ("Dancer is 13 or older"), its siblings that are only a
  range of numbers ("Under 6", "6 to 12") are ages too; "in preschool" is four; an age still to
  come beside the age now ("she's four, she'll be five in May") is not the age; "three kids" is a
  head count, which no age range holds."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_ages import said_age_or_number
from tornado_operator.engine.sim.label_corrections import corrected
from tornado_operator.engine.sim.label_counts import HEAD_COUNT, CountRange
from tornado_operator.engine.sim.label_lengths import Length, label_length, said_length
from tornado_operator.engine.sim.label_times import label_hours, said_hour
from tornado_operator.engine.sim.routing import route

DANCE = compiled(
    [node("start", "How old is the dancer?"), node("tiny"), node("kids"), node("teens")],
    [
        edge("tiny", "start", "tiny", "Under 6", "The littlest movers."),
        edge("kids", "start", "kids", "6 to 12"),
        edge("teens", "start", "teens", "Dancer is 13 or older", "Teen and adult classes."),
    ],
)
INN = compiled(
    [node("start", "How many nights would you like?"), node("short"), node("mid"), node("long")],
    [
        edge("short", "start", "short", "One or two nights"),
        edge("mid", "start", "mid", "3 to 6 nights"),
        edge("long", "start", "long", "Guest is staying a week or more"),
    ],
)
ROOF = compiled(
    [node("start", "How many stories is the house?"), node("low"), node("high")],
    [
        edge("low", "start", "low", "One or two stories"),
        edge("high", "start", "high", "Three stories or more"),
    ],
)


def _target(graph: object, text: str) -> str | None:
    return route(graph, "start", text).target  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Three... no, sorry, four", "four"),
        ("It's a 2015, no wait, 2013", "2013"),
        ("Two... actually, make that three", "three"),
        ("Five... no, six bedrooms", "six bedrooms"),
    ],
)
def test_a_value_taken_back_is_read_from_what_follows(text: str, after: str) -> None:
    assert corrected(text) == after


@pytest.mark.parametrize(
    "text",
    [
        "It's a shot, no pills",  # a bare "no" without a pause takes nothing back
        "No, it's two stories",
        "Three stories, actually",  # nothing follows the "actually"
        "We have four, no more than that",
    ],
)
def test_nothing_is_taken_back_without_a_correction(text: str) -> None:
    assert corrected(text) == text


def test_the_corrected_value_routes() -> None:
    assert _target(ROOF, "Two... no, sorry, three stories") == "high"
    assert _target(ROOF, "Three... actually, make that two") == "low"
    assert _target(ROOF, "It's three stories") == "high"


def test_nights_counted_are_no_part_of_the_day() -> None:
    assert label_hours("3 to 6 nights") is None
    assert label_hours("One or two nights") is None
    assert label_hours("Friday night") is not None  # the part of the day, still
    said = said_hour("nine nights")
    assert said is None or said.hour is None
    said_friday = said_hour("Friday night")
    assert said_friday is not None and said_friday.hour is not None


def test_a_stay_in_nights_routes_by_its_length() -> None:
    assert _target(INN, "A week... no, wait, just five nights") == "mid"
    assert _target(INN, "two nights") == "short"
    assert _target(INN, "ten nights") == "long"


def test_nights_are_counted_whole() -> None:
    assert label_length("More than 3 nights") == Length(96.0, None)
    assert label_length("Fewer than 4 nights") == Length(0.0, 72.0)
    assert label_length("More than 3 hours") == Length(3.0, None, open_low=True)  # hours are not whole
    assert said_length("more than three nights") == Length(96.0, None)
    assert said_length("less than four nights") == Length(0.0, 72.0)
    assert said_length("less than four hours") == Length(0.0, 4.0)
    four_or_more = label_length("4 nights or more")
    three_or_fewer = label_length("Three nights or fewer")
    assert four_or_more is not None and three_or_fewer is not None
    assert four_or_more.holds(Length(96.0, None)) is True and three_or_fewer.holds(Length(96.0, None)) is False
    assert three_or_fewer.holds(Length(0.0, 72.0)) is True and four_or_more.holds(Length(0.0, 72.0)) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She's four, she'll be five in May", "tiny"),
        ("He's in second grade", "kids"),
        ("she's still in preschool", "tiny"),
        ("Eleven, she turns twelve next month", "kids"),
        ("six", "kids"),
        ("five", "tiny"),
        ("twelve", "kids"),
        ("thirteen", "teens"),
        ("He's a sophomore in high school", "teens"),
    ],
)
def test_bare_ranges_beside_an_age_are_ages(text: str, expected: str) -> None:
    assert _target(DANCE, text) == expected


def test_an_age_still_to_come_alone_is_a_year_less() -> None:
    assert said_age_or_number("he turns six next month") == 5
    assert said_age_or_number("she'll be thirteen in June") == 12
    assert said_age_or_number("she just turned six") == 6


def test_a_head_count_is_no_age() -> None:
    assert said_age_or_number("I've got three kids to sign up") == HEAD_COUNT
    assert said_age_or_number("my two little girls") == HEAD_COUNT
    assert said_age_or_number("she's three") == 3
    assert CountRange(None, 5).holds(HEAD_COUNT) is False and CountRange(13, None).holds(HEAD_COUNT) is False
    assert _target(DANCE, "I have three kids to sign up") is None


def test_bare_ranges_without_an_age_beside_them_stay_counts() -> None:
    # no option states ages: "Under 6" / "6 to 12" on a head-count question are counts
    party = compiled(
        [node("start", "How many guests?"), node("small"), node("big")],
        [edge("small", "start", "small", "Under 6"), edge("big", "start", "big", "6 to 12")],
    )
    assert _target(party, "three kids") == "small"
    assert _target(party, "eight of us") == "big"


MEDS = compiled(
    [node("start", "Is the medicine a shot?"), node("shot"), node("oral")],
    [edge("shot", "start", "shot", "Yes, it's a shot"), edge("oral", "start", "oral", "No, pills or drops")],
)


def test_no_before_a_thing_then_more_rules_the_thing_out() -> None:
    from label_graphs import said

    assert said("No pills, it's a needle") == {"pills": True, "needle": False}
    assert said("No dogs, just two cats") == {"dogs": True, "cats": False}
    # an answer "no": a pause right after it, a formula, or nothing after the thing
    assert said("No, pills")["#no"] is False and said("No, pills")["pills"] is False
    assert "#no" in said("No thanks, that's all")
    assert "#no" in said("No pills.")
    assert route(MEDS, "start", "No pills, it's a needle").target != "oral"
    assert route(MEDS, "start", "No, it's pills").target == "oral"


GAME = compiled(
    [node("start", "Is the game today?"), node("today"), node("later")],
    [
        edge("today", "start", "today", "Today", "A game later today, or one happening right now."),
        edge("later", "start", "later", "Tomorrow or later"),
    ],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not today, I mean next Sunday's match", "later"),
        ("the day after tomorrow", "later"),
        ("Tomorrow afternoon", "later"),
        ("it starts in an hour", "today"),
        ("tonight at 7", "today"),
    ],
)
def test_today_against_tomorrow_or_later(text: str, expected: str) -> None:
    assert route(GAME, "start", text).target == expected


def test_today_alone_states_no_span() -> None:
    from tornado_operator.engine.sim.label_durations import DaySpan, label_span_ahead

    assert label_span_ahead("Tomorrow or later") == DaySpan(1.0, None, ahead=True, closed_above=True)
    assert label_span_ahead("Today") is None  # alone, it may be when something happened
    index = GAME.label_index("start")
    assert index is not None
    from tornado_operator.engine.sim.labels import _AHEAD_READING

    assert index.stated[_AHEAD_READING][0] == (DaySpan(None, 1.0, ahead=True, open_upto=True), 1.0)  # beside "Tomorrow or later"
    assert label_span_ahead("Today or tomorrow") == DaySpan(None, 1.0, ahead=True)  # as before
    # one option states it: no choice between options by it (the reading needs two)
    broke = compiled(
        [node("start", "When did it break?"), node("today"), node("before")],
        [edge("today", "start", "today", "Today"), edge("before", "start", "before", "Earlier this week")],
    )
    assert route(broke, "start", "next Saturday").target is None


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("My dad's the one with the car", []),
        ("which one is cheaper?", []),
        ("no one is home", []),
        ("one of the kids is sick", []),
        ("Just the one to start.", ["one"]),  # a count: just the one
        ("one ticket", ["one"]),
        ("the three of us", ["three"]),
        ("twenty-one people", ["twenty-one"]),
    ],
)
def test_a_pronoun_one_is_no_number(text: str, numbers: list[str]) -> None:
    import re

    from tornado_operator.engine.sim.label_counts import NUMBER

    assert [found.group(0) for found in re.finditer(NUMBER, text, re.IGNORECASE)] == numbers


def test_the_one_with_the_car_is_no_distance() -> None:
    tow = compiled(
        [node("start", "How far is it going?"), node("near"), node("far")],
        [edge("near", "start", "near", "Under 10 miles"), edge("far", "start", "far", "10 miles or more")],
    )
    assert route(tow, "start", "my brother's the one with the truck").target is None
    assert route(tow, "start", "about one mile").target == "near"


@pytest.mark.parametrize(
    ("text", "miles"),
    [
        ("it's like a three-hour drive", 180.0),
        ("an hour from here", 60.0),
        ("about 20 minutes away", 15.0),
        ("a 5-minute drive", 3.75),
        ("just around the corner", 0.5),
        ("a couple of blocks over", 0.5),
        ("next door to the bank", 0.5),
    ],
)
def test_a_distance_said_as_a_drive_or_a_landmark(text: str, miles: float) -> None:
    from tornado_operator.engine.sim.label_things import said_things

    assert said_things(text) == ((miles, "mile"),)


def test_times_that_are_no_drive_are_no_distance() -> None:
    from tornado_operator.engine.sim.label_things import said_things

    assert all(thing != "mile" for _, thing in said_things("the game is in three hours") or ())
    assert all(thing != "mile" for _, thing in said_things("it took two hours") or ())
    assert said_things("not a three-hour drive") is None or all(thing != "mile" for _, thing in said_things("not a three-hour drive") or ())


def test_a_drive_routes_by_its_distance() -> None:
    tow = compiled(
        [node("start", "How far is it going?"), node("near"), node("mid"), node("far")],
        [
            edge("near", "start", "near", "Under 10 miles"),
            edge("mid", "start", "mid", "10 to 50 miles"),
            edge("far", "start", "far", "More than fifty miles"),
        ],
    )
    assert route(tow, "start", "It's a two-hour drive to my cousin's").target == "far"
    assert route(tow, "start", "maybe twenty minutes from here").target == "mid"
    assert route(tow, "start", "Not far, just down the street").target == "near"


CERT = compiled(
    [node("start", "Have you renewed your CPR card in the last two years?"), node("current"), node("lapsed")],
    [edge("current", "start", "current", "Yes, it's current"), edge("lapsed", "start", "lapsed", "No, or I don't remember")],
)
BOAT = compiled(
    [node("start", "Is the boat newer than 2015?"), node("newer"), node("older")],
    [edge("newer", "start", "newer", "Yes"), edge("older", "start", "older", "No")],
)


@pytest.mark.parametrize(
    ("graph", "text", "expected"),
    [
        (CERT, "I did it about eighteen months ago", "current"),
        (CERT, "last year", "current"),
        (CERT, "that was three years ago", "lapsed"),
        (CERT, "maybe five years back", "lapsed"),
        (BOAT, "it's a 2019", "newer"),
        (BOAT, "an '08, I think", "older"),
    ],
)
def test_a_yes_no_question_with_a_bound_reads_the_value_against_it(graph: object, text: str, expected: str) -> None:
    assert route(graph, "start", text).target == expected  # type: ignore[arg-type]


def test_a_bound_in_the_no_options_own_words_is_kept() -> None:
    league = compiled(
        [node("start", "Have you had a background check with us in the last two years?"), node("ok"), node("due")],
        [
            edge("ok", "start", "ok", "Yes, I've had one"),
            edge("due", "start", "due", "No, or I'm not sure", "Never checked, or checked more than two years ago."),
        ],
    )
    assert route(league, "start", "three years ago").target == "due"
    assert route(league, "start", "eighteen months ago").target == "ok"


def test_a_question_without_a_bound_reads_nothing() -> None:
    plain = compiled(
        [node("start", "Have you had a background check with us?"), node("ok"), node("due")],
        [edge("ok", "start", "ok", "Yes, I've had one"), edge("due", "start", "due", "No")],
    )
    assert route(plain, "start", "three years ago").target is None


CHOIR = compiled(
    [node("start", "What grade will your singer be in?"), node("young"), node("first"), node("upper")],
    [
        edge("young", "start", "young", "8th grade or younger"),
        edge("first", "start", "first", "Starting 9th grade"),
        edge("upper", "start", "upper", "Singer will be in 10th to 12th grade"),
    ],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She'll be a freshman", "first"),
        ("He's in seventh, he just wants to try it", "young"),
        ("she's only in sixth", "young"),
        ("Ninth... no, wait, tenth", "upper"),
        ("He's fourteen", "first"),
        ("going into eleventh", "upper"),
        ("a high school senior", "upper"),
    ],
)
def test_school_grades_in_labels_and_turns(text: str, expected: str) -> None:
    assert route(CHOIR, "start", text).target == expected


def test_a_grade_label_is_the_ages_of_its_grade() -> None:
    from tornado_operator.engine.sim.label_ages import label_grades

    assert label_grades("Starting 9th grade") == CountRange(14, 14)
    assert label_grades("10th to 12th grade") == CountRange(15, 17)
    assert label_grades("8th grade or younger") == CountRange(None, 13)
    assert label_grades("Sixth grade or older") == CountRange(11, None)
    assert label_grades("Adults 18 and up") is None


def test_ordinals_that_are_no_grade() -> None:
    from tornado_operator.engine.sim.label_ages import said_age

    assert said_age("First, can I ask about the fees?") is None  # an order of points
    assert said_age("we came in second place") is None
    assert said_age("Third, how much is it?") == 8  # (an ordinal alone opening the answer is a grade)
    assert said_age("she's in third") == 8


WELL = compiled(
    [node("start", "When was the chimney last swept?"), node("recent"), node("mid"), node("old")],
    [
        edge("recent", "start", "recent", "Less than a year ago"),
        edge("mid", "start", "mid", "1 to 5 years"),
        edge("old", "start", "old", "Not swept in over five years"),
    ],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three years ago, maybe", "mid"),
        ("two years back", "mid"),
        ("about eight months ago", "recent"),
        ("a good seven years ago", "old"),
    ],
)
def test_a_bare_range_of_years_beside_spans_ago_is_a_span_ago(text: str, expected: str) -> None:
    assert route(WELL, "start", text).target == expected


def test_a_bare_range_of_years_beside_ages_stays_an_age() -> None:
    roof = compiled(
        [node("start", "How old is the roof?"), node("new"), node("mid")],
        [edge("new", "start", "new", "Less than 3 years old"), edge("mid", "start", "mid", "three to six years")],
    )
    index = roof.label_index("start")
    assert index is not None
    from tornado_operator.engine.sim.labels import _AGE_READING, _SPAN_READING

    assert 1 in index.stated[_AGE_READING] and 1 not in index.stated[_SPAN_READING]


ANYTHING = compiled(
    [node("start", "Anything else I can help with?"), node("more"), node("done")],
    [edge("more", "start", "more", "Another question"), edge("done", "start", "done", "Caller is done")],
)


def test_a_no_then_an_acknowledgement_is_a_no() -> None:
    assert route(ANYTHING, "start", "Nope, that sounds perfect").target == "done"
    assert route(ANYTHING, "start", "No, that's great, thanks").target == "done"
    assert route(ANYTHING, "start", "Yes, one more thing").target == "more"


def test_talking_to_one_of_them_asks_for_a_person() -> None:
    from label_graphs import said

    assert "#person" in said("Can I just talk to one of your technicians?")
    assert "#person" in said("I'd like to speak with one of the nurses")
    assert "#person" not in said("talk to one of the options")


def test_in_person_is_how_the_caller_comes_not_a_person_asked_for() -> None:
    from label_graphs import said

    assert "#person" not in said("Where are you? I'd rather drop it off in person")
    assert "#in-person" in said("can I pay in person?")
    assert "#person" in said("I want to talk to a real person")
    desk = compiled(
        [node("start", "How can I help?"), node("staff"), node("hours"), node("walkin")],
        [
            edge("staff", "start", "staff", "Talk to a person"),
            edge("hours", "start", "hours", "Office hours and address"),
            edge("walkin", "start", "walkin", "Renew in person"),
        ],
    )
    assert route(desk, "start", "Could I just do it in person instead?").target == "walkin"
    assert route(desk, "start", "can I talk to a real person?").target == "staff"

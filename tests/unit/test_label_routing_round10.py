"""Issue 23's tenth round: what a person reads from a caller's answer without a word of it in the
label. Pinned on made-up sentences in domains no routing corpus has (a swim school, an art-supply
store, a community orchestra), both sides of every bound:

- an age said as a school grade or a decade ("she's in fourth grade", "a sophomore in high
  school", "we're in our forties") against a label's age range (engine/sim/label_ages.py);
- how many days a week, said as days or as a rate ("just Saturdays and Sundays", "Monday,
  Wednesday and Friday", "twice a week", "every day") against a label's days a week
  (engine/sim/label_frequency.py);
- a bare number whose unit the label names elsewhere ("A few hours, up to 4") is no head count;
- on an "anything else?" node, a "no" the caller takes back at once ("no wait, one more thing")
  and "I don't have any other questions";
- a person asked for by title and name ("Is Coach Marisol around?"), put through or connected to
  by name, or "whoever handles ..."; the business's hours asked of "it" ("what time does it open
  on Sunday?")."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_ages import label_age_range, said_age
from tornado_operator.engine.sim.label_counts import CountRange, label_range
from tornado_operator.engine.sim.label_frequency import label_days_a_week, said_days_a_week
from tornado_operator.engine.sim.routing import route

SWIM = compiled(
    [
        node("start", "Thanks for calling Blue Lane Swim School, how can I help?"),
        node("age", "How old is the swimmer?"),
        node("little"),
        node("kids"),
        node("teens"),
        node("adults"),
        node("plan", "How many days a week would you like to swim?"),
        node("light"),
        node("heavy"),
        node(
            "person",
            "One moment, I'll put you through.",
            isGlobal=True,
            globalMatch={},
            globalLabel="Talk to someone at the front desk",
            globalDescription="The caller asks for a coach, the office or a staff member by name.",
        ),
        node(
            "hours",
            "We're open 6 am to 9 pm.",
            isGlobal=True,
            globalMatch={},
            globalLabel="When is the pool open?",
            globalDescription="The caller asks about the pool's hours, the days it is open, or holiday closures.",
        ),
    ],
    [
        edge("to-age", "start", "age", "Swim lessons", "Signing a child or an adult up for lessons."),
        edge("to-plan", "start", "plan", "Lap swim membership"),
        edge("little", "age", "little", "Ages 4 to 7"),
        edge("kids", "age", "kids", "Swimmer is 8 to 11", "A child aged eight through eleven."),
        edge("teens", "age", "teens", "Teen, 12 to 17"),
        edge("adults", "age", "adults", "Adult, 18 or older"),
        edge("light", "plan", "light", "One or two days a week", "Swimming once or twice a week."),
        edge("heavy", "plan", "heavy", "Caller will swim three or more days a week"),
    ],
)


# -- an age said as a school grade or a decade ----------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("she's in kindergarten", "little"),  # 5
        ("he's in second grade", "little"),  # 7: the near side of 4-7
        ("he's in third grade", "kids"),  # 8: the far side
        ("my daughter is in fourth grade", "kids"),
        ("a sixth-grader", "kids"),  # 11: the near side of 8-11
        ("she's a seventh grader", "teens"),  # 12: the far side
        ("she's not in high school yet, she's in eighth grade", "teens"),  # the negated school says nothing
        ("a sophomore in high school", "teens"),
        ("he's a senior in high school", "teens"),  # 17: the near side of 12-17 (not 18, adult)
        ("not for a kid, it's for me and my wife, we're in our forties", "adults"),
        ("I'm in my early twenties", "adults"),
        ("my mom, she's in her late sixties", "adults"),
    ],
)
def test_an_age_said_as_a_grade_or_a_decade_routes_by_the_labels_ages(turn: str, expected: str) -> None:
    assert route(SWIM, "age", turn).edge_id == expected


def test_the_age_a_grade_or_a_decade_says() -> None:
    assert said_age("she's in kindergarten") == 5
    assert said_age("my son is in 3rd grade") == 8
    assert said_age("a third grader") == 8
    assert said_age("he's in the twelfth grade") == 17
    assert said_age("a freshman in high school") == 14
    assert said_age("a high school junior") == 16
    assert said_age("a seventh grader in middle school") == 12
    assert said_age("she's in middle school") == 12
    assert said_age("he's in high school") == 16
    assert said_age("we're in our thirties") == 35
    assert said_age("in his mid-fifties") == 55
    assert said_age("in her early 40s") == 42
    assert said_age("late twenties") == 28
    # no age: a negated school, a grade of something else, a count of classes, a decade of the calendar
    assert said_age("she's not in high school yet") is None
    assert said_age("two third-grade classes") is None
    assert said_age("it's grade A maple syrup") is None
    assert said_age("a senior discount") is None
    assert said_age("back in the sixties") is None
    assert said_age("we need 3 lanes") is None


def test_a_label_states_ages_only_where_it_speaks_of_age() -> None:
    assert label_age_range("Ages 4 to 7") == CountRange(4, 7)
    assert label_age_range("Teen, 12 to 17") == CountRange(12, 17)
    assert label_age_range("Adult, 18 or older") == CountRange(18, None)
    assert label_age_range("Swimmer is 8 to 11") == CountRange(8, 11)  # one person so many: an age
    assert label_age_range("Party is 8 to 11") is None
    assert label_age_range("A child aged eight through eleven.") == CountRange(8, 11)  # "through": read since round 13
    assert label_age_range("Groups of 8 to 12") is None  # a count of people, not an age
    assert label_age_range("Parties of 10 or more") is None


# -- how many days a week -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("just Saturdays and Sundays", "light"),
        ("weekends only", "light"),
        ("Tuesdays", "light"),
        ("twice a week, probably", "light"),  # the far side of 1-2
        ("Monday, Wednesday and Friday mornings", "heavy"),  # the near side of 3+
        ("weekdays before work", "heavy"),
        ("every day if I can", "heavy"),
        ("4 times a week", "heavy"),
        ("maybe three days a week", "heavy"),
        ("not just weekends, I'd swim four or five mornings a week", "heavy"),
    ],
)
def test_days_a_week_route_by_the_labels_days_a_week(turn: str, expected: str) -> None:
    assert route(SWIM, "plan", turn).edge_id == expected


@pytest.mark.parametrize("turn", ["I've been doing laps for 3 years", "on Saturday at 10", "I competed in college"])
def test_what_says_no_days_a_week_does_not_route_by_them(turn: str) -> None:
    assert said_days_a_week(turn) is None
    assert route(SWIM, "plan", turn).edge_id is None


def test_the_days_a_week_a_label_states_and_a_turn_says() -> None:
    assert label_days_a_week("One or two days a week") == CountRange(1, 2)
    assert label_days_a_week("Caller will swim three or more days a week") == CountRange(3, None)
    assert label_days_a_week("Up to 2 sessions per week") == CountRange(None, 2)
    assert label_days_a_week("Rehearsals, 2-3 times a week") == CountRange(2, 3)
    assert label_days_a_week("Groups of 3 or more") is None  # no rate
    assert label_days_a_week("Three or more days") is None  # days, not a week's
    assert said_days_a_week("just Saturdays and Sundays") == 2
    assert said_days_a_week("Mon, Wed and Fri") is None  # abbreviations are not read
    assert said_days_a_week("Monday, Wednesday, Friday") == 3
    assert said_days_a_week("weekdays") == 5
    assert said_days_a_week("Mondays") == 1
    assert said_days_a_week("once a week") == 1
    assert said_days_a_week("five days a week") == 5
    assert said_days_a_week("every day") == 7
    assert said_days_a_week("daily") == 7
    assert said_days_a_week("Monday") is None  # one day, once: no rate
    assert said_days_a_week("not every day, twice a week") == 2
    assert said_days_a_week("not just weekends, four or five mornings a week") == 4.5  # the negated days aside
    assert said_days_a_week("2 or 3 times a week") == 2.5  # inside neither "1-2" nor "3 or more"


# -- a bare number whose unit the label names elsewhere -------------------------------------------


def test_a_labels_bare_number_takes_the_unit_it_names_elsewhere() -> None:
    assert label_range("A few hours, up to 4") is None
    assert label_range("Short rental, up to 3 days") is None
    assert label_range("Up to 4 people") == CountRange(None, 4)
    assert label_range("Small group, up to 4") == CountRange(None, 4)
    assert label_range("Groups of 10 or more for a 2-hour party") == CountRange(10, None)


# -- "anything else?": a no taken back, no other questions ----------------------------------------

ART = compiled(
    [
        node("start", "Thanks for calling Easel & Ink art supply, how can I help?"),
        node("anything", "Is there anything else I can help with?"),
        node("more"),
        node("done"),
    ],
    [
        edge("to-anything", "start", "anything", "Store hours"),
        edge("more", "anything", "more", "Another question"),
        edge("done", "anything", "done", "Caller is finished"),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("no wait, there's one more", "more"),
        ("no, hold on, one more thing", "more"),
        ("no... hang on, I do have one more question", "more"),
        ("no wait, actually, do you sell easels?", "more"),
        ("I don't have any other questions, thanks", "done"),
        ("nope, no more questions", "done"),
        ("no, that's it", "done"),
        ("no thanks", "done"),
        ("yes, one more", "more"),
    ],
)
def test_a_no_taken_back_asks_on_and_no_other_questions_is_done(turn: str, expected: str) -> None:
    assert route(ART, "anything", turn).edge_id == expected


# -- a person asked for, the hours asked of "it" --------------------------------------------------


@pytest.mark.parametrize(
    "turn",
    [
        "Is Coach Marisol around?",
        "is Coach Ben in today?",
        "can you put me through to Dwayne?",
        "could you connect me with Priya please",
        "can I speak to whoever does the billing?",
        "I need to talk to whoever handles the schedule",
    ],
)
def test_a_person_asked_for_by_title_name_or_job_is_the_person_node(turn: str) -> None:
    assert route(SWIM, "start", turn).target == "person"


@pytest.mark.parametrize(
    "turn", ["Coach Marisol said I should call about lessons", "put me down for Tuesday", "my daughter Priya wants lessons"]
)
def test_a_name_said_without_asking_for_the_person_is_not(turn: str) -> None:
    assert route(SWIM, "start", turn).target != "person"


@pytest.mark.parametrize("turn", ["what time does it open on Sunday?", "when does it close tonight?", "what time do they open?"])
def test_the_hours_asked_of_it_are_the_business_hours(turn: str) -> None:
    assert route(SWIM, "start", turn).target == "hours"


@pytest.mark.parametrize("turn", ["what time does my daughter's lesson start?", "when does it start, the fall session?"])
def test_a_start_time_of_something_else_is_not_the_hours(turn: str) -> None:
    assert route(SWIM, "start", turn).target != "hours"

"""Issue 23's fourteenth round (from routing-holdout-17's study): numbers past 999 and hours said
the way labels say them. Pinned on made-up sentences in domains no routing corpus has (a
Scrabble club, an event hall, a swim school), both sides of every bound:

- a count of four digits, or thousands with their comma or in words ("1450", "1,200", "twelve
  hundred", "a thousand", "two thousand five hundred") is read against a label's range ("Under
  1500", "1500 or higher", "Between twelve hundred and 1799"); a four-digit year is still no count
  ("since 2019"), except where a person or a rating is the number ("I'm 2050", "rated 1960");
- a number of another magnitude than a range's bounds measures something else: "eleven years
  old" bears on no rating "under 1500", "three thousand square feet" on no "fewer than 25
  employees";
- a label's span of hours with one "pm" after it is afternoon at both ends ("3 to 8 pm" is
  15-20), "from 9 to noon" ends at noon, and parts of the day that follow one another are one span
  ("afternoon or evening": 12-22; "morning or evening" stays two sides); "after school" and
  "after work" are times of day (mid-afternoon, early evening);
- years of doing something ("has kept bees more than 3 years") state no age; "it can't wait" and
  "right away" are today, and "Right away, today" / "Today or tomorrow" labels state that span;
- a weekly habit without a number ("each week", "weekly") is once a week, and a label said of
  "every week" states once a week at least (a bowling alley's leagues)."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_counts import CountRange, label_range, said_count
from tornado_operator.engine.sim.label_frequency import RateAround
from tornado_operator.engine.sim.label_times import Hours, SaidTime, label_hours, said_hour
from tornado_operator.engine.sim.routing import route

SCRABBLE = compiled(
    [node("start", "What's your rating?"), node("novice"), node("middle"), node("expert")],
    [
        edge("novice", "start", "novice", "Unrated or under 1200"),
        edge("middle", "start", "middle", "Between twelve hundred and 1499"),
        edge("expert", "start", "expert", "Player is rated 1500 or higher"),
    ],
)


@pytest.mark.parametrize(
    ("label", "stated"),
    [
        ("Unrated or under 1200", CountRange(None, 1199)),
        ("Between twelve hundred and 1499", CountRange(1200, 1499)),
        ("Player is rated 1500 or higher", CountRange(1500, None)),
        ("Events of 1,000 guests or more", CountRange(1000, None)),
        ("Up to 150 guests", CountRange(None, 150)),
        ("Caller scored 40 or lower", CountRange(None, 40)),
    ],
)
def test_a_label_states_a_range_past_999(label: str, stated: CountRange) -> None:
    assert label_range(label) == stated


@pytest.mark.parametrize(
    ("turn", "count"),
    [
        ("I'm about 1320.", 1320),
        ("Like a thousand, maybe a little under.", 1000),
        ("fifteen hundred people, give or take", 1500),
        ("about 1,800 guests", 1800),
        ("two thousand five hundred", 2500),
        ("I'm 2050 these days.", 2050),  # a person is the number: a rating, no year
        ("We've been coming since 2019.", None),  # a year
        ("a 1965 Mustang", None),
    ],
)
def test_a_caller_says_a_count_past_999(turn: str, count: int | None) -> None:
    assert said_count(turn) == count


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("I'm about 1320.", "middle"),
        ("I'm rated 1150, give or take.", "novice"),
        ("Definitely not under twelve hundred, I'm 1980.", "expert"),
        ("Like a thousand, maybe a little under.", "novice"),
        ("hovering around 1600 for years", "expert"),
        ("She's eleven years old.", None),  # an age: no rating
    ],
)
def test_a_rating_routes_by_the_range_it_falls_in(turn: str, expected: str | None) -> None:
    assert route(SCRABBLE, "start", turn).edge_id == expected


def test_a_number_of_another_magnitude_bears_on_no_range() -> None:
    ratings = CountRange(None, 1199)
    assert ratings.holds(11) is None and ratings.holds(1100) is True and ratings.holds(1250) is False
    assert ratings.holds(100) is True  # the same magnitude's floor: a low rating is still one
    staff = CountRange(None, 24)
    assert staff.holds(3000) is None and staff.holds(999) is False and staff.holds(12) is True


@pytest.mark.parametrize(
    ("label", "hours"),
    [
        ("Monday to Friday, 4 to 9 pm.", Hours(16.0, 21.0, frozenset(range(5)))),
        ("Saturdays from 8 to noon.", Hours(8.0, 12.0, frozenset({5}))),
        ("Any weekday, afternoon or evening", Hours(12, 22, frozenset(range(5)))),
        ("Evening or night", Hours(17, 24)),
        ("Morning or evening", None),  # two sides
        ("between 10am and 2pm", Hours(10.0, 14.0)),
    ],
)
def test_a_label_states_its_hours_as_said(label: str, hours: Hours | None) -> None:
    assert label_hours(label) == hours


def test_after_school_and_after_work_are_times_of_day() -> None:
    assert said_hour("Thursdays after school would be best.") == SaidTime(15.5, frozenset({3}))
    assert said_hour("after work on Monday") == SaidTime(17.5, frozenset({0}))
    assert said_hour("Thursday at 7 after work") == SaidTime(19.0, frozenset({3}))  # a clock time says more


SWIM = compiled(
    [node("start", "When works for lessons?"), node("weekday"), node("saturday")],
    [
        edge("weekday", "start", "weekday", "Any weekday, afternoon or evening", "Monday to Friday, 4 to 9 pm."),
        edge("saturday", "start", "saturday", "Saturday morning", "Saturdays from 8 to noon."),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("Thursdays after school would be best.", "weekday"),
        ("Tuesday evening around 6.", "weekday"),
        ("Saturday around 11 is good.", "saturday"),
        ("Saturday at 1 would work.", None),  # after noon: neither
        ("Sunday morning", None),
    ],
)
def test_a_lesson_time_routes_by_the_hours_labels_state(turn: str, expected: str | None) -> None:
    assert route(SWIM, "start", turn).edge_id == expected


# --- years of doing something are no age --------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "ages"),
    [
        ("Caller has kept bees more than 3 years", None),  # how long they have done it
        ("Has been riding for 2 years or more", None),
        ("Swimmer has swum for under 2 years", None),
        ("Ages 4 to 7", CountRange(4, 7)),
        ("One to three years", CountRange(1, 3)),  # how old (a menu asking how old something is)
        ("Car is under 5 years old", CountRange(None, 4)),
    ],
)
def test_years_of_doing_something_state_no_age(label: str, ages: CountRange | None) -> None:
    from tornado_operator.engine.sim.label_ages import label_age_range

    assert label_age_range(label) == ages


def test_an_age_does_not_route_to_years_of_experience() -> None:
    apiary = compiled(
        [node("start", "How long have you kept bees?"), node("new"), node("some"), node("long")],
        [
            edge("new", "start", "new", "Not yet, or less than a year"),
            edge("some", "start", "some", "One to three years"),
            edge("long", "start", "long", "Caller has kept bees more than 3 years"),
        ],
    )
    assert route(apiary, "start", "I'm sixty-two.").edge_id is None


# --- wanted now ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "days"),
    [
        ("It can't wait, the basement is flooding.", 0.25),
        ("Right away, please.", 0.25),
        ("as soon as you can get here", 0.25),
        ("There's no rush, not right away.", None),  # negated
        ("Whenever works for you.", None),
    ],
)
def test_wanting_it_now_is_today(turn: str, days: float | None) -> None:
    from tornado_operator.engine.sim.label_durations import said_days_ahead

    assert said_days_ahead(turn) == days


@pytest.mark.parametrize(
    ("label", "upto"),
    [("Right away, today", 0.25), ("ASAP", 0.25), ("Today or tomorrow", 1.0), ("Within the next few days", 3.0), ("Today", None)],
)
def test_a_label_for_now_states_a_span_ahead(label: str, upto: float | None) -> None:
    from tornado_operator.engine.sim.label_durations import label_span_ahead

    span = label_span_ahead(label)
    assert (span.upto if span is not None else None) == upto


def test_wanting_it_now_routes_to_the_soonest_label() -> None:
    tow = compiled(
        [node("start", "When do you need the truck?"), node("now"), node("later")],
        [
            edge("now", "start", "now", "Today or tomorrow"),
            edge("later", "start", "later", "Caller needs it later than that", "Two days or more from now."),
        ],
    )
    assert route(tow, "start", "It can't wait, I'm stuck on the shoulder.").edge_id == "now"
    assert route(tow, "start", "In about a week.").edge_id == "later"


# --- a weekly habit said without a number ---------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "days"),
    [
        ("We'd come each week, same crew.", 1),
        ("weekly, if we can", 1),
        ("once a week", 1),
        ("every other week", 0.5),
        ("Probably once a month.", 0.25),
        ("not every week, just now and then", None),  # negated
        ("this week only", None),
    ],
)
def test_a_weekly_habit_is_once_a_week(turn: str, days: float | None) -> None:
    from tornado_operator.engine.sim.label_frequency import said_days_a_week

    assert said_days_a_week(turn) == days


@pytest.mark.parametrize(
    ("label", "days"),
    [
        ("Bowl every week in a league", CountRange(1, None)),
        ("Every week", CountRange(1, None)),
        ("Weekly specials", None),  # which specials: no habit
        ("Most of the season, every week, or the whole season", None),  # one of a list
        ("Every other week", RateAround(0.5)),  # less than weekly: a period of its own (round 33)
    ],
)
def test_a_label_said_of_every_week_states_once_a_week_at_least(label: str, days: CountRange | RateAround | None) -> None:
    from tornado_operator.engine.sim.label_frequency import label_days_a_week

    assert label_days_a_week(label) == days


def test_a_weekly_habit_routes_to_the_league_not_the_lane() -> None:
    alley = compiled(
        [node("start", "Pinecrest Lanes, how can I help?"), node("lane"), node("league")],
        [
            edge("lane", "start", "lane", "Book a lane", "Reserve a lane to bowl with friends."),
            edge("league", "start", "league", "Leagues", "Bowl every week in a league."),
        ],
    )
    assert route(alley, "start", "Some friends from work and I want to bowl together each week.").edge_id == "league"
    assert route(alley, "start", "A few friends and I want to bowl once a week.").edge_id == "league"
    assert route(alley, "start", "Me and some friends want to bowl Saturday night.").edge_id == "lane"


def test_another_month_instead_is_a_change_of_date() -> None:
    nursery = compiled(
        [node("start", "Do you want to change the pickup, cancel, or something else?"), node("change"), node("cancel"), node("other")],
        [
            edge("change", "start", "change", "Pick a different pickup day"),
            edge("cancel", "start", "cancel", "Cancel the seedling order"),
            edge("other", "start", "other", "Something else about my order"),
        ],
    )
    assert route(nursery, "start", "Can I get mine in the June batch instead of July?").edge_id == "change"
    assert route(nursery, "start", "Could I get mine in the May batch instead?").edge_id == "change"
    assert route(nursery, "start", "You may want to cancel the whole thing instead.").edge_id == "cancel"  # "may": no month

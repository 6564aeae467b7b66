"""Issue 23's seventeenth round (from routing-holdout-20's study): money and the time of year.
Pinned on made-up sentences in domains no routing corpus has (a food bank's intake line, a
sliding-scale counselling practice, a ski lodge, a lake cottage rental), both sides of every
bound:

- an amount of money ("fifty-five grand a year", "about eighteen hundred a month", "a hundred and
  twenty K", "twenty-two an hour, full time", "$75") against a label's range ("Under $40,000",
  "40 to 80 thousand a year", "makes more than 80,000", "Orders over $100"), converted to the
  label's period (an income label with none is yearly); a label of money is no age, no count and
  no number of things ("40 to 80 thousand a year" was read as ages 40 to 80), and a household of
  "two or more" or "make a reservation for up to 12" is no money;
- a holiday, a date or a month ("the Fourth of July weekend", "over Thanksgiving", "August 12th",
  "sometime in March") against the part of the year a label states ("June 1 to September 30",
  "Caller is traveling October through May": it wraps the new year);
- whether it has happened or is still to come ("I had my shoulder scoped last Thursday",
  "scheduled for January fourteenth", "I haven't had it yet") against two labels that are the two
  sides of one event ("Already had the surgery" / "Surgery is still coming up")."""

from __future__ import annotations

import datetime

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_ages import label_age_range
from tornado_operator.engine.sim.label_calendar import (
    DaysOfYear,
    label_days_of_year,
    said_day_of_year,
)
from tornado_operator.engine.sim.label_money import MoneyRange, label_money, said_money
from tornado_operator.engine.sim.label_timing import label_timing, opposed, said_done
from tornado_operator.engine.sim.routing import route

THIS_YEAR = datetime.date.today().year

FOOD_BANK = compiled(
    [node("start", "What is your household's yearly income?"), node("low"), node("mid"), node("high")],
    [
        edge("low", "start", "low", "Under $30,000", "A lower-income household."),
        edge("mid", "start", "mid", "30 to 60 thousand a year"),
        edge("high", "start", "high", "Caller's household makes more than 60,000"),
    ],
)
CATERING = compiled(
    [node("start", "How big is the order?"), node("small"), node("large")],
    [
        edge("small", "start", "small", "Orders up to $100"),
        edge("large", "start", "large", "Orders over $100"),
    ],
)
SKI_LODGE = compiled(
    [node("start", "When are you coming?"), node("winter"), node("summer")],
    [
        edge("winter", "start", "winter", "December 1 to March 31", "Ski season."),
        edge("summer", "start", "summer", "Caller is visiting April through November"),
    ],
)


def _routed(graph: object, turn: str) -> str | None:
    return route(graph, "start", turn).edge_id  # type: ignore[arg-type]


# --- money --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "stated"),
    [
        ("Under $30,000", MoneyRange(None, 29999.99, None)),
        ("30 to 60 thousand a year", MoneyRange(30000.0, 60000.0, "year")),
        ("Caller's household makes more than 60,000", MoneyRange(60000.01, None, "year")),
        ("Orders over $100", MoneyRange(100.01, None, None)),
        ("$50 to $100", MoneyRange(50.0, 100.0, None)),
        ("Rent under 1,500 a month", None),  # no currency nor income word: "rent" alone says nothing of money here
    ],
)
def test_a_label_states_a_range_of_money(label: str, stated: MoneyRange | None) -> None:
    assert label_money(label) == stated


@pytest.mark.parametrize(
    "label",
    ["Caller wants a household membership for two or more", "Caller wants to make a reservation for up to 12", "Under 20 miles a week"],
)
def test_a_household_or_a_reservation_is_no_money(label: str) -> None:
    assert label_money(label) is None


def test_an_income_is_no_age() -> None:
    assert label_age_range("40 to 80 thousand a year") is None


@pytest.mark.parametrize(
    ("turn", "said"),
    [
        ("We make about fifty-five grand a year", (55000.0, "year")),
        ("it's about eighteen hundred a month", (1800.0, "month")),
        ("like a hundred and twenty K", (120000.0, None)),
        ("I make twenty-two an hour, full time", (22.0, "hour")),
        ("about $75", (75.0, None)),
    ],
)
def test_a_turn_says_an_amount_of_money(turn: str, said: tuple[float, str | None]) -> None:
    assert said_money(turn) == said


@pytest.mark.parametrize("turn", ["three kids", "I don't make anywhere near forty grand", "at 7", "about forty people"])
def test_no_money_or_a_negated_amount_is_none(turn: str) -> None:
    assert said_money(turn) is None


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("We make about fifty-five grand a year", "mid"),
        ("I'm on Social Security, about eighteen hundred a month", "low"),  # 21,600 a year
        ("Me and my wife together, like a hundred and twenty K", "high"),
        ("I make twenty-two an hour, full time", "mid"),  # 45,760 a year
        ("thirty thousand", "mid"),  # both sides of "Under $30,000"
        ("twenty-nine thousand", "low"),
        ("sixty grand", "mid"),  # and of "more than 60,000"
        ("sixty-one grand", "high"),
    ],
)
def test_an_income_routes_by_the_range_in_the_labels_period(turn: str, expected: str) -> None:
    assert _routed(FOOD_BANK, turn) == expected


@pytest.mark.parametrize(("turn", "expected"), [("about $75", "small"), ("$100 even", "small"), ("like 150 bucks", "large")])
def test_a_price_routes_by_the_range(turn: str, expected: str) -> None:
    assert _routed(CATERING, turn) == expected


def test_an_amount_per_month_is_no_order_total() -> None:
    assert _routed(CATERING, "we spend about 150 dollars a month") is None  # another kind of amount


# --- the time of year ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "stated"),
    [
        ("December 1 to March 31", DaysOfYear(335, 90)),
        ("Caller is visiting April through November", DaysOfYear(91, 334)),
        ("June 1 to September 30", DaysOfYear(152, 273)),
    ],
)
def test_a_label_states_a_part_of_the_year(label: str, stated: DaysOfYear) -> None:
    assert label_days_of_year(label) == stated


@pytest.mark.parametrize("label", ["We may close early", "Morning or afternoon", "Under $30,000"])
def test_no_months_are_no_part_of_the_year(label: str) -> None:
    assert label_days_of_year(label) is None


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("over Christmas break", "winter"),
        ("New Year's", "winter"),
        ("the Fourth of July weekend", "summer"),
        ("Thanksgiving", "summer"),  # the fourth week of November
        ("sometime in March", "winter"),
        ("March 31st", "winter"),  # both sides of the bound
        ("April 1st", "summer"),
        ("the 2nd of December", "winter"),
        ("not in July, more like February", "winter"),
    ],
)
def test_a_holiday_a_date_or_a_month_routes_by_the_part_of_the_year(turn: str, expected: str) -> None:
    assert _routed(SKI_LODGE, turn) == expected


@pytest.mark.parametrize("turn", ["we may come up", "June or August, not sure", "next weekend"])
def test_no_one_day_of_the_year(turn: str) -> None:
    assert said_day_of_year(turn) is None


# --- before or after an event (label_timing.py) -------------------------------------------------

VET_SURGERY = compiled(
    [node("greeting", "Thanks for calling!"), node("start", "Has your dog had the surgery yet?"), node("before"), node("after"),
     node("other")],
    [
        edge("before", "start", "before", "The surgery is still coming up"),
        edge("after", "start", "after", "Caller's dog already had the surgery"),
        edge("other", "start", "other", "Something else"),
    ],
)
FRONT_DESK = compiled(
    [node("start", "How can I help?"), node("booked"), node("rehab")],
    [
        edge("booked", "start", "booked", "Caller already has an appointment"),
        edge("rehab", "start", "rehab", "Rehab", "Therapy around a planned operation."),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("She's scheduled for the 14th", "before"),
        ("it's in a couple of weeks", "before"),
        ("No, he hasn't had it done yet", "before"),
        ("The vet told me I need to book it, there's no date yet", "before"),
        ("He had it last Thursday", "after"),
        ("we're two weeks out from her spay", "after"),
        ("It's not coming up, it's done, they did it Monday", "after"),
        ("She's recovering at home", "after"),
    ],
)
def test_a_turn_says_whether_it_has_happened(turn: str, expected: str) -> None:
    assert route(VET_SURGERY, "start", turn).edge_id == expected


def test_a_turn_that_says_both_or_neither_bears_on_no_side() -> None:
    assert said_done("we had a consult last week and the surgery is scheduled for Friday") is None
    assert said_done("what should I feed her?") is None


def test_labels_of_two_different_things_are_no_sides_of_one_event() -> None:
    # "already has an appointment" and "a planned operation" are no before / after of one thing
    assert label_timing("Caller already has an appointment") is not None
    assert not opposed([label_timing("Caller already has an appointment"), label_timing("Therapy around a planned operation.")])
    assert route(FRONT_DESK, "start", "I had a knee scope last week").edge_id != "booked"


# --- from routing-holdout-21: pregnancy weeks, years of a thing, "not two yet" ----------------------

BABY_CLASS = compiled(
    [node("start", "When is the baby due?"), node("soon"), node("later")],
    [
        edge("soon", "start", "soon", "Due in the next 6 weeks"),
        edge("later", "start", "later", "More than six weeks away"),
    ],
)
CRIB_RECALL = compiled(
    [node("start", "When was the crib made?"), node("newer"), node("older")],
    [
        edge("newer", "start", "newer", "Less than five years ago"),
        edge("older", "start", "older", "Made 5 or more years ago"),
    ],
)
TODDLER_GYM = compiled(
    [node("start", "How old is your child?"), node("baby"), node("toddler")],
    [
        edge("baby", "start", "baby", "Under 3", "A baby or a young toddler."),
        edge("toddler", "start", "toddler", "Three to five years old"),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("I'm thirty-six weeks", "soon"),  # due at forty: four weeks off
        ("thirty-five weeks pregnant", "soon"),
        ("I'm like twenty weeks along", "later"),
        ("Not for a while, I'm only in my first trimester", "later"),
        ("It's not months away, it's more like three weeks", "soon"),
    ],
)
def test_how_far_along_a_pregnancy_is_says_how_far_off_the_due_date_is(turn: str, expected: str) -> None:
    assert _routed(BABY_CLASS, turn) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("The sticker says it was made in 2012", "older"),
        (f"It's from {THIS_YEAR - 2}", "newer"),
    ],
)
def test_a_year_against_n_or_more_years_ago(turn: str, expected: str) -> None:
    assert _routed(CRIB_RECALL, turn) == expected


def test_the_model_year_of_something_else_is_no_date() -> None:
    assert _routed(CRIB_RECALL, f"It's going in a {THIS_YEAR - 2} Honda Odyssey") is None


@pytest.mark.parametrize(("turn", "expected"), [("She's not three yet, she'll be three in May", "baby"), ("he's three", "toddler")])
def test_an_age_not_reached_yet_is_the_one_below(turn: str, expected: str) -> None:
    assert _routed(TODDLER_GYM, turn) == expected


def test_a_question_had_is_no_event_done() -> None:
    assert said_done("I got a question about the surgery") is None
    assert said_done("I had a quick question before my surgery next week") is False  # still to come


# --- from routing-holdout-22: time left, a denied span, a bare amount of money ---------------------

PERMIT_RENEWAL = compiled(
    [node("start", "When does your permit expire?"), node("soon"), node("later")],
    [
        edge("soon", "start", "soon", "Expires within 60 days"),
        edge("later", "start", "later", "More than two months from now"),
    ],
)
FLU_SHOT = compiled(
    [node("start", "When was your last flu shot?"), node("current"), node("due")],
    [
        edge("current", "start", "current", "Within the past year"),
        edge("due", "start", "due", "More than a year ago"),
    ],
)
PLEDGE = compiled(
    [node("start", "How much would you like to pledge?"), node("small"), node("large")],
    [
        edge("small", "start", "small", "Under $500"),
        edge("large", "start", "large", "$500 or more"),
    ],
)


@pytest.mark.parametrize(
    ("turn", "expected"),
    [("it's got about a year and a half left on it", "later"), ("three weeks left", "soon"), ("not much left, a week or so", None)],
)
def test_the_time_left_is_how_far_off(turn: str, expected: str | None) -> None:
    assert _routed(PERMIT_RENEWAL, turn) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [("It hasn't been a year, more like eight months", "current"), ("it's been two years", "due")],
)
def test_a_denied_span_is_no_span_and_the_one_said_after_it_is(turn: str, expected: str) -> None:
    assert _routed(FLU_SHOT, turn) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [("Probably about a hundred and twenty-five", "small"), ("It won't be much, less than a hundred", "small"), ("seven fifty", None),
     ("five hundred", "large"), ("four ninety-nine", None)],
)
def test_a_bare_amount_answers_how_much(turn: str, expected: str | None) -> None:
    assert _routed(PLEDGE, turn) == expected


def test_a_bare_number_of_another_magnitude_is_no_amount() -> None:
    # "we're around sixty-two" against "Under $40,000": thousands meant, not said
    assert MoneyRange(None, 39999.99, "year").holds((62.0, None)) is None

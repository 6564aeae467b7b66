"""Issue 23's sixteenth round (from routing-holdout-19's study): how many days, how tall, weights
in other units, clock times said in words, and a negation over a list. Pinned on made-up sentences
in domains no routing corpus has (a tent rental, a zip-line park, a pet boarding kennel, a hair
salon's booking line, a ham-radio club, a piano-lesson studio), both sides of every bound:

- a label's number of days ("One or two days", "3 to 7 days", "More than a week") is a length,
  read against how long the caller says ("about ten days", "Monday through Friday", "just
  Friday and Saturday", "just for Saturday night", "a week");
- a label's height ("Under four foot six", "4'6\" or taller", "48 inches or taller") against the
  height a caller says ("about six foot", "five-nine", "4'2\"", "four-eleven", "not five-four,
  more like five-one");
- a weight said in kilos against pounds, and pounds against kilos;
- "half past eleven", "quarter to twelve" are clock times;
- "zero" and "none" answer a label of none ("No licensed hours yet");
- an age in weeks or months ("ten weeks old", "an eight-month-old", "a year and a half")
  against a label's ages in months ("Under 4 months", "Four months to two years");
- "I'm not moving or cancelling anything" rules out both; "push Thursday's lesson to Saturday",
  "do it at 4 instead of 2" ask for another time, "moving out of state" does not."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_age_months import label_age_months, said_age_months
from tornado_operator.engine.sim.label_ages import label_age_range, said_age_or_number
from tornado_operator.engine.sim.label_heights import label_height, said_height
from tornado_operator.engine.sim.label_lengths import Length, label_length, said_length
from tornado_operator.engine.sim.routing import route

TENTS = compiled(
    [node("start", "How many days do you need the tent?"), node("short"), node("week"), node("long")],
    [
        edge("short", "start", "short", "One or two days"),
        edge("week", "start", "week", "3 to 7 days"),
        edge("long", "start", "long", "Caller needs it for more than a week"),
    ],
)
ZIP_LINE = compiled(
    [node("start", "How tall is the rider?"), node("small"), node("tall")],
    [
        edge("small", "start", "small", "Under four foot six"),
        edge("tall", "start", "tall", "4'6\" or taller"),
    ],
)
KENNEL = compiled(
    [node("start", "How much does your dog weigh?"), node("small"), node("large")],
    [
        edge("small", "start", "small", "Under 40 pounds"),
        edge("large", "start", "large", "40 pounds or more"),
    ],
)
KENNEL_METRIC = compiled(
    [node("start", "How much does your dog weigh?"), node("small"), node("large")],
    [
        edge("small", "start", "small", "Under 20 kg"),
        edge("large", "start", "large", "20 kg or more"),
    ],
)
SALON = compiled(
    [node("start", "Morning or afternoon?"), node("am"), node("pm")],
    [
        edge("am", "start", "am", "Before noon"),
        edge("pm", "start", "pm", "Noon or later"),
    ],
)
RADIO_CLUB = compiled(
    [node("start", "How many contacts have you logged?"), node("none"), node("some"), node("many")],
    [
        edge("none", "start", "none", "No logged contacts yet"),
        edge("some", "start", "some", "Between 1 and 49 contacts"),
        edge("many", "start", "many", "50 contacts or more"),
    ],
)
PIANO = compiled(  # the lesson node past a greeting: its edges answer its question
    [node("greeting", "Thanks for calling!"), node("start", "What do you need with your lesson?"), node("move"), node("cancel"), node("other")],
    [
        edge("move", "start", "move", "Move my lesson to another time"),
        edge("cancel", "start", "cancel", "Cancel the lesson"),
        edge("other", "start", "other", "Something else about my lesson"),
    ],
)


def _routed(graph: object, turn: str) -> str | None:
    return route(graph, "start", turn).edge_id  # type: ignore[arg-type]


# --- days ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "stated"),
    [
        ("One or two days", Length(24.0, 48.0)),
        ("3 to 7 days", Length(72.0, 168.0)),
        ("Caller needs it for more than a week", Length(168.0, None, open_low=True)),
        ("A week or longer", Length(168.0, None)),
    ],
)
def test_a_label_states_a_number_of_days(label: str, stated: Length) -> None:
    assert label_length(label) == stated


@pytest.mark.parametrize("label", ["Within the last week", "More than a week ago", "Two or more days a week"])
def test_a_span_or_a_rate_is_no_number_of_days(label: str) -> None:
    assert label_length(label) is None


@pytest.mark.parametrize(
    ("turn", "days"),
    [
        ("About ten days", 10.0),
        ("Monday through Friday", 5.0),
        ("just Friday and Saturday", 2.0),
        ("Just for Saturday night", 1.0),
        ("a week", 7.0),
        ("the whole weekend", 2.0),
        ("overnight", 1.0),
    ],
)
def test_a_turn_says_how_many_days(turn: str, days: float) -> None:
    said = said_length(turn)
    assert said is not None and said.low == said.high == days * 24


@pytest.mark.parametrize("turn", ["I picked it up ten days ago", "on Saturday at 10", "every Friday"])
def test_when_or_how_often_is_no_number_of_days(turn: str) -> None:
    assert said_length(turn) is None


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("About ten days", "long"),
        ("It's for a reunion, Monday through Friday", "week"),
        ("Not a whole week, just Friday and Saturday", "short"),
        ("Just for Saturday night", "short"),
        ("two days", "short"),  # the bound of "One or two days"
        ("three days", "week"),  # and of "3 to 7"
        ("a week", "week"),
        ("eight days", "long"),
        ("It's not just the weekend, I need it six days", "week"),
    ],
)
def test_a_rental_length_in_days_routes_by_the_range(turn: str, expected: str) -> None:
    assert _routed(TENTS, turn) == expected


# --- heights ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "low", "high"),
    [
        ("Under four foot six", None, 53.0),
        ("4'6\" or taller", 54.0, None),
        ("48 inches or taller", 48.0, None),
        ("Riders under 42 inches", None, 41.0),
        ("At least 5 feet tall", 60.0, None),
        ("Under 5'4\"", None, 63.0),
    ],
)
def test_a_label_states_a_height_in_inches(label: str, low: float | None, high: float | None) -> None:
    stated = label_height(label)
    assert stated is not None and (stated.low, stated.high) == (low, high)


@pytest.mark.parametrize("label", ["Under 40 pounds", "3 to 10 yards", "Six feet of fence or more", "Under 4 people"])
def test_a_weight_or_a_length_of_things_is_no_height(label: str) -> None:
    assert label_height(label) is None


@pytest.mark.parametrize(
    ("turn", "inches"),
    [
        ("He's about six foot", 72.0),
        ("Five-nine", 69.0),
        ("4'2\"", 50.0),
        ("She's a tiny little thing, like four-eleven", 59.0),
        ("She's not five-four, more like five-one", 61.0),
        ("five foot two", 62.0),
        ("46 inches", 46.0),
        ("about 4 feet", 48.0),
    ],
)
def test_a_turn_says_a_height(turn: str, inches: float) -> None:
    assert said_height(turn) == inches


@pytest.mark.parametrize("turn", ["he's ten", "about five or six", "Saturday at 4", "no idea"])
def test_an_age_or_a_time_is_no_height(turn: str) -> None:
    assert said_height(turn) is None


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("He's about six foot", "tall"),
        ("four-eleven", "tall"),
        ("4'2\"", "small"),
        ("four foot five", "small"),  # both sides of four foot six
        ("four foot six", "tall"),
        ("She's not five-four, more like four-one", "small"),
    ],
)
def test_a_height_routes_by_the_range(turn: str, expected: str) -> None:
    assert _routed(ZIP_LINE, turn) == expected


# --- weights in other units -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("graph", "turn", "expected"),
    [
        (KENNEL, "She's around 25 kilos", "large"),  # 55 lb
        (KENNEL, "about 15 kg", "small"),  # 33 lb
        (KENNEL, "35 pounds", "small"),
        (KENNEL_METRIC, "about 50 pounds", "large"),  # 22.7 kg
        (KENNEL_METRIC, "30 lbs", "small"),  # 13.6 kg
    ],
)
def test_a_weight_in_another_unit_is_converted(graph: object, turn: str, expected: str) -> None:
    assert _routed(graph, turn) == expected


# --- clock times in words, none, negated lists, another time --------------------------------------


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("Half past eleven", "am"),
        ("quarter to twelve", "am"),
        ("quarter past twelve", "pm"),
        ("half past one", "pm"),
    ],
)
def test_a_clock_time_in_words(turn: str, expected: str) -> None:
    assert _routed(SALON, turn) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("Zero, I just got my license", "none"),
        ("None so far", "none"),
        ("about a dozen", "some"),
        ("sixty or so", "many"),
    ],
)
def test_zero_answers_a_label_of_none(turn: str, expected: str) -> None:
    assert _routed(RADIO_CLUB, turn) == expected


@pytest.mark.parametrize(
    "turn",
    [
        "I'm not moving or cancelling anything, I just need to know if I should bring my own books",
        "I'm not rescheduling or cancelling, I have a question about the recital",
    ],
)
def test_a_negation_covers_every_option_of_its_list(turn: str) -> None:
    assert _routed(PIANO, turn) == "other"


@pytest.mark.parametrize(
    "turn",
    [
        "Can we push Thursday's lesson to Saturday morning?",
        "I'm not cancelling, can we just do it at 4 instead of 2?",
    ],
)
def test_another_time_asked_for(turn: str) -> None:
    assert _routed(PIANO, turn) == "move"


def test_moving_house_is_no_other_time() -> None:
    assert _routed(PIANO, "We're moving out of state next week, so we have to cancel the lessons") == "cancel"


# --- ages in weeks and months (label_age_months.py) ---------------------------------------------

FOAL_BARN = compiled(
    [node("start", "How old is the foal?"), node("young"), node("weanling"), node("grown")],
    [
        edge("young", "start", "young", "Under 4 months"),
        edge("weanling", "start", "weanling", "Four months to two years"),
        edge("grown", "start", "grown", "Caller's horse is older than two"),
    ],
)


@pytest.mark.parametrize(
    ("label", "low", "high"),
    [
        ("Under 4 months", 0.0, 4.0),
        ("Four months to two years", 4.0, 36.0),  # to the end of the second year
        ("6 to 18 months old", 6.0, 19.0),
        ("18 months or older", 18.0, None),
    ],
)
def test_a_label_states_ages_in_months(label: str, low: float, high: float | None) -> None:
    stated = label_age_months(label)
    assert stated is not None and (stated.low, stated.high) == (low, high)


@pytest.mark.parametrize("label", ["Caller's horse is older than two", "Ages 4 to 7", "Under 40 pounds"])
def test_ages_in_years_or_no_ages_are_no_months(label: str) -> None:
    assert label_age_months(label) is None


def test_months_are_no_years_of_age() -> None:
    assert label_age_range("6 to 18 months old") is None  # not six to eighteen years
    assert said_age_or_number("she's ten weeks old") == 0  # under a year, not ten


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("She's ten weeks old", "young"),
        ("not even three months yet", "young"),
        ("three months", "young"),
        ("four months", "weanling"),  # both sides of "under 4 months"
        ("an eight-month-old colt", "weanling"),
        ("a year and a half", "weanling"),
        ("she's two", "weanling"),  # the second year: "two years" is its end
        ("he's three", "grown"),
    ],
)
def test_an_age_in_weeks_or_months_routes_by_the_range(turn: str, expected: str) -> None:
    assert _routed(FOAL_BARN, turn) == expected


@pytest.mark.parametrize(("turn", "months"), [("ten weeks old", 10 / 4.345 + 0.5 / 4.345), ("a year and a half", 18.0)])
def test_a_turn_says_an_age_in_months(turn: str, months: float) -> None:
    said = said_age_months(turn)
    assert said is not None and abs(said - months) < 0.01


@pytest.mark.parametrize("label", ["Signed more than 12 months ago", "Within the last 6 months", "Less than three months away"])
def test_a_span_before_or_after_today_is_no_age_in_months(label: str) -> None:
    assert label_age_months(label) is None


def test_a_rate_is_no_age_in_months() -> None:
    assert label_age_months("Twenty miles a week or more") is None
    assert said_age_months("I do a 5K three mornings a week") is None  # "a week": how often
    assert said_age_months("I've been running for twenty years") is None  # how long they have done it
    assert said_age_months("six weeks ago") is None  # when

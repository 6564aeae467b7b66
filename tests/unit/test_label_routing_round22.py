"""Issue 23's twenty-second round (from routing-holdout-28's study): hours given over a period,
a rate that is no span, amounts said as a price is said aloud, money beside money, and "not yet"
to "anything else?". Pinned on made-up sentences in domains no routing corpus has (a dog-walking
service, a museum volunteer desk, a piano-rental shop, a moving-truck rental, a bike shop), both
sides of every bound:

- hours per period (`label_rates.py`): "Under 10 hours a week" / "10 to 40 hours" / "more than
  forty hours a week" (a sibling's hours without a period are of the same period); "twenty-ish
  hours a week", "an hour or two a day, three days a week", "weekdays from nine till three",
  "every Tuesday for about two hours", "around the clock"; a month is 4.33 weeks;
- "Under 10 hours a week", "Two hundred a month or more" state no span ago, no length and no age;
- where one option states money ("Under $200 a month"), a sibling's amount without a word of
  money ("Two hundred a month or more") is money; "one seventy-five" is 175 and "two fifty" 250;
  "four or five hundred a month" is about 450 a month; "not more than" is a bound, not a denial;
  an amount said as a total ("twelve thousand dollars total") says nothing of a monthly one;
- "Seven thousand pounds or heavier" is a bound like "or more";
- "Not yet, ..." or "Not quite, ..." opening an answer to "anything else?" is one more thing, not
  done;
- (from holdout-29) a percent against a menu of percents (`label_percents.py`: "Above 40%" / "10 to
  40 percent" against "Sixty percent", "Thirty, same as the living room"); "wider than twenty
  feet" is a bound, "ft" is feet, and a bare year ("It's a 2019") is no amount of a range far
  below it."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_counts import CountRange
from tornado_operator.engine.sim.label_durations import label_span
from tornado_operator.engine.sim.label_lengths import Length, label_length
from tornado_operator.engine.sim.label_money import TOTAL, MoneyRange, label_money, said_money
from tornado_operator.engine.sim.label_percents import label_percent, said_percent
from tornado_operator.engine.sim.label_rates import (
    HoursRate,
    label_hours_beside,
    label_rate,
    said_rate,
)
from tornado_operator.engine.sim.label_things import ThingRange, label_thing_range
from tornado_operator.engine.sim.routing import route

WALKS = compiled(
    [node("start", "How many hours a week would your dog need walks?"), node("few"), node("mid"), node("full")],
    [
        edge("few", "start", "few", "Under 5 hours a week", "A walk or two a week."),
        edge("mid", "start", "mid", "5 to 20 hours"),
        edge("full", "start", "full", "Owner needs more than twenty hours a week", "Daily care while the owner travels."),
    ],
)
MUSEUM = compiled(
    [node("start", "How many hours a month can you give?"), node("light"), node("regular"), node("heavy")],
    [
        edge("light", "start", "light", "Less than 4 hours a month"),
        edge("regular", "start", "regular", "Four to twelve hours a month"),
        edge("heavy", "start", "heavy", "Volunteer can give more than 12 hours a month"),
    ],
)
PIANO = compiled(
    [node("start", "What monthly rental fits your budget?"), node("low"), node("high")],
    [
        edge("low", "start", "low", "Under $150 a month", "A monthly payment below $150."),
        edge("high", "start", "high", "One fifty a month or more"),
    ],
)
TRUCKS = compiled(
    [node("start", "How much does the load weigh?"), node("light"), node("heavy")],
    [
        edge("light", "start", "light", "Under 3,000 lbs"),
        edge("heavy", "start", "heavy", "Three thousand pounds or heavier"),
    ],
)
BIKES = compiled(
    [node("start", "Anything else I can help with?"), node("more"), node("done")],
    [
        edge("more", "start", "more", "Caller has another question"),
        edge("done", "start", "done", "No, that's all"),
    ],
)


def _target(graph: object, text: str) -> str | None:
    return route(graph, "start", text).target  # type: ignore[arg-type]


# --- hours per period ----------------------------------------------------------------------------


def test_a_label_states_hours_per_period() -> None:
    assert label_rate("Under 10 hours a week") == HoursRate(Length(0.0, 10.0, open_high=True), "week")
    assert label_rate("Volunteer can give more than 12 hours a month") == HoursRate(Length(12.0, None, open_low=True), "month")
    assert label_rate("10 to 40 hours") is None  # no period: only beside a sibling that says one
    assert label_hours_beside("10 to 40 hours", "week") == HoursRate(Length(10.0, 40.0), "week")
    assert label_rate("Two days a week") is None  # days, no hours (label_frequency.py)


@pytest.mark.parametrize("text", ["Under 10 hours a week", "Two hundred a month or more", "3 visits per month"])
def test_a_rate_is_no_span_and_no_length(text: str) -> None:
    assert label_span(text) is None
    assert label_length(text) is None


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Twenty-ish hours a week, I'd guess", (20.0, "week")),
        ("maybe an hour or two a month", (1.5, "month")),
        ("Not a lot, maybe an hour or two a day, three days a week", (4.5, "week")),
        ("Somebody weekdays from nine till three while I'm at work", (30.0, "week")),
        ("Every Tuesday morning for about two hours", (2.0, "week")),
        ("he can't be left alone, we need someone around the clock", (168.0, "week")),
    ],
)
def test_hours_said_over_a_period(text: str, rate: tuple[float, str]) -> None:
    said = said_rate(text)
    assert said is not None and said[0] == pytest.approx(rate[0]) and said[1] == rate[1]


@pytest.mark.parametrize("text", ["two hours", "I'm free on Tuesdays", "about three days a week"])
def test_no_rate_said(text: str) -> None:
    assert said_rate(text) is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Maybe three hours a week", "few"),
        ("Twelve-ish hours a week", "mid"),
        ("an hour a day, every day", "mid"),  # seven a week
        ("weekdays from eight till five", "full"),  # 45 a week
        ("just a couple of hours a month", "few"),
    ],
)
def test_hours_a_week_route_against_the_rate(text: str, target: str) -> None:
    assert _target(WALKS, text) == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("maybe an hour or two a month", "light"),
        ("Every Tuesday morning for about two hours", "regular"),  # about 8.7 a month
        ("I'm retired, fifteen or twenty hours a week", "heavy"),
    ],
)
def test_a_rate_converts_to_the_labels_period(text: str, target: str) -> None:
    assert _target(MUSEUM, text) == target


# --- money beside money --------------------------------------------------------------------------------


def test_an_amount_beside_money_is_money_and_spoken_hundreds() -> None:
    assert label_money("One fifty a month or more dollars") == MoneyRange(150.0, None, "month")
    assert said_money("one seventy-five a month") == (175.0, "month")
    assert said_money("two fifty a month is fine") == (250.0, "month")
    assert said_money("four or five hundred a month") == (450.0, "month")
    assert said_money("not more than one twenty-five a month") == (125.0, "month")
    assert said_money("twelve thousand dollars total") == (12000.0, TOTAL)
    assert MoneyRange(150.0, None, "month").holds((12000.0, TOTAL)) is None
    assert MoneyRange(100.01, None, None).holds((150.0, TOTAL)) is True  # "Orders over $100": a total is fine


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("We could swing two hundred a month, no problem", "high"),
        ("Not more than one twenty-five a month", "low"),
        ("one seventy-five a month is fine", "high"),
        ("maybe a hundred a month", "low"),
        ("We were hoping to spend four thousand dollars total", None),
    ],
)
def test_money_beside_money_routes_against_the_amount(text: str, target: str | None) -> None:
    assert _target(PIANO, text) == target


# --- heavier ------------------------------------------------------------------------------------------------


def test_or_heavier_is_a_bound() -> None:
    assert label_thing_range("Three thousand pounds or heavier") == ThingRange(3000.0, None, "pound")
    assert _target(TRUCKS, "about four thousand pounds") == "heavy"
    assert _target(TRUCKS, "maybe 2,000 pounds") == "light"


# --- not yet, to "anything else?" ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Not yet, do you sell tire levers?", "more"),
        ("Not quite, can I ask about the warranty?", "more"),
        ("No, that's all, thanks", "done"),
        ("Nope, I'm good", "done"),
    ],
)
def test_not_yet_to_anything_else_is_one_more_thing(text: str, target: str) -> None:
    assert _target(BIKES, text) == target


# --- from holdout-29: percentages, widths, a bare year ---------------------------------------------------

SHADES = compiled(
    [node("start", "What percent of light should the shades let through?"), node("light"), node("mid"), node("dim")],
    [
        edge("light", "start", "light", "Above 40%", "Sheer shades such as 60% or 80%."),
        edge("mid", "start", "mid", "10 to 40 percent"),
        edge("dim", "start", "dim", "Caller wants blackout shades", "Rooms for sleeping in the day."),
    ],
)
SHEDS = compiled(
    [node("start", "How wide a shed do you need?"), node("small"), node("mid"), node("large")],
    [
        edge("small", "start", "small", "Under 12 feet wide", "A garden shed, such as 8 by 10."),
        edge("mid", "start", "mid", "12 to 20 ft"),
        edge("large", "start", "large", "Caller wants one wider than twenty feet", "Workshops, often 24 or 30 feet wide."),
    ],
)


def test_a_percent_is_read_against_a_menu_of_percents() -> None:
    assert label_percent("Above 40%") == CountRange(41, None)
    assert label_percent("10 to 40 percent") == CountRange(10, 40)
    assert label_percent("Caller wants blackout shades") is None
    assert said_percent("Fifty percent, please") == 50
    assert said_percent("Twenty-five-ish, I guess") == 25


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Sixty percent, just to soften the glare", "light"),
        ("Thirty, same as the living room", "mid"),
        ("Fifty... no, sorry, that's the kitchen, for the bedroom I want twenty", "mid"),
        ("like eighty", "light"),
    ],
)
def test_percents_route_against_the_range(text: str, target: str) -> None:
    assert _target(SHADES, text) == target


def test_wider_than_is_a_bound_and_ft_is_feet() -> None:
    assert label_thing_range("Caller wants one wider than twenty feet") == ThingRange(20.0, None, "foot", open_low=True, dimension="wide")
    assert label_thing_range("12 to 20 ft") == ThingRange(12.0, 20.0, "foot")
    assert label_thing_range("Shorter than 6 feet") == ThingRange(None, 6.0, "foot", open_high=True)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Sixteen feet, give or take", "mid"),
        ("Ten... no, sorry, wrong drawing, it's thirty by forty", "large"),
        ("about 10 ft", "small"),
        ("It's a 2019", None),  # a bare year is no width
    ],
)
def test_widths_route_against_the_range(text: str, target: str | None) -> None:
    assert _target(SHEDS, text) == target


def test_a_length_measured_another_way_is_no_amount_of_it() -> None:
    stated = label_thing_range("Under 12 feet wide")
    assert stated is not None and stated.dimension == "wide"
    assert stated.holds(((16.0, "foot:tall"),)) is None  # "sixteen feet tall": a height, not a width
    assert stated.holds(((10.0, "foot:wide"),)) is True
    assert stated.holds(((10.0, "foot"),)) is True  # the way unsaid: taken as the label's
    assert _target(SHEDS, "It has to be at least fourteen feet tall for the tractor") is None
    assert _target(SHEDS, "about 10 feet wide") == "small"


# --- a service the pathway never speaks of ---------------------------------------------------------------

GLASS = compiled(
    [node("start", "Harbor Glass, how can I help?"), node("windshield"), node("shower"), node("gift")],
    [
        edge("windshield", "start", "windshield", "Replace a cracked windshield", "Chips and cracks in car glass."),
        edge("shower", "start", "shower", "Glass shower doors", "Frameless shower enclosures, measured and installed."),
        edge("gift", "start", "gift", "Gift cards"),
    ],
)
GLASS_MORE = compiled(
    [node("start", "Is there anything else I can help with?"), node("more"), node("done")],
    [edge("more", "start", "more", "Caller has another question"), edge("done", "start", "done", "No, that's all")],
)


@pytest.mark.parametrize(
    "text",
    [
        "My car's windshield is fine, but can you fix my dishwasher? It's leaking",
        "Do you guys do fence repair? Ours is leaning",
        "Do you sell shower curtains?",
    ],
)
def test_a_service_the_pathway_never_speaks_of_is_unmatched(text: str) -> None:
    assert _target(GLASS, text) is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Can you fix a cracked windshield?", "windshield"),  # what it does
        ("Do you do gift certificates?", "gift"),  # a kind of what an option offers
        ("Do you install glass shower doors?", "shower"),
    ],
)
def test_a_service_the_pathway_speaks_of_still_routes(text: str, target: str) -> None:
    assert _target(GLASS, text) == target


def test_on_anything_else_a_new_question_is_one_more_whatever_it_asks() -> None:
    assert route(GLASS_MORE, "start", "Oh, one more thing, do you sell shower curtains?").target == "more"

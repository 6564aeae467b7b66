"""Issue 23's twenty-sixth round of label routing (from routing-holdout-34's study, scored blind
just before it): prices. Pinned on made-up sentences in domains no routing corpus has (a car
wash's package menu, a pet-food delivery service, a ferry pass account), both sides of every rule:

- a label with one price alone ("Basic wash, $12", "The $20 package", "twenty-five dollars a car;
  the top package") states that price, so an amount said picks it; "ninety-five dollars" is one
  number, no range from ninety to five; a label with several prices states none;
- "under about a hundred dollars a bag", "about $60 a bag or more": a price per thing is a bound
  like any other;
- a caller's amount said per thing ("forty a bag", "thirty bucks a head", "twelve each") or after
  "spend more than" is money ("hundred fifty apiece" is not fifty), and hundreds said as two
  numbers with the thing they price ("one twenty-five a bag") are hundreds; an amount echoed back in
  surprise ("Twenty-five? Whoa, let me ask my husband") chooses nothing;
- "how much is on there?", "how much is actually on my pass?" ask a balance (not "how much is the
  monthly pass?");
- a candidate the turn fits only by a trouble ("Is that a problem?" against "I can't find it")
  gives way to the one it fits by its own words ("It's in the cupholder. Is that a problem?":
  loose in the car);
- asking what is free at a time ("do you have anything Saturday morning?", "any openings?") is
  asking to book ("do you have anything for frizzy hair?" asks what is sold)."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_money import MoneyRange, label_money, said_money
from tornado_operator.engine.sim.routing import route

WASH = compiled(
    [node("start", "We have three packages: basic for $12, deluxe for $20, or the works for $25. Which would you like?"),
     node("basic"), node("deluxe"), node("works")],
    [
        edge("basic", "start", "basic", "Basic wash, $12", "Outside wash only; the lowest price."),
        edge("deluxe", "start", "deluxe", "The $20 package", "Wash, vacuum and tire shine."),
        edge("works", "start", "works", "The works", "Everything, with hand wax, twenty-five dollars a car; the top package."),
    ],
)
FOOD = compiled(
    [node("start", "Roughly what do you spend per bag of food?"), node("value"), node("mid"), node("premium")],
    [
        edge("value", "start", "value", "Whatever's cheapest", "A value brand under about a hundred dollars a bag."),
        edge("mid", "start", "mid", "Somewhere in the middle, $100 to $150"),
        edge("premium", "start", "premium", "Top of the line", "A premium brand, about $150 a bag or more."),
    ],
)
FERRY = compiled(
    [node("start", "Would you like to hear your pass balance, or our fares?"), node("balance"), node("fares")],
    [
        edge("balance", "start", "balance", "How much do I have left?", "The money left on the caller's ferry pass."),
        edge("fares", "start", "fares", "Fares and passes", "What a ticket or a monthly pass costs."),
    ],
)


@pytest.mark.parametrize(
    ("label", "money"),
    [
        ("Basic wash, $12", MoneyRange(12.0, 12.0, None)),
        ("The $20 package", MoneyRange(20.0, 20.0, None)),
        ("Everything, with hand wax, twenty-five dollars a car; the top package.", MoneyRange(25.0, 25.0, None)),
        ("ninety-five dollars a player", MoneyRange(95.0, 95.0, None)),
        ("$40 to $80", MoneyRange(40.0, 80.0, None)),
        ("Twenty-five to thirty dollars", MoneyRange(25.0, 30.0, None)),
        ("A value brand under about a hundred dollars a bag.", MoneyRange(None, 99.0, None)),
        ("A premium brand, about $150 a bag or more.", MoneyRange(150.0, None, None)),
        ("Kids $5, adults $9", None),  # several prices: none is the label's
    ],
)
def test_a_label_of_one_price_states_it(label: str, money: MoneyRange | None) -> None:
    assert label_money(label) == money


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("I don't wanna spend more than forty a bag, honestly", (40.0, None)),
        ("Thirty bucks a head sounds about right", (30.0, None)),
        ("about twelve each", (12.0, None)),
        ("A hundred and forty, hundred fifty apiece, something like that", (140.0, None)),  # not "fifty apiece"
        ("Twenty-five? Whoa, let me ask my husband", None),
        ("twenty-five.", (25.0, None)),
    ],
)
def test_an_amount_per_thing_is_money_and_an_echo_is_none(text: str, said: tuple[float, str | None] | None) -> None:
    assert said_money(text) == said


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (WASH, "Twenty bucks a car sounds fine", "deluxe"),
        (WASH, "Twenty-five? Whoa, I'll have to think about it", None),
        (FOOD, "I don't wanna spend more than eighty a bag", "value"),
        (FOOD, "about one twenty-five a bag", "mid"),
        (FERRY, "Just tell me how much is on there", "balance"),
        (FERRY, "I got an email saying I'm running low, how much is actually on my pass?", "balance"),
        (FERRY, "How much is the monthly pass?", "fares"),
    ],
)
def test_prices_and_balances_route(graph: object, text: str, target: str | None) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]


PASS_SPOT = compiled(
    [node("start", "Where is your pass right now: on the windshield, loose in the car, or can't you find it?"),
     node("mounted"), node("loose"), node("missing")],
    [
        edge("mounted", "start", "mounted", "On the windshield"),
        edge("loose", "start", "loose", "Loose somewhere in the car", "In the glove box, a cupholder or the console."),
        edge("missing", "start", "missing", "I can't find it", "The pass is lost, stolen or broken."),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("It's, um, in the cupholder. Is that a problem?", "loose"),  # the trouble asked about fits no option by itself
        ("I can't find it anywhere, I think it's lost", "missing"),
        ("Is that a problem?", None),
    ],
)
def test_a_trouble_alone_gives_way_to_the_option_the_turn_names(text: str, target: str | None) -> None:
    assert route(PASS_SPOT, "start", text).target == target


SALON = compiled(
    [node("start", "Thanks for calling Shear Joy, how can I help?"), node("book"), node("products"), node("hours")],
    [
        edge("book", "start", "book", "Book an appointment", "A haircut, color or a blowout."),
        edge("products", "start", "products", "Hair products", "Shampoos, sprays and tools we sell."),
        edge("hours", "start", "hours", "When are you open?"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Do you have anything open this week for a trim?", "book"),
        ("do you have anything Saturday morning, say around ten?", "book"),
        ("Hi, do you have any openings?", "book"),
        # the other side: what is offered, not a time
        ("Do you have anything for frizzy hair?", "products"),
    ],
)
def test_asking_what_is_free_at_a_time_is_asking_to_book(text: str, target: str) -> None:
    assert route(SALON, "start", text).target == target

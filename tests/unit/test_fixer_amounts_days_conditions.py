"""Classes from fixer-validation-25 (studied after its blind score), on made-up lines of their
own (a scrap-metal buyer, a lawn service, a lumber yard), both sides of every bound:

- a number said with its magnitude in words ("fifteen hundred", "twelve thousand", "ten grand",
  "12 thousand") widens a pattern that wants digits by the number in words, never by the words
  the caller said around it ("Call it ...");
- a day said loosely ("sometime early next week", "the end of this week", "tomorrow afternoon")
  is a kind of value of its own, taken whole;
- a keyword said in a condition of the caller's own request ("I want to order decking, if the
  price is right") is a mention: narrowed to the phrases that ask for it ("the price", "what's
  the price"), so the request reaches its edge and a caller asking the price still gets there."""

from __future__ import annotations

from typing import Any

import pytest

from fix_loop import passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.mentions import find_mention
from tornado_operator.engine.repair.values import (
    AMOUNT_IN_WORDS,
    RELATIVE_DAY,
    first_capture,
    quantity_words_pattern,
)


def extracted(variable: str, pattern: str) -> dict[str, Any]:
    return {"type": "VARIABLE_EXTRACTED", "config": {"variableName": variable, "pattern": pattern}}


@pytest.mark.parametrize(
    ("turn", "amount"),
    [
        ("Fifteen hundred dollars, the man said.", "Fifteen hundred"),
        ("Call it twelve thousand pounds.", "twelve thousand"),
        ("They quoted ten grand.", "ten grand"),
        ("Somewhere around 12 thousand.", "12 thousand"),
        ("two hundred and fifty thousand", "two hundred and fifty thousand"),
    ],
)
def test_an_amount_with_its_magnitude_in_words(turn: str, amount: str) -> None:
    assert first_capture(AMOUNT_IN_WORDS, turn) == amount


@pytest.mark.parametrize("turn", ["I have two trucks", "about 300", "hundreds of them"])
def test_no_magnitude_or_no_number_is_no_amount_in_words(turn: str) -> None:
    assert first_capture(AMOUNT_IN_WORDS, turn) is None


def _scrap_buyer() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Ridge Metals, how can I help?"},
            {"id": "weight", "text": "About how many pounds do you have?",
             "extractVars": [{"name": "pounds", "pattern": "\\b(\\d{1,3}(?:,\\d{3})+|\\d{3,})\\b"}]},
            {"id": "done", "text": "Thanks, bring it by the scale."},
        ],
        "edges": [
            {"id": "to-weight", "source": "greet", "target": "weight", "label": "selling scrap", "match": {"keywords": ["scrap", "sell"]}},
            {"id": "weight-done", "source": "weight", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_a_digits_pattern_by_the_number_in_words() -> None:
    graph = _scrap_buyer()
    train = scenario(["I've got scrap to sell.", "Call it twelve thousand pounds."], extracted("pounds", "(?i)twelve thousand"))
    para = scenario(["I want to sell some scrap copper.", "Maybe fifteen hundred, give or take."], extracted("pounds", "(?i)fifteen hundred"))
    digits = scenario(["Selling scrap.", "About 2,400 pounds."], extracted("pounds", "2,400"))
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, digits)
    fixed = settle(graph, {"train": train, "digits": digits})
    assert passes(fixed, train) and passes(fixed, digits)
    assert passes(fixed, para)
    pattern = next(var.pattern for node in fixed.nodes if node.id == "weight" for var in node.extract_vars or [])
    assert pattern is not None and "call" not in pattern.lower() and "twelve thousand" not in pattern.lower()


@pytest.mark.parametrize(
    ("turn", "day"),
    [
        ("Sometime early next week, whatever's easiest.", "Sometime early next week"),
        ("The end of this week would be great.", "The end of this week"),
        ("tomorrow afternoon works", "tomorrow afternoon"),
        ("the day after tomorrow", "the day after tomorrow"),
    ],
)
def test_a_day_said_loosely(turn: str, day: str) -> None:
    assert first_capture(RELATIVE_DAY, turn) == day


@pytest.mark.parametrize("turn", ["next Tuesday", "every week", "a week or so"])
def test_a_named_day_or_a_rate_is_no_loose_day(turn: str) -> None:
    assert first_capture(RELATIVE_DAY, turn) is None


def _lawn_service() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Greenway Lawn, how can I help?"},
            {"id": "day", "text": "What day works for the first mow?",
             "extractVars": [{"name": "mow_day", "pattern": "(?i)\\b((?:monday|tuesday|wednesday|thursday|friday|saturday))\\b"}]},
            {"id": "done", "text": "Great, you're on the schedule."},
        ],
        "edges": [
            {"id": "to-day", "source": "greet", "target": "day", "label": "start mowing", "match": {"keywords": ["mow", "mowing", "lawn"]}},
            {"id": "day-done", "source": "day", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_takes_a_day_said_loosely() -> None:
    graph = _lawn_service()
    train = scenario(["I need my lawn mowed.", "Sometime early next week."], extracted("mow_day", "(?i)(sometime )?early next week"))
    para = scenario(["Can you start mowing for us?", "The end of this week would be best."], extracted("mow_day", "(?i)(the )?end of this week"))
    named = scenario(["Mowing, please.", "Thursday."], extracted("mow_day", "(?i)thursday"))
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, named)
    fixed = settle(graph, {"train": train, "named": named})
    assert passes(fixed, train) and passes(fixed, named)
    assert passes(fixed, para)


@pytest.mark.parametrize(
    ("turn", "keyword", "said"),
    [
        ("i want to order decking for a porch, if the price is right.", "price", "if the price"),
        ("we need to book a crew, as long as the price stays under budget.", "price", "as long as the price"),
        ("i'd like to sell my truck while the market is hot.", "market", "while the market"),
        ("what's your price on cedar?", "price", None),  # asked: no request of the caller's own before it
        ("if the price is right i'll order today.", "price", None),  # the condition comes first: no request before it
    ],
)
def test_a_keyword_said_in_a_condition_of_the_callers_request(turn: str, keyword: str, said: str | None) -> None:
    found = find_mention(turn, keyword)
    if said is None:
        assert found is None or "condition" not in found.why
    else:
        assert found is not None and found.said == said


def _lumber_yard() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Hollis Lumber, how can I help?"},
            {"id": "prices", "text": "Today's prices are on our website."},
            {"id": "order", "text": "What would you like to order?"},
        ],
        "edges": [
            {"id": "to-prices", "source": "greet", "target": "prices", "label": "prices", "match": {"keywords": ["price", "prices", "cost"]}},
            {"id": "to-order", "source": "greet", "target": "order", "label": "place an order", "match": {"keywords": ["order", "decking", "lumber"]}},
        ],
    })


def test_the_loop_narrows_a_keyword_said_in_a_condition() -> None:
    train = scenario(["I want to order decking for a porch, if the price is right."], reached("order"))
    asking = scenario(["What's the price of cedar decking?"], reached("prices"))
    yours = scenario(["Can you tell me your price on two-by-fours? I might order some."], reached("prices"))
    graph = _lumber_yard()
    assert not passes(graph, train) and passes(graph, asking) and passes(graph, yours)
    fixed = settle(graph, {"train": train, "asking": asking, "yours": yours})
    assert passes(fixed, train) and passes(fixed, asking) and passes(fixed, yours)


# --- from fixer-validation-26 (studied after its blind score) -------------------------------------


@pytest.mark.parametrize(
    ("turn", "day"),
    [("A week from Friday.", "A week from Friday"), ("By the fifteenth, if you can.", "By the fifteenth"), ("on the third", "on the third"),
     ("a week from now", "a week from now")],
)
def test_a_day_counted_from_another_or_a_day_of_the_month_in_words(turn: str, day: str) -> None:
    assert first_capture(RELATIVE_DAY, turn) == day


def test_an_ordinal_said_of_something_else_is_no_day() -> None:
    assert first_capture(RELATIVE_DAY, "the second one on the left") is None


@pytest.mark.parametrize(
    ("turn", "count"),
    [("Call it forty bales.", "forty"), ("A hundred and twenty, give or take.", "A hundred and twenty"), ("60 bales", "60")],
)
def test_a_number_in_words_with_the_unit_asked_for_or_without_it(turn: str, count: str) -> None:
    assert first_capture(quantity_words_pattern("bale"), turn) == count


def _hay_barn() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Miller Hay, how can I help?"},
            {"id": "count", "text": "How many bales do you need?",
             "extractVars": [{"name": "bales", "pattern": "\\b(\\d+)\\b"}]},
            {"id": "status", "text": "What's the phone number on the order?"},
            {"id": "done", "text": "Thanks, we'll call to confirm."},
        ],
        "edges": [
            {"id": "to-status", "source": "greet", "target": "status", "label": "checking on a delivery",
             "match": {"keywords": ["delivery", "deliver", "delivered"]}},
            {"id": "to-count", "source": "greet", "target": "count", "label": "an order", "match": {"keywords": ["order", "bales", "hay"]}},
            {"id": "count-done", "source": "count", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_takes_a_count_in_words_and_a_checking_on_edge_is_for_one_that_exists() -> None:
    graph = _hay_barn()
    words = scenario(["I need some hay.", "Call it forty bales."], extracted("bales", "(?i)forty( bales)?"))
    anew = scenario(["Can you deliver 60 bales of straw on Saturday?"], reached("count"))
    mine = scenario(["Was my delivery sent out yet?"], reached("status"))
    para = scenario(["Hay for my goats, please.", "A hundred and twenty, give or take."], extracted("bales", "(?i)(a )?hundred (and )?twenty"))
    assert not passes(graph, words) and not passes(graph, anew) and passes(graph, mine) and not passes(graph, para)
    fixed = settle(graph, {"words": words, "anew": anew, "mine": mine})
    assert passes(fixed, words) and passes(fixed, anew) and passes(fixed, mine)
    assert passes(fixed, para)

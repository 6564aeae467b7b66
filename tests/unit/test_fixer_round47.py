r"""Fixer classes from fixer-validation-39's study (stop 47, scored blind just before it), on made-up
lines of their own (a tailor's shop, a school fundraiser's supply store, a sign shop), both sides
of every bound:

- a measure around or across said in inches or centimeters, in words with a fraction ("thirty-two
  and a half inches", "22 1/2 inches", "58 centimeters") is a length taken whole, like feet and
  meters before ("7 in the morning" is none);
- a span from now ("in about three weeks", "in a couple of days", "in 10 days") is a day said
  loosely, like "a week from Saturday" ("in a minute" is none);
- an amount with its thousands said as K ("ten K", "15k") is an amount in words, like "five
  grand" ("OK" is none);
- a verb keyword said as a state of someone ("our club is about broke", "we went broke") is
  narrowed to the action with its particle or its subject ("broke off", "it broke"), so that
  "the sign broke off" still gets there and "broke even" no longer does."""

from __future__ import annotations

import pytest

from fix_loop import extracted, passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.values import (
    AMOUNT_IN_WORDS,
    DIMENSIONS,
    GRADES,
    LENGTH,
    RELATIVE_DAY,
    STORIES,
    first_capture,
)


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("His waist is thirty-two and a half inches.", "thirty-two and a half inches"),
        ("about 22 1/2 inches around", "22 1/2 inches"),
        ("58 centimeters, I measured", "58 centimeters"),
        ("Sleeve is 24.5 inches", "24.5 inches"),
        ("a twelve inch collar", "twelve inch"),
        ("Twenty-six feet.", "Twenty-six feet"),  # (as before)
        ("it's 7 in the morning", None),
        ("size thirty-two", None),  # no unit said
    ],
)
def test_a_measure_in_inches_or_centimeters(text: str, length: str | None) -> None:
    assert first_capture(LENGTH, text) == length


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("In about three weeks. The show starts then.", "In about three weeks"),
        ("in a couple of days", "in a couple of days"),
        ("in 10 days, if you can", "in 10 days"),
        ("A week from Saturday.", "A week from Saturday"),  # (as before)
        ("in a minute", None),
        ("in a few", None),  # no unit of time
    ],
)
def test_a_span_from_now_is_a_day_said_loosely(text: str, day: str | None) -> None:
    assert first_capture(RELATIVE_DAY, text) == day


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Ten K, tops.", "Ten K"),
        ("about 15k", "15k"),
        ("five grand", "five grand"),  # (as before)
        ("I said OK", None),
        ("the K-cups", None),
        ("ten", None),
    ],
)
def test_an_amount_said_in_k(text: str, amount: str | None) -> None:
    assert first_capture(AMOUNT_IN_WORDS, text) == amount



def _tailor() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Stitch and Press, how can I help?"},
            {"id": "waist", "text": "What's the waist measurement?",
             "extractVars": [{"name": "waist", "pattern": r"\b(\d{2})\s?(?:in|inches)\b"}]},
            {"id": "when", "text": "When do you need them?"},
            {"id": "done", "type": "end_call", "text": "We'll have them ready."},
        ],
        "edges": [
            {"id": "to-waist", "source": "greet", "target": "waist", "label": "alterations", "match": {"keywords": ["hem", "take in", "alter"]}},
            {"id": "to-when", "source": "waist", "target": "when", "label": "any answer", "match": {"always": True}},
            {"id": "to-done", "source": "when", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_a_measure_and_extracts_a_span_from_now() -> None:
    graph = _tailor()
    waist = scenario(["Can you hem my pants?", "Thirty-four and a half inches.", "Friday."],
                     extracted("waist", "(?i)thirty[- ]four and a half( inches)?"))
    cm = scenario(["Can you hem a skirt?", "About 71 centimeters.", "Monday."], extracted("waist", "71( centimeters)?"))
    digits = scenario(["I need to alter a suit.", "32 inches.", "Tuesday."], extracted("waist", "32"))
    span = scenario(["Can you hem my jeans?", "30 inches.", "In about two weeks, for the wedding."],
                    extracted("needed_by", "(?i)in about two weeks"))
    other_span = scenario(["I need to alter a dress.", "28 inches.", "In a couple of days, if you can."],
                          extracted("needed_by", "(?i)in a couple of days"))
    assert passes(graph, digits)
    assert not passes(graph, waist) and not passes(graph, cm) and not passes(graph, span) and not passes(graph, other_span)
    fixed = settle(graph, {"waist": waist, "span": span, "digits": digits})
    assert passes(fixed, waist) and passes(fixed, span)
    assert passes(fixed, cm) and passes(fixed, other_span)  # never shown to the fixer
    assert passes(fixed, digits)  # what was extracted before still is


def _supply_store() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Fundraiser Supply Co., how can I help?"},
            {"id": "budget", "text": "What's your budget for the order?",
             "extractVars": [{"name": "budget", "pattern": r"\$\s?(\d{3,6})"}]},
            {"id": "done", "type": "end_call", "text": "We'll put a quote together."},
        ],
        "edges": [
            {"id": "to-budget", "source": "greet", "target": "budget", "label": "an order", "match": {"keywords": ["order", "quote"]}},
            {"id": "to-done", "source": "budget", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_an_amount_to_one_said_in_k() -> None:
    graph = _supply_store()
    train = scenario(["I'd like a quote for candles.", "Eight K, no more."], extracted("budget", "(?i)eight k"))
    para = scenario(["We want to order wrapping paper.", "About 12k."], extracted("budget", "(?i)12k"))
    dollars = scenario(["A quote, please.", "$2500."], extracted("budget", "2500"))
    assert passes(graph, dollars) and not passes(graph, train) and not passes(graph, para)
    fixed = settle(graph, {"train": train, "dollars": dollars})
    assert passes(fixed, train) and passes(fixed, dollars)
    assert passes(fixed, para)  # never shown to the fixer


def _float_shop() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Bright Parade Floats, how can I help?"},
            {"id": "problem", "text": "What went wrong with the float?"},
            {"id": "new", "text": "Tell me about the float you'd like."},
            {"id": "billing", "text": "What's the name on the invoice?"},
        ],
        "edges": [
            {"id": "to-problem", "source": "greet", "target": "problem", "label": "a float problem",
             "match": {"keywords": ["broke", "broken", "stuck", "sagging"]}},
            {"id": "to-new", "source": "greet", "target": "new", "label": "a new float", "match": {"keywords": ["new float", "price", "build"]}},
            {"id": "to-billing", "source": "greet", "target": "billing", "label": "an invoice", "match": {"keywords": ["invoice", "balance"]}},
        ],
    })


def test_the_loop_narrows_a_verb_said_as_a_state() -> None:
    graph = _float_shop()
    train = scenario(["What's your lowest price for a float? Our band boosters are about broke."], reached("new"))
    even = scenario(["We finally broke even on the bake sale, so I'd like to pay the balance."], reached("billing"))
    sign = scenario(["The banner on our float broke off in the wind."], reached("problem"))
    it = scenario(["The axle on the float you built for us, it broke on Main Street."], reached("problem"))
    down = scenario(["Our float broke down halfway through the parade."], reached("problem"))
    assert not passes(graph, train) and not passes(graph, even)
    assert passes(graph, sign) and passes(graph, it) and passes(graph, down)
    fixed = settle(graph, {"train": train, "sign": sign, "down": down})
    assert passes(fixed, train)
    assert passes(fixed, even)  # never shown to the fixer
    assert passes(fixed, sign) and passes(fixed, it) and passes(fixed, down)


# --- from fixer-validation-40: sides said in words, a range of school grades -----------------------------


@pytest.mark.parametrize(
    ("text", "dimensions"),
    [
        ("Forty by sixty, give or take.", "Forty by sixty"),
        ("two by four", "two by four"),
        ("It's 40x60", "40x60"),  # (as before)
        ("ten by tomorrow", None),
        ("by the way, sixty", None),
    ],
)
def test_sides_said_in_words(text: str, dimensions: str | None) -> None:
    assert first_capture(DIMENSIONS, text) == dimensions


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("Kindergarten through fifth grade.", "Kindergarten through fifth grade"),
        ("first to third grade", "first to third grade"),
        ("6th through 8th graders", "6th through 8th graders"),
        ("K-5", "K-5"),
        ("a K-cup", None),
        ("I went to the fifth grade", None),
        ("5k to 10k", None),
    ],
)
def test_a_range_of_school_grades(text: str, grades: str | None) -> None:
    assert first_capture(GRADES, text) == grades


def _play_company() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Swing Set Pros, how can I help?"},
            {"id": "ages", "text": "What ages will use it?",
             "extractVars": [{"name": "ages", "pattern": r"\b(\d{1,2}\s?(?:-|to)\s?\d{1,2})\b"}]},
            {"id": "space", "text": "How much room is there?"},
            {"id": "done", "type": "end_call", "text": "We'll send a design."},
        ],
        "edges": [
            {"id": "to-ages", "source": "greet", "target": "ages", "label": "a new playground", "match": {"keywords": ["playground"]}},
            {"id": "to-space", "source": "ages", "target": "space", "label": "any answer", "match": {"always": True}},
            {"id": "to-done", "source": "space", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_extracts_grades_and_sides_said_in_words() -> None:
    graph = _play_company()
    grades = scenario(["We need a new playground for our school.", "Kindergarten through fifth grade.", "Forty by sixty."],
                      extracted("ages", "(?i)kindergarten through fifth( grade)?"), extracted("area", "(?i)forty by sixty"))
    other = scenario(["A playground for the middle school.", "6th through 8th graders.", "Thirty by fifty, about."],
                     extracted("ages", "(?i)6th through 8th( graders)?"), extracted("area", "(?i)thirty by fifty"))
    digits = scenario(["A playground for the park.", "5 to 12.", "40x60."], extracted("ages", "5 to 12"))
    assert passes(graph, digits) and not passes(graph, grades) and not passes(graph, other)
    fixed = settle(graph, {"grades": grades, "digits": digits})
    assert passes(fixed, grades) and passes(fixed, digits)
    assert passes(fixed, other)  # never shown to the fixer


@pytest.mark.parametrize(
    ("text", "stories"),
    [
        ("A story and a half, with a steep roof.", "A story and a half"),
        ("a two-story colonial", "two-story"),
        ("one and a half stories", "one and a half stories"),
        ("3 stories", "3 stories"),
        ("that's a story for another day", None),
        ("the story of my life", None),
    ],
)
def test_a_buildings_height_in_stories(text: str, stories: str | None) -> None:
    assert first_capture(STORIES, text) == stories

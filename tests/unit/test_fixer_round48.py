r"""Fixer classes from fixer-validation-41's study (stop 48, scored blind just before it), on made-up
lines of their own (a pump repair shop, a solar installer, a cabinet maker), both sides of every
bound:

- a three-digit number read out in two groups ("four-sixty", "two thirty", "one-oh-eight") is a
  number, taken whole, not the shape of its letters ("four hundred" and "forty-six" are not);
- compass points, one or several ("The south and the west", "the north side", "east and west
  walls", "the northeast corner") are a value of their own;
- an amount for each one of something ("$800 a closet", "45 dollars per tree") is a value of its
  own, so a pattern that took only the digits after a dollar sign is widened to it (a budget that
  is so much a closet is not the whole budget);
- from fixer-validation-42: a choice of words is widened to several of them named together
  ("Maroon and gold"), and a choice of left and right to both ("Bilateral", "both sides");
- a keyword said only inside an idiom of English ("give me a ring", "learning the ropes", "at the
  end of my rope", "at nine sharp") is replaced by a positive pattern of the thing as what it is or does ("the ropes
  on our mast", "one rope is chafed"), its plural listed beside it too;
- a state keyword said only with an idiom's preposition ("stuck on what to do", "stuck with a late
  fee", "sick of waiting") is replaced by a pattern of the word as a thing's state, at the end of
  a clause or before where or how, so "the door is stuck halfway" and "stuck on the track" still
  get there (a positive pattern: edge patterns are RE2's, no lookaround)."""

from __future__ import annotations

import re

import pytest

from fix_loop import extracted, passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.strategies.routing import _bound_by_a_preposition, _in_an_idiom
from tornado_operator.engine.repair.values import (
    DIRECTIONS,
    PER_EACH,
    READ_OUT,
    READ_OUT_VALUE,
    both_sides,
    choices_listed,
    first_capture,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Four-sixty, three-phase.", "Four-sixty"),
        ("it's a two thirty motor", "two thirty"),
        ("Room one-oh-eight", "one-oh-eight"),
        ("five seventy-five", "five seventy-five"),
        ("four hundred", None),
        ("forty-six", None),
        ("about five", None),
    ],
)
def test_a_three_digit_number_read_out(text: str, number: str | None) -> None:
    assert first_capture(READ_OUT, text) == number
    if number is not None:
        assert READ_OUT_VALUE.fullmatch(number)


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("The south and the west, where the sun hits.", "The south and the west"),
        ("Mostly the north side.", "the north side"),
        ("east and west walls", "east and west walls"),
        ("the northeast corner", "the northeast corner"),
        ("south, west and north", "south, west and north"),
        ("The lake side.", None),
        ("mostly the front", None),
    ],
)
def test_compass_points_are_a_value(text: str, points: str | None) -> None:
    assert first_capture(DIRECTIONS, text) == points


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("We were figuring about $800 a closet.", "$800 a closet"),
        ("45 dollars per tree", "45 dollars per tree"),
        ("$12 each bag", "$12 each bag"),
        ("$2,500, give or take.", None),
        ("800 a closet", None),  # (no money said)
        ("I called 3 a lot", None),
        ("we need 2 a little sooner", None),
    ],
)
def test_an_amount_for_each_one(text: str, amount: str | None) -> None:
    assert first_capture(PER_EACH, text) == amount


def _tree_farm() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Tall Pines Nursery, how can I help?"},
            {"id": "budget", "text": "What's your budget?", "extractVars": [{"name": "budget", "pattern": r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)"}]},
            {"id": "done", "type": "end_call", "text": "We'll send a quote."},
        ],
        "edges": [
            {"id": "to-budget", "source": "greet", "target": "budget", "label": "a quote", "match": {"keywords": ["quote", "price"]}},
            {"id": "to-done", "source": "budget", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_a_budget_to_an_amount_for_each_one() -> None:
    graph = _tree_farm()
    train = scenario(["A quote on privacy trees, please.", "About $90 a tree."], extracted("budget", r"(?i)\$?90 (a|per) tree"))
    other = scenario(["Can I get a price on shrubs?", "Maybe 40 dollars per shrub."], extracted("budget", r"(?i)40 dollars per shrub"))
    total = scenario(["I need a quote.", "$2,500, give or take."], extracted("budget", "2,500"))
    assert passes(graph, total) and not passes(graph, train) and not passes(graph, other)
    fixed = settle(graph, {"train": train, "total": total})
    assert passes(fixed, train) and passes(fixed, total)
    assert passes(fixed, other)  # never shown to the fixer



def _pump_shop() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Prairie Pump and Motor, how can I help?"},
            {"id": "volts", "text": "What voltage is the pump?",
             "extractVars": [{"name": "volts", "pattern": r"(?i)\b(\d{3})\s?(?:v|volts?)\b"}]},
            {"id": "roof", "text": "Which sides of the roof get full sun?"},
            {"id": "done", "type": "end_call", "text": "We'll call you with a price."},
        ],
        "edges": [
            {"id": "to-volts", "source": "greet", "target": "volts", "label": "a pump", "match": {"keywords": ["pump", "motor"]}},
            {"id": "to-roof", "source": "volts", "target": "roof", "label": "any answer", "match": {"always": True}},
            {"id": "to-done", "source": "roof", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_to_a_number_read_out_and_extracts_compass_points() -> None:
    graph = _pump_shop()
    train = scenario(["We need a new well pump.", "Two-thirty, single phase.", "The south and the west."],
                     extracted("volts", "(?i)two[- ]thirty"), extracted("sides", "(?i)(the )?south and (the )?west"))
    other = scenario(["Our motor burned out.", "Four eighty, I think.", "Just the east side."],
                     extracted("volts", "(?i)four[- ]eighty"), extracted("sides", "(?i)the east side"))
    digits = scenario(["A pump quote, please.", "460 volts.", "North."], extracted("volts", "460"))
    assert passes(graph, digits) and not passes(graph, train) and not passes(graph, other)
    fixed = settle(graph, {"train": train, "digits": digits})
    assert passes(fixed, train) and passes(fixed, digits)  # what was extracted before still is
    assert passes(fixed, other)  # never shown to the fixer


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("we're stuck on what to do with the pantry", "stuck on what"),
        ("we got stuck with a late fee", "stuck with a"),
        ("I'm sick of waiting", "sick of"),
        ("the door is stuck halfway", None),
        ("the drawer is stuck on the track", None),
        ("it's stuck on what to do, and the door is stuck too", None),  # (said both ways)
    ],
)
def test_a_state_with_an_idioms_preposition(text: str, bound: str | None) -> None:
    keyword = "sick" if "sick" in text else "stuck"
    found = _bound_by_a_preposition(text, keyword)
    assert (found is not None and found.startswith(bound)) if bound else found is None


def _cabinet_maker() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Birch and Bevel Cabinets, how can I help?"},
            {"id": "repair", "text": "Which cabinet needs work?"},
            {"id": "design", "text": "Let's get a designer out. What room is it?"},
            {"id": "bill", "text": "What's the name on the invoice?"},
        ],
        "edges": [
            {"id": "to-repair", "source": "greet", "target": "repair", "label": "a repair",
             "match": {"keywords": ["stuck", "broken", "sagging", "loose hinge"]}},
            {"id": "to-design", "source": "greet", "target": "design", "label": "a new design",
             "match": {"keywords": ["designer", "new cabinets", "remodel"]}},
            {"id": "to-bill", "source": "greet", "target": "bill", "label": "a bill", "match": {"keywords": ["invoice", "late fee", "bill"]}},
        ],
    })


def test_the_loop_narrows_a_state_said_with_an_idioms_preposition() -> None:
    graph = _cabinet_maker()
    train = scenario(["We're stuck on what to do with the kitchen; could a designer come look?"], reached("design"))
    fee = scenario(["We got stuck with a late fee on the last invoice."], reached("bill"))
    halfway = scenario(["The pantry door is stuck halfway."], reached("repair"))
    track = scenario(["A drawer is stuck on the track."], reached("repair"))
    assert not passes(graph, train) and passes(graph, halfway) and passes(graph, track)
    fixed = settle(graph, {"train": train, "halfway": halfway})
    assert passes(fixed, train)
    assert passes(fixed, fee)  # never shown to the fixer
    assert passes(fixed, halfway) and passes(fixed, track)
    edge = next(e for e in fixed.edges if e.id == "to-repair")
    assert "stuck" not in edge.match.keywords and any(re.search(p, "the door is stuck") for p in edge.match.patterns)
    assert not any(re.search(r"\(\?(?:=|!|<=|<!)", p) for p in edge.match.patterns)  # RE2: no lookaround


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Maroon and gold, the school colors.", "Maroon and gold"),
        ("navy, red and black", "navy, red and black"),
        ("Just black.", "black"),  # (one alone, as before)
        ("goldfish", None),
    ],
)
def test_a_choice_of_words_takes_several_named_together(text: str, value: str | None) -> None:
    widened = choices_listed(r"(?i)\b(black|red|maroon|navy|gold)\b")
    assert widened is not None and first_capture(widened, text) == value


def test_only_a_choice_of_plain_words_is_listed() -> None:
    assert choices_listed(r"\b(\d{3})\s?volts\b") is None
    assert choices_listed(r"(?i)\b(left|right)\b") is not None


@pytest.mark.parametrize(
    ("text", "value"),
    [("Bilateral. Compare them.", "Bilateral"), ("both sides, please", "both sides"), ("The left one.", "left"), ("Right.", "Right")],
)
def test_a_choice_of_left_and_right_takes_both(text: str, value: str) -> None:
    widened = both_sides(r"(?i)\b(left|right)\b")
    assert widened is not None and first_capture(widened, text) == value


def test_both_sides_only_where_the_choice_is_left_and_right() -> None:
    assert both_sides(r"(?i)\b(red|blue)\b") is None
    assert both_sides(r"(?i)\b(left|center)\b") is None


def _stage_shop() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Proscenium Drapery, how can I help?"},
            {"id": "color", "text": "What color should the curtain be?",
             "extractVars": [{"name": "color", "pattern": r"(?i)\b(black|red|maroon|navy|gold|green)\b"}]},
            {"id": "done", "type": "end_call", "text": "We'll send a quote."},
        ],
        "edges": [
            {"id": "to-color", "source": "greet", "target": "color", "label": "a quote", "match": {"keywords": ["quote", "curtain"]}},
            {"id": "to-done", "source": "color", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_a_choice_to_several_named_together() -> None:
    graph = _stage_shop()
    train = scenario(["A quote on a main curtain, please.", "Maroon and gold, the school colors."], extracted("color", "(?i)maroon and gold"))
    other = scenario(["We need a new curtain.", "Navy and red."], extracted("color", "(?i)navy and red"))
    one = scenario(["A curtain quote.", "Black."], extracted("color", "(?i)black"))
    assert passes(graph, one) and not passes(graph, train) and not passes(graph, other)
    fixed = settle(graph, {"train": train, "one": one})
    assert passes(fixed, train) and passes(fixed, one)
    assert passes(fixed, other)  # never shown to the fixer


@pytest.mark.parametrize(
    ("text", "keyword", "idiom"),
    [
        ("Could your estimator give me a ring about a new bin?", "ring", "give me a ring"),
        ("Does the name ring a bell?", "ring", "ring a bell"),
        ("I'm new and still learning the ropes", "ropes", "learning the ropes"),
        ("I'm at the end of my rope with this", "rope", "end of my rope"),
        ("The bottom ring on our bin is rusted", "ring", None),
        ("Give me a ring, the ring on the bin is rusted", "ring", None),  # (said both ways)
        ("The ropes on the fly rail are frayed", "ropes", None),
        ("Can your crew be here Monday at nine sharp?", "sharp", "nine sharp"),
        ("We open at 7:30 sharp", "sharp", "7:30 sharp"),
        ("There's a sharp edge on the slide", "sharp", None),
    ],
)
def test_a_keyword_said_inside_an_idiom(text: str, keyword: str, idiom: str | None) -> None:
    found = _in_an_idiom(text.lower(), keyword)
    assert (found is not None and found.group(0) == idiom) if idiom else found is None


def _sail_loft() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Harborline Sail and Rigging, how can I help?"},
            {"id": "repair", "text": "What needs fixing on the boat?"},
            {"id": "quote", "text": "Happy to quote new sails. What boat is it?"},
        ],
        "edges": [
            {"id": "to-repair", "source": "greet", "target": "repair", "label": "a repair",
             "match": {"keywords": ["rope", "ropes", "frayed", "torn", "repair"]}},
            {"id": "to-quote", "source": "greet", "target": "quote", "label": "new sails", "match": {"keywords": ["new sails", "quote", "price"]}},
        ],
    })


def test_the_loop_takes_a_keyword_out_of_an_idiom() -> None:
    graph = _sail_loft()
    train = scenario(["I'm new at the yacht club and still learning the ropes, but we want new sails for the club boat."], reached("quote"))
    other = scenario(["My husband's at the end of his rope with our old sails; what would new sails cost?"], reached("quote"))
    frayed = scenario(["The ropes on our mast are worn through."], reached("repair"))
    halyard = scenario(["One rope is chafed where it runs over the block."], reached("repair"))
    assert not passes(graph, train) and not passes(graph, other) and passes(graph, frayed) and passes(graph, halyard)
    fixed = settle(graph, {"train": train, "frayed": frayed})
    assert passes(fixed, train) and passes(fixed, frayed)
    assert passes(fixed, other) and passes(fixed, halyard)  # never shown to the fixer
    edge = next(e for e in fixed.edges if e.id == "to-repair")
    assert "rope" not in edge.match.keywords and "ropes" not in edge.match.keywords
    assert not any(re.search(r"\(\?(?:=|!|<=|<!)", p) for p in edge.match.patterns)  # RE2: no lookaround

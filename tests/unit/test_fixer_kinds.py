r"""A choice of words that are kinds of one thing, widened with the thing's other kinds (stop 49,
from fixer-validation-42's grain-bin crew: "corn|soybeans|wheat" and a caller's "Oats this
year, then corn"), on made-up lines of other trades: a music school's instrument, a fuel
dealer's fuel, a furniture rental's seat. A reviewer does not add the caller's word alone (the
next caller names another kind); WordNet says which category the listed words and the caller's
word share and which kinds it has. Both sides of each bound: a word that is no kind of it, a
category too broad to list, a kind only in a sense the word rarely has, and a pattern that is no
choice of plain words are left alone."""

from __future__ import annotations

import re

import pytest

from fix_loop import extracted, passes, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.kinds import kinds_alike, plural
from tornado_operator.engine.repair.values import first_capture, kinds_named


@pytest.mark.parametrize(
    ("listed", "said", "category", "also"),
    [
        ("guitar|piano|violin", "cello", "stringed instrument", {"banjo", "mandolin", "harp", "ukulele"}),
        ("diesel|gasoline|propane", "kerosene", "fuel", {"butane", "coal", "charcoal", "firewood"}),
        ("sofa|chair|table", "bench", "seat", {"stool", "couch", "loveseat"}),
        ("corn|soybeans|wheat", "oats", "cereal", {"barley", "rye", "millet", "sorghum", "rice", "popcorn"}),
        ("red|blue|green", "purple", "chromatic color", {"yellow", "pink", "brown", "teal"}),
        ("asphalt|concrete|gravel", "blacktop", "paving", {"cement", "macadam"}),
    ],
)
def test_the_kinds_of_what_the_listed_words_are(listed: str, said: str, category: str, also: set[str]) -> None:
    kinds = kinds_alike(listed.split("|"), said)
    assert kinds is not None and kinds.category == category
    assert also <= set(kinds.words)


@pytest.mark.parametrize(
    ("listed", "said"),
    [
        ("corn|soybeans|wheat", "house"),  # no kind of cereal
        ("corn|soybeans|wheat", "year"),
        ("corn|soybeans|wheat", "wheat"),  # listed already
        ("guitar|piano|violin", "lesson"),
        ("dogs|cats", "rabbit"),  # a rabbit shares only "mammal" with them: too broad to list
        ("monday|tuesday", "friday"),  # (weekdays are a value of their own, not kinds of a thing)
        ("small|large", "medium"),  # adjectives: no kinds
    ],
)
def test_no_kinds_without_a_narrow_category_the_caller_word_is_a_kind_of(listed: str, said: str) -> None:
    assert kinds_alike(listed.split("|"), said) is None


def test_a_kind_is_listed_only_when_its_word_says_it_first() -> None:
    kinds = kinds_alike(["guitar", "piano", "violin"], "cello")
    assert kinds is not None
    # "string" is a stringed instrument in WordNet, but first a cord; "grand" and "upright" are pianos
    # second; "electric" a car
    assert not {"string", "grand", "upright"} & set(kinds.words)


@pytest.mark.parametrize(("word", "form"), [("oat", "oats"), ("lily", "lilies"), ("bus", "buses"), ("day", "days"), ("bench", "benches")])
def test_the_regular_plural(word: str, form: str) -> None:
    assert plural(word) == form


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("My son just switched to the cello this fall.", "cello"),
        ("Two ukuleles and a banjo, actually.", "ukuleles"),
        ("Piano, then maybe a harp later.", "Piano"),
        ("violin", "violin"),
        ("He takes lessons on Tuesdays.", None),
    ],
)
def test_the_widened_choice_takes_the_other_kinds_and_keeps_the_listed_first(text: str, value: str | None) -> None:
    named = kinds_named(r"(?i)\b(guitar|piano|violin)\b", "cello")
    assert named is not None
    pattern, allows = named
    assert "stringed instrument" in allows
    assert pattern.startswith(r"(?i)\b(guitar|piano|violin|")
    assert first_capture(pattern, text) == value
    assert not re.search(r"\(\?[=!<]", pattern)  # RE2: no lookaround


def test_only_a_choice_of_plain_words_is_widened_with_kinds() -> None:
    assert kinds_named(r"(?i)\b(\d+)\s+gallons\b", "kerosene") is None
    assert kinds_named(r"(?i)diesel", "kerosene") is None  # one word: no choice
    assert kinds_named(r"(?i)\b(diesel|gasoline)\b", "truck") is None


def _fuel_dealer() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Hartwell Fuel, how can I help?"},
            {"id": "fuel", "text": "Which fuel do you need delivered?",
             "extractVars": [{"name": "fuel", "pattern": r"(?i)\b(diesel|gasoline|propane)\b"}]},
            {"id": "done", "type": "end_call", "text": "We'll put you on the route."},
        ],
        "edges": [
            {"id": "to-fuel", "source": "greet", "target": "fuel", "label": "a delivery",
             "match": {"keywords": ["delivery", "deliver", "fill"]}},
            {"id": "to-done", "source": "fuel", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })



def test_the_loop_widens_a_choice_with_the_kinds_of_its_category() -> None:
    graph = _fuel_dealer()
    # the caller's kind first, then a listed one: version 1 takes the listed one, which is wrong
    train = scenario(["Can you deliver to the farm?", "Kerosene for the shop heater, and propane next month."],
                     extracted("fuel", "(?i)kerosene"))
    listed = scenario(["I need a delivery.", "Propane, the big tank."], extracted("fuel", "(?i)propane"))
    other = scenario(["Could you fill our bin?", "Coal. We still heat with it."], extracted("fuel", "(?i)coal"))
    assert passes(graph, listed) and not passes(graph, train) and not passes(graph, other)
    fixed = settle(graph, {"train": train, "listed": listed})
    assert passes(fixed, train) and passes(fixed, listed)
    assert passes(fixed, other)  # another kind of fuel, never shown to the fixer
    pattern = next(var.pattern for node in fixed.nodes if node.id == "fuel" for var in node.extract_vars)
    assert pattern is not None and pattern.startswith(r"(?i)\b(diesel|gasoline|propane|")
    assert "shop heater" not in pattern  # the caller's own words are not written in


def test_the_loop_does_not_widen_with_kinds_for_a_word_that_is_no_kind() -> None:
    graph = _fuel_dealer()
    train = scenario(["Can you deliver to the farm?", "The usual, whatever we got last time."], extracted("fuel", "(?i)usual"))
    fixed = settle(graph, {"train": train})
    pattern = next(var.pattern for node in fixed.nodes if node.id == "fuel" for var in node.extract_vars)
    assert pattern is not None and "butane" not in pattern and "kerosene" not in pattern

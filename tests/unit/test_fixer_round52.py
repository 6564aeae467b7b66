"""Issue 13's fixer, round 52 (from fixer-validation-49, studied after its blind score): a noun or
adjective keyword that says which thing ("the *wind* rating", "mad as a *wet* hen") gives way to the
word on its own (mentions.on_its_own), and the word on its own is also the word said of a time
("stays wet till June", "wet every spring") or as the subject of the trouble ("the wind got under
the end", "the wind tore the plastic"). Before, those words were not among what may follow a word
on its own, so the narrowing failed the callers whose trouble it is, and verification dropped it.

And a value taken back in the same breath ("Put us down for 3, no, wait, 4"; from
fixer-labels-validation-39): the engine extracts what the caller settled on
(compiled.settled_capture, label_corrections.corrected, which the label readings of values already
used), as any agent hears it, and the fixer checks its patterns the same way, so a count pattern
written for the answer takes 4. Made-up domains: a greenhouse builder, a sod farm's drainage crew, a
canoe livery's trip desk.

And a noun keyword said only as a unit after a number ("The well's about forty rods east of the
corrals", from fixer-validation-50's windmill company: a rod is the pump's and the old land measure)
gives way to the word named as a thing (after a determiner or a possessive, maybe one word between,
or opening a sentence: "a rod parted", "the sucker rods"), with its other form the edge lists
("rods")."""

from __future__ import annotations

import re

import pytest
from test_repair_reviewer_edits import _one_menu, iterate, passes, reached, scenario

from fix_loop import asks_one_thing, repaired_alike
from fix_loop import scenario as loop_scenario
from tornado_operator.engine.repair.mentions import on_its_own
from tornado_operator.engine.sim.compiled import settled_capture


@pytest.mark.parametrize(
    ("keyword", "alone"),
    [
        ("wind", "the wind got under the end wall last night"),
        ("wind", "the wind tore the plastic clean off"),
        ("wind", "wind ripped the door off its track"),
        ("wind", "a gust of wind took the whole skin"),
        ("wet", "the low corner stays wet till June"),
        ("wet", "it's wet every spring, you can't plant it"),
        ("wet", "that field is wet most of the year"),
        ("wet", "it's too wet, because the old tile is shot"),
    ],
)
def test_the_word_on_its_own_takes_it_said_of_a_time_or_as_what_did_the_damage(keyword: str, alone: str) -> None:
    assert re.search(on_its_own(keyword), alone), alone


@pytest.mark.parametrize(
    ("keyword", "which"),
    [
        ("wind", "what's the wind rating on your thirty-foot gothic?"),
        ("wind", "there's a charge for wind bracing on my bill"),
        ("wet", "he's been mad as a wet hen since your invoice came"),
        ("wet", "about as much help as a wet noodle"),
    ],
)
def test_the_word_on_its_own_never_takes_it_saying_which_thing(keyword: str, which: str) -> None:
    assert re.search(on_its_own(keyword), which) is None, which


def test_a_rating_of_the_product_asked_about_gives_way_to_the_wind_on_its_own_and_the_damage_still_routes() -> None:
    # a = a service ticket (the wind damaged a tunnel), b = a quote for a new tunnel
    graph = _one_menu(["wind", "torn", "collapsed"], ["price", "quote", "new tunnel"])
    rating = scenario(["What's the wind rating on your gothic tunnel? I'd like a price on one."], reached("b"))
    damage = scenario(["The wind got under the end of our tunnel last night and peeled the skin back"], reached("a"))
    # the damage first, then a quote: the service ticket (so not by trying the quote edge first)
    both = scenario(["The wind tore the plastic off, get somebody out first, then a quote on a second one"], reached("a"))
    assert not passes(graph, rating) and passes(graph, damage) and passes(graph, both)
    result = iterate(graph, {"rating": rating, "damage": damage, "both": both})
    assert result.forked_graph is not None
    match = next(e for e in result.forked_graph.edges if e.id == "to-a").match
    assert "wind" not in match.keywords and "torn" in match.keywords
    assert passes(result.forked_graph, rating) and passes(result.forked_graph, damage) and passes(result.forked_graph, both)
    # the next callers: another rating asked about, another storm
    assert passes(result.forked_graph, scenario(["Is the wind load on the caterpillar model any good? I want a quote"], reached("b")))
    assert passes(result.forked_graph, scenario(["The wind tore the end wall off the big tunnel"], reached("a")))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Put us down for 3, no, wait, 4; Manny says he's in.", "4"),
        ("Six... actually, make that 7", "7"),
        ("We'll need 2 canoes, sorry, I mean 3", "3"),
        ("3 canoes, and we'll be there by 9", "3"),  # nothing taken back: the first
        ("4, no more than that", "4"),  # "no more" takes nothing back
    ],
)
def test_a_value_taken_back_is_extracted_as_the_caller_settled_on_it(text: str, value: str) -> None:
    assert settled_capture(re.compile(r"\b(\d{1,2})\b"), text) == value


def _expected(variable: str, value: str) -> dict[str, object]:
    return {"type": "VARIABLE_EXTRACTED", "config": {"variableName": variable, "expectedValue": value}}


def test_a_count_pattern_written_for_a_count_taken_back_takes_the_count_settled_on() -> None:
    graph = asks_one_thing(
        "Riverbend Canoe Livery, how can I help?", "trips", ["trip", "float"], "How many canoes?", "See you on the river.",
        extract=[{"name": "canoes", "description": "How many canoes, like 2.", "type": "integer"}],
    )
    train = loop_scenario(["We'd like to book a float trip", "Put us down for 3, no, wait, 4; my cousin's in."], _expected("canoes", "4"))
    held_out = loop_scenario(["I want to book a trip", "Two... actually, make that 5"], _expected("canoes", "5"))
    repaired_alike(graph, train, held_out)


def test_a_noun_keyword_said_only_as_a_unit_after_a_number_gives_way_to_the_word_named_as_a_thing() -> None:
    # a = a service call (a pump rod broke), b = a quote for a new windmill
    graph = _one_menu(["rod", "rods", "leathers"], ["price", "new mill", "quote"])
    distance = scenario(["What would a new mill run? The well's about forty rods east of the corrals."], reached("b"))
    parted = scenario(["I think a rod parted down the hole, she pumps air"], reached("a"))
    sucker = scenario(["The sucker rods are bent again"], reached("a"))
    # the broken rod first, then a quote: the service call (so not by trying the quote edge first)
    both = scenario(["The rods parted, send somebody out, and then I'd like a price on a second mill"], reached("a"))
    assert not passes(graph, distance) and passes(graph, parted) and passes(graph, sucker) and passes(graph, both)
    result = iterate(graph, {"distance": distance, "parted": parted, "sucker": sucker, "both": both})
    assert result.forked_graph is not None
    match = next(e for e in result.forked_graph.edges if e.id == "to-a").match
    assert "rod" not in match.keywords and "rods" not in match.keywords and "leathers" in match.keywords
    assert all(passes(result.forked_graph, spec) for spec in (distance, parted, sucker, both))
    # the next callers: another distance, another broken rod
    assert passes(result.forked_graph, scenario(["It's maybe sixty rods off the county road, what's your price on a new mill?"], reached("b")))
    assert passes(result.forked_graph, scenario(["Rod broke again this morning."], reached("a")))
    assert passes(result.forked_graph, scenario(["My pump rod snapped"], reached("a")))

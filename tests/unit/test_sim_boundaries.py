"""Keyword matching and extraction details of the simulator (sim/compiled.py, sim/routing.py):
the bare "no" that negates only before one/need/longer, the three-word negation window, which
words take inflections, patterns matched on the original text, and thousands separators."""

from __future__ import annotations

import re

import pytest

from tornado_operator.api.pathway import MatchCondition
from tornado_operator.engine.sim.compiled import compile_match, keyword_regex, negated
from tornado_operator.engine.sim.routing import convert_value


def negated_before(text: str, keyword: str) -> bool:
    return negated(text, text.index(keyword))


@pytest.mark.parametrize(
    ("text", "keyword", "expected"),
    [
        ("no one's hurt, just billing", "hurt", True),
        ("there is no need to cancel", "cancel", True),
        ("i no longer need the booking", "need", True),
        ("i have no power at home", "power", False),  # a bare "no": what an outage caller has
        ("i have no", "no", False),
        ("i need billing", "billing", False),  # "need" after something other than "no" negates nothing
        ("i do not want billing", "billing", True),
        ("i do not really truly want billing", "billing", False),  # "not" is four words back: out of the window
        ("why can't i cancel", "cancel", False),  # a question, not a negation
    ],
)
def test_negation_just_before_a_keyword(text: str, keyword: str, expected: bool) -> None:
    assert negated_before(text, keyword) is expected


def test_a_bare_no_at_the_end_of_the_window_negates_nothing() -> None:
    assert negated("i have no ", len("i have no ")) is False
    assert negated("no", 2) is False


@pytest.mark.parametrize(
    ("keyword", "text", "matches"),
    [("card", "two cards", True), ("card", "carded", True), ("id", "my ids", False), ("id", "my id", True),
     ("24x7", "24x7s", False), ("lost card", "lost   cards", True)],
)
def test_only_alphabetic_words_of_three_letters_or_more_take_inflections(keyword: str, text: str, matches: bool) -> None:
    assert (re.search(keyword_regex(keyword), text) is not None) is matches


@pytest.mark.parametrize(
    ("keyword", "text", "matches"),
    [
        ("whole body", "a whole-body session", True),  # (fixer-validation-33's callers say it so)
        ("whole body", "the whole - body one", True),
        ("whole-body", "the whole body one", True),
        ("check-in", "what time is check in", True),
        ("drop off", "the drop-off desk", True),
        ("whole body", "wholebody", False),
        ("whole body", "whole new body", False),
        ("check-in", "checking", False),
    ],
)
def test_the_words_of_a_keyword_are_apart_by_spaces_or_a_hyphen(keyword: str, text: str, matches: bool) -> None:
    assert (re.search(keyword_regex(keyword), text) is not None) is matches


def test_patterns_are_matched_on_the_original_text() -> None:
    condition = compile_match(MatchCondition(patterns=[r"[A-Z]{2}\d{4}"]))
    assert condition.matches("my code is ab1234", "my code is AB1234")
    assert condition.matches("(lower-cased copy for keywords)", "my code is AB1234")  # patterns read the text itself
    assert not condition.matches("my code is ab1234", "nothing here")
    assert not condition.matches("nothing here", "nothing here")


@pytest.mark.parametrize(
    ("value", "type_", "converted"),
    [("1,234", "integer", 1234), ("1,234.5", "number", 1234.5), ("12a", "integer", "12a"), ("x", "number", "x")],
)
def test_thousands_separators_are_dropped_before_converting(value: str, type_: str, converted: object) -> None:
    assert convert_value(value, type_) == converted


def test_a_question_does_not_hide_a_negation_after_it() -> None:
    """"can't I" is a question, but a "not" after it in the window still negates."""
    assert negated_before("why can't i not cancel", "cancel") is True
    assert negated_before("why can't i cancel", "cancel") is False


@pytest.mark.parametrize(("value", "converted"), [(" Yes ", True), ("NOPE", False), ("0", False), ("maybe", "maybe")])
def test_booleans_are_read_from_yes_and_no_words(value: str, converted: object) -> None:
    assert convert_value(value, "boolean") == converted


def test_boolean_variables_render_in_lower_case() -> None:
    from tornado_operator.engine.sim.compiled import Template

    assert Template.parse("vip {{a}}, blocked {{b}}, {{missing}}").render({"a": True, "b": False}) == "vip true, blocked false, {{missing}}"


def test_an_extraction_pattern_is_matched_whatever_case_the_caller_uses() -> None:
    from tornado_operator.api.pathway import PathwayGraph
    from tornado_operator.engine.sim.compiled import CompiledGraph
    from tornado_operator.engine.sim.routing import extract

    graph = CompiledGraph(PathwayGraph.model_validate({
        "nodes": [{"id": "ask", "isStart": True, "text": "Your member code?",
                   "extractVars": [{"name": "code", "pattern": r"\b(GM\d{5})\b"}]}],
        "edges": [],
    }))
    assert extract(graph.nodes["ask"], "it's gm12345") == {"code": "gm12345"}
    assert extract(graph.nodes["ask"], "it's GM12345") == {"code": "GM12345"}
    assert extract(graph.nodes["ask"], "it's GM1234") == {}

"""Each kind of mention (repair/mentions.py), on sentences of its own, with the turn that asks
for the keyword beside it: the mention is found, the request is not."""

from __future__ import annotations

import re

import pytest

from tornado_operator.engine.repair.mentions import (
    as_subject,
    find_mention,
    modifying,
    noun_phrases,
    on_its_own,
    said_as_a_place,
    verb_phrases,
)


@pytest.mark.parametrize(
    ("turn", "keyword", "said"),
    [
        ("my realtor said to call you", "realtor", "my realtor"),  # the caller's own, reported
        ("it's for my student loan company", "loan", "my student loan"),  # two words between
        ("the mechanic there told me to ask", "mechanic", "the mechanic there told"),
        ("he's a bit nervous around dogs", "bit", "a bit"),  # a past tense after an article
        ("could you lend me a ladder", "lend", "lend me"),  # the caller receives
        ("i'm a return customer", "return", "a return customer"),  # says which customer
        ("i'm a pharmacist myself", "pharmacist", "i'm a pharmacist"),  # what the caller is
        ("i canceled my class and still got a fee", "cancel", "i canceled"),  # done before
        ("thursday is fine for me", "fine", "is fine"),  # said of something; "a fine" is a thing
        ("we had a crack in the windshield repaired last spring", "crack", "a crack in the windshield repaired"),
        ("the clog in the drain that got cleared up in may", "clog", "the clog in the drain that got cleared up"),
    ],
)
def test_each_kind_of_mention_is_found(turn: str, keyword: str, said: str) -> None:
    found = find_mention(turn, keyword)
    assert found is not None and found.said == said


@pytest.mark.parametrize(
    ("turn", "keyword"),
    [
        ("can i talk to a realtor", "realtor"),
        ("i need to cancel my membership", "cancel"),
        ("the dog bit my son", "bit"),
        ("i'd like to lend my old tools", "lend"),
        ("i need to return a jacket", "return"),
        ("i owe a fine", "fine"),
        ("is my order ready", "ready"),  # an adjective asked about: the state question's, not a mention
        ("there's a crack in the windshield that keeps spreading", "crack"),  # a problem there now
        ("the clog came back after you fixed it", "clog"),  # back again: no dealt-with phrase after it
    ],
)
def test_a_turn_that_asks_for_the_keyword_is_no_mention(turn: str, keyword: str) -> None:
    assert find_mention(turn, keyword) is None


def test_a_person_is_asked_for_to_or_with_them_and_a_thing_with_its_article_or_about_it() -> None:
    assert "to a nurse" in noun_phrases("nurse") and "the nurse" not in noun_phrases("nurse")
    assert noun_phrases("loan") == ("a loan", "the loan", "about a loan", "about the loan")
    assert verb_phrases("return")[:2] == ("to return", "please return")


def test_a_problem_dealt_with_is_asked_for_as_one_there_now() -> None:
    found = find_mention("we had a crack in the windshield repaired last spring", "crack")
    assert found is not None
    assert "have a crack" in found.asking and "the crack is" in found.asking
    assert not any(phrase in {"a crack", "the crack"} for phrase in found.asking)  # the history says those


@pytest.mark.parametrize(
    ("turn", "keyword", "said"),
    [
        ("the water heater in the garage is making a noise", "water", "water heater"),
        ("our smoke detector keeps chirping", "smoke", "smoke detector"),
        ("the bus driver was rude to my son", "bus", "bus driver"),
    ],
)
def test_a_noun_keyword_that_says_which_thing_is_found(turn: str, keyword: str, said: str) -> None:
    assert modifying(turn, keyword) == said


@pytest.mark.parametrize(
    ("turn", "keyword"),
    [
        ("there's water all over the kitchen floor", "water"),  # a preposition after it
        ("i can see smoke coming from the vent", "smoke"),  # a verb of its own
        ("the bus never showed up", "bus"),  # an adverb: "never" is no noun
        ("water everywhere!", "water"),
    ],
)
def test_a_noun_keyword_on_its_own_says_no_other_thing(turn: str, keyword: str) -> None:
    assert modifying(turn, keyword) is None


def test_the_pattern_for_a_noun_on_its_own_takes_it_alone_and_never_saying_which_thing() -> None:
    pattern = on_its_own("water")
    for alone in ("there's water all over the floor", "Water! Everywhere!", "I've got water", "water is pouring in"):
        assert re.search(pattern, alone), alone
    for which in ("the water heater is leaking", "my water bill", "a water softener"):
        assert re.search(pattern, which) is None, which


def test_a_participle_after_the_callers_thing_is_no_owned_thing() -> None:
    # "my laptop got hacked": no "a hacked" or "the hacked" to ask for
    found = find_mention("my laptop got hacked yesterday", "hacked")
    assert found is None or not any(phrase.startswith(("a ", "the ", "about ")) for phrase in found.asking)


def test_an_event_long_past_is_a_mention_asked_for_as_one_that_just_happened() -> None:
    found = find_mention("we had a fire a couple of years ago and the insurance was a nightmare", "fire")
    assert found is not None and found.said == "a fire a couple of years ago"
    assert "just had a fire" in found.asking and "a fire with" in found.asking
    assert find_mention("there was a fire in the kitchen just now", "fire") is None  # it just happened
    assert find_mention("we had a break-in last year", "break-in") is not None


def test_a_noun_said_as_the_place_something_happened_and_the_pattern_for_its_own_trouble() -> None:
    assert said_as_a_place("he slipped in the lobby this morning", "lobby") == "in the lobby"
    assert said_as_a_place("the lobby doors won't open", "lobby") is None
    pattern = as_subject("elevator")
    for trouble in ("the elevator is stuck on four", "our elevator never works", "Elevator keeps beeping"):
        assert re.search(pattern, trouble), trouble
    for place in ("I got a call in the elevator", "we met by the elevator yesterday"):
        assert re.search(pattern, place) is None, place


def test_a_keyword_after_someones_name_possessive_is_theirs_and_a_contraction_is_no_one() -> None:
    from tornado_operator.engine.repair.mentions import find_mention

    found = find_mention("is max's vaccination up to date?", "vaccination")
    assert found is not None and found.said == "max's vaccination" and "a vaccination" in found.asking
    for asking in ("what's vaccination cost here?", "it's vaccination day?", "i need a vaccination for max"):
        assert find_mention(asking, "vaccination") is None, asking

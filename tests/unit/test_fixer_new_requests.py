"""A keyword for one that exists, fired by a request for a new one (a class from
fixer-validation-23, studied after its blind score), on made-up lines of its own (a bakery, an
equipment rental yard, a sign shop), both sides of every bound:

An edge for "an order already placed" keyed on "order", one for "a machine already at the job"
keyed on "at the job", one for "a question about a bill" keyed on "bill", take a caller who asks
for a new one ("I'd like to order a birthday cake", "we need a skid steer at the job by
Thursday", "please bill it to the main office"). A reviewer narrows the keyword to the phrases
that name the existing one ("my order", "an order I placed", "already at the job", "a bill from
you"), so the new request reaches its own edge and every caller about an existing one keeps
reaching the old one."""

from __future__ import annotations

import pytest

from fix_loop import passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.mentions import asked_for_anew
from tornado_operator.engine.sim.compiled import keyword_regex


@pytest.mark.parametrize(
    ("turn", "keyword", "said"),
    [
        ("i'd like to order a birthday cake for saturday.", "order", "like to order"),
        ("can we put in an order for two dozen cupcakes?", "order", "put in an order"),
        ("we need a skid steer at the job by thursday.", "at the job", "need a skid steer at the job"),
        ("can you get a mini excavator at the job monday?", "at the job", "get a mini excavator at the job"),
        ("we need a banner, and please bill it to the main office.", "bill", "please bill"),
        ("the invoice should go to our accounts payable.", "invoice", "invoice should go"),
        # one that exists: no request for a new one
        ("is my order ready?", "order", None),
        ("i ordered a sheet cake last week.", "order", None),
        ("we have a skid steer at the job and it won't start.", "at the job", None),  # "have": owns one
        ("the lift that's at the job is leaking.", "at the job", None),
        ("we got a bill from you that looks too high.", "bill", None),
        ("i have a question about an order.", "order", None),
        ("i need a copy of the invoice for my records.", "invoice", None),  # three words between: no new one
    ],
)
def test_a_request_for_a_new_one_is_told_from_one_that_exists(turn: str, keyword: str, said: str | None) -> None:
    found = asked_for_anew(turn, keyword)
    assert (found.said if found is not None else None) == said


@pytest.mark.parametrize(
    ("keyword", "new_one", "existing"),
    [
        ("order", "i'd like to order a birthday cake", ["is my order ready?", "i'm calling about an order i placed",
                                                          "we ordered the sheet cake monday", "the order you took was wrong"]),
        ("at the job", "we need a skid steer at the job by thursday", ["the lift that's at the job is leaking",
                                                                         "your excavator is already at the job",
                                                                         "the roller you have at the job quit"]),
        ("bill", "please bill it to the main office", ["we got a bill from you", "a question about my bill",
                                                        "you billed us twice", "the bill was too high"]),
    ],
)
def test_the_phrases_that_name_the_existing_one_fit_its_callers_and_not_the_request(
    keyword: str, new_one: str, existing: list[str]
) -> None:
    import re

    found = asked_for_anew(new_one, keyword)
    assert found is not None
    assert not any(re.search(keyword_regex(phrase), new_one) for phrase in found.asking)
    for turn in existing:
        assert any(re.search(keyword_regex(phrase), turn) for phrase in found.asking), turn


def _bakery() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Crumb and Co., how can I help?"},
            {"id": "pickup", "text": "What name is the order under?"},
            {"id": "custom", "text": "What's the occasion, and how many people?"},
        ],
        "edges": [
            {"id": "to-pickup", "source": "greet", "target": "pickup", "label": "an order already placed",
             "match": {"keywords": ["order", "orders", "pickup", "ready"]}},
            {"id": "to-custom", "source": "greet", "target": "custom", "label": "a custom cake",
             "match": {"keywords": ["cake", "cakes", "cupcakes", "birthday", "wedding"]}},
        ],
    })


def test_the_loop_narrows_an_order_keyword_a_new_order_fired() -> None:
    train = scenario(["I'd like to order a birthday cake for Saturday."], reached("custom"))
    para = scenario(["Can we put in an order for two dozen cupcakes for a wedding?"], reached("custom"))
    mine = scenario(["Hi, I'm checking on my order from yesterday."], reached("pickup"))
    placed = scenario(["I'm calling about an order I placed for a sheet cake."], reached("pickup"))
    graph = _bakery()
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, mine) and passes(graph, placed)
    fixed = settle(graph, {"train": train, "mine": mine, "placed": placed})
    assert passes(fixed, train)
    assert passes(fixed, mine) and passes(fixed, placed)  # callers about theirs keep reaching it
    assert passes(fixed, para)  # never shown to the fixer


def _rental_yard() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Keystone Equipment, how can I help?"},
            {"id": "service", "text": "What's the unit number on the machine?"},
            {"id": "rent", "text": "What machine do you need, and for which days?"},
        ],
        "edges": [
            {"id": "to-service", "source": "greet", "target": "service", "label": "a machine already at the caller's job",
             "match": {"keywords": ["at the job", "broke down", "won't start"]}},
            {"id": "to-rent", "source": "greet", "target": "rent", "label": "renting a machine",
             "match": {"keywords": ["skid steer", "excavator", "lift", "rent"]}},
        ],
    })


def test_the_loop_narrows_a_place_phrase_a_new_rental_fired() -> None:
    train = scenario(["We need a skid steer at the job by Thursday for grading."], reached("rent"))
    para = scenario(["Can you get a scissor lift at the job first thing Monday?"], reached("rent"))
    there = scenario(["Your excavator that's at the job is leaking oil everywhere."], reached("service"))
    graph = _rental_yard()
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, there)
    fixed = settle(graph, {"train": train, "there": there})
    assert passes(fixed, train) and passes(fixed, there)
    assert passes(fixed, para)


def _sign_shop() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Bright Line Signs, how can I help?"},
            {"id": "billing", "text": "What's the invoice number?"},
            {"id": "sign", "text": "What size sign are you thinking, and where will it hang?"},
        ],
        "edges": [
            {"id": "to-billing", "source": "greet", "target": "billing", "label": "a question about a bill",
             "match": {"keywords": ["bill", "payment", "balance"]}},
            {"id": "to-sign", "source": "greet", "target": "sign", "label": "a new sign",
             "match": {"keywords": ["sign", "banner", "lettering"]}},
        ],
    })


def test_the_loop_narrows_a_bill_keyword_said_as_where_to_send_it() -> None:
    train = scenario(["We need a banner for our grand opening, and please bill it to the main office."], reached("sign"))
    para = scenario(["Could you bill the lettering on our trucks to the Akron store?"], reached("sign"))
    theirs = scenario(["We got a bill from you that looks too high."], reached("billing"))
    graph = _sign_shop()
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, theirs)
    fixed = settle(graph, {"train": train, "theirs": theirs})
    assert passes(fixed, train) and passes(fixed, theirs)
    assert passes(fixed, para)

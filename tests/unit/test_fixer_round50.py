"""Fixer classes from fixer-validation-44's study (stop 50), on made-up lines of their own (a
defibrillator service company, a fire-extinguisher shop), both sides of every bound:

- a keyword that took a turn in another sense ("Your invoice is in AED" for the company's
  defibrillators) is narrowed to the phrases the pathway itself uses it in, now also where the
  edge's own question asks it and where the business says what it does ("AED units" in the global
  prompt), and to the caller's own one ("our AED", "my AED"): a caller whose own unit is in
  trouble still reaches the service question;
- a keyword written in capitals is a thing's initials (a noun), however WordNet reads its
  letters ("ups" is only a verb there);
- the caller's own one is never offered when the caller's turn says it (it would keep taking
  the turn), nor for a word that is mostly a verb or an adjective ("check", "sick");
- from fixer-validation-45: a date said with its weekday and the month after the day ("Friday the
  fifth of September", "Monday the twenty-first of June") is one value, the whole of it;
- an adjective keyword said as how much of another adjective ("dead sure", "dead serious": quite
  sure) is narrowed to the keyword said with a degree or a verb of becoming ("went dead", "so
  dead"); after a determiner it describes a thing ("a dead battery"), as before;
- the hours something is open, said as a window ("six in the morning till two-thirty", "7 to
  3:30") or by one end ("anytime before noon", "after two"), are a value of their own;
- from fixer-validation-46: a one-word keyword said only as an interjection, alone at a sentence's
  start before a comma or "!" ("Oh, shoot, I almost forgot", "Shoot, I hate to ask"), is replaced
  by a pattern of the word with what follows it in a sentence ("shoot the bare spot again") or
  ending one; "Can you darn the heel?" and "the darn socks ..., darn it" are no oath alone;
- a holiday, or a day counted from one ("The Monday after Mother's Day", "the weekend before Labor
  Day", "Thanksgiving"), is a date as callers say it, beside every date said the other ways."""

from __future__ import annotations

import re

import pytest

from fix_loop import asks_one_thing, extracted, passes, reached, repaired_alike, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.repair.strategies.routing import (
    _describing_another_thing,
    _said_as_an_interjection,
)
from tornado_operator.engine.repair.values import DATE_BY_HOLIDAY, DATE_WITH_WEEKDAY, OPEN_HOURS
from tornado_operator.engine.sim.conversation import RoutingEvent


def _aed_service(keyword: str = "AED") -> PathwayGraph:
    return PathwayGraph.model_validate({
        "globalPrompt": "You are the phone line of Lakeshore Heart Safety. We sell and service AED units and "
                        "first-aid cabinets for offices, gyms and schools.",
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Lakeshore Heart Safety, is this about service, supplies or a bill?",
             "prompt": "Find out whether the caller has an AED that needs service, wants new pads or batteries, "
                       "or has a question about a bill."},
            {"id": "service", "text": "What is the unit doing?"},
            {"id": "bill", "text": "What name is the account under?"},
        ],
        "edges": [
            {"id": "to-service", "source": "greet", "target": "service", "label": "service on an AED",
             "match": {"keywords": [keyword, "repair", "chirping", "beeping", "service"]}},
            {"id": "to-bill", "source": "greet", "target": "bill", "label": "a bill",
             "match": {"keywords": ["invoice", "bill", "charged"]}},
        ],
    })


def _before_we_pay() -> TestScenarioSpec:
    return scenario(["The unit you put in last spring is beeping again; repair it before we pay the invoice."], reached("service"))


def test_a_keyword_in_another_sense_is_narrowed_to_the_businesss_phrases_and_the_callers_own() -> None:
    graph = _aed_service()
    # (the dirham, the currency of the United Arab Emirates: no defibrillator)
    train = scenario(["We're a hotel group in Dubai and your invoice came in AED, but our office pays in dollars."], reached("bill"))
    units = scenario(["One of the AED units at the gym needs new pads."], reached("service"))
    own = scenario(["Our AED in the break room keeps chirping."], reached("service"))
    other = scenario(["The invoice total is in AED again, please redo it in dollars."], reached("bill"))
    # (a service call holding a bill word: trying the bill edge first is no fix)
    before_pay = _before_we_pay()
    assert not passes(graph, train) and not passes(graph, other) and passes(graph, units) and passes(graph, own)
    assert passes(graph, before_pay)
    fixed = settle(graph, {"train": train, "units": units, "before_pay": before_pay})
    assert passes(fixed, train) and passes(fixed, units) and passes(fixed, before_pay)
    assert passes(fixed, other) and passes(fixed, own)  # never shown to the fixer
    keywords = next(e for e in fixed.edges if e.id == "to-service").match.keywords
    assert "AED" not in keywords and "aed" not in keywords
    assert "aed units" in keywords and "our aed" in keywords and "my aed" in keywords


def test_a_keyword_in_capitals_is_a_thing_however_wordnet_reads_its_letters() -> None:
    # "ups" is only a verb in WordNet; written "UPS" it is a thing the caller can own
    graph = PathwayGraph.model_validate({
        "globalPrompt": "We sell and service backup batteries for UPS systems in data rooms.",
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Is this about service or a bill?"},
            {"id": "service", "text": "What is the unit doing?"},
            {"id": "bill", "text": "What name is the account under?"},
        ],
        "edges": [
            {"id": "to-service", "source": "greet", "target": "service", "label": "service on a UPS",
             "match": {"keywords": ["UPS", "repair", "beeping"]}},
            {"id": "to-bill", "source": "greet", "target": "bill", "label": "a bill", "match": {"keywords": ["invoice", "bill"]}},
        ],
    })
    train = scenario(["The UPS driver dropped off the parts, and the invoice in the box charges us for six."], reached("bill"))
    # held out (run, never shown): narrowing to a request for it ("about the UPS") loses this caller
    own = scenario(["My UPS in the closet won't hold a charge."], reached("service")).model_copy(update={"holdout": True})
    assert not passes(graph, train) and passes(graph, own) and passes(graph, _before_we_pay())
    fixed = settle(graph, {"train": train, "before_pay": _before_we_pay(), "own": own})
    assert passes(fixed, train) and passes(fixed, own)
    keywords = next(e for e in fixed.edges if e.id == "to-service").match.keywords
    assert "ups systems" in keywords and "my ups" in keywords and "UPS" not in keywords


def test_the_callers_own_one_is_not_offered_when_the_turn_says_it() -> None:
    graph = _aed_service()
    # the caller's own AED in another sense: "our AED" would keep taking the turn
    train = scenario(["Our AED balance on the invoice is wrong, we were charged twice."], reached("bill"))
    assert not passes(graph, train)
    fixed = settle(graph, {"train": train, "before_pay": _before_we_pay()})
    keywords = next(e for e in fixed.edges if e.id == "to-service").match.keywords
    assert "our aed" not in keywords
    assert passes(fixed, train)


def test_a_word_that_is_mostly_a_verb_gets_no_owner() -> None:
    # "check" is mostly a verb: "our check" is no thing the business works on
    graph = PathwayGraph.model_validate({
        "globalPrompt": "We restore log homes: we seal log checks and cracks, and stain and chink.",
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Is this about a repair or your account?"},
            {"id": "service", "text": "Where is the house?"},
            {"id": "account", "text": "What name is the account under?"},
        ],
        "edges": [
            {"id": "to-service", "source": "greet", "target": "service", "label": "checks or cracks in the logs",
             "match": {"keywords": ["check", "cracks", "rot"]}},
            {"id": "to-account", "source": "greet", "target": "account", "label": "an account question",
             "match": {"keywords": ["balance", "invoice", "payment"]}},
        ],
    })
    train = scenario(["I mailed a check for the balance last week; did the payment post?"], reached("account"))
    assert not passes(graph, train)
    fixed = settle(graph, {"train": train})
    keywords = next(e for e in fixed.edges if e.id == "to-service").match.keywords
    assert "our check" not in keywords and "my check" not in keywords


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Before the season opener, Friday the fifth of September.", "Friday the fifth of September"),
        ("Monday the twenty-first of June, please", "Monday the twenty-first of June"),
        ("Tuesday the 14th", "Tuesday the 14th"),
        ("Friday, March 3rd works", "Friday, March 3rd"),
        ("Friday the fifth, of course", "Friday the fifth"),  # ("of course": no month)
    ],
)
def test_a_date_with_its_weekday_and_the_month_after_the_day(text: str, value: str) -> None:
    found = re.search(DATE_WITH_WEEKDAY, text, re.IGNORECASE)
    assert found is not None and found.group(1) == value


def test_the_loop_extracts_a_date_said_with_its_weekday_and_the_month_after_the_day() -> None:
    graph = asks_one_thing("Lakeside Bleachers, how can I help?", "new bleachers", ["bleachers"], "When do the bleachers need to be up?", "We'll call with a date.")
    train = scenario(["We need new bleachers for the ball field.", "Before opening day, Saturday the twelfth of April."],
                     extracted("needed_by", "(?i)saturday,? the twelfth of april"))
    other = scenario(["Can you put up bleachers at the gym?", "By Thursday the second of October, if you can."],
                     extracted("needed_by", "(?i)thursday,? the second of october"))
    repaired_alike(graph, train, other)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("our treasurer is dead sure we paid", "dead sure"),
        ("he's dead serious about a new board", "dead serious"),
        ("the whole left side went dead", None),
        ("the board has been dead since Friday", None),  # the state itself
    ],
)
def test_an_adjective_said_as_how_much_of_another(text: str, said: str | None) -> None:
    assert _describing_another_thing(text, "dead") == said


def test_the_loop_narrows_an_adjective_said_as_how_much_of_another() -> None:
    graph = PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Glowline Neon, is this about a repair, a new sign, or a bill?"},
            {"id": "repair", "text": "What is the sign doing?"},
            {"id": "bill", "text": "What name is the account under?"},
        ],
        "edges": [
            {"id": "to-repair", "source": "greet", "target": "repair", "label": "a sign repair",
             "match": {"keywords": ["dead", "flickering", "repair"]}},
            {"id": "to-bill", "source": "greet", "target": "bill", "label": "a bill", "match": {"keywords": ["invoice", "bill"]}},
        ],
    })
    train = scenario(["Our owner is dead certain we paid that invoice in May, and you billed us again."], reached("bill"))
    went = scenario(["Half the letters on our sign went dead last night."], reached("repair")).model_copy(update={"holdout": True})
    # (a repair holding a bill word: trying the bill edge first is no fix)
    before_pay = scenario(["The sign you fixed is flickering again, repair it before we pay the invoice."], reached("repair"))
    assert not passes(graph, train) and passes(graph, went) and passes(graph, before_pay)
    fixed = settle(graph, {"train": train, "went": went, "before_pay": before_pay})
    assert passes(fixed, train) and passes(fixed, went) and passes(fixed, before_pay)
    keywords = next(e for e in fixed.edges if e.id == "to-repair").match.keywords
    assert "dead" not in keywords and "went dead" in keywords


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("We're open six in the morning till two-thirty.", "six in the morning till two-thirty"),
        ("Anytime before noon. After that every door's got a truck in it.", "Anytime before noon"),
        ("7 to 3:30 on weekdays", "7 to 3:30"),
        ("eight a.m. until noon", "eight a.m. until noon"),
        ("Come after two", "after two"),
        ("before the game", None),
        ("We're open, just ring the bell", None),
    ],
)
def test_the_hours_something_is_open(text: str, value: str | None) -> None:
    found = re.search(OPEN_HOURS, text, re.IGNORECASE)
    assert (found.group(1) if found else None) == value


def test_the_loop_extracts_the_hours_something_is_open() -> None:
    graph = asks_one_thing("Ridgeway Firewood, how can I help?", "a delivery", ["delivery", "cord"], "What hours can our driver drop it off?", "We'll schedule the drop.")
    train = scenario(["I'd like a cord delivered.", "Someone's home nine in the morning till four-thirty."],
                     extracted("drop_hours", "(?i)nine in the morning till four[- ]thirty"))
    other = scenario(["Can I get a delivery next week?", "Anytime after noon works."], extracted("drop_hours", "(?i)anytime after noon"))
    repaired_alike(graph, train, other)


def _event(text: str) -> RoutingEvent:
    return RoutingEvent(turn=1, node="greet", text=text, via="edge", target="touchup", edge_id="to-touchup",
                        retries=0, matched="keyword 'darn'")


@pytest.mark.parametrize(
    ("text", "oath"),
    [
        ("Oh, darn, I almost forgot why I called. We need a price on new socks.", True),
        ("Darn! I hate to even ask, but the bill shows two visits.", True),
        ("We need a bid. Aw, darn, I lost the address.", True),
        ("Can you darn the heel of my wool socks?", False),  # the business's word
        ("Darn, and then darn the other heel too, please.", False),  # said both ways: no oath alone
        ("I need the darn socks mended, darn it.", False),  # not alone at a sentence's start
    ],
)
def test_a_keyword_said_only_as_an_interjection(text: str, oath: bool) -> None:
    assert bool(_said_as_an_interjection(_event(text), "quote")) == oath


def test_the_loop_replaces_a_keyword_said_as_an_interjection() -> None:
    graph = PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Nimble Needle Mending, is this about a mending job or a price?"},
            {"id": "mend", "text": "What needs mending?"},
            {"id": "quote", "text": "What would you like priced?"},
        ],
        "edges": [
            {"id": "to-mend", "source": "greet", "target": "mend", "label": "mending", "match": {"keywords": ["darn", "patch", "mend"]}},
            {"id": "to-quote", "source": "greet", "target": "quote", "label": "a price", "match": {"keywords": ["price", "quote"]}},
        ],
    })
    train = scenario(["Oh, darn, I almost forgot why I called. Could I get a price on relining a coat?"], reached("quote"))
    other = scenario(["Darn it all! What's your price to hem six pairs of slacks?"], reached("quote"))  # ("darn it": not alone)
    darn_heel = scenario(["Could you darn the heel of my hiking socks?"], reached("mend")).model_copy(update={"holdout": True})
    # (a mending call holding a price word: trying the price edge first is no fix)
    before_price = scenario(["Please darn these two sweaters before you price the coat."], reached("mend"))
    assert not passes(graph, train) and passes(graph, darn_heel) and passes(graph, before_price)
    fixed = settle(graph, {"train": train, "darn_heel": darn_heel, "before_price": before_price})
    assert passes(fixed, train) and passes(fixed, darn_heel) and passes(fixed, before_price)
    edge = next(e for e in fixed.edges if e.id == "to-mend")
    assert "darn" not in edge.match.keywords
    assert not any(re.search(r"\(\?(?:=|!|<=|<!)", p) for p in edge.match.patterns)  # RE2: no lookaround
    assert not passes(fixed, other)  # "Darn it all!": the oath with an object-like word, left for the next round


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The Monday after Mother's Day, if the grader's done.", "The Monday after Mother's Day"),
        ("the weekend before Labor Day works", "the weekend before Labor Day"),
        ("Sometime after Thanksgiving", "Thanksgiving"),
        ("By the Fourth of July, hopefully", "the Fourth of July"),
        ("July 14th", "July 14th"),  # every date said the other ways
        ("on my day off", None),
        ("Mothers and fathers are welcome", None),
    ],
)
def test_a_date_said_by_a_holiday(text: str, value: str | None) -> None:
    found = re.search(DATE_BY_HOLIDAY, text, re.IGNORECASE)
    assert (found.group(1) if found else None) == value


def test_the_loop_extracts_a_date_said_by_a_holiday() -> None:
    graph = asks_one_thing("Prairie Sod Farms, how can I help?", "a sod order", ["sod"], "When will the ground be ready for sod?", "We'll call with a delivery date.")
    train = scenario(["We need sod for a new backyard.", "The Friday before Memorial Day, if the rain quits."],
                     extracted("ready", "(?i)the friday before memorial day"))
    other = scenario(["Can I order sod for the side yard?", "Right around Father's Day, I'd guess."], extracted("ready", "(?i)father's day"))
    repaired_alike(graph, train, other)

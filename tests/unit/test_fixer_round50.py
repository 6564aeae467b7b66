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
  the turn), nor for a word that is mostly a verb or an adjective ("check", "sick")."""

from __future__ import annotations

from fix_loop import passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec


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

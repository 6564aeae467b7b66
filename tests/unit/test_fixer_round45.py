r"""Fixer classes from fixer-validation-35's study (stop 45, scored blind just before it), on
made-up lines of their own (a bike-share member line, a boat-wrap shop, a bakery's order line, a
tree nursery, a water-damage hotline), both sides of every bound:

- a noun keyword said after "my old", "her previous", "our former", "my other" ("my payout went to
  my old account") names another one than the pathway's: narrowed, like another kind of it, to
  the keyword with a determiner ("my account", "the account"), its inflections too ("Who accounts
  for wait time?");
- an adjective keyword said only after a preposition ("a board that shows up well after dark",
  "I'm totally in the dark about billboards") is a time or an idiom: narrowed to the state it
  names ("went dark", "is dark", "been dark");
- an adjective keyword said of another thing ("our beans are in a low spot") or as short of
  something ("we're low on time"), where the state question (is/are ... low) would lose a caller
  who says it with a degree ("came over so low it rattled the windows"): narrowed to the keyword
  with a degree or a verb ("so low", "too low", "was low");
- an amount of money said in words ("Forty-two fifty.", "Sixty-three dollars and twenty cents.",
  "a hundred and five dollars", "forty bucks") is a value kind where money is asked; a number
  alone ("forty-two") is not, nor a time ("twelve thirty in the afternoon");
- the kinds of thing the business's own description lists in a row ("we bake sourdough, rye,
  brioche and baguettes") tell no edge's intent from another's: never a keyword for an edge that
  is not about them;
- a retryThreshold of 1 where the node's own prompt says not to ask again ("if you can't tell from
  their first answer, don't ask again: put them straight through"); still never 1 otherwise."""

from __future__ import annotations

import re

import pytest

from fix_loop import extracted, passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.strategies.routing import (
    _after_a_preposition,
    _another_kind,
    _describing_another_thing,
    _kinds_the_business_lists,
)
from tornado_operator.engine.repair.values import MONEY_IN_WORDS, first_capture
from tornado_operator.engine.repair.words import hint_words
from tornado_operator.engine.sim.compiled import CompiledGraph

# --- another one than the pathway's -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my ride credit went to my old account", "old account"),
        ("can you move it from her previous account?", "previous account"),
        ("it's on my other account", "other account"),
        ("my account is locked", None),
        ("my new account is locked", None),  # new is still the one the pathway means
        ("the old account", None),  # no possessive: which account is not said to be the caller's other one
    ],
)
def test_another_one_than_the_pathways(text: str, kind: str | None) -> None:
    assert _another_kind(text, "account", "Member account") == kind


def _bike_share() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Spoke City Bikes, how can I help?"},
            {"id": "account", "text": "What's the phone number on your member account?"},
            {"id": "refund", "text": "Which ride was it?"},
        ],
        "edges": [
            {"id": "to-account", "source": "greet", "target": "account", "label": "Member account",
             "match": {"keywords": ["account", "accounts", "locked", "suspended"]}},
            {"id": "to-refund", "source": "greet", "target": "refund", "label": "a refund or a charge",
             "match": {"keywords": ["refund", "charged", "charge", "credit"]}},
        ],
    })


def test_the_loop_narrows_a_keyword_said_of_another_one() -> None:
    train = scenario(["I changed banks and my refund went to my old account. Can you fix it?"], reached("refund"))
    verb = scenario(["Who accounts for the time a bike was broken? I got charged for the whole hour."], reached("refund"))
    member = scenario(["Is my account on hold? The app won't unlock a bike."], reached("account"))
    both = scenario(["My account got locked right after I asked for a refund."], reached("account"))  # no reorder
    graph = _bike_share()
    assert not passes(graph, train) and not passes(graph, verb) and passes(graph, member) and passes(graph, both)
    fixed = settle(graph, {"train": train, "member": member, "both": both})
    assert passes(fixed, train) and passes(fixed, member) and passes(fixed, both)
    assert passes(fixed, verb)  # "accounts" narrowed beside "account", never shown to the fixer
    keywords = next(edge for edge in fixed.edges if edge.id == "to-account").match.keywords
    assert "account" not in keywords and "accounts" not in keywords and "my account" in keywords


# --- an adjective said as a time or an idiom ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "idiom"),
    [
        ("can you wrap a boat we only take out after dark?", "after dark"),
        ("i'm totally in the dark about how wraps work", "in the dark"),
        ("the lights on the sign went dark", None),
        ("it's dark after dark", None),  # said as the state too
    ],
)
def test_an_adjective_said_after_a_preposition(text: str, idiom: str | None) -> None:
    assert _after_a_preposition(text, "dark") == idiom


def _boat_wraps() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Harbor Wraps, how can I help?"},
            {"id": "repair", "text": "What's wrong with the wrap?"},
            {"id": "quote", "text": "How long is the boat?"},
        ],
        "edges": [
            {"id": "to-repair", "source": "greet", "target": "repair", "label": "a wrap or light problem",
             "match": {"keywords": ["dark", "peeling", "faded", "bubbling"]}},
            {"id": "to-quote", "source": "greet", "target": "quote", "label": "a quote for a new wrap",
             "match": {"keywords": ["quote", "price", "how much", "cost"]}},
        ],
    })


def test_the_loop_narrows_an_adjective_said_as_a_time() -> None:
    train = scenario(["What would lit lettering cost, something that shows up after dark?"], reached("quote"))
    idiom = scenario(["I'm in the dark about wraps, but what's the price on a pontoon?"], reached("quote"))
    broken = scenario(["The lettering on my stern went dark last week."], reached("repair"))
    graph = _boat_wraps()
    assert not passes(graph, train) and not passes(graph, idiom) and passes(graph, broken)
    fixed = settle(graph, {"train": train, "broken": broken})
    assert passes(fixed, train) and passes(fixed, broken)
    assert passes(fixed, idiom)  # the idiom, never shown to the fixer
    keywords = next(edge for edge in fixed.edges if edge.id == "to-repair").match.keywords
    assert "dark" not in keywords and "went dark" in keywords


# --- an adjective said of another thing -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("our tomatoes are in a low spot that floods", "low spot"),
        ("we're low on time, can you come monday?", "low on time"),
        ("the pressure is so low", None),
        ("the plane came in low", None),
        ("a low spot, and it's too low to drain", None),  # said as the state too
    ],
)
def test_an_adjective_said_of_another_thing(text: str, said: str | None) -> None:
    assert _describing_another_thing(text, "low") == said


def _water_damage() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Dry Out Pros, how can I help?"},
            {"id": "pressure", "text": "Which faucets are affected?"},
            {"id": "book", "text": "What's the address?"},
        ],
        "edges": [
            {"id": "to-pressure", "source": "greet", "target": "pressure", "label": "water pressure problem",
             "match": {"keywords": ["low", "pressure", "trickle"]}},
            {"id": "to-book", "source": "greet", "target": "book", "label": "book a dry-out",
             "match": {"keywords": ["book", "flooded", "standing water", "dry out"]}},
        ],
    })


def test_the_loop_narrows_an_adjective_said_of_another_thing_after_the_state_question() -> None:
    train = scenario(["Our basement has a low corner and it flooded again last night."], reached("book"))
    short = scenario(["We're low on time before the open house, and there's standing water in the den."], reached("book"))
    degree = scenario(["The water in my shower comes out so low I can barely rinse."], reached("pressure"))
    gone = scenario(["The water's gone low upstairs since the kitchen flooded."], reached("pressure"))  # no reorder
    graph = _water_damage()
    assert not passes(graph, train) and not passes(graph, short) and passes(graph, degree) and passes(graph, gone)
    fixed = settle(graph, {"train": train, "degree": degree, "gone": gone})
    assert passes(fixed, train) and passes(fixed, degree) and passes(fixed, gone)
    assert passes(fixed, short)  # short of time, never shown to the fixer
    keywords = next(edge for edge in fixed.edges if edge.id == "to-pressure").match.keywords
    assert "low" not in keywords and "so low" in keywords and "gone low" in keywords


# --- an amount of money in words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Forty-two fifty.", "Forty-two fifty"),
        ("Sixty-three dollars and twenty cents, I think.", "Sixty-three dollars and twenty cents"),
        ("About a hundred and five dollars.", "a hundred and five dollars"),
        ("Twelve oh five.", "Twelve oh five"),
        ("Forty bucks", "Forty bucks"),
        ("Forty-two.", None),  # a number alone may count anything
        ("Twelve thirty in the afternoon", None),
        ("Two hundred thousand", None),
    ],
)
def test_an_amount_of_money_in_words(text: str, amount: str | None) -> None:
    assert first_capture(MONEY_IN_WORDS, text) == amount


def _bakery_refunds() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Crumb and Co., how can I help?"},
            {"id": "amount", "text": "How much were you overcharged?",
             "extractVars": [{"name": "refund_amount", "pattern": r"(\d+\.\d{2})", "description": "The amount to refund."}]},
            {"id": "done", "type": "end_call", "text": "We'll refund it today."},
        ],
        "edges": [
            {"id": "to-amount", "source": "greet", "target": "amount", "label": "an overcharge",
             "match": {"keywords": ["overcharged", "charged twice", "refund"]}},
            {"id": "to-done", "source": "amount", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })



def test_the_loop_widens_an_amount_in_digits_to_an_amount_in_words() -> None:
    train = scenario(["I was overcharged on my cake order.", "Thirty-one seventy-five."], extracted("refund_amount", "(?i)thirty-one seventy-five"))
    cents = scenario(["I got charged twice.", "Eighteen dollars and forty cents."], extracted("refund_amount", "(?i)eighteen dollars and forty cents"))
    digits = scenario(["I need a refund.", "$22.10, from the receipt."], extracted("refund_amount", r"22\.10"))
    graph = _bakery_refunds()
    assert not passes(graph, train) and not passes(graph, cents) and passes(graph, digits)
    fixed = settle(graph, {"train": train, "digits": digits})
    assert passes(fixed, train) and passes(fixed, digits)
    assert passes(fixed, cents)  # dollars and cents said in words, never shown to the fixer


# --- the kinds of thing the business lists ---------------------------------------------------------------


def _bakery_orders(prompt: str) -> PathwayGraph:
    return PathwayGraph.model_validate({
        "globalPrompt": prompt,
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Crumb and Co., are you placing an order or checking on one?"},
            {"id": "status", "text": "What's the name on the order?"},
            {"id": "order", "text": "What would you like?"},
        ],
        "edges": [
            {"id": "to-status", "source": "greet", "target": "status", "label": "checking on an order",
             "match": {"keywords": ["status", "ready yet", "pick up"]}},
            {"id": "to-order", "source": "greet", "target": "order", "label": "a new order",
             "match": {"keywords": ["order", "buy", "cake"]}},
        ],
    })


def test_the_kinds_the_business_lists() -> None:
    listed = _kinds_the_business_lists(CompiledGraph(_bakery_orders("We bake sourdough, rye, brioche and baguettes every morning.")))
    assert hint_words("sourdough rye brioche baguettes") <= listed and not hint_words("bake") & listed
    assert _kinds_the_business_lists(CompiledGraph(_bakery_orders("We bake bread every morning."))) == set()


def test_the_loop_never_keys_an_edge_on_a_kind_the_business_lists() -> None:
    train = scenario(["I phoned in two sourdough yesterday, where am I at with that?"], reached("status"))
    listed = _bakery_orders("We bake sourdough, rye, brioche and baguettes every morning.")
    unlisted = _bakery_orders("We bake bread every morning.")
    assert not passes(listed, train) and not passes(unlisted, train)

    def keywords(graph: PathwayGraph) -> list[str]:
        return next(edge for edge in graph.edges if edge.id == "to-status").match.keywords

    assert "sourdough" not in keywords(settle(listed, {"train": train}))
    assert "sourdough" in keywords(settle(unlisted, {"train": train}))  # the rule's other side: nothing listed


# --- a retry threshold of one, where the prompt says so ----------------------------------------------------


def _nursery(prompt: str) -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Greenway Nursery, how can I help?"},
            {"id": "sick", "text": "Did it come from us, and is it a tree or a shrub?", "prompt": prompt,
             "config": {"retryThreshold": 2, "fallbackNodeId": "arborist"}},
            {"id": "arborist", "type": "transfer", "text": "Putting you through to our arborist.",
             "transfer": {"target": "+1-555-0100"}},
            {"id": "done", "type": "end_call", "text": "Thanks."},
        ],
        "edges": [
            {"id": "to-sick", "source": "greet", "target": "sick", "label": "a sick plant", "match": {"keywords": ["dying", "sick"]}},
            {"id": "to-done", "source": "sick", "target": "done", "label": "a tree or shrub", "match": {"keywords": ["tree", "shrub"]}},
        ],
    })


@pytest.mark.parametrize(
    ("prompt", "threshold"),
    [
        ("Find out what it is. If you can't tell from their first answer, don't ask again: put them through to the arborist.", 1),
        ("Find out what it is. Never ask twice; the arborist takes it from there.", 1),
        ("Find out what it is, asking again if you need to.", 2),  # no word of it: never below 2
    ],
)
def test_a_threshold_of_one_only_where_the_prompt_says_not_to_ask_again(prompt: str, threshold: int) -> None:
    train = scenario(["My maple from you is dying.", "Honestly I couldn't tell you, my husband planted it.", "No idea.", "Okay."],
                     {"type": "TRANSFERRED", "config": {"expected": True, "target": "+1-555-0100", "maxTurn": 2}})
    fixed = settle(_nursery(prompt), {"train": train})
    sick = next(node for node in fixed.nodes if node.id == "sick")
    assert sick.config is not None and sick.config.retry_threshold == threshold
    assert passes(fixed, train) is (threshold == 1)


def test_money_is_no_value_kind_where_no_money_is_asked() -> None:
    assert re.fullmatch(MONEY_IN_WORDS, "twelve thirty", re.IGNORECASE)  # the shape alone is a money shape
    # (the extraction strategy adds it only where the question, the variable or its pattern is about money:
    # test_the_loop_widens_an_amount_in_digits_to_an_amount_in_words is that side; a time asked is the other)
    graph = PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Crumb and Co., how can I help?"},
            {"id": "when", "text": "What time will you pick up?",
             "extractVars": [{"name": "pickup", "pattern": r"(\d{1,2}:\d{2})", "description": "When they come."}]},
            {"id": "done", "type": "end_call", "text": "See you then."},
        ],
        "edges": [
            {"id": "to-when", "source": "greet", "target": "when", "label": "a pickup", "match": {"keywords": ["pick up"]}},
            {"id": "to-done", "source": "when", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })
    train = scenario(["I'd like to pick up my order.", "Twelve thirty."], extracted("pickup", "(?i)twelve thirty"))
    fixed = settle(graph, {"train": train})
    patterns = [var.pattern for node in fixed.nodes for var in node.extract_vars or [] if var.name == "pickup"]
    assert all(pattern is None or "dollars" not in pattern for pattern in patterns)


# --- from fixer-validation-36 ---------------------------------------------------------------------------
# a number word is never a keyword ("We hauled nineteen calves"); a number joined to what it counts
# ("a four-story building", "mostly five-weights") is a value; "i'm reading" names no kind of reading;
# a noun keyword said as a verb with its object ("I'm reading the letter from the court") gives way to
# the thing said with its determiner and at most one word between ("a high reading"); a decimal with
# its leading zero is also said without it (".03") and aloud ("point oh two five"); a particle keyword
# said with the way something goes ("send the calves down to the sale") gives way to the word on its
# own ("a heifer down in the pen"); a time said the old way ("a quarter to seven", "half past six").


def test_a_number_word_is_never_a_keyword() -> None:
    from tornado_operator.engine.repair.words import keyword_candidates

    found = keyword_candidates("We hauled nineteen calves to your sale Friday, and twelve heifers", exclude=set(), hints=set())
    assert not {"nineteen", "twelve"} & set(found) and "haul" in found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It's a four-story building.", "four-story"),
        ("Mostly five-weights.", "five-weights"),
        ("A 12-unit building", "12-unit"),
        ("It's a well-kept building", None),
        ("Four stories", None),
    ],
)
def test_a_number_joined_to_what_it_counts(text: str, value: str | None) -> None:
    from tornado_operator.engine.repair.values import NUMBER_COMPOUND

    assert first_capture(NUMBER_COMPOUND, text) == value


def test_a_contraction_names_no_kind() -> None:
    assert _another_kind("i'm reading the letter from the court", "reading", "Lockout") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Point oh two five.", "Point oh two five"),
        ("Like a .03, something like that.", ".03"),
        ("The screen said 0.041, fail.", "0.041"),
        ("zero point oh four", "zero point oh four"),
        ("It cost 10.05", None),
    ],
)
def test_a_decimal_said_without_its_zero_or_aloud(text: str, value: str | None) -> None:
    from tornado_operator.engine.repair.values import decimal_said

    widened = decimal_said(r"\b(0\.\d{2,3})\b")
    assert widened is not None and first_capture(widened, text) == value
    assert decimal_said(r"\b(\d{3,4})\b") is None


@pytest.mark.parametrize(
    ("text", "time"),
    [("Like a quarter to seven, maybe.", "a quarter to seven"), ("half past six", "half past six"),
     ("ten after nine this morning", "ten after nine"), ("a quarter of the way", None), ("I have ten after all", None)],
)
def test_a_time_said_the_old_way(text: str, time: str | None) -> None:
    from tornado_operator.engine.repair.values import TIME

    assert first_capture(TIME, text) == time


def _breathalyzer() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "SafeStart Interlocks, how can I help?"},
            {"id": "reading", "text": "What did the screen say?",
             "extractVars": [{"name": "bac", "pattern": r"\b(0\.\d{2,3})\b", "description": "The reading the device showed."}]},
            {"id": "done", "type": "end_call", "text": "We'll review it."},
            {"id": "book", "text": "What day works for the install?"},
        ],
        "edges": [
            {"id": "to-reading", "source": "greet", "target": "reading", "label": "a failed test",
             "match": {"keywords": ["reading", "failed", "lockout"]}},
            {"id": "to-book", "source": "greet", "target": "book", "label": "an install", "match": {"keywords": ["install", "installed"]}},
            {"id": "to-done", "source": "reading", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_reads_a_decimal_said_aloud_and_narrows_a_noun_said_as_a_verb() -> None:
    aloud = scenario(["It says I failed this morning.", "Point oh two five."], extracted("bac", "(?i)point oh two five"))
    short = scenario(["The device failed me.", "Like a .03, I think."], extracted("bac", r"\.03"))
    digits = scenario(["I failed a test.", "0.041 on the screen."], extracted("bac", r"0\.041"))
    verb = scenario(["I'm reading the letter from the court, and I need one installed by the 20th."], reached("book"))
    high = scenario(["It gave me a high reading this morning."], reached("reading"))
    graph = _breathalyzer()
    assert not passes(graph, aloud) and not passes(graph, short) and not passes(graph, verb)
    assert passes(graph, digits) and passes(graph, high)
    fixed = settle(graph, {"aloud": aloud, "digits": digits, "verb": verb, "high": high})
    assert passes(fixed, aloud) and passes(fixed, digits) and passes(fixed, verb) and passes(fixed, high)
    assert passes(fixed, short)  # without its leading zero, never shown to the fixer


def _sale_barn() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Prairie Sale Barn, how can I help?"},
            {"id": "claim", "text": "Is the animal alive?"},
            {"id": "consign", "text": "How many head?"},
        ],
        "edges": [
            {"id": "to-claim", "source": "greet", "target": "claim", "label": "a sick or down animal",
             "match": {"keywords": ["down", "sick", "lame"]}},
            {"id": "to-consign", "source": "greet", "target": "consign", "label": "consign cattle",
             "match": {"keywords": ["consign", "sell", "calves"]}},
        ],
    })


def test_the_loop_narrows_a_particle_said_with_the_way_something_goes() -> None:
    train = scenario(["I want to haul forty calves down to the Friday sale."], reached("consign"))
    market = scenario(["Prices were down last week, but I still want to sell some calves."], reached("consign"))
    heifer = scenario(["A heifer I bought is down in the trailer and won't get up."], reached("claim"))
    calves = scenario(["One of the calves from your sale is down and breathing hard."], reached("claim"))  # no reorder
    graph = _sale_barn()
    assert not passes(graph, train) and not passes(graph, market) and passes(graph, heifer) and passes(graph, calves)
    fixed = settle(graph, {"train": train, "heifer": heifer, "calves": calves})
    assert passes(fixed, train) and passes(fixed, heifer) and passes(fixed, calves)
    assert passes(fixed, market)  # "down" said of prices, never shown to the fixer


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        ("Between the second and third, from what I can see.", "Between the second and third"),
        ("It's parked down in the basement with the gate open.", "basement"),
        ("Stuck on the 12th floor.", "12th floor"),
        ("Third floor, by the gym.", "Third floor"),
        ("Second and third", None),  # no floor said, two ordinals
        ("Thursday the third", None),
    ],
)
def test_a_floor_however_it_is_said(text: str, floor: str | None) -> None:
    from tornado_operator.engine.repair.values import FLOOR

    assert first_capture(FLOOR, text) == floor


def test_the_loop_extracts_a_floor_said_in_words() -> None:
    graph = PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Liftwell Service, how can I help?"},
            {"id": "floor", "text": "What floor is the car stopped at?"},
            {"id": "done", "type": "end_call", "text": "A mechanic is on the way."},
        ],
        "edges": [
            {"id": "to-floor", "source": "greet", "target": "floor", "label": "a stuck car", "match": {"keywords": ["stuck", "out of service"]}},
            {"id": "to-done", "source": "floor", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })
    train = scenario(["Our car is stuck.", "Between the fourth and fifth, I think."], extracted("floor", "(?i)between the fourth and fifth"))
    basement = scenario(["The freight car is out of service.", "Down in the basement with the gate open."], extracted("floor", "(?i)basement"))
    assert not passes(graph, train) and not passes(graph, basement)
    fixed = settle(graph, {"train": train})
    assert passes(fixed, train)
    assert passes(fixed, basement)  # a floor by its name, never shown to the fixer


@pytest.mark.parametrize(
    ("said", "phrasal"),
    [
        ("we're headed down from summerville in the minivan; is there anywhere to leave it?", None),
        ("a guy just walked up to me at work and gave me an envelope", None),
        ("i went out to feed this morning and her shoe is gone", None),
        ("my daughter keeps throwing up after dinner", "throwing up"),
        ("can you set aside two loaves for me?", "set aside"),
        ("we came up with a plan", "came up"),  # not going anywhere: the verb and its particle
    ],
)
def test_a_verb_of_going_somewhere_is_no_concept(said: str, phrasal: str | None) -> None:
    from tornado_operator.engine.repair.strategies.labels import _phrasal

    assert _phrasal(said, set()) == phrasal


# --- from fixer-validation-37: a day said with its possessive ("It was Monday's deposit") is the day,
# and "which day?" is also answered with a day of the month ("the fourteenth"); a number joined to what
# it counts comes before the shape of its characters ("She's a 600-footer").


@pytest.mark.parametrize(
    ("text", "day"),
    [("It was Monday's deposit.", "Monday"), ("The one from the fourteenth.", "the fourteenth"), ("the 14th, I think", "the 14th"),
     ("Around four, I think", None)],
)
def test_a_day_answered(text: str, day: str | None) -> None:
    from tornado_operator.engine.repair.values import DAY_ANSWER

    assert first_capture(DAY_ANSWER, text) == day


def _vault() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Ironside Armored, how can I help?"},
            {"id": "day", "text": "Which day's deposit was it?"},
            {"id": "length", "text": "How long is she?",
             "extractVars": [{"name": "loa", "pattern": r"(?i)\bloa\s*(\d{2,3})\b", "description": "Length overall."}]},
            {"id": "done", "type": "end_call", "text": "Thanks."},
        ],
        "edges": [
            {"id": "to-day", "source": "greet", "target": "day", "label": "a deposit off", "match": {"keywords": ["deposit"]}},
            {"id": "to-length", "source": "greet", "target": "length", "label": "a ship", "match": {"keywords": ["ship", "vessel"]}},
            {"id": "day-done", "source": "day", "target": "done", "label": "any answer", "match": {"always": True}},
            {"id": "length-done", "source": "length", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_extracts_a_day_said_with_its_possessive_and_a_length_said_as_a_kind() -> None:
    monday = scenario(["Our deposit was off.", "It was Monday's deposit, I think."], extracted("day", "(?i)monday('s)?"))
    ordinal = scenario(["A deposit came back wrong.", "The one from the fourteenth."], extracted("day", "(?i)the fourteenth"))
    footer = scenario(["We have a ship coming in.", "She's a 600-footer."], extracted("loa", "(?i)600([- ]footer)?"))
    storied = scenario(["A vessel is arriving.", "A 450-footer, roughly."], extracted("loa", "(?i)450([- ]footer)?"))
    label = scenario(["Our ship docks Friday.", "LOA 189."], extracted("loa", "189"))
    graph = _vault()
    assert not passes(graph, monday) and not passes(graph, footer) and passes(graph, label)
    fixed = settle(graph, {"monday": monday, "footer": footer, "label": label})
    assert passes(fixed, monday) and passes(fixed, footer) and passes(fixed, label)
    assert passes(fixed, ordinal) and passes(fixed, storied)  # never shown to the fixer


@pytest.mark.parametrize(
    ("text", "words", "shared"),
    [
        ("We live beyond the Raccoon Creek bridge; do y'all come that far?", "raccoon", None),  # a place's name
        ("A raccoon got in the coop last night", "raccoon", "raccoon"),
        ("I need an oil change appointment", "oil change, oil, change", "oil change"),
    ],
)
def test_a_name_is_no_word_shared_with_the_wrong_label(text: str, words: str, shared: str | None) -> None:
    from tornado_operator.engine.repair.strategies.labels import _shared_with_the_wrong_label
    from tornado_operator.engine.sim.conversation import RoutingEvent

    event = RoutingEvent(1, "greet", text, "edge", "other", edge_id="wrong", matched=f"label 'Wrong' score 1.0 (no runner-up; words: {words})")
    assert _shared_with_the_wrong_label(event) == shared

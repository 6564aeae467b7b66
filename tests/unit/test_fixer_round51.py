"""Fixer classes from fixer-validation-46's study (stop 51), on made-up lines of their own (a
boat rental, a sign shop, a moving company), both sides of every bound:

- a unit written as an alternation with groups of its own (`(?:mph|miles\\s+(?:an|per)\\s+hour)`),
  or kept inside the value's group, is still the unit after the value: it can be made optional,
  joined by a dash, or have words before it, as a unit of one word could;
- a number said in words with no unit after it ("Posted at fifty-five") is taken by the pattern
  widened both ways at once (the number in words, the unit optional), tried after every other
  widening, and only when the others do not take the turn;
- a unit written as one word outside a group (`\\s*gallons?`) is a unit the same way;
- a number of thousands or millions said with the word ("75 thousand", "1.5 million") or as a
  part of a million ("a half-million-gallon", "half a million") is a number of thousands said;
- a speed ("miles an hour", "mph") is no distance: it is never also said as the time it takes to
  get there ("forty-five minutes" is no speed limit)."""

from __future__ import annotations

import pytest

from fix_loop import asks_one_thing, extracted, passes, reached, repaired_alike, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.repair.strategies.extraction import _unit_asked_for
from tornado_operator.engine.repair.strategies.routing import (
    _said_as_a_quantity,
    _said_as_not_happened,
)
from tornado_operator.engine.repair.values import (
    AMOUNT_PER_PERIOD,
    WHEN_BY_EVENT,
    count_said,
    count_said_roughly,
    distance_as_time,
    first_capture,
    own_widenings,
    thousands_said,
    unit_joined,
    unit_optional,
    words_before_unit,
)
from tornado_operator.engine.repair.words import GENERIC
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import RoutingEvent

_SPEED = r"(?i)\b(\d{2}\s*(?:mph|miles\s+(?:an|per)\s+hour))\b"
_HORSEPOWER = r"(?i)\b(\d{2,3})\s*(?:hp|horse(?:\s*power)?)\b"


def _asks(question: str, var: str, pattern: str) -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [{"id": "ask", "isStart": True, "text": question, "extractVars": [{"name": var, "pattern": pattern}]},
                  {"id": "done", "text": "Thanks!"}],
        "edges": [{"id": "answered", "source": "ask", "target": "done", "match": {"always": True}}],
    })


def _extracts(turn: str, var: str, pattern: str) -> TestScenarioSpec:
    return scenario([turn], {"type": "VARIABLE_EXTRACTED", "config": {"variableName": var, "pattern": pattern}})


@pytest.mark.parametrize(("pattern", "said", "value"), [
    (_SPEED, "It's 45 around the curve.", "45"),
    (_SPEED, "45 miles an hour", "45 miles an hour"),  # as before, the unit kept in the value
    (_HORSEPOWER, "a 90 on the back", "90"),
    (_HORSEPOWER, "90 horse", "90"),
])
def test_a_unit_with_groups_of_its_own_is_made_optional(pattern: str, said: str, value: str) -> None:
    bare = unit_optional(pattern)
    assert bare is not None
    assert first_capture(bare, said) == value


@pytest.mark.parametrize("pattern", [
    r"(?i)\b(\d{2})\s*(mph)\b",  # a capturing group: the value's, not a unit
    r"(?i)\b(\d{2})\s*(?:\d{2})\b",  # digits: no unit
    r"(?i)\b(\d{2})(?:mph|kph)\b",  # no separator before it
    r"(?i)\b(\d{2})\s*\(?:mph\)",  # escaped parentheses: no group
    r"(?i)\b(\d{1,3}\s+(?:thousand|grand))",  # a word that counts: part of the number
    r"(?i)\b((?:twenty|thirty)\s+(?:one|two))\b",
])
def test_no_unit_is_found_where_the_pattern_ends_in_none(pattern: str) -> None:
    assert unit_optional(pattern) is None
    assert unit_joined(pattern) is None


def test_a_unit_with_groups_of_its_own_is_joined_by_a_dash_and_has_words_before_it() -> None:
    joined = unit_joined(_SPEED)
    assert joined is not None and first_capture(joined, "a 45-mph zone") == "45-mph"
    between = words_before_unit(_HORSEPOWER)
    assert between is not None and first_capture(between, "a 90 Yamaha horsepower outboard") == "90"
    assert first_capture(between, "a 90 is what the old Evinrude horsepower was") is None  # four words between


def test_a_number_in_words_with_no_unit_is_the_last_widening() -> None:
    forms = own_widenings(_SPEED)
    takes = [allows for form, allows in forms if first_capture(form, "Posted at fifty-five, but folks do seventy.") == "fifty-five"]
    # the count in words first among the forms with the unit dropped, then roughly
    assert takes == ['the number said in words ("three", "thirty"), the unit after it optional',
                     'the number said in words or roughly ("thirty-some", "forty-odd"), the unit after it optional']
    first = [allows for _, allows in forms].index(takes[0])
    assert all(allows.endswith("the unit after it optional") for _, allows in forms[first:])  # last
    # every value the pattern took, every widening still takes
    assert all(first_capture(form, "It's 45 miles an hour.") == "45 miles an hour" for form, _ in forms)


def test_a_speed_is_never_said_as_a_time() -> None:
    assert distance_as_time(_SPEED) is None
    assert distance_as_time(r"(?i)\b(\d{1,3}\s*(?:kph|km/h))\b") is None
    distance = distance_as_time(r"(?i)\b(\d+\s*miles?)\b")  # a distance still is
    assert distance is not None and first_capture(distance, "forty-five minutes out") == "forty-five minutes"
    # (the number alone may be taken, as any number said with no unit is: never the time)
    assert all(first_capture(form, "about forty-five minutes") != "forty-five minutes" for form, _ in own_widenings(_SPEED))


def test_the_loop_takes_a_speed_limit_said_in_words_with_no_unit() -> None:
    repaired_alike(_asks("What's the speed limit where the sign goes?", "speed_limit", _SPEED),
                    _extracts("Posted at fifty-five, but folks do seventy.", "speed_limit", "(?i)fifty[- ]five"),
                    _extracts("Oh, it's thirty-five through town.", "speed_limit", "(?i)thirty[- ]five"),
                    _extracts("It's 45 miles per hour.", "speed_limit", "(?i)45 miles per hour"))


def test_the_loop_takes_horsepower_said_in_words_with_no_unit() -> None:
    repaired_alike(_asks("How big a motor do you want on the boat?", "motor", _HORSEPOWER),
                    _extracts("Something around ninety, if you have it.", "motor", "(?i)ninety"),
                    _extracts("A seventy-five would do us fine.", "motor", "(?i)seventy[- ]five"),
                    _extracts("We'd like 115 hp.", "motor", "115"))


_GALLONS = r"(?i)\b(\d[\d,]*\s*gallons?)\b"


def test_a_unit_of_one_word_outside_a_group_is_the_unit_after_the_value() -> None:
    bare = unit_optional(_GALLONS)
    assert bare is not None and first_capture(bare, "It holds 150,000, give or take.") == "150,000"
    joined = unit_joined(_GALLONS)
    assert joined is not None and first_capture(joined, "a 2,000-gallon tank") == "2,000-gallon"
    assert unit_optional(r"(?i)\b(\d+\s+thousand)\b") is None  # a word that counts
    assert unit_joined(r"(?i)\b(\d+)[\s-]*gallons?\b") is None  # joined already


@pytest.mark.parametrize(("said", "value"), [
    ("She's a half-million-gallon, the big one", None),  # (the dash before the unit: unit_joined's)
    ("It's a half-million gallons.", "a half-million gallons"),
    ("half a million gallons", "half a million gallons"),
    ("a quarter million gallons", "a quarter million gallons"),
    ("two million gallons", "two million gallons"),
    ("It's 75 thousand gallons.", "75 thousand gallons"),
    ("1.5 million gallons", "1.5 million gallons"),
    ("It's 150,000 gallons.", "150,000 gallons"),  # as before
    ("a million gallons", "a million gallons"),
])
def test_thousands_and_millions_said_with_the_word(said: str, value: str | None) -> None:
    wider = thousands_said(_GALLONS)
    assert wider is not None
    assert first_capture(wider, said) == value


def test_the_loop_takes_a_part_of_a_million_joined_to_its_unit() -> None:
    repaired_alike(_asks("How many gallons does the tank hold?", "capacity", _GALLONS),
                    _extracts("She's a half-million-gallon, the one by the depot.", "capacity", "(?i)a half-million-gallon"),
                    _extracts("Ours is a quarter-million-gallon standpipe.", "capacity", "(?i)a quarter-million-gallon"),
                    _extracts("It's 150,000 gallons.", "capacity", "150,000 gallons"))


# --- from fixer-validation-47 ------------------------------------------------------------------------

_MODULES = r"(?i)\b(\d+\s*(?:round\s+)?modules?)\b"


def test_a_unit_after_optional_words_of_its_own_is_the_unit_after_the_value() -> None:
    bare = unit_optional(_MODULES)
    assert bare is not None
    assert first_capture(bare, "It's 24 round modules.") == "24 round modules"  # as before
    assert first_capture(bare, "24, give or take") == "24"
    takes = [form for form, _ in own_widenings(_MODULES) if first_capture(form, "Thirty-two round ones, on the turnrow.") == "Thirty-two"]
    assert takes


@pytest.mark.parametrize(("said", "value"), [
    ("About ten days after we spray the harvest aid.", "About ten days after we spray the harvest aid"),
    ("Soon as the stripper gets done on the home place.", "Soon as the stripper gets done on the home place"),
    ("Before the planter rolls, middle of April or so.", "Before the planter rolls"),  # the event, not the date after it
    ("Once school lets out for the summer.", "Once school lets out for the summer"),
    ("A couple weeks after we close on the house", "A couple weeks after we close on the house"),
    ("I called before, nobody answered.", None),  # no event said
    ("Tuesday.", None),
])
def test_when_something_will_be_said_by_what_happens_first(said: str, value: str | None) -> None:
    assert first_capture(WHEN_BY_EVENT, said) == value


def test_the_loop_extracts_when_something_will_be_said_by_an_event() -> None:
    graph = asks_one_thing("Prairie Tent Rental, how can I help?", "a tent", ["tent"], "When do you need the tent up?", "We'll call to confirm.")
    train = scenario(["We need a big tent for the church picnic.", "Before the fair opens, if you can manage it."],
                     extracted("needed", "(?i)before the fair opens"))
    other = scenario(["Can I rent a tent?", "Soon as the hay's in, probably."], extracted("needed", "(?i)soon as the hay's in"))
    repaired_alike(graph, train, other)


def _florist() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Petal Row Flowers, an order or a bill?"},
            {"id": "order", "text": "What are we sending?"},
            {"id": "bill", "text": "What name is the account under?"},
        ],
        "edges": [
            {"id": "to-order", "source": "greet", "target": "order", "label": "an order",
             "match": {"keywords": ["bunch", "bunches", "bouquet", "order"]}},
            {"id": "to-bill", "source": "greet", "target": "bill", "label": "a bill", "match": {"keywords": ["bill", "invoice", "charge"]}},
        ],
    })


def test_a_noun_said_as_how_much_of_something_else_is_replaced_with_its_plural() -> None:
    graph = _florist()
    train = scenario(["I've got a whole bunch of questions about the bill you sent."], reached("bill"))
    other = scenario(["There are bunches of charges on here I don't recognize."], reached("bill"))
    keeps = scenario(["Can I get a bunch of tulips sent to my mom?"], reached("order"))  # (a bunch of tulips: this is it)
    # (the order first where a bill is also named: no reordering of the edges passes it)
    still = scenario(["Send one bunch to my mom Friday and put it on my bill."], reached("order"))
    assert not passes(graph, train) and not passes(graph, other)
    fixed = settle(graph, {"train": train, "still": still})
    assert passes(fixed, train)
    assert passes(fixed, other)  # the plural too: the fix replaced both keywords
    assert passes(fixed, still)
    keywords = next(e for e in fixed.edges if e.id == "to-order").match.keywords
    assert "bunch" not in keywords and "bunches" not in keywords
    assert not passes(fixed, keeps)  # (the price: "a bunch of tulips" now needs another word of the order edge)


@pytest.mark.parametrize(("text", "options"), [
    ("I've got a whole load of questions", 1),
    ("loads of good things from the neighbors", 1),
    ("the load's ready, and loads of them", 0),  # said as the business's too
    ("one last load setting", 0),
])
def test_a_quantity_is_read_only_where_every_mention_is_one(text: str, options: int) -> None:
    graph = CompiledGraph(_florist())
    event = RoutingEvent(turn=1, node="greet", text=text, via="edge", edge_id="to-order", target="order",
                         matched="keyword 'load'")
    assert len(_said_as_a_quantity(graph, event, "bill")) == options


def _plumber() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Keystone Plumbing: an emergency, or a question about your service plan?"},
            {"id": "now", "text": "Where is the water coming from?"},
            {"id": "plan", "text": "What name is the plan under?"},
        ],
        "edges": [
            {"id": "to-now", "source": "greet", "target": "now", "label": "an emergency", "match": {"keywords": ["flood", "burst", "leak"]}},
            {"id": "to-plan", "source": "greet", "target": "plan", "label": "the service plan", "match": {"keywords": ["plan", "cover", "covered"]}},
        ],
    })


def test_a_thing_only_imagined_is_replaced_by_it_said_as_having_happened() -> None:
    graph = _plumber()
    train = scenario(["Say we get a flood in the basement some night. Is that covered by our plan?"], reached("plan"))
    other = scenario(["Before we ever have a flood down there, I'd like to know what the plan pays for."], reached("plan"))
    # (the emergency first where the plan is also named: no reordering of the edges passes it)
    had = scenario(["We had a flood in the basement this morning; send someone, the plan covers it."], reached("now"))
    after = scenario(["There's been a flood in the laundry room and it's spreading."], reached("now"))
    assert not passes(graph, train) and not passes(graph, other) and passes(graph, had)
    fixed = settle(graph, {"train": train, "had": had})
    assert passes(fixed, train)
    assert passes(fixed, other)  # never shown to the fixer
    assert passes(fixed, had) and passes(fixed, after)
    assert "flood" not in next(e for e in fixed.edges if e.id == "to-now").match.keywords


@pytest.mark.parametrize(("text", "options"), [
    ("What if there's a leak while we're away?", 1),
    ("In case we get a leak, who do I call?", 1),
    ("We have a leak under the sink.", 0),  # it happens now
    ("If it's a leak, we had a leak last year too", 0),  # said as having happened too
])
def test_only_a_thing_imagined_everywhere_it_is_said_is_read(text: str, options: int) -> None:
    event = RoutingEvent(turn=1, node="greet", text=text, via="edge", edge_id="to-now", target="now", matched="keyword 'leak'")
    assert len(_said_as_not_happened(event, "plan")) == options


def _camera_installer() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "globalPrompt": "You answer for Clearview Cameras; we install and support security cameras.",
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Clearview Cameras: a problem, or a new system?",
             "prompt": "Find out whether a system we installed has a problem (the screen freezes, the feed drops, "
                       "a camera is blurry) or the caller wants a new system."},
            {"id": "fix", "text": "What is the system doing?"},
            {"id": "new", "text": "Is it for a home or a business?"},
        ],
        "edges": [
            {"id": "to-fix", "source": "greet", "target": "fix", "label": "a problem",
             "match": {"keywords": ["lost", "freezes", "drops", "blurry", "offline"]}},
            {"id": "to-new", "source": "greet", "target": "new", "label": "a new system",
             "match": {"keywords": ["new system", "cameras for", "install"]}},
        ],
    })


def test_the_things_the_prompt_says_the_keywords_of_are_what_the_edge_is_about() -> None:
    graph = _camera_installer()
    train = scenario(["We lost my grandmother in March and we're moving into her place, so we want cameras for the house."],
                     reached("new"))
    keeps = scenario(["We lost the feed on the driveway camera last night."], reached("fix"))
    screen = scenario(["It lost the screen again, just black."], reached("fix"))
    assert not passes(graph, train) and passes(graph, keeps)
    fixed = settle(graph, {"train": train, "keeps": keeps})
    assert passes(fixed, train)
    assert passes(fixed, keeps) and passes(fixed, screen)


_HEADCOUNT = r"(?i)\b(\d+\s*(?:drivers|employees|people))\b"


@pytest.mark.parametrize(("said", "value"), [
    ("Thirty-some drivers, give or take.", "Thirty-some drivers"),
    ("forty-odd employees", "forty-odd employees"),
    ("maybe 20ish people", "20ish people"),
    ("We have 45 drivers.", "45 drivers"),  # as before
    ("a twenty-year drivers' union", None),  # no rough count: another word after the dash
])
def test_a_count_said_roughly(said: str, value: str | None) -> None:
    wider = count_said_roughly(_HEADCOUNT)
    assert wider is not None
    assert first_capture(wider, said) == value


@pytest.mark.parametrize(("said", "value"), [
    ("A couple dozen people, near as I can count.", "A couple dozen people"),
    ("two dozen people", "two dozen people"),
    ("half a dozen people", "half a dozen people"),  # as before
])
def test_a_count_by_the_dozen(said: str, value: str) -> None:
    wider = count_said(_HEADCOUNT)
    assert wider is not None and first_capture(wider, said) == value


@pytest.mark.parametrize("word", ["reckon", "figure", "suppose", "believe", "imagine", "bet"])
def test_a_verb_of_thinking_is_no_keyword(word: str) -> None:
    # "so I reckon we'll come over this year": how sure the caller is, not what the call is about
    assert word in GENERIC


def test_supposed_to_is_a_keyword_still() -> None:
    # "they were supposed to be at the take-out an hour ago": what was due and did not happen, a
    # word of the overdue edge (fixer-validation-24 lost that repair when it was made generic)
    assert "supposed" not in GENERIC


# --- from fixer-validation-48 ------------------------------------------------------------------------

@pytest.mark.parametrize(("said", "value"), [
    ("Right after chores tonight, my boy will drag her out to the lane.", "Right after chores tonight"),
    ("After milking.", "After milking"),
    ("Before church, if you can.", "Before church"),
    ("Once the vet's done posting her.", "Once the vet's done posting her"),
    ("Before next winter.", None),  # a season: a date kind's, not an event
])
def test_when_said_by_a_routine_by_its_name(said: str, value: str | None) -> None:
    assert first_capture(WHEN_BY_EVENT, said) == value


@pytest.mark.parametrize(("said", "value"), [
    ("A ream a day, give or take.", "A ream a day"),
    ("Two cases of paper a month.", "Two cases of paper a month"),
    ("about 3 boxes per month", "3 boxes per month"),
    ("a load every week", "a load every week"),
    ("We print a lot.", None),  # no stretch of time
    ("twice a day", None),  # how often, FREQUENCY's
])
def test_an_amount_per_period(said: str, value: str | None) -> None:
    assert first_capture(AMOUNT_PER_PERIOD, said) == value


def test_the_loop_widens_a_volume_to_an_amount_per_period() -> None:
    graph = asks_one_thing("Lakehead Office Machines, how can I help?", "a copier", ["copier", "contract"],
                           "About how much do you print in a month?", "We'll send a quote.",
                           [{"name": "volume", "pattern": r"(?i)\b(\d+\s*(?:pages|copies|prints))\b"}])
    train = scenario(["We need a copier contract for the church office.", "A ream a day, give or take."],
                     extracted("volume", "(?i)a ream a day"))
    other = scenario(["Do you lease copiers?", "Maybe three cases of paper a month."], extracted("volume", "(?i)three cases of paper a month"))
    before = scenario(["I need a copier contract.", "About 6000 pages."], extracted("volume", "6000 pages"))
    repaired_alike(graph, train, other, before)


def test_a_stop_word_after_the_number_is_no_unit_the_question_asks_for() -> None:
    # "so 4 all told" to "How many flyers in all?": "all" is the sentence's, not a unit (a pattern
    # `\d+\s*alls?` took "4 all" in fixer-labels-validation-38's first run)
    assert _unit_asked_for("The three grandkids and me, so 4 all told.", "4", "How many flyers in all?") is None
    assert _unit_asked_for("It's got about 62 thousand miles on it", "62 thousand", "How many miles are on it?") == "mile"

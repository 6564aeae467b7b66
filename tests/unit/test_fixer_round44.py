r"""Fixer classes from fixer-validation-33's study (stop 44, scored blind just before it), on
made-up lines of their own (a climbing-wall harness fitting, a supper club, a gym's member cards, a
ropes course), both sides of every bound:

- a person's height is a kind of value ("5'11", "five foot seven", "6 ft 1 in", "six feet", the
  short way "six-two"), so a height pattern of digits is widened to the height said in words;
- a count said with the people counted ("Six of us, counting me", "4 people") is a count, and a
  count is also said by the dozen ("about a dozen of us", "half a dozen");
- a noun keyword said after a noun that names another kind of it ("my debit card", "do you sell
  gift cards?" where the pathway means a member card) is narrowed to the keyword with a
  determiner ("my card", "a card"), the kind the edge's label names, and the kinds the business
  names with a capital on the node's edges ("Zumba card"); its plain inflections listed beside it
  ("cards") the same way; never when the word before it is a determiner, a number, an adjective
  or the label's own word, nor for a keyword that is no noun ("the bus company lost its license");
- a verb keyword said of what someone else had ("the bus company lost its license", "the boys
  lost their last game", from fixer-validation-34's study) is narrowed to the verb with the other
  determiners ("lost my", "lost his", "lost a"), so a parent whose son "lost his retainer" still
  gets there."""

from __future__ import annotations

import pytest

from fix_loop import extracted, passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.strategies.routing import _another_kind
from tornado_operator.engine.repair.values import COUNT, HEIGHT, first_capture, value_shapes

# --- a height ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "height"),
    [
        ("Five foot seven, in my socks.", "Five foot seven"),
        ("I'm 5'11.", "5'11"),
        ("He's 6 ft 1 in", "6 ft 1 in"),
        ("Six feet even", "six feet"),
        ("Six-two. Six-three in boots.", "Six-two"),
        ("I have five children", None),
        ("We need four harnesses", None),
        ("Twelve feet of rope", None),
    ],
)
def test_a_height_however_it_is_said(text: str, height: str | None) -> None:
    found = first_capture(HEIGHT, text)
    assert (found.lower() if found else None) == (height.lower() if height else None)



def _harness_fitting() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Summit Walls, how can I help?"},
            {"id": "height", "text": "How tall are you? We size the harness by height.",
             "extractVars": [{"name": "height", "pattern": r"(\d'\s?\d{1,2})", "description": "The climber's height."}]},
            {"id": "done", "type": "end_call", "text": "You're booked for a fitting."},
        ],
        "edges": [
            {"id": "to-height", "source": "greet", "target": "height", "label": "a harness fitting",
             "match": {"keywords": ["fitting", "harness"]}},
            {"id": "to-done", "source": "height", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_a_height_of_digits_to_a_height_in_words() -> None:
    train = scenario(["I need a harness fitting.", "Five foot seven, in my socks."], extracted("height", "(?i)five (foot|feet) seven"))
    short = scenario(["Can I book a harness fitting?", "Six-two. Taller in boots."], extracted("height", "(?i)six-two"))
    digits = scenario(["I want a fitting.", "I'm 5'11."], extracted("height", "5'11"))
    graph = _harness_fitting()
    assert not passes(graph, train) and not passes(graph, short) and passes(graph, digits)
    fixed = settle(graph, {"train": train, "digits": digits})
    assert passes(fixed, train) and passes(fixed, digits)
    assert passes(fixed, short)  # the short way, never shown to the fixer


# --- a count of people, a dozen ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("There'll be about a dozen of us.", "a dozen"),
        ("Half a dozen, maybe.", "Half a dozen"),
        ("Six of us, counting me.", "Six"),
        ("We're 12.", "12"),
        ("Dozens of them", None),
    ],
)
def test_a_count_by_the_dozen(text: str, count: str | None) -> None:
    assert first_capture(COUNT, text) == count


@pytest.mark.parametrize(("value", "count"), [("Six of us", True), ("4 people", True), ("ten of them", True), ("a dozen", True),
                                             ("Six of the big ones", False), ("Suite 6", False)])
def test_a_count_said_with_the_people_counted_is_a_count(value: str, count: bool) -> None:
    assert (COUNT in value_shapes(value)) is count


def _supper_club() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "The Lantern Supper Club, how can I help?"},
            {"id": "size", "text": "How many in your party?",
             "extractVars": [{"name": "party", "pattern": r"\b(\d+) (?:people|guests)\b", "description": "How many are coming."}]},
            {"id": "done", "type": "end_call", "text": "See you then."},
        ],
        "edges": [
            {"id": "to-size", "source": "greet", "target": "size", "label": "a reservation", "match": {"keywords": ["reservation", "table"]}},
            {"id": "to-done", "source": "size", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_takes_a_count_said_with_the_people_counted() -> None:
    train = scenario(["A table for Friday, please.", "Six of us, counting me."], extracted("party", "(?i)six"))
    dozen = scenario(["I'd like a reservation.", "About a dozen of us, it's a retirement party."], extracted("party", "(?i)a dozen"))
    digits = scenario(["A table, please.", "8 guests."], extracted("party", "8"))
    graph = _supper_club()
    assert not passes(graph, train) and not passes(graph, dozen) and passes(graph, digits)
    fixed = settle(graph, {"train": train, "digits": digits})
    assert passes(fixed, train) and passes(fixed, digits)
    assert passes(fixed, dozen)  # by the dozen, never shown to the fixer


# --- another kind of the thing a keyword names -------------------------------------------------------


def test_a_keyword_that_is_no_noun_is_no_kind_of_anything() -> None:
    assert _another_kind("our usual bus company lost its license", "lost", "a lost item") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("can i pay for zumba with my debit card?", "debit card"),
        ("do you sell gift cards?", "gift cards"),
        ("my card won't scan", None),
        ("i lost my member card", None),  # the label's own word ("Member card")
        ("i have two cards", None),
        ("my new card won't scan", None),
        ("my debit card and my card both", None),  # the keyword said alone too
    ],
)
def test_a_keyword_said_as_another_kind(text: str, kind: str | None) -> None:
    assert _another_kind(text, "card", "Member card") == kind


def _gym() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Ironwood Gym, are you calling about a class or your member card?"},
            {"id": "card", "text": "What's the name on the card?"},
            {"id": "class", "text": "Which class would you like?"},
        ],
        "edges": [
            {"id": "to-card", "source": "greet", "target": "card", "label": "Member card",
             "match": {"keywords": ["card", "cards", "lost my"]}},
            {"id": "to-class", "source": "greet", "target": "class", "label": "a class",
             "match": {"keywords": ["class", "classes", "Zumba", "Pilates", "sign up"]}},
        ],
    })


def test_the_loop_narrows_a_keyword_said_as_another_kind() -> None:
    train = scenario(["Can I pay for a class with my debit card? I want to sign up for Saturday."], reached("class"))
    gift = scenario(["Do you sell gift cards? My sister wants to try Pilates."], reached("class"))
    member = scenario(["My card won't scan at the door."], reached("card"))
    zumba = scenario(["My Zumba card expired last week."], reached("card"))
    graph = _gym()
    assert not passes(graph, train) and not passes(graph, gift) and passes(graph, member) and passes(graph, zumba)
    fixed = settle(graph, {"train": train, "member": member, "zumba": zumba})
    assert passes(fixed, train) and passes(fixed, member) and passes(fixed, zumba)
    assert passes(fixed, gift)  # "cards" narrowed beside "card", never shown to the fixer
    keywords = next(edge for edge in fixed.edges if edge.id == "to-card").match.keywords
    assert "card" not in keywords and "cards" not in keywords and "zumba card" in keywords


# --- a verb keyword said of what someone else had -------------------------------------------------


def _coach_line() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Blue Ridge Coaches, how can I help?"},
            {"id": "found", "text": "What was left on the coach?"},
            {"id": "quote", "text": "How many passengers?"},
        ],
        "edges": [
            {"id": "to-found", "source": "greet", "target": "found", "label": "lost and found",
             "match": {"keywords": ["lost", "left my", "forgot"]}},
            {"id": "to-quote", "source": "greet", "target": "quote", "label": "a quote for a charter",
             "match": {"keywords": ["quote", "charter", "how much"]}},
        ],
    })


def test_the_loop_narrows_a_verb_keyword_said_of_what_someone_else_had() -> None:
    train = scenario(["The tour outfit we always use lost its permit, so we need a quote for the choir's trip."], reached("quote"))
    theirs = scenario(["The girls lost their semifinal, but we still want a charter to the coast. How much?"], reached("quote"))
    phone = scenario(["I think I lost my phone on the Thursday charter."], reached("found"))  # (no reordering of the edges)
    retainer = scenario(["My son lost his retainer on your coach last night."], reached("found"))
    graph = _coach_line()
    assert not passes(graph, train) and not passes(graph, theirs) and passes(graph, retainer) and passes(graph, phone)
    fixed = settle(graph, {"train": train, "phone": phone})
    assert passes(fixed, train) and passes(fixed, phone)
    assert passes(fixed, theirs) and passes(fixed, retainer)  # never shown to the fixer
    keywords = next(edge for edge in fixed.edges if edge.id == "to-found").match.keywords
    assert "lost" not in keywords and "lost my" in keywords and "lost his" in keywords

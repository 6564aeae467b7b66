"""Four fixer classes from fixer-validation-27's and -28's study (stop 42), on made-up lines of
their own (a tile shop, a trophy engraver, a moving company, a florist, a boat-show office), both
sides of every bound:

- a count pattern of any number of digits (`\\b(\\d+)\\b`) is widened to the count in words too
  ("Four wheels.", "twelve of them"), the thousands in words before the count's words in the
  alternation, so "twelve hundred" is still taken whole;
- a state keyword ("ready", "done") narrowed to the question that asks about it is the question
  opening with "is/are" or after "if/whether/when", not the word said of a state ("My
  dissertation is finally ready to print" says it is; "Is my thesis ready yet?" asks);
- a date in words beside a numeric date pattern: a part of a month ("the end of June", "the
  middle of next month") and a day of the month in words ("the twenty-eighth"; not a low one
  alone: "the first time");
- a bare keyword fired by a turn that says another edge's longer keyword phrase holding it ("run a
  sale" beside a bare "sale" for shoppers) is narrowed to the phrases of the existing one, as a
  request for a new one is on an edge for one that exists."""

from __future__ import annotations

import re

import pytest

from fix_loop import extracted, passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.mentions import asked_for_anew
from tornado_operator.engine.repair.values import (
    DATE_ANY,
    DATE_SAID,
    count_said,
    first_capture,
    fraction_after,
    own_widenings,
)

# --- a count of any number of digits, in words --------------------------------------------------


def test_a_count_of_any_number_of_digits_is_also_said_in_words() -> None:
    widened = count_said(r"\b(\d+)\b")
    assert widened is not None
    assert first_capture(widened, "Four wheels.") == "Four"
    assert first_capture(widened, "twelve of them") == "twelve"
    assert first_capture(widened, "3 pieces.") == "3"  # every value it took, it still takes
    assert count_said(r"\b([A-Z]\d+)\b") is None  # a code's digits are no count


def test_the_thousands_in_words_come_before_the_counts_words() -> None:
    together, allows = own_widenings(r"\b(\d+)\b")[0]
    assert "number said in words" in allows and "thousands" in allows
    assert first_capture(together, "twelve hundred of them") == "twelve hundred"
    assert first_capture(together, "Four wheels.") == "Four"
    assert first_capture(together, "2,400") == "2,400"


def _trophy_shop() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Summit Trophies, how can I help?"},
            {"id": "count", "text": "How many trophies do you need engraved?",
             "extractVars": [{"name": "trophy_count", "pattern": r"\b(\d+)\b", "description": "How many trophies."}]},
            {"id": "done", "type": "end_call", "text": "Thanks, we'll call with a proof."},
        ],
        "edges": [
            {"id": "to-count", "source": "greet", "target": "count", "label": "engraving", "match": {"keywords": ["engrave", "engraved", "trophy", "trophies"]}},
            {"id": "to-done", "source": "count", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_a_digit_count_to_one_said_in_words() -> None:
    train = scenario(["We need trophies engraved for the league.", "Fourteen trophies."], extracted("trophy_count", "(?i)fourteen"))
    para = scenario(["Can you engrave some trophies?", "Twenty-two of them."], extracted("trophy_count", "(?i)twenty-two"))
    digits = scenario(["I need trophies engraved.", "8 trophies."], extracted("trophy_count", "8"))
    graph = _trophy_shop()
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, digits)
    fixed = settle(graph, {"train": train, "digits": digits})
    assert passes(fixed, train) and passes(fixed, digits)
    assert passes(fixed, para)


# --- a state asked about, not said ----------------------------------------------------------------


def _frame_shop() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Gallery Frames, how can I help?"},
            {"id": "lookup", "text": "What's the name on the order?"},
            {"id": "new", "text": "What size is the piece you want framed?"},
        ],
        "edges": [
            {"id": "to-lookup", "source": "greet", "target": "lookup", "label": "checking on a framing order",
             "match": {"keywords": ["ready", "pick up", "claim ticket"]}},
            {"id": "to-new", "source": "greet", "target": "new", "label": "framing something new",
             "match": {"keywords": ["frame", "framed", "framing", "print", "painting"]}},
        ],
    })


def test_the_loop_narrows_a_state_keyword_said_of_a_state_to_the_question() -> None:
    train = scenario(["My print is finally ready to be framed. What sizes do you do?"], reached("new"))
    asks = scenario(["Is my order ready yet?"], reached("lookup"))
    embedded = scenario(["I wanted to see if my poster is ready."], reached("lookup"))
    when = scenario(["When will it be ready?"], reached("lookup"))
    graph = _frame_shop()
    assert not passes(graph, train) and passes(graph, asks) and passes(graph, embedded) and passes(graph, when)
    fixed = settle(graph, {"train": train, "asks": asks, "embedded": embedded, "when": when})
    assert passes(fixed, train)
    assert passes(fixed, asks) and passes(fixed, embedded) and passes(fixed, when)
    said = scenario(["The poster is ready to hang, so I need a frame for it."], reached("new"))
    assert not passes(graph, said) and passes(fixed, said)  # another caller saying the state, never shown to the fixer


# --- dates in words beside a numeric date ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("By the end of June.", "the end of June"),
        ("sometime in the middle of next month", "the middle of next month"),
        ("The move's on the twenty-eighth.", "the twenty-eighth"),
        ("7/31.", "7/31"),
    ],
)
def test_a_date_in_words_is_a_date(text: str, date: str) -> None:
    assert first_capture(DATE_ANY, text) == date
    assert first_capture(DATE_SAID, text) == date


@pytest.mark.parametrize("text", ["the first time I called", "give me a second", "the third one"])
def test_an_ordinal_alone_is_no_date(text: str) -> None:
    assert first_capture(DATE_ANY, text) is None


def _movers() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Two Rivers Moving, when do you need to be out?",
             "extractVars": [{"name": "move_by", "pattern": r"\b(\d{1,2}/\d{1,2})\b", "description": "The move-out date."}]},
            {"id": "done", "type": "end_call", "text": "Thanks, we'll call with a quote."},
        ],
        "edges": [{"id": "to-done", "source": "greet", "target": "done", "label": "any answer", "match": {"always": True}}],
    })


def test_the_loop_widens_a_numeric_date_to_a_date_in_words() -> None:
    train = scenario(["By the end of August."], extracted("move_by", "(?i)(by )?the end of august"))
    para = scenario(["The closing is on the twenty-third."], extracted("move_by", "(?i)(on )?the twenty-third"))
    numeric = scenario(["8/15."], extracted("move_by", "8/15"))
    graph = _movers()
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, numeric)
    fixed = settle(graph, {"train": train, "numeric": numeric})
    assert passes(fixed, train) and passes(fixed, numeric)
    assert passes(fixed, para)


# --- a bare keyword inside another edge's longer phrase --------------------------------------------------


def test_running_one_asks_for_a_new_one() -> None:
    found = asked_for_anew("we need someone to run a sale for everything in the house.", "sale")
    assert found is not None and found.said == "run a sale"
    assert not any(re.search(rf"\b{re.escape(p)}\b", "we need someone to run a sale for everything") for p in found.asking)
    assert asked_for_anew("is your sale still on this weekend?", "sale") is None


def _boat_show() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Lakeside Boat Show office, how can I help?"},
            {"id": "tickets", "text": "Which day are you coming?"},
            {"id": "exhibit", "text": "What's your dealership's name?"},
        ],
        "edges": [
            {"id": "to-tickets", "source": "greet", "target": "tickets", "label": "visiting the show",
             "match": {"keywords": ["show", "tickets", "this weekend"]}},
            {"id": "to-exhibit", "source": "greet", "target": "exhibit", "label": "exhibiting at the show",
             "match": {"keywords": ["host a show", "booth", "exhibit", "dealer"]}},
        ],
    })


def test_the_loop_narrows_a_bare_keyword_another_edges_phrase_holds() -> None:
    train = scenario(["Our marina wants to host a show of our own next spring, can you help?"], reached("exhibit"))
    visitor = scenario(["What time does the show open?"], reached("tickets"))
    yours = scenario(["Is your show open on Sunday?"], reached("tickets"))
    graph = _boat_show()
    assert not passes(graph, train) and passes(graph, visitor) and passes(graph, yours)
    fixed = settle(graph, {"train": train, "visitor": visitor, "yours": yours})
    assert passes(fixed, train)
    assert passes(fixed, visitor) and passes(fixed, yours)


# --- from fixer-validation-29: a half after a count, both numbers of a size, a truck sent ----------------


def test_a_count_also_takes_a_half_or_a_quarter_said_after_it() -> None:
    assert fraction_after(r"\b(\d+)\b") is not None
    together, allows = own_widenings(r"\b(\d+)\b")[0]
    assert "half" in allows
    assert first_capture(together, "Five and a half yards.") == "Five and a half"
    assert first_capture(together, "Let's say 4 and a half.") == "4 and a half"
    assert first_capture(together, "twelve hundred") == "twelve hundred"
    assert first_capture(together, "3 pieces.") == "3"
    assert fraction_after(r"\b(\d{5})\b") is None  # a zip code is no amount
    assert fraction_after(r"\b([A-Z]\d+)\b") is None  # nor a code
    assert fraction_after(r"\b(\d+)\s*yards?\b") is None  # (the unit's own widenings take it: measure_said)
    assert fraction_after(r"\b(\d{1,2})\b") is None  # often an age: "eight and a half" is eight


def test_every_count_of_a_size_is_also_said_in_words() -> None:
    widened = count_said(r"\b(\d{2,3}\s*(?:x|by)\s*\d{2,3})\b")
    assert widened is not None
    assert first_capture(widened, "Sixty by seventy-two.") == "Sixty by seventy-two"
    assert first_capture(widened, "90 by 108") == "90 by 108"


def _concrete() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Valley Gravel and Sand, how can I help?"},
            {"id": "status", "text": "What's the order number?"},
            {"id": "new", "text": "How many tons do you need?"},
        ],
        "edges": [
            {"id": "to-status", "source": "greet", "target": "status", "label": "checking on an order or a truck",
             "match": {"keywords": ["truck", "driver", "on the way", "my order"]}},
            {"id": "to-new", "source": "greet", "target": "new", "label": "a new delivery",
             "match": {"keywords": ["gravel", "sand", "delivery", "order some"]}},
        ],
    })


def test_the_loop_narrows_a_keyword_a_truck_sent_for_fired() -> None:
    train = scenario(["Can you send a truck out Friday? I need some gravel for a driveway."], reached("new"))
    para = scenario(["Could you bring a truck by Monday with sand for the patio?"], reached("new"))
    wheres = scenario(["Where's the truck? It was supposed to be here at eight."], reached("status"))
    # (a caller about a sand delivery on its way: trying the new-delivery edge first would take him)
    late = scenario(["The truck with our sand delivery is running late, is it still coming?"], reached("status"))
    graph = _concrete()
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, wheres) and passes(graph, late)
    fixed = settle(graph, {"train": train, "wheres": wheres, "late": late})
    assert passes(fixed, train) and passes(fixed, wheres) and passes(fixed, late)
    assert passes(fixed, para)

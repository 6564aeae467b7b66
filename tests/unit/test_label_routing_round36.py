"""Issue 23's thirty-sixth round of label routing, from routing-holdout-48's study (stop 50).
Pinned on made-up sentences in a domain no routing corpus has (a lighthouse keeper's cottage
rental office), both sides of the rule:

- a turn that ends by asking the agent to hold ("Sorry, somebody's at the door, can you hold a
  minute?", "could you hold on a sec, please?") says why before it, nothing the call is about:
  unmatched, as a turn that opens with "hold on" is; "can you hold my mail?", "can you hold the
  cottage for us?" ask for something held, and "hold a minute, I want to book the cottage" goes
  on to ask;
- an amount denied by "nothing like" or "nowhere near" ("Nothing like five acres, half an acre at
  the very most") is no amount said, as one after "not" is; a bound denied ("Not under twenty-five,
  no, ... about thirty") is the amount only when no other amount of the same thing is said ("not
  under twenty-five acres" alone: at least 25; "not under ten, we have two floors of cubicles":
  the floors are another thing);
- from routing-holdout-49: a length in inches or meters read against a label's feet ("thirty
  inches" is under 3 feet, "seventy-eight inches" over 6; "two meters" is about 6.6 feet); never a
  yard, which for mulch is cubic ("three inches deep" is no amount of "Under 5 yards");
- an offer broken off for a question first, also after "not yet" ("Send someone... no, not yet,
  first, can I ask about ...?") or "before we ..." ("Sign us... hold on, before we sign anything,
  can we choose ...?"): the node's something-else edge, as "... wait, first, ...?" was;
- "today" is a word like any other, no stop word: a label "Today's, please" has it as its only
  word, and "what's it looking like today?" asks for it."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.label_things import said_things
from tornado_operator.engine.sim.routing import route

COTTAGE = compiled(
    [node("start", "Point Lookout Keeper's Cottage, how can I help?"), node("book"), node("door"), node("mail")],
    [
        edge("book", "start", "book", "Book or hold the cottage", "Reserve a week in the keeper's cottage."),
        edge("door", "start", "door", "A door or lock problem at the cottage"),
        edge("mail", "start", "mail", "Hold or forward my mail during a stay"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, somebody's at the door, can you hold a minute?",
        "The kids are fighting over the cottage key, could you hold on a sec, please?",
        "My mail carrier is here, can you hold for a moment?",
        "Oops, the dog's at the door, would you hold one second?",
    ],
)
def test_a_turn_that_ends_by_asking_the_agent_to_hold_is_unmatched(text: str) -> None:
    assert said(text) == {}
    assert route(COTTAGE, "start", text).target is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Can you hold my mail while we're at the cottage?", "mail"),
        ("Could you hold the cottage for us for the first week of August?", "book"),
        ("Hold a minute, I want to book the cottage for August", "book"),
        ("The back door lock sticks, can you hold on while I try it?", "door"),  # (the turn goes on after the hold)
    ],
)
def test_a_hold_asked_for_something_or_before_a_request_still_routes(text: str, target: str) -> None:
    assert route(COTTAGE, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("Nothing like five acres, half an acre at the very most", ((0.5, "acre"),)),
        ("nowhere near ten boxes, maybe three", ((3.0, ""),)),
        ("Not under twenty-five, no, it's a good bit bigger, about thirty", ((30.0, ""),)),
        ("not under twenty-five acres", ((25.0, "acre"),)),
        ("Definitely not under ten, we have two floors of cubicles.", ((2.0, "floor"), (10.0, ""))),
        ("Five acres, maybe six", ((5.0, "acre"), (6.0, ""))),
    ],
)
def test_an_amount_denied_is_no_amount_said_and_a_denied_bound_gives_way_to_another(
    text: str, amounts: tuple[tuple[float, str], ...]
) -> None:
    assert said_things(text) == amounts


PLOTS = compiled(
    [node("start", "How much ground: under 5 acres, 5 to 25 acres, or more than 25?"), node("small"), node("mid"), node("big")],
    [
        edge("small", "start", "small", "Under 5 acres"),
        edge("mid", "start", "mid", "5 to 25 acres"),
        edge("big", "start", "big", "More than 25 acres"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Nothing like five acres, a quarter acre at most", "small"),
        ("Not under twenty-five, no, closer to forty", "big"),
        ("Not under five acres, about twelve", "mid"),
    ],
)
def test_a_plot_size_after_a_denied_amount_routes_by_what_follows(text: str, target: str) -> None:
    assert route(PLOTS, "start", text).target == target


TIDES = compiled(
    [node("start", "We post tide tables every morning. Would you like today's tides, or is there something else?"),
     node("today"), node("other"), node("bye")],
    [
        edge("today", "start", "today", "Today's, please"),
        edge("other", "start", "other", "I have a different question"),
        edge("bye", "start", "bye", "Thanks, that's what I needed"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Today's, please", "today"),
        ("Great, then what's it looking like today?", "today"),
        ("Today, yes", "today"),
        ("I have a different question about parking", "other"),
        ("Thanks, that's what I needed", "bye"),
    ],
)
def test_today_is_a_word_a_label_can_be_about(text: str, target: str) -> None:
    assert route(TIDES, "start", text).target == target


GATE = compiled(
    [node("start", "How wide is the gate opening: under 4 feet, 4 to 8 feet, or over 8 feet?"), node("narrow"), node("mid"), node("wide")],
    [
        edge("narrow", "start", "narrow", "Under 4 feet"),
        edge("mid", "start", "mid", "4 to 8 feet"),
        edge("wide", "start", "wide", "Over 8 feet"),
    ],
)
MULCH = compiled(
    [node("start", "How much mulch: under 5 yards or 5 yards and up?"), node("small"), node("big")],
    [edge("small", "start", "small", "Under 5 yards"), edge("big", "start", "big", "5 yards and up")],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Maybe thirty inches, it's just a garden gate", "narrow"),
        ("It's about seventy inches across", "mid"),
        ("A hundred and twenty inches, give or take", "wide"),
        ("Two meters, near enough", "mid"),
        ("Not under four, it's more like sixty inches", "mid"),
    ],
)
def test_a_length_in_inches_or_meters_is_read_against_a_labels_feet(text: str, target: str) -> None:
    assert route(GATE, "start", text).target == target


def test_a_depth_in_inches_is_no_amount_of_cubic_yards() -> None:
    assert route(MULCH, "start", "Three inches deep, I think").target is None


KAYAKS = compiled(  # (past the start node, whose "how can I help?" offers no options)
    [node("greet", "Bayside Kayaks, how can I help?"),
     node("offer", "A half-day tour is $60 a person. Want me to book you, or is there something else?"),
     node("book"), node("more"), node("bye")],
    [
        edge("tours", "greet", "offer", "Tours and prices"),
        edge("book", "offer", "book", "Book us in", "The caller wants to book the tour now."),
        edge("more", "offer", "more", "Something else first"),
        edge("bye", "offer", "bye", "No, that's all"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Book us... no, not yet, first, can I ask about life jackets for the kids?", "more"),
        ("Book us... hold on, before we book anything, can we bring our dog?", "more"),
        ("Book us... wait, first, is there parking?", "more"),
        ("Yes, book us in for Saturday", "book"),
        ("Before we go, that's all, thanks", "bye"),
    ],
)
def test_an_offer_broken_off_for_a_question_first(text: str, target: str) -> None:
    assert route(KAYAKS, "offer", text).target == target

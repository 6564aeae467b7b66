"""Issue 23's thirty-sixth round of label routing, from routing-holdout-48's study (stop 50).
Pinned on made-up sentences in a domain no routing corpus has (a lighthouse keeper's cottage
rental office), both sides of the rule:

- a turn that ends by asking the agent to hold ("Sorry, somebody's at the door, can you hold a
  minute?", "could you hold on a sec, please?") says why before it, nothing the call is about:
  unmatched, as a turn that opens with "hold on" is; "can you hold my mail?", "can you hold the
  cottage for us?" ask for something held, and "hold a minute, I want to book the cottage" goes
  on to ask."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
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

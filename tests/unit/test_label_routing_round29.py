"""Issue 23's twenty-ninth round of label routing (from routing-holdout-35's study, continued):
two concepts a person hears whatever the words. Pinned on made-up sentences in domains no routing
corpus has (a prenatal yoga studio, a meal-kit subscription, a library's holds desk), both sides
of every rule:

- expecting a baby (#pregnant): "I'm twenty-two weeks along", "in my second trimester", "I'm
  expecting", "a baby on the way", "I'm due in June", "mom-to-be" and "pregnant" itself; not "we're
  expecting a delivery", "I'm due for my second shot"; negated in "No, I'm not expecting";
- a stop for a while (#pause): "put it on hold", "pause", "freeze", "temporarily", "for a while",
  "the summer off", "stop it while we're away", "I don't want to stop it for good"; not "hold an
  item", "hold on a sec", "freezer", "turn the water off"; negated in "I don't want to pause it"."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.routing import route


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("I'm pregnant", False),
        ("I'm twenty-two weeks along and my back aches", False),
        ("is it safe in the second trimester?", False),
        ("I'm expecting, is that okay?", False),
        ("we have a baby on the way", False),
        ("I'm due in June", False),
        ("a class for moms-to-be? I mean a mom-to-be", False),
        ("No, I'm not expecting, I just pulled a muscle", True),
        ("we're expecting a delivery Tuesday", None),
        ("I think I'm due for my second shot", None),
        ("I expected more from the class", None),
    ],
)
def test_expecting_a_baby(text: str, negated: bool | None) -> None:
    assert said(text).get("#pregnant") is negated


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Put it on hold", False),
        ("Can I pause my box?", False),
        ("Freezing the plan for a month or more", False),
        ("I'd like to stop it temporarily", False),
        ("I'm not quitting, I just need the summer off", False),
        ("just stop it while we're at the lake", False),
        ("we're cancelling it until we get back", False),  # (every form of the stopping verb)
        ("he stops them till spring", False),
        ("I don't want to stop it for good, we're gone two weeks", False),
        ("I don't want to pause it", True),
        ("Hold an item for pickup", None),
        ("hold on a sec", None),
        ("a freezer full of beef", None),
        ("turn the water off", None),
    ],
)
def test_a_stop_for_a_while(text: str, negated: bool | None) -> None:
    assert said(text).get("#pause") is negated


YOGA = compiled(
    [node("start", "Is there anything about your health we should know before class?"), node("pregnant"), node("injury"), node("none")],
    [
        edge("pregnant", "start", "pregnant", "I'm pregnant"),
        edge("injury", "start", "injury", "An injury", "A sore back, knee or shoulder, or a recent surgery."),
        edge("none", "start", "none", "Nothing to mention"),
    ],
)
MEALS = compiled(
    [node("start", "Would you like to put your plan on hold, cancel it, or change your meals?"), node("hold"), node("cancel"), node("meals")],
    [
        edge("hold", "start", "hold", "Put it on hold", "Skip deliveries for a few weeks."),
        edge("cancel", "start", "cancel", "Cancel my plan", "End the subscription."),
        edge("meals", "start", "meals", "Change my meals"),
    ],
)


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (YOGA, "I'm twenty-two weeks along, and my back is killing me", "pregnant"),
        (YOGA, "Sort of, I'm expecting, is the second trimester okay?", "pregnant"),
        (YOGA, "No, I'm not expecting, I pulled my shoulder last week", "injury"),
        (MEALS, "I'm not quitting, I love it, I just need the summer off", "hold"),
        (MEALS, "I don't want to stop it for good, we're traveling for two weeks", "hold"),
        (MEALS, "Cancel it, we're moving abroad", "cancel"),
    ],
)
def test_the_concepts_route(graph: object, text: str, target: str) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]

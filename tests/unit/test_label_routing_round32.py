"""Issue 23's thirty-second round of label routing (from routing-holdout-39's study). Pinned on made-up
sentences in domains no routing corpus has (a glassblowing studio's class line, a canoe livery),
both sides of every rule:

- a request broken off, then what was broken off named as set aside ("Classes... actually, no,
  forget classes, the vase I bought cracked", "Can I add... no, forget adding, I need to move it"):
  a person hears what follows the setting aside; the thing set aside says nothing (and a turn that
  is only the setting aside keeps its words);
- "push the whole thing back a week", "push the trip back": another time asked for, with the thing
  pushed named between the verb and "back" (not "push back on the price": arguing)."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_corrections import restarted
from tornado_operator.engine.sim.routing import route

STUDIO = compiled(
    [
        node("start", "Thanks for calling Hot Shop Glass, how can I help?"),
        node("classes"), node("broken"), node("when"),
    ],
    [
        edge("classes", "start", "classes", "Glassblowing classes", "Sign up for a beginner or a weekend class."),
        edge("broken", "start", "broken", "Something I bought arrived damaged", "A cracked or chipped piece from our shop."),
        edge("when", "start", "when", "Change the date of my class"),
    ],
)
LIVERY = compiled(
    [
        node("start", "You're booked for Saturday. Do you need to change the date, add a canoe, or something else?"),
        node("date"), node("add"), node("other"),
    ],
    [
        edge("date", "start", "date", "Change the trip date"),
        edge("add", "start", "add", "Add another canoe to the booking"),
        edge("other", "start", "other", "Something else"),
    ],
)


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("Classes... actually, no, forget classes, the vase I bought cracked", "the vase I bought cracked"),
        ("Can I add... no, forget adding, I need to move it", "I need to move it"),
        ("One more thing... no, forget it, I'm all set", "I'm all set"),
        ("How much is... sorry, forget that, when do you open?", "when do you open?"),
        ("Classes... actually, forget classes.", "forget classes."),  # nothing follows: the words kept
        ("I forgot my receipt, can I still return it?", "I forgot my receipt, can I still return it?"),  # no pause
    ],
)
def test_what_is_set_aside_after_a_restart(text: str, heard: str) -> None:
    assert restarted(text) == heard


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Classes... actually, no, forget classes, the vase I bought came chipped", "broken"),
        ("Class dates... no wait, forget the dates, I want to sign up for a weekend class", "classes"),
    ],
)
def test_a_thing_set_aside_routes_by_what_follows(text: str, target: str) -> None:
    assert route(STUDIO, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("We need to push the whole thing back a week", "date"),
        ("Can we push the trip back to Sunday?", "date"),
        ("Could you push it back a day?", "date"),
        ("Can I add... no, actually, forget adding, I need to push the whole thing back a week", "date"),
    ],
)
def test_pushing_the_thing_back_asks_for_another_time(text: str, target: str) -> None:
    assert route(LIVERY, "start", text).target == target


def test_pushing_back_on_something_is_no_other_time() -> None:
    assert route(LIVERY, "start", "I want to push back on the price of the extra canoe").target != "date"

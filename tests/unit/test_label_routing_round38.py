"""Issue 23's thirty-eighth round of label routing, from routing-holdout-51's study (stop 51).
Pinned on made-up sentences in a domain no routing corpus has (a pipe-organ builder's workshop),
both sides of each rule:

- on a node whose edges offer "something else" beside being done, an answer taken back for one
  more thing ("That's all... oh, wait, no, I had a question about the blower", "Okay, I follow...
  no, hang on, there's something about my invoice too") is the something-else edge, whatever the
  thing is; not where nothing is announced after the taking back ("That's all... no, wait, thanks
  a lot"), and not on a node with no such edge;
- a line check at a turn's end after hellos ("Hello? Hello? You cut out, I'm in the loft... okay,
  can you hear me now?") is unmatched like one alone;
- asking whether this is another business, a place after its name ("Is this the Bluebird Diner off
  Route 9?"), routes nothing, as "Is this the Bluebird Diner?" did."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.routing import route

ORGAN = compiled(
    [
        node("start", "Hartwell Organ Works: is this about a tuning, a repair, or lessons?"),
        node("tune", "We tune twice a year. Would you like to book the spring tuning, or is there something else?"),
        node("more"), node("done"), node("fix"), node("learn"),
    ],
    [
        edge("tune", "start", "tune", "A tuning", "The organ sounds out of tune and needs its yearly tuning."),
        edge("fix", "start", "fix", "A repair", "Something on the organ is broken: a stuck key, a dead stop, a cipher or a leak."),
        edge("learn", "start", "learn", "Organ lessons", "Lessons for an organist, beginner or church musician."),
        edge("more", "tune", "more", "Hold on, something else"),
        edge("done", "tune", "done", "That's all, thanks"),
        edge("book", "tune", "start", "Book the spring tuning", "The caller wants the spring tuning put on the calendar."),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "That's all... oh, wait, no, I had a question about the blower",
        "Okay, I follow... no, hang on, there's something about my invoice too",
        "I'm good... no, wait, there's the chapel organ too",
        "That's everything... actually, hold on, what about the pedalboard?",
    ],
)
def test_an_answer_taken_back_for_one_more_thing_is_the_something_else_edge(text: str) -> None:
    assert route(ORGAN, "tune", text).target == "more"


def test_an_answer_not_taken_back_or_taken_back_for_nothing_more_is_no_something_else() -> None:
    assert route(ORGAN, "tune", "That's all, thanks.").target == "done"
    assert route(ORGAN, "tune", "That's all... no, wait, thank you so much").target != "more"  # nothing announced


def test_one_more_thing_on_a_node_with_no_something_else_edge_is_not_read_so() -> None:
    # the start's edges offer no something else: the thing itself is routed
    assert route(ORGAN, "start", "A tuning... no, wait, there's a stuck key on the great manual too").target == "fix"


@pytest.mark.parametrize(
    "text",
    [
        "Hello? Hello? You cut out, I'm up in the loft with the tuning fork... okay, can you hear me now?",
        "Hello? Sorry, the organ repair guy is running the blower, are you still there?",
    ],
)
def test_a_line_check_after_hellos_is_unmatched(text: str) -> None:
    assert route(ORGAN, "start", text).target is None


@pytest.mark.parametrize(
    "text",
    [
        "Is this the Bluebird Diner off Route 9? Do you do lessons?",
        "Is this the music school on Maple? I want organ lessons for my son",
        "Is this the Bluebird Diner? Do you do lessons?",  # as before
    ],
)
def test_another_business_with_a_place_after_its_name_routes_nothing(text: str) -> None:
    assert route(ORGAN, "start", text).target is None

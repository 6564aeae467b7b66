"""Issue 23's thirty-seventh round of label routing, from routing-holdout-50's study (stop 51).
Pinned on made-up sentences in a domain no routing corpus has (a pipe-organ builder's workshop),
both sides of each rule:

- an option said back with a pause, then something else said of it ("Tuning... it's not a tuning
  exactly, a pipe keeps sounding on its own", "Lessons... for my church's new organist, I mean"):
  the words before the pause were the agent's option tried on, and a person answers what follows.
  Not when what follows takes the option ("Tuning... sort of, ..."), refers back to it ("... we
  already had one"), nothing follows, or more than four words come before the pause (the caller's
  own sentence, not an option said back);
- a turn that ends by checking the line ("Sorry, the choir just started, can you still hear me
  okay?", "are you still there? hello?") says before it why, nothing the call is about: unmatched;
  unless it asks for something first ("I need the organ tuned before Easter, can you hear me?")."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_corrections import option_set_aside
from tornado_operator.engine.sim.routing import route

ORGAN = compiled(
    [node("start", "Hartwell Organ Works: is this about a tuning, a repair, or lessons?"), node("tune"), node("fix"), node("learn")],
    [
        edge("tune", "start", "tune", "A tuning", "The organ sounds out of tune and needs its yearly tuning."),
        edge("fix", "start", "fix", "A repair", "Something on the organ is broken: a stuck key, a dead stop, a cipher or a leak."),
        edge("learn", "start", "learn", "Organ lessons", "Lessons for an organist, beginner or church musician."),
    ],
)


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("Tuning... it's not a tuning exactly, a pipe keeps sounding on its own",
         "it's not a tuning exactly, a pipe keeps sounding on its own"),
        ("Lessons... for my church's new organist, I mean", "for my church's new organist, I mean"),
        ("A repair\u2026 well, nothing's broken, it just sounds sour", "well, nothing's broken, it just sounds sour"),
    ],
)
def test_an_option_said_back_with_a_pause_is_set_aside(text: str, rest: str) -> None:
    assert option_set_aside(text) == rest


@pytest.mark.parametrize(
    "text",
    [
        "Tuning... sort of, the reeds drift every winter",  # what follows takes the option
        "A tuning... yeah, before Easter if you can",
        "A repair... hold on, we already had one done in May",  # what follows refers back to it
        "Tuning...",  # nothing follows
        "The big organ at Saint Anne's downtown... it needs a tuning",  # the caller's own sentence
        "How much... is a tuning these days?",  # a question of the caller's own
        "Tuning, it's not a tuning exactly, a pipe keeps sounding",  # no pause
    ],
)
def test_an_option_taken_or_no_option_said_back_is_kept(text: str) -> None:
    assert option_set_aside(text) == text


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Tuning... it's not a tuning exactly, a key is stuck down and the pipe keeps sounding", "fix"),
        ("A repair... for my church's new organist, she wants organ lessons before she starts", "learn"),
        ("Tuning... sort of, it sounds out of tune every winter", "tune"),  # taken: as before
    ],
)
def test_the_scorer_answers_what_follows_an_option_said_back(text: str, target: str) -> None:
    assert route(ORGAN, "start", text).target == target


@pytest.mark.parametrize(
    "text",
    [
        "Wait, sorry, the choir just started practicing, can you still hear me okay?",
        "I'm up in the organ loft and the signal's bad, can you hear me?",
        "Sorry, my phone cut out, are you still there? Hello?",
        "The blower's so loud up here, did I lose you?",
    ],
)
def test_a_turn_that_ends_by_checking_the_line_is_unmatched(text: str) -> None:
    assert route(ORGAN, "start", text).target is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("I need the organ tuned before Easter, can you hear me?", "tune"),  # asked for first
        ("Can you hear me okay? A key is stuck and the pipe keeps sounding.", "fix"),  # the call goes on
        ("Can you still hear me? I was asking about a tuning.", "tune"),
    ],
)
def test_a_line_check_with_a_request_still_routes(text: str, target: str) -> None:
    assert route(ORGAN, "start", text).target == target

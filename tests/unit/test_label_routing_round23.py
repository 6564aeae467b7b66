"""Issue 23's twenty-third round (from routing-holdout-30's study): numbers in the hundreds said as
two, clock spans said bare, and ways of saying "no" and "that's all". Pinned on made-up sentences
in domains no routing corpus has (a car-loan desk, a conference center, an eye-care line), both
sides of every bound:

- "seven-eighty", "six fifty", "about six-ninety" are hundreds (a credit score, a head count), not
  a time; after "at", "by", "until" it is a time ("at six-thirty": no count), and before "am",
  "pm", "in the" too; a number said before "thousand" or "million" ("six hundred twenty
  thousand") is no count;
- a span between two clock times said bare ("Just nine to noon", "All day, eight to five") or with
  the part of the day ("from one in the afternoon until about seven") is how long;
- "Not at the moment", "not right now" are a no; "that's what I needed (to know)" is done, and on
  a node that only informs, an acknowledgement."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_counts import said_count
from tornado_operator.engine.sim.label_lengths import Length, said_length
from tornado_operator.engine.sim.routing import route

LOANS = compiled(
    [node("start", "Roughly what's your credit score?"), node("low"), node("mid"), node("high")],
    [
        edge("low", "start", "low", "Under 600"),
        edge("mid", "start", "mid", "600 to 720"),
        edge("high", "start", "high", "Caller's score is above 720", "Excellent credit."),
    ],
)
ROOMS = compiled(
    [node("start", "How many hours do you need the room?"), node("half"), node("full")],
    [
        edge("half", "start", "half", "Four hours or less", "A morning or an afternoon."),
        edge("full", "start", "full", "More than four hours"),
    ],
)
EYES = compiled(
    [node("start", "Is there anything else I can help you with?"), node("more"), node("done")],
    [edge("more", "start", "more", "Caller has another question"), edge("done", "start", "done", "Caller is finished")],
)
FRAMES = compiled(
    [node("start", "Your new frames will be ready in a week; bring your insurance card when you pick them up."), node("next")],
    [edge("next", "start", "next", "Caller got the information")],
)


def _target(graph: object, text: str) -> str | None:
    return route(graph, "start", text).target  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Last time I checked it was like seven-eighty", 780),
        ("Around six-fifty, maybe a little higher now", 650),
        ("about six-ninety", 690),
        ("three twenty-five", 325),
        ("we'll be there at six-thirty, four of us", 4),  # the time is no count
        ("six-thirty pm", None),
        ("Credit Karma had me at eight-ten", None),  # after "at": a time, no score
        ("listed at six hundred twenty thousand", None),  # a larger number, said partly
    ],
)
def test_hundreds_said_as_two_numbers(text: str, count: int | None) -> None:
    assert said_count(text) == count


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("It was like seven-eighty last I looked", "high"),
        ("around six-fifty", "mid"),
        ("Seven-fifty... no, wait, that's my wife's, mine is five-ninety", "low"),
        ("not sure, maybe seven hundred", "mid"),
    ],
)
def test_scores_said_as_two_numbers_route_against_the_range(text: str, target: str) -> None:
    assert _target(LOANS, text) == target


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Just nine to noon", 3.0),
        ("All day, eight to five, with a working lunch", 9.0),
        ("We'd go from one in the afternoon until about seven", 6.0),
    ],
)
def test_a_clock_span_said_bare_is_how_long(text: str, hours: float) -> None:
    assert said_length(text) == Length(hours, hours)


def test_a_range_of_minutes_is_no_clock_span() -> None:
    assert said_length("about 5 to 10 minutes") == Length(5 / 60, 10 / 60)


@pytest.mark.parametrize(
    ("text", "target"),
    [("Just nine to noon", "half"), ("All day, eight to five", "full"), ("from one in the afternoon until about seven", "full")],
)
def test_clock_spans_route_against_the_length(text: str, target: str) -> None:
    assert _target(ROOMS, text) == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Not at the moment, you've been a big help", "done"),
        ("Perfect, that's what I needed, thanks", "done"),
        ("Wonderful, that's what I needed to know", "done"),
        ("Yes, one more question about my contacts", "more"),
    ],
)
def test_ways_of_saying_no_and_done(text: str, target: str) -> None:
    assert _target(EYES, text) == target


def test_thats_what_i_needed_acknowledges_what_a_node_tells() -> None:
    assert _target(FRAMES, "Perfect, that's what I needed.") == "next"

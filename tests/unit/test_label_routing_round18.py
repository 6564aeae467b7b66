"""Issue 23's eighteenth round (from routing-holdout-23's study): how far off, in more of the ways
a label says it. Pinned on made-up sentences in domains no routing corpus has (a piano recital
hall, a moving company, a bakery's wedding-cake desk), both sides of every bound:

- "Sooner than three weeks" is a span still to come, under three weeks;
- "Two to four months away", "between one and two years ago": a span with both ends (only with a
  word of when: "3 to 7 days" alone is how long something lasts, label_lengths.py);
- "more than a year off": still to come (the word "off" ending the label), and no age in months."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_age_months import label_age_months
from tornado_operator.engine.sim.label_durations import DaySpan, label_span, label_span_ahead
from tornado_operator.engine.sim.label_lengths import label_length
from tornado_operator.engine.sim.routing import route

RECITAL = compiled(
    [node("start", "When is the recital?"), node("soon"), node("later")],
    [
        edge("soon", "start", "soon", "Sooner than three weeks"),
        edge("later", "start", "later", "Three weeks or more away"),
    ],
)
MOVERS = compiled(
    [node("start", "When is your move?"), node("near"), node("mid"), node("far")],
    [
        edge("near", "start", "near", "Less than two months away"),
        edge("mid", "start", "mid", "Two to four months away"),
        edge("far", "start", "far", "Caller's move is more than four months off"),
    ],
)


def test_sooner_than_is_a_span_still_to_come() -> None:
    assert label_span_ahead("Sooner than three weeks") == DaySpan(None, 21.0, ahead=True, open_upto=True)
    assert label_span("Sooner than three weeks") is None


def test_a_span_with_two_ends_ahead_or_ago() -> None:
    assert label_span_ahead("Two to four months away") == DaySpan(60.0, 120.0, ahead=True, closed_above=True)
    assert label_span_ahead("Between 2 and 4 weeks from now") == DaySpan(14.0, 28.0, ahead=True, closed_above=True)
    assert label_span("Between one and two years ago") == DaySpan(365.0, 730.0, closed_above=True)


def test_two_ends_without_a_word_of_when_is_a_length_not_a_span() -> None:
    assert label_span("3 to 7 days") is None and label_span_ahead("3 to 7 days") is None
    assert label_length("3 to 7 days") is not None


def test_a_span_ending_in_off_is_still_to_come_and_no_age() -> None:
    assert label_span_ahead("Caller's move is more than four months off") == DaySpan(120.0, None, ahead=True)
    assert label_span("Caller's move is more than four months off") is None
    assert label_age_months("Caller's move is more than four months off") is None
    assert label_age_months("Four months or older") is not None  # an age label is still one


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("It's this Saturday", "soon"),
        ("a week from Tuesday", "soon"),
        ("It's about twenty days from now", "soon"),
        ("Three weeks from today", "later"),  # the bound itself: three weeks or more
        ("about a month from now", "later"),
        ("Not till next spring, like five months out", "later"),
    ],
)
def test_how_far_off_the_recital_is(turn: str, expected: str) -> None:
    assert route(RECITAL, "start", turn).edge_id == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("in about six weeks", "near"),
        ("About two months out", "mid"),  # the lower bound of "Two to four months"
        ("three months from now", "mid"),
        ("Four months away", "mid"),  # its upper bound, and not "more than four months"
        ("Five months out, give or take", "far"),
        ("Two... no, more like six months away", "far"),
    ],
)
def test_how_far_off_the_move_is(turn: str, expected: str) -> None:
    assert route(MOVERS, "start", turn).edge_id == expected

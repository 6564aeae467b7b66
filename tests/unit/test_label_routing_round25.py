"""Issue 23's twenty-fifth round of label routing (from routing-holdout-33's study, scored blind
just before it): how long a stay or an absence lasts, said the ways callers say it; another time
asked with "instead"; being held up on the way; a span ahead with a half; a weekday said after a
past verb. Pinned on made-up sentences in domains no routing corpus has (a lakeside cabin
rental, a pool-cleaning service's hold line, a tailor, a tattoo-removal clinic), both sides of
every rule:

- a label that is one length alone ("Just one night", "One day") states it; "Caller is away more
  than a month" is how long the caller is gone ("two weeks away" is still how far off);
- "only tonight" is one night, "a fortnight" two weeks, "in Thursday, out Monday" four nights,
  "gone from November through April" six months ("Can I come in tonight?" says no length);
- "can we do next Tuesday instead?" asks for another time, not "something else" (which "something
  else, can we do Tuesday?" still says);
- "stuck in traffic", "stuck on the bridge", "ten minutes behind", "I'll be there in twenty
  minutes" say the caller will be late ("the brake's stuck on" does not);
- "a year and a half out" is eighteen months ahead; "I came in Monday" is within the past week
  ("I'll come in Monday" is no time past);
- a step the caller has already taken ("we already did all the check-in business", "I already
  checked in") counts against the option to take it ("I want to check in" fits it);
- a trouble said and nothing of what it is with ("I can't find it" against "Engine trouble") is
  no option ("the engine won't start" is);
- "except" after a pause starts the turn again, as "wait" does ("That's everything... oh, except,
  what time is breakfast?" asks one more)."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_corrections import restarted
from tornado_operator.engine.sim.label_durations import said_days_ago, said_days_ahead
from tornado_operator.engine.sim.label_lengths import Length, label_length, said_length
from tornado_operator.engine.sim.routing import route

CABIN = compiled(
    [node("start", "How many nights would you like the cabin?"), node("one"), node("few"), node("week")],
    [
        edge("one", "start", "one", "Just one night"),
        edge("few", "start", "few", "2 to 6 nights", "A weekend or a few nights."),
        edge("week", "start", "week", "A week or more", "Seven nights or longer."),
    ],
)
POOL_HOLD = compiled(
    [node("start", "How long will you be away?"), node("short"), node("mid"), node("long")],
    [
        edge("short", "start", "short", "Less than a week"),
        edge("mid", "start", "mid", "1 to 4 weeks"),
        edge("long", "start", "long", "Caller is away more than a month", "A whole season somewhere else."),
    ],
)
TAILOR = compiled(
    [
        node("start", "Do you need to move your fitting, are you running late, or is it something else about your order?"),
        node("move"), node("late"), node("other"),
    ],
    [
        edge("move", "start", "move", "Move my fitting", "Another day or time for the fitting."),
        edge("late", "start", "late", "I'm running late"),
        edge("other", "start", "other", "Something else about my order", "A question about the alterations, the bill or pickup."),
    ],
)
CLINIC = compiled(
    [node("start", "Was your last session within the past two weeks?"), node("recent"), node("older")],
    [
        edge("recent", "start", "recent", "Yes, within two weeks"),
        edge("older", "start", "older", "No, it's been longer"),
    ],
)
EVENT = compiled(
    [node("start", "Is your party within the next three months, or further out?"), node("soon"), node("later")],
    [
        edge("soon", "start", "soon", "Within the next three months"),
        edge("later", "start", "later", "More than three months away"),
    ],
)


def _target(graph: object, text: str) -> str | None:
    return route(graph, "start", text).target  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "length"),
    [
        ("Just one night", Length(24.0, 24.0)),
        ("One day", Length(24.0, 24.0)),
        ("Caller is away more than a month", Length(730.0, None, open_low=True)),
        ("Less than two weeks away", None),  # how far off, not how long
        ("Two nights, maybe more, depending", None),
    ],
)
def test_a_label_of_one_length_and_an_absence_state_how_long(label: str, length: Length | None) -> None:
    assert label_length(label) == length


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Only tonight, we're driving through", 24.0),
        ("tonight only", 24.0),
        ("Probably a fortnight", 336.0),
        ("Check in Thursday, out Monday morning", 96.0),
        ("arriving Friday, leaving Sunday", 48.0),
        ("We're gone from November through April", 6 * 730.0),
        ("June through August", 3 * 730.0),
        ("Can I come in tonight?", None),
    ],
)
def test_stays_and_absences_said_the_ways_callers_say_them(text: str, hours: float | None) -> None:
    said = said_length(text)
    assert (said.low if said is not None else None) == hours


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (CABIN, "Only tonight, we're heading on to the coast", "one"),
        (CABIN, "Probably a fortnight, we're coming from overseas", "week"),
        (CABIN, "Check in Thursday, out Monday morning", "few"),
        (CABIN, "Three nights", "few"),
        (POOL_HOLD, "We're snowbirds, gone from November through April", "long"),
        (POOL_HOLD, "It's not a long trip, Friday through Monday", "short"),
        (POOL_HOLD, "About two weeks", "mid"),
    ],
)
def test_lengths_route_against_the_labels(graph: object, text: str, target: str) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Something came up at work, can we do next Tuesday instead?", "move"),
        ("Can we push it to Thursday instead?", "move"),
        ("I'm stuck on the bridge, it's gonna be like ten minutes", "late"),
        ("I'm stuck in traffic, probably fifteen minutes behind", "late"),
        ("I'll be there in twenty minutes", "late"),
        # the other side: something else said, and nothing held up
        ("Something else, can I pick up the jacket instead of having it mailed?", "other"),
        ("The zipper's stuck on the jacket you altered", "other"),
    ],
)
def test_another_time_with_instead_and_being_held_up(text: str, target: str) -> None:
    assert _target(TAILOR, text) == target


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Not for a while, it's a year and a half out", 547.5),
        ("two months out", 60.0),
        ("in a year and a half", 547.5),
    ],
)
def test_a_span_ahead_with_a_half(text: str, days: float) -> None:
    assert said_days_ahead(text) == days


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("I came in Monday and it's Wednesday now", 4.0),
        ("I was in on Saturday", 4.0),
        ("I'll come in Monday", None),
        ("Monday works for me", None),
    ],
)
def test_a_weekday_after_a_past_verb_is_within_the_week(text: str, days: float | None) -> None:
    assert said_days_ago(text) == days


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (EVENT, "Not for a while, it's a year and a half out", "later"),
        (EVENT, "It's about six weeks out", "soon"),
        (CLINIC, "I came in Monday and it's Wednesday now", "recent"),
    ],
)
def test_spans_route_against_the_labels(graph: object, text: str, target: str) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]


LODGE = compiled(
    [node("start", "Snowcrest Lodge, how can I help?"), node("checkin"), node("returns")],
    [
        edge("checkin", "start", "checkin", "Check in for your lesson", "Get your lift ticket and instructor before the lesson."),
        edge("returns", "start", "returns", "Return your skis", "Bring the rental skis and boots back by four."),
    ],
)
MARINA = compiled(
    [
        {"id": "start", "text": "What's your slip number?"},
        {"id": "trouble", "text": "Stay aboard.", "isGlobal": True, "globalLabel": "Engine trouble",
         "globalDescription": "The engine or generator quits while you're out on the water.", "globalMatch": {}},
        node("next"),
    ],
    [edge("answered", "start", "next", "The caller gives the slip number")],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("We already did all the check-in business this morning; when do the skis have to be back?", "returns"),
        ("I already checked in, I just need to know when to return the skis", "returns"),
        ("I want to check in for my lesson", "checkin"),
    ],
)
def test_a_step_already_taken_counts_against_taking_it(text: str, target: str) -> None:
    assert _target(LODGE, text) == target


def test_a_step_already_taken_alone_is_no_option() -> None:
    assert route(LODGE, "start", "We already checked in").target is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("I can't find it", None),
        ("I can't get at it right now", None),
        ("The engine won't start and we're drifting", "trouble"),
    ],
)
def test_a_trouble_with_nothing_of_what_it_is_with_is_no_option(text: str, target: str | None) -> None:
    assert _target(MARINA, text) == target


ANYTHING_ELSE = compiled(
    [node("start", "Take exit 12 and turn left at the mill. Is there anything else I can help with?"), node("more"), node("done")],
    [edge("more", "start", "more", "Yes, one more question"), edge("done", "start", "done", "Caller is done", "Nothing else.")],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("That's everything... oh, except, what time is breakfast?", "more"),
        ("That's everything, except I'm not sure I wrote it down right", "done"),  # no pause: no restart
    ],
)
def test_except_after_a_pause_starts_again(text: str, target: str) -> None:
    assert restarted("That's everything... oh, except, what time is breakfast?") == "what time is breakfast?"
    assert _target(ANYTHING_ELSE, text) == target

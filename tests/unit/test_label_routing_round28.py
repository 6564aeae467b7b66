"""Issue 23's twenty-eighth round of label routing (from routing-holdout-35's study, scored blind
just before it): how long, how often, how much, how long ago. Pinned on made-up sentences in
domains no routing corpus has (a hot-stone massage studio, a community choir's donations, a
bicycle-courier account, a locksmith's gift cards), both sides of every rule:

- a menu of lengths whose options each name one length and no bound ("60 minutes" / "90 minutes" /
  "Two and a half hours, the longest") states those lengths: "an hour and a half" is the 90
  minutes; one such option alone states nothing ("a 24-hour line" says when, not how long);
- how often, said either way: "ten a month", "every week", "twice a year", "monthly", "regularly"
  are again and again (#recurring), "just this once", "a one-time gift", "one-off" are once
  (#once), each negated after a "not" ("not every month"); "one time I called", "take one off the
  account", "for a month", "a month ago" are neither;
- a label that takes any amount ("A dollar amount", "Any amount, such as fifty or a hundred
  dollars") fits every amount said (its numbers are examples, no bound);
- "it's been at least four months", "it's been, what, three months now" say how long ago (not how
  long something lasts);
- a step had or taken already ("I already had my consult", "she already took the intro class")
  counts against the option to take it, as "we already did the check-in" does; "I already have an
  appointment" says there is one (from fixer-labels-validation-24's study)."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.label_durations import said_days_ago
from tornado_operator.engine.sim.label_lengths import Length, label_one_length, said_length
from tornado_operator.engine.sim.label_money import MoneyRange, label_money
from tornado_operator.engine.sim.routing import route

MASSAGE = compiled(
    [node("start", "How long a massage would you like: sixty minutes, ninety minutes, or two and a half hours?"),
     node("short"), node("mid"), node("long")],
    [
        edge("short", "start", "short", "60 minutes", "The standard one-hour massage."),
        edge("mid", "start", "mid", "90 minutes"),
        edge("long", "start", "long", "Two and a half hours, the longest", "For regulars only."),
    ],
)
HOTLINE = compiled(
    [node("start", "Is this about the hotline or a visit?"), node("line"), node("visit")],
    [
        edge("line", "start", "line", "Our 24-hour line", "Call any time."),
        edge("visit", "start", "visit", "Book a visit", "A technician comes to you."),
    ],
)
CHOIR = compiled(
    [node("start", "Thank you! Would you like to give once today, or every month?"), node("once"), node("monthly")],
    [
        edge("once", "start", "once", "Just a one-time gift", "A single gift today."),
        edge("monthly", "start", "monthly", "Monthly, as a sustaining singer", "Charged to a card each month."),
    ],
)
COURIER = compiled(
    [node("start", "Pedal Post couriers, how can I help?"), node("account"), node("single")],
    [
        edge("account", "start", "account", "Open a business account", "Standing pickups for offices."),
        edge("single", "start", "single", "Send a package", "Pick up a package and deliver it across town."),
    ],
)
GIFTS = compiled(
    [node("start", "A gift card! Would you like it for a dollar amount, or for a rekey service?"), node("amount"), node("service")],
    [
        edge("amount", "start", "amount", "A dollar amount", "Any amount, such as fifty or a hundred dollars."),
        edge("service", "start", "service", "A rekey service", "One house rekeyed, all locks."),
    ],
)
SAMPLES = compiled(
    [node("start", "Sorry it hasn't come. Samples ship within six weeks. About when did you ask for yours?"), node("recent"), node("late")],
    [
        edge("recent", "start", "recent", "Within the last 6 weeks"),
        edge("late", "start", "late", "More than six weeks ago", "Over six weeks ago."),
    ],
)


@pytest.mark.parametrize(
    ("label", "length"),
    [
        ("60 minutes", Length(1.0, 1.0)),
        ("Two and a half hours, the longest", Length(2.5, 2.5)),
        ("An hour ago", None),
        ("Up to an hour", None),
        ("Within two hours", None),
        ("Two hours or three hours", None),
    ],
)
def test_one_length_named_alone(label: str, length: Length | None) -> None:
    assert label_one_length(label) == length


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("An hour and a half, please", "mid"),
        ("Just the hour, sixty minutes", "short"),
        ("Let's go all out, two and a half hours", "long"),
    ],
)
def test_a_menu_of_lengths_states_each_length(text: str, target: str) -> None:
    assert route(MASSAGE, "start", text).target == target


def test_one_length_alone_on_a_menu_states_none() -> None:
    # "24-hour" beside a label with no length: no menu of lengths, so "for twenty-four hours" is no fit
    assert route(HOTLINE, "start", "It's been beeping for twenty-four hours").target is None


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        ("Ten a month is easier on my budget", {"#recurring": False}),
        ("I'd want you every week", {"#recurring": False}),
        ("we go twice a year", {"#recurring": False}),
        ("Monthly, please", {"#recurring": False}),
        ("Not every month, just fifty this once", {"#recurring": True, "#once": False}),
        ("a one-time thing", {"#once": False}),
        ("it's a one-off", {"#once": False}),
        ("One time I called and nobody answered", {}),
        ("Take one off the account", {}),
        ("I'll be away for a month", {}),
        ("I called a month ago", {}),
    ],
)
def test_how_often(text: str, concepts: dict[str, bool]) -> None:
    found = said(text)
    assert {concept: negated for concept, negated in found.items() if concept in ("#recurring", "#once")} == concepts


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (CHOIR, "Twenty a month works for me", "monthly"),
        (CHOIR, "Not every month, I'm retired, just thirty this once", "once"),
        (CHOIR, "One time... no, put me down for fifteen a month instead", "monthly"),
        (COURIER, "Not a one-time thing, we'd need you every week at our office", "account"),
        (COURIER, "Just once, a birthday present to my sister across town", "single"),
    ],
)
def test_how_often_routes(graph: object, text: str, target: str) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "money"),
    [
        ("A dollar amount", MoneyRange(None, None, None)),
        ("Any amount, such as fifty or a hundred dollars", MoneyRange(None, None, None)),
        ("Any amount over $50", MoneyRange(50.01, None, None)),  # a bound after it: no "any amount"
    ],
)
def test_a_label_of_any_amount(label: str, money: MoneyRange) -> None:
    assert label_money(label) == money


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Fifty bucks, it's for my mailman", "amount"),
        ("Let's do a hundred and fifty, he can pick", "amount"),
        ("The rekey, all the locks on his new house", "service"),
    ],
)
def test_any_amount_fits_every_amount(text: str, target: str) -> None:
    assert route(GIFTS, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "days_ago", "length"),
    [
        ("It's been at least four months", 120.0, None),
        ("Not recently, it's been, what, three months now", 90.0, None),
        ("It's been well over a year", 366.0, None),
        ("We rode at least four hours", None, Length(4.0, None)),
    ],
)
def test_it_has_been_says_how_long_ago(text: str, days_ago: float | None, length: Length | None) -> None:
    assert said_days_ago(text) == days_ago
    assert said_length(text) == length


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("It's been at least four months", "late"),
        ("It's been, oh, two weeks maybe", "recent"),
    ],
)
def test_how_long_ago_routes(text: str, target: str) -> None:
    assert route(SAMPLES, "start", text).target == target


STUDIO = compiled(
    [node("start", "Glow Laser Studio, how can I help?"), node("consult"), node("prices"), node("existing")],
    [
        edge("consult", "start", "consult", "Schedule a consult", "Meet a technician before your first session."),
        edge("prices", "start", "prices", "Session prices", "What a session or a course of sessions costs."),
        edge("existing", "start", "existing", "I have an appointment", "Change or check a booked appointment."),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("I already had my consult; what does a session cost?", "prices"),
        ("She already took the consult last week, so how much for the sessions?", "prices"),
        ("I'd like to schedule a consult", "consult"),
        ("I already have an appointment on Friday, can I check the time?", "existing"),
    ],
)
def test_a_step_already_had_counts_against_taking_it(text: str, target: str) -> None:
    assert route(STUDIO, "start", text).target == target

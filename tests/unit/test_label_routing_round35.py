"""Issue 23's thirty-fifth round of label routing, from routing-holdout-46's study (stop 49).
Pinned on made-up sentences in domains no routing corpus has (a sailmaker's quote line, a
foster-grandparent program's office), both sides of every rule:

- a decision put off by a verb of weighing with what is weighed ("I'll think on it", "let me chew
  on that", "we'll sleep on it", "we'll pray about it", "I'll mull that over") is done, nothing
  more now, as "think it over" was; "I think on Tuesdays we're closed" and "chew on the rope" are
  not;
- "I don't mind them coming", "I wouldn't mind a call": no objection, so what follows is not
  negated (and "mind" itself is no content word); "I don't want them coming" still negates;
- someone "having a rough time", "a hard time", "struggling": a problem (#problem), as "having
  trouble" is; "a rough estimate" and "a hard copy" are not;
- a missed chance ("the vet didn't have time to do the booster", "never got a chance to call the
  groomer", "didn't get to sign the form"): what was to be done was not, so the negation reaches
  it and what it is done to; "we didn't get to the store" (arrived) and "I didn't have the money"
  are no missed chance;
- from fixer-labels-validation-34: a workshop's "Roll and dip your own truffles", "Paint your own
  mug" is made by the doer (#self), as a caller's "we'd make them ourselves" is; "I drive my own
  car" and "bring your own wine" are not;
- from routing-holdout-47: when something must be in (#deadline): "Our filing deadline", "Payment
  due date" and a caller's "When's the annual report due?", "what's our filing date?", "the last
  day to file" (not "I just want to pay what's due", an amount, nor "due to the storm"); the
  business's rate asked ("What's your per-mile rate?", "rates for a crew", "the going rate") is its
  price (not "the sales tax rate", "the interest rate on my account", "heart rate")."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.label_corrections import matter_set_aside
from tornado_operator.engine.sim.labels import words
from tornado_operator.engine.sim.routing import route

SAILS = compiled(
    [node("start", "That's $1,400 for the mainsail. Want to go ahead?"), node("book"), node("more"), node("bye")],
    [
        edge("book", "start", "book", "Go ahead with the order", "The caller wants the sail made."),
        edge("more", "start", "more", "Another question first"),
        edge("bye", "start", "bye", "No, I'm all set"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Alright, I'll think on it and call back next week",
        "Okay, let me chew on that a while",
        "We'll sleep on it, thanks",
        "My wife and I will pray about it",
        "I'll mull that over",
        "Let me think this over with my crew",
    ],
)
def test_a_decision_put_off_by_a_verb_of_weighing_is_done(text: str) -> None:
    assert "#done" in said(text)
    assert route(SAILS, "start", text).target == "bye"


@pytest.mark.parametrize("text", ["I think on Tuesdays you're closed", "The dog likes to chew on the rope", "What do you think about the colour?"])
def test_weighing_words_that_put_nothing_off_are_not_done(text: str) -> None:
    assert "#done" not in said(text)


def test_no_objection_does_not_negate_what_follows() -> None:
    assert [(word.surface, word.negated) for word in words("I don't mind them coming")] == [("coming", False)]
    assert ("call", True) not in [(word.surface, word.negated) for word in words("I wouldn't mind a visit first")]
    assert ("visit", False) in [(word.surface, word.negated) for word in words("I wouldn't mind a visit first")]


def test_not_wanting_still_negates() -> None:
    assert ("coming", True) in [(word.surface, word.negated) for word in words("I don't want them coming")]
    assert ("mind", False) in [(word.surface, word.negated) for word in words("It's the mind that goes first")]


FOSTER = compiled(
    [node("start", "Foster Grandparents of Dale County, how can I help?"), node("join"), node("support")],
    [
        edge("join", "start", "join", "Become a foster grandparent", "Seniors who want to volunteer with children."),
        edge("support", "start", "support", "Caller is volunteering now", "Volunteers with a question or a problem at their site."),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "I've been volunteering at the Head Start since May and I'm having a rough time with one teacher",
        "I volunteer at Lincoln and I'm struggling with the schedule",
        "My mother volunteers with you and she's having a hard time getting there",
    ],
)
def test_a_hard_time_is_a_problem(text: str) -> None:
    assert "#problem" in said(text)
    assert route(FOSTER, "start", text).target == "support"


@pytest.mark.parametrize("text", ["Could you give me a rough estimate?", "I need a hard copy of the form", "It's a tough call"])
def test_rough_and_hard_without_a_time_are_no_problem(text: str) -> None:
    assert "#problem" not in said(text)


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The vet didn't have time to do the booster", "booster"),
        ("I never got a chance to call the groomer", "groomer"),
        ("We didn't get to sign the waiver", "sign"),
        ("she didn't have enough time to finish the course", "finish"),
    ],
)
def test_a_missed_chance_negates_what_was_to_be_done(text: str, negated: str) -> None:
    assert (negated, True) in [(word.surface, word.negated) for word in words(text)]


@pytest.mark.parametrize(("text", "word"), [("we didn't get to the store", "store"), ("I didn't have the money", "money")])
def test_getting_somewhere_or_having_something_is_no_missed_chance(text: str, word: str) -> None:
    assert (word, False) in [(said_word.surface, said_word.negated) for said_word in words(text)]


STUDIO = compiled(
    [node("start", "Kiln and Clay, how can I help?"), node("class"), node("order")],
    [
        edge("class", "start", "class", "Pottery night", "Paint your own mug or plate at our tables, two hours."),
        edge("order", "start", "order", "Custom mugs for an event", "Mugs with your names or logo, made by our potters."),
    ],
)


@pytest.mark.parametrize("label", ["Roll and dip your own truffles", "Paint your own mug", "Build your own birdhouse", "Mix our own glaze"])
def test_making_your_own_is_done_by_the_doer(label: str) -> None:
    assert "#self" in said(label)


@pytest.mark.parametrize("text", ["I drive my own car", "Can we bring our own wine?", "We have our own kiln"])
def test_owning_is_not_doing_it_oneself(text: str) -> None:
    assert "#self" not in said(text)


def test_a_caller_making_it_themselves_takes_the_workshop() -> None:
    text = "For our reunion we'd like mugs with everyone's names, but we want to paint them ourselves"
    assert route(STUDIO, "start", text).target == "class"


CO_OP = compiled(
    [node("start", "Which of these do you need?"), node("due"), node("more"), node("pay")],
    [
        edge("due", "start", "due", "Our reporting deadline"),
        edge("more", "start", "more", "We need more time", "An extension for a member who can't file on time."),
        edge("pay", "start", "pay", "Pay a balance", "Dues or fees owed."),
    ],
)


@pytest.mark.parametrize(
    "text",
    ["When's the annual report due this year?", "what's our filing date?", "What's the last day to file?", "When is it due?"],
)
def test_when_something_is_due_asks_the_deadline(text: str) -> None:
    assert "#deadline" in said(text)
    assert route(CO_OP, "start", text).target == "due"


@pytest.mark.parametrize("text", ["I just want to pay what's due", "We closed due to the storm", "The amount due is wrong"])
def test_due_without_a_when_is_no_deadline(text: str) -> None:
    assert "#deadline" not in said(text)


@pytest.mark.parametrize("text", ["What's your per-mile rate on a chase car?", "What are your rates?", "rates for a crew of four",
                                  "What's the going rate per acre?"])
def test_the_business_rate_asked_is_its_price(text: str) -> None:
    assert "price" in said(text)


@pytest.mark.parametrize("text", ["What's the sales tax rate in this county?", "What's the interest rate on my account?",
                                  "my heart rate is up"])
def test_a_rate_of_something_else_is_no_price(text: str) -> None:
    assert "price" not in said(text)


@pytest.mark.parametrize("text", ["Is Mr. Adeyemi in today?", "Is Dr. Patel available?", "is Mrs. Ortiz there?", "Is Ms Lee around?"])
def test_a_person_asked_for_by_title_and_name(text: str) -> None:
    assert "#person" in said(text)


def test_a_titled_name_said_of_something_else_asks_no_person() -> None:
    assert "#person" not in said("Is Mr. Smith's order ready?")


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("Signing up isn't it, I've been on it for years", "I've been on it for years"),
        ("Noise isn't the problem, it's the shadows flashing", "it's the shadows flashing"),
        ("The cover's already off, that's not it, the heater just won't heat", "the heater just won't heat"),
        ("Billing is not why I'm calling; my driver never showed", "my driver never showed"),
        ("That is not what I ordered", "That is not what I ordered"),
        ("It isn't working, can you help", "It isn't working, can you help"),
    ],
)
def test_what_is_not_the_matter_is_set_aside(text: str, rest: str) -> None:
    assert matter_set_aside(text) == rest


def test_a_turn_routes_by_what_the_matter_is() -> None:
    pool = compiled(
        [node("start", "Blue Lagoon Pools, how can I help?"), node("open"), node("repair")],
        [
            edge("open", "start", "open", "Open or close the pool", "Taking the cover off in spring, putting it on in fall."),
            edge("repair", "start", "repair", "Something's broken", "A pump, heater or filter that stopped working."),
        ],
    )
    assert route(pool, "start", "The cover's already off, that's not it, the heater just won't heat").target == "repair"

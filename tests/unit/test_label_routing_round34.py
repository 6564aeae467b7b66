"""Issue 23's thirty-fourth round of label routing (the completed step is test_completed_step.py).
Pinned on made-up sentences in domains no routing corpus has (a hearing-dog school's front desk, a
mobile knife-sharpening van's area), both sides of every rule:

- "that's really all I needed", "that's about it", "that's pretty much it": nothing more, hedged
  (#done), as "that's all I needed" is; "that's about the dog" is no goodbye;
- "Do you cover Oak Hill?", "do y'all serve Maple Grove?": the area served asked (#area), the place
  the verb's own object, as "do you come out to Oak Hill?" already was; "do you cover the cost?" asks
  no place;
- walk-ins (#walkin): "Do you take walk-ins?", "can I just show up?", "come in without an
  appointment", "drop in" are one thing; "I walk in the mornings" and "my order never showed up" are
  not."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.routing import route

DESK = compiled(
    [node("start", "Anything else I can help with?"), node("more"), node("bye")],
    [
        edge("more", "start", "more", "Yes, one more thing", "The caller has another question."),
        edge("bye", "start", "bye", "No, that's all"),
    ],
)


@pytest.mark.parametrize(
    "text",
    ["Thank you, that's really all I needed", "Okay, that's about it", "No, that's pretty much it, thanks", "that's just about all"],
)
def test_a_hedged_thats_all_is_done(text: str) -> None:
    assert "#done" in said(text)
    assert route(DESK, "start", text).target == "bye"


def test_thats_about_something_is_no_goodbye() -> None:
    assert "#done" not in said("that's about the dog's vest")


SHARPENING = compiled(
    [
        node("start", "Keen Edge mobile sharpening, how can I help?", isStart=True),
        node("book"), node("prices"), node("area"),
    ],
    [
        edge("book", "start", "book", "Book the van", "Set a day for the van to come sharpen at your place."),
        edge("prices", "start", "prices", "Prices per knife", "What each blade costs, serrated or straight."),
    ],
)
AREA = {
    "id": "area", "text": "We come to the whole county.", "isGlobal": True,
    "globalLabel": "Do you come to my town?", "globalDescription": "The towns and neighborhoods the van drives to.", "globalMatch": {},
}


def _with_area() -> object:
    return compiled(
        [node("start", "Keen Edge mobile sharpening, how can I help?"), node("book"), node("prices"), AREA],
        [
            edge("book", "start", "book", "Book the van", "Set a day for the van to come sharpen at your place."),
            edge("prices", "start", "prices", "Prices per knife", "What each blade costs, serrated or straight."),
        ],
    )


@pytest.mark.parametrize("text", ["Do you cover Oak Hill?", "do y'all serve Maple Grove?", "Do you guys service Eastfield?"])
def test_a_place_asked_as_the_verbs_object_asks_the_area(text: str) -> None:
    assert route(_with_area(), "start", text).target == "area"  # type: ignore[arg-type]


def test_covering_a_cost_asks_no_place() -> None:
    assert route(_with_area(), "start", "Do you cover the cost of a chipped blade?").target != "area"  # type: ignore[arg-type]


SCHOOL = compiled(
    [
        node("start", "Thanks for calling Lantern Hearing Dogs, how can I help?"),
        node("apply"), node("visit"), AREA | {"id": "walkin", "globalLabel": "Do you take walk-ins?",
                                              "globalDescription": "Whether someone can visit the kennel without a booking."},
    ],
    [
        edge("apply", "start", "apply", "Apply for a hearing dog", "For people with hearing loss who want a trained dog."),
        edge("visit", "start", "visit", "Book a kennel tour", "A guided visit on a Saturday."),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Do I need to book, or can I just show up?",
        "Can we come in without an appointment?",
        "Is it okay to drop in on a weekday?",
        "do you take walk-ins",
    ],
)
def test_coming_in_unannounced_is_a_walk_in(text: str) -> None:
    assert "#walkin" in said(text)
    assert route(SCHOOL, "start", text).target == "walkin"


@pytest.mark.parametrize(
    "text", ["My dog and I walk in the park every morning", "The vest I ordered never showed up", "What time will the trainer show up?"]
)
def test_walking_and_arriving_things_are_no_walk_in(text: str) -> None:
    assert "#walkin" not in said(text)
    assert route(SCHOOL, "start", text).target != "walkin"

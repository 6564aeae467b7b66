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
  not;
- what was to come did not (#noshow): "nobody came for our bag", "the driver didn't show up", "it
  wasn't picked up", "hasn't arrived", and a label's "A missed pickup", "never came" are one thing;
  "came back shrunk", "nobody picked up the phone", "my tulips never came up" and "I missed your
  call" are not (a laundry pickup service);
- "A couple more things", "a few other questions" is something else (#other), so "Would you like to
  book one, or is there something else?" is an offer or else whose "Nothing to book yet" declines
  it (not "a couple more chairs");
- the answer passed on ("I'll pass that along to the owner", "I'll check with my partner and get
  back to you") is done, nothing more now; "can you get back to me?" is not (a sign-lettering shop);
- one amount of a measure as a whole label ("10 lb bag", "A 5-gallon bucket") is that amount exactly,
  beside "25 or 40 lb" and "50 lb or bigger", and "a forty-pounder" is forty pounds; a count of
  things ("2 bedrooms") or people is not read so (a feed store's bag sizes);
- when the business opens or closes, asked ("What time does your office close today?", "How late
  are you there on Thursdays?"), asks the hours; when the crew gets somewhere does not;
- a description or label naming the area served ("The towns we deliver to", "Is my town on your
  route?") takes a place asked (a chimney-cap company)."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.label_things import label_thing_range
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


AREA = {
    "id": "area", "text": "We come to the whole county.", "isGlobal": True,
    "globalLabel": "Do you come to my town?", "globalDescription": "The towns and neighborhoods the van drives to.", "globalMatch": {},
}
SHARPENING = compiled(
    [node("start", "Keen Edge mobile sharpening, how can I help?"), node("book"), node("prices"), AREA],
    [
        edge("book", "start", "book", "Book the van", "Set a day for the van to come sharpen at your place."),
        edge("prices", "start", "prices", "Prices per knife", "What each blade costs, serrated or straight."),
    ],
)


@pytest.mark.parametrize("text", ["Do you cover Oak Hill?", "do y'all serve Maple Grove?", "Do you guys service Eastfield?"])
def test_a_place_asked_as_the_verbs_object_asks_the_area(text: str) -> None:
    assert route(SHARPENING, "start", text).target == "area"


def test_covering_a_cost_asks_no_place() -> None:
    assert route(SHARPENING, "start", "Do you cover the cost of a chipped blade?").target != "area"


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


# --- from routing-holdout-44: what was to come did not (#noshow) ----------------------------------------------

LAUNDRY = compiled(
    [node("start", "Fresh Fold laundry pickup, how can I help?"), node("missed"), node("damaged"), node("sched")],
    [
        edge("missed", "start", "missed", "A missed pickup", "The van never came for the bag."),
        edge("damaged", "start", "damaged", "Something came back damaged", "A shrunk sweater or a torn shirt."),
        edge("sched", "start", "sched", "Change my pickup day"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Nobody came for our laundry bag on Tuesday",
        "The driver didn't show up this morning",
        "Our hamper wasn't picked up, it's still on the stoop",
        "It's Thursday and still no sign of anyone, nobody showed up",
        "the van hasn't arrived and it's past noon",
    ],
)
def test_what_did_not_come_is_a_no_show(text: str) -> None:
    assert "#noshow" in said(text)
    assert route(LAUNDRY, "start", text).target == "missed"


@pytest.mark.parametrize(
    "text",
    [
        "The driver came right on time, but the sweater came back shrunk",
        "Nobody picked up the phone when I called yesterday",
        "My tulips never came up this spring",  # (no delivery at all)
        "I'd like to change my pickup day to Friday",
    ],
)
def test_what_came_or_another_sense_is_no_no_show(text: str) -> None:
    assert "#noshow" not in said(text)


def test_a_label_says_a_no_show_as_missed_or_never_came() -> None:
    assert "#noshow" in said("A missed pickup")
    assert "#noshow" in said("Missed delivery")
    assert "#noshow" in said("The courier never came")
    assert "#noshow" not in said("I missed your call")


# --- from routing-holdout-44: an offer "or something else?" with "A couple more things"; the answer passed on --

QUOTE = compiled(
    [
        node("hello", "Goldline Sign Lettering, how can I help?"),
        node("start", "A lettering job starts at forty dollars. Would you like to book one, or is there something else?"),
        node("book"), node("more"), node("bye"),
    ],
    [
        edge("prices", "hello", "start", "Prices"),
        edge("book", "start", "book", "Book a lettering job", "The caller wants to schedule the lettering now."),
        edge("more", "start", "more", "A couple more things"),
        edge("bye", "start", "bye", "That's everything"),
    ],
)


@pytest.mark.parametrize("label", ["A couple more things", "a few other questions", "A couple of other things"])
def test_several_more_things_is_something_else(label: str) -> None:
    assert "#other" in said(label)


def test_a_couple_more_chairs_is_a_count() -> None:
    assert "#other" not in said("We need a couple more chairs")


def test_a_couple_more_things_makes_the_node_an_offer_or_else() -> None:
    assert route(QUOTE, "start", "Nothing to book yet, the board hasn't approved it").target == "bye"
    assert route(QUOTE, "start", "Okay. And do you do gold leaf on glass too?").target == "more"
    assert route(QUOTE, "start", "Yes, let's book it").target == "book"


@pytest.mark.parametrize(
    "text",
    ["Great, I'll pass that along to the owner, thanks", "Cool, I'll check with my partner and get back to you", "I'll pass it on to our manager"],
)
def test_the_answer_passed_on_is_done(text: str) -> None:
    assert "#done" in said(text)
    assert route(QUOTE, "start", text).target == "bye"


def test_asking_to_be_passed_along_is_no_goodbye() -> None:
    assert "#done" not in said("Can you get back to me about the price tomorrow?")


# --- from routing-holdout-44: one amount of a measure as a label; "a ten-pounder" ---------------------------

FEED = compiled(
    [
        node("hello", "Barnside Feed, how can I help?"),
        node("start", "What size bag of layer pellets: 10 lb, 25 or 40 lb, or 50 lb and up?"),
        node("small"), node("mid"), node("big"),
    ],
    [
        edge("pellets", "hello", "start", "Layer pellets"),
        edge("small", "start", "small", "10 lb bag"),
        edge("mid", "start", "mid", "25 or 40 lb"),
        edge("big", "start", "big", "50 lb or bigger"),
    ],
)


@pytest.mark.parametrize(
    ("label", "exactly"),
    [("10 lb bag", 10.0), ("A 5-gallon bucket", 5.0), ("2 kg tin", 2.0), ("2 bedrooms", None), ("5 people", None), ("Room 5", None)],
)
def test_one_amount_of_a_measure_is_the_labels_exactly(label: str, exactly: float | None) -> None:
    found = label_thing_range(label)
    if exactly is None:
        assert found is None
    else:
        assert found is not None and found.low == found.high == exactly


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Just the little ten-pound sack", "small"),
        ("Not the small one, it's a forty-pounder", "mid"),
        ("a fifty-pound bag from the co-op size", "big"),
        ("ten pounds", "small"),
    ],
)
def test_an_amount_said_routes_to_the_size_holding_it(text: str, target: str) -> None:
    assert route(FEED, "start", text).target == target


def test_an_amount_no_size_holds_is_not_routed_to_the_nearest() -> None:
    assert route(FEED, "start", "about a fifteen-pound bag").target is None


# --- from routing-holdout-44: the hours asked; the area served named in a description -------------------------

def _office(global_label: str, global_description: str) -> CompiledGraph:
    return compiled(
        [
            node("start", "Thanks for calling Ridgeway Chimney Caps, how can I help?"),
            node("quote"), node("repair"),
            {"id": "info", "text": "We're open eight to four.", "isGlobal": True, "globalLabel": global_label,
             "globalDescription": global_description, "globalMatch": {}},
        ],
        [
            edge("quote", "start", "quote", "Get a quote for a new cap", "Measuring the flue and pricing a cap."),
            edge("repair", "start", "repair", "Fix a cap that blew off", "A cap that came loose in the wind."),
        ],
    )


@pytest.mark.parametrize(
    "text",
    [
        "What time does your office close today?",
        "How late are you there on Thursdays?",
        "when do you guys open tomorrow",
        "Till what time are you open?",
        "What time does the office close? I need to drop off a check",
    ],
)
def test_when_the_business_opens_or_closes_asks_the_hours(text: str) -> None:
    assert route(_office("Office hours and address", "Where we are and when the office is open."), "start", text).target == "info"


def test_a_time_of_the_callers_own_asks_no_hours() -> None:
    graph = _office("Office hours and address", "Where we are and when the office is open.")
    assert route(graph, "start", "What time does the crew usually get there in the morning?").target != "info"


@pytest.mark.parametrize(
    "description",
    ["The towns we deliver to and the day in each.", "Neighborhoods that we cover, and the office hours.", ""],
)
def test_a_description_or_label_naming_the_area_served_takes_a_place_asked(description: str) -> None:
    label = "Is my town on your route?" if not description else "Towns and hours"
    graph = _office(label, description)
    assert route(graph, "start", "First, do you even come out to Brier Lake? We're way out there").target == "info"
    assert route(graph, "start", "Do you cover Westbrook?").target == "info"

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
  route?") takes a place asked (a chimney-cap company);
- from routing-holdout-45 (a mail-forwarding service): another question added after an okay ("Okay.
  And do you charge extra for packages?") is the node's something else; a label that only holds the
  agent up ("Actually, hang on") is something else; "plan" after a determiner and an adjective ("your
  basic plan") is a noun, not a wish; "Is your office open on Saturdays?" asks the hours; waited for
  and not come ("Still waiting on the glasses", "it hasn't reached the school", "I still haven't seen
  a dime") is a no-show; "how many weeks before I get paid?" asks how long; a range of school grades
  ("K through eight", "grades one to five") is no count beside the number of students."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.label_counts import said_count
from tornado_operator.engine.sim.label_things import label_thing_range
from tornado_operator.engine.sim.labels import _AND_ANOTHER_QUESTION, _ASKS_HOURS, _label_words
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


# --- from routing-holdout-45: another question after an okay; a label that only holds the agent up; a
# --- volition word as a noun; "Is your office open?"; waited for and not come ----------------------------

MAILBOX = compiled(
    [
        node("hello", "Trailhead Mail, how can I help?"),
        node("start", "Plans start at ten dollars a month. Would you like to open a mailbox, or is there something else?"),
        node("open"), node("more"), node("bye"),
    ],
    [
        edge("prices", "hello", "start", "What do the plans cost?"),
        edge("open", "start", "open", "Let's open one", "The caller wants to sign up now."),
        edge("more", "start", "more", "Actually, hang on"),
        edge("bye", "start", "bye", "I'm good for now"),
    ],
)


@pytest.mark.parametrize("label", ["Actually, hang on", "Wait", "Hold on a sec", "oh, wait a minute"])
def test_a_label_that_only_holds_the_agent_up_is_something_else(label: str) -> None:
    assert [word.surface for word in _label_words(label)] == ["#other"]


@pytest.mark.parametrize("label", ["Hold on, I had a question about fees", "Wait for the mail to arrive"])
def test_a_label_with_more_than_a_hold_keeps_its_words(label: str) -> None:
    assert [word.surface for word in _label_words(label)] != ["#other"]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Okay. And do you charge extra for packages?", "more"),
        ("Great, and is there a fee to close it later?", "more"),
        ("Okay, let's open one", "open"),
        ("I won't sign up just yet, we don't leave until spring", "bye"),
    ],
)
def test_another_question_after_an_okay_is_something_else(text: str, target: str) -> None:
    assert route(MAILBOX, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("Okay. And do you charge extra for packages?", True),
        ("Got it, also, do you ship to Canada?", True),
        ("Do you charge extra for packages?", False),  # no acknowledgement first
        ("Okay, and that's all, thanks", False),  # no question
    ],
)
def test_what_reads_as_another_question_added(text: str, added: bool) -> None:
    assert bool(_AND_ANOTHER_QUESTION.match(text)) is added


def test_a_volition_word_after_a_determiner_and_an_adjective_is_a_noun() -> None:
    assert "plan" in said("What's the monthly fee for your basic plan?")
    assert "plan" not in said("we really plan to come in June")
    assert route(MAILBOX, "hello", "What's the monthly fee for your basic plan?").target == "start"


def test_is_the_office_open_asks_the_hours() -> None:
    graph = _office("Office hours and address", "Where we are and when the office is open.")
    assert route(graph, "start", "Is your office open on Saturdays? I do my paperwork on weekends").target == "info"
    assert route(graph, "start", "are you guys closed on Memorial Day?").target == "info"
    assert _ASKS_HOURS.search("Is your office open on Saturdays?")
    assert not _ASKS_HOURS.search("Is the cap still open at the top?")  # a thing open, no business


@pytest.mark.parametrize(
    "text", ["Still waiting on the glasses", "there's still nothing at school", "It hasn't reached the school yet", "I haven't received it"]
)
def test_waited_for_and_not_come_is_a_no_show(text: str) -> None:
    assert "#noshow" in said(text)


def test_still_needing_something_is_no_no_show() -> None:
    assert "#noshow" not in said("we still need to book a day")


@pytest.mark.parametrize(
    ("text", "how_long"),
    [
        ("If I mail it in, how many weeks before I get paid?", True),
        ("how many days does it take to ship?", True),
        ("How long does a claim take?", True),
        ("how many days a week are you open?", False),  # how often
        ("how many weeks are left in the season", False),
    ],
)
def test_how_many_days_before_asks_how_long(text: str, how_long: bool) -> None:
    assert ("#how-long" in said(text)) is how_long


@pytest.mark.parametrize(("text", "no_show"), [("I still haven't seen a dime", True), ("I haven't seen the doctor yet", False)])
def test_money_not_seen_is_a_no_show(text: str, no_show: bool) -> None:
    assert ("#noshow" in said(text)) is no_show


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Roughly four hundred and fifty, give or take, K through eight", 450),
        ("About 450 kids, grades one to five", 450),
        ("300 students, sixth through eighth grade", 300),
        ("pre-K to 5th, maybe two hundred", 200),
        ("About 450", 450),
    ],
)
def test_a_range_of_school_grades_is_no_count(text: str, count: int) -> None:
    assert said_count(text) == count

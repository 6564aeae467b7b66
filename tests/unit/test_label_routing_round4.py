"""The rules of label routing (engine/sim/labels.py) added in issue 23's fourth round, each
pinned on made-up sentences (never the routing corpora's), both sides: what the rule changes
and what it must leave alone."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.routing import route

# a bike shop: a greeting, a question one edge restates, an "anything else", a fee offer
SHOP = compiled(
    [
        node("start", "Spoke and Chain, how can I help?"),
        node("visited", "Have you brought a bike to us before?"),
        node("which", "Is this for a tune-up, or for a new wheel?"),
        node("more", "Anything else?"),
        node("fee", "Rush service is 30 dollars extra. Do you want to go ahead?"),
        node("repair"),
        node("cancel"),
        node("prices"),
        node("late"),
        node("known"),
        node("first"),
        node("bye"),
        node("done"),
    ],
    [
        edge("repair", "start", "repair", "Caller wants to book a bike repair"),
        edge("cancel", "start", "cancel", "Caller wants to cancel a booked repair"),
        edge("prices", "start", "prices", "Prices and services"),
        edge("late", "start", "late", "Caller is running late for a drop-off"),
        edge("known", "visited", "known", "Returning customer - has brought a bike to us before"),
        edge("first", "visited", "first", "New customer - this is their first visit"),
        edge("tune", "which", "repair", "A tune-up for their bike"),
        edge("wheel", "which", "repair", "A new wheel for their bike"),
        edge("more-yes", "more", "start", "Caller has another question"),
        edge("more-no", "more", "bye", "Caller is finished"),
        edge("fee-yes", "fee", "done", "Caller agrees to pay the rush fee"),
        edge("fee-keep", "fee", "done", "Caller keeps the normal turnaround"),
        edge("fee-cancel", "fee", "cancel", "Caller would rather cancel the repair"),
    ],
)


# -- answers to a yes/no question -------------------------------------------------------------


def test_a_yes_fits_the_one_edge_that_restates_the_question_and_a_no_the_other() -> None:
    assert route(SHOP, "visited", "Yes, a couple of times.").edge_id == "known"
    assert route(SHOP, "visited", "Nope, never.").edge_id == "first"
    assert route(SHOP, "visited", "Yeah, I have").edge_id == "known"


def test_a_choice_question_has_no_restating_edge_so_a_bare_yes_stays_unmatched() -> None:
    # "..., or for a new wheel?": each edge restates one option; "yes" chooses neither
    assert route(SHOP, "which", "Yes.").target is None
    assert route(SHOP, "which", "The tune-up, please.").edge_id == "tune"


def test_an_elliptical_question_is_a_yes_no_question() -> None:
    assert labels.is_yes_no_question("Anything else?")
    assert labels.is_yes_no_question("Great. Anything else I can do for you today?")
    assert labels.is_yes_no_question("Any questions about the estimate?")
    assert not labels.is_yes_no_question("What else can I do for you?")
    assert not labels.is_yes_no_question("Anything you need, just ask.")
    assert route(SHOP, "more", "Yeah, one more thing.").edge_id == "more-yes"
    assert route(SHOP, "more", "No, that's all.").edge_id == "more-no"


def test_a_callers_own_question_on_a_yes_no_node_fits_a_label_about_a_question() -> None:
    assert route(SHOP, "more", "Oh, do you sell helmets?").edge_id == "more-yes"
    assert route(SHOP, "more", "Actually, when do you open on Sunday?").edge_id == "more-yes"
    # not on a node that asks no yes/no question: a question mark is no evidence there
    office = compiled(
        [node("start", "How can I help?"), node("a"), node("b")],
        [edge("a", "start", "a", "Caller has a question about a bill"), edge("b", "start", "b", "Caller wants to move")],
    )
    assert route(office, "start", "Do you sell helmets?").target is None
    # and not without a question mark
    assert route(SHOP, "more", "I sell helmets.").target is None


def test_when_one_edge_says_yes_a_no_goes_to_every_other_edge_first_listed_first() -> None:
    # "would rather cancel" is stated as an alternative (a no); "keeps the normal turnaround" is a no too
    assert route(SHOP, "fee", "No, leave it as it is.").edge_id == "fee-keep"
    assert route(SHOP, "fee", "Yes, go ahead.").edge_id == "fee-yes"
    assert route(SHOP, "fee", "Just cancel the repair then.").edge_id == "fee-cancel"


# -- phrasings WordNet does not relate ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We can't make it Saturday after all.",
        "I won't be able to make it, sorry.",
        "We're not going anymore.",
        "My son's sick, so we can't come.",
    ],
)
def test_not_attending_what_was_booked_fits_a_label_about_cancelling(text: str) -> None:
    assert route(SHOP, "start", text).edge_id == "cancel"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("I can't make it on time, I'm stuck in traffic", False),  # late, not absent
        ("I can't go online, my laptop is broken", False),  # "can't go" only ends its clause
        ("I'm not going to the shop today", False),
        ("We can't make it anymore", True),
    ],
)
def test_only_not_attending_is_absence(text: str, absent: bool) -> None:
    assert ("#absent" in said(text)) is absent


def test_a_label_about_an_event_that_was_cancelled_is_not_the_callers_absence() -> None:
    shows = compiled(
        [node("start", "How can I help?"), node("event"), node("absent")],
        [
            edge("event", "start", "event", "The race was cancelled"),
            edge("absent", "start", "absent", "Caller can't attend anymore"),
        ],
    )
    assert route(shows, "start", "We can't make it, sorry.").edge_id == "absent"
    assert route(shows, "start", "I heard the race was cancelled").edge_id == "event"


def test_how_much_asks_a_price_but_not_an_amount_owed_or_left() -> None:
    assert route(SHOP, "start", "How much is a new chain?").edge_id == "prices"
    assert route(SHOP, "start", "How much for two inner tubes?").edge_id == "prices"
    assert "price" not in said("How much do I still owe you?")
    assert "price" not in said("How much longer will it take?")
    assert "price" not in said("How much time is left on the warranty?")


def test_a_phrase_about_the_line_itself_is_dropped() -> None:
    assert said("Hello? Hello? I can't hear you.") == {}
    assert said("You're breaking up.") == {}
    # hearing something else is what the turn is about
    assert "hear" in said("I can't hear the bell on my bike")


def test_id_rather_asks_for_an_alternative_and_rather_than_negates_what_follows() -> None:
    assert said("I'd rather see the other mechanic") == {"#other": False, "mechanic": False}
    assert said("I'd rather not.") == {"#no": False}
    assert said("a refund rather than a credit") == {"refund": False, "credit": True}
    assert "#other" not in said("It's rather expensive")  # "rather" as "quite"


def test_talking_to_a_person_asks_for_a_person() -> None:
    assert said("Is Dana in? Can I talk to her?")["#person"] is False
    assert said("I'd like to speak with the manager")["#person"] is False
    assert "#person" not in said("I talked to her yesterday about the brakes")  # a report, not a request
    assert "#person" not in said("Can I talk to the bank about a loan?")  # a bank is no person


def test_an_able_adjective_wordnet_lacks_is_a_form_of_its_verb() -> None:
    keys = dict(labels.expansions("refundable"))
    assert keys.get("refund") == labels.DERIVED and "able" not in keys
    assert "able" not in dict(labels.expansions("reschedulable")) and "reschedule" in dict(labels.expansions("reschedulable"))
    assert dict(labels.expansions("available")).get("available") == 1.0  # a word WordNet knows is left alone
    assert dict(labels.expansions("capable")).get("capable") == 1.0


def test_a_person_who_did_something_is_not_a_person_asked_for() -> None:
    assert "#person" not in said("My agent told me to call you about the claim")
    assert "#person" not in said("The representative said it would be free")
    assert said("I want to talk to an agent")["#person"] is False
    assert said("Agent, please.")["#person"] is False
    assert said("Can I get a representative?")["#person"] is False


def test_holding_off_on_something_says_no_to_it() -> None:
    # (round 32: "I'll think about it" puts the decision off: nothing more now, #done)
    assert said("Hold off on the new chain, I'll think about it") == {"#no": False, "new": True, "chain": True, "#done": False}
    assert said("Can you hold the bike for me?") == {"hold": False, "bike": False}  # holding is not holding off


def test_never_having_heard_of_something_is_not_recognizing_it() -> None:
    assert said("There's a shop on my receipt I've never heard of")["recognize"] is True
    assert "recognize" not in said("I heard of you from a friend")


def test_how_much_is_owed_or_left_asks_a_balance() -> None:
    assert said("How much do I owe you?")["balance"] is False
    assert said("How much is left on my gift card?")["balance"] is False
    assert "balance" not in said("How much time is left on the repair?")  # an amount of time
    assert "balance" not in said("How much is a bell?")


def test_asking_when_the_business_is_open_is_asking_its_hours() -> None:
    assert "hours" in said("Are you open on Sundays?")
    assert "hours" in said("What time do you guys close tonight?")
    assert "hours" not in said("Could you close my account?")  # an action on something
    assert "hours" not in said("Can I open a new account?")  # the caller opens something
    assert "hours" not in said("Do you have anything open on Friday?")  # a slot is open, not the business
    assert "hours" not in said("What time do the doors open?")


def test_an_acknowledgement_fits_the_one_edge_of_a_node_that_only_informs() -> None:
    desk = compiled(
        [
            node("start", "How can I help?"),
            node("hours", "We're open seven to seven, every day but Sunday."),
            node("pick", "We're open seven to seven. Would you like to book a slot?"),
            node("two", "The shop is on Main Street, next to the bakery."),
            node("end"),
            node("book"),
        ],
        [
            edge("hours", "start", "hours", "Caller asks about opening hours"),
            edge("hours-done", "hours", "end", "Caller has the information"),
            edge("pick-book", "pick", "book", "Caller books a slot"),
            edge("two-a", "two", "end", "Caller is on the way"),
            edge("two-b", "two", "book", "Caller wants directions from the highway"),
        ],
    )
    assert route(desk, "hours", "Okay, great, thanks.").edge_id == "hours-done"
    assert route(desk, "hours", "Perfect, thank you!").edge_id == "hours-done"
    assert route(desk, "hours", "Do you sell tires?").target is None  # not an acknowledgement
    # a node that asks a question is answered, not acknowledged; two edges: which one is not said
    assert route(desk, "pick", "Thanks.").target is None
    assert route(desk, "two", "Okay, thanks.").target is None


def test_not_getting_something_is_not_receiving_it() -> None:
    assert said("I never got the invoice you sent")["receive"] is True
    assert said("We didn't get our parcel")["receive"] is True
    assert "receive" not in said("I got the invoice")
    assert "receive" not in said("I didn't make this charge")  # another light verb
    assert "receive" not in said("I can't get in")  # no object: a problem, not a missing thing


def test_on_a_node_with_one_edge_the_options_its_text_offers_fit_that_edge() -> None:
    desk = compiled(
        [
            node("start", "How can I help?"),
            node("what", "Sorry to hear it. Was the bike stolen, damaged or lost?"),
            node("which", "Tune-ups start at 60 and wheels at 90. Which service were you wondering about?"),
            node("end"),
        ],
        [
            edge("what-said", "what", "end", "Caller says what happened"),
            edge("which-said", "which", "end", "Caller names the service"),
        ],
    )
    assert route(desk, "what", "It was stolen from the rack at work.").edge_id == "what-said"
    assert route(desk, "which", "The wheels, how long does that take?").edge_id == "which-said"
    # a word of the node's text that is no option ("wondering"), or nothing of it: no fit
    assert route(desk, "which", "I was wondering if you have parking").target is None
    assert route(desk, "what", "Do you sell helmets?").target is None

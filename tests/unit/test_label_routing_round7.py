"""The rules of label routing (engine/sim/labels.py) added in issue 23's seventh round, each pinned
on made-up sentences in domains no routing corpus has (a ski rental shop, a tattoo studio, a
kennel, a laundromat), both sides: what the rule changes and what it must leave alone. The round
was about the unmatched side first: a turn meant for another business, a turn that puts the call
on hold, a caller's own question on a node that asks for an answer."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.routing import route

SKIS = compiled(
    [
        node("start", "Thanks for calling Alpine Edge ski rentals, how can I help?"),
        node("refund", "Would you like your money back as a refund, or as store credit?"),
        node("size", "Do you know your boot size?"),
        node("rent"),
        node("tune"),
        node("cash"),
        node("credit"),
        node("known"),
        node("unknown"),
        node("person", "One moment, I'll get someone from the shop."),
    ],
    [
        edge("to-rent", "start", "rent", "Rent skis or a snowboard", "Caller wants to rent skis, boots or a board for the day"),
        edge("to-tune", "start", "tune", "Ski tuning and waxing"),
        edge("to-refund", "start", "refund", "Return a rental early"),
        edge("cash", "refund", "cash", "Caller wants a refund"),
        edge("credit", "refund", "credit", "Caller wants store credit"),
        edge("known", "size", "known", "Caller gives a boot size"),
        edge("unknown", "size", "unknown", "Caller needs to be measured in the shop"),
    ],
)
SKIS_PERSON = compiled(
    [
        *(node(n["id"], n["text"]) for n in SKIS.graph.model_dump(by_alias=True)["nodes"] if n["id"] != "person"),
        node(
            "person",
            "One moment, I'll get someone from the shop.",
            isGlobal=True,
            globalMatch={},
            globalLabel="Caller wants to speak with a person",
        ),
    ],
    [
        edge("to-rent", "start", "rent", "Rent skis or a snowboard", "Caller wants to rent skis, boots or a board for the day"),
        edge("to-tune", "start", "tune", "Ski tuning and waxing"),
        edge("to-refund", "start", "refund", "Return a rental early"),
    ],
)


# -- of two options, denying one answers with the other -------------------------------------------


def test_denying_one_of_two_options_answers_with_the_other() -> None:
    assert route(SKIS, "refund", "Not a refund.").edge_id == "credit"
    assert route(SKIS, "refund", "I don't want store credit, thanks.").edge_id == "cash"
    assert "credit" in route(SKIS, "refund", "Not a refund.").matched


def test_denying_both_or_saying_the_denied_one_too_answers_nothing() -> None:
    # both denied: no option left to answer with
    assert route(SKIS, "refund", "Not a refund, and not store credit either.").target is None
    # the denied option also said for: the turn is not a plain denial
    assert route(SKIS, "refund", "Not store credit, a refund.").edge_id == "cash"
    # the start node (and any node with more than two edges): a denial picks no other edge
    assert route(SKIS, "start", "I don't want to rent skis.").target is None


# -- "not yet" is a no -----------------------------------------------------------------------------


def test_not_yet_is_a_no() -> None:
    assert said("Not yet, I was going to ask first.").get("#no") is False
    assert "#no" not in said("I haven't paid yet.")


# -- a caller asking whether they reached another business ------------------------------------------


def test_asking_for_another_business_routes_nothing() -> None:
    # "tattoo" and "parlor" are nothing the ski shop speaks of; "Golden Dragon" is not its name
    assert route(SKIS, "start", "Is this the tattoo parlor? I want to book a touch-up.").target is None
    assert route(SKIS, "start", "Is this Golden Dragon? I need skis for the weekend.").target is None


def test_asking_for_this_business_or_about_it_still_routes() -> None:
    assert route(SKIS, "start", "Is this Alpine Edge? I want to rent skis.").edge_id == "to-rent"
    assert route(SKIS, "start", "Is this the ski shop? I want to rent skis.").edge_id == "to-rent"
    # "is this" + an adjective asks nothing about which business
    start = SKIS.label_index("start")
    assert start is not None and not start._other_business("My skis squeak when I turn, is this normal?")
    # "is this" + a purpose is about this business
    assert route(SKIS, "start", "I want to rent skis, is this the number for that?").edge_id == "to-rent"


# -- a person asked for by name --------------------------------------------------------------------


def test_a_person_asked_for_by_name() -> None:
    assert said("Is Marco in today?").get("#person") is False
    assert said("Can I talk to Marco?").get("#person") is False
    assert route(SKIS_PERSON, "start", "Is Marco there? He waxed my board last week.").edge_id == "person"


def test_a_name_that_is_no_person_asked_for() -> None:
    assert "#person" not in said("Is Maple Street closed today?")
    assert "#person" not in said("I talked about Vail with my friend.")
    assert "#person" not in said("I want to talk to Vail Resorts about a pass.")


# -- a turn that opens by putting the call on hold ---------------------------------------------------


def test_a_turn_opening_with_a_hold_says_why_to_the_end_of_its_sentence() -> None:
    assert said("Hold on, let me turn the skis around.") == {}
    assert said("Uh, one second, someone just walked in to rent a board.") == {}
    assert route(SKIS, "start", "Hang on, let me find my rental receipt.").target is None


def test_what_follows_the_holds_sentence_and_a_hold_inside_a_turn_still_count() -> None:
    assert route(SKIS, "start", "Hold on... okay, I want to rent skis.").edge_id == "to-rent"
    assert said("I want to rent skis, hold on, for two days.").get("rent") is False
    assert "hold" in said("Can you put a hold on a snowboard for me?")
    # a hold, then a request in the same sentence: the request is what the turn is for
    assert route(SKIS, "start", "Hang on, I need to rent skis for Saturday.").edge_id == "to-rent"


# -- a caller's own question on a node that asks for an answer ---------------------------------------


def test_a_question_of_the_callers_own_is_no_answer() -> None:
    # "Do you know your boot size?" / "Caller gives a boot size": asking about boots answers nothing
    index = SKIS.label_index("size")
    assert index is not None and index.asks
    assert index.score("Does the shop sell wax?").score == pytest.approx(index.score("The shop sells wax.").score * labels.ARGUMENT, abs=1e-5)
    assert route(SKIS, "size", "The shop sells wax.").edge_id == "unknown"
    # two words an answer has still fit, at half: the rule halves, it does not rule out
    assert index.score("Are my boots a size too big?").score == pytest.approx(
        index.score("My boots are a size too big.").score * labels.ARGUMENT, abs=1e-5
    )


def test_an_answer_before_a_question_or_a_question_at_the_start_still_routes() -> None:
    assert route(SKIS, "size", "No, can you measure me in the shop?").edge_id == "unknown"
    assert route(SKIS, "size", "It's a size 27 boot, is that common?").edge_id == "known"
    # the start node asks "how can I help?": a caller's question there is a request
    assert route(SKIS, "start", "Do you rent snowboards?").edge_id == "to-rent"


def test_the_rules_are_deterministic() -> None:
    first = [route(SKIS, "refund", "Not a refund.").matched, labels.words("Hold on, one sec.")]
    labels.clear_turn_cache()
    assert [route(SKIS, "refund", "Not a refund.").matched, labels.words("Hold on, one sec.")] == first


# -- "what do you charge" asks a price; another place called for or asked about ----------------------

LAUNDRY = compiled(
    [node("start", "Suds City laundromat, how can I help?"), *(node(n) for n in ("prices", "pickup", "hours", "billing"))],
    [
        edge("to-prices", "start", "prices", "Prices", "What a wash, a dry or a load of wash and fold costs"),
        edge("to-pickup", "start", "pickup", "Schedule a wash and fold pickup"),
        edge("to-hours", "start", "hours", "Hours and location", "When we open and close, where we are"),
        edge("to-billing", "start", "billing", "Billing question", "A charge on a card, a receipt, a refund"),
    ],
)


def test_what_the_business_charges_is_a_price() -> None:
    assert said("What do you guys charge for a load?").get("price") is False
    assert route(LAUNDRY, "start", "What do you charge for a big load?").edge_id == "to-prices"


def test_a_charge_that_is_no_question_of_the_price_stays_a_charge() -> None:
    assert "price" not in said("There's a charge on my card I don't recognize.")
    assert "price" not in said("Can you charge my card for the pickup?")
    assert route(LAUNDRY, "start", "There's a charge on my card from you twice.").edge_id == "to-billing"


def test_another_place_called_for_or_asked_about_routes_nothing() -> None:
    assert route(LAUNDRY, "start", "I'm trying to reach the DMV about my plates.").target is None
    assert route(LAUNDRY, "start", "Do you know if the Apple Store is open on Sunday?").target is None


def test_this_business_asked_about_still_routes() -> None:
    assert route(LAUNDRY, "start", "Do you know if the laundromat is open on Sunday?").edge_id == "to-hours"
    # called for by a common noun: it may be this business's own ("the front desk")
    assert route(LAUNDRY, "start", "I'm trying to reach the front desk about a refund.").edge_id == "to-billing"


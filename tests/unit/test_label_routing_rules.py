"""The linguistic rules of label routing (engine/sim/labels.py) added for issue 23's accuracy
round: each is a general reading of English, pinned here on made-up sentences (never on the
routing corpus's): negation raised from "think", negative subjects, hedges, past-tense reports,
a wanted action said of another object, passives, yes/no questions after a lead-in, answers
to them, WordNet collocations, self-repairs and first-sense synonyms."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.routing import route
from tornado_operator.engine.sim.wordnet import open_default

# -- negation and hedges ----------------------------------------------------------------------


def test_a_negation_is_raised_from_think_to_what_is_thought() -> None:
    assert said("I don't think anyone's hurt") == {"hurt": True}
    assert said("I don't think the router is broken").get("router") is True


def test_a_negative_subject_negates_its_predicate_through_light_verbs() -> None:
    assert said("Nobody got hurt")["hurt"] is True
    assert said("no one got hurt")["hurt"] is True
    assert said("Somebody got hurt")["hurt"] is False


def test_a_hedge_is_neither_yes_nor_no() -> None:
    assert said("I'm not sure") == {"#unsure": False}  # (round 32: the answer of a "Not sure" option only)
    assert "#no" not in said("I don't know, let me check outside")
    assert said("not okay") == {"#no": False}  # a negated yes is still a no


# -- reports, passives and objects ----------------------------------------------------------

CLINIC = compiled(
    [node("start"), node("book"), node("cancel"), node("fee", "There's a 20 dollar fee. Do you want to go ahead?"), node("done")],
    [
        edge("book", "start", "book", "Caller wants to book a new appointment"),
        edge("cancel", "start", "cancel", "Caller wants to cancel an appointment"),
        edge("to-fee", "book", "fee", "Caller gives a day"),
        edge("fee-yes", "fee", "done", "Caller agrees to pay the change fee"),
        edge("fee-keep", "fee", "done", "Caller decides to keep the original appointment"),
        edge("fee-cancel", "fee", "cancel", "Caller would rather cancel"),
    ],
)


def test_a_past_tense_report_is_weaker_evidence_for_the_action_a_label_wants() -> None:
    asked = labels.words("I'd like to book an appointment")
    reported = labels.words("I booked an appointment online")
    assert not asked[0].past and reported[0].past
    assert route(CLINIC, "start", "I want to book an appointment").edge_id == "book"
    assert route(CLINIC, "start", "I booked online last night").target is None
    assert open_default().past_form("cancelled") and open_default().past_form("paid")
    assert not open_default().past_form("need") and not open_default().past_form("feed")


def test_a_wanted_action_said_of_another_object_counts_half() -> None:
    assert route(CLINIC, "start", "I'd like to book a flight to Denver").target is None  # book a flight, not an appointment
    assert route(CLINIC, "start", "I'd like to book a new appointment").edge_id == "book"
    assert route(CLINIC, "start", "Can I cancel it?").edge_id == "cancel"  # no object said: nothing against it
    # a noun modifying another in a label: the caller's "change my seat" is not the "change fee"
    assert route(CLINIC, "fee", "Can I change my seat too?").target is None
    assert route(CLINIC, "fee", "Fine, I'll pay the change fee").edge_id == "fee-yes"


def test_a_passive_participle_is_an_event_not_the_callers_no() -> None:
    assert "#no" not in said("my card was declined at the store")
    assert "declined" in said("my card was declined at the store")
    assert "#no" in said("I declined the offer")


def test_a_noun_phrase_after_a_word_is_read_past_determiners_and_adjectives_only() -> None:
    assert labels.words("book two tickets to Orlando")[0].obj == ("tickets",)
    assert labels.words("pay my credit card bill")[0].obj == ("credit", "card", "bill")
    assert labels.words("change it to Sunday")[0].obj == ()  # a pronoun first
    assert labels.words("Day given")[0].obj == ()  # a participle is not a noun's head
    assert "plan" in said("needs a payment plan")  # after a determiner and a noun, "plan" is a noun


# -- yes/no questions and their answers -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "yes_no"),
    [
        ("I'm sorry to hear that. First, is anyone hurt?", True),
        ("Okay. And so, does that work for you?", True),
        ("Do you want to go ahead?", True),
        ("How can I help?", False),
        ("Thanks. Which day suits you, Monday or Tuesday?", False),
    ],
)
def test_a_yes_no_question_is_read_after_a_lead_in(text: str, yes_no: bool) -> None:
    assert labels.is_yes_no_question(text) is yes_no


def test_a_no_goes_to_the_edges_that_do_not_say_yes_first_listed_first() -> None:
    # no edge is stated negatively; "agrees" says yes, so a no is for the other two, and an implied
    # answer is not scaled by label length: the tie goes to the edge listed first
    assert route(CLINIC, "fee", "No, leave it as it is").edge_id == "fee-keep"
    assert route(CLINIC, "fee", "Yes, go ahead").edge_id == "fee-yes"


# -- more words for a turn ----------------------------------------------------------------------


def test_two_adjacent_words_that_are_one_wordnet_noun_are_also_that_noun() -> None:
    assert "fender-bender" in said("I was in a fender bender")
    graph = compiled(
        [node("start"), node("auto"), node("home")],
        [
            edge("auto", "start", "auto", "Caller wants to report a car accident"),
            edge("home", "start", "home", "Caller wants to report damage to their home"),
        ],
    )
    assert route(graph, "start", "I was in a fender bender on the freeway").edge_id == "auto"  # a kind of collision, of accident


def test_a_self_repair_drops_what_came_before() -> None:
    assert route(CLINIC, "start", "I'd like to book... no, actually, just cancel it").edge_id == "cancel"
    assert route(CLINIC, "start", "I'd like to cancel, or rather book a new appointment").edge_id == "book"


def test_two_word_formation_hops_are_close_enough() -> None:
    graph = compiled(
        [node("start"), node("pay"), node("other")],
        [edge("pay", "start", "pay", "Caller wants to make a payment"), edge("other", "start", "other", "Caller asks about rewards")],
    )
    assert route(graph, "start", "How do I set up autopay?").edge_id == "pay"  # autopay -> pay -> payment


def test_the_same_turn_routes_the_same_way_after_the_caches_are_cleared() -> None:
    texts = ["No, leave it as it is", "I booked online last night", "I'd like to book a flight", "Can I change my seat too?"]
    first = [(route(CLINIC, "fee" if "seat" in t or "leave" in t else "start", t).matched) for t in texts]
    labels.clear_turn_cache()
    labels.expansions.cache_clear()
    labels.broader.cache_clear()
    again = [(route(CLINIC, "fee" if "seat" in t or "leave" in t else "start", t).matched) for t in texts]
    assert first == again

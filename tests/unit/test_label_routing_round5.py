"""The rules of label routing (engine/sim/labels.py) added in issue 23's fifth round, each
pinned on made-up sentences in domains no routing corpus has (a museum, a public library, a
kayak rental, a moving company, a ski school, an aquarium), both sides: what the rule changes
and what it must leave alone."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.routing import route

# -- a global node answers no node's question ---------------------------------------------------

MUSEUM = compiled(
    [
        node("start", "City Museum, how can I help?"),
        node("member", "Are you a member with us?"),
        node("tickets"),
        node("members"),
        node("guests"),
        node(
            "last-entry",
            isGlobal=True,
            globalMatch={},
            globalLabel="Last entry question",
            globalDescription="Whether it is too late to get in today.",
        ),
    ],
    [
        edge("to-tickets", "start", "tickets", "Caller wants to buy tickets"),
        edge("is-member", "member", "members", "Caller has a membership card"),
        edge("not-member", "member", "guests", "General admission ticket"),
    ],
)


def test_a_no_said_to_the_nodes_question_never_picks_a_global_node() -> None:
    # "too late to get in" in the global's description is a topic, not a "no": a caller's no
    # answers the member question (no edge of which says no), it does not ask about last entry
    assert route(MUSEUM, "member", "No, I'm not.").target is None
    assert route(MUSEUM, "member", "Nope.").target is None
    assert route(MUSEUM, "start", "I don't want to buy anything, sorry.").target is None


def test_the_global_node_still_takes_its_own_question() -> None:
    assert route(MUSEUM, "start", "Is it too late to get in today?").target == "last-entry"
    assert route(MUSEUM, "member", "Wait, how late is the last entry?").target == "last-entry"


# -- "how" and a measure: the measure asked, not the caller's state ----------------------------

LIBRARY = compiled(
    [
        node("start", "Riverside Library, what can I do for you?"),
        node("late"),
        node("hours"),
        node("holds"),
        node("renewals"),
    ],
    [
        edge("to-late", "start", "late", "Caller will be late returning a book"),
        edge("to-hours", "start", "hours", "Opening hours"),
        edge("to-holds", "start", "holds", "Caller wants to place a hold on a book"),
        edge("to-renew", "start", "renewals", "How long a loan lasts and renewals"),
    ],
)


def test_how_late_asks_a_time_it_is_not_being_late() -> None:
    assert said("How late are you open tonight?") == {"#how-late": False, "open": False, "hours": False, "tonight": False}
    assert route(LIBRARY, "start", "How late are you open tonight?").edge_id == "to-hours"
    assert route(LIBRARY, "start", "How late does the library stay open?").edge_id != "to-late"


def test_being_late_and_the_same_measure_in_a_label_still_fit() -> None:
    assert route(LIBRARY, "start", "I'm going to be late bringing my books back.").edge_id == "to-late"
    # the label asks the same thing ("How long a loan lasts"): the measure fits it
    assert route(LIBRARY, "start", "How long can I have it for?").edge_id == "to-renew"
    # "how" before a verb is not a measure
    assert said("How do I place a hold?") == {"place": False, "hold": False}


# -- number words are counts, like digits ------------------------------------------------------

KAYAKS = compiled(
    [node("start", "Bayside Kayaks, how can I help?"), node("rent"), node("weather")],
    [
        edge("to-rent", "start", "rent", "Rent a kayak", "A single or a tandem one, by the hour."),
        edge("to-weather", "start", "weather", "Weather and closures"),
    ],
)


def test_a_number_word_is_a_count_not_a_topic() -> None:
    # "one" in the description is a pronoun (a kayak); "just one guide" shares only the word
    assert said("Is it just one guide for the whole group?") == {"guide": False, "whole": False, "group": False}
    assert route(KAYAKS, "start", "Is it just one guide for the whole group?").target is None
    assert said("two tickets") == said("2 tickets") == {"tickets": False}


def test_what_the_count_is_of_still_fits() -> None:
    assert route(KAYAKS, "start", "Can I rent two kayaks for an afternoon?").edge_id == "to-rent"
    assert route(KAYAKS, "start", "I need a single kayak.").edge_id == "to-rent"


# -- ruling out one of the actions a label offers ("change or cancel") -------------------------

MOVERS = compiled(
    [node("start", "Two Brothers Moving, how can I help?"), node("change"), node("book"), node("claims")],
    [
        edge("to-change", "start", "change", "Change or cancel a booked move"),
        edge("to-quote", "start", "book", "Get a price quote"),
        edge("to-claims", "start", "claims", "Furniture was scratched or broken"),
    ],
)


def test_refusing_one_offered_action_leaves_the_others() -> None:
    # not cancelling is no evidence against "change or cancel": the caller wants the other option
    assert route(MOVERS, "start", "I'm not cancelling my move, I just need it on a different weekend.").edge_id == "to-change"


def test_a_single_action_or_offered_states_still_count_against() -> None:
    single = compiled(
        [node("start", "Two Brothers Moving, how can I help?"), node("cancel"), node("book")],
        [
            edge("to-cancel", "start", "cancel", "Caller wants to cancel their move"),
            edge("to-book", "start", "book", "Caller wants to book a new move"),
        ],
    )
    assert route(single, "start", "I don't want to cancel my move.").edge_id != "to-cancel"
    # states are not actions offered: denying one still counts against the label
    assert route(MOVERS, "start", "Nothing was broken, the crew was great.").edge_id != "to-claims"


# -- a time expression is when, not what ------------------------------------------------------

SKI = compiled(
    [node("start", "Summit Ski School, how can I help?"), node("hours"), node("lessons"), node("passes")],
    [
        edge("to-hours", "start", "hours", "Hours and directions"),
        edge("to-lessons", "start", "lessons", "Reschedule a lesson"),
        edge("to-passes", "start", "passes", "Season pass questions", "Renewing or upgrading a pass for this year."),
    ],
)


def test_a_time_said_as_when_or_how_long_supports_but_does_not_decide() -> None:
    # "an hour" says how far to move the lesson: not the opening hours
    assert route(SKI, "start", "Can I push my lesson back an hour?").edge_id == "to-lessons"
    # "last year" says when: alone it is not the pass question of "this year"
    assert route(SKI, "start", "We came up last year and loved it.").target is None


def test_a_time_that_is_the_topic_still_fits() -> None:
    assert route(SKI, "start", "What are your hours on Sunday?").edge_id == "to-hours"
    assert route(SKI, "start", "Can I renew my pass for next year?").edge_id == "to-passes"


# -- a word WordNet lacks, where an object starts, is a thing the caller names --------------------

AQUARIUM = compiled(
    [node("start", "Harbor Aquarium, how can I help?"), node("tickets"), node("hours"), node("members")],
    [
        edge("to-tickets", "start", "tickets", "Caller wants to buy tickets", "Day tickets, group tickets and prices."),
        edge("to-hours", "start", "hours", "Opening hours"),
        edge("to-members", "start", "members", "Membership and annual passes"),
    ],
)


def test_an_unknown_word_after_the_verb_is_its_object_so_the_label_action_alone_is_half() -> None:
    # "airfryer" is not in WordNet: still what "buy" acts on, and nothing of the label's
    index = AQUARIUM.label_index("start")
    assert index is not None
    bare = index.score("I want to buy some for tomorrow.").score
    assert index.score("I want to buy an airfryer.").score == pytest.approx(bare * 0.5, abs=1e-5)
    assert index.score("Can I buy airpods here?").score == pytest.approx(bare * 0.5, abs=1e-5)
    assert route(AQUARIUM, "start", "Do you sell tickets? I want to buy an airfryer too.").edge_id == "to-tickets"


def test_the_labels_own_object_or_a_bare_verb_still_fit() -> None:
    assert route(AQUARIUM, "start", "I want to buy two tickets for Saturday.").edge_id == "to-tickets"
    assert route(AQUARIUM, "start", "I want to buy some for tomorrow.").edge_id == "to-tickets"
    # a word WordNet knows stays what it is: "buy lunch" is a verb and its object, as before
    assert route(AQUARIUM, "start", "Can I buy lunch inside?").target is None

"""The rules of label routing (engine/sim/labels.py) added in issue 23's third round, each
pinned on made-up sentences (never the routing corpora's), both sides: what the rule changes
and what it must leave alone."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.routing import route

# a library's front desk: a greeting, a yes/no offer, an "anything else" question
LIBRARY = compiled(
    [
        node("start"),
        node("renew"),
        node("hours"),
        node("offer", "The next copy is due back Thursday. Shall I put it on hold for you?"),
        node("more", "Can I help with anything else today?"),
        node("held"),
        node("other"),
        node("bye"),
    ],
    [
        edge("renew", "start", "renew", "Caller wants to renew a borrowed book"),
        edge("hours", "start", "hours", "Caller asks about opening hours"),
        edge("hold-yes", "offer", "held", "Caller takes the reserved copy"),
        edge("hold-no", "offer", "other", "Caller wants a different title or branch"),
        edge("more-yes", "more", "start", "Caller has one more question"),
        edge("more-no", "more", "bye", "Caller is finished"),
    ],
)


# -- managing the call ------------------------------------------------------------------------


def test_a_phrase_that_manages_the_call_says_nothing_about_what_it_is_for() -> None:
    assert said("Hold on a second, please.") == {}
    assert said("I must have the wrong number.") == {}
    assert route(LIBRARY, "start", "Oh, one moment.").target is None
    # a hold that is not the caller's pause: the words stay
    assert "hold" in said("Can you put a hold on that novel?")
    assert route(LIBRARY, "start", "Hang on, I'd like to renew a book").edge_id == "renew"


# -- answers that labels state without yes or no ------------------------------------------------


def test_a_label_saying_the_caller_is_finished_is_the_no_to_anything_else() -> None:
    assert said("Caller is finished") == {"#done": False}
    assert route(LIBRARY, "more", "No, that's everything.").edge_id == "more-no"
    assert route(LIBRARY, "more", "Nope.").edge_id == "more-no"
    # the other edge says neither: it takes the yes
    assert route(LIBRARY, "more", "Yes, one thing about my card.").edge_id == "more-yes"


def test_asking_for_something_different_is_the_no_to_an_offer() -> None:
    assert said("a different branch")["#other"] is False
    assert route(LIBRARY, "offer", "Yes, perfect.").edge_id == "hold-yes"  # the edge not asking for another
    assert route(LIBRARY, "offer", "Could I get the audiobook instead?").edge_id == "hold-no"
    assert route(LIBRARY, "offer", "No thanks.").edge_id == "hold-no"


def test_instead_of_negates_what_follows_and_a_label_saying_yes_stays_the_yes() -> None:
    assert said("a refund instead of a credit") == {"refund": False, "credit": True}
    graph = compiled(
        [node("offer", "We can pause your plan for a month instead. Would you like that?"), node("paused"), node("closed")],
        [
            edge("pause", "offer", "paused", "Caller accepts the pause instead of closing the plan"),
            edge("close", "offer", "closed", "Caller still wants to close the plan"),
        ],
    )
    assert route(graph, "offer", "Yes, let's do that.").edge_id == "pause"  # "accepts": a yes, not a negated edge
    assert route(graph, "offer", "No, just close it.").edge_id == "close"


# -- label boilerplate ------------------------------------------------------------------------


def test_describing_in_a_label_is_boilerplate_like_saying() -> None:
    assert said("Caller describes a leak") == {"leak": False}
    assert said("Caller explains the delay") == {"delay": False}


# -- names and the part of speech a word is used as -------------------------------------------


def test_a_word_capitalised_inside_a_sentence_is_a_name_matched_as_written() -> None:
    assert [word.name for word in labels.words("We met by the Target on Elm")] == [False, True, True]
    assert not any(word.name for word in labels.words("Target practice. I'm here"))  # a sentence's first word
    graph = compiled(
        [node("start"), node("aims"), node("shop")],
        [edge("aims", "start", "aims", "Caller asks about the aim of the program"), edge("shop", "start", "shop", "Caller asks about the shop")],
    )
    assert route(graph, "start", "Is that near the Target?").target is None  # the store, not an aim
    assert route(graph, "start", "What's the target of the program?").edge_id == "aims"  # target~aim, a common word


def test_senses_come_from_the_parts_of_speech_a_word_is_used_as() -> None:
    # "cat" is a noun in WordNet's tagged corpus; its verb sense (to vomit) gives nothing
    assert "sick" not in dict(labels._turn_keys("cat"))
    assert "feline" in dict(labels._turn_keys("cat"))
    # a word never seen tagged keeps all its senses rather than none
    assert labels._used((("zzz", "n"),)) == (("zzz", "n"),)


# -- what a word is said of -------------------------------------------------------------------

OFFICE = compiled(
    [node("start"), node("grades"), node("details"), node("reserve"), node("release")],
    [
        edge("grades", "start", "grades", "Question about a mark or a mark change"),
        edge("details", "start", "details", "Caller wants to update their contact details"),
        edge("reserve", "start", "reserve", "Caller wants to reserve a study room"),
        edge("release", "start", "release", "Caller wants to release a room they hold"),
    ],
)


def test_a_labels_modified_noun_said_as_an_action_on_something_else_counts_half() -> None:
    # "change my phone number" is not a mark change ...
    assert route(OFFICE, "start", "How do I change my postal address?").edge_id != "grades"
    # ... but with the label's modifier said, or no other object, it is
    assert route(OFFICE, "start", "I want a change to my mark").edge_id == "grades"
    assert route(OFFICE, "start", "Can I ask for a change?").edge_id == "grades"


def test_a_labels_action_said_as_the_object_of_another_verb_counts_half() -> None:
    # "cancel my reservation": cancelling (which no label here offers), not reserving
    assert route(OFFICE, "start", "Please cancel my reservation for Friday").target is None
    assert route(OFFICE, "start", "I need a reservation for Friday").edge_id == "reserve"  # no other verb


def test_a_label_word_is_linked_where_its_text_first_uses_it_with_an_object() -> None:
    index = OFFICE.label_index("start")
    assert index is not None
    mark = next(term for term in index.terms[0] if term.surface == "mark")
    change = next(term for term in index.terms[0] if term.surface == "change")
    assert mark.objects and change.modified  # "a mark or a mark change": the second use links


def test_the_object_of_a_refused_action_is_neither_refused_nor_wanted() -> None:
    assert said("I don't want to close my account") == {"#no": False, "close": True}
    assert said("I don't want a new account") == {"#no": False, "new": True, "account": True}  # no action: the thing itself


def test_asking_to_speak_to_someone_is_asking_for_a_person() -> None:
    assert said("Can I speak to someone?") == {"#person": False}
    assert said("someone charged my card")["charged"] is False


# -- tense, voice and the action a label names -------------------------------------------------

TRAINS = compiled(
    [node("start"), node("buy"), node("refund"), node("order"), node("lost")],
    [
        edge("buy", "start", "buy", "Caller wants to reserve a seat"),
        edge("change", "start", "buy", "Caller wants to swap a seat they reserved"),
        edge("refund", "start", "refund", "Caller wants to get a refund"),
        edge("drop", "start", "refund", "Caller wants to cancel a refund"),
        edge("order", "start", "order", "Caller wants to place an order"),
        edge("lost", "start", "lost", "Caller wants to report lost property"),
    ],
)


def test_a_wanted_action_fits_a_labels_past_form_half() -> None:
    # "a seat they reserved" takes the reserving as done: a caller who wants to reserve means the other
    assert route(TRAINS, "start", "I'd like to reserve a seat").edge_id == "buy"
    index = TRAINS.label_index("start")
    assert index is not None
    fit = index.score("I'd like to reserve a seat")
    assert fit.runner_up is not None and fit.runner_up.id == "change" and fit.runner_up_score < fit.score / 1.5


def test_a_passive_participle_is_weaker_still_than_a_past_report() -> None:
    assert [w.passive for w in labels.words("the refund was cancelled")] == [False, True]
    assert [w.passive for w in labels.words("I cancelled the refund")] == [False, False]
    graph = compiled(
        [node("start"), node("a"), node("b")],
        [edge("a", "start", "a", "Caller wants to cancel the trip"), edge("b", "start", "b", "Caller asks about parking")],
    )
    index = graph.label_index("start")
    assert index is not None
    reported = index.score("I cancelled the trip").score
    happened = index.score("The trip got cancelled").score
    assert 0 < happened < reported


def test_a_noun_after_a_light_verb_is_the_labels_action() -> None:
    assert [w.action for w in labels.words("Caller wants to make an order")] == [True]
    assert [w.action for w in labels.words("Caller wants to get a refund")] == [True]
    # "get a refund" names the action: "refund" there weighs as a distinctive word, while in
    # "cancel a refund" it is only what is cancelled
    assert route(TRAINS, "start", "I'd like a refund please").edge_id == "refund"
    # the caller's action on it is another verb: not the label's action
    assert route(TRAINS, "start", "Can I cancel the refund?").edge_id == "drop"


def test_a_callers_action_said_of_a_labels_object_counts_half() -> None:
    # "to reserve" is the action; in "swap a seat they reserved" the reserving is not what is wanted,
    # and in a label where "reservation" is what another action acts on, it is only the object
    graph = compiled(
        [node("start"), node("a"), node("b")],
        [
            edge("a", "start", "a", "Caller wants to cancel a reservation"),
            edge("b", "start", "b", "Caller asks about the lost and found"),
        ],
    )
    assert route(graph, "start", "I want to reserve for four").target is None
    assert route(graph, "start", "I want to cancel my reservation").edge_id == "a"


def test_too_before_an_adjective_is_an_objection() -> None:
    assert said("That's too expensive")["#no"] is False
    assert "#no" not in said("Me too")
    assert "#no" not in said("I lost my wallet too.")


def test_an_action_noun_fits_a_labels_modifier_half_without_its_head() -> None:
    # "make a deposit" is the deposit itself; "a deposit slip" is a kind of slip
    graph = compiled(
        [node("start"), node("slip"), node("other")],
        [
            edge("slip", "start", "slip", "Caller needs a deposit slip"),
            edge("other", "start", "other", "Caller asks about opening hours"),
        ],
    )
    index = graph.label_index("start")
    assert index is not None
    action = index.score("I'd like to make a deposit").score
    kind = index.score("I'd like a deposit, the slip").score - index.score("I'd like the slip").score  # deposit's share
    assert 0 < action == pytest.approx(kind * 0.5)
    assert route(graph, "start", "Where do I find a deposit slip?").edge_id == "slip"


def test_only_light_verbs_that_name_an_action_make_their_noun_the_action() -> None:
    assert [w.action for w in labels.words("I made a payment")] == [True]
    assert labels.words("I had labs drawn")[0].action is False  # possession, not an action
    assert [w.action for w in labels.words("Caller sees a charge")] == [False]


def test_a_noun_a_label_narrows_by_a_noun_before_it_counts_half_alone() -> None:
    graph = compiled(
        [node("start"), node("water"), node("other")],
        [
            edge("water", "start", "water", "Caller reports a burst water main"),
            edge("other", "start", "other", "Caller asks about opening hours"),
        ],
    )
    index = graph.label_index("start")
    assert index is not None
    water_main = next(term for term in index.terms[0] if term.surface == "main")
    assert water_main.narrowed
    bare = index.score("The main road is closed").score
    named = index.score("The water main burst").score
    assert 0 < bare < named and route(graph, "start", "There's a water main leaking").edge_id == "water"
    # an adjective or a gerund before a noun does not narrow it ("medical records", "sending records")
    records = compiled(
        [node("start"), node("a"), node("b")],
        [edge("a", "start", "a", "Caller wants medical records"), edge("b", "start", "b", "Caller wants sending forms")],
    ).label_index("start")
    assert records is not None and not any(term.narrowed for terms in records.terms for term in terms)


def test_a_time_word_fits_by_its_own_forms_only() -> None:
    assert labels._time_word("tonight") and labels._time_word("days") and labels._time_word("monday")
    assert not labels._time_word("schedule") and not labels._time_word("appointment")
    assert "life" not in dict(labels._turn_keys("days")) and "day" in dict(labels._turn_keys("days"))
    assert "daily" in dict(labels._turn_keys("day"))  # a derived form still fits
    graph = compiled(
        [node("start"), node("life"), node("other")],
        [edge("life", "start", "life", "Caller asks about life insurance"), edge("other", "start", "other", "Caller asks about parking")],
    )
    assert route(graph, "start", "I've waited for days").target is None  # days: not a life
    assert route(graph, "start", "My life insurance renewal").edge_id == "life"


def test_no_good_and_doesnt_work_for_me_are_a_no() -> None:
    assert said("Thursday's no good")["#no"] is False
    assert said("That doesn't work for me")["#no"] is False
    assert "#problem" in said("the app doesn't work on my phone")  # a malfunction, not a refusal

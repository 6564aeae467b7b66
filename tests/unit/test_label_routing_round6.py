"""The rules of label routing (engine/sim/labels.py) added in issue 23's sixth round, each pinned
on made-up sentences in domains no routing corpus has (a bike shop, a climbing gym, a bakery, a
locksmith, a piano tuner, a dog daycare), both sides: what the rule changes and what it must leave
alone. The round's rules read what the whole pathway says (labels.PathwayWords), not only the
node's labels."""

from __future__ import annotations

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.routing import route

# -- a word most of the pathway's labels have weighs less (PATHWAY_IDF) -------------------------

BIKES = compiled(
    [
        node("start", "Spoke and Chain, how can I help?"),
        node("repair", "What's wrong with it?"),
        node("rent"),
        node("sell"),
        node("flat"),
        node("brakes"),
        node("fit"),
    ],
    [
        edge("to-repair", "start", "repair", "Bike repair or a tune-up"),
        edge("to-rent", "start", "rent", "Rent a helmet for the day"),
        edge("to-sell", "start", "sell", "Caller wants to buy new gear"),
        edge("to-flat", "repair", "flat", "A flat tire on the bike"),
        edge("to-brakes", "repair", "brakes", "The bike's brakes or gears"),
        edge("to-fit", "repair", "fit", "The bike does not fit the rider"),
    ],
)


def test_a_word_most_of_the_pathways_labels_have_weighs_less() -> None:
    start = BIKES.label_index("start")
    assert start is not None
    weight = {term.surface: term.weight for term in start.terms[0]}
    # at the start node "bike" and "tune" are each in one label; in the pathway "bike" is in four
    # labels of six, "tune" in one: "bike" weighs less
    assert weight["tune"] == 1.0
    assert weight["bike"] < 1.0 - labels.PATHWAY_IDF / 2
    # the labels' words still route
    assert route(BIKES, "start", "My bike needs fixing, it makes a noise.").edge_id == "to-repair"
    assert route(BIKES, "start", "I need a tune-up before the race.").edge_id == "to-repair"
    assert route(BIKES, "repair", "The tire went flat on my way home.").edge_id == "to-flat"


def test_without_pathway_words_a_label_index_weighs_as_before() -> None:
    candidates = [labels.Candidate("a", "x", False, "Rent a bike"), labels.Candidate("b", "y", False, "Bike repair")]
    alone = labels.LabelIndex.build(candidates)
    known = labels.LabelIndex.build(candidates, pathway=labels.PathwayWords())
    assert [term.weight for term in alone.terms[0]] == [term.weight for term in known.terms[0]]


# -- a caller word several candidates have does not weigh more through a derived form -----------

WALLS = compiled(
    [node("start", "Summit Walls climbing gym, what can I do for you?"), *(node(n) for n in ("rent", "lesson", "climbers", "youth"))],
    [
        edge("to-rent", "start", "rent", "Rent climbing shoes"),
        edge("to-lesson", "start", "lesson", "A climbing lesson for a beginner"),
        edge("to-climbers", "start", "climbers", "Member services", "Regular climbers with a membership card."),
        edge("to-youth", "start", "youth", "Youth team"),
    ],
)


def test_a_shared_word_fitting_another_label_by_a_derived_form_weighs_as_the_shared_word() -> None:
    # "climbing" is in two labels; "climbers" (a derived form) in a third's description: said alone
    # it does not pick that third label
    assert route(WALLS, "start", "I'm out climbing right now, can you hear me?").target is None


def test_the_derived_form_still_fits_when_the_caller_says_it() -> None:
    assert route(WALLS, "start", "I'm a regular climber, my membership card won't scan.").edge_id == "to-climbers"
    assert route(WALLS, "start", "Can I rent shoes for the day?").edge_id == "to-rent"


# -- the business's name said in a label as "the X" is the business itself (BUSINESS) -----------

BAKERY = compiled(
    [
        node("start", "Thanks for calling Rosewood Bakery, this is Sam!"),
        node("cakes"),
        node("bread"),
        node("tours"),
        node(
            "allergy",
            isGlobal=True,
            globalMatch={},
            globalLabel="Allergy emergency at the bakery",
            globalDescription="Someone ate something and is having a reaction: swelling, trouble breathing.",
        ),
    ],
    [
        edge("to-cakes", "start", "cakes", "Order a custom cake", "Birthday or wedding cakes, with a message on top."),
        edge("to-bread", "start", "bread", "Bread and rolls", "What loaves are baked today."),
        edge("to-tours", "start", "tours", "Bakery tours for school classes"),
    ],
)


def test_the_business_named_in_a_label_is_no_topic() -> None:
    assert "bakery" in BAKERY.pathway_words().business
    # "the bakery" in the global's label is the business: another bakery is no emergency
    assert route(BAKERY, "start", "Do you know a good bakery near the station?").target != "allergy"
    index = BAKERY.label_index("cakes")  # a node with only the global to go to
    assert index is not None and index.score("Do you know a good bakery near the station?").candidate is None


def test_the_business_word_said_otherwise_and_the_labels_other_words_still_count() -> None:
    index = BAKERY.label_index("start")
    assert index is not None
    weight = {(candidate.id, term.surface): term.weight for candidate, terms in zip(index.candidates, index.terms, strict=True) for term in terms}
    # "Bakery tours": not "the bakery" but a kind of tour, it keeps its weight
    assert weight[("to-tours", "bakery")] > 1.99 * weight[("allergy", "bakery")]
    assert route(BAKERY, "start", "My son ate a cookie and his throat is swelling!").target == "allergy"


# -- a wanted action said of a thing the pathway never speaks of counts half (ARGUMENT) ---------

LOCKS = compiled(
    [
        node("start", "Keystone Locksmith, how can I help?"),
        node("status", "What's the name on the order?"),
        node("keys"),
        node("lockout"),
    ],
    [
        edge("to-status", "start", "status", "Where is my order", "A lock or a safe they ordered from us."),
        edge("to-keys", "start", "keys", "Copy of a key"),
        edge("to-lockout", "start", "lockout", "Locked out of a car or a house"),
    ],
)


def test_a_wanted_action_said_of_something_foreign_to_the_pathway_counts_half() -> None:
    # nothing in the pathway is a pizza: ordering one is no order of the locksmith's
    assert route(LOCKS, "start", "I want to order a large pizza for delivery.").target is None
    index = LOCKS.label_index("start")
    assert index is not None
    # a lock is something the pathway speaks of (the status edge's description), a spreadsheet not
    foreign, own = index.score("I need to copy a spreadsheet."), index.score("I need to copy a lock.")
    assert foreign.best == own.best and own.best is not None and own.best.id == "to-keys"
    assert foreign.score == round(own.score * labels.ARGUMENT, 6)


def test_the_same_action_on_the_pathways_own_things_still_fits() -> None:
    assert route(LOCKS, "start", "I want to order a safe, where is my order?").edge_id == "to-status"
    assert route(LOCKS, "start", "I need to copy a key for my daughter.").edge_id == "to-keys"
    # a past order ("I ordered") is a report, not a wanted action: the rule does not touch it
    assert route(LOCKS, "start", "I ordered a lock last week and it never came.").edge_id == "to-status"


# -- not knowing which one: the thing is not given ----------------------------------------------

TUNER = compiled(
    [node("start", "Which day works for the tuning?"), node("day"), node("call")],
    [
        edge("day-given", "start", "day", "Caller gives a day"),
        edge("call-back", "start", "call", "Caller wants a call back"),
    ],
)


def test_not_knowing_which_day_gives_no_day() -> None:
    assert "day" not in said("I don't know what day yet.")
    assert "day" not in said("I'm not sure which day, to be honest.")
    assert route(TUNER, "start", "I don't know what day yet, sorry.").edge_id is None


def test_a_day_given_and_an_unknown_other_thing_still_fit() -> None:
    assert route(TUNER, "start", "Any day next week is fine.").edge_id == "day-given"
    # the hedge before something else than "what / which + noun" drops only itself
    assert said("I don't know, any day works.") == {"#unsure": False, "day": False, "works": False}  # (#unsure: round 32)


# -- a thing that won't do something is a problem -----------------------------------------------


def test_a_thing_that_wont_work_is_a_problem() -> None:
    assert said("My dishwasher won't drain.") == {"#problem": False, "dishwasher": False, "drain": True}
    assert "#problem" in said("It won't start in the cold.")


def test_a_person_who_wont_is_no_malfunction() -> None:
    assert "#problem" not in said("We won't be home on Friday.")
    assert "#problem" not in said("My daughter won't be there Thursday.")
    assert "#problem" not in said("He won't answer his phone.")


# -- a choice question: each option is its edge's ----------------------------------------------

DAYCARE = compiled(
    [
        node("start", "Sure. Do you want to move the visit to another day, or cancel it altogether?"),
        node("move"),
        node("drop"),
        node("size", "Is your dog small, or more of a big dog?"),
        node("small"),
        node("big"),
    ],
    [
        edge("to-move", "start", "move", "Reschedule the visit"),
        edge("to-drop", "start", "drop", "Cancel the visit"),
        edge("to-small", "size", "small", "Small breed"),
        edge("to-big", "size", "big", "Large breed"),
    ],
)


def test_the_options_of_a_choice_question_are_the_edges_words() -> None:
    # "cancel it altogether" is the cancel edge's option, so "move ... to another day" is the other's
    assert route(DAYCARE, "start", "I don't want to cancel, just move it to Thursday.").edge_id == "to-move"
    assert route(DAYCARE, "start", "Let's move it, please.").edge_id == "to-move"


def test_options_that_tell_the_edges_apart_by_no_word_add_nothing() -> None:
    # "small" and "big dog" share no word with "Small breed" / "Large breed" beyond one each: each
    # option leans to its own edge; "cancel" still fits its own label
    assert route(DAYCARE, "start", "Cancel it, please.").edge_id == "to-drop"
    index = DAYCARE.label_index("size")
    assert index is not None
    assert {term.surface for term in index.terms[1]} >= {"large", "breed"}


# -- WordNet's pertainyms are derived forms: "outdoors" / "outdoor", "monthly" / "month" --------

GARDEN = compiled(
    [node("start", "Do you want plants for inside the house, or for the yard?"), node("in"), node("out")],
    [
        edge("to-indoor", "start", "in", "Indoor plants"),
        edge("to-outdoor", "start", "out", "Outdoor plants"),
    ],
)


def test_a_pertainym_is_a_derived_form() -> None:
    assert dict(labels.expansions("outdoor"))["outdoors"] == labels.DERIVED
    assert dict(labels.expansions("monthly"))["month"] == labels.DERIVED
    assert route(GARDEN, "start", "Something that lives outdoors, please.").edge_id == "to-outdoor"


def test_a_pertainym_is_no_synonym_of_the_other_word() -> None:
    # "outdoors" is derived from "outdoor", not from "indoor": the other edge gets nothing
    assert "indoor" not in dict(labels.expansions("outdoors"))
    assert route(GARDEN, "start", "Not outdoors, I want them inside.").edge_id != "to-outdoor"


# -- asking leave to do something is wanting to do it: "can I order ...", "could we copy ..." ---


def test_asking_leave_is_a_wanted_action() -> None:
    assert labels.words("Can I order a pizza?")[0].intent
    assert labels.words("Could we copy it?")[0].intent
    # so the foreign-thing rule reads it: a pizza is nothing the locksmith speaks of
    assert route(LOCKS, "start", "Can I order a large pizza?").target is None


def test_a_question_about_the_business_or_a_report_is_no_wanted_action() -> None:
    assert not labels.words("Can you order it?")[0].intent
    assert not labels.words("I ordered a lock.")[0].intent
    assert route(LOCKS, "start", "Can I order a safe? Where is my order from last time?").edge_id == "to-status"

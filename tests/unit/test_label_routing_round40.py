"""Issue 23's fortieth round of label routing (stop 53). Pinned on made-up sentences in a domain no
routing corpus has (a mountain outfitter), both sides of the rule:

- a place named inside a sentence by more than one word, its last word the kind of place ("a cabin
  on Lost Lake", "the Broken Bow Inn", "off Hurt Hollow Road") is named by the words before that
  last one, not described: "Lost" there is no one lost, and counts only for a label that names the
  place ("Canoes on Lost Lake"); the kind of place still counts ("everyone on Maple Street": a
  street), and so do the words said as words ("we got lost near the lake", a name at the sentence's
  start that cannot be told from its first word). A building or a business named so ("the Ghost
  Sign Lofts", "the Muddy Boots Lodge") is such a place too;
- on a node that asks something and has an edge for being done, the answer acknowledged and thanked
  for, maybe read back first ("Two to eight, class first, got it, thanks", "Perfect, thank you",
  "Huh, so it's the class before anything, good to know, appreciate it"), is done: not a yes to "or
  something else?"; not when the caller takes the offer or asks for more in the same turn ("Okay, yes,
  book me the class please, thanks", "Got it, thanks, but I also wanted to ask ..."), nor with a
  question in it;
- on a node that asks, a yes or a no said as the question's verb alone, its subject before it ("He
  has, back in the spring", "We haven't yet", "He does not, as far as I know") answers it; not taken
  back ("He has, but it was three years ago ...") nor trailing off ("He has... well, ...");
- the offer declined with one more thing asked in the same turn ("Book it? Not right now, but I've
  got another question about ...", "I'm fine there, but while I have you, ...", "Not yet, but I do
  want to ask about ...") is the node's other edge, "Something else" or "I have another question";
  declined alone, it is done;
- an aside to a baby, a grandchild, a parent or a dog after a pause routes nothing, as one to a
  spouse or a clerk did;
- the "time" of an hours question ("What time do y'all open up in the morning?") is the question's,
  not a label's ("Coming in for the first time");
- a label's hyphenated "in-person" is how one comes, as a caller's "in person" is (it was read as a
  size, "a 10-person team");
- (after routing-holdout-55) the acknowledgement may carry the caller's own next step or what the
  thanks is for ("Great, I'll look at the schedule tonight, thanks", "that helps. Thank you for
  explaining it", "so I think that's everything, thank you"); a pause excused with nothing after it
  but coming back ("Sorry, the kettle's whistling... hang on... okay") routes nothing; "Different
  question, ...?" after an acknowledgement is something else."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.labels import place_names
from tornado_operator.engine.sim.routing import route

_HELP = {
    "id": "help", "text": "Stay where you are; I'm getting our rescue lead.", "isGlobal": True,
    "globalLabel": "Someone lost or hurt on the mountain", "globalDescription": "A hiker who is missing, overdue or injured.",
    "globalMatch": {},
}
OUTFITTER = compiled(
    [node("start", "Cedar Knob Outfitters: guided walks, gear rental, or trail conditions?"), node("walks"), node("gear"), node("trail"), _HELP],
    [
        edge("walks", "start", "walks", "Guided nature walks", "Walks with a naturalist for families and school groups."),
        edge("gear", "start", "gear", "Rent gear", "Snowshoes, poles and packs by the day."),
        edge("trail", "start", "trail", "Trail conditions", "Whether the trails are open, muddy or icy."),
    ],
)
# the same outfitter with a dock on the lake its label names
DOCK = compiled(
    [node("start", "Cedar Knob Outfitters: walks, or boats?"), node("walks"), node("canoe"), _HELP],
    [
        edge("walks", "start", "walks", "Guided nature walks", "Walks with a naturalist for families and school groups."),
        edge("canoe", "start", "canoe", "Paddling on Lost Lake", "Canoe rentals at our dock."),
    ],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We're staying at a cabin on Lost Lake, do you do anything with a naturalist for the kids?", "walks"),
        ("We live off Hurt Hollow Road, what are the trails like up top after the storm?", "trail"),
        ("My folks have the place past Lost Creek Bend; are the paths up top icy yet?", "trail"),
    ],
)
def test_a_place_named_by_common_words_is_not_what_they_say(text: str, expected: str) -> None:
    assert route(OUTFITTER, "start", text).edge_id == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm with the Muddy Boots Lodge, could a group of our guests go out with your naturalist on Sunday?",
        "I run the Icy Creek Motel, are you folks the ones with packs and poles by the day?",
        "Our family's staying at the Trail Ridge Lodge, could the kids spend a morning with a naturalist?",
    ],
)
def test_a_building_named_by_common_words_says_nothing_of_them(text: str) -> None:
    """Muddy, icy and trail are the conditions edge's words: as a lodge's or motel's name they are
    not even its runner-up's."""
    decision = route(OUTFITTER, "start", text)
    assert decision.edge_id in {"walks", "gear"}
    assert "Trail conditions" not in decision.matched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # said as a word, not a name
        ("We got lost coming down off the ridge and my wife twisted her ankle", "help"),
        ("My brother is lost somewhere past the lake and it's getting dark", "help"),
    ],
)
def test_the_same_words_said_as_words_still_count(text: str, expected: str) -> None:
    assert route(OUTFITTER, "start", text).edge_id == expected


def test_a_place_named_by_the_label_counts_for_it() -> None:
    decision = route(DOCK, "start", "Is anybody out at Lost Lake this weekend? My family would like a boat")
    assert decision.edge_id == "canoe"
    assert "lost" in decision.matched


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("We've got a cabin up on Lost Lake and the kids love it", {"lost": "lost lake"}),
        ("I'm calling from the Broken Bow Inn about snowshoes", {"broken": "broken bow inn", "bow": "broken bow inn"}),
        ("Everyone on Maple Street lost power", {"maple": "maple street"}),
        ("I manage the Ghost Sign Lofts downtown", {"ghost": "ghost sign lofts", "sign": "ghost sign lofts"}),
    ],
)
def test_the_words_that_say_which_place_are_the_name_the_kind_of_place_is_not(text: str, words: dict[str, str]) -> None:
    assert place_names(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "we got lost by the lake",  # no capital
        "Lost Lake is where we're staying",  # at the sentence's start: its first word may be the word
        "I talked to Sam about the lake",  # one word, no place's kind after it
        "Is the Lake open yet?",  # the kind alone
    ],
)
def test_no_place_name_without_a_name_of_more_than_one_word_inside_the_sentence(text: str) -> None:
    assert place_names(text) == {}


# A county library's makerspace: it tells the caller something, then offers a booking or anything else
MAKERSPACE = compiled(
    [
        node("start", "Hello"),
        node("hours", "The laser cutter room is open two to eight on weekdays; you'll need the safety class first. Would you like to book the class, or is there something else?"),
        node("fees", "Filament is ten cents a gram and we weigh the print when it's done. Anything else?"),
        node("class"), node("more"), node("bye"),
    ],
    [
        edge("to-hours", "start", "hours", "Laser cutter hours"),
        edge("to-fees", "start", "fees", "3D printing fees"),
        edge("hrs-book", "hours", "class", "Yes, book the safety class"),
        edge("hrs-more", "hours", "more", "I have another question"),
        edge("hrs-done", "hours", "bye", "No, that's everything"),
        edge("fee-more", "fees", "more", "Yes, something else", "The caller has another question."),
        edge("fee-done", "fees", "bye", "No, that's all"),
    ],
)


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        ("hours", "Two to eight, class first, got it, thanks", "hrs-done"),
        ("hours", "Weekdays only, okay, great, thank you so much", "hrs-done"),
        ("hours", "Huh, so it's the class before anything, good to know, appreciate it", "hrs-done"),
        ("fees", "Perfect, thank you", "fee-done"),
        ("fees", "Ten cents a gram, makes sense, thanks", "fee-done"),
    ],
)
def test_the_answer_read_back_and_thanked_for_is_done(where: str, text: str, expected: str) -> None:
    assert route(MAKERSPACE, where, text).edge_id == expected


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        # the offer taken, or something more asked, in the same turn
        ("hours", "Okay, yes, book me the class please, thanks", "hrs-book"),
        ("hours", "Got it, thanks, but I also wanted to ask about the vinyl cutter", None),
        ("fees", "Yes, one more thing, thanks", "fee-more"),
        # a question is no acknowledgement
        ("fees", "Ten cents a gram, got it, and is the spool included? Thanks", None),
    ],
)
def test_an_acknowledgement_that_takes_the_offer_or_asks_more_is_not_done(where: str, text: str, expected: str | None) -> None:
    assert route(MAKERSPACE, where, text).edge_id != "hrs-done" and route(MAKERSPACE, where, text).edge_id != "fee-done"
    if expected is not None:
        assert route(MAKERSPACE, where, text).edge_id == expected


# the makerspace's class desk asks whether the caller's child has taken the safety class
SAFETY = compiled(
    [node("start", "Hello"), node("asked", "Has your son already taken the laser safety class?"), node("yes"), node("no")],
    [
        edge("to-asked", "start", "asked", "Laser cutter for my son"),
        edge("took", "asked", "yes", "Yes, he's taken it"),
        edge("not", "asked", "no", "No, not yet"),
    ],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He has, back in the spring with his scout troop", "took"),
        ("She did, I think in March", "took"),
        ("He hasn't, he's only fourteen and just got interested", "not"),
        ("We haven't yet", "not"),
        ("He does not, as far as I know", "not"),
    ],
)
def test_a_yes_or_no_said_as_the_questions_verb_alone_answers_it(text: str, expected: str) -> None:
    assert route(SAFETY, "asked", text).edge_id == expected


@pytest.mark.parametrize(
    "text",
    [
        "He has, but it was three years ago and he forgot all of it",  # taken back: neither plainly
        "He has... well, he sat in on part of one",  # trailing off
    ],
)
def test_a_verb_answer_taken_back_or_trailing_off_is_no_plain_yes(text: str) -> None:
    assert route(SAFETY, "asked", text).edge_id != "took"


# the same hours with the other edge said as "something else" (MAKERSPACE says "I have another question")
SOMETHING_ELSE = compiled(
    [
        node("start", "Hello"),
        node("hours", "We're open two to eight on weekdays. Would you like to book the safety class, or is there something else?"),
        node("class"), node("more"), node("bye"),
    ],
    [
        edge("to-hours", "start", "hours", "Laser cutter hours"),
        edge("hrs-book", "hours", "class", "Yes, book the class"),
        edge("hrs-more", "hours", "more", "Something else, please"),
        edge("hrs-done", "hours", "bye", "No, that's everything"),
    ],
)


@pytest.mark.parametrize("graph", [MAKERSPACE, SOMETHING_ELSE], ids=["another-question", "something-else"])
@pytest.mark.parametrize(
    "text",
    [
        "Book it? Not right now, but I've got another question about the vinyl cutter",
        "The class? I'm fine there, but while I have you, how do I pay for materials?",
        "Not yet, but I do want to ask about bringing my own wood",
        "No, not today, but I did have a question about parking",
    ],
)
def test_the_offer_declined_with_one_more_thing_asked_is_the_other_edge(graph: CompiledGraph, text: str) -> None:
    assert route(graph, "hours", text).edge_id == "hrs-more"


@pytest.mark.parametrize(
    "text",
    [
        "No, that's everything, thanks",
        "Not right now, thanks, I'll call back",
    ],
)
def test_the_offer_declined_alone_is_done(text: str) -> None:
    assert route(SOMETHING_ELSE, "hours", text).edge_id == "hrs-done"
    assert route(MAKERSPACE, "hours", text).edge_id == "hrs-done"


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, my baby's crying... shh, shh, okay, it's alright... sorry",
        "Hang on, the grandkids are fighting over a book again... Mason, give it back to your sister!",
        "One sec, the dog's chewing on my class notes... drop it, Biscuit, drop it!",
        "Sorry, my dog is going nuts at the door... yes, yes, good boy, okay, go lie down",
    ],
)
def test_an_aside_to_a_child_or_a_dog_after_a_pause_routes_nothing(text: str) -> None:
    assert route(MAKERSPACE, "hours", text).edge_id is None


def test_an_aside_that_turns_back_to_the_line_still_routes() -> None:
    text = "Sorry, the dog's barking... sorry about that, yes, book me the class please"
    assert route(MAKERSPACE, "hours", text).edge_id == "hrs-book"


# a pottery studio: its first-timers' edge says "time" in its description
STUDIO = compiled(
    [node("start", "Muddy Wheel Pottery, how can I help?"), node("hours"), node("first"), node("kiln")],
    [
        edge("hours", "start", "hours", "Studio hours"),
        edge("first", "start", "first", "New to the wheel", "Coming in for the first time, a taster session for beginners."),
        edge("kiln", "start", "kiln", "Kiln firing for your own pieces"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "What time do y'all open up in the morning? I'd hate to sit in the lot",
        "What time do you close on Fridays? We'd be driving straight from work",
    ],
)
def test_the_time_of_an_hours_question_is_the_questions_not_a_labels(text: str) -> None:
    assert route(STUDIO, "start", text).edge_id == "hours"


def test_a_first_time_said_beside_no_hours_question_is_still_the_first_timers() -> None:
    assert route(STUDIO, "start", "It'd be my first time on a wheel, is there something for beginners?").edge_id == "first"


# the studio's lessons, online or at the studio, its label hyphenated as labels are
LESSONS = compiled(
    [node("start", "Hello"), node("how", "Would you like an online lesson or one at the studio?"), node("online"), node("studio")],
    [
        edge("to-how", "start", "how", "Lessons"),
        edge("online", "how", "online", "An online lesson", "Over video from home."),
        edge("studio", "how", "studio", "An in-person lesson", "At the studio, on one of our wheels."),
    ],
)


def test_a_hyphenated_in_person_label_is_how_one_comes_as_the_callers_in_person_is() -> None:
    decision = route(LESSONS, "how", "Not over the computer, I'd rather come in person")
    assert decision.edge_id == "studio"
    assert "#in-person" in decision.matched


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        ("fees", "Ten cents a gram, okay, that helps. Thank you for explaining it", "fee-done"),
        ("hours", "Great, I'll look at the schedule tonight, thanks", "hrs-done"),
        ("hours", "Two to eight, okay, I'll try Tuesday, thanks", "hrs-done"),
        ("hours", "No, my friend already booked the class for me, so I think that's everything, thank you", "hrs-done"),
    ],
)
def test_an_acknowledgement_with_the_callers_own_next_step_or_what_the_thanks_is_for_is_done(
    where: str, text: str, expected: str
) -> None:
    assert route(MAKERSPACE, where, text).edge_id == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, the kettle's whistling... hang on... okay",
        "Sorry, my battery's almost gone, let me find the charger... okay, okay, I'm here",
        "Hang on, they're calling my name at the book counter... one second... okay, I'm back",
    ],
)
def test_a_pause_excused_and_nothing_after_it_but_coming_back_routes_nothing(text: str) -> None:
    assert route(MAKERSPACE, "hours", text).edge_id is None


def test_a_pause_excused_then_an_answer_still_routes() -> None:
    assert route(MAKERSPACE, "hours", "Sorry, the kettle's whistling... okay, yes, book me the class please").edge_id == "hrs-book"


@pytest.mark.parametrize("text", ["Okay. Different question, can I bring my own wood?", "Great, one more question: is there parking?"])
def test_another_question_announced_after_an_acknowledgement_is_something_else(text: str) -> None:
    assert route(SOMETHING_ELSE, "hours", text).edge_id == "hrs-more"

"""Issue 23's fortieth round of label routing (stop 53). Pinned on made-up sentences in a domain no
routing corpus has (a mountain outfitter), both sides of the rule:

- a place named inside a sentence by more than one word, its last word the kind of place ("a cabin
  on Lost Lake", "the Broken Bow Inn", "off Hurt Hollow Road") is named by the words before that
  last one, not described: "Lost" there is no one lost, and counts only for a label that names the
  place ("Canoes on Lost Lake"); the kind of place still counts ("everyone on Maple Street": a
  street), and so do the words said as words ("we got lost near the lake", a name at the sentence's
  start that cannot be told from its first word). A building or a business named so ("the Ghost
  Sign Lofts", "the Muddy Boots Lodge") is such a place too."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
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

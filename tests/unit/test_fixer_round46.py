r"""Fixer classes from fixer-validation-37's study (stop 46), on made-up lines of their own (a boat
storage yard, a window-blind shop), both sides of every bound:

- a length or a depth said with its unit ("10.4 meters", "twenty-six feet", "34 ft 6 in", "a
  hundred and ten meters", "a 32-footer") or feet and inches said the short way ("thirty-four six")
  is taken whole where the node asks for it and extracts nothing yet; a count of something the
  question asks for ("20 yards" to "how many yards?") keeps its number alone, and a single number
  word before the inches ("six two") is no length of this kind (a height or a time);
- (fixer-validation-38) a grade called by its number ("a number four", "No. 2", "#3") and a size
  against the real thing or as a multiple ("life-size", "one and a half times", "twice") are
  values taken whole where they are what the assertion wants; "a number of things" is no grade;
- a noun keyword said as a verb with a number of things as its object ("come clip about forty
  ewes", "book two rooms") is narrowed to the thing with its determiner, as with a determiner
  object ("listing our condo") before."""

from __future__ import annotations

import pytest

from fix_loop import extracted, passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.values import LENGTH, NUMBERED, SCALE, first_capture

# --- a length with its unit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Thirty-four six, even keel.", "Thirty-four six"),
        ("10.4 meters at the stern.", "10.4 meters"),
        ("Twenty-six feet.", "Twenty-six feet"),
        ("Ten and a half meters.", "Ten and a half meters"),
        ("Just shy of two hundred meters.", "two hundred meters"),
        ("She's a 32-footer.", "32-footer"),
        ("34 ft 6 in", "34 ft 6 in"),
        ("about 3 yards of it", "3 yards"),
        ("I have six two kids", None),  # one number word before the inches: no length
        ("at 5 pm", None),
        ("Length overall 142.", None),  # no unit said
    ],
)
def test_a_length_with_its_unit(text: str, length: str | None) -> None:
    assert first_capture(LENGTH, text) == length



def _boat_storage() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Lakeside Dry Stack, how can I help?"},
            {"id": "length", "text": "How long is the boat, bow to stern?",
             "prompt": "Get the boat's length so we can pick a rack. Any answer moves on."},
            {"id": "hold", "type": "webhook", "text": "One moment.",
             "webhook": {"url": "https://example.test/api/racks", "method": "POST", "body": {"length": "{{boat_length}}"}}},
            {"id": "done", "type": "end_call", "text": "You're on the list for a rack."},
        ],
        "edges": [
            {"id": "to-length", "source": "greet", "target": "length", "label": "a rack for the season",
             "match": {"keywords": ["rack", "storage", "store"]}},
            {"id": "to-hold", "source": "length", "target": "hold", "label": "any answer", "match": {"always": True}},
            {"id": "to-done", "source": "hold", "target": "done", "label": "posted", "match": {"always": True}},
        ],
    })


def test_the_loop_extracts_a_length_said_the_short_way_and_the_next_callers_units() -> None:
    # (the unit is part of the value: "7.5 meters" and "7.5 feet" are different boats)
    graph = _boat_storage()
    train = scenario(["I need storage for the season.", "Twenty-two six, with the motor up."], extracted("boat_length", "(?i)twenty[- ]two[- ]six"))
    meters = scenario(["Do you have a rack for my boat?", "About 7.5 meters."], extracted("boat_length", r"7\.5( meters)?"))
    footer = scenario(["Storage for a boat, please.", "She's a 24-footer."], extracted("boat_length", "24(-footer)?"))
    assert not passes(graph, train) and not passes(graph, meters) and not passes(graph, footer)
    fixed = settle(graph, {"train": train})
    assert passes(fixed, train)
    assert passes(fixed, meters)  # never shown to the fixer
    assert passes(fixed, footer)


def _blinds() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Shade and Sill, how can I help?"},
            {"id": "yards", "text": "How many yards of fabric?",
             "extractVars": [{"name": "yards", "pattern": r"\b(\d{1,2})\s+yards\b"}]},
            {"id": "done", "type": "end_call", "text": "We'll cut it today."},
        ],
        "edges": [
            {"id": "to-yards", "source": "greet", "target": "yards", "label": "fabric by the yard", "match": {"keywords": ["fabric"]}},
            {"id": "to-done", "source": "yards", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_a_count_the_question_asks_for_keeps_its_number_alone() -> None:
    graph = _blinds()
    train = scenario(["I need some fabric cut.", "Twelve yards, please."], extracted("yards", "^12$|^(?i:twelve)$"))
    fixed = settle(graph, {"train": train})
    extract = next(node for node in fixed.nodes if node.id == "yards").extract_vars[0]
    assert "meters" not in extract.pattern  # the count's own unit, not a length of any unit


# --- a grade by its number, a size against the real thing -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Fifty-threes, a number four, same as last time.", "number four"),
        ("Char No. 2 on all of them.", "No. 2"),
        ("A #3, please.", "#3"),
        ("number twelve", "number twelve"),
        ("a number of things went wrong", None),
        ("my number is 555 1212", None),
    ],
)
def test_a_grade_called_by_its_number(text: str, grade: str | None) -> None:
    assert first_capture(NUMBERED, text) == grade


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("Life-size, for the lobby.", "Life-size"),
        ("Half life-size would do.", "Half life-size"),
        ("One and a half times the original.", "One and a half times"),
        ("Make it twice as big.", "twice"),
        ("3x the sample", "3x"),
        ("A big one, please.", None),
    ],
)
def test_a_size_against_the_real_thing(text: str, scale: str | None) -> None:
    assert first_capture(SCALE, text) == scale


def _sign_shop() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Brightline Signs, how can I help?"},
            {"id": "spec", "text": "How big should the cutout be, and which vinyl grade?",
             "extractVars": [{"name": "size", "pattern": r"\b(\d{2,3})\s?(?:%|percent)"},
                             {"name": "grade", "pattern": r"\b([1-3])\b"}]},
            {"id": "done", "type": "end_call", "text": "We'll send a proof."},
        ],
        "edges": [
            {"id": "to-spec", "source": "greet", "target": "spec", "label": "a cutout", "match": {"keywords": ["cutout", "standee"]}},
            {"id": "to-done", "source": "spec", "target": "done", "label": "any answer", "match": {"always": True}},
        ],
    })


def test_the_loop_widens_a_size_and_a_grade_to_how_callers_say_them() -> None:
    graph = _sign_shop()
    size = scenario(["I need a cutout of our mascot.", "Life-size, vinyl 2."], extracted("size", "(?i)life[- ]size"))
    grade = scenario(["A standee for the lobby, please.", "150 percent, a number three."], extracted("grade", "(?i)number (three|3)"))
    twice = scenario(["A cutout for the fair.", "Twice the size of the photo, vinyl 1."], extracted("size", "(?i)twice"))
    grade_no = scenario(["A cutout, please.", "200 percent, No. 2."], extracted("grade", "(?i)no\\. ?2"))
    digits = scenario(["A cutout, please.", "150 percent, grade 2."], extracted("size", "150"), extracted("grade", "2"))
    assert passes(graph, digits)
    assert not passes(graph, size) and not passes(graph, grade) and not passes(graph, twice) and not passes(graph, grade_no)
    fixed = settle(graph, {"size": size, "grade": grade})
    assert passes(fixed, size) and passes(fixed, grade)
    assert passes(fixed, twice) and passes(fixed, grade_no)  # never shown to the fixer
    assert passes(fixed, digits)  # what was extracted before still is


def _library() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Maple Street Library, how can I help?"},
            {"id": "lost", "text": "Which book is it?"},
            {"id": "rooms", "text": "Which day do you need the room?"},
        ],
        "edges": [
            {"id": "to-lost", "source": "greet", "target": "lost", "label": "a lost or late book",
             "match": {"keywords": ["book", "late", "overdue"]}},
            {"id": "to-rooms", "source": "greet", "target": "rooms", "label": "meeting rooms",
             "match": {"keywords": ["room", "rooms", "meeting"]}},
        ],
    })


def test_the_loop_narrows_a_noun_said_as_a_verb_with_a_number_of_things() -> None:
    graph = _library()
    train = scenario(["Can I book two rooms for the garden club on Saturday?"], reached("rooms"))
    para = scenario(["We'd like to book about three rooms for the chess tournament."], reached("rooms"))
    lost = scenario(["I lost a book I borrowed, what do I do?"], reached("lost"))
    mine = scenario(["My book is overdue, can I renew it?"], reached("lost"))
    # a book left in a meeting room is still a lost book: trying the rooms edge first is no fix
    left = scenario(["I left a book in the meeting room, did anyone turn it in?"], reached("lost"))
    assert not passes(graph, train) and not passes(graph, para) and passes(graph, lost) and passes(graph, mine) and passes(graph, left)
    fixed = settle(graph, {"train": train, "lost": lost, "left": left})
    assert passes(fixed, train)
    assert passes(fixed, para)  # never shown to the fixer
    assert passes(fixed, lost) and passes(fixed, mine) and passes(fixed, left)

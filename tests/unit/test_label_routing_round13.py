"""Issue 23's thirteenth round: things counted, something already had, and how people exclude and
take back. Pinned on made-up sentences in domains no routing corpus has (a firewood yard, a
moving-box store, a bike-rental desk, a music-lesson studio), both sides of every bound:

- a label's range of a thing ("Under 3 cords", "1 or 2 bedrooms", "Under 10 bikes") is read
  against the amount the caller says of that thing or of a kind of it ("six cords", "half a cord",
  "four tandems" for bikes), or a number said alone; a number of another thing says nothing
  ("two bathrooms" for bedrooms; "three inches" for cords: an inch is part of a foot, no kind of
  it); sizes in two dimensions are no amount ("a 20 by 30 area");
- something the caller already has with the business (`#existing`): "we already have a lesson
  set up", "I'm already in", "I've got an appointment Thursday"; not "already wilted";
- "it can't be on a school day" excludes, it is no trouble; "no point moving the date" negates
  the move; "I don't need it anymore" is not coming (`#absent`); "take us off the calendar" is
  cancelling; "during the work week" is a weekday;
- an answer taken back: "I'm good... actually, no, I do have something else", "That's it... oh,
  actually, one more"; a question about the line ("Hello? Are you still there?") asks nothing;
- "Fourteen through seventeen" is a range; "he's a junior" is 16; "nowhere near fifteen" rules
  fifteen out."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.label_ages import said_age_or_number
from tornado_operator.engine.sim.label_counts import CountRange, label_range, said_count
from tornado_operator.engine.sim.label_things import ThingRange, label_thing_range, said_things
from tornado_operator.engine.sim.routing import route

FIREWOOD = compiled(
    [
        node("start", "Ridgeback Firewood, how can I help?"),
        node("load", "How much wood do you need?"),
        node("small"),
        node("medium"),
        node("large"),
        node("order", "Do you want to change the delivery day, cancel it, or something else?"),
        node("change"),
        node("cancel"),
        node("other"),
        node("more", "We deliver Tuesday to Saturday. Anything else?"),
        node("yes"),
        node("done"),
        node("new"),
        node("existing"),
    ],
    [
        edge("to-load", "start", "load", "Get firewood delivered"),
        edge("new", "start", "new", "Place a new order"),
        edge("existing", "start", "existing", "Caller already has an order coming"),
        edge("small", "load", "small", "Under 2 cords", "A small load."),
        edge("medium", "load", "medium", "Two to five cords"),
        edge("large", "load", "large", "Caller needs more than 5 cords"),
        edge("change", "order", "change", "Change the delivery day"),
        edge("cancel", "order", "cancel", "Cancel it"),
        edge("other", "order", "other", "Something else about my delivery"),
        edge("yes", "more", "yes", "Yes, something else"),
        edge("done", "more", "done", "Caller has what they need"),
    ],
)

STUDIO = compiled(
    [
        node("start", "Brightkeys Music Studio, how can I help?"),
        node("day", "Which days work for lessons?"),
        node("weekday"),
        node("weekend"),
        node("age", "How old is the student?"),
        node("kid"),
        node("teen"),
        node("adult"),
        node("rooms", "How many bedrooms is the home for the house concert?"),
        node("few"),
        node("many"),
    ],
    [
        edge("weekday", "day", "weekday", "A weekday after school"),
        edge("weekend", "day", "weekend", "Saturday or Sunday"),
        edge("kid", "age", "kid", "Five through thirteen", "A child student."),
        edge("teen", "age", "teen", "Fourteen through seventeen", "A teen student."),
        edge("adult", "age", "adult", "Student is 18 or older"),
        edge("few", "rooms", "few", "1 or 2 bedrooms"),
        edge("many", "rooms", "many", "Home has 3 or more bedrooms"),
    ],
)


# -- things counted ----------------------------------------------------------------------------


def test_a_label_states_a_range_of_one_thing() -> None:
    assert label_thing_range("Under 2 cords") == ThingRange(None, 1, "cord")
    assert label_thing_range("Two to five cords") == ThingRange(2, 5, "cord")
    assert label_thing_range("Caller needs more than 5 cords") == ThingRange(6, None, "cord")
    assert label_thing_range("Home has 3 or more bedrooms") == ThingRange(3, None, "bedroom")
    assert label_thing_range("Three to ten cubic yards") == ThingRange(3, 10, "yard")  # past its adjective
    assert label_thing_range("One to five market days") is None  # days: a time, the compound's head
    assert label_thing_range("Up to 4 adults") is None  # people: label_counts.py
    assert label_thing_range("Fewer than 25 employees") is None
    assert label_thing_range("A piece 16 by 20 inches or smaller") is None  # a size in two dimensions
    assert label_range("Fourteen through seventeen") == CountRange(14, 17)


@pytest.mark.parametrize(
    ("turn", "amounts"),
    [
        ("Probably about six cords", ((6.0, "cord"),)),
        ("Half a cord, honestly", ((0.5, "cord"),)),
        ("two and a half cords", ((2.5, "cord"),)),
        ("Three bedrooms, two and a half baths", ((2.5, "bath"), (3.0, "bedroom"))),
        ("we've got a dozen delivery vans", ((12.0, "van"),)),  # the compound's head
        ("We don't need four, I'd say three", ((3.0, ""),)),  # the negated one ruled out
        ("maybe 10 or 12 bundles", ((10.0, "bundle"), (12.0, "bundle"))),  # both guesses: they answer where they agree (round 15)
        ("under ten bikes", ((9.0, "bike"),)),
        ("It's a 20 by 30 area", None),  # a size
        ("no idea", None),
    ],
)
def test_what_a_turn_counts(turn: str, amounts: tuple[tuple[float, str], ...] | None) -> None:
    assert said_things(turn) == amounts


@pytest.mark.parametrize(
    ("node_id", "turn", "expected"),
    [
        ("load", "Probably about six cords", "large"),
        ("load", "Half a cord, honestly", "small"),
        ("load", "so like 5 cords", "medium"),
        ("load", "two", "medium"),  # a number alone counts what the label counts
        ("load", "Three inches thick, I think", None),  # an inch is no kind of cord
        ("rooms", "Three bedrooms, two and a half baths", "many"),
        ("rooms", "Two bathrooms", None),  # another thing counted
        ("rooms", "two bedrooms", "few"),
    ],
)
def test_things_route_by_the_labels_ranges(node_id: str, turn: str, expected: str | None) -> None:
    graph = FIREWOOD if node_id == "load" else STUDIO
    assert route(graph, node_id, turn).edge_id == expected


def test_a_kind_of_the_labels_thing_is_counted_as_it() -> None:
    shop = compiled(
        [node("fleet", "How many bikes do you want to rent?"), node("few"), node("many")],
        [edge("few", "fleet", "few", "Under 5 bikes"), edge("many", "fleet", "many", "5 or more bikes")],
    )
    assert route(shop, "fleet", "four tandems for the family").edge_id == "few"  # a tandem is a bicycle
    assert route(shop, "fleet", "we'll need eight mountain bikes").edge_id == "many"


# -- already had, excluded, not needed, taken off ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "existing"),
    [
        ("I'm not trying to book something new, we already have a lesson set up for the 9th", True),
        ("I'm already in, I just need to switch days", True),
        ("he's already a member", True),
        ("I've got an appointment Thursday at ten and something came up", True),
        ("Caller already has an order coming", True),
        ("The logs you brought are already wet", False),  # a state, nothing had
        ("I'd like to have an appointment", False),
    ],
)
def test_something_already_had(text: str, existing: bool) -> None:
    assert ("#existing" in said(text)) is existing


def test_already_having_one_routes_to_the_existing_order() -> None:
    assert route(FIREWOOD, "start", "I'm not placing a new one, you already have me down for Friday").edge_id == "existing"


def test_cannot_be_excludes_and_is_no_trouble() -> None:
    assert said("It can't be on a school day, his mom works till six")["school day"] is True
    assert "#problem" not in said("It can't be on a school day")
    assert "#problem" in said("I can't log in")  # inability stays a problem
    assert route(STUDIO, "day", "It can't be on a school day, his mom works till six").edge_id == "weekend"


def test_no_point_doing_it_negates_it() -> None:
    assert said("There's no point moving the date, just cancel it")["moving"] is True
    assert route(FIREWOOD, "order", "There's no point moving the date, we sold the house, just cancel it").edge_id == "cancel"


@pytest.mark.parametrize(
    "turn",
    ["I don't need the wood anymore, please kill the order", "Don't reschedule it, we won't need it at all now", "We no longer need it"],
)
def test_not_needed_any_more_is_not_coming(turn: str) -> None:
    assert "#absent" in said(turn)
    assert route(FIREWOOD, "order", turn).edge_id == "cancel"


def test_need_it_is_no_absence() -> None:
    assert "#absent" not in said("I need it by Friday")
    assert "#absent" not in said("I don't need it until Friday")


def test_taking_us_off_the_calendar_is_cancelling() -> None:
    assert "cancel" in said("please just take us off the calendar")
    assert "cancel" not in said("take the cover off the stack")


def test_the_work_week_is_a_weekday() -> None:
    assert said("Any day during the week while I'm at work")["weekday"] is False
    assert said("Can't be during the work week, the dogs freak out")["weekday"] is True
    assert "#problem" not in said("Can't be during the work week")
    assert route(STUDIO, "day", "Any day during the week, nine to five").edge_id == "weekday"
    assert route(STUDIO, "day", "Can't be during the work week, the dogs freak out if I'm not home").edge_id == "weekend"


# -- taken back, the line, ranges and ages -------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("I'm good... actually, no, I do have something else", "yes"),
        ("That's it... oh, actually, wait, I've got one more", "yes"),
        ("That's it, actually.", "done"),  # no pause before it: nothing taken back
        ("No, I'm good, thanks.", "done"),
    ],
)
def test_an_answer_taken_back(turn: str, expected: str) -> None:
    assert route(FIREWOOD, "more", turn).edge_id == expected


def test_a_question_about_the_line_asks_nothing() -> None:
    assert route(FIREWOOD, "more", "Hello? Are you still there? I think I lost you for a second").edge_id is None
    assert said("I think I lost you for a second") == {}


@pytest.mark.parametrize(
    ("turn", "age"),
    [
        ("He's not in middle school anymore, he's a junior", 16),
        ("she's a senior", 17),
        ("he's a junior member at the club", None),
        ("she's a senior citizen", None),
    ],
)
def test_a_high_school_year_said_alone(turn: str, age: int | None) -> None:
    assert said_age_or_number(turn) == age


def test_ranges_through_and_ages_route() -> None:
    assert route(STUDIO, "age", "He's not in middle school anymore, he's a junior").edge_id == "teen"
    assert route(STUDIO, "age", "She's eight").edge_id == "kid"  # "Five through thirteen"


def test_nowhere_near_rules_a_count_out() -> None:
    assert said_count("Nowhere near fifteen, it's the six of us") == 6


def test_a_part_of_the_day_ruled_out_gives_a_clock_time_no_half() -> None:
    from tornado_operator.engine.sim.label_times import said_hour

    ruled_out = said_hour("Not in the morning, I don't get off work till 12:30")
    assert ruled_out is not None and ruled_out.hour == 12.5  # not 0:30 at night
    named = said_hour("in the morning, around 9")
    assert named is not None and named.hour == 9.0
    evening = said_hour("in the evening, around 7")
    assert evening is not None and evening.hour == 19.0

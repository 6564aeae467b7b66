"""Issue 23's thirty-ninth round of label routing (stop 52). Pinned on made-up sentences in a
domain no routing corpus has (a laser-tag arena), both sides of the rule:

- a birthday said as the ordinal of someone's ("my son's 10th", "for Maya's sixth", "my husband's
  40th") is the birthday, as "my son turns ten" already was; not where a noun follows the ordinal
  ("my son's fifth grade class", "her third time here", "our store's 25th year"), nor where no one's
  it is ("the 4th of July");
- an age said as the birthday just had ("he had his fourteenth birthday last weekend", "she
  celebrated her 16th birthday") is that age against age-range labels; not an anniversary or a
  grade ("we had our fifth anniversary", "he had his fourth grade picnic" is a grade's age);
- what the caller says is the real matter after what is not ("it was blocking my driveway, but the
  real problem is it went through the back window", "..., but really it's the ...") is what the
  turn is about; a "real problem" said of the matter itself ("It is a real problem, ...") is no pivot;
- a gift said by what it is for ("a tour for my dad as a present", "I'd love to surprise my husband
  with a ride", "a stocking stuffer") fits a "Gift certificates" label ("present" is mostly the
  time now to WordNet); not "at present", "the present owner", "surprised at the price";
- a turn that opens by excusing itself for where the caller is or who is there, then pauses ("Sorry,
  I'm at the pharmacy counter... yes, date of birth is ...", "Hang on, my wife's saying something...
  what? No, the blue folder") is said, after the pause, to someone there: unmatched; not when what
  follows turns back to the line ("... sorry about that, can you ...", "... okay, I'm back, I need
  ...");
- the thing said to be fine first ("The bill is fine, it's the sink, it's leaking all over", "No, the
  address is fine, we just need to cut the order down") is not the matter: what follows is;
- on a node that asks something, a caller asking which the question meant ("Hours... you mean the
  continuing ed, or the hours on my audit?", "Which employer, the temp agency or the factory?") has
  not answered yet: unmatched; not a question of the caller's own that names choices ("Which truck
  is coming, the white one or the black one?"), nor an answer that says what the caller means ("I
  mean the morning one")."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_ages import said_age_or_number
from tornado_operator.engine.sim.label_concepts import BIRTHDAY, NOT_LETTERS, concepts_said
from tornado_operator.engine.sim.label_corrections import matter_set_aside
from tornado_operator.engine.sim.routing import route

ARENA = compiled(
    [node("start", "Blacklight Laser Tag: parties, open play, or leagues?"), node("party"), node("play"), node("league")],
    [
        edge("party", "start", "party", "Birthday parties", "A party room, pizza and two games for the guest of honor's friends."),
        edge("play", "start", "play", "Open play", "Walk in and play a round, no booking needed."),
        edge("league", "start", "league", "Leagues", "Teams that play every week for a season."),
    ],
)


def _birthday(text: str) -> bool:
    tokens = frozenset(text.lower().translate(NOT_LETTERS).split())
    return any(surface == BIRTHDAY for surface, _ in concepts_said(text, tokens))


@pytest.mark.parametrize(
    "text",
    [
        "We're throwing something for my son's 10th and want to do it there",
        "It's my husband's 40th",
        "For Maya's sixth we've got a dozen kids coming; can we have the place after lunch?",
        "My daughter's twenty-first is coming up and her friends are all into it",
        "Planning my nephew's 12th, what do you have on a Saturday?",
    ],
)
def test_a_birthday_said_as_someones_ordinal_is_the_birthday(text: str) -> None:
    assert _birthday(text)
    assert route(ARENA, "start", text).target == "party"


@pytest.mark.parametrize(
    "text",
    [
        "My son's fifth grade class wants to come play a round",
        "It's her third time here, she just wants to walk in and play",
        "It's our store's 25th year and the staff want to play",
        "We're in town for the 4th of July, can we walk in and play?",
        "My daughter's first on the ice and then we'll come play",
    ],
)
def test_an_ordinal_of_something_else_is_no_birthday(text: str) -> None:
    assert not _birthday(text)
    assert route(ARENA, "start", text).target != "party"


def test_the_age_reached_is_still_the_birthday() -> None:
    assert route(ARENA, "start", "My twins turn nine next month and they love this stuff").target == "party"


YOUTH = compiled(
    [node("ages", "How old is your camper?"), node("little"), node("middle"), node("teen")],
    [
        edge("little", "ages", "little", "Ages 6 to 9"),
        edge("middle", "ages", "middle", "Ages 10 to 13"),
        edge("teen", "ages", "teen", "Ages 14 to 17"),
    ],
)


@pytest.mark.parametrize(
    ("text", "age", "target"),
    [
        ("Not thirteen anymore, he had his fourteenth birthday last weekend", 14, "teen"),
        ("She celebrated her 16th birthday in May", 16, "teen"),
        ("He just had his tenth birthday", 10, "middle"),
        ("she had her thirteenth birthday on Sunday", 13, "middle"),
        ("My granddaughter had her ninth birthday at your place last year", 9, "little"),
    ],
)
def test_an_age_said_as_the_birthday_just_had_is_that_age(text: str, age: int, target: str) -> None:
    assert said_age_or_number(text) == age
    assert route(YOUTH, "ages", text).target == target


def test_an_ordinal_of_an_anniversary_is_no_age() -> None:
    assert said_age_or_number("We had our fifth anniversary there") is None
    assert said_age_or_number("my dad had his eighty-first birthday") == 81  # (compound ordinals: the tens and the unit)


TOWING = compiled(
    [node("what", "Is the car blocking traffic, or was there damage to it?"), node("road"), node("damage")],
    [
        edge("road", "what", "road", "It's blocking the road or a driveway"),
        edge("damage", "what", "damage", "The car is damaged", "Broken glass, dents, a smashed window."),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Blocking... well, it was blocking my driveway, but the real problem is the back window's smashed",
        "It's sitting across the driveway, but really it's the dents I'm worried about, the whole door's caved in",
        "Sure it blocks the driveway, the real issue is the smashed window though",
    ],
)
def test_what_follows_the_real_matter_is_what_the_turn_is_about(text: str) -> None:
    assert route(TOWING, "what", text).target == "damage"


def test_a_real_problem_said_of_the_matter_itself_is_no_pivot() -> None:
    assert matter_set_aside("It is a real problem, it's blocking my driveway") == "It is a real problem, it's blocking my driveway"
    assert route(TOWING, "what", "It's a real problem, it's blocking my driveway and I can't get out").target == "road"
    assert matter_set_aside("It was blocking the road, but the real problem is the window") == "the window"


BALLOON = compiled(
    [node("start", "Skyward Balloon Rides, how can I help?"), node("gift"), node("ride"), node("weather")],
    [
        edge("gift", "start", "gift", "Gift certificates", "Any amount, printed or emailed."),
        edge("ride", "start", "ride", "Book a flight", "Sunrise flights over the valley."),
        edge("weather", "start", "weather", "Weather cancellations"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Looking for something for my mother-in-law as a present, she's always wanted to go up",
        "I'd love to surprise my husband with something for our anniversary",
        "Do you have anything small, like a stocking stuffer for my nephew?",
        "It's for my sister, a present for her birthday",
        "Do you sell gift cards?",
    ],
)
def test_a_gift_said_by_what_it_is_for_fits_the_gift_label(text: str) -> None:
    assert route(BALLOON, "start", text).target == "gift"


@pytest.mark.parametrize(
    "text",
    [
        "At present we're just wondering whether the wind will cancel our flight",
        "I was surprised at how early the flight leaves, can I book a later flight?",
        "I'm the present owner of the field you land in, and the weather cancelled you twice",
    ],
)
def test_present_and_surprise_in_other_senses_are_no_gift(text: str) -> None:
    assert route(BALLOON, "start", text).target != "gift"


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, I'm at the pharmacy counter... yes, put it in a gift bag, thank you",
        "Hang on one second, my wife's saying something... what? No, the weather radio's in the kitchen",
        "Sorry, someone's at the door... oh, a gift for me? Thank you, bless you",
        "Hold on, the nurse is here... okay, my flight home is Tuesday, left arm, sure",
    ],
)
def test_what_follows_the_pause_of_an_aside_is_said_to_someone_there(text: str) -> None:
    assert route(BALLOON, "start", text).target is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Sorry, I'm at the pharmacy counter... sorry about that, can you tell me if the flight's cancelled for the weather?", "weather"),
        ("Hang on, my husband's saying something... okay, I'm back, I'd like to book a flight", "ride"),
        ("Sorry, I'm in the car, I'd like to book a flight for Saturday", "ride"),  # no pause: no aside
    ],
)
def test_an_aside_that_turns_back_to_the_line_is_routed(text: str, target: str) -> None:
    assert route(BALLOON, "start", text).target == target


FLAT = compiled(
    [node("start", "Maple Court apartments, how can I help?"), node("bill"), node("fix"), node("day")],
    [
        edge("bill", "start", "bill", "My bill", "Charges, payments and statements."),
        edge("fix", "start", "fix", "A repair", "Something in the unit is broken or leaking."),
        edge("day", "start", "day", "Change my appointment day"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The bill is fine, it's the sink, it's leaking all over", "fix"),
        ("No, the bill's fine, it's the dishwasher, it's leaking again", "fix"),
        ("Appointment... no, the appointment's fine, it's the bill, I was charged twice", "bill"),
    ],
)
def test_the_thing_said_to_be_fine_first_is_not_the_matter(text: str, target: str) -> None:
    assert route(FLAT, "start", text).target == target


def test_a_thing_said_to_be_fine_alone_or_later_is_no_pivot() -> None:
    assert matter_set_aside("The bill's fine") == "The bill's fine"  # nothing follows
    assert matter_set_aside("The sink is leaking, but the bill's fine") == "The sink is leaking, but the bill's fine"


RENEWAL = compiled(
    [node("start", "State contractor board, how can I help?"), node("hours", "Have you finished your eight hours of continuing education?"),
     node("yes"), node("no"), node("other")],
    [
        edge("renew", "start", "hours", "Renew my license"),
        edge("yes", "hours", "yes", "Yes, all eight hours are done"),
        edge("no", "hours", "no", "No, not yet"),
        edge("other", "hours", "other", "A question about the truck or the crew coming"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Hours... you mean the continuing ed, or the hours on my workers' comp audit?",
        "Done... do you mean finished, or just signed up for all of them?",
        "Which hours, the classes or the ones on my timesheet?",
        "Eight hours on which license, the plumbing or the electrical?",
    ],
)
def test_asking_which_the_question_meant_is_no_answer_yet(text: str) -> None:
    assert route(RENEWAL, "hours", text).target is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Yes, all eight hours are done, I mean the continuing ed ones", "yes"),
        ("Which truck is coming, the white one or the black one?", "other"),
        ("No, not yet, I've got four left", "no"),
    ],
)
def test_an_answer_or_a_question_of_the_callers_own_is_routed(text: str, target: str) -> None:
    assert route(RENEWAL, "hours", text).target == target

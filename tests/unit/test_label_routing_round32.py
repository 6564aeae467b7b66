"""Issue 23's thirty-second round of label routing (from routing-holdout-39's study). Pinned on made-up
sentences in domains no routing corpus has (a glassblowing studio's class line, a canoe livery),
both sides of every rule:

- a request broken off, then what was broken off named as set aside ("Classes... actually, no,
  forget classes, the vase I bought cracked", "Can I add... no, forget adding, I need to move it"):
  a person hears what follows the setting aside; the thing set aside says nothing (and a turn that
  is only the setting aside keeps its words);
- "push the whole thing back a week", "push the trip back": another time asked for, with the thing
  pushed named between the verb and "back" (not "push back on the price": arguing);
- an option begun and put off for a question first ("Book me... hang on, first, do you validate
  for the garage?", "Save me... wait, before that, can I bring a tank?") is the node's "something
  else" edge whatever the question's words (without "first" or a question, the restart reads as
  before; on a node with no such edge, the question routes by its words);
- a label that opens as a hold ("Hold on, I had a question", "Wait, there's more") keeps the words
  after it, and "there's more", "while I have you", "I'm also wondering about ..." speak of
  something else, in a label as in a turn;
- a question thought aloud and then the caller's own yes ("Half off the first one? Okay, let's
  give it a shot") takes the offer: it is no question of the caller's;
- keeping something longer: a label's "Keep it longer", "Extend my rental", "More weeks on a
  current rental" is reached by "another three weeks", "two more days", "hang onto it through
  June" (not by "no more weeks", nor where no label speaks of keeping longer)."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_corrections import restarted
from tornado_operator.engine.sim.labels import _label_words, is_yes_no_question, words
from tornado_operator.engine.sim.routing import route

STUDIO = compiled(
    [
        node("start", "Thanks for calling Hot Shop Glass, how can I help?"),
        node("classes"), node("broken"), node("when"),
    ],
    [
        edge("classes", "start", "classes", "Glassblowing classes", "Sign up for a beginner or a weekend class."),
        edge("broken", "start", "broken", "Something I bought arrived damaged", "A cracked or chipped piece from our shop."),
        edge("when", "start", "when", "Change the date of my class"),
    ],
)
LIVERY = compiled(
    [
        node("start", "You're booked for Saturday. Do you need to change the date, add a canoe, or something else?"),
        node("date"), node("add"), node("other"),
    ],
    [
        edge("date", "start", "date", "Change the trip date"),
        edge("add", "start", "add", "Add another canoe to the booking"),
        edge("other", "start", "other", "Something else"),
    ],
)


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("Classes... actually, no, forget classes, the vase I bought cracked", "the vase I bought cracked"),
        ("Can I add... no, forget adding, I need to move it", "I need to move it"),
        ("One more thing... no, forget it, I'm all set", "I'm all set"),
        ("How much is... sorry, forget that, when do you open?", "when do you open?"),
        ("Classes... actually, forget classes.", "forget classes."),  # nothing follows: the words kept
        ("I forgot my receipt, can I still return it?", "I forgot my receipt, can I still return it?"),  # no pause
    ],
)
def test_what_is_set_aside_after_a_restart(text: str, heard: str) -> None:
    assert restarted(text) == heard


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Classes... actually, no, forget classes, the vase I bought came chipped", "broken"),
        ("Class dates... no wait, forget the dates, I want to sign up for a weekend class", "classes"),
    ],
)
def test_a_thing_set_aside_routes_by_what_follows(text: str, target: str) -> None:
    assert route(STUDIO, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("We need to push the whole thing back a week", "date"),
        ("Can we push the trip back to Sunday?", "date"),
        ("Could you push it back a day?", "date"),
        ("Can I add... no, actually, forget adding, I need to push the whole thing back a week", "date"),
    ],
)
def test_pushing_the_thing_back_asks_for_another_time(text: str, target: str) -> None:
    assert route(LIVERY, "start", text).target == target


def test_pushing_back_on_something_is_no_other_time() -> None:
    assert route(LIVERY, "start", "I want to push back on the price of the extra canoe").target != "date"


KILN = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Open studio is ten to four on weekends. Want me to book you a bench, or is there something else?"),
        node("book"), node("more"), node("done"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("book", "start", "book", "Book me a bench"),
        edge("more", "start", "more", "Hold on, there's more"),
        edge("done", "start", "done", "Good, that's all for now"),
    ],
)
PADDLE = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Trips leave at nine and one. Would you like me to save you a canoe?"),
        node("save"), node("ask"), node("done"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("save", "start", "save", "Save me a canoe"),
        edge("ask", "start", "ask", "Hold on, I had a question"),
        edge("done", "start", "done", "No thanks"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Book me... hang on, first, do you sell the glass we make?",
        "Book me... wait, before that, can I bring my own pipes?",
        "Let's book... oh wait, one thing first, is there parking out back?",
        "Okay. Also, do you do gift cards?",
        "While I have you, do you fix broken pieces?",
    ],
)
def test_an_option_put_off_for_a_question_is_the_something_else(text: str) -> None:
    assert route(KILN, "start", text).target == "more"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Book me... actually, yes, book me for Saturday", "book"),  # no question: the restart as before
        ("Yes, book me a bench for Sunday", "book"),
        ("No, that's all for now, thanks", "done"),
    ],
)
def test_an_option_taken_or_declined_is_no_something_else(text: str, target: str) -> None:
    assert route(KILN, "start", text).target == target


def test_a_label_that_opens_as_a_hold_keeps_its_words() -> None:
    assert "#other" in {word.surface for word in words("there's more")}
    assert "#other" in {word.surface for word in words("I'm also wondering about something")}
    assert route(PADDLE, "start", "Can we bring our dog in the canoe?").target == "ask"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Half off the first trip? Okay, let's give it a shot", "save"),
        ("Nine? Sure, save me one", "save"),
        ("Nine? Is that the earliest?", None),  # a question and nothing after it: no yes (round 31: no option either)
    ],
)
def test_a_question_thought_aloud_then_a_yes_takes_the_offer(text: str, target: str | None) -> None:
    assert route(PADDLE, "start", text).target == target


BIKES = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Got it, you have the bikes out now. Do you need them longer, want them picked up, or something else?"),
        node("longer"), node("pickup"), node("other"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("longer", "start", "longer", "Keep them longer", "More days on a current rental."),
        edge("pickup", "start", "pickup", "Come get them", "The ride is over; we collect the bikes."),
        edge("other", "start", "other", "Something else"),
    ],
)
SHOP = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Do you want to buy a bike or rent one?"),
        node("buy"), node("rent"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("buy", "start", "buy", "Buy a bike"),
        edge("rent", "start", "rent", "Rent one"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "The kids want them another three days",
        "We need them two more days, the weather's been great",
        "Could we keep them through Sunday?",
        "We need them another day",
    ],
)
def test_keeping_something_longer(text: str) -> None:
    assert route(BIKES, "start", text).target == "longer"


def test_keeping_longer_only_where_said_and_where_a_label_speaks_of_it() -> None:
    assert "#longer" in route(BIKES, "start", "The kids want them another three days").matched
    done = route(BIKES, "start", "We're done, no more days needed, come get them")
    assert done.target != "longer" and "#longer (against)" in done.matched
    assert route(SHOP, "start", "I'll need it another three days").target is None  # no label keeps anything longer


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("We need it another three weeks", ("#longer", False)),
        ("two more days, please", ("#longer", False)),
        ("Can we keep it past Friday?", ("#longer", False)),
        ("We're done, no more days", ("#longer", True)),
        ("Move my booking to another night", None),  # a different night
        ("It's longer than forty feet", None),  # a length
        ("Could we have the place to ourselves?", ("#private", False)),
        ("can you shut out everybody but us for an hour?", ("#private", False)),
        ("A private lesson for my son", ("#private", False)),
        ("I'm not after a private tour", ("#private", True)),
        ("We'll be by ourselves", None),
        ("My son turns eight in May", ("#birthday", False)),
        ("Our twins turn six next month", ("#birthday", False)),
        ("Dad's turning 80 and wants to go up", ("#birthday", False)),
        ("Do you do birthday parties?", ("#birthday", False)),
        ("It turns out the lid was cracked", None),
        ("Turn it on and wait", None),
        ("the oven won't turn 350 degrees", None),
    ],
)
def test_keeping_longer_having_it_to_oneself_and_a_birthday_are_concepts(text: str, concept: tuple[str, bool] | None) -> None:
    found = {(word.surface, word.negated) for word in words(text) if word.surface in ("#longer", "#private", "#birthday")}
    assert found == ({concept} if concept else set())


RINK = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Thanks for calling Glide Rink, what can I do for you?"),
        node("private"), node("league"), node("skate"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("private", "start", "private", "Book a private rental", "The ice to yourselves for an hour or two."),
        edge("league", "start", "league", "Adult hockey league", "Teams that play Thursday nights."),
        edge("skate", "start", "skate", "Public skate times"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Could the twelve of us have the whole place to ourselves for my son's birthday?",
        "Can you keep everybody but us off the ice for an hour on Sunday?",
    ],
)
def test_having_the_place_to_oneself_is_a_private_rental(text: str) -> None:
    assert route(RINK, "start", text).target == "private"


DOME = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Thanks for calling the Star Barn, what can I do for you?"),
        node("trips"), node("parties"), node("shows"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("trips", "start", "trips", "Scout troop visits", "Book a night for your troop or den."),
        edge("parties", "start", "parties", "Birthday parties", "A show and a party room for kids."),
        edge("shows", "start", "shows", "Weekend shows"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("My daughter turns nine in March and wants her friends from her troop to come see the stars", "parties"),
        ("Our boys are turning seven next month, can we bring a few friends for cake?", "parties"),
        ("I'd like to book a night for my scout troop", "trips"),
    ],
)
def test_an_age_reached_is_a_birthday(text: str, target: str) -> None:
    assert route(DOME, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We're not building a new one, the old one needs cleaning", {"building": True, "new": True, "old": False}),
        ("I'm not licensing a new one, I just need the tag replaced", {"licensing": True, "new": True}),
        ("We're building a new one", {"building": False, "new": False}),
    ],
)
def test_not_a_new_one(text: str, expected: dict[str, bool]) -> None:
    found = {word.surface: word.negated for word in words(text)}
    assert {surface: found.get(surface) for surface in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rent a kiln to fire pots myself", {"#self": False}),
        ("Do-it-yourself rentals", {"#self": False}),
        ("I'd rather haul it home myself", {"#self": False}),
        ("We'd like the whole room to ourselves", {"#self": None, "#private": False}),
        ("I'm not firing them myself, I want your guys to do the whole batch", {"#self": True, "firing": False}),
        ("I don't want to ride myself, I want to buy my dad a tour", {"#self": True, "ride": True}),
    ],
)
def test_doing_it_oneself(text: str, expected: dict[str, bool | None]) -> None:
    found = {word.surface: word.negated for word in words(text)}
    assert {surface: found.get(surface) for surface in expected} == expected


KILNS = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Thanks for calling Fire and Clay, what can I do for you?"),
        node("rent"), node("fire"), node("classes"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("rent", "start", "rent", "Rent a kiln to fire pots myself", "Do-it-yourself kiln time by the load."),
        edge("fire", "start", "fire", "Have your staff fire it", "Our staff loads, fires and unloads your pieces."),
        edge("classes", "start", "classes", "Wheel classes"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("I'm not loading and firing these myself, I want your staff to handle the whole batch", "fire"),
        ("Can I just come in and fire my own pieces myself?", "rent"),
    ],
)
def test_who_does_it(text: str, target: str) -> None:
    assert route(KILNS, "start", text).target == target


SCAFFOLD = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "A two-week rental runs about four hundred dollars. Want me to set one up?"),
        node("yes"), node("done"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("yes", "start", "yes", "Set it up"),
        edge("done", "start", "done", "Alright, I'll mull it over"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Okay, great, I'll talk it over with my wife",
        "Let me think about it and call you back",
        "I'll sleep on it, thanks",
    ],
)
def test_a_decision_put_off_is_nothing_more_now(text: str) -> None:
    assert route(SCAFFOLD, "start", text).target == "done"


SHARPENING = compiled(
    [
        node("start", "Thanks for calling Blade Runner Skate Shop, how can I help? We're happy to assist."),
        node("skates"), node("rent"), node("cakes"),
    ],
    [
        edge("skates", "start", "skates", "Skate sharpening", "Hollow grinding with our cutter, while you wait."),
        edge("rent", "start", "rent", "Rent skates or a sled", "Rentals by the session; we deliver across Milltown county."),
        edge("cakes", "start", "cakes", "Custom cakes", "Cakes for a party on the ice."),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("do you sharpen kitchen knives?", None),
        ("Do you rent scissor lifts? I need one for a warehouse job", None),
        ("Could you do eight dozen cupcakes for the team party?", "cakes"),
        ("Do you sharpen hockey skates?", "skates"),
        ("Do you even deliver out to Pine Ridge?", "rent"),  # a place by its name: no thing asked for
    ],
)
def test_another_trades_work_asked_for(text: str, target: str | None) -> None:
    assert route(SHARPENING, "start", text).target == target


def test_the_okay_of_a_decision_put_off_is_no_yes() -> None:
    assert is_yes_no_question("A two-week rental runs about four hundred dollars. Want me to set one up?")
    assert is_yes_no_question("Wanna grab a spot?") and not is_yes_no_question("What do you want me to do?")
    assert route(SCAFFOLD, "start", "Alright, let's get it set up for the duplex").target == "yes"
    assert route(SCAFFOLD, "start", "Sure, go ahead").target == "yes"
    assert "#yes" not in {word.surface for word in _label_words("Alright, I'll mull it over")}
    assert "#yes" in {word.surface for word in _label_words("Okay, that's what I needed")}


GATE = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Oh no. Is your cat safe now?"),
        node("safe"), node("missing"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("safe", "start", "safe", "Yes, the cat's safe", "The cat never got out, or has been found."),
        edge("missing", "start", "missing", "No, my cat is still missing"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("No, she's not missing, she was asleep in the dryer the whole time", "safe"),
        ("She isn't missing anymore, the neighbor found her", "safe"),
        ("No, she's still out there somewhere", "missing"),
        ("She's still missing, no sign of her", "missing"),
    ],
)
def test_denying_one_of_two_options_answers_with_the_other(text: str, target: str) -> None:
    assert route(GATE, "start", text).target == target


KINDS = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "What did the crew hit: a gas line, a water line, or a cable?"),
        node("gas"), node("water"), node("cable"), node("unsure"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("gas", "start", "gas", "A gas line"),
        edge("water", "start", "water", "A water main or pipe"),
        edge("cable", "start", "cable", "A phone or TV cable"),
        edge("unsure", "start", "unsure", "Not sure what it is"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Honestly, I have no clue, it's all muddy down there", "unsure"),
        ("I can't tell, it's wrapped in some kind of black tape", "unsure"),
        ("Hard to say, we just saw sparks", "unsure"),
        ("A water pipe, I think, it's spraying everywhere", "water"),
        ("I don't know how deep it was, but it's a gas line for sure", "gas"),  # a hedge about one detail
    ],
)
def test_a_hedge_answers_an_option_that_is_a_hedge(text: str, target: str) -> None:
    assert route(KINDS, "start", text).target == target


def test_a_hedge_is_still_no_yes_and_no_no() -> None:
    assert not {"#yes", "#no"} & {word.surface for word in words("I'm not sure")}
    assert "#unsure" not in {word.surface for word in words("Not sure yet how many people are coming")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we didn't get shorted, the truck skipped us", {"shorted": True}),
        ("we got shorted again", {"shorted": False}),
        ("I never got certified", {"first": False, "certified": False}),
        ("I never got the email", {"receive": True}),
        ("I'll run it by my partner", {"#done": False}),
        ("Okay, thanks, that's about what I figured", {"#done": False}),
    ],
)
def test_a_passive_get_and_more_ways_of_being_done(text: str, expected: dict[str, bool]) -> None:
    found = {word.surface: word.negated for word in words(text)}
    assert {surface: found.get(surface) for surface in expected} == expected


def test_forget_doing_it_sets_the_doing_aside() -> None:
    assert restarted("Change my order... actually no, forget changing it, we're switching companies") == "we're switching companies"


LINENS = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Mats run three dollars a week with free delivery. Would you like to start service, or is there something else?"),
        node("start-service"), node("more"), node("done"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("start-service", "start", "start-service", "Sign us up", "The caller wants to start service now."),
        edge("more", "start", "more", "Can I ask you one more?"),
        edge("done", "start", "done", "No, that covers it"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("That's cheaper than our old company, let's do it", "start-service"),
        ("I'm not signing anything today, I was just getting numbers for the owner", "done"),
        ("We won't sign up yet, the landlord has to approve it first", "done"),
        ("Sign us up, starting next Monday", "start-service"),
    ],
)
def test_an_offer_taken_or_declined_in_other_words(text: str, target: str) -> None:
    assert route(LINENS, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("My late husband loved this harbor", ("#memorial", False)),
        ("now that he's passed, Grandma wants to go out once more", ("#memorial", False)),
        ("my mom passed away in March", ("#memorial", False)),
        ("Scatter a family member's ashes at sea", ("#memorial", False)),
        ("No, nobody passed away, it's a get-well thing", ("#memorial", True)),
        ("my car died on the highway", None),
        ("he passed the test on Friday", None),
        ("Memorial Day weekend", None),
    ],
)
def test_someone_who_has_died(text: str, concept: tuple[str, bool] | None) -> None:
    found = {(word.surface, word.negated) for word in words(text) if word.surface == "#memorial"}
    assert found == ({concept} if concept else set())


HARBOR = compiled(
    [
        node("start", "Thanks for calling Bell Buoy Cruises, how can I help?"),
        node("memorial"), node("charter"), node("sunset"),
    ],
    [
        edge("memorial", "start", "memorial", "Memorial cruises", "Scatter a loved one's ashes at sea, with a few words from the captain."),
        edge("charter", "start", "charter", "Book a charter", "The boat to your group for two hours."),
        edge("sunset", "start", "sunset", "Sunset sails"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Grandpa practically lived on the water, and now that he's passed, Grandma wants to take him out one last time",
        "My dad passed away in the spring and he always said he wanted to end up out there",
    ],
)
def test_a_loss_said_in_other_words_is_a_memorial(text: str) -> None:
    assert route(HARBOR, "start", text).target == "memorial"

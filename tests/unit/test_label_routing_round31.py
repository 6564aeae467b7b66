"""Issue 23's thirty-first round of label routing (from routing-holdout-37's study, scored blind just
before it). Pinned on made-up sentences in domains no routing corpus has (a kombucha brewery's
subscription club, a beekeepers' association's mentoring, a family photo-booth rental), both sides
of every rule:

- a word or two of the question said back, then a question of the caller's own about it ("A month?
  Will my price go up if I come back after that long?", "Go ahead? Wait, what happens if ...?")
  answers nothing: no option of the node is taken, by its words or by a count or a time it states;
  a request after the echo is an answer ("Saturday? Could we do Sunday instead?"), and so is a
  plain answer after it ("Three months? Yeah, that's about right");
- a global node whose description mentions questions ("someone to read the questions", "has a
  question about song rights") is not reached by a caller merely asking one: that is for the
  node's own "I have another question" edge;
- head counts: an age said of one of the people named is no head count ("Me, my wife, and our
  daughter, she's six": three); "not just me anymore, my girlfriend moved in" is two; a whole said
  with its parts ("five of us, two adults and three teenage boys") is the whole; a label's "2 or 3 of
  us" is a head count even where its description mentions a child; "I live alone" is one;
- a person asked for by first and last name ("Can I talk to Ray Kowalski?") as by first name;
- "not ready for a quote yet", "we're not ready to order": what they are not ready for is not
  wanted yet (to the end of the clause; "it's not ready" stays a state);
- an offer "or something else?" ("Want me to start a quote, or is there something else?") is a
  yes/no question: a yes takes the offer, a no ("No, not ready for a quote yet") is done, a
  question of the caller's own ("Okay, and do you ship to Canada?") is the something else, and a
  request after the okay takes the offer ("Perfect, can you get me out there around one?")."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.label_ages import label_age_range
from tornado_operator.engine.sim.label_counts import label_range, said_count
from tornado_operator.engine.sim.labels import is_yes_no_question
from tornado_operator.engine.sim.routing import route

CLUB = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "How long would you like to skip: just the next delivery, a few weeks, or a month or longer?"),
        node("one"), node("few"), node("long"),
        {"id": "desk", "text": "One moment.", "isGlobal": True, "globalLabel": "Talk to the brewery office",
         "globalDescription": "The caller asks for a person, or has a question about a wholesale account.", "globalMatch": {}},
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("one", "start", "one", "Only the next delivery"),
        edge("few", "start", "few", "Two or three weeks"),
        edge("long", "start", "long", "A month or longer", "Holding deliveries for four weeks or more."),
    ],
)
MENTOR = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Would you rather be paired with a mentor, or study on your own with our guides?"),
        node("mentor"), node("self"),
        {"id": "officer", "text": "Connecting you.", "isGlobal": True, "globalLabel": "Put me through to an officer",
         "globalDescription": "The caller asks for a person by name, needs someone to read the exam questions aloud, "
         "or has a complaint.", "globalMatch": {}},
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("mentor", "start", "mentor", "A mentor", "An experienced beekeeper who visits the caller's hives."),
        edge("self", "start", "self", "Study on my own", "Reading guides and practice questions at home."),
    ],
)
BOOTH = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "How many people will squeeze into the booth at once?"),
        node("small"), node("mid"), node("big"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("small", "start", "small", "Just me"),
        edge("mid", "start", "mid", "2 or 3 of us", "A couple, or a couple with one child."),
        edge("big", "start", "big", "4 or more of us", "A family or a crowd."),
    ],
)
ANOTHER = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Any other questions before you go?"), node("more"), node("done"),
        {"id": "office", "text": "One moment.", "isGlobal": True, "globalLabel": "Get me the office",
         "globalDescription": "A complaint, a refund, or a question about licensing rights.", "globalMatch": {}},
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("more", "start", "more", "I have another question"),
        edge("done", "start", "done", "No, that's all"),
    ],
)
COLORS = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Do you want the same colors as last time?"), node("same"), node("change"),
        {"id": "office", "text": "One moment.", "isGlobal": True, "globalLabel": "Get me the office",
         "globalDescription": "A complaint, a refund, or has a question about licensing rights.", "globalMatch": {}},
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("same", "start", "same", "Yes, the same colors"),
        edge("change", "start", "change", "No, change them"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "A month? Will my price go up if I come back after that long?",
        "Two or three weeks? Does that count the week I'm already skipping?",
        "Only the next delivery? What does that even mean, the next one?",
        "Longer? Hmm, is there a limit to how long I can hold it?",
        "A month? So my price stays the same even if I skip that long?",  # a question said as a statement
        "Longer? Wait, so I can't skip more than a month at a time? I'm gone all summer",  # a statement after it
        "A month? Can I just pause it from the app instead?",  # asking leave, no option asked for
    ],
)
def test_an_option_said_back_then_asked_about_takes_no_option(text: str) -> None:
    assert route(CLUB, "start", text).target is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("A month? Yeah, a month or longer, we'll be away till the fall", "long"),
        ("A month? Could you do a month or longer for me?", "long"),
        ("A month? Okay, what would that save me? I'd do a month or longer if it's cheaper", "long"),  # taken up
        ("Two or three weeks, we're away for a bit", "few"),
        ("Will my price go up if I hold it for a month or longer?", "long"),  # no echo: a question that names the option
    ],
)
def test_an_option_answered_or_requested_after_its_echo_is_taken(text: str, target: str) -> None:
    assert route(CLUB, "start", text).target == target


@pytest.mark.parametrize(
    "text",
    [
        "A mentor? Do they charge for that, or is it volunteers?",
        "On my own? Wait, how long does the study guide take?",
        "A mentor? Is it safe to open a hive with a stranger?",
    ],
)
def test_an_echo_and_a_question_is_no_answer_and_no_transfer(text: str) -> None:
    assert route(MENTOR, "start", text).target is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Can I talk to Wendell Pruitt? He set up our hives last spring", "officer"),
        ("Could I speak with Marta about the guides?", "officer"),
        ("I'd rather read the Hobbs guides on my own", "self"),  # a name that is no person asked for
    ],
)
def test_a_person_asked_for_by_first_and_last_name(text: str, target: str) -> None:
    assert route(MENTOR, "start", text).target == target


def test_a_person_asked_for_after_an_echo_still_goes_to_the_person() -> None:
    assert route(MENTOR, "start", "A mentor? Can I just talk to an officer about it first?").target == "officer"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Do you still have our old plates from last year?", None),
        ("Oh, somebody's at the door, can you hold a sec?", None),
        ("Is it safe to print on recycled paper?", None),
        ("I have a question about licensing rights for the photos", "office"),  # its words, not its "question"
    ],
)
def test_a_question_asked_is_not_a_global_nodes_question(text: str, target: str | None) -> None:
    assert route(COLORS, "start", text).target == target


def test_a_yes_no_nodes_own_question_edge_still_takes_a_question() -> None:
    assert route(ANOTHER, "start", "Oh, do you ship the posters rolled or flat?").target == "more"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Me, my wife, and our daughter, she's six", 3),
        ("my son, he's nine", 1),
        ("Just my son, he just turned twelve", 1),
        ("me and my husband, he's 70", 2),
        ("Not just me anymore, my girlfriend moved in", 2),
        ("There's five of us, two adults and three teenage boys who eat everything", 5),
        ("six of us, two of them kids", 6),
        ("she's six", 6),  # an age alone, no one named: the number said stays
        ("three of us", 3),
        ("two of us in March and four of us in June", None),  # two wholes: no one count
        ("I live alone now, since the divorce", 1),
        ("I'm coming alone", 1),
        ("I won't be coming alone", None),
        ("leave me alone", None),
    ],
)
def test_head_counts_said_with_ages_and_parts(text: str, count: int | None) -> None:
    assert said_count(text) == count


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Me, my wife, and our daughter, she's six", "mid"),
        ("Not just me anymore, my girlfriend moved in", "mid"),
        ("three of us", "mid"),
        ("There's five of us, two adults and three teenage boys who eat everything", "big"),
        ("just me", "small"),
    ],
)
def test_head_counts_route_to_the_range_that_holds_them(text: str, target: str) -> None:
    assert route(BOOTH, "start", text).target == target


def test_a_people_range_is_a_count_even_beside_a_child() -> None:
    assert label_age_range("2 or 3 of us. A couple, or a couple with one child.") is None
    assert label_range("2 or 3 of us") is not None
    assert label_age_range("Kids 4 to 7. A young child just starting out.") is not None  # ages still read


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("No, not ready for a quote yet, we're still mixing", {"ready": True, "quote": True}),
        ("We're not ready to order", {"ready": True, "order": True}),
        ("My order is not ready", {"order": False, "ready": True}),  # a state: the order is still the topic
        ("It's not ready yet, can you check", {"ready": True, "check": False}),  # to the end of the clause only
        ("We're ready to order", {"ready": False, "order": False}),
    ],
)
def test_not_ready_for_something_is_not_wanting_it_yet(text: str, negated: dict[str, bool]) -> None:
    words = said(text)
    assert {word: words.get(word) for word in negated} == negated


QUOTE = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "Turnaround is about six weeks. Want me to start a quote, or is there something else?"),
        node("quote"), node("more"), node("done"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("quote", "start", "quote", "Let's start a quote", "The caller wants a quote now."),
        edge("more", "start", "more", "Something else"),
        edge("done", "start", "done", "That's all I needed"),
    ],
)


def test_an_offer_or_something_else_is_a_yes_no_question() -> None:
    assert is_yes_no_question("Want me to start a quote, or is there something else?")
    assert is_yes_no_question("Do you want a quote, or is there something else?")
    assert not is_yes_no_question("Which color, or something else?")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Yes please", "quote"),
        ("Sure, go ahead", "quote"),
        ("No", "done"),
        ("No thanks", "done"),
        ("No, not ready for a quote yet, we're still tracking vocals", "done"),
        ("Okay, and do you ship to Canada?", "more"),
        ("Got it. Also, is there parking at the plant?", "more"),
        ("Perfect, can you get me a quote for three hundred?", "quote"),  # a request after the okay
    ],
)
def test_an_offer_or_something_else(text: str, target: str) -> None:
    assert route(QUOTE, "start", text).target == target


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Is that price per person or for the whole group?", False),
        ("It's forty dollars each person, right?", False),
        ("Can I talk to a person?", True),
        ("Is there a real person there?", True),
    ],
)
def test_a_price_per_person_asks_for_no_person(text: str, person: bool) -> None:
    assert ("#person" in said(text)) is person


# -- from holdout-38 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Okay, Thursday morning it is, see you then", {"#done": False}),
        ("Great, talk soon", {"#done": False}),
        ("Rain... no, never mind the weather, we just need to cancel our tickets", {"weather": True, "cancel": False}),
        ("Never mind about the refund, I found the receipt", {"refund": True, "receipt": False}),
        ("never mind that, can I book for Saturday?", {"book": False}),  # nothing dismissed but what came before
        ("we just need one less ticket, my friend bailed", {"#headcount-change": False}),
        ("two fewer seats please", {"#headcount-change": False}),
        ("I need less time on the table", {"#headcount-change": None}),
    ],
)
def test_a_goodbye_a_thing_set_aside_and_one_less_ticket(text: str, expected: dict[str, bool | None]) -> None:
    words = said(text)
    assert {word: words.get(word) for word in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No goats or sheep, it's feeder pigs from the auction", {"goats": True, "sheep": True, "pigs": False}),
        ("No pills or shots, just a cream", {"pills": True, "shots": True, "cream": False}),
        ("No pills, it's a needle", {"pills": True, "needle": False}),
        ("No cats or dogs", {"cats": False, "dogs": False}),  # nothing said instead: a plain answer
    ],
)
def test_two_things_ruled_out_before_what_it_is(text: str, expected: dict[str, bool]) -> None:
    words = said(text)
    assert {word: words.get(word) for word in expected} == expected


TRAILERS = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "We deliver within two hundred miles. Want to look at stock trailers, or is there something else?"),
        node("look"), node("more"), node("done"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("look", "start", "look", "Show me stock trailers"),
        edge("more", "start", "more", "I've got another question"),
        edge("done", "start", "done", "Good to know, thanks"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Great. Also, do you ever buy used saddles?", "more"),
        ("Yes please", "look"),
        ("Nah, not shopping yet, I just wanted to hear about delivery. Thanks", "done"),
        ("Two hundred miles? Is that from your lot or from the highway?", None),  # a question about what was said back
    ],
)
def test_an_offer_with_do_you_left_out_or_something_else(text: str, target: str | None) -> None:
    assert is_yes_no_question("Want to look at stock trailers, or is there something else?")
    assert route(TRAILERS, "start", text).target == target

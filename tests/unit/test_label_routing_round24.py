"""Issue 23's twenty-fourth round of label routing (from routing-holdout-31's and -32's study,
-32 scored blind just before it): a request broken off and started again, "that's all on X, but",
"I'm fine, thanks", and a caller asking about another business (a referral, a kind of thing the
pathway never names). Pinned on made-up sentences in domains no routing corpus has (a bicycle
shop, a community theater's box office, a sign shop), both sides of every rule:

- a pause followed by a taking back or a setting aside ("I'd like to pay... hang on, first I want
  to know when it's ready", "Can I move... no, keep the day, I need a receipt", "I want to buy...
  well, first, do you deliver?") routes by what follows it; not when what follows refers back to
  what was broken off ("I want to book... actually, I already did, I need to change it") or the
  caller turned round a bare answer ("Yes... wait, no, that was my other bike": the answer it turned to is kept);
- on "anything else?", "That's all on tickets, but can I also ask about parking?" is one more
  (not "That's all for today, thanks"); "I'm fine, thanks" is done;
- asking to be pointed elsewhere ("do you know a good plumber around here?", "can you recommend
  somebody to fix my garage door?") is no option of this business (but "can you recommend a
  helmet for a kid?" asks this one); "do you sell fishing licenses?" asks for a kind of thing the
  pathway never names, of a kind it never speaks of (not "do you sell road bikes?");
- counts: "a couple" (of things) is two, "a couple dozen" twenty-four (not "a couple of years",
  "a couple times a week"); a total said after its parts counts ("not just two anymore, we took in
  my neighbor's three, so five total"); an age said of the one counted is no count ("just the one
  old gelding, he's nineteen"; but "past five, he's nine" counts nothing); "just the one" is one;
- "I'm pretty sure my keys are on the shuttle" is no yes (but "Yeah, I'm sure" is); "What's it
  run for a banner?" asks a price (not "what time does the ferry run?"); ages listed ("the kids
  are ten and twelve") are read by the youngest; "I'll call back after payday" is done; asking
  whether the business comes to a named place ("Do you go out as far as Cedar Falls?") asks its
  area."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.label_ages import said_age_or_number
from tornado_operator.engine.sim.label_corrections import restarted
from tornado_operator.engine.sim.label_counts import said_count
from tornado_operator.engine.sim.routing import route

BIKES = compiled(
    [
        node("start", "Thanks for calling Spoke and Chain. Do you want to buy a bike, get one repaired, or ask about a repair in progress?"),
        node("buy"), node("repair"), node("status"), node("pay"),
    ],
    [
        edge("buy", "start", "buy", "Buy a bike", "New and used road, mountain and kids' bikes, helmets and locks."),
        edge("repair", "start", "repair", "Book a repair", "A tune-up, a flat, brakes, gears or a wheel that needs truing."),
        edge("status", "start", "status", "Check on a repair", "Whether a bike left with us is ready, or when it will be."),
        edge("pay", "start", "pay", "Pay a bill", "Paying for a finished repair or a layaway."),
    ],
)
TICKETS = compiled(
    [node("start", "Your seats are in row F. Is there anything else I can help you with?"), node("more"), node("done")],
    [edge("more", "start", "more", "Yes, one more question"), edge("done", "start", "done", "Caller is finished", "Nothing else.")],
)
SIGN_ORDER = compiled(
    [
        node("start", "Thanks for your order with Brightline Signs. Do you want to know when it's ready, change it, or something else about your order?"),
        node("ready"), node("change"), node("other"),
    ],
    [
        edge("ready", "start", "ready", "When will it be ready?", "The status or pickup date of a sign order in progress."),
        edge("change", "start", "change", "Change my order", "Changing the wording, colors, size or the installation date."),
        edge("other", "start", "other", "Something else about my order", "The invoice, a proof, installation, or any other question about an order."),
    ],
)
WARRANTY = compiled(
    [node("start", "Was the bike bought from us?"), node("ours"), node("elsewhere")],
    [
        edge("ours", "start", "ours", "Yes, bought here", "The bike came from Spoke and Chain."),
        edge("elsewhere", "start", "elsewhere", "No, bought somewhere else"),
    ],
)


def _target(graph: object, text: str) -> str | None:
    return route(graph, "start", text).target  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("I'd like to pay... hang on, first I want to know when it's ready", "first I want to know when it's ready"),
        ("Can I change... sorry, no, nothing changes, I just want to know when it's done", "nothing changes, I just want to know when it's done"),
        ("I want to buy... well, first, do you deliver?", "first, do you deliver?"),
        ("I want a tune-up \u2014 actually, just fix the flat", "just fix the flat"),
        # nothing broken off: the whole turn
        ("I'd like to pay my bill, please", "I'd like to pay my bill, please"),
        ("Hmm... I think it's the brakes", "Hmm... I think it's the brakes"),
        # what follows refers back to what was broken off
        ("I want to book a repair... actually, I already did, I need to move it", "I want to book a repair... actually, I already did, I need to move it"),
        # a bare answer turned round: the answer it turned to is kept
        ("Yes... wait, no, that was my other bike", "no, that was my other bike"),
        ("No... wait, yes, we got it here", "yes, we got it here"),
        # nothing after the taking back
        ("I want to pay... sorry", "I want to pay... sorry"),
    ],
)
def test_a_request_broken_off_is_read_from_where_the_caller_started_again(text: str, kept: str) -> None:
    assert restarted(text) == kept


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("I'd like to pay... hang on, first I want to know when it's ready", "status"),
        ("I want to buy... well, first, is my old one even worth fixing? The brakes squeal", "repair"),
        ("Can I pay the... no, sorry, I'm not paying yet, I just want to know if it's ready", "status"),
        # the other side: the request not broken off, or the broken-off one only paused
        ("I'd like to pay for the repair you finished", "pay"),
        ("I want to buy... um, a kids' bike, for my daughter", "buy"),
        ("I want to book a tune-up... actually, I already did, I want to check if it's ready", "status"),
    ],
)
def test_broken_off_requests_route_by_what_follows(text: str, target: str) -> None:
    assert _target(BIKES, text) == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Yes... wait, no, I got it at a garage sale", "elsewhere"),
        ("No... wait, yes, we got it from you in May", "ours"),
        ("Yes... well, no, it was a gift from my uncle", "elsewhere"),
    ],
)
def test_a_bare_answer_turned_round_keeps_its_markers(text: str, target: str) -> None:
    assert _target(WARRANTY, text) == target


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("That's all on tickets, but can I also ask about parking?", "more"),
        ("That's it for the seats, but I do want to ask about the wheelchair space", "more"),
        ("Okay, that's everything about the order, but what time do doors open?", "more"),
        # done with the call, not a topic
        ("That's all for today, thanks", "done"),
        ("That's it, thanks so much", "done"),
        ("I'm fine, thanks", "done"),
        ("No, I'm fine", "done"),
    ],
)
def test_done_with_a_topic_but_asking_more_is_one_more(text: str, target: str) -> None:
    assert _target(TICKETS, text) == target


@pytest.mark.parametrize(
    "text",
    [
        "Something else, actually, do you know a good plumber around here?",
        "Do you know anyone who does upholstery? My couch is shredded",
        "Something else entirely, can you recommend somebody to fix my garage door opener?",
        "do you guys know a locksmith?",
        "Something else, do you sell fishing licenses?",
    ],
)
def test_asking_about_another_business_is_unmatched(text: str) -> None:
    assert _target(SIGN_ORDER, text) is None


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (BIKES, "Can you recommend a helmet for a six-year-old? I want to buy one", "buy"),
        (BIKES, "do you know when my bike will be ready?", "status"),
        (BIKES, "Do you sell road bikes?", "buy"),
        (SIGN_ORDER, "Something else, do you know if the proof was emailed?", "other"),
    ],
)
def test_asking_this_business_is_routed(graph: object, text: str, target: str) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]


HORSES = compiled(
    [node("start", "How many horses will you be bringing: one, two or three, or four or more?"), node("one"), node("few"), node("many")],
    [
        edge("one", "start", "one", "Just one horse"),
        edge("few", "start", "few", "2 or 3 horses"),
        edge("many", "start", "many", "Caller is bringing four or more horses", "A whole barn's worth; four horses or more."),
    ],
)
RIDERS = compiled(
    [node("start", "How many riders are in your group?"), node("small"), node("large")],
    [edge("small", "start", "small", "Under twenty riders"), edge("large", "start", "large", "20 or more", "A big group, such as a club or a school.")],
)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("A couple, both quarter horses", 2),
        ("just a couple of mares", 2),
        ("Probably a couple dozen, give or take", 24),
        ("a few dozen of us", 36),
        ("It's not just two anymore, we took in my neighbor's three, so five total", 5),
        ("three of mine and two of hers, five altogether", 5),
        ("Not many, just the one old gelding, he's nineteen", 1),
        ("just the one", 1),
        # the other side
        ("a couple of years ago", None),
        ("the one by the gate", None),
        ("He's way past five, he's nine", None),
        ("two mares, she's twelve and he's ten", 2),
    ],
)
def test_rough_counts_totals_and_ages_beside_a_count(text: str, count: int | None) -> None:
    assert said_count(text) == count


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (HORSES, "A couple, both quarter horses", "few"),
        (HORSES, "Not many, just the one old gelding, he's nineteen", "one"),
        (HORSES, "It's not just two anymore, we took in my neighbor's three, so five total", "many"),
        (HORSES, "two, and one of them is lame", "few"),
        (RIDERS, "Probably a couple dozen, give or take", "large"),
        (RIDERS, "a dozen, maybe", "small"),
    ],
)
def test_counts_said_roughly_route_against_the_range(graph: object, text: str, target: str) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]


LOST = compiled(
    [node("start", "Oh no. Did it fall in the lake?"), node("lake"), node("shore")],
    [
        edge("lake", "start", "lake", "Yes, it went in the lake"),
        edge("shore", "start", "shore", "No, I left it on shore", "Left on the shuttle, at the dock or in the rental office."),
    ],
)
SHOP = compiled(
    [node("start", "Thanks for calling Hilltop Sign Co. What can I do for you?"), node("order"), node("prices"), node("area"), node("install")],
    [
        edge("order", "start", "order", "Order a new sign", "Banners, yard signs, storefront letters and vehicle lettering."),
        edge("prices", "start", "prices", "What do signs cost?", "Prices for banners, yard signs and lettering."),
        edge("area", "start", "area", "Do you install in my area?", "Which towns we install in and how far out we go."),
        edge("install", "start", "install", "Schedule an installation"),
    ],
)
FERRY = compiled(
    [node("start", "Island Ferry, how can I help?"), node("times"), node("fares")],
    [edge("times", "start", "times", "Ferry schedule", "When the boats leave and what days they run."), edge("fares", "start", "fares", "Ticket prices")],
)
CAMP = compiled(
    [node("start", "How old is the youngest camper: under 8, 8 to 12, or 13 and up?"), node("small"), node("mid"), node("teen")],
    [
        edge("small", "start", "small", "Under 8", "Young kids up to seven years old."),
        edge("mid", "start", "mid", "8 to 12 years old"),
        edge("teen", "start", "teen", "Everyone is thirteen or older"),
    ],
)


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (LOST, "I'm pretty sure my keys are on the seat of the shuttle", "shore"),
        (LOST, "Yeah, I'm sure, I heard the splash", "lake"),
        (SHOP, "What's it run for a four-by-eight banner?", "prices"),
        (SHOP, "what would a yard sign run me?", "prices"),
        (FERRY, "What time does the ferry run on Sundays?", "times"),
        (CAMP, "The kids are nine and eleven", "mid"),
        (CAMP, "They're six and ten", "small"),
        (SHOP, "Do you go out as far as Cedar Falls?", "area"),
        (SHOP, "do you even come out to Riverside? We're on the far side of it", "area"),
        (SHOP, "Can someone come out to look at where the sign would go?", None),
        (TICKETS, "Okay, that's fair, I'll call back after payday", "done"),
    ],
)
def test_hedges_prices_ages_call_backs_and_places_asked(graph: object, text: str, target: str | None) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("The kids are ten and twelve", 10),
        ("8, 10 and 13", 8),
        ("ten and twelve years old", 10),
        ("It's about a hundred and twenty feet deep", None),
        ("two and three tickets", None),
    ],
)
def test_ages_listed_are_read_by_the_youngest(text: str, age: int | None) -> None:
    assert said_age_or_number(text) == age

"""Issue 23's thirty-third round of label routing (from routing-holdout-42's study). Pinned on made-up
sentences in domains no routing corpus has (an office fish-tank service, a harp school), both sides
of every rule:

- how often, said as a period: a label's "Once a month", "Every two weeks", "Quarterly", "Billed
  yearly" states a rate (not "Monthly plan", "the yearly checkup": a thing of the period), and a
  caller's "once every thirty days", "every four weeks", "once a fortnight", "three times a month"
  says one; a said rate within a factor of NEAR of the label's holds ("every three weeks" is
  neither monthly nor every two weeks), and "ten a month" is money, no rate;
- a habit denied beside one said ("Not weekly, once every thirty days") is still a habit said;
- a person word said of the caller ("I'm an agent with Coldwell", "as the rep for our building")
  is who is calling, not a person asked for;
- a loose synonym denied ("I don't drum" / "I play the harp": drum shares a sense with play, not
  its first) leaves the label's word; a first-sense synonym denied ("not for my kids" / "Lessons
  for children") still counts against it;
- "Nope, I'm set" is done, as "I'm all set" is;
- a count of sections, homerooms or shifts ("two sections of biology") is no head count;
- a plural after "the" in a label ("I play the pipes" at Glen Carra Pipes and Drums) is no name
  of the business."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.label_concepts import concepts_said
from tornado_operator.engine.sim.label_counts import said_count
from tornado_operator.engine.sim.label_frequency import (
    NEAR,
    RateAround,
    label_days_a_week,
    said_days_a_week,
)
from tornado_operator.engine.sim.labels import words
from tornado_operator.engine.sim.routing import route

TANKS = compiled(
    [
        node("start", "How often would you like a technician to service the tank?"),
        node("once"), node("weekly"), node("monthly"),
    ],
    [
        edge("once", "start", "once", "Just a single cleaning"),
        edge("weekly", "start", "weekly", "Every week"),
        edge("monthly", "start", "monthly", "Once a month"),
    ],
)


@pytest.mark.parametrize(
    ("label", "stated"),
    [
        ("Once a month", RateAround(7 / 30.4)),
        ("Monthly", RateAround(7 / 30.4)),
        ("Billed monthly", RateAround(7 / 30.4)),
        ("Every two weeks", RateAround(0.5)),
        ("A visit every other week", RateAround(0.5)),
        ("Quarterly", RateAround(7 / 91)),
        ("Twice a year", RateAround(7 / 182)),
        ("Once a year", RateAround(7 / 365)),
        ("Monthly plan", None),  # a thing paid by the month
        ("The yearly checkup", None),
        ("An annual pass", None),
        ("Weekly, every other week or monthly", None),  # one of a list
        ("Every week", None),  # once a week at least: the days-a-week reading's (round 14)
    ],
)
def test_a_label_states_a_period_as_its_own(label: str, stated: RateAround | None) -> None:
    found = label_days_a_week(label)
    if stated is None:
        assert not isinstance(found, RateAround)
    else:
        assert isinstance(found, RateAround)
        assert found.per_week == pytest.approx(stated.per_week)


@pytest.mark.parametrize(
    ("turn", "per_week"),
    [
        ("once every thirty days is plenty", 7 / 30),
        ("every 4 weeks", 0.25),
        ("every couple of weeks", 0.5),
        ("once a fortnight", 0.5),
        ("fortnightly would be good", 0.5),
        ("three times a month", 3 * 7 / 30.4),
        ("every six months", 7 / (6 * 30.4)),
        ("every other day", 3.5),
        ("ten a month is easier on my budget", None),  # money a month, no rate
        ("not every month", None),  # denied
        ("It's been thirty days", None),  # how long, no habit
    ],
)
def test_a_turn_says_a_period(turn: str, per_week: float | None) -> None:
    said = said_days_a_week(turn)
    assert said == (pytest.approx(per_week) if per_week is not None else None)


def test_a_said_rate_holds_within_near_of_the_labels_both_sides() -> None:
    monthly = RateAround(7 / 30.4)
    assert monthly.holds(monthly.per_week * NEAR)
    assert monthly.holds(monthly.per_week / NEAR)
    assert not monthly.holds(monthly.per_week * NEAR * 1.01)
    assert not monthly.holds(monthly.per_week / NEAR / 1.01)
    assert monthly.holds(7 / 28)  # every four weeks
    assert not monthly.holds(7 / 21)  # every three weeks: neither
    assert not RateAround(0.5).holds(7 / 21)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Once every thirty days should do it", "monthly"),
        ("Not weekly, that's too much, once every thirty days is plenty", "monthly"),
        ("Every four weeks, I guess", "monthly"),
        ("weekly please", "weekly"),
    ],
)
def test_a_period_said_routes_to_the_label_stating_it(text: str, target: str) -> None:
    assert route(TANKS, "start", text).target == target


def test_a_period_near_no_label_is_not_routed_by_it() -> None:
    assert route(TANKS, "start", "every three months").target is None


@pytest.mark.parametrize(
    ("text", "recurring"),
    [
        ("Not weekly, once every thirty days", ("#recurring", False)),
        ("every thirty days", ("#recurring", False)),
        ("not weekly", ("#recurring", True)),
    ],
)
def test_a_habit_denied_beside_one_said_is_still_a_habit(text: str, recurring: tuple[str, bool]) -> None:
    assert recurring in concepts_said(text, frozenset(text.lower().replace(",", " ").split()))


OFFICE = compiled(
    [
        node("start", "Thanks for calling Clearwater Office Aquariums, how can I help?"),
        node("tanks"),
        {"id": "person", "text": "One moment.", "isGlobal": True, "globalLabel": "Speak with a person",
         "globalDescription": "The caller asks for a human or a representative.", "globalMatch": {}},
    ],
    [
        edge("tanks", "start", "tanks", "Service for an office tank", "Cleaning and upkeep of aquariums in lobbies and offices."),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "I'm an agent with a property company and our lobby aquarium needs cleaning",
        "I am a rep for the Hilton downtown, the lobby tank is cloudy",
        "As the representative for our building, I need our lobby aquarium looked after",
    ],
)
def test_a_person_word_said_of_the_caller_is_who_calls(text: str) -> None:
    assert all(word.surface != "#person" for word in words(text))
    assert route(OFFICE, "start", text).target == "tanks"


@pytest.mark.parametrize("text", ["Can I talk to an agent?", "I need a real person", "Put me through to a rep please"])
def test_a_person_asked_for_is_still_one(text: str) -> None:
    assert any(word.surface == "#person" for word in words(text))
    assert route(OFFICE, "start", text).target == "person"


HARP = compiled(
    [
        node("start", "We love new players. Do you play the harp, or are you a drummer?"),
        node("harp"), node("drums"),
    ],
    [
        edge("harp", "start", "harp", "I play the harp"),
        edge("drums", "start", "drums", "I'm a drummer"),
    ],
)
LESSONS = compiled(
    [
        node("start", "Who are the lessons for?"),
        node("kids"), node("adults"),
    ],
    [
        edge("kids", "start", "kids", "Lessons for children"),
        edge("adults", "start", "adults", "Lessons for adults"),
    ],
)


def test_a_loose_synonym_denied_leaves_the_labels_word() -> None:
    decision = route(HARP, "start", "I don't drum, I'm on the harp")
    assert decision.target == "harp"
    assert "drum~play" not in (decision.matched or "")  # no evidence against playing
    assert route(HARP, "start", "I drum, mostly snare").target == "drums"


def test_a_first_sense_synonym_denied_still_counts_against() -> None:
    denied = route(LESSONS, "start", "not for my kids")
    assert denied.target is None
    assert "kids~children (against)" in (denied.matched or "")
    assert route(LESSONS, "start", "for my kids").target == "kids"


def test_im_set_is_done() -> None:
    assert any(word.surface == "#done" for word in words("Nope, I'm set"))
    assert any(word.surface == "#done" for word in words("we're set, thanks"))
    assert all(word.surface != "#done" for word in words("set the table for six"))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Thirty-two, I have two sections of biology", 32),
        ("about forty, two homerooms", 40),
        ("I have two sections", None),  # groups only
        ("Thirty-two, I have two helpers", None),  # two counts of people: no one count
    ],
)
def test_a_count_of_sections_is_no_head_count(text: str, count: int | None) -> None:
    assert said_count(text) == count


def _band(greeting: str) -> CompiledGraph:
    return compiled(
    [
        node("start", f"Thanks for calling {greeting}. Do you play the harps, or do you drum?"),
        node("harp"), node("drums"),
        {"id": "major", "text": "One moment.", "isGlobal": True, "globalLabel": "Talk to the harp director",
         "globalDescription": "The caller asks for the director.", "globalMatch": {}},
    ],
    [
        edge("harp", "start", "harp", "I play the harps"),
        edge("drums", "start", "drums", "I'm a drummer"),
    ],
    )


def test_a_plural_after_the_is_no_name_of_the_business() -> None:
    named = _band("Glen Ora Harps and Drums").label_index("start")
    other = _band("Glen Ora Music").label_index("start")
    assert named is not None and other is not None
    assert named.score("the harps").score == pytest.approx(other.score("the harps").score)
    # a singular after "the" is still the business: "Emergency at the campground" at a campground
    def camp(greeting: str) -> CompiledGraph:
        return compiled(
            [node("start", f"Thanks for calling {greeting}, how can I help?"), node("help"), node("site")],
            [edge("help", "start", "help", "Emergency at the campground"), edge("site", "start", "site", "Book a cabin")],
        )

    named_camp, other_camp = camp("Pine Hollow Campground").label_index("start"), camp("Pine Hollow Park").label_index("start")
    assert named_camp is not None and other_camp is not None
    assert named_camp.score("the campground").score < other_camp.score("the campground").score


# --- later in the round: a wedding said by what happens at one; people spoken of are no party;
# "not another month" ---------------------------------------------------------------------------------

DOVES = compiled(
    [
        node("start", "Thanks for calling Silverwing Doves, how can I help?"),
        node("wedding"), node("memorial"), node("buy"),
    ],
    [
        edge("wedding", "start", "wedding", "Wedding releases", "Doves released after the ceremony."),
        edge("memorial", "start", "memorial", "Memorial releases", "A release at a funeral or a graveside."),
        edge("buy", "start", "buy", "Buy birds for your own loft"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "We're getting married in May on the lake, can we have doves?",
        "My fiancee and I say I do at the old chapel in April",
        "We're tying the knot next month",
        "my sister wants doves when she walks down the aisle",
        "we'll exchange vows at sunset, could you do a release?",
    ],
)
def test_a_wedding_said_by_what_happens_at_one(text: str) -> None:
    assert any(word.surface == "#wedding" and not word.negated for word in words(text))
    assert route(DOVES, "start", text).target == "wedding"


@pytest.mark.parametrize(
    "text",
    [
        "We got married in 2010 and want to renew our vows",  # vows renewed: no "exchange" or "say"
        "We've been married eleven years",
        "The bride's mother bought a bird from you",  # one of a wedding's people, not the wedding
        "I do want to buy two birds",
    ],
)
def test_a_marriage_had_or_a_wedding_person_is_no_wedding(text: str) -> None:
    assert all(word.surface != "#wedding" for word in words(text))


def test_a_wedding_denied_counts_against() -> None:
    said = [(word.surface, word.negated) for word in words("We're not getting married anymore, we called it off")]
    assert ("#wedding", True) in said


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Just my son and me", 2),
        ("only my youngest", 1),
        ("my wife and my brother", 2),
        # people spoken of in a longer turn: no party
        ("My great-grandpa tended that beacon back in the twenties, and Mom would love to see it", None),
        ("Family lore says my grandmother was born right out there while her father ran the station", None),
    ],
)
def test_people_named_are_a_party_only_in_a_short_answer(text: str, count: int | None) -> None:
    assert said_count(text) == count


def test_not_another_month_denies_the_month_too() -> None:
    said = {word.surface: word.negated for word in words("no, not another month, I'm coming to get it")}
    assert said["another"] and said["month"]
    said = {word.surface: word.negated for word in words("not a small group")}
    assert said["small"] and not said["group"]  # ("small" is also a noun: only a pure adjective carries it)


@pytest.mark.parametrize(
    ("text", "negated", "problem"),
    [
        ("a guide to ourselves, without having to join a group", "join", False),
        ("can we do it without waiting in line?", "waiting", False),
        ("we're without power since noon", None, True),  # a thing lacking: the trouble, as before
        ("can these work without being plugged in?", None, True),  # (a passive: what it lacks)
    ],
)
def test_without_doing_something_is_not_doing_it(text: str, negated: str | None, problem: bool) -> None:
    said = {word.surface: word.negated for word in words(text)}
    if negated is not None:
        assert said[negated] is True
    assert ("#problem" in said) is problem


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("without a bunch of folks we don't know", False),  # who they are: no hedge
        ("the kids we don't know from school", False),
        ("Honestly, I don't know", True),
        ("Um, we don't know yet", True),
    ],
)
def test_a_relative_clause_of_not_knowing_is_no_hedge(text: str, hedge: bool) -> None:
    assert any(word.surface == "#unsure" for word in words(text)) is hedge


# --- from routing-holdout-43: where the business works, when someone answers, an offer taken by a
# time, a decision taken to someone else --------------------------------------------------------------

LIFTS = compiled(
    [
        node("start", "Thanks for calling Summit Rope and Tower, how can I help?"),
        node("annual"),
        {"id": "area", "text": "We cover New England.", "isGlobal": True, "globalLabel": "Do you cover my state?",
         "globalDescription": "The states we cover, when the inspectors travel, and the office hours.", "globalMatch": {}},
    ],
    [
        edge("annual", "start", "annual", "Schedule the annual inspection", "The yearly state inspection of a lift."),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "Do you go out as far as western Pennsylvania?",
        "Do your inspectors come up to Vermont in October?",
        "Does your crew travel to upstate New York?",
        "Is anybody answering the phones before seven?",
        "Does somebody pick up the phone on weekends?",
    ],
)
def test_where_the_business_works_and_when_it_answers(text: str) -> None:
    assert route(LIFTS, "start", text).target == "area"


@pytest.mark.parametrize(
    "text",
    [
        "My son dropped my keys off the dock, it's maybe twelve feet deep there",  # a place said: no area asked
        "I need to pick up the phone I left on the chairlift",  # a phone picked up, no time of answering
    ],
)
def test_a_place_or_a_phone_said_is_no_area_or_hours_asked(text: str) -> None:
    assert route(LIFTS, "start", text).target != "area"


OFFER = compiled(
    [
        node("hello", "Hi, how can I help?"),
        node("start", "An inspection is eighteen hundred dollars. Would you like to schedule one, or is there something else?"),
        node("book"), node("more"), node("done"),
    ],
    [
        edge("hello", "hello", "start", "Anything", "Whatever the caller wants."),
        edge("book", "start", "book", "Get on the schedule"),
        edge("more", "start", "more", "I need help with something else"),
        edge("done", "start", "done", "We're good, thanks"),
    ],
)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("That's fine, put us down for the week of October 14th", "book"),
        ("Sure, pencil me in for the first Monday", "book"),
        ("Let me bring that to the board meeting on Tuesday and we'll go from there", "done"),
        ("Thanks, I'll take it to the committee", "done"),
        ("I'll take it to the shop myself", None),  # a thing taken somewhere: no decision put off
    ],
)
def test_an_offer_taken_by_a_time_or_put_off_to_someone_else(text: str, target: str | None) -> None:
    assert route(OFFER, "start", text).target == target

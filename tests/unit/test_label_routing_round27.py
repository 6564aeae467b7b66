"""Issue 23's twenty-seventh round of label routing (from routing-holdout-32 .. -34's study): a word
of the agent's question said back, and a person asked for. Pinned on made-up sentences in domains
no routing corpus has (a typewriter repair shop, a harbour water taxi), both sides of every rule:

- on a node that asks something, a word or two of the question said back before the answer
  ("Ribbon? Honestly I have no idea what it takes", "Three days? Okay, that's fine, go ahead")
  are the agent's words: the turn is read from what follows them; not a hedged answer ("Maybe
  two? ..."), a question of the caller's own ("Do you ...? ..."), a line check ("Hello? ..."), a
  bare echo with nothing after it, nor on the first node, where a word said with a "?" is the
  caller's own topic ("Ribbons? Mine keeps jamming");
- "talk to a trip coordinator", "the front desk", "whoever's in charge", "put me through to
  someone", "connect me", "get me a manager", "I want a supervisor" ask for a person (the #person
  concept, in a label as in a turn); "talk to you about a quote" asks for no one;
- a caller who asks to be put through to someone is put through, whatever else the turn names
  ("Can I talk to Bruno? He fixed my Olivetti last time"), to the one candidate whose label asks
  for a person; not when the caller will talk to their own people ("I'll talk to my wife and
  call back")."""

from __future__ import annotations

import pytest

from label_graphs import compiled, edge, node, said
from tornado_operator.engine.sim.label_corrections import echo_set_aside
from tornado_operator.engine.sim.routing import route

OWNER = {
    "id": "owner", "text": "Let me get Bruno.", "isGlobal": True, "globalLabel": "Talk to the shop owner",
    "globalDescription": "The caller wants Bruno, who runs the shop, or another person there.", "globalMatch": {},
}
TYPEWRITERS = compiled(
    [
        node("start", "Clack & Ding Typewriter Repair, how can I help?"),
        node("ribbon", "Do you know which ribbon your machine takes, or should we look it up?"),
        node("repair"), node("buy"), node("known"), node("lookup"), OWNER,
    ],
    [
        edge("repair", "start", "repair", "Repair or clean a typewriter", "Keys that stick, a carriage that jams, a full cleaning."),
        edge("buy", "start", "buy", "Ribbons and supplies", "Ribbons, correction tape and platen rollers."),
        edge("known", "ribbon", "known", "Caller knows the ribbon", "The caller names the ribbon or the spool size."),
        edge("lookup", "ribbon", "lookup", "Look up the ribbon for them", "The caller doesn't know and wants us to find it from the model."),
    ],
)
TAXI = compiled(
    [
        node("start", "Harbour Hopper water taxi. Your trip is booked for Thursday; do you want to keep it or move it?"),
        node("keep"), node("move"),
        {"id": "desk", "text": "Connecting you.", "isGlobal": True, "globalLabel": "Put me through to the dispatch desk",
         "globalDescription": "A person at dispatch.", "globalMatch": {}},
    ],
    [
        edge("keep", "start", "keep", "Keep the trip as booked"),
        edge("move", "start", "move", "Move the trip to another day"),
    ],
)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Ribbon? Honestly I have no idea what it takes", "Honestly I have no idea what it takes"),
        ("Three days? Okay, that's fine, go ahead", "Okay, that's fine, go ahead"),
        ("The spool size? It's the little metal kind", "It's the little metal kind"),
        ("Maybe two? One for each machine", "Maybe two? One for each machine"),
        ("Do you deliver? It's heavy", "Do you deliver? It's heavy"),
        ("Hello? Are you still there?", "Hello? Are you still there?"),
        ("Ribbon?", "Ribbon?"),
        ("The old ribbon from my grandfather's desk? It's gone", "The old ribbon from my grandfather's desk? It's gone"),
        ("Ribbon? ?", "Ribbon? ?"),
    ],
)
def test_words_said_back_before_the_answer_are_set_aside(text: str, read: str) -> None:
    assert echo_set_aside(text) == read


@pytest.mark.parametrize(
    ("node_id", "text", "target"),
    [
        ("ribbon", "Ribbon? Honestly I have no idea, can you look it up from the model?", "lookup"),
        ("ribbon", "Which ribbon? Oh, I know it, it's the standard half-inch spool", "known"),
        ("ribbon", "Ribbon? My cat chewed through the last one, ha. Anyway, hold on", None),
        ("start", "Ribbons? Mine keeps jamming and I need a new one", "buy"),
    ],
)
def test_an_echo_on_a_question_is_read_from_what_follows(node_id: str, text: str, target: str | None) -> None:
    assert route(TYPEWRITERS, node_id, text).target == target


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Talk to a trip coordinator", True),
        ("Talk to the front desk or a manager", True),
        ("Let me talk to whoever's in charge", True),
        ("Can you put me through to someone?", True),
        ("Could you connect me?", True),
        ("Get me the service manager", True),
        ("I want a supervisor", True),
        ("Can I talk to you about a quote?", False),
        ("We talked about it at dinner", False),
    ],
)
def test_a_person_asked_for(text: str, person: bool) -> None:
    assert ("#person" in said(text)) is person


@pytest.mark.parametrize(
    ("graph", "text", "target"),
    [
        (TYPEWRITERS, "Can I talk to Bruno? He fixed my Olivetti's sticky keys last time", "owner"),
        (TYPEWRITERS, "Is there someone I can talk to about a ribbon for a really old machine?", "owner"),
        (TYPEWRITERS, "I want a supervisor, the carriage jams again after your repair", "owner"),
        (TYPEWRITERS, "My Olivetti's keys stick, can you clean it?", "repair"),
        (TAXI, "Can I just speak to whoever is handling the boats? It's gotten complicated", "desk"),
        (TAXI, "Keep it, I'll talk to my wife about Friday and call back if it changes", "keep"),
        (TAXI, "Move it, please, Thursday doesn't work anymore", "move"),
    ],
)
def test_a_caller_asking_for_a_person_is_put_through(graph: object, text: str, target: str | None) -> None:
    assert route(graph, "start", text).target == target  # type: ignore[arg-type]

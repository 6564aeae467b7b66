"""A fixer class from fixer-validation-30's study (stop 43), on a made-up line of its own (a
watch-repair shop), both sides of the bound:

- a state keyword ("ready") narrowed to the question that asks about it also keeps the yes/no
  question with a subject before "be" ("Will the Hendricks crown be ready by Thursday?", "Could
  my watch be ready by Friday?"), while "We will be ready for your driver" (no subject between)
  and "two watches bagged and ready for your courier" say the state, not ask it."""

from __future__ import annotations

from fix_loop import passes, reached, scenario, settle
from tornado_operator.api.pathway import PathwayGraph


def _watch_shop() -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Tick Tock Watch Repair, how can I help?"},
            {"id": "lookup", "text": "What's the name on the repair ticket?"},
            {"id": "pickup", "text": "What day should our courier come by?"},
        ],
        "edges": [
            {"id": "to-lookup", "source": "greet", "target": "lookup", "label": "checking on a repair",
             "match": {"keywords": ["ready", "status", "finished"]}},
            {"id": "to-pickup", "source": "greet", "target": "pickup", "label": "watches for the courier to pick up",
             "match": {"keywords": ["courier", "pick up", "send in"]}},
        ],
    })


def test_the_loop_keeps_a_yes_no_question_about_the_state_when_it_narrows_it() -> None:
    train = scenario(["We've got two watches bagged and ready for your courier this afternoon."], reached("pickup"))
    will_be = scenario(["Will the Hendricks watch be ready by Thursday? She leaves Friday."], reached("lookup"))
    could_be = scenario(["Could my grandfather's pocket watch be ready by the weekend?"], reached("lookup"))
    asks = scenario(["Is my watch ready yet?"], reached("lookup"))
    # the courier named by a caller checking on a repair: trying the pickup edge first is no fix
    sent = scenario(["Your courier picked up the Lee watch last week; is it ready yet?"], reached("lookup"))
    graph = _watch_shop()
    assert not passes(graph, train)
    assert passes(graph, will_be) and passes(graph, could_be) and passes(graph, asks) and passes(graph, sent)
    fixed = settle(graph, {"train": train, "will_be": will_be, "asks": asks, "sent": sent})
    assert passes(fixed, train)
    assert passes(fixed, will_be) and passes(fixed, asks) and passes(fixed, sent)
    assert passes(fixed, could_be)  # another yes/no question, never shown to the fixer
    said = scenario(["We will be ready for your courier at three."], reached("pickup"))
    assert not passes(graph, said) and passes(fixed, said)  # the state said with no subject between: still a pickup

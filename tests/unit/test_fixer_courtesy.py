"""A curt agent (judge/tone.py's courtesy) and its repair (repair/strategies/tone.py), on a made-up
firewood line: the curt words come out of the sentence and what the sentence says stays; a
sentence that is nothing but a dismissal goes; a kind agent gets no such edit."""

from __future__ import annotations

from fix_loop import passes, scenario, settle
from tornado_operator.api.pathway import PathwayGraph


def _firewood(answer: str) -> PathwayGraph:
    return PathwayGraph.model_validate({
        "nodes": [
            {"id": "greet", "isStart": True, "text": "Thanks for calling Ridgeback Firewood."},
            {"id": "when", "text": answer},
            {"id": "bye", "text": "Have a good night."},
        ],
        "edges": [
            {"id": "ask", "source": "greet", "target": "when", "match": {"keywords": ["deliver", "delivery"]}},
            {"id": "done", "source": "when", "target": "bye", "match": {"always": True}},
        ],
    })


def _tone(threshold: float) -> dict[str, object]:
    return {"type": "BLAND_TONE", "config": {"threshold": threshold}}


def test_the_curt_words_come_out_and_the_day_stays() -> None:
    graph = _firewood("Like I said, we deliver on Tuesdays. Calm down, it always comes.")
    call = scenario(["When do you deliver?", "Okay, thanks."], _tone(0.9))
    assert not passes(graph, call)
    fixed = settle(graph, {"call": call})
    text = next(node.text for node in fixed.nodes if node.id == "when")
    assert passes(fixed, call)
    assert "like i said" not in text.lower() and "calm down" not in text.lower()
    assert "We deliver on Tuesdays." in text and "It always comes." in text


def test_a_sentence_that_is_only_a_dismissal_goes() -> None:
    graph = _firewood("Whatever. We deliver on Tuesdays.")
    call = scenario(["When do you deliver?", "Okay."], _tone(0.9))
    fixed = settle(graph, {"call": call})
    text = next(node.text for node in fixed.nodes if node.id == "when")
    assert passes(fixed, call) and text == "We deliver on Tuesdays."


def test_a_kind_agent_gets_no_courtesy_edit() -> None:
    graph = _firewood("We deliver on Tuesdays.")
    call = scenario(["When do you deliver?", "Okay."], _tone(0.9))
    assert passes(graph, call)
    assert settle(graph, {"call": call}) == graph

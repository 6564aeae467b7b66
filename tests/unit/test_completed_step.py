"""A step the caller says they completed ("I finished the intro class", "I passed the written
test"), found in fixer-labels-validation-29 (a velodrome's season pass) and routing-holdout-2 (a
DMV's road test) and pinned on made-up domains no corpus has (a lifeguard training pool, a
cake-decorating school), both sides of each rule:

- routing: the words naming the completed step count PAST_REPORT against a label that offers that
  step (the caller is past it: what they ask for is what comes next), not against a label that
  speaks of the step as done itself ("once you've passed the swim test"); a step only wanted ("I
  need to pass the swim test") or said without a completion verb counts in full; the time after it
  ("last Saturday") is no part of the step;
- the label fix: when such a turn took the edge of the step it completed, the edit adds the step
  as the caller said it, done ("passed the swim test"), to the edge leading on, the wording a
  reviewer uses ("once you've finished the intro class"), before the caller's other words."""

from __future__ import annotations

import pytest
from test_label_fixes import fixed, spec

from label_graphs import compiled, edge, node
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.sim.labels import PAST_REPORT, completed_objects, words
from tornado_operator.engine.sim.routing import route

POOL_EDGES = [
    edge("swim", "start", "swim", "Swim test", "The pre-course swim test everyone takes first."),
    edge("class", "start", "class", "Sign up for the certification class", "Three weekends in the pool and the classroom."),
    edge("renew", "start", "renew", "Renew a certificate", "A review course for lifeguards whose card runs out."),
]
POOL = compiled([node("start", "Harbor Point Aquatics, how can I help?"), node("swim"), node("class"), node("renew")], POOL_EDGES)


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("I finished the beginner course last Tuesday", {"beginner", "course"}),
        ("I passed the swim test", {"test"}),
        ("She completed the first aid module this spring", {"first", "aid", "module"}),
        ("We graduated from the puppy class", set()),  # (no object right after: "from")
        ("I need to pass the swim test", set()),  # only wanted
        ("I want to finish the beginner course", set()),
        ("I signed up for the beginner course", set()),  # no completion verb
        ("We finished", set()),
    ],
)
def test_the_words_of_a_completed_step(text: str, step: set[str]) -> None:
    said = words(text)
    found = {said[place].surface for place in completed_objects(said)}
    assert step <= found and found <= step | {"swim", "written"}, found


def test_a_completed_steps_time_is_no_part_of_it() -> None:
    said = words("I finished the intro class last Saturday")
    assert {said[place].surface for place in completed_objects(said)} == {"intro", "class"}


def test_a_completed_step_routes_on_to_what_comes_next() -> None:
    text = "I passed the swim test on Saturday, so now I'd like to sign up for the class"
    assert route(POOL, "start", text).target == "class"


def test_a_step_still_wanted_routes_to_it() -> None:
    assert route(POOL, "start", "I need to pass the swim test before anything else, when can I take it?").target == "swim"
    assert route(POOL, "start", "When is the next swim test?").target == "swim"


def test_a_completed_step_counts_less_against_the_label_offering_it() -> None:
    done = route(POOL, "start", "I passed the swim test")
    wanted = route(POOL, "start", "I want the swim test")
    assert "'Swim test'" in done.matched and "'Swim test'" in wanted.matched
    assert PAST_REPORT < 1.0
    assert _score(done.matched) < _score(wanted.matched)


def test_a_label_that_says_the_step_done_keeps_its_full_credit() -> None:
    after = compiled(
        [node("start", "Harbor Point Aquatics, how can I help?"), node("swim"), node("class")],
        [
            edge("swim", "start", "swim", "Swim test", "The pre-course swim test everyone takes first."),
            edge("class", "start", "class", "Certification class", "For swimmers once they have passed the swim test."),
        ],
    )
    assert route(after, "start", "I passed the swim test last week, what now?").target == "class"


def _score(matched: str) -> float:
    return float(matched.split(" score ")[1].split()[0])


CAKES = {
    "nodes": [
        {"id": "menu", "isStart": True, "text": "Sugar Lane Cake School, how can I help?"},
        {"id": "beginner", "text": "The beginner course runs six Tuesdays: buttercream, borders and a first layer cake."},
        {"id": "advanced", "text": "Advanced classes: piping, sugar flowers and stacked tiers."},
        {"id": "parties", "text": "We host birthday decorating parties for kids."},
    ],
    "edges": [
        {"id": "to-beginner", "source": "menu", "target": "beginner", "label": "Take the beginner course",
         "description": "Six weeks of cake decorating basics, where every student starts."},
        {"id": "to-advanced", "source": "menu", "target": "advanced", "label": "Advanced classes",
         "description": "Piping, sugar flowers and tiers."},
        {"id": "to-parties", "source": "menu", "target": "parties", "label": "Kids' parties", "description": "Birthday decorating parties."},
    ],
}


def test_the_label_fix_adds_the_completed_step_to_the_edge_leading_on() -> None:
    graph = PathwayGraph.model_validate(CAKES)
    turn = "I finished the beginner course last month and loved it; what can I do from here?"
    assert route(compiled(CAKES["nodes"], CAKES["edges"]), "menu", turn).target == "beginner"
    descriptions, repaired = fixed(
        graph, {"next": spec([turn], "advanced")}, {"new": spec(["I'd like to take the beginner course"], "beginner")}
    )
    assert repaired is not None and descriptions
    assert descriptions[0].startswith('Add "finished the beginner course" to the description of edge \'to-advanced\''), descriptions
    advanced = next(e for e in repaired.edges if e.id == "to-advanced")
    assert "finished the beginner course" in advanced.description and "last month" not in advanced.description
    beginner = next(e for e in repaired.edges if e.id == "to-beginner")
    assert beginner.description == "Six weeks of cake decorating basics, where every student starts."


def test_no_completed_step_no_step_phrase() -> None:
    graph = PathwayGraph.model_validate(CAKES)
    turn = "My daughter watches your beginner course videos online every night; could she try the harder stuff?"
    assert route(compiled(CAKES["nodes"], CAKES["edges"]), "menu", turn).target == "beginner"  # a wrong fit, no step done
    descriptions, _ = fixed(graph, {"harder": spec([turn], "advanced")}, {})
    assert descriptions and not any("beginner course" in description.split(" to the ")[0] for description in descriptions), descriptions

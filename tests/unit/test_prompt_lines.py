"""A node's prompt turned into what the agent says: the line a reviewer adds when a test finds
the agent never said what its prompt asks for (repair/prompt_lines.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.iteration import run_iteration
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.repair.prompt_lines import prompt_lines
from tornado_operator.engine.sim.interpreter import simulate


@pytest.mark.parametrize(
    "prompt, line",
    [
        ("Confirm the booking, tell the patient their results go to the portal within a week, and say goodbye.",
         "Your results go to the portal within a week."),
        ("Remind the customer to keep the receipt for the warranty.", "Please keep the receipt for the warranty."),
        ("Tell the tenant that they'll get a text when the plumber is on the way.",
         "You'll get a text when the plumber is on the way."),
        ("Explain that late fees are waived once per year and ask if there is anything else.",
         "Late fees are waived once per year."),
        ("Let the caller know the office reopens Monday.", "The office reopens Monday."),
        ("Warn the driver not to leave the vehicle on the road shoulder.", "Please do not leave the vehicle on the road shoulder."),
        ("Confirm the time and ask the patient to arrive 15 minutes early and bring their insurance card, since the "
         "front desk scans it.", "Please arrive 15 minutes early and bring your insurance card."),
        ("Ask the family to bring a copy of the child's immunization record.", "Please bring a copy of the child's immunization record."),
        ("Tell the family they don't have to make any decisions tonight.", "You don't have to make any decisions tonight."),
        ("Encourage the customer to keep the receipt, as returns need it.", "Please keep the receipt."),
        ("Urge them not to drive on the tire because it can damage the rim.", "Please do not drive on the tire."),
        ("Ask the caller to arrive as early as they can.", "Please arrive as early as you can."),
    ],
)
def test_reported_speech_in_a_prompt_becomes_the_agents_line(prompt: str, line: str) -> None:
    assert line in prompt_lines(prompt)


@pytest.mark.parametrize(
    "prompt",
    ["Collect the order number.", "Ask which day suits them.", "Confirm the booking and end the call.", "",
     "Ask the caller for their account number.", "Ask them what day works."],
)
def test_a_prompt_that_asks_nothing_to_be_said_gives_no_line(prompt: str) -> None:
    assert prompt_lines(prompt) == []


PATHWAY = PathwayGraph.model_validate({
    "nodes": [
        {"id": "start", "isStart": True, "text": "Library desk. Renewing a loan?"},
        {"id": "renewed", "text": "Your loan is renewed. Anything else?",
         "prompt": "Confirm the renewal, tell the borrower their new due date is in three weeks, and ask if they need anything else."},
    ],
    "edges": [{"id": "renew", "source": "start", "target": "renewed", "match": {"keywords": ["renew"]}}],
})


def _scenario(assertion: dict[str, Any]) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": ["renew my book please"], "assertions": [assertion]})


@pytest.mark.parametrize(
    "assertion",
    [
        {"type": "REGEX_MATCH", "config": {"pattern": "due (date )?(is )?in (three|3) weeks", "speaker": "agent"}},
        {"type": "LLM_JUDGE", "config": {"prompt": "Gives the new due date?", "requiredPhrases": ["in three weeks"]}},
    ],
)
def test_a_missing_line_is_said_as_the_prompt_asks_not_as_the_test_words_it(assertion: dict[str, Any]) -> None:
    spec = _scenario(assertion)
    assert not evaluate(spec, simulate(PATHWAY, spec)).passed
    result = run_iteration(graph=PATHWAY, version_number=1, scenarios=[("due", spec)], iteration=1, max_iterations=3,
                           previous=None, unfixable_ids=[])
    assert result.forked_graph is not None
    [fix] = result.record.fix_plan.fixes
    assert "as its prompt asks" in fix.description
    assert "Your new due date is in three weeks." in result.forked_graph.node("renewed").text
    assert evaluate(spec, simulate(result.forked_graph, spec)).passed

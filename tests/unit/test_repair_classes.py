"""Each class of bad fix the fixer must not make, pinned on a small pathway (issue: fixes a
reviewer would accept): regressions and flip-flops rejected, patterns widened not replaced,
wrong edges diagnosed and fixed at the edge, no destructive removals, minimal keywords,
held-out scenarios protected, tone and latency repaired, and the loop's passed set never
shrinking on the deterministic backend."""

from __future__ import annotations

import re
from typing import Any

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import Phase
from tornado_operator.engine.iteration import run_iteration
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.repair.analysis import analyse
from tornado_operator.engine.repair.model import Candidate, Option, Patch, graph_digest
from tornado_operator.engine.repair.verify import Standing, verify
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.interpreter import simulate

PLAN = {
    "nodes": [
        {"id": "menu", "isStart": True, "text": "Do you want to cancel, pause or pay your plan?",
         "config": {"retryThreshold": 3, "fallbackNodeId": "desk"}},
        {"id": "cancel", "text": "Sorry to see you go. Your plan is cancelled. Anything else?"},
        {"id": "pause", "text": "Your plan is paused. Anything else?"},
        {"id": "pay", "text": "What's your phone number?",
         "extractVars": [{"name": "phone", "pattern": r"\b(\d{10})\b", "description": "phone"}]},
        {"id": "paid", "text": "Thanks, payment taken for {{phone}}."},
        {"id": "desk", "type": "transfer", "transfer": {"target": "front-desk"}, "text": "Connecting you."},
    ],
    "edges": [
        {"id": "to-cancel", "source": "menu", "target": "cancel", "match": {"keywords": ["cancel"]}},
        {"id": "to-pause", "source": "menu", "target": "pause", "match": {"keywords": ["hold"]}},
        {"id": "to-pay", "source": "menu", "target": "pay", "match": {"keywords": ["pay"]}},
        {"id": "pay-paid", "source": "pay", "target": "paid", "match": {"always": True}},
    ],
}
GRAPH = PathwayGraph.model_validate(PLAN)


def scenario(messages: list[str], *assertions: dict[str, Any], **extra: Any) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate({"pathwayId": "p", "inputMessages": messages, "assertions": list(assertions), **extra})


def reached(node: str) -> dict[str, Any]:
    return {"type": "NODE_REACHED", "config": {"nodeId": node}}


def iterate(graph: PathwayGraph, scenarios: dict[str, TestScenarioSpec], **kwargs: Any) -> Any:
    return run_iteration(
        graph=graph, version_number=1, scenarios=list(scenarios.items()), iteration=kwargs.pop("iteration", 1),
        max_iterations=5, previous=None, unfixable_ids=[], **kwargs,
    )


def passes(graph: PathwayGraph, spec: TestScenarioSpec) -> bool:
    return evaluate(spec, simulate(graph, spec)).passed


def test_keywords_match_whole_words_never_inside_another_word() -> None:
    repay = scenario(["I'd like to repay my loan early"], reached("pay"))
    assert not passes(GRAPH, repay)  # "pay" is not matched inside "repay"
    assert passes(GRAPH, scenario(["I want to pay"], reached("pay")))
    assert passes(GRAPH, scenario(["paying my bill"], reached("pay")))  # a plain inflection still matches


def test_wrong_edge_is_diagnosed_and_fixed_at_that_edge() -> None:
    pause = scenario(["I don't want to cancel, just pause it for a month"], reached("pause"))
    conv = simulate(GRAPH, pause)
    analysis = analyse("pause", pause, conv, evaluate(pause, conv), CompiledGraph(GRAPH))
    assert analysis.wrong_turn is not None and analysis.wrong_turn.edge_id == "to-cancel"
    assert ">to-cancel#" in analysis.signature  # the signature names the edge that matched wrongly
    assert "took edge 'to-cancel' (keyword 'cancel', negated)" in analysis.summary
    result = iterate(GRAPH, {"pause": pause, "cancel": scenario(["cancel my plan please"], reached("cancel"))})
    assert result.continues and result.forked_graph is not None
    [fix] = result.record.fix_plan.fixes
    assert fix.description.startswith('Add the keyword "pause" to edge \'to-pause\'')
    # "cancel" was negated: with "pause" on its edge the turn fits it outright, no reordering needed
    assert "tried before" not in fix.description
    assert [e.id for e in result.forked_graph.edges][:2] == ["to-cancel", "to-pause"]
    assert passes(result.forked_graph, pause)


def test_a_fix_that_breaks_a_passing_scenario_is_rejected_and_the_next_option_tried() -> None:
    # "plan" would route the first caller to pause, but "cancel my plan" would then go to pause too
    # if the pause edge came first; verification must keep the candidate that breaks nothing.
    cancel = scenario(["cancel my plan please"], reached("cancel"))
    graph = GRAPH
    candidate = Candidate(
        ("route", "to-pause"), "flow_change", "menu",
        [
            Option((Patch("add_keywords", "menu", edge="to-pause", target="pause", values=("plan",)),
                    Patch("move_edge_before", "menu", edge="to-pause", target="to-cancel")), "plan, first"),
            Option((Patch("add_keywords", "menu", edge="to-pause", target="pause", values=("freeze",)),), "freeze"),
        ],
        ["freeze"],
    )
    freeze = scenario(["freeze my plan"], reached("pause"))
    specs = {"cancel": cancel, "freeze": freeze}

    def simulate_all(g: PathwayGraph) -> dict[str, Standing]:
        out = {}
        for sid, spec in specs.items():
            evaluation = evaluate(spec, simulate(g, spec))
            out[sid] = Standing(evaluation.passed, evaluation.score, sum(not r.passed for r in evaluation.results))
        return out

    result = verify(graph, [candidate], simulate_all(graph), simulate_all, fixable_ids=["freeze"])
    assert [f.description for f in result.fixes] == ["freeze"]
    assert result.rejected == []
    assert result.standings["cancel"].passed and result.standings["freeze"].passed


def test_a_candidate_that_would_recreate_an_earlier_version_is_rejected() -> None:
    freeze = scenario(["freeze my plan"], reached("pause"))
    option = Option((Patch("add_keywords", "menu", edge="to-pause", target="pause", values=("freeze",)),), "freeze")
    earlier = PathwayGraph.model_validate(
        {**PLAN, "edges": [{**e, "match": {"keywords": ["hold", "freeze"]}} if e["id"] == "to-pause" else e for e in PLAN["edges"]]}
    )

    def simulate_all(g: PathwayGraph) -> dict[str, Standing]:
        evaluation = evaluate(freeze, simulate(g, freeze))
        return {"freeze": Standing(evaluation.passed, evaluation.score)}

    result = verify(
        GRAPH, [Candidate(("k",), "flow_change", "menu", [option], ["freeze"])], simulate_all(GRAPH), simulate_all,
        fixable_ids=["freeze"], seen_digests=[graph_digest(earlier)],
    )
    assert result.fixes == [] and result.no_fix_ids == ["freeze"]
    assert "flip-flop" in result.rejected[0].reason


def test_extraction_is_widened_so_every_value_extracted_before_still_is() -> None:
    spaced = scenario(["pay", "it's 415 555 0100"], {"type": "VARIABLE_EXTRACTED", "config": {"variableName": "phone", "expectedValue": "415 555 0100"}})
    plain = scenario(["pay", "4155550100"], {"type": "VARIABLE_EXTRACTED", "config": {"variableName": "phone", "expectedValue": "4155550100"}})
    result = iterate(GRAPH, {"spaced": spaced, "plain": plain})
    assert result.forked_graph is not None
    [fix] = result.record.fix_plan.fixes
    assert fix.description.startswith("Widen the extraction of 'phone' on node 'pay'")
    pattern = next(v for v in result.forked_graph.node("pay").extract_vars if v.name == "phone").pattern
    assert pattern is not None and r"\b(\d{10})\b" in pattern  # the old form is kept inside the new one
    assert passes(result.forked_graph, spaced) and passes(result.forked_graph, plain)


def test_minimal_keywords_never_digits_dates_names_or_the_sentence_when_a_word_works() -> None:
    pause = scenario(["Hi, this is Maria, can you put my plan on ice until March 3rd 2027?"], reached("pause"))
    result = iterate(GRAPH, {"pause": pause})
    assert result.forked_graph is not None
    keywords = next(e for e in result.forked_graph.edges if e.id == "to-pause").match.keywords
    added = [k for k in keywords if k != "hold"]
    assert len(added) == 1 and len(added[0].split()) <= 2
    assert not re.search(r"\d|maria|march", added[0])


def test_a_held_out_scenario_is_never_shown_to_the_fixer_and_a_fix_breaking_it_is_rejected() -> None:
    # Training: "end it" should reach cancel. Held out: a caller who says "pause, don't end it" must reach pause.
    train = scenario(["just end it"], reached("cancel"))
    guard = scenario(["hold it until the end of the month"], reached("pause"), holdout=True)
    result = iterate(GRAPH, {"train": train, "guard": guard})
    assert result.record.held_out_passed_ids == ["guard"]
    assert "guard" not in result.record.passed_ids + result.record.failed_ids
    assert all("guard" not in f.scenario_ids for f in result.record.fix_plan.fixes)
    # "end" alone would send the held-out caller to cancel: that option is dropped, and the one
    # left that breaks nothing is the verb with what it acts on — never the caller's sentence
    [fix] = result.record.fix_plan.fixes
    assert fix.description.startswith('Add the keyword "end it"')
    assert result.forked_graph is not None
    assert passes(result.forked_graph, guard) and passes(result.forked_graph, train)


def test_tone_is_repaired_with_an_acknowledgement_where_the_news_is_bad() -> None:
    tone = scenario(["cancel"], {"type": "BLAND_TONE", "config": {"threshold": 0.95}})
    curt = PathwayGraph.model_validate(
        {**PLAN, "nodes": [{**n, "text": "Your plan is cancelled. Anything else?"} if n["id"] == "cancel" else n for n in PLAN["nodes"]]}
    )
    assert not passes(curt, tone)
    result = iterate(curt, {"tone": tone})
    assert result.forked_graph is not None
    assert result.forked_graph.node("cancel").text.startswith("I'm sorry about that.")
    assert passes(result.forked_graph, tone)


def test_latency_is_repaired_by_shortening_the_slow_node() -> None:
    long_text = "Your plan is paused. " + "Paused plans keep your number and your settings for up to ninety days. " * 3 + "Anything else?"
    slow = PathwayGraph.model_validate(
        {**PLAN, "nodes": [{**n, "text": long_text} if n["id"] == "pause" else n for n in PLAN["nodes"]]}
    )
    latency = scenario(["hold it"], {"type": "LATENCY_BELOW", "config": {"maxMs": 700}})
    assert not passes(slow, latency)
    result = iterate(slow, {"latency": latency})
    assert result.forked_graph is not None
    text = result.forked_graph.node("pause").text
    assert text.endswith("Anything else?") and len(text) < len(long_text)
    assert passes(result.forked_graph, latency)


def test_the_passed_set_never_shrinks_from_one_version_to_the_next() -> None:
    specs = {
        "pause": scenario(["I don't want to cancel, just pause it"], reached("pause")),
        "cancel": scenario(["cancel my plan"], reached("cancel")),
        "pay": scenario(["pay", "415 555 0100"], {"type": "VARIABLE_EXTRACTED", "config": {"variableName": "phone", "expectedValue": "415 555 0100"}}),
        "repay": scenario(["I want to repay what I owe"], reached("pay")),
    }
    graph, previous, passed = GRAPH, None, set()
    for iteration in range(1, 6):
        result = run_iteration(graph=graph, version_number=iteration, scenarios=list(specs.items()), iteration=iteration,
                               max_iterations=5, previous=previous, unfixable_ids=[])
        assert passed <= set(result.record.passed_ids)
        passed = set(result.record.passed_ids)
        if not result.continues:
            break
        graph, previous = result.forked_graph, result.record
    assert result.phase is Phase.COMPLETED_ALL_PASSED

"""Edges of the loop's pure rules that mutation testing found unpinned: the decision's messages
and its STUCK branch, selection's errors and held-out list, the PathwayVersion manifest, the
promotion evidence (ties, order, other pathways) and the reference checks' less-used branches."""

from __future__ import annotations

from typing import Any

import pytest

from tornado_operator.api.pathway import PathwayGraph, Provenance
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import Fix, FixPlan, Phase, TornadoSession
from tornado_operator.loop.decide import FixProposal, ScenarioOutcome, decide
from tornado_operator.loop.promotion import PromotionCheck, Run, check_promotion, live_version
from tornado_operator.loop.references import (
    check_references,
    check_session_scenarios,
    pathway_variables,
)
from tornado_operator.loop.selection import SelectionError, held_out, select_scenarios
from tornado_operator.loop.versions import fix_notes, version_manifest

# --- decide ------------------------------------------------------------------------------------


def test_all_passed_says_how_many_and_in_which_iteration() -> None:
    verdict = decide(
        iteration=3, max_iterations=5, outcomes=[ScenarioOutcome("a", True), ScenarioOutcome("b", True)],
        previous=None, unfixable_ids=[], plan_fixes=lambda ids: FixProposal(),
    )
    assert verdict.message == "all 2 scenarios passed in iteration 3"


def test_fixable_failures_with_an_empty_verified_plan_are_stuck_and_all_unfixable() -> None:
    """The fixer names no failure unfixable but verifies no fix either: nothing can be applied."""
    verdict = decide(
        iteration=1, max_iterations=5,
        outcomes=[ScenarioOutcome("a", False, "s1"), ScenarioOutcome("b", True), ScenarioOutcome("c", False, "s2")],
        previous=None, unfixable_ids=[], plan_fixes=lambda ids: FixProposal(plan=FixPlan(), no_fix_ids=[]),
    )
    assert verdict.phase is Phase.STUCK and verdict.reason == "AllFailuresUnfixable"
    assert verdict.unfixable_ids == ["a", "c"]
    assert verdict.newly_unfixable_ids == ["a", "c"]
    assert verdict.message == "2 scenario(s) still fail and every one is unfixable: a, c"


def test_stuck_does_not_call_already_unfixable_failures_new() -> None:
    verdict = decide(
        iteration=2, max_iterations=5, outcomes=[ScenarioOutcome("a", False, "s1"), ScenarioOutcome("c", False, "s2")],
        previous=None, unfixable_ids=["a"], plan_fixes=lambda ids: FixProposal(plan=FixPlan()),
    )
    assert verdict.phase is Phase.STUCK
    assert verdict.unfixable_ids == ["a", "c"] and verdict.newly_unfixable_ids == ["c"]


# --- selection ---------------------------------------------------------------------------------


def scenario(pathway: str | None = "support", **extra: Any) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate({"pathwayId": pathway, **extra})


def test_a_selection_error_reads_as_its_message() -> None:
    with pytest.raises(SelectionError) as exc:
        select_scenarios([], "support", None, {"a": scenario()})
    assert str(exc.value) == exc.value.message == "spec.scenarioIds: empty list; omit it to run every enabled scenario"
    assert exc.value.reason == "NoScenarios"


def test_held_out_lists_the_holdout_scenarios_in_order_and_skips_unknown_ids() -> None:
    found = {"b": scenario(holdout=True), "a": scenario(), "c": scenario(holdout=True)}
    assert held_out(["c", "ghost", "a", "b"], found) == ["c", "b"]
    assert held_out(["a"], found) == []


# --- versions ----------------------------------------------------------------------------------


GRAPH_WIRE: dict[str, Any] = {"nodes": [{"id": "start", "isStart": True, "type": "default", "text": "Hi"}]}


def manifest(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "pathway_id": "line", "graph": PathwayGraph.model_validate(GRAPH_WIRE), "number": 2, "parent": 1,
        "provenance": Provenance(source="tornado-fix", session_id="uid-1", iteration=4),
    }
    return version_manifest(**{**arguments, **overrides})


def test_the_version_is_labelled_with_its_iteration_only_when_it_has_one() -> None:
    labels = manifest()["metadata"]["labels"]
    assert labels["agenttesting.dev/iteration"] == "4" and labels["agenttesting.dev/session-uid"] == "uid-1"
    assert labels["agenttesting.dev/version"] == "2" and labels["agenttesting.dev/pathway"] == "line"
    snapshot = manifest(provenance=Provenance(source="pathway"))["metadata"]["labels"]
    assert "agenttesting.dev/iteration" not in snapshot and "agenttesting.dev/session-uid" not in snapshot


def test_the_version_is_owned_by_its_pathway_when_the_uid_is_known() -> None:
    owned = manifest(pathway_uid="uid-p", namespace="ns")
    assert owned["apiVersion"] == "agenttesting.dev/v1alpha1" and owned["kind"] == "PathwayVersion"
    assert owned["metadata"]["name"] == "line-v2" and owned["metadata"]["namespace"] == "ns"
    assert owned["metadata"]["ownerReferences"] == [
        {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "Pathway", "name": "line", "uid": "uid-p"}
    ]
    assert "ownerReferences" not in manifest()["metadata"]


def test_the_version_spec_keeps_the_parents_spelled_out_defaults_and_key_order() -> None:
    parent = {"versionNumber": 1, "pathwayId": "line", **GRAPH_WIRE, "edges": []}
    spec = manifest(parent_wire=parent)["spec"]
    assert list(spec)[:4] == ["versionNumber", "pathwayId", "nodes", "edges"]
    assert spec["nodes"] == GRAPH_WIRE["nodes"] and spec["edges"] == []  # defaults the parent wrote stay written
    lean = manifest()["spec"]
    assert lean["nodes"] == [{"id": "start", "isStart": True, "text": "Hi"}] and "edges" not in lean


def test_fix_notes_keep_each_fixs_kind_and_description() -> None:
    plan = FixPlan(fixes=[Fix(id="fix-001", target_node="n", description="add keywords", type="flow_change", scenario_ids=["a"])])
    notes = fix_notes(plan)
    assert [(n.id, n.type, n.target_node, n.description) for n in notes] == [("fix-001", "flow_change", "n", "add keywords")]


# --- promotion ---------------------------------------------------------------------------------


REQUIRED = {"pathwayId": "line", "isRequiredForPromotion": True}
T1, T2 = "2026-01-01T10:00:00.000Z", "2026-01-01T11:00:00.000Z"


def session(name: str, *iterations: dict[str, Any], pathway: str = "line") -> TornadoSession:
    items = [{"iteration": i, "batchId": f"b{i}", "startedAt": T1, "versionTested": 2, **it} for i, it in enumerate(iterations, 1)]
    return TornadoSession.model_validate(
        {"metadata": {"name": name}, "spec": {"pathwayId": pathway}, "status": {"sessionId": f"uid-{name}", "iterations": items}}
    )


def test_promotion_evidence_skips_other_pathways_and_unrequired_scenarios_without_stopping() -> None:
    scenarios = {"a": scenario("line", isRequiredForPromotion=True), "x": scenario("line")}
    other = session("other", {"completedAt": T1, "passedIds": ["a"]}, pathway="elsewhere")
    ours = session("ours", {"completedAt": T1, "passedIds": ["x", "a"]})
    check = check_promotion("line", 2, scenarios, [other, ours])
    assert check.pathway_id == "line" and check.allowed
    assert check.runs == {"a": Run(True, "ours", "uid-ours", 1, T1)}


def test_an_iteration_without_completion_time_counts_at_its_start() -> None:
    scenarios = {"a": scenario("line", isRequiredForPromotion=True)}
    check = check_promotion("line", 2, scenarios, [session("s", {"startedAt": T2, "failedIds": ["a"]})])
    assert check.runs["a"].at == T2 and not check.allowed


def test_the_newest_run_wins_whatever_the_order_and_the_later_one_on_a_tie() -> None:
    scenarios = {"a": scenario("line", isRequiredForPromotion=True)}
    newer_first = [session("new", {"completedAt": T2, "passedIds": ["a"]}), session("old", {"completedAt": T1, "failedIds": ["a"]})]
    assert check_promotion("line", 2, scenarios, newer_first).runs["a"].session_name == "new"
    tie = [session("first", {"completedAt": T1, "passedIds": ["a"]}), session("second", {"completedAt": T1, "failedIds": ["a"]})]
    assert check_promotion("line", 2, scenarios, tie).runs["a"].session_name == "second"


def test_the_refusal_names_every_failed_and_never_run_scenario() -> None:
    check = PromotionCheck(
        pathway_id="line", version=3, required=["a", "b", "c", "d"],
        runs={"a": Run(False, "s1", None, 1, T1), "b": Run(False, "s2", None, 2, T1)},
    )
    assert check.refusal() == (
        "version 3 of pathway line cannot be promoted: scenarios required for promotion have not passed on it "
        "(failed on it: a (session s1, iteration 1), b (session s2, iteration 2); never run on it: c, d); "
        "run a session with versionNumber: 3"
    )


def test_without_promotions_only_production_falls_back_to_the_live_version() -> None:
    from tornado_operator.api.pathway import PathwayStatus

    status = PathwayStatus.model_validate({"liveVersion": 4})
    assert live_version(status) == 4
    assert live_version(status, "staging") is None


# --- references --------------------------------------------------------------------------------


def graph(*nodes: dict[str, Any], global_prompt: str = "") -> PathwayGraph:
    return PathwayGraph.model_validate({"globalPrompt": global_prompt, "nodes": [{"isStart": i == 0, **n} for i, n in enumerate(nodes)]})


def problems_of(g: PathwayGraph, *assertions: dict[str, Any]) -> list[str]:
    spec = TestScenarioSpec.model_validate({"pathwayId": "line", "assertions": list(assertions)})
    return [p.line("spec.") for p in check_references(g, spec, "line")]


@pytest.mark.parametrize(("count", "more"), [(30, ""), (31, " and 1 more")])
def test_the_valid_ids_are_listed_up_to_thirty(count: int, more: str) -> None:
    g = graph(*({"id": f"n{i:02d}"} for i in range(count)))
    [line] = problems_of(g, {"type": "NODE_REACHED", "config": {"nodeId": "zzz"}})
    assert line.endswith(", n29" + more)


def test_pathway_variables_come_from_every_text_in_order() -> None:
    g = graph(
        {"id": "a", "text": "{{first}}", "extractVars": [{"name": "declared", "description": "d"}]},
        {"id": "hook", "type": "webhook", "prompt": "{{second}}",
         "webhook": {"url": "https://x/{{third}}", "body": {"v": "{{fourth}}"}}},
        {"id": "b", "text": "{{fifth}}"},
        global_prompt="{{global}}",
    )
    assert pathway_variables(g) == ["declared", "global", "first", "second", "third", "fourth", "fifth"]


HOOKS = (
    {"id": "start"},
    {"id": "pay", "type": "webhook", "webhook": {"url": "https://api.example/pay", "method": "POST"}},
    {"id": "tmpl", "type": "webhook", "webhook": {"url": "https://{{host}}/x", "method": "GET"}},
)


def test_a_templated_url_may_fit_any_substring_but_a_literal_one_must_contain_it() -> None:
    assert problems_of(graph(*HOOKS), {"type": "WEBHOOK_TRIGGERED", "config": {"url": "orders", "method": "GET"}}) == []
    assert problems_of(graph(*HOOKS), {"type": "WEBHOOK_TRIGGERED", "config": {"url": "pay", "nodeId": "pay"}}) == []
    assert problems_of(graph(*HOOKS), {"type": "WEBHOOK_TRIGGERED", "config": {"url": "pay"}}) == []
    [line] = problems_of(graph(*HOOKS), {"type": "WEBHOOK_TRIGGERED", "config": {"url": "orders", "nodeId": "pay"}})
    assert line.startswith("spec.assertions[0].config.url: WEBHOOK_TRIGGERED#0: webhook node \"pay\" does not call *orders*;")
    [line] = problems_of(graph(HOOKS[0], HOOKS[1]), {"type": "WEBHOOK_TRIGGERED", "config": {"url": "orders"}})
    assert 'no webhook node of pathway "line" calls *orders*' in line


def test_an_assertion_naming_no_url_or_method_needs_no_webhook_node() -> None:
    assert problems_of(graph({"id": "start"}), {"type": "WEBHOOK_TRIGGERED", "config": {}}) == []


def test_only_transfer_and_webhook_nodes_count_as_such() -> None:
    decoy = graph(
        {"id": "start", "transfer": {"target": "sales"}, "webhook": {"url": "https://api.example/pay"}},
    )
    [line] = problems_of(decoy, {"type": "TRANSFERRED", "config": {"target": "sales"}})
    assert line.endswith("it has no transfer targets")
    [line] = problems_of(decoy, {"type": "WEBHOOK_TRIGGERED", "config": {"url": "pay"}})
    assert line.endswith("it has no webhook nodes")


def test_the_session_start_names_the_scenario_the_pathway_and_how_many_more_problems() -> None:
    bad = TestScenarioSpec.model_validate(
        {"pathwayId": "line", "assertions": [{"type": "NODE_REACHED", "config": {"nodeId": "x"}},
                                             {"type": "NODE_REACHED", "config": {"nodeId": "y"}}]}
    )
    good = TestScenarioSpec.model_validate({"pathwayId": "line"})
    one_problem = TestScenarioSpec.model_validate({"pathwayId": "line", "startNodeId": "nowhere"})
    with pytest.raises(SelectionError) as single:
        check_session_scenarios(graph({"id": "start"}), "line", [("lost", one_problem)])
    assert single.value.message == 'TestScenario "lost": spec.startNodeId: no node "nowhere" in pathway "line"; its nodes: start'
    check_session_scenarios(graph({"id": "start"}), "line", [("fine", good)])
    with pytest.raises(SelectionError) as exc:
        check_session_scenarios(graph({"id": "start"}), "line", [("fine", good), ("broken", bad)])
    assert exc.value.reason == "InvalidScenario"
    assert exc.value.message == (
        'TestScenario "broken": spec.assertions[0].config.nodeId: NODE_REACHED#0: no node "x" in pathway "line"; '
        "its nodes: start (and 1 more problem(s) in this scenario)"
    )


def test_an_agent_that_cannot_run_a_fixed_graph_gets_the_fixes_as_a_proposal() -> None:
    plan = FixPlan(fixes=[Fix(id="fix-001", target_node="n", description="d", type="prompt_edit", scenario_ids=["b"])])
    verdict = decide(
        iteration=1, max_iterations=5, outcomes=[ScenarioOutcome("a", True), ScenarioOutcome("b", False, "s")],
        previous=None, unfixable_ids=[], plan_fixes=lambda ids: FixProposal(plan=plan), tests_fixes=False,
    )
    assert (verdict.phase, verdict.reason, verdict.fix_plan) == (Phase.COMPLETED_PARTIAL, "FixesProposed", plan)
    assert verdict.forks and not verdict.continues and verdict.unapplied_plan.fixes == []
    assert verdict.message == (
        "1/2 scenarios pass; 1 fix(es) for 1 failing scenario(s) proposed as a new version, which the deployed agent "
        "under test does not run: deploy it, then start a new session against it"
    )

"""run_iteration: one iteration's record, verdict, forked graph and bounded JSON result."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tornado_operator.api.manifests import load_manifests
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.results import IterationResult
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import Phase
from tornado_operator.engine.backends.offline import OfflineBackend
from tornado_operator.engine.iteration import run_iteration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> tuple[PathwayGraph, list[tuple[str, TestScenarioSpec]]]:
    manifests = load_manifests([EXAMPLES / name])
    pathway = manifests.of_kind("Pathway")[0].obj
    scenarios = [(doc.name, doc.obj.spec) for doc in manifests.of_kind("TestScenario")]
    return pathway.spec.graph(), scenarios


def ticking(start: datetime | None = None, step_ms: int = 250) -> Any:
    moments: Iterator[datetime] = (
        (start or datetime(2026, 4, 14, 10, 15, tzinfo=UTC)) + timedelta(milliseconds=step_ms * n) for n in range(10**6)
    )
    return lambda: next(moments)


def iterate(graph: PathwayGraph, scenarios: list[tuple[str, TestScenarioSpec]], **kwargs: Any) -> IterationResult:
    args: dict[str, Any] = {
        "graph": graph, "version_number": 1, "scenarios": scenarios, "iteration": 1, "max_iterations": 5,
        "previous": None, "unfixable_ids": [],
    }
    args.update(kwargs)
    return run_iteration(**args)


def test_first_iteration_of_the_support_line() -> None:
    graph, scenarios = example("support-line")
    seen: list[tuple[int, int, str, bool]] = []
    result = iterate(graph, scenarios, batch_id="batch-1", now=ticking(), on_scenario=lambda *a: seen.append(a))
    record = result.record
    assert record.iteration == 1 and record.batch_id == "batch-1"
    assert record.started_at == "2026-04-14T10:15:00.000Z"
    assert record.completed_at == "2026-04-14T10:15:00.250Z"
    assert record.version_tested == 1 and record.forked_version is None
    assert sorted(record.passed_ids + record.failed_ids) == sorted(sid for sid, _ in scenarios)
    assert set(record.passed_ids) == {"billing-account-lookup", "manager-escalation"}
    assert {cause.scenario_id for cause in record.root_causes} == set(record.failed_ids)
    assert all("@" in cause.signature and cause.summary for cause in record.root_causes)
    assert result.continues and result.phase is None
    assert [fix.id for fix in record.fix_plan.fixes] == record.fix_plan.priority_order
    assert {fix.type for fix in record.fix_plan.fixes} == {"flow_change", "config_change", "prompt_edit"}
    assert all(set(fix.scenario_ids) <= set(record.failed_ids) for fix in record.fix_plan.fixes)
    assert result.forked_graph is not None and result.forked_graph != graph
    first_edit = next(fix for fix in record.fix_plan.fixes if fix.type == "prompt_edit")
    assert record.norm_prompt_excerpt == result.forked_graph.node(first_edit.target_node).text[:300]
    assert [s[0] for s in seen] == list(range(1, len(scenarios) + 1))
    assert [s.scenario_id for s in result.scenarios] == [sid for sid, _ in scenarios]
    assert result.backend == "offline"


def test_batch_id_defaults_to_a_uuid4() -> None:
    graph, scenarios = example("support-line")
    result = iterate(graph, scenarios[:1])
    assert uuid.UUID(result.record.batch_id).version == 4


def test_scenario_results_hold_the_conversation() -> None:
    graph, scenarios = example("support-line")
    result = iterate(graph, scenarios)
    lookup = next(s for s in result.scenarios if s.scenario_id == "billing-account-lookup")
    assert lookup.passed and lookup.score == 1.0 and lookup.ended_by == "agent_ended"
    assert lookup.variables["account_number"] == "48213377"
    assert lookup.nodes_visited[:3] == ["greeting", "main-menu", "billing-account"]
    assert lookup.transcript[0].speaker == "agent" and lookup.transcript[0].latency_ms
    assert {a.assertion_id for a in lookup.assertions} >= {"billing-path", "account-number", "tone"}
    booking = next(s for s in result.scenarios if s.scenario_id == "book-technician-visit")
    assert not booking.passed and booking.signature and booking.root_cause
    assert booking.failed_assertions == ["zip", "cancellation-policy"]
    double = next(s for s in result.scenarios if s.scenario_id == "billing-double-charge")
    assert (double.failed_node, double.unmatched_turn) == ("main-menu", 2)
    assert double.unmatched_text == "I think there's a mistake on my invoice."
    assert booking.webhooks[0].url.endswith("/v1/appointments")
    assert booking.webhooks[0].body["day"] == "Thursday"


def test_result_json_round_trip_in_camel_case() -> None:
    graph, scenarios = example("support-line")
    result = iterate(graph, scenarios)
    text = result.dumps()
    data = json.loads(text)
    assert "forkedGraph" in data and "batchId" in data["record"] and "endedBy" in data["scenarios"][0]
    assert IterationResult.loads(text) == result


def test_the_operators_outcome_reads_the_same_fields_of_the_same_json() -> None:
    """IterationOutcome (what the operator parses of a result ConfigMap) declares each of its
    fields exactly as IterationResult does, and reads a real result's JSON to the same values."""
    from tornado_operator.api.results import IterationOutcome

    for name, info in IterationOutcome.model_fields.items():
        full = IterationResult.model_fields[name]
        assert (info.annotation, info.alias, info.get_default(call_default_factory=True)) == (
            full.annotation,
            full.alias,
            full.get_default(call_default_factory=True),
        ), name
    graph, scenarios = example("support-line")
    result = iterate(graph, scenarios)
    outcome = IterationOutcome.model_validate_json(result.dumps())
    assert outcome.model_dump() == result.model_dump(include=set(IterationOutcome.model_fields))
    assert outcome.record.failed_ids and result.forked_graph is not None and result.scenarios


def test_transcripts_are_bounded() -> None:
    graph = PathwayGraph.model_validate({"nodes": [{"id": "a", "isStart": True, "text": "x" * 2000}]})
    spec = TestScenarioSpec.model_validate(
        {"pathwayId": "p", "maxTurns": 50, "inputMessages": ["y" * 3000] * 50, "assertions": [{"type": "NODE_REACHED", "config": {"nodeId": "b"}}]}
    )
    result = iterate(graph, [(f"s{n}", spec) for n in range(50)])
    first = result.scenarios[0]
    assert len(first.transcript) == 60 and first.transcript_truncated
    assert max(len(turn.text) for turn in first.transcript) <= 500
    assert len(result.dumps()) < 900_000


def test_scenario_errors_do_not_crash_the_iteration() -> None:
    graph, scenarios = example("support-line")
    broken = TestScenarioSpec.model_validate({"pathwayId": "support-line", "startNodeId": "nowhere", "inputMessages": ["hi"]})
    agent = TestScenarioSpec.model_validate({"pathwayId": "support-line", "scenarioType": "AGENT"})
    result = iterate(graph, [*scenarios, ("broken", broken), ("agent", agent)])
    assert {"broken", "agent"} <= set(result.record.failed_ids)
    causes = {cause.scenario_id: cause for cause in result.record.root_causes}
    assert causes["broken"].signature.startswith("error:invalid_start_node_id@nowhere")
    assert "Invalid start_node_id" in causes["broken"].summary
    assert "openai" in causes["agent"].summary
    by_id = {s.scenario_id: s for s in result.scenarios}
    assert by_id["broken"].ended_by == "error" and "Invalid start_node_id" in (by_id["broken"].error or "")
    assert result.continues  # the other failures are still fixed


class ExplodingBackend(OfflineBackend):
    def agent_turn(self, graph: Any, node_id: str, caller_text: str, variables: dict[str, Any]) -> Any:
        if "boom" in caller_text:
            raise RuntimeError("model server unavailable")
        return super().agent_turn(graph, node_id, caller_text, variables)


def test_backend_failure_is_a_scenario_error() -> None:
    graph, scenarios = example("support-line")
    boom = TestScenarioSpec.model_validate({"pathwayId": "support-line", "inputMessages": ["boom"]})
    result = iterate(graph, [*scenarios[:1], ("boom", boom)], backend=ExplodingBackend())
    by_id = {s.scenario_id: s for s in result.scenarios}
    assert by_id["boom"].error is not None and "model server unavailable" in by_id["boom"].error
    assert by_id[scenarios[0][0]].passed


def test_partial_at_max_iterations_reports_the_verified_plan_as_unapplied_and_does_not_fork() -> None:
    graph, scenarios = example("support-line")
    result = iterate(graph, scenarios, max_iterations=1)
    assert result.phase is Phase.COMPLETED_PARTIAL
    assert result.record.fix_plan.fixes == []  # the status never carries a plan that was not applied
    assert result.unapplied_fix_plan is not None and result.unapplied_fix_plan.fixes
    assert result.forked_graph is None and result.record.norm_prompt_excerpt is None


def test_stuck_when_no_fix_applies() -> None:
    graph, _ = example("support-line")
    ghost = TestScenarioSpec.model_validate(
        {"pathwayId": "support-line", "inputMessages": ["hello"], "assertions": [{"type": "NODE_REACHED", "config": {"nodeId": "ghost"}}]}
    )
    result = iterate(graph, [("ghost", ghost)])
    assert result.phase is Phase.STUCK and result.reason == "AllFailuresUnfixable"
    assert result.record.fix_plan.fixes == [] and result.forked_graph is None
    assert result.unfixable_ids == ["ghost"] == result.record.newly_unfixable_ids  # STUCK names its failures
    assert result.fixer_notes == ["ghost: no strategy applies to the failed NODE_REACHED assertion(s)"]


def test_a_failure_no_fix_verifies_for_is_unfixable_at_once_and_stays_so() -> None:
    graph, scenarios = example("unfixable")
    first = iterate(graph, scenarios)
    assert first.continues and first.forked_graph is not None
    assert first.record.newly_unfixable_ids == ["refund-guarantee"] == first.unfixable_ids
    assert [r.scenario_ids for r in first.rejected_fixes] == [["refund-guarantee"]]
    second = iterate(first.forked_graph, scenarios, iteration=2, version_number=2, previous=first.record, unfixable_ids=first.unfixable_ids)
    assert second.phase is Phase.STUCK and second.reason == "AllFailuresUnfixable"
    assert second.record.newly_unfixable_ids == [] and second.unfixable_ids == ["refund-guarantee"]
    sig1 = {c.scenario_id: c.signature for c in first.record.root_causes}
    sig2 = {c.scenario_id: c.signature for c in second.record.root_causes}
    assert sig1["refund-guarantee"] == sig2["refund-guarantee"]
    assert second.record.fix_plan.fixes == []


def test_all_passed_has_no_plan() -> None:
    graph, scenarios = example("support-line")
    result = iterate(graph, [s for s in scenarios if s[0] == "billing-account-lookup"])
    assert result.phase is Phase.COMPLETED_ALL_PASSED
    assert result.record.fix_plan.fixes == [] and result.record.root_causes == []
    assert result.forked_graph is None


@pytest.mark.parametrize("name", ["support-line", "unfixable"])
def test_iterations_are_deterministic(name: str) -> None:
    graph, scenarios = example(name)
    one = iterate(graph, scenarios, batch_id="b", now=ticking())
    two = iterate(graph, scenarios, batch_id="b", now=ticking())
    assert one == two

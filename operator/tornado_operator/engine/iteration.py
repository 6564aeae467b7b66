"""One tornado iteration: simulate every scenario, judge, analyse, decide, fix.

`run_iteration` is what the operator's iteration Job and `tornado run` both call. Its
`IterationResult` (api/results.py) is JSON-serialisable and bounded (it is stored in a ConfigMap, whose
limit is 1 MiB): transcripts keep at most 60 turns of at most 500 characters each, and
fewer characters per turn when an iteration's transcripts together would exceed
TRANSCRIPT_BUDGET_CHARS.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from tornado_operator.api.base import format_timestamp
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.results import (
    Evaluation,
    IterationResult,
    ScenarioResult,
    TranscriptTurn,
    WebhookRecord,
)
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import FixPlan, IterationRecord, Phase
from tornado_operator.engine.backends.offline import OfflineBackend
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.ports import Backend
from tornado_operator.engine.repair.analysis import Analysis, analyse
from tornado_operator.engine.repair.apply import apply_fixes
from tornado_operator.engine.repair.model import PlannedFixes
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import Conversation
from tornado_operator.engine.sim.interpreter import simulate
from tornado_operator.loop.decide import ScenarioOutcome, Verdict, decide
from tornado_operator.text import clip

TRANSCRIPT_TURNS = 60
TURN_CHARS = 500
TRANSCRIPT_BUDGET_CHARS = 300_000
VALUE_CHARS = 500
NODES_VISITED_LIMIT = 200
EXCERPT_CHARS = 300


def _bounded(value: Any, limit: int = VALUE_CHARS, depth: int = 0) -> Any:
    if isinstance(value, str):
        return clip(value, limit)
    if depth > 6:
        return clip(repr(value), limit)
    if isinstance(value, dict):
        return {str(key)[:128]: _bounded(item, limit, depth + 1) for key, item in list(value.items())[:50]}
    if isinstance(value, list):
        return [_bounded(item, limit, depth + 1) for item in value[:50]]
    if value is None or isinstance(value, bool | int | float):
        return value
    return clip(str(value), limit)


def scenario_result(
    scenario_id: str,
    spec: TestScenarioSpec,
    conversation: Conversation,
    evaluation: Evaluation,
    analysis: Analysis | None,
    *,
    turn_chars: int = TURN_CHARS,
) -> ScenarioResult:
    transcript = conversation.transcript
    return ScenarioResult(
        scenario_id=scenario_id,
        name=spec.name,
        passed=evaluation.passed,
        score=evaluation.score,
        assertions=evaluation.results,
        ended_by=conversation.ended_by,
        turns=conversation.turns,
        nodes_visited=conversation.nodes_visited[:NODES_VISITED_LIMIT],
        variables=_bounded(conversation.variables),
        webhooks=[
            WebhookRecord(node=call.node, url=clip(call.url, VALUE_CHARS), method=call.method, body=_bounded(call.body), turn=call.turn)
            for call in conversation.webhooks[:50]
        ],
        transcript=[
            TranscriptTurn(speaker=turn.speaker, text=clip(turn.text, turn_chars), node=turn.node, latency_ms=turn.latency_ms)
            for turn in transcript[:TRANSCRIPT_TURNS]
        ],
        transcript_truncated=len(transcript) > TRANSCRIPT_TURNS
        or any(len(turn.text) > turn_chars for turn in transcript[:TRANSCRIPT_TURNS]),
        error=conversation.error,
        signature=None if analysis is None else analysis.signature,
        root_cause=None if analysis is None else analysis.summary,
        failed_node=None if analysis is None else analysis.where,
        unmatched_turn=None if analysis is None or analysis.unmatched is None else analysis.unmatched.turn,
        unmatched_text=(
            None if analysis is None or analysis.unmatched is None else clip(analysis.unmatched.text, turn_chars)
        ),
        failed_assertions=[] if analysis is None else [item.result.assertion_id for item in analysis.failed],
    )


def _run_scenario(
    compiled: CompiledGraph, scenario_id: str, spec: TestScenarioSpec, backend: Backend
) -> tuple[Conversation, Evaluation]:
    with backend.scenario_scope(scenario_id):  # LLM backend: per-scenario state and token usage
        try:
            conversation = simulate(compiled, spec, scenario_id=scenario_id, backend=backend)
        except Exception as exc:  # a bug or a backend failure must not sink the whole iteration
            conversation = Conversation(scenario_id=scenario_id, start_node=spec.start_node_id or compiled.start)
            conversation.ended_by = "error"
            conversation.error = f"the engine failed on this scenario: {type(exc).__name__}: {exc}"
            conversation.error_kind = f"engine_{type(exc).__name__}"
        return conversation, evaluate(spec, conversation, backend)


def run_iteration(
    *,
    graph: PathwayGraph,
    version_number: int,
    scenarios: Sequence[tuple[str, TestScenarioSpec]],
    iteration: int,
    max_iterations: int,
    previous: IterationRecord | None,
    unfixable_ids: Sequence[str],
    backend: Backend | None = None,
    batch_id: str | None = None,
    now: Callable[[], datetime] | None = None,
    on_scenario: Callable[[int, int, str, bool], None] | None = None,
) -> IterationResult:
    """Simulate, judge and analyse every scenario, let the loop decide, and fork the graph if it continues.

    `on_scenario(done, total, scenario_id, passed)` is called after each scenario (progress display).
    """
    clock = now or (lambda: datetime.now(UTC))
    started_at = format_timestamp(clock())
    backend = OfflineBackend() if backend is None else backend
    compiled = CompiledGraph(graph)

    runs: list[tuple[str, TestScenarioSpec, Conversation, Evaluation, Analysis | None]] = []
    for done, (scenario_id, spec) in enumerate(scenarios, start=1):
        conversation, evaluation = _run_scenario(compiled, scenario_id, spec, backend)
        analysis = None if evaluation.passed else analyse(scenario_id, spec, conversation, evaluation)
        runs.append((scenario_id, spec, conversation, evaluation, analysis))
        if on_scenario is not None:
            on_scenario(done, len(scenarios), scenario_id, evaluation.passed)

    analyses = {scenario_id: analysis for scenario_id, _, _, _, analysis in runs if analysis is not None}
    outcomes = [
        ScenarioOutcome(
            scenario_id=scenario_id,
            passed=evaluation.passed,
            signature=None if analysis is None else analysis.signature,
        )
        for scenario_id, _, _, evaluation, analysis in runs
    ]
    planned: list[PlannedFixes] = []

    def plan_fixes(fixable_ids: list[str]) -> FixPlan:
        result = backend.plan_fixes(compiled, [analyses[sid] for sid in fixable_ids if sid in analyses])
        planned.append(result)
        return result.plan

    verdict: Verdict = decide(
        iteration=iteration,
        max_iterations=max_iterations,
        outcomes=outcomes,
        previous=previous,
        unfixable_ids=unfixable_ids,
        plan_fixes=plan_fixes,
    )

    forked_graph: PathwayGraph | None = None
    excerpt: str | None = None
    if verdict.continues and planned:
        forked_graph = apply_fixes(graph, planned[-1])
        first_edit = next((fix for fix in verdict.fix_plan.fixes if fix.type == "prompt_edit"), None)
        if first_edit is not None and forked_graph.has_node(first_edit.target_node):
            excerpt = clip(forked_graph.node(first_edit.target_node).text, EXCERPT_CHARS)
    keep_plan = verdict.continues or verdict.phase is Phase.COMPLETED_PARTIAL

    total_chars = sum(min(len(turn.text), TURN_CHARS) for _, _, conv, _, _ in runs for turn in conv.transcript[:TRANSCRIPT_TURNS])
    turn_chars = TURN_CHARS
    if total_chars > TRANSCRIPT_BUDGET_CHARS:
        turn_chars = max(60, int(TURN_CHARS * TRANSCRIPT_BUDGET_CHARS / total_chars))
    results = [
        scenario_result(scenario_id, spec, conversation, evaluation, analysis, turn_chars=turn_chars)
        for scenario_id, spec, conversation, evaluation, analysis in runs
    ]
    record = IterationRecord(
        iteration=iteration,
        batch_id=batch_id or str(uuid.uuid4()),
        started_at=started_at,
        completed_at=format_timestamp(clock()),
        passed_ids=verdict.passed_ids,
        failed_ids=verdict.failed_ids,
        newly_unfixable_ids=verdict.newly_unfixable_ids,
        fix_plan=verdict.fix_plan if keep_plan else FixPlan(),
        norm_prompt_excerpt=excerpt,
        version_tested=version_number,
        root_causes=[analysis.root_cause() for _, _, _, _, analysis in runs if analysis is not None],
    )
    return IterationResult(
        record=record,
        phase=verdict.phase,
        reason=verdict.reason,
        message=verdict.message,
        unfixable_ids=verdict.unfixable_ids,
        forked_graph=forked_graph,
        scenarios=results,
        backend=backend.name,
        llm=backend.take_report(),
    )

"""One tornado iteration: simulate every scenario, judge, analyse, decide, fix.

`run_iteration` is what the operator's iteration Job and `tornado run` both call. Its
`IterationResult` (api/results.py) is JSON-serialisable and bounded (it is stored in a ConfigMap, whose
limit is 1 MiB): transcripts keep at most 60 turns of at most 500 characters each, and
fewer characters per turn when an iteration's transcripts together would exceed
TRANSCRIPT_BUDGET_CHARS.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from tornado_operator.api.base import format_timestamp
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.results import (
    Evaluation,
    IterationResult,
    RejectedFix,
    ScenarioResult,
    TranscriptTurn,
    WebhookRecord,
)
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import (
    Fix,
    FixPlan,
    IterationRecord,
    IterationTokenUsage,
    TokenUsage,
)
from tornado_operator.engine.backends.offline import OfflineBackend
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.ports import Backend
from tornado_operator.engine.repair.analysis import Analysis, analyse
from tornado_operator.engine.repair.apply import apply_option
from tornado_operator.engine.repair.model import PlannedFixes
from tornado_operator.engine.repair.verify import Rejected, Standing, Verification, verify
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import VIA_FALLBACK, VIA_UNMATCHED, Conversation
from tornado_operator.loop.budget import refused_stop
from tornado_operator.loop.decide import FixProposal, ScenarioOutcome, Verdict, decide
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
            conversation = backend.play(compiled, spec, scenario_id=scenario_id)
        except Exception as exc:  # a bug or a backend failure must not sink the whole iteration
            conversation = Conversation(scenario_id=scenario_id, start_node=spec.start_node_id or compiled.start)
            conversation.ended_by = "error"
            conversation.error = f"the engine failed on this scenario: {type(exc).__name__}: {exc}"
            conversation.error_kind = f"engine_{type(exc).__name__}"
        return conversation, evaluate(spec, conversation, backend)


def _standing(conversation: Conversation, evaluation: Evaluation, signature: str | None = None) -> Standing:
    return Standing(
        passed=evaluation.passed,
        score=evaluation.score,
        failed=sum(1 for result in evaluation.results if not result.passed),
        unmatched=sum(1 for event in conversation.routing if event.via in (VIA_UNMATCHED, VIA_FALLBACK)),
        signature=signature,
        held=frozenset(result.assertion_id for result in evaluation.results if result.passed),
    )


def _unverified(graph: PathwayGraph, planned: PlannedFixes, fixable_ids: Sequence[str]) -> Verification:
    """A non-deterministic backend's candidates, each first option applied without re-simulation
    (re-running every scenario through a model per candidate would multiply the calls: docs/llm.md)."""
    out = Verification()
    current = graph
    for candidate in planned.candidates:
        if not candidate.options:
            continue
        option = candidate.options[0]
        try:
            current = apply_option(current, option)
        except (ValidationError, ValueError, KeyError, StopIteration) as exc:
            out.rejected.append(Rejected(option.description, candidate.target_node, list(candidate.scenario_ids), f"does not apply: {exc}"))
            continue
        out.fixes.append(
            Fix(id=f"fix-{len(out.fixes) + 1:03d}", target_node=candidate.target_node, description=option.description,
                type=candidate.type, scenario_ids=sorted(candidate.scenario_ids))
        )
    out.graph = current if out.fixes else None
    targeted = {s for fix in out.fixes for s in fix.scenario_ids}
    out.no_fix_ids = [s for s in fixable_ids if s not in targeted]
    return out


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
    seen_digests: Collection[str] = (),
) -> IterationResult:
    """Simulate, judge and analyse every scenario, let the loop decide, and fork the graph if it continues.

    Held-out scenarios (spec.holdout) run and are reported, but the loop's decision and the
    fixer see only the others; verification protects both. `seen_digests`: content hashes of
    the versions this session already tested (a fix that would recreate one is rejected).
    `on_scenario(done, total, scenario_id, passed)` is called after each scenario (progress display).
    """
    clock = now or (lambda: datetime.now(UTC))
    started_at = format_timestamp(clock())
    backend = OfflineBackend() if backend is None else backend
    compiled = CompiledGraph(graph)
    held_out = {scenario_id for scenario_id, spec in scenarios if spec.holdout}

    runs: list[tuple[str, TestScenarioSpec, Conversation, Evaluation, Analysis | None]] = []
    for done, (scenario_id, spec) in enumerate(scenarios, start=1):
        conversation, evaluation = _run_scenario(compiled, scenario_id, spec, backend)
        analysis = None if evaluation.passed else analyse(scenario_id, spec, conversation, evaluation, compiled)
        runs.append((scenario_id, spec, conversation, evaluation, analysis))
        if on_scenario is not None:
            on_scenario(done, len(scenarios), scenario_id, evaluation.passed)

    analyses = {scenario_id: analysis for scenario_id, _, _, _, analysis in runs if analysis is not None}
    baseline = {
        scenario_id: _standing(conversation, evaluation, None if analysis is None else analysis.signature)
        for scenario_id, _, conversation, evaluation, analysis in runs
    }
    outcomes = [
        ScenarioOutcome(
            scenario_id=scenario_id,
            passed=evaluation.passed,
            signature=None if analysis is None else analysis.signature,
        )
        for scenario_id, _, _, evaluation, analysis in runs
        if scenario_id not in held_out
    ]

    def simulate_all(candidate_graph: PathwayGraph) -> dict[str, Standing]:
        trial = CompiledGraph(candidate_graph)
        standings: dict[str, Standing] = {}
        for scenario_id, spec in scenarios:
            conversation, evaluation = _run_scenario(trial, scenario_id, spec, backend)
            standings[scenario_id] = _standing(conversation, evaluation)
        return standings

    verified: list[Verification] = []
    notes: list[str] = []

    def plan_fixes(fixable_ids: list[str]) -> FixProposal:
        planned = backend.plan_fixes(compiled, [analyses[sid] for sid in fixable_ids if sid in analyses])
        notes.extend(planned.notes)
        if backend.deterministic:
            result = verify(graph, planned.candidates, baseline, simulate_all, fixable_ids=fixable_ids, seen_digests=seen_digests)
        else:
            result = _unverified(graph, planned, fixable_ids)
        verified.append(result)
        return FixProposal(
            plan=FixPlan(fixes=result.fixes, priority_order=[fix.id for fix in result.fixes]),
            no_fix_ids=result.no_fix_ids,
        )

    verdict: Verdict = decide(
        iteration=iteration,
        max_iterations=max_iterations,
        outcomes=outcomes,
        previous=previous,
        unfixable_ids=unfixable_ids,
        plan_fixes=plan_fixes,
        tests_fixes=backend.simulates,
    )

    report = backend.take_report()
    budget = (report or {}).get("budget") or {}
    stop = refused_stop(int(budget.get("refusedCalls") or 0), budget.get("refusal"))
    if stop is not None:  # results with refused model calls are incomplete: no fix is drawn from them
        phase, reason, message = stop
        verdict = replace(verdict, phase=phase, reason=reason, message=message)

    forked_graph: PathwayGraph | None = None
    excerpt: str | None = None
    if verdict.forks and verified and verified[-1].graph is not None:
        forked_graph = verified[-1].graph
        first_edit = next((fix for fix in verdict.fix_plan.fixes if fix.type == "prompt_edit"), None)
        if first_edit is not None and forked_graph.has_node(first_edit.target_node):
            excerpt = clip(forked_graph.node(first_edit.target_node).text, EXCERPT_CHARS)

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
        fix_plan=verdict.fix_plan,
        norm_prompt_excerpt=excerpt,
        version_tested=version_number,
        root_causes=[
            analysis.root_cause() for scenario_id, _, _, _, analysis in runs if analysis is not None and scenario_id not in held_out
        ],
        held_out_passed_ids=[sid for sid, _, _, evaluation, _ in runs if sid in held_out and evaluation.passed],
        held_out_failed_ids=[sid for sid, _, _, evaluation, _ in runs if sid in held_out and not evaluation.passed],
    )
    verification = verified[-1] if verified else None
    return IterationResult(
        record=record,
        phase=verdict.phase,
        reason=verdict.reason,
        message=verdict.message,
        unfixable_ids=verdict.unfixable_ids,
        forked_graph=forked_graph,
        scenarios=results,
        backend=backend.name,
        llm=report,
        usage=token_usage(report, iteration),
        unapplied_fix_plan=verdict.unapplied_plan if verdict.unapplied_plan.fixes else None,
        rejected_fixes=[
            RejectedFix(description=r.description, target_node=r.target_node, scenario_ids=r.scenario_ids, reason=r.reason)
            for r in (verification.rejected if verification is not None else [])
        ],
        fixer_notes=notes,
        verification_runs=0 if verification is None else verification.simulations,
    )


def token_usage(report: dict[str, Any] | None, iteration: int) -> IterationTokenUsage | None:
    """The iteration's tokens from an LLM backend's report (None: no model was used)."""
    if report is None:
        return None

    def usage(counts: dict[str, Any]) -> TokenUsage:
        return TokenUsage(
            calls=int(counts.get("calls") or 0),
            prompt_tokens=int(counts.get("promptTokens") or 0),
            completion_tokens=int(counts.get("completionTokens") or 0),
            total_tokens=int(counts.get("totalTokens") or 0),
        )

    total = usage(report.get("usage") or {})
    by_role = {role: usage(counts) for role, counts in sorted((report.get("byRole") or {}).items())}
    return IterationTokenUsage(**total.model_dump(), iteration=iteration, by_role=by_role)

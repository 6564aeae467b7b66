"""The rule-based fixer: candidate fixes for the analysed failures, in priority order.

Strategies, one file each under strategies/ (STRATEGIES says which serves which assertion type):

* routing (flow_change)        — a path assertion failed: a caller turn matched nothing, or the
                                 wrong edge; the shortest distinctive keyword routes it;
* labels (flow_change)         — the same, on an edge that routes by label: the caller's words
                                 go into the edge's description (or label), never a keyword;
* timing (config_change)       — TRANSFERRED too late / early / never: retryThreshold;
* extraction (config_change)   — VARIABLE_EXTRACTED: a pattern for the form the caller used,
                                 widening an existing one;
* phrases (prompt_edit)        — a required phrase is added, a forbidden one removed (never a
                                 question the node needs);
* tone (prompt_edit)           — BLAND_TONE: an acknowledgement, or a shorter node;
* latency (prompt_edit)        — LATENCY_BELOW: the slow node's longest statements dropped.

Content fixes (extraction, phrases, tone, latency) of a scenario wait while it has a routing
candidate: the conversation will take another path next time, so the right node is not known
yet. Candidates with the same key (the same change) merge their scenarios. Candidates serving
more scenarios come first, then in the order found; timing before routing for one scenario.
Nothing here is applied: repair/verify.py tries each candidate before it is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from tornado_operator.api.scenario import (
    AssertionType,
    BlandToneConfig,
    LatencyBelowConfig,
    LlmJudgeConfig,
    RegexMatchConfig,
    TransferredConfig,
    VariableExtractedConfig,
)
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import Candidate, PlannedFixes
from tornado_operator.engine.repair.paths import PATH_TYPES
from tornado_operator.engine.repair.strategies.extraction import extraction_fix
from tornado_operator.engine.repair.strategies.labels import label_fixes
from tornado_operator.engine.repair.strategies.latency import latency_fixes
from tornado_operator.engine.repair.strategies.phrases import phrase_fixes
from tornado_operator.engine.repair.strategies.routing import routing_fixes
from tornado_operator.engine.repair.strategies.timing import premature_fallback_fix, timing_fix
from tornado_operator.engine.repair.strategies.tone import tone_fixes
from tornado_operator.engine.sim.compiled import CompiledGraph

# Which strategies can repair a failed assertion of each type (docs/assertions.md lists these).
STRATEGIES: dict[AssertionType, tuple[str, ...]] = {
    AssertionType.NODE_REACHED: ("routing",),
    AssertionType.NODES_VISITED: ("routing",),
    AssertionType.TRANSFERRED: ("timing", "routing"),
    AssertionType.WEBHOOK_TRIGGERED: ("routing",),
    AssertionType.CALL_ENDED_BY_AGENT: ("routing",),
    AssertionType.VARIABLE_EXTRACTED: ("extraction",),
    AssertionType.LLM_JUDGE: ("phrases",),
    AssertionType.REGEX_MATCH: ("phrases",),
    AssertionType.BLAND_TONE: ("tone",),
    AssertionType.LATENCY_BELOW: ("latency",),
}


_RANK = {"config_change": 0, "flow_change": 1, "prompt_edit": 2}


def plan_fixes(graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
    """Candidate fixes for the given (fixable) failed scenarios; empty when no rule applies."""
    found: dict[tuple[str, ...], Candidate] = {}
    notes: list[str] = []
    order = 0

    def add(candidate: Candidate) -> None:
        nonlocal order
        existing = found.get(candidate.key)
        if existing is not None and existing.options[:1] != candidate.options[:1]:
            # the same place to change, but another change (another caller's word): its own candidate
            candidate.key = (*candidate.key, *candidate.scenario_ids)
            existing = found.get(candidate.key)
        if existing is None:
            candidate.order = order
            order += 1
            found[candidate.key] = candidate
            return
        for scenario_id in candidate.scenario_ids:
            if scenario_id not in existing.scenario_ids:
                existing.scenario_ids.append(scenario_id)

    for analysis in analyses:
        if analysis.conversation.error is not None:
            notes.append(f"{analysis.scenario_id}: could not run ({analysis.conversation.error_kind}): nothing in the pathway to change")
            continue
        before = order
        routed_at: int | None = None
        for failed in analysis.failed:
            config = failed.assertion.typed_config()
            if isinstance(config, TransferredConfig):
                timing = timing_fix(graph, analysis, config)
                if timing is not None:
                    add(timing)
        if any(item.result.type in PATH_TYPES for item in analysis.failed):
            premature = premature_fallback_fix(graph, analysis)
            if premature is not None:
                add(premature)
        if any(item.result.type in PATH_TYPES for item in analysis.failed):
            by_label = label_fixes(graph, analysis)  # an edge that routes by label gets its label edited
            candidates, routed_at = by_label if by_label is not None else routing_fixes(graph, analysis)
            for candidate in candidates:
                add(candidate)
        for failed in analysis.failed:
            config = failed.assertion.typed_config()
            if isinstance(config, VariableExtractedConfig):
                extraction = extraction_fix(graph, analysis, config, routed_at)
                if extraction is not None:
                    add(extraction)
            elif routed_at is not None:
                continue
            elif isinstance(config, LlmJudgeConfig | RegexMatchConfig):
                for candidate in phrase_fixes(graph, analysis, failed):
                    add(candidate)
            elif isinstance(config, BlandToneConfig):
                for candidate in tone_fixes(graph, analysis, failed):
                    add(candidate)
            elif isinstance(config, LatencyBelowConfig):
                for candidate in latency_fixes(graph, analysis, failed):
                    add(candidate)
        if order == before and not any(analysis.scenario_id in c.scenario_ids for c in found.values()):
            kinds = ", ".join(sorted({item.result.type.value for item in analysis.failed})) or "score"
            notes.append(f"{analysis.scenario_id}: no strategy applies to the failed {kinds} assertion(s)")
    # The most surgical change first: a setting (retryThreshold, a pattern) before a new word
    # in the routing, and text edits last; then the fix serving more scenarios.
    ranked = sorted(found.values(), key=lambda c: (_RANK[c.type], -len(c.scenario_ids), c.order))
    return PlannedFixes(candidates=ranked, notes=notes)

"""The offline, rule-based fixer: a FixPlan from failure analyses, and applying it to a graph.

Rules (tried per failed scenario, in the order the loop lists the fixable failures):

1. Routing (flow_change). A path assertion failed (NODE_REACHED, NODES_VISITED, TRANSFERRED,
   WEBHOOK_TRIGGERED, CALL_ENDED_BY_AGENT) and a caller turn matched nothing (or, when no
   turn was unmatched, was only taken by a catch-all edge). The caller's phrasing is added
   - to the globalMatch keywords of the target when the target is a global node;
   - else to the keywords of the first edge on the shortest path from the node where the turn
     was said toward the target;
   - else (no path) as a new edge from that node to the target.
2. Transfer timing (config_change). A TRANSFERRED assertion failed because the transfer came
   too late / too early / never, and the transfer is (or could be) the retryThreshold
   fallback of a node: the node's retryThreshold is set so the transfer falls inside
   [minTurn, maxTurn] given the caller's consecutive unmatched turns on that node.
3. Extraction (config_change). A VARIABLE_EXTRACTED variable was never extracted (or has
   the wrong value) although the caller said the expected value: an extraction pattern
   derived from the value's shape (digits -> \\d{n}, letters -> [A-Za-z]{n}, e-mail, else the
   literal) is set on the node the caller said it on.
4. Required phrase (prompt_edit). The agent never said an LLM_JUDGE requiredPhrase or a
   literal-ish REGEX_MATCH pattern: the phrase is added, as a sentence, to the text of the
   visited node whose name/prompt/text shares most words with it (else the last node the
   agent spoke on). A forbidden phrase the agent said is removed with its sentence.

Content fixes (3, 4) wait while a scenario still has a routing fix in the same plan: the
conversation will take another path next time, so the right node is not known yet.

Fixes aimed at the same change are merged (one fix, several scenario_ids). Fix ids are
fix-001, fix-002, ... in priority order (fixes serving more scenarios first, then in the
order found). Applying a plan builds a new graph (the input is never mutated) and validates
it with PathwayGraph.model_validate.
"""

from __future__ import annotations

from collections.abc import Sequence

from tornado_operator.api.scenario import (
    LlmJudgeConfig,
    RegexMatchConfig,
    TransferredConfig,
    VariableExtractedConfig,
)
from tornado_operator.api.session import Fix, FixPlan
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import Candidate, Patch, PlannedFixes, describe
from tornado_operator.engine.repair.strategies.extraction import extraction_fix
from tornado_operator.engine.repair.strategies.phrases import phrase_fixes
from tornado_operator.engine.repair.strategies.routing import PATH_TYPES, path_targets, routing_fix
from tornado_operator.engine.repair.strategies.timing import timing_fix
from tornado_operator.engine.sim.compiled import CompiledGraph


def plan_fixes(graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
    """A fix plan for the given (fixable) failed scenarios; empty when no rule applies."""
    found: dict[tuple[str, ...], Candidate] = {}
    order = 0

    def add(candidate: Candidate) -> None:
        nonlocal order
        existing = found.get(candidate.key)
        if existing is None:
            candidate.order = order
            order += 1
            found[candidate.key] = candidate
            return
        if existing.patch.op in ("set_retry_threshold", "set_extract") and existing.patch != candidate.patch:
            return  # conflicting settings for the same node: the first (higher priority) wins
        merged_values = tuple(dict.fromkeys((*existing.patch.values, *candidate.patch.values)))
        existing.patch = Patch(
            existing.patch.op, existing.patch.node, existing.patch.edge, existing.patch.target,
            merged_values, existing.patch.name, existing.patch.number,
        )
        for scenario_id in candidate.scenario_ids:
            if scenario_id not in existing.scenario_ids:
                existing.scenario_ids.append(scenario_id)

    for analysis in analyses:
        if analysis.conversation.error is not None:
            continue  # could not run: nothing in the graph to change (the error is the root cause)
        routed_at: int | None = None
        for failed in analysis.failed:
            if failed.result.type not in PATH_TYPES:
                continue
            config = failed.assertion.typed_config()
            if isinstance(config, TransferredConfig):
                timing = timing_fix(graph, analysis, config)
                if timing is not None:
                    add(timing)
                    continue
            targets = path_targets(graph, analysis, failed)
            if not targets:
                continue
            routed = routing_fix(graph, analysis, targets)
            if routed is not None:
                candidate, event = routed
                add(candidate)
                routed_at = event.turn if routed_at is None else min(routed_at, event.turn)
        for failed in analysis.failed:
            config = failed.assertion.typed_config()
            if isinstance(config, VariableExtractedConfig):
                extraction = extraction_fix(graph, analysis, config, routed_at)
                if extraction is not None:
                    add(extraction)
            elif isinstance(config, LlmJudgeConfig | RegexMatchConfig) and routed_at is None:
                for candidate in phrase_fixes(graph, analysis, failed):
                    add(candidate)

    ranked = sorted(found.values(), key=lambda c: (-len(c.scenario_ids), c.order))
    fixes: list[Fix] = []
    patches: dict[str, Patch] = {}
    for number, candidate in enumerate(ranked, start=1):
        fix_id = f"fix-{number:03d}"
        fixes.append(
            Fix(
                id=fix_id,
                target_node=candidate.patch.node,
                description=describe(candidate),
                type=candidate.type,
                scenario_ids=sorted(candidate.scenario_ids),
            )
        )
        patches[fix_id] = candidate.patch
    return PlannedFixes(plan=FixPlan(fixes=fixes, priority_order=[fix.id for fix in fixes]), patches=patches)

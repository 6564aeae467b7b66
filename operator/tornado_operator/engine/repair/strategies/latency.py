"""Latency (prompt_edit): a LATENCY_BELOW assertion failed. The simulated latency of an agent
turn is 300 ms + 5 ms per character + 400 ms per webhook it waited for (sim/interpreter.py), so
the lever a pathway has is how much the agent says: on the node of the slowest turn, statements
(never a question, never one with a {{variable}}) are dropped until that turn would be under
the limit — one sentence long enough on its own, the shortest such first (the smallest edit),
else the longest ones together. Verification keeps the first edit no passing or held-out
scenario needs: a safety instruction another caller must hear stays, the next sentence goes.
"""

from __future__ import annotations

import re

from tornado_operator.api.scenario import LatencyBelowConfig
from tornado_operator.engine.repair.analysis import Analysis, FailedAssertion
from tornado_operator.engine.repair.apply import split_sentences
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.interpreter import PER_CHAR_LATENCY_MS


def latency_fixes(graph: CompiledGraph, analysis: Analysis, failed: FailedAssertion) -> list[Candidate]:
    config = failed.assertion.typed_config()
    if not isinstance(config, LatencyBelowConfig):
        return []
    turns = [t for t in analysis.conversation.transcript if t.speaker == "agent" and t.latency_ms is not None and graph.has_node(t.node)]
    slow = sorted((t for t in turns if (t.latency_ms or 0) > config.max_ms), key=lambda t: -(t.latency_ms or 0))
    if not slow:
        slow = sorted(turns, key=lambda t: -(t.latency_ms or 0))[:1]  # avg / p95 over the limit: the slowest turn
    options: list[Option] = []
    for turn in slow[:3]:
        node = graph.nodes[turn.node].source
        excess_chars = max(1, ((turn.latency_ms or 0) - config.max_ms) // PER_CHAR_LATENCY_MS + 1)
        statements = sorted(
            (s for s in split_sentences(node.text) if not s.endswith("?") and "{{" not in s), key=len, reverse=True
        )
        # one sentence that is enough on its own, the shortest first (the smallest edit; the
        # next one when verification finds another scenario needs it), then the longest ones
        # together until the turn fits
        cuts = [[s] for s in sorted(statements, key=len) if len(s) + 1 >= excess_chars]
        greedy: list[str] = []
        for sentence in statements:
            if sum(len(s) + 1 for s in greedy) >= excess_chars:
                break
            greedy.append(sentence)
        if sum(len(s) + 1 for s in greedy) >= excess_chars and greedy not in cuts:
            cuts.append(greedy)
        total = len(split_sentences(node.text))
        for cut in cuts:
            if len(cut) == total:
                continue  # it would leave the node silent
            options.append(
                Option(
                    tuple(Patch("remove_text", turn.node, values=(re.escape(s),)) for s in cut),
                    f"Shorten node {turn.node!r} so its turn is under {config.max_ms} ms: drop "
                    + "; ".join(repr(s) for s in cut)
                    + f" ({len(''.join(cut))} characters; the turn took {turn.latency_ms} ms)",
                )
            )
    if not options:
        return []
    return [Candidate(("latency", failed.result.assertion_id), "prompt_edit", options[0].patches[0].node, options, [analysis.scenario_id])]

"""Offline routing as pure functions: extract variables from a caller turn, pick the next node.

The rules (also in compiled.py's docstring and the README): extraction runs every
`extractVars` pattern of the current node; then the caller turn is tried against the node's
keyword/pattern edges in order, then the global nodes' keywords/patterns (never the current
node), then by label against the node's label edges and the label global nodes (labels.py),
then the node's catch-all edges; a keyword the caller negated counts only after all of these.
The offline backend answers with these functions, and the fixer calls them to test a change
without building a backend.
"""

from __future__ import annotations

from typing import Any

from tornado_operator.engine.sim.agent import AgentDecision
from tornado_operator.engine.sim.compiled import CompiledGraph, CompiledNode, settled_capture
from tornado_operator.engine.sim.conversation import (
    VIA_CATCH_ALL,
    VIA_EDGE,
    VIA_GLOBAL,
    VIA_UNMATCHED,
)

REPROMPT_PREFIX = "Sorry, I didn't quite catch that."
_TRUE = frozenset({"yes", "true", "y", "yeah", "yep", "correct", "1"})
_FALSE = frozenset({"no", "false", "n", "nope", "0"})


def convert_value(value: str, type_: str) -> Any:
    """An extracted string as its declared type (integer, number, boolean); unchanged when it
    does not parse, so a wrong value stays visible in the results."""
    if type_ == "integer":
        try:
            return int(value.replace(",", ""))
        except ValueError:
            return value
    if type_ == "number":
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return value
    if type_ == "boolean":
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return value


def extract(node: CompiledNode, caller_text: str) -> dict[str, Any]:
    """Variables the node's extraction patterns capture from one caller turn: from what the caller
    settled on when they took a value back (compiled.settled_capture), else from the whole turn."""
    extracted: dict[str, Any] = {}
    for var in node.extract:
        if var.pattern is None:
            continue  # described only: needs an LLM extractor
        raw = settled_capture(var.pattern, caller_text)
        if raw is None:
            continue
        extracted[var.name] = convert_value(raw.strip(), var.type)
    return extracted


def route(graph: CompiledGraph, node_id: str, caller_text: str) -> AgentDecision:
    """Where a caller turn on `node_id` goes (no extraction): edge, global node, catch-all or nowhere."""
    node = graph.nodes[node_id]
    lowered = caller_text.lower()
    near_miss = None  # how close the best label came, for an unmatched turn
    for negated_ok in (False, True):  # a negated keyword only when nothing else fits
        for edge in node.conditional:
            matched = edge.match.match(lowered, caller_text, negated_ok=negated_ok)
            if matched is not None:
                return AgentDecision(edge.target, VIA_EDGE, edge.id, matched=matched)
        for candidate in graph.globals:
            if candidate.id != node_id and candidate.global_match is not None:
                matched = candidate.global_match.match(lowered, caller_text, negated_ok=negated_ok)
                if matched is not None:
                    return AgentDecision(candidate.id, VIA_GLOBAL, candidate.id, matched=matched)
        labels = None if negated_ok else graph.label_index(node_id)
        if labels is not None:  # after every keyword and pattern, before the catch-alls
            fit = labels.score(caller_text)
            if fit.candidate is not None:
                via = VIA_GLOBAL if fit.candidate.is_global else VIA_EDGE
                return AgentDecision(fit.candidate.target, via, fit.candidate.id, matched=fit.explanation)
            near_miss = fit.explanation
        if node.catch_all:
            edge = node.catch_all[0]
            return AgentDecision(edge.target, VIA_CATCH_ALL, edge.id, matched="always")
    return AgentDecision(None, VIA_UNMATCHED, None, matched=near_miss)


def decide_turn(graph: CompiledGraph, node_id: str, caller_text: str) -> AgentDecision:
    """What the offline agent does with one caller turn: extract, then route."""
    decision = route(graph, node_id, caller_text)
    decision.extracted = extract(graph.nodes[node_id], caller_text)
    return decision


def is_unmatched(graph: CompiledGraph, node_id: str, caller_text: str) -> bool:
    """True when nothing on `node_id` takes the turn (the agent would reprompt)."""
    return route(graph, node_id, caller_text).target is None


def agent_text(graph: CompiledGraph, node_id: str, variables: dict[str, Any], *, reprompt: bool) -> str:
    """What the offline agent says on a node: its text rendered, prefixed when reprompting."""
    text = graph.nodes[node_id].template.render(variables)
    if not reprompt:
        return text
    if not text:
        return f"{REPROMPT_PREFIX} Could you say that another way?"
    return f"{REPROMPT_PREFIX} {text}"

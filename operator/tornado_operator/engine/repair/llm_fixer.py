"""The LLM fixer: a root-cause analysis and fix suggestions from the model, validated and applied.

The fixer model gets the pathway (nodes, edges, start node) and the failed scenarios (root
cause summary, failed assertions with their details, a transcript excerpt) and answers in
the hosted API's analysis shape:

    {"root_cause": str,
     "suggestions": [{"type": "prompt_edit" | "config_change" | "flow_change",
                      "target_node": str, "description": str,
                      "suggested_change": ..., "confidence": 0..1,
                      "scenario_ids": [str]  (optional: the failures it fixes)}]}

`suggested_change` by type:

* prompt_edit: a string (the node's new prompt) or {"prompt": str, "text": str} (either or
  both replace the node's prompt / spoken text);
* config_change: {"retryThreshold": int, "fallbackNodeId": str, "extractVars": [{"name",
  "description", "pattern", "type"}]} (variables are merged by name);
* flow_change: {"add_nodes": [node], "add_edges": [{"id"?, "source", "target", "label",
  "keywords"?, "always"?}], "update_edges": [{"id", "label"?, "target"?, "keywords"?}],
  "remove_edges": [edge id], "remove_nodes": [node id]}.

Every suggestion is validated before use, in order of confidence (highest first), against
the pathway as changed by the suggestions accepted before it: its type is known, its
target_node exists (or is added by the same suggestion), its edges lead to existing nodes,
it does not remove the start node, and the changed pathway passes PathwayGraph validation.
A suggestion that fails is rejected with a message naming it and the reason, and is not
applied; the others still are. The rejections and the model's root cause are recorded in
the backend's report (the iteration result's `llm.notes`) and logged. A fixer that fails
(server, malformed JSON) yields an empty plan (the loop then stops STUCK), never a crashed
iteration.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from tornado_operator.api.errors import first_error
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.errors import LlmError, LlmOutputError
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import Candidate, Option, PlannedFixes
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import transcript_text
from tornado_operator.text import clip, excerpt

log = logging.getLogger("tornado.llm")

FIX_TYPES = ("prompt_edit", "config_change", "flow_change")
MAX_SUGGESTIONS = 20
MAX_FAILURES_SHOWN = 20
GRAPH_CHARS = 24_000
TRANSCRIPT_CHARS = 3_000

_ALIASES = {
    "retry_threshold": "retryThreshold",
    "fallback_node_id": "fallbackNodeId",
    "extract_vars": "extractVars",
    "addNodes": "add_nodes",
    "addEdges": "add_edges",
    "addEdge": "add_edge",
    "updateEdges": "update_edges",
    "removeEdges": "remove_edges",
    "removeNodes": "remove_nodes",
}
_PROMPT_KEYS = {"prompt", "text"}
_CONFIG_KEYS = {"retryThreshold", "fallbackNodeId", "extractVars"}
_FLOW_KEYS = {"add_nodes", "add_edges", "add_edge", "update_edges", "remove_edges", "remove_nodes"}


class FixerModel(Protocol):
    """The fixer role of an LLM backend: one JSON call, and a note in the iteration's call log."""

    model: str

    def ask(self, messages: list[dict[str, str]], parse: Any) -> Any: ...

    def note(self, entry: dict[str, Any]) -> None: ...


class FixRejected(Exception):
    """A model-proposed fix that cannot be applied (the message says why)."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    index: int  # position in the model's answer (0-based)
    type: str
    target_node: str
    description: str
    change: dict[str, Any]
    confidence: float
    scenario_ids: tuple[str, ...]


# --- the prompt ----------------------------------------------------------------------------

SYSTEM_PROMPT = """You fix conversation pathways (graphs of dialogue nodes) of phone agents whose test scenarios failed.
Find the root cause of the failures and suggest the smallest changes to the pathway that make the scenarios pass.

Reply with a JSON object only:
{"root_cause": "<one paragraph>",
 "suggestions": [{"type": "prompt_edit" | "config_change" | "flow_change",
                  "target_node": "<id of an existing node>",
                  "description": "<what the change does and why>",
                  "suggested_change": <see below>,
                  "confidence": <0.0..1.0>,
                  "scenario_ids": ["<failed scenario ids this fixes>"]}]}

suggested_change by type:
- prompt_edit: {"prompt": "<the node's complete new prompt>", "text": "<the node's complete new spoken text>"} (either or both)
- config_change: {"retryThreshold": <int>, "fallbackNodeId": "<node id>", "extractVars": [{"name": "...", "description": "...", "pattern": "<optional regex>", "type": "string|integer|number|boolean"}]}
- flow_change: {"add_edges": [{"source": "<node id>", "target": "<node id>", "label": "<when to take it>", "keywords": ["..."]}],
                "update_edges": [{"id": "<edge id>", "label": "...", "target": "<node id>"}],
                "remove_edges": ["<edge id>"],
                "add_nodes": [{"id": "...", "name": "...", "type": "default|end_call|transfer", "text": "...", "prompt": "...", "transfer": {"target": "..."}}]}
Only reference nodes and edges that exist (or that the same suggestion adds). Never remove the start node."""


def _graph_json(graph: PathwayGraph) -> str:
    data = graph.model_dump(by_alias=True, mode="json", exclude_defaults=True)
    data["startNodeId"] = graph.start_node
    text = json.dumps(data, ensure_ascii=False)
    return clip(text, GRAPH_CHARS)


def _failure(analysis: Analysis) -> dict[str, Any]:
    conv = analysis.conversation
    return {
        "scenario_id": analysis.scenario_id,
        "name": analysis.scenario.name,
        "description": analysis.scenario.description,
        "type": analysis.scenario.scenario_type.value,
        "root_cause_summary": analysis.summary,
        "ended_by": conv.ended_by,
        "error": conv.error,
        "nodes_visited": conv.nodes_visited[-40:],
        "failed_assertions": [
            {
                "type": item.result.type.value,
                "id": item.result.assertion_id,
                "target": item.result.target,
                "expected": item.result.expected,
                "actual": item.result.actual,
                "detail": excerpt(item.result.detail, 500),
            }
            for item in analysis.failed[:10]
        ],
        "transcript": transcript_text(conv.transcript, TRANSCRIPT_CHARS),
    }


def fixer_messages(graph: PathwayGraph, analyses: Sequence[Analysis]) -> list[dict[str, str]]:
    failures = [_failure(analysis) for analysis in analyses[:MAX_FAILURES_SHOWN]]
    user = (
        f"Pathway:\n{_graph_json(graph)}\n\n"
        f"Failed scenarios ({len(analyses)}):\n{json.dumps(failures, ensure_ascii=False, indent=1)}"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


# --- parsing -------------------------------------------------------------------------------


def parse_analysis(model: str, data: dict[str, Any]) -> tuple[str, list[Any]]:
    """root_cause and the raw suggestions; a wrong shape is an LlmOutputError naming the fixer."""
    if "suggestions" not in data:
        keys = ", ".join(sorted(data)) or "none"
        raise LlmOutputError("fixer", f"fixer model {model!r}: the answer has no 'suggestions' (keys: {keys}); expected root_cause and suggestions")
    suggestions = data["suggestions"]
    if not isinstance(suggestions, list):
        raise LlmOutputError("fixer", f"fixer model {model!r}: 'suggestions' must be a list, got {type(suggestions).__name__}")
    root_cause = data.get("root_cause", "")
    if not isinstance(root_cause, str):
        root_cause = json.dumps(root_cause)
    return root_cause, suggestions[:MAX_SUGGESTIONS]


def _normalise_keys(change: dict[str, Any]) -> dict[str, Any]:
    return {_ALIASES.get(key, key): value for key, value in change.items()}


def read_suggestion(index: int, raw: Any, scenario_ids: Sequence[str]) -> Suggestion:
    """One suggestion, checked for shape (not yet against the graph)."""
    if not isinstance(raw, dict):
        raise FixRejected(f"suggestion {index + 1} is not an object: {excerpt(json.dumps(raw), 120)}")
    kind = raw.get("type")
    if kind not in FIX_TYPES:
        raise FixRejected(f"suggestion {index + 1}: type {kind!r} is not one of {', '.join(FIX_TYPES)}")
    target = raw.get("target_node")
    if not isinstance(target, str) or not target.strip():
        raise FixRejected(f"suggestion {index + 1} ({kind}): target_node is missing")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        description = f"{kind} on node {target}"
    confidence = raw.get("confidence", 0.5)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        confidence = 0.5
    confidence = min(1.0, max(0.0, float(confidence)))
    change = raw.get("suggested_change")
    if kind == "prompt_edit" and isinstance(change, str):
        change = {"prompt": change}
    if not isinstance(change, dict) or not change:
        raise FixRejected(f"suggestion {index + 1} ({kind} on {target!r}): suggested_change must be a non-empty object")
    change = _normalise_keys(change)
    allowed = {"prompt_edit": _PROMPT_KEYS, "config_change": _CONFIG_KEYS, "flow_change": _FLOW_KEYS}[kind]
    unknown = sorted(set(change) - allowed)
    if unknown:
        raise FixRejected(
            f"suggestion {index + 1} ({kind} on {target!r}): suggested_change has unknown key(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    wanted = raw.get("scenario_ids")
    known = list(scenario_ids)
    chosen = tuple(sid for sid in wanted if sid in known) if isinstance(wanted, list) else ()
    return Suggestion(index, kind, target.strip(), description.strip(), change, confidence, chosen or tuple(known))


# --- applying ------------------------------------------------------------------------------


def _node_ids(data: dict[str, Any]) -> set[str]:
    return {node["id"] for node in data["nodes"]}


def _start(data: dict[str, Any]) -> str | None:
    if data.get("startNodeId"):
        return str(data["startNodeId"])
    return next((node["id"] for node in data["nodes"] if node.get("isStart")), None)


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise FixRejected(f"{what} must be a string, got {type(value).__name__}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        raise FixRejected(f"{what} must be a list, got {type(value).__name__}")
    return value


def _apply_prompt_edit(data: dict[str, Any], node: dict[str, Any], change: dict[str, Any]) -> None:
    changed = False
    for key in ("prompt", "text"):
        if key in change and change[key] is not None:
            node[key] = _string(change[key], f"suggested_change.{key}")
            changed = True
    if not changed:
        raise FixRejected("suggested_change has neither prompt nor text")


def _apply_config_change(data: dict[str, Any], node: dict[str, Any], change: dict[str, Any]) -> None:
    config = node.setdefault("config", {})
    if "retryThreshold" in change:
        value = change["retryThreshold"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise FixRejected(f"retryThreshold must be an integer, got {value!r}")
        config["retryThreshold"] = value
    if "fallbackNodeId" in change:
        fallback = change["fallbackNodeId"]
        if fallback is not None and _string(fallback, "fallbackNodeId") not in _node_ids(data):
            raise FixRejected(f"fallbackNodeId {fallback!r} is not a node of the pathway")
        config["fallbackNodeId"] = fallback
    if "extractVars" in change:
        variables = node.setdefault("extractVars", [])
        for item in _list(change["extractVars"], "extractVars"):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise FixRejected(f"extractVars entries need a name: {excerpt(json.dumps(item), 120)}")
            item = {_ALIASES.get(k, k): v for k, v in item.items() if k in ("name", "description", "pattern", "type")}
            existing = next((var for var in variables if var["name"] == item["name"]), None)
            if existing is None:
                variables.append(item)
            else:
                existing.update(item)


def _edge_id(data: dict[str, Any], source: str, target: str) -> str:
    taken = {edge["id"] for edge in data["edges"]}
    base = f"{source}-to-{target}"[:120]
    edge_id, suffix = base, 2
    while edge_id in taken:
        edge_id, suffix = f"{base}-{suffix}", suffix + 1
    return edge_id


def _apply_flow_change(data: dict[str, Any], node: dict[str, Any] | None, change: dict[str, Any]) -> None:
    nodes: list[dict[str, Any]] = data["nodes"]
    edges: list[dict[str, Any]] = data["edges"]
    start = _start(data)
    for item in _list(change.get("add_nodes", []), "add_nodes"):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise FixRejected(f"add_nodes entries need an id: {excerpt(json.dumps(item), 120)}")
        if item["id"] in _node_ids(data):
            raise FixRejected(f"add_nodes: node {item['id']!r} already exists")
        new = {k: v for k, v in item.items() if k != "isStart" and k != "is_start"}
        nodes.append(new)
    removed_nodes = [_string(n, "remove_nodes[]") for n in _list(change.get("remove_nodes", []), "remove_nodes")]
    for node_id in removed_nodes:
        if node_id == start:
            raise FixRejected(f"remove_nodes: {node_id!r} is the start node and cannot be removed")
        if node_id not in _node_ids(data):
            raise FixRejected(f"remove_nodes: no node {node_id!r}")
    ids = _node_ids(data) - set(removed_nodes)
    for edge_id in (_string(e, "remove_edges[]") for e in _list(change.get("remove_edges", []), "remove_edges")):
        if not any(edge["id"] == edge_id for edge in edges):
            raise FixRejected(f"remove_edges: no edge {edge_id!r}")
        edges[:] = [edge for edge in edges if edge["id"] != edge_id]
    for item in _list(change.get("update_edges", []), "update_edges"):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise FixRejected(f"update_edges entries need an id: {excerpt(json.dumps(item), 120)}")
        edge = next((e for e in edges if e["id"] == item["id"]), None)
        if edge is None:
            raise FixRejected(f"update_edges: no edge {item['id']!r}")
        if "target" in item:
            target = _string(item["target"], "update_edges[].target")
            if target not in ids:
                raise FixRejected(f"update_edges: edge {item['id']!r} would point at missing node {target!r}")
            edge["target"] = target
        if "label" in item:
            edge["label"] = _string(item["label"], "update_edges[].label")
        if "keywords" in item:
            edge.setdefault("match", {})["keywords"] = [str(k) for k in _list(item["keywords"], "keywords")]
    additions = [*_list(change.get("add_edges", []), "add_edges"), *_list(change.get("add_edge", []), "add_edge")]
    for item in additions:
        if not isinstance(item, dict):
            raise FixRejected(f"add_edges entries must be objects: {excerpt(json.dumps(item), 120)}")
        source = _string(item.get("source", node["id"] if node else None), "add_edges[].source")
        target = _string(item.get("target"), "add_edges[].target")
        for end, node_id in (("source", source), ("target", target)):
            if node_id not in ids:
                raise FixRejected(f"add_edges: edge {source} -> {target} points at missing {end} node {node_id!r}")
        new_id = item.get("id")
        if not isinstance(new_id, str) or not new_id or any(e["id"] == new_id for e in edges):
            new_id = _edge_id(data, source, target)
        match: dict[str, Any] = {"keywords": [str(k) for k in _list(item.get("keywords", []), "keywords")]}
        if item.get("always") is True:
            match["always"] = True
        edges.append({"id": new_id, "source": source, "target": target, "label": str(item.get("label", "")), "match": match})
    if removed_nodes:
        nodes[:] = [n for n in nodes if n["id"] not in removed_nodes]
        dangling = [e["id"] for e in edges if e["source"] in removed_nodes or e["target"] in removed_nodes]
        edges[:] = [e for e in edges if e["id"] not in dangling]
        for other in nodes:
            if (other.get("config") or {}).get("fallbackNodeId") in removed_nodes:
                raise FixRejected(f"remove_nodes: node {other['id']!r} falls back to a removed node")


def apply_suggestion(data: dict[str, Any], suggestion: Suggestion) -> dict[str, Any]:
    """`data` (a graph's wire dict) with the suggestion applied: a new dict, validated."""
    out = copy.deepcopy(data)
    change = suggestion.change
    if suggestion.type == "flow_change":
        added = {item.get("id") for item in _list(change.get("add_nodes", []), "add_nodes") if isinstance(item, dict)}
        if suggestion.target_node not in _node_ids(out) and suggestion.target_node not in added:
            raise FixRejected(_missing_node(out, suggestion.target_node))
        node = next((n for n in out["nodes"] if n["id"] == suggestion.target_node), None)
        _apply_flow_change(out, node, change)
    else:
        node = next((n for n in out["nodes"] if n["id"] == suggestion.target_node), None)
        if node is None:
            raise FixRejected(_missing_node(out, suggestion.target_node))
        if suggestion.type == "prompt_edit":
            _apply_prompt_edit(out, node, change)
        else:
            _apply_config_change(out, node, change)
    try:
        graph = PathwayGraph.model_validate(out)
    except ValidationError as exc:
        raise FixRejected(first_error(exc, "the changed pathway is invalid: ")) from None
    if graph.start_node != _start(data):
        raise FixRejected(f"the start node would change from {_start(data)!r} to {graph.start_node!r}")
    return out


def _missing_node(data: dict[str, Any], node_id: str) -> str:
    names = sorted(_node_ids(data))
    shown = ", ".join(names[:20]) + (" ..." if len(names) > 20 else "")
    return f"target_node {node_id!r} is not a node of the pathway (nodes: {shown})"


def validate_suggestions(
    graph: PathwayGraph, raw: Sequence[Any], scenario_ids: Sequence[str]
) -> tuple[list[Suggestion], list[dict[str, Any]], dict[str, Any]]:
    """(accepted suggestions in priority order, rejections, the graph with all accepted applied)."""
    data = graph.model_dump(by_alias=True, mode="json")
    rejected: list[dict[str, Any]] = []
    read: list[Suggestion] = []
    for index, item in enumerate(raw):
        try:
            read.append(read_suggestion(index, item, scenario_ids))
        except FixRejected as exc:
            rejected.append({"suggestion": index + 1, "reason": str(exc)})
    read.sort(key=lambda s: (-s.confidence, s.index))
    accepted: list[Suggestion] = []
    for suggestion in read:
        try:
            data = apply_suggestion(data, suggestion)
        except FixRejected as exc:
            rejected.append(
                {
                    "suggestion": suggestion.index + 1,
                    "type": suggestion.type,
                    "targetNode": suggestion.target_node,
                    "reason": f"suggestion {suggestion.index + 1} ({suggestion.type} on {suggestion.target_node!r}) rejected: {exc}",
                }
            )
            continue
        accepted.append(suggestion)
    return accepted, rejected, data


def planned_from(graph: PathwayGraph, accepted: Sequence[Suggestion]) -> PlannedFixes:
    """One candidate per accepted suggestion (verification may still drop it), in the model's order."""
    candidates: list[Candidate] = []
    for suggestion in accepted:

        def apply(base: PathwayGraph, chosen: Suggestion = suggestion) -> PathwayGraph:
            data = base.model_dump(by_alias=True, mode="json")
            return PathwayGraph.model_validate(apply_suggestion(data, chosen))

        candidates.append(
            Candidate(
                key=("llm", str(suggestion.index)),
                type=suggestion.type,  # type: ignore[arg-type]  # checked against FIX_TYPES
                target_node=suggestion.target_node,
                options=[Option((), excerpt(suggestion.description, 1000), apply=apply)],
                scenario_ids=sorted(suggestion.scenario_ids),
                order=len(candidates),
            )
        )
    return PlannedFixes(candidates=candidates)


def plan_llm_fixes(fixer: FixerModel, graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
    """The model's fix plan for the analysed failures (empty when it fails or every fix is rejected)."""
    # like the rule-based fixer: a scenario that could not run (server down, bad model output)
    # has nothing in the pathway to change
    analyses = [analysis for analysis in analyses if analysis.conversation.error is None]
    if not analyses:
        return PlannedFixes()
    pathway = graph.graph
    scenario_ids = [analysis.scenario_id for analysis in analyses]
    model = fixer.model
    try:
        root_cause, raw = fixer.ask(fixer_messages(pathway, analyses), lambda data: parse_analysis(model, data))
    except LlmError as exc:
        fixer.note({"role": "fixer", "error": str(exc), "scenarioIds": scenario_ids})
        log.warning("llm fixer failed, no fixes this iteration: %s", exc)
        return PlannedFixes()
    accepted, rejected, _ = validate_suggestions(pathway, raw, scenario_ids)
    for item in rejected:
        log.warning("llm fixer: %s", item["reason"])
    planned = planned_from(pathway, accepted)
    fixer.note(
        {
            "role": "fixer",
            "rootCause": excerpt(root_cause, 1000),
            "scenarioIds": scenario_ids,
            "accepted": [
                {"suggestion": s.index + 1, "confidence": s.confidence} for s in accepted
            ],
            "rejected": rejected,
        }
    )
    return planned

"""Write a PathwayGraph as Bland's pathway JSON: the reader's inverse.

Each object is written in the canonical form from the model (shape.py), adjusted by its
passthrough's form record, and its kept fields are added back underneath. Settings only
tornado has (match keywords and patterns, extraction patterns, retry and fallback) go under
`data.tornado`, which the reader reads back; a pathway imported from Bland and not changed by
tornado has none, so it is written back as it came.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tornado_operator.api.pathway import (
    Edge,
    MatchCondition,
    Node,
    NodeConfig,
    NodeType,
    Passthrough,
    PathwayGraph,
)
from tornado_operator.formats.bland import values
from tornado_operator.formats.bland.shape import (
    MISSING,
    TORNADO_KEY,
    TYPE_NAMES,
    WRITTEN_TYPE,
    Form,
    fields_of,
    merge_under,
    set_path,
)

CANONICAL_PROMPT_PLACES = ["node", "globalConfig"]


class _Writer:
    """One object being written."""

    def __init__(self, passthrough: Passthrough | None) -> None:
        self.form = Form.of(passthrough)
        self.fields = fields_of(passthrough)
        self.out: dict[str, Any] = {}

    def put(
        self,
        path: str,
        value: Any,
        default: Any,
        render: Callable[[Any], Any] = values.same,
        parse: Callable[[Any], Any] | None = None,
        *,
        always: bool = False,
    ) -> None:
        """Write the model's `value` at `path`, unless the canonical form leaves it out; the
        source's own spelling when it still reads as the same value."""
        if path in self.form.absent:
            return
        if not always and value == default and path not in self.form.present:
            return
        raw = self.form.raw.get(path, MISSING)
        if raw is not MISSING:
            try:
                if (parse or values.same)(raw) == value:
                    set_path(self.out, path, raw)
                    return
            except values.Odd:
                pass
        set_path(self.out, path, render(value))

    def done(self) -> dict[str, Any]:
        return merge_under(self.out, self.fields)


def _write_node(node: Node, *, is_start: bool, legacy_prompt: str | None) -> dict[str, Any]:
    w = _Writer(node.passthrough)
    w.put("id", node.id, None, always=True)
    if node.type is NodeType.UNSUPPORTED:
        w.put("type", node.imported_type, None, always=True)
    else:
        w.put("type", node.type, None, lambda t: WRITTEN_TYPE[t], lambda raw: TYPE_NAMES.get(raw), always=True)
    w.out.setdefault("data", {})
    w.put("data.name", node.name, "")
    w.put("data.isStart", is_start, False)
    w.put("data.text", node.text, "")
    w.put("data.prompt", node.prompt, "")
    w.put("data.condition", node.condition, "")
    w.put("data.isGlobal", node.is_global, False)
    w.put("data.globalLabel", node.global_label, None)
    w.put("data.globalDescription", node.global_description, "")
    w.put("data.enableGlobalAutoReturn", node.global_auto_return, False)
    if legacy_prompt is not None:
        set_path(w.out, "data.globalPrompt", legacy_prompt)
    tails: dict[str, list[Any]] = w.form.extra.get("extractVarTails", {})
    w.put(
        "data.extractVars",
        [[var.name, var.type, var.description or "", *tails.get(var.name, [])] for var in node.extract_vars],
        [],
    )
    if node.transfer is not None:
        w.put("data.transferNumber", node.transfer.target, "")
    if node.webhook is not None:
        spec = node.webhook
        w.put("data.url", spec.url, "")
        w.put("data.method", spec.method, "POST", parse=values.method, always=True)
        w.put("data.headers", spec.headers, {})
        if spec.body_text is not None:
            w.put("data.body", spec.body_text, None, always=True)
        elif spec.body or "data.body" in w.form.raw:
            w.put("data.body", spec.body, {}, lambda body: json.dumps(body, ensure_ascii=False), always=True)
        w.put(
            "data.responseData",
            [var.wire() for var in spec.response_data],
            [],
            values.render_response_data,
            values.response_data,
        )
        w.put(
            "data.responsePathways",
            [route.wire() for route in spec.response_routes],
            [],
            values.render_routes,
            values.routes,
        )
    tornado: dict[str, Any] = {}
    if node.is_global and node.global_match is not None and node.global_match != MatchCondition():
        tornado["globalMatch"] = node.global_match.wire()
    if node.config != NodeConfig():
        tornado["config"] = node.config.wire()
    patterns = {var.name: var.pattern for var in node.extract_vars if var.pattern is not None}
    if patterns:
        tornado["extractPatterns"] = patterns
    if tornado:
        set_path(w.out, f"data.{TORNADO_KEY}", tornado)
    return w.done()


def _write_edge(edge: Edge) -> dict[str, Any]:
    w = _Writer(edge.passthrough)
    w.put("id", edge.id, None, always=True)
    w.put("source", edge.source, None, always=True)
    w.put("target", edge.target, None, always=True)
    for key in ("label", "description"):
        value = getattr(edge, key)
        w.put(key, value, "")
        w.put(f"data.{key}", value, "")
    w.put("data.alwaysPick", edge.match.always, False)
    w.put(
        "data.condition",
        [condition.wire() for condition in edge.variable_conditions],
        [],
        values.render_conditions,
        values.conditions,
    )
    if edge.match.keywords or edge.match.patterns:
        match = {"keywords": edge.match.keywords, "patterns": edge.match.patterns}
        set_path(w.out, f"data.{TORNADO_KEY}.match", match)
    return w.done()


def write_pathway(graph: PathwayGraph, *, name: str, prompt_in_nodes: bool = False) -> dict[str, Any]:
    """The pathway as Bland's JSON: name, description, nodes, edges (+ globalConfig and kept keys).

    `name`: written when the source had none (an imported pathway keeps its own). The global
    prompt goes where the source had it; a pathway made in tornado gets both the pseudo-node
    Bland's exports use and the top-level globalConfig its cookbook sends.
    `prompt_in_nodes`: always carry it in the pseudo-node (bodies that take only nodes and edges).
    """
    w = _Writer(graph.passthrough)
    prompt = graph.global_prompt
    places: list[str] = list(w.form.extra.get("globalPrompt") or (CANONICAL_PROMPT_PLACES if prompt else []))
    if prompt_in_nodes and prompt and "node" not in places:
        places.append("node")
    if "name" not in w.fields:
        w.out["name"] = name
    w.put("description", graph.description, "")
    start = graph.start_node
    legacy = {place.split(":", 1)[1] for place in places if place.startswith("data:")}
    nodes = [
        _write_node(node, is_start=node.is_start or node.id == start, legacy_prompt=prompt if node.id in legacy else None)
        for node in graph.nodes
    ]
    node_fields: dict[str, Any] = w.form.extra.get("globalNodeFields", {})
    if "node" in places or node_fields:
        pseudo = merge_under({"globalConfig": {"globalPrompt": prompt}} if "node" in places else {}, node_fields)
        index = w.form.extra.get("globalNodeIndex", len(nodes))
        nodes.insert(min(int(index), len(nodes)), pseudo)
    w.out["nodes"] = nodes
    if graph.edges or "edges" not in w.form.absent:
        w.out["edges"] = [_write_edge(edge) for edge in graph.edges]
    if "globalConfig" in places:
        set_path(w.out, "globalConfig.globalPrompt", prompt)
    return w.done()

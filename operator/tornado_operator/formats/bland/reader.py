"""Read a Bland pathway (export, GET response or update body) into a PathwayGraph.

What is read (docs/bland.md has the table): node `id`, `type` and `data` (name, isStart,
text, prompt, condition, isGlobal, globalLabel, globalDescription, enableGlobalAutoReturn,
extractVars tuples of 3 to 6 elements, transferNumber on transfer nodes, url / method /
headers / body / responseData / responsePathways on webhook nodes); edge `id`, `source`,
`target`, `label` at the top and under `data`, `data.description`, `data.alwaysPick`,
`data.condition`; the pathway's `description` and global prompt, wherever it is (top-level
`globalConfig`, the id-less pseudo-node in `nodes[]`, or a legacy `data.globalPrompt`).
Envelopes (`{"data": ...}`, `{"pathway_data": ...}`) are unwrapped.

Everything else is kept verbatim (shape.py): canvas positions, tags, model options, unknown
keys, and any known key whose value has a shape this reader does not expect (reported, never
dropped). Node types the engine cannot simulate become `type: unsupported` with their Bland
type in `importedType`. Bad input raises BlandFormatError naming the node, edge and key.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError

from tornado_operator.api.errors import validation_lines
from tornado_operator.api.pathway import (
    ID_PATTERN,
    MatchCondition,
    NodeConfig,
    NodeType,
    PathwayGraph,
)
from tornado_operator.formats.bland import values
from tornado_operator.formats.bland.shape import (
    MISSING,
    TORNADO_KEY,
    TYPE_NAMES,
    WRITTEN_TYPE,
    Form,
    get_path,
    passthrough,
    pop_path,
)

T = TypeVar("T")
_ID = re.compile(ID_PATTERN)


class BlandFormatError(ValueError):
    """The input is not a Bland pathway this reader can take; `lines` name where and why."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the person running it: counts, and one line per caveat."""

    name: str = ""
    nodes: int = 0
    edges: int = 0
    types: Counter[str] = field(default_factory=Counter)
    unsupported: list[str] = field(default_factory=list)  # one line per node the engine cannot simulate
    kept: list[str] = field(default_factory=list)  # known keys kept as they are (unexpected shape)
    offline: list[str] = field(default_factory=list)  # what the offline engine does not simulate
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.types.items()))
        return [
            f"imported {self.name or 'pathway'}: {self.nodes} nodes ({kinds}), {self.edges} edges",
            *self.notes,
            *self.unsupported,
            *self.kept,
            *self.offline,
        ]


class _Object:
    """One Bland object being read: `rest` ends up as the passthrough's fields."""

    def __init__(self, raw: dict[str, Any], where: str, report: ImportReport) -> None:
        self.rest = copy.deepcopy(raw)
        self.form = Form()
        self.where = where
        self.report = report

    def take(
        self, path: str, parse: Callable[[Any], T], render: Callable[[T], Any], default: T, *, always: bool = False
    ) -> T:
        """The value at `path`, parsed; removed from `rest` unless its shape is unexpected.
        `always`: the canonical form writes this key even with its default value."""
        value = get_path(self.rest, path)
        if value is MISSING:
            if always:
                self.form.absent.append(path)
            return default
        try:
            parsed = parse(value)
        except values.Odd as exc:
            self.keep_as_is(path, str(exc))
            return default
        pop_path(self.rest, path)
        if parsed == default and not always:
            self.form.present.append(path)
        if render(parsed) != value:
            self.form.raw[path] = value
        return parsed

    def keep_as_is(self, path: str, why: str) -> None:
        """The value at `path` stays in the fields; the writer must not write over it."""
        self.report.kept.append(f"{self.where}: {path} kept as is, not interpreted ({why})")
        self.form.absent.append(path)

    def passthrough(self) -> dict[str, Any] | None:
        kept = passthrough(self.rest, self.form)
        return None if kept is None else kept.wire()


# --- nodes ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _GlobalPrompt:
    """Where the pathway's global prompt was found."""

    value: str | None = None
    locations: list[str] = field(default_factory=list)  # "node", "globalConfig", "data:<node id>"


def _node_where(index: int, raw: dict[str, Any]) -> str:
    node_id = raw.get("id")
    return f"nodes[{index}] (id {node_id!r})" if isinstance(node_id, str) else f"nodes[{index}]"


def _read_node(index: int, raw: dict[str, Any], report: ImportReport, legacy_prompt: bool) -> dict[str, Any]:
    where = _node_where(index, raw)
    node_id = raw.get("id")
    if isinstance(node_id, int) and not isinstance(node_id, bool):
        raise BlandFormatError([f"{where}: id: a number ({node_id}); tornado needs string ids (quote it)"])
    if not isinstance(node_id, str) or not node_id:
        raise BlandFormatError([f"{where}: id: required (a string)"])
    if not _ID.match(node_id) or len(node_id) > 128:
        raise BlandFormatError(
            [f"{where}: id: {node_id!r} is not a tornado node id (letters, digits, '_', '.', '-', at most 128, starting and ending alphanumeric)"]
        )
    if "data" in raw and not isinstance(raw["data"], dict):
        raise BlandFormatError([f"{where}: data: expected an object, got {values.kind(raw['data'])}"])
    obj = _Object(raw, f"node {node_id!r}", report)
    obj.rest.pop("id")
    bland_type = raw.get("type", MISSING)
    if bland_type is MISSING:
        obj.form.absent.append("type")
        bland_type = "Default"
    elif not isinstance(bland_type, str) or not bland_type:
        raise BlandFormatError([f"{where}: type: expected a node type name (Default, End Call, ...), got {bland_type!r}"])
    else:
        obj.rest.pop("type")
    node_type = TYPE_NAMES.get(bland_type, NodeType.UNSUPPORTED)
    if node_type is not NodeType.UNSUPPORTED and WRITTEN_TYPE[node_type] != bland_type:
        obj.form.raw["type"] = bland_type

    node: dict[str, Any] = {"id": node_id}
    node["name"] = obj.take("data.name", values.text, values.same, "")
    node["isStart"] = obj.take("data.isStart", values.flag, values.same, False)
    node["text"] = obj.take("data.text", values.text, values.same, "")
    node["prompt"] = obj.take("data.prompt", values.text, values.same, "")
    node["condition"] = obj.take("data.condition", values.text, values.same, "")
    node["isGlobal"] = obj.take("data.isGlobal", values.flag, values.same, False)
    label = obj.take("data.globalLabel", values.text, values.same, "")
    if label or "data.globalLabel" in obj.form.present:
        node["globalLabel"] = label
    node["globalDescription"] = obj.take("data.globalDescription", values.text, values.same, "")
    node["globalAutoReturn"] = obj.take("data.enableGlobalAutoReturn", values.flag, values.same, False)
    if legacy_prompt:
        pop_path(obj.rest, "data.globalPrompt")

    tornado = get_path(obj.rest, f"data.{TORNADO_KEY}")
    extras: dict[str, Any] = {}
    if tornado is not MISSING:
        extras = _tornado_node(tornado, where)
        pop_path(obj.rest, f"data.{TORNADO_KEY}")

    no_entries: list[list[Any]] = []
    entries = obj.take("data.extractVars", values.extract_vars, values.same, no_entries)
    patterns = extras.get("extractPatterns", {})
    tails = {entry[0]: entry[3:] for entry in entries if len(entry) > 3}
    if tails:
        obj.form.extra["extractVarTails"] = tails
    node["extractVars"] = [
        {"name": entry[0], "type": entry[1], "description": entry[2], **({"pattern": patterns[entry[0]]} if entry[0] in patterns else {})}
        for entry in entries
    ]
    if node["isGlobal"]:
        node["globalMatch"] = extras.get("globalMatch", {})
    if "config" in extras:
        node["config"] = extras["config"]

    if node_type is NodeType.TRANSFER:
        number = get_path(obj.rest, "data.transferNumber")
        if isinstance(number, str) and number:
            node["transfer"] = {"target": obj.take("data.transferNumber", values.text, values.same, "")}
        else:
            node_type = NodeType.UNSUPPORTED
            report.notes.append(f"node {node_id!r}: a {bland_type} node without data.transferNumber is kept as an unsupported node")
    elif node_type is NodeType.WEBHOOK:
        url = get_path(obj.rest, "data.url")
        if isinstance(url, str) and url:
            node["webhook"] = _read_webhook(obj, extras)
        else:
            node_type = NodeType.UNSUPPORTED
            report.notes.append(f"node {node_id!r}: a Webhook node without data.url is kept as an unsupported node")
    node["type"] = node_type.value
    if node_type is NodeType.UNSUPPORTED:
        node["importedType"] = bland_type
        obj.form.raw.pop("type", None)
        name = f" ({node['name']!r})" if node["name"] else ""
        report.unsupported.append(
            f"node {node_id!r}{name}: Bland type {bland_type!r} is kept for export but not simulated; "
            "a scenario that reaches it offline ends with an error (the bland backend runs it on Bland)"
        )
    report.types[bland_type] += 1
    kept = obj.passthrough()
    if kept is not None:
        node["passthrough"] = kept
    return node


def _tornado_node(value: Any, where: str) -> dict[str, Any]:
    """data.tornado: what `tornado export` wrote of tornado-only settings."""
    if not isinstance(value, dict):
        raise BlandFormatError([f"{where}: data.{TORNADO_KEY}: expected an object, got {values.kind(value)}"])
    unknown = set(value) - {"globalMatch", "config", "extractPatterns"}
    if unknown:
        raise BlandFormatError([f"{where}: data.{TORNADO_KEY}: unknown key(s) {', '.join(sorted(unknown))}"])
    out: dict[str, Any] = {}
    try:
        if "globalMatch" in value:
            out["globalMatch"] = MatchCondition.model_validate(value["globalMatch"]).wire()
        if "config" in value:
            out["config"] = NodeConfig.model_validate(value["config"]).wire()
    except ValidationError as exc:
        raise BlandFormatError(validation_lines(exc, prefix=f"{where}: data.{TORNADO_KEY}.")) from None
    patterns = value.get("extractPatterns", {})
    if not isinstance(patterns, dict) or not all(isinstance(v, str) for v in patterns.values()):
        raise BlandFormatError([f"{where}: data.{TORNADO_KEY}.extractPatterns: expected {{variable: pattern}}"])
    if patterns:
        out["extractPatterns"] = patterns
    return out


def _read_webhook(obj: _Object, extras: dict[str, Any]) -> dict[str, Any]:
    webhook: dict[str, Any] = {"url": obj.take("data.url", values.text, values.same, "")}
    webhook["method"] = obj.take("data.method", values.method, values.same, "POST", always=True)
    no_headers: dict[str, str] = {}
    webhook["headers"] = obj.take("data.headers", values.headers, values.same, no_headers)
    body = get_path(obj.rest, "data.body")
    if isinstance(body, str):
        webhook["bodyText"] = body
        pop_path(obj.rest, "data.body")
    elif isinstance(body, dict):  # an object where Bland documents a string: read it, give it back as it was
        webhook["body"] = body
        obj.form.raw["data.body"] = body
        pop_path(obj.rest, "data.body")
    elif body is not MISSING:
        obj.keep_as_is("data.body", f"expected a string, got {values.kind(body)}")
    none: list[dict[str, str]] = []
    webhook["responseData"] = obj.take("data.responseData", values.response_data, values.render_response_data, none)
    webhook["responseRoutes"] = obj.take("data.responsePathways", values.routes, values.render_routes, none)
    return webhook


# --- edges ------------------------------------------------------------------------------------


def _read_edge(index: int, raw: dict[str, Any], report: ImportReport, taken_ids: set[str]) -> dict[str, Any]:
    edge_id = raw.get("id")
    where = f"edges[{index}]" + (f" (id {edge_id!r})" if isinstance(edge_id, str) else "")
    if "data" in raw and not isinstance(raw["data"], dict):
        raise BlandFormatError([f"{where}: data: expected an object, got {values.kind(raw['data'])}"])
    obj = _Object(raw, f"edge {edge_id!r}" if isinstance(edge_id, str) else where, report)
    if isinstance(edge_id, str) and _ID.match(edge_id) and len(edge_id) <= 128:
        obj.rest.pop("id")
    else:  # edges are found by source and target: a missing or odd id is kept as it was, a new one used here
        if edge_id is not None and "id" in raw:
            report.notes.append(f"{where}: id {edge_id!r} is not a tornado edge id; kept for export, edge-{index + 1} used here")
        base = f"edge-{index + 1}"
        edge_id, suffix = base, 2
        while edge_id in taken_ids:
            edge_id, suffix = f"{base}-{suffix}", suffix + 1
        obj.form.absent.append("id")
    edge: dict[str, Any] = {"id": edge_id}
    for end in ("source", "target"):
        value = raw.get(end)
        if not isinstance(value, str) or not value:
            raise BlandFormatError([f"{where}: {end}: required (a node id, a string)"])
        edge[end] = value
        obj.rest.pop(end)
    edge["label"] = _both_places(obj, "label")
    edge["description"] = _both_places(obj, "description")
    tornado = get_path(obj.rest, f"data.{TORNADO_KEY}")
    match: dict[str, Any] = {}
    if tornado is not MISSING:
        if not isinstance(tornado, dict) or set(tornado) - {"match"}:
            raise BlandFormatError([f"{where}: data.{TORNADO_KEY}: expected {{match: {{keywords, patterns}}}}"])
        try:
            match = MatchCondition.model_validate(tornado.get("match", {})).wire()
        except ValidationError as exc:
            raise BlandFormatError(validation_lines(exc, prefix=f"{where}: data.{TORNADO_KEY}.match.")) from None
        pop_path(obj.rest, f"data.{TORNADO_KEY}")
    always = obj.take("data.alwaysPick", values.flag, values.same, False)
    match["always"] = bool(match.get("always")) or always
    edge["match"] = match
    none: list[dict[str, str]] = []
    edge["variableConditions"] = obj.take("data.condition", values.conditions, values.render_conditions, none)
    kept = obj.passthrough()
    if kept is not None:
        edge["passthrough"] = kept
    return edge


def _both_places(obj: _Object, key: str) -> str:
    """An edge's label (or description): at the top, under data, or both (the canonical form)."""
    top = get_path(obj.rest, key)
    nested = get_path(obj.rest, f"data.{key}")
    if top is not MISSING and not isinstance(top, str):
        obj.keep_as_is(key, f"expected a string, got {values.kind(top)}")
        top = MISSING
    if nested is not MISSING and not isinstance(nested, str):
        obj.keep_as_is(f"data.{key}", f"expected a string, got {values.kind(nested)}")
        nested = MISSING
    if top is MISSING and nested is MISSING:
        return ""
    if nested is not MISSING:
        value = nested
        pop_path(obj.rest, f"data.{key}")
        if (top is MISSING or top != nested) and key not in obj.form.absent:
            obj.form.absent.append(key)  # a differing top-level value stays in the fields, as it was
        else:
            pop_path(obj.rest, key)
    else:
        value = top
        pop_path(obj.rest, key)
        if f"data.{key}" not in obj.form.absent:
            obj.form.absent.append(f"data.{key}")
    if value == "":
        obj.form.present.extend(p for p in (key, f"data.{key}") if p not in obj.form.absent)
    return str(value)


# --- the pathway --------------------------------------------------------------------------------


def _unwrap(data: Any, report: ImportReport) -> dict[str, Any]:
    for _ in range(4):
        if not isinstance(data, dict):
            break
        if "nodes" in data:
            return data
        for envelope in ("data", "pathway_data"):
            if isinstance(data.get(envelope), dict):
                report.notes.append(f"read the pathway from the response's {envelope!r} envelope (the envelope is not kept)")
                data = data[envelope]
                break
        else:
            break
    if not isinstance(data, dict):
        raise BlandFormatError([f"expected a Bland pathway (a JSON object with nodes and edges), got {values.kind(data)}"])
    raise BlandFormatError(["nodes: required (a Bland pathway has nodes and edges)"])


def _is_pseudo_node(raw: Any) -> bool:
    return isinstance(raw, dict) and "id" not in raw and "type" not in raw and isinstance(raw.get("globalConfig"), dict)


def read_pathway(data: Any, *, start_node_id: str | None = None) -> tuple[PathwayGraph, ImportReport]:
    """A Bland pathway as a PathwayGraph, and the report of what was kept without being simulated."""
    report = ImportReport()
    top = _unwrap(data, report)
    raw_nodes = top.get("nodes")
    if not isinstance(raw_nodes, list):
        raise BlandFormatError([f"nodes: expected a list, got {values.kind(raw_nodes)}"])
    raw_edges = top.get("edges", MISSING)
    if raw_edges is not MISSING and not isinstance(raw_edges, list):
        raise BlandFormatError([f"edges: expected a list, got {values.kind(raw_edges)}"])
    obj = _Object(top, "the pathway", report)
    obj.rest.pop("nodes")
    if raw_edges is MISSING:
        obj.form.absent.append("edges")
        raw_edges = []
    else:
        obj.rest.pop("edges")
    name = top.get("name")
    report.name = repr(name) if isinstance(name, str) and name else ""
    description = obj.take("description", values.text, values.same, "")

    # The global prompt: the pseudo-node wins (real exports), then globalConfig, then a legacy node.
    prompt = _GlobalPrompt()
    pseudo = [index for index, raw in enumerate(raw_nodes) if _is_pseudo_node(raw)]
    if len(pseudo) > 1:
        raise BlandFormatError([f"nodes: {len(pseudo)} global-prompt pseudo-nodes (at {pseudo}); a pathway has one"])
    candidates: list[tuple[str, Any]] = []
    if pseudo:
        candidates.append(("node", get_path(raw_nodes[pseudo[0]], "globalConfig.globalPrompt")))
    candidates.append(("globalConfig", get_path(top, "globalConfig.globalPrompt")))
    legacy_id: str | None = None
    for raw in raw_nodes:
        if isinstance(raw, dict) and isinstance(get_path(raw, "data.globalPrompt"), str) and isinstance(raw.get("id"), str):
            legacy_id = raw["id"]
            candidates.append((f"data:{legacy_id}", raw["data"]["globalPrompt"]))
            break
    for _, value in candidates:
        if isinstance(value, str):
            prompt.value = value
            break
    if prompt.value is not None:
        prompt.locations = [where for where, value in candidates if value == prompt.value]
        if "globalConfig" in prompt.locations:
            pop_path(obj.rest, "globalConfig.globalPrompt")
        others = [where for where, value in candidates if isinstance(value, str) and value != prompt.value]
        if others:
            report.notes.append(
                f"the pathway has different global prompts in {', '.join(others)}: tornado uses the one in "
                f"{prompt.locations[0]} and keeps the others as they are"
            )
        if prompt.locations != ["node", "globalConfig"] or prompt.value == "":
            obj.form.extra["globalPrompt"] = prompt.locations
    if pseudo:
        index = pseudo[0]
        rest = copy.deepcopy(raw_nodes[index])
        if "node" in prompt.locations:
            pop_path(rest, "globalConfig.globalPrompt")
        if index != len(raw_nodes) - 1:
            obj.form.extra["globalNodeIndex"] = index
        if rest:
            obj.form.extra["globalNodeFields"] = rest

    nodes: list[dict[str, Any]] = []
    for index, raw in enumerate(raw_nodes):
        if index in pseudo:
            continue
        if not isinstance(raw, dict):
            raise BlandFormatError([f"nodes[{index}]: expected an object, got {values.kind(raw)}"])
        legacy = legacy_id is not None and raw.get("id") == legacy_id and f"data:{legacy_id}" in prompt.locations
        nodes.append(_read_node(index, raw, report, legacy))
    if not nodes:
        raise BlandFormatError(["nodes: no nodes (a pathway needs at least its start node)"])
    edges: list[dict[str, Any]] = []
    taken = {raw["id"] for raw in raw_edges if isinstance(raw, dict) and isinstance(raw.get("id"), str)}
    for index, raw in enumerate(raw_edges):
        if not isinstance(raw, dict):
            raise BlandFormatError([f"edges[{index}]: expected an object, got {values.kind(raw)}"])
        edge = _read_edge(index, raw, report, taken)
        taken.add(edge["id"])
        edges.append(edge)

    spec: dict[str, Any] = {"description": description, "globalPrompt": prompt.value or "", "nodes": nodes, "edges": edges}
    if start_node_id is not None:
        spec["startNodeId"] = start_node_id
    kept = obj.passthrough()
    if kept is not None:
        spec["passthrough"] = kept
    try:
        graph = PathwayGraph.model_validate(spec)
    except ValidationError as exc:
        lines = validation_lines(exc)
        if any(line.startswith("startNodeId: no start node") for line in lines):
            lines.append("no node has data.isStart: true; give the start node with --start-node ID")
        raise BlandFormatError(lines) from None
    report.nodes = len(graph.nodes)
    report.edges = len(graph.edges)
    _offline_caveats(graph, report)
    return graph, report


def _offline_caveats(graph: PathwayGraph, report: ImportReport) -> None:
    """One line per kind of thing the offline engine does not simulate (docs/routing.md; the
    openai and bland backends do)."""
    label_only = [edge.id for edge in graph.edges if not (edge.match.keywords or edge.match.patterns or edge.match.always)]
    if label_only:
        report.offline.append(
            f"offline: {len(label_only)} edge(s) route by label only (e.g. {label_only[0]!r}): the offline engine scores "
            "the caller's words against labels and descriptions (docs/routing.md); the openai and bland backends route as a model does"
        )
    conditions = [edge.id for edge in graph.edges if edge.variable_conditions]
    if conditions:
        report.offline.append(
            f"offline: {len(conditions)} edge(s) carry variable conditions (data.condition), not evaluated offline: "
            "such an edge is a catch-all there"
        )
    routes = [node.id for node in graph.nodes if node.webhook is not None and node.webhook.response_routes]
    if routes:
        report.offline.append(
            f"offline: webhook node(s) {', '.join(map(repr, routes))} route on their response (responsePathways); "
            "offline no call is sent and the node's first edge is taken"
        )
    returning = [node.id for node in graph.nodes if node.global_auto_return]
    if returning:
        report.offline.append(f"offline: global auto-return of {', '.join(map(repr, returning))} is kept, not simulated")
    unpatterned = sum(1 for node in graph.nodes for var in node.extract_vars if var.pattern is None)
    if unpatterned:
        report.offline.append(f"offline: {unpatterned} extracted variable(s) have a description only; the offline engine does not extract them")

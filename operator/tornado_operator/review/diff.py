"""What changed between two versions of a pathway, node by node, and which fix changed it.

    review = diff_graphs(before, after, fixes, before_label="v1", after_label="v3")

compares two graphs by content (defaults spelled out on both sides, so form never shows as a
change) and returns a `GraphDiff`: for each node that differs, its `Change`s — text as word
spans, list values (keywords, patterns) as added/removed values, anything else as a value
before and after, whole nodes, edges and variables added or removed, and a changed order of a
node's outgoing edges. A node's outgoing edges are reviewed with the node. Pathway-wide fields
(description, globalPrompt, startNodeId) are in `GraphDiff.pathway`.

Each change carries the fixes (`FixRef`, from the versions' provenance: the fix plan of the
iteration that made each version) that caused it: the fix whose description names what
changed (the keyword, the sentence, the edge) on the node it targets, of the kind of fix that
makes such a change. A change no fix explains (an edit by hand between the two versions) has
no fix; a fix that explains no change is listed in `GraphDiff.unexplained_fixes`.

The result is plain data (`GraphDiff.to_json()` for tools); `review/text.py` renders it for a
terminal. Pure: no I/O.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tornado_operator.api.pathway import PathwayGraph

ChangeKind = Literal["text", "list", "value", "added", "removed", "order"]
SpanOp = Literal["equal", "insert", "delete"]

# Which kind of fix makes a change to a field (the fix plan's types).
_FIX_TYPE_OF_FIELD: dict[str, str] = {
    "text": "prompt_edit",
    "prompt": "prompt_edit",
    "condition": "prompt_edit",
    "globalDescription": "prompt_edit",
    "config": "config_change",
    "extractVars": "config_change",
    "webhook": "config_change",
    "transfer": "config_change",
    "globalMatch": "flow_change",
}
_MIN_SCORE = 3  # the target node and the fix's kind, or the changed value named in the description


@dataclass(frozen=True, slots=True)
class FixRef:
    """A fix from a version's provenance. Fix ids restart in every iteration, so a fix is
    named by its id and the version it made."""

    id: str
    version: int | None = None  # the version the fix plan made
    iteration: int | None = None
    session: str | None = None
    type: str = ""
    target_node: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        """`v2 fix-003`: the fix id and the version it made (unique along a chain)."""
        return f"v{self.version} {self.id}" if self.version is not None else self.id

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "iteration": self.iteration,
            "session": self.session,
            "type": self.type,
            "targetNode": self.target_node,
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class WordSpan:
    op: SpanOp
    text: str


@dataclass(slots=True)
class Change:
    """One difference: `path` is where, inside its node or edge (`config.retryThreshold`,
    `match.keywords`, `extractVars[zip_code].pattern`; `node` or `edge` for a whole one added
    or removed); `edge` names the edge it belongs to."""

    kind: ChangeKind
    path: str
    before: Any = None
    after: Any = None
    added: list[Any] = field(default_factory=list)  # kind list: values added
    removed: list[Any] = field(default_factory=list)  # kind list: values removed
    words: list[WordSpan] = field(default_factory=list)  # kind text: the word diff
    edge: str | None = None
    fixes: list[FixRef] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "path": self.path}
        if self.edge is not None:
            data["edge"] = self.edge
        if self.kind == "list":
            data["added"], data["removed"] = self.added, self.removed
        elif self.kind == "text":
            data["before"], data["after"] = self.before, self.after
            data["words"] = [{"op": span.op, "text": span.text} for span in self.words]
        else:
            data["before"], data["after"] = self.before, self.after
        data["fixes"] = [{"id": fix.id, "version": fix.version} for fix in self.fixes]
        return data


@dataclass(slots=True)
class NodeReview:
    """The changes of one node and its outgoing edges."""

    node_id: str
    name: str
    status: Literal["added", "removed", "changed"]
    changes: list[Change] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"node": self.node_id, "name": self.name, "status": self.status, "changes": [c.to_json() for c in self.changes]}


@dataclass(slots=True)
class GraphDiff:
    before_label: str
    after_label: str
    pathway: list[Change] = field(default_factory=list)  # pathway-wide fields
    nodes: list[NodeReview] = field(default_factory=list)  # in the after graph's node order, removed ones last
    fixes: list[FixRef] = field(default_factory=list)  # the fixes between the two versions
    unexplained_fixes: list[FixRef] = field(default_factory=list)  # fixes no change is attributed to

    @property
    def changes(self) -> list[Change]:
        return [*self.pathway, *(change for node in self.nodes for change in node.changes)]

    @property
    def empty(self) -> bool:
        return not self.pathway and not self.nodes

    def to_json(self) -> dict[str, Any]:
        return {
            "before": self.before_label,
            "after": self.after_label,
            "fixes": [fix.to_json() for fix in self.fixes],
            "pathway": [change.to_json() for change in self.pathway],
            "nodes": [node.to_json() for node in self.nodes],
            "unexplainedFixes": [{"id": fix.id, "version": fix.version} for fix in self.unexplained_fixes],
        }


def diff_graphs(
    before: PathwayGraph,
    after: PathwayGraph,
    fixes: Sequence[FixRef] = (),
    *,
    before_label: str = "before",
    after_label: str = "after",
) -> GraphDiff:
    """The review of `before` -> `after` (see the module's doc)."""
    old = before.graph().model_dump(by_alias=True, mode="json")
    new = after.graph().model_dump(by_alias=True, mode="json")
    result = GraphDiff(before_label=before_label, after_label=after_label, fixes=list(fixes))
    for key in ("description", "globalPrompt", "startNodeId", "passthrough"):
        _walk((key,), old.get(key), new.get(key), result.pathway, edge=None)

    old_nodes = {node["id"]: node for node in old["nodes"]}
    new_nodes = {node["id"]: node for node in new["nodes"]}
    old_edges = {edge["id"]: edge for edge in old["edges"]}
    new_edges = {edge["id"]: edge for edge in new["edges"]}
    reviews: dict[str, NodeReview] = {}

    def review_of(node_id: str) -> NodeReview:
        if node_id not in reviews:
            node = new_nodes.get(node_id) or old_nodes.get(node_id) or {}
            status: Literal["added", "removed", "changed"] = (
                "added" if node_id not in old_nodes else "removed" if node_id not in new_nodes else "changed"
            )
            reviews[node_id] = NodeReview(node_id=node_id, name=str(node.get("name") or ""), status=status)
        return reviews[node_id]

    for node_id in [*new_nodes, *(n for n in old_nodes if n not in new_nodes)]:
        if node_id not in old_nodes:
            review_of(node_id).changes.append(Change(kind="added", path="node", after=_lean(new_nodes[node_id])))
        elif node_id not in new_nodes:
            review_of(node_id).changes.append(Change(kind="removed", path="node", before=_lean(old_nodes[node_id])))
        else:
            found: list[Change] = []
            _walk((), old_nodes[node_id], new_nodes[node_id], found, edge=None)
            if found:
                review_of(node_id).changes.extend(found)

    for edge_id in [*new_edges, *(e for e in old_edges if e not in new_edges)]:
        old_edge, new_edge = old_edges.get(edge_id), new_edges.get(edge_id)
        source = (new_edge or old_edge or {}).get("source", "")
        if old_edge is None:
            review_of(source).changes.append(Change(kind="added", path="edge", after=_lean(new_edge), edge=edge_id))
        elif new_edge is None:
            review_of(source).changes.append(Change(kind="removed", path="edge", before=_lean(old_edge), edge=edge_id))
        else:
            found = []
            _walk((), old_edge, new_edge, found, edge=edge_id)
            if found:
                review_of(source).changes.extend(found)

    for node_id in new_nodes:
        before_order = [e["id"] for e in old["edges"] if e["source"] == node_id and e["id"] in new_edges]
        after_order = [e["id"] for e in new["edges"] if e["source"] == node_id and e["id"] in old_edges]
        if before_order != after_order:
            review_of(node_id).changes.append(Change(kind="order", path="edges", before=before_order, after=after_order))

    order = {node_id: index for index, node_id in enumerate([*new_nodes, *old_nodes])}
    result.nodes = sorted(reviews.values(), key=lambda review: order.get(review.node_id, len(order)))
    _attribute(result, {**old_edges, **new_edges})
    return result


# --- comparing ---


def _walk(path: tuple[str, ...], before: Any, after: Any, out: list[Change], *, edge: str | None) -> None:
    if before == after:
        return
    name = _path_text(path)
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            _walk((*path, key), before.get(key), after.get(key), out, edge=edge)
    elif isinstance(before, list) and isinstance(after, list) and _keyed(before + after):
        old = {_key(item): item for item in before}
        new = {_key(item): item for item in after}
        for key in [*new, *(k for k in old if k not in new)]:
            item_path = (*path, f"[{key}]")
            if key not in old:
                out.append(Change(kind="added", path=_path_text(item_path), after=_lean(new[key]), edge=edge))
            elif key not in new:
                out.append(Change(kind="removed", path=_path_text(item_path), before=_lean(old[key]), edge=edge))
            else:
                _walk(item_path, old[key], new[key], out, edge=edge)
        common_before = [k for k in old if k in new]
        common_after = [k for k in new if k in old]
        if common_before != common_after:
            out.append(Change(kind="order", path=name, before=common_before, after=common_after, edge=edge))
    elif isinstance(before, list) and isinstance(after, list):
        added = [value for value in after if value not in before]
        removed = [value for value in before if value not in after]
        if added or removed:
            out.append(Change(kind="list", path=name, before=before, after=after, added=added, removed=removed, edge=edge))
        else:
            out.append(Change(kind="order", path=name, before=before, after=after, edge=edge))
    elif isinstance(before, str) and isinstance(after, str) and (" " in before.strip() or " " in after.strip()):
        out.append(Change(kind="text", path=name, before=before, after=after, words=word_diff(before, after), edge=edge))
    else:
        out.append(Change(kind="value", path=name, before=before, after=after, edge=edge))


def word_diff(before: str, after: str) -> list[WordSpan]:
    """`before` -> `after` as runs of equal, deleted and inserted words (whitespace kept with
    the word before it, so joining the spans of one side gives that side back)."""
    old, new = _words(before), _words(after)
    spans: list[WordSpan] = []
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in old], b=[w.strip() for w in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            spans.append(WordSpan("equal", "".join(new[j1:j2])))
            continue
        if i2 > i1:
            spans.append(WordSpan("delete", "".join(old[i1:i2])))
        if j2 > j1:
            spans.append(WordSpan("insert", "".join(new[j1:j2])))
    return spans


def _words(text: str) -> list[str]:
    return re.findall(r"\s*\S+\s*", text) or ([text] if text else [])


def _keyed(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(item, dict) and _key(item) is not None for item in items)


def _key(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in ("id", "name"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return None


def _path_text(path: tuple[str, ...]) -> str:
    return "".join(part if part.startswith("[") else f".{part}" for part in path).lstrip(".")


def _lean(value: Any) -> Any:
    """A whole node, edge or variable as a reviewer reads it: without empty and default-looking fields."""
    if isinstance(value, dict):
        return {k: _lean(v) for k, v in value.items() if v not in (None, "", [], {}, False) and k != "passthrough"}
    if isinstance(value, list):
        return [_lean(v) for v in value]
    return value


# --- attribution ---


def _attribute(result: GraphDiff, edges: dict[str, dict[str, Any]]) -> None:
    used: set[int] = set()
    for node in [None, *result.nodes]:
        changes = result.pathway if node is None else node.changes
        for change in changes:
            subjects = set() if node is None else {node.node_id}
            if change.edge is not None and change.edge in edges:
                subjects |= {edges[change.edge]["source"], edges[change.edge]["target"]}
            scored = [(_score(fix, change, subjects), index) for index, fix in enumerate(result.fixes)]
            best = max((score for score, _ in scored), default=0)
            if best >= _MIN_SCORE:
                chosen = [index for score, index in scored if score == best]
                change.fixes = [result.fixes[index] for index in chosen]
                used.update(chosen)
    result.unexplained_fixes = [fix for index, fix in enumerate(result.fixes) if index not in used]


def _score(fix: FixRef, change: Change, subjects: set[str]) -> int:
    description = fix.description.lower()
    score = 0
    if fix.target_node and fix.target_node in subjects:
        score += 2
    top = change.path.split(".")[0].split("[")[0]
    wanted = "flow_change" if change.edge is not None or change.path in ("edge", "edges", "node") else _FIX_TYPE_OF_FIELD.get(top)
    if wanted is not None and fix.type == wanted:
        score += 1
    if any(_mentions(description, value) for value in _changed_values(change)):
        score += 3
    if change.edge is not None and change.edge.lower() in description:
        score += 2
    leaf = re.sub(r"\[.*?\]", "", change.path).split(".")[-1].lower()
    if leaf and leaf in description.replace(" ", ""):
        score += 1
    return score


def _changed_values(change: Change) -> list[str]:
    if change.kind == "list":
        return [str(v) for v in [*change.added, *change.removed]]
    if change.kind == "text":
        runs = [span.text.strip() for span in change.words if span.op != "equal"]
        return [run for run in runs if len(run.split()) >= 3 or len(run) >= 12]
    if change.kind == "added" and isinstance(change.after, dict):
        return [str(v) for v in _leaves(change.after) if isinstance(v, str) and len(v) >= 3]
    if change.kind == "value" and change.after is not None and len(str(change.after)) >= 3:
        return [str(change.after)]
    return []


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _mentions(description: str, value: str) -> bool:
    value = value.strip().lower()
    return bool(value) and value in description

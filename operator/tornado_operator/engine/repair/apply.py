"""Applying fixes to a graph: a new, validated graph (the input is never mutated).

Keyword and pattern changes only ever add: keywords are appended to a list, an extraction
pattern is replaced only by a pattern the strategy built to match everything the old one
matched (an alternation of the old and the new form).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.repair.model import Option, Patch


def split_sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def apply_patch(data: dict[str, Any], patch: Patch) -> None:
    nodes: list[dict[str, Any]] = data["nodes"]
    edges: list[dict[str, Any]] = data["edges"]
    node = next(item for item in nodes if item["id"] == patch.node)
    if patch.op == "add_keywords":
        edge = next(item for item in edges if item["id"] == patch.edge)
        keywords = edge["match"]["keywords"]
        edge["match"]["keywords"] = [*keywords, *(v for v in patch.values if v not in keywords)]
    elif patch.op == "add_patterns":
        # on an edge, or (no edge) on the node's globalMatch
        match = node["globalMatch"] if patch.edge is None else next(i for i in edges if i["id"] == patch.edge)["match"]
        patterns = match["patterns"]
        match["patterns"] = [*patterns, *(v for v in patch.values if v not in patterns)]
    elif patch.op == "narrow_keyword":
        # values: (the keyword, its narrower phrases...): the phrases take the keyword's place
        keyword, *phrases = patch.values
        match = node["globalMatch"] if patch.edge is None else next(i for i in edges if i["id"] == patch.edge)["match"]
        kept = [k for k in match["keywords"] if k.lower() != keyword.lower()]
        match["keywords"] = [*kept, *(p for p in phrases if p not in kept)]
    elif patch.op == "add_global_keywords":
        match = node["globalMatch"]
        match["keywords"] = [*match["keywords"], *(v for v in patch.values if v not in match["keywords"])]
    elif patch.op in ("add_edge", "add_pattern_edge"):
        taken = {item["id"] for item in edges}
        base = f"{patch.node}-to-{patch.target}"[:120]
        edge_id, suffix = base, 2
        while edge_id in taken:
            edge_id, suffix = f"{base}-{suffix}", suffix + 1
        by_pattern = patch.op == "add_pattern_edge"
        added = {
            "id": edge_id,
            "source": patch.node,
            "target": patch.target,
            "label": f"caller asks: {patch.name if by_pattern and patch.name else patch.values[0]}"[:512],
            "match": {"keywords": [] if by_pattern else list(patch.values),
                      "patterns": list(patch.values) if by_pattern else [], "always": False},
        }
        # with an edge named, the new one is tried before it (it must win the turn that one took)
        ahead = next((index for index, item in enumerate(edges) if item["id"] == patch.edge), None) if patch.edge else None
        edges.insert(len(edges) if ahead is None else ahead, added)
    elif patch.op == "move_edge_before":
        moved = next(item for item in edges if item["id"] == patch.edge)
        edges.remove(moved)
        position = next(index for index, item in enumerate(edges) if item["id"] == patch.target)
        edges.insert(position, moved)
    elif patch.op == "move_edge_after":
        moved = next(item for item in edges if item["id"] == patch.edge)
        edges.remove(moved)
        position = next(index for index, item in enumerate(edges) if item["id"] == patch.target)
        edges.insert(position + 1, moved)
    elif patch.op == "append_text":
        sentence = patch.values[0]
        if sentence.lower() not in node["text"].lower():
            parts = split_sentences(node["text"])
            if len(parts) > 1 and parts[-1].endswith("?"):
                parts.insert(len(parts) - 1, sentence)  # keep the node's closing question last
            else:
                parts.append(sentence)
            node["text"] = " ".join(parts)
    elif patch.op == "prepend_text":
        sentence = patch.values[0]
        if sentence.lower() not in node["text"].lower():
            node["text"] = " ".join([sentence, *split_sentences(node["text"])])
    elif patch.op == "remove_text":
        regex = re.compile(patch.values[0], re.IGNORECASE)
        node["text"] = " ".join(s for s in split_sentences(node["text"]) if regex.search(s) is None)
    elif patch.op == "replace_text":
        old, new = patch.values
        node["text"] = " ".join(new if s == old else s for s in split_sentences(node["text"]))
    elif patch.op == "set_extract":
        pattern = patch.values[0]
        for var in node["extractVars"]:
            if var["name"] == patch.name:
                var["pattern"] = pattern
                break
        else:
            node["extractVars"].append(
                {"name": patch.name, "pattern": pattern, "description": "added by a tornado fix", "type": "string"}
            )
    elif patch.op in ("set_label", "set_description"):
        field = ("label" if patch.op == "set_label" else "description") if patch.edge is not None else (
            "globalLabel" if patch.op == "set_label" else "globalDescription"
        )
        owner = node if patch.edge is None else next(item for item in edges if item["id"] == patch.edge)
        owner[field] = patch.values[0]
    elif patch.op == "set_retry_threshold":
        node["config"]["retryThreshold"] = patch.number
        if patch.target is not None:  # and the node its fallback goes to
            node["config"]["fallbackNodeId"] = patch.target
    else:  # pragma: no cover - PatchOp is exhaustive
        raise ValueError(f"unknown patch op {patch.op}")


def apply_patches(graph: PathwayGraph, patches: Sequence[Patch]) -> PathwayGraph:
    """A new, validated graph with `patches` applied in order."""
    if type(graph) is not PathwayGraph:
        graph = graph.graph()  # a PathwayVersionSpec / PathwaySpec: just the graph
    data = graph.model_dump(by_alias=True, mode="json")
    for patch in patches:
        apply_patch(data, patch)
    return PathwayGraph.model_validate(data)


def apply_option(graph: PathwayGraph, option: Option) -> PathwayGraph:
    if option.apply is not None:
        return option.apply(graph.graph() if type(graph) is not PathwayGraph else graph)
    return apply_patches(graph, option.patches)

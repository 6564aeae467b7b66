"""What each fix changed: the touched node (and its outgoing edges) before and after, as a unified diff.

Made from the version the fix was planned on and the version it forked. Several fixes of one
iteration on the same node share that node's diff (the versions hold them together); the
report says so.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import yaml

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.report.model import FixView, SessionReport


@dataclass(frozen=True, slots=True)
class FixDiff:
    lines: list[str]  # unified diff lines ("--- ", "+++ ", "@@", "+", "-", " ")
    note: str = ""  # why there is no diff, or what else it holds

    @property
    def empty(self) -> bool:
        return not self.lines


def node_document(graph: PathwayGraph, node_id: str) -> dict[str, Any] | None:
    """The node as the user writes it (camelCase, defaults left out) with its outgoing edges."""
    node = next((item for item in graph.nodes if item.id == node_id), None)
    if node is None:
        return None
    document: dict[str, Any] = {"node": _trimmed(node.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True, mode="json"))}
    document["node"].setdefault("id", node.id)
    edges = [
        _trimmed(edge.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True, mode="json"))
        for edge in graph.edges
        if edge.source == node_id
    ]
    if edges:
        document["edgesFrom"] = edges
    return document


def _trimmed(value: dict[str, Any]) -> dict[str, Any]:
    return {key: item for key, item in value.items() if item not in ({}, [], "", None)}


def _yaml_lines(document: dict[str, Any] | None) -> list[str]:
    if document is None:
        return []
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100).splitlines()


def fix_diff(report: SessionReport, view: FixView) -> FixDiff:
    if not view.applied or view.child_version is None:
        return FixDiff([], "not applied: the loop stopped before forking a version")
    before_graph = report.graphs.get(view.parent_version) if view.parent_version is not None else None
    after_graph = report.graphs.get(view.child_version)
    if before_graph is None or after_graph is None:
        missing = view.parent_version if before_graph is None else view.child_version
        return FixDiff([], f"version {missing}'s graph was not found, so the change cannot be shown")
    node = view.fix.target_node
    before = _yaml_lines(node_document(before_graph, node))
    after = _yaml_lines(node_document(after_graph, node))
    lines = list(difflib.unified_diff(
        before, after, fromfile=f"v{view.parent_version} {node}", tofile=f"v{view.child_version} {node}", lineterm="", n=3
    ))
    others = [
        other.label for other in report.fixes
        if other.applied and other.iteration == view.iteration and other.fix.target_node == node and other.key != view.key
    ]
    note = f"this node's diff also holds {', '.join(others)}" if others else ""
    if not lines:
        note = f"node '{node}' and its edges are unchanged between v{view.parent_version} and v{view.child_version}"
    return FixDiff(lines, note)

"""What each fix changed, from the version it was planned on to the version it forked.

`tornado diff`'s review (review/diff.py: node by node, each change tagged with the fix that made
it) of each iteration's two versions, cut down to the changes attributed to the fix. A fix the
review attributes no change to (it changed what another fix of the iteration also changed)
gets its node and outgoing edges before and after as a unified diff instead.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import yaml

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.report.model import FixView, SessionReport
from tornado_operator.review.diff import FixRef, GraphDiff, NodeReview, diff_graphs
from tornado_operator.review.text import Line, review_lines


@dataclass(frozen=True, slots=True)
class FixDiff:
    review: list[Line]  # tornado diff's lines (styled segments) of the changes attributed to the fix
    lines: list[str]  # else: the node's unified diff ("--- ", "+++ ", "@@", "+", "-", " ")
    note: str = ""  # why there is no diff, or what else it holds

    @property
    def empty(self) -> bool:
        return not self.review and not self.lines


def iteration_review(report: SessionReport, iteration: int) -> GraphDiff | None:
    """The review of one iteration's fork: its parent -> the version its fixes made."""
    views = [view for view in report.fixes if view.iteration == iteration and view.applied]
    if not views:
        return None
    parent, child = views[0].parent_version, views[0].child_version
    before = report.graphs.get(parent) if parent is not None else None
    after = report.graphs.get(child) if child is not None else None
    if before is None or after is None:
        return None
    fixes = [
        FixRef(id=view.fix.id, version=child, iteration=iteration, session=report.name, type=view.fix.type,
               target_node=view.fix.target_node, description=view.fix.description)
        for view in views
    ]
    return diff_graphs(before, after, fixes, before_label=f"v{parent}", after_label=f"v{child}")


def _attributed(review: GraphDiff, view: FixView) -> GraphDiff:
    def mine(fixes: list[FixRef]) -> bool:
        return any(fix.id == view.fix.id and fix.version == view.child_version for fix in fixes)

    nodes = [
        NodeReview(node.node_id, node.name, node.status, [change for change in node.changes if mine(change.fixes)])
        for node in review.nodes
    ]
    return GraphDiff(
        before_label=review.before_label,
        after_label=review.after_label,
        pathway=[change for change in review.pathway if mine(change.fixes)],
        nodes=[node for node in nodes if node.changes],
    )


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


def fix_diff(report: SessionReport, view: FixView, reviews: dict[int, GraphDiff | None] | None = None) -> FixDiff:
    """`reviews`: iteration -> its review, shared by the fixes of one iteration (computed when absent)."""
    if not view.applied or view.child_version is None:
        return FixDiff([], [], "not applied: the loop stopped before forking a version")
    if reviews is None:
        reviews = {}
    if view.iteration not in reviews:
        reviews[view.iteration] = iteration_review(report, view.iteration)
    review = reviews[view.iteration]
    if review is not None:
        own = _attributed(review, view)
        if not own.empty:
            lines = review_lines(own, plain=False)[1:]  # without the "vN -> vM" head: the section says it
            # without the lines that repeat the fix's description under each change: the section shows it once
            lines = [line for line in lines if not (len(line) == 2 and not line[0][0].strip() and line[1][1] == "dim")]
            return FixDiff(lines, [])
    unified = _node_diff(report, view)
    if review is not None and not unified.empty:
        return FixDiff([], unified.lines, "the review attributes no change to this fix alone: its node before and after")
    return unified


def _node_diff(report: SessionReport, view: FixView) -> FixDiff:
    before_graph = report.graphs.get(view.parent_version) if view.parent_version is not None else None
    after_graph = report.graphs.get(view.child_version) if view.child_version is not None else None
    if before_graph is None or after_graph is None:
        missing = view.parent_version if before_graph is None else view.child_version
        return FixDiff([], [], f"version {missing}'s graph was not found, so the change cannot be shown")
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
    return FixDiff([], lines, note)

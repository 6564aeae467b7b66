"""What a fix is: a Patch (one concrete graph change), a candidate fix with its options, and
PlannedFixes (the fixer's candidates, before verification).

A candidate is aimed at one or more failing scenarios and offers options in order of
preference (for a routing fix: the shortest distinctive keyword first, the caller's whole
sentence last). Verification (repair/verify.py) tries the options on a scratch copy of the
graph and keeps the first that makes its scenarios better without making any passing
scenario worse.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from tornado_operator.api.pathway import PathwayGraph

FixType = Literal["prompt_edit", "config_change", "flow_change"]
PatchOp = Literal[
    "add_keywords",
    "add_patterns",
    "add_global_keywords",
    "narrow_keyword",
    "add_edge",
    "add_pattern_edge",
    "move_edge_before",
    "move_edge_after",
    "append_text",
    "prepend_text",
    "remove_text",
    "replace_text",  # values: (the sentence as it is, the sentence to say instead)
    "set_extract",
    "set_retry_threshold",
    "set_label",  # values: (the new label,); edge None: a global node's globalLabel
    "set_description",  # values: (the new description,); edge None: a global node's globalDescription
]


@dataclass(frozen=True, slots=True)
class Patch:
    """One concrete change to a graph."""

    op: PatchOp
    node: str  # node changed (source node for edges)
    edge: str | None = None  # edge changed (add_keywords, move_edge_before: the edge moved; add_edge, add_pattern_edge: tried before it)
    target: str | None = None  # target node (add_edge); the edge to move ahead of (move_edge_before); a new fallback (set_retry_threshold)
    values: tuple[str, ...] = ()  # keywords, sentence, pattern
    name: str | None = None  # variable name (set_extract); what the new edge's caller asks (add_pattern_edge)
    number: int | None = None  # retry threshold


@dataclass(frozen=True, slots=True)
class Option:
    """One way to make a candidate fix: its patches (applied in order) and its description."""

    patches: tuple[Patch, ...]
    description: str
    apply: Callable[[PathwayGraph], PathwayGraph] | None = None  # not Patches (the LLM fixer's edits)


@dataclass(slots=True)
class Candidate:
    key: tuple[str, ...]  # what it changes: candidates with the same key are the same fix
    type: FixType
    target_node: str
    options: list[Option]
    scenario_ids: list[str]  # the failing scenarios it is aimed at
    order: int = 0


@dataclass(frozen=True, slots=True)
class PlannedFixes:
    """The fixer's candidates in priority order (unverified); empty: no fix found."""

    candidates: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why failures got no candidate (for the report)

    @property
    def empty(self) -> bool:
        return not self.candidates


def graph_digest(graph: PathwayGraph) -> str:
    """A content hash of a graph: equal for equal pathways, whatever their version number."""
    data = graph.graph().model_dump(by_alias=True, mode="json")
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]

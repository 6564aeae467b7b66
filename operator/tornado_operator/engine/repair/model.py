"""What a fix is: a Patch (one concrete graph change), a candidate fix and its description,
and PlannedFixes (the FixPlan of the status plus the patches that implement it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.session import FixPlan
from tornado_operator.engine.repair.analysis import Analysis

FixType = Literal["prompt_edit", "config_change", "flow_change"]
PatchOp = Literal[
    "add_keywords",
    "add_global_keywords",
    "add_edge",
    "append_text",
    "remove_text",
    "set_extract",
    "set_retry_threshold",
]


@dataclass(frozen=True, slots=True)
class Patch:
    """One concrete change to a graph."""

    op: PatchOp
    node: str  # node changed (source node for edges)
    edge: str | None = None  # edge changed (add_keywords)
    target: str | None = None  # target node (add_edge)
    values: tuple[str, ...] = ()  # keywords, sentence, pattern
    name: str | None = None  # variable name (set_extract)
    number: int | None = None  # retry threshold


@dataclass(slots=True)
class Candidate:
    key: tuple[str, ...]
    type: FixType
    patch: Patch
    why: str
    full: bool  # why is the whole description
    scenario_ids: list[str]
    order: int


@dataclass(frozen=True, slots=True)
class PlannedFixes:
    """A FixPlan plus the patches that implement each fix (by fix id)."""

    plan: FixPlan = field(default_factory=FixPlan)
    patches: dict[str, Patch] = field(default_factory=dict)
    apply: Callable[[PathwayGraph], PathwayGraph] | None = None  # fixes that are not Patches (LLM fixer)

    @property
    def empty(self) -> bool:
        return not self.plan.fixes


def candidate(
    key: tuple[str, ...], type_: FixType, patch: Patch, why: str, analysis: Analysis, *, describe: bool = True
) -> Candidate:
    """`why` is the whole description (describe=False) or the reason appended to a generated one
    (routing fixes, whose phrasing list grows when fixes merge)."""
    return Candidate(
        key=key,
        type=type_,
        patch=patch,
        why=why,
        full=not describe,
        scenario_ids=[analysis.scenario_id],
        order=0,
    )


def describe(candidate: Candidate) -> str:
    if candidate.full:
        return candidate.why
    patch = candidate.patch
    phrases = ", ".join(f'"{value}"' for value in patch.values)
    if patch.op == "add_global_keywords":
        return f"Add the caller phrasing {phrases} to the globalMatch keywords of node {patch.node!r} {candidate.why}"
    if patch.op == "add_keywords":
        return (
            f"Add the caller phrasing {phrases} to the keywords of edge {patch.edge!r} "
            f"({patch.node} -> {patch.target}) {candidate.why}"
        )
    return f"Add an edge {patch.node} -> {patch.target} taken for caller turns like {phrases} ({candidate.why})"

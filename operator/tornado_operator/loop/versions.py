"""The PathwayVersion manifest: one shape for the operator's Job and `tornado run`.

A version is `<pathway>-v<N>`, labelled with its pathway and number (and, for a fork, the
session uid and iteration that made it, so a retried writer finds it by provenance), owned by
its Pathway when the Pathway's uid is known, and holds the graph plus pathwayId,
versionNumber, parentVersion (absent for a first snapshot) and provenance.

The graph is written in its parent's form (`api/graph_form.py`): the parent's keys in the
parent's order, no default the parent did not spell out, so that a fork differs from its
parent by the fixes alone (and a snapshot from the Pathway manifest by nothing).
"""

from __future__ import annotations

from typing import Any

from tornado_operator import API_GROUP, API_VERSION
from tornado_operator.api.graph_form import clean_graph_wire, ordered_like
from tornado_operator.api.labels import (
    LABEL_ITERATION,
    LABEL_PATHWAY,
    LABEL_SESSION_UID,
    LABEL_VERSION,
    MANAGED_BY,
)
from tornado_operator.api.pathway import FixNote, PathwayGraph, Provenance, version_name
from tornado_operator.api.session import FixPlan


def version_manifest(
    *,
    pathway_id: str,
    graph: PathwayGraph,
    number: int,
    parent: int | None,
    provenance: Provenance,
    namespace: str | None = None,
    pathway_uid: str | None = None,
    parent_wire: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The PathwayVersion object (wire form) for version `number` of `pathway_id`.
    `parent_wire`: the spec the graph was derived from, as it is written (the parent
    version's spec, or the Pathway's); the new spec keeps its form."""
    labels = {LABEL_PATHWAY: pathway_id, **MANAGED_BY}
    if provenance.session_id:
        labels[LABEL_SESSION_UID] = provenance.session_id
    if provenance.iteration is not None:
        labels[LABEL_ITERATION] = str(provenance.iteration)
    labels[LABEL_VERSION] = str(number)
    metadata: dict[str, Any] = {"name": version_name(pathway_id, number)}
    if namespace:
        metadata["namespace"] = namespace
    metadata["labels"] = labels
    if pathway_uid:
        metadata["ownerReferences"] = [
            {"apiVersion": f"{API_GROUP}/{API_VERSION}", "kind": "Pathway", "name": pathway_id, "uid": pathway_uid}
        ]
    spec: dict[str, Any] = {**clean_graph_wire(parent_wire, graph), "pathwayId": pathway_id}
    if parent is not None:
        spec["parentVersion"] = parent
    spec["provenance"] = provenance.wire()
    spec["versionNumber"] = number
    spec = ordered_like(parent_wire, spec)
    return {"apiVersion": f"{API_GROUP}/{API_VERSION}", "kind": "PathwayVersion", "metadata": metadata, "spec": spec}


def fix_notes(plan: FixPlan) -> list[FixNote]:
    """The provenance's record of a fix plan (ids, kinds, nodes, descriptions)."""
    return [
        FixNote(id=fix.id, type=fix.type, target_node=fix.target_node, description=fix.description) for fix in plan.fixes
    ]

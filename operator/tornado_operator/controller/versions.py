"""PathwayVersion allocation: create `<pathway>-v<N>` by name; on AlreadyExists take the next.

Idempotent by provenance: a snapshot of a pathway generation, or the fork of a session's
iteration, is looked up (by labels) before a new number is taken, so a restarted operator
or a retried Job pod never writes the same version twice. A snapshot whose content equals
an existing version (an exported fix merged back into the Pathway, an edit undone) is that
version: no duplicate is written.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tornado_operator.api.pathway import PathwayGraph, PathwayVersionSpec, Provenance, version_name
from tornado_operator.controller import names
from tornado_operator.controller.kube import Kube, api_status
from tornado_operator.engine.repair.model import graph_digest
from tornado_operator.loop.versions import version_manifest

PLURAL = "pathwayversions"
MAX_ALLOCATION_ATTEMPTS = 20


def list_versions(kube: Kube, namespace: str, pathway_id: str) -> list[dict[str, Any]]:
    return kube.list_objects(PLURAL, namespace, labels=f"{names.LABEL_PATHWAY}={pathway_id}")


def latest_number(versions: list[dict[str, Any]]) -> int:
    return max((int(v["spec"]["versionNumber"]) for v in versions), default=0)


def same_content(versions: list[dict[str, Any]], graph: PathwayGraph) -> int | None:
    """The newest version whose graph has the same content as `graph` (graph_digest), if any."""
    digest = graph_digest(graph)
    for version in sorted(versions, key=lambda v: int(v["spec"]["versionNumber"]), reverse=True):
        try:
            if graph_digest(PathwayVersionSpec.model_validate(version["spec"])) == digest:
                return int(version["spec"]["versionNumber"])
        except ValidationError:
            continue
    return None


def _matches(version: dict[str, Any], provenance: Provenance) -> bool:
    existing = version["spec"].get("provenance") or {}
    if provenance.source == "tornado-fix":
        return bool(
            existing.get("sessionId") == provenance.session_id
            and existing.get("iteration") == provenance.iteration
        )
    return bool(
        existing.get("source", "pathway") == "pathway"
        and existing.get("pathwayGeneration") == provenance.pathway_generation
    )


def create_version(
    kube: Kube,
    namespace: str,
    *,
    pathway: dict[str, Any],
    graph: PathwayGraph,
    parent: int | None,
    provenance: Provenance,
    versions: list[dict[str, Any]] | None = None,
    parent_wire: dict[str, Any] | None = None,
) -> int:
    """Write the next PathwayVersion of `pathway` (owned by it); return its number.
    `versions`: the pathway's versions, when the caller has just listed them; `parent_wire`:
    the spec the graph came from as written (the new version keeps its form)."""
    pathway_id: str = pathway["metadata"]["name"]
    if versions is None:
        versions = list_versions(kube, namespace, pathway_id)
    for version in versions:
        if _matches(version, provenance):
            return int(version["spec"]["versionNumber"])
    if provenance.source == "pathway":
        same = same_content(versions, graph)
        if same is not None:
            return same
    number = latest_number(versions) + 1
    for _attempt in range(MAX_ALLOCATION_ATTEMPTS):
        body = version_manifest(
            pathway_id=pathway_id,
            graph=graph,
            number=number,
            parent=parent,
            provenance=provenance,
            pathway_uid=pathway["metadata"]["uid"],
            parent_wire=parent_wire,
        )
        try:
            kube.create(PLURAL, namespace, body)
            return number
        except Exception as exc:
            if api_status(exc) != 409:
                raise
            taken = kube.get(PLURAL, namespace, version_name(pathway_id, number))
            if taken is not None and _matches(taken, provenance):
                return number  # our own earlier write (a retried pod or a restarted operator)
            number += 1  # taken by a concurrent writer: the next number
    raise RuntimeError(f"could not allocate a version of {pathway_id} after {MAX_ALLOCATION_ATTEMPTS} attempts")

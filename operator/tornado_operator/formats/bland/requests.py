"""The request bodies around a Bland pathway: update it, create a version, publish a version.

| body | request (docs.bland.ai) |
| --- | --- |
| `pathway_body` | `POST /v1/pathway/{pathway_id}`: name, description, nodes, edges (+ globalConfig, kept keys) |
| `version_body` | `POST /v1/pathway/{pathway_id}/version`: name, nodes, edges |
| `publish_body` | `POST /v1/pathway/{pathway_id}/publish`: version_id (the version *number*), environment |

Nothing here sends them: the loop never publishes; a person (or the promotion work) does.
"""

from __future__ import annotations

from typing import Any

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.formats.bland.writer import write_pathway

ENVIRONMENTS = ("production", "staging")
REQUESTS = {
    "update": "POST /v1/pathway/{pathway_id}",
    "version": "POST /v1/pathway/{pathway_id}/version",
    "publish": "POST /v1/pathway/{pathway_id}/publish",
}


def pathway_body(graph: PathwayGraph, *, name: str) -> dict[str, Any]:
    """The update-pathway body: the whole pathway, kept fields included."""
    return write_pathway(graph, name=name)


def version_body(graph: PathwayGraph, *, name: str) -> dict[str, Any]:
    """The create-version body: the version's name, nodes and edges (the global prompt rides
    in the nodes' pseudo-node, since the body has no top-level globalConfig)."""
    body = write_pathway(graph, name=name, prompt_in_nodes=True)
    return {"name": name, "nodes": body["nodes"], "edges": body.get("edges", [])}


def publish_body(version_number: int, environment: str = "production") -> dict[str, Any]:
    """The promote-version body; `version_id` is Bland's version number (an integer)."""
    if environment not in ENVIRONMENTS:
        raise ValueError(f"environment: {environment!r} is not one of {', '.join(ENVIRONMENTS)}")
    if isinstance(version_number, bool) or not isinstance(version_number, int) or version_number < 0:
        raise ValueError(f"version: {version_number!r} is not a version number (an integer >= 0)")
    return {"version_id": version_number, "environment": environment}

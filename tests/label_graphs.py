"""Small label-routed pathways for the label-routing rule tests: nodes, label edges, the compiled
graph, and which words of a turn the scorer reads as negated."""

from __future__ import annotations

from typing import Any

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.engine.sim import labels
from tornado_operator.engine.sim.compiled import CompiledGraph


def node(node_id: str, text: str = "", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "text": text or f"at {node_id}", **extra}


def edge(edge_id: str, source: str, target: str, label: str, description: str = "") -> dict[str, Any]:
    return {"id": edge_id, "source": source, "target": target, "label": label, "description": description}


def compiled(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> CompiledGraph:
    return CompiledGraph(PathwayGraph.model_validate({"startNodeId": nodes[0]["id"], "nodes": nodes, "edges": edges}))


def said(text: str) -> dict[str, bool]:
    return {word.surface: word.negated for word in labels.words(text)}

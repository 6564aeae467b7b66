"""The pathway drawn as a graph: Graphviz's `dot` lays it out and writes the SVG.

Each node is filled by how many failing scenarios went wrong there in the last iteration,
nodes changed by the session's fixes are outlined and carry their fix ids, global nodes sit
apart in their own box. Node and edge elements get stable ids and classes (`node-<id>`,
`pw-node`) so the page's script can make them clickable.
"""

from __future__ import annotations

import re
import shutil

import graphviz

from tornado_operator.api.pathway import Edge, Node, NodeType
from tornado_operator.report.model import SessionReport
from tornado_operator.text import clip

# White, then darker reds for more failing scenarios at a node (ColorBrewer Reds).
FAILING_FILLS = ["#ffffff", "#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15"]
TOUCHED_COLOR = "#1f5fd6"
EDGE_LABEL_CHARS = 28
NODE_LABEL_CHARS = 30
INSTALL_HINT = "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)"


class LayoutError(Exception):
    """Graphviz is missing or failed; the message says which and what to do."""


def failing_fill(count: int) -> str:
    return FAILING_FILLS[min(count, len(FAILING_FILLS) - 1)]


def dom_id(kind: str, value: str) -> str:
    """An element id from a node or edge id (ids may hold '.', which CSS selectors would misread)."""
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_-]", "_", value)


def node_label(node: Node) -> str:
    title = clip(node.name or node.id, NODE_LABEL_CHARS)
    lines = [title]
    if node.name and node.name != node.id:
        lines.append(f"({clip(node.id, NODE_LABEL_CHARS)})")
    if node.type is NodeType.TRANSFER and node.transfer is not None:
        lines.append(f"transfer → {clip(node.transfer.target, NODE_LABEL_CHARS - 11)}")
    elif node.type is NodeType.END_CALL:
        lines.append("end call")
    elif node.type is NodeType.WEBHOOK:
        lines.append("webhook")
    elif node.type is NodeType.UNSUPPORTED:
        lines.append(f"unsupported: {clip(node.imported_type or '', NODE_LABEL_CHARS - 13)}")
    return "\n".join(lines)


def edge_label(edge: Edge) -> str:
    if edge.label:
        return clip(edge.label, EDGE_LABEL_CHARS)
    if edge.match.keywords:
        return clip(" / ".join(edge.match.keywords[:3]), EDGE_LABEL_CHARS)
    if edge.match.patterns:
        return clip(edge.match.patterns[0], EDGE_LABEL_CHARS)
    return "otherwise" if edge.match.always else ""


def edge_tooltip(edge: Edge) -> str:
    parts = [f"{edge.source} → {edge.target}"]
    if edge.match.keywords:
        parts.append("keywords: " + ", ".join(edge.match.keywords))
    if edge.match.patterns:
        parts.append("patterns: " + ", ".join(edge.match.patterns))
    if edge.match.always:
        parts.append("catch-all")
    return clip("; ".join(parts), 400)


def dot_source(report: SessionReport) -> graphviz.Digraph:
    """The report's pathway as a Graphviz digraph (attributes only: `dot` does the layout)."""
    graph = report.graph
    if graph is None:
        raise LayoutError("no version graph to draw")
    dot = graphviz.Digraph(name="pathway")
    dot.attr(rankdir="TB", bgcolor="transparent", nodesep="0.35", ranksep="0.45", fontname="Helvetica", fontsize="11")
    dot.attr("node", shape="box", style="rounded,filled", fontname="Helvetica", fontsize="11", color="#57606a",
             penwidth="1.2", margin="0.12,0.06")
    dot.attr("edge", fontname="Helvetica", fontsize="9", color="#8c959f", fontcolor="#57606a", arrowsize="0.7")
    start = graph.start_node_id or next((node.id for node in graph.nodes if node.is_start), None)

    def add(target: graphviz.Digraph, node: Node) -> None:
        failing = report.failing_at.get(node.id, [])
        fixes = report.touched.get(node.id, [])
        label = node_label(node)
        if failing:
            label += f"\n✗ {len(failing)} failing"
        if fixes:
            label += "\n✎ " + ", ".join(view.label for view in fixes)
        classes = ["pw-node"]
        attrs = {"fillcolor": failing_fill(len(failing)), "id": dom_id("node", node.id)}
        if len(failing) >= 3:
            attrs["fontcolor"] = "#ffffff"
        if failing:
            classes.append("failing")
        if fixes:
            classes.append("touched")
            attrs.update(color=TOUCHED_COLOR, penwidth="3")
        if node.id == start:
            classes.append("start")
            attrs["peripheries"] = "2"
        if node.type is NodeType.END_CALL:
            attrs["shape"] = "box"
            attrs["style"] = "filled"
        tooltip = [node.id]
        if failing:
            tooltip.append("went wrong here: " + ", ".join(failing))
        if fixes:
            tooltip.append("changed by " + ", ".join(view.label for view in fixes))
        target.node(node.id, label=label, tooltip=clip("; ".join(tooltip), 400), **{"class": " ".join(classes)}, **attrs)

    globals_ = [node for node in graph.nodes if node.is_global]
    for node in graph.nodes:
        if not node.is_global:
            add(dot, node)
    if globals_:
        with dot.subgraph(name="cluster_global") as box:
            box.attr(label="global nodes: taken from anywhere when the caller's words match", style="dashed,rounded",
                     color="#8c959f", fontcolor="#57606a", fontsize="10", id="global-nodes")
            for node in globals_:
                add(box, node)
    known = {node.id for node in graph.nodes}
    for edge in graph.edges:
        if edge.source not in known or edge.target not in known:
            continue
        dot.edge(edge.source, edge.target, label=edge_label(edge), tooltip=edge_tooltip(edge),
                 id=dom_id("edge", edge.id), **{"class": "pw-edge"})
    for node in graph.nodes:
        fallback = node.config.fallback_node_id
        if fallback and fallback in known:
            dot.edge(node.id, fallback, label="fallback", style="dashed", tooltip=f"{node.id}: after retries",
                     id=dom_id("fallback", node.id), **{"class": "pw-edge fallback"})
    return dot


def render_svg(report: SessionReport) -> str:
    """The laid-out graph as an SVG element for inlining in HTML (no XML prolog)."""
    if shutil.which("dot") is None:
        raise LayoutError(f"Graphviz's `dot` is not on PATH: {INSTALL_HINT}")
    try:
        svg: str = dot_source(report).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise LayoutError(f"Graphviz's `dot` could not be run: {INSTALL_HINT}") from None
    except graphviz.CalledProcessError as exc:
        raise LayoutError(f"Graphviz's `dot` failed: {exc.stderr!r}") from None
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg

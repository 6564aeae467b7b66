"""The report for a pull request: the matrix as a Markdown table, the pathway as a Mermaid flowchart.

GitHub renders ```mermaid blocks; Mermaid lays the graph out itself, so this module writes
only its source. Node ids become n0, n1, ... (pathway ids may hold characters Mermaid reads
as syntax) and every label is quoted, with quotes written as Mermaid's #quot; entity.
"""

from __future__ import annotations

from tornado_operator.report.graph import edge_label, failing_fill
from tornado_operator.report.model import CellState, SessionReport
from tornado_operator.text import clip

CELL_TEXT = {
    CellState.PASS: "✅ pass",
    CellState.FAIL: "❌ fail",
    CellState.UNFIXABLE: "⛔ unfixable",
    CellState.HELD_OUT_PASS: "☑️ held-out pass",
    CellState.HELD_OUT_FAIL: "⚠️ held-out fail",
    CellState.NOT_RUN: "-",
}


def mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label: no quotes, no line breaks, no Markdown-table pipes."""
    return (
        text.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\n", " ").replace("|", "#124;").replace("`", "'")
    )


def _table_text(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def mermaid_graph(report: SessionReport) -> str:
    """The pathway as Mermaid flowchart source (without the ``` fence)."""
    graph = report.graph
    if graph is None:
        return ""
    ids = {node.id: f"n{index}" for index, node in enumerate(graph.nodes)}
    lines = ["flowchart TD"]

    def declare(indent: str, node_id: str) -> str:
        node = graph.node(node_id)
        label = clip(node.name or node.id, 40)
        failing = report.failing_at.get(node.id, [])
        fixes = report.touched.get(node.id, [])
        if failing:
            label += f"<br/>✗ {len(failing)} failing"
        if fixes:
            label += "<br/>✎ " + ", ".join(view.label for view in fixes)
        text = mermaid_text(label).replace("&lt;br/&gt;", "<br/>")
        return f'{indent}{ids[node.id]}["{text}"]'

    regular = [node for node in graph.nodes if not node.is_global]
    globals_ = [node for node in graph.nodes if node.is_global]
    lines.extend(declare("    ", node.id) for node in regular)
    if globals_:
        lines.append('    subgraph globals["global nodes"]')
        lines.extend(declare("        ", node.id) for node in globals_)
        lines.append("    end")
    for edge in graph.edges:
        if edge.source not in ids or edge.target not in ids:
            continue
        label = edge_label(edge)
        arrow = f' -->|"{mermaid_text(label)}"| ' if label else " --> "
        lines.append(f"    {ids[edge.source]}{arrow}{ids[edge.target]}")
    for node in graph.nodes:
        fallback = node.config.fallback_node_id
        if fallback and fallback in ids:
            lines.append(f'    {ids[node.id]} -.->|"fallback"| {ids[fallback]}')
    counts = sorted({len(report.failing_at.get(node.id, [])) for node in graph.nodes} - {0})
    for count in counts:
        colour = "#ffffff" if count >= 3 else "#1f2328"
        lines.append(f"    classDef failing{count} fill:{failing_fill(count)},color:{colour}")
        members = [ids[node.id] for node in graph.nodes if len(report.failing_at.get(node.id, [])) == count]
        lines.append(f"    class {','.join(members)} failing{count}")
    touched = [ids[node_id] for node_id in report.touched if node_id in ids]
    if touched:
        lines.append("    classDef touched stroke:#1f5fd6,stroke-width:3px")
        lines.append(f"    class {','.join(touched)} touched")
    return "\n".join(lines)


def render_markdown(report: SessionReport) -> str:
    last = report.iterations[-1] if report.iterations else None
    out = [f"### tornado session `{report.name}`: {report.phase}", ""]
    summary = f"Pathway `{report.pathway_id}`, {len(report.iterations)} iteration(s)"
    if last is not None:
        summary += f", {last.passed}/{last.passed + last.failed + last.unfixable} passing in the last"
    out.append(f"{summary}. {_table_text(report.reason)}: {_table_text(report.message)}")
    out.append("")
    for note in report.notes:
        out.append(f"> {_table_text(note)}")
    if report.notes:
        out.append("")
    if report.iterations:
        head = " | ".join(f"it{view.number} (v{view.record.version_tested or '?'})" for view in report.iterations)
        out.append(f"| scenario | {head} |")
        out.append("|---|" + "---|" * len(report.iterations))
        for sid in report.scenario_ids:
            cells = []
            for view in report.iterations:
                cell = report.cell(sid, view.number)
                text = CELL_TEXT[cell.state]
                if cell.state.failing and cell.signature:
                    text += f" `{_table_text(cell.signature)}`"
                cells.append(text)
            held = " (held out)" if sid in report.held_out_ids else ""
            out.append(f"| `{sid}`{held} | {' | '.join(cells)} |")
        out.append("")
        totals = " · ".join(
            f"it{view.number}: {view.passed} passed, {view.failed} failed"
            + (f", {view.unfixable} unfixable" if view.unfixable else "")
            + (f", held out {view.held_out_passed}/{view.held_out_passed + view.held_out_failed}" if view.held_out_passed + view.held_out_failed else "")
            for view in report.iterations
        )
        out.append(totals)
        out.append("")
    if report.fixes:
        out.append("**Fixes**")
        out.append("")
        for fix in report.fixes:
            applied = f"v{fix.parent_version} → v{fix.child_version}" if fix.applied else "not applied"
            out.append(f"- **{fix.label}** `{fix.fix.type}` on `{fix.fix.target_node}` ({applied}): {_table_text(fix.fix.description)}")
        out.append("")
    graph = mermaid_graph(report)
    if graph:
        out.append(f"**Pathway** (version {report.graph_version}; red: failing in the last iteration, blue outline: changed by a fix)")
        out.append("")
        out.append("```mermaid")
        out.append(graph)
        out.append("```")
        out.append("")
    return "\n".join(out)

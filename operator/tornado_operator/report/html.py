"""The report as one self-contained HTML file: inline SVG, CSS, script and data; nothing fetched.

The page works offline and as a CI artifact. Static parts (graph, chart, matrix, fixes) are
plain markup; the transcripts ride along as JSON that the page's small script shows on click.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from importlib.resources import files
from typing import Any

from tornado_operator.api.results import ScenarioResult
from tornado_operator.report.diffs import FixDiff, fix_diff
from tornado_operator.report.graph import FAILING_FILLS, dom_id, render_svg
from tornado_operator.report.model import CellState, SessionReport

CHART_BAR = 44
CHART_GAP = 14
CHART_HEIGHT = 120
CHART_SERIES = [  # (attribute of IterationView, label, colour)
    ("passed", "passed", "#2da44e"),
    ("failed", "failed", "#cf222e"),
    ("unfixable", "unfixable", "#6e3fa3"),
    ("held_out_passed", "held-out passed", "#a6e3b5"),
    ("held_out_failed", "held-out failed", "#f5a97f"),
]


def _asset(name: str) -> str:
    return files("tornado_operator.report").joinpath("assets", name).read_text(encoding="utf-8")


def _json_for_script(value: Any) -> str:
    """JSON that cannot end the <script> element it sits in."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def caller_turn_index(result: ScenarioResult, caller_turn: int | None) -> int | None:
    """Transcript index of the n-th (1-based) caller turn."""
    if caller_turn is None:
        return None
    seen = 0
    for index, turn in enumerate(result.transcript):
        if turn.speaker == "caller":
            seen += 1
            if seen == caller_turn:
                return index
    return None


def _run_data(result: ScenarioResult) -> dict[str, Any]:
    kept = len(result.transcript)
    return {
        "turns": [{"speaker": turn.speaker, "text": turn.text, "node": turn.node} for turn in result.transcript],
        "failed": [
            {
                "label": item.label(),
                "detail": item.detail or f"expected {item.expected}, got {item.actual}",
                "turns": [index for index in item.turns if 0 <= index < kept],
            }
            for item in result.assertions
            if not item.passed
        ],
        "unmatchedIndex": caller_turn_index(result, result.unmatched_turn),
        "endedBy": result.ended_by,
        "truncated": result.transcript_truncated,
    }


def page_data(report: SessionReport) -> dict[str, Any]:
    runs = {f"{sid}@{n}": _run_data(result) for (sid, n), result in report.results.items()}
    cells = {
        f"{cell.scenario_id}@{cell.iteration}": {
            "state": cell.state.text,
            "signature": cell.signature,
            "summary": cell.summary,
            "failedNode": cell.failed_node,
        }
        for cell in report.cells.values()
    }
    last_run: dict[str, int] = {}
    for sid in report.scenario_ids:
        ran = [view.number for view in report.iterations if report.cell(sid, view.number).state is not CellState.NOT_RUN]
        if ran:
            last_run[sid] = ran[-1]
    nodes: dict[str, Any] = {}
    node_dom_ids: dict[str, str] = {}
    if report.graph is not None:
        for node in report.graph.nodes:
            node_dom_ids[node.id] = dom_id("node", node.id)
            nodes[node.id] = {
                "failing": report.failing_at.get(node.id, []),
                "fixes": [view.key for view in report.touched.get(node.id, [])],
            }
    return {
        "runs": runs,
        "cells": cells,
        "cellIds": {key: str(index) for index, key in enumerate(sorted(cells))},
        "lastRun": last_run,
        "lastIteration": report.last_iteration,
        "nodes": nodes,
        "nodeDomIds": node_dom_ids,
        "fixes": {view.key: {"label": view.label, "description": view.fix.description} for view in report.fixes},
    }


def chart_svg(report: SessionReport) -> str:
    """Per-iteration totals as stacked bars (a few rectangles: no charting library needed)."""
    if not report.iterations:
        return "<p>No iteration ran.</p>"
    top = max(
        (sum(getattr(view, attr) for attr, _, _ in CHART_SERIES) for view in report.iterations), default=1
    ) or 1
    width = 40 + len(report.iterations) * (CHART_BAR + CHART_GAP)
    height = CHART_HEIGHT + 40
    parts = [f'<svg class="chart" role="img" aria-label="scenarios per iteration" width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    parts.append(f'<line x1="30" y1="{CHART_HEIGHT + 6}" x2="{width}" y2="{CHART_HEIGHT + 6}" stroke="#d0d7de"/>')
    parts.append(f'<text x="26" y="14" text-anchor="end">{top}</text><text x="26" y="{CHART_HEIGHT + 6}" text-anchor="end">0</text>')
    for position, view in enumerate(report.iterations):
        x = 36 + position * (CHART_BAR + CHART_GAP)
        y = CHART_HEIGHT + 6
        for attr, label, colour in CHART_SERIES:
            count = getattr(view, attr)
            if not count:
                continue
            h = CHART_HEIGHT * count / top
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{CHART_BAR}" height="{h:.1f}" fill="{colour}">'
                f"<title>iteration {view.number}: {count} {label}</title></rect>"
            )
            if h >= 13:
                ink = "#ffffff" if attr in ("passed", "failed", "unfixable") else "#1f2328"
                parts.append(f'<text x="{x + CHART_BAR / 2}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" style="fill:{ink}">{count}</text>')
        parts.append(f'<text x="{x + CHART_BAR / 2}" y="{CHART_HEIGHT + 22}" text-anchor="middle">it{view.number}</text>')
        version = view.record.version_tested
        if version is not None:
            parts.append(f'<text x="{x + CHART_BAR / 2}" y="{CHART_HEIGHT + 35}" text-anchor="middle">v{version}</text>')
    parts.append("</svg>")
    legend = "".join(
        f'<span><span class="swatch" style="background:{colour}"></span>{label}</span>' for _, label, colour in CHART_SERIES
    )
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def matrix_html(report: SessionReport, cell_ids: dict[str, str]) -> str:
    head = "".join(
        f'<th title="version {escape(str(view.record.version_tested))}: {escape(view.verdict)}">it{view.number}'
        f'<br><span class="held">v{escape(str(view.record.version_tested or "?"))}</span></th>'
        for view in report.iterations
    )
    rows = []
    for sid in report.scenario_ids:
        name = report.scenario_names.get(sid, "")
        held = ' <span class="held">(held out)</span>' if sid in report.held_out_ids else ""
        title = f' title="{escape(name)}"' if name and name != sid else ""
        cells = []
        for view in report.iterations:
            cell = report.cell(sid, view.number)
            key = f"{sid}@{view.number}"
            if cell.state is CellState.NOT_RUN:
                cells.append('<td class="cell not-run">-</td>')
                continue
            hover = cell.state.text
            if cell.signature:
                hover += f"\n{cell.signature}"
            if cell.summary:
                hover += f"\n{cell.summary}"
            cells.append(
                f'<td class="cell {cell.state.value}" id="cell-{cell_ids[key]}" data-run="1" data-scenario="{escape(sid)}" '
                f'data-iteration="{view.number}" title="{escape(hover)}">{escape(cell.state.text)}</td>'
            )
        rows.append(f'<tr><th class="scenario" data-scenario="{escape(sid)}"{title}>{escape(sid)}{held}</th>{"".join(cells)}</tr>')
    return f'<table class="matrix"><thead><tr><th>scenario</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def diff_html(diff: FixDiff) -> str:
    out = []
    if diff.note:
        out.append(f'<div class="hint">{escape(diff.note)}</div>')
    if diff.review:
        rows = []
        for segments in diff.review:
            if not segments:
                continue
            rows.append("".join(
                f'<span class="rv-{style}">{escape(text)}</span>' if style else escape(text) for text, style in segments
            ))
        out.append(f'<pre class="diff review">{chr(10).join(rows)}</pre>')
    if diff.lines:
        spans = []
        for line in diff.lines:
            kind = (
                "file" if line.startswith(("---", "+++")) else "hunk" if line.startswith("@@")
                else "add" if line.startswith("+") else "del" if line.startswith("-") else ""
            )
            spans.append(f'<span class="{kind}">{escape(line)}</span>' if kind else escape(line) + "\n")
        out.append(f'<pre class="diff">{"".join(spans)}</pre>')
    return "".join(out)


def fixes_html(report: SessionReport) -> str:
    if not report.fixes:
        return "<p>No fix was made.</p>"
    sections = []
    reviews: dict[int, Any] = {}
    for view in report.fixes:
        fix = view.fix
        status = (
            f"v{view.parent_version} → v{view.child_version}" if view.applied
            else "proposed, not applied (the loop stopped)"
        )
        scenarios = ", ".join(escape(sid) for sid in fix.scenario_ids) or "-"
        sections.append(
            f'<section class="fix{"" if view.applied else " unapplied"}" id="fix-{escape(view.key)}">'
            f'<h3>{escape(view.label)} <span class="type">{escape(fix.type)}</span></h3>'
            f'<div>on node <a href="#graph" class="node-link" data-node="{escape(fix.target_node)}">{escape(fix.target_node)}</a>'
            f" · {escape(status)} · for {scenarios}</div>"
            f"<div>{escape(fix.description)}</div>"
            f"{diff_html(fix_diff(report, view, reviews))}</section>"
        )
    return "".join(sections)


def graph_html(report: SessionReport) -> str:
    if report.graph is None:
        return "<p>No version graph was found, so the pathway is not drawn.</p>"
    legend = "".join(
        f'<span><span class="swatch" style="background:{fill}"></span>{label}</span>'
        for fill, label in [(FAILING_FILLS[0], "none"),
                            *((fill, str(count)) for count, fill in enumerate(FAILING_FILLS[1:-1], start=1)),
                            (FAILING_FILLS[-1], f"{len(FAILING_FILLS) - 1}+")]
    )
    legend += '<span><span class="swatch touched"></span>changed by a fix (✎ fix ids)</span><span>double border: start node</span>'
    unplaced = ""
    if report.unplaced_failures:
        unplaced = (
            '<div class="hint">failing where no node of this version is named: '
            + ", ".join(escape(sid) for sid in report.unplaced_failures) + "</div>"
        )
    return (
        f'<div class="legend">version {report.graph_version} · fill: failing scenarios that went wrong at the node in the '
        f"last iteration:{legend}</div>"
        f'<div class="graph" id="graph">{render_svg(report)}</div>{unplaced}'
    )


def render_html(report: SessionReport, *, generated: datetime | None = None) -> str:
    data = page_data(report)
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    notes = "".join(f"<div>{escape(note)}</div>" for note in report.notes)
    iterations = len(report.iterations)
    last = report.iterations[-1] if report.iterations else None
    passing = f"{last.passed}/{last.passed + last.failed + last.unfixable} passing" if last else "no iteration"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tornado report: {escape(report.name)}</title>
<style>{_asset("report.css")}</style>
</head>
<body>
<header>
<h1>{escape(report.name)} <span class="phase {escape(report.phase)}">{escape(report.phase)}</span></h1>
<div class="meta">pathway <b>{escape(report.pathway_id)}</b> · {iterations} iteration(s) · {passing} · {len(report.fixes)} fix(es)
 · {escape(report.reason)}: {escape(report.message)}</div>
<div class="meta">from {escape(report.source)} · {when}</div>
</header>
<main>
<div class="left">
{f'<div class="notes">{notes}</div>' if notes else ""}
<h2>Pathway</h2>
{graph_html(report)}
<div class="row">
<div><h2>Scenarios &times; iterations</h2>
<div class="legend">click a cell for its transcript; hover for the root cause</div>
{matrix_html(report, data["cellIds"])}</div>
<div><h2>Per iteration</h2>{chart_svg(report)}</div>
</div>
<h2>Fixes</h2>
{fixes_html(report)}
</div>
<aside id="panel"><div id="panel-body"><h2>Details</h2>
<p class="hint">Click a cell of the matrix or a scenario for its transcript (failed assertions marked on their turns), or a node of the graph for what went wrong there and the fixes that changed it.</p></div></aside>
</main>
<script type="application/json" id="report-data">{_json_for_script(data)}</script>
<script>{_asset("report.js")}</script>
</body>
</html>
"""

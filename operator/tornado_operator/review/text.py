"""A GraphDiff as lines for a terminal or a file: styled segments, or plain text with markers.

    for line in review_lines(diff, plain=True): print("".join(text for text, _ in line))

Styles are names (`add`, `del`, `node`, `field`, `tag`, `dim`, `head`) a renderer maps to
colours. With `plain=True` (a pipe, a file) word changes carry git's word-diff markers
`[-removed-]{+added+}` instead of colours, and `+`/`-` mark list values.
"""

from __future__ import annotations

import json
from typing import Any

from tornado_operator.review.diff import Change, FixRef, GraphDiff, WordSpan

Segment = tuple[str, str]  # (text, style; "" for none)
Line = list[Segment]
CONTEXT_WORDS = 6  # words of unchanged text shown around a change


def review_lines(diff: GraphDiff, *, plain: bool) -> list[Line]:
    lines: list[Line] = [[(f"{diff.before_label} -> {diff.after_label}", "head")]]
    if diff.fixes:
        versions = sorted({fix.version for fix in diff.fixes if fix.version is not None})
        lines.append([(f"{len(diff.fixes)} fix(es) made version(s) {', '.join(map(str, versions))}", "dim")])
    if diff.empty:
        lines.append([("no changes: the two have the same content", "")])
        return lines
    if diff.pathway:
        lines.append([])
        lines.append([("pathway", "node")])
        for change in diff.pathway:
            lines.extend(_change_lines(change, plain))
    for node in diff.nodes:
        lines.append([])
        status = "" if node.status == "changed" else f" ({node.status})"
        lines.append([(f"node {node.node_id}", "node"), (f' "{node.name}"' if node.name else "", "dim"), (status, "node")])
        for change in node.changes:
            lines.extend(_change_lines(change, plain))
    if diff.unexplained_fixes:
        lines.append([])
        lines.append([("fixes with no change of their own in this diff (undone later, or changed something another fix also changed):", "dim")])
        for fix in diff.unexplained_fixes:
            lines.append([("  ", ""), (f"[{fix.label}]", "tag"), (f" {fix.description}", "dim")])
    return lines


def render_plain(diff: GraphDiff) -> str:
    return "\n".join("".join(text for text, _ in line) for line in review_lines(diff, plain=True)) + "\n"


def _change_lines(change: Change, plain: bool) -> list[Line]:
    marker, *what = _what(change, plain)
    head: Line = [("  ", ""), marker]
    if change.edge is not None and change.path != "edge":
        head.append((f"edge {change.edge} ", "field"))
    head.extend(what)
    if change.fixes:
        head.append(("  ", ""))
        head.extend((f"[{fix.label}]", "tag") if i == 0 else (f" [{fix.label}]", "tag") for i, fix in enumerate(change.fixes))
    else:
        head.append(("  [no fix: not made by a fix between the two]", "dim"))
    lines = [head]
    lines.extend([("      ", ""), (_fix_text(fix), "dim")] for fix in change.fixes)
    return lines


def _fix_text(fix: FixRef) -> str:
    where = f" (session {fix.session}, iteration {fix.iteration})" if fix.session and fix.iteration else ""
    return f"{fix.label}{where}: {fix.description}" if fix.description else f"{fix.label}{where}"


def _what(change: Change, plain: bool) -> Line:
    field = (change.path, "field")
    if change.kind == "added":
        return [("+ ", "add"), (f"{change.path} ", "field"), (_short(change.after), "add")]
    if change.kind == "removed":
        return [("- ", "del"), (f"{change.path} ", "field"), (_short(change.before), "del")]
    if change.kind == "order":
        return [("~ ", ""), field, (": order ", ""), (_short(change.before), "del"), (" -> ", ""), (_short(change.after), "add")]
    if change.kind == "list":
        out: Line = [("~ ", ""), field, (":", "")]
        out.extend((f" +{_short(value)}", "add") for value in change.added)
        out.extend((f" -{_short(value)}", "del") for value in change.removed)
        return out
    if change.kind == "text":
        return [("~ ", ""), field, (": ", ""), *_words(change.words, plain)]
    return [("~ ", ""), field, (": ", ""), (_short(change.before), "del"), (" -> ", ""), (_short(change.after), "add")]


def _words(spans: list[WordSpan], plain: bool) -> Line:
    out: Line = []
    for index, span in enumerate(spans):
        if span.op == "equal":
            words = span.text.split(" ")
            first, last = index == 0, index == len(spans) - 1
            keep = CONTEXT_WORDS * (1 if first or last else 2)
            if len(words) > keep:
                if first:
                    text = "..." + " ".join(words[-CONTEXT_WORDS:])
                elif last:
                    text = " ".join(words[:CONTEXT_WORDS]) + "..."
                else:
                    text = " ".join(words[:CONTEXT_WORDS]) + " ... " + " ".join(words[-CONTEXT_WORDS:])
            else:
                text = span.text
            out.append((text, ""))
        elif span.op == "delete":
            out.append((f"[-{span.text.strip()}-] " if plain else span.text, "del"))
        else:
            out.append((f"{{+{span.text.strip()}+}} " if plain else span.text, "add"))
    return out


def _short(value: Any, limit: int = 160) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = json.dumps(text, ensure_ascii=False) if isinstance(value, str) else text
    return text if len(text) <= limit else text[: limit - 3] + "..."

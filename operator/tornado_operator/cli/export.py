"""`tornado export PATHWAY --version N [--from FILE]`: a version back as the Pathway manifest its
author would commit.

Without --from: `apiVersion`, `kind: Pathway`, `metadata.name` and the spec with every default
left out (the API server's defaults are not the author's), nodes and edges in the version's
order (the author's: a fork keeps it). No status, no provenance, no version fields.

With --from FILE (the manifest as authored, e.g. the file in Git): the file itself, with only
what the version changed changed in its Pathway document: its key order, comments, quoting
and flow/block style where nothing changed, its other documents untouched. Read and written
with ruamel.yaml's round-trip mode, which keeps comments and style (PyYAML drops them).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2


def export_manifest(args: argparse.Namespace, name: str, obj: Any) -> int:
    from tornado_operator.api.pathway import PathwayVersion

    graph = obj.spec.graph()
    pathway_id = obj.spec.pathway_id if isinstance(obj, PathwayVersion) else name
    if args.source_manifest:
        try:
            text = with_graph(Path(args.source_manifest), pathway_id, graph)
        except ExportError as exc:
            print(f"tornado: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        text = manifest_text(pathway_id, graph)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    what = f"PathwayVersion {obj.metadata.name}" if isinstance(obj, PathwayVersion) else f"Pathway {obj.metadata.name}"
    where = f" into {args.source_manifest}'s form" if args.source_manifest else ""
    print(f"{what} as Pathway {pathway_id}{where}" + (f" -> {args.output}" if args.output else ""), file=sys.stderr)
    return EXIT_OK


class ExportError(Exception):
    pass


def manifest_text(pathway_id: str, graph: Any) -> str:
    import yaml

    from tornado_operator.api.graph_form import lean_graph_wire

    manifest = {
        "apiVersion": "agenttesting.dev/v1alpha1",
        "kind": "Pathway",
        "metadata": {"name": pathway_id},
        "spec": lean_graph_wire(graph),
    }
    return yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)


def with_graph(source: Path, pathway_id: str, graph: Any) -> str:
    """`source` (a YAML file with the Pathway `pathway_id`) with its spec changed to `graph`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from tornado_operator.api.graph_form import clean_graph_wire

    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"--from {source}: cannot read: {exc}") from None
    yaml = YAML()  # round-trip: comments, key order, quotes and flow style are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the author wrote; changed folded text is folded below
    try:
        indent, dash_offset = _guess_indent(text)
        documents = list(yaml.load_all(text))
    except YAMLError as exc:
        raise ExportError(f"--from {source}: not YAML: {str(exc).splitlines()[0]}") from None
    if indent is not None:  # the author's indentation of block sequences ("- " indented or not)
        dash_offset = dash_offset or 0
        yaml.indent(mapping=max(2, indent - dash_offset) if dash_offset else indent, sequence=indent, offset=dash_offset)
    pathways = [
        doc for doc in documents
        if isinstance(doc, dict) and doc.get("kind") == "Pathway" and (doc.get("metadata") or {}).get("name") == pathway_id
    ]
    if len(pathways) != 1:
        raise ExportError(f"--from {source}: no Pathway {pathway_id!r} in it" if not pathways else f"--from {source}: Pathway {pathway_id!r} twice")
    document = pathways[0]
    authored = json.loads(json.dumps(document.get("spec") or {}))
    update_in_place(document, "spec", clean_graph_wire(authored, graph))
    document.pop("status", None)
    out = io.StringIO()
    if text.lstrip().startswith("---"):
        yaml.explicit_start = True
    yaml.dump_all(documents, out)
    return out.getvalue()


def _guess_indent(text: str) -> tuple[int | None, int | None]:
    """The author's indentation (of the first document that shows it): ruamel's guess works on
    one document at a time."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    for document in re.split(r"(?m)^---[^\n]*\n", text):
        if not document.strip():
            continue
        try:
            _, indent, dash_offset = load_yaml_guess_indent(document)
        except YAMLError:
            continue
        if indent is not None:
            return indent, dash_offset
    return None, None


def update_in_place(parent: Any, key: Any, new: Any) -> None:
    """Make parent[key] equal `new`, keeping the ruamel objects (and their comments and style)
    of everything that did not change."""
    old: Any = parent[key]
    if isinstance(old, dict) and isinstance(new, dict):
        mapping: Any = old  # a CommentedMap (insert keeps the other keys' places)
        for gone in [k for k in old if k not in new]:
            del old[gone]
        for position, (item_key, value) in enumerate(new.items()):
            if item_key in old:
                update_in_place(old, item_key, value)
            elif position >= len(old):
                _append(old, item_key, value)
            else:
                mapping.insert(position, item_key, value)
        return
    if isinstance(old, list) and isinstance(new, list):
        _update_list(old, new)
        return
    if old != new:  # equal values keep their ruamel objects: quoting and style
        parent[key] = _styled_like(old, new)


def _append(mapping: Any, key: Any, value: Any) -> None:
    """A new last key: the blank line or comment that followed the old last value moves below it."""
    last = next(reversed(mapping), None) if len(mapping) else None
    mapping[key] = value
    comments = getattr(mapping, "ca", None)
    if last is not None and comments is not None and last in comments.items:
        trailing = comments.items[last]
        if len(trailing) > 2 and trailing[2] is not None and not isinstance(mapping[last], dict | list):
            comments.items.setdefault(key, [None, None, None, None])[2] = trailing[2]
            trailing[2] = None


def _update_list(old: list[Any], new: list[Any]) -> None:
    """Reorder, drop and add items of `old` (a CommentedSeq: deleting and inserting moves the
    items' comments along) until it equals `new`; items are matched by id or name, else value."""

    def key(item: Any) -> Any:
        if isinstance(item, dict):
            for field in ("id", "name"):
                if field in item:
                    return (field, item[field])
        return ("value", json.dumps(item, sort_keys=True, default=str))

    wanted = [key(item) for item in new]
    for index in reversed(range(len(old))):
        if key(old[index]) not in wanted:
            del old[index]
    for position, (want, item) in enumerate(zip(wanted, new, strict=True)):
        current = next((i for i in range(position, len(old)) if key(old[i]) == want), None)
        if current is None:
            old.insert(position, item)
            continue
        if current != position:
            moved = old[current]
            del old[current]
            old.insert(position, moved)
        update_in_place(old, position, item)
    del old[len(new):]


def _styled_like(old: Any, new: Any) -> Any:
    """A changed string keeps the block style (| or >) its author used; folded text is folded
    at about the width of the author's lines."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(new, str) and isinstance(old, LiteralScalarString):
        return LiteralScalarString(new)
    if isinstance(new, str) and isinstance(old, FoldedScalarString):
        folded = FoldedScalarString(new)
        folds = [0, *getattr(old, "fold_pos", []), len(old)]
        width = max((b - a for a, b in itertools.pairwise(folds)), default=80)
        folded.fold_pos = _fold_positions(new, max(width, 40))
        return folded
    return new


def _fold_positions(text: str, width: int) -> list[int]:
    """Where to break `text` (positions of spaces) so that no line is longer than `width`."""
    positions: list[int] = []
    start, last_space = 0, -1
    for index, char in enumerate(text):
        if char == " ":
            if index - start > width and last_space > start:
                positions.append(last_space)
                start = last_space + 1
            last_space = index
    if len(text) - start > width and last_space > start:
        positions.append(last_space)
    return positions

"""Read the YAML manifests a user would `kubectl apply`: files or folders, multi-document.

Pathway, PathwayVersion, TestScenario and TornadoSession documents are validated with the
resource models; `kind: List` is expanded; other kinds are skipped with a warning. Every
problem is reported as one line naming the file, the object and the field, e.g.

    examples/x/scenarios.yaml: TestScenario "foo": spec.maxTurns: must be <= 50, got 60 (an integer)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tornado_operator.api.errors import Path as FieldPath
from tornado_operator.api.errors import Problem, validation_problems
from tornado_operator.api.pathway import DNS_LABEL_PATTERN, Pathway, PathwayVersion
from tornado_operator.api.scenario import TestScenario
from tornado_operator.api.session import TornadoSession

KINDS: dict[str, type[BaseModel]] = {
    "Pathway": Pathway,
    "PathwayVersion": PathwayVersion,
    "TestScenario": TestScenario,
    "TornadoSession": TornadoSession,
}
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_DNS_LABEL = re.compile(DNS_LABEL_PATTERN)


class _KubeDumper(yaml.SafeDumper):
    """Quotes the strings a YAML 1.1 reader takes for booleans that PyYAML reads as strings
    (y, Y, n, N): kubectl would turn a canvas position's `y:` key into `true:`."""


_KubeDumper.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))


def dump_manifest(obj: Any) -> str:
    """A manifest as YAML that kubectl reads back as written."""
    return yaml.dump(obj, Dumper=_KubeDumper, sort_keys=False, allow_unicode=True, width=100)


class ManifestError(Exception):
    """Bad input; `lines` are complete one-line messages (file, object, field, problem)."""

    def __init__(self, lines: Sequence[str], *, line: int | None = None) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)
        self.line = line  # where in the file, when known (a YAML syntax error)


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # file, as given (for messages)
    kind: str
    name: str
    obj: Any  # the validated model (Pathway, PathwayVersion, TestScenario or TornadoSession)
    raw: dict[str, Any] = field(default_factory=dict)  # the document as written (key order, no defaults added)

    @property
    def label(self) -> str:
        return f'{self.kind} "{self.name}"'

    def where(self) -> str:
        return f"{self.source}: {self.label}"


@dataclass(slots=True)
class Manifests:
    documents: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Document]:
        return [doc for doc in self.documents if doc.kind == kind]


def files_of(paths: Sequence[str | Path]) -> list[Path]:
    """The manifest files given: files as they are, folders' *.yaml and *.yml files."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))
            if not found:
                problems.append(f"{raw}: no .yaml or .yml files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{raw}: no such file or folder")
    if problems:
        raise ManifestError(problems)
    return files


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One YAML document as read, with the line of every key and list item in it."""

    source: str
    index: int  # position in the file, from 0
    data: Any
    lines: dict[FieldPath, int]  # path of keys / list indices -> 1-based line
    line: int  # where the document starts

    def line_of(self, path: FieldPath) -> int:
        """The line of the deepest part of `path` the document has (a missing key: its parent's)."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return self.line


def _line_map(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key: FieldPath = (*path, key_node.value)
                lines.setdefault(key, key_node.start_mark.line + 1)
                _line_map(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            lines.setdefault((*path, position), item.start_mark.line + 1)
            _line_map(item, (*path, position), lines)


def read_documents(path: Path) -> list[SourceDocument]:
    """The non-empty YAML documents of a file, with line numbers (the compose API keeps them)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError([f"{path}: cannot read: {exc}"]) from None
    loader = yaml.SafeLoader(text)
    documents: list[SourceDocument] = []
    try:
        index = 0
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node)
            if node is not None and data is not None:
                lines: dict[FieldPath, int] = {}
                _line_map(node, (), lines)
                documents.append(SourceDocument(str(path), index, data, lines, node.start_mark.line + 1))
            index += 1
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        raise ManifestError([f"{path}: {where}YAML syntax error: {problem}"], line=mark.line + 1 if mark is not None else None) from None
    finally:
        loader.dispose()
    return documents


@dataclass(slots=True)
class Checked:
    """One document checked: the validated object, or the problems (paths from the document's root)."""

    kind: str | None
    name: str | None
    label: str
    obj: Any = None
    problems: list[Problem] = field(default_factory=list)
    ignored: bool = False  # not a kind tornado runs


def check_document(raw: dict[str, Any], index: int) -> Checked:
    """Validate one document (not a List) with the resource models and the name rules."""
    kind = raw.get("kind")
    metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    name = metadata.get("name") if isinstance(metadata, dict) else None
    label = f'{kind} "{name}"' if name else f"{kind or 'document'} (document {index + 1})"
    checked = Checked(kind=kind if isinstance(kind, str) else None, name=name if isinstance(name, str) else None, label=label)
    if kind not in KINDS:
        checked.ignored = True
        return checked
    api_version = raw.get("apiVersion")
    if api_version is not None and not str(api_version).startswith("agenttesting.dev/"):
        checked.problems.append(Problem(("apiVersion",), f"expected agenttesting.dev/v1alpha1, got {api_version!r}"))
        return checked
    if not isinstance(name, str) or not name:
        checked.problems.append(Problem(("metadata", "name"), "required"))
        return checked
    if kind == "Pathway" and not _DNS_LABEL.match(name):
        checked.problems.append(Problem(("metadata", "name"), "must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters), since it is the pathwayId"))
        return checked
    if len(name) > 253 or not _DNS_SUBDOMAIN.match(name):
        checked.problems.append(Problem(("metadata", "name"), "must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')"))
        return checked
    try:
        checked.obj = KINDS[kind].model_validate(raw)
    except ValidationError as exc:
        checked.problems = validation_problems(exc)
    return checked


def expand(raw: Any) -> list[tuple[FieldPath, Any]]:
    """A document's objects with their path in it: a `kind: List` gives its items."""
    if isinstance(raw, dict) and raw.get("kind") == "List" and isinstance(raw.get("items"), list):
        return [(("items", position), item) for position, item in enumerate(raw["items"])]
    return [((), raw)]


def parse_document(raw: Any, source: str, index: int, warnings: list[str]) -> list[Document]:
    """Validate one YAML document (a List expands to its items)."""
    out: list[Document] = []
    for _prefix, item in expand(raw):
        if not isinstance(item, dict):
            raise ManifestError([f"{source}: document {index + 1}: expected a mapping with apiVersion and kind, got {type(item).__name__}"])
        checked = check_document(item, index)
        if checked.ignored:
            warnings.append(f"{source}: ignoring {checked.label}: not a kind tornado runs (Pathway, PathwayVersion, TestScenario, TornadoSession)")
            continue
        if checked.problems:
            raise ManifestError([problem.line(f"{source}: {checked.label}: ") for problem in checked.problems])
        assert checked.kind is not None and checked.name is not None
        out.append(Document(source=source, kind=checked.kind, name=checked.name, obj=checked.obj, raw=item))
    return out


def load_manifests(paths: Sequence[str | Path]) -> Manifests:
    """Every supported document under `paths`; ManifestError naming every bad document of every
    file (a user mends them all at once, not one a run), after reading them all."""
    result = Manifests()
    seen: dict[tuple[str, str], str] = {}
    problems: list[ManifestError] = []
    for path in files_of(paths):
        try:
            source_docs = read_documents(path)
        except ManifestError as error:
            problems.append(error)  # (a file that cannot be read or parsed: the others still are)
            continue
        for source_doc in source_docs:
            try:
                docs = parse_document(source_doc.data, str(path), source_doc.index, result.warnings)
            except ManifestError as error:
                problems.append(error)
                continue
            for doc in docs:
                key = (doc.kind, doc.name)
                if key in seen:
                    if seen[key] == doc.source and doc.kind != "PathwayVersion":
                        problems.append(ManifestError([f"{doc.source}: {doc.label}: metadata.name: defined twice in this file"]))
                    elif doc.kind != "PathwayVersion":
                        problems.append(ManifestError([f"{doc.source}: {doc.label}: metadata.name: also defined in {seen[key]}"]))
                    continue  # (a version given twice, e.g. a folder and --pathway-version: the same one)
                seen[key] = doc.source
                result.documents.append(doc)
    if problems:
        raise ManifestError([line for problem in problems for line in problem.lines],
                            line=problems[0].line if len(problems) == 1 else None)
    return result

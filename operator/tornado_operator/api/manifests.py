"""Read the YAML manifests a user would `kubectl apply`: files or folders, multi-document.

Pathway, PathwayVersion, TestScenario and TornadoSession documents are validated with the
resource models; `kind: List` is expanded; other kinds are skipped with a warning. Every
problem is reported as one line naming the file, the object and the field, e.g.

    examples/x/scenarios.yaml: TestScenario "foo": spec.maxTurns: Input should be less than or equal to 50
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tornado_operator.api.errors import validation_lines
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

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


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


def _files(paths: Sequence[str | Path]) -> list[Path]:
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


def _yaml_documents(path: Path) -> list[Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError([f"{path}: cannot read: {exc}"]) from None
    try:
        return [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        raise ManifestError([f"{path}: {where}YAML syntax error: {problem}"]) from None


def parse_document(raw: Any, source: str, index: int, warnings: list[str]) -> list[Document]:
    """Validate one YAML document (a List expands to its items)."""
    if not isinstance(raw, dict):
        raise ManifestError([f"{source}: document {index + 1}: expected a mapping with apiVersion and kind, got {type(raw).__name__}"])
    kind = raw.get("kind")
    if kind == "List" and isinstance(raw.get("items"), list):
        out: list[Document] = []
        for item in raw["items"]:
            out.extend(parse_document(item, source, index, warnings))
        return out
    metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    name = metadata.get("name") if isinstance(metadata, dict) else None
    label = f'{kind} "{name}"' if name else f"{kind or 'document'} (document {index + 1})"
    if kind not in KINDS:
        warnings.append(f"{source}: ignoring {label}: not a kind tornado runs (Pathway, PathwayVersion, TestScenario, TornadoSession)")
        return []
    api_version = raw.get("apiVersion")
    if api_version is not None and not str(api_version).startswith("agenttesting.dev/"):
        raise ManifestError([f"{source}: {label}: apiVersion: expected agenttesting.dev/v1alpha1, got {api_version!r}"])
    if not isinstance(name, str) or not name:
        raise ManifestError([f"{source}: {label}: metadata.name: required"])
    if kind == "Pathway" and not _DNS_LABEL.match(name):
        raise ManifestError([f"{source}: {label}: metadata.name: must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters), since it is the pathwayId"])
    if len(name) > 253 or not _DNS_SUBDOMAIN.match(name):
        raise ManifestError([f"{source}: {label}: metadata.name: must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')"])
    try:
        obj = KINDS[kind].model_validate(raw)
    except ValidationError as exc:
        raise ManifestError(validation_lines(exc, prefix=f"{source}: {label}: ")) from None
    return [Document(source=source, kind=kind, name=name, obj=obj, raw=raw)]


def load_manifests(paths: Sequence[str | Path]) -> Manifests:
    """Every supported document under `paths`; ManifestError on the first bad file."""
    result = Manifests()
    seen: dict[tuple[str, str], str] = {}
    for path in _files(paths):
        for index, raw in enumerate(_yaml_documents(path)):
            for doc in parse_document(raw, str(path), index, result.warnings):
                key = (doc.kind, doc.name)
                if key in seen:
                    if seen[key] == doc.source and doc.kind != "PathwayVersion":
                        raise ManifestError([f"{doc.source}: {doc.label}: metadata.name: defined twice in this file"])
                    if doc.kind != "PathwayVersion":
                        raise ManifestError([f"{doc.source}: {doc.label}: metadata.name: also defined in {seen[key]}"])
                    continue  # the same version given twice (e.g. a folder and --pathway-version)
                seen[key] = doc.source
                result.documents.append(doc)
    return result

"""`tornado validate`: a pathway and its scenarios checked offline, every problem with file:line.

Classes of problems:

* error — the input is wrong: YAML syntax, the resource schema (unknown keys with the closest
  valid one, types, bounds, regular expressions that do not compile), names, and what a
  scenario names that its pathway does not have (loop/references.py: nodes, variables,
  webhooks, transfer targets);
* never passes — an assertion no pathway change can satisfy given the scenario: a value the
  scripted caller never says, a rubric that requires a phrase containing a forbidden one, a
  transfer, hang-up or webhook the pathway has no node for, a turn window that cannot hold;
* warning — worth a look, not wrong: a node no edge, fallback or global match can reach from
  the start node (the fixer may still add an edge to it), what only an LLM backend can pass;
* note — what could not be checked (a scenario whose pathway is not in the input).

`tornado validate` exits 2 on an error or a never-passes; `tornado run` stops on errors only
(the loop itself reports a scenario that cannot pass as unfixable).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tornado_operator.api.errors import Path as FieldPath
from tornado_operator.api.errors import Problem
from tornado_operator.api.manifests import (
    ManifestError,
    SourceDocument,
    check_document,
    expand,
    files_of,
    read_documents,
)
from tornado_operator.api.pathway import NodeType, Pathway, PathwayGraph, PathwayVersion
from tornado_operator.api.scenario import (
    Assertion,
    CallEndedByAgentConfig,
    LatencyBelowConfig,
    LlmJudgeConfig,
    RegexMatchConfig,
    ScenarioType,
    TestScenario,
    TestScenarioSpec,
    TransferredConfig,
    VariableExtractedConfig,
    WebhookTriggeredConfig,
)
from tornado_operator.engine.sim.interpreter import latency_ms
from tornado_operator.loop.references import check_references

Severity = Literal["error", "never-passes", "warning", "note"]
FAILING: tuple[Severity, ...] = ("error", "never-passes")


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int
    severity: Severity
    where: str  # the object: 'TestScenario "x"', or "" for the file itself
    message: str  # "<field path>: <problem>"

    def text(self, *, as_warning: bool = False) -> str:
        """file:line: severity: object: field: problem (as_warning: a never-passes as a warning)."""
        labels = {"error": "error", "never-passes": "error: can never pass", "warning": "warning", "note": "note"}
        label = "warning: can never pass" if as_warning and self.severity == "never-passes" else labels[self.severity]
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place}: {label}: " + (f"{self.where}: " if self.where else "") + self.message


@dataclass(slots=True)
class _Object:
    document: SourceDocument
    prefix: FieldPath  # where the object sits in its document (a List item)
    label: str
    obj: object

    def line_of(self, path: FieldPath) -> int:
        return self.document.line_of((*self.prefix, *path))


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(finding.severity in FAILING for finding in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    def sorted(self) -> list[Finding]:
        order = {"error": 0, "never-passes": 1, "warning": 2, "note": 3}
        return sorted(self.findings, key=lambda f: (f.file, f.line, order[f.severity]))  # stable: found order within a line


def validate_paths(paths: Sequence[str | Path]) -> Report:
    """Every problem of the manifests under `paths` (files or folders)."""
    report = Report()
    try:
        files = files_of(paths)
    except ManifestError as exc:
        report.findings += [Finding(line.split(":", 1)[0], 0, "error", "", line.split(": ", 1)[-1]) for line in exc.lines]
        return report
    objects: list[_Object] = []
    seen: dict[tuple[str, str], str] = {}
    broken: set[str] = set()  # pathways with errors of their own: scenarios are not checked against them
    for path in files:
        try:
            documents = read_documents(path)
        except ManifestError as exc:
            report.findings.append(Finding(str(path), exc.line or 0, "error", "", exc.lines[0].split(": ", 1)[-1]))
            continue
        for document in documents:
            for prefix, raw in expand(document.data):
                if not isinstance(raw, dict):
                    report.findings.append(
                        Finding(str(path), document.line, "error", "", f"expected a mapping with apiVersion and kind, got {type(raw).__name__}")
                    )
                    continue
                checked = check_document(raw, document.index)
                if checked.ignored:
                    report.findings.append(Finding(str(path), document.line_of(prefix), "note", checked.label, "ignored: not a kind tornado runs"))
                    continue
                place = _Object(document, prefix, checked.label, checked.obj)
                if checked.obj is not None and checked.kind != "PathwayVersion":
                    key = (checked.kind or "", checked.name or "")
                    if key in seen:
                        other = seen[key]
                        also = "twice in this file" if other == str(path) else f"also in {other}"
                        report.findings.append(Finding(str(path), place.line_of(("metadata", "name")), "error", checked.label, f"metadata.name: defined {also}"))
                    seen.setdefault(key, str(path))
                for problem in checked.problems:
                    report.findings.append(Finding(str(path), place.line_of(problem.path), "error", checked.label, problem.line()))
                if checked.obj is not None:
                    objects.append(place)
                elif checked.kind in ("Pathway", "PathwayVersion"):
                    broken.add(checked.name or "")
    _check_objects(objects, report, broken)
    return report


def _check_objects(objects: list[_Object], report: Report, broken: set[str]) -> None:
    graphs: dict[str, tuple[PathwayGraph, _Object]] = {}
    for item in objects:
        if isinstance(item.obj, Pathway):
            graphs[item.obj.metadata.name] = (item.obj.spec, item)
    for item in objects:  # a version given without its Pathway is the graph scenarios are checked against
        if isinstance(item.obj, PathwayVersion) and item.obj.spec.pathway_id not in graphs:
            graphs[item.obj.spec.pathway_id] = (item.obj.spec, item)
    for item in objects:
        if isinstance(item.obj, Pathway | PathwayVersion):
            for problem in unreachable_nodes(item.obj.spec):
                _add(report, item, "warning", problem)
    for item in objects:
        if not isinstance(item.obj, TestScenario):
            continue
        spec = item.obj.spec
        found = graphs.get(spec.pathway_id) if spec.pathway_id is not None else None
        if found is None:
            if spec.pathway_id is not None and spec.pathway_id not in broken:
                _add(report, item, "note", Problem(("spec", "pathwayId"), f'pathway "{spec.pathway_id}" is not in the input: what the scenario names in it was not checked'))
            graph = None
        else:
            graph = found[0]
            for problem in check_references(graph, spec, spec.pathway_id or ""):
                _add(report, item, "error", Problem(("spec", *problem.path), problem.message))
        for severity, problem in never_passes(spec, graph):
            _add(report, item, severity, Problem(("spec", *problem.path), problem.message))


def _add(report: Report, item: _Object, severity: Severity, problem: Problem) -> None:
    report.findings.append(Finding(item.document.source, item.line_of(problem.path), severity, item.label, problem.line()))


def unreachable_nodes(graph: PathwayGraph) -> list[Problem]:
    """Nodes the conversation cannot get to from the start node: by edges, retryThreshold
    fallbacks, or a global node's globalMatch (which can fire from any node)."""
    targets: dict[str, list[str]] = {node.id: [] for node in graph.nodes}
    for edge in graph.edges:
        targets[edge.source].append(edge.target)
    for node in graph.nodes:
        if node.config.fallback_node_id is not None:
            targets[node.id].append(node.config.fallback_node_id)
    globals_ = [node.id for node in graph.nodes if node.is_global and node.global_match is not None]
    seen = {graph.start_node}
    queue = deque([graph.start_node])
    while queue:
        current = queue.popleft()
        for target in [*targets[current], *globals_]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return [
        Problem(
            ("spec", "nodes", index),
            f'node "{node.id}" cannot be reached from the start node "{graph.start_node}": no edge, fallbackNodeId or globalMatch leads to it',
        )
        for index, node in enumerate(graph.nodes)
        if node.id not in seen
    ]


def _said(spec: TestScenarioSpec) -> list[str] | None:
    """What the scripted caller says (REPLAY / HISTORICAL), None when an LLM plays the caller."""
    if spec.scenario_type is ScenarioType.AGENT:
        return None
    return spec.input_messages[: spec.max_turns]


def never_passes(spec: TestScenarioSpec, graph: PathwayGraph | None) -> list[tuple[Severity, Problem]]:
    """Assertions that cannot pass whatever the pathway does (and what only an LLM can pass)."""
    out: list[tuple[Severity, Problem]] = []
    said = _said(spec)
    for index, assertion in enumerate(spec.assertions):
        for severity, path, message in _assertion_never_passes(assertion, spec, said, graph):
            out.append((severity, Problem(("assertions", index, "config", *path), f"{assertion.label(index)}: {message}")))
    out += [("never-passes", problem) for problem in contradictions(spec)]
    return out


def _outcome(assertion: Assertion) -> tuple[str, bool] | None:
    """What a required assertion demands of how the call ends: ("transferred" | "agent_ended", wanted)."""
    config = assertion.typed_config()
    if not assertion.is_required:
        return None
    if isinstance(config, TransferredConfig):
        return ("transferred", config.expected)
    if isinstance(config, CallEndedByAgentConfig):
        return ("agent_ended", config.expected)
    return None


def contradictions(spec: TestScenarioSpec) -> list[Problem]:
    """Required assertions no single conversation can all pass: a call ends one way only (a
    transfer is not the agent hanging up), and a pattern cannot both match and never match."""
    problems: list[Problem] = []
    for later, assertion in enumerate(spec.assertions):
        for earlier, other in enumerate(spec.assertions[:later]):
            clash: str | None = None
            mine, theirs = _outcome(assertion), _outcome(other)
            if mine is not None and theirs is not None:
                if mine[0] == theirs[0] and mine[1] != theirs[1]:
                    ending = {"transferred": "transferred", "agent_ended": "ended by the agent"}[mine[0]]
                    clash = f"one wants the call {ending}, the other not"
                elif mine[1] and theirs[1] and mine[0] != theirs[0]:
                    clash = "wants the call transferred and ended by the agent: it ends one way only"
            a, b = assertion.typed_config(), other.typed_config()
            if (
                isinstance(a, RegexMatchConfig) and isinstance(b, RegexMatchConfig) and assertion.is_required and other.is_required
                and (a.pattern, a.speaker) == (b.pattern, b.speaker) and a.should_match != b.should_match
            ):
                clash = f"wants {a.pattern!r} to match and never to match"
            if clash is not None:
                problems.append(
                    Problem(("assertions", later), f"{assertion.label(later)} contradicts assertions[{earlier}] ({other.label(earlier)}): {clash}")
                )
    return problems


def _assertion_never_passes(
    assertion: Assertion, spec: TestScenarioSpec, said: list[str] | None, graph: PathwayGraph | None
) -> list[tuple[Severity, FieldPath, str]]:
    config = assertion.typed_config()
    found: list[tuple[Severity, FieldPath, str]] = []
    nodes = graph.nodes if graph is not None else []
    if isinstance(config, VariableExtractedConfig) and config.expected_value is not None:
        declared = [var for node in nodes for var in node.extract_vars if var.name == config.variable_name]
        types = {var.type for var in declared} or {"string"}
        described = any(var.description for var in declared)
        value = config.expected_value
        if types == {"boolean"} and value not in ("true", "false"):
            found.append(("never-passes", ("expectedValue",), f'"{value}" is not true or false, and the variable is a boolean'))
        elif types <= {"integer", "number"} and len(types) == 1 and not _is_number(value, types.pop()):
            found.append(("never-passes", ("expectedValue",), f'"{value}" is not how the extracted number is written (e.g. no leading zeros)'))
        elif types == {"string"} and said is not None and not any(value.lower() in message.lower() for message in said):
            if described:
                found.append(("warning", ("expectedValue",), f'the caller never says "{value}" in inputMessages: only an LLM extractor (a described variable) could produce it'))
            else:
                found.append(("never-passes", ("expectedValue",), f'the caller never says "{value}" in inputMessages, and a variable is extracted from what the caller says'))
    if isinstance(config, LlmJudgeConfig):
        for r, required in enumerate(config.required_phrases):
            for f, forbidden in enumerate(config.forbidden_phrases):
                if forbidden.strip() and forbidden.strip().lower() in required.lower():
                    found.append(
                        ("never-passes", ("requiredPhrases", r), f'requires "{required}", which contains the forbidden "{forbidden}" (forbiddenPhrases[{f}])')
                    )
        if not [p for p in (*config.required_phrases, *config.forbidden_phrases) if p.strip()]:
            found.append(("warning", (), "no requiredPhrases or forbiddenPhrases: the offline judge cannot pass it, only an LLM judge (runner.backend openai)"))
    if isinstance(config, RegexMatchConfig) and config.speaker == "caller" and config.should_match and said is not None:
        pattern = re.compile(config.pattern, re.IGNORECASE)
        if not any(pattern.search(message) for message in said):
            found.append(("never-passes", ("pattern",), "no inputMessages line matches it, and the caller says only those"))
    if isinstance(config, TransferredConfig) and config.expected:
        if graph is not None and not any(node.type is NodeType.TRANSFER for node in nodes):
            found.append(("never-passes", ("expected",), "the pathway has no transfer node"))
        if config.min_turn is not None and config.max_turn is not None and config.min_turn > config.max_turn:
            found.append(("never-passes", ("minTurn",), f"minTurn {config.min_turn} > maxTurn {config.max_turn}"))
        if config.min_turn is not None and config.min_turn > spec.max_turns:
            found.append(("never-passes", ("minTurn",), f"minTurn {config.min_turn} > the scenario's maxTurns {spec.max_turns}"))
    if isinstance(config, CallEndedByAgentConfig) and config.expected and graph is not None and not any(
        node.type is NodeType.END_CALL for node in nodes
    ):
        found.append(("never-passes", ("expected",), "the pathway has no end_call node"))
    if isinstance(config, WebhookTriggeredConfig) and graph is not None and not any(node.type is NodeType.WEBHOOK for node in nodes):
        found.append(("never-passes", (), "the pathway has no webhook node"))
    if isinstance(config, LatencyBelowConfig) and config.max_ms < latency_ms(""):
        found.append(("warning", ("maxMs",), f"every simulated agent turn takes at least {latency_ms('')} ms: it cannot pass on the offline engine"))
    return found


def _is_number(text: str, kind: str) -> bool:
    try:
        value: float = int(text) if kind == "integer" else float(text)
    except ValueError:
        return False
    return str(value) == text

"""A PathwayGraph prepared for fast simulation: regexes compiled once, edges pre-sorted.

Matching rules of the offline engine (also documented in the README):

* a keyword matches when its words appear in the caller turn as whole words, in order
  (case-insensitive, any run of spaces between them); each word may carry a plain inflection
  (s, es, d, ed, ing): "invoice" matches "invoices", "pay" matches "paying" but never "repay"
  or "payment", so a short keyword cannot fire inside another word; and a keyword the caller
  negates does not count ("I don't want to cancel", "I haven't lost my card", "nobody's hurt":
  a negation — not, never, nothing, nobody, none, a "n't" word, "no one", "no need", "no
  longer" — among the three words before it in the same clause; "why
  can't I cancel" is a question, not a negation) unless nothing else on the node fits: then,
  after the catch-all edges, negated keywords are tried too ("my parcel hasn't shown up");
* patterns are searched case-insensitively (re.IGNORECASE);
* an edge with keywords or patterns routes by them (its label is then only for people and
  LLM agents); an edge with neither but a `label` or `description` *routes by label*
  (labels.py: the caller turn is scored against the labels); an edge whose condition has
  `always: true`, or no keywords, no patterns and no label or description, is a *catch-all*
  edge, and so is every edge leaving a webhook node (the webhook's response would choose,
  which is not simulated) and every edge with variable conditions (Bland's data.condition:
  they compare variables, not what the caller said); a global node whose globalMatch has no
  keywords and no patterns routes by its globalLabel / globalDescription;
* a caller turn is tried against the current node's keyword/pattern edges in order, then the
  global nodes' keywords/patterns (isGlobal + globalMatch, in node order, never the current
  node), then by label against the node's label edges and the label global nodes together
  (the best score at or above labels.THRESHOLD wins), then the node's catch-all edges.
  Keywords and patterns come before labels because they are the author's explicit rule;
  catch-alls come last of all so that a global intent (voicemail, "a manager please") is not
  swallowed by a node's "anything else" edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tornado_operator.api.pathway import Edge, MatchCondition, Node, NodeType, PathwayGraph
from tornado_operator.engine.sim.label_corrections import corrected
from tornado_operator.engine.sim.labels import (
    Candidate,
    LabelIndex,
    PathwayWords,
    is_yes_no_question,
    pathway_words,
)

_VARIABLE = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")


_INFLECTION = "(?:s|es|d|ed|ing)?"
_CLAUSE_BREAK = re.compile(r"[,.;:!?]|\bbut\b|\band\b")
_PRONOUNS = frozenset(["i", "you", "we", "they", "he", "she", "it"])
_NEGATIONS = frozenset(["not", "never", "nothing", "nothing's", "neither", "nor", "nobody", "nobody's", "none", "noone"])
# a bare "no" negates only with these after it: "no power" is what an outage caller has
_AFTER_NO = frozenset(["one", "one's", "need", "longer"])


def negated(lowered: str, start: int) -> bool:
    """Whether the words just before `start` (same clause, at most three) negate what follows."""
    clause = _CLAUSE_BREAK.split(lowered[:start])[-1]
    words = re.findall(r"[a-z']+", clause)[-3:]
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "no" and following in _AFTER_NO:
            return True  # "no one's hurt", "no need to cancel", "I no longer need"
        if word in _NEGATIONS or word.endswith("n't"):
            if following in _PRONOUNS:
                continue  # "why can't I cancel": a question, not a negation
            return True
    return False
_WORD_EDGE_BEFORE = r"(?<![a-z0-9])"
_WORD_EDGE_AFTER = r"(?![a-z0-9])"


# between the words of a keyword: spaces or a hyphen ("whole body" is said "whole-body", and the
# keyword "check-in" is said "check in"), as a person reads them
_BETWEEN_WORDS = r"(?:\s*-\s*|\s+)"


def keyword_regex(keyword: str) -> str:
    """The regex (over lower-cased text) of one keyword: whole words, plain inflections allowed,
    its words apart by spaces or a hyphen."""
    parts = []
    for word in keyword.lower().replace("-", " ").split():
        escaped = re.escape(word)
        parts.append(escaped + _INFLECTION if word.isalpha() and len(word) >= 3 else escaped)
    return _WORD_EDGE_BEFORE + _BETWEEN_WORDS.join(parts) + _WORD_EDGE_AFTER


@dataclass(frozen=True, slots=True)
class CompiledMatch:
    keywords: tuple[str, ...]
    keyword_any: re.Pattern[str] | None  # every keyword in one alternation: one search per turn
    patterns: tuple[re.Pattern[str], ...]
    always: bool
    by_label: bool = False  # no keywords or patterns, but a label: routed by labels.py

    @property
    def catch_all(self) -> bool:
        return self.always or (not self.keywords and not self.patterns and not self.by_label)

    def match(self, lowered: str, text: str, *, negated_ok: bool = False) -> str | None:
        """What made the condition match the caller turn (`keyword 'x'`, `pattern 'y'`, `always`),
        or None. `lowered` is `text.lower()`, computed once per caller turn by the caller.
        A negated keyword counts only with `negated_ok` (routing's second pass)."""
        if self.always:
            return "always"
        if self.keyword_any is not None and self.keyword_any.search(lowered) is not None:
            for keyword in self.keywords:  # which one: only when the condition matched
                for found in re.finditer(keyword_regex(keyword), lowered):
                    if negated_ok or not negated(lowered, found.start()):
                        return f"keyword {keyword!r}" + (", negated" if negated(lowered, found.start()) else "")
        for pattern in self.patterns:
            if pattern.search(text) is not None:
                return f"pattern {pattern.pattern!r}"
        return None

    def matches(self, lowered: str, text: str) -> bool:
        return self.match(lowered, text) is not None


def compile_match(condition: MatchCondition, *, labelled: bool = False) -> CompiledMatch:
    """`labelled`: the edge or global node has a label or description to route by when the
    condition has no keywords, no patterns and no `always`."""
    keywords = tuple(keyword.lower().strip() for keyword in condition.keywords if keyword.strip())
    patterns = tuple(re.compile(pattern, re.IGNORECASE) for pattern in condition.patterns)
    return CompiledMatch(
        keywords=keywords,
        keyword_any=re.compile("|".join(f"(?:{keyword_regex(k)})" for k in keywords)) if keywords else None,
        patterns=patterns,
        always=condition.always,
        by_label=labelled and not keywords and not patterns and not condition.always,
    )


def _routes_by_label(edge: Edge, source: Node) -> bool:
    return bool(edge.label.strip() or edge.description.strip()) and source.type is not NodeType.WEBHOOK and not edge.variable_conditions


@dataclass(frozen=True, slots=True)
class CompiledEdge:
    id: str
    source: str
    target: str
    match: CompiledMatch
    label: str = ""
    description: str = ""


def captured(pattern: re.Pattern[str], text: str) -> str | None:
    """What an extraction pattern takes from `text`: the first group that took part (a widened
    pattern is an alternation of capturing forms), or the whole match when it has no groups."""
    match = pattern.search(text)
    if match is None:
        return None
    return next((group for group in match.groups() if group is not None), None) if match.re.groups else match.group(0)


def settled_capture(pattern: re.Pattern[str], text: str) -> str | None:
    """What an extraction pattern takes from a caller turn: from what the caller settled on when
    they took a value back ("Put us down for 3, no, wait, 4": 4, as any agent hears it;
    label_corrections.corrected), else from the whole turn."""
    settled = corrected(text)
    if settled is not text and (found := captured(pattern, settled)) is not None:
        return found
    return captured(pattern, text)


@dataclass(frozen=True, slots=True)
class CompiledExtract:
    name: str
    pattern: re.Pattern[str] | None
    type: str


@dataclass(frozen=True, slots=True)
class Template:
    """Node text split once into literal parts and {{variable}} names."""

    source: str
    parts: tuple[tuple[bool, str], ...]  # (is_variable, literal text or variable name)

    @classmethod
    def parse(cls, text: str) -> Template:
        parts: list[tuple[bool, str]] = []
        position = 0
        for match in _VARIABLE.finditer(text):
            if match.start() > position:
                parts.append((False, text[position : match.start()]))
            parts.append((True, match.group(1)))
            position = match.end()
        if position < len(text):
            parts.append((False, text[position:]))
        return cls(source=text, parts=tuple(parts))

    def render(self, variables: dict[str, Any]) -> str:
        if len(self.parts) == 1 and not self.parts[0][0]:
            return self.source
        out: list[str] = []
        for is_variable, value in self.parts:
            if not is_variable:
                out.append(value)
            elif value in variables:
                out.append(_as_text(variables[value]))
            else:
                out.append("{{" + value + "}}")  # unknown variables stay visible
        return "".join(out)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@lru_cache(maxsize=4096)
def _template(text: str) -> Template:
    return Template.parse(text)


def render_text(text: str, variables: dict[str, Any]) -> str:
    """Render {{variables}} in a string (unknown ones are left as they are)."""
    if "{{" not in text:
        return text
    return _template(text).render(variables)


def render_value(value: Any, variables: dict[str, Any]) -> Any:
    """Render {{variables}} in every string of a JSON-like value."""
    if isinstance(value, str):
        return render_text(value, variables)
    if isinstance(value, dict):
        return {key: render_value(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [render_value(item, variables) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class CompiledNode:
    id: str
    type: NodeType
    template: Template
    conditional: tuple[CompiledEdge, ...]  # conditional outgoing edges, in order
    catch_all: tuple[CompiledEdge, ...]  # always / condition-less outgoing edges, in order
    extract: tuple[CompiledExtract, ...]
    retry_threshold: int | None
    fallback: str | None
    global_match: CompiledMatch | None  # set for global nodes
    source: Node

    @property
    def is_global(self) -> bool:
        return self.global_match is not None


class CompiledGraph:
    """Immutable view of a PathwayGraph for the interpreter (build it once per iteration)."""

    __slots__ = ("_label_indexes", "_pathway_words", "globals", "graph", "nodes", "start")

    def __init__(self, graph: PathwayGraph) -> None:
        self.graph = graph
        self.start: str = graph.start_node
        sources = {node.id: node for node in graph.nodes}
        outgoing: dict[str, list[CompiledEdge]] = {node.id: [] for node in graph.nodes}
        for edge in graph.edges:
            outgoing[edge.source].append(
                CompiledEdge(
                    id=edge.id,
                    source=edge.source,
                    target=edge.target,
                    match=compile_match(edge.match, labelled=_routes_by_label(edge, sources[edge.source])),
                    label=edge.label,
                    description=edge.description,
                )
            )
        nodes: dict[str, CompiledNode] = {}
        for node in graph.nodes:
            edges = outgoing[node.id]
            nodes[node.id] = CompiledNode(
                id=node.id,
                type=node.type,
                template=Template.parse(node.text),
                conditional=tuple(edge for edge in edges if not edge.match.catch_all),
                catch_all=tuple(edge for edge in edges if edge.match.catch_all),
                extract=tuple(
                    CompiledExtract(
                        name=var.name,
                        pattern=None if var.pattern is None else re.compile(var.pattern, re.IGNORECASE),
                        type=var.type,
                    )
                    for var in node.extract_vars
                ),
                retry_threshold=node.config.retry_threshold,
                fallback=node.config.fallback_node_id,
                global_match=(
                    compile_match(node.global_match, labelled=bool((node.global_label or "").strip() or node.global_description.strip()))
                    if node.is_global and node.global_match is not None
                    else None
                ),
                source=node,
            )
        self.nodes: dict[str, CompiledNode] = nodes
        self.globals: tuple[CompiledNode, ...] = tuple(node for node in nodes.values() if node.is_global)
        self._label_indexes: dict[str, LabelIndex | None] = {}
        self._pathway_words: PathwayWords | None = None

    def pathway_words(self) -> PathwayWords:
        """What the whole pathway says (labels.PathwayWords), built on first use."""
        if self._pathway_words is None:
            graph = self.graph
            texts = [graph.description, graph.global_prompt]
            for node in graph.nodes:
                texts += [node.name, node.text, node.prompt, node.global_label or "", node.global_description]
            for edge in graph.edges:
                texts += [edge.label, edge.description]
            documents = [
                f"{edge.label} . {edge.description}" for edges in self.nodes.values() for edge in edges.conditional if edge.match.by_label
            ]
            documents += [
                f"{node.source.global_label or ''} . {node.source.global_description}"
                for node in self.globals
                if node.global_match is not None and node.global_match.by_label
            ]
            greeting = self.nodes[self.start].source.text if self.start in self.nodes else ""
            self._pathway_words = pathway_words((text for text in texts if text), documents, greeting)
        return self._pathway_words

    def has_node(self, node_id: str) -> bool:
        return node_id in self.nodes

    def label_index(self, node_id: str) -> LabelIndex | None:
        """The label candidates of a node (its label edges, then the label global nodes but
        itself), indexed on first use; None when there are none."""
        if node_id in self._label_indexes:
            return self._label_indexes[node_id]
        candidates = [
            Candidate(edge.id, edge.target, False, edge.label, edge.description)
            for edge in self.nodes[node_id].conditional
            if edge.match.by_label
        ]
        candidates.extend(
            Candidate(node.id, node.id, True, node.source.global_label or "", node.source.global_description)
            for node in self.globals
            if node.id != node_id and node.global_match is not None and node.global_match.by_label
        )
        text = self.nodes[node_id].source.text
        informs = bool(text.strip()) and "?" not in text  # tells, asks nothing: an acknowledgement moves on
        index = (
            LabelIndex.build(
                candidates,
                yes_no=is_yes_no_question(text),
                question=text,
                informs=informs,
                asks=node_id != self.start and "?" in text,
                pathway=self.pathway_words(),
            )
            if candidates
            else None
        )
        self._label_indexes[node_id] = index
        return index


def as_compiled(graph: PathwayGraph | CompiledGraph) -> CompiledGraph:
    return graph if isinstance(graph, CompiledGraph) else CompiledGraph(graph)

"""The offline, rule-based fixer: a FixPlan from failure analyses, and applying it to a graph.

Rules (tried per failed scenario, in the order the loop lists the fixable failures):

1. Routing (flow_change). A path assertion failed (NODE_REACHED, NODES_VISITED, TRANSFERRED,
   WEBHOOK_TRIGGERED, CALL_ENDED_BY_AGENT) and a caller turn matched nothing (or, when no
   turn was unmatched, was only taken by a catch-all edge). The caller's phrasing is added
   - to the globalMatch keywords of the target when the target is a global node;
   - else to the keywords of the first edge on the shortest path from the node where the turn
     was said toward the target;
   - else (no path) as a new edge from that node to the target.
2. Transfer timing (config_change). A TRANSFERRED assertion failed because the transfer came
   too late / too early / never, and the transfer is (or could be) the retryThreshold
   fallback of a node: the node's retryThreshold is set so the transfer falls inside
   [minTurn, maxTurn] given the caller's consecutive unmatched turns on that node.
3. Extraction (config_change). A VARIABLE_EXTRACTED variable was never extracted (or has
   the wrong value) although the caller said the expected value: an extraction pattern
   derived from the value's shape (digits -> \\d{n}, letters -> [A-Za-z]{n}, e-mail, else the
   literal) is set on the node the caller said it on.
4. Required phrase (prompt_edit). The agent never said an LLM_JUDGE requiredPhrase or a
   literal-ish REGEX_MATCH pattern: the phrase is added, as a sentence, to the text of the
   visited node whose name/prompt/text shares most words with it (else the last node the
   agent spoke on). A forbidden phrase the agent said is removed with its sentence.

Content fixes (3, 4) wait while a scenario still has a routing fix in the same plan: the
conversation will take another path next time, so the right node is not known yet.

Fixes aimed at the same change are merged (one fix, several scenario_ids). Fix ids are
fix-001, fix-002, ... in priority order (fixes serving more scenarios first, then in the
order found). Applying a plan builds a new graph (the input is never mutated) and validates
it with PathwayGraph.model_validate.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tornado_operator.api.pathway import NodeType, PathwayGraph
from tornado_operator.api.scenario import (
    AssertionType,
    CallEndedByAgentConfig,
    LlmJudgeConfig,
    NodeReachedConfig,
    NodesVisitedConfig,
    RegexMatchConfig,
    TransferredConfig,
    VariableExtractedConfig,
    WebhookTriggeredConfig,
)
from tornado_operator.api.session import Fix, FixPlan
from tornado_operator.engine.analysis import Analysis, FailedAssertion
from tornado_operator.engine.backend import OfflineBackend
from tornado_operator.engine.compiled import CompiledGraph
from tornado_operator.engine.conversation import VIA_FALLBACK, VIA_UNMATCHED, RoutingEvent

FixType = Literal["prompt_edit", "config_change", "flow_change"]
PatchOp = Literal[
    "add_keywords",
    "add_global_keywords",
    "add_edge",
    "append_text",
    "remove_text",
    "set_extract",
    "set_retry_threshold",
]

_STOPWORD_TEXT = """a an and are as at be but by can could do does for from have hi hello hey i i'm im is it
    its it's just like me my no not of ok okay on or please so that the this to um uh we with yes
    yeah you your our about would want need get got there their them they what when where which
    who why how will well all any some then than too very"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")
_INTERJECTIONS = re.compile(r"^(?:(?:hi|hello|hey|um+|uh+|er|well|so|yeah|yes|ok|okay|oh)\b[,!.\s]*)+")
_PUNCT_EDGES = " \t\n.,!?;:\"'()[]"
_MAX_KEYWORD = 120
_OFFLINE = OfflineBackend()


@dataclass(frozen=True, slots=True)
class Patch:
    """One concrete change to a graph."""

    op: PatchOp
    node: str  # node changed (source node for edges)
    edge: str | None = None  # edge changed (add_keywords)
    target: str | None = None  # target node (add_edge)
    values: tuple[str, ...] = ()  # keywords, sentence, pattern
    name: str | None = None  # variable name (set_extract)
    number: int | None = None  # retry threshold


@dataclass(slots=True)
class _Candidate:
    key: tuple[str, ...]
    type: FixType
    patch: Patch
    why: str
    full: bool  # why is the whole description
    scenario_ids: list[str]
    order: int


@dataclass(frozen=True, slots=True)
class PlannedFixes:
    """A FixPlan plus the patches that implement each fix (by fix id)."""

    plan: FixPlan = field(default_factory=FixPlan)
    patches: dict[str, Patch] = field(default_factory=dict)
    apply: Callable[[PathwayGraph], PathwayGraph] | None = None  # fixes that are not Patches (LLM fixer)

    @property
    def empty(self) -> bool:
        return not self.plan.fixes


# --- helpers -------------------------------------------------------------------------------


def content_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if len(word) >= 3 and word not in STOPWORDS]


def caller_phrase(text: str) -> str | None:
    """The caller's phrasing as a keyword: the turn's sentence with the most content words
    (the last one on a tie), lower-case, single spaces, no edge punctuation."""
    best: tuple[int, str] | None = None
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.lower().split())):
        phrase = _INTERJECTIONS.sub("", sentence.strip(_PUNCT_EDGES)).strip(_PUNCT_EDGES)
        words = len(content_words(phrase))
        if words and (best is None or words >= best[0]):
            best = (words, phrase)
    if best is None:
        return None  # "yes", "hello?", "...": too generic to route on
    return best[1][:_MAX_KEYWORD].rstrip()


def as_sentence(phrase: str) -> str:
    sentence = phrase.strip()
    if sentence and sentence[0].islower():
        sentence = sentence[0].upper() + sentence[1:]
    if sentence and sentence[-1] not in ".!?":
        sentence += "."
    return sentence


def literal_phrase(pattern: str) -> str | None:
    """The literal text a simple regex stands for ('refund(s)?' no; 'full\\s+refund' -> 'full refund')."""
    text = pattern.strip()
    for prefix in ("^", r"\b"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    for suffix in ("$", r"\b"):
        if text.endswith(suffix) and not text.endswith("\\" + suffix):
            text = text[: -len(suffix)]
    if text.startswith("(?:") and text.endswith(")"):
        text = text[3:-1]
    elif text.startswith("(") and text.endswith(")") and "(" not in text[1:-1]:
        text = text[1:-1]
    if "|" in text and "(" not in text:
        text = text.split("|", 1)[0]
    text = re.sub(r"\\s[+*]?", " ", text)
    if re.search(r"\\[A-Za-z0-9]", text):
        return None  # \d, \w, backrefs: a class, not a literal
    text = re.sub(r"\\(.)", r"\1", text)
    if any(char in text for char in "[](){}*+?|^$\\"):
        return None
    text = " ".join(text.split())
    if not text or re.search(pattern, text, re.IGNORECASE) is None:
        return None
    return text


def shape_pattern(value: str) -> str:
    """A regex with one group that captures values shaped like `value`."""
    if re.fullmatch(r"\d+", value):
        return rf"\b(\d{{{len(value)}}})\b"
    if re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", value):
        return r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    if any(char.isdigit() for char in value):
        parts: list[str] = []
        for run in re.finditer(r"\d+|[A-Za-z]+|\s+|.", value):
            chunk = run.group(0)
            if chunk.isdigit():
                parts.append(rf"\d{{{len(chunk)}}}")
            elif chunk.isalpha():
                parts.append(rf"[A-Za-z]{{{len(chunk)}}}")
            elif chunk.isspace():
                parts.append(r"\s+")
            else:
                parts.append(re.escape(chunk))
        body = "".join(parts)
    else:
        body = re.escape(value)
    start = r"\b" if value[:1].isalnum() else ""
    end = r"\b" if value[-1:].isalnum() else ""
    return f"{start}({body}){end}"


def _captures(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return None
    return match.group(1) if match.re.groups else match.group(0)


# --- the rules -----------------------------------------------------------------------------

_PATH_TYPES = {
    AssertionType.NODE_REACHED,
    AssertionType.NODES_VISITED,
    AssertionType.TRANSFERRED,
    AssertionType.WEBHOOK_TRIGGERED,
    AssertionType.CALL_ENDED_BY_AGENT,
}


def path_targets(graph: CompiledGraph, analysis: Analysis, failed: FailedAssertion) -> list[str]:
    """Nodes the conversation should have reached for this failed assertion (existing only)."""
    config = failed.assertion.typed_config()
    conv = analysis.conversation
    if isinstance(config, NodeReachedConfig):
        return [config.node_id] if graph.has_node(config.node_id) else []
    if isinstance(config, NodesVisitedConfig):
        if config.in_order:
            position = 0
            for node_id in conv.nodes_visited:
                if position < len(config.node_ids) and node_id == config.node_ids[position]:
                    position += 1
            missing = config.node_ids[position:position + 1]
        else:
            visited = set(conv.nodes_visited)
            missing = [node_id for node_id in config.node_ids if node_id not in visited][:1]
        return [node_id for node_id in missing if graph.has_node(node_id)]
    if isinstance(config, TransferredConfig):
        if not config.expected or conv.ended_by == "transferred":
            return []
        wanted = None if config.target is None else config.target.strip().lower()
        return [
            node.id
            for node in graph.nodes.values()
            if node.type is NodeType.TRANSFER
            and (wanted is None or (node.source.transfer is not None and node.source.transfer.target.strip().lower() == wanted))
        ]
    if isinstance(config, WebhookTriggeredConfig):
        return [
            node.id
            for node in graph.nodes.values()
            if node.type is NodeType.WEBHOOK
            and node.source.webhook is not None
            and (config.node_id is None or node.id == config.node_id)
            and (config.url is None or config.url in node.source.webhook.url)
            and (config.method is None or node.source.webhook.method == config.method.upper())
        ]
    if isinstance(config, CallEndedByAgentConfig):
        if not config.expected:
            return []
        return [node.id for node in graph.nodes.values() if node.type is NodeType.END_CALL]
    return []


def _shortest_first_hop(graph: CompiledGraph, start: str, targets: set[str]) -> tuple[str, str] | None:
    """(first edge id, reached target) of the shortest edge path start -> any target."""
    seen = {start}
    queue: deque[tuple[str, str | None]] = deque([(start, None)])
    while queue:
        node_id, first = queue.popleft()
        node = graph.nodes[node_id]
        if node_id != start and node.type in (NodeType.TRANSFER, NodeType.END_CALL):
            continue
        for edge in (*node.conditional, *node.catch_all):
            hop = first or edge.id
            if edge.target in targets:
                return hop, edge.target
            if edge.target not in seen:
                seen.add(edge.target)
                queue.append((edge.target, hop))
    return None


def _edge(graph: CompiledGraph, edge_id: str) -> tuple[str, str, bool]:
    for node in graph.nodes.values():
        for edge in node.conditional:
            if edge.id == edge_id:
                return edge.source, edge.target, False
        for edge in node.catch_all:
            if edge.id == edge_id:
                return edge.source, edge.target, True
    raise KeyError(edge_id)


def routing_fix(graph: CompiledGraph, analysis: Analysis, targets: list[str]) -> tuple[_Candidate, RoutingEvent] | None:
    events: list[RoutingEvent] = [e for e in analysis.conversation.routing if e.via in (VIA_UNMATCHED, VIA_FALLBACK)]
    if not events:
        events = list(reversed(analysis.catch_all_turns))
    target_set = set(targets)
    for event in events:
        phrase = caller_phrase(event.text)
        if phrase is None:
            continue
        global_target = next((t for t in targets if graph.nodes[t].is_global), None)
        if global_target is not None:
            label = graph.nodes[global_target].source.global_label or global_target
            return _candidate(
                ("add_global_keywords", global_target),
                "flow_change",
                Patch("add_global_keywords", global_target, values=(phrase,)),
                f"so that it reaches global node {global_target!r} ({label}) from anywhere",
                analysis,
            ), event
        hop = _shortest_first_hop(graph, event.node, target_set)
        if hop is not None:
            edge_id, reached = hop
            source, target, catch_all = _edge(graph, edge_id)
            if catch_all:
                continue  # that turn already went this way; the problem is elsewhere
            return _candidate(
                ("add_keywords", edge_id),
                "flow_change",
                Patch("add_keywords", source, edge=edge_id, target=target, values=(phrase,)),
                f"on the way to {reached!r}",
                analysis,
            ), event
        goal = targets[0]
        return _candidate(
            ("add_edge", event.node, goal),
            "flow_change",
            Patch("add_edge", event.node, target=goal, values=(phrase,)),
            f"no path led from {event.node!r} to {goal!r}",
            analysis,
        ), event
    return None


def _unmatched_at(graph: CompiledGraph, node_id: str, text: str) -> bool:
    return _OFFLINE.agent_turn(graph, node_id, text, {}).target is None


def timing_fix(graph: CompiledGraph, analysis: Analysis, config: TransferredConfig) -> _Candidate | None:
    """retryThreshold of the node whose fallback transfers the call, so the transfer lands in range."""
    if not config.expected:
        return None
    conv = analysis.conversation
    script = analysis.scenario.input_messages
    lo = config.min_turn or 1
    hi = config.max_turn
    candidates: list[tuple[str, int]] = []  # (node, first unmatched turn of the run)
    for event in conv.routing:
        if event.via == VIA_FALLBACK or (event.via == VIA_UNMATCHED and event.retries == 1):
            candidates.append((event.node, event.turn - event.retries + 1))
    for node_id, first_turn in candidates:
        node = graph.nodes[node_id]
        if node.fallback is None or graph.nodes[node.fallback].type is not NodeType.TRANSFER:
            continue
        transfer = graph.nodes[node.fallback].source.transfer
        if config.target and (transfer is None or transfer.target.strip().lower() != config.target.strip().lower()):
            continue
        run = 0  # consecutive caller turns from first_turn that match nothing on this node
        for text in script[first_turn - 1 : analysis.scenario.max_turns]:
            if not _unmatched_at(graph, node_id, text):
                break
            run += 1
        lowest = max(1, lo - first_turn + 1)
        highest = min(run, 50, (hi - first_turn + 1) if hi is not None else 50)
        if lowest > highest:
            continue
        current = node.retry_threshold
        wanted = min(max(current if current is not None else highest, lowest), highest)
        if current is not None and wanted == current:
            continue
        direction = "Set" if current is None else ("Lower" if wanted < current else "Raise")
        old = "unset" if current is None else str(current)
        landing = first_turn + wanted - 1
        return _candidate(
            ("set_retry_threshold", node_id),
            "config_change",
            Patch("set_retry_threshold", node_id, number=wanted),
            f"{direction} retryThreshold of node {node_id!r} from {old} to {wanted} so the caller is "
            f"transferred to {node.fallback!r} on caller turn {landing}",
            analysis,
            describe=False,
        )
    return None


def extraction_fix(
    graph: CompiledGraph, analysis: Analysis, config: VariableExtractedConfig, before_turn: int | None
) -> _Candidate | None:
    conv = analysis.conversation
    name = config.variable_name
    if name in conv.extracted and config.expected_value is not None and str(conv.extracted[name]) == config.expected_value:
        return None
    for event in conv.routing:
        if before_turn is not None and event.turn >= before_turn:
            break
        pattern: str | None = None
        if config.expected_value is not None:
            value = config.expected_value
            if value not in event.text:
                continue
            pattern = shape_pattern(value)
            if _captures(pattern, event.text) != value:
                index = event.text.index(value)
                before = re.findall(r"[A-Za-z]+", event.text[:index])
                if before:
                    pattern = rf"{re.escape(before[-1])}\W+{pattern}"
                if _captures(pattern, event.text) != value:
                    literal = rf"({re.escape(value)})"
                    pattern = literal if _captures(literal, event.text) == value else None
            origin = f"derived from the expected value {value!r}"
        elif config.pattern is not None:
            if re.search(config.pattern, event.text, re.IGNORECASE) is None:
                continue
            pattern = f"({config.pattern})"
            got = _captures(pattern, event.text)
            if got is None or re.fullmatch(config.pattern, got) is None:
                pattern = None
            origin = f"from the assertion's pattern {config.pattern!r}"
        else:
            return None
        if pattern is None:
            continue
        node = graph.nodes[event.node]
        current = next((var for var in node.extract if var.name == name), None)
        if current is not None and current.pattern is not None and current.pattern.pattern == pattern:
            return None
        return _candidate(
            ("set_extract", event.node, name),
            "config_change",
            Patch("set_extract", event.node, name=name, values=(pattern,)),
            f"Extract {name!r} on node {event.node!r} with pattern '{pattern}' ({origin}; "
            f"the caller said it on turn {event.turn})",
            analysis,
            describe=False,
        )
    return None


def _phrase_node(graph: CompiledGraph, analysis: Analysis, phrase: str) -> str | None:
    conv = analysis.conversation
    spoken = [turn.node for turn in conv.transcript if turn.speaker == "agent"]
    visited: list[str] = []
    for node_id in conv.nodes_visited:
        if node_id not in visited and graph.has_node(node_id):
            visited.append(node_id)
    words = set(content_words(phrase))
    best: tuple[int, int, str] | None = None
    for position, node_id in enumerate(visited):
        source = graph.nodes[node_id].source
        node_words = set(content_words(" ".join((source.name, source.id.replace("-", " ").replace("_", " "), source.prompt, source.text))))
        score = len(words & node_words)
        if score > 0 and (best is None or (score, position) >= best[:2]):
            best = (score, position, node_id)
    if best is not None:
        return best[2]
    return spoken[-1] if spoken and graph.has_node(spoken[-1]) else None


def phrase_fixes(graph: CompiledGraph, analysis: Analysis, failed: FailedAssertion) -> list[_Candidate]:
    config = failed.assertion.typed_config()
    conv = analysis.conversation
    spoken = " \n ".join(conv.agent_texts()).lower()
    missing: list[str] = []
    unwanted: list[re.Pattern[str]] = []
    if isinstance(config, LlmJudgeConfig):
        missing = [p for p in config.required_phrases if p.strip() and " ".join(p.lower().split()) not in " ".join(spoken.split())]
        unwanted = [re.compile(re.escape(p.strip()), re.IGNORECASE) for p in config.forbidden_phrases if p.strip() and p.strip().lower() in spoken]
    elif isinstance(config, RegexMatchConfig) and config.speaker in ("agent", "any"):
        if config.should_match:
            phrase = literal_phrase(config.pattern)
            if phrase is not None:
                missing = [phrase]
        else:
            unwanted = [re.compile(config.pattern, re.IGNORECASE)]
    out: list[_Candidate] = []
    for phrase in missing:
        node_id = _phrase_node(graph, analysis, phrase)
        if node_id is None:
            continue
        sentence = as_sentence(phrase)
        out.append(
            _candidate(
                ("append_text", node_id, sentence.lower()),
                "prompt_edit",
                Patch("append_text", node_id, values=(sentence,)),
                f"Have the agent say {sentence!r} on node {node_id!r} (required by {failed.result.type.value} "
                f"{failed.result.assertion_id!r})",
                analysis,
                describe=False,
            )
        )
    for regex in unwanted:
        for node_id in dict.fromkeys(conv.nodes_visited):
            if not graph.has_node(node_id):
                continue
            text = graph.nodes[node_id].source.text
            if regex.search(text) is None:
                continue
            out.append(
                _candidate(
                    ("remove_text", node_id, regex.pattern),
                    "prompt_edit",
                    Patch("remove_text", node_id, values=(regex.pattern,)),
                    f"Stop the agent saying {regex.pattern!r} on node {node_id!r}: remove the sentence(s) "
                    f"containing it (forbidden by {failed.result.type.value} {failed.result.assertion_id!r})",
                    analysis,
                    describe=False,
                )
            )
    return out


def _candidate(
    key: tuple[str, ...], type_: FixType, patch: Patch, why: str, analysis: Analysis, *, describe: bool = True
) -> _Candidate:
    """`why` is the whole description (describe=False) or the reason appended to a generated one
    (routing fixes, whose phrasing list grows when fixes merge)."""
    return _Candidate(
        key=key,
        type=type_,
        patch=patch,
        why=why,
        full=not describe,
        scenario_ids=[analysis.scenario_id],
        order=0,
    )


def describe(candidate: _Candidate) -> str:
    if candidate.full:
        return candidate.why
    patch = candidate.patch
    phrases = ", ".join(f'"{value}"' for value in patch.values)
    if patch.op == "add_global_keywords":
        return f"Add the caller phrasing {phrases} to the globalMatch keywords of node {patch.node!r} {candidate.why}"
    if patch.op == "add_keywords":
        return (
            f"Add the caller phrasing {phrases} to the keywords of edge {patch.edge!r} "
            f"({patch.node} -> {patch.target}) {candidate.why}"
        )
    return f"Add an edge {patch.node} -> {patch.target} taken for caller turns like {phrases} ({candidate.why})"


# --- planning ------------------------------------------------------------------------------


def plan_fixes(graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
    """A fix plan for the given (fixable) failed scenarios; empty when no rule applies."""
    found: dict[tuple[str, ...], _Candidate] = {}
    order = 0

    def add(candidate: _Candidate) -> None:
        nonlocal order
        existing = found.get(candidate.key)
        if existing is None:
            candidate.order = order
            order += 1
            found[candidate.key] = candidate
            return
        if existing.patch.op in ("set_retry_threshold", "set_extract") and existing.patch != candidate.patch:
            return  # conflicting settings for the same node: the first (higher priority) wins
        merged_values = tuple(dict.fromkeys((*existing.patch.values, *candidate.patch.values)))
        existing.patch = Patch(
            existing.patch.op, existing.patch.node, existing.patch.edge, existing.patch.target,
            merged_values, existing.patch.name, existing.patch.number,
        )
        for scenario_id in candidate.scenario_ids:
            if scenario_id not in existing.scenario_ids:
                existing.scenario_ids.append(scenario_id)

    for analysis in analyses:
        if analysis.conversation.error is not None:
            continue  # could not run: nothing in the graph to change (the error is the root cause)
        routed_at: int | None = None
        for failed in analysis.failed:
            if failed.result.type not in _PATH_TYPES:
                continue
            config = failed.assertion.typed_config()
            if isinstance(config, TransferredConfig):
                timing = timing_fix(graph, analysis, config)
                if timing is not None:
                    add(timing)
                    continue
            targets = path_targets(graph, analysis, failed)
            if not targets:
                continue
            routed = routing_fix(graph, analysis, targets)
            if routed is not None:
                candidate, event = routed
                add(candidate)
                routed_at = event.turn if routed_at is None else min(routed_at, event.turn)
        for failed in analysis.failed:
            config = failed.assertion.typed_config()
            if isinstance(config, VariableExtractedConfig):
                extraction = extraction_fix(graph, analysis, config, routed_at)
                if extraction is not None:
                    add(extraction)
            elif isinstance(config, LlmJudgeConfig | RegexMatchConfig) and routed_at is None:
                for candidate in phrase_fixes(graph, analysis, failed):
                    add(candidate)

    ranked = sorted(found.values(), key=lambda c: (-len(c.scenario_ids), c.order))
    fixes: list[Fix] = []
    patches: dict[str, Patch] = {}
    for number, candidate in enumerate(ranked, start=1):
        fix_id = f"fix-{number:03d}"
        fixes.append(
            Fix(
                id=fix_id,
                target_node=candidate.patch.node,
                description=describe(candidate),
                type=candidate.type,
                scenario_ids=sorted(candidate.scenario_ids),
            )
        )
        patches[fix_id] = candidate.patch
    return PlannedFixes(plan=FixPlan(fixes=fixes, priority_order=[fix.id for fix in fixes]), patches=patches)


# --- applying ------------------------------------------------------------------------------


def _split_sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def _apply_patch(data: dict[str, Any], patch: Patch) -> None:
    nodes: list[dict[str, Any]] = data["nodes"]
    edges: list[dict[str, Any]] = data["edges"]
    node = next(item for item in nodes if item["id"] == patch.node)
    if patch.op == "add_keywords":
        edge = next(item for item in edges if item["id"] == patch.edge)
        keywords = edge["match"]["keywords"]
        edge["match"]["keywords"] = [*keywords, *(v for v in patch.values if v not in keywords)]
    elif patch.op == "add_global_keywords":
        match = node["globalMatch"]
        match["keywords"] = [*match["keywords"], *(v for v in patch.values if v not in match["keywords"])]
    elif patch.op == "add_edge":
        taken = {item["id"] for item in edges}
        base = f"{patch.node}-to-{patch.target}"[:120]
        edge_id, suffix = base, 2
        while edge_id in taken:
            edge_id, suffix = f"{base}-{suffix}", suffix + 1
        edges.append(
            {
                "id": edge_id,
                "source": patch.node,
                "target": patch.target,
                "label": f"caller asks: {patch.values[0]}"[:512],
                "match": {"keywords": list(patch.values), "patterns": [], "always": False},
            }
        )
    elif patch.op == "append_text":
        sentence = patch.values[0]
        if sentence.lower() not in node["text"].lower():
            parts = _split_sentences(node["text"])
            if len(parts) > 1 and parts[-1].endswith("?"):
                parts.insert(len(parts) - 1, sentence)  # keep the node's closing question last
            else:
                parts.append(sentence)
            node["text"] = " ".join(parts)
    elif patch.op == "remove_text":
        regex = re.compile(patch.values[0], re.IGNORECASE)
        node["text"] = " ".join(s for s in _split_sentences(node["text"]) if regex.search(s) is None)
    elif patch.op == "set_extract":
        pattern = patch.values[0]
        for var in node["extractVars"]:
            if var["name"] == patch.name:
                var["pattern"] = pattern
                break
        else:
            node["extractVars"].append(
                {"name": patch.name, "pattern": pattern, "description": "added by a tornado fix", "type": "string"}
            )
    elif patch.op == "set_retry_threshold":
        node["config"]["retryThreshold"] = patch.number
    else:  # pragma: no cover - PatchOp is exhaustive
        raise ValueError(f"unknown patch op {patch.op}")


def apply_fixes(graph: PathwayGraph, planned: PlannedFixes) -> PathwayGraph:
    """A new, validated graph with the plan's fixes applied in priority order."""
    if type(graph) is not PathwayGraph:
        graph = graph.graph()  # a PathwayVersionSpec / PathwaySpec: just the graph
    if planned.apply is not None:
        return planned.apply(graph)
    data = graph.model_dump(by_alias=True, mode="json")
    for fix_id in planned.plan.priority_order:
        patch = planned.patches.get(fix_id)
        if patch is not None:
            _apply_patch(data, patch)
    return PathwayGraph.model_validate(data)

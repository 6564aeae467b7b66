"""The engine's pluggable brain: agent turns, tester turns, judging and fixing.

`Backend` is the one interface the interpreter, the assertion engine and the iteration call.
`OfflineBackend` (the default) is deterministic: keyword / pattern routing, regex
extraction, scripted callers only, a rubric-only judge and the rule-based fixer. An
OpenAI-compatible backend (a later issue) implements the same protocol, so nothing that
calls the engine changes when it is added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tornado_operator.api.scenario import LlmJudgeConfig, TestScenarioSpec
from tornado_operator.engine.compiled import CompiledGraph
from tornado_operator.engine.conversation import (
    VIA_CATCH_ALL,
    VIA_EDGE,
    VIA_GLOBAL,
    VIA_UNMATCHED,
    Conversation,
    Turn,
)

if TYPE_CHECKING:
    from tornado_operator.engine.analysis import Analysis
    from tornado_operator.engine.fixer import PlannedFixes

REPROMPT_PREFIX = "Sorry, I didn't quite catch that."


class BackendUnsupported(Exception):
    """The backend cannot do what the scenario needs (e.g. AGENT scenarios offline)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(slots=True)
class AgentDecision:
    """What the agent does with one caller turn on one node."""

    target: str | None  # node to move to; None: nothing matched (the interpreter counts a retry)
    via: str  # VIA_EDGE, VIA_GLOBAL, VIA_CATCH_ALL or VIA_UNMATCHED
    edge_id: str | None = None
    extracted: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class JudgeOutcome:
    passed: bool
    score: float
    detail: str
    actual: str | None = None


@runtime_checkable
class Backend(Protocol):
    """Everything model-shaped in the engine. Implementations must be deterministic per seed."""

    name: str

    def agent_turn(
        self, graph: CompiledGraph, node_id: str, caller_text: str, variables: dict[str, Any]
    ) -> AgentDecision:
        """Extract variables on `node_id` from the caller turn, then choose where to go."""
        ...

    def agent_text(
        self, graph: CompiledGraph, node_id: str, variables: dict[str, Any], *, reprompt: bool
    ) -> str:
        """What the agent says on entering `node_id` (or when reprompting on it)."""
        ...

    def tester_turn(self, scenario: TestScenarioSpec, transcript: Sequence[Turn]) -> str | None:
        """The simulated caller's next turn for AGENT scenarios (None: the caller is done)."""
        ...

    def judge(self, config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
        """Answer an LLM_JUDGE assertion about the conversation."""
        ...

    def plan_fixes(self, graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
        """Fixes for the analysed failures (empty plan: no fix found)."""
        ...


def _convert(value: str, type_: str) -> Any:
    if type_ == "integer":
        try:
            return int(value.replace(",", ""))
        except ValueError:
            return value
    if type_ == "number":
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return value
    if type_ == "boolean":
        lowered = value.strip().lower()
        if lowered in {"yes", "true", "y", "yeah", "yep", "correct", "1"}:
            return True
        if lowered in {"no", "false", "n", "nope", "0"}:
            return False
    return value


class OfflineBackend:
    """Deterministic backend: no network, no model, same answer every time."""

    name = "offline"

    def agent_turn(
        self, graph: CompiledGraph, node_id: str, caller_text: str, variables: dict[str, Any]
    ) -> AgentDecision:
        node = graph.nodes[node_id]
        extracted: dict[str, Any] = {}
        for var in node.extract:
            if var.pattern is None:
                continue  # described only: needs an LLM extractor
            match = var.pattern.search(caller_text)
            if match is None:
                continue
            raw = match.group(1) if match.re.groups else match.group(0)
            if raw is None:
                continue
            extracted[var.name] = _convert(raw.strip(), var.type)
        lowered = caller_text.lower()
        for edge in node.conditional:
            if edge.match.matches(lowered, caller_text):
                return AgentDecision(edge.target, VIA_EDGE, edge.id, extracted)
        for candidate in graph.globals:
            if candidate.id != node_id and candidate.global_match is not None and candidate.global_match.matches(lowered, caller_text):
                return AgentDecision(candidate.id, VIA_GLOBAL, candidate.id, extracted)
        if node.catch_all:
            edge = node.catch_all[0]
            return AgentDecision(edge.target, VIA_CATCH_ALL, edge.id, extracted)
        return AgentDecision(None, VIA_UNMATCHED, None, extracted)

    def agent_text(
        self, graph: CompiledGraph, node_id: str, variables: dict[str, Any], *, reprompt: bool
    ) -> str:
        text = graph.nodes[node_id].template.render(variables)
        if not reprompt:
            return text
        if not text:
            return f"{REPROMPT_PREFIX} Could you say that another way?"
        return f"{REPROMPT_PREFIX} {text}"

    def tester_turn(self, scenario: TestScenarioSpec, transcript: Sequence[Turn]) -> str | None:
        raise BackendUnsupported(
            "agent_scenario_needs_llm",
            "AGENT scenarios need an LLM tester playing the persona: set spec.runner.backend: openai "
            "(the offline backend only replays inputMessages of REPLAY and HISTORICAL scenarios)",
        )

    def judge(self, config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
        from tornado_operator.engine.assertions import offline_judge

        return offline_judge(config, conversation)

    def plan_fixes(self, graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
        from tornado_operator.engine.fixer import plan_fixes

        return plan_fixes(graph, analyses)


def default_backend() -> Backend:
    return OfflineBackend()


__all__ = [
    "VIA_CATCH_ALL",
    "VIA_EDGE",
    "VIA_GLOBAL",
    "VIA_UNMATCHED",
    "AgentDecision",
    "Backend",
    "BackendUnsupported",
    "JudgeOutcome",
    "OfflineBackend",
    "default_backend",
]

"""The deterministic agent (routing.py's rules) and the absent caller of the offline engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.errors import BackendUnsupported
from tornado_operator.engine.sim import routing
from tornado_operator.engine.sim.agent import AgentDecision
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import Turn


class OfflineAgent:
    """An AgentPort with no network and no model: same answer every time."""

    def agent_turn(
        self, graph: CompiledGraph, node_id: str, caller_text: str, variables: dict[str, Any]
    ) -> AgentDecision:
        return routing.decide_turn(graph, node_id, caller_text)

    def agent_text(
        self, graph: CompiledGraph, node_id: str, variables: dict[str, Any], *, reprompt: bool
    ) -> str:
        return routing.agent_text(graph, node_id, variables, reprompt=reprompt)

    def tester_turn(self, scenario: TestScenarioSpec, transcript: Sequence[Turn]) -> str | None:
        raise BackendUnsupported(
            "agent_scenario_needs_llm",
            "AGENT scenarios need an LLM tester playing the persona: set spec.runner.backend: openai "
            "(the offline backend only replays inputMessages of REPLAY and HISTORICAL scenarios)",
        )

"""The one interface an iteration calls: `Backend` (agent, caller, judge, fixer) — types only.

A backend (backends/offline.py, backends/llm.py, backends/bland.py) implements all of it;
each part of the engine depends only on the slice it uses: the interpreter on `AgentPort`
(sim/agent.py, implemented by the backends that simulate the graph), the assertion engine on
`JudgePort` (judge/port.py). Capabilities that only some backends have
are part of the protocol with a neutral answer, not probed with getattr: `tone` returns None
(use the heuristic), `scenario_scope` may do nothing, `take_report` may return None.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.errors import BackendUnsupported
from tornado_operator.engine.judge.port import JudgeOutcome, JudgePort, ToneOutcome
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import PlannedFixes
from tornado_operator.engine.sim.agent import AgentDecision, AgentPort
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import Conversation


@runtime_checkable
class Backend(JudgePort, Protocol):
    """Everything model-shaped in the engine: plays scenarios, judges, plans fixes. The simulating
    backends play through the interpreter as its `AgentPort`; the bland backend drives a deployed agent."""

    name: str
    deterministic: bool  # same answers for the same input: fixes are verified by re-simulating
    # True: the agent under test is simulated from the graph (offline, openai), so a fixed graph
    # is what the next iteration tests; False: the agent is deployed elsewhere (bland) and a
    # fixed graph is only a proposal (loop/decide.py, FixesProposed).
    simulates: bool

    def play(self, graph: CompiledGraph, scenario: TestScenarioSpec, *, scenario_id: str) -> Conversation:
        """One scenario's conversation: simulated (interpreter.simulate with this backend as the
        agent), or held with a deployed agent. Scenario-level problems end it with ended_by=error."""
        ...

    def plan_fixes(self, graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
        """Fixes for the analysed failures (empty plan: no fix found)."""
        ...

    def scenario_scope(self, scenario_id: str) -> AbstractContextManager[None]:
        """Entered around each scenario: per-scenario state and token accounting."""
        ...

    def take_report(self) -> dict[str, Any] | None:
        """What the backend has to say about the iteration (LLM usage and call log), then reset."""
        ...


__all__ = [
    "AgentDecision",
    "AgentPort",
    "Backend",
    "BackendUnsupported",
    "JudgeOutcome",
    "JudgePort",
    "ToneOutcome",
]

"""What the interpreter needs from a backend: the agent's turns and the simulated caller's.

`AgentPort` is the slice of the engine's `Backend` (engine/ports.py) that sim/ depends on, so
the interpreter imports no backend and no judge or fixer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import Turn


@dataclass(slots=True)
class AgentDecision:
    """What the agent does with one caller turn on one node."""

    target: str | None  # node to move to; None: nothing matched (the interpreter counts a retry)
    via: str  # VIA_EDGE, VIA_GLOBAL, VIA_CATCH_ALL or VIA_UNMATCHED
    edge_id: str | None = None
    extracted: dict[str, Any] = field(default_factory=dict)
    matched: str | None = None  # what matched (keyword 'x', pattern 'y', always, label ...): for diagnosis


class AgentPort(Protocol):
    """The agent under test and the simulated caller. Deterministic per seed."""

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
        """The simulated caller's next turn for AGENT scenarios (None: the caller is done).

        Raises engine.errors.BackendUnsupported when the backend cannot play a caller."""
        ...

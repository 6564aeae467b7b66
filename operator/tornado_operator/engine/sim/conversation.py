"""What a simulated conversation produced: transcript, route, variables, webhooks, ending.

Plain dataclasses (slots) because the interpreter builds thousands of them per iteration;
`api.results.ScenarioResult` is the bounded, JSON-serialisable view that leaves the process.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Speaker = Literal["agent", "caller"]
EndedBy = Literal["agent_ended", "transferred", "script_exhausted", "max_turns", "error"]

# How a caller turn was routed (RoutingEvent.via).
VIA_EDGE = "edge"  # a conditional edge of the current node (keywords / patterns)
VIA_GLOBAL = "global"  # a global node's globalMatch
VIA_CATCH_ALL = "catch_all"  # an `always` (or condition-less) edge of the current node
VIA_UNMATCHED = "unmatched"  # nothing matched: the agent reprompts on the same node
VIA_FALLBACK = "fallback"  # unmatched, and the node's retryThreshold sent the call to fallbackNodeId


@dataclass(slots=True)
class Turn:
    speaker: Speaker
    text: str
    node: str
    latency_ms: int | None = None  # agent turns only (simulated, see interpreter.latency_ms)


def transcript_text(turns: Sequence[Turn], limit: int) -> str:
    """The turns as "AGENT: ..." / "CALLER: ..." lines, keeping the end when longer than `limit`
    (what happened last matters most to a judge or a fixer)."""
    lines = [f"{'AGENT' if turn.speaker == 'agent' else 'CALLER'}: {turn.text}" for turn in turns]
    text = "\n".join(lines)
    if len(text) > limit:
        text = "…\n" + text[-limit:]
    return text or "(nothing was said)"


@dataclass(slots=True)
class WebhookCall:
    node: str
    url: str
    method: str
    body: Any  # a JSON object, or the rendered text of a text body that is not JSON
    turn: int  # caller turns so far when the webhook fired


@dataclass(slots=True)
class RoutingEvent:
    """One caller turn and what the agent did with it."""

    turn: int  # 1-based caller turn
    node: str  # node the turn was matched on
    text: str
    via: str  # one of the VIA_* constants
    target: str | None  # node moved to (None: stayed on `node`)
    edge_id: str | None = None  # edge (or global node id) that matched
    retries: int = 0  # consecutive unmatched turns on `node` after this turn
    matched: str | None = None  # what matched: keyword 'x', pattern 'y', always, label ...; for an
    # unmatched turn on a node with labels, how close the best label came (diagnosis)


@dataclass(slots=True)
class Conversation:
    scenario_id: str
    start_node: str | None = None
    transcript: list[Turn] = field(default_factory=list)
    nodes_visited: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    extracted: dict[str, Any] = field(default_factory=dict)  # only the variables captured from caller turns
    webhooks: list[WebhookCall] = field(default_factory=list)
    routing: list[RoutingEvent] = field(default_factory=list)
    ended_by: EndedBy = "script_exhausted"
    turns: int = 0  # caller turns taken
    transfer_target: str | None = None
    transfer_turn: int | None = None  # caller turn on which the call was transferred (0: at start)
    error: str | None = None
    error_kind: str | None = None  # stable machine-readable kind of error (for root-cause signatures)

    @property
    def latencies(self) -> list[int]:
        return [turn.latency_ms for turn in self.transcript if turn.latency_ms is not None]

    def agent_texts(self) -> list[str]:
        return [turn.text for turn in self.transcript if turn.speaker == "agent"]

    def caller_texts(self) -> list[str]:
        return [turn.text for turn in self.transcript if turn.speaker == "caller"]

    @property
    def last_node(self) -> str | None:
        return self.nodes_visited[-1] if self.nodes_visited else self.start_node


def aggregate_latency(values: list[int], aggregate: str) -> float:
    """max, avg or p95 (nearest-rank) of agent-turn latencies; 0 when there are none."""
    if not values:
        return 0.0
    if aggregate == "max":
        return float(max(values))
    if aggregate == "avg":
        return sum(values) / len(values)
    ordered = sorted(values)
    rank = max(1, math.ceil(0.95 * len(ordered)))
    return float(ordered[rank - 1])

"""The pathway interpreter: simulate one scenario's conversation against a pathway graph.

A conversation starts at the scenario's startNodeId (or the pathway's start node) and the
agent speaks first. Every caller turn is handed to the backend, which extracts variables
on the current node and picks the next node (see compiled.py for the offline matching
order). Entering a node:

* default: the agent says the node's text ({{variables}} rendered from requestData and
  extracted variables) and waits for the caller;
* webhook: the call it would make (url, method, rendered body) is recorded, the node's text
  (if any) is spoken, and the conversation moves on along the node's first catch-all edge
  (`always: true` or no condition) without waiting for the caller; a webhook node without
  one waits for the caller like a default node;
* transfer: the agent says the node's text and the call ends as `transferred`;
* end_call: the agent says the node's text and the call ends as `agent_ended`;
* unsupported (an imported node of a type the engine cannot simulate, e.g. Bland's
  Knowledge Base): the scenario ends with an error naming the node and its type, instead of
  guessing what the node would do.

A caller turn that matches nothing keeps the agent on its node: it reprompts ("Sorry, I
didn't quite catch that." + the node's text) and counts a retry. When a node's
config.retryThreshold consecutive turns went unmatched, the call moves to
config.fallbackNodeId instead (for example a transfer to a person).

The run ends when the script is exhausted (`script_exhausted`), the agent ends the call
(`agent_ended` / `transferred`), maxTurns caller turns were taken while the script had
more (`max_turns`), or the scenario cannot run at all (`error`, e.g. an unknown
startNodeId or an AGENT scenario on the offline backend).

Simulated latency (deterministic, per agent turn):
    latency_ms = 300 + 5 * len(text) + 400 * (webhooks fired since the previous agent turn)
i.e. a fixed 300 ms of model/TTS start-up, 5 ms per character spoken, and 400 ms per
webhook round trip.
"""

from __future__ import annotations

import json
from typing import Any

from tornado_operator.api.pathway import Node, NodeType, PathwayGraph, WebhookSpec
from tornado_operator.api.scenario import ScenarioType, TestScenarioSpec
from tornado_operator.engine.errors import BackendUnsupported
from tornado_operator.engine.sim.agent import AgentPort
from tornado_operator.engine.sim.compiled import (
    CompiledGraph,
    as_compiled,
    render_text,
    render_value,
)
from tornado_operator.engine.sim.conversation import (
    VIA_FALLBACK,
    VIA_UNMATCHED,
    Conversation,
    RoutingEvent,
    Turn,
    WebhookCall,
)
from tornado_operator.engine.sim.offline_agent import OfflineAgent

BASE_LATENCY_MS = 300
PER_CHAR_LATENCY_MS = 5
WEBHOOK_LATENCY_MS = 400
MAX_AUTOMATIC_HOPS = 64  # webhook -> webhook -> ... chains longer than this are a loop

_OFFLINE = OfflineAgent()


def latency_ms(text: str, webhooks: int = 0) -> int:
    """The simulated latency of one agent turn (see the module docstring)."""
    return BASE_LATENCY_MS + PER_CHAR_LATENCY_MS * len(text) + WEBHOOK_LATENCY_MS * webhooks


def _unsupported(node: Node) -> str:
    name = f" ({node.name!r})" if node.name else ""
    return (
        f"node {node.id!r}{name} is a {node.imported_type!r} node, which this engine cannot simulate; "
        "the bland backend runs it on the deployed pathway"
    )


def _body(spec: WebhookSpec, variables: dict[str, Any]) -> Any:
    """The webhook's body as sent: a text body is rendered whole, then read as JSON if it is."""
    if spec.body_text is None:
        return render_value(spec.body, variables)
    text = render_text(spec.body_text, variables)
    try:
        return json.loads(text)
    except ValueError:
        return text


class _Simulation:
    __slots__ = ("backend", "conv", "current", "ended", "graph", "pending_webhooks", "retries", "variables")

    def __init__(self, graph: CompiledGraph, backend: AgentPort, conv: Conversation, variables: dict[str, Any]) -> None:
        self.graph = graph
        self.backend = backend
        self.conv = conv
        self.variables = variables
        self.current = ""
        self.retries = 0
        self.ended = False
        self.pending_webhooks = 0

    def say(self, text: str, node_id: str) -> None:
        self.conv.transcript.append(Turn("agent", text, node_id, latency_ms(text, self.pending_webhooks)))
        self.pending_webhooks = 0

    def fail(self, kind: str, message: str) -> None:
        self.conv.ended_by = "error"
        self.conv.error = message
        self.conv.error_kind = kind
        self.ended = True

    def enter(self, node_id: str) -> None:
        graph = self.graph
        conv = self.conv
        for _ in range(MAX_AUTOMATIC_HOPS):
            node = graph.nodes[node_id]
            conv.nodes_visited.append(node_id)
            self.current = node_id
            self.retries = 0
            if node.type is NodeType.UNSUPPORTED:
                self.fail("unsupported_node", _unsupported(node.source))
                return
            if node.type is NodeType.WEBHOOK and node.source.webhook is not None:
                spec = node.source.webhook
                conv.webhooks.append(
                    WebhookCall(
                        node=node_id,
                        url=render_text(spec.url, self.variables),
                        method=spec.method,
                        body=_body(spec, self.variables),
                        turn=conv.turns,
                    )
                )
                self.pending_webhooks += 1
            text = self.backend.agent_text(graph, node_id, self.variables, reprompt=False)
            if text:
                self.say(text, node_id)
            if node.type is NodeType.TRANSFER:
                transfer = node.source.transfer
                conv.transfer_target = None if transfer is None else render_text(transfer.target, self.variables)
                conv.transfer_turn = conv.turns
                conv.ended_by = "transferred"
                self.ended = True
                return
            if node.type is NodeType.END_CALL:
                conv.ended_by = "agent_ended"
                self.ended = True
                return
            if node.type is NodeType.WEBHOOK and node.catch_all:
                node_id = node.catch_all[0].target
                continue
            return
        self.fail(
            "webhook_loop",
            f"more than {MAX_AUTOMATIC_HOPS} automatic hops without a caller turn (webhook loop through node {node_id!r})",
        )

    def caller_turn(self, text: str) -> None:
        conv = self.conv
        conv.turns += 1
        node_id = self.current
        conv.transcript.append(Turn("caller", text, node_id))
        decision = self.backend.agent_turn(self.graph, node_id, text, self.variables)
        if decision.extracted:
            self.variables.update(decision.extracted)
            conv.extracted.update(decision.extracted)
        if decision.target is not None:
            conv.routing.append(
                RoutingEvent(conv.turns, node_id, text, decision.via, decision.target, decision.edge_id, 0, decision.matched)
            )
            self.enter(decision.target)
            return
        self.retries += 1
        node = self.graph.nodes[node_id]
        threshold = node.retry_threshold
        if threshold is not None and node.fallback is not None and self.retries >= threshold:
            conv.routing.append(RoutingEvent(conv.turns, node_id, text, VIA_FALLBACK, node.fallback, None, self.retries, decision.matched))
            self.enter(node.fallback)
            return
        conv.routing.append(RoutingEvent(conv.turns, node_id, text, VIA_UNMATCHED, None, None, self.retries, decision.matched))
        self.say(self.backend.agent_text(self.graph, node_id, self.variables, reprompt=True), node_id)


def simulate(
    graph: PathwayGraph | CompiledGraph,
    scenario: TestScenarioSpec,
    *,
    scenario_id: str = "",
    backend: AgentPort | None = None,
) -> Conversation:
    """Run one scenario's conversation; never raises for scenario-level problems (ended_by=error)."""
    compiled = as_compiled(graph)
    backend = _OFFLINE if backend is None else backend
    variables: dict[str, Any] = dict(scenario.request_data)
    conv = Conversation(scenario_id=scenario_id, variables=variables)
    sim = _Simulation(compiled, backend, conv, variables)
    start = scenario.start_node_id or compiled.start
    if not compiled.has_node(start):
        conv.start_node = start
        sim.fail("invalid_start_node_id", f"Invalid start_node_id: {start!r} is not a node of this pathway")
        return conv
    conv.start_node = start
    sim.enter(start)
    max_turns = scenario.max_turns
    if scenario.scenario_type is ScenarioType.AGENT:
        while not sim.ended:
            if conv.turns >= max_turns:
                conv.ended_by = "max_turns"
                break
            try:
                text = backend.tester_turn(scenario, conv.transcript)
            except BackendUnsupported as exc:
                sim.fail(exc.kind, str(exc))
                break
            if text is None:
                conv.ended_by = "script_exhausted"
                break
            sim.caller_turn(text)
        return conv
    script = scenario.input_messages  # REPLAY and HISTORICAL replay the recorded caller turns
    for text in script:
        if sim.ended:
            return conv
        if conv.turns >= max_turns:
            conv.ended_by = "max_turns"
            return conv
        sim.caller_turn(text)
    if not sim.ended:
        conv.ended_by = "script_exhausted"
    return conv

"""Routing (flow_change): a path assertion failed and a caller turn matched nothing (or only a
catch-all edge): the caller's phrasing is added to the globalMatch keywords of a global target,
else to the keywords of the first edge on the shortest path toward the target, else as a new
edge from the node where the turn was said."""

from __future__ import annotations

from collections import deque

from tornado_operator.api.pathway import NodeType
from tornado_operator.api.scenario import (
    AssertionType,
    CallEndedByAgentConfig,
    NodeReachedConfig,
    NodesVisitedConfig,
    TransferredConfig,
    WebhookTriggeredConfig,
)
from tornado_operator.engine.judge.checks.nodes_visited import missing_nodes
from tornado_operator.engine.repair.analysis import Analysis, FailedAssertion
from tornado_operator.engine.repair.model import Candidate, Patch, candidate
from tornado_operator.engine.repair.words import caller_phrase
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import VIA_FALLBACK, VIA_UNMATCHED, RoutingEvent

PATH_TYPES = {
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
        missing = missing_nodes(config, conv.nodes_visited)[:1]
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


def routing_fix(graph: CompiledGraph, analysis: Analysis, targets: list[str]) -> tuple[Candidate, RoutingEvent] | None:
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
            return candidate(
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
            return candidate(
                ("add_keywords", edge_id),
                "flow_change",
                Patch("add_keywords", source, edge=edge_id, target=target, values=(phrase,)),
                f"on the way to {reached!r}",
                analysis,
            ), event
        goal = targets[0]
        return candidate(
            ("add_edge", event.node, goal),
            "flow_change",
            Patch("add_edge", event.node, target=goal, values=(phrase,)),
            f"no path led from {event.node!r} to {goal!r}",
            analysis,
        ), event
    return None

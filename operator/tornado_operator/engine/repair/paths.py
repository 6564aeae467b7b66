"""Where a conversation should have gone: the nodes a failed path assertion wants, and the
edges that lead there (shared by the analysis and the routing strategy)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from tornado_operator.api.pathway import NodeType
from tornado_operator.api.scenario import (
    Assertion,
    AssertionType,
    CallEndedByAgentConfig,
    NodeReachedConfig,
    NodesVisitedConfig,
    TransferredConfig,
    WebhookTriggeredConfig,
)
from tornado_operator.engine.judge.checks.nodes_visited import missing_nodes
from tornado_operator.engine.sim.compiled import CompiledEdge, CompiledGraph
from tornado_operator.engine.sim.conversation import Conversation

PATH_TYPES = {
    AssertionType.NODE_REACHED,
    AssertionType.NODES_VISITED,
    AssertionType.TRANSFERRED,
    AssertionType.WEBHOOK_TRIGGERED,
    AssertionType.CALL_ENDED_BY_AGENT,
}


def path_targets(graph: CompiledGraph, conv: Conversation, assertion: Assertion) -> list[str]:
    """Nodes the conversation should have reached for this failed assertion (existing only)."""
    config = assertion.typed_config()
    if isinstance(config, NodeReachedConfig):
        return [config.node_id] if graph.has_node(config.node_id) else []
    if isinstance(config, NodesVisitedConfig):
        missing = missing_nodes(config, conv.nodes_visited)[:1]
        return [node_id for node_id in missing if graph.has_node(node_id)]
    if isinstance(config, TransferredConfig):
        wanted = None if config.target is None else config.target.strip().lower()
        if not config.expected:
            return []
        if conv.ended_by == "transferred" and (wanted is None or (conv.transfer_target or "").strip().lower() == wanted):
            return []  # transferred where it should be: the failure is its timing, not the path
        # not transferred, or transferred to another number: the nodes that transfer to the wanted one
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


def shortest_first_hop(
    graph: CompiledGraph, start: str, targets: set[str], *, skip_first: Callable[[CompiledEdge], bool] | None = None
) -> tuple[str, str] | None:
    """(first edge id, reached target) of the shortest edge path start -> any target; with
    `skip_first`, no path whose first edge it is true for."""
    seen = {start}
    queue: deque[tuple[str, str | None]] = deque([(start, None)])
    while queue:
        node_id, first = queue.popleft()
        node = graph.nodes[node_id]
        if node_id != start and node.type in (NodeType.TRANSFER, NodeType.END_CALL):
            continue
        for edge in (*node.conditional, *node.catch_all):
            if first is None and skip_first is not None and skip_first(edge):
                continue
            hop = first or edge.id
            if edge.target in targets:
                return hop, edge.target
            if edge.target not in seen:
                seen.add(edge.target)
                queue.append((edge.target, hop))
    return None



def distance(graph: CompiledGraph, start: str, targets: set[str]) -> int | None:
    """How many edges the shortest path start -> any target takes (0 at a target), or None."""
    if start in targets:
        return 0
    seen = {start}
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    while queue:
        node_id, steps = queue.popleft()
        node = graph.nodes[node_id]
        if node_id != start and node.type in (NodeType.TRANSFER, NodeType.END_CALL):
            continue
        for edge in (*node.conditional, *node.catch_all):
            if edge.target in targets:
                return steps + 1
            if edge.target not in seen:
                seen.add(edge.target)
                queue.append((edge.target, steps + 1))
    return None


def reaches(graph: CompiledGraph, start: str, targets: set[str]) -> bool:
    """Whether some edge path (or a global node) leads from `start` to one of `targets`; nothing
    leads on from a node that ends the call (a transfer, an end_call)."""
    if start in targets:
        return True
    if graph.has_node(start) and graph.nodes[start].type in (NodeType.TRANSFER, NodeType.END_CALL):
        return False
    if any(graph.nodes[t].is_global for t in targets if graph.has_node(t)):
        return True
    return shortest_first_hop(graph, start, targets) is not None

"""NODES_VISITED: every listed node was entered (in order, with inOrder)."""

from __future__ import annotations

from collections.abc import Sequence

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import NodesVisitedConfig
from tornado_operator.engine.judge.context import CheckContext


def missing_nodes(config: NodesVisitedConfig, visited: Sequence[str]) -> list[str]:
    """The listed nodes not visited: for inOrder, from the first one out of order on."""
    wanted = config.node_ids
    if config.in_order:
        position = 0
        for node_id in visited:
            if position < len(wanted) and node_id == wanted[position]:
                position += 1
        return wanted[position:]
    seen = set(visited)
    return [node_id for node_id in wanted if node_id not in seen]


def check(ctx: CheckContext, config: NodesVisitedConfig) -> AssertionResult:
    visited = ctx.conversation.nodes_visited
    missing = missing_nodes(config, visited)
    passed = not missing
    if config.in_order:
        detail = "visited in order" if passed else f"not visited in order from {missing[0]!r} on"
    else:
        detail = "all visited" if passed else "never visited: " + ", ".join(missing)
    return ctx.result(
        target=",".join(config.node_ids),
        expected="visited in order" if config.in_order else "all visited",
        passed=passed, actual=" > ".join(visited) or None, detail=detail,
    )

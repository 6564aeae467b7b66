"""NODE_REACHED: the conversation entered a node."""

from __future__ import annotations

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import NodeReachedConfig
from tornado_operator.engine.judge.context import CheckContext


def check(ctx: CheckContext, config: NodeReachedConfig) -> AssertionResult:
    visited = ctx.conversation.nodes_visited
    reached = config.node_id in visited
    return ctx.result(
        target=config.node_id, expected="reached", passed=reached,
        actual=" > ".join(visited) or None,
        detail=f"node {config.node_id!r} {'was' if reached else 'was never'} reached",
    )

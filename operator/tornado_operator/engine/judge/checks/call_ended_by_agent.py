"""CALL_ENDED_BY_AGENT: the agent ended the call (an end_call node), or did not."""

from __future__ import annotations

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import CallEndedByAgentConfig
from tornado_operator.engine.judge.context import CheckContext


def check(ctx: CheckContext, config: CallEndedByAgentConfig) -> AssertionResult:
    ended_by = ctx.conversation.ended_by
    passed = (ended_by == "agent_ended") == config.expected
    return ctx.result(
        target="call end",
        expected="agent ends the call" if config.expected else "agent does not end the call",
        passed=passed, actual=ended_by, detail=f"the call ended: {ended_by}", turns=ctx.last_turn(),
    )

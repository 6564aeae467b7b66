"""Every assertion type's checker, keyed by type (a test asserts the table is complete)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import AssertionType
from tornado_operator.engine.judge.checks import (
    bland_tone,
    call_ended_by_agent,
    latency_below,
    llm_judge,
    node_reached,
    nodes_visited,
    regex_match,
    transferred,
    variable_extracted,
    webhook_triggered,
)
from tornado_operator.engine.judge.context import CheckContext

# The config argument is the type's own config model (Assertion.typed_config()).
Checker = Callable[[CheckContext, Any], AssertionResult]

CHECKERS: dict[AssertionType, Checker] = {
    AssertionType.LLM_JUDGE: llm_judge.check,
    AssertionType.BLAND_TONE: bland_tone.check,
    AssertionType.VARIABLE_EXTRACTED: variable_extracted.check,
    AssertionType.NODE_REACHED: node_reached.check,
    AssertionType.NODES_VISITED: nodes_visited.check,
    AssertionType.WEBHOOK_TRIGGERED: webhook_triggered.check,
    AssertionType.REGEX_MATCH: regex_match.check,
    AssertionType.CALL_ENDED_BY_AGENT: call_ended_by_agent.check,
    AssertionType.TRANSFERRED: transferred.check,
    AssertionType.LATENCY_BELOW: latency_below.check,
}

# The types whose checker asks the backend's JudgePort, and which method; every other type is a
# deterministic check of the conversation, the same whatever the backend (docs/assertions.md;
# a test runs every checker against a recording judge to keep this true).
ASKS_BACKEND: dict[AssertionType, str] = {
    AssertionType.LLM_JUDGE: "judge",
    AssertionType.BLAND_TONE: "tone",
}

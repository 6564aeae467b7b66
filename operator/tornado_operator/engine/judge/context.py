"""What every checker gets: the assertion, where it sits in the spec, the conversation, the judge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import Assertion
from tornado_operator.engine.judge.port import JudgePort
from tornado_operator.engine.sim.conversation import Conversation

EXCERPT_CHARS = 160


@dataclass(frozen=True, slots=True)
class CheckContext:
    assertion: Assertion
    index: int
    conversation: Conversation
    judge: JudgePort

    def result(
        self,
        *,
        target: str,
        expected: str,
        passed: bool,
        actual: str | None,
        detail: str,
        components: dict[str, float] | None = None,
    ) -> AssertionResult:
        assertion = self.assertion
        return AssertionResult(
            assertion_id=assertion.key(self.index),
            type=assertion.type,
            name=assertion.name,
            target=target,
            expected=expected,
            passed=passed,
            actual=actual,
            detail=detail,
            weight=assertion.weight,
            required=assertion.is_required,
            components=components,
        )


def value_text(value: Any) -> str:
    """A variable's value as the user wrote it in YAML (booleans lower-case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

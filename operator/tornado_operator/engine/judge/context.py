"""What every checker gets: the assertion, where it sits in the spec, the conversation, the judge."""

from __future__ import annotations

from collections.abc import Sequence
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
        turns: Sequence[int] = (),
    ) -> AssertionResult:
        """`turns`: transcript indexes where a failure shows (reports mark them); none for a pass."""
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
            turns=[] if passed else sorted(set(turns)),
        )

    # Where a failure shows, as transcript indexes (AssertionResult.turns).

    def last_turn(self) -> list[int]:
        count = len(self.conversation.transcript)
        return [count - 1] if count else []

    def caller_turn(self, number: int | None) -> list[int]:
        """The n-th (1-based) caller turn."""
        if number is None:
            return []
        callers = [index for index, turn in enumerate(self.conversation.transcript) if turn.speaker == "caller"]
        return [callers[number - 1]] if 0 < number <= len(callers) else []

    def turns_where(self, speaker: str, said: Any) -> list[int]:
        """Turns of `speaker` ('any': every turn) whose text `said(text)` is true of."""
        return [
            index for index, turn in enumerate(self.conversation.transcript)
            if (speaker == "any" or turn.speaker == speaker) and said(turn.text)
        ]


def value_text(value: Any) -> str:
    """A variable's value as the user wrote it in YAML (booleans lower-case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

"""What the assertion engine needs from a backend: a judge for LLM_JUDGE, optionally for tone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tornado_operator.api.scenario import BlandToneConfig, LlmJudgeConfig
from tornado_operator.engine.sim.conversation import Conversation


@dataclass(slots=True)
class JudgeOutcome:
    passed: bool
    score: float
    detail: str
    actual: str | None = None


@dataclass(slots=True)
class ToneOutcome:
    outcome: JudgeOutcome
    components: dict[str, float] | None = None


class JudgePort(Protocol):
    def judge(self, config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
        """Answer an LLM_JUDGE assertion about the conversation."""
        ...

    def tone(self, config: BlandToneConfig, conversation: Conversation) -> ToneOutcome | None:
        """Score BLAND_TONE with a model; None: use the deterministic heuristic (judge/tone.py)."""
        ...

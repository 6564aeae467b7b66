"""LLM_JUDGE: the backend's judge answers the prompt (offline: only the rubric, judge/rubric.py)."""

from __future__ import annotations

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import LlmJudgeConfig
from tornado_operator.engine.judge.context import CheckContext
from tornado_operator.text import clip, normalize


def check(ctx: CheckContext, config: LlmJudgeConfig) -> AssertionResult:
    outcome = ctx.judge.judge(config, ctx.conversation)
    rubric = []
    if config.required_phrases:
        rubric.append("says " + ", ".join(repr(p) for p in config.required_phrases))
    if config.forbidden_phrases:
        rubric.append("never says " + ", ".join(repr(p) for p in config.forbidden_phrases))
    return ctx.result(
        target=clip(config.prompt, 120) or "judge",
        expected="; ".join(rubric) or "judge answers yes",
        passed=outcome.passed,
        actual=outcome.actual,
        detail=outcome.detail,
        turns=ctx.turns_where("agent", lambda text: any(
            normalize(phrase) in normalize(text) for phrase in config.forbidden_phrases if phrase.strip()
        )),
    )

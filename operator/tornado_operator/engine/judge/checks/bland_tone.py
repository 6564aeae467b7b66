"""BLAND_TONE: the backend's tone model if it has one, else the heuristic of judge/tone.py."""

from __future__ import annotations

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import BlandToneConfig
from tornado_operator.engine.judge.context import CheckContext
from tornado_operator.engine.judge.tone import TONE_WEIGHTS, tone_components, tone_score


def check(ctx: CheckContext, config: BlandToneConfig) -> AssertionResult:
    expected = f">= {config.threshold:.2f}"
    model_tone = ctx.judge.tone(config, ctx.conversation)
    if model_tone is not None:
        outcome = model_tone.outcome
        return ctx.result(
            target="agent tone", expected=expected, passed=outcome.passed, actual=outcome.actual,
            detail=outcome.detail, components=model_tone.components,
        )
    components = tone_components(ctx.conversation)
    score = tone_score(components)
    parts = ", ".join(f"{name} {value:.2f} x{TONE_WEIGHTS[name]}" for name, value in components.items() if name in TONE_WEIGHTS)
    parts += f"; x courtesy {components['courtesy']:.2f}"
    passed = score >= config.threshold
    return ctx.result(
        target="agent tone", expected=expected, passed=passed, actual=f"{score:.2f}",
        detail=f"heuristic tone {score:.2f} ({parts}) {'>=' if passed else '<'} threshold {config.threshold:.2f}",
        components=components,
    )

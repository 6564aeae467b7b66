"""WEBHOOK_TRIGGERED: a webhook call was made (optionally by url substring, method, node)."""

from __future__ import annotations

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import WebhookTriggeredConfig
from tornado_operator.engine.judge.context import CheckContext


def fits(config: WebhookTriggeredConfig, url: str, method: str, node: str) -> bool:
    return (
        (config.url is None or config.url in url)
        and (config.method is None or method.upper() == config.method.upper())
        and (config.node_id is None or node == config.node_id)
    )


def check(ctx: CheckContext, config: WebhookTriggeredConfig) -> AssertionResult:
    calls = ctx.conversation.webhooks
    hit = next((call for call in calls if fits(config, call.url, call.method, call.node)), None)
    wanted_call = " ".join(
        part for part in (
            config.method.upper() if config.method else None,
            f"url~{config.url}" if config.url else None,
            f"node={config.node_id}" if config.node_id else None,
        ) if part
    ) or "any webhook"
    actual = "; ".join(f"{call.method} {call.url} ({call.node})" for call in calls) or None
    return ctx.result(
        target=config.node_id or config.url or "webhook", expected=wanted_call,
        passed=hit is not None, actual=actual,
        detail="webhook fired" if hit is not None else f"no webhook call matched {wanted_call} ({len(calls)} call(s) made)",
    )

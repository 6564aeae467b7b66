"""LATENCY_BELOW: the simulated agent-turn latency (max, avg or p95) is at most maxMs."""

from __future__ import annotations

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import LatencyBelowConfig
from tornado_operator.engine.judge.context import CheckContext
from tornado_operator.engine.sim.conversation import aggregate_latency


def check(ctx: CheckContext, config: LatencyBelowConfig) -> AssertionResult:
    values = ctx.conversation.latencies
    latency = aggregate_latency(values, config.aggregate)
    passed = latency <= config.max_ms
    return ctx.result(
        target=f"{config.aggregate} latency", expected=f"<= {config.max_ms} ms",
        passed=passed, actual=f"{latency:.0f} ms",
        detail=f"{config.aggregate} of {len(values)} agent turn(s): {latency:.0f} ms "
        f"{'<=' if passed else '>'} {config.max_ms} ms (simulated)",
        turns=[index for index, turn in enumerate(ctx.conversation.transcript)
               if turn.latency_ms is not None and turn.latency_ms > config.max_ms],
    )

"""TRANSFERRED: the call was transferred (to a target, within [minTurn, maxTurn]), or was not."""

from __future__ import annotations

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import TransferredConfig
from tornado_operator.engine.judge.context import CheckContext


def check(ctx: CheckContext, config: TransferredConfig) -> AssertionResult:
    conv = ctx.conversation
    transferred = conv.ended_by == "transferred"
    expected_parts = ["transferred" if config.expected else "not transferred"]
    if config.expected and config.target:
        expected_parts.append(f"to {config.target}")
    if config.expected and config.min_turn is not None:
        expected_parts.append(f"not before caller turn {config.min_turn}")
    if config.expected and config.max_turn is not None:
        expected_parts.append(f"by caller turn {config.max_turn}")
    expected = " ".join(expected_parts)
    actual = (
        f"transferred to {conv.transfer_target} on caller turn {conv.transfer_turn}"
        if transferred else f"not transferred ({conv.ended_by})"
    )
    target = config.target or "transfer"
    if not config.expected:
        return ctx.result(target=target, expected=expected, passed=not transferred, actual=actual,
                          detail="the call was transferred" if transferred else "no transfer", turns=ctx.last_turn())
    if not transferred:
        detail = "the call was never transferred" + (f" (expected to {config.target!r})" if config.target else "")
        passed = False
    elif config.target and (conv.transfer_target or "").strip().lower() != config.target.strip().lower():
        detail = f"transferred to {conv.transfer_target!r}, expected {config.target!r}"
        passed = False
    elif config.min_turn is not None and (conv.transfer_turn or 0) < config.min_turn:
        detail = f"transferred too early: caller turn {conv.transfer_turn} < minTurn {config.min_turn}"
        passed = False
    elif config.max_turn is not None and (conv.transfer_turn or 0) > config.max_turn:
        detail = f"transferred too late: caller turn {conv.transfer_turn} > maxTurn {config.max_turn}"
        passed = False
    else:
        detail = "transferred as expected"
        passed = True
    return ctx.result(target=target, expected=expected, passed=passed, actual=actual, detail=detail,
                      turns=ctx.last_turn() if transferred else ())

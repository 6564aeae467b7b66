"""VARIABLE_EXTRACTED: a variable was captured from a caller turn (with a value or a shape)."""

from __future__ import annotations

import re

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import VariableExtractedConfig
from tornado_operator.engine.judge.context import CheckContext, value_text


def check(ctx: CheckContext, config: VariableExtractedConfig) -> AssertionResult:
    conv = ctx.conversation
    name = config.variable_name
    if config.expected_value is not None:
        expected = f"= {config.expected_value!r}"
    elif config.pattern is not None:
        expected = f"matches {config.pattern!r}"
    else:
        expected = "extracted"
    if name not in conv.extracted:
        return ctx.result(target=name, expected=expected, passed=False, actual=None,
                          detail=f"variable {name!r} was never extracted from a caller turn")
    value = value_text(conv.extracted[name])
    if config.expected_value is not None and value != config.expected_value:
        return ctx.result(target=name, expected=expected, passed=False, actual=value,
                          detail=f"variable {name!r} is {value!r}, expected {config.expected_value!r}")
    if config.pattern is not None and re.fullmatch(config.pattern, value) is None:
        return ctx.result(target=name, expected=expected, passed=False, actual=value,
                          detail=f"variable {name!r} is {value!r}, which does not fully match {config.pattern!r}")
    return ctx.result(target=name, expected=expected, passed=True, actual=value,
                      detail=f"variable {name!r} extracted as {value!r}")

"""VARIABLE_EXTRACTED: a variable was captured from a caller turn (with a value or a shape).

A failure names the node where extraction should have happened: the node of the caller turn
that said the expected value (or matched the pattern), since that is where an extraction
pattern would have caught it."""

from __future__ import annotations

import re

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import VariableExtractedConfig
from tornado_operator.engine.judge.context import CheckContext, value_text
from tornado_operator.engine.sim.conversation import Conversation, RoutingEvent


def said_event(config: VariableExtractedConfig, conversation: Conversation) -> RoutingEvent | None:
    """The first caller turn that said the expected value (or matched the pattern)."""
    for event in conversation.routing:
        if config.expected_value is not None:
            said = config.expected_value.lower() in event.text.lower()
        elif config.pattern is not None:
            said = re.search(config.pattern, event.text, re.IGNORECASE) is not None
        else:
            return None
        if said:
            return event
    return None


def where_said(config: VariableExtractedConfig, conversation: Conversation) -> str:
    """Where the caller said the value, as a clause for a failure detail."""
    event = said_event(config, conversation)
    if event is not None:
        return f"the caller said it on turn {event.turn} at node {event.node!r}, which did not extract it"
    if config.expected_value is not None:
        return f"the caller never said {config.expected_value!r}"
    if config.pattern is not None:
        return f"no caller turn matched {config.pattern!r}"
    nodes = list(dict.fromkeys(event.node for event in conversation.routing))
    return "caller turns were on node(s) " + ", ".join(repr(node) for node in nodes) if nodes else "the caller never spoke"


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
        event = said_event(config, conv)
        return ctx.result(target=name, expected=expected, passed=False, actual=None,
                          detail=f"variable {name!r} was never extracted: {where_said(config, conv)}",
                          turns=ctx.caller_turn(event.turn if event is not None else None))
    value = value_text(conv.extracted[name])
    if config.expected_value is not None and value != config.expected_value:
        return ctx.result(target=name, expected=expected, passed=False, actual=value,
                          detail=f"variable {name!r} is {value!r}, expected {config.expected_value!r}")
    if config.pattern is not None and re.fullmatch(config.pattern, value) is None:
        return ctx.result(target=name, expected=expected, passed=False, actual=value,
                          detail=f"variable {name!r} is {value!r}, which does not fully match {config.pattern!r}")
    return ctx.result(target=name, expected=expected, passed=True, actual=value,
                      detail=f"variable {name!r} extracted as {value!r}")

"""REGEX_MATCH: a pattern is (shouldMatch) or is never (shouldMatch: false) said by a speaker."""

from __future__ import annotations

import re

from tornado_operator.api.results import AssertionResult
from tornado_operator.api.scenario import RegexMatchConfig
from tornado_operator.engine.judge.context import EXCERPT_CHARS, CheckContext
from tornado_operator.text import clip


def check(ctx: CheckContext, config: RegexMatchConfig) -> AssertionResult:
    regex = re.compile(config.pattern, re.IGNORECASE)
    turns = [t for t in ctx.conversation.transcript if config.speaker == "any" or t.speaker == config.speaker]
    found = next((t for t in turns if regex.search(t.text)), None)
    passed = (found is not None) == config.should_match
    where = f"{config.speaker} turns" if config.speaker != "any" else "any turn"
    if found is not None:
        detail = f"{config.pattern!r} matched in {where}: {clip(found.text, 100)!r}"
    else:
        detail = f"{config.pattern!r} never matched in {where} ({len(turns)} searched)"
    return ctx.result(
        target=config.pattern,
        expected=("matches" if config.should_match else "never matches") + f" in {where}",
        passed=passed, actual=None if found is None else clip(found.text, EXCERPT_CHARS), detail=detail,
        turns=ctx.turns_where(config.speaker, lambda text: regex.search(text) is not None) if found is not None else (),
    )

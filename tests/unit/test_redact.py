"""api/redact.py: the quick pre-check (no "bearer"/"basic"/"sk-", no regex) masks exactly what
the two patterns alone mask."""

from __future__ import annotations

import re

import pytest

from tornado_operator.api.redact import _PATTERNS, MASK, redact, redact_value


def by_patterns_alone(text: str) -> str:
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    return _PATTERNS[1].sub(MASK, text)


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: Bearer abcdefghijkl",
        "BASIC%20abcdefghijk",
        "bEaReR\t\tzzzzzzzzzz and sk-abcdef123",
        "key sk-abcdefgh",
        "ba\u017fic abcdefghijkl",  # a long s: the regex's IGNORECASE matches it as "s"
        "\u212aey sk-1234567",  # a Kelvin sign
        "basically nothing here",
        "bearer short",
        "plain text, timestamps 2026-12-03T10:00:00Z, ids s-1-it2",
        "",
    ],
)
def test_the_pre_check_masks_what_the_patterns_mask(text: str) -> None:
    assert redact(text) == by_patterns_alone(text)


def test_known_secrets_then_patterns_in_nested_values() -> None:
    value = {"a": ["token hunter2 here", {"b": "Bearer abcdefghijkl"}], "n": 3, "none": None}
    assert redact_value(value, ["hunter2", None, "abc"]) == {
        "a": [f"token {MASK} here", {"b": f"Bearer {MASK}"}],
        "n": 3,
        "none": None,
    }
    assert re.search("hunter2", str(redact_value(value, ["hunter2"]))) is None

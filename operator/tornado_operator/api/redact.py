"""Redaction of secrets in text that crosses a boundary (status, ConfigMaps, events, logs).

A remote server may echo what it was sent (an Authorization header, an API key) in its error
body; text built from such a body goes through `redact` before it is stored or logged.
Known secret values are replaced wherever they appear, and so are credential-shaped tokens
(`Bearer <token>`, `Basic <token>`, OpenAI-style `sk-...` keys) whose value is not known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

MASK = "[REDACTED]"
MIN_SECRET_CHARS = 4  # shorter "secrets" would mask ordinary words

_PATTERNS = (
    re.compile(r"(?i)\b(bearer|basic)(\s+|%20)[A-Za-z0-9._~+/=:-]{8,}"),  # tokens, not prose
    re.compile(r"\bsk-[A-Za-z0-9_-]{6,}"),
)


def _maybe_credential(text: str) -> bool:
    """Whether either pattern could match: it needs "bearer" or "basic" (any case) or "sk-".
    Most strings have none and skip the regexes (a status write redacts hundreds of strings,
    and a case-insensitive regex search costs several microseconds even on a short one)."""
    if "sk-" in text:
        return True
    folded = text.casefold()  # as the regex's IGNORECASE: a long s (U+017F) for "s" matches too
    return "bearer" in folded or "basic" in folded


def _ordered(secrets: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({s for s in secrets if s and len(s) >= MIN_SECRET_CHARS}, key=len, reverse=True))


def _redact(text: str, ordered: tuple[str, ...]) -> str:
    for secret in ordered:
        text = text.replace(secret, MASK)
    if not _maybe_credential(text):
        return text
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    return _PATTERNS[1].sub(MASK, text)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with every known secret value and every credential-shaped token masked."""
    return _redact(text, _ordered(secrets))


def redact_value(value: Any, secrets: Iterable[str | None] = ()) -> Any:
    """`value` (JSON-like: dicts, lists, strings) with every string redacted."""
    return _redact_value(value, _ordered(secrets))


def _redact_value(value: Any, ordered: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return _redact(value, ordered)
    if isinstance(value, dict):
        return {key: _redact_value(item, ordered) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_value(item, ordered) for item in value]
    return value

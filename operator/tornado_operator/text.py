"""Text helpers shared by every layer (no imports of the project: the bottom of the house)."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def excerpt(text: str, limit: int) -> str:
    """`text` on one line (runs of whitespace collapsed), clipped to `limit` characters."""
    return clip(" ".join(text.split()), limit)


def normalize(text: str) -> str:
    """Lower-case, single spaces, trimmed: how phrases are compared."""
    return _SPACES.sub(" ", text).strip().lower()

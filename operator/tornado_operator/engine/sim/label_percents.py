"""A percentage the caller says, against the range of percent a label states ("Above 35%" / "20 to
35 percent"; "Less than 10% down" / "10% or more").

A percent is no count (label_counts.py leaves a number before "%" or "percent" alone), yet a
caller answers a menu of percentages with the number, often without the word: "Fifty percent",
"Thirty-five, same as my old car", "like seventy". Read only where two options state a percent,
so a bare number there is one. Pure functions of the texts; both sides pinned in
tests/unit/test_label_routing_round22.py."""

from __future__ import annotations

import re
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import CountRange, label_range, said_count

_PERCENT = re.compile(r"\s*(?:%|\bper\s?cent\b)", re.IGNORECASE)
_ISH = re.compile(r"\b([a-z]+(?:-[a-z]+)?|\d+)-?ish\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def label_percent(text: str) -> CountRange | None:
    """The range of percent a label states ("Above 35%", "20 to 35 percent"); None without a
    percent, or with none or several ranges."""
    if not _PERCENT.search(text):
        return None
    return label_range(_PERCENT.sub(" ", text))


@lru_cache(maxsize=4096)
def said_percent(text: str) -> int | None:
    """The percent a turn says, with the word or without it ("Fifty percent", "Thirty-five",
    "twenty-five-ish"); None when it says no one number."""
    return said_count(_ISH.sub(r"\1", _PERCENT.sub(" ", text)))

"""How long ago the caller says something happened, against the span a label states ("Within the
last two weeks" / "Caller finished them more than two weeks ago"; "Bought within 30 days" / "More
than 30 days ago").

"about a month ago", "like ten days ago", "last week", "three weeks ago Saturday" share no telling
word with such labels, and a person reads them against the span anyway. A span inside a
candidate's fits it; one outside counts against it. Days: a week is 7, a month 30, a year 365.
Pure functions of the texts; pinned in tests/unit/test_label_routing_round8.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import number_value

_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_AMOUNT = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety|a couple(?: of)?|a few|couple(?: of)?)"
)


def _span(suffix: str = "") -> str:
    """An amount of days, weeks, months or years, its groups named n/u (+ suffix: one regex may hold two)."""
    return rf"(?P<n{suffix}>{_AMOUNT})\s+(?P<u{suffix}>hour|day|week|month|year)s?\b"


_SPAN = _span()
_LABEL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"\b(?:more|longer|over|older)\s+than\s+{_SPAN}", "more"),
        (rf"\bover\s+{_SPAN}", "more"),
        (rf"\b{_SPAN}\s+or\s+(?:more|longer|older)\b", "more"),
        (rf"\bwithin\s+(?:the\s+)?(?:last\s+|past\s+)?{_SPAN}", "within"),
        (rf"\b(?:less|fewer)\s+than\s+{_SPAN}", "within"),
        (rf"\bunder\s+{_SPAN}", "within"),
        (rf"\b(?:in\s+)?the\s+(?:last|past)\s+{_SPAN}", "within"),
        (r"\b(?:within|in)\s+the\s+(?:last|past)\s+(?P<n>)(?P<u>hour|day|week|month|year)\b", "within"),  # "the last year": one
    )
)
# what a caller says of how long ago: "three weeks ago", "about a month ago", "for two weeks now"
_SPAN_SINCE = _span("2")
_SAID = re.compile(
    rf"\b{_SPAN}\s+(?:ago|back)\b|\b(?:it's\s+been|been|over|for|(?<!in\s)(?:about|around|like|almost|nearly|maybe))\s+(?:about\s+|like\s+|almost\s+|over\s+)?{_SPAN_SINCE}",
    re.IGNORECASE,
)
_LAST = re.compile(
    r"\b(?:last|this\s+past)\s+(?P<u>week|weekend|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?P<b>the\s+day\s+before\s+)?(?P<y>yesterday)\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week)\s+(?P<bl>before\s+last)\b"
    r"|\b(?P<t>today|this\s+morning|this\s+afternoon|earlier\s+today|tonight)\b",
    re.IGNORECASE,
)
_LAST_DAYS = {"week": 7.0, "weekend": 4.0, "month": 30.0, "year": 365.0}  # "last Tuesday": 4, within the past week
_SEASONS_AGO = re.compile(rf"\b(?P<n>{_AMOUNT})\s+(?:summers|winters|springs|falls|autumns|christmases)\s+ago\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|n't|never)\b[^,.;]{0,20}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DaySpan:
    """How long ago, in days: more than `above` (None: from today) and at most `upto` (None: no end)."""

    above: float | None
    upto: float | None

    def holds(self, days: float) -> bool:
        return (self.above is None or days > self.above) and (self.upto is None or days <= self.upto)

    def said(self) -> str:
        if self.above is None:
            return f"within {self.upto:g} days"
        return f"over {self.above:g} days"


def _amount(said: str) -> float:
    text = said.lower().strip()
    if text in ("", "a", "an", "one"):
        return 1.0
    if "couple" in text:
        return 2.0
    if "few" in text:
        return 3.0
    return float(number_value(text))


@lru_cache(maxsize=4096)
def label_span(text: str) -> DaySpan | None:
    """The span of time ago a label or description states, if exactly one ("Within the last two
    weeks", "more than 30 days ago", "over a year"); None otherwise."""
    found: list[DaySpan] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _LABEL_PATTERNS:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            days = _amount(match.group("n")) * _UNIT_DAYS[match.group("u").lower()]
            found.append(DaySpan(days, None) if kind == "more" else DaySpan(None, days))
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=4096)
def said_days_ago(text: str) -> float | None:
    """How long ago a caller's turn says ("about a month ago": 30, "like ten days ago": 10, "an
    hour ago": 1/24, "last week": 7, "this past weekend" or "last Tuesday": 4, "Sunday before
    last": 10, "yesterday": 1, "earlier today": 0.25, "two summers ago": 730, "it's been over a
    month": 31; a negated day is none: "not today, it was three days ago": 3); None when it says
    none, or two that differ."""
    found: set[float] = set()
    for match in _SAID.finditer(text):
        amount, unit = (match.group("n"), match.group("u")) if match.group("n") else (match.group("n2"), match.group("u2"))
        days = _amount(amount) * _UNIT_DAYS[unit.lower()]
        if re.search(r"\bover\b", match.group(0), re.IGNORECASE):
            days += 1  # "over a month": past it
        found.add(days)
    for match in _SEASONS_AGO.finditer(text):
        found.add(_amount(match.group("n")) * 365)  # "two summers ago": two years
    if not found:
        for match in _LAST.finditer(text):
            if _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
                continue  # "not today, it was Sunday before last", "I didn't buy them today"
            if match.group("t"):
                found.add(0.25)  # today: within any span of days
            elif match.group("y"):
                found.add(2.0 if match.group("b") else 1.0)
            elif match.group("bl"):
                found.add(10.0 if "week" not in match.group(0).lower() else 14.0)  # "Sunday before last": a week and a half
            else:
                found.add(_LAST_DAYS.get(match.group("u").lower(), 4.0))
    return found.pop() if len(found) == 1 else None

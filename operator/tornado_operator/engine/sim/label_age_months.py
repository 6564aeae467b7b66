"""An age said in weeks or months ("he's ten weeks old", "an eight-month-old", "a year and a
half", "not even four months yet"), against an age range a label states in months ("Under 5
months", "Five months to two years", "6 to 18 months old", "8 weeks or older").

A puppy's, a baby's or a foal's age is said in weeks and months, and whole years (label_ages.py)
cannot tell ten weeks from eight months. Ages here are months, as a float: a caller's "eight
months" is the middle of that month (8.5), "ten weeks" 2.3, "a year and a half" 18, "two" (said
of one: "she's two") the middle of that year (30); a label's bound in months takes that whole
month ("6 to 18 months": up to 19), in years that whole year ("five months to two years": up to
36), so "older than two" (label_ages.py: 3 and up) begins where this ends. Pure functions of the
texts; both sides of every bound are pinned in tests/unit/test_label_routing_round16.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import NUMBER, number_value

_WEEKS_A_MONTH = 4.345
_UNIT = r"(?P<u>weeks?|months?|years?|yrs?)"
_UNIT2 = r"(?P<v>weeks?|months?|years?|yrs?)"
_A = rf"(?P<a>{NUMBER}|an?)"
_B = rf"(?P<b>{NUMBER}|an?)"
# a label's range: each bound with its unit, or one unit after both ("6 to 18 months")
_LABEL: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"\b(?:between\s+|from\s+)?{_A}[\s-]+{_UNIT}\s*(?:to|-|\u2013|and|through)\s*{_B}[\s-]+{_UNIT2}", "between"),
        (rf"\b(?:between\s+|from\s+)?{_A}\s*(?:to|-|\u2013|and|through)\s*{_B}[\s-]+{_UNIT2}", "between-one-unit"),
        (rf"\b(?:under|younger\s+than|less\s+than|below)\s+{_B}[\s-]+{_UNIT2}", "under"),
        (rf"\b(?:up\s+to|at\s+most)\s+{_B}[\s-]+{_UNIT2}", "up-to"),
        (rf"\b(?:over|older\s+than|more\s+than)\s+{_A}[\s-]+{_UNIT}", "over"),
        (rf"\b{_A}[\s-]+{_UNIT}(?:\s+old)?\s+(?:or|and)\s+(?:older|up|over|more)\b", "from"),
        (rf"\bat\s+least\s+{_A}[\s-]+{_UNIT}", "from"),
    )
)
_SMALL_UNIT = re.compile(r"\b(?:weeks?|months?)\b", re.IGNORECASE)
_RATE = re.compile(r"\b(?:[a-z]+s|\d+|hundred|thousand)\s+(?:a|an|per|each|every)\s+(?:day|week|month|year)\b", re.IGNORECASE)
_SPAN_WORDS = re.compile(r"\b(?:ago|away|within|last|past|next|from\s+now|since|ahead|before|after|sooner|off\s*[.!?]?\s*$)", re.IGNORECASE)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)


def _months(amount: str, unit: str) -> float:
    count = 1.0 if amount.lower() in ("a", "an") else float(number_value(amount))
    unit = unit.lower()
    if unit.startswith("week"):
        return count / _WEEKS_A_MONTH
    if unit.startswith(("year", "yr")):
        return count * 12
    return count


def _end(amount: str, unit: str) -> float:
    """Where a bound said as an upper one ends: the whole month or year it names."""
    unit = unit.lower()
    if unit.startswith("week"):
        return _months(amount, unit) + 1 / _WEEKS_A_MONTH
    return _months(amount, unit) + (12 if unit.startswith(("year", "yr")) else 1)


@dataclass(frozen=True, slots=True)
class MonthRange:
    """Ages in months a label accepts: from `low` (inclusive) up to `high` (exclusive; None: no end)."""

    low: float
    high: float | None

    def holds(self, months: float) -> bool:
        return months >= self.low and (self.high is None or months < self.high)

    def said(self) -> str:
        return f"{self.low:g}-{self.high:g} months" if self.high is not None else f"{self.low:g}+ months"


@lru_cache(maxsize=4096)
def label_age_months(text: str) -> MonthRange | None:
    """The ages a label states with a bound in weeks or months ("Under 5 months", "Five months to
    two years", "6 to 18 months old", "8 weeks or older"); None for ages in years only, or none."""
    if not _SMALL_UNIT.search(text) or _SPAN_WORDS.search(text) or _RATE.search(text):
        return None  # ("More than 12 months ago": how long ago, label_durations.py; "20 miles a week": a rate)
    for pattern, kind in _LABEL:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        if kind == "between":
            return MonthRange(_months(groups["a"], groups["u"]), _end(groups["b"], groups["v"]))
        if kind == "between-one-unit":
            return MonthRange(_months(groups["a"], groups["v"]), _end(groups["b"], groups["v"]))
        if kind == "under":
            return MonthRange(0.0, _months(groups["b"], groups["v"]))
        if kind == "up-to":
            return MonthRange(0.0, _end(groups["b"], groups["v"]))
        if kind == "over":
            return MonthRange(_end(groups["a"], groups["u"]), None)
        return MonthRange(_months(groups["a"], groups["u"]), None)
    return None


# what a caller says: "ten weeks old", "a 10-week-old", "eight months", "an eight-month-old",
# "a year and a half", "18 months", "two" said of one ("she's two", "he's 3 years old")
_SAID = re.compile(
    # ("a week" alone is a rate or a span, "three mornings a week": "a week old", "a year and a half" are ages)
    rf"(?:(?P<a>{NUMBER})|(?P<one>an?)(?=[\s-]+(?:weeks?|months?|years?)(?:\s+and\s+a\s+half|[\s-]+old)))"
    rf"[\s-]+(?P<u>weeks?|months?|years?|yrs?)(?P<half>\s+and\s+a\s+half)?(?:[\s-]+old)?\b(?![\s-]+(?:ago|from|away|out|later|before|after)\b)"
    rf"|(?:'s|\bis|\bare|'re|\bturned|\bjust)\s+(?:about\s+|almost\s+|only\s+)?(?P<y>{NUMBER})\b"
    r"(?![\s-]*(?:am|pm|:|pounds|lbs|kilos|kg|of|times|weeks?|months?|days?)\b)",
    re.IGNORECASE,
)
_EXPERIENCE = re.compile(r"\b(?:for|been|since)\s+(?:about\s+|over\s+|almost\s+|nearly\s+)?$", re.IGNORECASE)
_BELOW = re.compile(r"(?:\bnot\s+even|\bunder|\balmost|\bnearly|\bbarely|\bnot\s+quite|\bless\s+than|\byounger\s+than)\s+$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def said_age_months(text: str) -> float | None:
    """The age a turn says, in months (the middle of the month or year it names; "not even four
    months" and "almost six months" just under it); None when it says none or several that
    differ. A negated age is ruled out ("not five months, more like seven": 7.5)."""
    found: set[float] = set()
    for match in _SAID.finditer(text):
        before = text[max(0, match.start() - 24):match.start()]
        below = _BELOW.search(before)
        if _NEGATED.search(before) and not below:
            continue
        if match.group("y"):
            months = number_value(match.group("y")) * 12.0
            if not 0 < months <= 40 * 12:
                continue
            found.add(months - 0.5 if below else months + 6)
            continue
        if _EXPERIENCE.search(before):
            continue  # "running for twenty years": how long they have done it
        months = _months(match.group("a") or match.group("one"), match.group("u"))
        unit = match.group("u").lower()
        if match.group("half"):
            months += 6 if unit.startswith(("year", "yr")) else 0.5
            found.add(months)
            continue
        width = 1 / _WEEKS_A_MONTH if unit.startswith("week") else 12.0 if unit.startswith(("year", "yr")) else 1.0
        found.add(months - min(0.25, width / 4) if below else months + width / 2)
    return found.pop() if len(found) == 1 else None

"""Hours given over a period, as the caller says them ("twenty-ish hours a week", "maybe an hour or
two a month", "every Tuesday morning for about two hours", "a couple hours a day, three days a
week", "around the clock"), against the hours a label states per period ("Under 10 hours a week"
/ "10 to 40 hours" / "Caller needs more than forty hours a week"; "Less than 4 hours a month").

A rate is neither how long something lasts (label_lengths.py) nor how long ago (label_durations.py):
"Less than 4 hours a month" had been read as a span ago, which routed some callers right by luck
and others wrong. The label's hours are read by label_lengths.py's patterns with the period taken
out; the caller's are converted to the label's period (a month is 4.33 weeks, a day a seventh of
a week unless the caller says how many days). Pure functions of the texts; both sides pinned in
tests/unit/test_label_routing_round22.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import NUMBER, number_value
from tornado_operator.engine.sim.label_lengths import Length, label_length, said_length

_WEEKS = {"day": 1 / 7, "week": 1.0, "month": 4.33, "year": 52.0}
_PERIOD = re.compile(
    r"\b(?:(?:a|an|per|each|every)\s+(?P<p>day|week|month|year)|(?P<q>daily|weekly|monthly|yearly))\b", re.IGNORECASE
)
_HOURS_WORD = re.compile(r"\b(?:hours?|hrs?)\b", re.IGNORECASE)
# days a week said beside hours a day: "a couple hours a day, three days a week"
_DAYS_A_WEEK = re.compile(rf"\b(?P<n>{NUMBER})\s+days?\s+(?:a|per|each)\s+week\b", re.IGNORECASE)
_WEEKDAYS = re.compile(r"\b(?:weekdays|monday\s+(?:through|thru|to)\s+friday|every\s+weekday)\b", re.IGNORECASE)
_EVERY_DAY_OF_WEEK = re.compile(r"\bevery\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week)\b", re.IGNORECASE)
_ALL_THE_TIME = re.compile(
    r"\b(?:around\s+the\s+clock|24/7|twenty-four\s+seven|24\s+hours\s+a\s+day|twenty-four\s+hours\s+a\s+day|all\s+day\s+(?:and\s+night|every\s+day)"
    r"|live-in|can'?t\s+be\s+left\s+alone)\b",
    re.IGNORECASE,
)


_MINUTES = re.compile(r"\b(?:minutes?|mins?)\b", re.IGNORECASE)
_ISH = re.compile(r"\b([a-z]+|\d+)-?ish\b", re.IGNORECASE)


def _period(match: re.Match[str]) -> str:
    said = (match.group("p") or match.group("q") or "").lower()
    return {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}.get(said, said)


@dataclass(frozen=True, slots=True)
class HoursRate:
    """Hours per `period` a label accepts (the length's range, in hours)."""

    hours: Length
    period: str

    def holds(self, said: tuple[float, str]) -> bool | None:
        hours, period = said
        per = hours * _WEEKS[self.period] / _WEEKS[period]
        return self.hours.holds(Length(per, per))

    def said(self) -> str:
        return f"{self.hours.said()} a {self.period}"


@lru_cache(maxsize=4096)
def label_rate(text: str) -> HoursRate | None:
    """The hours per period a label states ("Under 10 hours a week", "Four to twelve hours a
    month", "Caller can give more than 12 hours a month"); None without hours and a period."""
    found = _PERIOD.search(text)
    if found is None or not _HOURS_WORD.search(text):
        return None
    hours = label_length(text[: found.start()] + text[found.end():])
    return HoursRate(hours, _period(found)) if hours is not None else None


def label_hours_beside(text: str, period: str) -> HoursRate | None:
    """A sibling's hours without a period ("10 to 40 hours" beside "Under 10 hours a week"): of
    the same period, as a person reads the menu."""
    if not _HOURS_WORD.search(text) or _PERIOD.search(text):
        return None
    hours = label_length(text)
    return HoursRate(hours, period) if hours is not None else None


def _middle(length: Length) -> float:
    return length.low if length.high is None else (length.low + length.high) / 2


@lru_cache(maxsize=4096)
def said_rate(text: str) -> tuple[float, str] | None:
    """The hours per period a turn says, as (hours, period); None when it says none."""
    text = _ISH.sub(r"\1", text)  # "twenty-ish hours": about twenty
    if _ALL_THE_TIME.search(text):
        return 168.0, "week"  # "around the clock", "he can't be left alone"
    found = _PERIOD.search(text)
    if found is not None and _period(found) == "day" and (days := _DAYS_A_WEEK.search(text)) is not None:
        # "an hour or two a day, three days a week"
        hours = said_length(text[: found.start()])
        return (_middle(hours) * number_value(days.group("n")), "week") if hours is not None else None
    if found is not None:
        if not _HOURS_WORD.search(text) and not _MINUTES.search(text):
            return None  # "three days a week": how often (label_frequency.py), no hours said
        hours = said_length(text[: found.start()] + " " + text[found.end():])
        if hours is not None and hours.high is not None and hours.high <= 24 * 7:
            return _middle(hours), _period(found)
        return None
    hours = said_length(text)
    if hours is None or hours.high is None or hours.high > 24:
        return None
    if _WEEKDAYS.search(text):
        return _middle(hours) * 5, "week"  # "weekdays from nine till three"
    if _EVERY_DAY_OF_WEEK.search(text):
        return _middle(hours), "week"  # "every Tuesday morning for about two hours"
    return None

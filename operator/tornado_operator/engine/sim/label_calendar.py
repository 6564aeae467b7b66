"""A day of the year the caller says ("the Fourth of July weekend", "over Thanksgiving", "August
12th", "sometime in March"), against the part of the year a label states ("June 1 to September 30" /
"Caller is traveling October through May"; "Summer season, May to September").

A schedule, a season or a rate that changes with the time of year is chosen by date, and callers
name a holiday or a month, not the label's months. A day is its day of the year (a month's
first to its last; a holiday its usual day: Memorial Day the last week of May, Labor Day the first
of September, Thanksgiving the fourth week of November); a range may wrap the new year
("October through May"). A date said after a negation is ruled out. "May" is the month only
capitalised ("we may come"). Pure functions of the texts; both sides of every bound are pinned in
tests/unit/test_label_routing_round17.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_DAYS_IN = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FIRST = tuple(sum(_DAYS_IN[:index]) + 1 for index in range(12))  # day of the year each month begins
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:\d{1,2})(?:st|nd|rd|th)?"
# holidays and the day of the year they usually fall on
_HOLIDAYS: tuple[tuple[str, int], ...] = (
    (r"new\s+year'?s(?:\s+day)?", 1),
    (r"valentine'?s(?:\s+day)?", 45),
    (r"st\.?\s+patrick'?s(?:\s+day)?|saint\s+patrick'?s(?:\s+day)?", 76),
    (r"easter", 100),
    (r"mother'?s\s+day", 130),
    (r"memorial\s+day", 147),
    (r"father'?s\s+day", 170),
    (r"(?:the\s+)?fourth\s+of\s+july|(?:the\s+)?4th\s+of\s+july|independence\s+day|july\s+4(?:th)?", 185),
    (r"labor\s+day", 246),
    (r"halloween", 304),
    (r"veterans\s+day", 315),
    (r"thanksgiving", 329),
    (r"christmas(?:\s+eve)?|xmas", 359),
    (r"new\s+year'?s\s+eve", 365),
)
_HOLIDAY_RE = tuple((re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), day) for pattern, day in _HOLIDAYS)
_RANGE = re.compile(
    rf"\b(?:from\s+)?(?P<a>{_MONTH})\.?(?:\s+(?P<ad>{_DAY}))?\s*(?:to|through|thru|until|till|-|\u2013)\s*"
    rf"(?P<b>{_MONTH})\.?(?:\s+(?P<bd>{_DAY}))?\b",
    re.IGNORECASE,
)
_SAID_DATE = re.compile(
    rf"\b(?P<m>{_MONTH})\.?(?:\s+(?:the\s+)?(?P<d>{_DAY}))?\b|\b(?:the\s+)?(?P<d2>{_DAY})\s+of\s+(?P<m2>{_MONTH})\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:[a-z]+\s+){0,3}$", re.IGNORECASE)


def month_number(said: str) -> int:
    """0-11 for a month's name or its abbreviation (also read by label_lengths.py)."""
    lowered = said.lower().rstrip(".")
    return next(index for index, name in enumerate(MONTH_NAMES) if name.startswith(lowered[:3]))


def _day(month: int, day: str | None, *, end: bool = False) -> int:
    if day is None:
        return _FIRST[month] + (_DAYS_IN[month] - 1 if end else 0)
    number = int(re.sub(r"\D", "", day))
    return _FIRST[month] + min(max(number, 1), _DAYS_IN[month]) - 1


@dataclass(frozen=True, slots=True)
class DaysOfYear:
    """The days of the year a label covers, from `start` to `end` inclusive (wrapping the new year
    when start > end)."""

    start: int
    end: int

    def holds(self, day: int) -> bool:
        return self.start <= day <= self.end if self.start <= self.end else day >= self.start or day <= self.end

    def said(self) -> str:
        return f"days {self.start}-{self.end} of the year"


@lru_cache(maxsize=4096)
def label_days_of_year(text: str) -> DaysOfYear | None:
    """The part of the year a label states as a range of months or dates ("June 1 to September
    30", "October through May", "May to September"); None for none."""
    found = _RANGE.search(text)
    if found is None:
        return None
    start, end = month_number(found.group("a")), month_number(found.group("b"))
    return DaysOfYear(_day(start, found.group("ad")), _day(end, found.group("bd"), end=True))


@lru_cache(maxsize=4096)
def said_day_of_year(text: str) -> int | None:
    """The day of the year a turn says: a holiday ("over Thanksgiving"), a date ("August 12th",
    "the 3rd of June") or a month (its middle: "sometime in March"); None for none, a negated one,
    or several in different months."""
    found: set[int] = set()
    for pattern, day in _HOLIDAY_RE:
        for match in pattern.finditer(text):
            if not _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
                found.add(day)
    if not found:
        for match in _SAID_DATE.finditer(text):
            if _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
                continue
            month = month_number(match.group("m") or match.group("m2"))
            said = match.group("d") or match.group("d2")
            found.add(_day(month, said) if said else _FIRST[month] + _DAYS_IN[month] // 2)
    if len(found) > 1 and max(found) - min(found) > 3:
        return None  # "June or August": no one date
    return min(found) if found else None

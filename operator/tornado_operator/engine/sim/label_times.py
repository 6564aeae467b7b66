"""A time of day the caller says, against the hours a label states ("Morning" / "Caller wants an
afternoon slot"; "Weekday between 9 and 5" / "Caller wants an evening or weekend"; "Weekday before
3 pm" / "Caller is coming after 3 or on a weekend").

"like 10", "around 2", "the 3:30 one", "after 6", "before noon" share no word with such labels,
and a person reads them against the hours anyway: a clock time inside a candidate's hours fits
it, one outside counts against it. Hours are read as a business's day: a bare 7-11 is the
morning, 12 and 1-4 the afternoon, 5-10 the evening ("after 6"), unless the turn names its part
of the day ("Saturday night, around 7"); "am"/"pm" decide when said. A label may also say which
days: "Weekday ..." takes no weekend, "... or on a weekend" takes a weekend at any hour, so
"Saturday morning" fits the second and not the first. Pure functions of the texts; pinned in
tests/unit/test_label_routing_round8.py and test_label_routing_round9.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import number_value

_PARTS = {"morning": (7, 12), "afternoon": (12, 17), "evening": (17, 22), "night": (17, 24), "tonight": (17, 24)}
# the part of the day a turn names, for a bare hour in it ("Saturday night, around 7": 7 pm)
_TURN_PART = re.compile(r"\b(?P<pm>night|tonight|evening|dinner|supper)\b|\b(?P<am>morning|breakfast)\b", re.IGNORECASE)
_HOUR_WORD = r"(?:\d{1,2}(?::\d{2})?(?!\d)|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
_MERIDIEM = r"(?:\s*(?P<m>a\.?m\.?|p\.?m\.?)(?![a-z]))?"
# a clock time a caller says: after a time preposition, with am/pm or o'clock, or with minutes
_CLOCK = re.compile(
    rf"(?:\b(?P<p>at|around|about|like|by|after|before|till|until|from)\s+)?(?P<h>\b{_HOUR_WORD})(?!\s*(?:st|nd|rd|th)\b){_MERIDIEM}"
    rf"(?P<o>\s*o'?clock)?(?P<s>\s+in\s+the\s+(?:morning|afternoon|evening))?"
    r"(?!\s*(?:hours?|hrs?|minutes?|mins?|days?|weeks?|people|of\s+us)\b)",  # "for about 5 hours": how long, not when
    re.IGNORECASE,
)
_NOT_BEFORE = re.compile(r"\bnot\s+$", re.IGNORECASE)
# a single bound a label states: "before 3 pm", "until 5", "after 3", "from 3 pm on", "6 pm or later"
_LABEL_BOUND = re.compile(
    rf"\b(?P<p>before|until|till|after|from)\s+(?P<h>{_HOUR_WORD}){_MERIDIEM}(?P<on>\s+on(?:ward)?s?\b)?"
    rf"|\b(?P<h2>{_HOUR_WORD}){_MERIDIEM.replace('?P<m>', '?P<m2>')}\s+(?:or|and)\s+(?:later|after)\b",
    re.IGNORECASE,
)
_WEEKEND = re.compile(r"\b(?:weekends?|saturdays?|sundays?)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:weekdays?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?)\b", re.IGNORECASE)
_OR_WEEKEND = re.compile(r"\bor\b[^.;]*?\b(?:weekends?|saturdays?|sundays?)\b", re.IGNORECASE)
_NOON = re.compile(r"(?:\b(?P<p>before|after|at|around|by)\s+)?\b(?P<w>noon|midday|lunch(?:time)?)\b", re.IGNORECASE)
_LABEL_SPAN = re.compile(rf"(?:\bbetween\s+)?\b(?P<a>{_HOUR_WORD}){_MERIDIEM}\s*(?:and|to|-|\u2013|until|till)\s*\b(?P<b>{_HOUR_WORD})(?P<n>\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z]))?", re.IGNORECASE)
_TIME_CONTEXT = re.compile(
    r"\b(?:morning|afternoon|evening|night|weekday|weekdays|weekend|weekends|hours|o'?clock|noon|a\.?m\.?|p\.?m\.?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|slot|time)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SaidTime:
    """When a caller's turn says: an hour (24-hour clock; None: a day without an hour, "Saturday")
    and whether that day is at a weekend (None: no day said)."""

    hour: float | None
    weekend: bool | None = None

    def said(self) -> str:
        day = "" if self.weekend is None else "weekend " if self.weekend else "weekday "
        return f"{day}{'' if self.hour is None else f'{self.hour:g}h'}".strip()


@dataclass(frozen=True, slots=True)
class Hours:
    """Hours of a day, 24-hour clock, start inclusive, end exclusive; `days`: "any" (the label
    says nothing of days), "weekdays" ("Weekday between 9 and 5": no weekend) or "or-weekend"
    ("after 3 or on a weekend": a weekend at any hour too)."""

    start: float
    end: float
    days: str = "any"

    def holds(self, time: SaidTime) -> bool | None:
        """Whether the time said fits these hours; None when it says nothing they bear on."""
        if time.weekend is True and self.days != "any":
            return self.days == "or-weekend"
        if time.hour is None:
            return None
        return self.start <= time.hour < self.end

    def said(self) -> str:
        days = {"any": "", "weekdays": "weekdays ", "or-weekend": "or weekend "}[self.days]
        return f"{days}{self.start:g}-{self.end:g}h"


def _hour(said: str, meridiem: str | None, *, bare_evening: bool = True) -> float | None:
    text = said.lower()
    minutes = 0.0
    if ":" in text:
        text, rest = text.split(":", 1)
        minutes = int(rest) / 60
    value = int(text) if text.isdigit() else number_value(text)
    if not 1 <= value <= 12:
        return None if value > 23 else float(value) + minutes  # "14:30": already a 24-hour time
    if meridiem:
        pm = meridiem.lower().startswith("p")
        return (value % 12 + (12 if pm else 0)) + minutes
    if 7 <= value <= 11:
        return value + minutes  # the morning of a business day
    if value == 12 or value <= 4:
        return (value % 12 + 12) + minutes  # noon to four: the afternoon
    return (value + 12) + minutes if bare_evening else value + minutes  # five to six: the evening


def _days(text: str) -> str:
    if _OR_WEEKEND.search(text):
        return "or-weekend"  # "after 3 or on a weekend", "an evening or weekend"
    return "weekdays" if _WEEKDAY.search(text) and not _WEEKEND.search(text) else "any"


@lru_cache(maxsize=4096)
def label_hours(text: str) -> Hours | None:
    """The hours a label or description states: a span of clock hours ("between 9 and 5",
    "10am-2pm"), else one bound ("before 3 pm", "after 3", "from 3 pm on", "6 pm or later",
    "before noon"), else one part of the day it names ("Morning", "an afternoon slot", "an
    evening or weekend"); with the days it takes. None when it states none, or several parts."""
    days = _days(text)
    span = _LABEL_SPAN.search(text)
    if span is not None and (_TIME_CONTEXT.search(text) or span.group("m") or span.group("n")):
        start = _hour(span.group("a"), span.group("m") or span.group("n"), bare_evening=False)
        end = _hour(span.group("b"), span.group("n"))
        if start is not None and end is not None:
            return Hours(start, end if end > start else end + 12, days)
    parts = {part for part in _PARTS if re.search(rf"\b{part}s?\b", text, re.IGNORECASE)}
    bounds: list[Hours] = []
    for match in _LABEL_BOUND.finditer(text):
        meridiem = match.group("m") or match.group("m2")
        if not (meridiem or _TIME_CONTEXT.search(text)):
            continue  # "after 3 visits": no time
        hour = _hour(match.group("h") or match.group("h2"), meridiem)
        if hour is None:
            continue
        before = (match.group("p") or "").lower() in ("before", "until", "till")
        bounds.append(Hours(0, hour, days) if before else Hours(hour, 24, days))
    noon = _NOON.search(text)
    if noon is not None and (noon.group("p") or "").lower() in ("before", "after"):
        bounds.append(Hours(0, 12, days) if noon.group("p").lower() == "before" else Hours(12, 24, days))
    if len(bounds) == 1:
        return bounds[0]  # a clock bound says more than a part of the day beside it ("an evening event, 6 pm or later")
    if bounds:
        return None  # "before 10 or after 4": two sides
    if len(parts) == 1:
        start, end = _PARTS[parts.pop()]
        return Hours(start, end, days)
    return None


@lru_cache(maxsize=4096)
def said_hour(text: str) -> SaidTime | None:
    """When a caller's turn says: the time of day it states ("like 10", "around 2", "the 3:30
    one", "after 6", "not before three", "10am", "before noon"), and whether its day is at a
    weekend ("Saturday morning", "any weekday after 5"); None when it says neither, or two times
    more than two hours apart ("noon to two" is about 1 pm). A number is read as a time only as a
    time is said: after "at", "around", "like", "by", "after", "before", "till", or with
    "am"/"pm", "o'clock", minutes or "in the afternoon", or as the whole answer; never an ordinal
    ("the 5th") or how long ("for about 5 hours"). A bare hour takes the part of the day the turn
    names ("Saturday night, around 7": 7 pm). Without a clock time, "lunch" or "noon", or a part
    of the day ("Tuesday morning": its middle)."""
    found: list[float] = []
    context = _TURN_PART.search(text)
    implied = None if context is None else "pm" if context.group("pm") else "am"
    for match in _CLOCK.finditer(text):
        timed = match.group("p") or match.group("m") or match.group("o") or match.group("s") or ":" in match.group("h")
        whole = text.strip(" .!?,").lower() == match.group(0).strip().lower()
        if not (timed or whole):
            continue
        part = (match.group("s") or "").lower()
        meridiem = match.group("m") or ("pm" if "afternoon" in part or "evening" in part else "am" if "morning" in part else implied)
        hour = _hour(match.group("h"), meridiem)
        if hour is None:
            continue
        prefix = (match.group("p") or "").lower()
        if prefix == "before" and _NOT_BEFORE.search(text[max(0, match.start() - 5):match.start()]):
            prefix = "after"  # "not before three": three or later
        if prefix == "after":
            hour += 0.5  # "after 6": past it
        elif prefix in ("before", "by"):
            hour -= 0.5  # ("the kids nap till 12": the hour itself, when they are free)
        found.append(hour)
    if not found:  # a clock time says more than "after lunch" around it
        for match in _NOON.finditer(text):
            prefix = (match.group("p") or "").lower()
            found.append(11.5 if prefix == "before" else 12.5 if match.group("w").lower().startswith("lunch") or prefix == "after" else 12.0)
    if not found:  # "Tuesday morning works": the part of the day, at its middle
        found.extend(_MIDDLE[part] for part in _MIDDLE if re.search(rf"\b{part}s?\b", text, re.IGNORECASE))
    weekend = True if _WEEKEND.search(text) and not _WEEKDAY.search(text) else False if _WEEKDAY.search(text) and not _WEEKEND.search(text) else None
    if found and max(found) - min(found) > 2:
        return None  # "at 9 or at 4": no one time
    hour = sum(found) / len(found) if found else None
    if hour is None and weekend is None:
        return None
    return SaidTime(hour, weekend)


_MIDDLE = {"morning": 9.5, "afternoon": 14.5, "evening": 19.0, "night": 20.0, "tonight": 20.0, "dinner": 19.0, "supper": 19.0}

"""A time of day the caller says, against the hours a label states ("Morning" / "Caller wants an
afternoon slot"; "Weekday between 9 and 5" / "Caller wants an evening or weekend").

"like 10", "around 2", "the 3:30 one", "after 6", "before noon" share no word with such labels,
and a person reads them against the hours anyway: a clock time inside a candidate's hours fits
it, one outside counts against it. Hours are read as a business's day: a bare 7-11 is the
morning, 12 and 1-4 the afternoon, 5-10 the evening ("after 6"); "am"/"pm" decide when said. Pure
functions of the texts; pinned in tests/unit/test_label_routing_round8.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import number_value

_PARTS = {"morning": (7, 12), "afternoon": (12, 17), "evening": (17, 22), "night": (17, 24), "tonight": (17, 24)}
_HOUR_WORD = r"(?:\d{1,2}(?::\d{2})?(?!\d)|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
_MERIDIEM = r"(?:\s*(?P<m>a\.?m\.?|p\.?m\.?)(?![a-z]))?"
# a clock time a caller says: after a time preposition, with am/pm or o'clock, or with minutes
_CLOCK = re.compile(
    rf"(?:\b(?P<p>at|around|about|like|by|after|before|till|until|from)\s+)?(?P<h>\b{_HOUR_WORD})(?!\s*(?:st|nd|rd|th)\b){_MERIDIEM}"
    rf"(?P<o>\s*o'?clock)?(?P<s>\s+in\s+the\s+(?:morning|afternoon|evening))?",
    re.IGNORECASE,
)
_NOON = re.compile(r"(?:\b(?P<p>before|after|at|around|by)\s+)?\b(?P<w>noon|midday|lunch(?:time)?)\b", re.IGNORECASE)
_LABEL_SPAN = re.compile(rf"(?:\bbetween\s+)?\b(?P<a>{_HOUR_WORD}){_MERIDIEM}\s*(?:and|to|-|\u2013|until|till)\s*\b(?P<b>{_HOUR_WORD})(?P<n>\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z]))?", re.IGNORECASE)
_TIME_CONTEXT = re.compile(
    r"\b(?:morning|afternoon|evening|night|weekday|weekdays|weekend|weekends|hours|o'?clock|noon|a\.?m\.?|p\.?m\.?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|slot|time)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Hours:
    """Hours of a day, 24-hour clock, start inclusive, end exclusive."""

    start: float
    end: float

    def holds(self, hour: float) -> bool:
        return self.start <= hour < self.end

    def said(self) -> str:
        return f"{self.start:g}-{self.end:g}h"


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


@lru_cache(maxsize=4096)
def label_hours(text: str) -> Hours | None:
    """The hours a label or description states: one part of the day it names ("Morning", "an
    afternoon slot", "an evening or weekend"), or a span of clock hours ("between 9 and 5",
    "10am-2pm"), or "before noon" / "after 5". None when it states none or several parts."""
    span = _LABEL_SPAN.search(text)
    if span is not None and (_TIME_CONTEXT.search(text) or span.group("m") or span.group("n")):
        start = _hour(span.group("a"), span.group("m") or span.group("n"), bare_evening=False)
        end = _hour(span.group("b"), span.group("n"))
        if start is not None and end is not None:
            return Hours(start, end if end > start else end + 12)
    noon = _NOON.search(text)
    if noon is not None and (noon.group("p") or "").lower() in ("before", "after"):
        return Hours(0, 12) if noon.group("p").lower() == "before" else Hours(12, 24)
    parts = {part for part in _PARTS if re.search(rf"\b{part}s?\b", text, re.IGNORECASE)}
    if len(parts) == 1:
        start, end = _PARTS[parts.pop()]
        return Hours(start, end)
    return None


@lru_cache(maxsize=4096)
def said_hour(text: str) -> float | None:
    """The time of day a caller's turn states ("like 10", "around 2", "the 3:30 one", "after 6",
    "10am", "before noon"); None when it states none, or several that differ. A number is read
    as a time only as a time is said: after "at", "around", "like", "by", "after", "before",
    "till", or with "am"/"pm", "o'clock", minutes or "in the afternoon", or as the whole answer;
    never an ordinal ("the 5th"). Without a clock time, "lunch" or "noon", or a part of the day
    ("Tuesday morning": its middle)."""
    found: set[float] = set()
    for match in _CLOCK.finditer(text):
        timed = match.group("p") or match.group("m") or match.group("o") or match.group("s") or ":" in match.group("h")
        whole = text.strip(" .!?,").lower() == match.group(0).strip().lower()
        if not (timed or whole):
            continue
        part = (match.group("s") or "").lower()
        meridiem = match.group("m") or ("pm" if "afternoon" in part or "evening" in part else "am" if "morning" in part else None)
        hour = _hour(match.group("h"), meridiem)
        if hour is None:
            continue
        if (match.group("p") or "").lower() == "after":
            hour += 0.5  # "after 6": past it
        elif (match.group("p") or "").lower() in ("before", "by"):
            hour -= 0.5  # ("the kids nap till 12": the hour itself, when they are free)
        found.add(hour)
    if not found:  # a clock time says more than "after lunch" around it
        for match in _NOON.finditer(text):
            prefix = (match.group("p") or "").lower()
            found.add(11.5 if prefix == "before" else 12.5 if match.group("w").lower().startswith("lunch") or prefix == "after" else 12.0)
    if not found:  # "Tuesday morning works": the part of the day, at its middle
        found.update(_MIDDLE[part] for part in _MIDDLE if re.search(rf"\b{part}s?\b", text, re.IGNORECASE))
    return found.pop() if len(found) == 1 else None


_MIDDLE = {"morning": 9.5, "afternoon": 14.5, "evening": 19.0}

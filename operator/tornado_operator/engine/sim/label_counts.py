"""A count the caller says, against the range a label states ("Up to five riders" / "Caller has a
group of six or more"; "Parties of 8-12"; "A child under 18").

Words cannot route "four adults" or "six of us": no word of them is in such a label, and "group"
or "big" fit the wrong side ("not a big group, three of us"). A person reads the number against
the range, and so does this: a count inside a candidate's range fits it, one outside counts
against it. Pure functions of the texts; both sides of every bound are pinned in
tests/unit/test_label_routing_round8.py.

What is a count: a number said in digits or words (one to ninety-nine, "a dozen"), not a time
("5 o'clock", "3:30", "at 7"), an amount of money ("$40", "forty dollars"), a measure or a
duration ("48 hours", "two weeks"; "16 years old" is an age, a count), a date or an ordinal
("the 5th", "June 12"), a year, a phone number or a part of a code. A label's range is read only
where its number is a count too: "more than 48 hours ahead" states no range of people, and a label
about hours ("Weekday between 9 and 5") states times (label_times.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|one|two|three|four|five|six|seven|eight|nine"
    r"|(?:a|one) dozen)"
)
# a count said in digits or words (also read by label_ages.py and label_frequency.py)
NUMBER = rf"(?:(?<![\d$.,:/])\d{{1,3}}(?![\d:/]|\.\d|,\d)|\b{_NUMBER_WORD}\b)"
# what makes a number something other than a count: a unit of time, money or measure after it
_NOT_COUNT_AFTER = re.compile(
    r"^(?:\s*|-)(?:o'?clock|a\.?m\b|p\.?m\b|am\b|pm\b|%|percent|dollars?|bucks|cents?|euros?|pounds?|quid|grand|k\b"
    r"|(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?|seconds?|secs?|decades?)\b(?!\s*old|-old)"
    r"|year-olds\b|years?\s+olds\b"  # "are 15-year-olds adult price?": a kind of person, not how many
    r"|miles?|kilometers?|km\b|feet|foot|ft\b|inch(?:es)?|gauge|karat|carat|watts?|volts?|amps?\b|yards?|meters?|gallons?|liters?|lbs?\b|ounces?|oz\b|degrees?"
    r"|st\b|nd\b|rd\b|th\b|:\d|/\d|,\d{3}|\.\d)",
    re.IGNORECASE,
)
_NOT_COUNT_BEFORE = re.compile(
    r"(?:\$|#|\bat|\bby|\buntil|\btill|\bbefore|\bafter|\bnumber|\bno\.|\broom|\bsuite|\bunit|\bapt|\bzone"
    r"|\bstation|\bexit|\broute|\bhighway|\bstore|\blane|\bgate|\bchannel|\bcode|\bjanuary|\bfebruary|\bmarch|\bapril"
    r"|\bmay|\bjune|\bjuly|\baugust|\bseptember|\boctober|\bnovember|\bdecember|\bjan|\bfeb|\bmar|\bapr|\bjun|\bjul"
    r"|\baug|\bsep|\bsept|\boct|\bnov|\bdec)\s*$",
    re.IGNORECASE,
)
_COUNT_RE = re.compile(NUMBER, re.IGNORECASE)

# a label's range, its number(s) in group "a" (and "b"): (pattern, low bound, high bound) as
# functions of the numbers; None is unbounded
_N = rf"(?P<a>{NUMBER})"
_M = rf"(?P<b>{NUMBER})"
_RANGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"\bbetween {_N} and {_M}", "between"),
        (rf"\bfrom {_N} to {_M}", "between"),
        (rf"{_N}\s*(?:-|\u2013|to)\s*{_M}", "between"),
        (rf"{_N}\s*(?:or|and) (?:more|over|above|up|older|larger|bigger)\b", "at-least"),
        (rf"{_N}\s*\+", "at-least"),
        (rf"{_N} plus\b", "at-least"),
        (rf"\bat least {_N}", "at-least"),
        (rf"\b(?:more than|over|above|bigger than|larger than|older than) {_N}", "more-than"),
        (rf"{_N}\s*(?:or|and) (?:fewer|less|under|below|younger|smaller)\b", "at-most"),
        (rf"\b(?:up to|at most|no more than|not more than|maximum of|max of) {_N}", "at-most"),
        (rf"\b(?:fewer than|less than|under|below|younger than|smaller than) {_N}", "less-than"),
    )
)


@dataclass(frozen=True, slots=True)
class CountRange:
    """The counts a label accepts, both bounds inclusive (None: unbounded)."""

    low: int | None
    high: int | None

    def holds(self, count: float) -> bool:
        return (self.low is None or count >= self.low) and (self.high is None or count <= self.high)

    def said(self) -> str:
        if self.low is None:
            return f"at most {self.high}"
        if self.high is None:
            return f"at least {self.low}"
        return f"{self.low}-{self.high}"


def number_value(text: str) -> int:
    """The value of a number matched by NUMBER ("12", "twelve", "twenty-one", "a dozen")."""
    spoken = text.strip().lower()
    if spoken.isdigit():
        return int(spoken)
    if spoken.endswith("dozen"):
        return 12
    parts = re.split(r"[- ]", spoken)
    return _TENS.get(parts[0], 0) + sum(_UNITS.get(part, 0) for part in parts[1:]) if parts[0] in _TENS else _UNITS[parts[0]]


_NOT_A_COUNT_ONE_BEFORE = re.compile(r"\b(?:the|that|this|which|any|no|each|every|another|other|no)\s+$", re.IGNORECASE)
_PHONE_OR_CODE = re.compile(r"\(?\b\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}\b|\b[A-Za-z]+-?\d[\w-]*|\b\d+(?!ish\b)[A-Za-z]+\w*|\d+-\d+-\d+")
# a count of groups, not of people ("two third-grade classes", "three families"): no head count
_GROUPS_AFTER = re.compile(
    r"^(?:[\s-]+[a-z]+){0,2}?[\s-]+(?:classes|classrooms|teams|groups|families|troops|busloads|carloads)\b", re.IGNORECASE
)
# a bound said beside an estimate: "no more than twenty, probably eighteen" is eighteen
_BOUND_BEFORE = re.compile(
    r"\b(?:no more than|not more than|at most|up to|under|over|more than|at least|less than|fewer than|max(?:imum)?(?: of)?)\s+$",
    re.IGNORECASE,
)


def _is_count(text: str, start: int, end: int) -> bool:
    said = text[start:end].lower()
    if said == "one" and (text[end:end + 4].lower() == " of " or _NOT_A_COUNT_ONE_BEFORE.search(text[max(0, start - 10):start])):
        return False  # "one of your horses", "the one by the door": which, not how many
    if _NOT_COUNT_AFTER.match(text[end:end + 12]) is not None:
        return False
    if _NOT_COUNT_BEFORE.search(text[max(0, start - 12):start]) is not None:
        return False
    value = number_value(text[start:end])
    return not (text[start:end].isdigit() and len(text[start:end]) == 4 and 1900 <= value <= 2100)


# a label about hours ("Weekday between 9 and 5", "Morning") states times, not counts (label_times.py)
_ABOUT_TIME = re.compile(
    r"\b(?:morning|afternoon|evening|night|weekdays?|weekends?|o'?clock|noon|a\.?m\.?|p\.?m\.?|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


# a rate, not a count: "three or more days a week", "up to 2 sessions per week"
_PER_PERIOD = re.compile(r"\b(?:a|per|each)\s+(?:week|month|day|year)\b|\b(?:weekly|monthly)\b", re.IGNORECASE)
# a label's number with nothing after it ("A few hours, up to 4") and a unit it names elsewhere
_BARE_END = re.compile(r"^\s*(?:[.,;:!?)]|$)")
_UNIT_NAMED = re.compile(
    r"\b(?:minutes?|hours?|days?|nights?|weeks?|months?|years?|miles?|feet|pounds?|dollars?|gallons?|acres?)\b", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def label_range(text: str) -> CountRange | None:
    """The range of counts a label or description states, if exactly one ("Up to five riders",
    "groups of 6 or more", "Parties of 8-12", "under 18"); None when it states none, states
    several, or its number is not a count ("more than 48 hours ahead", "orders over $100")."""
    if _ABOUT_TIME.search(text):
        return None  # "between 9 and 5" on a weekday: hours
    if _PER_PERIOD.search(text):
        return None  # "three or more days a week": a rate (label_frequency.py), not a count
    found: list[tuple[int, CountRange]] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _RANGES:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            numbers = [group for group in ("a", "b") if group in match.groupdict() and match.group(group)]
            if not all(_is_count(text, match.start(group), match.end(group)) for group in numbers):
                return None
            if _BARE_END.match(text[match.end():]) and _UNIT_NAMED.search(text):
                return None  # "A few hours, up to 4": the number takes the unit the label names
            first = number_value(match.group("a"))
            if kind == "between":
                second = number_value(match.group("b"))
                span = CountRange(min(first, second), max(first, second))
            elif kind == "at-least":
                span = CountRange(first, None)
            elif kind == "more-than":
                span = CountRange(first + 1, None)
            elif kind == "at-most":
                span = CountRange(None, first)
            else:
                span = CountRange(None, first - 1)
            taken.append((match.start(), match.end()))
            found.append((match.start(), span))
    return found[0][1] if len(found) == 1 else None


_OF_US = re.compile(r"^\s+(?:of us|of them|in (?:our|my|the) (?:group|party|family))\b", re.IGNORECASE)
_FOLLOWED_BY_NOUN = re.compile(r"^\s+(?:\w+\s+)?[a-z]+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def said_count(text: str) -> int | None:
    """The count a caller's turn states: its one count, or the sum of several each said of its own
    people or things ("two adults and three kids": 5), or the estimate beside a bound ("no more
    than twenty, probably eighteen": 18; "24ish": 24); None when it states none, or several that
    do not add up ("four of us at 7" has one: the time is no count), or only a count of groups
    ("two third-grade classes")."""
    text = _PHONE_OR_CODE.sub(lambda found: " " * len(found.group(0)), text)  # "(614) 555 0111", "S-19362"
    counts = [
        (match, number_value(match.group(0)))
        for match in _COUNT_RE.finditer(text)
        if _is_count(text, match.start(), match.end())
        and not re.search(r"(?:\bnot|n't|\bno|\bnever)\s+(?:[a-z]+\s+)?$", text[max(0, match.start() - 16):match.start()], re.IGNORECASE)
    ]  # "not six", "we won't hit ten": ruled out
    counts = [(match, value) for match, value in counts if not _GROUPS_AFTER.match(text[match.end():])]
    if len(counts) > 1:
        estimates = [(match, value) for match, value in counts if not _BOUND_BEFORE.search(text[max(0, match.start() - 20):match.start()])]
        if len(estimates) == 1:
            counts = estimates
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0][1]
    if any(_OF_US.match(text[match.end():]) for match, _ in counts):
        return None  # "six of us, two of them kids": a whole and a part of it
    if all(_FOLLOWED_BY_NOUN.match(text[match.end():]) for match, _ in counts):
        return sum(value for _, value in counts)
    return None

"""How long something lasts, as the caller says it ("a couple of hours", "ninety minutes tops",
"it won't go past three hours", "from 8 until 2 in the morning"), against the length a label
states ("Three hours or less" / "More than 3 hours"; "Under 45 minutes" / "45 minutes or
longer").

An event, a session or a rental by the hour is answered in its own words, none of them the
label's, and a person reads them against the length anyway. What the caller says is a range of
hours: a length ("an hour and a half": 1.5), a bound ("tops", "at most", "won't go past": up to it;
"at least", "more than": from it), two guesses ("two or three hours") or the hours between two
clock times ("from 7 until 11": 4; a clock's twelve hours wrap, so "8 until 2 in the morning" is
6); days and weeks too ("One or two days" / "3 to 7 days" against "about ten days", "Monday
through Friday", "just Friday and Saturday"), and stays and absences ("only tonight", "a
fortnight", "in Thursday, out Monday", "November through April"; a label of one length alone,
"Just one night"). It fits a label whose length holds all of it, counts against one that holds
none of it, and says nothing where it straddles the bound. How long ago ("two hours ago", "it's
been an hour") and how far off are label_durations.py's; a label with a span word ("within",
"ago", "two weeks away") is no length. Pure functions of the texts; both sides of every bound are
pinned in tests/unit/test_label_routing_round15.py, test_label_routing_round16.py and
test_label_routing_round25.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_calendar import MONTH_NAMES, month_number
from tornado_operator.engine.sim.label_counts import NUMBER, number_value
from tornado_operator.engine.sim.label_times import DAY, DAY_NUMBERS, named_days

_UNIT_HOURS = {"minute": 1 / 60, "min": 1 / 60, "hour": 1.0, "hr": 1.0, "day": 24.0, "night": 24.0, "week": 168.0, "fortnight": 336.0,
               "month": 730.0, "year": 8760.0}
_AMOUNT = rf"(?:{NUMBER}|an?|a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few)"
_HALF = r"(?:\s+and\s+a\s+half)?"
_UNIT = r"(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|years?)\b(?![\s-]+old\b)"  # (not "a two-year-old")
# an amount of time: "two hours", "an hour and a half", "two and a half hours", "half an hour", "90 min"
_LENGTH = rf"(?:(?P<n>{_AMOUNT}){_HALF}(?:\s+|-)(?:full\s+|good\s+|solid\s+|whole\s+|more\s+|extra\s+)?(?P<u>{_UNIT}){_HALF}|(?P<half>half\s+an?\s+hour))"
_LENGTH_RE = re.compile(_LENGTH, re.IGNORECASE)
# a span before or after today, or a time of day: no length (label_durations.py, label_times.py)
_SPAN_WORDS = re.compile(
    r"\b(?:ago|within|last|past|next|from\s+now|ahead|before|after|notice|advance|early|late|earlier|later|old|since)\b",
    re.IGNORECASE,
)
# "two weeks away" is how far off; "Caller is away more than a month" how long the caller is gone
_AWAY_AFTER = re.compile(rf"{_LENGTH}\s+away\b", re.IGNORECASE)
# a label that is one length alone: "Just one night", "One day", "A single week"
_ONE_LENGTH = re.compile(r"^\W*(?:(?:just|only)\s+)?(?:a|an|one|a\s+single)\s+(?P<u>night|day|week|hour|month)\W*$", re.IGNORECASE)
_LABEL_LENGTHS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"{_LENGTH}\s+or\s+(?:less|under|shorter|fewer)\b", "at-most"),
        (rf"{_LENGTH}\s+or\s+(?:more|longer|over)\b", "at-least"),
        (rf"\b(?:(?:more|longer)\s+than|over)\s+{_LENGTH}", "more"),
        (rf"\b(?:(?:less|shorter|fewer)\s+than|under)\s+{_LENGTH}", "less"),
        (rf"\b(?:up\s+to|at\s+most|no\s+more\s+than)\s+{_LENGTH}", "at-most"),
        (rf"\bat\s+least\s+{_LENGTH}", "at-least"),
        # "2 weeks to 3 months": each end with its own unit
        (rf"\b(?:between\s+)?(?P<n1>{_AMOUNT})\s+(?P<u1>{_UNIT})\s*(?:-|\u2013|to|and)\s*{_LENGTH}", "units"),
        (rf"\b(?:between\s+)?(?P<a>{NUMBER})\s*(?:-|\u2013|to|and|or)\s*{_LENGTH}", "between"),
    )
)
# how late or early, by a length: "15 minutes late", "an hour behind" (a length, not a span before or after)
_LATE_BY = re.compile(r"\b(minutes?|mins?|hours?|hrs?)\s+(?:late|early|behind)\b", re.IGNORECASE)
# a rate: "Two or more days a week", "3 hours per day" (label_frequency.py)
_RATE = re.compile(r"\b(?:days?|nights?|times|hours?|sessions?|\d+|hundred|thousand)\s+(?:a|per|each|every)\s+(?:week|month|day|year)\b", re.IGNORECASE)
# days named as how long ("Monday through Friday", "just Friday and Saturday", "just for Saturday
# night", "the whole weekend"), not as when ("on Saturday at 10") or how often ("every Friday")
_DAYS_LONG = re.compile(
    rf"\b{DAY}s?\s*(?:through|thru|to|-|\u2013|and)\s*{DAY}\b"
    rf"|\b(?:just|only|for)\s+(?:for\s+)?(?:the\s+)?(?:whole\s+)?(?:{DAY}|weekend)\b|\bthe\s+whole\s+weekend\b",
    re.IGNORECASE,
)
_OVERNIGHT = re.compile(r"\bovernight\b|\bone\s+night\b|\b(?:just|only)\s+(?:for\s+)?tonight\b|\btonight\s+only\b", re.IGNORECASE)
# the nights between two days said as arriving and leaving: "Check in Thursday, out Monday morning"
_IN_AND_OUT = re.compile(
    rf"\b(?:in|arriv(?:e|es|ing)|get(?:ting)?\s+(?:in|there))\s+(?:on\s+)?(?P<a>{DAY})\b[^.;!?]{{0,24}}?"
    rf"\b(?:out|leav(?:e|es|ing)|head(?:ing)?\s+(?:out|home)|depart(?:s|ing)?)\s+(?:on\s+)?(?P<b>{DAY})\b",
    re.IGNORECASE,
)
_MONTH_WORD = rf"(?:{'|'.join(MONTH_NAMES)})"
# months from one to another as how long: "gone from November through April", "June through August"
_MONTHS_LONG = re.compile(rf"\b(?P<a>{_MONTH_WORD})\s+(?:through|thru|till|until|to|-|\u2013)\s+(?P<b>{_MONTH_WORD})\b", re.IGNORECASE)
# a caller's bound on what they say: "tops", "max", "or less" after it; "at most", "won't go past" before
_UPTO_AFTER = re.compile(r"^\s*(?:,\s*)?(?:tops|max(?:imum)?|at\s+(?:the\s+)?most|or\s+(?:less|under)|at\s+the\s+outside)\b", re.IGNORECASE)
_FROM_AFTER = re.compile(r"^\s*(?:,\s*)?(?:or\s+(?:more|longer|over)|at\s+least|minimum|plus)\b", re.IGNORECASE)
_UPTO_BEFORE = re.compile(
    r"(?:\b(?:at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than|no\s+longer\s+than|less\s+than|fewer\s+than|under|max(?:imum)?(?:\s+of)?"
    r"|(?:won't|will\s+not|wouldn't|doesn't|shouldn't|can't|not)\s+(?:\w+\s+){0,2}(?:past|over|longer\s+than|more\s+than|beyond))"
    r")\s+(?:about\s+|maybe\s+)?$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\b(?:at\s+least|more\s+than|longer\s+than|over|a\s+good|minimum(?:\s+of)?)\s+(?:about\s+)?$", re.IGNORECASE)
_AGO = re.compile(r"^\s*(?:ago|back|from\s+now|away|out|later|earlier|before|after)\b", re.IGNORECASE)
_SINCE_BEFORE = re.compile(
    r"\b(?:been|in|within|every|each|per|for\s+the\s+(?:last|past))\s*,?\s+"
    r"(?:(?:about|like|over|almost|at\s+least|more\s+than|well\s+over|close\s+to|easily|probably|what|oh|um|uh)\s*,?\s+)*$",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)
_ONE_OR_TWO = re.compile(r"\b(?:an?|one)\s+(?P<u>minute|hour|day|week|night|month)\s+or\s+(?P<m>two|three)\b", re.IGNORECASE)
_GUESS = re.compile(rf"(?:\bbetween\s+(?P<a>{NUMBER})\s+and|\b(?P<a2>{NUMBER})\s+(?:or|to|-|\u2013))\s+{_LENGTH}", re.IGNORECASE)
# the hours between two clock times: "from 7 until 11", "8 to midnight", "from noon to 4"
_CLOCK = r"(?:\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midnight)"
_FROM_TO = re.compile(
    rf"(?:\b(?:from|like|about|around|roughly|say|just|only)\s+|^\W*|,\s*)(?P<a>{_CLOCK})(?:\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\s+in\s+the\s+(?:morning|afternoon|evening))?"
    rf"\s+(?:until|till|til|to|through)\s+(?:about\s+|around\s+)?(?P<b>{_CLOCK})\b(?!\s*(?:st|nd|rd|th)\b)"
    r"(?!\s+(?!(?:in|at|or|and|but|so|then|tonight|am|pm|a\.m|p\.m|o'?clock|while|when|because|since|every|each|on|during)\b)[a-z]+)",  # not "about 5 to 10 minutes"
    re.IGNORECASE,
)


def _amount(said: str) -> float:
    lowered = said.lower()
    if lowered in ("a", "an"):
        return 1.0
    if "couple" in lowered:
        return 2.0
    if "few" in lowered:
        return 3.0  # "just a few minutes"
    return float(number_value(said))


def _hours(match: re.Match[str]) -> float:
    """The hours a _LENGTH match says."""
    if match.group("half"):
        return 0.5
    hours = _amount(match.group("n")) * _UNIT_HOURS[match.group("u").lower().rstrip("s")]
    if "half" in match.group(0).lower():
        hours += 0.5 * _UNIT_HOURS[match.group("u").lower().rstrip("s")]
    return hours


def _whole_nights(match: re.Match[str]) -> bool:
    """Nights are counted whole: "more than three nights" is four or more, "fewer than 3 nights"
    two at most (a stay of three and a half nights is not said)."""
    return bool(match.group("u")) and match.group("u").lower().startswith("night")


def _clock(said: str) -> float:
    lowered = said.lower()
    if lowered in ("noon", "midnight"):
        return 12.0
    if ":" in lowered:
        hour, minute = lowered.split(":")
        return int(hour) % 12 + int(minute) / 60
    return float(number_value(said) % 12)


@dataclass(frozen=True, slots=True)
class Length:
    """A range of hours (None: no end); `open_low` / `open_high`: the bound itself is outside
    ("More than two hours", "Under 45 minutes")."""

    low: float
    high: float | None
    open_low: bool = False
    open_high: bool = False

    def holds(self, said: Length) -> bool | None:
        """True when the caller's range lies inside this one, False when it lies outside it, None
        when it straddles a bound."""
        low, high = said.low, said.high
        above_low = low > self.low or (low == self.low and (not self.open_low or said.open_low))
        below_high = self.high is None or (high is not None and (high < self.high or (high == self.high and not self.open_high)))
        if above_low and below_high:
            return True
        past_high = self.high is not None and (low > self.high or (low == self.high and (self.open_high or said.open_low)))
        short_of_low = high is not None and (high < self.low or (high == self.low and self.open_low))
        return False if past_high or short_of_low else None

    def said(self) -> str:
        if self.high is None:
            return f"{'over' if self.open_low else 'at least'} {self.low:g} h"
        if self.low == 0.0:
            return f"{'under' if self.open_high else 'at most'} {self.high:g} h"
        return f"{self.low:g}-{self.high:g} h"


@lru_cache(maxsize=4096)
def label_length(text: str) -> Length | None:
    """The length of time a label or description states, if exactly one ("Three hours or less",
    "More than 3 hours", "Under 45 minutes", "Two to four hours", "At least an hour"); None for a
    span before or after today ("Within the last two hours", "two hours ago"), a time of day, or
    none."""
    if _SPAN_WORDS.search(_LATE_BY.sub(r"\1", text)) or _RATE.search(text) or _AWAY_AFTER.search(text):
        return None  # (how late is a length: "Less than 15 minutes late")
    if (one := _ONE_LENGTH.match(text)) is not None:
        hours = _UNIT_HOURS[one.group("u").lower()]
        return Length(hours, hours)
    found: set[Length] = set()
    taken: list[tuple[int, int]] = []
    for pattern, kind in _LABEL_LENGTHS:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            hours = _hours(match)
            if kind == "at-most":
                found.add(Length(0.0, hours))
            elif kind == "less":
                found.add(Length(0.0, hours - 24.0) if _whole_nights(match) else Length(0.0, hours, open_high=True))
            elif kind == "at-least":
                found.add(Length(hours, None))
            elif kind == "more":
                found.add(Length(hours + 24.0, None) if _whole_nights(match) else Length(hours, None, open_low=True))
            else:
                unit = match.group("u1") if kind == "units" else match.group("u")
                first = _amount(match.group("n1") if kind == "units" else match.group("a")) * _UNIT_HOURS[unit.lower().rstrip("s")]
                found.add(Length(min(first, hours), max(first, hours)))
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4096)
def label_one_length(text: str) -> Length | None:
    """The one length an option of a menu of lengths names, with no bound ("60 minutes", "90
    minutes", "The extended float, two and a half hours"): read only beside a sibling that names
    another (labels.py), since alone "a 24-hour line" says when, not how long. None for a span
    ("within two hours", "an hour ago"), a bound ("up to an hour": label_length) or two lengths."""
    if _SPAN_WORDS.search(text) or _RATE.search(text) or _AWAY_AFTER.search(text):
        return None
    found = list(_LENGTH_RE.finditer(text))
    if len(found) != 1:
        return None
    match = found[0]
    before, after = text[max(0, match.start() - 30):match.start()], text[match.end():]
    if (_AGO.match(after) or _SINCE_BEFORE.search(before) or _UPTO_BEFORE.search(before) or _FROM_BEFORE.search(before)
            or _UPTO_AFTER.match(after) or _FROM_AFTER.match(after)):
        return None
    hours = _hours(match)
    return Length(hours, hours)


@lru_cache(maxsize=4096)
def said_length(text: str) -> Length | None:
    """How long the caller says it lasts, as a range of hours ("an hour and a half": 1.5-1.5,
    "ninety minutes tops": 0-1.5, "at least three hours": 3 and up, "two or three hours": 2-3,
    "from 8 until 2 in the morning": 6-6); None for how long ago or ahead ("two hours ago",
    "it's been an hour"), when it says none, or lengths that differ."""
    found: set[Length] = set()
    for match in _FROM_TO.finditer(text):  # two clock times say more than "a whole day" beside them
        hours = (_clock(match.group("b")) - _clock(match.group("a"))) % 12
        if hours:
            found.add(Length(hours, hours))
    for match in _ONE_OR_TWO.finditer(text) if not found else ():
        unit = _UNIT_HOURS[match.group("u").lower()]
        found.add(Length(unit, unit * number_value(match.group("m"))))  # "an hour or two": one to two
    for match in _GUESS.finditer(text) if not found else ():
        if _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
            continue
        unit = _UNIT_HOURS[match.group("u").lower().rstrip("s")]
        first, second = float(number_value(match.group("a") or match.group("a2"))) * unit, _hours(match)
        found.add(Length(min(first, second), max(first, second)))
    if not found:
        for match in _LENGTH_RE.finditer(text):
            before = text[max(0, match.start() - 30):match.start()]
            after = text[match.end():]
            if _AGO.match(after) or _SINCE_BEFORE.search(before):
                continue  # "two hours ago", "it's been about an hour", "in an hour": when, not how long
            hours = _hours(match)
            if _UPTO_BEFORE.search(before) or _UPTO_AFTER.match(after):
                fewer = re.search(r"\b(?:less|fewer)\s+than\s+(?:about\s+|maybe\s+)?$|\bunder\s+(?:about\s+|maybe\s+)?$", before, re.IGNORECASE)
                found.add(Length(0.0, hours - 24.0 if fewer and _whole_nights(match) else hours))
            elif _FROM_BEFORE.search(before) or _FROM_AFTER.match(after):
                more = re.search(r"(?:more|longer)\s+than|over", before, re.IGNORECASE) is not None
                found.add(Length(hours + 24.0, None) if more and _whole_nights(match) else Length(hours, None, open_low=more))
            elif _NEGATED.search(before):
                continue  # "not two hours, more like four"
            else:
                found.add(Length(hours, hours))
    if not found and (stay := _IN_AND_OUT.search(text)) is not None:
        nights = (DAY_NUMBERS[stay.group("b").lower()] - DAY_NUMBERS[stay.group("a").lower()]) % 7 or 7
        found.add(Length(24.0 * nights, 24.0 * nights))  # "in Thursday, out Monday": four nights
    if not found and (months := _MONTHS_LONG.search(text)) is not None:
        count = (month_number(months.group("b")) - month_number(months.group("a"))) % 12 + 1
        found.add(Length(730.0 * count, 730.0 * count))  # "November through April": six months
    if not found and (days := _days_named(text)):
        found.add(Length(24.0 * days, 24.0 * days))
    return found.pop() if len(found) == 1 else None



def _days_named(text: str) -> int:
    """How many days a turn names as how long it lasts ("Monday through Friday" 5, "just Friday and
    Saturday" 2, "just for Saturday night" 1, "the whole weekend" 2, "overnight" 1); 0 for none,
    or days said after a negation."""
    for match in _DAYS_LONG.finditer(text):
        if not _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
            return len(named_days(re.split(r"[,.;!?]", text[match.start():])[0]))  # the days of its clause
    return 1 if _OVERNIGHT.search(text) else 0

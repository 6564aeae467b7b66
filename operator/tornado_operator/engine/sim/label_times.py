"""A time of day the caller says, against the hours a label states ("Morning" / "Caller wants an
afternoon slot"; "Weekday between 9 and 5" / "Caller wants an evening or weekend"; "Weekday before
3 pm" / "Caller is coming after 3 or on a weekend").

"like 10", "around 2", "the 3:30 one", "after 6", "before noon" share no word with such labels,
and a person reads them against the hours anyway: a clock time inside a candidate's hours fits
it, one outside counts against it. Hours are read as a business's day: a bare 7-11 is the
morning, 12 and 1-4 the afternoon, 5-10 the evening ("after 6"), unless the turn names its part
of the day ("Saturday night, around 7"); "am"/"pm" decide when said. A label may also say which
days: "Weekday ..." takes no weekend, "... or on a weekend" takes a weekend at any hour, so
"Saturday morning" fits the second and not the first; "Saturday" or "Monday through Friday"
alone take those days all day, and a day said outside a label's days counts against it ("Sunday
morning" against "Saturday"). Pure functions of the texts; pinned in
tests/unit/test_label_routing_round8.py and test_label_routing_round9.py."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import NUMBER, number_value

_PARTS = {"morning": (7, 12), "afternoon": (12, 17), "evening": (17, 22), "night": (17, 24), "tonight": (17, 24)}
# the part of the day a turn names, for a bare hour in it ("Saturday night, around 7": 7 pm)
# ("after work", "after school": later in the day; "before work": the morning)
_TURN_PART = re.compile(
    r"\b(?P<pm>night|tonight|evening|dinner|supper|after (?:work|school|my shift))\b|\b(?P<am>morning|breakfast|before work)\b",
    re.IGNORECASE,
)
_HOUR_WORD = r"(?:\d{1,2}(?::\d{2})?(?!\d)|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
_MERIDIEM = r"(?:\s*(?P<m>a\.?m\.?|p\.?m\.?)(?![a-z]))?"
# a clock time a caller says: after a time preposition, with am/pm or o'clock, or with minutes
_CLOCK = re.compile(
    rf"(?:\b(?P<p>at|around|about|like|by|after|before|till|until|from|(?:no\s+)?(?:later|earlier)\s+than)\s+)?(?P<h>\b{_HOUR_WORD})(?!\s*(?:st|nd|rd|th)\b){_MERIDIEM}"
    rf"(?P<o>\s*o'?clock)?(?P<s>\s+in\s+the\s+(?:morning|afternoon|evening))?"
    r"(?!\s*(?:hours?|hrs?|minutes?|mins?|days?|weeks?|people|of\s+us)\b)",  # "for about 5 hours": how long, not when
    re.IGNORECASE,
)
# nights counted ("3 to 7 nights", "nine nights", "a couple of nights"): how long a stay lasts
# (label_lengths.py), not the part of the day ("Saturday night", "nights and weekends")
_COUNTED_NIGHTS = re.compile(
    rf"(?:{NUMBER}|\b(?:few|couple(?: of)?|several|many|more|extra))\s+(?:more\s+|extra\s+|whole\s+)?nights?\b",
    re.IGNORECASE,
)
# "not before three", "nothing before three", "can't do anything before 3": three or later
_NOT_BEFORE = re.compile(r"(?:\bnothing|\bnever|(?:\bnot|n't)(?:(?:\s+\w+){0,2}?\s+anything)?)\s+$", re.IGNORECASE)
# a single bound a label states: "before 3 pm", "until 5", "after 3", "from 3 pm on", "6 pm or later"
_LABEL_BOUND = re.compile(
    rf"\b(?P<p>before|until|till|after|from)\s+(?P<h>{_HOUR_WORD}){_MERIDIEM}(?P<on>\s+on(?:ward)?s?\b)?"
    rf"|\b(?P<h2>{_HOUR_WORD}){_MERIDIEM.replace('?P<m>', '?P<m2>')}(?P<o2>\s*o'?clock)?\s+(?:or|and)\s+(?:later|after)\b",
    re.IGNORECASE,
)
DAY_NUMBERS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY_RANGE = re.compile(rf"\b(?P<a>{DAY})s?\s*(?:through|thru|to|-|\u2013)\s*(?P<b>{DAY})s?\b", re.IGNORECASE)
_DAY_WORD = re.compile(rf"\b(?:(?P<d>{DAY})|(?P<wd>weekdays?)|(?P<we>weekends?))s?\b", re.IGNORECASE)
_OR_DAYS = re.compile(r"\bor\b(?P<rest>[^.;]*)", re.IGNORECASE)
# hours stated before an "or" make what follows it an alternative ("after 3 or on a weekend"), not
# a list of days ("Thursday or Friday evening")
_HOURS_SAID = re.compile(r"\d|\b(?:morning|afternoon|evening|night|noon)s?\b", re.IGNORECASE)
_NOON = re.compile(r"(?:\b(?P<p>before|after|at|around|by)\s+)?\b(?P<w>noon|midday|lunch(?:time)?)\b", re.IGNORECASE)
_LABEL_SPAN = re.compile(
    rf"(?:\bbetween\s+)?\b(?P<a>{_HOUR_WORD}){_MERIDIEM}\s*(?:and|to|-|\u2013|until|till)\s*"
    rf"\b(?:(?P<b>{_HOUR_WORD})(?P<n>\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z]))?|(?P<noon>noon|midday)\b)",  # "from 9 to noon"
    re.IGNORECASE,
)
_TIME_CONTEXT = re.compile(
    r"\b(?:morning|afternoon|evening|night|weekday|weekdays|weekend|weekends|hours|o'?clock|noon|a\.?m\.?|p\.?m\.?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|slot|time)\b",
    re.IGNORECASE,
)


def named_days(text: str) -> frozenset[int]:
    """The days of the week a text names (0 = Monday): "Saturday", "weekdays", "the weekend",
    "Monday through Friday"."""
    days: set[int] = set()
    for span in _DAY_RANGE.finditer(text):
        a, b = DAY_NUMBERS[span.group("a").lower()], DAY_NUMBERS[span.group("b").lower()]
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    for word in _DAY_WORD.finditer(text):
        if word.group("d"):
            days.add(DAY_NUMBERS[word.group("d").lower()])
        else:
            days.update(WEEKDAYS if word.group("wd") else WEEKEND)
    return frozenset(days)


def _day_names(days: frozenset[int]) -> str:
    if days == WEEKDAYS:
        return "weekdays"
    if days == WEEKEND:
        return "weekend"
    return "/".join(name[:3] for name, number in DAY_NUMBERS.items() if number in days)


@dataclass(frozen=True, slots=True)
class SaidTime:
    """When a caller's turn says: an hour (24-hour clock; None: a day without an hour, "Saturday")
    and the days of the week it names (none: no day said)."""

    hour: float | None
    days: frozenset[int] = frozenset()

    def said(self) -> str:
        day = _day_names(self.days) + " " if self.days else ""
        return f"{day}{'' if self.hour is None else f'{self.hour:g}h'}".strip()


@dataclass(frozen=True, slots=True)
class Hours:
    """Hours of a day, 24-hour clock, start inclusive, end exclusive, on `days` (None: the label
    says nothing of days; "Weekday between 9 and 5": Monday to Friday), and `any_hour`: days it
    takes at any hour ("after 3 or on a weekend": Saturday and Sunday). A label that names days
    and no hours ("Saturday", "Monday through Friday") takes them all day."""

    start: float
    end: float
    days: frozenset[int] | None = None
    any_hour: frozenset[int] = frozenset()

    def holds(self, time: SaidTime) -> bool | None:
        """Whether the time said fits these hours; None when it says nothing they bear on."""
        if time.days:
            if time.days <= self.any_hour:
                return True
            if self.days is not None and not time.days & self.days:
                return False  # "Sunday morning" against "Saturday", "weekends" against "Weekday mornings"
            if self.days is not None and time.hour is None:
                return True if (self.start, self.end) == (0, 24) else None  # the day fits; the hour is not said
        if time.hour is None or (not time.days and self.days is not None and (self.start, self.end) == (0, 24)):
            return None  # an hour without a day says nothing of "Saturday"
        return self.start <= time.hour < self.end

    def said(self) -> str:
        days = "" if self.days is None else _day_names(self.days) + " "
        extra = f" or {_day_names(self.any_hour)}" if self.any_hour else ""
        return f"{days}{self.start:g}-{self.end:g}h{extra}"


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
        pm = meridiem.strip().lower().startswith("p")  # " pm." as the span's pattern takes it
        return (value % 12 + (12 if pm else 0)) + minutes
    if 7 <= value <= 11:
        return value + minutes  # the morning of a business day
    if value == 12 or value <= 4:
        return (value % 12 + 12) + minutes  # noon to four: the afternoon
    return (value + 12) + minutes if bare_evening else value + minutes  # five to six: the evening


def _days(text: str) -> tuple[frozenset[int] | None, frozenset[int]]:
    """(the days a label's hours are on, or None; the days it takes at any hour): "Weekday
    before 3 pm" -> Monday-Friday; "after 3 or on a weekend" -> any day's hours, or the weekend."""
    alternative = _OR_DAYS.search(text)
    if alternative is not None and named_days(alternative.group("rest")) and _HOURS_SAID.search(text[: alternative.start()]):
        before = named_days(text[: alternative.start()])
        return (before or None), named_days(alternative.group("rest")) - before
    days = named_days(text)
    return (days or None), frozenset()


def _joined_parts(parts: set[str]) -> tuple[float, float] | None:
    """The hours of the parts of the day a label names, when they follow one another ("afternoon
    or evening": 12-22, "evening or night": 17-24); None for none, or parts apart ("morning or
    evening": two sides)."""
    spans = sorted({_PARTS[part] for part in parts})
    if not spans or any(later[0] > earlier[1] for earlier, later in itertools.pairwise(spans)):
        return None
    return spans[0][0], max(end for _, end in spans)


@lru_cache(maxsize=4096)
def label_hours(text: str) -> Hours | None:
    """The hours a label or description states: a span of clock hours ("between 9 and 5",
    "10am-2pm"), else one bound ("before 3 pm", "after 3", "from 3 pm on", "6 pm or later",
    "before noon"), else one part of the day it names ("Morning", "an afternoon slot", "an
    evening or weekend"); with the days it takes. None when it states none, or several parts."""
    text = _COUNTED_NIGHTS.sub(" ", text)
    days, any_hour = _days(text)
    span = _LABEL_SPAN.search(text)
    if span is not None and (_TIME_CONTEXT.search(text) or span.group("m") or span.group("n")):
        start = _hour(span.group("a"), span.group("m") or span.group("n") or ("am" if span.group("noon") else None),
                      bare_evening=False)
        end = 12.0 if span.group("noon") else _hour(span.group("b"), span.group("n"))
        if start is not None and end is not None:
            return Hours(start, end if end > start else end + 12, days, any_hour)
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
        bounds.append(Hours(0, hour, days, any_hour) if before else Hours(hour, 24, days, any_hour))
    noon = _NOON.search(text)
    if noon is not None and (noon.group("p") or "").lower() in ("before", "after"):
        bounds.append(Hours(0, 12, days, any_hour) if noon.group("p").lower() == "before" else Hours(12, 24, days, any_hour))
    elif noon is not None and re.match(r"\s+(?:or|and)\s+(?:later|after)\b|\s+on(?:ward)?s?\b", text[noon.end():], re.IGNORECASE):
        bounds.append(Hours(12, 24, days, any_hour))  # "Noon or later", "from noon on"
    if len(bounds) == 1:
        return bounds[0]  # a clock bound says more than a part of the day beside it ("an evening event, 6 pm or later")
    if bounds:
        return None  # "before 10 or after 4": two sides
    joined = _joined_parts(parts)
    if joined is not None:
        return Hours(joined[0], joined[1], days, any_hour)
    if days is not None and not parts:
        return Hours(0, 24, days)  # "Saturday", "Monday through Friday": those days, all day
    return None


_HOURS_IN_WORDS = ("twelve", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")
# a clock time said in words: "half past eleven", "quarter past one", "a quarter to twelve"
_IN_WORDS = re.compile(
    rf"\b(?:(?P<half>half)|(?:a\s+)?(?P<quarter>quarter))\s+(?P<rel>past|after|to|till|of)\s+(?P<h>\d{{1,2}}|{'|'.join(_HOURS_IN_WORDS)})\b",
    re.IGNORECASE,
)


_MINUTE_WORDS = {"oh five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty five": 25, "thirty": 30,
                 "thirty five": 35, "forty": 40, "forty five": 45, "fifty": 50, "fifty five": 55}
# a clock time said as an hour and its minutes in words: "three fifteen", "five-thirty", "ten forty-five"
_HOUR_AND_MINUTES = re.compile(
    rf"\b(?P<h>{'|'.join(_HOURS_IN_WORDS)})[\s-]+(?P<m>(?:oh[\s-]five|(?:twenty|thirty|forty|fifty)(?:[\s-]five)?|ten|fifteen))\b"
    r"(?![\s-]+(?:people|guests|dollars|bucks|hours?|minutes?|days?|years?|of\b))",
    re.IGNORECASE,
)


def _minutes_in_digits(match: re.Match[str]) -> str:
    minutes = _MINUTE_WORDS[re.sub(r"[\s-]+", " ", match.group("m").lower())]
    return f"{_HOURS_IN_WORDS.index(match.group('h').lower()) or 12}:{minutes:02d}"


def _in_digits(match: re.Match[str]) -> str:
    said = match.group("h").lower()
    hour = int(said) if said.isdigit() else _HOURS_IN_WORDS.index(said) or 12
    if match.group("rel").lower() in ("past", "after"):
        return f"{hour}:{'30' if match.group('half') else '15'}"
    if match.group("half"):
        return match.group(0)  # "half to": no one says it
    return f"{hour - 1 or 12}:45"


@lru_cache(maxsize=4096)
def said_hour(text: str) -> SaidTime | None:
    """When a caller's turn says: the time of day it states ("like 10", "around 2", "the 3:30
    one", "after 6", "not before three", "10am", "before noon"), and the days of the week it
    names ("Saturday morning", "any weekday after 5"); None when it says neither, or two times
    more than two hours apart ("noon to two" is about 1 pm). A number is read as a time only as a
    time is said: after "at", "around", "like", "by", "after", "before", "till", or with
    "am"/"pm", "o'clock", minutes or "in the afternoon", or as the whole answer; never an ordinal
    ("the 5th") or how long ("for about 5 hours"). A bare hour takes the part of the day the turn
    names ("Saturday night, around 7": 7 pm). Without a clock time, "lunch" or "noon", or a part
    of the day ("Tuesday morning": its middle)."""
    text = _HOUR_AND_MINUTES.sub(_minutes_in_digits, _IN_WORDS.sub(_in_digits, text))  # "half past eleven": 11:30
    text = _COUNTED_NIGHTS.sub(" ", text)
    found: list[float] = []
    context = _TURN_PART.search(text)
    if context is not None and re.search(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}$", text[max(0, context.start() - 20):context.start()], re.IGNORECASE):
        context = None  # "not in the morning, I get off at 12:30": the part ruled out says no half of the day
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
        prefix = _THAN_BOUND.get(re.sub(r"\s+", " ", (match.group("p") or "").lower()), (match.group("p") or "").lower())
        if prefix == "before" and _NOT_BEFORE.search(text[max(0, match.start() - 30):match.start()]):
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
    if not found:  # "Tuesday morning works": the part of the day, at its middle ("early afternoon": its start)
        for part, middle in _MIDDLE.items():
            said = re.search(rf"(?P<not>(?:\bnot|n't|\bnever)\s+(?:\w+\s+){{0,2}})?(?P<early>\bearly\s+|\blate\s+)?\b{part}s?\b", text, re.IGNORECASE)
            if said is not None and not said.group("not"):
                shift = {"early": -1.5, "late": 1.5}.get((said.group("early") or "").strip().lower(), 0.0)
                found.append(middle + shift)
    days = _days_said(text)
    if found and max(found) - min(found) > 2:
        return None  # "at 9 or at 4": no one time
    hour = sum(found) / len(found) if found else None
    if hour is None and not days:
        return None
    return SaidTime(hour, days)


# "no later than eleven": by eleven; "no earlier than three": three or later
_THAN_BOUND = {"later than": "after", "no later than": "before", "earlier than": "before", "no earlier than": "after"}
# a day the caller rules out: "not a weekday", "can't do Saturdays", "never on a Sunday"
_NOT_DAY = re.compile(
    rf"(?:\bnot|n't|\bnever)\s+(?:(?:do|make|come|on|a|any|during|the)\s+){{0,3}}(?P<day>(?:{DAY}|weekday|weekend)s?)\b",
    re.IGNORECASE,
)


def _days_said(text: str) -> frozenset[int]:
    """The days a turn names, those it rules out taken away: "Not a weekday, I can't get off work"
    is the weekend; "not Saturday, Sunday" is Sunday."""
    ruled_out = frozenset().union(*(named_days(found.group("day")) for found in _NOT_DAY.finditer(text)))
    if not ruled_out:
        return named_days(text)
    named = named_days(_NOT_DAY.sub(" ", text)) - ruled_out
    return named or frozenset(range(7)) - ruled_out


_MIDDLE = {"after school": 15.5, "after work": 17.5, "morning": 9.5, "afternoon": 14.5, "evening": 19.0, "night": 20.0, "tonight": 20.0, "dinner": 19.0, "supper": 19.0}

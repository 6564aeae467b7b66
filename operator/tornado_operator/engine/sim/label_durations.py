"""How long ago the caller says something happened, against the span a label states ("Within the
last two weeks" / "Caller finished them more than two weeks ago"; "Bought within 30 days" / "More
than 30 days ago"); and how far off something still to come is ("Less than two weeks away" /
"Two weeks or more away": "tomorrow morning", "three weeks from Saturday", "next month").

"about a month ago", "like ten days ago", "last week", "three weeks ago Saturday" share no telling
word with such labels, and a person reads them against the span anyway. A span inside a
candidate's fits it; one outside counts against it. Days: a week is 7, a month 30, a year 365.
Pure functions of the texts; pinned in tests/unit/test_label_routing_round8.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import number_value
from tornado_operator.engine.sim.label_years import THIS_YEAR, said_year

_UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_AMOUNT = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six"
    r"|seven|eight|nine))?|a couple(?: of)?|a few|few|couple(?: of)?)"
)


def _span(suffix: str = "") -> str:
    """An amount of days, weeks, months or years, its groups named n/u (+ suffix: one regex may hold two)."""
    return rf"(?P<n{suffix}>{_AMOUNT})\s+(?P<u{suffix}>minute|hour|day|week|month|year)s?\b"


_SPAN = _span()
_LABEL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        # "One to six months away", "between two and four weeks ago": a span each side (only with
        # a word of when: "3 to 7 days" alone is how long, label_lengths.py)
        (rf"\b(?:between\s+)?(?P<m>{_AMOUNT})\s*(?:-|\u2013|to|and)\s*{_SPAN}", "range"),
        (rf"\b(?:more|longer|over|older)\s+than\s+{_SPAN}", "more"),
        (rf"\bover\s+{_SPAN}", "more"),
        (rf"\b{_SPAN}(?:\s+ago)?\s+or\s+(?:more|longer|older|later|further)\b", "at-least"),  # ("An hour ago or more")
        (r"\b(?P<n>" + _AMOUNT + r")\s+or\s+(?:more|longer)\s+(?P<u>hour|day|week|month|year)s?\b", "at-least"),  # "6 or more years ago"
        (rf"\bat\s+least\s+{_SPAN}", "at-least"),
        (rf"\bwithin\s+(?:the\s+)?(?:last\s+|past\s+|next\s+|coming\s+)?{_SPAN}", "within"),
        (rf"\b(?:less|fewer|sooner)\s+than\s+{_SPAN}", "less"),  # "Sooner than two weeks": still to come
        (rf"\bunder\s+{_SPAN}", "less"),
        (rf"\b(?:in\s+)?the\s+(?:last|past|next|coming)\s+{_SPAN}", "within"),
        (r"\b(?:within|in)\s+the\s+(?:last|past|next|coming)\s+(?P<n>)(?P<u>hour|day|week|month|year)\b", "within"),  # "the last year": one
    )
)
# a span still to come: "Less than two weeks away", "Trip is two weeks or more from now", "in the
# next 30 days", "more than a month before the wedding"
_AHEAD = re.compile(
    r"\b(?:away|from\s+now|ahead|until|till|before|coming|next|out|sooner|in\s+(?:less|more|under|over|fewer)\b"
    rf"|(?:leaves?|leaving|departs?|departing|starts?|starting|due)\s+in\s+{_AMOUNT}\s+(?:hour|day|week|month|year)s?\b"  # "Caller leaves in four weeks or more"
    r"|off\s*[.!?]?\s*$"  # "more than six months off"
    r"|expires?|expiring|runs?\s+out|due\s+within)", re.IGNORECASE  # "Expires within 90 days": still to come
)
# what a caller says of how long ago: "three weeks ago", "about a month ago", "for two weeks now"
_SPAN_SINCE = _span("2")
_SAID = re.compile(
    rf"\b{_SPAN}\s+(?:ago|back)\b|\b(?:it's\s+been|been|over|for|(?<!in\s)(?:about|around|like|almost|nearly|maybe))\s+(?:about\s+|like\s+|almost\s+|over\s+)?{_SPAN_SINCE}"
    # "it's been at least four months", "it's been, what, three months now", "been well over a year"
    rf"|\bbeen\s*,?\s+(?:(?:at\s+least|more\s+than|well\s+over|close\s+to|easily|probably|what|oh|um|uh)\s*,?\s+)+{_span('3')}",
    re.IGNORECASE,
)
_LAST = re.compile(
    r"\b(?:last|this\s+past)\s+(?P<u>week|weekend|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?P<b>the\s+day\s+before\s+)?(?P<y>yesterday)\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week)\s+(?P<bl>before\s+last)\b"
    r"|\b(?P<t>today|this\s+morning|this\s+afternoon|earlier\s+today|tonight|last\s+night)\b"
    # a weekday said after a past verb: "I came in Monday", "we were there on Saturday": within the week
    r"|\b(?:came|was|were|went|got|had|stopped|dropped)\s+(?:in\s+|there\s+|by\s+|here\s+|it\s+)?(?:on\s+)?(?P<pd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# a thing never done: longer ago than any span ("Never, this is the first time", "We haven't used
# anything yet"; not "never mind", nor a thing not decided yet)
_NEVER_DONE = re.compile(
    r"\bnever\b(?!\s+mind)|\bfirst\s+time\b"
    r"|(?:n't|\bnot)\s+(?:\w+\s+){0,2}?(?:used|had|tried|done|treated|taken|gotten|got|applied|bought|put)\b[^.;]{0,30}?\byet\b",
    re.IGNORECASE,
)
NEVER = float("inf")
_LAST_DAYS = {"week": 7.0, "weekend": 4.0, "month": 30.0, "year": 365.0}  # "last Tuesday": 4, within the past week
_SEASONS_AGO = re.compile(rf"\b(?P<n>{_AMOUNT})\s+(?:summers|winters|springs|falls|autumns|christmases)\s+ago\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|n't|never)\b[^,.;]{0,20}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DaySpan:
    """How long ago (or, `ahead`, how long from today), in days: more than `above` (None: from
    today; `closed_above`: or exactly it, "two weeks or more") and at most `upto` (None: no end;
    `open_upto`: less than it, "less than two weeks")."""

    above: float | None
    upto: float | None
    ahead: bool = False
    closed_above: bool = False
    open_upto: bool = False

    def holds(self, days: float) -> bool:
        low = self.above is None or days > self.above or (self.closed_above and days == self.above)
        high = self.upto is None or days < self.upto or (not self.open_upto and days == self.upto)
        return low and high

    def said(self) -> str:
        if self.above is not None and self.upto is not None:
            return f"{self.above:g}-{self.upto:g} days{' ahead' if self.ahead else ''}"
        if self.above is None:
            return f"{'under' if self.open_upto else 'within'} {self.upto:g} days{' ahead' if self.ahead else ''}"
        return f"{'at least' if self.closed_above else 'over'} {self.above:g} days{' ahead' if self.ahead else ''}"


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
    weeks", "more than 30 days ago", "over a year"); None otherwise, and for a span still to come
    (label_span_ahead)."""
    span = _stated_span(text)
    return span if span is not None and not span.ahead else None


@lru_cache(maxsize=4096)
def label_span_ahead(text: str) -> DaySpan | None:
    """The span of time from today a label or description states, if exactly one ("Less than two
    weeks away", "two weeks or more from now", "in the next 30 days"); None otherwise."""
    span = _stated_span(text)
    return span if span is not None and span.ahead else None


# a rate, no span: "Under 10 hours a week", "Two hundred a month or more", "3 visits per month"
_RATE = re.compile(
    r"\b(?:\d+|hundred|thousand|k|grand|dollars?|bucks|hours?|hrs?|minutes?|visits?|sessions?|times|miles?)\s+"
    r"(?:a|an|per|each|every)\s+(?:day|week|month|year)\b",
    re.IGNORECASE,
)


def _stated_span(text: str) -> DaySpan | None:
    if _RATE.search(text):
        return None
    ahead = _AHEAD.search(text) is not None and re.search(r"\b(?:ago|last|past)\b", text, re.IGNORECASE) is None
    found: list[DaySpan] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _LABEL_PATTERNS:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            if kind == "range" and not (ahead or re.search(r"\bago\b", text, re.IGNORECASE)):
                continue
            taken.append((match.start(), match.end()))
            days = _amount(match.group("n")) * _UNIT_DAYS[match.group("u").lower()]
            if kind == "range":
                first = _amount(match.group("m")) * _UNIT_DAYS[match.group("u").lower()]
                if first < days:
                    found.append(DaySpan(first, days, ahead, closed_above=True))
                continue
            if kind in ("more", "at-least"):
                found.append(DaySpan(days, None, ahead, closed_above=kind == "at-least"))
            else:
                found.append(DaySpan(None, days, ahead, open_upto=kind == "less"))
    if not found and _FROM_TOMORROW_LABEL.search(text):
        return DaySpan(1.0, None, ahead=True, closed_above=True)  # "Tomorrow or later"
    if not found and (soon := _SOON_LABEL.search(text)) is not None:
        return DaySpan(None, 1.0 if soon.group("t") or soon.group("t2") else 0.25, ahead=True)  # "Right away, today", "Today or tomorrow"
    return found[0] if len(found) == 1 else None


# a label for tomorrow and every day after it: "Tomorrow or later", "Tomorrow or after", "From
# tomorrow on", "Any day after today"
_FROM_TOMORROW_LABEL = re.compile(
    r"\btomorrow\s+or\s+(?:later|after(?:wards?)?|beyond)\b|\bfrom\s+tomorrow\s+on(?:wards?)?\b|\b(?:any\s+day\s+)?after\s+today\b",
    re.IGNORECASE,
)
# a label that is only "today": "Today", "Later today", "Today's game" (not "Today or tomorrow")
_TODAY_LABEL = re.compile(r"^\W*(?:later\s+)?today(?:'s\s+\w+)?\W*$", re.IGNORECASE)
TODAY_AHEAD = DaySpan(None, 1.0, ahead=True, open_upto=True)


def label_today(text: str) -> bool:
    """Whether a label is only "today" ("Today", "Later today", "Today's game"): alone it may be
    when something happened, so it is read as under a day ahead (TODAY_AHEAD) only beside an
    option that states a span ahead ("Tomorrow or later"; labels.py decides)."""
    return _TODAY_LABEL.match(text) is not None
# a label for something wanted now: "Right away, today", "Today or tomorrow", "ASAP" (no span of
# days said; "today" alone may be a time past: not read)
_NOW = r"right\s+away|immediately|asap|as\s+soon\s+as\s+possible|urgent(?:ly)?"  # wanted now, label or caller
_SOON_LABEL = re.compile(
    rf"\b(?:{_NOW})\b[^.;]*?"
    r"(?:\b(?:or|and)\s+(?P<t>tomorrow))?|\btoday\s+or\s+(?P<t2>tomorrow)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def said_days_ago(text: str) -> float | None:
    """How long ago a caller's turn says ("about a month ago": 30, "like ten days ago": 10, "an
    hour ago": 1/24, "last week": 7, "this past weekend" or "last Tuesday": 4, "Sunday before
    last": 10, "yesterday": 1, "earlier today": 0.25, "two summers ago": 730, "it's been over a
    month": 31, a past year "back in 2003": its years; a negated day is none: "not today, it was
    three days ago": 3); None when it says
    none, or two that differ."""
    found: set[float] = set()
    for match in _SAID.finditer(text):
        if re.search(r"(?:\bnot|n't)\s+$", text[max(0, match.start() - 12):match.start()], re.IGNORECASE):
            continue  # "it hasn't been a year": no span said (what is, may follow: "more like eight months")
        amount, unit = next((match.group(f"n{k}"), match.group(f"u{k}")) for k in ("", "2", "3") if match.group(f"n{k}"))
        if unit.lower() == "minute" and not re.search(r"\b(?:ago|back|been)\b", text[match.start():match.end() + 5], re.IGNORECASE):
            continue  # "about ninety minutes": how long, not how long ago
        days = _amount(amount) * _UNIT_DAYS[unit.lower()]
        if re.search(r"\bover\b|\bmore\s+than\b", match.group(0), re.IGNORECASE):
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
            elif match.group("pd"):
                found.add(4.0)  # "I came in Monday": this past week, as "last Monday" is
            elif match.group("bl"):
                found.add(10.0 if "week" not in match.group(0).lower() else 14.0)  # "Sunday before last": a week and a half
            else:
                found.add(_LAST_DAYS.get(match.group("u").lower(), 4.0))
    if not found and _NEVER_DONE.search(text):
        found.add(NEVER)
    if not found and (year := said_year(text)) is not None and year.years is not None and year.years[0] < THIS_YEAR \
            and not re.search(rf"\b{year.years[0]}\s+(?-i:[A-Z])", text):
        found.add((THIS_YEAR - year.years[0]) * 365.0)  # "back in 2003", "Class of '98": that many years ago (not "a 2021 Honda")
    return found.pop() if len(found) == 1 else None


_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# how far off a caller says something is: "in nine days", "three weeks from Saturday", "two
# weeks out" ("gone for ten days" is how long, not when)
_SAID_AHEAD = re.compile(
    rf"\bin\s+(?:about\s+|like\s+|around\s+|maybe\s+|just\s+|only\s+|roughly\s+)?{_SPAN}(?:\s+and\s+a\s+half)?"
    rf"|\b{_SPAN_SINCE}(?:\s+and\s+a\s+half)?\s+(?P<from>from\s+(?:now|today|tomorrow|(?:this\s+|next\s+)?{_WEEKDAY})|away|out)\b",
    re.IGNORECASE,
)
# a bare span answering "when?": "About a month and a half." ("for ten days", "ten days ago" say how
# long and how long ago)
_BARE_SPAN = re.compile(
    rf"^\W*(?:(?:about|around|like|maybe|roughly|probably|only|just|um|uh|oh|well|so)\W+)*(?P<n>{_AMOUNT})\s+(?P<u>hour|day|week|month|year)s?"
    rf"(?P<half>\s+and\s+a\s+half)?(?:\W+(?:or\s+so|maybe|i\s+think|probably))?\W*$",
    re.IGNORECASE,
)
_DAY_AHEAD = re.compile(
    rf"\b(?P<a>the\s+day\s+after\s+tomorrow)\b|\b(?P<b>tomorrow)\b"
    rf"|\b(?P<c>tonight|today|this\s+(?:morning|afternoon|evening)|later\s+today)\b"
    rf"|\b(?P<d>this\s+(?:week|weekend)|this\s+(?:coming\s+)?{_WEEKDAY}"
    # a weekday one goes on, said bare: "We fly out Saturday", "leaving Thursday" (within the week; "by Friday"
    # is a deadline, whose distance depends on the day of the call: not read)
    rf"|(?:fly|flying|flies|leave|leaving|leaves|head|heading|depart|departing|go|going|ship|shipping|start|starting|begin|beginning)"
    rf"\s+(?:out\s+|off\s+)?(?:on\s+)?{_WEEKDAY})\b"
    rf"|\b(?P<e>next\s+(?:week|{_WEEKDAY}))\b|\b(?P<f>next\s+weekend)\b"
    rf"|\b(?P<g>next\s+month)\b|\b(?P<h>next\s+year)\b",
    re.IGNORECASE,
)
# wanted now: "it can't wait", "right away", "as soon as possible" (not "there's no rush")
_URGENT = re.compile(
    rf"\b(?:{_NOW}|can(?:'|no)?t\s+wait|cannot\s+wait|right\s+now|as\s+soon\s+as\s+you\s+can|it'?s\s+an\s+emergency)\b",
    re.IGNORECASE,
)
_DAYS_AHEAD = {"a": 2.0, "b": 1.0, "c": 0.25, "d": 3.0, "e": 7.0, "f": 9.0, "g": 30.0, "h": 365.0}


# how far along a pregnancy is: "I'm thirty-six weeks", "ten weeks along", "36 weeks pregnant",
# "in my first trimester"
_WEEKS_ALONG = re.compile(
    rf"\b(?:i'm|i\s+am|she's|she\s+is|we're)\s+(?:about\s+|like\s+|only\s+|almost\s+)?(?P<n>{_AMOUNT})\s+weeks\b(?!\s+(?:ago|away|out|from))"
    rf"|\b(?P<n2>{_AMOUNT})\s+weeks\s+(?:along|pregnant)\b|\b(?P<t>first|second|third)\s+trimester\b",
    re.IGNORECASE,
)
_LEFT = re.compile(rf"{_span()}(?P<half>\s+and\s+a\s+half)?\s+(?:left|to\s+go|remaining)\b", re.IGNORECASE)
_MORE_LIKE = re.compile(rf"\b(?:not|n't)\b[^,.;]*,\s*(?:it's\s+|it\s+is\s+)?more\s+like\s+{_span()}", re.IGNORECASE)


@lru_cache(maxsize=4096)
def said_days_ahead(text: str) -> float | None:
    """How far off a caller's turn says something is, in days ("in nine days": 9, "three weeks
    from Saturday": 24, "tomorrow morning": 1, "next Friday": 7, "the middle of next month": 30; a
    negated one is none: "not this week or next, next month": 30); None when it says none, or two
    that differ."""
    found: set[float] = set()
    for match in _SAID_AHEAD.finditer(text):
        amount, unit = next((match.group(f"n{k}"), match.group(f"u{k}")) for k in ("", "2", "3") if match.group(f"n{k}"))
        days = _amount(amount) * _UNIT_DAYS[unit.lower()] * (1.5 if re.search(r"\band\s+a\s+half\b", match.group(0), re.IGNORECASE) else 1.0)
        origin = (match.group("from") or "").lower()
        days += 1.0 if origin.endswith("tomorrow") else 3.0 if re.search(_WEEKDAY, origin) else 0.0
        found.add(days)
    bare = _BARE_SPAN.match(text)
    if bare is not None:
        found.add(_amount(bare.group("n")) * _UNIT_DAYS[bare.group("u").lower()] * (1.5 if bare.group("half") else 1.0))
    if not found and (pregnant := _WEEKS_ALONG.search(text)) is not None:
        # "I'm thirty-six weeks", "ten weeks along", "my first trimester": due at forty weeks
        if pregnant.group("t"):
            weeks_along = {"first": 8.0, "second": 20.0, "third": 33.0}[pregnant.group("t").lower()]
        else:
            weeks_along = _amount(pregnant.group("n") or pregnant.group("n2"))
        if weeks_along <= 42:
            found.add(max(40 - weeks_along, 0) * 7)
    if not found and (left := _LEFT.search(text)) is not None and not _NEGATED.search(text[max(0, left.start() - 24):left.start()]):
        # "it's got about a year and a half left on it": that long still to run
        found.add(_amount(left.group("n")) * _UNIT_DAYS[left.group("u").lower()] * (1.5 if left.group("half") else 1.0))
    if not found and (more_like := _MORE_LIKE.search(text)) is not None:
        # "it's not months away, it's more like three weeks": the span said after the denial
        found.add(_amount(more_like.group("n")) * _UNIT_DAYS[more_like.group("u").lower()])
    urgent = _URGENT.search(text) if not found else None
    if urgent is not None and not _NEGATED.search(text[max(0, urgent.start() - 24):urgent.start()]):
        found.add(0.25)  # "it can't wait", "right away": today
    if not found:
        for match in _DAY_AHEAD.finditer(text):
            if _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
                continue  # "not this week or next"
            found.add(next(days for group, days in _DAYS_AHEAD.items() if match.group(group)))
    return found.pop() if len(found) == 1 else None

"""How many days a week the caller means ("just Saturdays and Sundays", "Monday, Wednesday and
Friday", "twice a week", "every day", "each week"), against the days a week a label states ("One or two days a
week", "Caller will row three or more days a week", "Up to 2 sessions per week").

No word of "just Saturdays and Sundays" is in "One or two days a week", and "days" fits both
labels alike; a person counts the days. Days named as a habit count (a list or a range of days,
"weekdays", "weekends", a day in the plural: "Tuesdays"); one day named once ("on Saturday at
10") or days offered as alternatives ("Monday or Tuesday") are no rate. A rate said with a
number is read as said ("4 times a week"); two numbers ("four or five mornings a week") are read
as between them, so that they fit a range that holds both and no range that holds one only
("2 or 3 times a week" against "One or two days a week" / "three or more"). Pure functions of the texts; both sides of
every bound are pinned in tests/unit/test_label_routing_round10.py.

Less often than weekly, a label states a period ("Once a month", "Every two weeks", "Quarterly",
"Billed yearly") and a caller may say it in other units ("once every thirty days", "every four
weeks", "once a fortnight"): both are read as a rate a week, and a said rate within a factor of
NEAR of the label's holds (tests/unit/test_label_routing_round33.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import NUMBER, CountRange, number_value
from tornado_operator.engine.sim.label_times import DAY, named_days

_TIMES = {"once": 1, "twice": 2}
_HOW_MANY = rf"(?:{NUMBER}|once|twice)"
_UNIT = r"(?:days?|times?|nights?|mornings?|evenings?|sessions?|class(?:es)?|lessons?|visits?|practices?|rehearsals?|shifts?)"
# "three or more days a week", "2-3 times a week", "once or twice a week", "Up to 2 sessions per week"
_RATE = re.compile(
    rf"(?P<a>{_HOW_MANY})(?:\s*(?:-|\u2013|to|or)\s*(?P<b>{_HOW_MANY}))?(?P<bound>\s*\+|\s+or\s+(?:more|fewer|less))?"
    rf"(?:\s+{_UNIT})?\s+(?:a|per|each|every)\s+week\b",
    re.IGNORECASE,
)
_BOUND_BEFORE = re.compile(r"\b(?P<w>up to|at most|no more than|at least|more than|fewer than|less than)\s+$", re.IGNORECASE)
# a weekly habit said without a number: "every week", "each week", "weekly" (once at least);
# "every other week" and "monthly" are less than that
_WEEKLY = re.compile(r"\b(?:every|each)\s+(?:single\s+)?week\b|\bweekly\b|\bweek\s+in,?\s+week\s+out\b", re.IGNORECASE)
_LESS_THAN_WEEKLY = re.compile(
    r"\b(?P<h>every\s+other\s+week|bi-?weekly|every\s+two\s+weeks|twice\s+a\s+month)\b"
    r"|\b(?:once\s+a|every|each)\s+month\b|\bmonthly\b",
    re.IGNORECASE,
)
_EVERY_DAY = re.compile(r"\b(?:every (?:single )?day|daily|seven days a week|7 days a week)\b", re.IGNORECASE)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_PLURAL_DAY = re.compile(rf"\b(?:{DAY}s|weekdays|weekends)\b", re.IGNORECASE)
_DAY_NAME = re.compile(rf"\b{DAY}s?\b", re.IGNORECASE)
_ALTERNATIVE_DAYS = re.compile(rf"\b{DAY}s?\s*,?\s+or\s+(?:on\s+)?{DAY}", re.IGNORECASE)


_MONTH = 30.4  # days
NEAR = 1.4  # a said rate this close to a label's period holds: every 4 weeks is a month, every 3 is neither
# a period a label states as its own (a label may state one only): rate a week, pattern
_PERIODS: tuple[tuple[float, re.Pattern[str]], ...] = (
    (0.5, re.compile(r"\bevery\s+(?:other|second)\s+week\b|\bevery\s+(?:two|2)\s+weeks\b|\bbi-?weekly\b|\btwice\s+a\s+month\b"
                     r"|\bfortnightly\b|\bevery\s+fortnight\b", re.IGNORECASE)),
    (7 / _MONTH, re.compile(r"\b(?:once\s+a|every|each)\s+month\b|\bmonthly\b", re.IGNORECASE)),
    (7 / 91, re.compile(r"\bquarterly\b|\bevery\s+(?:three|3)\s+months\b|\bonce\s+a\s+quarter\b|\bevery\s+quarter\b", re.IGNORECASE)),
    (7 / 182, re.compile(r"\btwice\s+a\s+year\b|\bevery\s+(?:six|6)\s+months\b|\bsemi-?annual(?:ly)?\b", re.IGNORECASE)),
    (7 / 365, re.compile(r"\b(?:once\s+a|every|each)\s+year\b|\byearly\b|\bannual(?:ly)?\b", re.IGNORECASE)),
)
# "Monthly plan", "the yearly certification", "an annual pass": a thing paid or done by the
# period, not how often the caller wants something
_BEFORE_A_NOUN = re.compile(r"^\s*[a-z]", re.IGNORECASE)
_ADJECTIVE_FORM = re.compile(r"(?:ly|al)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RateAround:
    """A rate a week a label states as a period ("Once a month": 7 / 30.4); a said rate within
    a factor of NEAR of it holds ("every four weeks"), others do not ("every other week")."""

    per_week: float

    def holds(self, value: float) -> bool | None:
        return self.per_week / NEAR <= value <= self.per_week * NEAR

    def said(self) -> str:
        return f"every {7 / self.per_week:.0f} days"


def _label_period(text: str) -> RateAround | None:
    """The one period a label states as its own ("Once a month", "Every two weeks", "Billed
    yearly"); not of a thing ("Monthly plan", "the yearly certification") nor one of a list."""
    found: list[float] = []
    for per_week, pattern in _PERIODS:
        for match in pattern.finditer(text):
            if not _affirmed(text, match):
                continue
            before = text[max(0, match.start() - 20) : match.start()]
            if text[: match.start()].strip() and not _SAID_OF_A_VERB.search(before):
                continue  # ", every month, or ...": one of a list
            if _ADJECTIVE_FORM.search(match.group(0)) and _BEFORE_A_NOUN.match(text[match.end() :]):
                continue  # "Monthly plan": of a thing
            found.append(per_week)
    return RateAround(found[0]) if len(set(found)) == 1 else None


_HOW_MANY_PERIODS = rf"(?P<n>{NUMBER}|other|second|couple\s+of|few)"
# "every thirty days", "every 4 weeks", "every couple of months", "once every other week"
_EVERY_PERIOD = re.compile(rf"\bevery\s+{_HOW_MANY_PERIODS}\s+(?P<unit>days|weeks|months|years|day|week|month|year)\b", re.IGNORECASE)
# "three times a month", "twice a year", "once a year"
# ("ten a month" is an amount of money a month, no count of times)
_TIMES_A_PERIOD = re.compile(
    rf"\b(?:(?P<n>{NUMBER})\s+times|(?P<w>once|twice))\s+(?:a|per|each)\s+(?P<unit>month|year|quarter)\b", re.IGNORECASE
)
_FORTNIGHT = re.compile(r"\b(?:once\s+a|every|each)\s+fortnight\b|\bfortnightly\b", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "week": 7, "month": _MONTH, "quarter": 91, "year": 365}


def _said_period(text: str) -> float | None:
    """A rate a week a caller says as a period or per month or year ("once every thirty days":
    7/30, "every four weeks": 0.25, "three times a month", "once a fortnight": 0.5)."""
    for match in _EVERY_PERIOD.finditer(text):
        if not _affirmed(text, match):
            continue
        n = match.group("n").lower()
        count = 2 if n in ("other", "second") or n.startswith("couple") else 3 if n == "few" else number_value(n)
        unit = _UNIT_DAYS[match.group("unit").lower().rstrip("s")]
        if count and (count > 1 or unit > 1):
            return 7 / (count * unit)
    for match in _TIMES_A_PERIOD.finditer(text):
        if _affirmed(text, match):
            return _value(match.group("n") or match.group("w")) * 7 / _UNIT_DAYS[match.group("unit").lower()]
    if any(_affirmed(text, match) for match in _FORTNIGHT.finditer(text)):
        return 0.5
    return None


def _value(said: str) -> int:
    return _TIMES.get(said.lower()) or number_value(said)


def _affirmed(text: str, found: re.Match[str]) -> bool:
    return _NEGATED.search(text[max(0, found.start() - 20) : found.start()]) is None


# a word before the habit that says it of an action ("Throw every week"), not one item of a list
_SAID_OF_A_VERB = re.compile(r"\b(?!or\b|and\b)[a-z]+\s+$", re.IGNORECASE)


def _states_a_weekly_habit(text: str) -> bool:
    """Whether a label says "every week" as its own ("Every week") or of an action ("Throw every
    week"); not "Weekly specials", nor one of a list (", every week, or ...") or less often."""
    if _LESS_THAN_WEEKLY.search(text):
        return False
    return any(
        _affirmed(text, match) and not match.group(0).lower().startswith("weekly")
        and (not text[: match.start()].strip() or _SAID_OF_A_VERB.search(text[max(0, match.start() - 20):match.start()]))
        for match in _WEEKLY.finditer(text)
    )


@lru_cache(maxsize=4096)
def label_days_a_week(text: str) -> CountRange | RateAround | None:
    """The days (or times) a week a label or description states, if exactly one rate."""
    found = list(_RATE.finditer(text))
    if not found and _states_a_weekly_habit(text):
        return CountRange(1, None)  # "Throw every week in a league": once a week at least
    if not found:
        return _label_period(text)
    if len(found) != 1:
        return None
    match = found[0]
    low = _value(match.group("a"))
    if match.group("b"):
        high = _value(match.group("b"))
        return CountRange(min(low, high), max(low, high))
    bound = (match.group("bound") or "").strip().lower()
    before = _BOUND_BEFORE.search(text[: match.start()])
    said_before = before.group("w").lower() if before else ""
    if bound in ("+", "or more") or said_before == "at least":
        return CountRange(low, None)
    if bound in ("or fewer", "or less") or said_before in ("up to", "at most", "no more than"):
        return CountRange(None, low)
    if said_before == "more than":
        return CountRange(low + 1, None)
    if said_before in ("fewer than", "less than"):
        return CountRange(None, low - 1)
    return CountRange(low, low)


@lru_cache(maxsize=4096)
def said_days_a_week(text: str) -> float | None:
    """The days a week a caller's turn says: a rate ("twice a week", "4 times a week", "every
    day") or the days it names as a habit ("Saturdays and Sundays": 2, "weekdays": 5); None when
    it says none, a negated one ("not every day") aside."""
    rates = [match for match in _RATE.finditer(text) if _affirmed(text, match)]
    if rates:
        # "four or five mornings a week": between them (4.5), inside a range that holds both and
        # outside one that holds only one ("2 or 3" against "1-2" / "3 or more": neither)
        values = {(_value(match.group("a")) + _value(match.group("b") or match.group("a"))) / 2 for match in rates}
        return values.pop() if len(values) == 1 else None
    if any(_affirmed(text, match) for match in _EVERY_DAY.finditer(text)):
        return 7
    less = next((match for match in _LESS_THAN_WEEKLY.finditer(text) if _affirmed(text, match)), None)
    if less is not None:
        return 0.5 if less.group("h") else 0.25  # "every other week", "once a month"
    period = _said_period(text)
    if period is not None:
        return period  # "once every thirty days", "three times a month"
    if any(_affirmed(text, match) for match in _WEEKLY.finditer(text)):
        return 1  # "each week", "weekly"
    if _ALTERNATIVE_DAYS.search(text):
        return None  # "Monday or Tuesday": one of them
    days = named_days(text)
    if len(_DAY_NAME.findall(text)) >= 2 or _PLURAL_DAY.search(text) or re.search(r"\b(?:through|thru)\b", text, re.IGNORECASE):
        return len(days) or None
    return None

"""A calendar year the caller says ("1968", "born in '58", "a 2012 Civic", "I'm a 1959 baby"),
against the range of years a label states ("Born before 1975" / "In 1975 or later", "Model year
2015 or newer" / "Older than 2015"); and, where the label speaks of birth, an age ("I'm seventy",
"he's fourteen") read as the years a person of that age was born in.

No word of "1968" is in "Born before 1975", and a person reads one against the other anyway. A
year is four digits from 1900 to 2099, or two after an apostrophe ("'58": the latest such year not
past this one); a year said after a negation is ruled out, not said ("Not before '75, I was born
in 1980": 1980). An age is a year only against birth: a car "twelve years" old is read by no one
as born. THIS_YEAR, read once when the module loads, is the one input besides the texts: a turn
routes the same way all year, and an age on the edge of a bound (someone 66 in 2026 was born in
1959 or 1960) is as ambiguous as it is to a person. Pure functions of the texts otherwise; both
sides of every bound are pinned in tests/unit/test_label_routing_round15.py."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_ages import said_age
from tornado_operator.engine.sim.label_counts import NUMBER, number_value

THIS_YEAR = datetime.date.today().year

_YEAR = r"(?:(?<![\d$.,:/])(?:19|20)\d\d(?![\d:/%]|\.\d|,\d)|'\d\d\b)"
_Y = rf"(?P<y>{_YEAR})"
_Y2 = rf"(?P<z>{_YEAR})"
_MONTH_DAY = r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2},?\s+)?"
# a label's range of years: calendar comparatives ("before", "newer"), never a count's ("under",
# "or more": "Rated 1960 or higher", "Groups of 1500 or more" are counts)
_RANGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"\bbetween\s+{_Y}\s+and\s+{_Y2}", "between"),
        (rf"\b(?:from\s+)?{_Y}\s*(?:-|\u2013|to|through|thru)\s*{_Y2}", "between"),
        (rf"\bon\s+or\s+(?:after|later\s+than)\s+{_MONTH_DAY}{_Y}", "from"),
        (rf"\bon\s+or\s+before\s+{_MONTH_DAY}{_Y}", "to"),
        (rf"{_Y}\s+or\s+(?:later|after|newer|more\s+recent|since)\b", "from"),
        (rf"{_Y}\s+or\s+(?:earlier|before|older|prior)\b", "to"),
        (rf"\b(?:before|earlier\s+than|older\s+than|prior\s+to|pre-?)\s*{_MONTH_DAY}{_Y}", "before"),
        (rf"\b(?:after|later\s+than|newer\s+than)\s+{_MONTH_DAY}{_Y}", "after"),
        (r"\b(?:in\s+)?the\s+(?P<d>(?:19|20)\d0)'?s\b", "decade"),
    )
)
_YEAR_RE = re.compile(_YEAR, re.IGNORECASE)
_BIRTH = re.compile(r"\b(?:born|birth|birthday|birthdate|baby|babies|dob)\b", re.IGNORECASE)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno)\s+(?:[a-z]+\s+){0,3}$", re.IGNORECASE)
# a number that is no year though it looks like one: a count of something ("2012 members"), an amount
_NOT_YEAR_BEFORE = re.compile(r"(?:\$|\b(?:about|around|roughly|over|under|than|least|most|like|nearly|almost)\s+)$", re.IGNORECASE)
_NOT_YEAR_AFTER = re.compile(
    r"^\s*(?:[a-z]+\s+)?(?:people|persons|guests|members|students|players|kids|children|adults|dollars|bucks|points|miles"
    r"|feet|square|pounds|units|copies|items|pieces|tickets|calories|words|followers|hours|minutes|rating|rated)\b",
    re.IGNORECASE,
)
# an age said of a person: "I'm seventy", "he's fourteen", "my dad is 81", "she's 12 years old"
_PERSON_AGE = re.compile(
    rf"\b(?:i'm|i\s+am|im|he's|she's|he\s+is|she\s+is|they're|we're|(?:my|our|her|his)\s+\w+\s+is|(?:my|our|her|his)\s+\w+'s)"
    rf"\s+(?:about\s+|almost\s+|just\s+|only\s+|nearly\s+|turning\s+|going\s+on\s+)?(?P<a>{NUMBER})\b(?!\s*(?:am|pm|o'clock|:\d))"
    rf"|(?P<b>{NUMBER})\s+years?[\s-]+old\b",
    re.IGNORECASE,
)


# something done in the year, said before it in its clause ("I took the course back in 1990",
# "Class of '98", "we bought it in 2016"); not when someone or something came to be (born, built, made)
_EVENT_BEFORE = re.compile(
    r"\b(?!(?:born|built|made|manufactured|constructed|erected|founded|established|produced|need|used|based|red|bed|shed|speed|seed|hundred)\b)"
    # a building finished ("the builder finished it in 1994") came to be then; "I finished in 1995" did something
    r"(?!(?:finished|completed)\s+(?:it|the\s+(?:house|home|building|place|addition))\b)"
    r"(?:[a-z]+ed|took|got|did|went|came|bought|had|began|left|sold|ran|saw|wrote|won|paid|grew|class\s+of)\b",
    re.IGNORECASE,
)


def _clause_before(text: str, at: int) -> str:
    """The words before the year's mention (at `at`) in its clause ("I took the course back in" for 1990)."""
    return re.split(r"[,.;!?]", text[:at])[-1]


def _year(said: str) -> int:
    """A year matched by _YEAR: "1968" or "'58" (the latest such year not past this one)."""
    if said.startswith("'"):
        two = int(said[1:])
        century = THIS_YEAR - THIS_YEAR % 100
        return century + two if century + two <= THIS_YEAR else century - 100 + two
    return int(said)


@dataclass(frozen=True, slots=True)
class SaidYear:
    """What a turn says of a year: the years it may be (`years`, both ends inclusive) or, said of
    a person, an age (`age`: a birth year only against a label of birth)."""

    years: tuple[int, int] | None
    age: int | None = None
    event: bool = False  # the year of something done ("took the course back in 1990"): no birth or model year


@dataclass(frozen=True, slots=True)
class YearRange:
    """The calendar years a label accepts, both bounds inclusive (None: unbounded); `born`: the
    label speaks of when someone was born."""

    low: int | None
    high: int | None
    born: bool = False

    def holds(self, said: SaidYear) -> bool | None:
        """Inside or not for every year the turn may mean; None when they fall on both sides, or
        the turn says an age and the label is of no birth, or the year of something done."""
        years = said.years
        if said.event:
            return None
        if years is None:
            if said.age is None or not self.born:
                return None
            years = (THIS_YEAR - said.age - 1, THIS_YEAR - said.age)  # born before or after this year's birthday
        inside = [(self.low is None or year >= self.low) and (self.high is None or year <= self.high) for year in years]
        return inside[0] if inside[0] == inside[1] else None

    def said(self) -> str:
        if self.low is None:
            return f"{self.high} or before"
        if self.high is None:
            return f"{self.low} or later"
        return f"{self.low}-{self.high}"


@lru_cache(maxsize=4096)
def label_years(text: str) -> YearRange | None:
    """The range of calendar years a label or description states, if exactly one ("Born before
    1975", "In 1975 or later", "Model year 2015 or newer", "Older than 2015", "Built between 1990
    and 1999", "Born on or after January 1, 1975"); None for a count ("Rated 1960 or higher"), a
    lone year ("Open since 1975"), or several different ranges."""
    found: set[tuple[int | None, int | None]] = set()
    taken: list[tuple[int, int]] = []
    for pattern, kind in _RANGES:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            if kind == "decade":
                start = int(match.group("d"))
                found.add((start, start + 9))
                continue
            year = _year(match.group("y"))
            if kind == "between":
                other = _year(match.group("z"))
                found.add((min(year, other), max(year, other)))
            elif kind == "from":
                found.add((year, None))
            elif kind == "to":
                found.add((None, year))
            elif kind == "before":
                found.add((None, year - 1))
            else:
                found.add((year + 1, None))
    if len(found) != 1:
        return None
    low, high = found.pop()
    return YearRange(low, high, born=_BIRTH.search(text) is not None)


_DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960, "seventies": 1970,
                 "eighties": 1980, "nineties": 1990}
# a decade said: "the nineties", "the early sixties", "the '80s", "the 1970s" (after "the": "in his seventies" is an age)
_DECADE = re.compile(
    r"\bthe\s+(?:(?P<p>early|mid|middle|late)[\s-]+)?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
    r"|(?:\b(?P<p2>early|mid|middle|late)[\s-]+)?(?:'(?P<d>[2-9])0s|\b19(?P<d4>[0-9])0s)\b",  # "a 1950s ranch", "the late '80s"
    re.IGNORECASE,
)


def _decade_years(decade: re.Match[str]) -> tuple[int, int]:
    """The years a decade said spans ("the nineties": 1990-1999, "the early sixties": 1960-1963)."""
    word = decade.group("w")
    start = _DECADE_WORDS[word.lower()] if word else 1900 + 10 * int(decade.group("d") or decade.group("d4"))
    part = (decade.group("p") or decade.group("p2") or "").lower()
    if part == "early":
        return start, start + 3
    if part == "late":
        return start + 7, start + 9
    return (start + 3, start + 6) if part else (start, start + 9)


@lru_cache(maxsize=4096)
def said_year(text: str) -> SaidYear | None:
    """The one year a turn says ("1968", "born in '58", "a 2012 Civic", "Class of '98"; one said
    after a negation is ruled out: "not before '75, I was born in 1980" is 1980), or with no year
    the age it says of a person ("I'm seventy", "he's fourteen", "in his seventies"); None when it
    says neither, or two years that differ."""
    years: set[int] = set()
    said_at = 0  # where the year kept was said
    for match in _YEAR_RE.finditer(text):
        before = text[max(0, match.start() - 24):match.start()]
        if _NEGATED.search(before):
            continue
        if _NOT_YEAR_BEFORE.search(before) or _NOT_YEAR_AFTER.match(text[match.end():]):
            continue  # "about 1500", "2012 members": an amount
        if text[match.end():match.end() + 2].rstrip(" .,!?") == "s":
            continue  # "the 1970s": a decade (below)
        years.add(_year(match.group(0)))
        said_at = match.start()
    if not years and (decade := _DECADE.search(text)) is not None:
        # "built in the nineties", "the early sixties": the years of that decade (not "in his seventies": an age)
        low, high = _decade_years(decade)
        return SaidYear((low, high), event=_EVENT_BEFORE.search(_clause_before(text, decade.start())) is not None)
    if len(years) > 1:
        return None
    if years:
        year = years.pop()
        return SaidYear((year, year), event=_EVENT_BEFORE.search(_clause_before(text, said_at)) is not None)
    age = said_age(text)
    if age is None and (person := _PERSON_AGE.search(text)) is not None:
        age = number_value(person.group("a") or person.group("b"))
    return SaidYear(None, age) if age is not None else None

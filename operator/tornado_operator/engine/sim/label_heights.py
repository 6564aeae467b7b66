"""How tall a person is, as the caller says it ("about six foot", "five-nine", "4'2\"",
"four-eleven", "46 inches"), against the height a label states ("Under five foot four" / "5'4\"
or taller"; "Riders 48 inches or taller").

A height said in feet and inches shares no word with such a label but its unit, and a person
reads one against the other anyway. Heights are whole inches: a label's strict bound moves past
it ("Under four foot six": up to 53). A label states a height only with a height's own evidence —
feet and inches together ("5'4\"", "four foot six"), a word of height ("tall", "taller",
"shorter", "height") or a person measured ("Riders under 42 inches") — so "Six feet of fence or
more" is no height. A caller's "five-nine" is five feet nine only against such a label (it is read
by no other); a height said after a negation is ruled out ("not five-four, more like five-one":
61). Pure functions of the texts; both sides of every bound are pinned in
tests/unit/test_label_routing_round16.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import number_value

_SMALL = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_FEET_WORD = r"(?:three|four|five|six|seven)"
_INCH_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})"
# feet and inches: "5'4\"", "5' 4", "5 ft 4 in", "four foot six", "five feet two inches", "six foot",
# "4 feet"; and words joined by a hyphen: "five-nine", "four-eleven"
_HEIGHT = (
    rf"(?:(?P<f>[3-7]|{_FEET_WORD})\s*(?:'|\u2019|\s+foot|\s+feet|\s*ft\.?)(?:\s*(?P<i>{_INCH_WORD})\s*(?:\"|\u201d|''|\s+inch(?:es)?\b|\s*in\b\.?)?)?"
    rf"|(?P<hf>{_FEET_WORD})-(?P<hi>one|two|three|four|five|six|seven|eight|nine|ten|eleven)\b"
    rf"|(?P<n>\d{{2,3}}|{_SMALL})\s*(?:\"|\u201d|\s+inch(?:es)?\b|\s*in\.))"
)
_HEIGHT_RE = re.compile(rf"(?<![\w'-]){_HEIGHT}(?![\w-])", re.IGNORECASE)
_BOUNDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"\b(?:under|below|shorter\s+than|less\s+than)\s+{_HEIGHT}", "under"),
        (rf"\b(?:over|above|taller\s+than|more\s+than)\s+{_HEIGHT}", "over"),
        (rf"\bat\s+least\s+{_HEIGHT}", "from"),
        (rf"{_HEIGHT}\s*(?:or|and)\s+(?:taller|over|up|above|more)\b", "from"),
        (rf"{_HEIGHT}\s*(?:or|and)\s+(?:shorter|under|below|less)\b", "to"),
        (rf"\b(?:up\s+to|at\s+most|no\s+taller\s+than)\s+{_HEIGHT}", "to"),
    )
)
_HEIGHT_WORDS = re.compile(r"\b(?:tall|taller|shorter|height|heights)\b", re.IGNORECASE)
_MEASURED = re.compile(r"\b(?:riders?|kids?|children|child|wearers?|persons?|people|guests?|jumpers?|climbers?|players?)\b", re.IGNORECASE)
_NOT_HEIGHT_AFTER = re.compile(r"^\s*(?:of|long|wide|deep|high\s+fence|fence|square)\b", re.IGNORECASE)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)


def _inches(match: re.Match[str]) -> float:
    """The height a _HEIGHT match says, in inches."""
    if match.group("hf"):
        return 12.0 * number_value(match.group("hf")) + number_value(match.group("hi"))
    if match.group("f"):
        return 12.0 * number_value(match.group("f")) + (number_value(match.group("i")) if match.group("i") else 0)
    return float(number_value(match.group("n")))


@dataclass(frozen=True, slots=True)
class HeightRange:
    """The heights a label accepts, in whole inches, both bounds inclusive (None: unbounded)."""

    low: float | None
    high: float | None

    def holds(self, inches: float) -> bool:
        return (self.low is None or inches >= self.low) and (self.high is None or inches <= self.high)

    def said(self) -> str:
        if self.low is None:
            return f"at most {self.high:g} in"
        if self.high is None:
            return f"at least {self.low:g} in"
        return f"{self.low:g}-{self.high:g} in"


@lru_cache(maxsize=4096)
def label_height(text: str) -> HeightRange | None:
    """The range of heights a label states, if one ("Under five foot four", "5'4\\" or taller",
    "48 inches or taller", "At least 5 feet tall"); None without a height's evidence ("Six feet of
    fence or more", "Under 40 pounds") or with several."""
    found: set[HeightRange] = set()
    for pattern, kind in _BOUNDS:
        for match in pattern.finditer(text):
            if _NOT_HEIGHT_AFTER.match(text[match.end():]):
                continue
            both = bool(match.group("i") or match.group("hf"))
            if not (both or _HEIGHT_WORDS.search(text) or _MEASURED.search(text)):
                continue
            inches = _inches(match)
            found.add({
                "under": HeightRange(None, inches - 1),
                "over": HeightRange(inches + 1, None),
                "from": HeightRange(inches, None),
                "to": HeightRange(None, inches),
            }[kind])
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4096)
def said_height(text: str) -> float | None:
    """The one height a turn says, in inches ("about six foot" 72, "five-nine" 69, "4'2\\"" 50,
    "46 inches" 46); None for none, several that differ, or a bare number ("he's ten")."""
    found: set[float] = set()
    for match in _HEIGHT_RE.finditer(text):
        if _NEGATED.search(text[max(0, match.start() - 20):match.start()]) or _NOT_HEIGHT_AFTER.match(text[match.end():]):
            continue
        inches = _inches(match)
        if 24 <= inches <= 96:
            found.add(inches)
    return found.pop() if len(found) == 1 else None

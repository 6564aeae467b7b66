"""An amount of money the caller says ("fifty-five grand a year", "about eighteen hundred a
month", "a hundred and twenty K", "twenty-two an hour, full time", "$75"), against the range a
label states ("Under $40,000" / "40 to 80 thousand a year" / "Caller's household makes more than
80,000"; "Orders over $100").

An income or a price is said in its own words, in another period than the label's, and a person
reads it against the range anyway. Amounts are converted to the label's period: a year is 12
months, 52 weeks or 2,080 hours (full time); a label of income ("household", "makes", "income",
"salary") is yearly when it says no period. A label that says no period and no income is compared
with an amount said without one. A negated amount is ruled out ("I don't make anywhere near
forty": none). A label of one price alone ("Basic wash, $12") states that price; a price per thing
("$180 a tire or more", "eighty a tire", "seventy bucks a head") is money like any other. Pure
functions of the texts; both sides of every bound are pinned in
tests/unit/test_label_routing_round17.py and test_label_routing_round26.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.label_counts import (
    HUNDREDS_AS_TWO,
    NUMBER,
    hundreds_and_tens,
    number_value,
    past_bound,
    said_number,
    shared_multiplier,
)

_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "hour": 2080.0, "day": 260.0}
_MULTIPLIERS = {"k": 1000.0, "grand": 1000.0, "thousand": 1000.0, "million": 1_000_000.0, "mil": 1_000_000.0}


def _amount(name: str, multiplier: str) -> str:
    """An amount of money, its groups named: "$40,000", "80,000", "40" (of "40 to 80 thousand"), "55 grand"."""
    return (rf"(?:\$\s*)?(?P<{name}>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{NUMBER})"
            rf"(?:\s*(?P<{multiplier}>k|grand|thousand|million|mil)\b)?(?:\s*(?:dollars?|bucks)\b)?")  # "Five hundred dollars or more"


_A = _amount("a", "ma")
_B = _amount("b", "mb")
_PERIOD = r"(?:\s+(?:a|an|per|each|every)\s+(?P<p>year|month|week|hour|day)|\s+(?P<p2>annually|yearly|monthly|weekly|hourly))?"
# a price per thing, no period: "about $180 a tire or more", "ninety-five dollars a player", "$12 each"
_PER_THING = r"(?:\s+(?:a|an|per)\s+(?!(?:year|month|week|hour|day)\b)[a-z]+|\s+each|\s+apiece)?"
_ABOUT = r"(?:(?:about|around|roughly|approximately)\s+)?"
# a label of money: a currency, a price or an income word, or a verb of earning with thousands
# ("makes more than 80,000"); not "make a reservation for up to 12", "a household of two or more"
_MONEY_WORDS = re.compile(
    r"\$|\b(?:dollars?|bucks|grand|income|salary|salaries|wages?|budget|price|prices|cost|costs)\b|\d\s*k\b|\bthousand\b"
    r"|\b(?:makes?|making|earns?|earning)\b[^.;]*\d{1,3},\d{3}",
    re.IGNORECASE,
)
_MEASURE_AFTER = re.compile(
    r"^\s*(?:square|sq|feet|foot|ft|acres?|miles?|gallons?|yards?|tons?|lbs?|kilos?|meters?|people|guests|members|employees)\b",
    re.IGNORECASE,
)
_INCOME = re.compile(r"\b(?:income|salary|household|makes?|making|earns?|earning|wages?)\b", re.IGNORECASE)
_LABEL: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"\bbetween\s+{_A}\s+and\s+{_B}{_PERIOD}", "between"),
        (rf"(?<![\w$]){_A}\s*(?:to|-|\u2013)\s*{_B}{_PERIOD}", "between"),
        (rf"\b(?:under|below|less\s+than|fewer\s+than)\s+{_ABOUT}{_A}{_PERIOD}", "under"),
        (rf"\b(?:up\s+to|at\s+most|no\s+more\s+than)\s+{_ABOUT}{_A}{_PERIOD}", "to"),
        (rf"\b(?:over|above|more\s+than)\s+{_ABOUT}{_A}{_PERIOD}", "over"),
        (rf"\bat\s+least\s+{_A}{_PERIOD}", "from"),
        (rf"(?<![\w$]){_A}{_PERIOD}{_PER_THING}\s+or\s+(?:more|over|above|higher)\b", "from"),
        (rf"(?<![\w$]){_A}{_PERIOD}{_PER_THING}\s+or\s+(?:less|under|below|lower)\b", "to"),
        # one price alone ("Golf and cart only, $45", "The $70 package", "ninety-five dollars a player")
        (rf"(?:\$\s*(?P<exact>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\s*(?:-|\u2013|to)\s*\$?\d)"
         rf"|(?<![\w$-])(?P<exact_w>{NUMBER})\s+dollars\b){_PERIOD}", "exact"),
    )
)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno)\s+(?:[a-z]+\s+){0,3}$", re.IGNORECASE)
# a caller's amount of money: a multiplier, a currency, a period or a verb of earning or paying says so
_SAID = re.compile(
    rf"(?P<dollar>\$\s*)?(?P<a>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{NUMBER})"
    r"(?:\s*(?P<ma>k|grand|thousand|million|mil)\b)?(?P<unit>\s*(?:dollars?|bucks))?"
    r"(?:\s+(?:a|an|per|each|every)\s+(?P<p>year|month|week|hour|day)|\s+(?P<p2>annually|yearly|monthly|weekly|hourly))?",
    re.IGNORECASE,
)
_EARNING_BEFORE = re.compile(
    r"\b(?:make|makes|making|made|earn|earns|earning|bring\s+in|brings\s+in|paid|pay|budget\s+(?:is|of)"
    r"|(?:spend|spending|pay|paying)\s+(?:more\s+than|over|under|less\s+than|up\s+to|about|around))\s+(?:about\s+|around\s+|like\s+|roughly\s+|maybe\s+)?$",
    re.IGNORECASE,
)
# a price said per thing: "eighty a tire", "seventy a head", "twelve each" (a cue of money, like a currency)
_PER_THING_WORDS = r"(?:a|per)\s+(?:head|person|player|tire|bag|piece|unit|item|guest|plate|ticket|kid|adult|seat|night)\b|(?:each|apiece)\b"
_PER_THING_SAID = re.compile(rf"^\s+(?:{_PER_THING_WORDS})", re.IGNORECASE)
_COMPOUND_NUMBER = re.compile(r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)", re.IGNORECASE)


def _value(amount: str, multiplier: str | None) -> float:
    spoken = amount.replace(",", "").strip()
    value = float(spoken) if re.fullmatch(r"\d+(?:\.\d+)?", spoken) else float(number_value(spoken))
    return value * _MULTIPLIERS.get((multiplier or "").lower(), 1.0)


def _period(match: re.Match[str]) -> str | None:
    said = (match.groupdict().get("p") or match.groupdict().get("p2") or "").lower()
    if not said:
        return None
    return {"annually": "year", "yearly": "year", "monthly": "month", "weekly": "week", "hourly": "hour"}.get(said, said)


@dataclass(frozen=True, slots=True)
class MoneyRange:
    """Amounts a label accepts, per `period` (None: none said), both bounds inclusive."""

    low: float | None
    high: float | None
    period: str | None

    def holds(self, said: tuple[float, str | None]) -> bool | None:
        amount, period = said
        if period == TOTAL:
            if self.period is not None:
                return None  # "twelve thousand dollars total" against "Two hundred a month or more": no monthly amount
            period = None
        bounds = [bound for bound in (self.low, self.high) if bound is not None]
        if period is None and bounds and min(bounds) >= 1000 and amount < 1000:
            return None  # "we're around sixty-two" against "Under $40,000": thousands meant, not said
        if self.period is None and period is not None:
            return None  # "eighteen hundred a month" against "Orders over $100": another kind of amount
        if self.period is not None and period is not None:
            amount = amount * _PER_YEAR[period] / _PER_YEAR[self.period]
        return (self.low is None or amount >= self.low) and (self.high is None or amount <= self.high)

    def said(self) -> str:
        per = f" a {self.period}" if self.period else ""
        if self.low is None and self.high is None:
            return f"any amount{per}"
        if self.low is None:
            return f"up to {self.high:,.0f}{per}"
        if self.high is None:
            return f"{self.low:,.0f} or more{per}"
        return f"{self.low:,.0f}-{self.high:,.0f}{per}"


# a label taking whatever amount the caller names ("A dollar amount", "Any amount, such as fifty or a
# hundred dollars"): the numbers after it are examples, no bound
_ANY_AMOUNT = re.compile(r"\b(?:any|a)\s+(?:dollar\s+)?amount\b(?!\s+(?:of|over|under|above|below|up|more|less)\b)", re.IGNORECASE)


@lru_cache(maxsize=4096)

def label_money(text: str) -> MoneyRange | None:
    """The range of money a label states, if one ("Under $40,000", "40 to 80 thousand a year",
    "Caller's household makes more than 80,000", "Orders over $100"); None without a word of
    money, or with none or several ranges."""
    if not _MONEY_WORDS.search(text):
        return None
    if _ANY_AMOUNT.search(text):
        return MoneyRange(None, None, None)  # "A dollar amount", "Any amount, such as fifty": every amount fits
    text = _SPOKEN_HUNDREDS.sub(_hundreds_spoken, text)  # "One fifty a month or more"
    for pattern, kind in _LABEL:
        # ("ninety-five dollars" is no range from ninety to five: a number's own dash)
        match = next((found for found in pattern.finditer(text) if not _COMPOUND_NUMBER.fullmatch(found.group(0).strip())
                      and not (kind == "between" and _COMPOUND_NUMBER.fullmatch(text[found.start("a"):found.end("b")]))), None)
        if match is None:
            continue
        if _MEASURE_AFTER.match(text[match.end():]):
            return None  # "over two thousand square feet": a measure, not money
        groups = match.groupdict()
        period = _period(match) or ("year" if _INCOME.search(text) else None)
        if kind == "between":
            multiplier = groups.get("ma") or groups.get("mb")  # "40 to 80 thousand": both thousands
            low, high = _value(groups["a"], multiplier), _value(groups["b"], groups.get("mb") or multiplier)
            return MoneyRange(min(low, high), max(low, high), period)
        if kind == "exact":
            if len(pattern.findall(text)) > 1:
                return None  # several prices: no one of them is the label's
            value = _value(groups["exact"] or groups["exact_w"], None)
            return MoneyRange(value, value, period)
        value = _value(groups["a"], groups.get("ma"))
        step = 1.0 if value < 1000 else 0.0
        if kind == "under":
            return MoneyRange(None, value - step if step else value - 0.01, period)
        if kind == "to":
            return MoneyRange(None, value, period)
        if kind == "over":
            return MoneyRange(value + 0.01, None, period)
        return MoneyRange(value, None, period)
    return None


@lru_cache(maxsize=4096)
def said_money(text: str) -> tuple[float, str | None] | None:
    """The amount of money a turn says with its period ("fifty-five grand a year": (55000,
    "year"), "eighteen hundred a month": (1800, "month"), "twenty-two an hour": (22, "hour"),
    "a hundred and twenty K": (120000, None), "$75"; a bare number too: "about a hundred and
    twenty-five"); None when it says none, a negated one, or several that differ."""
    text = _SPOKEN_HUNDREDS.sub(_hundreds_spoken, shared_multiplier(text))
    said: list[tuple[re.Match[str], tuple[float, str | None]]] = []
    for match in _SAID.finditer(text):
        before = text[max(0, match.start() - 30):match.start()]
        cue = match.group("dollar") or match.group("ma") or match.group("unit") or _period(match) or _EARNING_BEFORE.search(before) \
            or (_PER_THING_SAID.match(text[match.end():]) and not re.search(r"(?:hundred|thousand)\s+$", before, re.IGNORECASE)) \
            or re.search(r"thousand|hundred|\d,\d{3}", match.group("a"), re.IGNORECASE)  # "thirty thousand", "45,000": an income's size
        if not cue:
            continue
        if _NEGATED.search(before) and not _NO_MORE_THAN.search(before):
            continue  # ("not more than one seventy-five": a bound, at most that)
        period = _period(match) or (TOTAL if _TOTAL_AFTER.match(text[match.end():]) else None)
        said.append((match, (_value(match.group("a"), match.group("ma")), period)))
    if len(said) == 2 and (said[0][1][1] == said[1][1][1] or None in (said[0][1][1], said[1][1][1])) and _OR_ANOTHER.match(text[said[0][0].end():said[1][0].start()]):
        # "seven or eight hundred", "two to three grand": one amount, about halfway
        said = [(said[0][0], ((said[0][1][0] + said[1][1][0]) / 2, said[0][1][1] or said[1][1][1]))]
    found = {value for _, value in said}
    if not found and (bare := said_number(text)) is not None and (last := _last_number(text)) is not None \
            and _ALONE_AFTER.match(text[last.end():]) and not _ECHOED.match(text[last.end():]):
        # "Probably about a hundred and twenty-five", "less than a hundred": a bare number answers
        # "how much?" (read only against labels of money)
        found.add((float(past_bound(text, last.start(), bare)), None))
    return found.pop() if len(found) == 1 else None


# an amount in hundreds said as two numbers: "one seventy-five a month" (175), "two fifty a month"
# (250), "one twenty-five dollars" (a price said aloud; read only against labels of money)
_SPOKEN_HUNDREDS = re.compile(
    HUNDREDS_AS_TWO
    # only said with a period, a currency or a thing it is the price of ("one twenty-five a bag"): a
    # bare "seven fifty" may be $7.50 (round 17 leaves it)
    + r"(?=\s+(?:(?:a|an|per|each|every)\s+(?:month|week|year|day)|monthly|weekly|dollars|bucks)\b"
    + rf"|\s+(?:{_PER_THING_WORDS}))",
    re.IGNORECASE,
)


def _hundreds_spoken(match: re.Match[str]) -> str:
    hundreds, tens = hundreds_and_tens(match)
    return str(hundreds * 100 + tens)


# an amount said as a whole, not per period: "twelve thousand dollars total", "ten grand up front"
TOTAL = "total"
_TOTAL_AFTER = re.compile(r"^\s*(?:in\s+)?(?:total|all\s+in|altogether|all\s+together|outright|up\s+front|upfront)\b", re.IGNORECASE)
_NO_MORE_THAN = re.compile(r"\b(?:not|no)\s+(?:more|over|higher|above)\s+(?:than\s+)?$", re.IGNORECASE)
_OR_ANOTHER = re.compile(r"^\s*(?:,\s*)?(?:or|to|-|\u2013|maybe|or\s+maybe)\s*$", re.IGNORECASE)


# what may follow a bare amount: nothing, a pause, a hedge ("a hundred and twenty-five, give or take")
_ALONE_AFTER = re.compile(r"^\s*(?:[,.;!?]|$|or\s+so\b|give\s+or\s+take|maybe\b|tops\b|probably\b|i\s+think\b|max\b|at\s+most\b|or\s+less\b)",
                          re.IGNORECASE)


# an amount echoed back in surprise, more said after it: "Ninety-five? Whoa, I'll have to ask"
_ECHOED = re.compile(r"^\s*\?\s*\S")


def _last_number(text: str) -> re.Match[str] | None:
    """The turn's last number ("less than a hundred": "a hundred")."""
    matches = list(re.finditer(NUMBER, text, re.IGNORECASE))
    return matches[-1] if matches else None

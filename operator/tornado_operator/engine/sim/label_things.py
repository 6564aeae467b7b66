"""How many of a thing the caller says, against the range of that thing a label states ("Under 3
yards" / "3 to 10 yards" / "Caller needs more than 10 yards"; "1 or 2 bedrooms"; "Under 10
computers").

A count of people is label_counts.py's; a number of things is read only against a label that
counts the same thing: "about six yards" fits "3 to 10 yards", "two and a half baths" says nothing
of bedrooms, and "two bathrooms" fits no option of "1 or 2 bedrooms" / "3 or 4 bedrooms" (a person
hears the wrong thing counted). A number said alone ("six") is of whatever the label counts. A
measure a count never is ("yards", "pounds", "square feet") is read here too, and its fractions
("half a yard", "two and a half yards"). Pure functions of the texts; both sides of every bound
are pinned in tests/unit/test_label_routing_round13.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim import wordnet
from tornado_operator.engine.sim.label_counts import (
    NUMBER,
    STRICT_BOUND_BEFORE,
    TOTAL_AFTER,
    couple_as_two,
    number_value,
    past_bound,
    person_noun,
    shared_multiplier,
    without_grade_ranges,
)

_SMALL = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_N = rf"(?P<a>{NUMBER})"
_M = rf"(?P<b>{NUMBER})"
_THING = r"\s*(?<![a-z])(?P<noun>[a-z]{3,}|kg|lb|oz|ft|cm|km)(?:\s+(?P<noun2>[a-z]{3,}))?\b"  # "3 to 10 yards", "Under 3 cubic yards" (not "16 by 20")
# a label's range of things (bounds inclusive; None is unbounded)
_RANGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"\bbetween {_N} and {_M}{_THING}", "between"),
        (rf"\bfrom {_N} to {_M}{_THING}", "between"),
        (rf"{_N}\s*(?:-|\u2013|to|or|through|thru)\s*{_M}{_THING}", "between"),
        (rf"{_N}{_THING}\s+or\s+(?:more|over|above|larger|bigger|heavier|longer|higher|taller|wider|deeper)\b", "at-least"),
        (rf"{_N}\s+or\s+(?:more|over|above|larger|bigger){_THING}", "at-least"),  # "5 or more bedrooms"
        (rf"{_N}\s+or\s+(?:fewer|less|under|below|smaller){_THING}", "at-most"),
        (rf"\bat least {_N}{_THING}", "at-least"),
        (rf"\b(?:more than|over|above|bigger than|larger than|wider than|longer than|taller than|heavier than|deeper than|higher than) {_N}{_THING}", "more-than"),
        (rf"{_N}{_THING}\s+or\s+(?:fewer|less|under|below|smaller)\b", "at-most"),
        (rf"\b(?:up to|at most|no more than|not more than|maximum of|max of|within) {_N}{_THING}", "at-most"),
        (rf"\b(?:fewer than|less than|under|below|smaller than|narrower than|shorter than|lighter than|shallower than|lower than) {_N}{_THING}", "less-than"),
        # "Less than a mile", "Within a mile", "More than a mile": one of a measure
        (rf"\b(?:fewer than|less than|under|below|smaller than) (?P<a>an?){_THING}", "less-than"),
        (rf"\b(?:up to|at most|no more than|within) (?P<a>an?){_THING}", "at-most"),
        (rf"\b(?:more than|over|above) (?P<a>an?){_THING}", "more-than"),
        (rf"\b(?P<a>an?){_THING}\s+or\s+(?:more|over|above|larger|bigger)\b", "at-least"),  # "A cubic yard or more"
        (rf"\b(?P<a>an?){_THING}\s+or\s+(?:less|under|below|smaller)\b", "at-most"),
    )
)
# what counts people or a time is not a thing counted here (label_counts.py, label_times.py, ...)
_NOT_THINGS = frozenset([
    "people", "persons", "guests", "adults", "kids", "children", "teens", "seniors", "riders", "players", "folks",
    "group", "groups", "party", "parties", "team", "teams", "family", "families", "crew", "class", "classes", "of",
    "minute", "minutes", "hour", "hours", "day", "days", "night", "nights", "week", "weeks", "month", "months",
    "year", "years", "times", "am", "pm", "o", "dollars", "bucks", "percent", "and", "or", "to", "per", "a", "an",
    "person", "old", "older", "more", "less", "fewer", "over", "under",
])
_FRACTION = re.compile(
    rf"\b(?:(?P<whole>{NUMBER})\s+and\s+a\s+(?P<part>half|quarter)|(?:a|one)\s+(?P<alone>half|quarter)|half\s+an?)\b(?!\s+dozen)",
    re.IGNORECASE,
)
# a word that puts the amount somewhere: what follows is no thing counted ("about thirty from State")
_APPROXIMATE = re.compile(r"^\s*(?:or\s+so|or\s+more|or\s+less|or\s+fewer|ish|give\s+or\s+take|tops|max)\b", re.IGNORECASE)
_PLACED = frozenset(["from", "at", "in", "on", "with", "by", "for", "since", "before", "after", "until", "till", "through", "via",
                     "to"])  # ("two or three to get me through": no thing; "3 to 10 yards" is a guess, read before)
# ("nothing like five acres", "nowhere near ten": denied too)
_NEGATED = re.compile(r"(?:\bnot|n't|\bno|\bnever|\bnothing|\bnowhere)\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE)
_NUMBER_RE = re.compile(NUMBER, re.IGNORECASE)
_WORDS_AFTER = re.compile(r"^[\s-]+([a-z]+)(?:\s+([a-z]+))?", re.IGNORECASE)


# an area said short: "2,000 sq ft", "1200 sq. ft.", "800 sqft", "a square foot"
_SQUARE_FEET = re.compile(r"\bsq\.?\s*(?:ft|feet|foot)\b\.?|\bsqft\b|\bsquare\s+foot\b", re.IGNORECASE)


def square_feet(text: str) -> str:
    """The text with an area's short forms written out as "square feet", so one thing is counted."""
    return _SQUARE_FEET.sub("square feet", text) if "sq" in text.lower() else text


_DIMENSION_OF = {"wide": "wide", "wider": "wide", "width": "wide", "across": "wide", "tall": "tall", "taller": "tall", "high": "tall",
                 "higher": "tall", "height": "tall", "long": "long", "longer": "long", "length": "long", "deep": "deep",
                 "deeper": "deep", "depth": "deep"}
_DIMENSION_AFTER = re.compile(r"^\s*(?:[a-z]+\s+)?(wide|tall|high|long|deep|across)\b", re.IGNORECASE)
_DIMENSION_SAID = re.compile(r"\b(wide|wider|width|tall|taller|height|high|higher|long|longer|length|deep|deeper|depth)\b", re.IGNORECASE)


def _dimensioned(item: tuple[float, str], dimension: str) -> tuple[float, str | None]:
    """An amount said with which way it measures ("16 foot:tall"), against a label's: the thing
    without it when the ways agree or either is unsaid, None (no amount of it) when they differ."""
    amount, thing = item
    base, _, said = thing.partition(":")
    if said and dimension and said != dimension:
        return amount, None
    return amount, base


_SHORT_UNITS = {"ft": "foot", "yd": "yard", "yds": "yard", "mi": "mile", "lbs": "lb", "pounder": "pound"}  # ("a ten-pounder")


@lru_cache(maxsize=8192)
def _thing(word: str) -> str:
    """A noun's singular base form ("yards" -> "yard", "bedrooms" -> "bedroom"), or "" when the word
    names people, a time or no thing."""
    lowered = word.lower()
    if lowered in _NOT_THINGS or person_noun(lowered):
        return ""
    if lowered in _SHORT_UNITS:
        return _SHORT_UNITS[lowered]  # "30 to 50 ft" counts feet as "36 feet" does
    forms = [form for form, pos in wordnet.open_default().base_forms(lowered) if pos == "n"]
    return min(forms, key=len) if forms else ""  # the singular: "cords" is also corduroy trousers


# units of one measure, to convert a caller's into the label's ("about 25 kilos" against "Under 40
# pounds"): measure, size in the measure's first unit. Lengths in feet, inches and meters only:
# "three inches deep" is no amount of "3 yards" of mulch (a yard there is cubic), and a person's
# height is label_heights.py's
_UNITS: dict[str, tuple[str, float]] = {
    "pound": ("weight", 1.0), "lb": ("weight", 1.0), "ounce": ("weight", 1 / 16), "oz": ("weight", 1 / 16),
    "kilo": ("weight", 2.20462), "kilogram": ("weight", 2.20462), "kg": ("weight", 2.20462), "ton": ("weight", 2000.0),
    "gram": ("weight", 0.00220462),
    "mile": ("distance", 1.0), "kilometer": ("distance", 0.621371), "km": ("distance", 0.621371),
    "gallon": ("volume", 1.0), "liter": ("volume", 0.264172), "litre": ("volume", 0.264172),
    # a length in another unit: "thirty inches" against "Less than 3 feet" (never a yard: a yard of
    # mulch is cubic, and "three inches deep" is no amount of it)
    "foot": ("length", 1.0), "inch": ("length", 1 / 12), "meter": ("length", 3.28084),
}


@dataclass(frozen=True, slots=True)
class ThingRange:
    """How many of `thing` a label accepts, both bounds inclusive (None: unbounded)."""

    low: float | None
    high: float | None
    thing: str
    open_low: bool = False  # a measure's strict bound ("More than 30 miles": 30.5 is in, 30 is not)
    open_high: bool = False  # ("Less than a mile": half a mile is in, a mile is not)
    also: str = ""  # a second thing counted with the first ("Twenty or more doors and drawers"): their sum
    dimension: str = ""  # which way a length is measured ("Under 30 feet wide": wide)

    def holds(self, said: tuple[tuple[float, str], ...]) -> bool | None:
        """Inside or not for the amounts said of this thing (or said alone); None when the turn
        counts only other things, or amounts on both sides. A length said another way ("sixteen
        feet tall" against "feet wide") is no amount of it."""
        said = tuple((amount, thing) for amount, thing in (_dimensioned(item, self.dimension) for item in said) if thing is not None)
        own = [amount for amount, thing in said if thing and _kind_of(thing, self.thing)]
        if self.also:
            own += [amount for amount, thing in said if thing and _kind_of(thing, self.also) and not _kind_of(thing, self.thing)]
            own = [sum(own)] if own else own  # "twelve doors and six drawers": eighteen of them
        own += [amount * _UNITS[thing][1] / _UNITS[self.thing][1] for amount, thing in said
                if thing != self.thing and thing in _UNITS and self.thing in _UNITS and _UNITS[thing][0] == _UNITS[self.thing][0]]
        bounds = [bound for bound in (self.low, self.high) if bound is not None]
        # (a bare year, "It's a 2019", is no amount of a range whose bounds are far below it)
        amounts = own or [amount for amount, thing in said
                          if not thing and not (1900 <= amount <= 2100 and amount.is_integer() and bounds and max(bounds) < 1000)]
        # several amounts ("not under 24, I've got forty-five", "ten or twelve") answer only
        # where they all fall on one side
        inside = {
            (self.low is None or amount > self.low or (amount == self.low and not self.open_low))
            and (self.high is None or amount < self.high or (amount == self.high and not self.open_high))
            for amount in amounts
        }
        return inside.pop() if len(inside) == 1 else None

    def said(self) -> str:
        if self.low is None:
            return f"{'under' if self.open_high else 'at most'} {self.high:g} {self.thing}"
        if self.high is None:
            return f"{'over' if self.open_low else 'at least'} {self.low:g} {self.thing}"
        return f"{self.low:g}-{self.high:g} {self.thing}"


# measures (amounts with fractions, not counts): the units above and the other measures a label
# may count in
_MEASURES = frozenset([*_UNITS, "yard", "foot", "inch", "acre"])
_UNIT_AND_PART = re.compile(rf"\b(?P<whole>{NUMBER}|an?)\s+(?P<unit>[a-z]+)\s+and\s+a\s+(?P<part>half|quarter)\b", re.IGNORECASE)
_ONE_MEASURE = re.compile(r"\ban?\s+(?P<unit>[a-z]+)\b", re.IGNORECASE)
_DECIMAL = re.compile(r"(?<![\d.,$])\d+\.\d+(?![\d.])")
# a distance said as the time it takes to drive ("a three-hour drive", "about 20 minutes away", "an
# hour from here"): miles at highway speed for hours (60 mph), town speed for minutes (45 mph)
_DRIVE = re.compile(
    rf"\b(?P<n>{NUMBER}|an?|half\s+an?)[\s-]+(?P<u>hours?|hrs?|minutes?|mins?)(?:'s)?[\s-]+(?:drive|ride)\b"
    rf"|\b(?P<n2>{NUMBER}|an?)\s+(?P<u2>hours?|hrs?|minutes?|mins?)\s+(?:away|from\s+here|from\s+town|down\s+the\s+(?:road|highway|interstate))\b",
    re.IGNORECASE,
)
# a distance said by a landmark of the neighbourhood: "just around the corner", "a few blocks",
# "down the street", "next door" (under a mile)
_NEARBY = re.compile(
    r"\b(?:a)?round\s+the\s+corner\b|\b(?:down|up)\s+the\s+(?:street|block)\b|\b(?:a\s+)?(?:few|couple(?:\s+of)?|two|three)\s+blocks\b"
    r"|\bnext\s+door\b",
    re.IGNORECASE,
)


def _driven_miles(match: re.Match[str]) -> float:
    said = (match.group("n") or match.group("n2")).lower()
    amount = 1.0 if said in ("a", "an") else 0.5 if said.startswith("half") else float(number_value(said))
    unit = (match.group("u") or match.group("u2")).lower()
    return amount * 60.0 if unit.startswith("h") else amount * 0.75

_DIMENSIONS = re.compile(
    rf"(?:\d+|{_SMALL})\s*(?:[a-z]+\s+)?(?:by|x)\s*(?:\d+|{_SMALL})\b", re.IGNORECASE
)  # "16 by 20", "16 inches by 20", "ten by twelve"
_DIMENSION_END = re.compile(r"\b(?:by|x)\s*$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def label_thing_range(text: str) -> ThingRange | None:
    """The range of one thing a label states, if exactly one ("Under 3 yards", "1 or 2 bedrooms",
    "Caller needs more than 10 yards"); None for people, times and spans, for sizes given as two
    dimensions ("16 by 20 inches or smaller"), and for none or several."""
    text = square_feet(text)
    if _DIMENSIONS.search(text):
        return None
    found: list[ThingRange] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _RANGES:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            thing = _counted(match.group("noun"), match.group("noun2"))
            if not thing:
                return None
            one = match.group("a").lower() in ("a", "an")
            if one and thing not in _MEASURES:
                continue  # "a" is one only of a measure ("Less than a mile"), not of things counted
            first = 1.0 if one else float(number_value(match.group("a")))
            measure = thing in _MEASURES  # an amount with fractions: its strict bounds stay where they are
            if kind == "between":
                second = float(number_value(match.group("b")))
                span = ThingRange(min(first, second), max(first, second), thing)
            elif kind == "at-least":
                span = ThingRange(first, None, thing)
            elif kind == "more-than":
                span = ThingRange(first, None, thing, open_low=True) if measure else ThingRange(first + 1, None, thing)
            elif kind == "at-most":
                span = ThingRange(None, first, thing)
            else:
                span = ThingRange(None, first, thing, open_high=True) if measure else ThingRange(None, first - 1, thing)
            taken.append((match.start(), match.end()))
            span = _with_also(span, match, text)
            if span.thing in ("foot", "inch", "yard", "meter", "mile") and (way := _DIMENSION_SAID.search(text)) is not None:
                span = ThingRange(span.low, span.high, span.thing, span.open_low, span.open_high, span.also,
                                  _DIMENSION_OF[way.group(1).lower()])
            found.append(span)
    if not found and (single := _ONE_AMOUNT.match(text)) is not None and (unit := _thing(single.group("noun"))) in _MEASURES:
        # "5 lb tank", "A 10 gallon jug": one amount of a measure, the label's exactly (beside "10 or 15 lb")
        amount = float(number_value(single.group("a")))
        return ThingRange(amount, amount, unit)
    return found[0] if len(found) == 1 else None


# a label that is one amount of a measure and what it measures: "5 lb tank", "A 10-gallon jug"
_ONE_AMOUNT = re.compile(rf"^\W*(?:an?\s+)?{_N}[\s-]*(?P<noun>[a-z]{{2,}})(?:[\s-]+[a-z]+){{0,2}}\W*$", re.IGNORECASE)


_ALSO = re.compile(r"^\s+(?:(?:and|&|plus)\s+)?(?P<noun>[a-z]{3,})\b", re.IGNORECASE)


def _with_also(span: ThingRange, match: re.Match[str], text: str) -> ThingRange:
    """The range with the second thing the label counts with the first ("doors and drawers")."""
    rest = text[match.end():]
    if (match.group("noun2") or "").lower() != "and" and not re.match(r"^\s+(?:and|&|plus)\s", rest, re.IGNORECASE):
        return span
    second = _ALSO.match(rest)
    also = _thing(second.group("noun")) if second is not None else ""
    if not also or also == span.thing or also in _MEASURES:
        return span
    return ThingRange(span.low, span.high, span.thing, span.open_low, span.open_high, also)


@lru_cache(maxsize=4096)
def said_things(text: str) -> tuple[tuple[float, str], ...] | None:
    """Each amount the turn says with the thing it counts ("about six yards": (6, "yard"); "three
    bedrooms, two and a half baths": (3, "bedroom"), (2.5, "bath"); "half a yard": (0.5, "yard"))
    or alone ("six": (6, "")); None when it says no number. A strict bound moves the amount past it
    ("under ten computers": 9)."""
    text = couple_as_two(shared_multiplier(square_feet(text)))
    text = without_grade_ranges(text)  # "450 kids, grades one to five": the grades are no amount
    found: list[tuple[float, str]] = []
    totals: list[tuple[float, str]] = []
    covered: list[tuple[int, int]] = []
    denied: list[tuple[float, str]] = []  # a bound denied ("not under twenty-five, about thirty")
    for match in _UNIT_AND_PART.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in covered):
            continue
        thing = _thing(match.group("unit"))
        if thing in _MEASURES:  # "a mile and a half": 1.5 miles
            whole = 1.0 if match.group("whole").lower() in ("a", "an") else float(number_value(match.group("whole")))
            covered.append((match.start(), match.end()))
            found.append((whole + (0.5 if match.group("part").lower() == "half" else 0.25), thing))
    for match in _FRACTION.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in covered):
            continue  # the half of "a mile and a half"
        if match.group("whole"):
            amount = number_value(match.group("whole")) + (0.5 if match.group("part").lower() == "half" else 0.25)
        else:
            amount = 0.25 if (match.group("alone") or "").lower() == "quarter" else 0.5
        covered.append((match.start(), match.end()))
        found.append((amount, _thing_after(text[match.end():])))
    for match in _DRIVE.finditer(text):
        if not _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
            covered.append((match.start(), match.end()))
            found.append((_driven_miles(match), "mile"))
    for match in _NEARBY.finditer(text):
        covered.append((match.start(), match.end()))
        found.append((0.5, "mile"))
    for match in _ONE_MEASURE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in covered):
            continue
        thing = _thing(match.group("unit"))
        if thing in _MEASURES and not _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
            covered.append((match.start(), match.end()))
            found.append((1.0, thing))  # "just a pound", "about a mile" ("not even a mile": none)
    for match in _DECIMAL.finditer(text):
        thing = _thing_after(text[match.end():])
        if thing in _MEASURES:  # "1.8 miles", "2.5 pounds"
            covered.append((match.start(), match.end()))
            found.append((float(match.group(0)), thing))
    for match in _NUMBER_RE.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        if _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
            if not STRICT_BOUND_BEFORE.search(text[max(0, match.start() - 30):match.start()]):
                continue  # "we don't need four, I'd say three"
            denied.append((float(number_value(match.group(0))), _thing_after(text[match.end():])))
            continue  # "not under twenty-five": at least that, the answer unless another amount is said
        after = text[match.end():match.end() + 12]
        if re.match(r"^(?::\d|/\d|,\d{3}|\.\d|\s*(?:st|nd|rd|th)\b|\s*(?:o'?clock|a\.?m\.?|p\.?m\.?)\b|\s+thousand\b|\s+hundred\b)", after, re.IGNORECASE):
            continue  # a time, a date, a larger number said in words
        if _DIMENSIONS.match(text, match.start()) or _DIMENSION_END.search(text[max(0, match.start() - 12):match.start()]):
            continue  # "a 20 by 30 area": a size, no amount
        amount = float(past_bound(text, match.start(), number_value(match.group(0))))  # "under ten bikes": 9
        if TOTAL_AFTER.match(text[match.end():]):
            totals.append((amount, ""))  # "we took in my sister's three, so five total": the total, not a part
            continue
        thing = _thing_after(text[match.end():])
        if (dimension := _DIMENSION_AFTER.match(text[match.end():])) is not None:
            thing = f"{thing}:{_DIMENSION_OF[dimension.group(1).lower()]}"  # "sixteen feet tall": a height
        found.append((amount, thing))
    # a denied bound gives way to another amount of the same thing ("not under twenty-five, about
    # thirty"), not to another thing's ("not under ten, we have two floors of cubicles")
    found += [item for item in denied if not any(thing == item[1] for _, thing in found)]
    return tuple(totals) or tuple(found) or None


_KIND_LEVELS = 6  # how far up WordNet's kinds a caller's thing may be the label's ("laptop": a computer)


@lru_cache(maxsize=16384)
def _kind_of(thing: str, counted: str) -> bool:
    """Whether the caller's thing is the label's or a kind of it ("laptops", "workstations" for
    "computers"; "box trucks", "vans" for "vehicles"), by its three most used senses ("van" is first a vanguard)."""
    if thing == counted:
        return True
    lexicon = wordnet.open_default()
    frontier = [("n", offset) for offset in lexicon.offsets(thing, "n")[:3]]
    for _ in range(_KIND_LEVELS):
        frontier = [parent for synset in frontier for parent in lexicon.broader(*synset, parts=False)]  # an inch is part of a foot, no kind
        if any(counted in lexicon.words_of(*parent) for parent in frontier):
            return True
    return False


def _counted(first: str, second: str | None) -> str:
    """The thing a label's number counts: its next word, or the word after an adjective ("cubic
    yards"); "" for people, a time or no thing."""
    if second and _compound_head(first, second):
        return _thing(second)  # "market days": days, "delivery vans": vans
    if first.lower() in _NOT_THINGS or person_noun(first.lower()):
        return ""
    if (thing := _thing(first)) and "n" in _noun_or_adjective(first):
        return thing
    return _thing(second) if second and "a" in _noun_or_adjective(first) else ""


def _compound_head(first: str, second: str) -> bool:
    """Whether two nouns are one compound whose head is the second ("market days", "box trucks",
    "delivery vans"): a singular noun before a plural one."""
    return (not first.lower().endswith("s") and second.lower().endswith("s") and "n" in _noun_or_adjective(first)
            and "n" in _noun_or_adjective(second) and second.lower() not in ("is", "was", "has", "does"))


@lru_cache(maxsize=8192)
def _noun_or_adjective(word: str) -> str:
    lexicon = wordnet.open_default()
    return "".join(pos for pos in ("n", "a") if any(p == pos for _, p in lexicon.base_forms(word.lower())))


def _thing_after(rest: str) -> str:
    """The thing counted right after an amount: the next word, or the one after it ("six cubic
    yards"); "" when neither names one."""
    guess = re.match(rf"^\s*(?:or|to|-|\u2013)\s*{NUMBER}", rest, re.IGNORECASE)
    if guess is not None:
        rest = rest[guess.end():]  # "10 or 12 dates": the thing after the second guess
    if _APPROXIMATE.match(rest):
        return ""  # "sixty or so", "ten or more": the amount alone
    following = _WORDS_AFTER.match(rest)
    if following is None or following.group(1).lower() in _PLACED:
        return ""  # "thirty from State": where they are from, not what is counted
    first, second = following.groups()
    if second and _compound_head(first, second):
        return _thing(second) or ("-" if second.lower() in _NOT_THINGS or person_noun(second.lower()) else "")
    for word in following.groups():
        if word and (thing := _thing(word)):
            return thing
        if word and (word.lower() in _NOT_THINGS or person_noun(word.lower())):
            return "-"  # people or a time: counted, but no thing
    return ""

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

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim import wordnet

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SMALL_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|one|two|three|four|five|six|seven|eight|nine)"
)
_NUMBER_WORD = (
    # "a thousand", "two thousand five hundred", "twelve hundred", "a hundred and fifty"; "two
    # dozen", "half a dozen": the multiplier first (a rating, a head count of a big event)
    rf"(?:(?:a|{_SMALL_WORD}) thousand(?:(?: and)? (?:(?:a|one|two|three|four|five|six|seven|eight|nine) hundred"
    rf"(?:(?: and)? {_SMALL_WORD})?|{_SMALL_WORD}))?"
    rf"|(?:a|{_SMALL_WORD}) hundred(?:(?: and)? {_SMALL_WORD})?"
    rf"|(?:a|one|two|three|four|five|six|seven|eight|nine|ten) dozen|half a dozen"
    rf"|{_SMALL_WORD})"
)
# a count said in digits (up to four, or thousands with their comma: "1450", "1,200") or words
# (also read by label_ages.py and label_frequency.py); a year is no count (_is_count)
# (a pronoun "one" is no number: "the one with the car", "that one", "which one", "one of them")
_PRONOUN_ONE = (
    r"(?!(?:(?<=(?<!\bjust )(?<!\bonly )\bthe )|(?<=\bthat )|(?<=\bthis )|(?<=\bwhich )|(?<=\beach )|(?<=\bevery )|(?<=\bany )|(?<=\bother )"
    r"|(?<=\banother )|(?<=\bno ))one\b)(?!one\s+(?:of|another|by\s+one)\b)"
)
NUMBER = rf"(?:(?<![\d$.,:/])(?:\d{{1,3}},\d{{3}}|\d{{1,4}})(?![\d:/]|\.\d|,\d)|\b{_PRONOUN_ONE}{_NUMBER_WORD}\b)"
# what makes a number something other than a count: a unit of time, money or measure after it
_NOT_COUNT_AFTER = re.compile(
    r"^(?:\s*|-)(?:o'?clock|a\.?m\b|p\.?m\b|am\b|pm\b|%|percent|dollars?|bucks|cents?|euros?|pounds?|quid|grand\b|k\b|times\b"
    r"|thousand\b|million\b|billion\b"  # "six hundred twenty thousand": a larger number, said partly
    r"|(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?|seconds?|secs?|decades?)\b(?!\s*old|-old)"
    r"|year-olds\b|years?\s+olds\b"  # "are 15-year-olds adult price?": a kind of person, not how many
    r"|square\s+(?:feet|foot|ft|meters?|miles?)\b|sq\b|miles?|kilometers?|km\b|feet|foot|ft\b|inch(?:es)?|acres?|hectares?|tons?\b|gauge|karat|carat|watts?|volts?|amps?\b|yards?|meters?|gallons?|liters?|lbs?\b|ounces?|oz\b|degrees?"
    # "around 2 in the afternoon", "7 at night": a clock time ("4 in the evening class" stays a count)
    r"|in\s+the\s+(?:morning|afternoon|evening)\b(?!\s+(?:class|classes|group|groups|session|sessions|shift|shifts|team|program)\b)|at\s+night\b"
    r"|st\b|nd\b|rd\b|th\b|:\d|/\d|,\d{3}|\.\d)",
    re.IGNORECASE,
)
_NOT_COUNT_BEFORE = re.compile(
    r"(?:\$|#|(?<!\blooking )(?<!\blook )\bat|\bby|\buntil|\btill|\bbefore|\bafter|\bnumber|\bno\.|\broom|\bsuite|\bunit|\bapt|\bzone"
    r"|\bstation|\bexit|\broute|\bhighway|\bstore|\blane|\bgate|\bchannel|\bcode|\bjanuary|\bfebruary|\bmarch|\bapril"
    r"|\bmay|\bjune|\bjuly|\baugust|\bseptember|\boctober|\bnovember|\bdecember|\bjan|\bfeb|\bmar|\bapr|\bjun|\bjul"
    r"|\baug|\bsep|\bsept|\boct|\bnov|\bdec|\bfoot|\bfeet|\bft)\s*$",  # "four foot ten": ten inches
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
        (rf"{_N}\s*(?:-|\u2013|to|through|thru)\s*{_M}", "between"),  # "Fourteen through seventeen"
        # "6 or more", "1,000 guests or more"
        (rf"{_N}(?:\s+[a-z]+)?\s*(?:or|and) (?:more|over|above|up|older|larger|bigger|higher)\b", "at-least"),
        (rf"{_N}\s*\+", "at-least"),
        (rf"{_N} plus\b", "at-least"),
        (rf"\bat least {_N}", "at-least"),
        (rf"\b(?:more than|over|above|bigger than|larger than|older than) {_N}", "more-than"),
        (rf"{_N}(?:\s+[a-z]+)?\s*(?:or|and) (?:fewer|less|under|below|younger|smaller|lower)\b", "at-most"),
        (rf"\b(?:up to|at most|no more than|not more than|maximum of|max of) {_N}", "at-most"),
        (rf"\b(?:fewer than|less than|under|below|younger than|smaller than) {_N}", "less-than"),
        (rf"{_N} or {_M}\b", "between"),  # "One or two people"
        (r"\b(?P<a>(?:just|only) (?:me|myself|you|yourself)|by (?:my|your)self|on (?:my|your) own)\b", "one"),  # "Just me"
        # "Just one person", "One guest", "A single rider": one, alone as a menu option says it
        (r"^\W*(?:(?:just|only)\s+)?(?P<a>one|1|a\s+single)\s+(?!(?:thing|question|more|time|last|second|moment|minute)\b)[a-z]+\W*$|\b(?:just|only)\s+(?:one|1)\W*$", "one"),
    )
)


# what an age reading says of "three kids": a count of people, no age; no range holds it
HEAD_COUNT = -1


@dataclass(frozen=True, slots=True)
class CountRange:
    """The counts a label accepts, both bounds inclusive (None: unbounded)."""

    low: int | None
    high: int | None

    def holds(self, count: float) -> bool | None:
        """Whether the count is inside; None when it is of another magnitude than the range's
        bounds, so measures something else: "eleven years old" against ratings "under 1200",
        "three thousand square feet" against "fewer than 25 employees"."""
        if count < 0:
            return False  # HEAD_COUNT: people counted where a value of one is asked hold no range
        bounds = [bound for bound in (self.low, self.high) if bound is not None]
        if bounds and ((min(bounds) >= 1000 and count < 100) or (max(bounds) < 100 and count >= 1000)):
            return None
        return (self.low is None or count >= self.low) and (self.high is None or count <= self.high)

    def said(self) -> str:
        if self.low is None:
            return f"at most {self.high}"
        if self.high is None:
            return f"at least {self.low}"
        return f"{self.low}-{self.high}"


def number_value(text: str) -> int:
    """The value of a number matched by NUMBER ("12", "twelve", "twenty-one", "a dozen")."""
    spoken = text.strip().lower().replace(",", "")
    if spoken.isdigit():
        return int(spoken)
    if " thousand" in spoken:
        many, _, rest = spoken.partition(" thousand")
        rest = rest.replace(" and ", " ").strip()
        return 1000 * (1 if many == "a" else number_value(many)) + (number_value(rest) if rest else 0)
    if spoken.endswith("dozen"):
        many = spoken.split()[0]
        return 6 if many == "half" else 12 * (1 if many in ("a", "one") else _UNITS[many])
    if " hundred" in spoken:
        many, _, rest = spoken.partition(" hundred")
        rest = rest.replace(" and ", " ").strip()
        return 100 * (1 if many == "a" else number_value(many)) + (number_value(rest) if rest else 0)
    parts = re.split(r"[- ]", spoken)
    return _TENS.get(parts[0], 0) + sum(_UNITS.get(part, 0) for part in parts[1:]) if parts[0] in _TENS else _UNITS[parts[0]]


_NOT_A_COUNT_ONE_BEFORE = re.compile(r"\b(?:the|that|this|which|any|no|each|every|another|other|no)\s+$", re.IGNORECASE)
# "one" standing for a thing named before: "the ten-year one", "a bigger one", "my old one"
# ("one for the bride and one for the bridesmaids": two, counted)
_PRONOUN_ONE_BEFORE = re.compile(r"\b(?:the|that|this|a|an|my|your|his|her|our|their)\s+(?:(?!(?:and|plus)\b)[a-z]+[\s-]+){1,2}$", re.IGNORECASE)
_PRONOUN_ONE_AFTER = re.compile(r"^\s*(?:[.,;:!?]|$|(?:for|with|from|in|on|that|you|we|i|please)\b)", re.IGNORECASE)
_PHONE_OR_CODE = re.compile(r"\(?\b\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}\b|\b[A-Za-z]+-?\d[\w-]*|\b\d+(?!ish\b)[A-Za-z]+\w*|\d+-\d+-\d+")
# a count of groups, not of people ("two third-grade classes", "three families"): no head count
_GROUPS_AFTER = re.compile(
    r"^(?:[\s-]+[a-z]+){0,2}?[\s-]+(?:classes|classrooms|teams|groups|families|troops|busloads|carloads|departments|schools|clubs"
    r"|sections|homerooms|cohorts|squads|crews|shifts"
    # what people come in: "two vans full of kids", "two floors of cubicles" ("four cars" alone is a count of cars)
    r"|(?:vans|buses|busses|cars|tables|floors|rooms)\s+(?:full\s+)?of)\b",
    re.IGNORECASE,
)
# a bound said beside an estimate: "no more than twenty, probably eighteen" is eighteen
_BOUND_BEFORE = re.compile(
    r"\b(?:no more than|not more than|at most|up to|under|over|more than|at least|less than|fewer than|max(?:imum)?(?: of)?)\s+$",
    re.IGNORECASE,
)


# a strict bound before a lone number moves it past the bound: "under ten" is at most nine, "more
# than twenty" at least 21; negated it is the bound itself ("not under twenty", "won't be over 10")
STRICT_BOUND_BEFORE = re.compile(
    r"(?P<neg>\bnot\s+|\bno\s+|n't\s+(?:be\s+)?)?\b(?P<bound>under|below|less than|fewer than|over|above|more than|bigger than|larger than"
    r"|wider than|longer than|taller than|heavier than|deeper than|higher than|narrower than|shorter than|lighter than|smaller than)"
    r"\s+(?:about\s+|like\s+|around\s+)?$",
    re.IGNORECASE,
)
_BELOW = frozenset(["under", "below", "less than", "fewer than", "narrower than", "shorter than", "lighter than", "smaller than"])


def past_bound(text: str, start: int, value: int) -> int:
    """A number said after a strict bound, moved past it (STRICT_BOUND_BEFORE; also read by label_things.py)."""
    found = STRICT_BOUND_BEFORE.search(text[max(0, start - 30):start])
    if found is None or found.group("neg"):
        return value
    return value - 1 if re.sub(r"\s+", " ", found.group("bound").lower()) in _BELOW else value + 1


# the number said of now among others: "she'll be thirteen in two weeks, so twelve right now"
_NOW_AFTER = re.compile(r"^\s+(?:right\s+now|now|currently|at\s+the\s+moment|as\s+of\s+(?:now|today))\b", re.IGNORECASE)
# one more person named after a head count: "two adults and a baby", "three kids plus a grandma"
_AND_ONE_PERSON = re.compile(r"^\s+(?:[a-z]+\s+)?[a-z]+\s+(?:and|plus|\+)\s+(?:a|an|one)\s+(?:[a-z]+\s+)?(?P<noun>[a-z]+)\b", re.IGNORECASE)


_OTHER_GUESS_AFTER = re.compile(rf"^\s*(?:or|to|-|\u2013)\s*{NUMBER}", re.IGNORECASE)


_ONLY_THE = re.compile(r"\b(?:just|only)\s+the\s+$", re.IGNORECASE)


def _is_count(text: str, start: int, end: int) -> bool:
    said = text[start:end].lower()
    only = said == "one" and _ONLY_THE.search(text[max(0, start - 10):start]) is not None  # "just the one old boy": one
    if said == "one" and not only and (text[end:end + 4].lower() == " of " or _NOT_A_COUNT_ONE_BEFORE.search(text[max(0, start - 10):start])):
        return False  # "one of your horses", "the one by the door": which, not how many
    if said == "one" and _PRONOUN_ONE_BEFORE.search(text[max(0, start - 30):start]) and _PRONOUN_ONE_AFTER.match(text[end:]):
        return False  # "we need the ten-year one": which thing, not how many
    if _NOT_COUNT_AFTER.match(text[end:end + 36]) is not None:
        return False
    guess = _OTHER_GUESS_AFTER.match(text[end:end + 40])
    if guess is not None and _NOT_COUNT_AFTER.match(text[end + guess.end():end + guess.end() + 12]) is not None:
        return False  # "two or three times a week": the unit after the second guess is the first's too
    if _NOT_COUNT_BEFORE.search(text[max(0, start - 12):start]) is not None:
        return False
    value = number_value(text[start:end])
    if text[start:end].isdigit() and len(text[start:end]) == 4 and 1900 <= value <= 2100:
        return _NOT_A_YEAR_BEFORE.search(text[max(0, start - 24):start]) is not None  # "I'm 2050": a rating
    return True


# what a year is never said after: a person or a rating being the number ("I'm 2050", "rated 1960")
_NOT_A_YEAR_BEFORE = re.compile(
    r"\b(?:i'm|i am|he's|she's|he is|she is|rated|rating(?:\s+(?:is|of))?|score(?:\s+(?:is|of))?|scored)\s+"
    r"(?:about\s+|around\s+|like\s+|only\s+|just\s+)?$",
    re.IGNORECASE,
)


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
            numbers = [group for group in ("a", "b") if group in match.groupdict() and match.group(group) and kind != "one"]
            if not all(_is_count(text, match.start(group), match.end(group)) for group in numbers):
                return None
            if _BARE_END.match(text[match.end():]) and _UNIT_NAMED.search(text):
                return None  # "A few hours, up to 4": the number takes the unit the label names
            if kind == "one":
                taken.append((match.start(), match.end()))
                found.append((match.start(), CountRange(1, 1)))
                continue
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
    if not found and _NONE_YET.search(text):
        return CountRange(0, 0)  # "No flight hours yet": none of what the other options count
    return found[0][1] if len(found) == 1 else None


# a label of none: "No flight hours yet", "Caller has no college credits yet", "Zero contacts so far"
_NONE_YET = re.compile(r"^\W*(?:caller\s+has\s+)?(?:no|zero)\s+(?:[a-z]+\s+){0,2}[a-z]+s\s+(?:yet|so\s+far)\b", re.IGNORECASE)
# a caller's none: "Zero, I just got my license", "None so far" (not "none of those")
_ZERO = re.compile(r"\bzero\b|^\W*(?:none|nada)\b(?!\s+of\b)", re.IGNORECASE)


_OF_US = re.compile(r"^\s+(?:of us|of them|in (?:our|my|the) (?:group|party|family))\b", re.IGNORECASE)
_FOLLOWED_BY_NOUN = re.compile(r"^\s+(?:\w+\s+)?[a-z]+", re.IGNORECASE)


# the speaker counted with others: "me and my partner", "my wife and I", "me, my sister"
_WITH_SPEAKER = re.compile(
    r"\b(?:me|myself)\s*(?:,|and|&|\+|plus)\s|(?:,|\band|&)\s+(?:me|myself|i)\b(?!')(?!\s+(?:think|guess|believe|mean|suppose)\b)",
    re.IGNORECASE,
)
# the speaker alone: "just me", "only myself", "by myself", "on my own", "just for me"
_SPEAKER_ALONE = re.compile(
    r"(?:\b(?:just|only)\s+(?:for\s+)?(?:me|myself)|\bby myself|\bon my own|\bjust the one|\b(?:i|i'm|i've|i'll)\s+(?:(?!not\b|never\b|n't\b)\w+\s+)?(?:live|living|lived|be|go|going|come|coming|ride|riding)\s+alone)\b"
    r"(?!\s*(?:,\s*)?(?:and|&|\+|plus)\b)",
    re.IGNORECASE,
)
_NOT_ALONE = re.compile(r"\bnot\s+(?:just|only)\s+(?:for\s+)?(?:me|myself)\b", re.IGNORECASE)
# one more person named beside the speaker: "my partner", "my husband", "Dana"
_ONE_PERSON = re.compile(r"\b(?:my|our)\s+([a-z]+(?:-in-law)?)\b", re.IGNORECASE)
_PERSON_LEXFILE = 18  # noun.person in WordNet's lexicographer files
# a second number offered as another guess at the first: "eight, maybe nine", "two or three"
# (a range said with "to" or a dash, "8-10 of us", stays the caller's own range: no one count)
ANOTHER_GUESS = re.compile(r"^\s*(?:,\s*)?(?:or|maybe|possibly|probably|perhaps)\s+(?:maybe\s+)?$", re.IGNORECASE)
_RANGE_JOINER = re.compile(r"^\s*(?:-|\u2013|to|or)\s*$", re.IGNORECASE)
_PEOPLE_AFTER = re.compile(
    r"^\s+(?:[a-z]+\s+)?(?:people|persons|guests|adults|kids|children|girls|boys|friends|riders|players|folks|teens|students|of us)\b",
    re.IGNORECASE,
)


_NEXT_WORDS = re.compile(r"^\s+([a-z]+)(?:\s+([a-z]+))?", re.IGNORECASE)


def _people_after(rest: str) -> bool:
    """Whether a number is said of people: "ten girls", "6 of us", "seven grandchildren", "two
    little cousins" (the noun right after it, or after one word more)."""
    if _PEOPLE_AFTER.match(rest):
        return True
    following = _NEXT_WORDS.match(rest)
    return following is not None and any(word and person_noun(word) for word in following.groups())


@lru_cache(maxsize=16384)
def person_noun(word: str) -> bool:
    """Whether a noun's most used sense is a person ("partner", "husband", "mother-in-law",
    "the manager"; also read by labels.py)."""
    lexicon = wordnet.open_default()
    for form, pos in lexicon.base_forms(word.lower()):
        if pos == "n":
            offsets = lexicon.offsets(form, "n")
            return bool(offsets) and lexicon.lexfile("n", offsets[0]) == _PERSON_LEXFILE
    return False


def _people_named(text: str, counted: int | None) -> int | None:
    """The head count a turn says by naming people with the speaker ("me and my partner": 2, "me
    and my two kids": 3, "just myself": 1, "not just me": 2 at least), given the one count it
    says in numbers (`counted`) or None."""
    not_alone = _NOT_ALONE.search(text) is not None
    if counted is None and not not_alone and _SPEAKER_ALONE.search(text):
        return 1  # "Just me, I'm new in town", "Just for me, my husband doesn't ride"
    joined = _WITH_SPEAKER.search(text)
    named = 0
    if joined is not None:
        # the people named around the speaker: each "my <person>" in the same clause adds one
        clause = re.split(r"[.;!?]|\bbut\b", text[max(0, joined.start() - 40) : joined.end() + 40])[0 if joined.start() < 40 else -1]
        named = sum(1 for found in _ONE_PERSON.finditer(clause) if not found.group(1).endswith("s") and person_noun(found.group(1)))
    if counted is not None:
        if joined is None:
            return counted
        return counted + 1 + named  # "me and my two kids": the speaker (and who else is named) beside the count
    if named:
        return 1 + named
    if len(text.split()) <= _LISTED_WORDS and (listed := _people_listed(text)) is not None:
        return listed + 1 if not_alone else listed  # "Not just me anymore, my girlfriend moved in": 2
    return 2 if not_alone else None


# a turn that names its people as the answer is short ("Just my son and me"); in a longer one, "my
# great-grandpa tended that beacon", "my grandmother was born out there" are people spoken of, no party
_LISTED_WORDS = 12
# people a caller names without a number, the speaker not among them unless said: "just my son",
# "only my youngest", "my twins", "both girls, and probably me too", "not just her, her brother too"
_BOTH = re.compile(
    r"\b(?:both|the\s+two)(?:\s+of)?(?:\s+(?:my|our|the|his|her|them|these|those))?(?:\s+(?P<pair>[a-z]+))?"
    r"|\b(?:(?:my|our|the)\s+)?(?P<multiple>twins|triplets)\b",
    re.IGNORECASE,
)
_POSSESSED = re.compile(r"\b(?:my|our|his|her|their)\s+(?P<a>[a-z]+)(?!')(?:\s+(?P<b>[a-z]+)(?!'))?", re.IGNORECASE)
_BEFORE_PERSON = frozenset(["little", "baby", "older", "younger", "big", "oldest", "youngest", "eldest", "middle", "new"])
_ONE_OF_THEM = frozenset(["youngest", "oldest", "eldest"])
_SPEAKER_TOO = re.compile(
    r"\b(?:me|myself|i)\s+(?:too|also|as\s+well)\b|\b(?:and|plus|probably|maybe|also)\s+(?:me|myself)\b|\bme\s+and\b",
    re.IGNORECASE,
)
_JUST_ONE = re.compile(r"\b(?:just|only)\s+(?:my|our|the|his|her)\b", re.IGNORECASE)
_NOT_JUST = re.compile(r"\bnot\s+(?:just|only)\s+(?:him|her|them|one|my|our|the)\b", re.IGNORECASE)


def _plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith("ss") and noun != "boss"


def _people_listed(text: str) -> int | None:
    """How many people a turn names when it says no number: each "my <person>" one, "both" and
    twins two, the speaker one more when added ("and probably me too"); None when it names a
    group it does not count ("my kids") or no one. "Not just her" is two at least."""
    count = 0
    for found in _BOTH.finditer(text):
        pair = (found.group("pair") or "").lower()
        if found.group("multiple"):
            count += 2 if found.group("multiple").lower() == "twins" else 3
        elif not pair or pair in ("of", "them") or person_noun(pair):
            count += 2
        else:
            continue  # "both options": no people
        text = text[: found.start()] + " " * (found.end() - found.start()) + text[found.end():]
    for found in _POSSESSED.finditer(text):
        first, second = found.group("a").lower(), (found.group("b") or "").lower()
        if first in _BEFORE_PERSON and second and person_noun(second):
            noun = second  # "my little brother"
        elif person_noun(first):
            noun = first
        elif first in _ONE_OF_THEM:
            count += 1  # "only my youngest"
            continue
        else:
            continue  # "my hair", "her class"
        if _plural(noun):
            return None  # "my kids", "my girls": a group not counted
        count += 1
    if count == 0:
        return None
    count += 1 if _SPEAKER_TOO.search(text) else 0
    if _NOT_JUST.search(text):
        return max(count, 2)
    return count


# a total said after its parts: "so five total", "five altogether" (also read by label_things.py)
TOTAL_AFTER = re.compile(r"^\s+(?:total|in\s+total|altogether|all\s+together|all\s+told)\b", re.IGNORECASE)
# what says that the number after it is someone's age: "she's six", "he just turned nine"
_AGE_SAID = r"\b(?:he's|she's|he\s+is|she\s+is|who's|who\s+is|turned|turns|aged)\s+(?:just\s+|only\s+|about\s+|almost\s+)?"
_AGE_BEFORE = re.compile(rf"{_AGE_SAID}$", re.IGNORECASE)


_AGED = re.compile(rf"{_AGE_SAID}{NUMBER}", re.IGNORECASE)


def _numbers(text: str) -> tuple[int, int | None] | None:
    """The one count a turn says in numbers and where it ends (None for a sum of several), or
    None; `text` has its phone numbers and codes blanked."""
    counts = [
        (match, past_bound(text, match.start(), number_value(match.group(0))))
        for match in _COUNT_RE.finditer(text)
        if _is_count(text, match.start(), match.end())
        and (not re.search(r"(?:\bnot|n't|\bno|\bnever|\bnowhere\s+near)\s+(?!more\b|less\b|fewer\b|over\b|under\b)(?:[a-z]+\s+){0,2}$",
                           text[max(0, match.start() - 24):match.start()], re.IGNORECASE)
             or STRICT_BOUND_BEFORE.search(text[max(0, match.start() - 30):match.start()]) is not None)
    ]  # "not six", "we won't hit ten", "not just the two of us": ruled out ("won't be over 10" is a bound)
    # "eight, maybe nine", "two or three": another guess at the same count, not more people
    counts = [(match, value) for position, (match, value) in enumerate(counts)
              if position == 0 or not ANOTHER_GUESS.match(text[counts[position - 1][0].end():match.start()])
              or _BOUND_BEFORE.search(text[max(0, counts[position - 1][0].start() - 20):counts[position - 1][0].start()])]
    counts = [(match, value) for match, value in counts
              if not _GROUPS_AFTER.match(text[match.end():]) or _PEOPLE_AFTER.match(text[match.end():])]  # ("300 people counting families")
    ranged = any(_RANGE_JOINER.match(text[first.end():second.start()]) for (first, _), (second, _) in itertools.pairwise(counts))
    if len(counts) > 1 and not ranged and sum(1 for match, _ in counts if _PEOPLE_AFTER.match(text[match.end():])) == 1:
        # "about ten girls for my daughter's sweet sixteen": the number said of people
        counts = [(match, value) for match, value in counts if _PEOPLE_AFTER.match(text[match.end():])]
    if len(counts) > 1 and sum(1 for match, _ in counts if _NOW_AFTER.match(text[match.end():])) == 1:
        counts = [(match, value) for match, value in counts if _NOW_AFTER.match(text[match.end():])]
    if len(counts) > 1 and sum(1 for match, _ in counts if TOTAL_AFTER.match(text[match.end():])) == 1:
        # "not just two anymore, we took in my sister's three, so five total": the total said
        counts = [(match, value) for match, value in counts if TOTAL_AFTER.match(text[match.end():])]
    aged = [_AGE_BEFORE.search(text[max(0, match.start() - 24):match.start()]) is not None for match, _ in counts]
    if len(counts) > 1 and any(aged) and all(_FOLLOWED_BY_NOUN.match(text[match.end():]) for (match, _), age in zip(counts, aged, strict=True) if not age):
        # "just the one old boy, he's fourteen": an age said of the ones counted, not a count ("past five, he's nine" counts nothing)
        counts = [count for count, age in zip(counts, aged, strict=True) if not age]
    if len(counts) > 1:
        estimates = [(match, value) for match, value in counts if not _BOUND_BEFORE.search(text[max(0, match.start() - 20):match.start()])]
        if len(estimates) == 1:
            counts = estimates
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0][1], counts[0][0].end()
    wholes = [(match, value) for match, value in counts if _OF_US.match(text[match.end():])]
    if len(wholes) == 1 and not ranged:
        return wholes[0][1], wholes[0][0].end()  # "six of us, two of them kids": the whole, and a part of it
    if wholes:
        return None
    if all(_FOLLOWED_BY_NOUN.match(text[match.end():]) for match, _ in counts):
        return sum(value for _, value in counts), None
    return None


# "a couple hundred", "a few thousand", "a couple dozen": about two and three of them
_ROUGH_HUNDREDS = re.compile(r"\ba\s+(?P<r>couple(?:\s+of)?|few)\s+(?P<m>hundred|thousand|dozen)\b", re.IGNORECASE)
# "seven or eight hundred", "six or seven thousand", "two to three grand": the multiplier is both numbers'
_SHARED_HUNDREDS = re.compile(
    r"\b(?P<x>one|two|three|four|five|six|seven|eight|nine|ten|\d)\s+(?P<j>or|to|-|\u2013)\s+"
    r"(?P<y>two|three|four|five|six|seven|eight|nine|ten|\d)\s+(?P<m>hundred|thousand|grand)\b",
    re.IGNORECASE,
)


def _rough_hundreds(match: re.Match[str]) -> str:
    return f"{'two' if match.group('r').lower().startswith('couple') else 'three'} {match.group('m')}"


def _hundreds_each(match: re.Match[str]) -> str:
    return f"{match.group('x')} {match.group('m')} {match.group('j')} {match.group('y')} {match.group('m')}"


# a number in the hundreds said as two ("seven-eighty", "six fifty", "eight-ten": a credit score, a
# head count), not a time ("at six-thirty", "six-thirty pm")
# (the two numbers, groups h, t, u; also read by label_money.py, with its own context after them)
HUNDREDS_AS_TWO = (
    r"\b(?P<h>one|two|three|four|five|six|seven|eight|nine)[\s-]+(?P<t>ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?P<u>one|two|three|four|five|six|seven|eight|nine)\b)?\b"
)
_HUNDREDS_SAID_AS_TWO = re.compile(
    rf"(?P<at>\b(?:at|by|until|till|after|before)\s+)?{HUNDREDS_AS_TWO}"
    r"(?!\s*(?:a\.?m\b|p\.?m\b|o'?clock|in\s+the|tonight|this\s+(?:morning|evening)|hundred|thousand))",
    re.IGNORECASE,
)


def hundreds_and_tens(match: re.Match[str]) -> tuple[int, int]:
    """(the hundreds' digit, the rest) of a HUNDREDS_AS_TWO match: "seven-eighty" (7, 80)."""
    units = _UNITS[match.group("u").lower()] if match.group("u") else 0
    return _UNITS[match.group("h").lower()], (_TENS.get(match.group("t").lower()) or _UNITS[match.group("t").lower()]) + units


def _as_hundreds(match: re.Match[str]) -> str:
    hundreds, tens = hundreds_and_tens(match)
    if match.group("at"):
        return f"{match.group('at')}{hundreds}:{tens:02d}"  # "at six-thirty": a time, no count
    return str(hundreds * 100 + tens)


def shared_multiplier(text: str) -> str:
    """The turn with a multiplier said once for two numbers said for each ("six or seven thousand":
    "six thousand or seven thousand") and a rough one in numbers ("a couple hundred": "two
    hundred"); also read by label_money.py."""
    if "hundred" not in text and "thousand" not in text and "grand" not in text and "dozen" not in text:
        return text
    return _SHARED_HUNDREDS.sub(_hundreds_each, _ROUGH_HUNDREDS.sub(_rough_hundreds, text))


def _blanked(text: str) -> str:
    return _PHONE_OR_CODE.sub(lambda found: " " * len(found.group(0)), text)  # "(614) 555 0111", "S-19362"


# "a couple, both huskies", "just a couple of dogs": two (not "a couple of years", "a couple times a week")
_A_COUPLE = re.compile(
    r"\ba\s+couple(?:\s+of)?\b(?!\s+(?:of\s+)?(?:hundred|thousand|dozen|grand|years?|months?|weeks?|days?|nights?|hours?|minutes?|times)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _scanned(text: str) -> tuple[str, tuple[int, int | None] | None]:
    """The turn with its phone numbers and codes blanked, a rough count said in numbers ("a
    couple": two), and its one count in numbers (_numbers): one scan for said_count and
    said_number alike."""
    blanked = couple_as_two(shared_multiplier(_blanked(text)))
    return blanked, _numbers(blanked)


def couple_as_two(text: str) -> str:
    """The turn with "a couple (of)" said as "two" where it counts ("A couple, both huskies"; also
    read by label_things.py)."""
    return _A_COUPLE.sub("two", text) if "couple" in text else text


_GRADE = (r"(?:\d{1,2}(?:st|nd|rd|th)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
          r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)")
# what a range of school grades is said with (most turns have none: the range is looked for only then)
_GRADE_CUE = re.compile(r"grade|\bk\b|kinder|pre-?k", re.IGNORECASE)
# a range of school grades, no count: "K through eight", "pre-K to 5th", "grades one to five", "6th
# through 8th grade", "sixth to eighth graders" (the number of students is said beside it)
_GRADE_RANGE = re.compile(
    rf"\b(?:(?:pre-?k|k|kindergarten)\s*(?:through|thru|to|-)\s*{_GRADE}(?:\s+grades?(?:rs)?)?"
    rf"|grades?\s+{_GRADE}\s*(?:through|thru|to|-|and)\s*{_GRADE}"
    rf"|{_GRADE}\s*(?:through|thru|to|-)\s*{_GRADE}\s+grade(?:s|rs)?)\b",
    re.IGNORECASE,
)


def without_grade_ranges(text: str) -> str:
    """The text with its ranges of school grades left out (read by said_count and
    label_things.said_things): a grade range says which children, not how many."""
    return _GRADE_RANGE.sub(" ", text) if _GRADE_CUE.search(text) else text


@lru_cache(maxsize=4096)
def said_count(text: str) -> int | None:
    """The count a caller's turn states: its one count, or the sum of several each said of its own
    people or things ("two adults and three kids": 5), or the estimate beside a bound ("no more
    than twenty, probably eighteen": 18; "24ish": 24), or another guess ("eight, maybe nine": 8),
    or the people named with the speaker ("me and my partner": 2, "me and my two kids": 3, "just
    myself": 1), or none ("zero", "None so far": 0); None when it states none, or several that do not add up ("four of us at 7" has
    one: the time is no count), or only a count of groups ("two third-grade classes")."""
    if _ZERO.search(text):
        return 0
    text = without_grade_ranges(text)  # "About 450, K through eight": the grades are no count
    # (a count only: an amount of money said so, "seven fifty", may be $7.50: label_money.py)
    text, found = _scanned(_HUNDREDS_SAID_AS_TWO.sub(_as_hundreds, text))
    if found is None:
        return _people_named(text, None)
    value, end = found
    if end is not None and (aged := _AGED.search(text, 0, end)) is not None and aged.end() == end:
        # "Me, my wife, and our daughter, she's six": an age said of one of the people named, not
        # how many they are
        named = _people_named(text[: aged.start()] + text[end:], None)
        if named is not None:
            return named
    if end is None or not _people_after(text[end:]):
        return value
    counted = _people_named(text, value)
    more = _AND_ONE_PERSON.match(text[end:])
    if counted is not None and more is not None and person_noun(more.group("noun")):
        return counted + 1  # "two adults and a baby"
    return counted


# a number said of things, not an age: "two seats", "3 big tickets" ("years", "months" old are
# ages; "sixteen and plays varsity" says more of the one person)
_THINGS_AFTER = re.compile(
    r"^\s+(?!(?:and|or|but|so|who|that|which|with|in|at|on|to|for|now|next|this|years|months|yrs)\b)"
    r"(?:[a-z]+\s+)?(?!years\b|months\b|yrs\b)(?P<noun>[a-z]+s)\b|^\s+(?:of us|of them)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def said_number(text: str) -> int | None:
    """The one number a caller's turn says as a bare value ("he's ten", "8", "she just turned six"),
    as an answer to "how old?" is: None for a count of things ("two seats", "3 tickets"), a sum,
    people named or no number; a count of people ("3 kids") stays a number, which no age range
    of a sensible label holds."""
    text, found = _scanned(text)
    if found is None or found[1] is None:
        return None
    things = _THINGS_AFTER.match(text[found[1]:])
    if things is not None and not (things.group("noun") and person_noun(things.group("noun"))):
        return None  # "3 kids" stays a number: a head count said where an age is asked fits no age
    return found[0]

"""An age said without a number of years ("she's in fourth grade", "a sophomore in high school",
"we're in our forties"), against the age range a label states ("Ages 11 to 14", "Adult, 19 or
older").

A person answering "How old is the swimmer?" with a school grade means an age, and whoever hears
it reads it as one; no word of it is in the label. The age is the one a child of that grade
is at the start of the school year (grade + 5: a fourth grader is 9, kindergarten 5, a high-school
freshman 14, a senior 17); a decade is its middle, or its early / late part ("in our forties" 45, "early
twenties" 22, "late sixties" 68). A grade on the edge of two ranges is as ambiguous for this as
for a person. Pure functions of the texts; both sides of every bound are pinned in
tests/unit/test_label_routing_round10.py."""

from __future__ import annotations

import re
from functools import lru_cache

from tornado_operator.engine.sim.label_age_months import label_age_months
from tornado_operator.engine.sim.label_counts import (
    HEAD_COUNT,
    NUMBER,
    CountRange,
    label_range,
    number_value,
    said_number,
)
from tornado_operator.engine.sim.label_money import label_money

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_YEARS_IN_HIGH_SCHOOL = {"freshman": 9, "sophomore": 10, "junior": 11, "senior": 12}
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90}
_ORDINAL_WORDS = "|".join(_ORDINALS)  # first ... twelfth
# an age said as the birthday just had: "he had his fourteenth birthday last weekend", "she
# celebrated her 16th birthday in May" (ordinals to ninety-ninth)
_TEENTHS = {f"{stem}teenth": 10 + n for n, stem in enumerate(("thir", "four", "fif", "six", "seven", "eigh", "nine"), start=3)}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TENTHS = {word[:-1] + "ieth": value for word, value in _TENS.items()}  # twentieth ... ninetieth
_AGE_ORDINAL = (
    rf"(?P<b>\d{{1,2}})(?:st|nd|rd|th)|(?P<bt>{'|'.join(_TENS)})-(?P<bu>{'|'.join(list(_ORDINALS)[:9])})"
    rf"|(?P<bw>{'|'.join([*_ORDINALS, *_TEENTHS, *_TENTHS])})"
)
_ORDINAL = rf"(?:(?P<o>{_ORDINAL_WORDS})|(?P<n>1[0-2]|[1-9])(?:st|nd|rd|th))"
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_AGE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        # "in fourth grade", "a fifth grader", "a sixth-grader", "in the 3rd grade" (not "third-grade classes")
        (rf"\b{_ORDINAL}[\s-]+grade(?:r\b|\b(?![\s-]+(?:class|classes|classroom|classrooms|team|teams|group|groups)\b))", "grade"),
        (r"\b(?:in |a )?(?:kindergarten|kindergartner|kindergartener)\b", "kindergarten"),
        # a grade said without the word, where a grade is asked: "she's in seventh", "he's only in
        # sixth", "going into tenth" (not "in second place": a noun after it)
        (rf"\b(?:in|into|entering|starting)\s+(?:the\s+)?{_ORDINAL}(?=\s*(?:[,.;!?]|$|\s+(?:and|but|so|now|right|this|next|too|already|though|I|we|he|she)\b))",
         "grade"),
        # an ordinal alone opening the answer: "Tenth, she already did a year" (not "First, ..." or
        # "Second, ...": an order of points)
        (rf"^\W*(?P<o2>{'|'.join(list(_ORDINALS)[2:])})(?=\s*(?:[,.!?]|$))", "grade"),
        (rf"\b(?:had|celebrated)\s+(?:his|her|their|my|our)\s+(?:{_AGE_ORDINAL})\s+(?:birthday|b-?day)\b", "birthday"),
        # "still in preschool", "she's in pre-K", "a preschooler": four (a year before kindergarten)
        (r"\b(?:preschool|preschooler|pre-?school|pre-?k|pre-?kindergarten)\b", "preschool"),
        # "a sophomore in high school", "a high school junior"
        (r"\b(?P<y>freshman|sophomore|junior|senior) in high[\s-]?school\b|\bhigh[\s-]?school (?P<y2>freshman|sophomore|junior|senior)\b"
         # "he's a junior" (not "a junior member", "a senior discount")
         r"|(?:'s|\bis|\bare|'re|\bbe)\s+(?:a|an)\s+(?P<y3>freshman|sophomore|junior|senior)\b(?!\s+(?:citizen|citizens|discount|member|membership|league|rate|ticket|league|high|in\s+college|at\s+\w+\s+(?:college|university)))",
         "high-school-year"),
        (r"\b(?:in|at|a) middle[\s-]?school(?:er)?\b|\bmiddle[\s-]?schooler\b", "middle-school"),
        (r"\b(?:in|at) high[\s-]?school\b|\bhigh[\s-]?schooler\b", "high-school"),
        # "in our forties", "in his mid-fifties", "in her early 40s", "late twenties" (not "back in the sixties")
        (
            r"\b(?:in (?:my|our|his|her|their|your) )?(?P<part>early|mid|late)?[\s-]?(?P<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0s)\b",
            "decade",
        ),
        # a baby's age in months or weeks (under a year: 0): "she's eight months", "an
        # 18-month-old", "ten weeks old" (not
        # "six months ago", "for eight months": how long)
        (
            rf"(?:(?:'s|\bis|\bare|'re|\bjust|\bonly|\bturned|\bturns|\ban?)\s+(?:about\s+|only\s+|just\s+|almost\s+)?(?P<m>{NUMBER})[\s-]+(?P<w>months?|weeks?)\b(?![\s-]+(?:ago|from|later|away|left|in|of)\b)"
            rf"|(?P<m2>{NUMBER})[\s-]+(?P<w2>months?|weeks?)[\s-]+old\b)",
            "months",
        ),
    )
)
# a label that speaks of age: its range is of years of age, not of people or things
_AGE_WORDS = re.compile(
    r"\b(?:ages?|aged|old|older|younger|years?[\s-]old|kids?|child|children|teens?|teenagers?|adults?|youths?|juniors?|seniors?|toddlers?|grades?)\b",
    re.IGNORECASE,
)


# "Swimmer is 8 to 11", "Dog is 10 or older": a range said of one of something is how old it is
_ONE_IS = re.compile(
    rf"\b(?!(?:group|party|order|total|size|number|count|team|crew|class|family|household|fleet|list)\b)[a-z]+(?<!s) is (?:between )?{NUMBER}",
    re.IGNORECASE,
)


def _grade_age(grade: int) -> int:
    return grade + 5  # the age at the start of that school year (kindergarten 5, a senior 17)


def _decade(match: re.Match[str]) -> int | None:
    said = match.group("d").lower()
    start = _DECADES.get(said) or int(said[:-1])
    part = (match.group("part") or "").lower()
    possessive = match.group(0).lower().startswith("in ")
    if not possessive and not part:
        return None  # "back in the sixties", "the nineties": the calendar's decades
    return start + {"early": 2, "mid": 5, "late": 8}.get(part, 5)


def _ordinal_age(match: re.Match[str]) -> int:
    """The age of a birthday said by its ordinal ("fourteenth", "16th", "twenty-first")."""
    if match.group("b"):
        return int(match.group("b"))
    if match.group("bt"):
        return _TENS[match.group("bt").lower()] + _ORDINALS[match.group("bu").lower()]
    word = match.group("bw").lower()
    return _ORDINALS.get(word) or _TEENTHS.get(word) or _TENTHS[word]


@lru_cache(maxsize=4096)
def said_age(text: str) -> int | None:
    """The age a caller's turn says as a school grade or a decade; None when it says none (a
    negated one says nothing: "not in high school yet"), or several that disagree."""
    ages: set[int] = set()
    for pattern, kind in _AGE_FORMS:
        for match in pattern.finditer(text):
            if _NEGATED.search(text[max(0, match.start() - 24) : match.start()]):
                continue
            if kind == "grade":
                grade = (
                    int(match.group("n")) if match.groupdict().get("n")
                    else _ORDINALS[(match.groupdict().get("o") or match.group("o2")).lower()]
                )
                ages.add(_grade_age(grade))
            elif kind == "birthday":
                ages.add(_ordinal_age(match))
            elif kind == "kindergarten":
                ages.add(_grade_age(0))
            elif kind == "preschool":
                ages.add(_grade_age(-1))
            elif kind == "high-school-year":
                ages.add(_grade_age(_YEARS_IN_HIGH_SCHOOL[(match.group("y") or match.group("y2") or match.group("y3")).lower()]))
            elif kind == "middle-school":
                ages.add(12)
            elif kind == "high-school":
                ages.add(16)
            elif kind == "months":
                weeks = (match.group("w") or match.group("w2") or "").lower().startswith("week")
                ages.add(0 if weeks else number_value(match.group("m") or match.group("m2")) // 12)
            elif (age := _decade(match)) is not None:
                ages.add(age)
    if len(ages) > 1:
        ages -= {12, 16}  # "a seventh grader in middle school": the grade says more than the school
    return next(iter(ages)) if len(ages) == 1 else None


# an age not reached yet: "not two yet", "isn't even sixteen yet"
_NOT_YET = re.compile(rf"(?:\bnot|n't)\s+(?:even\s+)?(?P<n>{NUMBER})\s+yet\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def said_age_or_number(text: str) -> int | None:
    """The age a turn says: as a grade or a decade (said_age), one below an age not reached yet
    ("not two yet": 1), else its one bare number ("he's ten", "8"; not "two seats", not "me and my
    husband": label_counts.said_number)."""
    age = said_age(text)
    if age is None and (below := _NOT_YET.search(text)) is not None:
        return max(number_value(below.group("n")) - 1, 0)  # "she's not two yet, she'll be two in March": one
    if age is not None:
        return age
    if _HEAD_COUNT.search(text):
        return HEAD_COUNT  # "I've got three kids to sign up": how many, not how old: no age range holds it
    coming = _AGE_TO_COME.search(text)
    if coming is None:
        number = said_number(text)
        if number is None and (listed := _AGES_LISTED.search(text)) is not None and not re.search(r"hundred|thousand", listed.group(0), re.IGNORECASE):
            # "The kids are ten and twelve": the youngest, whom an age limit is about
            return min(number_value(age) for age in re.findall(NUMBER, listed.group(0), re.IGNORECASE))
        return number
    now = said_number(_AGE_TO_COME.sub(" ", text))
    return now if now is not None else max(number_value(coming.group("n")) - 1, 0)


# ages listed: "ten and twelve", "8, 10 and 13" (bare numbers, only "years old" after the last)
_AGES_LISTED = re.compile(
    rf"(?:{NUMBER})(?:\s*,\s*(?:{NUMBER}))*\s*,?\s+(?:and|&)\s+(?:{NUMBER})(?=\s*(?:[.,;!?]|$|years?\b|yrs\b|old\b))",
    re.IGNORECASE,
)
# children counted, not aged: "three kids", "two little girls", "all four of them"
_HEAD_COUNT = re.compile(
    rf"{NUMBER}\s+(?:(?:little|young|small|older|younger)\s+)?(?:kids|children|boys|girls|sons|daughters|grandkids|grandchildren"
    r"|players|people|of\s+(?:them|us))\b",
    re.IGNORECASE,
)


# an age still to come, beside the age now: "She's four, she'll be five in October", "twelve, she
# turns thirteen in the spring" (alone, one year less: "he turns six next month" is five)
_AGE_TO_COME = re.compile(
    rf"\b(?:(?:'ll|will|is\s+going\s+to|'s\s+going\s+to|gonna)\s+(?:be|turn)|turns|turning)\s+(?P<n>{NUMBER})"
    r"(?:\s+(?:in|on|next|this|by|at|soon|later)\b[^,.;!?]*)?",
    re.IGNORECASE,
)


# people counted by a label's number ("Up to 4 adults", "6 or more kids"): a head count, not ages
_COUNTED_PEOPLE = re.compile(
    rf"{NUMBER}\s+(?:(?:or|and) (?:more|fewer|up|over|under)\s+)?(?:adults|kids|children|teens|teenagers|people|guests|riders|seniors|juniors|youths|toddlers"
    r"|of\s+us|of\s+them|in\s+(?:our|my|the|your)\s+(?:group|party|family|household))\b",  # "2 or 3 of us": how many
    re.IGNORECASE,
)
_SAID_OF_AGE = re.compile(r"\b(?:ages?|aged|old|older|younger|years?[\s-]old|grades?)\b", re.IGNORECASE)


# a range of years that is no span of time ago or ahead: "three to six years", "Under 2 years"
# (on a menu asking how old something is; "two years ago" / "more than a year away" are spans)
_YEARS = re.compile(r"\byears?\b(?![\s-]*(?:old|ago|away|back|from|ahead|before|since|left|out)\b)", re.IGNORECASE)
_SPAN_WORDS = re.compile(r"\b(?:ago|away|ahead|since|within|last|past|next|from now)\b", re.IGNORECASE)


# years of doing something, said in the perfect or with "for": "has kept bees more than 3 years",
# "have been riding for 2 years", "for over ten years"
_EXPERIENCE = re.compile(
    r"\b(?:has|have|had|'s|'ve)\s+(?:been\s+)?[a-z]+(?:ed|en|pt|wn|ng)\b.*\byears?\b(?![\s-]*old\b)"
    r"|\bfor\s+(?:over\s+|more\s+than\s+|at\s+least\s+|under\s+|less\s+than\s+)?\S+\s+years?\b(?![\s-]*old\b)",
    re.IGNORECASE,
)


_LABEL_ORDINAL = rf"(?:{_ORDINAL_WORDS}|(?:1[0-2]|[1-9])(?:st|nd|rd|th))"  # (_ORDINAL without its groups: two in one pattern)
# school grades a label states: "10th to 12th grade", "8th grade or younger", "Starting 9th grade"
_LABEL_GRADES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (rf"\b(?P<a>{_LABEL_ORDINAL})(?:\s+grade)?\s*(?:to|-|\u2013|through|thru)\s*(?P<b>{_LABEL_ORDINAL})\s+grade", "range"),
        (rf"\b(?P<a>{_LABEL_ORDINAL})\s+grade(?:rs?)?\s+or\s+(?:younger|below|lower|under|earlier)\b", "at-most"),
        (rf"\b(?P<a>{_LABEL_ORDINAL})\s+grade(?:rs?)?\s+or\s+(?:older|above|higher|up|later)\b", "at-least"),
        (rf"\b(?P<a>{_LABEL_ORDINAL})[\s-]+grade(?:rs?)?\b", "one"),
    )
)


def _grade_number(said: str) -> int:
    lowered = said.lower()
    return _ORDINALS[lowered] if lowered in _ORDINALS else int(re.sub(r"\D", "", lowered))


def label_grades(text: str) -> CountRange | None:
    """The school grades a label states, as the ages of their children at the start of the year
    (grade + 5: "Starting 9th grade" 14, "10th to 12th grade" 15-17, "8th grade or younger" at
    most 13); None when it states none."""
    for pattern, kind in _LABEL_GRADES:
        match = pattern.search(text)
        if match is None:
            continue
        first = _grade_age(_grade_number(match.group("a")))
        if kind == "range":
            return CountRange(first, _grade_age(_grade_number(match.group("b"))))
        return CountRange(None, first) if kind == "at-most" else CountRange(first, None) if kind == "at-least" else CountRange(first, first)
    return None


@lru_cache(maxsize=4096)
def label_age_range(text: str) -> CountRange | None:
    """The ages a label or description states ("Ages 4 to 7", "Teen, 12 to 17", "Adult, 18 or
    older", "Swimmer is 8 to 11", "three to six years"): its one range (label_counts.label_range),
    where it speaks of age, of one person or thing being so many, or of a number of years that is
    no span before or after today."""
    if (grades := label_grades(text)) is not None:
        return grades  # "Starting 9th grade": the ages of that grade
    if _EXPERIENCE.search(text):
        return None  # "Caller has kept bees more than 3 years": how long they have done it, no age
    if label_age_months(text) is not None:
        return None  # "6 to 18 months old", "Under 5 months": ages in months (label_age_months.py)
    if label_money(text) is not None:
        return None  # "40 to 80 thousand a year": an income (label_money.py), no age
    if _YEARS.search(text) and not _SPAN_WORDS.search(text):
        text = _YEARS.sub("years old", text)  # "three to six years": how old
    if not _AGE_WORDS.search(text) and not _ONE_IS.search(text):
        return None
    if _COUNTED_PEOPLE.search(text) and not _SAID_OF_AGE.search(text):
        return None  # "Up to 4 adults": how many, not how old
    return label_range(text)

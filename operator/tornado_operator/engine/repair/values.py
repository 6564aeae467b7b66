"""Patterns for values the fixer writes: the kinds of value callers say (dates, phone numbers,
places, unit numbers, times, fractions, the choices a question lists), the shape of one value,
and an existing pattern widened — separators, plurals, another form beside it — so that every
value it matched before it still matches (widen, don't replace)."""

from __future__ import annotations

import re

from tornado_operator.engine.repair.kinds import kinds_alike, plural
from tornado_operator.engine.repair.words import STOPWORDS, mostly_adjective, parts_of_speech
from tornado_operator.engine.sim.compiled import settled_capture


def first_capture(pattern: str, text: str) -> str | None:
    """What a pattern as written takes from `text` the way the engine extracts it (searched
    case-insensitively, from the value the caller settled on; the first group that took part)."""
    return settled_capture(re.compile(pattern, re.IGNORECASE), text)


def shape_pattern(value: str) -> str:
    """A regex with one group that captures values shaped like `value`."""
    if re.fullmatch(r"\d+", value):
        return rf"\b(\d{{{len(value)}}})\b"
    if re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", value):
        return r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    if any(char.isdigit() for char in value):
        parts: list[str] = []
        for run in re.finditer(r"\d+|[A-Za-z]+|\s+|.", value):
            chunk = run.group(0)
            if chunk.isdigit():
                parts.append(rf"\d{{{len(chunk)}}}")
            elif chunk.isalpha():
                parts.append(rf"[A-Za-z]{{{len(chunk)}}}")
            elif chunk.isspace():
                parts.append(r"\s+")
            else:
                parts.append(re.escape(chunk))
        body = "".join(parts)
    else:
        body = re.escape(value)
    start = r"\b" if value[:1].isalnum() else ""
    end = r"\b" if value[-1:].isalnum() else ""
    return f"{start}({body}){end}"


_MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
DATE_IN_WORDS = rf"\b((?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)\b"
DATE_NUMERIC = r"\b(\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})\b"
_SEASONS = "spring|summer|fall|autumn|winter"
_YEAR = r"(?:\d{4}|'\d{2})"
# a date however it is said: "March 4th, 1987", "4 March 1987", "03/04/1987", "1987-03-04";
# without the year: "June 14th", "the 14th of June", "7/22", a day of the month ("the 14th");
# a month or a season of a year: "June 2027", "fall 2026", "spring of '27", "fall semester 2026"
_ORDINAL_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
# a day of the month in words: "the second", "twenty-eighth", "thirty-first"
_ORDINAL_DAYS = (rf"(?:twenty[- ](?:{_ORDINAL_UNITS})|thirty[- ]first|{_ORDINAL_UNITS}|tenth|eleventh|twelfth|thirteenth"
                 r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)")
DATE_ANY = (
    rf"\b((?:{_MONTHS})\.?\s+(?:the\s+)?{_ORDINAL_DAYS}\b"  # "May first", "June the twenty-eighth"
    rf"|(?:the\s+)?{_ORDINAL_DAYS}\s+of\s+(?:{_MONTHS})\b"  # "the second of May"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}/\d{1,2}"
    rf"|(?:{_MONTHS}|{_SEASONS})(?:\s+(?:term|semester|quarter|session))?,?\s+(?:of\s+)?{_YEAR}"
    # a part of a month: "the end of June", "the middle of next month", "the first week of May"
    rf"|(?:the\s+)?(?:end|middle|beginning|start|first\s+week|last\s+week|second\s+week|third\s+week)\s+of\s+(?:{_MONTHS}|the\s+month|next\s+month)"
    # a day of the month in words: "the twenty-eighth" (not a low one alone: "the first time",
    # "the third one"; no lookaround to tell "on the first", as patterns stay portable)
    rf"|the\s+(?:twenty[- ](?:{_ORDINAL_UNITS})|thirty[- ]first|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth"
    rf"|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
    r"|\d{1,2}(?:st|nd|rd|th))\b"
)
# a day of a month said by its place in it: "the second Tuesday in November", "the last Friday of
# the month", "the first of next month", "the 15th of this month" (DATE_ANY names the month)
DAY_OF_A_MONTH = (
    rf"\b((?:the\s+)?(?:first|second|third|fourth|fifth|last)\s+(?:{_WEEKDAYS})\s+(?:in|of)\s+(?:(?:this|next|the)\s+month|(?:{_MONTHS})\b)"
    rf"|(?:the\s+)?(?:{_ORDINAL_DAYS}|\d{{1,2}}(?:st|nd|rd|th)|last\s+day)\s+of\s+(?:this|next|the)\s+month)\b"
)
# the same with a day of the month's article, for values written as said ("the 14th", "the 4th of
# July"): tried after DATE_ANY, kept where the value wants it
DATE_SAID = DATE_ANY.replace(r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of", r"|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of").replace(
    r"|\d{1,2}(?:st|nd|rd|th))\b", r"|(?:the\s+)?\d{1,2}(?:st|nd|rd|th))\b")
# the same with a weekday before the day of the month ("Tuesday the 14th", "Friday, March 3rd",
# "Monday the twenty-first", "Friday the fifth of September"), for values written with it: tried after both
DATE_WITH_WEEKDAY = DATE_SAID.replace(
    r"\b((?:",
    rf"\b((?:{_WEEKDAYS}),?\s+(?:(?:{_MONTHS})\.?\s+)?(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL_DAYS})"
    rf"(?:\s+of\s+(?:{_MONTHS}))?\b|(?:",
    1,
)
# a holiday, or a day counted from one ("the Monday after Mother's Day", "the weekend before Labor
# Day", "Thanksgiving"), and every date DATE_SAID takes: when a caller says when something happens
_HOLIDAYS = (r"(?:(?:mother|father|valentine)'?s\s+day|(?:memorial|labor|independence|columbus|veterans'?|presidents'?|mlk"
             r"|martin\s+luther\s+king(?:\s+jr\.?)?)\s+day(?:\s+weekend)?|(?:the\s+)?fourth\s+of\s+july|july\s+(?:4th|fourth)"
             r"|thanksgiving|christmas(?:\s+(?:eve|day))?|new\s+year'?s(?:\s+(?:eve|day))?|easter(?:\s+sunday)?|halloween)")
DATE_BY_HOLIDAY = DATE_SAID.replace(
    r"\b((?:",
    rf"\b((?:(?:the\s+)?(?:{_WEEKDAYS}|weekend|week|day)\s+(?:after|before)\s+)?{_HOLIDAYS}\b|(?:",
    1,
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_SMALL_NUMBER = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_TEENS}|{_UNITS})"
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
# a count of one or two digits, or in words up to ninety-nine ("eleven", "twenty-two")
# counted by the dozen, as eggs and people are: "a dozen", "half a dozen", "a couple dozen", "two dozen"
_BY_THE_DOZEN = r"(?:(?:half\s+)?a|a\s+couple(?:\s+of)?|a\s+few|two|three|four|five|six)\s+dozen"
_A_COUNT_SAID = rf"\d{{1,2}}|{_BY_THE_DOZEN}|{_SMALL_NUMBER}"
COUNT = rf"\b({_A_COUNT_SAID})\b"
# a count of people said with the people ("Six of us", "4 people", "ten of them"): the count is the value
_PEOPLE_COUNTED = re.compile(
    rf"(?:{_A_COUNT_SAID})\s+(?:of\s+us|of\s+them|people|persons|guests|adults|kids|children|players|folks)",
    re.IGNORECASE,
)
# a number with its fraction, as sizes and amounts are said: "7.5", "10 and a half", "9 1/2"
FRACTION = r"\b(\d{1,3}(?:\.\d{1,2}|\s+and\s+a\s+half|\s+1/2))\b"
MONEY = r"(\$?\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\$?\d+(?:\.\d{2})?)\b"  # "$4,800", "2,300", "$900.00"
_SEPARATOR = r"[\s.,-]{0,3}"  # "604-2213", "604 - 2213", "H. V.", "3, 0, 9, 2"
_DIGIT_WORD = "(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_DIGITS = rf"\b({_DIGIT_WORD}(?:[\s,.-]+{_DIGIT_WORD}){{3,15}})\b"  # "four one five, five five five, ..."
NAME_AFTER_INTRODUCTION = (
    r"\b(?:my name is|name is|name's|this is|it's|it is|i'm|i am|call me|under|named|goes by|went by)"
    r"(?:\s+(?:under|the name))?"
    r"\s+(?!(?:the|a|an|under|for|at|calling|just|not)\b)([A-Za-z][a-z'-]+(?:\s(?-i:[A-Z])[a-z'-]+)?)"  # "Teresa Ruiz": a surname joins
)
# the answer to "what's the name?" said alone: one to three capitalised words, after an
# introduction or none ("Owen Castillo.", "It's Maya Lee-Ortiz", "Sure, Priya")
NAME_SAID_ALONE = (
    r"^\W*(?:(?:[Ii]t's|[Ii]t is|[Tt]his is|[Tt]hat's|[Ii]'m|[Ss]ure|[Yy]eah|[Yy]es|"
    r"(?:(?:[Mm]y|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Tt]he)\s+)?[Nn]ame(?:'s|\s+is|\s+was)|"
    # a name given as what someone is called: "We called her Peaches", "He goes by Junior"
    r"(?:[Ww]e|[Ii]|[Tt]hey|[Ee]veryone)\s+(?:always\s+|just\s+|all\s+)?call(?:ed|s)?\s+(?:her|him|it|them|me)|"
    r"(?:[Ss]he|[Hh]e|[Ii]t|[Tt]hey|[Ss]he's|[Hh]e's|[Ii]t's)\s+(?:is\s+|was\s+)?(?:called|named|goes\s+by|went\s+by))[\s,]+)?"
    r"((?-i:[A-Z][a-z'-]+(?:(?:[ -]|,\s)[A-Z][a-z'-]+){0,3}))\W*$"  # "Clarence Otis Jefferson, Junior"  # capitalised even where matching ignores case
)
# the answer to an open question ("What will you use it for?"), as a pathway's author writes it
# for free text: the caller's whole turn
# the answer to "what brand / make / company ...?": the name the caller gives first, said alone
# or after "it's a", "we have a" ("It's a Whirlpool.", "Kenmore. We got it at Sears", "Oh, I
# think it's an LG"): one to three capitalised words (capitals even where matching ignores case)
NAMED_ANSWER = (
    r"^\W*(?:(?:oh|um|uh|well|yeah|yes|so|hmm|okay|ok)\W+)*(?:(?:i\s+think|i\s+believe|pretty\s+sure|probably|maybe)\s+)?"
    r"(?:(?:it's|it\s+is|it\s+was|that's|they're|we\s+have|we've\s+got|i\s+have|i've\s+got|mine\s+is|ours\s+is|we\s+use|"
    r"we're\s+with|i'm\s+with|we\s+went\s+with)\s+(?:a|an|the)?\s*)?"
    r"(?!(?-i:(?:It|We|The|My|Our|Just|No|Not|Yes|Yeah|Sure|Um|Uh|Oh|Well|Okay|Hi|Hello|Hey|This|That|They|He|She|I'm|It's)\b))"
    r"((?-i:[A-Z][A-Za-z'&-]+)(?:\s(?-i:[A-Z][A-Za-z'&-]+)){0,2})\b"
)
WHOLE_ANSWER = r"^(.{2,300})$"
WEEKDAY = rf"\b((?:{_WEEKDAYS}))\b"
# the answer to "which day?": a weekday, or a day of the month in words or digits ("Monday's", "the
# fourteenth", "the 14th")
DAY_ANSWER = rf"\b((?:{_WEEKDAYS})|the\s+{_ORDINAL_DAYS}|the\s+\d{{1,2}}(?:st|nd|rd|th))\b"
# a phone number in digits, or read out digit by digit ("four oh six, five five five, two seven one nine")
PHONE = rf"(\(?\b\d{{3}}\)?[\s.-]*\d{{3}}[\s.-]*\d{{4}}\b|\b{_DIGIT_WORD}(?:[\s,.-]+{_DIGIT_WORD}){{9}}\b)"
# written, or said out loud: "m okafor at outlook dot com"
EMAIL = (r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+"
         r"|[\w.+-]+(?:\s[\w.+-]+)?\s+at\s+[\w-]+\s+dot\s+(?:com|net|org|edu|gov|us|co)\b)")
_ROAD = r"(?:interstate|highway|hwy|route|rte|state\s+route|i|us|sr)[\s-]*\d+[a-z]?"
_MARKER = r"(?:mile\s+marker|mile|exit|junction)\s*#?\s*\d+[a-z]?"
# the common street suffixes and their postal abbreviations ("Run" left out: "4410 Quail Run Circle"
# would stop at "Run")
_STREET_KIND = ("street|st|road|rd|avenue|ave|drive|dr|lane|ln|boulevard|blvd|way|court|ct|place|pl|parkway|pkwy|"
                "terrace|ter|circle|cir|trail|trl|loop|cove|cv|path|pike|row|square|sq|crossing|xing|point|pt|"
                "ridge|trace|walk|alley|aly|crescent|cres|plaza|plz|heights|hts|highway|hwy|expressway|expy|"
                "turnpike|tpke|bend|glen|grove|hollow|landing|manor|mews|pass|vista")
_STREET = rf"\d+[a-z]?\s+(?:[a-z]+\.?\s+){{0,3}}(?:{_STREET_KIND})\b"
# where someone is, as people say it: from the first road, exit or mile marker to the end of
# that clause ("I-80 eastbound near mile marker 112", "Exit 22 on Route 1"), or a house number
# and street ("88 Pine Street", "1412 North Maple Ave.")
LOCATION = rf"\b((?:{_ROAD}|{_MARKER})[^.,;!?]*|{_STREET})"  # the engine strips what it captures
# a unit, apartment, suite or room number, however its word is said or shortened ("apartment
# 3C", "Apt. 207B", "Ste 400", "#12"): the number is the value
UNIT = (
    r"(?:\b(?:unit|apartment|apt|suite|ste|room|rm|flat|building|bldg|lot|space|slip|stall)\.?|#)"
    r"\s*(?:number\s+|no\.?\s*|#\s*)?(\d{1,5}[a-z]?|[a-z]\d{1,4})\b"
)
# a time of day as people say it: "11 am", "2:30 p.m.", "2pm", "14:30", "noon"
_HOUR_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
TIME = (r"\b(\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.|[ap]m\b)|\d{1,2}:\d{2}\b|\d{1,2}\s*o'?\s?clock\b"
        r"|\d{1,2}\s+in\s+the\s+(?:morning|afternoon|evening)\b|noon\b|midnight\b"
        # "a quarter to seven", "half past six", "ten after nine": a time said the old way
        rf"|(?:a\s+)?quarter\s+(?:to|till|of|past|after)\s+{_HOUR_WORD}\b|half\s+past\s+{_HOUR_WORD}\b"
        rf"|(?:five|ten|twenty|twenty-five)\s+(?:to|till|past|after)\s+{_HOUR_WORD}\b)")
# the hours something is open, said as a window: "six in the morning till two-thirty", "7 to 3:30",
# "eight a.m. until noon", or by its one end: "anytime before noon", "after two" (a dock, an office)
_CLOCK_SAID = (rf"(?:{_HOUR_WORD})(?::\d{{2}}|[\s-](?:thirty|fifteen|forty[\s-]five|o'?clock))?"
               r"(?:\s*(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|[ap]\.?m\b\.?))?")
_CLOCK_OR_NOON = rf"(?:{_CLOCK_SAID}|noon|midnight)"
OPEN_HOURS = (rf"\b((?:{_CLOCK_OR_NOON})\s+(?:to|till|til|until|through|thru)\s+{_CLOCK_OR_NOON}"
              rf"|(?:any\s*time\s+)?(?:before|after|until|till)\s+{_CLOCK_OR_NOON})")
# an amount said with the currency's word: "150 dollars", "75 bucks", "$40 dollars"
MONEY_SAID = r"\$?\b(\d{1,3}(?:,\d{3})*(?:\.\d{2})?|\d+(?:\.\d{2})?)\s*(?:dollars?|bucks|usd)\b"
# an amount of money said in words, its cents said as a second number or with "cents": "forty-two
# fifty", "sixty-three dollars and twenty cents", "a hundred and five dollars", "twelve oh five",
# "forty bucks" (never a number alone: "forty-two" may count anything)
_CENTS_SAID = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_TEENS}|oh[\s-](?:{_UNITS}))"
MONEY_IN_WORDS = (
    rf"\b((?:(?:a|{_UNITS})\s+hundred(?:\s+(?:and\s+)?{_SMALL_NUMBER})?|{_SMALL_NUMBER})"
    rf"(?:\s+(?:dollars?|bucks)(?:,?\s+(?:and\s+)?{_SMALL_NUMBER}\s+cents?)?|,?\s+{_CENTS_SAID}(?:\s+cents?)?))\b"
    r"(?!\s+(?:hundred|thousand|o'?clock|a\.?m|p\.?m|in\s+the)\b)"
)
# a number joined to what it counts or measures, as one word: "a four-story building", "mostly
# five-weights", "a 12-unit building" (the compound is the value: "four-story", "five-weights")
NUMBER_COMPOUND = rf"\b((?:{_SMALL_NUMBER}|\d{{1,3}})-[a-z]+)\b"
# kinds of value recognised in a caller's whole turn when the value is not said on its own
# two measures of a size: "10 by 10", "5x10", "12 x 15", "8 by 10 feet" (a storage unit, a rug, a room)
# ("Forty by sixty, give or take": the sides in words too)
DIMENSIONS = (
    r"\b((?:\d{1,3}(?:\.\d+)?\s*(?:x|by)\s*\d{1,3}(?:\.\d+)?)"
    rf"|(?:{_SMALL_NUMBER})\s+by\s+(?:{_SMALL_NUMBER}))(?:\s*(?:feet|foot|ft|inches|inch|in|meters|m)\b)?"
)
# a range of school grades: "kindergarten through fifth grade", "K-5", "first to third grade", "6th
# through 8th" (who uses a playground, a program, a bus route)
_GRADE = (
    r"(?:pre-?k|pre-?kindergarten|preschool|kindergarten|k|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))"
)
GRADES = (
    rf"\b({_GRADE}(?:\s+grade)?\s*(?:through|thru|to|-)\s*{_GRADE}(?:\s+grade(?:rs|s)?)?"
    r"|k\s*(?:-|through|thru|to)\s*\d{1,2})\b"  # "K-5", "K through 8"
)
# an amount said with its magnitude in words: "fifteen hundred", "fifteen thousand", "ten grand",
# "12 thousand", "two hundred and fifty thousand", "a thousand", "ten K", "15k" (not "two", not "300")
AMOUNT_IN_WORDS = (
    rf"\b((?:\d[\d,.]*|(?:{_SMALL_NUMBER}|a)(?:[\s-]+(?:{_SMALL_NUMBER}))*)(?:\s+(?:hundred|thousand|million|grand)|\s*[kK]\b)"
    rf"(?:[\s-]+(?:and[\s-]+)?(?:{_SMALL_NUMBER}|hundred|thousand))*)\b"
)
# a day said loosely, relative to today: "early next week", "the end of this week", "sometime next
# week", "tomorrow afternoon", "the day after tomorrow", "this weekend"
RELATIVE_DAY = (
    r"\b((?:(?:sometime|some\s+time|anytime|any\s+time)\s+)?(?:(?:early|late|later|mid|middle|the\s+middle|end|the\s+end"
    r"|beginning|the\s+beginning|start|the\s+start|first\s+thing)\s+(?:of\s+)?)?(?:next|this|the\s+following)\s+(?:week|weekend)"
    r"|(?:the\s+)?day\s+after\s+tomorrow|(?:tomorrow|today|tonight)(?:\s+(?:morning|afternoon|evening|night))?"
    # "a week from Friday", "two weeks from today", "ten days from now"
    rf"|(?:a|one|two|three|ten|\d{{1,2}})\s+(?:weeks?|days?)\s+from\s+(?:this\s+|next\s+)?(?:today|tomorrow|now|{_WEEKDAYS})"
    # a span from now: "in about three weeks", "in a couple of days", "in 10 days"
    r"|in\s+(?:about\s+|around\s+|roughly\s+|maybe\s+|another\s+)?(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of"
    r"|a\s+few|\d{1,2})\s+(?:days?|weeks?|months?)"
    # a day of the month alone, in words: "by the fifteenth", "the 3rd" (DATE_SAID has digits)
    rf"|(?:by|on|before|until)\s+the\s+{_ORDINAL_DAYS})\b"  # (RE2: no lookahead; "the second one" is no day)
)
# a person's height, however it is said: "5'11", "5' 11\"", "5 ft 7 in", "five foot seven", "six
# feet", "six foot and one", the short way "six-two" (feet four to seven, inches up to eleven)
_INCHES = "eleven|ten|one|two|three|four|five|six|seven|eight|nine"
HEIGHT = (
    rf"\b((?:[3-7]|three|four|five|six|seven)\s*(?:'|ft\.?|foot|feet)(?:\s*(?:and\s+)?(?:1[01]|\d|{_INCHES})\b)?"
    r"(?:\s*(?:\"|''|in\b\.?|inch\b|inches\b))?"
    rf"|(?:four|five|six|seven)[- ](?:{_INCHES})\b)"
)
# a length or a depth with its unit, however it is said: "10.4 meters", "twenty-six feet", "34 ft 6
# in", "thirty-four foot six", "a hundred and ten meters", "a 600-footer"; and feet and inches the short way pilots,
# carpenters and surveyors say them, "thirty-four six" (a number of two words, then the inches: a
# single word before them, "six two", is a height or a time, not this)
# ("twenty-three and a half inches around", "58 centimeters": a head, a waist, a pipe measured)
_LENGTH_UNIT = r"(?:footer|feet|foot|ft\b\.?|'|meters?|metres?|m\b|yards?|yds?\b|inch(?:es)?\b|centimet(?:er|re)s?|cm\b|millimet(?:er|re)s?|mm\b)"
# (hundreds said by a number under a hundred too: "twelve hundred millimeters")
_HUNDREDS = rf"(?:a|{_SMALL_NUMBER})\s+hundred(?:\s+(?:and\s+)?{_SMALL_NUMBER})?"
LENGTH = (
    rf"\b((?:\d{{1,3}}(?:\.\d{{1,2}}|\s+\d/\d{{1,2}})?|(?:{_HUNDREDS}|{_SMALL_NUMBER}|an?)(?:\s+and\s+(?:a\s+half|a\s+quarter|three[\s-]quarters?))?)[\s-]*{_LENGTH_UNIT}"
    rf"(?:\s*(?:and\s+)?(?:1[01]|\d|{_INCHES})\b(?:\s*(?:\"|inch\b|inches\b|in\b\.?))?)?"
    rf"|(?:{_TENS})[- ](?:{_UNITS})[\s-]+(?:{_INCHES})\b)"
)
# a grade or a size called by its number: "a number four", "No. 2", "#3", "number twelve" (a char,
# a pencil, a bit size, a ticket grade)
NUMBERED = rf"((?:\bnumber|\bno\.|#)\s?(?:\d{{1,2}}|{_SMALL_NUMBER})\b)"
# a size against the real thing or as a multiple of another: "life-size", "half life-size", "one and
# a half times", "twice", "double", "3x" (an enlargement, a print, a model, a recipe)
SCALE = (
    rf"\b((?:(?:half|quarter|three[\s-]quarters?|twice|double)[\s-]+)?life[\s-]?sized?"
    rf"|(?:(?:{_SMALL_NUMBER}|\d{{1,2}}(?:\.\d)?)(?:\s+and\s+a\s+(?:half|quarter))?)\s*(?:times\b|x\b)"
    rf"|twice|double|triple)\b"
)
# a floor of a building, however it is said: "the third floor", "between the second and third",
# "the 12th", "down in the basement", "the lobby" (a floor asked where a car or a unit is)
_FLOOR_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|\d{1,2}(?:st|nd|rd|th)|top|ground|main|lobby|basement)"
)
FLOOR = (
    rf"\b(between\s+(?:the\s+)?{_FLOOR_ORDINAL}\s+and\s+(?:the\s+)?{_FLOOR_ORDINAL}(?:\s+floors?)?"
    rf"|{_FLOOR_ORDINAL}\s+floor|(?:sub-?)?basement|lobby|penthouse|parking\s+garage)\b"
)
# a building's height in stories, however it is said: "a story and a half", "two-story", "one and a
# half stories", "a single story", "3 stories" (a roof, a gutter, an antenna, a window job)
STORIES = (
    r"\b((?:one|two|three|four|five|single|\d)(?:\.5)?[\s-]+stor(?:y|ies|ey|eys)(?:\s+and\s+a\s+half)?"
    r"|a\s+stor(?:y|ey)\s+and\s+a\s+half"
    r"|(?:one|two|three|four|\d)\s+and\s+a\s+half[\s-]+stor(?:y|ies|ey|eys))\b"
)
# compass points, one or several: "The south and the west", "north side", "the northeast corner",
# "east and west walls", "south, west and north" (which sides of a building, which way it faces)
_POINT = r"(?:the\s+)?(?:north|south)(?:[\s-]?(?:east|west))?(?:ern)?|(?:the\s+)?(?:east|west)(?:ern)?"
_SIDE = r"(?:\s+(?:side|wall|end|face|corner|slope|exposure)s?)?"
DIRECTIONS = rf"\b((?:{_POINT}){_SIDE}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:{_POINT}){_SIDE})*)\b"
# an amount of money for each one of something: "$800 a closet", "45 dollars per tree", "$12 each
# bag" (how much the caller means to spend or pay at a rate, not a total; "3 a lot" is none)
_DOLLARS = r"\d{1,3}(?:,\d{3})*(?:\.\d{2})?"
PER_EACH = rf"((?:\${_DOLLARS}|\b{_DOLLARS}\s+(?:dollars|bucks))\s+(?:a|an|per|each|for\s+each)\s+[a-z]{{3,}})\b"
# a count for each of two sides ("16 on each side of the aisle", "twelve per side", "eight a side"):
# half of the whole, so the value keeps how it was said
PER_SIDE = rf"\b((?:\d+|{_SMALL_NUMBER})\s+(?:on\s+(?:each|either|both)\s+sides?|per\s+side|a\s+side|each\s+side))\b"
# how often: "Every other Tuesday", "every two weeks", "twice a month", "biweekly", "once a quarter"
_PERIOD = r"(?:day|week|month|quarter|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|weekend)s?"
FREQUENCY = (
    rf"\b((?:every|each)\s+(?:other\s+|second\s+|third\s+|(?:\d+|two|three|four|six|ten)\s+)?{_PERIOD}"
    rf"|(?:once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a|per|every)\s+{_PERIOD}"
    r"|(?:bi-?)?weekly|(?:bi-?)?monthly|daily|quarterly|annually|yearly|fortnightly)\b"
)
# when something will be, said by what happens first: "Before the planter rolls", "Soon as the
# stripper gets done on the home place", "About ten days after we spray the harvest aid", "once
# school lets out", "Right after chores tonight" (the clause runs to the next comma or the
# sentence's end: "Before the planter rolls, middle of April or so" names the event, then a date of
# its own)
_EVENT = (r"(?:(?:we|they|he|she|i|you|y'all|the|our|my|his|her|their|it|school|church|harvest)\b[^.,;!?]{2,60}"
          # a routine by its name, with when it comes: "after chores tonight", "before milking"
          r"|(?:chores|milking|lunch|dinner|supper|breakfast|church|work|school|practice|class|[a-z]{3,}ing)"
          r"(?:\s+(?:tonight|today|tomorrow|this\s+(?:morning|afternoon|evening)|in\s+the\s+(?:morning|evening)))?)")
WHEN_BY_EVENT = (
    rf"\b((?:(?:about|around|maybe|roughly|say)\s+)?(?:{_SMALL_NUMBER}|an?|\d{{1,2}}|a\s+couple(?:\s+of)?|a\s+few)\s+"
    rf"(?:days?|weeks?|months?)\s+(?:after|before|once)\s+{_EVENT}"
    rf"|(?:as\s+)?soon\s+as\s+{_EVENT}|(?:right\s+|just\s+|sometime\s+|not\s+till\s+|not\s+until\s+)?"
    # ("in time for the first CSA pickup", "ahead of my seedlings outgrowing the basement", "by the
    # time the families move in": the same, said by what it must come before)
    rf"(?:after|before|once|when|till|until|in\s+time\s+for|ahead\s+of|by\s+the\s+time)\s+{_EVENT})"
)
# an amount said by what it comes in, or by a trade's weight, where a number of pounds or the like is
# asked: "A tow sack and a half", "three five-gallon buckets", "about a hundredweight", "two
# pickup loads" (the buyer knows what a sack holds; a capture is what the caller said)
_CONTAINERS = (r"sacks?|bags?|buckets?|pails?|bushels?|baskets?|boxes|box|crates?|barrels?|drums?|totes?|bins?|cases?|cartons?"
               r"|pallets?|truckloads?|trailerloads?|loads?|tubs?|jars?|hundredweights?|cwt")
AMOUNT_IN_CONTAINERS = (
    rf"\b((?:{_SMALL_NUMBER}|an?|\d{{1,3}}|a\s+couple(?:\s+of)?|a\s+few|half\s+a)\s+(?:[a-z]+[\s-]){{0,2}}?(?:{_CONTAINERS})"
    r"(?:\s+and\s+a\s+half)?(?:\s+full)?)\b"
)
# how much in a stretch of time, said by what it comes in: "A ream a day", "two cases of paper a
# month", "a load a week", "3 boxes per month" (a volume asked for, given as the caller counts it)
AMOUNT_PER_PERIOD = (
    rf"\b((?:an?|{_SMALL_NUMBER}|a\s+couple(?:\s+of)?|a\s+few|\d+(?:[.,]\d+)?)\s+(?:[a-z]+\s+){{0,2}}?[a-z]{{3,}}"
    r"\s+(?:a|an|per|each|every)\s+(?:day|week|month|year|shift|quarter))\b"
)
# a number in words: "forty", "a hundred and twenty"
_IN_WORDS = rf"(?:a\s+)?(?:{_SMALL_NUMBER}|hundred)(?:[\s-]+(?:and[\s-]+)?(?:{_SMALL_NUMBER}|hundred|thousand))*"
# how many people, said in words with what the caller calls them, or as a range ("Two hundred souls",
# "Three or four hundred", "about sixty folks"): a crowd's size as the caller counts it
_PEOPLE = r"(?:people|persons|folks|souls|members|fans|kids|guests|adults|students|visitors|heads)"
_COUNT_SAID = rf"(?:{_IN_WORDS}|\d[\d,]*)"
HEADCOUNT = rf"\b({_COUNT_SAID}\s+or\s+{_COUNT_SAID}(?:\s+{_PEOPLE})?|{_COUNT_SAID}\s+{_PEOPLE})\b"
VALUE_KINDS = (DATE_ANY, DATE_SAID, DATE_WITH_WEEKDAY, DATE_BY_HOLIDAY, DAY_OF_A_MONTH, PHONE, EMAIL, LOCATION, UNIT, TIME, OPEN_HOURS, DIMENSIONS, MONEY_SAID, RELATIVE_DAY, HEIGHT,
               FLOOR, GRADES, STORIES, DIRECTIONS, PER_EACH, PER_SIDE, FREQUENCY, WHEN_BY_EVENT, AMOUNT_PER_PERIOD,
               AMOUNT_IN_CONTAINERS, HEADCOUNT)


_ITEM = r"[A-Za-z][\w'&-]*(?:\s[A-Za-z][\w'&-]*)?"
_ONE = r"[A-Za-z][\w'&-]*"
_OFFERED = re.compile(rf"((?:{_ITEM},\s+)+(?:{_ITEM},?\s+)?(?:or|and)\s+{_ITEM}|{_ONE}\s+or\s+{_ONE})\s*\?")


def offered_choices(question: str) -> list[str]:
    """The choices an agent's question lists, of one or two words each ("Main, Eastside, or
    Northgate?" -> Main, Eastside, Northgate): the values a caller answers it with."""
    for found in _OFFERED.finditer(question):
        items = [item.strip() for item in re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+", found.group(1))]
        items = [re.sub(r"^(?:or|and|a|an|the)\s+", "", item) for item in items if item]
        if len(items) >= 2 and not any(item.lower() in STOPWORDS for item in items):
            return items
    return []


def choices_pattern(choices: list[str]) -> str:
    """One group that captures any of the choices, as whole words (matched case-insensitively)."""
    return r"\b(" + "|".join(re.escape(choice).replace(r"\ ", r"\s+") for choice in choices) + r")\b"


_IN_PARENTHESES = re.compile(r"\(([^()]{3,200})\)")
_ARTICLE = re.compile(r"^(?:or|and|a|an|the|some)\s+", re.IGNORECASE)
# "red or white oak": two describing words that share the noun after them
_SHARED_HEAD = re.compile(r"\b([a-z]+)\s+(or|and)\s+([a-z]+)\s+([a-z]+)\b")


def listed_choices(question: str, prompt: str) -> list[str]:
    """The choices a node offers for its answer: those its question lists, else those its prompt
    lists in parentheses; never one holding a function word ("What are we cutting, poured
    concrete, block...?" offers no "we cutting")."""
    listed = offered_choices(question) or prompt_choices(prompt)
    return [choice for choice in listed
            if re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+){0,2}", choice) and not any(word in STOPWORDS for word in choice.lower().split())]


def prompt_choices(prompt: str) -> list[str]:
    """The kinds a node's prompt lists in parentheses for what it asks ("Get the wood the church
    wants (red or white oak, cherry, walnut, maple, or to match what's there)" -> red oak, white
    oak, cherry, walnut, maple): the values a caller answers with. Items of one to three words
    with no function word (not "to match what's there"); two describing words before one noun
    each take it ("red or white oak"). [] when no parentheses list three or more."""
    for found in _IN_PARENTHESES.finditer(prompt):
        group = _SHARED_HEAD.sub(
            lambda m: f"{m.group(1)} {m.group(4)} {m.group(2)} {m.group(3)} {m.group(4)}"
            if "a" in parts_of_speech(m.group(1)) and "a" in parts_of_speech(m.group(3)) else m.group(0),
            found.group(1))
        items = [_ARTICLE.sub("", _ARTICLE.sub("", item.strip())) for item in re.split(r",\s*|\s+or\s+|\s+and\s+", group)]
        kept = [item.lower() for item in items
                if item and len(item.split()) <= 3 and re.fullmatch(r"[A-Za-z][A-Za-z' -]*", item)
                and not any(word.lower() in STOPWORDS for word in item.split())]
        if len(kept) >= 3:
            return list(dict.fromkeys(kept))
    return []


def choices_said(choices: list[str]) -> str:
    """One group that captures any of the choices as whole words, each also in the plural ("floor
    drains" for "drain") and a choice of several words also by its first word alone ("Poured" for
    "poured concrete"), as callers answer a listed choice."""
    forms = []
    for choice in choices:
        words = [re.escape(word) for word in choice.split()]
        final = choice.split()[-1]
        # (the plural of a common noun only: not of a name, "Eastside", or of "advanced")
        countable = final.islower() and not final.endswith("s") and "n" in parts_of_speech(final) and not mostly_adjective(final)
        last = f"(?:{words[-1]}|{re.escape(plural(final))})" if countable else words[-1]
        if len(words) > 1:
            rest = r"\s+".join([*words[1:-1], last])
            forms.append(f"{words[0]}(?:\\s+{rest})?")
        else:
            forms.append(last)
    return r"\b(" + "|".join(forms) + r")\b"


_QUANTITY = r"\b(\d[\d,.]*(?:\s*(?:thousand|hundred|million|k))?)\s*"


def quantity_pattern(unit: str) -> str:
    """A number said with its unit, the unit left out of the value: "62 thousand miles", "62k
    miles", "62,000 mi" -> 62 thousand / 62k / 62,000 (for the unit "mile")."""
    return rf"{_QUANTITY}{re.escape(unit)}s?\b"


NUMBER_IN_WORDS = re.compile(rf"{_IN_WORDS}", re.IGNORECASE)  # "forty", "a hundred and twenty" (fullmatch)


def quantity_words_pattern(unit: str) -> str:
    """A number said with its unit in digits or in words ("forty bales", "a hundred and twenty
    bales", "60 bales", or without it: "a hundred and twenty, give or take"), the unit left out of
    the value (for the unit "bale")."""
    return rf"\b(\d[\d,.]*|{_IN_WORDS})(?:\s+{re.escape(unit)}s?)?\b"  # the next caller may leave the unit out


def is_quantity_pattern(pattern: str) -> bool:
    return pattern.startswith(_QUANTITY)


_PAIR = rf"(?:(?:{_TENS})(?:[\s-](?:{_UNITS}))?|{_TEENS}|oh[\s-]+(?:{_UNITS})|hundred)"  # "eighteen", "eighty-six", "oh four"
# three digits said as one and a pair ("nine-oh-seven", "two eighteen", "four hundred twelve")
_TRIPLE = rf"(?:(?:{_UNITS})[\s-]+(?:{_PAIR})(?:[\s-]+(?:and[\s-]+)?(?:(?:{_TENS})(?:[\s-](?:{_UNITS}))?|{_TEENS}|{_UNITS}))?)"
_GROUPS = {3: ((3,),), 4: ((2, 2),), 5: ((2, 3), (3, 2)), 6: ((2, 2, 2), (3, 3))}  # how a number is read in groups


def said_aloud(digits: int) -> str:
    """A number of `digits` digits said aloud: digit by digit ("two two eight six", "oh" for
    zero), and up to six digits also in groups of two and three ("eighteen oh four", "seventy-
    three, forty-one", "fifty-one, nine-oh-seven"), as the next caller may read it where this
    one gave digits."""
    alternatives = [rf"{_DIGIT_WORD}(?:[\s,.-]+{_DIGIT_WORD}){{{digits - 1}}}"]
    for groups in _GROUPS.get(digits, ()):
        alternatives.append(r"[\s,.-]+".join(_PAIR if size == 2 else _TRIPLE for size in groups))
    return "|".join(reversed(alternatives))  # the groups first: "eighteen oh four" whole


def value_shapes(value: str) -> list[str]:
    """Patterns with one group for values shaped like `value` (as the caller said it), most
    general first: the kind of value it is (a date, a weekday, a phone number, an e-mail), then
    its shape (digit runs -> \\d{n}, letter runs -> [A-Za-z]{n}, any separator between runs
    optional). Never the value itself: a fix must work for the next caller, not this one."""
    shapes: list[str] = []
    text = value.strip()
    if re.fullmatch(DATE_ANY.replace(r"\b", ""), text, re.IGNORECASE):
        shapes.append(DATE_ANY)
    if re.fullmatch(COUNT.replace(r"\b", ""), text, re.IGNORECASE) or _PEOPLE_COUNTED.fullmatch(text.rstrip(".")):
        shapes.append(COUNT)
    if re.fullmatch(FRACTION.replace(r"\b", ""), text, re.IGNORECASE):
        shapes.append(FRACTION)
    if re.fullmatch(r"\d{1,3}(?:\.\d+)?\s*(?:x|by)\s*\d{1,3}(?:\.\d+)?", text, re.IGNORECASE):
        shapes.append(DIMENSIONS)
    if re.fullmatch(r"\$?\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\$\d+(?:\.\d{2})?", text):
        shapes.append(MONEY)
    if re.fullmatch(SPOKEN_DIGITS.replace(r"\b", ""), text.rstrip("."), re.IGNORECASE):
        shapes.append(SPOKEN_DIGITS)
    for kind in (DATE_IN_WORDS, DATE_NUMERIC, WEEKDAY, EMAIL):
        if re.fullmatch(kind.replace(r"\b", ""), text, re.IGNORECASE):
            shapes.append(kind)
    digits = re.sub(r"\D", "", text)
    if len(digits) in (10, 11) and re.fullmatch(r"[\d\s().+-]+", text):
        shapes.append(PHONE)
    if len(digits) >= 4 and re.fullmatch(rf"\d(?:{_SEPARATOR}\d)+", text):
        # a number read out digit by digit or in groups ("4 1 9 2 6", "44 17", "3, 0, 9, 2"), however
        # this caller grouped it ("23 10 06" is "2 3 1 0 0 6" to the next): the same count of
        # digits with a pause between any two, or said aloud (said_aloud)
        shapes.append(rf"\b(\d(?:{_SEPARATOR}\d){{{len(digits) - 1}}}|{said_aloud(len(digits))})\b")
    runs = re.findall(r"\d+|[A-Za-z]+|[^A-Za-z\d]+", text)
    if any(run.isdigit() for run in runs):
        parts = []
        for run in runs:
            if run.isdigit():
                parts.append(rf"\d{{{len(run)}}}")
            elif run.isalpha():
                # a code's letters are read one by one ("L O 51733", "K-L-B"): a break between them
                parts.append(rf"[A-Za-z](?:{_SEPARATOR}[A-Za-z]){{{len(run) - 1}}}" if 1 < len(run) <= 4 else rf"[A-Za-z]{{{len(run)}}}")
            else:
                parts.append(r"[\s().-]*")
        start = r"\b" if text[:1].isalnum() else ""
        end = r"\b" if text[-1:].isalnum() else ""
        shapes.append(f"{start}({''.join(parts)}){end}")
    return list(dict.fromkeys(shapes))


# --- Separator-tolerant forms of an existing pattern -------------------------------------------

_LETTER = "[A-Za-z]"
_ATOM = re.compile(
    r"(?P<digits>\\d|\[0-9\])(?:\{(?P<dcount>\d+)\})?"
    r"|(?P<letters>\[A-Z\]|\[a-z\]|\[A-Za-z\]|\[a-zA-Z\])(?:\{(?P<lcount>\d+)\})?"
    r"|(?P<separator>(?:\\s|\\-|\\\.|[ -]|\[(?:\\s|\\-|\\\.|[ .-])+\])[?*]?)"
    r"|(?P<literal>[A-Za-z0-9])"
)


def _units(body: str) -> list[str] | None:
    """`body` as single-character units (r"\\d", a letter class or a literal letter/digit; the
    pattern's own separators dropped: they are allowed everywhere), or None when it is not a
    plain run of those with fixed counts (then it is left alone)."""
    units: list[str] = []
    position = 0
    while position < len(body):
        atom = _ATOM.match(body, position)
        if atom is None:
            return None
        if atom.group("digits"):
            units.extend([r"\d"] * int(atom.group("dcount") or 1))
        elif atom.group("letters"):
            units.extend([_LETTER] * int(atom.group("lcount") or 1))
        elif atom.group("literal"):
            units.append(atom.group("literal"))
        position = atom.end()
    return units if len(units) >= 4 else None


def _joined(units: list[str]) -> str:
    """Units with an optional space, dot or dash between any two: digit runs compressed."""
    out: list[str] = []
    index = 0
    while index < len(units):
        run = 1
        while index + run < len(units) and units[index + run] == units[index] and units[index] in (r"\d", _LETTER):
            run += 1
        if run > 1:
            out.append(rf"{units[index]}(?:{_SEPARATOR}{units[index]}){{{run - 1}}}")
        else:
            out.append(units[index])
        index += run
    return _SEPARATOR.join(out)


def separator_tolerant(pattern: str) -> list[str]:
    """The value class an existing pattern stands for, however a caller groups it when reading
    it out: '\\bHV\\d{6}\\b' -> 'H V 5 2 7 7 1 4', 'HV-441-209', 'hv441209' all match. A code is
    read in groups ("604-2213", "RA 5530217"); the pattern's author wrote the printed form.
    Second form, for a code with a letter prefix: the prefix optional ("4471093" for
    RA4471093), since callers drop what is printed on every code. Only for plain patterns
    (literals and fixed digit counts, word boundaries, at most one group round everything):
    [] otherwise. Every value the pattern matched before, it still matches."""
    body = pattern.strip()
    for prefix in ("(?i)", "^", r"\b"):
        if body.startswith(prefix):
            body = body[len(prefix) :]
    for suffix in ("$", r"\b"):
        if body.endswith(suffix) and not body.endswith("\\" + suffix):
            body = body[: -len(suffix)]
    for opener in ("(?:", "("):
        if body.startswith(opener) and body.endswith(")") and "(" not in body[len(opener) : -1]:
            body = body[len(opener) : -1]
            break
    units = _units(body)
    if units is None or r"\d" not in units:
        return []
    forms = [rf"\b({_joined(units)})\b"]
    letters = 0
    while letters < len(units) and (units[letters].isalpha() or units[letters] == _LETTER):
        letters += 1
    if 0 < letters < len(units) and all(unit == r"\d" for unit in units[letters:]):
        forms.append(rf"\b((?:{_joined(units[:letters])}{_SEPARATOR})?{_joined(units[letters:])})\b")
    return forms


_RUN = re.compile(r"(?P<atom>\\d|\[[^\]\\]+\]|[A-Za-z0-9])(?P<count>\{\d+(?:,\d*)?\}|[?+*])?")


def _run_kind(atom: str) -> str | None:
    """'digit' or 'letter' for one atom of a code's pattern (r"\\d", "[0-9]", "[A-H]", "7", "B"),
    None for anything else."""
    if atom in (r"\d", "[0-9]") or atom.isdigit():
        return "digit"
    if atom.isalpha() or re.fullmatch(r"\[(?:[A-Za-z]-[A-Za-z]|[A-Za-z])+\]", atom):
        return "letter"
    return None


def boundary_tolerant(pattern: str) -> str | None:
    """The pattern with an optional space, dot or dash where its value turns from digits to
    letters or back ('\\b(\\d{1,2}[A-H])\\b' -> '\\b(\\d{1,2}[\\s.-]?[A-H])\\b'): a unit "12 B", a
    plate "ABC 123", a flight "UA-88" are said and written with a break there. Keeps the
    author's counts and classes as they are (separator_tolerant needs fixed counts); only for a
    plain run of digits and letters with at least one such turn; None otherwise. Every value
    the pattern matched before, it still matches."""
    body = pattern.strip()
    head = tail = ""
    for prefix in ("(?i)", "^", r"\b"):
        if body.startswith(prefix):
            head, body = head + prefix, body[len(prefix):]
    for suffix in ("$", r"\b"):
        if body.endswith(suffix) and not body.endswith("\\" + suffix):
            tail, body = suffix + tail, body[: -len(suffix)]
    opener = closer = ""
    for candidate in ("(?:", "("):
        if body.startswith(candidate) and body.endswith(")") and "(" not in body[len(candidate):-1]:
            opener, closer, body = candidate, ")", body[len(candidate):-1]
            break
    runs: list[tuple[str, str]] = []
    position = 0
    while position < len(body):
        found = _RUN.match(body, position)
        kind = _run_kind(found.group("atom")) if found is not None else None
        if found is None or kind is None:
            return None
        runs.append((found.group(0), kind))
        position = found.end()
    out = "".join(text if index == 0 or runs[index - 1][1] == kind else r"[\s.-]?" + text
                  for index, (text, kind) in enumerate(runs))
    if out == body:
        return None
    return f"{head}{opener}{out}{closer}{tail}"


_LEADING_CHOICE = re.compile(r"^((?:\(\?i\))?(?:\\b)?\(?)(\(\?:[0-9|]+\)|\[[0-9]+\])(\\d\{\d\}|(?:\\d)+)")


def leading_part_optional(pattern: str) -> str | None:
    """The pattern with its fixed leading digits optional, as callers drop them: a year said
    short ("'09", "a '14") for '\\b((?:19|20)\\d{2})\\b' -> '\\b((?:19|20)?\\d{2})\\b'. Only when
    the pattern starts with a choice of literal digits followed by a fixed run of digits; None
    otherwise. Every value the pattern matched before, it still matches."""
    found = _LEADING_CHOICE.match(pattern)
    if found is None:
        return None
    return f"{found.group(1)}{found.group(2)}?{found.group(3)}{pattern[found.end():]}"


_DECIMAL = re.compile(r"0\\\.\\d\{(\d),(\d)\}|0\\\.\\d\{(\d)\}")  # "0\.\d{2,3}", "0\.\d{3}" in a pattern's text


def decimal_said(pattern: str) -> str | None:
    r"""A decimal with its leading zero ('\b(0\.\d{2,3})\b') also without it, as a display shows
    it (".03"), and said aloud digit by digit ("point oh two five", "zero point oh four"): the
    word boundary before it becomes "the start or a character that is no digit or dot" (a "."
    starts no word). None when the pattern has no such decimal."""
    found = _DECIMAL.search(pattern)
    if found is None:
        return None
    low, high = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(3))
    spoken = rf"(?:0?\.\d{{{low},{high}}}|(?:(?:zero|oh)\s+)?point(?:,?\s+{_DIGIT_WORD}){{{low},{high}}})"
    widened = pattern[: found.start()] + spoken + pattern[found.end():]
    before = widened[: found.start()]
    # (no lookbehind, like the value kinds, which may also become an edge's RE2 patterns; the group
    # still holds the value)
    if before.endswith(r"\b("):
        widened = before[:-3] + r"(?:^|[^\d.])(" + widened[found.start():]
    elif before.endswith(r"\b"):
        widened = before[:-2] + r"(?:^|[^\d.])" + widened[found.start():]
    return widened if widened != pattern else None


def own_widenings(pattern: str) -> list[tuple[str, str]]:
    """The pattern widened the ways callers stray from its printed form, each with what it now
    allows, in the order to try them: all of them together first when more than one applies
    (the next caller says it another of those ways: a reviewer widens a pattern once, for
    every way seen); then each alone: a year said short or in words, the fixed leading digits
    optional, a break where digits meet letters, a grade by its name; then the ways a number
    and its unit are said (thousands with a comma or in words, a count in words, the unit
    joined by a dash, words between the number and the unit, the unit written short or as its
    symbol, a group of people named before the number); last the unit after the value
    optional (it takes any number). Each keeps every value the pattern matched before, so it
    replaces it."""
    shapes = [
        (ordinal_said, "the ordinal said in words (\"seventh\", \"twenty-first\")"),
        (year_said, "a year said short or in words (\"'09\", \"twenty-twelve\", \"nineteen ninety-eight\")"),
        (leading_part_optional, "its leading digits optional"),
        (decimal_said, "the decimal without its leading zero (\".03\") and said aloud (\"point oh two five\")"),
        (boundary_tolerant, "a space, dot or dash allowed where digits meet letters"),
    ]
    number_and_unit = [
        # the measure in words before the thousands: the thousands' words then widen its digits too
        (measure_said, "the measure said in words with its fraction (\"two and a half acres\", \"half a mile\")"),
        # (the count in words before the thousands: the thousands' words then come first in the
        # alternation, so "twelve hundred" is taken whole, not "twelve")
        (count_said, "the number said in words (\"three\", \"thirty\")"),
        (count_said_roughly, "the number said in words or roughly (\"thirty-some\", \"forty-odd\")"),
        (thousands_said, "a number of thousands with its comma or in words (\"2,400\", \"twenty-two hundred\")"),
        (amount_said_short, "an amount of thousands said short, as prices are (\"three seventy-five\", \"400K\")"),
        (fraction_after, "a half or a quarter said after the number (\"five and a half\")"),
        (unit_joined, "the unit joined to the number by a dash (\"1,000-gallon\")"),
        (words_before_unit, "up to three words between the number and its unit (\"three of the big jugs\")"),
        (other_units, "the unit kept in the value, so also another unit of the same measure (\"tons\", \"kilos\")"),
        (unit_forms, "the unit also written short or as its symbol (\"lb\", \"sq. ft.\", '54\"')"),
        (group_before, "the group named before the number (\"a group of eight\", \"a table for four\")"),
        (distance_as_time, "a distance also said as the time it takes to get there (\"an hour and a half\", \"forty-five minutes\")"),
    ]
    named = [(grade_named, "the grade by its name (\"a sophomore\", \"kindergarten\")")]  # last: it wraps the pattern
    # a choice of words: both sides where it is a side, then several of them named together
    named += [(both_sides, "both sides named as one (\"bilateral\", \"both\")"),
              (choices_listed, "several of its words named together (\"maroon and gold\", \"wheat, corn or soybeans\")")]
    together: str = pattern
    said: list[str] = []
    for step, allows in [*shapes, *number_and_unit, *named]:
        if (form := step(together)) is not None:
            together, said = form, [*said, allows]
    found = [(together, " and ".join(said))] if len(said) > 1 else []
    found += [(form, allows) for step, allows in [*shapes, *named] if (form := step(pattern)) is not None]
    found += [(form, allows) for step, allows in number_and_unit if (form := step(pattern)) is not None]
    if (bare := unit_optional(pattern)) is not None:
        found.append((bare, "the unit after the value optional"))
    # a number said another way and no unit after it ("Posted at fifty-five"): last, it takes the
    # most; a count in words first (a number said alone is mostly a count, "ninety", "twelve")
    for step, allows in sorted(number_and_unit, key=lambda step_allows: step_allows[0] is not count_said):
        if (form := step(pattern)) is not None and (bare := unit_optional(form)) is not None:
            found.append((bare, f"{allows}, the unit after it optional"))
    return found


# "twenty-two hundred", "fifteen hundred", "a thousand", "two thousand five hundred"
HUNDREDS_IN_WORDS = (rf"(?:(?:a|{_SMALL_NUMBER})\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{_SMALL_NUMBER}(?:\s+hundred)?)?)")
# digits with the word for thousands or millions after them: "75 thousand", "1.5 million" (first
# in the alternation: the digits alone would leave the word out)
THOUSANDS_BY_THE_WORD = r"\d{1,3}(?:\.\d{1,2})?\s+(?:thousand|million)"
# "a million", "two million", "a half-million", "half a million", "a quarter million"
MILLIONS_IN_WORDS = rf"(?:(?:a\s+)?(?:half|quarter)[\s-](?:a[\s-])?|(?:a|{_SMALL_NUMBER})(?:\s+and\s+a\s+half)?[\s-])million"
# a run of digits: `\d+`, `\d{3,4}`, or digits with their commas or dots (`\d[\d,]*`)
_MANY_DIGITS = re.compile(r"\\d(?:\{(\d),(\d)\}|\+|\[\\d[,.\\]+\]\*)")


def thousands_said(pattern: str) -> str | None:
    """The pattern's run of up to four digits (`\\d{3,4}`, `\\d+`) also as a number of thousands
    with its comma ("2,400", "1,000") or said in words ("twenty-two hundred", "a thousand"): how
    square feet, gallons, miles are said, also with the word for thousands or millions after
    digits ("75 thousand", "1.5 million") or a part of a million ("a half-million", "half a
    million"). None when the pattern has no run that long."""
    found = _MANY_DIGITS.search(pattern)
    if found is None or (found.group(2) is not None and int(found.group(2)) < 4):
        return None
    return (f"{pattern[: found.start()]}(?:\\d{{1,3}}(?:,\\d{{3}})+|{THOUSANDS_BY_THE_WORD}|{found.group(0)}|{HUNDREDS_IN_WORDS}"
            f"|{MILLIONS_IN_WORDS}){pattern[found.end():]}")


_TENS_AND_TEENS = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_TEENS})"
# the fixed counts of a standalone number (not a part of a code: "(", "\\b" or "(?:" before
# it, ")", "\\b" or "\\s" after) and the words that say such a number
_COUNT_RUN = re.compile(r"(?:(?<=\()|(?<=\\b)|(?<=\?:)|(?<=\\s\*)|(?<=\\s\+))\\d(?:\{(1|2|1,2|1,3|2,3)\}|(\+))?(?=\)|\\b|\\s)")
# up to three digits: the words for 1-99 (how many people, trophies, yards are counted aloud;
# "a hundred and twenty" is said as digits far more often than counted)
# (`\d+`, any number of digits, as a count is said: "Four wheels", "twelve of them")
# ("a dozen", "half a dozen": counted by the dozen, as eggs and people are; first, so "a dozen" is taken whole)
_DOZEN = f"{_BY_THE_DOZEN}|"
_COUNT_WORDS = {"1": _UNITS, None: _UNITS, "2": _DOZEN + _TENS_AND_TEENS, "1,2": _DOZEN + _SMALL_NUMBER, "1,3": _DOZEN + _SMALL_NUMBER,
                "2,3": _DOZEN + _TENS_AND_TEENS, "+": _DOZEN + _SMALL_NUMBER}


# a measure's number in digits, whole or with decimals (`\d+`, `\d+(?:\.\d+)?`, `\d*\.?\d+`), then
# its unit: "2.5 acres", "3 miles"
_MEASURE_RUN = re.compile(r"\\d\+(?:\(\?:(?:\\\.|\[\.,\])\\d(?:\+|\{1,2\})\)\?)?|\\d\*\\\.\?\\d\+|\\d\[\\d[,.\\]+\]\*")
_UNIT_NEXT = re.compile(r"^\)?(?:\\s[*+?]|\[\\s-\][*+])\(?(?:\?:)?[A-Za-z]")
# a measure said in words, with its fraction: "two and a half", "a half", "half an", "one and a
# quarter", "three quarters of an" (how acres, miles, hours, pounds are said)
_FRACTION = r"(?:half|quarter|third)"
MEASURE_IN_WORDS = (
    rf"(?:{_SMALL_NUMBER}(?:[\s-]+and[\s-]+(?:a[\s-]+{_FRACTION}|(?:one|two|three)[\s-]+(?:quarters?|thirds?)))?"
    rf"|(?:a|one)[\s-]+{_FRACTION}(?:[\s-]+(?:of[\s-]+)?an?)?|half[\s-]+an?|three[\s-]+quarters(?:[\s-]+of[\s-]+an?)?)"
)


def measure_said(pattern: str) -> str | None:
    """The pattern's measure in digits before its unit (`(\\d+(?:\\.\\d+)?)\\s*acres?`) also said in
    words with its fraction ("two and a half acres", "a half acre", "half an acre", "three quarters
    of a mile"), as callers give a size or a distance. None when the pattern has no number with a
    unit right after it (a code's digits stay digits). Every value it matched before, it still
    matches."""
    for found in _MEASURE_RUN.finditer(pattern):
        if _UNIT_NEXT.match(pattern[found.end():]):
            return f"{pattern[: found.start()]}(?:{found.group(0)}|{MEASURE_IN_WORDS}){pattern[found.end():]}"
    return None


# an amount in thousands written with its comma: `\d{3},\d{3}`, `\d{1,3},\d{3}`
_THOUSANDS_WITH_COMMA = re.compile(r"\\d\{(?:3|1,3)\},\\d\{3\}")
# the same said short, as prices are: "three seventy-five", "four hundred thousand", "400K", "375 grand"
AMOUNT_SAID_SHORT = (
    rf"\d{{1,3}}\s*[kK]\b|\d{{1,3}}\s+(?:thousand|grand)\b"
    rf"|(?:{_UNITS})\s+hundred(?:\s+(?:and\s+)?{_SMALL_NUMBER})?(?:\s+(?:thousand|grand))?"
    rf"|(?:{_UNITS})[\s-]+(?:{_TENS})(?:[\s-](?:{_UNITS}))?(?:\s+(?:thousand|grand))?"
    rf"|{_SMALL_NUMBER}\s+(?:thousand|grand)"
)


def amount_said_short(pattern: str) -> str | None:
    """The pattern's amount in thousands written with its comma (`\\d{3},\\d{3}`: "350,000") also
    said short, as prices are ("three seventy-five", "four hundred thousand", "400K", "375
    grand"). None when the pattern has no such amount. Every value it matched before, it still matches."""
    if _THOUSANDS_WITH_COMMA.search(pattern) is None:
        return None
    return _THOUSANDS_WITH_COMMA.sub(lambda found: f"(?:{found.group(0)}|{AMOUNT_SAID_SHORT})", pattern, count=1)


def count_said(pattern: str) -> str | None:
    """The pattern's standalone number of one to three digits (`\\d`, `\\d{2}`, `\\d{1,2}`, `\\d{1,3}`) also
    said in words, as callers count ("three of the big jugs", "whatever your thirty yard is"):
    the words for numbers of as many digits. None when the pattern has no such number (a run
    inside a code, "[A-Z]\\d{2}", is no count). Every value it matched before, it still matches."""
    if _COUNT_RUN.search(pattern) is None:
        return None
    # every such number: "60 by 72" has two ("Sixty by seventy-two")
    return _COUNT_RUN.sub(lambda found: f"(?:{found.group(0)}|{_COUNT_WORDS[found.group(1) or found.group(2)]})", pattern)


# a count said roughly: "thirty-some", "forty-odd", "fifty-ish", "20ish"
_ROUGHLY_AFTER = r"(?:[\s-](?:some|odd)|-?ish)?"
# a number said before what it counts, exactly or roughly: "forty rods", "60 rods", "thirty-some
# feet", "a couple hundred yards" (strategies/routing.py: a keyword said only as such a unit)
NUMBER_BEFORE_A_UNIT = rf"(?:\d+(?:[.,]\d+)?|{_SMALL_NUMBER}{_ROUGHLY_AFTER}|hundred|a\s+couple(?:\s+of)?|a\s+few|several)"


def count_said_roughly(pattern: str) -> str | None:
    """The pattern's standalone count also said in words and roughly, with "-some", "-odd" or
    "-ish" after it ("Thirty-some drivers", "forty-odd head", "20ish people"), as callers give a
    count they have not made. None when the pattern has no such count (count_said). Every value
    it matched before, it still matches."""
    if _COUNT_RUN.search(pattern) is None:
        return None
    return _COUNT_RUN.sub(
        lambda found: f"(?:{found.group(0)}|{_COUNT_WORDS[found.group(1) or found.group(2)]}){_ROUGHLY_AFTER}", pattern)


def fraction_after(pattern: str) -> str | None:
    """A pattern that is one captured count (`\b(\\d+)\b`, with its words and thousands) also
    takes the half or quarter said after it ("Five and a half", "4 and a half"): an amount of a
    measure answered alone. None when the pattern is not one captured count. Every value it
    matched before, it still matches."""
    found = _WRAPPED.fullmatch(pattern)
    group = _first_group(pattern)
    if found is None or group is None or group[1] != len(pattern) - 2:
        return None  # the capture must hold the whole pattern: `\b(\d{3,4})\s*(?:gallons?)\b` keeps its unit outside
    if not _A_COUNT.search(found.group("inner")) or _A_CODE.search(found.group("inner")) \
            or re.search(r"\\s|[A-Za-z]{3,}\\b", found.group("inner").split("|")[0]) or _UNIT_AT_END.search(found.group("inner")):
        return None  # (a zip code's five digits, a code's letters and digits: no amount)
    return f"{found.group('open')}(?:{found.group('inner')})(?:\\s+and\\s+a\\s+(?:half|quarter)|\\.\\d{{1,2}})?{found.group('close')}"


_UNIT_AT_END = re.compile(r"(?:\\s[*+]|\[\\s-\][*+])\(\?:[^()]*\)$")  # `\s*(?:gallons?|gal)`: the unit's widenings take it
# `\d+`: an amount of any size ("6 yards"); not `\d{1,2}`, as often an age ("eight and a half" is
# eight) or a size with its own fraction form
_A_COUNT = re.compile(r"\\d\+")
_A_CODE = re.compile(r"\[A-Z|[A-Za-z]\\d|\\d\{[4-9]")  # letters with digits, or four digits and more
# a pattern that is one capture between word boundaries: `\b(...)\b`, optionally case-insensitive
_WRAPPED = re.compile(r"(?P<open>(?:\(\?i\))?\\b\()(?P<inner>.*)(?P<close>\)\\b)")


_ORDINAL_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
ORDINAL_IN_WORDS = (
    rf"(?:(?:twenty|thirty)[- ](?:{_ORDINAL_UNITS})|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth"
    rf"|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|{_ORDINAL_UNITS})"
)
# a number of one or two digits followed by an ordinal suffix, the run possibly closing a group
_ORDINAL_RUN = re.compile(r"\\d(?:\{(?:1|2|1,2)\})?(?=\)?\(\?:st\|nd\|rd\|th\))")


def ordinal_said(pattern: str) -> str | None:
    """The pattern's ordinal (`\\d{1,2}(?:st|nd|rd|th)`: "7th grade", "the 3rd floor", "the 21st")
    also said in words ("seventh grade", "the third floor", "the twenty-first"), as callers say
    them. None when the pattern has no number with an ordinal suffix. Every value it matched
    before, it still matches."""
    found = _ORDINAL_RUN.search(pattern)
    if found is None:
        return None
    rest = pattern[found.end():]
    suffix = "(?:st|nd|rd|th)"
    at = rest.index(suffix) + len(suffix)
    if not rest[at:].startswith("?"):
        rest = f"{rest[:at]}?{rest[at:]}"  # "seventh" carries no suffix of its own
    return f"{pattern[: found.start()]}(?:{found.group(0)}|{ORDINAL_IN_WORDS}){rest}"


# a three-digit number read out in two groups, as voltages, model numbers and room numbers are:
# "four-sixty" (460), "two thirty" (230), "one-oh-eight" (108) — not "four hundred sixty"
_READ_OUT = rf"(?:{_UNITS})[- ](?:oh[- ](?:{_UNITS})|{_TENS_AND_TEENS})"
READ_OUT = rf"\b({_READ_OUT})\b"
READ_OUT_VALUE = re.compile(_READ_OUT, re.IGNORECASE)  # (fullmatch: the value itself)


_CENTURY = re.compile(r"\(\?:19\|20\)\??\\d\{2\}|\(\?:19\|20\)\??\\d\\d")
_YEAR_IN_WORDS = (rf"(?:(?:nineteen|twenty)[- ](?:{_TENS_AND_TEENS}|oh[- ](?:{_UNITS}))"
                  rf"|two thousand(?:[- ]and)?(?:[- ](?:{_SMALL_NUMBER}))?"
                  # said short, as "'06" and "'98" are: "an oh-six Taurus", "a ninety-eight Civic"
                  rf"|oh[- ](?:{_UNITS})|(?:{_TENS})[- ](?:{_UNITS}))")


def year_said(pattern: str) -> str | None:
    """The pattern's year ("(?:19|20)\\d{2}") also said short ("'09", "an 09 Civic") or in words
    ("Twenty-twelve", "nineteen ninety-eight", "two thousand nine", "twenty oh five", short:
    "an oh-six Taurus", "a ninety-eight Civic"): how
    callers say a model year. None when the pattern has no such year. Every value it matched
    before, it still matches."""
    found = _CENTURY.search(pattern)
    if found is None:
        return None
    return f"{pattern[: found.start()]}(?:(?:19|20)?\\d{{2}}|{_YEAR_IN_WORDS}){pattern[found.end():]}"


def words_before_unit(pattern: str) -> str | None:
    """The pattern with up to three words allowed between the value and the unit it wants after
    it ("three of the big jugs", "two five-gallon bottles"): `\\s*(?:jugs?)` ->
    `(?:\\s*|\\s+(?:[A-Za-z]+(?:-[A-Za-z]+)*\\s+){1,3})(?:jugs?)`. None when the pattern ends in
    no such unit. Every value it matched before, it still matches."""
    found = _trailing_unit(pattern)
    if found is None:
        return None
    start, separator, unit, after = found
    between = rf"(?:{separator}|\s+(?:[A-Za-z]+(?:-[A-Za-z]+)*\s+){{1,3}})"
    return f"{pattern[:start]}{between}{unit}{after}"


# the separator before a unit, also when already joined by a dash (unit_joined)
_UNIT_SEPARATOR = re.compile(r"(?:\\s|\[\\s-\])[*+]$")
# what may follow the unit: the value's capturing group closing, a word boundary
_AFTER_UNIT = re.compile(r"(?:\)|\\b)*$")
# a unit written as one word, not in a group of its own, maybe after optional words of its own:
# `\s*gallons?`, `\s*(?:round\s+)?modules?`
_UNIT_WORD = re.compile(r"((?:\\s|\[\\s-\])[*+])((?:\(\?:[^()]*\)\?)*[A-Za-z]{2,}\??)((?:\)|\\b)*)$")
# a word that counts ("thousand", "grand", "twenty"): part of the number, never its unit
_COUNTING_WORD = re.compile(r"\b(?:hundred|thousand|grand|million|dozen|one|two|three|ten|twenty)\b")


def _unescaped(pattern: str, at: int) -> bool:
    """Whether the character at `at` is the regex's own, not escaped by a backslash."""
    slashes = len(pattern[:at]) - len(pattern[:at].rstrip("\\"))
    return slashes % 2 == 0


def _in_the_values_own_group(pattern: str, at: int) -> bool:
    """Whether `at` is in no alternation and no group but the value's capturing one: a word there
    follows the value whatever the caller says (`(\\d+\\s*gallons?)`, not `(?:mph|miles\\s+hour)`)."""
    depth = 0
    for before in range(at - 1, -1, -1):
        char = pattern[before]
        if char not in "()|" or not _unescaped(pattern, before):
            continue
        if char == ")":
            depth += 1
        elif char == "|" and depth == 0:
            return False
        elif char == "(" and depth > 0:
            depth -= 1
        elif char == "(" and pattern.startswith("(?", before) and not pattern.startswith("(?i)", before):
            return False
    return True


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _trailing_unit(pattern: str, dash: bool = True) -> tuple[int, str, str, str] | None:
    """The unit a pattern wants after its value, last in the pattern: (where its separator
    starts, the separator `\\s*`, the unit's group `(?:mph|miles\\s+(?:an|per)\\s+hour)` or its one
    word `gallons?`, what follows it: the value's group closing, a word boundary). The unit's
    group may hold groups of its own ("miles an hour or per hour"); a dash in the separator only
    when `dash`."""
    if (word := _UNIT_WORD.search(pattern)) is not None and _COUNTING_WORD.search(word.group(2)) is None \
            and _in_the_values_own_group(pattern, word.start()):
        if dash or not word.group(1).startswith("["):
            return word.start(), word.group(1), word.group(2), word.group(3)
        return None
    ends = [at for at, char in enumerate(pattern) if char == ")" and _unescaped(pattern, at)]
    for end in reversed(ends):
        if _AFTER_UNIT.fullmatch(pattern[end + 1:]) is None:
            break
        depth, start = 0, -1
        for at in range(end, -1, -1):
            if pattern[at] not in "()" or not _unescaped(pattern, at):
                continue
            depth += 1 if pattern[at] == ")" else -1
            if depth == 0:
                start = at
                break
        group = pattern[start:end + 1]
        if (start < 0 or not group.startswith("(?:") or not _compiles(group) or re.search(r"[A-Za-z]{2}", group) is None
                or "\\d" in group or _COUNTING_WORD.search(group) is not None):
            continue
        separator = _UNIT_SEPARATOR.search(pattern[:start])
        if separator is None or (not dash and separator.group(0).startswith("[")):
            continue
        return separator.start(), separator.group(0), group, pattern[end + 1:]
    return None


def unit_joined(pattern: str) -> str | None:
    """The pattern with the unit after the value also joined to it by a dash ("a 1,000-gallon
    tank", "a 2-car garage"): `\\s*(?:gallons?|gal)` -> `[\\s-]*(?:gallons?|gal)`. None when the
    pattern ends in no such unit."""
    found = _trailing_unit(pattern, dash=False)
    if found is None:
        return None
    start, separator, unit, after = found
    return f"{pattern[:start]}[\\s-]{separator[-1]}{unit}{after}"


_ALTERNATIVE_WORD = re.compile(r"(?<=[(|])([A-Za-z]{3,})(?=[|)])")


def inflection_tolerant(pattern: str) -> str | None:
    """The pattern with each word it lists as an alternative also in its plural, as callers
    say them ("(morning|afternoon)" -> "(mornings?|afternoons?)": "Mornings work best"). None
    when the pattern lists no such word. Every value it matched before, it still matches."""
    widened_pattern = _ALTERNATIVE_WORD.sub(lambda m: m.group(1) + ("" if m.group(1).endswith("s") else "s?"), pattern)
    return widened_pattern if widened_pattern != pattern else None


def unit_optional(pattern: str) -> str | None:
    """The pattern with the unit it wants after the value made optional, for a caller who
    answers "how many guests?" with the number alone ("(\\d{2,4})\\s*(?:guests|people)\\b" ->
    "(\\d{2,4})(?:\\s*(?:guests|people))?\\b"). None when the pattern ends in no such unit.
    Every value it matched before, it still matches."""
    found = _trailing_unit(pattern, dash=False)
    if found is None:
        return None
    start, separator, unit, after = found
    return f"{pattern[:start]}(?:{separator}{unit})?{after}"


# A unit's written and spoken forms, as a reviewer lists them all once one is seen: (the forms
# that name it, as a regex; the symbols written after a number, as a regex or None).
_UNIT_FAMILIES: tuple[tuple[frozenset[str], str, str | None], ...] = (
    # "in" only with its dot ("54 in. deck"): bare, it is the preposition ("2 in the morning")
    (frozenset({"inch", "inches", "in."}), r"inch(?:es)?", r'"|\u2033|\u201d|in\.'),
    # an apostrophe followed by a letter is no foot ("the 80's"); no lookaround: an edge's
    # patterns stay in the RE2 subset the API promises
    (frozenset({"foot", "feet", "ft"}), r"f(?:oo|ee)t|ft", r"['\u2032\u2019](?:[\s.,;!?]|$)"),
    (frozenset({"square feet", "square foot", "sq ft", "sqft", "sq. ft."}), r"square\s+f(?:oo|ee)t|sq\.?\s*ft|sqft", None),
    (frozenset({"pound", "pounds", "lb", "lbs"}), r"pounds?|lbs?", None),
    (frozenset({"ounce", "ounces", "oz"}), r"ounces?|oz", None),
    (frozenset({"gallon", "gallons", "gal", "gals"}), r"gallons?|gals?", None),
    (frozenset({"mile", "miles", "mi"}), r"miles?|mi", None),
    (frozenset({"yard", "yards", "yd", "yds"}), r"yards?|yds?", None),
    (frozenset({"hour", "hours", "hr", "hrs"}), r"hours?|hrs?", None),
    (frozenset({"minute", "minutes", "min", "mins"}), r"minutes?|mins?", None),
    (frozenset({"kilogram", "kilograms", "kilo", "kilos", "kg", "kgs"}), r"kilo(?:gram)?s?|kgs?", None),
    (frozenset({"percent", "per cent"}), r"per\s*cent", "%"),
    (frozenset({"degree", "degrees"}), r"degrees?", "\u00b0"),
    (frozenset({"acre", "acres"}), r"acres?", None),
    (frozenset({"ton", "tons"}), r"tons?", None),
    (frozenset({"liter", "liters", "litre", "litres"}), r"lit(?:er|re)s?", None),
    (frozenset({"meter", "meters", "metre", "metres"}), r"met(?:er|re)s?", None),
)
# The units of one measure, by a word of each family above: a value that keeps its unit ("the
# weight, with its unit") is as good in any of them ("six thousand pounds", "four tons").
_MEASURES: tuple[tuple[str, ...], ...] = (
    ("pound", "ton", "kilogram"),
    ("inch", "foot", "yard", "meter"),
    ("gallon", "liter"),
    ("hour", "minute"),
)
# the unit alternation at the end, closing the capturing group that holds the value
_KEPT_UNIT = re.compile(r"\(\?:([^()]+)\)(\\b)?\)$")


# a time spent getting there, said for a distance: "an hour and a half", "two and a half hours",
# "forty-five minutes", "half an hour", "90 minutes"
TRAVEL_TIME = (
    rf"(?:(?:an?|{_SMALL_NUMBER}|\d+(?:\.\d+)?)\s+(?:and\s+a\s+half\s+)?hours?"
    rf"(?:\s+and\s+(?:a\s+half|(?:{_SMALL_NUMBER}|\d+)\s+minutes?))?"
    rf"|half\s+an\s+hour|(?:{_SMALL_NUMBER}|\d+)\s+min(?:ute)?s?)"
)
_DISTANCE_UNIT = re.compile(r"miles|mi\b|\bkm\b|kilomet")
# a speed ("miles an hour", "mph", "km/h"): no distance, whatever time it takes
_SPEED_UNIT = re.compile(r"mph|kph|km/h|hour")


def distance_as_time(pattern: str) -> str | None:
    r"""A distance in miles or kilometres (`\d+\s*miles?`) also said as the time it takes to get
    there ("An hour and a half north", "forty-five minutes"), as people answer "how far?". None
    when the pattern names no unit of distance. Every value it matched before, it still matches."""
    if _DISTANCE_UNIT.search(pattern) is None or _SPEED_UNIT.search(pattern) is not None:
        return None
    return widened(pattern, rf"(?i)\b({TRAVEL_TIME})\b")


def other_units(pattern: str) -> str | None:
    r"""The pattern's unit, when the value keeps it (the capturing group ends with it:
    `(\d[\d,]*\s*(?:pounds|lbs))`), also as any unit of the same measure, written out or short
    ("4 tons", "300 kilos", "2,400 lbs"). None when the unit is outside the value (a bare number
    in pounds is no number of tons) or names no measure listed. Every value it matched before,
    it still matches."""
    found = _KEPT_UNIT.search(pattern)
    group = _first_group(pattern)
    if found is None or group is None or group[1] != len(pattern):
        return None
    said = [_literal_forms(alternative) for alternative in found.group(1).split("|")]
    if not all(said):
        return None
    words = set().union(*said)
    family = next((f for f in _UNIT_FAMILIES if words <= f[0]), None)
    measure = next((m for m in _MEASURES if family is not None and any(unit in family[0] for unit in m)), None)
    if family is None or measure is None:
        return None
    forms = "|".join(f[1] for f in _UNIT_FAMILIES if any(unit in f[0] for unit in measure))
    return f"{pattern[: found.start()]}(?:(?:{forms})\\b))"
_FINAL_UNIT = re.compile(r"\(\?:([^()]+)\)(\\b)?$")


def _literal_forms(alternative: str) -> set[str]:
    """The words one alternative of a pattern accepts, when it is a plain word with an optional
    last letter ("gallons?" -> gallon, gallons; "sq ft" -> sq ft); empty for anything else."""
    plain = alternative.replace(r"\s+", " ").replace(r"\s*", " ").replace(r"\s", " ").replace("\\ ", " ").replace("\\.", ".")
    if not re.fullmatch(r"[a-z. ]+s?\??", plain.lower()):
        return set()
    plain = plain.lower()
    return {plain[:-2], plain[:-1]} if plain.endswith("?") else {plain}


def unit_forms(pattern: str) -> str | None:
    """The pattern's unit after the value also written short or as its symbol, as callers write
    and say it: `(?:pounds|lbs)` -> pound, pounds, lb, lbs; `(?:inch|inches)` -> in and `54"`;
    `(?:square feet)` -> sq ft, sq. ft., sqft. Only when every word the pattern lists there is a
    form of one unit; None otherwise. Every value it matched before, it still matches."""
    found = _FINAL_UNIT.search(pattern)
    if found is None:
        return None
    alternatives = found.group(1).split("|")
    said = [_literal_forms(alternative) for alternative in alternatives]
    if not all(said):
        return None
    words = set().union(*said)
    family = next((f for f in _UNIT_FAMILIES if words <= f[0]), None)
    if family is None:
        return None
    _, forms, symbols = family
    # the family's forms take every word listed before (tests/unit pins it per family)
    return f"{pattern[: found.start()]}(?:(?:{forms})\\b{'|' + symbols if symbols else ''})"


# a group of people counted before the number: "a group of eight", "a party of 6", "table for four"
_PEOPLE_UNIT = re.compile(r"\b(?:people|persons|guests|of us|adults|kids|children|players|folks|riders|students)\b")
_GROUP_BEFORE = r"\b(?:group|party|family|team|table|crew|bunch|class)\s+(?:of|for)\s+"


def _first_group(pattern: str) -> tuple[int, int] | None:
    """Where the pattern's first capturing group starts and ends (its parentheses included)."""
    depth = 0
    start: int | None = None
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = pattern.index("]", index + 2) + 1 if "]" in pattern[index + 2 :] else len(pattern)
            continue
        if char == "(":
            if start is None and not pattern.startswith("(?", index):
                start, depth = index, 0
            depth += 1 if start is not None else 0
        elif char == ")" and start is not None:
            depth -= 1
            if depth == 0:
                return start, index + 1
        index += 1
    return None


def group_before(pattern: str) -> str | None:
    """A count of people also said with the group named before the number ("a group of eight",
    "a party of 6", "a table for four") when the pattern wants a people word after it (people,
    guests, "of us"). None otherwise. Every value it matched before, it still matches."""
    unit = _FINAL_UNIT.search(pattern)
    group = _first_group(pattern)
    if unit is None or group is None or not _PEOPLE_UNIT.search(unit.group(1)):
        return None
    return widened(pattern, _GROUP_BEFORE + pattern[group[0] : group[1]] + r"\b")


# a school grade named, not numbered: "a sophomore", "in kindergarten"
GRADE_NAMED = r"\b(kindergarten|freshman|sophomore|junior|senior)\b"
_GRADE_NUMBER = re.compile(r"\\d.*\bgrade\b")


def grade_named(pattern: str) -> str | None:
    """A pattern for a school grade by its number ("7th grade") also taking the grade by its
    name ("he's a sophomore", "she's in kindergarten"), as parents say it. None when the pattern
    is no numbered grade. Every value it matched before, it still matches."""
    if _GRADE_NUMBER.search(pattern) is None:
        return None
    return widened(pattern, GRADE_NAMED)


_DIGITS = re.compile(r"\\d(?:\{\d(?:,\d)?\}|\+)?")
NUMBER_WORD = re.compile(rf"\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)


# a pattern that is a choice of plain words, whole: "(?i)\b(black|red|maroon)\b"
_WORD_CHOICES = re.compile(r"^(?P<flags>\(\?i\))?\\b\((?P<words>[a-z]+(?:\|[a-z]+)+)\)\\b$")
_LISTED = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|plus)\s+)"


def choices_listed(pattern: str) -> str | None:
    """A choice of words also taking several of them named together ("Maroon and gold", "wheat,
    corn or soybeans"): the value is the list, as the caller gave it. None for any other pattern.
    Every value it matched before, it still matches (one word alone)."""
    found = _WORD_CHOICES.match(pattern)
    if found is None:
        return None
    words = found.group("words")
    return f"{found.group('flags') or ''}\\b((?:{words})(?:{_LISTED}(?:{words}))*)\\b"


def both_sides(pattern: str) -> str | None:
    """A choice of left and right also taking both ("Bilateral.", "both of them", "both sides",
    "left and right"): how a side is answered when it is each. None unless the pattern is a
    choice of words holding both "left" and "right". Every value it matched before, it still
    matches."""
    found = _WORD_CHOICES.match(pattern)
    if found is None or not {"left", "right"} <= set(found.group("words").split("|")):
        return None
    both = r"bilateral(?:ly)?|both(?:\s+(?:sides|of\s+them))?|left\s+and\s+right|right\s+and\s+left"
    return f"{found.group('flags') or ''}\\b({both}|{found.group('words')})\\b"


def kinds_named(pattern: str, said: str) -> tuple[str, str] | None:
    """A choice of words that are kinds of one thing ("corn|soybeans|wheat") also taking the
    thing's other kinds, when the caller's word `said` is one of them ("oats": barley, rye,
    millet, popcorn...), each also in the plural; with what it now allows. None for any other
    pattern or word (kinds.py decides). The listed words come first: every value the pattern
    matched before, it still matches."""
    found = _WORD_CHOICES.match(pattern)
    if found is None:
        return None
    listed = found.group("words").split("|")
    kinds = kinds_alike(listed, said)
    if kinds is None:
        return None
    added = [form for kind in kinds.words for form in (plural(kind), kind) if form not in listed]
    if not added:
        return None
    shown = ", ".join([kind for kind in kinds.words if kind not in listed][:5])
    return (f"{found.group('flags') or ''}\\b({'|'.join([*listed, *added])})\\b",
            f"the other kinds of {kinds.category} beside the listed ones ({shown}...), as WordNet lists them")


def numbers_in_words(pattern: str) -> str | None:
    """The pattern with its number also said as a word, as callers answer "how old?" ("two",
    not "2", "thirty-five"): the first `\\d{1,2}` (or `\\d+`) becomes "(?:\\d{1,2}|one|...|ninety-nine)". None when
    the pattern has no such number. Every value it matched before, it still matches."""
    found = _DIGITS.search(pattern)
    if found is None:
        return None
    return f"{pattern[: found.start()]}(?:{found.group(0)}|{_SMALL_NUMBER}){pattern[found.end():]}"


def widened(first: str, second: str) -> str:
    """One pattern accepting what either does, `first` tried first; each side keeps a capturing
    group so that the extractor (the first group that took part) gets the value either way."""
    letters = "".join(dict.fromkeys(re.sub(r"[()?]", "", _leading_flags(first) + _leading_flags(second))))
    flags = f"(?{letters})" if letters else ""
    return f"{flags}(?:{_grouped(first)})|(?:{_grouped(second)})"


def said_alone(pattern: str) -> str:
    """The pattern only when the value is the caller's whole answer ("48,000."): an old pattern
    that took the wrong number from a longer turn ("a 2016 Tacoma, 62 thousand miles") keeps
    every answer it was written for."""
    return f"{_leading_flags(pattern)}^\\W*(?:{_grouped(pattern)})\\W*$"


_GLOBAL_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))*")


def _leading_flags(pattern: str) -> str:
    found = _GLOBAL_FLAGS.match(pattern)
    return found.group(0) if found is not None else ""


def _grouped(pattern: str) -> str:
    body = pattern[len(_leading_flags(pattern)) :]
    return body if re.compile(body).groups else f"({body})"

"""Concepts a text says in words of its own, which share no word with the labels that name them:
how often (#recurring: "ten a month", "every week", "monthly"; #once: "just this once", "a one-time
gift"), a stop for a while (#pause: "the summer off", "put it on hold", "I don't want to stop it
for good"), expecting a baby (#pregnant: "twenty-two weeks along", "the second trimester") and a
head count changed (#headcount-change: "one guy dropped out" / "More or fewer people"). labels.py
adds them to a text's words (as surfaces with their negation), each looked for only where its words
are (the token sets below: one set of the text's words per text, no regex to find them). Pure
functions of the text; pinned in tests/unit/test_label_routing_round28.py .. round30.py."""

from __future__ import annotations

import re

# a negation before a word (three words back at most): "not every month", "I don't want to pause it"
NEGATED_BEFORE = re.compile(r"(?:\bno|\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
PAUSE = "#pause"


# How often, said either way: again and again ("ten a month", "every week", "twice a year",
# "monthly", "regularly") or once ("just this once", "a one-time gift", "one-off"): "Monthly, as a
# sustainer" and "put me down for fifteen a month" share no word, nor "Just a one-time gift" and
# "just fifty this once"; a person hears how often in both.
_OFTEN_AMOUNTS = (
    r"\d+|once|twice|times|bucks|dollars|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
)
_RECURRING = re.compile(
    r"\b(?:every|each)\s+(?:other\s+|single\s+)?(?:day|week|month|year|weekend)\b"
    r"|\bevery\s+(?:[a-z0-9-]+\s+){1,2}(?:days|weeks|months|years)\b|\bfortnight(?:ly)?\b"  # "every thirty days"
    r"|\b(?:weekly|monthly|yearly|annually|biweekly|bimonthly|regularly|recurring|ongoing)\b",
    re.IGNORECASE,
)
# "ten a month", "twice a year", "$20 per week": a rate, searched by its period, the amount checked before it
_PER_PERIOD = re.compile(r"\s(?:a|per|each)\s+(?:day|week|month|year)\b", re.IGNORECASE)
_AMOUNT_BEFORE = re.compile(rf"(?:\b(?:{_OFTEN_AMOUNTS})|\$\d+(?:\.\d\d)?)$", re.IGNORECASE)
_ONCE = re.compile(
    r"\b(?:just|only|this)\s+once\b|\bone-off\b|\bone[\s-]+time\b(?!\s+(?:i|we|he|she|they|you|when|that|it)\b)",
    re.IGNORECASE,
)
# Expecting a baby, however it is said: "I'm twenty-two weeks along", "in the second trimester",
# "I'm expecting", "a baby on the way", "due in June" share no word with "I'm pregnant"; a person
# hears the one thing in all of them ("we're expecting a delivery" is not it, nor "due for a shot")
_PREGNANT = re.compile(
    r"\b(?:pregnan(?:t|cy)|expectant|(?:i'm|i\s+am|we're|we\s+are|she's|she\s+is|wife's|wife\s+is)\s+(?:not\s+)?expecting\b"
    r"(?!\s+(?:a|an|the|some|your|my|our|it|that|this|to|him|her|them|you|any|more|delivery|call|package)\b)"
    r"|expecting\s+(?:a\s+baby|twins|our\s+first|again)\b|weeks\s+(?:along|pregnant)\b|(?:first|second|third|1st|2nd|3rd)\s+trimester\b"
    r"|(?:baby|one|little\s+one)\s+on\s+the\s+way\b|having\s+a\s+baby\b|(?:mom|mother)[\s-]to[\s-]be\b"
    r"|(?:i'm|i\s+am|she's|she\s+is)\s+due\s+(?:in|next|this|any\s+day|the\s+week|on|around|mid|early|late)\b(?!\s+for\b))",
    re.IGNORECASE,
)
# A stop for a while, not for good: "put it on hold", "pause", "freeze", "temporarily", "the summer
# off", "stop it while we're at the lake", "I don't want to stop it for good" share no word with
# "Put my delivery on hold"; a person hears the pause in all of them ("Hold an item", "hold on"
# are not it)
_PAUSE = re.compile(
    r"\b(?:on\s+hold|paus(?:e|es|ed|ing)|freez(?:e|es|ing)|frozen|suspend(?:s|ed|ing)?|temporar(?:y|ily)|for\s+a\s+while"
    r"|(?:the|a|this)\s+(?:summer|winter|spring|fall|month|week|season|few\s+weeks|few\s+months|couple\s+(?:of\s+)?(?:weeks|months))\s+off"
    r"|(?:stop|cancel|skip|hold)\w*\s+(?:it|them|this|that|(?:my|the|our)\s+\w+)\s+(?:while|until|till))\b",
    re.IGNORECASE,
)
# ("I don't want to stop it for good": the stop is for a while)
_NOT_FOR_GOOD = re.compile(
    r"\b(?:don't|do\s+not|not|never)\s+(?:want\s+to\s+|wanna\s+|mean\s+to\s+)?(?:stop|cancel|quit|end|close)\w*\s+"
    r"(?:\w+\s+){0,2}?for\s+good\b|\bnot\s+for\s+good\b",
    re.IGNORECASE,
)
# Keeping what is had for longer: "Keep it longer", "Extend my stay", "More weeks on a current rental"
# and a caller's "another three weeks", "two more days", "hang onto it through June" share few words;
# a person hears the one request ("no more days" is none; "another night" is a different one, "another
# three weeks" more; "longer than 40 feet" is a length; "extend" is a word labels and callers share already)
LONGER = "#longer"
_LONGER = re.compile(
    r"\b(?:another\s+(?:few|couple(?:\s+of)?|two|three|four|five|six|\d+)|(?:more|extra|additional)(?:\s+(?:few|couple(?:\s+of)?|two|three|four|five|six|\d+))?)"
    r"\s+(?:days?|nights?|weeks?|months?)\b"
    r"|\b(?:keep|keeping|hang\s+on\s*to|hanging\s+on\s*to|hold\s+on\s*to)\s+(?:it|them|(?:the|my|our)\s+\w+)\s+(?:a\s+(?:bit|little)\s+)?"
    r"(?:longer|past|through|until|till|another)\b",
    re.IGNORECASE,
)
# Having a place or a guide to oneself: "A private session", "The track to yourselves" and a
# caller's "the place to ourselves", "shut out everybody but us", "rent out the whole place" share
# no word; a person hears the one request ("privately" too). The word "private" is the concept.
PRIVATE = "#private"
_PRIVATE = re.compile(
    r"\bprivate(?:ly)?\b|\bto\s+(?:ourselves|yourselves|themselves|myself|yourself)\b"
    r"|\b(?:nobody|no\s+one|everybody|everyone|anybody|anyone)\s+(?:else\s+)?(?:but|except)\s+(?:us|our\s+\w+)\b"
    r"|\brent(?:ing)?\s+out\s+the\s+(?:whole|entire)\b|\bthe\s+(?:whole|entire)\s+(?:place|track|rink|room|venue|boat|range|course|studio)"
    r"\s+(?:to|for)\s+(?:ourselves|us|yourselves|themselves)\b",
    re.IGNORECASE,
)
PRIVATE_WORD = re.compile(r"private(?:ly)?")
# A birthday, said as the age reached: "Birthday parties" and a caller's "my son turns eight in May",
# "our twins turn six next month", "she's turning ten" share no word; a person hears the birthday
# (not "turns out", "turn it on": an age follows). The word "birthday" is the concept.
BIRTHDAY = "#birthday"
_AGES_SAID = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# or as the ordinal of someone's: "my son's 10th", "for Lily's sixth we've got a dozen kids", "my
# husband's 40th" (not "my son's fifth grade teacher", "her third time": a noun follows there)
_ORDINALS_SAID = (
    r"\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth"
    r"|fiftieth|sixtieth|seventieth|eightieth|ninetieth|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
)
_BIRTHDAY = re.compile(
    rf"\b(?:birthdays?|b-?days?)\b|\b(?:turns|turning|turn|turned)\s+(?:{_AGES_SAID})(?:[\s-]\w+)?\b(?!\s+(?:degrees|percent|times|minutes|miles)\b)"
    rf"|\b[a-z]+'s\s+(?:{_ORDINALS_SAID})(?=\s*(?:$|[.,;:!?)]|(?:and|so|but|we|we're|we've|we'd|i|i'm|i'd|is|it's|coming|next"
    r"|this|party|bash|celebration|in|at|was|here|there|with|for)\b))",
    re.IGNORECASE,
)
BIRTHDAY_WORD = re.compile(r"birthdays?|b-?days?")
# Doing it oneself: "Rent scaffolding to put up myself", "Do-it-yourself rentals", "treating lice
# yourself" and a caller's "I'd rather haul it home myself", "we planted it ourselves" share no word
# but the doer; "I'm not putting it up myself" is against it, and its "not" is about who does it,
# not the putting up (denied_doing). "the whole bar to ourselves" is having it (#private).
SELF = "#self"
_MAKING = ("make|making|build|building|roll|rolling|dip|dipping|craft|crafting|create|creating|design|designing|paint|painting"
           "|mix|mixing|bake|baking|brew|brewing|sew|sewing|pour|pouring|carve|carving|decorate|decorating|blow|blowing|throw"
           "|throwing|press|pressing|grind|grinding|forge|forging|weave|weaving|knit|knitting|assemble|assembling")
_SELF = re.compile(
    r"(?<!\bto\s)(?<!\bfor\s)\b(?:myself|ourselves|yourself|yourselves|ourself)\b|\bdo[\s-]it[\s-]yourself\b|\bdiy\b|\bself[\s-]serv(?:e|ice)\b"
    # a workshop's "Roll and dip your own truffles", "Paint your own pottery": made by the doer
    rf"|\b(?:{_MAKING})\s+(?:your|our|my|their)\s+own\b",
    re.IGNORECASE,
)
# a negation in the reflexive's clause ("I'm not putting it up myself", "I don't want to do it myself")
_CLAUSE_NEGATION = re.compile(r"(?:\bno|\bnot|n't|\bnever)\b(?P<span>[^,.;!?]*)$", re.IGNORECASE)
# Someone who has died: "Memorial cruises", "Scatter a family member's ashes", "Sympathy or funeral
# flowers" and a caller's "my late husband", "now that he's passed", "my mom passed away", "since
# Grandma died" share no word; a person hears the loss ("my car died", "he passed the test" are not it)
MEMORIAL = "#memorial"
MEMORIAL_WORD = re.compile(r"memorials?")
_NOBODY_BEFORE = re.compile(r"\b(?:nobody|no\s+one|no-one)\s+(?:has\s+|had\s+|just\s+|actually\s+)?$", re.IGNORECASE)
_KIN = (r"husband|wife|father|mother|dad|mom|son|daughter|brother|sister|partner|grandfather|grandmother|grandpa|grandma"
        r"|uncle|aunt|friend|fiancee?|parents?|grandparents?|granddad|nana|papa")
_MEMORIAL = re.compile(
    rf"\blate\s+(?:{_KIN})\b|\bpassed\s+(?:away|on)\b|\b(?:he's|she's|he\s+has|she\s+has|they've|who's|since\s+\w+)\s+passed\b"
    rf"(?!\s+(?:the|a|an|his|her|my|our|its|their|inspection|test|exam|away\s+from))"
    rf"|\b(?:{_KIN}|grandma|grandpa|he|she)\s+(?:just\s+|recently\s+)?died\b|\bin\s+(?:loving\s+)?memory\s+of\b|\bmemorials?\b(?!\s+day)"
    rf"|\bashes\b|\bfunerals?\b|\bcelebration\s+of\s+(?:life|his\s+life|her\s+life)\b|\bbereave\w*|\bsympathy\b|\bcondolences?\b",
    re.IGNORECASE,
)
# A wedding, said by what happens at one: "Wedding releases", "Bridal parties" and a caller's "we're
# getting married in May", "we're tying the knot", "my fiancée and I say I do", "walking her down the
# aisle" share no word; a person hears the wedding (not "I got married" or "we've been married two
# years": a marriage had, no wedding to come; not a bride or a bridesmaid, one of a wedding's
# people, whom a bridal shop's labels tell apart)
WEDDING = "#wedding"
_WEDDING = re.compile(
    r"\bweddings?\b|\bbridal\b|\b(?:getting|get|gets|be|being)\s+married\b|\b(?:tie|ties|tying)\s+the\s+knot\b"
    r"|\bsay(?:ing)?\s+(?:our\s+)?[\"']?i\s+do\b|\bfianc[eé]{1,2}s?\b"
    r"|\bdown\s+the\s+aisle\b|\b(?:exchange|exchanging|say|saying)\s+(?:our\s+)?vows\b|\bnewlyweds?\b|\belop(?:e|ing)\b",
    re.IGNORECASE,
)
WEDDING_WORD = re.compile(r"weddings?|bridal")
# A gift, said by what it is for: "Gift certificates" and a caller's "a tour for my dad as a
# present", "I'd love to surprise my husband with a ride", "a stocking stuffer for my nephew" share
# no word ("present" is mostly the time now to WordNet); a person hears the gift (not "the present
# owner", "at present": no "as a" or "for" before it; not "surprised at the price")
GIFT = "#gift"
_GIFT = re.compile(
    r"\bgifts?\b|\b(?:as|for)\s+(?:a|an|her|his|their|my|our)\s+(?:\w+\s+)?present\b|\ba\s+present\s+for\b"
    r"|\bsurprise\s+(?:him|her|them|my\s+\w+|our\s+\w+)\s+with\b|\bstocking\s+stuffers?\b",
    re.IGNORECASE,
)
# When something must be in: "Our filing deadline", "Payment due date" and a caller's "When's the
# holder report due this year?", "what's the last day to file?", "our filing date" share no word but
# the time a thing is due ("I just want to pay what's due" is an amount, not a time: "due" only
# after a "when" in its clause)
DEADLINE = "#deadline"
_DEADLINE = re.compile(
    r"\bdeadlines?\b|\bdue\s+dates?\b|\bcut-?off\s+(?:dates?|days?)\b|\blast\s+day\s+to\b|\bfiling\s+dates?\b"
    r"|\bwhen(?:'s|\s+is|\s+are|\s+was|\s+will)\b[^.?!,;]{0,40}?\bdue\b",
    re.IGNORECASE,
)
DEADLINE_WORD = re.compile(r"deadlines?")
PAUSE_WORD = re.compile(r"paus(?:e|es|ed|ing)|freez(?:e|es|ing)|frozen|suspend(?:s|ed|ing)?|temporar(?:y|ily)")
# A head count changed: a label for it ("More or fewer people", "Update my guest count", "Adding
# people to the booking") and a caller who says the count moved ("Four more people RSVP'd", "we
# lost three guests to the flu", "one guy dropped out, so it's just the three of us", "five of us
# now, not four") share no word; a person hears the one request
_HEADS = r"(?:people|persons?|guests?|riders?|players?|passengers?|attendees|kids|children|hikers|paddlers|golfers|climbers|students)"
_COUNT_CHANGE_LABEL = re.compile(
    rf"\b(?:more\s+or\s+(?:fewer|less)|fewer|add(?:ing)?|remov(?:e|ing)|chang(?:e|ing)|updat(?:e|ing))\b[^.;]{{0,30}}?\b{_HEADS}\b"
)
_HEAD_COUNT = re.compile(r"\b(?:head|guest|party|group|rider|player)\s*(?:count|size|number)\b")
_COUNT_WORD = r"(?:\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+couple(?:\s+of)?|a\s+few)"
_MORE_PEOPLE = re.compile(rf"\b(?:more|extra|additional)\s+(?:{_HEADS}|person|of\s+us|folks|guys)\b")  # after a count (_COUNTED_BEFORE)
_COUNTED_BEFORE = re.compile(rf"\b{_COUNT_WORD}\s+$")
_FEWER_PEOPLE = re.compile(
    rf"\b(?:lost|losing|minus|take\s+off|taking\s+off|drop|dropping)\s+{_COUNT_WORD}\s+(?:{_HEADS}|person|of\s+(?:us|them)|folks|guys)\b"
)
_DROPPED_OUT = re.compile(r"\b(?:dropped|backed|pulled|bowed)\s+out\b")
# "we just need one less ticket", "two fewer seats": the count of the same booking down
_ONE_LESS = re.compile(rf"\b{_COUNT_WORD}\s+(?:less|fewer)\s+(?:{_HEADS}|person|tickets?|seats?|spots?|of\s+us)\b")
_COUNT_NOW = re.compile(rf"\bof\s+us\s+now\b|\bnow,?\s+not\s+{_COUNT_WORD}\b|\bnot\s+{_COUNT_WORD}\s+(?:anymore|any\s+more)\b")
_HEAD_WORDS = ("people", "person", "guest", "rider", "player", "passenger", "attendee", "kids", "children", "hiker", "paddler",
               "golfer", "climber", "student")


def _count_change_said(lowered: str) -> bool:
    """Whether a lower-cased text asks for, or says, a head count changed (#headcount-change);
    each pattern searched only where its telling words are (most texts have none)."""
    if ("count" in lowered or "size" in lowered or "number" in lowered) and _HEAD_COUNT.search(lowered):
        return True
    if ("fewer" in lowered or "add" in lowered or "remov" in lowered or "chang" in lowered or "updat" in lowered) \
            and any(word in lowered for word in _HEAD_WORDS) and _COUNT_CHANGE_LABEL.search(lowered):
        return True
    if "more" in lowered or "extra" in lowered or "additional" in lowered:
        for more in _MORE_PEOPLE.finditer(lowered):
            if _COUNTED_BEFORE.search(lowered, max(0, more.start() - 16), more.start()):
                return True
    if ("lost" in lowered or "losing" in lowered or "minus" in lowered or "take off" in lowered or "taking off" in lowered
            or "drop" in lowered) and _FEWER_PEOPLE.search(lowered):
        return True
    if " out" in lowered and _DROPPED_OUT.search(lowered):
        return True
    if ("less" in lowered or "fewer" in lowered) and _ONE_LESS.search(lowered):
        return True
    if "after all" in lowered or "decided to come" in lowered:
        return "coming after all" in lowered or "decided to come" in lowered
    return ("now" in lowered or "anymore" in lowered or "any more" in lowered) and _COUNT_NOW.search(lowered) is not None


def _how_often(text: str) -> tuple[tuple[str, bool], ...]:
    """#recurring and #once, each once, negated when said after a "not" ("not every month")."""
    found: list[tuple[str, bool]] = []
    # "Not weekly, once every thirty days": the habit said is recurring, the one denied aside
    said = list(_RECURRING.finditer(text))
    match = next((found for found in said if NEGATED_BEFORE.search(text[: found.start()]) is None), said[0] if said else None)
    if match is None:
        match = next((per for per in _PER_PERIOD.finditer(text) if _AMOUNT_BEFORE.search(text, max(0, per.start() - 12), per.start())), None)
    if match is not None:
        found.append(("#recurring", NEGATED_BEFORE.search(text[: match.start()]) is not None))
    match = _ONCE.search(text)
    if match is not None:
        found.append(("#once", NEGATED_BEFORE.search(text[: match.start()]) is not None))
    return tuple(found)


NOT_LETTERS = {code: " " for code in range(128) if not chr(code).isalpha()}  # (str.translate: a text's words, split on the rest)
OFTEN_TOKENS = frozenset(["every", "each", "per", "weekly", "monthly", "yearly", "annually", "regular", "regularly", "recurring",
                           "ongoing", "once", "biweekly", "bimonthly", "day", "week", "month", "year", "time", "off",
                           "fortnight", "fortnightly"])
_PAUSE_CORE = frozenset(["hold", "pause", "paused", "pauses", "pausing", "freeze", "freezes", "freezing", "frozen", "suspend",
                         "suspends", "suspended", "suspending", "temporary", "temporarily"])
PAUSE_TOKENS = _PAUSE_CORE | frozenset(["while", "off", "until", "till", "good"])
PREGNANT_TOKENS = frozenset(["pregnant", "pregnancy", "expecting", "expectant", "trimester", "along", "baby", "due", "mom", "mother", "way"])
COUNT_TOKENS = frozenset(["count", "size", "number", "fewer", "add", "adds", "added", "adding", "remove", "removes", "removed",
                          "removing", "change", "changes", "changed", "changing", "update", "updates", "updated", "updating", "more",
                          "extra", "additional", "lost", "losing", "minus", "off", "drop", "drops", "dropping", "dropped", "backed",
                          "pulled", "bowed", "after", "decided", "now", "anymore", "less"])  # (every form _count_change_said's cues take)
LONGER_TOKENS = frozenset(["another", "more", "extra", "additional", "keep", "keeping", "hang", "hanging", "hold"])
PRIVATE_TOKENS = frozenset(["private", "privately", "ourselves", "yourselves", "themselves", "myself", "yourself", "nobody",
                            "everybody", "everyone", "anybody", "anyone", "one", "whole", "entire"])  # ("no one but us": one)
BIRTHDAY_TOKENS = frozenset(["birthday", "birthdays", "bday", "bdays", "turns", "turning", "turn", "turned",
                             # an ordinal: "10th" is "th" here (digits are not letters)
                             "st", "nd", "rd", "th", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                             "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth",
                             "seventieth", "eightieth", "ninetieth"])
SELF_TOKENS = frozenset(["myself", "ourselves", "yourself", "yourselves", "ourself", "diy", "self", "own"])  # ("do-it-yourself": yourself)
MEMORIAL_TOKENS = frozenset(["late", "passed", "died", "memory", "memorial", "memorials", "ashes", "funeral", "funerals",
                             "celebration", "bereavement", "bereaved", "sympathy", "condolence", "condolences"])
DEADLINE_TOKENS = frozenset(["deadline", "deadlines", "due", "cutoff", "cut", "last", "filing"])
GIFT_TOKENS = frozenset(["gift", "gifts", "present", "surprise", "stuffer", "stuffers"])
WEDDING_TOKENS = frozenset(["wedding", "weddings", "bridal", "married", "knot", "do", "fiance", "fiancee", "fiancé", "fiancée",
                            "fiances", "fiancees", "aisle", "vows", "newlywed", "newlyweds", "elope", "eloping"])
# any word a concept above is looked for by: a text with none of them says none of them
CUE_TOKENS = (OFTEN_TOKENS | PAUSE_TOKENS | PREGNANT_TOKENS | COUNT_TOKENS | LONGER_TOKENS | PRIVATE_TOKENS | BIRTHDAY_TOKENS
              | SELF_TOKENS | MEMORIAL_TOKENS | WEDDING_TOKENS | DEADLINE_TOKENS | GIFT_TOKENS)
RETRACTION_TOKENS = frozenset(["never", "nevermind", "actually", "thought", "scratch", "wait", "rather", "hang", "hold"])
_SEASON_OFF = frozenset(["summer", "winter", "spring", "fall", "month", "week", "season", "weeks", "months"])
_STOPPING = frozenset(["stop", "stops", "stopped", "stopping", "cancel", "cancels", "cancelled", "canceled", "cancelling", "canceling",
                       "skip", "skips", "skipped", "skipping", "hold", "holds", "holding"])  # (every form _PAUSE's "stop\w*" takes)


def concepts_said(kept: str, tokens: frozenset[str]) -> tuple[tuple[str, bool], ...]:
    """The concepts `kept` (a text from its last retraction on) says in words of its own, as
    (surface, negated): how often, a pause, a pregnancy, a head count changed, keeping longer,
    having it to oneself, a birthday, doing it oneself, a loss; each looked for only where its words
    are (`tokens`, the text's words, against each concept's *_TOKENS; labels.py calls this only when
    one of CUE_TOKENS is there). labels.py drops a concept's own word (OWN_WORDS: "pause",
    "private", "birthday", "memorial") when the concept is found: the word is the concept."""
    often = not tokens.isdisjoint(OFTEN_TOKENS)
    pause = not tokens.isdisjoint(PAUSE_TOKENS)
    carrying = not tokens.isdisjoint(PREGNANT_TOKENS)
    counting = not tokens.isdisjoint(COUNT_TOKENS)
    keeping = not tokens.isdisjoint(LONGER_TOKENS)
    alone = not tokens.isdisjoint(PRIVATE_TOKENS)
    aging = not tokens.isdisjoint(BIRTHDAY_TOKENS)
    doing = not tokens.isdisjoint(SELF_TOKENS)
    mourning = not tokens.isdisjoint(MEMORIAL_TOKENS)
    marrying = not tokens.isdisjoint(WEDDING_TOKENS)
    found: list[tuple[str, bool]] = []
    if often:
        found.extend(_how_often(kept))
    if pause:
        if "good" in tokens and _NOT_FOR_GOOD.search(kept):
            found.append((PAUSE, False))  # "I don't want to stop it for good"
        elif (not tokens.isdisjoint(_PAUSE_CORE) or ("off" in tokens and not tokens.isdisjoint(_SEASON_OFF))
              or ("a" in tokens and "while" in tokens) or not tokens.isdisjoint(_STOPPING)) \
                and (pausing := _PAUSE.search(kept)) is not None:
            found.append((PAUSE, NEGATED_BEFORE.search(kept[: pausing.start()]) is not None))
    if counting and _count_change_said(kept.lower()):
        found.append(("#headcount-change", False))  # "one guy dropped out" / "More or fewer people"
    if carrying and (carried := _PREGNANT.search(kept)) is not None:
        negated_here = bool(re.search(r"\bnot\s+expecting\b", carried.group(0), re.IGNORECASE)) \
            or NEGATED_BEFORE.search(kept[: carried.start()]) is not None
        found.append(("#pregnant", negated_here))  # "I'm twenty-two weeks along": "I'm pregnant"
    if mourning and (loss := _MEMORIAL.search(kept)) is not None:
        before = kept[: loss.start()]
        found.append((MEMORIAL, NEGATED_BEFORE.search(before) is not None or _NOBODY_BEFORE.search(before) is not None))
    if doing and (itself := _SELF.search(kept)) is not None:
        found.append((SELF, _CLAUSE_NEGATION.search(kept[: itself.start()]) is not None))
    if aging and (birthday := _BIRTHDAY.search(kept)) is not None:
        found.append((BIRTHDAY, NEGATED_BEFORE.search(kept[: birthday.start()]) is not None))
    if alone and (private := _PRIVATE.search(kept)) is not None:
        found.append((PRIVATE, NEGATED_BEFORE.search(kept[: private.start()]) is not None))
    if marrying and (wedding := _WEDDING.search(kept)) is not None:
        found.append((WEDDING, NEGATED_BEFORE.search(kept[: wedding.start()]) is not None))
    if not tokens.isdisjoint(GIFT_TOKENS) and (gift := _GIFT.search(kept)) is not None:
        found.append((GIFT, NEGATED_BEFORE.search(kept[: gift.start()]) is not None))
    if not tokens.isdisjoint(DEADLINE_TOKENS) and (due := _DEADLINE.search(kept)) is not None:
        found.append((DEADLINE, NEGATED_BEFORE.search(kept[: due.start()]) is not None))
    if keeping and (longer := _LONGER.search(kept)) is not None:
        before = kept[: longer.start()]
        found.append((LONGER, NEGATED_BEFORE.search(before) is not None or before.lower().endswith("no ")))
    return tuple(found)


# the business asked to do it instead: "..., I want your guys to do the whole thing", "you do it"
_YOU_DO_IT = re.compile(
    r"\b(?:your\s+(?:guys|crew|people|team|folks|workers|installers|staff)|you\s+(?:guys\s+|all\s+|folks\s+)?(?:to\s+)?"
    r"(?:do|handle|put|install|set|take\s+care)|y'all\s+(?:to\s+)?(?:do|handle|put|install|set))\b",
    re.IGNORECASE,
)


def denied_doing(kept: str) -> frozenset[str]:
    """The words between a negation and the reflexive it is about ("I'm not putting it up myself,
    I want your guys to do it": putting, it, up) when the caller asks the business to do it instead:
    they deny doing it themself, not the doing. Otherwise none ("I don't want to ride myself, I want
    to buy my dad a tour": no riding asked for)."""
    itself = _SELF.search(kept)
    negation = _CLAUSE_NEGATION.search(kept[: itself.start()]) if itself is not None else None
    if negation is None or itself is None or _YOU_DO_IT.search(kept, itself.end()) is None:
        return frozenset()
    return frozenset(re.findall(r"[a-z']+", negation.group("span").lower()))


# a concept's own word, dropped where the concept is found (the word is the concept: no word more)
OWN_WORDS: dict[str, re.Pattern[str]] = {
    PAUSE: PAUSE_WORD, PRIVATE: PRIVATE_WORD, BIRTHDAY: BIRTHDAY_WORD, MEMORIAL: MEMORIAL_WORD, WEDDING: WEDDING_WORD,
    DEADLINE: DEADLINE_WORD,
}

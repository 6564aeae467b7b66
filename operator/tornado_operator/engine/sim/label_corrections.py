"""What a caller takes back. A value said again ("Three... actually, make that four", "2010... no,
sorry, it's a 2008", "Tuesday, no wait, Thursday"): every reading of a value (label_*.py) reads
the turn from its last correction on (`corrected`), as a person hears the value the caller
settled on. A request broken off and started again ("I'd like to pay... hang on, first I want to
know when it's ready"): the label scorer reads the turn from where the caller started again
(`restarted`). An option said back with a pause, then something else said of it ("Mail... it's not
mail exactly, ..."): the scorer reads what follows (`option_set_aside`). Pure functions of the text;
pinned in tests/unit/test_label_routing_round19.py, test_label_routing_round24.py and
test_label_routing_round37.py."""

from __future__ import annotations

import re

# A value taken back and said again: "Three... actually, make that four", "2010... no, sorry, it's a
# 2008", "Tuesday, no wait, Thursday". The words of a pause or comma followed by a taking back; a
# bare "no" or "actually" only after a pause ("...", a dash), since "It's a shot, no pills" and "it
# is, actually, a 2008" take nothing back.
_CORRECTION = re.compile(
    r"(?:(?:\.\.\.|\u2026|\u2014|--|\u2013)\s*(?:(?:oh|um|uh|er|hmm|hm|ah|well),?\s+)?(?:no|nope|wait|sorry|actually|i mean)\b(?:[\s,]+(?:no|wait|sorry|actually)\b)*"
    r"|[,.;]?\s*\b(?:no,?\s+(?:wait|sorry|actually)|(?:wait|sorry|actually),?\s+no|i mean|make (?:that|it)"
    r"|scratch that|or rather|correction)\b)[\s,.!:;-]*",
    re.IGNORECASE,
)


_PAUSES = ("...", "\u2026", "\u2014", "--", "\u2013")
_CORRECTION_WORDS = ("no,", "no ", "wait", "sorry", "i mean", "make that", "make it", "rather", "scratch", "correction")


def corrected(text: str) -> str:
    """What a turn says of a value once the caller has taken back what came first: the text after
    the last correction, or the whole text when nothing is taken back (or nothing follows)."""
    if not any(pause in text for pause in _PAUSES):
        lowered = text.lower()
        if not any(cue in lowered for cue in _CORRECTION_WORDS):
            return text  # (most turns: no regex run)
    tail = None
    for found in _CORRECTION.finditer(text):
        tail = text[found.end():]
    return tail if tail and tail.strip(" .,!?") else text


# A request broken off and replaced: "I'd like to pay... hang on, first I want to know when it's
# ready", "I need to change... sorry, no, nothing changes, I just want to know when he'll get here",
# "I want to buy... well, first, do you even deliver?". A pause, then (after a filler) a word that
# takes back or sets aside what came before: a person answers what follows it (the words of taking
# back themselves say nothing: "hang on" there puts nobody on hold).
_RESTART = re.compile(
    r"(?:\.\.\.|\u2026|\u2014|--|\u2013)\s*(?:(?:oh|um|uh|er|hmm|hm|ah|well|so|okay|ok)\b[\s,]*)*"
    r"(?=(?:no|nope|wait|sorry|actually|first|except|hang\s+on|hold\s+on|i\s+mean|forget|scratch|never\s*mind|let\s+me\s+start\s+over"
    r"|you\s+know\s+what)\b)",
    re.IGNORECASE,
)
_MARKERS = r"wait|sorry|actually|except|hang\s+on|hold\s+on|i\s+mean|oh|well|um|uh|so"
_TAKING_BACK = re.compile(rf"^(?:(?:no|nope|{_MARKERS})\b[\s,.!]*)+", re.IGNORECASE)
_PAUSING = re.compile(rf"^(?:(?:{_MARKERS})\b[\s,.!]*)+", re.IGNORECASE)  # the same, an answer's "no" kept
_ANSWER = re.compile(r"^\W*(?:yes|yeah|yep|yup|sure|no|nope|nah)\W*$", re.IGNORECASE)
# what follows refers to what was broken off: "I want to book a room... actually, I already did"
_REFERS_BACK = re.compile(r"\b(?:already\s+(?:did|done|have|had)|did\s+(?:that|it)\s+already)\b", re.IGNORECASE)
# what was broken off named as set aside before the caller goes on: "Parts... actually, no, forget
# parts, the floor's gone soft", "Can I add... no, forget adding, I need to push it back a week":
# a person hears the request that follows (a few words up to the comma; the thing named is what the
# caller no longer asks about)
_SET_ASIDE = re.compile(
    r"^(?:forget|never\s*mind|scratch)\s+(?:about\s+)?(?:that|it|the\s+\w+(?:\s+\w+)?|\w+ing(?:\s+(?:it|that|them))?|\w+)\s*[,;.]\s*",
    re.IGNORECASE,
)


def restarted(text: str) -> str:
    """What a turn asks once the caller has broken off and started again: the text after the last
    pause followed by a taking back ("... sorry, no,", "... hang on,") or a setting aside ("...
    well, first"), or the whole text (nothing broken off, or what follows refers back to it)."""
    if not any(pause in text for pause in _PAUSES):
        return text
    tail, head = None, ""
    for found in _RESTART.finditer(text):
        tail, head = text[found.end():], text[: found.start()]
    if tail is None or _REFERS_BACK.search(tail):
        return text
    # a bare answer turned round keeps the answer it turned to: "Yes... wait, no, that was for my church"
    rest = (_PAUSING if _ANSWER.match(head) else _TAKING_BACK).sub("", tail)
    set_aside = _SET_ASIDE.sub("", rest, count=1)
    if set_aside != rest and re.search(r"[a-z]{2}", set_aside, re.IGNORECASE):
        rest = set_aside
    return rest if re.search(r"[a-z]{2}", rest, re.IGNORECASE) else text


# What the caller says is not the matter, before what is: "Signing up isn't it, I just want to leave
# out my eyes", "Noise isn't the problem, it's the shadows", "The check did come, that's not the
# problem, it's from last year": a person hears what follows (the denied part named something the
# caller does not call about)
_NOT_THE_MATTER = (r"(?:isn't|is\s+not|'s\s+not|wasn't|was\s+not)\s+(?:it|the\s+(?:problem|issue|thing|question)"
                   r"|what\s+i\s+(?:need|want|'m\s+after|'m\s+calling\s+about|called\s+about)|why\s+i(?:'m|\s+am)\s+calling)")
_DENIED_FIRST = re.compile(rf"^\s*[^,.;!?]{{2,40}}?\s*{_NOT_THE_MATTER}\s*[,;.]\s*(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
# the thing said to be fine first: "no, the address is fine, we just need to cut the order down",
# "The panels are fine, it's the flashing around the skylight" (what follows is the matter)
_FINE_FIRST = re.compile(
    r"^\s*(?:(?:no|nope|oh|well),?\s+)*(?:the|my|our|his|her)\s+[a-z]+(?:\s+[a-z]+)?(?:'s|\s+is|\s+are|'re)\s+"
    r"(?:fine|okay|ok|all\s+right|alright|good)\s*[,;.]\s*(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_DENIED_AFTER = re.compile(
    rf"^[^,.;!?]{{2,60}}[,;.]\s*(?:that|this)\s*{_NOT_THE_MATTER}\s*[,;.]\s*(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL
)


# What the caller says is the real matter, after what is not: "it was blocking my driveway, but the
# real problem is it went through the back window", "it's my family, but really it's my brother, he's
# in the county jail": a person hears what follows the pivot
_REAL_MATTER = re.compile(
    r"^.{2,160}?[,;]?\s+(?:but\s+)?(?:the\s+real\s+(?:problem|issue|thing|reason|question|trouble)\s+(?:is|was)"
    r"|but\s+really,?\s+(?:it's|it\s+is|it\s+was|the\s+(?:problem|issue|thing)\s+is))\s*[,:]?\s*(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def matter_set_aside(text: str) -> str:
    """What a turn is about once what the caller says is not the matter is set aside ("Noise isn't
    the problem, it's the shadows": the shadows; "The check did come, that's not the problem, it's
    from last year": from last year; "... but the real problem is it went through the back window":
    the back window; "The panels are fine, it's the flashing": the flashing), or the whole text."""
    lowered = text.lower()
    if "real" in lowered and (real := _REAL_MATTER.match(text)) is not None and re.search(r"[a-z]{2}", real.group("rest"), re.IGNORECASE):
        return real.group("rest")
    if ("fine" in lowered or "okay" in lowered or "all right" in lowered or "alright" in lowered or " ok" in lowered
            or "good" in lowered) and (fine := _FINE_FIRST.match(text)) is not None and re.search(r"[a-z]{2}", fine.group("rest"), re.IGNORECASE):
        return fine.group("rest")
    if "not" not in lowered and "n't" not in lowered:
        return text
    found = _DENIED_FIRST.match(text) or _DENIED_AFTER.match(text)
    return found.group("rest") if found is not None and re.search(r"[a-z]{2}", found.group("rest"), re.IGNORECASE) else text


# A word or two of the agent's question said back before the answer ("Alignment? Honestly I
# don't know, it just clunks", "Three years? I don't keep receipts that long", "A discount?
# Okay, I'd stay if it's cheaper"): the words said back were the agent's, so what the caller
# means is in what follows them. Not a hedged answer ("Maybe six? Two for the front"), a
# question of the caller's own ("Do you deliver? ..."), or a line check ("Hello? ...").
_ECHO = re.compile(r"^\s*(?P<said>[^?.,!;:]{1,40}?)\s*\?+\s+(?P<rest>\S.*)$", re.DOTALL)
_NOT_AN_ECHO = re.compile(
    r"^(?:do|does|did|can|could|is|are|was|were|will|would|what|how|when|where|who|whom|whose|why|which|have|has|had"
    r"|should|shall|may|might|must|any|anything|maybe|probably|possibly|perhaps|about|around|like|roughly|approximately"
    r"|i|i'm|honestly|seriously|really|sorry|pardon|excuse|hello|hi|hey|yes|yeah|yep|no|nope|nah|ok|okay|huh|um|uh|er"
    r"|hmm|so|and|or|but|you|your)\b",
    re.IGNORECASE,
)


# The same said back with a pause, a question of the caller's own after it ("The day... hmm, how
# many people fit in one of those?", "Cancel... is there a fee for that?"): the question is theirs,
# the words before the pause the agent's
_ECHO_PAUSED = re.compile(
    r"^\s*(?P<said>[^?.,!;:]{1,40}?)\s*(?:\.\.\.|\u2026|\u2014|--)\s*(?P<rest>(?:(?:hmm|hm|um|uh|er|oh|well|so|wait)\W+)*"
    r"(?:how|what|when|where|who|why|which|is|are|was|does|do|did|can|could|will|would|should)\b.*\?.*)$",
    re.IGNORECASE | re.DOTALL,
)


def echo_set_aside(text: str) -> str:
    """What a turn answers once a word or two said back from the question ("Three years? ...",
    "The day... how many fit?") is set aside: the text after it, or the whole text (no echo, or
    nothing after it)."""
    if "?" not in text:
        return text
    paused = _ECHO_PAUSED.match(text) if ("..." in text or "\u2026" in text or "\u2014" in text or "--" in text) else None
    if paused is not None and _said_back(paused.group("said")):
        return paused.group("rest")
    found = _ECHO.match(text)
    if found is None or not _said_back(found.group("said")):
        return text
    rest = found.group("rest")
    return rest if re.search(r"[a-z]{2}", rest, re.IGNORECASE) else text


# An option said back with a pause, then what the caller says of it instead ("Mail... it's not mail
# exactly, they sent the ambulance to our old address", "A site near us... there isn't one, could we
# get a box?", "Order a new sign... for our business, I mean"): the words before the pause were the
# agent's option tried on, and a person answers what follows them. Not when what follows takes the
# option ("A medical... well, sort of, I'm expecting") or refers back to it ("Put one... hold on, we
# already have one").
_OPTION_PAUSED = re.compile(r"^\s*(?P<said>[^?.,!;:]{1,40}?)\s*(?:\.\.\.|\u2026)\s*(?P<rest>\S.*)$", re.DOTALL)
_TAKES_IT = re.compile(
    r"^(?:(?:oh|um|uh|er|hmm|hm|ah|well|so)\b[\s,]*)*(?:sort\s+of|kind\s+of|yes|yeah|yep|right|exactly|sure|that's\s+(?:it|right))\b",
    re.IGNORECASE,
)


def option_set_aside(text: str) -> str:
    """What a turn says once an option said back with a pause ("Mail... it's not mail exactly,
    ...") is set aside: the text after the pause, or the whole text (no such option, what follows
    takes it or refers back to it, or nothing follows). A question after the pause is
    echo_set_aside's: a question about the option said back."""
    found = _OPTION_PAUSED.match(text) if ("..." in text or "\u2026" in text) else None
    if found is None or not _said_back(found.group("said")):
        return text
    rest = found.group("rest")
    if not re.search(r"[a-z]{2}", rest, re.IGNORECASE) or _TAKES_IT.match(rest) or _REFERS_BACK.search(rest):
        return text
    return rest


def _said_back(said: str) -> bool:
    """Whether the words before a "?" or a pause can be the agent's said back: four words at most,
    none of them a question of the caller's own, a hedge or a line check (_NOT_AN_ECHO)."""
    return len(said.split()) <= 4 and not _NOT_AN_ECHO.match(said)

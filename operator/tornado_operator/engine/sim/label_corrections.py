"""A value taken back and said again ("Three... actually, make that four", "2010... no, sorry, it's
a 2008", "Tuesday, no wait, Thursday"): every reading of a value (label_*.py) reads the turn from
its last correction on, as a person hears the value the caller settled on. Pure functions of the
text; pinned in tests/unit/test_label_routing_round19.py."""

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

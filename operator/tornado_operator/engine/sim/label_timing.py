"""Whether what the caller speaks of has happened or is still to come ("I had my shoulder scoped
last Thursday", "I'm six weeks out from my Achilles repair" / "my ACL reconstruction is scheduled
for January fourteenth", "I haven't had it yet"), against two labels that tell the one from the
other ("Already had the surgery" / "Surgery is still coming up").

Such a menu asks "before or after?", and callers answer with a date, a tense or a plan, in no word
of the labels. A label is of what has happened ("already", "had", "done", "after", "recovering")
or of what is to come ("coming up", "upcoming", "scheduled", "not yet", "before", "planned"); a
turn says the one by a past event with its time ("last Thursday", "two weeks ago", "weeks out
from", "since my", "after my") and the other by a plan ("scheduled for", "in a couple of weeks",
"next month", "haven't had it yet", "I need a new hip"). A turn that says both, or neither, bears
on nothing. Read only where two candidates of the node state opposite sides. Pure functions of the
texts; pinned in tests/unit/test_label_routing_round17.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_LABEL_TO_COME = re.compile(
    r"\b(?:coming\s+up|upcoming|still\s+to\s+come|scheduled|not\s+(?:had|done)\s+(?:it\s+)?yet|hasn't\s+had|haven't\s+had|hasn't\s+happened"
    r"|not\s+yet|before\s+(?:the|my|their|your)|planned|planning|future)\b",
    re.IGNORECASE,
)
_LABEL_DONE = re.compile(
    r"\b(?:already\s+(?:had|has|did|done|happened|over)|is\s+done|was\s+done|has\s+been\s+done|completed|recovering|after\s+(?:the|my|their|your)"
    r"|post-?op|had\s+the)\b",
    re.IGNORECASE,
)
_SAID_TO_COME = re.compile(
    r"\b(?:scheduled\s+for|is\s+scheduled|(?:it's|is|it\s+is)\s+(?:on|in)\s+|coming\s+up|next\s+(?:week|month|year|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday)|in\s+(?:a|an|one|two|three|four|five|six|a\s+couple\s+of|a\s+few|\d+)\s+(?:days?|weeks?|months?)"
    r"|(?:haven't|hasn't|have\s+not|has\s+not|didn't)\s+(?:had|gotten|got|done|happened)\b[^.,;]*?\byet|not\s+yet|no\s+date\s+yet"
    r"|(?:i|he|she|we)\s+(?:need|needs|will\s+need|am\s+getting|'m\s+getting|is\s+getting|'s\s+getting)\s+(?:a\s+new|surgery|an?\s+operation)"
    r"|told\s+me\s+i\s+need|going\s+in\s+for|getting\s+(?:it|my|her|his)\b)",
    re.IGNORECASE,
)
_SAID_DONE = re.compile(
    r"\b(?:\w+\s+ago|last\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|night)|yesterday"
    r"|(?:weeks?|days?|months?)\s+out\s+from|since\s+(?:my|the|her|his)|after\s+(?:my|the|her|his)|recovering"
    r"|(?:i|he|she|we)\s+(?:had|got)\s+(?:my|the|her|his|it|a)\b(?!\s+(?:question|call|quick|few|couple|minute|second|letter|email|text)\b)"
    r"|already\s+had|just\s+had"
    r"|(?:it's|it\s+is|it\s+was)\s+(?:done|over)|they\s+did\s+it|went\s+(?:fine|well|ok|okay))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Timing:
    """A label's side: `done` (it has happened) or not (it is still to come), and what it is
    about (`topic`: its other words, cut to their first five letters) — two labels are the two
    sides of one event only where their topics meet ("surgery")."""

    done: bool
    topic: frozenset[str] = frozenset()

    def holds(self, done: bool) -> bool:
        return done == self.done

    def said(self) -> str:
        return "already happened" if self.done else "still to come"


@lru_cache(maxsize=4096)
def label_timing(text: str) -> Timing | None:
    """Which side of an event a label states ("Already had the surgery": done; "Surgery is still
    coming up": to come); None for neither or both."""
    to_come, done = _LABEL_TO_COME.search(text) is not None, _LABEL_DONE.search(text) is not None
    if to_come == done:
        return None
    topic = frozenset(word[:5] for word in re.findall(r"[a-z]{4,}", text.lower()) if word not in _NOT_TOPIC)
    return Timing(done, topic)


def opposed(stated: list[object]) -> bool:
    """Whether two of a node's labels are the two sides of one event: one done, one to come, with
    a word of what it is in common ("Already had the surgery" / "Surgery is still coming up"; not
    "Caller already has an appointment" / "... a planned operation")."""
    sides = [value for value in stated if isinstance(value, Timing)]
    return any(first.done != second.done and first.topic & second.topic for first in sides for second in sides)


_NOT_TOPIC = frozenset([
    "already", "still", "coming", "upcoming", "come", "scheduled", "planned", "planning", "future", "done", "completed",
    "recovering", "caller", "callers", "with", "that", "this", "have", "has", "had", "hasn't", "haven't", "before", "after",
    "yet", "been", "their", "your", "about", "happened", "over",
])


@lru_cache(maxsize=4096)
def said_done(text: str) -> bool | None:
    """Whether a turn says it has happened (True), is still to come (False), or neither / both (None)."""
    to_come = any(not re.search(r"\bnot\s+$", text[max(0, found.start() - 6):found.start()], re.IGNORECASE)
                  for found in _SAID_TO_COME.finditer(text))  # "it's not coming up, it's done"
    done = _SAID_DONE.search(text) is not None
    if to_come == done:
        return None
    return done

"""A place the caller names, against the parts of the world a label names ("Yes, Africa or South
America" / "No, not there"; "Trips to Europe"; "Caller is traveling in Asia").

"We're going to Peru to hike to Machu Picchu" shares no word with "Africa or South America", and a
person knows where Peru is. WordNet does too: a country or a city is part of its continent
(part holonyms, up to four steps: Lima, Peru, South America). A place named inside one of a
label's regions fits it; places all outside count against it ("Just Italy and Greece"). Only
names are read (capitalised words, accents dropped: "São Paulo"), and a place the caller rules out
("not Kenya, just Italy") is not one. Pure functions of the texts; both sides pinned in
tests/unit/test_label_routing_round21.py."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim import wordnet

# the parts of the world a label names, as WordNet spells them
REGIONS = frozenset([
    "africa", "south america", "north america", "central america", "latin america", "europe", "asia", "australia", "oceania",
    "middle east", "caribbean", "antarctica",
])
_REGION_SAID = re.compile(r"\b(" + "|".join(sorted(REGIONS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?")
# a person's name, not a place: "this is Jordan", "my name is Georgia", "can I talk to Chad?"
_PERSON_BEFORE = re.compile(
    r"\b(?:this\s+is|name\s+is|name's|i'm|i\s+am|talk\s+to|speak\s+(?:to|with)|ask\s+for|it's|call\s+me|named|called|with)\s+$",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno)\s+(?:[a-z]+\s+){0,3}$", re.IGNORECASE)
_STEPS = 4


@dataclass(frozen=True, slots=True)
class Regions:
    """The parts of the world a label names."""

    names: frozenset[str]

    def holds(self, said: frozenset[str]) -> bool:
        return bool(said & self.names)

    def said(self) -> str:
        return " or ".join(sorted(self.names))


def _plain(text: str) -> str:
    """The text without accents ("São Paulo": "Sao Paulo")."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=4096)
def label_regions(text: str) -> Regions | None:
    """The parts of the world a label names ("Yes, Africa or South America"); None for none."""
    found = frozenset(match.group(1).lower() for match in _REGION_SAID.finditer(text))
    return Regions(found) if found else None


@lru_cache(maxsize=16384)
def regions_of(place: str) -> frozenset[str]:
    """The parts of the world a place is in ("peru": south america, "nairobi": africa), by
    WordNet's part holonyms and instance hypernyms of its first two noun senses."""
    lexicon = wordnet.open_default()
    found: set[str] = set()
    for form, pos in lexicon.base_forms(place):
        if pos != "n":
            continue
        if form in REGIONS:
            found.add(form)
        frontier = [(pos, offset) for offset in lexicon.offsets(form, pos)[:2]]
        for _ in range(_STEPS):
            frontier = [parent for synset in frontier for parent in lexicon.broader(*synset)]
            found.update(word for parent in frontier for word in lexicon.words_of(*parent) if word in REGIONS)
    return frozenset(found)


@lru_cache(maxsize=4096)
def said_regions(text: str) -> frozenset[str] | None:
    """The parts of the world of the places a turn names ("Just Italy and Greece": europe; "Peru,
    then a layover in Nairobi": south america, africa); None when it names none."""
    text = _plain(text)
    found: set[str] = set()
    for match in _REGION_SAID.finditer(text):
        if not _NEGATED.search(text[max(0, match.start() - 24):match.start()]):
            found.add(match.group(1).lower())
    for match in _NAME.finditer(text):
        before = text[max(0, match.start() - 24):match.start()]
        if _NEGATED.search(before) or _PERSON_BEFORE.search(before):
            continue
        name = match.group(0)
        regions = regions_of(name.lower()) if " " in name else frozenset()
        if not regions:  # "Machu Picchu" is no place WordNet knows; "Peru" is
            regions = frozenset().union(*(regions_of(part.lower()) for part in name.split()))
        found.update(regions)
    return frozenset(found) or None

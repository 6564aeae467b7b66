"""The kinds of a category that a choice of words names, read from WordNet.

A pattern that captures one of a few words ("corn|soybeans|wheat") lists kinds of something; a
caller who names another kind ("Oats this year") is not captured, or a listed word said after it
is. A reviewer does not add the caller's word alone (the next caller grows barley): they add the
category's kinds. WordNet says which category the listed words and the caller's word share (corn,
wheat and oat are kinds of cereal) and which kinds it has (barley, rye, millet, sorghum, and
popcorn as a kind of corn). A category too broad to list ("food", "plant") is no answer, and a
kind is listed only when it is what its word mostly means ("heart" is a kind of meat, but not
what "heart" says first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tornado_operator.engine.sim.wordnet import WordNet, open_if_installed

_SENSES = 2  # a word's most frequent noun senses read (WordNet orders them by frequency)
_UP = 3  # levels of broader terms searched for a category shared by the words
_WIDEST = 40  # a category with more direct kinds than this is too broad to list ("food", "plant")
_MOST = 60  # kinds listed at most
_PLAIN = re.compile(r"^[a-z]{3,}$")
# WordNet's lexicographer files of animals, foods and plants (lexnames(5WN)): it splits a crop, a
# fruit or a game animal into the living thing and the food ("barley" the grain first, the plant
# second), so a kind may be either sense of such a word
_LIVING_OR_FOOD = frozenset([5, 13, 20])

Synset = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Kinds:
    category: str  # the category's first word ("cereal")
    words: tuple[str, ...]  # its kinds, base forms, in WordNet's order


def _noun(wordnet: WordNet, word: str) -> str | None:
    return next((lemma for lemma, pos in wordnet.base_forms(word.lower()) if pos == "n"), None)


@lru_cache(maxsize=4096)
def _broader(word: str, senses: int = _SENSES) -> dict[Synset, int]:
    """The categories `word` (a noun's `senses` most frequent senses) is a kind of, up to _UP
    levels up, each with how many levels up it is."""
    wordnet = open_if_installed()
    lemma = _noun(wordnet, word) if wordnet is not None else None
    if wordnet is None or lemma is None:
        return {}
    found: dict[Synset, int] = {}
    level = [("n", offset) for offset in wordnet.offsets(lemma, "n")[:senses]]
    for depth in range(1, _UP + 1):
        level = [up for synset in level for up in wordnet.broader(*synset, parts=False)]
        for synset in level:
            found.setdefault(synset, depth)
    return found


def kinds_alike(listed: Sequence[str], said: str) -> Kinds | None:
    """The kinds of the narrowest category that the caller's word `said` and at least two of the
    `listed` words (and at least half of them) are kinds of; None when there is none, when the
    caller's word is listed already, or without WordNet. The listed words come first, then the
    category's kinds (two levels down) that their words mean first ("string" is a stringed
    instrument, but first a cord), leaving out words seen only as adjectives ("upright", "electric")."""
    wordnet = open_if_installed()
    said_up = _broader(said)
    if wordnet is None or not said_up or said.lower() in listed:
        return None
    listed_up = [_broader(word) for word in listed]
    needed = max(2, (len(listed) + 1) // 2)
    scored: list[tuple[int, Synset]] = []
    for synset, depth in said_up.items():
        sharing = [up[synset] for up in listed_up if synset in up]
        if len(sharing) >= needed and len(wordnet.narrower(*synset)) <= _WIDEST:
            scored.append((depth + max(sharing), synset))
    if not scored:
        return None
    best = min(score for score, _ in scored)
    categories = [synset for score, synset in scored if score == best]
    kinds: list[str] = []
    for category in categories:
        for kind in wordnet.narrower(*category):
            for synset in (kind, *wordnet.narrower(*kind)):
                for word in wordnet.written(*synset):
                    if (_PLAIN.match(word) and word not in kinds and not (wordnet.tagged(word, "a") and not wordnet.tagged(word, "n"))
                            and _mainly_a_kind(wordnet, word, category)):
                        kinds.append(word)
    lemma = _noun(wordnet, said)
    if lemma is None or lemma not in kinds:
        return None  # the caller's word is a kind only in a sense it rarely has
    # the most often said kinds when there are too many (the caller's own among them), in WordNet's order
    kept = set(sorted(kinds, key=lambda kind: -wordnet.frequency(kind))[: _MOST - 1]) | {lemma}
    return Kinds(category=wordnet.words_of(*categories[0])[0], words=tuple(kind for kind in kinds if kind in kept))


def _mainly_a_kind(wordnet: WordNet, word: str, category: Synset) -> bool:
    """Whether `word` says a kind of `category` first: its most frequent sense is one, or (a crop,
    a fruit, an animal) its first two senses are the living thing and the food, one of them a
    kind ("string" is a stringed instrument, but first a cord; "barley" is a cereal second)."""
    if category in _broader(word, 1):
        return True
    lemma = _noun(wordnet, word)
    senses = wordnet.offsets(lemma, "n")[:_SENSES] if lemma is not None else ()
    return (category in _broader(word) and len(senses) == _SENSES
            and {wordnet.lexfile("n", offset) for offset in senses} | {wordnet.lexfile(*category)} <= _LIVING_OR_FOOD)


def plural(word: str) -> str:
    """The regular English plural ("oat" -> "oats", "lily" -> "lilies", "bus" -> "buses")."""
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"

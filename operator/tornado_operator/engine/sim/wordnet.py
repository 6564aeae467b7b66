"""Princeton WordNet 3.0, read from its database files: base forms of a word and its synonyms.

The label router (labels.py) needs two things from a lexicon: the base forms of an inflected
word ("lost" -> lose, lost; "cards" -> card) and the words that share a sense with a word
("misplace" with "lose", "cancel" with "call off" and "cancellation"). WordNet's database
files (Debian's `wordnet-base` package: /usr/share/wordnet) hold both. They are read here,
by the format of wndb(5WN) and the rules of morphy(7WN), instead of through nltk's reader,
which needs a `lexnames` file that Debian's package does not ship, refuses paths outside its
own data directories, and loads every index at start (about a second and 60 MB): this reader
starts in microseconds, binary-searches the sorted index files (memory-mapped) and reads only
the synsets a label uses.

WordNet 3.0 has not changed since 2006, so the same word gives the same answer on every
machine. WNSEARCHDIR (WordNet's own variable) names another copy of the database directory.
"""

from __future__ import annotations

import mmap
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_DIR = "/usr/share/wordnet"
POS = ("n", "v", "a", "r")  # noun, verb, adjective, adverb: the suffixes of index.*/data.* files
_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# morphy(7WN)'s detachment rules: an inflectional ending and what replaces it.
_DETACH = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}
_DERIVED = b"+"  # pointer symbol of a derivationally related form (cancel <-> cancellation)
_PERTAINYM = b"\\"  # an adjective's noun, an adverb's adjective: what it is derived from (monthly -> month)
_BROADER = (b"@", b"@i", b"#p")  # hypernym, instance hypernym, part holonym
_NARROWER = (b"~", b"~i")  # hyponym, instance hyponym


class WordNetMissing(RuntimeError):
    """The WordNet database is not installed where it is looked for."""


@dataclass(frozen=True, slots=True)
class Synset:
    words: tuple[str, ...]  # lower case, spaces for WordNet's underscores, in the synset's order
    derived: tuple[tuple[int, str], ...]  # (source word index, derived word): "+" and pertainym "\\" pointers


class WordNet:
    """Read-only access to one WordNet database directory."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        root = Path(directory)
        missing = [name for pos in POS for name in (f"index.{_FILES[pos]}", f"data.{_FILES[pos]}") if not (root / name).is_file()]
        if missing:
            raise WordNetMissing(
                f"label routing needs WordNet's database, and {root} lacks {', '.join(missing)}: install it "
                "(Debian/Ubuntu: apt-get install wordnet-base) or set WNSEARCHDIR to its directory"
            )
        self.directory = root
        self._index = {pos: _mapped(root / f"index.{_FILES[pos]}") for pos in POS}
        self._data = {pos: _mapped(root / f"data.{_FILES[pos]}") for pos in POS}
        self._exceptions = {pos: _exceptions(root / f"{_FILES[pos]}.exc") for pos in POS}
        self._counts: dict[str, int] | None = None
        # the index lines looked up (a binary search of the mmapped index costs ~10 us; a caller's
        # words come back turn after turn): bounded, cleared whole when full
        self._lines: dict[tuple[str, str], bytes | None] = {}

    def _index_line(self, lemma: str, pos: str) -> bytes | None:
        key = (lemma, pos)
        if key in self._lines:
            return self._lines[key]
        if len(self._lines) >= _LINES_KEPT:
            self._lines.clear()
        line = self._lines[key] = _search(self._index[pos], lemma.replace(" ", "_").encode())
        return line

    def offsets(self, lemma: str, pos: str) -> tuple[int, ...]:
        """The synsets of `lemma` (lower case) as `pos`, most frequent sense first; () when absent."""
        if not lemma.strip():
            return ()  # the index's licence lines start with spaces: an empty key would land there
        line = self._index_line(lemma, pos)
        if line is None:
            return ()
        fields = line.split()
        synset_count = int(fields[2])
        pointer_count = int(fields[3])
        first = 4 + pointer_count + 2  # lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt
        return tuple(int(field) for field in fields[first : first + synset_count])

    def tagged(self, lemma: str, pos: str) -> int:
        """How many of `lemma`'s senses as `pos` were seen in WordNet's sense-tagged corpus
        (the index's tagsense_cnt): 0 for a part of speech the word is rarely used as."""
        if not lemma.strip():
            return 0
        line = self._index_line(lemma, pos)
        if line is None:
            return 0
        fields = line.split()
        return int(fields[4 + int(fields[3]) + 1])

    def synset(self, pos: str, offset: int) -> Synset:
        """The synset at `offset` of data.`pos`: its words and its derivationally related forms
        (pertainyms too: "monthly" is derived from "month", "outdoors" from "outdoor")."""
        fields = self._fields(pos, offset)
        word_count = int(fields[3], 16)
        at = 4 + 2 * word_count
        derived: list[tuple[int, str]] = []
        for index in range(int(fields[at])):
            symbol, target, target_pos, source_target = fields[at + 1 + 4 * index : at + 5 + 4 * index]
            if symbol not in (_DERIVED, _PERTAINYM):
                continue
            source, target_word = int(source_target[:2], 16), int(source_target[2:], 16)
            linked = self._words("a" if target_pos == b"s" else target_pos.decode(), int(target))
            if source >= 1 and 1 <= target_word <= len(linked):
                derived.append((source - 1, linked[target_word - 1]))
        return Synset(words=self._words(pos, offset, fields), derived=tuple(derived))

    def broader(self, pos: str, offset: int, *, parts: bool = True) -> list[tuple[str, int]]:
        """The synsets a synset is a kind, an instance or (`parts`) a part of (hypernyms "@",
        instance hypernyms "@i", part holonyms "#p"), as (pos, offset)."""
        return self._pointed(pos, offset, _BROADER if parts else _BROADER[:2])

    def narrower(self, pos: str, offset: int) -> list[tuple[str, int]]:
        """The synsets that are kinds or instances of a synset (hyponyms "~", instance hyponyms
        "~i"), as (pos, offset)."""
        return self._pointed(pos, offset, _NARROWER)

    def _pointed(self, pos: str, offset: int, symbols: tuple[bytes, ...]) -> list[tuple[str, int]]:
        """The synsets a synset's pointers of `symbols` lead to, as (pos, offset)."""
        fields = self._fields(pos, offset)
        at = 4 + 2 * int(fields[3], 16)
        found: list[tuple[str, int]] = []
        for index in range(int(fields[at])):
            symbol, target, target_pos, _ = fields[at + 1 + 4 * index : at + 5 + 4 * index]
            if symbol in symbols:
                found.append(("a" if target_pos == b"s" else target_pos.decode(), int(target)))
        return found

    def written(self, pos: str, offset: int, fields: list[bytes] | None = None) -> tuple[str, ...]:
        """The synset's words as WordNet writes them (capitals of proper names and genera kept,
        underscores for spaces): "Avena_sativa", "oat"."""
        fields = self._fields(pos, offset) if fields is None else fields
        return tuple(fields[4 + 2 * index].decode() for index in range(int(fields[3], 16)))

    def lexfile(self, pos: str, offset: int) -> int:
        """The synset's lexicographer file number (lexnames(5WN)): 28 is noun.time, 43 verb.weather..."""
        return int(self._fields(pos, offset)[1])

    def words_of(self, pos: str, offset: int) -> tuple[str, ...]:
        return self._words(pos, offset)

    def _fields(self, pos: str, offset: int) -> list[bytes]:
        data = self._data[pos]
        end = data.find(b"\n", offset)
        return data[offset : end if end >= 0 else len(data)].split(b"|", 1)[0].split()

    def _words(self, pos: str, offset: int, fields: list[bytes] | None = None) -> tuple[str, ...]:
        return tuple(_word(written) for written in self.written(pos, offset, fields))

    def base_forms(self, word: str) -> tuple[tuple[str, str], ...]:
        """Every (lemma, part of speech) `word` can be an inflection of — itself included when
        it is a lemma — in a fixed order: () when WordNet knows none. "reported" is only the
        verb report, never the noun: an inflection says which part of speech it is."""
        forms: list[tuple[str, str]] = []
        for pos in POS:
            exceptions = self._exceptions[pos].get(word)
            if exceptions is not None:
                candidates = [word, *exceptions]
            else:
                candidates = [word, *(word[: len(word) - len(end)] + new for end, new in _DETACH[pos] if word.endswith(end))]
            for candidate in candidates:
                if candidate and (candidate, pos) not in forms and self.offsets(candidate, pos):
                    forms.append((candidate, pos))
        return tuple(forms)

    def past_form(self, word: str) -> bool:
        """Whether `word` is a past tense or participle of a verb and not a verb's base form:
        "cancelled", "booked", "paid", "lost" (verb.exc's irregular forms), not "need" or "feed"."""
        if word.endswith("ing"):
            return False
        if word.endswith("ed"):
            candidates = [word[: len(word) - len(end)] + base for end, base in (("ed", ""), ("ed", "e"), ("ied", "y")) if word.endswith(end)]
            if len(word) > 4 and word[-3] == word[-4]:  # a doubled consonant: "cancelled", "stopped"
                candidates.append(word[:-3])
        else:
            candidates = list(self._exceptions["v"].get(word, ()))
        if not candidates or self.offsets(word, "v"):
            return False
        return any(candidate != word and self.offsets(candidate, "v") for candidate in candidates)

    def frequency(self, lemma: str) -> int:
        """How often `lemma` was seen in WordNet's sense-tagged corpus (cntlist.rev: SemCor's
        counts), over all its senses; 0 when never (or when the file is absent)."""
        if self._counts is None:
            counts: dict[str, int] = {}
            path = self.directory / "cntlist.rev"
            if path.is_file():
                for line in path.read_text(encoding="utf-8").splitlines():
                    key, _, count = line.split()
                    lemma_key = key.partition("%")[0].replace("_", " ")
                    counts[lemma_key] = counts.get(lemma_key, 0) + int(count)
            self._counts = counts
        return self._counts.get(lemma, 0)


def _word(raw: str) -> str:
    word = raw.lower().replace("_", " ")
    paren = word.find("(")  # adjective markers: "(a)", "(p)", "(ip)"
    return word[:paren] if paren > 0 else word


def _mapped(path: Path) -> mmap.mmap:
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _exceptions(path: Path) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            inflected, *bases = line.split()
            if bases:
                table[inflected.replace("_", " ")] = tuple(base.replace("_", " ") for base in bases)
    return table


_LINES_KEPT = 65536  # index lines kept per WordNet (a few MB at most)


def _search(data: mmap.mmap, key: bytes) -> bytes | None:
    """The line of a sorted WordNet index that starts with `key` and a space (binary search;
    the licence header's lines start with spaces and sort first)."""
    low, high = 0, len(data)
    while low < high:
        middle = (low + high) // 2
        start = data.rfind(b"\n", 0, middle) + 1
        end = data.find(b"\n", start)
        if end < 0:
            end = len(data)
        line = data[start:end]
        head = line.split(b" ", 1)[0] if not line.startswith(b" ") else b""
        if head == key:
            return line
        if head < key:
            low = end + 1
        else:
            high = start
    return None


def open_if_installed() -> WordNet | None:
    """The machine's WordNet, or None when it is not installed (then every rule that asks it stays
    out of the way)."""
    try:
        return open_default()
    except WordNetMissing:
        return None


@lru_cache(maxsize=1)
def open_default() -> WordNet:
    """The machine's WordNet: $WNSEARCHDIR, else Debian's /usr/share/wordnet (opened once)."""
    return WordNet(os.environ.get("WNSEARCHDIR") or DEFAULT_DIR)

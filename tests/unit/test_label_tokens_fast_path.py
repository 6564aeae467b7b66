"""The tokeniser's shortcuts change no word of any text (engine/sim/labels.py).

`_plain_words` sends a token no rule reads (`_READ_BY_RULES`) straight to the content-word step,
and `_words` skips a pattern when the text lacks a substring every match of it needs. Both are
only speed: here every caller turn, label and description of the routing corpora and every
node text, label and description of the fixer corpora's pathways is tokenised with the
shortcut and with every token sent through every rule, and the words must be the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tornado_operator.engine.sim import labels

CORPORA = Path(__file__).resolve().parents[1] / "corpus"


class _Everything:
    """A set that holds every token: no token takes the shortcut."""

    def __contains__(self, _: object) -> bool:
        return True


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if 3 < len(value) < 400:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _corpus_texts() -> list[str]:
    texts: set[str] = set()
    for path in sorted(CORPORA.glob("routing*/**/*.yaml")) + sorted(CORPORA.glob("fixer*/*/pathway.yaml")):
        for document in yaml.load_all(path.read_text(), Loader=yaml.CSafeLoader):
            texts.update(_strings(document))
    return sorted(texts)


def test_the_corpora_give_thousands_of_texts_to_compare() -> None:
    assert len(_corpus_texts()) > 5_000


def test_ordinary_tokens_skipping_the_rules_changes_no_word_of_any_corpus_text(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _corpus_texts()
    labels.clear_turn_cache()
    fast = {text: labels.words(text) for text in texts}
    monkeypatch.setattr(labels, "_READ_BY_RULES", _Everything())
    labels.clear_turn_cache()
    try:
        slow = {text: labels.words(text) for text in texts}
    finally:
        labels.clear_turn_cache()
    differing = [text for text in texts if fast[text] != slow[text]]
    assert differing == [], f"{len(differing)} texts tokenised differently, e.g. {differing[:3]}"


@pytest.mark.parametrize(
    ("text", "surface", "negated"),
    [
        ("I cannot pay", "#problem", False),  # "cannot": no "nt", found by "no"; can't: unable
        ("we cant pay", "#problem", False),
        ("it wont start", "start", True),
        ("I haven't paid", "paid", True),  # "n't" without "nt"
        ("I didnt pay", "pay", True),
        ("no-one called me back", "back", True),  # "nobody"
        ("I paid", "paid", False),  # none of them: the shortcut
    ],
)
def test_contractions_are_split_whether_or_not_the_shortcut_applies(text: str, surface: str, negated: bool) -> None:
    assert (surface, negated) in [(word.surface, word.negated) for word in labels.words(text)]


def test_a_phrasal_verb_is_read_only_where_its_particle_is() -> None:
    assert any(word.surface == "call off" for word in labels.words("we need to call the whole thing off"))
    assert not any(" " in word.surface for word in labels.words("we need to call the whole thing"))


def test_a_refused_rescheduling_is_read_with_or_without_the_shortcut() -> None:
    assert labels.Word("#reschedule", True) in labels.words("We're not rescheduling, sorry.")
    assert labels.Word("#reschedule", True) not in labels.words("We're rescheduling the party.")

"""The fixer on pathways it has never seen (tests/corpus/fixer/, written from the user's side
before any fixer ran on them): the goals of `make bench-fixer`, asserted on its own report."""

from __future__ import annotations

import pytest

from bench_fixer import CORPUS, PathwayReport, corpus_report, totals


@pytest.fixture(scope="module")
def reports() -> list[PathwayReport]:
    found = corpus_report()
    assert len(found) >= 2, f"no corpus pathways under {CORPUS}"
    return found


def test_every_pathway_ends_all_passed_or_stuck_with_exactly_its_impossible_scenarios(reports: list[PathwayReport]) -> None:
    wrong = {r.name: (r.outcome, r.unfixable, r.expected_impossible) for r in reports if not r.ends_as_expected}
    assert wrong == {}


def test_at_least_90_percent_of_the_gaps_are_repaired(reports: list[PathwayReport]) -> None:
    assert totals(reports)["gaps_repaired"] >= 0.90, {r.name: r.unrepaired_gaps for r in reports}


def test_no_held_out_regression(reports: list[PathwayReport]) -> None:
    assert {r.name: r.regressions for r in reports if r.regressions} == {}


def test_at_least_70_percent_of_held_out_paraphrases_pass(reports: list[PathwayReport]) -> None:
    assert totals(reports)["paraphrases"] >= 0.70, {r.name: r.failed_paraphrases for r in reports}


def test_no_added_keyword_is_only_digits_or_longer_than_five_words_unless_flagged(reports: list[PathwayReport]) -> None:
    assert {r.name: r.bad_keywords for r in reports if r.bad_keywords} == {}

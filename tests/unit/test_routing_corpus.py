"""Label routing on the hand-labelled routing corpus (tests/corpus/routing/, written before the
router ran on it): the goals of `make bench-routing`, asserted on its own report (accuracy
only: speed is the benchmark's to print, never a test's to time).

The goals are not met yet (docs/performance.md has the figures and why): those two tests are
strict expected failures, so the day the router meets a goal the suite says so and the marker
goes. Floors just under today's figures catch a change that makes routing worse."""

from __future__ import annotations

import pytest

from bench_routing import CORPUS, GOALS, Report, corpus_report

MEASURED = "measured 74.9% of turns and 81.2% of should-be-unmatched turns (docs/performance.md, 'Label routing')"


@pytest.fixture(scope="module")
def report() -> Report:
    found = corpus_report()
    assert found.outcomes, f"no turns under {CORPUS}"
    return found


def test_the_corpus_is_big_and_varied_enough(report: Report) -> None:
    assert len(report.outcomes) >= 200
    assert len(report.by("pathway")) >= 6
    assert sum(1 for o in report.outcomes if o.turn.expect is None) >= 20
    assert {"plain", "near-miss", "negation", "unmatched"} <= set(report.by("kind"))


@pytest.mark.xfail(strict=True, reason=f"goal not met: {MEASURED}")
def test_at_least_85_percent_of_turns_route_where_a_person_would(report: Report) -> None:
    assert report.accuracy >= GOALS["accuracy"]


@pytest.mark.xfail(strict=True, reason=f"goal not met: {MEASURED}")
def test_at_least_95_percent_of_should_be_unmatched_turns_are_unmatched(report: Report) -> None:
    assert report.unmatched_kept >= GOALS["unmatched_kept"]


def test_routing_is_no_worse_than_when_last_measured(report: Report) -> None:
    assert report.accuracy >= 0.74, report.confusion()
    assert report.unmatched_kept >= 0.78, [o.turn.text for o in report.outcomes if o.turn.expect is None and o.got is not None]

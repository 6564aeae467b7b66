"""Benchmark: offline label routing against hand-labelled caller turns (tests/corpus/routing/).

    make bench-routing

The corpus has one Pathway manifest per domain (<domain>/pathway.yaml, label-routed) and
caller turns (turns.yaml, at the top or per domain), each `{pathway, node, text, expect,
kind}`: `expect` is the edge a person would take from `node` (an edge id), a global node's
id, or null when the turn must be unmatched. The turns were written before any router ran
on them. This routes every turn with the offline engine's `route()` and prints:

* accuracy: turns routed where the person would route them (null: left unmatched), overall,
  per kind and per pathway;
* should-be-unmatched turns left unmatched (the share of `expect: null` turns the router
  did not route anywhere);
* the confusion between close labels: each (expected -> routed) pair that happened, with
  its count (an expected edge left unmatched counts as "-> (unmatched)");
* turns per second on one core: CPU time (process_time) of routing the whole corpus,
  repeated until at least --seconds of CPU were spent, with the process pinned to one CPU;
  each pass clears the per-turn cache, so every turn is tokenised and scored each time
  (the per-word lexicon cache stays warm: a vocabulary is looked up once per process). The
  first pass, which also builds each node's label index and reads WordNet, is reported apart.

--corpus DIR scores another corpus of the same format: tests/corpus/routing-holdout is the
held-out one (four pathways in other domains, studied since issue 23's third round), and
tests/corpus/routing-holdout-2 a third (blind until issue 23's fourth round studied it),
tests/corpus/routing-holdout-3 a fourth (scored blind once, studied since issue 23's fifth round),
tests/corpus/routing-holdout-4 a fifth (scored blind once, studied since issue 23's sixth round),
tests/corpus/routing-holdout-5 and -6 a sixth and a seventh (scored blind, studied since its seventh). --markdown prints the table for docs/performance.md; JSON goes to
bench-results/routing.json (routing-<dir name>.json for another corpus).
`tests/unit/test_routing_corpus.py` asserts the accuracy goals on the same report (not the speed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus" / "routing"
GOALS = {"accuracy": 0.85, "unmatched_kept": 0.95, "turns_per_second": 10_000}
UNMATCHED = "(unmatched)"


class CorpusError(ValueError):
    """A corpus file that does not say what the benchmark needs (names the file and item)."""


@dataclass(frozen=True)
class LabelledTurn:
    pathway: str
    node: str
    text: str
    expect: str | None
    kind: str
    where: str  # file:item, for messages


@dataclass
class Outcome:
    turn: LabelledTurn
    got: str | None
    matched: str | None

    @property
    def correct(self) -> bool:
        return self.got == self.turn.expect


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    turns_per_second: float = 0.0
    first_pass_turns_per_second: float = 0.0
    cpu_seconds: float = 0.0
    passes: int = 0

    @property
    def accuracy(self) -> float:
        return _share([o.correct for o in self.outcomes])

    @property
    def unmatched_kept(self) -> float:
        return _share([o.got is None for o in self.outcomes if o.turn.expect is None])

    def by(self, key: str) -> dict[str, tuple[int, int]]:
        groups: dict[str, list[bool]] = {}
        for outcome in self.outcomes:
            groups.setdefault(getattr(outcome.turn, key), []).append(outcome.correct)
        return {name: (sum(results), len(results)) for name, results in sorted(groups.items())}

    def confusion(self) -> list[tuple[str, str, str, int]]:
        """(pathway, expected, routed, count) for every disagreement, most frequent first."""
        pairs = Counter(
            (o.turn.pathway, o.turn.expect or UNMATCHED, o.got or UNMATCHED) for o in self.outcomes if not o.correct
        )
        return [(p, e, g, n) for (p, e, g), n in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))]

    def goals_met(self) -> dict[str, bool]:
        return {
            "accuracy": self.accuracy >= GOALS["accuracy"],
            "unmatched_kept": self.unmatched_kept >= GOALS["unmatched_kept"],
            "turns_per_second": self.turns_per_second >= GOALS["turns_per_second"],
        }


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def load_graphs(corpus: Path = CORPUS) -> dict[str, Any]:
    """metadata.name -> CompiledGraph, for every <domain>/pathway.yaml."""
    from tornado_operator.api.pathway import Pathway
    from tornado_operator.engine.sim.compiled import CompiledGraph

    graphs: dict[str, Any] = {}
    for path in sorted(corpus.glob("*/pathway.yaml")):
        try:
            pathway = Pathway.model_validate(yaml.safe_load(path.read_text()))
        except Exception as exc:
            raise CorpusError(f"{_shown(path)}: not a valid Pathway: {exc}") from exc
        name = pathway.metadata.name or path.parent.name
        graphs[name] = CompiledGraph(pathway.spec)
    return graphs


def load_turns(graphs: dict[str, Any], corpus: Path = CORPUS) -> list[LabelledTurn]:
    turns: list[LabelledTurn] = []
    for path in sorted([*corpus.glob("turns.yaml"), *corpus.glob("*/turns.yaml")]):
        items = yaml.safe_load(path.read_text()) or []
        if not isinstance(items, list):
            raise CorpusError(f"{_shown(path)}: expected a list of turns")
        for index, item in enumerate(items):
            where = f"{_shown(path)}[{index}]"
            turns.append(_turn(item, where, graphs))
    return turns


def _turn(item: Any, where: str, graphs: dict[str, Any]) -> LabelledTurn:
    if not isinstance(item, dict):
        raise CorpusError(f"{where}: expected a mapping with pathway, node, text, expect, kind")
    missing = [key for key in ("pathway", "node", "text", "expect", "kind") if key not in item]
    if missing:
        raise CorpusError(f"{where}: missing {', '.join(missing)}")
    graph = graphs.get(item["pathway"])
    if graph is None:
        raise CorpusError(f"{where}: pathway {item['pathway']!r} has no <domain>/pathway.yaml (have: {', '.join(graphs)})")
    if not graph.has_node(item["node"]):
        raise CorpusError(f"{where}: node {item['node']!r} is not in pathway {item['pathway']!r}")
    expect = item["expect"]
    if expect is not None:
        node = graph.nodes[item["node"]]
        edges = {edge.id for edge in (*node.conditional, *node.catch_all)}
        globals_ = {candidate.id for candidate in graph.globals}
        if expect not in edges | globals_:
            raise CorpusError(
                f"{where}: expect {expect!r} is neither an edge leaving {item['node']!r} nor a global node of {item['pathway']!r}"
            )
    return LabelledTurn(item["pathway"], item["node"], str(item["text"]), expect, str(item["kind"]), where)


def _route_all(graphs: dict[str, Any], turns: list[LabelledTurn]) -> list[Outcome]:
    from tornado_operator.engine.sim.routing import route

    outcomes = []
    for turn in turns:
        decision = route(graphs[turn.pathway], turn.node, turn.text)
        outcomes.append(Outcome(turn, decision.edge_id if decision.target is not None else None, decision.matched))
    return outcomes


def corpus_report(corpus: Path = CORPUS, *, seconds: float = 0.0) -> Report:
    """Route every corpus turn; with `seconds`, also measure turns per second on one core."""
    from tornado_operator.engine.sim import labels
    from tornado_operator.engine.sim.routing import route

    graphs = load_graphs(corpus)
    turns = load_turns(graphs, corpus)
    report = Report()
    start = time.process_time()
    report.outcomes = _route_all(graphs, turns)
    first = time.process_time() - start
    report.first_pass_turns_per_second = len(turns) / first if first > 0 else 0.0
    if seconds > 0 and turns:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
        work = [(graphs[t.pathway], t.node, t.text) for t in turns]
        routed = 0
        start = time.process_time()
        while time.process_time() - start < seconds:
            labels.clear_turn_cache()
            for graph, node, text in work:
                route(graph, node, text)
            routed += len(work)
            report.passes += 1
        report.cpu_seconds = time.process_time() - start
        report.turns_per_second = routed / report.cpu_seconds
    return report


def table(report: Report, markdown: bool = False) -> str:
    turns = len(report.outcomes)
    correct = sum(o.correct for o in report.outcomes)
    unmatched = [o for o in report.outcomes if o.turn.expect is None]
    kept = sum(o.got is None for o in unmatched)
    rows = [
        ("turns routed as labelled", f"{correct}/{turns} = {report.accuracy:.1%}", f">= {GOALS['accuracy']:.0%}", report.goals_met()["accuracy"]),
        (
            "should-be-unmatched turns left unmatched",
            f"{kept}/{len(unmatched)} = {report.unmatched_kept:.1%}",
            f">= {GOALS['unmatched_kept']:.0%}",
            report.goals_met()["unmatched_kept"],
        ),
        (
            "turns/s, one core (CPU time)",
            f"{report.turns_per_second:,.0f}" if report.passes else "not measured",
            f">= {GOALS['turns_per_second']:,}",
            report.goals_met()["turns_per_second"],
        ),
        ("turns/s, first pass (builds indexes, reads WordNet)", f"{report.first_pass_turns_per_second:,.0f}", "", None),
    ]
    for kind, (good, total) in report.by("kind").items():
        rows.append((f"kind {kind}", f"{good}/{total} = {good / total:.1%}", "", None))
    for name, (good, total) in report.by("pathway").items():
        rows.append((f"pathway {name}", f"{good}/{total} = {good / total:.1%}", "", None))
    lines: list[str] = []
    if markdown:
        lines += ["| figure | measured | goal | |", "| --- | ---: | --- | --- |"]
        for name, value, goal, met in rows:
            lines.append(f"| {name} | {value} | {goal} | {'' if met is None else 'met' if met else '**not met**'} |")
    else:
        for name, value, goal, met in rows:
            verdict = "" if met is None else "met" if met else "NOT MET"
            lines.append(f"{name:<52} {value:>22}  {goal:<10} {verdict}")
    confusion = report.confusion()
    if confusion:
        lines.append("")
        lines.append("Confusion (expected -> routed, count):" if not markdown else "| pathway | expected | routed | turns |")
        if markdown:
            lines.append("| --- | --- | --- | ---: |")
        for pathway, expected, got, count in confusion:
            lines.append(f"| {pathway} | {expected} | {got} | {count} |" if markdown else f"  {pathway:<20} {expected:<28} -> {got:<28} {count}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--verbose", action="store_true", help="also print every turn routed differently from its label")
    parser.add_argument("--seconds", type=float, default=3.0, help="CPU seconds of the speed measurement (default 3)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS,
        help="a corpus directory (default tests/corpus/routing; tests/corpus/routing-holdout is the held-out one)",
    )
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    try:
        report = corpus_report(corpus, seconds=args.seconds)
    except CorpusError as exc:
        print(f"bench-routing: {exc}", file=sys.stderr)
        return 2
    if not report.outcomes:
        print(f"bench-routing: no turns under {corpus}", file=sys.stderr)
        return 2
    print(table(report, markdown=args.markdown))
    if args.verbose:
        print("\nTurns routed differently from their label:")
        for outcome in report.outcomes:
            if not outcome.correct:
                turn = outcome.turn
                print(f"  [{turn.kind}] {turn.pathway}/{turn.node}: {turn.text!r}")
                print(f"      expected {turn.expect or UNMATCHED}, got {outcome.got or UNMATCHED}: {outcome.matched}")
    out = REPO / "bench-results" / ("routing.json" if corpus == CORPUS else f"routing-{corpus.name}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "corpus": _shown(corpus),
                "accuracy": report.accuracy,
                "unmatched_kept": report.unmatched_kept,
                "turns_per_second": report.turns_per_second,
                "first_pass_turns_per_second": report.first_pass_turns_per_second,
                "cpu_seconds": report.cpu_seconds,
                "passes": report.passes,
                "by_kind": report.by("kind"),
                "by_pathway": report.by("pathway"),
                "confusion": report.confusion(),
                "misrouted": [{**asdict(o.turn), "got": o.got, "matched": o.matched} for o in report.outcomes if not o.correct],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

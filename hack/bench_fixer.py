"""Benchmark: how the fixer does on pathways it has never seen (tests/corpus/fixer/).

    make bench-fixer

Each corpus pathway was written from the user's side, with its gaps, its impossible
scenario and its held-out paraphrases and regression guards listed in expected.yaml before
any fixer ran on it. This runs `tornado run`'s loop (offline) on each and reports, per
pathway: gaps repaired / total (a gap is repaired when every training scenario that
exposes it passes at the end), held-out regressions (a regression guard that fails at the
end, or fails in any iteration after passing in an earlier one), held-out paraphrases that
pass at the end, iterations used, the outcome, and the unfixable list against the expected
impossible scenarios; plus every keyword the fixes added that is only digits/punctuation or
longer than five words without being flagged as the caller's whole sentence. Prints a
table (--markdown for docs/performance.md) and writes JSON to bench-results/fixer.json.
`tests/unit/test_fixer_corpus.py` asserts the goals on the same report.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus" / "fixer"

GOALS = {"gaps_repaired": 0.90, "held_out_regressions": 0, "paraphrases": 0.70}


@dataclass
class PathwayReport:
    name: str
    outcome: str
    reason: str
    iterations: int
    gaps_total: int
    gaps_repaired: int
    unrepaired_gaps: list[str]
    regressions: list[str]
    paraphrases_total: int
    paraphrases_passed: int
    failed_paraphrases: list[str]
    unfixable: list[str]
    expected_impossible: list[str]
    bad_keywords: list[str]
    added_keywords: list[str] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    cpu_ms: float = 0.0
    rejected: str = ""  # the load error when a manifest of the folder is invalid (nothing ran)

    @property
    def ends_as_expected(self) -> bool:
        if self.outcome == "COMPLETED_ALL_PASSED":
            return not self.expected_impossible
        return self.outcome == "STUCK" and sorted(self.unfixable) == sorted(self.expected_impossible)


def _keywords(graph: Any) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for edge in graph.edges:
        found.update((f"edge {edge.id}", keyword) for keyword in edge.match.keywords)
    for node in graph.nodes:
        if node.global_match is not None:
            found.update((f"global {node.id}", keyword) for keyword in node.global_match.keywords)
    return found


def run_pathway(folder: Path) -> PathwayReport:
    from tornado_operator.api.manifests import ManifestError, load_manifests
    from tornado_operator.drivers.local import run_local

    expected = yaml.safe_load((folder / "expected.yaml").read_text())
    try:
        manifests = load_manifests([folder / name for name in ("pathway.yaml", "scenarios.yaml", "session.yaml")])
    except ManifestError as error:
        # a corpus folder with an invalid manifest is reported, not run (the loader's message names
        # the file and field), and the other folders still run; it counts in no total
        return PathwayReport(
            name=folder.name, outcome="REJECTED", reason=str(error), iterations=0, gaps_total=0, gaps_repaired=0,
            unrepaired_gaps=[], regressions=[], paraphrases_total=0, paraphrases_passed=0, failed_paraphrases=[],
            unfixable=[], expected_impossible=list(expected.get("impossible") or []), bad_keywords=[], rejected=str(error),
        )
    pathway = manifests.of_kind("Pathway")[0].obj
    scenarios = [doc.obj for doc in manifests.of_kind("TestScenario")]
    session = manifests.of_kind("TornadoSession")[0].obj
    started = time.process_time()
    run = run_local(session=session, scenarios=scenarios, pathway=pathway)
    cpu_ms = (time.process_time() - started) * 1000
    status = run.session.status
    records = status.iterations
    last = records[-1] if records else None
    passed_at_end = set(last.passed_ids + last.held_out_passed_ids) if last else set()
    gaps = expected.get("gaps") or []
    unrepaired = [gap["id"] for gap in gaps if not all(s in passed_at_end for s in gap["exposedBy"])]
    regressions = []
    for guard in expected.get("regressions") or []:
        history = [guard in r.held_out_passed_ids for r in records]
        if (history and not history[-1]) or any(a and not b for a, b in itertools.pairwise(history)):
            regressions.append(guard)
    paraphrases = list((expected.get("paraphrases") or {}).keys())
    failed_paraphrases = [p for p in paraphrases if p not in passed_at_end]
    final_graph = run.versions[-1].spec.graph() if run.versions else pathway.spec.graph()
    added = sorted(_keywords(final_graph) - _keywords(pathway.spec.graph()))
    fixes = [fix.description for r in records for fix in r.fix_plan.fixes]
    flagged_text = " ".join(d for d in fixes if "whole sentence" in d)
    bad = [
        f"{where}: {keyword!r}"
        for where, keyword in added
        if re.fullmatch(r"[\W\d_]+", keyword) or (len(keyword.split()) > 5 and keyword not in flagged_text)
    ]
    return PathwayReport(
        name=folder.name,
        outcome=status.phase.value if status.phase else "RUNNING",
        reason=status.reason or "",
        iterations=len(records),
        gaps_total=len(gaps),
        gaps_repaired=len(gaps) - len(unrepaired),
        unrepaired_gaps=unrepaired,
        regressions=regressions,
        paraphrases_total=len(paraphrases),
        paraphrases_passed=len(paraphrases) - len(failed_paraphrases),
        failed_paraphrases=failed_paraphrases,
        unfixable=list(status.unfixable_ids),
        expected_impossible=list(expected.get("impossible") or []),
        bad_keywords=bad,
        added_keywords=[f"{where}: {keyword}" for where, keyword in added],
        fixes=fixes,
        cpu_ms=round(cpu_ms, 1),
    )


def corpus_report(corpus: Path = CORPUS) -> list[PathwayReport]:
    return [run_pathway(folder) for folder in sorted(p for p in corpus.iterdir() if (p / "expected.yaml").is_file())]


def totals(reports: list[PathwayReport]) -> dict[str, Any]:
    rejected = sum(1 for r in reports if r.rejected)
    reports = [r for r in reports if not r.rejected]
    gaps = sum(r.gaps_total for r in reports)
    paraphrases = sum(r.paraphrases_total for r in reports)
    return {
        "pathways": len(reports),
        "ends_as_expected": sum(r.ends_as_expected for r in reports),
        "gaps_repaired": sum(r.gaps_repaired for r in reports) / gaps if gaps else 1.0,
        "held_out_regressions": sum(len(r.regressions) for r in reports),
        "paraphrases": sum(r.paraphrases_passed for r in reports) / paraphrases if paraphrases else 1.0,
        "bad_keywords": sum(len(r.bad_keywords) for r in reports),
        "rejected": rejected,
    }


def table(reports: list[PathwayReport], markdown: bool = False) -> str:
    head = ["pathway", "outcome", "iterations", "gaps repaired", "held-out regressions", "paraphrases", "unfixable (expected)", "keywords not ok", "CPU ms"]
    rows = [
        [
            r.name,
            r.outcome + ("" if r.ends_as_expected or r.rejected else " (not as expected)"),
            str(r.iterations),
            f"{r.gaps_repaired}/{r.gaps_total}",
            str(len(r.regressions)),
            f"{r.paraphrases_passed}/{r.paraphrases_total}",
            f"{', '.join(r.unfixable) or '-'} ({', '.join(r.expected_impossible) or '-'})",
            str(len(r.bad_keywords)),
            f"{r.cpu_ms:.0f}",
        ]
        for r in reports
    ]
    t = totals(reports)
    rows.append([
        "all", f"{t['ends_as_expected']}/{t['pathways']} as expected" + (f" ({t['rejected']} rejected)" if t["rejected"] else ""), "", f"{t['gaps_repaired']:.0%} (goal >= 90%)",
        f"{t['held_out_regressions']} (goal 0)", f"{t['paraphrases']:.0%} (goal >= 70%)", "", str(t["bad_keywords"]), "",
    ])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in [head, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--verbose", action="store_true", help="also print each pathway's fixes and what is not repaired")
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS,
        help="a corpus directory (default tests/corpus/fixer; tests/corpus/fixer-validation is the blind one)",
    )
    args = parser.parse_args(argv)
    reports = corpus_report(args.corpus)
    print(table(reports, markdown=args.markdown))
    if args.verbose:
        for r in reports:
            print(f"\n{r.name}: {r.outcome} ({r.reason})")
            if r.rejected:
                continue
            for fix in r.fixes:
                print(f"  fix: {fix}")
            for key in ("unrepaired_gaps", "regressions", "failed_paraphrases", "bad_keywords"):
                if getattr(r, key):
                    print(f"  {key}: {getattr(r, key)}")
    out = REPO / "bench-results"
    out.mkdir(exist_ok=True)
    (out / ("fixer.json" if args.corpus == CORPUS else f"fixer-{args.corpus.name}.json")).write_text(json.dumps({"totals": totals(reports), "pathways": [asdict(r) for r in reports]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Mutation testing of the pure core with mutmut: `make mutation`.

mutmut derives module names from file paths and knows the `src/` layout, not this project's
`operator/` one, so the run happens in a scratch copy (`.mutation/<group>/`, git-ignored) laid
out as `src/tornado_operator` + `tests/` + `hack/` + `examples/`, with the mutmut settings below.
Only the pure modules are mutated (GROUPS), and only their unit tests run: the cluster code is
proven by the e2e suite, not by mutants. `--only GROUP[,GROUP]` mutates one group (loop, judge,
verify, sim, views) with that group's tests, so a group can be run, triaged and re-run quickly;
without it the whole pure core is mutated in one run and the score is also given per group.
Only the lines some selected test executes are mutated (mutmut's mutate_only_covered_lines);
`--all-lines` mutates the others too (no test runs them, so their mutants survive).

Prints the score — killed / (mutants - equivalent ones) — and every surviving mutant that is
not listed, with its reason, in hack/mutation-equivalent.txt (one `mutant-name  # why` per
line). A mutant with no covering test, or one mutmut did not check, counts as surviving. A
benchmark-style target, not part of `make test`; exit status 0 unless mutmut itself fails.
docs/testing.md has the last run's figure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRATCH_ROOT = REPO / ".mutation"
EQUIVALENT = REPO / "hack" / "mutation-equivalent.txt"
SRC = "src/tornado_operator"
BOUNDARY_TESTS = "tests/unit/test_*_boundaries.py"  # new boundary modules join every group

# group -> (mutated path globs, the unit tests that exercise them)
GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "loop": (
        [f"{SRC}/loop/*"],
        [
            "tests/unit/test_loop_decide.py",
            "tests/unit/test_selection.py",
            "tests/unit/test_local_run.py",
            "tests/unit/test_promotion.py",
            "tests/unit/test_references.py",
            "tests/unit/test_graph_form.py",
            "tests/unit/test_review_diff.py",
            "tests/unit/test_boundaries.py",
        ],
    ),
    "judge": (
        [f"{SRC}/engine/judge/*"],
        [
            "tests/unit/test_assertions.py",
            "tests/unit/test_assertion_turns.py",
            "tests/unit/test_analysis_fixer.py",
            "tests/unit/test_repair_classes.py",
            "tests/unit/test_boundaries.py",
        ],
    ),
    "verify": (
        [f"{SRC}/engine/repair/verify.py"],
        [
            "tests/unit/test_repair_classes.py",
            "tests/unit/test_analysis_fixer.py",
            "tests/unit/test_label_fixes.py",
        ],
    ),
    "sim": (
        [f"{SRC}/engine/sim/routing.py", f"{SRC}/engine/sim/compiled.py"],
        [
            "tests/unit/test_interpreter.py",
            "tests/unit/test_label_routing.py",
            "tests/unit/test_analysis_fixer.py",
            "tests/unit/test_repair_classes.py",
        ],
    ),
    "views": (
        [f"{SRC}/api/views.py"],
        [
            "tests/unit/test_views.py",
            "tests/unit/test_boundaries.py",
        ],
    ),
}


def selection(groups: list[str]) -> tuple[list[str], list[str]]:
    """The path globs to mutate and the existing test files to run for these groups."""
    mutated: list[str] = []
    tests: list[str] = []
    for group in groups:
        paths, group_tests = GROUPS[group]
        mutated += [p for p in paths if p not in mutated]
        tests += [t for t in group_tests if t not in tests]
    tests += [str(p.relative_to(REPO)) for p in sorted(REPO.glob(BOUNDARY_TESTS)) if str(p.relative_to(REPO)) not in tests]
    return mutated, [t for t in tests if (REPO / t).exists()]


def group_of(mutant: str) -> str:
    """The group a mutant (`tornado_operator.loop.decide.x_decide__mutmut_3`) belongs to."""
    path = SRC + "/" + mutant.split(".x", 1)[0].removeprefix("tornado_operator.").replace(".", "/")
    for group, (paths, _) in GROUPS.items():
        for pattern in paths:
            if path + ".py" == pattern or path.startswith(pattern.removesuffix("*")):
                return group
    return "?"


def prepare(scratch: Path, mutated: list[str], tests: list[str], *, all_lines: bool = False) -> None:
    if scratch.exists():
        shutil.rmtree(scratch)
    (scratch / "src").mkdir(parents=True)
    shutil.copytree(REPO / "operator" / "tornado_operator", scratch / "src" / "tornado_operator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("tests", "examples"):
        shutil.copytree(REPO / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "hack", scratch / "hack", ignore=shutil.ignore_patterns("bin", ".cache", "__pycache__"))
    quoted = lambda items: "[" + ", ".join(f'"{i}"' for i in items) + "]"  # noqa: E731
    (scratch / "pyproject.toml").write_text(
        "[tool.pytest.ini_options]\n"
        'markers = ["cluster: real control plane", "e2e: end to end", "slow: slow"]\n\n'
        "[tool.mutmut]\n"
        'source_paths = ["src/tornado_operator"]\n'
        f"only_mutate = {quoted(mutated)}\n"
        f"pytest_add_cli_args_test_selection = {quoted(tests)}\n"
        'pytest_add_cli_args = ["-q", "-p", "no:cacheprovider"]\n'
        'also_copy = ["hack/", "examples/"]\n'
        f"mutate_only_covered_lines = {'false' if all_lines else 'true'}\n"
    )


def equivalents() -> dict[str, str]:
    found: dict[str, str] = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text().splitlines():
            name, _, why = line.partition("#")
            if name.strip():
                found[name.strip()] = why.strip()
    return found


def score_line(label: str, statuses: dict[str, str], known: dict[str, str]) -> str:
    killed = sum(1 for s in statuses.values() if s in ("killed", "timeout"))
    survivors = [name for name, s in statuses.items() if s not in ("killed", "timeout", "skipped")]
    equivalent = [name for name in survivors if name in known]
    counted = len(statuses) - sum(1 for s in statuses.values() if s == "skipped") - len(equivalent)
    score = killed / counted if counted else 1.0
    return (f"{label}mutants: {len(statuses)}  killed: {killed}  surviving: {len(survivors) - len(equivalent)}  "
            f"equivalent: {len(equivalent)}  score: {score:.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--only", default="", help=f"comma-separated groups to mutate: {', '.join(GROUPS)} (default: all)")
    parser.add_argument("--jobs", type=int, default=None, help="mutmut worker processes (default: one per core)")
    parser.add_argument("--all-lines", action="store_true",
                        help="also mutate lines no selected test runs (their mutants survive)")
    parser.add_argument("--keep", action="store_true", help="reuse the scratch copy from the last run (mutmut resumes)")
    parser.add_argument("--show", action="store_true", help="print the diff of every surviving mutant")
    args = parser.parse_args(argv)
    groups = [g.strip() for g in args.only.split(",") if g.strip()] or list(GROUPS)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; known: {', '.join(GROUPS)}")
    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        print(f"mutmut is not installed in {sys.prefix} (make mutation installs it)", file=sys.stderr)
        return 2
    scratch = SCRATCH_ROOT / (("all" if groups == list(GROUPS) else "+".join(groups)) + ("-all-lines" if args.all_lines else ""))
    mutated, tests = selection(groups)
    if not args.keep or not scratch.exists():
        prepare(scratch, mutated, tests, all_lines=args.all_lines)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [str(mutmut), "run"] + ([f"--max-children={args.jobs}"] if args.jobs else [])
    print(f"mutating {', '.join(mutated)} with {len(tests)} test modules in {scratch.relative_to(REPO)}", flush=True)
    started = time.monotonic()
    run = subprocess.run(command, cwd=scratch, env=env, capture_output=True, text=True)
    took = time.monotonic() - started
    (scratch / "mutmut-run.log").write_text(run.stdout + "\n" + run.stderr)
    if run.returncode not in (0, 1):
        print(run.stdout[-3000:], run.stderr[-3000:], sep="\n", file=sys.stderr)
        return run.returncode
    results = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=scratch, env=env, capture_output=True, text=True)
    statuses: dict[str, str] = {}
    for line in results.stdout.splitlines():
        match = re.match(r"\s*(\S+): (.+)$", line)
        if match:
            statuses[match.group(1)] = match.group(2).strip()
    if statuses and all(s == "not checked" for s in statuses.values()):
        print(run.stdout[-3000:], run.stderr[-3000:], "mutmut checked no mutant (its log above)", sep="\n", file=sys.stderr)
        return 1
    known = equivalents()
    survivors = sorted(name for name, s in statuses.items() if s not in ("killed", "timeout", "skipped"))
    open_survivors = [name for name in survivors if name not in known]
    print(score_line("", statuses, known) + f" (goal >= 85%)  in {took / 60:.1f} min", flush=True)
    if len(groups) > 1:
        for group in groups:
            mine = {name: s for name, s in statuses.items() if group_of(name) == group}
            print(score_line(f"  {group:<7} ", mine, known))
    for name in open_survivors:
        print(f"  survived: {name} ({statuses[name]})")
        if args.show:
            shown = subprocess.run([str(mutmut), "show", name], cwd=scratch, env=env, capture_output=True, text=True)
            print("    " + shown.stdout.replace("\n", "\n    "))
    stale = sorted(name for name in known if group_of(name) in groups and name not in survivors)
    if stale:
        print(f"  listed as equivalent but no longer surviving (remove from {EQUIVALENT.name}): {', '.join(stale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

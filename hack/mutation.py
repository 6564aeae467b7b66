"""Mutation testing of the pure core with mutmut: `make mutation`.

mutmut derives module names from file paths and knows the `src/` layout, not this project's
`operator/` one, so the run happens in a scratch copy (`.mutation/`, git-ignored) laid out as
`src/tornado_operator` + `tests/` + `hack/` + `examples/`, with the mutmut settings below.
Only the pure modules are mutated (MUTATED), and only their unit tests run (TESTS): the
cluster code is proven by the e2e suite, not by mutants.

Prints the score — killed / (mutants − equivalent ones) — and every surviving mutant that is
not listed, with its reason, in hack/mutation-equivalent.txt (one `mutant-name  # why` per
line). A benchmark-style target, not part of `make test`; exit status 0 unless mutmut itself
fails. docs/testing.md has the last run's figure.
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
SCRATCH = REPO / ".mutation"
EQUIVALENT = REPO / "hack" / "mutation-equivalent.txt"

MUTATED = [
    "src/tornado_operator/loop/*",
    "src/tornado_operator/engine/judge/*",
    "src/tornado_operator/engine/repair/verify.py",
    "src/tornado_operator/engine/sim/routing.py",
    "src/tornado_operator/engine/sim/compiled.py",
    "src/tornado_operator/api/views.py",
]
TESTS = [
    "tests/unit/test_loop_decide.py",
    "tests/unit/test_selection.py",
    "tests/unit/test_local_run.py",
    "tests/unit/test_analysis_fixer.py",
    "tests/unit/test_assertions.py",
    "tests/unit/test_interpreter.py",
    "tests/unit/test_repair_classes.py",
    "tests/unit/test_views.py",
    "tests/unit/test_boundaries.py",
]


def prepare() -> None:
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    (SCRATCH / "src").mkdir(parents=True)
    shutil.copytree(REPO / "operator" / "tornado_operator", SCRATCH / "src" / "tornado_operator")
    for name in ("tests", "examples"):
        shutil.copytree(REPO / name, SCRATCH / name)
    shutil.copytree(REPO / "hack", SCRATCH / "hack", ignore=shutil.ignore_patterns("bin", ".cache"))
    tests = [t for t in TESTS if (REPO / t).exists()]
    quoted = lambda items: "[" + ", ".join(f'"{i}"' for i in items) + "]"  # noqa: E731
    (SCRATCH / "pyproject.toml").write_text(
        "[tool.pytest.ini_options]\n"
        'markers = ["cluster: real control plane", "e2e: end to end", "slow: slow"]\n\n'
        "[tool.mutmut]\n"
        'source_paths = ["src/tornado_operator"]\n'
        f"only_mutate = {quoted(MUTATED)}\n"
        f"pytest_add_cli_args_test_selection = {quoted(tests)}\n"
        'pytest_add_cli_args = ["-q"]\n'
        'also_copy = ["hack/", "examples/"]\n'
        "mutate_only_covered_lines = true\n"
    )


def equivalents() -> dict[str, str]:
    found: dict[str, str] = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text().splitlines():
            name, _, why = line.partition("#")
            if name.strip():
                found[name.strip()] = why.strip()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--keep", action="store_true", help="reuse .mutation/ from the last run (mutmut resumes)")
    parser.add_argument("--show", action="store_true", help="print the diff of every surviving mutant")
    args = parser.parse_args(argv)
    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        print(f"mutmut is not installed in {sys.prefix} (make mutation installs it)", file=sys.stderr)
        return 2
    if not args.keep or not SCRATCH.exists():
        prepare()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    started = time.monotonic()
    run = subprocess.run([str(mutmut), "run"], cwd=SCRATCH, env=env, capture_output=True, text=True)
    took = time.monotonic() - started
    if run.returncode not in (0, 1):
        print(run.stdout[-3000:], run.stderr[-3000:], sep="\n", file=sys.stderr)
        return run.returncode
    results = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=SCRATCH, env=env, capture_output=True, text=True)
    statuses: dict[str, str] = {}
    for line in results.stdout.splitlines():
        match = re.match(r"\s*(\S+): (.+)$", line)
        if match:
            statuses[match.group(1)] = match.group(2).strip()
    known = equivalents()
    killed = sum(1 for s in statuses.values() if s in ("killed", "timeout"))
    survivors = sorted(name for name, s in statuses.items() if s not in ("killed", "timeout", "skipped"))
    equivalent = [name for name in survivors if name in known]
    open_survivors = [name for name in survivors if name not in known]
    counted = len(statuses) - sum(1 for s in statuses.values() if s == "skipped") - len(equivalent)
    score = killed / counted if counted else 1.0
    print(f"mutants: {len(statuses)}  killed: {killed}  surviving: {len(open_survivors)}  equivalent: {len(equivalent)}  "
          f"score: {score:.1%} (goal >= 85%)  in {took / 60:.1f} min")
    for name in open_survivors:
        print(f"  survived: {name} ({statuses[name]})")
        if args.show:
            shown = subprocess.run([str(mutmut), "show", name], cwd=SCRATCH, env=env, capture_output=True, text=True)
            print("    " + shown.stdout.replace("\n", "\n    "))
    stale = sorted(set(known) - set(survivors))
    if stale:
        print(f"  listed as equivalent but no longer surviving (remove from {EQUIVALENT.name}): {', '.join(stale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

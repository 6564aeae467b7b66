"""`tornado validate DIR|FILES`: check a pathway and its scenarios offline, every problem with
file:line (engine/authoring/validate.py says what is checked).

Exit codes: 0 nothing wrong (warnings and notes may be printed), 2 an error or an assertion
that can never pass."""

from __future__ import annotations

import argparse
from typing import Any

EXIT_OK = 0
EXIT_INVALID = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a pathway and its scenarios offline (file:line for every problem)",
        description=(__doc__ or "").split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest files or folders (*.yaml, *.yml)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print errors only (no warnings or notes)")
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from tornado_operator.engine.authoring.validate import FAILING, validate_paths

    console = Console(highlight=False, soft_wrap=True)
    report = validate_paths(args.paths)
    styles = {"error": "red", "never-passes": "red", "warning": "yellow", "note": "dim"}
    shown = [finding for finding in report.sorted() if not args.quiet or finding.severity in FAILING]
    for finding in shown:
        console.print(Text(finding.text(), style=styles[finding.severity]))
    failing = sum(1 for finding in report.findings if finding.severity in FAILING)
    warnings = sum(1 for finding in report.findings if finding.severity == "warning")
    summary = f"{failing} error(s), {warnings} warning(s) in {', '.join(str(p) for p in args.paths)}"
    console.print(Text(summary, style="bold red" if failing else "bold green"))
    return EXIT_INVALID if report.failed else EXIT_OK

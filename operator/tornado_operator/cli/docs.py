"""`tornado docs assertions`: write (or check) docs/assertions.md, generated from the code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("docs", help="generate the reference docs from the code (docs/assertions.md)")
    parser.add_argument("topic", choices=["assertions"], help="assertions: the assertion reference")
    parser.add_argument("--output", "-o", default=None, metavar="FILE", help="file to write (default: print it)")
    parser.add_argument("--check", action="store_true", help="exit 1 when FILE differs from the code")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tornado_operator.engine.authoring.reference import render

    text = render()
    if args.output is None:
        if args.check:
            print("tornado docs: --check needs --output FILE", file=sys.stderr)
            return 2
        sys.stdout.write(text)
        return 0
    path = Path(args.output)
    if args.check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            print(f"{path}: differs from the code; run `make docs`", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(path)
    return 0

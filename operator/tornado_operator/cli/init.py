"""`tornado init NAME`: write a small commented pathway, two scenarios and a session to start
from (NAME/pathway.yaml, scenarios.yaml, session.yaml). They pass `tornado validate` and run
with `tornado run`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help="write a starting pathway, two scenarios and a session")
    parser.add_argument("name", metavar="NAME", help="the pathway's name (a DNS label, e.g. pizza-orders)")
    parser.add_argument("--output", "-o", metavar="DIR", help="folder to write (default: NAME)")
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace) -> int:
    from tornado_operator.engine.authoring.template import TemplateError, template_files

    try:
        files = template_files(args.name)
    except TemplateError as exc:
        print(f"tornado init: NAME {exc}", file=sys.stderr)
        return EXIT_USAGE
    folder = Path(args.output or args.name)
    existing = [folder / name for name in files if (folder / name).exists()]
    if existing and not args.force:
        print(f"tornado init: {', '.join(str(p) for p in existing)} already exist(s); use --force to overwrite", file=sys.stderr)
        return EXIT_USAGE
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        print(folder / name)
    print(f"next: tornado validate {folder}   then: tornado run {folder}   reference: docs/assertions.md")
    return EXIT_OK

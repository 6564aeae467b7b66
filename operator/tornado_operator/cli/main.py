"""The `tornado` command (also installed as `kubectl-tornado`, so `kubectl tornado ...` works)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module defines `register(subparsers)`, adding its subcommand(s) with a `handler`
# default that takes the parsed args and returns the exit code. Imported lazily so that
# `tornado run` does not pay for the Kubernetes client.
COMMAND_MODULES: dict[str, str] = {
    "crds": "tornado_operator.cli.crds",
    "run": "tornado_operator.cli.run",
    "job": "tornado_operator.cli.job",
    "operator": "tornado_operator.cli.operator",
    "start": "tornado_operator.cli.remote",
    "status": "tornado_operator.cli.remote",
    "active": "tornado_operator.cli.remote",
    "cancel": "tornado_operator.cli.remote",
    "diff": "tornado_operator.cli.diff",
    "import": "tornado_operator.cli.bland",
    "export": "tornado_operator.cli.bland",
    "report": "tornado_operator.cli.report",
}

EXIT_USAGE = 2


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tornado",
        description="Tornado sessions: run, analyse and auto-fix pathway test scenarios.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    loaded: set[str] = set()
    for name, module_name in COMMAND_MODULES.items():
        if only is not None and name != only:
            continue
        if module_name in loaded:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # command not built yet
            raise
        module.register(subparsers)
        loaded.add(module_name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((arg for arg in args_list if not arg.startswith("-")), None)
    parser = build_parser(first if first in COMMAND_MODULES else None)
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    code: int = handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())

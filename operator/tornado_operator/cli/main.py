"""The `tornado` command (also installed as `kubectl-tornado`, so `kubectl tornado ...` works)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# Each module defines `register(subparsers)`, adding its subcommand(s) with a `handler`
# default that takes the parsed args and returns the exit code. Imported lazily so that
# `tornado run` does not pay for the Kubernetes client.
COMMAND_MODULES: dict[str, str] = {
    "crds": "tornado_operator.cli.crds",
    "docs": "tornado_operator.cli.docs",
    "run": "tornado_operator.cli.run",
    "validate": "tornado_operator.cli.validate",
    "init": "tornado_operator.cli.init",
    "job": "tornado_operator.cli.job",
    "operator": "tornado_operator.cli.operator",
    "start": "tornado_operator.cli.remote",
    "status": "tornado_operator.cli.remote",
    "active": "tornado_operator.cli.remote",
    "cancel": "tornado_operator.cli.remote",
    "diff": "tornado_operator.cli.diff",
    "promote": "tornado_operator.cli.promote",
    "import": "tornado_operator.cli.bland",
    "export": "tornado_operator.cli.bland",
    "report": "tornado_operator.cli.report",
}

# As a kubectl plugin (`kubectl tornado ...`, the executable kubectl-tornado) only the
# commands about sessions in the current cluster; `run`, `job`, `operator` and `crds` are
# the `tornado` command's.
PLUGIN_EXECUTABLE = "kubectl-tornado"
PLUGIN_COMMANDS = ("start", "status", "active", "cancel")

EXIT_USAGE = 2


def is_plugin(argv0: str) -> bool:
    """Invoked as kubectl-tornado (kubectl runs plugins by their executable's path)."""
    return os.path.basename(argv0).startswith(PLUGIN_EXECUTABLE)


def build_parser(only: str | None = None, *, plugin: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubectl tornado" if plugin else "tornado",
        description="Tornado sessions in the current cluster: start, status, active, cancel."
        if plugin
        else "Tornado sessions: run, analyse and auto-fix pathway test scenarios.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    loaded: set[str] = set()
    for name, module_name in COMMAND_MODULES.items():
        if plugin and name not in PLUGIN_COMMANDS:
            continue
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


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    plugin = is_plugin(prog if prog is not None else sys.argv[0])
    commands = PLUGIN_COMMANDS if plugin else tuple(COMMAND_MODULES)
    first = next((arg for arg in args_list if not arg.startswith("-")), None)
    parser = build_parser(first if first in commands else None, plugin=plugin)
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    code: int = handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())

"""`tornado job`: one iteration of a session, inside its Job's pod (drivers/job.py does the work).

On failure the reason goes to the termination message, which the operator copies into the
session's status.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "job",
        help="run one iteration of a session (inside its Job)",
        description="Flags default to the iteration pod's environment (POD_NAMESPACE, TORNADO_SESSION, "
        "TORNADO_ITERATION), so a runner.command override can simply exec `tornado job`.",
    )
    parser.add_argument("--namespace", default=os.environ.get("POD_NAMESPACE"))
    parser.add_argument("--session", default=os.environ.get("TORNADO_SESSION"))
    parser.add_argument("--iteration", type=int, default=_env_int("TORNADO_ITERATION"))
    parser.set_defaults(handler=run)


def _env_int(name: str) -> int | None:
    value = os.environ.get(name)
    return int(value) if value and value.isdigit() else None


def run(args: argparse.Namespace) -> int:
    missing = [flag for flag in ("namespace", "session", "iteration") if getattr(args, flag) is None]
    if missing:
        print(f"tornado job: missing --{', --'.join(missing)} (and no pod environment to take them from)", file=sys.stderr)
        return 2
    # The pod is one short process: what the imports below build (pydantic's schemas and
    # validators, the engine's tables: most of the objects the process will ever hold) lives
    # until it exits. So no cyclic collection while importing, and then gc.freeze(): the
    # collections the iteration itself triggers no longer walk all of that every time
    # (about 5% of the pod's CPU, docs/performance.md "Iteration pod start-up").
    collecting = gc.isenabled()
    gc.disable()
    try:
        from tornado_operator.drivers.job import JobError, run_iteration_job
    finally:
        if collecting:
            gc.enable()
    gc.freeze()

    try:
        summary = run_iteration_job(args.namespace, args.session, args.iteration)
    except Exception as exc:
        message = str(exc) if isinstance(exc, JobError) else f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
        _termination_message(message)
        print(f"tornado job: {message}", file=sys.stderr)
        return 1
    print(json.dumps(summary))
    return 0


def _termination_message(message: str) -> None:
    path = Path(os.environ.get("TERMINATION_MESSAGE_PATH", "/dev/termination-log"))
    with contextlib.suppress(OSError):
        path.write_text(message[-4000:])

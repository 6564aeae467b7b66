"""``python -m devcluster up|down|status``: the dev cluster in the background, state in .cluster/."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .controlplane import (
    DEFAULT_STATE_DIR,
    ClusterError,
    ControlPlane,
    running_state,
    stop_from_state,
)


def cmd_up(state_dir: Path, timeout: float) -> int:
    state = running_state(state_dir)
    if state is not None:
        print(f"devcluster is already running at {state['server']}", file=sys.stderr)
        print(state["kubeconfig"])
        return 0
    # Stale state (a crash, a reboot): make sure nothing of it is left, then start afresh.
    stop_from_state(state_dir)
    cp = ControlPlane(state_dir, detach=True, startup_timeout=timeout)
    try:
        cp.start()
    except ClusterError as e:
        print(f"devcluster up failed: {e}", file=sys.stderr)
        return 1
    print(
        f"devcluster is up: Kubernetes {cp.server_version().get('gitVersion')} at {cp.server}",
        file=sys.stderr,
    )
    print(f"logs: {cp.logs_dir}; pods: {cp.pods_dir}", file=sys.stderr)
    print(f"use it with: export KUBECONFIG={cp.kubeconfig}", file=sys.stderr)
    print(cp.kubeconfig)
    return 0


def cmd_down(state_dir: Path) -> int:
    from .playground import stop_operator

    # A `make up` operator in this state dir would be left talking to a cluster that is gone.
    if note := stop_operator(state_dir):
        print(f"operator: {note}", file=sys.stderr)
    stopped = stop_from_state(state_dir)
    if stopped:
        print(f"devcluster stopped ({', '.join(stopped)})", file=sys.stderr)
    else:
        print("devcluster was not running", file=sys.stderr)
    return 0


def cmd_status(state_dir: Path) -> int:
    state = running_state(state_dir)
    if state is None:
        print("devcluster is not running", file=sys.stderr)
        return 1
    print(json.dumps(state, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m devcluster", description=__doc__)
    p.add_argument("command", choices=["up", "down", "status"])
    p.add_argument(
        "--state-dir", type=Path, default=DEFAULT_STATE_DIR, help="default: <repo>/.cluster"
    )
    p.add_argument("--timeout", type=float, default=180.0, help="startup timeout in seconds")
    args = p.parse_args(argv)
    state_dir = args.state_dir.resolve()
    if args.command == "up":
        return cmd_up(state_dir, args.timeout)
    if args.command == "down":
        return cmd_down(state_dir)
    return cmd_status(state_dir)


if __name__ == "__main__":
    sys.exit(main())

"""`make up` / `make down` / `make status` / `make env`: a local playground that stays up.

``up`` starts the control plane (as ``python -m devcluster up``), installs the CRDs and the
runner's ClusterRole, and starts the operator with its webhook (``LocalOperator``), all in the
background, then prints the one line to paste into a shell. Run again, it reports what already
runs and starts only what is missing: an operator that crashed is found by its recorded pid
(checked to still be that process) and started again; a control plane that died takes the
operator with it. ``down`` stops the operator first, then the control plane and any pods.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .controlplane import (
    DEFAULT_STATE_DIR,
    ClusterError,
    ControlPlane,
    ExternalCluster,
    bin_dir,
    running_state,
    stop_from_state,
)
from .local_operator import (
    LocalOperator,
    OperatorError,
    install_crds,
    recorded_alive,
    recorded_ready,
    stop_recorded,
)
from .procs import pid_alive, tail

OPERATOR_RECORD = "operator.json"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def locked(state_dir: Path) -> Iterator[None]:
    """One up/down at a time per state dir (two `make up` at once would start two clusters)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    with (state_dir / ".playground.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def read_record(state_dir: Path) -> dict[str, Any] | None:
    path = state_dir / OPERATOR_RECORD
    try:
        record: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return record


def write_record(state_dir: Path, record: dict[str, Any]) -> None:
    path = state_dir / OPERATOR_RECORD
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n")
    os.replace(tmp, path)


def env_line(state_dir: Path) -> str:
    """`export KUBECONFIG=… PATH=…`: kubectl from hack/bin, tornado/kubectl-tornado from the venv."""
    venv_bin = Path(sys.executable).parent
    kubeconfig = shlex.quote(str(state_dir / "kubeconfig"))
    paths = shlex.quote(f"{bin_dir()}:{venv_bin}")
    return f'export KUBECONFIG={kubeconfig} PATH={paths}:"$PATH"'


def stop_operator(state_dir: Path) -> str:
    """Stop the recorded operator (only if its pid is still that operator); say what happened."""
    record = read_record(state_dir)
    if record is None:
        return ""
    stopped = stop_recorded(record)
    with contextlib.suppress(OSError):
        (state_dir / OPERATOR_RECORD).unlink()
    return f"stopped (pid {record.get('pid')})" if stopped else "stale operator record removed"


def up(state_dir: Path, timeout: float) -> int:
    with locked(state_dir):
        if running_state(state_dir) is None:
            if (state_dir / "state.json").exists():
                say("control plane: found stale state (a crash or a reboot?): cleaning it up")
            # An operator left over would talk to a cluster that is gone.
            if note := stop_operator(state_dir):
                say(f"operator: {note}")
            stop_from_state(state_dir)
            cp = ControlPlane(state_dir, detach=True, startup_timeout=timeout)
            say(f"control plane: starting in {state_dir} ...")
            try:
                cp.start()
            except ClusterError as e:
                say(f"make up failed: {e}")
                return 1
            say(f"control plane: Kubernetes {cp.server_version().get('gitVersion')} at {cp.server}")
        else:
            state = running_state(state_dir) or {}
            say(f"control plane: already running at {state.get('server')}")
        cluster = ExternalCluster(state_dir / "kubeconfig")
        install_crds(cluster)  # server-side apply: also brings CRDs up to date after a pull
        say("CRDs and the runner ClusterRole: applied")
        record = read_record(state_dir)
        if record is not None and recorded_alive(record):
            say(f"operator: already running (pid {record['pid']}, webhook {record['webhook_url']})")
        else:
            if record is not None:
                log = Path(str(record.get("log", "")))
                say(
                    f"operator: pid {record.get('pid')} is gone (crashed or killed); its last log lines:"
                )
                say(tail(log, 8) or "  (no log)")
                say("operator: starting a new one")
            operator = LocalOperator(cluster, state_dir / "logs", webhook=True, detach=True)
            try:
                operator.start()
            except OperatorError as e:
                operator.stop()
                say(f"make up failed: {e}")
                return 1
            record = operator.record()
            write_record(state_dir, record)
            say(f"operator: running (pid {record['pid']}, webhook {record['webhook_url']})")
        say(
            f"logs: operator {record['log']}; control plane {state_dir / 'logs'}; pods {state_dir / 'pods'}"
        )
        say('paste this line into your shell (or: eval "$(make -s env)"):')
        print(env_line(state_dir), flush=True)
        return 0


def down(state_dir: Path) -> int:
    with locked(state_dir):
        if note := stop_operator(state_dir):
            say(f"operator: {note}")
        stopped = stop_from_state(state_dir)
        say(
            f"control plane: stopped ({', '.join(stopped)})"
            if stopped
            else "control plane: was not running"
        )
        return 0


def status(state_dir: Path) -> int:
    """What runs; exit 0 when the control plane and a ready operator both do, else 3."""
    ok = True
    state = running_state(state_dir)
    if state is None:
        ok = False
        stale = (state_dir / "state.json").exists()
        print(
            "control plane: not running" + (" (stale state: `make up` cleans it)" if stale else "")
        )
    else:
        print(
            f"control plane: running, Kubernetes {state.get('kubernetes_version')} at {state['server']}"
        )
        for comp in state.get("components", []):
            alive = "running" if pid_alive(int(comp["pid"])) else "gone"
            print(f"  {comp['name']:<24} pid {comp['pid']:<8} {alive:<8} log {comp['log']}")
    record = read_record(state_dir)
    if record is None:
        ok = False
        print("operator: not running")
    elif not recorded_alive(record):
        ok = False
        print(
            f"operator: pid {record.get('pid')} is gone (stale record: `make up` starts it again)"
        )
    else:
        ready = recorded_ready(record)
        ok = ok and ready
        print(
            f"operator: running, {'ready' if ready else 'NOT ready'} (pid {record['pid']}, "
            f"webhook {record['webhook_url']}, health :{record['health_port']}, "
            f"metrics :{record['metrics_port']}) log {record['log']}"
        )
    return 0 if ok else 3


def env(state_dir: Path) -> int:
    if running_state(state_dir) is None:
        say("the playground is not running: `make up` first")
        return 1
    print(env_line(state_dir))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m devcluster.playground", description=__doc__)
    p.add_argument("command", choices=["up", "down", "status", "env"])
    p.add_argument(
        "--state-dir", type=Path, default=DEFAULT_STATE_DIR, help="default: <repo>/.cluster"
    )
    p.add_argument(
        "--timeout", type=float, default=180.0, help="control-plane startup timeout, seconds"
    )
    args = p.parse_args(argv)
    state_dir = args.state_dir.resolve()
    if args.command == "up":
        return up(state_dir, args.timeout)
    if args.command == "down":
        return down(state_dir)
    if args.command == "status":
        return status(state_dir)
    return env(state_dir)


if __name__ == "__main__":
    sys.exit(main())

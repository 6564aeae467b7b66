"""README "Try your own pathway", run as written: `make up`, the section's commands, `make down`.

The commands are read from README.md (the section's ``sh`` block), so the doc and this test
cannot drift. They run from a fresh directory laid out like a clone (the repository's files
linked in, its own ``.cluster/`` state), with neither kubectl nor tornado on PATH until the
block's ``eval "$(make -s env)"``. On the way: a second `make up` finds everything running; an
operator killed with SIGKILL is found gone and started again. After `make down`, no process of
the playground is left and none of the sockets it listened on.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kubehelpers import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SECTION = "## Try your own pathway"
# What a fresh clone has that the commands use (linked, not copied: the venv and the built
# binaries are the ones `make` would otherwise create the same way).
CLONE_ENTRIES = ("Makefile", "pyproject.toml", ".venv", "hack", "examples", "crds", "operator")


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    start = text.index(SECTION)
    section = text[start : text.find("\n## ", start + len(SECTION))]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, f"README.md: no ```sh block in {SECTION!r}"
    return [line for line in block.group(1).splitlines() if line.strip()]


def clean_env() -> dict[str, str]:
    """The caller's environment without anything that points at a cluster or this venv."""
    env = {k: v for k, v in os.environ.items() if k not in {"KUBECONFIG", "PYTHONPATH", "VIRTUAL_ENV"}}
    for key in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):  # as from a shell, not as a sub-make of `make test`
        env.pop(key, None)
    skip = {str(REPO / ".venv" / "bin"), str(REPO / "hack" / "bin")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p not in skip and not p.endswith("/.venv/bin"))
    return env


def run_script(lines: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    script = "set -euo pipefail\n" + "\n".join(lines) + "\n"
    result = subprocess.run(["bash", "-c", script], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"exit {result.returncode} running:\n{script}\nstdout:\n{result.stdout[-4000:]}\nstderr:\n{result.stderr[-4000:]}"
    return result


def make(cwd: Path, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-s", target], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=300)


def playground_pids(root: Path) -> set[int]:
    """Processes whose command line, environment or working directory names ``root``."""
    needle = str(root).encode()
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                continue
            blobs = [(entry / "cmdline").read_bytes(), (entry / "environ").read_bytes(), os.readlink(entry / "cwd").encode()]
        except OSError:
            continue
        if any(needle in blob for blob in blobs):
            found.add(int(entry.name))
    return found


def listening_sockets() -> dict[int, int]:
    """inode -> port of every TCP socket in LISTEN state on this machine."""
    sockets: dict[int, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # TCP_LISTEN
                sockets[int(fields[9])] = int(fields[1].rsplit(":", 1)[1], 16)
    return sockets


def socket_inodes(pids: set[int]) -> set[int]:
    inodes: set[int] = set()
    for pid in pids:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(int(target[8:-1]))
    return inodes


def test_readme_playground_section_as_written(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--cluster") != "local":
        pytest.skip("`make up` is the local control plane; `make test` runs this test")
    commands = readme_commands()
    assert commands[0].split("#")[0].strip() == "make up", commands
    assert commands[-1].split("#")[0].strip() == "make down", commands
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in CLONE_ENTRIES:
        (clone / name).symlink_to(REPO / name)
    state = clone / ".cluster"
    kubeconfig = state / "kubeconfig"
    # The linked venv must be up to date: were `make` to reinstall it from here, its scripts
    # would point into this temporary directory.
    fresh = subprocess.run(["make", "-q", ".venv/.installed"], cwd=clone, env=clean_env(), check=False)
    assert fresh.returncode == 0, "the virtualenv is older than pyproject.toml: run `make venv` first"

    def kubectl(*args: str) -> str:
        env = clean_env() | {"KUBECONFIG": str(kubeconfig)}
        return subprocess.run([str(REPO / "hack" / "bin" / "kubectl"), *args], env=env, capture_output=True, text=True, check=True).stdout

    try:
        # Everything up to `make down`, in one shell (the block's `eval` sets its environment).
        result = run_script(commands[:-1], clone, timeout=900)
        assert 'export KUBECONFIG=' in result.stdout  # `make up` prints the line to paste
        session = json.loads(kubectl("get", "ts", "my-line-tornado", "-o", "json"))
        assert session["status"]["phase"] == "COMPLETED_ALL_PASSED", session["status"].get("message")
        assert session["spec"]["pathwayId"] == "my-line"  # the copied, edited example ran
        # The block ends with `kubectl tornado status`: its JSON is the last thing printed.
        lines = result.stdout.splitlines()
        status_json = json.loads("\n".join(lines[len(lines) - 1 - lines[::-1].index("{") :]))
        assert status_json["status"] == "COMPLETED_ALL_PASSED", status_json

        # Idempotent: a second `make up` finds it all running and starts nothing.
        record: dict[str, Any] = json.loads((state / "operator.json").read_text())
        again = make(clone, "up")
        assert again.returncode == 0, again.stderr
        assert "control plane: already running" in again.stderr and "operator: already running" in again.stderr, again.stderr
        assert json.loads((state / "operator.json").read_text())["pid"] == record["pid"]

        # A crashed operator is detected (`make status` fails, naming it) and `make up` starts a new one.
        os.kill(record["pid"], signal.SIGKILL)

        def seen_gone() -> bool:
            status = make(clone, "status")
            return status.returncode != 0 and f"operator: pid {record['pid']} is gone" in status.stdout

        wait_for(seen_gone, timeout=10, what="`make status` to see the operator gone")
        restarted = make(clone, "up")
        assert restarted.returncode == 0, restarted.stderr
        assert f"operator: pid {record['pid']} is gone" in restarted.stderr, restarted.stderr
        new_record = json.loads((state / "operator.json").read_text())
        assert new_record["pid"] != record["pid"]
        status = make(clone, "status")
        assert status.returncode == 0 and "operator: running, ready" in status.stdout, status.stdout + status.stderr

        # What runs now, and what it listens on.
        pids = playground_pids(clone)
        listening = listening_sockets()
        owned = {inode: port for inode, port in listening.items() if inode in socket_inodes(pids)}
        server_port = int(json.loads((state / "state.json").read_text())["server"].rsplit(":", 1)[1])
        expected = {server_port, new_record["health_port"], new_record["metrics_port"], int(new_record["webhook_url"].rsplit(":", 1)[1])}
        assert expected <= set(owned.values()), (expected, owned)
    finally:
        down = run_script(commands[-1:], clone, timeout=300)
    assert "operator: stopped (pid" in down.stderr and "control plane: stopped" in down.stderr, down.stderr
    left = playground_pids(clone)
    assert not left, {pid: Path(f"/proc/{pid}/cmdline").read_bytes()[:200] for pid in left}
    still = {inode: port for inode, port in listening_sockets().items() if inode in owned}
    assert not still, f"sockets of the playground still listening: {still}"
    after = make(clone, "status")
    assert after.returncode != 0 and "control plane: not running" in after.stdout, after.stdout

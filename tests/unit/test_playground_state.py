"""`make up`/`make down` bookkeeping without a cluster: a recorded pid is only signalled while
it is still the process that was recorded; stale records are reported, not trusted."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devcluster import playground
from devcluster.local_operator import process_start_time, recorded_alive, stop_recorded
from devcluster.procs import cmdline, pid_alive

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(SLEEP, start_new_session=True)
    # Popen returns once the child is forked; until it has exec'd, /proc/<pid>/cmdline is not yet
    # the command (read then, a record would hold another argv): wait for it, as the operator's
    # own record is taken once it is up
    deadline = time.monotonic() + 10
    while cmdline(proc.pid) != SLEEP:
        assert time.monotonic() < deadline, f"the sleeper never showed its command line: {cmdline(proc.pid)!r}"
        time.sleep(0.01)
    yield proc
    proc.kill()
    proc.wait()


def record_of(proc: subprocess.Popen[bytes]) -> dict[str, object]:
    # (the argv the process was started with, as LocalOperator.record writes it)
    return {"pid": proc.pid, "start_time": process_start_time(proc.pid), "argv": list(SLEEP)}


def test_the_recorded_process_is_stopped(sleeper: subprocess.Popen[bytes]) -> None:
    record = record_of(sleeper)
    assert recorded_alive(record)
    assert stop_recorded(record, timeout=5)
    sleeper.wait(timeout=5)
    assert not pid_alive(sleeper.pid)


@pytest.mark.parametrize(
    "change",
    [{"start_time": -1}, {"argv": ["/usr/bin/something-else"]}],
    ids=["another-start-time", "another-command-line"],
)
def test_a_reused_pid_is_left_alone(sleeper: subprocess.Popen[bytes], change: dict[str, object]) -> None:
    record = record_of(sleeper) | change
    assert not recorded_alive(record)
    assert not stop_recorded(record, timeout=5)
    assert sleeper.poll() is None  # still running: not ours, not signalled


def test_a_gone_pid_is_not_alive() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not recorded_alive({"pid": proc.pid, "start_time": 1, "argv": ["python"]})


def test_status_of_nothing_and_of_a_stale_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert playground.status(tmp_path) == 3
    out = capsys.readouterr().out
    assert "control plane: not running" in out and "operator: not running" in out
    (tmp_path / "operator.json").write_text(json.dumps({"pid": 2**22 + 7, "start_time": 1, "argv": ["x"]}))
    assert playground.status(tmp_path) == 3
    assert "is gone (stale record" in capsys.readouterr().out
    assert playground.stop_operator(tmp_path) == "stale operator record removed"
    assert not (tmp_path / "operator.json").exists()


def test_env_is_one_line_for_eval(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert playground.env(tmp_path) == 1  # not running: nothing to export
    line = playground.env_line(tmp_path / "with space")
    assert line.count("\n") == 0
    probe = subprocess.run(
        ["bash", "-c", f'{line}; printf "%s\\n%s" "$KUBECONFIG" "$PATH"'],
        capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    kubeconfig, path = probe.stdout.splitlines()
    assert kubeconfig == str(tmp_path / "with space" / "kubeconfig")
    assert path.endswith(":/usr/bin:/bin") and str(Path(sys.executable).parent) in path.split(":")

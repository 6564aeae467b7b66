"""Helpers for tests against a real cluster: CRDs, namespaces, waiting, the operator process."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CRDS = REPO / "crds"


def example(name: str) -> Path:
    return REPO / "examples" / name


def install_crds(cluster: Any) -> None:
    cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", str(CRDS))
    cluster.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "-l", "app.kubernetes.io/name=tornado-operator")
    from tornado_operator.controller.rbac import runner_cluster_role

    cluster.kubectl("apply", "-f", "-", input=json.dumps(runner_cluster_role()))


def kubectl_json(cluster: Any, *args: str) -> Any:
    return json.loads(cluster.kubectl(*args, "-o", "json").stdout)


@contextlib.contextmanager
def temp_namespace(cluster: Any, prefix: str = "t") -> Iterator[str]:
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    cluster.kubectl("create", "namespace", name)
    try:
        yield name
    finally:
        cluster.kubectl("delete", "namespace", name, "--wait=false", check=False)


def apply_docs(cluster: Any, namespace: str, docs: list[dict[str, Any]]) -> None:
    text = yaml.safe_dump_all(docs)
    cluster.kubectl("apply", "-n", namespace, "-f", "-", input=text)


def load_docs(path: Path) -> list[dict[str, Any]]:
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    docs: list[dict[str, Any]] = []
    for file in files:
        docs.extend(doc for doc in yaml.safe_load_all(file.read_text()) if doc)
    return docs


def wait_for(predicate: Callable[[], Any], *, timeout: float, interval: float = 0.3, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value: {last!r}")


def get_session(cluster: Any, namespace: str, name: str) -> dict[str, Any]:
    result: dict[str, Any] = kubectl_json(cluster, "get", "tornadosession", name, "-n", namespace)
    return result


def wait_phase(cluster: Any, namespace: str, name: str, *, timeout: float = 180, terminal: bool = True) -> dict[str, Any]:
    def check() -> dict[str, Any] | None:
        session = get_session(cluster, namespace, name)
        phase = (session.get("status") or {}).get("phase")
        if phase and (phase != "RUNNING" or not terminal):
            return session
        return None

    result: dict[str, Any] = wait_for(check, timeout=timeout, what=f"session {namespace}/{name} to finish")
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class OperatorProcess:
    """`tornado operator` as a real subprocess against the test cluster."""

    def __init__(
        self,
        cluster: Any,
        log_dir: Path,
        extra_args: list[str] | None = None,
        *,
        env: dict[str, str] | None = None,
        tag: str = "operator",
    ) -> None:
        self.cluster = cluster
        self.log_dir = log_dir
        self.extra_args = extra_args or []
        self.extra_env = env or {}
        self.tag = tag
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.health_port = free_port()
        self.metrics_port = free_port()

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.tag}-{self.starts}.log"

    def start(self, *, wait: bool = True) -> None:
        self.starts += 1
        self.health_port = free_port()
        log = self.log_path.open("wb")
        env = self.cluster.env()
        env["PYTHONUNBUFFERED"] = "1"
        env.update(self.extra_env)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tornado_operator.cli.main",
                "operator",
                "--health-port",
                str(self.health_port),
                "--metrics-port",
                str(self.metrics_port),
                "--runner-image",
                "tornado-operator:test",
                *self.extra_args,
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 60) -> None:
        import urllib.error
        import urllib.request

        def ready() -> bool:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"operator exited {self.proc.returncode}:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.health_port}/readyz", timeout=1) as response:
                    return bool(response.status == 200)
            except (urllib.error.URLError, OSError):
                return False

        wait_for(ready, timeout=timeout, what="operator readiness")

    def restart(self, extra_args: list[str]) -> None:
        self.stop()
        self.extra_args = extra_args
        self.start()

    def kill(self) -> None:
        """SIGKILL: no cleanup, as a crashed node or OOM kill would do."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(
            (self.log_dir / f"{self.tag}-{i}.log").read_text(errors="replace") for i in range(1, self.starts + 1)
        )

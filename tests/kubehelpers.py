"""Helpers for tests against a real cluster: CRDs, namespaces, waiting, the operator process."""

from __future__ import annotations

import contextlib
import json
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

# The one way to start the operator locally (also `make up` and `make demo`).
from devcluster.local_operator import LocalOperator as OperatorProcess  # noqa: F401
from devcluster.local_operator import install_crds  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
CRDS = REPO / "crds"


def example(name: str) -> Path:
    return REPO / "examples" / name



def runner_after(shell: str) -> dict[str, Any]:
    """A ``spec.runner`` whose pod runs ``shell`` first, then the iteration's own ``tornado job``
    (pods of the process node are processes of this machine, so ``shell`` can wait on files)."""
    job = "tornado job --namespace $POD_NAMESPACE --session $TORNADO_SESSION --iteration $TORNADO_ITERATION"
    return {"command": ["sh", "-c", f"{shell}; exec {job}"]}

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

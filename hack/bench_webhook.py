"""Benchmark: the admission latency the webhook adds under 50 concurrent creates.

    make bench-webhook

Starts the local control plane and the operator with its webhook (the operator watches
another namespace, so the benchmark's sessions are admitted but never run), then creates 50
sessions for 50 different pathways at once, several rounds, with the webhook and again
with its configuration deleted, timing each create from the client. The difference is
what the webhook adds. Prints a table and writes JSON to bench-results/webhook.json.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from devcluster import ControlPlane

REPO = Path(__file__).resolve().parents[1]
CONCURRENCY = 50
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "6"))
NS = "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def setup(cp: ControlPlane) -> None:
    cp.kubectl("create", "namespace", NS)
    docs: list[dict[str, Any]] = []
    for i in range(CONCURRENCY):
        docs.append({"apiVersion": "agenttesting.dev/v1alpha1", "kind": "Pathway", "metadata": {"name": f"p{i}", "namespace": NS},
                     "spec": {"startNodeId": "a", "nodes": [{"id": "a", "text": "hi"}]}})
        docs.append({"apiVersion": "agenttesting.dev/v1alpha1", "kind": "TestScenario", "metadata": {"name": f"s{i}", "namespace": NS},
                     "spec": {"pathwayId": f"p{i}", "inputMessages": ["hello"]}})
    cp.kubectl("apply", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": docs}))


def round_of_creates(api: Any, tag: str) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CONCURRENCY)

    def create(i: int) -> None:
        body = {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "TornadoSession", "metadata": {"name": f"{tag}-{i}"},
                "spec": {"pathwayId": f"p{i}"}}
        barrier.wait()
        started = time.perf_counter()
        api.create_namespaced_custom_object("agenttesting.dev", "v1alpha1", NS, "tornadosessions", body)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed * 1000)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def clean(cp: ControlPlane) -> None:
    cp.kubectl("delete", "tornadosessions,leases", "--all", "-n", NS, "--wait=true")


def main() -> int:
    from kubernetes import client, config

    state = Path(tempfile.mkdtemp(prefix="tornado-bench-"))
    with ControlPlane(state, node_agent=False) as cp:
        cp.kubectl("apply", "--server-side", "-f", str(REPO / "crds"))
        cp.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "-l", "app.kubernetes.io/name=tornado-operator")
        setup(cp)
        port = free_port()
        operator = subprocess.Popen(
            [sys.executable, "-m", "tornado_operator.cli.main", "operator", "--namespace", "not-watched",
             "--health-port", "0", "--metrics-port", os.environ.get("BENCH_METRICS_PORT", "0"), "--no-metrics-secure", "--webhook-port", str(port), "--webhook-url", f"https://127.0.0.1:{port}"],
            env=cp.env(), stdout=(state / "operator.log").open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            while cp.kubectl("get", "validatingwebhookconfiguration", "tornado-operator", check=False).returncode != 0:
                time.sleep(0.2)
            api = client.CustomObjectsApi(config.new_client_from_config(config_file=str(cp.kubeconfig)))
            round_of_creates(api, "warm")  # connections, caches
            clean(cp)
            with_hook: list[float] = []
            for r in range(ROUNDS):
                with_hook += round_of_creates(api, f"w{r}")
                clean(cp)
            if os.environ.get("BENCH_METRICS_PORT"):
                import urllib.request

                text = urllib.request.urlopen(f"http://127.0.0.1:{os.environ['BENCH_METRICS_PORT']}/metrics").read().decode()
                print("\n".join(line for line in text.splitlines() if "webhook_admission_duration" in line))
            cp.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator")
            time.sleep(1.0)
            without: list[float] = []
            for r in range(ROUNDS):
                without += round_of_creates(api, f"n{r}")
                clean(cp)
        finally:
            os.killpg(operator.pid, signal.SIGTERM)
            operator.wait(timeout=20)
    result = {
        "machine": f"{os.cpu_count()} cores",
        "concurrent_creates": CONCURRENCY,
        "rounds": ROUNDS,
        "with_webhook_ms": {"p50": percentile(with_hook, 50), "p99": percentile(with_hook, 99), "mean": statistics.mean(with_hook)},
        "without_webhook_ms": {"p50": percentile(without, 50), "p99": percentile(without, 99), "mean": statistics.mean(without)},
    }
    result["added_ms"] = {k: result["with_webhook_ms"][k] - result["without_webhook_ms"][k] for k in ("p50", "p99", "mean")}
    print(f"{'create latency (ms)':<28}{'p50':>10}{'p99':>10}{'mean':>10}")
    for label, key in (("with webhook", "with_webhook_ms"), ("without webhook", "without_webhook_ms"), ("added by the webhook", "added_ms")):
        row = result[key]
        print(f"{label:<28}{row['p50']:>10.1f}{row['p99']:>10.1f}{row['mean']:>10.1f}")
    out = REPO / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "webhook.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

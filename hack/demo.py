"""The main job: a real control plane, the operator, the support-line example, watched to the end.

    make demo        (builds the Kubernetes binaries the first time)

Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the process node
agent on loopback, installs the CRDs, runs `tornado operator` (with its admission webhook),
applies examples/support-line, and shows `kubectl get ts -w` until the session finishes;
then prints the hosted-API status JSON and stops everything.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from devcluster import ControlPlane

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    example = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "examples" / "support-line"
    state = Path(tempfile.mkdtemp(prefix="tornado-demo-"))
    print(f"starting the local control plane in {state} ...", flush=True)
    with ControlPlane(state) as cp:
        env = cp.env()
        print(f"kubeconfig: {cp.kubeconfig}", flush=True)
        cp.kubectl("apply", "--server-side", "-f", str(REPO / "crds"))
        cp.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "-l", "app.kubernetes.io/name=tornado-operator")
        from tornado_operator.controller.rbac import runner_cluster_role

        cp.kubectl("apply", "-f", "-", input=json.dumps(runner_cluster_role()))
        port = free_port()
        log_path = state / "operator.log"
        operator = subprocess.Popen(
            [sys.executable, "-m", "tornado_operator.cli.main", "operator", "--health-port", "0", "--metrics-port", "0",
             "--webhook-port", str(port), "--webhook-url", f"https://127.0.0.1:{port}"],
            env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            for _ in range(100):
                if cp.kubectl("get", "validatingwebhookconfiguration", "tornado-operator", check=False).returncode == 0:
                    break
                time.sleep(0.2)
            print(f"operator running (log: {log_path}); applying {example.relative_to(REPO) if example.is_relative_to(REPO) else example}", flush=True)
            docs = sorted(example.glob("*.yaml"))
            non_sessions = [d for d in docs if "session" not in d.name]
            sessions = [d for d in docs if "session" in d.name]
            for doc in non_sessions:
                cp.kubectl("apply", "-f", str(doc))
            time.sleep(1.0)  # let the operator snapshot the pathway first (not required)
            for doc in sessions:
                print(cp.kubectl("apply", "-f", str(doc)).stdout, end="", flush=True)
            name = cp.kubectl("get", "ts", "-o", "jsonpath={.items[0].metadata.name}").stdout
            watch = subprocess.Popen(["kubectl", "get", "ts", "-w"], env=env)
            try:
                deadline = time.monotonic() + 600
                phase = ""
                while time.monotonic() < deadline:
                    phase = cp.kubectl("get", "ts", name, "-o", "jsonpath={.status.phase}").stdout
                    if phase and phase != "RUNNING":
                        break
                    time.sleep(0.5)
                time.sleep(0.5)
            finally:
                watch.terminate()
                watch.wait()
            print(cp.kubectl("get", "ts,pwv,jobs").stdout, flush=True)
            status = subprocess.run(
                [sys.executable, "-m", "tornado_operator.cli.main", "status", name], env=env, capture_output=True, text=True
            )
            print(status.stdout, flush=True)
            print(f"session {name} ended {phase}", flush=True)
            return 0 if phase == "COMPLETED_ALL_PASSED" else 1
        finally:
            os.killpg(operator.pid, signal.SIGTERM)
            operator.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())

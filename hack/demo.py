"""The main job: a real control plane, the operator, the support-line example, watched to the end.

    make demo        (builds the Kubernetes binaries the first time)

Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the process node
agent on loopback, installs the CRDs, runs `tornado operator` (with its admission webhook),
applies examples/support-line, and shows `kubectl get ts -w` until the session finishes;
then prints the hosted-API status JSON and stops everything.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from devcluster import ControlPlane
from devcluster.local_operator import LocalOperator, install_crds

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    example = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "examples" / "support-line"
    state = Path(tempfile.mkdtemp(prefix="tornado-demo-"))
    print(f"starting the local control plane in {state} ...", flush=True)
    with ControlPlane(state) as cp:
        env = cp.env()
        print(f"kubeconfig: {cp.kubeconfig}", flush=True)
        install_crds(cp)
        operator = LocalOperator(cp, state, webhook=True)
        operator.start()
        try:
            print(f"operator running (log: {operator.log_path}); applying {example.relative_to(REPO) if example.is_relative_to(REPO) else example}", flush=True)
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
            operator.stop()


if __name__ == "__main__":
    sys.exit(main())

"""The control plane with an audit log, a dedicated operator identity, and the operator process."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.common import REPO, RESULTS, free_port, log
from devcluster import ControlPlane
from devcluster.controlplane import Component
from devcluster.kubeconfig import write_kubeconfig

OPERATOR_USER = "tornado-operator-bench"
BENCH_USER_AGENT = "tornado-bench/harness"

# One audit event per request (no RequestReceived/ResponseStarted stages), metadata only,
# except Events, whose body names the object they are about (to attribute them to a session).
AUDIT_POLICY = """apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived", "ResponseStarted"]
rules:
  - level: Request
    verbs: ["create"]
    resources: [{group: "", resources: ["events"]}, {group: "events.k8s.io", resources: ["events"]}]
  - level: Metadata
"""


class BenchControlPlane(ControlPlane):
    """devcluster.ControlPlane plus extra kube-apiserver flags (here: the audit log).

    Subclassed rather than changing hack/devcluster, which other work edits concurrently.
    """

    def __init__(self, state_dir: Path, *, apiserver_args: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(state_dir, **kwargs)
        self.apiserver_args = list(apiserver_args)

    def _component(self, name: str, argv: list[str], env: Mapping[str, str] | None = None) -> Component:
        if name == "kube-apiserver":
            argv = [*argv, *self.apiserver_args]
        return super()._component(name, argv, env)


def audited_control_plane(state: Path) -> tuple[BenchControlPlane, Path]:
    state.mkdir(parents=True, exist_ok=True)
    policy = state / "audit-policy.yaml"
    policy.write_text(AUDIT_POLICY)
    audit_log = state / "audit.log"
    args = [
        f"--audit-policy-file={policy}",
        f"--audit-log-path={audit_log}",
        "--audit-log-format=json",
        "--audit-log-maxsize=0",  # no rotation: the harness reads one file
        "--audit-log-mode=blocking",
    ]
    return BenchControlPlane(state, apiserver_args=args), audit_log


def operator_kubeconfig(cp: ControlPlane) -> Path:
    """A kubeconfig with its own client certificate (user tornado-operator-bench, system:masters),
    so the audit log tells the operator's requests from the harness', kubectl's and the agent's."""
    pair = cp.ca.issue(cp.pki_dir, "operator-bench", OPERATOR_USER, organizations=("system:masters",), client=True)
    return write_kubeconfig(
        cp.state_dir / "operator.kubeconfig",
        server=cp.server,
        ca_file=cp.ca.pair.cert,
        user=OPERATOR_USER,
        client_cert=pair.cert,
        client_key=pair.key,
    )


def install(cp: ControlPlane) -> None:
    cp.kubectl("apply", "--server-side", "--force-conflicts", "-f", str(REPO / "crds"))
    cp.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "-l", "app.kubernetes.io/name=tornado-operator")


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG: the operator gets SIGTERM if the harness dies (even by SIGKILL)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


class Operator:
    """`tornado operator` as a subprocess (optionally under a profiler), with its RSS sampled."""

    def __init__(self, cp: ControlPlane, kubeconfig: Path, log_path: Path, *, extra_args: Sequence[str] = (),
                 webhook: bool = True, profile: bool = False) -> None:
        self.cp = cp
        self.kubeconfig = kubeconfig
        self.log_path = log_path
        self.health_port = free_port()
        self.metrics_port = free_port()
        self.webhook_port = free_port() if webhook else 0
        self.extra_args = list(extra_args)
        self.profile = profile
        self.proc: subprocess.Popen[bytes] | None = None
        self.samples: list[tuple[float, int]] = []  # (monotonic, VmRSS kB)
        self._stop = threading.Event()

    def argv(self) -> list[str]:
        args = ["operator", "--health-port", str(self.health_port), "--metrics-port", str(self.metrics_port), "--no-metrics-secure"]
        args += ["--allow-runner-command", "--allow-runner-image=*"]  # offloaded runs override the command
        if self.webhook_port:
            args += ["--webhook-port", str(self.webhook_port), "--webhook-url", f"https://127.0.0.1:{self.webhook_port}"]
        args += self.extra_args
        if self.profile:
            RESULTS.mkdir(exist_ok=True)
            return [sys.executable, str(Path(__file__).with_name("profile_operator.py")), str(RESULTS / "operator.prof"), *args]
        return [sys.executable, "-m", "tornado_operator.cli.main", *args]

    def start(self, timeout: float = 90) -> None:
        env = self.cp.env()
        env["KUBECONFIG"] = str(self.kubeconfig)
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "hack"), env.get("PYTHONPATH", "")]))
        self.proc = subprocess.Popen(self.argv(), env=env, stdout=self.log_path.open("wb"), stderr=subprocess.STDOUT,
                                     start_new_session=True, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"operator exited {self.proc.returncode}: see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.health_port}/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"operator not ready after {timeout}s: see {self.log_path}")
            time.sleep(0.2)
        if self.webhook_port:
            while self.cp.kubectl("get", "validatingwebhookconfiguration", "tornado-operator", check=False).returncode != 0:
                if time.monotonic() > deadline:
                    raise RuntimeError("the operator did not register its webhook")
                time.sleep(0.2)
        threading.Thread(target=self._sample, name="rss-sampler", daemon=True).start()
        log(f"operator pid {self.proc.pid} ready (log {self.log_path})")

    def status_kb(self, field: str) -> int | None:
        """A `VmRSS`/`VmHWM` line of /proc/PID/status, in kB."""
        if self.proc is None:
            return None
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the operator process so far (/proc/PID/stat)."""
        if self.proc is None:
            return None
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        while not self._stop.is_set():
            rss = self.status_kb("VmRSS")
            if rss is not None:
                self.samples.append((time.monotonic(), rss))
            self._stop.wait(1.0)

    def stop(self) -> None:
        self._stop.set()
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

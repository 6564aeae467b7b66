"""Start and stop a real Kubernetes control plane (built by hack/build-k8s.sh) on loopback.

``ControlPlane`` runs etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the
node agent (``devcluster.node_agent``) as child processes, each in its own process group,
logging to ``<state_dir>/logs/``. Ports are chosen at runtime; everything binds 127.0.0.1.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import json
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from . import pki
from .kubeconfig import Credentials, load_credentials, write_kubeconfig
from .procs import cmdline, environ_has, free_port, pid_alive, spawn, stop_group, tail

REPO_ROOT = Path(__file__).resolve().parents[2]
HACK_DIR = REPO_ROOT / "hack"
DEFAULT_STATE_DIR = REPO_ROOT / ".cluster"


def pick_service_cidr() -> tuple[str, str]:
    """A loopback /16 for ClusterIPs, and its first address (the ``kubernetes`` Service).

    Whatever dials a ClusterIP (the API server calling a webhook Service, say) stays on this
    machine, where the node agent's service proxy listens. Each cluster takes its own random
    range, so that clusters running side by side (parallel test sessions) do not share
    ClusterIPs.
    """
    rng = random.SystemRandom()
    for _ in range(50):
        octet = rng.randint(64, 254)
        first = f"127.{octet}.0.1"
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((first, 443))
            except OSError as e:
                if e.errno == errno.EADDRINUSE:
                    continue  # another cluster's proxy has it
                # EACCES (not root): cannot tell; the proxy will log if it cannot listen.
        return f"127.{octet}.0.0/16", first
    raise ClusterError("no free loopback range for the service CIDR")


SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local"
BINARIES = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl")

# Controllers of kube-controller-manager: everything on by default except those that need
# a cloud provider, pod CIDRs or a bootstrap-token flow.
CONTROLLERS = ",".join(
    [
        "*",
        "-node-ipam-controller",
        "-cloud-node-lifecycle-controller",
        "-service-lb-controller",
        "-node-route-controller",
        "-bootstrap-signer-controller",
        "-token-cleaner-controller",
    ]
)


class ClusterError(RuntimeError):
    """The control plane could not be started (the message tells where the logs are)."""


def bin_dir() -> Path:
    return Path(os.environ.get("DEVCLUSTER_BIN_DIR", HACK_DIR / "bin"))


def pinned_kubernetes_version() -> str:
    """The k8s.io/kubernetes version pinned in hack/go.mod, e.g. ``v1.36.3``."""
    text = (HACK_DIR / "go.mod").read_text()
    m = re.search(r"^\s*k8s\.io/kubernetes\s+(v\S+)", text, re.MULTILINE)
    if not m:
        raise ClusterError("hack/go.mod does not require k8s.io/kubernetes")
    return m.group(1)


def pinned_etcd_version() -> str:
    text = (HACK_DIR / "go.mod").read_text()
    m = re.search(r"^\s*go\.etcd\.io/etcd/server/v3\s+(v\S+)", text, re.MULTILINE)
    if not m:
        raise ClusterError("hack/go.mod does not require go.etcd.io/etcd/server/v3")
    return m.group(1)


def check_binaries(directory: Path | None = None) -> Path:
    directory = directory or bin_dir()
    missing = [b for b in BINARIES if not os.access(directory / b, os.X_OK)]
    if missing:
        raise ClusterError(
            f"missing control-plane binaries in {directory}: {', '.join(missing)}; "
            "build them with `make k8s-bins` (bash hack/build-k8s.sh)"
        )
    return directory


@dataclass
class Component:
    name: str
    argv: list[str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    pid: int = 0

    def running(self) -> bool:
        if self.proc is not None:
            return self.proc.poll() is None
        return self.pid > 0 and pid_alive(self.pid)


def _http_get(
    url: str,
    ctx: ssl.SSLContext | None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 5,
) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=timeout) as resp:
            return int(resp.status), resp.read()
    except urllib.error.HTTPError as e:
        return int(e.code), e.read()


def _insecure_ctx() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


class KubeClusterBase:
    """What the tests use of a cluster, local or external (see ``ExternalCluster``)."""

    kubeconfig: Path
    server: str
    local: bool = False
    node_name: str | None = None

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """An environment for subprocesses: KUBECONFIG set, hack/bin and the venv first on PATH."""
        env = dict(os.environ if base is None else base)
        env["KUBECONFIG"] = str(self.kubeconfig)
        paths = [str(bin_dir()), str(Path(sys.executable).parent)]
        env["PATH"] = os.pathsep.join([*paths, env.get("PATH", "")])
        return env

    def kubectl(
        self, *args: str, check: bool = True, input: str | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run kubectl against this cluster (hack/bin/kubectl when present)."""
        exe = shutil.which("kubectl", path=self.env()["PATH"]) or "kubectl"
        return subprocess.run(
            [exe, *args],
            env=self.env(),
            input=input,
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
        )

    def api_client(self) -> Any:
        """A ``kubernetes.client.ApiClient`` for this cluster (admin credentials)."""
        from kubernetes import config  # imported lazily: optional for the CLI

        return config.new_client_from_config(config_file=str(self.kubeconfig))  # type: ignore[no-untyped-call,unused-ignore]

    def credentials(self) -> Credentials:
        return load_credentials(self.kubeconfig)

    def server_version(self) -> dict[str, Any]:
        creds = self.credentials()
        status, body = _http_get(f"{creds.server}/version", creds.ssl_context(), creds.headers())
        if status != 200:
            raise ClusterError(f"GET /version: HTTP {status}: {body[:200]!r}")
        result: dict[str, Any] = json.loads(body)
        return result

    def pod_log(self, namespace: str, name: str, container: str | None = None) -> str:
        args = ["logs", "-n", namespace, name]
        if container:
            args += ["-c", container]
        return self.kubectl(*args, check=False).stdout


class ExternalCluster(KubeClusterBase):
    """A cluster the tests did not start (kind, a remote cluster, `make cluster-up`)."""

    def __init__(self, kubeconfig: Path | str):
        self.kubeconfig = Path(kubeconfig).resolve()
        self.server = load_credentials(self.kubeconfig).server
        self.local = False
        # A cluster started by `make cluster-up` has pod log files we can read directly.
        state_file = self.kubeconfig.parent / "state.json"
        self._pods_dir: Path | None = None
        if state_file.exists():
            with contextlib.suppress(ValueError, KeyError, OSError):
                state = json.loads(state_file.read_text())
                if state.get("server") == self.server:
                    self._pods_dir = Path(state["state_dir"]) / "pods"
                    self.node_name = state.get("node_name")

    def pod_log(self, namespace: str, name: str, container: str | None = None) -> str:
        if self._pods_dir is not None:
            return read_pod_log(self._pods_dir, namespace, name, container)
        return super().pod_log(namespace, name, container)


def read_pod_log(pods_dir: Path, namespace: str, name: str, container: str | None = None) -> str:
    """The log of a pod run by the node agent (newest pod of that name; all containers)."""
    dirs = sorted(
        pods_dir.glob(f"{namespace}_{name}_*"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    if not dirs:
        return ""
    logs = sorted(dirs[0].glob(f"{container}.log" if container else "*.log"))
    return "".join(p.read_text(errors="replace") for p in logs)


class ControlPlane(KubeClusterBase):
    """etcd + kube-apiserver + kube-controller-manager + kube-scheduler + node agent.

    Use as a context manager (``with ControlPlane() as cp:``) or call ``start``/``stop``.
    ``detach=True`` (the ``up`` CLI) starts the processes so that they outlive this one;
    otherwise they are stopped on ``stop()``, at interpreter exit, on SIGTERM/SIGHUP, and by
    the kernel (PR_SET_PDEATHSIG) if this process is killed outright.
    """

    def __init__(
        self,
        state_dir: Path | str | None = None,
        *,
        node_agent: bool = True,
        node_name: str = "local-node",
        detach: bool = False,
        startup_timeout: float = 180.0,
        binaries: Path | None = None,
        python: str | None = None,
        node_agent_args: Sequence[str] = (),
        component_args: Mapping[str, Sequence[str]] | None = None,
    ):
        self.state_dir = Path(state_dir or DEFAULT_STATE_DIR).resolve()
        self.local = True
        self.node_name = node_name if node_agent else None
        self.with_node_agent = node_agent
        self.detach = detach
        self.startup_timeout = startup_timeout
        self.bin_dir = binaries or bin_dir()
        self.python = python or sys.executable
        self.node_agent_args = list(node_agent_args)
        # Extra flags per component, e.g. {"kube-apiserver": ["--audit-log-path=..."]}.
        self.component_args = {k: list(v) for k, v in (component_args or {}).items()}
        self.pki_dir = self.state_dir / "pki"
        self.logs_dir = self.state_dir / "logs"
        self.pods_dir = self.state_dir / "pods"
        self.etcd_dir = self.state_dir / "etcd"
        self.kubeconfig = self.state_dir / "kubeconfig"
        self.ca_file = self.pki_dir / "ca.crt"
        self.server = ""
        self.service_cidr, self.kubernetes_service_ip = "", ""
        self.components: list[Component] = []
        self._admin_ctx: ssl.SSLContext | None = None
        self._stopped = False
        self._prev_handlers: dict[int, Any] = {}

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> ControlPlane:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        check_binaries(self.bin_dir)
        for sub in ("pki", "logs", "pods", "etcd", "kubeconfigs"):
            shutil.rmtree(self.state_dir / sub, ignore_errors=True)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.logs_dir.mkdir(parents=True)
        self.pods_dir.mkdir(parents=True)
        self._stopped = False
        if not self.detach:
            atexit.register(self.stop)
            self._install_signal_handlers()
        try:
            self.service_cidr, self.kubernetes_service_ip = pick_service_cidr()
            self._make_pki()
            self._start_etcd()
            self._start_apiserver()
            self._start_controller_manager()
            self._start_scheduler()
            if self.with_node_agent:
                self._start_node_agent()
            self._wait_cluster_usable()
            self.write_state()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop every component (node agent first), then any pod process left behind."""
        if self._stopped:
            return
        self._stopped = True
        for comp in reversed(self.components):
            pgid = comp.proc.pid if comp.proc is not None else comp.pid
            if pgid > 0:
                # Signal the whole group even when its leader is gone: children may remain.
                stop_group(pgid, timeout=15 if comp.name == "node-agent" else 10, proc=comp.proc)
        kill_leftover_pods(self.pods_dir)
        self.components.clear()
        shutil.rmtree(self.etcd_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            (self.state_dir / "state.json").unlink()
        if not self.detach:
            with contextlib.suppress(Exception):
                atexit.unregister(self.stop)
            self._restore_signal_handlers()

    def _install_signal_handlers(self) -> None:
        import threading

        if threading.current_thread() is not threading.main_thread():
            return

        def handler(signum: int, frame: FrameType | None) -> None:
            self.stop()
            prev = self._prev_handlers.get(signum)
            if callable(prev):
                prev(signum, frame)
            raise SystemExit(128 + signum)

        for sig in (signal.SIGTERM, signal.SIGHUP):
            prev = signal.getsignal(sig)
            if prev in (signal.SIG_DFL, None):
                self._prev_handlers[sig] = prev
                signal.signal(sig, handler)

    def _restore_signal_handlers(self) -> None:
        import threading

        if threading.current_thread() is not threading.main_thread():
            return
        for sig, prev in self._prev_handlers.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, prev if prev is not None else signal.SIG_DFL)
        self._prev_handlers.clear()

    # -- pieces ----------------------------------------------------------------------------

    def _make_pki(self) -> None:
        d = self.pki_dir
        self.ca = pki.CertificateAuthority.create(d)
        self.apiserver_cert = self.ca.issue(
            d,
            "apiserver",
            "kube-apiserver",
            dns_names=(
                "localhost",
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local",
            ),
            ip_addresses=("127.0.0.1", self.kubernetes_service_ip),
            server=True,
        )
        self.admin_cert = self.ca.issue(
            d, "admin", "kubernetes-admin", organizations=("system:masters",), client=True
        )
        self.kcm_cert = self.ca.issue(
            d, "controller-manager", "system:kube-controller-manager", client=True
        )
        self.scheduler_cert = self.ca.issue(d, "scheduler", "system:kube-scheduler", client=True)
        self.node_cert = self.ca.issue(
            d,
            "node",
            f"system:node:{self.node_name or 'local-node'}",
            organizations=("system:nodes",),
            client=True,
        )
        self.sa_keys = pki.service_account_keys(d)
        # The aggregation layer (APIService) and delegated authentication need a front proxy.
        self.front_proxy_ca = pki.CertificateAuthority.create(
            d / "front-proxy", common_name="devcluster-front-proxy-ca"
        )
        self.front_proxy_client = self.front_proxy_ca.issue(
            d / "front-proxy", "front-proxy-client", "front-proxy-client", client=True
        )

    def _component(
        self, name: str, argv: list[str], env: Mapping[str, str] | None = None
    ) -> Component:
        argv = [*argv, *self.component_args.get(name, [])]
        comp = Component(name=name, argv=argv, log=self.logs_dir / f"{name}.log")
        comp.proc = spawn(argv, log_path=comp.log, env=env, cwd=self.state_dir, detach=self.detach)
        comp.pid = comp.proc.pid
        self.components.append(comp)
        return comp

    def _wait(
        self, comp: Component, what: str, probe: Callable[[], bool], timeout: float | None = None
    ) -> None:
        deadline = time.monotonic() + (timeout or self.startup_timeout)
        last_err = ""
        while time.monotonic() < deadline:
            if not comp.running():
                raise ClusterError(
                    f"{comp.name} exited during startup (see {comp.log}):\n{tail(comp.log)}"
                )
            try:
                if probe():
                    return
            except (OSError, ValueError, ssl.SSLError) as e:
                last_err = str(e)
            time.sleep(0.2)
        raise ClusterError(
            f"{comp.name}: timed out waiting for {what} ({last_err}); see {comp.log}:\n{tail(comp.log)}"
        )

    def _start_etcd(self) -> None:
        client, peer = free_port(), free_port()
        self.etcd_url = f"http://127.0.0.1:{client}"
        comp = self._component(
            "etcd",
            [
                str(self.bin_dir / "etcd"),
                "--name=devcluster",
                f"--data-dir={self.etcd_dir}",
                f"--listen-client-urls={self.etcd_url}",
                f"--advertise-client-urls={self.etcd_url}",
                f"--listen-peer-urls=http://127.0.0.1:{peer}",
                f"--initial-advertise-peer-urls=http://127.0.0.1:{peer}",
                f"--initial-cluster=devcluster=http://127.0.0.1:{peer}",
                "--initial-cluster-state=new",
                # A throwaway test store: no fsync makes it much faster on slow disks.
                "--unsafe-no-fsync",
                "--log-level=warn",
            ],
        )

        def healthy() -> bool:
            status, body = _http_get(f"{self.etcd_url}/health", None)
            return status == 200 and json.loads(body).get("health") == "true"

        self._wait(comp, "etcd /health", healthy, timeout=60)

    def _start_apiserver(self) -> None:
        port = free_port()
        self.server = f"https://127.0.0.1:{port}"
        comp = self._component(
            "kube-apiserver",
            [
                str(self.bin_dir / "kube-apiserver"),
                f"--etcd-servers={self.etcd_url}",
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                f"--secure-port={port}",
                f"--tls-cert-file={self.apiserver_cert.cert}",
                f"--tls-private-key-file={self.apiserver_cert.key}",
                f"--client-ca-file={self.ca.pair.cert}",
                f"--cert-dir={self.state_dir / 'apiserver-certs'}",
                "--authorization-mode=Node,RBAC",
                f"--requestheader-client-ca-file={self.front_proxy_ca.pair.cert}",
                "--requestheader-allowed-names=front-proxy-client",
                "--requestheader-extra-headers-prefix=X-Remote-Extra-",
                "--requestheader-group-headers=X-Remote-Group",
                "--requestheader-username-headers=X-Remote-User",
                f"--proxy-client-cert-file={self.front_proxy_client.cert}",
                f"--proxy-client-key-file={self.front_proxy_client.key}",
                # Default plugins (PodSecurity, ServiceAccount, ValidatingAdmissionWebhook,
                # MutatingAdmissionWebhook, ResourceQuota, ...) plus NodeRestriction for the agent.
                "--enable-admission-plugins=NodeRestriction",
                f"--service-account-issuer={SERVICE_ACCOUNT_ISSUER}",
                f"--service-account-key-file={self.sa_keys.cert}",
                f"--service-account-signing-key-file={self.sa_keys.key}",
                f"--service-cluster-ip-range={self.service_cidr}",
                # Endpoints may not point at loopback: do not reconcile the kubernetes Service.
                "--endpoint-reconciler-type=none",
                "--allow-privileged=true",
                "--profiling=false",
                "--v=1",
            ],
        )
        creds_ctx = ssl.create_default_context(cafile=str(self.ca.pair.cert))
        creds_ctx.load_cert_chain(str(self.admin_cert.cert), str(self.admin_cert.key))
        self._admin_ctx = creds_ctx

        def ready() -> bool:
            status, _ = _http_get(f"{self.server}/readyz", creds_ctx)
            return status == 200

        self._wait(comp, "kube-apiserver /readyz", ready)
        write_kubeconfig(
            self.kubeconfig,
            server=self.server,
            ca_file=self.ca.pair.cert,
            user="kubernetes-admin",
            client_cert=self.admin_cert.cert,
            client_key=self.admin_cert.key,
        )

    def _component_kubeconfig(self, name: str, pair: pki.CertPair, user: str) -> Path:
        return write_kubeconfig(
            self.state_dir / "kubeconfigs" / f"{name}.kubeconfig",
            server=self.server,
            ca_file=self.ca.pair.cert,
            user=user,
            client_cert=pair.cert,
            client_key=pair.key,
        )

    def _wait_healthz(self, comp: Component, port: int) -> None:
        ctx = _insecure_ctx()

        def healthy() -> bool:
            status, _ = _http_get(f"https://127.0.0.1:{port}/healthz", ctx)
            return status == 200

        self._wait(comp, "/healthz", healthy)

    def _start_controller_manager(self) -> None:
        kc = self._component_kubeconfig(
            "controller-manager", self.kcm_cert, "system:kube-controller-manager"
        )
        port = free_port()
        comp = self._component(
            "kube-controller-manager",
            [
                str(self.bin_dir / "kube-controller-manager"),
                f"--kubeconfig={kc}",
                f"--authentication-kubeconfig={kc}",
                f"--authorization-kubeconfig={kc}",
                "--bind-address=127.0.0.1",
                f"--secure-port={port}",
                f"--cert-dir={self.state_dir / 'controller-manager-certs'}",
                "--leader-elect=false",
                f"--controllers={CONTROLLERS}",
                f"--root-ca-file={self.ca.pair.cert}",
                f"--service-account-private-key-file={self.sa_keys.key}",
                "--use-service-account-credentials=true",
                f"--cluster-signing-cert-file={self.ca.pair.cert}",
                f"--cluster-signing-key-file={self.ca.pair.key}",
                f"--service-cluster-ip-range={self.service_cidr}",
                "--kube-api-qps=100",
                "--kube-api-burst=200",
                "--concurrent-job-syncs=20",
                "--v=1",
            ],
        )
        self._wait_healthz(comp, port)

    def _start_scheduler(self) -> None:
        kc = self._component_kubeconfig("scheduler", self.scheduler_cert, "system:kube-scheduler")
        port = free_port()
        comp = self._component(
            "kube-scheduler",
            [
                str(self.bin_dir / "kube-scheduler"),
                f"--kubeconfig={kc}",
                f"--authentication-kubeconfig={kc}",
                f"--authorization-kubeconfig={kc}",
                "--bind-address=127.0.0.1",
                f"--secure-port={port}",
                f"--cert-dir={self.state_dir / 'scheduler-certs'}",
                "--leader-elect=false",
                "--v=1",
            ],
        )
        self._wait_healthz(comp, port)

    def _start_node_agent(self) -> None:
        assert self.node_name is not None
        kc = self._component_kubeconfig("node", self.node_cert, f"system:node:{self.node_name}")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(HACK_DIR), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
        )
        env["PYTHONUNBUFFERED"] = "1"
        env.pop("KUBECONFIG", None)
        comp = self._component(
            "node-agent",
            [
                self.python,
                "-m",
                "devcluster.node_agent",
                f"--kubeconfig={kc}",
                f"--node-name={self.node_name}",
                f"--pods-dir={self.pods_dir}",
                f"--path-prepend={Path(self.python).parent}{os.pathsep}{self.bin_dir}",
                *self.node_agent_args,
            ],
            env=env,
        )

        def node_ready() -> bool:
            node = self.get(f"/api/v1/nodes/{self.node_name}")
            if node is None:
                return False
            conds = {c["type"]: c["status"] for c in node.get("status", {}).get("conditions", [])}
            return conds.get("Ready") == "True" and not node.get("spec", {}).get("taints")

        self._wait(comp, f"node {self.node_name} Ready", node_ready)

    def _wait_cluster_usable(self) -> None:
        """The default ServiceAccount exists (pods can be admitted) and RBAC is bootstrapped."""
        comp = next(c for c in self.components if c.name == "kube-controller-manager")
        self._wait(
            comp,
            "the default ServiceAccount",
            lambda: self.get("/api/v1/namespaces/default/serviceaccounts/default") is not None,
        )

    # -- helpers ---------------------------------------------------------------------------

    def get(self, path: str) -> dict[str, Any] | None:
        """GET an API path with admin credentials; None on 404."""
        if self._admin_ctx is None:
            raise ClusterError("the control plane is not started")
        status, body = _http_get(f"{self.server}{path}", self._admin_ctx)
        if status == 404:
            return None
        if status != 200:
            raise ValueError(f"GET {path}: HTTP {status}: {body[:300]!r}")
        result: dict[str, Any] = json.loads(body)
        return result

    def pod_log(self, namespace: str, name: str, container: str | None = None) -> str:
        return read_pod_log(self.pods_dir, namespace, name, container)

    def write_state(self) -> Path:
        state = {
            "server": self.server,
            "kubeconfig": str(self.kubeconfig),
            "state_dir": str(self.state_dir),
            "node_name": self.node_name,
            "service_cidr": self.service_cidr,
            "kubernetes_version": pinned_kubernetes_version(),
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "components": [
                {"name": c.name, "pid": c.pid, "exe": c.argv[0], "log": str(c.log)}
                for c in self.components
            ],
        }
        path = self.state_dir / "state.json"
        path.write_text(json.dumps(state, indent=2) + "\n")
        return path


def kill_leftover_pods(pods_dir: Path) -> int:
    """Kill pod process groups the node agent left behind (it normally stops them itself)."""
    killed = 0
    if not pods_dir.is_dir():
        return 0
    for pidfile in pods_dir.glob("*/*.pid"):
        try:
            pgid = int(pidfile.read_text().strip())
        except (OSError, ValueError):
            continue
        marker = f"DEVCLUSTER_POD_DIR={pidfile.parent}"
        if pid_alive(pgid) and environ_has(pgid, marker):
            stop_group(pgid, timeout=5)
            killed += 1
        with contextlib.suppress(OSError):
            pidfile.unlink()
    return killed


def stop_from_state(state_dir: Path) -> list[str]:
    """Stop the processes recorded in ``state_dir/state.json`` (the ``down`` CLI)."""
    path = state_dir / "state.json"
    stopped: list[str] = []
    if not path.exists():
        kill_leftover_pods(state_dir / "pods")
        return stopped
    state = json.loads(path.read_text())
    for comp in reversed(state.get("components", [])):
        pid = int(comp["pid"])
        argv = cmdline(pid)
        # Only signal a process that is still the one we started (pids get reused).
        if pid_alive(pid) and argv and (argv[0] == comp["exe"] or comp["exe"] in argv[:1]):
            stop_group(pid, timeout=15 if comp["name"] == "node-agent" else 10)
            stopped.append(comp["name"])
    kill_leftover_pods(state_dir / "pods")
    # Keep logs/ and pods/ for a look afterwards; drop the data and the credentials.
    for sub in (
        "etcd",
        "pki",
        "kubeconfigs",
        "apiserver-certs",
        "controller-manager-certs",
        "scheduler-certs",
    ):
        shutil.rmtree(state_dir / sub, ignore_errors=True)
    with contextlib.suppress(OSError):
        (state_dir / "kubeconfig").unlink()
    path.unlink()
    return stopped


def running_state(state_dir: Path) -> dict[str, Any] | None:
    """The recorded state if every recorded component is still alive."""
    path = state_dir / "state.json"
    if not path.exists():
        return None
    try:
        state: dict[str, Any] = json.loads(path.read_text())
    except ValueError:
        return None
    comps = state.get("components", [])
    if comps and all(pid_alive(int(c["pid"])) for c in comps):
        return state
    return None


__all__ = [
    "ClusterError",
    "Component",
    "ControlPlane",
    "ExternalCluster",
    "KubeClusterBase",
    "check_binaries",
    "pinned_kubernetes_version",
    "running_state",
    "stop_from_state",
]

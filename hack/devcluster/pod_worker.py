"""One pod on the process node: its environment, service-account token, containers as local
processes, restarts, deadline, termination and the status it reports (see ``node_agent`` for
the agent that watches pods and hands each one to a ``PodWorker``)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import logging
import math
import os
import re
import shutil
import signal
import subprocess
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from .agent_api import JSON, SMP, Api, ApiError, now_rfc3339, parse_time
from .kubeconfig import write_kubeconfig
from .procs import child_setup

log = logging.getLogger("devcluster.node_agent")

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
MAX_TERMINATION_MESSAGE = 4096
FALLBACK_LOG_LINES = 80
FALLBACK_LOG_BYTES = 2048


# -- quantities ----------------------------------------------------------------------------

_SUFFIXES = {
    "Ki": Decimal(1024),
    "Mi": Decimal(1024**2),
    "Gi": Decimal(1024**3),
    "Ti": Decimal(1024**4),
    "Pi": Decimal(1024**5),
    "Ei": Decimal(1024**6),
    "n": Decimal("1e-9"),
    "u": Decimal("1e-6"),
    "m": Decimal("1e-3"),
    "": Decimal(1),
    "k": Decimal(10**3),
    "M": Decimal(10**6),
    "G": Decimal(10**9),
    "T": Decimal(10**12),
    "P": Decimal(10**15),
    "E": Decimal(10**18),
}


def parse_quantity(q: str | int | float) -> Decimal:
    """Parse a Kubernetes resource quantity (``500m``, ``1Gi``, ``2e3``) into a number."""
    s = str(q).strip()
    m = re.fullmatch(r"([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)", s)
    if not m or m.group(2) not in _SUFFIXES:
        raise ValueError(f"invalid quantity {q!r}")
    return Decimal(m.group(1)) * _SUFFIXES[m.group(2)]


# -- pod helpers ---------------------------------------------------------------------------


class ConfigError(Exception):
    """The container's configuration cannot be resolved yet (CreateContainerConfigError)."""


_VAR_REF = re.compile(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")


def expand(value: str, env: dict[str, str]) -> str:
    """Kubernetes ``$(VAR)`` expansion: known variables are replaced, ``$$`` escapes ``$``."""

    def repl(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group(1)
        return env[name] if name in env else m.group(0)

    return _VAR_REF.sub(repl, value)


def _field_path(pod: JSON, path: str) -> str:
    meta = pod.get("metadata", {})
    m = re.fullmatch(r"metadata\.(labels|annotations)\['(.+)'\]", path)
    if m:
        return str((meta.get(m.group(1)) or {}).get(m.group(2), ""))
    simple = {
        "metadata.name": meta.get("name"),
        "metadata.namespace": meta.get("namespace"),
        "metadata.uid": meta.get("uid"),
        "spec.nodeName": pod.get("spec", {}).get("nodeName"),
        "spec.serviceAccountName": pod.get("spec", {}).get("serviceAccountName"),
        "status.hostIP": "127.0.0.1",
        "status.hostIPs": "127.0.0.1",
        "status.podIP": "127.0.0.1",
        "status.podIPs": "127.0.0.1",
    }
    if path in simple:
        return str(simple[path] or "")
    if path in ("metadata.labels", "metadata.annotations"):
        items = meta.get(path.split(".")[1]) or {}
        return "\n".join(f'{k}="{v}"' for k, v in sorted(items.items()))
    raise ConfigError(f"unsupported fieldRef fieldPath {path!r}")


@dataclass
class ContainerRun:
    """Runtime state of one container of a pod."""

    spec: JSON
    restart_count: int = 0
    state: JSON = field(default_factory=lambda: {"waiting": {"reason": "ContainerCreating"}})
    last_state: JSON = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None
    container_id: str = ""
    started: bool = False

    @property
    def name(self) -> str:
        return str(self.spec["name"])

    def status(self) -> JSON:
        running = "running" in self.state
        status: JSON = {
            "name": self.name,
            "image": self.spec.get("image", ""),
            "imageID": f"devcluster://{self.spec.get('image', '')}",
            "ready": running,
            "started": running,
            "restartCount": self.restart_count,
            # null entries delete the other states in the strategic merge patch.
            "state": {k: self.state.get(k) for k in ("waiting", "running", "terminated")},
            "lastState": {k: self.last_state.get(k) for k in ("waiting", "running", "terminated")},
        }
        if self.container_id:
            status["containerID"] = self.container_id
        return status


class PodHost(Protocol):
    """What a pod worker needs of the agent that runs it (``NodeAgent``)."""

    api: Api
    pods_dir: Path
    path_prepend: list[str]
    allocatable: dict[str, str]
    restart_backoff: float
    server: str
    server_port: int
    ca_pem: bytes

    async def final_delete(self, w: PodWorker) -> None: ...


class PodWorker:
    """Runs one pod: prepares its environment, runs its containers, reports its status."""

    def __init__(self, agent: PodHost, pod: JSON):
        self.agent = agent
        self.pod = pod
        meta = pod["metadata"]
        self.namespace: str = meta["namespace"]
        self.name: str = meta["name"]
        self.uid: str = meta["uid"]
        self.dir = agent.pods_dir / f"{self.namespace}_{self.name}_{self.uid}"
        spec = pod.get("spec", {})
        self.restart_policy: str = spec.get("restartPolicy", "Always")
        self.containers = [ContainerRun(spec=c) for c in spec.get("containers", [])]
        self.phase = "Pending"
        self.reason: str | None = None
        self.message: str | None = None
        self.start_time: str = (pod.get("status") or {}).get("startTime") or now_rfc3339()
        self.conditions: dict[str, JSON] = {}
        self.stop_event = asyncio.Event()
        self.stop_reason: str | None = None
        self.stop_grace: float = 30.0
        self.done = asyncio.Event()
        self.gone = False  # the pod object no longer exists
        self.deleting = False
        self.final_delete_sent = False
        self.task: asyncio.Task[None] | None = None
        self._status_lock = asyncio.Lock()
        self._token_task: asyncio.Task[None] | None = None

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"

    # -- status --------------------------------------------------------------------------

    def _set_condition(
        self, ctype: str, status: bool, reason: str | None = None, message: str | None = None
    ) -> None:
        value = "True" if status else "False"
        old = self.conditions.get(ctype)
        cond: JSON = {
            "type": ctype,
            "status": value,
            "lastProbeTime": None,
            "lastTransitionTime": old["lastTransitionTime"]
            if old and old["status"] == value
            else now_rfc3339(),
            "reason": reason,
            "message": message,
        }
        self.conditions[ctype] = cond

    def _refresh_conditions(self) -> None:
        self._set_condition("PodReadyToStartContainers", True)
        self._set_condition("Initialized", True)
        not_ready = [c.name for c in self.containers if "running" not in c.state]
        if self.phase == "Succeeded":
            self._set_condition("ContainersReady", False, "PodCompleted")
            self._set_condition("Ready", False, "PodCompleted")
        elif self.phase == "Failed" and self.reason == "DeadlineExceeded":
            self._set_condition("ContainersReady", False, "PodFailed")
            self._set_condition("Ready", False, "PodFailed")
        elif not_ready:
            msg = f"containers with unready status: [{' '.join(not_ready)}]"
            self._set_condition("ContainersReady", False, "ContainersNotReady", msg)
            self._set_condition("Ready", False, "ContainersNotReady", msg)
        else:
            self._set_condition("ContainersReady", True)
            self._set_condition("Ready", True)

    def build_status(self) -> JSON:
        self._refresh_conditions()
        status: JSON = {
            "phase": self.phase,
            "hostIP": "127.0.0.1",
            "hostIPs": [{"ip": "127.0.0.1"}],
            "podIP": "127.0.0.1",
            "podIPs": [{"ip": "127.0.0.1"}],
            "startTime": self.start_time,
            "conditions": list(self.conditions.values()),
            "containerStatuses": [c.status() for c in self.containers],
            "reason": self.reason,
            "message": self.message,
        }
        existing = {c.get("type") for c in (self.pod.get("status") or {}).get("conditions", [])}
        if "PodScheduled" not in existing:
            status["conditions"].append(
                {"type": "PodScheduled", "status": "True", "lastTransitionTime": self.start_time}
            )
        return status

    async def sync_status(self) -> None:
        if self.gone:
            return
        async with self._status_lock:
            body = {"status": self.build_status()}
            path = f"/api/v1/namespaces/{self.namespace}/pods/{self.name}/status"
            try:
                await self.agent.api.request("PATCH", path, body=body, content_type=SMP)
            except ApiError as e:
                if e.status == 404:
                    self.gone = True
                    return
                log.warning("%s: status update failed: %s", self.key, e)

    # -- lifecycle -----------------------------------------------------------------------

    def request_stop(self, reason: str, grace: float) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
            self.stop_grace = max(0.0, grace)
        else:
            self.stop_grace = min(self.stop_grace, max(0.0, grace))
        self.stop_event.set()

    async def run(self) -> None:
        try:
            await self._run()
        except asyncio.CancelledError:
            await self._kill_all(grace=3.0)
            raise
        except Exception:
            log.exception("%s: pod worker crashed", self.key)
            await self._kill_all(grace=3.0)
            self.phase = "Failed"
            self.reason = "NodeAgentError"
            self.message = "the devcluster node agent failed to run this pod; see node-agent.log"
            await self.sync_status()
        finally:
            if self._token_task is not None:
                self._token_task.cancel()
            self.done.set()
            if self.deleting and not self.gone:
                await self.agent.final_delete(self)

    async def _run(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "uid").write_text(self.uid + "\n")
        previous = (self.pod.get("status") or {}).get("containerStatuses") or []
        if any("running" in (s.get("state") or {}) or s.get("restartCount") for s in previous):
            # Started by an earlier agent whose processes are gone (like a node reboot).
            self._restore(previous)
            if self.restart_policy == "Never":
                for c in self.containers:
                    if "terminated" not in c.state:
                        c.state = {
                            "terminated": {
                                "exitCode": 137,
                                "reason": "ContainerStatusUnknown",
                                "message": "The container could not be located when the pod was terminated",
                                "startedAt": None,
                                "finishedAt": now_rfc3339(),
                            }
                        }
                self._finish_phase()
                await self.sync_status()
                return
        await self.sync_status()
        deadline = self.pod.get("spec", {}).get("activeDeadlineSeconds")
        deadline_task: asyncio.Task[None] | None = None
        if deadline is not None:
            deadline_task = asyncio.create_task(self._deadline(int(deadline)))
        try:
            envs = await self._prepare()
            if envs is None:  # stopped before the containers could start
                await self._finish_stopped()
                return
            await asyncio.gather(*(self._run_container(c, envs[c.name]) for c in self.containers))
        finally:
            if deadline_task is not None:
                deadline_task.cancel()
        if self.stop_reason == "DeadlineExceeded":
            self.phase = "Failed"
            self.reason = "DeadlineExceeded"
            self.message = "Pod was active on the node longer than the specified deadline"
        else:
            self._finish_phase()
        await self.sync_status()

    def _restore(self, previous: list[JSON]) -> None:
        by_name = {s.get("name"): s for s in previous}
        for c in self.containers:
            s = by_name.get(c.name)
            if s:
                c.restart_count = int(s.get("restartCount") or 0)
                c.last_state = s.get("lastState") or {}
                if "terminated" in (s.get("state") or {}):
                    c.state = s["state"]

    def _finish_phase(self) -> None:
        codes = [c.state.get("terminated", {}).get("exitCode") for c in self.containers]
        self.phase = "Succeeded" if all(code == 0 for code in codes) else "Failed"

    async def _finish_stopped(self) -> None:
        for c in self.containers:
            if "terminated" not in c.state:
                c.state = {
                    "terminated": {
                        "exitCode": 137,
                        "reason": "ContainerStatusUnknown",
                        "message": "The container was never started",
                        "startedAt": None,
                        "finishedAt": now_rfc3339(),
                    }
                }
        if self.stop_reason == "DeadlineExceeded":
            self.phase = "Failed"
            self.reason = "DeadlineExceeded"
            self.message = "Pod was active on the node longer than the specified deadline"
        else:
            self.phase = "Failed"
        await self.sync_status()

    async def _deadline(self, seconds: int) -> None:
        started = parse_time(self.start_time)
        remaining = seconds - (dt.datetime.now(dt.UTC) - started).total_seconds()
        await asyncio.sleep(max(0.0, remaining))
        log.info("%s: activeDeadlineSeconds=%s exceeded", self.key, seconds)
        self.request_stop(
            "DeadlineExceeded",
            grace=float(self.pod["spec"].get("terminationGracePeriodSeconds", 30)),
        )

    async def _wait_stop(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when a stop was requested meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop_event.wait(), timeout=seconds)
        return self.stop_event.is_set()

    async def _prepare(self) -> dict[str, dict[str, str]] | None:
        """Token, kubeconfig and every container's environment; retried until it works."""
        delay = 1.0
        while True:
            if self.stop_event.is_set():
                return None
            try:
                sa_env = await self._setup_service_account()
                envs = {c.name: await self._container_env(c, sa_env) for c in self.containers}
                return envs
            except ConfigError as e:
                msg = str(e)
            except ApiError as e:
                msg = f"API error while preparing the pod: {e}"
            log.info("%s: %s", self.key, msg)
            for c in self.containers:
                c.state = {"waiting": {"reason": "CreateContainerConfigError", "message": msg}}
            await self.sync_status()
            if await self._wait_stop(delay):
                return None
            delay = min(delay * 2, 10.0)

    # -- service account -----------------------------------------------------------------

    def _token_projection(self) -> JSON | None:
        for vol in self.pod.get("spec", {}).get("volumes") or []:
            for src in (vol.get("projected") or {}).get("sources") or []:
                if "serviceAccountToken" in src:
                    projection: JSON = src["serviceAccountToken"]
                    return projection
        return None

    async def _request_token(self, projection: JSON) -> tuple[str, float]:
        sa = self.pod["spec"].get("serviceAccountName") or "default"
        spec: JSON = {
            "expirationSeconds": int(projection.get("expirationSeconds") or 3600),
            "boundObjectRef": {
                "apiVersion": "v1",
                "kind": "Pod",
                "name": self.name,
                "uid": self.uid,
            },
        }
        if projection.get("audience"):
            spec["audiences"] = [projection["audience"]]
        body = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": spec}
        path = f"/api/v1/namespaces/{self.namespace}/serviceaccounts/{sa}/token"
        last: ApiError | None = None
        # The Node authorizer learns about a newly bound pod asynchronously: retry 403/404.
        for _ in range(40):
            try:
                result = await self.agent.api.request("POST", path, body=body)
                status = result["status"]
                expires = parse_time(status["expirationTimestamp"]).timestamp()
                return str(status["token"]), expires
            except ApiError as e:
                if e.status not in (403, 404):
                    raise
                last = e
                if await self._wait_stop(0.5):
                    break
        raise ConfigError(f"cannot get a token for service account {sa}: {last}")

    def _write_token(self, token: str) -> None:
        sa_dir = self.dir / "serviceaccount"
        tmp = sa_dir / ".token.tmp"
        tmp.write_text(token)
        tmp.chmod(0o600)
        tmp.replace(sa_dir / "token")
        write_kubeconfig(
            self.dir / "kubeconfig",
            server=self.agent.server,
            ca_file=sa_dir / "ca.crt",
            user=f"system:serviceaccount:{self.namespace}:{self.pod['spec'].get('serviceAccountName') or 'default'}",
            token=token,
            token_file=sa_dir / "token",
            namespace=self.namespace,
        )

    async def _setup_service_account(self) -> dict[str, str]:
        env = {
            "KUBERNETES_SERVICE_HOST": "127.0.0.1",
            "KUBERNETES_SERVICE_PORT": str(self.agent.server_port),
            "KUBERNETES_SERVICE_PORT_HTTPS": str(self.agent.server_port),
            "KUBERNETES_PORT": f"tcp://127.0.0.1:{self.agent.server_port}",
        }
        projection = self._token_projection()
        if projection is None:
            return env
        sa_dir = self.dir / "serviceaccount"
        sa_dir.mkdir(parents=True, exist_ok=True)
        (sa_dir / "ca.crt").write_bytes(self.agent.ca_pem)
        (sa_dir / "namespace").write_text(self.namespace)
        token, expires = await self._request_token(projection)
        self._write_token(token)
        if self._token_task is None:
            self._token_task = asyncio.create_task(self._refresh_token(projection, expires))
        env["KUBE_SA_DIR"] = str(sa_dir)
        env["KUBECONFIG"] = str(self.dir / "kubeconfig")
        return env

    async def _refresh_token(self, projection: JSON, expires: float) -> None:
        while True:
            lifetime = expires - dt.datetime.now(dt.UTC).timestamp()
            await asyncio.sleep(max(5.0, lifetime * 0.8))
            try:
                token, expires = await self._request_token(projection)
                self._write_token(token)
            except (ApiError, ConfigError) as e:
                log.warning("%s: token refresh failed: %s", self.key, e)
                expires = dt.datetime.now(dt.UTC).timestamp() + 30

    # -- environment ---------------------------------------------------------------------

    async def _get_object(self, kind: str, name: str, optional: bool) -> dict[str, str] | None:
        path = f"/api/v1/namespaces/{self.namespace}/{kind}/{name}"
        obj = await self.agent.api.get(path)
        if obj is None:
            if optional:
                return None
            raise ConfigError(f'{kind[:-1]} "{name}" not found')
        data: dict[str, str] = dict(obj.get("data") or {})
        if kind == "secrets":
            data = {k: base64.b64decode(v).decode(errors="replace") for k, v in data.items()}
        elif obj.get("binaryData"):
            for k, v in obj["binaryData"].items():
                data[k] = base64.b64decode(v).decode(errors="replace")
        return data

    def _resource_value(self, container: ContainerRun, ref: JSON) -> str:
        target = container
        if ref.get("containerName"):
            target = next((c for c in self.containers if c.name == ref["containerName"]), container)
        resource: str = ref["resource"]
        kind, _, res = resource.partition(".")
        value = ((target.spec.get("resources") or {}).get(kind) or {}).get(res)
        if value is None:
            value = self.agent.allocatable.get(res, "0")
        divisor = parse_quantity(ref.get("divisor") or "1")
        return str(math.ceil(parse_quantity(value) / divisor))

    async def _container_env(self, c: ContainerRun, sa_env: dict[str, str]) -> dict[str, str]:
        env: dict[str, str] = {
            "PATH": os.pathsep.join([*self.agent.path_prepend, SYSTEM_PATH]),
            "HOME": str(self.dir),
            "HOSTNAME": self.name,
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "DEVCLUSTER_POD_DIR": str(self.dir),
            "TERMINATION_MESSAGE_PATH": str(self.dir / f"{c.name}.termination-log"),
            **sa_env,
        }
        declared: dict[str, str] = {}
        for src in c.spec.get("envFrom") or []:
            prefix = src.get("prefix", "")
            if "configMapRef" in src:
                ref = src["configMapRef"]
                data = await self._get_object("configmaps", ref["name"], bool(ref.get("optional")))
            elif "secretRef" in src:
                ref = src["secretRef"]
                data = await self._get_object("secrets", ref["name"], bool(ref.get("optional")))
            else:
                continue
            for k, v in (data or {}).items():
                declared[prefix + k] = v
        for item in c.spec.get("env") or []:
            name = item["name"]
            if "valueFrom" not in item:
                declared[name] = expand(item.get("value", ""), {**env, **declared})
                continue
            vf = item["valueFrom"]
            if "fieldRef" in vf:
                declared[name] = _field_path(self.pod, vf["fieldRef"]["fieldPath"])
            elif "resourceFieldRef" in vf:
                declared[name] = self._resource_value(c, vf["resourceFieldRef"])
            elif "configMapKeyRef" in vf or "secretKeyRef" in vf:
                kind, ref = (
                    ("configmaps", vf["configMapKeyRef"])
                    if "configMapKeyRef" in vf
                    else ("secrets", vf["secretKeyRef"])
                )
                optional = bool(ref.get("optional"))
                data = await self._get_object(kind, ref["name"], optional)
                if data is None:
                    continue
                if ref["key"] not in data:
                    if optional:
                        continue
                    raise ConfigError(
                        f"couldn't find key {ref['key']} in {kind[:-1]} {self.namespace}/{ref['name']}"
                    )
                declared[name] = data[ref["key"]]
            else:
                raise ConfigError(f"unsupported valueFrom in env {name!r}")
        env.update(declared)
        return env

    # -- containers ----------------------------------------------------------------------

    def _argv(self, c: ContainerRun, env: dict[str, str]) -> list[str]:
        command = [expand(a, env) for a in c.spec.get("command") or []]
        args = [expand(a, env) for a in c.spec.get("args") or []]
        # There is no image: without a command, the args are the whole command line.
        return command + args

    def _cwd(self, c: ContainerRun) -> Path:
        wd = c.spec.get("workingDir")
        if wd and Path(wd).is_dir():
            return Path(wd)
        return self.dir

    async def _run_container(self, c: ContainerRun, env: dict[str, str]) -> None:
        backoff = self.agent.restart_backoff
        while True:
            exit_code = await self._run_once(c, env)
            if self.stop_event.is_set():
                return
            restart = self.restart_policy == "Always" or (
                self.restart_policy == "OnFailure" and exit_code != 0
            )
            if not restart:
                return
            c.last_state = c.state
            c.restart_count += 1
            c.state = {
                "waiting": {
                    "reason": "CrashLoopBackOff",
                    "message": f"back-off {backoff:g}s restarting failed container={c.name} pod={self.name}",
                }
            }
            await self.sync_status()
            if await self._wait_stop(backoff):
                c.state = c.last_state
                return
            backoff = min(backoff * 2, 300.0)

    async def _run_once(self, c: ContainerRun, env: dict[str, str]) -> int:
        argv = self._argv(c, env)
        log_path = self.dir / f"{c.name}.log"
        msg_path = Path(env["TERMINATION_MESSAGE_PATH"])
        msg_path.write_text("")
        started_at = now_rfc3339()
        exe = None
        if argv:
            exe = argv[0] if "/" in argv[0] else shutil.which(argv[0], path=env["PATH"])
        if exe is None:
            reason = (
                f'exec: "{argv[0]}": executable file not found in $PATH'
                if argv
                else "no command: the devcluster node agent ignores images, so a container needs command or args"
            )
            c.state = {
                "terminated": {
                    "exitCode": 128,
                    "reason": "StartError",
                    "message": reason,
                    "startedAt": started_at,
                    "finishedAt": now_rfc3339(),
                }
            }
            await self.sync_status()
            return 128
        with open(log_path, "ab") as logf:
            try:
                proc = await asyncio.create_subprocess_exec(
                    exe,
                    *argv[1:],
                    stdin=subprocess.DEVNULL,
                    stdout=logf,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=str(self._cwd(c)),
                    preexec_fn=child_setup(detach=False),
                )
            except OSError as e:
                c.state = {
                    "terminated": {
                        "exitCode": 128,
                        "reason": "StartError",
                        "message": str(e),
                        "startedAt": started_at,
                        "finishedAt": now_rfc3339(),
                    }
                }
                await self.sync_status()
                return 128
        c.proc = proc
        c.container_id = f"process://{uuid.uuid4().hex}"
        (self.dir / f"{c.name}.pid").write_text(f"{proc.pid}\n")
        c.state = {"running": {"startedAt": started_at}}
        if self.phase == "Pending":
            self.phase = "Running"
        await self.sync_status()
        wait_exit = asyncio.create_task(proc.wait())
        wait_stop = asyncio.create_task(self.stop_event.wait())
        try:
            await asyncio.wait({wait_exit, wait_stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            wait_stop.cancel()
        if not wait_exit.done():
            await self._kill(proc, self.stop_grace)
        code = await wait_exit
        c.proc = None
        with contextlib.suppress(OSError):
            (self.dir / f"{c.name}.pid").unlink()
        exit_code = code if code >= 0 else 128 - code
        message = self._termination_message(c, msg_path, log_path, exit_code)
        terminated: JSON = {
            "exitCode": exit_code,
            "reason": "Completed" if exit_code == 0 else "Error",
            "startedAt": started_at,
            "finishedAt": now_rfc3339(),
            "containerID": c.container_id,
        }
        if code < 0:
            terminated["signal"] = -code
        if message:
            terminated["message"] = message
        c.state = {"terminated": terminated}
        log.info("%s: container %s exited with %s", self.key, c.name, exit_code)
        await self.sync_status()
        return exit_code

    def _termination_message(
        self, c: ContainerRun, msg_path: Path, log_path: Path, exit_code: int
    ) -> str:
        try:
            message = msg_path.read_bytes()[:MAX_TERMINATION_MESSAGE].decode(errors="replace")
        except OSError:
            message = ""
        policy = c.spec.get("terminationMessagePolicy", "File")
        if not message and exit_code != 0 and policy == "FallbackToLogsOnError":
            try:
                data = log_path.read_bytes()
            except OSError:
                data = b""
            lines = data.splitlines()[-FALLBACK_LOG_LINES:]
            message = b"\n".join(lines)[-FALLBACK_LOG_BYTES:].decode(errors="replace")
        return message

    async def _kill(self, proc: asyncio.subprocess.Process, grace: float) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), timeout=grace)
        # SIGKILL the group in any case: children of the main process may remain.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    async def _kill_all(self, grace: float) -> None:
        procs = [c.proc for c in self.containers if c.proc is not None]
        await asyncio.gather(*(self._kill(p, grace) for p in procs), return_exceptions=True)

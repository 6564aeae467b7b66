"""A process "kubelet" for the dev cluster: registers a Node and runs its pods as processes.

Test and dev tooling only (not part of the operator). It

* registers a Node (default ``local-node``) that stays Ready: a ``coordination.k8s.io``
  Lease in ``kube-node-lease`` renewed every 10 s and the node status every 30 s;
* lists and watches the pods bound to it (``fieldSelector=spec.nodeName=<node>``) and runs
  each container's ``command`` + ``args`` as a local process in its own process group (the
  image is ignored: executables are looked up on a PATH whose first entries are the
  project's virtualenv and hack/bin);
* gives each process the container's environment (plain values, ``fieldRef``,
  ``resourceFieldRef``, ``configMapKeyRef``, ``secretKeyRef``, ``envFrom``, ``$(VAR)``
  expansion), a working service-account token, a termination-message file, and the
  container's ``workingDir`` when that directory exists;
* reports pod phase, conditions and container statuses; honours ``restartPolicy``
  (Never / OnFailure / Always, with exponential back-off), ``activeDeadlineSeconds``
  (reason ``DeadlineExceeded``) and deletion (SIGTERM to the process group, SIGKILL after
  the grace period, then the final grace-period-0 delete, as the kubelet does).

Service-account token ("projected volume"). Pods cannot see
``/var/run/secrets/kubernetes.io/serviceaccount``, so for a pod with the usual projected
``serviceAccountToken`` volume the agent requests a token with the TokenRequest API (bound
to the pod, audience and expiry from the projection, refreshed at 80 % of its lifetime) and
writes ``token``, ``ca.crt`` and ``namespace`` into ``<pod dir>/serviceaccount/``. The
process gets:

* ``KUBE_SA_DIR`` = that directory (what in-cluster loaders would read at the fixed path);
* ``KUBECONFIG`` = ``<pod dir>/kubeconfig``: server, CA, ``token`` and ``tokenFile`` and the
  pod's namespace, so ``kubernetes.config.load_kube_config()``, kopf and kubectl just work;
* ``KUBERNETES_SERVICE_HOST=127.0.0.1`` and ``KUBERNETES_SERVICE_PORT(_HTTPS)`` = the API
  server's port (the ``kubernetes`` Service's ClusterIP is not routable here).

Other per-pod variables: ``TERMINATION_MESSAGE_PATH`` (write the termination message
there; ``terminationMessagePolicy: FallbackToLogsOnError`` uses the log tail instead when
it is empty and the container failed), ``DEVCLUSTER_POD_DIR``, ``HOSTNAME`` (= pod name).
Logs: ``<pods dir>/<namespace>_<pod>_<uid>/<container>.log`` (stdout and stderr together).

This module is the agent's loop: the Node, its Lease and status, the pod watch, and the
service proxy's view of running pods. Each pod is run by a ``pod_worker.PodWorker``; API
access is ``agent_api.Api``.

Run: ``python -m devcluster.node_agent --kubeconfig node.kubeconfig --pods-dir DIR``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import shutil
import signal
import sys
import uuid
from collections.abc import Awaitable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from .agent_api import JSON, MERGE, SMP, Api, ApiError, now_micro, now_rfc3339
from .kubeconfig import load_credentials
from .pod_worker import PodWorker
from .service_proxy import ServiceProxy

log = logging.getLogger("devcluster.node_agent")

LEASE_SECONDS = 40
LEASE_RENEW_SECONDS = 10
STATUS_SECONDS = 30


class NodeAgent:
    def __init__(
        self,
        api: Api,
        *,
        node_name: str,
        pods_dir: Path,
        path_prepend: list[str],
        capacity: dict[str, str],
        restart_backoff: float = 2.0,
    ):
        self.api = api
        self.node_name = node_name
        self.pods_dir = pods_dir
        self.path_prepend = path_prepend
        self.allocatable = capacity
        self.restart_backoff = restart_backoff
        self.server = api.creds.server
        self.server_port = int(self.server.rsplit(":", 1)[1].split("/")[0])
        self.ca_pem = api.creds.ca_pem or b""
        self.workers: dict[str, PodWorker] = {}
        self.stopping = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self.kubelet_version = "v0.0.0"
        self._transition_time = now_rfc3339()
        self._boot_id = str(uuid.uuid4())

    def spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- node ----------------------------------------------------------------------------

    def node_status(self) -> JSON:
        t = now_rfc3339()

        def cond(ctype: str, status: str, reason: str, message: str) -> JSON:
            return {
                "type": ctype,
                "status": status,
                "reason": reason,
                "message": message,
                "lastHeartbeatTime": t,
                "lastTransitionTime": self._transition_time,
            }

        return {
            "capacity": self.allocatable,
            "allocatable": self.allocatable,
            "conditions": [
                cond(
                    "MemoryPressure",
                    "False",
                    "KubeletHasSufficientMemory",
                    "kubelet has sufficient memory available",
                ),
                cond(
                    "DiskPressure",
                    "False",
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                ),
                cond(
                    "PIDPressure",
                    "False",
                    "KubeletHasSufficientPID",
                    "kubelet has sufficient PID available",
                ),
                cond(
                    "Ready", "True", "KubeletReady", "devcluster node agent is posting ready status"
                ),
            ],
            "addresses": [
                {"type": "InternalIP", "address": "127.0.0.1"},
                {"type": "Hostname", "address": self.node_name},
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 0}},
            "nodeInfo": {
                "machineID": uuid.uuid5(uuid.NAMESPACE_DNS, self.node_name).hex,
                "systemUUID": str(uuid.uuid5(uuid.NAMESPACE_DNS, self.node_name)),
                "bootID": self._boot_id,
                "kernelVersion": platform.release(),
                "osImage": "devcluster process node",
                "containerRuntimeVersion": "devcluster-process://1",
                "kubeletVersion": self.kubelet_version,
                "kubeProxyVersion": "",
                "operatingSystem": "linux",
                "architecture": {"x86_64": "amd64", "aarch64": "arm64"}.get(
                    platform.machine(), platform.machine()
                ),
            },
        }

    async def register(self) -> None:
        version = await self.api.get("/version")
        if version:
            self.kubelet_version = str(version.get("gitVersion", "v0.0.0"))
        arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
        node = {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "name": self.node_name,
                "labels": {
                    "kubernetes.io/hostname": self.node_name,
                    "kubernetes.io/os": "linux",
                    "kubernetes.io/arch": arch,
                    "devcluster/process-node": "true",
                },
            },
            "spec": {},
        }
        try:
            await self.api.request("POST", "/api/v1/nodes", body=node)
            log.info("registered node %s", self.node_name)
        except ApiError as e:
            if e.status != 409:
                raise
            log.info("node %s already registered", self.node_name)
        await self.update_node_status()
        await self.renew_lease()

    async def update_node_status(self) -> None:
        await self.api.request(
            "PATCH",
            f"/api/v1/nodes/{self.node_name}/status",
            body={"status": self.node_status()},
            content_type=SMP,
        )

    async def renew_lease(self) -> None:
        path = f"/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/{self.node_name}"
        spec = {
            "holderIdentity": self.node_name,
            "leaseDurationSeconds": LEASE_SECONDS,
            "renewTime": now_micro(),
        }
        try:
            await self.api.request("PATCH", path, body={"spec": spec}, content_type=MERGE)
        except ApiError as e:
            if e.status != 404:
                raise
            node = await self.api.get(f"/api/v1/nodes/{self.node_name}")
            owner = (
                [
                    {
                        "apiVersion": "v1",
                        "kind": "Node",
                        "name": self.node_name,
                        "uid": node["metadata"]["uid"],
                    }
                ]
                if node
                else []
            )
            lease = {
                "apiVersion": "coordination.k8s.io/v1",
                "kind": "Lease",
                "metadata": {
                    "name": self.node_name,
                    "namespace": "kube-node-lease",
                    "ownerReferences": owner,
                },
                "spec": spec,
            }
            await self.api.request(
                "POST", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", body=lease
            )

    async def heartbeat(self) -> None:
        since_status = 0.0
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), timeout=LEASE_RENEW_SECONDS)
            if self.stopping.is_set():
                return
            try:
                await self.renew_lease()
                since_status += LEASE_RENEW_SECONDS
                if since_status >= STATUS_SECONDS:
                    since_status = 0.0
                    await self.update_node_status()
            except ApiError as e:
                log.warning("heartbeat failed: %s", e)

    # -- pods ----------------------------------------------------------------------------

    async def final_delete(self, w: PodWorker) -> None:
        """The kubelet's last word on a deleted pod: delete it with grace period 0."""
        if w.final_delete_sent or w.gone:
            return
        w.final_delete_sent = True
        body = {
            "apiVersion": "v1",
            "kind": "DeleteOptions",
            "gracePeriodSeconds": 0,
            "preconditions": {"uid": w.uid},
        }
        try:
            await self.api.request(
                "DELETE", f"/api/v1/namespaces/{w.namespace}/pods/{w.name}", body=body
            )
        except ApiError as e:
            if e.status not in (404, 409):
                log.warning("%s: final delete failed: %s", w.key, e)

    async def _delete_terminal(self, pod: JSON) -> None:
        meta = pod["metadata"]
        body = {"gracePeriodSeconds": 0, "preconditions": {"uid": meta["uid"]}}
        with contextlib.suppress(ApiError):
            await self.api.request(
                "DELETE", f"/api/v1/namespaces/{meta['namespace']}/pods/{meta['name']}", body=body
            )

    def on_pod(self, event: str, pod: JSON) -> None:
        meta = pod.get("metadata", {})
        uid = meta.get("uid")
        if not uid:
            return
        w = self.workers.get(uid)
        if event == "DELETED":
            if w is not None:
                w.gone = True
                w.request_stop("deleted", 0.0)
                self.spawn(self._forget(w))
            return
        deleting = bool(meta.get("deletionTimestamp"))
        grace = float(meta.get("deletionGracePeriodSeconds") or 0)
        if w is None:
            phase = (pod.get("status") or {}).get("phase")
            if phase in ("Succeeded", "Failed") or deleting:
                if deleting:
                    self.spawn(self._delete_terminal(pod))
                return
            w = PodWorker(self, pod)
            self.workers[uid] = w
            log.info("starting pod %s", w.key)
            w.task = asyncio.create_task(w.run())
            return
        w.pod = pod
        if deleting and not w.deleting:
            w.deleting = True
            log.info("pod %s is being deleted (grace %ss)", w.key, grace)
            if w.done.is_set():
                self.spawn(self.final_delete(w))
            else:
                w.request_stop("deleted", grace)

    async def _forget(self, w: PodWorker) -> None:
        await w.done.wait()
        self.workers.pop(w.uid, None)
        shutil.rmtree(w.dir / "serviceaccount", ignore_errors=True)
        with contextlib.suppress(OSError):
            (w.dir / "kubeconfig").unlink()

    async def watch_pods(self) -> None:
        selector = quote(f"spec.nodeName={self.node_name}")
        while not self.stopping.is_set():
            try:
                listing = await self.api.request("GET", f"/api/v1/pods?fieldSelector={selector}")
                rv = listing["metadata"]["resourceVersion"]
                seen = set()
                for pod in listing.get("items", []):
                    seen.add(pod["metadata"]["uid"])
                    self.on_pod("ADDED", pod)
                for uid, w in list(self.workers.items()):
                    if uid not in seen:
                        self.on_pod("DELETED", w.pod)
                while not self.stopping.is_set():
                    rv = await self._watch_once(selector, rv)
            except _WatchExpired:
                continue
            except (ApiError, httpx.HTTPError, ValueError, KeyError) as e:
                if self.stopping.is_set():
                    return
                log.warning("pod watch failed (%s); relisting", e)
                await asyncio.sleep(1.0)

    async def _watch_once(self, selector: str, rv: str) -> str:
        url = (
            f"/api/v1/pods?watch=1&fieldSelector={selector}&resourceVersion={rv}"
            "&allowWatchBookmarks=true&timeoutSeconds=300"
        )
        async with self.api.client.stream(
            "GET", url, timeout=httpx.Timeout(30.0, read=360.0)
        ) as resp:
            if resp.status_code == 410:
                raise _WatchExpired()
            if resp.status_code != 200:
                raise ApiError(resp.status_code, (await resp.aread()).decode(errors="replace"))
            async for line in resp.aiter_lines():
                if not line.strip():
                    continue
                event = json.loads(line)
                etype = event.get("type")
                obj = event.get("object") or {}
                if etype == "ERROR":
                    if obj.get("code") == 410:
                        raise _WatchExpired()
                    raise ApiError(int(obj.get("code") or 0), json.dumps(obj))
                rv = obj.get("metadata", {}).get("resourceVersion", rv)
                if etype in ("ADDED", "MODIFIED", "DELETED"):
                    self.on_pod(etype, obj)
        return rv

    # -- main ----------------------------------------------------------------------------

    def resolve_service(
        self, namespace: str, selector: dict[str, str], target: int | str
    ) -> int | None:
        """The local port serving a Service's targetPort, if one of its pods is running."""
        for w in self.workers.values():
            if w.namespace != namespace or w.phase != "Running" or w.deleting:
                continue
            labels = w.pod.get("metadata", {}).get("labels") or {}
            if any(labels.get(k) != v for k, v in selector.items()):
                continue
            if isinstance(target, int) or str(target).isdigit():
                return int(target)
            for c in w.containers:
                for port in c.spec.get("ports") or []:
                    if port.get("name") == target:
                        return int(port["containerPort"])
        return None

    async def run(self) -> None:
        self.pods_dir.mkdir(parents=True, exist_ok=True)
        await self.register()
        hb = asyncio.create_task(self.heartbeat())
        watch = asyncio.create_task(self.watch_pods())
        proxy = ServiceProxy(self.api.client, self.resolve_service, self.server_port)
        proxy_task = asyncio.create_task(proxy.run(self.stopping))
        await self.stopping.wait()
        proxy_task.cancel()
        await proxy.close()
        log.info(
            "stopping: killing %d pod(s)",
            sum(1 for w in self.workers.values() if not w.done.is_set()),
        )
        watch.cancel()
        hb.cancel()
        tasks = [w.task for w in self.workers.values() if w.task is not None and not w.task.done()]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, watch, hb, proxy_task, return_exceptions=True)
        for t in list(self._tasks):
            t.cancel()
        await self.api.close()


class _WatchExpired(Exception):
    pass


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m devcluster.node_agent", description=__doc__.split("\n\n")[0]
    )
    p.add_argument(
        "--kubeconfig",
        required=True,
        type=Path,
        help="credentials of the node (system:node:<name>)",
    )
    p.add_argument("--node-name", default="local-node")
    p.add_argument(
        "--pods-dir", required=True, type=Path, help="per-pod directories (logs, token, kubeconfig)"
    )
    p.add_argument(
        "--path-prepend",
        default=str(Path(sys.executable).parent),
        help="directories (os.pathsep-separated) put first on the pods' PATH",
    )
    p.add_argument("--cpu", default="64", help="allocatable cpu")
    p.add_argument("--memory", default="256Gi", help="allocatable memory")
    p.add_argument("--pods", default="1000", help="allocatable pods")
    p.add_argument(
        "--restart-backoff", type=float, default=2.0, help="first restart back-off, seconds"
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    creds = load_credentials(args.kubeconfig)

    async def amain() -> None:
        agent = NodeAgent(
            Api(creds),
            node_name=args.node_name,
            pods_dir=args.pods_dir.resolve(),
            path_prepend=[p for p in args.path_prepend.split(os.pathsep) if p],
            capacity={
                "cpu": args.cpu,
                "memory": args.memory,
                "pods": args.pods,
                "ephemeral-storage": "100Gi",
            },
            restart_backoff=args.restart_backoff,
        )
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.add_signal_handler(sig, agent.stopping.set)
        await agent.run()

    asyncio.run(amain())


if __name__ == "__main__":
    main()

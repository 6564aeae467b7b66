"""A tiny kube-proxy for the process node: ClusterIP:port -> 127.0.0.1:targetPort.

The dev cluster's service CIDR is a loopback range (e.g. 127.96.0.0/16), and every pod of the
node agent listens on the host's loopback, so a Service can be served by listening on its
ClusterIP and port and forwarding each TCP connection to ``127.0.0.1:<targetPort>`` when one
of the Service's pods (selector match, running) is up. Named target ports are resolved from
the matching pods' container ports. ``default/kubernetes`` forwards to the API server.
This is what lets the API server call an admission webhook through ``clientConfig.service``.
Only TCP; Services without a selector (other than ``default/kubernetes``) are not served.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger("devcluster.service_proxy")

JSON = dict[str, Any]
# (namespace, selector, targetPort) -> a local port, or None when no pod serves it.
Resolver = Callable[[str, dict[str, str], int | str], int | None]


@dataclass
class _Target:
    namespace: str
    selector: dict[str, str]
    target_port: int | str
    fixed_port: int | None = None  # default/kubernetes: the API server


class ServiceProxy:
    def __init__(self, client: httpx.AsyncClient, resolve: Resolver, apiserver_port: int):
        self.client = client
        self.resolve = resolve
        self.apiserver_port = apiserver_port
        self.listeners: dict[tuple[str, int], tuple[asyncio.Server, _Target]] = {}
        self.by_service: dict[str, set[tuple[str, int]]] = {}

    # -- desired state -------------------------------------------------------------------

    def _desired(self, svc: JSON) -> dict[tuple[str, int], _Target]:
        meta, spec = svc.get("metadata", {}), svc.get("spec", {})
        ips = [
            ip for ip in (spec.get("clusterIPs") or [spec.get("clusterIP")]) if ip and ip != "None"
        ]
        selector = spec.get("selector") or {}
        is_api = meta.get("namespace") == "default" and meta.get("name") == "kubernetes"
        if not ips or (not selector and not is_api):
            return {}
        out: dict[tuple[str, int], _Target] = {}
        for p in spec.get("ports") or []:
            if p.get("protocol", "TCP") != "TCP":
                continue
            target = _Target(
                namespace=meta["namespace"],
                selector=dict(selector),
                target_port=p.get("targetPort") or p["port"],
                fixed_port=self.apiserver_port if is_api else None,
            )
            for ip in ips:
                if ip.startswith("127."):
                    out[(ip, int(p["port"]))] = target
        return out

    async def apply(self, event: str, svc: JSON) -> None:
        meta = svc.get("metadata", {})
        key = f"{meta.get('namespace')}/{meta.get('name')}"
        desired = {} if event == "DELETED" else self._desired(svc)
        for addr in self.by_service.get(key, set()) - set(desired):
            await self._close(addr)
        for addr, target in desired.items():
            if addr in self.listeners:
                server, _ = self.listeners[addr]
                self.listeners[addr] = (server, target)
                continue
            await self._open(addr, target)
        self.by_service[key] = {a for a in desired if a in self.listeners}
        if not self.by_service[key]:
            del self.by_service[key]

    async def _open(self, addr: tuple[str, int], target: _Target) -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await self._forward(addr, reader, writer)

        try:
            server = await asyncio.start_server(handle, host=addr[0], port=addr[1])
        except OSError as e:
            log.warning("cannot listen on %s:%s for a Service: %s", addr[0], addr[1], e)
            return
        self.listeners[addr] = (server, target)
        log.info("service proxy listening on %s:%s", *addr)

    async def _close(self, addr: tuple[str, int]) -> None:
        entry = self.listeners.pop(addr, None)
        if entry is not None:
            entry[0].close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(entry[0].wait_closed(), timeout=2)

    async def close(self) -> None:
        for addr in list(self.listeners):
            await self._close(addr)

    # -- forwarding ----------------------------------------------------------------------

    async def _forward(
        self, addr: tuple[str, int], reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        entry = self.listeners.get(addr)
        port = None
        if entry is not None:
            t = entry[1]
            port = t.fixed_port or self.resolve(t.namespace, t.selector, t.target_port)
        if port is None:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(
            _pipe(reader, up_writer), _pipe(up_reader, writer), return_exceptions=True
        )
        for w in (writer, up_writer):
            w.close()

    # -- watch ---------------------------------------------------------------------------

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                resp = await self.client.get("/api/v1/services")
                resp.raise_for_status()
                listing = resp.json()
                seen = set()
                for svc in listing.get("items", []):
                    meta = svc["metadata"]
                    seen.add(f"{meta['namespace']}/{meta['name']}")
                    await self.apply("ADDED", svc)
                for key in list(self.by_service):
                    if key not in seen:
                        ns, name = key.split("/", 1)
                        await self.apply("DELETED", {"metadata": {"namespace": ns, "name": name}})
                rv = listing["metadata"]["resourceVersion"]
                while not stopping.is_set():
                    rv = await self._watch(rv)
            except (httpx.HTTPError, ValueError, KeyError, _Expired) as e:
                if stopping.is_set():
                    return
                if not isinstance(e, _Expired):
                    log.warning("service watch failed (%s); relisting", e)
                    await asyncio.sleep(1.0)

    async def _watch(self, rv: str) -> str:
        url = f"/api/v1/services?watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds=300"
        async with self.client.stream("GET", url, timeout=httpx.Timeout(30.0, read=360.0)) as resp:
            if resp.status_code == 410:
                raise _Expired()
            resp.raise_for_status()
            async for line in resp.aiter_lines():
                if not line.strip():
                    continue
                event = json.loads(line)
                obj = event.get("object") or {}
                if event.get("type") == "ERROR":
                    raise _Expired() if obj.get("code") == 410 else ValueError(json.dumps(obj))
                rv = obj.get("metadata", {}).get("resourceVersion", rv)
                if event.get("type") in ("ADDED", "MODIFIED", "DELETED"):
                    await self.apply(event["type"], obj)
        return rv


class _Expired(Exception):
    pass


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        writer.close()

"""The admission webhook's HTTPS server (aiohttp, in the operator's event loop) and its
ValidatingWebhookConfiguration.

Out of cluster (`--webhook-url https://127.0.0.1:PORT`), the operator writes the whole
configuration with a URL client config; in cluster, the configuration comes from the
manifests (Service client config) and the operator only injects the CA bundle. With
`--webhook-tls DIR` (cert-manager) it serves DIR/tls.crt and DIR/tls.key and leaves the CA
bundle to cert-manager's injector.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import logging
import socket
import ssl
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from tornado_operator import metrics
from tornado_operator.controller import names
from tornado_operator.controller.cache import ReferenceCache
from tornado_operator.controller.informer import Informer, resource_path
from tornado_operator.controller.jobs import RunnerDefaults
from tornado_operator.controller.kube import COORDINATION, Kube, api_message
from tornado_operator.controller.locks import LockIndex
from tornado_operator.webhook.admission import (
    MAX_BODY_BYTES,
    Decision,
    MalformedReview,
    Offline,
    WouldBlock,
    parse_review,
    review,
    timed_out,
)
from tornado_operator.webhook.certs import (
    ServingCert,
    load_serving_cert,
    make_serving_cert,
    service_hosts,
)

log = logging.getLogger(__name__)

CONFIG_NAME = "tornado-operator"
WEBHOOK_NAME = "tornadosessions.agenttesting.dev"
SCENARIO_WEBHOOK_NAME = "testscenarios.agenttesting.dev"  # same PATH: review() tells them apart
PATH = "/validate-tornadosession"
SERVICE = "tornado-operator-webhook"
TLS_SECRET = "tornado-operator-webhook-tls"
TIMEOUT_SECONDS = 5  # the configuration's timeoutSeconds: the API server gives up after it
HANDLER_BUDGET_SECONDS = 4.0  # answer (deny, saying why) before the API server gives up


def webhook_configuration(client_config: dict[str, Any], *, exclude_namespaces: list[str]) -> dict[str, Any]:
    return {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingWebhookConfiguration",
        "metadata": {"name": CONFIG_NAME, "labels": {"app.kubernetes.io/name": "tornado-operator"}},
        "webhooks": [
            {
                "name": WEBHOOK_NAME,
                "clientConfig": client_config,
                "rules": [
                    {
                        "apiGroups": ["agenttesting.dev"],
                        "apiVersions": ["v1alpha1"],
                        # CREATE only: what an UPDATE may change is the CRD's CEL rules' job,
                        # and the operator's own writes must not wait on its own webhook.
                        "operations": ["CREATE"],
                        "resources": ["tornadosessions"],
                        "scope": "Namespaced",
                    }
                ],
                "admissionReviewVersions": ["v1"],
                # The webhook takes a Lease lock; on dry runs it only checks.
                "sideEffects": "NoneOnDryRun",
                "failurePolicy": "Fail",
                "matchPolicy": "Equivalent",
                "timeoutSeconds": TIMEOUT_SECONDS,
                "namespaceSelector": {
                    "matchExpressions": [
                        {"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": exclude_namespaces}
                    ]
                },
            },
            {
                "name": SCENARIO_WEBHOOK_NAME,
                "clientConfig": client_config,
                "rules": [
                    {
                        "apiGroups": ["agenttesting.dev"],
                        "apiVersions": ["v1alpha1"],
                        "operations": ["CREATE", "UPDATE"],
                        "resources": ["testscenarios"],
                        "scope": "Namespaced",
                    }
                ],
                "admissionReviewVersions": ["v1"],
                "sideEffects": "None",
                # Early feedback only: with the webhook down a scenario is still admitted, and
                # the session start checks it (ERROR InvalidScenario).
                "failurePolicy": "Ignore",
                "matchPolicy": "Equivalent",
                "timeoutSeconds": 5,
                "namespaceSelector": {
                    "matchExpressions": [
                        {"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": exclude_namespaces}
                    ]
                },
            },
        ],
    }


class AdmissionServer:
    def __init__(
        self,
        kube: Kube,
        *,
        host: str,
        port: int,
        url: str | None,
        tls: str,
        namespace: str,
        cache: ReferenceCache | None = None,
        runner: RunnerDefaults | None = None,
        client_ca: str | None = None,
        lock_index: LockIndex | None = None,
    ) -> None:
        self.kube = kube
        self.cache = cache
        # Free locks admitted at once, their Leases written by these threads (locks.LockIndex).
        self.lock_index = lock_index
        self._writer = ThreadPoolExecutor(max_workers=2, thread_name_prefix="webhook-lock") if lock_index else None
        self.runner_defaults = runner or RunnerDefaults()
        self.host = host
        self.port = port
        self.url = url
        self.tls = tls
        self.namespace = namespace
        self.ssl = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if client_ca:
            # Only clients with a certificate from this CA (the API server, configured with an
            # AdmissionConfiguration kubeconfig) get past the TLS handshake: docs/security.md.
            self.ssl.verify_mode = ssl.CERT_REQUIRED
            self.ssl.load_verify_locations(cafile=client_ca)
        self.cert: ServingCert | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="tornado-webhook-"))
        self.runner: web.AppRunner | None = None

    # --- TLS ---

    def _load(self, cert_pem: bytes, key_pem: bytes) -> None:
        (self._tmp / "tls.crt").write_bytes(cert_pem)
        (self._tmp / "tls.key").write_bytes(key_pem)
        self._tmp.joinpath("tls.key").chmod(0o600)
        self.ssl.load_cert_chain(self._tmp / "tls.crt", self._tmp / "tls.key")

    def rotate(self, *, force: bool = False) -> None:
        """Load (in cluster: from the Secret, so a new leader keeps the same CA) or make a
        self-signed CA and certificate; new connections use it at once."""
        cert = None if (force or self.url) else self._stored_cert()
        if cert is None or cert.expires_soon():
            hosts = ["127.0.0.1", "localhost", *service_hosts(SERVICE, self.namespace)]
            if self.host not in hosts and self.host not in ("0.0.0.0", "::"):
                hosts.insert(0, self.host)
            cert = make_serving_cert(hosts)
            if not self.url:
                self._store_cert(cert)
        self.cert = cert
        self._load(cert.cert_pem, cert.key_pem)
        self.install_configuration()

    def _stored_cert(self) -> ServingCert | None:
        data = self.kube.get_secret_data(self.namespace, TLS_SECRET)
        if data is None or not all(key in data for key in ("ca.crt", "tls.crt", "tls.key")):
            return None
        return load_serving_cert(data["ca.crt"], data["tls.crt"], data["tls.key"])

    def _store_cert(self, cert: ServingCert) -> None:
        body = {
            "metadata": {"name": TLS_SECRET, "labels": {"app.kubernetes.io/name": "tornado-operator"}},
            "type": "kubernetes.io/tls",
            "data": {
                "ca.crt": base64.b64encode(cert.ca_pem).decode(),
                "tls.crt": base64.b64encode(cert.cert_pem).decode(),
                "tls.key": base64.b64encode(cert.key_pem).decode(),
            },
        }
        self.kube.put_secret(self.namespace, body)

    def install_configuration(self) -> None:
        assert self.cert is not None
        ca_bundle = base64.b64encode(self.cert.ca_pem).decode()
        if self.url:
            client_config = {"url": self.url.rstrip("/") + PATH, "caBundle": ca_bundle}
            self.kube.put_webhook_configuration(webhook_configuration(client_config, exclude_namespaces=["kube-system"]))
            return
        # In cluster: the manifests own the configuration; inject our CA bundle.
        self.kube.inject_ca_bundle(CONFIG_NAME, ca_bundle)

    # --- HTTP ---

    async def handle(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        try:
            admission = parse_review(await request.read())
        except MalformedReview as exc:  # a client error: one line in the log, no traceback
            log.info("answered 400 to a malformed admission review from %s: %s", request.remote, exc)
            return web.json_response({"error": f"not an AdmissionReview: {exc}"}, status=400)
        uid = admission["uid"]
        if self.lock_index is not None:
            # Answered here, on the event loop, when the cache and the lock index say enough:
            # a hop to a thread and back waits twice for the GIL (up to 5 ms each) when the
            # operator's threads are busy.
            try:
                decision = review(
                    _OFFLINE, admission, self.cache, budget_seconds=HANDLER_BUDGET_SECONDS, runner=self.runner_defaults,
                    lock_kube=self.kube, index=self.lock_index, background=self._background, blocking=False,
                )
            except WouldBlock:
                decision = None
            except Exception as exc:  # never hang the API server: answer, and say why
                log.exception("admission review failed")
                decision = Decision(allowed=False, code=500, reason="InternalError", message=f"tornado webhook error: {api_message(exc)}")
            if decision is not None:
                _observe(decision, time.perf_counter() - started)
                return web.json_response(decision.response(uid))
        try:
            decision = await asyncio.wait_for(
                asyncio.to_thread(
                    review,
                    self.kube,
                    admission,
                    self.cache,
                    budget_seconds=HANDLER_BUDGET_SECONDS,
                    runner=self.runner_defaults,
                    index=self.lock_index,
                    background=self._background if self._writer is not None else None,
                ),
                timeout=HANDLER_BUDGET_SECONDS + 0.5,
            )
        except TimeoutError:
            decision = timed_out(HANDLER_BUDGET_SECONDS)
        except Exception as exc:  # never hang the API server: answer, and say why
            log.exception("admission review failed")
            decision = Decision(allowed=False, code=500, reason="InternalError", message=f"tornado webhook error: {api_message(exc)}")
        _observe(decision, time.perf_counter() - started)
        return web.json_response(decision.response(uid))

    def _background(self, work: Callable[[], None]) -> None:
        assert self._writer is not None
        self._writer.submit(work)

    async def start(
        self, *, attempts: int = 1, backoff: float = 1.0, on_retry: Callable[[str], None] | None = None
    ) -> None:
        # The port first: the configuration (and its CA bundle) points the API server here
        # only once something listens.
        sock = await self._bind(attempts=attempts, backoff=backoff, on_retry=on_retry)
        try:
            if self.tls == "self-signed":
                await asyncio.to_thread(self.rotate)
            else:
                folder = Path(self.tls)
                self.ssl.load_cert_chain(folder / "tls.crt", folder / "tls.key")
        except BaseException:
            sock.close()
            raise
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_post(PATH, self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.SockSite(self.runner, sock, ssl_context=self.ssl)
        await site.start()
        log.info("admission webhook listening on https://%s:%d%s", self.host, self.port, PATH)

    async def _bind(self, *, attempts: int, backoff: float, on_retry: Callable[[str], None] | None) -> socket.socket:
        """Bind the port, retrying while it is busy (say, held by the exiting process of a
        restart); every failure is logged, the last one raises WebhookListenError."""
        delay = backoff
        for attempt in range(1, attempts + 1):
            try:
                family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
                return socket.create_server((self.host, self.port), family=family, backlog=128)
            except OSError as exc:
                error = f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"
                if attempt == attempts:
                    raise WebhookListenError(f"admission webhook {error} (gave up after {attempts} attempts)") from exc
                log.error("admission webhook %s (attempt %d of %d; retrying in %.0f s)", error, attempt, attempts, delay)
                if on_retry is not None:
                    on_retry(f"admission webhook {error}")
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
        raise AssertionError("unreachable")

    async def rotate_forever(self) -> None:
        """Self-signed: a new certificate before expiry. A folder (cert-manager): reload the
        files when they change, since a renewal brings a new certificate (and maybe CA)."""
        loaded = self._mtime()
        while True:
            await asyncio.sleep(3600 if self.tls == "self-signed" else 30)
            if self.tls == "self-signed":
                if self.cert is not None and self.cert.expires_soon():
                    await asyncio.to_thread(lambda: self.rotate(force=True))
                continue
            current = self._mtime()
            if current != loaded:
                folder = Path(self.tls)
                self.ssl.load_cert_chain(folder / "tls.crt", folder / "tls.key")
                loaded = current
                log.info("reloaded the webhook certificate from %s", folder)

    def _mtime(self) -> tuple[float, float]:
        if self.tls == "self-signed":
            return (0.0, 0.0)
        folder = Path(self.tls)
        try:
            return ((folder / "tls.crt").stat().st_mtime, (folder / "tls.key").stat().st_mtime)
        except OSError:
            return (0.0, 0.0)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


def _observe(decision: Decision, seconds: float) -> None:
    metrics.webhook_admission("allowed" if decision.allowed else "denied", decision.reason, seconds)


SERVER: AdmissionServer | None = None
_OFFLINE: Any = Offline()

# Binding the port: 5 attempts, 1 + 2 + 4 + 8 = 15 s of retries, then the operator gives up.
BIND_ATTEMPTS = 5
BIND_BACKOFF_SECONDS = 1.0


class WebhookListenError(RuntimeError):
    """The webhook could not listen on its port."""


@dataclass
class WebhookState:
    """What the webhook's listener tells the operator's readiness: ready only once it
    listens; `error` says why not; `failed` is called once when it gives up."""

    listening: threading.Event = field(default_factory=threading.Event)
    error: str | None = None
    failed: Callable[[str], None] | None = None

    def not_ready(self) -> str | None:
        if self.listening.is_set():
            return None
        return self.error or "admission webhook not listening yet"


def reference_scopes(args: argparse.Namespace) -> list[str] | None:
    """The namespaces the webhook reviews (None: all): all of them when the operator writes the
    configuration itself (--webhook-url: every namespace but kube-system) or watches all; in
    cluster with --namespace, the manifests' namespaceSelector lists the same ones."""
    watched = list(getattr(args, "namespace", None) or [])
    return None if (args.webhook_url or not watched) else watched


def configure_admission(settings: Any, kube: Kube, args: argparse.Namespace, state: WebhookState | None = None) -> None:
    """Called from the operator's startup handler."""
    global SERVER
    import os

    namespace = os.environ.get("POD_NAMESPACE", "tornado-system")
    from tornado_operator.controller import handlers

    cache = handlers.RUNTIME.cache if handlers.RUNTIME is not None else None
    runner = handlers.RUNTIME.reconciler.defaults if handlers.RUNTIME is not None else None
    lock_index: LockIndex | None = None
    if cache is not None:
        scopes = reference_scopes(args)
        # Pathways: the operator's own watch feeds the cache when it covers these namespaces.
        shared = handlers.RUNTIME is not None and handlers.RUNTIME.feeds_references and handlers.RUNTIME.reference_scopes == scopes
        handlers.watch_references(kube, cache, scopes, pathways=not shared)
        lock_index = watch_locks(kube, scopes)
    SERVER = AdmissionServer(
        kube,
        host=args.webhook_host,
        port=args.webhook_port,
        url=args.webhook_url,
        tls=args.webhook_tls,
        namespace=namespace,
        cache=cache,
        runner=runner,
        client_ca=getattr(args, "webhook_client_ca", None),
        lock_index=lock_index,
    )
    loop = asyncio.get_running_loop()
    task = loop.create_task(_serve(SERVER, state or WebhookState()))
    _TASKS.append(task)


_TASKS: list[asyncio.Task[None]] = []


def watch_locks(kube: Kube, namespaces: list[str] | None) -> LockIndex:
    """A LockIndex kept current by light watches of the lock Leases (in `namespaces`, or
    None: all)."""
    index = LockIndex()
    scopes: list[str | None] = list(namespaces) if namespaces else [None]
    index.expect(scopes)
    for namespace in scopes:

        def listed(keys: set[tuple[str, str]], namespace: str | None = namespace) -> None:
            index.leases_listed(namespace, keys)

        Informer(
            kube,
            resource_path(COORDINATION, "leases", namespace),
            on_event=index.lease_event,
            on_listed=listed,
            labels=f"{names.LABEL_COMPONENT}=lock",
            name=f"watch-locks-{namespace or 'all'}",
        ).start()
    return index


async def _serve(server: AdmissionServer, state: WebhookState) -> None:
    """Start the webhook; a webhook that cannot serve is never silent: the error is logged,
    kept for /readyz, and handed to `state.failed` (the operator then exits non-zero)."""
    try:
        await server.start(
            attempts=BIND_ATTEMPTS, backoff=BIND_BACKOFF_SECONDS, on_retry=lambda error: setattr(state, "error", error)
        )
    except Exception as exc:
        state.error = str(exc) if isinstance(exc, WebhookListenError) else f"admission webhook failed to start: {exc}"
        log.error("%s", state.error, exc_info=not isinstance(exc, WebhookListenError))
        if state.failed is not None:
            state.failed(state.error)
        return
    state.error = None
    state.listening.set()
    await server.rotate_forever()

"""`tornado operator`: run the kopf operator (sessions, Jobs, pathways, webhook)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tornado_operator.controller.jobs import RunnerDefaults

if TYPE_CHECKING:
    from tornado_operator.controller.kube import Kube

log = logging.getLogger(__name__)

# Threads for blocking API calls (reconcile steps, admission reviews); the default executor
# has only cpu+4, which queued admission reviews behind each other under concurrent creates.
WORKER_THREADS = 32


def _limit_malloc_arenas() -> None:
    """glibc gives each thread its own malloc arena; with dozens of worker threads that
    fragments memory into hundreds of MiB of RSS. Two arenas are plenty for an I/O-bound
    process (the same as MALLOC_ARENA_MAX=2). A no-op off glibc."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("operator", help="run the operator against the current cluster")
    parser.add_argument(
        "--namespace", "-n", action="append", default=[], help="namespace to watch (repeatable; default: all)"
    )
    parser.add_argument(
        "--runner-image",
        default=os.environ.get("TORNADO_IMAGE", RunnerDefaults.image),
        help="image of the iteration Jobs (default: $TORNADO_IMAGE, the operator's own image)",
    )
    parser.add_argument(
        "--allow-runner-image",
        action="append",
        default=[],
        metavar="PATTERN",
        help="let any session author set spec.runner.image to an image matching this fnmatch pattern "
        "(repeatable; default: none, only users allowed to `override` tornadosessions/runner may)",
    )
    parser.add_argument(
        "--allow-runner-command",
        action="store_true",
        help="let any session author set spec.runner.command (default: only users allowed to "
        "`override` tornadosessions/runner)",
    )
    parser.add_argument("--health-port", type=int, default=8080, help="/healthz and /readyz (0: off)")
    parser.add_argument("--metrics-port", type=int, default=8000, help="Prometheus /metrics (0: off)")
    parser.add_argument(
        "--metrics-secure",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="serve /metrics over HTTPS to callers whose token a TokenReview accepts and a "
        "SubjectAccessReview allows get on /metrics (default); --no-metrics-secure: plain HTTP, "
        "no authentication",
    )
    parser.add_argument(
        "--metrics-host",
        default=None,
        help="address /metrics listens on (default: 0.0.0.0 when secure, 127.0.0.1 for plain HTTP)",
    )
    parser.add_argument(
        "--metrics-tls", default="self-signed", help="secure metrics: self-signed, or a folder with tls.crt/tls.key"
    )
    parser.add_argument("--webhook-port", type=int, default=0, help="admission webhook HTTPS port (0: off)")
    parser.add_argument("--webhook-host", default="127.0.0.1", help="address the webhook listens on")
    parser.add_argument(
        "--webhook-url",
        default=None,
        help="URL the API server calls (out-of-cluster operator); default: the in-cluster Service",
    )
    parser.add_argument(
        "--webhook-client-ca",
        default=None,
        metavar="FILE",
        help="accept admission reviews only from clients with a certificate signed by this CA "
        "(the API server's webhook client certificate; docs/security.md)",
    )
    parser.add_argument("--webhook-tls", default="self-signed", help="self-signed, or a folder with tls.crt/tls.key")
    parser.add_argument(
        "--leader-elect",
        action="store_true",
        help="run as one of several replicas: only the holder of the Lease tornado-operator-leader "
        "(in $POD_NAMESPACE) reconciles and serves the webhook",
    )
    parser.add_argument("--leader-lease", default="tornado-operator-leader", help="name of the leader Lease")
    parser.add_argument("--log-format", choices=["text", "json"], default="text")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import kopf

    from tornado_operator.controller import handlers
    from tornado_operator.controller.kube import load_config
    from tornado_operator.controller.sessions import SessionReconciler

    _limit_malloc_arenas()
    _configure_logging(args.log_format, logging.DEBUG if args.verbose else logging.INFO)
    load_config()
    from kubernetes import client

    configuration = client.Configuration.get_default_copy()
    # Reconcile steps and admission reviews run in threads; let them share enough connections.
    configuration.connection_pool_maxsize = WORKER_THREADS
    kube = _kube(configuration)
    defaults = RunnerDefaults(
        image=args.runner_image, allowed_images=tuple(args.allow_runner_image), allow_command=args.allow_runner_command
    )
    runtime = handlers.make_runtime(kube, SessionReconciler(kube, defaults), namespaces=list(args.namespace))
    if args.webhook_port:
        from tornado_operator.webhook.server import reference_scopes

        # The webhook's reference cache is fed by the operator's Pathway watch (one, not two).
        runtime.feeds_references, runtime.reference_scopes = True, reference_scopes(args)
    handlers.configure(runtime)
    ready = threading.Event()
    stop_operator = threading.Event()
    readiness: list[Callable[[], str | None]] = [
        lambda: None if ready.is_set() else "not watching yet",
        lambda: _unlisted(handlers.RUNTIME),
    ]
    webhook_state = None
    if args.webhook_port:
        from tornado_operator.webhook.server import WebhookState

        # A webhook that cannot serve makes the operator not ready, then stops it (exit 1):
        # the API server would otherwise refuse every create with "connection refused".
        webhook_state = WebhookState(failed=lambda _error: stop_operator.set())
        readiness.append(webhook_state.not_ready)

    _NoDiffBase = _no_diffbase()

    @kopf.on.startup()
    async def _startup(settings: kopf.OperatorSettings, **_: Any) -> None:
        from concurrent.futures import ThreadPoolExecutor

        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="tornado")
        )
        settings.posting.level = logging.INFO
        settings.watching.server_timeout = 300
        settings.watching.client_timeout = 330
        settings.networking.request_timeout = 30
        # No kopf state on our objects: handlers are level-triggered on.event handlers.
        settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix="kopf.agenttesting.dev")
        settings.persistence.diffbase_storage = _NoDiffBase(prefix="kopf.agenttesting.dev")
        if args.webhook_port:
            from tornado_operator.webhook.server import configure_admission

            configure_admission(settings, kube, args, webhook_state)

    @kopf.on.cleanup()
    async def _cleanup(**_: Any) -> None:
        runtime = handlers.RUNTIME
        if runtime is not None:
            for worker in list(runtime.workers.values()):
                worker.task.cancel()
            for informer in runtime.informers:
                informer.stop.set()

    if args.health_port:
        _serve_health(args.health_port, readiness)
    if args.leader_elect:
        import signal
        import socket

        from tornado_operator.controller import leader

        namespace = os.environ.get("POD_NAMESPACE", "tornado-system")
        identity = os.environ.get("POD_NAME") or socket.gethostname()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        if not leader.wait_for_leadership(kube, namespace, args.leader_lease, identity, stop):
            return 0  # asked to stop while standing by
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        leader.keep_leading(kube, namespace, args.leader_lease, identity)
    if args.metrics_port:
        _serve_metrics(args, configuration)
    namespaces = list(args.namespace)
    if not args.verbose:
        # kopf logs every handler call at INFO; our reconciler logs what matters.
        logging.getLogger("kopf.objects").setLevel(logging.WARNING)
    asyncio.run(
        kopf.operator(
            standalone=True,
            clusterwide=not namespaces,
            namespaces=namespaces,
            ready_flag=ready,
            stop_flag=stop_operator,
        )
    )
    if webhook_state is not None and webhook_state.error is not None:
        log.error("exiting: %s", webhook_state.error)
        return 1
    return 0


def _kube(configuration: Any) -> Kube:
    """The operator's Kube: over the standard library's HTTP when the credentials are a token
    or a client certificate and a CA (in a cluster, and the usual kubeconfigs), else over the
    kubernetes client's urllib3 pool. urllib3's layers cost more CPU per request than
    building and reading the request itself, and a transition makes about ten."""
    from kubernetes import client

    from tornado_operator.controller.kube import Kube
    from tornado_operator.controller.kube_http import light_connection

    light = light_connection(client_certs=True, pool_size=WORKER_THREADS)
    if light is not None and light.host.rstrip("/") == str(configuration.host).rstrip("/"):
        return Kube(http=light)
    # Not the server the kubernetes client chose (an unusual kubeconfig): follow the client.
    return Kube(client.ApiClient(configuration))


def _serve_metrics(args: argparse.Namespace, configuration: Any) -> None:
    from kubernetes import client

    from tornado_operator import metrics_endpoint

    if not args.metrics_secure:
        metrics_endpoint.serve(args.metrics_port, args.metrics_host or "127.0.0.1", reviewer=None, tls=None)
        return
    namespace = os.environ.get("POD_NAMESPACE", "tornado-system")
    reviewer = metrics_endpoint.CachedReviewer(metrics_endpoint.KubeReviewer(client.ApiClient(configuration)))
    tls = metrics_endpoint.tls_context(args.metrics_tls, namespace=namespace)
    metrics_endpoint.serve(args.metrics_port, args.metrics_host or "0.0.0.0", reviewer=reviewer, tls=tls)


def _unlisted(runtime: Any) -> str | None:
    """Not ready while a light watch (sessions, Jobs) has not finished its first listing."""
    waiting = [informer.name for informer in (runtime.informers if runtime is not None else []) if not informer.synced.is_set()]
    return f"listing ({', '.join(waiting)})" if waiting else None


def _no_diffbase() -> type:
    import kopf

    class NoDiffBase(kopf.AnnotationsDiffBaseStorage):
        """kopf deep-copies every watch event's body to diff it against the last handled
        state; only change handlers (on.create/update) use that diff, and this operator has
        none (level-triggered on.event handlers), so skip the copy (it was the largest CPU
        item of a 100-session profile)."""

        def build(self, *, body: Any, extra_fields: Any = None) -> Any:
            return {}

        def fetch(self, *, body: Any) -> Any:
            return None

    return NoDiffBase


def _configure_logging(fmt: str, level: int) -> None:
    from tornado_operator.logging_setup import configure_logging

    configure_logging(fmt, level)  # type: ignore[arg-type]


def _serve_health(port: int, readiness: list[Callable[[], str | None]]) -> None:
    """/healthz: the process answers; /readyz: kopf watches and, when on, the webhook
    listens (the body says what is not ready)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"ok\n"
            if self.path == "/healthz":
                code = 200
            elif self.path == "/readyz":
                reasons = [reason for reason in (check() for check in readiness) if reason]
                code = 503 if reasons else 200
                if reasons:
                    body = ("not ready: " + "; ".join(reasons) + "\n").encode()
            else:
                code, body = 404, b"not found\n"
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()

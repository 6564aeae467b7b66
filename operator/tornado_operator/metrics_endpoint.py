"""The operator's /metrics endpoint: HTTPS with Kubernetes authentication and authorization
(the default), or plain HTTP when asked (``--no-metrics-secure``).

Secure serving does what kubebuilder-generated operators do (controller-runtime's
``filters.WithAuthenticationAndAuthorization``): the caller's bearer token is checked with a
TokenReview, and the user it names must be allowed ``get`` on the non-resource URL
``/metrics`` by a SubjectAccessReview (the ``tornado-operator-metrics-reader`` ClusterRole
grants exactly that). No token: 401; a token that is not allowed: 403. Verdicts are cached
for a minute per token (by its SHA-256; the token itself is never stored or logged), so a
scrape every 30 s costs the API server at most two reviews a minute per scraper.
"""

from __future__ import annotations

import hashlib
import logging
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

from tornado_operator import metrics

log = logging.getLogger(__name__)

METRICS_PATH = "/metrics"
CACHE_SECONDS = 60.0
SERVICE = "tornado-operator-metrics"


class Reviewer(Protocol):
    """Answers "may the holder of this token GET /metrics?" with an HTTP status code."""

    def review(self, token: str) -> int: ...


@dataclass
class KubeReviewer:
    """TokenReview, then SubjectAccessReview, through the API server."""

    api_client: Any

    def review(self, token: str) -> int:
        from kubernetes import client

        authn = client.AuthenticationV1Api(self.api_client)
        token_review = authn.create_token_review(
            {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": token}}
        )
        status = token_review.status
        if status is None or not status.authenticated or status.user is None:
            return 401
        user = status.user
        authz = client.AuthorizationV1Api(self.api_client)
        access = authz.create_subject_access_review(
            {
                "apiVersion": "authorization.k8s.io/v1",
                "kind": "SubjectAccessReview",
                "spec": {
                    "user": user.username,
                    "uid": user.uid,
                    "groups": user.groups or [],
                    "extra": user.extra or {},
                    "nonResourceAttributes": {"path": METRICS_PATH, "verb": "get"},
                },
            }
        )
        return 200 if access.status is not None and access.status.allowed else 403


class CachedReviewer:
    """Remembers each token's verdict (keyed by its hash) for ``ttl`` seconds."""

    def __init__(self, inner: Reviewer, ttl: float = CACHE_SECONDS) -> None:
        self.inner = inner
        self.ttl = ttl
        self._lock = threading.Lock()
        self._verdicts: dict[str, tuple[float, int]] = {}

    def review(self, token: str) -> int:
        key = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            cached = self._verdicts.get(key)
            if cached is not None and cached[0] > now:
                return cached[1]
        code = self.inner.review(token)
        with self._lock:
            self._verdicts = {k: v for k, v in self._verdicts.items() if v[0] > now}
            self._verdicts[key] = (now + self.ttl, code)
        return code


def bearer_token(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    tls: ssl.SSLContext | None = None
    reviewer: Reviewer | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake runs in the request's thread, so a slow client cannot stall accept().
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                log.debug("metrics: TLS handshake with %s failed: %s", client_address, exc)
                return
        super().finish_request(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != METRICS_PATH:
            self._reply(404, b"not found\n")
            return
        reviewer = self.server.reviewer
        if reviewer is not None:
            token = bearer_token(self.headers.get("Authorization"))
            if token is None:
                self._reply(401, b"Unauthorized: a bearer token is required\n")
                return
            try:
                code = reviewer.review(token)
            except Exception as exc:  # the API server is unreachable: say so, never allow
                log.warning("metrics: cannot review a scraper's token: %s", exc)
                self._reply(500, b"Internal Server Error: cannot review the token\n")
                return
            if code == 401:
                self._reply(401, b"Unauthorized\n")
                return
            if code != 200:
                self._reply(403, b"Forbidden: get on /metrics is not allowed\n")
                return
        body = metrics.exposition()
        self._reply(200, body, content_type="text/plain; version=0.0.4; charset=utf-8")

    def _reply(self, code: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def tls_context(tls: str, *, namespace: str) -> ssl.SSLContext:
    """``self-signed`` (a certificate made at start for the metrics Service's names and
    loopback), or a folder with ``tls.crt`` and ``tls.key`` (cert-manager)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if tls == "self-signed":
        from tornado_operator.webhook.certs import make_serving_cert, service_hosts

        cert = make_serving_cert(["127.0.0.1", "localhost", *service_hosts(SERVICE, namespace)])
        folder = Path(tempfile.mkdtemp(prefix="tornado-metrics-"))
        (folder / "tls.key").touch(mode=0o600)
        (folder / "tls.key").write_bytes(cert.key_pem)
        (folder / "tls.crt").write_bytes(cert.cert_pem)
        context.load_cert_chain(folder / "tls.crt", folder / "tls.key")
        return context
    folder = Path(tls)
    for name in ("tls.crt", "tls.key"):
        if not (folder / name).is_file():
            raise ValueError(f"--metrics-tls: {folder / name} does not exist")
    context.load_cert_chain(folder / "tls.crt", folder / "tls.key")
    return context


def serve(
    port: int, host: str, *, reviewer: Reviewer | None, tls: ssl.SSLContext | None
) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Serve /metrics from a daemon thread; ``reviewer`` and ``tls`` both None: plain HTTP.

    Returns the server (``server.server_port`` is the bound port) and its thread.
    """
    server = _Server((host, port), _Handler)
    server.tls = tls
    server.reviewer = reviewer
    thread = threading.Thread(target=server.serve_forever, name="metrics", daemon=True)
    thread.start()
    scheme = "https" if tls is not None else "http"
    log.info(
        "metrics on %s://%s:%d%s (%s)",
        scheme,
        host,
        server.server_port,
        METRICS_PATH,
        "TokenReview + SubjectAccessReview" if reviewer is not None else "no authentication",
    )
    return server, thread

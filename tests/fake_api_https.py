"""tests/fake_kube.py's FakeKube behind HTTPS on loopback: the REST calls an iteration Job makes.

An iteration pod (`tornado job`) reaches the API server through controller/kube_http.py's
LightConnection (a bearer token and a CA over http.client). This serves the few paths that
Kube's methods send for it (custom resources: get, list by label, create; ConfigMaps: get,
replace, create), answering from a FakeKube, so a test can run the real command, transport
included, without a control plane. The server checks the bearer token, keeps connections
alive (HTTP/1.1), records every request and connection, and can misbehave on purpose
(`plan`): close a connection after answering without saying so (as an idle timeout does), or
drop it without answering.
"""

from __future__ import annotations

import collections
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_kube import FakeKube
from tornado_operator.controller.kube import CORE, CUSTOM, api_status
from tornado_operator.webhook.certs import make_serving_cert

ANSWER, CLOSE_AFTER, DROP = "answer", "close-after", "drop"
# The answer in chunks (Transfer-Encoding: chunked, as the API server sends a large object), or
# with a `Connection: close` header (the client must not reuse the connection).
CHUNKED, CLOSE_HEADER = "chunked", "close-header"
WATCH_PIECE = 5  # a watch's answer is written this many bytes at a time


class FakeApiServer:
    """`with FakeApiServer(kube, tmp) as api:` serves `kube` at api.url (CA at api.ca_file)."""

    def __init__(self, kube: FakeKube, tmp: Path, *, token: str = "pod-token", prefix: str = "") -> None:
        self.kube = kube
        self.token = token
        self.prefix = prefix
        pki = make_serving_cert(["127.0.0.1"])
        tmp.mkdir(parents=True, exist_ok=True)
        self.ca_file = tmp / "ca.crt"
        self.ca_file.write_bytes(pki.ca_pem)
        (tmp / "tls.crt").write_bytes(pki.cert_pem)
        (tmp / "tls.key").write_bytes(pki.key_pem)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(tmp / "tls.crt", tmp / "tls.key")
        self.requests: list[tuple[str, str]] = []  # (method, path with query), in order
        self.connections = 0  # TLS connections accepted
        self.plan: collections.deque[str] = collections.deque()  # per request: ANSWER, CLOSE_AFTER, DROP
        self.closed = threading.Event()  # set whenever the server closed a connection
        # Raw answers (status line, headers, body) to watch requests (`watch=1`), in order: each
        # written WATCH_PIECE bytes at a time, every piece flushed, then the connection closed.
        self.watches: collections.deque[bytes] = collections.deque()
        # While set, a watch's connection stays open and silent after its answer is written (a
        # stream with no news), until `release` is set.
        self.hold_watches = False
        self.release = threading.Event()
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), name="fake-api", daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.httpd.server_address[1]}{self.prefix}"

    def __enter__(self) -> FakeApiServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def next_action(self) -> str:
        with self._lock:
            return self.plan.popleft() if self.plan else ANSWER

    def serve(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        """The status and JSON answer of one request, from the FakeKube."""
        kube = self.kube
        parts = path.strip("/").split("/")
        try:
            if path.startswith(CUSTOM + "/namespaces/"):
                # /apis/<group>/<version>/namespaces/<ns>/<plural>[/<name>]
                namespace, plural, name = parts[4], parts[5], (parts[6] if len(parts) > 6 else None)
                if method == "GET" and name is not None:
                    found = kube.get(plural, namespace, name)
                    return (200, found) if found is not None else _not_found(plural, name)
                if method == "GET":
                    labels = (query.get("labelSelector") or [None])[0]
                    return 200, {"kind": "List", "items": kube.list_objects(plural, namespace, labels=labels)}
                if method == "POST" and name is None:
                    return 201, kube.create(plural, namespace, body)
            elif path.startswith(CORE + "/namespaces/") and parts[4] == "configmaps":
                namespace, name = parts[3], (parts[5] if len(parts) > 5 else None)
                if method == "GET" and name is not None:
                    found = kube.get_configmap(namespace, name)
                    return (200, found) if found is not None else _not_found("configmaps", name)
                if method == "PUT" and name is not None:
                    if kube.get_configmap(namespace, name) is None:
                        return _not_found("configmaps", name)
                    kube.put_configmap(namespace, body)
                    return 200, kube.get_configmap(namespace, name)
                if method == "POST" and name is None:
                    if not kube.create_configmap(namespace, body):
                        return 409, _status(409, "AlreadyExists", f'configmaps "{body["metadata"]["name"]}" already exists')
                    return 201, kube.get_configmap(namespace, body["metadata"]["name"])
        except Exception as exc:
            status = api_status(exc)
            if status is None:
                raise
            return status, json.loads(getattr(exc, "body", "") or "{}")
        return 405, _status(405, "MethodNotAllowed", f"{method} {path}: not served by the fake")


def _status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason, "code": code}


def _not_found(plural: str, name: str) -> tuple[int, Any]:
    return 404, _status(404, "NotFound", f'{plural} "{name}" not found')


def _handler(server: FakeApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            self.request = server.context.wrap_socket(self.request, server_side=True)
            with server._lock:
                server.connections += 1
            super().setup()

        def finish(self) -> None:
            super().finish()
            server.closed.set()

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            with server._lock:
                server.requests.append((self.command, self.path))
            action = server.next_action()
            if action == DROP:
                self.close_connection = True
                return
            if self.headers.get("Authorization") != f"Bearer {server.token}":
                status, answer = 401, _status(401, "Unauthorized", "Unauthorized")
            elif "watch=1" in urlsplit(self.path).query.split("&") and server.watches:
                raw_answer = server.watches.popleft()
                for start in range(0, len(raw_answer), WATCH_PIECE):
                    self.wfile.write(raw_answer[start : start + WATCH_PIECE])
                    self.wfile.flush()
                if server.hold_watches:
                    server.release.wait(10)
                self.close_connection = True
                return
            else:
                url = urlsplit(self.path)
                if not url.path.startswith(server.prefix):
                    status, answer = _not_found("paths", url.path)
                else:
                    body = json.loads(raw) if raw else None
                    status, answer = server.serve(self.command, url.path.removeprefix(server.prefix), parse_qs(url.query), body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if action == CHUNKED:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                half = len(data) // 2
                for chunk in (data[:half], data[half:], b""):
                    self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                return
            self.send_header("Content-Length", str(len(data)))
            if action == CLOSE_HEADER:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            if action == CLOSE_AFTER:
                self.close_connection = True  # without a Connection: close header

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler

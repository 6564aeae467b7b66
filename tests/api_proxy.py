"""A recording proxy in front of the real API server that can SIGKILL a client at a chosen write.

The operator under test talks plain HTTP to this proxy on loopback (``write_kubeconfig``); the
proxy forwards every request to the cluster's API server with the cluster's own credentials,
streaming the answers (watches included). It records each write (POST, PUT, PATCH, DELETE)
with the run that sent it, and, when armed (``kill_at``), calls ``kill`` at the first write a
predicate matches: before forwarding it (the write never happens) or after the API server
applied it (the client never sees the answer). So a crash test knows exactly which writes had
happened when the process died, and what the next run wrote first.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Hop-by-hop headers (RFC 9110 7.6.1) and the framing this proxy sets itself.
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length", "host"}


@dataclass(frozen=True)
class Write:
    run: int  # the proxy's ``run`` when the request arrived (the test counts operator starts)
    method: str
    path: str  # without the query
    body: Any  # the JSON sent, or None
    status: int  # the API server's answer; 0 when the proxy killed the client instead

    @property
    def resource(self) -> str:
        """``jobs``, ``configmaps``, ``tornadosessions/status``, ... from the path."""
        parts = self.path.strip("/").split("/")
        if "namespaces" in parts:
            rest = parts[parts.index("namespaces") + 2 :]
        else:
            rest = parts[3:] if parts[0] == "apis" else parts[2:]
        if self.method == "POST":
            return rest[0] if rest else ""
        return rest[0] + ("/" + rest[2] if len(rest) > 2 else "") if rest else ""

    @property
    def name(self) -> str:
        """The object's name: from the path, or from the body of a create."""
        parts = self.path.strip("/").split("/")
        if "namespaces" in parts:
            rest = parts[parts.index("namespaces") + 2 :]
            if len(rest) > 1:
                return rest[1]
        if isinstance(self.body, dict):
            return str((self.body.get("metadata") or {}).get("name") or "")
        return ""

    def brief(self) -> tuple[str, str, str]:
        return (self.method, self.resource, self.name)


@dataclass
class _Rule:
    match: Callable[[Write], bool]
    kill: Callable[[], None]
    after: bool
    fired: threading.Event


class ApiProxy:
    def __init__(self, cluster: Any) -> None:
        creds = cluster.credentials()
        target = urllib.parse.urlsplit(creds.server)
        self._host, self._port = target.hostname or "127.0.0.1", target.port or 443
        self._ssl = creds.ssl_context()
        self._headers = creds.headers()
        self.run = 0
        self.writes: list[Write] = []
        self._rule: _Rule | None = None
        self._lock = threading.Lock()
        self._upstreams: set[http.client.HTTPSConnection] = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="api-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ApiProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.drop_connections()

    def write_kubeconfig(self, path: Path) -> Path:
        """A kubeconfig that reaches the cluster only through this proxy (which adds the credentials)."""
        doc = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "proxy", "cluster": {"server": self.url}}],
            "users": [{"name": "proxy", "user": {}}],
            "contexts": [{"name": "proxy", "context": {"cluster": "proxy", "user": "proxy"}}],
            "current-context": "proxy",
        }
        path.write_text(yaml.safe_dump(doc))
        return path

    def kill_at(self, match: Callable[[Write], bool], kill: Callable[[], None], *, after: bool = False) -> threading.Event:
        """Call ``kill`` at the first write ``match`` accepts (once), before it is forwarded or,
        with ``after``, once the API server has answered it; the returned event is set then."""
        fired = threading.Event()
        with self._lock:
            self._rule = _Rule(match, kill, after, fired)
        return fired

    def drop_connections(self) -> None:
        """Close every forwarded connection (the watches of a client that is gone)."""
        with self._lock:
            upstreams, self._upstreams = set(self._upstreams), set()
        for conn in upstreams:
            if conn.sock is not None:
                with contextlib.suppress(OSError):
                    conn.sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked reading a watch
            conn.close()

    def _take_rule(self, write: Write, after: bool) -> _Rule | None:
        with self._lock:
            rule = self._rule
            if rule is None or rule.after != after or not rule.match(write):
                return None
            self._rule = None
            return rule

    def _fire(self, rule: _Rule) -> None:
        rule.kill()
        self.drop_connections()
        rule.fired.set()

    def _record(self, write: Write) -> None:
        with self._lock:
            self.writes.append(write)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._forward()

            do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = urllib.parse.urlsplit(self.path).path
                write = None
                if self.command in WRITES:
                    try:
                        parsed = json.loads(body) if body else None
                    except ValueError:
                        parsed = None
                    write = Write(proxy.run, self.command, path, parsed, 0)
                    rule = proxy._take_rule(write, after=False)
                    if rule is not None:
                        proxy._record(write)
                        proxy._fire(rule)
                        self.close_connection = True
                        return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                headers.update(proxy._headers)
                upstream = http.client.HTTPSConnection(proxy._host, proxy._port, context=proxy._ssl, timeout=None)
                with proxy._lock:
                    proxy._upstreams.add(upstream)
                try:
                    try:
                        upstream.request(self.command, self.path, body=body or None, headers=headers)
                        response = upstream.getresponse()
                    except OSError:
                        self.close_connection = True
                        return
                    if write is not None:
                        payload = response.read()
                        write = Write(write.run, write.method, write.path, write.body, response.status)
                        proxy._record(write)
                        rule = proxy._take_rule(write, after=True)
                        if rule is not None:
                            proxy._fire(rule)
                            self.close_connection = True
                            return
                        self._answer(response, [payload])
                    else:
                        self._answer(response, iter(lambda: response.read1(65536), b""))
                finally:
                    with proxy._lock:
                        proxy._upstreams.discard(upstream)
                    upstream.close()

            def _answer(self, response: http.client.HTTPResponse, chunks: Any) -> None:
                self.send_response(response.status, response.reason)
                for key, value in response.getheaders():
                    if key.lower() not in HOP_HEADERS:
                        self.send_header(key, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for chunk in chunks:
                        if chunk:
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                            self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                except OSError:
                    self.close_connection = True
                except (http.client.HTTPException, ValueError, AttributeError):
                    # The upstream was closed under a watch (drop_connections): end the stream.
                    self.close_connection = True

        return Handler

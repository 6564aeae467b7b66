"""How controller/kube.py reaches the API server: JSON over HTTP, one `request` method.

The kubernetes client's typed layer (building a model object for every response, then
turning it back into a dict) was a large share of the operator's CPU per transition, and
importing the package costs an iteration pod ~0.4 CPU-s. So kube.py sends and reads plain
JSON through one of two connections:

* `ClientConnection`: the kubernetes client's own connection pool and credentials (any
  kubeconfig: exec plugins, client certificates, proxies, refreshed tokens), without its
  models. The operator and the CLI use it.
* `LightConnection`: a bearer token (or a client certificate) and a CA over the standard
  library's http.client, without importing the kubernetes package (nor urllib3).
  `light_connection()` returns one only for the two shapes an iteration pod has: the
  in-cluster service-account files, or a kubeconfig whose user is a token (or token file)
  and whose cluster is a server and a CA; with `client_certs=True` (the operator) also a
  kubeconfig user with a client certificate and key. Anything else answers None, and the
  caller uses the kubernetes client instead. The operator prefers it too: urllib3's layers
  cost more CPU per request than the request itself (docs/performance.md).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import select
import ssl
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json"

IN_CLUSTER_DIR = Path("/var/run/secrets/kubernetes.io/serviceaccount")
TOKEN_REREAD_SECONDS = 60.0  # a projected token is rotated in its file; the client re-reads it as often
USER_AGENT = "tornado-operator"


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    data: bytes
    headers: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        return json.loads(self.data) if self.data else None


class Connection(Protocol):
    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: Any = None,
        content_type: str = JSON,
    ) -> Response: ...

    def stream(self, path: str, *, query: Sequence[tuple[str, str]] = (), timeout: float | None = None) -> Iterator[bytes]:
        """GET a streaming response (a watch), line by line, on a connection of its own;
        StreamError when the answer is not 200."""
        ...


class StreamError(Exception):
    """A streaming GET answered something else than 200."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"{status}: {body[:300].decode(errors='replace')}")
        self.status = status
        self.body = body


def _url(host: str, path: str, query: Sequence[tuple[str, str]]) -> str:
    return host.rstrip("/") + path + ("?" + urlencode(query) if query else "")


def _encode(body: Any) -> bytes | None:
    return None if body is None else json.dumps(body, separators=(",", ":")).encode()


class ClientConnection:
    """The kubernetes client's pool and credentials (`api` is a kubernetes ApiClient)."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.configuration = api.configuration
        self.pool = api.rest_client.pool_manager

    def _headers(self, content_type: str) -> dict[str, str]:
        headers = {"Accept": JSON, "Content-Type": content_type, **self.api.default_headers}
        # auth_settings() runs the configuration's refresh hook (exec plugins, token files).
        for auth in self.configuration.auth_settings().values():
            if auth.get("in") == "header" and auth.get("value"):
                headers[auth["key"]] = auth["value"]
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: Any = None,
        content_type: str = JSON,
    ) -> Response:
        answer = self.pool.request(
            method, _url(self.configuration.host, path, query), body=_encode(body), headers=self._headers(content_type)
        )
        return Response(answer.status, answer.reason or "", answer.data, answer.headers)

    def stream(self, path: str, *, query: Sequence[tuple[str, str]] = (), timeout: float | None = None) -> Iterator[bytes]:
        answer = self.pool.request(
            "GET", _url(self.configuration.host, path, query), headers=self._headers(JSON), preload_content=False, timeout=timeout
        )
        try:
            if answer.status != 200:
                raise StreamError(answer.status, answer.read())
            pending = b""
            for chunk in answer.stream(64 * 1024):
                pending += chunk
                *lines, pending = pending.split(b"\n")
                yield from (line for line in lines if line)
            if pending:
                yield pending
        finally:
            answer.release_conn()


class LightConnection:
    """A bearer token (or a token file, re-read every minute) and a CA, over the standard
    library's ssl (importing urllib3 was ~6% of an iteration pod's CPU): http.client makes the
    connections; a request and its answer are one `_Channel` exchange, and a watch stream is
    read by the same minimal HTTP/1.1 reader (about half the CPU of http.client's per request).

    What it keeps of urllib3's PoolManager as the kubernetes client configures it: the
    server's certificate verified against the CA only, with its hostname or IP; TLS 1.2 or
    later, without compression or session tickets; no timeout; kept-alive connections
    (a small pool, safe across threads) that are checked before reuse and replaced when the
    server closed them; a request retried (up to RETRIES times) when it did not reach the
    server (connecting failed), or when it is idempotent and the connection broke before
    the answer (urllib3's Retry defaults: a POST or PATCH that may have arrived is not sent
    twice).
    """

    POOL_SIZE = 4
    RETRIES = 3
    IDEMPOTENT = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "PUT", "TRACE"})

    def __init__(
        self,
        host: str,
        *,
        ca_file: str | None = None,
        ca_data: str | None = None,
        token: str | None = None,
        token_file: Path | None = None,
        cert_file: str | None = None,
        key_file: str | None = None,
        cert_data: str | None = None,
        key_data: str | None = None,
        pool_size: int | None = None,
    ) -> None:
        from urllib.parse import urlsplit

        self.host = host
        url = urlsplit(host)
        if url.scheme != "https" or not url.hostname:
            raise ValueError(f"not an https:// server: {host!r}")
        self._hostname = url.hostname
        self._port = url.port or 443
        self._prefix = url.path.rstrip("/")
        self._ca_file, self._ca_data = ca_file, ca_data
        self._cert = (cert_file, key_file, cert_data, key_data)
        # The operator's worker threads each hold a connection at once: keep as many alive
        # (a connection closed for want of room costs a TLS handshake on the next request).
        self.pool_size = pool_size or self.POOL_SIZE
        self._context: ssl.SSLContext | None = None  # made at the first connection
        self._idle: list[_Channel] = []  # open, kept alive
        default_port = url.port is None or url.port == 443
        self._host_header = self._hostname if default_port else f"{self._hostname}:{self._port}"
        if ":" in self._hostname:  # an IPv6 literal
            self._host_header = f"[{self._hostname}]" + ("" if default_port else f":{self._port}")
        self._lock = threading.Lock()
        self._token = token
        self._token_file = token_file
        self._token_read = float("-inf")

    def _bearer(self) -> str | None:
        if self._token_file is not None and time.monotonic() - self._token_read >= TOKEN_REREAD_SECONDS:
            self._token = self._token_file.read_text().strip()
            self._token_read = time.monotonic()
        return self._token

    def _ssl_context(self) -> ssl.SSLContext:
        if self._context is None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED, check_hostname
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.options |= ssl.OP_NO_COMPRESSION | ssl.OP_NO_TICKET
            context.hostname_checks_common_name = False
            context.load_verify_locations(cafile=self._ca_file, cadata=self._ca_data)
            _load_client_certificate(context, *self._cert)
            self._context = context
        return self._context

    def _connection(self) -> _Channel:
        """An open connection from the pool, or a new one (not yet connected)."""
        while True:
            with self._lock:
                channel = self._idle.pop() if self._idle else None
            if channel is None:
                return _Channel(http.client.HTTPSConnection(self._hostname, self._port, context=self._ssl_context()))
            if channel.open and not _dropped(channel.conn.sock):
                return channel
            channel.close()  # the server closed it while idle: take another

    def _release(self, channel: _Channel) -> None:
        with self._lock:
            if channel.open and len(self._idle) < self.pool_size:
                self._idle.append(channel)
                return
        channel.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: Any = None,
        content_type: str = JSON,
    ) -> Response:
        token = self._bearer()
        data = _encode(body)
        head = (
            f"{method} {_url(self._prefix, path, query)} HTTP/1.1\r\nHost: {self._host_header}\r\n"
            f"Accept-Encoding: identity\r\nAccept: {JSON}\r\nContent-Type: {content_type}\r\nUser-Agent: {USER_AGENT}\r\n"
            + (f"Authorization: Bearer {token}\r\n" if token else "")
            + (f"Content-Length: {len(data)}\r\n" if data is not None else "")
            + "\r\n"
        ).encode()
        message = head + data if data is not None else head
        attempt = 0
        while True:
            channel = self._connection()
            sent = False
            try:
                channel.connect()
                sent = True
                response = channel.exchange(message, head_only=method == "HEAD")
            except (OSError, http.client.HTTPException):  # ssl.SSLError, RemoteDisconnected, BadStatusLine...
                channel.close()
                attempt += 1
                if attempt > self.RETRIES or (sent and method not in self.IDEMPOTENT):
                    raise
                continue
            except Exception:
                channel.close()
                raise
            self._release(channel)
            return response

    def stream(self, path: str, *, query: Sequence[tuple[str, str]] = (), timeout: float | None = None) -> Iterator[bytes]:
        """The non-blank lines of a streaming GET (a watch: one JSON event a line), without
        their line ends, read by the same minimal reader as `request` (http.client's
        `readline` over a chunked body runs in Python: most of a watch thread's CPU per event)."""
        token = self._bearer()
        head = (
            f"GET {_url(self._prefix, path, query)} HTTP/1.1\r\nHost: {self._host_header}\r\n"
            f"Accept-Encoding: identity\r\nAccept: {JSON}\r\nUser-Agent: {USER_AGENT}\r\n"
            + (f"Authorization: Bearer {token}\r\n" if token else "")
            + "\r\n"
        ).encode()
        # Not from the pool: a watch holds its connection for minutes.
        channel = _Channel(
            http.client.HTTPSConnection(self._hostname, self._port, context=self._ssl_context(), timeout=timeout)
        )
        try:
            channel.connect()
            yield from channel.stream(head)
        finally:
            channel.close()


MAX_LINE = 65536  # http.client's limits: a header line, and the number of header lines
MAX_HEADERS = 100


class _Channel:
    """One kept-alive TLS connection and its buffered reader: a request is written in one
    `sendall` and its answer read with a minimal HTTP/1.1 parser (status line, headers,
    Content-Length or chunked body). http.client's per-request machinery (a header per
    `putheader` call, the email package's parser for the answer's headers) cost as much CPU
    as the TLS and the system calls of the exchange together (issue 19's third pass)."""

    def __init__(self, conn: http.client.HTTPSConnection) -> None:
        self.conn = conn  # connects (TCP_NODELAY, TLS with the hostname checked) as http.client does
        self.reader: Any = None
        self.open = False

    def connect(self) -> None:
        if not self.open:
            self.conn.connect()
            self.reader = self.conn.sock.makefile("rb")
            self.open = True

    def close(self) -> None:
        self.open = False
        if self.reader is not None:
            self.reader.close()
            self.reader = None
        self.conn.close()

    def exchange(self, message: bytes, *, head_only: bool = False) -> Response:
        self.conn.sock.sendall(message)
        reader = self.reader
        status, reason, headers = _answer_head(reader)
        length, chunked = headers.get("content-length"), "chunked" in headers.get("transfer-encoding", "").lower()
        if head_only or status in (204, 304) or status < 200:
            data = b""
        elif chunked:
            data = _chunked_body(reader)
        elif length is not None:
            data = _exactly(reader, int(length))
        else:  # no length: the body ends with the connection
            data = reader.read()
            self.close()
        if "close" in headers.get("connection", "").lower():
            self.close()
        return Response(status, reason, data, headers)

    def stream(self, message: bytes) -> Iterator[bytes]:
        """Send a GET and yield its answer's non-blank lines as they come, without their line
        ends; StreamError for an answer other than 200, with its body."""
        self.conn.sock.sendall(message)
        reader = self.reader
        status, _, headers = _answer_head(reader)
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        length = headers.get("content-length")
        if status != 200:
            if status in (204, 304):
                body = b""
            elif chunked:
                body = _chunked_body(reader)
            elif length is not None:
                body = _exactly(reader, int(length))
            else:
                body = reader.read()
            raise StreamError(status, body)
        if not chunked:
            lines = iter(reader.readline, b"") if length is None else iter(_exactly(reader, int(length)).splitlines())
            for line in lines:
                if line.strip():
                    yield line.rstrip(b"\r\n")
            return
        yield from _chunked_lines(reader)


def _chunked_lines(reader: Any) -> Iterator[bytes]:
    """The non-blank lines of a chunked body, as its chunks arrive: a chunk is read whole (the
    API server sends a watch event as one chunk, usually) and a line split across chunks is
    joined. A chunk-size line longer than MAX_LINE, or a body cut short, raises."""
    pending: list[bytes] = []  # the start of a line the chunks so far have not ended
    for data in _chunks(reader):
        if b"\n" not in data:
            pending.append(data)
            continue
        if pending:
            pending.append(data)
            data = b"".join(pending)
            pending = []
        lines = data.split(b"\n")
        if tail := lines.pop():
            pending.append(tail)
        for part in lines:
            if part.strip():
                yield part
    if (rest := b"".join(pending)).strip():
        yield rest


def _chunks(reader: Any) -> Iterator[bytes]:
    """The data of each chunk of a chunked body, as it arrives (trailers read and dropped). A
    chunk-size line longer than MAX_LINE, or a body cut short, raises IncompleteRead."""
    while True:
        line = reader.readline(MAX_LINE + 1)
        if not line or len(line) > MAX_LINE:
            raise http.client.IncompleteRead(b"")
        try:
            size = int(line.split(b";", 1)[0], 16)
        except ValueError:
            raise http.client.IncompleteRead(b"") from None
        if size == 0:
            while (trailer := reader.readline(MAX_LINE + 1)) not in (b"\r\n", b"\n", b""):
                if len(trailer) > MAX_LINE:
                    raise http.client.LineTooLong("trailer line")
            return
        data = _exactly(reader, size)
        _exactly(reader, 2)  # the chunk's CRLF
        yield data


def _answer_head(reader: Any) -> tuple[int, str, dict[str, str]]:
    """The final answer's status, reason and headers (1xx: an interim answer; the real one follows)."""
    while True:
        status, reason = _status_line(reader.readline(MAX_LINE + 1))
        headers = _headers(reader)
        if status >= 200:
            return status, reason, headers


def _status_line(line: bytes) -> tuple[int, str]:
    if not line:
        raise http.client.RemoteDisconnected("Remote end closed connection without response")
    if len(line) > MAX_LINE:
        raise http.client.LineTooLong("status line")
    version, _, rest = line.decode("iso-8859-1").rstrip("\r\n").partition(" ")
    code, _, reason = rest.partition(" ")
    if not version.startswith("HTTP/") or len(code) != 3 or not code.isdigit():
        raise http.client.BadStatusLine(line.decode("iso-8859-1", "replace"))
    return int(code), reason.strip()


def _headers(reader: Any) -> dict[str, str]:
    """The header lines up to the blank one, names lower-cased (a repeated header is joined
    with ", ", as HTTP allows)."""
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS + 1):
        line = reader.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise http.client.LineTooLong("header line")
        if line in (b"\r\n", b"\n", b""):
            return headers
        name, _, value = line.decode("iso-8859-1").partition(":")
        key, value = name.strip().lower(), value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")


def _exactly(reader: Any, length: int) -> bytes:
    data: bytes = reader.read(length)
    if len(data) < length:
        raise http.client.IncompleteRead(data, length - len(data))
    return data


def _chunked_body(reader: Any) -> bytes:
    return b"".join(_chunks(reader))


def _load_client_certificate(
    context: ssl.SSLContext, cert_file: str | None, key_file: str | None, cert_data: str | None, key_data: str | None
) -> None:
    """A client certificate and key, from files or from PEM text (ssl loads only files: the
    text goes through a private temporary directory that is removed at once)."""
    if cert_file and key_file:
        context.load_cert_chain(cert_file, key_file)
        return
    if not (cert_data and key_data):
        return
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="tornado-client-cert-")  # mode 0700
    try:
        cert, key = Path(folder, "tls.crt"), Path(folder, "tls.key")
        cert.write_text(cert_data)
        key.touch(mode=0o600)
        key.write_text(key_data)
        context.load_cert_chain(str(cert), str(key))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _dropped(sock: Any) -> bool:
    """An idle kept-alive socket that is readable has been closed by the server (or sent
    something unasked for): not to be reused. urllib3's check, with select."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def light_connection(
    environ: Mapping[str, str] | None = None,
    in_cluster_dir: Path = IN_CLUSTER_DIR,
    *,
    client_certs: bool = False,
    pool_size: int | None = None,
) -> LightConnection | None:
    """The pod's credentials without the kubernetes package, in the kubernetes client's order
    (in-cluster first, then $KUBECONFIG or ~/.kube/config); None when they need more than a
    token and a CA (then use the kubernetes client). `client_certs`: a kubeconfig user with a
    client certificate and key is read too (the operator's case outside a cluster)."""
    env = os.environ if environ is None else environ
    host, port = env.get("KUBERNETES_SERVICE_HOST"), env.get("KUBERNETES_SERVICE_PORT")
    token_file, ca_file = in_cluster_dir / "token", in_cluster_dir / "ca.crt"
    if host and port and token_file.is_file() and ca_file.is_file():
        server = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return LightConnection(f"https://{server}", ca_file=str(ca_file), token_file=token_file, pool_size=pool_size)
    path = env.get("KUBECONFIG") or str(Path("~/.kube/config").expanduser())
    if os.pathsep in path or not Path(path).is_file():
        return None  # several files to merge, or none: the kubernetes client says what is wrong
    try:
        return _from_kubeconfig(Path(path), client_certs=client_certs, pool_size=pool_size)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # whatever this reader does not follow, the kubernetes client will


_TOKEN_USER_KEYS = {"token", "tokenFile"}
_CERT_USER_KEYS = {"client-certificate", "client-certificate-data", "client-key", "client-key-data"}
_PLAIN_CLUSTER_KEYS = {"server", "certificate-authority", "certificate-authority-data", "extensions"}


def _from_kubeconfig(path: Path, *, client_certs: bool = False, pool_size: int | None = None) -> LightConnection | None:
    import yaml

    doc = yaml.safe_load(path.read_text())

    def named(section: str, name: str) -> dict[str, Any]:
        entry = next(item for item in doc.get(section) or [] if item.get("name") == name)
        return dict(entry.get(section[:-1]) or {})

    context = named("contexts", doc["current-context"])
    cluster, user = named("clusters", context["cluster"]), named("users", context["user"])
    allowed = _TOKEN_USER_KEYS | (_CERT_USER_KEYS if client_certs else set())
    if set(user) - allowed or not user or set(cluster) - _PLAIN_CLUSTER_KEYS:
        return None  # (client certificates,) exec plugins, proxies, skipped verification...
    server = str(cluster["server"])
    if not server.startswith("https://"):
        return None
    base = path.parent
    ca_file = ca_data = None
    if cluster.get("certificate-authority-data"):
        ca_data = base64.b64decode(cluster["certificate-authority-data"]).decode()
    elif cluster.get("certificate-authority"):
        ca_file = str(base / cluster["certificate-authority"])
    else:
        return None  # the system's CAs: leave that to the kubernetes client
    token_file = base / user["tokenFile"] if user.get("tokenFile") else None
    cert_file = str(base / user["client-certificate"]) if user.get("client-certificate") else None
    key_file = str(base / user["client-key"]) if user.get("client-key") else None
    cert_data = base64.b64decode(user["client-certificate-data"]).decode() if user.get("client-certificate-data") else None
    key_data = base64.b64decode(user["client-key-data"]).decode() if user.get("client-key-data") else None
    if bool(cert_file or cert_data) != bool(key_file or key_data):
        return None  # half a key pair: let the kubernetes client say what is wrong
    return LightConnection(
        server, ca_file=ca_file, ca_data=ca_data, token=user.get("token"), token_file=token_file,
        cert_file=cert_file, key_file=key_file, cert_data=cert_data, key_data=key_data, pool_size=pool_size,
    )

"""LightConnection, the iteration pod's way to the API server (controller/kube_http.py): the
standard library's http.client with the guarantees the pod had from urllib3's PoolManager.

Against tests/fake_api_https.py (FakeKube behind TLS on loopback), which can close or drop a
connection on purpose."""

from __future__ import annotations

import http.client
import io
import ssl
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from fake_api_https import CHUNKED, CLOSE_AFTER, CLOSE_HEADER, DROP, FakeApiServer
from fake_kube import FakeKube
from tornado_operator.controller.kube import CUSTOM, Kube, api_status
from tornado_operator.controller.kube_http import LightConnection
from tornado_operator.webhook.certs import make_serving_cert

NS = "team"
PATHWAY = {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "Pathway", "metadata": {"name": "p", "namespace": NS}, "spec": {}}
PATH = f"{CUSTOM}/namespaces/{NS}/pathways/p"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[FakeApiServer]:
    kube = FakeKube()
    kube.put_object("pathways", NS, PATHWAY)
    with FakeApiServer(kube, tmp_path / "api") as server:
        yield server


def connection(api: FakeApiServer) -> LightConnection:
    return LightConnection(api.url, ca_file=str(api.ca_file), token=api.token)


def test_requests_share_one_kept_alive_connection(api: FakeApiServer) -> None:
    light = connection(api)
    for _ in range(3):
        answer = light.request("GET", PATH)
        assert answer.status == 200 and answer.json()["metadata"]["name"] == "p"
    assert api.connections == 1


def test_a_chunked_answer_is_read_whole_and_the_connection_kept(api: FakeApiServer) -> None:
    light = connection(api)
    api.plan.append(CHUNKED)
    answer = light.request("GET", PATH)
    assert answer.status == 200 and answer.json()["metadata"]["name"] == "p"
    assert answer.headers["transfer-encoding"] == "chunked" and answer.headers["content-type"] == "application/json"
    assert light.request("GET", PATH).json()["metadata"]["name"] == "p"  # the next answer, on the same connection
    assert api.connections == 1


def test_an_answer_that_says_connection_close_is_read_and_its_connection_not_reused(api: FakeApiServer) -> None:
    light = connection(api)
    api.plan.append(CLOSE_HEADER)
    assert light.request("GET", PATH).json()["metadata"]["name"] == "p"
    assert light.request("GET", PATH).status == 200
    assert api.connections == 2


def test_a_not_found_answer_keeps_its_body_and_headers(api: FakeApiServer) -> None:
    answer = connection(api).request("GET", f"{CUSTOM}/namespaces/{NS}/pathways/missing")
    assert answer.status == 404 and answer.reason == "Not Found" and not answer.ok
    assert answer.json()["reason"] == "NotFound" and int(answer.headers["content-length"]) == len(answer.data)


def test_a_connection_the_server_closed_while_idle_is_replaced_not_failed(api: FakeApiServer) -> None:
    light = connection(api)
    api.plan.append(CLOSE_AFTER)  # answers, then closes without a Connection: close header
    api.closed.clear()
    assert light.request("GET", PATH).status == 200
    assert api.closed.wait(5)
    # Any method, even one that must not be sent twice: the dead connection is seen before use.
    created = light.request("POST", f"{CUSTOM}/namespaces/{NS}/pathways", body={**PATHWAY, "metadata": {"name": "q"}})
    assert created.status == 201
    assert api.connections == 2
    assert [method for method, _ in api.requests] == ["GET", "POST"]


def test_an_idempotent_request_is_retried_when_the_connection_breaks_before_the_answer(api: FakeApiServer) -> None:
    light = connection(api)
    api.plan.append(DROP)
    assert light.request("GET", PATH).json()["metadata"]["name"] == "p"
    assert api.requests == [("GET", PATH), ("GET", PATH)]


def test_a_post_that_may_have_arrived_is_not_sent_twice(api: FakeApiServer) -> None:
    light = connection(api)
    api.plan.append(DROP)
    with pytest.raises((http.client.HTTPException, OSError)):
        light.request("POST", f"{CUSTOM}/namespaces/{NS}/pathways", body={**PATHWAY, "metadata": {"name": "q"}})
    assert [method for method, _ in api.requests] == ["POST"]


def test_only_the_given_ca_is_trusted(api: FakeApiServer) -> None:
    other_ca = make_serving_cert(["127.0.0.1"]).ca_pem.decode()
    light = LightConnection(api.url, ca_data=other_ca, token=api.token)
    with pytest.raises(ssl.SSLCertVerificationError):
        light.request("GET", PATH)
    assert api.requests == []


def test_the_server_url_keeps_its_path_and_the_token_is_sent(tmp_path: Path) -> None:
    kube = FakeKube()
    kube.put_object("pathways", NS, PATHWAY)
    with FakeApiServer(kube, tmp_path / "api", prefix="/k8s/clusters/c-1") as api:
        assert connection(api).request("GET", PATH).status == 200
        assert api.requests == [("GET", "/k8s/clusters/c-1" + PATH)]
        wrong = LightConnection(api.url, ca_file=str(api.ca_file), token="someone-else")
        with pytest.raises(Exception) as refused:
            Kube(http=wrong).get("pathways", NS, "p")
        assert api_status(refused.value) == 401  # the client's ApiException, as before


def test_the_operator_presents_a_kubeconfigs_client_certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`light_connection(client_certs=True)` (the operator) reads a client certificate and key,
    from files or inline data, and presents them; the pod's default still leaves them to the
    kubernetes client. Inline data goes through a private temporary folder, removed at once."""
    import base64
    import tempfile

    import yaml

    from tornado_operator.controller.kube_http import light_connection
    from webhook_pki import client_pki

    client_ca, cert, key = client_pki(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    kube = FakeKube()
    kube.put_object("pathways", NS, PATHWAY)
    server = FakeApiServer(kube, tmp_path / "api")
    server.context.verify_mode = ssl.CERT_REQUIRED  # this server refuses a client without a certificate
    server.context.load_verify_locations(cafile=str(client_ca))

    def b64(path: Path) -> str:
        return base64.b64encode(path.read_bytes()).decode()

    def write(path: Path, server_url: str, ca: Path, user: dict[str, str]) -> dict[str, str]:
        path.write_text(yaml.safe_dump({
            "clusters": [{"name": "c", "cluster": {"server": server_url, "certificate-authority": str(ca)}}],
            "users": [{"name": "u", "user": user}],
            "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}],
            "current-context": "x",
        }))  # fmt: skip
        return {"KUBECONFIG": str(path)}

    with server as api:
        users = [
            {"client-certificate": str(cert), "client-key": str(key), "token": api.token},
            {"client-certificate-data": b64(cert), "client-key-data": b64(key), "token": api.token},
        ]
        for user in users:
            env = write(tmp_path / "kubeconfig", api.url, api.ca_file, user)
            assert light_connection(env, tmp_path / "absent") is None  # an iteration pod: the kubernetes client
            light = light_connection(env, tmp_path / "absent", client_certs=True, pool_size=8)
            assert light is not None and light.pool_size == 8
            assert light.request("GET", PATH).status == 200
            half = {k: v for k, v in user.items() if "key" not in k}
            env = write(tmp_path / "kubeconfig", api.url, api.ca_file, half)
            assert light_connection(env, tmp_path / "absent", client_certs=True) is None  # half a key pair
        assert list(scratch.iterdir()) == []  # the inline key did not stay on disk
        without = LightConnection(api.url, ca_file=str(api.ca_file), token=api.token)
        with pytest.raises((OSError, http.client.HTTPException)):
            without.request("GET", PATH)


def test_the_answer_parser_limits_are_http_clients() -> None:
    """At most MAX_HEADERS header lines of at most MAX_LINE bytes (http.client's own limits);
    a chunked body is read whole; a short one, or a closed connection, is an error."""
    import io

    from tornado_operator.controller import kube_http

    def headers(count: int, width: int = 10) -> bytes:
        return b"".join(b"X-H%d: %s\r\n" % (i, b"v" * width) for i in range(count)) + b"\r\n"

    assert len(kube_http._headers(io.BytesIO(headers(kube_http.MAX_HEADERS)))) == kube_http.MAX_HEADERS
    with pytest.raises(http.client.HTTPException):
        kube_http._headers(io.BytesIO(headers(kube_http.MAX_HEADERS + 1)))
    line = b"X-Long: " + b"v" * (kube_http.MAX_LINE - 10) + b"\r\n"
    assert len(line) == kube_http.MAX_LINE
    assert kube_http._headers(io.BytesIO(line + b"\r\n"))["x-long"].startswith("vvv")
    with pytest.raises(http.client.LineTooLong):
        kube_http._headers(io.BytesIO(b"X-Long: v" + line + b"\r\n"))
    assert kube_http._headers(io.BytesIO(b"A: 1\r\na: 2\r\n\r\n")) == {"a": "1, 2"}
    assert kube_http._chunked_body(io.BytesIO(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: t\r\n\r\n")) == b"abcde"
    with pytest.raises(http.client.IncompleteRead):
        kube_http._chunked_body(io.BytesIO(b"5\r\nab"))
    assert kube_http._status_line(b"HTTP/1.1 409 Conflict\r\n") == (409, "Conflict")
    with pytest.raises(http.client.RemoteDisconnected):
        kube_http._status_line(b"")
    with pytest.raises(http.client.BadStatusLine):
        kube_http._status_line(b"hello\r\n")


class _FakeSocket:
    def __init__(self) -> None:
        self.sent = b""

    def sendall(self, data: bytes) -> None:
        self.sent += data


class _FakeConn:
    def __init__(self) -> None:
        self.sock = _FakeSocket()

    def close(self) -> None:
        pass


class _Pieces(io.RawIOBase):
    """A socket's raw reader that hands out `data` at most one piece a read (a TCP segment, a TLS
    record), cut at `cuts` (offsets into data): the buffered reader above it must join them."""

    def __init__(self, data: bytes, cuts: Sequence[int] = ()) -> None:
        ends = [*sorted(set(c for c in cuts if 0 < c < len(data))), len(data)]
        self.pieces = [data[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.pieces:
            return 0  # the connection closed
        piece = self.pieces[0]
        n = min(len(buffer), len(piece))
        buffer[:n] = piece[:n]
        if n == len(piece):
            self.pieces.pop(0)
        else:
            self.pieces[0] = piece[n:]
        return n


def _stream(answer: bytes, cuts: Sequence[int] = ()) -> list[bytes]:
    """The lines `_Channel.stream` yields for a raw HTTP answer (read in pieces cut at `cuts`)."""
    from tornado_operator.controller import kube_http

    channel = kube_http._Channel(_FakeConn())  # type: ignore[arg-type]
    channel.reader, channel.open = io.BufferedReader(_Pieces(answer, cuts)), True
    lines = list(channel.stream(b"GET /w HTTP/1.1\r\n\r\n"))
    assert channel.conn.sock.sent == b"GET /w HTTP/1.1\r\n\r\n"  # type: ignore[attr-defined]
    return lines


def _chunks(*parts: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


CHUNKED_OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"


def test_a_watch_stream_is_read_line_by_line_from_its_chunks() -> None:
    """One event a chunk (the API server's way), several in one chunk, one split across chunks
    (a large object), blank lines skipped, a last line without its newline: each event once,
    whole, without its line end; an interim 1xx answer is skipped."""
    a, b, c, d = b'{"type":"ADDED","n":1}', b'{"type":"MODIFIED","n":2}', b'{"type":"DELETED","n":3}', b'{"n":4}'
    answer = b"HTTP/1.1 100 Continue\r\n\r\n" + CHUNKED_OK + _chunks(
        a + b"\n", b"\n", b + b"\n" + c[:5], c[5:12], c[12:] + b"\n\r\n" + d[:3], d[3:]
    )
    assert _stream(answer) == [a, b, c, d]
    assert _stream(CHUNKED_OK + _chunks()) == []


def test_a_watch_stream_without_chunks_is_read_to_its_end_or_its_length() -> None:
    body = b'{"n":1}\n\n{"n":2}\r\n{"n":3}'
    assert _stream(b"HTTP/1.1 200 OK\r\n\r\n" + body) == [b'{"n":1}', b'{"n":2}', b'{"n":3}']
    sized = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
    assert _stream(sized + body + b"more, not read") == [b'{"n":1}', b'{"n":2}', b'{"n":3}']


def test_a_watch_answer_other_than_200_is_a_stream_error_with_its_body() -> None:
    from tornado_operator.controller.kube_http import StreamError

    gone = b'{"kind":"Status","code":410}'
    for answer in (
        b"HTTP/1.1 410 Gone\r\nContent-Length: %d\r\n\r\n%s" % (len(gone), gone),
        b"HTTP/1.1 410 Gone\r\nTransfer-Encoding: chunked\r\n\r\n" + _chunks(gone[:10], gone[10:]),
        b"HTTP/1.1 410 Gone\r\n\r\n" + gone,
    ):
        with pytest.raises(StreamError) as error:
            _stream(answer)
        assert error.value.status == 410 and error.value.body == gone


def test_a_watch_stream_cut_short_or_malformed_is_an_error_and_its_limits_are_http_clients() -> None:
    """A body that ends inside a chunk, before its last chunk, or with a chunk-size line that
    is not hex is an error (the informer lists again); a chunk-size line of MAX_LINE bytes is
    read, one byte more is an error."""
    from tornado_operator.controller import kube_http

    event = b'{"n":1}\n'
    with pytest.raises(http.client.IncompleteRead):
        _stream(CHUNKED_OK + b"8\r\n" + event[:4])
    with pytest.raises(http.client.IncompleteRead):
        _stream(CHUNKED_OK + b"8\r\n" + event + b"\r\n")  # the connection closed, no last chunk
    with pytest.raises(http.client.IncompleteRead):
        _stream(CHUNKED_OK + b"zz\r\n" + event + b"\r\n0\r\n\r\n")
    size = b"8;" + b"x" * (kube_http.MAX_LINE - 4) + b"\r\n"
    assert len(size) == kube_http.MAX_LINE
    assert _stream(CHUNKED_OK + size + event + b"\r\n0\r\n\r\n") == [b'{"n":1}']
    with pytest.raises(http.client.IncompleteRead):
        _stream(CHUNKED_OK + b"8;x" + size[2:] + event + b"\r\n0\r\n\r\n")


def test_a_watch_stream_read_in_pieces_cut_anywhere_gives_the_same_events() -> None:
    """The socket hands the answer over in pieces (TCP segments, TLS records) cut anywhere:
    inside the status line, a header, a chunk-size line or its extension, an event, a chunk's
    CRLF (between its CR and LF), the last chunk or its trailer. Each cut, and one byte a read,
    gives the same events, each once and whole."""
    a, b, c = b'{"type":"ADDED","n":1}', b'{"type":"MODIFIED","n":2}', b'{"type":"BOOKMARK","n":3}'
    body = b"%x;ext=1\r\n%s\r\n" % (len(a) + 1, a + b"\n") + b"%x\r\n%s\r\n" % (len(b) + 6, b + b"\n" + c[:5])
    body += b"%x\r\n%s\r\n" % (len(c) - 5 + 1, c[5:] + b"\n") + b"0\r\nTrailer: t\r\n\r\n"
    answer = CHUNKED_OK + body
    assert _stream(answer) == [a, b, c]
    for cut in range(1, len(answer)):
        assert _stream(answer, [cut]) == [a, b, c], cut
    assert _stream(answer, range(1, len(answer))) == [a, b, c]  # one byte a read
    for step in (2, 3, 7, 13):
        assert _stream(answer, range(step, len(answer), step)) == [a, b, c], step


def test_an_event_split_across_chunks_anywhere_is_one_line() -> None:
    """Two events cut into three chunks at every pair of places (a chunk of size 0 would be the
    body's end, so every chunk holds at least a byte): always the two events, whole."""
    a, b = b'{"type":"ADDED","object":{"n":1}}', b'{"type":"DELETED","object":{"n":2}}'
    body = a + b"\n" + b + b"\n"
    for i in range(1, len(body) - 1):
        for j in range(i + 1, len(body)):
            assert _stream(CHUNKED_OK + _chunks(body[:i], body[i:j], body[j:])) == [a, b], (i, j)
    assert _stream(CHUNKED_OK + _chunks(*(body[k : k + 1] for k in range(len(body))))) == [a, b]  # a byte a chunk


def test_a_watch_streams_head_and_trailer_limits_are_http_clients_on_both_sides() -> None:
    """The answer's status line and each header or trailer line may be MAX_LINE bytes, not one
    more; there may be MAX_HEADERS header lines, not one more (http.client's own limits)."""
    from tornado_operator.controller import kube_http

    event = b'{"n":1}'
    body = _chunks(event + b"\n")
    te = b"Transfer-Encoding: chunked\r\n"

    status = b"HTTP/1.1 200 " + b"O" * (kube_http.MAX_LINE - 15) + b"\r\n"
    assert len(status) == kube_http.MAX_LINE
    assert _stream(status + te + b"\r\n" + body) == [event]
    with pytest.raises(http.client.LineTooLong):
        _stream(status[:13] + b"O" + status[13:] + te + b"\r\n" + body)

    def filler(count: int) -> bytes:
        return b"".join(b"X-H%d: v\r\n" % i for i in range(count))

    assert _stream(b"HTTP/1.1 200 OK\r\n" + filler(kube_http.MAX_HEADERS - 1) + te + b"\r\n" + body) == [event]
    with pytest.raises(http.client.HTTPException, match="more than 100 headers"):
        _stream(b"HTTP/1.1 200 OK\r\n" + filler(kube_http.MAX_HEADERS) + te + b"\r\n" + body)

    header = b"X-Long: " + b"v" * (kube_http.MAX_LINE - 10) + b"\r\n"
    assert len(header) == kube_http.MAX_LINE
    assert _stream(b"HTTP/1.1 200 OK\r\n" + header + te + b"\r\n" + body) == [event]
    with pytest.raises(http.client.LineTooLong):
        _stream(b"HTTP/1.1 200 OK\r\nX-Long: v" + header[8:] + te + b"\r\n" + body)

    trailer = b"X-Trailer: " + b"t" * (kube_http.MAX_LINE - 13) + b"\r\n"
    assert len(trailer) == kube_http.MAX_LINE
    chunk = b"%x\r\n%s\r\n" % (len(event) + 1, event + b"\n")
    assert _stream(CHUNKED_OK + chunk + b"0\r\n" + trailer + b"\r\n") == [event]
    with pytest.raises(http.client.LineTooLong):
        _stream(CHUNKED_OK + chunk + b"0\r\nX-Trailer: t" + trailer[11:] + b"\r\n")


def test_a_watch_over_tls_reads_events_as_they_come_until_the_stream_ends(api: FakeApiServer) -> None:
    """LightConnection.stream against a server that writes a watch's answer a few bytes at a
    time (each write flushed: the client reads whatever has arrived): its events, each whole;
    the stream ends with its last chunk, or with the connection of an answer that has neither
    length nor chunks; a 410 answer is a StreamError with its body. A watch has a connection
    of its own, closed at its end, never one of the pool's."""
    from tornado_operator.controller.kube_http import StreamError

    light = connection(api)
    watch = f"{CUSTOM}/namespaces/{NS}/pathways"
    a, b = b'{"type":"ADDED","object":{"n":1}}', b'{"type":"MODIFIED","object":{"n":2}}'
    api.watches.append(CHUNKED_OK + _chunks(a + b"\n" + b[:9], b[9:] + b"\n"))
    api.watches.append(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + a + b"\n" + b + b"\n")
    gone = b'{"kind":"Status","code":410,"reason":"Expired"}'
    api.watches.append(b"HTTP/1.1 410 Gone\r\nContent-Length: %d\r\n\r\n%s" % (len(gone), gone))
    assert list(light.stream(watch, query=[("watch", "1")])) == [a, b]
    assert list(light.stream(watch, query=[("watch", "1"), ("resourceVersion", "7")])) == [a, b]
    with pytest.raises(StreamError) as error:
        list(light.stream(watch, query=[("watch", "1")]))
    assert error.value.status == 410 and error.value.body == gone
    assert api.requests == [("GET", f"{watch}?watch=1"), ("GET", f"{watch}?watch=1&resourceVersion=7"), ("GET", f"{watch}?watch=1")]
    assert api.connections == 3
    assert light.request("GET", PATH).status == 200 and api.connections == 4  # the pool held no watch's connection


def test_a_silent_watch_times_out_after_the_events_it_sent(api: FakeApiServer) -> None:
    """A watch whose server stops sending (and keeps the connection open) raises a timeout
    after the events already sent, once its socket timeout passes (the informer's
    SOCKET_TIMEOUT: the informer then lists again)."""
    light = connection(api)
    a = b'{"type":"ADDED","object":{"n":1}}'
    api.watches.append(CHUNKED_OK + b"%x\r\n%s\r\n" % (len(a) + 1, a + b"\n"))  # no last chunk: still open
    api.hold_watches = True
    seen: list[bytes] = []
    try:
        with pytest.raises(TimeoutError):
            for event in light.stream(f"{CUSTOM}/namespaces/{NS}/pathways", query=[("watch", "1")], timeout=0.2):
                seen.append(event)
    finally:
        api.release.set()
    assert seen == [a]

"""controller/informer.py: list in pages, watch from the list's resourceVersion, resume, list
again after 410 Gone; and the reference cache it keeps (controller/cache.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from tornado_operator.controller.cache import ReferenceCache
from tornado_operator.controller.informer import Informer, resource_path
from tornado_operator.controller.kube import CUSTOM, Kube
from tornado_operator.controller.kube_http import JSON, Response, StreamError


def scenario(name: str, pathway: str, rv: str = "1", namespace: str = "n") -> dict[str, Any]:
    return {"metadata": {"name": name, "namespace": namespace, "resourceVersion": rv}, "spec": {"pathwayId": pathway}}


class Scripted:
    """A Connection answering lists from `pages` and watches from `streams`, in order."""

    def __init__(self, pages: list[dict[str, Any]], streams: list[list[dict[str, Any]] | StreamError]) -> None:
        self.pages = pages
        self.streams = streams
        self.lists: list[list[tuple[str, str]]] = []
        self.watches: list[list[tuple[str, str]]] = []

    def request(
        self, method: str, path: str, *, query: Sequence[tuple[str, str]] = (), body: Any = None, content_type: str = JSON
    ) -> Response:
        self.lists.append(list(query))
        return Response(200, "OK", json.dumps(self.pages.pop(0)).encode(), {})

    def stream(self, path: str, *, query: Sequence[tuple[str, str]] = (), timeout: float | None = None) -> Iterator[bytes]:
        self.watches.append(list(query))
        answer = self.streams.pop(0)
        if isinstance(answer, StreamError):
            raise answer
        for event in answer:
            yield json.dumps(event).encode() + b"\n"


def test_lists_in_pages_then_watches_from_the_lists_version_and_resumes() -> None:
    conn = Scripted(
        pages=[
            {"metadata": {"resourceVersion": "10", "continue": "c1"}, "items": [scenario("a", "p")]},
            {"metadata": {"resourceVersion": "10"}, "items": [scenario("b", "p")]},
        ],
        streams=[
            [{"type": "ADDED", "object": scenario("c", "q", "11")}, {"type": "BOOKMARK", "object": {"metadata": {"resourceVersion": "15"}}}],
            [{"type": "DELETED", "object": scenario("a", "p", "16")}],
        ],
    )
    seen: list[tuple[str, str]] = []
    listed: list[set[tuple[str, str]]] = []
    informer = Informer(Kube(http=conn), resource_path(CUSTOM, "testscenarios", None), lambda kind, obj: seen.append((kind, obj["metadata"]["name"])), listed.append)
    version = informer.list_all()
    assert version == "10" and listed == [{("n", "a"), ("n", "b")}]
    assert ("continue", "c1") in conn.lists[1] and ("limit", "500") in conn.lists[0]
    assert informer.watch(version) == "15"  # a bookmark moves the version, and is no event
    assert ("resourceVersion", "10") in conn.watches[0]
    assert informer.watch("15") == "16"
    assert ("resourceVersion", "15") in conn.watches[1]
    assert seen == [("ADDED", "a"), ("ADDED", "b"), ("ADDED", "c"), ("DELETED", "a")]


def test_a_version_too_old_lists_again() -> None:
    import pytest

    from tornado_operator.controller.informer import Gone

    informer = Informer(Kube(http=Scripted([], [StreamError(410, b"gone")])), "/x", lambda kind, obj: None)
    with pytest.raises(Gone):
        informer.watch("1")
    gone_event = Scripted([], [[{"type": "ERROR", "object": {"code": 410, "message": "too old"}}]])
    with pytest.raises(Gone):
        Informer(Kube(http=gone_event), "/x", lambda kind, obj: None).watch("1")


def test_run_relists_after_gone_and_forgets_what_the_new_listing_lacks() -> None:
    cache = ReferenceCache()
    first = {"metadata": {"resourceVersion": "5"}, "items": [scenario("a", "p"), scenario("b", "p")]}
    second = {"metadata": {"resourceVersion": "20"}, "items": [scenario("b", "p", "18")]}  # a deleted meanwhile
    conn = Scripted([first, second], [StreamError(410, b"gone"), [{"type": "ADDED", "object": scenario("c", "p", "21")}]])
    informer = Informer(
        Kube(http=conn),
        "/x",
        lambda kind, obj: cache.event("testscenarios", kind, obj),
        lambda keys: cache.keep_only("testscenarios", None, keys),
    )

    original = informer.watch

    def watch_then_stop(version: str) -> str | None:
        result = original(version)
        informer.stop.set()  # after the second stream
        return result

    calls = {"n": 0}

    def watch(version: str) -> str | None:
        calls["n"] += 1
        return original(version) if calls["n"] == 1 else watch_then_stop(version)

    informer.watch = watch  # type: ignore[method-assign]
    informer.run()
    assert informer.synced.is_set()
    assert [s["metadata"]["name"] for s in cache.scenarios_of("n", "p")] == ["b", "c"]


def test_the_cache_indexes_scenarios_by_pathway_and_moves_one_whose_pathway_changed() -> None:
    cache = ReferenceCache()
    cache.event("testscenarios", "ADDED", scenario("s", "p"))
    cache.event("testscenarios", "ADDED", scenario("t", "p", namespace="other"))
    cache.event("testscenarios", "MODIFIED", scenario("s", "q"))
    assert cache.scenarios_of("n", "p") == [] and [s["metadata"]["name"] for s in cache.scenarios_of("n", "q")] == ["s"]
    cache.event("pathways", "ADDED", {"metadata": {"name": "q", "namespace": "n"}, "spec": {"nodes": []}})
    cache.keep_only("testscenarios", "n", set())  # a listing of namespace n that holds none
    assert cache.scenarios_of("n", "q") == [] and len(cache.scenarios_of("other", "p")) == 1
    assert cache.get("pathways", "n", "q") is not None
    cache.event("pathways", "DELETED", {"metadata": {"name": "q", "namespace": "n"}})
    assert cache.get("pathways", "n", "q") is None


def test_an_event_that_arrives_after_stop_is_dropped_not_handed_to_a_stopping_loop() -> None:
    # the operator's cleanup sets stop while a watch is blocked on the stream; what the stream
    # then delivers must not reach the event loop, whose executor may already be shut down
    seen: list[str] = []
    informer = Informer(
        Kube(http=Scripted([], [[{"type": "DELETED", "object": scenario("a", "p", "2")},
                                 {"type": "ADDED", "object": scenario("b", "p", "3")}]])),
        "/x", lambda kind, obj: seen.append(obj["metadata"]["name"]),
    )
    informer.stop.set()
    informer.watch("1")
    assert seen == []
    listing = Informer(Kube(http=Scripted([{"metadata": {"resourceVersion": "5"}, "items": [scenario("a", "p")]}], [])),
                       "/x", lambda kind, obj: seen.append(obj["metadata"]["name"]))
    listing.stop.set()
    listing.list_all()
    assert seen == []
    # and running, every event arrives
    live = Informer(Kube(http=Scripted([], [[{"type": "ADDED", "object": scenario("c", "p", "4")}]])),
                    "/x", lambda kind, obj: seen.append(obj["metadata"]["name"]))
    live.watch("1")
    assert seen == ["c"]


class Wire:
    """A Connection answering lists from `pages` and each watch with the next raw HTTP answer
    of `answers` (status line, headers, body as the API server writes them), read by
    LightConnection's own reader (`_Channel.stream`) in pieces of `piece` bytes."""

    def __init__(self, pages: list[dict[str, Any]], answers: list[bytes], piece: int = 7) -> None:
        self.scripted = Scripted(pages, [])
        self.answers = answers
        self.piece = piece
        self.watches: list[list[tuple[str, str]]] = []

    @property
    def lists(self) -> list[list[tuple[str, str]]]:
        return self.scripted.lists

    def request(
        self, method: str, path: str, *, query: Sequence[tuple[str, str]] = (), body: Any = None, content_type: str = JSON
    ) -> Response:
        return self.scripted.request(method, path, query=query, body=body, content_type=content_type)

    def stream(self, path: str, *, query: Sequence[tuple[str, str]] = (), timeout: float | None = None) -> Iterator[bytes]:
        import io

        from tornado_operator.controller import kube_http

        self.watches.append(list(query))
        answer, piece = self.answers.pop(0), self.piece

        class Pieces(io.RawIOBase):
            offset = 0

            def readable(self) -> bool:
                return True

            def readinto(self, buffer: Any) -> int:
                data = answer[self.offset : self.offset + min(piece, len(buffer))]
                buffer[: len(data)] = data
                self.offset += len(data)
                return len(data)

        class Sock:
            def sendall(self, data: bytes) -> None:
                assert data.startswith(b"GET ")

        class Conn:
            sock = Sock()

            def close(self) -> None:
                pass

        channel = kube_http._Channel(Conn())  # type: ignore[arg-type]
        channel.reader, channel.open = io.BufferedReader(Pieces()), True
        yield from channel.stream(b"GET / HTTP/1.1\r\n\r\n")


CHUNKED_OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"


def chunked(*parts: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


def line(kind: str, obj: dict[str, Any]) -> bytes:
    return json.dumps({"type": kind, "object": obj}).encode() + b"\n"


def test_through_the_real_reader_a_stream_that_ends_resumes_and_410_in_the_stream_or_as_the_answer_lists_again() -> None:
    """The informer over LightConnection's reader: events split across chunks and reads, a
    stream that ends (its last chunk: the API server's timeoutSeconds) resumed from the last
    resourceVersion (a bookmark's included); a 410 ERROR event inside a chunked stream, and a
    410 answer, each list again; the listing then forgets what it no longer holds."""
    cache = ReferenceCache()
    added, bookmark = line("ADDED", scenario("c", "p", "11")), line("BOOKMARK", {"metadata": {"resourceVersion": "15"}})
    gone_event = line("ERROR", {"kind": "Status", "code": 410, "reason": "Expired", "message": "too old resource version"})
    gone = b'{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}'
    conn = Wire(
        pages=[
            {"metadata": {"resourceVersion": "10"}, "items": [scenario("a", "p"), scenario("b", "p")]},
            {"metadata": {"resourceVersion": "30"}, "items": [scenario("b", "p", "28"), scenario("c", "p", "29")]},
            {"metadata": {"resourceVersion": "40"}, "items": [scenario("c", "p", "29")]},
        ],
        answers=[
            CHUNKED_OK + chunked(added[:9], added[9:] + bookmark[:20], bookmark[20:]),  # ends: resume from 15
            CHUNKED_OK + chunked(line("DELETED", scenario("a", "p", "16")), gone_event),  # 410 inside: list again
            b"HTTP/1.1 410 Gone\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(gone), gone),
            CHUNKED_OK + chunked(line("MODIFIED", scenario("c", "q", "41"))),
        ],
    )
    informer = Informer(
        Kube(http=conn), "/x", lambda kind, obj: cache.event("testscenarios", kind, obj),
        lambda keys: cache.keep_only("testscenarios", None, keys),
    )
    original = informer.watch

    def watch(version: str) -> str | None:
        result = original(version)
        if not conn.answers:
            informer.stop.set()
        return result

    informer.watch = watch  # type: ignore[method-assign]
    informer.run()
    versions = [dict(query)["resourceVersion"] for query in conn.watches]
    assert versions == ["10", "15", "30", "40"]  # resumed from the bookmark; after each 410 from a new listing
    assert len(conn.lists) == 3
    assert cache.scenarios_of("n", "p") == [] and [s["metadata"]["name"] for s in cache.scenarios_of("n", "q")] == ["c"]


def test_through_the_real_reader_a_stream_cut_short_is_an_error_the_informer_lists_again_after() -> None:
    """A body cut inside an event, or one closed before its last chunk, is an error out of
    watch (run() lists again after a backoff): the events read whole before it were handed on."""
    import http.client

    import pytest

    seen: list[str] = []
    first = line("ADDED", scenario("a", "p", "2"))
    for answer in (CHUNKED_OK + b"%x\r\n%s" % (len(first) + 5, first), CHUNKED_OK + b"%x\r\n%s\r\n" % (len(first), first)):
        informer = Informer(Kube(http=Wire([], [answer])), "/x", lambda kind, obj: seen.append(obj["metadata"]["name"]))
        with pytest.raises(http.client.IncompleteRead):
            informer.watch("1")
    assert seen == ["a"]  # the second answer's whole event; the first's was cut

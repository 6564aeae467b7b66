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

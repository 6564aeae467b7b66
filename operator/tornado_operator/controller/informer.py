"""A light list-and-watch of one resource over controller/kube_http.py, in a thread of its own.

kopf hands every watch event to a per-object asyncio worker, through body and patch wrappers,
loggers and cause detection: about 1 ms of CPU per event (issue 19's profile), and its first
listing of every watched object is held at once. What only needs to *know* about objects (the
admission webhook's reference cache, the wake-ups of session workers by their Jobs) reads
them here instead: one `json.loads` per event, a callback, nothing else; the listing is read in
pages of PAGE_SIZE.

The callbacks run in the informer's thread: `on_event(type, obj)` with type ADDED, MODIFIED or
DELETED (ADDED also for every object of a (re)listing), then, once a (re)listing is complete,
`on_listed(keys)` with the (namespace, name) of every object it held, so a consumer can forget
what was deleted while the stream was down. A stream that ends is resumed from the last
resourceVersion; one that is too old (410 Gone) or broken is listed again, with a backoff.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tornado_operator.controller.kube import Kube, api_message
from tornado_operator.controller.kube_http import StreamError

log = logging.getLogger(__name__)

PAGE_SIZE = 500
WATCH_SECONDS = 290  # the API server ends the stream after it; resumed at once
SOCKET_TIMEOUT = WATCH_SECONDS + 40.0  # bookmarks come about every minute: a silent socket is dead
BACKOFF_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)

Key = tuple[str, str]  # (namespace, name)
OnEvent = Callable[[str, dict[str, Any]], None]
OnListed = Callable[[set[Key]], None]


class Gone(Exception):
    """The watch's resourceVersion is too old (410): list again."""


def resource_path(base: str, plural: str, namespace: str | None) -> str:
    return f"{base}/{plural}" if namespace is None else f"{base}/namespaces/{namespace}/{plural}"


def key_of(obj: dict[str, Any]) -> Key:
    meta = obj.get("metadata") or {}
    return (str(meta.get("namespace") or ""), str(meta.get("name") or ""))


@dataclass
class Informer:
    kube: Kube
    path: str  # resource_path(...): a namespace's objects or every namespace's
    on_event: OnEvent
    on_listed: OnListed | None = None
    labels: str | None = None
    name: str = "informer"
    stop: threading.Event = field(default_factory=threading.Event)
    synced: threading.Event = field(default_factory=threading.Event)  # the first listing is done
    _thread: threading.Thread | None = None

    def start(self) -> Informer:
        self._thread = threading.Thread(target=self.run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def run(self) -> None:
        failures = 0
        version: str | None = None
        while not self.stop.is_set():
            try:
                if version is None:
                    version = self.list_all()
                    self.synced.set()
                version = self.watch(version)
                failures = 0
            except Gone:
                version = None
            except Exception as exc:  # the API server restarted, a network hiccup: list again
                version = None
                delay = BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS) - 1)]
                failures += 1
                log.warning("%s: %s; listing again in %.1f s", self.name, api_message(exc), delay)
                self.stop.wait(delay)

    def _selector(self) -> list[tuple[str, str]]:
        return [("labelSelector", self.labels)] if self.labels else []

    def list_all(self) -> str:
        """List in pages, each object an ADDED event; then on_listed. The list's resourceVersion."""
        seen: set[Key] = set()
        token: str | None = None
        version = ""
        while True:
            query = [*self._selector(), ("limit", str(PAGE_SIZE))]
            if token:
                query.append(("continue", token))
            items, version, token = self.kube.list_page(self.path, query)
            for obj in items:
                if self.stop.is_set():
                    return version
                seen.add(key_of(obj))
                self.on_event("ADDED", obj)
            del items
            if not token:
                break
        if self.on_listed is not None:
            self.on_listed(seen)
        return version

    def watch(self, version: str) -> str | None:
        """Follow the stream from `version` until it ends; the last resourceVersion seen."""
        query = [
            *self._selector(),
            ("watch", "1"),
            ("resourceVersion", version),
            ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", str(WATCH_SECONDS)),
        ]
        try:
            for event in self.kube.watch_events(self.path, query, timeout=SOCKET_TIMEOUT):
                kind = event.get("type")
                obj = event.get("object") or {}
                if kind == "ERROR":
                    if obj.get("code") == 410:
                        raise Gone()
                    raise RuntimeError(f"watch error: {obj.get('message') or obj}")
                version = str((obj.get("metadata") or {}).get("resourceVersion") or version)
                if self.stop.is_set():
                    break  # stopped while the stream was blocked: the event loop may be gone
                if kind in ("ADDED", "MODIFIED", "DELETED"):
                    self.on_event(str(kind), obj)
        except StreamError as exc:
            if exc.status == 410:
                raise Gone() from None
            raise
        return version

"""An in-memory copy of the objects sessions refer to, kept current from watch events.

The admission webhook answers inside the API server's request, so it looks references up
here first; a miss (an object created a moment ago, not yet seen) falls back to a live
read, so the cache can only save calls, never deny what exists.
"""

from __future__ import annotations

import threading
from typing import Any

Key = tuple[str, str, str]  # (plural, namespace, name)


class ReferenceCache:
    def __init__(self) -> None:
        self._objects: dict[Key, dict[str, Any]] = {}
        # TestScenarios by (namespace, spec.pathwayId): a review reads one pathway's, not all.
        self._scenarios: dict[tuple[str, str], set[str]] = {}
        self._lock = threading.Lock()

    # Admission only needs to know that Pathways exist (their graphs are large; PathwayVersions
    # are read live, not watched); TestScenarios are validated and filtered, so their specs are kept.
    KEEP_SPEC = frozenset({"testscenarios"})

    def put(self, plural: str, obj: dict[str, Any]) -> None:
        meta = obj.get("metadata") or {}
        slim = {
            "metadata": {"name": meta.get("name"), "namespace": meta.get("namespace"), "uid": meta.get("uid")},
            "spec": (obj.get("spec") or {}) if plural in self.KEEP_SPEC else {},
        }
        key = (plural, meta.get("namespace") or "", meta.get("name") or "")
        with self._lock:
            self._unindex(key)
            self._objects[key] = slim
            if plural == "testscenarios":
                self._scenarios.setdefault((key[1], str(slim["spec"].get("pathwayId"))), set()).add(key[2])

    def remove(self, plural: str, namespace: str, name: str) -> None:
        with self._lock:
            self._unindex((plural, namespace, name))
            self._objects.pop((plural, namespace, name), None)

    def _unindex(self, key: Key) -> None:
        old = self._objects.get(key)
        if old is not None and key[0] == "testscenarios":
            names = self._scenarios.get((key[1], str(old["spec"].get("pathwayId"))))
            if names is not None:
                names.discard(key[2])

    def keep_only(self, plural: str, namespace: str | None, keys: set[tuple[str, str]]) -> None:
        """After a full listing (of one namespace, or None: all): forget what it did not hold."""
        with self._lock:
            gone = [
                key
                for key in self._objects
                if key[0] == plural and (namespace is None or key[1] == namespace) and (key[1], key[2]) not in keys
            ]
            for key in gone:
                self._unindex(key)
                del self._objects[key]

    def event(self, plural: str, kind: str, obj: dict[str, Any]) -> None:
        """A watch event (controller/informer.py) applied."""
        if kind == "DELETED":
            meta = obj.get("metadata") or {}
            self.remove(plural, meta.get("namespace") or "", meta.get("name") or "")
        else:
            self.put(plural, obj)

    def get(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        with self._lock:
            return self._objects.get((plural, namespace, name))

    def scenarios_of(self, namespace: str, pathway_id: str) -> list[dict[str, Any]]:
        with self._lock:
            names = sorted(self._scenarios.get((namespace, pathway_id)) or ())
            return [self._objects[("testscenarios", namespace, name)] for name in names]

    def __len__(self) -> int:
        with self._lock:
            return len(self._objects)

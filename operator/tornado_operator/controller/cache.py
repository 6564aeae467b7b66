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
        with self._lock:
            self._objects[(plural, meta.get("namespace") or "", meta.get("name") or "")] = slim

    def remove(self, plural: str, namespace: str, name: str) -> None:
        with self._lock:
            self._objects.pop((plural, namespace, name), None)

    def get(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        with self._lock:
            return self._objects.get((plural, namespace, name))

    def scenarios_of(self, namespace: str, pathway_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [
                obj
                for (plural, ns, _name), obj in self._objects.items()
                if plural == "testscenarios" and ns == namespace and obj["spec"].get("pathwayId") == pathway_id
            ]

    def __len__(self) -> int:
        with self._lock:
            return len(self._objects)

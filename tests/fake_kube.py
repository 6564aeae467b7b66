"""An in-memory API server behind the surface of `controller.kube.Kube`, for fast unit tests.

It keeps the semantics the operator relies on, and tests/integration/test_fake_kube.py runs
one table of operations against it and against the real API server to keep it honest:
every write bumps a global resourceVersion; reads answer None for 404; create of a taken
name is 409 AlreadyExists (or False for Leases and Jobs); a status PUT replaces only the
status and fails 409 when its resourceVersion is stale; a Lease replace or delete with a
stale resourceVersion loses (False), and a Lease replace of a missing Lease creates it; merge patches of the main resource ignore status and
bump generation only when the spec changes. It does not apply the CRDs' schemas (no
defaulting, no validation): tests store complete, valid objects.

Faults: `crash_after(n)` makes the (n+1)-th write raise `Crash` before it happens (a process
killed at that point), once; `fail(op, exc)` makes the next call of one operation raise;
`hooks[op]` (or `once(op, action)`) runs before an operation, outside the store's lock, to
force an interleaving.
"""

from __future__ import annotations

import base64
import copy
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from tornado_operator.api.base import format_timestamp
from tornado_operator.controller.kube import Kube, SecretKeyError, api_error

Key = tuple[str, str, str]  # (kind, namespace, name)

WRITES = frozenset(
    {
        "create",
        "patch",
        "patch_status",
        "replace_status",
        "create_lease",
        "replace_lease",
        "delete_lease",
        "create_job",
        "delete_job",
        "put_configmap",
        "put_secret",
        "put_webhook_configuration",
        "inject_ca_bundle",
        "ensure_runner_identity",
        "create_configmap",
        "post_event",
    }
)
_GROUP = "agenttesting.dev"


class Crash(Exception):
    """The process was killed at this write (nothing of it happened)."""


class FakeClock:
    """A settable clock: `now()` for locks (datetime), `timestamp()` for the reconciler (str)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.moment = start or datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def timestamp(self) -> str:
        return format_timestamp(self.moment)

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _matches_labels(obj: dict[str, Any], selector: str | None) -> bool:
    labels = (obj.get("metadata") or {}).get("labels") or {}
    for term in filter(None, (selector or "").split(",")):
        if "!=" in term:
            key, value = term.split("!=", 1)
            if labels.get(key) == value:
                return False
        elif "=" in term:
            key, value = term.split("=", 1)
            if labels.get(key.rstrip("=")) != value:
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def _matches_fields(obj: dict[str, Any], selector: str | None) -> bool:
    for term in filter(None, (selector or "").split(",")):
        path, value = term.split("=", 1)
        current: Any = obj
        for part in path.rstrip("=").split("."):
            current = current.get(part) if isinstance(current, dict) else None
        if current is None or str(current) != value:
            return False
    return True


def _kind_name(kind: str) -> str:
    """How the API server names a kind in messages: plural.group for custom resources."""
    return kind if "." in kind or kind in ("leases", "jobs", "configmaps", "secrets") else f"{kind}.{_GROUP}"


class FakeKube(Kube):
    """Implements every public method of Kube (a unit test checks that none is inherited)."""

    def __init__(self, clock: FakeClock | None = None) -> None:  # no client, no network
        self.clock = clock or FakeClock()
        self.objects: dict[Key, dict[str, Any]] = {}
        self.version = 100
        self.uids = 0
        self.writes: list[tuple[str, str]] = []  # (operation, name) of every write that happened
        self.calls: list[str] = []  # every operation called, reads included
        self.created_jobs: list[str] = []  # names of the Jobs create_job actually created
        self.hooks: dict[str, Callable[[], None]] = {}
        self._crash_at: int | None = None
        self._failures: dict[str, list[BaseException]] = {}
        self._lock = threading.RLock()
        self.events: list[dict[str, Any]] = []  # post_event's Events, in order
        self.user = "tester"  # whoami's answer
        # can_i: (user name or group, verb, resource[/subresource], namespace) that are allowed
        self.allowed: set[tuple[str, str, str, str]] = set()

    def __repr__(self) -> str:
        return f"FakeKube({len(self.objects)} objects, {len(self.writes)} writes)"

    # --- faults ---

    def crash_after(self, writes: int) -> None:
        """The next write after `writes` more writes raises Crash (once)."""
        self._crash_at = len(self.writes) + writes

    def fail(self, op: str, exc: BaseException, times: int = 1) -> None:
        self._failures.setdefault(op, []).extend([exc] * times)

    def once(self, op: str, action: Callable[[], object]) -> None:
        """Run `action` just before the next call of `op` (another writer's step in between)."""

        def hook() -> None:
            self.hooks.pop(op, None)
            action()

        self.hooks[op] = hook

    def _enter(self, op: str, name: str) -> None:
        self.calls.append(op)
        hook = self.hooks.get(op)
        if hook is not None:
            hook()
        failures = self._failures.get(op)
        if failures:
            raise failures.pop(0)
        if op in WRITES and self._crash_at is not None and len(self.writes) >= self._crash_at:
            self._crash_at = None
            raise Crash(f"killed before {op} {name}")

    def _wrote(self, op: str, name: str) -> None:
        self.writes.append((op, name))

    # --- the store ---

    def _next_uid(self) -> str:
        self.uids += 1
        return str(uuid.UUID(int=self.uids))  # deterministic, so two runs can be compared

    def _next_version(self) -> str:
        self.version += 1
        return str(self.version)

    def _read(self, kind: str, namespace: str, name: str) -> dict[str, Any] | None:
        obj = self.objects.get((kind, namespace, name))
        return copy.deepcopy(obj) if obj is not None else None

    def _insert(self, kind: str, namespace: str, body: dict[str, Any], *, status_subresource: bool) -> dict[str, Any]:
        name = body["metadata"]["name"]
        if (kind, namespace, name) in self.objects:
            raise api_error(409, "AlreadyExists", f'{_kind_name(kind)} "{name}" already exists')
        obj = copy.deepcopy(body)
        meta = obj["metadata"]
        meta.update(
            namespace=namespace,
            uid=self._next_uid(),
            resourceVersion=self._next_version(),
            creationTimestamp=self.clock.moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        meta.pop("deletionTimestamp", None)
        if status_subresource:
            meta["generation"] = 1
            obj.pop("status", None)  # the API server drops status on create
        self.objects[(kind, namespace, name)] = obj
        return copy.deepcopy(obj)

    def _missing(self, kind: str, name: str) -> BaseException:
        return api_error(404, "NotFound", f'{_kind_name(kind)} "{name}" not found')

    def delete(self, kind: str, namespace: str, name: str) -> None:
        """Delete an object and, as the garbage collector does, everything it owns."""
        with self._lock:
            obj = self.objects.pop((kind, namespace, name), None)
            if obj is None:
                return
            uid = obj["metadata"]["uid"]
            owned = [
                key
                for key, child in self.objects.items()
                if any(ref.get("uid") == uid for ref in (child.get("metadata") or {}).get("ownerReferences") or [])
            ]
        for child_kind, child_ns, child_name in owned:
            self.delete(child_kind, child_ns, child_name)

    def put_object(self, kind: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        """Test setup: store an object as a user would have created it (with status, if given)."""
        with self._lock:
            status = body.get("status")
            obj = self._insert(kind, namespace, body, status_subresource=kind in ("tornadosessions", "pathways"))
            if status is not None:
                self.objects[(kind, namespace, obj["metadata"]["name"])]["status"] = copy.deepcopy(status)
            return copy.deepcopy(self.objects[(kind, namespace, obj["metadata"]["name"])])

    def set_job_status(self, namespace: str, name: str, status: dict[str, Any]) -> None:
        """The Job controller's part: a Job completes or fails."""
        with self._lock:
            job = self.objects[("jobs", namespace, name)]
            job["status"] = copy.deepcopy(status)
            job["metadata"]["resourceVersion"] = self._next_version()

    def list_kind(self, kind: str, namespace: str) -> list[dict[str, Any]]:
        with self._lock:
            return [copy.deepcopy(o) for (k, ns, _), o in sorted(self.objects.items()) if k == kind and ns == namespace]

    # --- list and watch (controller/informer.py) ---

    def list_page(self, path: str, query: list[tuple[str, str]]) -> tuple[list[dict[str, Any]], str, str | None]:
        """One page holding everything: `path` is informer.resource_path(...)."""
        self._enter("list_page", path)
        parts = path.strip("/").split("/")
        kind, namespace = parts[-1], (parts[parts.index("namespaces") + 1] if "namespaces" in parts else None)
        labels = dict(query).get("labelSelector")
        with self._lock:
            items = [
                copy.deepcopy(obj)
                for (k, ns, _), obj in sorted(self.objects.items())
                if k == kind and (namespace is None or ns == namespace) and _matches_labels(obj, labels)
            ]
        return items, "1", None

    def watch_events(self, path: str, query: list[tuple[str, str]], *, timeout: float | None = None) -> Iterator[dict[str, Any]]:
        """The fake keeps no history to watch from."""
        self._enter("watch_events", path)
        raise NotImplementedError("FakeKube has no watch streams")

    # --- custom resources ---

    def get(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        self._enter("get", name)
        with self._lock:
            return self._read(plural, namespace, name)

    def list_objects(
        self, plural: str, namespace: str, *, labels: str | None = None, fields: str | None = None
    ) -> list[dict[str, Any]]:
        self._enter("list_objects", plural)
        return [
            obj
            for obj in self.list_kind(plural, namespace)
            if _matches_labels(obj, labels) and _matches_fields(obj, fields)
        ]

    def create(self, plural: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        self._enter("create", body["metadata"]["name"])
        with self._lock:
            obj = self._insert(plural, namespace, body, status_subresource=plural in ("tornadosessions", "pathways"))
            self._wrote("create", obj["metadata"]["name"])
            return obj

    def patch(self, plural: str, namespace: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        self._enter("patch", name)
        with self._lock:
            current = self.objects.get((plural, namespace, name))
            if current is None:
                raise self._missing(plural, name)
            patched = merge_patch(copy.deepcopy(current), {k: v for k, v in body.items() if k != "status"})
            patched["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"]
            if patched != current:
                if patched.get("spec") != current.get("spec") and "generation" in current["metadata"]:
                    patched["metadata"]["generation"] = current["metadata"]["generation"] + 1
                patched["metadata"]["resourceVersion"] = self._next_version()
                self.objects[(plural, namespace, name)] = patched
            self._wrote("patch", name)
            return copy.deepcopy(patched)

    def patch_status(
        self, plural: str, namespace: str, name: str, status: dict[str, Any], *, resource_version: str | None = None
    ) -> dict[str, Any]:
        self._enter("patch_status", name)
        with self._lock:
            current = self.objects.get((plural, namespace, name))
            if current is None:
                raise self._missing(plural, name)
            if resource_version is not None and resource_version != current["metadata"]["resourceVersion"]:
                raise api_error(
                    409,
                    "Conflict",
                    f'Operation cannot be fulfilled on {_kind_name(plural)} "{name}": the object has been modified; '
                    "please apply your changes to the latest version and try again",
                )
            new_status = merge_patch(current.get("status") or {}, status)
            if new_status != current.get("status"):
                current["status"] = new_status
                current["metadata"]["resourceVersion"] = self._next_version()
            self._wrote("patch_status", name)
            return copy.deepcopy(current)

    def replace_status(self, plural: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        name = body["metadata"]["name"]
        self._enter("replace_status", name)
        with self._lock:
            current = self.objects.get((plural, namespace, name))
            if current is None:
                raise self._missing(plural, name)
            sent = body["metadata"].get("resourceVersion")
            if sent is None:
                raise api_error(422, "Invalid", f'{_kind_name(plural)} "{name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update')
            if sent != current["metadata"]["resourceVersion"]:
                raise api_error(
                    409,
                    "Conflict",
                    f'Operation cannot be fulfilled on {_kind_name(plural)} "{name}": the object has been modified; '
                    "please apply your changes to the latest version and try again",
                )
            if body.get("status") != current.get("status"):
                current["status"] = copy.deepcopy(body.get("status"))
                current["metadata"]["resourceVersion"] = self._next_version()
            self._wrote("replace_status", name)
            return copy.deepcopy(current)

    # --- Leases ---

    def get_lease(self, namespace: str, name: str) -> dict[str, Any] | None:
        self._enter("get_lease", name)
        with self._lock:
            return self._read("leases", namespace, name)

    def list_leases(self, namespace: str | None, *, labels: str) -> list[dict[str, Any]]:
        self._enter("list_leases", labels)
        with self._lock:
            return [
                copy.deepcopy(obj)
                for (kind, ns, _), obj in sorted(self.objects.items())
                if kind == "leases" and (namespace is None or ns == namespace) and _matches_labels(obj, labels)
            ]

    def create_lease(self, namespace: str, body: dict[str, Any]) -> bool:
        name = body["metadata"]["name"]
        self._enter("create_lease", name)
        with self._lock:
            if ("leases", namespace, name) in self.objects:
                return False
            self._insert("leases", namespace, body, status_subresource=False)
            self._wrote("create_lease", name)
            return True

    def replace_lease(self, namespace: str, body: dict[str, Any]) -> bool:
        name = body["metadata"]["name"]
        self._enter("replace_lease", name)
        with self._lock:
            current = self.objects.get(("leases", namespace, name))
            if current is None:
                # Leases allow create-on-update: a PUT of a missing Lease creates it, whatever
                # resourceVersion it carries (the API server does the same).
                obj = copy.deepcopy(body)
                obj["metadata"].pop("resourceVersion", None)
                self._insert("leases", namespace, obj, status_subresource=False)
                self._wrote("replace_lease", name)
                return True
            sent = body["metadata"].get("resourceVersion")
            if sent is not None and sent != current["metadata"]["resourceVersion"]:
                return False
            obj = copy.deepcopy(body)
            kept = {k: current["metadata"][k] for k in ("namespace", "uid", "creationTimestamp")}
            obj["metadata"].update(kept, resourceVersion=self._next_version())
            self.objects[("leases", namespace, name)] = obj
            self._wrote("replace_lease", name)
            return True

    def delete_lease(self, namespace: str, name: str, resource_version: str) -> bool:
        self._enter("delete_lease", name)
        with self._lock:
            current = self.objects.get(("leases", namespace, name))
            if current is None or current["metadata"]["resourceVersion"] != resource_version:
                return False
            del self.objects[("leases", namespace, name)]
            self._wrote("delete_lease", name)
            return True

    # --- Jobs, pods, ConfigMaps ---

    def get_job(self, namespace: str, name: str) -> dict[str, Any] | None:
        self._enter("get_job", name)
        with self._lock:
            return self._read("jobs", namespace, name)

    def create_job(self, namespace: str, body: dict[str, Any]) -> bool:
        name = body["metadata"]["name"]
        self._enter("create_job", name)
        with self._lock:
            if ("jobs", namespace, name) in self.objects:
                return False
            self._insert("jobs", namespace, body, status_subresource=False)
            self.created_jobs.append(name)
            self._wrote("create_job", name)
            return True

    def delete_job(self, namespace: str, name: str) -> None:
        self._enter("delete_job", name)
        if self._read("jobs", namespace, name) is not None:
            self.delete("jobs", namespace, name)
            self._wrote("delete_job", name)

    def job_pods(self, namespace: str, job: str) -> list[dict[str, Any]]:
        self._enter("job_pods", job)
        with self._lock:
            return [
                copy.deepcopy(obj)
                for (kind, ns, _), obj in sorted(self.objects.items())
                if kind == "pods" and ns == namespace and _matches_labels(obj, f"batch.kubernetes.io/job-name={job}")
            ]

    def get_configmap(self, namespace: str, name: str) -> dict[str, Any] | None:
        self._enter("get_configmap", name)
        with self._lock:
            return self._read("configmaps", namespace, name)

    def create_configmap(self, namespace: str, body: dict[str, Any]) -> bool:
        name = body["metadata"]["name"]
        self._enter("create_configmap", name)
        with self._lock:
            if ("configmaps", namespace, name) in self.objects:
                return False
            self._insert("configmaps", namespace, body, status_subresource=False)
            self._wrote("create_configmap", name)
            return True

    def put_configmap(self, namespace: str, body: dict[str, Any]) -> None:
        name = body["metadata"]["name"]
        self._enter("put_configmap", name)
        with self._lock:
            current = self.objects.pop(("configmaps", namespace, name), None)
            obj = self._insert("configmaps", namespace, body, status_subresource=False)
            if current is not None:
                stored = self.objects[("configmaps", namespace, name)]
                stored["metadata"].update(uid=current["metadata"]["uid"], creationTimestamp=current["metadata"]["creationTimestamp"])
            del obj
            self._wrote("put_configmap", name)

    # --- Secrets ---

    def read_secret_key(self, namespace: str, name: str, key: str) -> str:
        self._enter("read_secret_key", name)
        with self._lock:
            secret = self._read("secrets", namespace, name)
        if secret is None:
            raise SecretKeyError(f'Secret "{name}" (key {key}) not found in namespace "{namespace}"')
        data = (secret.get("data") or {}).get(key)
        if data is None:
            raise SecretKeyError(f'Secret "{name}" in namespace "{namespace}" has no key "{key}"')
        return base64.b64decode(data).decode()

    def get_secret_data(self, namespace: str, name: str) -> dict[str, bytes] | None:
        self._enter("get_secret_data", name)
        with self._lock:
            secret = self._read("secrets", namespace, name)
        if secret is None:
            return None
        return {key: base64.b64decode(value) for key, value in (secret.get("data") or {}).items()}

    def put_secret(self, namespace: str, body: dict[str, Any]) -> None:
        name = body["metadata"]["name"]
        self._enter("put_secret", name)
        with self._lock:
            self.objects.pop(("secrets", namespace, name), None)
            self._insert("secrets", namespace, body, status_subresource=False)
            self._wrote("put_secret", name)

    # --- webhook configuration, runner account ---

    def put_webhook_configuration(self, body: dict[str, Any]) -> None:
        name = body["metadata"]["name"]
        self._enter("put_webhook_configuration", name)
        with self._lock:
            self.objects.pop(("validatingwebhookconfigurations", "", name), None)
            self._insert("validatingwebhookconfigurations", "", body, status_subresource=False)
            self._wrote("put_webhook_configuration", name)

    def inject_ca_bundle(self, name: str, ca_bundle: str) -> None:
        self._enter("inject_ca_bundle", name)
        with self._lock:
            current = self.objects.get(("validatingwebhookconfigurations", "", name))
            if current is None:
                raise self._missing("validatingwebhookconfigurations", name)
            for hook in current.get("webhooks") or []:
                hook.setdefault("clientConfig", {})["caBundle"] = ca_bundle
            current["metadata"]["resourceVersion"] = self._next_version()
            self._wrote("inject_ca_bundle", name)

    def ensure_runner_identity(self, namespace: str, objects: list[dict[str, Any]]) -> None:
        self._enter("ensure_runner_identity", objects[0]["metadata"]["name"])
        with self._lock:
            for body in objects:
                kind = {"ServiceAccount": "serviceaccounts", "Role": "roles", "RoleBinding": "rolebindings"}[body["kind"]]
                if (kind, namespace, body["metadata"]["name"]) not in self.objects:
                    self._insert(kind, namespace, body, status_subresource=False)
            self._wrote("ensure_runner_identity", objects[0]["metadata"]["name"])

    # --- events, identity and access ---

    def post_event(
        self, namespace: str, involved: dict[str, Any], reason: str, message: str, *, warning: bool = False
    ) -> None:
        self._enter("post_event", reason)
        with self._lock:
            meta = involved.get("metadata") or {}
            self.events.append(
                {"namespace": namespace, "kind": involved.get("kind"), "name": meta.get("name"), "reason": reason,
                 "message": message, "type": "Warning" if warning else "Normal"}
            )
            self._wrote("post_event", reason)

    def whoami(self) -> str:
        self._enter("whoami", "")
        return self.user

    def can_i(
        self, user: dict[str, Any], verb: str, resource: str, namespace: str, name: str, *, subresource: str = "", group: str = _GROUP
    ) -> bool:
        self._enter("can_i", name)
        what = f"{resource}/{subresource}" if subresource else resource
        who = [user.get("username") or "", *(user.get("groups") or [])]
        return any((subject, verb, what, namespace) in self.allowed for subject in who)

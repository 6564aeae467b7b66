"""One running session per pathway (and per persona): an atomic Lease lock.

A webhook that lists sessions and then allows races under concurrent creates; a Lease
created with create-if-absent is atomic, and a takeover is a compare-and-swap on the
Lease's resourceVersion. The webhook takes the lock at admission (holder = the new
session's uid); the operator takes it again before starting a session (a no-op when the
webhook already did), so the rule holds with the webhook down or bypassed.

Edge cases:
- The holder session ended (terminal phase): its lock is stale and may be taken over.
- The holder session does not exist: either its create is still in flight (the webhook
  took the lock, the API server has not stored the object yet) or it was rejected later
  or deleted while the operator was down. After LOCK_GRACE_SECONDS since the Lease was
  last renewed, the lock may be taken over; before, it counts as held.
- Two takers race for a stale lock: the compare-and-swap lets exactly one win; the loser
  re-reads and sees the winner as the live holder.
- Releasing deletes the Lease only if it is still ours (resourceVersion precondition).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kubernetes import client
from kubernetes.client.exceptions import ApiException

from tornado_operator.api.session import Phase
from tornado_operator.controller import names
from tornado_operator.controller.kube import Kube

log = logging.getLogger(__name__)

LOCK_GRACE_SECONDS = 15.0
LEASE_DURATION_SECONDS = 3600


@dataclass(frozen=True)
class LockKey:
    kind: str  # "pathway" or "persona"
    value: str

    @property
    def lease(self) -> str:
        return names.lease_name(self.kind, self.value)


@dataclass(frozen=True)
class Holder:
    uid: str
    name: str


@dataclass(frozen=True)
class LockResult:
    acquired: bool
    holder: Holder | None = None  # who holds it when not acquired
    pending: bool = False  # the holder's session is not visible yet (create in flight)

    def conflict_message(self, key: LockKey) -> str:
        holder = self.holder.name if self.holder else "another session"
        return f'tornado session "{holder}" is already running for {key.kind} "{key.value}"'


def lock_keys(pathway_id: str, persona_id: str | None) -> list[LockKey]:
    keys = [LockKey("pathway", pathway_id)]
    if persona_id:
        keys.append(LockKey("persona", persona_id))
    return keys


def micro_now() -> str:
    """Now as a Kubernetes MicroTime (Lease acquire/renew times)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _age_seconds(lease: Any) -> float:
    spec = lease.spec
    stamp = spec.renew_time or spec.acquire_time if spec is not None else None
    if stamp is None and lease.metadata is not None:
        stamp = lease.metadata.creation_timestamp
    if stamp is None:
        return float("inf")
    age: float = (datetime.now(UTC) - stamp.astimezone(UTC)).total_seconds()
    return age


def holder_is_live(kube: Kube, namespace: str, holder: Holder) -> bool | None:
    """True: the holder session exists and is not finished. False: it ended or is gone
    for good. None: it does not exist (yet); the caller applies the grace period."""
    session = kube.get("tornadosessions", namespace, holder.name) if holder.name else None
    if session is None or session.get("metadata", {}).get("uid") != holder.uid:
        return None
    phase = (session.get("status") or {}).get("phase")
    return phase is None or phase == Phase.RUNNING.value


def _lease_body(key: LockKey, holder: Holder, resource_version: str | None = None) -> dict[str, Any]:
    now = micro_now()
    metadata: dict[str, Any] = {
        "name": key.lease,
        "labels": {
            names.LABEL_COMPONENT: "lock",
            f"{names.LABEL_PREFIX_LOCK}kind": key.kind,
            **names.MANAGED_BY,
        },
        "annotations": {names.ANNOTATION_SESSION_NAME: holder.name, f"{names.LABEL_PREFIX_LOCK}value": key.value},
    }
    if resource_version is not None:
        metadata["resourceVersion"] = resource_version
    return {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": metadata,
        "spec": {
            "holderIdentity": holder.uid,
            "acquireTime": now,
            "renewTime": now,
            "leaseDurationSeconds": LEASE_DURATION_SECONDS,
        },
    }


def acquire(kube: Kube, namespace: str, key: LockKey, holder: Holder, *, dry_run: bool = False) -> LockResult:
    """Take the lock for `holder`, or say who holds it."""
    for _attempt in range(5):
        try:
            if dry_run:
                lease = kube.coordination.read_namespaced_lease(key.lease, namespace)
            else:
                kube.coordination.create_namespaced_lease(namespace, _lease_body(key, holder))
                return LockResult(acquired=True)
        except ApiException as exc:
            if exc.status == 404 and dry_run:
                return LockResult(acquired=True)
            if exc.status != 409:
                raise
            try:
                lease = kube.coordination.read_namespaced_lease(key.lease, namespace)
            except ApiException as read_exc:
                if read_exc.status == 404:
                    continue  # released between our create and read: try again
                raise
        current_uid = lease.spec.holder_identity if lease.spec is not None else None
        current = Holder(
            uid=current_uid or "",
            name=(lease.metadata.annotations or {}).get(names.ANNOTATION_SESSION_NAME, ""),
        )
        if current.uid == holder.uid:
            return LockResult(acquired=True)
        live = holder_is_live(kube, namespace, current) if current.uid else False
        if live:
            return LockResult(acquired=False, holder=current)
        if live is None and _age_seconds(lease) < LOCK_GRACE_SECONDS:
            return LockResult(acquired=False, holder=current, pending=True)
        if dry_run:
            return LockResult(acquired=True)
        # Stale: take it over with a compare-and-swap on resourceVersion.
        try:
            kube.coordination.replace_namespaced_lease(
                key.lease, namespace, _lease_body(key, holder, lease.metadata.resource_version)
            )
            log.info("took over stale lock %s/%s from %s", namespace, key.lease, current.name)
            return LockResult(acquired=True)
        except ApiException as exc:
            if exc.status not in (404, 409):
                raise
            # Someone else changed it first: read again.
    raise RuntimeError(f"could not settle lock {namespace}/{key.lease} after 5 attempts")


def release(kube: Kube, namespace: str, key: LockKey, holder_uid: str) -> bool:
    """Delete the lock if `holder_uid` still holds it. True when it was released."""
    try:
        lease = kube.coordination.read_namespaced_lease(key.lease, namespace)
    except ApiException as exc:
        if exc.status == 404:
            return False
        raise
    if lease.spec is None or lease.spec.holder_identity != holder_uid:
        return False
    try:
        kube.coordination.delete_namespaced_lease(
            key.lease,
            namespace,
            body=client.V1DeleteOptions(
                preconditions=client.V1Preconditions(resource_version=lease.metadata.resource_version)
            ),
        )
        return True
    except ApiException as exc:
        if exc.status in (404, 409):
            return False
        raise


def acquire_all(kube: Kube, namespace: str, keys: list[LockKey], holder: Holder) -> tuple[LockResult, LockKey | None]:
    """Take every lock or none: on a conflict, locks taken so far are released."""
    taken: list[LockKey] = []
    for key in keys:
        result = acquire(kube, namespace, key, holder)
        if not result.acquired:
            for done in taken:
                release(kube, namespace, done, holder.uid)
            return result, key
        taken.append(key)
    return LockResult(acquired=True), None


def release_all(kube: Kube, namespace: str, keys: list[LockKey], holder_uid: str) -> None:
    for key in keys:
        release(kube, namespace, key, holder_uid)

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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tornado_operator.api.base import parse_timestamp
from tornado_operator.api.session import is_terminal_phase
from tornado_operator.controller import names
from tornado_operator.controller.kube import Kube

log = logging.getLogger(__name__)

LOCK_GRACE_SECONDS = 15.0
LEASE_DURATION_SECONDS = 3600

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


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


def micro_time(moment: datetime) -> str:
    """A Kubernetes MicroTime (Lease acquire/renew times)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def lease_age_seconds(lease: dict[str, Any], now: datetime) -> float:
    """Seconds since the Lease was last renewed (or acquired, or created)."""
    spec = lease.get("spec") or {}
    stamp = spec.get("renewTime") or spec.get("acquireTime") or (lease.get("metadata") or {}).get("creationTimestamp")
    if not stamp:
        return float("inf")
    return (now - parse_timestamp(str(stamp))).total_seconds()


def lease_holder(lease: dict[str, Any]) -> Holder:
    return Holder(
        uid=(lease.get("spec") or {}).get("holderIdentity") or "",
        name=((lease.get("metadata") or {}).get("annotations") or {}).get(names.ANNOTATION_SESSION_NAME, ""),
    )


def holder_is_live(kube: Kube, namespace: str, holder: Holder) -> bool | None:
    """True: the holder session exists and is not finished. False: it ended or is gone
    for good. None: it does not exist (yet); the caller applies the grace period."""
    session = kube.get("tornadosessions", namespace, holder.name) if holder.name else None
    if session is None or session.get("metadata", {}).get("uid") != holder.uid:
        return None
    return not is_terminal_phase((session.get("status") or {}).get("phase"))


def _lease_body(key: LockKey, holder: Holder, now: datetime, resource_version: str | None = None) -> dict[str, Any]:
    stamp = micro_time(now)
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
            "acquireTime": stamp,
            "renewTime": stamp,
            "leaseDurationSeconds": LEASE_DURATION_SECONDS,
        },
    }


def acquire(
    kube: Kube, namespace: str, key: LockKey, holder: Holder, *, dry_run: bool = False, clock: Clock = utc_now
) -> LockResult:
    """Take the lock for `holder`, or say who holds it."""
    for _attempt in range(5):
        if dry_run:
            lease = kube.get_lease(namespace, key.lease)
            if lease is None:
                return LockResult(acquired=True)
        else:
            if kube.create_lease(namespace, _lease_body(key, holder, clock())):
                return LockResult(acquired=True)
            lease = kube.get_lease(namespace, key.lease)
            if lease is None:
                continue  # released between our create and read: try again
        current = lease_holder(lease)
        if current.uid == holder.uid:
            return LockResult(acquired=True)
        live = holder_is_live(kube, namespace, current) if current.uid else False
        if live:
            return LockResult(acquired=False, holder=current)
        if live is None and lease_age_seconds(lease, clock()) < LOCK_GRACE_SECONDS:
            return LockResult(acquired=False, holder=current, pending=True)
        if dry_run:
            return LockResult(acquired=True)
        # Stale: take it over with a compare-and-swap on resourceVersion.
        body = _lease_body(key, holder, clock(), lease["metadata"]["resourceVersion"])
        if kube.replace_lease(namespace, body):
            log.info("took over stale lock %s/%s from %s", namespace, key.lease, current.name)
            return LockResult(acquired=True)
        # Someone else changed it first: read again.
    raise RuntimeError(f"could not settle lock {namespace}/{key.lease} after 5 attempts")


def release(kube: Kube, namespace: str, key: LockKey, holder_uid: str) -> bool:
    """Delete the lock if `holder_uid` still holds it. True when it was released."""
    lease = kube.get_lease(namespace, key.lease)
    if lease is None or lease_holder(lease).uid != holder_uid:
        return False
    return kube.delete_lease(namespace, key.lease, lease["metadata"]["resourceVersion"])


def acquire_all(
    kube: Kube, namespace: str, keys: list[LockKey], holder: Holder, *, clock: Clock = utc_now
) -> tuple[LockResult, LockKey | None]:
    """Take every lock or none: on a conflict, locks taken so far are released."""
    taken: list[LockKey] = []
    for key in keys:
        result = acquire(kube, namespace, key, holder, clock=clock)
        if not result.acquired:
            for done in taken:
                release(kube, namespace, done, holder.uid)
            return result, key
        taken.append(key)
    return LockResult(acquired=True), None


def release_all(kube: Kube, namespace: str, keys: list[LockKey], holder_uid: str) -> None:
    for key in keys:
        release(kube, namespace, key, holder_uid)

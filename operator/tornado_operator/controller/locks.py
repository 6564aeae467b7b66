"""One running session per pathway (and per persona): an atomic Lease lock.

A webhook that lists sessions and then allows races under concurrent creates; a Lease
created with create-if-absent is atomic, and a takeover is a compare-and-swap on the
Lease's resourceVersion. The webhook takes the lock at admission (holder = the new
session's uid); the operator takes it again before starting a session (a no-op when the
webhook already did), so the rule holds with the webhook down or bypassed.

What the holder of a Lease is, and what that means for a new taker:
- live: the holder session exists (same uid) and runs: the lock is held.
- finished: it exists and ended: the lock is stale and is taken over at once.
- free: no holder (a taker that gave the lock back after a conflict on its other key).
- pending: it does not exist yet, and the Lease is younger than PENDING_GRACE_SECONDS: its
  create may still be in flight (admitted, not yet stored). The webhook waits for it to
  appear (then denies) or for the grace to pass (then takes over); the operator retries.
- phantom: it never appeared: the grace has passed, or a different session owns its name
  (its create failed with AlreadyExists after admission), or the Lease was itself taken
  over from a phantom ("unconfirmed"). A phantom's lock is taken over at once, and the new
  lock is marked unconfirmed too. So a review that nobody stores (say, forged by a client
  that is not the API server) blocks a pathway for at most PENDING_GRACE_SECONDS after the
  lock was last free, and only delays (never denies) a real create that waits it out.
- Two takers race for a stale lock: the compare-and-swap lets exactly one win; the loser
  re-reads and sees the winner.
- Releasing deletes the Lease only if it is still ours (resourceVersion precondition).
  Giving a lock back after a conflict on the other key frees it instead (holder cleared,
  marked unconfirmed), so a lock never returns to "absent" except when a session that did
  exist ends.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tornado_operator.api.base import parse_timestamp
from tornado_operator.api.session import is_terminal_phase
from tornado_operator.controller import names
from tornado_operator.controller.kube import Kube

log = logging.getLogger(__name__)

PENDING_GRACE_SECONDS = 3.0
LEASE_DURATION_SECONDS = 3600
POLL_SECONDS = 0.2
ANNOTATION_UNCONFIRMED = f"{names.LABEL_PREFIX_LOCK}unconfirmed"
# Set by the webhook on the lock of a session whose creator may override the runner (a
# SubjectAccessReview at admission); the operator reads it before running such a session.
ANNOTATION_OVERRIDE_APPROVED = f"{names.LABEL_PREFIX_LOCK}runner-override-approved"

Clock = Callable[[], datetime]
Sleep = Callable[[float], None]


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


def unconfirmed(lease: dict[str, Any]) -> bool:
    return ((lease.get("metadata") or {}).get("annotations") or {}).get(ANNOTATION_UNCONFIRMED) == "true"


def lease_state(kube: Kube, namespace: str, lease: dict[str, Any], now: datetime) -> str:
    """live | finished | free | pending | phantom (see the module's docstring)."""
    current = lease_holder(lease)
    if not current.uid:
        return "free"
    session = kube.get("tornadosessions", namespace, current.name) if current.name else None
    if session is not None and session.get("metadata", {}).get("uid") == current.uid:
        return "finished" if is_terminal_phase((session.get("status") or {}).get("phase")) else "live"
    if session is not None or unconfirmed(lease) or lease_age_seconds(lease, now) >= PENDING_GRACE_SECONDS:
        return "phantom"
    return "pending"


def _lease_body(
    key: LockKey,
    holder: Holder,
    now: datetime,
    resource_version: str | None = None,
    *,
    unconfirmed: bool = False,
    annotations: dict[str, str] | None = None,
) -> dict[str, Any]:
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
    if unconfirmed:
        metadata["annotations"][ANNOTATION_UNCONFIRMED] = "true"
    metadata["annotations"].update(annotations or {})
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
    kube: Kube,
    namespace: str,
    key: LockKey,
    holder: Holder,
    *,
    dry_run: bool = False,
    clock: Clock = utc_now,
    wait_pending: bool = False,
    sleep: Sleep = time.sleep,
    deadline: datetime | None = None,
    annotations: dict[str, str] | None = None,
) -> LockResult:
    """Take the lock for `holder`, or say who holds it. `wait_pending`: rather than answer
    "pending", wait (up to PENDING_GRACE_SECONDS, and not past `deadline`) until the holder
    appears or is a phantom."""
    races = 0
    wait_until = clock().timestamp() + PENDING_GRACE_SECONDS + 1
    if deadline is not None:
        wait_until = min(wait_until, deadline.timestamp())
    polls = int((PENDING_GRACE_SECONDS + 1) / POLL_SECONDS)  # also bounded if the clock stands still
    while races < 5:
        if dry_run:
            lease = kube.get_lease(namespace, key.lease)
            if lease is None:
                return LockResult(acquired=True)
        else:
            if kube.create_lease(namespace, _lease_body(key, holder, clock(), annotations=annotations)):
                return LockResult(acquired=True)
            lease = kube.get_lease(namespace, key.lease)
            if lease is None:
                races += 1
                continue  # released between our create and read: try again
        current = lease_holder(lease)
        if current.uid == holder.uid:
            return LockResult(acquired=True)
        state = lease_state(kube, namespace, lease, clock())
        if state == "live":
            return LockResult(acquired=False, holder=current)
        if state == "pending":
            if wait_pending and clock().timestamp() < wait_until and polls > 0:
                polls -= 1
                sleep(POLL_SECONDS)
                continue
            return LockResult(acquired=False, holder=current, pending=True)
        if dry_run:
            return LockResult(acquired=True)
        # Stale: take it over with a compare-and-swap on resourceVersion.
        marked = state == "phantom" or (state == "free" and unconfirmed(lease))
        body = _lease_body(
            key, holder, clock(), lease["metadata"]["resourceVersion"], unconfirmed=marked, annotations=annotations
        )
        if kube.replace_lease(namespace, body):
            log.info("took over %s lock %s/%s from %s", state, namespace, key.lease, current.name or "nobody")
            return LockResult(acquired=True)
        races += 1  # someone else changed it first: read again
    raise RuntimeError(f"could not settle lock {namespace}/{key.lease} after 5 attempts")


def release(kube: Kube, namespace: str, key: LockKey, holder_uid: str) -> bool:
    """Delete the lock if `holder_uid` still holds it. True when it was released."""
    lease = kube.get_lease(namespace, key.lease)
    if lease is None or lease_holder(lease).uid != holder_uid:
        return False
    return kube.delete_lease(namespace, key.lease, lease["metadata"]["resourceVersion"])


def give_back(kube: Kube, namespace: str, key: LockKey, holder: Holder, *, clock: Clock = utc_now) -> bool:
    """Free a lock just taken by a holder that will not run (a conflict on its other key):
    the Lease stays, with no holder and marked unconfirmed, so giving back never makes the
    lock absent again (which would restart the pending grace for the next taker)."""
    lease = kube.get_lease(namespace, key.lease)
    if lease is None or lease_holder(lease).uid != holder.uid:
        return False
    body = _lease_body(key, Holder("", ""), clock(), lease["metadata"]["resourceVersion"], unconfirmed=True)
    return kube.replace_lease(namespace, body)


def acquire_all(
    kube: Kube,
    namespace: str,
    keys: list[LockKey],
    holder: Holder,
    *,
    clock: Clock = utc_now,
    wait_pending: bool = False,
    sleep: Sleep = time.sleep,
    deadline: datetime | None = None,
    annotations: dict[str, str] | None = None,
) -> tuple[LockResult, LockKey | None]:
    """Take every lock or none: on a conflict, locks taken so far are given back."""
    taken: list[LockKey] = []
    for key in keys:
        result = acquire(
            kube,
            namespace,
            key,
            holder,
            clock=clock,
            wait_pending=wait_pending,
            sleep=sleep,
            deadline=deadline,
            annotations=annotations,
        )
        if not result.acquired:
            for done in taken:
                give_back(kube, namespace, done, holder, clock=clock)
            return result, key
        taken.append(key)
    return LockResult(acquired=True), None


def release_orphans(kube: Kube, namespace: str | None, *, clock: Clock = utc_now) -> list[str]:
    """Delete the locks whose holder session is gone (deleted while no operator watched),
    in one namespace or all; a lock whose holder may still be in flight is left alone.
    Returns the released Leases as namespace/name."""
    released: list[str] = []
    for lease in kube.list_leases(namespace, labels=f"{names.LABEL_COMPONENT}=lock"):
        meta = lease["metadata"]
        state = lease_state(kube, meta["namespace"], lease, clock())
        if state in ("phantom", "finished", "free") and kube.delete_lease(meta["namespace"], meta["name"], meta["resourceVersion"]):
            released.append(f"{meta['namespace']}/{meta['name']}")
    if released:
        log.info("released %d lock(s) of sessions that are gone: %s", len(released), ", ".join(released))
    return released


def release_all(kube: Kube, namespace: str, keys: list[LockKey], holder_uid: str) -> None:
    for key in keys:
        release(kube, namespace, key, holder_uid)


def override_approved(kube: Kube, namespace: str, key: LockKey, holder_uid: str) -> bool:
    """Whether the webhook approved `holder_uid`'s runner overrides (on the lock it took)."""
    lease = kube.get_lease(namespace, key.lease)
    if lease is None or lease_holder(lease).uid != holder_uid:
        return False
    return ((lease.get("metadata") or {}).get("annotations") or {}).get(ANNOTATION_OVERRIDE_APPROVED) == "true"


IndexKey = tuple[str, str]  # (namespace, Lease name)


class LockIndex:
    """What one admission webhook process knows of the lock Leases, so that a create for a
    pathway (and persona) whose locks are all absent is admitted without waiting for the
    Lease write: the write follows in the background (`claim` -> fast, then `settle`).

    Race-free within the process: `claim` and `settle` run under one mutex; a key is free for
    a fast claim only when no Lease of it is known (from a watch of the lock Leases, and from
    this process's own writes as they succeed) and no other claim of it is in flight. Every
    other review takes the lock with the Lease itself, as before, after waiting for the fast
    claims in flight on its keys to be written (`wait_written`), so the Lease decides between
    them exactly as it did. Across processes (two webhook replicas serving at once, which
    leader election prevents, or a Lease the watch has not delivered yet) the Lease is the
    tie-breaker: an admitted session whose background write finds the lock held meets that
    lock when the operator starts it, and ends ERROR Conflict, the same as a create with the
    webhook bypassed.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._holders: dict[IndexKey, str] = {}  # Lease -> holderIdentity ("" when free)
        self._claims: dict[IndexKey, int] = {}  # reviews taking the lock now
        self._fast: dict[IndexKey, int] = {}  # of which admitted before their write
        self.synced = threading.Event()  # the first listing of the Leases is in
        self._unlisted: set[str | None] = {None}

    @staticmethod
    def keys(namespace: str, keys: list[LockKey]) -> list[IndexKey]:
        return [(namespace, key.lease) for key in keys]

    def claim(self, namespace: str, keys: list[LockKey], *, fast_allowed: bool = True, fast_only: bool = False) -> bool:
        """Register a review taking `keys`; True when it may be admitted before its write
        (the index is synced, no Lease of any key is known, no other claim is in flight).
        Every claim is settled, fast or not. `fast_only`: register nothing unless fast."""
        index = self.keys(namespace, keys)
        with self._cond:
            fast = (
                fast_allowed
                and self.synced.is_set()
                and all(k not in self._holders and not self._claims.get(k) for k in index)
            )
            if fast_only and not fast:
                return False
            for k in index:
                self._claims[k] = self._claims.get(k, 0) + 1
                if fast:
                    self._fast[k] = self._fast.get(k, 0) + 1
            return fast

    def settle(self, namespace: str, keys: list[LockKey], holder_uid: str, *, fast: bool, acquired: bool) -> None:
        """A claim's write is done: when it took the locks, they are known as `holder_uid`'s."""
        with self._cond:
            for k in self.keys(namespace, keys):
                if acquired:
                    self._holders[k] = holder_uid
                self._claims[k] -= 1
                if not self._claims[k]:
                    del self._claims[k]
                if fast:
                    self._fast[k] -= 1
                    if not self._fast[k]:
                        del self._fast[k]
            self._cond.notify_all()

    def wait_written(self, namespace: str, keys: list[LockKey], timeout: float) -> bool:
        """Wait until no fast claim of `keys` is still unwritten (False: timed out)."""
        index = self.keys(namespace, keys)
        with self._cond:
            return self._cond.wait_for(lambda: not any(self._fast.get(k) for k in index), timeout=timeout)

    # --- the watch of lock Leases (controller/informer.py) ---

    def lease_event(self, kind: str, lease: dict[str, Any]) -> None:
        meta = lease.get("metadata") or {}
        k = (str(meta.get("namespace") or ""), str(meta.get("name") or ""))
        holder = lease_holder(lease).uid
        with self._cond:
            if kind != "DELETED":
                self._holders[k] = holder
            elif self._holders.get(k) == holder:
                # Only the deletion of the Lease as known: an older one's deletion, delivered
                # after this process's own write made a new one, must not hide the new one.
                del self._holders[k]

    def expect(self, scopes: list[str | None]) -> None:
        """The listings (a namespace each, or None: all) that must be in before `synced`."""
        self._unlisted = set(scopes)

    def leases_listed(self, namespace: str | None, keys: set[IndexKey]) -> None:
        with self._cond:
            for k in [k for k in self._holders if (namespace is None or k[0] == namespace) and k not in keys]:
                del self._holders[k]
            self._unlisted.discard(namespace)
            if not self._unlisted:
                self.synced.set()

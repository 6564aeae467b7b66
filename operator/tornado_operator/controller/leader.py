"""Leader election over a coordination.k8s.io Lease, so only one replica reconciles.

The standby replicas wait (and report not ready, so the webhook Service sends admission
reviews only to the leader); the leader renews the Lease every RENEW_SECONDS and exits
when it cannot, so that Kubernetes restarts it as a standby rather than two leaders ever
acting at once. A takeover is a compare-and-swap on the Lease's resourceVersion.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime
from typing import Any

from kubernetes.client.exceptions import ApiException

from tornado_operator.controller.kube import Kube
from tornado_operator.controller.locks import micro_now

log = logging.getLogger(__name__)

LEASE_SECONDS = 15
RENEW_SECONDS = 5


def _expired(lease: Any) -> bool:
    spec = lease.spec
    renewed = spec.renew_time or spec.acquire_time if spec is not None else None
    if renewed is None:
        return True
    duration = (spec.lease_duration_seconds or LEASE_SECONDS) if spec is not None else LEASE_SECONDS
    return bool((datetime.now(UTC) - renewed.astimezone(UTC)).total_seconds() > duration)


def _body(name: str, identity: str, resource_version: str | None, transitions: int) -> dict[str, Any]:
    now = micro_now()
    metadata: dict[str, Any] = {"name": name}
    if resource_version is not None:
        metadata["resourceVersion"] = resource_version
    return {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": metadata,
        "spec": {
            "holderIdentity": identity,
            "leaseDurationSeconds": LEASE_SECONDS,
            "acquireTime": now,
            "renewTime": now,
            "leaseTransitions": transitions,
        },
    }


def try_acquire(kube: Kube, namespace: str, name: str, identity: str) -> bool:
    try:
        kube.coordination.create_namespaced_lease(namespace, _body(name, identity, None, 0))
        return True
    except ApiException as exc:
        if exc.status != 409:
            raise
    lease = kube.coordination.read_namespaced_lease(name, namespace)
    holder = lease.spec.holder_identity if lease.spec is not None else None
    if holder != identity and not _expired(lease):
        return False
    transitions = (lease.spec.lease_transitions or 0) + (0 if holder == identity else 1)
    try:
        kube.coordination.replace_namespaced_lease(
            name, namespace, _body(name, identity, lease.metadata.resource_version, transitions)
        )
        return True
    except ApiException as exc:
        if exc.status in (404, 409):
            return False
        raise


def wait_for_leadership(kube: Kube, namespace: str, name: str, identity: str, stop: threading.Event) -> bool:
    """Block until this replica leads (True) or `stop` is set (False)."""
    logged = False
    while not stop.is_set():
        try:
            if try_acquire(kube, namespace, name, identity):
                log.info("leading: lease %s/%s held by %s", namespace, name, identity)
                return True
        except ApiException as exc:
            log.warning("leader election: %s", exc.reason)
        if not logged:
            log.info("standing by: lease %s/%s is held by another replica", namespace, name)
            logged = True
        stop.wait(RENEW_SECONDS / 2)
    return False


def keep_leading(kube: Kube, namespace: str, name: str, identity: str) -> threading.Thread:
    """Renew the lease in the background; exit the process when leadership is lost."""

    def renew() -> None:
        last_ok = time.monotonic()
        while True:
            time.sleep(RENEW_SECONDS)
            try:
                if try_acquire(kube, namespace, name, identity):
                    last_ok = time.monotonic()
                    continue
                log.error("leadership lost to another replica; exiting")
            except Exception as exc:
                if time.monotonic() - last_ok < LEASE_SECONDS - RENEW_SECONDS:
                    log.warning("could not renew the leader lease (%s); retrying", exc)
                    continue
                log.error("could not renew the leader lease for %ss; exiting", LEASE_SECONDS)
            os._exit(1)

    thread = threading.Thread(target=renew, name="leader-renew", daemon=True)
    thread.start()
    return thread

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
from typing import Any

from tornado_operator.controller.kube import Kube, api_message
from tornado_operator.controller.locks import (
    Clock,
    lease_age_seconds,
    lease_holder,
    micro_time,
    utc_now,
)

log = logging.getLogger(__name__)

LEASE_SECONDS = 15
RENEW_SECONDS = 5


def _expired(lease: dict[str, Any], clock: Clock) -> bool:
    duration = (lease.get("spec") or {}).get("leaseDurationSeconds") or LEASE_SECONDS
    return lease_age_seconds(lease, clock()) > duration


def _body(name: str, identity: str, resource_version: str | None, transitions: int, clock: Clock) -> dict[str, Any]:
    now = micro_time(clock())
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


def try_acquire(kube: Kube, namespace: str, name: str, identity: str, *, clock: Clock = utc_now) -> bool:
    """Take or renew the leader Lease; False while another replica holds it."""
    if kube.create_lease(namespace, _body(name, identity, None, 0, clock)):
        return True
    lease = kube.get_lease(namespace, name)
    if lease is None:
        return False  # deleted between create and read: the next round creates it
    holder = lease_holder(lease).uid
    if holder != identity and not _expired(lease, clock):
        return False
    transitions = ((lease.get("spec") or {}).get("leaseTransitions") or 0) + (0 if holder == identity else 1)
    return kube.replace_lease(
        namespace, _body(name, identity, lease["metadata"]["resourceVersion"], transitions, clock)
    )


def wait_for_leadership(kube: Kube, namespace: str, name: str, identity: str, stop: threading.Event) -> bool:
    """Block until this replica leads (True) or `stop` is set (False)."""
    logged = False
    while not stop.is_set():
        try:
            if try_acquire(kube, namespace, name, identity):
                log.info("leading: lease %s/%s held by %s", namespace, name, identity)
                return True
        except Exception as exc:  # the API server is unreachable: keep standing by
            log.warning("leader election: %s", api_message(exc))
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

"""Validating admission of TornadoSessions (what the CRD schema cannot say, and the lock) and
of TestScenarios (their config keys and what they name in their Pathway: loop/references.py).

Denies, with a message naming the field: a spec the models reject; a pathwayId with no
Pathway; a versionNumber that does not exist; a scenarioId that does not exist or belongs
to another pathway; no enabled scenarios at all. Denies with HTTP 409 a session for a
pathway (or persona) that already has a running session, by taking the per-pathway Lease
lock (see controller/locks.py for why a lock and not a list).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from tornado_operator.api.errors import first_error
from tornado_operator.api.pathway import version_name
from tornado_operator.api.redact import redact
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import TornadoSessionSpec
from tornado_operator.controller import locks
from tornado_operator.controller.cache import ReferenceCache
from tornado_operator.controller.jobs import OVERRIDE_HELP, RunnerDefaults
from tornado_operator.controller.kube import Kube, api_message
from tornado_operator.loop.references import scenario_admission_problems
from tornado_operator.loop.selection import SelectionError, select_scenarios
from tornado_operator.webhook.promotion import promotion_refusal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: int = 200
    reason: str = "Allowed"
    message: str = ""

    def response(self, uid: str) -> dict[str, Any]:
        body: dict[str, Any] = {"uid": uid, "allowed": self.allowed}
        if not self.allowed:
            body["status"] = {"code": self.code, "message": self.message, "reason": self.reason}
        return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": body}


def timed_out(budget: float | None) -> Decision:
    return deny(
        504,
        "Timeout",
        f"tornado webhook: no answer within {budget or 0:.1f}s (the API server is slow to answer it); "
        "nothing was locked, retry the create",
    )


def deny(code: int, reason: str, message: str) -> Decision:
    return Decision(allowed=False, code=code, reason=reason, message=redact(message))


class WouldBlock(Exception):
    """review(blocking=False) needs the API server or a wait: run it in a thread instead."""


class Offline:
    """A Kube for review(blocking=False): every call would block."""

    def __getattr__(self, name: str) -> Any:
        raise WouldBlock(name)


class MalformedReview(ValueError):
    """The body is not an AdmissionReview the API server would send (answered 400)."""


MAX_BODY_BYTES = 3 * 1024 * 1024  # the API server's own request limit is about 3 MiB


def parse_review(body: bytes) -> dict[str, Any]:
    """The `request` of an AdmissionReview body, checked for the fields the review reads."""
    if len(body) > MAX_BODY_BYTES:
        raise MalformedReview(f"body of {len(body)} bytes is larger than {MAX_BODY_BYTES}")
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the parser goes
        raise MalformedReview(f"not JSON: {str(exc)[:200]}") from None
    if not isinstance(document, dict):
        raise MalformedReview(f"an AdmissionReview is a JSON object, not {type(document).__name__}")
    if document.get("kind") != "AdmissionReview":
        raise MalformedReview(f"kind: expected AdmissionReview, got {str(document.get('kind'))[:100]!r}")
    request = document.get("request")
    if not isinstance(request, dict):
        raise MalformedReview("request: required, an object")
    for field, kind in (("uid", str), ("operation", str)):
        if not isinstance(request.get(field), kind):
            raise MalformedReview(f"request.{field}: required, a string")
    for field in ("object", "userInfo"):
        if request.get(field) is not None and not isinstance(request[field], dict):
            raise MalformedReview(f"request.{field}: must be an object")
    obj = request.get("object") or {}
    meta = obj.get("metadata")
    if meta is not None and not isinstance(meta, dict):
        raise MalformedReview("request.object.metadata: must be an object")
    declared = (meta or {}).get("namespace")
    if declared and request.get("namespace") and declared != request.get("namespace"):
        # The API server always sends both the same: a client asking about one namespace
        # while claiming another gets no answer about either.
        raise MalformedReview("request.namespace and request.object.metadata.namespace differ")
    if obj.get("spec") is not None and not isinstance(obj["spec"], dict):
        raise MalformedReview("request.object.spec: must be an object")
    return request


def review(
    kube: Kube,
    request: dict[str, Any],
    cache: ReferenceCache | None = None,
    *,
    clock: locks.Clock = locks.utc_now,
    sleep: locks.Sleep = time.sleep,
    budget_seconds: float | None = None,
    runner: RunnerDefaults | None = None,
    lock_kube: Kube | None = None,
    index: locks.LockIndex | None = None,
    background: Callable[[Callable[[], None]], None] | None = None,
    blocking: bool = True,
) -> Decision:
    """Decide one AdmissionReview request (references from `cache` when it has them).
    `budget_seconds`: answer within it (the API server gives up at the webhook's
    timeoutSeconds); a lock is never taken after the budget is spent. With `index` and
    `background` (runs a function later, in another thread), a free lock is admitted at once
    and written in the background (locks.LockIndex). `blocking=False` (with `kube` an Offline):
    decide from the cache and the index alone, or raise WouldBlock before anything is taken;
    the webhook answers such reviews on its event loop, without a hop to a thread and back."""
    deadline = clock() + timedelta(seconds=budget_seconds) if budget_seconds is not None else None
    kube_for_locks = lock_kube or kube  # the background write's (kube is an Offline when not blocking)

    def get(plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        cached = cache.get(plural, namespace, name) if cache is not None else None
        return cached if cached is not None else kube.get(plural, namespace, name)

    if (request.get("resource") or {}).get("resource") == "testscenarios":  # CREATE and UPDATE
        obj = request.get("object") or {}
        namespace = request.get("namespace") or (obj.get("metadata") or {}).get("namespace") or "default"
        spec = obj.get("spec") or {}
        pathway_id = spec.get("pathwayId")
        # A live read: the cache keeps no Pathway graphs (and may lag an edit that added a node).
        pathway = kube.get("pathways", namespace, pathway_id) if isinstance(pathway_id, str) and pathway_id else None
        problems = scenario_admission_problems(spec, pathway)
        return deny(422, "Invalid", "; ".join(problems)) if problems else Decision(allowed=True)
    if request.get("operation") != "CREATE":
        return Decision(allowed=True)  # updates: immutability is the CRD's CEL rules' job
    obj = request.get("object") or {}
    meta = obj.get("metadata") or {}
    namespace = request.get("namespace") or meta.get("namespace") or "default"
    try:
        spec = TornadoSessionSpec.model_validate(obj.get("spec") or {})
    except ValidationError as exc:
        return deny(422, "Invalid", first_error(exc, "spec."))
    if spec.cancel:
        return Decision(allowed=True)  # created cancelled: it will end at once, holds nothing
    refusal = promotion_refusal(kube, spec, request.get("userInfo") or {}, namespace)
    if refusal is not None:
        return deny(403, "Forbidden", refusal)
    overrides = (runner or RunnerDefaults()).unapproved_overrides(spec)
    if overrides and not kube.can_i(request.get("userInfo") or {}, "override", "tornadosessions", namespace, meta.get("name") or "", subresource="runner"):
        user = (request.get("userInfo") or {}).get("username") or "this user"
        return deny(403, "Forbidden", f"{overrides[0]}: {OVERRIDE_HELP}; {user} may not")
    if get("pathways", namespace, spec.pathway_id) is None:
        return deny(422, "Invalid", f'spec.pathwayId: Pathway "{spec.pathway_id}" not found in namespace "{namespace}"')
    if spec.version_number is not None:
        name = version_name(spec.pathway_id, spec.version_number)
        if get("pathwayversions", namespace, name) is None:
            return deny(422, "Invalid", f'spec.versionNumber: PathwayVersion "{name}" not found')
    scenarios: dict[str, TestScenarioSpec] = {}
    items: list[dict[str, Any] | None]
    if spec.scenario_ids is not None:
        items = [get("testscenarios", namespace, sid) for sid in spec.scenario_ids]
    else:
        cached = cache.scenarios_of(namespace, spec.pathway_id) if cache is not None else []
        items = list(cached or kube.list_objects("testscenarios", namespace, fields=f"spec.pathwayId={spec.pathway_id}"))
        if spec.persona_id:
            items += kube.list_objects("testscenarios", namespace, fields=f"spec.personaId={spec.persona_id}")
    for item in items:
        if item is None:
            continue
        name = item["metadata"]["name"]
        try:
            scenarios[name] = TestScenarioSpec.model_validate(item.get("spec") or {})
        except ValidationError as exc:  # the same words the operator and the Job would use
            return deny(422, "Invalid", first_error(exc, f'TestScenario "{name}": spec.'))
    try:
        select_scenarios(spec.scenario_ids, spec.pathway_id, spec.persona_id, scenarios)
    except SelectionError as exc:
        return deny(422, "Invalid", exc.message)
    holder = locks.Holder(uid=meta.get("uid") or "", name=meta.get("name") or "")
    if request.get("dryRun"):
        if not blocking:
            raise WouldBlock("dry run")
        if index is not None:  # a lock admitted a moment ago may not be written yet
            index.wait_written(namespace, locks.lock_keys(spec.pathway_id, spec.persona_id), timeout=locks.PENDING_GRACE_SECONDS)
        for key in locks.lock_keys(spec.pathway_id, spec.persona_id):
            result = locks.acquire(kube, namespace, key, holder, dry_run=True, clock=clock)
            if not result.acquired:
                return deny(409, "Conflict", result.conflict_message(key))
        return Decision(allowed=True)
    keys = locks.lock_keys(spec.pathway_id, spec.persona_id)
    if deadline is not None and clock() >= deadline:
        return timed_out(budget_seconds)
    approval = {locks.ANNOTATION_OVERRIDE_APPROVED: "true"} if overrides else None
    if not blocking:
        if index is None or background is None or approval is not None or not index.claim(namespace, keys, fast_only=True):
            raise WouldBlock("lock")
        background(lambda: _take_locks_later(kube_for_locks, namespace, keys, holder, index, clock))
        return Decision(allowed=True)
    if index is None or background is None:
        return _take_locks(kube, namespace, keys, holder, clock=clock, sleep=sleep, deadline=deadline, approval=approval)
    # A lock nobody holds, known to be absent, and no other review taking it in this process:
    # admitted now, its Lease written right after (controller/locks.py: LockIndex). A runner
    # override's approval is written on the Lease, which the operator reads at the start: never
    # admitted before it.
    if index.claim(namespace, keys, fast_allowed=approval is None):
        background(lambda: _take_locks_later(kube_for_locks, namespace, keys, holder, index, clock))
        return Decision(allowed=True)
    acquired = False
    try:
        remaining = (deadline - clock()).total_seconds() if deadline is not None else locks.PENDING_GRACE_SECONDS
        if not index.wait_written(namespace, keys, timeout=max(0.0, remaining)):
            return timed_out(budget_seconds)
        decision = _take_locks(kube, namespace, keys, holder, clock=clock, sleep=sleep, deadline=deadline, approval=approval)
        acquired = decision.allowed
        return decision
    finally:
        index.settle(namespace, keys, holder.uid, fast=False, acquired=acquired)


def _take_locks_later(
    kube: Kube, namespace: str, keys: list[locks.LockKey], holder: locks.Holder, index: locks.LockIndex, clock: locks.Clock
) -> None:
    """The Lease write of a create admitted before it (in the background)."""
    acquired = False
    try:
        result, conflict = locks.acquire_all(kube, namespace, keys, holder, clock=clock)
        acquired = result.acquired
        if not acquired and conflict is not None:
            # Only a Lease taken elsewhere since this process last heard of it: the operator
            # meets it when it starts the session, which then ends ERROR Conflict.
            log.warning("admitted %s/%s, but %s", namespace, holder.name, result.conflict_message(conflict))
    except Exception as exc:  # the operator takes the lock itself before it starts the session
        log.warning("could not write the lock of admitted session %s/%s: %s", namespace, holder.name, api_message(exc))
    finally:
        index.settle(namespace, keys, holder.uid, fast=True, acquired=acquired)


def _take_locks(
    kube: Kube,
    namespace: str,
    keys: list[locks.LockKey],
    holder: locks.Holder,
    *,
    clock: locks.Clock,
    sleep: locks.Sleep,
    deadline: datetime | None,
    approval: dict[str, str] | None,
) -> Decision:
    # A holder that is not stored yet is waited for (it appears: deny; it never does: take
    # over), so a review that nobody stores delays a real create but cannot deny it.
    result, conflict = locks.acquire_all(
        kube, namespace, keys, holder, clock=clock, wait_pending=True, sleep=sleep, deadline=deadline, annotations=approval
    )
    if not result.acquired and result.pending and conflict is not None:
        return deny(
            409, "Conflict", f"{result.conflict_message(conflict)} (its create is still in flight; retry in a few seconds)"
        )
    if not result.acquired and conflict is not None:
        return deny(409, "Conflict", result.conflict_message(conflict))
    return Decision(allowed=True)

"""Promoting a PathwayVersion: check the rule (loop/promotion.py) against the cluster, record
the promotion on the Pathway's status and post an event. Used by `tornado promote` and by
the operator for a session with `spec.promote: OnAllPassed`.

The status is replaced (PUT with the resourceVersion just read, retried on a conflict), so two
promotions at once, or a promotion racing the operator's snapshot bookkeeping, never lose
each other's fields. Promoting the version already live there is a no-op.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from kubernetes.client.exceptions import ApiException
from pydantic import ValidationError

from tornado_operator.api.base import now_timestamp
from tornado_operator.api.pathway import Environment, PathwayStatus, Promotion, version_name
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import Phase, TornadoSession
from tornado_operator.controller.kube import Kube
from tornado_operator.loop.promotion import (
    PROMOTE_ON_ALL_PASSED,
    PromotionCheck,
    check_promotion,
    live_version,
    with_promotion,
)

WRITE_ATTEMPTS = 5
Outcome = Literal["promoted", "unchanged", "refused", "not-found"]


@dataclass(frozen=True, slots=True)
class PromotionResult:
    outcome: Outcome
    message: str
    check: PromotionCheck | None = None
    promotion: Promotion | None = None


def evidence(
    kube: Kube, namespace: str, pathway_id: str, version: int, session: TornadoSession | None = None
) -> PromotionCheck:
    """The promotion rule for `version`, from the pathway's scenarios and sessions in the cluster
    (`session`: one of them as it is now, newer than its stored status)."""
    scenarios: dict[str, TestScenarioSpec] = {}
    for item in kube.list_objects("testscenarios", namespace, fields=f"spec.pathwayId={pathway_id}"):
        try:
            scenarios[item["metadata"]["name"]] = TestScenarioSpec.model_validate(item.get("spec") or {})
        except ValidationError:
            continue  # an invalid scenario cannot run, so it cannot be required evidence either
    sessions: list[TornadoSession] = []
    for item in kube.list_objects("tornadosessions", namespace, fields=f"spec.pathwayId={pathway_id}"):
        try:
            listed = TornadoSession.model_validate(item)
        except ValidationError:
            continue
        if session is None or listed.metadata.name != session.metadata.name:
            sessions.append(listed)
    if session is not None:
        sessions.append(session)
    return check_promotion(pathway_id, version, scenarios, sessions)


def promote(
    kube: Kube,
    namespace: str,
    pathway_id: str,
    version: int,
    *,
    environment: Environment = "production",
    actor: str,
    clock: Callable[[], str] = now_timestamp,
    session: TornadoSession | None = None,
) -> PromotionResult:
    """Promote version `version` of `pathway_id` to `environment` if the rule allows it.
    `session`: the session promoting its final version (recorded when no required scenario
    names another)."""
    if kube.get("pathwayversions", namespace, version_name(pathway_id, version)) is None:
        return PromotionResult("not-found", f'PathwayVersion "{version_name(pathway_id, version)}" not found in namespace "{namespace}"')
    check = evidence(kube, namespace, pathway_id, version, session)
    if not check.allowed:
        return PromotionResult("refused", check.refusal(), check)
    for _attempt in range(WRITE_ATTEMPTS):
        pathway = kube.get("pathways", namespace, pathway_id)
        if pathway is None:
            return PromotionResult("not-found", f'Pathway "{pathway_id}" not found in namespace "{namespace}"')
        raw_status: dict[str, Any] = pathway.get("status") or {}
        status = PathwayStatus.model_validate(raw_status)
        previous = live_version(status, environment)
        if previous == version:
            return PromotionResult("unchanged", f"version {version} of {pathway_id} is already live in {environment}", check)
        proof = check.proof
        promotion = Promotion(
            environment=environment,
            version=version,
            promoted_by=actor,
            promoted_at=clock(),
            session_name=proof.session_name if proof else session.metadata.name if session else None,
            session_id=proof.session_id if proof else session.status.session_id if session else None,
            required_scenario_ids=check.required,
            previous_version=previous,
        )
        updated = with_promotion(status, promotion).wire()
        body = {**pathway, "status": {**raw_status, "liveVersion": updated.get("liveVersion"), "promotions": updated["promotions"]}}
        if body["status"]["liveVersion"] is None:
            body["status"].pop("liveVersion")
        try:
            written = kube.replace_status("pathways", namespace, body)
        except ApiException as exc:
            if exc.status == 409:
                continue  # written meanwhile (a snapshot, another promotion): read again
            raise
        message = promotion_message(promotion, pathway_id, check)
        with contextlib.suppress(ApiException):  # the record on the status is what counts
            kube.post_event(namespace, written, "Promoted", message)
        return PromotionResult("promoted", message, check, promotion)
    raise RuntimeError(f"could not write the promotion of {pathway_id} after {WRITE_ATTEMPTS} conflicting writes")


def promotion_message(promotion: Promotion, pathway_id: str, check: PromotionCheck) -> str:
    proof = (
        f"; the scenarios required for promotion ({', '.join(check.required)}) passed on it in session {promotion.session_name}"
        if check.required
        else "; no scenario of the pathway is marked isRequiredForPromotion"
    )
    previous = f" (was {promotion.previous_version})" if promotion.previous_version is not None else ""
    return f"version {promotion.version} of {pathway_id} promoted to {promotion.environment}{previous} by {promotion.promoted_by}{proof}"


def promote_finished_session(kube: Kube, session: TornadoSession, *, clock: Callable[[], str] = now_timestamp) -> PromotionResult | None:
    """`spec.promote: OnAllPassed`: promote the final version of a session that ends
    COMPLETED_ALL_PASSED (None: nothing asked). `session` carries its final status, which
    counts as evidence before it is written (the operator promotes first, then writes the
    status, so a crash in between repeats a promotion that is then unchanged)."""
    status = session.status
    if session.spec.promote != PROMOTE_ON_ALL_PASSED or status.phase is not Phase.COMPLETED_ALL_PASSED:
        return None
    final = status.iterations[-1].version_tested if status.iterations else status.current_version
    if final is None:
        return None
    namespace = session.metadata.namespace or "default"
    actor = f"session {namespace}/{session.metadata.name} (spec.promote: {PROMOTE_ON_ALL_PASSED})"
    return promote(kube, namespace, session.spec.pathway_id, final, actor=actor, clock=clock, session=session)

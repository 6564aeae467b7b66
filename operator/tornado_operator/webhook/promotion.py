"""A session that promotes (`spec.promote: OnAllPassed`) may be created only by someone who may
promote: the permission to promote is update on the Pathway's status (the ClusterRole
tornado-promote), which starting sessions does not give. Checked at create with a
SubjectAccessReview for the requesting user; the CRD keeps spec.promote immutable, so it
cannot be added afterwards.
"""

from __future__ import annotations

from typing import Any

from tornado_operator.api.session import TornadoSessionSpec
from tornado_operator.controller.kube import Kube
from tornado_operator.loop.promotion import PROMOTE_ON_ALL_PASSED


def promotion_refusal(kube: Kube, spec: TornadoSessionSpec, user: dict[str, Any], namespace: str) -> str | None:
    """Why the requesting user may not create this session (None: they may)."""
    if spec.promote != PROMOTE_ON_ALL_PASSED:
        return None
    if kube.can_i(user, "update", "pathways", namespace, spec.pathway_id, subresource="status"):
        return None
    who = user.get("username") or "this user"
    return (
        f"spec.promote: {who} may not promote pathway {spec.pathway_id!r}: a session with promote: "
        f"{PROMOTE_ON_ALL_PASSED} needs update on pathways/status in namespace {namespace!r} "
        "(the ClusterRole tornado-promote); create it without spec.promote, or ask a reviewer"
    )

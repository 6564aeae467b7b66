"""Deterministic names and labels of everything the operator creates.

All loop state lives in the session's status and in children with these names, so an
operator that restarts finds what it made instead of making it again.
"""

from __future__ import annotations

import hashlib
import re

from tornado_operator import LABEL_PREFIX

LABEL_SESSION = f"{LABEL_PREFIX}session"
LABEL_SESSION_UID = f"{LABEL_PREFIX}session-uid"
LABEL_ITERATION = f"{LABEL_PREFIX}iteration"
LABEL_PATHWAY = f"{LABEL_PREFIX}pathway"
LABEL_PERSONA = f"{LABEL_PREFIX}persona"
LABEL_VERSION = f"{LABEL_PREFIX}version"
LABEL_COMPONENT = f"{LABEL_PREFIX}component"
LABEL_PREFIX_LOCK = f"lock.{LABEL_PREFIX}"
ANNOTATION_SESSION_NAME = f"{LABEL_PREFIX}session-name"
MANAGED_BY = {"app.kubernetes.io/managed-by": "tornado-operator"}

RUNNER_SERVICE_ACCOUNT = "tornado-runner"
RUNNER_CLUSTER_ROLE = "tornado-runner"
RESULT_KEY = "result.json"

_MAX_NAME = 63  # Job names end up in a label value (batch.kubernetes.io/job-name)


def _short(base: str, suffix: str, limit: int = _MAX_NAME) -> str:
    """base + suffix within limit; a long base is cut and made unique with a hash."""
    if len(base) + len(suffix) <= limit:
        return base + suffix
    digest = hashlib.sha256(base.encode()).hexdigest()[:8]
    keep = limit - len(suffix) - len(digest) - 1
    return f"{base[:keep].rstrip('-.')}-{digest}{suffix}"


def job_name(session: str, iteration: int) -> str:
    return _short(session, f"-it{iteration}")


def result_name(session: str, iteration: int) -> str:
    return _short(session, f"-it{iteration}-result", 253)


def label_value(value: str) -> str:
    """A valid label value (persona ids may hold characters labels do not allow)."""
    clean = re.sub(r"[^A-Za-z0-9_.-]", "-", value).strip("-_.")
    if clean == value and len(value) <= 63:
        return value
    return _short(clean[:40].strip("-_.") or "x", "", 63) if len(clean) > 63 else (clean or "x")


def lease_name(kind: str, value: str) -> str:
    """The per-pathway (or per-persona) lock's Lease name: a DNS subdomain derived from the id."""
    clean = re.sub(r"[^a-z0-9-]", "-", value.lower()).strip("-")
    digest = hashlib.sha256(value.encode()).hexdigest()[:8]
    if clean == value and len(value) <= 200:
        return f"tornado-{kind}-{value}"
    return f"tornado-{kind}-{clean[:180]}-{digest}".replace("--", "-")

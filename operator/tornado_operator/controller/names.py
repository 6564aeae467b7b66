"""Deterministic names and labels of everything the operator creates.

All loop state lives in the session's status and in children with these names, so an
operator that restarts finds what it made instead of making it again.
"""

from __future__ import annotations

import hashlib
import re

# The label keys live in api/labels.py (the loop's version manifests use them too).
from tornado_operator.api.labels import (
    ANNOTATION_SESSION_NAME as ANNOTATION_SESSION_NAME,
)
from tornado_operator.api.labels import (
    LABEL_COMPONENT as LABEL_COMPONENT,
)
from tornado_operator.api.labels import (
    LABEL_ITERATION as LABEL_ITERATION,
)
from tornado_operator.api.labels import (
    LABEL_PATHWAY as LABEL_PATHWAY,
)
from tornado_operator.api.labels import (
    LABEL_PERSONA as LABEL_PERSONA,
)
from tornado_operator.api.labels import (
    LABEL_PREFIX_LOCK as LABEL_PREFIX_LOCK,
)
from tornado_operator.api.labels import (
    LABEL_SESSION as LABEL_SESSION,
)
from tornado_operator.api.labels import (
    LABEL_SESSION_UID as LABEL_SESSION_UID,
)
from tornado_operator.api.labels import (
    LABEL_VERSION as LABEL_VERSION,
)
from tornado_operator.api.labels import (
    MANAGED_BY as MANAGED_BY,
)

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


def runner_account(session: str) -> str:
    """The ServiceAccount (and Role, RoleBinding) a session's iteration Jobs run as."""
    return _short(session, "-runner", 253)


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

"""Label and annotation keys on everything tornado writes (read by the operator to find what it made)."""

from __future__ import annotations

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

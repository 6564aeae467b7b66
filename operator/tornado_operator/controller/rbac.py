"""What the iteration Jobs' service account may do (the ClusterRole `tornado-runner`).

The manifests carry the same rules; a test compares them so the two never drift.
"""

from __future__ import annotations

from typing import Any

RUNNER_RULES: list[dict[str, Any]] = [
    {"apiGroups": ["agenttesting.dev"], "resources": ["tornadosessions"], "verbs": ["get"]},
    {"apiGroups": ["agenttesting.dev"], "resources": ["pathways"], "verbs": ["get"]},
    {"apiGroups": ["agenttesting.dev"], "resources": ["pathwayversions"], "verbs": ["get", "list", "create"]},
    {"apiGroups": ["agenttesting.dev"], "resources": ["testscenarios"], "verbs": ["get", "list"]},
    {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "create", "update"]},
    # The LLM backend's API key; only read when a session names a Secret.
    {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]},
]


def runner_cluster_role() -> dict[str, Any]:
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRole",
        "metadata": {"name": "tornado-runner", "labels": {"app.kubernetes.io/name": "tornado-operator"}},
        "rules": RUNNER_RULES,
    }

"""What an iteration Job may do: one ServiceAccount, Role and RoleBinding per session.

Each session's Jobs run as their own ServiceAccount `<session>-runner`, bound to a Role that
names what that session may touch: its own TornadoSession, its Pathway and its own result
ConfigMaps (pre-created by the operator, so the runner needs no `create`). No Secrets: the
one Secret key a session names reaches its pods as an environment variable that the kubelet
resolves (controller/jobs.py), so neither the runner nor the operator may read Secrets. All
three objects are owned by the session and go with it. The operator holds every permission
it grants (nobody may grant more than they hold), and tests/integration/test_manifests.py
checks both sides with SubjectAccessReviews.
"""

from __future__ import annotations

import copy
from typing import Any

from tornado_operator.api.session import TornadoSession
from tornado_operator.controller import names

RBAC_API = "rbac.authorization.k8s.io"


def runner_rules(session: TornadoSession) -> list[dict[str, Any]]:
    """The Role of one session's iteration Jobs."""
    spec = session.spec
    name = session.metadata.name
    results = [names.result_name(name, iteration) for iteration in range(1, spec.max_iterations + 1)]
    rules: list[dict[str, Any]] = [
        {"apiGroups": ["agenttesting.dev"], "resources": ["tornadosessions"], "verbs": ["get"], "resourceNames": [name]},
        {"apiGroups": ["agenttesting.dev"], "resources": ["pathways"], "verbs": ["get"], "resourceNames": [spec.pathway_id]},
        # Forks are new versions (create cannot be limited by name); versions are immutable.
        {"apiGroups": ["agenttesting.dev"], "resources": ["pathwayversions"], "verbs": ["get", "list", "create"]},
        {"apiGroups": ["agenttesting.dev"], "resources": ["testscenarios"], "verbs": ["get", "list"]},
        {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "update"], "resourceNames": results},
    ]
    return rules


def runner_identity(session: TornadoSession, owner: dict[str, Any]) -> list[dict[str, Any]]:
    """ServiceAccount, Role and RoleBinding of a session's Jobs (created in this order)."""
    name = names.runner_account(session.metadata.name)
    namespace = session.metadata.namespace
    metadata = {
        "name": name,
        "namespace": namespace,
        "labels": {names.LABEL_SESSION: names.label_value(session.metadata.name), **names.MANAGED_BY},
        "ownerReferences": [owner],
    }
    return [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": copy.deepcopy(metadata)},
        {"apiVersion": f"{RBAC_API}/v1", "kind": "Role", "metadata": copy.deepcopy(metadata), "rules": runner_rules(session)},
        {
            "apiVersion": f"{RBAC_API}/v1",
            "kind": "RoleBinding",
            "metadata": copy.deepcopy(metadata),
            "roleRef": {"apiGroup": RBAC_API, "kind": "Role", "name": name},
            "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": namespace}],
        },
    ]

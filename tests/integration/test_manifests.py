"""The manifests on a real API server: accepted, least-privilege RBAC, restricted pods.

* every overlay passes `kubectl apply --dry-run=server -k` (the API server's validation,
  defaulting and admission, without persisting anything). The cert-manager overlay needs the
  cert-manager CRDs: when the cluster has none, a minimal copy of Issuer and Certificate
  (cert-manager.io/v1; the fields we use typed, the rest preserved) is installed for the
  test and removed after it, so the overlay's own objects are checked too.
* the RBAC objects are applied for real and SubjectAccessReviews (what `kubectl auth can-i
  --as=...` sends) prove that the operator's ServiceAccount can make every call the operator
  makes, and nothing else that matters: no Secrets outside its own, no namespaces, no
  deployments, no escalation. Likewise for the iteration Jobs' ServiceAccount.
* the iteration Job the operator creates (tornado_operator.controller.jobs.iteration_job)
  and the operator's own pod are admitted in a namespace that enforces the restricted Pod
  Security Standard, and a non-compliant pod is refused there (the check is live).
* kubeconform validates the rendered manifests against JSON schemas generated from this
  API server's OpenAPI v3 (kubeconform would download schemas from the internet otherwise).
* the `kubectl wait` recipes of deploy/kubectl-wait.md work on a TornadoSession whose
  status the test writes.
Objects the test creates are removed afterwards; objects that existed before are left alone.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from kubehelpers import install_crds

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "manifests"
OVERLAYS = ("self-signed", "cert-manager")
NAMESPACE = "tornado-system"
OPERATOR_USER = f"system:serviceaccount:{NAMESPACE}:tornado-operator"
RBAC_KINDS = ("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
CLUSTER_SCOPED = {
    "customresourcedefinitions",
    "namespaces",
    "clusterroles",
    "clusterrolebindings",
    "validatingwebhookconfigurations",
    "nodes",
}


def lint_module() -> ModuleType:
    """tests/unit/test_manifests_lint.py: the RBAC tables, one source of truth."""
    path = ROOT / "tests" / "unit" / "test_manifests_lint.py"
    spec = importlib.util.spec_from_file_location("_tornado_manifests_lint", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


LINT = lint_module()


def render(cluster: Any, overlay: str) -> list[dict[str, Any]]:
    text = cluster.kubectl("kustomize", str(MANIFESTS / "overlays" / overlay)).stdout
    return [doc for doc in yaml.safe_load_all(text) if doc]


def exists(cluster: Any, kind: str, name: str, namespace: str | None = None) -> bool:
    args = ["get", kind, name, "--ignore-not-found", "-o", "name"]
    if namespace:
        args += ["-n", namespace]
    return bool(cluster.kubectl(*args).stdout.strip())


# -- cluster preparation ----------------------------------------------------------------------

CERT_MANAGER_CRDS: list[dict[str, Any]] = [
    {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {
            "name": f"{plural}.cert-manager.io",
            "labels": {"tornado-operator.test/minimal-copy": "true"},
        },
        "spec": {
            "group": "cert-manager.io",
            "scope": "Namespaced",
            "names": {
                "kind": kind,
                "plural": plural,
                "singular": kind.lower(),
                "listKind": f"{kind}List",
            },
            "versions": [
                {
                    "name": "v1",
                    "served": True,
                    "storage": True,
                    "subresources": {"status": {}},
                    "schema": {
                        "openAPIV3Schema": {
                            "type": "object",
                            "properties": {
                                "spec": spec,
                                "status": {
                                    "type": "object",
                                    "x-kubernetes-preserve-unknown-fields": True,
                                },
                            },
                        }
                    },
                }
            ],
        },
    }
    for kind, plural, spec in [
        ("Issuer", "issuers", {"type": "object", "x-kubernetes-preserve-unknown-fields": True}),
        (
            "Certificate",
            "certificates",
            {
                "type": "object",
                "required": ["secretName", "issuerRef"],
                "x-kubernetes-preserve-unknown-fields": True,
                "properties": {
                    "secretName": {"type": "string"},
                    "commonName": {"type": "string"},
                    "dnsNames": {"type": "array", "items": {"type": "string"}},
                    "duration": {"type": "string"},
                    "renewBefore": {"type": "string"},
                    "usages": {"type": "array", "items": {"type": "string"}},
                    "issuerRef": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string"},
                            "kind": {"type": "string"},
                            "group": {"type": "string"},
                        },
                    },
                    "privateKey": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                },
            },
        ),
    ]
]


@pytest.fixture(scope="module")
def prepared(cluster: Any) -> Iterator[Any]:
    """tornado-system exists (server dry runs of namespaced objects need a real namespace),
    and cert-manager's Issuer/Certificate kinds exist."""
    # Our CRDs, as the other cluster tests install them (kubectl resolves names by discovery).
    install_crds(cluster)
    namespace_doc = next(
        doc for doc in render(cluster, "self-signed") if doc["kind"] == "Namespace"
    )
    created_namespace = not exists(cluster, "namespace", NAMESPACE)
    if created_namespace:
        cluster.kubectl("apply", "-f", "-", input=json.dumps(namespace_doc))
    installed_crds = [
        doc for doc in CERT_MANAGER_CRDS if not exists(cluster, "crd", doc["metadata"]["name"])
    ]
    for doc in installed_crds:
        cluster.kubectl("create", "-f", "-", input=json.dumps(doc))
    for doc in installed_crds:
        cluster.kubectl(
            "wait", "--for=condition=Established", "--timeout=60s", f"crd/{doc['metadata']['name']}"
        )
    try:
        yield cluster
    finally:
        for doc in installed_crds:
            cluster.kubectl("delete", "crd", doc["metadata"]["name"], "--wait=false", check=False)
        if created_namespace:
            cluster.kubectl("delete", "namespace", NAMESPACE, "--timeout=90s", check=False)


# -- server-side dry run ----------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_passes_server_side_dry_run(prepared: Any, overlay: str) -> None:
    result = prepared.kubectl(
        "apply",
        "--dry-run=server",
        "-k",
        str(MANIFESTS / "overlays" / overlay),
        check=False,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    applied = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(applied) == len(render(prepared, overlay)), result.stdout
    assert all(line.endswith("(server dry run)") for line in applied), result.stdout
    # The namespace warns on pod templates that would break the restricted standard.
    assert "PodSecurity" not in result.stderr, result.stderr
    for kind in (
        "deployment.apps/tornado-operator",
        "validatingwebhookconfiguration.admissionregistration.k8s.io/tornado-operator",
    ):
        assert any(line.startswith(kind) for line in applied), kind


# -- RBAC -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rbac(prepared: Any) -> Iterator[Any]:
    """The RBAC objects of the self-signed overlay (the superset), applied for real."""
    docs = [doc for doc in render(prepared, "self-signed") if doc["kind"] in RBAC_KINDS]
    created = [
        doc
        for doc in docs
        if not exists(
            prepared, doc["kind"], doc["metadata"]["name"], doc["metadata"].get("namespace")
        )
    ]
    prepared.kubectl("apply", "-f", "-", input=yaml.safe_dump_all(docs))
    try:
        yield prepared
    finally:
        for doc in reversed(created):
            args = [
                "delete",
                doc["kind"],
                doc["metadata"]["name"],
                "--ignore-not-found",
                "--wait=false",
            ]
            if doc["metadata"].get("namespace"):
                args += ["-n", doc["metadata"]["namespace"]]
            prepared.kubectl(*args, check=False)


def can(
    cluster: Any,
    user: str,
    verb: str,
    group: str,
    resource: str,
    namespace: str | None,
    name: str = "",
) -> bool:
    """A SubjectAccessReview for a ServiceAccount user (what `kubectl auth can-i --as` asks)."""
    resource_name, _, subresource = resource.partition("/")
    service_account_namespace = user.split(":")[2]
    attributes: dict[str, Any] = {"verb": verb, "group": group, "resource": resource_name}
    if subresource:
        attributes["subresource"] = subresource
    if name:
        attributes["name"] = name
    if namespace and resource_name not in CLUSTER_SCOPED:
        attributes["namespace"] = namespace
    review = {
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SubjectAccessReview",
        "spec": {
            "user": user,
            "groups": [
                "system:serviceaccounts",
                f"system:serviceaccounts:{service_account_namespace}",
                "system:authenticated",
            ],
            "resourceAttributes": attributes,
        },
    }
    result = cluster.kubectl("create", "-o", "json", "-f", "-", input=json.dumps(review))
    return bool(json.loads(result.stdout)["status"].get("allowed"))


def check_all(
    cluster: Any, user: str, rules: frozenset[tuple[str, str, str, str]], namespace: str
) -> list[str]:
    denied = []
    for group, resource, verb, name in sorted(rules):
        if not can(cluster, user, verb, group, resource, namespace, name):
            denied.append(f"{verb} {resource}.{group or 'core'} {name} in {namespace}")
    return denied


def test_operator_can_make_every_call(rbac: Any) -> None:
    denied = check_all(rbac, OPERATOR_USER, LINT.OPERATOR_RULES, "team-a")
    denied += check_all(rbac, OPERATOR_USER, LINT.OPERATOR_LEADER_RULES, NAMESPACE)
    denied += check_all(rbac, OPERATOR_USER, LINT.OPERATOR_TLS_RULES, NAMESPACE)
    assert not denied, "the operator's ServiceAccount is missing:\n" + "\n".join(denied)


@pytest.mark.parametrize(
    ("verb", "group", "resource", "namespace", "name"),
    [
        # Secrets: only its own, only in tornado-system.
        ("get", "", "secrets", "team-a", "llm-key"),
        ("list", "", "secrets", "team-a", ""),
        ("get", "", "secrets", "kube-system", ""),
        ("list", "", "secrets", NAMESPACE, ""),
        ("get", "", "secrets", NAMESPACE, "some-other-secret"),
        ("delete", "", "secrets", NAMESPACE, "tornado-operator-webhook-tls"),
        # Namespaces and workloads it never touches.
        ("delete", "", "namespaces", None, "team-a"),
        ("create", "", "namespaces", None, ""),
        ("get", "apps", "deployments", "team-a", ""),
        ("create", "apps", "deployments", "team-a", ""),
        ("create", "", "pods", "team-a", ""),
        ("create", "", "pods/exec", "team-a", ""),
        ("delete", "", "pods", "team-a", ""),
        ("get", "", "nodes", None, ""),
        # Jobs are created and deleted, never changed.
        ("update", "batch", "jobs", "team-a", ""),
        # ConfigMaps: created and read (results), never listed, watched or deleted.
        ("list", "", "configmaps", "team-a", ""),
        ("delete", "", "configmaps", "team-a", ""),
        # No privilege escalation: Roles are created only with what the operator holds.
        ("escalate", "rbac.authorization.k8s.io", "roles", "team-a", ""),
        ("bind", "rbac.authorization.k8s.io", "roles", "team-a", ""),
        ("bind", "rbac.authorization.k8s.io", "clusterroles", None, "tornado-runner"),
        ("update", "rbac.authorization.k8s.io", "roles", "team-a", "fix-it-runner"),
        ("bind", "rbac.authorization.k8s.io", "clusterroles", None, "cluster-admin"),
        ("create", "rbac.authorization.k8s.io", "clusterroles", None, ""),
        ("create", "rbac.authorization.k8s.io", "clusterrolebindings", None, ""),
        ("update", "rbac.authorization.k8s.io", "rolebindings", "team-a", "tornado-runner"),
        ("impersonate", "", "serviceaccounts", "team-a", "tornado-runner"),
        ("create", "", "serviceaccounts/token", "team-a", "tornado-runner"),
        # Its own webhook configuration only, and never deleted.
        (
            "patch",
            "admissionregistration.k8s.io",
            "validatingwebhookconfigurations",
            None,
            "other-webhook",
        ),
        (
            "delete",
            "admissionregistration.k8s.io",
            "validatingwebhookconfigurations",
            None,
            "tornado-operator",
        ),
        ("create", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", None, ""),
        # The API's own objects: CRDs are read, users' resources not rewritten or deleted.
        (
            "update",
            "apiextensions.k8s.io",
            "customresourcedefinitions",
            None,
            "tornadosessions.agenttesting.dev",
        ),
        ("delete", "agenttesting.dev", "tornadosessions", "team-a", ""),
        ("update", "agenttesting.dev", "pathwayversions", "team-a", ""),
        ("delete", "agenttesting.dev", "pathwayversions", "team-a", ""),
        ("create", "agenttesting.dev", "testscenarios", "team-a", ""),
    ],
)
def test_operator_cannot(
    rbac: Any, verb: str, group: str, resource: str, namespace: str | None, name: str
) -> None:
    assert not can(rbac, OPERATOR_USER, verb, group, resource, namespace, name)


def test_kubectl_auth_can_i_agrees(rbac: Any, tmp_path: Path) -> None:
    """The same answers through the CLI a person would use."""

    # kubectl resolves `tornadosessions.agenttesting.dev` through its discovery cache, which
    # may predate the CRDs on a fresh cluster: use a fresh one.
    cache = f"--cache-dir={tmp_path}"

    def can_i(*args: str) -> str:
        result = rbac.kubectl("auth", "can-i", cache, f"--as={OPERATOR_USER}", *args, check=False)
        return result.stdout.strip()

    assert can_i("create", "jobs.batch", "-n", "team-a") == "yes"
    assert (
        can_i("patch", "tornadosessions.agenttesting.dev", "--subresource=status", "-n", "team-a")
        == "yes"
    )
    assert can_i("create", "roles.rbac.authorization.k8s.io", "-n", "team-a") == "yes"
    assert can_i("bind", "clusterroles.rbac.authorization.k8s.io/tornado-runner") == "no"
    assert can_i("get", "secrets", "-n", "team-a") == "no"
    assert can_i("delete", "namespaces") == "no"
    assert can_i("create", "deployments.apps", "-n", NAMESPACE) == "no"
    assert can_i("escalate", "clusterroles.rbac.authorization.k8s.io") == "no"


@pytest.fixture
def runner_namespace(rbac: Any) -> Iterator[str]:
    """A namespace where session "fix-it" runs: its ServiceAccount, Role and RoleBinding,
    created as the operator creates them (impersonating its ServiceAccount, so the API
    server's escalation check proves the operator holds all it grants)."""
    from tornado_operator.controller import rbac as runner_rbac
    from tornado_operator.controller.jobs import owner_reference

    namespace = f"tornado-rbac-{uuid.uuid4().hex[:6]}"
    rbac.kubectl("create", "namespace", namespace)
    session = LINT.runner_session().model_copy(deep=True)
    session.metadata.namespace = namespace
    objects = runner_rbac.runner_identity(session, owner_reference(session))
    for obj in objects:
        obj["metadata"].pop("ownerReferences")  # no such session object here
    rbac.kubectl("create", f"--as={OPERATOR_USER}", "-f", "-", input=yaml.safe_dump_all(objects))
    try:
        yield namespace
    finally:
        rbac.kubectl("delete", "namespace", namespace, "--wait=false", check=False)


def test_runner_can_do_what_an_iteration_needs_and_no_more(
    rbac: Any, runner_namespace: str
) -> None:
    user = f"system:serviceaccount:{runner_namespace}:fix-it-runner"
    denied = check_all(rbac, user, LINT.RUNNER_RULES, runner_namespace)
    assert not denied, "the runner's ServiceAccount is missing:\n" + "\n".join(denied)
    for verb, group, resource, namespace, name in [
        ("get", "agenttesting.dev", "tornadosessions", "team-a", "fix-it"),  # not outside its namespace
        ("get", "agenttesting.dev", "tornadosessions", runner_namespace, "another-session"),
        ("get", "agenttesting.dev", "pathways", runner_namespace, "another-pathway"),
        # Secrets: none at all, not even the one the session names (its pods get that key
        # from the kubelet).
        ("get", "", "secrets", runner_namespace, "llm-key"),
        ("get", "", "secrets", runner_namespace, "unrelated"),
        ("list", "", "secrets", runner_namespace, ""),
        # ConfigMaps: only its own results, only get/update.
        ("create", "", "configmaps", runner_namespace, ""),
        ("update", "", "configmaps", runner_namespace, "another-session-it1-result"),
        ("update", "", "configmaps", runner_namespace, "fix-it-it3-result"),  # past maxIterations
        ("get", "", "configmaps", runner_namespace, "kube-root-ca.crt"),
        ("delete", "", "configmaps", runner_namespace, "fix-it-it1-result"),
        ("update", "agenttesting.dev", "pathwayversions", runner_namespace, ""),
        ("delete", "agenttesting.dev", "pathwayversions", runner_namespace, ""),
        ("update", "agenttesting.dev", "tornadosessions", runner_namespace, "fix-it"),
        ("patch", "agenttesting.dev", "tornadosessions/status", runner_namespace, "fix-it"),
        ("update", "agenttesting.dev", "pathways", runner_namespace, "support"),
        ("create", "batch", "jobs", runner_namespace, ""),
        ("get", "", "pods", runner_namespace, ""),
        ("create", "coordination.k8s.io", "leases", runner_namespace, ""),
    ]:
        assert not can(rbac, user, verb, group, resource, namespace, name), (
            f"runner may {verb} {resource} {name} in {namespace}"
        )


def test_namespaced_install_mode_grants_only_the_listed_namespaces(rbac: Any) -> None:
    """The namespaced overlay's RBAC, applied under other names (so it does not replace the
    cluster-wide install the other tests use), for a fresh watched namespace."""
    watched = f"tornado-ns-{uuid.uuid4().hex[:6]}"
    other = f"tornado-other-{uuid.uuid4().hex[:6]}"
    account = f"tornado-nsmode-{uuid.uuid4().hex[:6]}"
    for namespace in (watched, other):
        rbac.kubectl("create", "namespace", namespace)
    docs = [doc for doc in render(rbac, "namespaced") if doc["kind"] in RBAC_KINDS and doc["metadata"]["name"] == "tornado-operator"]
    for doc in docs:
        doc["metadata"]["name"] = account
        if doc["metadata"].get("namespace") == "team-a":
            doc["metadata"]["namespace"] = watched
        if "roleRef" in doc:
            doc["roleRef"]["name"] = account
        for subject in doc.get("subjects", []):
            subject["name"] = account
    docs = [doc for doc in docs if doc["kind"] != "ServiceAccount"]
    rbac.kubectl("create", "serviceaccount", account, "-n", NAMESPACE)
    rbac.kubectl("apply", "-f", "-", input=yaml.safe_dump_all(docs))
    user = f"system:serviceaccount:{NAMESPACE}:{account}"
    try:
        denied = check_all(rbac, user, LINT.NAMESPACED_RULES, watched)
        denied += check_all(rbac, user, LINT.CLUSTER_SCOPED_RULES, watched)
        assert not denied, "missing in namespaced mode:\n" + "\n".join(denied)
        for verb, group, resource in [
            ("create", "batch", "jobs"),
            ("get", "agenttesting.dev", "tornadosessions"),
            ("create", "coordination.k8s.io", "leases"),
            ("create", "rbac.authorization.k8s.io", "roles"),
        ]:
            assert not can(rbac, user, verb, group, resource, other), f"{verb} {resource} outside the watched namespace"
        assert not can(rbac, user, "list", "", "namespaces", None)
    finally:
        for doc in docs:
            args = ["delete", doc["kind"], doc["metadata"]["name"], "--ignore-not-found", "--wait=false"]
            if doc["metadata"].get("namespace"):
                args += ["-n", doc["metadata"]["namespace"]]
            rbac.kubectl(*args, check=False)
        rbac.kubectl("delete", "serviceaccount", account, "-n", NAMESPACE, "--ignore-not-found", check=False)
        for namespace in (watched, other):
            rbac.kubectl("delete", "namespace", namespace, "--wait=false", check=False)


# -- Pod Security -----------------------------------------------------------------------------


@pytest.fixture
def restricted_namespace(cluster: Any) -> Iterator[str]:
    namespace = f"tornado-pss-{uuid.uuid4().hex[:6]}"
    doc = {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": namespace,
            "labels": {
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "latest",
                "pod-security.kubernetes.io/warn": "restricted",
            },
        },
    }
    cluster.kubectl("create", "-f", "-", input=json.dumps(doc))
    for account in ("support-fix-runner", "tornado-operator"):
        cluster.kubectl("create", "serviceaccount", account, "-n", namespace)
    try:
        yield namespace
    finally:
        cluster.kubectl("delete", "namespace", namespace, "--wait=false", check=False)


def iteration_job(namespace: str) -> dict[str, Any]:
    from tornado_operator.api.base import ObjectMeta
    from tornado_operator.api.session import TornadoSession, TornadoSessionSpec
    from tornado_operator.controller.jobs import RunnerDefaults
    from tornado_operator.controller.jobs import iteration_job as build

    session = TornadoSession(
        metadata=ObjectMeta(name="support-fix", namespace=namespace, uid=str(uuid.uuid4())),
        spec=TornadoSessionSpec(pathway_id="support-line"),
    )
    job = build(
        session,
        1,
        remaining_ms=600_000,
        defaults=RunnerDefaults(image="ghcr.io/agenttesting/tornado-operator:0.1.0"),
    )
    job["metadata"].pop("ownerReferences", None)  # the session does not exist here
    return job


def test_iteration_job_is_admitted_under_restricted(
    cluster: Any, restricted_namespace: str
) -> None:
    job = iteration_job(restricted_namespace)
    spec = job["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsUser"] == 10001
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert any(v["name"] == "tmp" and "emptyDir" in v for v in spec["volumes"])
    result = cluster.kubectl(
        "create", "--dry-run=server", "-f", "-", input=json.dumps(job), check=False
    )
    assert result.returncode == 0, result.stderr
    assert "PodSecurity" not in result.stderr, result.stderr  # the namespace warns on Job templates
    # Enforcement applies to pods: create the Job's pod as the Job controller would.
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "support-fix-it1-test", "namespace": restricted_namespace},
        "spec": spec,
    }
    result = cluster.kubectl(
        "create", "--dry-run=server", "-f", "-", input=json.dumps(pod), check=False
    )
    assert result.returncode == 0, result.stderr


def test_operator_pod_is_admitted_under_restricted(cluster: Any, restricted_namespace: str) -> None:
    for overlay in OVERLAYS:
        deployment = next(doc for doc in render(cluster, overlay) if doc["kind"] == "Deployment")
        spec = deployment["spec"]["template"]["spec"]
        spec.pop(
            "volumes", None
        ) if overlay == "cert-manager" else None  # the Secret does not exist here
        for container in spec["containers"]:
            container["volumeMounts"] = [
                m for m in container.get("volumeMounts", []) if m["mountPath"] == "/tmp"
            ]
        if overlay == "cert-manager":
            spec["volumes"] = [{"name": "tmp", "emptyDir": {}}]
        pod = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": f"operator-{overlay}", "namespace": restricted_namespace},
            "spec": spec,
        }
        result = cluster.kubectl(
            "create", "--dry-run=server", "-f", "-", input=json.dumps(pod), check=False
        )
        assert result.returncode == 0, f"{overlay}: {result.stderr}"


def test_restricted_namespace_refuses_a_non_compliant_pod(
    cluster: Any, restricted_namespace: str
) -> None:
    """The control: enforcement is live, so the admissions above mean something."""
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "loose", "namespace": restricted_namespace},
        "spec": {"containers": [{"name": "c", "image": "busybox:1.36", "command": ["true"]}]},
    }
    result = cluster.kubectl(
        "create", "--dry-run=server", "-f", "-", input=json.dumps(pod), check=False
    )
    assert result.returncode != 0
    assert "violates PodSecurity" in result.stderr


# -- kubeconform with schemas from this API server --------------------------------------------


def kubeconform_binary() -> Path:
    binary = ROOT / "hack" / "bin" / "kubeconform"
    result = subprocess.run(
        ["bash", str(ROOT / "hack" / "build-kubeconform.sh")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0 and not binary.exists():
        pytest.fail(f"kubeconform could not be built (hack/build-kubeconform.sh): {result.stderr[-500:]}")
    return binary


def _int_or_string() -> dict[str, Any]:
    return {"anyOf": [{"type": "string"}, {"type": "integer"}]}


_SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_VALUES = ("items", "additionalProperties", "not")


def _to_json_schema(node: Any, strict: bool) -> Any:
    """OpenAPI v3 (as the API server serves it) to JSON schema, as openapi2jsonschema does:
    local refs, int-or-string as a union, nullable, and (strict) no unknown keys. Walks the
    schema keywords only: property names like `anyOf` and values like `default` are data."""
    if not isinstance(node, dict):
        return node
    if node.get("x-kubernetes-int-or-string") is True or node.get("format") == "int-or-string":
        return _int_or_string()
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _to_json_schema(child, strict) for name, child in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [_to_json_schema(child, strict) for child in value]
        elif key in _SCHEMA_VALUES and isinstance(value, dict):
            out[key] = _to_json_schema(value, strict)
        elif key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/components/schemas/", "#/definitions/")
        else:
            out[key] = value
    if out.pop("nullable", False) and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if (
        strict
        and out.get("type") == "object"
        and "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def generate_schemas(cluster: Any, kinds: set[tuple[str, str]], target: Path) -> None:
    """One standalone schema per (apiVersion, kind), in kubeconform's
    `{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json` layout."""
    index = json.loads(cluster.kubectl("get", "--raw", "/openapi/v3").stdout)["paths"]
    by_api_version: dict[str, set[str]] = {}
    for api_version, kind in kinds:
        by_api_version.setdefault(api_version, set()).add(kind)
    for api_version, wanted in by_api_version.items():
        path = f"api/{api_version}" if "/" not in api_version else f"apis/{api_version}"
        assert path in index, f"the API server serves no {api_version}"
        document = json.loads(
            cluster.kubectl("get", "--raw", index[path]["serverRelativeURL"]).stdout
        )
        schemas: dict[str, Any] = document["components"]["schemas"]
        group, _, version = api_version.rpartition("/")
        for name, schema in schemas.items():
            gvks = schema.get("x-kubernetes-group-version-kind", [])
            match = [
                g
                for g in gvks
                if g.get("group", "") == group and g["version"] == version and g["kind"] in wanted
            ]
            if not match:
                continue
            kind = match[0]["kind"]
            needed, queue = {name}, [name]
            while queue:
                for ref in _refs(schemas[queue.pop()]):
                    if ref not in needed:
                        needed.add(ref)
                        queue.append(ref)
            definitions = {key: _to_json_schema(schemas[key], strict=True) for key in needed}
            for key in needed:
                if key.endswith("api.resource.Quantity"):
                    definitions[key] = {"anyOf": [{"type": "string"}, {"type": "number"}]}
                elif key.endswith("util.intstr.IntOrString"):
                    definitions[key] = _int_or_string()
            standalone = {"$ref": f"#/definitions/{name}", "definitions": definitions}
            folder = target / (group or version)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{kind.lower()}_{version}.json").write_text(json.dumps(standalone))


def run_kubeconform(
    binary: Path, schemas: Path, manifest: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(binary),
            "-strict",
            "-summary",
            "-output",
            "json",
            "-schema-location",
            str(schemas) + "/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json",
            str(manifest),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_kubeconform_with_schemas_from_the_api_server(prepared: Any, tmp_path: Path) -> None:
    binary = kubeconform_binary()
    docs = {overlay: render(prepared, overlay) for overlay in OVERLAYS}
    kinds = {
        (doc["apiVersion"], doc["kind"]) for overlay_docs in docs.values() for doc in overlay_docs
    }
    schemas = tmp_path / "schemas"
    generate_schemas(prepared, kinds, schemas)
    for overlay, overlay_docs in docs.items():
        manifest = tmp_path / f"{overlay}.yaml"
        manifest.write_text(yaml.safe_dump_all(overlay_docs))
        result = run_kubeconform(binary, schemas, manifest)
        assert result.returncode == 0, (
            f"{overlay}:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
        )
        summary = json.loads(result.stdout)["summary"]
        assert summary["valid"] == len(overlay_docs) and summary["skipped"] == 0, summary
    # The control: a typo and a wrong type are caught with these schemas.
    broken = next(doc for doc in docs["self-signed"] if doc["kind"] == "Deployment")
    broken = json.loads(json.dumps(broken))
    broken["spec"]["replica"] = 2
    broken["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "https"
    manifest = tmp_path / "broken.yaml"
    manifest.write_text(yaml.safe_dump(broken))
    result = run_kubeconform(binary, schemas, manifest)
    assert result.returncode != 0
    assert "replica" in result.stdout and "containerPort" in result.stdout, result.stdout


# -- kubectl wait recipes ---------------------------------------------------------------------


@contextlib.contextmanager
def session_namespace(cluster: Any) -> Iterator[str]:
    namespace = f"tornado-wait-{uuid.uuid4().hex[:6]}"
    cluster.kubectl("create", "namespace", namespace)
    try:
        yield namespace
    finally:
        cluster.kubectl("delete", "namespace", namespace, "--wait=false", check=False)


def test_kubectl_wait_recipes(cluster: Any) -> None:
    from tornado_operator.api.session import Phase, TornadoSessionSpec
    from tornado_operator.loop.status import finish, start_status

    install_crds(cluster)  # idempotent
    with session_namespace(cluster) as namespace:
        doc = {
            "apiVersion": "agenttesting.dev/v1alpha1",
            "kind": "TornadoSession",
            "metadata": {"name": "support-fix", "namespace": namespace},
            "spec": {"pathwayId": "support-line"},
        }
        created = cluster.kubectl("create", "-f", "-", input=json.dumps(doc), check=False)
        if created.returncode != 0:
            pytest.fail(f"cannot create a TornadoSession here (a webhook left registered?): {created.stderr}")
        target = ["ts/support-fix", "-n", namespace]

        def set_status(status: Any) -> None:
            body = json.dumps({"status": status.wire()})
            cluster.kubectl("patch", *target, "--subresource=status", "--type=merge", "-p", body)

        def wait(*args: str, timeout: str = "5s") -> int:
            return cluster.kubectl(
                "wait", *target, *args, f"--timeout={timeout}", check=False
            ).returncode

        spec = TornadoSessionSpec(pathway_id="support-line")
        running = start_status(
            spec,
            session_id="u",
            scenario_ids=["a", "b"],
            start_version=1,
            now="2025-01-01T00:00:00Z",
            generation=1,
        )
        set_status(running)
        assert wait("--for=jsonpath={.status.phase}") == 0
        assert wait("--for=condition=Reconciling") == 0
        assert wait("--for=condition=Succeeded", timeout="2s") != 0
        assert wait("--for=jsonpath={.status.phase}=COMPLETED_ALL_PASSED", timeout="2s") != 0

        done = finish(
            running,
            phase=Phase.COMPLETED_ALL_PASSED,
            reason="AllPassed",
            message="2/2",
            now="2025-01-01T00:03:00Z",
            generation=1,
        )
        set_status(done)
        assert wait("--for=condition=Succeeded") == 0
        assert wait("--for=condition=Ready") == 0
        assert wait("--for=jsonpath={.status.phase}=COMPLETED_ALL_PASSED") == 0
        assert wait("--for=condition=Reconciling=false") == 0
        assert wait("--for=condition=Stalled", timeout="2s") != 0

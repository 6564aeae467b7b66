"""Lint of the rendered manifests (`kubectl kustomize` of each overlay), without a cluster.

What a reviewer would check by hand: least-privilege RBAC with no wildcards, restricted pod
security, probes and resources on every container, pinned images, and the wiring between
the Deployment, the Services, the webhook configuration and the TLS overlays.
The tables of the operator's and the runner's API calls (OPERATOR_RULES, RUNNER_RULES) are
also what tests/integration/test_manifests.py proves with SubjectAccessReviews on a cluster.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "manifests"
OVERLAYS = ("self-signed", "cert-manager")
NAMESPACE = "tornado-system"
IMAGE = "ghcr.io/agenttesting/tornado-operator:0.1.0"

Rule = tuple[str, str, str, str]  # (apiGroup, resource[/subresource], verb, resourceName or "")


def _expand(group: str, resource: str, verbs: str, name: str = "") -> set[Rule]:
    return {(group, resource, verb, name) for verb in verbs.split()}


# Every API call the operator makes (issue 7), as (group, resource, verb, resourceName).
OPERATOR_RULES: frozenset[Rule] = frozenset(
    _expand("agenttesting.dev", "tornadosessions", "get list watch patch")
    | _expand("agenttesting.dev", "tornadosessions/status", "get patch update")
    | _expand("agenttesting.dev", "pathways", "get list watch patch")
    | _expand("agenttesting.dev", "pathways/status", "get patch update")
    | _expand("agenttesting.dev", "pathwayversions", "get list watch create")
    | _expand("agenttesting.dev", "testscenarios", "get list watch")
    | _expand("authorization.k8s.io", "subjectaccessreviews", "create")
    | _expand("batch", "jobs", "get list watch create delete")
    | _expand("", "pods", "get list watch")
    | _expand("", "configmaps", "get create update")
    | _expand("", "events", "create patch")
    | _expand("events.k8s.io", "events", "create patch")
    | _expand("coordination.k8s.io", "leases", "get list watch create update delete")
    | _expand("", "serviceaccounts", "get create")
    | _expand("rbac.authorization.k8s.io", "roles", "get create")
    | _expand("rbac.authorization.k8s.io", "rolebindings", "get create")
    | _expand(
        "admissionregistration.k8s.io",
        "validatingwebhookconfigurations",
        "get patch",
        "tornado-operator",
    )
    | _expand("apiextensions.k8s.io", "customresourcedefinitions", "get list watch")
    | _expand("", "namespaces", "list watch")
)

# In tornado-system only: the leader-election Lease.
OPERATOR_LEADER_RULES: frozenset[Rule] = frozenset(
    _expand("coordination.k8s.io", "leases", "get update", "tornado-operator-leader")
    | _expand("coordination.k8s.io", "leases", "create")
)

# In tornado-system only, self-signed overlay: the webhook certificate's Secret.
OPERATOR_TLS_RULES: frozenset[Rule] = frozenset(
    _expand("", "secrets", "get update", "tornado-operator-webhook-tls")
    | _expand("", "secrets", "create")
)

# The iteration Jobs of a session "fix-it" of pathway "support" (maxIterations 2): their own
# ServiceAccount and Role, made by the operator (controller/rbac.py), naming that session's
# objects. No Secrets: the one key a session names reaches its pods through the kubelet.
RUNNER_RULES: frozenset[Rule] = frozenset(
    _expand("agenttesting.dev", "tornadosessions", "get", "fix-it")
    | _expand("agenttesting.dev", "pathwayversions", "get list create")
    | _expand("agenttesting.dev", "testscenarios", "get list")
    | _expand("agenttesting.dev", "pathways", "get", "support")
    | _expand("", "configmaps", "get update", "fix-it-it1-result")
    | _expand("", "configmaps", "get update", "fix-it-it2-result")
)


def kubectl() -> str:
    local = ROOT / "hack" / "bin" / "kubectl"
    if local.is_file():
        return str(local)
    found = shutil.which("kubectl")
    if found is None:
        pytest.fail("no kubectl: build it with `make k8s-bins` (make test does)")
    return found


def kustomize(path: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [kubectl(), "kustomize", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"kubectl kustomize {path}: {result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@cache
def _render(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(kustomize(MANIFESTS / "overlays" / overlay))


def render(overlay: str) -> list[dict[str, Any]]:
    return list(_render(overlay))


def find(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    matches = [obj for obj in objects if obj["kind"] == kind and obj["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind}/{name}, found {len(matches)}"
    return matches[0]


def rule_set(role: dict[str, Any]) -> set[Rule]:
    rules: set[Rule] = set()
    for rule in role.get("rules", []):
        names = rule.get("resourceNames") or [""]
        for group in rule.get("apiGroups", []):
            for resource in rule.get("resources", []):
                for verb in rule.get("verbs", []):
                    for name in names:
                        rules.add((group, resource, verb, name))
    return rules


def pod_specs(objects: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for obj in objects:
        spec = obj.get("spec", {})
        template = spec.get("template") or spec.get("jobTemplate", {}).get("spec", {}).get(
            "template"
        )
        if obj["kind"] == "Pod":
            yield f"Pod/{obj['metadata']['name']}", spec
        elif template:
            yield f"{obj['kind']}/{obj['metadata']['name']}", template["spec"]


def operator_container(objects: list[dict[str, Any]]) -> dict[str, Any]:
    deployment = find(objects, "Deployment", "tornado-operator")
    containers: list[dict[str, Any]] = deployment["spec"]["template"]["spec"]["containers"]
    return next(c for c in containers if c["name"] == "operator")


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_every_component(overlay: str) -> None:
    kinds = {(obj["kind"], obj["metadata"]["name"]) for obj in render(overlay)}
    for expected in [
        ("Namespace", NAMESPACE),
        ("CustomResourceDefinition", "tornadosessions.agenttesting.dev"),
        ("CustomResourceDefinition", "pathways.agenttesting.dev"),
        ("CustomResourceDefinition", "pathwayversions.agenttesting.dev"),
        ("CustomResourceDefinition", "testscenarios.agenttesting.dev"),
        ("ServiceAccount", "tornado-operator"),
        ("ClusterRole", "tornado-operator"),
        ("ClusterRoleBinding", "tornado-operator"),
        ("Role", "tornado-operator-leader-election"),
        ("RoleBinding", "tornado-operator-leader-election"),
        ("Deployment", "tornado-operator"),
        ("Service", "tornado-operator-webhook"),
        ("Service", "tornado-operator-metrics"),
        ("ValidatingWebhookConfiguration", "tornado-operator"),
        ("PodDisruptionBudget", "tornado-operator"),
    ]:
        assert expected in kinds, f"{overlay}: {expected} missing"


def test_crds_kustomization_lists_every_generated_crd() -> None:
    listed = yaml.safe_load((ROOT / "crds" / "Kustomization").read_text())["resources"]
    assert sorted(listed) == sorted(path.name for path in (ROOT / "crds").glob("*.yaml"))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_namespaced_objects_live_in_tornado_system(overlay: str) -> None:
    cluster_scoped = {
        "Namespace",
        "CustomResourceDefinition",
        "ClusterRole",
        "ClusterRoleBinding",
        "ValidatingWebhookConfiguration",
    }
    for obj in render(overlay):
        namespace = obj["metadata"].get("namespace")
        if obj["kind"] in cluster_scoped:
            assert namespace is None, f"{obj['kind']}/{obj['metadata']['name']} is cluster-scoped"
        else:
            assert namespace == NAMESPACE, (
                f"{obj['kind']}/{obj['metadata']['name']}: namespace {namespace}"
            )


def test_namespace_enforces_restricted_pod_security() -> None:
    labels = find(render("self-signed"), "Namespace", NAMESPACE)["metadata"]["labels"]
    for mode in ("enforce", "audit", "warn"):
        assert labels[f"pod-security.kubernetes.io/{mode}"] == "restricted"


# -- RBAC -------------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_rbac_has_no_wildcards_or_dangerous_verbs(overlay: str) -> None:
    for obj in render(overlay):
        if obj["kind"] not in ("ClusterRole", "Role"):
            continue
        assert "aggregationRule" not in obj, (
            f"{obj['metadata']['name']}: aggregated roles hide their rules"
        )
        for rule in obj.get("rules", []):
            for key in ("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"):
                assert "*" not in rule.get(key, []), (
                    f"{obj['kind']}/{obj['metadata']['name']}: wildcard in {key}"
                )
                assert not any("*" in item for item in rule.get(key, [])), (
                    f"{obj['metadata']['name']}: {key}"
                )
            assert not {"escalate", "impersonate"} & set(rule.get("verbs", [])), obj["metadata"][
                "name"
            ]
            if "nonResourceURLs" in rule:
                # Only the metrics reader: GET on /metrics, nothing else.
                assert obj["metadata"]["name"] == "tornado-operator-metrics-reader", obj["metadata"]["name"]
                assert rule == {"nonResourceURLs": ["/metrics"], "verbs": ["get"]}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_secure_metrics_rbac(overlay: str) -> None:
    """What --metrics-secure needs (TokenReview and SubjectAccessReview create, bound to the
    operator) and the role a scraper is bound to."""
    objects = render(overlay)
    auth = find(objects, "ClusterRole", "tornado-operator-metrics-auth")
    assert rule_set(auth) == {
        ("authentication.k8s.io", "tokenreviews", "create", ""),
        ("authorization.k8s.io", "subjectaccessreviews", "create", ""),
    }
    binding = find(objects, "ClusterRoleBinding", "tornado-operator-metrics-auth")
    assert binding["roleRef"]["name"] == "tornado-operator-metrics-auth"
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "tornado-operator", "namespace": NAMESPACE}]
    reader = find(objects, "ClusterRole", "tornado-operator-metrics-reader")
    assert reader["rules"] == [{"nonResourceURLs": ["/metrics"], "verbs": ["get"]}]
    metrics = find(objects, "Service", "tornado-operator-metrics")
    assert [port["name"] for port in metrics["spec"]["ports"]] == ["https-metrics"]


def test_prometheus_overlay_scrapes_over_https_with_a_token() -> None:
    objects = tuple(kustomize(MANIFESTS / "overlays" / "prometheus"))
    monitor = find(objects, "ServiceMonitor", "tornado-operator")
    assert monitor["metadata"]["namespace"] == NAMESPACE
    metrics = find(objects, "Service", "tornado-operator-metrics")
    assert monitor["spec"]["selector"]["matchLabels"].items() <= metrics["metadata"]["labels"].items()
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] == metrics["spec"]["ports"][0]["name"]
    assert endpoint["scheme"] == "https" and endpoint["path"] == "/metrics"
    assert endpoint["bearerTokenFile"] == "/var/run/secrets/kubernetes.io/serviceaccount/token"
    binding = find(objects, "ClusterRoleBinding", "tornado-operator-metrics-reader")
    assert binding["roleRef"]["name"] == "tornado-operator-metrics-reader"
    # Everything of the self-signed overlay is there too.
    assert {(o["kind"], o["metadata"]["name"]) for o in render("self-signed")} <= {
        (o["kind"], o["metadata"]["name"]) for o in objects
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_operator_clusterrole_is_exactly_its_api_calls(overlay: str) -> None:
    assert rule_set(find(render(overlay), "ClusterRole", "tornado-operator")) == OPERATOR_RULES


def test_operator_has_no_cluster_wide_secret_access() -> None:
    for overlay in OVERLAYS:
        rules = rule_set(find(render(overlay), "ClusterRole", "tornado-operator"))
        assert not {rule for rule in rules if rule[1] == "secrets"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_leader_election_role(overlay: str) -> None:
    objects = render(overlay)
    role = find(objects, "Role", "tornado-operator-leader-election")
    assert rule_set(role) == OPERATOR_LEADER_RULES
    binding = find(objects, "RoleBinding", "tornado-operator-leader-election")
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": role["metadata"]["name"],
    }
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "tornado-operator", "namespace": NAMESPACE}
    ]


def test_webhook_tls_secret_role_only_on_the_self_signed_path() -> None:
    role = find(render("self-signed"), "Role", "tornado-operator-webhook-tls")
    assert rule_set(role) == OPERATOR_TLS_RULES
    find(render("self-signed"), "RoleBinding", "tornado-operator-webhook-tls")
    assert not [
        obj
        for obj in render("cert-manager")
        if obj["kind"] == "Role" and obj["metadata"]["name"] == "tornado-operator-webhook-tls"
    ]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_cluster_role_binding(overlay: str) -> None:
    binding = find(render(overlay), "ClusterRoleBinding", "tornado-operator")
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "ClusterRole",
        "name": "tornado-operator",
    }
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "tornado-operator", "namespace": NAMESPACE}
    ]


def runner_session() -> Any:
    from tornado_operator.api.session import TornadoSession

    return TornadoSession.model_validate(
        {
            "metadata": {"name": "fix-it", "namespace": "team-a", "uid": "u-1"},
            "spec": {
                "pathwayId": "support",
                "maxIterations": 2,
                "runner": {"backend": "openai", "llm": {"baseUrl": "http://llm", "apiKeySecretRef": {"name": "llm-key"}}},
            },
        }
    )


def test_runner_role_is_exactly_what_an_iteration_needs() -> None:
    """Per session, from code: its own names only, and no Secret even when one is named."""
    from tornado_operator.controller import rbac
    from tornado_operator.controller.jobs import owner_reference

    account, role, binding = rbac.runner_identity(runner_session(), owner_reference(runner_session()))
    assert rule_set(role) == RUNNER_RULES
    assert account["metadata"]["name"] == role["metadata"]["name"] == binding["metadata"]["name"] == "fix-it-runner"
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "fix-it-runner", "namespace": "team-a"}]
    assert all(obj["metadata"]["ownerReferences"][0]["uid"] == "u-1" for obj in (account, role, binding))


def test_operator_holds_every_permission_it_grants() -> None:
    """Kubernetes refuses a Role that grants more than its creator holds."""
    granted = {(group, resource, verb, "") for group, resource, verb, _name in RUNNER_RULES}
    assert granted <= OPERATOR_RULES, granted - OPERATOR_RULES


def test_webhook_configuration_matches_the_operator_code() -> None:
    """The out-of-cluster configuration the operator writes and the manifest agree."""
    from tornado_operator.webhook import server
    config = find(render("self-signed"), "ValidatingWebhookConfiguration", "tornado-operator")
    assert config["metadata"]["name"] == server.CONFIG_NAME
    every = server.webhook_configuration({}, exclude_namespaces=["kube-system", NAMESPACE])["webhooks"]
    assert [w["name"] for w in config["webhooks"]] == [w["name"] for w in every]
    for webhook, generated in zip(config["webhooks"], every, strict=True):
        for key in (
            "name",
            "rules",
            "admissionReviewVersions",
            "sideEffects",
            "failurePolicy",
            "matchPolicy",
            "timeoutSeconds",
            "namespaceSelector",
        ):
            assert webhook[key] == generated[key], (webhook["name"], key)
        assert webhook["clientConfig"]["service"]["path"] == server.PATH
        assert webhook["clientConfig"]["service"]["name"] == server.SERVICE


def test_user_roles_aggregate_into_the_builtin_roles() -> None:
    objects = render("self-signed")
    edit = find(objects, "ClusterRole", "tornado-edit")["metadata"]["labels"]
    view = find(objects, "ClusterRole", "tornado-view")["metadata"]["labels"]
    assert edit["rbac.authorization.k8s.io/aggregate-to-edit"] == "true"
    assert view["rbac.authorization.k8s.io/aggregate-to-view"] == "true"
    # Users never write status or PathwayVersions beyond create (they are immutable).
    rules = rule_set(find(objects, "ClusterRole", "tornado-edit"))
    assert not {rule for rule in rules if "/" in rule[1]}
    assert not {
        rule
        for rule in rules
        if rule[1] == "pathwayversions" and rule[2] in ("update", "patch", "delete")
    }



def test_promoting_is_its_own_role() -> None:
    """Starting sessions (tornado-edit) does not give promotion; tornado-promote does, and only that."""
    objects = render("self-signed")
    edit = rule_set(find(objects, "ClusterRole", "tornado-edit"))
    assert ("agenttesting.dev", "pathways/status", "update", "") not in edit
    promote = find(objects, "ClusterRole", "tornado-promote")
    assert not any(key.startswith("rbac.authorization.k8s.io/aggregate") for key in (promote["metadata"].get("labels") or {}))
    assert rule_set(promote) == (
        _expand("agenttesting.dev", "pathways/status", "get update")
        | {("agenttesting.dev", r, v, "") for r in ("pathways", "pathwayversions", "testscenarios", "tornadosessions") for v in ("get", "list")}
        | _expand("", "events", "create")
    )


# -- pods -------------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_meet_the_restricted_pod_security_standard(overlay: str) -> None:
    specs = list(pod_specs(render(overlay)))
    assert specs
    for where, spec in specs:
        pod_ctx = spec.get("securityContext", {})
        assert pod_ctx.get("runAsNonRoot") is True, where
        assert pod_ctx.get("runAsUser", 0) != 0, where
        assert pod_ctx.get("seccompProfile", {}).get("type") == "RuntimeDefault", where
        for key in ("hostNetwork", "hostPID", "hostIPC"):
            assert not spec.get(key), f"{where}: {key}"
        for volume in spec.get("volumes", []):
            assert "hostPath" not in volume, f"{where}: hostPath volume {volume['name']}"
        for container in spec.get("initContainers", []) + spec["containers"]:
            ctx = container.get("securityContext", {})
            name = f"{where}/{container['name']}"
            assert ctx.get("allowPrivilegeEscalation") is False, name
            assert ctx.get("readOnlyRootFilesystem") is True, name
            assert ctx.get("privileged") in (None, False), name
            assert ctx.get("capabilities", {}).get("drop") == ["ALL"], name
            assert not ctx.get("capabilities", {}).get("add"), name
            assert ctx.get("runAsUser", 1) != 0, name
            assert all("hostPort" not in port for port in container.get("ports", [])), name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_containers_have_resources_probes_and_pinned_images(overlay: str) -> None:
    for where, spec in pod_specs(render(overlay)):
        for container in spec["containers"]:
            name = f"{where}/{container['name']}"
            resources = container.get("resources", {})
            assert {"cpu", "memory"} <= set(resources.get("requests", {})), f"{name}: requests"
            assert "memory" in resources.get("limits", {}), f"{name}: memory limit"
            for probe in ("livenessProbe", "readinessProbe"):
                assert probe in container, f"{name}: {probe}"
            image = container["image"]
            repository, _, tag = image.rpartition(":")
            assert repository and tag and "/" not in tag, f"{name}: image {image} has no tag"
            assert tag != "latest", f"{name}: image {image}"
            assert container.get("imagePullPolicy") != "Always" or "@sha256:" in image


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_tmp_is_the_only_writable_path(overlay: str) -> None:
    container = operator_container(render(overlay))
    writable = [mount for mount in container["volumeMounts"] if not mount.get("readOnly")]
    assert [mount["mountPath"] for mount in writable] == ["/tmp"]
    deployment = find(render(overlay), "Deployment", "tornado-operator")
    volumes = {
        volume["name"]: volume for volume in deployment["spec"]["template"]["spec"]["volumes"]
    }
    assert "emptyDir" in volumes[writable[0]["name"]]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_deployment(overlay: str) -> None:
    objects = render(overlay)
    deployment = find(objects, "Deployment", "tornado-operator")
    spec = deployment["spec"]
    assert spec["replicas"] == 2
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    pod = spec["template"]["spec"]
    assert pod["serviceAccountName"] == "tornado-operator"
    assert {constraint["topologyKey"] for constraint in pod["topologySpreadConstraints"]} >= {
        "kubernetes.io/hostname"
    }
    for constraint in pod["topologySpreadConstraints"]:
        assert (
            constraint["labelSelector"]["matchLabels"].items()
            <= spec["template"]["metadata"]["labels"].items()
        )
    assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items()
    container = operator_container(objects)
    assert container["image"] == IMAGE
    assert container["args"][0] == "operator"
    for flag in (
        "--webhook-port=9443",
        "--health-port=8080",
        "--metrics-port=8000",
        "--log-format=json",
    ):
        assert flag in container["args"]
    assert "--metrics-secure" in container["args"]
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports == {"webhook": 9443, "health": 8080, "metrics": 8000}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "health"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "health"}
    env = {item["name"]: item for item in container["env"]}
    assert env["TORNADO_IMAGE"]["value"] == container["image"]
    assert env["POD_NAMESPACE"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.namespace"


def test_tornado_image_follows_the_image_of_any_overlay(tmp_path: Path) -> None:
    """An overlay of ours that sets another image (name and digest) moves TORNADO_IMAGE too."""
    digest = "sha256:" + "ab" * 32
    (tmp_path / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "resources": [os.path.relpath(MANIFESTS / "overlays" / "self-signed", tmp_path)],
                "images": [
                    {
                        "name": "ghcr.io/agenttesting/tornado-operator",
                        "newName": "registry.example/tornado",
                        "digest": digest,
                    }
                ],
            }
        )
    )
    # A kustomization folder outside the root is allowed by the default load restrictor.
    objects = kustomize(tmp_path)
    container = operator_container(objects)
    assert container["image"] == f"registry.example/tornado@{digest}"
    env = {item["name"]: item.get("value") for item in container["env"]}
    assert env["TORNADO_IMAGE"] == container["image"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_select_the_operator_pods(overlay: str) -> None:
    objects = render(overlay)
    deployment = find(objects, "Deployment", "tornado-operator")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    ports = {port["name"] for port in operator_container(objects)["ports"]}
    webhook = find(objects, "Service", "tornado-operator-webhook")
    metrics = find(objects, "Service", "tornado-operator-metrics")
    for service in (webhook, metrics):
        assert service["spec"]["selector"].items() <= labels.items()
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in ports
    assert [(p["port"], p["targetPort"]) for p in webhook["spec"]["ports"]] == [(443, "webhook")]
    assert [(p["port"], p["targetPort"]) for p in metrics["spec"]["ports"]] == [(8000, "metrics")]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pod_disruption_budget(overlay: str) -> None:
    objects = render(overlay)
    pdb = find(objects, "PodDisruptionBudget", "tornado-operator")
    labels = find(objects, "Deployment", "tornado-operator")["spec"]["template"]["metadata"][
        "labels"
    ]
    assert pdb["spec"]["minAvailable"] == 1
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()


# -- webhook ----------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_validating_webhook_configuration(overlay: str) -> None:
    objects = render(overlay)
    config = find(objects, "ValidatingWebhookConfiguration", "tornado-operator")
    webhook, scenarios = config["webhooks"]
    assert scenarios["name"] == "testscenarios.agenttesting.dev"
    assert scenarios["clientConfig"] == webhook["clientConfig"]
    assert scenarios["rules"] == [
        {
            "apiGroups": ["agenttesting.dev"],
            "apiVersions": ["v1alpha1"],
            "operations": ["CREATE", "UPDATE"],
            "resources": ["testscenarios"],
            "scope": "Namespaced",
        }
    ]
    # early feedback only (the session start checks again), no side effects
    assert (scenarios["failurePolicy"], scenarios["sideEffects"]) == ("Ignore", "None")
    assert scenarios["namespaceSelector"] == webhook["namespaceSelector"]
    assert webhook["clientConfig"]["service"] == {
        "name": "tornado-operator-webhook",
        "namespace": NAMESPACE,
        "path": "/validate-tornadosession",
        "port": 443,
    }
    assert webhook["rules"] == [
        {
            "apiGroups": ["agenttesting.dev"],
            "apiVersions": ["v1alpha1"],
            "operations": ["CREATE"],
            "resources": ["tornadosessions"],
            "scope": "Namespaced",
        }
    ]
    assert webhook["failurePolicy"] == "Fail"
    assert webhook["timeoutSeconds"] == 5
    assert webhook["sideEffects"] == "NoneOnDryRun"
    assert webhook["admissionReviewVersions"] == ["v1"]
    assert webhook["matchPolicy"] == "Equivalent"
    (expression,) = webhook["namespaceSelector"]["matchExpressions"]
    assert expression["key"] == "kubernetes.io/metadata.name"
    assert expression["operator"] == "NotIn"
    assert set(expression["values"]) == {"kube-system", NAMESPACE}
    assert "caBundle" not in webhook["clientConfig"], "the CA bundle is injected, never committed"


def test_self_signed_overlay_wiring() -> None:
    objects = render("self-signed")
    assert "--webhook-tls=self-signed" in operator_container(objects)["args"]
    assert not [obj for obj in objects if obj["apiVersion"].startswith("cert-manager.io/")]
    annotations = find(objects, "ValidatingWebhookConfiguration", "tornado-operator")[
        "metadata"
    ].get("annotations", {})
    assert "cert-manager.io/inject-ca-from" not in annotations


def test_cert_manager_overlay_wiring() -> None:
    objects = render("cert-manager")
    container = operator_container(objects)
    assert "--webhook-tls=/tls" in container["args"]
    certificate = find(objects, "Certificate", "tornado-operator-webhook")
    issuer = find(objects, "Issuer", certificate["spec"]["issuerRef"]["name"])
    assert "selfSigned" in issuer["spec"]
    assert certificate["spec"]["issuerRef"]["kind"] == "Issuer"
    assert {
        "tornado-operator-webhook.tornado-system.svc",
        "tornado-operator-webhook.tornado-system.svc.cluster.local",
    } <= set(certificate["spec"]["dnsNames"])
    annotations = find(objects, "ValidatingWebhookConfiguration", "tornado-operator")["metadata"][
        "annotations"
    ]
    assert (
        annotations["cert-manager.io/inject-ca-from"]
        == f"{certificate['metadata']['namespace']}/{certificate['metadata']['name']}"
    )
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == "/tls")
    assert mount["readOnly"] is True
    volumes = find(objects, "Deployment", "tornado-operator")["spec"]["template"]["spec"]["volumes"]
    volume = next(v for v in volumes if v["name"] == mount["name"])
    assert (
        volume["secret"]["secretName"]
        == certificate["spec"]["secretName"]
        == "tornado-operator-webhook-tls"
    )


# -- GitOps examples --------------------------------------------------------------------------


def test_flux_health_expressions_cover_every_phase() -> None:
    from tornado_operator.api.session import Phase

    docs = [
        doc
        for doc in yaml.safe_load_all((ROOT / "deploy" / "flux" / "kustomization.yaml").read_text())
        if doc
    ]
    exprs = [expr for doc in docs for expr in doc["spec"].get("healthCheckExprs", [])]
    (session,) = [expr for expr in exprs if expr["kind"] == "TornadoSession"]
    assert session["apiVersion"] == "agenttesting.dev/v1alpha1"
    assert session["current"].strip() == "status.phase == 'COMPLETED_ALL_PASSED'"
    assert "'RUNNING'" in session["inProgress"] and "!has(status.phase)" in session["inProgress"]
    failed = set(re.findall(r"'([A-Z_]+)'", session["failed"]))
    assert failed == {phase.value for phase in Phase} - {"RUNNING", "COMPLETED_ALL_PASSED"}
    installer = next(doc for doc in docs if doc["metadata"]["name"] == "tornado-operator")
    assert (ROOT / installer["spec"]["path"]).is_dir()


def test_webhook_networkpolicy_component(tmp_path: Path) -> None:
    """The opt-in component, with the API servers' range patched in as docs/security.md says:
    the webhook port only from that range, probes and metrics still reachable."""
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "apiVersion": "kustomize.config.k8s.io/v1beta1",
                "kind": "Kustomization",
                "resources": [os.path.relpath(MANIFESTS / "overlays" / "self-signed", overlay)],
                "components": [os.path.relpath(MANIFESTS / "components" / "webhook-networkpolicy", overlay)],
                "patches": [
                    {
                        "target": {"kind": "NetworkPolicy", "name": "tornado-operator"},
                        "patch": '[{"op": "replace", "path": "/spec/ingress/0/from/0/ipBlock/cidr", "value": "10.0.0.0/24"}]',
                    }
                ],
            }
        )
    )
    objects = kustomize(overlay)
    policy = find(objects, "NetworkPolicy", "tornado-operator")
    pod_labels = find(objects, "Deployment", "tornado-operator")["spec"]["template"]["metadata"]["labels"]
    assert all(pod_labels.get(k) == v for k, v in policy["spec"]["podSelector"]["matchLabels"].items())
    webhook, others = policy["spec"]["ingress"]
    assert webhook["from"] == [{"ipBlock": {"cidr": "10.0.0.0/24"}}]
    assert [p["port"] for p in webhook["ports"]] == ["webhook"]
    assert "from" not in others and {p["port"] for p in others["ports"]} == {"health", "metrics"}
    ports = {p["name"] for p in operator_container(objects)["ports"]}
    assert {"webhook", "health", "metrics"} <= ports


def test_the_override_role_is_not_aggregated() -> None:
    role = find(render("self-signed"), "ClusterRole", "tornado-runner-override")
    assert rule_set(role) == {("agenttesting.dev", "tornadosessions/runner", "override", "")}
    assert not any(k.startswith("rbac.authorization.k8s.io/aggregate") for k in role["metadata"].get("labels", {}))


# -- install mode: a list of namespaces, Roles instead of ClusterRoles -------------------------

CLUSTER_SCOPED_RULES: frozenset[Rule] = frozenset(
    rule
    for rule in OPERATOR_RULES
    if rule[1] in ("validatingwebhookconfigurations", "customresourcedefinitions", "subjectaccessreviews")
)
NAMESPACED_RULES: frozenset[Rule] = frozenset(
    rule for rule in OPERATOR_RULES - CLUSTER_SCOPED_RULES if rule[1] != "namespaces"
)


def test_namespaced_overlay_uses_roles_in_the_watched_namespaces() -> None:
    objects = kustomize(MANIFESTS / "overlays" / "namespaced")
    assert rule_set(find(objects, "ClusterRole", "tornado-operator")) == CLUSTER_SCOPED_RULES
    role = next(o for o in objects if o["kind"] == "Role" and o["metadata"]["name"] == "tornado-operator")
    assert role["metadata"]["namespace"] == "team-a" and rule_set(role) == NAMESPACED_RULES
    binding = next(o for o in objects if o["kind"] == "RoleBinding" and o["metadata"]["name"] == "tornado-operator")
    assert binding["metadata"]["namespace"] == "team-a" and binding["roleRef"]["kind"] == "Role"
    assert "--namespace=team-a" in operator_container(objects)["args"]
    hooks = find(objects, "ValidatingWebhookConfiguration", "tornado-operator")["webhooks"]
    assert hooks and all(
        hook["namespaceSelector"]["matchExpressions"]
        == [{"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["team-a"]}]
        for hook in hooks
    )

"""A thin typed wrapper over the Kubernetes client: the only module that builds API calls."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from kubernetes import client, config
from kubernetes.client.exceptions import ApiException

from tornado_operator import API_GROUP, API_VERSION

log = logging.getLogger(__name__)


def load_config() -> None:
    """In-cluster config when running in a pod, else the current kubeconfig."""
    try:
        config.load_incluster_config()
    except config.ConfigException:
        config.load_kube_config()


def is_status(exc: BaseException, code: int) -> bool:
    return isinstance(exc, ApiException) and exc.status == code


@dataclass
class Kube:
    api: client.ApiClient = field(default_factory=client.ApiClient)

    def __post_init__(self) -> None:
        # Typed as Any: the generated client's annotations reject the plain dict bodies it
        # accepts at run time, and dicts keep the manifests readable.
        self.custom: Any = client.CustomObjectsApi(self.api)
        self.core: Any = client.CoreV1Api(self.api)
        self.batch: Any = client.BatchV1Api(self.api)
        self.coordination: Any = client.CoordinationV1Api(self.api)
        self.rbac: Any = client.RbacAuthorizationV1Api(self.api)
        self.admission: Any = client.AdmissionregistrationV1Api(self.api)

    # --- custom resources of agenttesting.dev ---

    def get(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            obj: dict[str, Any] = self.custom.get_namespaced_custom_object(
                API_GROUP, API_VERSION, namespace, plural, name
            )
            return obj
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise

    def list_objects(
        self, plural: str, namespace: str, *, labels: str | None = None, fields: str | None = None
    ) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {}
        if labels:
            kwargs["label_selector"] = labels
        if fields:
            kwargs["field_selector"] = fields
        result = self.custom.list_namespaced_custom_object(API_GROUP, API_VERSION, namespace, plural, **kwargs)
        items: list[dict[str, Any]] = result.get("items", [])
        return items

    def create(self, plural: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        obj: dict[str, Any] = self.custom.create_namespaced_custom_object(
            API_GROUP, API_VERSION, namespace, plural, body
        )
        return obj

    def patch(self, plural: str, namespace: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        obj: dict[str, Any] = self.custom.patch_namespaced_custom_object(
            API_GROUP, API_VERSION, namespace, plural, name, body
        )
        return obj

    def patch_status(self, plural: str, namespace: str, name: str, status: dict[str, Any]) -> dict[str, Any]:
        obj: dict[str, Any] = self.custom.patch_namespaced_custom_object_status(
            API_GROUP, API_VERSION, namespace, plural, name, {"status": status}
        )
        return obj

    # --- Jobs, pods, ConfigMaps ---

    def get_job(self, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            job = self.batch.read_namespaced_job(name, namespace)
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise
        result: dict[str, Any] = self.api.sanitize_for_serialization(job)
        return result

    def create_job(self, namespace: str, body: dict[str, Any]) -> bool:
        """Create a Job; False when it already exists (a restart found its own Job)."""
        try:
            self.batch.create_namespaced_job(namespace, body)
            return True
        except ApiException as exc:
            if exc.status == 409:
                return False
            raise

    def delete_job(self, namespace: str, name: str) -> None:
        try:
            self.batch.delete_namespaced_job(
                name, namespace, body=client.V1DeleteOptions(propagation_policy="Background")
            )
        except ApiException as exc:
            if exc.status != 404:
                raise

    def job_pods(self, namespace: str, job: str) -> list[dict[str, Any]]:
        pods = self.core.list_namespaced_pod(namespace, label_selector=f"batch.kubernetes.io/job-name={job}")
        items: list[dict[str, Any]] = self.api.sanitize_for_serialization(pods).get("items", [])
        return items

    def get_configmap(self, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            cm = self.core.read_namespaced_config_map(name, namespace)
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise
        result: dict[str, Any] = self.api.sanitize_for_serialization(cm)
        return result

    def put_configmap(self, namespace: str, body: dict[str, Any]) -> None:
        """Create or replace (a retried iteration pod overwrites its own result)."""
        try:
            self.core.create_namespaced_config_map(namespace, body)
        except ApiException as exc:
            if exc.status != 409:
                raise
            self.core.replace_namespaced_config_map(body["metadata"]["name"], namespace, body)

    # --- the runner's service account ---

    def ensure_runner_account(self, namespace: str, service_account: str, cluster_role: str) -> None:
        """The iteration Jobs' ServiceAccount and RoleBinding in a session's namespace."""
        labels = {"app.kubernetes.io/managed-by": "tornado-operator"}
        try:
            self.core.create_namespaced_service_account(
                namespace, {"metadata": {"name": service_account, "labels": labels}}
            )
        except ApiException as exc:
            if exc.status != 409:
                raise
        binding = {
            "metadata": {"name": service_account, "labels": labels},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": cluster_role},
            "subjects": [{"kind": "ServiceAccount", "name": service_account, "namespace": namespace}],
        }
        try:
            self.rbac.create_namespaced_role_binding(namespace, binding)
        except ApiException as exc:
            if exc.status != 409:
                raise

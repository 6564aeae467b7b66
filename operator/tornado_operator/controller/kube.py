"""A thin typed wrapper over the Kubernetes client: the only module that builds API calls.

Everything else talks to the API server through the methods of `Kube`, with plain dicts
(the objects' JSON) in and out. Reads answer None for 404; writes that race say so in
their return value (create-if-absent, compare-and-swap) and raise `ApiException` for
anything else. tests/fake_kube.py implements the same surface in memory, and a test runs
one table of operations against both so the two cannot drift.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kubernetes import client, config
from kubernetes.client.exceptions import ApiException

from tornado_operator import API_GROUP, API_VERSION
from tornado_operator.api.errors import SecretKeyError as SecretKeyError

log = logging.getLogger(__name__)


def load_config() -> None:
    """In-cluster config when running in a pod, else the current kubeconfig."""
    try:
        config.load_incluster_config()
    except config.ConfigException:
        config.load_kube_config()


def api_error(status: int, reason: str, message: str) -> ApiException:
    """An ApiException shaped as the API server's answer (a Status body), for fakes."""
    exc = ApiException(status=status, reason=reason)
    exc.body = json.dumps({"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason, "code": status})
    return exc


def api_message(exc: BaseException) -> str:
    """The API server's one-line message of a failed call (Status.message), never the
    client's dump of headers and body."""
    if isinstance(exc, ApiException):
        try:
            body = json.loads(exc.body or "")
        except (TypeError, ValueError):
            body = None
        if isinstance(body, dict) and body.get("message"):
            return str(body["message"])
        return f"{exc.status} {exc.reason or 'error'}".strip()
    return str(exc) or type(exc).__name__


@dataclass
class Kube:
    api: client.ApiClient = field(default_factory=client.ApiClient)

    def __post_init__(self) -> None:
        # Typed as Any: the generated client's annotations reject the plain dict bodies it
        # accepts at run time, and dicts keep the manifests readable.
        self._custom: Any = client.CustomObjectsApi(self.api)
        self.core: Any = client.CoreV1Api(self.api)  # deprecated: use the methods below
        self._batch: Any = client.BatchV1Api(self.api)
        self._coordination: Any = client.CoordinationV1Api(self.api)
        self._rbac: Any = client.RbacAuthorizationV1Api(self.api)
        self._admission: Any = client.AdmissionregistrationV1Api(self.api)

    def _plain(self, obj: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.api.sanitize_for_serialization(obj)
        return result

    # --- custom resources of agenttesting.dev ---

    def get(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            obj: dict[str, Any] = self._custom.get_namespaced_custom_object(
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
        result = self._custom.list_namespaced_custom_object(API_GROUP, API_VERSION, namespace, plural, **kwargs)
        items: list[dict[str, Any]] = result.get("items", [])
        return items

    def create(self, plural: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create; ApiException 409 (AlreadyExists) when the name is taken."""
        obj: dict[str, Any] = self._custom.create_namespaced_custom_object(
            API_GROUP, API_VERSION, namespace, plural, body
        )
        return obj

    def patch(self, plural: str, namespace: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """JSON merge patch of the object (not its status)."""
        obj: dict[str, Any] = self._custom.patch_namespaced_custom_object(
            API_GROUP, API_VERSION, namespace, plural, name, body
        )
        return obj

    def patch_status(self, plural: str, namespace: str, name: str, status: dict[str, Any]) -> dict[str, Any]:
        """JSON merge patch of the status subresource."""
        obj: dict[str, Any] = self._custom.patch_namespaced_custom_object_status(
            API_GROUP, API_VERSION, namespace, plural, name, {"status": status}
        )
        return obj

    def replace_status(self, plural: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        """PUT the status subresource: `body` carries metadata.resourceVersion, so a write
        based on an older read fails with ApiException 409 instead of overwriting."""
        obj: dict[str, Any] = self._custom.replace_namespaced_custom_object_status(
            API_GROUP, API_VERSION, namespace, plural, body["metadata"]["name"], body
        )
        return obj

    # --- coordination.k8s.io Leases (locks, leader election) ---

    def get_lease(self, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            return self._plain(self._coordination.read_namespaced_lease(name, namespace))
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise

    def list_leases(self, namespace: str | None, *, labels: str) -> list[dict[str, Any]]:
        """Leases matching a label selector, in one namespace or (None) in all."""
        if namespace is None:
            result = self._coordination.list_lease_for_all_namespaces(label_selector=labels)
        else:
            result = self._coordination.list_namespaced_lease(namespace, label_selector=labels)
        items: list[dict[str, Any]] = self._plain(result).get("items", [])
        return items

    def create_lease(self, namespace: str, body: dict[str, Any]) -> bool:
        """Create-if-absent: False when a Lease of that name exists."""
        try:
            self._coordination.create_namespaced_lease(namespace, body)
            return True
        except ApiException as exc:
            if exc.status == 409:
                return False
            raise

    def replace_lease(self, namespace: str, body: dict[str, Any]) -> bool:
        """Compare-and-swap on body's metadata.resourceVersion: False when the Lease changed
        since it was read. (Leases allow create-on-update: one deleted meanwhile is created
        again, which for a lock means it was free and is now ours.)"""
        try:
            self._coordination.replace_namespaced_lease(body["metadata"]["name"], namespace, body)
            return True
        except ApiException as exc:
            if exc.status in (404, 409):
                return False
            raise

    def delete_lease(self, namespace: str, name: str, resource_version: str) -> bool:
        """Delete only if unchanged since read (resourceVersion precondition)."""
        try:
            self._coordination.delete_namespaced_lease(
                name,
                namespace,
                body=client.V1DeleteOptions(preconditions=client.V1Preconditions(resource_version=resource_version)),
            )
            return True
        except ApiException as exc:
            if exc.status in (404, 409):
                return False
            raise

    # --- Jobs, pods, ConfigMaps ---

    def get_job(self, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            return self._plain(self._batch.read_namespaced_job(name, namespace))
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise

    def create_job(self, namespace: str, body: dict[str, Any]) -> bool:
        """Create a Job; False when it already exists (a restart found its own Job)."""
        try:
            self._batch.create_namespaced_job(namespace, body)
            return True
        except ApiException as exc:
            if exc.status == 409:
                return False
            raise

    def delete_job(self, namespace: str, name: str) -> None:
        try:
            self._batch.delete_namespaced_job(
                name, namespace, body=client.V1DeleteOptions(propagation_policy="Background")
            )
        except ApiException as exc:
            if exc.status != 404:
                raise

    def job_pods(self, namespace: str, job: str) -> list[dict[str, Any]]:
        pods = self.core.list_namespaced_pod(namespace, label_selector=f"batch.kubernetes.io/job-name={job}")
        items: list[dict[str, Any]] = self._plain(pods).get("items", [])
        return items

    def get_configmap(self, namespace: str, name: str) -> dict[str, Any] | None:
        try:
            return self._plain(self.core.read_namespaced_config_map(name, namespace))
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise

    def put_configmap(self, namespace: str, body: dict[str, Any]) -> None:
        """Replace, or create when missing (the iteration Job replaces the result ConfigMap
        the operator created; its Role grants `update` of that name, not `create`)."""
        name = body["metadata"]["name"]
        try:
            self.core.replace_namespaced_config_map(name, namespace, body)
        except ApiException as exc:
            if exc.status != 404:
                raise
            self.core.create_namespaced_config_map(namespace, body)

    def create_configmap(self, namespace: str, body: dict[str, Any]) -> bool:
        """Create-if-absent: False when a ConfigMap of that name exists (it is left as is)."""
        try:
            self.core.create_namespaced_config_map(namespace, body)
            return True
        except ApiException as exc:
            if exc.status == 409:
                return False
            raise

    # --- Secrets ---

    def read_secret_key(self, namespace: str, name: str, key: str) -> str:
        """One key of a Secret, decoded; SecretKeyError (one readable line) when the Secret
        or the key is missing or not readable."""
        try:
            secret = self.core.read_namespaced_secret(name, namespace)
        except ApiException as exc:
            if exc.status == 404:
                raise SecretKeyError(f'Secret "{name}" (key {key}) not found in namespace "{namespace}"') from None
            raise SecretKeyError(f'Secret "{name}" (key {key}) in namespace "{namespace}": {api_message(exc)}') from None
        data = (secret.data or {}).get(key)
        if data is None:
            raise SecretKeyError(f'Secret "{name}" in namespace "{namespace}" has no key "{key}"')
        return base64.b64decode(data).decode()

    def get_secret_data(self, namespace: str, name: str) -> dict[str, bytes] | None:
        """A Secret's data, decoded; None when it does not exist."""
        try:
            secret = self.core.read_namespaced_secret(name, namespace)
        except ApiException as exc:
            if exc.status == 404:
                return None
            raise
        return {key: base64.b64decode(value) for key, value in (secret.data or {}).items()}

    def put_secret(self, namespace: str, body: dict[str, Any]) -> None:
        """Create or replace."""
        try:
            self.core.create_namespaced_secret(namespace, body)
        except ApiException as exc:
            if exc.status != 409:
                raise
            self.core.replace_namespaced_secret(body["metadata"]["name"], namespace, body)

    # --- the admission webhook's configuration ---

    def put_webhook_configuration(self, body: dict[str, Any]) -> None:
        """Create or replace a ValidatingWebhookConfiguration."""
        name = body["metadata"]["name"]
        try:
            self._admission.create_validating_webhook_configuration(body)
        except ApiException as exc:
            if exc.status != 409:
                raise
            current = self._admission.read_validating_webhook_configuration(name)
            body = {**body, "metadata": {**body["metadata"], "resourceVersion": current.metadata.resource_version}}
            self._admission.replace_validating_webhook_configuration(name, body)

    def inject_ca_bundle(self, name: str, ca_bundle: str) -> None:
        """Set the caBundle of every webhook of a ValidatingWebhookConfiguration."""
        current = self._admission.read_validating_webhook_configuration(name)
        patch = {"webhooks": [{"name": hook.name, "clientConfig": {"caBundle": ca_bundle}} for hook in current.webhooks or []]}
        self._admission.patch_validating_webhook_configuration(name, patch)

    # --- the iteration Jobs' identity ---

    def ensure_runner_identity(self, namespace: str, objects: list[dict[str, Any]]) -> None:
        """Create-if-absent the ServiceAccount, Role and RoleBinding of a session's Jobs
        (controller/rbac.py); all owned by the session, so they never need updating."""
        create = {
            "ServiceAccount": self.core.create_namespaced_service_account,
            "Role": self._rbac.create_namespaced_role,
            "RoleBinding": self._rbac.create_namespaced_role_binding,
        }
        for body in objects:
            try:
                create[body["kind"]](namespace, body)
            except ApiException as exc:
                if exc.status != 409:
                    raise

    # --- events, identity and access (promotion) ---

    def post_event(
        self, namespace: str, involved: dict[str, Any], reason: str, message: str, *, warning: bool = False
    ) -> None:
        """A core/v1 Event about `involved` (an object's JSON); best effort is the caller's call."""
        meta = involved.get("metadata") or {}
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {
            "metadata": {"generateName": f"{meta.get('name', 'tornado')}.", "namespace": namespace},
            "involvedObject": {
                "apiVersion": involved.get("apiVersion"),
                "kind": involved.get("kind"),
                "name": meta.get("name"),
                "namespace": namespace,
                "uid": meta.get("uid"),
                "resourceVersion": meta.get("resourceVersion"),
            },
            "reason": reason,
            "message": message[:1024],
            "type": "Warning" if warning else "Normal",
            "source": {"component": "tornado"},
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
        }
        self.core.create_namespaced_event(namespace, body)

    def whoami(self) -> str:
        """The user name the API server knows this client as (a SelfSubjectReview)."""
        review = client.AuthenticationV1Api(self.api).create_self_subject_review(
            {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}
        )
        name: str = review.status.user_info.username
        return name

    def can_i(
        self, user: dict[str, Any], verb: str, resource: str, namespace: str, name: str, *, subresource: str = "", group: str = API_GROUP
    ) -> bool:
        """Whether `user` (an admission request's userInfo) may `verb` the resource (a
        SubjectAccessReview: what `kubectl auth can-i --as` asks)."""
        spec: dict[str, Any] = {
            "user": user.get("username"),
            "groups": user.get("groups") or [],
            "uid": user.get("uid"),
            "extra": user.get("extra") or {},
            "resourceAttributes": {
                "group": group, "resource": resource, "subresource": subresource,
                "verb": verb, "namespace": namespace, "name": name,
            },
        }
        review = client.AuthorizationV1Api(self.api).create_subject_access_review(
            {"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": spec}
        )
        return bool(review.status.allowed)

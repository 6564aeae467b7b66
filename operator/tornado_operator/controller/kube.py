"""A thin typed wrapper over the Kubernetes API: the only module that builds API calls.

Everything else talks to the API server through the methods of `Kube`, with plain dicts
(the objects' JSON) in and out. Reads answer None for 404; writes that race say so in
their return value (create-if-absent, compare-and-swap) and raise `ApiException` for
anything else. tests/fake_kube.py implements the same surface in memory, and a test runs
one table of operations against both so the two cannot drift.

Requests and responses are JSON through controller/kube_http.py (the kubernetes client's
connection and credentials, not its models: building a typed object for every response
cost more CPU than the rest of a transition). The kubernetes package is imported only when
needed: an iteration pod (`connect()`) runs without it unless its credentials need it, and
an error is raised as the client's `ApiException`, imported then.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn

from tornado_operator import API_GROUP, API_VERSION
from tornado_operator.api.errors import SecretKeyError as SecretKeyError
from tornado_operator.controller.kube_http import (
    JSON,
    MERGE_PATCH,
    STRATEGIC_MERGE_PATCH,
    ClientConnection,
    Connection,
    Response,
    light_connection,
)

log = logging.getLogger(__name__)

CUSTOM = f"/apis/{API_GROUP}/{API_VERSION}"
CORE = "/api/v1"
BATCH = "/apis/batch/v1"
COORDINATION = "/apis/coordination.k8s.io/v1"
RBAC = "/apis/rbac.authorization.k8s.io/v1"
ADMISSION = "/apis/admissionregistration.k8s.io/v1"
AUTHENTICATION = "/apis/authentication.k8s.io/v1"
AUTHORIZATION = "/apis/authorization.k8s.io/v1"


def load_config() -> None:
    """In-cluster config when running in a pod, else the current kubeconfig."""
    from kubernetes import config

    try:
        config.load_incluster_config()
    except config.ConfigException:
        config.load_kube_config()


def connect() -> Kube:
    """A Kube for where this process runs: without the kubernetes package when the
    credentials are a pod's (a token and a CA), else through the client (load_config)."""
    light = light_connection()
    if light is not None:
        return Kube(http=light)
    load_config()
    return Kube()


def api_error(status: int, reason: str, message: str) -> Exception:
    """An ApiException shaped as the API server's answer (a Status body), for fakes."""
    body = json.dumps({"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason, "code": status})
    return _api_exception(status, reason, body)


def _api_exception(status: int, reason: str, body: str, headers: Any = None) -> Exception:
    from kubernetes.client.exceptions import ApiException

    exc = ApiException(status=status, reason=reason)
    exc.body = body
    exc.headers = headers
    error: Exception = exc
    return error


def api_status(exc: BaseException) -> int | None:
    """The HTTP status of a failed API call (the client's ApiException), else None. No
    ApiException exists unless the client module was imported, so this never imports it."""
    import sys

    module = sys.modules.get("kubernetes.client.exceptions")
    if module is not None and isinstance(exc, module.ApiException):
        status: int | None = exc.status
        return status
    return None


def api_message(exc: BaseException) -> str:
    """The API server's one-line message of a failed call (Status.message), never the
    client's dump of headers and body."""
    if api_status(exc) is not None:
        body_text = getattr(exc, "body", None)
        try:
            body = json.loads(body_text or "")
        except (TypeError, ValueError):
            body = None
        if isinstance(body, dict) and body.get("message"):
            return str(body["message"])
        return f"{getattr(exc, 'status', '')} {getattr(exc, 'reason', None) or 'error'}".strip()
    return str(exc) or type(exc).__name__


def _raise(response: Response) -> NoReturn:
    raise _api_exception(response.status, response.reason, response.data.decode(errors="replace"), response.headers)


def _ok(response: Response) -> Any:
    """The JSON of a successful response; ApiException for any other."""
    if not response.ok:
        _raise(response)
    return response.json()


def _succeeded(response: Response) -> None:
    """ApiException unless the response is a success; its body (the object written, which
    the caller does not use) is not decoded."""
    if not response.ok:
        _raise(response)


def _selectors(labels: str | None = None, fields: str | None = None) -> list[tuple[str, str]]:
    query = []
    if labels:
        query.append(("labelSelector", labels))
    if fields:
        query.append(("fieldSelector", fields))
    return query


@dataclass
class Kube:
    api: Any = None  # a kubernetes ApiClient (default: one on the loaded configuration)
    http: Connection | None = None  # default: ClientConnection(api)

    def __post_init__(self) -> None:
        if self.http is None:
            if self.api is None:
                from kubernetes import client

                self.api = client.ApiClient()
            self.http = ClientConnection(self.api)
        self._http: Connection = self.http

    def _request(
        self, method: str, path: str, body: Any = None, *, query: list[tuple[str, str]] | None = None, content_type: str = JSON
    ) -> Response:
        return self._http.request(method, path, query=query or (), body=body, content_type=content_type)

    def _get(self, path: str) -> dict[str, Any] | None:
        """GET; None for 404."""
        response = self._request("GET", path)
        if response.status == 404:
            return None
        obj: dict[str, Any] = _ok(response)
        return obj

    def _list(self, path: str, query: list[tuple[str, str]]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = _ok(self._request("GET", path, query=query)).get("items") or []
        return items

    def _create_if_absent(self, path: str, body: dict[str, Any]) -> bool:
        """POST; False when the name is taken (409)."""
        response = self._request("POST", path, body)
        if response.status == 409:
            return False
        _succeeded(response)
        return True

    # --- list and watch (controller/informer.py) ---

    def list_page(self, path: str, query: list[tuple[str, str]]) -> tuple[list[dict[str, Any]], str, str | None]:
        """One page of a list: its items, the list's resourceVersion and the continue token."""
        body = _ok(self._request("GET", path, query=query))
        meta = body.get("metadata") or {}
        return body.get("items") or [], str(meta.get("resourceVersion") or ""), meta.get("continue") or None

    def watch_events(self, path: str, query: list[tuple[str, str]], *, timeout: float | None = None) -> Iterator[dict[str, Any]]:
        """A watch stream's events ({"type": ..., "object": ...}), as the API server sends them."""
        for line in self._http.stream(path, query=query, timeout=timeout):
            event: dict[str, Any] = json.loads(line)
            yield event

    # --- custom resources of agenttesting.dev ---

    def get(self, plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        return self._get(f"{CUSTOM}/namespaces/{namespace}/{plural}/{name}")

    def list_objects(
        self, plural: str, namespace: str, *, labels: str | None = None, fields: str | None = None
    ) -> list[dict[str, Any]]:
        return self._list(f"{CUSTOM}/namespaces/{namespace}/{plural}", _selectors(labels, fields))

    def create(self, plural: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create; ApiException 409 (AlreadyExists) when the name is taken."""
        obj: dict[str, Any] = _ok(self._request("POST", f"{CUSTOM}/namespaces/{namespace}/{plural}", body))
        return obj

    def patch(self, plural: str, namespace: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """JSON merge patch of the object (not its status)."""
        path = f"{CUSTOM}/namespaces/{namespace}/{plural}/{name}"
        obj: dict[str, Any] = _ok(self._request("PATCH", path, body, content_type=MERGE_PATCH))
        return obj

    def patch_status(
        self, plural: str, namespace: str, name: str, status: dict[str, Any], *, resource_version: str | None = None
    ) -> dict[str, Any]:
        """JSON merge patch of the status subresource; with `resource_version`, only of that
        version of the object (ApiException 409 when it changed since)."""
        path = f"{CUSTOM}/namespaces/{namespace}/{plural}/{name}/status"
        body: dict[str, Any] = {"status": status}
        if resource_version is not None:
            body["metadata"] = {"resourceVersion": resource_version}
        obj: dict[str, Any] = _ok(self._request("PATCH", path, body, content_type=MERGE_PATCH))
        return obj

    def replace_status(self, plural: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        """PUT the status subresource: `body` carries metadata.resourceVersion, so a write
        based on an older read fails with ApiException 409 instead of overwriting."""
        path = f"{CUSTOM}/namespaces/{namespace}/{plural}/{body['metadata']['name']}/status"
        obj: dict[str, Any] = _ok(self._request("PUT", path, body))
        return obj

    # --- coordination.k8s.io Leases (locks, leader election) ---

    def get_lease(self, namespace: str, name: str) -> dict[str, Any] | None:
        return self._get(f"{COORDINATION}/namespaces/{namespace}/leases/{name}")

    def list_leases(self, namespace: str | None, *, labels: str) -> list[dict[str, Any]]:
        """Leases matching a label selector, in one namespace or (None) in all."""
        path = f"{COORDINATION}/leases" if namespace is None else f"{COORDINATION}/namespaces/{namespace}/leases"
        return self._list(path, _selectors(labels))

    def create_lease(self, namespace: str, body: dict[str, Any]) -> bool:
        """Create-if-absent: False when a Lease of that name exists."""
        return self._create_if_absent(f"{COORDINATION}/namespaces/{namespace}/leases", body)

    def replace_lease(self, namespace: str, body: dict[str, Any]) -> bool:
        """Compare-and-swap on body's metadata.resourceVersion: False when the Lease changed
        since it was read. (Leases allow create-on-update: one deleted meanwhile is created
        again, which for a lock means it was free and is now ours.)"""
        response = self._request("PUT", f"{COORDINATION}/namespaces/{namespace}/leases/{body['metadata']['name']}", body)
        if response.status in (404, 409):
            return False
        _ok(response)
        return True

    def delete_lease(self, namespace: str, name: str, resource_version: str) -> bool:
        """Delete only if unchanged since read (resourceVersion precondition)."""
        options = {"apiVersion": "v1", "kind": "DeleteOptions", "preconditions": {"resourceVersion": resource_version}}
        response = self._request("DELETE", f"{COORDINATION}/namespaces/{namespace}/leases/{name}", options)
        if response.status in (404, 409):
            return False
        _ok(response)
        return True

    # --- Jobs, pods, ConfigMaps ---

    def get_job(self, namespace: str, name: str) -> dict[str, Any] | None:
        return self._get(f"{BATCH}/namespaces/{namespace}/jobs/{name}")

    def create_job(self, namespace: str, body: dict[str, Any]) -> bool:
        """Create a Job; False when it already exists (a restart found its own Job)."""
        return self._create_if_absent(f"{BATCH}/namespaces/{namespace}/jobs", body)

    def delete_job(self, namespace: str, name: str) -> None:
        options = {"apiVersion": "v1", "kind": "DeleteOptions", "propagationPolicy": "Background"}
        response = self._request("DELETE", f"{BATCH}/namespaces/{namespace}/jobs/{name}", options)
        if response.status != 404:
            _succeeded(response)

    def job_pods(self, namespace: str, job: str) -> list[dict[str, Any]]:
        return self._list(f"{CORE}/namespaces/{namespace}/pods", _selectors(f"batch.kubernetes.io/job-name={job}"))

    def get_configmap(self, namespace: str, name: str) -> dict[str, Any] | None:
        return self._get(f"{CORE}/namespaces/{namespace}/configmaps/{name}")

    def put_configmap(self, namespace: str, body: dict[str, Any]) -> None:
        """Replace, or create when missing (the iteration Job replaces the result ConfigMap
        the operator created; its Role grants `update` of that name, not `create`)."""
        response = self._request("PUT", f"{CORE}/namespaces/{namespace}/configmaps/{body['metadata']['name']}", body)
        if response.status == 404:
            _ok(self._request("POST", f"{CORE}/namespaces/{namespace}/configmaps", body))
        else:
            _ok(response)

    def create_configmap(self, namespace: str, body: dict[str, Any]) -> bool:
        """Create-if-absent: False when a ConfigMap of that name exists (it is left as is)."""
        return self._create_if_absent(f"{CORE}/namespaces/{namespace}/configmaps", body)

    # --- Secrets ---

    def read_secret_key(self, namespace: str, name: str, key: str) -> str:
        """One key of a Secret, decoded; SecretKeyError (one readable line) when the Secret
        or the key is missing or not readable."""
        response = self._request("GET", f"{CORE}/namespaces/{namespace}/secrets/{name}")
        if response.status == 404:
            raise SecretKeyError(f'Secret "{name}" (key {key}) not found in namespace "{namespace}"')
        if not response.ok:
            message = api_message(_api_exception(response.status, response.reason, response.data.decode(errors="replace")))
            raise SecretKeyError(f'Secret "{name}" (key {key}) in namespace "{namespace}": {message}')
        data = (response.json().get("data") or {}).get(key)
        if data is None:
            raise SecretKeyError(f'Secret "{name}" in namespace "{namespace}" has no key "{key}"')
        return base64.b64decode(data).decode()

    def get_secret_data(self, namespace: str, name: str) -> dict[str, bytes] | None:
        """A Secret's data, decoded; None when it does not exist."""
        secret = self._get(f"{CORE}/namespaces/{namespace}/secrets/{name}")
        if secret is None:
            return None
        return {key: base64.b64decode(value) for key, value in (secret.get("data") or {}).items()}

    def put_secret(self, namespace: str, body: dict[str, Any]) -> None:
        """Create or replace."""
        if not self._create_if_absent(f"{CORE}/namespaces/{namespace}/secrets", body):
            _ok(self._request("PUT", f"{CORE}/namespaces/{namespace}/secrets/{body['metadata']['name']}", body))

    # --- the admission webhook's configuration ---

    def put_webhook_configuration(self, body: dict[str, Any]) -> None:
        """Create or replace a ValidatingWebhookConfiguration."""
        name = body["metadata"]["name"]
        collection = f"{ADMISSION}/validatingwebhookconfigurations"
        if self._create_if_absent(collection, body):
            return
        current: dict[str, Any] = _ok(self._request("GET", f"{collection}/{name}"))
        body = {**body, "metadata": {**body["metadata"], "resourceVersion": current["metadata"]["resourceVersion"]}}
        _ok(self._request("PUT", f"{collection}/{name}", body))

    def inject_ca_bundle(self, name: str, ca_bundle: str) -> None:
        """Set the caBundle of every webhook of a ValidatingWebhookConfiguration."""
        path = f"{ADMISSION}/validatingwebhookconfigurations/{name}"
        current: dict[str, Any] = _ok(self._request("GET", path))
        # Strategic merge: the webhooks list merges by name, so only caBundle changes.
        patch = {"webhooks": [{"name": hook["name"], "clientConfig": {"caBundle": ca_bundle}} for hook in current.get("webhooks") or []]}
        _ok(self._request("PATCH", path, patch, content_type=STRATEGIC_MERGE_PATCH))

    # --- the iteration Jobs' identity ---

    def ensure_runner_identity(self, namespace: str, objects: list[dict[str, Any]]) -> None:
        """Create-if-absent the ServiceAccount, Role and RoleBinding of a session's Jobs
        (controller/rbac.py); all owned by the session, so they never need updating."""
        collections = {
            "ServiceAccount": f"{CORE}/namespaces/{namespace}/serviceaccounts",
            "Role": f"{RBAC}/namespaces/{namespace}/roles",
            "RoleBinding": f"{RBAC}/namespaces/{namespace}/rolebindings",
        }
        for body in objects:
            self._create_if_absent(collections[body["kind"]], body)

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
        _succeeded(self._request("POST", f"{CORE}/namespaces/{namespace}/events", body))

    def whoami(self) -> str:
        """The user name the API server knows this client as (a SelfSubjectReview)."""
        review = _ok(
            self._request(
                "POST", f"{AUTHENTICATION}/selfsubjectreviews", {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}
            )
        )
        name: str = review["status"]["userInfo"]["username"]
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
        review = _ok(
            self._request(
                "POST", f"{AUTHORIZATION}/subjectaccessreviews",
                {"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": spec},
            )
        )
        return bool((review.get("status") or {}).get("allowed"))

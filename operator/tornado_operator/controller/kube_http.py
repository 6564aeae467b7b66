"""How controller/kube.py reaches the API server: JSON over HTTP, one `request` method.

The kubernetes client's typed layer (building a model object for every response, then
turning it back into a dict) was a large share of the operator's CPU per transition, and
importing the package costs an iteration pod ~0.4 CPU-s. So kube.py sends and reads plain
JSON through one of two connections:

* `ClientConnection`: the kubernetes client's own connection pool and credentials (any
  kubeconfig: exec plugins, client certificates, proxies, refreshed tokens), without its
  models. The operator and the CLI use it.
* `LightConnection`: a bearer token and a CA over urllib3, without importing the kubernetes
  package. `light_connection()` returns one only for the two shapes an iteration pod has:
  the in-cluster service-account files, or a kubeconfig whose user is a token (or token
  file) and whose cluster is a server and a CA. Anything else answers None, and the caller
  uses the kubernetes client instead.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json"

IN_CLUSTER_DIR = Path("/var/run/secrets/kubernetes.io/serviceaccount")
TOKEN_REREAD_SECONDS = 60.0  # a projected token is rotated in its file; the client re-reads it as often
USER_AGENT = "tornado-operator"


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    data: bytes
    headers: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        return json.loads(self.data) if self.data else None


class Connection(Protocol):
    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: Any = None,
        content_type: str = JSON,
    ) -> Response: ...


def _url(host: str, path: str, query: Sequence[tuple[str, str]]) -> str:
    return host.rstrip("/") + path + ("?" + urlencode(query) if query else "")


def _encode(body: Any) -> bytes | None:
    return None if body is None else json.dumps(body, separators=(",", ":")).encode()


class ClientConnection:
    """The kubernetes client's pool and credentials (`api` is a kubernetes ApiClient)."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.configuration = api.configuration
        self.pool = api.rest_client.pool_manager

    def _headers(self, content_type: str) -> dict[str, str]:
        headers = {"Accept": JSON, "Content-Type": content_type, **self.api.default_headers}
        # auth_settings() runs the configuration's refresh hook (exec plugins, token files).
        for auth in self.configuration.auth_settings().values():
            if auth.get("in") == "header" and auth.get("value"):
                headers[auth["key"]] = auth["value"]
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: Any = None,
        content_type: str = JSON,
    ) -> Response:
        answer = self.pool.request(
            method, _url(self.configuration.host, path, query), body=_encode(body), headers=self._headers(content_type)
        )
        return Response(answer.status, answer.reason or "", answer.data, answer.headers)


class LightConnection:
    """A bearer token (or a token file, re-read every minute) and a CA, over urllib3."""

    def __init__(
        self,
        host: str,
        *,
        ca_file: str | None = None,
        ca_data: str | None = None,
        token: str | None = None,
        token_file: Path | None = None,
    ) -> None:
        import urllib3

        self.host = host
        self.pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=ca_file, ca_cert_data=ca_data, maxsize=4)
        self._token = token
        self._token_file = token_file
        self._token_read = float("-inf")

    def _bearer(self) -> str | None:
        if self._token_file is not None and time.monotonic() - self._token_read >= TOKEN_REREAD_SECONDS:
            self._token = self._token_file.read_text().strip()
            self._token_read = time.monotonic()
        return self._token

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: Any = None,
        content_type: str = JSON,
    ) -> Response:
        headers = {"Accept": JSON, "Content-Type": content_type, "User-Agent": USER_AGENT}
        token = self._bearer()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        answer = self.pool.request(method, _url(self.host, path, query), body=_encode(body), headers=headers)
        return Response(answer.status, answer.reason or "", answer.data, answer.headers)


def light_connection(environ: Mapping[str, str] | None = None, in_cluster_dir: Path = IN_CLUSTER_DIR) -> LightConnection | None:
    """The pod's credentials without the kubernetes package, in the kubernetes client's order
    (in-cluster first, then $KUBECONFIG or ~/.kube/config); None when they need more than a
    token and a CA (then use the kubernetes client)."""
    env = os.environ if environ is None else environ
    host, port = env.get("KUBERNETES_SERVICE_HOST"), env.get("KUBERNETES_SERVICE_PORT")
    token_file, ca_file = in_cluster_dir / "token", in_cluster_dir / "ca.crt"
    if host and port and token_file.is_file() and ca_file.is_file():
        server = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return LightConnection(f"https://{server}", ca_file=str(ca_file), token_file=token_file)
    path = env.get("KUBECONFIG") or str(Path("~/.kube/config").expanduser())
    if os.pathsep in path or not Path(path).is_file():
        return None  # several files to merge, or none: the kubernetes client says what is wrong
    try:
        return _from_kubeconfig(Path(path))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # whatever this reader does not follow, the kubernetes client will


_TOKEN_USER_KEYS = {"token", "tokenFile"}
_PLAIN_CLUSTER_KEYS = {"server", "certificate-authority", "certificate-authority-data", "extensions"}


def _from_kubeconfig(path: Path) -> LightConnection | None:
    import yaml

    doc = yaml.safe_load(path.read_text())

    def named(section: str, name: str) -> dict[str, Any]:
        entry = next(item for item in doc.get(section) or [] if item.get("name") == name)
        return dict(entry.get(section[:-1]) or {})

    context = named("contexts", doc["current-context"])
    cluster, user = named("clusters", context["cluster"]), named("users", context["user"])
    if set(user) - _TOKEN_USER_KEYS or not user or set(cluster) - _PLAIN_CLUSTER_KEYS:
        return None  # client certificates, exec plugins, proxies, skipped verification...
    server = str(cluster["server"])
    if not server.startswith("https://"):
        return None
    base = path.parent
    ca_file = ca_data = None
    if cluster.get("certificate-authority-data"):
        ca_data = base64.b64decode(cluster["certificate-authority-data"]).decode()
    elif cluster.get("certificate-authority"):
        ca_file = str(base / cluster["certificate-authority"])
    else:
        return None  # the system's CAs: leave that to the kubernetes client
    token_file = base / user["tokenFile"] if user.get("tokenFile") else None
    return LightConnection(server, ca_file=ca_file, ca_data=ca_data, token=user.get("token"), token_file=token_file)

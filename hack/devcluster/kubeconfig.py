"""Write and read the small kubeconfig files the dev cluster needs.

The writer embeds the CA (and client certificate) as ``*-data`` fields so that every client
(kubectl, the ``kubernetes`` Python client, kopf) reads them without relative paths. The
reader understands the subset the node agent and the test helpers need: the current
context's server, CA, client certificate/key (file or data) and bearer token (or tokenFile).
"""

from __future__ import annotations

import base64
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def write_kubeconfig(
    path: Path,
    *,
    server: str,
    ca_file: Path,
    user: str,
    client_cert: Path | None = None,
    client_key: Path | None = None,
    token: str | None = None,
    token_file: Path | None = None,
    namespace: str | None = None,
    cluster_name: str = "devcluster",
) -> Path:
    """Write a one-context kubeconfig and return its path."""
    user_entry: dict[str, str] = {}
    if client_cert is not None and client_key is not None:
        user_entry["client-certificate-data"] = _b64(client_cert)
        user_entry["client-key-data"] = _b64(client_key)
    if token is not None:
        user_entry["token"] = token
    if token_file is not None:
        user_entry["tokenFile"] = str(token_file)
    context: dict[str, str] = {"cluster": cluster_name, "user": user}
    if namespace:
        context["namespace"] = namespace
    doc: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": cluster_name,
                "cluster": {"server": server, "certificate-authority-data": _b64(ca_file)},
            }
        ],
        "users": [{"name": user, "user": user_entry}],
        "contexts": [{"name": f"{user}@{cluster_name}", "context": context}],
        "current-context": f"{user}@{cluster_name}",
        "preferences": {},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(yaml.safe_dump(doc, sort_keys=False))
    tmp.chmod(0o600)
    tmp.replace(path)
    return path


@dataclass
class Credentials:
    """What a client needs to talk to an API server (from the current context)."""

    server: str
    namespace: str
    ca_pem: bytes | None = None
    client_cert_pem: bytes | None = None
    client_key_pem: bytes | None = None
    token: str | None = None
    insecure: bool = False

    def ssl_context(self) -> ssl.SSLContext:
        """An SSL context that trusts the cluster CA and presents the client certificate."""
        if self.insecure:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        elif self.ca_pem is not None:
            ctx = ssl.create_default_context(cadata=self.ca_pem.decode("ascii"))
        else:
            ctx = ssl.create_default_context()
        if self.client_cert_pem is not None and self.client_key_pem is not None:
            # load_cert_chain only reads files: use short-lived private temporary files.
            with tempfile.TemporaryDirectory(prefix="devcluster-cred-") as tmp:
                cert = Path(tmp) / "client.crt"
                key = Path(tmp) / "client.key"
                cert.write_bytes(self.client_cert_pem)
                key.write_bytes(self.client_key_pem)
                key.chmod(0o600)
                ctx.load_cert_chain(str(cert), str(key))
        return ctx

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def _file_or_data(entry: dict[str, Any], file_key: str, base: Path) -> bytes | None:
    data = entry.get(f"{file_key}-data")
    if data:
        return base64.b64decode(data)
    name = entry.get(file_key)
    if name:
        p = Path(name)
        return (p if p.is_absolute() else base / p).read_bytes()
    return None


def load_credentials(path: Path, context: str | None = None) -> Credentials:
    """Read the credentials of ``context`` (default: current-context) from a kubeconfig."""
    doc = yaml.safe_load(Path(path).read_text())
    base = Path(path).resolve().parent
    ctx_name = context or doc.get("current-context")
    contexts = {c["name"]: c.get("context", {}) for c in doc.get("contexts") or []}
    if ctx_name not in contexts:
        raise ValueError(f"{path}: context {ctx_name!r} not found")
    ctx = contexts[ctx_name]
    clusters = {c["name"]: c.get("cluster", {}) for c in doc.get("clusters") or []}
    users = {u["name"]: u.get("user", {}) or {} for u in doc.get("users") or []}
    cluster = clusters[ctx["cluster"]]
    user = users.get(ctx.get("user", ""), {})
    token = user.get("token")
    if user.get("tokenFile"):
        token = Path(user["tokenFile"]).read_text().strip()
    return Credentials(
        server=str(cluster["server"]).rstrip("/"),
        namespace=ctx.get("namespace") or "default",
        ca_pem=_file_or_data(cluster, "certificate-authority", base),
        client_cert_pem=_file_or_data(user, "client-certificate", base),
        client_key_pem=_file_or_data(user, "client-key", base),
        token=token,
        insecure=bool(cluster.get("insecure-skip-tls-verify")),
    )

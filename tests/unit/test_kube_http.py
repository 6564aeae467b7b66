"""Which credentials an iteration pod reaches the API server with, without the kubernetes package."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tornado_operator.controller.kube_http import LightConnection, light_connection

CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


def kubeconfig(tmp_path: Path, user: dict[str, object], cluster: dict[str, object] | None = None) -> Path:
    cluster = cluster or {"server": "https://127.0.0.1:6443", "certificate-authority-data": base64.b64encode(CA.encode()).decode()}
    doc = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "c", "cluster": cluster}],
        "users": [{"name": "u", "user": user}],
        "contexts": [{"name": "ctx", "context": {"cluster": "c", "user": "u", "namespace": "ns"}}],
        "current-context": "ctx",
    }
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_a_pods_kubeconfig_with_a_token_file_is_read_without_the_client(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("secret-token\n")
    path = kubeconfig(tmp_path, {"token": "stale", "tokenFile": str(token)})
    found = light_connection({"KUBECONFIG": str(path)}, in_cluster_dir=tmp_path / "absent")
    assert isinstance(found, LightConnection)
    assert found.host == "https://127.0.0.1:6443"
    assert found._bearer() == "secret-token"  # the file wins over the inline token, as in client-go


def test_in_cluster_files_come_first(tmp_path: Path) -> None:
    sa = tmp_path / "sa"
    sa.mkdir()
    (sa / "token").write_text("pod-token")
    (sa / "ca.crt").write_text(CA)
    env = {"KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443", "KUBECONFIG": str(tmp_path / "none")}
    found = light_connection(env, in_cluster_dir=sa)
    assert isinstance(found, LightConnection)
    assert found.host == "https://10.0.0.1:443"
    assert found._bearer() == "pod-token"
    v6 = light_connection({**env, "KUBERNETES_SERVICE_HOST": "fd00::1"}, in_cluster_dir=sa)
    assert v6 is not None and v6.host == "https://[fd00::1]:443"


@pytest.mark.parametrize(
    ("user", "cluster"),
    [
        ({"client-certificate-data": "x", "client-key-data": "y"}, None),  # client certificates
        ({"exec": {"command": "aws"}}, None),  # exec plugins
        ({"token": "t"}, {"server": "https://h:1", "insecure-skip-tls-verify": True}),
        ({"token": "t"}, {"server": "https://h:1", "proxy-url": "http://proxy:3128", "certificate-authority-data": "eA=="}),
        ({"token": "t"}, {"server": "https://h:1"}),  # the system's CAs
        ({"token": "t"}, {"server": "http://h:1", "certificate-authority-data": "eA=="}),
        ({}, None),
    ],
)
def test_anything_more_than_a_token_and_a_ca_is_left_to_the_kubernetes_client(
    tmp_path: Path, user: dict[str, object], cluster: dict[str, object] | None
) -> None:
    assert light_connection({"KUBECONFIG": str(kubeconfig(tmp_path, user, cluster))}, in_cluster_dir=tmp_path) is None


def test_no_kubeconfig_or_several_are_left_to_the_kubernetes_client(tmp_path: Path) -> None:
    assert light_connection({"KUBECONFIG": str(tmp_path / "missing")}, in_cluster_dir=tmp_path) is None
    path = kubeconfig(tmp_path, {"token": "t"})
    assert light_connection({"KUBECONFIG": f"{path}:{path}"}, in_cluster_dir=tmp_path) is None


def test_the_iteration_job_does_not_import_the_kubernetes_package() -> None:
    code = (
        "import sys, tornado_operator.cli.job, tornado_operator.drivers.job, tornado_operator.controller.kube_http;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'kubernetes', 'kopf', 'aiohttp'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

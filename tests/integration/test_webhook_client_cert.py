"""--webhook-client-ca with a real kube-apiserver: the API server presents its client certificate
(AdmissionConfiguration → WebhookAdmissionConfiguration kubeconfig, as docs/security.md
describes) and its reviews are answered; a client without one does not get past TLS."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from devcluster import ControlPlane
from devcluster.local_operator import LocalOperator, install_crds
from kubehelpers import apply_docs, example, load_docs
from webhook_pki import client_pki

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def apiserver_with_client_cert(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ControlPlane, Path]]:
    tmp = tmp_path_factory.mktemp("webhook-client-cert")
    ca, cert, key = client_pki(tmp)
    kubeconfig = tmp / "webhook-kubeconfig.yaml"
    kubeconfig.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                # "*": the certificate for every webhook this API server calls.
                "users": [{"name": "*", "user": {"client-certificate": str(cert), "client-key": str(key)}}],
            }
        )
    )
    admission = tmp / "admission.yaml"
    admission.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "apiserver.config.k8s.io/v1",
                "kind": "AdmissionConfiguration",
                "plugins": [
                    {
                        "name": "ValidatingAdmissionWebhook",
                        "configuration": {
                            "apiVersion": "apiserver.config.k8s.io/v1",
                            "kind": "WebhookAdmissionConfiguration",
                            "kubeConfigFile": str(kubeconfig),
                        },
                    }
                ],
            }
        )
    )
    args = {"kube-apiserver": [f"--admission-control-config-file={admission}"]}
    # Own control plane: the shared one's API server has no webhook client certificate.
    with ControlPlane(ROOT / ".cluster" / f"clientcert-{uuid.uuid4().hex[:6]}", node_agent=False, component_args=args) as cp:
        install_crds(cp)
        yield cp, ca


def test_the_api_server_with_a_certificate_is_answered_a_client_without_is_not(
    apiserver_with_client_cert: tuple[ControlPlane, Path], tmp_path: Path
) -> None:
    cp, ca = apiserver_with_client_cert
    operator = LocalOperator(cp, tmp_path, ["--webhook-client-ca", str(ca)], webhook=True, runner_image="tornado-operator:test")
    operator.start()
    try:
        namespace = f"cc-{uuid.uuid4().hex[:6]}"
        cp.kubectl("create", "namespace", namespace)
        docs = load_docs(example("support-line"))
        apply_docs(cp, namespace, [d for d in docs if d["kind"] != "TornadoSession"])
        session = next(d for d in docs if d["kind"] == "TornadoSession")

        def created(name: str) -> Any:
            body = {**session, "metadata": {"name": name}}
            return cp.kubectl("create", "-n", namespace, "-f", "-", input=json.dumps(body), check=False)

        # Admitted through the webhook (failurePolicy Fail: a failed TLS handshake would deny).
        first = created("first")
        assert first.returncode == 0, first.stderr
        second = created("second")
        assert second.returncode != 0 and 'tornado session "first" is already running' in second.stderr, second.stderr

        # A client without the certificate: refused during the TLS handshake.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        request = urllib.request.Request(f"{operator.webhook_url}/validate-tornadosession", data=b"{}", method="POST")
        with pytest.raises((urllib.error.URLError, ssl.SSLError, ConnectionError)):
            urllib.request.urlopen(request, context=context, timeout=10)
    finally:
        operator.stop()

"""LightConnection, the iteration pod's way to the API server (controller/kube_http.py): the
standard library's http.client with the guarantees the pod had from urllib3's PoolManager.

Against tests/fake_api_https.py (FakeKube behind TLS on loopback), which can close or drop a
connection on purpose."""

from __future__ import annotations

import http.client
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from fake_api_https import CLOSE_AFTER, DROP, FakeApiServer
from fake_kube import FakeKube
from tornado_operator.controller.kube import CUSTOM, Kube, api_status
from tornado_operator.controller.kube_http import LightConnection
from tornado_operator.webhook.certs import make_serving_cert

NS = "team"
PATHWAY = {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "Pathway", "metadata": {"name": "p", "namespace": NS}, "spec": {}}
PATH = f"{CUSTOM}/namespaces/{NS}/pathways/p"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[FakeApiServer]:
    kube = FakeKube()
    kube.put_object("pathways", NS, PATHWAY)
    with FakeApiServer(kube, tmp_path / "api") as server:
        yield server


def connection(api: FakeApiServer) -> LightConnection:
    return LightConnection(api.url, ca_file=str(api.ca_file), token=api.token)


def test_requests_share_one_kept_alive_connection(api: FakeApiServer) -> None:
    light = connection(api)
    for _ in range(3):
        answer = light.request("GET", PATH)
        assert answer.status == 200 and answer.json()["metadata"]["name"] == "p"
    assert api.connections == 1


def test_a_connection_the_server_closed_while_idle_is_replaced_not_failed(api: FakeApiServer) -> None:
    light = connection(api)
    api.plan.append(CLOSE_AFTER)  # answers, then closes without a Connection: close header
    api.closed.clear()
    assert light.request("GET", PATH).status == 200
    assert api.closed.wait(5)
    # Any method, even one that must not be sent twice: the dead connection is seen before use.
    created = light.request("POST", f"{CUSTOM}/namespaces/{NS}/pathways", body={**PATHWAY, "metadata": {"name": "q"}})
    assert created.status == 201
    assert api.connections == 2
    assert [method for method, _ in api.requests] == ["GET", "POST"]


def test_an_idempotent_request_is_retried_when_the_connection_breaks_before_the_answer(api: FakeApiServer) -> None:
    light = connection(api)
    api.plan.append(DROP)
    assert light.request("GET", PATH).json()["metadata"]["name"] == "p"
    assert api.requests == [("GET", PATH), ("GET", PATH)]


def test_a_post_that_may_have_arrived_is_not_sent_twice(api: FakeApiServer) -> None:
    light = connection(api)
    api.plan.append(DROP)
    with pytest.raises((http.client.HTTPException, OSError)):
        light.request("POST", f"{CUSTOM}/namespaces/{NS}/pathways", body={**PATHWAY, "metadata": {"name": "q"}})
    assert [method for method, _ in api.requests] == ["POST"]


def test_only_the_given_ca_is_trusted(api: FakeApiServer) -> None:
    other_ca = make_serving_cert(["127.0.0.1"]).ca_pem.decode()
    light = LightConnection(api.url, ca_data=other_ca, token=api.token)
    with pytest.raises(ssl.SSLCertVerificationError):
        light.request("GET", PATH)
    assert api.requests == []


def test_the_server_url_keeps_its_path_and_the_token_is_sent(tmp_path: Path) -> None:
    kube = FakeKube()
    kube.put_object("pathways", NS, PATHWAY)
    with FakeApiServer(kube, tmp_path / "api", prefix="/k8s/clusters/c-1") as api:
        assert connection(api).request("GET", PATH).status == 200
        assert api.requests == [("GET", "/k8s/clusters/c-1" + PATH)]
        wrong = LightConnection(api.url, ca_file=str(api.ca_file), token="someone-else")
        with pytest.raises(Exception) as refused:
            Kube(http=wrong).get("pathways", NS, "p")
        assert api_status(refused.value) == 401  # the client's ApiException, as before

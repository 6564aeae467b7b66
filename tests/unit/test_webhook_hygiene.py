"""The webhook's HTTP handler: 400 for what is not an AdmissionReview (no traceback), an
answer before the API server's timeout, and no lock taken after it."""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from fake_kube import FakeKube
from fake_runner import NS, PATHWAY, PATHWAY_SPEC, scenario_spec
from tornado_operator.webhook import server as webhook_server
from tornado_operator.webhook.admission import MalformedReview, parse_review
from webhook_pki import client_pki


def review_body(**request: Any) -> dict[str, Any]:
    base = {
        "uid": "u-1",
        "operation": "CREATE",
        "namespace": NS,
        "object": {"metadata": {"name": "s1", "namespace": NS, "uid": "uid-s1"}, "spec": {"pathwayId": PATHWAY}},
    }
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {**base, **request}}


DEEP = b"[" * 100_000 + b"]" * 100_000

MALFORMED = [
    (b"[1, 2]", "a JSON object, not list"),
    (b'"review"', "a JSON object, not str"),
    (b"null", "a JSON object, not NoneType"),
    (b"{not json", "not JSON"),
    (DEEP, "not JSON"),
    (b'{"kind": "Pod"}', "kind: expected AdmissionReview"),
    (b'{"kind": "AdmissionReview", "request": [1]}', "request: required, an object"),
    (b'{"kind": "AdmissionReview", "request": {"uid": 7, "operation": "CREATE"}}', "request.uid"),
    (json.dumps(review_body(object=[1])).encode(), "request.object: must be an object"),
    (json.dumps(review_body(namespace="kube-system")).encode(), "namespace and request.object.metadata.namespace differ"),
]


@pytest.mark.parametrize(("body", "says"), MALFORMED)
def test_parse_review_says_what_is_wrong(body: bytes, says: str) -> None:
    with pytest.raises(MalformedReview, match=None) as caught:
        parse_review(body)
    assert says in str(caught.value)


def test_parse_review_accepts_a_review() -> None:
    assert parse_review(json.dumps(review_body()).encode())["uid"] == "u-1"


def world() -> FakeKube:
    kube = FakeKube()
    kube.put_object("pathways", NS, {"metadata": {"name": PATHWAY}, "spec": PATHWAY_SPEC})
    kube.put_object("testscenarios", NS, {"metadata": {"name": "a"}, "spec": scenario_spec()})
    return kube


async def post_all(kube: FakeKube, bodies: list[bytes]) -> list[tuple[int, Any, float]]:
    server = webhook_server.AdmissionServer(kube, host="127.0.0.1", port=0, url=None, tls="self-signed", namespace=NS)
    app = web.Application(client_max_size=webhook_server.MAX_BODY_BYTES)
    app.router.add_post(webhook_server.PATH, server.handle)
    answers = []
    async with TestClient(TestServer(app)) as client:
        for body in bodies:
            started = time.perf_counter()
            response = await client.post(webhook_server.PATH, data=body)
            answers.append((response.status, await response.json(), time.perf_counter() - started))
    return answers


def test_malformed_bodies_get_400_and_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    answers = asyncio.run(post_all(world(), [body for body, _ in MALFORMED]))
    for (status, payload, _), (_, says) in zip(answers, MALFORMED, strict=True):
        assert status == 400 and says in payload["error"], payload
    assert not [r for r in caplog.records if r.exc_info], "a client's mistake is not a traceback"


def test_a_good_review_is_answered(caplog: pytest.LogCaptureFixture) -> None:
    kube = world()
    [(status, payload, _)] = asyncio.run(post_all(kube, [json.dumps(review_body()).encode()]))
    assert status == 200 and payload["response"] == {"uid": "u-1", "allowed": True}


def test_a_slow_review_is_denied_before_the_api_servers_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webhook_server, "HANDLER_BUDGET_SECONDS", 0.3)
    kube = world()
    kube.hooks["get"] = lambda: time.sleep(1.0)  # the API server answers slowly under load
    [(status, payload, seconds)] = asyncio.run(post_all(kube, [json.dumps(review_body()).encode()]))
    assert status == 200 and payload["response"]["allowed"] is False
    assert payload["response"]["status"]["code"] == 504 and "no answer within 0.3s" in payload["response"]["status"]["message"]
    assert seconds < webhook_server.TIMEOUT_SECONDS
    time.sleep(1.5)  # the review's thread finishes its slow read: past its budget it takes no lock
    assert kube.list_kind("leases", NS) == []


# --- client-certificate verification (--webhook-client-ca) ---


def test_with_a_client_ca_only_certified_clients_are_answered(tmp_path: Path) -> None:
    import socket

    import aiohttp

    ca, cert, key = client_pki(tmp_path)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    kube = world()
    server = webhook_server.AdmissionServer(
        kube, host="127.0.0.1", port=port, url=f"https://127.0.0.1:{port}", tls="self-signed", namespace=NS, client_ca=str(ca)
    )

    async def run() -> tuple[str, int]:
        await server.start()
        try:
            trust = ssl.create_default_context(cadata=server.cert.ca_pem.decode())  # type: ignore[union-attr]
            url = f"https://127.0.0.1:{port}{webhook_server.PATH}"
            body = json.dumps(review_body()).encode()
            async with aiohttp.ClientSession() as session:
                try:
                    async with session.post(url, data=body, ssl=trust) as response:
                        anonymous = f"answered {response.status}"
                except aiohttp.ClientError as exc:
                    anonymous = f"refused: {type(exc).__name__}"
                trust.load_cert_chain(cert, key)
                async with session.post(url, data=body, ssl=trust) as response:
                    return anonymous, response.status
        finally:
            await server.stop()

    anonymous, certified = asyncio.run(run())
    assert anonymous.startswith("refused"), anonymous
    assert certified == 200
    assert kube.get_lease(NS, "tornado-pathway-support") is not None, "only the certified review took the lock"

"""Issue 14 on the real control plane: forged reviews, runner overrides, bad runner specs,
retries bounded by the deadline, a create that failed as AlreadyExists, malformed bodies."""

from __future__ import annotations

import copy
import json
import ssl
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kubehelpers import OperatorProcess, apply_docs, example, load_docs, wait_for, wait_phase

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def gated(operator: OperatorProcess) -> Iterator[OperatorProcess]:
    """The operator as the manifests run it: webhook on, runner overrides not allowed by flag."""
    operator.runner_overrides = False  # type: ignore[attr-defined]
    operator.restart(webhook=True)
    try:
        yield operator
    finally:
        operator.cluster.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator", "--ignore-not-found")
        operator.runner_overrides = True  # type: ignore[attr-defined]
        operator.restart(webhook=False)


def setup(cluster: Any, ns: str) -> dict[str, Any]:
    docs = load_docs(example("support-line"))
    apply_docs(cluster, ns, [d for d in docs if d["kind"] != "TornadoSession"])
    return next(d for d in docs if d["kind"] == "TornadoSession")


def doc(template: dict[str, Any], name: str, **spec: Any) -> dict[str, Any]:
    body = copy.deepcopy(template)
    body["metadata"] = {"name": name}
    body["spec"].update(spec)
    return body


def create(cluster: Any, ns: str, body: dict[str, Any], *extra: str) -> Any:
    return cluster.kubectl("create", "-n", ns, *extra, "-f", "-", input=json.dumps(body), check=False)


def post(url: str, body: bytes) -> tuple[int, Any]:
    """POST to the webhook as an arbitrary client would (no client certificate)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def forged(ns: str, pathway: str) -> bytes:
    uid = str(uuid.uuid4())
    name = f"forged-{uid[:8]}"
    review = {
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": uid,
            "operation": "CREATE",
            "namespace": ns,
            "userInfo": {"username": "system:admin", "groups": ["system:masters"]},
            "object": {"metadata": {"name": name, "namespace": ns, "uid": uid}, "spec": {"pathwayId": pathway}},
        },
    }
    return json.dumps(review).encode()


def webhook_url(proc: OperatorProcess) -> str:
    return f"{proc.webhook_url}/validate-tornadosession"


def test_malformed_bodies_get_400(gated: OperatorProcess) -> None:
    url = webhook_url(gated)
    for body in (b"[1]", b'"x"', b"null", b"[" * 50_000 + b"]" * 50_000, b'{"kind": "AdmissionReview"}'):
        status, payload = post(url, body)
        assert status == 400 and "not an AdmissionReview" in payload["error"], (body[:20], status, payload)
    assert "Traceback" not in gated.logs()


def test_reposted_forged_reviews_cannot_block_a_pathway(crds: Any, gated: OperatorProcess, ns: str) -> None:
    """A client reposting forged reviews (new uid each time, never stored) twice a second: a
    real create waits at most the pending grace and is admitted."""
    template = setup(crds, ns)
    pathway = template["spec"]["pathwayId"]
    url = webhook_url(gated)
    stop = threading.Event()
    answers: list[bool] = []

    def forge() -> None:
        while not stop.is_set():
            _status, payload = post(url, forged(ns, pathway))
            answers.append(bool(payload["response"]["allowed"]))
            stop.wait(0.5)

    thread = threading.Thread(target=forge, daemon=True)
    thread.start()
    try:
        time.sleep(1.2)
        started = time.monotonic()
        created = create(crds, ns, doc(template, "real", runner={"resources": {"limits": {"memory": "256Mi"}}}))
        took = time.monotonic() - started
    finally:
        stop.set()
        thread.join(10)
    assert created.returncode == 0, created.stderr
    assert took < 5.0, f"the real create took {took:.1f}s"
    assert any(answers), "the forger did take the lock at first (the bound is what this measures)"
    wait_for(lambda: (crds.kubectl("get", "ts", "real", "-n", ns, "-o", "jsonpath={.status.phase}").stdout or None), timeout=30, what="the real session to start")
    _status, payload = post(url, forged(ns, pathway))
    assert payload["response"]["allowed"] is False, "the real session now holds the lock"
    assert 'tornado session "real" is already running' in payload["response"]["status"]["message"]


def test_runner_overrides_need_the_permission(crds: Any, gated: OperatorProcess, ns: str) -> None:
    template = setup(crds, ns)
    # A session author as tornado-edit makes one: sessions, pathways and scenarios, all verbs.
    crds.kubectl("create", "serviceaccount", "author", "-n", ns)
    crds.kubectl(
        "create", "role", "author", "-n", ns, "--verb=get,list,watch,create,update,patch,delete",
        "--resource=tornadosessions.agenttesting.dev,pathways.agenttesting.dev,testscenarios.agenttesting.dev",
    )  # fmt: skip
    crds.kubectl("create", "rolebinding", "author", "--role=author", f"--serviceaccount={ns}:author", "-n", ns)
    author = f"--as=system:serviceaccount:{ns}:author"
    assert crds.kubectl("auth", "can-i", "override", "tornadosessions.agenttesting.dev", "--subresource=runner", "-n", ns, author, check=False).stdout.strip() == "no"
    for runner, field in (
        ({"command": ["sh", "-c", "cat /var/run/secrets/*"]}, "spec.runner.command"),
        ({"image": "attacker/image:1"}, "spec.runner.image"),
    ):
        refused = create(crds, ns, doc(template, f"author-{field.rsplit('.', 1)[1]}", runner=runner), author)
        assert refused.returncode != 0, refused.stdout
        assert field in refused.stderr and "override" in refused.stderr, refused.stderr
    # An author without overrides is admitted; so is an admin with them (it may `override`).
    plain = create(crds, ns, doc(template, "author-plain", runner={"resources": {"limits": {"memory": "256Mi"}}}), author)
    assert plain.returncode == 0, plain.stderr
    crds.kubectl("patch", "ts", "author-plain", "-n", ns, "--type=merge", "-p", '{"spec":{"cancel":true}}')
    wait_phase(crds, ns, "author-plain", timeout=60)
    admin = create(crds, ns, doc(template, "admin-command", runner={"command": ["python", "-c", "import time; time.sleep(60)"]}))
    assert admin.returncode == 0, admin.stderr
    wait_for(lambda: crds.kubectl("get", "job", "admin-command-it1", "-n", ns, check=False).returncode == 0, timeout=60, what="the approved session's Job")


@pytest.mark.parametrize(
    ("resources", "image", "says"),
    [
        ({"limits": {"memory": "lots"}}, None, "quantities must match"),
        ({"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}, None, "must be less than or equal to cpu limit"),
    ],
)
def test_a_runner_the_api_server_rejects_ends_error_in_seconds(
    crds: Any, operator: OperatorProcess, ns: str, resources: Any, image: Any, says: str
) -> None:
    template = setup(crds, ns)
    runner: dict[str, Any] = {}
    if resources:
        runner["resources"] = resources
    if image:
        runner["image"] = image
    started = time.monotonic()
    created = create(crds, ns, doc(template, "bad-runner", runner=runner))
    assert created.returncode == 0, created.stderr
    status = wait_phase(crds, ns, "bad-runner", timeout=30)["status"]
    assert status["phase"] == "ERROR" and status["reason"] == "InvalidRunner", status
    assert says in status["message"] and status["message"].startswith("iteration Job bad-runner-it1 was rejected: ")
    assert time.monotonic() - started < 15


def test_an_image_with_whitespace_is_refused_at_create(crds: Any, operator: OperatorProcess, ns: str) -> None:
    """The API server accepts such a Job and only fails its pods (the Job then waits forever),
    so the CRD refuses the image at create time, naming the field."""
    template = setup(crds, ns)
    refused = create(crds, ns, doc(template, "spaced", runner={"image": " tornado-operator:test "}))
    assert refused.returncode != 0 and "spec.runner.image" in refused.stderr, refused.stderr


def test_timeout_is_on_time_under_retries_and_says_why(crds: Any, operator: OperatorProcess, ns: str) -> None:
    template = setup(crds, ns)
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "no-jobs"}, "spec": {"hard": {"count/jobs.batch": "0"}}}
    crds.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(quota))
    created = create(crds, ns, doc(template, "quota", timeoutMs=6000))
    assert created.returncode == 0, created.stderr
    status = wait_phase(crds, ns, "quota", timeout=60)["status"]
    assert status["phase"] == "TIMEOUT", status
    assert "; last error: " in status["message"] and "quota" in status["message"], status["message"]
    from tornado_operator.api.base import parse_timestamp

    late_ms = (parse_timestamp(status["completedAt"]) - parse_timestamp(status["createdAt"])).total_seconds() * 1000 - 6000
    assert 0 <= late_ms < 2000, f"TIMEOUT {late_ms:.0f} ms after the deadline"


def test_a_create_that_failed_as_already_exists_does_not_block(crds: Any, gated: OperatorProcess, ns: str) -> None:
    template = setup(crds, ns)
    sleeper = {"command": ["python", "-c", "import time; time.sleep(60)"]}
    assert create(crds, ns, doc(template, "done", runner=sleeper)).returncode == 0
    crds.kubectl("patch", "ts", "done", "-n", ns, "--type=merge", "-p", '{"spec":{"cancel":true}}')
    assert wait_phase(crds, ns, "done", timeout=60)["status"]["phase"] == "CANCELLED"
    again = create(crds, ns, doc(template, "done", runner=sleeper))
    assert (again.returncode != 0 and "AlreadyExists" in again.stderr) or "already exists" in again.stderr, again.stderr
    started = time.monotonic()
    following = create(crds, ns, doc(template, "next", runner=sleeper))
    assert following.returncode == 0, following.stderr
    assert time.monotonic() - started < 2.5, "admitted at once, not after the pending grace"


def test_an_echoing_llm_server_leaves_the_key_nowhere(crds: Any, operator: OperatorProcess, ns: str) -> None:
    """The runner sends a key the server rejects; the server's 401 repeats the request's
    headers. Neither status, ConfigMaps, Events nor the pods' logs hold the key afterwards."""
    from fake_openai import FakeOpenAI

    key = "k3y-e2e-0123456789abcdef"  # no credential shape: only its known value can mask it
    template = setup(crds, ns)
    crds.kubectl("create", "secret", "generic", "openai", "-n", ns, f"--from-literal=apiKey={key}")
    with FakeOpenAI(api_key="sk-the-right-one", echo_headers=True) as server:
        llm = {"baseUrl": server.base_url, "model": "m", "maxRetries": 0, "apiKeySecretRef": {"name": "openai", "key": "apiKey"}}
        created = create(crds, ns, doc(template, "echo", maxIterations=1, runner={"backend": "openai", "llm": llm}))
        assert created.returncode == 0, created.stderr
        status = wait_phase(crds, ns, "echo", timeout=240)["status"]
        sent = [r for r in server.requests if key in json.dumps(r.headers)]
    assert sent, "the key was sent (and the server echoed it)"
    assert status["phase"] in ("ERROR", "STUCK", "COMPLETED_PARTIAL"), status
    everything = {
        "status": json.dumps(status),
        "configmaps": crds.kubectl("get", "configmaps", "-n", ns, "-o", "json").stdout,
        "events": crds.kubectl("get", "events", "-n", ns, "-o", "json").stdout,
    }
    pods = Path(crds.state_dir) / "pods"
    logs = sorted(pods.glob(f"{ns}_echo-it1-*/*.log"))
    assert logs, f"no pod logs of the iteration under {pods}"
    everything.update({str(log.name): log.read_text(errors="replace") for log in logs})
    assert any("401" in text for text in everything.values()), "the server's rejection is reported somewhere"
    leaked = [where for where, text in everything.items() if key in text]
    assert not leaked, f"the key is in: {leaked}"

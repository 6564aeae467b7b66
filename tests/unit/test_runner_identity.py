"""What a session's iteration Job runs as, and how its LLM key reaches it."""

from __future__ import annotations

import pytest

from fake_runner import NS, World, ends
from tornado_operator.api.errors import SecretKeyError
from tornado_operator.api.session import SecretKeyRef, TornadoSession
from tornado_operator.controller import names
from tornado_operator.controller.jobs import (
    API_KEY_ENV,
    RunnerDefaults,
    iteration_job,
    mounted_api_key,
)


def session(**runner: object) -> TornadoSession:
    return TornadoSession.model_validate(
        {"metadata": {"name": "fix-it", "namespace": NS, "uid": "u-1"}, "spec": {"pathwayId": "support", "runner": runner or None}}
    )


def test_the_job_runs_as_the_sessions_own_account_and_gets_the_key_from_the_kubelet() -> None:
    llm = {"baseUrl": "http://llm", "apiKeySecretRef": {"name": "llm-key", "key": "token"}}
    job = iteration_job(session(backend="openai", llm=llm), 1, remaining_ms=60_000, defaults=RunnerDefaults())
    pod = job["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "fix-it-runner"
    env = {e["name"]: e for e in pod["containers"][0]["env"]}
    assert env[API_KEY_ENV]["valueFrom"] == {"secretKeyRef": {"name": "llm-key", "key": "token", "optional": True}}
    offline = iteration_job(session(), 1, remaining_ms=60_000, defaults=RunnerDefaults())
    assert API_KEY_ENV not in {e["name"] for e in offline["spec"]["template"]["spec"]["containers"][0]["env"]}


def test_mounted_api_key_or_one_readable_line() -> None:
    ref = SecretKeyRef(name="nope", key="apiKey")
    assert mounted_api_key(ref, NS, {API_KEY_ENV: "k-123"}) == "k-123"
    with pytest.raises(SecretKeyError) as missing:
        mounted_api_key(ref, NS, {})
    assert str(missing.value) == 'Secret "nope" (key apiKey) not found in namespace "team"'


def test_the_operator_makes_the_identity_and_the_result_configmap_before_the_job() -> None:
    world = World()
    world.create_session()
    world.drive([ends("COMPLETED_ALL_PASSED")])
    writes = [op for op, _ in world.kube.writes]
    assert writes.index("ensure_runner_identity") < writes.index("create_configmap") < writes.index("create_job")
    role = world.kube.objects[("roles", NS, "fix-it-runner")]
    assert {tuple(r["resourceNames"]) for r in role["rules"] if r["resources"] == ["configmaps"]} == {
        tuple(names.result_name("fix-it", i) for i in range(1, 6))
    }
    uid = world.session()["metadata"]["uid"]
    for kind in ("serviceaccounts", "roles", "rolebindings"):
        assert world.kube.objects[(kind, NS, "fix-it-runner")]["metadata"]["ownerReferences"][0]["uid"] == uid

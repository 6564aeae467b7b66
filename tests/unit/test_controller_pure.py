"""The operator's pure parts: names, the Job manifest, Job states (scenario selection: test_selection.py)."""

from __future__ import annotations

from typing import Any

from tornado_operator.api.session import TornadoSession
from tornado_operator.controller import names
from tornado_operator.controller.jobs import RunnerDefaults, iteration_job, job_state
from tornado_operator.controller.locks import Holder, LockKey, LockResult, lock_keys
from tornado_operator.controller.sessions import termination_message


def session(**spec: Any) -> TornadoSession:
    return TornadoSession.model_validate(
        {"metadata": {"name": "fix-it", "namespace": "team", "uid": "u-1"}, "spec": {"pathwayId": "support", **spec}}
    )


def test_job_names_are_deterministic_and_fit_a_label() -> None:
    assert names.job_name("fix-it", 3) == "fix-it-it3"
    long = "a" * 70
    first, again = names.job_name(long, 12), names.job_name(long, 12)
    assert first == again and len(first) <= 63 and first.endswith("-it12")
    assert names.job_name("a" * 70, 1) != names.job_name("a" * 69 + "b", 1)


def test_lease_names() -> None:
    assert names.lease_name("pathway", "support") == "tornado-pathway-support"
    odd = names.lease_name("persona", "Sales Bot/EU")
    assert odd.startswith("tornado-persona-sales-bot-eu-") and odd == odd.lower()


def test_iteration_job_is_restricted_and_owned() -> None:
    job = iteration_job(session(), 2, remaining_ms=125_000, defaults=RunnerDefaults(image="img:1"))
    assert job["metadata"]["name"] == "fix-it-it2"
    assert job["metadata"]["ownerReferences"][0]["uid"] == "u-1"
    assert job["metadata"]["labels"]["agenttesting.dev/iteration"] == "2"
    spec = job["spec"]
    assert spec["activeDeadlineSeconds"] == 125 and spec["backoffLimit"] == 1
    pod = spec["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    container = pod["containers"][0]
    assert container["image"] == "img:1"
    assert container["command"] == ["tornado", "job", "--namespace", "team", "--session", "fix-it", "--iteration", "2"]
    context = container["securityContext"]
    assert context == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
    }


def test_little_time_left_means_no_retries() -> None:
    job = iteration_job(session(), 1, remaining_ms=30_500, defaults=RunnerDefaults())
    assert job["spec"]["activeDeadlineSeconds"] == 31 and job["spec"]["backoffLimit"] == 0


def test_runner_overrides() -> None:
    custom = session(runner={"image": "mine:2", "command": ["python", "-c", "pass"], "resources": {"limits": {"memory": "1Gi"}}})
    container = iteration_job(custom, 1, remaining_ms=900_000, defaults=RunnerDefaults())["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "mine:2"
    assert container["command"] == ["python", "-c", "pass"]
    assert container["resources"]["limits"]["memory"] == "1Gi"


def test_job_state() -> None:
    assert job_state({"status": {}}) == ("running", "")
    assert job_state({"status": {"conditions": [{"type": "Complete", "status": "True"}]}}) == ("complete", "")
    failed = {"status": {"conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}]}}
    assert job_state(failed) == ("failed", "BackoffLimitExceeded")


def test_termination_message_prefers_the_newest_failure() -> None:
    def pod(finished: str, message: str, code: int = 1) -> dict[str, Any]:
        return {"status": {"containerStatuses": [{"name": "iteration", "state": {"terminated": {"exitCode": code, "finishedAt": finished, "message": message}}}]}}

    pods = [pod("2026-01-01T00:00:01Z", "first try"), pod("2026-01-01T00:00:09Z", "second try"), pod("2026-01-01T00:00:10Z", "", 0)]
    assert termination_message(pods) == "second try"
    assert "exited 1" in termination_message([pod("t", "")])
    assert termination_message([]) == ""


def test_lock_keys_and_conflict_message() -> None:
    assert lock_keys("support", None) == [LockKey("pathway", "support")]
    assert lock_keys("support", "bot") == [LockKey("pathway", "support"), LockKey("persona", "bot")]
    result = LockResult(acquired=False, holder=Holder(uid="u", name="first"))
    assert result.conflict_message(LockKey("pathway", "support")) == 'tornado session "first" is already running for pathway "support"'


def test_reference_cache_keeps_scenario_specs_only() -> None:
    from tornado_operator.controller.cache import ReferenceCache

    cache = ReferenceCache()
    cache.put("pathways", {"metadata": {"name": "p", "namespace": "n"}, "spec": {"nodes": [{"id": "a"}] * 100}})
    cache.put("testscenarios", {"metadata": {"name": "s", "namespace": "n"}, "spec": {"pathwayId": "p"}})
    cache.put("testscenarios", {"metadata": {"name": "t", "namespace": "other"}, "spec": {"pathwayId": "p"}})
    assert cache.get("pathways", "n", "p") == {"metadata": {"name": "p", "namespace": "n", "uid": None}, "spec": {}}
    assert [s["metadata"]["name"] for s in cache.scenarios_of("n", "p")] == ["s"]
    cache.remove("testscenarios", "n", "s")
    assert cache.scenarios_of("n", "p") == [] and cache.get("pathways", "n", "missing") is None

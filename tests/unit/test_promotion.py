"""Promotion rules (loop/promotion.py), the default version of a new session, and snapshots that
recognise content they already have (controller/versions.py)."""

from __future__ import annotations

from typing import Any

import pytest

from fake_runner import NS, PATHWAY, PATHWAY_SPEC, World, continue_with, ends, scenario_spec
from tornado_operator.api.pathway import PathwayStatus, Promotion
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import TornadoSession
from tornado_operator.controller import locks
from tornado_operator.controller.promotion import promote
from tornado_operator.controller.sessions import snapshot_pathway
from tornado_operator.loop.promotion import (
    check_promotion,
    default_start_version,
    live_version,
    with_promotion,
)
from tornado_operator.webhook.admission import review


def scenarios(**flags: dict[str, Any]) -> dict[str, TestScenarioSpec]:
    return {name: TestScenarioSpec.model_validate(scenario_spec(**extra)) for name, extra in flags.items()}


def session(name: str, *runs: tuple[int, list[str], list[str], str], pathway: str = PATHWAY) -> TornadoSession:
    """A finished session whose iterations tested (version, passed, failed, completedAt)."""
    iterations = [
        {
            "iteration": index + 1,
            "batchId": f"b{index}",
            "startedAt": at,
            "completedAt": at,
            "passedIds": passed,
            "failedIds": failed,
            "versionTested": version,
        }
        for index, (version, passed, failed, at) in enumerate(runs)
    ]
    return TornadoSession.model_validate(
        {"metadata": {"name": name}, "spec": {"pathwayId": pathway}, "status": {"sessionId": f"uid-{name}", "iterations": iterations}}
    )


REQUIRED = {"isRequiredForPromotion": True}
T1, T2, T3 = "2026-01-01T10:00:00.000Z", "2026-01-01T11:00:00.000Z", "2026-01-01T12:00:00.000Z"


def test_every_required_scenario_must_have_passed_on_exactly_that_version() -> None:
    found = scenarios(a=REQUIRED, b=REQUIRED, c={}, d={**REQUIRED, "enabled": False})
    # a passed on 3; b passed only on 2 (another version), c is not required, d is disabled
    sessions = [session("s1", (2, ["a", "b"], ["c"], T1), (3, ["a", "c"], [], T2))]
    check = check_promotion(PATHWAY, 3, found, sessions)
    assert check.required == ["a", "b"]
    assert not check.allowed and check.never_run == ["b"] and check.failed == []
    assert "never run on it: b" in check.refusal() and "versionNumber: 3" in check.refusal()
    # another session tests version 3 with b: now it may be promoted, proved by that session
    sessions.append(session("s2", (3, ["a", "b"], [], T3)))
    check = check_promotion(PATHWAY, 3, found, sessions)
    assert check.allowed and check.refusal() == ""
    assert check.proof is not None and check.proof.session_name == "s2"


def test_the_newest_run_on_the_version_counts() -> None:
    found = scenarios(a=REQUIRED)
    passed_then_failed = [session("s1", (3, ["a"], [], T1)), session("s2", (3, [], ["a"], T2))]
    check = check_promotion(PATHWAY, 3, found, passed_then_failed)
    assert not check.allowed and check.failed == ["a"]
    assert "failed on it: a (session s2, iteration 1)" in check.refusal()
    failed_then_passed = [session("s1", (3, [], ["a"], T1)), session("s2", (3, ["a"], [], T2))]
    assert check_promotion(PATHWAY, 3, found, failed_then_passed).allowed


def test_runs_of_other_pathways_do_not_count() -> None:
    found = scenarios(a=REQUIRED)
    assert not check_promotion(PATHWAY, 1, found, [session("x", (1, ["a"], [], T1), pathway="other")]).allowed


def test_no_required_scenario_allows_any_version() -> None:
    check = check_promotion(PATHWAY, 7, scenarios(a={}), [])
    assert check.allowed and check.required == [] and check.proof is None


def test_promotions_per_environment_and_the_live_version() -> None:
    status = PathwayStatus()
    assert live_version(status) is None
    staged = with_promotion(status, Promotion(environment="staging", version=2, promoted_by="u", promoted_at=T1))
    assert live_version(staged) is None and live_version(staged, "staging") == 2 and staged.live_version is None
    live = with_promotion(staged, Promotion(environment="production", version=3, promoted_by="u", promoted_at=T2))
    assert live.live_version == 3 and live_version(live) == 3 and live_version(live, "staging") == 2
    again = with_promotion(live, Promotion(environment="production", version=4, promoted_by="v", promoted_at=T3))
    assert again.live_version == 4 and [p.environment for p in again.promotions] == ["production", "staging"]


@pytest.mark.parametrize(
    ("status", "generation", "existing", "expected"),
    [
        ({}, 1, set(), None),  # nothing snapshotted yet
        ({"observedGeneration": 1, "specVersion": 1, "latestVersion": 3}, 1, {1, 2, 3}, 1),  # never the newest fork
        ({"observedGeneration": 1, "specVersion": 1, "liveVersion": 3}, 1, {1, 2, 3}, 3),  # the live version first
        ({"observedGeneration": 1, "specVersion": 1}, 2, {1}, None),  # the spec changed: snapshot it
        ({"observedGeneration": 2, "specVersion": 1, "liveVersion": 9}, 2, {1}, 1),  # a live version that is gone
    ],
)
def test_the_default_start_version(status: dict[str, Any], generation: int, existing: set[int], expected: int | None) -> None:
    assert default_start_version(PathwayStatus.model_validate(status), generation, existing) == expected


def test_a_new_session_starts_from_the_spec_not_from_an_unreviewed_fork_then_from_the_live_version() -> None:
    world = World()
    world.create_session("first")
    world.drive([continue_with("a"), continue_with("a"), ends("COMPLETED_ALL_PASSED")], "first")
    assert world.kube.get("pathways", NS, PATHWAY)["status"]["latestVersion"] == 3  # type: ignore[index]
    world.create_session("second")
    world.drive([ends("COMPLETED_ALL_PASSED")], "second")
    assert world.status("second")["startVersion"] == 1
    world.kube.patch_status("pathways", NS, PATHWAY, {"liveVersion": 3})
    world.create_session("third")
    world.drive([ends("COMPLETED_ALL_PASSED")], "third")
    assert world.status("third")["startVersion"] == 3
    world.create_session("fourth", versionNumber=2)
    world.drive([ends("COMPLETED_ALL_PASSED")], "fourth")
    assert world.status("fourth")["startVersion"] == 2


def test_a_spec_with_the_content_of_an_existing_version_is_that_version() -> None:
    world = World()
    pathway = world.kube.get("pathways", NS, PATHWAY)
    assert pathway is not None
    assert snapshot_pathway(world.kube, NS, pathway) == 1
    changed = {**PATHWAY_SPEC, "nodes": [{**PATHWAY_SPEC["nodes"][0], "text": "Hello"}]}
    pathway = world.kube.patch("pathways", NS, PATHWAY, {"spec": changed})
    assert snapshot_pathway(world.kube, NS, pathway) == 2
    # The same content written differently (defaults spelled out, keys reordered): version 2.
    spelled_out = {"edges": [], "nodes": [{"text": "Hello", "type": "default", "id": "start", "isStart": True, "name": "Start", "prompt": ""}]}
    pathway = world.kube.patch("pathways", NS, PATHWAY, {"spec": spelled_out})
    assert snapshot_pathway(world.kube, NS, pathway) == 2
    # An edit undone: version 1 again, and latestVersion is not lowered.
    pathway = world.kube.patch("pathways", NS, PATHWAY, {"spec": {"edges": None, "nodes": PATHWAY_SPEC["nodes"]}})
    assert snapshot_pathway(world.kube, NS, pathway) == 1
    status = world.kube.get("pathways", NS, PATHWAY)["status"]  # type: ignore[index]
    assert status["specVersion"] == 1 and status["latestVersion"] == 2
    assert status["observedGeneration"] == pathway["metadata"]["generation"]
    assert len(world.kube.list_kind("pathwayversions", NS)) == 2


# --- promoting in the cluster (controller/promotion.py), on the in-memory API server ---


def required_world() -> World:
    """support with scenarios a (required for promotion) and b."""
    world = World(scenarios=())
    world.kube.put_object("testscenarios", NS, {"metadata": {"name": "a"}, "spec": scenario_spec(isRequiredForPromotion=True)})
    world.kube.put_object("testscenarios", NS, {"metadata": {"name": "b"}, "spec": scenario_spec()})
    return world


def test_promote_is_refused_naming_the_scenarios_then_recorded_with_its_evidence() -> None:
    world = required_world()
    world.create_session("fix", scenarioIds=["b"])
    world.drive([continue_with("b"), continue_with("b"), ends("COMPLETED_ALL_PASSED")], "fix")  # versions 1, 2, 3
    refused = promote(world.kube, NS, PATHWAY, 3, actor="alice", clock=world.clock.timestamp)
    assert refused.outcome == "refused" and "never run on it: a" in refused.message
    assert "liveVersion" not in (world.kube.get("pathways", NS, PATHWAY) or {}).get("status", {})
    assert promote(world.kube, NS, PATHWAY, 9, actor="alice").outcome == "not-found"
    world.create_session("check", versionNumber=3, scenarioIds=["a", "b"])
    world.drive([ends("COMPLETED_ALL_PASSED")], "check")
    done = promote(world.kube, NS, PATHWAY, 3, actor="alice", clock=world.clock.timestamp)
    assert done.outcome == "promoted", done.message
    status = (world.kube.get("pathways", NS, PATHWAY) or {})["status"]
    assert status["liveVersion"] == 3 and status["specVersion"] == 1 and status["latestVersion"] == 3
    record = status["promotions"][0]
    assert record["environment"] == "production" and record["version"] == 3 and record["promotedBy"] == "alice"
    assert record["sessionName"] == "check" and record["requiredScenarioIds"] == ["a"] and record["promotedAt"]
    assert [(e["kind"], e["reason"]) for e in world.kube.events] == [("Pathway", "Promoted")]
    assert "by alice" in world.kube.events[0]["message"] and "session check" in world.kube.events[0]["message"]
    assert promote(world.kube, NS, PATHWAY, 3, actor="bob").outcome == "unchanged"
    staged = promote(world.kube, NS, PATHWAY, 1, environment="staging", actor="bob", clock=world.clock.timestamp)
    assert staged.outcome == "refused"  # a was never run on version 1 either


def test_a_promotion_racing_another_status_write_keeps_both() -> None:
    world = World()
    world.create_session("fix")
    world.drive([continue_with("a"), ends("COMPLETED_ALL_PASSED")], "fix")
    world.kube.once("replace_status", lambda: world.kube.patch_status("pathways", NS, PATHWAY, {"observedGeneration": 7}))
    assert promote(world.kube, NS, PATHWAY, 2, actor="alice").outcome == "promoted"
    status = (world.kube.get("pathways", NS, PATHWAY) or {})["status"]
    assert status["liveVersion"] == 2 and status["observedGeneration"] == 7


def test_a_session_with_promote_on_all_passed_promotes_its_final_version() -> None:
    world = required_world()
    world.create_session("fix", promote="OnAllPassed")
    outcome, _ = world.drive([continue_with("a"), continue_with("b"), ends("COMPLETED_ALL_PASSED")], "fix")
    status = (world.kube.get("pathways", NS, PATHWAY) or {})["status"]
    assert status["liveVersion"] == 3
    assert status["promotions"][0]["promotedBy"] == f"session {NS}/fix (spec.promote: OnAllPassed)"
    assert status["promotions"][0]["sessionName"] == "fix"
    assert any(reason == "Promoted" for _, reason, _ in outcome.events)
    # the next session without versionNumber starts from it
    world.create_session("next")
    world.drive([ends("COMPLETED_ALL_PASSED")], "next")
    assert world.status("next")["startVersion"] == 3


def test_a_session_that_did_not_run_a_required_scenario_does_not_promote() -> None:
    world = required_world()
    world.create_session("fix", promote="OnAllPassed", scenarioIds=["b"])
    outcome, _ = world.drive([continue_with("b"), ends("COMPLETED_ALL_PASSED")], "fix")
    assert "liveVersion" not in (world.kube.get("pathways", NS, PATHWAY) or {})["status"]
    refusals = [message for kind, reason, message in outcome.events if reason == "PromotionRefused"]
    assert refusals and "never run on it: a" in refusals[0]
    assert world.status("fix")["phase"] == "COMPLETED_ALL_PASSED"


def test_other_outcomes_never_promote() -> None:
    world = World()
    world.create_session("fix", promote="OnAllPassed", maxIterations=2)
    world.drive([continue_with("a"), ends("COMPLETED_PARTIAL", "a")], "fix")
    assert "promotions" not in (world.kube.get("pathways", NS, PATHWAY) or {})["status"]


def test_only_a_promoter_may_create_a_session_that_promotes() -> None:
    world = World()
    def request(user: str) -> dict[str, Any]:
        return {
            "uid": "u1", "operation": "CREATE", "namespace": NS,
            "userInfo": {"username": user, "groups": ["system:authenticated"]},
            "object": {"metadata": {"name": "s", "namespace": NS, "uid": "uid-s"}, "spec": {"pathwayId": PATHWAY, "promote": "OnAllPassed"}},
        }
    denied = review(world.kube, request("dev"), clock=world.clock.now, sleep=world.clock.advance)
    assert not denied.allowed and denied.code == 403
    assert "dev may not promote pathway 'support'" in denied.message and "tornado-promote" in denied.message
    world.kube.allowed.add(("lead", "update", "pathways/status", NS))
    assert review(world.kube, request("lead"), clock=world.clock.now, sleep=world.clock.advance).allowed
    plain = request("dev")
    del plain["object"]["spec"]["promote"]
    plain["object"]["metadata"]["name"] = "s2"
    locks.release_all(world.kube, NS, locks.lock_keys(PATHWAY, None), "uid-s")
    assert review(world.kube, plain, clock=world.clock.now, sleep=world.clock.advance).allowed

"""SessionReconciler on the in-memory API server: every outcome, a crash at every write,
two operators racing, a session deleted while it runs. In seconds, without a cluster;
tests/e2e does the same on a real API server with real Jobs."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from fake_kube import FakeKube
from fake_runner import NS, PATHWAY, Step, World, continue_with, ends, scenario_spec
from tornado_operator.controller import locks, names
from tornado_operator.controller.kube import Kube, api_error
from tornado_operator.controller.sessions import termination_message

TIMESTAMPS = {"createdAt", "completedAt", "startedAt", "updatedAt", "lastTransitionTime", "elapsedMs"}


def stable(value: Any) -> Any:
    """A status without its wall-clock fields (a crash-and-resume run takes more steps)."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in TIMESTAMPS}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def snapshot(world: World, name: str = "fix-it") -> dict[str, Any]:
    """Everything a run leaves behind that must not depend on crashes."""
    kube = world.kube
    versions = [
        (v["spec"]["versionNumber"], v["spec"].get("parentVersion"), (v["spec"].get("provenance") or {}).get("iteration"))
        for v in kube.list_kind("pathwayversions", NS)
    ]
    return {
        "status": stable(world.status(name)),
        "jobs": sorted(j["metadata"]["name"] for j in kube.list_kind("jobs", NS)),
        "jobs_created": sorted(kube.created_jobs),
        "versions": sorted(versions),
        "leases": [lease["metadata"]["name"] for lease in kube.list_kind("leases", NS)],
        "pathway_status": stable(kube.get("pathways", NS, PATHWAY)["status"]),  # type: ignore[index]
    }


def test_the_fake_implements_the_whole_kube_surface() -> None:
    public = {name for name in vars(Kube) if not name.startswith("_") and callable(getattr(Kube, name))}
    missing = sorted(name for name in public if name not in vars(FakeKube))
    assert not missing, f"FakeKube inherits (would call a real API server): {missing}"
    assert not hasattr(FakeKube(), "core"), "the fake has no raw client: any raw call fails"


# --- every terminal phase ---


def test_all_passed_after_a_fix() -> None:
    world = World()
    world.create_session()
    outcome, _ = world.drive([continue_with("a"), ends("COMPLETED_ALL_PASSED")])
    status = world.status()
    assert outcome.phase is not None and outcome.phase.value == "COMPLETED_ALL_PASSED"
    assert status["phase"] == "COMPLETED_ALL_PASSED" and status["currentIteration"] == 2
    assert [r["versionTested"] for r in status["iterations"]] == [1, 2]
    assert world.kube.created_jobs == ["fix-it-it1", "fix-it-it2"]
    assert [v["metadata"]["name"] for v in world.kube.list_kind("pathwayversions", NS)] == ["support-v1", "support-v2"]
    assert world.kube.list_kind("leases", NS) == [], "the lock goes with the session"
    assert world.kube.get("pathways", NS, PATHWAY)["status"]["latestVersion"] == 2  # type: ignore[index]
    conditions = {c["type"]: c["status"] for c in status["conditions"]}
    assert conditions["Succeeded"] == "True" and conditions["Reconciling"] == "False"


@pytest.mark.parametrize(
    ("steps", "phase", "max_iterations"),
    [
        ([ends("COMPLETED_ALL_PASSED")], "COMPLETED_ALL_PASSED", 5),
        ([continue_with("a"), ends("COMPLETED_PARTIAL", "a")], "COMPLETED_PARTIAL", 2),
        ([continue_with("a", "b"), ends("STUCK", "a")], "STUCK", 5),
    ],
)
def test_phases_the_iteration_decides(steps: list[Step], phase: str, max_iterations: int) -> None:
    world = World()
    world.create_session(maxIterations=max_iterations)
    outcome, _ = world.drive(steps)
    status = world.status()
    assert status["phase"] == phase and outcome.finished
    assert len(world.kube.created_jobs) == len(steps) == len(status["iterations"])
    assert world.kube.list_kind("leases", NS) == []


def test_timeout_deletes_the_running_job() -> None:
    world = World()
    world.create_session(timeoutMs=5000)
    reconciler = world.reconciler()
    first = reconciler.reconcile(NS, "fix-it")
    assert world.status()["phase"] == "RUNNING" and first.requeue_after is not None and first.requeue_after <= 5.1
    world.clock.advance(4)
    assert reconciler.reconcile(NS, "fix-it").finished is False, "not yet: 1 s left"
    world.clock.advance(1)
    outcome = reconciler.reconcile(NS, "fix-it")
    status = world.status()
    assert outcome.finished and status["phase"] == "TIMEOUT" and status["reason"] == "Timeout"
    assert world.kube.get_job(NS, "fix-it-it1") is None
    assert world.kube.list_kind("leases", NS) == []


def test_cancel_while_running_and_before_start() -> None:
    world = World()
    world.create_session()
    reconciler = world.reconciler()
    reconciler.reconcile(NS, "fix-it")
    world.kube.patch("tornadosessions", NS, "fix-it", {"spec": {"cancel": True}})
    reconciler.reconcile(NS, "fix-it")
    assert world.status()["phase"] == "CANCELLED"
    assert world.kube.get_job(NS, "fix-it-it1") is None
    assert world.status()["observedGeneration"] == 2

    world.create_session("early", cancel=True)
    reconciler.reconcile(NS, "early")
    assert world.status("early")["phase"] == "CANCELLED"
    assert "early-it1" not in world.kube.created_jobs


@pytest.mark.parametrize(
    ("setup", "steps", "reason", "message"),
    [
        ("no-pathway", [], "PathwayNotFound", 'Pathway "support" not found in namespace "team"'),
        ("missing-scenario", [], "ScenarioNotFound", 'spec.scenarioIds[0]: TestScenario "nope" not found'),
        ("plain", [Step(job_failure="Traceback: boom")], "JobFailed", "Traceback: boom"),
        ("plain", [Step(write_result=False)], "ResultMissing", "without writing its result ConfigMap"),
        ("bad-version", [], "VersionNotFound", 'PathwayVersion "support-v7" not found'),
        (  # a scenario naming a node the tested version does not have: refused before any Job
            "typo-node", [], "InvalidScenario",
            'TestScenario "a": spec.assertions[0].config.nodeId: NODE_REACHED#0: no node "strat" in pathway "support" '
            '(did you mean "start"?); its nodes: start',
        ),
    ],
)
def test_errors(setup: str, steps: list[Step], reason: str, message: str) -> None:
    world = World()
    spec: dict[str, Any] = {}
    if setup == "no-pathway":
        world.kube.delete("pathways", NS, PATHWAY)
    elif setup == "missing-scenario":
        spec["scenarioIds"] = ["nope"]
    elif setup == "bad-version":
        spec["versionNumber"] = 7
    elif setup == "typo-node":
        bad = scenario_spec(assertions=[{"type": "NODE_REACHED", "config": {"nodeId": "strat"}}])
        world.kube.delete("testscenarios", NS, "a")
        world.kube.put_object("testscenarios", NS, {"metadata": {"name": "a"}, "spec": bad})
    world.create_session(**spec)
    outcome, _ = world.drive(steps)
    status = world.status()
    assert status["phase"] == "ERROR" and status["reason"] == reason
    assert message in status["message"]
    assert outcome.events[-1][0] == "Warning"
    assert world.kube.list_kind("leases", NS) == []
    if setup == "typo-node":
        assert world.status()["message"] == message and not world.kube.created_jobs


def test_conflict_with_a_running_session_keeps_its_lock() -> None:
    world = World()
    world.create_session("first")
    world.reconciler().reconcile(NS, "first")
    world.create_session("second")
    world.reconciler().reconcile(NS, "second")
    second = world.status("second")
    assert second["phase"] == "ERROR" and second["reason"] == "Conflict"
    assert second["message"] == 'tornado session "first" is already running for pathway "support"'
    lease = world.kube.get_lease(NS, names.lease_name("pathway", PATHWAY))
    assert lease is not None and lease["spec"]["holderIdentity"] == world.session("first")["metadata"]["uid"]


# --- crash at every write, then resume with a fresh reconciler ---

STEPS = [continue_with("a", "b"), continue_with("b"), ends("COMPLETED_ALL_PASSED")]


def test_resume_after_a_crash_at_every_write() -> None:
    clean = World()
    clean.create_session()
    before = len(clean.kube.writes)
    clean.drive(STEPS)
    expected = snapshot(clean)
    assert expected["jobs_created"] == ["fix-it-it1", "fix-it-it2", "fix-it-it3"]
    assert [v[0] for v in expected["versions"]] == [1, 2, 3]
    writes = clean.kube.writes[before:]
    total = len(writes)
    assert total >= 15, writes  # operator and pod writes both counted

    for crash_at in range(total):
        world = World()
        world.create_session()
        world.kube.crash_after(crash_at)
        _outcome, restarts = world.drive(STEPS)
        assert restarts == 1, f"crash at write {crash_at} did not happen"
        assert snapshot(world) == expected, f"crash before write {crash_at} ({writes[crash_at]})"
        assert sorted(world.kube.created_jobs) == sorted(set(world.kube.created_jobs)), "one Job per iteration"


def test_a_finished_session_releases_a_lock_left_by_a_crash() -> None:
    world = World()
    world.create_session()
    world.drive([ends("COMPLETED_ALL_PASSED")])
    uid = world.session()["metadata"]["uid"]
    # What an operator killed between the final status write and the release leaves.
    key = locks.LockKey("pathway", PATHWAY)
    assert locks.acquire(world.kube, NS, key, locks.Holder(uid, "fix-it"), clock=world.clock.now).acquired
    outcome = world.reconciler().reconcile(NS, "fix-it")
    assert outcome.finished and world.kube.list_kind("leases", NS) == []


# --- two operators, one lock ---


def test_two_reconcilers_race_for_one_lock() -> None:
    world = World()
    world.create_session("one")
    world.create_session("two")
    both_read = threading.Barrier(2, timeout=5)
    world.kube.hooks["create_lease"] = both_read.wait  # both are past their reads before either writes
    results: dict[str, Any] = {}

    def run(name: str) -> None:
        results[name] = world.reconciler().reconcile(NS, name)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    phases = sorted(world.status(n)["phase"] for n in ("one", "two"))
    assert phases == ["ERROR", "RUNNING"]
    loser = next(n for n in ("one", "two") if world.status(n)["phase"] == "ERROR")
    winner = "two" if loser == "one" else "one"
    assert world.status(loser)["message"] == f'tornado session "{winner}" is already running for pathway "support"'
    assert world.kube.created_jobs == [f"{winner}-it1"]


def test_two_takers_race_for_a_stale_lock() -> None:
    world = World()
    key = locks.LockKey("pathway", PATHWAY)
    world.create_session("old")
    world.drive([ends("COMPLETED_ALL_PASSED")], "old")
    old_uid = world.session("old")["metadata"]["uid"]
    assert locks.acquire(world.kube, NS, key, locks.Holder(old_uid, "old"), clock=world.clock.now).acquired
    one, two = world.create_session("one"), world.create_session("two")
    both_read = threading.Barrier(2, timeout=5)
    world.kube.hooks["replace_lease"] = both_read.wait
    results: dict[str, locks.LockResult] = {}

    def take(session: dict[str, Any]) -> None:
        holder = locks.Holder(session["metadata"]["uid"], session["metadata"]["name"])
        results[holder.name] = locks.acquire(world.kube, NS, key, holder, clock=world.clock.now)

    threads = [threading.Thread(target=take, args=(s,)) for s in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    won = [name for name, result in results.items() if result.acquired]
    assert len(won) == 1, results
    lost = results["two" if won == ["one"] else "one"]
    assert lost.holder is not None and lost.holder.name == won[0] and not lost.pending


# --- deleted while running ---


def test_deleted_while_running() -> None:
    world = World()
    world.create_session()
    reconciler = world.reconciler()
    reconciler.reconcile(NS, "fix-it")
    uid = world.session()["metadata"]["uid"]
    assert world.kube.get_job(NS, "fix-it-it1") is not None
    world.kube.delete("tornadosessions", NS, "fix-it")
    writes = len(world.kube.writes)
    outcome = reconciler.reconcile(NS, "fix-it")
    assert outcome.finished and outcome.requeue_after is None
    assert len(world.kube.writes) == writes, "nothing is written for a deleted session"
    assert world.kube.get_job(NS, "fix-it-it1") is None, "its Job went with it (owner reference)"
    # The lock of a deleted session: released by the DELETED event's handler, by the
    # startup sweep of an operator that was down, or taken over by the next session.
    lease = world.kube.get_lease(NS, names.lease_name("pathway", PATHWAY))
    assert lease is not None and lease["spec"]["holderIdentity"] == uid
    world.clock.advance(locks.PENDING_GRACE_SECONDS)  # the operator was down a while
    assert locks.release_orphans(world.kube, NS, clock=world.clock.now) == [f"{NS}/{lease['metadata']['name']}"]
    world.create_session("next")
    outcome, _ = world.drive([ends("COMPLETED_ALL_PASSED")], "next")
    assert world.status("next")["phase"] == "COMPLETED_ALL_PASSED"


# --- permanent and transient errors ---


def test_a_runner_the_api_server_rejects_ends_error_at_once() -> None:
    world = World()
    world.create_session()
    message = 'Job.batch "fix-it-it1" is invalid: spec.template.spec.containers[0].image: Invalid value: " x ": must not have leading or trailing whitespace'
    world.kube.fail("create_job", api_error(422, "Invalid", message))
    outcome = world.reconciler().reconcile(NS, "fix-it")
    status = world.status()
    assert outcome.finished and status["phase"] == "ERROR" and status["reason"] == "InvalidRunner"
    assert status["message"] == f"iteration Job fix-it-it1 was rejected: {message}"
    assert world.kube.list_kind("leases", NS) == []


def test_transient_errors_retry_until_the_deadline_and_timeout_says_why() -> None:
    world = World()
    world.create_session(timeoutMs=5000)
    world.kube.fail("create_job", api_error(500, "InternalError", "etcdserver: request timed out"), times=1000)
    reconciler = world.reconciler()
    started = world.clock.now()
    delays = []
    for _ in range(50):
        outcome = reconciler.reconcile(NS, "fix-it")
        if outcome.finished:
            break
        assert outcome.requeue_after is not None
        delays.append(outcome.requeue_after)
        world.clock.advance(outcome.requeue_after)
    status = world.status()
    assert status["phase"] == "TIMEOUT", status
    assert status["message"].endswith("; last error: etcdserver: request timed out")
    late = (world.clock.now() - started).total_seconds() - 5.0
    assert 0 <= late < 1.0, f"TIMEOUT {late:.2f}s after the deadline; delays {delays}"
    assert len(delays) >= 3, "it retried"


def test_transient_error_then_success_clears_the_error() -> None:
    world = World()
    world.create_session()
    world.kube.fail("create_job", api_error(503, "ServiceUnavailable", "the server is currently unable to handle the request"))
    reconciler = world.reconciler()
    first = reconciler.reconcile(NS, "fix-it")
    assert not first.finished and first.requeue_after is not None and first.requeue_after <= 1.0
    assert first.events[-1] == ("Warning", "Retrying", "transient error, retrying: the server is currently unable to handle the request")
    reconciler.reconcile(NS, "fix-it")
    assert world.kube.created_jobs == ["fix-it-it1"]
    assert reconciler.last_error(world.session()["metadata"]["uid"]) is None


def test_pathway_deleted_mid_session_ends_at_once() -> None:
    world = World()
    world.create_session()
    reconciler = world.reconciler()
    reconciler.reconcile(NS, "fix-it")
    world.kube.delete("pathways", NS, PATHWAY)
    reconciler.reconcile(NS, "fix-it")
    status = world.status()
    assert status["phase"] == "ERROR" and status["reason"] == "PathwayDeleted"
    assert status["message"] == 'spec.pathwayId: Pathway "support" was deleted while the session ran'
    assert world.kube.get_job(NS, "fix-it-it1") is None


@pytest.mark.parametrize(
    ("terminated", "says"),
    [
        ({"exitCode": 137, "reason": "OOMKilled"}, "was killed for using more memory than its limit (OOMKilled, exit 137)"),
        ({"exitCode": 137, "reason": "Error"}, "was killed (SIGKILL, exit 137, Error)"),
        ({"exitCode": 2, "reason": "Error"}, "exited 2 (Error)"),
        ({"exitCode": 1, "message": "JobError: boom"}, "JobError: boom"),
    ],
)
def test_termination_message_says_how_the_pod_ended(terminated: dict[str, Any], says: str) -> None:
    pods = [{"status": {"containerStatuses": [{"name": "iteration", "state": {"terminated": terminated}}]}}]
    assert says in termination_message(pods)


# --- no secret reaches status or events ---


def test_status_and_events_are_redacted() -> None:
    """A pod that dies quoting a server's echo of its key: status and events show none of it."""
    echo = 'LLM error: HTTP 401 {"error": "bad key", "echo": {"Authorization": "Bearer sk-live-0123456789abcdef"}}'
    world = World()
    world.create_session()
    outcome, _ = world.drive([Step(job_failure=echo)])
    status = world.status()
    assert status["reason"] == "JobFailed" and "Bearer [REDACTED]" in status["message"]
    text = repr(status) + repr(outcome.events)
    assert "sk-live-0123456789abcdef" not in text and "0123456789abcdef" not in text


def test_operator_log_lines_are_redacted() -> None:
    import io
    import logging

    from tornado_operator.logging_setup import configure_logging

    stream = io.StringIO()
    handler = configure_logging("json", "INFO", stream=stream)
    try:
        logging.getLogger("tornado_operator.test").warning("server said Authorization: Bearer abcdefgh12345678 and sk-proj-abcdefghij")
    finally:
        logging.getLogger().removeHandler(handler)
    assert "abcdefgh12345678" not in stream.getvalue() and "sk-proj" not in stream.getvalue()
    assert "Bearer [REDACTED]" in stream.getvalue()


# --- runner overrides: fail closed without the webhook's approval ---


def test_a_runner_override_nobody_approved_ends_error() -> None:
    world = World()
    world.create_session(runner={"command": ["sh", "-c", "env"]})
    world.reconciler().reconcile(NS, "fix-it")
    status = world.status()
    assert status["phase"] == "ERROR" and status["reason"] == "RunnerOverrideDenied"
    assert status["message"].startswith("spec.runner.command: overriding the runner's command is not allowed: needs")
    assert world.kube.created_jobs == [] and world.kube.list_kind("leases", NS) == []


def test_a_runner_override_the_webhook_approved_runs() -> None:
    world = World()
    created = world.create_session(runner={"command": ["python", "-m", "tornado_operator.cli.main", "job"]})
    holder = locks.Holder(created["metadata"]["uid"], "fix-it")
    approval = {locks.ANNOTATION_OVERRIDE_APPROVED: "true"}
    locks.acquire(world.kube, NS, locks.LockKey("pathway", PATHWAY), holder, clock=world.clock.now, annotations=approval)
    world.drive([ends("COMPLETED_ALL_PASSED")])
    assert world.status()["phase"] == "COMPLETED_ALL_PASSED"
    job = world.kube.get_job(NS, "fix-it-it1")
    assert job is not None and job["spec"]["template"]["spec"]["containers"][0]["command"][0] == "python"


# --- the Pathway watch's view (handlers.see_pathway) instead of a read per transition ---


def _watch_view(world: World, *, stale: bool = False) -> Any:
    """What a watch would have seen: the Pathway as it is now (or as it was before the session)."""
    from tornado_operator.controller.sessions import PathwaySeen

    before = world.kube.get("pathways", NS, PATHWAY)
    assert before is not None
    if stale:
        world.kube.patch("pathways", NS, PATHWAY, {"metadata": {"labels": {"changed": "since"}}})

    def seen(namespace: str, name: str) -> PathwaySeen | None:
        pathway = before if stale else FakeKube.get(world.kube, "pathways", namespace, name)
        if pathway is None:
            return None
        return PathwaySeen(pathway["metadata"]["resourceVersion"], (pathway.get("status") or {}).get("latestVersion") or 0)

    return seen


@pytest.mark.parametrize("stale", [False, True])
def test_a_transition_with_the_watchs_view_of_the_pathway_reads_it_only_when_the_view_is_stale(stale: bool) -> None:
    """Up to date: the latest version is written with the view's resourceVersion as a
    precondition and the Pathway is never read by the transitions. Stale (it changed since the
    watch saw it): that write is refused (409) and the Pathway is read and written as without
    a view. The result is the same either way."""
    world = World()
    world.create_session()
    reconciler = world.reconciler()
    reconciler.reconcile(NS, "fix-it")  # started: reads the Pathway once (snapshot, start version)
    reconciler.pathways_seen = _watch_view(world, stale=stale)
    read: list[str] = []  # what the reconciles read (not the pods, not the view)
    get, reconcile, reconciling = world.kube.get, reconciler.reconcile, [False]

    def recording_get(plural: str, namespace: str, name: str) -> dict[str, Any] | None:
        if reconciling[0]:
            read.append(plural)
        return get(plural, namespace, name)

    def recording_reconcile(namespace: str, name: str) -> Any:
        reconciling[0] = True
        try:
            return reconcile(namespace, name)
        finally:
            reconciling[0] = False

    reconciler.kube.get = recording_get  # type: ignore[method-assign]
    reconciler.reconcile = recording_reconcile  # type: ignore[method-assign]
    world.kube.calls.clear()
    outcome, _ = world.drive([continue_with("a"), ends("COMPLETED_ALL_PASSED")], reconciler=lambda: reconciler)
    assert outcome.phase is not None and outcome.phase.value == "COMPLETED_ALL_PASSED"
    assert get("pathways", NS, PATHWAY)["status"]["latestVersion"] == 2  # type: ignore[index]
    if stale:
        assert world.kube.calls.count("patch_status") == 2  # refused, then written after a read
        assert read.count("pathways") == 1
    else:
        assert world.kube.calls.count("patch_status") == 1
        assert read.count("pathways") == 0
    assert read.count("tornadosessions") >= 2  # the transitions read their session as before


def test_the_view_of_a_pathway_that_already_names_the_version_writes_nothing() -> None:
    from tornado_operator.controller.sessions import PathwaySeen

    world = World()
    reconciler = world.reconciler()
    reconciler.pathways_seen = lambda namespace, name: PathwaySeen("1", 5)
    reconciler._note_latest_version(NS, PATHWAY, 5, seen=PathwaySeen("1", 5))
    reconciler._note_latest_version(NS, PATHWAY, 4, seen=PathwaySeen("1", 5))  # never lowered
    assert "patch_status" not in world.kube.calls and "get" not in world.kube.calls
    reconciler._note_latest_version(NS, PATHWAY, 6, seen=PathwaySeen(world.kube.get("pathways", NS, PATHWAY)["metadata"]["resourceVersion"], 5))  # type: ignore[index]
    assert world.kube.get("pathways", NS, PATHWAY)["status"]["latestVersion"] == 6  # type: ignore[index]


def test_a_finished_job_the_watch_delivered_is_not_read_again_any_other_is() -> None:
    """`finished_job`: the watch's complete (or failed) Job of the current iteration is final,
    so the step records it without reading it; a Job of another iteration, or one still
    running, is read as before."""

    def job_one_complete() -> tuple[World, Any, dict[str, Any]]:
        world = World()
        world.create_session()
        reconciler = world.reconciler()
        reconciler.reconcile(NS, "fix-it")
        world.run_pod("fix-it", 1, continue_with("a"))
        complete = world.kube.get_job(NS, "fix-it-it1")
        assert complete is not None
        world.kube.calls.clear()
        return world, reconciler, complete

    world, reconciler, complete = job_one_complete()
    reconciler.reconcile(NS, "fix-it", finished_job=complete)
    assert "get_job" not in world.kube.calls
    assert world.status()["currentIteration"] == 2 and world.kube.created_jobs == ["fix-it-it1", "fix-it-it2"]
    for stale in ({**complete, "status": {"active": 1}}, {**complete, "metadata": {**complete["metadata"], "name": "fix-it-it0"}}):
        world, reconciler, _ = job_one_complete()
        reconciler.reconcile(NS, "fix-it", finished_job=stale)
        assert world.kube.calls.count("get_job") == 1
        assert world.status()["currentIteration"] == 2  # the Job as read: complete, recorded

"""Tornado sessions end to end: the operator (a real process) runs real Jobs on the process node."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api_proxy import ApiProxy, Write
from kubehelpers import (
    OperatorProcess,
    apply_docs,
    example,
    get_session,
    kubectl_json,
    load_docs,
    runner_after,
    wait_for,
    wait_phase,
)
from tornado_operator.api.base import parse_timestamp
from tornado_operator.controller import names

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def docs_of(name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """An example's Pathway/TestScenario docs and its TornadoSession doc."""
    docs = load_docs(example(name))
    sessions = [d for d in docs if d["kind"] == "TornadoSession"]
    others = [d for d in docs if d["kind"] != "TornadoSession"]
    assert len(sessions) == 1
    return others, sessions[0]


def start(cluster: Any, ns: str, name: str, *, session_name: str | None = None, **spec: Any) -> str:
    others, session = docs_of(name)
    apply_docs(cluster, ns, others)
    session = copy.deepcopy(session)
    session["metadata"] = {"name": session_name or session["metadata"]["name"]}
    session["spec"].update(spec)
    apply_docs(cluster, ns, [session])
    return str(session["metadata"]["name"])


def jobs_of(cluster: Any, ns: str, session: str) -> list[str]:
    items = kubectl_json(cluster, "get", "jobs", "-n", ns, "-l", f"agenttesting.dev/session={session}")["items"]
    return sorted(item["metadata"]["name"] for item in items)


def local_run(name: str, tmp: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "tornado_operator.cli.main", "run", str(example(name)), "--json", "--output", str(tmp)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def iteration_summary(iterations: list[dict[str, Any]], snake: bool) -> list[tuple[Any, ...]]:
    def key(camel: str, snake_key: str) -> str:
        return snake_key if snake else camel

    return [
        (
            item["iteration"],
            sorted(item.get(key("passedIds", "passed_ids")) or []),
            sorted(item.get(key("failedIds", "failed_ids")) or []),
            sorted(item.get(key("newlyUnfixableIds", "newly_unfixable_ids")) or []),
            [
                (fix["id"], fix[key("targetNode", "target_node")], fix["type"])
                for fix in (item.get(key("fixPlan", "fix_plan")) or {}).get("fixes", [])
            ],
        )
        for item in iterations
    ]


def test_support_line_reaches_all_passed(crds: Any, operator: OperatorProcess, ns: str, tmp_path: Path) -> None:
    name = start(crds, ns, "support-line")
    wait = crds.kubectl("wait", "-n", ns, f"ts/{name}", "--for=condition=Succeeded", "--timeout=240s", check=False)
    assert wait.returncode == 0, wait.stderr
    session = get_session(crds, ns, name)
    status = session["status"]
    assert status["phase"] == "COMPLETED_ALL_PASSED"
    assert status["passedScenarios"] == status["totalScenarios"] >= 6
    assert len(status["iterations"]) >= 2
    # The same iterations as the local runner gives for the same manifests.
    local = local_run("support-line", tmp_path)
    assert local["status"] == "COMPLETED_ALL_PASSED"
    assert iteration_summary(status["iterations"], snake=False) == iteration_summary(local["iterations"], snake=True)
    # The forked version exists, forked by this session.
    forked = status["forkedVersion"]
    pathway = session["spec"]["pathwayId"]
    version = kubectl_json(crds, "get", "pathwayversion", f"{pathway}-v{forked}", "-n", ns)
    assert version["spec"]["provenance"]["source"] == "tornado-fix"
    assert version["spec"]["provenance"]["sessionId"] == status["sessionId"]
    # One Job per iteration, named deterministically.
    assert jobs_of(crds, ns, name) == sorted(f"{name}-it{i}" for i in range(1, len(status["iterations"]) + 1))
    conditions = {c["type"]: c for c in status["conditions"]}
    assert conditions["Succeeded"]["status"] == "True"
    assert conditions["Reconciling"]["status"] == "False"
    assert conditions["Succeeded"]["observedGeneration"] == session["metadata"]["generation"]
    # The lock is released once the session ends.
    leases = kubectl_json(crds, "get", "leases", "-n", ns)["items"]
    assert [lease["metadata"]["name"] for lease in leases] == []
    events = crds.kubectl("get", "events", "-n", ns, "--field-selector", f"involvedObject.name={name}").stdout
    assert "IterationStarted" in events and "IterationCompleted" in events


def test_unfixable_ends_stuck(crds: Any, operator: OperatorProcess, ns: str) -> None:
    name = start(crds, ns, "unfixable")
    status = wait_phase(crds, ns, name, timeout=240)["status"]
    assert status["phase"] == "STUCK", status.get("message")
    assert status["unfixableCount"] == len(status["unfixableIds"]) >= 1
    conditions = {c["type"]: c for c in status["conditions"]}
    assert conditions["Stalled"]["status"] == "True"
    assert conditions["Succeeded"]["status"] == "False" and conditions["Succeeded"]["reason"] == "STUCK"


def test_max_iterations_one_ends_partial(crds: Any, operator: OperatorProcess, ns: str) -> None:
    name = start(crds, ns, "support-line", session_name="partial", maxIterations=1)
    status = wait_phase(crds, ns, name, timeout=180)["status"]
    assert status["phase"] == "COMPLETED_PARTIAL", status.get("message")
    assert status["failedScenarios"] > 0
    assert jobs_of(crds, ns, name) == [f"{name}-it1"]


def sleeper(seconds: int) -> dict[str, Any]:
    return {"command": ["python", "-c", f"import time; time.sleep({seconds})"]}


def test_tiny_timeout_ends_timeout_with_no_job_left(crds: Any, operator: OperatorProcess, ns: str) -> None:
    name = start(crds, ns, "support-line", session_name="tiny-timeout", timeoutMs=3000, runner=sleeper(120))
    status = wait_phase(crds, ns, name, timeout=60)["status"]
    assert status["phase"] == "TIMEOUT", status.get("message")
    wait_for(lambda: jobs_of(crds, ns, name) == [], timeout=30, what="the running Job to be deleted")
    wait_for(
        lambda: not kubectl_json(crds, "get", "pods", "-n", ns, "-l", f"agenttesting.dev/session={name}")["items"],
        timeout=30,
        what="the Job's pods to be deleted",
    )


def test_cancel_ends_cancelled(crds: Any, operator: OperatorProcess, ns: str) -> None:
    name = start(crds, ns, "support-line", session_name="to-cancel", runner=sleeper(120))
    wait_for(lambda: jobs_of(crds, ns, name), timeout=30, what="iteration 1's Job")
    result = subprocess.run(
        [sys.executable, "-m", "tornado_operator.cli.main", "cancel", name, "-n", ns],
        env=crds.env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status = wait_phase(crds, ns, name, timeout=60)["status"]
    assert status["phase"] == "CANCELLED"
    wait_for(lambda: jobs_of(crds, ns, name) == [], timeout=30, what="the Job to be deleted")


def test_runner_that_exits_1_ends_error_with_its_message(crds: Any, operator: OperatorProcess, ns: str) -> None:
    runner = {"command": ["python", "-c", "import sys; print('runner exploded: quota exceeded', file=sys.stderr); sys.exit(1)"]}
    name = start(crds, ns, "support-line", session_name="crashing", runner=runner)
    status = wait_phase(crds, ns, name, timeout=120)["status"]
    assert status["phase"] == "ERROR"
    assert status["reason"] == "JobFailed"
    assert "runner exploded: quota exceeded" in status["message"]


def test_missing_pathway_ends_error(crds: Any, operator: OperatorProcess, ns: str) -> None:
    doc = {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "TornadoSession", "metadata": {"name": "orphan"}, "spec": {"pathwayId": "no-such-pathway"}}
    apply_docs(crds, ns, [doc])
    status = wait_phase(crds, ns, "orphan", timeout=60)["status"]
    assert status["phase"] == "ERROR"
    assert status["reason"] == "PathwayNotFound"
    assert 'spec.pathwayId: Pathway "no-such-pathway" not found' in status["message"]


def test_unknown_scenario_ends_error_naming_the_field(crds: Any, operator: OperatorProcess, ns: str) -> None:
    name = start(crds, ns, "support-line", session_name="bad-scenario", scenarioIds=["does-not-exist"])
    status = wait_phase(crds, ns, name, timeout=60)["status"]
    assert status["phase"] == "ERROR"
    assert 'spec.scenarioIds[0]: TestScenario "does-not-exist" not found' in status["message"]


def test_cli_status_and_active_print_hosted_shapes(crds: Any, operator: OperatorProcess, ns: str) -> None:
    name = start(crds, ns, "support-line", session_name="shapes", runner=sleeper(60))
    wait_for(lambda: (get_session(crds, ns, name).get("status") or {}).get("phase") == "RUNNING", timeout=30, what="RUNNING")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tornado_operator.cli.main", *args, "-n", ns],
            env=crds.env(),
            capture_output=True,
            text=True,
            timeout=60,
        )

    session = get_session(crds, ns, name)
    active = cli("active", "--pathway-id", session["spec"]["pathwayId"])
    assert active.returncode == 0, active.stderr
    view = json.loads(active.stdout)
    assert list(view) == [
        "session_id", "status", "pathway_id", "persona_id", "current_iteration", "max_iterations",
        "total_scenarios", "passed_scenarios", "failed_scenarios", "created_at",
    ]
    assert view["session_id"] == session["metadata"]["uid"]
    assert view["status"] == "RUNNING"
    assert view["persona_id"] is None
    assert view["current_iteration"] == 1
    assert view["created_at"].endswith("Z") and len(view["created_at"]) == len("2026-04-14T10:15:00.000Z")

    status = cli("status", session["metadata"]["uid"])
    assert status.returncode == 0, status.stderr
    full = json.loads(status.stdout)
    assert list(full) == [
        "session_id", "status", "current_iteration", "max_iterations", "total_scenarios", "passed_scenarios",
        "failed_scenarios", "unfixable_count", "unfixable_ids", "iterations", "elapsed_ms", "timeout_ms", "forked_version",
    ]
    assert full["total_scenarios"] == session["status"]["totalScenarios"]
    assert full["forked_version"] is None

    cli("cancel", name)
    wait_phase(crds, ns, name, timeout=60)
    missing = cli("active", "--pathway-id", session["spec"]["pathwayId"])
    assert missing.returncode == 3
    assert "no active tornado session" in missing.stderr


@dataclass(frozen=True)
class KillPoint:
    """A SIGKILL at one write of the operator (before the API server gets it, or once it has
    applied it), the state that leaves behind, and what the next run writes to resume from it."""

    where: str
    at: Callable[[Write], bool]
    landed: dict[str, Any]  # state() keys -> their values right after the kill
    resumed: list[tuple[str, str, str, int]]  # the next run's progress writes, up to and including its own kill's
    after: bool = False


KILLED = "killed"
LOCK = names.lease_name("pathway", "support-line")
# The writes that are a session's progress (events, the Pathway's status and the runner's
# identity are written around them and left out).
PROGRESS = ("tornadosessions/status", "configmaps", "jobs", "leases")


def writes_to(method: str, resource: str, name: str, when: Callable[[dict[str, Any]], bool] = lambda status: True) -> Callable[[Write], bool]:
    """A write of ``method`` to ``resource/name`` whose body's status satisfies ``when``."""

    def match(write: Write) -> bool:
        return write.brief() == (method, resource, name) and when((write.body or {}).get("status") or {})

    return match


def state(cluster: Any, ns: str, name: str) -> dict[str, Any]:
    """What of the session's writes have happened: its status, Jobs, result ConfigMaps, lock."""
    status = get_session(cluster, ns, name).get("status") or {}
    maps = kubectl_json(cluster, "get", "configmaps", "-n", ns, "-l", f"agenttesting.dev/session={name}")["items"]
    return {
        "phase": status.get("phase"),
        "iteration": status.get("currentIteration"),
        "recorded": [item["iteration"] for item in status.get("iterations") or []],
        "jobs": jobs_of(cluster, ns, name),
        "configmaps": sorted(m["metadata"]["name"] for m in maps),
        "results": sorted(m["metadata"]["name"] for m in maps if names.RESULT_KEY in (m.get("data") or {})),
        "lock": [lease["metadata"]["name"] for lease in kubectl_json(cluster, "get", "leases", "-n", ns)["items"]],
    }


def kill_points(iterations: int) -> list[KillPoint]:
    """One kill at each distinct point of a session's writes, in the order a session reaches
    them: run k is killed at point k, and run k+1 resumes from the state that left."""
    job = [""] + [names.job_name(KILLED, i) for i in range(1, iterations + 1)]
    cm = [""] + [names.result_name(KILLED, i) for i in range(1, iterations + 1)]
    status = "tornadosessions/status"

    def recorded(count: int) -> Callable[[dict[str, Any]], bool]:
        return lambda body: len(body.get("iterations") or []) == count

    def ended(body: dict[str, Any]) -> bool:
        return body.get("phase") not in (None, "RUNNING")

    running = {"phase": "RUNNING", "lock": [LOCK]}
    middle = [
        w
        for i in range(3, iterations + 1)
        for w in (("PUT", status, KILLED, 200), ("POST", "configmaps", cm[i], 201), ("POST", "jobs", job[i], 201))
    ]
    return [
        KillPoint(
            "locked, before the first status write",
            writes_to("PUT", status, KILLED),
            {"phase": None, "jobs": [], "configmaps": [], "lock": [LOCK]},
            # started again: the lock is already its own (AlreadyExists, same holder), then status
            [("POST", "leases", LOCK, 409), ("PUT", status, KILLED, 200), ("POST", "configmaps", cm[1], 0)],
        ),
        KillPoint(
            "status says iteration 1, no ConfigMap, no Job",
            writes_to("POST", "configmaps", cm[1]),
            {**running, "iteration": 1, "recorded": [], "jobs": [], "configmaps": []},
            # "iteration 1, no Job": creates them and writes nothing before
            [("POST", "configmaps", cm[1], 201), ("POST", "jobs", job[1], 0)],
        ),
        KillPoint(
            "ConfigMap of iteration 1 created, no Job",
            writes_to("POST", "jobs", job[1]),
            {**running, "iteration": 1, "recorded": [], "jobs": [], "configmaps": [cm[1]], "results": []},
            # the ConfigMap is there already (AlreadyExists), the Job is created
            [("POST", "configmaps", cm[1], 409), ("POST", "jobs", job[1], 201)],
        ),
        KillPoint(
            "Job of iteration 1 created, the answer lost",
            writes_to("POST", "jobs", job[1]),
            {**running, "iteration": 1, "recorded": [], "jobs": [job[1]], "configmaps": [cm[1]]},
            # the Job is found, never created again: the next write records its result
            [("PUT", status, KILLED, 0)],
            after=True,
        ),
        KillPoint(
            "Job of iteration 1 done and its result written, not recorded",
            writes_to("PUT", status, KILLED, recorded(1)),
            {**running, "iteration": 1, "recorded": [], "jobs": [job[1]], "results": [cm[1]]},
            # recorded from the result ConfigMap, then the next iteration
            [("PUT", status, KILLED, 200), ("POST", "configmaps", cm[2], 0)],
        ),
        KillPoint(
            "iteration 1 recorded (status says iteration 2), no ConfigMap, no Job",
            writes_to("POST", "configmaps", cm[2]),
            {**running, "iteration": 2, "recorded": [1], "jobs": [job[1]], "configmaps": [cm[1]]},
            # only the missing ConfigMap and Job, then the iterations run to the end
            [("POST", "configmaps", cm[2], 201), ("POST", "jobs", job[2], 201), *middle, ("PUT", status, KILLED, 0)],
        ),
        KillPoint(
            f"the last Job (iteration {iterations}) done, the end not recorded",
            writes_to("PUT", status, KILLED, ended),
            {**running, "iteration": iterations, "recorded": list(range(1, iterations)), "jobs": job[1:], "results": cm[1:]},
            # the last iteration recorded with the end, then the lock released
            [("PUT", status, KILLED, 200), ("DELETE", "leases", LOCK, 0)],
        ),
        KillPoint(
            "session ended, its lock not released",
            writes_to("DELETE", "leases", LOCK),
            {"phase": "COMPLETED_ALL_PASSED", "recorded": list(range(1, iterations + 1)), "jobs": job[1:], "lock": [LOCK]},
            # a finished session found holding its lock: the lock goes, nothing else is written
            [("DELETE", "leases", LOCK, 200)],
        ),
    ]


def test_operator_killed_midway_resumes_without_duplicates(
    crds: Any, operator: OperatorProcess, ns: str, undisturbed: dict[str, Any], tmp_path: Path
) -> None:
    """SIGKILL at each distinct point of a session's writes (the operator reaches the API server
    through a proxy that kills it at a chosen write): each kill leaves the state that point
    means, the next run resumes from it with exactly the writes that state needs, and the
    session ends as an undisturbed run does, nothing recorded or created twice."""
    points = kill_points(len(undisturbed["iterations"]))
    landed: list[str] = []
    operator.stop()  # the operator under test is the proxied one
    try:
        with ApiProxy(crds) as proxy:
            killed = OperatorProcess(
                crds,
                tmp_path,
                ["--namespace", ns],
                env={"KUBECONFIG": str(proxy.write_kubeconfig(tmp_path / "kubeconfig"))},
                runner_image="tornado-operator:test",
                tag="killed",
            )
            start(crds, ns, "support-line", session_name=KILLED)

            def run_writes(run: int) -> list[tuple[str, str, str, int]]:
                return [(*w.brief(), w.status) for w in proxy.writes if w.run == run and w.resource in PROGRESS]

            try:
                for run, point in enumerate(points):
                    proxy.run = run
                    fired = proxy.kill_at(point.at, killed.kill, after=point.after)
                    killed.start(wait=False)
                    wait_for(fired.is_set, timeout=180, what=f"the kill at: {point.where}")
                    if run:
                        assert run_writes(run) == points[run - 1].resumed, f"resumed from: {points[run - 1].where}"
                    now = state(crds, ns, KILLED)
                    assert {key: now[key] for key in point.landed} == point.landed, f"killed at: {point.where}"
                    landed.append(point.where)
                proxy.run = len(points)
                killed.start(wait=False)
                wait_for(lambda: not state(crds, ns, KILLED)["lock"], timeout=60, what="the lock to be released")
                assert run_writes(len(points)) == points[-1].resumed, f"resumed from: {points[-1].where}"
            finally:
                killed.stop()
    finally:
        operator.start()
    assert landed == [point.where for point in points]
    status = get_session(crds, ns, KILLED)["status"]
    assert status["phase"] == "COMPLETED_ALL_PASSED", status.get("message")
    numbers = [item["iteration"] for item in status["iterations"]]
    assert numbers == list(range(1, len(numbers) + 1)), "an iteration was recorded twice or skipped"
    assert jobs_of(crds, ns, KILLED) == sorted(f"{KILLED}-it{i}" for i in numbers), "one Job per iteration"
    forks = [
        v for v in kubectl_json(crds, "get", "pathwayversions", "-n", ns)["items"]
        if v["spec"]["provenance"].get("sessionId") == status["sessionId"]
    ]
    assert len(forks) == len(numbers) - 1, "one forked version per iteration that continued"
    assert iteration_summary(status["iterations"], snake=False) == iteration_summary(undisturbed["iterations"], snake=True)
    assert status["passedScenarios"] == undisturbed["passed_scenarios"]


@pytest.fixture(scope="module")
def undisturbed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The support-line loop as an undisturbed run gives it (the local runner, same engine)."""
    return local_run("support-line", tmp_path_factory.mktemp("undisturbed"))


def test_spec_change_after_the_end_updates_observed_generation(crds: Any, operator: OperatorProcess, ns: str) -> None:
    name = start(crds, ns, "support-line", session_name="late-cancel", maxIterations=1)
    wait_phase(crds, ns, name, timeout=120)
    crds.kubectl("patch", "ts", name, "-n", ns, "--type=merge", "-p", '{"spec":{"cancel":true}}')

    def caught_up() -> bool:
        session = get_session(crds, ns, name)
        generation = session["metadata"]["generation"]
        return bool(
            generation > 1
            and session["status"]["observedGeneration"] == generation
            and all(c["observedGeneration"] == generation for c in session["status"]["conditions"])
        )

    wait_for(caught_up, timeout=30, what="observedGeneration to catch up")
    assert get_session(crds, ns, name)["status"]["phase"] == "COMPLETED_PARTIAL"


def scrape(operator: OperatorProcess) -> dict[str, float]:
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{operator.metrics_port}/metrics", timeout=5) as response:
        text = response.read().decode()
    samples: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples


def test_metrics_move_after_a_session(crds: Any, operator: OperatorProcess, ns: str, undisturbed: dict[str, Any]) -> None:
    before = scrape(operator)
    name = start(crds, ns, "support-line", session_name="metered", runner=runner_after("sleep 2"))
    status = wait_phase(crds, ns, name, timeout=240)["status"]
    assert status["phase"] == "COMPLETED_ALL_PASSED", status.get("message")
    iterations = len(status["iterations"])
    # The same loop as an undisturbed local run: the counts below are that run's, not guesses.
    assert iterations == len(undisturbed["iterations"])
    # The operator moves the session's gauge after its reconcile step returns, i.e. after the status
    # write (and its Events) that wait_phase saw: a scrape right then may still count it RUNNING.
    # Scrape until the gauge has caught up, or fail below after a bound far above that step's time.
    after = scrape(operator)
    deadline = time.monotonic() + 30
    while after.get('tornado_sessions{phase="COMPLETED_ALL_PASSED"}', 0.0) < 1 and time.monotonic() < deadline:
        time.sleep(0.2)
        after = scrape(operator)

    def delta(sample: str) -> float:
        return after.get(sample, 0.0) - before.get(sample, 0.0)

    passed = sum(len(item.get("passedIds") or []) for item in status["iterations"])
    failed = sum(len(item.get("failedIds") or []) for item in status["iterations"])
    # Other tests' sessions may finish while this one runs (the operator is shared), so the
    # counters move by at least this session's share; the histogram count is this session's
    # iterations at least, and each of them lasted the runner's sleep at least.
    assert delta("tornado_iterations_started_total") >= iterations
    assert delta('tornado_iterations_finished_total{outcome="COMPLETED_ALL_PASSED"}') >= 1
    assert delta('tornado_iterations_finished_total{outcome="continued"}') >= iterations - 1
    assert delta('tornado_scenarios_total{result="passed"}') >= passed
    assert delta('tornado_scenarios_total{result="failed"}') >= failed
    assert delta("tornado_iteration_duration_seconds_count") >= iterations
    assert after.get('tornado_sessions{phase="COMPLETED_ALL_PASSED"}', 0.0) >= 1
    # The duration runs from Job creation to the recorded result, so it covers each Job's
    # creation to its pod's end (both whole seconds, rounded down): at least the 2 s sleep.
    lower_bound = 0.0
    for job in kubectl_json(crds, "get", "jobs", "-n", ns, "-l", f"agenttesting.dev/session={name}")["items"]:
        created = parse_timestamp(job["metadata"]["creationTimestamp"])
        pods = kubectl_json(crds, "get", "pods", "-n", ns, "-l", f"job-name={job['metadata']['name']}")["items"]
        finished = max(
            parse_timestamp(state["terminated"]["finishedAt"])
            for pod in pods
            for state in (c["state"] for c in pod["status"]["containerStatuses"])
        )
        lower_bound += (finished - created).total_seconds()
    assert lower_bound >= iterations  # each ≥ 2 s of sleep, less < 1 s lost to rounding down
    assert delta("tornado_iteration_duration_seconds_sum") >= lower_bound


def test_deleting_a_session_removes_its_jobs_results_and_lock(crds: Any, operator: OperatorProcess, ns: str) -> None:
    # One real iteration first (a result ConfigMap exists), then a long one to delete under.
    name = start(crds, ns, "support-line", session_name="to-delete")
    wait_for(lambda: len(get_session(crds, ns, name).get("status", {}).get("iterations", [])) >= 1, timeout=120, what="iteration 1")
    assert kubectl_json(crds, "get", "leases", "-n", ns)["items"] or get_session(crds, ns, name)["status"]["phase"] != "RUNNING"
    crds.kubectl("delete", "ts", name, "-n", ns, "--wait=true", "--timeout=60s")

    def gone() -> bool:
        jobs = jobs_of(crds, ns, name)
        results = kubectl_json(crds, "get", "configmaps", "-n", ns, "-l", f"agenttesting.dev/session={name}")["items"]
        leases = kubectl_json(crds, "get", "leases", "-n", ns)["items"]
        return not jobs and not results and not leases

    wait_for(gone, timeout=60, what="Jobs, result ConfigMaps and the lock to be removed")
    # Forked versions are kept: they belong to the Pathway, not to the session.
    assert kubectl_json(crds, "get", "pathwayversions", "-n", ns)["items"]

"""What wakes a session's worker (controller/handlers.py): its own writes coming back while
its step runs are no news once the step has ended; anything else is."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from fake_kube import FakeKube
from tornado_operator.controller import names

if TYPE_CHECKING:
    from tornado_operator.controller import handlers

NS, NAME, UID = "team", "fix-it", "u-1"


@pytest.fixture
def runtime() -> Iterator[handlers.Runtime]:
    # Imported here, not at collection: importing kopf hooks its poster onto the
    # "kopf.objects" logger, which test_logging_setup.py's fake records do not satisfy.
    from tornado_operator.controller import handlers

    previous = handlers.RUNTIME
    runtime = handlers.make_runtime(FakeKube())  # type: ignore[arg-type]
    handlers.configure(runtime)
    yield runtime
    handlers.RUNTIME = previous


def session_body(version: str) -> dict[str, Any]:
    return {
        "metadata": {"name": NAME, "namespace": NS, "uid": UID, "resourceVersion": version},
        "spec": {"pathwayId": "support"},
        "status": {"phase": "RUNNING", "currentIteration": 1},
    }


def job_body(iteration: int, *, complete: bool) -> dict[str, Any]:
    labels = {names.LABEL_SESSION_UID: UID, names.LABEL_ITERATION: str(iteration)}
    status: dict[str, Any] = {"conditions": [{"type": "Complete", "status": "True"}], "succeeded": 1} if complete else {"active": 1}
    return {"metadata": {"name": f"{NAME}-it{iteration}", "namespace": NS, "labels": labels}, "status": status}


async def a_step_running(runtime: handlers.Runtime, *, written: str | None, iteration: int) -> handlers.Worker:
    """A worker in the middle of a step (its task pending), as `_work` leaves it."""
    from tornado_operator.controller import handlers

    task = asyncio.get_running_loop().create_task(asyncio.Event().wait())
    worker = handlers.Worker(task=task, written=written, iteration=iteration)
    runtime.workers[UID] = worker
    return worker


def test_the_steps_own_status_write_and_the_job_it_recorded_are_no_news(runtime: handlers.Runtime) -> None:
    from tornado_operator.controller import handlers

    async def scenario() -> None:
        worker = await a_step_running(runtime, written="10", iteration=1)
        # During the step: Job 1 completes (the step reads it), the step writes status rv 11.
        await handlers.job_event({"type": "MODIFIED"}, job_body(1, complete=True), NS)
        await handlers.session_event({"type": "MODIFIED"}, session_body("11"), NS, NAME, UID)
        assert worker.wake.is_set()
        # The step ends: it recorded iteration 1 (now at 2) with the write rv 11.
        worker.written, worker.iteration = "11", 2
        assert not worker.news()
        worker.task.cancel()

    asyncio.run(scenario())


def test_a_change_by_someone_else_or_the_current_job_is_news(runtime: handlers.Runtime) -> None:
    from tornado_operator.controller import handlers

    async def scenario() -> None:
        worker = await a_step_running(runtime, written="10", iteration=1)
        await handlers.session_event({"type": "MODIFIED"}, session_body("12"), NS, NAME, UID)  # spec.cancel, say
        worker.written, worker.iteration = "11", 2
        assert worker.news()

        worker.woken_by.clear()
        await handlers.job_event({"type": "DELETED"}, job_body(2, complete=False), NS)  # the current Job
        assert worker.news()

        worker.woken_by.clear()
        await handlers.job_event({"type": "MODIFIED"}, job_body(2, complete=True), NS)  # the step saw it running
        assert worker.news()

        worker.woken_by.clear()
        worker.wake_up("other")  # the Pathway was deleted
        assert worker.news()
        worker.task.cancel()

    asyncio.run(scenario())


def test_a_pathway_snapshot_that_fails_transiently_is_retried(runtime: handlers.Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    """kopf calls an event handler once per event: a 429 just after the CRDs were installed
    must not leave the Pathway's generation without a version."""
    from pathlib import Path

    import yaml

    from tornado_operator.controller import handlers
    from tornado_operator.controller.kube import api_error

    kube = runtime.reconciler.kube
    assert isinstance(kube, FakeKube)
    example = Path(__file__).resolve().parents[2] / "examples" / "support-line" / "pathway.yaml"
    pathway = next(d for d in yaml.safe_load_all(example.read_text()) if d)
    pathway["metadata"] = {"name": "support", "namespace": NS, "generation": 1, "uid": "p-1"}
    kube.put_object("pathways", NS, pathway)
    kube.fail("list_objects", api_error(429, "TooManyRequests", "storage is (re)initializing"), times=2)
    monkeypatch.setattr(handlers.asyncio, "sleep", _no_sleep)
    monkeypatch.setattr(handlers.kopf, "info", lambda *a, **k: None)
    asyncio.run(handlers.pathway_event({"type": "ADDED"}, kube.get("pathways", NS, "support"), NS, "support"))
    assert kube.calls.count("list_objects") == 3  # two 429s, then the snapshot
    assert kube.list_objects("pathwayversions", NS) != []
    assert (kube.get("pathways", NS, "support") or {}).get("status", {}).get("latestVersion") == 1


async def _no_sleep(_seconds: float) -> None:
    return None


def test_the_resync_is_jittered_stretched_with_many_running_and_never_past_the_deadline() -> None:
    from tornado_operator.controller.sessions import (
        RESYNC_SECONDS,
        SessionReconciler,
        resync_seconds,
    )

    assert resync_seconds(0) == resync_seconds(600) == RESYNC_SECONDS
    assert resync_seconds(1000) == 50.0 and resync_seconds(6000) == 300.0  # ~20 resyncs/s in all
    reconciler = SessionReconciler(FakeKube())  # type: ignore[arg-type]
    delays = {reconciler._until_deadline(0, 10**9) for _ in range(200)}
    assert all(0.75 * RESYNC_SECONDS <= d <= RESYNC_SECONDS for d in delays) and len(delays) > 1
    reconciler.resync = resync_seconds(1000)
    assert all(37.5 <= reconciler._until_deadline(0, 10**9) <= 50.0 for _ in range(50))
    assert reconciler._until_deadline(59_000, 60_000) <= 1.05  # the deadline is not stretched


def test_a_finished_session_listed_at_startup_costs_no_reconcile(runtime: handlers.Runtime) -> None:
    """Its lock, if a killed operator left one, is the startup sweep's (release_orphans
    releases locks whose holder finished); it is only counted. A spec changed after the end
    still gets a worker (observedGeneration)."""
    from tornado_operator import metrics
    from tornado_operator.controller import handlers

    def finished(uid: str, generation: int) -> dict[str, Any]:
        return {
            "metadata": {"name": uid, "namespace": NS, "uid": uid, "generation": generation, "resourceVersion": "5"},
            "spec": {"pathwayId": "support"},
            "status": {"phase": "COMPLETED_ALL_PASSED", "observedGeneration": 1},
        }

    async def scenario() -> None:
        await handlers.session_event({"type": None}, finished("done-1", 1), NS, "done-1", "done-1")
        assert "done-1" not in runtime.workers
        assert metrics._session_phases.get("done-1") is not None
        await handlers.session_event({"type": None}, finished("done-2", 2), NS, "done-2", "done-2")
        assert "done-2" in runtime.workers
        runtime.workers["done-2"].task.cancel()

    asyncio.run(scenario())


def test_what_the_light_watches_drop_in_their_thread() -> None:
    """Sessions and Jobs are watched by controller/informer.py, not kopf: what cannot matter
    stops in the watch's thread; everything else reaches session_event / the Job rules."""
    from tornado_operator.controller import handlers

    running = session_body("3")
    done = {**running, "metadata": {**running["metadata"], "generation": 1}, "status": {"phase": "CANCELLED", "observedGeneration": 1}}
    respecced = {**done, "metadata": {**done["metadata"], "generation": 2}}
    assert handlers._session_is_news("MODIFIED", running)
    assert not handlers._session_is_news("MODIFIED", done) and not handlers._session_is_news("ADDED", done)
    assert handlers._session_is_news("DELETED", done)  # its locks are released
    assert handlers._session_is_news("MODIFIED", respecced)  # observedGeneration behind: a worker
    assert not handlers._job_is_news("MODIFIED", job_body(1, complete=False))  # pod started, counters
    assert handlers._job_is_news("MODIFIED", job_body(1, complete=True))
    assert handlers._job_is_news("ADDED", job_body(1, complete=False))  # the rules on the loop decide
    assert handlers._job_is_news("DELETED", job_body(1, complete=False))
    pathway = {"metadata": {"name": "support", "namespace": NS, "generation": 2}, "status": {"observedGeneration": 2}}
    assert not handlers._pathway_is_news("MODIFIED", pathway)  # a transition's status write
    assert handlers._pathway_is_news("MODIFIED", {**pathway, "status": {"observedGeneration": 1}})  # a new generation
    assert handlers._pathway_is_news("DELETED", pathway)  # its sessions' workers are woken


def test_the_session_and_job_watches_deliver_to_the_event_loop(runtime: handlers.Runtime) -> None:
    """The watch threads hand events to the loop: a session's event starts its worker, its
    Job's completion wakes it; the first listing of Jobs wakes nobody."""
    from tornado_operator.controller import handlers

    kube = runtime.reconciler.kube
    assert isinstance(kube, FakeKube)
    kube.put_object("tornadosessions", NS, {"metadata": {"name": NAME, "uid": UID}, "spec": {"pathwayId": "support"}})

    async def scenario() -> None:
        started: list[tuple[str, str, str]] = []
        original = handlers.ensure_worker
        handlers.ensure_worker = lambda namespace, name, uid, *a, **k: started.append((namespace, name, uid))  # type: ignore[assignment]
        try:
            await handlers.watch_sessions()
            await handlers.watch_jobs()
            for _ in range(100):
                if started:
                    break
                await asyncio.sleep(0.01)
            assert [(ns, name) for ns, name, _uid in started[:1]] == [(NS, NAME)]  # listed (the fake's one page), handed on
        finally:
            handlers.ensure_worker = original  # type: ignore[assignment]
            for informer in runtime.informers:
                informer.stop.set()

    asyncio.run(scenario())


def test_an_event_that_fails_while_the_operator_stops_is_logged_without_a_traceback(
    runtime: handlers.Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    from concurrent.futures import Future

    from tornado_operator.controller import handlers
    from tornado_operator.controller.informer import Informer

    failed: Future[None] = Future()
    failed.set_exception(RuntimeError("Executor shutdown has been called"))
    informer = Informer(runtime.reconciler.kube, "/x", lambda kind, obj: None)
    runtime.informers.append(informer)
    with caplog.at_level("INFO", logger="tornado_operator.controller.handlers"):
        handlers._log_failure(failed)  # running: an error, with its traceback
        assert [r.levelname for r in caplog.records] == ["ERROR"] and caplog.records[0].exc_info
        caplog.clear()
        informer.stop.set()  # the cleanup has begun
        handlers._log_failure(failed)
        assert [r.levelname for r in caplog.records] == ["INFO"] and not caplog.records[0].exc_info


def test_one_pathway_watch_feeds_the_webhooks_cache_and_the_reconciles_view(runtime: handlers.Runtime) -> None:
    """With the webhook served by the operator, its reference cache is fed by the operator's
    Pathway watch (no second watch); the reconciles' view keeps each Pathway's version and
    latest version, and forgets a deleted one. Namespaces reviewed but not reconciled feed
    only the cache."""
    from tornado_operator.controller import handlers

    kube = runtime.reconciler.kube
    assert isinstance(kube, FakeKube)
    kube.put_object("pathways", NS, {"metadata": {"name": "support"}, "spec": {}, "status": {"latestVersion": 3}})
    kube.put_object("pathways", "elsewhere", {"metadata": {"name": "other"}, "spec": {}})
    runtime.namespaces = [NS]
    runtime.feeds_references, runtime.reference_scopes = True, None

    async def scenario() -> None:
        try:
            await handlers.watch_pathways()
            for _ in range(200):
                if runtime.informers[0].synced.is_set():
                    break
                await asyncio.sleep(0.01)
        finally:
            for informer in runtime.informers:
                informer.stop.set()

    asyncio.run(scenario())
    assert [informer.name for informer in runtime.informers] == ["watch-pathways-all"]  # one watch, of what the webhook reviews
    assert runtime.cache.get("pathways", NS, "support") is not None and runtime.cache.get("pathways", "elsewhere", "other") is not None
    seen = runtime.reconciler.pathways_seen(NS, "support")
    assert seen is not None and seen.latest_version == 3 and seen.resource_version
    assert runtime.reconciler.pathways_seen("elsewhere", "other") is None  # not reconciled here: not kept
    handlers.see_pathway(runtime.pathways_seen, "DELETED", {"metadata": {"name": "support", "namespace": NS}})
    assert runtime.reconciler.pathways_seen(NS, "support") is None


def test_the_webhook_watches_pathways_itself_only_without_the_operators_watch() -> None:
    from tornado_operator.controller import handlers
    from tornado_operator.controller.cache import ReferenceCache

    kube = FakeKube()
    both = handlers.watch_references(kube, ReferenceCache(), [NS])  # type: ignore[arg-type]
    scenarios_only = handlers.watch_references(kube, ReferenceCache(), [NS], pathways=False)  # type: ignore[arg-type]
    for informer in both + scenarios_only:
        informer.stop.set()
    assert [i.name for i in both] == [f"watch-pathways-{NS}", f"watch-testscenarios-{NS}"]
    assert [i.name for i in scenarios_only] == [f"watch-testscenarios-{NS}"]


def test_the_finished_job_the_watch_delivers_is_kept_for_the_next_step(runtime: handlers.Runtime) -> None:
    from tornado_operator.controller import handlers

    async def scenario() -> None:
        worker = await a_step_running(runtime, written="7", iteration=1)
        handlers._job_news("MODIFIED", job_body(1, complete=True), NS)
        assert worker.finished_job is not None and worker.finished_job["metadata"]["name"] == f"{NAME}-it1"
        handlers._job_news("DELETED", job_body(1, complete=True), NS)
        assert worker.finished_job is None  # gone: the next step reads (and finds no Job)
        worker.task.cancel()

    asyncio.run(scenario())


def test_the_next_step_starts_from_the_session_as_the_last_left_it_unless_written_elsewhere(runtime: handlers.Runtime) -> None:
    """A step's last view of its session (its own write) is the next step's start, no read;
    a session event that is not the worker's own write, during the step or after it, makes
    the next step read the session again; so does a step that ended on a transient error."""
    from tornado_operator.controller import handlers
    from tornado_operator.controller.sessions import ReconcileResult

    steps: list[dict[str, Any] | None] = []
    outcomes = [
        ReconcileResult(session=session_body("10"), requeue_after=60),
        ReconcileResult(session=session_body("11"), requeue_after=60),
        ReconcileResult(session=session_body("11"), requeue_after=60, current=False),
        ReconcileResult(session=session_body("12"), requeue_after=60, finished=True),
    ]

    def fake_reconcile(_runtime: Any, _ns: str, _name: str, _job: Any = None, session: dict[str, Any] | None = None) -> ReconcileResult:
        steps.append(session)
        return outcomes[len(steps) - 1]

    async def scenario() -> None:
        original = handlers._reconcile
        handlers._reconcile = fake_reconcile  # type: ignore[assignment]
        try:
            handlers.ensure_worker(NS, NAME, UID)
            worker = runtime.workers[UID]
            for _ in range(100):
                if len(steps) == 1 and worker.session is not None:
                    break
                await asyncio.sleep(0.01)
            assert worker.session is not None and worker.session["metadata"]["resourceVersion"] == "10"
            handlers.ensure_worker(NS, NAME, UID, resource_version="10")  # its own write: kept
            assert worker.session is not None
            handlers.ensure_worker(NS, NAME, UID, resource_version="99")  # someone else's: dropped, and a step
            for _ in range(100):
                if len(steps) >= 2:
                    break
                await asyncio.sleep(0.01)
            handlers.ensure_worker(NS, NAME, UID)  # a Job's news: steps 3 and 4
            for _ in range(100):
                if worker.task.done():
                    break
                await asyncio.sleep(0.01)
                if len(steps) == 3:
                    handlers.ensure_worker(NS, NAME, UID)
        finally:
            handlers._reconcile = original  # type: ignore[assignment]

    asyncio.run(scenario())
    assert [s if s is None else s["metadata"]["resourceVersion"] for s in steps] == [None, None, "11", None]


def test_the_first_steps_label_patch_coming_back_is_no_news(runtime: handlers.Runtime) -> None:
    """A session's first step patches its labels (rv 9) and then writes its status (rv 10):
    both events are its own, whether they arrive during the step or after it; the next write
    by someone else (rv 11) is news."""
    from tornado_operator.controller import handlers

    async def scenario() -> None:
        worker = await a_step_running(runtime, written=None, iteration=0)
        await handlers.session_event({"type": "MODIFIED"}, session_body("9"), NS, NAME, UID)  # during the step
        worker.written, worker.earlier_writes, worker.iteration = "10", frozenset({"9"}), 1  # the step ends
        assert not worker.news() and not worker.written_elsewhere()
        worker.wake.clear()
        worker.woken_by.clear()
        await handlers.session_event({"type": "MODIFIED"}, session_body("9"), NS, NAME, UID)  # after it
        await handlers.session_event({"type": "MODIFIED"}, session_body("10"), NS, NAME, UID)
        assert not worker.wake.is_set()
        await handlers.session_event({"type": "MODIFIED"}, session_body("11"), NS, NAME, UID)
        assert worker.wake.is_set() and worker.news() and worker.written_elsewhere()
        worker.task.cancel()

    asyncio.run(scenario())


def test_a_new_workers_first_step_starts_from_the_watchs_object(runtime: handlers.Runtime) -> None:
    """The event that starts a worker carries the session: its first step does not read it."""
    from tornado_operator.controller import handlers
    from tornado_operator.controller.sessions import ReconcileResult

    steps: list[dict[str, Any] | None] = []

    def fake_reconcile(_runtime: Any, _ns: str, _name: str, _job: Any = None, session: dict[str, Any] | None = None) -> ReconcileResult:
        steps.append(session)
        return ReconcileResult(session=session_body("6"), requeue_after=60, finished=True)

    async def scenario() -> None:
        original = handlers._reconcile
        handlers._reconcile = fake_reconcile  # type: ignore[assignment]
        try:
            body = {**session_body("5"), "status": {}}
            await handlers.session_event({"type": "ADDED"}, body, NS, NAME, UID)
            for _ in range(100):
                if steps:
                    break
                await asyncio.sleep(0.01)
        finally:
            handlers._reconcile = original  # type: ignore[assignment]

    asyncio.run(scenario())
    assert [s if s is None else s["metadata"]["resourceVersion"] for s in steps] == ["5"]

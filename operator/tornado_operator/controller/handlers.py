"""kopf wiring: watch events in, one worker task per running session, events out.

No kopf state is kept on our objects (no finalizers, no kopf annotations): sessions are
reconciled level-triggered from their status and children, so deleting a session never
waits for the operator, and a restarted operator simply lists and continues.

Each running session has one asyncio worker that runs reconcile steps one at a time (so
two events for the same session never race) and sleeps until it is woken by a watch
event of the session or of its Jobs, or until its deadline or the resync interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import kopf

from tornado_operator import metrics
from tornado_operator.api.session import is_terminal_phase
from tornado_operator.controller import locks, names
from tornado_operator.controller.cache import ReferenceCache
from tornado_operator.controller.informer import Informer, OnEvent, OnListed, resource_path
from tornado_operator.controller.jobs import job_state
from tornado_operator.controller.kube import BATCH, CUSTOM, Kube, api_message
from tornado_operator.controller.sessions import (
    PathwaySeen,
    ReconcileResult,
    SessionError,
    SessionReconciler,
    is_transient,
    resync_seconds,
    snapshot_pathway,
)

log = logging.getLogger(__name__)


@dataclass
class Worker:
    task: asyncio.Task[None]
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    # resourceVersion of the worker's own last status write: its watch event is no news;
    # nor are those of the same step's earlier writes (a session's first step patches its
    # labels, then writes status: without this its label patch woke a whole reconcile more).
    written: str | None = None
    earlier_writes: frozenset[str] = frozenset()
    pathway: tuple[str, str] | None = None  # (namespace, pathwayId): woken when the Pathway goes
    # status.currentIteration as last read or written: Jobs of earlier iterations are no news.
    iteration: int = 0
    # What woke the worker while a step ran: ("session", resourceVersion), ("job", iteration)
    # or ("other", None). When the step ends, wakes that were only the step's own writes coming
    # back (its status write, the Job it recorded) are dropped by the same rules as above; they
    # usually arrive before the step returns, and each cost a whole reconcile more.
    woken_by: list[tuple[str, Any]] = field(default_factory=list)
    # The newest finished (complete or failed) Job the watch delivered: final, so the step
    # that records it needs no read of it.
    finished_job: dict[str, Any] | None = None
    # The session as the last step left it (written or read), when nothing else has written it
    # since: the next step starts from it instead of reading it.
    session: dict[str, Any] | None = None

    def wake_up(self, reason: str, detail: Any = None) -> None:
        self.woken_by.append((reason, detail))
        self.wake.set()

    def news(self) -> bool:
        """Whether anything that woke the worker since its step began is more than that step's
        own writes (judged with what the step wrote and recorded)."""
        for reason, detail in self.woken_by:
            if reason == "session" and self.own_write(detail):
                continue
            if reason == "job" and isinstance(detail, int) and detail < self.iteration:
                continue
            return True
        return False

    def own_write(self, resource_version: str | None) -> bool:
        """Whether a session event of this resourceVersion is the last step's own write."""
        return resource_version is not None and (resource_version == self.written or resource_version in self.earlier_writes)

    def written_elsewhere(self) -> bool:
        """Whether a session event that is not the worker's own write came while its step ran."""
        return any(reason == "session" and not self.own_write(detail) for reason, detail in self.woken_by)


@dataclass
class Runtime:
    """Operator-wide state, set up by the startup handler (cli/operator.py)."""

    reconciler: SessionReconciler
    workers: dict[str, Worker] = field(default_factory=dict)  # by session uid
    cache: ReferenceCache = field(default_factory=ReferenceCache)
    namespaces: list[str] = field(default_factory=list)  # watched namespaces; empty: all
    informers: list[Informer] = field(default_factory=list)  # light watches (stopped at cleanup)
    # What the Pathway watch last saw of each Pathway, read by the reconciles instead of a
    # Pathway read per transition (SessionReconciler.pathways_seen).
    pathways_seen: dict[tuple[str, str], PathwaySeen] = field(default_factory=dict)
    # When the operator serves the admission webhook: its reference cache is fed by the same
    # Pathway watch (one watch and one parse per Pathway event, not two), over the namespaces
    # the webhook reviews (None: all; always those the operator reconciles, or more).
    feeds_references: bool = False
    reference_scopes: list[str] | None = None


RUNTIME: Runtime | None = None
SNAPSHOT_ATTEMPTS = 5  # a Pathway snapshot that fails transiently: 0.5 + 1 + 2 + 4 s of retries


def configure(runtime: Runtime) -> None:
    global RUNTIME
    RUNTIME = runtime


def _runtime() -> Runtime:
    if RUNTIME is None:
        raise RuntimeError("operator runtime not configured")
    return RUNTIME


def _post_events(kube: Kube, outcome: ReconcileResult) -> None:
    """Post the reconcile's Events from its own thread, over the reconciler's connection:
    kopf's poster (a queue, a task and an aiohttp request per Event, on the event loop) cost
    several times the request itself, and two Events go with every transition."""
    body = outcome.session
    if body is None:
        return
    namespace = (body.get("metadata") or {}).get("namespace") or "default"
    for kind, reason, message in outcome.events:
        try:
            kube.post_event(namespace, body, reason, message, warning=kind == "Warning")
        except Exception:  # events are best effort
            log.debug("could not post event %s", reason, exc_info=True)


def _reconcile(
    runtime: Runtime, namespace: str, name: str, finished_job: dict[str, Any] | None = None, session: dict[str, Any] | None = None
) -> ReconcileResult:
    """One reconcile step and its Events, in a worker thread (the Events after the step's
    writes, as before: an Event never announces what was not written)."""
    outcome = runtime.reconciler.reconcile(namespace, name, finished_job=finished_job, known=session)
    _post_events(runtime.reconciler.kube, outcome)
    return outcome


def _observe_metrics(outcome: ReconcileResult) -> None:
    uid = ((outcome.session or {}).get("metadata") or {}).get("uid")
    if uid and outcome.phase is not None:
        metrics.observe_session_phase(uid, outcome.phase.value)


async def _work(namespace: str, name: str, uid: str) -> None:
    runtime = _runtime()
    worker = runtime.workers[uid]
    failures = 0
    try:
        while True:
            worker.wake.clear()
            worker.woken_by.clear()
            try:
                outcome = await asyncio.to_thread(_reconcile, runtime, namespace, name, worker.finished_job, worker.session)
                failures = 0
            except Exception as exc:  # the API server hiccuped, a 409 on status: retry with backoff
                failures += 1
                delay = min(30.0, 0.5 * 2**failures)
                log.warning("reconcile of %s/%s failed (%s); retrying in %.1fs", namespace, name, api_message(exc), delay)
                outcome = ReconcileResult(requeue_after=delay)
            _observe_metrics(outcome)
            if outcome.session is not None:
                worker.written = (outcome.session.get("metadata") or {}).get("resourceVersion")
                worker.earlier_writes = frozenset(outcome.earlier_writes)
                worker.iteration = int((outcome.session.get("status") or {}).get("currentIteration") or 0)
            # Reused by the next step only if no one else wrote the session meanwhile.
            worker.session = outcome.session if outcome.current and not worker.written_elsewhere() else None
            if outcome.finished:
                return
            if worker.wake.is_set() and not worker.news():
                worker.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(worker.wake.wait(), timeout=outcome.requeue_after)
    finally:
        current = runtime.workers.get(uid)
        if current is worker:
            del runtime.workers[uid]
        runtime.reconciler.resync = resync_seconds(len(runtime.workers))


def ensure_worker(
    namespace: str,
    name: str,
    uid: str,
    pathway_id: str | None = None,
    *,
    resource_version: str | None = None,
    seen: dict[str, Any] | None = None,
) -> None:
    """Start the session's worker, or wake it (`resource_version`: of the session event that
    wakes it, which is no news if it is the worker's own write). `seen`: the session as that
    event carried it, a new worker's first step starts from it instead of reading it: as fresh
    as a read racing the same change would be, and any later change brings its own event,
    which wakes the worker again (a status write from a stale object fails 409 and is retried
    from a read)."""
    runtime = _runtime()
    worker = runtime.workers.get(uid)
    if worker is not None and not worker.task.done():
        if pathway_id and worker.pathway is None:
            worker.pathway = (namespace, pathway_id)
        if resource_version is not None and not worker.own_write(resource_version):
            worker.session = None  # written by someone else: the next step reads it
        worker.wake_up("session" if resource_version is not None else "other", resource_version)
        return
    task = asyncio.get_running_loop().create_task(_work(namespace, name, uid), name=f"session:{namespace}/{name}")
    runtime.workers[uid] = Worker(task=task, pathway=(namespace, pathway_id) if pathway_id else None, session=seen)
    runtime.reconciler.resync = resync_seconds(len(runtime.workers))


@kopf.on.startup()
async def release_orphaned_locks(**_: Any) -> None:
    """Locks of sessions deleted while no operator watched (no DELETED event will come):
    released before the watches start, so the next session of the pathway starts at once."""
    runtime = _runtime()
    scopes: list[str | None] = list(runtime.namespaces) or [None]
    for namespace in scopes:
        try:
            await asyncio.to_thread(locks.release_orphans, runtime.reconciler.kube, namespace)
        except Exception as exc:  # best effort: such a lock is also taken over by the next session
            log.warning("could not sweep orphaned locks in %s: %s", namespace or "all namespaces", exc)


def _start_watches(
    runtime: Runtime,
    base: str,
    plural: str,
    name: str,
    handler: Callable[[Informer], OnEvent],
    labels: str | None = None,
    *,
    namespaces: list[str] | None = None,
    listed: Callable[[str | None], OnListed] | None = None,
) -> None:
    """One light watch of `plural` per namespace the operator watches (or of `namespaces`; one
    of all namespaces when that list is empty, thread "watch-<name>-all"), each handing its
    events to `handler(informer)` and, after each listing, the keys listed to `listed(namespace)`."""
    wanted = runtime.namespaces if namespaces is None else namespaces
    scopes: list[str | None] = list(wanted) if wanted else [None]
    for namespace in scopes:
        informer = Informer(
            runtime.reconciler.kube, resource_path(base, plural, namespace), on_event=lambda kind, obj: None,
            on_listed=listed(namespace) if listed is not None else None,
            labels=labels, name=f"watch-{name}-{namespace or 'all'}",
        )
        informer.on_event = handler(informer)
        runtime.informers.append(informer.start())


@kopf.on.startup()
async def watch_sessions(**_: Any) -> None:
    """The sessions, through a light watch (controller/informer.py) instead of kopf: the
    listing comes in pages (kopf held every session of a restart at once, each with its own
    worker task: most of the restart's memory peak with 6,000 sessions), and an event that
    cannot matter (a finished session's, most of a restart's listing) stops in the watch's
    thread. The others go to session_event on the event loop, as kopf delivered them."""
    loop = asyncio.get_running_loop()

    def handler(informer: Informer) -> OnEvent:
        def on_event(kind: str, obj: dict[str, Any]) -> None:
            listing = not informer.synced.is_set()
            meta = obj.get("metadata") or {}
            status = obj.get("status") or {}
            if not _session_is_news(kind, obj):
                if listing:
                    loop.call_soon_threadsafe(metrics.observe_session_phase, str(meta.get("uid") or ""), str(status.get("phase")))
                return  # finished and seen as it is: nothing to do (session_event's rule)
            event = {"type": None if listing else kind}
            future = asyncio.run_coroutine_threadsafe(
                session_event(event, obj, str(meta.get("namespace") or ""), str(meta.get("name") or ""), str(meta.get("uid") or "")),
                loop,
            )
            future.add_done_callback(_log_failure)

        return on_event

    _start_watches(_runtime(), CUSTOM, "tornadosessions", "sessions", handler)


def _session_is_news(kind: str, body: dict[str, Any]) -> bool:
    """Whether a session event may need session_event (pure; in the watch's thread): not when
    the session has finished and its status says so for its current spec."""
    status = body.get("status") or {}
    current = status.get("observedGeneration") == (body.get("metadata") or {}).get("generation")
    return kind == "DELETED" or not (is_terminal_phase(status.get("phase")) and current)


def _log_failure(future: Any) -> None:
    if future.cancelled() or future.exception() is None:
        return
    if _stopping():
        # an event handed over just before the cleanup stopped the watches: the loop's executor
        # may already be shut down; the next start lists the world again, so nothing is lost
        log.info("a watch event dropped while the operator stops: %s", future.exception())
        return
    log.error("handling a session event failed", exc_info=future.exception())


def _stopping() -> bool:
    """Whether the operator's cleanup has begun (it stops the light watches first)."""
    return RUNTIME is not None and any(informer.stop.is_set() for informer in RUNTIME.informers)


async def session_event(event: dict[str, Any], body: Any, namespace: str, name: str, uid: str, **_: Any) -> None:
    runtime = _runtime()
    if event.get("type") == "DELETED":
        worker = runtime.workers.pop(uid, None)
        if worker is not None:
            worker.task.cancel()
        spec = body.get("spec") or {}
        if spec.get("pathwayId"):
            keys = locks.lock_keys(spec["pathwayId"], spec.get("personaId"))
            await asyncio.to_thread(locks.release_all, runtime.reconciler.kube, namespace, keys, uid)
        metrics.forget_session(uid)
        return
    phase = (body.get("status") or {}).get("phase")
    if is_terminal_phase(phase):
        behind = (body.get("status") or {}).get("observedGeneration") != body.get("metadata", {}).get("generation")
        if behind:
            ensure_worker(namespace, name, uid)  # its spec changed after it ended: observedGeneration
        elif event.get("type") is None:
            # Seen at startup: no reconcile. A lock a killed operator left behind was released
            # by the startup sweep (release_orphaned_locks: every lock whose holder has finished),
            # or is taken over by the pathway's next session; a worker per finished session cost
            # each restart ~5 ms of CPU per session ever run (25 s with 5,000, issue 19).
            metrics.observe_session_phase(uid, phase)
        return
    worker = runtime.workers.get(uid)
    version = body.get("metadata", {}).get("resourceVersion")
    if worker is not None and not worker.task.done() and worker.own_write(version):
        return  # the worker's own status write coming back
    seen = body if isinstance(body, dict) else None  # the watch's object (kopf's Body: read it)
    ensure_worker(namespace, name, uid, (body.get("spec") or {}).get("pathwayId"), resource_version=version, seen=seen)


async def job_event(event: dict[str, Any], body: Any, namespace: str, **_: Any) -> None:
    """A Job event (as kopf would pass it; the Jobs are watched by watch_jobs)."""
    if event.get("type") is None:
        return  # initial listing: the sessions' own events start their workers
    _job_news(str(event.get("type")), dict(body), namespace)


def _job_is_news(kind: str, body: dict[str, Any]) -> bool:
    """Whether a Job event may matter to its session (pure; in the watch's thread)."""
    return not (kind == "MODIFIED" and job_state(body)[0] == "running")  # pod started, counters moved


def _job_news(kind: str, body: dict[str, Any], namespace: str) -> None:
    """Wake the Job's session worker (on the event loop)."""
    if not _job_is_news(kind, body):
        return
    running = job_state(body)[0] == "running"
    labels = body.get("metadata", {}).get("labels", {})
    uid = labels.get(names.LABEL_SESSION_UID)
    worker = _runtime().workers.get(uid) if uid else None
    if worker is not None:
        iteration = _iteration_of(labels)
        if iteration < worker.iteration:
            return  # a Job already recorded (the Job controller updates it after Complete)
        if kind == "ADDED" and running:
            return  # the worker's own create coming back
        worker.finished_job = None if kind == "DELETED" or running else body
        worker.wake_up("job", iteration)
    elif uid:
        owners = body.get("metadata", {}).get("ownerReferences") or []
        owner = next((o for o in owners if o.get("kind") == "TornadoSession"), None)
        if owner is not None:
            ensure_worker(namespace, owner["name"], uid)


@kopf.on.startup()
async def watch_jobs(**_: Any) -> None:
    """The iteration Jobs, through a light watch (controller/informer.py) instead of kopf: a
    transition brings five or six Job events (created, pod started, counters, Complete...),
    each ~1 ms of CPU through kopf's machinery and nearly all no news. The thread drops what
    is no news and hands the rest to the event loop."""
    loop = asyncio.get_running_loop()

    def handler(informer: Informer) -> OnEvent:
        def on_event(kind: str, obj: dict[str, Any]) -> None:
            if not informer.synced.is_set():
                return  # the first listing: the sessions' own events start their workers
            if _job_is_news(kind, obj):
                loop.call_soon_threadsafe(_job_news, kind, obj, str((obj.get("metadata") or {}).get("namespace") or ""))

        return on_event

    _start_watches(_runtime(), BATCH, "jobs", "jobs", handler, labels=names.LABEL_SESSION_UID)


def _iteration_of(labels: dict[str, Any]) -> int:
    value = str(labels.get(names.LABEL_ITERATION) or "")
    return int(value) if value.isdigit() else 0


@kopf.on.startup()
async def watch_pathways(**_: Any) -> None:
    """The Pathways, through a light watch: every transition writes its Pathway's status
    (the latest version), an event that is no news once the generation is snapshotted; and a
    restart's listing of every Pathway (graphs and all) no longer goes through kopf at once."""
    loop = asyncio.get_running_loop()
    runtime = _runtime()
    reconciled = set(runtime.namespaces)  # empty: all

    def on_event(kind: str, obj: dict[str, Any]) -> None:
        meta = obj.get("metadata") or {}
        namespace, name = str(meta.get("namespace") or ""), str(meta.get("name") or "")
        if runtime.feeds_references:
            runtime.cache.event("pathways", kind, obj)
        if reconciled and namespace not in reconciled:
            return  # reviewed by the webhook, not reconciled here
        see_pathway(runtime.pathways_seen, kind, obj)
        if not _pathway_is_news(kind, obj):
            return
        future = asyncio.run_coroutine_threadsafe(pathway_event({"type": kind}, obj, namespace, name), loop)
        future.add_done_callback(_log_failure)

    def listed(scope: str | None) -> OnListed:
        def on_listed(keys: set[tuple[str, str]]) -> None:
            if runtime.feeds_references:
                runtime.cache.keep_only("pathways", scope, keys)
            for key in [k for k in runtime.pathways_seen if (scope is None or k[0] == scope) and k not in keys]:
                runtime.pathways_seen.pop(key, None)  # deleted while the stream was down

        return on_listed

    scopes = runtime.reference_scopes if runtime.feeds_references else runtime.namespaces
    _start_watches(runtime, CUSTOM, "pathways", "pathways", lambda informer: on_event, namespaces=scopes or [], listed=listed)


def see_pathway(seen: dict[tuple[str, str], PathwaySeen], kind: str, obj: dict[str, Any]) -> None:
    """Remember what a Pathway event says of it for the reconciles (pure; in the watch's thread)."""
    meta = obj.get("metadata") or {}
    key = (str(meta.get("namespace") or ""), str(meta.get("name") or ""))
    if kind == "DELETED":
        seen.pop(key, None)
        return
    latest = (obj.get("status") or {}).get("latestVersion")
    seen[key] = PathwaySeen(str(meta.get("resourceVersion") or ""), latest if isinstance(latest, int) else 0)


def _pathway_is_news(kind: str, body: dict[str, Any]) -> bool:
    """Whether a Pathway event needs pathway_event: its deletion, or a generation not yet
    snapshotted (pure; in the watch's thread)."""
    generation = (body.get("metadata") or {}).get("generation")
    return kind == "DELETED" or (body.get("status") or {}).get("observedGeneration") != generation


async def pathway_event(event: dict[str, Any], body: Any, namespace: str, name: str, **_: Any) -> None:
    """Snapshot every new generation of a Pathway as its next PathwayVersion. (The same watch
    feeds the webhook's reference cache when the operator serves it: watch_pathways.)"""
    if event.get("type") == "DELETED":
        _PATHWAY_LOCKS.pop((namespace, name), None)
        for worker in _runtime().workers.values():
            if worker.pathway == (namespace, name):
                worker.wake_up("other")  # its session ends PathwayDeleted now, not when its Job fails
        return
    # One event of a Pathway at a time (as kopf did): two snapshots of one generation at once
    # would both find no version with its content.
    async with _PATHWAY_LOCKS.setdefault((namespace, name), asyncio.Lock()):
        await _snapshot(body, namespace, name)


_PATHWAY_LOCKS: dict[tuple[str, str], asyncio.Lock] = {}


async def _snapshot(body: Any, namespace: str, name: str) -> None:
    generation = body.get("metadata", {}).get("generation")
    if (body.get("status") or {}).get("observedGeneration") == generation:
        return
    kube = _runtime().reconciler.kube
    latest = await asyncio.to_thread(kube.get, "pathways", namespace, name)
    if latest is None or (latest.get("status") or {}).get("observedGeneration") == (latest.get("metadata") or {}).get("generation"):
        return  # deleted, or snapshotted since this event (an earlier event's snapshot)
    body = latest
    generation = body.get("metadata", {}).get("generation")
    for attempt in range(SNAPSHOT_ATTEMPTS):
        try:
            number = await asyncio.to_thread(snapshot_pathway, kube, namespace, dict(body))
            break
        except SessionError as exc:
            await asyncio.to_thread(_post, kube, namespace, dict(body), "InvalidPathway", exc.message, True)
            return
        except Exception as exc:
            # kopf does not call an event handler again for the same event: a transient
            # error (say, 429 "storage is (re)initializing" just after the CRDs were
            # installed) would leave this generation without a version until a session needs it.
            if not is_transient(exc) or attempt == SNAPSHOT_ATTEMPTS - 1:
                raise
            log.info("snapshot of pathway %s/%s failed (%s); retrying", namespace, name, api_message(exc))
            await asyncio.sleep(0.5 * 2**attempt)
    await asyncio.to_thread(_post, kube, namespace, dict(body), "Snapshotted", f"generation {generation} is version {number}", False)


def _post(kube: Kube, namespace: str, body: dict[str, Any], reason: str, message: str, warning: bool) -> None:
    try:
        kube.post_event(namespace, body, reason, message, warning=warning)
    except Exception:  # events are best effort
        log.debug("could not post event %s", reason, exc_info=True)


# PathwayVersions are not watched: admission looks one up only for a session that names
# spec.versionNumber (a live read), while every iteration forks one, and each such watch event
# cost the operator more CPU than that read (issue 19).


def watch_references(kube: Kube, cache: ReferenceCache, namespaces: list[str] | None, *, pathways: bool = True) -> list[Informer]:
    """Keep `cache` (the admission webhook's) current with light watches of Pathways and
    TestScenarios, in `namespaces` or (None) in all: the namespaces the webhook reviews, which
    with an operator-written configuration (--webhook-url) are all of them, whatever the
    operator reconciles. Not through kopf: a scenario is only remembered, and kopf's listing
    of every scenario at a restart was most of its memory peak (issue 19). `pathways=False`:
    the operator's own Pathway watch feeds the cache (Runtime.feeds_references)."""
    informers: list[Informer] = []
    scopes: list[str | None] = list(namespaces) if namespaces else [None]
    for plural in ("pathways", "testscenarios") if pathways else ("testscenarios",):
        for namespace in scopes:

            def on_listed(keys: set[tuple[str, str]], plural: str = plural, namespace: str | None = namespace) -> None:
                cache.keep_only(plural, namespace, keys)

            informers.append(
                Informer(
                    kube,
                    resource_path(CUSTOM, plural, namespace),
                    on_event=lambda kind, obj, plural=plural: cache.event(plural, kind, obj),  # type: ignore[misc]
                    on_listed=on_listed,
                    name=f"watch-{plural}-{namespace or 'all'}",
                ).start()
            )
    return informers


def make_runtime(kube: Kube, reconciler: SessionReconciler | None = None, namespaces: list[str] | None = None) -> Runtime:
    runtime = Runtime(reconciler=reconciler or SessionReconciler(kube), namespaces=list(namespaces or []))
    seen = runtime.pathways_seen
    runtime.reconciler.pathways_seen = lambda namespace, name: seen.get((namespace, name))
    return runtime

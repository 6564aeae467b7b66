"""Watch streams of Jobs, Pods and TornadoSessions, each event timestamped on arrival.

Raw streams (JSON lines, no model deserialisation) in daemon threads; time.monotonic() is
taken as each line arrives, because API timestamps have one-second resolution.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from bench.cluster import BENCH_USER_AGENT
from bench.common import log

SESSION_PATH = "/apis/agenttesting.dev/v1alpha1/tornadosessions"
JOB_PATH = "/apis/batch/v1/jobs"
POD_PATH = "/api/v1/pods"
ITERATION_SELECTOR = "agenttesting.dev/component=iteration"
STOP = threading.Event()  # set before the cluster goes away: the watchers exit quietly


@dataclass
class JobTimes:
    namespace: str
    session: str
    iteration: int
    added: float | None = None
    pod_running: float | None = None
    complete: float | None = None
    failed: float | None = None


@dataclass
class SessionTimes:
    namespace: str
    name: str
    seen: float | None = None
    finished: float | None = None
    phase: str | None = None
    iterations: int = 0


@dataclass
class Recorder:
    jobs: dict[tuple[str, str], JobTimes] = field(default_factory=dict)
    sessions: dict[tuple[str, str], SessionTimes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)
    # Called (outside the lock) with (namespace, session, iteration) when a Job is first seen.
    new_job_hooks: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    # --- event sinks (called from watcher threads) ---

    def on_job(self, kind: str, obj: dict[str, Any], now: float) -> None:
        meta = obj["metadata"]
        name = meta["name"]
        session, _, number = name.rpartition("-it")
        if not number.isdigit():
            return
        key = (meta["namespace"], name)
        new = False
        with self.changed:
            times = self.jobs.get(key)
            if times is None:
                times = self.jobs[key] = JobTimes(meta["namespace"], session, int(number))
                new = kind != "LISTED"
            if times.added is None:
                times.added = now
            for condition in (obj.get("status") or {}).get("conditions") or []:
                if condition.get("status") != "True":
                    continue
                if condition.get("type") == "Complete" and times.complete is None:
                    times.complete = now
                if condition.get("type") == "Failed" and times.failed is None:
                    times.failed = now
            self.changed.notify_all()
        if new:
            for hook in self.new_job_hooks:
                hook(meta["namespace"], session, int(number))

    def on_pod(self, kind: str, obj: dict[str, Any], now: float) -> None:
        meta = obj["metadata"]
        job = (meta.get("labels") or {}).get("job-name")
        if not job or (obj.get("status") or {}).get("phase") not in ("Running", "Succeeded", "Failed"):
            return
        with self.changed:
            times = self.jobs.get((meta["namespace"], job))
            if times is not None and times.pod_running is None:
                times.pod_running = now

    def on_session(self, kind: str, obj: dict[str, Any], now: float) -> None:
        meta = obj["metadata"]
        key = (meta["namespace"], meta["name"])
        status = obj.get("status") or {}
        with self.changed:
            times = self.sessions.get(key)
            if times is None:
                times = self.sessions[key] = SessionTimes(meta["namespace"], meta["name"])
            if times.seen is None:
                times.seen = now
            times.phase = status.get("phase")
            times.iterations = len(status.get("iterations") or [])
            if times.phase and times.phase != "RUNNING" and times.finished is None:
                times.finished = now
            self.changed.notify_all()

    # --- queries ---

    def finished(self, namespace: str) -> int:
        with self.lock:
            return sum(1 for s in self.sessions.values() if s.namespace == namespace and s.finished is not None)

    def wait_finished(self, namespace: str, count: int, timeout: float, progress_every: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        next_progress = time.monotonic() + progress_every
        with self.changed:
            while True:
                done = sum(1 for s in self.sessions.values() if s.namespace == namespace and s.finished is not None)
                if done >= count:
                    return True
                now = time.monotonic()
                if now >= deadline:
                    return False
                if now >= next_progress:
                    completed = sum(1 for j in self.jobs.values() if j.namespace == namespace and j.complete is not None)
                    log(f"  {namespace}: {done}/{count} sessions finished, {completed} iterations completed")
                    next_progress = now + progress_every
                self.changed.wait(timeout=min(1.0, deadline - now))

    def jobs_in(self, namespace: str) -> list[JobTimes]:
        with self.lock:
            return [j for j in self.jobs.values() if j.namespace == namespace]

    def sessions_in(self, namespace: str) -> list[SessionTimes]:
        with self.lock:
            return [s for s in self.sessions.values() if s.namespace == namespace]


class Watcher(threading.Thread):
    """List, then watch from the list's resourceVersion; resume on timeouts, relist on 410."""

    def __init__(self, creds: Any, path: str, sink: Any, selector: str | None = None) -> None:
        super().__init__(name=f"watch:{path}", daemon=True)
        self.creds = creds
        self.path = path
        self.sink = sink
        self.selector = selector
        self.ready = threading.Event()
        self.context = creds.ssl_context()

    def _open(self, query: dict[str, str], timeout: float) -> Any:
        if self.selector:
            query = {**query, "labelSelector": self.selector}
        url = f"{self.creds.server}{self.path}?{urllib.parse.urlencode(query)}"
        headers = {**self.creds.headers(), "Accept": "application/json", "User-Agent": BENCH_USER_AGENT}
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), context=self.context, timeout=timeout)

    def run(self) -> None:
        version: str | None = None
        while not STOP.is_set():
            try:
                if version is None:
                    with self._open({}, 60) as response:
                        data = json.loads(response.read())
                    now = time.monotonic()
                    for item in data.get("items") or []:
                        self.sink("LISTED", item, now)
                    version = data["metadata"]["resourceVersion"]
                    self.ready.set()
                query = {"watch": "true", "resourceVersion": version, "allowWatchBookmarks": "true", "timeoutSeconds": "240"}
                with self._open(query, 300) as response:
                    for line in response:
                        now = time.monotonic()
                        if not line.strip():
                            continue
                        event = json.loads(line)
                        if event.get("type") == "ERROR":
                            if (event.get("object") or {}).get("code") == 410:
                                version = None
                            break
                        version = event["object"]["metadata"]["resourceVersion"]
                        if event.get("type") != "BOOKMARK":
                            self.sink(event["type"], event["object"], now)
            except Exception as exc:  # API server busy: retry
                if STOP.is_set():
                    return
                log(f"watch {self.path}: {type(exc).__name__}: {exc}; retrying")
                time.sleep(0.5)


def start_watchers(creds: Any, recorder: Recorder) -> None:
    """Start the three watches (admin credentials from devcluster's load_credentials)."""
    watchers = [
        Watcher(creds, JOB_PATH, recorder.on_job, ITERATION_SELECTOR),
        Watcher(creds, POD_PATH, recorder.on_pod, ITERATION_SELECTOR),
        Watcher(creds, SESSION_PATH, recorder.on_session),
    ]
    for watcher in watchers:
        watcher.start()
    for watcher in watchers:
        watcher.ready.wait(60)

"""Prometheus metrics of the operator (served on ``--metrics-port``, path ``/metrics``).

Every metric lives in one dedicated :data:`REGISTRY` (not prometheus-client's global default
registry), so tests can read exactly these series and a second import never re-registers.

Metrics:

``tornado_sessions{phase}``
    Gauge: sessions this operator currently knows, by phase (``RUNNING`` and every terminal
    phase; ``PENDING`` for sessions without a phase yet). Kept consistent through
    :func:`observe_session_phase` / :func:`forget_session`, which remember each session's
    last phase by uid so that a phase change moves the session from one series to another.
``tornado_iterations_started_total`` / ``tornado_iterations_finished_total{outcome}``
    Counters of iteration Jobs created and iteration results recorded. ``outcome`` is
    ``continued`` when the loop goes on to another iteration, else the phase the iteration
    ended the session with (``COMPLETED_ALL_PASSED``, ``COMPLETED_PARTIAL``, ``STUCK``, ...;
    :data:`ITERATION_OUTCOMES`). A Job that fails records no result: see
    ``tornado_job_failures_total``.
``tornado_iteration_duration_seconds``
    Histogram of an iteration's wall time, from the creation of its Job (the Job's
    ``metadata.creationTimestamp``, whole seconds) to the operator recording its result: pod
    scheduling and start-up, the iteration's work and the operator's reaction included.
``tornado_scenarios_total{result}``
    Counter of scenario results (``passed`` / ``failed``) over all iterations.
``tornado_webhook_admissions_total{decision,reason}`` and ``tornado_webhook_admission_duration_seconds``
    Admission decisions (``allowed`` / ``denied``) with a short reason, and their latency.
``tornado_job_failures_total{reason}``
    Iteration Jobs that failed (reason from the Job condition or pod termination, e.g.
    ``BackoffLimitExceeded``, ``DeadlineExceeded``, ``OOMKilled``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter
from typing import Final
from wsgiref.simple_server import WSGIServer

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)

PENDING_PHASE: Final = "PENDING"
"""Series label of sessions that have no ``status.phase`` yet."""

KNOWN_PHASES: Final[tuple[str, ...]] = (
    PENDING_PHASE,
    "RUNNING",
    "COMPLETED_ALL_PASSED",
    "COMPLETED_PARTIAL",
    "TIMEOUT",
    "STUCK",
    "CANCELLED",
    "ERROR",
)
"""Phases whose series exist from the start (value 0), so dashboards see every phase."""

REGISTRY: Final = CollectorRegistry(auto_describe=True)

SESSIONS: Final = Gauge(
    "tornado_sessions",
    "Tornado sessions known to the operator, by phase.",
    ["phase"],
    registry=REGISTRY,
)
ITERATIONS_STARTED: Final = Counter(
    "tornado_iterations_started",
    "Iteration Jobs created.",
    registry=REGISTRY,
)
ITERATION_OUTCOMES: Final[tuple[str, ...]] = (
    "continued",
    "COMPLETED_ALL_PASSED",
    "COMPLETED_PARTIAL",
    "TIMEOUT",
    "STUCK",
    "CANCELLED",
    "ERROR",
)
"""Values of ``tornado_iterations_finished_total{outcome}`` (its HELP lists the same)."""

ITERATIONS_FINISHED: Final = Counter(
    "tornado_iterations_finished",
    "Iteration results recorded, by outcome: continued (another iteration follows) or the "
    "phase the iteration ended the session with (COMPLETED_ALL_PASSED, COMPLETED_PARTIAL, "
    "TIMEOUT, STUCK, CANCELLED, ERROR).",
    ["outcome"],
    registry=REGISTRY,
)
ITERATION_DURATION: Final = Histogram(
    "tornado_iteration_duration_seconds",
    "Wall time of one iteration, from its Job's creationTimestamp to the operator recording "
    "its result.",
    buckets=(5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600),
    registry=REGISTRY,
)
SCENARIOS: Final = Counter(
    "tornado_scenarios",
    "Scenario results over all iterations, by result (passed, failed).",
    ["result"],
    registry=REGISTRY,
)
WEBHOOK_ADMISSIONS: Final = Counter(
    "tornado_webhook_admissions",
    "Admission decisions of the validating webhook, by decision and reason.",
    ["decision", "reason"],
    registry=REGISTRY,
)
WEBHOOK_DURATION: Final = Histogram(
    "tornado_webhook_admission_duration_seconds",
    "Latency of the validating webhook's admission decisions.",
    # Fine below 25 ms: a decision takes a few ms, and the p50/p99 read from these buckets
    # (make bench) is only as exact as the bucket it falls in.
    buckets=(0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    registry=REGISTRY,
)
JOB_FAILURES: Final = Counter(
    "tornado_job_failures",
    "Iteration Jobs that failed, by reason.",
    ["reason"],
    registry=REGISTRY,
)

_lock = threading.Lock()
_session_phases: dict[str, str] = {}

for _phase in KNOWN_PHASES:
    SESSIONS.labels(phase=_phase).set(0)


def _phase_label(phase: str | None) -> str:
    return phase if phase else PENDING_PHASE


def observe_session_phase(uid: str, phase: str | None) -> None:
    """Record that session ``uid`` is now in ``phase`` (None: no phase yet).

    Idempotent: observing the same phase again changes nothing, so it is safe to call from
    every reconcile and from the resume handler after a restart.
    """
    label = _phase_label(phase)
    with _lock:
        previous = _session_phases.get(uid)
        if previous == label:
            return
        if previous is not None:
            SESSIONS.labels(phase=previous).dec()
        SESSIONS.labels(phase=label).inc()
        _session_phases[uid] = label


def forget_session(uid: str) -> None:
    """Drop session ``uid`` (deleted); unknown uids are ignored."""
    with _lock:
        previous = _session_phases.pop(uid, None)
        if previous is not None:
            SESSIONS.labels(phase=previous).dec()


def session_phases() -> dict[str, str]:
    """A copy of the per-uid phases (for tests and debugging)."""
    with _lock:
        return dict(_session_phases)


def iteration_started() -> None:
    ITERATIONS_STARTED.inc()


def iteration_finished(
    outcome: str, *, duration_seconds: float | None = None, passed: int = 0, failed: int = 0
) -> None:
    """Record an iteration's result: its outcome (one of :data:`ITERATION_OUTCOMES`), its
    duration from Job creation to now, and its scenario results."""
    if outcome not in ITERATION_OUTCOMES:
        raise ValueError(f"iteration outcome {outcome!r} is not one of {', '.join(ITERATION_OUTCOMES)}")
    ITERATIONS_FINISHED.labels(outcome=outcome).inc()
    if duration_seconds is not None:
        ITERATION_DURATION.observe(max(0.0, duration_seconds))
    scenarios_observed(passed, failed)


def scenarios_observed(passed: int, failed: int) -> None:
    if passed:
        SCENARIOS.labels(result="passed").inc(passed)
    if failed:
        SCENARIOS.labels(result="failed").inc(failed)


def job_failed(reason: str) -> None:
    JOB_FAILURES.labels(reason=reason or "Unknown").inc()


def webhook_admission(decision: str, reason: str, duration_seconds: float | None = None) -> None:
    """Record one admission decision (``allowed`` / ``denied``) and, optionally, its latency."""
    WEBHOOK_ADMISSIONS.labels(decision=decision, reason=reason or "none").inc()
    if duration_seconds is not None:
        WEBHOOK_DURATION.observe(max(0.0, duration_seconds))


@contextmanager
def time_webhook_admission() -> Iterator[None]:
    """Observe the duration of the ``with`` block in the webhook latency histogram."""
    start = perf_counter()
    try:
        yield
    finally:
        WEBHOOK_DURATION.observe(perf_counter() - start)


def exposition() -> bytes:
    """The Prometheus text exposition of :data:`REGISTRY`."""
    return generate_latest(REGISTRY)


def start_metrics_server(port: int, addr: str = "0.0.0.0") -> tuple[WSGIServer, threading.Thread]:
    """Serve :data:`REGISTRY` on ``http://addr:port/metrics`` from a daemon thread.

    Returns the server and its thread (``server.shutdown()`` stops it; tests use port 0 and
    read the bound port from ``server.server_port``).
    """
    server, thread = start_http_server(port, addr=addr, registry=REGISTRY)
    return server, thread


def reset_for_tests() -> None:
    """Forget every session (the gauge goes back to 0 for each phase). Counters keep counting."""
    with _lock:
        _session_phases.clear()
        for phase in KNOWN_PHASES:
            SESSIONS.labels(phase=phase).set(0)

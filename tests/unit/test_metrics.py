"""The operator's Prometheus metrics: series move as the operator reports, and are exposed."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tornado_operator import metrics


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    metrics.reset_for_tests()
    yield
    metrics.reset_for_tests()


def value(name: str, **labels: str) -> float:
    result = metrics.REGISTRY.get_sample_value(name, labels)
    return 0.0 if result is None else result


def test_session_phase_gauge_moves_between_phases() -> None:
    metrics.observe_session_phase("uid-1", None)
    assert value("tornado_sessions", phase="PENDING") == 1
    metrics.observe_session_phase("uid-1", "RUNNING")
    metrics.observe_session_phase("uid-2", "RUNNING")
    assert value("tornado_sessions", phase="PENDING") == 0
    assert value("tornado_sessions", phase="RUNNING") == 2
    metrics.observe_session_phase("uid-1", "COMPLETED_ALL_PASSED")
    metrics.observe_session_phase("uid-1", "COMPLETED_ALL_PASSED")  # idempotent
    assert value("tornado_sessions", phase="RUNNING") == 1
    assert value("tornado_sessions", phase="COMPLETED_ALL_PASSED") == 1
    assert metrics.session_phases() == {"uid-1": "COMPLETED_ALL_PASSED", "uid-2": "RUNNING"}
    metrics.forget_session("uid-1")
    metrics.forget_session("uid-1")  # unknown now: ignored
    metrics.forget_session("never-seen")
    assert value("tornado_sessions", phase="COMPLETED_ALL_PASSED") == 0
    assert value("tornado_sessions", phase="RUNNING") == 1


def test_every_phase_series_exists_from_the_start() -> None:
    text = metrics.exposition().decode()
    for phase in metrics.KNOWN_PHASES:
        assert f'tornado_sessions{{phase="{phase}"}} 0.0' in text


def test_iteration_counters_and_histogram() -> None:
    started = value("tornado_iterations_started_total")
    passed = value("tornado_scenarios_total", result="passed")
    failed = value("tornado_scenarios_total", result="failed")
    count = value("tornado_iteration_duration_seconds_count")
    continued = value("tornado_iterations_finished_total", outcome="continued")
    stuck = value("tornado_iterations_finished_total", outcome="STUCK")
    under_60 = value("tornado_iteration_duration_seconds_bucket", le="60.0")
    under_30 = value("tornado_iteration_duration_seconds_bucket", le="30.0")
    metrics.iteration_started()
    metrics.iteration_started()
    metrics.iteration_finished("continued", duration_seconds=42.0, passed=3, failed=2)
    metrics.iteration_finished("STUCK")
    assert value("tornado_iterations_started_total") == started + 2
    assert value("tornado_iterations_finished_total", outcome="continued") == continued + 1
    assert value("tornado_iterations_finished_total", outcome="STUCK") == stuck + 1
    assert value("tornado_scenarios_total", result="passed") == passed + 3
    assert value("tornado_scenarios_total", result="failed") == failed + 2
    assert value("tornado_iteration_duration_seconds_count") == count + 1
    assert value("tornado_iteration_duration_seconds_bucket", le="60.0") == under_60 + 1  # 42 s: in the 60 s bucket
    assert value("tornado_iteration_duration_seconds_bucket", le="30.0") == under_30  # ... and not in the 30 s one


def test_webhook_and_job_failure_counters() -> None:
    denied = value("tornado_webhook_admissions_total", decision="denied", reason="Conflict")
    allowed = value("tornado_webhook_admissions_total", decision="allowed", reason="none")
    backoff = value("tornado_job_failures_total", reason="BackoffLimitExceeded")
    unknown = value("tornado_job_failures_total", reason="Unknown")
    latency = value("tornado_webhook_admission_duration_seconds_count")
    metrics.webhook_admission("denied", "Conflict", 0.012)
    with metrics.time_webhook_admission():
        metrics.webhook_admission("allowed", "")
    metrics.job_failed("BackoffLimitExceeded")
    metrics.job_failed("")
    assert (
        value("tornado_webhook_admissions_total", decision="denied", reason="Conflict")
        == denied + 1
    )
    assert value("tornado_webhook_admissions_total", decision="allowed", reason="none") == allowed + 1
    assert value("tornado_webhook_admission_duration_seconds_count") == latency + 2
    assert value("tornado_job_failures_total", reason="BackoffLimitExceeded") == backoff + 1
    assert value("tornado_job_failures_total", reason="Unknown") == unknown + 1


def test_exposition_text_names_every_metric() -> None:
    metrics.iteration_started()
    metrics.iteration_finished("COMPLETED_ALL_PASSED", duration_seconds=1, passed=1)
    metrics.webhook_admission("allowed", "NoConflict", 0.001)
    metrics.job_failed("OOMKilled")
    text = metrics.exposition().decode()
    families = {
        family.name: family.type
        for family in text_string_to_metric_families(text)
        if not family.name.endswith("_created")  # prometheus-client's creation timestamps
    }
    assert families == {
        "tornado_sessions": "gauge",
        "tornado_iterations_started": "counter",
        "tornado_iterations_finished": "counter",
        "tornado_iteration_duration_seconds": "histogram",
        "tornado_scenarios": "counter",
        "tornado_webhook_admissions": "counter",
        "tornado_webhook_admission_duration_seconds": "histogram",
        "tornado_job_failures": "counter",
    }
    for line in (
        "# TYPE tornado_iterations_started_total counter",
        'tornado_iterations_finished_total{outcome="COMPLETED_ALL_PASSED"}',
        'tornado_webhook_admissions_total{decision="allowed",reason="NoConflict"}',
        'tornado_job_failures_total{reason="OOMKilled"}',
        "tornado_iteration_duration_seconds_bucket{",
    ):
        assert line in text


def test_metrics_server_serves_the_registry() -> None:
    server, thread = metrics.start_metrics_server(0, addr="127.0.0.1")
    try:
        metrics.observe_session_phase("uid-http", "RUNNING")
        with urllib.request.urlopen(
            f"http://127.0.0.1:{server.server_port}/metrics", timeout=5
        ) as response:
            body = response.read().decode()
        assert 'tornado_sessions{phase="RUNNING"} 1.0' in body
        # The dedicated registry only: no default process/python collectors.
        assert "python_info" not in body
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_iteration_outcomes_are_the_ones_the_help_lists() -> None:
    help_text = metrics.ITERATIONS_FINISHED._documentation
    for outcome in metrics.ITERATION_OUTCOMES:
        assert outcome in help_text
    with pytest.raises(ValueError, match="'passed' is not one of"):
        metrics.iteration_finished("passed")


def test_iteration_outcomes_cover_every_terminal_phase() -> None:
    from tornado_operator.api.session import Phase

    terminal = {phase.value for phase in Phase if phase.terminal}
    assert terminal | {"continued"} == set(metrics.ITERATION_OUTCOMES)

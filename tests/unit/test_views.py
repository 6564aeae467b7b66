"""The hosted API's JSON shapes, checked key by key against its three example responses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tornado_operator.api.session import TornadoSession
from tornado_operator.api.views import active_view, start_view, status_view

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hosted_api"


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def session_from_status_example() -> TornadoSession:
    doc = example("status")
    iterations = [
        {
            "iteration": item["iteration"],
            "batchId": item["batch_id"],
            "startedAt": item["started_at"],
            "completedAt": item["completed_at"],
            "passedIds": item["passed_ids"],
            "failedIds": item["failed_ids"],
            "newlyUnfixableIds": item["newly_unfixable_ids"],
            "fixPlan": {
                "fixes": [
                    {"id": f["id"], "targetNode": f["target_node"], "description": f["description"], "type": f["type"]}
                    for f in item["fix_plan"]["fixes"]
                ],
                "priorityOrder": item["fix_plan"]["priority_order"],
            },
            **({"normPromptExcerpt": item["norm_prompt_excerpt"]} if item["norm_prompt_excerpt"] else {}),
        }
        for item in doc["iterations"]
    ]
    return TornadoSession.model_validate(
        {
            "metadata": {"name": "support-fix", "uid": doc["session_id"]},
            "spec": {"pathwayId": "c3d4e5f6-789a-bcde-f012-34567890abcd", "maxIterations": 5, "timeoutMs": 900000},
            "status": {
                "sessionId": doc["session_id"],
                "phase": doc["status"],
                "currentIteration": 2,
                "maxIterations": 5,
                "totalScenarios": 3,
                "passedScenarios": 3,
                "failedScenarios": 0,
                "unfixableCount": 0,
                "unfixableIds": [],
                "iterations": iterations,
                "elapsedMs": 312000,
                "timeoutMs": 900000,
                "forkedVersion": 4,
                # The API server stores seconds; the view renders milliseconds and Z.
                "createdAt": "2026-04-14T10:15:00Z",
            },
        }
    )


def running_session() -> TornadoSession:
    doc = example("active")
    return TornadoSession.model_validate(
        {
            "metadata": {"name": "support-fix", "uid": doc["session_id"], "creationTimestamp": "2026-04-14T10:15:00Z"},
            "spec": {"pathwayId": doc["pathway_id"]},
            "status": {
                "sessionId": doc["session_id"],
                "phase": "RUNNING",
                "currentIteration": 2,
                "maxIterations": 5,
                "totalScenarios": 4,
                "passedScenarios": 2,
                "failedScenarios": 2,
                "createdAt": "2026-04-14T10:15:00.000Z",
            },
        }
    )


def assert_same(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    assert list(actual) == list(expected), "keys or key order differ"
    for key, value in expected.items():
        assert actual[key] == value, f"{key}: {actual[key]!r} != {value!r}"
        assert type(actual[key]) is type(value), f"{key}: type {type(actual[key]).__name__}"


def test_status_view_matches_example() -> None:
    expected = example("status")
    actual = status_view(session_from_status_example())
    for got, want in zip(actual["iterations"], expected["iterations"], strict=True):
        assert_same(got, want)
    assert_same(actual, expected)
    assert json.loads(json.dumps(actual)) == expected


def test_active_view_matches_example() -> None:
    assert_same(active_view(running_session()), example("active"))


def test_start_view_matches_example() -> None:
    session = running_session()
    session.status.phase = None  # just created: the operator has not written status yet
    session.status.created_at = None
    assert_same(start_view(session), example("start"))


@pytest.mark.parametrize("stamp", ["2026-04-14T10:15:00Z", "2026-04-14T10:15:00.000000+00:00", "2026-04-14T12:15:00+02:00"])
def test_timestamps_render_with_milliseconds_and_z(stamp: str) -> None:
    session = running_session()
    session.status.created_at = stamp
    assert active_view(session)["created_at"] == "2026-04-14T10:15:00.000Z"


def test_running_session_elapsed_is_counted_to_now() -> None:
    session = running_session()
    session.status.elapsed_ms = 5
    assert status_view(session)["elapsed_ms"] == 5
    assert status_view(session, now="2026-04-14T10:16:00.250Z")["elapsed_ms"] == 60_250
    finished = session_from_status_example()
    assert status_view(finished, now="2030-01-01T00:00:00Z")["elapsed_ms"] == 312000

"""The hosted API views (api/views.py): the status's own figures win over the spec's, the spec's
fill in when the status has none, and llm_usage appears only for a session that used a model."""

from __future__ import annotations

from typing import Any

from tornado_operator.api.session import TornadoSession
from tornado_operator.api.views import active_view, status_view


def session(status: dict[str, Any]) -> TornadoSession:
    return TornadoSession.model_validate(
        {"metadata": {"name": "s", "uid": "u"}, "spec": {"pathwayId": "p", "maxIterations": 5, "timeoutMs": 60000}, "status": status}
    )


def test_the_status_figures_win_and_the_spec_fills_in() -> None:
    own = session({"maxIterations": 3, "timeoutMs": 1000})
    assert (status_view(own)["max_iterations"], status_view(own)["timeout_ms"]) == (3, 1000)
    assert active_view(own)["max_iterations"] == 3
    fresh = session({})
    assert (status_view(fresh)["max_iterations"], status_view(fresh)["timeout_ms"]) == (5, 60000)
    assert active_view(fresh)["max_iterations"] == 5


def test_llm_usage_is_shown_only_when_the_session_used_a_model() -> None:
    assert "llm_usage" not in status_view(session({}))
    usage = {"calls": 2, "promptTokens": 30, "completionTokens": 10, "totalTokens": 40,
             "byRole": {"judge": {"calls": 2, "promptTokens": 30, "completionTokens": 10, "totalTokens": 40}},
             "byIteration": [{"iteration": 1, "calls": 2, "promptTokens": 30, "completionTokens": 10, "totalTokens": 40,
                              "byRole": {"judge": {"calls": 2, "promptTokens": 30, "completionTokens": 10, "totalTokens": 40}}}]}
    view = status_view(session({"llmUsage": usage}))
    tokens = {"calls": 2, "prompt_tokens": 30, "completion_tokens": 10, "total_tokens": 40}
    assert list(view)[-1] == "llm_usage"
    assert view["llm_usage"] == {**tokens, "by_role": {"judge": tokens}, "by_iteration": [{"iteration": 1, **tokens, "by_role": {"judge": tokens}}]}


def test_an_iteration_still_running_has_no_completion_time() -> None:
    view = status_view(session({"iterations": [{"iteration": 1, "batchId": "b", "startedAt": "2026-01-01T00:00:00Z"}]}))
    assert view["iterations"][0]["started_at"] == "2026-01-01T00:00:00.000Z"
    assert view["iterations"][0]["completed_at"] is None

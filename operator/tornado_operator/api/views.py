"""The hosted Tornado API's JSON shapes (snake_case), built from a TornadoSession.

start_view   -> POST /tornado                   (start a session)
status_view  -> GET  /tornado/{id}              (detailed progress)
active_view  -> GET  /tornado/active?pathway_id (the running session of a pathway/persona)

Key order follows the API documents; timestamps are ISO-8601 with milliseconds and Z;
fields the API shows as null are null, never omitted. One key is this project's own: a session
that used a model (runner.backend openai) has `llm_usage` after the hosted keys of status_view.
"""

from __future__ import annotations

from typing import Any

from tornado_operator.api.base import format_timestamp, parse_timestamp
from tornado_operator.api.session import (
    IterationRecord,
    LlmUsage,
    Phase,
    TokenUsage,
    TornadoSession,
)


def _timestamp(value: str | None) -> str | None:
    return None if value is None else format_timestamp(parse_timestamp(value))


def _session_id(session: TornadoSession) -> str | None:
    return session.status.session_id or session.metadata.uid


def _created_at(session: TornadoSession) -> str | None:
    return _timestamp(session.status.created_at or session.metadata.creation_timestamp)


def _status(session: TornadoSession) -> str:
    # A session the operator has not picked up yet is running as far as the API is concerned.
    return (session.status.phase or Phase.RUNNING).value


def start_view(session: TornadoSession) -> dict[str, Any]:
    return {
        "session_id": _session_id(session),
        "status": _status(session),
        "pathway_id": session.spec.pathway_id,
        "max_iterations": session.spec.max_iterations,
        "timeout_ms": session.spec.timeout_ms,
        "created_at": _created_at(session),
    }


def iteration_view(record: IterationRecord) -> dict[str, Any]:
    return {
        "iteration": record.iteration,
        "batch_id": record.batch_id,
        "started_at": _timestamp(record.started_at),
        "completed_at": _timestamp(record.completed_at),
        "passed_ids": list(record.passed_ids),
        "failed_ids": list(record.failed_ids),
        "newly_unfixable_ids": list(record.newly_unfixable_ids),
        "fix_plan": {
            "fixes": [
                {
                    "id": fix.id,
                    "target_node": fix.target_node,
                    "description": fix.description,
                    "type": fix.type,
                }
                for fix in record.fix_plan.fixes
            ],
            "priority_order": list(record.fix_plan.priority_order),
        },
        "norm_prompt_excerpt": record.norm_prompt_excerpt,
    }


def status_view(session: TornadoSession, *, now: str | None = None) -> dict[str, Any]:
    """`now`: for a running session, elapsed_ms is counted to this moment (the stored figure
    is only as fresh as the last iteration)."""
    status = session.status
    elapsed = status.elapsed_ms
    if now is not None and status.created_at and (status.phase is None or status.phase is Phase.RUNNING):
        elapsed = max(elapsed, int((parse_timestamp(now) - parse_timestamp(status.created_at)).total_seconds() * 1000))
    return {
        "session_id": _session_id(session),
        "status": _status(session),
        "current_iteration": status.current_iteration,
        "max_iterations": status.max_iterations or session.spec.max_iterations,
        "total_scenarios": status.total_scenarios,
        "passed_scenarios": status.passed_scenarios,
        "failed_scenarios": status.failed_scenarios,
        "unfixable_count": status.unfixable_count,
        "unfixable_ids": list(status.unfixable_ids),
        "iterations": [iteration_view(record) for record in status.iterations],
        "elapsed_ms": elapsed,
        "timeout_ms": status.timeout_ms or session.spec.timeout_ms,
        "forked_version": status.forked_version,
        **({} if status.llm_usage is None else {"llm_usage": llm_usage_view(status.llm_usage)}),
    }


def _tokens(usage: TokenUsage) -> dict[str, int]:
    return {
        "calls": usage.calls,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "total_tokens": usage.total_tokens,
    }


def llm_usage_view(usage: LlmUsage) -> dict[str, Any]:
    """status.llmUsage in the views' snake_case. Not a key of the hosted API: status_view adds it
    after the hosted keys, and only for sessions that used a model."""
    return {
        **_tokens(usage),
        "by_role": {role: _tokens(item) for role, item in usage.by_role.items()},
        "by_iteration": [
            {"iteration": item.iteration, **_tokens(item), "by_role": {r: _tokens(u) for r, u in item.by_role.items()}}
            for item in usage.by_iteration
        ],
    }


def active_view(session: TornadoSession) -> dict[str, Any]:
    status = session.status
    return {
        "session_id": _session_id(session),
        "status": _status(session),
        "pathway_id": session.spec.pathway_id,
        "persona_id": session.spec.persona_id,
        "current_iteration": status.current_iteration,
        "max_iterations": status.max_iterations or session.spec.max_iterations,
        "total_scenarios": status.total_scenarios,
        "passed_scenarios": status.passed_scenarios,
        "failed_scenarios": status.failed_scenarios,
        "created_at": _created_at(session),
    }

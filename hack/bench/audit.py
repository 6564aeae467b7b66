"""The operator's API requests, from the API server's audit log (one line per request).

Requests are counted for one user (the operator's own client certificate), one namespace and
a time window, and attributed to a session by the object they touch: the session itself,
its Jobs `<s>-it<N>`, result ConfigMaps `<s>-it<N>-result`, the lock Lease of its pathway,
Events about it (the audit policy keeps Event bodies). A session's requests up to and
including the creation of its first Job are its start; the rest are its transitions
(one per completed iteration: record it and create the next Job, or finish).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WRITE_VERBS = {"create", "update", "patch", "delete", "deletecollection"}
READ_VERBS = {"get", "list", "watch"}


@dataclass(frozen=True)
class Request:
    when: float  # epoch seconds (requestReceivedTimestamp, microseconds)
    verb: str
    resource: str  # resource[/subresource]
    name: str
    about: str  # for Events: the involved object's name
    reason: str = ""  # for Events
    message: str = ""  # for Events

    @property
    def write(self) -> bool:
        return self.verb in WRITE_VERBS

    @property
    def label(self) -> str:
        return f"{self.verb} {self.resource}"


def _epoch(stamp: str) -> float:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def read_requests(audit_log: Path, *, user: str, namespace: str, since: float, until: float) -> list[Request]:
    """Requests by `user` on objects in `namespace` received in [since, until] (epoch seconds)."""
    out: list[Request] = []
    if not audit_log.exists():
        return out
    with audit_log.open() as handle:
        for line in handle:
            if user not in line or namespace not in line:
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if (event.get("user") or {}).get("username") != user:
                continue
            ref = event.get("objectRef") or {}
            if ref.get("namespace") != namespace:
                continue
            when = _epoch(event["requestReceivedTimestamp"])
            if not since <= when <= until:
                continue
            body = event.get("requestObject") or {}
            about = (body.get("involvedObject") or body.get("regarding") or {}).get("name", "")
            resource = ref.get("resource", "?") + (f"/{ref['subresource']}" if ref.get("subresource") else "")
            reason, message = str(body.get("reason") or ""), str(body.get("message") or body.get("note") or "")
            out.append(Request(when, event.get("verb", "?"), resource, ref.get("name", ""), about, reason, message))
    out.sort(key=lambda r: r.when)
    return out


def session_of(request: Request, pathway_sessions: Mapping[str, str]) -> str | None:
    """The session a request is about, or None (namespace-wide lists, the runner account)."""
    resource = request.resource.split("/")[0]
    if resource == "tornadosessions":
        return request.name or None
    if resource == "jobs":
        return request.name.rpartition("-it")[0] or None
    if resource == "configmaps" and request.name.endswith("-result"):
        return request.name[: -len("-result")].rpartition("-it")[0] or None
    if resource == "leases":
        for pathway, session in pathway_sessions.items():
            if request.name.endswith(f"-{pathway}"):
                return session
        return None
    if resource == "events":
        return pathway_sessions.get(request.about, request.about)
    return None


def _start_event(request: Request) -> bool:
    """The Events a session's start posts (after creating its first Job)."""
    return request.resource == "events" and (
        request.reason == "Started" or (request.reason == "IterationStarted" and request.message.startswith("iteration 1:"))
    )


def _tally(requests: list[Request]) -> dict[str, Any]:
    writes = [r for r in requests if r.write]
    return {
        "reads": sum(1 for r in requests if r.verb in READ_VERBS),
        "writes": len(writes),
        "event_writes": sum(1 for r in writes if r.resource == "events"),
        "by_verb_resource": dict(Counter(r.label for r in requests).most_common()),
    }


def attribute(requests: list[Request], pathway_sessions: Mapping[str, str], transitions: Mapping[str, int]) -> dict[str, Any]:
    """Totals, and per transition / per session start, of the requests of a level.

    `pathway_sessions` maps pathway -> session; `transitions` session -> completed iterations.
    """
    start: list[Request] = []
    after: list[Request] = []
    unattributed: list[Request] = []
    first_job: dict[str, float] = {}
    for request in requests:
        if request.label == "create jobs" and request.name.endswith("-it1"):
            first_job.setdefault(request.name[: -len("-it1")], request.when)
    for request in requests:
        session = session_of(request, pathway_sessions)
        if session is None or (session not in first_job and session not in pathway_sessions.values()):
            unattributed.append(request)
        elif session not in first_job or request.when <= first_job[session] or _start_event(request):
            start.append(request)
        else:
            after.append(request)
    count = sum(transitions.values())
    sessions = len(pathway_sessions)
    per_transition = _tally(after)
    per_start = _tally(start)
    return {
        "total": _tally(requests),
        "transitions": count,
        "per_transition": {
            "reads": per_transition["reads"] / count if count else None,
            "writes": per_transition["writes"] / count if count else None,
            "writes_excluding_events": (per_transition["writes"] - per_transition["event_writes"]) / count if count else None,
            "by_verb_resource": {k: v / count for k, v in per_transition["by_verb_resource"].items()} if count else {},
        },
        "per_session_start": {
            "reads": per_start["reads"] / sessions if sessions else None,
            "writes": per_start["writes"] / sessions if sessions else None,
            "by_verb_resource": {k: v / sessions for k, v in per_start["by_verb_resource"].items()} if sessions else {},
        },
        "unattributed": _tally(unattributed),
    }

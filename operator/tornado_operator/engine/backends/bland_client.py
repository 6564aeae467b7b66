"""A client of Bland's pathway-chat endpoints (docs.bland.ai, "Pathway Chat").

    POST {base}/v1/pathway/chat/create  {pathway_id, start_node_id?, request_data, pathway_version?}
         -> {"data": {"chat_id", "message", "variables"}, "errors": null}
    POST {base}/v1/pathway/chat/{chat_id}  {"message"?: str}
         -> {"data": {"chat_id", "assistant_responses": [str], "current_node_id", "current_node_name",
                      "chat_history", "pathway_id", "pathway_version", "variables", "completed"}, "errors": null}

Header `authorization: <key>` (Bland's docs; `Bearer <key>` with auth_scheme bearer). 429, 5xx,
timeouts and connection errors are retried up to `max_retries` times with exponential backoff
(or the server's Retry-After in seconds); other 4xx fail at once with the server's errors.
Every failure is a `BlandError` (a BackendUnsupported: it ends the scenario, not the iteration),
its message redacted of the key.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from tornado_operator.api.redact import redact
from tornado_operator.engine.errors import BackendUnsupported
from tornado_operator.text import excerpt

log = logging.getLogger("tornado.bland")
BACKOFF_BASE = 0.5
BACKOFF_MAX = 8.0
RETRY_AFTER_MAX = 30.0
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class BlandError(BackendUnsupported):
    """A pathway-chat call failed: `bland_unavailable`, `bland_rejected` or `bland_bad_response`."""


@dataclass(slots=True)
class ChatStart:
    chat_id: str
    variables: dict[str, Any]


@dataclass(slots=True)
class ChatReply:
    responses: list[str]
    node_id: str | None
    node_name: str | None
    variables: dict[str, Any]
    completed: bool
    latency_ms: int
    raw: dict[str, Any] = field(default_factory=dict)


class BlandChatClient:
    """Synchronous, one request at a time per call; counts requests for the iteration's report."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        auth_scheme: Literal["raw", "bearer"] = "raw",
        timeout_seconds: float = 60.0,
        max_retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self._key = api_key
        self._sleep = sleep
        authorization = api_key if auth_scheme == "raw" else f"Bearer {api_key}"
        self._http = httpx.Client(
            timeout=timeout_seconds,
            headers={"authorization": authorization, "content-type": "application/json"},
            transport=transport,
        )
        self.requests = 0
        self.retries = 0

    def close(self) -> None:
        self._http.close()

    def create_chat(
        self,
        pathway_id: str,
        *,
        start_node_id: str | None,
        request_data: dict[str, Any],
        pathway_version: int | None,
    ) -> ChatStart:
        body: dict[str, Any] = {"pathway_id": pathway_id, "request_data": request_data}
        if start_node_id is not None:
            body["start_node_id"] = start_node_id
        if pathway_version is not None:
            body["pathway_version"] = pathway_version
        data, _ = self._post("/v1/pathway/chat/create", body)
        chat_id = data.get("chat_id")
        if not isinstance(chat_id, str) or not chat_id:
            raise self._bad("chat/create", f"no chat_id in {excerpt(str(data), 200)!r}")
        return ChatStart(chat_id=chat_id, variables=self._variables("chat/create", data))

    def send(self, chat_id: str, message: str | None) -> ChatReply:
        body: dict[str, Any] = {} if message is None else {"message": message}
        data, latency_ms = self._post(f"/v1/pathway/chat/{chat_id}", body)
        responses = data.get("assistant_responses") or []
        if not isinstance(responses, list) or not all(isinstance(item, str) for item in responses):
            raise self._bad("chat", f"assistant_responses is not a list of strings: {excerpt(str(responses), 200)!r}")
        node_id = data.get("current_node_id")
        node_name = data.get("current_node_name")
        completed = data.get("completed", False)
        if node_id is not None and not isinstance(node_id, str):
            raise self._bad("chat", f"current_node_id is not a string: {node_id!r}")
        if not isinstance(completed, bool):
            raise self._bad("chat", f"completed is not true or false: {completed!r}")
        return ChatReply(
            responses=[text for text in responses if text.strip()],
            node_id=node_id or None,
            node_name=node_name if isinstance(node_name, str) else None,
            variables=self._variables("chat", data),
            completed=completed,
            latency_ms=latency_ms,
            raw=data,
        )

    # --- transport ---------------------------------------------------------------------------

    def _variables(self, call: str, data: dict[str, Any]) -> dict[str, Any]:
        variables = data.get("variables") or {}
        if not isinstance(variables, dict):
            raise self._bad(call, f"variables is not an object: {excerpt(str(variables), 200)!r}")
        return variables

    def _bad(self, call: str, message: str) -> BlandError:
        return BlandError("bland_bad_response", self._clean(f"Bland {call}: unexpected response: {message}"))

    def _clean(self, text: str) -> str:
        return redact(text, [self._key])

    def _post(self, path: str, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """The response's `data` object and the latency of the answered request, in ms."""
        url = f"{self.base_url}{path}"
        call = path.rsplit("/", 1)[-1] if path.endswith("create") else "chat"
        attempt = 0
        while True:
            self.requests += 1
            started = time.monotonic()
            try:
                response = self._http.post(url, json=body)
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                if attempt < self.max_retries:
                    attempt = self._wait(attempt, None, problem, url)
                    continue
                raise BlandError("bland_unavailable", self._clean(f"Bland {call}: {url} unreachable after {attempt + 1} attempt(s): {problem}")) from None
            latency_ms = int((time.monotonic() - started) * 1000)
            if response.status_code in _RETRY_STATUS and attempt < self.max_retries:
                attempt = self._wait(attempt, response, f"HTTP {response.status_code}", url)
                continue
            try:
                payload = response.json()
            except ValueError:
                payload = None
            if response.status_code >= 400:
                kind = "bland_unavailable" if response.status_code >= 500 or response.status_code == 429 else "bland_rejected"
                detail = _errors_text(payload) or excerpt(response.text, 300)
                raise BlandError(kind, self._clean(f"Bland {call}: HTTP {response.status_code}: {detail}"))
            if not isinstance(payload, dict):
                raise self._bad(call, f"not a JSON object: {excerpt(response.text, 200)!r}")
            errors = payload.get("errors")
            if errors:
                raise BlandError("bland_rejected", self._clean(f"Bland {call}: {_errors_text(payload)}"))
            data = payload.get("data", payload)
            if not isinstance(data, dict):
                raise self._bad(call, f"data is not an object: {excerpt(str(data), 200)!r}")
            return data, latency_ms

    def _wait(self, attempt: int, response: httpx.Response | None, problem: str, url: str) -> int:
        delay = min(BACKOFF_MAX, BACKOFF_BASE * 2**attempt)
        if response is not None:
            retry_after = response.headers.get("retry-after", "")
            with contextlib.suppress(ValueError):  # an HTTP date or garbage: keep the backoff
                delay = min(RETRY_AFTER_MAX, max(0.0, float(retry_after)))
        log.warning("Bland %s: %s; retry %d/%d in %.1fs", url, problem, attempt + 1, self.max_retries, delay)
        self.retries += 1
        self._sleep(delay)
        return attempt + 1


def _errors_text(payload: Any) -> str:
    if not isinstance(payload, dict):
        return ""
    errors = payload.get("errors")
    if isinstance(errors, list):
        return "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in errors)
    if errors:
        return str(errors)
    message = payload.get("message")
    return str(message) if message else ""

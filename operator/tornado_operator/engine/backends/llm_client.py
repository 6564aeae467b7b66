"""A small OpenAI-compatible chat-completions client for the LLM backend.

POST {base_url}/chat/completions with `response_format: {"type": "json_object"}`, the role's
model, the temperature and (when set) the seed. It

* retries 429 and 5xx answers, timeouts and connection errors up to `max_retries` times, with
  exponential backoff (`backoff_base * 2**attempt`, at most `backoff_max` seconds) or the
  server's Retry-After (seconds or an HTTP date, at most `retry_after_max` seconds);
* fails at once on other 4xx answers (bad key, unknown model, bad request) with the server's
  message;
* limits the calls in flight with a semaphore (`concurrency`);
* counts token usage (`usage.prompt_tokens` / `usage.completion_tokens`) per role and per
  scenario, and keeps a bounded record of the calls (role, model, prompt and response
  excerpts, tokens, latency, error) so that failures can be read after the fact.

Errors are `LlmError`s (a `BackendUnsupported`, so the interpreter fails only the scenario
that hit them, with their message) naming the role and what went wrong.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from tornado_operator.engine.errors import LlmError, LlmOutputError, LlmUnavailable
from tornado_operator.text import excerpt

log = logging.getLogger("tornado.llm")
T = TypeVar("T")

ROLES = ("agent", "tester", "judge", "fixer")
EXCERPT_CHARS = 400
CALLS_KEPT = 60
ERRORS_KEPT = 20
_RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
_FENCE = re.compile(r"^```(?:json|JSON)?\s*(.*?)\s*```$", re.DOTALL)


def parse_json_object(role: str, model: str, content: str) -> dict[str, Any]:
    """The model's content as a JSON object (a ```json fence around it is tolerated)."""
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced is not None:
        text = fenced.group(1)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LlmOutputError(
            role, f"{role} model {model!r} did not answer JSON ({exc.msg} at char {exc.pos}): {excerpt(content, 200)!r}"
        ) from None
    if not isinstance(value, dict):
        raise LlmOutputError(
            role, f"{role} model {model!r} answered JSON {type(value).__name__}, not an object: {excerpt(content, 200)!r}"
        )
    return value


@dataclass(slots=True)
class Usage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    errors: int = 0
    latency_ms: int = 0

    def add(self, prompt: int, completion: int, latency_ms: int, error: bool) -> None:
        self.calls += 1
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.latency_ms += latency_ms
        self.errors += int(error)

    def as_dict(self) -> dict[str, int]:
        return {
            "calls": self.calls,
            "promptTokens": self.prompt_tokens,
            "completionTokens": self.completion_tokens,
            "totalTokens": self.prompt_tokens + self.completion_tokens,
            "errors": self.errors,
            "latencyMs": self.latency_ms,
        }


@dataclass(slots=True)
class Ledger:
    """Token usage and a bounded call log; `take()` returns it and starts afresh (per iteration)."""

    total: Usage = field(default_factory=Usage)
    by_role: dict[str, Usage] = field(default_factory=dict)
    by_scenario: dict[str, Usage] = field(default_factory=dict)
    calls: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=CALLS_KEPT))
    errors: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=ERRORS_KEPT))
    notes: list[dict[str, Any]] = field(default_factory=list)
    dropped_calls: int = 0

    def record(self, call: dict[str, Any]) -> None:
        error = call.get("error") is not None
        prompt, completion, latency = call["promptTokens"], call["completionTokens"], call["latencyMs"]
        self.total.add(prompt, completion, latency, error)
        self.by_role.setdefault(call["role"], Usage()).add(prompt, completion, latency, error)
        scenario = call.get("scenario")
        if scenario:
            self.by_scenario.setdefault(scenario, Usage()).add(prompt, completion, latency, error)
        if len(self.calls) == self.calls.maxlen:
            self.dropped_calls += 1
        self.calls.append(call)
        if error:
            self.errors.append(call)

    def report(self) -> dict[str, Any]:
        return {
            "usage": self.total.as_dict(),
            "byRole": {role: usage.as_dict() for role, usage in sorted(self.by_role.items())},
            "byScenario": {sid: usage.as_dict() for sid, usage in sorted(self.by_scenario.items())},
            "calls": list(self.calls),
            "callsDropped": self.dropped_calls,
            "errors": list(self.errors),
            "notes": self.notes[-ERRORS_KEPT:],
        }


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _server_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return excerpt(response.text, 300)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return excerpt(error["message"], 300)
        if isinstance(error, str):
            return excerpt(error, 300)
    return excerpt(json.dumps(body), 300)


@dataclass(frozen=True, slots=True)
class Completion:
    content: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int


class ChatClient:
    """Thread-safe chat-completions client with retries, a concurrency limit and a usage ledger."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        temperature: float = 0.0,
        seed: int | None = None,
        timeout_seconds: float = 60.0,
        max_retries: int = 3,
        concurrency: int = 4,
        backoff_base: float = 0.5,
        backoff_max: float = 20.0,
        retry_after_max: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.url = f"{self.base_url}/chat/completions"
        self.temperature = temperature
        self.seed = seed
        self.timeout_seconds = timeout_seconds
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.retry_after_max = retry_after_max
        self.sleep = sleep
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout_seconds), headers=headers, transport=transport, follow_redirects=True
        )
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self.ledger = Ledger()

    def close(self) -> None:
        self._http.close()

    def take_report(self) -> dict[str, Any]:
        with self._lock:
            report = self.ledger.report()
            self.ledger = Ledger()
        return report

    def note(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.ledger.notes.append(entry)

    def payload(self, model: str, messages: list[dict[str, str]]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": model,
            "messages": messages,
            "temperature": self.temperature,
            "response_format": {"type": "json_object"},
        }
        if self.seed is not None:
            body["seed"] = self.seed
        return body

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.retry_after_max)
        return float(min(self.backoff_base * (2**attempt), self.backoff_max))

    def ask(
        self,
        role: str,
        model: str,
        messages: list[dict[str, str]],
        parse: Callable[[dict[str, Any]], T],
        *,
        scenario: str | None = None,
    ) -> T:
        """One chat completion (with retries) whose JSON answer `parse` turns into a T.

        Raises LlmUnavailable (server) or LlmOutputError (the answer); every call, good or
        bad, is counted and recorded once.
        """
        prompt_excerpt = excerpt(messages[-1]["content"] if messages else "", EXCERPT_CHARS)
        started = time.monotonic()
        completion: Completion | None = None
        tries = [0]
        try:
            completion = self._complete(role, model, messages, started, tries)
            value = parse(parse_json_object(role, model, completion.content))
        except LlmError as exc:
            self._record(role, model, scenario, prompt_excerpt, completion, started, tries[0], str(exc))
            raise
        self._record(role, model, scenario, prompt_excerpt, completion, started, tries[0], None)
        return value

    def _complete(
        self, role: str, model: str, messages: list[dict[str, str]], started: float, tries: list[int]
    ) -> Completion:
        body = self.payload(model, messages)
        attempts = 0
        while True:
            attempts += 1
            tries[0] = attempts
            retry_after: float | None = None
            try:
                with self._slots:
                    response = self._http.post(self.url, json=body)
            except httpx.TimeoutException:
                problem = f"timed out after {self.timeout_seconds:g}s"
            except httpx.TransportError as exc:
                problem = f"cannot reach {self.url}: {type(exc).__name__}: {exc}"
            else:
                if response.is_success:
                    return self._completion(role, model, response, started)
                problem = f"HTTP {response.status_code} from {self.url}: {_server_message(response)}"
                if response.status_code not in _RETRY_STATUS:
                    hint = ""
                    if response.status_code in (401, 403):
                        hint = " (check the API key: runner.llm.apiKeySecretRef, TORNADO_LLM_API_KEY or OPENAI_API_KEY)"
                    elif response.status_code == 404:
                        hint = f" (check runner.llm.baseUrl {self.base_url!r} and the model name {model!r})"
                    raise LlmUnavailable(role, f"{role} model {model!r}: {problem}{hint}")
                retry_after = _retry_after(response.headers.get("Retry-After"))
            if attempts > self.max_retries:
                raise LlmUnavailable(
                    role, f"{role} model {model!r}: {problem} (gave up after {attempts} attempt(s))"
                )
            wait = self._backoff(attempts - 1, retry_after)
            log.warning("llm %s call failed (%s); retry %d/%d in %.2fs", role, problem, attempts, self.max_retries, wait)
            self.sleep(wait)

    def _completion(self, role: str, model: str, response: httpx.Response, started: float) -> Completion:
        try:
            data = response.json()
        except ValueError:
            raise LlmOutputError(
                role,
                f"{role} model {model!r}: the server answered HTTP {response.status_code} with a body that is not JSON: "
                f"{excerpt(response.text, 200)!r}",
            ) from None
        content: Any = None
        if isinstance(data, dict):
            choices = data.get("choices")
            if isinstance(choices, list) and choices and isinstance(choices[0], dict):
                message = choices[0].get("message")
                if isinstance(message, dict):
                    content = message.get("content")
        if not isinstance(content, str):
            raise LlmOutputError(
                role,
                f"{role} model {model!r}: the answer has no choices[0].message.content string: "
                f"{excerpt(json.dumps(data), 200)!r}",
            )
        usage = data.get("usage")
        prompt_tokens = completion_tokens = 0
        if isinstance(usage, dict):
            prompt_tokens = _int(usage.get("prompt_tokens"))
            completion_tokens = _int(usage.get("completion_tokens"))
        latency = int((time.monotonic() - started) * 1000)
        return Completion(content, str(data.get("model") or model), prompt_tokens, completion_tokens, latency)

    def _record(
        self,
        role: str,
        model: str,
        scenario: str | None,
        prompt_excerpt: str,
        completion: Completion | None,
        started: float,
        attempts: int,
        error: str | None,
    ) -> None:
        call: dict[str, Any] = {
            "role": role,
            "model": model if completion is None else completion.model,
            "scenario": scenario,
            "promptExcerpt": prompt_excerpt,
            "responseExcerpt": "" if completion is None else excerpt(completion.content, EXCERPT_CHARS),
            "promptTokens": 0 if completion is None else completion.prompt_tokens,
            "completionTokens": 0 if completion is None else completion.completion_tokens,
            "latencyMs": int((time.monotonic() - started) * 1000),
            "attempts": attempts,
            "error": None if error is None else excerpt(error, EXCERPT_CHARS),
        }
        with self._lock:
            self.ledger.record(call)
        if error is None:
            log.debug(
                "llm %s call (%s): %d tokens in, %d out, %d ms",
                role, call["model"], call["promptTokens"], call["completionTokens"], call["latencyMs"],
            )
        else:
            log.warning("llm %s call failed: %s", role, error)


def _int(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0

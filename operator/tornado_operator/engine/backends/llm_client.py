"""The LLM backend's chat-completions client: the official `openai` SDK, and what the backend adds.

The SDK sends the requests (typed parameters), retries 408/409/429/5xx answers, timeouts and
connection errors up to `max_retries` times (exponential backoff from 0.5 s up to 8 s with
jitter, or the server's Retry-After up to 120 s), and parses the answer as a `ChatCompletion`.
Around it this module adds:

* **response modes**: `json_schema` (structured output from the role's answer model, see
  llm_answers.py), else `json_object`, else plain text. A server that rejects a mode (HTTP
  400/422) is asked again in the next one; the first mode that works is kept for the rest of
  the client's life (one backend instance: a session under `tornado run`, an iteration Job in
  the cluster), so the probe costs one extra request once, not one per call;
* **answers**: the content parsed as one JSON object (a ```json fence, or prose around one
  object, is tolerated); `finish_reason: length` is retried once with twice the `max_tokens`,
  then fails clearly;
* **a concurrency limit** (`concurrency` calls in flight) and **token accounting** per role,
  per scenario and per iteration (`take_report`), with a bounded call log;
* **a token budget** (`token_budget`, the session's tokens left): a call whose worst case
  (prompt bytes + per-message overhead + max_tokens) could exceed what is left is refused
  before it is sent (`LlmBudgetExceeded`);
* **redaction**: every message built from a server's answer goes through api/redact.py, so an
  echoed API key or `Bearer ...` never reaches results, status or logs.

Errors are `LlmError`s (a `BackendUnsupported`: the interpreter fails only the scenario that
hit them) naming the role, the model and what went wrong.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.chat.completion_create_params import ResponseFormat
from pydantic import ValidationError

from tornado_operator.api.redact import redact
from tornado_operator.engine.backends.llm_answers import Answer, response_format
from tornado_operator.engine.errors import (
    LlmBudgetExceeded,
    LlmError,
    LlmOutputError,
    LlmUnavailable,
)
from tornado_operator.text import excerpt

log = logging.getLogger("tornado.llm")
T = TypeVar("T")

ROLES = ("agent", "tester", "judge", "fixer")
EXCERPT_CHARS = 400
CALLS_KEPT = 60
ERRORS_KEPT = 20
DEFAULT_MAX_TOKENS = 2048
MESSAGE_OVERHEAD_TOKENS = 16  # chat-template tokens around one message, generously
_FENCE = re.compile(r"^```(?:json|JSON)?\s*(.*?)\s*```$", re.DOTALL)
_REJECTED_FORMAT = frozenset({400, 422})  # how servers say "I do not know this response_format"


class Mode(StrEnum):
    """How the answer's JSON is asked for, best first."""

    JSON_SCHEMA = "json_schema"
    JSON_OBJECT = "json_object"
    TEXT = "text"  # no response_format: the prompt asks for JSON, the answer is searched for it


MODES = tuple(Mode)


def parse_json_object(role: str, model: str, content: str) -> dict[str, Any]:
    """The model's content as a JSON object: the whole content, a ```json fence, or the first
    object in prose (servers without a JSON mode answer "Sure! {...}")."""
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced is not None:
        text = fenced.group(1)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        found = _embedded_object(text)
        if found is None:
            raise LlmOutputError(
                role,
                f"{role} model {model!r} did not answer JSON ({exc.msg} at char {exc.pos}, and no JSON object "
                f"in the text): {excerpt(content, 200)!r}",
            ) from None
        value = found
    if not isinstance(value, dict):
        raise LlmOutputError(
            role, f"{role} model {model!r} answered JSON {type(value).__name__}, not an object: {excerpt(content, 200)!r}"
        )
    return value


def _embedded_object(text: str) -> dict[str, Any] | None:
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            value, _end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        if isinstance(value, dict):
            return value
        start = text.find("{", start + 1)
    return None


def prompt_bound(messages: list[dict[str, str]]) -> int:
    """An upper bound of the prompt's tokens: byte-level tokenizers spend at least one byte per
    token, plus the chat template's tokens around each message."""
    return sum(len(m["content"].encode()) + MESSAGE_OVERHEAD_TOKENS for m in messages) + MESSAGE_OVERHEAD_TOKENS


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
    refused_calls: int = 0
    refusal: str | None = None  # the first refused call's message

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


@dataclass(slots=True)
class _Exchange:
    """What one call's HTTP requests produced, summed over the mode probe and the length retry."""

    content: str = ""
    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    counted: bool = False  # the server reported usage for every answer
    max_tokens: int = 0


class ChatClient:
    """Thread-safe chat-completions client: modes, a concurrency limit, a usage ledger, a budget."""

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
        max_tokens: int = DEFAULT_MAX_TOKENS,
        token_budget: int | None = None,
        mode: Mode = Mode.JSON_SCHEMA,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.url = f"{self.base_url}/chat/completions"
        self.temperature = temperature
        self.seed = seed
        self.timeout_seconds = timeout_seconds
        self.max_retries = max_retries
        self.max_tokens = max_tokens
        self.token_budget = token_budget  # tokens this client may still spend (None: no limit)
        self.mode = mode
        self._api_key = api_key or None
        self._attempts = threading.local()
        self._sdk = openai.OpenAI(
            base_url=self.base_url,
            # The SDK insists on a key; without one the Authorization header is omitted per request.
            api_key=self._api_key or "no-key",
            timeout=timeout_seconds,
            max_retries=max_retries,
            http_client=openai.DefaultHttpxClient(event_hooks={"request": [self._on_request]}),
        )
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._spent = 0  # tokens counted against token_budget
        self._reserved = 0  # worst cases of the calls in flight
        self.ledger = Ledger()

    # --- bookkeeping ---------------------------------------------------------------------

    def close(self) -> None:
        self._sdk.close()

    def take_report(self) -> dict[str, Any]:
        with self._lock:
            report = self.ledger.report()
            report["mode"] = self.mode.value
            if self.token_budget is not None:
                report["budget"] = {
                    "limit": self.token_budget,
                    "spent": self._spent,
                    "refusedCalls": self.ledger.refused_calls,
                    "refusal": self.ledger.refusal,
                }
            self.ledger = Ledger()
        return report

    def note(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.ledger.notes.append(entry)

    def _redact(self, text: str) -> str:
        return redact(text, [self._api_key])

    def _on_request(self, request: Any) -> None:
        self._attempts.count = getattr(self._attempts, "count", 0) + 1
        retry = int(request.headers.get("x-stainless-retry-count") or 0)
        if retry:
            log.warning("llm call to %s: retry %d/%d", self.url, retry, self.max_retries)

    def _reserve(self, role: str, model: str, messages: list[dict[str, str]], max_tokens: int) -> int:
        worst = prompt_bound(messages) + max_tokens
        with self._lock:
            if self.token_budget is not None and self._spent + self._reserved + worst > self.token_budget:
                left = self.token_budget - self._spent - self._reserved
                refused = LlmBudgetExceeded(
                    role,
                    f"{role} model {model!r}: call refused by the token budget (spec.runner.llm.maxTokensPerSession): "
                    f"it may use up to {worst} tokens ({max_tokens} max_tokens + the prompt), {max(0, left)} left",
                )
                self.ledger.refused_calls += 1
                self.ledger.refusal = self.ledger.refusal or str(refused)
                raise refused
            self._reserved += worst
        return worst

    def _settle(self, worst: int, used: int) -> None:
        with self._lock:
            self._reserved -= worst
            self._spent += used

    # --- one call --------------------------------------------------------------------------

    def ask(
        self,
        role: str,
        model: str,
        messages: list[dict[str, str]],
        parse: Callable[[dict[str, Any]], T],
        *,
        scenario: str | None = None,
        answer: type[Answer] | None = None,
    ) -> T:
        """One chat completion whose JSON answer `parse` turns into a T; `answer` is the schema
        asked for in json_schema mode.

        Raises LlmUnavailable (server), LlmOutputError (the answer) or LlmBudgetExceeded; every
        call, good or bad, is counted and recorded once.
        """
        prompt_excerpt = excerpt(messages[-1]["content"] if messages else "", EXCERPT_CHARS)
        started = time.monotonic()
        self._attempts.count = 0
        exchange = _Exchange(model=model)
        try:
            with self._slots:
                self._complete(role, model, messages, answer, exchange)
            value = parse(parse_json_object(role, model, exchange.content))
        except LlmError as exc:
            self._record(role, scenario, prompt_excerpt, exchange, started, str(exc))
            raise
        self._record(role, scenario, prompt_excerpt, exchange, started, None)
        return value

    def _complete(
        self, role: str, model: str, messages: list[dict[str, str]], answer: type[Answer] | None, exchange: _Exchange
    ) -> None:
        max_tokens = self.max_tokens
        for attempt in (1, 2):
            choice = self._exchange(role, model, messages, answer, max_tokens, exchange)
            if choice.finish_reason != "length":
                return
            try:
                parse_json_object(role, model, exchange.content)
                return  # cut off after a complete object: good enough
            except LlmOutputError:
                pass
            if attempt == 1:
                log.warning("llm %s answer cut off at max_tokens %d; retrying once with %d", role, max_tokens, 2 * max_tokens)
                max_tokens *= 2
        raise LlmOutputError(
            role,
            f"{role} model {model!r}: the answer was cut off at max_tokens {max_tokens} (finish_reason length) "
            f"after a retry with twice the limit; raise spec.runner.llm.maxTokens: {excerpt(exchange.content, 200)!r}",
        )

    def _exchange(
        self,
        role: str,
        model: str,
        messages: list[dict[str, str]],
        answer: type[Answer] | None,
        max_tokens: int,
        exchange: _Exchange,
    ) -> Any:
        """One answer, in the best mode the server takes (the first rejection moves the client down)."""
        with self._lock:
            start = self.mode
        modes = [m for m in MODES[MODES.index(start):] if m is not Mode.JSON_SCHEMA or answer is not None]
        first: _ErrorAnswer | None = None
        for mode in modes:
            try:
                completion = self._create(role, model, messages, answer, max_tokens, mode, exchange)
            except _ErrorAnswer as exc:
                if exc.status in _REJECTED_FORMAT and mode is not Mode.TEXT:
                    first = first or exc
                    continue  # maybe the response_format: try the next mode
                raise self._status_error(role, model, first or exc) from None
            if mode is not start and first is not None:
                self._downgrade(role, start, mode, first)
            return completion.choices[0]
        assert first is not None
        raise self._status_error(role, model, first) from None

    def _downgrade(self, role: str, start: Mode, mode: Mode, rejection: _ErrorAnswer) -> None:
        with self._lock:
            if self.mode is not start:
                return  # another call learnt it first
            self.mode = mode
        why = self._redact(f"HTTP {rejection.status}: {rejection.message}")
        note = f"the server rejected response_format {start.value} ({why}); using {mode.value} from now on"
        log.warning("llm: %s", note)
        self.note({"role": role, "note": note, "mode": mode.value})

    def _create(
        self,
        role: str,
        model: str,
        messages: list[dict[str, str]],
        answer: type[Answer] | None,
        max_tokens: int,
        mode: Mode,
        exchange: _Exchange,
    ) -> ChatCompletion:
        worst = self._reserve(role, model, messages, max_tokens)
        used = worst  # counted in full unless the server says what it used
        before = getattr(self._attempts, "count", 0)
        try:
            raw = self._sdk.chat.completions.with_raw_response.create(
                model=model,
                messages=_messages(messages),
                temperature=self.temperature,
                max_tokens=max_tokens,
                seed=openai.omit if self.seed is None else self.seed,
                response_format=_format(mode, answer),
                extra_headers={} if self._api_key else {"Authorization": openai.omit},
            )
            completion = self._completion(role, model, raw.http_response.text)
            usage = completion.usage
            if usage is not None:
                used = usage.prompt_tokens + usage.completion_tokens
                exchange.prompt_tokens += usage.prompt_tokens
                exchange.completion_tokens += usage.completion_tokens
        except openai.APIStatusError as exc:
            used = 0  # an error answer, no completion
            raise _ErrorAnswer(exc, self._attempts.count - before) from None
        except openai.APITimeoutError:
            raise LlmUnavailable(
                role, f"{role} model {model!r}: timed out after {self.timeout_seconds:g}s{self._gave_up(before)}"
            ) from None
        except openai.APIConnectionError as exc:
            used = 0
            cause = exc.__cause__ or exc
            raise LlmUnavailable(
                role,
                self._redact(
                    f"{role} model {model!r}: cannot reach {self.url}: {type(cause).__name__}: {cause}{self._gave_up(before)}"
                ),
            ) from None
        finally:
            self._settle(worst, used)
        exchange.model = completion.model or model
        exchange.max_tokens = max_tokens
        exchange.content = completion.choices[0].message.content or ""
        return completion

    def _completion(self, role: str, model: str, body: str) -> ChatCompletion:
        """The answer as the protocol's `ChatCompletion`, or a clear error."""
        try:
            completion = ChatCompletion.model_validate_json(body)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or "the body"
            raise LlmOutputError(
                role,
                self._redact(
                    f"{role} model {model!r}: the server's answer is not a chat completion ({where}: {problem['msg']}): "
                    f"{excerpt(body, 200)!r}"
                ),
            ) from None
        if not completion.choices:
            raise LlmOutputError(role, f"{role} model {model!r}: the server answered no choices")
        if completion.choices[0].message.content is None:
            refusal = completion.choices[0].message.refusal
            raise LlmOutputError(
                role,
                self._redact(f"{role} model {model!r}: the answer has no content"
                             + (f" (refused: {excerpt(refusal, 200)})" if refusal else "")),
            )
        return completion

    def _gave_up(self, before: int) -> str:
        return f" (gave up after {self._attempts.count - before} attempt(s))"

    def _status_error(self, role: str, model: str, exc: _ErrorAnswer) -> LlmUnavailable:
        status = exc.status
        hint = ""
        if status in (401, 403):
            hint = " (check the API key: runner.llm.apiKeySecretRef, TORNADO_LLM_API_KEY or OPENAI_API_KEY)"
        elif status == 404:
            hint = f" (check runner.llm.baseUrl {self.base_url!r} and the model name {model!r})"
        retried = f" (gave up after {exc.attempts} attempt(s))" if status in (408, 409, 429) or status >= 500 else ""
        message = f"{role} model {model!r}: HTTP {status} from {self.url}: {exc.message}{hint}{retried}"
        return LlmUnavailable(role, self._redact(message))

    def _record(
        self,
        role: str,
        scenario: str | None,
        prompt_excerpt: str,
        exchange: _Exchange,
        started: float,
        error: str | None,
    ) -> None:
        call: dict[str, Any] = {
            "role": role,
            "model": exchange.model,
            "scenario": scenario,
            "promptExcerpt": prompt_excerpt,
            "responseExcerpt": self._redact(excerpt(exchange.content, EXCERPT_CHARS)),
            "promptTokens": exchange.prompt_tokens,
            "completionTokens": exchange.completion_tokens,
            "latencyMs": int((time.monotonic() - started) * 1000),
            "attempts": getattr(self._attempts, "count", 0),
            "error": None if error is None else excerpt(self._redact(error), EXCERPT_CHARS),
        }
        with self._lock:
            self.ledger.record(call)
        if error is None:
            log.debug(
                "llm %s call (%s): %d tokens in, %d out, %d ms",
                role, call["model"], call["promptTokens"], call["completionTokens"], call["latencyMs"],
            )
        else:
            log.warning("llm %s call failed: %s", role, call["error"])


class _ErrorAnswer(Exception):
    """An HTTP error answer (after the SDK's retries), with the server's own words."""

    def __init__(self, error: openai.APIStatusError, attempts: int) -> None:
        super().__init__(error.message)
        self.status = error.status_code
        self.message = _server_message(error)
        self.attempts = attempts


def _messages(messages: list[dict[str, str]]) -> list[ChatCompletionMessageParam]:
    typed: list[ChatCompletionMessageParam] = []
    for message in messages:
        role, content = message["role"], message["content"]
        if role == "system":
            typed.append({"role": "system", "content": content})
        elif role == "assistant":
            typed.append({"role": "assistant", "content": content})
        else:
            typed.append({"role": "user", "content": content})
    return typed


def _format(mode: Mode, answer: type[Answer] | None) -> ResponseFormat | openai.Omit:
    if mode is Mode.JSON_SCHEMA and answer is not None:
        return response_format(answer)
    if mode is Mode.JSON_OBJECT:
        return {"type": "json_object"}
    return openai.omit


def _server_message(exc: openai.APIStatusError) -> str:
    """The server's own words: error.message of the body, else the body."""
    try:
        body = exc.response.json()
    except ValueError:
        return excerpt(exc.response.text, 300)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return excerpt(error["message"], 300)
        if isinstance(error, str):
            return excerpt(error, 300)
        if isinstance(body.get("detail"), str):  # FastAPI-style servers
            return excerpt(body["detail"], 300)
    return excerpt(json.dumps(body), 300)

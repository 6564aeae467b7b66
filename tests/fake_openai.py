"""A local OpenAI-compatible chat-completions server for tests (stdlib http.server in a thread).

It answers POST /v1/chat/completions from scripts, per model name:

* `queue(model, *replies)`: replies served in order (first in, first out);
* `on(model, handler)`: `handler(request) -> Reply | dict | str` for every request that the
  queue does not answer (dicts are sent as the JSON content, strings as they are).

It is held to the protocol's own definition, the `openai` SDK's types, on both sides:

* every request body must validate as the SDK's `CompletionCreateParamsNonStreaming` (no key
  the type does not know), besides this server's own expectations: the Authorization header
  (`Bearer <api_key>`, or none when api_key is None), a numeric temperature, the expected
  seed, a response_format the server supports (`formats`), and the word JSON in the messages
  in json_object mode (OpenAI's rule);
* every body it answers must validate as the SDK's `ChatCompletion` (or, for an error, carry
  an `ErrorObject`), unless a test sends a deliberately broken `raw_body`.

Whatever fails a check is recorded in `problems` (tests assert it is empty) and answered 400
(401 for the key). An exception raised inside a scripted handler is a problem too (answered
500 with `x-should-retry: false`, so the client does not hide it behind retries).
"""

from __future__ import annotations

import json
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from openai.types.chat import ChatCompletion
from openai.types.chat.completion_create_params import CompletionCreateParamsNonStreaming
from openai.types.shared import ErrorObject
from pydantic import TypeAdapter, ValidationError

_UNSET = object()
REQUEST_TYPE = TypeAdapter(CompletionCreateParamsNonStreaming)
REQUEST_KEYS = CompletionCreateParamsNonStreaming.__required_keys__ | CompletionCreateParamsNonStreaming.__optional_keys__
ALL_FORMATS = ("json_schema", "json_object")


def request_problem(body: Any) -> str | None:
    """Why `body` is not a chat-completions request by the SDK's type (None: it is)."""
    if not isinstance(body, dict):
        return f"the body is {type(body).__name__}, not an object"
    unknown = sorted(set(body) - REQUEST_KEYS)
    if unknown:
        return f"keys the protocol does not define: {', '.join(unknown)}"
    try:
        params = REQUEST_TYPE.validate_python(body)
        list(params["messages"])  # the SDK types messages as an Iterable: validated when read
    except ValidationError as exc:
        error = exc.errors()[0]
        return f"not a CompletionCreateParams: {'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
    return None


def response_problem(body: Any) -> str | None:
    """Why `body` is not a chat completion by the SDK's type (None: it is)."""
    try:
        ChatCompletion.model_validate(body)
    except ValidationError as exc:
        error = exc.errors()[0]
        return f"the fake's answer is not a ChatCompletion: {'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
    return None


@dataclass
class Reply:
    """One scripted answer: model content (a dict is JSON-encoded), or an HTTP error, maybe late."""

    content: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    raw_body: str | None = None  # sent as-is instead of a chat completion (a broken server)
    finish_reason: str = "stop"
    usage: bool = True  # False: the answer has no usage (some servers omit it)
    error: str | None = None  # the error message of a non-200 reply


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received: float = 0.0  # time.monotonic() when it arrived

    @property
    def model(self) -> str:
        return str(self.body.get("model"))

    @property
    def messages(self) -> list[dict[str, str]]:
        return list(self.body.get("messages") or [])

    @property
    def system(self) -> str:
        first = self.messages[0] if self.messages else {}
        return first.get("content", "") if first.get("role") == "system" else ""

    @property
    def text(self) -> str:
        """Every message's content, joined (for `in` checks)."""
        return "\n".join(message.get("content", "") for message in self.messages)

    @property
    def format(self) -> str | None:
        """The response_format type asked for (None: plain text)."""
        response_format = self.body.get("response_format")
        return response_format.get("type") if isinstance(response_format, dict) else None

    @property
    def retry(self) -> int:
        """The SDK's retry count of this request (0: the first attempt)."""
        return int(self.headers.get("x-stainless-retry-count") or 0)

    def turns(self, role: str) -> list[str]:
        return [m["content"] for m in self.messages if m.get("role") == role]


Handler = Callable[[Request], "Reply | dict[str, Any] | str"]


class FakeOpenAI:
    def __init__(
        self,
        api_key: str | None = "sk-test",
        seed: Any = _UNSET,
        formats: Collection[str] = ALL_FORMATS,
        echo_headers: bool = False,
    ) -> None:
        self.api_key = api_key
        self.expected_seed = seed
        self.formats = tuple(formats)  # response_format types accepted; others get a 400
        self.echo_headers = echo_headers  # error bodies repeat the request's headers (a chatty proxy)
        self.queues: dict[str, deque[Reply | dict[str, Any] | str]] = {}
        self.handlers: dict[str, Handler] = {}
        self.requests: list[Request] = []
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- scripting ---------------------------------------------------------------------

    def queue(self, model: str, *replies: Reply | dict[str, Any] | str) -> FakeOpenAI:
        self.queues.setdefault(model, deque()).extend(replies)
        return self

    def on(self, model: str, handler: Handler) -> FakeOpenAI:
        self.handlers[model] = handler
        return self

    def requests_for(self, model: str) -> list[Request]:
        return [request for request in self.requests if request.model == model]

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeOpenAI:
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                fake._serve(self)

        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.handle_error = self._handle_error  # type: ignore[method-assign]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def _handle_error(self, request: Any, client_address: Any) -> None:
        """An exception escaped the request handler: a client that went away is fine, anything
        else is this fake's own bug and fails the test."""
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        self._problem(f"the fake server failed: {''.join(traceback.format_exception(error))}")

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- serving -----------------------------------------------------------------------

    def _problem(self, message: str) -> str:
        with self._lock:
            self.problems.append(message)
        return message

    def _check(self, request: Request) -> tuple[int, str] | None:
        if request.path != "/v1/chat/completions":
            return 404, self._problem(f"unexpected path {request.path}")
        auth = request.headers.get("authorization")
        if self.api_key is None:
            if auth is not None:
                return 401, self._problem(f"unexpected Authorization header {auth!r}")
        elif auth != f"Bearer {self.api_key}":
            return 401, self._problem(f"bad Authorization header {auth!r}")
        body = request.body
        problem = request_problem(body)
        if problem is not None:
            return 400, self._problem(problem)
        if not isinstance(body.get("temperature"), int | float):
            return 400, self._problem("no numeric temperature")
        if self.expected_seed is not _UNSET and body.get("seed") != self.expected_seed:
            return 400, self._problem(f"seed is {body.get('seed')!r}, expected {self.expected_seed!r}")
        wanted = request.format
        if wanted is not None and wanted not in self.formats:
            # what a server without this mode says; not a problem of the client's (it moves on)
            return 400, f"response_format type {wanted!r} is not supported by this server"
        if wanted == "json_object" and "json" not in request.text.lower():
            return 400, self._problem("json_object mode needs the word JSON in the messages")
        if wanted == "json_schema":
            schema = body["response_format"]["json_schema"].get("schema")
            if not isinstance(schema, dict) or schema.get("type") != "object":
                return 400, self._problem(f"json_schema without an object schema: {schema!r}")
        return None

    def _answer(self, request: Request) -> Reply | None:
        with self._lock:
            queue = self.queues.get(request.model)
            scripted = queue.popleft() if queue else None
        if scripted is None:
            handler = self.handlers.get(request.model)
            if handler is None:
                return None
            try:
                scripted = handler(request)
            except Exception as exc:  # an assertion in a handler must fail the test, not look like a flaky server
                message = self._problem(f"handler for {request.model!r} raised: {''.join(traceback.format_exception(exc))}")
                return Reply(status=500, error=message.splitlines()[-1], headers={"x-should-retry": "false"})
        if isinstance(scripted, Reply):
            return scripted
        return Reply(content=scripted)

    def _serve(self, http: BaseHTTPRequestHandler) -> None:
        received = time.monotonic()
        length = int(http.headers.get("Content-Length") or 0)
        raw = http.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        request = Request(
            path=http.path,
            headers={key.lower(): value for key, value in http.headers.items()},
            body=body if isinstance(body, dict) else {},
            received=received,
        )
        with self._lock:
            self.requests.append(request)
        problem = self._check(request)
        if problem is not None:
            self._error(http, request, problem[0], problem[1], "invalid_request_error")
            return
        reply = self._answer(request)
        if reply is None:
            self._problem(f"no script for model {request.model!r}")
            self._error(http, request, 404, f"The model `{request.model}` does not exist", "invalid_request_error")
            return
        if reply.delay:
            time.sleep(reply.delay)
        if reply.raw_body is not None:
            self._send_text(http, reply.status, reply.raw_body, reply.headers)
            return
        if reply.status != 200:
            self._error(http, request, reply.status, reply.error or f"scripted HTTP {reply.status}", "server_error", reply.headers)
            return
        content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        prompt_tokens = sum(len(m["content"]) for m in request.messages) // 4 + 1
        completion_tokens = len(content) // 4 + 1
        answer: dict[str, Any] = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 0,
            "model": request.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": reply.finish_reason,
                    "logprobs": None,
                }
            ],
        }
        if reply.usage:
            answer["usage"] = {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            }
        problem_text = response_problem(answer)
        if problem_text is not None:
            self._problem(problem_text)
        self._send(http, 200, answer, reply.headers)

    def _error(
        self,
        http: BaseHTTPRequestHandler,
        request: Request,
        status: int,
        message: str,
        kind: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        if self.echo_headers:
            message += f" (request headers: {json.dumps(request.headers)})"
        error = {"message": message, "type": kind, "param": None, "code": None}
        ErrorObject.model_validate(error)  # the protocol's error shape
        self._send(http, status, {"error": error}, headers)

    def _send(self, http: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self._send_text(http, status, json.dumps(body), {"Content-Type": "application/json", **(headers or {})})

    def _send_text(self, http: BaseHTTPRequestHandler, status: int, text: str, headers: dict[str, str]) -> None:
        data = text.encode()
        try:
            http.send_response(status)
            for key, value in headers.items():
                http.send_header(key, value)
            http.send_header("Content-Length", str(len(data)))
            http.end_headers()
            http.wfile.write(data)
        except OSError:
            pass  # the client timed out and left

"""A local OpenAI-compatible chat-completions server for tests (stdlib http.server in a thread).

It answers POST /v1/chat/completions from scripts, per model name:

* `queue(model, *replies)`: replies served in order (first in, first out);
* `on(model, handler)`: `handler(request) -> Reply | dict | str` for every request that the
  queue does not answer (dicts are sent as the JSON content, strings as they are).

and CHECKS every request it receives: the Authorization header (`Bearer <api_key>`, or no
header when api_key is None), a known model, `messages` a non-empty list of
{role: system|user|assistant, content: str}, `response_format` {"type": "json_object"}, a
numeric temperature, and the expected seed when one is set. A request that fails a check is
answered 400 (401 for the key) and recorded in `problems`, which tests assert empty.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_UNSET = object()


@dataclass
class Reply:
    """One scripted answer: model content (a dict is JSON-encoded), or an HTTP error, maybe late."""

    content: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    raw_body: str | None = None  # sent as-is instead of a chat completion


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

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

    def turns(self, role: str) -> list[str]:
        return [m["content"] for m in self.messages if m.get("role") == role]


Handler = Callable[[Request], "Reply | dict[str, Any] | str"]


class FakeOpenAI:
    def __init__(self, api_key: str | None = "sk-test", seed: Any = _UNSET) -> None:
        self.api_key = api_key
        self.expected_seed = seed
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
        server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]  # client went away
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fake-openai", daemon=True)
        self._thread.start()
        return self

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
        if not isinstance(body.get("model"), str) or not body["model"]:
            return 400, self._problem("no model")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return 400, self._problem("messages must be a non-empty list")
        for index, message in enumerate(messages):
            if not isinstance(message, dict) or message.get("role") not in ("system", "user", "assistant"):
                return 400, self._problem(f"messages[{index}]: bad role in {message!r}")
            if not isinstance(message.get("content"), str):
                return 400, self._problem(f"messages[{index}]: content must be a string")
        if body.get("response_format") != {"type": "json_object"}:
            return 400, self._problem(f"response_format is {body.get('response_format')!r}, not json_object")
        if "json" not in request.text.lower():
            return 400, self._problem("json_object mode needs the word JSON in the messages")
        if not isinstance(body.get("temperature"), int | float):
            return 400, self._problem("no numeric temperature")
        if self.expected_seed is not _UNSET and body.get("seed") != self.expected_seed:
            return 400, self._problem(f"seed is {body.get('seed')!r}, expected {self.expected_seed!r}")
        return None

    def _answer(self, request: Request) -> Reply | None:
        with self._lock:
            queue = self.queues.get(request.model)
            scripted = queue.popleft() if queue else None
        if scripted is None:
            handler = self.handlers.get(request.model)
            if handler is None:
                return None
            scripted = handler(request)
        if isinstance(scripted, Reply):
            return scripted
        return Reply(content=scripted)

    def _serve(self, http: BaseHTTPRequestHandler) -> None:
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
        )
        with self._lock:
            self.requests.append(request)
        problem = self._check(request)
        if problem is not None:
            self._send(http, problem[0], {"error": {"message": problem[1], "type": "invalid_request_error"}})
            return
        reply = self._answer(request)
        if reply is None:
            message = self._problem(f"no script for model {request.model!r}")
            self._send(http, 404, {"error": {"message": f"The model `{request.model}` does not exist", "detail": message}})
            return
        if reply.delay:
            time.sleep(reply.delay)
        if reply.raw_body is not None:
            self._send_text(http, reply.status, reply.raw_body, reply.headers)
            return
        if reply.status != 200:
            self._send(http, reply.status, {"error": {"message": f"scripted HTTP {reply.status}"}}, reply.headers)
            return
        content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        prompt_tokens = sum(len(m["content"]) for m in request.messages) // 4 + 1
        completion_tokens = len(content) // 4 + 1
        self._send(
            http,
            200,
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": 0,
                "model": request.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
            reply.headers,
        )

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

"""A local stand-in for Bland's pathway-chat API (stdlib http.server in a thread), for tests.

It implements the documented request and response shapes (docs.bland.ai "Create Pathway Chat",
"Pathway Chat", GET chat history) and CHECKS every request it receives: the `authorization`
header (the raw key, or `Bearer <key>` when built with bearer=True), a JSON object body,
`pathway_id` a known pathway (required), `start_node_id` a node of it, `request_data` an
object (not an array or null), `pathway_version` a known integer version, `use_candidate_model`
a boolean, `message` a string, and no other keys. A request that fails a check is answered as
Bland documents errors (`{"data": null, "errors": [...]}`, 400 / 401 / 404) and recorded in
`problems`, which tests assert empty when they expect none.

The agent behind it plays a pathway in Bland's JSON deterministically — not Bland's model,
but enough to exercise the protocol:

* the first turn (message-less, or a first "hello" as in Bland's docs example) starts the
  agent: it enters the start node and says its text (or its prompt, in parentheses);
* on a caller message it extracts the node's `extractVars` (integer: the first number;
  boolean: yes/no; string: `extractors[name]`'s group, else the whole message), then takes the
  first outgoing edge whose label the message contains (case-insensitive), a global node
  whose globalLabel it contains, or an `alwaysPick` edge, else it stays and asks again;
* entering a node: End Call and Transfer Call nodes say their text and complete the chat; a
  Webhook node records the call it makes (url and body rendered), sets its responseData
  variables from `webhook_responses[url prefix]` and BlandStatusCode, follows the first
  responsePathways entry that holds (else its first edge) within the same turn, so the chat
  API reports only where the agent ends up, as Bland's does.
"""

from __future__ import annotations

import json
import re
import threading
import traceback
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_VARIABLE = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")
CREATE_KEYS = {"pathway_id", "start_node_id", "request_data", "use_candidate_model", "pathway_version"}


def render(text: str, variables: dict[str, Any]) -> str:
    return _VARIABLE.sub(lambda m: str(variables.get(m.group(1), m.group(0))), text)


@dataclass
class Chat:
    chat_id: str
    pathway_id: str
    version: int | None
    pathway: dict[str, Any]
    variables: dict[str, Any]
    node: str
    started: bool = False
    completed: bool = False
    history: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeBland:
    def __init__(self, api_key: str = "bland-test-key", *, bearer: bool = False) -> None:
        self.api_key = api_key
        self.bearer = bearer
        self.pathways: dict[str, dict[int, dict[str, Any]]] = {}
        self.production: dict[str, int] = {}
        self.extractors: dict[str, str] = {}
        self.webhook_responses: dict[str, dict[str, Any]] = {}
        self.webhook_calls: list[dict[str, Any]] = []
        self.chats: dict[str, Chat] = {}
        self.requests: list[Received] = []
        self.problems: list[str] = []
        self.fail_next: list[int] = []  # statuses answered to the next requests (retries)
        self.answer_next: list[Any] = []  # raw bodies answered (200) to the next requests (broken servers)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- setup ------------------------------------------------------------------------------

    def add_pathway(self, pathway_id: str, body: dict[str, Any], *, version: int = 1, production: bool = True) -> FakeBland:
        self.pathways.setdefault(pathway_id, {})[version] = body
        if production:
            self.production[pathway_id] = version
        return self

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeBland:
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                fake._serve(self, "POST")

            def do_GET(self) -> None:
                fake._serve(self, "GET")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fake-bland", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeBland:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def requests_to(self, suffix: str) -> list[Received]:
        return [r for r in self.requests if r.path.endswith(suffix)]

    # --- HTTP -------------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("content-length") or 0)
        raw = handler.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in handler.headers.items()}
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        with self._lock:
            self.requests.append(Received(method, handler.path, headers, body))
            try:
                status, answer = self._answer(method, handler.path, headers, body)
            except Exception:  # this fake's own bug: fail the test, not the connection
                self.problems.append(f"the fake failed: {traceback.format_exc()}")
                status, answer = 500, {"data": None, "errors": [{"message": "fake failed"}]}
        data = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _reject(self, status: int, message: str) -> tuple[int, dict[str, Any]]:
        self.problems.append(message)
        return status, {"data": None, "errors": [{"message": message}]}

    def _answer(self, method: str, path: str, headers: dict[str, str], body: Any) -> tuple[int, dict[str, Any]]:
        if self.answer_next:
            return 200, self.answer_next.pop(0)
        if self.fail_next:
            status = self.fail_next.pop(0)
            return status, {"data": None, "errors": [{"message": f"injected {status}"}]}
        expected = f"Bearer {self.api_key}" if self.bearer else self.api_key
        if headers.get("authorization") != expected:
            return self._reject(401, f"{path}: authorization header {'missing' if 'authorization' not in headers else 'wrong'}")
        parts = path.strip("/").split("/")
        if parts[:3] != ["v1", "pathway", "chat"] or len(parts) != 4:
            return self._reject(404, f"{method} {path}: no such endpoint")
        if method == "GET":
            chat = self.chats.get(parts[3])
            if chat is None:
                return self._reject(404, f"GET {path}: no chat {parts[3]!r}")
            return 200, {"data": list(chat.history), "errors": None}
        if "application/json" not in headers.get("content-type", ""):
            return self._reject(400, f"{path}: content-type is not application/json")
        if not isinstance(body, dict):
            return self._reject(400, f"{path}: the body is not a JSON object")
        if parts[3] == "create":
            return self._create(body)
        return self._message(parts[3], body)

    def _create(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        unknown = set(body) - CREATE_KEYS
        if unknown:
            return self._reject(400, f"chat/create: unknown key(s) {sorted(unknown)}")
        pathway_id = body.get("pathway_id")
        if not isinstance(pathway_id, str) or pathway_id not in self.pathways:
            return self._reject(404 if isinstance(pathway_id, str) else 400, f"chat/create: pathway_id {pathway_id!r} is not a pathway")
        version = body.get("pathway_version")
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
            return self._reject(400, f"chat/create: pathway_version {version!r} is not a number")
        chosen = self.production[pathway_id] if version is None else version
        if chosen not in self.pathways[pathway_id]:
            return self._reject(404, f"chat/create: pathway {pathway_id} has no version {chosen}")
        request_data = body.get("request_data", {})
        if not isinstance(request_data, dict):
            return self._reject(400, "chat/create: request_data must be a valid JSON object (not an array or null)")
        if "use_candidate_model" in body and not isinstance(body["use_candidate_model"], bool):
            return self._reject(400, "chat/create: use_candidate_model is not a boolean")
        pathway = self.pathways[pathway_id][chosen]
        nodes = {n["id"]: n for n in pathway["nodes"] if "id" in n}
        start = body.get("start_node_id")
        if start is not None and (not isinstance(start, str) or start not in nodes):
            return self._reject(400, f"chat/create: Invalid start_node_id {start!r}")
        if start is None:
            start = next(n["id"] for n in nodes.values() if n.get("data", {}).get("isStart"))
        chat_id = str(uuid.uuid4())
        variables = {**request_data, "callID": chat_id}
        self.chats[chat_id] = Chat(chat_id, pathway_id, version, pathway, variables, start)
        return 200, {"data": {"chat_id": chat_id, "message": "Chat instance created successfully", "variables": variables}, "errors": None}

    def _message(self, chat_id: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat = self.chats.get(chat_id)
        if chat is None:
            return self._reject(404, f"chat: no chat {chat_id!r}")
        if set(body) - {"message"}:
            return self._reject(400, f"chat: unknown key(s) {sorted(set(body) - {'message'})}")
        message = body.get("message")
        if message is not None and not isinstance(message, str):
            return self._reject(400, f"chat: message {message!r} is not a string")
        if chat.completed:
            return self._reject(400, "chat: the chat has completed")
        responses: list[str] = []
        if message is not None:
            chat.history.append({"role": "user", "content": message})
        if not chat.started:  # the first turn starts the agent (a first "hello" only opens the call)
            chat.started = True
            responses += self._enter(chat, chat.node)
        elif message is not None:
            responses += self._turn(chat, message)
        for text in responses:
            chat.history.append({"role": "assistant", "content": text})
        node = self._nodes(chat)[chat.node]
        return 200, {
            "data": {
                "chat_id": chat.chat_id,
                "assistant_responses": responses,
                "current_node_id": chat.node,
                "current_node_name": node.get("data", {}).get("name", ""),
                "chat_history": list(chat.history),
                "pathway_id": chat.pathway_id,
                "pathway_version": chat.version,
                "use_candidate_model": False,
                "variables": dict(chat.variables),
                "completed": chat.completed,
            },
            "errors": None,
        }

    # --- the agent --------------------------------------------------------------------------

    def _nodes(self, chat: Chat) -> dict[str, dict[str, Any]]:
        return {n["id"]: n for n in chat.pathway["nodes"] if "id" in n}

    def _say(self, chat: Chat, node: dict[str, Any]) -> list[str]:
        data = node.get("data", {})
        if data.get("text"):
            return [render(data["text"], chat.variables)]
        if data.get("prompt"):
            return [f"({render(data['prompt'], chat.variables)})"]
        return []

    def _enter(self, chat: Chat, node_id: str) -> list[str]:
        nodes = self._nodes(chat)
        said: list[str] = []
        for _ in range(20):
            chat.node = node_id
            node = nodes[node_id]
            said += self._say(chat, node)
            kind = node.get("type", "Default")
            if kind in ("End Call", "Transfer Call", "Transfer Node"):
                chat.completed = True
                return said
            if kind != "Webhook":
                return said
            node_id = self._call(chat, node)
        return said

    def _call(self, chat: Chat, node: dict[str, Any]) -> str:
        data = node["data"]
        url = render(data["url"], chat.variables)
        body = render(data.get("body", ""), chat.variables)
        self.webhook_calls.append({"node": node["id"], "url": url, "method": data.get("method", "POST"), "body": body})
        response = next((value for prefix, value in self.webhook_responses.items() if url.startswith(prefix)), {})
        chat.variables["BlandStatusCode"] = 200
        for entry in data.get("responseData", []):
            key = entry["data"].removeprefix("$.")
            if key in response:
                chat.variables[entry["name"]] = response[key]
        for variable, op, value, target in data.get("responsePathways", []):
            actual = str(chat.variables.get(variable, ""))
            if (op == "==" and actual == value) or (op == "!=" and actual != value):
                return str(target["id"])
        edges = [e for e in chat.pathway.get("edges", []) if e["source"] == node["id"]]
        return str(edges[0]["target"])

    def _turn(self, chat: Chat, message: str) -> list[str]:
        nodes = self._nodes(chat)
        node = nodes[chat.node]
        lowered = message.lower()
        for name, kind, *_ in node.get("data", {}).get("extractVars", []):
            value: Any = None
            if kind == "integer":
                found = re.search(r"\d+", message)
                value = int(found.group(0)) if found else None
            elif kind == "boolean":
                value = True if re.search(r"\byes\b", lowered) else False if re.search(r"\bno\b", lowered) else None
            elif name in self.extractors:
                found = re.search(self.extractors[name], message, re.IGNORECASE)
                value = (found.group(1) if found.re.groups else found.group(0)) if found else None
            else:
                value = message.strip()
            if value is not None:
                chat.variables[name] = value
        for edge in chat.pathway.get("edges", []):
            if edge["source"] != chat.node:
                continue
            label = (edge.get("data", {}).get("label") or edge.get("label") or "").lower()
            if (label and label in lowered) or edge.get("data", {}).get("alwaysPick"):
                return self._enter(chat, edge["target"])
        for other in nodes.values():
            data = other.get("data", {})
            if data.get("isGlobal") and data.get("globalLabel", "").lower() in lowered and other["id"] != chat.node:
                return self._enter(chat, other["id"])
        return ["Sorry, could you say that again?", *self._say(chat, node)]

"""Logging of the operator: plain text for people, one JSON object per line for log pipelines.

``configure_logging("json", "INFO")`` installs one handler on the root logger whose lines look
like::

    {"time": "2025-01-01T12:00:00.123Z", "level": "INFO", "logger": "kopf.objects",
     "message": "iteration 2 started", "namespace": "team-a", "name": "support-fix",
     "object": {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "TornadoSession",
                "namespace": "team-a", "name": "support-fix", "uid": "..."}}

kopf's per-object loggers attach the object reference as the ``k8s_ref`` record attribute;
it becomes ``object`` (plus top-level ``namespace`` and ``name`` for easy filtering). Any
other ``extra={...}`` field of a record is copied as is (JSON-encoded, ``str()`` as fallback);
exceptions go to ``exception`` as the formatted traceback.

Calling ``configure_logging`` again replaces the handler it installed before (and nothing
else), so tests and the CLI can call it repeatedly.
"""

from __future__ import annotations

import copy
import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, Final, Literal, TextIO

from tornado_operator.api.redact import redact

LogFormat = Literal["json", "text"]

TEXT_FORMAT: Final = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Attributes every LogRecord has (plus kopf's internals); everything else came from `extra`.
_RESERVED: Final = frozenset(
    {
        "args",
        "asctime",
        "created",
        "exc_info",
        "exc_text",
        "filename",
        "funcName",
        "levelname",
        "levelno",
        "lineno",
        "message",
        "module",
        "msecs",
        "msg",
        "name",
        "pathname",
        "process",
        "processName",
        "relativeCreated",
        "stack_info",
        "taskName",
        "thread",
        "threadName",
        # kopf: the object reference is rendered separately; settings and the event-posting
        # flag are internal.
        "k8s_ref",
        "k8s_skip",
        "settings",
    }
)

# Loggers too chatty at INFO for an operator's log.
_NOISY: Final = ("asyncio", "urllib3", "kubernetes.client.rest", "aiohttp.access")


def _format_time(created: float) -> str:
    stamp = datetime.fromtimestamp(created, tz=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


def object_ref(record: logging.LogRecord) -> dict[str, Any] | None:
    """The Kubernetes object a record is about (kopf's ``k8s_ref``), without empty fields."""
    ref = getattr(record, "k8s_ref", None)
    if not isinstance(ref, dict):
        return None
    return {key: value for key, value in ref.items() if value not in (None, "")}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, object, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _format_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        ref = object_ref(record)
        if ref:
            if "namespace" in ref:
                entry["namespace"] = ref["namespace"]
            if "name" in ref:
                entry["name"] = ref["name"]
            entry["object"] = ref
        for key, value in record.__dict__.items():
            if key in _RESERVED or key.startswith("_") or key in entry:
                continue
            entry[key] = _jsonable(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time level logger: [namespace/name] message`` (the prefix when kopf knows the object)."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:
        ref = object_ref(record)
        if ref and "name" in ref:
            prefix = (
                f"[{ref['namespace']}/{ref['name']}]" if "namespace" in ref else f"[{ref['name']}]"
            )
            record = copy.copy(record)  # shallow: other handlers keep the original message
            record.message = f"{prefix} {record.message}"
        return super().formatMessage(record)


class _TornadoHandler(logging.StreamHandler[TextIO]):
    """Marks the handler configure_logging installed, so a second call replaces it. Every
    line it writes is redacted (credential-shaped tokens, api/redact.py): a message or a
    traceback that quotes a server's echo of a key never reaches the log."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class RetriedRequestLevel(logging.Filter):
    """kopf logs every API request it will retry at ERROR. A retried request is expected, not
    an error: a 429 (the API server's "storage is (re)initializing" while it fills its watch
    cache, at every start and after a CRD is installed) becomes INFO, other retried failures
    WARNING. The last attempt ("...; escalating") stays ERROR."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and record.name.startswith("kopf."):
            message = record.getMessage()
            if message.startswith("Request attempt") and "; will retry:" in message:
                level = logging.INFO if "APITooManyRequestsError" in message else logging.WARNING
                record.levelno, record.levelname = level, logging.getLevelName(level)
        return True


def make_formatter(format: LogFormat) -> logging.Formatter:
    if format == "json":
        return JsonFormatter()
    if format == "text":
        return TextFormatter()
    raise ValueError(f"unknown log format {format!r}: expected 'json' or 'text'")


def configure_logging(
    format: LogFormat = "text", level: int | str = logging.INFO, *, stream: TextIO | None = None
) -> logging.Handler:
    """Send every log record to ``stream`` (default stderr) in ``format``; returns the handler.

    ``level`` is a logging level or its name (``"DEBUG"``, ``"info"``...). Handlers of other
    origins (pytest's capture, for instance) are kept; only a previous handler of ours is replaced.
    """
    if isinstance(level, str):
        resolved = logging.getLevelName(level.upper())
        if not isinstance(resolved, int):
            raise ValueError(f"unknown log level {level!r}")
        level = resolved
    handler = _TornadoHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(make_formatter(format))
    handler.addFilter(RetriedRequestLevel())
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, _TornadoHandler)]
    root.addHandler(handler)
    root.setLevel(level)
    quiet = max(level, logging.WARNING)
    for name in _NOISY:
        logging.getLogger(name).setLevel(quiet)
    return handler

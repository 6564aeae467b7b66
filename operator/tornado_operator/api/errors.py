"""Pydantic validation errors as one line per problem, with Kubernetes-style field paths."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

_PATH_IN_MESSAGE = re.compile(r"^((?:\[\d+\]|[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*): (.+)$", re.S)


def field_path(loc: Iterable[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def validation_lines(exc: ValidationError, prefix: str = "") -> list[str]:
    """One line per pydantic error: '<field path>: <message>' (paths in the wire's camelCase)."""
    lines: list[str] = []
    for error in exc.errors():
        path = field_path(error["loc"])
        message = str(error["msg"])
        for noise in ("Value error, ", "Assertion failed, "):
            if message.startswith(noise):
                message = message[len(noise) :]
        nested = _PATH_IN_MESSAGE.match(message)
        if nested is not None:  # validators that name the field themselves: "edges[3].target: ..."
            inner = nested.group(1)
            path = f"{path}{inner}" if inner.startswith("[") or not path else f"{path}.{inner}"
            message = nested.group(2)
        value = error.get("input")
        if isinstance(value, bool) and error["type"] == "string_type":
            message += f" (got {str(value).lower()}: YAML reads unquoted yes/no/on/off as booleans; quote it)"
        lines.append(f"{prefix}{path}: {message}" if path else f"{prefix}{message}")
    return lines


def first_error(exc: ValidationError, prefix: str = "") -> str:
    """The first problem of a validation error, as one line naming the field."""
    return validation_lines(exc, prefix)[0]

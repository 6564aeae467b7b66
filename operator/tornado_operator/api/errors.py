"""Validation errors that teach: one line per problem, with the Kubernetes-style field path,
what was expected, what was given, and the closest valid name for a misspelt one."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Path = tuple[str | int, ...]

_PATH_IN_MESSAGE = re.compile(r"^((?:\[\d+\]|[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*): (.+)$", re.S)
_PATH_PART = re.compile(r"\[(\d+)\]|([A-Za-z_][A-Za-z0-9_]*)")
_QUOTED = re.compile(r"'([^']*)'")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with an object: where (a path of keys and list indices, as in the YAML) and what."""

    path: Path
    message: str

    @property
    def field(self) -> str:
        return field_path(self.path)

    def line(self, prefix: str = "") -> str:
        return f"{prefix}{self.field}: {self.message}" if self.path else f"{prefix}{self.message}"


def field_path(loc: Iterable[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def parse_path(text: str) -> Path:
    """'edges[3].target' -> ('edges', 3, 'target')."""
    return tuple(int(index) if index else name for index, name in _PATH_PART.findall(text))


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a misspelling most likely meant (case-insensitive), or None."""
    options = list(dict.fromkeys(choices))
    lowered = {option.lower(): option for option in options}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' when a choice is close to `word`, else ''."""
    match = closest(word, choices)
    return f' (did you mean "{match}"?)' if match is not None and match != word else ""


def got(value: Any) -> str:
    """A given value as the user wrote it in YAML, with its type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int):
        return f"{value} (an integer)"
    if isinstance(value, float):
        return f"{value} (a number)"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f'"{shown}" (a string)'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_EXPECTED_TYPE = {
    "bool_type": "a boolean (true or false)",
    "bool_parsing": "a boolean (true or false)",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
}
_BOUNDS = {"greater_than_equal": (">=", "ge"), "less_than_equal": ("<=", "le"), "greater_than": (">", "gt"), "less_than": ("<", "lt")}


def message_of(error: Any) -> str:
    """A pydantic error as a message that says what was expected and what was given."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind in _EXPECTED_TYPE:
        message = f"expected {_EXPECTED_TYPE[kind]}, got {got(value)}"
        if kind == "string_type" and isinstance(value, bool):
            message += ": YAML reads unquoted yes/no/on/off/true/false as booleans; quote it"
        return message
    if kind in ("literal_error", "enum"):
        options = _QUOTED.findall(str(ctx.get("expected", "")))
        match = closest(value, options) if isinstance(value, str) else None
        hint = f'; did you mean "{match}"?' if match is not None else ""
        return f"expected one of {', '.join(options)}, got {got(value)}{hint}"
    if kind in _BOUNDS:
        sign, key = _BOUNDS[kind]
        return f"must be {sign} {ctx.get(key)}, got {got(value)}"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else f"must have at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"must have at most {ctx.get('max_length')} characters, got {len(value) if isinstance(value, str) else '?'}"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} item(s), got {ctx.get('actual_length')}"
    if kind == "string_pattern_mismatch":
        return f"must match {ctx.get('pattern')}, got {got(value)}"
    message = str(error["msg"])
    for noise in ("Value error, ", "Assertion failed, "):
        if message.startswith(noise):
            message = message[len(noise) :]
    return message


def validation_problems(exc: ValidationError) -> list[Problem]:
    """One Problem per pydantic error, its path in the wire's camelCase keys."""
    problems: list[Problem] = []
    for error in exc.errors():
        path: Path = tuple(error["loc"])
        message = message_of(error)
        nested = _PATH_IN_MESSAGE.match(message)
        if nested is not None:  # validators that name the field themselves: "edges[3].target: ..."
            path = (*path, *parse_path(nested.group(1)))
            message = nested.group(2)
        problems.append(Problem(path, message))
    return problems


def validation_lines(exc: ValidationError, prefix: str = "") -> list[str]:
    """One line per problem: '<field path>: <message>' (paths in the wire's camelCase)."""
    return [problem.line(prefix) for problem in validation_problems(exc)]


def first_error(exc: ValidationError, prefix: str = "") -> str:
    """The first problem of a validation error, as one line naming the field."""
    return validation_lines(exc, prefix)[0]


def raise_problems(title: str, problems: Sequence[tuple[Path, str, Any]]) -> NoReturn:
    """Raise a ValidationError of (path, message, input) problems; raised inside a validator,
    pydantic puts the outer fields' path in front of each."""
    raise ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(type=PydanticCustomError("invalid", "{message}", {"message": message}), loc=path, input=value)
            for path, message, value in problems
        ],
    )


class SecretKeyError(Exception):
    """A Secret (or its key) a session names cannot be read; the message is one readable line."""

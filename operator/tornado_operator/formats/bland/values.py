"""Each value tornado interprets: how it is parsed from Bland's JSON and rendered back.

A parser raises `Odd` when the value has a shape it does not expect; the reader then keeps
the value verbatim instead of interpreting it (and reports it).
"""

from __future__ import annotations

from typing import Any, TypeVar

from tornado_operator.formats.bland.shape import METHODS, VAR_TYPES

T = TypeVar("T")


class Odd(Exception):
    """A known key with a value of a shape the reader does not expect (it is kept as is)."""




def text(value: Any) -> str:
    if not isinstance(value, str):
        raise Odd(f"expected a string, got {kind(value)}")
    return value


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Odd(f"expected true or false, got {kind(value)}")
    return value


def same(value: T) -> T:
    return value


def kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise Odd(f"expected a string or number, got {kind(value)}")


def method(value: Any) -> str:
    if not isinstance(value, str) or value.upper() not in METHODS:
        raise Odd(f"expected one of {', '.join(METHODS)}, got {value!r}")
    return value.upper()


def headers(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise Odd("expected an object of string values")
    return dict(value)


def response_data(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise Odd(f"expected a list, got {kind(value)}")
    out = []
    for index, entry in enumerate(value):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or not entry["name"]
            or set(entry) - {"name", "data", "context"}
            or not all(isinstance(v, str) for v in entry.values())
        ):
            raise Odd(f"entry {index} is not {{name, data, context}} of strings")
        out.append({"name": entry["name"], "data": entry.get("data", ""), "context": entry.get("context", "")})
    return out


def render_response_data(value: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"data": v["data"], "name": v["name"], "context": v["context"]} for v in value]


def routes(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise Odd(f"expected a list, got {kind(value)}")
    out = []
    for index, entry in enumerate(value):
        if not isinstance(entry, list) or len(entry) != 4 or not isinstance(entry[3], dict):
            raise Odd(f"entry {index} is not [variable, operator, value, {{id, name}}]")
        target = entry[3]
        if not isinstance(target.get("id", ""), str) or not isinstance(target.get("name", ""), str) or set(target) - {"id", "name"}:
            raise Odd(f"entry {index}: the target is not {{id, name}} of strings")
        out.append(
            {
                "variable": scalar_text(entry[0]),
                "operator": scalar_text(entry[1]),
                "value": scalar_text(entry[2]),
                "targetNodeId": target.get("id", ""),
                "targetName": target.get("name", ""),
            }
        )
    return out


def render_routes(value: list[dict[str, str]]) -> list[Any]:
    return [[r["variable"], r["operator"], r["value"], {"id": r["targetNodeId"], "name": r["targetName"]}] for r in value]


def conditions(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise Odd(f"expected a list, got {kind(value)}")
    out = []
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or not isinstance(entry.get("field"), str) or set(entry) - {"field", "value", "operator"}:
            raise Odd(f"entry {index} is not {{field, value, operator}}")
        out.append({"field": entry["field"], "operator": scalar_text(entry.get("operator", "")), "value": scalar_text(entry.get("value", ""))})
    return out


def render_conditions(value: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"field": c["field"], "value": c["value"], "operator": c["operator"]} for c in value]


def extract_vars(value: Any) -> list[list[Any]]:
    if not isinstance(value, list):
        raise Odd(f"expected a list, got {kind(value)}")
    names: set[str] = set()
    for index, entry in enumerate(value):
        if (
            not isinstance(entry, list)
            or not 3 <= len(entry) <= 6
            or not all(isinstance(part, str) for part in entry[:3])
            or not entry[0]
            or entry[1] not in VAR_TYPES
        ):
            raise Odd(f"entry {index} is not [name, {'|'.join(VAR_TYPES)}, description, ...] of 3 to 6 elements")
        if entry[0] in names:
            raise Odd(f"entry {index}: variable {entry[0]!r} is declared twice")
        names.add(entry[0])
    return [list(entry) for entry in value]

"""What the reader and the writer share: Bland's names, and how a source's form is recorded.

Every Bland object (a node, an edge, the pathway's top level) is read into model fields plus a
`Passthrough`: `fields` holds the keys tornado does not interpret, verbatim, at their original
nesting; `form` records where the source differed from the *canonical* form the writer
produces from the model alone, so that the writer can give the source back:

* `present`: key paths the source had although their value is the default ("text": "",
  "alwaysPick": false), which the canonical form leaves out;
* `absent`: key paths the canonical form writes but the source did not have (an edge label
  only under data.label, a node without "type");
* `raw`: {key path: the source's value} where the canonical spelling differs ("Transfer
  Node" for "Transfer Call", "post" for "POST"); written back as long as it still reads as
  the model's current value.

A source in exactly the canonical form gets no passthrough at all.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from tornado_operator.api.pathway import NodeType, Passthrough

FORMAT = "bland"

# Bland's node type names -> tornado's; the first name of each type is the one written.
TYPE_NAMES: dict[str, NodeType] = {
    "Default": NodeType.DEFAULT,
    "End Call": NodeType.END_CALL,
    "Transfer Call": NodeType.TRANSFER,
    "Transfer Node": NodeType.TRANSFER,  # the update docs' other spelling
    "Webhook": NodeType.WEBHOOK,
}
WRITTEN_TYPE: dict[NodeType, str] = {
    NodeType.DEFAULT: "Default",
    NodeType.END_CALL: "End Call",
    NodeType.TRANSFER: "Transfer Call",
    NodeType.WEBHOOK: "Webhook",
}
VAR_TYPES = ("string", "integer", "number", "boolean")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
TORNADO_KEY = "tornado"  # data.tornado: tornado-only settings (match keywords, patterns, retries)


@dataclass(slots=True)
class Form:
    """The form record of one object while it is read or written."""

    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # object-specific records (extract tails, global prompt)

    @classmethod
    def of(cls, passthrough: Passthrough | None) -> Form:
        if passthrough is None or passthrough.format != FORMAT:
            return cls()
        data = copy.deepcopy(passthrough.form)
        return cls(
            present=list(data.pop("present", [])),
            absent=list(data.pop("absent", [])),
            raw=dict(data.pop("raw", {})),
            extra=data,
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.present:
            out["present"] = self.present
        if self.absent:
            out["absent"] = self.absent
        if self.raw:
            out["raw"] = self.raw
        out.update(self.extra)
        return out


def passthrough(fields: dict[str, Any], form: Form) -> Passthrough | None:
    """The passthrough to store, or None when the source was in the canonical form."""
    recorded = form.as_dict()
    if not fields and not recorded:
        return None
    return Passthrough(format=FORMAT, fields=fields, form=recorded)


def fields_of(passthrough: Passthrough | None) -> dict[str, Any]:
    if passthrough is None or passthrough.format != FORMAT:
        return {}
    return copy.deepcopy(passthrough.fields)


MISSING: Any = object()


def get_path(obj: dict[str, Any], path: str) -> Any:
    """obj["a"]["b"] for "a.b"; MISSING when a part is absent or not an object."""
    current: Any = obj
    for part in path.split("."):
        if not isinstance(current, dict) or part not in current:
            return MISSING
        current = current[part]
    return current


def pop_path(obj: dict[str, Any], path: str) -> None:
    """Remove "a.b" from obj, and "a" too when that leaves it empty."""
    parts = path.split(".")
    parents = [obj]
    for part in parts[:-1]:
        child = parents[-1].get(part)
        if not isinstance(child, dict):
            return
        parents.append(child)
    parents[-1].pop(parts[-1], None)
    for depth in range(len(parts) - 1, 0, -1):
        if parents[depth]:
            break
        parents[depth - 1].pop(parts[depth - 1], None)


def set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    current = obj
    for part in parts[:-1]:
        child = current.get(part)
        if not isinstance(child, dict):
            child = {}
            current[part] = child
        current = child
    current[parts[-1]] = value


def merge_under(canonical: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` added to `canonical` at their nesting; where both have a key, canonical wins
    (what tornado interprets is current; the kept copy only fills what it does not write)."""
    out = dict(canonical)
    for key, value in fields.items():
        if key not in out:
            out[key] = copy.deepcopy(value)
        elif isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = merge_under(out[key], value)
    return out

"""How a graph is written down: in the form its author used, so that two versions differ only by
what changed between them.

A graph that went through the models (a fix is applied to a `PathwayGraph`) comes back with
every default spelled out (`prompt: ''`, `config: {}`) and its keys in the models' order.
`clean_graph_wire(parent_wire, graph)` writes `graph` the way `parent_wire` (the parent
version's spec, or the Pathway manifest as authored) wrote it: the parent's keys in the
parent's order, a key the parent did not have only when its value is not the default, nodes
and edges matched by id, list items in the graph's order (a fix may move an edge). What
`graph` holds is unchanged: `PathwayGraph.model_validate(clean_graph_wire(p, g)) == g`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic.alias_generators import to_camel

from tornado_operator.api.pathway import PathwayGraph

# List items are the same item in two versions when these keys agree (nodes and edges by id,
# variables by name); other lists are values, replaced whole.
_ITEM_KEYS = ("id", "name")


def lean_graph_wire(graph: PathwayGraph) -> dict[str, Any]:
    """The graph with every default left out, keys in the models' order."""
    data: dict[str, Any] = graph.graph().model_dump(by_alias=True, exclude_defaults=True, mode="json")
    return data


def clean_graph_wire(parent_wire: Mapping[str, Any] | None, graph: PathwayGraph) -> dict[str, Any]:
    """`graph` in the form of `parent_wire` (see the module's doc); without a parent, lean."""
    graph = graph.graph()
    full = graph.model_dump(by_alias=True, mode="json")
    lean = lean_graph_wire(graph)
    if not parent_wire:
        return lean
    parent = {key: value for key, value in parent_wire.items() if to_camel(str(key)) in full}
    merged = _merge(parent, full, lean)
    assert isinstance(merged, dict)
    return merged


def _merge(parent: Any, full: Any, lean: Any) -> Any:
    """`full` (every field) written like `parent`; `lean` is `full` without defaults."""
    if isinstance(full, dict):
        parent_map = parent if isinstance(parent, dict) else {}
        lean_map = lean if isinstance(lean, dict) else {}
        by_camel = {to_camel(str(key)): key for key in parent_map}
        out: dict[str, Any] = {}
        for key in [*(k for k in by_camel if k in full), *(k for k in full if k not in by_camel)]:
            value = full[key]
            if value is None:
                continue
            if key in by_camel:
                out[key] = _merge(parent_map[by_camel[key]], value, lean_map.get(key, value))
            elif key in lean_map:
                out[key] = _merge(None, value, lean_map[key])
        return out
    if isinstance(full, list):
        lean_list = lean if isinstance(lean, list) and len(lean) == len(full) else full
        parent_list = parent if isinstance(parent, list) else []
        parents = _items_by_key(parent_list)
        return [
            _merge(_parent_item(parents, parent_list, index, item), item, lean_item)
            for index, (item, lean_item) in enumerate(zip(full, lean_list, strict=True))
        ]
    return full


def _item_key(item: Any) -> tuple[str, Any] | None:
    if isinstance(item, dict):
        for key in _ITEM_KEYS:
            if key in item:
                return key, item[key]
    return None


def _parent_item(parents: dict[tuple[str, Any], Any], parent_list: list[Any], index: int, item: Any) -> Any:
    """The parent's form of `item`: the item with its id (or name), else the one at its place."""
    key = _item_key(item)
    if key is not None:
        return parents.get(key)
    return parent_list[index] if index < len(parent_list) else None


def _items_by_key(items: list[Any]) -> dict[tuple[str, Any], Any]:
    found: dict[tuple[str, Any], Any] = {}
    for item in items:
        key = _item_key(item)
        if key is not None and key not in found:
            found[key] = item
    return found


def ordered_like(parent: Mapping[str, Any] | None, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with the keys `parent` also has first, in the parent's order."""
    if not parent:
        return data
    first = [key for key in parent if key in data]
    return {**{key: data[key] for key in first}, **{k: v for k, v in data.items() if k not in parent}}

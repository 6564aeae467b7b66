"""Clean forks: a version is written in its parent's form, so it differs from the parent by the
fixes alone (api/graph_form.py, loop/versions.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tornado_operator.api.graph_form import clean_graph_wire, lean_graph_wire
from tornado_operator.api.pathway import PathwayGraph, PathwayVersion, Provenance
from tornado_operator.engine.repair.apply import apply_patches
from tornado_operator.engine.repair.model import Patch
from tornado_operator.loop.versions import version_manifest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "support-line" / "pathway.yaml"


def authored() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())["spec"]
    return spec


def keys(value: Any, path: str = "") -> set[str]:
    """Every key path of a JSON value (list items by id or name, else by index)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(f"{path}.{key}")
            found |= keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            tag = item.get("id") or item.get("name") if isinstance(item, dict) else None
            found |= keys(item, f"{path}[{tag or index}]")
    return found


def test_an_unchanged_graph_is_written_exactly_as_authored() -> None:
    parent = authored()
    graph = PathwayGraph.model_validate(parent)
    assert clean_graph_wire(parent, graph) == parent
    assert list(clean_graph_wire(parent, graph)) == list(parent)  # key order too
    node = clean_graph_wire(parent, graph)["nodes"][1]
    assert list(node) == list(parent["nodes"][1])


def test_a_round_trip_through_the_models_adds_no_key() -> None:
    parent = authored()
    graph = PathwayGraph.model_validate(parent)
    full = graph.model_dump(by_alias=True, mode="json")
    assert "prompt" in full["nodes"][-1] and "config" in full["nodes"][0]  # what the models add
    written = clean_graph_wire(parent, PathwayGraph.model_validate(full))
    assert keys(written) == keys(parent)
    assert PathwayGraph.model_validate(written) == graph


def test_a_fork_holds_the_parent_plus_the_fixes() -> None:
    parent = authored()
    graph = PathwayGraph.model_validate(parent)
    fixed = apply_patches(
        graph,
        [
            Patch(op="add_keywords", node="main-menu", edge="menu-billing", values=("invoice",)),
            Patch(op="set_retry_threshold", node="greeting", number=2),
            Patch(op="set_extract", node="booking-zip", name="zip_code", values=(r"\b(\d{5})\b",)),
            Patch(op="add_edge", node="main-menu", target="goodbye", values=("hang up",)),
            Patch(op="append_text", node="goodbye", values=("Bye now.",)),
        ],
    )
    written = clean_graph_wire(parent, fixed)
    added = keys(written) - keys(parent)
    assert added == {
        ".nodes[greeting].config",
        ".nodes[greeting].config.retryThreshold",
        ".nodes[booking-zip].extractVars[zip_code].pattern",
        ".edges[main-menu-to-goodbye].id",
        ".edges[main-menu-to-goodbye].source",
        ".edges[main-menu-to-goodbye].target",
        ".edges[main-menu-to-goodbye].label",
        ".edges[main-menu-to-goodbye].match",
        ".edges[main-menu-to-goodbye].match.keywords",
    }, "only what the fixes set; a new edge without patterns: [] or always: false"
    assert keys(parent) - keys(written) == set()
    assert PathwayGraph.model_validate(written) == fixed
    billing = next(e for e in written["edges"] if e["id"] == "menu-billing")
    assert billing["match"]["keywords"][-1] == "invoice"


def test_a_moved_edge_keeps_its_form_in_the_new_place() -> None:
    parent = authored()
    fixed = apply_patches(
        PathwayGraph.model_validate(parent), [Patch(op="move_edge_before", node="main-menu", edge="menu-other", target="menu-billing")]
    )
    written = clean_graph_wire(parent, fixed)
    assert [e["id"] for e in written["edges"]][1:4] == ["menu-other", "menu-billing", "menu-booking"]
    assert keys(written) == keys(parent)


def test_snake_case_keys_of_the_author_are_placed_like_theirs_and_written_in_camel_case() -> None:
    parent = {"nodes": [{"id": "a", "is_start": True, "text": "hi"}], "description": "x"}
    written = clean_graph_wire(parent, PathwayGraph.model_validate(parent))
    assert written == {"nodes": [{"id": "a", "isStart": True, "text": "hi"}], "description": "x"}


def test_without_a_parent_the_graph_is_lean() -> None:
    graph = PathwayGraph.model_validate(authored())
    assert clean_graph_wire(None, graph) == lean_graph_wire(graph)
    assert "config" not in lean_graph_wire(graph)["nodes"][0]


def test_the_version_manifest_keeps_the_parent_form_and_provenance() -> None:
    parent = authored()
    fixed = apply_patches(
        PathwayGraph.model_validate(parent), [Patch(op="add_keywords", node="main-menu", edge="menu-billing", values=("invoice",))]
    )
    manifest = version_manifest(
        pathway_id="support-line",
        graph=fixed,
        number=2,
        parent=1,
        provenance=Provenance(source="tornado-fix", session_name="s", iteration=1, fix_ids=["fix-001"]),
        parent_wire=parent,
    )
    spec = manifest["spec"]
    assert list(spec)[: len(parent)] == list(parent)
    assert {k: v for k, v in spec.items() if k in parent} != parent  # the fix
    assert spec["provenance"]["fixIds"] == ["fix-001"] and spec["parentVersion"] == 1
    version = PathwayVersion.model_validate(manifest)
    assert version.spec.graph() == fixed
    # a version's own fields do not leak into the next fork's graph
    again = version_manifest(
        pathway_id="support-line", graph=fixed, number=3, parent=2, provenance=Provenance(source="tornado-fix"), parent_wire=spec
    )
    assert again["spec"]["nodes"] == spec["nodes"] and again["spec"]["versionNumber"] == 3

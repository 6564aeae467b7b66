"""tornado diff's review (review/diff.py, review/chain.py, review/text.py): every kind of fix the
fixer makes shows as the change it is, tagged with that fix; changes no fix made are untagged."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tornado_operator.api.pathway import (
    FixNote,
    PathwayGraph,
    PathwayVersion,
    PathwayVersionSpec,
    Provenance,
)
from tornado_operator.cli.main import main
from tornado_operator.engine.repair.apply import apply_patches
from tornado_operator.engine.repair.model import Patch
from tornado_operator.loop.versions import version_manifest
from tornado_operator.review.chain import fixes_between
from tornado_operator.review.diff import Change, FixRef, GraphDiff, diff_graphs, word_diff
from tornado_operator.review.text import render_plain

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "support-line"
GRAPH = PathwayGraph.model_validate(yaml.safe_load((EXAMPLE / "pathway.yaml").read_text())["spec"])


def fix(fix_id: str, type_: str, node: str, description: str, version: int = 2) -> FixRef:
    return FixRef(id=fix_id, version=version, iteration=version - 1, type=type_, target_node=node, description=description)


def only_change(diff: GraphDiff) -> tuple[str, Change]:
    changes = [(node.node_id, change) for node in diff.nodes for change in node.changes]
    assert len(changes) == 1, render_plain(diff)
    return changes[0]


# (patch, fix type, description in the fixer's words, node the change is reviewed under, expected change)
CASES: list[tuple[Patch, str, str, str, dict[str, Any]]] = [
    (
        Patch("add_keywords", "main-menu", edge="menu-billing", values=("invoice",)),
        "flow_change",
        "Add the keyword \"invoice\" to edge 'menu-billing' (main-menu -> billing-account) on the way to 'billing-dispute'",
        "main-menu",
        {"kind": "list", "path": "match.keywords", "edge": "menu-billing", "added": ["invoice"], "removed": []},
    ),
    (
        Patch("add_patterns", "billing-account", edge="billing-account-given", values=(r"\b\d{4}[ -]?\d{4}\b",)),
        "flow_change",
        "Add the pattern '\\b\\d{4}[ -]?\\d{4}\\b' to edge 'billing-account-given' (billing-account -> billing-lookup) so values written with a space match",
        "billing-account",
        {"kind": "list", "path": "match.patterns", "edge": "billing-account-given", "added": [r"\b\d{4}[ -]?\d{4}\b"]},
    ),
    (
        Patch("add_global_keywords", "manager-escalation", values=("boss",)),
        "flow_change",
        "Add the keyword \"boss\" to the globalMatch of node 'manager-escalation' (the caller asks for a manager) so that callers who say it reach it from anywhere",
        "manager-escalation",
        {"kind": "list", "path": "globalMatch.keywords", "added": ["boss"]},
    ),
    (
        Patch("narrow_keyword", "billing-lookup", edge="billing-done", values=("bye", "goodbye now", "bye for now")),
        "flow_change",
        "Narrow the keyword \"bye\" of edge 'billing-done' to \"goodbye now\", \"bye for now\": the caller's \"my bye\" (turn 3) is a mention",
        "billing-lookup",
        {"kind": "list", "path": "match.keywords", "edge": "billing-done", "added": ["goodbye now", "bye for now"], "removed": ["bye"]},
    ),
    (
        Patch("add_edge", "billing-lookup", target="front-desk-transfer", values=("speak to someone",)),
        "flow_change",
        "Add an edge billing-lookup -> front-desk-transfer taken when the caller says \"speak to someone\"",
        "billing-lookup",
        {"kind": "added", "path": "edge", "edge": "billing-lookup-to-front-desk-transfer"},
    ),
    (
        Patch("move_edge_before", "main-menu", edge="menu-other", target="menu-billing"),
        "flow_change",
        "Try edge 'menu-other' before 'menu-billing' on node 'main-menu': the caller's turn fits 'menu-other'",
        "main-menu",
        {"kind": "order", "path": "edges", "after": ["menu-other", "menu-billing", "menu-booking"]},
    ),
    (
        Patch("move_edge_after", "main-menu", edge="menu-billing", target="menu-booking"),
        "flow_change",
        "Try edge 'menu-billing' after 'menu-booking' on node 'main-menu': the caller's turn fits 'menu-booking'",
        "main-menu",
        {"kind": "order", "path": "edges", "after": ["menu-booking", "menu-billing", "menu-other"]},
    ),
    (
        Patch("append_text", "booking-confirm", values=("Please note our 24-hour cancellation policy.",)),
        "prompt_edit",
        "Have the agent say 'Please note our 24-hour cancellation policy.' on node 'booking-confirm' (required by LLM_JUDGE 'policy')",
        "booking-confirm",
        {"kind": "text", "path": "text", "inserted": "Please note our 24-hour cancellation policy."},
    ),
    (
        Patch("prepend_text", "billing-dispute", values=("I completely understand how frustrating that is.",)),
        "prompt_edit",
        "Open node 'billing-dispute' with 'I completely understand how frustrating that is.': the agent's tone lacked empathy",
        "billing-dispute",
        {"kind": "text", "path": "text", "inserted": "I completely understand how frustrating that is."},
    ),
    (
        Patch("remove_text", "billing-lookup", values=(re.escape("Your latest statement was issued on the 1st."),)),
        "prompt_edit",
        "Shorten node 'billing-lookup' so its turn is under 2000 ms: drop 'Your latest statement was issued on the 1st.' (44 characters)",
        "billing-lookup",
        {"kind": "text", "path": "text", "deleted": "Your latest statement was issued on the 1st."},
    ),
    (
        Patch("set_extract", "booking-zip", name="zip_code", values=(r"\b(\d{5})\b",)),
        "config_change",
        "Extract 'zip_code' on node 'booking-zip' with pattern '\\b(\\d{5})\\b' (the shape of '94110' as the caller said it)",
        "booking-zip",
        {"kind": "value", "path": "extractVars[zip_code].pattern", "before": None, "after": r"\b(\d{5})\b"},
    ),
    (
        Patch("set_extract", "goodbye", name="rating", values=(r"\b([1-5])\b",)),
        "config_change",
        "Extract 'rating' on node 'goodbye' with pattern '\\b([1-5])\\b'",
        "goodbye",
        {"kind": "added", "path": "extractVars[rating]"},
    ),
    (
        Patch("set_retry_threshold", "main-menu", number=2),
        "config_change",
        "Lower retryThreshold of node 'main-menu' from 3 to 2 so the caller is transferred to 'front-desk-transfer' on caller turn 3",
        "main-menu",
        {"kind": "value", "path": "config.retryThreshold", "before": 3, "after": 2},
    ),
]


@pytest.mark.parametrize(("patch", "type_", "description", "node", "expected"), CASES, ids=[f"{c[0].op}-{c[0].node}" for c in CASES])
def test_every_fix_type_shows_as_its_change_tagged_with_its_fix(
    patch: Patch, type_: str, description: str, node: str, expected: dict[str, Any]
) -> None:
    after = apply_patches(GRAPH, [patch])
    the_fix = fix("fix-001", type_, patch.node, description)
    other = fix("fix-002", "config_change", "greeting", "Lower retryThreshold of node 'greeting' from 4 to 3")
    diff = diff_graphs(GRAPH, after, [the_fix, other], before_label="v1", after_label="v2")
    node_id, change = only_change(diff)
    assert node_id == node
    assert change.fixes == [the_fix]
    assert diff.unexplained_fixes == [other]
    data = change.to_json()
    for key in ("kind", "path", "edge", "added", "removed", "before", "after"):
        if key in expected:
            assert data.get(key) == expected[key], key
    if "inserted" in expected:
        assert [s.text.strip() for s in change.words if s.op == "insert"] == [expected["inserted"]]
    if "deleted" in expected:
        assert [s.text.strip() for s in change.words if s.op == "delete"] == [expected["deleted"]]
    text = render_plain(diff)
    assert "[v2 fix-001]" in text and description in text and "fix-002" in text.split("\n\n")[-1]


def test_fixes_on_one_node_are_told_apart_and_a_hand_edit_has_no_fix() -> None:
    after = apply_patches(
        GRAPH,
        [
            Patch("set_retry_threshold", "main-menu", number=2),
            Patch("add_keywords", "main-menu", edge="menu-billing", values=("invoice",)),
        ],
    )
    after = after.model_copy(update={"description": "Edited by hand."})
    retry = fix("fix-001", "config_change", "main-menu", "Lower retryThreshold of node 'main-menu' from 3 to 2")
    keyword = fix("fix-002", "flow_change", "main-menu", "Add the keyword \"invoice\" to edge 'menu-billing' (main-menu -> billing-account)")
    diff = diff_graphs(GRAPH, after, [retry, keyword])
    changes = {change.path: change for node in diff.nodes for change in node.changes}
    assert changes["config.retryThreshold"].fixes == [retry]
    assert changes["match.keywords"].fixes == [keyword]
    assert [c.path for c in diff.pathway] == ["description"] and diff.pathway[0].fixes == []
    assert "[no fix: not made by a fix between the two]" in render_plain(diff)


def test_the_same_content_in_another_form_is_no_change() -> None:
    respelled = PathwayGraph.model_validate(GRAPH.model_dump(by_alias=True, mode="json"))
    diff = diff_graphs(GRAPH, respelled)
    assert diff.empty and "no changes" in render_plain(diff)


def test_removed_nodes_and_edges() -> None:
    data = GRAPH.model_dump(by_alias=True, mode="json")
    data["nodes"] = [n for n in data["nodes"] if n["id"] != "voicemail"]
    data["edges"] = [e for e in data["edges"] if e["id"] != "menu-other"]
    diff = diff_graphs(GRAPH, PathwayGraph.model_validate(data))
    found = {(node.node_id, node.status, change.kind, change.path) for node in diff.nodes for change in node.changes}
    assert found == {("voicemail", "removed", "removed", "node"), ("main-menu", "changed", "removed", "edge")}


@pytest.mark.parametrize(
    ("before", "after"),
    [("a b c", "a x c"), ("Hello there.", "Hello there. Bye."), ("", "new words here"), ("one  two", "two"), ("same", "same")],
)
def test_word_spans_give_both_sides_back(before: str, after: str) -> None:
    spans = word_diff(before, after)
    assert "".join(s.text for s in spans if s.op != "insert").split() == before.split()
    assert "".join(s.text for s in spans if s.op != "delete").split() == after.split()


def versions_of(*fixes: list[Patch]) -> tuple[PathwayGraph, dict[int, PathwayVersionSpec]]:
    """A chain v2, v3, ... of forks of GRAPH (v1), each by one iteration's patches."""
    versions: dict[int, PathwayVersionSpec] = {}
    graph = GRAPH
    for index, patches in enumerate(fixes):
        number = index + 2
        graph = apply_patches(graph, patches)
        notes = [FixNote(id=f"fix-{i + 1:03d}", type="flow_change", target_node=p.node, description=f"Add the keyword \"{p.values[0]}\"") for i, p in enumerate(patches)]
        manifest = version_manifest(
            pathway_id="support-line", graph=graph, number=number, parent=number - 1,
            provenance=Provenance(source="tornado-fix", session_name="s", iteration=index + 1, fix_ids=[n.id for n in notes], fixes=notes),
        )
        versions[number] = PathwayVersion.model_validate(manifest).spec
    return graph, versions


def test_the_fixes_between_two_versions_follow_the_parents() -> None:
    _, versions = versions_of(
        [Patch("add_global_keywords", "manager-escalation", values=("boss",))],
        [Patch("add_global_keywords", "voicemail", values=("beep",))],
        [Patch("add_global_keywords", "manager-escalation", values=("chief",))],
    )
    between = fixes_between(GRAPH, versions[4], versions)  # from the Pathway's graph (no number): by content
    assert [(f.version, f.id) for f in between] == [(2, "fix-001"), (3, "fix-001"), (4, "fix-001")]
    assert [(f.version, f.id) for f in fixes_between(versions[2], versions[4], versions)] == [(3, "fix-001"), (4, "fix-001")]
    assert [(f.version, f.id) for f in fixes_between(versions[4], versions[2], versions)] == [(3, "fix-001"), (4, "fix-001")]
    diff = diff_graphs(versions[2], versions[4], fixes_between(versions[2], versions[4], versions))
    keywords = {node.node_id: node.changes[0] for node in diff.nodes}
    assert keywords["voicemail"].fixes[0].label == "v3 fix-001" and keywords["manager-escalation"].fixes[0].label == "v4 fix-001"
    # a fork of v2 on another branch (v5): the fixes of both branches down to v2
    other = versions[2].model_copy(update={"version_number": 5, "parent_version": 2})
    branches = fixes_between(versions[4], other, {**versions, 5: other})
    assert [(f.version, f.id) for f in branches] == [(3, "fix-001"), (4, "fix-001"), (5, "fix-001")]


def test_tornado_diff_on_tornado_runs_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLE), "--output", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    review = (tmp_path / "out" / "support-line-review.txt").read_text()
    assert main(["diff", str(EXAMPLE / "pathway.yaml"), str(tmp_path / "out" / "support-line-v3.yaml")]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[2:] == review.splitlines()[2:]  # the same review (labels differ)
    assert "\x1b[" not in text and "{+A refund will be issued within 5 business days.+}" in text
    tags = re.findall(r"\[(v\d fix-\d+)\]", text)
    assert sorted(set(tags)) == ["v2 fix-001", "v2 fix-002", "v2 fix-003", "v2 fix-004", "v2 fix-005", "v2 fix-006", "v3 fix-001"]
    assert "no fix" not in text
    assert main(["diff", str(tmp_path / "out" / "support-line-v2.yaml"), str(tmp_path / "out" / "support-line-v3.yaml"), "-o", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(f["version"], f["id"]) for f in data["fixes"]] == [(3, "fix-001")]
    assert [n["node"] for n in data["nodes"]] == ["billing-dispute"]
    assert data["nodes"][0]["changes"][0]["fixes"] == [{"id": "fix-001", "version": 3}]
    assert main(["diff", str(tmp_path / "out" / "support-line-v2.yaml"), str(tmp_path / "nope.yaml"), "-p", "x"]) != 0


def test_versions_with_only_fix_ids_take_the_descriptions_from_their_session() -> None:
    """Versions written before provenance.fixes existed: the session's fix plan describes them."""
    fixed = apply_patches(GRAPH, [Patch("add_keywords", "main-menu", edge="menu-billing", values=("invoice",))])
    spec = PathwayVersionSpec.model_validate(
        {**fixed.model_dump(by_alias=True, mode="json"), "pathwayId": "support-line", "versionNumber": 2, "parentVersion": 1,
         "provenance": {"source": "tornado-fix", "sessionName": "s", "iteration": 1, "fixIds": ["fix-001", "fix-002"]}}
    )
    asked: list[tuple[str, int]] = []

    def describe(session: str, iteration: int) -> list[FixNote]:
        asked.append((session, iteration))
        return [FixNote(id="fix-001", type="flow_change", target_node="main-menu", description="Add the keyword \"invoice\"")]

    refs = fixes_between(GRAPH, spec, {2: spec}, describe)
    assert asked == [("s", 1)]
    assert [(r.id, r.description) for r in refs] == [("fix-001", "Add the keyword \"invoice\""), ("fix-002", "")]
    assert [r.id for r in fixes_between(GRAPH, spec, {2: spec})] == ["fix-001", "fix-002"]  # no session: ids only

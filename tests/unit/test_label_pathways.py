"""Label-only pathways run offline end to end: pathways imported from Bland's JSON by
`tornado import --from bland` (their edges have labels, no keywords), then `tornado run`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tornado_operator.cli.main import main

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "bland"


def scenario(name: str, pathway: str, messages: list[str], *assertions: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "agenttesting.dev/v1alpha1",
        "kind": "TestScenario",
        "metadata": {"name": name},
        "spec": {"name": name, "pathwayId": pathway, "inputMessages": messages, "assertions": list(assertions)},
    }


def imported_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture: str, scenarios: list[dict[str, Any]]) -> dict[str, Any]:
    """Import `fixture`, add the scenarios and a session, `tornado run --json` it: the status JSON."""
    folder = tmp_path / "pathway"
    folder.mkdir()
    assert main(["import", "--from", "bland", str(FIXTURES / fixture), "-o", str(folder / "pathway.yaml")]) == 0
    name = yaml.safe_load((folder / "pathway.yaml").read_text())["metadata"]["name"]
    for item in scenarios:
        item["spec"]["pathwayId"] = name
    session = {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "TornadoSession", "metadata": {"name": "s"},
               "spec": {"pathwayId": name, "maxIterations": 1}}
    (folder / "scenarios.yaml").write_text(yaml.safe_dump_all([*scenarios, session]))
    capsys.readouterr()
    code = main(["run", str(folder), "--json", "--output", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    status: dict[str, Any] = json.loads(out)
    status["exit_code"] = code
    status["stderr"] = err
    return status


def test_an_imported_bland_pathway_routes_by_label_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = imported_run(
        tmp_path,
        capsys,
        "clinic-docs.json",
        [
            scenario(
                "book", "", ["Hi, I'd like an appointment please", "Any day next week is fine"],
                {"type": "NODES_VISITED", "config": {"nodeIds": ["start", "collect", "lookup", "bye"], "inOrder": True}},
                {"type": "WEBHOOK_TRIGGERED", "config": {"url": "example.test/slots"}},
            ),
            scenario("hours", "", ["What are your hours on Saturday?"], {"type": "NODE_REACHED", "config": {"nodeId": "faq"}}),
            scenario(
                "off-topic-first", "", ["Is it going to rain tomorrow?", "I'd like an appointment please", "Any day next week is fine"],
                {"type": "NODE_REACHED", "config": {"nodeId": "bye"}},
            ),
        ],
    )
    assert (status["exit_code"], status["status"]) == (0, "COMPLETED_ALL_PASSED"), status
    # the off-topic turn fit no label: the agent reprompted on the start node, then the label routed
    result = json.loads((tmp_path / "out" / "iterations" / "it1.json").read_text())
    transcript = next(s for s in result["scenarios"] if s["scenarioId"] == "off-topic-first")["transcript"]
    assert [t["node"] for t in transcript if t["speaker"] == "agent"] == ["start", "start", "bye"]  # collect, lookup: no text
    assert transcript[2]["text"].startswith("Sorry, I didn't quite catch that.")


def test_a_real_export_shape_routes_by_label_and_its_globals_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = imported_run(
        tmp_path,
        capsys,
        "real-export.json",
        [
            scenario(
                "visit", "", ["Yes, now is fine. My furnace is making a noise, can you send a technician for a visit?",
                              "It's 12 Elm Street, 02139."],
                {"type": "NODE_REACHED", "config": {"nodeId": "randomnode_1712000000003"}},
            ),
            scenario("price", "", ["How much does a visit cost?"], {"type": "NODE_REACHED", "config": {"nodeId": "randomnode_1712000000005"}}),
        ],
    )
    assert status["exit_code"] == 0 and status["status"] == "COMPLETED_ALL_PASSED", status

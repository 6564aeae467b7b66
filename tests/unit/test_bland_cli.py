"""`tornado import --from bland` / `tornado export --to bland`, and what an imported pathway does
in the loop: the support-line example through Bland's format gives the same `tornado run`, and a
scenario that reaches a node the engine cannot simulate ends with that reason."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tornado_operator.api.manifests import load_manifests
from tornado_operator.api.pathway import NodeType, Pathway
from tornado_operator.api.scenario import TestScenario
from tornado_operator.api.session import Phase, TornadoSession
from tornado_operator.cli.main import main
from tornado_operator.drivers.local import run_local
from tornado_operator.engine.sim.interpreter import simulate
from tornado_operator.formats.bland import read_pathway

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "support-line"
FIXTURES = ROOT / "tests" / "fixtures" / "bland"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_a_pathway_manifest_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "pathway.yaml"
    code, out, err = run_cli(capsys, "import", "--from", "bland", str(FIXTURES / "real-export.json"), "-o", str(target))
    assert code == 0 and out == ""
    manifests = load_manifests([target])
    [doc] = manifests.of_kind("Pathway")
    assert doc.name == "service-scheduling-composed-real-export-shape"
    assert doc.obj.metadata.annotations == {"agenttesting.dev/imported-from": "bland"}
    assert err.splitlines()[0].startswith("imported 'Service scheduling (composed, real-export shape)': 15 nodes")
    assert sum("is kept for export but not simulated" in line for line in err.splitlines()) == 8


def test_import_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO((FIXTURES / "clinic-docs.json").read_text()))
    code, out, _ = run_cli(capsys, "import", "--from", "bland", "-", "--name", "clinic", "-n", "team")
    assert code == 0
    manifest = yaml.safe_load(out)
    assert manifest["metadata"]["name"] == "clinic" and manifest["metadata"]["namespace"] == "team"
    assert Pathway.model_validate(manifest).spec.global_prompt.startswith("Be brief")


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("{not json", [], "not JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        ('{"nodes": 3}', [], "nodes: expected a list, got int"),
        (None, ["--name", "Bad_Name"], "--name: 'Bad_Name' is not a Pathway name"),
    ],
)
def test_import_bad_input_is_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, args: list[str], message: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(content if content is not None else (FIXTURES / "clinic-docs.json").read_text())
    code, out, err = run_cli(capsys, "import", "--from", "bland", str(source), *args)
    assert code == 2 and out == ""
    assert message in err


def test_import_of_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "import", "--from", "bland", "/nonexistent/p.json")
    assert code == 2 and "/nonexistent/p.json: cannot read" in err


def test_export_gives_the_imported_file_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "pathway.yaml"
    run_cli(capsys, "import", "--from", "bland", str(FIXTURES / "real-export.json"), "-o", str(manifest))
    code, out, err = run_cli(capsys, "export", "--to", "bland", str(manifest))
    assert code == 0
    assert json.loads(out) == json.loads((FIXTURES / "real-export.json").read_text())
    assert "request: POST /v1/pathway/{pathway_id}" in err


def test_export_fills_the_pathway_id_of_the_request_when_known(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "pathway.yaml"
    run_cli(capsys, "import", "--from", "bland", str(FIXTURES / "get-response.json"), "-o", str(manifest))
    _, _, err = run_cli(capsys, "export", "--to", "bland", str(manifest))
    assert "POST /v1/pathway/9d404c1b-6a23-4426-953a-a52c392ff8f1" in err


def test_export_a_forked_version_as_a_version_body(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    assert main(["run", str(EXAMPLE), "--output", str(out_dir)]) == 0
    capsys.readouterr()
    code, out, err = run_cli(capsys, "export", "--to", "bland", "support-line", "-f", str(out_dir), "--version", "2", "--as", "version")
    assert code == 0
    body = json.loads(out)
    assert set(body) == {"name", "nodes", "edges"}
    assert body["name"].startswith("tornado fix: fix-001") and "iteration 1, from version 1" in body["name"]
    assert "PathwayVersion support-line-v2 as Bland's version body; request: POST /v1/pathway/{pathway_id}/version" in err
    code, out, _ = run_cli(capsys, "export", "--to", "bland", "support-line", "-f", str(out_dir), "--version", "9")
    assert code == 3


def test_export_publish_body(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "export", "--to", "bland", "--publish", "12", "--environment", "staging")
    assert code == 0 and json.loads(out) == {"version_id": 12, "environment": "staging"}
    assert "POST /v1/pathway/{pathway_id}/publish" in err
    code, out, _ = run_cli(capsys, "export", "--to", "bland", "--publish", "12")
    assert json.loads(out)["environment"] == "production"
    code, _, err = run_cli(capsys, "export", "--to", "bland", "--publish", "-2")
    assert code == 2 and "--publish: version: -2 is not a version number" in err


def test_export_needs_a_pathway(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "export", "--to", "bland")
    assert code == 2 and "give the PATHWAY" in err
    code, _, err = run_cli(capsys, "export", "--to", "bland", "other", "-f", str(EXAMPLE))
    assert code == 3 and 'no Pathway or PathwayVersion of "other"' in err


# --- the loop on an imported pathway -----------------------------------------------------------


def _summary(run: Any) -> list[Any]:
    return [
        (
            result.record.passed_ids,
            result.record.failed_ids,
            [(fix.id, fix.target_node, fix.type, fix.description) for fix in result.record.fix_plan.fixes],
            [cause.signature for cause in result.record.root_causes],
            [
                (s.scenario_id, s.ended_by, s.nodes_visited, s.variables,
                 [(w.node, w.url, w.method, w.body) for w in s.webhooks],
                 [(t.speaker, t.text, t.node, t.latency_ms) for t in s.transcript])
                for s in result.scenarios
            ],
        )
        for result in run.iterations
    ]


def test_support_line_through_blands_format_gives_the_same_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = tmp_path / "support-line.json"
    code, out, _ = run_cli(capsys, "export", "--to", "bland", str(EXAMPLE / "pathway.yaml"))
    assert code == 0
    body.write_text(out)
    folder = tmp_path / "imported"
    folder.mkdir()
    code, _, _ = run_cli(capsys, "import", "--from", "bland", str(body), "--name", "support-line", "-o", str(folder / "pathway.yaml"))
    assert code == 0
    for name in ("scenarios.yaml", "session.yaml"):
        shutil.copy(EXAMPLE / name, folder / name)

    def run(path: Path) -> Any:
        manifests = load_manifests([path])
        return run_local(
            session=manifests.of_kind("TornadoSession")[0].obj,
            scenarios=[doc.obj for doc in manifests.of_kind("TestScenario")],
            pathway=manifests.of_kind("Pathway")[0].obj,
        )

    original, imported = run(EXAMPLE), run(folder)
    assert imported.phase is original.phase is Phase.COMPLETED_ALL_PASSED
    assert len(original.iterations) >= 2
    assert _summary(imported) == _summary(original)
    assert [v.spec.graph().model_dump(exclude={"passthrough"}) for v in imported.versions][-1]["nodes"][0]["text"] == (
        original.versions[-1].spec.graph().nodes[0].text
    )
    for name in ("out-a", "out-b"):
        (tmp_path / name).mkdir()
    assert main(["run", str(EXAMPLE), "--json", "-o", str(tmp_path / "out-a")]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["run", str(folder), "--json", "-o", str(tmp_path / "out-b")]) == 0
    second = json.loads(capsys.readouterr().out)
    keep = ("status", "current_iteration", "total_scenarios", "passed_scenarios", "unfixable_ids", "forked_version")
    assert {k: second[k] for k in keep} == {k: first[k] for k in keep}


def _unsupported_setup() -> tuple[Any, Any, list[TestScenario]]:
    graph, _ = read_pathway(json.loads((FIXTURES / "real-export.json").read_text()))
    spec = graph.model_dump(by_alias=True)
    # keep the webhook's "not served" route only: offline, no call is sent and its first edge is taken
    spec["edges"] = [edge for edge in spec["edges"] if edge["target"] != "randomnode_1712000000003"]
    pathway = Pathway.model_validate({"metadata": {"name": "acme"}, "spec": spec})
    scenario = TestScenario.model_validate(
        {
            "metadata": {"name": "reach-the-faq"},
            "spec": {
                "name": "reaches the knowledge base",
                "pathwayId": "acme",
                "scenarioType": "REPLAY",
                "startNodeId": "randomnode_1712000000002",
                "inputMessages": ["hello"],
                "assertions": [{"type": "CALL_ENDED_BY_AGENT"}],
            },
        }
    )
    session = TornadoSession.model_validate({"metadata": {"name": "acme-run"}, "spec": {"pathwayId": "acme"}})
    return pathway, session, [scenario]


def test_a_scenario_that_reaches_an_unsupported_node_ends_with_that_reason() -> None:
    pathway, _, [scenario] = _unsupported_setup()
    graph = pathway.spec.graph()
    conversation = simulate(graph, scenario.spec, scenario_id="reach-the-faq")
    assert conversation.ended_by == "error" and conversation.error_kind == "unsupported_node"
    assert conversation.error == (
        "node 'randomnode_1712000000007' ('Service area FAQ') is a 'Knowledge Base' node, which this engine "
        "cannot simulate; the bland backend runs it on the deployed pathway"
    )
    assert conversation.nodes_visited == ["randomnode_1712000000002", "randomnode_1712000000007"]
    # the webhook's text body is rendered whole (not JSON before rendering) and recorded as sent
    [call] = conversation.webhooks
    assert call.body == '{"zip": "{{zip}}", "units": {{unit_count}}, "name": "{{caller_name}}"}'
    assert graph.node("randomnode_1712000000007").type is NodeType.UNSUPPORTED


def test_a_session_on_it_stops_with_the_reason_in_its_root_cause() -> None:
    pathway, session, scenarios = _unsupported_setup()
    run = run_local(session=session, scenarios=scenarios, pathway=pathway)
    status = run.session.status
    assert status.phase is Phase.STUCK
    [cause] = status.iterations[0].root_causes
    assert cause.signature.startswith("error:unsupported_node@randomnode_1712000000007")
    assert "is a 'Knowledge Base' node, which this engine cannot simulate" in cause.summary


def test_a_text_body_that_is_json_after_rendering_is_recorded_as_json() -> None:
    data = json.loads((FIXTURES / "clinic-docs.json").read_text())
    graph, _ = read_pathway(data)
    scenario = TestScenario.model_validate(
        {"metadata": {"name": "s"}, "spec": {"name": "s", "pathwayId": "x", "scenarioType": "REPLAY",
                                              "startNodeId": "lookup", "requestData": {"appt_day": "Tuesday"}, "inputMessages": []}}
    )
    conversation = simulate(graph, scenario.spec)
    assert [call.body for call in conversation.webhooks] == [{"day": "Tuesday"}]


def test_manifests_are_written_so_kubectl_reads_them_back_as_written() -> None:
    """YAML 1.1 readers (kubectl) take y / n for booleans; a canvas position's `y:` must stay a key."""
    from tornado_operator.api.manifests import dump_manifest

    text = dump_manifest({"position": {"x": 1, "y": 2}, "answers": ["y", "n", "Y", "N", "yes", "on", "maybe"]})
    assert "'y': 2" in text
    for word in ("y", "n", "Y", "N", "yes", "on"):
        assert f"- '{word}'" in text
    assert "- maybe" in text
    assert yaml.safe_load(text) == {"position": {"x": 1, "y": 2}, "answers": ["y", "n", "Y", "N", "yes", "on", "maybe"]}

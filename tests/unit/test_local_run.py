"""The local loop (drivers.local.run_local) and `tornado run`: outcomes, versions, errors, exit codes."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tornado_operator.api.manifests import load_manifests
from tornado_operator.api.pathway import PathwayVersion
from tornado_operator.api.scenario import TestScenario
from tornado_operator.api.session import Phase, TornadoSession
from tornado_operator.cli.main import main
from tornado_operator.cli.run import EXIT_CODES
from tornado_operator.drivers.local import InputError, LocalRun, resolve_scenarios, run_local

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def loaded(name: str | Path) -> dict[str, Any]:
    manifests = load_manifests([name if isinstance(name, Path) else EXAMPLES / name])
    return {
        "pathway": manifests.of_kind("Pathway")[0].obj,
        "scenarios": [doc.obj for doc in manifests.of_kind("TestScenario")],
        "session": manifests.of_kind("TornadoSession")[0].obj,
    }


def session_with(session: TornadoSession, **spec: Any) -> TornadoSession:
    return session.model_copy(update={"spec": session.spec.model_copy(update=spec)})


def test_support_line_ends_all_passed() -> None:
    run = run_local(**loaded("support-line"))
    status = run.session.status
    assert status.phase is Phase.COMPLETED_ALL_PASSED and status.reason == "AllPassed"
    assert 2 <= len(run.iterations) <= 3
    assert status.current_iteration == len(run.iterations)
    assert status.passed_scenarios == status.total_scenarios == 7 and status.failed_scenarios == 0
    first = status.iterations[0]
    assert len(first.failed_ids) >= 3
    assert [r.version_tested for r in status.iterations] == list(range(1, len(run.iterations) + 1))
    assert [r.forked_version for r in status.iterations] == [*range(2, len(run.iterations) + 1), None]
    assert status.forked_version == len(run.iterations)
    assert status.start_version == 1
    assert {c.type: c.status for c in status.conditions}["Succeeded"] == "True"
    assert status.unfixable_ids == [] and status.completed_at is not None


def test_forked_versions_chain_and_provenance() -> None:
    run = run_local(**loaded("support-line"))
    assert [v.metadata.name for v in run.versions] == [f"support-line-v{n}" for n in range(2, len(run.versions) + 2)]
    for number, version in enumerate(run.versions, start=2):
        assert version.spec.version_number == number and version.spec.parent_version == number - 1
        assert version.spec.pathway_id == "support-line"
        provenance = version.spec.provenance
        assert provenance.source == "tornado-fix" and provenance.iteration == number - 1
        assert provenance.session_name == "support-line-tornado"
        assert provenance.fix_ids == run.iterations[number - 2].record.fix_plan.priority_order
        assert version.metadata.labels["agenttesting.dev/version"] == str(number)


def test_the_last_forked_version_passes_alone() -> None:
    inputs = loaded("support-line")
    run = run_local(**inputs)
    rerun = run_local(session=inputs["session"], scenarios=inputs["scenarios"], start=run.versions[-1])
    assert rerun.phase is Phase.COMPLETED_ALL_PASSED
    assert len(rerun.iterations) == 1 and rerun.versions == []
    assert rerun.session.status.start_version == run.versions[-1].spec.version_number
    assert all(s.passed for s in rerun.iterations[0].scenarios)


def test_unfixable_ends_stuck_with_unfixable_ids() -> None:
    run = run_local(**loaded("unfixable"))
    status = run.session.status
    assert status.phase is Phase.STUCK and status.reason == "AllFailuresUnfixable"
    assert status.unfixable_ids == ["refund-guarantee"] and status.unfixable_count == 1
    assert status.iterations[0].newly_unfixable_ids == ["refund-guarantee"]  # no fix verified for it
    assert status.iterations[-1].newly_unfixable_ids == []
    assert {c.type: c.status for c in status.conditions}["Stalled"] == "True"


def test_partial_when_iterations_run_out() -> None:
    inputs = loaded("support-line")
    run = run_local(**{**inputs, "session": session_with(inputs["session"], max_iterations=1)})
    assert run.phase is Phase.COMPLETED_PARTIAL
    assert run.session.status.iterations[0].fix_plan.fixes == [] and run.versions == []  # nothing applied
    assert run.iterations[0].unapplied_fix_plan is not None and run.iterations[0].unapplied_fix_plan.fixes


def clock(step_ms: int) -> Any:
    moments: Iterator[datetime] = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(milliseconds=step_ms * n) for n in range(10**6))
    return lambda: next(moments)


def test_timeout_between_iterations() -> None:
    inputs = loaded("support-line")
    run = run_local(**{**inputs, "session": session_with(inputs["session"], timeout_ms=1000)}, now=clock(150))
    status = run.session.status
    assert status.phase is Phase.TIMEOUT and status.reason == "Timeout"
    assert status.elapsed_ms >= 1000
    assert 1 <= len(run.iterations) < 3
    # the version forked before time ran out is kept and reported
    assert status.forked_version == run.versions[-1].spec.version_number


def test_cancelled_before_the_first_iteration() -> None:
    inputs = loaded("support-line")
    run = run_local(**{**inputs, "session": session_with(inputs["session"], cancel=True)})
    assert run.phase is Phase.CANCELLED and run.iterations == []


def test_engine_failure_is_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import tornado_operator.drivers.local as local

    def broken(**_: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(local, "run_iteration", broken)
    run = run_local(**loaded("support-line"))
    assert run.phase is Phase.ERROR and run.session.status.reason == "IterationFailed"
    assert "disk full" in (run.session.status.message or "")


def test_version_number_starts_the_numbering() -> None:
    inputs = loaded("support-line")
    run = run_local(**{**inputs, "session": session_with(inputs["session"], version_number=4)})
    assert run.start_version == 4
    assert [v.spec.version_number for v in run.versions] == list(range(5, 5 + len(run.versions)))


def scenario(name: str, pathway: str = "support-line", enabled: bool = True) -> TestScenario:
    return TestScenario.model_validate({"metadata": {"name": name}, "spec": {"pathwayId": pathway, "enabled": enabled}})


def test_resolve_scenarios() -> None:
    session = loaded("support-line")["session"]
    pool = [scenario("b"), scenario("a"), scenario("off", enabled=False), scenario("x", pathway="other")]
    assert [s.metadata.name for s in resolve_scenarios(session, pool)] == ["a", "b"]
    explicit = session_with(session, scenario_ids=["b", "off"])
    assert [s.metadata.name for s in resolve_scenarios(explicit, pool)] == ["b", "off"]
    with pytest.raises(InputError, match=r'spec\.scenarioIds\[1\]: TestScenario "nope" not found'):
        resolve_scenarios(session_with(session, scenario_ids=["a", "nope"]), pool)
    with pytest.raises(InputError, match=r'spec\.scenarioIds\[0\]: TestScenario "x" belongs to pathway "other"'):
        resolve_scenarios(session_with(session, scenario_ids=["x"]), pool)
    with pytest.raises(InputError, match="a session runs at most 50"):
        resolve_scenarios(session, [scenario(f"s{n}") for n in range(51)])
    with pytest.raises(InputError, match=r"spec\.pathwayId: pathway \"support-line\" has no enabled TestScenarios"):
        resolve_scenarios(session, [scenario("x", pathway="other")])


def test_run_local_wrong_pathway() -> None:
    inputs = loaded("support-line")
    with pytest.raises(InputError, match=r'spec\.pathwayId: no Pathway "other"'):
        run_local(**{**inputs, "session": session_with(inputs["session"], pathway_id="other")})


# --- the CLI -------------------------------------------------------------------------------


def test_cli_support_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["run", str(EXAMPLES / "support-line"), "--output", str(out)]) == 0
    stdout = capsys.readouterr().out
    files = sorted(p.name for p in out.glob("*.yaml"))
    assert files and files[0] == "support-line-v2.yaml"
    assert {"session.json", "start-graph.json", "iterations"} <= {p.name for p in out.iterdir()}  # tornado report's
    assert (out / "support-line-review.txt").is_file() and (out / "support-line-review.json").is_file()
    assert "iteration 1" in stdout and "fix-001" in stdout and "passed:" in stdout and "failed:" in stdout
    assert "forked version 2 ->" in stdout and "COMPLETED_ALL_PASSED" in stdout
    last = PathwayVersion.model_validate(yaml.safe_load((out / files[-1]).read_text()))
    assert last.spec.provenance.source == "tornado-fix"
    # the last forked version alone passes every scenario
    code = main(["run", str(EXAMPLES / "support-line" / "scenarios.yaml"), "--pathway-version", str(out / files[-1]), "--output", str(tmp_path / "again")])
    assert code == 0
    assert not list((tmp_path / "again").glob("*.yaml"))  # nothing forked
    # and so does the folder of forked versions next to the examples (the newest is taken)
    assert main(["run", str(EXAMPLES / "support-line"), str(out), "--output", str(tmp_path / "third")]) == 0


def test_cli_json_is_the_hosted_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLES / "unfixable"), "--output", str(tmp_path), "--json"]) == EXIT_CODES["STUCK"] == 11
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["status"] == "STUCK" and data["unfixable_ids"] == ["refund-guarantee"]
    assert list(data) == [
        "session_id", "status", "current_iteration", "max_iterations", "total_scenarios", "passed_scenarios",
        "failed_scenarios", "unfixable_count", "unfixable_ids", "iterations", "elapsed_ms", "timeout_ms", "forked_version",
    ]
    assert data["iterations"][0]["fix_plan"]["fixes"][0]["id"] == "fix-001"
    assert "iteration 1" in captured.err  # the human report moves to stderr


def test_exit_codes_are_distinct() -> None:
    assert EXIT_CODES == {
        "COMPLETED_ALL_PASSED": 0, "COMPLETED_PARTIAL": 10, "STUCK": 11, "TIMEOUT": 12, "CANCELLED": 13, "ERROR": 14,
    }


def copy_example(tmp_path: Path, name: str = "support-line") -> Path:
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("session.yaml", "maxIterations: 5", "maxIterations: 1"), 10),
        (("session.yaml", "timeoutMs: 300000", "timeoutMs: 300000\n  cancel: true"), 13),
    ],
)
def test_cli_exit_codes(tmp_path: Path, change: tuple[str, str, str], code: int) -> None:
    folder = copy_example(tmp_path)
    edit(folder / change[0], change[1], change[2])
    assert main(["run", str(folder), "--output", str(tmp_path / "out")]) == code


def test_cli_timeout_and_error_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tornado_operator.drivers.local as local

    monkeypatch.setattr(local, "interrupt", lambda **_: (Phase.TIMEOUT, "Timeout", "elapsed past timeoutMs"))
    assert main(["run", str(EXAMPLES / "support-line"), "--output", str(tmp_path)]) == 12
    monkeypatch.undo()

    def broken(**_: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(local, "run_iteration", broken)
    assert main(["run", str(EXAMPLES / "support-line"), "--output", str(tmp_path)]) == 14


BAD_INPUTS = [
    (
        "scenarios.yaml", "  maxTurns: 10\n  inputMessages:\n    - Hi, this is Dana", "  maxTurns: 60\n  inputMessages:\n    - Hi, this is Dana",
        'scenarios.yaml: TestScenario "billing-account-lookup": spec.maxTurns: must be <= 50, got 60 (an integer)',
    ),
    ("pathway.yaml", "  nodes:\n", "  nodes: [\n", "pathway.yaml: line "),
    ("session.yaml", "pathwayId: support-line", "pathwayId: no-such-line",
     'session.yaml: TornadoSession "support-line-tornado": spec.pathwayId: no Pathway "no-such-line"'),
    ("session.yaml", "maxIterations: 5", "maxIterations: 5\n  scenarioIds: [manager-escalation, ghost]",
     'session.yaml: TornadoSession "support-line-tornado": spec.scenarioIds[1]: TestScenario "ghost" not found'),
    ("pathway.yaml", "      target: billing-lookup\n", "      target: billing-lookupz\n",
     'pathway.yaml: Pathway "support-line": spec.edges[4].target: edge \'billing-account-given\' points at missing node \'billing-lookupz\''),
    ("pathway.yaml", "keywords: [billing, bill, payment, charge]", "keywords: [billing, no]",
     'pathway.yaml: Pathway "support-line": spec.edges[1].match.keywords[1]: expected a string, got false (a boolean): '
     "YAML reads unquoted yes/no/on/off/true/false as booleans; quote it"),
    ("scenarios.yaml", "config: {nodeId: billing-dispute}", "config: {node: billing-dispute}",
     'scenarios.yaml: TestScenario "billing-double-charge": spec.assertions[0].config.node: unknown NODE_REACHED key '
     '(did you mean "nodeId"?); NODE_REACHED keys: nodeId'),
    ("session.yaml", "name: support-line-tornado", "name: Support_Line",
     'session.yaml: TornadoSession "Support_Line": metadata.name: must be a DNS-1123'),
    ("session.yaml", "maxIterations: 5", "maxIterations: 5\n  bogus: 1",
     'session.yaml: TornadoSession "support-line-tornado": spec.bogus: unknown field; valid fields: pathwayId, personaId, '
     "scenarioIds, versionNumber, maxIterations, timeoutMs, cancel, runner"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BAD_INPUTS)
def test_bad_input_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, message: str
) -> None:
    folder = copy_example(tmp_path)
    edit(folder / file, old, new)
    assert main(["run", str(folder), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    # one line per problem (a misspelt key is also a missing one), each naming the file, and
    # the line when `tornado validate` (run first) found it
    assert 1 <= len(lines) <= 2, lines
    assert all(re.match(rf"{re.escape(str(folder / file))}(:\d+: error)?: ", line) for line in lines), lines
    assert message.split(": ", 1)[1] in lines[0]


def test_scenario_of_another_pathway(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_example(tmp_path)
    shutil.copy(EXAMPLES / "unfixable" / "scenarios.yaml", folder / "other-scenarios.yaml")
    edit(folder / "session.yaml", "maxIterations: 5", "maxIterations: 5\n  scenarioIds: [send-back-blender]")
    assert main(["run", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f'{folder / "session.yaml"}: TornadoSession "support-line-tornado": spec.scenarioIds[0]: '
        'TestScenario "send-back-blender" belongs to pathway "returns-desk", not pathway "support-line"'
    )


def test_other_kinds_are_ignored_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_example(tmp_path, "unfixable")
    (folder / "extra.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n")
    assert main(["run", str(folder), "--output", str(tmp_path / "out")]) == 11
    assert 'ignoring ConfigMap "cm"' in capsys.readouterr().err


def test_default_session_and_session_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_example(tmp_path)
    (folder / "session.yaml").unlink()
    assert main(["run", str(folder), "--output", str(tmp_path / "out")]) == 0
    assert "session support-line-local" in capsys.readouterr().out
    second = yaml.safe_load((EXAMPLES / "support-line" / "session.yaml").read_text())
    first = {**second, "metadata": {"name": "one"}}
    second = {**second, "metadata": {"name": "two"}, "spec": {**second["spec"], "maxIterations": 1}}
    (folder / "sessions.yaml").write_text(yaml.safe_dump_all([first, second]))
    assert main(["run", str(folder)]) == 2
    assert "several TornadoSessions (one, two): choose one with --session NAME" in capsys.readouterr().err
    assert main(["run", str(folder), "--session", "two", "--output", str(tmp_path / "o2")]) == 10


def test_missing_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "nothing-here")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["run"]) == 2


def test_local_run_result_type() -> None:
    run = run_local(**loaded("unfixable"))
    assert isinstance(run, LocalRun) and run.scenario_ids == ["refund-guarantee", "send-back-blender"]


def test_openai_backend_needs_llm_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_example(tmp_path)
    edit(folder / "session.yaml", "maxIterations: 5", "maxIterations: 5\n  runner: {backend: openai}")
    assert main(["run", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f'{folder / "session.yaml"}: TornadoSession "support-line-tornado": spec.runner')
    assert main(["run", str(folder), "--offline", "--output", str(tmp_path / "out")]) == 0

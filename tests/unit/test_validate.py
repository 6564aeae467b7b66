"""`tornado validate`: every class of problem it catches, each at its file:line, and its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tornado_operator.cli.main import main
from tornado_operator.engine.authoring.validate import validate_paths

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

PATHWAY = """\
apiVersion: agenttesting.dev/v1alpha1
kind: Pathway
metadata:
  name: desk
spec:
  nodes:
    - id: hello
      isStart: true
      text: Hi, how can I help?
      extractVars:
        - name: order_id
          pattern: "(\\\\d{6})"
    - id: orders
      text: Let me look that up.
    - id: bye
      type: end_call
      text: Goodbye!
    - id: island
      text: Nobody gets here.
  edges:
    - id: to-orders
      source: hello
      target: orders
      match: {keywords: [order]}
    - id: to-bye
      source: orders
      target: bye
      match: {always: true}
"""


def scenario(name: str, assertions: str, *, messages: str = "[I have a question about order 123456, thanks]", extra: str = "") -> str:
    return f"""\
---
apiVersion: agenttesting.dev/v1alpha1
kind: TestScenario
metadata:
  name: {name}
spec:
  pathwayId: desk
  inputMessages: {messages}{extra}
  assertions:
{assertions}
"""


def write(tmp_path: Path, scenarios: str, pathway: str = PATHWAY) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir(exist_ok=True)
    (folder / "pathway.yaml").write_text(pathway)
    (folder / "scenarios.yaml").write_text(scenarios)
    return folder


def line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def texts(folder: Path) -> list[str]:
    return [finding.text() for finding in validate_paths([folder]).sorted()]


GOOD = scenario("good", "    - {type: NODE_REACHED, config: {nodeId: bye}}")


def test_a_clean_pathway_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write(tmp_path, GOOD)
    assert [t for t in texts(folder) if "warning: " not in t] == []
    assert main(["validate", str(folder)]) == 0


@pytest.mark.parametrize(
    ("assertions", "needle", "expected"),
    [
        (  # schema: an unknown key, with the closest valid one
            "    - {type: NODE_REACHED, config: {nodeid: bye}}",
            "nodeid: bye",
            (
                'error: TestScenario "bad": spec.assertions[0].config.nodeid: unknown NODE_REACHED key (did you mean "nodeId"?); NODE_REACHED keys: nodeId',
                'error: TestScenario "bad": spec.assertions[0].config.nodeId: required for NODE_REACHED (The node the conversation must reach: '
                "a node id of the pathway)",
            ),
        ),
        (  # schema: a regular expression that does not compile
            "    - type: REGEX_MATCH\n      config: {pattern: '(unclosed'}",
            "pattern: '(unclosed'",
            "error: TestScenario \"bad\": spec.assertions[0].config.pattern: invalid regular expression '(unclosed': missing ), "
            "unterminated subpattern at position 0",
        ),
        (  # references: a node the pathway does not have
            "    - type: NODE_REACHED\n      config:\n        nodeId: ordres",
            "nodeId: ordres",
            'error: TestScenario "bad": spec.assertions[0].config.nodeId: NODE_REACHED#0: no node "ordres" in pathway "desk" '
            '(did you mean "orders"?); its nodes: hello, orders, bye, island',
        ),
        (  # never passes: a value the caller never says
            "    - type: VARIABLE_EXTRACTED\n      config: {variableName: order_id, expectedValue: '654321'}",
            "expectedValue: '654321'",
            'error: can never pass: TestScenario "bad": spec.assertions[0].config.expectedValue: VARIABLE_EXTRACTED#0: the caller never '
            'says "654321" in inputMessages, and a variable is extracted from what the caller says',
        ),
        (  # never passes: a rubric that requires what it forbids
            "    - type: LLM_JUDGE\n      config:\n        requiredPhrases: [we guarantee it]\n        forbiddenPhrases: [guarantee]",
            "requiredPhrases: [we guarantee it]",
            'error: can never pass: TestScenario "bad": spec.assertions[0].config.requiredPhrases[0]: LLM_JUDGE#0: requires "we guarantee it", '
            'which contains the forbidden "guarantee" (forbiddenPhrases[0])',
        ),
        (  # never passes: nothing in the pathway can do it
            "    - type: TRANSFERRED\n      config: {expected: true}",
            "config: {expected: true}",
            'error: can never pass: TestScenario "bad": spec.assertions[0].config.expected: TRANSFERRED#0: the pathway has no transfer node',
        ),
        (
            "    - {type: WEBHOOK_TRIGGERED}",
            "type: WEBHOOK_TRIGGERED",
            'error: can never pass: TestScenario "bad": spec.assertions[0].config: WEBHOOK_TRIGGERED#0: the pathway has no webhook node',
        ),
        (  # never passes: what the scripted caller says cannot match
            "    - type: REGEX_MATCH\n      config: {pattern: 'refund', speaker: caller}",
            "pattern: 'refund'",
            'error: can never pass: TestScenario "bad": spec.assertions[0].config.pattern: REGEX_MATCH#0: no inputMessages line matches it, '
            "and the caller says only those",
        ),
        (  # never passes: two assertions no conversation can both satisfy
            "    - {name: hangs up, type: CALL_ENDED_BY_AGENT}\n    - name: stays on\n      type: CALL_ENDED_BY_AGENT\n      config: {expected: false}",
            "name: stays on",
            "error: can never pass: TestScenario \"bad\": spec.assertions[1]: CALL_ENDED_BY_AGENT 'stays on' contradicts assertions[0] "
            "(CALL_ENDED_BY_AGENT 'hangs up'): one wants the call ended by the agent, the other not",
        ),
    ],
)
def test_each_class_is_caught_at_its_line(tmp_path: Path, assertions: str, needle: str, expected: str | tuple[str, ...]) -> None:
    folder = write(tmp_path, GOOD + scenario("bad", assertions))
    found = [t for t in texts(folder) if "warning: " not in t]
    line = line_of(folder / "scenarios.yaml", needle)
    assert found == [f"{folder / 'scenarios.yaml'}:{line}: {text}" for text in ((expected,) if isinstance(expected, str) else expected)]
    assert main(["validate", str(folder)]) == 2


def test_unreachable_nodes_are_warnings_at_the_node(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD)
    line = line_of(folder / "pathway.yaml", "- id: island")
    assert texts(folder) == [
        f'{folder / "pathway.yaml"}:{line}: warning: Pathway "desk": spec.nodes[3]: node "island" cannot be reached from the start node '
        '"hello": no edge, fallbackNodeId or globalMatch leads to it'
    ]
    assert main(["validate", str(folder)]) == 0  # warnings alone do not fail


def test_pathway_schema_problems_and_yaml_syntax(tmp_path: Path) -> None:
    broken = PATHWAY.replace("match: {keywords: [order]}", "match: {keywords: [order], patterns: ['[a-']}").replace("      text: Goodbye!", "      txt: Goodbye!")
    folder = write(tmp_path, GOOD, broken)
    found = [t for t in texts(folder) if " error: " in t]
    pathway = folder / "pathway.yaml"
    assert len(found) == 2, found
    assert found[0].startswith(
        f'{pathway}:{line_of(pathway, "txt: Goodbye!")}: error: Pathway "desk": spec.nodes[2].txt: unknown field (did you mean "text"?); valid fields: id,'
    )
    assert found[1] == (
        f"{pathway}:{line_of(pathway, 'patterns:')}: error: Pathway \"desk\": spec.edges[0].match.patterns: invalid regular expression "
        "'[a-': unterminated character set at position 0"
    )
    (folder / "pathway.yaml").write_text("nodes: [\n  - id: a\n")
    (syntax,) = [t for t in texts(folder) if str(pathway) in t]
    assert syntax.startswith(f"{pathway}:2: error: line 2, column 3: YAML syntax error: expected the node content")


def test_duplicates_and_unknown_kinds(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD + GOOD + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    found = texts(folder)
    scenarios = folder / "scenarios.yaml"
    second = [number for number, line in enumerate(scenarios.read_text().splitlines(), start=1) if "name: good" in line][1]
    assert f'{scenarios}:{second}: error: TestScenario "good": metadata.name: defined twice in this file' in found
    assert any(t.startswith(f"{scenarios}:") and 'note: ConfigMap "x": ignored' in t for t in found)


def test_a_scenario_without_its_pathway_is_a_note(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD)
    (folder / "pathway.yaml").unlink()
    (note,) = texts(folder)
    assert 'note: TestScenario "good": spec.pathwayId: pathway "desk" is not in the input' in note
    assert main(["validate", str(folder)]) == 0


@pytest.mark.parametrize("name", ["support-line", "agent-line", "label-line"])
def test_the_examples_validate(name: str) -> None:
    report = validate_paths([EXAMPLES / name])
    assert not report.failed, [finding.text() for finding in report.findings]


def test_the_unfixable_example_is_flagged_and_still_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = validate_paths([EXAMPLES / "unfixable"])
    (finding,) = report.findings
    assert finding.severity == "never-passes" and "refund-guarantee" in finding.where
    # `tornado run` stops on errors only: the loop reports this scenario unfixable (STUCK)
    assert main(["run", str(EXAMPLES / "unfixable"), "--output", str(tmp_path)]) == 11
    assert "warning: can never pass: TestScenario \"refund-guarantee\"" in capsys.readouterr().err


def test_tornado_run_stops_on_a_validation_error_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write(tmp_path, GOOD + scenario("bad", "    - type: NODE_REACHED\n      config:\n        nodeId: ordres"))
    assert main(["run", str(folder), "--output", str(tmp_path / "out")]) == 2
    line = line_of(folder / "scenarios.yaml", "nodeId: ordres")
    assert f'{folder / "scenarios.yaml"}:{line}: error: TestScenario "bad": spec.assertions[0].config.nodeId: NODE_REACHED#0: no node "ordres"' in capsys.readouterr().err


@pytest.mark.parametrize(
    ("assertion", "severity", "message"),
    [
        ({"type": "VARIABLE_EXTRACTED", "config": {"variableName": "count", "expectedValue": "042"}}, "never-passes",
         'VARIABLE_EXTRACTED#0: "042" is not how the extracted number is written (e.g. no leading zeros)'),
        ({"type": "VARIABLE_EXTRACTED", "config": {"variableName": "ok", "expectedValue": "yes"}}, "never-passes",
         'VARIABLE_EXTRACTED#0: "yes" is not true or false, and the variable is a boolean'),
        ({"type": "VARIABLE_EXTRACTED", "config": {"variableName": "said", "expectedValue": "Gold"}}, "warning",
         'VARIABLE_EXTRACTED#0: the caller never says "Gold" in inputMessages: only an LLM extractor (a described variable) could produce it'),
        ({"type": "TRANSFERRED", "config": {"minTurn": 3, "maxTurn": 2}}, "never-passes", "TRANSFERRED#0: minTurn 3 > maxTurn 2"),
        ({"type": "TRANSFERRED", "config": {"minTurn": 9}}, "never-passes", "TRANSFERRED#0: minTurn 9 > the scenario's maxTurns 4"),
        ({"type": "LATENCY_BELOW", "config": {"maxMs": 250}}, "warning",
         "LATENCY_BELOW#0: every simulated agent turn takes at least 300 ms: it cannot pass on the offline engine"),
        ({"type": "LLM_JUDGE", "config": {"prompt": "Polite?"}}, "warning",
         "LLM_JUDGE#0: no requiredPhrases or forbiddenPhrases: the offline judge cannot pass it, only an LLM judge (runner.backend openai)"),
    ],
)
def test_never_passes_and_offline_only(assertion: dict[str, object], severity: str, message: str) -> None:
    from tornado_operator.api.pathway import PathwaySpec
    from tornado_operator.api.scenario import TestScenarioSpec
    from tornado_operator.engine.authoring.validate import never_passes

    graph = PathwaySpec.model_validate(
        {
            "nodes": [
                {
                    "id": "a", "isStart": True,
                    "extractVars": [
                        {"name": "count", "type": "integer", "pattern": "(\\d+)"},
                        {"name": "ok", "type": "boolean", "pattern": "(yes|no)"},
                        {"name": "said", "description": "The tier the caller names."},
                    ],
                },
                {"id": "t", "type": "transfer", "transfer": {"target": "desk"}},
            ]
        }
    )
    spec = TestScenarioSpec.model_validate({"pathwayId": "p", "maxTurns": 4, "inputMessages": ["I count 42, yes"], "assertions": [assertion]})
    ((found_severity, problem),) = never_passes(spec, graph)
    assert (found_severity, problem.message) == (severity, message)
    # an AGENT scenario's caller is a model: what it says is not checked
    agent = TestScenarioSpec.model_validate({**spec.wire(), "scenarioType": "AGENT"})
    if assertion["type"] == "VARIABLE_EXTRACTED" and found_severity == "warning":
        assert never_passes(agent, graph) == []

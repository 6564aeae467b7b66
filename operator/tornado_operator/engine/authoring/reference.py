"""docs/assertions.md, generated from the code that defines and runs assertions, so it cannot
drift from it (a test compares the file with `render()`):

* what each type checks, its keys (type, default, bounds, description) and its example: the
  config models in api/scenario.py;
* which backends evaluate it: engine/judge/registry.py ASKS_BACKEND and the backends of
  api/session.py RunnerSpec.backend;
* the root-cause signature a failure produces: the example run through the real checker and
  engine/repair/analysis.py on a conversation where it fails;
* the fix strategies: engine/repair/plan.py STRATEGIES and each strategy module's docstring.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, get_args

import yaml

from tornado_operator.api.crd import field_docs
from tornado_operator.api.scenario import (
    ASSERTION_CONFIGS,
    Assertion,
    AssertionType,
    TestScenarioSpec,
)
from tornado_operator.api.session import RunnerSpec
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.judge.registry import ASKS_BACKEND
from tornado_operator.engine.repair.analysis import analyse
from tornado_operator.engine.repair.plan import STRATEGIES
from tornado_operator.engine.sim.conversation import Conversation, Turn

COMMAND = "tornado docs assertions --output docs/assertions.md"  # also: make docs
BACKENDS: tuple[str, ...] = get_args(RunnerSpec.model_fields["backend"].annotation)

# How each backend answers the JudgePort method a type asks (ASKS_BACKEND); a test checks that
# every backend of RunnerSpec.backend is described.
BACKEND_ANSWERS: dict[str, dict[str, str]] = {
    "judge": {
        "offline": "checks only the rubric: every `requiredPhrases` said by the agent, no `forbiddenPhrases` "
        "(case-insensitive); without a rubric it fails and says it cannot judge offline",
        "openai": "the judge model answers `prompt` (`outputType` boolean, score against `threshold`, or categorical)",
        "bland": "its helper judges: the offline rubric, or the judge model when `runner.llm` is set",
    },
    "tone": {
        "offline": "the heuristic 0.4 x empathy + 0.3 x conciseness + 0.3 x no-repetition (engine/judge/tone.py), "
        "components reported",
        "openai": "the judge model scores the agent's tone 0..1 with the same components",
        "bland": "its helper scores it: the heuristic, or the judge model when `runner.llm` is set",
    },
}

# The conversation every example fails on (it says nothing the examples want), so the real
# checker and analysis produce the signature; NODE stands for where it went wrong.
WHERE = "NODE"


def failing_conversation() -> Conversation:
    agent = "Please hold."
    return Conversation(
        scenario_id="example",
        start_node=WHERE,
        transcript=[Turn("agent", agent, WHERE, 2000), Turn("caller", "hello", WHERE), Turn("agent", agent, WHERE, 2000)],
        nodes_visited=[WHERE],
        ended_by="script_exhausted",
        turns=1,
    )


def example_signature(kind: AssertionType) -> str:
    """The root-cause signature the type's example gets when it fails, node and digest generic."""
    example = ASSERTION_CONFIGS[kind].example
    scenario = TestScenarioSpec.model_validate({"pathwayId": "example", "inputMessages": ["hello"], "assertions": [example]})
    conversation = failing_conversation()
    evaluation = evaluate(scenario, conversation)
    if evaluation.passed:
        raise ValueError(f"the {kind.value} example passes on the failing conversation: pick another example")
    signature = analyse("example", scenario, conversation, evaluation).signature
    return re.sub(r"#[0-9a-f]{10}$", "#<digest>", signature.replace(f"@{WHERE}#", "@<node>#"))


def _strategy(name: str) -> tuple[str, str, str]:
    """(fix type, one-paragraph summary, module path) of a strategy of the rule-based fixer."""
    module = importlib.import_module(f"tornado_operator.engine.repair.strategies.{name}")
    paragraphs = (module.__doc__ or "").strip().split("\n\n")
    taken = paragraphs[:2] if paragraphs[0].rstrip().endswith(":") else paragraphs[:1]  # a lead-in and its list
    paragraph = " ".join(" ".join(taken).split())
    match = re.match(r"^[^:(]*\((\w+)\):\s*(.*)$", paragraph)
    fix_type, summary = (match.group(1), match.group(2)) if match else ("", paragraph)
    return fix_type, summary, f"engine/repair/strategies/{name}.py"


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end < 0 else flat[: end + 1]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _yaml(example: dict[str, Any]) -> str:
    return yaml.safe_dump({"assertions": [example]}, sort_keys=False, width=100, allow_unicode=True).rstrip()


def _common_fields() -> list[str]:
    lines = ["| field | type | required | default | bounds | description |", "| --- | --- | --- | --- | --- | --- |"]
    for doc in field_docs(Assertion):
        kind = "one of the types below" if doc.name == "type" else doc.type
        default = f"`{doc.default}`" if doc.default is not None else ""
        lines.append(
            f"| `{doc.name}` | {_cell(kind)} | {'yes' if doc.required else 'no'} | {_cell(default)} | "
            f"{_cell(doc.bounds)} | {_cell(doc.description)} |"
        )
    return lines


def render() -> str:
    """The whole of docs/assertions.md."""
    out: list[str] = [
        "# Assertion reference",
        "",
        f"<!-- Generated by `{COMMAND}` from the models, the checkers, the failure analysis and the",
        "fixer's strategy table. Do not edit: tests/unit/test_assertion_docs.py fails when it drifts. -->",
        "",
        "Every scenario (`TestScenario.spec.assertions[]`) lists checks on the simulated conversation.",
        "A scenario passes when every required assertion passes and the weighted share of passed",
        "assertions reaches `spec.passThreshold`. `kubectl explain testscenario.spec.assertions.config`",
        "shows the same keys; `tornado validate` checks a scenario against this reference offline.",
        "",
        "## Fields of every assertion",
        "",
        *_common_fields(),
        "",
        "Reports name an assertion the way you did: its `name` (else its `id`), or `TYPE#index` when it",
        "has neither (`index` is its position in `spec.assertions`, counted from 0, as in the field path",
        "`spec.assertions[0]`). Keys are camelCase; an unknown key is rejected naming the closest valid",
        "one, and a key of another type is rejected naming that type.",
        "",
        "## The types",
        "",
        "| type | checks | keys (* required) | fix strategies |",
        "| --- | --- | --- | --- |",
    ]
    for kind, model in ASSERTION_CONFIGS.items():
        keys = ", ".join(f"`{doc.name}`{'*' if doc.required else ''}" for doc in field_docs(model))
        strategies = ", ".join(STRATEGIES.get(kind, ())) or "none"
        anchor = kind.value.lower()
        out.append(f"| [`{kind.value}`](#{anchor}) | {_cell(_first_sentence(model.__doc__ or ''))} | {keys} | {strategies} |")
    out += [
        "",
        "## Root-cause signatures",
        "",
        "A failed scenario's root cause gets a signature, `<TYPE>:<target>@<node>#<digest>`: the type and",
        "target of its first failed required assertion, the node where the conversation went wrong (the",
        "first caller turn nothing matched, else the last node reached) and a digest of every fact of the",
        "failure (engine/repair/analysis.py). The same signature in the next iteration, after a fix aimed",
        "at the scenario, makes the scenario unfixable. The target is the assertion's subject (node,",
        "variable, transfer target, ...); for LLM_JUDGE, REGEX_MATCH and BLAND_TONE it is the assertion's",
        "name or id, or `[index]` when it has neither. `error:<kind>@<node>#<digest>`: the scenario could",
        "not run.",
        "",
        "With `runner.backend: openai` (or bland with `runner.llm`), the model-written fixer",
        "(engine/repair/llm_fixer.py) proposes the fixes instead of the strategies listed per type.",
    ]
    for kind, model in ASSERTION_CONFIGS.items():
        out += ["", f"## {kind.value}", "", " ".join((model.__doc__ or "").split()), ""]
        out += ["| key | type | required | default | bounds | description |", "| --- | --- | --- | --- | --- | --- |"]
        for doc in field_docs(model):
            default = f"`{doc.default}`" if doc.default is not None else ""
            out.append(
                f"| `{doc.name}` | {_cell(doc.type)} | {'yes' if doc.required else 'no'} | {_cell(default)} | "
                f"{_cell(doc.bounds)} | {_cell(doc.description)} |"
            )
        out += ["", "Example:", "", "```yaml", _yaml(model.example), "```", "", "Evaluated by:", ""]
        method = ASKS_BACKEND.get(kind)
        if method is None:
            out.append(
                f"- every backend ({', '.join(BACKENDS)}): a deterministic check of the conversation "
                f"(engine/judge/checks/{kind.value.lower()}.py)"
            )
        else:
            out += [f"- {backend}: {BACKEND_ANSWERS[method][backend]}" for backend in BACKENDS]
        out += ["", f"Root-cause signature when it fails: `{example_signature(kind)}`", "", "Fix strategies:", ""]
        names = STRATEGIES.get(kind, ())
        if not names:
            out.append("- none: the rule-based fixer has no strategy for this type")
        for name in names:
            fix_type, summary, path = _strategy(name)
            out.append(f"- **{name}** ({fix_type}, {path}): {summary}" if fix_type else f"- **{name}** ({path}): {summary}")
    return "\n".join(out) + "\n"

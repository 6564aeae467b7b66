"""docs/assertions.md is generated from the code and fails this test when it drifts; what it
says about backends and fix strategies is checked against the code that does it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tornado_operator.api.crd import field_docs
from tornado_operator.api.scenario import (
    ASSERTION_CONFIGS,
    Assertion,
    AssertionType,
    BlandToneConfig,
    LlmJudgeConfig,
)
from tornado_operator.cli.main import main
from tornado_operator.engine.authoring import reference
from tornado_operator.engine.judge.evaluate import check
from tornado_operator.engine.judge.port import JudgeOutcome, ToneOutcome
from tornado_operator.engine.judge.registry import ASKS_BACKEND
from tornado_operator.engine.repair import plan
from tornado_operator.engine.sim.conversation import Conversation

DOC = Path(__file__).resolve().parents[2] / "docs" / "assertions.md"


def test_the_doc_is_generated_from_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == reference.render(), "docs/assertions.md is stale: run `make docs`"


def test_a_model_or_strategy_change_without_regenerating_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    current = DOC.read_text(encoding="utf-8")
    monkeypatch.setattr(ASSERTION_CONFIGS[AssertionType.NODE_REACHED], "__doc__", "A changed description.")
    assert reference.render() != current
    monkeypatch.undo()
    # another engineer adds a strategy for a type: the doc must be regenerated
    monkeypatch.setitem(plan.STRATEGIES, AssertionType.NODE_REACHED, ("routing", "timing"))
    changed = reference.render()
    assert changed != current and "**timing** (config_change" in changed.split("## NODE_REACHED")[1].split("## ")[0]


def test_check_mode(tmp_path: Path) -> None:
    path = tmp_path / "assertions.md"
    assert main(["docs", "assertions", "--output", str(path), "--check"]) == 1
    assert main(["docs", "assertions", "--output", str(path)]) == 0
    assert main(["docs", "assertions", "--output", str(path), "--check"]) == 0
    assert path.read_text(encoding="utf-8") == reference.render()


@pytest.mark.parametrize("kind", list(AssertionType))
def test_each_type_is_documented_with_every_key_and_a_valid_example(kind: AssertionType) -> None:
    model = ASSERTION_CONFIGS[kind]
    section = DOC.read_text(encoding="utf-8").split(f"\n## {kind.value}\n")[1].split("\n## ")[0]
    documented = re.findall(r"^\| `(\w+)` \|", section, re.M)
    assert documented == model.wire_names()
    for doc in field_docs(model):
        assert doc.description and doc.description in section
    example = model.example
    assert example["type"] == kind.value
    Assertion.model_validate(example)  # the example is valid as written
    assert set(example["config"]) <= set(documented), "every key the example uses is documented"
    assert set(example) <= {field.alias or name for name, field in Assertion.model_fields.items()}
    for line in reference._yaml(example).splitlines():
        assert line in section
    assert "Root-cause signature when it fails: `" + reference.example_signature(kind) + "`" in section


class RecordingJudge:
    """A JudgePort that records which of its methods a checker asks."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def judge(self, config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
        self.asked.append("judge")
        return JudgeOutcome(passed=True, score=1.0, detail="recorded")

    def tone(self, config: BlandToneConfig, conversation: Conversation) -> ToneOutcome | None:
        self.asked.append("tone")
        return None


@pytest.mark.parametrize("kind", list(AssertionType))
def test_which_types_ask_the_backend_is_what_the_checkers_do(kind: AssertionType) -> None:
    judge = RecordingJudge()
    check(Assertion.model_validate(ASSERTION_CONFIGS[kind].example), 0, reference.failing_conversation(), judge)
    assert judge.asked == ([ASKS_BACKEND[kind]] if kind in ASKS_BACKEND else [])


def test_every_backend_is_described() -> None:
    assert reference.BACKENDS  # every value of RunnerSpec.backend
    for method in set(ASKS_BACKEND.values()):
        assert set(reference.BACKEND_ANSWERS[method]) == set(reference.BACKENDS)


def test_every_strategy_named_is_a_module_with_a_fix_type() -> None:
    for names in plan.STRATEGIES.values():
        for name in names:
            fix_type, summary, path = reference._strategy(name)
            assert fix_type in ("flow_change", "config_change", "prompt_edit"), (name, fix_type)
            assert summary and (Path(__file__).resolve().parents[2] / "operator" / "tornado_operator" / path).is_file()


def test_examples_in_the_repository_use_only_documented_keys() -> None:
    import yaml

    text = DOC.read_text(encoding="utf-8")
    for path in sorted((DOC.parents[1] / "examples").rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not doc or doc.get("kind") != "TestScenario":
                continue
            for assertion in doc["spec"].get("assertions", []):
                config: dict[str, Any] = assertion.get("config") or {}
                section = text.split(f"\n## {assertion['type']}\n")[1].split("\n## ")[0]
                for key in config:
                    assert f"| `{key}` |" in section, (path, assertion["type"], key)

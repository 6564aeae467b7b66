"""`tornado export`: a version back as the Pathway manifest its author would commit (cli/export.py)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from tornado_operator.api.pathway import Pathway, PathwayVersion
from tornado_operator.cli.main import main
from tornado_operator.engine.repair.values import said_aloud

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "support-line"
AUTHORED = EXAMPLE / "pathway.yaml"


@pytest.fixture(scope="module")
def forks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["run", str(EXAMPLE), "--output", str(out)]) == 0
    return out


def version(forks: Path, number: int) -> PathwayVersion:
    return PathwayVersion.model_validate(yaml.safe_load((forks / f"support-line-v{number}.yaml").read_text()))


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:].strip())
    return removed, added


def test_export_is_a_pathway_manifest_with_the_versions_content(forks: Path, tmp_path: Path) -> None:
    out = tmp_path / "pathway.yaml"
    assert main(["export", str(forks / "support-line-v3.yaml"), "--version", "3", "-o", str(out)]) == 0
    manifest = yaml.safe_load(out.read_text())
    assert list(manifest) == ["apiVersion", "kind", "metadata", "spec"]
    assert manifest["kind"] == "Pathway" and manifest["metadata"] == {"name": "support-line"}
    assert not {"pathwayId", "versionNumber", "parentVersion", "provenance"} & set(manifest["spec"])
    pathway = Pathway.model_validate(manifest)
    assert pathway.spec.graph() == version(forks, 3).spec.graph()
    authored = yaml.safe_load(AUTHORED.read_text())["spec"]
    assert [n["id"] for n in manifest["spec"]["nodes"]] == [n["id"] for n in authored["nodes"]]
    assert "prompt: ''" not in out.read_text() and "config: {}" not in out.read_text()


def test_export_from_the_authored_file_changes_only_what_the_fixes_changed(forks: Path, tmp_path: Path) -> None:
    out = tmp_path / "pathway.yaml"
    assert main(["export", str(forks / "support-line-v3.yaml"), "--version", "3", "--from", str(AUTHORED), "-o", str(out)]) == 0
    before, after = AUTHORED.read_text(), out.read_text()
    assert after.splitlines()[:11] == before.splitlines()[:11]  # the author's comments
    assert Pathway.model_validate(yaml.safe_load(after)).spec.graph() == version(forks, 3).spec.graph()
    removed, added = changed_lines(before, after)
    assert removed == [
        "retryThreshold: 3",
        "for review. Is there anything else I can help with?",
        "confirmation text shortly. Is there anything else I can help with?",
        "keywords: [manager, supervisor]",
        "keywords: [leave a message, after the tone, voicemail, not available]",
        "keywords: [billing, bill, payment, charge]",
    ]
    patterns = [yaml.safe_load(line)["pattern"] for line in added if line.startswith("pattern: ")]
    # the account number's shape: five digits, a pause allowed between any two, or read out
    assert "retryThreshold: 2" in added and patterns == [rf"\b(\d(?:[\s.,-]{{0,3}}\d){{4}}|{said_aloud(5)})\b"]
    assert "keywords: [billing, bill, payment, charge, invoice]" in added
    assert "keywords: [manager, supervisor, boss]" in added
    text = " ".join(added)
    assert "A refund will be issued within 5 business days." in text and "Please note our 24-hour cancellation policy." in text


def test_exporting_the_unchanged_version_gives_the_authored_file_back(tmp_path: Path) -> None:
    out = tmp_path / "pathway.yaml"
    assert main(["export", str(AUTHORED), "--from", str(AUTHORED), "-o", str(out)]) == 0
    assert out.read_text() == AUTHORED.read_text()


def test_other_documents_of_the_file_are_left_alone(forks: Path, tmp_path: Path) -> None:
    source = tmp_path / "all.yaml"
    scenario = "# a scenario\napiVersion: agenttesting.dev/v1alpha1\nkind: TestScenario\nmetadata: {name: x}\nspec: {pathwayId: support-line}\n"
    source.write_text(AUTHORED.read_text() + "---\n" + scenario)
    out = tmp_path / "out.yaml"
    assert main(["export", str(forks / "support-line-v2.yaml"), "--version", "2", "--from", str(source), "-o", str(out)]) == 0
    assert out.read_text().endswith("---\n" + scenario)
    documents = list(yaml.safe_load_all(out.read_text()))
    assert Pathway.model_validate(documents[0]).spec.graph() == version(forks, 2).spec.graph()


def test_bad_input(forks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("apiVersion: agenttesting.dev/v1alpha1\nkind: Pathway\nmetadata: {name: other}\nspec: {nodes: [{id: a, isStart: true}]}\n")
    assert main(["export", str(forks / "support-line-v3.yaml"), "--version", "3", "--from", str(other)]) == 2
    assert "no Pathway 'support-line'" in capsys.readouterr().err
    assert main(["export", str(forks / "support-line-v3.yaml"), "--version", "3", "--publish", "3"]) == 2
    assert "--to bland" in capsys.readouterr().err
    assert main(["export", str(forks / "support-line-v3.yaml"), "--to", "bland", "--from", str(AUTHORED)]) == 2
    assert main(["export", str(forks / "support-line-v3.yaml"), "--version", "9"]) == 3

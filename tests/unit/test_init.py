"""`tornado init NAME`: the starting files pass `tornado validate` and run to COMPLETED_ALL_PASSED."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tornado_operator.cli.main import main
from tornado_operator.engine.authoring.validate import validate_paths


def test_init_writes_files_that_validate_and_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pizza-orders"
    assert main(["init", "pizza-orders", "--output", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["pathway.yaml", "scenarios.yaml", "session.yaml"]
    for path in folder.iterdir():
        text = path.read_text()
        assert text.startswith("# ") and "pizza-orders" in text  # commented, named after the domain
    docs = [doc for path in sorted(folder.iterdir()) for doc in yaml.safe_load_all(path.read_text())]
    assert [doc["kind"] for doc in docs] == ["Pathway", "TestScenario", "TestScenario", "TornadoSession"]
    assert docs[0]["metadata"]["name"] == "pizza-orders"
    assert validate_paths([folder]).findings == []  # not even a warning
    capsys.readouterr()
    assert main(["run", str(folder), "--output", str(tmp_path / "out"), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["status"], status["passed_scenarios"], status["total_scenarios"]) == ("COMPLETED_ALL_PASSED", 2, 2)


def test_init_refuses_a_name_that_is_not_a_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "Pizza_Orders", "--output", str(tmp_path / "x")]) == 2
    assert 'tornado init: NAME "Pizza_Orders": the name is the pathwayId, a DNS-1123 label' in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_init_does_not_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "desk"
    assert main(["init", "desk", "--output", str(folder)]) == 0
    (folder / "pathway.yaml").write_text("# mine\n")
    assert main(["init", "desk", "--output", str(folder)]) == 2
    assert "already exist(s); use --force to overwrite" in capsys.readouterr().err
    assert (folder / "pathway.yaml").read_text() == "# mine\n"
    assert main(["init", "desk", "--output", str(folder), "--force"]) == 0
    assert (folder / "pathway.yaml").read_text() != "# mine\n"

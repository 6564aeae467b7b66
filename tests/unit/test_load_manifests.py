"""load_manifests names every bad document of every file in one error, after reading them all: a
user mends them all at once, not one a run (the first run of fixer-labels-validation-37 named one
overlong scenario name of the two in a file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tornado_operator.api.manifests import ManifestError, load_manifests

_SCENARIO = """apiVersion: agenttesting.dev/v1alpha1
kind: TestScenario
metadata:
  name: {name}
spec:
  name: {title}
  pathwayId: ferry-desk
  inputMessages: [I need a spot for my truck on the Tuesday boat.]
"""


def _write(path: Path, *documents: str) -> Path:
    path.write_text("---\n".join(documents))
    return path


def test_every_bad_document_of_every_file_is_named_at_once(tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", _SCENARIO.format(name="too-long-one", title="x" * 257),
           _SCENARIO.format(name="fine", title="A truck on the Tuesday boat"),
           _SCENARIO.format(name="too-long-two", title="y" * 300))
    _write(tmp_path / "b.yaml", _SCENARIO.format(name="too-long-three", title="z" * 400))
    with pytest.raises(ManifestError) as raised:
        load_manifests([tmp_path])
    named = "\n".join(raised.value.lines)
    assert len(raised.value.lines) == 3
    for scenario, got in (("too-long-one", 257), ("too-long-two", 300), ("too-long-three", 400)):
        assert f'TestScenario "{scenario}": spec.name: must have at most 256 characters, got {got}' in named
    assert '"fine"' not in named


def test_a_name_of_the_limit_is_read(tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", _SCENARIO.format(name="at-the-limit", title="x" * 256))
    assert [doc.name for doc in load_manifests([tmp_path]).of_kind("TestScenario")] == ["at-the-limit"]


def test_a_file_that_does_not_parse_does_not_hide_another_files_problems(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("kind: [unclosed\n")
    _write(tmp_path / "b.yaml", _SCENARIO.format(name="too-long", title="x" * 257))
    with pytest.raises(ManifestError) as raised:
        load_manifests([tmp_path])
    assert len(raised.value.lines) == 2
    assert "a.yaml" in raised.value.lines[0] and "YAML syntax error" in raised.value.lines[0]
    assert raised.value.line is None  # (two problems: no one line to point at)


def test_one_syntax_error_keeps_its_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("kind: TestScenario\nmetadata: [unclosed\n")
    with pytest.raises(ManifestError) as raised:
        load_manifests([tmp_path])
    assert raised.value.line is not None


def test_a_name_defined_twice_is_named_with_the_other_problems(tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", _SCENARIO.format(name="twice", title="first"), _SCENARIO.format(name="twice", title="second"),
           _SCENARIO.format(name="too-long", title="x" * 257))
    with pytest.raises(ManifestError) as raised:
        load_manifests([tmp_path])
    named = "\n".join(raised.value.lines)
    assert "defined twice in this file" in named and "at most 256 characters" in named

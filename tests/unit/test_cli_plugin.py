"""`tornado` and its kubectl plugin face, `kubectl-tornado` (kubectl runs it for `kubectl tornado`)."""

from __future__ import annotations

import pytest

from tornado_operator.cli import main as cli


def help_text(prog: str, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*args, "--help"], prog=prog)
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_plugin_help_names_kubectl_tornado_and_only_cluster_commands(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text("/usr/local/bin/kubectl-tornado", capsys)
    assert text.startswith("usage: kubectl tornado ")
    for command in cli.PLUGIN_COMMANDS:
        assert command in text
    for command in ("crds", "run", "job", "operator"):
        assert f"    {command} " not in text


def test_plugin_subcommand_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert help_text("kubectl-tornado", capsys, "status").startswith("usage: kubectl tornado status ")


def test_tornado_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text("/venv/bin/tornado", capsys)
    assert text.startswith("usage: tornado ")
    for command in ("crds", "run", "job", "operator", *cli.PLUGIN_COMMANDS):
        assert command in text


def test_plugin_refuses_the_local_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["run", "examples/support-line"], prog="kubectl-tornado")
    assert exit_info.value.code == 2
    assert "invalid choice: 'run'" in capsys.readouterr().err

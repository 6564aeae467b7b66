"""`tornado cancel`: prints the hosted cancel response {"cancelled": true}; with --wait, waits for
CANCELLED (here the real reconciler, on the in-memory API server) and prints the final status."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from fake_runner import NS, World
from tornado_operator.cli import remote
from tornado_operator.cli.main import main


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    world = World()
    monkeypatch.setattr(remote, "_kube", lambda args: (world.kube, NS))
    yield world


def started(world: World, name: str = "fix-it") -> World:
    world.create_session(name)
    world.reconciler().reconcile(NS, name)
    assert world.status(name)["phase"] == "RUNNING"
    return world


def test_cancel_prints_the_hosted_response_and_sets_cancel(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    started(world)
    assert main(["cancel", "fix-it"]) == 0
    assert capsys.readouterr().out == '{"cancelled": true}\n'
    assert world.session()["spec"]["cancel"] is True


def test_wait_prints_the_final_status_after_the_response(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    started(world)
    stop = threading.Event()

    def operator() -> None:  # the reconciler notices spec.cancel, as the operator would
        while not stop.is_set():
            world.reconciler().reconcile(NS, "fix-it")
            stop.wait(0.05)

    thread = threading.Thread(target=operator)
    thread.start()
    try:
        assert main(["cancel", "fix-it", "--wait", "--timeout", "30"]) == 0
    finally:
        stop.set()
        thread.join()
    out = capsys.readouterr().out
    first, rest = out.split("\n", 1)
    assert first == '{"cancelled": true}'
    final: dict[str, Any] = json.loads(rest)
    assert final["status"] == "CANCELLED"
    assert final["session_id"] == world.session()["metadata"]["uid"]


def test_wait_times_out_naming_the_phase(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    started(world)  # no operator: nothing ends it
    assert main(["cancel", "fix-it", "--wait", "--timeout", "0.6"]) == 5
    captured = capsys.readouterr()
    assert captured.out == '{"cancelled": true}\n'
    assert 'tornado session "fix-it" is still RUNNING after 0.6 s' in captured.err


def test_an_ended_session_is_not_cancelled(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    started(world)
    session = world.session()
    world.kube.replace_status("tornadosessions", NS, {**session, "status": {**session["status"], "phase": "COMPLETED_ALL_PASSED"}})
    assert main(["cancel", "fix-it"]) == 4
    captured = capsys.readouterr()
    assert captured.out == ""
    assert 'tornado session "fix-it" already ended COMPLETED_ALL_PASSED: nothing to cancel' in captured.err
    assert world.session()["spec"].get("cancel") is not True


def test_cancelling_a_cancelled_session_says_so_again(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    started(world)
    assert main(["cancel", "fix-it"]) == 0
    world.reconciler().reconcile(NS, "fix-it")
    assert world.status()["phase"] == "CANCELLED"
    capsys.readouterr()
    assert main(["cancel", "fix-it", "--wait"]) == 0
    first, rest = capsys.readouterr().out.split("\n", 1)
    assert first == '{"cancelled": true}' and json.loads(rest)["status"] == "CANCELLED"


def test_unknown_session(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cancel", "ghost"]) == 3
    assert 'tornado session "ghost" not found in namespace "team"' in capsys.readouterr().err

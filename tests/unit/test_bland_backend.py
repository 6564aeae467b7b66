"""The bland backend against a local server implementing Bland's pathway-chat shapes
(tests/fake_bland.py, which checks every request it receives): a deployed pathway as the agent
under test, REPLAY scenarios and node-id assertions against it, `tornado run` end to end, the
loop's FixesProposed end, and the failures (unknown node, bad key, outages, retries)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from fake_bland import FakeBland
from tornado_operator.api.manifests import load_manifests
from tornado_operator.api.pathway import Pathway, PathwayGraph
from tornado_operator.api.scenario import TestScenario, TestScenarioSpec
from tornado_operator.api.session import BlandSettings, FixPlan, Phase, RunnerSpec, TornadoSession
from tornado_operator.cli.main import main
from tornado_operator.drivers.local import run_local
from tornado_operator.engine.backends import backend_for
from tornado_operator.engine.backends.bland import BlandBackend
from tornado_operator.engine.backends.bland_client import BlandChatClient, BlandError
from tornado_operator.engine.backends.offline import OfflineBackend
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.formats.bland import read_pathway
from tornado_operator.loop.decide import FIXES_PROPOSED, FixProposal, ScenarioOutcome, decide

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bland-line"
KEY = "bland-test-key-0123"
BLAND_ID = "7f3c1a2e-acme"


def bland_json() -> dict[str, Any]:
    return json.loads((EXAMPLE / "pathway.json").read_text())


def graph() -> PathwayGraph:
    return read_pathway(bland_json())[0]


def scenarios() -> dict[str, TestScenario]:
    docs = load_manifests([EXAMPLE / "scenarios.yaml"]).of_kind("TestScenario")
    return {doc.name: doc.obj for doc in docs}


@pytest.fixture
def fake() -> Iterator[FakeBland]:
    with FakeBland(KEY) as server:
        server.add_pathway(BLAND_ID, bland_json())
        server.webhook_responses["https://acme.example/accounts/"] = {"balance": 120}
        yield server


def settings(fake: FakeBland, **extra: Any) -> BlandSettings:
    return BlandSettings.model_validate({"baseUrl": fake.base_url, "pathwayId": BLAND_ID, **extra})


def backend(fake: FakeBland, *, key: str = KEY, sleeps: list[float] | None = None, **extra: Any) -> BlandBackend:
    config = settings(fake, **extra)
    client = BlandChatClient(
        config.base_url, key, auth_scheme=config.auth_scheme, max_retries=config.max_retries,
        sleep=(sleeps.append if sleeps is not None else lambda _: None),
    )
    return BlandBackend(client, config, OfflineBackend())


def play(b: BlandBackend, name: str, **spec: Any) -> Any:
    scenario = scenarios()[name].spec
    if spec:
        scenario = TestScenarioSpec.model_validate({**scenario.model_dump(by_alias=True), **spec})
    return b.play(CompiledGraph(graph()), scenario, scenario_id=name)


# --- one conversation -------------------------------------------------------------------------


def test_a_replay_scenario_against_the_deployed_pathway(fake: FakeBland) -> None:
    conv = play(backend(fake), "billing-balance")
    assert fake.problems == []
    assert conv.ended_by == "agent_ended" and conv.error is None
    assert conv.nodes_visited == ["start", "billing", "balance", "bye"]  # lookup was passed through within a turn
    assert [(t.speaker, t.text, t.node) for t in conv.transcript] == [
        ("agent", "Hi Dana, Acme support here. Billing, or our hours?", "start"),
        ("caller", "I have a billing question", "start"),
        ("agent", "Sure. What is your account number?", "billing"),
        ("caller", "It's 4417", "billing"),
        ("agent", "Your balance is 120 dollars. Anything else?", "balance"),
        ("caller", "that's all, thanks", "balance"),
        ("agent", "Thanks for calling Acme. Goodbye!", "bye"),
    ]
    assert all(t.latency_ms is not None and t.latency_ms >= 0 for t in conv.transcript if t.speaker == "agent")
    assert conv.extracted == {"account_number": 4417}  # balance and BlandStatusCode come from the webhook
    assert conv.variables["balance"] == 120 and conv.variables["first_name"] == "Dana" and "callID" in conv.variables
    [call] = conv.webhooks
    assert (call.node, call.url, call.method, call.body, call.turn) == (
        "lookup", "https://acme.example/accounts/4417", "GET", '{"account": 4417}', 2,
    )
    assert fake.webhook_calls == [{"node": "lookup", "url": "https://acme.example/accounts/4417", "method": "GET", "body": '{"account": 4417}'}]
    assert [(e.turn, e.node, e.via, e.target, e.edge_id) for e in conv.routing] == [
        (1, "start", "edge", "billing", "e-billing"),
        (2, "billing", "edge", "balance", None),  # through the webhook node, which the chat API does not report
        (3, "balance", "edge", "bye", "e-done"),
    ]
    evaluation = evaluate(scenarios()["billing-balance"].spec, conv, OfflineBackend())
    assert evaluation.passed, [r.detail for r in evaluation.results if not r.passed]


def test_what_the_server_received(fake: FakeBland) -> None:
    play(backend(fake, pathwayVersion=1), "billing-balance", startNodeId="start")
    create = fake.requests_to("/v1/pathway/chat/create")
    assert len(create) == 1
    assert create[0].body == {"pathway_id": BLAND_ID, "request_data": {"first_name": "Dana"}, "start_node_id": "start", "pathway_version": 1}
    assert create[0].headers["authorization"] == KEY and create[0].headers["content-type"] == "application/json"
    chat_id = next(iter(fake.chats))
    messages = [r.body for r in fake.requests_to(f"/v1/pathway/chat/{chat_id}")]
    assert messages == [{}, {"message": "I have a billing question"}, {"message": "It's 4417"}, {"message": "that's all, thanks"}]
    assert fake.problems == []


def test_bearer_auth_and_first_turn_without_an_opening(fake: FakeBland) -> None:
    fake.bearer = True
    conv = play(backend(fake, authScheme="bearer", openWithoutMessage=False), "talk-to-a-person")
    assert fake.problems == []
    assert fake.requests_to("create")[0].headers["authorization"] == f"Bearer {KEY}"
    # without an opening turn, the first caller turn opens the call (Bland's docs example: "hello" -> greeting)
    assert conv.ended_by == "script_exhausted" and conv.nodes_visited == ["start"]


def test_a_transfer_and_a_node_the_engine_cannot_simulate_run_on_bland(fake: FakeBland) -> None:
    b = backend(fake)
    transfer = play(b, "talk-to-a-person")
    assert transfer.ended_by == "transferred" and transfer.transfer_target == "+15550000000" and transfer.transfer_turn == 1
    assert transfer.routing[0].via == "global"
    hours = play(b, "opening-hours")
    assert hours.nodes_visited == ["start", "hours", "bye"] and hours.ended_by == "agent_ended"
    assert hours.transcript[2].text == "(Answer from the knowledge base.)"
    assert evaluate(scenarios()["opening-hours"].spec, hours, OfflineBackend()).passed


def test_staying_on_a_node_is_an_unmatched_turn(fake: FakeBland) -> None:
    conv = play(backend(fake), "billing-balance", inputMessages=["uh", "hmm"], assertions=[])
    assert [(e.via, e.target, e.retries) for e in conv.routing] == [("unmatched", None, 1), ("unmatched", None, 2)]
    assert conv.ended_by == "script_exhausted"


def test_max_turns(fake: FakeBland) -> None:
    conv = play(backend(fake), "billing-balance", maxTurns=1)
    assert conv.turns == 1 and conv.ended_by == "max_turns"


# --- failures end the scenario, with a clear reason --------------------------------------------


def test_a_node_the_local_graph_lacks(fake: FakeBland) -> None:
    deployed = bland_json()
    deployed["nodes"][3]["id"] = "balance-v2"
    deployed["edges"][3]["target"] = "balance-v2"
    deployed["edges"][4]["source"] = "balance-v2"
    deployed["nodes"][2]["data"]["responsePathways"][0][3]["id"] = "balance-v2"
    fake.add_pathway(BLAND_ID, deployed, version=2)
    conv = play(backend(fake), "billing-balance")
    assert conv.ended_by == "error" and conv.error_kind == "bland_unknown_node"
    assert conv.error == (
        "Bland reports node 'balance-v2' ('Balance'), which the local pathway does not have: import the deployed "
        "version (`tornado import --from bland`) so the graph under test mirrors it"
    )


def test_a_wrong_key_is_rejected_and_never_echoed(fake: FakeBland) -> None:
    b = backend(fake, key="wrong-key-9876")
    conv = play(b, "billing-balance")
    assert conv.ended_by == "error" and conv.error_kind == "bland_rejected"
    assert conv.error is not None and conv.error.startswith("Bland create: HTTP 401: /v1/pathway/chat/create: authorization header wrong")
    assert "wrong-key-9876" not in json.dumps(b.take_report())


def test_an_unknown_start_node(fake: FakeBland) -> None:
    conv = play(backend(fake), "billing-balance", startNodeId="nowhere")
    assert conv.error_kind == "invalid_start_node_id" and fake.requests == []


def test_retries_on_503_then_answers(fake: FakeBland) -> None:
    sleeps: list[float] = []
    fake.fail_next = [503, 429]
    b = backend(fake, sleeps=sleeps)
    conv = play(b, "talk-to-a-person")
    assert conv.ended_by == "transferred"
    assert sleeps == [0.5, 1.0]
    report = b.take_report()
    assert report is not None and report["bland"]["retries"] == 2 and report["bland"]["chats"] == 1


def test_an_outage_ends_the_scenario(fake: FakeBland) -> None:
    fake.fail_next = [503] * 4
    conv = play(backend(fake, maxRetries=3), "talk-to-a-person")
    assert conv.error_kind == "bland_unavailable" and conv.error is not None and "HTTP 503" in conv.error


def test_unreachable(fake: FakeBland) -> None:
    url = fake.base_url
    fake.stop()
    config = BlandSettings.model_validate({"baseUrl": url, "pathwayId": BLAND_ID, "maxRetries": 1})
    b = BlandBackend(BlandChatClient(url, KEY, max_retries=1, sleep=lambda _: None), config, OfflineBackend())
    conv = b.play(CompiledGraph(graph()), scenarios()["talk-to-a-person"].spec, scenario_id="x")
    assert conv.error_kind == "bland_unavailable" and "unreachable after 2 attempt(s)" in (conv.error or "")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"data": {"chat_id": "c", "assistant_responses": [], "variables": ["x"]}, "errors": None}, "variables is not an object"),
        ({"data": {"chat_id": "c", "assistant_responses": "hi"}, "errors": None}, "assistant_responses is not a list of strings"),
        ({"data": {"chat_id": "c", "current_node_id": 3}, "errors": None}, "current_node_id is not a string: 3"),
        ({"data": {"chat_id": "c", "completed": "yes"}, "errors": None}, "completed is not true or false"),
        ({"data": "nope", "errors": None}, "data is not an object"),
        ([1, 2], "not a JSON object"),
        ({"data": None, "errors": ["Chat expired"]}, "Bland chat: Chat expired"),
    ],
)
def test_a_response_of_the_wrong_shape(fake: FakeBland, answer: Any, message: str) -> None:
    client = BlandChatClient(fake.base_url, KEY)
    chat = client.create_chat(BLAND_ID, start_node_id=None, request_data={}, pathway_version=None)
    fake.answer_next = [answer]
    with pytest.raises(BlandError) as caught:
        client.send(chat.chat_id, None)
    assert caught.value.kind in ("bland_bad_response", "bland_rejected") and message in str(caught.value)
    fake.answer_next = [{"data": {"message": "created"}, "errors": None}]
    with pytest.raises(BlandError, match="no chat_id"):
        client.create_chat(BLAND_ID, start_node_id=None, request_data={}, pathway_version=None)


# --- settings ---------------------------------------------------------------------------------


def test_backend_for_builds_it_from_the_runner(fake: FakeBland, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = RunnerSpec.model_validate({"backend": "bland", "bland": {"baseUrl": fake.base_url, "pathwayId": BLAND_ID}})
    monkeypatch.delenv("BLAND_API_KEY", raising=False)
    with pytest.raises(ValueError, match=r"no Bland API key: set runner.bland.apiKeySecretRef"):
        backend_for(runner)
    monkeypatch.setenv("BLAND_API_KEY", KEY)
    built = backend_for(runner)
    assert isinstance(built, BlandBackend) and built.simulates is False and built.name == "bland"
    assert isinstance(backend_for(runner, bland_api_key="from-secret"), BlandBackend)
    with pytest.raises(ValueError, match=r"runner\.bland is not set"):
        backend_for(RunnerSpec.model_validate({"backend": "bland"}))


# --- the loop: fixes are proposed, never run or published ---------------------------------------


def test_decide_ends_with_fixes_proposed_when_the_agent_cannot_run_them() -> None:
    from tornado_operator.api.session import Fix

    plan = FixPlan(fixes=[Fix(id="fix-001", target_node="n", description="d", type="prompt_edit", scenario_ids=["a"])], priority_order=["fix-001"])
    outcomes = [ScenarioOutcome("a", False, "sig"), ScenarioOutcome("b", True)]
    common: dict[str, Any] = {"iteration": 1, "max_iterations": 5, "outcomes": outcomes, "previous": None, "unfixable_ids": [],
                              "plan_fixes": lambda ids: FixProposal(plan=plan)}
    simulated = decide(**common)
    assert simulated.continues and simulated.forks and simulated.fix_plan == plan
    deployed = decide(**common, tests_fixes=False)
    assert (deployed.phase, deployed.reason) == (Phase.COMPLETED_PARTIAL, FIXES_PROPOSED)
    assert deployed.forks and not deployed.continues and deployed.fix_plan == plan
    assert "proposed as a new version" in deployed.message
    no_fix = decide(**{**common, "plan_fixes": lambda ids: FixProposal(no_fix_ids=ids)}, tests_fixes=False)
    assert no_fix.phase is Phase.STUCK and not no_fix.forks


def _run_folder(tmp_path: Path, fake: FakeBland) -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    assert main(["import", "--from", "bland", str(EXAMPLE / "pathway.json"), "--name", "acme-line", "-o", str(folder / "pathway.yaml")]) == 0
    shutil.copy(EXAMPLE / "scenarios.yaml", folder / "scenarios.yaml")
    session = yaml.safe_load((EXAMPLE / "session.yaml").read_text())
    session["spec"]["runner"]["bland"].update(baseUrl=fake.base_url, pathwayId=BLAND_ID)
    (folder / "session.yaml").write_text(yaml.safe_dump(session))
    return folder


def test_tornado_run_against_the_deployed_pathway(
    fake: FakeBland, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _run_folder(tmp_path, fake)
    capsys.readouterr()
    monkeypatch.setenv("BLAND_API_KEY", KEY)
    code = main(["run", str(folder), "--json", "--output", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert fake.problems == []
    status = json.loads(out)
    assert code == 10, err
    assert status["status"] == "COMPLETED_PARTIAL" and status["current_iteration"] == 1
    [record] = status["iterations"]
    assert sorted(record["passed_ids"]) == ["billing-balance", "opening-hours", "talk-to-a-person"]
    assert record["failed_ids"] == ["balance-mentions-autopay"]
    assert status["forked_version"] == 2
    assert [fix["target_node"] for fix in record["fix_plan"]["fixes"]] == ["balance"]
    assert "bland engine" in err and "FixesProposed" in err
    assert len(fake.requests_to("/v1/pathway/chat/create")) == 4  # one chat per scenario, one iteration
    proposal = tmp_path / "out" / "acme-line-v2.yaml"
    capsys.readouterr()
    assert main(["export", "--to", "bland", str(proposal), "--as", "version"]) == 0
    body = json.loads(capsys.readouterr().out)
    balance = next(node for node in body["nodes"] if node.get("id") == "balance")
    assert "autopay" in balance["data"]["text"].lower()
    assert next(node for node in body["nodes"] if node.get("id") == "hours")["type"] == "Knowledge Base"
    assert body["nodes"][0]["position"] == {"x": 0, "y": 0}


def test_run_local_reports_backend_errors_per_scenario(fake: FakeBland, tmp_path: Path) -> None:
    folder = _run_folder(tmp_path, fake)
    manifests = load_manifests([folder])
    session: TornadoSession = manifests.of_kind("TornadoSession")[0].obj
    pathway: Pathway = manifests.of_kind("Pathway")[0].obj
    b = backend(fake, key="nope-nope")
    run = run_local(session=session, scenarios=[d.obj for d in manifests.of_kind("TestScenario")], pathway=pathway, backend=b)
    assert run.phase is Phase.STUCK
    assert {s.scenario_id: s.error is not None and s.error.startswith("Bland create: HTTP 401") for s in run.iterations[0].scenarios} == {
        name: True for name in scenarios()
    }


def test_the_iteration_job_takes_the_key_from_its_environment(fake: FakeBland, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Job's env carries the Secret's key (the kubelet resolves it; runners may not read Secrets)."""
    from fake_kube import FakeKube
    from tornado_operator.controller.jobs import BLAND_API_KEY_ENV
    from tornado_operator.drivers.job import JobError, _backend

    monkeypatch.delenv("BLAND_API_KEY", raising=False)
    monkeypatch.delenv(BLAND_API_KEY_ENV, raising=False)
    kube = FakeKube()
    session = TornadoSession.model_validate({
        "metadata": {"name": "s", "namespace": "team"},
        "spec": {"pathwayId": "acme-line", "runner": {"backend": "bland", "bland": {
            "baseUrl": fake.base_url, "pathwayId": BLAND_ID, "apiKeySecretRef": {"name": "bland-api-key"}}}},
    })
    with pytest.raises(JobError, match=r'runner\.bland\.apiKeySecretRef: Secret "bland-api-key" \(key apiKey\) not found'):
        _backend(kube, session, "team")
    monkeypatch.setenv(BLAND_API_KEY_ENV, KEY)
    built = _backend(kube, session, "team")
    assert isinstance(built, BlandBackend)
    conv = built.play(CompiledGraph(graph()), scenarios()["talk-to-a-person"].spec, scenario_id="x")
    assert conv.ended_by == "transferred" and fake.problems == []
    missing = session.model_copy(deep=True)
    assert missing.spec.runner is not None
    missing.spec.runner.bland = None
    with pytest.raises(JobError, match=r"runner\.bland: required when runner\.backend is bland"):
        _backend(kube, missing, "team")

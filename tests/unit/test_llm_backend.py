"""The OpenAI-compatible backend against a local fake chat-completions server (tests/fake_openai.py).

Every test's server checks the requests it receives (Authorization, model, messages,
response_format, temperature, seed) and the tests assert it found no problem.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml

from fake_openai import FakeOpenAI, Reply, Request
from tornado_operator.api.manifests import load_manifests
from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.results import IterationResult
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import LlmModels, LlmSettings, Phase
from tornado_operator.engine.backends.llm import LlmBackend, backend_from_settings
from tornado_operator.engine.backends.llm_answers import AgentAnswer
from tornado_operator.engine.errors import LlmOutputError, LlmUnavailable
from tornado_operator.engine.iteration import run_iteration
from tornado_operator.engine.judge.evaluate import evaluate
from tornado_operator.engine.repair.llm_fixer import validate_suggestions
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import Conversation, Turn
from tornado_operator.engine.sim.interpreter import simulate

REPO = Path(__file__).resolve().parents[2]
API_KEY = "sk-test-123"
MODELS = {"agent": "agent-m", "tester": "tester-m", "judge": "judge-m", "fixer": "fixer-m"}
SEED = 7

GRAPH = PathwayGraph.model_validate(
    {
        "globalPrompt": "You are Ava from Acme.",
        "nodes": [
            {"id": "hello", "isStart": True, "text": "Hi, how can I help?"},
            {
                "id": "billing",
                "name": "Billing",
                "prompt": "Ask for the account number.",
                "extractVars": [
                    {"name": "account", "description": "The caller's account id, like A-17."},
                    {"name": "zip", "pattern": r"\b(\d{5})\b"},
                ],
            },
            {"id": "bye", "type": "end_call", "text": "Goodbye!"},
        ],
        "edges": [
            {"id": "hello-billing", "source": "hello", "target": "billing", "label": "billing questions"},
            {"id": "hello-bye", "source": "hello", "target": "bye", "label": "the caller is done"},
            {"id": "billing-bye", "source": "billing", "target": "bye", "label": "nothing else"},
        ],
    }
)


def replay(*turns: str, assertions: list[dict[str, Any]] | None = None, **extra: Any) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate(
        {"pathwayId": "acme", "inputMessages": list(turns), "assertions": assertions or [], **extra}
    )


def agent_scenario(**extra: Any) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate(
        {
            "pathwayId": "acme",
            "scenarioType": "AGENT",
            "testerPersonaName": "Jordan",
            "testerPersonaPrompt": "You are Jordan and you want to cancel.",
            "advancedInstructions": "Be brief.",
            "requestData": {"plan": "gold"},
            **extra,
        }
    )


def reply(text: str, edge: str | None = None, **variables: Any) -> dict[str, Any]:
    return {"reply": text, "edge_id": edge, "variables": variables}


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key=API_KEY, seed=SEED) as server:
        yield server
        assert server.problems == []


def make_backend(fake: FakeOpenAI, concurrency: int = 4, tokens_spent: int = 0, **settings: Any) -> LlmBackend:
    llm = LlmSettings(
        base_url=fake.base_url,
        models=LlmModels(**MODELS),
        seed=SEED,
        timeout_seconds=settings.pop("timeout_seconds", 5.0),
        max_retries=settings.pop("max_retries", 2),
        **settings,
    )
    return backend_from_settings(llm, api_key=API_KEY, concurrency=concurrency, tokens_spent=tokens_spent)


def iterate(backend: LlmBackend, scenarios: list[tuple[str, TestScenarioSpec]], graph: PathwayGraph = GRAPH, **kw: Any) -> IterationResult:
    return run_iteration(
        graph=graph, version_number=1, scenarios=scenarios, iteration=1,
        max_iterations=kw.pop("max_iterations", 3), previous=None, unfixable_ids=[], backend=backend, **kw,
    )


# --- agent ---------------------------------------------------------------------------------


def test_agent_answers_routes_and_extracts(fake: FakeOpenAI) -> None:
    fake.queue(
        "agent-m",
        reply("Sure, what's your account number?", "hello-billing"),
        reply("Thanks, found it.", None, account="A-17", unrelated="x"),
    )
    backend = make_backend(fake)
    with backend.scenario_scope("s1"):
        conv = simulate(GRAPH, replay("I have a billing question", "It's A-17, ZIP 90210"), backend=backend)
    assert conv.error is None
    assert conv.nodes_visited == ["hello", "billing"]
    assert conv.agent_texts() == ["Hi, how can I help?", "Sure, what's your account number?", "Thanks, found it."]
    assert conv.extracted == {"account": "A-17", "zip": "90210"}  # model for described vars, pattern for zip
    assert [(e.via, e.edge_id, e.target) for e in conv.routing] == [("edge", "hello-billing", "billing"), ("unmatched", None, None)]

    first, second = fake.requests_for("agent-m")
    assert first.headers["authorization"] == f"Bearer {API_KEY}"
    assert first.body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "AgentAnswer", "schema": AgentAnswer.model_json_schema(), "strict": False},
    }
    assert first.body["temperature"] == 0.0 and first.body["seed"] == SEED and first.body["max_tokens"] == 2048
    assert "You are Ava from Acme." in first.system
    assert "- hello-billing: billing questions ->" in first.system and "- hello-bye: the caller is done ->" in first.system
    assert [m["role"] for m in first.messages] == ["system", "assistant", "user"]
    assert first.messages[-1]["content"] == "I have a billing question"
    assert '"id": "billing"' in second.system and "account (string): The caller's account id" in second.system
    assert [m["content"] for m in second.messages[1:]] == [
        "Hi, how can I help?", "I have a billing question", "Sure, what's your account number?", "It's A-17, ZIP 90210",
    ]


def test_prompt_only_node_gets_an_opening_line_from_the_model(fake: FakeOpenAI) -> None:
    graph = PathwayGraph.model_validate(
        {"nodes": [{"id": "start", "isStart": True, "prompt": "Greet the caller warmly."}]}
    )
    fake.queue("agent-m", {"reply": "Hello there, welcome to Acme!"})
    backend = make_backend(fake)
    with backend.scenario_scope("s1"):
        conv = simulate(graph, replay(), backend=backend)
    assert conv.agent_texts() == ["Hello there, welcome to Acme!"]
    assert "Greet the caller warmly." in fake.requests[0].system


def test_an_edge_the_pathway_does_not_have_fails_only_that_scenario(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", reply("Teleporting you now.", "teleport"))
    backend = make_backend(fake)
    result = iterate(
        backend,
        [
            ("bad-edge", replay("take me somewhere")),
            ("fine", replay(assertions=[{"type": "NODE_REACHED", "config": {"nodeId": "hello"}}])),
        ],
        max_iterations=1,
    )
    bad, fine = result.scenarios
    assert fine.passed
    assert not bad.passed and bad.ended_by == "error"
    assert bad.error is not None
    assert "agent model 'agent-m': edge_id 'teleport' is not an edge of node 'hello' (valid: hello-billing, hello-bye)" in bad.error


# --- tester --------------------------------------------------------------------------------


def test_tester_plays_the_persona_until_it_ends_the_call(fake: FakeOpenAI) -> None:
    fake.queue(
        "tester-m",
        {"message": "I'd like to cancel my plan.", "end_call": False},
        {"message": "Thanks, bye!", "end_call": True},
    )
    fake.queue("agent-m", reply("I can help with that. It's cancelled."))
    backend = make_backend(fake)
    with backend.scenario_scope("agent-1"):
        conv = simulate(GRAPH, agent_scenario(), backend=backend)
    assert conv.error is None
    assert conv.caller_texts() == ["I'd like to cancel my plan."]
    assert conv.ended_by == "script_exhausted"  # the tester hung up
    first, second = fake.requests_for("tester-m")
    assert "You are Jordan and you want to cancel." in first.system
    assert "Be brief." in first.system and '"plan": "gold"' in first.system and "Your name: Jordan" in first.system
    assert [m["role"] for m in first.messages] == ["system", "user"]  # the agent's greeting is the "user" for the tester
    assert first.messages[1]["content"] == "Hi, how can I help?"
    assert [(m["role"], m["content"]) for m in second.messages[1:]] == [
        ("user", "Hi, how can I help?"),
        ("assistant", "I'd like to cancel my plan."),
        ("user", "I can help with that. It's cancelled."),
    ]


def test_tester_respects_max_turns(fake: FakeOpenAI) -> None:
    fake.on("tester-m", lambda request: {"message": "Hello?", "end_call": False})
    fake.on("agent-m", lambda request: reply("Yes?"))
    backend = make_backend(fake)
    with backend.scenario_scope("chatty"):
        conv = simulate(GRAPH, agent_scenario(maxTurns=3), backend=backend)
    assert conv.ended_by == "max_turns" and conv.turns == 3
    assert len(fake.requests_for("tester-m")) == 3


# --- judge ---------------------------------------------------------------------------------


def conversation() -> Conversation:
    conv = Conversation(scenario_id="c", start_node="hello")
    conv.transcript = [
        Turn("agent", "Hi, how can I help?", "hello", 400),
        Turn("caller", "My internet is down.", "hello"),
        Turn("agent", "Sorry about that! Restart the router; it should work in 2 minutes.", "fix", 500),
    ]
    conv.nodes_visited = ["hello", "fix"]
    conv.ended_by = "agent_ended"
    return conv


def judged(fake: FakeOpenAI, assertions: list[dict[str, Any]]) -> list[Any]:
    backend = make_backend(fake)
    return evaluate(replay(assertions=assertions), conversation(), backend).results


def test_judge_boolean_score_and_categorical_keep_the_reasoning(fake: FakeOpenAI) -> None:
    fake.queue(
        "judge-m",
        {"reasoning": "The agent apologised and gave a fix.", "passed": True},
        {"reasoning": "Helpful but vague about the timing.", "score": 0.6},
        {"reasoning": "The router restart solved it.", "category": "Resolved"},
        {"reasoning": "It sounded like an escalation.", "category": "escalated"},
    )
    results = judged(
        fake,
        [
            {"id": "b", "type": "LLM_JUDGE", "config": {"prompt": "Did the agent apologise?"}},
            {"id": "s", "type": "LLM_JUDGE", "config": {"prompt": "How helpful?", "outputType": "score", "threshold": 0.7}},
            {"id": "c1", "type": "LLM_JUDGE", "config": {"prompt": "Outcome?", "outputType": "categorical",
                                                         "categories": ["resolved", "escalated"], "passCategories": ["resolved"]}},
            {"id": "c2", "type": "LLM_JUDGE", "config": {"prompt": "Outcome?", "outputType": "categorical",
                                                         "categories": ["resolved", "escalated"], "passCategories": ["resolved"]}},
        ],
    )
    b, s, c1, c2 = results
    assert b.passed and "The agent apologised and gave a fix." in b.detail and b.actual == "yes"
    assert not s.passed and "score 0.60 < threshold 0.70" in s.detail and "vague about the timing" in s.detail
    assert c1.passed and c1.actual == "resolved" and "router restart solved it" in c1.detail
    assert not c2.passed and "'escalated' is not a passing category" in c2.detail
    request = fake.requests_for("judge-m")[0]
    assert "Did the agent apologise?" in request.system and '"passed": true | false' in request.system
    assert "AGENT: Sorry about that! Restart the router" in request.messages[-1]["content"]
    assert "resolved | escalated" in fake.requests_for("judge-m")[2].system


def test_bland_tone_is_scored_by_the_judge_model(fake: FakeOpenAI) -> None:
    fake.queue("judge-m", {"reasoning": "Warm and short.", "score": 0.82, "components": {"empathy": 0.9, "conciseness": 0.8}})
    (result,) = judged(fake, [{"id": "tone", "type": "BLAND_TONE", "config": {"threshold": 0.7}}])
    assert result.passed and result.actual == "0.82"
    assert "model tone 0.82 >= threshold 0.70" in result.detail and "Warm and short." in result.detail
    assert result.components == {"empathy": 0.9, "conciseness": 0.8}


def test_a_judge_that_answers_nonsense_fails_the_assertion_not_the_iteration(fake: FakeOpenAI) -> None:
    fake.queue("judge-m", {"verdict": "yes"}, {"score": 7})
    b, tone = judged(
        fake,
        [
            {"id": "b", "type": "LLM_JUDGE", "config": {"prompt": "Did the agent apologise?"}},
            {"id": "tone", "type": "BLAND_TONE", "config": {"threshold": 0.5}},
        ],
    )
    assert not b.passed and "the judge failed" in b.detail and "expected \"passed\": true|false" in b.detail
    assert not tone.passed and "tone: expected \"score\": a number in 0..1" in tone.detail


# --- fixer ---------------------------------------------------------------------------------

JUDGED_SCENARIO = replay(
    "I have a billing question",
    assertions=[{"id": "mentions-fees", "type": "LLM_JUDGE", "config": {"prompt": "Did the agent mention late fees?"}}],
)


def test_fixer_suggestions_are_validated_and_a_missing_node_is_rejected(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", reply("Sure, what's your account number?", "hello-billing"))
    fake.queue("judge-m", {"reasoning": "No fees were mentioned.", "passed": False})
    fake.queue(
        "fixer-m",
        {
            "root_cause": "The billing node never mentions late fees.",
            "suggestions": [
                {"type": "prompt_edit", "target_node": "billing-fees", "description": "Mention fees on a node that does not exist.",
                 "suggested_change": {"prompt": "Mention late fees."}, "confidence": 0.95},
                {"type": "prompt_edit", "target_node": "billing", "description": "Mention late fees when collecting the account.",
                 "suggested_change": "Ask for the account number and mention the $5 late fee.", "confidence": 0.9,
                 "scenario_ids": ["fees"]},
                {"type": "flow_change", "target_node": "billing", "description": "Route to a refunds desk.",
                 "suggested_change": {"add_edges": [{"source": "billing", "target": "refunds-desk", "label": "refunds"}]},
                 "confidence": 0.5},
                {"type": "flow_change", "target_node": "hello", "description": "Drop the greeting.",
                 "suggested_change": {"remove_nodes": ["hello"]}, "confidence": 0.4},
                {"type": "rewrite_everything", "target_node": "hello", "description": "?", "suggested_change": {}},
            ],
        },
    )
    backend = make_backend(fake)
    result = iterate(backend, [("fees", JUDGED_SCENARIO)])
    assert result.continues and result.forked_graph is not None
    plan = result.record.fix_plan
    assert [(f.id, f.target_node, f.type, f.scenario_ids) for f in plan.fixes] == [("fix-001", "billing", "prompt_edit", ["fees"])]
    assert result.forked_graph.node("billing").prompt == "Ask for the account number and mention the $5 late fee."
    assert result.forked_graph.node("hello").text == GRAPH.node("hello").text
    assert result.llm is not None
    (note,) = [n for n in result.llm["notes"] if n["role"] == "fixer"]
    assert note["rootCause"] == "The billing node never mentions late fees."
    reasons = " | ".join(item["reason"] for item in note["rejected"])
    assert "target_node 'billing-fees' is not a node of the pathway (nodes: billing, bye, hello)" in reasons
    assert "points at missing target node 'refunds-desk'" in reasons
    assert "'hello' is the start node and cannot be removed" in reasons
    assert "type 'rewrite_everything' is not one of prompt_edit, config_change, flow_change" in reasons
    fixer_request = fake.requests_for("fixer-m")[0]
    assert '"id": "billing"' in fixer_request.messages[-1]["content"]
    assert "No fees were mentioned." in fixer_request.messages[-1]["content"]


def test_every_fix_rejected_means_no_plan_and_stuck(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", reply("Sure.", "hello-billing"))
    fake.queue("judge-m", {"reasoning": "No.", "passed": False})
    fake.queue("fixer-m", {"root_cause": "x", "suggestions": [
        {"type": "prompt_edit", "target_node": "ghost", "description": "d", "suggested_change": "p", "confidence": 1}]})
    result = iterate(make_backend(fake), [("fees", JUDGED_SCENARIO)])
    assert result.phase is Phase.STUCK and result.forked_graph is None


def test_flow_and_config_changes() -> None:
    suggestions = [
        {"type": "flow_change", "target_node": "billing", "description": "fees desk",
         "suggested_change": {"add_nodes": [{"id": "fees", "text": "Late fees are $5."}],
                              "add_edges": [{"source": "billing", "target": "fees", "label": "asks about fees"}],
                              "update_edges": [{"id": "billing-bye", "label": "done with billing"}]}, "confidence": 0.9},
        {"type": "config_change", "target_node": "billing", "description": "fallback",
         "suggested_change": {"retry_threshold": 2, "fallbackNodeId": "bye",
                              "extractVars": [{"name": "account", "pattern": "(A-\\d+)"}]}, "confidence": 0.8},
        {"type": "config_change", "target_node": "billing", "description": "bad fallback",
         "suggested_change": {"fallbackNodeId": "nowhere"}, "confidence": 0.7},
        {"type": "flow_change", "target_node": "hello", "description": "bad edge update",
         "suggested_change": {"update_edges": [{"id": "hello-bye", "target": "void"}]}, "confidence": 0.6},
        {"type": "prompt_edit", "target_node": "bye", "description": "bad keys",
         "suggested_change": {"voice": "deep"}, "confidence": 0.5},
    ]
    accepted, rejected, data = validate_suggestions(GRAPH, suggestions, ["s1"])
    assert [s.index for s in accepted] == [0, 1]
    graph = PathwayGraph.model_validate(data)
    assert graph.has_node("fees")
    assert any(e.source == "billing" and e.target == "fees" and e.label == "asks about fees" for e in graph.edges)
    assert next(e for e in graph.edges if e.id == "billing-bye").label == "done with billing"
    billing = graph.node("billing")
    assert billing.config.retry_threshold == 2 and billing.config.fallback_node_id == "bye"
    assert next(v for v in billing.extract_vars if v.name == "account").pattern == "(A-\\d+)"
    reasons = [item["reason"] for item in rejected]
    assert any("fallbackNodeId 'nowhere' is not a node of the pathway" in r for r in reasons)
    assert any("edge 'hello-bye' would point at missing node 'void'" in r for r in reasons)
    assert any("unknown key(s) voice" in r for r in reasons)


# --- transport: retries, timeouts, errors, keys, usage ---------------------------------------


def gaps(requests: list[Request]) -> list[float]:
    return [later.received - earlier.received for earlier, later in itertools.pairwise(requests)]


def test_429_is_retried_honouring_retry_after(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", Reply(status=429, headers={"Retry-After": "1.5"}), reply("Sure.", "hello-billing"))
    backend = make_backend(fake)
    with backend.scenario_scope("r"):
        conv = simulate(GRAPH, replay("billing please"), backend=backend)
    assert conv.error is None and conv.nodes_visited == ["hello", "billing"]
    requests = fake.requests_for("agent-m")
    assert [r.retry for r in requests] == [0, 1]
    (gap,) = gaps(requests)
    assert gap >= 1.5  # the server's Retry-After, not the SDK's own first backoff (at most 0.5 s)
    report = backend.take_report()
    assert report["usage"]["calls"] == 1 and report["calls"][0]["attempts"] == 2


def test_429_without_retry_after_backs_off_exponentially(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", Reply(status=429), Reply(status=429), reply("Sure.", "hello-billing"))
    backend = make_backend(fake)
    with backend.scenario_scope("r"):
        conv = simulate(GRAPH, replay("billing please"), backend=backend)
    assert conv.error is None
    first, second = gaps(fake.requests_for("agent-m"))
    assert first >= 0.375 and second >= 0.75  # 0.5 s then 1 s, less at most 25 % jitter


def test_5xx_is_retried_then_fails_naming_the_server_and_the_attempts(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", Reply(status=503), Reply(status=500), reply("Sure.", "hello-billing"))
    fake.queue("agent-m", *[Reply(status=502, error="upstream model crashed")] * 3)
    backend = make_backend(fake)
    with backend.scenario_scope("r"):
        conv = simulate(GRAPH, replay("billing please"), backend=backend)
    assert conv.error is None
    assert [r.retry for r in fake.requests_for("agent-m")] == [0, 1, 2]
    with backend.scenario_scope("r2"), pytest.raises(LlmUnavailable) as failed:
        backend.agent_turn(CompiledGraph(GRAPH), "hello", "billing", {})
    assert str(failed.value) == (
        f"agent model 'agent-m': HTTP 502 from {fake.base_url}/chat/completions: upstream model crashed "
        "(gave up after 3 attempt(s))"
    )


def test_timeout_gives_a_clear_error_after_the_retries(fake: FakeOpenAI) -> None:
    slow = reply("too late", "hello-billing")
    fake.queue("agent-m", Reply(content=slow, delay=1.0), Reply(content=slow, delay=1.0))
    backend = make_backend(fake, timeout_seconds=0.2, max_retries=1)
    result = iterate(backend, [("slow", replay("billing please"))], max_iterations=1)
    (scenario,) = result.scenarios
    assert not scenario.passed and scenario.error is not None
    assert "agent model 'agent-m': timed out after 0.2s (gave up after 2 attempt(s))" in scenario.error
    assert result.llm is not None and result.llm["errors"][0]["attempts"] == 2


def test_bad_api_key_is_not_retried(fake: FakeOpenAI) -> None:
    llm = LlmSettings(base_url=fake.base_url, model="agent-m", max_retries=3)
    backend = backend_from_settings(llm, api_key="sk-wrong")
    with backend.scenario_scope("k"), pytest.raises(LlmUnavailable, match=r"HTTP 401 .*check the API key"):
        backend.agent_turn(CompiledGraph(GRAPH), "hello", "hi", {})
    assert len(fake.requests) == 1
    fake.problems.clear()


def test_api_key_from_the_environment_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("TORNADO_LLM_API_KEY", "sk-env")
    with FakeOpenAI(api_key="sk-env") as server:
        server.queue("m", reply("ok"))
        backend = backend_from_settings(LlmSettings(base_url=server.base_url + "/", model="m"))
        with backend.scenario_scope("e"):
            simulate(GRAPH, replay("hi"), backend=backend)
        assert server.problems == [] and len(server.requests) == 1
        assert "seed" not in server.requests[0].body  # only sent when set
    monkeypatch.delenv("TORNADO_LLM_API_KEY")
    with FakeOpenAI(api_key=None) as server:  # vLLM / Ollama: no key, no Authorization header
        server.queue("m", reply("ok"))
        backend = backend_from_settings(LlmSettings(base_url=server.base_url, model="m"))
        with backend.scenario_scope("e"):
            simulate(GRAPH, replay("hi"), backend=backend)
        assert server.problems == []


def test_settings_errors_are_clear() -> None:
    with pytest.raises(ValueError, match=r"runner\.llm is not set"):
        backend_from_settings(None)
    with pytest.raises(ValueError, match=r"no model for role\(s\) tester, judge, fixer"):
        backend_from_settings(LlmSettings(base_url="http://127.0.0.1:9/v1", models=LlmModels(agent="a")))


def test_malformed_model_output_names_the_role(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", "Sure! I'll route you to billing.")  # prose, not JSON
    fake.queue("tester-m", {"text": "hello"})  # wrong keys
    fake.queue("agent-m", {"answer": "hi"})  # wrong keys
    fake.queue("tester-m", {"message": "hello", "end_call": False})
    backend = make_backend(fake)
    result = iterate(
        backend,
        [("prose", replay("billing")), ("tester-keys", agent_scenario()), ("agent-keys", agent_scenario())],
        max_iterations=1,
    )
    prose, tester_keys, agent_keys = result.scenarios
    assert prose.error is not None and "agent model 'agent-m' did not answer JSON" in prose.error
    assert tester_keys.error is not None
    assert tester_keys.error.startswith("tester model 'tester-m': expected {\"message\": str, \"end_call\": bool}, got keys text")
    assert tester_keys.transcript[0].text == "Hi, how can I help?"  # the conversation so far is kept
    assert agent_keys.error is not None and "agent model 'agent-m': the answer has no 'reply' (keys: answer)" in agent_keys.error
    assert result.llm is not None and result.llm["usage"]["errors"] == 3


def test_fixer_failure_is_recorded_and_the_loop_stops_stuck(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", reply("Sure.", "hello-billing"))
    fake.queue("judge-m", {"reasoning": "No.", "passed": False})
    fake.queue("fixer-m", "I think you should add fees")
    result = iterate(make_backend(fake), [("fees", JUDGED_SCENARIO)])
    assert result.phase is Phase.STUCK
    assert result.llm is not None
    (note,) = result.llm["notes"]
    assert "fixer model 'fixer-m' did not answer JSON" in note["error"]


def test_token_usage_per_scenario_role_and_iteration(fake: FakeOpenAI) -> None:
    fake.on("agent-m", lambda request: reply("Sure.", "hello-billing"))
    backend = make_backend(fake)
    result = iterate(backend, [("a", replay("billing")), ("b", replay("billing"))], max_iterations=1)
    assert result.llm is not None
    usage, by_scenario, by_role = result.llm["usage"], result.llm["byScenario"], result.llm["byRole"]
    assert set(by_scenario) == {"a", "b"} and by_scenario["a"]["calls"] == 1
    assert usage["promptTokens"] == sum(s["promptTokens"] for s in by_scenario.values()) > 0
    assert usage["completionTokens"] > 0 and by_role["agent"]["calls"] == 2
    assert result.llm["models"] == MODELS
    call = result.llm["calls"][0]
    assert call["role"] == "agent" and call["scenario"] == "a" and call["model"] == "agent-m"
    assert call["promptExcerpt"] == "billing" and '"edge_id": "hello-billing"' in call["responseExcerpt"]
    assert json.loads(IterationResult.loads(result.dumps()).model_dump_json())["llm"]["usage"] == usage
    assert backend.take_report()["usage"]["calls"] == 0  # counted per iteration


def test_concurrent_scenarios_keep_their_own_conversation(fake: FakeOpenAI) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def agent(request: Request) -> dict[str, Any]:
        caller = request.messages[-1]["content"]
        return reply(f"echo {caller}")

    fake.on("agent-m", agent)
    backend = make_backend(fake, concurrency=2)

    def run(n: int) -> list[str]:
        with backend.scenario_scope(f"s{n}"):
            return simulate(GRAPH, replay(f"one {n}", f"two {n}"), backend=backend).agent_texts()

    with ThreadPoolExecutor(4) as pool:
        outputs = list(pool.map(run, range(8)))
    for n, texts in enumerate(outputs):
        assert texts == ["Hi, how can I help?", f"echo one {n}", f"echo two {n}"]


# --- end to end: tornado run examples/agent-line --------------------------------------------


def _node(request: Request) -> str:
    match = re.search(r'Current node:\n\{[^\n]*"id": "([^"]+)"', request.system)
    assert match is not None, request.system
    return match.group(1)


def lumen_model(request: Request) -> dict[str, Any]:
    """One model name plays agent, tester and judge for examples/agent-line (by the system prompt)."""
    system = request.system
    if system.startswith("You are the voice agent"):
        node, caller = _node(request), request.messages[-1]["content"].lower()
        if node == "greeting":
            if "cancel" in caller:
                return reply("I'm sorry to see you go. What date should the service end?", "greeting-cancel")
            return reply("Sorry about that! Please restart your router and tell me when it's back.", "greeting-troubleshoot")
        if node == "cancel-service":
            if "june 30" in caller:
                text = "Done: your service ends on June 30."
                if "5 business days" in system:  # the fixed prompt
                    text += " Your prorated refund for the unused days arrives within 5 business days."
                return reply(text, None, cancel_date="June 30")
            return reply("Thanks for calling Lumen Fiber. Goodbye!", "cancel-goodbye")
        if node == "troubleshoot":
            return reply("Great, glad it's working again! Thanks for calling Lumen Fiber. Goodbye!", "troubleshoot-goodbye")
        raise AssertionError(f"unexpected node {node}")
    if system.startswith("You are testing a phone agent"):
        said = len(request.turns("assistant"))
        if "moving abroad" in system:
            lines = ["Hi, I'd like to cancel my internet, I'm moving abroad.", "June 30, please.", "That's all, thanks. Bye."]
        else:
            lines = ["My internet keeps dropping every few minutes.", "Okay, I restarted it and it's working now."]
        if said >= len(lines):
            return {"message": "", "end_call": True}
        return {"message": lines[said], "end_call": False}
    if system.startswith("You are a strict quality reviewer"):
        transcript = request.messages[-1]["content"]
        if "refund for the unused days will arrive" in system:
            told = "5 business days" in transcript
            return {"reasoning": "The agent gave the refund timeline." if told else "The refund was never mentioned.", "passed": told}
        if "How well did the agent resolve" in system:
            return {"reasoning": "The restart fixed it.", "score": 0.9}
        if "How did the call end?" in system:
            return {"reasoning": "It works again.", "category": "resolved"}
        return {"reasoning": "Friendly and brief.", "score": 0.85}
    raise AssertionError(f"unexpected request: {system[:80]}")


def lumen_fixer(request: Request) -> dict[str, Any]:
    pathway = request.messages[-1]["content"]
    assert "refund-timeline" in pathway and "The refund was never mentioned." in pathway
    return {
        "root_cause": "The cancel-service prompt never asks the agent to give the refund timeline.",
        "suggestions": [
            {
                "type": "prompt_edit",
                "target_node": "cancel-service",
                "description": "Tell cancelling callers when their prorated refund arrives.",
                "suggested_change": {
                    "prompt": "The caller wants to cancel their service. Ask for the date the service should end, "
                    "confirm the cancellation for that date, and tell them their prorated refund for the unused "
                    "days arrives within 5 business days."
                },
                "confidence": 0.9,
                "scenario_ids": ["cancel-with-refund"],
            },
            {
                "type": "flow_change",
                "target_node": "refunds-desk",
                "description": "Send cancellations to the refunds desk.",
                "suggested_change": {"add_edges": [{"source": "cancel-service", "target": "refunds-desk", "label": "refund"}]},
                "confidence": 0.3,
            },
        ],
    }


def test_tornado_run_fixes_the_agent_line_example_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tornado_operator.cli.main import main

    example = tmp_path / "agent-line"
    shutil.copytree(REPO / "examples" / "agent-line", example)
    with FakeOpenAI(api_key="sk-e2e", seed=7) as server:
        server.on("gpt-4o-mini", lumen_model).on("gpt-4o", lumen_fixer)
        session_file = example / "session.yaml"
        session = yaml.safe_load(session_file.read_text())
        assert session["spec"]["runner"]["backend"] == "openai"
        session["spec"]["runner"]["llm"]["baseUrl"] = server.base_url
        session_file.write_text(yaml.safe_dump(session))
        monkeypatch.setenv("TORNADO_LLM_API_KEY", "sk-e2e")
        code = main(["run", str(example), "-o", str(tmp_path / "out"), "--json"])
        captured = capsys.readouterr()
        assert server.problems == []
    assert code == 0, captured.err
    status = json.loads(captured.out)
    assert status["status"] == "COMPLETED_ALL_PASSED", status
    assert len(status["iterations"]) == 2
    first, second = status["iterations"]
    assert first["failed_ids"] == ["cancel-with-refund"] and first["passed_ids"] == ["slow-connection"]
    assert [fix["target_node"] for fix in first["fix_plan"]["fixes"]] == ["cancel-service"]
    assert sorted(second["passed_ids"]) == ["cancel-with-refund", "slow-connection"]
    usage = status["llm_usage"]  # after the hosted keys: this project's own
    assert list(status)[-1] == "llm_usage" and [i["iteration"] for i in usage["by_iteration"]] == [1, 2]
    assert usage["total_tokens"] == sum(i["total_tokens"] for i in usage["by_iteration"]) > 0
    assert f"model tokens: {usage['total_tokens']} (" in captured.err  # the report (stderr with --json)
    forked = yaml.safe_load((tmp_path / "out" / "agent-line-v2.yaml").read_text())
    cancel = next(node for node in forked["spec"]["nodes"] if node["id"] == "cancel-service")
    assert "within 5 business days" in cancel["prompt"]
    assert "refunds-desk" not in json.dumps(forked)  # the fix aimed at a missing node was rejected


def test_connection_errors_are_retried_then_fail_clearly() -> None:
    from tornado_operator.engine.ports import Backend

    llm = LlmSettings(base_url="http://127.0.0.1:9/v1", model="m", max_retries=1)  # nothing listens on port 9
    backend = backend_from_settings(llm)
    assert isinstance(backend, Backend)
    with pytest.raises(LlmUnavailable, match=r"cannot reach http://127\.0\.0\.1:9/v1/chat/completions.*gave up after 2 attempt"):
        backend.agent_turn(CompiledGraph(GRAPH), "hello", "hi", {})


def test_the_iteration_job_takes_the_api_key_from_its_environment(fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Job's env carries the named Secret's key (the kubelet resolves it; runners may not read Secrets)."""
    from fake_kube import FakeKube
    from tornado_operator.api.session import TornadoSession
    from tornado_operator.drivers.job import JobError, _backend

    monkeypatch.delenv("TORNADO_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    kube = FakeKube()
    session = TornadoSession.model_validate(
        {
            "metadata": {"name": "s", "namespace": "team-a"},
            "spec": {
                "pathwayId": "acme",
                "runner": {
                    "backend": "openai",
                    "llm": {"baseUrl": fake.base_url, "models": MODELS, "seed": SEED,
                            "apiKeySecretRef": {"name": "openai", "key": "apiKey"}},
                },
            },
        }
    )
    with pytest.raises(JobError, match=r'runner\.llm\.apiKeySecretRef: Secret "openai" \(key apiKey\) not found in namespace "team-a"'):
        _backend(kube, session, "team-a")
    monkeypatch.setenv("TORNADO_LLM_API_KEY", API_KEY)  # what the kubelet puts in the Job's env
    backend = _backend(kube, session, "team-a")
    assert isinstance(backend, LlmBackend)
    fake.queue("agent-m", reply("Sure.", "hello-billing"))
    with backend.scenario_scope("job"):
        conv = simulate(GRAPH, replay("billing"), backend=backend)
    assert conv.error is None and fake.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


# --- secrets: a server that echoes the Authorization header ----------------------------------


def test_an_echoed_api_key_reaches_neither_results_nor_logs(caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-live-0123456789abcdef"
    caplog.set_level("DEBUG")
    with FakeOpenAI(api_key="sk-the-right-one", echo_headers=True) as server:  # the key sent is wrong: 401, echoed
        server.queue("m", reply("never"))
        llm = LlmSettings(base_url=server.base_url, model="m", max_retries=0)
        backend = backend_from_settings(llm, api_key=secret)
        result = iterate(backend, [("leak", replay("billing please"))], max_iterations=1)
        server.problems.clear()  # the wrong key is the point of this test
    assert any(secret in json.dumps(r.headers) for r in server.requests)  # it was sent, and echoed
    (scenario,) = result.scenarios
    assert scenario.error is not None and "HTTP 401" in scenario.error and "[REDACTED]" in scenario.error
    assert "authorization" in scenario.error  # the echo is kept, the value is not
    stored = result.dumps()
    assert secret not in stored and "Bearer sk-" not in stored
    assert secret not in caplog.text and "[REDACTED]" in caplog.text


def test_redact_masks_known_values_and_credential_shapes() -> None:
    from tornado_operator.api.redact import redact

    text = 'key=hunter2-long Authorization: Bearer abc.def-123 {"authorization": "Basic dXNlcjpwYXNz"} sk-proj-AbC123xyz'
    assert redact(text, ["hunter2-long", None, "", "ab"]) == (
        'key=[REDACTED] Authorization: Bearer [REDACTED] {"authorization": "Basic [REDACTED]"} [REDACTED]'
    )
    assert redact("the bearer of good news") == "the bearer of good news"


# --- the fake server itself -----------------------------------------------------------------


def test_an_exception_in_a_scripted_handler_is_a_problem_not_a_retry() -> None:
    def broken(request: Request) -> dict[str, Any]:
        raise AssertionError("the handler's own check failed")

    with FakeOpenAI(api_key=API_KEY) as server:
        server.on("agent-m", broken)
        backend = backend_from_settings(LlmSettings(base_url=server.base_url, model="agent-m", max_retries=2), api_key=API_KEY)
        with backend.scenario_scope("h"), pytest.raises(LlmUnavailable, match=r"HTTP 500 .*the handler's own check failed"):
            backend.agent_turn(CompiledGraph(GRAPH), "hello", "hi", {})
        assert len(server.requests) == 1  # x-should-retry: false, so the failure is not retried away
        (problem,) = server.problems
        assert "handler for 'agent-m' raised" in problem and "AssertionError: the handler's own check failed" in problem


def test_the_fake_holds_requests_and_answers_to_the_sdk_types() -> None:
    from fake_openai import request_problem, response_problem

    good = {"model": "m", "messages": [{"role": "user", "content": "json"}], "temperature": 0, "seed": 7, "max_tokens": 9}
    assert request_problem(good) is None
    assert request_problem({**good, "response_format": {"type": "json"}}) is not None
    assert request_problem({**good, "messages": [{"role": "robot", "content": "x"}]}) is not None
    assert request_problem({**good, "seed": 1.5}) is not None
    assert request_problem({**good, "max_token": 9}) == "keys the protocol does not define: max_token"
    answer = {
        "id": "c", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "{}"}, "finish_reason": "stop"}],
    }
    assert response_problem(answer) is None
    drifted = {**answer, "choices": [{**answer["choices"][0], "finish_reason": "done"}]}
    assert response_problem(drifted) is not None and "finish_reason" in (response_problem(drifted) or "")
    assert response_problem({k: v for k, v in answer.items() if k != "created"}) is not None


# --- the protocol's cases: response modes, cut-off and broken answers ------------------------


def test_each_role_sends_its_own_model_and_answer_schema(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", reply("Sure.", "hello-billing"))
    fake.queue("judge-m", {"reasoning": "No.", "passed": False})
    fake.queue("fixer-m", {"root_cause": "x", "suggestions": []})
    fake.queue("tester-m", {"message": "", "end_call": True})
    backend = make_backend(fake)
    iterate(backend, [("fees", JUDGED_SCENARIO), ("caller", agent_scenario())])
    names = {r.model: r.body["response_format"]["json_schema"]["name"] for r in fake.requests}
    assert names == {"agent-m": "AgentAnswer", "judge-m": "JudgeBooleanAnswer", "fixer-m": "FixerAnswer", "tester-m": "TesterAnswer"}
    assert all(r.body["seed"] == SEED and r.format == "json_schema" for r in fake.requests)


def test_a_server_without_json_schema_falls_back_to_json_object_once_per_session() -> None:
    with FakeOpenAI(api_key=API_KEY, seed=SEED, formats=("json_object",)) as server:
        server.on("agent-m", lambda request: reply("Sure.", "hello-billing"))
        backend = make_backend(server)
        result = iterate(backend, [(f"s{n}", replay("billing")) for n in range(3)], max_iterations=1)
        assert server.problems == []
    assert all(s.error is None for s in result.scenarios)
    assert [r.format for r in server.requests] == ["json_schema", "json_object", "json_object", "json_object"]
    assert result.llm is not None and result.llm["mode"] == "json_object"
    (note,) = result.llm["notes"]
    assert note["note"].startswith("the server rejected response_format json_schema (HTTP 400: response_format type 'json_schema'")
    assert note["note"].endswith("using json_object from now on")
    assert result.llm["usage"]["calls"] == 3 and result.llm["calls"][0]["attempts"] == 2


def test_a_server_without_json_mode_answers_text_with_the_object_inside() -> None:
    with FakeOpenAI(api_key=API_KEY, formats=()) as server:  # Ollama-style plain text
        server.queue(
            "agent-m",
            'Sure! Here is my answer:\n{"reply": "Happy to help with billing.", "edge_id": "hello-billing", "variables": {}}\nThanks.',
            "I would route you to billing.",  # prose with no object: a clear error
        )
        backend = make_backend(server)
        with backend.scenario_scope("t"):
            decision = backend.agent_turn(CompiledGraph(GRAPH), "hello", "billing", {})
            assert decision.edge_id == "hello-billing"
            with pytest.raises(LlmOutputError) as failed:
                backend.agent_turn(CompiledGraph(GRAPH), "hello", "billing", {})
        assert server.problems == []
    assert [r.format for r in server.requests] == ["json_schema", "json_object", None, None]
    assert "response_format" not in server.requests[-1].body
    assert str(failed.value) == (
        "agent model 'agent-m' did not answer JSON (Expecting value at char 0, and no JSON object in the text): "
        "'I would route you to billing.'"
    )


def test_a_request_the_server_rejects_for_another_reason_keeps_the_mode_and_its_error(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", *[Reply(status=400, error="context length exceeded")] * 3)
    backend = make_backend(fake)
    with backend.scenario_scope("c"), pytest.raises(LlmUnavailable, match=r"HTTP 400 .*: context length exceeded$"):
        backend.agent_turn(CompiledGraph(GRAPH), "hello", "billing", {})
    assert [r.format for r in fake.requests] == ["json_schema", "json_object", None]  # probed, nothing worked
    assert backend.client.mode.value == "json_schema"  # so nothing was learnt


def test_finish_reason_length_is_retried_once_with_twice_max_tokens(fake: FakeOpenAI) -> None:
    truncated = '{"reply": "Sure, let me'
    fake.queue("agent-m", Reply(content=truncated, finish_reason="length"), reply("Sure.", "hello-billing"))
    fake.queue("agent-m", Reply(content=truncated, finish_reason="length"), Reply(content=truncated, finish_reason="length"))
    backend = make_backend(fake, max_tokens=100)
    with backend.scenario_scope("l"):
        assert backend.agent_turn(CompiledGraph(GRAPH), "hello", "billing", {}).edge_id == "hello-billing"
        with pytest.raises(LlmOutputError) as failed:
            backend.agent_turn(CompiledGraph(GRAPH), "hello", "billing", {})
    assert [r.body["max_tokens"] for r in fake.requests] == [100, 200, 100, 200]
    assert str(failed.value) == (
        "agent model 'agent-m': the answer was cut off at max_tokens 200 (finish_reason length) after a retry "
        """with twice the limit; raise spec.runner.llm.maxTokens: '{"reply": "Sure, let me'"""
    )
    report = backend.take_report()
    assert [c["attempts"] for c in report["calls"]] == [2, 2]
    tokens = len(truncated) // 4 + 1, len(json.dumps(reply("Sure.", "hello-billing"))) // 4 + 1  # the fake's count
    assert report["calls"][0]["completionTokens"] == sum(tokens)  # both answers of the call are counted


def test_a_200_with_malformed_json_content_or_a_body_that_is_no_completion(fake: FakeOpenAI) -> None:
    fake.queue("agent-m", '{"reply": "hi", "edge_id": null,}')  # a trailing comma
    fake.queue("agent-m", Reply(raw_body='{"id": "x", "choices": "none"}'))
    fake.queue("agent-m", Reply(raw_body="<html>502 Bad Gateway</html>"))
    backend = make_backend(fake)
    errors = []
    with backend.scenario_scope("m"):
        for _ in range(3):
            with pytest.raises(LlmOutputError) as failed:
                backend.agent_turn(CompiledGraph(GRAPH), "hello", "billing", {})
            errors.append(str(failed.value))
    assert errors[0].startswith("agent model 'agent-m' did not answer JSON (Expecting property name enclosed in double quotes")
    assert errors[1].startswith("agent model 'agent-m': the server's answer is not a chat completion (choices: ")
    assert errors[2].startswith("agent model 'agent-m': the server's answer is not a chat completion (the body: Invalid JSON")
    assert len(fake.requests) == 3  # an answer that arrived is not retried


def test_a_slow_server_past_timeout_seconds_is_retried_then_fails(fake: FakeOpenAI) -> None:
    slow = reply("too late", "hello-billing")
    fake.queue("agent-m", Reply(content=slow, delay=1.0), reply("Sure.", "hello-billing"))
    backend = make_backend(fake, timeout_seconds=0.3, max_retries=1)
    with backend.scenario_scope("s"):
        assert backend.agent_turn(CompiledGraph(GRAPH), "hello", "billing", {}).edge_id == "hello-billing"
    assert [r.retry for r in fake.requests] == [0, 1]
    assert backend.take_report()["calls"][0]["attempts"] == 2


# --- the token budget: the rule, the client's guard, and both drivers ------------------------


def usage_of(*iterations: int) -> Any:
    from tornado_operator.api.session import IterationTokenUsage
    from tornado_operator.loop.budget import with_iteration

    usage = None
    for number, tokens in enumerate(iterations, start=1):
        item = IterationTokenUsage(iteration=number, calls=1, prompt_tokens=tokens, total_tokens=tokens)
        usage = with_iteration(usage, item)
    return usage


def test_the_budget_rule_stops_before_an_iteration_that_could_exceed_it() -> None:
    from tornado_operator.loop.budget import next_iteration_stop, refused_stop, with_iteration

    usage = usage_of(300, 500, 200)  # spent 1000; the largest iteration used 500
    assert usage.total_tokens == 1000 and [i.total_tokens for i in usage.by_iteration] == [300, 500, 200]
    assert next_iteration_stop(1500, usage) is None  # 1000 + 500 fits exactly
    assert next_iteration_stop(1499, usage) == (
        Phase.ERROR,
        "BudgetExceeded",
        "1000 of maxTokensPerSession 1499 tokens spent; the next iteration could need 500 (the most an iteration has used), "
        "more than the 499 left",
    )
    assert next_iteration_stop(None, usage) is None and next_iteration_stop(10, None) is None
    again = with_iteration(usage, usage.by_iteration[1])  # an iteration recorded twice counts once
    assert again is not None and again.total_tokens == 1000
    assert refused_stop(0, None) is None
    assert refused_stop(2, "judge model 'j': call refused") == (
        Phase.ERROR, "BudgetExceeded", "2 model call(s) refused by the token budget: judge model 'j': call refused"
    )


def test_a_call_that_could_exceed_the_budget_is_refused_before_it_is_sent(fake: FakeOpenAI) -> None:
    from tornado_operator.engine.backends.llm_client import ChatClient, prompt_bound
    from tornado_operator.engine.errors import LlmBudgetExceeded

    messages = [{"role": "system", "content": "Answer JSON."}, {"role": "user", "content": "héllo"}]
    worst = prompt_bound(messages) + 50
    assert worst == len(b"Answer JSON.") + len("héllo".encode()) + 3 * 16 + 50
    fake.queue("agent-m", reply("ok"), reply("ok"))
    for budget, sent in ((worst, 1), (worst - 1, 0)):
        client = ChatClient(fake.base_url, api_key=API_KEY, seed=SEED, max_tokens=50, token_budget=budget)
        before = len(fake.requests)
        if sent:
            assert client.ask("agent", "agent-m", messages, dict)["reply"] == "ok"
        else:
            with pytest.raises(LlmBudgetExceeded, match=rf"it may use up to {worst} tokens \(50 max_tokens \+ the prompt\), {worst - 1} left"):
                client.ask("agent", "agent-m", messages, dict)
        assert len(fake.requests) - before == sent
        report = client.take_report()
        assert report["budget"]["refusedCalls"] == 1 - sent
        assert report["budget"]["spent"] == report["usage"]["totalTokens"] <= budget  # the server's count, not the bound
        client.close()


def agent_line(base_url: str, **llm: Any) -> tuple[Any, Any, list[Any]]:
    manifests = load_manifests([REPO / "examples" / "agent-line"])
    session = manifests.of_kind("TornadoSession")[0].obj
    session.spec.runner.llm = session.spec.runner.llm.model_copy(update={"base_url": base_url, **llm})
    return session, manifests.of_kind("Pathway")[0].obj, [doc.obj for doc in manifests.of_kind("TestScenario")]


def run_tornado_run(server: FakeOpenAI, **llm: Any) -> Any:
    from tornado_operator.drivers.local import run_local
    from tornado_operator.engine.backends import backend_for

    session, pathway, scenarios = agent_line(server.base_url, **llm)
    backend = backend_for(session.spec.runner, api_key="sk-e2e")
    return run_local(session=session, scenarios=scenarios, pathway=pathway, backend=backend).session.status


def run_operator_path(server: FakeOpenAI, **llm: Any) -> Any:
    """The operator's reconciler and the iteration Job's code on the in-memory API (as test_drivers_agree)."""
    import base64

    from fake_kube import FakeClock, FakeKube
    from tornado_operator.api.session import TornadoSessionStatus
    from tornado_operator.controller import names
    from tornado_operator.controller.jobs import RunnerDefaults
    from tornado_operator.controller.sessions import SessionReconciler
    from tornado_operator.drivers.job import run_iteration_job

    session, pathway, scenarios = agent_line(server.base_url, **llm)
    clock = FakeClock()
    kube = FakeKube(clock)
    kube.put_secret("team", {"metadata": {"name": "openai"}, "data": {"apiKey": base64.b64encode(b"sk-e2e").decode()}})
    kube.put_object("pathways", "team", pathway.wire())
    for scenario in scenarios:
        kube.put_object("testscenarios", "team", scenario.wire())
    name = session.metadata.name
    kube.create("tornadosessions", "team", session.wire())
    reconciler = SessionReconciler(kube, RunnerDefaults(image="tornado:test"), clock=clock.timestamp)
    for _round in range(30):
        if reconciler.reconcile("team", name).finished:
            return TornadoSessionStatus.model_validate((kube.get("tornadosessions", "team", name) or {})["status"])
        iteration = (kube.get("tornadosessions", "team", name) or {})["status"]["currentIteration"]
        job = kube.get_job("team", names.job_name(name, iteration))
        if job is not None and not (job.get("status") or {}).get("conditions"):
            # What the Job's pod runs, with the env the kubelet gives it (the named Secret's key).
            key = kube.read_secret_key("team", "openai", "apiKey")
            with mock.patch.dict(os.environ, {"TORNADO_LLM_API_KEY": key}):
                run_iteration_job("team", name, iteration, kube=kube)
            kube.set_job_status("team", names.job_name(name, iteration), {"conditions": [{"type": "Complete", "status": "True"}]})
        clock.advance(1)
    raise AssertionError("the operator's path did not finish")


@pytest.fixture
def lumen(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    monkeypatch.delenv("TORNADO_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeOpenAI(api_key="sk-e2e", seed=7) as server:
        server.on("gpt-4o-mini", lumen_model).on("gpt-4o", lumen_fixer)
        yield server
        assert server.problems == []


@pytest.mark.parametrize("driver", [run_tornado_run, run_operator_path], ids=["tornado-run", "operator"])
def test_the_token_budget_stops_the_session_before_it_is_exceeded(lumen: FakeOpenAI, driver: Any) -> None:
    free = driver(lumen, max_tokens=64)  # unlimited: the figures the budgets below are made of
    assert free.phase is Phase.COMPLETED_ALL_PASSED
    usage = free.llm_usage
    first, second = usage.by_iteration
    assert usage.total_tokens == first.total_tokens + second.total_tokens > 0
    assert set(usage.by_role) == {"agent", "tester", "judge", "fixer"}
    assert usage.by_role["fixer"].calls == 1 and first.by_role["fixer"].calls == 1 and "fixer" not in second.by_role

    # both sides of the rule between iterations: spent + the largest iteration must fit
    stopped = driver(lumen, max_tokens=64, max_tokens_per_session=2 * first.total_tokens - 1)
    assert (stopped.phase, stopped.reason) == (Phase.ERROR, "BudgetExceeded")
    assert stopped.message.startswith(f"{first.total_tokens} of maxTokensPerSession {2 * first.total_tokens - 1} tokens spent")
    assert len(stopped.iterations) == 1 and stopped.llm_usage.total_tokens == first.total_tokens
    allowed = driver(lumen, max_tokens=64, max_tokens_per_session=2 * first.total_tokens)
    assert len(allowed.iterations) == 2  # the second iteration ran (its own calls still under the guard)
    assert allowed.llm_usage.total_tokens <= 2 * first.total_tokens

    # a budget too small for the first iteration: calls are refused, never sent past the limit
    tiny = driver(lumen, max_tokens=64, max_tokens_per_session=3000)
    assert (tiny.phase, tiny.reason) == (Phase.ERROR, "BudgetExceeded")
    assert "model call(s) refused by the token budget" in (tiny.message or "")
    assert len(tiny.iterations) == 1 and tiny.forked_version is None
    assert 0 < tiny.llm_usage.total_tokens <= 3000


def test_the_operator_path_repairs_the_agent_line_and_counts_the_same_tokens(lumen: FakeOpenAI) -> None:
    operator = run_operator_path(lumen)
    assert (operator.phase, len(operator.iterations)) == (Phase.COMPLETED_ALL_PASSED, 2)
    local = run_tornado_run(lumen)
    assert operator.llm_usage == local.llm_usage and operator.llm_usage is not None


# --- docs/llm.md: one tested recipe per server family ---------------------------------------

FAMILY_KEYS = {"openai": "sk-openai-e2e", "vllm": None, "ollama": None, "litellm": "sk-litellm-virtual"}


def recipes() -> dict[str, dict[str, Any]]:
    text = (REPO / "docs" / "llm.md").read_text()
    found = {}
    for block in re.findall(r"```yaml\n(# recipe: .*?)```", text, re.DOTALL):
        family = re.match(r"# recipe: (\S+)", block)
        assert family is not None
        found[family.group(1)] = yaml.safe_load(block)["runner"]
    return found


def any_role(request: Request) -> dict[str, Any]:
    """One model playing every role of examples/agent-line (the fixer by its system prompt)."""
    if request.system.startswith("You fix conversation pathways"):
        return lumen_fixer(request)
    return lumen_model(request)


def test_docs_have_one_recipe_per_server_family() -> None:
    assert sorted(recipes()) == sorted(FAMILY_KEYS)


@pytest.mark.parametrize("family", sorted(FAMILY_KEYS))
def test_the_recipe_of_each_server_family_repairs_the_agent_line(family: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tornado_operator.api.session import RunnerSpec
    from tornado_operator.drivers.local import run_local
    from tornado_operator.engine.backends import backend_for

    monkeypatch.delenv("TORNADO_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    runner = RunnerSpec.model_validate(recipes()[family])
    assert runner.llm is not None
    key = FAMILY_KEYS[family]
    assert (runner.llm.api_key_secret_ref is not None) == (key is not None)  # a key exactly where the family needs one
    with FakeOpenAI(api_key=key, seed=runner.llm.seed) as server:
        models = {runner.llm.model, *(m for m in runner.llm.models.model_dump().values() if m)}
        for model in models:
            server.on(str(model), any_role)
        runner = runner.model_copy(update={"llm": runner.llm.model_copy(update={"base_url": server.base_url})})
        session, pathway, scenarios = agent_line(server.base_url)
        session.spec.runner = runner
        status = run_local(
            session=session, scenarios=scenarios, pathway=pathway, backend=backend_for(runner, api_key=key)
        ).session.status
        assert server.problems == []
    assert status.phase is Phase.COMPLETED_ALL_PASSED, status.message
    assert {r.body["max_tokens"] for r in server.requests} == {runner.llm.max_tokens}
    assert {r.model for r in server.requests} == models
    assert {r.format for r in server.requests} == {"json_schema"}
    if runner.llm.max_tokens_per_session is not None:
        assert status.llm_usage is not None and status.llm_usage.total_tokens <= runner.llm.max_tokens_per_session

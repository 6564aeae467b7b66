"""The bland backend: the agent under test is a pathway deployed on Bland, driven through its
pathway-chat endpoints (bland_client.py). Not run against the live service from here.

For each scenario `play` creates a chat (pathway id, the scenario's startNodeId and
requestData, runner.bland.pathwayVersion), asks for the agent's opening with a message-less
turn (runner.bland.openWithoutMessage), then sends each caller turn: the REPLAY script, or for
AGENT scenarios what the helper's tester says. From each answer it records

* the agent's turns (`assistant_responses`), the first one with the request's measured latency;
* the node the agent is on (`current_node_id`), into nodes_visited when it changes; a node the
  local graph does not have ends the scenario with an error (import the deployed version);
* the variables; those that appear or change after a caller turn count as extracted, except
  the response variables of the graph's webhook nodes;
* webhook calls, from evidence: the agent is on a webhook node of the local graph, or a
  webhook's response variables appeared (the chat API does not report calls themselves);
* the end: `completed` -> agent_ended, or transferred when the node is a transfer node.

Nodes the agent passes through within one turn are not reported by the chat API and so are not
in nodes_visited. Judging, tone and fixes come from the helper backend (offline by default;
the openai backend when runner.llm is set). The loop never runs a fixed graph here
(`simulates` is False): a fix plan ends the session with the fork as a proposal (FixesProposed).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from tornado_operator.api.pathway import NodeType
from tornado_operator.api.scenario import (
    BlandToneConfig,
    LlmJudgeConfig,
    ScenarioType,
    TestScenarioSpec,
)
from tornado_operator.api.session import BlandSettings
from tornado_operator.engine.backends.bland_client import BlandChatClient, BlandError, ChatReply
from tornado_operator.engine.errors import BackendUnsupported
from tornado_operator.engine.judge.port import JudgeOutcome, ToneOutcome
from tornado_operator.engine.ports import Backend
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import PlannedFixes
from tornado_operator.engine.sim.agent import AgentPort
from tornado_operator.engine.sim.compiled import CompiledGraph, render_text, render_value
from tornado_operator.engine.sim.conversation import (
    VIA_CATCH_ALL,
    VIA_EDGE,
    VIA_GLOBAL,
    VIA_UNMATCHED,
    Conversation,
    RoutingEvent,
    Turn,
    WebhookCall,
)

BLAND_STATUS_VARIABLE = "BlandStatusCode"


class Helper(Backend, AgentPort, Protocol):
    """A simulating backend lending its judge, fixer and (AGENT scenarios) tester."""


class BlandBackend:
    name = "bland"
    deterministic = False  # a live agent: fixes cannot be verified by re-running it
    simulates = False

    def __init__(self, client: BlandChatClient, settings: BlandSettings, helper: Helper) -> None:
        self.client = client
        self.settings = settings
        self.helper = helper
        self.chats = 0
        self._errors: list[str] = []

    # --- the conversation -------------------------------------------------------------------

    def play(self, graph: CompiledGraph, scenario: TestScenarioSpec, *, scenario_id: str) -> Conversation:
        conv = Conversation(scenario_id=scenario_id, variables=dict(scenario.request_data))
        start = scenario.start_node_id or graph.start
        conv.start_node = start
        if not graph.has_node(start):
            _fail(conv, "invalid_start_node_id", f"Invalid start_node_id: {start!r} is not a node of this pathway")
            return conv
        chat = _Chat(self, graph, scenario, conv)
        try:
            chat.run(start)
        except BackendUnsupported as exc:
            _fail(conv, exc.kind, str(exc))
            self._errors.append(f"{scenario_id}: {exc}")
        return conv

    # --- judge, fixer, report: the helper's ----------------------------------------------------

    def judge(self, config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
        return self.helper.judge(config, conversation)

    def tone(self, config: BlandToneConfig, conversation: Conversation) -> ToneOutcome | None:
        return self.helper.tone(config, conversation)

    def plan_fixes(self, graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
        return self.helper.plan_fixes(graph, analyses)

    def scenario_scope(self, scenario_id: str) -> AbstractContextManager[None]:
        return self.helper.scenario_scope(scenario_id)

    def take_report(self) -> dict[str, Any] | None:
        report = dict(self.helper.take_report() or {})
        report["bland"] = {
            "baseUrl": self.client.base_url,
            "pathwayId": self.settings.pathway_id,
            "pathwayVersion": self.settings.pathway_version,
            "chats": self.chats,
            "requests": self.client.requests,
            "retries": self.client.retries,
            "errors": self._errors[-20:],
        }
        self.chats, self._errors = 0, []
        self.client.requests = self.client.retries = 0
        return report

    def close(self) -> None:
        self.client.close()


def _fail(conv: Conversation, kind: str, message: str) -> None:
    conv.ended_by = "error"
    conv.error = message
    conv.error_kind = kind


class _Chat:
    """One scenario's chat with the deployed agent."""

    def __init__(self, backend: BlandBackend, graph: CompiledGraph, scenario: TestScenarioSpec, conv: Conversation) -> None:
        self.backend = backend
        self.graph = graph
        self.scenario = scenario
        self.conv = conv
        self.node = ""
        self.stays = 0  # consecutive caller turns that left the agent on its node
        self.ended = False
        self.response_vars = {
            node.id: {var.name for var in node.source.webhook.response_data}
            for node in graph.nodes.values()
            if node.source.webhook is not None and node.source.webhook.response_data
        }
        self.webhook_vars = {name for names in self.response_vars.values() for name in names} | {BLAND_STATUS_VARIABLE}

    def run(self, start: str) -> None:
        backend, settings, conv = self.backend, self.backend.settings, self.conv
        started = backend.client.create_chat(
            settings.pathway_id,
            start_node_id=self.scenario.start_node_id,
            request_data=dict(self.scenario.request_data),
            pathway_version=settings.pathway_version,
        )
        backend.chats += 1
        conv.variables.update(started.variables)
        self.chat_id = started.chat_id
        self.node = start
        conv.nodes_visited.append(start)
        if settings.open_without_message:
            self.answer(backend.client.send(self.chat_id, None), caller_text=None)
        if self.scenario.scenario_type is ScenarioType.AGENT:
            while not self.ended:
                if conv.turns >= self.scenario.max_turns:
                    conv.ended_by = "max_turns"
                    return
                text = backend.helper.tester_turn(self.scenario, conv.transcript)
                if text is None:
                    conv.ended_by = "script_exhausted"
                    return
                self.caller(text)
            return
        for text in self.scenario.input_messages:
            if self.ended:
                return
            if conv.turns >= self.scenario.max_turns:
                conv.ended_by = "max_turns"
                return
            self.caller(text)
        if not self.ended:
            conv.ended_by = "script_exhausted"

    def caller(self, text: str) -> None:
        self.conv.turns += 1
        self.conv.transcript.append(Turn("caller", text, self.node))
        self.answer(self.backend.client.send(self.chat_id, text), caller_text=text)

    def answer(self, reply: ChatReply, *, caller_text: str | None) -> None:
        conv, graph = self.conv, self.graph
        before = self.node
        here = reply.node_id or before
        if not graph.has_node(here):
            named = f" ({reply.node_name!r})" if reply.node_name else ""
            raise BlandError(
                "bland_unknown_node",
                f"Bland reports node {here!r}{named}, which the local pathway does not have: import the deployed "
                "version (`tornado import --from bland`) so the graph under test mirrors it",
            )
        moved = here != before
        if caller_text is not None:
            self.stays = 0 if moved else self.stays + 1
            conv.routing.append(self.routing(caller_text, before, here if moved else None))
        if moved:
            conv.nodes_visited.append(here)
            self.node = here
        changed = {key: value for key, value in reply.variables.items() if conv.variables.get(key, _UNSET) != value}
        conv.variables.update(reply.variables)
        if caller_text is not None:
            extracted = {key: value for key, value in changed.items() if key not in self.webhook_vars}
            conv.extracted.update(extracted)
        self.webhooks(here, moved, set(changed))
        for index, text in enumerate(reply.responses):
            conv.transcript.append(Turn("agent", text, here, reply.latency_ms if index == 0 else None))
        if reply.completed:
            self.ended = True
            node = graph.nodes[here]
            if node.type is NodeType.TRANSFER and node.source.transfer is not None:
                conv.ended_by = "transferred"
                conv.transfer_target = render_text(node.source.transfer.target, conv.variables)
                conv.transfer_turn = conv.turns
            else:
                conv.ended_by = "agent_ended"

    def routing(self, text: str, before: str, target: str | None) -> RoutingEvent:
        turn = self.conv.turns
        if target is None:
            return RoutingEvent(turn, before, text, VIA_UNMATCHED, None, None, self.stays)
        node = self.graph.nodes[before]
        edge = next((e for e in (*node.conditional, *node.catch_all) if e.target == target), None)
        if edge is not None:
            return RoutingEvent(turn, before, text, VIA_CATCH_ALL if edge.match.always else VIA_EDGE, target, edge.id, 0)
        if self.graph.nodes[target].is_global:
            return RoutingEvent(turn, before, text, VIA_GLOBAL, target, target, 0)
        return RoutingEvent(turn, before, text, VIA_EDGE, target, None, 0)  # through nodes the chat API does not report

    def webhooks(self, here: str, moved: bool, changed: set[str]) -> None:
        """Webhook calls the answer gives evidence of (the chat API does not report calls)."""
        fired = [here] if moved and self.graph.nodes[here].type is NodeType.WEBHOOK else []
        fired += [node_id for node_id, names in self.response_vars.items() if names & changed and node_id not in fired]
        for node_id in fired:
            spec = self.graph.nodes[node_id].source.webhook
            if spec is None:
                continue
            body: Any = render_value(spec.body, self.conv.variables) if spec.body_text is None else render_text(spec.body_text, self.conv.variables)
            self.conv.webhooks.append(
                WebhookCall(node=node_id, url=render_text(spec.url, self.conv.variables), method=spec.method, body=body, turn=self.conv.turns)
            )


_UNSET: Any = object()


def _is_a_backend(backend: BlandBackend) -> Backend:
    return backend  # mypy checks that BlandBackend implements the Backend protocol


def backend_from_settings(
    settings: BlandSettings | None,
    *,
    api_key: str | None,
    helper: Helper,
    **client_options: Any,
) -> BlandBackend:
    """The bland backend for a session's runner.bland; ValueError naming the field on bad settings."""
    if settings is None:
        raise ValueError("runner.backend is bland but runner.bland is not set: give at least runner.bland.pathwayId")
    if not api_key:
        raise ValueError(
            "no Bland API key: set runner.bland.apiKeySecretRef (the iteration Job reads it), or $BLAND_API_KEY for `tornado run`"
        )
    client = BlandChatClient(
        settings.base_url,
        api_key.strip(),
        auth_scheme=settings.auth_scheme,
        timeout_seconds=settings.timeout_seconds,
        max_retries=settings.max_retries,
        **client_options,
    )
    return BlandBackend(client, settings, helper)


__all__ = ["BlandBackend", "BlandError", "backend_from_settings"]

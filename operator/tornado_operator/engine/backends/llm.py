"""The OpenAI-compatible backend: LLM agents, testers, judges and fixers.

`LlmBackend` implements the engine's `Backend` protocol over any server speaking the
chat-completions protocol (OpenAI, vLLM, Ollama, LiteLLM, ...); `backend_from_settings`
builds it from a session's `runner.llm` (see docs/llm.md). Every role answers JSON
(`response_format: {"type": "json_object"}`):

agent   {"reply": str, "edge_id": str | null, "variables": {name: value}}
        On a caller turn the model sees the global prompt, the node (name, prompt, text,
        variables to extract), the conversation so far and the outgoing edges (id, label,
        target) plus the global nodes, answers the caller and picks the edge to take (null:
        stay on the node; the interpreter counts that as an unmatched turn). Its reply is what
        the agent says next (on the node it moves to). Variables with a `pattern` are still
        taken by the pattern; variables with a description are taken from the model. An
        edge id that is not an option fails the scenario with a clear error. Entering a node
        without a pending reply (the start node, webhook hops) speaks the node's text; a node
        with only a prompt asks the model for its opening line ({"reply": str}).
tester  {"message": str, "end_call": bool} -- plays testerPersonaPrompt (+ advancedInstructions,
        requestData) in AGENT scenarios; end_call: true ends the call.
judge   LLM_JUDGE: {"reasoning": str, "passed": bool} | {"reasoning", "score": 0..1} |
        {"reasoning", "category": str}; BLAND_TONE: {"reasoning", "score": 0..1,
        "components": {...}}. The reasoning is kept in the assertion result's detail; a judge
        that fails (server, bad JSON) fails the assertion with the error, never the iteration.
fixer   {"root_cause": str, "suggestions": [{type, target_node, description,
        suggested_change, confidence}]} -- see llm_fixer.py.

Conversation state (the agent's view of the dialogue, a pending reply) is per thread and
per scenario: `run_iteration` opens `scenario_scope(scenario_id)` around each scenario (use
it too when calling `interpreter.simulate` directly). Token usage and a bounded call log
are counted per scenario and per iteration: `take_report()` returns them (the iteration
result's `llm` field) and starts counting afresh.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tornado_operator.api.pathway import Edge, NodeType
from tornado_operator.api.scenario import BlandToneConfig, LlmJudgeConfig, TestScenarioSpec
from tornado_operator.api.session import LlmSettings
from tornado_operator.engine.backends.llm_answers import (
    AgentAnswer,
    Answer,
    FixerAnswer,
    JudgeBooleanAnswer,
    JudgeCategoryAnswer,
    JudgeScoreAnswer,
    OpeningAnswer,
    TesterAnswer,
    ToneAnswer,
)
from tornado_operator.engine.backends.llm_client import ROLES, ChatClient, Mode
from tornado_operator.engine.errors import LlmError, LlmOutputError
from tornado_operator.engine.judge.port import JudgeOutcome, ToneOutcome
from tornado_operator.engine.judge.rubric import rubric_judge
from tornado_operator.engine.ports import Backend
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.llm_fixer import plan_llm_fixes
from tornado_operator.engine.repair.model import PlannedFixes
from tornado_operator.engine.sim.agent import AgentDecision
from tornado_operator.engine.sim.compiled import CompiledGraph, render_text
from tornado_operator.engine.sim.conversation import (
    VIA_CATCH_ALL,
    VIA_EDGE,
    VIA_GLOBAL,
    VIA_UNMATCHED,
    Conversation,
    Turn,
    transcript_text,
)
from tornado_operator.engine.sim.interpreter import simulate
from tornado_operator.engine.sim.routing import REPROMPT_PREFIX, convert_value
from tornado_operator.text import clip, excerpt

API_KEY_ENV = ("TORNADO_LLM_API_KEY", "OPENAI_API_KEY")
TRANSCRIPT_CHARS = 12_000  # of the conversation shown to the judge / tester
TEXT_CHARS = 2_000  # of one node's prompt or text shown to the agent


def _key_error(role: str, model: str, message: str) -> LlmOutputError:
    return LlmOutputError(role, f"{role} model {model!r}: {message}")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _edge_meaning(edge: Edge) -> str:
    """The edge's label, with its keywords as hints (pathways written for the offline engine)."""
    parts = [edge.label.strip()] if edge.label.strip() else []
    keywords = [k for k in edge.match.keywords if k.strip()][:12]
    if keywords:
        parts.append("caller says something like: " + ", ".join(repr(k) for k in keywords))
    if edge.match.patterns and not keywords:
        parts.append("caller's words match: " + ", ".join(edge.match.patterns[:4]))
    if edge.match.always:
        parts.append("any other answer")
    return "; ".join(parts)


@dataclass(slots=True)
class _ConversationState:
    scenario_id: str | None = None
    history: list[tuple[str, str]] = field(default_factory=list)  # ("agent" | "caller", text)
    pending: tuple[str, str] | None = None  # (node the reply is for, reply)


@dataclass(frozen=True, slots=True)
class _Option:
    id: str
    target: str
    via: str
    label: str


class LlmBackend:
    """Backend over an OpenAI-compatible chat-completions server."""

    name = "openai"
    deterministic = False  # a model: fixes are applied as validated, not re-simulated (docs/llm.md)
    simulates = True

    def play(self, graph: CompiledGraph, scenario: TestScenarioSpec, *, scenario_id: str) -> Conversation:
        return simulate(graph, scenario, scenario_id=scenario_id, backend=self)

    def __init__(self, client: ChatClient, models: dict[str, str]) -> None:
        missing = [role for role in ROLES if not models.get(role)]
        if missing:
            raise ValueError(
                f"runner.llm: no model for role(s) {', '.join(missing)}: set runner.llm.model "
                "(every role) or runner.llm.models.<role>"
            )
        self.client = client
        self.models = dict(models)
        self._local = threading.local()

    # --- per-scenario state -----------------------------------------------------------

    def _state(self) -> _ConversationState:
        state: _ConversationState | None = getattr(self._local, "state", None)
        if state is None:
            state = _ConversationState()
            self._local.state = state
        return state

    @contextlib.contextmanager
    def scenario_scope(self, scenario_id: str) -> Iterator[None]:
        """A fresh conversation for one scenario; its model calls are counted under its id."""
        previous = getattr(self._local, "state", None)
        self._local.state = _ConversationState(scenario_id=scenario_id)
        try:
            yield
        finally:
            self._local.state = previous

    def take_report(self) -> dict[str, Any] | None:
        """Token usage and the bounded call log since the last call (one iteration), then reset."""
        report = self.client.take_report()
        report["models"] = dict(self.models)
        report["baseUrl"] = self.client.base_url
        return report

    def close(self) -> None:
        self.client.close()

    def _ask(self, role: str, messages: list[dict[str, str]], parse: Any, answer: type[Answer]) -> Any:
        return self.client.ask(
            role, self.models[role], messages, parse, scenario=self._state().scenario_id, answer=answer
        )

    # --- agent ------------------------------------------------------------------------

    def _options(self, graph: CompiledGraph, node_id: str) -> list[_Option]:
        """The routes the agent may take from `node_id`: its edges, then the global nodes."""
        node = graph.nodes[node_id]
        labels = {edge.id: _edge_meaning(edge) for edge in graph.graph.edges if edge.source == node_id}
        # the model chose by label: only an `always` edge counts as a catch-all (a weak match)
        options = [
            _Option(edge.id, edge.target, VIA_CATCH_ALL if edge.match.always else VIA_EDGE, labels.get(edge.id, ""))
            for edge in (*node.conditional, *node.catch_all)
        ]
        taken = {option.id for option in options}
        for candidate in graph.globals:
            if candidate.id != node_id and candidate.id not in taken:
                label = candidate.source.global_label or candidate.source.name or candidate.id
                options.append(_Option(candidate.id, candidate.id, VIA_GLOBAL, f"(global, from anywhere) {label}"))
        return options

    def _node_brief(self, graph: CompiledGraph, node_id: str, variables: dict[str, Any]) -> dict[str, Any]:
        node = graph.nodes[node_id]
        brief: dict[str, Any] = {"id": node_id, "name": node.source.name, "type": node.type.value}
        if node.source.prompt:
            brief["prompt"] = clip(render_text(node.source.prompt, variables), TEXT_CHARS)
        if node.source.text:
            brief["text"] = clip(node.template.render(variables), TEXT_CHARS)
        return brief

    def _agent_system(self, graph: CompiledGraph, node_id: str, variables: dict[str, Any], options: list[_Option]) -> str:
        node = graph.nodes[node_id]
        lines = [
            "You are the voice agent of a phone line, following a conversation pathway (a graph of nodes).",
        ]
        if graph.graph.global_prompt:
            lines += ["", "Global instructions:", graph.graph.global_prompt]
        lines += ["", "Current node:", _json(self._node_brief(graph, node_id, variables))]
        if variables:
            lines += ["", "Known variables:", _json(variables)]
        described = [var for var in node.source.extract_vars if var.description]
        if described:
            lines += ["", "Variables to extract from the caller's last turn (only when the caller said them):"]
            lines += [f"- {var.name} ({var.type}): {var.description}" for var in described]
        lines += ["", "Edges you may take after answering (edge_id: meaning -> node the call moves to):"]
        if options:
            for option in options:
                target = self._node_brief(graph, option.target, variables)
                lines.append(f"- {option.id}: {option.label or '(no label)'} -> {_json(target)}")
        else:
            lines.append("- none: stay on this node")
        lines += [
            "",
            "Answer the caller's last turn and choose where the conversation goes. When you take an edge, "
            "your reply is what you say on the node it leads to (follow that node's prompt and text). "
            "Reply with a JSON object only: "
            '{"reply": "<what you say to the caller>", "edge_id": "<one of the edge ids above, or null to stay on this node>", '
            '"variables": {"<name>": <value>}}',
        ]
        return "\n".join(lines)

    def _history_messages(self, state: _ConversationState) -> list[dict[str, str]]:
        messages: list[dict[str, str]] = []
        for speaker, text in state.history[-40:]:
            messages.append({"role": "assistant" if speaker == "agent" else "user", "content": text})
        return messages

    def agent_turn(
        self, graph: CompiledGraph, node_id: str, caller_text: str, variables: dict[str, Any]
    ) -> AgentDecision:
        state = self._state()
        state.history.append(("caller", caller_text))
        node = graph.nodes[node_id]
        extracted: dict[str, Any] = {}
        for var in node.extract:  # patterns stay deterministic, as offline
            if var.pattern is None:
                continue
            match = var.pattern.search(caller_text)
            if match is not None:
                raw = match.group(1) if match.re.groups else match.group(0)
                if raw is not None:
                    extracted[var.name] = convert_value(raw.strip(), var.type)
        options = self._options(graph, node_id)
        by_id = {option.id: option for option in options}
        declared = {var.name: var.type for var in node.source.extract_vars if var.description}
        model = self.models["agent"]

        def parse(data: dict[str, Any]) -> tuple[str, _Option | None, dict[str, Any]]:
            if "reply" not in data:
                raise _key_error("agent", model, f"the answer has no 'reply' (keys: {', '.join(sorted(data)) or 'none'}); expected reply, edge_id, variables")
            reply = data["reply"]
            if not isinstance(reply, str):
                raise _key_error("agent", model, f"'reply' must be a string, got {type(reply).__name__}")
            edge_id = data.get("edge_id")
            option: _Option | None = None
            if edge_id not in (None, ""):
                if not isinstance(edge_id, str):
                    raise _key_error("agent", model, f"'edge_id' must be a string or null, got {edge_id!r}")
                option = by_id.get(edge_id)
                if option is None:
                    valid = ", ".join(by_id) or "none (only null)"
                    raise _key_error(
                        "agent", model,
                        f"edge_id {edge_id!r} is not an edge of node {node_id!r} (valid: {valid}); the pathway has no such route",
                    )
            raw_vars = data.get("variables") or {}
            if not isinstance(raw_vars, dict):
                raise _key_error("agent", model, f"'variables' must be an object, got {type(raw_vars).__name__}")
            values: dict[str, Any] = {}
            for name, value in raw_vars.items():
                if name not in declared or value is None or value == "":
                    continue  # not asked for on this node, or not said
                values[name] = convert_value(value.strip(), declared[name]) if isinstance(value, str) else value
            return reply, option, values

        messages = [
            {"role": "system", "content": self._agent_system(graph, node_id, variables, options)},
            *self._history_messages(state),
        ]
        reply, option, model_vars = self._ask("agent", messages, parse, AgentAnswer)
        for name, value in model_vars.items():
            extracted.setdefault(name, value)
        target = None if option is None else option.target
        reply = reply.strip()
        state.pending = (target or node_id, reply) if reply else None
        if option is None:
            return AgentDecision(None, VIA_UNMATCHED, None, extracted)
        return AgentDecision(option.target, option.via, option.id, extracted)

    def agent_text(
        self, graph: CompiledGraph, node_id: str, variables: dict[str, Any], *, reprompt: bool
    ) -> str:
        state = self._state()
        pending, state.pending = state.pending, None
        if pending is not None and pending[0] == node_id:
            text = render_text(pending[1], variables)
        else:
            node = graph.nodes[node_id]
            text = node.template.render(variables)
            if reprompt:
                text = f"{REPROMPT_PREFIX} {text}" if text else f"{REPROMPT_PREFIX} Could you say that another way?"
            elif not text and node.source.prompt and node.type is not NodeType.WEBHOOK:
                text = self._opening(graph, node_id, variables, state)
        if text:
            state.history.append(("agent", text))
        return text

    def _opening(self, graph: CompiledGraph, node_id: str, variables: dict[str, Any], state: _ConversationState) -> str:
        """What the agent says on entering a prompt-only node without a pending reply."""
        model = self.models["agent"]

        def parse(data: dict[str, Any]) -> str:
            reply = data.get("reply")
            if not isinstance(reply, str):
                raise _key_error("agent", model, f"expected {{\"reply\": str}}, got keys {', '.join(sorted(data)) or 'none'}")
            return reply.strip()

        system = "\n".join(
            [
                "You are the voice agent of a phone line, following a conversation pathway.",
                *(["", "Global instructions:", graph.graph.global_prompt] if graph.graph.global_prompt else []),
                "",
                "You have just arrived on this node; say what it asks for:",
                _json(self._node_brief(graph, node_id, variables)),
                *(["", "Known variables:", _json(variables)] if variables else []),
                "",
                'Reply with a JSON object only: {"reply": "<what you say to the caller now>"}',
            ]
        )
        messages = [{"role": "system", "content": system}, *self._history_messages(state)]
        if len(messages) == 1:
            messages.append({"role": "user", "content": "(the call has just been connected)"})
        result: str = self._ask("agent", messages, parse, OpeningAnswer)
        return result

    # --- tester -----------------------------------------------------------------------

    def tester_turn(self, scenario: TestScenarioSpec, transcript: Sequence[Turn]) -> str | None:
        model = self.models["tester"]
        if not scenario.tester_persona_prompt.strip():
            raise LlmOutputError(
                "tester", "AGENT scenario has no testerPersonaPrompt: the tester model needs a persona to play"
            )
        lines = [
            "You are testing a phone agent by playing a caller. Stay in character; say only what the caller says.",
        ]
        if scenario.tester_persona_name:
            lines += ["", f"Your name: {scenario.tester_persona_name}"]
        lines += ["", "Who you are and what you want:", scenario.tester_persona_prompt]
        if scenario.advanced_instructions:
            lines += ["", "Instructions:", scenario.advanced_instructions]
        if scenario.request_data:
            lines += ["", "Facts about you and this call:", _json(scenario.request_data)]
        lines += [
            "",
            "Reply with a JSON object only: "
            '{"message": "<your next turn>", "end_call": <true when you hang up now (your goal is met or hopeless), else false>}',
        ]
        messages: list[dict[str, str]] = [{"role": "system", "content": "\n".join(lines)}]
        for turn in transcript[-40:]:
            messages.append({"role": "user" if turn.speaker == "agent" else "assistant", "content": turn.text})
        if len(messages) == 1 or messages[-1]["role"] != "user":
            messages.append({"role": "user", "content": "(the agent is waiting for you to speak)"})

        def parse(data: dict[str, Any]) -> str | None:
            if "message" not in data and "end_call" not in data:
                raise _key_error("tester", model, f"expected {{\"message\": str, \"end_call\": bool}}, got keys {', '.join(sorted(data)) or 'none'}")
            end_call = data.get("end_call", False)
            if not isinstance(end_call, bool):
                raise _key_error("tester", model, f"'end_call' must be true or false, got {end_call!r}")
            message = data.get("message", "")
            if message is None:
                message = ""
            if not isinstance(message, str):
                raise _key_error("tester", model, f"'message' must be a string, got {type(message).__name__}")
            if end_call:
                return None
            if not message.strip():
                raise _key_error("tester", model, "'message' is empty and end_call is false")
            return message.strip()

        result: str | None = self._ask("tester", messages, parse, TesterAnswer)
        return result

    # --- judge ------------------------------------------------------------------------

    def _judge_messages(self, instructions: list[str], conversation: Conversation) -> list[dict[str, str]]:
        system = "\n".join(
            [
                "You are a strict quality reviewer of phone conversations between an AI agent and a caller.",
                "",
                *instructions,
            ]
        )
        facts = {
            "ended_by": conversation.ended_by,
            "nodes_visited": conversation.nodes_visited[-50:],
            "variables": conversation.extracted,
        }
        user = f"Conversation:\n{transcript_text(conversation.transcript, TRANSCRIPT_CHARS)}\n\nFacts: {_json(facts)}"
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def judge(self, config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
        model = self.models["judge"]
        question = config.prompt.strip()
        if not question:
            return JudgeOutcome(passed=False, score=0.0, detail="LLM_JUDGE has no config.prompt: nothing to ask the judge")
        kind = config.output_type
        if kind == "boolean":
            shape = '{"reasoning": "<why, citing the conversation>", "passed": true | false}'
        elif kind == "score":
            shape = '{"reasoning": "<why, citing the conversation>", "score": <number from 0.0 (worst) to 1.0 (best)>}'
        else:
            if not config.categories:
                return JudgeOutcome(passed=False, score=0.0, detail="categorical LLM_JUDGE has no config.categories")
            shape = '{"reasoning": "<why>", "category": "<exactly one of: ' + " | ".join(config.categories) + '>"}'
        messages = self._judge_messages(
            [f"Question about the conversation: {question}", "", f"Reply with a JSON object only: {shape}"],
            conversation,
        )

        def parse(data: dict[str, Any]) -> tuple[bool, float, str, str]:
            reasoning = data.get("reasoning", "")
            if not isinstance(reasoning, str):
                reasoning = _json(reasoning)
            if kind == "boolean":
                value = data.get("passed")
                if not isinstance(value, bool):
                    raise _key_error("judge", model, f"expected \"passed\": true|false, got {clip(_json(data), 200)}")
                return value, 1.0 if value else 0.0, "yes" if value else "no", reasoning
            if kind == "score":
                value = data.get("score")
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise _key_error("judge", model, f"expected \"score\": a number in 0..1, got {clip(_json(data), 200)}")
                if not 0.0 <= float(value) <= 1.0:
                    raise _key_error("judge", model, f"score {value} is outside 0..1")
                score = float(value)
                return score >= config.threshold - 1e-9, score, f"score {score:.2f}", reasoning
            category = data.get("category")
            if not isinstance(category, str):
                raise _key_error("judge", model, f"expected \"category\": one of {config.categories}, got {clip(_json(data), 200)}")
            chosen = next((c for c in config.categories if c.strip().lower() == category.strip().lower()), None)
            if chosen is None:
                raise _key_error("judge", model, f"category {category!r} is not one of {config.categories}")
            passing = {c.strip().lower() for c in config.pass_categories}
            passed = chosen.strip().lower() in passing
            return passed, 1.0 if passed else 0.0, chosen, reasoning

        try:
            schemas: dict[str, type[Answer]] = {"boolean": JudgeBooleanAnswer, "score": JudgeScoreAnswer}
            schema = schemas.get(kind, JudgeCategoryAnswer)
            passed, score, answer, reasoning = self._ask("judge", messages, parse, schema)
        except LlmError as exc:
            return JudgeOutcome(passed=False, score=0.0, detail=f"the judge failed: {exc}", actual="judge error")
        if kind == "score":
            verdict = f"score {score:.2f} {'>=' if passed else '<'} threshold {config.threshold:.2f}"
        elif kind == "categorical":
            verdict = f"category {answer!r} {'is' if passed else 'is not'} a passing category ({', '.join(config.pass_categories) or 'none'})"
        else:
            verdict = f"judge answered {answer}"
        detail = f"{verdict}; reasoning: {excerpt(reasoning, 600) or '(none given)'}"
        if config.required_phrases or config.forbidden_phrases:  # the rubric still holds with a model judge
            rubric = rubric_judge(config, conversation)
            if not rubric.passed:
                passed = False
            detail += f"; rubric: {'satisfied' if rubric.passed else rubric.detail.split(': ', 1)[-1]}"
        return JudgeOutcome(passed=passed, score=score, detail=detail, actual=answer)

    def tone(self, config: BlandToneConfig, conversation: Conversation) -> ToneOutcome | None:
        """BLAND_TONE scored by the judge model (0..1, with components and reasoning)."""
        model = self.models["judge"]
        messages = self._judge_messages(
            [
                "Score the AGENT's tone in this phone conversation from 0.0 (cold, robotic, rude, rambling or "
                "repetitive) to 1.0 (warm, empathetic, concise, natural). Judge only the agent's turns.",
                "",
                'Reply with a JSON object only: {"reasoning": "<why>", "score": <0.0..1.0>, '
                '"components": {"empathy": <0..1>, "conciseness": <0..1>, "no_repetition": <0..1>}}',
            ],
            conversation,
        )

        def parse(data: dict[str, Any]) -> tuple[float, str, dict[str, float] | None]:
            value = data.get("score")
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
                raise _key_error("judge", model, f"tone: expected \"score\": a number in 0..1, got {clip(_json(data), 200)}")
            reasoning = data.get("reasoning", "")
            components: dict[str, float] | None = None
            raw = data.get("components")
            if isinstance(raw, dict):
                components = {
                    str(k): round(float(v), 4)
                    for k, v in raw.items()
                    if isinstance(v, int | float) and not isinstance(v, bool)
                } or None
            return float(value), reasoning if isinstance(reasoning, str) else _json(reasoning), components

        try:
            score, reasoning, components = self._ask("judge", messages, parse, ToneAnswer)
        except LlmError as exc:
            return ToneOutcome(JudgeOutcome(passed=False, score=0.0, detail=f"the tone judge failed: {exc}", actual="judge error"))
        passed = score >= config.threshold - 1e-9
        detail = (
            f"model tone {score:.2f} {'>=' if passed else '<'} threshold {config.threshold:.2f}; "
            f"reasoning: {excerpt(reasoning, 600) or '(none given)'}"
        )
        return ToneOutcome(JudgeOutcome(passed=passed, score=score, detail=detail, actual=f"{score:.2f}"), components)

    # --- fixer ------------------------------------------------------------------------

    def plan_fixes(self, graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
        return plan_llm_fixes(_FixerRole(self.client, self.models["fixer"]), graph, analyses)


def _api_key(api_key: str | None) -> str | None:
    if api_key:
        return api_key.strip()
    for name in API_KEY_ENV:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


def backend_from_settings(
    settings: LlmSettings | None,
    *,
    api_key: str | None = None,
    concurrency: int = 4,
    tokens_spent: int = 0,
) -> LlmBackend:
    """The LLM backend for a session's runner.llm.

    The API key is `api_key` (the iteration Job reads it from runner.llm.apiKeySecretRef), else
    the environment ($TORNADO_LLM_API_KEY, then $OPENAI_API_KEY); without one no Authorization
    header is sent (fine for local vLLM or Ollama). `tokens_spent`: what the session's earlier
    iterations used, counted against runner.llm.maxTokensPerSession.
    """
    if settings is None:
        raise ValueError("runner.backend is openai but runner.llm is not set: give at least runner.llm.baseUrl and runner.llm.model")
    per_role = settings.models
    models = {role: getattr(per_role, role) or settings.model or "" for role in ROLES}
    client = ChatClient(
        settings.base_url,
        api_key=_api_key(api_key),
        temperature=settings.temperature,
        seed=settings.seed,
        timeout_seconds=settings.timeout_seconds,
        max_retries=settings.max_retries,
        concurrency=concurrency,
        max_tokens=settings.max_tokens,
        token_budget=None
        if settings.max_tokens_per_session is None
        else max(0, settings.max_tokens_per_session - tokens_spent),
        mode=Mode(settings.response_format),
    )
    try:
        return LlmBackend(client, models)
    except ValueError:
        client.close()
        raise


def _is_a_backend(backend: LlmBackend) -> Backend:
    return backend  # mypy checks that LlmBackend implements the Backend protocol


class _FixerRole:
    """The fixer model as repair/llm_fixer.py sees it (FixerModel): one call, one log note."""

    def __init__(self, client: ChatClient, model: str) -> None:
        self.client = client
        self.model = model

    def ask(self, messages: list[dict[str, str]], parse: Any) -> Any:
        return self.client.ask("fixer", self.model, messages, parse, answer=FixerAnswer)

    def note(self, entry: dict[str, Any]) -> None:
        self.client.note(entry)


__all__ = ["LlmBackend", "LlmError", "backend_from_settings"]

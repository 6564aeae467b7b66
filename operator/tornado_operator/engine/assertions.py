"""The assertion engine: check a simulated conversation against a scenario's assertions.

Every assertion yields a result (passed, target, expected, actual, detail). The scenario's
score is the weighted share of passed assertions:

    score = sum(weight of passed assertions) / sum(weight of all assertions)

(1.0 when there are no assertions or every weight is 0 and all passed). A scenario passes when
it ran without error, every required assertion passed and score >= spec.passThreshold.

Offline specifics:

* LLM_JUDGE checks only its rubric (config.requiredPhrases must all be said by the agent,
  config.forbiddenPhrases never; case-insensitive) and says so in the detail; with an empty
  rubric it fails: the offline backend cannot judge a free-form prompt.
* BLAND_TONE is a heuristic tone score in 0..1, reported with its components:
      tone = 0.4 * empathy + 0.3 * conciseness + 0.3 * no_repetition
  empathy:       min(1, agent turns with an empathy phrase / ceil(agent turns / 4)) — one
                 empathetic turn in every four is enough ("sorry", "I understand", "thank
                 you", "happy to help", ...);
  conciseness:   mean over agent turns of min(1, 35 / words) — turns of up to 35 words are
                 fully concise;
  no_repetition: 1 - (agent turns repeating an earlier agent turn word for word) / agent turns.
  It passes when tone >= config.threshold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from tornado_operator.api.scenario import (
    Assertion,
    AssertionType,
    BlandToneConfig,
    CallEndedByAgentConfig,
    LatencyBelowConfig,
    LlmJudgeConfig,
    NodeReachedConfig,
    NodesVisitedConfig,
    RegexMatchConfig,
    TestScenarioSpec,
    TransferredConfig,
    VariableExtractedConfig,
    WebhookTriggeredConfig,
)
from tornado_operator.engine.backend import Backend, JudgeOutcome, OfflineBackend
from tornado_operator.engine.conversation import Conversation, aggregate_latency

EMPATHY_PHRASES: tuple[str, ...] = (
    "sorry",
    "apolog",
    "i understand",
    "i hear you",
    "thank you",
    "thanks",
    "appreciate",
    "happy to help",
    "glad to",
    "of course",
    "no problem",
    "certainly",
    "absolutely",
    "my pleasure",
)
TONE_WEIGHTS = {"empathy": 0.4, "conciseness": 0.3, "no_repetition": 0.3}
CONCISE_WORDS = 35
_SPACES = re.compile(r"\s+")
_EXCERPT = 160


class ResultModel(BaseModel):
    """Engine results: snake_case in Python, camelCase in JSON (like the resources)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class AssertionResult(ResultModel):
    assertion_id: str = Field(description="Assertion id (its id, else its name, else its index).")
    type: AssertionType
    name: str = ""
    target: str = Field(description="What the assertion is about (node, variable, pattern, ...).")
    expected: str = Field(description="What had to hold.")
    passed: bool
    actual: str | None = Field(default=None, description="What the conversation did.")
    detail: str = ""
    weight: float = 1.0
    required: bool = True
    components: dict[str, float] | None = Field(default=None, description="BLAND_TONE score components.")


class Evaluation(ResultModel):
    passed: bool
    score: float
    results: list[AssertionResult]


def normalize(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


def _excerpt(text: str, limit: int = _EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def assertion_id(assertion: Assertion, index: int) -> str:
    return assertion.id or assertion.name or str(index)


def ordered_assertions(scenario: TestScenarioSpec) -> list[tuple[int, Assertion]]:
    """Assertions in evaluation order: by `order`, then position."""
    return sorted(enumerate(scenario.assertions), key=lambda item: (item[1].order, item[0]))


# --- the judge (offline) -----------------------------------------------------------------


def offline_judge(config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
    required = [phrase for phrase in config.required_phrases if phrase.strip()]
    forbidden = [phrase for phrase in config.forbidden_phrases if phrase.strip()]
    if not required and not forbidden:
        return JudgeOutcome(
            passed=False,
            score=0.0,
            detail=(
                "cannot judge offline: the offline backend checks only the rubric "
                "(config.requiredPhrases / config.forbiddenPhrases) and this LLM_JUDGE has none; "
                "add a rubric or run with the openai backend"
            ),
        )
    spoken = normalize(" \n ".join(conversation.agent_texts()))
    missing = [phrase for phrase in required if normalize(phrase) not in spoken]
    said = [phrase for phrase in forbidden if normalize(phrase) in spoken]
    checks = len(required) + len(forbidden)
    score = (checks - len(missing) - len(said)) / checks
    problems: list[str] = []
    if missing:
        problems.append("agent never said required phrase(s): " + ", ".join(repr(p) for p in missing))
    if said:
        problems.append("agent said forbidden phrase(s): " + ", ".join(repr(p) for p in said))
    verdict = "; ".join(problems) if problems else "rubric satisfied"
    return JudgeOutcome(
        passed=not missing and not said,
        score=score,
        detail=f"offline judge checked only the rubric (requiredPhrases/forbiddenPhrases), not the prompt: {verdict}",
        actual=f"rubric score {score:.2f}",
    )


# --- BLAND_TONE ----------------------------------------------------------------------------


def tone_components(conversation: Conversation) -> dict[str, float]:
    texts = [text for text in conversation.agent_texts() if text.strip()]
    if not texts:
        return {"empathy": 0.0, "conciseness": 1.0, "no_repetition": 1.0}
    lowered = [normalize(text) for text in texts]
    empathetic = sum(1 for text in lowered if any(phrase in text for phrase in EMPATHY_PHRASES))
    empathy = min(1.0, empathetic / math.ceil(len(texts) / 4))
    conciseness = sum(min(1.0, CONCISE_WORDS / max(1, len(text.split()))) for text in texts) / len(texts)
    seen: set[str] = set()
    repeated = 0
    for text in lowered:
        if text in seen:
            repeated += 1
        seen.add(text)
    no_repetition = 1.0 - repeated / len(texts)
    return {"empathy": round(empathy, 4), "conciseness": round(conciseness, 4), "no_repetition": round(no_repetition, 4)}


def tone_score(components: dict[str, float]) -> float:
    return round(sum(TONE_WEIGHTS[name] * value for name, value in components.items()), 4)


# --- one assertion -----------------------------------------------------------------------


def _result(
    assertion: Assertion,
    index: int,
    *,
    target: str,
    expected: str,
    passed: bool,
    actual: str | None,
    detail: str,
    components: dict[str, float] | None = None,
) -> AssertionResult:
    return AssertionResult(
        assertion_id=assertion_id(assertion, index),
        type=assertion.type,
        name=assertion.name,
        target=target,
        expected=expected,
        passed=passed,
        actual=actual,
        detail=detail,
        weight=assertion.weight,
        required=assertion.is_required,
        components=components,
    )


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def check(assertion: Assertion, index: int, conv: Conversation, backend: Backend) -> AssertionResult:
    """Evaluate one assertion against a conversation."""
    config = assertion.typed_config()
    kind = assertion.type

    if isinstance(config, LlmJudgeConfig):
        outcome = backend.judge(config, conv)
        rubric = []
        if config.required_phrases:
            rubric.append("says " + ", ".join(repr(p) for p in config.required_phrases))
        if config.forbidden_phrases:
            rubric.append("never says " + ", ".join(repr(p) for p in config.forbidden_phrases))
        return _result(
            assertion, index,
            target=_excerpt(config.prompt, 120) or "judge",
            expected="; ".join(rubric) or "judge answers yes",
            passed=outcome.passed, actual=outcome.actual, detail=outcome.detail,
        )

    if isinstance(config, BlandToneConfig):
        model_tone = getattr(backend, "tone", None)  # an LLM backend scores tone with its judge model
        if model_tone is not None:
            outcome, model_components = model_tone(config, conv)
            return _result(
                assertion, index, target="agent tone", expected=f">= {config.threshold:.2f}",
                passed=outcome.passed, actual=outcome.actual, detail=outcome.detail, components=model_components,
            )
        components = tone_components(conv)
        score = tone_score(components)
        parts = ", ".join(f"{name} {value:.2f} x{TONE_WEIGHTS[name]}" for name, value in components.items())
        passed = score >= config.threshold
        return _result(
            assertion, index, target="agent tone", expected=f">= {config.threshold:.2f}",
            passed=passed, actual=f"{score:.2f}",
            detail=f"heuristic tone {score:.2f} ({parts}) {'>=' if passed else '<'} threshold {config.threshold:.2f}",
            components=components,
        )

    if isinstance(config, VariableExtractedConfig):
        name = config.variable_name
        if config.expected_value is not None:
            expected = f"= {config.expected_value!r}"
        elif config.pattern is not None:
            expected = f"matches {config.pattern!r}"
        else:
            expected = "extracted"
        if name not in conv.extracted:
            return _result(assertion, index, target=name, expected=expected, passed=False, actual=None,
                           detail=f"variable {name!r} was never extracted from a caller turn")
        value = _value_text(conv.extracted[name])
        if config.expected_value is not None and value != config.expected_value:
            return _result(assertion, index, target=name, expected=expected, passed=False, actual=value,
                           detail=f"variable {name!r} is {value!r}, expected {config.expected_value!r}")
        if config.pattern is not None and re.fullmatch(config.pattern, value) is None:
            return _result(assertion, index, target=name, expected=expected, passed=False, actual=value,
                           detail=f"variable {name!r} is {value!r}, which does not fully match {config.pattern!r}")
        return _result(assertion, index, target=name, expected=expected, passed=True, actual=value,
                       detail=f"variable {name!r} extracted as {value!r}")

    if isinstance(config, NodeReachedConfig):
        reached = config.node_id in conv.nodes_visited
        return _result(
            assertion, index, target=config.node_id, expected="reached", passed=reached,
            actual=" > ".join(conv.nodes_visited) or None,
            detail=f"node {config.node_id!r} {'was' if reached else 'was never'} reached",
        )

    if isinstance(config, NodesVisitedConfig):
        wanted = config.node_ids
        if config.in_order:
            position = 0
            for node_id in conv.nodes_visited:
                if position < len(wanted) and node_id == wanted[position]:
                    position += 1
            missing = wanted[position:]
            passed = not missing
            detail = "visited in order" if passed else f"not visited in order from {missing[0]!r} on"
        else:
            visited = set(conv.nodes_visited)
            missing = [node_id for node_id in wanted if node_id not in visited]
            passed = not missing
            detail = "all visited" if passed else "never visited: " + ", ".join(missing)
        return _result(
            assertion, index, target=",".join(wanted),
            expected="visited in order" if config.in_order else "all visited",
            passed=passed, actual=" > ".join(conv.nodes_visited) or None, detail=detail,
        )

    if isinstance(config, WebhookTriggeredConfig):
        def fits(call_url: str, method: str, node: str) -> bool:
            return (
                (config.url is None or config.url in call_url)
                and (config.method is None or method.upper() == config.method.upper())
                and (config.node_id is None or node == config.node_id)
            )

        hit = next((call for call in conv.webhooks if fits(call.url, call.method, call.node)), None)
        wanted_call = " ".join(
            part for part in (
                config.method.upper() if config.method else None,
                f"url~{config.url}" if config.url else None,
                f"node={config.node_id}" if config.node_id else None,
            ) if part
        ) or "any webhook"
        actual = "; ".join(f"{call.method} {call.url} ({call.node})" for call in conv.webhooks) or None
        return _result(
            assertion, index, target=config.node_id or config.url or "webhook", expected=wanted_call,
            passed=hit is not None, actual=actual,
            detail="webhook fired" if hit is not None else f"no webhook call matched ({len(conv.webhooks)} call(s) made)",
        )

    if isinstance(config, RegexMatchConfig):
        regex = re.compile(config.pattern, re.IGNORECASE)
        turns = [t for t in conv.transcript if config.speaker == "any" or t.speaker == config.speaker]
        found = next((t for t in turns if regex.search(t.text)), None)
        passed = (found is not None) == config.should_match
        where = f"{config.speaker} turns" if config.speaker != "any" else "any turn"
        if found is not None:
            detail = f"{config.pattern!r} matched in {where}: {_excerpt(found.text, 100)!r}"
        else:
            detail = f"{config.pattern!r} never matched in {where} ({len(turns)} searched)"
        return _result(
            assertion, index, target=config.pattern,
            expected=("matches" if config.should_match else "never matches") + f" in {where}",
            passed=passed, actual=None if found is None else _excerpt(found.text), detail=detail,
        )

    if isinstance(config, CallEndedByAgentConfig):
        ended = conv.ended_by == "agent_ended"
        passed = ended == config.expected
        return _result(
            assertion, index, target="call end",
            expected="agent ends the call" if config.expected else "agent does not end the call",
            passed=passed, actual=conv.ended_by, detail=f"the call ended: {conv.ended_by}",
        )

    if isinstance(config, TransferredConfig):
        transferred = conv.ended_by == "transferred"
        expected_parts = ["transferred" if config.expected else "not transferred"]
        if config.expected and config.target:
            expected_parts.append(f"to {config.target}")
        if config.expected and config.min_turn is not None:
            expected_parts.append(f"not before caller turn {config.min_turn}")
        if config.expected and config.max_turn is not None:
            expected_parts.append(f"by caller turn {config.max_turn}")
        expected = " ".join(expected_parts)
        actual = (
            f"transferred to {conv.transfer_target} on caller turn {conv.transfer_turn}"
            if transferred else f"not transferred ({conv.ended_by})"
        )
        if not config.expected:
            return _result(assertion, index, target=config.target or "transfer", expected=expected,
                           passed=not transferred, actual=actual,
                           detail="the call was transferred" if transferred else "no transfer")
        if not transferred:
            detail = "the call was never transferred"
            passed = False
        elif config.target and (conv.transfer_target or "").strip().lower() != config.target.strip().lower():
            detail = f"transferred to {conv.transfer_target!r}, expected {config.target!r}"
            passed = False
        elif config.min_turn is not None and (conv.transfer_turn or 0) < config.min_turn:
            detail = f"transferred too early: caller turn {conv.transfer_turn} < minTurn {config.min_turn}"
            passed = False
        elif config.max_turn is not None and (conv.transfer_turn or 0) > config.max_turn:
            detail = f"transferred too late: caller turn {conv.transfer_turn} > maxTurn {config.max_turn}"
            passed = False
        else:
            detail = "transferred as expected"
            passed = True
        return _result(assertion, index, target=config.target or "transfer", expected=expected,
                       passed=passed, actual=actual, detail=detail)

    if isinstance(config, LatencyBelowConfig):
        values = conv.latencies
        latency = aggregate_latency(values, config.aggregate)
        passed = latency <= config.max_ms
        return _result(
            assertion, index, target=f"{config.aggregate} latency", expected=f"<= {config.max_ms} ms",
            passed=passed, actual=f"{latency:.0f} ms",
            detail=f"{config.aggregate} of {len(values)} agent turn(s): {latency:.0f} ms "
            f"{'<=' if passed else '>'} {config.max_ms} ms (simulated)",
        )

    raise AssertionError(f"unhandled assertion type {kind}")  # pragma: no cover


def score_of(results: Sequence[AssertionResult]) -> float:
    total = sum(result.weight for result in results)
    if total <= 0:
        return 1.0 if all(result.passed for result in results) else 0.0
    return round(sum(result.weight for result in results if result.passed) / total, 6)


def evaluate(
    scenario: TestScenarioSpec, conversation: Conversation, backend: Backend | None = None
) -> Evaluation:
    """All assertions of a scenario, its weighted score and whether it passed."""
    backend = OfflineBackend() if backend is None else backend
    results = [check(assertion, index, conversation, backend) for index, assertion in ordered_assertions(scenario)]
    score = score_of(results)
    if conversation.error is not None:
        return Evaluation(passed=False, score=0.0, results=results)
    required_ok = all(result.passed for result in results if result.required)
    passed = required_ok and score >= scenario.pass_threshold - 1e-9
    return Evaluation(passed=passed, score=score, results=results)

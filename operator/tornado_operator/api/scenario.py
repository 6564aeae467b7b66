"""TestScenario: one test case of a pathway, following the hosted agent-testing scenario model."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field, ValidationError, field_validator, model_validator

from tornado_operator.api.base import ObjectMeta, WireModel, check_regex
from tornado_operator.api.errors import (
    Problem,
    closest,
    raise_problems,
    validation_problems,
)
from tornado_operator.api.pathway import DNS_LABEL_PATTERN

MAX_TURNS_LIMIT = 50


class ScenarioCategory(StrEnum):
    CUSTOM = "CUSTOM"
    VOICEMAIL = "VOICEMAIL"
    VOICEMAIL_SCREENER = "VOICEMAIL_SCREENER"
    ANGRY_CALLER = "ANGRY_CALLER"
    BELLIGERENT_CALLER = "BELLIGERENT_CALLER"
    CONFUSED_CALLER = "CONFUSED_CALLER"
    CALL_SCREENER = "CALL_SCREENER"
    HAPPY_PATH = "HAPPY_PATH"
    EDGE_CASE = "EDGE_CASE"


class ScenarioType(StrEnum):
    AGENT = "AGENT"
    REPLAY = "REPLAY"
    HISTORICAL = "HISTORICAL"


class AssertionType(StrEnum):
    LLM_JUDGE = "LLM_JUDGE"
    BLAND_TONE = "BLAND_TONE"
    VARIABLE_EXTRACTED = "VARIABLE_EXTRACTED"
    NODE_REACHED = "NODE_REACHED"
    NODES_VISITED = "NODES_VISITED"
    WEBHOOK_TRIGGERED = "WEBHOOK_TRIGGERED"
    REGEX_MATCH = "REGEX_MATCH"
    CALL_ENDED_BY_AGENT = "CALL_ENDED_BY_AGENT"
    TRANSFERRED = "TRANSFERRED"
    LATENCY_BELOW = "LATENCY_BELOW"


# --- typed assertion configs -------------------------------------------------------------


class AssertionConfigModel(WireModel):
    """Base of the assertion config models. The class docstring says what the type checks;
    `example` is one assertion of the type as a user writes it (docs/assertions.md shows it,
    and a test validates it)."""

    example: ClassVar[dict[str, Any]] = {}


class LlmJudgeConfig(AssertionConfigModel):
    """A judge answers a question about the whole conversation. With an LLM backend the judge
    model answers `prompt` (boolean, a score against `threshold`, or one of `categories`); the
    offline backend checks only the rubric (`requiredPhrases` the agent must say,
    `forbiddenPhrases` it must never say, case-insensitive) and fails, saying so, without one."""

    example: ClassVar[dict[str, Any]] = {
        "name": "Refund timeline",
        "type": "LLM_JUDGE",
        "config": {
            "prompt": "Does the agent tell the caller when the refund arrives?",
            "outputType": "boolean",
            "requiredPhrases": ["a refund will be issued within 5 business days"],
            "forbiddenPhrases": ["guarantee"],
        },
    }

    prompt: str = Field(default="", description="The question the judge answers about the conversation.")
    output_type: Literal["boolean", "score", "categorical"] = Field(
        default="boolean",
        description="boolean (pass/fail), score (0..1, passes at threshold) or categorical (passes on passCategories).",
    )
    threshold: float = Field(default=0.7, ge=0, le=1, description="Minimum score to pass (outputType score).")
    categories: list[str] = Field(default_factory=list, description="The answers the judge chooses from (outputType categorical).")
    pass_categories: list[str] = Field(default_factory=list, description="The answers that pass (outputType categorical).")
    required_phrases: list[str] = Field(
        default_factory=list,
        description="Rubric: phrases the agent must say (case-insensitive). The offline backend checks only the rubric.",
    )
    forbidden_phrases: list[str] = Field(
        default_factory=list, description="Rubric: phrases the agent must never say (case-insensitive)."
    )


class BlandToneConfig(AssertionConfigModel):
    """The agent's tone scores at least `threshold` (0..1). Offline: the heuristic
    0.4 x empathy + 0.3 x conciseness + 0.3 x no-repetition over the agent's turns, with the
    components reported; with an LLM backend the judge model scores it."""

    example: ClassVar[dict[str, Any]] = {"name": "friendly", "type": "BLAND_TONE", "config": {"threshold": 0.6}, "isRequired": False, "weight": 0.5}

    threshold: float = Field(default=0.6, ge=0, le=1, description="Minimum tone score (0..1) to pass.")


class VariableExtractedConfig(AssertionConfigModel):
    """A variable was captured from a caller turn (a node's extractVars), optionally with an
    exact value or a value that fully matches a pattern. Variables from requestData do not
    count: only what the caller said."""

    example: ClassVar[dict[str, Any]] = {
        "name": "account-number",
        "type": "VARIABLE_EXTRACTED",
        "config": {"variableName": "account_number", "expectedValue": "48213377"},
    }

    variable_name: str = Field(min_length=1, description="The variable that must have been extracted: an extractVars name of the pathway.")
    expected_value: str | None = Field(
        default=None, description="The exact value expected, compared as text (booleans as true/false); quote numbers in YAML."
    )
    pattern: str | None = Field(default=None, description="A regular expression the value must fully match (Python re).")

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, pattern: str | None) -> str | None:
        return pattern if pattern is None else check_regex(pattern)


class NodeReachedConfig(AssertionConfigModel):
    """The conversation entered a node (at any point)."""

    example: ClassVar[dict[str, Any]] = {"name": "reaches-dispute", "type": "NODE_REACHED", "config": {"nodeId": "billing-dispute"}}

    node_id: str = Field(min_length=1, description="The node the conversation must reach: a node id of the pathway.")


class NodesVisitedConfig(AssertionConfigModel):
    """The conversation entered every listed node; with `inOrder`, in that order (other nodes
    may come in between)."""

    example: ClassVar[dict[str, Any]] = {
        "name": "billing-path",
        "type": "NODES_VISITED",
        "config": {"nodeIds": ["main-menu", "billing-account", "billing-lookup"], "inOrder": True},
    }

    node_ids: list[str] = Field(min_length=1, description="The nodes the conversation must visit: node ids of the pathway.")
    in_order: bool = Field(default=True, description="They must be visited in this order (not necessarily adjacent).")


class WebhookTriggeredConfig(AssertionConfigModel):
    """A webhook node fired (the offline engine records the call, it sends nothing): any webhook,
    or one whose URL contains `url`, with `method`, from node `nodeId`."""

    example: ClassVar[dict[str, Any]] = {
        "name": "appointment-created",
        "type": "WEBHOOK_TRIGGERED",
        "config": {"url": "/v1/appointments", "method": "POST", "nodeId": "booking-create"},
    }

    url: str | None = Field(default=None, description="A substring the called URL (after {{variables}} are rendered) must contain.")
    method: str | None = Field(default=None, description="The HTTP method expected (case-insensitive).")
    node_id: str | None = Field(default=None, description="The webhook node expected to fire: the id of a node of type webhook.")


class RegexMatchConfig(AssertionConfigModel):
    """A regular expression is found (case-insensitive search) in a speaker's turns, or, with
    `shouldMatch: false`, is never found."""

    example: ClassVar[dict[str, Any]] = {
        "name": "callback-number",
        "type": "REGEX_MATCH",
        "config": {"pattern": "call us back at 555-0100", "speaker": "agent", "shouldMatch": True},
    }

    pattern: str = Field(min_length=1, description="The regular expression searched case-insensitively in each turn; Python re syntax.")
    speaker: Literal["agent", "caller", "any"] = Field(default="agent", description="Whose turns are searched.")
    should_match: bool = Field(default=True, description="false: the pattern must never match.")

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, pattern: str) -> str:
        return check_regex(pattern)


class CallEndedByAgentConfig(AssertionConfigModel):
    """The agent ended the call (the conversation reached an end_call node), or, with
    `expected: false`, did not."""

    example: ClassVar[dict[str, Any]] = {"name": "polite-goodbye", "type": "CALL_ENDED_BY_AGENT", "config": {"expected": True}}

    expected: bool = Field(default=True, description="Whether the agent must (true) or must not (false) end the call.")


class TransferredConfig(AssertionConfigModel):
    """The call was transferred (it reached a transfer node): to `target` when given, not before
    caller turn `minTurn` and by caller turn `maxTurn`; or, with `expected: false`, it was not."""

    example: ClassVar[dict[str, Any]] = {
        "name": "to-front-desk",
        "type": "TRANSFERRED",
        "config": {"expected": True, "target": "front-desk-queue", "minTurn": 2, "maxTurn": 3},
    }

    expected: bool = Field(default=True, description="Whether the call must (true) or must not (false) be transferred.")
    target: str | None = Field(
        default=None,
        description="The transfer target expected: a transfer node's transfer.target (case-insensitive), e.g. '+1-555-0142'.",
    )
    min_turn: int | None = Field(default=None, ge=1, description="The transfer must not happen before this caller turn (1-based).")
    max_turn: int | None = Field(default=None, ge=1, description="The transfer must happen by this caller turn (1-based).")


class LatencyBelowConfig(AssertionConfigModel):
    """The agent's turn latency (the max, average or 95th percentile over its turns) is at most
    `maxMs`. Offline the latency is simulated: 300 ms + 5 ms per character + 400 ms per webhook."""

    example: ClassVar[dict[str, Any]] = {"name": "snappy", "type": "LATENCY_BELOW", "config": {"maxMs": 1500, "aggregate": "max"}}

    max_ms: int = Field(ge=1, description="The latency limit in milliseconds.")
    aggregate: Literal["max", "avg", "p95"] = Field(
        default="max", description="Which statistic of the agent turns' latencies is compared: max, avg or p95."
    )


ASSERTION_CONFIGS: dict[AssertionType, type[AssertionConfigModel]] = {
    AssertionType.LLM_JUDGE: LlmJudgeConfig,
    AssertionType.BLAND_TONE: BlandToneConfig,
    AssertionType.VARIABLE_EXTRACTED: VariableExtractedConfig,
    AssertionType.NODE_REACHED: NodeReachedConfig,
    AssertionType.NODES_VISITED: NodesVisitedConfig,
    AssertionType.WEBHOOK_TRIGGERED: WebhookTriggeredConfig,
    AssertionType.REGEX_MATCH: RegexMatchConfig,
    AssertionType.CALL_ENDED_BY_AGENT: CallEndedByAgentConfig,
    AssertionType.TRANSFERRED: TransferredConfig,
    AssertionType.LATENCY_BELOW: LatencyBelowConfig,
}

def config_problems(kind: AssertionType, config: dict[str, Any]) -> list[Problem]:
    """What is wrong with an assertion's config for its type (paths relative to config): an
    unknown key names the closest valid one (or the type it belongs to) and lists the type's
    keys; a missing key says what it is for; a wrong type says what was expected."""
    model = ASSERTION_CONFIGS[kind]
    keys = model.wire_names()
    accepted = model.accepted_names()
    problems: list[Problem] = []
    for key in config:
        if key in accepted:
            continue
        owners = [other.value for other, other_model in ASSERTION_CONFIGS.items() if key in other_model.accepted_names()]
        hint = f" ({key} is a {' / '.join(owners)} key)" if owners else ""
        near = None if owners else closest(key, [*keys, *(name for other in ASSERTION_CONFIGS.values() for name in other.wire_names())])
        if near in keys:
            hint = f' (did you mean "{near}"?)'
        elif near is not None:
            near_owners = " / ".join(t.value for t, m in ASSERTION_CONFIGS.items() if near in m.wire_names())
            hint = f' (did you mean "{near}", a {near_owners} key?)'
        problems.append(Problem((key,), f"unknown {kind.value} key{hint}; {kind.value} keys: {', '.join(keys)}"))
    try:
        model.model_validate({key: value for key, value in config.items() if key in accepted})
    except ValidationError as exc:
        for problem in validation_problems(exc):
            message = problem.message
            if message == "required" and problem.path and problem.path[0] in keys:
                description = model.model_fields[_python_name(model, str(problem.path[0]))].description or ""
                message = f"required for {kind.value}" + (f" ({description.rstrip('.')})" if description else "")
            problems.append(Problem(problem.path, message))
    return problems


def _python_name(model: type[AssertionConfigModel], wire_name: str) -> str:
    return next(name for name, info in model.model_fields.items() if (info.alias or name) == wire_name)


AssertionConfig = (
    LlmJudgeConfig
    | BlandToneConfig
    | VariableExtractedConfig
    | NodeReachedConfig
    | NodesVisitedConfig
    | WebhookTriggeredConfig
    | RegexMatchConfig
    | CallEndedByAgentConfig
    | TransferredConfig
    | LatencyBelowConfig
)


def assertion_label(kind: AssertionType, key: str, name: str) -> str:
    """How reports name an assertion, the way the user did: TYPE 'name' (their name, else their
    id), or TYPE#index when they gave neither."""
    head, _, index = key.partition("#")
    if not name and head == kind.value and index.isdigit():
        return key
    return f"{kind.value} {name or key!r}"


class Assertion(WireModel):
    """A check on a simulated conversation; config is validated against the model of its type."""

    id: str | None = Field(
        default=None, max_length=128, description="Assertion id (defaults to name, then TYPE#index, e.g. BLAND_TONE#0)."
    )
    type: AssertionType = Field(description="Assertion type.")
    name: str = Field(default="", max_length=256, description="Human-readable name; reports name the assertion by it.")
    config: Annotated[
        dict[str, Any],
        Field(json_schema_extra={"x-kubernetes-preserve-unknown-fields": True}),
    ] = Field(default_factory=dict, description="The settings of the assertion's type (keys per type: docs/assertions.md).")
    is_required: bool = Field(default=True, description="The scenario fails when this assertion fails.")
    weight: float = Field(default=1.0, ge=0, le=100, description="Weight in the scenario's score.")
    order: int = Field(default=0, description="Evaluation and display order.")

    @model_validator(mode="after")
    def _config_matches_type(self) -> Assertion:
        problems = config_problems(self.type, self.config)
        if problems:
            raise_problems(
                "Assertion", [(("config", *problem.path), problem.message, self.config.get(str(problem.path[0]))) for problem in problems]
            )
        return self

    def typed_config(self) -> AssertionConfig:
        return ASSERTION_CONFIGS[self.type].model_validate(self.config)  # type: ignore[return-value]

    def label(self, index: int) -> str:
        """How reports name this assertion: TYPE 'name' (else its id), or TYPE#index."""
        return assertion_label(self.type, self.key(index), self.name)

    def key(self, index: int) -> str:
        """How results and reports name this assertion: the user's id, else their name, else
        TYPE#index (the index in spec.assertions, as in the field path spec.assertions[index])."""
        return self.id or self.name or f"{self.type.value}#{index}"


class TestScenarioSpec(WireModel):
    """One test case: who calls, what they say, and what must happen."""

    __test__ = False  # not a pytest test class

    name: str = Field(default="", max_length=256, description="Scenario name.")
    description: str = Field(default="", description="What the scenario checks.")
    category: ScenarioCategory = Field(default=ScenarioCategory.CUSTOM, description="Scenario category.")
    scenario_type: ScenarioType = Field(
        default=ScenarioType.REPLAY,
        description="REPLAY replays inputMessages; AGENT lets an LLM play the tester persona; HISTORICAL replays a recorded call.",
    )
    pathway_id: str | None = Field(
        default=None, pattern=DNS_LABEL_PATTERN, max_length=63, description="Pathway this scenario tests."
    )
    persona_id: str | None = Field(default=None, max_length=253, description="Persona this scenario tests.")
    tester_persona_name: str = Field(default="", description="Name of the simulated caller.")
    tester_persona_prompt: str = Field(default="", description="Who the simulated caller is and what they want (AGENT).")
    advanced_instructions: str = Field(default="", description="Extra instructions for the tester (AGENT).")
    max_turns: int = Field(default=20, ge=1, le=MAX_TURNS_LIMIT, description="Maximum caller turns (1..50).")
    request_data: dict[str, Any] = Field(
        default_factory=dict,
        description="Variables known at call start, rendered into node text as {{name}}.",
        json_schema_extra={"x-kubernetes-preserve-unknown-fields": True},
    )
    start_node_id: str | None = Field(default=None, description="Node to start at instead of the pathway's start node.")
    enabled: bool = Field(default=True, description="Disabled scenarios are skipped when a session selects all.")
    is_required_for_promotion: bool = Field(default=False, description="Must pass before a version is promoted.")
    holdout: bool = Field(
        default=False,
        description="Held out from the fixer: run and reported in every iteration (status.holdout), never shown "
        "to the fixer, and a fix that makes it fail is rejected like any regression. Guards against overfitting.",
    )
    input_messages: list[str] = Field(
        default_factory=list, max_length=MAX_TURNS_LIMIT, description="The caller's scripted turns (REPLAY)."
    )
    assertions: list[Assertion] = Field(default_factory=list, max_length=100, description="Checks on the conversation.")
    pass_threshold: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="Minimum weighted assertion score (0..1) to pass, in addition to every required assertion passing.",
    )

    def ordered_assertions(self) -> list[tuple[int, Assertion]]:
        """(index in the spec, assertion) in evaluation order: by `order`, then position."""
        return sorted(enumerate(self.assertions), key=lambda item: (item[1].order, item[0]))

    @model_validator(mode="after")
    def _target(self) -> TestScenarioSpec:
        if self.pathway_id is None and self.persona_id is None:
            raise ValueError("pathwayId: a scenario needs pathwayId or personaId")
        return self


class TestScenario(WireModel):
    """A test case for a pathway."""

    __test__ = False
    model_config = ConfigDict(extra="ignore")

    api_version: str = Field(default="agenttesting.dev/v1alpha1", alias="apiVersion")
    kind: Literal["TestScenario"] = "TestScenario"
    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: TestScenarioSpec

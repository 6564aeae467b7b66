"""TornadoSession: spec mirrors the hosted start request, status mirrors the hosted status API."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field, field_validator

from tornado_operator.api.base import ObjectMeta, StatusModel, WireModel
from tornado_operator.api.conditions import Condition
from tornado_operator.api.pathway import DNS_LABEL_PATTERN

MAX_SCENARIOS = 50
DEFAULT_MAX_ITERATIONS = 5
DEFAULT_TIMEOUT_MS = 900_000


class Phase(StrEnum):
    RUNNING = "RUNNING"
    COMPLETED_ALL_PASSED = "COMPLETED_ALL_PASSED"
    COMPLETED_PARTIAL = "COMPLETED_PARTIAL"
    TIMEOUT = "TIMEOUT"
    STUCK = "STUCK"
    CANCELLED = "CANCELLED"
    ERROR = "ERROR"

    @property
    def terminal(self) -> bool:
        return self is not Phase.RUNNING


def is_terminal_phase(value: object) -> bool:
    """Whether a raw status.phase (as read from the API server) means the session has ended."""
    return isinstance(value, str) and value in Phase.__members__ and Phase(value).terminal


class SecretKeyRef(WireModel):
    name: str = Field(min_length=1, max_length=253, description="Secret name, in the session's namespace.")
    key: str = Field(default="apiKey", min_length=1, max_length=253, description="Key in the Secret.")


class LlmModels(WireModel):
    agent: str | None = Field(default=None, description="Model playing the pathway agent.")
    tester: str | None = Field(default=None, description="Model playing the tester persona (AGENT scenarios).")
    judge: str | None = Field(default=None, description="Model judging LLM_JUDGE and BLAND_TONE assertions.")
    fixer: str | None = Field(default=None, description="Model analysing failures and writing fixes.")


class LlmSettings(WireModel):
    """An OpenAI-compatible chat-completions server."""

    base_url: str = Field(min_length=1, description="Base URL, e.g. https://api.openai.com/v1 or http://vllm:8000/v1.")
    model: str | None = Field(default=None, description="Default model for every role.")
    models: LlmModels = Field(default_factory=LlmModels, description="Model per role (overrides model).")
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    seed: int | None = Field(default=None, description="Sampling seed, where the server supports it.")
    timeout_seconds: float = Field(default=60.0, gt=0, le=600, description="Per-request timeout.")
    max_retries: int = Field(default=3, ge=0, le=10, description="Retries on 429/5xx with backoff.")
    max_tokens: int = Field(
        default=2048,
        ge=16,
        le=65_536,
        description="max_tokens of each call; an answer cut off there is retried once with twice as many.",
    )
    max_tokens_per_session: int | None = Field(
        default=None,
        ge=1,
        description="Token budget of the session (prompt + completion, all roles); the session ends ERROR "
        "(BudgetExceeded) before a call or an iteration could exceed it.",
    )
    response_format: Literal["json_schema", "json_object", "text"] = Field(
        default="json_schema",
        description="How answers are asked for first: json_schema (structured output), json_object, or text; "
        "a server that rejects it is asked in the next one, once per session.",
    )
    api_key_secret_ref: SecretKeyRef | None = Field(
        default=None, description="Secret holding the API key (never a plain string in the resource)."
    )


class BlandSettings(WireModel):
    """A pathway deployed on Bland, driven through its pathway-chat endpoints (docs/bland.md)."""

    base_url: str = Field(
        default="https://api.bland.ai", min_length=1, description="API base URL (https://api.bland.ai, https://us.api.bland.ai)."
    )
    pathway_id: str = Field(min_length=1, max_length=256, description="Bland's id of the deployed pathway.")
    pathway_version: int | None = Field(
        default=None, ge=0, description="Bland's version number to chat with; when omitted, the production version."
    )
    api_key_secret_ref: SecretKeyRef | None = Field(
        default=None, description="Secret holding the Bland API key (never a plain string in the resource)."
    )
    auth_scheme: Literal["raw", "bearer"] = Field(
        default="raw", description="raw: `authorization: <key>` (Bland's docs); bearer: `authorization: Bearer <key>`."
    )
    open_without_message: bool = Field(
        default=True,
        description="Ask for the agent's opening with a message-less chat turn (the agent speaks first); "
        "false: the first caller turn is sent at once.",
    )
    timeout_seconds: float = Field(default=60.0, gt=0, le=600, description="Per-request timeout.")
    max_retries: int = Field(default=3, ge=0, le=10, description="Retries on 429/5xx with backoff.")


class ResourceQuantities(WireModel):
    cpu: str | None = Field(default=None, description="CPU quantity, e.g. 500m.")
    memory: str | None = Field(default=None, description="Memory quantity, e.g. 256Mi.")


class RunnerResources(WireModel):
    requests: ResourceQuantities = Field(default_factory=ResourceQuantities, description="Resource requests.")
    limits: ResourceQuantities = Field(default_factory=ResourceQuantities, description="Resource limits.")


class RunnerSpec(WireModel):
    """How iteration Jobs run; unset fields take the operator's defaults."""

    image: str | None = Field(
        default=None,
        max_length=512,
        # Kubernetes refuses such an image only when the Job creates its pod, which leaves the
        # Job waiting forever: refused here, at create time, instead.
        pattern=r"^\S+$",
        description="Container image of the iteration Jobs (no whitespace).",
    )
    resources: RunnerResources | None = Field(default=None, description="Container resources.")
    concurrency: int = Field(default=4, ge=1, le=50, description="Scenarios simulated at once.")
    backend: Literal["offline", "openai", "bland"] = Field(
        default="offline",
        description="offline: deterministic engine; openai: an OpenAI-compatible server; bland: the pathway deployed on Bland.",
    )
    llm: LlmSettings | None = Field(default=None, description="Settings of the openai backend.")
    bland: BlandSettings | None = Field(default=None, description="Settings of the bland backend.")
    command: list[str] | None = Field(
        default=None,
        max_length=32,
        description="Override of the iteration container's command (testing and benchmarks).",
    )


class TornadoSessionSpec(WireModel):
    """The start request of a tornado session (hosted API: POST /tornado)."""

    pathway_id: str = Field(
        pattern=DNS_LABEL_PATTERN, max_length=63, description="Name of the Pathway (same namespace) to test and fix."
    )
    persona_id: str | None = Field(default=None, min_length=1, max_length=253, description="Persona id.")
    scenario_ids: list[str] | None = Field(
        default=None,
        max_length=MAX_SCENARIOS,
        description="TestScenario names to run (at most 50); when omitted, every enabled scenario of the pathway.",
        json_schema_extra={"x-kubernetes-list-type": "set"},
    )
    version_number: int | None = Field(
        default=None,
        ge=1,
        description="PathwayVersion to start from; when omitted, the version live in production (the Pathway's "
        "status.liveVersion), else the version of the Pathway's current spec (never an unreviewed fork).",
    )
    max_iterations: int = Field(
        default=DEFAULT_MAX_ITERATIONS, ge=1, le=20, description="Maximum fix iterations (1..20, default 5)."
    )
    timeout_ms: int = Field(
        default=DEFAULT_TIMEOUT_MS,
        ge=1000,
        le=86_400_000,
        description="Wall-clock limit in milliseconds (1000..86400000, default 900000 = 15 minutes); past it the session ends TIMEOUT.",
    )
    cancel: bool = Field(default=False, description="Set true to stop the session (it ends CANCELLED).")
    runner: RunnerSpec | None = Field(default=None, description="How iteration Jobs run.")
    promote: Literal["Never", "OnAllPassed"] | None = Field(
        default=None,
        description="OnAllPassed: when the session ends COMPLETED_ALL_PASSED, promote its final version to production "
        "(the Pathway's status.liveVersion), if every scenario required for promotion passed on it. Creating such a "
        "session needs the permission to promote (update on pathways/status). Not a field of the hosted API.",
    )

    @field_validator("scenario_ids")
    @classmethod
    def _unique(cls, ids: list[str] | None) -> list[str] | None:
        if ids is None:
            return ids
        seen: set[str] = set()
        for index, scenario_id in enumerate(ids):
            if scenario_id in seen:
                raise ValueError(f"[{index}]: duplicate scenario id {scenario_id!r}")
            seen.add(scenario_id)
        return ids


class Fix(WireModel):
    id: str = Field(description="Fix id, e.g. fix-001.")
    target_node: str = Field(description="Node the fix changes.")
    description: str = Field(description="What the fix does.")
    type: Literal["prompt_edit", "config_change", "flow_change"] = Field(description="Kind of change.")
    scenario_ids: list[str] = Field(
        default_factory=list, description="Failed scenarios the fix is aimed at (not in the hosted API)."
    )


class FixPlan(WireModel):
    fixes: list[Fix] = Field(default_factory=list, description="Fixes to apply.")
    priority_order: list[str] = Field(default_factory=list, description="Fix ids by priority.")


class RootCause(StatusModel):
    scenario_id: str = Field(description="Failed scenario.")
    signature: str = Field(description="Stable root-cause signature (same signature = same cause).")
    summary: str = Field(default="", description="Where the conversation went wrong.")


class IterationRecord(StatusModel):
    iteration: int = Field(ge=1, description="Iteration number.")
    batch_id: str = Field(description="Test batch id of the iteration.")
    started_at: str = Field(description="When the iteration started.")
    completed_at: str | None = Field(default=None, description="When the iteration completed.")
    passed_ids: list[str] = Field(default_factory=list, description="Scenarios that passed.")
    failed_ids: list[str] = Field(default_factory=list, description="Scenarios that failed.")
    newly_unfixable_ids: list[str] = Field(default_factory=list, description="Scenarios newly marked unfixable.")
    fix_plan: FixPlan = Field(default_factory=FixPlan, description="Fix plan generated in this iteration.")
    norm_prompt_excerpt: str | None = Field(default=None, description="Excerpt of the prompt after fixes.")
    version_tested: int | None = Field(default=None, description="PathwayVersion number tested.")
    forked_version: int | None = Field(default=None, description="PathwayVersion written from the fix plan.")
    root_causes: list[RootCause] = Field(default_factory=list, description="Root cause of each failure.")
    job_name: str | None = Field(default=None, description="Job that ran the iteration.")
    held_out_passed_ids: list[str] = Field(
        default_factory=list,
        description="Held-out scenarios (spec.holdout) that passed; never shown to the fixer (not a hosted API field).",
    )
    held_out_failed_ids: list[str] = Field(
        default_factory=list,
        description="Held-out scenarios (spec.holdout) that failed; never shown to the fixer (not a hosted API field).",
    )


class TokenUsage(StatusModel):
    calls: int = Field(default=0, ge=0, description="Model calls.")
    prompt_tokens: int = Field(default=0, ge=0, description="Prompt tokens, as the server counted them.")
    completion_tokens: int = Field(default=0, ge=0, description="Completion tokens, as the server counted them.")
    total_tokens: int = Field(default=0, ge=0, description="Prompt + completion tokens.")

    def plus(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class IterationTokenUsage(TokenUsage):
    iteration: int = Field(ge=1, description="Iteration number.")
    by_role: dict[str, TokenUsage] = Field(default_factory=dict, description="Usage per model role.")


class LlmUsage(TokenUsage):
    """Token usage of an LLM session (not a field of the hosted API)."""

    by_role: dict[str, TokenUsage] = Field(default_factory=dict, description="Usage per model role, all iterations.")
    by_iteration: list[IterationTokenUsage] = Field(default_factory=list, description="Usage per iteration.")


class TornadoSessionStatus(StatusModel):
    """Live progress (hosted API: GET /tornado/{id}), plus Kubernetes conditions."""

    session_id: str | None = Field(default=None, description="Session id (the object's uid).")
    phase: Phase | None = Field(default=None, description="RUNNING or a terminal outcome.")
    reason: str | None = Field(default=None, description="Machine-readable reason of the outcome.")
    message: str | None = Field(default=None, description="Human-readable details of the outcome.")
    current_iteration: int = Field(default=0, description="Current or final iteration.")
    max_iterations: int | None = Field(default=None, description="Maximum iterations.")
    total_scenarios: int = Field(default=0, description="Scenarios tested.")
    passed_scenarios: int = Field(default=0, description="Scenarios currently passing.")
    failed_scenarios: int = Field(default=0, description="Scenarios currently failing.")
    unfixable_count: int = Field(default=0, description="Scenarios that failed twice with the same root cause.")
    unfixable_ids: list[str] = Field(default_factory=list, description="Unfixable scenario ids.")
    scenario_ids: list[str] = Field(default_factory=list, description="Resolved scenarios of the session.")
    held_out_scenario_ids: list[str] = Field(
        default_factory=list,
        description="The held-out ones among scenarioIds (spec.holdout): run every iteration, never shown to the fixer.",
    )
    start_version: int | None = Field(default=None, description="PathwayVersion the session started from.")
    current_version: int | None = Field(default=None, description="PathwayVersion the current iteration tests.")
    iterations: list[IterationRecord] = Field(default_factory=list, description="One record per iteration.")
    elapsed_ms: int = Field(default=0, description="Milliseconds since the session started.")
    timeout_ms: int | None = Field(default=None, description="Timeout in milliseconds.")
    forked_version: int | None = Field(default=None, description="Newest PathwayVersion written by fixes.")
    created_at: str | None = Field(default=None, description="When the session started.")
    completed_at: str | None = Field(default=None, description="When the session ended.")
    active_job: str | None = Field(default=None, description="Job of the running iteration.")
    observed_generation: int | None = Field(default=None, description="Generation the status reflects.")
    conditions: list[Condition] = Field(default_factory=list, description="Succeeded, Reconciling, Stalled, Ready.")
    llm_usage: LlmUsage | None = Field(
        default=None, description="Tokens used by the model roles (runner.backend openai), per role and per iteration."
    )


class TornadoSession(WireModel):
    """An iterative auto-fix loop for a pathway."""

    model_config = ConfigDict(extra="ignore")

    api_version: str = Field(default="agenttesting.dev/v1alpha1", alias="apiVersion")
    kind: Literal["TornadoSession"] = "TornadoSession"
    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: TornadoSessionSpec
    status: TornadoSessionStatus = Field(default_factory=TornadoSessionStatus)

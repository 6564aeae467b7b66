"""The contract between an iteration Job and the operator: what one iteration produced.

The Job stores an `IterationResult` as JSON in the ConfigMap `<session>-it<N>-result`; the
operator reads it back and records `result.record` in the session's status. `tornado run`
produces the same objects in-process. Everything here is bounded so that a result fits a
ConfigMap (1 MiB): see `fit_to_bytes`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import AssertionType, assertion_label
from tornado_operator.api.session import FixPlan, IterationRecord, IterationTokenUsage, Phase

MAX_RESULT_BYTES = 900_000  # a ConfigMap holds at most 1 MiB, metadata included


class ResultModel(BaseModel):
    """Engine results: snake_case in Python, camelCase in JSON (like the resources)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class AssertionResult(ResultModel):
    assertion_id: str = Field(description="Assertion id (its id, else its name, else TYPE#index).")
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
    turns: list[int] = Field(
        default_factory=list,
        description="Transcript indexes (0-based) of the turns where a failure shows; empty: the call as a whole.",
    )

    def label(self) -> str:
        """The assertion as reports name it (api.scenario.assertion_label)."""
        return assertion_label(self.type, self.assertion_id, self.name)


class Evaluation(ResultModel):
    passed: bool
    score: float
    results: list[AssertionResult]


class TranscriptTurn(ResultModel):
    speaker: str
    text: str
    node: str
    latency_ms: int | None = None


class WebhookRecord(ResultModel):
    node: str
    url: str
    method: str
    body: Any = None
    turn: int


class ScenarioResult(ResultModel):
    scenario_id: str
    name: str = ""
    passed: bool
    score: float
    assertions: list[AssertionResult] = Field(default_factory=list)
    ended_by: str
    turns: int
    nodes_visited: list[str] = Field(default_factory=list)
    variables: dict[str, Any] = Field(default_factory=dict)
    webhooks: list[WebhookRecord] = Field(default_factory=list)
    transcript: list[TranscriptTurn] = Field(default_factory=list)
    transcript_truncated: bool = False
    error: str | None = None
    signature: str | None = Field(default=None, description="Root-cause signature (failed scenarios).")
    root_cause: str | None = Field(default=None, description="Root-cause summary (failed scenarios).")
    failed_node: str | None = Field(default=None, description="Node where the conversation went wrong.")
    unmatched_turn: int | None = Field(default=None, description="First caller turn nothing matched (1-based).")
    unmatched_text: str | None = Field(default=None, description="That caller turn's text.")
    failed_assertions: list[str] = Field(default_factory=list, description="Ids of the failed assertions.")


class RejectedFix(ResultModel):
    """A candidate fix that verification dropped, and why (the iteration's report)."""

    description: str
    target_node: str
    scenario_ids: list[str] = Field(default_factory=list)
    reason: str


class IterationResult(ResultModel):
    record: IterationRecord
    phase: Phase | None = Field(
        default=None,
        description="Terminal phase, or null: the loop continues with forked_graph (which a FixesProposed end also has).",
    )
    reason: str = ""
    message: str = ""
    unfixable_ids: list[str] = Field(default_factory=list)
    forked_graph: PathwayGraph | None = None
    scenarios: list[ScenarioResult] = Field(default_factory=list)
    backend: str = "offline"
    llm: dict[str, Any] | None = Field(
        default=None, description="LLM backend: token usage (total, by role, by scenario) and a bounded call log."
    )
    usage: IterationTokenUsage | None = Field(
        default=None, description="LLM backend: the iteration's tokens, summed into status.llmUsage."
    )
    unapplied_fix_plan: FixPlan | None = Field(
        default=None,
        description="Verified fixes the loop did not apply because it stopped (COMPLETED_PARTIAL); the record's "
        "fixPlan holds only fixes that were applied to fork a version.",
    )
    rejected_fixes: list[RejectedFix] = Field(default_factory=list, description="Candidate fixes verification dropped.")
    fixer_notes: list[str] = Field(default_factory=list, description="Failures the fixer had no strategy for, and why.")
    verification_runs: int = Field(default=0, description="Scenario-set simulations run to verify candidate fixes.")

    @property
    def continues(self) -> bool:
        return self.phase is None

    def dumps(self) -> str:
        return self.model_dump_json(by_alias=True)

    @classmethod
    def loads(cls, text: str | bytes) -> IterationResult:
        return cls.model_validate_json(text)


class IterationOutcome(ResultModel):
    """The part of an `IterationResult` the operator records, read from the same JSON: the
    scenarios' transcripts, the forked graph and the fix report are for reports and the Job's
    own writes, and validating them cost the operator more CPU per transition (0.6 ms of a
    37 KB result, against 0.1 ms for this part) than the rest of its Python (issue 19).
    Each field is declared exactly as in IterationResult (a unit test holds them equal)."""

    record: IterationRecord
    phase: Phase | None = None
    reason: str = ""
    message: str = ""
    unfixable_ids: list[str] = Field(default_factory=list)
    usage: IterationTokenUsage | None = None


def fit_to_bytes(result: IterationResult, max_bytes: int = MAX_RESULT_BYTES) -> str:
    """The result as JSON for a ConfigMap, transcripts halved until it fits `max_bytes`.

    The iteration already clips every turn to a shared character budget (engine/iteration.py);
    this is the last resort for results whose other fields are large (many long variables,
    webhook bodies), so the Job never fails on the ConfigMap's size limit.
    """
    text = result.model_dump_json(by_alias=True, exclude_none=True)
    keep = max((len(s.transcript) for s in result.scenarios), default=0)
    while len(text.encode()) > max_bytes and keep > 0:
        keep //= 2
        for scenario in result.scenarios:
            if len(scenario.transcript) > keep:
                scenario.transcript = scenario.transcript[:keep]
                scenario.transcript_truncated = True
        text = result.model_dump_json(by_alias=True, exclude_none=True)
    return text

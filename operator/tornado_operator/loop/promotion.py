"""Promotion: which version is live, when a version may be promoted, and where a new session
starts. Pure functions over the resources; the operator and `tornado promote` share them.

A version N of a pathway may be promoted when every scenario of the pathway marked
`isRequiredForPromotion` (and enabled) passed against N: the newest run of each of them in an
iteration that tested exactly version N (`versionTested == N`, in any session of the
pathway) passed. A scenario never run on N, or whose newest run on N failed, refuses it.

A session without `versionNumber` starts from the version live in production; without one,
from the version that holds the Pathway's current spec (never from an unreviewed fork).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from tornado_operator.api.pathway import Environment, PathwayStatus, Promotion
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import TornadoSession

PROMOTE_ON_ALL_PASSED = "OnAllPassed"


@dataclass(frozen=True, slots=True)
class Run:
    """The newest run of one scenario on the version: passed or not, in which session, when."""

    passed: bool
    session_name: str
    session_id: str | None
    iteration: int
    at: str


@dataclass(frozen=True, slots=True)
class PromotionCheck:
    """Whether version `version` may be promoted, and the evidence for each required scenario."""

    pathway_id: str
    version: int
    required: list[str]
    runs: dict[str, Run] = field(default_factory=dict)  # by scenario id; absent: never run on the version

    @property
    def never_run(self) -> list[str]:
        return [scenario_id for scenario_id in self.required if scenario_id not in self.runs]

    @property
    def failed(self) -> list[str]:
        return [scenario_id for scenario_id in self.required if scenario_id in self.runs and not self.runs[scenario_id].passed]

    @property
    def allowed(self) -> bool:
        return not self.never_run and not self.failed

    @property
    def proof(self) -> Run | None:
        """The newest run among the required scenarios' (the session that proved the version)."""
        return max(self.runs.values(), key=lambda run: run.at, default=None)

    def refusal(self) -> str:
        """Why the version may not be promoted, naming the scenarios (empty when it may)."""
        parts: list[str] = []
        if self.failed:
            parts.append(
                "failed on it: "
                + ", ".join(f"{sid} (session {self.runs[sid].session_name}, iteration {self.runs[sid].iteration})" for sid in self.failed)
            )
        if self.never_run:
            parts.append("never run on it: " + ", ".join(self.never_run))
        if not parts:
            return ""
        return (
            f"version {self.version} of pathway {self.pathway_id} cannot be promoted: scenarios required for "
            f"promotion have not passed on it ({'; '.join(parts)}); run a session with versionNumber: {self.version}"
        )


def required_scenarios(pathway_id: str, scenarios: Mapping[str, TestScenarioSpec]) -> list[str]:
    """The enabled scenarios of the pathway marked isRequiredForPromotion, by name."""
    return sorted(
        name
        for name, spec in scenarios.items()
        if spec.pathway_id == pathway_id and spec.is_required_for_promotion and spec.enabled
    )


def check_promotion(
    pathway_id: str,
    version: int,
    scenarios: Mapping[str, TestScenarioSpec],
    sessions: Sequence[TornadoSession],
) -> PromotionCheck:
    """The promotion rule (module doc) for version `version`, from the pathway's scenarios and
    the sessions that ran them."""
    required = required_scenarios(pathway_id, scenarios)
    wanted = set(required)
    runs: dict[str, Run] = {}
    for session in sessions:
        if session.spec.pathway_id != pathway_id:
            continue
        for record in session.status.iterations:
            if record.version_tested != version:
                continue
            at = record.completed_at or record.started_at
            outcomes = [(sid, True) for sid in [*record.passed_ids, *record.held_out_passed_ids]]
            outcomes += [(sid, False) for sid in [*record.failed_ids, *record.held_out_failed_ids]]
            for scenario_id, passed in outcomes:
                if scenario_id not in wanted:
                    continue
                known = runs.get(scenario_id)
                if known is None or at >= known.at:
                    runs[scenario_id] = Run(passed, session.metadata.name, session.status.session_id, record.iteration, at)
    return PromotionCheck(pathway_id=pathway_id, version=version, required=required, runs=runs)


def live_version(status: PathwayStatus, environment: Environment = "production") -> int | None:
    """The version promoted to `environment`, if any."""
    for promotion in status.promotions:
        if promotion.environment == environment:
            return promotion.version
    return status.live_version if environment == "production" else None


def with_promotion(status: PathwayStatus, promotion: Promotion) -> PathwayStatus:
    """The Pathway's status after `promotion` (it replaces the environment's previous one)."""
    kept = [item for item in status.promotions if item.environment != promotion.environment]
    promotions = sorted([*kept, promotion], key=lambda item: item.environment)
    update: dict[str, object] = {"promotions": promotions}
    if promotion.environment == "production":
        update["live_version"] = promotion.version
    return status.model_copy(update=update)


def default_start_version(status: PathwayStatus, generation: int | None, existing: Collection[int]) -> int | None:
    """Where a session without versionNumber starts: the live version, else the version of the
    Pathway's current spec; None: the current spec has no version yet (snapshot it first)."""
    live = live_version(status)
    if live is not None and live in existing:
        return live
    if status.observed_generation == generation and status.spec_version in existing:
        return status.spec_version
    return None

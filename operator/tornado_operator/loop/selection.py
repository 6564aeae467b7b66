"""Which scenarios a session runs: one rule for the operator, its webhook and `tornado run`.

* `spec.scenarioIds` given: exactly those, in that order; each must exist and target the
  session (see `targets`); an empty list is an error (omit the field to run all).
* not given: every enabled scenario that targets the session, sorted by name; at least one and
  at most MAX_SCENARIOS (more must be listed explicitly).

A scenario targets a session when its pathwayId is the session's pathwayId, or, having no
pathwayId, its personaId is the session's personaId.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import MAX_SCENARIOS


class SelectionError(ValueError):
    """The session's scenarios cannot be chosen; `reason` is the status reason, `message` names the field."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def targets(scenario: TestScenarioSpec, pathway_id: str, persona_id: str | None) -> bool:
    if scenario.pathway_id is not None:
        return scenario.pathway_id == pathway_id
    return persona_id is not None and scenario.persona_id == persona_id


def select_scenarios(
    scenario_ids: Sequence[str] | None,
    pathway_id: str,
    persona_id: str | None,
    found: Mapping[str, TestScenarioSpec],
) -> list[str]:
    """The ids of the scenarios the session runs. `found` maps names to the specs that exist
    (at least every listed id, or every scenario of the pathway and persona)."""
    if scenario_ids is not None:
        for index, scenario_id in enumerate(scenario_ids):
            scenario = found.get(scenario_id)
            if scenario is None:
                raise SelectionError(
                    "ScenarioNotFound", f'spec.scenarioIds[{index}]: TestScenario "{scenario_id}" not found'
                )
            if not targets(scenario, pathway_id, persona_id):
                other = (
                    f'pathway "{scenario.pathway_id}"'
                    if scenario.pathway_id is not None
                    else f'persona "{scenario.persona_id}"'
                )
                raise SelectionError(
                    "ScenarioOfAnotherPathway",
                    f'spec.scenarioIds[{index}]: TestScenario "{scenario_id}" belongs to {other}, not pathway "{pathway_id}"',
                )
        if not scenario_ids:
            raise SelectionError("NoScenarios", "spec.scenarioIds: empty list; omit it to run every enabled scenario")
        return list(scenario_ids)
    enabled = sorted(name for name, spec in found.items() if spec.enabled and targets(spec, pathway_id, persona_id))
    if not enabled:
        raise SelectionError("NoScenarios", f'spec.pathwayId: pathway "{pathway_id}" has no enabled TestScenarios')
    if len(enabled) > MAX_SCENARIOS:
        raise SelectionError(
            "TooManyScenarios",
            f'spec.scenarioIds: pathway "{pathway_id}" has {len(enabled)} enabled scenarios; a session runs '
            f"at most {MAX_SCENARIOS}: list them in spec.scenarioIds",
        )
    return enabled


def held_out(scenario_ids: Sequence[str], found: Mapping[str, TestScenarioSpec]) -> list[str]:
    """The held-out scenarios (spec.holdout) among the selected ones, in order."""
    return [scenario_id for scenario_id in scenario_ids if scenario_id in found and found[scenario_id].holdout]

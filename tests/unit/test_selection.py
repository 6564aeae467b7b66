"""loop/selection.py: the one rule for which scenarios a session runs (operator, webhook, `tornado run`)."""

from __future__ import annotations

import pytest

from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import MAX_SCENARIOS
from tornado_operator.loop.selection import SelectionError, select_scenarios


def scenario(pathway: str | None = "support", enabled: bool = True, persona: str | None = None) -> TestScenarioSpec:
    return TestScenarioSpec.model_validate({"pathwayId": pathway, "personaId": persona, "enabled": enabled})


def test_all_enabled_scenarios_of_the_pathway_sorted_by_name() -> None:
    found = {"b": scenario(), "a": scenario(), "off": scenario(enabled=False), "x": scenario("other")}
    assert select_scenarios(None, "support", None, found) == ["a", "b"]


def test_listed_ids_run_in_the_order_given_even_when_disabled() -> None:
    found = {"a": scenario(), "b": scenario(), "off": scenario(enabled=False)}
    assert select_scenarios(["off", "a"], "support", None, found) == ["off", "a"]


def test_persona_only_scenarios_run_when_the_session_names_that_persona() -> None:
    found = {"p": scenario(None, persona="ana"), "q": scenario(None, persona="bob"), "a": scenario()}
    assert select_scenarios(None, "support", "ana", found) == ["a", "p"]
    assert select_scenarios(None, "support", None, found) == ["a"]
    assert select_scenarios(["p"], "support", "ana", found) == ["p"]


def test_a_scenario_with_a_pathway_targets_only_that_pathway_whatever_its_persona() -> None:
    found = {"x": scenario("other", persona="ana")}
    with pytest.raises(SelectionError) as exc:
        select_scenarios(None, "support", "ana", found)
    assert exc.value.reason == "NoScenarios"


def test_exactly_the_limit_of_enabled_scenarios_is_allowed() -> None:
    found = {f"s{i:02d}": scenario() for i in range(MAX_SCENARIOS)}
    assert len(select_scenarios(None, "support", None, found)) == MAX_SCENARIOS


@pytest.mark.parametrize(
    ("ids", "found", "reason", "text"),
    [
        (["a", "ghost"], {"a": scenario()}, "ScenarioNotFound", 'spec.scenarioIds[1]: TestScenario "ghost" not found'),
        (["x"], {"x": scenario("other")}, "ScenarioOfAnotherPathway",
         'spec.scenarioIds[0]: TestScenario "x" belongs to pathway "other", not pathway "support"'),
        (["p"], {"p": scenario(None, persona="bob")}, "ScenarioOfAnotherPathway", 'belongs to persona "bob"'),
        ([], {"a": scenario()}, "NoScenarios", "spec.scenarioIds: empty list"),
        (None, {"off": scenario(enabled=False)}, "NoScenarios", 'pathway "support" has no enabled TestScenarios'),
        (None, {f"s{i}": scenario() for i in range(MAX_SCENARIOS + 1)}, "TooManyScenarios",
         f"has {MAX_SCENARIOS + 1} enabled scenarios; a session runs at most {MAX_SCENARIOS}"),
    ],
)
def test_selection_errors_name_the_field(
    ids: list[str] | None, found: dict[str, TestScenarioSpec], reason: str, text: str
) -> None:
    with pytest.raises(SelectionError) as exc:
        select_scenarios(ids, "support", "ana", found)
    assert exc.value.reason == reason
    assert text in exc.value.message

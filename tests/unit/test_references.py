"""What a scenario names must exist in its pathway (loop/references.py): the exact messages, and
the same rule at admission, at the operator's session start and in `tornado run`."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from fake_kube import FakeClock, FakeKube
from tornado_operator.api.pathway import Pathway
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.cli.main import main
from tornado_operator.controller.cache import ReferenceCache
from tornado_operator.loop.references import (
    LISTED_IDS,
    check_references,
    scenario_admission_problems,
)
from tornado_operator.webhook.admission import review

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PATHWAY = Pathway.model_validate(yaml.safe_load((EXAMPLES / "support-line" / "pathway.yaml").read_text()))
NODES = (
    "greeting, main-menu, billing-account, billing-lookup, billing-dispute, booking-date, booking-zip, booking-create, "
    "booking-confirm, goodbye, front-desk-transfer, manager-escalation, voicemail"
)
WEBHOOKS = "booking-create (POST https://api.northwind.example/v1/appointments)"


def problems(*assertions: dict[str, Any], **spec: Any) -> list[str]:
    scenario = TestScenarioSpec.model_validate({"pathwayId": "support-line", "assertions": list(assertions), **spec})
    return [problem.line("spec.") for problem in check_references(PATHWAY.spec, scenario, "support-line")]


@pytest.mark.parametrize(
    ("assertion", "expected"),
    [
        (
            {"name": "books", "type": "NODE_REACHED", "config": {"nodeId": "bookng-date"}},
            "spec.assertions[0].config.nodeId: NODE_REACHED 'books': no node \"bookng-date\" in pathway \"support-line\" "
            f'(did you mean "booking-date"?); its nodes: {NODES}',
        ),
        (
            {"type": "NODES_VISITED", "config": {"nodeIds": ["main-menu", "billing-acount"]}},
            'spec.assertions[0].config.nodeIds[1]: NODES_VISITED#0: no node "billing-acount" in pathway "support-line" '
            f'(did you mean "billing-account"?); its nodes: {NODES}',
        ),
        (
            {"id": "acct", "type": "VARIABLE_EXTRACTED", "config": {"variableName": "acount_number"}},
            "spec.assertions[0].config.variableName: VARIABLE_EXTRACTED 'acct': no variable \"acount_number\" in pathway "
            '"support-line" (did you mean "account_number"?); its variables: caller_name, account_number, appointment_day, '
            "zip_code, customer_first_name",
        ),
        (
            {"type": "TRANSFERRED", "config": {"target": "+15555550142"}},
            'spec.assertions[0].config.target: TRANSFERRED#0: no transfer target "+15555550142" in pathway "support-line" '
            '(did you mean "+1-555-0142"?); its transfer targets: front-desk-queue, +1-555-0142',
        ),
        (
            {"type": "WEBHOOK_TRIGGERED", "config": {"nodeId": "booking-zip"}},
            'spec.assertions[0].config.nodeId: WEBHOOK_TRIGGERED#0: node "booking-zip" is a default node, not a webhook node; '
            f"its webhook nodes: {WEBHOOKS}",
        ),
        (
            {"type": "WEBHOOK_TRIGGERED", "config": {"nodeId": "booking-crate"}},
            'spec.assertions[0].config.nodeId: WEBHOOK_TRIGGERED#0: no node "booking-crate" in pathway "support-line" '
            '(did you mean "booking-create"?); its webhook nodes: booking-create',
        ),
        (
            {"type": "WEBHOOK_TRIGGERED", "config": {"url": "/v2/appointments", "method": "get"}},
            'spec.assertions[0].config.url: WEBHOOK_TRIGGERED#0: no webhook node of pathway "support-line" calls '
            f"GET */v2/appointments*; its webhook nodes: {WEBHOOKS}",
        ),
        (
            {"type": "WEBHOOK_TRIGGERED", "config": {"nodeId": "booking-create", "method": "DELETE"}},
            'spec.assertions[0].config.method: WEBHOOK_TRIGGERED#0: webhook node "booking-create" does not call DELETE; '
            f"its webhook nodes: {WEBHOOKS}",
        ),
    ],
)
def test_each_reference_kind(assertion: dict[str, Any], expected: str) -> None:
    assert problems(assertion) == [expected]


def test_what_the_pathway_has_passes() -> None:
    assert problems(
        {"type": "NODE_REACHED", "config": {"nodeId": "billing-dispute"}},
        {"type": "NODES_VISITED", "config": {"nodeIds": ["main-menu", "billing-account"]}},
        {"type": "VARIABLE_EXTRACTED", "config": {"variableName": "zip_code"}},  # declared without a pattern
        {"type": "VARIABLE_EXTRACTED", "config": {"variableName": "customer_first_name"}},  # used as {{name}}
        {"type": "TRANSFERRED", "config": {"target": "+1-555-0142 "}},  # case and spaces as the checker compares
        {"type": "TRANSFERRED", "config": {"expected": False, "target": "nowhere"}},  # not expected: no reference
        {"type": "WEBHOOK_TRIGGERED", "config": {"url": "/v1/appointments", "method": "post", "nodeId": "booking-create"}},
        {"type": "WEBHOOK_TRIGGERED", "config": {}},
        startNodeId="main-menu",
    ) == []


def test_start_node_and_every_problem_of_a_scenario() -> None:
    found = problems(
        {"type": "NODE_REACHED", "config": {"nodeId": "x"}}, {"type": "NODE_REACHED", "config": {"nodeId": "y"}}, startNodeId="greting"
    )
    assert [line.split(":")[0] for line in found] == ["spec.startNodeId", "spec.assertions[0].config.nodeId", "spec.assertions[1].config.nodeId"]
    assert found[0] == f'spec.startNodeId: no node "greting" in pathway "support-line" (did you mean "greeting"?); its nodes: {NODES}'


def test_long_id_lists_are_cut() -> None:
    graph = Pathway.model_validate(
        {"metadata": {"name": "big"}, "spec": {"nodes": [{"id": f"n{i:03d}", "isStart": i == 0} for i in range(LISTED_IDS + 5)]}}
    ).spec
    scenario = TestScenarioSpec.model_validate({"pathwayId": "big", "assertions": [{"type": "NODE_REACHED", "config": {"nodeId": "zzz"}}]})
    (problem,) = check_references(graph, scenario, "big")
    assert problem.message.endswith(f"n{LISTED_IDS - 1:03d} and 5 more")


# --- at admission (the webhook's review, on the in-memory API server) ---


def scenario_request(spec: dict[str, Any], operation: str = "CREATE") -> dict[str, Any]:
    return {
        "uid": str(uuid.uuid4()),
        "operation": operation,
        "namespace": "team",
        "resource": {"group": "agenttesting.dev", "version": "v1alpha1", "resource": "testscenarios"},
        "object": {"metadata": {"name": "s", "namespace": "team"}, "spec": spec},
    }


@pytest.fixture
def kube() -> FakeKube:
    kube = FakeKube(FakeClock())
    kube.put_object("pathways", "team", {"metadata": {"name": "support-line"}, "spec": PATHWAY.spec.wire()})
    return kube


@pytest.mark.parametrize("operation", ["CREATE", "UPDATE"])
def test_admission_refuses_a_typo_naming_the_field_and_the_valid_ids(kube: FakeKube, operation: str) -> None:
    spec = {"pathwayId": "support-line", "assertions": [{"type": "NODE_REACHED", "config": {"nodeId": "bookd"}}]}
    decision = review(kube, scenario_request(spec, operation))
    assert (decision.allowed, decision.code, decision.reason) == (False, 422, "Invalid")
    assert decision.message == (
        'spec.assertions[0].config.nodeId: NODE_REACHED#0: no node "bookd" in pathway "support-line"; ' f"its nodes: {NODES}"
    )
    spec["assertions"][0]["config"] = {"nodeId": "goodbye"}
    assert review(kube, scenario_request(spec, operation)).allowed


def test_admission_refuses_an_unknown_config_key_naming_the_closest(kube: FakeKube) -> None:
    spec = {"pathwayId": "support-line", "assertions": [{"type": "NODE_REACHED", "config": {"nodeid": "goodbye"}}]}
    decision = review(kube, scenario_request(spec))
    assert not decision.allowed
    assert decision.message == (
        'spec.assertions[0].config.nodeid: unknown NODE_REACHED key (did you mean "nodeId"?); NODE_REACHED keys: nodeId; '
        "spec.assertions[0].config.nodeId: required for NODE_REACHED (The node the conversation must reach: a node id of the pathway)"
    )


def test_admission_admits_a_scenario_whose_pathway_is_not_there_yet(kube: FakeKube) -> None:
    spec = {"pathwayId": "later", "assertions": [{"type": "NODE_REACHED", "config": {"nodeId": "anything"}}]}
    assert review(kube, scenario_request(spec)).allowed
    assert scenario_admission_problems(spec, None) == []


def test_admission_reads_the_pathway_live_not_from_the_cache(kube: FakeKube) -> None:
    cache = ReferenceCache()  # keeps no graphs, and may lag an edit
    cache.put("pathways", {"metadata": {"name": "support-line", "namespace": "team"}, "spec": PATHWAY.spec.wire()})
    spec = {"pathwayId": "support-line", "assertions": [{"type": "NODE_REACHED", "config": {"nodeId": "bookd"}}]}
    assert not review(kube, scenario_request(spec), cache).allowed


# --- tornado run: the same rule as the operator's start ---


def test_tornado_run_refuses_a_typo_before_running(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "support-line"
    folder.mkdir()
    for source in (EXAMPLES / "support-line").iterdir():
        (folder / source.name).write_text(source.read_text())
    text = (folder / "scenarios.yaml").read_text().replace("config: {nodeId: billing-dispute}", "config: {nodeId: billing-dispte}")
    (folder / "scenarios.yaml").write_text(text)
    assert main(["run", str(folder), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert 'spec.assertions[0].config.nodeId: NODE_REACHED \'reaches-dispute\': no node "billing-dispte" in pathway "support-line" (did you mean "billing-dispute"?)' in err

"""A TestScenario that names what its pathway does not have, on the real control plane: refused
by the admission webhook when applied, or, applied before its Pathway, the session ends ERROR
InvalidScenario naming scenario, assertion and field (never a silent STUCK)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from kubehelpers import (
    OperatorProcess,
    apply_docs,
    example,
    free_port,
    load_docs,
    wait_for,
    wait_phase,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TYPO = 'spec.assertions[0].config.nodeId: NODE_REACHED \'reaches-dispute\': no node "billing-dispte" in pathway "support-line" (did you mean "billing-dispute"?); its nodes: greeting, main-menu,'


@pytest.fixture(scope="module")
def webhook(operator: OperatorProcess) -> Iterator[OperatorProcess]:
    """The operator restarted with its webhook on (URL client config on 127.0.0.1)."""
    port = free_port()
    operator.restart(["--webhook-port", str(port), "--webhook-url", f"https://127.0.0.1:{port}"])
    wait_for(
        lambda: operator.cluster.kubectl("get", "validatingwebhookconfiguration", "tornado-operator", check=False).returncode == 0,
        timeout=30,
        what="the webhook configuration",
    )
    try:
        yield operator
    finally:
        operator.cluster.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator", "--ignore-not-found")
        operator.restart([])


def docs() -> dict[str, Any]:
    found = load_docs(example("support-line"))
    return {
        "pathway": next(d for d in found if d["kind"] == "Pathway"),
        "scenario": copy.deepcopy(next(d for d in found if d["kind"] == "TestScenario" and d["metadata"]["name"] == "billing-double-charge")),
        "session": next(d for d in found if d["kind"] == "TornadoSession"),
    }


def with_typo(scenario: dict[str, Any]) -> dict[str, Any]:
    scenario = copy.deepcopy(scenario)
    scenario["spec"]["assertions"][0]["config"]["nodeId"] = "billing-dispte"
    return scenario


def apply(cluster: Any, ns: str, doc: dict[str, Any]) -> Any:
    return cluster.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(doc), check=False)


def test_a_typo_is_refused_at_apply_time(crds: Any, webhook: OperatorProcess, ns: str) -> None:
    parts = docs()
    apply_docs(crds, ns, [parts["pathway"]])
    wait_for(lambda: crds.kubectl("get", "pw", "support-line", "-n", ns, check=False).returncode == 0, timeout=10, what="the pathway")
    refused = apply(crds, ns, with_typo(parts["scenario"]))
    assert refused.returncode != 0
    assert 'admission webhook "testscenarios.agenttesting.dev" denied the request' in refused.stderr, refused.stderr
    assert TYPO in refused.stderr, refused.stderr
    # an unknown key names the closest valid one
    bad_key = copy.deepcopy(parts["scenario"])
    bad_key["spec"]["assertions"][0]["config"] = {"nodeid": "billing-dispute"}
    refused = apply(crds, ns, bad_key)
    assert 'spec.assertions[0].config.nodeid: unknown NODE_REACHED key (did you mean "nodeId"?)' in refused.stderr, refused.stderr
    # fixed, it is admitted; an update that brings the typo back is refused too
    assert apply(crds, ns, parts["scenario"]).returncode == 0
    refused = apply(crds, ns, with_typo(parts["scenario"]))
    assert refused.returncode != 0 and TYPO in refused.stderr, refused.stderr


def test_applied_before_its_pathway_the_session_ends_invalid_scenario(crds: Any, webhook: OperatorProcess, ns: str) -> None:
    parts = docs()
    assert apply(crds, ns, with_typo(parts["scenario"])).returncode == 0  # no Pathway yet: nothing to check against
    apply_docs(crds, ns, [parts["pathway"]])
    session = copy.deepcopy(parts["session"])
    session["spec"]["scenarioIds"] = ["billing-double-charge"]
    apply_docs(crds, ns, [session])
    status = wait_phase(crds, ns, session["metadata"]["name"], timeout=60)["status"]
    assert (status["phase"], status["reason"]) == ("ERROR", "InvalidScenario")
    assert status["message"].startswith('TestScenario "billing-double-charge": ' + TYPO), status["message"]

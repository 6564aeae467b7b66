"""Pathways the fixer has never seen (tests/corpus/fixer/) end the same way through the operator
(real Jobs on the local control plane) as through `tornado run`: the same outcome, unfixable
list, iterations, fixes and held-out results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kubehelpers import OperatorProcess, apply_docs, get_session, load_docs, wait_phase
from tornado_operator.api.manifests import load_manifests
from tornado_operator.drivers.local import run_local

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "fixer"


def manifests(folder: Path) -> list[dict[str, Any]]:
    return [doc for name in ("pathway.yaml", "scenarios.yaml", "session.yaml") for doc in load_docs(folder / name)]


def local(folder: Path) -> Any:
    found = load_manifests([folder / name for name in ("pathway.yaml", "scenarios.yaml", "session.yaml")])
    return run_local(
        session=found.of_kind("TornadoSession")[0].obj,
        scenarios=[doc.obj for doc in found.of_kind("TestScenario")],
        pathway=found.of_kind("Pathway")[0].obj,
    )


def summary(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            r["iteration"],
            sorted(r.get("passedIds") or []),
            sorted(r.get("failedIds") or []),
            sorted(r.get("newlyUnfixableIds") or []),
            sorted(r.get("heldOutPassedIds") or []),
            sorted(r.get("heldOutFailedIds") or []),
            [(f["id"], f["targetNode"], f["type"], f["description"]) for f in (r.get("fixPlan") or {}).get("fixes", [])],
        )
        for r in records
    ]


@pytest.mark.parametrize("domain", ["delivery-tracking", "insurance-claim"])
def test_the_operator_and_tornado_run_agree_on_an_unseen_pathway(
    crds: Any, operator: OperatorProcess, ns: str, domain: str
) -> None:
    folder = CORPUS / domain
    expected = local(folder)
    docs = manifests(folder)
    apply_docs(crds, ns, docs)
    name = next(d for d in docs if d["kind"] == "TornadoSession")["metadata"]["name"]
    status = wait_phase(crds, ns, name, timeout=300)["status"]
    assert status["phase"] == expected.phase.value, status.get("message")
    assert status["phase"] in ("STUCK", "COMPLETED_ALL_PASSED")
    assert sorted(status.get("unfixableIds") or []) == sorted(expected.session.status.unfixable_ids)
    assert sorted(status["heldOutScenarioIds"]) == sorted(expected.session.status.held_out_scenario_ids) != []
    mine = [r.wire() for r in expected.session.status.iterations]
    assert summary(status["iterations"]) == summary(mine)
    # the fork the operator wrote is the one tornado run wrote
    forked = get_session(crds, ns, name)["status"]["forkedVersion"]
    assert forked == expected.versions[-1].spec.version_number

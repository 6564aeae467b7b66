"""A pathway whose edges route by label only (examples/label-line) runs through the operator
(real iteration Jobs on the local control plane, the offline engine reading WordNet in the
Job's process) and ends as `tornado run` ends it: the same iterations, label-description fixes
and forked version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kubehelpers import (
    OperatorProcess,
    apply_docs,
    get_session,
    kubectl_json,
    load_docs,
    wait_phase,
)
from tornado_operator.api.manifests import load_manifests
from tornado_operator.drivers.local import run_local

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "label-line"
FILES = ("pathway.yaml", "scenarios.yaml", "session.yaml")


def test_a_label_routed_pathway_is_fixed_through_the_operator(crds: Any, operator: OperatorProcess, ns: str) -> None:
    found = load_manifests([EXAMPLE / name for name in FILES])
    expected = run_local(
        session=found.of_kind("TornadoSession")[0].obj,
        scenarios=[doc.obj for doc in found.of_kind("TestScenario")],
        pathway=found.of_kind("Pathway")[0].obj,
    )
    docs = [doc for name in FILES for doc in load_docs(EXAMPLE / name)]
    apply_docs(crds, ns, docs)
    name = next(d for d in docs if d["kind"] == "TornadoSession")["metadata"]["name"]
    status = wait_phase(crds, ns, name, timeout=300)["status"]
    assert status["phase"] == "COMPLETED_ALL_PASSED" == expected.phase.value, status.get("message")
    iterations = status["iterations"]
    assert len(iterations) == 2
    assert sorted(iterations[0]["failedIds"]) == ["chocolate", "puppy-shots"]
    fixes = iterations[0]["fixPlan"]["fixes"]
    mine = expected.session.status.iterations[0].wire()["fixPlan"]["fixes"]
    assert [(f["targetNode"], f["description"]) for f in fixes] == [(f["targetNode"], f["description"]) for f in mine]
    assert all("to the description of" in f["description"] for f in fixes)
    forked = get_session(crds, ns, name)["status"]["forkedVersion"]
    assert forked == expected.versions[-1].spec.version_number
    version = kubectl_json(crds, "get", "pathwayversion", f"vet-line-v{forked}", "-n", ns)
    assert all(not (edge.get("match") or {}).get("keywords") for edge in version["spec"]["edges"])
    descriptions = {edge["id"]: edge.get("description", "") for edge in version["spec"]["edges"]}
    assert "Also when the caller mentions" in descriptions["greet-book"]

"""The generated CRDs on a real API server: accepted, defaulted, validated, printed, selected."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from kubehelpers import install_crds, kubectl_json, temp_namespace


@pytest.fixture(scope="module")
def ns(cluster: Any) -> Iterator[str]:
    install_crds(cluster)
    with temp_namespace(cluster, "crd") as namespace:
        yield namespace


def session_doc(name: str, **spec: Any) -> str:
    return yaml.safe_dump(
        {
            "apiVersion": "agenttesting.dev/v1alpha1",
            "kind": "TornadoSession",
            "metadata": {"name": name},
            "spec": {"pathwayId": "support", **spec},
        }
    )


def create(cluster: Any, ns: str, doc: str) -> Any:
    return cluster.kubectl("create", "-n", ns, "-f", "-", input=doc, check=False)


def test_crds_are_established(cluster: Any, ns: str) -> None:
    for plural in ("tornadosessions", "pathways", "pathwayversions", "testscenarios"):
        crd = kubectl_json(cluster, "get", "crd", f"{plural}.agenttesting.dev")
        conditions = {c["type"]: c["status"] for c in crd["status"]["conditions"]}
        assert conditions.get("Established") == "True", plural
        assert conditions.get("NamesAccepted") == "True", plural


def test_valid_session_is_accepted_and_defaulted(cluster: Any, ns: str) -> None:
    result = create(cluster, ns, session_doc("ok-1"))
    assert result.returncode == 0, result.stderr
    obj = kubectl_json(cluster, "get", "ts", "ok-1", "-n", ns)
    assert obj["spec"]["maxIterations"] == 5
    assert obj["spec"]["timeoutMs"] == 900000
    assert obj["spec"]["cancel"] is False


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"scenarioIds": [f"s{i}" for i in range(51)]}, "spec.scenarioIds"),
        ({"scenarioIds": ["a", "a"]}, "spec.scenarioIds[1]"),
        ({"maxIterations": 0}, "spec.maxIterations"),
        ({"maxIterations": 21}, "spec.maxIterations"),
        ({"timeoutMs": -5}, "spec.timeoutMs"),
        ({"pathwayId": "Not_A_Label"}, "spec.pathwayId"),
    ],
)
def test_invalid_sessions_are_rejected_naming_the_field(cluster: Any, ns: str, spec: dict[str, Any], field: str) -> None:
    result = create(cluster, ns, session_doc("bad", **spec))
    assert result.returncode != 0
    assert field in result.stderr, result.stderr


def test_missing_pathway_id_is_rejected(cluster: Any, ns: str) -> None:
    doc = yaml.safe_dump({"apiVersion": "agenttesting.dev/v1alpha1", "kind": "TornadoSession", "metadata": {"name": "nop"}, "spec": {}})
    result = create(cluster, ns, doc)
    assert result.returncode != 0
    assert "spec.pathwayId: Required value" in result.stderr, result.stderr


def test_spec_is_immutable_except_cancel(cluster: Any, ns: str) -> None:
    assert create(cluster, ns, session_doc("immut", maxIterations=3)).returncode == 0
    patch = cluster.kubectl("patch", "ts", "immut", "-n", ns, "--type=merge", "-p", json.dumps({"spec": {"pathwayId": "other"}}), check=False)
    assert patch.returncode != 0
    assert "spec.pathwayId is immutable" in patch.stderr, patch.stderr
    patch = cluster.kubectl("patch", "ts", "immut", "-n", ns, "--type=merge", "-p", json.dumps({"spec": {"maxIterations": 4}}), check=False)
    assert "spec.maxIterations is immutable" in patch.stderr, patch.stderr
    patch = cluster.kubectl("patch", "ts", "immut", "-n", ns, "--type=merge", "-p", json.dumps({"spec": {"personaId": "p1"}}), check=False)
    assert "spec.personaId is immutable" in patch.stderr, patch.stderr
    ok = cluster.kubectl("patch", "ts", "immut", "-n", ns, "--type=merge", "-p", json.dumps({"spec": {"cancel": True}}), check=False)
    assert ok.returncode == 0, ok.stderr
    back = cluster.kubectl("patch", "ts", "immut", "-n", ns, "--type=merge", "-p", json.dumps({"spec": {"cancel": False}}), check=False)
    assert "spec.cancel cannot be set back to false" in back.stderr, back.stderr


def test_printer_columns(cluster: Any, ns: str) -> None:
    create(cluster, ns, session_doc("cols"))
    out = cluster.kubectl("get", "ts", "-n", ns).stdout.splitlines()[0].split()
    assert out[:6] == ["NAME", "PATHWAY", "STATUS", "ITERATION", "PASSED", "TOTAL"]
    assert out[-1] == "AGE"
    wide = cluster.kubectl("get", "tornado", "-n", ns, "-o", "wide").stdout.splitlines()[0]
    assert "FORKED" in wide and "MESSAGE" in wide


def test_field_selector_on_pathway_id(cluster: Any, ns: str) -> None:
    create(cluster, ns, session_doc("sel-a", pathwayId="alpha"))
    create(cluster, ns, session_doc("sel-b", pathwayId="beta"))
    out = cluster.kubectl("get", "ts", "-n", ns, "--field-selector", "spec.pathwayId=alpha", "-o", "name").stdout.split()
    assert out == ["tornadosession.agenttesting.dev/sel-a"]


def test_category_lists_every_kind(cluster: Any, ns: str) -> None:
    result = cluster.kubectl("get", "agenttesting", "-n", ns, check=False)
    assert result.returncode == 0, result.stderr


def test_pathway_version_is_immutable(cluster: Any, ns: str) -> None:
    doc = {
        "apiVersion": "agenttesting.dev/v1alpha1",
        "kind": "PathwayVersion",
        "metadata": {"name": "p-v1"},
        "spec": {"pathwayId": "p", "versionNumber": 1, "startNodeId": "a", "nodes": [{"id": "a", "text": "hi"}]},
    }
    assert create(cluster, ns, yaml.safe_dump(doc)).returncode == 0
    patch = cluster.kubectl("patch", "pwv", "p-v1", "-n", ns, "--type=merge", "-p", json.dumps({"spec": {"description": "changed"}}), check=False)
    assert patch.returncode != 0
    assert "immutable" in patch.stderr, patch.stderr


def test_scenario_max_turns_bound(cluster: Any, ns: str) -> None:
    doc = {
        "apiVersion": "agenttesting.dev/v1alpha1",
        "kind": "TestScenario",
        "metadata": {"name": "too-long"},
        "spec": {"pathwayId": "p", "maxTurns": 51},
    }
    result = create(cluster, ns, yaml.safe_dump(doc))
    assert result.returncode != 0 and "spec.maxTurns" in result.stderr, result.stderr


def test_llm_settings_are_defaulted_and_llm_usage_survives_the_status_subresource(cluster: Any, ns: str) -> None:
    """The new runner.llm fields and status.llmUsage are in the schema (nothing pruned on the way)."""
    runner = {"backend": "openai", "llm": {"baseUrl": "http://llm:8000/v1", "model": "m", "maxTokensPerSession": 5000}}
    assert create(cluster, ns, session_doc("llm-1", runner=runner)).returncode == 0
    obj = kubectl_json(cluster, "get", "ts", "llm-1", "-n", ns)
    llm = obj["spec"]["runner"]["llm"]
    assert (llm["maxTokens"], llm["maxTokensPerSession"], llm["responseFormat"]) == (2048, 5000, "json_schema")
    tokens = {"calls": 2, "promptTokens": 30, "completionTokens": 12, "totalTokens": 42}
    usage = {**tokens, "byRole": {"agent": tokens}, "byIteration": [{"iteration": 1, **tokens, "byRole": {"agent": tokens}}]}
    obj["status"] = {"phase": "RUNNING", "llmUsage": usage}
    replaced = cluster.kubectl("replace", "--subresource=status", "-n", ns, "-f", "-", input=json.dumps(obj), check=False)
    assert replaced.returncode == 0, replaced.stderr
    assert kubectl_json(cluster, "get", "ts", "llm-1", "-n", ns)["status"]["llmUsage"] == usage
    bad = create(cluster, ns, session_doc("llm-2", runner={**runner, "llm": {**runner["llm"], "responseFormat": "xml"}}))
    assert bad.returncode != 0 and "spec.runner.llm.responseFormat" in bad.stderr


@pytest.mark.parametrize("example_name", ["support-line", "unfixable"])
def test_client_side_apply_of_unchanged_examples_says_unchanged(cluster: Any, example_name: str) -> None:
    """A second `kubectl apply` of the same manifests changes nothing and says so (the CRDs
    default no field inside a list: kubectl's merge patch replaces lists whole)."""
    from kubehelpers import example

    files = sorted(str(path) for path in example(example_name).glob("*.yaml"))
    with temp_namespace(cluster, "apply") as namespace:
        args = ["apply", "-n", namespace, *(arg for path in files for arg in ("-f", path))]
        first = cluster.kubectl(*args).stdout.splitlines()
        assert first and all(line.endswith(" created") for line in first), first
        second = cluster.kubectl(*args).stdout.splitlines()
        assert len(second) == len(first)
        assert all(line.endswith(" unchanged") for line in second), second
        kinds = {line.split("/")[0] for line in second}
        assert {"pathway.agenttesting.dev", "testscenario.agenttesting.dev", "tornadosession.agenttesting.dev"} <= kinds

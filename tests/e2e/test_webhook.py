"""The admission webhook on the real control plane: the API server calls it over HTTPS."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from kubernetes.client.exceptions import ApiException

from kubehelpers import (
    OperatorProcess,
    apply_docs,
    example,
    get_session,
    kubectl_json,
    load_docs,
    wait_for,
    wait_phase,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CONFLICT = 'tornado session "{holder}" is already running for pathway "{pathway}"'


@pytest.fixture(scope="module")
def webhook(operator: OperatorProcess) -> Iterator[OperatorProcess]:
    """The operator restarted with its webhook on (URL client config on 127.0.0.1)."""
    operator.restart(webhook=True)  # returns once the webhook configuration is registered
    try:
        yield operator
    finally:
        operator.cluster.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator", "--ignore-not-found")
        operator.restart(webhook=False)


def setup_pathway(cluster: Any, ns: str) -> tuple[dict[str, Any], str]:
    docs = load_docs(example("support-line"))
    apply_docs(cluster, ns, [d for d in docs if d["kind"] != "TornadoSession"])
    session = next(d for d in docs if d["kind"] == "TornadoSession")
    return session, session["spec"]["pathwayId"]


def session_doc(template: dict[str, Any], name: str, **spec: Any) -> dict[str, Any]:
    doc = copy.deepcopy(template)
    doc["metadata"] = {"name": name}
    doc["spec"].update({"runner": {"command": ["python", "-c", "import time; time.sleep(300)"]}, **spec})
    return doc


def apply(cluster: Any, ns: str, doc: dict[str, Any]) -> Any:
    return cluster.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(doc), check=False)


def test_second_session_for_a_running_pathway_is_rejected(crds: Any, webhook: OperatorProcess, ns: str) -> None:
    template, pathway = setup_pathway(crds, ns)
    first = apply(crds, ns, session_doc(template, "first"))
    assert first.returncode == 0, first.stderr
    second = apply(crds, ns, session_doc(template, "second"))
    assert second.returncode != 0
    assert CONFLICT.format(holder="first", pathway=pathway) in second.stderr, second.stderr
    # Sessions of other pathways are unaffected.
    other = copy.deepcopy(load_docs(example("support-line")))
    pathway_doc = next(d for d in other if d["kind"] == "Pathway")
    pathway_doc["metadata"]["name"] = "other-line"
    scenarios = [d for d in other if d["kind"] == "TestScenario"]
    for scenario in scenarios:
        scenario["metadata"]["name"] = "other-" + scenario["metadata"]["name"]
        scenario["spec"]["pathwayId"] = "other-line"
    apply_docs(crds, ns, [pathway_doc, *scenarios])
    third = apply(crds, ns, session_doc(template, "third", pathwayId="other-line"))
    assert third.returncode == 0, third.stderr
    # After the first ends, a new one is admitted.
    crds.kubectl("patch", "ts", "first", "-n", ns, "--type=merge", "-p", '{"spec":{"cancel":true}}')
    wait_phase(crds, ns, "first", timeout=60)
    wait_for(lambda: apply(crds, ns, session_doc(template, "fourth")).returncode == 0, timeout=30, what="admission after the first ended")


def test_persona_conflict_is_rejected(crds: Any, webhook: OperatorProcess, ns: str) -> None:
    template, _pathway = setup_pathway(crds, ns)
    assert apply(crds, ns, session_doc(template, "persona-a", personaId="sales-bot")).returncode == 0
    # Another pathway, same persona.
    docs = copy.deepcopy(load_docs(example("support-line")))
    pathway_doc = next(d for d in docs if d["kind"] == "Pathway")
    pathway_doc["metadata"]["name"] = "persona-line"
    scenarios = [d for d in docs if d["kind"] == "TestScenario"]
    for scenario in scenarios:
        scenario["metadata"]["name"] = "p-" + scenario["metadata"]["name"]
        scenario["spec"]["pathwayId"] = "persona-line"
    apply_docs(crds, ns, [pathway_doc, *scenarios])
    result = apply(crds, ns, session_doc(template, "persona-b", pathwayId="persona-line", personaId="sales-bot"))
    assert result.returncode != 0
    assert 'tornado session "persona-a" is already running for persona "sales-bot"' in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"pathwayId": "no-such-pathway"}, 'spec.pathwayId: Pathway "no-such-pathway" not found'),
        ({"versionNumber": 99}, "spec.versionNumber: PathwayVersion"),
        ({"scenarioIds": ["no-such-scenario"]}, 'spec.scenarioIds[0]: TestScenario "no-such-scenario" not found'),
    ],
)
def test_invalid_references_are_rejected_naming_the_field(
    crds: Any, webhook: OperatorProcess, ns: str, spec: dict[str, Any], message: str
) -> None:
    template, _pathway = setup_pathway(crds, ns)
    result = apply(crds, ns, session_doc(template, "invalid", **spec))
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_scenario_of_another_pathway_and_no_enabled_scenarios(crds: Any, webhook: OperatorProcess, ns: str) -> None:
    template, _pathway = setup_pathway(crds, ns)
    lonely = {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "Pathway", "metadata": {"name": "lonely"},
              "spec": {"startNodeId": "a", "nodes": [{"id": "a", "text": "hi"}]}}
    apply_docs(crds, ns, [lonely])
    scenario = next(d for d in load_docs(example("support-line")) if d["kind"] == "TestScenario")["metadata"]["name"]
    result = apply(crds, ns, session_doc(template, "cross", pathwayId="lonely", scenarioIds=[scenario]))
    assert result.returncode != 0 and "spec.scenarioIds[0]" in result.stderr and "belongs to pathway" in result.stderr, result.stderr
    result = apply(crds, ns, session_doc(template, "empty", pathwayId="lonely"))
    assert result.returncode != 0 and 'pathway "lonely" has no enabled TestScenarios' in result.stderr, result.stderr


def concurrent_creates(cluster: Any, ns: str, docs: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    from kubernetes import client

    api = client.CustomObjectsApi(cluster.api_client())
    admitted: list[str] = []
    rejected: list[str] = []
    barrier = threading.Barrier(len(docs))
    lock = threading.Lock()

    def create(doc: dict[str, Any]) -> None:
        barrier.wait()
        try:
            api.create_namespaced_custom_object("agenttesting.dev", "v1alpha1", ns, "tornadosessions", doc)
            with lock:
                admitted.append(doc["metadata"]["name"])
        except ApiException as exc:
            with lock:
                rejected.append(json.loads(exc.body).get("message", ""))

    threads = [threading.Thread(target=create, args=(doc,)) for doc in docs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return admitted, rejected


def test_fifty_concurrent_creates_admit_exactly_one(crds: Any, webhook: OperatorProcess, ns: str) -> None:
    template, pathway = setup_pathway(crds, ns)
    for round_ in range(10):
        docs = [session_doc(template, f"race{round_}-{i}") for i in range(50)]
        admitted, rejected = concurrent_creates(crds, ns, docs)
        assert len(admitted) == 1, f"round {round_}: admitted {admitted}"
        assert len(rejected) == 49
        expected = CONFLICT.format(holder=admitted[0], pathway=pathway)
        assert all(expected in message for message in rejected), set(rejected)
        winner = admitted[0]
        wait_for(lambda w=winner: (get_session(crds, ns, w).get("status") or {}).get("phase") == "RUNNING", timeout=30, what="the winner running")
        crds.kubectl("patch", "ts", winner, "-n", ns, "--type=merge", "-p", '{"spec":{"cancel":true}}')
        wait_phase(crds, ns, winner, timeout=60)
        wait_for(lambda: not kubectl_json(crds, "get", "leases", "-n", ns)["items"], timeout=30, what="the lock to be released")


def test_without_the_webhook_the_operator_still_admits_one(crds: Any, operator: OperatorProcess, ns: str) -> None:
    crds.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator", "--ignore-not-found")
    template, pathway = setup_pathway(crds, ns)
    docs = [session_doc(template, f"nohook-{i}") for i in range(10)]
    admitted, rejected = concurrent_creates(crds, ns, docs)
    assert len(admitted) == 10 and not rejected
    finished = {name: wait_phase(crds, ns, name, timeout=90, terminal=False)["status"] for name in admitted}

    def settled() -> dict[str, Any] | None:
        statuses = {name: get_session(crds, ns, name)["status"] for name in admitted}
        running = [name for name, status in statuses.items() if status.get("phase") == "RUNNING"]
        errors = [name for name, status in statuses.items() if status.get("phase") == "ERROR"]
        return statuses if len(running) == 1 and len(errors) == 9 else None

    statuses = wait_for(settled, timeout=90, what="one RUNNING and nine ERROR sessions")
    del finished
    running = next(name for name, status in statuses.items() if status["phase"] == "RUNNING")
    for name, status in statuses.items():
        if name != running:
            assert status["reason"] == "Conflict"
            assert CONFLICT.format(holder=running, pathway=pathway) in status["message"]

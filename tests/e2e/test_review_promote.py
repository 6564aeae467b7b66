"""From a repaired version to production on the local control plane: review the fixes with
tornado diff, promote (refused until the required scenario passed on that version), LIVE in
kubectl get pw, a new session starts from the live version, and the exported version applied
back as the Pathway is recognised as the same content (no new version)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kubehelpers import (
    REPO,
    OperatorProcess,
    apply_docs,
    example,
    get_session,
    kubectl_json,
    load_docs,
    wait_for,
    wait_phase,
)
from tornado_operator.controller.kube import Kube

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PATHWAY = "support-line"
REQUIRED = "manager-escalation"  # required for promotion, and left out of the repairing session


def cli(cluster: Any, ns: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tornado_operator.cli.main", *args, "-n", ns],
        env=cluster.env(), capture_output=True, text=True, timeout=120,
    )


def session(cluster: Any, ns: str, name: str, **spec: Any) -> dict[str, Any]:
    body = {
        "apiVersion": "agenttesting.dev/v1alpha1",
        "kind": "TornadoSession",
        "metadata": {"name": name},
        "spec": {"pathwayId": PATHWAY, "maxIterations": 5, "timeoutMs": 300_000, **spec},
    }
    apply_docs(cluster, ns, [body])
    finished = wait_phase(cluster, ns, name, timeout=240)
    assert finished["status"]["phase"] == "COMPLETED_ALL_PASSED", finished["status"]
    return finished


def versions(cluster: Any, ns: str) -> list[int]:
    items = kubectl_json(cluster, "get", "pathwayversions", "-n", ns)["items"]
    return sorted(item["spec"]["versionNumber"] for item in items)


def test_review_promote_and_hand_back_to_git(crds: Any, operator: OperatorProcess, ns: str, tmp_path: Path) -> None:
    docs = [d for d in load_docs(example(PATHWAY)) if d["kind"] in ("Pathway", "TestScenario")]
    for doc in docs:
        if doc["kind"] == "TestScenario" and doc["metadata"]["name"] == REQUIRED:
            doc["spec"]["isRequiredForPromotion"] = True
    apply_docs(crds, ns, docs)
    others = sorted(d["metadata"]["name"] for d in docs if d["kind"] == "TestScenario" and d["metadata"]["name"] != REQUIRED)

    # 1. The pathway is repaired (the required scenario is not among the session's).
    repaired = session(crds, ns, "repair", scenarioIds=others)["status"]
    final = repaired["iterations"][-1]["versionTested"]
    assert final == 3 and repaired["startVersion"] == 1

    # 2. tornado diff v1 v3: exactly the fixes, each tagged with its id and the version it made.
    expected = {
        (f"v{record['forkedVersion']} {fix['id']}", fix["description"])
        for record in repaired["iterations"] if record.get("forkedVersion")
        for fix in record["fixPlan"]["fixes"]
    }
    diff = cli(crds, ns, "diff", "v1", "v3", "-p", PATHWAY)
    assert diff.returncode == 0, diff.stderr
    tags = set(re.findall(r"\[(v\d+ fix-\d+)\]", diff.stdout))
    assert tags == {tag for tag, _ in expected}, diff.stdout
    for tag, description in expected:
        assert f"{tag} (session repair, iteration " in diff.stdout and description in diff.stdout
    assert "no fix" not in diff.stdout and "\x1b[" not in diff.stdout
    against_spec = cli(crds, ns, "diff", "v3", "-p", PATHWAY)  # one version: against the Pathway's spec (= v1)
    assert against_spec.returncode == 0 and set(re.findall(r"\[(v\d+ fix-\d+)\]", against_spec.stdout)) == tags
    as_json = cli(crds, ns, "diff", f"{PATHWAY}-v1", f"{PATHWAY}-v3", "-o", "json")
    assert as_json.returncode == 0 and '"unexplainedFixes": []' in as_json.stdout

    # 3. Promotion is refused while the required scenario has not passed on version 3 ...
    refused = cli(crds, ns, "promote", PATHWAY, "--version", "3")
    assert refused.returncode == 6, refused.stdout + refused.stderr
    assert f"never run on it: {REQUIRED}" in refused.stderr
    assert "liveVersion" not in (kubectl_json(crds, "get", "pathway", PATHWAY, "-n", ns).get("status") or {})
    # ... and accepted after a session tested exactly version 3 with it.
    checked = session(crds, ns, "check-v3", versionNumber=3, scenarioIds=[REQUIRED])
    assert checked["status"]["iterations"][0]["versionTested"] == 3
    promoted = cli(crds, ns, "promote", PATHWAY, "--version", "3")
    assert promoted.returncode == 0, promoted.stderr
    assert "promoted to production" in promoted.stdout and "session check-v3" in promoted.stdout
    status = kubectl_json(crds, "get", "pathway", PATHWAY, "-n", ns)["status"]
    assert status["liveVersion"] == 3
    record = status["promotions"][0]
    assert record["sessionName"] == "check-v3" and record["requiredScenarioIds"] == [REQUIRED] and record["promotedBy"]
    events = crds.kubectl("get", "events", "-n", ns, "--field-selector", f"involvedObject.name={PATHWAY}").stdout
    assert "Promoted" in events

    # 4. kubectl get pw shows LIVE 3 beside LATEST 3.
    header, row = crds.kubectl("get", "pw", PATHWAY, "-n", ns).stdout.splitlines()[:2]

    def column(name: str) -> str:  # by position: an empty column (START) leaves no word
        start = header.index(name)
        return row[start:].split()[0] if row[start:start + 1].strip() else ""

    assert header.index("LATEST") < header.index("LIVE"), header
    assert column("LATEST") == "3" and column("LIVE") == "3", (header, row)

    # 5. A new session without versionNumber tests the live version.
    fresh = session(crds, ns, "after-promotion")["status"]
    assert fresh["startVersion"] == 3 and fresh["iterations"][0]["versionTested"] == 3

    # 6. The exported version, applied back as the Pathway, is version 3: no new version.
    before = versions(crds, ns)
    generation = kubectl_json(crds, "get", "pathway", PATHWAY, "-n", ns)["metadata"]["generation"]
    exported = tmp_path / "pathway.yaml"
    out = cli(crds, ns, "export", PATHWAY, "--version", "3", "--from", str(example(PATHWAY) / "pathway.yaml"), "-o", str(exported))
    assert out.returncode == 0, out.stderr
    text = exported.read_text()
    assert text.startswith("# A home-services customer-support line") and "status:" not in text and "provenance" not in text
    crds.kubectl("apply", "-n", ns, "-f", str(exported))

    def snapshotted() -> dict[str, Any] | None:
        pathway = kubectl_json(crds, "get", "pathway", PATHWAY, "-n", ns)
        current = pathway.get("status") or {}
        moved = pathway["metadata"]["generation"] > generation
        return current if moved and current.get("observedGeneration") == pathway["metadata"]["generation"] else None

    current = wait_for(snapshotted, timeout=60, what="the operator to look at the applied Pathway")
    assert current["specVersion"] == 3 and current["latestVersion"] == 3
    assert versions(crds, ns) == before == [1, 2, 3]
    events = crds.kubectl("get", "events", "-n", ns, "--field-selector", f"involvedObject.name={PATHWAY}").stdout
    assert "is version 3" in events
    assert get_session(crds, ns, "after-promotion")["status"]["phase"] == "COMPLETED_ALL_PASSED"
    same = cli(crds, ns, "diff", "spec", "v3", "-p", PATHWAY)  # the synced spec against v3
    assert same.returncode == 0 and "no changes" in same.stdout, same.stdout + same.stderr


def test_promoting_is_a_separate_permission(crds: Any, ns: str) -> None:
    """tornado-edit (what starting sessions needs) cannot promote; tornado-promote can."""
    crds.kubectl("apply", "-f", str(REPO / "manifests" / "base" / "user-clusterroles.yaml"))
    crds.kubectl("create", "rolebinding", "dev", "--clusterrole=tornado-edit", "--user=dev", "-n", ns)
    crds.kubectl("create", "rolebinding", "lead", "--clusterrole=tornado-promote", "--user=lead", "-n", ns)

    def can(user: str, *what: str) -> str:
        return crds.kubectl("auth", "can-i", *what, "-n", ns, f"--as={user}", check=False).stdout.strip()

    assert can("dev", "create", "tornadosessions") == "yes"
    assert can("dev", "update", "pathways", "--subresource=status") == "no"
    assert can("lead", "update", "pathways", "--subresource=status") == "yes"
    assert can("lead", "list", "tornadosessions") == "yes" and can("lead", "create", "events") == "yes"
    assert can("lead", "update", "pathways") == "no" and can("lead", "create", "tornadosessions") == "no"
    # The same questions as the webhook asks them (SubjectAccessReview), and who the CLI says promoted.
    kube = Kube(crds.api_client())
    assert kube.can_i({"username": "lead", "groups": ["system:authenticated"]}, "update", "pathways", ns, PATHWAY, subresource="status")
    assert not kube.can_i({"username": "dev", "groups": ["system:authenticated"]}, "update", "pathways", ns, PATHWAY, subresource="status")
    assert kube.whoami()  # SelfSubjectReview: the API server's name for the caller

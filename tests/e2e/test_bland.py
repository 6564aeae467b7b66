"""The bland backend through the operator: a session on the local control plane whose iteration
Job drives a deployed pathway (tests/fake_bland.py, a local server implementing Bland's
pathway-chat shapes) with the API key read from a Secret, and ends with the fix proposed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fake_bland import FakeBland
from kubehelpers import OperatorProcess, apply_docs, example, kubectl_json, load_docs, wait_phase

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

KEY = "bland-e2e-key-5f1d2c"
BLAND_ID = "7f3c1a2e-acme"


def _cli(crds: Any, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tornado_operator.cli.main", *args],
        env={**crds.env(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_session_against_the_deployed_pathway(crds: Any, operator: OperatorProcess, ns: str, tmp_path: Path) -> None:
    folder = example("bland-line")
    with FakeBland(KEY) as fake:
        fake.add_pathway(BLAND_ID, json.loads((folder / "pathway.json").read_text()))
        fake.webhook_responses["https://acme.example/accounts/"] = {"balance": 120}

        manifest = tmp_path / "pathway.yaml"  # applied as `tornado import` wrote it (kubectl reads its YAML)
        imported = _cli(crds, "import", "--from", "bland", str(folder / "pathway.json"), "--name", "acme-line", "-o", str(manifest))
        assert imported.returncode == 0, imported.stderr
        session = yaml.safe_load((folder / "session.yaml").read_text())
        session["spec"]["runner"]["bland"].update(baseUrl=fake.base_url, pathwayId=BLAND_ID)
        docs = [*load_docs(folder / "scenarios.yaml"), session]
        crds.kubectl("create", "secret", "generic", "bland-api-key", "-n", ns, f"--from-literal=apiKey={KEY}")
        crds.kubectl("apply", "-n", ns, "-f", str(manifest))
        apply_docs(crds, ns, docs)

        name = session["metadata"]["name"]
        status = wait_phase(crds, ns, name, timeout=240)["status"]
        assert fake.problems == []
        assert (status["phase"], status["reason"]) == ("COMPLETED_PARTIAL", "FixesProposed"), status.get("message")
        [record] = status["iterations"]
        assert sorted(record["passedIds"]) == ["billing-balance", "opening-hours", "talk-to-a-person"]
        assert record["failedIds"] == ["balance-mentions-autopay"]
        assert status["forkedVersion"] == 2
        creates = fake.requests_to("/v1/pathway/chat/create")
        assert len(creates) == 4 and {r.headers["authorization"] for r in creates} == {KEY}

        # The same iteration as `tornado run` on the same manifests (its key from the environment).
        local_dir = tmp_path / "local"
        local_dir.mkdir()
        for index, doc in enumerate(docs):
            (local_dir / f"{index}.yaml").write_text(yaml.safe_dump(doc))
        (local_dir / "pathway.yaml").write_text(manifest.read_text())
        local = _cli(crds, "run", str(local_dir), "--json", "-o", str(tmp_path / "out"), env={"BLAND_API_KEY": KEY})
        assert local.returncode == 10, local.stderr
        [local_record] = json.loads(local.stdout)["iterations"]
        assert (sorted(local_record["passed_ids"]), local_record["failed_ids"]) == (sorted(record["passedIds"]), record["failedIds"])
        assert [f["target_node"] for f in local_record["fix_plan"]["fixes"]] == [f["targetNode"] for f in record["fixPlan"]["fixes"]]
        assert fake.problems == []

    # The proposal: a PathwayVersion forked by this session, exported as Bland's create-version body.
    version = kubectl_json(crds, "get", "pathwayversion", "acme-line-v2", "-n", ns)
    assert version["spec"]["provenance"]["source"] == "tornado-fix"
    exported = _cli(crds, "export", "--to", "bland", "acme-line", "--version", "2", "--as", "version", "-n", ns)
    assert exported.returncode == 0, exported.stderr
    body = json.loads(exported.stdout)
    balance = next(node for node in body["nodes"] if node.get("id") == "balance")
    assert "autopay" in balance["data"]["text"].lower()
    assert next(node for node in body["nodes"] if node.get("id") == "start")["position"] == {"x": 0, "y": 0}

    # The key is read from the Secret and written nowhere.
    written = json.dumps(kubectl_json(crds, "get", "tornadosessions,configmaps,pathwayversions,events", "-n", ns))
    assert KEY not in written

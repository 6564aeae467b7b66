"""`tornado cancel --wait` against the real operator: the hosted cancel response, then the final
CANCELLED status once the operator has ended the session."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest

from kubehelpers import OperatorProcess, apply_docs, example, kubectl_json, load_docs, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_cancel_wait_prints_the_response_then_the_final_status(crds: Any, operator: OperatorProcess, ns: str) -> None:
    docs = load_docs(example("support-line"))
    apply_docs(crds, ns, [d for d in docs if d["kind"] != "TornadoSession"])
    session = copy.deepcopy(next(d for d in docs if d["kind"] == "TornadoSession"))
    session["metadata"] = {"name": "cancel-wait"}
    session["spec"]["runner"] = {"command": ["python", "-c", "import time; time.sleep(120)"]}
    apply_docs(crds, ns, [session])
    wait_for(
        lambda: kubectl_json(crds, "get", "jobs", "-n", ns, "-l", "agenttesting.dev/session=cancel-wait")["items"],
        timeout=60,
        what="iteration 1's Job",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tornado_operator.cli.main", "cancel", "cancel-wait", "-n", ns, "--wait", "--timeout", "60"],
        env=crds.env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("\n", 1)
    assert first == '{"cancelled": true}'
    final = json.loads(rest)
    assert final["status"] == "CANCELLED"
    assert final["session_id"] == kubectl_json(crds, "get", "ts", "cancel-wait", "-n", ns)["metadata"]["uid"]

"""The Argo CD health check (deploy/argocd/health.lua), quick checks in PUC Lua 5.1 (lupa).

Argo CD evaluates the script in gopher-lua with the live object as the global `obj` (JSON
converted to Lua tables) and uses the returned table's `status` and `message`; it opens only
the base, table, package and (a safe) os library unless useOpenLibs is set, so these runs
remove the others (string, math, io, ...) too. The authoritative check is Argo CD's own code
on real sessions (tests/e2e/test_ecosystem_health.py); these are the fast ones. The sample
statuses come from the same bookkeeping functions the operator uses (tornado_operator.loop.status).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lupa.lua51 as lua51
import pytest
import yaml

from tornado_operator.api.session import Phase, TornadoSessionSpec, TornadoSessionStatus
from tornado_operator.loop.status import finish, start_status

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "argocd" / "health.lua"
CM_PATCH = ROOT / "deploy" / "argocd" / "argocd-cm-patch.yaml"
NOW = "2025-01-01T12:00:00Z"
LATER = "2025-01-01T12:05:00Z"


def to_lua(runtime: Any, value: Any) -> Any:
    """JSON-like Python data as Lua values (dicts and lists as tables, lists 1-indexed)."""
    if isinstance(value, dict):
        return runtime.table_from({key: to_lua(runtime, item) for key, item in value.items()})
    if isinstance(value, list):
        return runtime.table_from([to_lua(runtime, item) for item in value])
    return value


# Not opened by Argo CD unless resource.customizations.useOpenLibs.<group>_<kind> is "true".
CLOSED_LIBRARIES = ("string", "math", "io", "coroutine", "debug")


def argo_runtime(module: Any) -> Any:
    runtime = module.LuaRuntime(unpack_returned_tuples=True)
    for name in CLOSED_LIBRARIES:
        setattr(runtime.globals(), name, None)
    return runtime


def health(obj: dict[str, Any], script: str | None = None) -> tuple[str, str]:
    runtime = argo_runtime(lua51)
    runtime.globals().obj = to_lua(runtime, obj)
    result = runtime.execute(script if script is not None else SCRIPT.read_text())
    assert result is not None, "the script must return a table"
    return str(result["status"]), str(result["message"] or "")


def session(status: TornadoSessionStatus | None, generation: int = 1) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "apiVersion": "agenttesting.dev/v1alpha1",
        "kind": "TornadoSession",
        "metadata": {"name": "support-fix", "namespace": "team-a", "generation": generation},
        "spec": {"pathwayId": "support-line"},
    }
    if status is not None:
        obj["status"] = status.wire()
    return obj


def running(generation: int = 1) -> TornadoSessionStatus:
    spec = TornadoSessionSpec(pathway_id="support-line")
    return start_status(
        spec,
        session_id="uid-1",
        scenario_ids=["a", "b", "c"],
        start_version=1,
        now=NOW,
        generation=generation,
    )


def finished(phase: Phase, message: str, passed: int = 2) -> TornadoSessionStatus:
    status = running().model_copy(
        update={"passed_scenarios": passed, "failed_scenarios": 3 - passed}
    )
    return finish(status, phase=phase, reason=phase.value, message=message, now=LATER, generation=1)


def test_missing_status_is_progressing() -> None:
    assert health(session(None)) == ("Progressing", "Waiting for the operator to start the session")


def test_status_without_phase_is_progressing() -> None:
    obj = session(None)
    obj["status"] = {"conditions": []}
    assert health(obj)[0] == "Progressing"


def test_running_is_progressing_with_counts_and_message() -> None:
    status, message = health(session(running()))
    assert status == "Progressing"
    assert message.startswith("RUNNING (0/3 passed, iteration 1/5)")
    assert "testing 3 scenario(s) against version 1" in message


def test_all_passed_is_healthy() -> None:
    status, message = health(
        session(finished(Phase.COMPLETED_ALL_PASSED, "all 3 scenarios pass", passed=3))
    )
    assert status == "Healthy"
    assert message == "COMPLETED_ALL_PASSED (3/3 passed, iteration 1/5): all 3 scenarios pass"


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        (Phase.STUCK, "Degraded"),
        (Phase.ERROR, "Degraded"),
        (Phase.TIMEOUT, "Degraded"),
        (Phase.COMPLETED_PARTIAL, "Degraded"),
        (Phase.CANCELLED, "Suspended"),
    ],
)
def test_other_outcomes(phase: Phase, expected: str) -> None:
    status, message = health(session(finished(phase, f"why it ended {phase.value}")))
    assert status == expected
    assert message.startswith(phase.value)
    assert message.endswith(f": why it ended {phase.value}")


def test_observed_generation_behind_is_progressing() -> None:
    obj = session(finished(Phase.COMPLETED_ALL_PASSED, "done", passed=3), generation=2)
    status, message = health(obj)
    assert status == "Progressing"
    assert "generation 2" in message


def test_observed_generation_current_uses_the_phase() -> None:
    obj = session(running(generation=3), generation=3)
    assert health(obj)[0] == "Progressing"
    obj = session(finished(Phase.STUCK, "no fix"), generation=1)
    assert health(obj)[0] == "Degraded"


def test_unknown_phase() -> None:
    obj = session(None)
    obj["status"] = {"phase": "SOMETHING_NEW", "message": "from a newer operator"}
    assert health(obj) == ("Unknown", "SOMETHING_NEW: from a newer operator")


def test_minimal_status_without_counts_or_metadata() -> None:
    obj = {"status": {"phase": "ERROR"}}
    assert health(obj) == ("Degraded", "ERROR")


def test_every_phase_is_mapped() -> None:
    for phase in Phase:
        obj = session(None)
        obj["status"] = {"phase": phase.value}
        assert health(obj)[0] != "Unknown", phase


def test_configmap_patch_carries_the_same_script() -> None:
    patch = yaml.safe_load(CM_PATCH.read_text())
    assert patch["kind"] == "ConfigMap" and patch["metadata"]["name"] == "argocd-cm"
    script = patch["data"]["resource.customizations.health.agenttesting.dev_TornadoSession"]
    assert script.strip() == SCRIPT.read_text().strip()
    assert health(session(running()), script)[0] == "Progressing"


def test_script_runs_on_lua54_too() -> None:
    """Argo CD versions differ in their Lua; the script avoids anything version-specific."""
    import lupa.lua54 as lua54
    runtime = argo_runtime(lua54)
    runtime.globals().obj = to_lua(runtime, session(finished(Phase.TIMEOUT, "15 minutes")))
    result = runtime.execute(SCRIPT.read_text())
    assert result["status"] == "Degraded"
    assert "(2/3 passed, iteration 1/5)" in result["message"]


def test_numbers_as_floats_like_gopher_lua() -> None:
    """Argo CD's Lua sees every JSON number as a float: counts still print as integers."""
    obj = {
        "metadata": {"generation": 1.0},
        "status": {
            "phase": "RUNNING",
            "observedGeneration": 1.0,
            "totalScenarios": 4.0,
            "passedScenarios": 1.0,
            "currentIteration": 2.0,
            "maxIterations": 5.0,
        },
    }
    assert health(obj) == ("Progressing", "RUNNING (1/4 passed, iteration 2/5)")


def test_a_script_using_the_string_library_fails_without_open_libs() -> None:
    broken = SCRIPT.read_text().replace('return "" .. value', 'return string.format("%d", value)')
    assert broken != SCRIPT.read_text()
    with pytest.raises(lua51.LuaError, match="string"):
        health(session(running()), broken)

"""An iteration pod's start-up: `tornado job` loads only what an iteration needs (issue #19).

Every iteration is a fresh pod, so every import is paid again each time: the kubernetes
client alone cost a pod about 1 CPU-s. These are structural checks (which modules a
process loads), not timings; `make bench-pod` measures the CPU (docs/performance.md,
"Iteration pod start-up").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fake_api_https import FakeApiServer
from fake_kube import FakeClock, FakeKube
from tornado_operator.api.manifests import load_manifests
from tornado_operator.controller import names
from tornado_operator.controller.jobs import RunnerDefaults
from tornado_operator.controller.sessions import SessionReconciler
from tornado_operator.drivers.job import run_iteration_job

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NS = "team"

# Packages an iteration never needs: the operator's (kopf, its aiohttp and asyncio, the
# kubernetes client, urllib3), the CLI's (yaml, rich, graphviz, ruamel), the LLM and Bland
# backends' (httpx, openai), the webhook's (cryptography), the metrics' (prometheus_client).
HEAVY = frozenset(
    {"kubernetes", "kopf", "aiohttp", "asyncio", "urllib3", "yaml", "ruamel", "rich", "graphviz", "httpx", "openai",
     "cryptography", "prometheus_client"}
)  # fmt: skip

# What `tornado job` runs before the iteration itself: the CLI with only its `job` subcommand,
# cli/job.py, drivers/job.py and its imports, and the connection to the API server made from
# the pod's service-account files (`sa_dir`, standing in for /var/run/secrets/...).
LOAD_THE_JOB = """
import json, sys
from pathlib import Path
from tornado_operator.cli.main import build_parser
build_parser("job")
import tornado_operator.cli.job, tornado_operator.drivers.job
from tornado_operator.controller.kube_http import light_connection
env = {"KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"}
assert light_connection(env, in_cluster_dir=Path(sys.argv[1])) is not None
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""

# The whole command, `tornado job` (cli/main.py's main), with the pod's service-account files
# at argv[1]; the top-level packages loaded by the end go to argv[2].
RUN_THE_JOB = """
import atexit, json, sys
from pathlib import Path
from tornado_operator.controller import kube_http
kube_http.light_connection.__defaults__ = (None, Path(sys.argv[1]))
atexit.register(lambda: Path(sys.argv[2]).write_text(json.dumps(sorted({m.split(".")[0] for m in sys.modules}))))
from tornado_operator.cli.main import main
sys.exit(main(["job"]))
"""


def top_level_modules(code: str, *args: str, env: dict[str, str] | None = None) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def service_account_files(directory: Path, token: str, ca: bytes) -> Path:
    directory.mkdir(parents=True)
    (directory / "token").write_text(token)
    (directory / "ca.crt").write_bytes(ca)
    return directory


def test_the_job_entry_point_loads_no_kubernetes_client_http_library_or_yaml(tmp_path: Path) -> None:
    sa = service_account_files(tmp_path / "sa", "t", b"unused: the CA is read at the first request")
    loaded = top_level_modules(LOAD_THE_JOB, str(sa))
    assert not loaded & HEAVY, f"the job's entry point imports {sorted(loaded & HEAVY)}"
    # Beyond the standard library, only pydantic (the models validate what the job reads)
    # and what pydantic itself loads.
    baseline = top_level_modules("import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    pydantic_own = top_level_modules(
        "import json, sys, pydantic\n"
        "class M(pydantic.BaseModel):\n    x: int = 0\n"
        "M.model_validate({'x': 1})\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    third_party = loaded - set(sys.stdlib_module_names) - baseline - pydantic_own - {"tornado_operator"}
    assert not third_party, f"the job's entry point imports {sorted(third_party)}"


def session_at_iteration_1(example: str) -> tuple[FakeKube, str]:
    """The example's session as the operator leaves it when iteration 1's Job is created."""
    manifests = load_manifests([EXAMPLES / example])
    kube = FakeKube(FakeClock())
    kube.put_object("pathways", NS, manifests.of_kind("Pathway")[0].obj.wire())
    for doc in manifests.of_kind("TestScenario"):
        kube.put_object("testscenarios", NS, doc.obj.wire())
    session = manifests.of_kind("TornadoSession")[0].obj
    kube.create("tornadosessions", NS, session.wire())
    reconciler = SessionReconciler(kube, RunnerDefaults(image="tornado:test"), clock=kube.clock.timestamp)
    while kube.get_job(NS, names.job_name(session.metadata.name, 1)) is None:
        reconciler.reconcile(NS, session.metadata.name)
    return kube, session.metadata.name


# Differ between any two runs of the same iteration: a fresh id and the wall clock.
PER_RUN = ("batchId", "startedAt", "completedAt")


def written(kube: FakeKube, name: str) -> dict[str, Any]:
    """What an iteration leaves behind: its result (without PER_RUN) and the pathway's versions."""
    result = kube.get_configmap(NS, names.result_name(name, 1))
    assert result is not None
    data = {key: json.loads(value) for key, value in result["data"].items()}
    for key in PER_RUN:
        assert data[names.RESULT_KEY]["record"].pop(key)
    versions = {v["metadata"]["name"]: v["spec"] for v in kube.list_objects("pathwayversions", NS)}
    return {"result": data, "labels": result["metadata"]["labels"], "versions": versions}


def test_tornado_job_runs_a_support_line_iteration_over_https_without_them(tmp_path: Path) -> None:
    """The real command end to end, in its own process, through the pod's transport (TLS, the
    service-account token): it writes what the same iteration writes in-process, and loads
    none of the heavy packages on the way, error handling included."""
    expected_kube, name = session_at_iteration_1("support-line")
    run_iteration_job(NS, name, 1, kube=expected_kube)

    kube, _ = session_at_iteration_1("support-line")
    with FakeApiServer(kube, tmp_path / "api") as api:
        sa = service_account_files(tmp_path / "sa", api.token, api.ca_file.read_bytes())
        env = {key: value for key, value in os.environ.items() if not key.startswith(("KUBE", "TORNADO_"))}
        env |= {
            "KUBERNETES_SERVICE_HOST": "127.0.0.1",
            "KUBERNETES_SERVICE_PORT": str(api.httpd.server_address[1]),
            "POD_NAMESPACE": NS,
            "TORNADO_SESSION": name,
            "TORNADO_ITERATION": "1",
            "TERMINATION_MESSAGE_PATH": str(tmp_path / "termination-log"),
        }
        modules = tmp_path / "modules.json"
        done = subprocess.run([sys.executable, "-c", RUN_THE_JOB, str(sa), str(modules)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["iteration"] == 1 and summary["forked_version"] == 2
    assert written(kube, name) == written(expected_kube, name)
    assert api.connections == 1  # one kept-alive connection for the whole iteration
    loaded = set(json.loads(modules.read_text()))
    assert not loaded & HEAVY, f"tornado job imported {sorted(loaded & HEAVY)}"

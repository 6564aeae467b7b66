"""Benchmark: the CPU an iteration pod spends on `tornado job` for one support-line iteration.

    make bench-pod                          # this working tree
    make bench-pod BENCH_POD_COMPARE=REV    # and the same figures for git revision REV, interleaved

Figures (CPU = user + system time of the child process, from wait4's rusage; the median of
BENCH_POD_SAMPLES fresh processes, with min and max, since a shared machine moves each run):

* **iteration pod**: the Job's own command (`tornado job --namespace N --session S
  --iteration 1`, as the operator's Job spec has it, with the pod's environment) against the
  local control plane (etcd + kube-apiserver; no pods run: this harness plays the operator
  and the kubelet). For each sample a fresh namespace gets examples/support-line, the
  operator's reconciler (run here, in-process) starts the session, which creates iteration
  1's Job and the session's runner identity, and the harness runs the Job's command with the
  runner's service-account token: as in a pod, in-cluster (KUBERNETES_SERVICE_HOST/PORT and
  the token and CA files at /var/run/secrets/kubernetes.io/serviceaccount, mounted in a
  private mount namespace of the child only; needs root, else a kubeconfig with the same
  token and CA is used, which adds the yaml import a pod does not pay). Iteration 1 of
  support-line simulates its 7 scenarios, repairs the pathway, forks version 2 and writes
  the result ConfigMap, all with the runner's RBAC.
* **instructions**: the same, one run under valgrind (cachegrind's instruction count), when
  valgrind is installed (BENCH_POD_VALGRIND=0 skips it): unlike CPU time it hardly moves
  with the machine's load, so it is the figure to compare two versions by.
* **import**: the job's entry point as the pod loads it (the CLI with only its `job`
  subcommand, drivers/job.py and everything it imports, the API connection's class), not
  run; and `python -X importtime`'s heaviest packages.

Goal (issue #19): <= 0.5 CPU-s per iteration pod. Writes bench-results/pod.json.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench-results"
EXAMPLE = REPO / "examples" / "support-line"
PYTHON = sys.executable
GOAL_CPU_S = 0.5
SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"

# `tornado` itself (the console script) is `from tornado_operator.cli.main import main;
# sys.exit(main())`; run that way so a PYTHONPATH picks which source tree.
TORNADO = "import sys; from tornado_operator.cli.main import main; sys.argv[0] = 'tornado'; sys.exit(main())"
# What the pod's `tornado job` loads before it runs: cli/main.py builds the parser with only
# the `job` subcommand, cli/job.py imports drivers/job.py, and the API connection is made.
# (Before controller/kube_http.py, 9b3f2bc, the job always connected through the kubernetes client.)
IMPORT_JOB = """
from tornado_operator.cli.main import build_parser
build_parser('job')
import tornado_operator.drivers.job
try:
    from tornado_operator.controller.kube_http import LightConnection
except ModuleNotFoundError:
    import kubernetes.client
else:
    LightConnection('https://127.0.0.1:6443', ca_data='-', token='-')
"""


def child_cpu(
    argv: list[str], env: dict[str, str], preexec: Callable[[], None] | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """User + system CPU seconds of one child process (and of its own children), its peak
    RSS in MiB, and its result."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, text=True, preexec_fn=preexec)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(argv, proc.returncode, out.read(), err.read())
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, done


def spread(values: list[float]) -> dict[str, Any]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "samples": [round(v, 3) for v in values],
    }


class Tree:
    """A source tree of the operator: this working tree, or a git revision exported to a
    temporary directory. Its bytecode is compiled first, as the image's install does (a
    stale or missing .pyc would be compiled again by every pod that cannot write it)."""

    def __init__(self, name: str, operator_dir: Path) -> None:
        self.name = name
        self.operator_dir = operator_dir
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(operator_dir / "tornado_operator")], check=True, stdout=subprocess.DEVNULL)

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        env["PYTHONPATH"] = str(self.operator_dir)
        return env


def export_revision(revision: str, into: Path) -> Tree:
    commit = subprocess.run(["git", "rev-parse", "--short", revision], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", commit, "operator"], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return Tree(commit, into / "operator")


def import_figures(tree: Tree, samples: int) -> dict[str, Any]:
    env = tree.env()
    cpu: list[float] = []
    for _ in range(samples):
        seconds, _, done = child_cpu([PYTHON, "-c", IMPORT_JOB], env)
        if done.returncode != 0:
            raise SystemExit(f"{tree.name}: importing the job failed:\n{done.stderr}")
        cpu.append(seconds)
    _, _, traced = child_cpu([PYTHON, "-X", "importtime", "-c", IMPORT_JOB], env)
    rows = []
    for line in traced.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append({"module": match[4], "self_ms": int(match[1]) / 1000, "cumulative_ms": int(match[2]) / 1000})
    packages: dict[str, float] = {}
    for row in rows:
        top = row["module"].split(".")[0]
        packages[top] = packages.get(top, 0.0) + row["self_ms"]
    loaded = {row["module"].split(".")[0] for row in rows}
    return {
        "import_cpu_s": spread(cpu),
        "importtime_total_ms": round(sum(row["self_ms"] for row in rows), 1),
        "modules_loaded": len(rows),
        "importtime_top_packages_ms": [
            {"package": name, "self_ms": round(ms, 1)} for name, ms in sorted(packages.items(), key=lambda item: -item[1])[:10]
        ],
        "importtime_top_modules_ms": [
            {"module": row["module"], "self_ms": round(row["self_ms"], 1)} for row in sorted(rows, key=lambda row: -row["self_ms"])[:10]
        ],
        "heavy_packages_loaded": sorted(loaded & {"kubernetes", "kopf", "aiohttp", "urllib3", "yaml", "httpx", "openai", "cryptography"}),
    }


def in_cluster_preexec(files: Path) -> Callable[[], None]:
    """For the child, between fork and exec: a private mount namespace in which a tmpfs on
    /var/run holds the service-account files (`files`, bind-mounted), as a pod's projected
    volume. Nothing outside the child sees it."""
    libc = ctypes.CDLL(None, use_errno=True)
    unshare, mount = libc.unshare, libc.mount
    run_dir = os.path.realpath("/var/run").encode()
    sa_dir = os.path.realpath("/var/run").rstrip("/") + SA_DIR.removeprefix("/var/run")
    clone_newns, ms_rec, ms_private, ms_bind = 0x00020000, 0x4000, 1 << 18, 0x1000

    def setup() -> None:
        if unshare(clone_newns) != 0:
            raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS)")
        if mount(b"none", b"/", None, ms_rec | ms_private, None) != 0:
            raise OSError(ctypes.get_errno(), "mount --make-rprivate /")
        if mount(b"tmpfs", run_dir, b"tmpfs", 0, b"size=1m") != 0:
            raise OSError(ctypes.get_errno(), f"mount tmpfs {run_dir!r}")
        os.makedirs(sa_dir)
        if mount(str(files).encode(), sa_dir.encode(), None, ms_bind, None) != 0:
            raise OSError(ctypes.get_errno(), "mount --bind")

    return setup


class Cluster:
    """The local control plane with the CRDs, and the operator's reconciler in this process."""

    def __init__(self, state: Path) -> None:
        sys.path.insert(0, str(REPO / "hack"))
        from devcluster import ControlPlane

        self.state = state
        self.cp = ControlPlane(state / "cluster", node_agent=False)
        self.namespaces = 0
        self.in_cluster: bool | None = None if os.geteuid() == 0 else False

    def __enter__(self) -> Cluster:
        from tornado_operator.api.manifests import load_manifests
        from tornado_operator.controller.jobs import RunnerDefaults
        from tornado_operator.controller.kube import Kube
        from tornado_operator.controller.sessions import SessionReconciler

        self.cp.start()
        self.cp.kubectl("apply", "--server-side", "--force-conflicts", "-f", str(REPO / "crds"))
        self.cp.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "-l", "app.kubernetes.io/name=tornado-operator")
        self.kube = Kube(api=self.cp.api_client())
        self.reconciler = SessionReconciler(self.kube, RunnerDefaults(image="tornado:bench"))
        manifests = load_manifests([EXAMPLE])
        self.pathway = manifests.of_kind("Pathway")[0].obj.wire()
        self.scenarios = [doc.obj.wire() for doc in manifests.of_kind("TestScenario")]
        self.session = manifests.of_kind("TornadoSession")[0].obj.wire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cp.stop()

    def iteration_pod(self, tree: Tree, *, valgrind: bool = False) -> tuple[float, float, Any, int | None]:
        """Start the session in a fresh namespace, then run iteration 1's Job command as its pod
        would; its CPU-s, peak RSS (MiB), summary line, and (valgrind) instruction count."""
        from devcluster.kubeconfig import write_kubeconfig
        from tornado_operator.controller import names

        ns = f"pod-{self.namespaces}"
        self.namespaces += 1
        name = self.session["metadata"]["name"]
        self.cp.kubectl("create", "namespace", ns)
        self.kube.create("pathways", ns, self.pathway)
        for scenario in self.scenarios:
            self.kube.create("testscenarios", ns, scenario)
        self.kube.create("tornadosessions", ns, self.session)
        deadline = time.monotonic() + 60
        while (job := self.kube.get_job(ns, names.job_name(name, 1))) is None:
            if time.monotonic() > deadline:
                raise SystemExit(f"{ns}: the reconciler did not create iteration 1's Job")
            self.reconciler.reconcile(ns, name)
        pod = job["spec"]["template"]["spec"]
        container = pod["containers"][0]
        account = pod.get("serviceAccountName") or "default"
        token = self.cp.kubectl("create", "token", account, "-n", ns, "--duration=1h").stdout.strip()
        files = self.state / ns
        files.mkdir()
        (files / "token").write_text(token)
        shutil.copy(self.cp.ca_file, files / "ca.crt")
        (files / "namespace").write_text(ns)

        env = {key: value for key, value in tree.env().items() if not key.startswith(("KUBERNETES_", "KUBECONFIG"))}
        env |= {var["name"]: var["value"] for var in container.get("env") or [] if "value" in var}
        env["POD_NAMESPACE"] = ns  # the downward API's value
        env["TERMINATION_MESSAGE_PATH"] = str(files / "termination-log")
        host, port = self.cp.server.removeprefix("https://").rsplit(":", 1)
        in_cluster_env = env | {"KUBERNETES_SERVICE_HOST": host.strip("[]"), "KUBERNETES_SERVICE_PORT": port}
        kubeconfig_env = env | {
            "KUBECONFIG": str(write_kubeconfig(files / "kubeconfig", server=self.cp.server, ca_file=self.cp.ca_file,
                                               user=f"system:serviceaccount:{ns}:{account}", token=token, namespace=ns))
        }
        command = list(container["command"])  # the Job's own: tornado job --namespace ... --iteration 1
        if command[0] != "tornado":
            raise SystemExit(f"{ns}: the Job does not run `tornado job`: {command}")
        argv = [PYTHON, "-c", TORNADO, *command[1:]]
        if valgrind:
            argv = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *argv]

        done: subprocess.CompletedProcess[str] | None = None
        if self.in_cluster is not False:
            try:
                seconds, rss, done = child_cpu(argv, in_cluster_env, in_cluster_preexec(files))
                self.in_cluster = True
            except (OSError, subprocess.SubprocessError) as exc:
                print(f"  (in-cluster files need a private mount namespace: {exc}; using a kubeconfig)", file=sys.stderr)
                self.in_cluster = False
        if done is None:
            seconds, rss, done = child_cpu(argv, kubeconfig_env)
        if done.returncode != 0:
            raise SystemExit(f"{ns} ({tree.name}): tornado job failed ({done.returncode}):\n{done.stderr[-3000:]}")
        if self.kube.get_configmap(ns, names.result_name(name, 1)) is None:
            raise SystemExit(f"{ns} ({tree.name}): no result ConfigMap after tornado job")
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        instructions = None
        if valgrind:
            match = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
            instructions = int(match[1].replace(",", "")) if match else None
        return seconds, rss, summary, instructions


def code_version() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(git("status", "--porcelain", "operator"))}


def main() -> int:
    samples = int(os.environ.get("BENCH_POD_SAMPLES", "5"))
    compare = [rev for rev in os.environ.get("BENCH_POD_COMPARE", "").split(",") if rev]
    use_valgrind = os.environ.get("BENCH_POD_VALGRIND", "1") != "0" and shutil.which("valgrind") is not None
    version = code_version()
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": sys.version.split()[0]},
        "samples": samples,
        "trees": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-pod-") as tmp:
        state = Path(tmp)
        name = version["commit"] + ("+dirty" if version["dirty"] else "")
        trees = [Tree(name, REPO / "operator")]
        for index, rev in enumerate(compare):
            (state / f"rev{index}").mkdir()
            trees.append(export_revision(rev, state / f"rev{index}"))
        figures: dict[str, dict[str, Any]] = {tree.name: {} for tree in trees}
        for tree in trees:
            print(f"{tree.name}: import figures ({samples} runs)...", file=sys.stderr)
            figures[tree.name].update(import_figures(tree, samples))
        print(f"iteration pods: {samples} per tree, interleaved, against the local control plane...", file=sys.stderr)
        with Cluster(state) as cluster:
            cpu: dict[str, list[float]] = {tree.name: [] for tree in trees}
            rss: dict[str, list[float]] = {tree.name: [] for tree in trees}
            for _round in range(samples):
                for tree in trees:
                    seconds, peak, summary, _ = cluster.iteration_pod(tree)
                    cpu[tree.name].append(seconds)
                    rss[tree.name].append(peak)
                    figures[tree.name]["summary"] = summary
                    print(f"  {tree.name}: {seconds:.3f} CPU-s  {summary}", file=sys.stderr)
            for tree in trees:
                figures[tree.name]["iteration_cpu_s"] = spread(cpu[tree.name])
                figures[tree.name]["iteration_peak_rss_mib"] = round(max(rss[tree.name]), 1)
                if use_valgrind:
                    _, _, _, instructions = cluster.iteration_pod(tree, valgrind=True)
                    figures[tree.name]["iteration_instructions"] = instructions
            results["credentials"] = "in-cluster files" if cluster.in_cluster else "kubeconfig (token and CA: adds the yaml import)"
    results["machine"]["load_average_after"] = os.getloadavg()
    results["trees"] = figures
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pod.json").write_text(json.dumps(results, indent=2) + "\n")

    machine = results["machine"]
    print(f"\niteration pod start-up, examples/support-line iteration 1 ({results['date']}; {machine['cpus']} CPUs, load "
          f"{machine['load_average'][0]:.1f} -> {machine['load_average_after'][0]:.1f}; Python {machine['python']}; "
          f"credentials: {results['credentials']}; median of {samples}, min-max)")
    for tree_name, fig in figures.items():
        it, imp = fig["iteration_cpu_s"], fig["import_cpu_s"]
        met = "met" if it["median"] <= GOAL_CPU_S else "not met"
        instructions = f"{fig['iteration_instructions'] / 1e9:.2f} G instructions; " if fig.get("iteration_instructions") else ""
        print(f"  {tree_name:14s} pod {it['median']:.3f} CPU-s ({it['min']:.3f}-{it['max']:.3f}), goal <= {GOAL_CPU_S}: {met}; "
              f"{instructions}peak RSS {fig['iteration_peak_rss_mib']:.0f} MiB; imports {imp['median']:.3f} CPU-s ({imp['min']:.3f}-{imp['max']:.3f}), "
              f"importtime {fig['importtime_total_ms']:.0f} ms / {fig['modules_loaded']} modules; "
              f"heavy packages loaded: {', '.join(fig['heavy_packages_loaded']) or 'none'}")
        print("  " + " " * 14 + " importtime by package (self ms): "
              + ", ".join(f"{row['package']} {row['self_ms']}" for row in fig["importtime_top_packages_ms"]))
    print(f"  -> {RESULTS / 'pod.json'}")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())

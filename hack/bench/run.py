"""`make bench`: the operator's figures on a real local control plane.

    PYTHONPATH=hack .venv/bin/python hack/bench/run.py        (or: python -m bench)

Starts etcd, kube-apiserver (with an audit log), controller-manager, scheduler and the node
agent in a temp state dir, installs the CRDs and the runner ClusterRole, runs `tornado
operator` (with its webhook) as a subprocess under its own client certificate, and measures:

* transition latency (iteration Job observed Complete -> next Job observed created, or the
  session observed finished) at 1, 10 and 100 concurrent sessions, each session a copy of
  examples/support-line (3 iterations) whose iteration pods run `tornado job` at once;
  then the top level again "offloaded" (the harness runs the iterations' code, the pods
  only wait for their result: the operator's own latency without 100 Python pods
  saturating the CPU) and "paced" (the pods first sleep a random 0..120 s);
* orchestration overhead: session wall time / sum of its Jobs' run times, for Jobs that
  sleep 5 s before `tornado job`;
* throughput: iterations completed per minute at the highest concurrency;
* the operator's peak RSS (VmHWM) with >= 1,000 sessions present (900 created cancelled,
  100 running);
* the operator's API requests per transition and per session start (audit log: user
  tornado-operator-bench, the level's namespace and time window), reads and writes apart;
* webhook admission latency under 50 concurrent creates (hack/bench_webhook.py's rounds): the
  webhook's own decision time p50/p99 (its histogram, server-side) and the create p99 ratio
  with / without it;
* the scale run: 5,000 finished sessions, then 10 -> 100 -> 1,000 running (pods sleeping):
  RSS, idle CPU of the periodic resync, CPU per transition and p99 of a probe, and an operator
  restart (until ready, until every running session is reconciled again);
* an iteration pod's CPU (hack/bench_pod.py);
* engine throughput (python -m tornado_operator.engine.bench).

Prints a table with the goals and writes bench-results/operator.json (rewritten after each
phase, so an interrupted run keeps what it measured). Environment:

    BENCH_SESSIONS=1,10,100      concurrency levels
    BENCH_LEVEL_TIMEOUT=600      seconds per level before reporting a partial figure
    BENCH_JOB_SLEEP=0            seconds each fast iteration sleeps before `tornado job`
    BENCH_OVERHEAD_SESSIONS=5    sessions of the overhead run (their Jobs sleep 5 s)
    BENCH_MEMORY_FINISHED=900    sessions created cancelled for the memory figure
    BENCH_MEMORY_RUNNING=100     sessions running during the memory figure
    BENCH_WEBHOOK_ROUNDS=6       rounds of 50 concurrent creates
    BENCH_PACED_JITTER=120       the paced run: iterations sleep a random 0..120 s first
    BENCH_OFFLOAD_SESSIONS=N     sessions of the offloaded run (default: the top level)
    BENCH_SCALE_FINISHED=5000    the scale run: sessions present finished (created cancelled)
    BENCH_SCALE_STEPS=10,100,1000  running sessions (pods that sleep) at each step of the scale run
    BENCH_SCALE_PROBE=10         offloaded sessions whose transitions are measured at each step
    BENCH_SCALE_IDLE_WINDOW=40   seconds of idle (resync only) measured at each step
    BENCH_PHASES=transitions,offload,paced,overhead,memory,scale,webhook,pod,engine
    BENCH_PROFILE=1              run the operator under cProfile -> bench-results/operator.prof
    BENCH_STATE_DIR=path         state dir (default: a new temp dir; logs and audit log stay there)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python hack/bench/run.py`: make `bench` and `devcluster` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.audit import attribute, read_requests
from bench.cluster import (
    BENCH_USER_AGENT,
    OPERATOR_USER,
    Operator,
    audited_control_plane,
    install,
    operator_kubeconfig,
)
from bench.common import REPO, RESULTS, env_float, env_int, log, summary
from bench.watch import STOP, Recorder, start_watchers
from bench.workload import (
    cancel_sessions,
    create_all,
    create_namespace,
    pathway_docs,
    pathways_snapshotted,
    runner_command,
    session_doc,
)

GOALS = {
    # issue 19
    "cpu_ms_per_transition": 10.0,
    "transition_p50_ms_at_10": 30.0,
    "webhook_handler_p99_ms": 10.0,
    "webhook_p99_ratio": 1.5,
    "rss_mib_at_scale": 300.0,
    "pod_cpu_s": 0.5,
    # earlier
    "transition_p50_ms": 100.0,
    "transition_p99_ms": 1000.0,
    "overhead_ratio": 1.10,
    "writes_per_transition": 6.0,
    "peak_rss_mib": 200.0,
    "webhook_p99_ms": 25.0,
    "engine_turns_per_s": 10_000.0,
}


def wait_until(predicate: Any, timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def ms(value: float | None) -> float | None:
    return None if value is None else value * 1000


# --- phases ---------------------------------------------------------------------------------


def run_sessions(ctx: Context, namespace: str, count: int, *, sleep_s: float, timeout: float,
                 jitter_s: float = 0, command: list[str] | None = None) -> dict[str, Any]:
    """Create `count` support-line sessions at once and follow them to the end (or the timeout)."""
    create_namespace(ctx.api, namespace)
    create_all(ctx.api, namespace, [doc for i in range(count) for doc in pathway_docs(i)])
    if not wait_until(lambda: pathways_snapshotted(ctx.api, namespace, count), 180):
        log(f"  {namespace}: not every pathway was snapshotted within 180 s; sessions snapshot them at start")
    command = command or runner_command(sleep_s, jitter_s)
    cpu_before = ctx.operator.cpu_seconds() or 0.0
    since_wall, since = time.time(), time.monotonic()
    names = [f"s-{i}" for i in range(count)]
    create_errors = create_all(ctx.api, namespace, [session_doc(n, f"sl-{i}", command=command) for i, n in enumerate(names)])
    created = time.monotonic() - since
    running = count - len(create_errors["failed"])
    if create_errors["retried"]:
        log(f"  {namespace}: {create_errors['retried']} session creates failed and were retried, "
            f"{len(create_errors['failed'])} gave up: {create_errors['errors'][:1]}")
    log(f"  {namespace}: {running} sessions created in {created:.1f} s; waiting (timeout {timeout:.0f} s)")
    try:
        done = ctx.recorder.wait_finished(namespace, running, timeout)
    finally:
        ended, ended_wall = time.monotonic(), time.time()
        cpu_used = (ctx.operator.cpu_seconds() or 0.0) - cpu_before
        unfinished = [s.name for s in ctx.recorder.sessions_in(namespace) if s.finished is None]
        if unfinished:  # a partial level: stop what is left so the next phase runs on a quiet cluster
            log(f"  {namespace}: cancelling {len(unfinished)} unfinished sessions")
            cancel_sessions(ctx.api, namespace, unfinished)
    time.sleep(2.0)  # the operator posts its last events after the final status write
    until_wall = ended_wall + 2.0 if unfinished else time.time()

    # What was observed until the level ended (not the cancellation of a partial level).
    def upto(value: float | None) -> float | None:
        return value if value is not None and value <= ended else None

    jobs = [dataclasses.replace(j, added=upto(j.added), pod_running=upto(j.pod_running), complete=upto(j.complete),
                                failed=upto(j.failed)) for j in ctx.recorder.jobs_in(namespace)]
    jobs = [j for j in jobs if j.added is not None]
    sessions = {s.name: dataclasses.replace(s, finished=upto(s.finished)) for s in ctx.recorder.sessions_in(namespace)}
    by_session: dict[str, dict[int, Any]] = {}
    for job in jobs:
        by_session.setdefault(job.session, {})[job.iteration] = job
    transitions: list[float] = []
    detail: list[tuple[str, int, float, float]] = []  # session, iteration, Complete at (s into the level), ms
    starts: list[float] = []
    pending = 0
    for job in jobs:
        if job.complete is None:
            continue
        following = by_session[job.session].get(job.iteration + 1)
        session = sessions.get(job.session)
        if following is not None and following.added is not None:
            transitions.append(following.added - job.complete)
        elif session is not None and session.finished is not None:
            transitions.append(session.finished - job.complete)
        else:
            pending += 1
            continue
        detail.append((job.session, job.iteration, round(job.complete - since, 3), round(transitions[-1] * 1000, 1)))
    for name, session in sessions.items():
        first = by_session.get(name, {}).get(1)
        if session.seen is not None and first is not None and first.added is not None:
            starts.append(first.added - session.seen)
    completions = sorted(j.complete for j in jobs if j.complete is not None)
    finished_at = [s.finished for s in sessions.values() if s.finished is not None]
    all_observed_finished = bool(sessions) and len(finished_at) == len(sessions)
    wall = (max(finished_at) if all_observed_finished else ended) - since
    requests = read_requests(ctx.audit_log, user=OPERATOR_USER, namespace=namespace, since=since_wall, until=until_wall)
    completed = Counter(j.session for j in jobs if j.complete is not None)
    api = attribute(requests, {f"sl-{i}": f"s-{i}" for i in range(count)}, {f"s-{i}": completed[f"s-{i}"] for i in range(count)})
    breakdown = transition_breakdown(jobs, requests, wall_offset=since_wall - since)
    iterations = len(completions)
    return {
        "sessions": count,
        "job_sleep_s": sleep_s,
        "job_jitter_s": jitter_s,
        "created": running,
        "finished": len(finished_at),
        "complete": done,
        "timeout_s": timeout,
        "phases": dict(Counter((s.phase if s.finished is not None else "RUNNING") or "none" for s in sessions.values())),
        "iterations_completed": iterations,
        "jobs_failed": sum(1 for j in jobs if j.failed is not None),
        "create_s": created,
        "create_errors_retried": create_errors,
        "wall_s": wall,
        "transition_ms": {k: (ms(v) if k not in ("count",) else v) for k, v in summary(transitions).items()},
        "transitions_pending": pending,
        "transitions_detail": sorted(detail, key=lambda d: d[2]),
        "transition_breakdown_ms": breakdown,
        "start_ms": {k: (ms(v) if k not in ("count",) else v) for k, v in summary(starts).items()},
        "iterations_per_minute": iterations / (wall / 60) if wall > 0 else None,
        "api": api,
        "operator_rss_mib_after": (ctx.operator.status_kb("VmRSS") or 0) / 1024,
        "operator_cpu_s": cpu_used,
        "operator_cpu_ms_per_iteration": cpu_used * 1000 / iterations if iterations else None,
        "loadavg_after": os.getloadavg(),  # other work on the machine shows here
    }


def transition_breakdown(jobs: list[Any], requests: list[Any], *, wall_offset: float) -> dict[str, Any]:
    """Where a transition's time goes, from the audit log's (microsecond) request times.

    reaction: Job observed Complete -> the operator reads the result ConfigMap;
    work: that read -> the operator creates the next Job (or writes the final status).
    `wall_offset` converts the harness' monotonic times to epoch seconds.
    """
    first_read: dict[str, float] = {}
    creates: dict[str, float] = {}
    status_writes: list[tuple[float, str]] = []
    for request in requests:
        if request.label == "get configmaps":
            first_read.setdefault(request.name, request.when)
        elif request.label == "create jobs":
            creates.setdefault(request.name, request.when)
        elif request.label == "update tornadosessions/status":
            status_writes.append((request.when, request.name))
    reaction: list[float] = []
    work: list[float] = []
    for job in jobs:
        if job.complete is None:
            continue
        read = first_read.get(f"{job.session}-it{job.iteration}-result")
        if read is None:
            continue
        reaction.append(read - (job.complete + wall_offset))
        done = creates.get(f"{job.session}-it{job.iteration + 1}")
        if done is None:  # the last iteration: the final status write
            done = next((when for when, name in status_writes if name == job.session and when >= read), None)
        if done is not None:
            work.append(done - read)
    scale = {"count"}
    return {
        "reaction_ms": {k: (v if k in scale else ms(v)) for k, v in summary(reaction).items()},
        "work_ms": {k: (v if k in scale else ms(v)) for k, v in summary(work).items()},
    }


def phase_transitions(ctx: Context, levels: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = ctx.results.setdefault("transitions", {})
    timeout = env_float("BENCH_LEVEL_TIMEOUT", 600)
    for level in levels:
        log(f"transition latency: {level} concurrent session(s)")
        out[str(level)] = run_sessions(ctx, f"lvl-{level}", level, sleep_s=env_float("BENCH_JOB_SLEEP", 0), timeout=timeout)
        row = out[str(level)]
        log(f"  -> {row['finished']}/{level} finished, {row['iterations_completed']} iterations, transition "
            f"p50 {fmt(row['transition_ms']['p50'])} ms p99 {fmt(row['transition_ms']['p99'])} ms, "
            f"{fmt(row['api']['per_transition']['writes'])} writes/transition")
        ctx.save()
    return out


def phase_paced(ctx: Context, count: int) -> dict[str, Any]:
    """The top level again, each iteration pod sleeping a random 0..BENCH_PACED_JITTER s first:
    the iterations' own CPU (a Python start-up and the engine, ~1.5 CPU-s each) is spread
    out, so this shows the operator at `count` sessions on a machine that is not saturated."""
    jitter = env_float("BENCH_PACED_JITTER", 120)
    log(f"paced: {count} concurrent sessions, each iteration sleeps a random 0..{jitter:.0f} s first")
    row = run_sessions(ctx, f"paced-{count}", count, sleep_s=0, jitter_s=jitter,
                       timeout=env_float("BENCH_LEVEL_TIMEOUT", 600) + 3 * jitter)
    log(f"  -> {row['finished']}/{row['created']} finished, {row['iterations_completed']} iterations, transition "
        f"p50 {fmt(row['transition_ms']['p50'])} ms p99 {fmt(row['transition_ms']['p99'])} ms")
    return row


# The pod of an offloaded iteration waits until its result ConfigMap holds the result.
# BENCH_OFFLOAD_WAIT=file (default): the harness, once it has written the result, touches a
# file the pod waits for (pods are local processes of the devcluster node agent, so they see
# the harness' files), checked every 0.5 s with the shell's own test: 100 waiting pods cost
# next to nothing. BENCH_OFFLOAD_WAIT=kubectl: the pod asks the API server with kubectl every
# 2 s (the earlier harness; a Go start-up and a TLS handshake per check: 100 such pods kept a
# 2-core machine at load average ~100, which then measured the pods, not the operator). The
# operator creates the ConfigMap empty before the Job, so kubectl waits for the key.
OFFLOADED_POD_KUBECTL = [
    "sh", "-c",
    'sleep 1; until [ -n "$(kubectl get configmap "$TORNADO_SESSION-it$TORNADO_ITERATION-result" -n "$POD_NAMESPACE" '
    """-o 'jsonpath={.data.result\\.json}' 2>/dev/null)" ]; do sleep 2; done""",
]


def offloaded_pod(done_dir: Path) -> list[str]:
    if os.environ.get("BENCH_OFFLOAD_WAIT", "file") == "kubectl":
        return OFFLOADED_POD_KUBECTL
    marker = f'{shlex.quote(str(done_dir))}/"$POD_NAMESPACE.$TORNADO_SESSION.$TORNADO_ITERATION"'
    return ["sh", "-c", f"until [ -e {marker} ]; do sleep 0.5; done"]


def phase_offload(ctx: Context, count: int, namespace: str | None = None, *, quiet: bool = False) -> dict[str, Any]:
    """The top level again with the iterations' work done by the harness, not in the pods.

    When the harness sees an iteration Job created it runs the same code as `tornado job`
    (drivers.job.run_iteration_job: read the session, simulate, fork the version, write the result
    ConfigMap) in its own process; the pod only waits for that ConfigMap. The operator sees
    the same objects and API traffic as in a real run, but 100 sessions no longer mean 100
    Python start-ups competing for 2 cores, so this is the operator's own latency at
    `count` concurrent sessions.
    """
    from concurrent.futures import ThreadPoolExecutor

    from tornado_operator.drivers.job import run_iteration_job

    namespace = namespace or f"offload-{count}"
    from kubernetes.config import kube_config

    # run_iteration_job's load_config() reads the default kubeconfig location, which the
    # kubernetes package fixed from $KUBECONFIG when it was imported: point it at this cluster.
    kube_config.KUBE_CONFIG_DEFAULT_LOCATION = str(ctx.cp.kubeconfig)
    os.environ["KUBECONFIG"] = str(ctx.cp.kubeconfig)
    pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="offload")
    failures: list[str] = []
    done_dir = ctx.state / "offload-done"
    done_dir.mkdir(exist_ok=True)

    def work(ns: str, session: str, iteration: int) -> None:
        try:
            run_iteration_job(ns, session, iteration)
            (done_dir / f"{ns}.{session}.{iteration}").touch()  # the pod may end now
        except Exception as exc:
            failures.append(f"{session} it{iteration}: {type(exc).__name__}: {exc}"[:300])
            log(f"  offloaded iteration failed: {failures[-1]}")

    def hook(ns: str, session: str, iteration: int) -> None:
        if ns == namespace:
            pool.submit(work, ns, session, iteration)

    if not quiet:
        log(f"offload: {count} concurrent sessions, iterations computed by the harness, pods wait for the result")
    ctx.recorder.new_job_hooks.append(hook)
    try:
        with contextlib.redirect_stdout(sys.stderr):  # run_iteration_job prints a summary line
            row = run_sessions(ctx, namespace, count, sleep_s=0, timeout=env_float("BENCH_LEVEL_TIMEOUT", 600),
                               command=offloaded_pod(done_dir))
    finally:
        ctx.recorder.new_job_hooks.remove(hook)
        pool.shutdown(wait=False, cancel_futures=True)
    row["offload_wait"] = os.environ.get("BENCH_OFFLOAD_WAIT", "file")
    row["offload_failures"] = failures[:10]
    row["offload_failure_count"] = len(failures)
    log(f"  -> {row['finished']}/{row['created']} finished, {row['iterations_completed']} iterations, transition "
        f"p50 {fmt(row['transition_ms']['p50'])} ms p99 {fmt(row['transition_ms']['p99'])} ms")
    return row


SCALE_POD = ["sleep", "7200"]  # a running session's iteration pod: it just waits


def _pods_running(ctx: Context, namespace: str) -> int:
    return sum(1 for j in ctx.recorder.jobs_in(namespace) if j.pod_running is not None)


def _session_gets(ctx: Context, namespace: str, since: float, until: float) -> list[Any]:
    """The operator's GETs of sessions in `namespace` (each is one reconcile) in [since, until]."""
    requests = read_requests(ctx.audit_log, user=OPERATOR_USER, namespace=namespace, since=since, until=until)
    return [r for r in requests if r.verb == "get" and r.resource == "tornadosessions"]


def phase_scale(ctx: Context) -> dict[str, Any]:
    """Cost against size: BENCH_SCALE_FINISHED sessions finished (created cancelled), then
    running sessions (pods that only sleep, so each has a live worker) added in steps
    (BENCH_SCALE_STEPS, e.g. 10,100,1000). At each step: the operator's RSS, its CPU while
    nothing happens but the periodic resync of the running workers (a window longer than one
    resync period, with the reconciles counted in the audit log), and a probe of
    BENCH_SCALE_PROBE offloaded sessions: CPU per transition (raw, and net of the idle rate)
    and transition p50/p99. Then the operator is restarted: time until ready (its lists
    done), and until every running session has been reconciled again, and the CPU of that."""
    steps = [int(x) for x in os.environ.get("BENCH_SCALE_STEPS", "10,100,1000").split(",") if x.strip()]
    finished = env_int("BENCH_SCALE_FINISHED", 5000)
    probe = env_int("BENCH_SCALE_PROBE", 10)
    window = env_float("BENCH_SCALE_IDLE_WINDOW", 40)
    done_ns, run_ns = "scale-done", "scale-run"
    result: dict[str, Any] = {"finished_sessions": finished, "steps": [], "probe_sessions": probe, "idle_window_s": window}
    # The devcluster node offers 1,000 pods (and 64 CPUs): 1,000 running sessions plus the
    # probe's pods need more. The node agent rewrites its status every 30 s, so this is kept
    # up while the phase runs (bench only; hack/devcluster is left as it is).
    stop_capacity = threading.Event()

    def keep_capacity() -> None:
        patch = json.dumps({"status": {"allocatable": {"pods": "5000"}, "capacity": {"pods": "5000"}}})
        while not stop_capacity.is_set():
            ctx.cp.kubectl("patch", "node", "local-node", "--subresource=status", "--type=merge", "-p", patch, check=False)
            stop_capacity.wait(10)

    threading.Thread(target=keep_capacity, name="node-capacity", daemon=True).start()
    try:
        return _scale(ctx, result, steps, finished, probe, window, done_ns, run_ns)
    finally:
        stop_capacity.set()


def _scale(ctx: Context, result: dict[str, Any], steps: list[int], finished: int, probe: int, window: float,
           done_ns: str, run_ns: str) -> dict[str, Any]:
    ctx.results["scale"] = result
    create_namespace(ctx.api, done_ns)
    create_namespace(ctx.api, run_ns)
    log(f"scale: {finished} finished sessions (created cancelled), then running sessions in steps {steps}")
    since = time.monotonic()
    cpu0 = ctx.operator.cpu_seconds() or 0.0
    errors = create_all(ctx.api, done_ns, [session_doc(f"done-{i}", "no-such-pathway", cancel=True) for i in range(finished)], workers=24)
    result["finished_all"] = ctx.recorder.wait_finished(done_ns, finished - len(errors["failed"]), 1800, progress_every=60)
    result["finished_create_s"] = time.monotonic() - since
    result["finished_cpu_ms_each"] = ((ctx.operator.cpu_seconds() or 0.0) - cpu0) * 1000 / max(1, finished)
    result["finished_create_failures"] = len(errors["failed"])
    log(f"  {finished} finished in {result['finished_create_s']:.0f} s; RSS {(ctx.operator.status_kb('VmRSS') or 0) / 1024:.0f} MiB")
    ctx.save()
    running = 0
    for step in steps:
        log(f"  step: {step} running sessions")
        t_step = time.monotonic()
        create_all(ctx.api, run_ns, [doc for i in range(running, step) for doc in pathway_docs(i)], workers=24)
        wait_until(lambda step=step: pathways_snapshotted(ctx.api, run_ns, step), 900, interval=3)
        docs = [session_doc(f"run-{i}", f"sl-{i}", command=SCALE_POD, cpu_request="10m") for i in range(running, step)]
        failed = create_all(ctx.api, run_ns, docs, workers=24)["failed"]
        running = step
        target = step - len(failed)
        all_running = wait_until(lambda target=target: _pods_running(ctx, run_ns) >= target, 1800, interval=2)
        ramp_s = time.monotonic() - t_step
        time.sleep(5)
        # Idle: nothing changes, the running workers resync.
        cpu_a, t_a, wall_a = ctx.operator.cpu_seconds() or 0.0, time.monotonic(), time.time()
        time.sleep(window)
        cpu_b, t_b, wall_b = ctx.operator.cpu_seconds() or 0.0, time.monotonic(), time.time()
        idle_rate = (cpu_b - cpu_a) / (t_b - t_a)
        resyncs = _session_gets(ctx, run_ns, wall_a, wall_b)
        row = phase_offload(ctx, probe, f"scale-probe-{step}", quiet=True)
        iterations = row["iterations_completed"] or 0
        net = ((row["operator_cpu_s"] - idle_rate * row["wall_s"]) * 1000 / iterations) if iterations else None
        entry = {
            "running": step,
            "running_pods": _pods_running(ctx, run_ns),
            "all_pods_running": all_running,
            "create_failures": len(failed),
            "ramp_s": ramp_s,
            "rss_mib": (ctx.operator.status_kb("VmRSS") or 0) / 1024,
            "peak_rss_mib": (ctx.operator.status_kb("VmHWM") or 0) / 1024,
            "idle_cpu_ms_per_s": idle_rate * 1000,
            "resync_reconciles_per_s": len(resyncs) / (wall_b - wall_a),
            "idle_cpu_ms_per_resync": (idle_rate * 1000 * (wall_b - wall_a) / len(resyncs)) if resyncs else None,
            "probe_cpu_ms_per_transition": row["operator_cpu_ms_per_iteration"],
            "probe_cpu_ms_per_transition_net_of_idle": net,
            "probe_transition_ms": row["transition_ms"],
            "probe_finished": row["finished"],
            "probe_wall_s": row["wall_s"],
        }
        result["steps"].append(entry)
        log(f"  -> {step} running: RSS {entry['rss_mib']:.0f} MiB, idle {entry['idle_cpu_ms_per_s']:.1f} CPU-ms/s "
            f"({entry['resync_reconciles_per_s']:.1f} resyncs/s), probe {fmt(entry['probe_cpu_ms_per_transition'])} CPU-ms/transition "
            f"(net {fmt(net)}), p50 {fmt(row['transition_ms']['p50'])} p99 {fmt(row['transition_ms']['p99'])} ms")
        ctx.save()
    # An operator restart with everything present: list, then every running worker's first look.
    log("  restarting the operator")
    ctx.operator.stop()
    ctx.operator = Operator(ctx.cp, ctx.operator_kubeconfig, ctx.state / "operator-scale.log")
    wall0, t0 = time.time(), time.monotonic()
    ctx.operator.start(timeout=600)
    ready_s = time.monotonic() - t0
    expected = {f"run-{i}" for i in range(running)}
    seen: set[str] = set()

    def all_reconciled() -> bool:
        seen.update(r.name for r in _session_gets(ctx, run_ns, wall0, time.time()))
        return expected <= seen

    resynced = wait_until(all_reconciled, 900, interval=2)
    resync_s = time.monotonic() - t0
    result["restart"] = {
        "ready_s": ready_s,
        "all_running_reconciled": resynced,
        "running_reconciled": len(seen & expected),
        "until_all_running_reconciled_s": resync_s,
        "cpu_s_until_then": ctx.operator.cpu_seconds(),
        "rss_mib": (ctx.operator.status_kb("VmRSS") or 0) / 1024,
        "peak_rss_mib": (ctx.operator.status_kb("VmHWM") or 0) / 1024,
        "sessions_present": len(ctx.recorder.sessions),
    }
    time.sleep(window)
    result["restart"]["rss_mib_after_window"] = (ctx.operator.status_kb("VmRSS") or 0) / 1024
    result["restart"]["peak_rss_mib_after_window"] = (ctx.operator.status_kb("VmHWM") or 0) / 1024
    log(f"  -> restart: ready in {ready_s:.1f} s, all {running} running reconciled after {resync_s:.1f} s "
        f"({result['restart']['cpu_s_until_then']:.1f} CPU-s), RSS {result['restart']['rss_mib']:.0f} MiB, "
        f"peak {result['restart']['peak_rss_mib_after_window']:.0f} MiB")
    cancel_sessions(ctx.api, run_ns, [f"run-{i}" for i in range(running)])
    ctx.recorder.wait_finished(run_ns, running, 600, progress_every=60)
    return result


def phase_overhead(ctx: Context) -> dict[str, Any]:
    count = env_int("BENCH_OVERHEAD_SESSIONS", 5)
    log(f"orchestration overhead: {count} sessions, Jobs sleep 5 s")
    namespace = "overhead"
    row = run_sessions(ctx, namespace, count, sleep_s=5, timeout=env_float("BENCH_LEVEL_TIMEOUT", 600))
    jobs = ctx.recorder.jobs_in(namespace)
    ratios: dict[str, float] = {}
    details: dict[str, Any] = {}
    for session in ctx.recorder.sessions_in(namespace):
        own = [j for j in jobs if j.session == session.name]
        runs = [j.complete - j.pod_running for j in own if j.complete is not None and j.pod_running is not None]
        if session.finished is None or session.seen is None or not runs or len(runs) != len(own):
            continue
        wall = session.finished - session.seen
        ratios[session.name] = wall / sum(runs)
        details[session.name] = {"wall_s": wall, "jobs_run_s": sum(runs), "jobs": len(runs), "ratio": ratios[session.name]}
    values = list(ratios.values())
    result = {"sessions": count, "job_sleep_s": 5, "ratio": summary(values), "per_session": details, "run": row}
    log(f"  -> overhead ratio p50 {fmt(result['ratio']['p50'], 3)} max {fmt(result['ratio']['max'], 3)}")
    return result


def phase_memory(ctx: Context) -> dict[str, Any]:
    finished = env_int("BENCH_MEMORY_FINISHED", 900)
    running = env_int("BENCH_MEMORY_RUNNING", 100)
    namespace = "mem"
    log(f"operator memory: {finished} sessions created cancelled, then {running} running")
    create_namespace(ctx.api, namespace)
    since = time.monotonic()
    create_all(ctx.api, namespace, [session_doc(f"done-{i}", "no-such-pathway", cancel=True) for i in range(finished)])
    all_cancelled = ctx.recorder.wait_finished(namespace, finished, 600)
    cancelled_s = time.monotonic() - since
    rss_before_restart = (ctx.operator.status_kb("VmRSS") or 0) / 1024
    hwm_before_restart = (ctx.operator.status_kb("VmHWM") or 0) / 1024
    # A fresh operator process, so that its peak is what 1,000 sessions cost and not the
    # high-water mark the earlier 100-session burst left (CPython rarely returns memory).
    log(f"  restarting the operator (RSS {rss_before_restart:.1f} MiB, peak {hwm_before_restart:.1f} MiB so far)")
    ctx.operator.stop()
    ctx.results.setdefault("operator_before_memory_phase", {
        "peak_rss_mib": hwm_before_restart, "rss_mib": rss_before_restart, "log": str(ctx.operator.log_path)})
    ctx.operator = Operator(ctx.cp, ctx.operator_kubeconfig, ctx.state / "operator-memory.log")
    ctx.operator.start()
    rss_at_start = (ctx.operator.status_kb("VmRSS") or 0) / 1024
    create_all(ctx.api, namespace, [doc for i in range(running) for doc in pathway_docs(i)])
    wait_until(lambda: pathways_snapshotted(ctx.api, namespace, running), 180)
    names = [f"run-{i}" for i in range(running)]
    create_all(ctx.api, namespace, [session_doc(n, f"sl-{i}", command=["sleep", "900"]) for i, n in enumerate(names)])

    def all_running() -> bool:
        jobs = [j for j in ctx.recorder.jobs_in(namespace) if j.pod_running is not None]
        return len(jobs) >= running

    pods_running = wait_until(all_running, 600)
    time.sleep(15)  # let the watches, caches and workers settle with everything present
    present = len(ctx.recorder.sessions)
    rss = (ctx.operator.status_kb("VmRSS") or 0) / 1024
    hwm = (ctx.operator.status_kb("VmHWM") or 0) / 1024
    cancel_sessions(ctx.api, namespace, names)
    ctx.recorder.wait_finished(namespace, finished + running, 300)
    result = {
        "finished_sessions": finished,
        "running_sessions": running,
        "sessions_present_cluster_wide": present,
        "all_cancelled": all_cancelled,
        "cancel_seconds": cancelled_s,
        "all_pods_running": pods_running,
        "fresh_operator": True,
        "rss_mib_fresh_operator_ready": rss_at_start,
        "whole_run_peak_rss_mib_before_restart": hwm_before_restart,
        "rss_mib_with_all_present": rss,
        "peak_rss_mib": hwm,
        "peak_rss_mib_after_cancel": (ctx.operator.status_kb("VmHWM") or 0) / 1024,
    }
    log(f"  -> {present} sessions present: RSS {rss:.1f} MiB, peak (VmHWM) {hwm:.1f} MiB")
    return result


def _webhook_histogram(cp: Any) -> dict[str, float]:
    """apiserver_admission_webhook_admission_duration_seconds buckets (validating, tornado)."""
    text = cp.kubectl("get", "--raw", "/metrics").stdout
    buckets: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("apiserver_admission_webhook_admission_duration_seconds_bucket") and "tornado" in line:
            match = re.search(r'le="([^"]+)"', line)
            if match:
                buckets[match.group(1)] = buckets.get(match.group(1), 0.0) + float(line.rsplit(" ", 1)[1])
    return buckets


def _operator_histogram(port: int, name: str) -> dict[float, float]:
    """An operator histogram's cumulative buckets ({le: count}) from its plain-HTTP /metrics."""
    import urllib.request

    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    buckets: dict[float, float] = {}
    for line in text.splitlines():
        if line.startswith(f"{name}_bucket"):
            match = re.search(r'le="([^"]+)"', line)
            if match:
                buckets[float(match.group(1))] = float(line.rsplit(" ", 1)[1])
    return buckets


def histogram_quantile(buckets: dict[float, float], q: float) -> float | None:
    """Prometheus' histogram_quantile: linear within the bucket the q-th observation falls
    in (cumulative counts by upper bound; the +Inf bucket answers its lower bound)."""
    bounds = sorted(buckets)
    total = buckets.get(float("inf"), 0.0)
    if not bounds or total <= 0:
        return None
    rank = q * total
    lower, below = 0.0, 0.0
    for bound in bounds:
        count = buckets[bound]
        if count >= rank:
            if bound == float("inf"):
                return lower
            return lower + (bound - lower) * ((rank - below) / (count - below) if count > below else 1.0)
        lower, below = bound, count
    return lower


def phase_webhook(ctx: Context) -> dict[str, Any]:
    """hack/bench_webhook.py's rounds, against a second operator that watches no namespace."""
    from kubernetes import client

    import bench_webhook

    rounds = env_int("BENCH_WEBHOOK_ROUNDS", 6)
    log(f"webhook: {rounds} rounds of {bench_webhook.CONCURRENCY} concurrent creates")
    cp = ctx.cp
    cp.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator", "--ignore-not-found")
    bench_webhook.setup(cp)
    hook = Operator(cp, ctx.operator_kubeconfig, ctx.state / "operator-webhook.log", extra_args=["--namespace", "not-watched"])
    hook.start()
    try:
        api = client.CustomObjectsApi(ctx.api)
        bench_webhook.round_of_creates(api, "warm")
        bench_webhook.clean(cp)
        before = _webhook_histogram(cp)
        handler_name = "tornado_webhook_admission_duration_seconds"
        handler_before = _operator_histogram(hook.metrics_port, handler_name)
        with_hook: list[float] = []
        for r in range(rounds):
            with_hook += bench_webhook.round_of_creates(api, f"w{r}")
            bench_webhook.clean(cp)
        after = _webhook_histogram(cp)
        handler_after = _operator_histogram(hook.metrics_port, handler_name)
        cp.kubectl("delete", "validatingwebhookconfiguration", "tornado-operator")
        time.sleep(1.0)
        without: list[float] = []
        for r in range(rounds):
            without += bench_webhook.round_of_creates(api, f"n{r}")
            bench_webhook.clean(cp)
    finally:
        hook.stop()
    delta = {le: after.get(le, 0.0) - before.get(le, 0.0) for le in after}
    total = delta.get("+Inf", 0.0)
    within_25ms = delta.get("0.025")
    result: dict[str, Any] = {
        "concurrent_creates": bench_webhook.CONCURRENCY,
        "rounds": rounds,
        "with_webhook_ms": summary(with_hook),
        "without_webhook_ms": summary(without),
        "apiserver_webhook_calls": total,
        "apiserver_webhook_fraction_within_25ms": (within_25ms / total) if total and within_25ms is not None else None,
        "apiserver_webhook_buckets": delta,
    }
    # The webhook's own time per decision (its histogram, server-side: from the review's
    # arrival to the answer, the Lease write included), which the API server's queue and the
    # client's threads do not move; and the create p99 with / without it, measured in the same
    # run, a ratio that a uniformly slower machine moves less than the absolute difference.
    handler = {le: handler_after.get(le, 0.0) - handler_before.get(le, 0.0) for le in handler_after}
    result["handler_calls"] = handler.get(float("inf"), 0.0)
    result["handler_buckets"] = {str(le): count for le, count in sorted(handler.items())}
    result["handler_ms"] = {
        k: (None if (v := histogram_quantile(handler, q)) is None else v * 1000) for k, q in (("p50", 0.5), ("p99", 0.99))
    }
    w99, n99 = result["with_webhook_ms"]["p99"], result["without_webhook_ms"]["p99"]
    result["create_p99_ratio"] = (w99 / n99) if w99 is not None and n99 else None
    result["added_ms"] = {
        k: (result["with_webhook_ms"][k] - result["without_webhook_ms"][k])
        for k in ("p50", "p95", "p99", "mean") if result["with_webhook_ms"][k] is not None and result["without_webhook_ms"][k] is not None
    }
    log(f"  -> create p99 {fmt(result['with_webhook_ms']['p99'])} ms with, {fmt(result['without_webhook_ms']['p99'])} ms "
        f"without (ratio {fmt(result['create_p99_ratio'], 2)}); added p99 {fmt(result['added_ms'].get('p99'))} ms; handler "
        f"p50 {fmt(result['handler_ms']['p50'], 2)} ms p99 {fmt(result['handler_ms']['p99'], 2)} ms "
        f"({result['handler_calls']:.0f} decisions)")
    return result


def phase_pod() -> dict[str, Any]:
    """hack/bench_pod.py (its own control plane): an iteration pod's CPU, 3 samples, no valgrind."""
    log("pod: hack/bench_pod.py (an iteration pod's CPU-s)")
    env = {**os.environ, "BENCH_POD_VALGRIND": "0", "BENCH_POD_SAMPLES": os.environ.get("BENCH_POD_SAMPLES", "3")}
    proc = subprocess.run([sys.executable, str(REPO / "hack" / "bench_pod.py")], capture_output=True, text=True, timeout=1200, env=env)
    result: dict[str, Any] = {"exit_code": proc.returncode, "output": proc.stdout[-1500:], "stderr": proc.stderr[-1500:]}
    pod_json = RESULTS / "pod.json"
    if proc.returncode == 0 and pod_json.exists():
        data = json.loads(pod_json.read_text())
        tree = next(iter(data["trees"].values()))
        result["iteration_cpu_s_median"] = tree["iteration_cpu_s"]["median"]
        result["samples"] = data.get("samples")
        result["tree"] = next(iter(data["trees"]))
    return result


def phase_engine() -> dict[str, Any]:
    log("engine: python -m tornado_operator.engine.bench")
    proc = subprocess.run([sys.executable, "-m", "tornado_operator.engine.bench"], capture_output=True, text=True, timeout=600)
    match = re.search(r"full iteration.*?([\d,]+) turns/s \(best\)\s+([\d,]+) turns/s \(median\)", proc.stdout)
    result: dict[str, Any] = {"exit_code": proc.returncode, "output": proc.stdout[-2000:]}
    if match:
        result["turns_per_s_best"] = float(match.group(1).replace(",", ""))
        result["turns_per_s_median"] = float(match.group(2).replace(",", ""))
    return result


# --- the run --------------------------------------------------------------------------------


class Context:
    def __init__(self, state: Path) -> None:
        self.state = state
        self.results: dict[str, Any] = {
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "code": code_version(),
            "state_dir": str(state),
        }
        self.cp: Any = None
        self.api: Any = None
        self.audit_log = state / "audit.log"
        self.operator_kubeconfig = state / "operator.kubeconfig"
        self.recorder = Recorder()
        self.operator: Any = None

    def phase(self, name: str, run: Any) -> None:
        """Run one phase; a phase that fails is recorded (and printed), the others still run."""
        try:
            self.results[name] = run()
        except Exception as exc:
            log(f"phase {name} failed: {type(exc).__name__}: {exc}")
            traceback.print_exc()
            self.results.setdefault("errors", {})[name] = f"{type(exc).__name__}: {str(exc)[:2000]}"
        self.save()

    def save(self) -> None:
        RESULTS.mkdir(exist_ok=True)
        self.results["goals"] = goals(self.results)
        (RESULTS / "operator.json").write_text(json.dumps(self.results, indent=2, default=str))


def code_version() -> dict[str, Any]:
    """The commit measured, and the operator files that differed from it (a tree being edited)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "modified": git("status", "--short", "--", "operator").splitlines()}


def machine() -> dict[str, Any]:
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
    model = ""
    with contextlib.suppress(OSError):
        model = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), ""
        )
    return {"nproc": os.cpu_count(), "cpu": model, "loadavg_at_start": os.getloadavg(), "free_h": free, "python": platform.python_version(), "kernel": platform.release()}


def goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def row(name: str, value: float | None, goal: str, met: bool | None, note: str = "") -> None:
        rows.append({"figure": name, "value": value, "goal": goal, "met": met, "note": note})

    issue19_rows(results, row)
    levels = results.get("transitions") or {}
    for level, data in levels.items():
        partial = "" if data["complete"] else f" (partial: {data['finished']}/{data['sessions']} finished)"
        if data.get("created", data["sessions"]) < data["sessions"]:
            partial += f" ({data['created']}/{data['sessions']} created: {data['sessions'] - data['created']} creates failed)"
        is_top = level == max(levels, key=int)
        p50, p99 = data["transition_ms"]["p50"], data["transition_ms"]["p99"]
        parts = data.get("transition_breakdown_ms") or {}
        note = (f"reaction p50 {fmt((parts.get('reaction_ms') or {}).get('p50'))}, "
                f"work p50 {fmt((parts.get('work_ms') or {}).get('p50'))}") if parts else ""
        row(f"transition p50 ms @{level}{partial}", p50, "< 100 ms @100" if is_top else "-",
            (p50 is not None and p50 < GOALS["transition_p50_ms"]) if is_top else None, note)
        row(f"transition p95 ms @{level}", data["transition_ms"]["p95"], "-", None)
        row(f"transition p99 ms @{level}{partial}", p99, "< 1000 ms @100" if is_top else "-",
            (p99 is not None and p99 < GOALS["transition_p99_ms"]) if is_top else None,
            (f"reaction p99 {fmt((parts.get('reaction_ms') or {}).get('p99'))}, "
             f"work p99 {fmt((parts.get('work_ms') or {}).get('p99'))}") if parts else "")
        if data.get("operator_cpu_ms_per_iteration") is not None:
            row(f"operator CPU ms per iteration @{level}", data["operator_cpu_ms_per_iteration"], "-", None)
    if levels:
        top = levels[max(levels, key=int)]
        row(f"throughput iterations/min @{max(levels, key=int)}", top["iterations_per_minute"], "-", None)
        for level, data in levels.items():
            per = data["api"]["per_transition"]
            start = data["api"]["per_session_start"]
            is_top = level == max(levels, key=int)
            row(f"API writes per transition @{level}", per["writes"], "<= 6" if is_top else "-",
                (per["writes"] is not None and per["writes"] <= GOALS["writes_per_transition"]) if is_top else None,
                f"excluding Events {fmt(per['writes_excluding_events'])}; session start {fmt(start['writes'])}")
            row(f"API reads per transition @{level}", per["reads"], "-", None, f"session start {fmt(start['reads'])}")
    offload = results.get("offload")
    if offload:
        label = f"@{offload['sessions']} offloaded"
        partial = "" if offload["complete"] else f" (partial: {offload['finished']}/{offload['created']} finished)"
        if offload.get("created", offload["sessions"]) < offload["sessions"]:
            partial += f" ({offload['created']}/{offload['sessions']} created)"
        parts = offload.get("transition_breakdown_ms") or {}
        for q, goal in (("p50", "transition_p50_ms"), ("p99", "transition_p99_ms")):
            value = offload["transition_ms"][q]
            row(f"transition {q} ms {label}{partial}", value, f"< {GOALS[goal]:.0f} ms", value is not None and value < GOALS[goal],
                f"reaction {q} {fmt((parts.get('reaction_ms') or {}).get(q))}, work {q} {fmt((parts.get('work_ms') or {}).get(q))}")
        row(f"throughput iterations/min {label}", offload["iterations_per_minute"], "-", None)
        row(f"API writes per transition {label}", offload["api"]["per_transition"]["writes"], "<= 6",
            offload["api"]["per_transition"]["writes"] is not None and offload["api"]["per_transition"]["writes"] <= 6,
            f"reads {fmt(offload['api']['per_transition']['reads'])}")
    paced = results.get("paced")
    if paced:
        label = f"@{paced['sessions']} paced (0..{paced['job_jitter_s']:.0f} s)"
        partial = "" if paced["complete"] else f" (partial: {paced['finished']}/{paced['created']} finished)"
        parts = paced.get("transition_breakdown_ms") or {}
        for q, goal in (("p50", "transition_p50_ms"), ("p99", "transition_p99_ms")):
            value = paced["transition_ms"][q]
            row(f"transition {q} ms {label}{partial}", value, f"< {GOALS[goal]:.0f} ms", value is not None and value < GOALS[goal],
                f"reaction {q} {fmt((parts.get('reaction_ms') or {}).get(q))}, work {q} {fmt((parts.get('work_ms') or {}).get(q))}")
        row(f"API writes per transition {label}", paced["api"]["per_transition"]["writes"], "<= 6",
            paced["api"]["per_transition"]["writes"] is not None and paced["api"]["per_transition"]["writes"] <= 6)
    overhead = results.get("overhead")
    if overhead:
        p50 = overhead["ratio"]["p50"]
        row("overhead ratio p50 (5 s Jobs)", p50, "< 1.10", p50 is not None and p50 < GOALS["overhead_ratio"],
            f"max {fmt(overhead['ratio']['max'], 3)}")
    memory = results.get("memory")
    if memory:
        peak = memory["peak_rss_mib"]
        row(f"operator peak RSS MiB ({memory['sessions_present_cluster_wide']} sessions)", peak, "< 200 MiB",
            peak < GOALS["peak_rss_mib"], f"fresh process; RSS then {fmt(memory['rss_mib_with_all_present'])} MiB")
        if memory.get("whole_run_peak_rss_mib_before_restart"):
            row("operator peak RSS MiB, first process (after the 100-session runs)",
                memory["whole_run_peak_rss_mib_before_restart"], "-", None)
    webhook = results.get("webhook")
    if webhook:
        added = webhook["added_ms"].get("p99")
        fraction = webhook.get("apiserver_webhook_fraction_within_25ms")
        row("webhook create p50 ms (50 concurrent)", webhook["with_webhook_ms"]["p50"], "-", None,
            f"without webhook {fmt(webhook['without_webhook_ms']['p50'])}")
        row("webhook create p99 ms (50 concurrent)", webhook["with_webhook_ms"]["p99"], "-", None,
            f"without webhook {fmt(webhook['without_webhook_ms']['p99'])}")
        row("webhook added p99 ms", added, "< 25 ms", added is not None and added < GOALS["webhook_p99_ms"],
            f"API server: {fmt((fraction or 0) * 100)}% of calls <= 25 ms" if fraction is not None else "")
    engine = results.get("engine")
    if engine and engine.get("turns_per_s_median") is not None:
        value = engine["turns_per_s_median"]
        row("engine turns/s (full iteration, median)", value, ">= 10000", value >= GOALS["engine_turns_per_s"])
    return rows


def issue19_rows(results: dict[str, Any], row: Any) -> None:
    """The goals of issue 19, first: each figure, its goal, met or not (None: not measured
    here, or measured at another size than the goal's, which the figure's name then says)."""
    def at_most(value: float | None, goal: float) -> bool | None:
        return None if value is None else value <= goal

    levels = results.get("transitions") or {}
    for level, data in levels.items():
        value = data.get("operator_cpu_ms_per_iteration")
        row(f"[19] operator CPU ms per transition @{level}", value, "<= 10 ms", at_most(value, GOALS["cpu_ms_per_transition"]),
            f"/proc CPU delta {fmt(data.get('operator_cpu_s'), 2)} s / {data.get('iterations_completed')} transitions (session starts included)")
    offload = results.get("offload")
    if offload:
        value = offload.get("operator_cpu_ms_per_iteration")
        row(f"[19] operator CPU ms per transition @{offload['sessions']} offloaded", value, "<= 10 ms",
            at_most(value, GOALS["cpu_ms_per_transition"]))
        p99 = offload["transition_ms"]["p99"]
        at_goal_size = offload["sessions"] == 100
        row(f"[19] transition p99 ms @{offload['sessions']} offloaded", p99, "< 1000 ms @100",
            (p99 is not None and p99 < GOALS["transition_p99_ms"]) if at_goal_size else None,
            "" if at_goal_size else "goal is at 100 sessions")
    ten = levels.get("10")
    p50 = ten["transition_ms"]["p50"] if ten else None
    row("[19] transition p50 ms @10", p50, "< 30 ms", None if p50 is None else p50 < GOALS["transition_p50_ms_at_10"],
        "" if ten else "not measured (BENCH_SESSIONS has no 10)")
    webhook = results.get("webhook") or {}
    handler = webhook.get("handler_ms") or {}
    row("[19] webhook handler p50 ms (server-side)", handler.get("p50"), "-", None,
        f"{fmt(webhook.get('handler_calls'), 0)} decisions, from tornado_webhook_admission_duration_seconds" if webhook else "not measured")
    row("[19] webhook handler p99 ms (server-side)", handler.get("p99"), "< 10 ms",
        None if handler.get("p99") is None else handler["p99"] < GOALS["webhook_handler_p99_ms"])
    ratio = webhook.get("create_p99_ratio")
    row("[19] webhook create p99 ratio with/without (50 concurrent)", ratio, "<= 1.5", at_most(ratio, GOALS["webhook_p99_ratio"]),
        f"p99 {fmt((webhook.get('with_webhook_ms') or {}).get('p99'))} / {fmt((webhook.get('without_webhook_ms') or {}).get('p99'))} ms"
        if webhook else "not measured")
    scale = results.get("scale") or {}
    steps = scale.get("steps") or []
    restart = scale.get("restart") or {}
    if steps:
        top = steps[-1]
        peak = max(filter(None, [top.get("rss_mib"), restart.get("peak_rss_mib_after_window")]), default=None)
        at_goal_size = top["running"] >= 1000 and scale.get("finished_sessions", 0) >= 5000
        row(f"[19] operator RSS MiB, {top['running']} running + {scale.get('finished_sessions')} finished", peak, "< 300 MiB @1,000+5,000",
            (peak < GOALS["rss_mib_at_scale"]) if at_goal_size and peak is not None else None,
            f"max of RSS at the step and the restarted process' peak (VmHWM){'' if at_goal_size else '; goal is at 1,000 + 5,000'}")
    else:
        row("[19] operator RSS MiB, 1,000 running + 5,000 finished", None, "< 300 MiB", None, "not measured (BENCH_PHASES has no scale)")
    pod = results.get("pod") or {}
    value = pod.get("iteration_cpu_s_median")
    row("[19] iteration pod CPU-s (support-line)", value, "<= 0.5 CPU-s", at_most(value, GOALS["pod_cpu_s"]),
        f"median of {pod.get('samples')} (hack/bench_pod.py)" if pod else "not measured (BENCH_PHASES has no pod)")
    for step in steps:
        n = step["running"]
        net = step.get("probe_cpu_ms_per_transition_net_of_idle")
        row(f"scale @{n} running: RSS MiB", step["rss_mib"], "-", None, f"peak {fmt(step['peak_rss_mib'])}")
        row(f"scale @{n} running: idle CPU ms/s (resync)", step["idle_cpu_ms_per_s"], "-", None,
            f"{fmt(step['resync_reconciles_per_s'], 2)} resyncs/s, {fmt(step.get('idle_cpu_ms_per_resync'), 2)} CPU-ms each")
        row(f"scale @{n} running: CPU ms per transition ({scale.get('probe_sessions')} offloaded)",
            step["probe_cpu_ms_per_transition"], "-", None, f"net of the idle rate {fmt(net)}")
        row(f"scale @{n} running: transition p99 ms", step["probe_transition_ms"]["p99"], "-", None,
            f"p50 {fmt(step['probe_transition_ms']['p50'])}")
    if restart:
        row("scale: restart until ready s", restart.get("ready_s"), "-", None, f"{restart.get('sessions_present')} sessions present")
        row("scale: restart until every running session reconciled s", restart.get("until_all_running_reconciled_s"), "-", None,
            f"{restart.get('running_reconciled')} reconciled; {fmt(restart.get('cpu_s_until_then'))} CPU-s since start")


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def print_table(rows: list[dict[str, Any]]) -> None:
    width = max([len(r["figure"]) for r in rows] + [10])
    print()
    print(f"{'figure':<{width}}  {'value':>12}  {'goal':<15} {'met':<8} note")
    print("-" * (width + 50))
    for r in rows:
        met = "-" if r["met"] is None else ("met" if r["met"] else "NOT MET")
        print(f"{r['figure']:<{width}}  {fmt(r['value'], 2 if isinstance(r['value'], float) and r['value'] < 10 else 1):>12}  "
              f"{r['goal']:<15} {met:<8} {r['note']}")
    print()


def markdown_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| figure | value | goal | met | note |", "| --- | ---: | --- | --- | --- |"]
    for r in rows:
        met = "" if r["met"] is None else ("met" if r["met"] else "**not met**")
        value = fmt(r["value"], 2 if isinstance(r["value"], float) and r["value"] < 10 else 1)
        lines.append(f"| {r['figure']} | {value} | {r['goal'] if r['goal'] != '-' else ''} | {met} | {r['note']} |")
    return "\n".join(lines)


def main() -> int:
    if sys.argv[1:2] == ["--markdown"]:  # the table of a results file, for docs/performance.md
        results = json.loads(Path(sys.argv[2] if len(sys.argv) > 2 else RESULTS / "operator.json").read_text())
        print(markdown_table(goals(results)))
        return 0
    phases = set(os.environ.get("BENCH_PHASES", "transitions,offload,paced,overhead,memory,scale,webhook,pod,engine").split(","))
    levels = [int(x) for x in os.environ.get("BENCH_SESSIONS", "1,10,100").split(",") if x.strip()]
    profile = os.environ.get("BENCH_PROFILE") == "1"
    state = Path(os.environ.get("BENCH_STATE_DIR") or tempfile.mkdtemp(prefix="tornado-bench-"))
    ctx = Context(state)
    ctx.results["config"] = {"levels": levels, "phases": sorted(phases), "profile": profile,
                             "job_sleep_s": env_float("BENCH_JOB_SLEEP", 0), "level_timeout_s": env_float("BENCH_LEVEL_TIMEOUT", 600)}
    cluster_phases = phases & {"transitions", "offload", "paced", "overhead", "memory", "scale", "webhook"}
    if cluster_phases:
        log(f"starting the control plane in {state} (audit log {ctx.audit_log})")
        cp, ctx.audit_log = audited_control_plane(state)
        with cp:
            ctx.cp = cp
            install(cp)
            ctx.operator_kubeconfig = operator_kubeconfig(cp)
            ctx.api = cp.api_client()
            ctx.api.user_agent = BENCH_USER_AGENT
            start_watchers(cp.credentials(), ctx.recorder)
            if phases & {"transitions", "offload", "paced", "overhead", "memory", "scale"}:
                ctx.operator = Operator(cp, ctx.operator_kubeconfig, state / "operator.log", profile=profile)
                ctx.operator.start()
                try:
                    if "transitions" in phases:
                        ctx.phase("transitions", lambda: phase_transitions(ctx, levels))
                    if "offload" in phases:
                        ctx.phase("offload", lambda: phase_offload(ctx, env_int("BENCH_OFFLOAD_SESSIONS", max(levels))))
                    if "paced" in phases:
                        ctx.phase("paced", lambda: phase_paced(ctx, max(levels)))
                    if "overhead" in phases:
                        ctx.phase("overhead", lambda: phase_overhead(ctx))
                    if "memory" in phases:
                        ctx.phase("memory", lambda: phase_memory(ctx))
                    if "scale" in phases:
                        ctx.phase("scale", lambda: phase_scale(ctx))
                    ctx.results["operator"] = {
                        "peak_rss_mib_last_process": (ctx.operator.status_kb("VmHWM") or 0) / 1024,
                        "rss_samples_mib_max": max((kb for _, kb in ctx.operator.samples), default=0) / 1024,
                        "log": str(ctx.operator.log_path),
                    }
                    ctx.save()
                finally:
                    ctx.operator.stop()
                if profile:
                    log(f"profile: {RESULTS / 'operator.prof'}")
            if "webhook" in phases:
                ctx.phase("webhook", lambda: phase_webhook(ctx))
            STOP.set()
    if "pod" in phases:
        ctx.phase("pod", phase_pod)
    if "engine" in phases:
        ctx.phase("engine", phase_engine)
    ctx.results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    ctx.save()
    print_table(ctx.results["goals"])
    for name, error in (ctx.results.get("errors") or {}).items():
        print(f"phase {name} did not complete: {error[:500]}")
    log(f"results: {RESULTS / 'operator.json'}; logs and audit log in {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

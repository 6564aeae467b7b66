"""What the benchmark creates: per-session copies of examples/support-line (3 iterations each)."""

from __future__ import annotations

import copy
import shlex
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import yaml
from kubernetes import client
from kubernetes.client.exceptions import ApiException

from bench.common import REPO

GROUP, VERSION = "agenttesting.dev", "v1alpha1"
EXAMPLE = REPO / "examples" / "support-line"
PLURALS = {"Pathway": "pathways", "TestScenario": "testscenarios", "TornadoSession": "tornadosessions"}


def _example_docs() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    pathway = next(d for d in yaml.safe_load_all((EXAMPLE / "pathway.yaml").read_text()) if d)
    scenarios = [d for d in yaml.safe_load_all((EXAMPLE / "scenarios.yaml").read_text()) if d]
    return pathway, scenarios


def runner_command(sleep_seconds: float, jitter_seconds: float = 0) -> list[str]:
    """A fast iteration: optionally sleep (a fixed time, or uniformly random in [0, jitter]),
    then a real `tornado job` for this pod's iteration."""
    job = 'exec tornado job --namespace "$POD_NAMESPACE" --session "$TORNADO_SESSION" --iteration "$TORNADO_ITERATION"'
    if jitter_seconds > 0:
        draw = f"""awk -v r="$(od -An -N2 -tu2 /dev/urandom)" 'BEGIN {{ printf "%.3f", r / 65535 * {float(jitter_seconds)} }}'"""
        job = f"sleep $({draw}); {job}"
    if sleep_seconds > 0:
        job = f"sleep {shlex.quote(str(sleep_seconds))}; {job}"
    return ["sh", "-c", job]


def pathway_docs(index: int) -> list[dict[str, Any]]:
    """Pathway `sl-<i>` and its 7 scenarios `sl-<i>-<scenario>` (the support-line example)."""
    pathway, scenarios = _example_docs()
    name = f"sl-{index}"
    out = [{**copy.deepcopy(pathway), "metadata": {"name": name}}]
    for scenario in scenarios:
        doc = copy.deepcopy(scenario)
        doc["metadata"] = {"name": f"{name}-{scenario['metadata']['name']}"}
        doc["spec"]["pathwayId"] = name
        out.append(doc)
    return out


def session_doc(name: str, pathway: str, *, command: list[str] | None = None, cancel: bool = False,
                timeout_ms: int = 1_800_000, cpu_request: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"pathwayId": pathway, "maxIterations": 5, "timeoutMs": timeout_ms}
    if command is not None:
        spec["runner"] = {"command": command}
    if cpu_request is not None:  # the devcluster node has 64 CPUs to allocate: 640 pods at the default 100m
        spec.setdefault("runner", {})["resources"] = {"requests": {"cpu": cpu_request}}
    if cancel:
        spec["cancel"] = True
    return {"apiVersion": f"{GROUP}/{VERSION}", "kind": "TornadoSession", "metadata": {"name": name}, "spec": spec}


def create_all(api_client: Any, namespace: str, docs: Iterable[dict[str, Any]], workers: int = 16,
               attempts: int = 12) -> dict[str, Any]:
    """Create custom objects concurrently (the harness' own client, not kubectl).

    A 5xx or 429 (a webhook that timed out, the API server shedding load) or a webhook 409
    (the pathway's lock is held: after a failed admission the lock stays until its 15 s grace
    period ends) is retried with backoff, up to `attempts` times (about 18 s in all); errors
    are counted and returned, not hidden. Objects that
    could still not be created are listed in "failed" (names) instead of raising.
    """
    custom = client.CustomObjectsApi(api_client)
    errors: list[str] = []
    failed: list[str] = []

    def create(doc: dict[str, Any]) -> None:
        name = doc["metadata"]["name"]
        for attempt in range(attempts):
            try:
                custom.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURALS[doc["kind"]], doc)
                return
            except ApiException as exc:
                if exc.status == 409 and '"AlreadyExists"' in str(exc.body):
                    return  # exists (a rerun, or an earlier attempt went through after all)
                # 409 Conflict from the webhook (the pathway's lock is held, e.g. by an earlier
                # attempt whose admission failed half-way), 429 and 5xx: retry, counted.
                if (exc.status or 0) < 500 and exc.status not in (409, 429):
                    raise
                errors.append(f"{doc['kind']} {name}: HTTP {exc.status}: {str(exc.body)[:300]}")
                time.sleep(min(2.0, 0.25 * 2**attempt))
        failed.append(name)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(create, docs))
    return {"retried": len(errors), "failed": failed, "errors": errors[:5]}


def create_namespace(api_client: Any, namespace: str) -> None:
    try:
        client.CoreV1Api(api_client).create_namespace({"metadata": {"name": namespace}})
    except ApiException as exc:
        if exc.status != 409:
            raise


def pathways_snapshotted(api_client: Any, namespace: str, count: int) -> bool:
    items = client.CustomObjectsApi(api_client).list_namespaced_custom_object(GROUP, VERSION, namespace, "pathways")["items"]
    done = sum(1 for p in items if (p.get("status") or {}).get("latestVersion"))
    return done >= count


def cancel_sessions(api_client: Any, namespace: str, names: Iterable[str], workers: int = 16) -> None:
    custom = client.CustomObjectsApi(api_client)

    def cancel(name: str) -> None:
        custom.patch_namespaced_custom_object(GROUP, VERSION, namespace, "tornadosessions", name, {"spec": {"cancel": True}},
                                              _content_type="application/merge-patch+json")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(cancel, names))

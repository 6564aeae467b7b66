"""The in-memory fake (tests/fake_kube.py) answers like the real API server.

One table of operations, each a call of the `Kube` surface, runs in a fresh namespace of
the real control plane and in the fake; every answer (return value, status code and
reason of an error, what changed) must be the same, so the fast reconciler tests cannot
drift from what the operator meets in a cluster.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from kubernetes.client.exceptions import ApiException

from fake_kube import FakeKube
from kubehelpers import install_crds, temp_namespace
from tornado_operator.api.pathway import PathwaySpec
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.controller.kube import Kube, SecretKeyError

Ctx = dict[str, Any]
Op = Callable[[Kube, str, Ctx], Any]

# Complete specs (every default written out): the fake does not apply the CRDs' schemas.
PATHWAY_SPEC = PathwaySpec.model_validate({"nodes": [{"id": "start", "name": "Start", "isStart": True, "text": "Hi"}]}).wire()


def outcome(call: Callable[[], Any]) -> Any:
    """The answer of one call, or its error as (status, Status reason, message)."""
    try:
        return call()
    except ApiException as exc:
        body = json.loads(exc.body or "{}")
        return ("ApiException", exc.status, body.get("reason"), body.get("message"))
    except SecretKeyError as exc:
        return ("SecretKeyError", str(exc))


def meta(obj: dict[str, Any] | None, ctx: Ctx, key: str) -> Any:
    """The parts of an object that are the same on both sides: names, labels, generation,
    spec, status, and whether its resourceVersion moved since `key` was recorded."""
    if obj is None:
        return None
    m = obj["metadata"]
    moved = ctx.get(key) is not None and ctx.get(key) != m.get("resourceVersion")
    ctx[key] = m.get("resourceVersion")
    return {
        "name": m["name"],
        "labels": m.get("labels"),
        "generation": m.get("generation"),
        "uid?": bool(m.get("uid")),
        "moved": moved,
        "spec": obj.get("spec"),
        "status": obj.get("status"),
        "data": obj.get("data"),
    }


def pathway(name: str, **extra: Any) -> dict[str, Any]:
    return {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "Pathway", "metadata": {"name": name}, "spec": PATHWAY_SPEC, **extra}


def scenario(name: str, pathway_id: str) -> dict[str, Any]:
    spec = TestScenarioSpec.model_validate({"name": name, "pathwayId": pathway_id, "scenarioType": "REPLAY", "inputMessages": ["hi"]}).wire()
    return {"apiVersion": "agenttesting.dev/v1alpha1", "kind": "TestScenario", "metadata": {"name": name, "labels": {"set": pathway_id}}, "spec": spec}


def lease(name: str, holder: str, rv: str | None = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name, "labels": {"kind": "lock"}}
    if rv is not None:
        metadata["resourceVersion"] = rv
    return {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": metadata, "spec": {"holderIdentity": holder}}


def job(name: str) -> dict[str, Any]:
    container = {"name": "c", "image": "busybox", "command": ["true"]}
    template = {"spec": {"restartPolicy": "Never", "containers": [container]}}
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}, "spec": {"suspend": True, "template": template}}


def stale_status(kube: Kube, ns: str, ctx: Ctx) -> Any:
    body = {**pathway("p1"), "metadata": {"name": "p1", "resourceVersion": ctx["p1-first"]}, "status": {"latestVersion": 9}}
    return kube.replace_status("pathways", ns, body)


def current_status(kube: Kube, ns: str, ctx: Ctx) -> Any:
    current = kube.get("pathways", ns, "p1")
    assert current is not None
    body = {**current, "spec": {**PATHWAY_SPEC, "description": "ignored by /status"}, "status": {"observedGeneration": 2}}
    return meta(kube.replace_status("pathways", ns, body), ctx, "p1")


def lease_rv(kube: Kube, ns: str, ctx: Ctx) -> str:
    found = kube.get_lease(ns, "lock-1")
    assert found is not None
    rv: str = found["metadata"]["resourceVersion"]
    return rv


def replace_lease_at(which: str) -> Op:
    def op(kube: Kube, ns: str, ctx: Ctx) -> Any:
        rv = ctx["lease-old"] if which == "stale" else lease_rv(kube, ns, ctx)
        return kube.replace_lease(ns, lease("lock-1", f"holder-{which}", rv))

    return op


def delete_lease_at(which: str) -> Op:
    def op(kube: Kube, ns: str, ctx: Ctx) -> Any:
        rv = ctx["lease-old"] if which == "stale" else lease_rv(kube, ns, ctx)
        return kube.delete_lease(ns, "lock-1", rv)

    return op


def remember_lease_rv(kube: Kube, ns: str, ctx: Ctx) -> Any:
    ctx["lease-old"] = lease_rv(kube, ns, ctx)
    return True


def remember(key: str, plural: str, name: str) -> Op:
    def op(kube: Kube, ns: str, ctx: Ctx) -> Any:
        obj = kube.get(plural, ns, name)
        assert obj is not None
        ctx[key] = obj["metadata"]["resourceVersion"]
        return True

    return op


def holder_of(kube: Kube, ns: str, ctx: Ctx) -> Any:
    found = kube.get_lease(ns, "lock-1")
    return None if found is None else found["spec"]["holderIdentity"]


def configmap_uid_kept(kube: Kube, ns: str, ctx: Ctx) -> Any:
    found = kube.get_configmap(ns, "result")
    assert found is not None
    kept = ctx.get("cm-uid") in (None, found["metadata"]["uid"])
    ctx["cm-uid"] = found["metadata"]["uid"]
    return (kept, found["data"])


TABLE: list[tuple[str, Op]] = [
    ("get a missing object", lambda k, ns, c: k.get("pathways", ns, "p1")),
    ("create drops status", lambda k, ns, c: meta(k.create("pathways", ns, pathway("p1", status={"latestVersion": 5})), c, "p1")),
    ("remember p1", remember("p1-first", "pathways", "p1")),
    ("create a taken name", lambda k, ns, c: k.create("pathways", ns, pathway("p1"))),
    ("patch labels: same generation", lambda k, ns, c: meta(k.patch("pathways", ns, "p1", {"metadata": {"labels": {"a": "b"}}}), c, "p1")),
    ("patch spec: next generation", lambda k, ns, c: meta(k.patch("pathways", ns, "p1", {"spec": {"description": "two"}}), c, "p1")),
    ("patch ignores status", lambda k, ns, c: meta(k.patch("pathways", ns, "p1", {"status": {"latestVersion": 1}}), c, "p1")),
    ("patch status", lambda k, ns, c: meta(k.patch_status("pathways", ns, "p1", {"latestVersion": 3, "latestVersionName": "p1-v3"}), c, "p1")),
    ("status PUT with a stale resourceVersion", stale_status),
    ("status PUT replaces only the status", current_status),
    ("get", lambda k, ns, c: meta(k.get("pathways", ns, "p1"), c, "p1")),
    ("patch a missing object", lambda k, ns, c: k.patch("pathways", ns, "nope", {"metadata": {"labels": {"a": "b"}}})),
    ("patch status of a missing object", lambda k, ns, c: k.patch_status("pathways", ns, "nope", {"latestVersion": 1})),
    ("create scenarios", lambda k, ns, c: [k.create("testscenarios", ns, scenario(n, p))["metadata"]["name"] for n, p in (("s1", "p1"), ("s2", "p2"), ("s3", "p1"))]),
    ("list by field", lambda k, ns, c: sorted(o["metadata"]["name"] for o in k.list_objects("testscenarios", ns, fields="spec.pathwayId=p1"))),
    ("list by label", lambda k, ns, c: sorted(o["metadata"]["name"] for o in k.list_objects("testscenarios", ns, labels="set=p2"))),
    ("list all", lambda k, ns, c: sorted(o["metadata"]["name"] for o in k.list_objects("testscenarios", ns))),
    # Leases: create-if-absent, compare-and-swap, delete with a precondition.
    ("get a missing lease", lambda k, ns, c: k.get_lease(ns, "lock-1")),
    ("create a lease", lambda k, ns, c: k.create_lease(ns, lease("lock-1", "a"))),
    ("create it again", lambda k, ns, c: k.create_lease(ns, lease("lock-1", "b"))),
    ("holder", holder_of),
    ("remember its resourceVersion", remember_lease_rv),
    ("replace at the current resourceVersion", replace_lease_at("current")),
    ("replace at a stale resourceVersion", replace_lease_at("stale")),
    ("holder after", holder_of),
    ("delete at a stale resourceVersion", delete_lease_at("stale")),
    ("delete at the current resourceVersion", delete_lease_at("current")),
    ("gone", holder_of),
    ("replace a missing lease", lambda k, ns, c: k.replace_lease(ns, lease("lock-1", "x", c["lease-old"]))),
    ("delete a missing lease", lambda k, ns, c: k.delete_lease(ns, "lock-1", c["lease-old"])),
    ("list leases by label", lambda k, ns, c: (k.create_lease(ns, lease("lock-2", "z")), [x["metadata"]["name"] for x in k.list_leases(ns, labels="kind=lock")])),
    # Jobs, ConfigMaps, Secrets.
    ("get a missing Job", lambda k, ns, c: k.get_job(ns, "j1")),
    ("create a Job", lambda k, ns, c: k.create_job(ns, job("j1"))),
    ("create it again", lambda k, ns, c: k.create_job(ns, job("j1"))),
    ("get the Job", lambda k, ns, c: (k.get_job(ns, "j1") or {}).get("metadata", {}).get("name")),
    ("a suspended Job has no pods", lambda k, ns, c: k.job_pods(ns, "j1")),
    ("delete a missing Job", lambda k, ns, c: k.delete_job(ns, "nope")),
    ("delete the Job", lambda k, ns, c: k.delete_job(ns, "j1")),
    ("create it once more after the delete", lambda k, ns, c: k.create_job(ns, job("j1"))),
    ("get a missing ConfigMap", lambda k, ns, c: k.get_configmap(ns, "result")),
    ("put a ConfigMap", lambda k, ns, c: k.put_configmap(ns, {"metadata": {"name": "result"}, "data": {"k": "1"}})),
    ("create-if-absent", lambda k, ns, c: k.create_configmap(ns, {"metadata": {"name": "other"}, "data": {"k": "0"}})),
    ("create-if-absent again", lambda k, ns, c: k.create_configmap(ns, {"metadata": {"name": "other"}, "data": {"k": "9"}})),
    ("it kept the first", lambda k, ns, c: (k.get_configmap(ns, "other") or {}).get("data")),
    ("read it", configmap_uid_kept),
    ("put it again: replaced", lambda k, ns, c: k.put_configmap(ns, {"metadata": {"name": "result"}, "data": {"k": "2"}})),
    ("read it again", configmap_uid_kept),
    ("a missing Secret", lambda k, ns, c: k.read_secret_key(ns, "llm", "apiKey")),
    ("a missing Secret's data", lambda k, ns, c: k.get_secret_data(ns, "llm")),
    ("put a Secret", lambda k, ns, c: k.put_secret(ns, {"metadata": {"name": "llm"}, "stringData": {}, "data": {"apiKey": "c2stMTIz"}})),
    ("read its key", lambda k, ns, c: k.read_secret_key(ns, "llm", "apiKey")),
    ("a key it lacks", lambda k, ns, c: k.read_secret_key(ns, "llm", "token")),
    ("its data", lambda k, ns, c: k.get_secret_data(ns, "llm")),
]


def run_table(kube: Kube, namespace: str) -> list[tuple[str, Any]]:
    ctx: Ctx = {}
    return [(label, outcome(lambda op=op: op(kube, namespace, ctx))) for label, op in TABLE]


@pytest.fixture(scope="module")
def real(cluster: Any) -> Iterator[tuple[Kube, str]]:
    install_crds(cluster)
    with temp_namespace(cluster, "fake") as namespace:
        yield Kube(cluster.api_client()), namespace


def test_the_fake_answers_like_the_api_server(real: tuple[Kube, str]) -> None:
    kube, namespace = real
    expected = run_table(kube, namespace)
    got = run_table(FakeKube(), namespace)
    for (label, want), (_, have) in zip(expected, got, strict=True):
        assert have == want, f"{label}: the API server answered {want!r}, the fake {have!r}"
    # The table covers the interesting answers on the real side too.
    answers = dict(expected)
    assert answers["create a taken name"][:3] == ("ApiException", 409, "AlreadyExists")
    assert answers["status PUT with a stale resourceVersion"][:3] == ("ApiException", 409, "Conflict")
    assert answers["replace at a stale resourceVersion"] is False and answers["delete at a stale resourceVersion"] is False

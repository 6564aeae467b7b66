"""The admission review (webhook/admission.py) on the in-memory API server."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fake_kube import FakeClock, FakeKube
from fake_runner import NS, PATHWAY, PATHWAY_SPEC, scenario_spec
from tornado_operator.controller import locks, names
from tornado_operator.controller.cache import ReferenceCache
from tornado_operator.controller.jobs import RunnerDefaults
from tornado_operator.webhook.admission import Decision, review

LEASE = names.lease_name("pathway", PATHWAY)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kube(clock: FakeClock) -> FakeKube:
    kube = FakeKube(clock)
    kube.put_object("pathways", NS, {"metadata": {"name": PATHWAY}, "spec": PATHWAY_SPEC})
    kube.put_object("pathwayversions", NS, {"metadata": {"name": f"{PATHWAY}-v1"}, "spec": {**PATHWAY_SPEC, "pathwayId": PATHWAY, "versionNumber": 1}})
    for name in ("a", "b"):
        kube.put_object("testscenarios", NS, {"metadata": {"name": name}, "spec": scenario_spec()})
    kube.put_object("testscenarios", NS, {"metadata": {"name": "other"}, "spec": scenario_spec("elsewhere")})
    return kube


def request(name: str = "s1", *, dry_run: bool = False, operation: str = "CREATE", **spec: Any) -> dict[str, Any]:
    return {
        "uid": str(uuid.uuid4()),
        "operation": operation,
        "namespace": NS,
        "dryRun": dry_run,
        "object": {
            "metadata": {"name": name, "namespace": NS, "uid": f"uid-{name}"},
            "spec": {"pathwayId": PATHWAY, **spec},
        },
    }


def store(kube: FakeKube, req: dict[str, Any]) -> None:
    """The API server stores an admitted object (with the uid the review carried)."""
    obj = req["object"]
    kube.put_object("tornadosessions", NS, {"metadata": {"name": obj["metadata"]["name"]}, "spec": obj["spec"]})
    kube.objects[("tornadosessions", NS, obj["metadata"]["name"])]["metadata"]["uid"] = obj["metadata"]["uid"]


def admit(kube: FakeKube, clock: FakeClock, req: dict[str, Any]) -> Decision:
    decision = review(kube, req, clock=clock.now, sleep=clock.advance)
    if decision.allowed and not req["dryRun"]:
        store(kube, req)
    return decision


def test_allowed_create_takes_the_lock(kube: FakeKube, clock: FakeClock) -> None:
    decision = review(kube, request(), clock=clock.now)
    assert decision.allowed and decision.response("x")["response"] == {"uid": "x", "allowed": True}
    lease = kube.get_lease(NS, LEASE)
    assert lease is not None and lease["spec"]["holderIdentity"] == "uid-s1"


def test_second_create_is_denied_409_naming_the_first(kube: FakeKube, clock: FakeClock) -> None:
    assert admit(kube, clock, request("s1")).allowed
    decision = admit(kube, clock, request("s2"))
    assert not decision.allowed and decision.code == 409 and decision.reason == "Conflict"
    assert decision.message == 'tornado session "s1" is already running for pathway "support"'
    assert kube.get_lease(NS, LEASE)["spec"]["holderIdentity"] == "uid-s1"  # type: ignore[index]


def test_dry_run_checks_the_lock_without_taking_it(kube: FakeKube, clock: FakeClock) -> None:
    assert review(kube, request(dry_run=True), clock=clock.now).allowed
    assert kube.get_lease(NS, LEASE) is None
    admit(kube, clock, request("s1"))
    assert not admit(kube, clock, request("s2", dry_run=True)).allowed


def test_updates_and_cancelled_creates_hold_nothing(kube: FakeKube, clock: FakeClock) -> None:
    assert review(kube, request(operation="UPDATE"), clock=clock.now).allowed
    assert review(kube, request(cancel=True), clock=clock.now).allowed
    assert kube.get_lease(NS, LEASE) is None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"pathwayId": "nope"}, 'spec.pathwayId: Pathway "nope" not found in namespace "team"'),
        ({"versionNumber": 9}, 'spec.versionNumber: PathwayVersion "support-v9" not found'),
        ({"scenarioIds": ["a", "zzz"]}, 'spec.scenarioIds[1]: TestScenario "zzz" not found'),
        ({"scenarioIds": ["other"]}, 'belongs to pathway "elsewhere"'),
        ({"maxIterations": 99}, "spec.maxIterations"),
    ],
)
def test_invalid_references_are_denied_naming_the_field(
    kube: FakeKube, clock: FakeClock, spec: dict[str, Any], message: str
) -> None:
    decision = review(kube, request(**spec), clock=clock.now)
    assert not decision.allowed and decision.code == 422
    assert message in decision.message
    assert kube.get_lease(NS, LEASE) is None


def test_a_cached_reference_saves_the_read(kube: FakeKube, clock: FakeClock) -> None:
    cache = ReferenceCache()
    cache.put("pathways", {"metadata": {"name": PATHWAY, "namespace": NS}})
    for name in ("a", "b"):
        cache.put("testscenarios", {"metadata": {"name": name, "namespace": NS}, "spec": scenario_spec()})
    assert review(kube, request(scenarioIds=["a", "b"]), cache, clock=clock.now).allowed
    assert "get" not in kube.calls and "list_objects" not in kube.calls


def test_a_review_that_is_never_stored_delays_the_next_create_but_cannot_deny_it(kube: FakeKube, clock: FakeClock) -> None:
    assert review(kube, request("ghost"), clock=clock.now, sleep=clock.advance).allowed  # never stored
    started = clock.now()
    assert review(kube, request("s2"), clock=clock.now, sleep=clock.advance).allowed
    assert (clock.now() - started).total_seconds() <= locks.PENDING_GRACE_SECONDS + locks.POLL_SECONDS
    assert kube.get_lease(NS, LEASE)["spec"]["holderIdentity"] == "uid-s2"  # type: ignore[index]


def test_a_create_that_failed_as_already_exists_does_not_block(kube: FakeKube, clock: FakeClock) -> None:
    kube.put_object("tornadosessions", NS, {"metadata": {"name": "done"}, "spec": {"pathwayId": PATHWAY}, "status": {"phase": "CANCELLED"}})
    assert review(kube, request("done"), clock=clock.now).allowed  # then the API server says AlreadyExists
    started = clock.now()
    assert review(kube, request("next"), clock=clock.now, sleep=clock.advance).allowed
    assert clock.now() == started, "admitted at once, no grace"


INVALID_SCENARIOS = [
    ({"assertions": [{"type": "REGEX_MATCH", "config": {"pattern": "(unclosed"}}]}, "spec.assertions[0].config.pattern: invalid regular expression"),
    ({"assertions": [{"type": "NODE_REACHED", "config": {}}]}, "spec.assertions[0].config.nodeId: required for NODE_REACHED"),
    ({"assertions": [{"type": "NODES_VISITED", "config": {"nodeIds": []}}]}, "spec.assertions[0].config.nodeIds: must have at least 1"),
]
NO_PATHWAY = ({"pathwayId": None}, "spec.pathwayId: a scenario needs pathwayId or personaId")


@pytest.mark.parametrize(
    ("spec", "field", "listed"),
    # A scenario without a pathwayId is found only by name (spec.scenarioIds).
    [(*case, listed) for case in INVALID_SCENARIOS for listed in (True, False)] + [(*NO_PATHWAY, True)],
)
def test_an_invalid_scenario_is_denied_naming_its_field(
    kube: FakeKube, clock: FakeClock, spec: dict[str, Any], field: str, listed: bool
) -> None:
    """Stored without the CRD's schema (an older CRD, or written before a rule existed): the
    review names the scenario and the field, as the operator and the Job would."""
    body = {k: v for k, v in scenario_spec(**spec).items() if v is not None}
    kube.put_object("testscenarios", NS, {"metadata": {"name": "broken"}, "spec": body})
    req = request(scenarioIds=["a", "broken"]) if listed else request()
    decision = review(kube, req, clock=clock.now, sleep=clock.advance)
    assert not decision.allowed and decision.code == 422
    assert decision.message.startswith(f'TestScenario "broken": {field}'), decision.message


# --- who may choose what the iteration pods run ---


def with_user(req: dict[str, Any], user: str) -> dict[str, Any]:
    return {**req, "userInfo": {"username": user, "groups": ["system:authenticated"]}}


def test_runner_overrides_need_the_override_permission(kube: FakeKube, clock: FakeClock) -> None:
    req = with_user(request(runner={"command": ["sh", "-c", "cat /secrets/*"]}), "mallory")
    decision = review(kube, req, clock=clock.now, sleep=clock.advance)
    assert not decision.allowed and decision.code == 403
    assert decision.message.startswith("spec.runner.command: overriding the runner's command is not allowed: needs")
    assert decision.message.endswith("mallory may not")
    assert kube.get_lease(NS, LEASE) is None
    image = with_user(request(runner={"image": "evil/image:1"}), "mallory")
    assert 'spec.runner.image: "evil/image:1" is not an allowed runner image' in review(kube, image, clock=clock.now).message


def test_an_authorized_user_may_override_and_the_lock_says_so(kube: FakeKube, clock: FakeClock) -> None:
    kube.allowed.add(("alice", "override", "tornadosessions/runner", NS))
    req = with_user(request(runner={"command": ["python", "-m", "x"], "image": "team/runner:2"}), "alice")
    assert review(kube, req, clock=clock.now).allowed
    assert locks.override_approved(kube, NS, locks.LockKey("pathway", PATHWAY), "uid-s1")
    assert "can_i" in kube.calls


def test_the_operators_flags_allow_overrides_without_asking(kube: FakeKube, clock: FakeClock) -> None:
    allowed = RunnerDefaults(image="tornado:1", allowed_images=("registry.local/*",), allow_command=True)
    req = with_user(request(runner={"command": ["x"], "image": "registry.local/runner:3"}), "bob")
    assert review(kube, req, clock=clock.now, runner=allowed).allowed
    assert "can_i" not in kube.calls
    lease = kube.get_lease(NS, LEASE)
    assert lease is not None and locks.ANNOTATION_OVERRIDE_APPROVED not in lease["metadata"]["annotations"]
    default_image = with_user(request("s2", runner={"image": "tornado:1"}), "bob")
    assert RunnerDefaults(image="tornado:1").unapproved_overrides(review_spec(default_image)) == []


def review_spec(req: dict[str, Any]) -> Any:
    from tornado_operator.api.session import TornadoSessionSpec

    return TornadoSessionSpec.model_validate(req["object"]["spec"])


# --- a free lock admitted at once, its Lease written after (locks.LockIndex) ---


class Later:
    """The background writer, run when the test says."""

    def __init__(self) -> None:
        self.pending: list[Any] = []

    def __call__(self, work: Any) -> None:
        self.pending.append(work)

    def run(self) -> None:
        while self.pending:
            self.pending.pop(0)()


def synced_index() -> locks.LockIndex:
    index = locks.LockIndex()
    index.leases_listed(None, set())
    return index


def test_a_free_lock_is_admitted_before_its_lease_is_written(kube: FakeKube, clock: FakeClock) -> None:
    index, later = synced_index(), Later()
    assert review(kube, request("s1"), clock=clock.now, index=index, background=later).allowed
    assert kube.get_lease(NS, LEASE) is None and len(later.pending) == 1  # not written yet
    later.run()
    lease = kube.get_lease(NS, LEASE)
    assert lease is not None and lease["spec"]["holderIdentity"] == "uid-s1"
    # Known now (before any watch event): the next create takes the Lease path and is denied.
    store(kube, request("s1"))
    decision = review(kube, request("s2"), clock=clock.now, sleep=clock.advance, index=index, background=later)
    assert not decision.allowed and decision.code == 409 and 'tornado session "s1"' in decision.message
    assert later.pending == []


def test_a_create_racing_an_unwritten_fast_admission_waits_for_its_write_and_is_denied(kube: FakeKube, clock: FakeClock) -> None:
    import threading

    index, later = synced_index(), Later()
    assert review(kube, request("s1"), clock=clock.now, index=index, background=later).allowed
    answers: list[Decision] = []
    second = threading.Thread(
        target=lambda: answers.append(review(kube, request("s2"), clock=clock.now, sleep=clock.advance, index=index, background=later))
    )
    second.start()
    second.join(timeout=0.3)
    assert second.is_alive() and kube.get_lease(NS, LEASE) is None  # waits: it must not take the Lease first
    store(kube, request("s1"))
    later.run()
    second.join(timeout=5)
    assert [a.code for a in answers] == [409] and kube.get_lease(NS, LEASE)["spec"]["holderIdentity"] == "uid-s1"  # type: ignore[index]


def test_a_known_lease_an_unsynced_index_or_an_override_takes_the_lease_path(kube: FakeKube, clock: FakeClock) -> None:
    later = Later()
    unsynced = locks.LockIndex()
    assert review(kube, request("s1"), clock=clock.now, index=unsynced, background=later).allowed
    assert later.pending == [] and kube.get_lease(NS, LEASE) is not None  # written before the answer
    index = synced_index()
    index.lease_event("ADDED", kube.get_lease(NS, LEASE))  # type: ignore[arg-type]
    store(kube, request("s1"))
    assert review(kube, request("s2"), clock=clock.now, sleep=clock.advance, index=index, background=later).code == 409
    kube.allowed.add(("alice", "override", "tornadosessions/runner", NS))
    other = with_user(request("s3", runner={"command": ["python", "-m", "x"]}, pathwayId="elsewhere"), "alice")
    kube.put_object("pathways", NS, {"metadata": {"name": "elsewhere"}, "spec": PATHWAY_SPEC})
    assert review(kube, other, clock=clock.now, index=index, background=later).allowed
    assert later.pending == [] and locks.override_approved(kube, NS, locks.LockKey("pathway", "elsewhere"), "uid-s3")


def test_the_index_forgets_a_lease_only_when_the_deleted_one_is_the_one_it_knows() -> None:
    index = synced_index()
    key = [locks.LockKey("pathway", PATHWAY)]

    def lease(holder: str) -> dict[str, Any]:
        return {"metadata": {"name": LEASE, "namespace": NS}, "spec": {"holderIdentity": holder}}

    assert index.claim(NS, key)
    index.settle(NS, key, "new", fast=True, acquired=True)  # this process's own write
    index.lease_event("DELETED", lease("old"))  # an older Lease's deletion, delivered late
    assert not index.claim(NS, key)
    index.settle(NS, key, "x", fast=False, acquired=False)
    index.lease_event("DELETED", lease("new"))
    assert index.claim(NS, key)  # free again: fast


def test_without_blocking_a_review_is_answered_from_the_cache_and_the_index_or_not_at_all(kube: FakeKube, clock: FakeClock) -> None:
    from tornado_operator.webhook.admission import Offline, WouldBlock

    index, later = synced_index(), Later()
    cache = ReferenceCache()
    offline: Any = Offline()
    with pytest.raises(WouldBlock):  # nothing cached: the Pathway needs a read
        review(offline, request("s1"), cache, clock=clock.now, lock_kube=kube, index=index, background=later, blocking=False)
    cache.put("pathways", {"metadata": {"name": PATHWAY, "namespace": NS}})
    for name in ("a", "b"):
        cache.put("testscenarios", {"metadata": {"name": name, "namespace": NS}, "spec": scenario_spec()})
    assert review(offline, request("s1"), cache, clock=clock.now, lock_kube=kube, index=index, background=later, blocking=False).allowed
    later.run()
    assert kube.get_lease(NS, LEASE)["spec"]["holderIdentity"] == "uid-s1"  # type: ignore[index]
    for blocked in (request("s2"), request("s3", dry_run=True)):  # a known lock; a dry run
        with pytest.raises(WouldBlock):
            review(offline, blocked, cache, clock=clock.now, lock_kube=kube, index=index, background=later, blocking=False)
    key = [locks.LockKey("pathway", PATHWAY)]
    index.lease_event("DELETED", kube.get_lease(NS, LEASE))  # type: ignore[arg-type]
    assert index.claim(NS, key, fast_only=True)  # nothing was left claimed by the refusals

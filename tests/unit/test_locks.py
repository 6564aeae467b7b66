"""The per-pathway lock, leader election and version allocation on the in-memory API server."""

from __future__ import annotations

import pytest

from fake_kube import FakeClock, FakeKube
from fake_runner import NS, PATHWAY, PATHWAY_SPEC
from tornado_operator.api.pathway import PathwaySpec, Provenance
from tornado_operator.controller import leader, locks, names
from tornado_operator.controller.versions import create_version, list_versions

KEY = locks.LockKey("pathway", PATHWAY)


def session(kube: FakeKube, name: str, phase: str | None = None) -> locks.Holder:
    body = {"metadata": {"name": name}, "spec": {"pathwayId": PATHWAY}}
    if phase is not None:
        body["status"] = {"phase": phase}
    obj = kube.put_object("tornadosessions", NS, body)
    return locks.Holder(obj["metadata"]["uid"], name)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kube(clock: FakeClock) -> FakeKube:
    return FakeKube(clock)


def acquire(kube: FakeKube, holder: locks.Holder, clock: FakeClock, **kw: bool) -> locks.LockResult:
    return locks.acquire(kube, NS, KEY, holder, clock=clock.now, **kw)


def test_acquire_is_create_if_absent_and_idempotent(kube: FakeKube, clock: FakeClock) -> None:
    one = session(kube, "one")
    assert acquire(kube, one, clock).acquired
    lease = kube.get_lease(NS, KEY.lease)
    assert lease is not None and lease["spec"]["holderIdentity"] == one.uid
    assert lease["metadata"]["annotations"][names.ANNOTATION_SESSION_NAME] == "one"
    writes = len(kube.writes)
    assert acquire(kube, one, clock).acquired, "the holder asking again"
    assert (len(kube.writes) == writes + 1 and kube.writes[-1][0] == "create_lease") or len(kube.writes) == writes


def test_a_live_holder_keeps_the_lock(kube: FakeKube, clock: FakeClock) -> None:
    one, two = session(kube, "one"), session(kube, "two")
    acquire(kube, one, clock)
    clock.advance(10_000)  # age does not matter while the holder runs
    result = acquire(kube, two, clock)
    assert not result.acquired and not result.pending and result.holder == one
    assert result.conflict_message(KEY) == 'tornado session "one" is already running for pathway "support"'


def test_a_finished_holder_is_taken_over_at_once(kube: FakeKube, clock: FakeClock) -> None:
    done = session(kube, "done", phase="COMPLETED_ALL_PASSED")
    acquire(kube, done, clock)
    two = session(kube, "two")
    assert acquire(kube, two, clock).acquired
    assert kube.get_lease(NS, KEY.lease)["spec"]["holderIdentity"] == two.uid  # type: ignore[index]


def test_a_missing_holder_is_pending_within_the_grace_and_a_phantom_after(kube: FakeKube, clock: FakeClock) -> None:
    ghost = locks.Holder("uid-ghost", "ghost")  # its create is in flight, or never happened
    acquire(kube, ghost, clock)
    two = session(kube, "two")
    clock.advance(locks.PENDING_GRACE_SECONDS - 0.5)
    result = acquire(kube, two, clock)
    assert not result.acquired and result.pending
    clock.advance(1)
    assert acquire(kube, two, clock).acquired
    lease = kube.get_lease(NS, KEY.lease)
    assert lease is not None and locks.unconfirmed(lease), "taken from a holder that never appeared"


def test_waiting_for_a_pending_holder_that_appears_or_never_does(kube: FakeKube, clock: FakeClock) -> None:
    ghost = locks.Holder("uid-ghost", "ghost")
    acquire(kube, ghost, clock)
    two = session(kube, "two")
    # It never appears: the waiter takes over once the grace has passed, and is admitted.
    result = locks.acquire(kube, NS, KEY, two, clock=clock.now, wait_pending=True, sleep=clock.advance)
    assert result.acquired
    waited = clock.now()
    # A holder that appears while we wait: denied, naming it.
    kube.delete("leases", NS, KEY.lease)
    pending = locks.Holder("uid-late", "late")
    acquire(kube, pending, clock)
    polls: list[float] = []

    def appear_after_two_polls(seconds: float) -> None:
        polls.append(seconds)
        clock.advance(seconds)
        if len(polls) == 2:
            kube.put_object("tornadosessions", NS, {"metadata": {"name": "late"}, "spec": {"pathwayId": PATHWAY}})
            kube.objects[("tornadosessions", NS, "late")]["metadata"]["uid"] = "uid-late"

    three = session(kube, "three")
    result = locks.acquire(kube, NS, KEY, three, clock=clock.now, wait_pending=True, sleep=appear_after_two_polls)
    assert not result.acquired and result.holder == pending and len(polls) == 2
    assert (clock.now() - waited).total_seconds() < locks.PENDING_GRACE_SECONDS


def test_a_holder_whose_name_belongs_to_another_session_is_a_phantom_at_once(kube: FakeKube, clock: FakeClock) -> None:
    """A create rejected as AlreadyExists after admission: the name is taken by another
    (say, finished) session, so the holder can never appear; no grace period."""
    session(kube, "done", phase="CANCELLED")
    never = locks.Holder("uid-never-stored", "done")
    acquire(kube, never, clock)
    two = session(kube, "two")
    assert acquire(kube, two, clock).acquired


def test_an_unconfirmed_lock_is_taken_over_at_once(kube: FakeKube, clock: FakeClock) -> None:
    acquire(kube, locks.Holder("f1", "forged-1"), clock)
    clock.advance(locks.PENDING_GRACE_SECONDS)
    assert acquire(kube, locks.Holder("f2", "forged-2"), clock).acquired  # phantom: marked unconfirmed
    real = session(kube, "real")
    assert acquire(kube, real, clock).acquired, "no new grace for a lock taken from a phantom"


def test_reposted_forged_reviews_block_for_the_grace_at_most(kube: FakeKube, clock: FakeClock) -> None:
    """A client reposting a review every second (new uid each time, never stored) against a
    user's create every 0.5 s: the user's create waits at most the grace and is admitted."""
    user = session(kube, "user")
    admitted_at = None
    for tick in range(40):
        now = tick * 0.5
        if tick % 2 == 0:
            locks.acquire(kube, NS, KEY, locks.Holder(f"forged-{tick}", f"forged-{tick}"), clock=clock.now)
        elif tick > 1 and admitted_at is None and locks.acquire(
            kube, NS, KEY, user, clock=clock.now, wait_pending=True, sleep=clock.advance
        ).acquired:
            admitted_at = now
        clock.advance(0.5)
    assert admitted_at is not None and admitted_at <= locks.PENDING_GRACE_SECONDS + 1
    assert not acquire(kube, locks.Holder("forged-late", "forged-late"), clock).acquired, "the real holder keeps it"


def test_give_back_frees_without_deleting(kube: FakeKube, clock: FakeClock) -> None:
    one = session(kube, "one")
    acquire(kube, one, clock)
    assert locks.give_back(kube, NS, KEY, one, clock=clock.now)
    lease = kube.get_lease(NS, KEY.lease)
    assert lease is not None and lease["spec"]["holderIdentity"] == "" and locks.unconfirmed(lease)
    two = session(kube, "two")
    assert acquire(kube, two, clock).acquired


def test_release_orphans_at_startup(kube: FakeKube, clock: FakeClock) -> None:
    running, done = session(kube, "running"), session(kube, "done", phase="STUCK")
    gone = session(kube, "gone")
    for name, holder in (("a", running), ("b", done), ("c", gone)):
        locks.acquire(kube, NS, locks.LockKey("pathway", name), holder, clock=clock.now)
    kube.delete("tornadosessions", NS, "gone")  # deleted while no operator watched
    clock.advance(60)
    locks.acquire(kube, NS, locks.LockKey("pathway", "d"), locks.Holder("in-flight", "in-flight"), clock=clock.now)
    released = locks.release_orphans(kube, None, clock=clock.now)
    assert sorted(released) == [f"{NS}/tornado-pathway-b", f"{NS}/tornado-pathway-c"]
    assert sorted(lease["metadata"]["name"] for lease in kube.list_kind("leases", NS)) == ["tornado-pathway-a", "tornado-pathway-d"]


def test_dry_run_checks_without_writing(kube: FakeKube, clock: FakeClock) -> None:
    one, two = session(kube, "one"), session(kube, "two")
    assert acquire(kube, one, clock, dry_run=True).acquired
    assert kube.get_lease(NS, KEY.lease) is None
    acquire(kube, one, clock)
    writes = list(kube.writes)
    assert not acquire(kube, two, clock, dry_run=True).acquired
    assert kube.writes == writes


def test_release_only_by_the_holder(kube: FakeKube, clock: FakeClock) -> None:
    one, two = session(kube, "one"), session(kube, "two")
    acquire(kube, one, clock)
    assert not locks.release(kube, NS, KEY, two.uid)
    assert kube.get_lease(NS, KEY.lease) is not None
    assert locks.release(kube, NS, KEY, one.uid)
    assert kube.get_lease(NS, KEY.lease) is None
    assert not locks.release(kube, NS, KEY, one.uid), "already gone"


def test_release_loses_to_a_takeover_in_between(kube: FakeKube, clock: FakeClock) -> None:
    """The holder read its lease, then someone took it over: the delete's resourceVersion
    precondition keeps the new holder's lock."""
    done = session(kube, "done", phase="CANCELLED")
    acquire(kube, done, clock)
    two = session(kube, "two")
    kube.once("delete_lease", lambda: acquire(kube, two, clock))
    assert not locks.release(kube, NS, KEY, done.uid)
    assert kube.get_lease(NS, KEY.lease)["spec"]["holderIdentity"] == two.uid  # type: ignore[index]


def test_acquire_all_takes_every_lock_or_none(kube: FakeKube, clock: FakeClock) -> None:
    other = session(kube, "other")
    persona = locks.LockKey("persona", "dana")
    locks.acquire(kube, NS, persona, other, clock=clock.now)
    one = session(kube, "one")
    result, key = locks.acquire_all(kube, NS, locks.lock_keys(PATHWAY, "dana"), one, clock=clock.now)
    assert not result.acquired and key == persona
    lease = kube.get_lease(NS, KEY.lease)
    assert lease is not None and lease["spec"]["holderIdentity"] == "", "the pathway lock taken first was given back"


# --- leader election ---


def test_leader_election(kube: FakeKube, clock: FakeClock) -> None:
    assert leader.try_acquire(kube, NS, "leader", "a", clock=clock.now)
    assert not leader.try_acquire(kube, NS, "leader", "b", clock=clock.now)
    clock.advance(leader.LEASE_SECONDS - 1)
    assert leader.try_acquire(kube, NS, "leader", "a", clock=clock.now), "renewal"
    clock.advance(leader.LEASE_SECONDS - 1)
    assert not leader.try_acquire(kube, NS, "leader", "b", clock=clock.now), "renewed a moment ago"
    clock.advance(2)
    assert leader.try_acquire(kube, NS, "leader", "b", clock=clock.now), "a stopped renewing"
    lease = kube.get_lease(NS, "leader")
    assert lease is not None and lease["spec"]["holderIdentity"] == "b" and lease["spec"]["leaseTransitions"] == 1


def test_leader_takeover_race_has_one_winner(kube: FakeKube, clock: FakeClock) -> None:
    leader.try_acquire(kube, NS, "leader", "a", clock=clock.now)
    clock.advance(leader.LEASE_SECONDS + 1)
    outcome: list[bool] = []
    # c's takeover lands between b's read and b's compare-and-swap.
    kube.once("replace_lease", lambda: outcome.append(leader.try_acquire(kube, NS, "leader", "c", clock=clock.now)))
    assert not leader.try_acquire(kube, NS, "leader", "b", clock=clock.now)
    assert outcome == [True]


# --- versions ---


def test_version_creation_is_idempotent_and_takes_the_next_free_number(kube: FakeKube) -> None:
    pathway = kube.put_object("pathways", NS, {"metadata": {"name": PATHWAY}, "spec": PATHWAY_SPEC})
    graph = PathwaySpec.model_validate(PATHWAY_SPEC)
    snap = Provenance(source="pathway", pathway_generation=1)
    assert create_version(kube, NS, pathway=pathway, graph=graph, parent=None, provenance=snap) == 1
    assert create_version(kube, NS, pathway=pathway, graph=graph, parent=None, provenance=snap) == 1
    fork = Provenance(source="tornado-fix", session_id="s-1", iteration=1)
    # A concurrent writer takes v2 between our list and our create: we get v3.
    other = Provenance(source="tornado-fix", session_id="s-2", iteration=1)
    kube.once("create", lambda: create_version(kube, NS, pathway=pathway, graph=graph, parent=1, provenance=other))
    assert create_version(kube, NS, pathway=pathway, graph=graph, parent=1, provenance=fork) == 3
    assert create_version(kube, NS, pathway=pathway, graph=graph, parent=1, provenance=fork) == 3, "a retried pod"
    numbers = sorted(v["spec"]["versionNumber"] for v in list_versions(kube, NS, PATHWAY))
    assert numbers == [1, 2, 3]
    v3 = kube.get("pathwayversions", NS, "support-v3")
    assert v3 is not None and v3["metadata"]["ownerReferences"][0]["uid"] == pathway["metadata"]["uid"]
    assert v3["metadata"]["labels"][names.LABEL_SESSION_UID] == "s-1"

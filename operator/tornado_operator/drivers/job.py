"""One iteration of a session, as its Job runs it: read the world, compute, write the result.

Reads the session (its status says which version and scenarios this iteration tests),
simulates every scenario, lets the loop decide, writes the forked PathwayVersion when the
loop continues, and stores the result in the ConfigMap `<session>-it<N>-result` owned by
the session. A retried pod finds its own version (by provenance) and overwrites its own
result, so a retry never forks twice.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tornado_operator.api.errors import first_error
from tornado_operator.api.pathway import PathwayVersionSpec, Provenance, version_name
from tornado_operator.api.results import IterationResult, fit_to_bytes
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.api.session import SecretKeyRef, TornadoSession
from tornado_operator.controller import names
from tornado_operator.controller.jobs import (
    API_KEY_ENV,
    BLAND_API_KEY_ENV,
    mounted_api_key,
    owner_reference,
)
from tornado_operator.controller.kube import Kube, SecretKeyError, connect
from tornado_operator.controller.versions import create_version
from tornado_operator.engine.backends import backend_for
from tornado_operator.engine.iteration import run_iteration
from tornado_operator.engine.ports import Backend
from tornado_operator.engine.repair.model import graph_digest
from tornado_operator.loop.versions import fix_notes


class JobError(Exception):
    """The iteration cannot run; the message ends up in the session's status."""


def run_iteration_job(namespace: str, session_name: str, iteration: int, kube: Kube | None = None) -> dict[str, Any]:
    """Run iteration `iteration` of the session and store its result; a one-line summary back."""
    if kube is None:
        kube = connect()
    session = _session(kube, namespace, session_name, iteration)
    status = session.status
    pathway_id = session.spec.pathway_id
    version_number = status.current_version
    if version_number is None:
        raise JobError("session status has no currentVersion")
    version, version_wire = _version(kube, namespace, pathway_id, version_number)
    scenarios = _scenarios(kube, namespace, status.scenario_ids)
    previous = next((r for r in status.iterations if r.iteration == iteration - 1), None)
    result = run_iteration(
        graph=version.graph(),
        version_number=version_number,
        scenarios=scenarios,
        iteration=iteration,
        max_iterations=session.spec.max_iterations,
        previous=previous,
        unfixable_ids=status.unfixable_ids,
        backend=_backend(kube, session, namespace),
        seen_digests=_seen_digests(kube, namespace, session, version),
    )
    if result.forked_graph is not None:
        result.record.forked_version = _fork(kube, namespace, session, iteration, version_number, result, version_wire)
    _store(kube, namespace, session, iteration, result)
    return {
        "iteration": iteration,
        "passed": len(result.record.passed_ids),
        "failed": len(result.record.failed_ids),
        "phase": result.phase.value if result.phase else None,
        "forked_version": result.record.forked_version,
    }


def _session(kube: Kube, namespace: str, name: str, iteration: int) -> TornadoSession:
    raw = kube.get("tornadosessions", namespace, name)
    if raw is None:
        raise JobError(f'TornadoSession "{name}" not found in namespace "{namespace}"')
    session = TornadoSession.model_validate(raw)
    if session.status.current_iteration != iteration:
        raise JobError(f"session is at iteration {session.status.current_iteration}, this Job runs iteration {iteration}")
    return session


def _version(kube: Kube, namespace: str, pathway_id: str, number: int) -> tuple[PathwayVersionSpec, dict[str, Any]]:
    """The version's spec, validated and as written (a fork of it keeps that form)."""
    name = version_name(pathway_id, number)
    raw = kube.get("pathwayversions", namespace, name)
    if raw is None:
        raise JobError(f'PathwayVersion "{name}" not found')
    try:
        return PathwayVersionSpec.model_validate(raw["spec"]), raw["spec"]
    except ValidationError as exc:
        raise JobError(first_error(exc, f"PathwayVersion {name}: spec.")) from None


def _seen_digests(kube: Kube, namespace: str, session: TornadoSession, tested: PathwayVersionSpec) -> list[str]:
    """Content hashes of the versions this session has tested: its start version, the one under
    test, and every version it forked (found by provenance)."""
    digests = [graph_digest(tested.graph())]
    uid = session.metadata.uid
    for item in kube.list_objects("pathwayversions", namespace, labels=f"{names.LABEL_PATHWAY}={session.spec.pathway_id}"):
        spec = item.get("spec") or {}
        mine = uid is not None and (spec.get("provenance") or {}).get("sessionId") == uid
        if mine or spec.get("versionNumber") == session.status.start_version:
            try:
                digests.append(graph_digest(PathwayVersionSpec.model_validate(spec).graph()))
            except ValidationError:
                continue
    return digests


def _scenarios(kube: Kube, namespace: str, scenario_ids: list[str]) -> list[tuple[str, TestScenarioSpec]]:
    scenarios: list[tuple[str, TestScenarioSpec]] = []
    for scenario_id in scenario_ids:
        item = kube.get("testscenarios", namespace, scenario_id)
        if item is None:
            raise JobError(f'TestScenario "{scenario_id}" was deleted while the session ran')
        try:
            scenarios.append((scenario_id, TestScenarioSpec.model_validate(item["spec"])))
        except ValidationError as exc:
            raise JobError(first_error(exc, f'TestScenario "{scenario_id}": spec.')) from None
    return scenarios


def _fork(
    kube: Kube,
    namespace: str,
    session: TornadoSession,
    iteration: int,
    parent: int,
    result: IterationResult,
    parent_wire: dict[str, Any],
) -> int:
    assert result.forked_graph is not None
    pathway_id = session.spec.pathway_id
    pathway = kube.get("pathways", namespace, pathway_id)
    if pathway is None:
        raise JobError(f'Pathway "{pathway_id}" was deleted while the session ran')
    return create_version(
        kube,
        namespace,
        pathway=pathway,
        graph=result.forked_graph,
        parent=parent,
        provenance=Provenance(
            source="tornado-fix",
            session_name=session.metadata.name,
            session_id=session.metadata.uid,
            iteration=iteration,
            fix_ids=list(result.record.fix_plan.priority_order),
            fixes=fix_notes(result.record.fix_plan),
        ),
        parent_wire=parent_wire,
    )


def _store(kube: Kube, namespace: str, session: TornadoSession, iteration: int, result: IterationResult) -> None:
    session_name = session.metadata.name
    kube.put_configmap(
        namespace,
        {
            "metadata": {
                "name": names.result_name(session_name, iteration),
                "labels": {
                    names.LABEL_SESSION: names.label_value(session_name),
                    names.LABEL_SESSION_UID: session.metadata.uid or "",
                    names.LABEL_ITERATION: str(iteration),
                    names.LABEL_COMPONENT: "result",
                    **names.MANAGED_BY,
                },
                "ownerReferences": [owner_reference(session)],
            },
            "data": {names.RESULT_KEY: fit_to_bytes(result)},
        },
    )


def _backend(kube: Kube, session: TornadoSession, namespace: str) -> Backend:
    """The engine backend the session asks for; API keys come from runner.llm.apiKeySecretRef
    and runner.bland.apiKeySecretRef."""
    runner = session.spec.runner
    if runner is not None and runner.backend == "openai" and runner.llm is None:
        raise JobError("runner.llm: required when runner.backend is openai (baseUrl, model, apiKeySecretRef)")
    if runner is not None and runner.backend == "bland" and runner.bland is None:
        raise JobError("runner.bland: required when runner.backend is bland (pathwayId, apiKeySecretRef)")
    llm_ref = runner.llm.api_key_secret_ref if runner is not None and runner.llm is not None else None
    bland_ref = runner.bland.api_key_secret_ref if runner is not None and runner.bland is not None else None
    api_key = _secret(namespace, llm_ref, "runner.llm.apiKeySecretRef", API_KEY_ENV)
    bland_key = _secret(namespace, bland_ref, "runner.bland.apiKeySecretRef", BLAND_API_KEY_ENV)
    usage = session.status.llm_usage
    try:
        return backend_for(
            runner, api_key=api_key, bland_api_key=bland_key, tokens_spent=0 if usage is None else usage.total_tokens
        )
    except ValueError as exc:
        raise JobError(f"runner.{'bland' if runner is not None and runner.backend == 'bland' else 'llm'}: {exc}") from None


def _secret(namespace: str, ref: SecretKeyRef | None, field: str, env: str) -> str | None:
    """The key the Job's environment carries for `ref` (the kubelet resolves it: runners
    may not read Secrets)."""
    if ref is None:
        return None
    try:
        return mounted_api_key(ref, namespace, env=env)
    except SecretKeyError as exc:
        raise JobError(f"{field}: {exc}") from None

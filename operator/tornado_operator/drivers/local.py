"""The tornado loop in-process: what `tornado run` does, with no cluster.

Given a Pathway (or a PathwayVersion to start from), TestScenarios and a TornadoSession,
it resolves the session's scenarios, runs iterations until the loop stops, forks a new
PathwayVersion (parent + 1) after every iteration that continues, honours timeoutMs and
spec.cancel, and produces the final TornadoSessionStatus through the same bookkeeping
(`loop.status`) as the operator.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tornado_operator.api.base import format_timestamp
from tornado_operator.api.pathway import Pathway, PathwayGraph, PathwayVersion, Provenance
from tornado_operator.api.results import IterationResult
from tornado_operator.api.scenario import TestScenario, TestScenarioSpec
from tornado_operator.api.session import IterationRecord, Phase, TornadoSession
from tornado_operator.engine.iteration import run_iteration
from tornado_operator.engine.ports import Backend
from tornado_operator.engine.repair.model import graph_digest
from tornado_operator.loop.budget import next_iteration_stop, session_limit, with_iteration
from tornado_operator.loop.decide import interrupt
from tornado_operator.loop.references import check_session_scenarios
from tornado_operator.loop.selection import SelectionError, select_scenarios
from tornado_operator.loop.status import finish, record_iteration, start_status
from tornado_operator.loop.versions import fix_notes, version_manifest


class InputError(Exception):
    """Bad input, with a message that names the field (e.g. spec.scenarioIds[2])."""


@dataclass(slots=True)
class LocalRun:
    session: TornadoSession  # with the final status
    scenario_ids: list[str]
    start_version: int
    iterations: list[IterationResult] = field(default_factory=list)
    versions: list[PathwayVersion] = field(default_factory=list)  # forked versions, in order
    # The same versions as written: each in its parent's form (loop/versions.py), by number.
    manifests: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def phase(self) -> Phase:
        return self.session.status.phase or Phase.RUNNING


def resolve_scenarios(session: TornadoSession, scenarios: Sequence[TestScenario]) -> list[TestScenario]:
    """The session's scenarios (loop/selection.py's rule) among the TestScenarios given."""
    spec = session.spec
    by_name = {scenario.metadata.name: scenario for scenario in scenarios}
    try:
        chosen = select_scenarios(
            spec.scenario_ids, spec.pathway_id, spec.persona_id, {name: s.spec for name, s in by_name.items()}
        )
    except SelectionError as exc:
        raise InputError(exc.message) from None
    return [by_name[name] for name in chosen]


def run_local(
    *,
    session: TornadoSession,
    scenarios: Sequence[TestScenario],
    pathway: Pathway | None = None,
    start: PathwayVersion | None = None,
    backend: Backend | None = None,
    now: Callable[[], datetime] | None = None,
    on_iteration: Callable[[IterationResult, dict[str, Any] | None], None] | None = None,
    on_scenario: Callable[[int, int, str, bool], None] | None = None,
    on_iteration_start: Callable[[int, int], None] | None = None,
    start_wire: dict[str, Any] | None = None,
) -> LocalRun:
    """Run the session's loop to the end. Raises InputError for bad input (nothing has run then).

    The graph tested first is `start` (a PathwayVersion) when given, else the Pathway's spec,
    numbered spec.versionNumber or 1. `start_wire`: that spec as its manifest wrote it; the
    forked versions keep its form (key order, defaults left out), so they differ by the fixes.
    """
    clock = now or (lambda: datetime.now(UTC))
    spec = session.spec
    if start is not None:
        if start.spec.pathway_id != spec.pathway_id:
            raise InputError(
                f'spec.pathwayId: "{spec.pathway_id}" but the PathwayVersion "{start.metadata.name}" is a version of "{start.spec.pathway_id}"'
            )
        graph: PathwayGraph = start.spec.graph()
        version = start.spec.version_number
    elif pathway is not None:
        if pathway.metadata.name != spec.pathway_id:
            raise InputError(f'spec.pathwayId: no Pathway "{spec.pathway_id}" (got "{pathway.metadata.name}")')
        graph = pathway.spec.graph()
        version = spec.version_number or 1
    else:
        raise InputError(f'spec.pathwayId: no Pathway "{spec.pathway_id}"')
    chosen = resolve_scenarios(session, scenarios)
    scenario_pairs: list[tuple[str, TestScenarioSpec]] = [(s.metadata.name, s.spec) for s in chosen]
    try:
        check_session_scenarios(graph, spec.pathway_id, scenario_pairs)  # the operator's start rule
    except SelectionError as exc:
        raise InputError(exc.message) from None
    scenario_ids = [scenario_id for scenario_id, _ in scenario_pairs]
    session_id = session.status.session_id or session.metadata.uid or str(uuid.uuid4())
    namespace = (pathway.metadata.namespace if pathway is not None else None) or session.metadata.namespace
    generation = session.metadata.generation

    started = clock()

    def stamp() -> str:
        return format_timestamp(clock())

    def elapsed_ms() -> int:
        return max(0, int((clock() - started).total_seconds() * 1000))

    status = start_status(
        spec, session_id=session_id, scenario_ids=scenario_ids, start_version=version,
        now=format_timestamp(started), generation=generation,
        held_out_ids=[scenario_id for scenario_id, spec_ in scenario_pairs if spec_.holdout],
    )
    parent_wire = start_wire
    seen = [graph_digest(graph)]  # every version this session tests: a fix may not recreate one
    run = LocalRun(
        session=session.model_copy(update={"status": status}), scenario_ids=scenario_ids, start_version=version
    )
    previous: IterationRecord | None = None
    unfixable: list[str] = []
    iteration = 1
    while True:
        stop = interrupt(cancel=spec.cancel, elapsed_ms=elapsed_ms(), timeout_ms=spec.timeout_ms)
        if stop is not None:
            phase, reason, message = stop
            status = finish(status, phase=phase, reason=reason, message=message, now=stamp(), generation=generation)
            break
        if on_iteration_start is not None:
            on_iteration_start(iteration, version)
        try:
            result = run_iteration(
                graph=graph,
                version_number=version,
                scenarios=scenario_pairs,
                iteration=iteration,
                max_iterations=spec.max_iterations,
                previous=previous,
                unfixable_ids=unfixable,
                backend=backend,
                now=clock,
                on_scenario=on_scenario,
                seen_digests=seen,
            )
        except Exception as exc:
            status = finish(
                status, phase=Phase.ERROR, reason="IterationFailed",
                message=f"iteration {iteration} failed: {type(exc).__name__}: {exc}", now=stamp(), generation=generation,
            )
            break
        forked: PathwayVersion | None = None
        outcome: Phase | None = result.phase
        reason, message = result.reason, result.message
        if result.forked_graph is not None:  # the next version tested, or a proposal (FixesProposed)
            number = version + 1
            manifest = version_manifest(
                pathway_id=spec.pathway_id,
                graph=result.forked_graph,
                number=number,
                parent=version,
                namespace=namespace,
                provenance=Provenance(
                    source="tornado-fix",
                    session_name=session.metadata.name or None,
                    session_id=session_id,
                    iteration=iteration,
                    fix_ids=list(result.record.fix_plan.priority_order),
                    fixes=fix_notes(result.record.fix_plan),
                ),
                pathway_uid=None if pathway is None else pathway.metadata.uid,
                parent_wire=parent_wire,
            )
            forked = PathwayVersion.model_validate(manifest)
            run.manifests[number] = manifest
            parent_wire = manifest["spec"]
            result.record.forked_version = number
            run.versions.append(forked)
            stop = interrupt(cancel=spec.cancel, elapsed_ms=elapsed_ms(), timeout_ms=spec.timeout_ms) or (
                next_iteration_stop(session_limit(spec), with_iteration(status.llm_usage, result.usage))
            )
            if stop is not None and outcome is None:  # out of time or tokens (or cancelled) before the next iteration could start
                outcome, reason, message = stop
        run.iterations.append(result)
        status = record_iteration(
            status,
            result.record,
            unfixable_ids=result.unfixable_ids,
            phase=outcome,
            reason=reason,
            message=message,
            next_version=None if outcome is not None or forked is None else forked.spec.version_number,
            now=stamp(),
            generation=generation,
            usage=result.usage,
        )
        if on_iteration is not None:  # the forked version as written (its manifest), if any
            on_iteration(result, None if forked is None else run.manifests[forked.spec.version_number])
        if outcome is not None or result.forked_graph is None or forked is None:
            if outcome is None:  # cannot happen: a continuing verdict always has a fix plan
                status = finish(status, phase=Phase.ERROR, reason="NoForkedVersion",
                                message="the loop continued without a forked graph", now=stamp(), generation=generation)
            break
        graph = result.forked_graph
        seen.append(graph_digest(graph))
        previous = result.record
        unfixable = list(result.unfixable_ids)
        version = forked.spec.version_number
        iteration += 1
    run.session = session.model_copy(update={"status": status})
    return run

"""What a reviewer asks of a session, computed once from its status, results and version graphs.

Which scenarios moved when (the matrix), which node each fix touched, where the remaining
failures sit (the failing nodes of the last iteration) and the transcript behind each cell.
The renderers (html.py, markdown.py) only lay this out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.results import ScenarioResult
from tornado_operator.api.session import Fix, IterationRecord
from tornado_operator.report.sources import ReportInput


class CellState(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNFIXABLE = "unfixable"
    HELD_OUT_PASS = "held-out-pass"
    HELD_OUT_FAIL = "held-out-fail"
    NOT_RUN = "not-run"

    @property
    def failing(self) -> bool:
        return self in (CellState.FAIL, CellState.UNFIXABLE, CellState.HELD_OUT_FAIL)

    @property
    def text(self) -> str:
        return {
            CellState.PASS: "pass",
            CellState.FAIL: "fail",
            CellState.UNFIXABLE: "unfixable",
            CellState.HELD_OUT_PASS: "held-out pass",
            CellState.HELD_OUT_FAIL: "held-out fail",
            CellState.NOT_RUN: "not run",
        }[self]


@dataclass(frozen=True, slots=True)
class Cell:
    scenario_id: str
    iteration: int
    state: CellState
    signature: str | None = None
    summary: str | None = None
    failed_node: str | None = None


@dataclass(frozen=True, slots=True)
class FixView:
    iteration: int
    fix: Fix
    parent_version: int | None  # the version the fix was made on
    child_version: int | None  # the version it forked (None: not applied)
    applied: bool

    @property
    def key(self) -> str:
        """Unique in the session (fix ids restart every iteration): it1-fix-001."""
        return f"it{self.iteration}-{self.fix.id}"

    @property
    def label(self) -> str:
        return f"it{self.iteration} {self.fix.id}"


@dataclass(frozen=True, slots=True)
class IterationView:
    record: IterationRecord
    passed: int
    failed: int
    unfixable: int
    held_out_passed: int
    held_out_failed: int
    verdict: str  # what the loop did after it

    @property
    def number(self) -> int:
        return self.record.iteration


@dataclass(slots=True)
class SessionReport:
    name: str
    pathway_id: str
    phase: str
    reason: str
    message: str
    source: str
    scenario_ids: list[str]  # every scenario of the session, held-out ones included, in the session's order
    held_out_ids: list[str]
    scenario_names: dict[str, str]
    iterations: list[IterationView]
    cells: dict[tuple[str, int], Cell]
    fixes: list[FixView]
    graph: PathwayGraph | None  # the newest version known: every fix is in it
    graph_version: int | None
    graphs: dict[int, PathwayGraph]
    results: dict[tuple[str, int], ScenarioResult]  # (scenario, iteration) -> what the run produced
    failing_at: dict[str, list[str]]  # node -> scenarios that went wrong there in the last iteration
    unplaced_failures: list[str]  # failing scenarios of the last iteration whose node is not in the graph
    touched: dict[str, list[FixView]]  # node -> applied fixes that changed it
    notes: list[str] = field(default_factory=list)

    def cell(self, scenario_id: str, iteration: int) -> Cell:
        return self.cells.get((scenario_id, iteration), Cell(scenario_id, iteration, CellState.NOT_RUN))

    @property
    def last_iteration(self) -> int | None:
        return self.iterations[-1].number if self.iterations else None

    def fix(self, key: str) -> FixView | None:
        return next((view for view in self.fixes if view.key == key), None)


def node_of_signature(signature: str | None) -> str | None:
    """The node in a root-cause signature `HEAD@NODE[>EDGE]#DIGEST` (engine/repair/analysis.py)."""
    if not signature or "@" not in signature:
        return None
    where = signature.split("@", 1)[1].rsplit("#", 1)[0].split(">", 1)[0]
    return None if where in ("", "-") else where


def build_report(source: ReportInput) -> SessionReport:
    session = source.session
    status = session.status
    records = sorted(status.iterations, key=lambda record: record.iteration)
    results = {
        (scenario.scenario_id, number): scenario
        for number, result in source.results.items()
        for scenario in result.scenarios
    }
    held_out = list(status.held_out_scenario_ids)
    for record in records:
        for scenario_id in [*record.held_out_passed_ids, *record.held_out_failed_ids]:
            if scenario_id not in held_out:
                held_out.append(scenario_id)
    order = list(status.scenario_ids)
    for record in records:
        for scenario_id in [*record.passed_ids, *record.failed_ids, *record.held_out_passed_ids, *record.held_out_failed_ids]:
            if scenario_id not in order:
                order.append(scenario_id)

    cells: dict[tuple[str, int], Cell] = {}
    iterations: list[IterationView] = []
    unfixable: set[str] = set()
    for index, record in enumerate(records):
        unfixable |= set(record.newly_unfixable_ids)
        if index == len(records) - 1:
            unfixable |= set(status.unfixable_ids)
        causes = {cause.scenario_id: cause for cause in record.root_causes}
        n = record.iteration
        for scenario_id in record.passed_ids:
            cells[(scenario_id, n)] = Cell(scenario_id, n, CellState.PASS)
        for scenario_id in record.held_out_passed_ids:
            cells[(scenario_id, n)] = Cell(scenario_id, n, CellState.HELD_OUT_PASS)
        for scenario_id, state in [
            *((sid, CellState.UNFIXABLE if sid in unfixable else CellState.FAIL) for sid in record.failed_ids),
            *((sid, CellState.HELD_OUT_FAIL) for sid in record.held_out_failed_ids),
        ]:
            run = results.get((scenario_id, n))
            cause = causes.get(scenario_id)
            signature = cause.signature if cause is not None else run.signature if run is not None else None
            summary = cause.summary if cause is not None else run.root_cause if run is not None else None
            failed_node = (run.failed_node if run is not None else None) or node_of_signature(signature)
            cells[(scenario_id, n)] = Cell(scenario_id, n, state, signature, summary, failed_node)
        iterations.append(IterationView(
            record=record,
            passed=len(record.passed_ids),
            failed=sum(1 for sid in record.failed_ids if sid not in unfixable),
            unfixable=sum(1 for sid in record.failed_ids if sid in unfixable),
            held_out_passed=len(record.held_out_passed_ids),
            held_out_failed=len(record.held_out_failed_ids),
            verdict=_verdict(record, index == len(records) - 1, status.phase.value if status.phase else "RUNNING"),
        ))

    fixes: list[FixView] = []
    for record in records:
        for fix in record.fix_plan.fixes:
            fixes.append(FixView(record.iteration, fix, record.version_tested, record.forked_version, record.forked_version is not None))
        unapplied = source.results.get(record.iteration)
        if unapplied is not None and unapplied.unapplied_fix_plan is not None:
            for fix in unapplied.unapplied_fix_plan.fixes:
                fixes.append(FixView(record.iteration, fix, record.version_tested, None, False))

    graph_version = max(source.graphs) if source.graphs else None
    graph = source.graphs[graph_version] if graph_version is not None else None
    node_ids = {node.id for node in graph.nodes} if graph is not None else set()
    failing_at: dict[str, list[str]] = defaultdict(list)
    unplaced: list[str] = []
    if records:
        last = records[-1].iteration
        for scenario_id in order:
            cell = cells.get((scenario_id, last))
            if cell is None or not cell.state.failing:
                continue
            if cell.failed_node is not None and cell.failed_node in node_ids:
                failing_at[cell.failed_node].append(scenario_id)
            else:
                unplaced.append(scenario_id)
    touched: dict[str, list[FixView]] = defaultdict(list)
    for view in fixes:
        if view.applied:
            touched[view.fix.target_node].append(view)

    names = {scenario.scenario_id: scenario.name for scenario in results.values() if scenario.name}
    notes = list(source.notes)
    if graph is None:
        notes.append("no version graph was found: the pathway is not drawn")
    if records and len(source.results) < len(records):
        kept = ", ".join(str(n) for n in sorted(source.results)) or "none"
        notes.append(f"transcripts are kept for iteration(s) {kept} only")
    return SessionReport(
        name=session.metadata.name or status.session_id or "session",
        pathway_id=session.spec.pathway_id,
        phase=status.phase.value if status.phase else "RUNNING",
        reason=status.reason or "",
        message=status.message or "",
        source=source.source,
        scenario_ids=order,
        held_out_ids=held_out,
        scenario_names=names,
        iterations=iterations,
        cells=cells,
        fixes=fixes,
        graph=graph,
        graph_version=graph_version,
        graphs=dict(source.graphs),
        results=results,
        failing_at=dict(failing_at),
        unplaced_failures=unplaced,
        touched=dict(touched),
        notes=notes,
    )


def _verdict(record: IterationRecord, last: bool, phase: str) -> str:
    if record.forked_version is not None:
        return f"fixed: version {record.forked_version}"
    return phase if last else "continued"

"""`tornado run PATH...`: the tornado loop in-process on the manifests you would kubectl apply.

Checks the input first as `tornado validate` does (its errors stop the run, with file:line;
its warnings are shown). Reads Pathway, PathwayVersion, TestScenario and TornadoSession documents from files and
folders (multi-document YAML; other kinds are skipped with a warning), runs the session's
loop in-process (with the backend the session asks for in spec.runner.backend; --offline
forces the deterministic offline engine), writes every forked PathwayVersion to --output as
`<pathway>-v<N>.yaml`, and reports each iteration (passed / failed ids, root causes, fix
plan, forked version). --json prints the hosted API's status JSON on stdout. The same folder
gets what `tornado report DIR` reads: session.json (the session with its final status),
start-graph.json and iterations/itN.json (each iteration's result, as a Job stores it).

Without a TornadoSession in the input, a default session (all enabled scenarios, 5
iterations) runs for the only pathway given. With PathwayVersion manifests in the input
(or --pathway-version FILE), the loop starts from that version (spec.versionNumber, else the
newest one given) instead of the Pathway's head, so a forked version can be re-run alone.

Exit codes:
   0  COMPLETED_ALL_PASSED
   2  bad input (unreadable or invalid manifests, unknown pathway or scenario, usage)
  10  COMPLETED_PARTIAL (maxIterations reached with failures left)
  11  STUCK (every remaining failure is unfixable, or no fix was found)
  12  TIMEOUT
  13  CANCELLED
  14  ERROR
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_CODES: dict[str, int] = {
    "COMPLETED_ALL_PASSED": 0,
    "COMPLETED_PARTIAL": 10,
    "STUCK": 11,
    "TIMEOUT": 12,
    "CANCELLED": 13,
    "ERROR": 14,
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run a tornado session locally on manifest files (no cluster)",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="manifest files or folders (*.yaml, *.yml)")
    parser.add_argument("-o", "--output", default="out", metavar="DIR", help="where forked PathwayVersions and the report's files are written (default: out/)")
    parser.add_argument("--pathway-version", action="append", default=[], metavar="FILE",
                        help="start from this PathwayVersion manifest (e.g. a forked version written by an earlier run)")
    parser.add_argument("--session", metavar="NAME", help="which TornadoSession to run when the input has several")
    parser.add_argument("--json", action="store_true", help="print the hosted-API status JSON on stdout (reports go to stderr)")
    parser.add_argument("--offline", action="store_true",
                        help="use the offline engine even when the session asks for runner.backend: openai or bland")
    parser.set_defaults(handler=handler)


class _Output:
    """Human output: reports to stdout (stderr with --json); progress to stderr (rich on a TTY)."""

    def __init__(self, json_mode: bool) -> None:
        from rich.console import Console

        self.report = Console(stderr=json_mode, highlight=False, soft_wrap=True)
        self.progress = Console(stderr=True, highlight=False, soft_wrap=True)
        self.live = self.progress.is_terminal
        self._status: Any = None
        self.iteration = 0
        self.max_iterations = 0
        self.version = 0
        self.started = time.monotonic()
        self.iteration_started = self.started

    def line(self, text: str, style: str | None = None, *, err: bool = False) -> None:
        from rich.text import Text

        (self.progress if err else self.report).print(Text(text, style=style or ""))

    def _progress_text(self, done: int, total: int, passed: int) -> str:
        elapsed = time.monotonic() - self.started
        return (
            f"iteration {self.iteration}/{self.max_iterations} · version {self.version} · "
            f"scenarios {done}/{total} run, {passed} passed · {elapsed:.1f}s"
        )

    def iteration_start(self, iteration: int, version: int) -> None:
        self.iteration, self.version = iteration, version
        self.iteration_started = time.monotonic()
        self._passed = 0
        if self.live:
            self._status = self.progress.status(self._progress_text(0, 0, 0))
            self._status.start()
        else:
            self.line(f"iteration {iteration}/{self.max_iterations}: testing version {version} ...", err=True)

    def scenario_done(self, done: int, total: int, scenario_id: str, passed: bool) -> None:
        self._passed += int(passed)
        if self._status is not None:
            self._status.update(self._progress_text(done, total, self._passed))

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None


def handler(args: argparse.Namespace) -> int:
    from tornado_operator.api.manifests import ManifestError
    from tornado_operator.drivers.local import InputError

    out = _Output(args.json)
    try:
        setup = _prepare(args, out)
    except ManifestError as exc:
        for line in exc.lines:
            out.line(line, "red", err=True)
        return EXIT_USAGE
    except InputError as exc:
        out.line(str(exc), "red", err=True)
        return EXIT_USAGE
    return _run(args, out, *setup)


def _prepare(args: argparse.Namespace, out: _Output) -> tuple[Any, ...]:
    from tornado_operator.api.manifests import Document, load_manifests
    from tornado_operator.api.session import TornadoSession, TornadoSessionSpec
    from tornado_operator.drivers.local import InputError, resolve_scenarios

    if not args.paths and not args.pathway_version:
        raise InputError("tornado run: give the manifest files or folders to run (e.g. tornado run examples/support-line)")
    warnings = _validate([*args.paths, *args.pathway_version])
    manifests = load_manifests([*args.paths, *args.pathway_version])
    for warning in manifests.warnings:
        out.line(f"warning: {warning}", "yellow", err=True)
    pathways = manifests.of_kind("Pathway")
    versions = manifests.of_kind("PathwayVersion")
    sessions = manifests.of_kind("TornadoSession")
    scenarios = [doc.obj for doc in manifests.of_kind("TestScenario")]

    session_doc: Document | None
    if args.session:
        session_doc = next((doc for doc in sessions if doc.name == args.session), None)
        if session_doc is None:
            names = ", ".join(doc.name for doc in sessions) or "none given"
            raise InputError(f'--session: no TornadoSession "{args.session}" in the input (found: {names})')
    elif len(sessions) == 1:
        session_doc = sessions[0]
    elif sessions:
        names = ", ".join(doc.name for doc in sessions)
        raise InputError(f"the input has several TornadoSessions ({names}): choose one with --session NAME")
    else:
        session_doc = None
    if session_doc is None:
        ids = sorted({doc.name for doc in pathways} | {doc.obj.spec.pathway_id for doc in versions})
        if len(ids) != 1:
            raise InputError(
                "no TornadoSession in the input and "
                + (f"several pathways ({', '.join(ids)})" if ids else "no Pathway or PathwayVersion")
                + ": add a TornadoSession manifest naming spec.pathwayId"
            )
        session = TornadoSession.model_validate(
            {"metadata": {"name": f"{ids[0]}-local"}, "spec": TornadoSessionSpec(pathway_id=ids[0]).wire()}
        )
        where = f'TornadoSession "{session.metadata.name}" (default, none given)'
    else:
        session = session_doc.obj
        where = session_doc.where()

    pathway_id = session.spec.pathway_id
    pathway_doc = next((doc for doc in pathways if doc.name == pathway_id), None)
    candidates = [doc for doc in versions if doc.obj.spec.pathway_id == pathway_id]
    explicit = {str(Path(p)) for p in args.pathway_version}
    start_doc: Document | None = None
    chosen = [doc for doc in candidates if doc.source in explicit] or candidates
    if args.pathway_version and not [doc for doc in candidates if doc.source in explicit]:
        raise InputError(f'--pathway-version: no PathwayVersion of pathway "{pathway_id}" in {", ".join(args.pathway_version)}')
    if chosen:
        wanted = session.spec.version_number
        if wanted is not None and not (args.pathway_version and len(chosen) == 1):
            start_doc = next((doc for doc in chosen if doc.obj.spec.version_number == wanted), None)
            if start_doc is None and pathway_doc is None:
                numbers = ", ".join(str(doc.obj.spec.version_number) for doc in chosen)
                raise InputError(f"{where}: spec.versionNumber: no PathwayVersion {pathway_id}-v{wanted} in the input (found: {numbers})")
        else:
            start_doc = max(chosen, key=lambda doc: doc.obj.spec.version_number)
    if pathway_doc is None and start_doc is None:
        found = ", ".join(doc.name for doc in pathways) or "none"
        raise InputError(f'{where}: spec.pathwayId: no Pathway "{pathway_id}" in the input (found: {found})')
    try:
        runs = resolve_scenarios(session, scenarios)  # fail on bad input before anything runs
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    # validate's warnings about what this session runs (not about other pathways in the input)
    mine = {f'TestScenario "{scenario.metadata.name}"' for scenario in runs} | {f'Pathway "{pathway_id}"'}
    mine |= {doc.label for doc in candidates}
    for finding in warnings:
        if finding.where in mine:
            out.line(finding.text(as_warning=True), "yellow", err=True)
    backend = _backend(None if args.offline else session.spec.runner, where)
    # The spec the first fork is derived from, as its file wrote it: the forks keep that form.
    origin = start_doc or pathway_doc
    start_wire = origin.raw.get("spec") if origin is not None else None
    return (
        session, where, pathway_doc.obj if pathway_doc else None, start_doc.obj if start_doc else None, scenarios, backend,
        start_wire,
    )


def _validate(paths: list[str]) -> list[Any]:
    """`tornado validate` first: its errors stop the run (ManifestError, with file:line); its
    warnings (an assertion that can never pass too: the loop will report it unfixable) are
    returned for the caller to show those about what the session runs."""
    from tornado_operator.api.manifests import ManifestError
    from tornado_operator.engine.authoring.validate import validate_paths

    report = validate_paths(paths)
    errors = [finding.text() for finding in report.sorted() if finding.severity == "error"]
    if errors:
        raise ManifestError(errors)
    return [finding for finding in report.sorted() if finding.severity in ("never-passes", "warning")]


def _backend(runner: Any, where: str) -> Any:
    """The engine backend of spec.runner (None: offline). API keys: $TORNADO_LLM_API_KEY /
    $OPENAI_API_KEY, and $BLAND_API_KEY for the bland backend."""
    from tornado_operator.drivers.local import InputError
    from tornado_operator.engine.backends import backend_for

    try:
        return backend_for(runner)
    except ValueError as exc:
        field = "bland" if runner is not None and runner.backend == "bland" else "llm"
        raise InputError(f"{where}: spec.runner.{field}: {exc}") from None


def _run(
    args: argparse.Namespace,
    out: _Output,
    session: Any,
    where: str,
    pathway: Any,
    start: Any,
    scenarios: list[Any],
    backend: Any,
    start_wire: dict[str, Any] | None,
) -> int:

    from tornado_operator.api.results import IterationResult
    from tornado_operator.api.views import status_view
    from tornado_operator.drivers.local import InputError, run_local

    output = Path(args.output)
    out.max_iterations = session.spec.max_iterations
    first = start.metadata.name if start is not None else f'Pathway "{session.spec.pathway_id}"'
    engine = backend.name
    out.line(
        f"tornado run: session {session.metadata.name} · pathway {session.spec.pathway_id} · "
        f"starting from {first} · {engine} engine",
        "bold",
    )

    # The report's files (`tornado report DIR`): the session, each iteration's result, the start graph.
    from tornado_operator.report.rundir import RunDirWriter

    report_files = RunDirWriter(output)
    report_files.start(start.spec.graph() if start is not None else pathway.spec.graph())

    def on_iteration(result: IterationResult, forked: dict[str, Any] | None) -> None:
        out.stop()
        report_files.iteration(result)
        written = None
        if forked is not None:
            output.mkdir(parents=True, exist_ok=True)
            written = output / f"{forked['metadata']['name']}.yaml"
            written.write_text(version_file_text(forked))
        _report_iteration(out, result, written)

    try:
        run = run_local(
            session=session,
            scenarios=scenarios,
            pathway=pathway,
            start=start,
            backend=backend,
            on_iteration=on_iteration,
            start_wire=start_wire,
            on_scenario=out.scenario_done,
            on_iteration_start=out.iteration_start,
        )
    except InputError as exc:
        out.stop()
        out.line(f"{where}: {exc}", "red", err=True)
        return EXIT_USAGE
    finally:
        out.stop()
    report_files.finish(run.session)
    status = run.session.status
    phase = (status.phase.value if status.phase else "RUNNING")
    style = "bold green" if phase == "COMPLETED_ALL_PASSED" else "bold red" if phase == "ERROR" else "bold yellow"
    elapsed = time.monotonic() - out.started
    out.line(
        f"{phase} ({status.reason}): {status.message} — {len(run.iterations)} iteration(s), "
        f"{status.passed_scenarios}/{status.total_scenarios} passing, {elapsed:.2f} s",
        style,
    )
    if status.llm_usage is not None:
        out.line(f"model tokens: {_tokens(status.llm_usage)}")
    if status.unfixable_ids:
        out.line(f"unfixable: {', '.join(status.unfixable_ids)}", "yellow")
    if run.versions:
        out.line(f"forked versions written to {output}/: {', '.join(v.metadata.name for v in run.versions)}")
        review = write_review(run, pathway, start, output)
        out.line(f"review of the changes (tornado diff): {review}")
    if args.json:
        sys.stdout.write(json.dumps(status_view(run.session), indent=2) + "\n")
    return EXIT_CODES.get(phase, EXIT_CODES["ERROR"])


def write_review(run: Any, pathway: Any, start: Any, output: Path) -> Path:
    """The review of the final fork against the version the run started from (what `tornado
    diff` shows), as <pathway>-review.txt and .json in `output`."""
    from tornado_operator.review.chain import fixes_between
    from tornado_operator.review.diff import diff_graphs
    from tornado_operator.review.text import render_plain

    final = run.versions[-1].spec
    first = start.spec if start is not None else pathway.spec
    versions = {version.spec.version_number: version.spec for version in run.versions}
    pathway_id = final.pathway_id
    diff = diff_graphs(
        first, final, fixes_between(first, final, versions),
        before_label=f"{pathway_id} v{run.start_version}", after_label=f"{pathway_id} v{final.version_number}",
    )
    text = output / f"{pathway_id}-review.txt"
    text.write_text(render_plain(diff), encoding="utf-8")
    (output / f"{pathway_id}-review.json").write_text(json.dumps(diff.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return text


def version_file_text(manifest: dict[str, Any]) -> str:
    """A forked PathwayVersion's file: a comment saying where it came from, then the manifest."""
    from tornado_operator.api.manifests import dump_manifest

    spec = manifest["spec"]
    provenance = spec.get("provenance") or {}
    header = (
        f"# PathwayVersion {manifest['metadata']['name']}: forked by `tornado run` from version "
        f"{spec.get('parentVersion')} (session {provenance.get('sessionName')}, iteration {provenance.get('iteration')}, "
        f"fixes {', '.join(provenance.get('fixIds') or [])}).\n"
    )
    return header + dump_manifest(manifest)


def _report_iteration(out: _Output, result: Any, written: Path | None) -> None:
    record = result.record
    total = len(record.passed_ids) + len(record.failed_ids)
    took = time.monotonic() - out.iteration_started
    out.line("")
    out.line(
        f"iteration {record.iteration} · version {record.version_tested} · {len(record.passed_ids)}/{total} passed · {took * 1000:.0f} ms",
        "bold",
    )
    out.line(f"  passed: {', '.join(record.passed_ids) or '-'}", "green")
    out.line(f"  failed: {', '.join(record.failed_ids) or '-'}", "red" if record.failed_ids else None)
    causes = {cause.scenario_id: cause for cause in record.root_causes}
    for scenario_id in record.failed_ids:
        cause = causes.get(scenario_id)
        if cause is None:
            continue
        marker = " (unfixable)" if scenario_id in result.unfixable_ids else ""
        out.line(f"    {scenario_id}{marker}: {cause.signature}")
        out.line(f"      {cause.summary}", "dim")
    if record.held_out_passed_ids or record.held_out_failed_ids:
        out.line(
            f"  held out (never shown to the fixer): {len(record.held_out_passed_ids)} passed"
            + (f", failed: {', '.join(record.held_out_failed_ids)}" if record.held_out_failed_ids else ""),
            "red" if record.held_out_failed_ids else "green",
        )
    if record.newly_unfixable_ids:
        out.line(f"  newly unfixable: {', '.join(record.newly_unfixable_ids)}", "yellow")
    for label, plan in (("fix plan", record.fix_plan), ("verified but not applied (the loop stopped)", result.unapplied_fix_plan)):
        if plan is None or not plan.fixes:
            continue
        out.line(f"  {label}: {len(plan.fixes)} fix(es), priority {', '.join(plan.priority_order)}")
        for fix in plan.fixes:
            out.line(f"    {fix.id} {fix.type} on {fix.target_node} for {', '.join(fix.scenario_ids) or '-'}")
            out.line(f"      {fix.description}", "dim")
    if result.rejected_fixes:
        out.line(f"  dropped by verification: {len(result.rejected_fixes)} candidate fix(es)", "dim")
        for rejected in result.rejected_fixes:
            out.line(f"    for {', '.join(rejected.scenario_ids)}: {rejected.reason}", "dim")
    for note in result.fixer_notes:
        out.line(f"  no fix: {note}", "dim")
    if record.norm_prompt_excerpt:
        out.line(f"  prompt after fixes: {record.norm_prompt_excerpt}", "dim")
    if result.usage is not None:
        out.line(f"  model tokens: {_tokens(result.usage)}", "dim")
    if written is not None and result.reason == "FixesProposed":
        out.line(f"  proposed version {record.forked_version} (not tested: the agent under test is deployed) -> {written}", "cyan")
        out.line(f"    as Bland's create-version body: tornado export --to bland {written} --as version", "dim")
    elif written is not None:
        out.line(f"  forked version {record.forked_version} -> {written}", "cyan")
    if result.phase is not None:
        out.line(f"  verdict: {result.phase.value} ({result.reason})")


def _tokens(usage: Any) -> str:
    """`1234 (900 prompt + 334 completion) in 12 calls; agent 800, judge 434`."""
    roles = ", ".join(f"{role} {item.total_tokens}" for role, item in usage.by_role.items())
    return (
        f"{usage.total_tokens} ({usage.prompt_tokens} prompt + {usage.completion_tokens} completion) "
        f"in {usage.calls} call(s)" + (f"; {roles}" if roles else "")
    )

"""The report's files in a `tornado run --output DIR` folder: written by `tornado run`, read by `tornado report`.

    DIR/session.json          the TornadoSession with its final status (camelCase, as on a cluster)
    DIR/start-graph.json      the pathway graph the session started from (version status.startVersion)
    DIR/iterations/itN.json   iteration N's result: api/results.py IterationResult, the JSON an
                              iteration Job stores in the ConfigMap <session>-itN-result
    DIR/<pathway>-vN.yaml     each forked PathwayVersion (written by `tornado run` itself)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import ValidationError

from tornado_operator.api.pathway import PathwayGraph, PathwayVersion
from tornado_operator.api.results import IterationResult
from tornado_operator.api.session import TornadoSession
from tornado_operator.report.sources import ReportInput, SourceError

SESSION_FILE = "session.json"
START_GRAPH_FILE = "start-graph.json"
ITERATIONS_DIR = "iterations"

M = TypeVar("M", TornadoSession, IterationResult, PathwayGraph)


def iteration_file(directory: Path, iteration: int) -> Path:
    return directory / ITERATIONS_DIR / f"it{iteration}.json"


class RunDirWriter:
    """Writes the report's files as `tornado run` goes: the start graph, each iteration, the final session."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def start(self, graph: PathwayGraph) -> None:
        iterations = self.directory / ITERATIONS_DIR
        iterations.mkdir(parents=True, exist_ok=True)
        for stale in iterations.glob("it*.json"):  # an earlier, longer run in the same folder
            stale.unlink()
        (self.directory / SESSION_FILE).unlink(missing_ok=True)
        _write(self.directory / START_GRAPH_FILE, json.dumps(graph.wire(), indent=1))

    def iteration(self, result: IterationResult) -> None:
        _write(iteration_file(self.directory, result.record.iteration), result.dumps())

    def finish(self, session: TornadoSession) -> None:
        _write(self.directory / SESSION_FILE, json.dumps(session.wire(), indent=1))


def _write(path: Path, text: str) -> None:
    """Whole files only: a reader never sees half of one."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def load_run_dir(directory: Path) -> ReportInput:
    """Everything `tornado run --output DIR` left in DIR. Raises SourceError naming the file that is missing or bad."""
    if not directory.is_dir():
        raise SourceError(f"{directory}: not a folder")
    session_path = directory / SESSION_FILE
    if not session_path.is_file():
        raise SourceError(
            f"{session_path}: not found; is {directory} the --output folder of a finished `tornado run`? "
            "(runs before `tornado report` existed wrote only the forked versions: run it again)"
        )
    session = _read_model(session_path, TornadoSession)
    status = session.status
    results: dict[int, IterationResult] = {}
    missing: list[str] = []
    for record in status.iterations:
        path = iteration_file(directory, record.iteration)
        if path.is_file():
            results[record.iteration] = _read_model(path, IterationResult)
        else:
            missing.append(f"{path}: not found (iteration {record.iteration} is shown from the status alone)")
    graphs: dict[int, PathwayGraph] = {}
    start_path = directory / START_GRAPH_FILE
    if status.start_version is not None and start_path.is_file():
        graphs[status.start_version] = _read_model(start_path, PathwayGraph)
    elif status.start_version is not None:
        missing.append(f"{start_path}: not found (the start version's graph is unknown)")
    pathway_id = session.spec.pathway_id
    wanted = {record.forked_version for record in status.iterations if record.forked_version is not None}
    for number in sorted(wanted):
        path = directory / f"{pathway_id}-v{number}.yaml"
        if not path.is_file():
            missing.append(f"{path}: not found (version {number}'s graph is unknown)")
            continue
        try:
            version = PathwayVersion.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            raise SourceError(f"{path}: not a PathwayVersion: {_first_line(exc)}") from None
        graphs[number] = version.spec.graph()
    return ReportInput(session=session, results=results, graphs=graphs, notes=missing, source=str(directory))


def _read_model(path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}: not JSON: {exc}") from None
    except ValidationError as exc:
        raise SourceError(f"{path}: not a {model.__name__}: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    lines = str(exc).splitlines()
    return " ".join(line.strip() for line in lines[:3])

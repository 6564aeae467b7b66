"""What a report is made from, wherever it came from: a `tornado run --output` folder or a cluster."""

from __future__ import annotations

from dataclasses import dataclass, field

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.results import IterationResult
from tornado_operator.api.session import TornadoSession


class SourceError(Exception):
    """The session's data cannot be read; the message names the file or object."""


@dataclass(slots=True)
class ReportInput:
    session: TornadoSession  # with its status: the iterations' records
    results: dict[int, IterationResult]  # iteration -> its full result (transcripts, failed nodes), where kept
    graphs: dict[int, PathwayGraph]  # version number -> graph, where found
    notes: list[str] = field(default_factory=list)  # what could not be found, said in the report
    source: str = ""  # where it was read from, for the report's header

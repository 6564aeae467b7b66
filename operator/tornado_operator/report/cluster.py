"""A session's report data from a cluster: the TornadoSession's status, the result ConfigMaps
`<session>-it<N>-result` (the iteration Jobs' IterationResult JSON) and the PathwayVersions it
tested and forked, all read through controller/kube.py."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tornado_operator.api.pathway import PathwayGraph, PathwayVersion, version_name
from tornado_operator.api.results import IterationResult
from tornado_operator.api.session import TornadoSession
from tornado_operator.controller import names
from tornado_operator.controller.kube import Kube
from tornado_operator.report.sources import ReportInput, SourceError


def find_session(kube: Kube, namespace: str, ref: str) -> dict[str, Any] | None:
    """A session by name, else by uid / status.sessionId."""
    found = kube.get("tornadosessions", namespace, ref)
    if found is not None:
        return found
    for item in kube.list_objects("tornadosessions", namespace):
        if item["metadata"].get("uid") == ref or (item.get("status") or {}).get("sessionId") == ref:
            return item
    return None


def load_cluster(kube: Kube, namespace: str, ref: str) -> ReportInput:
    """Raises SourceError naming what is missing or invalid."""
    raw = find_session(kube, namespace, ref)
    if raw is None:
        raise SourceError(f'no TornadoSession "{ref}" in namespace "{namespace}" (by name or session id)')
    name = raw["metadata"]["name"]
    where = f"TornadoSession {namespace}/{name}"
    try:
        session = TornadoSession.model_validate(raw)
    except ValidationError as exc:
        raise SourceError(f"{where}: invalid: {str(exc).splitlines()[0]}") from None
    status = session.status
    notes: list[str] = []
    results: dict[int, IterationResult] = {}
    for record in status.iterations:
        cm_name = names.result_name(name, record.iteration)
        configmap = kube.get_configmap(namespace, cm_name)
        text = ((configmap or {}).get("data") or {}).get(names.RESULT_KEY)
        if text is None:
            notes.append(f"ConfigMap {cm_name}: not found (iteration {record.iteration} is shown from the status alone)")
            continue
        try:
            results[record.iteration] = IterationResult.loads(text)
        except ValidationError as exc:
            notes.append(f"ConfigMap {cm_name}: not an IterationResult ({str(exc).splitlines()[0]})")
    wanted = {status.start_version} | {r.version_tested for r in status.iterations} | {r.forked_version for r in status.iterations}
    graphs: dict[int, PathwayGraph] = {}
    pathway_id = session.spec.pathway_id
    for number in sorted(n for n in wanted if n is not None):
        version_ref = version_name(pathway_id, number)
        obj = kube.get("pathwayversions", namespace, version_ref)
        if obj is None:
            notes.append(f"PathwayVersion {version_ref}: not found (version {number}'s graph is unknown)")
            continue
        try:
            graphs[number] = PathwayVersion.model_validate(obj).spec.graph()
        except ValidationError as exc:
            notes.append(f"PathwayVersion {version_ref}: invalid ({str(exc).splitlines()[0]})")
    return ReportInput(session=session, results=results, graphs=graphs, notes=notes, source=where)

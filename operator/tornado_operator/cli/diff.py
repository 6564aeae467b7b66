"""`tornado diff A [B]`: review what changed between two versions of a pathway, node by node,
each change tagged with the fix (id, version, description) that made it.

A and B are each one of:
  v3, 3, support-line-v3   a PathwayVersion (from the cluster)
  spec, support-line       the Pathway's current spec (from the cluster)
  FILE                     a Pathway or PathwayVersion manifest file (e.g. tornado run's output)
With only A, the Pathway's spec is compared with A. The pathway is taken from a name like
support-line-v3, from a file, from --pathway, or is the namespace's only Pathway.

Text changes are shown as word diffs, keyword and pattern lists as added/removed values,
settings as before -> after; coloured on a terminal, with [-removed-]{+added+} markers when
piped. --output json prints the same review for tools. Exit codes: 0 ok, 2 bad input,
3 not found, 5 the API server failed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_API = 5
_VERSION = re.compile(r"^(?:(?P<pathway>[a-z0-9]([-a-z0-9]*[a-z0-9])?)-)?v?(?P<number>\d+)$")
STYLES = {"add": "green", "del": "red strike", "node": "bold", "field": "cyan", "tag": "yellow", "dim": "dim", "head": "bold"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="review the changes between two pathway versions, each tagged with the fix that made it",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("before", metavar="A", help="the older side: a version, spec, or a manifest file")
    parser.add_argument("after", metavar="B", nargs="?", help="the newer side (default: compare the Pathway's spec with A)")
    parser.add_argument("--pathway", "-p", help="the Pathway (when A and B do not name it)")
    parser.add_argument("--output", "-o", choices=["text", "json"], default="text", help="text (default) or json")
    parser.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                        help="colour the text review (auto: when stdout is a terminal)")
    parser.add_argument("--namespace", "-n", default=None, help="namespace (default: the kubeconfig's)")
    parser.add_argument("--kubeconfig", default=None)
    parser.set_defaults(handler=handler)


class DiffError(Exception):
    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Side:
    """One side of the review: a graph (a PathwayVersionSpec for a numbered version)."""

    label: str
    graph: Any  # PathwayGraph | PathwayVersionSpec
    pathway_id: str | None
    versions: dict[int, Any] = field(default_factory=dict)  # versions found beside a file (its chain)


class Cluster:
    """The cluster's Pathways, PathwayVersions and sessions, connected on first use."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._kube: Any = None
        self.namespace = args.namespace or "default"

    @property
    def kube(self) -> Any:
        if self._kube is None:
            from tornado_operator.cli.cluster import NoCluster, connect

            try:
                self._kube, self.namespace = connect(self.args)
            except NoCluster as exc:
                raise DiffError(f"{exc}; give manifest files instead") from None
        return self._kube

    def _get(self, plural: str, name: str) -> dict[str, Any]:
        from kubernetes.client.exceptions import ApiException

        try:
            found = self.kube.get(plural, self.namespace, name)
        except ApiException as exc:
            raise DiffError(f"reading {plural}/{name} in {self.namespace}: {exc.status} {exc.reason}", EXIT_API) from None
        if found is None:
            kind = {"pathways": "Pathway", "pathwayversions": "PathwayVersion"}[plural]
            raise DiffError(f'{kind} "{name}" not found in namespace "{self.namespace}"', EXIT_NOT_FOUND)
        result: dict[str, Any] = found
        return result

    def only_pathway(self) -> str:
        items = self.kube.list_objects("pathways", self.namespace)
        if len(items) != 1:
            names = ", ".join(item["metadata"]["name"] for item in items) or "none"
            raise DiffError(f"which pathway? give --pathway (Pathways in {self.namespace}: {names})")
        name: str = items[0]["metadata"]["name"]
        return name

    def spec(self, pathway_id: str) -> Side:
        from tornado_operator.api.pathway import PathwaySpec

        raw = self._get("pathways", pathway_id)
        graph = _validate(PathwaySpec, raw.get("spec") or {}, f"Pathway {pathway_id}")
        spec_version = (raw.get("status") or {}).get("specVersion")
        label = f"{pathway_id} spec" + (f" (= v{spec_version})" if spec_version else "")
        if spec_version and spec_version in self.versions(pathway_id):
            return Side(label, self.versions(pathway_id)[spec_version], pathway_id)  # its number places it in the chain
        return Side(label, graph, pathway_id)

    def version(self, pathway_id: str, number: int) -> Side:
        from tornado_operator.api.pathway import PathwayVersionSpec, version_name

        raw = self._get("pathwayversions", version_name(pathway_id, number))
        spec = _validate(PathwayVersionSpec, raw["spec"], version_name(pathway_id, number))
        return Side(f"{pathway_id} v{number}", spec, pathway_id)

    def versions(self, pathway_id: str) -> dict[int, Any]:
        from pydantic import ValidationError

        from tornado_operator.api.labels import LABEL_PATHWAY
        from tornado_operator.api.pathway import PathwayVersionSpec

        if not hasattr(self, "_versions"):
            self._versions: dict[int, Any] = {}
            for item in self.kube.list_objects("pathwayversions", self.namespace, labels=f"{LABEL_PATHWAY}={pathway_id}"):
                try:
                    spec = PathwayVersionSpec.model_validate(item["spec"])
                except ValidationError:
                    continue
                self._versions[spec.version_number] = spec
        return self._versions

    def describe(self, session_name: str, iteration: int) -> list[Any]:
        """The fix plan of a session's iteration (for versions whose provenance has only fix ids)."""
        from tornado_operator.api.pathway import FixNote

        raw = self.kube.get("tornadosessions", self.namespace, session_name)
        for record in ((raw or {}).get("status") or {}).get("iterations") or []:
            if record.get("iteration") == iteration:
                fixes = (record.get("fixPlan") or {}).get("fixes") or []
                return [
                    FixNote(id=f["id"], type=f.get("type", ""), target_node=f.get("targetNode", ""), description=f.get("description", ""))
                    for f in fixes
                ]
        return []


def _validate(model: Any, data: Any, where: str) -> Any:
    from pydantic import ValidationError

    from tornado_operator.api.errors import first_error

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DiffError(first_error(exc, f"{where}: spec.")) from None


def _from_file(path: Path, pathway_id: str | None) -> Side:
    from tornado_operator.api.manifests import ManifestError, load_manifests

    try:
        manifests = load_manifests([path])
    except ManifestError as exc:
        raise DiffError("\n".join(exc.lines)) from None
    found = [doc for doc in manifests.documents if doc.kind in ("Pathway", "PathwayVersion")]
    if pathway_id is not None:
        found = [doc for doc in found if (doc.name if doc.kind == "Pathway" else doc.obj.spec.pathway_id) == pathway_id] or found
    if len(found) != 1:
        what = ", ".join(doc.label for doc in found) or "no Pathway or PathwayVersion"
        raise DiffError(f"{path}: expected one Pathway or PathwayVersion, found {what}")
    doc = found[0]
    # The versions beside the file (tornado run's output folder): the chain between the two.
    versions: dict[int, Any] = {}
    try:
        for other in load_manifests([path.parent]).of_kind("PathwayVersion"):
            versions[other.obj.spec.version_number] = other.obj.spec
    except ManifestError:
        pass
    if doc.kind == "Pathway":
        return Side(f"{path} (Pathway {doc.name})", doc.obj.spec, doc.name, versions)
    spec = doc.obj.spec
    versions[spec.version_number] = spec
    return Side(f"{path} ({spec.pathway_id} v{spec.version_number})", spec, spec.pathway_id, versions)


def resolve(ref: str, pathway_id: str | None, cluster: Cluster) -> Side:
    path = Path(ref)
    if path.is_file():
        return _from_file(path, pathway_id)
    match = _VERSION.match(ref)
    if match is not None:
        pathway = match.group("pathway") or pathway_id or cluster.only_pathway()
        return cluster.version(pathway, int(match.group("number")))
    if ref == "spec":
        return cluster.spec(pathway_id or cluster.only_pathway())
    if re.fullmatch(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", ref):
        return cluster.spec(ref)
    raise DiffError(f"{ref!r}: not a file, a version (v3, 3, NAME-v3), spec, or a Pathway name")


def _pathway_of(refs: list[str], explicit: str | None) -> str | None:
    if explicit:
        return explicit
    for ref in refs:
        match = _VERSION.match(ref)
        if match is not None and match.group("pathway"):
            return match.group("pathway")
    return None


def review(args: argparse.Namespace) -> Any:
    """The GraphDiff the arguments ask for."""
    from tornado_operator.api.pathway import PathwayVersionSpec
    from tornado_operator.review.chain import fixes_between
    from tornado_operator.review.diff import diff_graphs

    cluster = Cluster(args)
    refs = [args.before, args.after] if args.after else ["spec", args.before]
    pathway_id = _pathway_of(refs, args.pathway)
    before = resolve(refs[0], pathway_id, cluster)
    after = resolve(refs[1], pathway_id or before.pathway_id, cluster)
    if before.pathway_id and after.pathway_id and before.pathway_id != after.pathway_id:
        raise DiffError(f"A is pathway {before.pathway_id} and B is pathway {after.pathway_id}: compare versions of one pathway")
    versions = {**before.versions, **after.versions}
    describe = None
    pathway = after.pathway_id or before.pathway_id
    if cluster._kube is not None and pathway is not None:
        versions = {**cluster.versions(pathway), **versions}
        describe = cluster.describe
    for side in (before, after):
        if isinstance(side.graph, PathwayVersionSpec):
            versions.setdefault(side.graph.version_number, side.graph)
    fixes = fixes_between(before.graph, after.graph, versions, describe)
    return diff_graphs(before.graph, after.graph, fixes, before_label=before.label, after_label=after.label)


def print_review(diff: Any, *, color: str = "auto", stream: Any = None) -> None:
    from rich.console import Console
    from rich.text import Text

    from tornado_operator.review.text import review_lines

    out = stream or sys.stdout
    console = Console(file=out, highlight=False, soft_wrap=True, force_terminal=True if color == "always" else None,
                      no_color=color == "never")
    plain = color == "never" or (color == "auto" and not console.is_terminal)
    for line in review_lines(diff, plain=plain):
        if plain:
            out.write("".join(text for text, _ in line) + "\n")
            continue
        text = Text()
        for segment, style in line:
            text.append(segment, STYLES.get(style, "") if style else "")
        console.print(text)


def handler(args: argparse.Namespace) -> int:
    try:
        diff = review(args)
    except DiffError as exc:
        print(f"tornado: {exc}", file=sys.stderr)
        return exc.code
    if args.output == "json":
        sys.stdout.write(json.dumps(diff.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        print_review(diff, color=args.color)
    return EXIT_OK

"""`tornado import --from bland` and `tornado export`: Bland's pathway JSON in and out, and a
version back to the Pathway manifest it came from.

    tornado export NAME --version N [--from pathway.yaml] [-o pathway.yaml]  (a Pathway manifest,
                                                               ready to commit: cli/export.py)
    tornado import --from bland pathway.json [--name NAME] [-o pathway.yaml]   (- reads stdin)
    tornado export --to bland NAME [--version N] [--as update|version]      (from the cluster)
    tornado export --to bland pathway.yaml [--version N]      (from manifest files: the Pathway,
                                                               else the newest PathwayVersion)
    tornado export --to bland --publish N [--environment production|staging]

`export` (--to pathway, the default) writes the version as the Pathway manifest you would
commit: your node order and, with --from, your file's key order, comments and other documents;
no status, no provenance. `import` writes a Pathway manifest (stdout, or -o) and reports on stderr, one line each, the
nodes kept but not simulated and whatever the offline engine does not simulate. `export --to
bland` prints a request body for Bland's API: the update-pathway body (default), the create-version
body (--as version: how a tornado fix is proposed), or the publish body (--publish N: Bland's
version number N, promoted to --environment). Nothing is sent: the request to make is printed
on stderr. Exit codes: 0 ok, 2 bad input, 3 not found, 5 the API server failed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_API = 5
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")


def register(subparsers: Any) -> None:
    description = __doc__.split("\n\n", 1)[1] if __doc__ else None
    imp = subparsers.add_parser(
        "import", help="import a Bland pathway JSON as a Pathway manifest", description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("--from", dest="source_format", required=True, choices=["bland"], help="the format of FILE")
    imp.add_argument("file", metavar="FILE", help="the pathway JSON (an export, a GET response or an update body); - reads stdin")
    imp.add_argument("--name", help="the Pathway's name (default: from the pathway's own name)")
    imp.add_argument("--namespace", "-n", help="metadata.namespace of the manifest")
    imp.add_argument("--start-node", metavar="ID", help="the start node, when no node has data.isStart")
    imp.add_argument("--output", "-o", metavar="FILE", help="write the manifest here instead of stdout")
    imp.set_defaults(handler=cmd_import)

    exp = subparsers.add_parser(
        "export",
        help="write a Pathway or PathwayVersion as a Pathway manifest (default: back to Git) or a Bland request body",
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("--to", dest="target_format", default="pathway", choices=["pathway", "bland"],
                     help="pathway (default): a Pathway manifest as you would commit it (cli/export.py); bland: a Bland request body")
    exp.add_argument("--from", dest="source_manifest", metavar="FILE",
                     help="--to pathway: the Pathway manifest as authored (e.g. the file in Git); the export keeps its "
                     "key order, comments, style and other documents, changing only what the version changed")
    exp.add_argument("pathway", metavar="PATHWAY", nargs="?",
                     help="a Pathway name (read from the cluster, or from -f), or a manifest file or folder")
    exp.add_argument("--version", type=int, metavar="N", help="export the PathwayVersion <pathway>-v<N> instead of the Pathway")
    exp.add_argument("--as", dest="body", choices=["update", "version"], default="update",
                     help="update: the update-pathway body (default); version: the create-version body")
    exp.add_argument("--version-name", metavar="NAME", help="the version's name (--as version; default: from its provenance)")
    exp.add_argument("--publish", type=int, metavar="N", help="print the publish body for Bland's version number N instead")
    exp.add_argument("--environment", choices=["production", "staging"], default="production",
                     help="where --publish promotes the version (default: production)")
    exp.add_argument("-f", "--filename", action="append", default=[], metavar="PATH",
                     help="read the Pathway / PathwayVersion from these manifest files or folders instead of the cluster")
    exp.add_argument("--namespace", "-n", default=None, help="namespace (default: the kubeconfig's)")
    exp.add_argument("--kubeconfig", default=None)
    exp.add_argument("--output", "-o", metavar="FILE", help="write the body here instead of stdout")
    exp.set_defaults(handler=cmd_export)


def _error(message: str, code: int = EXIT_USAGE) -> int:
    print(f"tornado: {message}", file=sys.stderr)
    return code


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def slug(name: str) -> str:
    """A Pathway name (DNS label) from a display name: 'Clinic booking (demo)' -> 'clinic-booking-demo'."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63].strip("-")
    return text or "imported-pathway"


def cmd_import(args: argparse.Namespace) -> int:
    from tornado_operator.api.manifests import dump_manifest
    from tornado_operator.formats.bland import BlandFormatError, read_pathway

    where = "stdin" if args.file == "-" else args.file
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _error(f"{where}: cannot read: {exc}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _error(f"{where}: not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
    try:
        graph, report = read_pathway(data, start_node_id=args.start_node)
    except BlandFormatError as exc:
        for line in exc.lines:
            print(f"tornado: {where}: {line}", file=sys.stderr)
        return EXIT_USAGE
    display = graph.passthrough.fields.get("name") if graph.passthrough is not None else None
    name = args.name or slug(display if isinstance(display, str) else Path(where).stem)
    if not _DNS_LABEL.match(name):
        return _error(f"--name: {name!r} is not a Pathway name (a DNS-1123 label: lower-case letters, digits and '-', at most 63)")
    metadata: dict[str, Any] = {"name": name}
    if args.namespace:
        metadata["namespace"] = args.namespace
    metadata["annotations"] = {"agenttesting.dev/imported-from": "bland"}
    manifest = {
        "apiVersion": "agenttesting.dev/v1alpha1",
        "kind": "Pathway",
        "metadata": metadata,
        "spec": graph.model_dump(by_alias=True, exclude_defaults=True, mode="json"),
    }
    header = f"# Imported from Bland's pathway JSON ({where}) by `tornado import --from bland`.\n"
    _write(header + dump_manifest(manifest), args.output)
    for line in report.lines():
        print(line, file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from tornado_operator.formats.bland import publish_body
    from tornado_operator.formats.bland.requests import REQUESTS

    if args.target_format == "pathway" and (args.publish is not None or args.version_name):
        return _error("--publish and --version-name are for --to bland")
    if args.target_format != "pathway" and args.source_manifest:
        return _error("--from is for --to pathway (a Pathway manifest)")
    if args.publish is not None:
        try:
            body = publish_body(args.publish, args.environment)
        except ValueError as exc:
            return _error(f"--publish: {exc}")
        _write(json.dumps(body, indent=2) + "\n", args.output)
        print(f"request: {REQUESTS['publish']}", file=sys.stderr)
        return EXIT_OK
    if not args.pathway:
        return _error("export: give the PATHWAY (a name, or a manifest file or folder), or --publish N")
    if args.pathway and Path(args.pathway).exists():
        args.filename = [*args.filename, args.pathway]
        args.pathway = None
    try:
        found = _from_files(args) if args.filename else _from_cluster(args)
    except _NotFound as exc:
        return _error(str(exc), EXIT_NOT_FOUND)
    except _BadInput as exc:
        return _error(str(exc), EXIT_USAGE)
    except _ApiFailed as exc:
        return _error(str(exc), EXIT_API)
    if args.target_format == "pathway":
        from tornado_operator.cli.export import export_manifest

        return export_manifest(args, *found)
    return _export(args, *found)


class _NotFound(Exception):
    pass


class _BadInput(Exception):
    pass


class _ApiFailed(Exception):
    pass


def _export(args: argparse.Namespace, name: str, obj: Any) -> int:
    from tornado_operator.api.pathway import PathwayVersion
    from tornado_operator.formats.bland import pathway_body, version_body
    from tornado_operator.formats.bland.requests import REQUESTS

    graph = obj.spec.graph()
    if args.body == "version":
        version_name = args.version_name or _version_name(obj)
        body = version_body(graph, name=version_name)
    else:
        body = pathway_body(graph, name=name)
    _write(json.dumps(body, indent=2, ensure_ascii=False) + "\n", args.output)
    pathway_id = graph.passthrough.fields.get("pathway_id") if graph.passthrough is not None else None
    request = REQUESTS[args.body]
    if isinstance(pathway_id, str):
        request = request.replace("{pathway_id}", pathway_id)
    what = f"PathwayVersion {obj.metadata.name}" if isinstance(obj, PathwayVersion) else f"Pathway {obj.metadata.name}"
    print(f"{what} as Bland's {args.body} body; request: {request}", file=sys.stderr)
    return EXIT_OK


def _version_name(obj: Any) -> str:
    """A version's name from its provenance: who made it and why."""
    from tornado_operator.api.pathway import PathwayVersion

    if not isinstance(obj, PathwayVersion):
        return f"{obj.metadata.name} (tornado)"
    spec = obj.spec
    provenance = spec.provenance
    if provenance.source == "tornado-fix":
        fixes = ", ".join(provenance.fix_ids) or "fixes"
        return f"tornado fix: {fixes} (session {provenance.session_name}, iteration {provenance.iteration}, from version {spec.parent_version})"
    return f"{spec.pathway_id} v{spec.version_number} (tornado)"


def _from_files(args: argparse.Namespace) -> tuple[str, Any]:
    from tornado_operator.api.manifests import ManifestError, load_manifests

    try:
        manifests = load_manifests(args.filename)
    except ManifestError as exc:
        raise _BadInput("\n".join(exc.lines)) from None
    pathways = {doc.name: doc.obj for doc in manifests.of_kind("Pathway")}
    versions = [doc.obj for doc in manifests.of_kind("PathwayVersion")]
    ids = sorted(set(pathways) | {version.spec.pathway_id for version in versions})
    wanted = args.pathway
    if wanted is None:
        if len(ids) != 1:
            raise _BadInput(f"{', '.join(args.filename)}: " + (f"several pathways ({', '.join(ids)}): name one" if ids else "no Pathway or PathwayVersion"))
        wanted = ids[0]
    if args.version is not None:
        for version in versions:
            if version.spec.pathway_id == wanted and version.spec.version_number == args.version:
                return wanted, version
        raise _NotFound(f"--version: no PathwayVersion {wanted}-v{args.version} in {', '.join(args.filename)}")
    if wanted in pathways:
        return wanted, pathways[wanted]
    mine = [version for version in versions if version.spec.pathway_id == wanted]
    if mine:  # only versions given (e.g. `tornado run`'s output): the newest
        return wanted, max(mine, key=lambda version: version.spec.version_number)
    raise _NotFound(f'no Pathway or PathwayVersion of "{wanted}" in {", ".join(args.filename)}')


def _from_cluster(args: argparse.Namespace) -> tuple[str, Any]:
    from kubernetes import config
    from kubernetes.client.exceptions import ApiException
    from pydantic import ValidationError

    from tornado_operator.api.errors import first_error
    from tornado_operator.api.pathway import Pathway, PathwayVersion, version_name
    from tornado_operator.controller.kube import Kube, load_config

    namespace = args.namespace
    try:
        if args.kubeconfig:
            config.load_kube_config(config_file=args.kubeconfig)
        else:
            load_config()
        if namespace is None:
            _contexts, current = config.list_kube_config_contexts(config_file=args.kubeconfig)
            namespace = (current or {}).get("context", {}).get("namespace") or "default"
    except config.ConfigException as exc:
        raise _BadInput(f"no cluster to read {args.pathway!r} from ({exc}); give manifest files with -f") from None
    plural, name, model = (
        ("pathwayversions", version_name(args.pathway, args.version), PathwayVersion)
        if args.version is not None
        else ("pathways", args.pathway, Pathway)
    )
    try:
        raw = Kube().get(plural, namespace, name)
    except ApiException as exc:
        raise _ApiFailed(f"reading {plural}/{name} in {namespace}: {exc.status} {exc.reason}") from None
    if raw is None:
        kind = "PathwayVersion" if args.version is not None else "Pathway"
        raise _NotFound(f'{kind} "{name}" not found in namespace "{namespace}"')
    try:
        return args.pathway, model.model_validate(raw)
    except ValidationError as exc:
        raise _BadInput(first_error(exc, f"{plural}/{name}: ")) from None

"""`tornado report SESSION|RUN_DIR`: a session as one self-contained HTML page, or Markdown for a pull request.

RUN_DIR is the --output folder of `tornado run` (session.json, iterations/, the forked
versions); anything else is a TornadoSession's name or session id on the cluster, read with
its result ConfigMaps and PathwayVersions. --html FILE writes the page (graph, scenario x
iteration matrix, per-iteration chart, fixes with diffs, transcripts on click); --markdown
FILE writes the matrix as a table and the pathway as a Mermaid diagram ('-': stdout).

Exit codes: 0 written; 2 bad input (no such folder or session, unreadable files); 5 the API
server failed; 6 Graphviz (`dot`) is missing or failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_API = 5
EXIT_LAYOUT = 6


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="a session as a self-contained HTML page (--html) or Markdown with a Mermaid graph (--markdown)",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", metavar="SESSION|RUN_DIR", help="a `tornado run --output` folder, or a session on the cluster")
    parser.add_argument("--html", metavar="FILE", help="write the HTML report here")
    parser.add_argument("--markdown", metavar="FILE", help="write the Markdown report here ('-': stdout)")
    parser.add_argument("--namespace", "-n", default=None, help="namespace of SESSION (default: the kubeconfig's)")
    parser.add_argument("--kubeconfig", default=None)
    parser.set_defaults(handler=handler)


def _error(message: str, code: int) -> int:
    print(f"tornado report: {message}", file=sys.stderr)
    return code


def handler(args: argparse.Namespace) -> int:
    from tornado_operator.report.graph import LayoutError
    from tornado_operator.report.model import build_report
    from tornado_operator.report.sources import SourceError

    if not args.html and not args.markdown:
        return _error("give --html FILE and/or --markdown FILE", EXIT_USAGE)
    try:
        source = _load(args)
    except SourceError as exc:
        return _error(str(exc), EXIT_USAGE)
    except _ApiFailure as exc:
        return _error(str(exc), EXIT_API)
    report = build_report(source)
    if args.html:
        from tornado_operator.report.html import render_html

        try:
            page = render_html(report)
        except LayoutError as exc:
            return _error(str(exc), EXIT_LAYOUT)
        _write(args.html, page)
        print(f"tornado report: wrote {args.html}", file=sys.stderr)
    if args.markdown:
        from tornado_operator.report.markdown import render_markdown

        _write(args.markdown, render_markdown(report))
        if args.markdown != "-":
            print(f"tornado report: wrote {args.markdown}", file=sys.stderr)
    return EXIT_OK


class _ApiFailure(Exception):
    pass


def _write(target: str, text: str) -> None:
    if target == "-":
        sys.stdout.write(text)
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _load(args: argparse.Namespace) -> Any:
    from tornado_operator.report.rundir import load_run_dir

    path = Path(args.source)
    if path.is_dir():
        return load_run_dir(path)
    if "/" in args.source or args.source.startswith("."):
        from tornado_operator.report.sources import SourceError

        raise SourceError(f"{args.source}: no such folder")
    from kubernetes.client.exceptions import ApiException
    from urllib3.exceptions import HTTPError

    from tornado_operator.cli.remote import _kube
    from tornado_operator.report.cluster import load_cluster

    kube, namespace = _kube(args)
    try:
        return load_cluster(kube, namespace, args.source)
    except ApiException as exc:
        raise _ApiFailure(f"the API server answered {exc.status} {exc.reason}") from None
    except HTTPError as exc:
        raise _ApiFailure(f"cannot reach the API server: {exc}") from None

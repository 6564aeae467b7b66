"""`tornado promote PATHWAY --version N`: make version N the live version of the pathway.

Records on the Pathway's status who promoted which version when, and which session proved it
(status.liveVersion for production, status.promotions for each environment), and posts an
event on the Pathway. Refused, naming the scenarios, unless every enabled scenario of the
pathway marked isRequiredForPromotion passed on exactly version N (its newest run in an
iteration that tested N). New sessions without versionNumber start from the live version.

Needs the permission to update pathways/status (the ClusterRole tornado-promote; starting
sessions does not give it). --check prints the evidence without promoting.

Exit codes: 0 promoted (or already live), 2 bad input, 3 not found, 5 the API server refused
or failed (403: no permission to promote), 6 refused by the promotion rule.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_API = 5
EXIT_REFUSED = 6


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "promote",
        help="make a PathwayVersion the live version, if its required scenarios passed on it",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("pathway", metavar="PATHWAY", help="the Pathway")
    parser.add_argument("--version", type=int, required=True, metavar="N", help="the version to promote")
    parser.add_argument("--environment", choices=["production", "staging"], default="production",
                        help="production (the live version, default) or staging")
    parser.add_argument("--check", action="store_true", help="print the evidence and whether it would be promoted; change nothing")
    parser.add_argument("--namespace", "-n", default=None, help="namespace (default: the kubeconfig's)")
    parser.add_argument("--kubeconfig", default=None)
    parser.set_defaults(handler=handler)


def _error(message: str, code: int) -> int:
    print(f"tornado: {message}", file=sys.stderr)
    return code


def evidence_lines(check: Any) -> list[str]:
    if not check.required:
        return [f"no scenario of {check.pathway_id} is marked isRequiredForPromotion"]
    lines = [f"scenarios required for promotion, on version {check.version}:"]
    for scenario_id in check.required:
        run = check.runs.get(scenario_id)
        if run is None:
            lines.append(f"  {scenario_id}: never run on version {check.version}")
        else:
            verdict = "passed" if run.passed else "FAILED"
            lines.append(f"  {scenario_id}: {verdict} (session {run.session_name}, iteration {run.iteration}, {run.at})")
    return lines


def handler(args: argparse.Namespace) -> int:
    from kubernetes.client.exceptions import ApiException

    from tornado_operator.api.pathway import version_name
    from tornado_operator.cli.cluster import NoCluster, connect
    from tornado_operator.controller.kube import api_message
    from tornado_operator.controller.promotion import evidence, promote

    if args.version < 1:
        return _error("--version: a version number, 1 or more", EXIT_USAGE)
    try:
        kube, namespace = connect(args)
    except NoCluster as exc:
        return _error(str(exc), EXIT_USAGE)
    try:
        if kube.get("pathways", namespace, args.pathway) is None:
            return _error(f'Pathway "{args.pathway}" not found in namespace "{namespace}"', EXIT_NOT_FOUND)
        if args.check:
            if kube.get("pathwayversions", namespace, version_name(args.pathway, args.version)) is None:
                return _error(f'PathwayVersion "{version_name(args.pathway, args.version)}" not found', EXIT_NOT_FOUND)
            check = evidence(kube, namespace, args.pathway, args.version)
            print("\n".join(evidence_lines(check)))
            print(f"version {args.version} may be promoted" if check.allowed else check.refusal())
            return EXIT_OK if check.allowed else EXIT_REFUSED
        result = promote(kube, namespace, args.pathway, args.version, environment=args.environment, actor=_actor(kube))
    except ApiException as exc:
        if exc.status == 403:
            return _error(
                f"{api_message(exc)}; promoting needs update on pathways/status in {namespace} "
                "(bind the ClusterRole tornado-promote: see docs/promotion.md)",
                EXIT_API,
            )
        return _error(api_message(exc), EXIT_API)
    if result.outcome == "not-found":
        return _error(result.message, EXIT_NOT_FOUND)
    if result.check is not None:
        print("\n".join(evidence_lines(result.check)))
    if result.outcome == "refused":
        return _error(result.message, EXIT_REFUSED)
    print(result.message)
    return EXIT_OK


def _actor(kube: Any) -> str:
    """Who is promoting, as the API server knows them (SelfSubjectReview); the kubeconfig's user
    name when the API server does not answer it."""
    from kubernetes import config
    from kubernetes.client.exceptions import ApiException

    try:
        name: str = kube.whoami()
        return name
    except ApiException:
        try:
            _contexts, current = config.list_kube_config_contexts()
            return str((current or {}).get("context", {}).get("user") or "unknown")
        except config.ConfigException:
            return "unknown"

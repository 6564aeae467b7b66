"""`tornado start|status|active|cancel`: the hosted Tornado API's calls, against a cluster.

Each prints the hosted API's exact JSON (snake_case). Exit codes:
  0  ok
  2  bad input (usage, validation)
  3  not found (the hosted API's 404; `active` with no running session)
  4  conflict (the hosted API's 409; a session is already running for the pathway)
  5  the API server refused or failed otherwise
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_CONFLICT = 4
EXIT_API = 5


def register(subparsers: Any) -> None:
    start = subparsers.add_parser("start", help="start a tornado session (prints the start JSON)")
    start.add_argument("--pathway-id", required=True)
    start.add_argument("--persona-id")
    start.add_argument("--scenario-id", dest="scenario_ids", action="append", help="repeatable; default: all enabled")
    start.add_argument("--version-number", type=int)
    start.add_argument("--max-iterations", type=int)
    start.add_argument("--timeout-ms", type=int)
    start.add_argument("--name", help="session name (default: generated from the pathway)")
    start.add_argument("--wait", type=float, default=10.0, help="seconds to wait for the operator to pick it up")
    _common(start)
    start.set_defaults(handler=cmd_start)

    status = subparsers.add_parser("status", help="print a session's status JSON")
    status.add_argument("session", help="session name or session_id (uid)")
    _common(status)
    status.set_defaults(handler=cmd_status)

    active = subparsers.add_parser("active", help="print the running session of a pathway or persona")
    group = active.add_mutually_exclusive_group(required=True)
    group.add_argument("--pathway-id")
    group.add_argument("--persona-id")
    _common(active)
    active.set_defaults(handler=cmd_active)

    cancel = subparsers.add_parser(
        "cancel",
        help='cancel a running session: prints the hosted cancel response {"cancelled": true}',
        description='Sets spec.cancel and prints the hosted API\'s cancel response, {"cancelled": true}. With '
        "--wait, then waits until the operator has ended the session CANCELLED and prints its final "
        "status JSON. Exit 4 when the session had already ended otherwise (or ended otherwise before "
        "the cancel took effect), 5 when --wait timed out.",
    )
    cancel.add_argument("session", help="session name or session_id (uid)")
    cancel.add_argument("--wait", action="store_true", help="wait for CANCELLED and print the final status JSON")
    cancel.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="how long --wait waits (default 60)")
    _common(cancel)
    cancel.set_defaults(handler=cmd_cancel)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--namespace", "-n", default=None, help="namespace (default: the kubeconfig's)")
    parser.add_argument("--kubeconfig", default=None)


def _kube(args: argparse.Namespace) -> tuple[Any, str]:
    from kubernetes import config

    from tornado_operator.controller.kube import Kube

    namespace = args.namespace
    try:
        if args.kubeconfig:
            config.load_kube_config(config_file=args.kubeconfig)
        else:
            from tornado_operator.controller.kube import load_config

            load_config()
        if namespace is None:
            _contexts, current = config.list_kube_config_contexts(config_file=args.kubeconfig)
            namespace = (current or {}).get("context", {}).get("namespace") or "default"
    except config.ConfigException:
        namespace = namespace or "default"
    return Kube(), namespace


def _print(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, indent=2))


def _error(message: str, code: int) -> int:
    print(f"tornado: {message}", file=sys.stderr)
    return code


def _find(kube: Any, namespace: str, ref: str) -> dict[str, Any] | None:
    found = kube.get("tornadosessions", namespace, ref) if _is_name(ref) else None
    if found is not None:
        return found  # type: ignore[no-any-return]
    for item in kube.list_objects("tornadosessions", namespace):
        if item["metadata"].get("uid") == ref or (item.get("status") or {}).get("sessionId") == ref:
            return item  # type: ignore[no-any-return]
    return None


def _is_name(ref: str) -> bool:
    import re

    return bool(re.fullmatch(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?", ref))


def cmd_start(args: argparse.Namespace) -> int:
    import time

    from kubernetes.client.exceptions import ApiException
    from pydantic import ValidationError

    from tornado_operator.api.session import TornadoSession
    from tornado_operator.api.views import start_view

    spec: dict[str, Any] = {"pathwayId": args.pathway_id}
    for key, value in (
        ("personaId", args.persona_id),
        ("scenarioIds", args.scenario_ids),
        ("versionNumber", args.version_number),
        ("maxIterations", args.max_iterations),
        ("timeoutMs", args.timeout_ms),
    ):
        if value is not None:
            spec[key] = value
    metadata: dict[str, Any] = {"name": args.name} if args.name else {"generateName": f"{args.pathway_id[:50]}-"}
    try:
        session = TornadoSession.model_validate({"metadata": {"name": args.name or "x"}, "spec": spec})
    except ValidationError as exc:
        from tornado_operator.api.errors import first_error

        return _error(first_error(exc), EXIT_USAGE)
    kube, namespace = _kube(args)
    body = {"apiVersion": session.api_version, "kind": "TornadoSession", "metadata": metadata, "spec": session.spec.wire()}
    try:
        created = kube.create("tornadosessions", namespace, body)
    except ApiException as exc:
        reason = _api_message(exc)
        if exc.status == 409 or "already running" in reason:
            return _error(reason, EXIT_CONFLICT)
        if exc.status in (400, 422):
            return _error(reason, EXIT_USAGE)
        return _error(reason, EXIT_API)
    name = created["metadata"]["name"]
    deadline = time.monotonic() + args.wait
    while time.monotonic() < deadline and not (created.get("status") or {}).get("phase"):
        time.sleep(0.2)
        created = kube.get("tornadosessions", namespace, name) or created
    view = start_view(TornadoSession.model_validate(created))
    _print(view)
    phase = (created.get("status") or {}).get("phase")
    if phase == "ERROR" and (created.get("status") or {}).get("reason") == "Conflict":
        return _error(created["status"].get("message", "conflict"), EXIT_CONFLICT)
    return EXIT_OK


def _api_message(exc: Any) -> str:
    try:
        body = json.loads(exc.body)
        return str(body.get("message") or exc.reason)
    except (TypeError, ValueError):
        return str(exc.reason or exc)


def cmd_status(args: argparse.Namespace) -> int:
    from tornado_operator.api.session import TornadoSession
    from tornado_operator.api.views import status_view

    kube, namespace = _kube(args)
    found = _find(kube, namespace, args.session)
    if found is None:
        return _error(f'tornado session "{args.session}" not found in namespace "{namespace}"', EXIT_NOT_FOUND)
    from tornado_operator.api.base import now_timestamp

    _print(status_view(TornadoSession.model_validate(found), now=now_timestamp()))
    return EXIT_OK


def cmd_active(args: argparse.Namespace) -> int:
    from tornado_operator.api.session import TornadoSession, is_terminal_phase
    from tornado_operator.api.views import active_view

    kube, namespace = _kube(args)
    if args.pathway_id:
        items = kube.list_objects("tornadosessions", namespace, fields=f"spec.pathwayId={args.pathway_id}")
        what = f'pathway "{args.pathway_id}"'
    else:
        items = kube.list_objects("tornadosessions", namespace, fields=f"spec.personaId={args.persona_id}")
        what = f'persona "{args.persona_id}"'
    running = [i for i in items if not is_terminal_phase((i.get("status") or {}).get("phase"))]
    if not running:
        return _error(f"no active tornado session for {what}", EXIT_NOT_FOUND)
    running.sort(key=lambda i: i["metadata"].get("creationTimestamp") or "")
    _print(active_view(TornadoSession.model_validate(running[0])))
    return EXIT_OK


def cmd_cancel(args: argparse.Namespace) -> int:
    import time

    from kubernetes.client.exceptions import ApiException

    from tornado_operator.api.base import now_timestamp
    from tornado_operator.api.session import TornadoSession, is_terminal_phase
    from tornado_operator.api.views import status_view

    kube, namespace = _kube(args)
    found = _find(kube, namespace, args.session)
    if found is None:
        return _error(f'tornado session "{args.session}" not found in namespace "{namespace}"', EXIT_NOT_FOUND)
    name = found["metadata"]["name"]
    phase = (found.get("status") or {}).get("phase")
    if is_terminal_phase(phase) and phase != "CANCELLED":
        return _error(f'tornado session "{name}" already ended {phase}: nothing to cancel', EXIT_CONFLICT)
    if phase != "CANCELLED":
        try:
            kube.patch("tornadosessions", namespace, name, {"spec": {"cancel": True}})
        except ApiException as exc:
            return _error(f'cannot cancel tornado session "{name}": {_api_message(exc)}', EXIT_API)
    print(json.dumps({"cancelled": True}), flush=True)  # the hosted API's cancel response
    if not args.wait:
        return EXIT_OK
    deadline = time.monotonic() + args.timeout
    current = found
    while not is_terminal_phase((current.get("status") or {}).get("phase")):
        if time.monotonic() >= deadline:
            still = (current.get("status") or {}).get("phase") or "not started"
            return _error(f'tornado session "{name}" is still {still} after {args.timeout:g} s', EXIT_API)
        time.sleep(0.5)
        current = kube.get("tornadosessions", namespace, name) or current
    _print(status_view(TornadoSession.model_validate(current), now=now_timestamp()))
    ended = current["status"]["phase"]
    if ended != "CANCELLED":
        return _error(f'tornado session "{name}" ended {ended} before the cancel took effect', EXIT_CONFLICT)
    return EXIT_OK

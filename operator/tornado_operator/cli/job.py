"""`tornado job`: one iteration of a session, run inside the iteration Job's pod.

Reads the session (its status says which version and scenarios this iteration tests),
simulates every scenario, lets the loop decide, writes the forked PathwayVersion when the
loop continues, and stores the result in the ConfigMap `<session>-it<N>-result` owned by
the session. A retried pod finds its own version (by provenance) and overwrites its own
result, so a retry never forks twice. On failure the reason goes to the termination
message, which the operator copies into the session's status.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

MAX_RESULT_BYTES = 900_000  # ConfigMaps hold at most 1 MiB


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "job",
        help="run one iteration of a session (inside its Job)",
        description="Flags default to the iteration pod's environment (POD_NAMESPACE, TORNADO_SESSION, "
        "TORNADO_ITERATION), so a runner.command override can simply exec `tornado job`.",
    )
    parser.add_argument("--namespace", default=os.environ.get("POD_NAMESPACE"))
    parser.add_argument("--session", default=os.environ.get("TORNADO_SESSION"))
    parser.add_argument("--iteration", type=int, default=_env_int("TORNADO_ITERATION"))
    parser.set_defaults(handler=run)


def _env_int(name: str) -> int | None:
    value = os.environ.get(name)
    return int(value) if value and value.isdigit() else None


class JobError(Exception):
    pass


def run(args: argparse.Namespace) -> int:
    missing = [flag for flag in ("namespace", "session", "iteration") if getattr(args, flag) is None]
    if missing:
        print(f"tornado job: missing --{', --'.join(missing)} (and no pod environment to take them from)", file=sys.stderr)
        return 2
    try:
        run_iteration_job(args.namespace, args.session, args.iteration)
        return 0
    except Exception as exc:
        message = str(exc) if isinstance(exc, JobError) else f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
        _termination_message(message)
        print(f"tornado job: {message}", file=sys.stderr)
        return 1


def _termination_message(message: str) -> None:
    path = Path(os.environ.get("TERMINATION_MESSAGE_PATH", "/dev/termination-log"))
    with contextlib.suppress(OSError):
        path.write_text(message[-4000:])


def bounded_result_json(result: Any) -> str:
    """The result as JSON, transcripts trimmed until it fits a ConfigMap."""
    text: str = result.model_dump_json(by_alias=True, exclude_none=True)
    keep = 60
    while len(text.encode()) > MAX_RESULT_BYTES and keep > 0:
        keep //= 2
        for scenario in result.scenarios:
            scenario.transcript = scenario.transcript[:keep]
        text = result.model_dump_json(by_alias=True, exclude_none=True)
    return text


def run_iteration_job(namespace: str, session_name: str, iteration: int) -> None:
    from pydantic import ValidationError

    from tornado_operator.api.errors import first_error
    from tornado_operator.api.pathway import PathwayVersionSpec, Provenance, version_name
    from tornado_operator.api.scenario import TestScenarioSpec
    from tornado_operator.api.session import TornadoSession
    from tornado_operator.controller import names
    from tornado_operator.controller.jobs import owner_reference
    from tornado_operator.controller.kube import Kube, load_config
    from tornado_operator.controller.versions import create_version
    from tornado_operator.engine.iteration import run_iteration

    load_config()
    kube = Kube()
    raw = kube.get("tornadosessions", namespace, session_name)
    if raw is None:
        raise JobError(f'TornadoSession "{session_name}" not found in namespace "{namespace}"')
    session = TornadoSession.model_validate(raw)
    status = session.status
    if status.current_iteration != iteration:
        raise JobError(f"session is at iteration {status.current_iteration}, this Job runs iteration {iteration}")
    pathway_id = session.spec.pathway_id
    version_number = status.current_version
    if version_number is None:
        raise JobError("session status has no currentVersion")
    version_raw = kube.get("pathwayversions", namespace, version_name(pathway_id, version_number))
    if version_raw is None:
        raise JobError(f'PathwayVersion "{version_name(pathway_id, version_number)}" not found')
    try:
        version = PathwayVersionSpec.model_validate(version_raw["spec"])
    except ValidationError as exc:
        raise JobError(first_error(exc, f"PathwayVersion {version_name(pathway_id, version_number)}: spec.")) from None
    scenarios: list[tuple[str, TestScenarioSpec]] = []
    for scenario_id in status.scenario_ids:
        item = kube.get("testscenarios", namespace, scenario_id)
        if item is None:
            raise JobError(f'TestScenario "{scenario_id}" was deleted while the session ran')
        try:
            scenarios.append((scenario_id, TestScenarioSpec.model_validate(item["spec"])))
        except ValidationError as exc:
            raise JobError(first_error(exc, f'TestScenario "{scenario_id}": spec.')) from None
    previous = next((r for r in status.iterations if r.iteration == iteration - 1), None)
    backend = _backend(kube, session, namespace)
    result = run_iteration(
        graph=version.graph(),
        version_number=version_number,
        scenarios=scenarios,
        iteration=iteration,
        max_iterations=session.spec.max_iterations,
        previous=previous,
        unfixable_ids=status.unfixable_ids,
        backend=backend,
    )
    if result.forked_graph is not None:
        pathway = kube.get("pathways", namespace, pathway_id)
        if pathway is None:
            raise JobError(f'Pathway "{pathway_id}" was deleted while the session ran')
        forked = create_version(
            kube,
            namespace,
            pathway=pathway,
            graph=result.forked_graph,
            parent=version_number,
            provenance=Provenance(
                source="tornado-fix",
                session_name=session_name,
                session_id=session.metadata.uid,
                iteration=iteration,
                fix_ids=list(result.record.fix_plan.priority_order),
            ),
        )
        result.record.forked_version = forked
    kube.put_configmap(
        namespace,
        {
            "metadata": {
                "name": names.result_name(session_name, iteration),
                "labels": {
                    names.LABEL_SESSION: names.label_value(session_name),
                    names.LABEL_SESSION_UID: session.metadata.uid or "",
                    names.LABEL_ITERATION: str(iteration),
                    names.LABEL_COMPONENT: "result",
                    **names.MANAGED_BY,
                },
                "ownerReferences": [owner_reference(session)],
            },
            "data": {names.RESULT_KEY: bounded_result_json(result)},
        },
    )
    summary = {
        "iteration": iteration,
        "passed": len(result.record.passed_ids),
        "failed": len(result.record.failed_ids),
        "phase": result.phase.value if result.phase else None,
        "forked_version": result.record.forked_version,
    }
    print(json.dumps(summary))


def _backend(kube: Any, session: Any, namespace: str) -> Any:
    """The engine backend the session asks for (offline unless runner.backend says openai)."""
    runner = session.spec.runner
    if runner is None or runner.backend == "offline":
        return None
    from tornado_operator.engine.llm import backend_from_settings

    if runner.llm is None:
        raise JobError("runner.llm: required when runner.backend is openai (baseUrl, model, apiKeySecretRef)")
    api_key = None
    ref = runner.llm.api_key_secret_ref if runner.llm else None
    if ref is not None:
        import base64

        secret = kube.core.read_namespaced_secret(ref.name, namespace)
        data = (secret.data or {}).get(ref.key)
        if data is None:
            raise JobError(f'runner.llm.apiKeySecretRef: Secret "{ref.name}" has no key "{ref.key}"')
        api_key = base64.b64decode(data).decode()
    return backend_from_settings(runner.llm, api_key=api_key, concurrency=runner.concurrency)

"""The iteration Job: a pure function from a session to the Job manifest the operator creates."""

from __future__ import annotations

import fnmatch
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tornado_operator.api.errors import SecretKeyError
from tornado_operator.api.session import SecretKeyRef, TornadoSession, TornadoSessionSpec
from tornado_operator.controller import names

RUNNER_UID = 10001
# The LLM API key of spec.runner.llm.apiKeySecretRef, resolved by the kubelet (optional: a
# missing Secret or key leaves it unset, and the Job says so in one line).
API_KEY_ENV = "TORNADO_LLM_API_KEY"
BLAND_API_KEY_ENV = "TORNADO_BLAND_API_KEY"


@dataclass(frozen=True)
class RunnerDefaults:
    """Operator-wide defaults for iteration Jobs (flags of `tornado operator`)."""

    image: str = "ghcr.io/agenttesting/tornado-operator:0.1.0"
    cpu_request: str = "100m"
    memory_request: str = "128Mi"
    memory_limit: str = "512Mi"
    # Who may choose what iteration pods run (spec.runner.image / .command): images matching
    # these fnmatch patterns, and any command when allow_command; off by default. Others
    # need the permission `override` on tornadosessions/runner (checked at admission).
    allowed_images: tuple[str, ...] = ()
    allow_command: bool = False

    def unapproved_overrides(self, spec: TornadoSessionSpec) -> list[str]:
        """The runner overrides of a session that the operator's flags do not allow, as
        "field: why" lines (empty: nothing needs the `override` permission)."""
        runner = spec.runner
        found: list[str] = []
        if runner is None:
            return found
        image = runner.image
        if image and image != self.image and not any(fnmatch.fnmatchcase(image, p) for p in self.allowed_images):
            found.append(f'spec.runner.image: "{image}" is not an allowed runner image')
        if runner.command and not self.allow_command:
            found.append("spec.runner.command: overriding the runner's command is not allowed")
        return found


OVERRIDE_HELP = (
    "needs the operator's --allow-runner-image/--allow-runner-command, or the permission to "
    "`override` tornadosessions/runner (kubectl auth can-i override tornadosessions --subresource=runner)"
)


def owner_reference(session: TornadoSession) -> dict[str, Any]:
    return {
        "apiVersion": session.api_version,
        "kind": "TornadoSession",
        "name": session.metadata.name,
        "uid": session.metadata.uid,
        "controller": True,
        "blockOwnerDeletion": True,
    }


def session_labels(session: TornadoSession) -> dict[str, str]:
    labels = {
        names.LABEL_SESSION: names.label_value(session.metadata.name),
        names.LABEL_PATHWAY: session.spec.pathway_id,
        **names.MANAGED_BY,
    }
    if session.spec.persona_id:
        labels[names.LABEL_PERSONA] = names.label_value(session.spec.persona_id)
    return labels


def result_configmap(session: TornadoSession, iteration: int) -> dict[str, Any]:
    """The iteration's result ConfigMap, empty: the operator creates it, the Job only updates
    it (so the runner's Role needs no `create` and names exactly its own ConfigMaps)."""
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": names.result_name(session.metadata.name, iteration),
            "labels": {
                names.LABEL_SESSION: names.label_value(session.metadata.name),
                names.LABEL_SESSION_UID: session.metadata.uid or "",
                names.LABEL_ITERATION: str(iteration),
                names.LABEL_COMPONENT: "result",
                **names.MANAGED_BY,
            },
            "ownerReferences": [owner_reference(session)],
        },
    }


def iteration_job(
    session: TornadoSession, iteration: int, *, remaining_ms: int, defaults: RunnerDefaults
) -> dict[str, Any]:
    """The Job for one iteration, restricted Pod Security Standard compliant."""
    runner = session.spec.runner
    name = names.job_name(session.metadata.name, iteration)
    labels = {
        **session_labels(session),
        names.LABEL_ITERATION: str(iteration),
        names.LABEL_SESSION_UID: session.metadata.uid or "",
        names.LABEL_COMPONENT: "iteration",
    }
    command = (
        list(runner.command)
        if runner is not None and runner.command
        else [
            "tornado",
            "job",
            "--namespace",
            session.metadata.namespace or "default",
            "--session",
            session.metadata.name,
            "--iteration",
            str(iteration),
        ]
    )
    requests = {"cpu": defaults.cpu_request, "memory": defaults.memory_request}
    limits = {"memory": defaults.memory_limit}
    if runner is not None and runner.resources is not None:
        requests.update(runner.resources.requests.model_dump(exclude_none=True))
        limits.update(runner.resources.limits.model_dump(exclude_none=True))
    remaining_s = max(1, math.ceil(remaining_ms / 1000))
    env = [
        {"name": "TORNADO_SESSION", "value": session.metadata.name},
        {"name": "TORNADO_SESSION_UID", "value": session.metadata.uid or ""},
        {"name": "TORNADO_ITERATION", "value": str(iteration)},
        {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
        {"name": "HOME", "value": "/tmp"},
    ]
    refs = (
        (API_KEY_ENV, runner.llm.api_key_secret_ref if runner is not None and runner.llm is not None else None),
        (BLAND_API_KEY_ENV, runner.bland.api_key_secret_ref if runner is not None and runner.bland is not None else None),
    )
    for env_name, ref in refs:
        if ref is not None:
            env.append({"name": env_name, "valueFrom": {"secretKeyRef": {"name": ref.name, "key": ref.key, "optional": True}}})
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": name,
            "namespace": session.metadata.namespace,
            "labels": labels,
            "ownerReferences": [owner_reference(session)],
        },
        "spec": {
            # A pod that crashes is retried while there is time for it; the session's own
            # deadline bounds the Job so nothing outlives timeoutMs.
            "backoffLimit": 1 if remaining_s > 60 else 0,
            "activeDeadlineSeconds": remaining_s,
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "restartPolicy": "Never",
                    "serviceAccountName": names.runner_account(session.metadata.name),
                    "automountServiceAccountToken": True,
                    "securityContext": {
                        "runAsNonRoot": True,
                        "runAsUser": RUNNER_UID,
                        "runAsGroup": RUNNER_UID,
                        "fsGroup": RUNNER_UID,
                        "seccompProfile": {"type": "RuntimeDefault"},
                    },
                    "containers": [
                        {
                            "name": "iteration",
                            "image": (runner.image if runner is not None and runner.image else defaults.image),
                            "imagePullPolicy": "IfNotPresent",
                            "command": command,
                            "env": env,
                            "resources": {"requests": requests, "limits": limits},
                            "terminationMessagePolicy": "FallbackToLogsOnError",
                            "securityContext": {
                                "allowPrivilegeEscalation": False,
                                "readOnlyRootFilesystem": True,
                                "runAsNonRoot": True,
                                "capabilities": {"drop": ["ALL"]},
                            },
                            "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
                        }
                    ],
                    "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "256Mi"}}],
                },
            },
        },
    }


def job_state(job: dict[str, Any]) -> tuple[str, str]:
    """("complete" | "failed" | "running", reason) from a Job's conditions."""
    for condition in (job.get("status") or {}).get("conditions") or []:
        if condition.get("status") != "True":
            continue
        if condition.get("type") == "Complete":
            return "complete", ""
        if condition.get("type") == "Failed":
            return "failed", condition.get("reason") or "Failed"
    return "running", ""


def mounted_api_key(
    ref: SecretKeyRef, namespace: str, environ: Mapping[str, str] = os.environ, *, env: str = API_KEY_ENV
) -> str:
    """In an iteration pod: the key the Job's env carries for `ref`; SecretKeyError (one
    readable line) when the Secret or its key does not exist."""
    value = environ.get(env)
    if value is None:
        raise SecretKeyError(f'Secret "{ref.name}" (key {ref.key}) not found in namespace "{namespace}"')
    return value

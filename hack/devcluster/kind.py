"""The cluster tests on kind: `pytest --cluster=kind` (`make test-kind`).

pytest-kind-ng's ``kind_cluster`` fixture creates the cluster (its ``KindCluster``: `kind
create cluster --name --kubeconfig --image`, the kind and kubectl binaries given by path, so
it downloads nothing) and deletes it at the end unless ``--keep-cluster``. This module adds
what the suite needs on it, as a plan of commands run through that ``KindCluster``: the
project's image built (`docker build`) and loaded (`kind load docker-image`), the CRDs and the
operator installed from manifests/ (the in-cluster path: its own RBAC, its webhook behind its
Service), and ``InClusterOperator``, a handle on that operator with the methods the e2e tests
use of a local one.

Not run on the machines this project is developed on (they have no container engine): the
plan is unit-tested (tests/unit/test_kind.py), a run on kind is not.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .controlplane import ExternalCluster
from .local_operator import CRD_SELECTOR, CRDS_DIR, REPO_ROOT, WEBHOOK_CONFIGURATION

JSON = dict[str, Any]

# kind v0.33.0's node image nearest the Kubernetes pinned in hack/go.mod (v1.36.3); kind
# supports a node image only with the release that built it, hence the digest.
NODE_IMAGE = (
    "kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed"
)
CLUSTER_NAME = "tornado-test"
# The in-cluster install: the same overlay tests/e2e/test_in_cluster.py installs locally.
OVERLAY = REPO_ROOT / "manifests" / "overlays" / "self-signed"
OPERATOR_NAMESPACE = "tornado-system"
OPERATOR_DEPLOYMENT = "tornado-operator"
OPERATOR_SELECTOR = "app.kubernetes.io/name=tornado-operator,app.kubernetes.io/component=operator"
METRICS_SERVICE = "svc/tornado-operator-metrics"
# What `docker build .` reads (.dockerignore allows only these): the image tag hashes them.
IMAGE_INPUTS = ("Dockerfile", ".dockerignore", "pyproject.toml", "README.md", "operator")


def image_tag(repo: Path = REPO_ROOT) -> str:
    """`tornado-operator:kind-<hash of the build inputs>`: a new tag whenever the image would
    differ, so a node never runs a stale image under a reused tag (imagePullPolicy IfNotPresent)."""
    digest = hashlib.sha256()
    for name in IMAGE_INPUTS:
        root = repo / name
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if not path.is_file() or "__pycache__" in path.parts or ".egg-info" in str(path):
                continue
            digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes() + b"\0")
    return f"tornado-operator:kind-{digest.hexdigest()[:12]}"


def render_in_cluster_manifests(
    kubectl: Callable[..., str], image: str | None = None
) -> list[JSON]:
    """`kubectl kustomize` of the self-signed overlay; with ``image``, the operator's image
    and ``TORNADO_IMAGE`` (the default image of the iteration Jobs) set to it."""
    docs = [doc for doc in _yaml_docs(kubectl("kustomize", str(OVERLAY))) if doc]
    if image is not None:
        for doc in docs:
            if doc["kind"] == "Deployment" and doc["metadata"]["name"] == OPERATOR_DEPLOYMENT:
                container = doc["spec"]["template"]["spec"]["containers"][0]
                container["image"] = image
                for env in container.get("env", []):
                    if env["name"] == "TORNADO_IMAGE":
                        env["value"] = image
    return docs


def _yaml_docs(text: str) -> list[Any]:
    import yaml

    return list(yaml.safe_load_all(text))


@dataclass(frozen=True)
class Step:
    """One command of the kind path: ``via`` is "docker", "kind" or "kubectl"."""

    via: str
    argv: tuple[str, ...]
    input: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class KindOptions:
    cluster_name: str = CLUSTER_NAME
    node_image: str = NODE_IMAGE
    kind_bin: str = "kind"
    kubectl_bin: str = "kubectl"
    kubeconfig: str = ""
    image: str = ""
    keep_cluster: bool = False


def plan(options: KindOptions, manifests: Sequence[JSON]) -> list[Step]:
    """Every command, in order: cluster, image, CRDs, then the operator (its webhook must not
    be registered before the CRDs it admits exist), then wait for it to roll out."""
    kind, kubectl = options.kind_bin, options.kubectl_bin
    return [
        Step("kind", (kind, "create", "cluster", f"--name={options.cluster_name}",
                      f"--kubeconfig={options.kubeconfig}", f"--image={options.node_image}")),
        Step("docker", ("docker", "build", "-t", options.image, str(REPO_ROOT))),
        Step("kind", (kind, "load", "docker-image", "--name", options.cluster_name, options.image)),
        Step("kubectl", (kubectl, "apply", "--server-side", "--force-conflicts", "-f", str(CRDS_DIR))),
        Step("kubectl", (kubectl, "wait", "--for=condition=Established", "--timeout=60s", "crd", "-l", CRD_SELECTOR)),
        Step("kubectl", (kubectl, "apply", "--server-side", "--force-conflicts", "-f", "-"),
             input=json.dumps({"apiVersion": "v1", "kind": "List", "items": list(manifests)})),
        Step("kubectl", (kubectl, "rollout", "status", f"deployment/{OPERATOR_DEPLOYMENT}",
                         "-n", OPERATOR_NAMESPACE, "--timeout=300s")),
    ]  # fmt: skip


def run_plan(steps: Sequence[Step], kind_cluster: Any) -> None:
    """Run ``steps`` through pytest-kind's ``KindCluster`` (docker directly)."""
    for step in steps:
        if step.via == "docker":
            subprocess.run(list(step.argv), check=True)
        elif step.via == "kind" and step.argv[1:3] == ("create", "cluster"):
            kind_cluster.create()  # re-uses the cluster the fixture made
        elif step.via == "kind" and step.argv[1:3] == ("load", "docker-image"):
            kind_cluster.load_docker_image(step.argv[-1])
        elif step.via == "kubectl":
            kind_cluster.kubectl(*step.argv[1:], input=step.input)
        else:
            raise ValueError(f"unknown step {step}")


class KindTarget(ExternalCluster):
    """The kind cluster as the suite's ``cluster`` fixture: an ``ExternalCluster`` that also
    carries pytest-kind's ``KindCluster`` (``kind``) and the loaded image (``image``)."""

    def __init__(self, kind_cluster: Any, image: str) -> None:
        super().__init__(kind_cluster.kubeconfig_path)
        self.kind = kind_cluster
        self.image = image


def fill_plugin_options(option: Any, which: Callable[[str], str | None], local_kubectl: Path) -> None:
    """pytest-kind-ng downloads kind and kubectl unless given paths, and uses kind's default
    node image: point it at the binaries here and the pinned image (``option``: pytest's
    ``config.option``; what the user gave is kept)."""
    option.kind_bin = option.kind_bin or which("kind")
    option.kind_kubectl_bin = option.kind_kubectl_bin or (
        str(local_kubectl) if local_kubectl.is_file() else which("kubectl")
    )
    option.kind_image = option.kind_image or NODE_IMAGE
    if option.cluster_name == "pytest-kind":  # pytest-kind-ng's own default
        option.cluster_name = CLUSTER_NAME


def options_for(kind_cluster: Any, *, keep_cluster: bool, image: str | None = None) -> KindOptions:
    """The options of a run, from pytest-kind's ``KindCluster`` as its fixture made it."""
    return KindOptions(
        cluster_name=kind_cluster.name,
        node_image=kind_cluster.image or NODE_IMAGE,
        kind_bin=str(kind_cluster.kind_path),
        kubectl_bin=str(kind_cluster.kubectl_path),
        kubeconfig=str(kind_cluster.kubeconfig_path),
        image=image or image_tag(),
        keep_cluster=keep_cluster,
    )


def prepare(kind_cluster: Any, *, keep_cluster: bool) -> KindTarget:
    """Build and load the image, install the CRDs and the operator; the cluster to test."""
    options = options_for(kind_cluster, keep_cluster=keep_cluster)
    manifests = render_in_cluster_manifests(kind_cluster.kubectl, options.image)
    run_plan(plan(options, manifests), kind_cluster)
    return KindTarget(kind_cluster, options.image)


class InClusterOperator:
    """The operator installed from manifests/, behind the interface of ``LocalOperator`` that
    the e2e tests use: start/stop scale the Deployment, kill force-deletes its pods, logs are
    `kubectl logs`, metrics are reached through pytest-kind's port-forward."""

    def __init__(self, cluster: Any, replicas: int = 1) -> None:
        # One replica (the manifests run two): metrics and logs then come from the one leader.
        self.cluster = cluster
        self.replicas = replicas
        self.extra_args: list[str] = []
        self._forwards = ExitStack()
        self._metrics_port = 0

    def _kubectl(self, *args: str, check: bool = True) -> str:
        return str(self.cluster.kubectl(*args, "-n", OPERATOR_NAMESPACE, check=check).stdout)

    def start(self, *, wait: bool = True, timeout: float = 300) -> None:
        self._kubectl("scale", f"deployment/{OPERATOR_DEPLOYMENT}", f"--replicas={self.replicas}")
        if wait:
            self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 300) -> None:
        self._kubectl(
            "rollout", "status", f"deployment/{OPERATOR_DEPLOYMENT}", f"--timeout={int(timeout)}s"
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            hook = self.cluster.kubectl("get", "validatingwebhookconfiguration", WEBHOOK_CONFIGURATION,
                                        "-o", "jsonpath={.webhooks[0].clientConfig.caBundle}", check=False)  # fmt: skip
            if hook.returncode == 0 and hook.stdout.strip():
                return
            time.sleep(1)
        raise TimeoutError("the in-cluster operator did not inject its webhook CA bundle")

    def stop(self) -> None:
        self._forwards.close()
        self._metrics_port = 0
        self._kubectl("scale", f"deployment/{OPERATOR_DEPLOYMENT}", "--replicas=0")
        self._kubectl(
            "wait", "--for=delete", "pod", "-l", OPERATOR_SELECTOR, "--timeout=120s", check=False
        )

    def kill(self) -> None:
        """Force-delete the pods (no graceful stop), and keep them down until ``start``."""
        self._forwards.close()
        self._metrics_port = 0
        self._kubectl("scale", f"deployment/{OPERATOR_DEPLOYMENT}", "--replicas=0")
        self._kubectl(
            "delete", "pod", "-l", OPERATOR_SELECTOR, "--grace-period=0", "--force", check=False
        )

    def restart(
        self, extra_args: Sequence[str] | None = None, *, webhook: bool | None = None
    ) -> None:
        """The in-cluster webhook is always on (``webhook`` is accepted and ignored); a removed
        webhook configuration is applied again from the manifests."""
        del webhook
        if extra_args is not None and list(extra_args) != self.extra_args:
            raise NotImplementedError("extra operator flags on kind: change manifests/ instead")
        self.stop()
        docs = render_in_cluster_manifests(
            lambda *a: str(self.cluster.kubectl(*a).stdout), getattr(self.cluster, "image", None)
        )
        hooks = [d for d in docs if d["kind"] == "ValidatingWebhookConfiguration"]
        self.cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", "-",
                             input=json.dumps({"apiVersion": "v1", "kind": "List", "items": hooks}))  # fmt: skip
        self.start()

    @property
    def metrics_port(self) -> int:
        if not self._metrics_port:
            kind = self.cluster.kind
            self._metrics_port = self._forwards.enter_context(
                kind.port_forward(METRICS_SERVICE, 8000, "-n", OPERATOR_NAMESPACE)
            )
        return self._metrics_port

    def logs(self) -> str:
        return self._kubectl("logs", "-l", OPERATOR_SELECTOR, "--prefix", "--tail=-1", check=False)

"""The kind path (`make test-kind`, `pytest --cluster=kind`) as far as it runs without Docker:
the option, the one-line stop when Docker or kind is missing, the plan of commands (image tag,
load, apply order) driven through pytest-kind-ng's real ``KindCluster``, and the manifests
(the same ones the local e2e test installs)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from pytest_kind import KindCluster

from devcluster import kind, kind_preflight

REPO = Path(__file__).resolve().parents[2]
TAG = "tornado-operator:kind-0123456789ab"


def kubectl_bin() -> str:
    local = REPO / "hack" / "bin" / "kubectl"
    assert local.is_file(), "hack/bin/kubectl is missing: build it with `make k8s-bins`"
    return str(local)


def kubectl(*args: str) -> str:
    return subprocess.run([kubectl_bin(), *args], capture_output=True, text=True, check=True).stdout


def pytest_run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args, "tests/unit/test_kind.py", "--co", "-q"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def docker_dir() -> str:
    docker = shutil.which("docker")
    assert docker, "this test needs the docker client (not the engine) on PATH"
    return str(Path(docker).parent)


# -- the option and the one-line stop ------------------------------------------------------


def test_cluster_option_rejects_an_unknown_value() -> None:
    result = pytest_run("--cluster=kube", env=dict(os.environ))
    assert result.returncode == 4
    assert "argument --cluster: invalid choice: 'kube' (choose from 'local', 'kind')" in result.stderr


def test_cluster_kind_without_docker_or_kind_stops_at_once_in_one_line(tmp_path: Path) -> None:
    result = pytest_run("--cluster=kind", env={"PATH": str(tmp_path), "HOME": str(tmp_path)})
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "cannot run here" in line]
    assert lines == [
        "Exit: --cluster=kind cannot run here: docker: not on PATH (install Docker Engine and start it); "
        "kind: 'kind' not found (go install sigs.k8s.io/kind@v0.33.0, or KIND=/path/to/kind)"
    ]
    assert "collected" not in result.stdout  # stopped before collecting anything


def test_make_test_kind_without_an_engine_exits_non_zero_with_the_reason() -> None:
    env = dict(os.environ, DOCKER_HOST="unix:///nonexistent/docker.sock")
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    result = subprocess.run(["make", "-s", "test-kind"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if not line.startswith(("make: ", "make["))]
    assert len(ours) == 1 and ours[0].startswith("make test-kind cannot run here: Docker engine: not reachable ("), result.stderr
    assert "Cannot connect to the Docker daemon" in ours[0]
    assert result.stdout == ""  # nothing else ran: no venv step, no pytest


def test_preflight_finds_kind_given_by_path_or_on_path(tmp_path: Path) -> None:
    fake = tmp_path / "kind"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    env = {"PATH": f"{docker_dir()}:{tmp_path}", "DOCKER_HOST": "unix:///nonexistent/docker.sock"}
    on_path = kind_preflight.missing(env)
    assert [p.split(":")[0] for p in on_path] == ["Docker engine"]  # kind found, the engine not
    assert [p.split(":")[0] for p in kind_preflight.missing(env, kind_bin=str(fake))] == ["Docker engine"]
    missing_kind = kind_preflight.missing(env, kind_bin=str(tmp_path / "nope"))
    assert [p.split(":")[0] for p in missing_kind] == ["Docker engine", "kind"]


def test_plugin_options_get_local_binaries_and_the_pinned_image(tmp_path: Path) -> None:
    local_kubectl = tmp_path / "kubectl"
    local_kubectl.write_text("")
    option = SimpleNamespace(kind_bin=None, kind_kubectl_bin=None, kind_image=None, cluster_name="pytest-kind")
    kind.fill_plugin_options(option, lambda name: f"/usr/bin/{name}", local_kubectl)
    assert vars(option) == {
        "kind_bin": "/usr/bin/kind",
        "kind_kubectl_bin": str(local_kubectl),
        "kind_image": kind.NODE_IMAGE,
        "cluster_name": kind.CLUSTER_NAME,
    }
    given = SimpleNamespace(kind_bin="/opt/kind", kind_kubectl_bin="/opt/kubectl", kind_image="kindest/node:x", cluster_name="mine")
    kind.fill_plugin_options(given, lambda name: None, tmp_path / "absent")
    assert vars(given) == {"kind_bin": "/opt/kind", "kind_kubectl_bin": "/opt/kubectl", "kind_image": "kindest/node:x", "cluster_name": "mine"}
    assert kind.NODE_IMAGE.startswith("kindest/node:v1.36.") and "@sha256:" in kind.NODE_IMAGE


# -- the image tag -------------------------------------------------------------------------


def test_image_tag_follows_the_build_inputs_only(tmp_path: Path) -> None:
    for name in ("Dockerfile", ".dockerignore", "pyproject.toml", "README.md"):
        (tmp_path / name).write_text(name)
    (tmp_path / "operator" / "pkg").mkdir(parents=True)
    (tmp_path / "operator" / "pkg" / "a.py").write_text("x = 1\n")
    first = kind.image_tag(tmp_path)
    assert first.startswith("tornado-operator:kind-") and len(first.rsplit("-", 1)[1]) == 12
    assert kind.image_tag(tmp_path) == first
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.py").write_text("not in the image\n")
    (tmp_path / "operator" / "pkg" / "__pycache__").mkdir()
    (tmp_path / "operator" / "pkg" / "__pycache__" / "a.pyc").write_bytes(b"\0")
    assert kind.image_tag(tmp_path) == first
    (tmp_path / "operator" / "pkg" / "a.py").write_text("x = 2\n")
    assert kind.image_tag(tmp_path) != first


# -- the plan ------------------------------------------------------------------------------


def options(**overrides: Any) -> kind.KindOptions:
    base = {"kind_bin": "/k/kind", "kubectl_bin": "/k/kubectl", "kubeconfig": "/k/kubeconfig", "image": TAG}
    return kind.KindOptions(**(base | overrides))


def test_plan_builds_loads_then_installs_crds_before_the_operator() -> None:
    manifests = kind.render_in_cluster_manifests(kubectl, TAG)
    steps = kind.plan(options(), manifests)
    assert [step.argv for step in steps] == [
        ("/k/kind", "create", "cluster", "--name=tornado-test", "--kubeconfig=/k/kubeconfig", f"--image={kind.NODE_IMAGE}"),
        ("docker", "build", "-t", TAG, str(REPO)),
        ("/k/kind", "load", "docker-image", "--name", "tornado-test", TAG),
        ("/k/kubectl", "apply", "--server-side", "--force-conflicts", "-f", str(REPO / "crds")),
        ("/k/kubectl", "wait", "--for=condition=Established", "--timeout=60s", "crd", "-l", "app.kubernetes.io/name=tornado-operator"),
        ("/k/kubectl", "apply", "--server-side", "--force-conflicts", "-f", "-"),
        ("/k/kubectl", "rollout", "status", "deployment/tornado-operator", "-n", "tornado-system", "--timeout=300s"),
    ]
    applied = json.loads(steps[5].input or "")["items"]
    assert applied == manifests
    deployment = next(d for d in applied if d["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == TAG  # the image that was loaded, not pulled
    assert {e["name"]: e.get("value") for e in container["env"]}["TORNADO_IMAGE"] == TAG  # the Jobs' image too
    assert container["imagePullPolicy"] == "IfNotPresent"


def test_the_plan_is_what_pytest_kind_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the plan's kind and kubectl steps through a real ``KindCluster`` whose binaries
    record their arguments: what it runs is exactly what the plan says."""
    calls = tmp_path / "calls.jsonl"
    recorder = (
        f"#!{sys.executable}\n"
        "import json, sys\n"
        "args = sys.argv[1:]\n"
        "stdin = sys.stdin.read() if args[:1] == ['apply'] and '-' in args else None\n"
        f"open({str(calls)!r}, 'a').write(json.dumps([sys.argv[0].rsplit('/', 1)[1], args, stdin]) + '\\n')\n"
        "for a in args:\n"
        "    if a.startswith('--kubeconfig='):\n"
        "        open(a.split('=', 1)[1], 'w').write('apiVersion: v1\\nkind: Config\\ncurrent-context: c\\n'\n"
        "            'clusters: [{name: c, cluster: {server: \"https://127.0.0.1:6443\"}}]\\n'\n"
        "            'users: [{name: u, user: {}}]\\ncontexts: [{name: c, context: {cluster: c, user: u}}]\\n')\n"
    )
    for name in ("kind", "kubectl"):
        (tmp_path / name).write_text(recorder)
        (tmp_path / name).chmod(0o755)
    monkeypatch.chdir(tmp_path)  # KindCluster keeps its files under ./.pytest-kind/
    cluster = KindCluster(
        "tornado-test", kubeconfig=tmp_path / "kubeconfig", image=kind.NODE_IMAGE,
        kind_path=tmp_path / "kind", kubectl_path=tmp_path / "kubectl",
    )  # fmt: skip
    opts = kind.options_for(cluster, keep_cluster=False, image=TAG)
    assert opts == options(kind_bin=str(tmp_path / "kind"), kubectl_bin=str(tmp_path / "kubectl"), kubeconfig=str(tmp_path / "kubeconfig"))
    steps = [s for s in kind.plan(opts, kind.render_in_cluster_manifests(kubectl, TAG)) if s.via != "docker"]
    kind.run_plan(steps, cluster)
    recorded = [json.loads(line) for line in calls.read_text().splitlines()]
    assert recorded[0] == ["kind", ["get", "clusters"], None]  # pytest-kind checks before it creates
    ran = [(exe, tuple(args)) for exe, args, _ in recorded[1:]]
    assert ran == [(Path(s.argv[0]).name, s.argv[1:]) for s in steps]
    manifest_input = next(stdin for _, args, stdin in recorded if stdin is not None)
    assert manifest_input == steps[4].input


# -- the manifests -------------------------------------------------------------------------


def test_kind_installs_the_overlay_the_local_e2e_test_installs_with_only_the_image_changed() -> None:
    local = kind.render_in_cluster_manifests(kubectl)
    assert local == [d for d in yaml.safe_load_all(kubectl("kustomize", str(REPO / "manifests" / "overlays" / "self-signed"))) if d]
    on_kind = kind.render_in_cluster_manifests(kubectl, TAG)
    assert len(on_kind) == len(local)
    changed = [(a["kind"], a["metadata"]["name"]) for a, b in zip(local, on_kind, strict=True) if a != b]
    assert changed == [("Deployment", "tornado-operator")]
    # tests/e2e/test_in_cluster.py renders what it installs with this same function.
    spec = importlib.util.spec_from_file_location("e2e_in_cluster", REPO / "tests" / "e2e" / "test_in_cluster.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render_in_cluster_manifests is kind.render_in_cluster_manifests

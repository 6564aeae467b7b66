"""Replay the Dockerfile's builder stage without a container engine (none exists here).

The builder's COPY instructions are replayed into a temporary root, its RUN instructions run
with the image paths (/src, /opt/tornado, /wheels) mapped into that root, and the result is
checked the way the image is used: `tornado --help` and `tornado crds --check` from the fresh
virtualenv, with the package imported from that virtualenv and not from the repository.
What this cannot show: that the base image exists and the image builds and runs; see
docs/deploy.md ("What was verified").
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def dockerfile_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_tornado_dockerfile", ROOT / "tests" / "unit" / "test_dockerfile.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def base_python() -> str:
    """The interpreter the virtualenv is made from (the base of this venv, like the image's)."""
    return str(getattr(sys, "_base_executable", None) or sys.executable)


def test_builder_stage_installs_a_working_cli(tmp_path: Path) -> None:
    df = dockerfile_module()
    builder = df.load()[0]
    assert builder.name == "builder"

    root = tmp_path / "root"
    mapping = {
        "/opt/tornado": root / "opt" / "tornado",
        "/wheels": root / "wheels",
        "/src": root / "src",
    }
    workdir = "/"

    def host(path: str) -> Path:
        for image_path, local in mapping.items():
            if path == image_path or path.startswith(image_path + "/"):
                return Path(str(local) + path[len(image_path) :])
        raise AssertionError(f"image path {path} is not mapped for the replay")

    def translate(command: str) -> str:
        for image_path in sorted(mapping, key=len, reverse=True):
            command = command.replace(image_path, str(mapping[image_path]))
        return command

    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "python").symlink_to(base_python())
    env = {
        key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env["PATH"] = os.pathsep.join([str(shims), env.get("PATH", "")])
    for item in builder.all("ENV"):
        for assignment in item.value.split():
            key, _, value = assignment.partition("=")
            env[key] = value
    # The image build starts with an empty pip cache; here the local cache makes it quick.
    env.pop("PIP_NO_CACHE_DIR", None)

    replayed: list[str] = []
    for item in builder.instructions:
        if item.keyword == "WORKDIR":
            workdir = item.value
            host(workdir).mkdir(parents=True, exist_ok=True)
        elif item.keyword == "COPY":
            # Docker's rules: a folder source copies its contents into the destination; a
            # destination ending in "/" is a folder; a relative destination is under WORKDIR.
            *sources, destination = item.value.split()
            absolute = (
                destination
                if destination.startswith("/")
                else f"{workdir.rstrip('/')}/{destination}"
            )
            target = host(absolute.rstrip("/").removesuffix("/.") or "/")
            for source in sources:
                origin = ROOT / source
                assert origin.exists(), f"COPY source {source} is missing from the repository"
                if origin.is_dir():
                    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
                    shutil.copytree(origin, target, ignore=ignore, dirs_exist_ok=True)
                else:
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(origin, target / origin.name)
        elif item.keyword == "RUN":
            command = translate(item.value)
            replayed.append(command)
            result = subprocess.run(
                ["/bin/sh", "-c", command],
                cwd=host(workdir),
                env=env,
                capture_output=True,
                text=True,
                timeout=480,
            )
            assert result.returncode == 0, (
                f"RUN {item.value}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
    assert any("pip install" in command for command in replayed)

    venv_bin = mapping["/opt/tornado"] / "bin"
    tornado = venv_bin / "tornado"
    assert tornado.is_file()
    run_env = {key: value for key, value in env.items() if key != "PYTHONPATH"}

    help_text = subprocess.run(
        [str(tornado), "--help"],
        capture_output=True,
        text=True,
        env=run_env,
        cwd=tmp_path,
        timeout=60,
    )
    assert help_text.returncode == 0, help_text.stderr
    assert "crds" in help_text.stdout

    check = subprocess.run(
        [str(tornado), "crds", "--check", "-o", str(ROOT / "crds")],
        capture_output=True,
        text=True,
        env=run_env,
        cwd=tmp_path,
        timeout=60,
    )
    assert check.returncode == 0, check.stderr

    where = subprocess.run(
        [
            str(venv_bin / "python"),
            "-c",
            "import tornado_operator, sys; print(tornado_operator.__file__)",
        ],
        capture_output=True,
        text=True,
        env=run_env,
        cwd=tmp_path,
        timeout=60,
    )
    assert where.returncode == 0, where.stderr
    assert str(mapping["/opt/tornado"]) in where.stdout, (
        "the package must come from the installed wheel"
    )
    # The wheel carries the typing marker and no tests.
    installed = Path(where.stdout.strip()).parent
    assert (installed / "py.typed").is_file()
    assert not list(installed.parent.glob("tests"))

"""The Dockerfile, checked without a container engine (none exists on the build machines).

A small parser reads the instructions; tests/integration/test_image_install.py reuses it
(loaded by path) to replay the builder stage's install steps in a fresh virtualenv.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

PINNED_BASE = re.compile(
    r"^(docker\.io/library/)?python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?$"
)


@dataclass
class Instruction:
    keyword: str  # upper case: FROM, RUN, COPY...
    value: str  # the rest of the (joined) line
    line: int

    def exec_form(self) -> list[str] | None:
        """The JSON array of an exec-form ENTRYPOINT/CMD/RUN, or None for the shell form."""
        if not self.value.startswith("["):
            return None
        parsed = json.loads(self.value)
        assert isinstance(parsed, list) and all(isinstance(item, str) for item in parsed)
        return parsed


@dataclass
class Stage:
    base: str  # the FROM image with build args substituted
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [item for item in self.instructions if item.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


def parse(text: str) -> list[Instruction]:
    """Instructions of a Dockerfile: comments dropped, backslash continuations joined."""
    instructions: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # comment lines inside a continued instruction are ignored by Docker
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1].strip())
            continue
        pending.append(stripped)
        joined = " ".join(part for part in pending if part)
        pending = []
        keyword, _, value = joined.partition(" ")
        instructions.append(Instruction(keyword.upper(), value.strip(), start))
    assert not pending, "Dockerfile ends inside a continued instruction"
    return instructions


def substitute(value: str, args: dict[str, str]) -> str:
    def repl(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return args.get(name, match.group(0))

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", repl, value)


def arg_default(value: str) -> tuple[str, str | None]:
    name, sep, default = value.partition("=")
    return name.strip(), (default.strip().strip('"') if sep else None)


def stages(instructions: list[Instruction]) -> list[Stage]:
    global_args: dict[str, str] = {}
    result: list[Stage] = []
    for item in instructions:
        if item.keyword == "ARG" and not result:
            name, default = arg_default(item.value)
            if default is not None:
                global_args[name] = default
            continue
        if item.keyword == "FROM":
            parts = item.value.split()
            parts = [part for part in parts if not part.startswith("--platform")]
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            result.append(Stage(substitute(parts[0], global_args), name))
            continue
        assert result, f"line {item.line}: {item.keyword} before the first FROM"
        result[-1].instructions.append(item)
    return result


def load() -> list[Stage]:
    return stages(parse(DOCKERFILE.read_text()))


def dockerignore_patterns() -> list[str]:
    lines = [line.strip() for line in DOCKERIGNORE.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _pattern_regex(pattern: str) -> str:
    """Docker's .dockerignore glob (Go filepath.Match plus '**') as a regular expression."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return "".join(out)


def ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins, '!' re-includes; a match on a parent
    folder excludes everything under it."""
    parts = path.strip("/").split("/")
    candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        body = (pattern[1:] if negate else pattern).strip("/")
        regex = _pattern_regex(body)
        if any(re.fullmatch(regex, candidate) for candidate in candidates):
            result = not negate
    return result


# --------------------------------------------------------------------------------------------


def test_multi_stage_with_a_pinned_slim_python_base() -> None:
    all_stages = load()
    assert len(all_stages) >= 2, "expected a builder stage and a runtime stage"
    assert all_stages[0].name == "builder"
    for stage in all_stages:
        assert PINNED_BASE.match(stage.base), (
            f"base image not pinned to python:3.11.<patch>-slim-bookworm: {stage.base}"
        )
        assert not stage.base.endswith(":latest")
    # Both stages on the same base: the venv's interpreter symlink must resolve at run time.
    assert len({stage.base for stage in all_stages}) == 1


def test_runtime_runs_as_non_root_user_10001() -> None:
    runtime = load()[-1]
    user = runtime.last("USER")
    assert user is not None, "the runtime stage has no USER"
    uid, _, gid = user.value.partition(":")
    assert uid == "10001", "numeric uid, so runAsNonRoot can verify it"
    assert gid in ("", "10001")
    # USER comes after every RUN/COPY of the runtime stage that needs root.
    assert all(item.line < user.line for item in runtime.all("RUN"))


def test_entrypoint_and_default_command() -> None:
    runtime = load()[-1]
    entrypoint, cmd = runtime.last("ENTRYPOINT"), runtime.last("CMD")
    assert entrypoint is not None and entrypoint.exec_form() == ["tornado"]
    assert cmd is not None and cmd.exec_form() == ["operator"]


def test_package_installed_into_a_venv_and_copied() -> None:
    builder, runtime = load()[0], load()[-1]
    runs = " ".join(item.value for item in builder.all("RUN"))
    assert "python -m venv /opt/tornado" in runs
    assert "pip wheel" in runs and "pip install /wheels/" in runs
    copies = [item.value for item in runtime.all("COPY")]
    assert any(value.startswith("--from=builder /opt/tornado") for value in copies)
    # Nothing but the venv comes from the build context into the runtime stage.
    assert all(value.startswith("--from=") for value in copies)
    env = " ".join(item.value for item in runtime.all("ENV"))
    assert "PATH=/opt/tornado/bin:$PATH" in env


def test_nothing_written_outside_tmp_at_run_time() -> None:
    runtime = load()[-1]
    env = " ".join(item.value for item in runtime.all("ENV"))
    for setting in ("PYTHONDONTWRITEBYTECODE=1", "HOME=/tmp", "TMPDIR=/tmp"):
        assert setting in env
    assert not runtime.all("VOLUME"), "volumes come from the pod spec (an emptyDir on /tmp)"


def test_oci_labels() -> None:
    runtime = load()[-1]
    labels = " ".join(item.value for item in runtime.all("LABEL"))
    for key in ("title", "description", "source", "licenses", "version", "revision", "created"):
        assert f"org.opencontainers.image.{key}=" in labels


def test_ports_match_the_operator_flags() -> None:
    runtime = load()[-1]
    exposed = {port for item in runtime.all("EXPOSE") for port in item.value.split()}
    assert exposed == {"8000", "8080", "9443"}


def test_copy_sources_exist_and_are_in_the_build_context() -> None:
    patterns = dockerignore_patterns()
    for stage in load():
        for item in stage.all("COPY"):
            if item.value.startswith("--from="):
                continue
            *sources, _destination = item.value.split()
            for source in sources:
                assert (ROOT / source).exists(), (
                    f"line {item.line}: COPY source {source} does not exist"
                )
                assert not ignored(source, patterns), (
                    f"line {item.line}: {source} is excluded by .dockerignore"
                )


@pytest.mark.parametrize(
    "path",
    [
        ".venv",
        ".venv/bin/python",
        "hack/bin/kubectl",
        ".git/config",
        "out/x",
        "tests/unit/test_dockerfile.py",
        ".pytest_cache",
        "operator/tornado_operator/__pycache__/x.pyc",
        "operator/tornado_operator.egg-info/PKG-INFO",
        ".cluster/kubeconfig",
    ],
)
def test_dockerignore_keeps_local_state_out(path: str) -> None:
    assert ignored(path, dockerignore_patterns())


@pytest.mark.parametrize(
    "path", ["pyproject.toml", "README.md", "operator/tornado_operator/cli/main.py"]
)
def test_dockerignore_keeps_the_sources(path: str) -> None:
    assert not ignored(path, dockerignore_patterns())


def test_parser_joins_continuations_and_drops_comments() -> None:
    parsed = parse('# c\nARG A=x\nFROM img:${A} AS b\nRUN one \\\n  # inner\n  two\nCMD ["a"]\n')
    assert [(item.keyword, item.value) for item in parsed] == [
        ("ARG", "A=x"),
        ("FROM", "img:${A} AS b"),
        ("RUN", "one two"),
        ("CMD", '["a"]'),
    ]
    assert stages(parsed)[0].base == "img:x"

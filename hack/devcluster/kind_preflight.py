"""What `make test-kind` needs before it starts: a reachable Docker engine and kind.

Standard library only, so that `python3 hack/devcluster/kind_preflight.py` answers at once on
a fresh clone, before any virtualenv is made. Prints nothing and exits 0 when all is there;
otherwise one line naming what is missing and how to get it, exit 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

# The kind release whose node image kind.py pins (kindest/node v1.36.4 is built for it).
KIND_VERSION = "v0.33.0"


def missing(env: Mapping[str, str] | None = None, kind_bin: str | None = None) -> list[str]:
    """Each missing piece as "what: why (how to get it)"; empty when everything is there."""
    env = dict(os.environ if env is None else env)
    path = env.get("PATH", "")
    problems: list[str] = []
    docker = shutil.which("docker", path=path)
    if docker is None:
        problems.append("docker: not on PATH (install Docker Engine and start it)")
    else:
        try:
            info = subprocess.run(
                [docker, "info", "--format", "{{.ServerVersion}}"],
                env=env, capture_output=True, text=True, timeout=20, check=False,
            )  # fmt: skip
            reason = (info.stderr.strip().splitlines() or [f"exit {info.returncode}"])[-1]
            if info.returncode != 0 or not info.stdout.strip():
                problems.append(f"Docker engine: not reachable ({reason}; start dockerd)")
        except subprocess.TimeoutExpired:
            problems.append("Docker engine: `docker info` did not answer in 20 s (start dockerd)")
    kind = kind_bin or env.get("KIND") or "kind"
    if (
        shutil.which(kind, path=path)
        if os.sep not in kind
        else (kind if os.access(kind, os.X_OK) else None)
    ) is None:
        problems.append(
            f"kind: {kind!r} not found (go install sigs.k8s.io/kind@{KIND_VERSION}, or KIND=/path/to/kind)"
        )
    return problems


def reason_line(problems: list[str], who: str = "make test-kind") -> str:
    return f"{who} cannot run here: " + "; ".join(problems)


def main() -> int:
    problems = missing()
    if problems:
        print(reason_line(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

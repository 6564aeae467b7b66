"""The tools `tornado report` and its tests use beyond Python (Graphviz, Chromium, hack/browser's
npm packages), installed by hack/install-report-tools.sh when missing: a test that needs one
and cannot have it fails saying why, it is never skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "hack" / "install-report-tools.sh"
BROWSER_DIR = REPO / "hack" / "browser"
CHECK_SCRIPT = BROWSER_DIR / "check.mjs"
CHROMIUM = Path("/usr/bin/chromium")


def _ready() -> bool:
    return (
        shutil.which("dot") is not None
        and CHROMIUM.exists()
        and (BROWSER_DIR / "node_modules" / ".tornado-stamp").is_file()
    )


def ensure_report_tools() -> None:
    """Run the installer unless everything is there (it is a no-op then anyway, but costs a hash)."""
    if _ready():
        return
    result = subprocess.run(["bash", str(INSTALLER)], capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
    if result.returncode != 0 or not _ready():
        pytest.fail(
            "the report's tools are missing and hack/install-report-tools.sh could not install them:\n"
            + (result.stderr[-2000:] or result.stdout[-2000:]),
            pytrace=False,
        )


def browser_check(*args: str, timeout: float = 180) -> dict[str, Any]:
    """Run hack/browser/check.mjs and return the JSON it prints; fail the test with its output otherwise."""
    ensure_report_tools()
    result = subprocess.run(
        ["node", str(CHECK_SCRIPT), *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    if result.returncode != 0:
        pytest.fail(f"node check.mjs {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}", pytrace=False)
    try:
        found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        pytest.fail(f"check.mjs printed no JSON:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}", pytrace=False)
    return found

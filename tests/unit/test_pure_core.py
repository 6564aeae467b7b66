"""The pure core (api, loop, engine) must not pull in Kubernetes or kopf."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_no_kubernetes() -> None:
    code = (
        "import sys, pkgutil, importlib, tornado_operator\n"
        "for pkg in ('api', 'loop', 'engine'):\n"
        "    base = importlib.import_module(f'tornado_operator.{pkg}')\n"
        "    for info in pkgutil.iter_modules(base.__path__):\n"
        "        importlib.import_module(f'tornado_operator.{pkg}.{info.name}')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('kubernetes', 'kopf'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"pure modules imported: {result.stdout.strip()}"

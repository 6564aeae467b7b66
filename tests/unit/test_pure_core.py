"""The pure core (api, formats, review, loop, engine and `tornado run`'s driver) must not pull in Kubernetes or kopf."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_no_kubernetes() -> None:
    code = (
        "import sys, pkgutil, importlib, tornado_operator\n"
        "importlib.import_module('tornado_operator.text')\n"
        "importlib.import_module('tornado_operator.drivers.local')\n"
        "for pkg in ('api', 'formats', 'review', 'loop', 'engine'):\n"
        "    base = importlib.import_module(f'tornado_operator.{pkg}')\n"
        "    for info in pkgutil.walk_packages(base.__path__, prefix=f'tornado_operator.{pkg}.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('kubernetes', 'kopf'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"pure modules imported: {result.stdout.strip()}"


def test_every_module_of_the_pure_core_was_imported() -> None:
    """walk_packages must reach the modules of the engine's subpackages (sim, judge, repair, ...)."""
    code = (
        "import pkgutil, importlib, tornado_operator.engine as e\n"
        "print(sorted(i.name for i in pkgutil.walk_packages(e.__path__, prefix='tornado_operator.engine.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    for module in ("sim.routing", "judge.checks.transferred", "repair.strategies.routing", "backends.offline"):
        assert f"tornado_operator.engine.{module}" in result.stdout

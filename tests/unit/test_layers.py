"""The package's import graph: no cycles, and no import from a lower layer to a higher one.

Read with the standard library's ast from the source (every `import` and `from ... import`,
including those inside functions and under TYPE_CHECKING: a type-only import is still a
dependency a reader has to follow). Layers, lowest first:

    text < api < formats < review < loop < engine < controller (with metrics, logging_setup) < drivers < report < webhook < cli

and inside the engine:

    errors < sim < judge < repair < ports < backends < iteration < authoring < bench
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "operator" / "tornado_operator"
ROOT = "tornado_operator"

LAYERS = ["__init__", "text", "api", "formats", "review", "loop", "engine", "controller", "drivers", "report", "webhook", "cli"]
SAME_AS = {"metrics": "controller", "metrics_endpoint": "webhook", "logging_setup": "controller", "__main__": "cli"}
ENGINE_LAYERS = ["__init__", "errors", "sim", "judge", "repair", "ports", "backends", "iteration", "authoring", "bench"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str, known: dict[str, Path]) -> str | None:
    """The project module a dotted import name refers to (a module, or the package it names)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod when there is one
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        for name in names:
            if name == ROOT or name.startswith(ROOT + "."):
                target = resolve(name, known)
                if target is not None and target != module:
                    found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {module: imports_of(module, path, known) for module, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(edges.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer(module: str) -> tuple[int, int]:
    """(package layer, engine sub-layer) of a module."""
    parts = module.split(".")[1:] or ["__init__"]
    top = SAME_AS.get(parts[0], parts[0])
    if top not in LAYERS:
        raise AssertionError(f"{module}: top-level part {top!r} has no layer in test_layers.LAYERS; add it")
    sub = 0
    if top == "engine":
        inner = parts[1] if len(parts) > 1 else "__init__"
        if inner not in ENGINE_LAYERS:
            raise AssertionError(f"{module}: engine part {inner!r} has no layer in test_layers.ENGINE_LAYERS; add it")
        sub = ENGINE_LAYERS.index(inner)
    return LAYERS.index(top), sub


def test_the_import_graph_is_read() -> None:
    edges = graph()
    assert "tornado_operator.engine.sim.routing" in edges["tornado_operator.engine.backends.offline"] or any(
        target.startswith("tornado_operator.engine.sim") for target in edges["tornado_operator.engine.backends.offline"]
    )
    assert "tornado_operator.loop.selection" in edges["tornado_operator.controller.sessions"]
    assert len(edges) > 80


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_runs_from_a_lower_layer_to_a_higher_one() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in sorted(graph().items())
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]
    assert upward == []


@pytest.mark.parametrize(
    ("low", "high"),
    [("tornado_operator.api.results", "tornado_operator.loop.decide"),
     ("tornado_operator.engine.sim.interpreter", "tornado_operator.engine.judge.evaluate"),
     ("tornado_operator.engine.repair.plan", "tornado_operator.engine.backends.offline")],
)
def test_the_layer_order_is_the_documented_one(low: str, high: str) -> None:
    assert layer(low) < layer(high)

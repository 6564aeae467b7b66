"""Extraction (config_change): a VARIABLE_EXTRACTED variable was never extracted (or has the
wrong value) although the caller said it. A pattern for the form the caller used is derived
from the value's shape (digit runs -> \\d{n}, separators between them optional, letters ->
[A-Za-z]{n}, e-mail, else the literal) or from the assertion's own pattern, and set on the node
the caller said it on.

Widen, never replace: when the node already has a pattern for the variable, the new pattern is
an alternation of the old one and the new form, so every value extracted before still is (the
old form first, unless it captured a wrong value from this caller's turn).
"""

from __future__ import annotations

import re

from tornado_operator.api.scenario import VariableExtractedConfig
from tornado_operator.engine.judge.context import value_text
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.repair.words import captures, shape_pattern
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import RoutingEvent


def separator_pattern(value: str) -> str | None:
    """For a value made of digit runs and separators ("415 555 0100", "AB-1234"): the same runs
    with any one separator (space, dash, dot) or none between them; None for other values."""
    runs = re.findall(r"\d+|[A-Za-z]+|[\s.\-/]+", value)
    if "".join(runs) != value or not any(run.isdigit() for run in runs) or not any(not run.isalnum() for run in runs):
        return None
    parts: list[str] = []
    for run in runs:
        if run.isdigit():
            parts.append(rf"\d{{{len(run)}}}")
        elif run.isalpha():
            parts.append(rf"[A-Za-z]{{{len(run)}}}")
        else:
            parts.append(r"[\s.\-/]?")
    return r"\b(" + "".join(parts) + r")\b"


def _first_group(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return None
    if not match.re.groups:
        return match.group(0)
    return next((group for group in match.groups() if group is not None), None)


def _forms(config: VariableExtractedConfig, event: RoutingEvent) -> list[tuple[str, str]]:
    """(pattern, where it comes from) for the forms that capture the right value from this turn."""
    text = event.text
    forms: list[tuple[str, str]] = []
    if config.expected_value is not None:
        value = config.expected_value
        if value not in text:
            return []
        candidates = [p for p in (separator_pattern(value), shape_pattern(value)) if p is not None]
        index = text.index(value)
        before = re.findall(r"[A-Za-z]+", text[:index])
        if before:
            candidates.append(rf"{re.escape(before[-1])}\W+{shape_pattern(value)}")
        candidates.append(rf"({re.escape(value)})")
        for pattern in dict.fromkeys(candidates):
            if captures(pattern, text) == value:
                forms.append((pattern, f"derived from the expected value {value!r}"))
    elif config.pattern is not None:
        pattern = f"({config.pattern})"
        got = captures(pattern, text)
        if got is not None and re.fullmatch(config.pattern, got) is not None:
            forms.append((pattern, f"from the assertion's pattern {config.pattern!r}"))
    return forms


def _right(config: VariableExtractedConfig, value: str | None) -> bool:
    if value is None:
        return False
    if config.expected_value is not None:
        return value.strip() == config.expected_value
    return config.pattern is None or re.fullmatch(config.pattern, value.strip()) is not None


def extraction_fix(
    graph: CompiledGraph, analysis: Analysis, config: VariableExtractedConfig, before_turn: int | None
) -> Candidate | None:
    conv = analysis.conversation
    name = config.variable_name
    if name in conv.extracted and _right(config, value_text(conv.extracted[name])):
        return None
    for event in conv.routing:
        if before_turn is not None and event.turn >= before_turn:
            break
        forms = _forms(config, event)
        if not forms:
            continue
        node = graph.nodes[event.node]
        current = next((var for var in node.extract if var.name == name and var.pattern is not None), None)
        options: list[Option] = []
        for form, origin in forms:
            if current is None or current.pattern is None:
                pattern = form
                description = (
                    f"Extract {name!r} on node {event.node!r} with pattern '{pattern}' ({origin}; "
                    f"the caller said it on turn {event.turn})"
                )
            else:
                old = current.pattern.pattern
                wrong_before = _first_group(old, event.text) is not None
                pattern = f"(?:{form})|(?:{old})" if wrong_before else f"(?:{old})|(?:{form})"
                if not _right(config, _first_group(pattern, event.text)):
                    continue
                description = (
                    f"Widen the extraction of {name!r} on node {event.node!r} to also accept '{form}' ({origin}; "
                    f"the caller said it on turn {event.turn}), keeping the existing pattern '{old}'"
                )
            options.append(Option((Patch("set_extract", event.node, name=name, values=(pattern,)),), description))
        if options:
            return Candidate(("set_extract", event.node, name), "config_change", event.node, options, [analysis.scenario_id])
    return None

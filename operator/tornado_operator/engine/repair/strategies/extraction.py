"""Extraction (config_change): a VARIABLE_EXTRACTED variable was never extracted (or has the
wrong value) although the caller said the expected value: an extraction pattern derived from
the value's shape (digits -> \\d{n}, letters -> [A-Za-z]{n}, e-mail, else the literal) is set
on the node the caller said it on."""

from __future__ import annotations

import re

from tornado_operator.api.scenario import VariableExtractedConfig
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import Candidate, Patch, candidate
from tornado_operator.engine.repair.words import captures, shape_pattern
from tornado_operator.engine.sim.compiled import CompiledGraph


def extraction_fix(
    graph: CompiledGraph, analysis: Analysis, config: VariableExtractedConfig, before_turn: int | None
) -> Candidate | None:
    conv = analysis.conversation
    name = config.variable_name
    if name in conv.extracted and config.expected_value is not None and str(conv.extracted[name]) == config.expected_value:
        return None
    for event in conv.routing:
        if before_turn is not None and event.turn >= before_turn:
            break
        pattern: str | None = None
        if config.expected_value is not None:
            value = config.expected_value
            if value not in event.text:
                continue
            pattern = shape_pattern(value)
            if captures(pattern, event.text) != value:
                index = event.text.index(value)
                before = re.findall(r"[A-Za-z]+", event.text[:index])
                if before:
                    pattern = rf"{re.escape(before[-1])}\W+{pattern}"
                if captures(pattern, event.text) != value:
                    literal = rf"({re.escape(value)})"
                    pattern = literal if captures(literal, event.text) == value else None
            origin = f"derived from the expected value {value!r}"
        elif config.pattern is not None:
            if re.search(config.pattern, event.text, re.IGNORECASE) is None:
                continue
            pattern = f"({config.pattern})"
            got = captures(pattern, event.text)
            if got is None or re.fullmatch(config.pattern, got) is None:
                pattern = None
            origin = f"from the assertion's pattern {config.pattern!r}"
        else:
            return None
        if pattern is None:
            continue
        node = graph.nodes[event.node]
        current = next((var for var in node.extract if var.name == name), None)
        if current is not None and current.pattern is not None and current.pattern.pattern == pattern:
            return None
        return candidate(
            ("set_extract", event.node, name),
            "config_change",
            Patch("set_extract", event.node, name=name, values=(pattern,)),
            f"Extract {name!r} on node {event.node!r} with pattern '{pattern}' ({origin}; "
            f"the caller said it on turn {event.turn})",
            analysis,
            describe=False,
        )
    return None

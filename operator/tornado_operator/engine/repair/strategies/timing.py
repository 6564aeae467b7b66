"""Transfer timing (config_change): a TRANSFERRED assertion failed because the transfer came too
late / too early / never, and the transfer is (or could be) the retryThreshold fallback of a
node: the node's retryThreshold is set so the transfer falls inside [minTurn, maxTurn] given the
caller's consecutive unmatched turns on that node — never below 2 (one miss is a caller who
misheard, not one who cannot answer), unless the node's own prompt says not to ask again."""

from __future__ import annotations

import re

from tornado_operator.api.pathway import NodeType
from tornado_operator.api.scenario import TransferredConfig
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import VIA_FALLBACK, VIA_UNMATCHED
from tornado_operator.engine.sim.routing import is_unmatched


def timing_fix(graph: CompiledGraph, analysis: Analysis, config: TransferredConfig) -> Candidate | None:
    """retryThreshold of the node whose fallback transfers the call, so the transfer lands in range."""
    if not config.expected:
        return None
    conv = analysis.conversation
    script = analysis.scenario.input_messages
    lo = config.min_turn or 1
    hi = config.max_turn
    candidates: list[tuple[str, int]] = []  # (node, first unmatched turn of the run)
    for event in conv.routing:
        if event.via == VIA_FALLBACK or (event.via == VIA_UNMATCHED and event.retries == 1):
            candidates.append((event.node, event.turn - event.retries + 1))
    for node_id, first_turn in candidates:
        node = graph.nodes[node_id]
        fallback = node.fallback
        if fallback is None:
            # a node with no way out for a caller it cannot understand ("I lost the ticket", asked
            # for the ticket's number again and again): the transfer the test wants becomes its
            # fallback — the node the pathway already has for that number
            fallback = _transfer_to(graph, config.target)
            if fallback is None:
                continue
        if graph.nodes[fallback].type is not NodeType.TRANSFER:
            continue
        transfer = graph.nodes[fallback].source.transfer
        if config.target and (transfer is None or transfer.target.strip().lower() != config.target.strip().lower()):
            continue
        run = 0  # consecutive caller turns from first_turn that match nothing on this node
        for text in script[first_turn - 1 : analysis.scenario.max_turns]:
            if not is_unmatched(graph, node_id, text):
                break
            run += 1
        lowest = max(1, lo - first_turn + 1)
        highest = min(run, 50, (hi - first_turn + 1) if hi is not None else 50)
        if lowest > highest:
            continue
        current = node.retry_threshold if node.fallback is not None else None
        # a new fallback: two misses before it (one is a caller who misheard), when the test allows
        preferred = current if current is not None else (2 if node.fallback is None else highest)
        wanted = min(max(preferred, lowest), highest)
        if current is not None and wanted == current:
            continue
        # a threshold of 1 hands every caller who misheard the question once to the fallback: a
        # test that wants the transfer on the first miss is better served by another fix or none —
        # unless the node's own prompt says so ("if you can't tell from their first answer, don't
        # ask again: put them straight through"), or the test's own statement of what is wanted
        # does ("handed to the miller after the first answer without a number")
        stated = f"{analysis.scenario.name or ''} {analysis.scenario.description or ''}"
        if wanted < 2 and not _NO_SECOND_ASKING.search(f"{node.source.prompt or ''} {node.source.text or ''} {stated}"):
            continue
        direction = "Set" if current is None else ("Lower" if wanted < current else "Raise")
        old = "unset" if current is None else str(current)
        landing = first_turn + wanted - 1
        description = (
            f"{direction} retryThreshold of node {node_id!r} from {old} to {wanted} so the caller is "
            f"transferred to {fallback!r} on caller turn {landing}"
        )
        if node.fallback is None:
            description += f" ({fallback!r} made its fallback: it had none, and the caller's turns fit no edge of it)"
        return Candidate(
            ("set_retry_threshold", node_id),
            "config_change",
            node_id,
            [Option((Patch("set_retry_threshold", node_id, number=wanted,
                           target=None if node.fallback is not None else fallback),), description)],
            [analysis.scenario_id],
        )
    return None


_NO_SECOND_ASKING = re.compile(
    r"\b(?:don't|do\s+not|never|without)\s+(?:ask(?:ing)?|re-?ask(?:ing)?)\s+(?:(?:it|them|the\s+caller|him|her)\s+)?"
    r"(?:again|twice|a\s+second\s+time)\b|\bafter\s+(?:their|the|that|one|its|his|her)\s+(?:very\s+)?first\s+(?:answer|reply|try)\b"
    # "a caller who cannot say how many on the first ask put straight through"
    r"|\b(?:on|at)\s+(?:their|the|its|his|her)\s+(?:very\s+)?first\s+(?:ask|asking)\b",
    re.IGNORECASE,
)


def _transfer_to(graph: CompiledGraph, target: str | None) -> str | None:
    """The one non-global transfer node of the graph that transfers to `target` (any, when the
    test names none and there is exactly one)."""
    found = [
        node.id for node in graph.nodes.values()
        if node.type is NodeType.TRANSFER and not node.is_global and node.source.transfer is not None
        and (target is None or node.source.transfer.target.strip().lower() == target.strip().lower())
    ]
    return found[0] if len(found) == 1 else None


def premature_fallback_fix(graph: CompiledGraph, analysis: Analysis) -> Candidate | None:
    """The caller was sent to a node's fallback (retryThreshold) one turn too early: a later
    turn of the same caller would have matched on that node. Raise the threshold just enough
    for that turn to arrive; the caller's words are not turned into keywords."""
    conv = analysis.conversation
    script = analysis.scenario.input_messages
    fallback = next((event for event in conv.routing if event.via == VIA_FALLBACK), None)
    if fallback is None:
        return None
    node = graph.nodes[fallback.node]
    if node.retry_threshold is None:
        return None
    first_turn = fallback.turn - fallback.retries + 1
    run = 0
    for text in script[first_turn - 1 : analysis.scenario.max_turns]:
        if not is_unmatched(graph, fallback.node, text):
            break
        run += 1
    else:
        return None  # nothing the caller said later would have matched here: the fallback was right
    wanted = run + 1
    if wanted <= node.retry_threshold or wanted > 10:
        return None
    description = (
        f"Raise retryThreshold of node {fallback.node!r} from {node.retry_threshold} to {wanted} so a caller who "
        f"needs {run} turn(s) before answering is not sent to {node.fallback!r} (caller turn {first_turn + run} answers)"
    )
    return Candidate(
        ("set_retry_threshold", fallback.node),
        "config_change",
        fallback.node,
        [Option((Patch("set_retry_threshold", fallback.node, number=wanted),), description)],
        [analysis.scenario_id],
    )

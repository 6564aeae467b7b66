"""Transfer timing (config_change): a TRANSFERRED assertion failed because the transfer came too
late / too early / never, and the transfer is (or could be) the retryThreshold fallback of a
node: the node's retryThreshold is set so the transfer falls inside [minTurn, maxTurn] given the
caller's consecutive unmatched turns on that node."""

from __future__ import annotations

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
        if node.fallback is None or graph.nodes[node.fallback].type is not NodeType.TRANSFER:
            continue
        transfer = graph.nodes[node.fallback].source.transfer
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
        current = node.retry_threshold
        wanted = min(max(current if current is not None else highest, lowest), highest)
        if current is not None and wanted == current:
            continue
        direction = "Set" if current is None else ("Lower" if wanted < current else "Raise")
        old = "unset" if current is None else str(current)
        landing = first_turn + wanted - 1
        description = (
            f"{direction} retryThreshold of node {node_id!r} from {old} to {wanted} so the caller is "
            f"transferred to {node.fallback!r} on caller turn {landing}"
        )
        return Candidate(
            ("set_retry_threshold", node_id),
            "config_change",
            node_id,
            [Option((Patch("set_retry_threshold", node_id, number=wanted),), description)],
            [analysis.scenario_id],
        )
    return None


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

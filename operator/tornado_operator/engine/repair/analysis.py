"""Failure analysis: why a scenario failed, and a stable signature of that root cause.

The root cause of a failed scenario is described by
* where the conversation went wrong: the node of the first caller turn that nothing matched
  (the agent had to reprompt), else the last node the conversation reached;
* that caller turn (normalised), when there is one;
* the assertions that failed (type and target), and how the call ended;
* for a scenario that could not run, the kind of error.

The signature is built from exactly these facts (never from timestamps, batch ids,
latencies, transcripts or the order in which scenarios ran), sorted where order is
noise, so the loop can compare it with the previous iteration's: same signature after a
fix aimed at the scenario means the fix did not change anything that matters.

    <primary assertion type>:<target>@<node>#<10 hex digits of sha256 over all facts>
    error:<kind>@<node>#<digest>         (the scenario could not run)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from tornado_operator.api.results import AssertionResult, Evaluation
from tornado_operator.api.scenario import Assertion, AssertionType, TestScenarioSpec
from tornado_operator.api.session import RootCause
from tornado_operator.engine.repair.paths import (
    PATH_TYPES,
    distance,
    path_targets,
    reaches,
    shortest_first_hop,
)
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import (
    VIA_CATCH_ALL,
    VIA_EDGE,
    VIA_FALLBACK,
    VIA_GLOBAL,
    VIA_UNMATCHED,
    Conversation,
    RoutingEvent,
)
from tornado_operator.text import clip, normalize

_TARGET_NOISE = re.compile(r"[^A-Za-z0-9_.,:/~=+\[\]-]+")  # "+" kept: +1-555-0142 stays itself


@dataclass(frozen=True, slots=True)
class FailedAssertion:
    assertion: Assertion
    result: AssertionResult

    @property
    def key(self) -> str:
        return f"{self.result.type.value}:{self.result.assertion_id}:{self.result.target}"


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the fixer needs to know about one failed scenario."""

    scenario_id: str
    scenario: TestScenarioSpec
    conversation: Conversation
    evaluation: Evaluation
    failed: tuple[FailedAssertion, ...]
    unmatched: RoutingEvent | None  # first caller turn nothing matched (reprompt or fallback)
    where: str | None  # node where it went wrong
    signature: str
    summary: str
    wrong_turn: RoutingEvent | None = None  # a caller turn that matched an edge off the expected path
    expected: tuple[str, ...] = ()  # nodes the failed path assertions wanted reached

    @property
    def catch_all_turns(self) -> tuple[RoutingEvent, ...]:
        """Caller turns only a catch-all edge took (a weak match: no intent recognised)."""
        return tuple(event for event in self.conversation.routing if event.via == VIA_CATCH_ALL)

    def root_cause(self) -> RootCause:
        return RootCause(scenario_id=self.scenario_id, signature=self.signature, summary=self.summary)


def _short_target(result: AssertionResult) -> str:
    target = result.target
    if result.type in (AssertionType.LLM_JUDGE, AssertionType.REGEX_MATCH, AssertionType.BLAND_TONE) or len(target) > 48:
        target = result.assertion_id
        head, _, index = target.partition("#")
        if head == result.type.value and index.isdigit():
            target = f"[{index}]"  # unnamed (key TYPE#index): the signature's head already says the type
    cleaned = _TARGET_NOISE.sub("-", target).strip("-")
    return cleaned[:48] or result.assertion_id


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:10]


def wrong_turn(graph: CompiledGraph, conversation: Conversation, expected: set[str]) -> RoutingEvent | None:
    """The first caller turn that matched an edge (or a global node) leading away from every
    expected node, although the node it was said on could still lead there: the wrong edge fit."""
    if not expected:
        return None
    if all(graph.has_node(node) and graph.nodes[node].is_global for node in expected):
        # a global node is reachable from every node, so no edge leads away from it: the turn that
        # should have reached it is the last one an edge took elsewhere ("the table you delivered
        # has a wobbly leg" taken by "Where is my delivery")
        taken = [event for event in conversation.routing
                 if event.via in (VIA_EDGE, VIA_GLOBAL) and event.target is not None and event.target not in expected]
        return taken[-1] if taken else None
    for event in conversation.routing:
        if event.via not in (VIA_EDGE, VIA_GLOBAL) or event.target is None or event.target in expected:
            continue
        if not graph.has_node(event.target) or not graph.has_node(event.node):
            continue
        if not reaches(graph, event.target, expected) and reaches(graph, event.node, expected):
            return event
    # a turn the edge toward the expected node fitted too, taken by an edge that leads no closer
    # ("ten boxes in the back of my truck, can I just bring them by?": "truck" before "bring
    # them"), though a loop ("Anything else?" back to the menu) could still lead there
    for event in conversation.routing:
        if event.via != VIA_EDGE or event.target is None or event.target in expected or not graph.has_node(event.node):
            continue
        for target in sorted(expected):  # each wanted node on its own: the call's end is near every node
            hop = shortest_first_hop(graph, event.node, {target})
            if hop is None or hop[0] == event.edge_id:
                continue
            toward = next((edge for edge in graph.nodes[event.node].conditional if edge.id == hop[0]), None)
            here, there = distance(graph, event.node, {target}), distance(graph, event.target, {target})
            if toward is not None and toward.match.matches(event.text.lower(), event.text) \
                    and here is not None and (there is None or there >= here):
                return event
    return None


def analyse(
    scenario_id: str,
    scenario: TestScenarioSpec,
    conversation: Conversation,
    evaluation: Evaluation,
    graph: CompiledGraph | None = None,
) -> Analysis:
    """Root cause of a (failed) scenario run; deterministic for the same conversation.

    With the graph, a caller turn that matched an edge off the expected path is diagnosed as
    its own root cause (the signature and summary name the edge and what matched)."""
    failed: list[FailedAssertion] = []
    # evaluate() returns one result per assertion, in ordered_assertions() order
    for (index, assertion), result in zip(scenario.ordered_assertions(), evaluation.results, strict=False):
        if result.assertion_id == assertion.key(index) and not result.passed:
            failed.append(FailedAssertion(assertion, result))
    unmatched = next(
        (event for event in conversation.routing if event.via in (VIA_UNMATCHED, VIA_FALLBACK)), None
    )
    expected: list[str] = []
    if graph is not None:
        for item in failed:
            if item.result.type in PATH_TYPES:
                expected.extend(t for t in path_targets(graph, conversation, item.assertion) if t not in expected)
    wrong = wrong_turn(graph, conversation, set(expected)) if graph is not None else None
    if wrong is not None and unmatched is not None and unmatched.turn < wrong.turn:
        wrong = None  # the first thing that went wrong was a turn nothing matched
    where = wrong.node if wrong is not None else unmatched.node if unmatched is not None else conversation.last_node
    where_text = where or "-"
    unmatched_text = normalize(unmatched.text) if unmatched is not None else ""
    keys = sorted(item.key for item in failed)
    facts = [
        f"error={conversation.error_kind or ''}",
        f"at={where_text}",
        f"unmatched={unmatched_text}",
        f"ended={conversation.ended_by}",
        *keys,
    ]
    if wrong is not None:
        facts.append(f"wrong={wrong.edge_id}:{normalize(wrong.text)}")
    digest = _digest(facts)
    if conversation.error_kind is not None:
        signature = f"error:{conversation.error_kind}@{where_text}#{digest}"
    else:
        primary = next((item for item in failed if item.result.required), failed[0] if failed else None)
        head = (
            f"{primary.result.type.value}:{_short_target(primary.result)}" if primary is not None else "SCORE:below-threshold"
        )
        via = f">{wrong.edge_id}" if wrong is not None else ""
        signature = f"{head}@{where_text}{via}#{digest}"
    return Analysis(
        scenario_id=scenario_id,
        scenario=scenario,
        conversation=conversation,
        evaluation=evaluation,
        failed=tuple(failed),
        unmatched=unmatched,
        where=where,
        signature=signature,
        summary=_summary(conversation, evaluation, failed, unmatched, where, wrong, expected),
        wrong_turn=wrong,
        expected=tuple(expected),
    )


def _summary(
    conversation: Conversation,
    evaluation: Evaluation,
    failed: list[FailedAssertion],
    unmatched: RoutingEvent | None,
    where: str | None,
    wrong: RoutingEvent | None = None,
    expected: list[str] | None = None,
) -> str:
    parts: list[str] = []
    if wrong is not None:
        toward = ", ".join(repr(node) for node in (expected or [])[:3])
        parts.append(
            f"caller turn {wrong.turn} {clip(wrong.text, 80)!r} on node {wrong.node!r} took "
            f"{'global node' if wrong.via == VIA_GLOBAL else 'edge'} {wrong.edge_id!r} ({wrong.matched or 'matched'}) "
            f"to {wrong.target!r}, away from {toward}"
        )
    if conversation.error is not None:
        parts.append(f"could not run: {conversation.error}")
    if unmatched is not None:
        text = clip(unmatched.text, 80)
        action = "fell back" if unmatched.via == VIA_FALLBACK else "the agent reprompted"
        parts.append(f"caller turn {unmatched.turn} {text!r} matched nothing on node {unmatched.node!r} ({action})")
        if unmatched.matched:  # on a node with labels: how close the best label came
            parts.append(unmatched.matched)
    elif conversation.error is None and wrong is None:
        parts.append(f"went wrong at node {where!r} (call ended: {conversation.ended_by})")
    for item in failed[:4]:
        parts.append(f"{item.result.label()} failed: {item.result.detail}")
    if len(failed) > 4:
        parts.append(f"and {len(failed) - 4} more failed assertion(s)")
    if not failed and conversation.error is None:
        parts.append(f"score {evaluation.score:.2f} below the pass threshold")
    return clip("; ".join(parts), 600)

"""What a TestScenario names in its pathway must exist there: one rule for the admission
webhook (a TestScenario is refused when applied), the operator's session start and `tornado
run` (the session ends ERROR InvalidScenario), and `tornado validate`.

A scenario names, in its pathway:
* nodes: spec.startNodeId, NODE_REACHED nodeId, NODES_VISITED nodeIds, WEBHOOK_TRIGGERED
  nodeId (which must be a webhook node);
* webhooks: WEBHOOK_TRIGGERED url / method (some webhook node must fit them);
* variables: VARIABLE_EXTRACTED variableName (declared in a node's extractVars, or used as
  {{name}} in the pathway: the fixer may add an extraction pattern, never a new variable);
* transfer targets: TRANSFERRED target (some transfer node's transfer.target).
No scenario field names an edge. A problem names the field, the assertion as the user named
it, the closest valid id and the pathway's valid ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from tornado_operator.api.errors import Path, Problem, closest, validation_problems
from tornado_operator.api.pathway import NodeType, PathwayGraph, PathwaySpec
from tornado_operator.api.scenario import (
    Assertion,
    NodeReachedConfig,
    NodesVisitedConfig,
    TestScenarioSpec,
    TransferredConfig,
    VariableExtractedConfig,
    WebhookTriggeredConfig,
)
from tornado_operator.loop.selection import SelectionError

LISTED_IDS = 30  # the valid ids a message lists before "and N more"
_TEMPLATE_VAR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _listing(what: str, ids: Sequence[str]) -> str:
    if not ids:
        return f"it has no {what}"
    shown = ", ".join(ids[:LISTED_IDS])
    more = f" and {len(ids) - LISTED_IDS} more" if len(ids) > LISTED_IDS else ""
    return f"its {what}: {shown}{more}"


def _missing(kind: str, value: str, pathway: str, what: str, valid: Sequence[str]) -> str:
    near = closest(value, valid)
    hint = f' (did you mean "{near}"?)' if near is not None else ""
    return f'no {kind} "{value}" in pathway "{pathway}"{hint}; {_listing(what, valid)}'


def pathway_variables(graph: PathwayGraph) -> list[str]:
    """Variables the pathway has: its extractVars names, then the {{names}} its text uses."""
    found: dict[str, None] = {}
    for node in graph.nodes:
        for var in node.extract_vars:
            found.setdefault(var.name, None)
    texts: list[str] = [graph.global_prompt]
    for node in graph.nodes:
        texts += [node.text, node.prompt]
        if node.webhook is not None:
            texts += [node.webhook.url, str(node.webhook.body)]
    for text in texts:
        for name in _TEMPLATE_VAR.findall(text):
            found.setdefault(name, None)
    return list(found)


def _webhook_fits(config: WebhookTriggeredConfig, url: str, method: str, node_id: str) -> bool:
    """Could a call of this webhook node fit the assertion? A URL with {{variables}} can render
    to anything, so only a literal URL can rule a url substring out."""
    url_ok = config.url is None or config.url in url or "{{" in url
    method_ok = config.method is None or config.method.upper() == method.upper()
    return url_ok and method_ok and (config.node_id is None or node_id == config.node_id)


def _assertion_problems(graph: PathwayGraph, pathway: str, index: int, assertion: Assertion) -> list[Problem]:
    base: Path = ("assertions", index, "config")
    label = assertion.label(index)
    node_ids = [node.id for node in graph.nodes]
    problems: list[Problem] = []

    def problem(path: Path, message: str) -> None:
        problems.append(Problem((*base, *path), f"{label}: {message}"))

    config = assertion.typed_config()
    if isinstance(config, NodeReachedConfig) and not graph.has_node(config.node_id):
        problem(("nodeId",), _missing("node", config.node_id, pathway, "nodes", node_ids))
    elif isinstance(config, NodesVisitedConfig):
        for position, node_id in enumerate(config.node_ids):
            if not graph.has_node(node_id):
                problem(("nodeIds", position), _missing("node", node_id, pathway, "nodes", node_ids))
    elif isinstance(config, VariableExtractedConfig):
        variables = pathway_variables(graph)
        if config.variable_name not in variables:
            problem(("variableName",), _missing("variable", config.variable_name, pathway, "variables", variables))
    elif isinstance(config, TransferredConfig) and config.expected and config.target is not None:
        targets = [node.transfer.target for node in graph.nodes if node.transfer is not None and node.type is NodeType.TRANSFER]
        if config.target.strip().lower() not in {target.strip().lower() for target in targets}:
            problem(("target",), _missing("transfer target", config.target, pathway, "transfer targets", targets))
    elif isinstance(config, WebhookTriggeredConfig):
        webhooks = [node for node in graph.nodes if node.type is NodeType.WEBHOOK and node.webhook is not None]
        described = [f"{node.id} ({node.webhook.method} {node.webhook.url})" for node in webhooks if node.webhook is not None]
        if config.node_id is not None and not graph.has_node(config.node_id):
            problem(("nodeId",), _missing("node", config.node_id, pathway, "webhook nodes", [node.id for node in webhooks]))
        elif config.node_id is not None and graph.node(config.node_id).type is not NodeType.WEBHOOK:
            kind = graph.node(config.node_id).type.value
            problem(("nodeId",), f'node "{config.node_id}" is a {kind} node, not a webhook node; {_listing("webhook nodes", described)}')
        elif (config.url is not None or config.method is not None) and not any(
            node.webhook is not None and _webhook_fits(config, node.webhook.url, node.webhook.method, node.id) for node in webhooks
        ):
            key = "url" if config.url is not None else "method"
            wanted = " ".join(part for part in (config.method and config.method.upper(), config.url and f"*{config.url}*") if part)
            if config.node_id is not None:
                message = f'webhook node "{config.node_id}" does not call {wanted}'
            else:
                message = f'no webhook node of pathway "{pathway}" calls {wanted}'
            problem((key,), f"{message}; {_listing('webhook nodes', described)}")
    return problems


def check_references(graph: PathwayGraph, spec: TestScenarioSpec, pathway: str) -> list[Problem]:
    """Everything the scenario names that its pathway's graph does not have (paths from spec)."""
    problems: list[Problem] = []
    if spec.start_node_id is not None and not graph.has_node(spec.start_node_id):
        ids = [node.id for node in graph.nodes]
        problems.append(Problem(("startNodeId",), _missing("node", spec.start_node_id, pathway, "nodes", ids)))
    for index, assertion in enumerate(spec.assertions):
        problems += _assertion_problems(graph, pathway, index, assertion)
    return problems


def check_session_scenarios(graph: PathwayGraph, pathway: str, scenarios: Iterable[tuple[str, TestScenarioSpec]]) -> None:
    """The session-start rule: SelectionError("InvalidScenario") naming the scenario, the field
    and the assertion when a chosen scenario names what the tested version does not have."""
    for name, spec in scenarios:
        problems = check_references(graph, spec, pathway)
        if problems:
            more = f" (and {len(problems) - 1} more problem(s) in this scenario)" if len(problems) > 1 else ""
            raise SelectionError("InvalidScenario", problems[0].line(f'TestScenario "{name}": spec.') + more)


def scenario_admission_problems(spec: dict[str, Any], pathway: dict[str, Any] | None) -> list[str]:
    """Why a TestScenario create/update is refused (empty: admit): its spec against the models,
    then what it names against its Pathway (when the Pathway exists and is valid)."""
    try:
        scenario = TestScenarioSpec.model_validate(spec)
    except ValidationError as exc:
        return [problem.line("spec.") for problem in validation_problems(exc)]
    if pathway is None or scenario.pathway_id is None:
        return []  # not there yet: the session start checks it against the version it tests
    try:
        graph = PathwaySpec.model_validate(pathway.get("spec") or {})
    except ValidationError:
        return []  # the Pathway's own problem, reported when a session uses it
    return [problem.line("spec.") for problem in check_references(graph, scenario, scenario.pathway_id)]

"""Pathway and PathwayVersion: a dialogue graph and its immutable numbered snapshots."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from tornado_operator.api.base import ObjectMeta, StatusModel, WireModel, check_regex
from tornado_operator.api.conditions import Condition

ID_PATTERN = r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,126}[A-Za-z0-9])?$"
DNS_LABEL_PATTERN = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"


class NodeType(StrEnum):
    DEFAULT = "default"
    END_CALL = "end_call"
    TRANSFER = "transfer"
    WEBHOOK = "webhook"
    UNSUPPORTED = "unsupported"  # imported, of a type the engine cannot simulate (see importedType)


class Passthrough(WireModel):
    """What tornado keeps of an imported object without interpreting it, so that an export
    gives it back unchanged (canvas position, tags, model options, unknown keys, ...)."""

    format: Literal["bland"] = Field(description="The format the object was imported from.")
    fields: dict[str, Any] = Field(
        default_factory=dict,
        description="The source object's keys tornado does not interpret, verbatim, at their original nesting.",
        json_schema_extra={"x-kubernetes-preserve-unknown-fields": True},
    )
    form: dict[str, Any] = Field(
        default_factory=dict,
        description="How the source spelled what tornado did interpret (where a label was, a type's name, ...).",
        json_schema_extra={"x-kubernetes-preserve-unknown-fields": True},
    )


class MatchCondition(WireModel):
    """When an edge (or a global node) is taken for a caller turn."""

    keywords: list[str] = Field(
        default_factory=list,
        description="Case-insensitive phrases; the condition matches when the caller turn contains any of them.",
    )
    patterns: list[str] = Field(
        default_factory=list,
        description="Python/RE2-compatible regular expressions searched case-insensitively in the caller turn.",
    )
    always: bool = Field(
        default=False,
        description="Match any caller turn (a catch-all edge, tried after every other edge of the node).",
    )

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        return [check_regex(pattern) for pattern in patterns]


class ExtractVar(WireModel):
    """A variable captured from caller turns while the conversation is on a node."""

    name: str = Field(min_length=1, max_length=128, description="Variable name, usable as {{name}} in node text.")
    pattern: str | None = Field(
        default=None,
        description="Regular expression; its first group (or the whole match) becomes the value.",
    )
    description: str | None = Field(
        default=None, description="What the variable is, for an LLM extractor."
    )
    type: Literal["string", "integer", "number", "boolean"] = Field(
        default="string", description="Value type."
    )

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, pattern: str | None) -> str | None:
        return pattern if pattern is None else check_regex(pattern)


class WebhookResponseVar(WireModel):
    """A variable a webhook node sets from its response (Bland's responseData entry)."""

    name: str = Field(min_length=1, description="Variable name.")
    data: str = Field(default="", description="Where in the response the value is, e.g. $.slots.available.")
    context: str = Field(default="", description="What the value means, for an LLM agent.")


class WebhookRoute(WireModel):
    """Where a webhook node goes for a response value (Bland's responsePathways entry)."""

    variable: str = Field(description="Response variable (or BlandStatusCode, or the default completion route).")
    operator: str = Field(default="", description="Comparison, e.g. ==, !=, >=.")
    value: str = Field(default="", description="Value compared with.")
    target_node_id: str = Field(default="", description="Node taken when the comparison holds.")
    target_name: str = Field(default="", description="Label of the route.")


class WebhookSpec(WireModel):
    """The HTTP call a webhook node makes (recorded, not sent, by the offline engine)."""

    url: str = Field(min_length=1, description="Target URL; {{variables}} are rendered.")
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = Field(
        default="POST", description="HTTP method."
    )
    headers: dict[str, str] = Field(default_factory=dict, description="Request headers; {{variables}} are rendered.")
    body: dict[str, Any] = Field(
        default_factory=dict,
        description="JSON body; string values have {{variables}} rendered.",
        json_schema_extra={"x-kubernetes-preserve-unknown-fields": True},
    )
    body_text: str | None = Field(
        default=None,
        description="The body as text with {{variables}}, rendered as a whole (Bland's form, which need not be JSON "
        "before rendering, e.g. {\"age\": {{age}}}); set instead of body.",
    )
    response_data: list[WebhookResponseVar] = Field(
        default_factory=list, description="Variables set from the response (not simulated offline: no call is sent)."
    )
    response_routes: list[WebhookRoute] = Field(
        default_factory=list, description="Routes chosen by response values (not simulated offline)."
    )

    @model_validator(mode="after")
    def _one_body(self) -> WebhookSpec:
        if self.body_text is not None and self.body:
            raise ValueError("webhook: set body or bodyText, not both")
        return self


class TransferSpec(WireModel):
    """Where a transfer node sends the call."""

    target: str = Field(min_length=1, description="Phone number or queue the call is transferred to.")


class NodeConfig(WireModel):
    """Behaviour settings of a node."""

    retry_threshold: int | None = Field(
        default=None,
        ge=1,
        le=50,
        description="After this many consecutive caller turns that match no edge, go to fallbackNodeId.",
    )
    fallback_node_id: str | None = Field(
        default=None, description="Node taken when retryThreshold is reached (for example a transfer)."
    )


class Node(WireModel):
    """One dialogue node."""

    id: str = Field(pattern=ID_PATTERN, max_length=128, description="Node id, unique in the pathway.")
    name: str = Field(default="", max_length=256, description="Human-readable name.")
    type: NodeType = Field(default=NodeType.DEFAULT, description="default, end_call, transfer or webhook.")
    is_start: bool = Field(default=False, description="This node starts the conversation (at most one).")
    text: str = Field(default="", description="What the agent says on this node; {{variables}} are rendered.")
    prompt: str = Field(default="", description="Instructions for an LLM agent on this node.")
    condition: str = Field(
        default="", description="What must be satisfied before the conversation leaves this node (LLM agents)."
    )
    is_global: bool = Field(
        default=False, description="Reachable from any node when the caller turn matches globalMatch."
    )
    global_label: str | None = Field(default=None, description="What the global node is for.")
    global_description: str = Field(default="", description="When a global node applies, at length (LLM agents).")
    global_auto_return: bool = Field(
        default=False,
        description="After the global node speaks, return to the node it interrupted (kept for export; not simulated offline).",
    )
    global_match: MatchCondition | None = Field(
        default=None, description="When a global node is taken (required for global nodes)."
    )
    extract_vars: list[ExtractVar] = Field(
        default_factory=list, description="Variables captured from caller turns on this node."
    )
    webhook: WebhookSpec | None = Field(default=None, description="The call a webhook node makes.")
    transfer: TransferSpec | None = Field(default=None, description="Where a transfer node sends the call.")
    config: NodeConfig = Field(default_factory=NodeConfig, description="Retry and fallback settings.")
    imported_type: str | None = Field(
        default=None,
        max_length=128,
        description="For type unsupported: the node's type in the format it was imported from (e.g. Bland's Knowledge Base).",
    )
    passthrough: Passthrough | None = Field(
        default=None, description="Imported fields tornado keeps for export without interpreting them."
    )

    @model_validator(mode="after")
    def _type_fields(self) -> Node:
        if self.type is NodeType.UNSUPPORTED and not self.imported_type:
            raise ValueError(f"node {self.id!r} has type unsupported but no importedType")
        if self.type is NodeType.WEBHOOK and self.webhook is None:
            raise ValueError(f"node {self.id!r} has type webhook but no webhook (url, method, body)")
        if self.type is NodeType.TRANSFER and self.transfer is None:
            raise ValueError(f"node {self.id!r} has type transfer but no transfer.target")
        if self.is_global and self.global_match is None:
            raise ValueError(f"global node {self.id!r} needs globalMatch")
        return self


class VariableCondition(WireModel):
    """One comparison of a variable (Bland's edge data.condition entry)."""

    field: str = Field(description="Variable name.")
    operator: str = Field(default="", description="Comparison, e.g. is, ==, >.")
    value: str = Field(default="", description="Value compared with.")


class Edge(WireModel):
    """A directed edge between two nodes, taken when its match condition holds."""

    id: str = Field(pattern=ID_PATTERN, max_length=128, description="Edge id, unique in the pathway.")
    source: str = Field(min_length=1, max_length=128, description="Source node id.")
    target: str = Field(min_length=1, max_length=128, description="Target node id.")
    label: str = Field(default="", max_length=512, description="What the edge means (shown to LLM agents).")
    description: str = Field(default="", description="When the edge applies, at length (LLM agents).")
    match: MatchCondition = Field(
        default_factory=MatchCondition, description="When the edge is taken for a caller turn."
    )
    variable_conditions: list[VariableCondition] = Field(
        default_factory=list,
        description="Comparisons of variables that must hold for the edge (Bland's data.condition; not simulated offline).",
    )
    passthrough: Passthrough | None = Field(
        default=None, description="Imported fields tornado keeps for export without interpreting them."
    )


class PathwayGraph(WireModel):
    """The dialogue graph shared by Pathway and PathwayVersion."""

    description: str = Field(default="", description="What the pathway does.")
    start_node_id: str | None = Field(
        default=None,
        description="Start node id; may be omitted when exactly one node has isStart: true.",
    )
    global_prompt: str = Field(default="", description="Prompt that applies on every node (LLM agents).")
    nodes: list[Node] = Field(min_length=1, max_length=500, description="Dialogue nodes.")
    edges: list[Edge] = Field(default_factory=list, max_length=2000, description="Edges between nodes.")
    passthrough: Passthrough | None = Field(
        default=None, description="Imported top-level fields tornado keeps for export without interpreting them."
    )

    @model_validator(mode="after")
    def _graph_is_consistent(self) -> PathwayGraph:
        seen: set[str] = set()
        for index, node in enumerate(self.nodes):
            if node.id in seen:
                raise ValueError(f"nodes[{index}].id: duplicate node id {node.id!r}")
            seen.add(node.id)
        edge_ids: set[str] = set()
        for index, edge in enumerate(self.edges):
            if edge.id in edge_ids:
                raise ValueError(f"edges[{index}].id: duplicate edge id {edge.id!r}")
            edge_ids.add(edge.id)
            for end in ("source", "target"):
                node_id = getattr(edge, end)
                if node_id not in seen:
                    raise ValueError(f"edges[{index}].{end}: edge {edge.id!r} points at missing node {node_id!r}")
        for index, node in enumerate(self.nodes):
            fallback = node.config.fallback_node_id
            if fallback is not None and fallback not in seen:
                raise ValueError(f"nodes[{index}].config.fallbackNodeId: missing node {fallback!r}")
        starts = [node.id for node in self.nodes if node.is_start]
        if len(starts) > 1:
            raise ValueError(f"nodes: {len(starts)} start nodes ({', '.join(starts)}); exactly one may have isStart: true")
        if self.start_node_id is not None:
            if self.start_node_id not in seen:
                raise ValueError(f"startNodeId: no node {self.start_node_id!r}")
            if starts and starts[0] != self.start_node_id:
                raise ValueError(
                    f"startNodeId: {self.start_node_id!r} disagrees with the isStart node {starts[0]!r}"
                )
        elif not starts:
            raise ValueError("startNodeId: no start node; set startNodeId or isStart: true on one node")
        return self

    @property
    def start_node(self) -> str:
        if self.start_node_id is not None:
            return self.start_node_id
        return next(node.id for node in self.nodes if node.is_start)

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def has_node(self, node_id: str) -> bool:
        return any(node.id == node_id for node in self.nodes)

    def outgoing(self, node_id: str) -> list[Edge]:
        return [edge for edge in self.edges if edge.source == node_id]

    def graph(self) -> PathwayGraph:
        """Just the graph (drops PathwayVersion's extra fields)."""
        return PathwayGraph.model_validate(
            self.model_dump(include=set(PathwayGraph.model_fields), by_alias=True)
        )


class PathwaySpec(PathwayGraph):
    """The editable head of a dialogue graph."""


ENVIRONMENTS = ("production", "staging")
Environment = Literal["production", "staging"]


class Promotion(StatusModel):
    """The version live in one environment, and who put it there on what evidence."""

    environment: Environment = Field(description="production (the live version) or staging.")
    version: int = Field(ge=1, description="The PathwayVersion promoted.")
    promoted_by: str = Field(description="Who promoted it (the API server's user name), or the session that did.")
    promoted_at: str = Field(description="When.")
    session_name: str | None = Field(
        default=None, description="The TornadoSession whose run of this version proved the required scenarios."
    )
    session_id: str | None = Field(default=None, description="That session's sessionId.")
    required_scenario_ids: list[str] = Field(
        default_factory=list, description="The scenarios marked isRequiredForPromotion that passed on this version."
    )
    previous_version: int | None = Field(default=None, description="The version it replaced in this environment.")


class PathwayStatus(StatusModel):
    latest_version: int | None = Field(default=None, description="Number of the newest PathwayVersion.")
    latest_version_name: str | None = Field(default=None, description="Name of the newest PathwayVersion.")
    observed_generation: int | None = Field(default=None, description="Generation last snapshotted.")
    spec_version: int | None = Field(
        default=None,
        description="The PathwayVersion whose content is the spec of observedGeneration (a new one, or an existing "
        "one with the same content: applying an exported version makes no duplicate).",
    )
    live_version: int | None = Field(
        default=None,
        description="The version promoted to production (kubectl tornado promote); a session without versionNumber "
        "starts from it.",
    )
    promotions: list[Promotion] = Field(
        default_factory=list,
        description="The version promoted to each environment, by whom, when, and on which session's evidence.",
        json_schema_extra={"x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["environment"]},
    )
    conditions: list[Condition] = Field(default_factory=list, description="Standard conditions.")


class Pathway(WireModel):
    """A conversational-agent pathway (dialogue graph) that tornado sessions test and fix."""

    model_config = ConfigDict(extra="ignore")

    api_version: str = Field(default="agenttesting.dev/v1alpha1", alias="apiVersion")
    kind: Literal["Pathway"] = "Pathway"
    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: PathwaySpec
    status: PathwayStatus | None = None


class FixNote(WireModel):
    """A fix a version was made with, as the session's fix plan described it."""

    id: str = Field(description="Fix id in its iteration's plan, e.g. fix-001.")
    type: str = Field(default="", description="prompt_edit, config_change or flow_change.")
    target_node: str = Field(default="", description="Node the fix changes.")
    description: str = Field(default="", description="What the fix does.")


class Provenance(WireModel):
    """Who made a PathwayVersion and why."""

    source: Literal["pathway", "tornado-fix"] = Field(
        default="pathway", description="pathway: a snapshot of an edit; tornado-fix: a tornado session's fix plan."
    )
    session_name: str | None = Field(default=None, description="TornadoSession that forked this version.")
    session_id: str | None = Field(default=None, description="sessionId of that session.")
    iteration: int | None = Field(default=None, ge=1, description="Iteration whose fix plan made it.")
    fix_ids: list[str] = Field(default_factory=list, description="Ids of the fixes applied, in order.")
    fixes: list[FixNote] = Field(
        default_factory=list, description="The fixes applied, as the iteration's fix plan described them (tornado diff)."
    )
    pathway_generation: int | None = Field(
        default=None, description="Pathway metadata.generation this snapshot was taken from."
    )


class PathwayVersionSpec(PathwayGraph):
    """An immutable, numbered snapshot of a pathway."""

    pathway_id: str = Field(pattern=DNS_LABEL_PATTERN, max_length=63, description="The Pathway this is a version of.")
    version_number: int = Field(ge=1, description="Version number, counting from 1.")
    parent_version: int | None = Field(default=None, ge=1, description="Version this one was derived from.")
    provenance: Provenance = Field(default_factory=Provenance, description="Who made this version and why.")


class PathwayVersion(WireModel):
    """An immutable snapshot of a Pathway, named <pathway>-v<N>."""

    model_config = ConfigDict(extra="ignore")

    api_version: str = Field(default="agenttesting.dev/v1alpha1", alias="apiVersion")
    kind: Literal["PathwayVersion"] = "PathwayVersion"
    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: PathwayVersionSpec


def version_name(pathway_id: str, number: int) -> str:
    return f"{pathway_id}-v{number}"

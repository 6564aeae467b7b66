"""CustomResourceDefinitions generated from the pydantic models (the single source of truth).

The pydantic JSON schema is turned into a Kubernetes *structural* OpenAPI v3 schema:
$refs inlined, nullable instead of anyOf-null, no titles, no additionalProperties: false,
uniqueness expressed as x-kubernetes-list-type: set. Printer columns, short names,
categories, CEL rules and selectable fields are declared here, next to each kind.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from tornado_operator import API_GROUP, API_VERSION
from tornado_operator.api.pathway import PathwaySpec, PathwayStatus, PathwayVersionSpec
from tornado_operator.api.scenario import ASSERTION_CONFIGS, AssertionConfigModel, TestScenarioSpec
from tornado_operator.api.session import TornadoSessionSpec, TornadoSessionStatus

Schema = dict[str, Any]
CATEGORY = "agenttesting"


@dataclass(frozen=True)
class ResourceKind:
    kind: str
    plural: str
    singular: str
    short_names: list[str]
    spec_model: type[BaseModel]
    status_model: type[BaseModel] | None
    description: str
    printer_columns: list[dict[str, Any]]
    selectable_fields: list[str] = field(default_factory=list)
    spec_rules: list[dict[str, str]] = field(default_factory=list)
    field_rules: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    customize: Callable[[Schema], None] | None = None  # edits the spec schema after generation

    @property
    def name(self) -> str:
        return f"{self.plural}.{API_GROUP}"


def _age() -> dict[str, Any]:
    return {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}


def _immutable_optional(field_name: str) -> dict[str, str]:
    """CEL: an optional spec field may be neither added, removed nor changed."""
    return {
        "rule": f"has(self.{field_name}) == has(oldSelf.{field_name}) && "
        f"(!has(self.{field_name}) || self.{field_name} == oldSelf.{field_name})",
        "message": f"spec.{field_name} is immutable",
        "fieldPath": f".{field_name}",
        "reason": "FieldValueInvalid",
    }


def _immutable_required(field_name: str) -> dict[str, str]:
    return {
        "rule": f"self.{field_name} == oldSelf.{field_name}",
        "message": f"spec.{field_name} is immutable",
        "fieldPath": f".{field_name}",
        "reason": "FieldValueInvalid",
    }


KINDS: list[ResourceKind] = [
    ResourceKind(
        kind="Pathway",
        plural="pathways",
        singular="pathway",
        short_names=["pw"],
        spec_model=PathwaySpec,
        status_model=PathwayStatus,
        description="A conversational-agent pathway: the editable head of a dialogue graph. "
        "Every spec change is snapshotted as an immutable PathwayVersion.",
        printer_columns=[
            {"name": "Start", "type": "string", "jsonPath": ".spec.startNodeId"},
            {"name": "Latest", "type": "integer", "jsonPath": ".status.latestVersion"},
            {"name": "Live", "type": "integer", "jsonPath": ".status.liveVersion"},
            _age(),
        ],
    ),
    ResourceKind(
        kind="PathwayVersion",
        plural="pathwayversions",
        singular="pathwayversion",
        short_names=["pwv"],
        spec_model=PathwayVersionSpec,
        status_model=None,
        description="An immutable, numbered snapshot of a Pathway (<pathway>-v<N>), with its "
        "parent version and provenance.",
        printer_columns=[
            {"name": "Pathway", "type": "string", "jsonPath": ".spec.pathwayId"},
            {"name": "Version", "type": "integer", "jsonPath": ".spec.versionNumber"},
            {"name": "Parent", "type": "integer", "jsonPath": ".spec.parentVersion"},
            {"name": "Source", "type": "string", "jsonPath": ".spec.provenance.source"},
            {"name": "Session", "type": "string", "priority": 1, "jsonPath": ".spec.provenance.sessionName"},
            _age(),
        ],
        selectable_fields=[".spec.pathwayId"],
        spec_rules=[{"rule": "self == oldSelf", "message": "PathwayVersion spec is immutable; create a new version instead"}],
    ),
    ResourceKind(
        kind="TestScenario",
        plural="testscenarios",
        singular="testscenario",
        short_names=["scn"],
        spec_model=TestScenarioSpec,
        status_model=None,
        description="One test case of a pathway: tester persona, scripted caller turns and assertions.",
        printer_columns=[
            {"name": "Pathway", "type": "string", "jsonPath": ".spec.pathwayId"},
            {"name": "Type", "type": "string", "jsonPath": ".spec.scenarioType"},
            {"name": "Category", "type": "string", "jsonPath": ".spec.category"},
            {"name": "Enabled", "type": "boolean", "jsonPath": ".spec.enabled"},
            _age(),
        ],
        selectable_fields=[".spec.pathwayId", ".spec.personaId"],
        customize=lambda spec: _assertion_schema(spec),
    ),
    ResourceKind(
        kind="TornadoSession",
        plural="tornadosessions",
        singular="tornadosession",
        short_names=["ts", "tornado"],
        spec_model=TornadoSessionSpec,
        status_model=TornadoSessionStatus,
        description="A tornado session: runs test scenarios against a pathway version, fixes "
        "failures as new versions and retests until everything passes or the loop stops. "
        "spec mirrors the hosted Tornado start request; status mirrors its status API.",
        printer_columns=[
            {"name": "Pathway", "type": "string", "jsonPath": ".spec.pathwayId"},
            {"name": "Status", "type": "string", "jsonPath": ".status.phase"},
            {"name": "Iteration", "type": "integer", "jsonPath": ".status.currentIteration"},
            {"name": "Passed", "type": "integer", "jsonPath": ".status.passedScenarios"},
            {"name": "Total", "type": "integer", "jsonPath": ".status.totalScenarios"},
            {"name": "Forked", "type": "integer", "priority": 1, "jsonPath": ".status.forkedVersion"},
            {"name": "Message", "type": "string", "priority": 1, "jsonPath": ".status.message"},
            _age(),
        ],
        selectable_fields=[".spec.pathwayId", ".spec.personaId"],
        spec_rules=[
            _immutable_required("pathwayId"),
            _immutable_optional("personaId"),
            _immutable_optional("scenarioIds"),
            _immutable_optional("versionNumber"),
            _immutable_required("maxIterations"),
            _immutable_required("timeoutMs"),
            _immutable_optional("runner"),
            # Creating a session that promotes needs the permission to promote (the webhook
            # checks it at create), so it may not be added afterwards.
            _immutable_optional("promote"),
            {
                "rule": "!oldSelf.cancel || self.cancel",
                "message": "spec.cancel cannot be set back to false",
                "fieldPath": ".cancel",
                "reason": "FieldValueInvalid",
            },
        ],
    ),
]



# --- JSON schema -> structural schema ------------------------------------------------------

_DROP_KEYS = {"title", "examples", "discriminator"}


def _resolve(schema: Any, defs: dict[str, Schema]) -> Any:
    if isinstance(schema, list):
        return [_resolve(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target = copy.deepcopy(defs[schema["$ref"].split("/")[-1]])
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return _resolve(merged, defs)
    return {key: _resolve(value, defs) for key, value in schema.items() if key != "$defs"}


def _structural(schema: Schema, *, keep_defaults: bool) -> Schema:
    schema = dict(schema)
    for key in _DROP_KEYS:
        schema.pop(key, None)
    if "anyOf" in schema:
        options = [option for option in schema.pop("anyOf") if option.get("type") != "null"]
        if len(options) != 1:
            raise ValueError(f"cannot express anyOf with {len(options)} non-null options structurally")
        inner = dict(options[0])
        # Outer keys (description, default) win over the inner schema's.
        schema = {**inner, **schema}
        if schema.get("default", "missing") is None:
            schema.pop("default")
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = {**schema.pop("allOf")[0], **schema}
    if schema.get("default", "missing") is None or not keep_defaults:
        schema.pop("default", None)
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    if "exclusiveMinimum" in schema and not isinstance(schema["exclusiveMinimum"], bool):
        schema["minimum"] = schema.pop("exclusiveMinimum")
        schema["exclusiveMinimum"] = True
    if "exclusiveMaximum" in schema and not isinstance(schema["exclusiveMaximum"], bool):
        schema["maximum"] = schema.pop("exclusiveMaximum")
        schema["exclusiveMaximum"] = True
    if schema.pop("uniqueItems", False):
        schema.setdefault("x-kubernetes-list-type", "set")
    additional = schema.get("additionalProperties")
    if additional is False or additional is True or (isinstance(additional, dict) and not additional):
        schema.pop("additionalProperties")
        if additional is True or additional == {}:
            schema["x-kubernetes-preserve-unknown-fields"] = True
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        schema.setdefault("type", "object")
        schema.pop("additionalProperties", None)
        schema.pop("properties", None)
    if "properties" in schema:
        schema["properties"] = {
            name: _structural(value, keep_defaults=keep_defaults)
            for name, value in schema["properties"].items()
        }
        schema.setdefault("type", "object")
    if isinstance(schema.get("additionalProperties"), dict):
        schema["additionalProperties"] = _structural(schema["additionalProperties"], keep_defaults=keep_defaults)
    if "items" in schema:
        # No defaults inside list items: client-side `kubectl apply` sends a JSON merge patch,
        # where a list is replaced whole; a list the API server filled with defaults never
        # equals the manifest's, so every apply of an unchanged object said "configured".
        # The models apply the same defaults when the operator reads the object.
        schema["items"] = _structural(schema["items"], keep_defaults=False)
    if "type" not in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
        raise ValueError(f"schema without a type: {schema}")
    if schema.get("required") == []:
        schema.pop("required")
    for key in _DROP_KEYS:  # the anyOf/allOf merges can bring titles back
        schema.pop(key, None)
    return schema


def model_schema(model: type[BaseModel], *, keep_defaults: bool = True) -> Schema:
    raw = model.model_json_schema(by_alias=True, mode="validation")
    resolved = _resolve(raw, raw.get("$defs", {}))
    return _enums_in_descriptions(_structural(resolved, keep_defaults=keep_defaults))


# kubectl explain lists a field's enum in the field listing only up to 4 values, then prints
# ", ...." (its plaintext template's "extractEnum" limit); the full list is shown only for the
# field itself. So longer enums are also written out in the description.
EXPLAIN_ENUM_LIMIT = 4


def _enums_in_descriptions(schema: Schema) -> Schema:
    values = schema.get("enum")
    if values is not None and len(values) > EXPLAIN_ENUM_LIMIT:
        listed = f"One of: {', '.join(str(value) for value in values)}."
        description = str(schema.get("description", "")).rstrip()
        if listed not in description:
            schema["description"] = f"{description} {listed}".strip()
    for key in ("properties",):
        for name, value in (schema.get(key) or {}).items():
            schema[key][name] = _enums_in_descriptions(value)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            schema[key] = _enums_in_descriptions(schema[key])
    return schema


# --- assertion configs: one schema for every type's keys, CEL rules per type ---------------


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """One config key as users see it (docs/assertions.md, kubectl explain)."""

    name: str  # wire name
    type: str  # "string", "list of strings", "one of max, avg, p95", ...
    required: bool
    default: str | None  # as YAML; None: no default
    bounds: str  # "0..1", ">= 1", "non-empty", ""
    description: str


def _type_text(prop: Schema) -> str:
    if "enum" in prop:
        return "one of " + ", ".join(str(value) for value in prop["enum"])
    if prop.get("type") == "array":
        return f"list of {_type_text(prop.get('items', {}))}s"
    return str(prop.get("type", "object"))


def _bounds_text(prop: Schema) -> str:
    low, high = prop.get("minimum"), prop.get("maximum")
    if low is not None and high is not None:
        return f"{low}..{high}"
    if low is not None:
        return f">= {low}"
    if high is not None:
        return f"<= {high}"
    if prop.get("minLength") == 1:
        return "non-empty"
    if prop.get("minItems"):
        return f"at least {prop['minItems']} item(s)"
    if prop.get("maxLength"):
        return f"at most {prop['maxLength']} characters"
    if prop.get("maxItems"):
        return f"at most {prop['maxItems']} items"
    return ""


def yaml_value(value: Any) -> str:
    """A value as it is written in YAML (flow style, one line)."""
    if isinstance(value, str) and value and value.strip() == value and not any(c in value for c in ":#{}[],&*!|>'\"%@`"):
        return value
    return json.dumps(value)


def field_docs(model: type[BaseModel]) -> list[FieldDoc]:
    schema = model_schema(model)
    required = set(schema.get("required", []))
    docs: list[FieldDoc] = []
    for (name, info), (wire, prop) in zip(model.model_fields.items(), schema["properties"].items(), strict=True):
        assert wire == (info.alias or name)
        default: str | None = None
        if not info.is_required():
            value = info.get_default(call_default_factory=True)
            default = None if value is None else yaml_value(getattr(value, "value", value))  # enums as their value
        docs.append(
            FieldDoc(
                name=wire,
                type=_type_text(prop),
                required=wire in required,
                default=default,
                bounds=_bounds_text(prop),
                description=str(prop.get("description", "")),
            )
        )
    return docs


def _keys_text(model: type[AssertionConfigModel]) -> str:
    return ", ".join(f"{doc.name}{'*' if doc.required else ''}" for doc in field_docs(model)) or "(none)"


def _cel_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{value}'" for value in values) + "]"


def _assertion_schema(spec: Schema) -> None:
    """spec.assertions[].config: every type's keys as typed properties (a key some types share
    gets the constraints they share; the rest is in its description), unknown keys kept for the
    webhook to name the closest one, and CEL rules rejecting a key of another type. A missing
    required key is left to the webhook (and the session start): schema validation runs before
    admission, so a CEL "required" would answer a misspelt key before the webhook could name
    the closest one."""
    item = spec["properties"]["assertions"]["items"]
    uses: dict[str, list[tuple[str, Schema, FieldDoc]]] = {}
    for kind, model in ASSERTION_CONFIGS.items():
        schema = model_schema(model)
        for doc in field_docs(model):
            uses.setdefault(doc.name, []).append((kind.value, schema["properties"][doc.name], doc))
    properties: dict[str, Schema] = {}
    for key, owners in uses.items():
        shapes = [{k: v for k, v in prop.items() if k not in ("description", "default")} for _, prop, _ in owners]
        if all(shape == shapes[0] for shape in shapes):
            merged: Schema = dict(shapes[0])
        else:
            types = {shape["type"] for shape in shapes}
            if len(types) != 1:
                raise ValueError(f"assertion config key {key!r} has different types: {sorted(types)}")
            merged = {"type": types.pop()}
            items = [shape.get("items") for shape in shapes]
            if items[0] is not None and all(entry == items[0] for entry in items):
                merged["items"] = items[0]
        parts: list[str] = []
        for owner, _prop, doc in owners:
            facts = [fact for fact in ("required" if doc.required else None, doc.bounds or None,
                                       f"default {doc.default}" if doc.default is not None else None) if fact]
            parts.append(f"{owner}: {doc.description}" + (f" ({'; '.join(facts)})" if facts else ""))
        merged["description"] = " ".join(parts)
        properties[key] = merged
    keys = {kind.value: _keys_text(model) for kind, model in ASSERTION_CONFIGS.items()}
    config = item["properties"]["config"]
    config["description"] = (
        "Settings of the assertion's type. Keys per type (* = required): "
        + "; ".join(f"{kind}: {text}" for kind, text in keys.items())
        + ". A key of another type is rejected; an unknown key is rejected naming the closest valid one. "
        "Reference with examples: docs/assertions.md."
    )
    config["properties"] = _enums_in_descriptions({"properties": properties})["properties"]
    keys_map = "{" + ", ".join(f"'{kind}': '{text.replace('*', '')}'" for kind, text in keys.items()) + "}"
    rules: list[dict[str, str]] = []
    for key, owners in uses.items():
        kinds = [kind for kind, _, _ in owners]
        rules.append(
            {
                "rule": f"!has(self.config) || !has(self.config.{key}) || self.type in {_cel_list(kinds)}",
                "messageExpression": f"'unknown ' + self.type + ' key ({key} is a {' / '.join(kinds)} key); ' "
                f"+ self.type + ' keys: ' + {keys_map}[self.type]",
                "fieldPath": f".config.{key}",
                "reason": "FieldValueForbidden",
            }
        )
    item["x-kubernetes-validations"] = rules


def crd(kind: ResourceKind) -> dict[str, Any]:
    spec_schema = model_schema(kind.spec_model)
    if kind.customize is not None:
        kind.customize(spec_schema)
    if kind.spec_rules:
        spec_schema["x-kubernetes-validations"] = kind.spec_rules
    properties: dict[str, Any] = {
        "apiVersion": {"type": "string", "description": "APIVersion of this object."},
        "kind": {"type": "string", "description": "Kind of this object."},
        "metadata": {"type": "object"},
        "spec": spec_schema,
    }
    version: dict[str, Any] = {
        "name": API_VERSION,
        "served": True,
        "storage": True,
        "additionalPrinterColumns": kind.printer_columns,
    }
    if kind.status_model is not None:
        # Status is written by the operator: no defaults, so it holds exactly what was written.
        # Except one: a session the operator has not seen yet reads as status
        # {observedGeneration: 0}, which kstatus, Flux and Argo CD take as "in progress"
        # (with no status at all, kstatus would call a new session Current).
        status_schema = model_schema(kind.status_model, keep_defaults=False)
        if kind.kind == "TornadoSession":
            status_schema["default"] = {"observedGeneration": 0}
        properties["status"] = status_schema
        version["subresources"] = {"status": {}}
    if kind.selectable_fields:
        version["selectableFields"] = [{"jsonPath": path} for path in kind.selectable_fields]
    version["schema"] = {
        "openAPIV3Schema": {
            "type": "object",
            "description": kind.description,
            "required": ["spec"],
            "properties": properties,
        }
    }
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {
            "name": kind.name,
            "labels": {"app.kubernetes.io/name": "tornado-operator", "app.kubernetes.io/part-of": "tornado-operator"},
        },
        "spec": {
            "group": API_GROUP,
            "scope": "Namespaced",
            "names": {
                "kind": kind.kind,
                "listKind": f"{kind.kind}List",
                "plural": kind.plural,
                "singular": kind.singular,
                "shortNames": kind.short_names,
                "categories": [CATEGORY],
            },
            "versions": [version],
        },
    }


def all_crds() -> dict[str, dict[str, Any]]:
    """File name -> CRD object, for every kind."""
    return {f"{API_GROUP}_{kind.plural}.yaml": crd(kind) for kind in KINDS}


def render_yaml(obj: dict[str, Any]) -> str:
    import yaml

    header = "# Generated by `tornado crds` from the pydantic models in tornado_operator/api. Do not edit.\n"
    return header + yaml.safe_dump(obj, sort_keys=False, width=120)


KUSTOMIZATION_FILE = "Kustomization"


def kustomization(file_names: list[str]) -> str:
    """crds/ as a kustomize resource (manifests/base uses `../../crds`). Named `Kustomization`,
    a name kustomize accepts, so it is not one of the generated *.yaml CRD files."""
    import yaml

    header = (
        "# Generated by `tornado crds`. Do not edit.\n"
        "# The CRDs as a kustomize resource (manifests/base uses `../../crds`).\n"
    )
    body = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": sorted(file_names)}
    return header + yaml.safe_dump(body, sort_keys=False)


def generated_files() -> dict[str, str]:
    """Every file `tornado crds` writes, by name."""
    files = {name: render_yaml(obj) for name, obj in all_crds().items()}
    files[KUSTOMIZATION_FILE] = kustomization(list(files))
    return files

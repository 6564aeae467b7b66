"""The generated CRDs: in sync with the models, and carrying what kubectl users rely on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tornado_operator.api.crd import KUSTOMIZATION_FILE, all_crds, generated_files, render_yaml

CRDS = Path(__file__).resolve().parents[2] / "crds"


def load(plural: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CRDS / f"agenttesting.dev_{plural}.yaml").read_text())
    return data


def version(plural: str) -> dict[str, Any]:
    versions: list[dict[str, Any]] = load(plural)["spec"]["versions"]
    return versions[0]


def spec_schema(plural: str) -> dict[str, Any]:
    schema: dict[str, Any] = version(plural)["schema"]["openAPIV3Schema"]["properties"]["spec"]
    return schema


@pytest.mark.parametrize("name", sorted(all_crds()))
def test_crds_match_models(name: str) -> None:
    """Fails when crds/ was edited by hand or the models changed without `make crds`."""
    assert (CRDS / name).read_text() == render_yaml(all_crds()[name]), f"crds/{name} is stale: run `make crds`"


def test_no_extra_files_in_crds() -> None:
    assert sorted(path.name for path in CRDS.iterdir()) == sorted(generated_files())
    assert (CRDS / KUSTOMIZATION_FILE).read_text() == generated_files()[KUSTOMIZATION_FILE]


def test_session_printer_columns() -> None:
    columns = {column["name"].upper(): column for column in version("tornadosessions")["additionalPrinterColumns"]}
    for name in ("PATHWAY", "STATUS", "ITERATION", "PASSED", "TOTAL", "AGE"):
        assert name in columns
    assert columns["STATUS"]["jsonPath"] == ".status.phase"
    assert columns["AGE"]["type"] == "date"


@pytest.mark.parametrize(
    ("plural", "short"),
    [("tornadosessions", ["ts", "tornado"]), ("pathways", ["pw"]), ("pathwayversions", ["pwv"]), ("testscenarios", ["scn"])],
)
def test_short_names_and_category(plural: str, short: list[str]) -> None:
    names = load(plural)["spec"]["names"]
    assert names["shortNames"] == short
    assert names["categories"] == ["agenttesting"]


def test_session_defaults_and_bounds() -> None:
    props = spec_schema("tornadosessions")["properties"]
    assert props["maxIterations"]["default"] == 5
    assert (props["maxIterations"]["minimum"], props["maxIterations"]["maximum"]) == (1, 20)
    assert props["timeoutMs"]["default"] == 900000
    assert (props["timeoutMs"]["minimum"], props["timeoutMs"]["maximum"]) == (1000, 86400000)
    assert props["scenarioIds"]["maxItems"] == 50
    assert props["scenarioIds"]["x-kubernetes-list-type"] == "set"
    assert props["pathwayId"]["pattern"] == "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    assert spec_schema("tornadosessions")["required"] == ["pathwayId"]


def test_scenario_max_turns() -> None:
    props = spec_schema("testscenarios")["properties"]
    assert props["maxTurns"]["default"] == 20
    assert (props["maxTurns"]["minimum"], props["maxTurns"]["maximum"]) == (1, 50)
    assert "NODE_REACHED" in props["assertions"]["items"]["properties"]["type"]["enum"]


def test_cel_rules() -> None:
    rules = {rule["message"]: rule for rule in spec_schema("tornadosessions")["x-kubernetes-validations"]}
    assert "spec.pathwayId is immutable" in rules
    assert "spec.scenarioIds is immutable" in rules
    assert not any(message == "spec.cancel is immutable" for message in rules)
    assert rules["spec.cancel cannot be set back to false"]["rule"] == "!oldSelf.cancel || self.cancel"
    version_rules = spec_schema("pathwayversions")["x-kubernetes-validations"]
    assert version_rules[0]["rule"] == "self == oldSelf"


def test_selectable_fields() -> None:
    assert version("tornadosessions")["selectableFields"] == [
        {"jsonPath": ".spec.pathwayId"},
        {"jsonPath": ".spec.personaId"},
    ]


def test_status_subresource_and_explain_descriptions() -> None:
    assert version("tornadosessions")["subresources"] == {"status": {}}
    assert "timeout" in spec_schema("tornadosessions")["properties"]["timeoutMs"]["description"].lower()

    def walk(schema: dict[str, Any], path: str) -> None:
        for name, child in schema.get("properties", {}).items():
            assert child.get("description"), f"{path}.{name} has no description (kubectl explain)"
            walk(child, f"{path}.{name}")
        if "items" in schema:
            walk(schema["items"], path + "[]")

    for plural in ("tornadosessions", "pathways", "pathwayversions", "testscenarios"):
        walk(spec_schema(plural), f"{plural}.spec")


def test_structural_schema_has_no_forbidden_keys() -> None:
    forbidden = {"$ref", "anyOf", "allOf", "oneOf", "uniqueItems", "title", "$defs"}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            assert not forbidden & set(node), f"{path} has {forbidden & set(node)}"
            assert node.get("additionalProperties") is not False, path
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    for name, obj in all_crds().items():
        walk(obj, name)


def _enums(schema: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = [(path, schema)] if isinstance(schema, dict) and "enum" in schema else []
    if isinstance(schema, dict):
        for name, value in (schema.get("properties") or {}).items():
            found += _enums(value, f"{path}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                found += _enums(schema[key], path + "[]")
    return found


@pytest.mark.parametrize("name", sorted(all_crds()))
def test_long_enums_are_listed_in_full_in_the_description(name: str) -> None:
    """kubectl explain shows only 4 enum values in a field listing (then ', ....'): longer
    enums are written out in the description so the listing shows every value."""
    schema = all_crds()[name]["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    for path, enum in _enums(schema):
        if len(enum["enum"]) > 4:
            assert f"One of: {', '.join(enum['enum'])}." in enum["description"], path


def test_assertion_config_rules_cover_every_key() -> None:
    from tornado_operator.api.scenario import ASSERTION_CONFIGS

    item = spec_schema("testscenarios")["properties"]["assertions"]["items"]
    rules = {rule["fieldPath"]: rule for rule in item["x-kubernetes-validations"] if rule["reason"] == "FieldValueForbidden"}
    keys = {key for model in ASSERTION_CONFIGS.values() for key in model.wire_names()}
    assert set(item["properties"]["config"]["properties"]) == keys
    assert set(rules) == {f".config.{key}" for key in keys}
    assert len(rules) == len(item["x-kubernetes-validations"])
    assert item["properties"]["config"]["x-kubernetes-preserve-unknown-fields"] is True

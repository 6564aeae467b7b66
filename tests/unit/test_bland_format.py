"""Bland's pathway JSON in and out (formats/bland): field by field, on fixtures composed from
the documented shapes (tests/fixtures/bland), every uncertain variant of the notes included.

Fixtures: clinic-docs.json (the docs-shaped example: pseudo-node prompt, webhook, global),
real-export.json (canvas layout, tags, model options, every node type, extractVars of 3 to 6,
legacy response routes, unknown top-level keys), cookbook-update.json (top-level globalConfig,
labels at the top only, "Transfer Node", lowercase method), get-response.json ({"data": ...}
envelope, legacy data.globalPrompt, an edge without id and one with a numeric id),
update-response.json ({"pathway_data": ...}, the pseudo-node not last, differing prompts).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tornado_operator.api.pathway import NodeType, PathwayGraph
from tornado_operator.engine.repair.apply import apply_patch
from tornado_operator.engine.repair.model import Patch
from tornado_operator.formats.bland import (
    BlandFormatError,
    pathway_body,
    publish_body,
    read_pathway,
    version_body,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bland"
NAMES = ["clinic-docs", "real-export", "cookbook-update", "get-response", "update-response"]


def load(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def unwrapped(name: str) -> dict[str, Any]:
    data = load(name)
    for envelope in ("data", "pathway_data"):
        if "nodes" not in data and envelope in data:
            data = data[envelope]
    return data  # type: ignore[no-any-return]


def graph_of(name: str) -> PathwayGraph:
    return read_pathway(load(name))[0]


def node_json(body: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(node for node in body["nodes"] if node.get("id") == node_id)


# --- the round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_import_then_export_gives_the_source_back_exactly(name: str) -> None:
    graph, _ = read_pathway(load(name))
    assert pathway_body(graph, name="ignored") == unwrapped(name)


@pytest.mark.parametrize("name", NAMES)
def test_import_export_import_is_lossless(name: str) -> None:
    graph = graph_of(name)
    again, _ = read_pathway(pathway_body(graph, name="x"))
    assert again == graph
    assert again.model_dump() == graph.model_dump()


@pytest.mark.parametrize("name", NAMES)
def test_the_imported_graph_survives_a_manifest_round_trip(name: str) -> None:
    """What `tornado import` writes (defaults left out) validates back to the same graph."""
    graph = graph_of(name)
    manifest = json.loads(json.dumps(graph.model_dump(by_alias=True, exclude_defaults=True, mode="json")))
    assert PathwayGraph.model_validate(manifest) == graph


# --- nodes, field by field --------------------------------------------------------------------


def test_default_nodes_text_prompt_condition_and_start() -> None:
    graph = graph_of("clinic-docs")
    start = graph.node("start")
    assert (start.type, start.is_start, start.text, start.prompt) == (
        NodeType.DEFAULT, True, "Hi, this is the clinic line. How can I help?", "",
    )
    assert graph.start_node == "start"
    collect = graph.node("collect")
    assert collect.prompt == "Ask which day suits them."
    assert collect.condition == "User has named a specific day."
    assert collect.text == ""


def test_end_call_and_transfer_nodes() -> None:
    graph = graph_of("real-export")
    booked = graph.node("randomnode_1712000000003")
    assert booked.type is NodeType.END_CALL
    assert booked.text == "You're booked for {{visit_day}}, reference {{visit_id}}. Goodbye!"
    transfer = graph.node("randomnode_1712000000004")
    assert transfer.type is NodeType.TRANSFER
    assert transfer.transfer is not None and transfer.transfer.target == "+15550100100"
    assert transfer.text == "Transferring you to dispatch now."
    assert transfer.passthrough is not None
    warm = transfer.passthrough.fields["data"]["warmTransferFields"]
    assert warm["voicemailTargetNode"] == {"id": "randomnode_1712000000003", "name": "Booked"}
    assert transfer.passthrough.fields["data"]["twilioAppTransferFields"] == {}


def test_transfer_node_spelling_is_read_and_written_back() -> None:
    graph = graph_of("cookbook-update")
    baker = graph.node("randomnode_1710288871721")
    assert baker.type is NodeType.TRANSFER
    assert baker.transfer is not None and baker.transfer.target == "+15550199000"
    assert node_json(pathway_body(graph, name="x"), baker.id)["type"] == "Transfer Node"


def test_webhook_fields() -> None:
    node = graph_of("real-export").node("randomnode_1712000000002")
    assert node.type is NodeType.WEBHOOK and node.webhook is not None
    hook = node.webhook
    assert hook.url == "https://acme.example/v1/visits?zip={{zip}}"
    assert hook.method == "POST"
    assert hook.headers == {"Authorization": "Bearer {{ SECRET.AcmeKey }}", "Content-Type": "application/json"}
    # Bland's body is a JSON *string* with {{var}} placeholders; this one is not JSON before rendering
    assert hook.body_text == '{"zip": "{{zip}}", "units": {{unit_count}}, "name": "{{caller_name}}"}'
    assert hook.body == {}
    assert [(v.name, v.data, v.context) for v in hook.response_data] == [
        ("visit_id", "$.visit.id", "The booking reference"),
        ("visit_day", "$.visit.day", ""),
    ]
    assert [(r.variable, r.operator, r.value, r.target_node_id, r.target_name) for r in hook.response_routes] == [
        ("BlandStatusCode", "==", "404", "randomnode_1712000000007", "Not served"),
        ("visit_id", "!=", "", "randomnode_1712000000003", "Booked"),
        ("Default/Webhook Completion", "", "", "randomnode_1712000000007", "Fallback"),  # the legacy default tuple
    ]
    assert node.passthrough is not None
    assert node.passthrough.fields["data"] == {"timeoutValue": 10, "retryAttempts": 2, "modelOptions": {"modelType": "smart"}}


def test_webhook_lowercase_method_is_understood_and_its_spelling_kept() -> None:
    graph = graph_of("cookbook-update")
    hook = graph.node("randomnode_1710288871799").webhook
    assert hook is not None and hook.method == "POST" and hook.body_text == "{}"
    assert node_json(pathway_body(graph, name="x"), "randomnode_1710288871799")["data"]["method"] == "post"
    changed = graph.model_copy(deep=True)
    assert changed.nodes[3].webhook is not None
    changed.nodes[3].webhook.method = "PUT"
    assert node_json(pathway_body(changed, name="x"), "randomnode_1710288871799")["data"]["method"] == "PUT"


def test_global_nodes() -> None:
    graph = graph_of("real-export")
    pricing = graph.node("randomnode_1712000000005")
    assert pricing.is_global and pricing.global_label == "Caller asks about price"
    assert pricing.global_description.startswith("The caller asks what a visit costs")
    assert pricing.global_auto_return is True
    assert pricing.global_match is not None and pricing.global_match.keywords == [] and not pricing.global_match.always
    assert pricing.passthrough is not None
    assert pricing.passthrough.fields["data"] == {
        "prevNodePathwayLabel": "Pricing answered", "prevNodePathwayDescription": "Go back to where we were",
    }
    voicemail = graph.node("randomnode_1712000000006")
    assert voicemail.type is NodeType.END_CALL and voicemail.is_global and not voicemail.global_auto_return


def test_extract_vars_tuples_of_three_to_six() -> None:
    node = graph_of("real-export").node("1")
    assert [(v.name, v.type, v.description) for v in node.extract_vars] == [
        ("visit_wanted", "boolean", "Whether the caller wants a technician visit"),
        ("caller_name", "string", "The caller's full name"),
        ("callback_number", "string", "A number to call back"),
        ("unit_count", "integer", "How many units need service"),
    ]
    assert all(v.pattern is None for v in node.extract_vars)
    assert node.passthrough is not None
    assert node.passthrough.form["extractVarTails"] == {
        "caller_name": [True], "callback_number": [False, False], "unit_count": [False, False, True],
    }
    written = node_json(pathway_body(graph_of("real-export"), name="x"), "1")["data"]["extractVars"]
    assert [len(entry) for entry in written] == [3, 4, 5, 6]


def test_unknown_node_fields_survive_verbatim() -> None:
    source = unwrapped("real-export")
    graph = graph_of("real-export")
    node = graph.node("1")
    assert node.passthrough is not None
    fields = node.passthrough.fields
    original = source["nodes"][0]
    for key in ("width", "height", "selected", "dragging", "position", "positionAbsolute"):
        assert fields[key] == original[key]
    for key in ("tag", "modelOptions", "pathwayExamples", "conditionExamples", "dialogueExamples", "extractVarSettings", "userWait", "active"):
        assert fields["data"][key] == original["data"][key]
    tools = graph.node("randomnode_1712000000001").passthrough
    assert tools is not None and tools.fields["data"]["tools"] == source["nodes"][1]["data"]["tools"]


def test_unsupported_node_types_are_kept_marked_and_reported_one_line_each() -> None:
    graph, report = read_pathway(load("real-export"))
    unsupported = {node.id: node.imported_type for node in graph.nodes if node.type is NodeType.UNSUPPORTED}
    assert unsupported == {
        "randomnode_1712000000007": "Knowledge Base",
        "randomnode_1712000000008": "SMS",
        "randomnode_1712000000009": "Custom Code",
        "randomnode_1712000000010": "Route",
        "randomnode_1712000000011": "Press Button",
        "randomnode_1712000000012": "Wait for Response",
        "randomnode_1712000000013": "Transfer Pathway",
        "randomnode_1712000000014": "Scheduling",
    }
    assert len(report.unsupported) == 8
    for node_id, bland_type in unsupported.items():
        [line] = [line for line in report.unsupported if node_id in line]
        assert repr(bland_type) in line and "not simulated" in line
    kb = graph.node("randomnode_1712000000007")
    assert kb.prompt == "Answer questions about where we work."
    assert kb.passthrough is not None and kb.passthrough.fields["data"]["kb"] == "We serve ZIP codes 94101 to 94188."
    code = graph.node("randomnode_1712000000009").passthrough
    assert code is not None and code.fields["data"]["snippet_variables"] == {"day": "{{visit_day}}"}
    body = pathway_body(graph, name="x")
    assert node_json(body, "randomnode_1712000000010")["type"] == "Route"
    assert node_json(body, "randomnode_1712000000010")["data"]["fallbackNodeId"] == "randomnode_1712000000001"


def test_a_transfer_without_number_and_a_webhook_without_url_become_unsupported() -> None:
    data = unwrapped("cookbook-update")
    del data["nodes"][2]["data"]["transferNumber"]
    del data["nodes"][3]["data"]["url"]
    graph, report = read_pathway(data)
    assert graph.nodes[2].type is NodeType.UNSUPPORTED and graph.nodes[2].imported_type == "Transfer Node"
    assert graph.nodes[3].type is NodeType.UNSUPPORTED and graph.nodes[3].imported_type == "Webhook"
    assert any("without data.transferNumber" in line for line in report.notes)
    assert any("without data.url" in line for line in report.notes)
    assert pathway_body(graph, name="x") == data


# --- edges ------------------------------------------------------------------------------------


def test_edge_labels_at_the_top_under_data_or_both() -> None:
    docs = graph_of("clinic-docs")  # both places, equal
    assert docs.edges[0].label == "Caller wants an appointment" and docs.edges[0].passthrough is not None
    assert docs.edges[0].passthrough.form == {}  # the canonical form: both places
    cookbook = graph_of("cookbook-update")  # top-level only
    assert [e.label for e in cookbook.edges] == ["No order", "Special request", "Order given"]
    assert cookbook.edges[2].description == "The caller named what they want"
    body = pathway_body(cookbook, name="x")
    assert "data" not in body["edges"][0] and body["edges"][0]["label"] == "No order"
    real = graph_of("real-export")  # data only
    assert real.edges[0].label == "Caller wants a visit"
    assert real.edges[0].description == "They said yes to booking, or asked for a technician."
    assert "label" not in pathway_body(real, name="x")["edges"][0]


def test_edge_labels_that_differ_keep_both() -> None:
    graph = graph_of("get-response")
    edge = graph.edges[1]  # top "Repeat", data "Say it again"
    assert edge.label == "Say it again"
    assert edge.passthrough is not None and edge.passthrough.fields["label"] == "Repeat"
    written = pathway_body(graph, name="x")["edges"][1]
    assert (written["label"], written["data"]["label"]) == ("Repeat", "Say it again")


def test_edge_always_pick_condition_and_ids() -> None:
    graph = graph_of("real-export")
    always = graph.edges[2]
    assert always.match.always is True and always.label == "continue"
    conditional = graph.edges[1]
    assert [(c.field, c.operator, c.value) for c in conditional.variable_conditions] == [("validation_failed", "is", "true")]
    assert conditional.match.always is False
    explicit_false = graph.edges[4]
    assert explicit_false.match.always is False
    assert pathway_body(graph, name="x")["edges"][4]["data"]["alwaysPick"] is False
    legacy = graph_of("get-response")
    assert [edge.id for edge in legacy.edges] == ["1", "edge-2", "edge-3"]  # missing and numeric ids: kept, replaced here
    assert "id" not in pathway_body(legacy, name="x")["edges"][1]
    assert pathway_body(legacy, name="x")["edges"][2]["id"] == 7


# --- the pathway ------------------------------------------------------------------------------


def test_global_prompt_in_the_pseudo_node() -> None:
    graph = graph_of("clinic-docs")
    assert graph.global_prompt == "Be brief and polite. Never invent availability."
    body = pathway_body(graph, name="x")
    assert body["nodes"][-1] == {"globalConfig": {"globalPrompt": graph.global_prompt}}
    assert "globalConfig" not in body


def test_global_prompt_in_top_level_global_config() -> None:
    graph = graph_of("cookbook-update")
    assert graph.global_prompt == "You take bakery orders. Keep it short."
    assert graph.passthrough is not None and graph.passthrough.fields["globalConfig"] == {"voice": "maya"}
    body = pathway_body(graph, name="x")
    assert body["globalConfig"] == {"globalPrompt": graph.global_prompt, "voice": "maya"}
    assert all("id" in node for node in body["nodes"])  # no pseudo-node added


def test_global_prompt_legacy_node_field() -> None:
    graph = graph_of("get-response")
    assert graph.global_prompt == "Legacy global prompt on a node."
    assert node_json(pathway_body(graph, name="x"), "1")["data"]["globalPrompt"] == graph.global_prompt


def test_differing_global_prompts_the_pseudo_node_wins_and_nothing_is_lost() -> None:
    graph, report = read_pathway(load("update-response"))
    assert graph.global_prompt == "Pseudo-node prompt"
    assert any("different global prompts" in line for line in report.notes)
    body = pathway_body(graph, name="x")
    assert body["globalConfig"] == {"globalPrompt": "Top-level prompt that differs"}
    assert body["nodes"][3] == {"globalConfig": {"globalPrompt": "Pseudo-node prompt"}, "note": "not last"}


def test_a_tornado_pathway_gets_both_global_prompt_places() -> None:
    graph = PathwayGraph.model_validate(
        {"globalPrompt": "Be kind.", "nodes": [{"id": "a", "isStart": True, "text": "Hi"}]}
    )
    body = pathway_body(graph, name="mine")
    assert body["name"] == "mine"
    assert body["globalConfig"] == {"globalPrompt": "Be kind."}
    assert body["nodes"][-1] == {"globalConfig": {"globalPrompt": "Be kind."}}
    assert read_pathway(body)[0].global_prompt == "Be kind."


def test_unknown_top_level_keys_and_the_name_survive() -> None:
    graph = graph_of("real-export")
    source = unwrapped("real-export")
    assert graph.passthrough is not None
    for key in ("name", "analysis_options", "entity_schemas", "memory_enabled", "post_call_actions"):
        assert graph.passthrough.fields[key] == source[key]
    assert pathway_body(graph, name="other")["name"] == source["name"]
    get = graph_of("get-response")
    assert get.passthrough is not None
    assert {k: get.passthrough.fields[k] for k in ("pathway_id", "production_version_number", "version_number")} == {
        "pathway_id": "9d404c1b-6a23-4426-953a-a52c392ff8f1", "production_version_number": 4, "version_number": 5,
    }


def test_envelopes_are_unwrapped_and_reported() -> None:
    _, report = read_pathway(load("get-response"))
    assert any("'data' envelope" in line for line in report.notes)
    _, report = read_pathway(load("update-response"))
    assert any("'pathway_data' envelope" in line for line in report.notes)
    nested, _ = read_pathway({"data": {"data": unwrapped("clinic-docs")}})  # convo_pathway get_one: .data.data
    assert nested == graph_of("clinic-docs")


# --- what tornado changed is written, what it did not is kept ---------------------------------


def test_a_fixed_graph_exports_the_fix_and_keeps_everything_else() -> None:
    graph = graph_of("real-export")
    data = graph.model_dump(by_alias=True)
    apply_patch(data, Patch(op="append_text", node="1", values=["We also service heat pumps."]))
    apply_patch(data, Patch(op="add_keywords", node="1", edge="reactflow__edge-1-randomnode_1712000000001", values=["technician"]))
    apply_patch(data, Patch(op="add_edge", node="randomnode_1712000000001", target="randomnode_1712000000004", values=["dispatch"]))
    fixed = PathwayGraph.model_validate(data)
    body = pathway_body(fixed, name="x")
    start = node_json(body, "1")
    assert start["data"]["text"] == (
        "Hi {{first_name}}, this is Sam from Acme Heating. We also service heat pumps. Is now a good time?"
    )
    assert start["position"] == {"x": 100, "y": 40} and start["data"]["tag"] == {"name": "entry", "color": "#7c3aed"}
    edge = body["edges"][0]
    assert edge["data"]["tornado"] == {"match": {"keywords": ["technician"], "patterns": []}}
    assert edge["data"]["isHighlighted"] is False and edge["type"] == "custom"
    new = body["edges"][-1]
    assert (new["source"], new["target"], new["label"], new["data"]["label"]) == (
        "randomnode_1712000000001", "randomnode_1712000000004", "caller asks: dispatch", "caller asks: dispatch",
    )
    assert read_pathway(body)[0] == fixed


def test_a_tornado_pathway_round_trips_its_tornado_only_settings() -> None:
    import yaml

    spec = yaml.safe_load((Path(__file__).resolve().parents[2] / "examples" / "support-line" / "pathway.yaml").read_text())["spec"]
    graph = PathwayGraph.model_validate(spec)
    body = pathway_body(graph, name="support-line")
    menu = node_json(body, "main-menu")
    assert menu["data"]["tornado"] == {"config": {"retryThreshold": 3, "fallbackNodeId": "front-desk-transfer"}}
    manager = node_json(body, "manager-escalation")
    assert manager["type"] == "Transfer Call" and manager["data"]["transferNumber"] == "+1-555-0142"
    assert manager["data"]["tornado"]["globalMatch"]["keywords"] == ["manager", "supervisor"]
    hook = node_json(body, "booking-create")["data"]
    assert json.loads(hook["body"]) == {"day": "{{appointment_day}}", "zip": "{{zip_code}}", "source": "phone"}
    assert body["edges"][0]["data"]["alwaysPick"] is True
    again = read_pathway(body)[0]
    assert [(n.id, n.type, n.text, n.config, n.global_match, [(v.name, v.pattern) for v in n.extract_vars]) for n in again.nodes] == [
        (n.id, n.type, n.text, n.config, n.global_match, [(v.name, v.pattern) for v in n.extract_vars]) for n in graph.nodes
    ]
    assert [(e.id, e.label, e.match) for e in again.edges] == [(e.id, e.label, e.match) for e in graph.edges]
    assert pathway_body(again, name="support-line") == body  # writing is idempotent after one pass


# --- kept as is, and errors -------------------------------------------------------------------


def test_known_keys_of_unexpected_shape_are_kept_as_is_and_reported() -> None:
    data = unwrapped("cookbook-update")
    hook = data["nodes"][3]["data"]
    hook["method"] = "FETCH"
    hook["extractVars"] = [["item", "string"]]
    hook["headers"] = [["X-Key", "1"]]
    hook["responsePathways"] = [["x", "==", {"id": "1"}]]
    data["nodes"][0]["data"]["text"] = None
    graph, report = read_pathway(data)
    node = graph.nodes[3]
    assert node.webhook is not None and node.webhook.method == "POST" and node.extract_vars == []
    assert graph.nodes[0].text == ""
    kept = "\n".join(report.kept)
    for key in ("data.method", "data.extractVars", "data.headers", "data.responsePathways", "data.text"):
        assert key in kept
    assert pathway_body(graph, name="x") == data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(nodes="x"), "nodes: expected a list, got str"),
        (lambda d: d.pop("nodes"), "nodes: required"),
        (lambda d: d["nodes"][0].pop("id"), "nodes[0]: id: required"),
        (lambda d: d["nodes"][0].update(id=5), "nodes[0]: id: a number (5)"),
        (lambda d: d["nodes"][0].update(id="has space"), "is not a tornado node id"),
        (lambda d: d["nodes"][1].update(data="x"), "nodes[1] (id 'collect'): data: expected an object"),
        (lambda d: d["edges"][0].update(target="nowhere"), "edges[0].target: edge 'e1' points at missing node 'nowhere'"),
        (lambda d: d["edges"][0].pop("source"), "edges[0] (id 'e1'): source: required"),
        (lambda d: d["nodes"][1]["data"].update(isStart=True), "2 start nodes (start, collect)"),
        (lambda d: d["nodes"][0]["data"].pop("isStart"), "give the start node with --start-node ID"),
        (lambda d: d["nodes"][1]["data"].update(tornado={"bogus": 1}), "data.tornado: unknown key(s) bogus"),
    ],
)
def test_bad_input_names_the_node_edge_and_key(mutate: Any, message: str) -> None:
    data = copy.deepcopy(load("clinic-docs"))
    mutate(data)
    with pytest.raises(BlandFormatError) as caught:
        read_pathway(data)
    assert message in str(caught.value)


def test_start_node_option_when_none_is_marked() -> None:
    data = load("clinic-docs")
    data["nodes"][0]["data"].pop("isStart")
    graph, _ = read_pathway(data, start_node_id="collect")
    assert graph.start_node == "collect"


def test_not_an_object() -> None:
    with pytest.raises(BlandFormatError, match="got list"):
        read_pathway([1, 2])


# --- request bodies ---------------------------------------------------------------------------


def test_version_body_carries_the_prompt_in_the_nodes() -> None:
    graph = graph_of("cookbook-update")  # prompt only at the top level
    body = version_body(graph, name="tornado fix: fix-001")
    assert set(body) == {"name", "nodes", "edges"}
    assert body["name"] == "tornado fix: fix-001"
    assert body["nodes"][-1] == {"globalConfig": {"globalPrompt": "You take bakery orders. Keep it short."}}
    assert read_pathway(body)[0].global_prompt == graph.global_prompt


@pytest.mark.parametrize("environment", ["production", "staging"])
def test_publish_body(environment: str) -> None:
    assert publish_body(7, environment) == {"version_id": 7, "environment": environment}


@pytest.mark.parametrize(("version", "environment", "message"), [
    (3, "prod", "environment: 'prod' is not one of production, staging"),
    (-1, "staging", "version: -1 is not a version number"),
    (True, "staging", "version: True is not a version number"),
])
def test_publish_body_rejects_bad_input(version: Any, environment: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        publish_body(version, environment)

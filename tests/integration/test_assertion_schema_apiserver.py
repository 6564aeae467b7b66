"""Assertion configs on a real API server: typed keys, CEL rules per type, and what
`kubectl explain` shows a user writing a scenario."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from kubehelpers import install_crds, kubectl_json, temp_namespace
from tornado_operator.api.scenario import ASSERTION_CONFIGS, AssertionType


@pytest.fixture(scope="module")
def ns(cluster: Any) -> Iterator[str]:
    install_crds(cluster)
    with temp_namespace(cluster, "asrt") as namespace:
        yield namespace


def scenario(name: str, *assertions: dict[str, Any]) -> str:
    return yaml.safe_dump(
        {
            "apiVersion": "agenttesting.dev/v1alpha1",
            "kind": "TestScenario",
            "metadata": {"name": name},
            "spec": {"pathwayId": "p", "inputMessages": ["hi"], "assertions": list(assertions)},
        }
    )


def create(cluster: Any, ns: str, doc: str) -> Any:
    return cluster.kubectl("create", "-n", ns, "-f", "-", input=doc, check=False)


def test_every_example_is_accepted_as_written(cluster: Any, ns: str) -> None:
    examples = [copy.deepcopy(model.example) for model in ASSERTION_CONFIGS.values()]
    result = create(cluster, ns, scenario("examples", *examples))
    assert result.returncode == 0, result.stderr
    stored = kubectl_json(cluster, "get", "scn", "examples", "-n", ns)["spec"]["assertions"]
    assert [item["config"] for item in stored] == [example["config"] for example in examples]  # no defaults injected


@pytest.mark.parametrize(
    ("assertion", "message"),
    [
        (
            {"type": "NODE_REACHED", "config": {"nodeId": "a", "inOrder": True}},
            "spec.assertions[0].config.inOrder: Forbidden: unknown NODE_REACHED key (inOrder is a NODES_VISITED key); NODE_REACHED keys: nodeId",
        ),
        (
            {"type": "NODES_VISITED", "config": {"nodeIds": "a"}},
            'spec.assertions[0].config.nodeIds: Invalid value: "string": spec.assertions[0].config.nodeIds in body must be of type array',
        ),
        (
            {"type": "BLAND_TONE", "config": {"threshold": 2}},
            "spec.assertions[0].config.threshold: Invalid value: 2: spec.assertions[0].config.threshold in body should be less than or equal to 1",
        ),
    ],
)
def test_the_api_server_rejects_wrong_configs_naming_the_field(cluster: Any, ns: str, assertion: dict[str, Any], message: str) -> None:
    result = create(cluster, ns, scenario("bad", assertion))
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_unknown_and_missing_keys_are_left_to_the_webhook(cluster: Any, ns: str) -> None:
    # The schema keeps unknown keys (x-kubernetes-preserve-unknown-fields) instead of pruning a
    # typo silently, and does not require the required ones: schema validation runs before
    # admission, and the webhook (then the session start, and `tornado validate`) answers a
    # misspelt key naming the closest valid one. No webhook runs in this test.
    result = create(cluster, ns, scenario("typo", {"type": "NODE_REACHED", "config": {"nodeid": "a"}}))
    assert result.returncode == 0, result.stderr
    stored = kubectl_json(cluster, "get", "scn", "typo", "-n", ns)
    assert stored["spec"]["assertions"][0]["config"] == {"nodeid": "a"}


def explain(cluster: Any, path: str) -> str:
    result = cluster.kubectl("explain", path, check=False)
    assert result.returncode == 0, result.stderr
    return str(result.stdout)


def test_kubectl_explain_lists_every_type_and_every_key(cluster: Any, ns: str) -> None:
    listing = " ".join(explain(cluster, "testscenario.spec.assertions").split())
    for kind in AssertionType:
        assert kind.value in listing, f"{kind.value} missing from the field listing: {listing}"
    config = " ".join(explain(cluster, "testscenario.spec.assertions.config").split())
    for kind, model in ASSERTION_CONFIGS.items():
        assert f"{kind.value}:" in config
        for key in model.wire_names():
            assert key in config, (kind, key)
    node_id = " ".join(explain(cluster, "testscenario.spec.assertions.config.nodeId").split())
    assert "NODE_REACHED: The node the conversation must reach" in node_id
    assert "WEBHOOK_TRIGGERED: The webhook node expected to fire" in node_id


def test_the_init_template_is_accepted_as_written(cluster: Any, ns: str, tmp_path: Any) -> None:
    from tornado_operator.engine.authoring.template import template_files

    for name, text in template_files("pizza-orders").items():
        if name == "session.yaml":
            continue  # a session needs the operator; its schema is tested elsewhere
        result = cluster.kubectl("apply", "-n", ns, "-f", "-", input=text, check=False)
        assert result.returncode == 0, (name, result.stderr)

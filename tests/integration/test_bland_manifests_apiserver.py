"""Imported Bland pathways on a real API server: what `tornado import` writes is accepted by the
generated CRD and read back unchanged, kept fields (positions, tags, nulls, mixed lists) included."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubehelpers import install_crds, kubectl_json, temp_namespace
from tornado_operator.api.pathway import Pathway
from tornado_operator.formats.bland import pathway_body

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bland"


@pytest.fixture(scope="module")
def ns(cluster: Any) -> Iterator[str]:
    install_crds(cluster)
    with temp_namespace(cluster, "bland") as namespace:
        yield namespace


@pytest.mark.parametrize("fixture", ["real-export", "cookbook-update", "get-response", "update-response", "clinic-docs"])
def test_an_imported_pathway_round_trips_through_the_api_server(cluster: Any, ns: str, tmp_path: Path, fixture: str) -> None:
    manifest = tmp_path / "pathway.yaml"
    imported = subprocess.run(
        [sys.executable, "-m", "tornado_operator.cli.main", "import", "--from", "bland", str(FIXTURES / f"{fixture}.json"),
         "--name", fixture, "-o", str(manifest)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert imported.returncode == 0, imported.stderr
    written = Pathway.model_validate(yaml.safe_load(manifest.read_text()))
    cluster.kubectl("apply", "-n", ns, "-f", str(manifest))
    stored = Pathway.model_validate(kubectl_json(cluster, "get", "pathway", fixture, "-n", ns))
    assert stored.spec.graph() == written.spec.graph()
    source = json.loads((FIXTURES / f"{fixture}.json").read_text())
    for envelope in ("data", "pathway_data"):
        source = source[envelope] if "nodes" not in source and envelope in source else source
    assert pathway_body(stored.spec.graph(), name=fixture) == source  # Bland JSON -> cluster -> Bland JSON, exactly

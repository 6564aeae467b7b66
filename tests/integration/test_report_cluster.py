"""`tornado report SESSION` against a real API server: the session's status, its result
ConfigMaps `<session>-it<N>-result` and its PathwayVersions, read through controller/kube.py.

The objects are what a finished session leaves (made here by the same loop the operator runs,
`run_local`, and stored through the API server, whose schemas prune anything they do not
know): the report from the cluster must show what the report from `tornado run` shows.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from kubehelpers import install_crds, kubectl_json, load_docs, temp_namespace
from report_tools import ensure_report_tools
from tornado_operator.api.manifests import load_manifests
from tornado_operator.api.pathway import version_name
from tornado_operator.controller.names import RESULT_KEY, result_name
from tornado_operator.drivers.local import run_local

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "unfixable"


def page_runs(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match is not None
    runs: dict[str, Any] = json.loads(match.group(1))["runs"]
    return runs


def report(cluster: Any, namespace: str, ref: str, tmp: Path) -> tuple[int, str, str, str]:
    html, markdown = tmp / "r.html", tmp / "r.md"
    result = subprocess.run(
        [sys.executable, "-m", "tornado_operator.cli.main", "report", ref, "-n", namespace,
         "--kubeconfig", str(cluster.kubeconfig), "--html", str(html), "--markdown", str(markdown)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    return (
        result.returncode,
        html.read_text() if html.exists() else "",
        markdown.read_text() if markdown.exists() else "",
        result.stderr,
    )


def test_report_of_a_session_on_the_cluster(cluster: Any, tmp_path: Path) -> None:
    ensure_report_tools()
    install_crds(cluster)
    manifests = load_manifests([EXAMPLE])
    pathway = manifests.of_kind("Pathway")[0].obj
    session = manifests.of_kind("TornadoSession")[0].obj
    scenarios = [doc.obj for doc in manifests.of_kind("TestScenario")]
    run = run_local(session=session, scenarios=scenarios, pathway=pathway)
    name = session.metadata.name
    assert name and run.session.status.phase is not None and run.session.status.phase.value == "STUCK"
    with temp_namespace(cluster, "report") as ns:
        docs = load_docs(EXAMPLE)
        cluster.kubectl("apply", "-n", ns, "-f", "-", input=yaml.safe_dump_all(docs))
        # the versions the session tested and forked (v1: the pathway's own spec)
        versions = [{
            "apiVersion": "agenttesting.dev/v1alpha1", "kind": "PathwayVersion",
            "metadata": {"name": version_name(pathway.metadata.name or "", 1)},
            "spec": {**pathway.spec.wire(), "pathwayId": pathway.metadata.name, "versionNumber": 1},
        }]
        for version in run.versions:
            manifest = version.wire()
            manifest["metadata"] = {"name": version.metadata.name}
            versions.append(manifest)
        cluster.kubectl("apply", "-n", ns, "-f", "-", input=yaml.safe_dump_all(versions))
        status = run.session.wire()["status"]
        cluster.kubectl("patch", "tornadosession", name, "-n", ns, "--subresource=status", "--type=merge",
                        "-p", json.dumps({"status": status}))
        for result in run.iterations:
            configmap = {
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": result_name(name, result.record.iteration)},
                "data": {RESULT_KEY: result.dumps()},
            }
            cluster.kubectl("apply", "-n", ns, "-f", "-", input=json.dumps(configmap))
        stored = kubectl_json(cluster, "get", "tornadosession", name, "-n", ns)
        assert stored["status"]["phase"] == "STUCK"

        code, page, markdown, err = report(cluster, ns, name, tmp_path)
        assert code == 0, err
        last = run.iterations[-1].record.iteration
        for scenario_id in run.scenario_ids:
            for record in run.session.status.iterations:
                assert f'data-scenario="{scenario_id}" data-iteration="{record.iteration}"' in page
        assert f"TornadoSession {ns}/{name}" in page
        assert "not found" not in page and "invalid" not in page, re.findall(r'<div class="notes">.*?</div></div>', page, re.S)
        assert 'class="cell unfixable"' in page and "⛔ unfixable" in markdown
        assert re.search(r'class="node pw(-|&#45;)node touched', page) and "it1 fix-001" in page
        assert f"refund-guarantee@{last}" in page_runs(page)  # its transcript rides along

        # by session id too
        code, _, _, err = report(cluster, ns, stored["status"]["sessionId"], tmp_path)
        assert code == 0, err

        # a result ConfigMap gone (deleted with its Job, say): that iteration comes from the status alone
        cluster.kubectl("delete", "configmap", result_name(name, 1), "-n", ns)
        code, page, markdown, err = report(cluster, ns, name, tmp_path)
        assert code == 0, err
        assert f"ConfigMap {result_name(name, 1)}: not found" in page
        runs = page_runs(page)
        assert f"refund-guarantee@{last}" in runs and "refund-guarantee@1" not in runs
        assert 'class="cell unfixable"' in page  # the matrix still has iteration 1, from the status

        # no such session: exit 2, named
        code, _, _, err = report(cluster, ns, "no-such-session", tmp_path)
        assert code == 2 and 'no TornadoSession "no-such-session"' in err

"""`tornado report`: what `tornado run --output` leaves, and the HTML and Markdown made from it.

The examples run for real (`tornado run`), Graphviz lays the graph out for real; the checks
read the page's SVG as XML and its embedded data as JSON.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from report_tools import ensure_report_tools
from tornado_operator.api.session import TornadoSession
from tornado_operator.cli.main import main
from tornado_operator.report.graph import (
    FAILING_FILLS,
    TOUCHED_COLOR,
    LayoutError,
    dom_id,
    render_svg,
)
from tornado_operator.report.markdown import mermaid_graph, mermaid_text
from tornado_operator.report.model import CellState, SessionReport, build_report, node_of_signature
from tornado_operator.report.rundir import load_run_dir
from tornado_operator.report.sources import SourceError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    ensure_report_tools()


def run_example(source: Path, out: Path, *extra: str) -> Path:
    main(["run", str(source), "--output", str(out), *extra])
    return out


@pytest.fixture(scope="module")
def support_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_example(EXAMPLES / "support-line", tmp_path_factory.mktemp("support") / "out")


@pytest.fixture(scope="module")
def unfixable_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_example(EXAMPLES / "unfixable", tmp_path_factory.mktemp("unfixable") / "out")


def report_files(run_dir: Path, tmp: Path) -> tuple[str, str]:
    html, markdown = tmp / "report.html", tmp / "report.md"
    assert main(["report", str(run_dir), "--html", str(html), "--markdown", str(markdown)]) == 0
    return html.read_text(encoding="utf-8"), markdown.read_text(encoding="utf-8")


def graph_svg(page: str) -> ET.Element:
    """The graph's SVG element (Graphviz writes XML; the page around it is HTML)."""
    start = page.index("<svg", page.index('id="graph"'))
    end = page.index("</svg>", start) + len("</svg>")
    return ET.fromstring(page[start:end])


def page_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def node_group(svg: ET.Element, node_id: str) -> ET.Element:
    wanted = dom_id("node", node_id)
    found = next((g for g in svg.iter(f"{SVG}g") if g.get("id") == wanted), None)
    assert found is not None, f"node {node_id} is not drawn"
    return found


def outline_of(group: ET.Element) -> tuple[str | None, str | None]:
    shape = next(el for el in group.iter() if el.tag in (f"{SVG}path", f"{SVG}polygon"))
    return shape.get("stroke"), shape.get("fill")


def node_text(group: ET.Element) -> str:
    return " ".join((el.text or "") for el in group.iter(f"{SVG}text"))


def status_of(run_dir: Path) -> Any:
    return TornadoSession.model_validate(json.loads((run_dir / "session.json").read_text())).status


# -- what `tornado run --output` writes -------------------------------------------------------


def test_run_writes_the_session_the_iterations_and_the_start_graph(support_dir: Path) -> None:
    status = status_of(support_dir)
    assert status.phase is not None and status.phase.value == "COMPLETED_ALL_PASSED"
    numbers = [record.iteration for record in status.iterations]
    assert sorted(p.name for p in (support_dir / "iterations").iterdir()) == sorted(f"it{n}.json" for n in numbers)
    loaded = load_run_dir(support_dir)
    assert sorted(loaded.results) == numbers
    assert sorted(loaded.graphs) == [1, *[r.forked_version for r in status.iterations if r.forked_version]]
    assert loaded.notes == []
    first = loaded.results[1]
    assert first.record == status.iterations[0]  # the same record the status holds
    assert all(scenario.transcript for scenario in first.scenarios)


def test_a_second_run_into_the_same_folder_leaves_no_stale_iteration(tmp_path: Path, support_dir: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "iterations").mkdir()
    (out / "iterations" / "it9.json").write_text("{}")
    run_example(EXAMPLES / "unfixable", out)
    names = sorted(p.name for p in (out / "iterations").iterdir())
    assert names == [f"it{r.iteration}.json" for r in status_of(out).iterations]


# -- the HTML report -------------------------------------------------------------------------


def check_every_scenario_and_iteration(report: SessionReport, page: str, markdown: str) -> None:
    data = page_data(page)
    for sid in report.scenario_ids:
        assert f'data-scenario="{sid}"' in page, sid
        for view in report.iterations:
            cell = report.cell(sid, view.number)
            assert cell.state is not CellState.NOT_RUN
            assert f'data-scenario="{sid}" data-iteration="{view.number}"' in page
            run = data["runs"][f"{sid}@{view.number}"]  # every transcript rides along
            assert run["turns"], (sid, view.number)
        assert f"| `{sid}`" in markdown
    header = next(line for line in markdown.splitlines() if line.startswith("| scenario |"))
    assert header.count("| it") == len(report.iterations)
    rows = [line for line in markdown.splitlines() if line.startswith("| `")]
    assert len(rows) == len(report.scenario_ids)
    assert all(row.count(" | ") == len(report.iterations) for row in rows)


def check_touched_nodes_outlined(report: SessionReport, svg: ET.Element) -> None:
    assert report.graph is not None
    touched = {view.fix.target_node for view in report.fixes if view.applied}
    assert touched and set(report.touched) == touched
    for node in report.graph.nodes:
        group = node_group(svg, node.id)
        stroke, _ = outline_of(group)
        classes = (group.get("class") or "").split()
        if node.id in touched:
            assert stroke == TOUCHED_COLOR and "touched" in classes, node.id
            for view in report.touched[node.id]:
                assert view.label in node_text(group)
        else:
            assert stroke != TOUCHED_COLOR and "touched" not in classes, node.id


def test_support_line_report(support_dir: Path, tmp_path: Path) -> None:
    page, markdown = report_files(support_dir, tmp_path)
    report = build_report(load_run_dir(support_dir))
    assert len(report.scenario_ids) == 7 and [v.number for v in report.iterations] == [1, 2, 3]
    check_every_scenario_and_iteration(report, page, markdown)
    svg = graph_svg(page)
    check_touched_nodes_outlined(report, svg)
    # fixes of both iterations, each with its diff, linked from the node it changed
    labels = [view.label for view in report.fixes]
    assert "it1 fix-001" in labels and "it2 fix-001" in labels
    for view in report.fixes:
        section = page[page.index(f'id="fix-{view.key}"'):]
        section = section[: section.index("</section>")]
        assert view.fix.description.replace("'", "&#x27;").replace('"', "&quot;")[:40] in section
        # tornado diff's review of the fix's own changes, tagged with it
        assert '<pre class="diff review">' in section and 'class="rv-add"' in section, view.label
        assert f'<span class="rv-tag">[v{view.child_version} {view.fix.id}]</span>' in section, view.label
    zip_fix = next(view for view in report.fixes if view.fix.target_node == "booking-zip")
    assert "zip_code" in page[page.index(f'id="fix-{zip_fix.key}"'):].split("</section>")[0]
    assert page_data(page)["nodes"]["booking-zip"]["fixes"] == [zip_fix.key]
    # the transcript marks the turns where assertions failed: the caller turn that said the
    # account number (never extracted) and the caller turn nothing matched
    run = page_data(page)["runs"]["billing-double-charge@1"]
    extracted = next(item for item in run["failed"] if item["label"].startswith("VARIABLE_EXTRACTED"))
    (index,) = extracted["turns"]
    assert run["turns"][index]["speaker"] == "caller" and "account" in extracted["detail"]
    assert run["turns"][run["unmatchedIndex"]]["text"] == "I think there's a mistake on my invoice."
    never = next(item for item in run["failed"] if item["label"].startswith("NODE_REACHED"))
    assert never["turns"] == []  # never reached: the call as a whole
    # all passed at the end: no node is coloured as failing
    assert report.failing_at == {}
    for node in report.graph.nodes if report.graph else []:
        assert outline_of(node_group(svg, node.id))[1] == FAILING_FILLS[0]
    # the global nodes are drawn apart, inside their own box; the others outside it
    cluster = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == "global-nodes")
    box = bbox(next(el for el in cluster.iter() if el.tag in (f"{SVG}polygon", f"{SVG}path")))
    assert report.graph is not None
    for node in report.graph.nodes:
        x, y = centre(node_group(svg, node.id))
        inside = box[0] <= x <= box[2] and box[1] <= y <= box[3]
        assert inside == node.is_global, node.id
    # the chart has one bar group per iteration, with the counts of each
    assert all(f"it{view.number}" in page for view in report.iterations)
    assert "iteration 1: 2 passed" in page and "iteration 1: 5 failed" in page and "iteration 3: 7 passed" in page
    # one file, nothing fetched
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page


def points(shape: ET.Element) -> list[tuple[float, float]]:
    text = shape.get("points") or shape.get("d") or ""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]
    return list(zip(numbers[::2], numbers[1::2], strict=False))


def bbox(shape: ET.Element) -> tuple[float, float, float, float]:
    xs, ys = zip(*points(shape), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def centre(group: ET.Element) -> tuple[float, float]:
    x0, y0, x1, y1 = bbox(next(el for el in group.iter() if el.tag in (f"{SVG}path", f"{SVG}polygon")))
    return (x0 + x1) / 2, (y0 + y1) / 2


def test_unfixable_report(unfixable_dir: Path, tmp_path: Path) -> None:
    page, markdown = report_files(unfixable_dir, tmp_path)
    report = build_report(load_run_dir(unfixable_dir))
    assert report.phase == "STUCK"
    check_every_scenario_and_iteration(report, page, markdown)
    svg = graph_svg(page)
    check_touched_nodes_outlined(report, svg)
    last = report.iterations[-1].number
    cell = report.cell("refund-guarantee", last)
    assert cell.state is CellState.UNFIXABLE and cell.signature and cell.failed_node == "goodbye"
    # the failing node is filled by its count, and says so
    assert report.failing_at == {"goodbye": ["refund-guarantee"]}
    goodbye = node_group(svg, "goodbye")
    assert outline_of(goodbye)[1] == FAILING_FILLS[1] and "1 failing" in node_text(goodbye)
    assert "failing" in (goodbye.get("class") or "").split()
    # the failing cell carries its root cause on hover and in the page data
    td = re.search(r'<td class="cell unfixable"[^>]*data-scenario="refund-guarantee"[^>]*>', page)
    assert td is not None and cell.signature in td.group(0)
    data = page_data(page)
    assert data["cells"][f"refund-guarantee@{last}"]["signature"] == cell.signature
    failed = data["runs"][f"refund-guarantee@{last}"]["failed"]
    assert failed and all(item["label"] and item["detail"] for item in failed)
    assert "⛔ unfixable" in markdown and cell.signature in markdown
    assert "```mermaid\nflowchart TD" in markdown


def test_held_out_cells(tmp_path: Path) -> None:
    """A scenario marked holdout shows as held-out in every iteration (pass or fail)."""
    source = tmp_path / "support-line"
    source.mkdir()
    for name in ("pathway.yaml", "session.yaml"):
        (source / name).write_text((EXAMPLES / "support-line" / name).read_text())
    documents = list(yaml.safe_load_all((EXAMPLES / "support-line" / "scenarios.yaml").read_text()))
    for document in documents:
        if document and document["metadata"]["name"] in ("manager-escalation", "voicemail-callback"):
            document["spec"]["holdout"] = True
    (source / "scenarios.yaml").write_text(yaml.safe_dump_all(documents, sort_keys=False))
    out = run_example(source, tmp_path / "out")
    page, markdown = report_files(out, tmp_path)
    report = build_report(load_run_dir(out))
    assert set(report.held_out_ids) == {"manager-escalation", "voicemail-callback"}
    first = report.iterations[0].number
    assert report.cell("manager-escalation", first).state is CellState.HELD_OUT_PASS
    assert report.cell("voicemail-callback", first).state is CellState.HELD_OUT_FAIL
    assert report.cell("voicemail-callback", first).signature
    assert 'class="cell held-out-fail"' in page and 'class="cell held-out-pass"' in page
    assert "(held out)" in page and "`voicemail-callback` (held out)" in markdown
    check_every_scenario_and_iteration(report, page, markdown)


# -- limits and errors -----------------------------------------------------------------------


def test_without_dot_the_html_report_fails_saying_what_to_install(
    support_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = build_report(load_run_dir(support_dir))
    assert "<svg" in render_svg(report)  # with dot on PATH
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LayoutError, match="apt-get install graphviz"):
        render_svg(report)
    assert main(["report", str(support_dir), "--html", str(tmp_path / "x.html")]) == 6
    assert "dot" in capsys.readouterr().err and not (tmp_path / "x.html").exists()
    # the Markdown report needs no layout tool
    assert main(["report", str(support_dir), "--markdown", str(tmp_path / "x.md")]) == 0


def test_a_folder_without_session_json_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SourceError, match=r"session\.json: not found"):
        load_run_dir(tmp_path)
    assert main(["report", str(tmp_path), "--html", str(tmp_path / "r.html")]) == 2
    assert "session.json" in capsys.readouterr().err
    assert main(["report", "./no/such/folder", "--html", str(tmp_path / "r.html")]) == 2
    assert main(["report", str(tmp_path)]) == 2  # neither --html nor --markdown


def test_bad_and_missing_files_are_named(support_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in support_dir.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(support_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (copy / "iterations" / "it2.json").unlink()
    (copy / "support-line-v3.yaml").unlink()
    loaded = load_run_dir(copy)
    assert sorted(loaded.results) == [1, 3] and 3 not in loaded.graphs
    assert any("it2.json: not found" in note for note in loaded.notes)
    assert any("support-line-v3.yaml: not found" in note for note in loaded.notes)
    report = build_report(loaded)
    assert report.cell("billing-double-charge", 2).state is CellState.FAIL  # from the status alone
    assert report.graph_version == 2
    (copy / "iterations" / "it1.json").write_text('{"record": 5}')
    with pytest.raises(SourceError, match=r"it1\.json: not a IterationResult"):
        load_run_dir(copy)
    (copy / "session.json").write_text("{not json")
    with pytest.raises(SourceError, match=r"session\.json: not JSON"):
        load_run_dir(copy)


def test_signature_node() -> None:
    assert node_of_signature("NODE_REACHED:billing-dispute@main-menu#dc6e2abd18") == "main-menu"
    assert node_of_signature("NODE_REACHED:x@main-menu>menu-billing#dc6e") == "main-menu"
    assert node_of_signature("error:timeout@-#abc") is None
    assert node_of_signature(None) is None and node_of_signature("SCORE") is None


def test_mermaid_labels_cannot_break_out(support_dir: Path) -> None:
    assert mermaid_text('say "hi" | <b>') == "say #quot;hi#quot; #124; &lt;b&gt;"
    report = build_report(load_run_dir(support_dir))
    source = mermaid_graph(report)
    assert source.startswith("flowchart TD")
    assert 'subgraph globals["global nodes"]' in source
    assert "classDef touched" in source
    for line in source.splitlines()[1:]:
        assert line.count('"') % 2 == 0, line


def test_fix_diffs_without_a_review_of_their_own(support_dir: Path, tmp_path: Path) -> None:
    from tornado_operator.api.session import Fix
    from tornado_operator.report.diffs import fix_diff
    from tornado_operator.report.model import FixView

    report = build_report(load_run_dir(support_dir))
    applied = next(view for view in report.fixes if view.fix.target_node == "booking-zip")
    assert fix_diff(report, applied).review  # the review's own lines
    # a fix no change is attributed to: its node before and after (here: unchanged, and said so)
    stray = FixView(1, Fix(id="fix-999", target_node="greeting", description="x", type="prompt_edit"), 1, 2, True)
    diff = fix_diff(report, stray)
    assert diff.review == [] and diff.lines == [] and "unchanged between v1 and v2" in diff.note
    # a fix whose versions are not known, and one that was never applied
    del report.graphs[2]
    assert "version 2's graph was not found" in fix_diff(report, applied).note
    unapplied = FixView(3, applied.fix, 3, None, False)
    assert "not applied" in fix_diff(report, unapplied).note

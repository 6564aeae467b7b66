"""The HTML report in a real browser (Debian's Chromium, driven by playwright-core), and the
Markdown report's Mermaid diagram parsed and rendered by Mermaid's own code in that browser.

Fails on any console error, page error or request that leaves the file; clicks a failing
cell (its transcript shows, with the failed assertions marked) and a node a fix changed (its
fixes are linked), then takes a screenshot.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from report_tools import browser_check
from tornado_operator.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = pytest.mark.slow


def reports(example: str, tmp: Path) -> tuple[Path, Path]:
    out = tmp / example
    main(["run", str(EXAMPLES / example), "--output", str(out)])
    html, markdown = tmp / f"{example}.html", tmp / f"{example}.md"
    assert main(["report", str(out), "--html", str(html), "--markdown", str(markdown)]) == 0
    return html, markdown


def mermaid_block(markdown: Path, target: Path) -> Path:
    match = re.search(r"```mermaid\n(.*?)```", markdown.read_text(encoding="utf-8"), re.S)
    assert match is not None, "no mermaid block"
    target.write_text(match.group(1), encoding="utf-8")
    return target


def test_the_page_opens_clicks_and_screenshots_without_errors(tmp_path: Path) -> None:
    html, _ = reports("unfixable", tmp_path)
    png = tmp_path / "report.png"
    found = browser_check("page", str(html), str(png))
    assert found["consoleErrors"] == [] and found["pageErrors"] == []
    assert found["externalRequests"] == []  # self-contained: nothing fetched
    assert found["cells"] == 4  # 2 scenarios x 2 iterations
    assert found["clickedCell"] == {"scenario": "refund-guarantee", "iteration": "1"}
    assert found["panelTitle"] == "refund-guarantee · iteration 1"
    assert found["transcriptTurns"] >= 3
    assert found["markedTurns"] + found["wholeCallMarks"] >= 1  # the failed assertion is marked
    assert found["nodePanelTitle"] == "node greeting"
    assert found["nodeFixLinks"] == 1 and found["selectedFixes"] == 1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_the_mermaid_diagrams_parse_and_a_broken_one_does_not(tmp_path: Path) -> None:
    _, support = reports("support-line", tmp_path)
    _, unfixable = reports("unfixable", tmp_path)
    broken = tmp_path / "broken.mmd"
    broken.write_text('flowchart TD\n    n0["a"] -->|"never closed| n1\n', encoding="utf-8")
    found = browser_check(
        "mermaid", str(mermaid_block(support, tmp_path / "s.mmd")), str(mermaid_block(unfixable, tmp_path / "u.mmd")), str(broken)
    )
    assert found["consoleErrors"] == [] and found["pageErrors"] == [] and found["externalRequests"] == []
    good, other, bad = found["diagrams"]
    assert good["parsed"] and good["diagramType"].startswith("flowchart") and good["svgChars"] > 1000, good
    assert other["parsed"], other
    assert not bad["parsed"] and "Parse error" in bad["error"]

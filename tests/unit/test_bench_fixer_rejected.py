"""`hack/bench_fixer.py` on a corpus with one invalid folder: the folder is reported REJECTED with
the loader's message (file, scenario, field), the other folders still run, and the rejected one
counts in no total."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench_fixer import CORPUS, corpus_report, table, totals


def test_an_invalid_folder_is_reported_and_the_others_still_run(tmp_path: Path) -> None:
    good = tmp_path / "delivery-tracking"
    shutil.copytree(CORPUS / "delivery-tracking", good)
    bad = tmp_path / "zz-invalid"
    shutil.copytree(CORPUS / "delivery-tracking", bad)
    scenarios = bad / "scenarios.yaml"
    text = scenarios.read_text()
    assert "maxTurns:" in text
    scenarios.write_text(re.sub(r"maxTurns: \d+", "maxTurns: -3", text, count=1))

    reports = corpus_report(tmp_path)

    by_name = {r.name: r for r in reports}
    assert by_name["zz-invalid"].outcome == "REJECTED"
    message = by_name["zz-invalid"].rejected
    assert "zz-invalid/scenarios.yaml" in message and "spec.maxTurns" in message, message
    assert by_name["delivery-tracking"].outcome in ("COMPLETED_ALL_PASSED", "STUCK") and not by_name["delivery-tracking"].rejected
    alone = totals([by_name["delivery-tracking"]])
    both = totals(reports)
    assert both["rejected"] == 1 and alone["rejected"] == 0
    assert {k: v for k, v in both.items() if k != "rejected"} == {k: v for k, v in alone.items() if k != "rejected"}
    assert "(1 rejected)" in table(reports)

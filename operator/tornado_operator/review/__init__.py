"""Reviewing a version: what changed between two versions of a pathway and which fix changed it.

`diff.py` computes it (`diff_graphs` -> `GraphDiff`: plain data, `to_json()`), `chain.py` finds
the fixes between two versions from their provenance, `text.py` renders a GraphDiff for a
terminal or a file. Used by `tornado diff`, `tornado run --output` and the HTML report.
"""

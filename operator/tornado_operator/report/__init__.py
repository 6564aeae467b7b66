"""`tornado report`: a finished (or running) session as one self-contained HTML page or a Markdown summary.

`sources.py` gathers what a session left (status, iteration results, version graphs) from a
`tornado run --output` folder (`rundir.py`) or a cluster (`cluster.py`); `model.py` turns it into
what a reviewer asks (matrix, fixes, where failures sit); `graph.py` lays the pathway out with
Graphviz; `html.py` and `markdown.py` render.
"""

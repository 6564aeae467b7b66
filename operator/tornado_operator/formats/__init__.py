"""Pathway formats of other tools, read into and written from the Pathway model (pure, no I/O).

`bland/`: Bland's pathway JSON (import, export, the version and publish request bodies).
"""

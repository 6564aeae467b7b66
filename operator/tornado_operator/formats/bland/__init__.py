"""Bland's pathway JSON <-> the Pathway model (docs/bland.md).

`read_pathway` turns a Bland pathway (an export, a GET response, an update body) into a
PathwayGraph and a report of what was kept without being simulated; `pathway_body`,
`version_body` and `publish_body` write the request bodies back. What tornado does not
interpret is kept verbatim in each object's `passthrough`, so import -> export gives it back.
"""

from tornado_operator.formats.bland.reader import BlandFormatError, ImportReport, read_pathway
from tornado_operator.formats.bland.requests import (
    ENVIRONMENTS,
    pathway_body,
    publish_body,
    version_body,
)

__all__ = [
    "ENVIRONMENTS",
    "BlandFormatError",
    "ImportReport",
    "pathway_body",
    "publish_body",
    "read_pathway",
    "version_body",
]

"""Tools for writing pathways and scenarios: the assertion reference (docs/assertions.md), the
offline validation of `tornado validate`, and the starting template of `tornado init`."""

"""`make bench`: the operator on a real local control plane, measured (see docs/performance.md)."""

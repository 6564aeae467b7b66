"""Errors a backend raises that end one scenario (ended_by=error), never the whole iteration.

The bottom of the engine: imported by sim/ (the interpreter turns them into a scenario
error), repair/ (the LLM fixer) and backends/; it imports nothing of the engine.
"""

from __future__ import annotations


class BackendUnsupported(Exception):
    """The backend cannot do what the scenario needs (e.g. AGENT scenarios offline)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # stable, machine-readable: part of the root-cause signature


class LlmError(BackendUnsupported):
    """A model call failed, or the model answered something unusable."""

    def __init__(self, kind: str, role: str, message: str) -> None:
        super().__init__(kind, message)
        self.role = role


class LlmUnavailable(LlmError):
    """The server could not be reached, timed out, or kept failing (after the retries)."""

    def __init__(self, role: str, message: str) -> None:
        super().__init__("llm_unavailable", role, message)


class LlmOutputError(LlmError):
    """The model's answer is not the JSON the role asked for."""

    def __init__(self, role: str, message: str) -> None:
        super().__init__(f"llm_bad_output_{role}", role, message)


class LlmBudgetExceeded(LlmError):
    """A model call refused because it could take the session past its token budget."""

    def __init__(self, role: str, message: str) -> None:
        super().__init__("llm_budget_exceeded", role, message)

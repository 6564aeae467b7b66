"""metav1.Condition, and a pure helper to set one the way Kubernetes controllers do."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tornado_operator.api.base import StatusModel


class Condition(StatusModel):
    """A standard Kubernetes condition (metav1.Condition)."""

    type: str = Field(max_length=316, description="Condition type, e.g. Succeeded, Reconciling, Stalled.")
    status: Literal["True", "False", "Unknown"] = Field(description="True, False or Unknown.")
    observed_generation: int | None = Field(
        default=None, ge=0, description="metadata.generation the condition was set for."
    )
    last_transition_time: str = Field(description="When the status last changed.", json_schema_extra={"format": "date-time"})
    reason: str = Field(max_length=1024, description="CamelCase machine-readable reason.")
    message: str = Field(default="", max_length=32768, description="Human-readable details.")


ConditionStatus = Literal["True", "False", "Unknown"]


def condition_status(value: bool | None) -> ConditionStatus:
    """True/False, or Unknown for None (not decided yet)."""
    if value is None:
        return "Unknown"
    return "True" if value else "False"


def set_condition(
    conditions: list[Condition],
    *,
    type: str,
    status: ConditionStatus,
    reason: str,
    message: str,
    observed_generation: int | None,
    now: str,
) -> list[Condition]:
    """Return conditions with `type` set; lastTransitionTime moves only when status changes."""
    previous = next((c for c in conditions if c.type == type), None)
    updated = Condition(
        type=type,
        status=status,
        reason=reason,
        message=message,
        observed_generation=observed_generation,
        last_transition_time=previous.last_transition_time if previous is not None and previous.status == status else now,
    )
    if previous is None:
        return [*conditions, updated]
    return [updated if c.type == type else c for c in conditions]

"""Shared pydantic base classes: camelCase on the wire, snake_case in Python."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)
from pydantic.alias_generators import to_camel

from tornado_operator.api.errors import Path, did_you_mean, message_of, raise_problems

_ACCEPTED_NAMES: dict[type[BaseModel], frozenset[str]] = {}


class WireModel(BaseModel):
    """Base of every spec/status model: camelCase keys (Kubernetes style), strict about typos."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        validate_default=True,
    )

    def wire(self) -> dict[str, Any]:
        """The object as it is written to the API server: camelCase, no None values."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")

    @classmethod
    def wire_names(cls) -> list[str]:
        """The field names as written on the wire (camelCase), in declaration order."""
        return [info.alias or name for name, info in cls.model_fields.items()]

    @classmethod
    def accepted_names(cls) -> frozenset[str]:
        """Wire names and Python names (populate_by_name accepts both)."""
        # Asked for every object validated (_known_fields): computed once per class.
        names = _ACCEPTED_NAMES.get(cls)
        if names is None:
            names = _ACCEPTED_NAMES[cls] = frozenset({*cls.wire_names(), *cls.model_fields})
        return names

    @model_validator(mode="wrap")
    @classmethod
    def _known_fields(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        """An unknown field names the closest known one and lists them all (instead of
        pydantic's bare "Extra inputs are not permitted"); the other fields are still checked."""
        if cls.model_config.get("extra") != "forbid" or not isinstance(data, dict):
            return handler(data)
        accepted = cls.accepted_names()
        unknown = [key for key in data if key not in accepted]
        if not unknown:
            return handler(data)
        names = cls.wire_names()
        problems: list[tuple[Path, str, Any]] = [
            ((key,), f"unknown field{did_you_mean(str(key), names)}; valid fields: {', '.join(names)}", data[key])
            for key in unknown
        ]
        try:
            handler({key: value for key, value in data.items() if key in accepted})
        except ValidationError as exc:
            problems += [(tuple(error["loc"]), message_of(error), error.get("input")) for error in exc.errors()]
        raise_problems(cls.__name__, problems)


class StatusModel(WireModel):
    """Status is written by the operator and read back; tolerate fields from newer versions."""

    model_config = ConfigDict(extra="ignore")


class ObjectMeta(BaseModel):
    """The parts of metav1.ObjectMeta the project reads; everything else is kept as is."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, alias_generator=to_camel)

    name: str = Field(default="", description="Object name.")
    namespace: str | None = Field(default=None, description="Object namespace.")
    uid: str | None = Field(default=None, description="Object UID.")
    generation: int | None = Field(default=None, description="Spec generation.")
    resource_version: str | None = Field(default=None, description="Resource version.")
    creation_timestamp: str | None = Field(default=None, description="Creation time.")
    labels: dict[str, str] = Field(default_factory=dict, description="Labels.")
    annotations: dict[str, str] = Field(default_factory=dict, description="Annotations.")


def check_regex(pattern: str) -> str:
    """A validator body: the pattern compiles (Python re; the engine's regex dialect)."""
    import re

    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return pattern


def format_timestamp(moment: datetime) -> str:
    """ISO-8601 with milliseconds and a Z, the hosted API's timestamp shape."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> datetime:
    """Parse an RFC 3339 timestamp (with or without fraction, Z or offset)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def now_timestamp() -> str:
    return format_timestamp(datetime.now(UTC))

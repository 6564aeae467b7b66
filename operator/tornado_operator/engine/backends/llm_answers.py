"""The JSON each model role answers, as pydantic models: the schema sent as structured output.

`response_format(model)` is the chat-completions `json_schema` response format for a role
(OpenAI, vLLM, Ollama and LiteLLM accept it). `strict` is false: strict mode forbids free-form
objects, and the agent's `variables` and the fixer's `suggested_change` are free-form; servers
that constrain decoding (vLLM, Ollama) follow the schema either way. The role's parse function
in llm.py still checks what a schema cannot (an edge that exists, a category that is listed).
"""

from __future__ import annotations

from typing import Any, Literal

from openai.types.shared_params import ResponseFormatJSONSchema
from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AgentAnswer(Answer):
    reply: str = Field(description="What the agent says to the caller.")
    edge_id: str | None = Field(description="The edge to take, or null to stay on the node.")
    variables: dict[str, Any] = Field(default_factory=dict, description="Variables heard in the caller's turn.")


class OpeningAnswer(Answer):
    reply: str = Field(description="The agent's opening line on this node.")


class TesterAnswer(Answer):
    message: str = Field(description="The caller's next turn.")
    end_call: bool = Field(description="True when the caller hangs up now.")


class JudgeBooleanAnswer(Answer):
    reasoning: str
    passed: bool


class JudgeScoreAnswer(Answer):
    reasoning: str
    score: float = Field(ge=0, le=1)


class JudgeCategoryAnswer(Answer):
    reasoning: str
    category: str


class ToneAnswer(Answer):
    reasoning: str
    score: float = Field(ge=0, le=1)
    components: dict[str, float] = Field(default_factory=dict)


class FixSuggestion(Answer):
    type: Literal["prompt_edit", "config_change", "flow_change"]
    target_node: str
    description: str
    suggested_change: str | dict[str, Any]
    confidence: float = Field(ge=0, le=1)
    scenario_ids: list[str] = Field(default_factory=list)


class FixerAnswer(Answer):
    root_cause: str
    suggestions: list[FixSuggestion]


def response_format(model: type[Answer]) -> ResponseFormatJSONSchema:
    """The `json_schema` response format asking for `model`'s JSON."""
    return {
        "type": "json_schema",
        "json_schema": {"name": model.__name__, "schema": model.model_json_schema(), "strict": False},
    }

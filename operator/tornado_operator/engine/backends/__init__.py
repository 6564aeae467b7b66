"""The backends: offline (deterministic, the default) and openai (any OpenAI-compatible server).

`backend_for` is the one place a session's `spec.runner` becomes a Backend, for every driver.
"""

from __future__ import annotations

from tornado_operator.api.session import RunnerSpec
from tornado_operator.engine.backends.offline import OfflineBackend
from tornado_operator.engine.ports import Backend


def backend_for(runner: RunnerSpec | None, *, api_key: str | None = None, tokens_spent: int = 0) -> Backend:
    """The backend `spec.runner` asks for. ValueError (naming the runner.llm field) on bad settings.

    `api_key`: the iteration Job reads it from runner.llm.apiKeySecretRef; without it the LLM
    backend reads $TORNADO_LLM_API_KEY / $OPENAI_API_KEY (`tornado run`). `tokens_spent`: the
    session's tokens so far (status.llmUsage), counted against runner.llm.maxTokensPerSession."""
    if runner is None or runner.backend == "offline":
        return OfflineBackend()
    from tornado_operator.engine.backends.llm import backend_from_settings  # the SDK only when used

    return backend_from_settings(runner.llm, api_key=api_key, concurrency=runner.concurrency, tokens_spent=tokens_spent)

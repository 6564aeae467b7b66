"""The backends: offline (deterministic, the default), openai (any OpenAI-compatible server) and
bland (a pathway deployed on Bland, with the offline or openai backend as its judge and fixer).

`backend_for` is the one place a session's `spec.runner` becomes a Backend, for every driver.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tornado_operator.api.session import RunnerSpec
from tornado_operator.engine.backends.offline import OfflineBackend
from tornado_operator.engine.ports import Backend

if TYPE_CHECKING:
    from tornado_operator.engine.backends.llm import LlmBackend

BLAND_API_KEY_ENV = "BLAND_API_KEY"


def backend_for(
    runner: RunnerSpec | None, *, api_key: str | None = None, tokens_spent: int = 0, bland_api_key: str | None = None
) -> Backend:
    """The backend `spec.runner` asks for. ValueError (naming the runner.llm field) on bad settings.

    `api_key`: the iteration Job reads it from runner.llm.apiKeySecretRef; without it the LLM
    backend reads $TORNADO_LLM_API_KEY / $OPENAI_API_KEY (`tornado run`). `tokens_spent`: the
    session's tokens so far (status.llmUsage), counted against runner.llm.maxTokensPerSession.
    `bland_api_key`: the Job reads it from runner.bland.apiKeySecretRef; else $BLAND_API_KEY."""
    if runner is None or runner.backend == "offline":
        return OfflineBackend()
    if runner.backend == "bland":
        from tornado_operator.engine.backends import bland

        helper: bland.Helper = OfflineBackend()
        if runner.llm is not None:  # a model judges, fixes and plays AGENT callers
            helper = _llm(runner, api_key, tokens_spent)
        key = bland_api_key or os.environ.get(BLAND_API_KEY_ENV, "").strip() or None
        return bland.backend_from_settings(runner.bland, api_key=key, helper=helper)
    return _llm(runner, api_key, tokens_spent)


def _llm(runner: RunnerSpec, api_key: str | None, tokens_spent: int) -> LlmBackend:
    from tornado_operator.engine.backends.llm import backend_from_settings  # the SDK only when used

    return backend_from_settings(runner.llm, api_key=api_key, concurrency=runner.concurrency, tokens_spent=tokens_spent)

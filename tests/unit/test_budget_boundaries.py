"""Both sides of the token budget's limits (loop/budget.py): which runner has a budget, when a
refused call ends the session, and when the next iteration is not started."""

from __future__ import annotations

from typing import Any

import pytest

from tornado_operator.api.session import (
    IterationTokenUsage,
    LlmUsage,
    Phase,
    TokenUsage,
    TornadoSessionSpec,
)
from tornado_operator.loop.budget import (
    next_iteration_stop,
    refused_stop,
    session_limit,
    with_iteration,
)


def spec_with(runner: dict[str, Any] | None) -> TornadoSessionSpec:
    return TornadoSessionSpec.model_validate({"pathwayId": "p", **({"runner": runner} if runner is not None else {})})


LLM = {"baseUrl": "http://llm:8000/v1", "maxTokensPerSession": 5000}


@pytest.mark.parametrize(
    ("runner", "limit"),
    [
        (None, None),
        ({"backend": "offline"}, None),
        ({"backend": "offline", "llm": LLM}, None),  # settings left over from an openai runner: no model, no budget
        ({"backend": "openai", "llm": {"baseUrl": "http://llm:8000/v1"}}, None),
        ({"backend": "openai", "llm": LLM}, 5000),
        ({"backend": "bland", "bland": {"pathwayId": "b"}, "llm": LLM}, 5000),
    ],
)
def test_only_a_runner_with_model_settings_has_a_budget(runner: dict[str, Any] | None, limit: int | None) -> None:
    assert session_limit(spec_with(runner)) == limit


@pytest.mark.parametrize(("refused", "stops"), [(-1, False), (0, False), (1, True), (2, True)])
def test_one_refused_call_is_enough_to_stop(refused: int, stops: bool) -> None:
    stop = refused_stop(refused, None)
    if stops:
        assert stop == (Phase.ERROR, "BudgetExceeded", f"{refused} model call(s) refused by the token budget")
    else:
        assert stop is None


def test_the_refusal_is_quoted_when_known() -> None:
    assert refused_stop(1, "fixer model 'f': call refused") == (
        Phase.ERROR, "BudgetExceeded", "1 model call(s) refused by the token budget: fixer model 'f': call refused"
    )
    assert refused_stop(1, "") == (Phase.ERROR, "BudgetExceeded", "1 model call(s) refused by the token budget")


def usage_of(*totals: int) -> LlmUsage:
    usage: LlmUsage | None = None
    for number, tokens in enumerate(totals, start=1):
        usage = with_iteration(usage, IterationTokenUsage(iteration=number, calls=1, prompt_tokens=tokens, total_tokens=tokens))
    assert usage is not None
    return usage


def test_no_limit_no_usage_or_no_iteration_never_stops() -> None:
    assert next_iteration_stop(None, usage_of(10**9)) is None
    assert next_iteration_stop(1, None) is None
    assert next_iteration_stop(1, LlmUsage()) is None  # nothing recorded yet: nothing to judge by
    assert next_iteration_stop(1, LlmUsage(total_tokens=10**9)) is None


@pytest.mark.parametrize(("limit", "stops"), [(799, True), (800, False), (801, False)])
def test_the_next_iteration_fits_when_spent_plus_the_largest_is_at_most_the_limit(limit: int, stops: bool) -> None:
    usage = usage_of(300, 100, 100)  # spent 500, the largest iteration 300: needs 800 in all
    stop = next_iteration_stop(limit, usage)
    if stops:
        assert stop == (
            Phase.ERROR,
            "BudgetExceeded",
            f"500 of maxTokensPerSession {limit} tokens spent; the next iteration could need 300 "
            f"(the most an iteration has used), more than the {limit - 500} left",
        )
    else:
        assert stop is None


def test_the_tokens_left_are_never_negative() -> None:
    stop = next_iteration_stop(400, usage_of(300, 200))
    assert stop is not None and stop[2].endswith("more than the 0 left")


def test_usage_sums_iterations_and_roles_and_replaces_a_recorded_iteration() -> None:
    first = IterationTokenUsage(
        iteration=1, calls=2, prompt_tokens=70, completion_tokens=30, total_tokens=100,
        by_role={"judge": TokenUsage(calls=1, prompt_tokens=40, completion_tokens=10, total_tokens=50),
                 "agent": TokenUsage(calls=1, prompt_tokens=30, completion_tokens=20, total_tokens=50)},
    )
    second = IterationTokenUsage(
        iteration=2, calls=1, prompt_tokens=5, completion_tokens=5, total_tokens=10,
        by_role={"judge": TokenUsage(calls=1, prompt_tokens=5, completion_tokens=5, total_tokens=10)},
    )
    usage = with_iteration(with_iteration(None, second), first)
    assert usage is not None
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (3, 75, 35, 110)
    assert [item.iteration for item in usage.by_iteration] == [1, 2]
    assert list(usage.by_role) == ["agent", "judge"]
    assert usage.by_role["judge"] == TokenUsage(calls=2, prompt_tokens=45, completion_tokens=15, total_tokens=60)
    assert with_iteration(usage, None) is usage
    redone = with_iteration(usage, second.model_copy(update={"total_tokens": 20}))
    assert redone is not None and redone.total_tokens == 120 and len(redone.by_iteration) == 2

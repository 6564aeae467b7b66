"""The token budget (spec.runner.llm.maxTokensPerSession) and the session's token usage.

The session must end before it spends more than its budget, so the budget is checked twice:

* **before each model call** (the LLM client): a call whose worst case could take the session
  past the budget is refused; an iteration with a refused call ends the session
  (`refused_stop`), since its results are incomplete;
* **before each iteration** (`next_iteration_stop`, called by the operator and by `tornado run`
  after recording an iteration that would continue): the next iteration is not started when
  the tokens spent plus the most any iteration has used so far exceed the budget.

Either way the session ends ERROR with reason BudgetExceeded. Usage is summed from the
per-iteration usage (`with_iteration`), so recording an iteration twice counts it once.
"""

from __future__ import annotations

from tornado_operator.api.session import (
    IterationTokenUsage,
    LlmUsage,
    Phase,
    TokenUsage,
    TornadoSessionSpec,
)

BUDGET_EXCEEDED = "BudgetExceeded"
Stop = tuple[Phase, str, str]


def session_limit(spec: TornadoSessionSpec) -> int | None:
    """spec.runner.llm.maxTokensPerSession (None: no budget)."""
    runner = spec.runner
    if runner is None or runner.backend == "offline" or runner.llm is None:
        return None
    return runner.llm.max_tokens_per_session


def with_iteration(usage: LlmUsage | None, iteration: IterationTokenUsage | None) -> LlmUsage | None:
    """The session's usage with `iteration`'s usage added (replacing an earlier record of it)."""
    if iteration is None:
        return usage
    iterations = [item for item in (usage.by_iteration if usage else []) if item.iteration != iteration.iteration]
    iterations.append(iteration)
    iterations.sort(key=lambda item: item.iteration)
    total = TokenUsage()
    by_role: dict[str, TokenUsage] = {}
    for item in iterations:
        total = total.plus(item)
        for role, role_usage in item.by_role.items():
            by_role[role] = by_role.get(role, TokenUsage()).plus(role_usage)
    return LlmUsage(**total.model_dump(), by_role=dict(sorted(by_role.items())), by_iteration=iterations)


def refused_stop(refused_calls: int, refusal: str | None) -> Stop | None:
    """An iteration in which the budget refused a model call ends the session."""
    if refused_calls <= 0:
        return None
    message = f"{refused_calls} model call(s) refused by the token budget"
    return Phase.ERROR, BUDGET_EXCEEDED, f"{message}: {refusal}" if refusal else message


def next_iteration_stop(limit: int | None, usage: LlmUsage | None) -> Stop | None:
    """Stop before an iteration that could take the session past `limit` tokens, judging by
    the most tokens an iteration has used so far."""
    if limit is None or usage is None or not usage.by_iteration:
        return None
    need = max(item.total_tokens for item in usage.by_iteration)
    spent = usage.total_tokens
    if spent + need <= limit:
        return None
    return (
        Phase.ERROR,
        BUDGET_EXCEEDED,
        f"{spent} of maxTokensPerSession {limit} tokens spent; the next iteration could need {need} "
        f"(the most an iteration has used), more than the {max(0, limit - spent)} left",
    )

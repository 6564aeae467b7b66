"""The offline LLM_JUDGE: only the rubric (requiredPhrases must all be said by the agent,
forbiddenPhrases never; case-insensitive), and it says so in the detail. With an empty rubric
it fails: the offline backend cannot judge a free-form prompt."""

from __future__ import annotations

from tornado_operator.api.scenario import BlandToneConfig, LlmJudgeConfig
from tornado_operator.engine.judge.port import JudgeOutcome, ToneOutcome
from tornado_operator.engine.sim.conversation import Conversation
from tornado_operator.text import normalize


def rubric_judge(config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
    required = [phrase for phrase in config.required_phrases if phrase.strip()]
    forbidden = [phrase for phrase in config.forbidden_phrases if phrase.strip()]
    if not required and not forbidden:
        return JudgeOutcome(
            passed=False,
            score=0.0,
            detail=(
                "cannot judge offline: the offline backend checks only the rubric "
                "(config.requiredPhrases / config.forbiddenPhrases) and this LLM_JUDGE has none; "
                "add a rubric or run with the openai backend"
            ),
        )
    spoken = normalize(" \n ".join(conversation.agent_texts()))
    missing = [phrase for phrase in required if normalize(phrase) not in spoken]
    said = [phrase for phrase in forbidden if normalize(phrase) in spoken]
    checks = len(required) + len(forbidden)
    score = (checks - len(missing) - len(said)) / checks
    problems: list[str] = []
    if missing:
        problems.append("agent never said required phrase(s): " + ", ".join(repr(p) for p in missing))
    if said:
        problems.append("agent said forbidden phrase(s): " + ", ".join(repr(p) for p in said))
    verdict = "; ".join(problems) if problems else "rubric satisfied"
    return JudgeOutcome(
        passed=not missing and not said,
        score=score,
        detail=f"offline judge checked only the rubric (requiredPhrases/forbiddenPhrases), not the prompt: {verdict}",
        actual=f"rubric score {score:.2f}",
    )


class RubricJudge:
    """The offline JudgePort: the rubric for LLM_JUDGE, the heuristic for BLAND_TONE."""

    def judge(self, config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
        return rubric_judge(config, conversation)

    def tone(self, config: BlandToneConfig, conversation: Conversation) -> ToneOutcome | None:
        return None

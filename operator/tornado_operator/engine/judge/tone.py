"""The deterministic BLAND_TONE heuristic, a score in 0..1 reported with its components:

    tone = 0.4 * empathy + 0.3 * conciseness + 0.3 * no_repetition

empathy:       min(1, agent turns with an empathy phrase / ceil(agent turns / 4)) — one
               empathetic turn in every four is enough ("sorry", "I understand", "thank
               you", "happy to help", ...);
conciseness:   mean over agent turns of min(1, 35 / words) — turns of up to 35 words are
               fully concise;
no_repetition: 1 - (agent turns repeating an earlier agent turn word for word) / agent turns.
"""

from __future__ import annotations

import math

from tornado_operator.engine.sim.conversation import Conversation
from tornado_operator.text import normalize

EMPATHY_PHRASES: tuple[str, ...] = (
    "sorry",
    "apolog",
    "i understand",
    "i hear you",
    "thank you",
    "thanks",
    "appreciate",
    "happy to help",
    "glad to",
    "of course",
    "no problem",
    "certainly",
    "absolutely",
    "my pleasure",
)
TONE_WEIGHTS = {"empathy": 0.4, "conciseness": 0.3, "no_repetition": 0.3}
CONCISE_WORDS = 35


def tone_components(conversation: Conversation) -> dict[str, float]:
    texts = [text for text in conversation.agent_texts() if text.strip()]
    if not texts:
        return {"empathy": 0.0, "conciseness": 1.0, "no_repetition": 1.0}
    lowered = [normalize(text) for text in texts]
    empathetic = sum(1 for text in lowered if any(phrase in text for phrase in EMPATHY_PHRASES))
    empathy = min(1.0, empathetic / math.ceil(len(texts) / 4))
    conciseness = sum(min(1.0, CONCISE_WORDS / max(1, len(text.split()))) for text in texts) / len(texts)
    seen: set[str] = set()
    repeated = 0
    for text in lowered:
        if text in seen:
            repeated += 1
        seen.add(text)
    no_repetition = 1.0 - repeated / len(texts)
    return {"empathy": round(empathy, 4), "conciseness": round(conciseness, 4), "no_repetition": round(no_repetition, 4)}


def tone_score(components: dict[str, float]) -> float:
    return round(sum(TONE_WEIGHTS[name] * value for name, value in components.items()), 4)

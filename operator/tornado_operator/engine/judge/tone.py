"""The deterministic BLAND_TONE heuristic, a score in 0..1 reported with its components:

    tone = (0.4 * empathy + 0.3 * conciseness + 0.3 * no_repetition) * courtesy

empathy:       min(1, agent turns with an empathy phrase / ceil(agent turns / 4)) — one
               empathetic turn in every four is enough ("sorry", "I understand", "thank
               you", "happy to help", ...);
conciseness:   mean over agent turns of min(1, 35 / words) — turns of up to 35 words are
               fully concise;
no_repetition: 1 - (agent turns repeating an earlier agent turn word for word, or saying one
               sentence of their own twice) / agent turns;
courtesy:      1 - (agent turns with a curt or dismissive phrase: "whatever", "calm down",
               "like I said", "not my problem", ...) / agent turns. It multiplies: one
               "thank you for calling" does not make a curt agent kind, and a conversation
               without such a phrase scores as before.
"""

from __future__ import annotations

import math
import re

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
# curt or dismissive: what a caller hears as rude, whatever else the agent says
CURT_PHRASES: tuple[str, ...] = (
    "calm down", "not my problem", "not our problem", "that's your problem", "deal with it", "too bad",
    "tough luck", "like i said", "as i said", "as i already said", "i already told you", "i told you", "how many times",
    "pay attention", "hurry up", "we don't have all day", "i don't have all day", "i don't care", "figure it out",
    "you should have", "you should've", "obviously", "what do you want", "stop calling", "go away", "read the website",
    "it's on the website", "that's not my job", "not my job", "ugh", "stupid", "ridiculous", "get to the point",
)
# "Whatever." said as a sentence of its own ("whatever you need" is kind)
CURT = re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase in CURT_PHRASES) + r")\b|(?:^|[.!?]\s+)whatever\s*(?:[.,!]|$)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
TONE_WEIGHTS = {"empathy": 0.4, "conciseness": 0.3, "no_repetition": 0.3}  # courtesy multiplies the sum
CONCISE_WORDS = 35


def tone_components(conversation: Conversation) -> dict[str, float]:
    texts = [text for text in conversation.agent_texts() if text.strip()]
    if not texts:
        return {"empathy": 0.0, "conciseness": 1.0, "no_repetition": 1.0, "courtesy": 1.0}
    lowered = [normalize(text) for text in texts]
    empathetic = sum(1 for text in lowered if any(phrase in text for phrase in EMPATHY_PHRASES))
    empathy = min(1.0, empathetic / math.ceil(len(texts) / 4))
    conciseness = sum(min(1.0, CONCISE_WORDS / max(1, len(text.split()))) for text in texts) / len(texts)
    seen: set[str] = set()
    repeated = 0
    for text in lowered:
        sentences = [sentence.strip(" .!?") for sentence in _SENTENCE_END.split(text) if sentence.strip(" .!?")]
        if text in seen or len(set(sentences)) < len(sentences):
            repeated += 1  # said before, or one sentence said twice in the turn ("Please hold. Please hold.")
        seen.add(text)
    no_repetition = 1.0 - repeated / len(texts)
    courtesy = 1.0 - sum(1 for text in lowered if CURT.search(text)) / len(texts)
    return {"empathy": round(empathy, 4), "conciseness": round(conciseness, 4), "no_repetition": round(no_repetition, 4),
            "courtesy": round(courtesy, 4)}


def tone_score(components: dict[str, float]) -> float:
    weighted = sum(TONE_WEIGHTS[name] * value for name, value in components.items() if name in TONE_WEIGHTS)
    return round(weighted * components.get("courtesy", 1.0), 4)

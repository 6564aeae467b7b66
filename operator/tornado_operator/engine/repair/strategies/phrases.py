"""Required phrase (prompt_edit): the agent never said an LLM_JUDGE requiredPhrase or a
literal-ish REGEX_MATCH pattern: the phrase is added, as a sentence, to the text of the visited
node whose name/prompt/text shares most words with it (else the last node the agent spoke on).
A forbidden phrase the agent said is removed with its sentence."""

from __future__ import annotations

import re

from tornado_operator.api.scenario import LlmJudgeConfig, RegexMatchConfig
from tornado_operator.engine.repair.analysis import Analysis, FailedAssertion
from tornado_operator.engine.repair.model import Candidate, Patch, candidate
from tornado_operator.engine.repair.words import as_sentence, content_words, literal_phrase
from tornado_operator.engine.sim.compiled import CompiledGraph


def _phrase_node(graph: CompiledGraph, analysis: Analysis, phrase: str) -> str | None:
    conv = analysis.conversation
    spoken = [turn.node for turn in conv.transcript if turn.speaker == "agent"]
    visited: list[str] = []
    for node_id in conv.nodes_visited:
        if node_id not in visited and graph.has_node(node_id):
            visited.append(node_id)
    words = set(content_words(phrase))
    best: tuple[int, int, str] | None = None
    for position, node_id in enumerate(visited):
        source = graph.nodes[node_id].source
        node_words = set(content_words(" ".join((source.name, source.id.replace("-", " ").replace("_", " "), source.prompt, source.text))))
        score = len(words & node_words)
        if score > 0 and (best is None or (score, position) >= best[:2]):
            best = (score, position, node_id)
    if best is not None:
        return best[2]
    return spoken[-1] if spoken and graph.has_node(spoken[-1]) else None


def phrase_fixes(graph: CompiledGraph, analysis: Analysis, failed: FailedAssertion) -> list[Candidate]:
    config = failed.assertion.typed_config()
    conv = analysis.conversation
    spoken = " \n ".join(conv.agent_texts()).lower()
    missing: list[str] = []
    unwanted: list[re.Pattern[str]] = []
    if isinstance(config, LlmJudgeConfig):
        missing = [p for p in config.required_phrases if p.strip() and " ".join(p.lower().split()) not in " ".join(spoken.split())]
        unwanted = [re.compile(re.escape(p.strip()), re.IGNORECASE) for p in config.forbidden_phrases if p.strip() and p.strip().lower() in spoken]
    elif isinstance(config, RegexMatchConfig) and config.speaker in ("agent", "any"):
        if config.should_match:
            phrase = literal_phrase(config.pattern)
            if phrase is not None:
                missing = [phrase]
        else:
            unwanted = [re.compile(config.pattern, re.IGNORECASE)]
    out: list[Candidate] = []
    for phrase in missing:
        node_id = _phrase_node(graph, analysis, phrase)
        if node_id is None:
            continue
        sentence = as_sentence(phrase)
        out.append(
            candidate(
                ("append_text", node_id, sentence.lower()),
                "prompt_edit",
                Patch("append_text", node_id, values=(sentence,)),
                f"Have the agent say {sentence!r} on node {node_id!r} (required by {failed.result.label()})",
                analysis,
                describe=False,
            )
        )
    for regex in unwanted:
        for node_id in dict.fromkeys(conv.nodes_visited):
            if not graph.has_node(node_id):
                continue
            text = graph.nodes[node_id].source.text
            if regex.search(text) is None:
                continue
            out.append(
                candidate(
                    ("remove_text", node_id, regex.pattern),
                    "prompt_edit",
                    Patch("remove_text", node_id, values=(regex.pattern,)),
                    f"Stop the agent saying {regex.pattern!r} on node {node_id!r}: remove the sentence(s) "
                    f"containing it (forbidden by {failed.result.label()})",
                    analysis,
                    describe=False,
                )
            )
    return out

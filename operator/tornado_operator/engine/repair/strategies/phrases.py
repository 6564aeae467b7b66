"""Required phrase (prompt_edit): the agent never said an LLM_JUDGE requiredPhrase or a
literal-ish REGEX_MATCH pattern: the phrase is added, as a sentence, to the text of the visited
node whose name/prompt/text shares most words with it (else the last node the agent spoke on).
A forbidden phrase the agent said is removed with its sentence — never the node's only question
when the node waits for an answer (extraction or conditional edges): the flow needs it, so no fix
is offered; and verification rejects a removal any other scenario needs."""

from __future__ import annotations

import re

from tornado_operator.api.scenario import LlmJudgeConfig, RegexMatchConfig
from tornado_operator.engine.repair.analysis import Analysis, FailedAssertion
from tornado_operator.engine.repair.apply import split_sentences
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.repair.words import as_sentence, content_words, literal_phrase
from tornado_operator.engine.sim.compiled import CompiledGraph


def _phrase_nodes(graph: CompiledGraph, analysis: Analysis, phrase: str) -> list[str]:
    """Visited nodes in order of fit for saying `phrase`: most words shared with the node's
    name/id/prompt/text first (later on a tie), then the last node the agent spoke on."""
    conv = analysis.conversation
    spoken = [turn.node for turn in conv.transcript if turn.speaker == "agent" and graph.has_node(turn.node)]
    visited: list[str] = []
    for node_id in conv.nodes_visited:
        if node_id not in visited and graph.has_node(node_id):
            visited.append(node_id)
    words = set(content_words(phrase))
    scored: list[tuple[int, int, str]] = []
    for position, node_id in enumerate(visited):
        source = graph.nodes[node_id].source
        node_words = set(content_words(" ".join((source.name, source.id.replace("-", " ").replace("_", " "), source.prompt, source.text))))
        score = len(words & node_words)
        if score > 0:
            scored.append((score, position, node_id))
    ordered = [node_id for _, _, node_id in sorted(scored, reverse=True)]
    for node_id in reversed(spoken):
        if node_id not in ordered:
            ordered.append(node_id)
    return ordered[:3]


def _needed_question(graph: CompiledGraph, node_id: str, sentence: str) -> bool:
    """The sentence is the node's only question and the node waits for an answer."""
    node = graph.nodes[node_id]
    questions = [s for s in split_sentences(node.source.text) if s.endswith("?")]
    waits = bool(node.extract) or bool(node.conditional)
    return waits and questions == [sentence]


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
    why = failed.result.label()
    for phrase in missing:
        nodes = _phrase_nodes(graph, analysis, phrase)
        if not nodes:
            continue
        sentence = as_sentence(phrase)
        options = [
            Option(
                (Patch("append_text", node_id, values=(sentence,)),),
                f"Have the agent say {sentence!r} on node {node_id!r} (required by {why})",
            )
            for node_id in nodes
        ]
        out.append(Candidate(("say", sentence.lower()), "prompt_edit", nodes[0], options, [analysis.scenario_id]))
    for regex in unwanted:
        for node_id in dict.fromkeys(conv.nodes_visited):
            if not graph.has_node(node_id):
                continue
            hits = [s for s in split_sentences(graph.nodes[node_id].source.text) if regex.search(s) is not None]
            if not hits or any(_needed_question(graph, node_id, sentence) for sentence in hits):
                continue
            out.append(
                Candidate(
                    ("remove_text", node_id, regex.pattern),
                    "prompt_edit",
                    node_id,
                    [
                        Option(
                            (Patch("remove_text", node_id, values=(regex.pattern,)),),
                            f"Stop the agent saying {regex.pattern!r} on node {node_id!r}: remove the sentence(s) "
                            f"containing it (forbidden by {why})",
                        )
                    ],
                    [analysis.scenario_id],
                )
            )
    return out

"""Required phrase (prompt_edit): the agent never said an LLM_JUDGE requiredPhrase or what a
REGEX_MATCH pattern asks for. First choice: a line the prompt of a node the agent spoke on asks
it to say ("tell the member their access continues ..." -> "Your access continues ...",
repair/prompt_lines.py) that says it — the author's intent, not the test's words. Else the
phrase (or a literal-ish pattern) is added, as a sentence, to the text of the visited node whose
name/prompt/text shares most words with it (else the last node the agent spoke on); a phrase of
one word said alone is flagged in the description for the reviewer to reword.
A forbidden phrase the agent said is removed with its sentence — never the node's only question
when the node waits for an answer (extraction or conditional edges): the flow needs it, so no fix
is offered; and verification rejects a removal any other scenario needs."""

from __future__ import annotations

import re
from collections.abc import Callable

from tornado_operator.api.scenario import LlmJudgeConfig, RegexMatchConfig
from tornado_operator.engine.repair.analysis import Analysis, FailedAssertion
from tornado_operator.engine.repair.apply import split_sentences
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.repair.prompt_lines import prompt_lines
from tornado_operator.engine.repair.words import as_sentence, content_words, literal_phrase
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.text import normalize


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


def _contains(phrase: str) -> Callable[[str], bool]:
    return lambda sentence: normalize(phrase) in normalize(sentence)


def _prompted(graph: CompiledGraph, analysis: Analysis) -> list[tuple[str, str]]:
    """(node, line) for what the prompts of the nodes the agent spoke on ask it to say and it
    did not: the last node first (what was missed is usually at the end)."""
    spoken_nodes = [t.node for t in analysis.conversation.transcript if t.speaker == "agent" and graph.has_node(t.node)]
    found: list[tuple[str, str]] = []
    for node_id in reversed(list(dict.fromkeys(spoken_nodes))):
        source = graph.nodes[node_id].source
        for line in prompt_lines(source.prompt):
            if normalize(line.rstrip(".")) not in normalize(source.text):
                found.append((node_id, line))
    return found


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
    missing: list[tuple[Callable[[str], bool], str | None]] = []  # (does a sentence say it, the literal phrase)
    unwanted: list[re.Pattern[str]] = []
    if isinstance(config, LlmJudgeConfig):
        for required_phrase in config.required_phrases:
            if required_phrase.strip() and normalize(required_phrase) not in normalize(spoken):
                missing.append((_contains(required_phrase), required_phrase))
        unwanted = [re.compile(re.escape(p.strip()), re.IGNORECASE) for p in config.forbidden_phrases if p.strip() and p.strip().lower() in spoken]
    elif isinstance(config, RegexMatchConfig) and config.speaker in ("agent", "any"):
        if config.should_match:
            required = re.compile(config.pattern, re.IGNORECASE)
            missing.append((lambda sentence: required.search(sentence) is not None, literal_phrase(config.pattern)))
        else:
            unwanted = [re.compile(config.pattern, re.IGNORECASE)]
    out: list[Candidate] = []
    why = failed.result.label()
    for says, literal in missing:
        # first what a visited node's own prompt asks the agent to say (the author's words, in
        # the agent's voice), then the required phrase itself as a sentence
        options = [
            Option(
                (Patch("append_text", node_id, values=(line,)),),
                f"Have the agent say {line!r} on node {node_id!r}, as its prompt asks (required by {why})",
            )
            for node_id, line in _prompted(graph, analysis)
            if says(line)
        ]
        if literal is not None:
            sentence = as_sentence(literal)
            # a one-word literal ("Waiver.") is not a sentence a reviewer would write: it comes
            # only after every line of a prompt, and its description says to reword it
            flag = (
                "; the word alone, as no prompt of the path says a line with it: reword it before shipping"
                if len(literal.split()) == 1 else ""
            )
            options += [
                Option(
                    (Patch("append_text", node_id, values=(sentence,)),),
                    f"Have the agent say {sentence!r} on node {node_id!r} (required by {why}{flag})",
                )
                for node_id in _phrase_nodes(graph, analysis, literal)
            ]
        if not options:
            continue
        first = options[0].patches[0]
        out.append(Candidate(("say", first.values[0].lower()), "prompt_edit", first.node, options, [analysis.scenario_id]))
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

"""Tone (prompt_edit): a BLAND_TONE assertion failed. What the heuristic rewards (judge/tone.py)
decides the edit, on the nodes the agent spoke on:

* empathy low: an acknowledgement at the start of a node's text — "I'm sorry to hear that." on
  a node answering a caller in distress (an accident, a flood, a stolen card, ...), "I'm sorry
  about that." where the node gives bad news (can't, unable, fully booked, delayed, ...), else
  "I understand." — on nodes that answer the caller (never the opening line), in that order;
* conciseness low: the node's longest statement (never a question, never one with a
  {{variable}}) removed, on the node with the longest text;
* courtesy low: on each node the agent spoke with a curt phrase ("Like I said, Tuesday.",
  "Whatever."), the phrase taken out of its sentence, or the sentence dropped when it is nothing
  else (what the sentence says stays: "Tuesday.").

Each edit is one option; verification keeps the first that lifts the score without breaking a
passing scenario (a sentence another scenario requires is never lost that way).
"""

from __future__ import annotations

import re
from collections import Counter

from tornado_operator.api.scenario import BlandToneConfig
from tornado_operator.engine.judge.tone import CONCISE_WORDS, CURT, EMPATHY_PHRASES, tone_components
from tornado_operator.engine.repair.analysis import Analysis, FailedAssertion
from tornado_operator.engine.repair.apply import split_sentences
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.text import normalize

BAD_NEWS = re.compile(
    r"\b(?:can(?:no|')t|cannot|unable|unfortunately|not able|declined|denied|delay(?:ed)?|late|cancel(?:l?ed)|"
    r"outage|lost|stolen|problem|issue|error|fail(?:ed)?|unavailable|not available|no longer|closed|full|fully booked|"
    r"booked up|sold out|waitlist|fee|penalty)\b",
    re.IGNORECASE,
)
DISTRESS = re.compile(
    r"\b(?:accident|flood(?:ed|ing)?|fire|stolen|lost|damaged?|broken|burst|hurt|injur(?:ed|y)|crash(?:ed)?|"
    r"leak(?:ing)?|outage|no power|late|delayed|missing|never (?:came|arrived)|wrong|charged twice|upset|angry|"
    r"frustrat(?:ed|ing)|worried|scared|emergency|sick|died|passed away)\b",
    re.IGNORECASE,
)
APOLOGY = "I'm sorry about that."
SYMPATHY = "I'm sorry to hear that."
ACKNOWLEDGEMENT = "I understand."


def _empathetic(text: str) -> bool:
    lowered = normalize(text)
    return any(phrase in lowered for phrase in EMPATHY_PHRASES)


def tone_fixes(graph: CompiledGraph, analysis: Analysis, failed: FailedAssertion) -> list[Candidate]:
    config = failed.assertion.typed_config()
    if not isinstance(config, BlandToneConfig):
        return []
    conv = analysis.conversation
    components = tone_components(conv)
    spoken = Counter(turn.node for turn in conv.transcript if turn.speaker == "agent" and graph.has_node(turn.node))
    options: list[Option] = []
    if components["empathy"] < 1.0:
        # Nodes that answer a caller in distress ("there's been a flood"), then nodes giving bad
        # news, then the most spoken; never a node spoken before the caller said anything (an
        # acknowledgement there acknowledges nothing).
        answering: set[str] = set()
        after_distress: set[str] = set()
        previous = None
        for turn in conv.transcript:
            if turn.speaker == "agent" and previous is not None:
                answering.add(turn.node)
                if DISTRESS.search(previous.text):
                    after_distress.add(turn.node)
            previous = turn if turn.speaker == "caller" else previous
        nodes = [
            n for n in spoken
            if n in answering and graph.nodes[n].source.text.strip() and not _empathetic(graph.nodes[n].source.text)
        ]
        nodes.sort(key=lambda n: (n not in after_distress, BAD_NEWS.search(graph.nodes[n].source.text) is None, -spoken[n]))
        for node_id in nodes[:4]:
            if node_id in after_distress:
                sentence = SYMPATHY
            elif BAD_NEWS.search(graph.nodes[node_id].source.text):
                sentence = APOLOGY
            else:
                sentence = ACKNOWLEDGEMENT
            options.append(
                Option(
                    (Patch("prepend_text", node_id, values=(sentence,)),),
                    f"Open node {node_id!r} with {sentence!r}: the agent's tone lacked empathy "
                    f"({failed.result.label()} scored {failed.result.actual})",
                )
            )
    if components["conciseness"] < 1.0:
        longest = max(spoken, key=lambda n: len(graph.nodes[n].source.text.split()), default=None)
        if longest is not None and len(graph.nodes[longest].source.text.split()) > CONCISE_WORDS:
            statements = [
                s for s in split_sentences(graph.nodes[longest].source.text) if not s.endswith("?") and "{{" not in s
            ]
            if statements:
                cut = max(statements, key=len)
                options.append(
                    Option(
                        (Patch("remove_text", longest, values=(re.escape(cut),)),),
                        f"Shorten node {longest!r}: drop the sentence {cut!r} (the agent's turns were long; "
                        f"{failed.result.label()} scored {failed.result.actual})",
                    )
                )
    if components.get("courtesy", 1.0) < 1.0:
        edits: list[Patch] = []
        for node_id in spoken:
            for sentence in split_sentences(graph.nodes[node_id].source.text):
                if CURT.search(sentence.lower()) is None:
                    continue
                kept = CURT.sub(" ", sentence.lower())
                if not re.sub(r"[\W_]+", "", kept):
                    edits.append(Patch("remove_text", node_id, values=(f"^{re.escape(sentence)}$",)))
                else:
                    # the curt words out, the rest as written: "Like I said, Tuesday." -> "Tuesday."
                    start, end = _curt_span(sentence)
                    rest = (sentence[:start] + sentence[end:]).strip(" ,;-")
                    edits.append(Patch("replace_text", node_id, values=(sentence, rest[:1].upper() + rest[1:])))
        if edits:
            nodes = sorted({edit.node for edit in edits})
            options.insert(0, Option(
                tuple(edits),
                f"Take the curt words out of node(s) {', '.join(repr(n) for n in nodes)}: the agent sounded dismissive "
                f"({failed.result.label()} scored {failed.result.actual})",
            ))
    if not options:
        return []
    return [Candidate(("tone", failed.result.assertion_id), "prompt_edit", options[0].patches[0].node, options, [analysis.scenario_id])]


def _curt_span(sentence: str) -> tuple[int, int]:
    """Where the first curt phrase of a sentence is, with a comma or a space after it."""
    found = CURT.search(sentence.lower())
    assert found is not None
    end = found.end()
    while end < len(sentence) and sentence[end] in ", ":
        end += 1
    return found.start(), end

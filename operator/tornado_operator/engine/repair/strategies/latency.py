"""Latency (prompt_edit): a LATENCY_BELOW assertion failed. The simulated latency of an agent
turn is 300 ms + 5 ms per character + 400 ms per webhook it waited for (sim/interpreter.py), so
the lever a pathway has is how much the agent says: on the node of the slowest turn, statements
(never a question, never one with a {{variable}}) are dropped until that turn would be under
the limit — one sentence long enough on its own, the shortest such first (the smallest edit),
else the longest ones together. A sentence that lists several things ("As a reminder, we bill
on the first, late cancellations are charged in full, and autopay is in the portal") may
instead be cut to the one clause the node's prompt asks for ("remind them that late
cancellations are charged"), said as a sentence of its own: the author's point kept, the rest
of the recital dropped. Verification keeps the first edit no passing or held-out scenario
needs: a safety instruction another caller must hear stays, the next sentence goes.
"""

from __future__ import annotations

import re

from tornado_operator.api.scenario import LatencyBelowConfig
from tornado_operator.engine.repair.analysis import Analysis, FailedAssertion
from tornado_operator.engine.repair.apply import split_sentences
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.repair.words import content_words, may_be_verb
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.interpreter import PER_CHAR_LATENCY_MS


def latency_fixes(graph: CompiledGraph, analysis: Analysis, failed: FailedAssertion) -> list[Candidate]:
    config = failed.assertion.typed_config()
    if not isinstance(config, LatencyBelowConfig):
        return []
    turns = [t for t in analysis.conversation.transcript if t.speaker == "agent" and t.latency_ms is not None and graph.has_node(t.node)]
    slow = sorted((t for t in turns if (t.latency_ms or 0) > config.max_ms), key=lambda t: -(t.latency_ms or 0))
    if not slow:
        slow = sorted(turns, key=lambda t: -(t.latency_ms or 0))[:1]  # avg / p95 over the limit: the slowest turn
    options: list[Option] = []
    for turn in slow[:3]:
        node = graph.nodes[turn.node].source
        excess_chars = max(1, ((turn.latency_ms or 0) - config.max_ms) // PER_CHAR_LATENCY_MS + 1)
        statements = sorted(
            (s for s in split_sentences(node.text) if not s.endswith("?") and "{{" not in s), key=len, reverse=True
        )
        # one sentence that is enough on its own, the shortest first (the smallest edit; the
        # next one when verification finds another scenario needs it), then the longest ones
        # together until the turn fits
        cuts = [[s] for s in sorted(statements, key=len) if len(s) + 1 >= excess_chars]
        greedy: list[str] = []
        for sentence in statements:
            if sum(len(s) + 1 for s in greedy) >= excess_chars:
                break
            greedy.append(sentence)
        if sum(len(s) + 1 for s in greedy) >= excess_chars and greedy not in cuts:
            cuts.append(greedy)
        total = len(split_sentences(node.text))
        for cut in cuts:
            if len(cut) == total:
                continue  # it would leave the node silent
            options.append(
                Option(
                    tuple(Patch("remove_text", turn.node, values=(re.escape(s),)) for s in cut),
                    f"Shorten node {turn.node!r} so its turn is under {config.max_ms} ms: drop "
                    + "; ".join(repr(s) for s in cut)
                    + f" ({len(''.join(cut))} characters; the turn took {turn.latency_ms} ms)",
                )
            )
        # after the plain drops: only when verification finds every sentence dropped whole is needed
        options += _clause_cuts(turn.node, node.text, node.prompt, statements, excess_chars, config.max_ms, turn.latency_ms or 0)
    if not options:
        return []
    return [Candidate(("latency", failed.result.assertion_id), "prompt_edit", options[0].patches[0].node, options, [analysis.scenario_id])]


_CLAUSE_BREAK = re.compile(r",\s+(?:and\s+|but\s+|or\s+|so\s+)?|;\s+")
_NOT_A_SENTENCE_START = frozenset([
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "should", "may",
    "in", "on", "at", "for", "with", "from", "to", "by", "of", "about", "after", "before", "during", "within", "into",
    "plus", "minus", "including", "except", "like", "such", "also", "then", "or", "and", "but",
])
_NOT_A_CLAUSE_START = frozenset(["who", "which", "that", "where", "when", "whose", "whom", "while", "because", "since", "if", "unless", "as", "so"])


def _stems(text: str) -> set[str]:
    return {word[:5] for word in content_words(text.lower()) if len(word) >= 4}


def prompted_clause(sentence: str, prompt: str) -> str | None:
    """Of a sentence listing several clauses, the one the node's prompt asks for (most content
    words shared with it, at least one), as a sentence of its own; None when no clause is asked
    for, when the sentence is one clause, or when the clause cannot stand alone (a relative or
    subordinate clause: "who will call you back")."""
    parts = [part.strip(" .") for part in _CLAUSE_BREAK.split(sentence.rstrip(".!"))]
    parts = [part for part in parts if part]
    if len(parts) < 2 or not prompt.strip():
        return None
    asked = _stems(prompt)
    scored = sorted(
        ((len(_stems(part) & asked), -index, part) for index, part in enumerate(parts)),
        reverse=True,
    )
    shared, _, best = scored[0]
    first = best.split()[0].lower() if best.split() else ""
    if shared == 0 or len(best.split()) < 3 or first in _NOT_A_CLAUSE_START:
        return None
    if first in _NOT_A_SENTENCE_START or not any(may_be_verb(word) for word in best.lower().split()[1:]):
        return None  # "Is mailed within 30 days" (its subject cut off), "In more than 200 countries"
    if len(scored) > 1 and scored[1][0] == shared:
        return None  # two clauses the prompt asks for alike: cutting one is not the author's choice
    return best[0].upper() + best[1:] + "."


def _clause_cuts(
    node_id: str, text: str, prompt: str, statements: list[str], excess_chars: int, max_ms: int, took_ms: int
) -> list[Option]:
    """Sentences cut to their prompted clause (prompted_clause), the longest first, the others
    dropped where that is not enough, until the turn fits: every sentence whose prompted clause
    is kept, kept in that form."""
    patches: list[Patch] = []
    said: list[str] = []
    saved = 0
    asked_for = _stems(prompt)
    for sentence in statements:  # the longest first
        if saved >= excess_chars:
            break
        clause = prompted_clause(sentence, prompt)
        if clause is not None and len(clause) < len(sentence):
            patches.append(Patch("replace_text", node_id, values=(sentence, clause)))
            said.append(f"{sentence!r} -> {clause!r}")
            saved += len(sentence) - len(clause)
        elif clause is None:
            patches.append(Patch("remove_text", node_id, values=(re.escape(sentence),)))
            asked = " (the prompt asks for some of it: say that part shorter before shipping)" if _stems(sentence) & asked_for else ""
            said.append(f"drop {sentence!r}{asked}")
            saved += len(sentence) + 1
    if saved < excess_chars or not any(patch.op == "replace_text" for patch in patches):
        return []
    if len(patches) == len(split_sentences(text)) and all(patch.op == "remove_text" for patch in patches):
        return []
    return [
        Option(
            tuple(patches),
            f"Shorten node {node_id!r} so its turn is under {max_ms} ms, keeping the clause its prompt asks for: "
            + "; ".join(said)
            + f" (the turn took {took_ms} ms)",
        )
    ]

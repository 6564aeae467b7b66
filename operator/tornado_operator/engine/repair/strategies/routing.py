"""Routing (flow_change): a path assertion failed because a caller turn matched nothing (or only
a catch-all edge), or matched an edge that leads away from where the scenario should go.

The fix adds the shortest distinctive word of the caller's turn (repair/words.py: never a stop
word, a number, a date word or a value the scenario extracts; the target's own words first)
as a keyword:
- to the globalMatch of a global target;
- else to the first edge on the shortest path from the node the turn was said on toward the
  target — and, when the turn was taken by a wrong edge listed earlier, that edge is moved
  ahead of the wrong one;
- else (no path) on a new edge from that node to the target.
Options go from one word to two-word phrases, then a verb with what it acts on ("end it", "try
the food"); never the caller's whole sentence, which fits that caller only (no shorter phrase
that routes the turn: no keyword fix, and the scenario can end unfixable). A keyword that
already routes somewhere else from that node is never offered. Verification keeps the first
option that works.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from tornado_operator.api.pathway import Edge, NodeType
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.mentions import (
    Mention,
    as_a_place,
    as_subject,
    asked_for_anew,
    find_mention,
    modifying,
    not_said_as_a_place,
    on_its_own,
    place_edge,
    said_as_a_place,
)
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.repair.paths import PATH_TYPES, path_targets, shortest_first_hop
from tornado_operator.engine.repair.values import (
    DATE_ANY,
    NUMBER_BEFORE_A_UNIT,
    NUMBER_WORD,
    VALUE_KINDS,
    numbers_in_words,
    own_widenings,
    separator_tolerant,
    unit_optional,
    value_shapes,
)
from tornado_operator.engine.repair.words import (
    GENERIC,
    STOPWORDS,
    about_absence,
    base_word,
    caller_phrase,
    closing_formulas,
    common_words,
    hint_words,
    is_past_form,
    keyword_candidates,
    keyword_variants,
    may_be_verb,
    mostly_adjective,
    mostly_verb,
    names_a_person,
    names_a_thing,
    names_in,
    parts_of_speech,
    same_verb,
)
from tornado_operator.engine.sim.compiled import (
    CompiledEdge,
    CompiledGraph,
    CompiledMatch,
    captured,
    keyword_regex,
)
from tornado_operator.engine.sim.conversation import VIA_FALLBACK, VIA_UNMATCHED, RoutingEvent
from tornado_operator.engine.sim.routing import route


def _edge(graph: CompiledGraph, edge_id: str) -> CompiledEdge:
    for node in graph.nodes.values():
        for edge in (*node.conditional, *node.catch_all):
            if edge.id == edge_id:
                return edge
    raise KeyError(edge_id)


def _excluded_words(analysis: Analysis) -> set[str]:
    """Values the scenario says or extracts: routing on them would only fit this caller."""
    words: set[str] = set()
    values = [*analysis.scenario.request_data.values(), *analysis.conversation.extracted.values()]
    for item in analysis.failed:
        config = item.assertion.config
        for key in ("expectedValue", "value"):
            if isinstance(config.get(key), str):
                values.append(config[key])
    for value in values:
        words.update(str(value).lower().split())
    return words


def _common(graph: CompiledGraph) -> set[str]:
    texts = [f"{n.source.name} {n.source.text} {n.source.prompt}" for n in graph.nodes.values()]
    texts += [f"{e.label} {' '.join(e.match.keywords)}" for e in graph.graph.edges]
    return common_words(texts)


def _keyword_options(
    graph: CompiledGraph, event: RoutingEvent, target: str, hints: set[str], analysis: Analysis, *, require_hint: bool = False
) -> list[str]:
    """Keywords in order of preference, none routing elsewhere from the node. `require_hint`:
    only words about the target itself (a new edge must say what it is for). Never the
    caller's whole sentence ("can we come in and try the food before we book you"): it fits
    that caller only, so when no shorter phrase routes the turn there is no keyword fix."""
    options: list[str] = []
    absence = about_absence(*(f"{e.label} {' '.join(e.match.keywords)}" for e in _edges_to(graph, event.node, target)))
    candidates = keyword_candidates(event.text, exclude=_excluded_words(analysis), hints=hints, common=_common(graph), about_absence=absence)
    whole = caller_phrase(event.text)
    if any(graph.nodes[t].type is NodeType.END_CALL for t in (target, *_reachable(graph, target)) if graph.has_node(t)):
        # on the way to hanging up, how the caller closes the call ("that is all")
        candidates = [*closing_formulas(event.text), *candidates]
    listed = _kinds_the_business_lists(graph)
    for keyword in candidates:
        if require_hint and not hint_words(keyword) & hints:
            continue
        if " " not in keyword and hint_words(keyword) & listed and not hint_words(keyword) & hints:
            continue  # "wheat" where the business sprays "wheat, durum, soybeans, corn": what it works on, not what is wanted
        if len(keyword.split()) >= 3 and keyword == whole:
            continue  # the caller's sentence itself
        if _routes_elsewhere(graph, event.node, keyword, target):
            continue  # already means something else here
        options.append(keyword)
    return options


_ITEM = r"[a-z]+(?: (?!and\b|or\b)[a-z]+)?"
_LAST_ITEM = rf"(?:{_ITEM}(?=\s*(?:[.,;:!?]|$))|[a-z]+)"  # two words only where the row ends ("sugar beets.")
_LISTED = re.compile(rf"\b((?:{_ITEM}, )+{_ITEM},? (?:and|or) {_LAST_ITEM}|(?:{_ITEM}, ){{2,}}{_LAST_ITEM})\b")


def _kinds_the_business_lists(graph: CompiledGraph) -> set[str]:
    """Stems of the things the pathway's own description lists in a row of three or more ("We fly
    fungicides ... on wheat, durum, soybeans, corn, sugar beets and sunflowers"): the kinds of
    thing every caller has, which tell no edge's intent from another's."""
    text = f"{graph.graph.description} {graph.graph.global_prompt}".lower()
    found: set[str] = set()
    for row in _LISTED.finditer(text):
        items = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", row.group(1))
        items[0] = items[0].split()[-1]  # ("bake sourdough, rye, ...": the row starts at its first item's last word)
        for item in items:
            found.update(hint_words(item))
    return found


def _reachable(graph: CompiledGraph, start: str) -> list[str]:
    """Nodes one edge on from `start`: where a step toward the end of a call leads."""
    return [e.target for e in graph.graph.edges if e.source == start]


def _edges_to(graph: CompiledGraph, node: str, target: str) -> list[Edge]:
    return [e for e in graph.graph.edges if e.source == node and e.target == target]


def _value_edge(edge: CompiledEdge) -> bool:
    return bool(edge.match.patterns) and not edge.match.keywords and not edge.match.always


def _routes_elsewhere(graph: CompiledGraph, node: str, keyword: str, target: str) -> bool:
    decision = route(graph, node, keyword)
    return decision.target is not None and decision.target != target and decision.via != "catch_all"


def _spellings(graph: CompiledGraph, node: str, keyword: str, target: str) -> tuple[str, ...]:
    """The keyword and its other forms ("check out" / "checkout", "renew" / "renewal") that
    mean nothing else here."""
    return tuple(v for v in keyword_variants(keyword) if v == keyword or not _routes_elsewhere(graph, node, v, target))


def _said(values: tuple[str, ...]) -> str:
    first = f'the keyword "{values[0]}"'
    return first if len(values) == 1 else first + " (and its other form " + ", ".join(f'"{v}"' for v in values[1:]) + ")"


_VALUE_SPAN = re.compile(r"(?<![A-Za-z'])[A-Za-z]{0,4}[\s(.-]*\d[\d\s().-]*\d|\d")


def _without_leading_word(found: re.Match[str]) -> tuple[str, int, int]:
    """A value span without a plain word before it ("at 88" -> "88"; "RA 55302" keeps its
    prefix): the word is the caller's, not the value's."""
    span, start = found.group(0), found.start()
    word = re.match(r"([A-Za-z]+)[\s(.-]+", span)
    if word is not None and word.group(1).lower() in STOPWORDS:
        span, start = span[word.end():], start + word.end()
    return span, start, found.end()


def _pattern_options(
    graph: CompiledGraph, event: RoutingEvent, edge: CompiledEdge, reached: str, ahead: list[Patch], because: str
) -> list[Option]:
    """For an edge that routes by patterns (a reference number, an amount): a pattern for the
    shape of the value the caller said, added beside the edge's own (widening, never replacing)."""
    if not edge.match.patterns:
        return _days_as_dates(event, edge, reached, ahead, because)
    options: list[Option] = []
    kinds: list[Option] = []
    for existing in edge.match.patterns:
        spoken = numbers_in_words(existing.pattern) if NUMBER_WORD.search(event.text) else None
        for form in (spoken, unit_optional(spoken) if spoken is not None else None):
            if form is None or re.search(form, event.text, re.IGNORECASE) is None:
                continue
            options.append(Option(
                (Patch("add_patterns", event.node, edge=edge.id, target=edge.target, values=(form,)), *ahead),
                f"Add the pattern '{form}' to edge {edge.id!r} ({event.node} -> {edge.target}): its pattern "
                f"'{existing.pattern}' with the number also said as a word"
                + (", the unit after it optional" if form != spoken else "")
                + f", as the caller said it on turn {event.turn}, takes it on the way to {reached!r}{because}",
            ))
            break
        for form in separator_tolerant(existing.pattern):
            if re.search(form, event.text, re.IGNORECASE) is None:
                continue
            options.append(
                Option(
                    (Patch("add_patterns", event.node, edge=edge.id, target=edge.target, values=(form,)), *ahead),
                    f"Add the pattern '{form}' to edge {edge.id!r} ({event.node} -> {edge.target}): the values of its "
                    f"pattern '{existing.pattern}' read out in groups (spaces, dots, commas or dashes between characters"
                    + (", the letter prefix optional" if "?)?" in form else "")
                    + f"), as the caller did on turn {event.turn}, take it on the way to {reached!r}{because}",
                )
            )
        for wider, allows in own_widenings(existing.pattern):
            if re.search(wider, event.text, re.IGNORECASE) is not None:
                options.append(Option(
                    (Patch("add_patterns", event.node, edge=edge.id, target=edge.target, values=(wider,)), *ahead),
                    f"Add the pattern '{wider}' to edge {edge.id!r} ({event.node} -> {edge.target}): its pattern "
                    f"'{existing.pattern}' with {allows}, as the caller said it on turn {event.turn}, takes it on "
                    f"the way to {reached!r}{because}",
                ))
    own = options  # forms of the edge's own pattern: the author's class of value, kept
    options = []
    found_spans = [_without_leading_word(found) for found in _VALUE_SPAN.finditer(event.text)]
    spans = [span for span, _, _ in found_spans]
    for kind in VALUE_KINDS:  # the value's kind, found in the whole turn ("apartment 3C")
        compiled = re.compile(kind, re.IGNORECASE)
        got = captured(compiled, event.text)
        at = compiled.search(event.text)
        # the kind's value and a value span of the turn overlap ("150" of "do 150" in "150
        # dollars", "88" of "at 88" in "88 Foxglove Circle")
        if got is not None and at is not None and any(
                span.strip(" ().-") and start < at.end() and at.start() < end for span, start, end in found_spans):
            kinds.append(Option(
                (Patch("add_patterns", event.node, edge=edge.id, target=edge.target, values=(kind,)), *ahead),
                f"Add the pattern '{kind}' to edge {edge.id!r} ({event.node} -> {edge.target}): the kind of value "
                f"{got!r} is, as the caller said it on turn {event.turn}, takes it on the way to {reached!r}{because}",
            ))
    for span in spans:
        for shape in value_shapes(span.strip(" ().-")):
            if re.search(shape, event.text, re.IGNORECASE) is None:
                continue
            (kinds if shape in VALUE_KINDS else options).append(
                Option(
                    (Patch("add_patterns", event.node, edge=edge.id, target=edge.target, values=(shape,)), *ahead),
                    f"Add the pattern '{shape}' to edge {edge.id!r} ({event.node} -> {edge.target}) so values written "
                    f"like the caller's (turn {event.turn}) take it on the way to {reached!r}{because}",
                )
            )
    # a kind of value (a phone number) first, then the edge's own pattern widened (it keeps the
    # author's class: "12 B" stays a unit, not any number), then the shape of what was said
    return [*kinds[:1], *own, *options][:4]


def _days_as_dates(
    event: RoutingEvent, edge: CompiledEdge, reached: str, ahead: list[Patch], because: str
) -> list[Option]:
    """An edge whose keywords are all days of the week ("day given": monday ... friday) means the
    caller named a day; a caller who names it as a date ("the 22nd", "November 3rd") gives one
    too: the kind of value, a date, beside the days."""
    days = {k.lower() for k in edge.match.keywords}
    if not days or not days <= _WEEKDAY_NAMES or edge.match.patterns:
        return []
    got = captured(re.compile(DATE_ANY, re.IGNORECASE), event.text)
    if got is None:
        return []
    return [Option(
        (Patch("add_patterns", event.node, edge=edge.id, target=edge.target, values=(DATE_ANY,)), *ahead),
        f"Add the pattern '{DATE_ANY}' to edge {edge.id!r} ({event.node} -> {edge.target}): its keywords are days "
        f"of the week, and a date ({got!r}, turn {event.turn}) names the day too, on the way to {reached!r}{because}",
    )]


_WEEKDAY_NAMES = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def routing_fixes(graph: CompiledGraph, analysis: Analysis) -> tuple[list[Candidate], int | None]:
    """Candidates for the analysis's routing failure, and the caller turn they act on (content
    fixes of later turns wait for the route to settle)."""
    targets = list(analysis.expected)
    if not targets:  # analysed without the graph: the failed path assertions say where to go
        for item in analysis.failed:
            if item.result.type in PATH_TYPES:
                targets.extend(t for t in path_targets(graph, analysis.conversation, item.assertion) if t not in targets)
    if not targets:
        return [], None
    target_set = set(targets)
    events = [e for e in analysis.conversation.routing if e.via in (VIA_UNMATCHED, VIA_FALLBACK)]
    if not events:
        events = list(reversed(analysis.catch_all_turns))
    wrong = analysis.wrong_turn
    if wrong is not None:
        # A wrong edge fit first when the caller's words are about where they should have gone
        # ("I don't want to cancel, just pause it"); a caller who said "billing" and later asked
        # for a booking changed their mind: the turn nothing matched is the one to fix.
        about_target = hint_words(*(f"{t} {graph.nodes[t].source.name} {graph.nodes[t].source.text}" for t in targets))
        said = hint_words(wrong.text)
        # after a wrong edge the call is off its path: a fix to a later turn would build on the
        # wrong route ("I'll stop by the desk" said on the cancellation's question)
        events = [wrong, *(e for e in events if e.turn < wrong.turn)] if said & about_target else [*events, wrong]
    found: list[Candidate] = []
    first_turn: int | None = None
    for event in events:
        candidate = _for_event(graph, analysis, event, targets, target_set)
        if candidate is not None and all(c.key != candidate.key for c in found):
            found.append(candidate)  # the next one is verification's fallback
            first_turn = event.turn if first_turn is None else min(first_turn, event.turn)
            if len(found) == 2:
                break
    return found, first_turn


_MATCHED_KEYWORD = re.compile(r"keyword '([^']+)'")
_PARTICLE_WORDS = frozenset(["back", "out", "off", "up", "down", "over", "away", "in", "on", "at"])


def _matched_in(event: RoutingEvent) -> tuple[str, str | None, str]:
    """Where the keyword a wrong turn matched stands: (node, edge, how a description names it)
    — a global node's globalMatch (no edge) or the edge the turn took."""
    if event.via == "global":
        return event.edge_id or "", None, f"the globalMatch of node {event.edge_id!r}"
    return event.node, event.edge_id, f"edge {event.edge_id!r}"


def _by_pattern(node: str, edge: str | None, keyword: str, pattern: str) -> tuple[Patch, Patch]:
    """The keyword replaced by a pattern where it stands (an edge's match or a globalMatch)."""
    return (Patch("narrow_keyword", node, edge=edge, values=(keyword,)),
            Patch("add_patterns", node, edge=edge, values=(pattern,)))


def _replaced_by_pattern(
    node: str, edge: str | None, where: str, keyword: str, pattern: str, event: RoutingEvent, reached: str, why: str
) -> Option:
    """The keyword replaced by a pattern where it stands, described with why the turn fit it
    wrongly (`why` ends with the word that leads into "sent them to ...")."""
    return Option(
        _by_pattern(node, edge, keyword, pattern),
        f"Replace the keyword \"{keyword}\" of {where} by the pattern '{pattern}', {why} sent them to "
        f"{event.target!r} instead of on the way to {reached!r}",
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _said_as_a_verb(graph: CompiledGraph, keyword: str) -> bool:
    """Whether the pathway's own words use the keyword as a verb ("what would you like to
    order?", "we can order it in")."""
    said = re.compile(rf"\b(?:to|can|could|will|would|you|we|i)\s+{re.escape(keyword)}\b", re.IGNORECASE)
    return any(said.search(text) for node in graph.nodes.values() for text in (node.source.text, node.source.prompt) if text)


# a label for one that exists: "an order already placed", "the caller's current booking", "a
# question about an invoice", "a crane out on the caller's site", "change or cancel a reservation"
_EXISTING_ONE = re.compile(
    r"\b(?:already|existing|current|placed|status|on file|(?:caller|they|you)\s+(?:has|have|had)|their|your"
    r"|question\s+about|about\s+(?:an?|the|their|your|my)"
    # what is done to one that exists: "change or cancel a reservation", "track a package"
    r"|change|changing|cancel|cancelling|canceling|modify|reschedule|rescheduling|move|moving|update|extend|track|tracking"
    r"|check(?:ing)?\s+on|where\s+is)\b",
    re.IGNORECASE,
)


# a request for a new one sent or brought ("send a truck out", "bring a crane"): asked for, whatever else the
# word may be (find_mention reads "a truck out" as a verb's object)
_GETTING_ANEW = re.compile(r"^(?:send|bring|get|book|need|needs|want|wants)\s", re.IGNORECASE)


def _in_a_longer_phrase(graph: CompiledGraph, event: RoutingEvent, keyword: str, lowered: str) -> bool:
    """Whether another edge of the node has a keyword phrase holding this keyword ("run a sale"
    beside a bare "sale") that the turn says: the author meant that phrase for the other edge."""
    return any(
        other.id != event.edge_id and other.match is not None
        and any(phrase != keyword and keyword in phrase.split() and re.search(keyword_regex(phrase), lowered)
                for phrase in other.match.keywords or [])
        for other in graph.graph.edges if other.source == event.node
    )


def _narrowed(
    node: str, edge: str | None, where: str, keyword: str, phrases: tuple[str, ...], mention: Mention, event: RoutingEvent, reached: str
) -> Option:
    """The keyword narrowed to the phrases that ask for it, described with what the turn did."""
    return _narrowed_to(node, edge, where, keyword, phrases, f": the caller's \"{mention.said}\" (turn {event.turn}) {mention.why}, "
                        f"and sent them to {event.target!r} instead of on the way to {reached!r}")


def _narrowed_to(node: str, edge: str | None, where: str, keyword: str, phrases: tuple[str, ...], because: str) -> Option:
    """The keyword of `where` narrowed to `phrases`, its description ending with `because`."""
    return Option(
        (Patch("narrow_keyword", node, edge=edge, values=(keyword, *phrases)),),
        f"Narrow the keyword \"{keyword}\" of {where} to " + ", ".join(f'"{p}"' for p in phrases) + because,
    )


def _narrowing(graph: CompiledGraph, event: RoutingEvent, reached: str) -> list[Option]:
    """A keyword that fired on a mention rather than a request (the kinds: repair/mentions.py —
    "my agent said...", "I'm a nurse", "a return customer", "I canceled my class"): narrowed to
    the phrases that ask for it, leaving out any that the mention itself fits; a bare question
    word to a question about its label. Verification checks that every caller who asked for it
    still gets there."""
    found = _MATCHED_KEYWORD.search(event.matched or "")
    if found is None or event.edge_id is None:
        return []
    keyword = found.group(1)
    lowered = event.text.lower()
    if keyword in _QUESTION_WORDS or _question_phrase(keyword):
        return _question_about_the_label(graph, event, keyword, reached)
    node, edge, where = _matched_in(event)
    options: list[Option] = []
    edge_label = (_edge(graph, edge).label or "") if edge is not None else ""
    # a request for a new one matters where the edge is for one that exists ("an order already
    # placed", "a question about an invoice"); where it is for a new one ("estimate on a new
    # roof"), "can I get a quote" asks for it
    # (or where another edge of the node has the turn's longer phrase with the keyword in it: "run
    # a sale" on the edge for having one run, beside a bare "sale" for shoppers)
    anew = asked_for_anew(lowered, keyword) if _EXISTING_ONE.search(edge_label) or _in_a_longer_phrase(graph, event, keyword, lowered) else None
    phrase = len(keyword.split()) > 1
    # a mention of it, or else a request for a new one where the keyword names one that exists
    # ("I want to order shirts" on "an order already placed"); not a mention to find_mention:
    # "I need a delivery" asks for a delivery where the edge is for one. A phrase ("on site") is
    # narrowed only for a request for a new one ("need a crane on site").
    mention = anew if phrase else (anew if anew is not None and _GETTING_ANEW.search(anew.said) else find_mention(lowered, keyword) or anew)
    # only the phrases that ask for it and do not fit this caller's mention
    asking = mention.asking if mention else ()
    if not phrase and mention is not None and f"{_article(keyword)} {keyword}" in asking and _said_as_a_verb(graph, keyword):
        # "is my order ready?": where the pathway itself says "what would you like to order?",
        # its callers ask for the thing by the verb too ("I'd like to order a roast")
        asking += (f"to {keyword}", f"i {keyword}", f"we {keyword}", f"{keyword} a", f"{keyword} an", f"{keyword} some", f"{keyword} the")
    phrases = tuple(p for p in asking if re.search(keyword_regex(p), lowered) is None)
    if mention is not None and phrases:
        options.append(_narrowed(node, edge, where, keyword, phrases, mention, event, reached))
    if phrase:
        return options
    place = said_as_a_place(lowered, keyword)
    if place is not None and re.search(as_subject(keyword), lowered) is None:
        # "threw up on the bus": where it happened; the pathway means the bus's own trouble
        options.append(_replaced_by_pattern(
            node, edge, where, keyword, as_subject(keyword), event, reached,
            f"the {keyword} doing or failing to do something: the caller's \"{place}\" (turn {event.turn}) says where "
            f"something else happened, and"))
    elsewhere = not_said_as_a_place(lowered, keyword) if place_edge(edge_label) else None
    if elsewhere is not None:
        # "she was on hospice" on an edge "at a hospital or facility": care, not where she is
        options.append(_replaced_by_pattern(
            node, edge, where, keyword, as_a_place(keyword), event, reached,
            f"the {keyword} as where: the edge's label ({edge_label!r}) names a place, and the caller's "
            f"\"{elsewhere}\" (turn {event.turn}) is not one, which"))
    if _said_as_a_name(event.text, keyword):
        # "this is Bill Kowalski": a person's name, not the bill: the word as a thing is said
        # with its article or possessive ("my bill", "the bill")
        named = tuple(f"{determiner} {keyword}" for determiner in ("my", "the", _article(keyword), "this", "your", "our"))
        as_a_name = (f"the caller said \"{keyword.capitalize()}\" as a name (turn {event.turn}), which sent them to "
                     f"{event.target!r} instead of on the way to {reached!r}")
        options.append(_narrowed_to(node, edge, where, keyword, named, f": {as_a_name}"))
        if "a" in parts_of_speech(keyword):
            # "Linda Brown" where the pathway means a lawn "turning brown": the adjective as a
            # state something is in or comes to
            states = _states(keyword)
            options.append(_narrowed_to(node, edge, where, keyword, states, f", the state something is in: {as_a_name}"))
    verb = _with_an_object(lowered, keyword)
    if verb is not None and "n" in parts_of_speech(keyword) and not mostly_verb(keyword) and not is_past_form(keyword) \
            and not mostly_adjective(keyword):  # a thing's name ("listing"), never "fix" or "lost" ("the fix", "a lost")
        # "thinking about listing our condo": the word as a verb with its object; the pathway means
        # the thing ("the listing on Deering Avenue"), said with its determiner
        # (the caller's own one, "my booking", only when the business's is not enough: a seller's
        # "our listing" is no buyer's question about one)
        for determiners in (("the", _article(keyword), "this", "your"), ("the", _article(keyword), "this", "your", "my", "our")):
            things = tuple(p for p in (f"{d} {keyword}" for d in determiners) if re.search(keyword_regex(p), lowered) is None)
            options.append(_narrowed_to(
                node, edge, where, keyword, things,
                f": the caller's \"{verb}\" (turn {event.turn}) says it as a verb with its object, not the thing, and sent "
                f"them to {event.target!r} instead of on the way to {reached!r}"))
        # the thing with a word that says which between ("a high reading", "the last listing")
        described = rf"(?i)\b(?:the|an?|this|that|your|my|our|his|her)\s+(?:[a-z]+\s+)?{re.escape(keyword)}\b"
        if re.search(described, lowered) is None:
            options.append(_replaced_by_pattern(
                node, edge, where, keyword, described, event, reached,
                f"the thing said with its determiner and at most one word between: the caller's \"{verb}\" (turn "
                f"{event.turn}) says it as a verb with its object, and"))
    compound = re.search(rf"\b{re.escape(keyword)}-([a-z]+)\b", lowered) if " " not in keyword else None
    if compound is not None and re.search(rf"\b{re.escape(keyword)}\b(?!-)", lowered) is None:
        # "What time is check-in on Fridays?": the word as the head of a compound noun; the
        # pathway means the verb ("check on Rosie", "check if she's eating"), said with what
        # follows a verb (never the compound's own second word: "check in" is "check-in" heard)
        follows = tuple(f"{keyword} {word}" for word in _AFTER_A_VERB if compound.group(1) not in word.split())
        options.append(_narrowed_to(
            node, edge, where, keyword, follows,
            f": the caller's \"{compound.group(0)}\" (turn {event.turn}) is a compound noun, not the verb, and sent them to "
            f"{event.target!r} instead of on the way to {reached!r}"))
    asked = _OF_A_QUESTION.search(lowered[lowered.find(keyword):]) if keyword in lowered else None
    hop = shortest_first_hop(graph, event.node, {reached}) if event.via == "edge" else None
    if asked is not None and hop is not None and re.match(rf"{re.escape(keyword)}\b", asked.group(0)):
        # "an estimate on when the plow gets here", "a rough estimate of what time": a noun asked
        # of a question is that question (a time, a place), not the noun the edge means; an edge
        # for the question, tried before the one that took it, leaves every other use of the word
        pattern = rf"(?i)\b{re.escape(keyword)}s?\s+(?:on|of|about|for|as\s+to)\s+{_ASKED_OF}"
        to = _edge(graph, hop[0]).target
        options.append(Option(
            (Patch("add_pattern_edge", event.node, edge=event.edge_id, target=to, values=(pattern,),
                   name=f"{keyword} of {asked.group(1)}"),),
            f"Add an edge {event.node} -> {to} taken by the pattern '{pattern}', tried before {event.edge_id!r}: the "
            f"caller's \"{asked.group(0)}\" (turn {event.turn}) asks {asked.group(1)}, not for {_article(keyword)} "
            f"{keyword}, and was sent to {event.target!r} instead of on the way to {reached!r}"))
    kind = _another_kind(lowered, keyword, edge_label) if " " not in keyword else None
    if kind is not None:
        # "my credit card", "gift cards" where the pathway means a certification card: a noun
        # before the keyword names another kind of it; the keyword narrowed to it said with a
        # determiner ("my card", "a card") or the kind the edge's label names ("certification card")
        # (and the kinds the business names with a capital, as keywords of the node's edges: "BLS
        # card", "CPR card", "Heartsaver card" beside a class edge's "BLS", "CPR", "Heartsaver")
        capitalised = [
            word
            for other in graph.graph.edges if other.source == event.node and other.match is not None
            for word in other.match.keywords or [] if re.fullmatch(r"[A-Z][A-Za-z]+", word)
        ]
        own = tuple(dict.fromkeys(
            [f"{d} {keyword}" for d in ("my", "the", _article(keyword), "this", "your", "our")]
            + [found.group(0).lower() for found in re.finditer(rf"\b[a-z]+\s+{re.escape(keyword)}\b", edge_label, re.IGNORECASE)
               if found.group(0).split()[0].lower() not in STOPWORDS]
            + [f"{word.lower()} {keyword}" for word in capitalised if word.lower() != kind.split()[0]]
        ))
        things = tuple(p for p in own if re.search(keyword_regex(p), lowered) is None)
        narrowed = _narrowed_to(
            node, edge, where, keyword, things,
            f": the caller's \"{kind}\" (turn {event.turn}) is another kind of {keyword}, and sent them to "
            f"{event.target!r} instead of on the way to {reached!r}")
        # its plain inflections listed beside it ("cards" beside "card") have the other kinds too
        listed: tuple[str, ...] = _edge(graph, edge).match.keywords if edge is not None else ()
        inflected = [k for k in listed if k.lower() != keyword and " " not in k and re.fullmatch(keyword_regex(keyword), k.lower())]
        options.append(Option(
            (*narrowed.patches, *(Patch("narrow_keyword", node, edge=edge, values=(k, *things)) for k in inflected)),
            narrowed.description + "".join(f" (and \"{k}\" the same way)" for k in inflected)))
        # or the thing as what it is or does, or in a state ("reception has gone downhill", "bad
        # reception"), a positive pattern (RE2): "our daughter's wedding reception in the shed" and
        # "the gal at our reception desk" say neither
        stem = re.escape(keyword[:-1] if keyword.endswith("s") and not keyword.endswith("ss") else keyword)
        in_a_state = rf"(?i)\b(?:{stem}s?\s+(?:{_A_THING_IS})|(?:{_IN_A_BAD_STATE})\s+{stem}s?)\b"
        if re.search(in_a_state, lowered) is None:
            replaced = _replaced_by_pattern(
                node, edge, where, keyword, in_a_state, event, reached,
                f"the thing as what it is or does, or in a bad state: the caller's \"{kind}\" (turn {event.turn}) is "
                f"another kind of {keyword}, and")
            options.append(Option(
                (*replaced.patches, *(Patch("narrow_keyword", node, edge=edge, values=(k,)) for k in inflected)),
                replaced.description + "".join(f" (and \"{k}\" the same way)" for k in inflected)))
    theirs = re.search(rf"\b{re.escape(keyword)}\s+(its|their)\s+[a-z]+", lowered) if " " not in keyword else None
    if theirs is not None and (mostly_verb(keyword) or is_past_form(keyword)) \
            and not re.search(rf"\b{re.escape(keyword)}\s+(?!its\b|their\b)(?:my|our|his|her|a|an|the|your|some|something)\b", lowered):
        # "the bus company lost its license", "the boys lost their last game": a verb keyword said of
        # what someone else had; the pathway means what a caller or their own people lose ("lost my
        # phone", "my son lost his retainer"): the verb with the other determiners
        objects = tuple(f"{keyword} {d}" for d in ("my", "our", "his", "her", "a", "an", "the", "your", "something"))
        options.append(_narrowed_to(
            node, edge, where, keyword, objects,
            f": the caller's \"{theirs.group(0)}\" (turn {event.turn}) says it of what someone else had, and sent them to "
            f"{event.target!r} instead of on the way to {reached!r}"))
    idiom = _after_a_preposition(lowered, keyword)
    if idiom is not None:
        # "a board that shows up well after dark", "I'm totally in the dark about billboards": an
        # adjective keyword said as a time or an idiom; the pathway means the state a thing is in
        # or comes to ("the board went dark", "it's been dark all week")
        states = _states(keyword)
        options.append(_narrowed_to(
            node, edge, where, keyword, states,
            f", the state something is in: the caller's \"{idiom}\" (turn {event.turn}) says a time or an idiom, and sent "
            f"them to {event.target!r} instead of on the way to {reached!r}"))
    bound = _bound_by_a_preposition(lowered, keyword)
    if bound is not None:
        # "we're stuck on what to do with the pantry", "stuck with a late fee": a state said with
        # the preposition of an idiom (undecided, saddled with); the pathway means the state of a
        # thing ("the door is stuck halfway", "it's stuck shut"): the word not followed by them
        options.append(_replaced_by_pattern(
            node, edge, where, keyword, rf"(?i)\b{re.escape(keyword)}(?:\s*(?:[.,!?;:]|$)|\s+(?:{_AFTER_A_STATE})\b)", event, reached,
            f"the word as a thing's state, at the end of a clause or before where or how (\"stuck halfway\", \"stuck on the "
            f"track\"): the caller's \"{bound}\" (turn {event.turn}) says it with an idiom's preposition, another sense, and"))
    heading = re.search(rf"\b{re.escape(keyword)}\s+(?:to|toward|towards)\s+(?:the|a|an|our|my|your|their)\s+[a-z]+", lowered) \
        if keyword in _PARTICLE_KEYWORDS else None
    if heading is not None and re.search(on_its_own(keyword), lowered) is None:
        # "send forty steer calves down to the Friday sale": the way something goes; the pathway
        # means the state ("a heifer down in the pen", "she's been down since morning")
        options.append(_replaced_by_pattern(
            node, edge, where, keyword, on_its_own(keyword), event, reached,
            f"the word on its own: the caller's \"{heading.group(0)}\" (turn {event.turn}) says which way something goes, and"))
    state = re.search(_AS_A_STATE.format(re.escape(keyword)), lowered) \
        if " " not in keyword and (is_past_form(keyword) or mostly_verb(keyword)) else None
    if state is not None:
        # "our booster club is about broke", "we went broke": a verb's past form said as a state of
        # someone (another sense); the pathway means the action ("the sign broke off", "it broke"),
        # said with its particle or its subject
        actions = tuple(p for p in (*(f"{keyword} {particle}" for particle in _ACTION_PARTICLES),
                                    *(f"{subject} {keyword}" for subject in _ACTION_SUBJECTS))
                        if re.search(keyword_regex(p), lowered) is None)
        options.append(_narrowed_to(
            node, edge, where, keyword, actions,
            f", the action with its particle or its subject: the caller's \"{state.group(0)}\" (turn {event.turn}) says it "
            f"as a state, another sense, and sent them to {event.target!r} instead of on the way to {reached!r}"))
    in_idiom = _in_an_idiom(lowered, keyword)
    if in_idiom is not None:
        # "could your estimator give me a ring", "I'm still learning the ropes": the word inside an
        # idiom of English (a call, being new), not the thing the pathway means ("the bottom ring",
        # "the ropes on our fly rail"): the thing said as what it is or does, then with its own
        # determiner or modifier (never the idiom's), each a positive pattern (RE2)
        stem = re.escape(keyword.rstrip("s"))
        taken = f"the caller's \"{in_idiom.group(0)}\" (turn {event.turn}) is an idiom, another sense, and"
        # (its plural or singular listed beside it goes too: "rope" and "ropes")
        listed = _edge(graph, edge).match.keywords if edge is not None else ()
        also = [k for k in listed if k.lower() != keyword and k.lower().rstrip("s") == keyword.rstrip("s")]
        not_its = "|".join(d for d in _OWN_DETERMINERS if d not in in_idiom.group(0).split())
        for pattern, what in ((rf"(?i)\b{stem}s?\s+(?:{_A_THING_DOES})\b", f"the thing as what it is or does (\"{keyword} is\", \"{keyword} on\")"),
                              (rf"(?i)\b(?:{not_its})\s+(?:[a-z]+\s+)?{stem}s?\b", "the thing with a determiner the idiom does not use")):
            replaced = _replaced_by_pattern(node, edge, where, keyword, pattern, event, reached, f"{what}: {taken}")
            options.append(Option(
                (*replaced.patches, *(Patch("narrow_keyword", node, edge=edge, values=(k,)) for k in also)),
                replaced.description + "".join(f" (and \"{k}\" the same way)" for k in also)))
    which = modifying(lowered, keyword)
    if which is not None and re.search(on_its_own(keyword), lowered) is None:
        # "my gas stove": the noun says which stove; the pathway means gas itself ("I smell gas")
        options.append(_replaced_by_pattern(
            node, edge, where, keyword, on_its_own(keyword), event, reached,
            f"the word on its own: the caller's \"{which}\" (turn {event.turn}) says which thing, not {keyword} "
            f"itself, and"))
    return options


# a verb's form after a copula, "go" or a degree word, with no object or particle after it: a state
# ("is about broke", "went broke", "flat broke"), not the action
_AS_A_STATE = (
    r"\b(?:is|are|was|were|am|be|been|'s|'re|'m|go|goes|going|went|gone|about|almost|nearly|flat|dead|totally|completely"
    r"|pretty|so|too)\s+{}\b(?!\s+(?:down|off|up|out|apart|loose|open|in|into|through|even|my|our|the|a|an|his|her|their|its|it"
    r"|them|this|that|some))"
)
_ACTION_PARTICLES = ("down", "off", "loose", "apart", "up", "out", "open", "in half")
_ACTION_SUBJECTS = ("it", "that", "something", "which", "one", "they", "he", "she")
_QUESTION_WORDS = frozenset(["when", "where", "what", "how", "who", "which", "why"])
# a noun keyword followed by a question of when or where it is asked of: "estimate on when",
# "idea of what time" (not "an estimate of what it costs": that is the noun's own question)
_ASKED_OF = r"(?:when|what\s+time|what\s+day|how\s+long|how\s+soon|where)\b"
_OF_A_QUESTION = re.compile(rf"[a-z]+\s+(?:on|of|about|for|as\s+to)\s+({_ASKED_OF})")
_FUNCTION_WORDS = frozenset(["per", "via", "each", "plus"])  # in a keyword ("per pound"), never what is asked about
_ASKED_MEASURES = frozenset(["much", "many", "long", "soon", "far", "often", "late", "early", "time"])


_DETERMINERS = r"(?:my|our|your|his|her|their|the|a|an|this|these|those)"
# a number of things as a verb's object: "clip about forty ewes", "book 3 rooms", "list two houses"
_A_NUMBER_OF = (r"(?:(?:about|around|roughly|maybe|some|like)\s+)?(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
                r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|a\s+(?:hundred|dozen|couple|few)|hundreds|dozens)")
# the verbs before an adjective that says the state something is in or comes to ("turning brown",
# "went dark", "has been dark")
_BECOMING = ("turning", "turned", "going", "gone", "went", "getting", "is", "are", "was", "been", "looks", "all")


def _states(keyword: str) -> tuple[str, ...]:
    """The adjective keyword after each verb of being or becoming ("went dark", "is brown")."""
    return tuple(f"{verb} {keyword}" for verb in _BECOMING)


_PARTICLE_KEYWORDS = frozenset(["down", "up", "out", "over", "off", "back", "in"])
_DEGREES = ("so", "too", "very", "real", "really", "pretty", "awful", "awfully", "that", "way", "super")


def _with_a_degree(event: RoutingEvent, keyword: str, reached: str) -> list[Option]:
    """An adjective keyword said of another thing ("our beans are in a low spot") or as short of
    something ("we're low on time"), where the pathway means the state itself: narrowed to the
    keyword said with a degree or a verb ("came over so low", "it was too loud", "went dark"),
    after the state question (_state_question), which fits most such edges better."""
    lowered = event.text.lower()
    attributive = _describing_another_thing(lowered, keyword)
    if attributive is None:
        return []
    node, edge, where = _matched_in(event)
    states = (*(f"{degree} {keyword}" for degree in _DEGREES), *_states(keyword))
    return [_narrowed_to(
        node, edge, where, keyword, tuple(p for p in states if re.search(keyword_regex(p), lowered) is None),
        f", said with a degree or a verb: the caller's \"{attributive}\" (turn {event.turn}) says what another thing "
        f"is like, and sent them to {event.target!r} instead of on the way to {reached!r}")]


def _describing_another_thing(lowered: str, keyword: str) -> str | None:
    """An adjective keyword said every time before a noun it describes, after a determiner ("a
    low spot", "the loud one"), as short of something ("low on time"), or, with no determiner
    before it, as how much of another adjective ("dead sure" is quite sure): the phrase, or None."""
    if " " in keyword or not mostly_adjective(keyword):
        return None
    every = list(re.finditer(rf"\b{re.escape(keyword)}\b", lowered))
    found = []
    for said in every:
        before = lowered[: said.start()]
        after = re.match(r"\s+([a-z]+)(?:\s+([a-z]+))?", lowered[said.end():])
        if after is None:
            return None
        if after.group(1) == "on" and after.group(2) and "n" in parts_of_speech(after.group(2)):
            found.append(f"{keyword} on {after.group(2)}")  # "low on time": short of it
        elif after.group(1) not in STOPWORDS and mostly_adjective(after.group(1)) and after.group(2) != "of" \
                and not re.search(rf"\b{_DETERMINERS}\s+$", before):
            found.append(f"{keyword} {after.group(1)}")  # "dead sure", "dead serious": how sure, no state of a thing
        elif re.search(rf"\b{_DETERMINERS}\s+$", before) and after.group(1) not in STOPWORDS \
                and "n" in parts_of_speech(after.group(1)) and not mostly_verb(after.group(1)):
            found.append(f"{keyword} {after.group(1)}")  # "a low spot"
        else:
            return None
    return found[0] if found else None


def _after_a_preposition(lowered: str, keyword: str) -> str | None:
    """An adjective keyword said only after a preposition ("after dark", "in the dark", "until
    late"): a time or an idiom, not the state of a thing; the phrase, or None."""
    if " " in keyword or "a" not in parts_of_speech(keyword):
        return None
    every = list(re.finditer(rf"\b{re.escape(keyword)}\b", lowered))
    after = list(re.finditer(rf"\b(?:after|before|in|into|until|till|past)\s+(?:the\s+)?{re.escape(keyword)}\b", lowered))
    return after[0].group(0) if every and len(after) == len(every) else None


# idioms of English whose noun is a business's thing elsewhere ("give me a ring" / "the bottom ring of
# the bin", "learning the ropes" / "the ropes on the fly rail"): the noun's stem -> the idioms
_IDIOMS: dict[str, re.Pattern[str]] = {
    stem: re.compile(pattern, re.IGNORECASE)
    for stem, pattern in {
        "ring": r"\b(?:give|gave|giving|gives)\s+(?:me|us|him|her|them|you)\s+a\s+(?:quick\s+)?ring\b|\brings?\s+a\s+bell\b",
        "rope": r"\b(?:learn|learns|learning|learned|learnt|know|knows|knowing|knew|show|shows|showing|showed|teach|teaching|taught)"
                r"\s+(?:me\s+|you\s+|him\s+|her\s+|them\s+|us\s+)?the\s+ropes\b|\bend\s+of\s+(?:my|our|his|her|their|your)\s+rope\b"
                r"|\bon\s+the\s+ropes\b",
        "roof": r"\b(?:through|hit|hits|hitting)\s+the\s+roof\b",
        "line": r"\bdrop\s+(?:me|us)\s+a\s+line\b|\bbottom\s+line\b",
        "shot": r"\b(?:give|gave)\s+it\s+a\s+shot\b|\blong\s+shot\b",
        "ball": r"\bon\s+the\s+ball\b|\bdropped\s+the\s+ball\b|\bhave\s+a\s+ball\b",
        # a time on the dot: "at nine sharp", "10:30 sharp", "noon sharp"
        "sharp": r"\b(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
                 r"|noon|midnight)\s+(?:o'clock\s+)?sharp\b",
    }.items()
}
_A_THING_DOES = (r"is|are|was|were|has|have|had|'s|on|in|at|of|for|that|keeps?|kept|won't|isn't|aren't|wasn't|got|came|broke"
                 r"|needs?|looks?|went|started")
# (what a thing is or does, without the prepositions of _A_THING_DOES: "a reception in the shed"
# is another kind's place)
_A_THING_IS = r"is|are|was|were|has|have|had|'s|keeps?|kept|won't|isn't|aren't|wasn't|got|went|started|needs?|looks?|broke|quit"
_IN_A_BAD_STATE = r"bad|poor|weak|lost|spotty|lousy|terrible|fuzzy|no"
_OWN_DETERMINERS = ("the", "our", "my", "your", "their", "its", "his", "her", "this", "that", "these", "those", "one", "two", "a", "an")


def _in_an_idiom(lowered: str, keyword: str) -> re.Match[str] | None:
    """The idiom of English the keyword is said in ("give me a ring", "learning the ropes"), when
    every time the caller says the keyword it is inside one; None otherwise."""
    if " " in keyword:
        return None
    idiom = _IDIOMS.get(keyword.rstrip("s"))
    if idiom is None:
        return None
    said = [found.start() for found in re.finditer(rf"\b{re.escape(keyword.rstrip('s'))}s?\b", lowered)]
    within = list(idiom.finditer(lowered))
    if not said or not all(any(match.start() <= at < match.end() for match in within) for at in said):
        return None
    return within[0]


def _bound_by_a_preposition(lowered: str, keyword: str) -> str | None:
    """A state keyword (an adjective or a verb's past form: "stuck", "set", "sick") said only with
    the preposition of an idiom and what it is about ("stuck on what to do", "stuck with a late
    fee", "sick of waiting"): another sense than a thing's state; the phrase, or None."""
    if " " in keyword or not (is_past_form(keyword) or "a" in parts_of_speech(keyword)):
        return None
    every = list(re.finditer(rf"\b{re.escape(keyword)}\b", lowered))
    bound = list(re.finditer(rf"\b{re.escape(keyword)}\s+{_IDIOM_AFTER_A_STATE}", lowered))
    return bound[0].group(0) if every and len(bound) == len(every) else None


# what follows a state of a thing ("stuck halfway", "stuck shut", "stuck on the track", "stuck in
# the mud", "stuck again"): a positive pattern, as edge patterns are RE2's (no lookaround)
_AFTER_A_STATE = (r"halfway|partway|shut|closed|open|again|too|now|in|at|up|down|there|here|inside|together|fast|solid|tight|and|but"
                  r"|so|when|every|all|under|behind|or|for|since|after|on\s+(?:the|a|an|my|our|its|it|his|her|their|one|both)")
# an idiom's preposition after a state: undecided about a question ("stuck on what to do", "set on
# which one"), saddled with something ("stuck with a late fee"), tired of it ("sick of waiting") —
# not where a thing is stuck ("stuck on the track", "stuck in the mud")
_IDIOM_AFTER_A_STATE = (r"(?:(?:on|about|between)\s+(?:what|how|whether|which|who)|with\s+(?:a|an|the|my|our|your|this|that|these"
                        r"|those|some)|of)\b")


# what follows a verb said of something: "on" (not a particle that makes another verb: "check
# out" is leaving), "if"/"how", a pronoun or a possessive object
_AFTER_A_VERB = ("on", "up on", "in on", "if", "whether", "how", "him", "her", "them", "it", "my", "our")


def _with_an_object(lowered: str, keyword: str) -> str | None:
    """The keyword said as a verb with its object ("listing our condo", "booking the whole
    place"): followed by a determiner and a word, never after one ("the listing on Elm")."""
    if " " in keyword:
        return None
    said = re.search(rf"(?<![a-z'])(?P<before>[a-z']+\s+)?{re.escape(keyword)}\s+(?:{_DETERMINERS}|{_A_NUMBER_OF})\s+[a-z]+", lowered)
    if said is None or (said.group("before") and re.fullmatch(rf"{_DETERMINERS}\s+", said.group("before"))):
        return None
    return said.group(0)[len(said.group("before") or ""):]


# what says that the caller's thing is another one than the business's ("my old account", "his
# former employer", "my other card"), after a possessive
_ANOTHER_ONE = frozenset(["old", "previous", "former", "other", "prior"])


def _another_kind(lowered: str, keyword: str, label: str) -> str | None:
    """The keyword said after a noun that names another kind of it ("my credit card", "do you
    sell gift cards") every time the turn says it: a noun that is not a determiner, a number or
    a word of the edge's label ("certification card" on "a certification card")."""
    if "n" not in parts_of_speech(keyword) or mostly_verb(keyword) or mostly_adjective(keyword):
        return None  # ("the bus company lost its license": a verb after its subject, no kind of anything)
    said = list(re.finditer(rf"(?<![a-z'])([a-z]+)\s+{re.escape(keyword)}(?:s|es)?\b", lowered))  # ("i'm reading": no "m")
    every = list(re.finditer(rf"\b{re.escape(keyword)}(?:s|es)?\b", lowered))
    if not said or len(said) != len(every):
        return None
    own = {word.lower() for word in re.findall(r"[A-Za-z]+", label)}
    for found in said:
        before = found.group(1)
        if before in _ANOTHER_ONE and re.search(rf"\b(?:my|our|his|her|their)\s+{before}\s+$", lowered[: found.end(1) + 1]):
            continue  # "my old account", "her previous card": another one than the one the pathway means
        if (before in STOPWORDS or before in own or re.fullmatch(_DETERMINERS, before) or NUMBER_WORD.fullmatch(before)
                or "n" not in parts_of_speech(before) or mostly_adjective(before) or mostly_verb(before)):
            return None
    return said[0].group(0)


def _question_phrase(keyword: str) -> bool:
    """A question word and the measure it asks ("how much", "how long", "what time"): a question
    about something, as a bare question word is."""
    said = keyword.split()
    return len(said) == 2 and said[0] in _QUESTION_WORDS and said[1] in _ASKED_MEASURES


def _said_as_a_name(text: str, keyword: str) -> bool:
    """Whether every time the caller says the keyword it is capitalised inside a sentence, a
    name ("this is Bill Kowalski", "Yeah, Bill Ostrowski calling"), never the word itself."""
    said = [m.group(0) for m in re.finditer(rf"\b{re.escape(keyword)}\b", text, re.IGNORECASE)]
    return bool(said) and keyword.lower() in names_in(text) and all(word[:1].isupper() for word in said)


def _word_pattern(word: str) -> str:
    """A regex for a word and its inflections: "arrives" -> arriv\\w* (arrive, arrival, arriving)."""
    base = base_word(word)
    stem = base[:-1] if base.endswith("e") and len(base) > 4 else base
    return re.escape(stem) + r"\w*"


def _question_about_the_label(graph: CompiledGraph, event: RoutingEvent, keyword: str, reached: str) -> list[Option]:
    """A bare question word ("when") or a question phrase ("how much") asks about something; the
    edge's label and its other keywords say what ("when the crew arrives"; "how much" beside
    "cord", "oak"). A turn that asks it about something else ("When's your next opening?", "how
    much to grind out a stump?") is not that question: the keyword gives way to a pattern for the
    question with a word of the label or of the edge's other keywords in the same sentence, either
    order — leaving it as it is when the turn fits that too, or the edge names nothing else."""
    edge = next((e for e in graph.graph.edges if e.id == event.edge_id), None)
    if edge is None or event.via != "edge":
        return []
    asked = set(keyword.split())
    own = " ".join(k for k in (edge.match.keywords if edge.match else []) if k != keyword)
    about = [w for w in re.findall(r"[a-z]+", f"{edge.label or ''} {own}".lower())
             if len(w) >= 3 and w not in asked and w not in _QUESTION_WORDS
             and not {w, base_word(w)} & (STOPWORDS | GENERIC | _FUNCTION_WORDS)]  # "cans" is no "can"
    if not about:
        return []
    words = "|".join(dict.fromkeys(_word_pattern(w) for w in about))
    said = re.escape(keyword).replace(r"\ ", r"\s+")
    question = rf"(?i)\b{said}\b[^.?!]{{0,40}}?\b(?:{words})|\b(?:{words})[^.?!]{{0,40}}?\b{said}\b"
    if re.search(question, event.text):
        return []
    return [Option(_by_pattern(event.node, event.edge_id, keyword, question), f"Replace the bare keyword \"{keyword}\" of edge {event.edge_id!r} by the pattern '{question}': "
                   f"\"{keyword}\" asked about what its label names ({edge.label!r}); the caller's turn {event.turn} asks it "
                   f"about something else and was sent to {event.target!r} instead of on the way to {reached!r}")]


def _state_question(event: RoutingEvent, keyword: str, reached: str) -> list[Option]:
    """An adjective keyword ("ready", "late") asks about a state: "is my order ready", "are
    they ready", "ready yet". A turn that uses it otherwise ("get my refill ready for Friday":
    make it so; "my dissertation is finally ready to print": the caller's own thing made ready) is
    not that question. On an edge, the keyword gives way to a pattern for "is/are ... <keyword>"
    (up to six words between) ending its clause or going on as a state does ("yet", "for pickup"),
    "when will it be <keyword>", "will the crown be <keyword>", or "<keyword> yet"; on a global node, whose
    edits here are keywords, to "is <keyword>", "are <keyword>", "<keyword> yet" — leaving out
    any the turn fits."""
    lowered = event.text.lower()
    said = re.search(rf"(?:\b[a-z']+\s+){{0,3}}{re.escape(keyword)}\b", lowered)
    if said is None or event.edge_id is None:
        return []
    on_global = event.via == "global"
    # the state asked about or reported ("Is my thesis ready yet?", "a text saying my refill is
    # ready."): "is/are ... <keyword>" ending its clause or going on as a state does ("yet", "for
    # pickup", "to go"); not the caller's own thing made ready for the business ("my dissertation
    # is finally ready to print") — spelled out, as edge patterns have no lookarounds (RE2)
    said_word = re.escape(keyword)
    ending = (r"(?:\s*[.?!,;]|\s*$|\s+(?:yet|now|today|tomorrow|already|for\s+pick\s*-?up|to\s+(?:be\s+)?pick(?:ed)?\s*-?up"
              r"|to\s+go|and|so|but|or)\b)")
    question = (
        rf"(?i)\b(?:is|are|was|were)\s+(?:[a-z']+\s+){{0,6}}?{said_word}{ending}"
        rf"|\b(?:when|how\s+soon)\s+(?:will|would|is|are|could|can)\s+(?:[a-z']+\s+){{0,3}}?(?:be\s+)?{said_word}\b"
        # "Will the Hendricks crown be ready by Thursday?": a subject between (not "we will be ready")
        rf"|\b(?:will|would|could|can|should)\s+(?:[a-z']+\s+){{1,4}}?be\s+{said_word}\b"
        rf"|\b{said_word}\s+yet\b"
    )
    if on_global:
        phrases = tuple(p for p in (f"is {keyword}", f"are {keyword}", f"{keyword} yet") if re.search(keyword_regex(p), lowered) is None)
        if not phrases:
            return []
        patches: tuple[Patch, ...] = (Patch("narrow_keyword", event.edge_id, values=(keyword, *phrases)),)
        what = ", ".join(f'"{p}"' for p in phrases)
    else:
        if re.search(question, lowered):
            return []
        patches = _by_pattern(event.node, event.edge_id, keyword, question)
        what = f"the pattern '{question}'"
    where = _matched_in(event)[2]
    return [Option(patches, f"Narrow the keyword \"{keyword}\" of {where} to {what}, which ask whether something is "
                   f"{keyword}: the caller's \"{said.group(0)}\" (turn {event.turn}) does not ask that, and sent them "
                   f"to {event.target!r} instead of on the way to {reached!r}")]


# "my credit card got stolen", "the box was damaged": something of the caller's, then what happened to it
_SAID_OF = r"\b(?:my|our|his|her|their|the)\s+(?:[a-z'-]+\s+){0,2}?([a-z'-]+)\s+(?:got|gets|was|were|is|are|(?:has|have|had)\s+been)\s+"


def _what_the_node_names(graph: CompiledGraph, event: RoutingEvent, reached: str) -> list[Option]:
    """A past-participle keyword said of the caller's own thing ("my credit card got *stolen*")
    took a node whose name and label are about another thing ("Identity theft": someone used
    their identity): narrowed to the participle said of what the node names ("stolen
    identity", "identity was stolen", "identity got stolen"), the thing the caller named left out."""
    found = _MATCHED_KEYWORD.search(event.matched or "")
    if found is None or event.edge_id is None or event.target is None or event.via not in ("edge", "global"):
        return []
    keyword = found.group(1)
    lowered = event.text.lower()
    said = re.search(_SAID_OF + re.escape(keyword) + r"\b", lowered)  # "my credit card got stolen"
    if " " in keyword or not is_past_form(keyword) or said is None:
        return []
    thing = said.group(1)
    if event.via == "global":
        source = graph.nodes[event.target].source
        texts = [source.name, source.global_label or ""]
    else:
        edge = next((e for e in graph.graph.edges if e.id == event.edge_id), None)
        texts = [graph.nodes[event.target].source.name, edge.label if edge is not None else ""]
    def things(text: str) -> list[str]:
        return [w for w in dict.fromkeys(re.findall(r"[a-z]+", text.lower()))
                if len(w) >= 4 and w not in STOPWORDS and w not in GENERIC and w != thing and base_word(w) != base_word(thing)
                and names_a_thing(w) and not mostly_verb(w) and not mostly_adjective(w) and w not in lowered]

    # the node's name says what it is about ("Identity theft"); its label, when the name does not
    nouns = (things(texts[0]) or things(" ".join(texts[1:])))[:2]
    # a regular verb's participle is its past tense too: "hacked my account"
    active = ("my", "our") if keyword.endswith("ed") else ()
    phrases = tuple(p for noun in nouns for p in (f"{keyword} {noun}", f"{noun} was {keyword}", f"{noun} got {keyword}",
                                                   f"{noun} has been {keyword}", *(f"{keyword} {o} {noun}" for o in active)))
    if not phrases:
        return []
    node, edge_id, where = _matched_in(event)
    because = (f", what {event.target!r} is about: the caller's \"{said.group(0)}\" (turn {event.turn}) says it of their "
               f"{thing}, and sent them to {event.target!r} instead of on the way to {reached!r}")
    patch = Patch("narrow_keyword", node, edge=edge_id, values=(keyword, *phrases))
    single = Option((patch,), f"Narrow the keyword \"{keyword}\" of {where} to " + ", ".join(f'"{p}"' for p in phrases) + because)
    # the same verb's past tense among the keywords ("stole" beside "stolen") is narrowed alike
    # ("stole my identity"), tried first: the next caller says it the other way
    match = graph.nodes[event.target].global_match if edge_id is None else _edge(graph, edge_id).match
    siblings = [k for k in (match.keywords if match is not None else ()) if " " not in k and k != keyword and same_verb(k, keyword)]
    if not siblings:
        return [single]
    patches = [patch]
    told = []
    for sibling in siblings:
        forms = tuple(p for noun in nouns for p in (f"{sibling} my {noun}", f"{sibling} our {noun}", f"{sibling} their {noun}",
                                                    f"{sibling} {noun}"))
        patches.append(Patch("narrow_keyword", node, edge=edge_id, values=(sibling, *forms)))
        told.append(f"\"{sibling}\" to " + ", ".join(f'"{p}"' for p in forms))
    both = Option(tuple(patches), f"Narrow the keyword \"{keyword}\" of {where} to " + ", ".join(f'"{p}"' for p in phrases)
                  + ", and " + "; ".join(told) + because)
    return [both, single]


# who a caller means when a verb is said of the business: its people, or one of them not named yet
_BUSINESS_PRONOUNS = ("you", "you're", "you are", "y'all", "someone", "somebody", "anyone", "anybody")
_NOT_STAFF = frozenset(["caller", "customer", "client", "person", "people", "guest", "member", "owner", "user"])
_STAFF = ("crew", "team", "guys", "guy", "tech", "techs")  # what any business's people are called


# what may come before an interjection opening a sentence: "Oh, shoot,", "Aw, heck,", "Well, darn,"
_BEFORE_AN_INTERJECTION = r"(?:(?:oh|aw|ah|well|man|boy|gee|ugh|um|uh)[\s,]+)*"


def _said_as_an_interjection(event: RoutingEvent, reached: str) -> list[Option]:
    """A one-word keyword the caller says only as an interjection, alone at the start of a sentence
    before a comma or "!" ("Oh, shoot, I almost forgot why I called", "Shoot, I hate to ask about
    money"): a mild oath, not the business's word. Replaced by a pattern of the word with what follows
    it in a sentence ("shoot the bare spot", "shoot it again") or ending one ("needs a re-shoot.");
    nothing when the caller also says it so."""
    found = _MATCHED_KEYWORD.search(event.matched or "")
    if found is None or " " in found.group(1):
        return []
    keyword = found.group(1)
    word = re.escape(keyword)
    return _where_every_mention_is(
        event, reached, keyword, rf"\b{word}\b", rf"(?:^|[.!?;]\s*){_BEFORE_AN_INTERJECTION}({word})\s*[,!]",
        rf"(?i)\b{word}(?:s|ed|ing)?(?:\s+[a-z]|\s*[.?]?\s*$)",
        lambda oath: f"the word with what follows it in a sentence: the caller's \"{oath.strip()}\" (turn {event.turn}) "
                     "is an interjection, a mild oath, and")


def _where_every_mention_is(
    event: RoutingEvent, reached: str, keyword: str, said: str, framed: str, pattern: str, why: Callable[[str], str]
) -> list[Option]:
    """The keyword replaced by `pattern` where every mention of it in the turn (`said`) stands in
    one frame (`framed`: an interjection, an amount of something else, a thing imagined) and
    `pattern` does not take the turn; `why` is told the first mention in its frame."""
    lowered = event.text.lower()
    mentions = list(re.finditer(said, lowered))
    in_frame = list(re.finditer(framed, lowered))
    if not mentions or len(in_frame) != len(mentions) or re.search(pattern, event.text):
        return []
    node, edge, where = _matched_in(event)
    return [_replaced_by_pattern(node, edge, where, keyword, pattern, event, reached, why(in_frame[0].group(0)))]


def _one_word_keyword(event: RoutingEvent) -> str | None:
    """The keyword that took the turn, lower-cased, when it is one word of letters ("load", "rod",
    "wreck"): the mention rules below replace only such a keyword by a pattern."""
    found = _MATCHED_KEYWORD.search(event.matched or "")
    if found is None or " " in found.group(1) or not found.group(1).isalpha():
        return None
    return found.group(1).lower()


# what comes before a noun said as how much of something: "a whole load of", "loads of", "a ton of"
_BEFORE_A_QUANTITY = r"(?:\b(?:a|one|whole|big|real|huge|great)\s+)"


def _singular(noun: str) -> str:
    """A plural noun's singular, by its spelling ("bunches" -> "bunch", "loads" -> "load")."""
    if noun.endswith("es") and noun[:-2].endswith(("ch", "sh", "x", "ss", "z")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3 else noun


def _said_as_a_quantity(graph: CompiledGraph, event: RoutingEvent, reached: str) -> list[Option]:
    """A one-word noun keyword the caller says only as how much of something else ("a whole load of
    questions about my settlement", "loads of good things", "a ton of calls"): no load, ton or
    bunch of the business's. Replaced, with its plural where the edge lists it too, by a pattern
    of the word followed by anything but "of" ("one last load setting", "the load's ready.");
    nothing when the caller also says it so."""
    keyword = _one_word_keyword(event)
    if keyword is None:
        return []
    single = _singular(keyword)
    word = re.escape(single)
    # (RE2, no lookahead: the word, then the end of a sentence or a next word that is not "of")
    replaced = _where_every_mention_is(
        event, reached, keyword, rf"\b{word}(?:e?s)?\b", rf"(?:{_BEFORE_A_QUANTITY}+{word}|\b{word}e?s)\s+of\b",
        rf"(?i)\b{word}(?:e?s)?(?:'s)?(?:\s*(?:[.,!?;:]|$)|\s+(?:[^o\s]|o[^f]|of\w))",
        lambda amount: f"the word with anything but \"of\" after it: the caller's \"{amount.strip()}\" (turn {event.turn}) "
                       "says how much of something else, and")
    return _with_its_other_forms(graph, event, replaced, keyword)


def _with_its_other_forms(graph: CompiledGraph, event: RoutingEvent, replaced: list[Option], keyword: str) -> list[Option]:
    """A keyword's replacement (one option or none) extended to the other forms of the word the
    edge lists as keywords of their own ("rod" and "rods"): each would still take the turn."""
    if not replaced:
        return []
    node, edge, _ = _matched_in(event)
    match: CompiledMatch | None = _edge(graph, edge).match if edge is not None else (
        graph.nodes[event.target].global_match if event.target is not None else None)
    single = _singular(keyword)
    listed = [k for k in (match.keywords if match is not None else ()) if _singular(k.lower()) == single and k.lower() != keyword]
    if not listed:
        return replaced
    return [Option((*replaced[0].patches, *(Patch("narrow_keyword", node, edge=edge, values=(k,)) for k in listed)),
                   replaced[0].description.replace(f'Replace the keyword "{keyword}"', f'Replace the keywords "{keyword}" and "{listed[0]}"', 1))]


# what names one thing of the business's before the noun: a determiner or a possessive, maybe with
# one word between ("the sucker rods", "a rod", "my pump rod")
_NAMING_ONE = r"(?:the|a|an|my|our|his|her|their|its|that|this|these|those|every|each|no|any|some|another|other)"


def _said_as_a_measure(graph: CompiledGraph, event: RoutingEvent, reached: str) -> list[Option]:
    """A one-word noun keyword the caller says only as a unit after a number ("The well's about
    forty rods east of the corrals", "sixty yards off the road"): a distance or an amount, not the
    business's thing of that name (a pump rod). Replaced by a pattern of the word named as a thing:
    after a determiner or a possessive, maybe with a word between ("a rod parted", "the sucker
    rods", "my pump rod"), or opening a sentence ("Rod broke again."); nothing when the caller also
    says it so."""
    keyword = _one_word_keyword(event)
    if keyword is None:
        return []
    word = re.escape(_singular(keyword))
    return _with_its_other_forms(graph, event, _where_every_mention_is(
        event, reached, keyword, rf"\b{word}(?:e?s)?\b", rf"\b{NUMBER_BEFORE_A_UNIT}\s+{word}(?:e?s)?\b",
        rf"(?i)(?:^|[.!?;:]\s*|\b{_NAMING_ONE}\s+(?:[a-z]+\s+)?){word}(?:e?s)?\b",
        lambda measure: f"the word named as a thing: the caller's \"{measure.strip()}\" (turn {event.turn}) is a measure, "
                        "a number of them, and"), keyword)


# a thing that has not happened, only imagined: "Say we have a wreck", "Before we ever have a
# fire", "What if there's a leak", "in case we get a flood"
_IMAGINED = (r"\b(?:say|suppose|supposing|imagine|what\s+if|if|in\s+case|before|unless|should)\b[^.?!;]{0,40}?"
             r"\b(?:have|has|get|gets|got|is|there's|there\s+is|ever)\b[^.?!;]{0,20}?")
# the same thing said as having happened: "had a wreck", "there's been a fire", "after the flood"
_HAPPENED = (r"\b(?:had|has\s+had|have\s+had|just\s+had|was\s+in|were\s+in|been\s+in|got\s+in(?:to)?"
             r"|there(?:\s+was|'s\s+been|\s+has\s+been|\s+had\s+been))\s+(?:a|an|another|the|some)\s+(?:[a-z]+\s+)?")


def _said_as_not_happened(event: RoutingEvent, reached: str) -> list[Option]:
    """A one-word keyword for something that happens ("wreck", "fire", "leak") the caller only
    imagines ("Say we have a wreck some Saturday night. Does the after-hours test go on our
    regular invoice?", "Before we ever have a wreck, I want our drivers in a pool"): nothing has
    happened that the edge is for. Replaced by a pattern of it said as having happened ("had a
    wreck on the Natcher", "there's been a fire", "after the wreck"); nothing when the caller
    also says it so or says it anywhere but in what they imagine."""
    keyword = _one_word_keyword(event)
    if keyword is None:
        return []
    word = re.escape(keyword)
    return _where_every_mention_is(
        event, reached, keyword, rf"\b{word}\b", rf"{_IMAGINED}\b{word}\b",
        rf"(?i){_HAPPENED}{word}s?\b|\bafter\s+(?:a|an|the|that|our|my)\s+{word}\b",
        lambda imagined: f"it said as having happened: the caller's \"{imagined.strip()}\" (turn {event.turn}) only imagines "
                         "one, and")


def _said_of_someone_else(graph: CompiledGraph, event: RoutingEvent, reached: str) -> list[Option]:
    """A verb keyword (or a verb and its particle: "pick up") for what the business's people do
    ("coming": is the crew still coming?) said of someone or something else ("my daughter's graduation party coming up", "my in-laws
    are coming to stay"): given way to a pattern for the verb said of the business, "you"
    ("are you still coming"), someone ("is someone coming out") or the people the pathway names
    ("the crew", "your technician"), up to two words between. Nothing when the turn says it so."""
    found = _MATCHED_KEYWORD.search(event.matched or "")
    if found is None or event.edge_id is None or event.via != "edge":
        return []
    keyword = found.group(1)
    verb, _, particle = keyword.partition(" ")
    if " " in particle or (particle and particle not in _PARTICLE_WORDS):
        return []  # one verb, or a verb with its particle ("pick up"), never a phrase
    if not may_be_verb(verb) or "v" not in parts_of_speech(verb):
        return []
    texts = [text for node in graph.nodes.values() for text in (node.source.text, node.source.prompt)]
    texts += [e.label for e in graph.graph.edges]
    people = [w for w in dict.fromkeys(re.findall(r"[a-z]+", " ".join(texts).lower()))
              if len(w) >= 3 and w not in _NOT_STAFF and w not in STOPWORDS and names_a_person(w)
              and parts_of_speech(w) == frozenset({"n"})][:6]  # a noun only: "estimator", never "regular" or "help"
    staff = "|".join(re.escape(p) for p in (*people, *_STAFF))
    subjects = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _BUSINESS_PRONOUNS)
    subjects += rf"|(?:the|your|a)\s+(?:{staff})s?"
    pattern = rf"(?i)\b(?:{subjects})\s+(?:[a-z']+\s+){{0,2}}?{re.escape(keyword)}\b"
    if re.search(pattern, event.text):
        return []  # said of the business after all
    node, edge_id, where = _matched_in(event)
    return [_replaced_by_pattern(
        node, edge_id, where, keyword, pattern, event, reached,
        f"the verb said of the business (you, someone, the {people[0] if people else _STAFF[0]}): the caller's turn "
        f"{event.turn} says \"{keyword}\" of someone or something else, and")]


_VERB_PREPOSITIONS = ("for", "on", "of")
_OBJECT_LEAD = ("the", "my", "our", "a", "an", "this", "that", "your", "his", "her", "their", "whole", "old", "entire", "new")


def _things_the_prompt_pairs(graph: CompiledGraph, node: str, keywords: Sequence[str]) -> list[str]:
    """The things the node's own words (its text and prompt, the global prompt) say the edge's
    keywords of: "the screen freezes", "the signal drops out" in "a problem with a system (it quit
    steering, the screen freezes, the signal drops out)" beside the keywords "freezes", "drops
    out": the screen and the signal are what the edge is about too."""
    source = graph.nodes[node].source
    texts = " ".join(t for t in (source.text, source.prompt, graph.graph.global_prompt) if t).lower()
    said = "|".join(re.escape(k.lower()) for k in keywords if k.strip())
    if not texts or not said:
        return []
    found = re.findall(rf"\b(?:the|a|an|my|our|your|its|their)\s+([a-z]{{3,}})\s+(?:{said})\b", texts)
    # (after "the", a noun, however often WordNet reads the word as a verb: "the signal")
    return [w for w in dict.fromkeys(found) if w not in STOPWORDS and names_a_thing(w)]


def _said_of_another_thing(graph: CompiledGraph, event: RoutingEvent, reached: str) -> list[Option]:
    """A verb keyword said of a thing the edge is not about ("come *replace the filter*" on the
    estimate edge, whose other keywords are "new system", "new furnace", "new ac"): given way to
    a pattern for the verb said of the edge's own things ("replace the furnace", "replacing our
    whole system"). Nothing when the edge names no things or the caller's thing is one of them."""
    found = _MATCHED_KEYWORD.search(event.matched or "")
    if found is None or event.edge_id is None or event.via != "edge" or " " in found.group(1):
        return []
    keyword = found.group(1)
    if not may_be_verb(keyword) or "v" not in parts_of_speech(keyword):
        return []
    lowered = event.text.lower()
    lead = "|".join(_OBJECT_LEAD)
    # "quote *for* the patio", "work *on* my roof": the thing may follow a preposition
    prep = rf"(?:(?:{'|'.join(_VERB_PREPOSITIONS)})\s+)?"
    said = re.search(rf"\b{re.escape(keyword)}\s+{prep}(?:(?:{lead})\s+){{0,3}}([a-z]+)", lowered)
    if said is None or said.group(1) in STOPWORDS:
        return []
    edge = _edge(graph, event.edge_id)
    source = next((e for e in graph.graph.edges if e.id == event.edge_id), None)
    label_words = re.findall(r"[a-z]+", (source.label if source is not None else "").lower())
    # a phrasal keyword's particle ("tear out") is no thing the edge is about
    things = [k.split()[-1] for k in edge.match.keywords
              if " " in k and k.split()[-1] not in STOPWORDS and k.split()[-1] not in _PARTICLE_WORDS]
    things += [w for w in label_words if len(w) >= 4 and w not in STOPWORDS and names_a_thing(w) and not mostly_verb(w)]
    things += _things_the_prompt_pairs(graph, event.node, edge.match.keywords)
    things = [t for t in dict.fromkeys(things) if base_word(t) != base_word(keyword)]
    if not things or base_word(said.group(1)) in {base_word(t) for t in things}:
        return []
    stem = keyword[:-1] if keyword.endswith("e") else keyword
    pattern = (rf"(?i)\b{re.escape(stem)}(?:e|es|ed|ing|s)?\s+{prep}(?:(?:{lead})\s+){{0,3}}"
               rf"(?:{'|'.join(re.escape(t) for t in things)})s?\b")
    node, edge_id, where = _matched_in(event)
    return [_replaced_by_pattern(
        node, edge_id, where, keyword, pattern, event, reached,
        f"the verb said of what the edge is about: the caller's \"{said.group(0)}\" (turn {event.turn}) says it of "
        f"another thing, and")]


_CALLERS_OWN = ("our", "my")  # the caller's own thing, said as callers say it
_SERVICING = frozenset(["service", "servicing", "repair", "repairs", "fix", "fixing", "maintenance", "broken", "trouble"])


def _in_the_authors_words(graph: CompiledGraph, event: RoutingEvent, reached: str) -> list[Option]:
    """A one-word keyword that took a turn about something else ("get my refill ready for
    Friday" taking the order-status edge by "ready"): narrowed to the two-word phrases the
    pathway itself uses it in where it leads ("is ready" in "Your order is ready for pickup"),
    or, for a global node, in its label, text and longer keywords ("tax sale" for "sale"), or
    with the adjective the edge's own two-word keywords give their things ("new gate" beside
    "new fence"), leaving out any the caller's turn fits. Nothing when the pathway has no such
    phrase."""
    found = _MATCHED_KEYWORD.search(event.matched or "")
    if found is None or event.edge_id is None or event.target is None or event.via not in ("edge", "global") \
            or " " in found.group(1):
        return []
    keyword = found.group(1)
    lowered = event.text.lower()
    on_global = event.via == "global"
    if on_global:
        # a global node: its label, what it says, and the longer keywords its author already
        # wrote with this word ("tax sale" beside "sale")
        source = graph.nodes[event.target].source
        own = list(source.global_match.keywords if source.global_match is not None else [])
        texts = [source.global_label or "", source.text, source.prompt, source.name, *(k for k in own if " " in k)]
    else:
        edge = next((e for e in graph.graph.edges if e.id == event.edge_id), None)
        own = list(edge.match.keywords if edge is not None and edge.match is not None else [])
        texts = [edge.label if edge is not None else ""]
        near = [event.target]  # where the edge leads: its target and the nodes up to three edges on
        for _ in range(3):
            near += [e.target for e in graph.graph.edges if e.source in near and e.target not in near]
        for node_id in near:
            if graph.has_node(node_id) and not graph.nodes[node_id].is_global:
                node = graph.nodes[node_id].source
                texts += [node.text, node.prompt, node.name]
        # and where the edge's own question asks it, and what the business says it does ("backup
        # batteries for UPS systems", "a UPS that needs service"): the author's sense of the word
        asking = graph.nodes[event.node].source
        texts += [asking.text, asking.prompt, graph.graph.global_prompt]
    # a title's dash or brackets end a phrase too: "Cancel - find the account" says no "cancel find"
    words = [re.findall(r"[a-z']+", part) for text in texts for part in re.split(r"[.,;:!?()/]|\s[-\u2013\u2014]+\s", text.lower())]
    phrases: list[str] = []
    for tokens in words:
        for a, b in itertools.pairwise(tokens):
            if keyword not in (a, b) or (a == keyword and b == keyword):
                continue
            other = b if a == keyword else a
            if other not in ("is", "are") and (len(other) < 3 or other in STOPWORDS or other in _PARTICLE_WORDS):
                continue  # "is ready", "prescription refill"; never "up when", "the agent"
            phrase = f"{a} {b}"
            if phrase not in phrases and re.search(keyword_regex(phrase), lowered) is None:
                phrases.append(phrase)
    if not on_global and edge is not None and edge.match is not None and "n" in parts_of_speech(keyword) \
            and not mostly_verb(keyword):  # a thing: "new gate", never "new replace"
        # the kind the edge's own phrases give their things ("new fence" beside a bare "gate": "new
        # gate"): the author's own way of telling this edge's callers from the others'
        for written in edge.match.keywords:
            parts = written.lower().split()
            if len(parts) == 2 and keyword not in parts and mostly_adjective(parts[0]):
                phrase = f"{parts[0]} {keyword}"
                if phrase not in phrases and re.search(keyword_regex(phrase), lowered) is None:
                    phrases.append(phrase)
    if not phrases:
        return []
    phrases = phrases[:3]
    owned: list[str] = []
    acronym = any(word.isupper() and word.lower() == keyword for word in own)  # "UPS": a thing's initials
    servicing = not _SERVICING.isdisjoint(re.findall(r"[a-z]+", " ".join([texts[0], *own]).lower()))
    if servicing and (acronym or ("n" in parts_of_speech(keyword) and not mostly_verb(keyword) and not mostly_adjective(keyword))):
        # the caller's own one ("our UPS in the server room keeps beeping"), where the edge services
        # the caller's things: the thing it works on, whatever else the word names ("the UPS
        # driver"); never where it sells new ones ("our railing is wobbly" is no new railing)
        owned = [phrase for owner in _CALLERS_OWN for phrase in [f"{owner} {keyword}"]
                 if re.search(keyword_regex(phrase), lowered) is None]
        phrases += owned
    holder, edge_id, where = _matched_in(event)
    patch = Patch("narrow_keyword", holder, edge=edge_id, values=(keyword, *phrases))
    return [Option((patch,), f"Narrow the keyword \"{keyword}\" of {where} to "
                   + ", ".join(f'"{p}"' for p in phrases)
                   + f", as the pathway itself says it{' or as a caller says their own one' if owned else ''}: the caller's turn {event.turn} is not about that and was sent "
                   f"to {event.target!r} instead of on the way to {reached!r}")]


def _for_event(
    graph: CompiledGraph, analysis: Analysis, event: RoutingEvent, targets: list[str], target_set: set[str]
) -> Candidate | None:
    wrong = event is analysis.wrong_turn
    global_target = next((t for t in targets if graph.nodes[t].is_global), None)
    if global_target is not None:
        node = graph.nodes[global_target]
        label = node.source.global_label or global_target
        keywords = node.global_match.keywords if node.global_match is not None else ()
        hints = hint_words(node.source.name, global_target, label, node.source.text, *keywords)
        options = [
            Option(
                (Patch("add_global_keywords", global_target, values=spellings),),
                f"Add {_said(spellings)} to the globalMatch of node {global_target!r} ({label}) so that "
                f"callers who say it reach it from anywhere",
            )
            for keyword in _keyword_options(graph, event, global_target, hints, analysis)
            for spellings in [_spellings(graph, event.node, keyword, global_target)]
        ]
        if wrong and event.via == "edge" and event.edge_id is not None:
            # a node's edges are tried before the global nodes, so no global keyword can win the
            # turn the edge took ("smoke" for "a chimney fire last night, smoke pouring out"):
            # that edge's keyword narrowed, or an edge to the global node tried before it
            options += _narrowing(graph, event, global_target)
            options += _in_the_authors_words(graph, event, global_target)
            options += [
                Option(
                    (Patch("add_edge", event.node, edge=event.edge_id, target=global_target, values=(keyword,)),),
                    f"Add an edge {event.node} -> {global_target} taken when the caller says \"{keyword}\", tried "
                    f"before {event.edge_id!r}, which took the turn ({event.matched}): a node's edges are tried "
                    f"before the global nodes",
                )
                for keyword in _keyword_options(graph, event, global_target, hints, analysis)
            ]
        if not options:
            return None
        return Candidate(("route", global_target), "flow_change", global_target, options, [analysis.scenario_id])
    hop = None
    if not any(char.isdigit() for char in event.text):
        # an edge that routes by a value's pattern ("account number given") means the caller
        # gave that value: a turn without one goes the way of words, when a path does
        hop = shortest_first_hop(graph, event.node, target_set, skip_first=_value_edge)
    hop = hop or shortest_first_hop(graph, event.node, target_set)
    if hop is not None:
        edge = _edge(graph, hop[0])
        reached = hop[1]
        if edge.match.catch_all and not wrong:
            return None  # that turn already went this way; the problem is elsewhere
        narrowing = _narrowing(graph, event, reached) if wrong else []
        # both, the mention's narrowing first: verification keeps the one every other caller passes with
        authors = [*_in_the_authors_words(graph, event, reached), *_what_the_node_names(graph, event, reached),
                   *_said_of_another_thing(graph, event, reached), *_said_of_someone_else(graph, event, reached),
                   *_said_as_an_interjection(event, reached), *_said_as_a_quantity(graph, event, reached),
                   *_said_as_a_measure(graph, event, reached), *_said_as_not_happened(event, reached)] if wrong else []
        matched = _MATCHED_KEYWORD.search(event.matched or "")
        if wrong and matched is not None and " " not in matched.group(1) and mostly_adjective(matched.group(1)):
            # a state in the pathway's own words ("is frozen") before the generic state question
            authors += _state_question(event, matched.group(1), reached)
            authors += _with_a_degree(event, matched.group(1), reached)
        if edge.match.catch_all:
            narrowing += authors
            if not narrowing:
                return None
            return Candidate(("narrow", event.edge_id or ""), "flow_change", event.node, narrowing, [analysis.scenario_id])
        target_node = graph.nodes[edge.target].source
        edge_source = next((e for e in graph.graph.edges if e.id == edge.id), None)
        label = edge_source.label if edge_source is not None else ""
        hints = hint_words(target_node.name, edge.target, target_node.text, target_node.prompt, reached, label, *edge.match.keywords)
        ahead: list[Patch] = []
        because = ""
        options = []
        if wrong and event.edge_id is not None and event.via == "edge":
            order = [e.id for e in graph.nodes[event.node].conditional]
            later = edge.id in order and event.edge_id in order and order.index(edge.id) > order.index(event.edge_id)
            because = f"; the turn was taken by edge {event.edge_id!r} ({event.matched}) instead"
            if later and edge.match.matches(event.text.lower(), event.text):
                # the right edge already fits the turn, it is just tried too late: reorder only,
                # moving the wrong edge down (the edges between keep their order) or the right one up
                options.append(Option(
                    (Patch("move_edge_after", event.node, edge=event.edge_id, target=edge.id),),
                    f"Try edge {event.edge_id!r} after {edge.id!r} on node {event.node!r}: the caller's turn fits "
                    f"{edge.id!r} (on the way to {reached!r}) but was taken by {event.edge_id!r} ({event.matched})",
                ))
                options.append(Option(
                    (Patch("move_edge_before", event.node, edge=edge.id, target=event.edge_id),),
                    f"Try edge {edge.id!r} before {event.edge_id!r} on node {event.node!r}: the caller's turn fits "
                    f"{edge.id!r} (on the way to {reached!r}) but was taken by {event.edge_id!r} ({event.matched})",
                ))
            elif later:
                ahead = [Patch("move_edge_before", event.node, edge=edge.id, target=event.edge_id)]
                because += f", so {edge.id!r} is now tried before it"
        # a turn the right edge already fits, tried too late: reordered, and the mention narrowed
        # too, first — the reorder serves every caller who says what that edge asks for ("cancel
        # the parking I booked"), the narrowing every one who mentions the word without asking
        # ("I missed the pickup day, when's the next one?"); then each alone
        reorders = list(options)
        options = [Option((*reorder.patches, *narrow.patches), f"{reorder.description}; and: {narrow.description}")
                   for reorder in reorders[:1] for narrow in narrowing[:1]] + options
        options += narrowing
        options += authors  # after a plain reorder, which is the smaller edit
        options += _pattern_options(graph, event, edge, reached, ahead, because)
        for with_move in ([False, True] if ahead else [False]):
            for keyword in _keyword_options(graph, event, edge.target, hints, analysis):
                if edge.match.catch_all:
                    continue  # a catch-all edge takes everything already; only a new edge could be specific
                spellings = _spellings(graph, event.node, keyword, edge.target)
                options.append(
                    Option(
                        (Patch("add_keywords", event.node, edge=edge.id, target=edge.target, values=spellings),
                         *(ahead if with_move else ())),
                        f"Add {_said(spellings)} to edge {edge.id!r} ({event.node} -> {edge.target}) on the way "
                        f"to {reached!r}{because if with_move else because.split(', so ')[0]}",
                    )
                )
        if not options:
            return None
        return Candidate(("route", edge.id), "flow_change", event.node, options, [analysis.scenario_id])
    goal = targets[0]
    target_node = graph.nodes[goal].source
    hints = hint_words(target_node.name, goal, target_node.text, target_node.prompt)
    options = [
        Option(
            (Patch("add_edge", event.node, target=goal, values=(keyword,)),),
            f"Add an edge {event.node} -> {goal} taken when the caller says \"{keyword}\" "
            f"(no path led from {event.node!r} to {goal!r})",
        )
        for keyword in _keyword_options(graph, event, goal, hints, analysis, require_hint=True)
    ]
    if not options:
        return None
    return Candidate(("route", event.node, goal), "flow_change", event.node, options, [analysis.scenario_id])

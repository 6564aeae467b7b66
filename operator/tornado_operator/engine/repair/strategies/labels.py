"""Label routing (flow_change): a path assertion failed on an edge (or global node) that routes
by label, because a caller turn fit no label, or fit the label of an edge leading away.

The fix is the edit a Bland user would make: the concept the caller used is added to the
description of the edge that leads toward the target (or of the global target), in the
caller's own words — first with the things the target node itself lists ("We make wreaths,
garlands, centerpieces... to order": what a reviewer reads in that node before writing, and what
the next caller names), then alone: the two most telling words with what was said between them when they are
close ("silk blouse"; farther apart, a clause of the caller's, the two listed: "poodle" or
"shaggy"), a verb with its particle first when the caller said one ("set aside", "throwing up":
its other forms carry it to the next caller; the last one said, "we ended up with extra, can I
bring them back"; never a verb of going somewhere, "we're headed down from Summerville", "he walked
up to me": how the caller got there), then each word alone; then the same words added to the label itself. An
action the caller wants ("begging *to learn* karate") ranks before the words around it — not one
someone else asked for ("the title company told us *to find* someone") nor a light verb ("want
*to keep* your jugs in my fridge"), which say little of what the call is about. What
the trouble or the request is ranks before where it is ("water pouring", not "ceiling from
upstairs") and before the business's own things ("your cream puffs", "your store"), and the two
are never paired. Never the caller's sentence, and never a name ("CVS", "Ohio"): they fit
this caller only. Never a keyword: a keyword would turn the edge into a
keyword edge and stop it routing by label. Words the caller negated, generic words, numbers
and values the scenario extracts are never added, nor when the caller said it ("this winter",
"tomorrow"; "her fall" is what happened) or how ("together", "finally"): the same for every caller. Each option is tried by verification
(repair/verify.py) like every other fix.

`label_fixes` returns None when the failure is not on a label-routed edge (the keyword
strategy, strategies/routing.py, handles it).
"""

from __future__ import annotations

import re

from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.repair.paths import PATH_TYPES, path_targets, shortest_first_hop
from tornado_operator.engine.repair.values import NUMBER_WORD
from tornado_operator.engine.repair.words import (
    GENERIC,
    STOPWORDS,
    inflects_a_verb,
    may_be_verb,
    mostly_adjective,
    mostly_verb,
    names_in,
)
from tornado_operator.engine.sim import labels, wordnet
from tornado_operator.engine.sim.compiled import CompiledEdge, CompiledGraph, negated
from tornado_operator.engine.sim.conversation import (
    VIA_EDGE,
    VIA_FALLBACK,
    VIA_GLOBAL,
    VIA_UNMATCHED,
    RoutingEvent,
)
from tornado_operator.engine.sim.label_concepts import BIRTHDAY, BIRTHDAY_WORD

SPAN = 3  # two telling words this close are added with what is between them ("silk blouse", "boiler room");
# farther apart they are a clause of the caller's ("poodle is getting really shaggy"): listed


def label_fixes(graph: CompiledGraph, analysis: Analysis) -> tuple[list[Candidate], int | None] | None:
    """Candidates editing labels for the analysis's routing failure and the caller turn they act
    on; None when the turn to fix would not be routed by label."""
    targets = list(analysis.expected)
    if not targets:
        for item in analysis.failed:
            if item.result.type in PATH_TYPES:
                targets.extend(t for t in path_targets(graph, analysis.conversation, item.assertion) if t not in targets)
    if not targets:
        return None
    events = [e for e in analysis.conversation.routing if e.via in (VIA_UNMATCHED, VIA_FALLBACK)]
    if not events:
        events = list(reversed(analysis.catch_all_turns))
    wrong = analysis.wrong_turn
    if wrong is not None:
        events = [wrong, *events]
    if not events:
        return None
    found: list[Candidate] = []
    first_turn: int | None = None
    for position, event in enumerate(events):
        place = _label_place(graph, event, targets)
        if place is None:
            if position == 0:
                return None  # the first thing to fix routes by keywords: strategies/routing.py
            continue
        candidate = _candidate(graph, analysis, event, *place)
        if candidate is not None and all(c.key != candidate.key for c in found):
            found.append(candidate)
            first_turn = event.turn if first_turn is None else min(first_turn, event.turn)
            if len(found) == 2:
                break
    return found, first_turn


def _label_place(graph: CompiledGraph, event: RoutingEvent, targets: list[str]) -> tuple[str, CompiledEdge | None, str] | None:
    """(the node the edit is on, the edge to edit or None for a global node, where it leads)
    when the turn should have been routed by label."""
    for target in targets:
        node = graph.nodes[target]
        if node.is_global and node.global_match is not None and node.global_match.by_label and target != event.node:
            return target, None, target
    hop = shortest_first_hop(graph, event.node, set(targets))
    if hop is None:
        return None
    edge = next((e for e in graph.nodes[event.node].conditional if e.id == hop[0]), None)
    if edge is None or not edge.match.by_label:
        return None
    return event.node, edge, hop[1]


def _excluded(analysis: Analysis) -> set[str]:
    """Values the scenario says or extracts: a label on them would only fit this caller."""
    values = [*analysis.scenario.request_data.values(), *analysis.conversation.extracted.values()]
    for item in analysis.failed:
        for key in ("expectedValue", "value"):
            value = item.assertion.config.get(key)
            if isinstance(value, str):
                values.append(value)
    return {word for value in values for word in str(value).lower().split()}


# how much the caller wants something, not what ("itching to do-si-do", "dying to learn", "my boys
# are all fired up", "the kids are so excited"): no concept for a label
_EAGERNESS = frozenset(["itching", "dying", "eager", "keen", "excited", "thrilled", "pumped", "psyched", "stoked", "fired",
                        "raring", "antsy"])


def _new_words(
    graph: CompiledGraph, event: RoutingEvent, node_id: str, edge: CompiledEdge | None, excluded: set[str], placed: set[str]
) -> list[str]:
    """The caller's positive content words the target's label does not have yet, most telling
    first: what the caller's trouble or request is before where it is (`_where_words`), then
    words no other candidate of the node has, then the rarer in English (WordNet's tagged-corpus
    counts: "chocolate" before "dog", "puppy" before "new"), then as said. Never a unit said after a
    number ("three hundred *pounds*", "an *inch*"): the caller's amount, like the number."""
    index = graph.label_index(event.node)
    own_id = edge.id if edge is not None else node_id
    own: set[str] = set()
    others: set[str] = set()
    if index is not None:
        for position, candidate in enumerate(index.candidates):
            exact = {form for term in index.terms[position] for form in term.exact}
            (own if candidate.id == own_id else others).update(exact)
    lexicon = wordnet.open_default()
    names = names_in(event.text, acronyms=True)  # "a CVS back in Ohio": this caller's only
    # "the title company told us to find someone": an action someone else asked for is not the
    # caller's request, and a light verb ("want to keep your jugs") says little of what they want
    reported = set(_REPORTED_ACTION.findall(event.text.lower()))
    # "could you mail her a wedge": the action asked of the business, whatever WordNet's commonest
    # sense of the word ("mail" is mostly a noun)
    asked = set(_ASKED_OF_YOU.findall(event.text.lower()))
    found: dict[str, tuple[bool, bool, bool, int, int]] = {}
    manner: list[str] = []  # adverbs: last
    lowered = event.text.lower()
    for order, word in enumerate(labels.words(event.text)):
        surface = word.surface
        if word.negated or surface.startswith("#") or surface in GENERIC or surface in excluded or len(surface) < 3 \
                or surface in names \
                or (_TIME_WORD.fullmatch(surface) and not re.search(rf"\b(?:my|her|his|our|their|a)\s+{surface}\b", lowered)):
            # ("her fall" is what happened to her; "this winter", "last spring" only when)
            continue  # (when it is, "this winter", says nothing of what the call is about)
        if surface.endswith(("-in-law", "in-laws")) or surface.startswith("ex-"):
            continue  # "my brother-in-law says...": who, like "my sister" (GENERIC)
        if surface in _NO_CONCEPT or surface in _EAGERNESS:
            continue  # "my kids are still *down* in there", "is that *true*?": where, or a question's tag;
            # "they've been *itching* to see it": how much the caller wants it, not what
        if _amount_unit(lexicon, surface, lowered):
            continue  # "three hundred pounds of chicken": how much this caller has, like the number itself
        if _mostly_adverb(lexicon, surface):
            # how ("together", "finally") says little of what the call is about: only when at most
            # one other word is new ("fly a hawk *properly*" where the hawk is the wrong label's too)
            if surface not in manner and surface not in _INTENSIFIERS:
                manner.append(surface)
            continue
        readings = lexicon.base_forms(surface)
        forms = {form for form, _ in readings} or {surface}
        if forms & own or forms & GENERIC or surface in found:
            continue
        frequency = max((lexicon.frequency(form) for form in forms), default=0)
        wanted = ((word.intent and mostly_verb(surface)) or (surface in asked and may_be_verb(surface))) \
            and surface not in reported and not forms & _LIGHT_ACTIONS
        found[surface] = (_placed(surface, placed), not wanted, bool(forms & others), frequency, order)
    return sorted(found, key=lambda surface: found[surface]) + manner


# an age said as a time ("before she turns ninety") or as reached already ("she turned ten in May
# and she's too big for ..."): how old, not a birthday to celebrate
_AGE_AS_A_TIME = re.compile(r"\b(?:before|by|until|till|once|after)\s+(?:\w+\s+)?(?:turns|turn|turned)\b|\bturned\b")


def _concept_to_name(graph: CompiledGraph, event: RoutingEvent, node_id: str, edge: CompiledEdge | None) -> str | None:
    """The name of a concept the caller said without it, when the edge (or global node) to edit
    lacks it: a birthday said as the age reached ("my twins turn nine next month", "for Lily's
    sixth") is "birthday". Not when the caller said the word ("for her birthday": the occasion of
    a call about something else, ranked with the caller's other words), denied it, or said the age
    as a time or as reached already ("before she turns ninety", "she turned ten in May": when, or
    how old, not what)."""
    lowered = event.text.lower()
    if re.search(rf"\b(?:{BIRTHDAY_WORD.pattern})\b", lowered) or _AGE_AS_A_TIME.search(lowered) \
            or not any(word.surface == BIRTHDAY and not word.negated for word in labels.words(event.text)):
        return None
    index = graph.label_index(event.node)
    own_id = edge.id if edge is not None else node_id
    if index is not None:
        for position, candidate in enumerate(index.candidates):
            if candidate.id == own_id and any(term.surface == BIRTHDAY for term in index.terms[position]):
                return None  # (it has it: the name would add nothing)
    return "birthday"


def _amount_unit(lexicon: wordnet.WordNet, surface: str, said: str) -> bool:
    """Whether the word is a unit the caller measures with, after a number ("three hundred
    *pounds* of chicken", "about an *inch*", "up to fifty *degrees*"): how much is this caller's
    amount, not what the call is about (WordNet's noun.quantity, its commonest noun sense)."""
    if not re.search(rf"(?:\d|\b{_AMOUNT_WORDS})[\s-]+{re.escape(surface)}\b", said):
        return False  # ("a lot", "my yard": not an amount)
    nouns = [form for form, pos in lexicon.base_forms(surface) if pos == "n"]
    offsets = lexicon.offsets(nouns[0], "n") if nouns else ()
    return bool(offsets) and lexicon.lexfile("n", offsets[0]) == _QUANTITY_LEXFILE


# a particle said alone (with its verb it is _phrasal's: "come off", "throwing up") or the tag of a
# question ("is that true?", "is that right?"): never what a call is about
_NO_CONCEPT = frozenset(["down", "up", "out", "off", "away", "true", "right", "correct", "possible"])
_QUANTITY_LEXFILE = 23  # noun.quantity in WordNet's lexicographer files: units and amounts
_AMOUNT_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty"
    r"|ninety|hundred|thousand|dozen|an|half|few|several|couple of)"
)


def _mostly_adverb(lexicon: wordnet.WordNet, surface: str) -> bool:
    """Whether the word is an adverb and never a thing or an action ("together", "finally",
    "really"; not "back" or "inside", which are also things)."""
    if any(pos in ("n", "v") for _, pos in lexicon.base_forms(surface)):
        return False  # "my back", "the inside": a thing too
    tagged = {pos: lexicon.tagged(surface, pos) for pos in ("a", "r")}
    return tagged["r"] > 0 and tagged["r"] >= tagged["a"]


# adverbs that only strengthen what they go with: never the concept
_INTENSIFIERS = frozenset(["really", "very", "actually", "just", "totally", "completely", "definitely", "literally",
                           "honestly", "basically", "probably", "maybe", "already", "still", "even", "pretty", "super",
                           "quite", "rather", "simply", "seriously", "absolutely", "certainly", "surely", "finally",
                           "together", "again", "soon", "quickly", "asap", "right"])
_REPORTED_ACTION = re.compile(r"\b(?:told|tells|asked|asks|said|advised|instructed)\s+(?:us|me|him|her|them)\s+to\s+([a-z]+)")
_ASKED_OF_YOU = re.compile(r"\b(?:(?:can|could|would|will)\s+(?:you|someone|somebody|y'all|your\s+\w+)|please)\s+(?:please\s+|just\s+)?([a-z]+)")
_LIGHT_ACTIONS = frozenset(["keep", "get", "have", "make", "take", "put", "find", "give", "go", "come", "do", "bring", "let", "see", "set",
                            # asked of anyone about anything: "can you fit her in", "could you help me", "can you tell me"
                            "fit", "help", "tell", "show", "call", "squeeze", "check"])


_PLACE_PREPOSITIONS = frozenset([
    "through", "from", "under", "underneath", "beneath", "behind", "in", "inside", "on", "at", "near", "above",
    "below", "over", "into", "onto", "across", "around", "upstairs", "downstairs",
])
_PHRASE_STOPS = frozenset(["and", "or", "but", "so", "because", "when", "while", "to", "for", "of", "with", "it", "is", "was"])


def _where_words(text: str) -> set[str]:
    """The words that say where the caller's trouble is, not what it is: a place preposition's
    noun phrase ("water pouring *through my ceiling from upstairs*", "leaking *under the
    cabinet*"). The thing and what it does say the concept; where it happens is this caller's."""
    tokens = re.findall(r"[a-z0-9']+", text.lower())
    placed: set[str] = set()
    for index, token in enumerate(tokens):
        if token == "your":
            # "your cream puffs", "your store": the business's own things, which callers of every
            # kind mention; what happened to them or what they want done is the concept
            placed.update(t for t in tokens[index + 1 : index + 3] if t not in _PHRASE_STOPS)
            continue
        if token in ("down", "up", "along") and tokens[index + 1 : index + 2] == ["the"] and tokens[index + 2 : index + 3] \
                and tokens[index + 2] in _PATHS:
            placed.add(tokens[index + 2])  # "the house down the road": where
            continue
        if token not in _PLACE_PREPOSITIONS or index == 0:
            continue
        if token in ("upstairs", "downstairs"):
            placed.add(token)  # said alone, a place: "from upstairs"
        phrase: list[str] = []
        for following in tokens[index + 1 : index + 4]:
            if following in _PLACE_PREPOSITIONS or following in _PHRASE_STOPS:
                if following in ("upstairs", "downstairs"):
                    phrase.append(following)
                break
            phrase.append(following)
        if not any(_TIME_WORD.fullmatch(word) for word in phrase):  # "in another day", "on Monday": when, not where
            placed.update(phrase)
    return placed


def _placed(surface: str, where: set[str]) -> bool:
    """Whether a word (or a compound the scorer reads as one, "cream puff") is said as where."""
    return any(part in where or part + "s" in where for part in surface.split())


_TIME_WORD = re.compile(
    r"(?:day|week|month|year|hour|minute|morning|afternoon|evening|night|weekend|time)s?|tonight|today|tomorrow"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|spring|summer|fall|winter")


_AUXILIARIES = frozenset(["was", "were", "is", "are", "am", "be", "been", "being", "has", "have", "had", "does", "did"])  # "was out": no action
_PARTICLES = frozenset(["up", "down", "out", "off", "back", "aside", "over", "away"])
_PLACE_AFTER = frozenset(["in", "on", "at", "inside", "under", "by", "near"])
_PATHS = frozenset(["road", "street", "hall", "block", "hill", "way", "stairs", "river", "lane", "driveway", "highway"])
_PRONOUNS = frozenset(["it", "them", "him", "her", "one", "this", "that", "these", "those"])
_DETERMINERS = frozenset(["the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "its"])


_MOTION = frozenset(["go", "come", "head", "drive", "walk", "fly", "ride", "travel", "move", "run", "hop", "swing", "make", "get"])


def _moving(token: str) -> bool:
    """Whether a verb form is one of going somewhere ("headed", "driving", "came")."""
    lexicon = wordnet.open_default()
    return any(form in _MOTION for form, pos in lexicon.base_forms(token) if pos == "v")


def _phrasal(said: str, excluded: set[str]) -> str | None:
    """A verb of the caller's with its particle ("throwing up", "set aside", "tighten them up"
    -> "tighten up"): the particle is half the meaning, and the verb's other forms ("threw up")
    carry it to the next caller. The last one said: what a caller asks for comes after how they
    got there ("we *ended up* with extra boxes, can I *bring them back*?")."""
    tokens = re.findall(r"[a-z']+", said)
    found: str | None = None
    for index, token in enumerate(tokens):
        # any verb, light ones too: "set aside", "pick up" say as much as any
        if token in STOPWORDS or token in _AUXILIARIES or token in excluded or len(token) < 3 or not may_be_verb(token) \
                or token in _EAGERNESS \
                or (mostly_adjective(token) and not inflects_a_verb(token)) or negated(said, said.find(token)):
            continue
        following = tokens[index + 1 : index + 3]
        if following[:1] and following[0] in _PARTICLES and not (mostly_verb(token) or inflects_a_verb(token)) and index > 0 \
                and (tokens[index - 1] in _DETERMINERS or inflects_a_verb(tokens[index - 1]) or mostly_verb(tokens[index - 1])):
            continue  # "pays *people back*", "a *shelter down*": a noun, the object of a verb or after "a", no verb of its own
        if following[:1] and following[0] in _PARTICLES and following[1:2] and (
            following[1] in ("there", "here", "front", "back")  # "down there", "out front", "out back"
            or (following[1:2] == ["the"] and tokens[index + 3 : index + 4] and tokens[index + 3] in _PATHS)
            or (following[1] in _PLACE_AFTER and not (mostly_verb(token) or inflects_a_verb(token)))
        ):
            # "the pipe burst *down there*", "the house *down the road*", "a shelter *down in* the
            # garage": where it is, not a verb's particle ("throwing up in the car" is one)
            continue
        if following[:1] and following[0] in _PARTICLES and following[1:2] in (["from"], ["to"]) and _moving(token):
            continue  # "we're headed down from Summerville": how the caller travels there, not what they want
        if following[:1] and following[0] in _PARTICLES:
            found = f"{token} {following[0]}"
        elif len(following) == 2 and following[0] in _PRONOUNS and following[1] in _PARTICLES \
                and tokens[index + 3 : index + 4] not in ([d] for d in _DETERMINERS):
            found = f"{token} {following[1]}"  # not "bought it off my gallery": "off my gallery" is where from
    return found


def _phrases(event: RoutingEvent, new: list[str], excluded: set[str], where: set[str] | None = None) -> list[str]:
    """A few words for the concept: a verb with its particle ("set aside"); the two most telling
    words with what the caller said between them (at most SPAN words; farther apart, the two
    listed: "crown" or "owe"), then each alone."""
    where = _where_words(event.text) if where is None else where
    options: list[str] = []
    said = event.text.lower()
    # never the concept paired with where it happened ("card" or "store"); a place said whole
    # stays whole ("the boiler room")
    if len(new) >= 2 and (not _placed(new[1], where) or _placed(new[0], where)):
        found = list(re.finditer(r"[a-z0-9']+", said))
        spoken = [match.group(0) for match in found]
        places = sorted(spoken.index(word) for word in new[:2] if word in spoken)
        between = spoken[places[0] : places[1] + 1] if len(places) == 2 else []
        # (one clause: "the basement is soaked, the pipe burst" never becomes "soaked the pipe")
        if len(places) == 2 and places[1] - places[0] < SPAN \
                and not re.search(r"[,.;:!?]", said[found[places[0]].end() : found[places[1]].start()]) \
                and not any(word[:1].isdigit() or NUMBER_WORD.fullmatch(word) or word in excluded for word in between):
            # (never a number or a value between them: "owe 180 dollars" is this caller's amount)
            options.append(" ".join(between))
        else:
            # far apart, two concepts: listed, never glued into words the caller did not say
            options.append('" or "'.join(sorted(new[:2], key=said.find)))
    phrasal = _phrasal(said, excluded)
    if phrasal is not None:
        # second: after the two telling words, before each alone ("cancel" or "another" before
        # "came up"; "throwing up" before "cream puff")
        options.insert(0, phrasal)
    options.extend(word for word in new[:2] if not _placed(word, where) or word == new[0])
    # last, where it is: only when nothing else passes verification ("in a wheelchair" reads as
    # where, and is what the caller's trouble is)
    options.extend(word for word in new[:2] if _placed(word, where) and word != new[0])
    # never the caller's own sentence ("i got my flu shot here this morning"): it would fit this
    # caller and teach the label nothing about the next one
    return list(dict.fromkeys(options))


THINGS = 6  # at most this many of the target node's own things go into a description
ENUMERATION = 3  # and at least this many: fewer are words of its prose, and only lengthen the description


def _node_things(graph: CompiledGraph, event: RoutingEvent, reached: str, excluded: set[str], said: str) -> list[str]:
    """The things the target node's own text lists ("We letter vows, poems, recipes, family
    trees, certificates and signs": "vows", "poems", "recipes", "family trees"...), as written, in
    its order: the items of an enumeration of at least ENUMERATION ("a, b, c", "a, b and c"; what a
    node enumerates is what it is about, a word of its prose is not), each a noun or two (WordNet's
    commonest sense of its last word a thing, not an action or a quality), that no candidate of the
    node routes by yet, neither a name, a number, a time, a generic word, a value the scenario
    extracts nor a word of the caller's phrase. At most THINGS; none when fewer than ENUMERATION
    remain."""
    index = graph.label_index(event.node)
    node = graph.nodes.get(reached)
    if index is None or node is None:
        return []
    lexicon = wordnet.open_default()
    taken: set[str] = set()
    for position in range(len(index.candidates)):
        taken.update(form for term in index.terms[position] for form in term.exact)
    text = node.source.text or ""
    names = names_in(text, acronyms=True)
    found: list[str] = []
    for run in _ENUMERATION.finditer(text):
        items = re.split(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", run.group(0))
        if len(items) < ENUMERATION:
            continue
        for at, item in enumerate(items):
            # an item's last word, or two ("family trees"); the first item's words before its last
            # are the sentence's ("We letter vows": "vows")
            tokens = item.lower().split()
            if at == len(items) - 1 and len(tokens) == 2 and tokens[1] in STOPWORDS:
                tokens = tokens[:1]  # "or ornaments with": the list ends at "with"
            tokens = tokens[-2:] if at else tokens[-1:]
            if len(tokens) == 2 and not _thing(lexicon, tokens[0], taken, excluded, names, said, modifier=True):
                tokens = tokens[1:]
            if tokens and _thing(lexicon, tokens[-1], taken, excluded, names, said):
                thing = " ".join(tokens)
                if thing not in found:
                    found.append(thing)
    return found[:THINGS] if len(found) >= ENUMERATION else []


# items of a word or two joined by commas, the last maybe by "and" / "or" (ENUMERATION of them or more count)
_WORD = r"(?!(?:and|or)\b)[A-Za-z][A-Za-z'-]*"
_ITEM = rf"{_WORD}(?:\s{_WORD})?"
_ENUMERATION = re.compile(rf"{_ITEM}(?:,\s+{_ITEM})+(?:,?\s+(?:and|or)\s+{_ITEM})?")


def _thing(lexicon: wordnet.WordNet, surface: str, taken: set[str], excluded: set[str], names: set[str], said: str,
           *, modifier: bool = False) -> bool:
    """Whether a word of an enumeration may go into a description as a thing the node is about: a
    noun (or, `modifier`, the adjective of a compound: "inner tubes"), or a word WordNet lacks
    ("kokedama"), that is not taken, generic, a name, a number, a time, a value or the caller's."""
    if surface in STOPWORDS or surface in GENERIC or surface in excluded or surface in names or len(surface) < 3 \
            or _TIME_WORD.fullmatch(surface) or NUMBER_WORD.fullmatch(surface) or "'" in surface \
            or surface in said.split() or not surface.isalpha():
        return False
    readings = lexicon.base_forms(surface)
    if not readings:
        return len(surface) >= 4  # a thing of the trade WordNet does not know
    forms = {form for form, pos in readings if pos == "n" or (modifier and pos in ("a", "s"))}
    if not forms or forms & taken or forms & GENERIC or mostly_verb(surface):
        return False
    return modifier or not mostly_adjective(surface)


_MATCHED_WORDS = re.compile(r"; words: ([^)]*)\)")


def _fitting_words(event: RoutingEvent) -> list[str] | None:
    """The caller's words that made the turn fit the label it took, as the routing event
    explains them ("words: oil, change~changes": "oil", "change"); None when it names none."""
    found = _MATCHED_WORDS.search(event.matched or "")
    if found is None:
        return None
    return [pair.split("~")[0].split("=")[0].strip() for pair in found.group(1).split(",")]


def _said_fitting_words(event: RoutingEvent) -> list[str]:
    """The words that made the turn fit the wrong label, as the caller said them, longest first
    (no synonym-only fit, no generic word, no name: "beyond the Raccoon Creek bridge" has no
    raccoon)."""
    said = _fitting_words(event)
    if said is None:
        return []
    names = names_in(event.text, acronyms=True)
    phrases = [word for word in said if word and word in event.text.lower() and word not in GENERIC and word not in names]
    return sorted(dict.fromkeys(phrases), key=len, reverse=True)


def _shared_with_the_wrong_label(event: RoutingEvent) -> str | None:
    """The longest of the words that made the turn fit the wrong label, as the caller said them
    ("oil change" of "oil, change, oil change"); None for a synonym-only fit."""
    phrases = _said_fitting_words(event)
    return phrases[0] if phrases else None


def _completed_step(event: RoutingEvent) -> str | None:
    """The step the caller says they completed, as said ("finished the intro class", "passed the
    written test"), when the words that made the turn fit the wrong label are its object: the
    wrong label offers what is behind the caller. None otherwise."""
    fitting = set(_fitting_words(event) or ())
    said = labels.words(event.text)
    places = sorted(labels.completed_objects(said))
    if not places or not fitting & {said[place].surface for place in places}:
        return None
    lowered = event.text.lower()
    verb = next((word.surface for word in reversed(said[: places[0]]) if word.surface in labels.COMPLETED), None)
    if verb is None:
        return None
    start = lowered.find(verb)
    end = lowered.find(said[places[-1]].surface, start)
    if start < 0 or end < 0:
        return None
    return lowered[start : end + len(said[places[-1]].surface)]


def _description_added(node_id: str, edge: CompiledEdge | None, description: str, phrase: str, told: str) -> Option:
    """The phrase added to the description of an edge (or a global node's), as a sentence of its
    own; `told` says of what and why, after "to the description of"."""
    sentence = f'Also when the caller mentions "{phrase}".'
    text = f"{description.rstrip()} {sentence}" if description.strip() else sentence
    return Option(
        (Patch("set_description", node_id, edge=None if edge is None else edge.id, values=(text,)),),
        f"Add \"{phrase}\" to the description of {told}",
    )


def _candidate(
    graph: CompiledGraph, analysis: Analysis, event: RoutingEvent, node_id: str, edge: CompiledEdge | None, reached: str
) -> Candidate | None:
    excluded = _excluded(analysis)
    where = _where_words(event.text)  # ranked after the thing and what it does, never paired with it
    phrases = _phrases(event, _new_words(graph, event, node_id, edge, excluded, where), excluded, where)
    concept = _concept_to_name(graph, event, node_id, edge)
    if not phrases:
        if concept is None:
            return None
        phrases = [concept]  # (the concept's name is all the caller said that a label could take)
    if edge is not None:
        label, description = edge.label, edge.description
        what = f"edge {edge.id!r} ({event.node} -> {edge.target})"
    else:
        source = graph.nodes[node_id].source
        label, description = source.global_label or "", source.global_description
        what = f"global node {node_id!r}"
    if event.via in (VIA_EDGE, VIA_GLOBAL) and event.edge_id is not None:
        why = f"caller turn {event.turn} {event.text!r} took {event.edge_id!r} instead ({event.matched})"
    else:
        why = f"caller turn {event.turn} {event.text!r}: {event.matched or 'no label fit'}"
    new_concepts = list(phrases)  # (the caller's own new words, before any of the wrong label's are added)
    last_resort: str | None = None
    if event.via in (VIA_EDGE, VIA_GLOBAL) and event.edge_id is not None and (step := _completed_step(event)):
        # "I finished the intro class; how do I keep riding?" took the intro class's edge: the
        # step the caller is past, said as done, is what parts the two ("once you've finished...")
        phrases.insert(0, step)
    if event.via in (VIA_EDGE, VIA_GLOBAL) and event.edge_id is not None and (shared := _shared_with_the_wrong_label(event)):
        # the turn fit the wrong label by words the right one lacks ("an oil change" on "Oil change
        # price" when the caller asks for an opening): those words too, beside the new concept
        phrases += [f'{shared}" or "{phrase}' for phrase in phrases[:1] if shared not in phrase]
        # and all of them (up to three) where the two labels share the case and part on who or what
        # ("favors", "little", "names" beside "bridesmaids": the class makes the favors, the favors
        # edge sells them), as a reviewer repeats the wrong edge's words with what parts them
        every: list[str] = []
        for word in _said_fitting_words(event):  # (longest first: "oil" and "change" are in "oil change")
            if word not in phrases[0] and not any(re.search(rf"\b{re.escape(word)}\b", longer) for longer in every):
                every.append(word)
        every = every[:3]
        if len(every) >= 2:
            phrases.append('" or "'.join([*every, phrases[0].split('"')[0]]))
            # and with the caller's next concept too, where one alone does not outweigh the wrong
            # label's words ("sandcastle", "lesson", "booked" with "show up" and "forecast says
            # lightning": a booked lesson the weather threatens)
            # (last of all, after the label edits: it repeats the most of the wrong label's words)
            concepts = list(dict.fromkeys(part for phrase in new_concepts for part in phrase.split('" or "')))[:2]
            if len(concepts) == 2:
                last_resort = '" or "'.join([*every, *concepts])
    options: list[Option] = []
    if concept is not None and concept not in phrases:
        # first of all: what the caller said in other words, by its name ("my twins turn nine": a
        # birthday), as a reviewer writes it; the next caller says it another way again
        options.append(_description_added(node_id, edge, description, concept, f"{what}, so callers who say it are routed toward {reached!r}: {why}"))
    things = _node_things(graph, event, reached, excluded, phrases[0].replace("\"", "").lower())
    if things:
        # first: the caller's concept with the things the target node itself says it is about
        # ("We letter vows, poems, recipes, family trees..."), as a reviewer reads the node before
        # writing its description: the next caller names one of those, not this caller's words
        listed = ", ".join(things)
        sentence = f'Also when the caller mentions "{phrases[0]}", or asks about {listed}.'
        text = f"{description.rstrip()} {sentence}" if description.strip() else sentence
        options.append(
            Option(
                (Patch("set_description", node_id, edge=None if edge is None else edge.id, values=(text,)),),
                f"Add \"{phrases[0]}\" and what {reached!r} itself is about ({listed}) to the description of {what}, "
                f"so callers who say them are routed toward {reached!r}: {why}",
            )
        )
    options += [_description_added(node_id, edge, description, phrase, f"{what}, so callers who say it are routed toward {reached!r}: {why}")
                for phrase in phrases]
    for phrase in phrases[:2]:
        words = phrase.replace('"', "")  # a label reads "... or landlord or racket", unquoted
        options.append(
            Option(
                (Patch("set_label", node_id, edge=None if edge is None else edge.id, values=(f"{label.rstrip()} or {words}" if label.strip() else words,)),),
                f"Add \"{phrase}\" to the label of {what}, so callers who say it are routed toward {reached!r}: {why}",
            )
        )
    if last_resort is not None:
        options.append(_description_added(node_id, edge, description, last_resort,
                                          f"{what}, so callers who say it are routed toward {reached!r}: {why}"))
    key = ("label", edge.id if edge is not None else node_id)
    return Candidate(key, "flow_change", node_id if edge is None else event.node, options, [analysis.scenario_id])

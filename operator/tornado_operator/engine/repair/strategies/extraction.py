"""Extraction (config_change): a VARIABLE_EXTRACTED variable was never extracted (or has the
wrong value) although the caller said it. A pattern for the kind of value the caller said
(a date, a weekday, a phone number, an e-mail, else its shape: digit runs -> \\d{n}, letter runs
-> [A-Za-z]{n}, separators optional; for a value said inside a longer turn, a kind that captures
it: a location, a date, a phone number, an e-mail) is set on the node the caller said it on — never the value
itself nor the assertion's own pattern, which are this test's data.

Widen, never replace: when the node already has a pattern for the variable, the new pattern is
an alternation of the old one and the new form, so every value extracted before still is (the
old form first, unless it captured a wrong value from this caller's turn).
"""

from __future__ import annotations

import re

from tornado_operator.api.scenario import VariableExtractedConfig
from tornado_operator.engine.judge.context import value_text
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import Candidate, Option, Patch
from tornado_operator.engine.repair.values import (
    AMOUNT_IN_WORDS,
    DAY_ANSWER,
    LENGTH,
    MONEY_IN_WORDS,
    NAME_AFTER_INTRODUCTION,
    NAME_SAID_ALONE,
    NAMED_ANSWER,
    NUMBER_COMPOUND,
    NUMBER_IN_WORDS,
    NUMBERED,
    READ_OUT,
    READ_OUT_VALUE,
    SCALE,
    VALUE_KINDS,
    WEEKDAY,
    WHOLE_ANSWER,
    choices_pattern,
    choices_said,
    first_capture,
    inflection_tolerant,
    is_quantity_pattern,
    kinds_named,
    listed_choices,
    offered_choices,
    own_widenings,
    quantity_pattern,
    quantity_words_pattern,
    said_alone,
    separator_tolerant,
    unit_forms,
    value_shapes,
    widened,
)
from tornado_operator.engine.repair.words import STOPWORDS
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import RoutingEvent


def _spoken_value(config: VariableExtractedConfig, text: str) -> str | None:
    """The value as this caller said it in this turn, if they did."""
    if config.expected_value is not None:
        return config.expected_value if config.expected_value in text else None
    if config.pattern is not None:
        match = re.search(config.pattern, text, re.IGNORECASE)
        return match.group(0) if match is not None else None
    return None


_AROUND = re.compile(r"^(\(\?[a-z]+\))?\.\*(.+?)\.\*$")


def _token_said(config: VariableExtractedConfig, text: str) -> str | None:
    """For an assertion that looks for a part of the value (".*448213.*"), the caller's word
    that holds that part ("GL-448213-07"), without the punctuation around it: the value as
    said, when the whole turn ("Yes, it's GL-448213-07.") has no shape of its own."""
    found = _AROUND.match(config.pattern or "")
    if found is None:
        return None
    core = re.search(found.group(2), text, re.IGNORECASE if found.group(1) and "i" in found.group(1) else 0)
    if core is None or not core.group(0).strip():
        return None
    start = max(text.rfind(" ", 0, core.start()) + 1, 0)
    end = text.find(" ", core.end())
    token = text[start: end if end >= 0 else len(text)].strip(".,;:!?\"'()")
    return token if token and token != text.strip() else None


def _forms(
    config: VariableExtractedConfig, event: RoutingEvent, question: str = "", current: str | None = None
) -> list[tuple[str, str]]:
    # a number or a code looked for: the word that holds it first ("The tag number is 3318." ->
    # "3318"), as the whole turn's shape would be the caller's sentence, letter count by letter
    # count; words looked for (".*gate.*") are part of a free answer, taken whole first
    token = _token_said(config, event.text)
    named = token is not None and re.fullmatch(r"[A-Z][a-z'-]+", token) is not None and re.search(r"\bname\b", question, re.IGNORECASE)
    if token is not None and (any(char.isdigit() for char in token) or named):
        # (a name looked for, ".*kaminski.*" in "It's under Kaminski.", on a node that asks for a
        # name: the name, however the caller introduces it, not their whole sentence)
        return _forms_of(config, event, question, current, token) or _forms_of(config, event, question, current)
    forms = _forms_of(config, event, question, current)
    return forms or (_forms_of(config, event, question, current, token) if token is not None else [])


_OFFERED = "the choices the agent's question offers"  # (the origin of that form: the listed choices defer to it)


def _forms_of(
    config: VariableExtractedConfig, event: RoutingEvent, question: str = "", current: str | None = None,
    value: str | None = None,
) -> list[tuple[str, str]]:
    """(pattern, where it comes from) for the general forms that capture the right value from
    this turn. Never the value itself, nor the assertion's own pattern: both are this test's
    data, and a fix must extract the next caller's value too. When the node's question lists
    the choices ("Main, Eastside, or Northgate?") and the value is one of them, the choices
    come first: every caller answers with one of them."""
    text = event.text
    value = value or _spoken_value(config, text)
    if value is None:
        return []
    if current is not None and (plural := inflection_tolerant(current)) is not None \
            and _right(config, first_capture(plural, text)):
        return [(plural, "the same words in the plural too, as the caller said them")]
    said_unit = re.fullmatch(r"(?P<n>[A-Za-z][A-Za-z -]*?)\s+(?P<u>[A-Za-z]{3,}?)s?", value.strip())
    if said_unit is not None and NUMBER_IN_WORDS.fullmatch(said_unit.group("n")) \
            and re.search(rf"\b{re.escape(said_unit.group('u'))}s?\b", question, re.IGNORECASE):
        # "Call it forty bales" to "how many bales?": the number in words, the unit left out
        pattern = quantity_words_pattern(said_unit.group("u").lower())
        if _right(config, first_capture(pattern, text)):
            return [(pattern, f"a number said in words with the unit the question asks for, {said_unit.group('u').lower()!r}")]
    unit = _unit_asked_for(text, value, question)
    if unit is not None:
        pattern = quantity_pattern(unit)
        if _right(config, first_capture(pattern, text)):
            return [(pattern, f"a number said with the unit the question asks for, {unit!r}")]
    choices = offered_choices(question)
    if any(choice.lower() == value.strip().lower() for choice in choices):
        pattern = choices_pattern(choices)
        if _right(config, first_capture(pattern, text)):
            return [(pattern, _OFFERED)]
    candidates = value_shapes(value)
    if not candidates and re.search(r"'s$", value.strip()):
        candidates = value_shapes(value.strip()[:-2])  # "It was Monday's deposit": the day, its possessive left out
    if WEEKDAY in candidates and _DAY_ASKED.search(question):
        candidates.insert(candidates.index(WEEKDAY), DAY_ANSWER)  # "Which day's deposit?": "the fourteenth" answers too
    compound = first_capture(NUMBER_COMPOUND, text) if "-" in value else None
    if compound is not None and re.match(NUMBER_COMPOUND, value.strip(" ."), re.IGNORECASE) and _right(config, compound) \
            and not NUMBER_IN_WORDS.fullmatch(compound):  # ("forty-four" is a number in words, not a compound)
        # "She's a 600-footer.", "a four-story building": the number with what it counts, before the
        # shape of its characters (digits and six letters fit nothing the next caller says)
        candidates.insert(0, NUMBER_COMPOUND)
    if READ_OUT_VALUE.fullmatch(value.strip(" .,")):
        candidates.insert(0, READ_OUT)  # "Four-sixty, three-phase": a three-digit number read out, not its letters' shape
    # "a number four", "Life-size", "Thirty-four six, even keel.", "10.4 meters": a grade by its
    # number, a size by the real thing's, a length with its unit or feet and inches said short, taken
    # whole where it is what the assertion wants (not a kind of every turn: a count of yards the
    # question asks for keeps its number alone, above); each one first before those found before it
    for kind in (NUMBERED, SCALE, LENGTH):
        found = first_capture(kind, text)
        if found is not None and _right(config, found):
            candidates.insert(0, kind)
    if not candidates and re.search(r"\bname\b", question, re.IGNORECASE) and first_capture(NAME_SAID_ALONE, text):
        candidates.append(NAME_SAID_ALONE)  # the answer to the node's "what's the name?", said alone
    if not candidates and re.fullmatch(r"[A-Z][A-Za-z'&-]+(?: [A-Z][A-Za-z'&-]+){0,2}", value) and _ASKS_WHICH_MAKER.search(question):
        candidates.append(NAMED_ANSWER)  # "What brand is it?" -> "It's a Whirlpool.": the name given first
    if not candidates and re.fullmatch(r"[A-Z][a-z'-]+", value):
        candidates.append(NAME_AFTER_INTRODUCTION)  # a name, however the caller introduces it
    if not candidates and _money_asked(config, question, current) and re.fullmatch(MONEY_IN_WORDS, value.strip(" .,"), re.IGNORECASE):
        candidates.append(MONEY_IN_WORDS)  # "Forty-two fifty." to "How much is missing?": dollars and cents in words
    if not candidates and re.search(r"\b(?:hundred|thousand|million|grand)\b|(?:\d|\b[a-z]+\s)k\b", value, re.IGNORECASE):
        candidates.append(AMOUNT_IN_WORDS)  # "fifteen hundred", "12 thousand": a number in words, not the words around it
    if not candidates and re.fullmatch(r"[A-Za-z]+(?:[ '-][A-Za-z]+){0,2}", value):
        # a word value (a name): the words the caller said just before it, then the word(s)
        before = re.findall(r"[A-Za-z']+", text[: text.index(value)])[-2:]
        if before:
            count = len(re.split(r"[ '-]", value))
            words = r"[A-Za-z]+" + r"(?:[ '-][A-Za-z]+)" * (count - 1)
            candidates.append(r"\b" + r"\s+".join(re.escape(w) for w in before) + rf"\W+({words})\b")
    if not candidates and question.rstrip().endswith("?") and len(value.split()) >= 3 and current is None:
        # a free answer to an open question ("The furnace and the water heater, and a range"):
        # the whole turn, as authors extract free text — never on a node that extracts a shape
        candidates.append(WHOLE_ANSWER)
    forms: list[tuple[str, str]] = []
    # first a kind of value (a date, a phone number, an e-mail, a location) that captures the
    # right part of the turn, also when the value is said inside a longer one ("I'm on I-80 near
    # mile marker 112"); then the value's own shape
    for pattern in VALUE_KINDS:
        got = first_capture(pattern, text)
        if got is not None and _right(config, got):
            forms.append((pattern, f"the kind of value {got!r} is"))
    for pattern in candidates:
        got = first_capture(pattern, text)
        if got is not None and _right(config, got) and all(pattern != known for known, _ in forms):
            forms.append((pattern, f"the shape of {value!r} as the caller said it"))
    return forms


_DAY_ASKED = re.compile(r"\b(?:which|what)\s+(?:day|date)\b|\bday's\b", re.IGNORECASE)
_MONEY_WORDS = re.compile(
    r"\bhow\s+much\b|\b(?:amount|cost|costs|price|paid|pay|charge|charged|fee|refund|balance|owe|dollars?|cents|tip|fare|budget)\b|\$",
    re.IGNORECASE,
)


def _money_asked(config: VariableExtractedConfig, question: str, current: str | None) -> bool:
    """Whether the value is an amount of money: the node's question asks for one ("How much is
    missing?"), the variable is named for one, or its pattern takes dollars and cents."""
    named = re.search(r"amount|price|cost|total|fee|balance|refund|fare|tip|payment|budget", config.variable_name, re.IGNORECASE)
    return bool(_MONEY_WORDS.search(question) or named or (current is not None and r"\.\d{2}" in current))


# a question answered with a proper name of a maker, a company or a kind ("What brand is the
# appliance?", "Which carrier are you with?", "What breed is she?"), not a day or a person's name
_ASKS_WHICH_MAKER = re.compile(
    r"\b(?:what|which)\s+(?:\w+\s+){0,2}?(?:brand|make|manufacturer|company|model|carrier|provider|insurer|insurance|bank|store"
    r"|dealer|dealership|airline|breed|kind|type|vendor|supplier|label)s?\b",
    re.IGNORECASE,
)


def _unit_asked_for(text: str, value: str, question: str) -> str | None:
    """The word right after the value when the node's question asks for it ("about 62 thousand
    miles" to "how many miles are on it?"): the unit the number counts; never a stop word ("all")."""
    at = text.find(value)
    following = re.match(r"\s*([A-Za-z]+)", text[at + len(value):]) if at >= 0 else None
    if following is None or not re.search(r"\d", value):
        return None
    unit = following.group(1).lower()
    singular = unit[:-1] if unit.endswith("s") else unit
    if unit in STOPWORDS or singular in STOPWORDS:
        return None  # "so 4 all told" to "how many in all?": no unit, a word of the sentence
    return singular if len(singular) >= 3 and re.search(rf"\b{re.escape(singular)}s?\b", question, re.IGNORECASE) else None


def _same_extraction(graph: CompiledGraph, node_id: str, name: str, pattern: str) -> list[str]:
    """Other nodes that extract the variable `name` with exactly `pattern`."""
    return [
        other.id for other in graph.nodes.values()
        if other.id != node_id and any(var.name == name and var.pattern is not None and var.pattern.pattern == pattern
                                       for var in other.extract)
    ]


def _right(config: VariableExtractedConfig, value: str | None) -> bool:
    if value is None:
        return False
    if config.expected_value is not None:
        return value.strip() == config.expected_value
    return config.pattern is None or re.fullmatch(config.pattern, value.strip()) is not None


def extraction_fix(
    graph: CompiledGraph, analysis: Analysis, config: VariableExtractedConfig, before_turn: int | None
) -> Candidate | None:
    conv = analysis.conversation
    name = config.variable_name
    if name in conv.extracted and _right(config, value_text(conv.extracted[name])):
        return None
    for event in conv.routing:
        if before_turn is not None and event.turn >= before_turn:
            break
        node = graph.nodes[event.node]
        current = next((var for var in node.extract if var.name == name and var.pattern is not None), None)
        forms = _forms(config, event, node.source.text, current.pattern.pattern if current is not None and current.pattern else None)
        tolerant: list[Option] = []  # the pathway's own pattern, read out in groups
        kinds: list[Option] = []  # a kind of value: a phone number, a date, a location...
        shapes: list[Option] = []  # the caller's value's shape: last
        if current is not None and current.pattern is not None:
            old = current.pattern.pattern
            for form in separator_tolerant(old):
                pattern = widened(old, form)
                if _right(config, first_capture(pattern, event.text)):
                    tolerant.append(Option(
                        (Patch("set_extract", event.node, name=name, values=(pattern,)),),
                        f"Widen the extraction of {name!r} on node {event.node!r} to '{form}': the same value read "
                        f"out in groups (spaces, dots, commas or dashes between its characters"
                        + (", the letter prefix optional" if "?)?" in form else "")
                        + f"), as the caller said it on turn {event.turn}; the existing pattern '{old}' is kept",
                    ))
            for wider, allows in own_widenings(old):
                if _right(config, first_capture(wider, event.text)):
                    tolerant.append(Option(
                        (Patch("set_extract", event.node, name=name, values=(wider,)),),
                        f"Widen the extraction of {name!r} on node {event.node!r} to '{wider}': {allows}, as the "
                        f"caller said it on turn {event.turn}; every value the pattern '{old}' took, it still takes",
                    ))
            # a kind of the thing the listed words are kinds of ("oats" beside "corn|wheat"): its kinds
            for word in dict.fromkeys(re.findall(r"[a-z]+", event.text.lower())):
                named = kinds_named(old, word)
                if named is not None and _right(config, first_capture(named[0], event.text)):
                    tolerant.append(Option(
                        (Patch("set_extract", event.node, name=name, values=(named[0],)),),
                        f"Widen the extraction of {name!r} on node {event.node!r} to '{named[0]}': {named[1]}, as the "
                        f"caller named one on turn {event.turn}; every value the pattern '{old}' took, it still takes",
                    ))
                    break
        # the choices the node's question or prompt lists ("(red or white oak, cherry, walnut...)"),
        # said as callers say them: in the plural, a choice of several words by its first alone
        listed = listed_choices(node.source.text, node.source.prompt)
        said = choices_said(listed) if listed else None
        offered = any(origin == _OFFERED for _, origin in forms)
        if said is not None and current is None and not offered and _right(config, first_capture(said, event.text)):
            tolerant.append(Option(
                (Patch("set_extract", event.node, name=name, values=(said,)),),
                f"Extract {name!r} on node {event.node!r} with pattern '{said}': the choices the node lists "
                f"({', '.join(listed)}), as the caller named one on turn {event.turn}"))
        elif said is not None and current is not None and current.pattern is not None:
            old = current.pattern.pattern
            wider = widened(old, said)
            if not _right(config, first_capture(old, event.text)) and _right(config, first_capture(wider, event.text)):
                tolerant.append(Option(
                    (Patch("set_extract", event.node, name=name, values=(wider,)),),
                    f"Widen the extraction of {name!r} on node {event.node!r} to '{wider}': the choices the node lists "
                    f"({', '.join(listed)}) as callers say them, as the caller did on turn {event.turn}; every value "
                    f"the pattern '{old}' took, it still takes"))
        if not forms and not tolerant:
            continue  # (the pathway's own pattern read out in groups needs no shape of the value)
        for form, origin in forms:
            if current is None or current.pattern is None:
                pattern = form
                description = (
                    f"Extract {name!r} on node {event.node!r} with pattern '{pattern}' ({origin}; "
                    f"the caller said it on turn {event.turn})"
                )
            elif form == inflection_tolerant(current.pattern.pattern):
                pattern = form  # the old words are still in it: nothing to keep beside it
                description = (
                    f"Widen the extraction of {name!r} on node {event.node!r} to '{form}' ({origin}; "
                    f"the caller said it on turn {event.turn}); every value the pattern "
                    f"'{current.pattern.pattern}' took, it still takes"
                )
            else:
                old = current.pattern.pattern
                wrong_before = first_capture(old, event.text) is not None
                # the old pattern kept, its unit also as written short ("lb" beside "pounds"): a
                # reviewer rewriting the pattern tidies what the next caller will say
                kept_form = unit_forms(old) or old
                pattern = widened(form, kept_form) if wrong_before else widened(kept_form, form)
                kept = f"keeping the existing pattern '{old}'" + (
                    ", its unit also written short or as its symbol" if kept_form != old else "")
                if wrong_before and is_quantity_pattern(form) and not _right(config, first_capture(pattern, event.text)):
                    # the old pattern takes another number first ("2016"): it keeps the answers
                    # that are the number alone, the unit's form takes the rest
                    pattern = widened(form, said_alone(old))
                    kept = (f"keeping the existing pattern '{old}' for an answer that is the value alone (in a "
                            f"longer turn it took another number)")
                if not _right(config, first_capture(pattern, event.text)):
                    continue
                description = (
                    f"Widen the extraction of {name!r} on node {event.node!r} to also accept '{form}' ({origin}; "
                    f"the caller said it on turn {event.turn}), {kept}"
                )
            # the same pattern for the same value on other nodes has the same gap: widened alike
            same = _same_extraction(graph, event.node, name, current.pattern.pattern) if current is not None and current.pattern else []
            if same:
                description += f"; the same on node(s) {', '.join(repr(n) for n in same)}, which extract it with that pattern too"
            option = Option(tuple(Patch("set_extract", node_id, name=name, values=(pattern,)) for node_id in [event.node, *same]),
                            description)
            (kinds if form in VALUE_KINDS else shapes).append(option)
        ordered = [*kinds, *tolerant, *shapes]
        unique: dict[tuple[str, ...], Option] = {}
        for option in ordered:
            unique.setdefault(option.patches[0].values, option)  # the first says best what it is
        options = list(unique.values())
        if options:
            return Candidate(("set_extract", event.node, name), "config_change", event.node, options, [analysis.scenario_id])
    return None

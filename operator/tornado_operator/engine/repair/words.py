"""Words the rule-based fixer works with: which words of a caller turn make a keyword, their base
and other forms, mentions and requests, and what WordNet says of a word (value patterns:
repair/values.py)."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from tornado_operator.engine.sim.compiled import keyword_regex, negated
from tornado_operator.engine.sim.wordnet import WordNet, open_if_installed

_STOPWORD_TEXT = """a an and are as at be but by can could do does for from have hi hello hey i i'm im is it
    its it's just like me my no not of ok okay on or please so that the this to um uh we with yes
    yeah you your our about would want need get got there their them they what when where which
    who why how will well all any some then than too very"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")
_INTERJECTIONS = re.compile(r"^(?:(?:hi|hello|hey|um+|uh+|er|well|so|yeah|yes|ok|okay|oh)\b[,!.\s]*)+")
_PUNCT_EDGES = " \t\n.,!?;:\"'()[]"
_MAX_KEYWORD = 120

# Words that say nothing about what the caller wants: never a keyword on their own (a relative
# says whom the call is for, not what it is about).
_GENERIC_TEXT = """think thought want wanted wants need needs needed know knew like call calling called
    just really please help thing things something anything actually maybe sure guess mean trying
    try tried said say saying tell told look looking could should might must going gonna wanna
    able okay alright right good great fine thanks thank sorry hello there here still also even
    again back much many more most lot lots little bit kind sort way time today tomorrow yesterday
    morning afternoon evening tonight night week month year next last first second third day days
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december one two three four five six seven eight nine
    ten eleven twelve twenty thirty forty fifty hundred thousand oh um uh hmm yeah yep nope
    through about into onto over under after before make making made take taking put give see
    let come coming came went goes told tell asking ask asked wondering wonder hoping hope now
    until since because though although unless while during without within around across
    against between among toward towards instead anyway otherwise be been being was were am has had
    guy guys folks someone somebody anyone anybody everyone everybody people couple
    he she him her hers his it us we they them mine yours ours theirs myself yourself himself
    herself itself ourselves themselves sometime anytime whenever only usually always often sometimes
    every each nearly almost really pretty quite totally basically literally weekend weekends hour hours
    bunch few several whole yet already other others else such same
    stuff buddy buddies pal pals big huge tiny
    reckon reckons figure figured suppose believe imagine expect bet
    somewhere anywhere everywhere nowhere everything nothing someplace
    minute minutes
    son sons daughter daughters mother mom mum father dad husband wife kid kids child children
    grandson granddaughter grandmother grandfather grandma grandpa brother sister aunt uncle
    cousin nephew niece boyfriend girlfriend fiance fiancee spouse parents baby toddler teenager"""
GENERIC = frozenset(_GENERIC_TEXT.split())
_DETERMINERS = frozenset(["a", "an", "the", "my", "your", "our", "his", "her", "their", "this", "that", "these", "those", "some"])
_PARTICLES = frozenset(["back", "out", "off", "up", "down", "over", "away"])
_LIGHT_VERBS = frozenset(["bring", "get", "take", "put", "have", "send", "give", "drop", "pick", "let", "fit", "hand", "set"])
_OBJECT_PRONOUNS = frozenset(["it", "him", "her", "them", "this", "that", "these", "those", "us", "me"])
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")

def content_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if len(word) >= 3 and word not in STOPWORDS]


def caller_phrase(text: str) -> str | None:
    """The caller's phrasing as a keyword: the turn's sentence with the most content words
    (the last one on a tie), lower-case, single spaces, no edge punctuation."""
    best: tuple[int, str] | None = None
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.lower().split())):
        phrase = _INTERJECTIONS.sub("", sentence.strip(_PUNCT_EDGES)).strip(_PUNCT_EDGES)
        words = len(content_words(phrase))
        if words and (best is None or words >= best[0]):
            best = (words, phrase)
    if best is None:
        return None  # "yes", "hello?", "...": too generic to route on
    return best[1][:_MAX_KEYWORD].rstrip()


def as_sentence(phrase: str) -> str:
    sentence = phrase.strip()
    if sentence and sentence[0].islower():
        sentence = sentence[0].upper() + sentence[1:]
    if sentence and sentence[-1] not in ".!?":
        sentence += "."
    return sentence


def literal_phrase(pattern: str) -> str | None:
    """The literal text a simple regex stands for ('refund(s)?' no; 'full\\s+refund' -> 'full refund')."""
    text = pattern.strip()
    for prefix in ("^", r"\b"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    for suffix in ("$", r"\b"):
        if text.endswith(suffix) and not text.endswith("\\" + suffix):
            text = text[: -len(suffix)]
    if text.startswith("(?:") and text.endswith(")"):
        text = text[3:-1]
    elif text.startswith("(") and text.endswith(")") and "(" not in text[1:-1]:
        text = text[1:-1]
    if "|" in text and "(" not in text:
        text = text.split("|", 1)[0]
    text = re.sub(r"\\s[+*]?", " ", text)
    if re.search(r"\\[A-Za-z0-9]", text):
        return None  # \d, \w, backrefs: a class, not a literal
    text = re.sub(r"\\(.)", r"\1", text)
    if any(char in text for char in "[](){}*+?|^$\\"):
        return None
    text = " ".join(text.split())
    if not text or re.search(pattern, text, re.IGNORECASE) is None:
        return None
    return text


_POSSESSIVES = frozenset(["my", "your", "our", "his", "her", "their"])
_PREPOSITIONS = frozenset(["at", "in", "on", "from", "to", "into", "onto", "by", "near", "for", "with"])
# where something is or happens ("on my car", "in our break room"), not what the call is about
_PLACE_PREPOSITIONS = frozenset(["at", "in", "on", "into", "onto", "near", "under", "inside", "outside", "behind", "beside"])


def names_in(text: str, *, acronyms: bool = False) -> set[str]:
    """Capitalised words that do not start a sentence, lower-cased: names ("the Whitfields", "a
    Costco in Denver"); with `acronyms`, all-capital words too ("a CVS")."""
    word = r"[A-Z][A-Za-z]+" if acronyms else r"[A-Z][a-z]+"
    return {m.group(1).lower() for m in re.finditer(rf"(?<![.!?]\s)(?<!^)(?<=\s)({word})", text.strip())}


_NUMBER_WORDS = frozenset([
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "dozen",
])


def keyword_candidates(
    text: str, *, exclude: set[str], hints: set[str], common: set[str] | None = None, about_absence: bool = False
) -> list[str]:
    """Keywords that could route a caller turn, most general first.

    Never a stop word, a generic word, a number, a date word, a name or a value the scenario
    extracts. Ranked: words of the target's own name/text/label (`hints`) that the rest of the
    pathway rarely uses; a verb with its particle ("send back"); then the caller's other words
    — words the whole pathway uses everywhere (`common`: "appointment" in a clinic) last, the
    objects of "my/your ..." first, places and times after a preposition ("at the gym") late,
    later words before earlier ones (what callers want usually comes last); then two-word
    phrases; last, a verb with what it acts on ("end it", "try the food"). Never the caller's
    whole sentence: it fits that caller only."""
    common = common or set()
    lowered = text.lower()
    tokens = _TOKEN.findall(lowered)
    excluded = {word.lower() for word in exclude}
    # what the caller says is not so ("it won't even turn on") is a weaker way of asking than
    # what they say is ("it died"): tried after it — but tried, "my parcel hasn't shown up" asks
    said_not = {m.group(0) for m in _TOKEN.finditer(lowered) if negated(lowered, m.start())}
    # names ("the Whitfields", "ask for Maria"); an acronym ("ETA", "FAFSA") is a word here
    excluded.update(names_in(text))

    def usable(word: str) -> bool:
        return (
            len(word) >= 3
            and "'" not in word
            and word not in STOPWORDS
            and word not in GENERIC
            and word not in _PARTICLES
            and word not in ("never", "ever")  # how often, said of another word: part of a phrase at most
            and word not in excluded
            and not any(char.isdigit() for char in word)
            and word not in _NUMBER_WORDS  # "We hauled nineteen calves": how many, like the digits
        )

    singles: list[str] = []
    # 0: object of a possessive, 1: after an article, 2: other, 3: after a preposition,
    # 4: a noun's modifier ("my parking permit": the permit is what it is about, and what the
    # caller says of it, "expires", is a better keyword than which permit it is),
    # 5: in a clause that says when or why ("... when I flip the switch"): circumstance, not topic
    role: dict[str, int] = {}
    modifiers: set[int] = set()
    subordinate = _subordinate_positions(lowered, tokens)
    for index, word in enumerate(tokens):
        if not usable(word) or word in singles:
            continue
        singles.append(word)
        before = tokens[index - 1] if index > 0 else ""
        two_before = tokens[index - 2] if index > 1 else ""
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        if index in subordinate:
            role[word] = 5
        elif before in _POSSESSIVES | _DETERMINERS and usable(after) and "n" in parts_of_speech(after) \
                and "n" in parts_of_speech(word) and not lowered.startswith(f"{word} {after}"):
            role[word] = 4
            modifiers.add(index)
        elif _describes(word, after) and usable(after):
            # "a big limb", "an old couch": the adjective says what the thing is like, the noun
            # what it is — the keyword is the noun ("broken" or "leaking" say what happened: kept)
            role[word] = 4
            modifiers.add(index)
        elif (before in _POSSESSIVES or (index - 1 in modifiers and two_before in _POSSESSIVES)) and names_an_animal(word):
            role[word] = 5  # "our old dog", "my cat": whose the call is, like "my son", not what it is about
        elif index - 1 in modifiers and two_before in _POSSESSIVES:
            # the head of "my garbage disposal"; "in our break room" says where
            role[word] = 3 if index > 2 and tokens[index - 3] in _PLACE_PREPOSITIONS and names_a_place(word) else 0
        elif before in _POSSESSIVES and after in _REPORTING and names_a_person(word):
            role[word] = 5  # "my coworker said you're great", "my therapist referred me": who, not what
        elif before in _POSSESSIVES:
            # "on my car": where, not what ("a mistake on my invoice" is what)
            role[word] = 3 if two_before in _PLACE_PREPOSITIONS and names_a_place(word) else 0
        elif (before in _DETERMINERS and two_before in _PREPOSITIONS) or before in _PREPOSITIONS:
            role[word] = 3
        elif before in _DETERMINERS:
            role[word] = 1
        else:
            role[word] = 2
    # a verb and its particle ("check out", "send back"): the particle is half the meaning, so the
    # pair is the keyword and stands in for the bare verb ("check" alone is "check my order")
    # (a particle that opens a place, "getting married out at our place", is where, unless WordNet
    # has the pair: "locked out at work" is still locked out)
    phrasal = [f"{a} {b}" for a, b, c, d in zip(tokens, tokens[1:], [*tokens[2:], ""], [*tokens[3:], "", ""], strict=False)
               if usable(a) and b in _PARTICLES and may_be_verb(a)
               and (not mostly_adjective(a) or inflects_a_verb(a))  # not "low out"; "taken down" is
               and (c not in _PLACE_PREPOSITIONS or d not in _PLACE_DETERMINERS or _phrasal_lemma(a, b))]
    # a particle before "of" is a preposition of its own, whatever verb comes first: "almost
    # out of", "ran out of", "running out of" all say "out of"
    # ("see out of it", "came out of the wall" are places: no keyword)
    phrasal += [f"{b} of" for a, b, c in zip(["", *tokens], tokens, tokens[1:], strict=False)
                if b in _PARTICLES and c == "of" and (a in _RUNNING_OUT or a in _COPULAS or a.endswith(("'re", "'m")))]
    phrasal.sort(key=lambda pair: pair.split()[0] in said_not)
    singles = [word for word in singles if not any(pair.split()[0] == word for pair in phrasal)]
    position = {word: index for index, word in enumerate(singles)}

    # what the caller asks for is said after "I'd like to", "I need to", "can you", "what would
    # you ...": its words, first one first ("put my membership on hold" -> "hold", "charge to
    # move a two-bedroom" -> "charge"), come before the reasons around it ("I'm having surgery")
    asked = _requested_words(lowered)
    # a light verb whose particle comes after its pronoun object ("bring it in", "drop it off",
    # "get him in"): the verb alone says little ("bring" is also "bring my ID") and the whole is
    # no contiguous keyword, so what the turn is about ranks before it ("split it up" keeps its verb)
    split_verbs = {a for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
                   if a in _LIGHT_VERBS and b in _OBJECT_PRONOUNS and c in _PARTICLES | {"in", "on"}}
    asked = [word for word in asked if word not in split_verbs]
    for verb in split_verbs & set(role):
        role[verb] = 5
    # "his grades keep slipping", "it keeps beeping": "keep" only says it goes on; the -ing word
    # says what (a keyword "keep" would take "can I keep my appointment")
    for a, b in itertools.pairwise(tokens):
        if a in _CONTINUING and b.endswith("ing") and a in role:
            role[a] = 5
            asked = [word for word in asked if word != a]

    def rank(word: str) -> tuple[int, int, int, int, int, int, int, int]:
        stem = _stem(word)
        hinted = stem in hints and stem not in common
        in_request = word in asked
        order = asked.index(word) if in_request else -position[word]
        return (0 if hinted else 1, 1 if word in said_not else 0, 1 if stem in common else 0,
                # in the request too, a noun's modifier after its head ("a door seal": the seal)
                0 if in_request else 1, role[word] if not in_request or role[word] == 4 else 0,
                0 if parts_of_speech(word) or not _wordnet() else 1,  # "negative" before "neg"
                order, -len(word))

    singles.sort(key=rank)
    # a landmark ("in front of our house", "next to the garage") says where, not what: even a
    # word of the target's own text is no keyword there
    landmarks = {tokens[index] for index in _landmark_positions(tokens)}
    hinted = [word for word in singles if _stem(word) in hints and _stem(word) not in common and word not in landmarks]
    # the target's word said with a noun that says which one ("the power line", not any "line"):
    # the pair, before the word alone, which other callers say of other things ("hold the line")
    compounds = {tokens[index]: f"{tokens[index - 1]} {tokens[index]}" for index in range(1, len(tokens))
                 if index - 1 in modifiers and tokens[index] in hinted and not mostly_adjective(tokens[index - 1])}
    hinted = [item for word in hinted for item in ((compounds[word], word) if word in compounds else (word,))]
    hinted_phrasal = [pair for pair in phrasal if _stem(pair.split()[0]) in hints]
    rest = [word for word in singles if word not in hinted]
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(tokens) if usable(a) and usable(b)]
    # "not available", "don't have": for an edge about what the caller lacks (`about_absence`:
    # its own keywords or label say so), the negation and the word it negates are the keyword
    negations = [
        f"{a} {b}" for a, b in itertools.pairwise(tokens)
        if (b in said_not and (a in _NEGATION_WORDS or a.endswith("n't")) and usable(b))
        or (a == "never" and b in _EXPERIENCED)  # "never been", "never had one": a first time
    ]
    # a phrase from the reasons around a request ("out of the country. Can I serve later?")
    # comes after the request's own first word
    requested = next((word for word in rest if word in asked), None)
    if phrasal and requested is not None and phrasal[0].split()[0] not in asked:
        rest = [requested, phrasal[0], *(word for word in rest if word != requested)]
        phrasal_first: list[str] = []
    else:
        phrasal_first = phrasal[:1]
    # last, when no word alone will do: a verb with what it acts on ("end it", "try the food") —
    # a way of asking, never the caller's whole sentence
    acted = [f"{a} {b}" for a, b in itertools.pairwise(tokens)
             if b in _OBJECT_PRONOUNS - {"me", "us"} and _acts(a) and not negated(lowered, lowered.find(f"{a} {b}"))]
    acted += [f"{a} {b} {c}" for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
              if b in _DETERMINERS and usable(c) and "n" in parts_of_speech(c) and (_acts(a) or a in _FILLER_ACTIONS)]
    if about_absence:
        ordered = [*hinted_phrasal[:1], *hinted[:3], *negations[:2], *phrasal_first, *rest[:4], *pairs[:2], *acted[:2]]
    else:
        ordered = [*hinted_phrasal[:1], *hinted[:3], *phrasal_first, *rest[:4], *pairs[:2], *negations[:1], *acted[:2]]
    return list(dict.fromkeys(base_phrase(keyword) for keyword in ordered))


_COPULAS = frozenset(["is", "are", "was", "were", "been", "be", "am", "got", "gets", "getting", "looks", "seems"])
_CONTINUING = frozenset(["keep", "keeps", "kept", "keeping", "continue", "continues", "continued"])
# what one has done before, said after "never" by a first-timer ("I've never been", "never had one")
_EXPERIENCED = frozenset(["been", "had", "done", "gone", "come", "tried", "used", "visited", "seen", "heard", "owned"])
# what a person the caller names did that brought them here ("my neighbor said", "my doctor referred me")
_REPORTING = frozenset(["said", "says", "told", "tells", "referred", "refers", "recommended", "recommends", "suggested",
                        "mentioned", "sent", "thinks", "thought", "gave", "swears", "raves"])
# "out of" said of running out: after these, or after the caller being out ("we're out of water")
_RUNNING_OUT = frozenset(["run", "ran", "running", "runs", "almost", "nearly", "completely", "all", "totally", "fresh",
                          "just", "clean", "about"])
_LANDMARK_PREPOSITIONS = (("in", "front", "of"), ("next", "to"), ("across", "from"), ("behind",), ("beside",), ("near",),
                          ("outside",), ("past",))


def _landmark_positions(tokens: list[str]) -> set[int]:
    """Positions of the noun phrase after a preposition of relative place ("in front of our
    *house*", "next to the *garage*", "out past the *feed store*"): a landmark, said to say
    where, not what."""
    found: set[int] = set()
    for at in range(len(tokens)):
        for preposition in _LANDMARK_PREPOSITIONS:
            if tuple(tokens[at : at + len(preposition)]) != preposition:
                continue
            for index in range(at + len(preposition), min(len(tokens), at + len(preposition) + 4)):
                if tokens[index] in _DETERMINERS or tokens[index] in _POSSESSIVES:
                    continue
                if tokens[index] in STOPWORDS or tokens[index] in _PARTICLES:
                    break
                found.add(index)
    return found


# how callers close a call: a formula, not a caller's sentence ("that is all for today")
_CLOSING = re.compile(
    r"\b(?:that(?:'s| is| will be|'ll be) (?:all|it|everything)|nothing else|no,? thanks?(?: you)?|i'm (?:good|all set)|"
    r"we're (?:good|all set)|(?:good)?bye)\b"
)


def closing_formulas(text: str) -> list[str]:
    """The closing formulas the turn says ("That is all for today" -> "that is all"), as said."""
    return list(dict.fromkeys(m.group(0) for m in _CLOSING.finditer(text.lower())))


# verbs that are filler alone ("trying to", "let me see") and actions with a thing after them
# ("try the food", "see a doctor", "make an appointment")
_FILLER_ACTIONS = frozenset(["try", "see", "look", "make"])


def _acts(word: str) -> bool:
    """A verb that acts on something ("end", "try", "cancel"), not a helper ("can", "have")."""
    return len(word) >= 3 and word not in STOPWORDS and word not in GENERIC and word not in _PARTICLES and word not in _LIGHT_VERBS \
        and "'" not in word and "v" in parts_of_speech(word)


_REGULAR_ENDINGS = ("s", "es", "d", "ed", "ing")


def base_word(word: str) -> str:
    """The word's lemma when the offline matcher's plain inflections of that lemma (s, es, d,
    ed, ing) give the word back: "stalled" -> "stall", "died" -> "die", "pills" -> "pill" — a
    keyword in its base form also matches "stalls", "dies", "pill". Irregular forms ("ran",
    "shown") and words WordNet does not know stay as they are."""
    if len(word) < 4 or not word.isalpha():
        return word
    wordnet = _wordnet()
    if wordnet is None:
        return word
    forms = wordnet.base_forms(word)
    if any(lemma == word for lemma, _ in forms):
        return word  # a word of its own ("boss", "news"): not an inflection to undo
    lemmas = sorted(
        {lemma for lemma, pos in forms if pos in ("v", "n") and lemma != word and len(lemma) >= 3 and lemma.isalpha()
         and any(lemma + ending == word for ending in _REGULAR_ENDINGS)},
        key=len,
    )
    return lemmas[0] if lemmas else word


_SUBJECT_BEFORE_PAST = r"\b(?:i|we|he|she|they)\s+(?:already\s+|just\s+|actually\s+|even\s+)?"


def reported_past(lowered: str, keyword: str) -> re.Match[str] | None:
    """Where the caller reports having done what the one-word verb `keyword` names ("I
    canceled my class", "we already paid", "I missed the pickup day" for the keyword "missed"):
    its past tense right after a subject. None when they do not, or when WordNet cannot tell a
    past tense."""
    wordnet = _wordnet()
    if wordnet is None or " " in keyword:
        return None
    for found in re.finditer(_SUBJECT_BEFORE_PAST + r"([a-z]+)", lowered):
        said = found.group(1)
        if said.startswith(keyword[:3]) and re.fullmatch(keyword_regex(keyword), said) and wordnet.past_form(said):
            return found
    return None


def is_past_form(word: str) -> bool:
    """Whether the keyword itself is a past tense or participle ("missed", "declined")."""
    wordnet = _wordnet()
    return wordnet is not None and " " not in word and wordnet.past_form(word)


def base_phrase(keyword: str) -> str:
    """`base_word` of a phrase's first word ("stalled out" -> "stall out"), the rest kept."""
    first, _, rest = keyword.partition(" ")
    return f"{base_word(first)} {rest}".strip()


_NEGATION_WORDS = frozenset(["not", "never", "no", "nobody", "none", "nothing"])


def about_absence(*texts: str) -> bool:
    """Whether a label or keyword list speaks of something missing ("don't have", "no account
    number", "can't find"), or of a first time ("new patient", "first visit": never before, so
    a caller's "I've never seen a chiropractor" says it)."""
    return any(
        re.search(r"\b(?:not|no|never|without|none|missing|lost|first)\b|n't\b", lowered) is not None
        or any(names_a_person(person) for person in re.findall(r"\bnew\s+([a-z]+?)s?\b", lowered))
        for lowered in (text.lower() for text in texts)
    )


_REQUEST = re.compile(
    # "I got my bill" says what happened; "I've got to" and "I need a" ask
    r"\b(?:(?:i|we)(?:'d|\s+would)\s+like\s+to|(?:i|we)\s+(?:need|want|wanna)(?:\s+to)?|(?:i|we)\s+(?:have|got)\s+to|"
    r"(?:i|we)\s+gotta|"
    r"(?:can|could|would|will)\s+(?:i|we|you)(?:\s+guys)?(?:\s+please)?|how\s+(?:do|can)\s+(?:i|we)|"
    r"what\s+(?:would|will|does|do)\s+(?:it|you|that)(?:\s+guys)?|i'm\s+(?:trying|looking|calling)\s+to|please|"
    # what the caller is after: "I'm looking for a door seal", "we're shopping for a mower"
    r"(?:i'm|i\s+am|we're|we\s+are)\s+(?:looking|searching|shopping|hunting)\s+for)\b"
)


_SUBORDINATORS = frozenset(["when", "whenever", "because", "since", "if", "while", "after", "before", "until", "though", "although"])


def _subordinate_positions(lowered: str, tokens: list[str]) -> set[int]:
    """Token positions inside a clause that says when, why or on what condition ("it hums when
    I flip the switch", "because I'm moving"): from the subordinator to the clause's end. A
    turn that opens with one ("When I call, ...") keeps its words: there it is the topic."""
    positions: set[int] = set()
    inside = False
    clause_starts = {0}
    at = 0
    for index, token in enumerate(tokens):
        at = lowered.find(token, at)
        if at > 0 and re.search(r"[.,;!?]\s*$", lowered[:at]):
            inside = False
            clause_starts.add(index)
        if token in _SUBORDINATORS and index not in clause_starts:
            inside = True
        if inside:
            positions.add(index)
        at += len(token)
    return positions


def _requested_words(lowered: str) -> list[str]:
    """The words of the clauses that follow a request ("I'd like to ...", "can you ..."), in order."""
    words: list[str] = []
    for marker in _REQUEST.finditer(lowered):
        clause = re.split(r"[.,;!?]|\bbut\b|\bbecause\b|\bsince\b", lowered[marker.end() :], maxsplit=1)[0]
        words += [w for w in _TOKEN.findall(clause) if w not in words]
    return words


def common_words(texts: list[str], at_least: int = 3) -> set[str]:
    """Stems that at least `at_least` of the given texts (one per node or edge) use."""
    counts: dict[str, int] = {}
    for text in texts:
        for stem in hint_words(text):
            counts[stem] = counts.get(stem, 0) + 1
    return {stem for stem, count in counts.items() if count >= at_least}


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def hint_words(*texts: str) -> set[str]:
    """Stems of the content words of a node's or edge's own text (what it is about)."""
    return {_stem(word) for text in texts for word in content_words(text.replace("-", " ").replace("_", " "))}



def _wordnet() -> WordNet | None:
    """WordNet when installed; None otherwise (then every rule that asks it stays out of the way)."""
    return open_if_installed()


@lru_cache(maxsize=4096)
def parts_of_speech(word: str) -> frozenset[str]:
    """WordNet's parts of speech of `word` or of the lemma it inflects ("n", "v", "a", "r");
    empty when WordNet does not know it or is not installed (then no rule depends on it)."""
    wordnet = _wordnet()
    if wordnet is None:
        return frozenset()
    return frozenset(pos for _, pos in wordnet.base_forms(word.lower()))


@lru_cache(maxsize=4096)
def mostly_adjective(word: str) -> bool:
    """Whether WordNet's sense-tagged corpus saw `word` more as an adjective than as a noun
    ("ready", "late"; not "sale" or "coach"); False when WordNet cannot tell."""
    wordnet = _wordnet()
    return wordnet is not None and wordnet.tagged(word, "a") > wordnet.tagged(word, "n")


def _describes(word: str, after: str) -> bool:
    """Whether `word` is a plain adjective before the noun `after` ("big limb", "old couch";
    not a participle, "broken window", which says what happened to it)."""
    return (
        not word.endswith(("ed", "en", "ing"))
        and mostly_adjective(word)
        and has_noun_sense(after)
        and not mostly_adjective(after)
    )


@lru_cache(maxsize=4096)
def inflects_a_verb(word: str) -> bool:
    """Whether `word` is another form of a verb ("taken" of take, "broken" of break; not "low"
    or "dead"): a participle, however often it is used as an adjective, still makes a phrasal
    verb with its particle ("taken down", "broken down")."""
    wordnet = _wordnet()
    return wordnet is not None and any(pos == "v" and form != word.lower() for form, pos in wordnet.base_forms(word.lower()))


@lru_cache(maxsize=4096)
def mostly_verb(word: str) -> bool:
    """Whether WordNet's sense-tagged corpus saw `word` at least as often as a verb as as a noun
    ("return", "cancel"; not "order" or "book"); False when WordNet cannot tell."""
    wordnet = _wordnet()
    return wordnet is not None and wordnet.tagged(word, "v") >= max(wordnet.tagged(word, "n"), 1)


_NOUN_PERSON = 18  # lexnames(5WN): noun.person


def names_a_person(word: str) -> bool:
    """Whether one of the word's two most frequent noun senses is a person ("nurse", "agent",
    "pharmacist"; not "loan" or "fine")."""
    wordnet = _wordnet()
    return wordnet is not None and any(wordnet.lexfile("n", offset) == _NOUN_PERSON for offset in wordnet.offsets(word, "n")[:2])


_NOUN_ANIMAL = 5  # noun.animal in WordNet's lexicographer files


def names_an_animal(word: str) -> bool:
    """Whether the word's most frequent noun sense is an animal ("dog", "cat", "horse")."""
    wordnet = _wordnet()
    if wordnet is None:
        return False
    offsets = wordnet.offsets(word, "n")[:1]
    return bool(offsets) and wordnet.lexfile("n", offsets[0]) == _NOUN_ANIMAL


def names_a_thing(word: str) -> bool:
    """Whether one of the word's three most frequent noun senses is something one has or is,
    neither an act, event or message nor a person: "identity", "card", "account" (a business
    relation as well as a report); not "theft" or "caller"."""
    wordnet = _wordnet()
    if wordnet is None:
        return False
    return any(wordnet.lexfile("n", offset) not in _ACTION_LEXFILES | {_NOUN_PERSON} for offset in wordnet.offsets(word, "n")[:3])


_PLACE_LEXFILES = frozenset([6, 15, 17])  # lexnames(5WN): noun.artifact, noun.location, noun.object


def names_a_place(word: str) -> bool:
    """Whether the word's most frequent noun sense is a made thing, a place or a natural object
    ("car", "room", "yard", "roof"): after "on my", "in our" it says where; not a message or a
    relation ("invoice", "account")."""
    wordnet = _wordnet()
    if wordnet is None:
        return False
    return any(wordnet.lexfile("n", offset) in _PLACE_LEXFILES for offset in wordnet.offsets(word, "n")[:1])


def same_verb(first: str, second: str) -> bool:
    """Whether two words are forms of one verb ("stole" and "stolen", "broke" and "broken");
    False when WordNet cannot tell."""
    wordnet = _wordnet()
    if wordnet is None:
        return False
    verbs = [{lemma for lemma, pos in wordnet.base_forms(word.lower()) if pos == "v"} for word in (first, second)]
    return bool(verbs[0] & verbs[1])


def has_noun_sense(word: str) -> bool:
    """Whether WordNet has `word` as a noun at all ("fine": a sum of money to pay)."""
    wordnet = _wordnet()
    return wordnet is not None and bool(wordnet.offsets(word, "n"))


_PLACE_PREPOSITIONS = frozenset(["at", "in", "near", "by", "on"])
_PLACE_DETERMINERS = frozenset(["a", "an", "the", "our", "my", "your", "his", "her", "their", "this", "that"])


@lru_cache(maxsize=4096)
def _phrasal_lemma(verb: str, particle: str) -> bool:
    """Whether WordNet has the verb (in any of its base forms) with the particle ("locked", "out")."""
    wordnet = _wordnet()
    return wordnet is not None and any(
        pos == "v" and wordnet.offsets(f"{form} {particle}", "v") for form, pos in wordnet.base_forms(verb.lower())
    )


def may_be_verb(word: str) -> bool:
    """Whether `word` can be a verb ("arrival back" is no phrasal verb, "push back" is); True
    when WordNet cannot tell."""
    parts = parts_of_speech(word)
    return not parts or "v" in parts


@lru_cache(maxsize=4096)
def _is_lemma(lemma: str) -> bool:
    wordnet = _wordnet()
    if wordnet is None:
        return False
    return any(wordnet.offsets(lemma, pos) for pos in ("n", "v", "a"))


# endings of a verb's action noun ("renewal", "cancellation", "shipment", "delivery", "closure")
_ACTION_ENDINGS = ("al", "tion", "sion", "ment", "ance", "ence", "ry", "y", "ure")
_ACTION_LEXFILES = frozenset([4, 10, 11])  # lexnames(5WN): noun.act, noun.communication, noun.event
_AGENT_ENDINGS = ("er", "or", "ee", "ing", "ly", "ory")  # "shipper", "appointee", "booking": no action


def _derived_in_first_sense(wordnet: WordNet, word: str, pos: str) -> list[str]:
    derived: list[str] = []
    for offset in wordnet.offsets(word, pos)[:1]:
        synset = wordnet.synset(pos, offset)
        if word in synset.words:
            index = synset.words.index(word)
            derived += [other for source, other in synset.derived if source == index and " " not in other]
    return derived


@lru_cache(maxsize=4096)
def action_forms(word: str) -> tuple[str, ...]:
    """A verb's action noun and a noun's verb, the same action said the other way ("renew" /
    "renewal", "cancellation" / "cancel", "deliver" / "delivery", "prescribe" / "prescription"):
    WordNet's derivational link from the word's most frequent sense, sharing its first four
    letters, in common use, and linked back from the other word's first two senses — so an
    agent ("shipper"), an adjective ("bookable") or a rare sense ("installment", "reparation")
    is never one; only from the part of speech the word is mostly used as. Empty without WordNet."""
    wordnet = _wordnet()
    if wordnet is None or len(word) < 4 or not word.isalpha():
        return ()
    found: list[str] = []
    for pos, other_pos in (("v", "n"), ("n", "v")):
        if wordnet.tagged(word, pos) < wordnet.tagged(word, other_pos):
            continue  # mostly the other part of speech: "my place" is no placing
        for other in _derived_in_first_sense(wordnet, word, pos):
            if other in found or other[:4] != word[:4] or re.fullmatch(keyword_regex(word), other) \
                    or re.fullmatch(keyword_regex(other), word) or wordnet.frequency(other) < 1:
                continue
            noun = other if pos == "v" else word
            if not noun.endswith(_ACTION_ENDINGS) or noun.endswith(_AGENT_ENDINGS):
                continue
            if not any(wordnet.lexfile("n", offset) in _ACTION_LEXFILES for offset in wordnet.offsets(noun, "n")[:2]):
                continue  # "pressure" is a force, not the act of pressing
            back = any(
                word in (derived for source, derived in wordnet.synset(other_pos, offset).derived)
                for offset in wordnet.offsets(other, other_pos)[:2]
            )
            if back:
                found.append(other)
    return tuple(found)


def keyword_variants(keyword: str) -> tuple[str, ...]:
    """The keyword and its spellings as one word or two that a caller may use as well: a verb
    and particle is also written as a compound noun ("check out" / "checkout", "pick up" /
    "pickup") and the other way round — only when WordNet has the other spelling as a word;
    a one-word action also in its other part of speech ("renew" / "renewal")."""
    words = keyword.split()
    variants = [keyword, *(action_forms(keyword) if len(words) == 1 else ())]
    if len(words) == 2 and words[1] in _PARTICLES and _is_lemma("".join(words)):
        variants.append("".join(words))
    elif len(words) == 1:
        for particle in _PARTICLES:
            head = keyword[: -len(particle)]
            if keyword.endswith(particle) and len(head) >= 3 and _is_lemma(f"{head} {particle}"):
                variants.append(f"{head} {particle}")
                break
    return tuple(variants)

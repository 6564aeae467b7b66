"""Words and shapes the rule-based fixer works with: caller phrasing, sentences, value patterns."""

from __future__ import annotations

import itertools
import re

_STOPWORD_TEXT = """a an and are as at be but by can could do does for from have hi hello hey i i'm im is it
    its it's just like me my no not of ok okay on or please so that the this to um uh we with yes
    yeah you your our about would want need get got there their them they what when where which
    who why how will well all any some then than too very"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")
_INTERJECTIONS = re.compile(r"^(?:(?:hi|hello|hey|um+|uh+|er|well|so|yeah|yes|ok|okay|oh)\b[,!.\s]*)+")
_PUNCT_EDGES = " \t\n.,!?;:\"'()[]"
_MAX_KEYWORD = 120

# Words that say nothing about what the caller wants: never a keyword on their own.
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
    let come coming came went goes told tell asking ask asked wondering wonder hoping hope now"""
GENERIC = frozenset(_GENERIC_TEXT.split())
_DETERMINERS = frozenset(["a", "an", "the", "my", "your", "our", "his", "her", "their", "this", "that", "these", "those", "some"])
_PARTICLES = frozenset(["back", "out", "off", "up", "down", "over", "away"])
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


def shape_pattern(value: str) -> str:
    """A regex with one group that captures values shaped like `value`."""
    if re.fullmatch(r"\d+", value):
        return rf"\b(\d{{{len(value)}}})\b"
    if re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", value):
        return r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    if any(char.isdigit() for char in value):
        parts: list[str] = []
        for run in re.finditer(r"\d+|[A-Za-z]+|\s+|.", value):
            chunk = run.group(0)
            if chunk.isdigit():
                parts.append(rf"\d{{{len(chunk)}}}")
            elif chunk.isalpha():
                parts.append(rf"[A-Za-z]{{{len(chunk)}}}")
            elif chunk.isspace():
                parts.append(r"\s+")
            else:
                parts.append(re.escape(chunk))
        body = "".join(parts)
    else:
        body = re.escape(value)
    start = r"\b" if value[:1].isalnum() else ""
    end = r"\b" if value[-1:].isalnum() else ""
    return f"{start}({body}){end}"


_MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
DATE_IN_WORDS = rf"\b((?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)\b"
DATE_NUMERIC = r"\b(\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})\b"
# a date however it is said: "March 4th, 1987", "4 March 1987", "03/04/1987", "1987-03-04"
DATE_ANY = (
    rf"\b((?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})\b"
)
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
COUNT = rf"\b(\d{{1,2}}|{_NUMBER_WORDS})\b"
MONEY = r"(\$?\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\$?\d+(?:\.\d{2})?)(?![\d,])"  # "$4,800", "2,300", "$900.00"
_DIGIT_WORD = "(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_DIGITS = rf"\b({_DIGIT_WORD}(?:[\s,.-]+{_DIGIT_WORD}){{3,15}})\b"  # "four one five, five five five, ..."
NAME_AFTER_INTRODUCTION = (
    r"\b(?:my name is|name is|name's|this is|it's|it is|i'm|i am|call me|under)(?:\s+(?:under|the name))?"
    r"\s+(?!(?:the|a|an|under|for|at|calling|just|not)\b)([A-Za-z][a-z'-]+)"
)
WEEKDAY = rf"\b((?:{_WEEKDAYS}))\b"
PHONE = r"(\(?\b\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}\b)"
EMAIL = r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)"


def value_shapes(value: str) -> list[str]:
    """Patterns with one group for values shaped like `value` (as the caller said it), most
    general first: the kind of value it is (a date, a weekday, a phone number, an e-mail), then
    its shape (digit runs -> \\d{n}, letter runs -> [A-Za-z]{n}, any separator between runs
    optional). Never the value itself: a fix must work for the next caller, not this one."""
    shapes: list[str] = []
    text = value.strip()
    if re.fullmatch(DATE_ANY.replace(r"\b", ""), text, re.IGNORECASE):
        shapes.append(DATE_ANY)
    if re.fullmatch(COUNT.replace(r"\b", ""), text, re.IGNORECASE):
        shapes.append(COUNT)
    if re.fullmatch(r"\$?\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\$\d+(?:\.\d{2})?", text):
        shapes.append(MONEY)
    if re.fullmatch(SPOKEN_DIGITS.replace(r"\b", ""), text.rstrip("."), re.IGNORECASE):
        shapes.append(SPOKEN_DIGITS)
    for kind in (DATE_IN_WORDS, DATE_NUMERIC, WEEKDAY, EMAIL):
        if re.fullmatch(kind.replace(r"\b", ""), text, re.IGNORECASE):
            shapes.append(kind)
    digits = re.sub(r"\D", "", text)
    if len(digits) in (10, 11) and re.fullmatch(r"[\d\s().+-]+", text):
        shapes.append(PHONE)
    runs = re.findall(r"\d+|[A-Za-z]+|[^A-Za-z\d]+", text)
    if any(run.isdigit() for run in runs):
        parts = []
        for run in runs:
            if run.isdigit():
                parts.append(rf"\d{{{len(run)}}}")
            elif run.isalpha():
                parts.append(rf"[A-Za-z]{{{len(run)}}}")
            else:
                parts.append(r"[\s().-]*")
        start = r"\b" if text[:1].isalnum() else ""
        end = r"\b" if text[-1:].isalnum() else ""
        shapes.append(f"{start}({''.join(parts)}){end}")
    return list(dict.fromkeys(shapes))


def captures(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return None
    return match.group(1) if match.re.groups else match.group(0)


_POSSESSIVES = frozenset(["my", "your", "our", "his", "her", "their"])
_PREPOSITIONS = frozenset(["at", "in", "on", "from", "to", "into", "onto", "by", "near", "for", "with"])


def keyword_candidates(text: str, *, exclude: set[str], hints: set[str], common: set[str] | None = None) -> list[str]:
    """Keywords that could route a caller turn, most general first.

    Never a stop word, a generic word, a number, a date word, a name or a value the scenario
    extracts. Ranked: words of the target's own name/text/label (`hints`) that the rest of the
    pathway rarely uses; a verb with its particle ("send back"); then the caller's other words
    — words the whole pathway uses everywhere (`common`: "appointment" in a clinic) last, the
    objects of "my/your ..." first, places and times after a preposition ("at the gym") late,
    later words before earlier ones (what callers want usually comes last); then two-word
    phrases. The caller's whole sentence is not here: the routing strategy offers it last,
    flagged."""
    common = common or set()
    tokens = _TOKEN.findall(text.lower())
    excluded = {word.lower() for word in exclude}
    # Names: capitalised words that do not start a sentence ("the Whitfields", "ask for Maria").
    excluded.update(
        match.group(1).lower()
        for match in re.finditer(r"(?<![.!?]\s)(?<!^)(?<=\s)([A-Z][a-z]+)", text.strip())
    )

    def usable(word: str) -> bool:
        return (
            len(word) >= 3
            and "'" not in word
            and word not in STOPWORDS
            and word not in GENERIC
            and word not in excluded
            and not any(char.isdigit() for char in word)
        )

    singles: list[str] = []
    role: dict[str, int] = {}  # 0: object of a possessive, 1: after an article, 2: other, 3: after a preposition
    for index, word in enumerate(tokens):
        if not usable(word) or word in singles:
            continue
        singles.append(word)
        before = tokens[index - 1] if index > 0 else ""
        two_before = tokens[index - 2] if index > 1 else ""
        if before in _POSSESSIVES:
            role[word] = 0
        elif (before in _DETERMINERS and two_before in _PREPOSITIONS) or before in _PREPOSITIONS:
            role[word] = 3
        elif before in _DETERMINERS:
            role[word] = 1
        else:
            role[word] = 2
    phrasal = [f"{a} {b}" for a, b in itertools.pairwise(tokens) if usable(a) and b in _PARTICLES]
    position = {word: index for index, word in enumerate(singles)}

    def rank(word: str) -> tuple[int, int, int, int, int]:
        stem = _stem(word)
        return (0 if stem in hints and stem not in common else 1, 1 if stem in common else 0, role[word], -position[word], -len(word))

    singles.sort(key=rank)
    hinted = [word for word in singles if _stem(word) in hints and _stem(word) not in common]
    rest = [word for word in singles if word not in hinted]
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(tokens) if usable(a) and usable(b)]
    return list(dict.fromkeys([*hinted[:3], *phrasal[:1], *rest[:4], *pairs[:2]]))


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


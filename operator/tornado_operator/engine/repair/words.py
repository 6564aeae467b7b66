"""Words and shapes the rule-based fixer works with: caller phrasing, sentences, value patterns."""

from __future__ import annotations

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


def captures(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return None
    return match.group(1) if match.re.groups else match.group(0)

"""What a node's prompt tells the agent to say, as the sentence the agent would say.

A pathway author writes the intent of a node in its `prompt` ("Confirm the cancellation, tell
the member their access continues until the end of the billing month, and ask them to return
the key tag") and its spoken `text` beside it. When a test finds the agent never said
something, the reviewer's edit is to say what the prompt already asks for, in the agent's
voice — "Your access continues until the end of the billing month." — not to paste the test's
own phrase or pattern. This module turns the prompt's reported speech into direct speech:
"tell/remind/inform <the caller> (that) X" -> X with the caller's pronouns made "you";
"remind/tell <the caller> to V ..." -> "Please V ..." ("not to V" -> "Please do not V");
"ask/request/encourage/urge <the caller> to V, since ..." -> "Please V." (the author's reason
for asking is not the agent's line); "explain/mention/say that X" -> X.
"""

from __future__ import annotations

import re

# who the agent talks to: a role noun after "the"/"our" (caller, member, guest, patient...; any
# agent noun: borrower, visitor, applicant, tenant, policyholder), or a pronoun
_ROLE = (
    r"(?:(?:caller|member|guest|customer|patient|client|user|person|parent|student|passenger|shopper|"
    r"[a-z]+(?:er|or|ee|ant|ent|ist|holder))s?|family|families|household)"
)
_PERSON = rf"(?:the\s+|our\s+){_ROLE}|them|him|her"
# the next instruction in the same prompt ends the clause: "..., and ask them to ..."
_NEXT = r"(?:,\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+)(?=(?:ask|tell|remind|confirm|give|explain|collect|offer|say|let|thank|end|transfer|repeat|read|check|mention|inform|apologi[sz]e|get|find|take)\b)"
_REPORTED = re.compile(
    rf"\b(?:tell|remind|inform|let|warn|advise|assure)\s+(?:{_PERSON})(?:\s+know)?(?:\s+that)?\s+(?P<rest>.+?)(?={_NEXT}|[.;!?](?:\s|$)|$)",
    re.IGNORECASE,
)
_REQUESTED = re.compile(
    rf"\b(?:ask|request|encourage|urge)\s+(?:{_PERSON})\s+(?P<rest>(?:not\s+)?to\s+.+?)(?={_NEXT}|[.;!?](?:\s|$)|$)",
    re.IGNORECASE,
)
# why the author asks ("..., since the lot fills up") explains the request; the agent asks
# ("as" only after a comma: "arrive as early as you can" is the request itself)
_REASON = re.compile(r"(?:,\s*(?:since|because|as|so\s+that)|\s+(?:since|because|so\s+that))\s+.*$", re.IGNORECASE)
_STATED = re.compile(
    rf"\b(?:explain|mention|say|stress|note|make\s+clear|point\s+out)\s+that\s+(?P<rest>.+?)(?={_NEXT}|[.;!?](?:\s|$)|$)",
    re.IGNORECASE,
)
_TO_YOU = {
    "their": "your", "they": "you", "them": "you", "theirs": "yours", "themselves": "yourself",
    "themself": "yourself", "they're": "you're", "they'll": "you'll", "they've": "you've", "they'd": "you'd",
}
# inside the clause only the plain roles become "you": "the current billing month" stays
_THE_PERSON = re.compile(r"\b(?:the|our)\s+(?:caller|member|guest|customer|patient|client|user)s?(?:'s)?(?![a-z])", re.IGNORECASE)


def _second_person(clause: str) -> str:
    def swap(match: re.Match[str]) -> str:
        return "your" if match.group(0).lower().endswith("'s") else "you"

    text = _THE_PERSON.sub(swap, clause)
    return re.sub(r"\b[a-z']+\b", lambda m: _TO_YOU.get(m.group(0).lower(), m.group(0)), text, flags=re.IGNORECASE)


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _direct(rest: str) -> str:
    """The reported clause as the agent's words: "to V" -> "Please V", "not to V" -> "Please do not V"."""
    if rest.lower().startswith("to "):
        return "Please " + _second_person(rest[3:])  # "remind the caller to bring ..." -> "Please bring ..."
    if rest.lower().startswith("not to "):
        return "Please do not " + _second_person(rest[7:])  # "warn them not to ..." -> "Please do not ..."
    return _second_person(rest)


def prompt_lines(prompt: str) -> list[str]:
    """The sentences `prompt` asks the agent to say, in the order it asks for them."""
    prompt = " ".join(prompt.split())
    found: list[tuple[int, str]] = []
    for match in _REPORTED.finditer(prompt):
        found.append((match.start(), _sentence(_direct(match.group("rest")))))
    for match in _REQUESTED.finditer(prompt):
        found.append((match.start(), _sentence(_direct(_REASON.sub("", match.group("rest"))))))
    for match in _STATED.finditer(prompt):
        found.append((match.start(), _sentence(_second_person(match.group("rest")))))
    return [line for _, line in sorted(found) if len(line.split()) >= 3]

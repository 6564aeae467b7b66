"""Mentions: a caller turn that says a keyword without asking for what the keyword routes to.

"My agent said ...", "I'm a nurse", "a return customer", "Monday is fine" (on a node about
fines), "I canceled my class" — the keyword is in the turn, the request is elsewhere. Each kind
of mention is one small detector below, tried in order; each says which words of the turn are
the mention and which phrases *do* ask for the keyword, so that the routing strategy can narrow
the keyword to them (strategies/routing.py). Pure: words and WordNet only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tornado_operator.engine.repair.words import (
    GENERIC,
    STOPWORDS,
    has_noun_sense,
    is_past_form,
    may_be_verb,
    mostly_adjective,
    mostly_verb,
    names_a_person,
    parts_of_speech,
    reported_past,
)

# "the pharmacist there said", "the agent told me": someone the caller reports, not asks for
_REPORTING = r"(?:said|says|told|tells|mentioned|recommended|suggested|asked|gave|sent|called|thinks|thought|wrote)"


@dataclass(frozen=True, slots=True)
class Mention:
    said: str  # the words of the turn that mention the keyword
    asking: tuple[str, ...]  # phrases that ask for it (some may fit the turn: the caller filters)
    why: str = "is a mention, not a request"  # how a fix's description says what the turn does


def find_mention(lowered: str, keyword: str) -> Mention | None:
    """The first kind of mention the (lower-cased) turn makes of the one-word keyword, or None
    when it asks for it. An adjective keyword is a mention only when said of something while
    the word also names a thing; its other uses are the state question's (strategies/routing.py)."""
    if mostly_adjective(keyword):
        return _said_of_something(lowered, keyword)
    for detect in _DETECTORS:
        found = detect(lowered, keyword)
        if found is not None:
            return found
    return None


def noun_phrases(keyword: str) -> tuple[str, ...]:
    """How a thing or a person is asked for: someone "to"/"with" them ("talk to a nurse",
    "agent please" — never "the nurse" alone, which "waiting on the nurse" says too); something
    with its article or "about" it ("a fine", "about the loan")."""
    article = "an" if keyword[:1] in "aeiou" else "a"
    if names_a_person(keyword):
        return (f"{article} {keyword}", f"to {article} {keyword}", f"to the {keyword}",
                f"with {article} {keyword}", f"with the {keyword}", f"{keyword} please")
    if _plural_noun(keyword):
        # "tires", "braces": no article; asked for by the verbs that ask for a thing ("get
        # braces", "about getting tires", "we need tires")
        return (f"about {keyword}", *(f"{verb} {keyword}" for verb in _ASKING_FOR_A_THING))
    return (f"{article} {keyword}", f"the {keyword}", f"about {article} {keyword}", f"about the {keyword}")


_ASKING_FOR_A_THING = ("get", "getting", "need", "needs", "want", "interested in")


def _plural_noun(keyword: str) -> bool:
    """A one-word regular plural WordNet knows the singular of ("tires" -> "tire", "braces" ->
    "brace"), not a word of its own ending in s ("glass", "news", "bus")."""
    if " " in keyword or not keyword.endswith("s") or keyword.endswith(("ss", "us", "is")):
        return False
    singulars = {keyword[:-1], keyword[:-2] if keyword.endswith("es") else ""}
    return any(single and has_noun_sense(single) for single in singulars)


def verb_phrases(keyword: str) -> tuple[str, ...]:
    """How an action is asked for: "to return", "please return", "return my"."""
    return (f"to {keyword}", f"please {keyword}", f"{keyword} please", f"{keyword} my", f"{keyword} the", f"{keyword} our")


def _said_of_something(lowered: str, keyword: str) -> Mention | None:
    """"any Monday is fine": an adjective said of something, while the pathway means the thing
    the same word names (a fine to pay)."""
    found = re.search(rf"\b(?:is|are|was|be|been|'s|sounds|looks|seems|feels)\s+(?:\w+\s+)?{re.escape(keyword)}\b", lowered)
    if found is None or not has_noun_sense(keyword):
        return None
    return Mention(found.group(0), noun_phrases(keyword))


# what may follow a noun that stands on its own ("gas in the hallway", "water everywhere",
# "smoke!"): a preposition, a verb of its own, a conjunction, an adverb of place or time; a word
# said of a time ("stays wet till June", "wet every spring"); what it did ("the wind got under the
# end", "the wind tore the plastic": a noun as the subject of the trouble)
_AFTER_A_HEAD = ("in|on|at|from|near|by|around|under|inside|outside|all|everywhere|through|of|into|out|up|down|"
                 "is|was|are|were|has|had|keeps|coming|and|or|but|so|right|again|now|here|there|too|still|anywhere|"
                 "till|until|since|every|during|most|half|each|after|before|because|when|whenever|"
                 "got|gets|took|takes|tore|blew|blows|came|broke|knocked|ripped|caught|peeled|pulled|lifted|flipped|"
                 "tipped|bent|snapped|ruined|damaged|wrecked|destroyed")


def modifying(lowered: str, keyword: str) -> str | None:
    """Where the (lower-cased) turn uses the noun keyword to say which thing ("my *gas* stove",
    "the *water* heater"): the keyword and the noun after it; None when it never does."""
    for found in re.finditer(rf"\b{re.escape(keyword)}\s+([a-z]+)\b", lowered):
        after = found.group(1)
        if after in STOPWORDS or after in GENERIC or len(after) < 3 or re.fullmatch(_AFTER_A_HEAD, after):
            continue
        if "n" in parts_of_speech(after) and not mostly_verb(after) and "n" in parts_of_speech(keyword):
            return found.group(0)
    return None


def on_its_own(keyword: str) -> str:
    """A pattern for the noun keyword standing on its own, not saying which thing: followed by
    the end of a sentence or by a word that cannot be the noun it would modify ("I smell gas in
    the hall", "water everywhere", "smoke!"; not "the gas stove")."""
    return rf"(?i)\b{re.escape(keyword)}(?:\s*(?:[.,!?;:]|$)|\s+(?:{_AFTER_A_HEAD})\b)"


# what a thing does or fails to do when it is the subject of the caller's problem: "the bus
# never came", "the elevator is stuck", "the printer keeps jamming", "the gate won't open"
_ITS_OWN_DOING = ("never|didn't|doesn't|don't|wasn't|isn't|aren't|weren't|hasn't|haven't|won't|can't|couldn't|"
                  "is|was|are|were|has|had|keeps|kept|came|comes|left|leaves|showed|shows|broke|stopped|stops|"
                  "skipped|skips|missed|passed|went|goes|got|gets|still|just|always")


def said_as_a_place(lowered: str, keyword: str) -> str | None:
    """Where the (lower-cased) turn uses the noun keyword for where something happened ("she
    threw up *on the bus*", "I slipped *in the lobby*"): those words; None when it does not."""
    found = re.search(rf"\b(?:on|in|at|off|inside|near|behind|outside)\s+(?:the|a|an|my|our|her|his|their)\s+{re.escape(keyword)}\b",
                      lowered)
    return found.group(0) if found is not None and "n" in parts_of_speech(keyword) else None


_PLACE_LABEL = re.compile(r"^\s*(?:at|in|inside)\b", re.IGNORECASE)


def place_edge(label: str) -> bool:
    """Whether an edge's label says where something is ("at a hospital or facility", "in a
    care home"): its keywords are places."""
    return _PLACE_LABEL.match(label) is not None


def not_said_as_a_place(lowered: str, keyword: str) -> str | None:
    """Where the (lower-cased) turn says a place keyword as something other than where ("she
    was *on hospice*", "*hospice* has been coming"): the words around it; None when every use
    is a place ("at the hospice", "in Willow Creek Hospice")."""
    uses = list(re.finditer(rf"\b{re.escape(keyword)}\b", lowered))
    if not uses or any(re.search(as_a_place(keyword), lowered[max(0, use.start() - 40) : use.end()]) for use in uses):
        return None
    use = uses[0]
    before = re.findall(r"[a-z']+", lowered[: use.start()])[-2:]
    return " ".join([*before, keyword])


def as_a_place(keyword: str) -> str:
    """A pattern for a place keyword said as where: after "at", "in", "to" or "from" and up to
    three words of a name or an article ("at the hospice", "at Willow Creek Hospice")."""
    return rf"(?i)\b(?:at|in|into|to|from)\s+(?:[a-z'-]+\s+){{0,3}}?{re.escape(keyword)}\b"


def as_subject(keyword: str) -> str:
    """A pattern for the noun keyword as the subject of what the caller calls about: followed
    by what it does or fails to do ("the bus never came", "the elevator is stuck"), not the
    place where something else happened ("sick on the bus yesterday")."""
    return rf"(?i)\b{re.escape(keyword)}\s+(?:{_ITS_OWN_DOING})\b"


_CONTRACTED = "what|that|it|there|here|who|where|how|let|he|she|when|why|everything|nothing|something|today|one"


def _owned_or_reported(lowered: str, keyword: str) -> Mention | None:
    """"my agent", "for my student loan company" (up to two words between the possessive and the
    keyword), "Biscuit's cremation", "the pharmacist there said": the caller's own thing, or
    someone's, or someone they report."""
    if is_past_form(keyword):
        return None  # "my phone got hacked" says what happened to it: no "a hacked" to ask for
    found = re.search(rf"\b(?:my|our|his|her|their|your)\s+(?:[a-z'-]+\s+){{0,2}}?{re.escape(keyword)}\w*", lowered) or re.search(
        rf"\b(?:the|a|an|that|this)\s+{re.escape(keyword)}\w*(?:\s+\w+)?\s+{_REPORTING}\b", lowered
    ) or re.search(
        # "Biscuit's cremation", "Mom's account": one that is someone's, said by their name
        rf"\b(?!(?:{_CONTRACTED})'s\b)[a-z]+'s\s+{re.escape(keyword)}\w*", lowered
    )
    if found is None:
        return None
    if re.match(r"(?:my|our|his|her|their)\b", found.group(0)):
        # the caller's own truck is not the business's: "your truck" still asks for it ("can your
        # truck come out?")
        return Mention(found.group(0), (*noun_phrases(keyword), f"your {keyword}"))
    return Mention(found.group(0), noun_phrases(keyword))


def _another_sense_after_article(lowered: str, keyword: str) -> Mention | None:
    """"a bit shy" for the keyword "bit": a past tense after an article is a noun of another
    sense, not what was done; asked for as what was done ("bit my", "got bit")."""
    if not is_past_form(keyword):
        return None
    found = re.search(rf"\b(?:a|an|the|this|that|little)\s+{re.escape(keyword)}\b", lowered)
    if found is None:
        return None
    return Mention(found.group(0), (f"was {keyword}", f"were {keyword}", f"got {keyword}", f"he {keyword}",
                                    f"she {keyword}", f"it {keyword}", f"they {keyword}", f"{keyword} my", f"{keyword} our"))


def _caller_receives(lowered: str, keyword: str) -> Mention | None:
    """"can you give me groceries" on the donations edge: the caller would receive what the verb
    gives, the other side of the exchange ("I'd like to give canned food")."""
    if not mostly_verb(keyword):
        return None
    found = re.search(rf"\b{re.escape(keyword)}\w*\s+(?:me|us)\b", lowered)
    return Mention(found.group(0), verb_phrases(keyword)) if found is not None else None


def _says_which_thing(lowered: str, keyword: str) -> Mention | None:
    """"a return customer", "the gas stove": the keyword before a noun it modifies, after an
    article, says which thing; the turn is about the thing."""
    for found in re.finditer(rf"\b(?:a|an|the|this|that)\s+({re.escape(keyword)})\s+([a-z]+)\b", lowered):
        after = found.group(2)
        if after not in STOPWORDS and after not in GENERIC and len(after) >= 3 and "n" in parts_of_speech(after):
            return Mention(found.group(0), verb_phrases(keyword) if mostly_verb(keyword) else noun_phrases(keyword))
    return None


def _what_the_caller_is(lowered: str, keyword: str) -> Mention | None:
    """"I'm a nurse and I work nights": what the caller is, not whom they ask for."""
    found = re.search(
        rf"\b(?:i'm|i am|we're|we are|i work as|i've been)\s+(?:a|an)\s+(?:[a-z'-]+\s+)?{re.escape(keyword)}\b", lowered
    )
    return Mention(found.group(0), noun_phrases(keyword)) if found is not None else None


def _done_before(lowered: str, keyword: str) -> Mention | None:
    """"I canceled my class on Monday": what the caller did is a report of the past, not what
    they ask for now. For a keyword that is itself a past tense ("I missed the pickup day"), the
    phrases of what others did to the caller's thing ("you missed my street", "was missed")."""
    found = reported_past(lowered, keyword)
    if found is None:
        return None
    if is_past_form(keyword):
        return Mention(found.group(0), (f"was {keyword}", f"were {keyword}", f"got {keyword}", f"you {keyword}",
                                        f"they {keyword}", f"{keyword} my", f"{keyword} our"))
    return Mention(found.group(0), verb_phrases(keyword)[:4])


# a time long past: "a few years back", "two months ago", "last spring", "in 2019", "back in May"
_LONG_AGO = (r"(?:(?:a\s+(?:few|couple(?:\s+of)?)|several|many|\d+|two|three|four|five|six|ten)\s+(?:years?|months?)\s+(?:ago|back)"
             r"|years\s+(?:ago|back)|last\s+(?:year|spring|summer|fall|autumn|winter)|(?:back\s+)?in\s+(?:19|20)\d\d)")


def _long_ago(lowered: str, keyword: str) -> Mention | None:
    """"I was in an accident a few years back", "after my accident in 2019": an event of the
    caller's past, the reason they call now, not the event the pathway handles. Asked for as
    one that just happened ("just had an accident", "an accident with")."""
    if "n" not in parts_of_speech(keyword):
        return None
    found = re.search(
        rf"\b(?:a|an|the|my|our|his|her|their|that)\s+{re.escape(keyword)}s?\b(?:\s+{_NOT_A_CLAUSE}[a-z']+){{0,3}}?\s+{_LONG_AGO}\b",
        lowered,
    )
    if found is None:
        return None
    article = "an" if keyword[:1] in "aeiou" else "a"
    return Mention(found.group(0), (f"just had {article} {keyword}", f"had {article} {keyword} with", f"{article} {keyword} with",
                                    f"there's been {article} {keyword}", f"{keyword} today", f"{keyword} just now"))


# verbs that say a problem was dealt with: the thing is in the past, whatever it was
_DEALT_WITH = (r"(?:fixed|repaired|patched(?:\s+up)?|replaced|resolved|sorted(?:\s+out)?|handled|mended|sealed|solved|"
               r"settled|healed|cleared\s+up|taken\s+care\s+of|looked\s+at|redone)")


# the words between the thing and what was done to it stay in its phrase ("a leak over the
# garage last year that got patched"): no other subject and no new clause ("came back after you fixed it")
_NOT_A_CLAUSE = r"(?!(?:i|you|we|he|she|they|it|after|before|when|until|since|and|but|so|because|then)\b)"


def _dealt_with_already(lowered: str, keyword: str) -> Mention | None:
    """"we had a leak fixed a couple of years ago", "a crack in the windshield that got
    repaired": a problem the caller had and that was dealt with — history, not what they call
    about now. Asked for as a problem there now ("have a leak", "the leak is")."""
    if "n" not in parts_of_speech(keyword):  # "mice" is mouse
        return None
    found = re.search(
        rf"\b(?:a|an|the|that|this|my|our|his|her|their|had|got)\s+{re.escape(keyword)}s?\b(?:\s+{_NOT_A_CLAUSE}[a-z']+){{0,6}}?\s+"
        rf"(?:that\s+|which\s+)?(?:got\s+|was\s+|were\s+|(?:had|has|have)\s+been\s+|been\s+)?{_DEALT_WITH}\b",
        lowered,
    )
    if found is None:
        return None
    return Mention(found.group(0), (f"have a {keyword}", f"got a {keyword}", f"there's a {keyword}", f"{keyword} in",
                                    f"the {keyword} is", f"another {keyword}", f"new {keyword}", f"{keyword} again",
                                    f"{keyword} now", f"{keyword} right now"))


# what comes with an order: "two units with weekly service", "does your price include service?",
# "comes with setup"
_INCLUDED = (r"\b(?:with|include|includes|including|included|plus|comes\s+with|come\s+with)\s+"
             r"(?:[a-z-]+\s+){0,2}")  # "with weekly service", "with the automatic delivery"


def _part_of_an_order(lowered: str, keyword: str) -> Mention | None:
    """"two units for a framing crew, with weekly service": the keyword is a part of what the
    caller orders, not the visit the edge sends for; asked for, it is needed or due ("needs
    service", "overdue for service", "a service call", "come service the unit")."""
    found = re.search(rf"{_INCLUDED}{re.escape(keyword)}\b", lowered)
    if found is None or mostly_verb(keyword) or re.search(r"\b(?:help|problem|problems|trouble|issue|issues)\s*$", lowered[: found.start()]):
        return None  # "I need help with service": asked for after all
    past = f"{keyword}d" if keyword.endswith("e") else f"{keyword}ed"
    asking: tuple[str, ...] = (f"need {keyword}", f"needs {keyword}", f"needed {keyword}", f"due for {keyword}", f"overdue for {keyword}",
              f"{keyword} call", f"come {keyword}")
    if "v" in parts_of_speech(keyword) and not keyword.endswith(("ing", "ed", "s")):
        asking += (f"{keyword} the", f"{keyword} our", f"{keyword} my", f"be {past}", f"been {past}", f"get {past}")
    return Mention(found.group(0), asking)


def _said_in_a_condition(lowered: str, keyword: str) -> Mention | None:
    """"I want to sell 10,000 bushels of beans, if I can lock in a good price": the keyword is
    said in a clause of condition or time ("if", "while", "as long as", "once") after the
    caller's own request ("want to sell"): a circumstance of that request, not what is asked."""
    request = re.search(rf"{_WANTING_TO}[a-z]+", lowered)
    if request is None:
        return None
    found = re.search(rf"\b(?:if|while|as\s+long\s+as|once|provided)\b[^.?!;]*?\b{re.escape(keyword)}\b", lowered[request.end():])
    if found is None:
        return None
    asking = (*noun_phrases(keyword), f"what's the {keyword}", f"what is the {keyword}", f"your {keyword}",
              f"{keyword} today", f"today's {keyword}")
    return Mention(found.group(0), asking, "is said in a condition of the caller's own request, not asked for")


_DETECTORS: tuple[Callable[[str, str], Mention | None], ...] = (
    _said_in_a_condition,
    _owned_or_reported,
    _another_sense_after_article,
    _caller_receives,
    _says_which_thing,
    _what_the_caller_is,
    _long_ago,
    _dealt_with_already,
    _done_before,
    _part_of_an_order,
)


# A request for a new one: the verb wanted ("want to order", "please bill it to"), the thing
# wanted with an indefinite article ("put in an order", "need a crane on site"), or told where
# it is to go ("the invoice should go to the carrier"). Not "have": "we have a crane on site"
# owns one.
_WANTING_TO = r"\b(?:want|wanna|need|needs|like|love|going|trying|hoping|looking|wish|ready)\s+to\s+"
_ASKING_YOU = r"\b(?:please|can\s+you|could\s+you|would\s+you|will\s+you|you\s+can|go\s+ahead\s+and)\s+"
_GETTING_A = (r"\b(?:need|needs|want|wants|like|get|place|put\s+in|make|book|send|bring|set\s+up|run|hold|host|throw|organize)\s+"
              r"(?:a|an|some|another|new|one|two|three|four|five)\s+(?:[a-z'-]+\s+){0,2}?")
_TO_GO = r"\s+(?:should|will|would|needs\s+to|has\s+to|must|is\s+to|can)\s+(?:go|be\s+sent|be\s+mailed|be\s+made\s+out)\b"
# a keyword that says where one is ("on site", "at the job"): asked for as one there already
_WHERE = re.compile(r"(?:on|at|in|inside|out\s+at)\s")


def asked_for_anew(lowered: str, keyword: str) -> Mention | None:
    """"I want to order shirts", "we need a crane on site by Monday", "please bill it to our
    Syracuse office", "the invoice should go to the carrier": the (lower-cased) turn asks for a
    new one — made, brought or sent — where the keyword also names one that exists ("is my order
    ready?", "the crane that's on site", "a bill from you"). Asked for as the existing one: the
    caller's or the business's, one done already, one there now. Any keyword, a phrase too."""
    said = r"\s+".join(re.escape(word) for word in keyword.split())
    verb = " " not in keyword and may_be_verb(keyword)
    found = re.search(rf"{_GETTING_A}{said}\b", lowered) or re.search(rf"\b{said}{_TO_GO}", lowered)
    if found is None and verb:
        found = re.search(rf"(?:{_WANTING_TO}|{_ASKING_YOU}){said}\b", lowered)
    if found is None:
        return None
    why = "asks for a new one, not about one that exists"
    if _WHERE.match(keyword):
        # "on site": one there now ("the crane that's on site", "already on site")
        return Mention(found.group(0), (f"already {keyword}", f"still {keyword}", f"{keyword} now", f"is {keyword}",
                                        f"are {keyword}", f"was {keyword}", f"that's {keyword}", f"it's {keyword}",
                                        f"you have {keyword}", f"you've got {keyword}", f"we have {keyword}"), why)
    # the caller's or the business's ("my order", "your bill"), one a clause says was done ("an
    # order I placed", "the invoice you sent"), one from the business ("a bill from you"), one
    # the caller has ("we have a reservation")
    article = "an" if keyword[:1] in "aeiou" else "a"
    asking: tuple[str, ...] = (f"my {keyword}", f"our {keyword}", f"your {keyword}", f"the {keyword}",
                               f"{keyword} i", f"{keyword} we", f"{keyword} you", f"{keyword} from you",
                               # one the caller holds: "we have a reservation for eight", "I've got a booking"
                               f"have {article} {keyword}", f"got {article} {keyword}", f"had {article} {keyword}")
    if verb:
        past = _past(keyword)
        if is_past_form(past):
            # "I ordered", "you billed us twice": one done already
            asking += (f"i {past}", f"we {past}", f"you {past}", f"already {past}")
    return Mention(found.group(0), asking, why)


def _past(verb: str) -> str:
    """The regular past tense ("order" -> "ordered", "invoice" -> "invoiced"); the caller checks
    it with WordNet, so an irregular verb gives no phrase."""
    if verb.endswith("e"):
        return f"{verb}d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return f"{verb[:-1]}ied"
    return f"{verb}ed"

"""Label routing: which labelled edge (or global node) a caller turn fits, without a model.

Bland-style pathways route by meaning: an edge carries a natural-language `label` (and maybe a
`description`), and the agent takes the edge whose label fits what the caller said. The
offline engine simulates that deterministically with a lexical-semantic score:

* **words**: the caller turn and every label are cut into words; function words and label
  boilerplate ("the caller wants to ...") are dropped; each word becomes its WordNet base
  forms ("lost" -> lose, lost; "cards" -> card) — wordnet.py;
* **synonyms**: two words also match when one is a derivationally related form of the other
  ("cancellation" / "cancel", weight DERIVED; two such hops too: "autopay" / "payment") or
  when they share one of the first SENSES WordNet senses of either word (the most frequent
  sense: SYNONYM_FIRST, enough alone, "misplaced" / "lose"; the second: SYNONYM, supporting
  evidence only), or when the caller's word names a kind, an instance or a part of the label's
  (BROADER, "sedan" / "car"); senses and broader words come only from the parts of speech a
  word is used as in WordNet's tagged corpus ("cat" the animal, not the verb); a word
  capitalised inside a sentence is a name and matches only as written ("by the Target"); two
  adjacent caller words that are one WordNet noun ("fender bender") are also that noun; a few
  phone-call dialogue acts WordNet has no sense for are folded into one token each (CONCEPTS:
  yes, no, a problem, a person to talk to, nothing else, something different, not attending,
  thanks), hedges ("not sure") and call management ("hang on a sec", "wrong number", "I can't
  hear you") are dropped and a self-repair ("no, actually") drops what came before it; "how
  much is" asks a price, "how much do I owe" a balance, "are you open" the hours, "never heard
  of" is not recognizing, and an unknown "-able" adjective is a form of its verb; "how" and a
  measure ("how late", "how long") is one token, the question, not the caller's state; number
  words are counts, dropped like digits; a time word said as when or how long ("last year", "back
  an hour") is supporting evidence only (WHEN);
* **weights**: a label word weighs its inverse document frequency among the candidates of
  the node (the node's labelled edges plus the labelled global nodes), scaled to 0..1: a word
  only one candidate has weighs 1, a word every candidate has weighs almost nothing; words
  of a description weigh DESCRIPTION_WEIGHT of a label's; what the whole pathway says weighs
  too (PathwayWords): a word most of the pathway's labels have weighs less (PATHWAY_IDF), a
  word of the business's name said as "the X" / "our X" in a label ("Emergency at the
  campground") is the business itself (BUSINESS), and a caller word several candidates have
  itself weighs, through another candidate's derived form or synonym, no more than its own
  inverse document frequency ("boat" / "a boater passing through");
* **negation**: "not", "never", a "n't" word negate the next content word of their clause,
  reaching through verbs of wanting ("I don't want to cancel" negates cancel; "I didn't make
  this charge" negates only make, which is boilerplate). A negated caller word that matches
  a label word of the other polarity counts against that label (as much as a match would
  count for it); "Caller doesn't want to cancel" as a label matches the negated caller word.
  "can't", "unable", "no X", negated "work" verbs and a thing that "won't" ("my dishwasher won't
  drain", not "we won't be home") say something is wrong: they
  add the problem token and leave the word itself positive ("I can't log in" fits "Caller
  has trouble logging in"). A negation is raised from "think", "believe", "expect" to what
  is thought ("I don't think anyone's hurt" negates hurt), a negative subject negates its
  predicate through light verbs ("nobody got hurt"), "instead of" negates what follows, and
  the object of a refused action is neither refused nor wanted ("I don't want to cancel my
  policy": the policy is neutral); "too" before an adjective is an objection ("too early"); a
  negated action that a label offers as one of several joined by "or" ("Change or cancel a
  reservation") does not count against it: the label's other option is left; not knowing which
  one ("I don't know what date yet", "not sure which day") gives no date, no day;
* **what a word is said of**: a past tense ("I booked online") reports what a label's wanted
  action ("wants to book") asks for, and counts PAST_REPORT of a match; a label's wanted
  action, or a noun modifying the next one ("the change fee"), said of another noun that fits
  nothing in that label ("book a flight", "change my seat") counts ARGUMENT of a match,
  unless the label's own object is said too, and so do the other role mismatches of
  `_mismatched_objects` (a label's modified noun as the caller's action on something else, a
  label's action as the object of another caller verb, the caller's action on a label's
  object, an action noun as a label's modifier, a noun the label narrows by a noun said bare);
  a caller's wanted action against a label's past form ("a flight they booked") counts
  PAST_REPORT; a passive participle ("the card was declined") is an event, not the caller's
  no, and a passive report ("my flight got cancelled") counts half a past report; a noun after
  an action light verb ("make a reservation") is the label's action, weighed only among the
  labels where that noun is not what another action acts on; a caller's wanted action said of
  a thing nothing in the pathway's text fits ("order a birthday cake" at a florist's) counts
  ARGUMENT;
* **answers**: on a node whose question asks for a yes or a no (its last question starts with
  an auxiliary, or its last clause does: "First, is anyone hurt?"), a bare yes fits the edges
  stated positively and a no the ones stated negatively, or, when an edge says yes ("agrees",
  "accepts"), every other edge; an edge asking
  for something different ("a different time") is stated negatively, one that says yes never
  is; when no edge says yes or no, the one edge that restates the node's question is the yes;
  a caller's own question there fits a label's "question"; a question offering two options
  ("move it to another day, or cancel it altogether?") gives each option's words to the edge
  it shares more words with, and the other option to the other edge; on a node that only informs, an
  acknowledgement fits its one edge; such an implied answer is not scaled by label length; a
  global node answers no node's question, so a yes or a no in its label or description is no word
  of it ("too late to file" is not a "no"); on a node past the start that asks something, a turn
  denying only what one of its two edges says answers with the other ("I didn't send it" / "Caller
  is the recipient"), and a turn that is only a question of the caller's own ("Does the car have
  to be newer?") is no answer: what it shares with the edges counts ARGUMENT;
* **the call itself**: a caller asking whether they reached another business ("Is this the flower
  shop?", "Is this Golden Dragon?") routes nothing; a turn that opens by putting the call on hold
  ("Hold on, let me turn the TV down") says why to the end of its sentence, unless it asks for
  something there; a turn that ends by checking the line ("my bus is pulling up, can you still
  hear me okay?") routes nothing unless it asks for something before; a person asked for by name
  ("Is Linda in today?", "talk to Luis") is a person; an option said back with a pause, then
  something else said of it ("Mail... it's not mail exactly, ..."), is read from the pause on;
* **score**: the sum, over a candidate's words, of weight x how well the caller turn matched
  it (1 for the same base form, DERIVED, SYNONYM; negative for the other polarity). The best
  candidate is taken when its score is at least THRESHOLD, else the turn is unmatched; equal
  scores go to the candidate listed first (node edges in order, then global nodes in node
  order). The same input always routes the same way: no randomness, a fixed lexicon.

A LabelIndex is built once per node (the first time a caller turn is routed on it) and scores
a turn in tens of microseconds (`make bench-routing`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from tornado_operator.engine.sim import wordnet
from tornado_operator.engine.sim.label_age_months import label_age_months, said_age_months
from tornado_operator.engine.sim.label_ages import label_age_range, said_age_or_number
from tornado_operator.engine.sim.label_calendar import label_days_of_year, said_day_of_year
from tornado_operator.engine.sim.label_concepts import (
    CUE_TOKENS,
    NOT_LETTERS,
    OWN_WORDS,
    RETRACTION_TOKENS,
    SELF,
    concepts_said,
    denied_doing,
)
from tornado_operator.engine.sim.label_concepts import (
    NEGATED_BEFORE as _NEGATED_BEFORE,
)
from tornado_operator.engine.sim.label_corrections import (
    corrected,
    echo_set_aside,
    matter_set_aside,
    option_set_aside,
    restarted,
)
from tornado_operator.engine.sim.label_counts import (
    HEAD_COUNT,
    NUMBER,
    label_range,
    person_noun,
    said_count,
)
from tornado_operator.engine.sim.label_durations import (
    NEVER,
    TODAY_AHEAD,
    label_span,
    label_span_ahead,
    label_today,
    said_days_ago,
    said_days_ahead,
)
from tornado_operator.engine.sim.label_frequency import label_days_a_week, said_days_a_week
from tornado_operator.engine.sim.label_heights import label_height, said_height
from tornado_operator.engine.sim.label_lengths import (
    Length,
    label_length,
    label_one_length,
    said_length,
)
from tornado_operator.engine.sim.label_money import label_money, said_money
from tornado_operator.engine.sim.label_percents import label_percent, said_percent
from tornado_operator.engine.sim.label_places import label_regions, said_regions
from tornado_operator.engine.sim.label_rates import (
    HoursRate,
    label_hours_beside,
    label_rate,
    said_rate,
)
from tornado_operator.engine.sim.label_things import (
    ThingRange,
    label_thing_range,
    said_things,
    square_feet,
)
from tornado_operator.engine.sim.label_times import label_hours, said_hour
from tornado_operator.engine.sim.label_timing import label_timing, said_done
from tornado_operator.engine.sim.label_timing import opposed as opposed_sides
from tornado_operator.engine.sim.label_years import SaidYear, label_years, said_year

THRESHOLD = 0.5  # below: the turn is unmatched (reprompt / retry rules apply)
DESCRIPTION_WEIGHT = 0.7  # a description word counts this much of a label word
DERIVED = 0.85  # "cancellation" for "cancel"
SYNONYM = 0.45  # a shared WordNet sense: supporting evidence, never enough alone (below THRESHOLD)
LENGTH_NORM = 0.3  # BM25's b: how much a candidate with many words is scaled down
ARGUMENT = 0.5  # a label's action said of another object ("book a flight" / "book an appointment")
PAST_REPORT = 0.5  # a caller's past-tense verb for a label's wanted action ("I cancelled" / "wants to cancel")
SYNONYM_FIRST = 0.55  # a synonym in the word's most frequent sense: the sense a caller most likely means
WHEN = 0.45  # a time word saying when or how long ("last year", "back an hour"): supporting evidence only
SENSES = 2  # how many of a word's most frequent senses (per part of speech) give synonyms
PATHWAY_IDF = 0.2  # how much a label word's inverse document frequency among all the pathway's labels counts
COUNT = 1.0  # a count the caller said inside a label's range ("four of us" / "Up to five riders"): enough alone
PLACE_WEIGHT = 0.5  # a global label's word for where its matter happens ("emergency *on a bus*"), not what it is
BUSINESS = 0.5  # a label word naming the business itself ("at the campground" at Pine Hollow Campground)
SOMETHING_ELSE_ASKED = 0.5  # a caller's own question, for the one edge of "or something else?" (never ahead of an option it names)

# Phone-call dialogue acts WordNet does not relate: each phrase becomes one token.
# a decision put off: #done in a turn; in a label, the okay before it is no yes (_label_words)
# (a verb of weighing something with what is weighed: "talk it over", "think on it", "chew on that",
# "sleep on it", "pray about it")
_PUT_OFF_PHRASES = (
    *(f"{verb} {what} over" for verb in ("talk", "think", "mull", "chew") for what in ("it", "that", "this", "things")),
    *(f"{verb} {preposition} {what}" for verb in ("think", "sleep", "chew", "mull", "pray")
      for preposition in ("on", "about") for what in ("it", "that", "this", "things")),
)
CONCEPTS: dict[str, tuple[str, ...]] = {
    "#yes": (
        "yes", "yeah", "yep", "yup", "yea", "sure", "okay", "ok", "alright", "absolutely", "definitely",
        "certainly", "correct", "affirmative", "agree", "agrees", "agreed", "accept", "accepts", "confirm",
        "confirms", "confirmed", "of course", "go ahead", "sounds good", "that works", "please do",
        "that's right", "that is right", "that's correct", "that is correct", "yes please", "looks good",
        "sounds great", "perfect",
        # "That's fair, let's do it", "let's go for it": the offer taken
        "let's do it", "let's do that", "let's go for it", "let's go with that", "let's make it happen",
        "count me in", "count us in",
        # "That's fine, put us down for the week of the 14th", "pencil me in": the offer taken, a time given
        "put me down for", "put us down for", "pencil me in", "pencil us in",
    ),
    "#no": (
        "nope", "nah", "negative", "no thanks", "no thank you", "not really", "not at all", "don't think so",
        "do not think so", "rather not", "not now", "not today", "not right",
        "no good", "doesn't work for me", "that doesn't work", "not yet",
        "not at the moment", "not right now", "not at this time",
    ),
    "#problem": (
        "problem", "problems", "issue", "issues", "trouble", "troubles", "error", "errors", "fail", "fails",
        "failed", "failing", "failure", "broken", "unable", "glitch", "difficulty", "difficulties",
        "malfunction", "malfunctioning", "not working", "stopped working",
        # "she's having a rough time", "he's struggling with the language": someone's trouble
        "hard time", "rough time", "tough time", "rough patch", "struggling", "struggles",
    ),
    "#person": (
        "representative", "rep", "agent", "human", "person", "operator", "real person", "live person",
        "live agent", "someone real", "actual person", "staff member",
        # "someone" is a function word, but speaking to someone is asking for a person
        "speak to someone", "speak to somebody", "speak with someone", "speak with somebody", "talk to someone",
        "talk to somebody", "talk with someone", "talk with somebody",
        # "can I speak to whoever does the billing?": the person who does it
        "speak to whoever", "speak with whoever", "talk to whoever", "talk with whoever", "put me through to whoever",
        "connect me with whoever", "connect me to whoever", "transfer me to whoever",
    ),
    "#done": (
        "that's all", "that is all", "that's it", "that is it", "nothing else", "all set", "i'm done",
        "i am done", "i'm good", "i am good", "no more", "goodbye", "bye", "good bye", "that's everything",
        "that is everything", "that'll be all", "that will be all", "i'm all set", "we're all set", "we're good",
        "i'm fine", "i am fine", "we're fine",  # "I'm fine, thanks": nothing more wanted
        "i'm set", "i am set", "we're set", "we are set",  # "Nope, I'm set" (a label's way of "all set")
        # "I'll call back after payday": nothing more on this call
        "i'll call back", "i will call back", "i'll call you back", "i will call you back", "we'll call back",
        "we'll call you back", "we will call you back", "run it by",
        "i'll get back to you", "i will get back to you", "get back to you", "get back to y'all",
        # "I'll pass that along to the principal": the answer taken to whoever decides, nothing more now
        "pass that along", "pass it along", "pass this along", "pass that on to", "pass it on to",
        # "Let me bring that to the board meeting on Tuesday": the decision someone else's, nothing more now
        *(
            f"{verb} {what} to {whom}"
            for verb in ("bring", "take", "run")
            for what in ("it", "that", "this")
            for whom in ("the board", "the committee", "the council", "my boss", "my husband", "my wife", "my partner",
                         "the owner", "our board", "our committee")
        ),
        # "I'll talk it over with my wife", "Alright, I'll mull it over": a decision put off, nothing more now
        *_PUT_OFF_PHRASES, "let me think about it",
        # "Okay, Thursday morning it is, see you then": a goodbye
        "see you then", "see you soon", "see you later", "see ya then", "talk to you later", "talk soon",
        # a label's way of saying it: "Caller is finished", "Caller is done"
        "is finished", "are finished", "i'm finished", "i am finished", "we're finished", "is done", "are done",
        "we're done", "all done",
        # "no, I don't need anything else", "no, that answers it"
        "don't need anything else", "do not need anything else", "that answers it", "that answers my question",
        # "Perfect, that's what I needed": the answer was what the caller called for
        "that's what i needed", "that is what i needed", "that's what i wanted to know",
        "that's what i needed to know", "that's all i needed to know",
        # "Okay, thanks, that's about what I figured": the answer was as expected, nothing more
        "that's what i figured", "about what i figured", "that's what i expected", "about what i expected",
        "that's all i needed", "that is all i needed", "nothing more",
        # "Thank you, that's really all I needed", "that's about it": the same, hedged
        *(f"that's {hedge} {what}" for hedge in ("really", "about", "pretty much", "just about") for what in ("all", "it")),
        # "No, that covers it", "No, that was it" (a label's way): nothing more
        "that covers it", "that covers everything", "that was it", "that was all", "that'll do", "that will do",
        "don't have anything else", "do not have anything else", "haven't got anything else",
        # "I don't have any other questions", "no more questions": none left to ask
        *(
            f"{lead} {which} {question}"
            for lead in ("no", "don't have any", "do not have any", "haven't got any", "don't have")
            for which in ("other", "more", "further")
            for question in ("question", "questions")
        ),
    ),
    # Coming in unannounced: "Do you take walk-ins?" / "can I just show up?", "without an appointment"
    "#walkin": (
        "walk in", "walk-in", "walk-ins", "walkin", "walkins", "walk right in", "show up", "just come in",
        "drop in", "stop in", "without an appointment", "without appointment",
    ),
    # Thanks for what the agent said: an acknowledgement
    "#thanks": ("thank you", "thanks", "thank u", "thx", "that helps", "that's helpful", "that is helpful"),
    # Asking for something other than what was offered or named: on a yes/no question, an edge
    # for "a different time" is the "no" edge; a caller's "instead" fits it.
    "#other": (
        "different", "instead", "alternative", "something else", "someone else", "somebody else",
        "somewhere else", "elsewhere",
        # "oh, one more thing": something besides what was asked
        "one more thing", "one other thing", "another thing", "one last thing",
        # "A couple more things", "a few other questions": several besides what was asked
        *(f"{few} {more} {things}" for few in ("couple", "few", "couple of") for more in ("more", "other")
          for things in ("things", "questions")),
        "one more",  # only where it ends its clause: "no wait, there's one more" (not "one more ticket")
        # besides what was said: "Wait, there's more", "While I have you, ...", "I'm also wondering about ..."
        "there's more", "there is more", "while i have you", "while i've got you", "also wondering", "also wanted to ask",
        # not finished yet: "I'm almost all set, just one more thing", "I'm not done yet"
        "almost all set", "almost done", "not done", "not quite done", "not finished", "not all set", "not quite finished",
    ),
    # Not attending what was booked: "we can't make it", "I'm not going anymore" (not "can't make it
    # on time": that is being late). It fits a label's act of cancelling and "can't attend".
    "#absent": (
        "can't make it", "won't make it", "won't be able to make it", "not be able to make it", "not able to make it",
        "unable to make it", "not going to make it", "not gonna make it", "couldn't make it", "can't attend",
        "unable to attend", "not able to attend", "won't be able to attend", "won't be attending", "not attending",
        "not going anymore", "not coming anymore", "can't go anymore", "can't come anymore", "won't be coming",
        "can't be there", "won't be there", "not be able to come", "not able to come",
        # bare, only when it ends its clause: "so we can't go." (not "I can't go online")
        "can't go", "can't come", "cannot go", "cannot come",
    ),
    # Markers, not tokens: a retraction drops what the caller said before it ("I want to cancel...
    # actually never mind, it's just slow"); a refusal says no to what follows it.
    "!retract": (
        "never mind", "nevermind", "actually no", "on second thought", "scratch that", "wait no", "no, actually",
        "no, wait", "or rather", "wait, actually", "wait actually",
        # a "no" taken back at once: "no wait, one more thing", "no... hang on, there is something"
        *(f"no{pause} {hold}" for pause in ("", ",", "...", " ...") for hold in ("wait", "hold on", "hang on")),
        # an answer taken back: "That's all... oh wait, no, one more thing"
        "wait, no", "oh wait, no", "oh, wait, no", "actually, no", "oh, actually, no",
    ),
    "!refuse": (
        "decline", "declines", "refuse", "refuses", "reject", "rejects", "turn down", "turns down",
        "not interested", "no interest",
        # putting it off: "hold off on the replacement" is not now
        "hold off on", "hold off",
    ),
    # how, not who: "I'd rather drop it off in person", "can I pay in person?" ask for no person
    # (a marker of its own, which only a label's "in person" shares)
    "!manner": ("in person", "in-person"),
    # Not knowing something, said without a word WordNet relates to "recognize": "a charge I've never heard of"
    "!unknown": (
        "never heard of", "never heard about", "not heard of", "haven't heard of", "hasn't heard of",
        "never seen before", "doesn't ring a bell", "don't ring a bell",
    ),
    "!refused": ("declined", "refused", "rejected", "turned down"),  # an event: no, and nothing negated
    # A hedge is neither a yes nor a no ("I'm not sure" is not "not okay"): dropped.
    # Managing the call, not saying what it is about: dropped ("hang on a sec" is not about hours).
    "!hold": (
        "hang on", "hold on", "hang on a sec", "hang on a second", "hold on a sec", "hold on a second",
        "one sec", "one second", "a sec", "just a sec", "just a second", "one moment", "just a moment",
        "give me a sec", "give me a second", "give me a moment", "bear with me", "wrong number",
        "hold on a minute", "hang on a minute", "just a minute", "one minute", "oh wait", "oh, wait", "wait, wait",
        # asked of the agent: "can you hold a minute?" (hold alone is what a turn is about: "hold my mail")
        "hold a minute", "hold a sec", "hold a second", "hold a moment", "hold one minute", "hold one sec",
        "hold one second", "hold for a minute", "hold for a sec", "hold for a second", "hold for a moment",
        # the line itself: "Hello? I can't hear you."
        "can't hear you", "can you hear me", "you're breaking up", "you are breaking up", "are you there",
        "can't hear a thing", "can't hear anything", "can barely hear you", "can hardly hear you",
        "are you still there", "is anyone there", "i lost you", "did i lose you", "you cut out", "you're cutting out",
        "i lost you for a second", "i lost you for a sec", "you cut out for a second",
        "bad connection", "bad line",
    ),
    "!hedge": (
        "not sure", "not certain", "not positive", "unsure", "no idea", "no clue", "don't know", "do not know",
        "dunno", "not sure yet",
        # "I can't tell, it's wrapped in tape", "hard to say": not knowing, said another way
        "can't tell", "cannot tell", "couldn't tell you", "could not tell you", "hard to say", "beats me",
    ),
}
_STOPWORD_TEXT = """
    a about above after again against all am an and any are aren't as at be because been before being
    below between both by could did do does doing during each few for from further had has have
    having he her here hers herself him himself his how i i'd i'll i'm i've if in into is it it's its
    itself let's me more most my myself nor of off on once only or other ought our ours ourselves out
    over own same she should so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until till til up very was
    we we'd we'll we're we've were what what's when where which while who whom why with would you
    you'd you'll you're you've your yours yourself yourselves
    caller callers user customer client someone somebody their they guys
    want wants wanted wanting wanna need needs needed wish wishes like likes would please
    ask asks asked asking say says said saying tell tells told mention mentions mentioned indicate
    indicates indicated request requests requested state states stated express expresses expressed
    call calls calling called phone speak talk talking describe describes described describing explain
    explains explained explaining
    help hi hello hey um uh er hmm oh well just really actually basically so also maybe kind sort
    thanks thank got get gets getting go goes going gone make makes made can will shall may might must
    something anything thing things way able also still even now currently
    whether yet already anymore ago ever else either etc okay via per
    anyone anybody everyone everybody
    one ones two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand dozen
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Verbs a negation reaches through ("I don't want to cancel" negates cancel).
_VOLITION = frozenset(
    ["want", "wants", "wanted", "wanting", "wanna", "need", "needs", "needed", "wish", "wishes", "like", "plan", "plans", "planning", "intend", "intending", "mean", "meant", "care", "try", "trying", "tried", "hope", "hoping", "ask", "asking", "call", "calling", "look", "looking", "going", "gonna", "interested", "able", "supposed"]
)
# Verbs that absorb a negation ("I don't have my card": the card is still what it is about).
_LIGHT = frozenset(
    ["have", "has", "had", "having", "get", "gets", "got", "getting", "make", "makes", "made", "do", "does", "did", "see", "sees", "saw", "know", "knew", "think", "thought", "use", "used", "go", "goes", "went", "take", "took", "give", "gave", "put", "say", "said", "tell", "told", "set", "sets", "come", "comes", "came", "let", "lets"]
)
# Light verbs whose object noun names the action ("make a payment", "get a refund"), unlike "have"
# or "see" ("I had labs drawn", "sees a charge"): the noun is what is done.
_ACTION_LIGHT = frozenset(["make", "makes", "made", "do", "does", "did", "take", "takes", "took", "give", "gives", "gave", "get", "gets", "got", "getting"])
# Verbs a negation is raised from: "I don't think anyone's hurt" says nobody is hurt.
_NEG_RAISING = frozenset(["think", "thought", "believe", "believed", "suppose", "expect", "guess", "reckon", "seem", "seems", "seemed"])
# Before a participle, these make it a passive: "was declined" is an event, not the caller's no.
_PASSIVE = frozenset(["is", "was", "were", "are", "been", "be", "being", "got", "gets", "get", "getting", "keeps"])
# Negative subjects negate their clause's predicate, through light verbs: "nobody got hurt".
_NEGATIVE_SUBJECTS = frozenset(["nobody", "nothing", "none", "neither"])
# Negated, these say something is broken ("my internet isn't working").
_MALFUNCTION = frozenset(["work", "working", "works", "worked", "function", "functioning", "load", "loading", "connect", "connecting", "respond", "responding"])
_NEGATIONS = frozenset(["n't", "not", "never", "no", "without", "nothing", "none", "neither", "nor", "nobody"])
_INABILITY = frozenset(["ca", "can", "could"])  # + n't: "can't log in" ("won't" is also a refusal)
_ANSWER_VERBS = frozenset(["say", "says", "said", "answer", "answers", "answered", "reply", "replies", "replied"])
_BOUNDARY_WORDS = frozenset(["but", "though", "although", "however", "instead", "rather", "because", "except", "and", "or", "then", "just"])
_SUBJECTS = frozenset(["i", "i'm", "i'd", "i've", "we", "you", "he", "she", "they", "it's", "that's"])  # a new clause
_BOUNDARY = frozenset(".,;:!?")
_PREFIXES = frozenset(["auto", "e", "re", "pre", "self", "tele", "co", "sub", "over", "under", "multi", "non"])
_NEGATIVE_TOKENS = frozenset(["#no", "#done", "#problem", "#other"])
_CANCELLING = frozenset(["cancel", "cancellation"])
_ANSWERS = frozenset(["#yes", "#no"])  # a yes or a no answers the node's question: never a global node's word  # what not attending asks for
ASKS = "#asks"  # the caller asks a question of their own (a sentence ending in "?")  # a label with one of these is a "no" answer

# a relative by marriage is one word ("my mother-in-law", "the in-laws", "my ex-wife"), not a
# "law" or a "wife" of the caller's
_RAW = re.compile(r"n't|(?:[a-z]+-)?in-laws?\b|ex-(?:wife|husband|wives|husbands|partner|boyfriend|girlfriend)\b|[a-z0-9]+(?:'[a-z]+)?|[.,;:!?]")
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b|\bcannot\b|\bcant\b"), "can n't"),
    (re.compile(r"\bwon't\b|\bwont\b"), "will n't"),
    (re.compile(r"n't\b"), " n't"),
    (re.compile(r"\bno[- ]one\b"), "nobody"),
    (re.compile(r"\b(do|does|did|is|was|are|were|have|has|had|would|could|should|must|need)nt\b"), r"\1 n't"),
)
_WORDNET_WORD = re.compile(r"^[a-z][a-z-]*$")


def _phrase_table() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> [(phrase words, concept)], longest phrases first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for concept, phrases in CONCEPTS.items():
        for phrase in phrases:
            words = tuple(_RAW.findall(_split_contractions(phrase)))
            table.setdefault(words[0], []).append((words, concept))
    for entries in table.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return table


def _split_contractions(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    if "nt" not in text and "n't" not in text and "no" not in text:
        return text  # no contraction to split and no "no one" (most texts: the five patterns cost more)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


_PHRASES = _phrase_table()
# the phrases that take back what came before (CONCEPTS["!retract"]), as text: the concepts read from
# a turn's text (_words) are read from the last of them on
_RETRACTION = re.compile(
    "(?<![a-z])(?:" + "|".join(re.escape(phrase) for phrase in sorted(CONCEPTS["!retract"], key=len, reverse=True)) + ")(?![a-z])",
    re.IGNORECASE,
)


def _since_retraction(text: str) -> str:
    """The text after the last phrase that takes back what came before it, or all of it."""
    ends = [found.end() for found in _RETRACTION.finditer(text)]
    return text[ends[-1]:] if ends else text


class Word(NamedTuple):
    """One content word of a text (or a concept token), with its polarity. (A named tuple, not a
    frozen dataclass: a turn makes several, and a frozen dataclass's constructor costs four times
    as much: ~15 % of the tokenising time.)"""

    surface: str  # as said ("misplaced"), or the concept ("#no")
    negated: bool
    past: bool = False  # a past form of a verb ("cancelled"): the caller reports it happened
    intent: bool = False  # follows "to" ("wants to cancel"): a label asks for the action
    obj: tuple[str, ...] = ()  # the noun phrase right after it: a verb's object, a modifier's head
    next: str = ""  # the token right after it
    action: bool = False  # a noun after a light verb ("make a reservation"): the action itself
    passive: bool = False  # a participle after "was", "got" ("my flight got cancelled"): it happened to the caller
    name: bool = False  # capitalised inside a sentence ("the Target on Main"): a name, matched as written only
    when: bool = False  # a time word in an expression of when or how long ("last year", "an hour", "two weeks ago")


_ASKED = Word(ASKS, False)
_HELD = Word("#held", False)  # marks a turn that opened by putting the call on hold (_plain_words)
# a question about the line itself asks nothing of the business: "Hello? Are you still there?"
# the line checked at a turn's end: "can you still hear me okay?", "are you still there? hello?"
_LINE_CHECK_AT_END = re.compile(
    r"\b(?:(?:can|could|do)\s+you\s+(?:still\s+)?hear\s+me(?:\s+(?:okay|ok|alright|all\s+right|now|at\s+all|there))?"
    r"|are\s+you\s+(?:still\s+)?(?:there|with\s+me)|did\s+i\s+lose\s+you|is\s+anyone\s+there)\s*\?(?:\s*hello\s*\?)*\s*$",
    re.IGNORECASE,
)
# a turn that opens by excusing itself for where the caller is or who is there ("Sorry, I'm at the
# bank drive-through", "Hang on one second, my wife's saying something", "Sorry, someone's handing
# out water at the door") and pauses: what follows the pause is said to someone there
_A_MOMENT = r"(?:hang\s+on|hold\s+on|one\s+sec(?:ond)?|just\s+a\s+(?:sec|second|minute))"  # asking the line to wait
_EXCUSE_OPENING = rf"^\W*(?:(?:oh|um|uh|er)\W+)?(?:sorry|{_A_MOMENT})\b"  # "Sorry, ...", "Oh, hang on, ..."
_ASIDE = re.compile(
    rf"{_EXCUSE_OPENING}[^.?!\u2026]{{0,40}}?"
    r"\b(?:i'm\s+(?:at|in|on)\s+(?:the|a|my)|(?:someone|somebody)(?:'s|\s+is)|there's\s+(?:someone|somebody)"
    r"|(?:my|the)\s+(?:wife|husband|son|daughter|kid|kids|mom|dad|boss|neighbor|baby|toddler|grandson|granddaughter|grandkids"
    r"|mother|father|sister|brother|dog|dogs)(?:'s|\s+is|\s+are)"
    r"|(?:the|a)\s+(?:nurse|doctor|teller|cashier|clerk|pharmacist)(?:'s|\s+is))"
    r"[^.?!\u2026]*(?:\.\.\.|\u2026)",
    re.IGNORECASE,
)
_PAUSE = re.compile(r"\.\.\.|\u2026")
# an excuse for a pause, then nothing but the caller coming back ("Sorry, the kettle's whistling...
# hang on... okay", "Sorry, my battery's almost gone, let me find the charger... okay, okay, I'm
# here"): nothing said to the line yet
_EXCUSED = re.compile(_EXCUSE_OPENING, re.IGNORECASE)
_ONLY_COMING_BACK = re.compile(
    r"^(?:\W|okay|ok|alright|all\s+right|sorry(?:\s+about\s+that)?|i'm\s+(?:back|here)|i\s+am\s+(?:back|here)|go\s+ahead"
    rf"|where\s+were\s+we|{_A_MOMENT}|so|um|uh|there)*$",
    re.IGNORECASE,
)
# what follows the pause turns back to the line: "... sorry about that, I need ...", "... okay, I'm back"
# ("thank you", "bless you" are said to the one there)
_ASIDE_BACK = re.compile(r"\b(?:sorry\s+about\s+that|i'm\s+back|where\s+were\s+we|(?<!thank )(?<!bless )you|your|y'all)\b", re.IGNORECASE)
# the caller asking what the agent's question meant: "you mean the continuing ed?", "do you mean right
# now, or ...?", "Which employer, the temp agency or the factory?", "Text messages on which phone,
# mine or my husband's?" (a question of which one the agent meant, at the turn's start)
_YOU_MEAN = re.compile(r"\b(?:you|do\s+you|did\s+you)\s+mean\b[^?.!]*\?", re.IGNORECASE)
# (the thing the question named, then the choices: not "Which car is coming, the white one or ...?",
# a question of the caller's own)
_WHICH_ONE = re.compile(r"^\W*(?:[\w']+(?:\s+[\w']+){0,3}\s+)?which\s+[\w']+\s*,[^?.!]*\bor\b[^?.!]*\?", re.IGNORECASE)
# what a caller wants, said before a line check: "I need ...", "I'd like to ...", "can I ..."
_WANTS_SOMETHING = re.compile(
    r"\b(?:need|needs|want|wants|wanted|like\s+to|looking\s+(?:for|to)|calling\s+(?:about|to|for)|can\s+i|could\s+i|i'd\s+like)\b",
    re.IGNORECASE,
)
# a yes or a no said as the question's verb alone, its subject before it ("He doesn't, his ran out
# last year", "She does", "We haven't yet", "They did, back in May"), not trailing off ("I have...
# well, ...") nor taken back ("I was, but it lapsed")
_BARE_VERB_ANSWER = re.compile(
    r"^\W*(?:(?:um|uh|well|oh|hmm),?\s+)?(?:he|she|they|we|i|it|you)\s+(?:do|does|did|is|are|was|were|has|have|had|can|will|am)"
    r"(n't|\s+not)?(?:\s+(?:yet|already|though|actually|too))?\s*(?:[,;!]|\.(?!\.)|$)(?!\s*but\b)",
    re.IGNORECASE,
)
# the answer acknowledged and thanked for, maybe read back first, to end the turn ("Ten gallons, got
# it, thanks so much", "Perfect, thank you", "Huh, so yellow's gas, good to know, thanks"): on a node
# that asks something and has an edge for being done, the caller is done
_ACKNOWLEDGED = re.compile(
    r"(?:^|[,.;!]\s*|\s)(?:(?:okay|ok|alright|all\s+right|perfect|great|got\s+it|good\s+to\s+know|wonderful|awesome|understood"
    r"|noted|makes\s+sense|i\s+see|gotcha|that\s+helps|(?:i\s+think\s+)?that's\s+(?:everything|all|it))[,.!]?\s+)+"
    # the caller's own next step said between ("Great, I'll look at the tracker tonight, thanks")
    r"(?:i'll\s+[^,.;!?]{1,40}[,.!]?\s+)?"
    r"(?:thanks|thank\s+you|(?:i\s+)?appreciate\s+it|much\s+appreciated)"
    # ... and what for ("Thank you for being so kind")
    r"(?:\s+(?:so\s+much|a\s+lot|very\s+much|again|kindly))?(?:\s+for\s+[^.?!,;]{1,40})?[.!\s]*$",
    re.IGNORECASE,
)
# ... unless the caller takes the offer or asks for something in the same turn
_TAKES_SOMETHING = re.compile(
    r"\b(?:yes|yeah|yep|sure|please|that\s+works|sounds\s+good|let's|go\s+ahead|sign\s+(?:me|us)\s+up|book|but|also)\b",
    re.IGNORECASE,
)
_LINE_CHECKS = re.compile(
    r"\b(?:hello|are\s+you\s+(?:still\s+)?there|can\s+you\s+hear\s+me|is\s+anyone\s+there|did\s+i\s+lose\s+you"
    # asking what the agent said: no question of the caller's own ("what do you mean?", "sorry, come again?")
    r"|what\s+do\s+you\s+mean|come\s+again|say\s+that\s+again|what\s+was\s+that|pardon)\s*\?", re.IGNORECASE
)


def words(text: str) -> tuple[Word, ...]:
    """The content words of a caller turn or a label, negation applied (see the module docstring)."""
    return _words(text)


def clear_turn_cache() -> None:
    """Forget the words of every text seen (benchmarks: measure tokenising too)."""
    _words.cache_clear()


_CAPITALISED = re.compile(r"(?<![A-Za-z'])([A-Z][A-Za-z]*)")
_SENTENCE_START = re.compile(r"(?:^|(?<!\b(?:Dr|Mr|Ms|St|Mt))(?<!\bMrs)(?<!\bProf)[.!?:;\"(]|\n)\s*$")  # "Dr. Sellers": a title, no sentence end


def _names(text: str) -> frozenset[str]:
    """The words capitalised inside a sentence ("my daughter goes to Lincoln", "by the Target"):
    names, not the common words they spell, so WordNet's senses of the common word do not apply."""
    if text == text.lower():
        return frozenset()  # no capital at all (cheaper than looking for one)
    found = set()
    for match in _CAPITALISED.finditer(text):
        word = match.group(1)
        if word in ("I", "I'm", "I'd", "I'll", "I've") or _SENTENCE_START.search(text, 0, match.start()):
            continue
        found.add(word.lower())
    return frozenset(found)


# an acronym spelling a stop word, said in capitals in a sentence that is not: "handle our IT"
_ACRONYMS = {"IT": "information technology", "ER": "emergency room"}
_ACRONYM = re.compile(r"\b(?:IT|ER)\b")
# "a 10-person team": what kind of team, no person asked for
_SIZED = re.compile(r"\b(\d+|(?!in-)[a-z]+)-(person|man|woman)\b", re.IGNORECASE)  # (not "in-person": how one comes)
# a verb with "off" or "out", together or around a short object: "call the whole thing off", "call
# off the party", "came out orange" (WordNet's verb, when it has one: "call off" is cancel; "up" and
# "back" were tried too: "sign up", "get back", "come up" pulled turns to the wrong edges)
_PHRASAL = re.compile(
    r"\b([a-z]+)\s+(?:(?:it|that|this|them|everything|the\s+(?:whole\s+)?[a-z]+)\s+)?(off|out)\b"
)


# a place's name of more than one word, a common word ending it ("a camp up on Lost Pond", "out on
# Broken Bow Road", "the Willow Creek Inn"): its words name the place, not what they spell
_PLACE_NAME = re.compile(
    r"\b((?:[A-Z][a-z']*\s+)+(?:Pond|Lake|Road|Street|Creek|River|Park|Avenue|Drive|Lane|Hill|Hills|Valley|Ridge|Springs"
    r"|Falls|Point|Bay|Island|Canyon|Mountain|Boulevard|Way|Trail|Highway|Hollow|Inn|Mall|Plaza|Square|Heights|Harbor"
    r"|Beach|Woods|Forest|Meadows?|Estates|Crossing|Bend|Gap|Mesa|Flats|Marsh|Bluff|Grove|Pike|Parkway"
    # a building or a business by its name ("the Ghost Sign Lofts", "Willow Creek Inn")
    r"|Lofts|Apartments|Towers?|Building|Hall|Hotel|Motel|Lodge|Manor|Terrace|Village|Commons|Center|Centre|Church|School"
    r"|Farms?|Ranch|Acres|Station|Market|Cafe|Diner|Tavern|Grill|Bakery|Mill|Works|Depot|Plant))\b"
)


_TWO_CAPITALS = re.compile(r"[A-Z][a-z']*\s+[A-Z]")


def place_names(text: str) -> dict[str, str]:
    """The words that say which place, of a place named inside a sentence by more than one word
    ("we're out on Lost Pond": lost), each with the whole name ("lost pond"): they count for a label
    that names the place, not for one that says the common word ("Someone lost in the woods")."""
    if _TWO_CAPITALS.search(text) is None:
        return {}  # (most turns: no two capitalised words in a row)
    inside = _names(text)
    found: dict[str, str] = {}
    for match in _PLACE_NAME.finditer(text):
        tokens = match.group(1).lower().split()
        if len(tokens) >= 2 and all(token in inside for token in tokens):
            # the last word says what kind of place ("on Maple Street": a street), the words
            # before it only which
            phrase = " ".join(tokens)
            for token in tokens[:-1]:
                found.setdefault(token, phrase)
    return found


def _phrasal_verbs(text: str, said: Sequence[Word]) -> tuple[Word, ...]:
    lowered = text.lower()
    if "off" not in lowered and "out" not in lowered:
        return ()  # neither particle (most texts)
    found: list[Word] = []
    for match in _PHRASAL.finditer(lowered):
        verb, particle = match.groups()
        if any(phrase[:2] == (verb, particle) for phrase, _ in _PHRASES.get(verb, ())):
            continue  # a dialogue act already ("hold off on": a no)
        phrasal = _phrasal_verb(verb, particle)
        if phrasal:
            found.append(Word(phrasal, next((word.negated for word in said if word.surface == verb), False)))
    return tuple(found)


@lru_cache(maxsize=16384)
def _phrasal_verb(verb: str, particle: str) -> str:
    """WordNet's verb for a verb form and its particle ("called", "off": "call off"), or ""."""
    lexicon = wordnet.open_default()
    return next((f"{form} {particle}" for form, pos in lexicon.base_forms(verb) if pos == "v" and lexicon.offsets(f"{form} {particle}", "v")), "")


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[Word, ...]:
    if _ACRONYM.search(text) and not text.isupper():
        text = _ACRONYM.sub(lambda found: _ACRONYMS[found.group(0)], text)
    text = _SIZED.sub(lambda found: f"{found.group(1)} {found.group(2)}s", text) if "-" in text else text
    lowered = text.lower()
    tokens = frozenset(lowered.translate(NOT_LETTERS).split())  # (concepts below are looked for only where their words are)
    if "sq" in lowered:
        text = square_feet(text)  # "2,000 sq ft" and "two thousand square feet": one unit, no word of its own
    if "week" in lowered:
        text = _WORK_WEEK_WORDS.sub("workweek", text)  # one word: "can't be during the work week" is no malfunction
    names = _names(text)
    said = _plain_words(text)
    if _HELD in said:
        # "Hold on, the dog got out, one sec": the held sentence says nothing, its "got out" neither
        said = tuple(word for word in said if word != _HELD)
        end = re.search(r"[.!?]", text)
        said = (*said, *_phrasal_verbs(text[end.end():], said)) if end is not None else said
    else:
        said = (*said, *_phrasal_verbs(text, said))
    if names:
        said = tuple(word._replace(name=True) if word.surface in names else word for word in said)
        if any(_named(match) in names and not _word_surname(match) for match in _NAMED_PERSON.finditer(text)):
            said = (*said, Word("#person", False))  # "Is Linda in today?", "can I talk to Luis?": a person asked for
    if _PERSON_WORD not in said and (
        any(person_noun(_named(match)) for match in _PERSON_ASKED_FOR.finditer(text))
        or (not tokens.isdisjoint(_PASSED_ON_TOKENS) and _PASSED_ON.search(text))
    ):
        said = (*said, Word("#person", False))  # "is the winemaker around?", "put me through to someone"
    # (each looked for only where its telling word is: most turns have none)
    if "need" in lowered and _NOT_NEEDED.search(text):
        said = (*said, Word("#absent", False))  # "I don't need the stone anymore", "we won't need it at all now"
    if " off " in lowered and _OFF_THE_BOOKS.search(text):
        said = (*said, Word("cancel", False))  # "please just take us off the calendar"
    if not tokens.isdisjoint(CUE_TOKENS):
        # read from the caller's last retraction on, as the words are: "I want to pause my
        # membership, no wait, actually no, cancel it" pauses nothing
        kept = _since_retraction(text) if not tokens.isdisjoint(RETRACTION_TOKENS) else text
        concepts = concepts_said(kept, tokens)
        own = [OWN_WORDS[surface] for surface, _ in concepts if surface in OWN_WORDS]
        if own:
            # (the word that says it, "pause", "freezing", "private", is the concept: no word more of the text)
            said = tuple(word for word in said if not any(pattern.fullmatch(word.surface) for pattern in own))
        if (SELF, True) in concepts:
            # "I'm not putting it up myself": who does it is denied, not the putting up
            denied = denied_doing(kept)
            said = tuple(word._replace(negated=False) if word.negated and word.surface in denied else word for word in said)
        said = (*said, *(Word(surface, negated) for surface, negated in concepts))
    if ("week" in lowered or "fri" in lowered) and (week := _WORK_WEEK.search(text)) is not None:
        said = (*said, Word("weekday", _NEGATED_BEFORE.search(text[: week.start()]) is not None))  # "during the week"
    if ("already" in lowered or " got " in lowered or " have " in lowered or " has " in lowered or "'ve " in lowered
            or " had " in lowered) and _HAS_ONE_ALREADY.search(text):
        said = (*said, Word("#existing", False))  # "we already have a game set up", "Caller already has a booking"
    if ("anything" in lowered or "opening" in lowered or "spot" in lowered or "availab" in lowered) \
            and "book" not in lowered and "reserv" not in lowered and _ASKS_AVAILABILITY.search(text):
        # "do you have anything Saturday morning?", "any openings?": a time asked for, to book it (its
        # "open" is free, not the hours the business keeps)
        said = (*(word for word in said if word.surface not in _AVAILABLE_WORDS), Word("book", False))
    if not tokens.isdisjoint(_NO_SHOW_VERBS) and _NO_SHOW.search(text):
        said = (*said, _NOSHOW)  # "nobody showed up", "the bag wasn't picked up" / "A missed pickup", "The driver never came"
    if ("stuck" in lowered or "behind" in lowered or "traffic" in lowered or "be there in" in lowered) and _DELAYED.search(text):
        said = (*said, Word("late", False))  # "I'm stuck on the bridge", "ten minutes behind": the caller will be late
    if _reschedules(text):
        # "just a different morning", "the following Saturday instead", "Change the date": another
        # time ("something different" stays said too: a yes/no node's edges read it)
        said = (*said, Word("#reschedule", False))
    elif ("n't" in lowered or "no" in lowered or "never" in lowered) and _refuses_rescheduling(text):
        said = (*said, Word("#reschedule", True))  # "we're not rescheduling": against another time
    return said


# asking what is free at a time: "do you have anything Saturday morning?", "any openings this week?"
# (a day or a time said, or "open"/"available"; not "do you have anything for kids?", which asks
# what is offered; read only where the turn does not name the booking itself)
_ASKS_AVAILABILITY = re.compile(
    r"\b(?:do|would)\s+you\s+(?:guys\s+)?(?:have|got)\s+(?:anything|any\s+(?:openings?|availability|spots?|slots?|times?))\b"
    r"[^.?!;]{0,30}?\b(?:open|available|free|today|tonight|tomorrow|this\s+(?:week|weekend|morning|afternoon|evening)|next\s+(?:week|weekend)"
    r"|(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|(?:in\s+the\s+)?(?:morning|afternoon|evening)|at\s+\w+)\b"
    r"|\bany\s+(?:openings?|availability)\b",
    re.IGNORECASE,
)
_AVAILABLE_WORDS = frozenset(["open", "opening", "openings", "available", "availability", "free"])
# held up on the way: "stuck in traffic", "stuck on the bridge", "ten minutes behind", "I'll be there in
# twenty minutes" (not "the brake's stuck on", "behind the house")
_DELAYED = re.compile(
    r"\b(?:stuck|caught|sitting)\s+(?:in|on|at|behind)\s+(?:the\s+|some\s+|a\s+)?(?:bad\s+|heavy\s+)?"
    r"(?:traffic|bridge|highway|freeway|interstate|turnpike|beltway|construction|accident|wreck|train|detour|tunnel)\b"
    r"|\b(?:minutes?|mins?|hours?)\s+behind\b|\brunning\s+behind\b|\btraffic\s+is\s+(?:backed\s+up|terrible|awful|a\s+mess)\b"
    r"|\b(?:be|get)\s+there\s+in\s+(?:about\s+|like\s+|maybe\s+)?(?:\d+|five|ten|fifteen|twenty|thirty|a\s+few)\s+(?:minutes?|mins?)\b",
    re.IGNORECASE,
)
# Not needed any more: "I don't need the stone anymore", "we won't need it at all now", "no longer need"
_NOT_NEEDED = re.compile(
    r"\b(?:don't|do\s+not|won't|will\s+not|doesn't|didn't)\s+need\b[^.!?;]{0,30}?\b(?:anymore|any\s+more|at\s+all|after\s+all)\b"
    r"|\bno\s+longer\s+need",
    re.IGNORECASE,
)
# Off the books: "take us off the calendar", "take me off the schedule"
_OFF_THE_BOOKS = re.compile(
    r"\btake\s+(?:us|me|it|that|him|her|them)\s+off\s+(?:the|your)\s+(?:calendar|schedule|list|books|route)\b", re.IGNORECASE
)
# A weekday said without the word: "during the week", "the work week", "Monday through Friday"
_WORK_WEEK = re.compile(
    r"\b(?:during\s+the\s+week|(?:the\s+)?work\s*week|monday\s+(?:through|thru|to)\s+friday|mon(?:day)?\s*-\s*fri(?:day)?)\b",
    re.IGNORECASE,
)


_WORK_WEEK_WORDS = re.compile(r"\bwork\s+week\b", re.IGNORECASE)


# Something the caller already has with the business ("you already have me down for Monday",
# "I'm already in", "he's already a member"; not "already wilted": a state)
_HAS_ONE_ALREADY = re.compile(
    r"\balready\s+(?:(?:got|have|has|had|booked|reserved|scheduled|placed|paid|registered|signed|enrolled|ordered|bought|"
    r"applied|submitted|filed|sent|mailed|purchased|rented|requested|turned\s+in|put\s+in|"
    r"set\s+up|a\s+(?:member|customer|client|patient|student)|in\b|on\s+the|doing|working))\b"
    r"|\b(?:have|has|got)\s+(?:\w+\s+){0,3}already\b"
    # "I've got an appointment Thursday", "we have a reservation under Lee": one already made
    r"|\b(?:i|we|i've|we've|caller)\s+(?:got|have|has|had)\s+(?:an?|my|our|their)\s+"
    r"(?:appointment|booking|reservation|order|spot|lesson|session|game|party|class)\b",
    re.IGNORECASE,
)


# Another time asked for: a word of changing or of another one, with a word of when, in one
# sentence ("a different morning", "the following Saturday instead", "anything later in the
# month", "Move it to another day"); or a word that says it alone ("reschedule", "postpone")
_ANOTHER_TIME = re.compile(
    r"\b(?:change|changing|move|moving|switch|switching|shift|shifting|bump|bumping|different|another|instead|later|earlier)\b"
    r"(?!\s+(?:out\s+of\s+(?:state|town|the\s+country|the\s+area)|away|house|across\s+(?:the\s+country|town|the\s+street)|to\s+a\s+new))",  # "moving out of state": a new home
    re.IGNORECASE)
_WHEN_NOUN = re.compile(
    r"\b(?:date|dates|day|days|time|times|morning|mornings|afternoon|evening|night|week|weekend|month|slot|calendar|hour|hours"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}(?:st|nd|rd|th)"
    r"|(?<=at )\d{1,2}(?::\d\d)?|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?"  # a clock time: "do it at 4 instead of 2"
    # a month ("the May batch instead of April", "switch to the February one"): "may" only as the name
    r"|january|february|march|april|june|july|august|september|october|november|december|(?-i:May)"
    # a day of the month in words: "the eighteenth", "the twenty-first" (a low one, "the first", only
    # where it ends the phrase: not "the first time", "the second one")
    r"|the\s+(?:tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|thirtieth|(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))"
    r"|the\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)(?=\s*(?:[,?]|$|instead|or\b|of\s+(?:the\s+month|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))))\b",
    re.IGNORECASE)
# not making a day, another one asked ("I just can't make Saturday anymore, is Sunday open?"): the
# day moved, when the sentence names two
_CANT_MAKE = re.compile(r"\b(?:can't|cannot|can\s+not|won't\s+be\s+able\s+to|couldn't)\s+(?:make|do)\b", re.IGNORECASE)
_RESCHEDULING = re.compile(r"\b(?:reschedul\w*|postpon\w*|push(?:ed|ing)? (?:(?:it|that|this|them|us|(?:the|my|our|\w+'s)(?: \w+){1,2}) )?back(?! (?:on|against)\b)"
                           r"|(?:push|bump|move)(?:ed|ing)? (?:it|that|this|them|us|(?:the|my|our|\w+'s) \w+) (?:from [\w:]+ )?(?:to|till|until|out)"
                           r"|back on the (?:calendar|schedule|books))\b", re.IGNORECASE)
_TAKEN_BACK = re.compile(r"\b(?:actually no|no,? actually|never ?mind|scratch that|on second thought|wait,? no)\b", re.IGNORECASE)

@lru_cache(maxsize=16384)
def _reschedules(text: str) -> bool:
    """Whether a sentence of the text asks for another time (see _ANOTHER_TIME), not negated ("no
    other date works", "we're not rescheduling")."""
    kept = _TAKEN_BACK.split(text)[-1]  # "I need to reschedule... actually no, just cancel it"
    for sentence in re.split(r"[.!?;]", kept):
        for found in (*_RESCHEDULING.finditer(sentence), *_ANOTHER_TIME.finditer(sentence)):
            if _NEGATED_BEFORE.search(sentence[: found.start()]):
                continue
            if found.re is _RESCHEDULING or _WHEN_NOUN.search(sentence):
                return True
        if "make" in sentence or "do" in sentence:
            cant = _CANT_MAKE.search(sentence)
            if cant is not None and len({when.group(0).lower() for when in _WHEN_NOUN.finditer(sentence[cant.start():])}) >= 2:
                return True
    return False


def _refuses_rescheduling(text: str) -> bool:
    """Whether the text rules out another time in so many words ("I'm not rescheduling", "don't
    postpone it"): a word of _RESCHEDULING after a negation."""
    return any(_NEGATED_BEFORE.search(text[: found.start()]) for found in _RESCHEDULING.finditer(text))


def _word_surname(match: re.Match[str]) -> bool:
    """Whether the second of two capitalised words after "talk to" is an English word: a
    business ("talk to Vail Resorts"), not a person's surname ("talk to Ray Kowalski")."""
    surname = match.group("surname")
    return surname is not None and bool(_parts_of_speech(surname.lower()))


def _named(match: re.Match[str]) -> str:
    """The person a match of _NAMED_PERSON or _PERSON_ASKED_FOR names: its one group that took part."""
    return next(group for group in match.groups() if group).lower()


# A person asked for by role: "is the winemaker around?", "Is your manager in today?"
_PERSON_ASKED_FOR = re.compile(
    r"\b[Ii]s (?:the|your) ([a-z]+) (?:in|there|around|available|here|back)\b"
    r"|\b(?:put|patch) (?:me|us) through to (?:the|your) ([a-z]+)\b|\b(?:connect|transfer) (?:me|us) (?:to|with) (?:the|your) ([a-z]+)\b"
)
# A person asked for, not mentioned: "can I talk to Linh?", "put me through to someone", "is Frank
# working today?"; not the caller's own people ("I'll talk to my husband and call back")
_ASKS_FOR_PERSON = re.compile(
    r"\b(?:talk|speak|talking|speaking) (?:to|with)\b(?! (?:my|our)\b)|\b(?:put|patch) (?:me|us) through\b|\b(?:connect|transfer) (?:me|us)\b"
    r"|\b(?:get|give) (?:me|us) (?:a|an|the|your)\b|\b(?:want|need|demand) (?:a|the|your|to see) (?:manager|supervisor|boss)\b"
    r"|\bin charge\b|\b[Ii]s [A-Z][a-z]+ (?:[A-Z][a-z]+ )?(?:in|there|around|available|working|here|back)\b",
)
_PERSON_WORD = Word("#person", False)
_PASSED_ON_TOKENS = frozenset(["through", "connect", "transfer", "manager", "supervisor", "boss", "owner", "person", "human", "charge",
                               "talk", "speak", "line", "phone", "office", "desk"])
# Being passed to someone, whoever it is: "put me through to someone", "can you connect me?",
# "Put me through to the pro shop", "get me a manager", "I want a supervisor", "whoever's in charge"
_PASSED_ON = re.compile(
    r"\b(?:put|patch) (?:me|us) through\b|\b(?:connect|transfer) (?:me|us)\b(?! (?:to|with) (?:my|our|his|her|their)\b)"
    r"|\b(?:get|give) (?:me|us) (?:a|an|the|your|some|someone|somebody)\b(?: [a-z]+)?(?: [a-z]+)? (?:manager|supervisor|boss|owner|person|human)\b"
    r"|\b(?:want|need|demand) (?:a|the|your|to see (?:a|the|your)) (?:manager|supervisor|boss)\b"
    r"|\b(?:whoever|someone|somebody|anyone|anybody)(?:'s| is)? in charge\b"
    r"|\b(?:someone|somebody|anyone|anybody|a person) (?:i|we) (?:can|could|should|might) (?:talk|speak) (?:to|with)\b"
    # "who should I talk to?", "Get someone at the bait shop on the line", "Caller needs the depot office"
    r"|\bwho (?:do|should|can|could|would) (?:i|we) (?:talk|speak) (?:to|with)\b"
    r"|\b(?:get|put) (?:someone|somebody|a person|a human|anyone|anybody)\b[^.?!]{0,40}\bon the (?:line|phone)\b"
    r"|\bneeds? (?:the|a|your) (?:[a-z]+ )?(?:office|desk)\b",
    re.IGNORECASE,
)


# A person asked for by name: "Is Linda in today?", "Is Priya there?", "can I talk to Luis?",
# "Is Coach Tara around?", "Is Mr. Adeyemi in today?", "put me through to Hank", "connect me with Priya"
_NAMED_PERSON = re.compile(
    r"\b(?:[Ii]s (?:(?:Mr|Mrs|Ms|Dr|Miss)\.? |[A-Z][a-z]+ )?([A-Z][a-z]+) (?:from (?:the |our |your )?(?:[a-z]+ ){0,2})?(?:in|there|around|available|working|here|back)\b"
    r"|(?:speak|talk|speaking|talking) (?:to|with) ([A-Z][a-z]+)(?: (?P<surname>[A-Z][a-z]+))?\b(?! [A-Z])"  # "talk to Ray Kowalski"
    r"|(?:put|patch) (?:me|us) through to ([A-Z][a-z]+)\b|(?:connect|transfer) (?:me|us) (?:to|with) ([A-Z][a-z]+)\b)"
)


# what was to come did not: "nobody showed up", "it never came", "our bag wasn't picked up", "the
# truck hasn't arrived" — and a label's "A missed pickup", "Missed delivery" (not "came back", "came up")
_NO_SHOW = re.compile(
    r"\b(?:never|didn't|did\s+not|hasn't|has\s+not|haven't|have\s+not|wasn't|was\s+not|weren't|nobody|no\s+one|not\s+yet)\s+"
    r"(?:ever\s+|even\s+|yet\s+|been\s+|got\s+|get\s+)?"
    r"(?:(?:came|come)(?!\s+(?:up|off|out|over|across|through|with|to\s+(?:me|mind)))|showed|shown|show|arrived|arrive|turned\s+up"
    r"|(?:picked|pick)\s+(?:it\s+|them\s+)?up(?!\s+(?:the|a|my|your|his|her)\s+(?:phone|call|line))|delivered"
    r"|received|receive|reached|reach(?=\s+(?:the|us|me|my|our|school|home))|gotten\s+(?:it|them|my|our|the|a|any)"
    # "I still haven't seen a dime", "never saw the check": money or mail not come
    r"|(?:seen|saw|see)\s+(?:a\s+(?:dime|penny|cent|check|thing)|any\s+(?:money|check|mail)|the\s+(?:check|money|refund|package|payment)))\b"
    r"|\bmissed\s+(?:pick-?ups?|deliver(?:y|ies)|stops?|collections?|drop-?offs?)\b"
    # waited for and not come: "Still waiting on the glasses", "still nothing at school", "still no sign of it"
    r"|\bstill\s+(?:waiting\s+(?:on|for)|nothing\b|no\s+sign)",
    re.IGNORECASE,
)
_NOSHOW = Word("#noshow", False)
# the words one of which every no-show says (most turns have none: the pattern is looked for only then)
_NO_SHOW_VERBS = frozenset(["came", "come", "showed", "shown", "show", "arrived", "arrive", "turned", "picked", "pick", "delivered",
                            "received", "receive", "reached", "reach", "gotten", "seen", "saw", "see", "missed", "waiting", "nothing",
                            "sign"])
_SPAN_UNITS = frozenset(["minutes", "hours", "days", "weeks", "months", "years", "business"])
_WALKIN_AFTER = frozenset(["on", "today", "tomorrow", "anytime", "whenever", "then", "instead", "sometime"])


def _plain_words(text: str) -> tuple[Word, ...]:
    raw = _RAW.findall(_split_contractions(text))
    out: list[Word] = []
    # "not": negate the next content word; "wanting": every content word to the end of the
    # clause ("don't want to cancel my membership"); "absence": "no X" / "without X"
    scope: str | None = None
    spared: frozenset[str] | set[str] = frozenset()  # the object of a refused action: not refused itself
    light_object: frozenset[str] = frozenset()  # the noun after a light verb
    carried: set[int] = set()  # the other options of a negated list: "not moving or cancelling"
    clause_start = True
    index = 0
    while index < len(raw):
        token = raw[index]
        if token in _READ_BY_RULES or token.endswith("'s"):
            if token == "rather" and index > 0 and (raw[index - 1] == "would" or raw[index - 1].endswith("'d")):
                if index + 1 < len(raw) and raw[index + 1] == "not":
                    out.append(Word("#no", False))  # "I'd rather not"
                    index += 2
                else:
                    out.append(Word("#other", False))  # "I'd rather see Dr. Lee": a preference for another option
                    index += 1
                scope, clause_start = None, True
                continue
            if token == "rather" and index + 1 < len(raw) and raw[index + 1] == "than":
                scope, clause_start = "not", False  # "a refund rather than a credit": not the credit
                index += 2
                continue
            if token in _BOUNDARY or token in _BOUNDARY_WORDS or (scope == "wanting" and token in _SUBJECTS):
                if token == "instead" and index + 1 < len(raw) and raw[index + 1] == "of":
                    scope, clause_start = "not", False  # "a refund instead of a credit": not the credit
                    index += 2
                    continue
                if token == "instead":
                    out.append(Word("#other", False))  # "can we see Dr. Lee instead?": an alternative asked for
                scope, clause_start = None, True
                index += 1
                continue
            if token in _OPENING and _said_of_you(raw, index):
                out.append(Word("hours", False))  # "are you open on Mondays?", "when do you close?": the opening hours
            if token in ("charge", "charges") and (
                (_by_you(raw, index) and not _direct_object(raw, index + 1))
                or (index > 1 and raw[index - 1] in ("the", "a", "any") and raw[index - 2] in _ASKING_WHAT
                    and raw[index + 1 : index + 2] in (["to"], ["for"]) and _asked(raw))
            ):  # ("what's the charge to license a dog?", "is there a charge for parking?": the price)
                out.append(Word("price", scope is not None))  # "what do you charge for shoes?": the business's price asked
                scope, clause_start = (scope if scope == "wanting" else None), False
                index += 1
                continue
            if token in ("rate", "rates") and (
                any(word in _RATE_OWNERS for word in raw[max(0, index - 3) : index]) or raw[index + 1 : index + 2] == ["for"]
            ):
                # "What's your per-mile rate on a chase car?", "rates for a crew": the price (and
                # the word itself, read below: "Hourly rates" still fits a rate)
                out.append(Word("price", scope is not None))
            if token in ("run", "runs") and _asks_what_it_runs(raw, index):
                out.append(Word("price", scope is not None))  # "What's it run a month?": the price asked
                scope, clause_start = (scope if scope == "wanting" else None), False
                index += 1
                continue
            if token in _TALK and _talks_to_person(raw, index):
                out.append(Word("#person", False))  # "can I talk to her?", "talk to the manager": a person asked for
            if token == "how" and raw[index + 1 : index + 2] == ["much"] and (_asks_price(raw, index) or _asks_balance(raw, index)):
                # "how much is a trim?": a price; "how much do I owe?", "how much is left on it?": a balance
                out.append(Word("price" if _asks_price(raw, index) else "balance", False))
                clause_start = False
                index += 2
                continue
            if token == "how" and raw[index + 1 : index + 2] == ["many"] and raw[index + 2 : index + 3] and raw[index + 2] in _SPAN_UNITS \
                    and raw[index + 3 : index + 4] and raw[index + 3] in ("before", "until", "till", "does", "will", "would", "to", "for"):
                # "how many weeks before I get paid?", "how many days does it take?": how long, asked
                out.append(Word("#how-long", scope is not None))
                index += 3
                clause_start = False
                continue
            if token == "how" and index + 1 < len(raw) and _asks_degree(raw[index + 1]):
                # "how late are you open?": the measure asked, not the caller being late; it fits only the
                # same question in a label ("how long a service takes")
                out.append(Word(f"#how-{raw[index + 1]}", scope is not None))
                index += 2
                clause_start = False
                continue
            concept, length = _concept_at(raw, index) if token in _PHRASES else (None, 0)
            if concept == "#absent" and (
                tuple(raw[index + length : index + length + 2]) in (("on", "time"), ("in", "time"))
                or (raw[index + length - 1] in ("go", "come") and not _ends_clause(raw, index + length))
            ):
                concept, length = None, 0  # "I can't make it on time": late, not absent; "I can't go online"
            if concept == "#person" and length == 1 and _self_described(raw, index):
                concept, length = None, 0  # "I'm an agent with Coldwell": who the caller is, not who they ask for
            if concept == "#yes" and token == "sure" and index > 0 and raw[index - 1] in _HEDGING and not _ends_clause(raw, index + 1):
                concept, length = None, 0  # "I'm pretty sure my phone's on the bus": a hedge before what is said, no yes
            if concept == "#walkin" and length == 2 and raw[index + 1] in ("in", "up") and (
                not ({"i", "we"} & set(raw[max(0, index - 3) : index]) or raw[index - 1 : index] == ["to"])
                or (not _ends_clause(raw, index + length) and raw[index + length] not in _WALKIN_AFTER)
            ):
                # "we walk in the park": a walk; "what time will the truck show up?": something
                # arriving; coming in unannounced is the caller's: "can I just show up?", "can we walk in
                # on Monday?", "is it okay to drop in?"
                concept, length = None, 0
            if concept == "#other" and tuple(raw[index : index + length]) == ("one", "more") and not _ends_clause(raw, index + length):
                concept, length = None, 0  # "one more ticket": a count, not something else
            if concept == "#absent" and (("n't" in raw[index : index + length] and raw[index] in _INABILITY) or raw[index] == "unable"):
                out.append(Word("#problem", False))  # "we can't make it" is still something the caller cannot do
            if concept is None and token == "no" and clause_start and _rules_out_thing(raw, index):
                # "No pills, it's a needle", "No kids, just the two of us": a thing ruled out, the
                # rest of the turn says what it is instead; no answer "no"
                scope, clause_start = "not", False
                if raw[index + 2 : index + 3] in (["or"], ["and"], ["nor"]):
                    carried.add(index + 3)  # "No goats or sheep, ...": the other thing ruled out too
                index += 1
                continue
            if concept is None and token in ("no", "yes"):
                following = raw[index + 1] if index + 1 < len(raw) else "."
                previous = raw[index - 1] if index > 0 else ""
                if clause_start or following in _BOUNDARY or previous in _ANSWER_VERBS:
                    concept, length = f"#{token}", 1
            if concept == "!manner":
                out.append(Word("#in-person", False))  # how the caller comes ("Pay in person" / "I'll come in person")
                index += length
                clause_start = False
                continue
            if concept == "!retract":
                out.clear()  # what came before is taken back
                scope, clause_start = None, True
                index += length
                if raw[index - length] in ("never", "nevermind") and raw[index : index + 1] in (["the"], ["that"], ["about"], ["my"], ["our"]):
                    scope, clause_start = "not", False  # "never mind the weather, we need to cancel": that set aside too
                continue
            if (
                concept == "!hold"
                and all(token in _FILLERS for token in raw[:index])
                and not _requests(raw, index + length)
                and not _asks_you(raw, index + length)
            ):
                # "Hold on, let me turn the TV down", "Uh, one second, someone just walked in": a turn
                # that opens by putting the call on hold says, to the end of its sentence, why (unless
                # it asks for something: "Hang on, I'd like to renew a book", "hold on, what time are
                # you open till?")
                index += length
                while index < len(raw) and raw[index] not in (".", "!", "?"):
                    index += 1
                out.append(_HELD)  # (for _words: the phrasal verbs of that sentence are dropped too)
                scope, clause_start = None, True
                continue
            if concept == "!hold" and index >= 2 and raw[index - 1] == "you" and raw[index - 2] in _ASKING_THE_AGENT \
                    and all(token in _BOUNDARY or token == "please" for token in raw[index + length :]):
                # "Sorry, somebody's at the door, can you hold a minute?": a turn that ends by asking
                # the agent to hold says why before it, nothing the call is about
                out[:] = [_HELD]
                break
            if concept == "!hold" and _ends_clause(raw, index + length):
                if _after_pause(raw, index):
                    # "Nothing else... oh, hang on, what about my daughter's?": the answer before the
                    # pause is taken back ("No, hold on, let me look" keeps its no)
                    out[:] = [word for word in out if word.surface not in _TAKEN_BACK_ANSWERS]
                scope, clause_start = None, True
                index += length
                continue
            if concept == "!hold":
                concept, length = None, 0  # "put a hold on my card": hold is what it is about
            if concept == "!unknown":
                out.append(Word("recognize", True))  # "a store I've never heard of": one the caller does not recognize
                clause_start = False
                index += length
                continue
            if concept == "!hedge" and index >= 2 and raw[index - 1] in ("we", "i", "they", "you") \
                    and raw[index - 2] not in STOPWORDS and "n" in _parts_of_speech(raw[index - 2]):
                concept, length = None, 0  # "a bunch of folks we don't know": who they are, no hedge
            if concept == "!hedge":
                scope, clause_start = None, False
                index += length
                asked = raw[index + 1] if index + 1 < len(raw) and raw[index] in _WHICH else ""
                detail = asked and "n" in _parts_of_speech(asked) and asked not in STOPWORDS
                if not detail and raw[index : index + 1] not in (["how"], ["which"], ["when"], ["where"], ["who"], ["whether"], ["if"]):
                    # unsure of the answer, not of one detail ("not sure yet how many are coming"): fits
                    # only a label that is itself a hedge ("Not sure what it is", "Not sure yet")
                    out.append(_UNSURE)
                if detail:
                    index += 2  # "I don't know what date yet": the date is not given, "not sure which day" no day picked
                continue
            if concept == "!refused" and index > 0 and raw[index - 1] in _PASSIVE:
                concept, length = None, 0  # "the card was declined": what happened to it, not a no
            if concept in ("!refuse", "!refused"):
                out.append(Word("#no", False))
                scope = "wanting" if concept == "!refuse" else None  # "declines the offer": the offer is refused
                clause_start = False
                index += length
                continue
            if concept == "#person" and _reported_by(raw, index + length):
                concept, length = None, 0  # "my agent told me to call": who said it, not a person asked for
            if concept == "#person" and index > 0 and raw[index - 1] in ("per", "each", "every"):
                concept, length = None, 0  # "is that price per person?": a unit of the price, no person asked for
            if concept is not None:
                if scope is not None and concept == "#yes":
                    out.append(Word("#no", False))  # "not okay", "don't agree"
                elif scope is not None and concept in ("#problem", "#no"):
                    pass  # "no problem", "not a problem"
                else:
                    out.append(Word(concept, scope is not None))
                scope = scope if scope == "wanting" else None
                clause_start = False
                index += length
                continue
            if token == "never" and index + 1 < len(raw) and (raw[index + 1] in _EXPERIENCED or (
                raw[index + 1] in ("got", "gotten") and index + 2 < len(raw) and raw[index + 2].endswith("ed") and _past_form(raw[index + 2])
            )):
                # "my husband's never had a passport": a first one ("never got certified" as "never been certified")
                out.append(Word("first", False))
                scope, clause_start = None, False
                index += 2
                continue
            if token == "no" and raw[index + 1 : index + 2] in (["point"], ["need"], ["sense"], ["use"]):
                scope, clause_start = "not", False  # "no point moving the date", "no need to reschedule": not that
                index += 2
                continue
            bare = token[:-2] if token.endswith("'s") else token
            if token in _NEGATIONS or bare in _NEGATIVE_SUBJECTS:
                previous = raw[index - 1] if index > 0 else ""
                if token == "n't" and previous in _INABILITY and raw[index + 1 : index + 2] == ["be"]:
                    scope = "not"  # "it can't be on a school day": which day it is not, no problem
                elif token == "n't" and previous in _INABILITY:
                    out.append(Word("#problem", False))  # "can't log in": a problem, not a refusal
                elif token == "n't" and previous in ("will", "would") and _thing_subject(raw, index - 1):
                    out.append(Word("#problem", False))  # "my dishwasher won't drain", "it won't start": a malfunction
                    scope = "not" if scope != "wanting" else scope
                elif scope != "wanting":
                    scope = "absence" if token in ("no", "without") else "subject" if bare in _NEGATIVE_SUBJECTS else "not"
                    if token == "without" and raw[index + 1 : index + 2] and raw[index + 1].endswith("ing") \
                            and raw[index + 1] != "being" and "v" in _parts_of_speech(raw[index + 1]):
                        scope = "not"  # "without waiting", "without having to join a group": not doing it, no trouble
                        if raw[index + 1 : index + 3] in (["having", "to"], ["needing", "to"]):
                            index += 2  # (the light "having" would stop the negation before what is not done)
                index += 1
                continue
            clause_start = False
            index += 1
            previous = raw[index - 2] if index >= 2 else ""
            if token in _TURNING and index < len(raw) and _number_token(raw[index]):
                continue  # "she's turning nine": an age, not a turn (WordNet's "turn" is also a sprain)
            if token == "actually" and _after_pause(raw, index - 1):
                out[:] = [word for word in out if word.surface not in _TAKEN_BACK_ANSWERS]  # "That's it... oh, actually, one more"
                continue
            if token == "first" and _ends_clause(raw, index) and previous not in _OWNERS:
                continue  # "can I talk to an instructor first?": beforehand, no first time ("my first")
            if token in _VOLITION and not (
                previous in _DETERMINERS or _compound_head(raw, index - 1)
                # "your basic plan", "the monthly plan": a noun after a determiner and an adjective
                or (index >= 3 and raw[index - 3] in _DETERMINERS and "a" in _parts_of_speech(previous) and raw[index : index + 1] != ["to"])
            ):
                if scope is not None and scope != "wanting":
                    scope, spared = "wanting", frozenset()  # the negation reaches through: "don't want to cancel"
                    out.append(Word("#no", False))  # and not wanting something is a no
                continue
            if token in _NEG_RAISING and scope in ("not", "subject"):
                continue  # "I don't think it's broken": the negation is the complement's
            if token == "mind" and scope in ("not", "subject"):
                scope = None  # "I don't mind them coming", "wouldn't mind a call": no objection, what follows is wanted
                continue
            if token == "ready" and scope in ("not", "subject") and raw[index : index + 1] in (["for"], ["to"]):
                # "not ready for a quote yet", "we're not ready to order": what they are not ready
                # for is not wanted yet, to the end of the clause (not "it's not ready": a state)
                out.append(Word("ready", True))
                scope, spared = "wanting", frozenset()
                continue
            if token == "too" and index < len(raw) and "a" in _parts_of_speech(raw[index]) and raw[index] not in STOPWORDS:
                out.append(Word("#no", False))  # "too early", "too expensive": an objection
                continue
            if (token in _GETTING or token in ("have", "had")) and scope in ("not", "subject"):
                chance = _MISSED_CHANCE.get(tuple(raw[index : index + 3])) or _MISSED_CHANCE.get(tuple(raw[index : index + 2]))
                after = chance if chance is not None else 1 if token in _GETTING and raw[index : index + 1] == ["to"] else None
                if after is not None and index + after < len(raw) and raw[index + after] not in _DETERMINERS \
                        and "v" in _parts_of_speech(raw[index + after]):
                    # "we didn't get to use it", "the doctor didn't have time to do the collection",
                    # "never got a chance to call": what was to be done was not; the negation reaches
                    # it and what it is done to, to the end of the clause
                    scope, spared = "wanting", frozenset()
                    index += after
                    continue
            if token in _GETTING and scope == "not" and _direct_object(raw, index):
                out.append(Word("receive", True))  # "I never got the email": not received
            if token in _LIGHT:
                passive_get = token in _GETTING and index < len(raw) and raw[index].endswith("ed") and _past_form(raw[index])
                if scope not in ("wanting", "subject") and not passive_get:
                    # "didn't make this charge": the negation stops at make ("we didn't get shorted":
                    # a passive, the participle is what is denied)
                    scope = None
                if token in _ACTION_LIGHT:
                    light_object = frozenset(_direct_object(raw, index))  # "make a reservation": the noun is the action
                continue
        else:
            # an ordinary word (most of a turn): none of the rules above reads it, only what follows
            clause_start = False
            index += 1
            previous = raw[index - 2] if index >= 2 else ""
        word = token[:-2] if token.endswith("'s") else token
        if word in STOPWORDS or not _WORDNET_WORD.match(word):
            continue
        past = _past_form(word)
        passive = past and previous in _PASSIVE
        following = raw[index] if index < len(raw) else ""
        # "to cancel", and asking leave to do it: "can I book a table?", "could we move it?"
        intent = index >= 2 and (raw[index - 2] == "to" or (index >= 3 and raw[index - 2] in ("i", "we") and raw[index - 3] in _ASKING_LEAVE))
        if scope is not None and (scope == "absence" or word in _MALFUNCTION):
            out.append(Word("#problem", False))  # "no internet", "isn't working"
            out.append(Word(word, False, past, intent, _direct_object(raw, index), following))
        elif scope == "wanting" and word in spared:
            pass  # "don't want to cancel my policy": the cancelling is refused, not the policy: neither for nor against
        else:
            obj = _direct_object(raw, index)
            when = _time_word(word) and (
                previous in _MEASURES or previous.isdigit() or following in _MEASURES_AFTER or (previous == "for" and word.endswith("s"))
            )
            negated = scope is not None or index - 1 in carried
            out.append(Word(word, negated, past, intent, obj, following, passive=passive, action=word in light_object, when=when))
            if scope == "wanting" and intent:
                spared = spared | set(obj)
            if scope in ("not", "subject"):
                carried |= _other_options(raw, index - 1)
                if following and _parts_of_speech(word) <= {"a", "s"} and "n" in _parts_of_speech(following) \
                        and following not in STOPWORDS:
                    carried.add(index)  # "not a regular ride": the ride, whichever kind, is not it either
                if raw[index : index + 1] in (["a"], ["an"], ["the"]) and raw[index + 2 : index + 3] in (["one"], ["ones"]):
                    carried.add(index + 1)  # "we're not building a new one": not a new one either
        light_object = frozenset()
        if scope != "wanting":
            scope, spared = None, frozenset()
    return tuple(_collocations(out))


def _other_options(raw: Sequence[str], at: int) -> set[int]:
    """The places of the options listed with a negated action: "not moving or cancelling
    anything", "I'm not keeping it longer or cancelling" (an action of the same form after "or" or
    "nor", within four words of it, in its clause): the negation rules them all out."""
    action = raw[at]
    if not action.endswith("ing") or "v" not in _parts_of_speech(action):
        return set()
    found: set[int] = set()
    for position in range(at + 1, min(len(raw) - 1, at + 5)):
        if raw[position] in _BOUNDARY:
            break
        following = raw[position + 1]
        if raw[position] in ("or", "nor") and following.endswith("ing") and "v" in _parts_of_speech(following):
            found.add(position + 1)
    return found


_TURNING = frozenset(["turn", "turns", "turned", "turning"])
_OWNERS = frozenset(["the", "a", "my", "your", "his", "her", "our", "their", "its", "this", "that"])
# "never" + one of these says the thing has not been had before: a first one ("never had a passport",
# "never tried archery", "never been skiing")
_EXPERIENCED = frozenset(
    ["had", "been", "done", "tried", "taken", "owned", "applied", "flown", "ridden", "driven", "played", "used", "visited", "worn", "held"]
)
_NUMBER_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
     "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
)


def _number_token(token: str) -> bool:
    return token.isdigit() or token in _NUMBER_WORDS


_PEOPLE = frozenset(["i", "we", "you", "he", "she", "they", "who", "nobody", "somebody", "someone", "anyone", "anybody", "everyone", "everybody"])


def _thing_subject(raw: Sequence[str], index: int) -> bool:
    """Whether the word before raw[index] (a modal: "won't") is a thing, not a person: "my
    dishwasher won't drain", "it won't start" (a malfunction), not "we won't be home", "he won't
    answer", "my daughter won't be there" (a noun whose most used sense is a person)."""
    if index == 0:
        return False
    subject = raw[index - 1]
    subject = subject[:-2] if subject.endswith("'s") else subject
    if subject in _PEOPLE or subject in _BOUNDARY or _time_word(subject):
        return False
    return subject in ("it", "that", "this") or ("n" in _parts_of_speech(subject) and not person_noun(subject))


def _reported_by(raw: Sequence[str], index: int) -> bool:
    """Whether the word before raw[index] is the subject of a past verb ("the agent told me", "a
    representative said", "their rep sent it"): someone who did something, not someone asked for."""
    return index < len(raw) and (raw[index] in ("told", "said", "says", "tells") or (_past_form(raw[index]) and raw[index] not in _PASSIVE))


# Before a time word, these make it an expression of when or how long ("last year", "an hour", "for
# years", "two weeks"); after it, these ("a week ago", "a day later").
_MEASURES = frozenset(["a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few", "couple", "several", "last", "next", "this", "every", "each", "per", "past"])
_MEASURES_AFTER = frozenset(["ago", "later", "earlier", "before", "after", "from"])
def _requests(raw: Sequence[str], index: int) -> bool:
    """Whether the sentence from raw[index] asks for something: a verb of wanting ("I'd like to",
    "we need") or asking leave ("can I", "could we")."""
    for at in range(index, len(raw)):
        token = raw[at]
        if token in (".", "!", "?"):
            return False
        if token in _WANTING or (token in ("i", "we") and at > 0 and raw[at - 1] in _ASKING_LEAVE):
            return True
    return False


_WANTING = frozenset(["want", "wants", "wanna", "need", "needs", "like", "wish", "hoping"])
_HEDGING = frozenset(["pretty", "fairly", "quite", "i'm", "am", "almost", "real", "really"])  # "I'm pretty sure <what>": a hedge
_FILLERS = frozenset(["uh", "um", "umm", "uhh", "hmm", "oh", "er", "ah", "sorry", ","])  # before what a turn opens with
_ASKING_LEAVE = frozenset(["can", "could", "may"])  # "can I book ...": a wanted action
_ASKING_THE_AGENT = _ASKING_LEAVE | {"would", "will"}  # "can you hold a minute?", "would you hold on?"
_WHICH = frozenset(["what", "which", "whose"])  # "not sure which day": the thing not known
_GETTING = frozenset(["get", "gets", "got", "gotten", "getting"])
# what a missed chance says before its verb, after "have" or "get": "time to", "a chance to" (the
# number of words to pass over)
_MISSED_CHANCE = {("time", "to"): 2, ("a", "chance", "to"): 3, ("the", "chance", "to"): 3, ("enough", "time", "to"): 3,
                  ("the", "time", "to"): 3, ("around", "to"): 2}
_OPENING = frozenset(["open", "opens", "close", "closes", "closed"])


def _asks_you(raw: Sequence[str], index: int) -> bool:
    """Whether the sentence from raw[index] is a question put to the business ("what time are you
    open?", "do you buy gold?"), not one the caller asks themself ("where did I put it?")."""
    sentence: list[str] = []
    for token in raw[index:]:
        if token in (".", "!", "?"):
            return token == "?" and any(word in ("you", "your", "you're", "y'all") for word in sentence)
        sentence.append(token)
    return False


def _said_of_you(raw: Sequence[str], index: int) -> bool:
    """Whether the business the caller speaks to is the subject of raw[index] ("are you open",
    "do you guys close", "you're closed"), the word used without an object but a time ("are you
    open Sundays"): when the business is open, not an action on something ("close my account")."""
    if index >= 2 and raw[index - 1] in ("it", "they") and raw[index - 2] in ("does", "do") and {"when", "time"} & set(raw[max(0, index - 4) : index]):
        # "what time does it open?", "when do they close?": the place called, as a person asks it
        return not any(not _time_word(noun) for noun in _direct_object(raw, index + 1))
    for token in reversed(raw[max(0, index - 3) : index]):
        if token in ("you", "you're", "y'all"):
            # intransitive: "could you close my account" is an action on something
            return not any(not _time_word(noun) for noun in _direct_object(raw, index + 1))
        if token not in ("guys", "all", "still", "usually", "even", "ever"):
            return False  # "do you have anything open": something else is open
    return False


_ASKING_WHAT = frozenset(["what's", "whats", "what", "is", "there", "there's"])  # "what's the charge", "is there a charge"


def _asked(raw: Sequence[str]) -> bool:
    """Whether the tokens make a question ("?" among them)."""
    return "?" in raw


def _by_you(raw: Sequence[str], index: int) -> bool:
    """Whether the business the caller speaks to is the subject of the verb at raw[index] ("what
    do you charge", "you guys charge")."""
    for token in reversed(raw[max(0, index - 3) : index]):
        if token in ("you", "y'all"):
            return True
        if token not in ("guys", "all", "usually", "still", "normally"):
            return False
    return False


_TALK = frozenset(["speak", "talk", "speaking", "talking"])
# Every token some rule of _plain_words reads before the word itself is taken (a set, a phrase's
# first word, a word compared by name): any other token (most of a turn, "'s" forms aside) goes
# straight to the content-word step (~15 % of _plain_words' time saved). Kept beside the rules:
# a rule that reads a new token adds it here (test_label_tokens_fast_path pins that the shortcut
# changes no word of any corpus text).
_READ_BY_RULES = frozenset(
    _BOUNDARY | _BOUNDARY_WORDS | _SUBJECTS | _OPENING | _TALK | _NEGATIONS | _NEGATIVE_SUBJECTS | _TURNING
    | _VOLITION | _NEG_RAISING | _GETTING | _LIGHT | _PHRASES.keys()
    | {"rather", "charge", "charges", "how", "no", "yes", "never", "actually", "first", "too", "instead", "run", "runs", "ready", "mind", "rate", "rates"}
)


def _self_described(raw: Sequence[str], index: int) -> bool:
    """Whether the person word at raw[index] says who the caller is ("I'm an agent with
    Coldwell", "I am a real estate agent", "as the rep for our building"): a/an/the after "I'm",
    "we're" or "as", with at most two words before the person word."""
    for back in range(1, 4):
        at = index - back
        if at < 1:
            return False
        if raw[at] in ("a", "an", "the"):
            return raw[at - 1] in _SELF_BEING
        if raw[at] in _BOUNDARY or raw[at] in _DETERMINERS:
            return False
    return False


_SELF_BEING = frozenset(["i'm", "am", "we're", "as", "was"])
_PERSON_PRONOUNS = frozenset(["her", "him", "them", "someone", "somebody"])


# who answers for the business without being named as a person: "talk to the front desk", "the
# office", "whoever's in charge"
_STAFF_PLACES = frozenset(["desk", "office", "department", "counter", "whoever", "whoever's", "anyone", "anybody"])
# where the words said of whom the caller asks for end: "talk to the tech who was here"
_PHRASE_ENDS = frozenset(["who", "that", "about", "for", "and", "or", "before", "if", "when", "because", "so", ",", ".", "?", "!"])


def _talks_to_person(raw: Sequence[str], index: int) -> bool:
    """Whether "speak / talk to (with)" at raw[index] is followed by a person: a pronoun ("talk to
    her"), a noun whose most used sense is a person ("speak with the manager", "a stylist", "a trip
    coordinator": the head of the words said, up to a "who" or "about"), or whoever answers at a
    desk or an office ("talk to the front desk", "whoever's in charge")."""
    if raw[index + 1 : index + 2] not in (["to"], ["with"]):
        return False
    for token in raw[index + 2 : index + 7]:
        if token in _PERSON_PRONOUNS or token in _STAFF_PLACES:
            return True
        if token in _DETERMINERS or token in ("one", "of"):
            continue  # "talk to one of your technicians": one of them is a person too
        if token in _PHRASE_ENDS or token in ("you", "me", "us"):
            return False
        if person_noun(token):
            return True
    return False


_PRICE_FOLLOWERS = frozenset(["is", "are", "was", "were", "for", "would", "will", "does", "do", "to", "it", "they", "that", "this", "'s"])
_NOT_PRICE = frozenset(["owe", "owed", "left", "longer", "time", "more", "later", "remaining", "on"])


def _asks_price(raw: Sequence[str], index: int) -> bool:
    """Whether "how much" at raw[index] asks a price ("how much is a trim", "how much for two",
    "how much does it cost"), not an amount owed or left ("how much do I owe", "how much time")."""
    if raw[index + 1 : index + 2] != ["much"] or index + 2 >= len(raw) or raw[index + 2] not in _PRICE_FOLLOWERS:
        return False
    return not any(token in _NOT_PRICE for token in raw[index + 2 : index + 6])


_WHAT_AUX = frozenset(["what's", "what'll", "what'd", "whats"])
_RATE_OWNERS = frozenset(["your", "our", "y'all's", "their", "going"])  # "your rate", "the going rate" (not "the tax rate")
_AUXILIARIES = frozenset(["is", "does", "did", "would", "will", "might", "could", "should", "do"])
_AFTER_RUN = frozenset(["me", "us", "you", "a", "per", "for", "monthly", "each", "about", "these", "now", "usually", "roughly"])


def _asks_what_it_runs(raw: Sequence[str], index: int) -> bool:
    """Whether "run" at raw[index] asks a price: "what's it run a month?", "what would a cleanup
    run me?", "what does that usually run?" (what + an auxiliary + up to three words + run; not
    "what time does the ferry run?", whose "what" asks a time)."""
    if index + 1 < len(raw) and raw[index + 1] not in _BOUNDARY and raw[index + 1] not in _AFTER_RUN:
        return False
    for start in range(max(0, index - 5), index):
        between = index - start - 1
        if raw[start] in _WHAT_AUX and between <= 3:
            return True
        if raw[start] == "what" and start + 1 < index and raw[start + 1] in _AUXILIARIES and between - 1 <= 3:
            return True
    return False


def _asks_balance(raw: Sequence[str], index: int) -> bool:
    """Whether "how much" at raw[index] asks what is owed or left ("how much do I owe", "how much
    is left on my card"): a balance."""
    if index + 2 >= len(raw) or raw[index + 2] not in _PRICE_FOLLOWERS | {"did", "have", "has", "i", "we"}:
        return False  # "how much time is left": an amount of time
    following = raw[index + 2 : index + 6]
    if any(token in ("owe", "owed", "left", "remaining") for token in following):
        return True
    # "how much is on there", "how much is actually on my card": what an account holds
    return "on" in following and any(token in ("there", "it", "my", "the", "our", "this") for token in raw[index + 3 : index + 7])


@lru_cache(maxsize=16384)
def _asks_degree(token: str) -> bool:
    """Whether the word after "how" is the measure a question asks ("how late", "how long", "how
    early", "how far", "how often"): an adjective or adverb that is not also a verb of the caller's
    ("how do I", "how can I"); "how much" has its own readings (a price, a balance)."""
    if token in STOPWORDS or token == "much" or not _WORDNET_WORD.match(token):
        return False
    lexicon = wordnet.open_default()
    tagged: dict[str, int] = {}
    for form, pos in lexicon.base_forms(token):
        tagged[pos] = tagged.get(pos, 0) + lexicon.tagged(form, pos)
    return bool(tagged) and max(tagged, key=lambda pos: (tagged[pos], pos != "v")) in ("a", "s", "r")


# a question asking whether the caller has more ("Is there anything else I can help with?")
_ASKS_ANYTHING_ELSE = re.compile(
    r"\b(?:anything|something) else\b|\bany (?:other|more|further) (?:questions?|thing)\b|\banother question\b", re.IGNORECASE
)


# the question is whether there is more ("Anything else I can help with?", "Is there anything
# else?"), not a list of options ending in one ("... coming to watch, or something else?")
# an offer with "or something else" after it: "Want me to start a quote, or is there something else?"
# (not a menu of options ending "or something else?": "Do you want to move your trip, cancel it, or something else?")
_OFFER_OR_ELSE = re.compile(r",?\s+or\s+(?:(?:is|was)\s+there\s+|can\s+i\s+help\s+(?:you\s+)?with\s+)(?:something|anything)\s+else\s*\?\s*$", re.IGNORECASE)
_ANYTHING_ELSE_QUESTION = re.compile(
    r"^\W*(?:(?:and|so|okay|ok|great|alright)\W+)?(?:(?:is|was) there\s+|do you (?:have|need)\s+|can i (?:help|do)\s+(?:you\s+)?with\s+)?"
    r"(?:anything|something) else\b|^\W*any (?:other|more|further) (?:questions?|thing)\b",
    re.IGNORECASE,
)


_TAKEN_BACK_ANSWERS = frozenset(["#done", "#no"])
_PAUSE_FILLERS = frozenset(["oh", "uh", "um", "hmm", ","])


def _after_pause(raw: Sequence[str], index: int) -> bool:
    """Whether raw[index] follows a pause: a sentence's end or a trailing "..." (fillers between)."""
    at = index - 1
    while at >= 0 and raw[at] in _PAUSE_FILLERS:
        at -= 1
    return at >= 0 and raw[at] in (".", "!")


def _ends_clause(raw: Sequence[str], index: int) -> bool:
    """Whether raw[index] starts a new clause (or the text ends there)."""
    return index >= len(raw) or raw[index] in _BOUNDARY or raw[index] in _BOUNDARY_WORDS or raw[index] in _SUBJECTS


def _collocations(said: list[Word]) -> list[Word]:
    """Two adjacent words that are one WordNet noun ("fender bender", "traffic lights") are also
    that noun, after its second word: its synonyms and what it is a kind of fit labels too."""
    out: list[Word] = []
    for at, word in enumerate(said):
        out.append(word)
        if at == 0 or word.surface.startswith("#") or said[at - 1].surface.startswith("#"):
            continue
        noun = _collocation(said[at - 1].surface, word.surface)
        if noun:
            # "it can't be on a school day": the negated half negates the whole
            out.append(Word(noun, word.negated or said[at - 1].negated, False, False, word.obj))
    return out


@lru_cache(maxsize=65536)
def _collocation(first: str, second: str) -> str:
    lexicon = wordnet.open_default()
    for joined in (f"{first} {second}", f"{first}-{second}"):
        forms = [form for form, pos in lexicon.base_forms(joined) if pos == "n"]
        if forms:
            return forms[0]
    return ""


@lru_cache(maxsize=65536)
def _past_form(word: str) -> bool:
    """Whether a word is only the past tense or participle of a verb ("cancelled", "paid"), not a
    verb's base form itself."""
    return wordnet.open_default().past_form(word)


def _concept_at(raw: Sequence[str], index: int) -> tuple[str | None, int]:
    following = raw[index + 1] if index + 1 < len(raw) else None
    for phrase, concept in _PHRASES.get(raw[index], ()):
        if len(phrase) > 1 and phrase[1] != following:
            continue  # (most of a word's phrases: "not" begins 28; no slice made for them)
        if tuple(raw[index : index + len(phrase)]) == phrase:
            return concept, len(phrase)
    return None, 0


@lru_cache(maxsize=65536)
def expansions(surface: str) -> tuple[tuple[str, float], ...]:
    """(key, how close) for one word: its base forms (1.0), their derivationally related forms
    (DERIVED) and the words sharing one of their first SENSES senses (SYNONYM). A concept
    token is only itself."""
    if surface.startswith("#"):
        return ((surface, 1.0),)
    lexicon = wordnet.open_default()
    forms = lexicon.base_forms(surface)
    found: dict[str, float] = {form: 1.0 for form, _ in forms} or {surface: 1.0}
    stem = _able_stem(surface) if not forms else ()
    if stem:  # "refundable": what can be refunded, a derived form of the verb (not a kind of "able")
        found.update({form: DERIVED for form in stem})
    elif not forms:  # a compound WordNet lacks ("autopay", "paperless"): its last known word, as a relative
        for cut in range(2, len(surface) - 2):
            head, tail = surface[:cut], surface[cut:]
            tail_forms = lexicon.base_forms(tail)
            if tail_forms and (head in _PREFIXES or lexicon.base_forms(head)):
                found.update({form: DERIVED for form, _ in tail_forms})
                break
    for form, pos in _used(forms):
        for rank, offset in enumerate(lexicon.offsets(form, pos)[:SENSES]):
            synset = lexicon.synset(pos, offset)
            position = synset.words.index(form) if form in synset.words else -1
            for source, derived in synset.derived:
                if source == position and " " not in derived:
                    found[derived] = max(found.get(derived, 0.0), DERIVED)
            for synonym in synset.words:
                if " " not in synonym and (_spelling_variant(form, synonym) or not _time_word(surface)):
                    closeness = 1.0 if _spelling_variant(form, synonym) else SYNONYM_FIRST if rank == 0 else SYNONYM
                    found[synonym] = max(found.get(synonym, 0.0), closeness)
    return tuple(found.items())


def _able_stem(surface: str) -> tuple[str, ...]:
    """The verb an adjective in -able / -ible WordNet lacks is made from ("refundable": refund,
    "reschedulable": reschedule, "transferrable": transfer); () when it is not one."""
    if len(surface) < 7 or not surface.endswith(("able", "ible")):
        return ()
    lexicon = wordnet.open_default()
    base = surface[:-4]
    for stem in (base, base + "e", base[:-1] if len(base) > 2 and base[-1] == base[-2] else ""):
        verbs = tuple(form for form, pos in lexicon.base_forms(stem) if pos == "v") if stem else ()
        if verbs:
            return verbs
    return ()


_TIME_LEXFILE = 28  # noun.time in WordNet's lexicographer files


@lru_cache(maxsize=65536)
def _time_word(surface: str) -> bool:
    """Whether a word names a time ("tonight", "days", "a sec"): its most used noun sense is in
    WordNet's noun.time. A time is a detail of when, whose senses are broad ("days": life,
    "tonight": time): it fits a label by its own base forms and derived forms only."""
    lexicon = wordnet.open_default()
    for form, pos in _used(lexicon.base_forms(surface)):
        if pos == "n":
            offsets = lexicon.offsets(form, pos)
            return bool(offsets) and lexicon.lexfile(pos, offsets[0]) == _TIME_LEXFILE
    return False


def _used(forms: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The (base form, part of speech) pairs a word is used as in WordNet's sense-tagged corpus
    ("cat" the animal, not the verb "to vomit"); all of them when none was seen."""
    lexicon = wordnet.open_default()
    used = tuple((form, pos) for form, pos in forms if lexicon.tagged(form, pos) > 0)
    return used or forms


def _spelling_variant(first: str, second: str) -> bool:
    """British and American spellings of one word (recognise/recognize, colour/color)."""
    if len(first) == len(second):
        differences = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
        return len(differences) == 1 and set(differences[0]) == {"s", "z"}
    longer, shorter = (first, second) if len(first) > len(second) else (second, first)
    return len(longer) == len(shorter) + 1 and "our" in longer and longer.replace("our", "or", 1) == shorter


BROADER = 0.45  # what a caller's word is a kind or a part of ("sedan": car, "roof": house)
BROADER_LEVELS = 2


@lru_cache(maxsize=65536)
def broader(surface: str) -> tuple[tuple[str, float], ...]:
    """(word, BROADER) for the synsets the word's first SENSES senses are a kind, instance or
    part of, up to BROADER_LEVELS up: the caller names the instance, a label the category."""
    if surface.startswith("#") or BROADER <= 0 or _time_word(surface):
        return ()
    lexicon = wordnet.open_default()
    found: dict[str, float] = {}
    for form, pos in _used(lexicon.base_forms(surface)):
        frontier = [(pos, offset) for offset in lexicon.offsets(form, pos)[:SENSES]]
        for _ in range(BROADER_LEVELS):
            frontier = [parent for synset in frontier for parent in lexicon.broader(*synset)]
            for parent in frontier:
                for word in lexicon.words_of(*parent):
                    if " " not in word:
                        found.setdefault(word, BROADER)
    return tuple(found.items())


@lru_cache(maxsize=4096)
def _broader_nouns(surface: str) -> frozenset[str]:
    """The words of what the noun's first SENSES senses are kinds of, one level up ("cupcakes":
    cake): broader() for a thing named, without its verb senses ("skis": move)."""
    lexicon = wordnet.open_default()
    found: set[str] = set()
    for form, pos in _used(lexicon.base_forms(surface)):
        if pos != "n":
            continue
        for offset in lexicon.offsets(form, pos)[:SENSES]:
            for parent in lexicon.broader(pos, offset):
                found.update(word for word in lexicon.words_of(*parent) if " " not in word)
    return frozenset(found)


@lru_cache(maxsize=65536)
def _turn_keys(surface: str) -> tuple[tuple[str, float], ...]:
    """Everything a caller's word can match a label word by, the closest way for each key."""
    keys: dict[str, float] = {}
    for key, closeness in (*expansions(surface), *broader(surface)):
        if closeness > keys.get(key, 0.0):
            keys[key] = closeness
    return tuple(keys.items())


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a caller turn can be routed to by label: an edge of the node, or a global node."""

    id: str  # the edge id, or the global node's id
    target: str
    is_global: bool
    label: str
    description: str = ""

    @property
    def name(self) -> str:
        return self.label or self.description[:60]


@dataclass(slots=True)
class _Term:
    surface: str
    negated: bool
    weight: float  # field weight x idf
    exact: frozenset[str]  # its base forms
    intent: bool = False  # an action the label asks for ("wants to cancel")
    implied: bool = False  # an answer the label implies (#yes, #no), not one of its words
    objects: tuple[int, ...] = ()  # the terms of the noun phrase after it ("cancel" -> "appointment")
    modified: tuple[int, ...] = ()  # the terms modifying it ("grade" in "a grade change")
    narrowed: bool = False  # the label's own words name a kind of it by a noun ("visitor" in "a visitor pass")
    past: bool = False  # a past form ("a flight they booked"): what the label takes as done
    action: bool = False  # the noun of a light verb ("make a reservation"): the label's action
    actors: tuple[int, ...] = ()  # the wanted actions it is the object of ("reservation" in "cancel a reservation")
    alternative: bool = False  # one of options joined by "or" ("change or cancel"): ruling it out leaves the others
    done: bool = False  # the object of a step said as completed ("once you've finished the intro class")
    field: float = 1.0  # the field's weight (label 1, description DESCRIPTION_WEIGHT), before idf


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """The outcome of scoring a caller turn against a node's labelled candidates."""

    candidate: Candidate | None  # the best candidate scoring at least THRESHOLD; None: unmatched
    score: float  # the best candidate's score (0 when no label word was said)
    best: Candidate | None  # the best candidate whatever its score (None: no word of the turn is in a label)
    runner_up: Candidate | None
    runner_up_score: float
    words: tuple[str, ...]  # for the best candidate: "said=label word" pairs that counted

    @property
    def explanation(self) -> str:
        """For RoutingEvent.matched: what fit, how well, against what, on which words."""
        runner = (
            f"runner-up {self.runner_up.name!r} {self.runner_up_score:.2f}" if self.runner_up is not None else "no runner-up"
        )
        said = ", ".join(self.words) if self.words else "none"
        if self.candidate is not None:
            return f"label {self.candidate.name!r} score {self.score:.2f} ({runner}; words: {said})"
        if self.best is None:
            return f"no label fit (below {THRESHOLD:.2f}: no word of the turn is in a label)"
        return f"no label fit (below {THRESHOLD:.2f}: best {self.best.name!r} {self.score:.2f}, {runner}; words: {said})"


class _Stated(Protocol):
    """What a label states of a value a caller may say: a range of counts, hours, a span of days."""

    def holds(self, value: Any) -> bool | None: ...  # None: what was said bears on nothing it states

    def said(self) -> str: ...


@dataclass(frozen=True, slots=True)
class _Outside:
    """What a "no" to a yes/no question with a bound holds: every value the question's bound leaves
    out ("in the last two years?" - "No": more than two years ago)."""

    inside: _Stated

    def holds(self, value: Any) -> bool | None:
        held = self.inside.holds(value)
        return None if held is None else not held

    def said(self) -> str:
        return f"not {self.inside.said()}"


@dataclass(frozen=True, slots=True)
class _Reading:
    """One kind of value a label may state and a turn may say, read the same way: inside or not."""

    stated: Callable[[str], _Stated | None]  # what a label or description states
    said: Callable[[str], Any]  # what a caller's turn says (None: nothing)
    shown: Callable[[Any], str]  # the value as the explanation shows it
    least: int  # how many candidates must state one: a lone time or span is no choice between them
    globals: bool  # whether a global node's label is read too
    # a candidate whose label or description states this is read by another reading, not this one
    # (a range of ages is no range of head counts: "4 to 7" / "A young child")
    not_where: Callable[[str], object] | None = None
    # read first from the label and description together: the description may say what the
    # label's range is of ("In 1975 or later" / "Born on or after January 1, 1975": birth years)
    joined_first: bool = False
    # read only where this holds of what the candidates state ("Already had the surgery" /
    # "Surgery is still coming up": two sides of one event; one side alone is no choice), decided
    # once when the index is built
    opposed: Callable[[list[object]], bool] | None = None


def _ages_or_things(text: str) -> object:
    """A range of ages (in years or months), things counted or heights: not a head count."""
    return label_age_range(text) or label_age_months(text) or label_thing_range(text) or label_height(text) or label_money(text)


def _height_or_money(text: str) -> object:
    """A height or an amount of money: no number of things ("Under five foot four", "40 to 80 thousand a year")."""
    return label_height(text) or label_money(text)


def _money_said(said: tuple[float, str | None]) -> str:
    return f"{said[0]:,.0f}" + (f" a {said[1]}" if said[1] else "")


def _year_said(said: SaidYear) -> str:
    return f"{said.years[0]}" if said.years is not None else f"age {said.age}"


def _amounts(said: tuple[tuple[float, str], ...]) -> str:
    return ", ".join(f"{amount:g} {thing}".strip() for amount, thing in said)


_READINGS: tuple[_Reading, ...] = (
    _Reading(label_range, said_count, lambda count: f"{count}", 1, True, _ages_or_things),  # label_counts.py
    _Reading(label_thing_range, said_things, _amounts, 1, False, _height_or_money),  # label_things.py
    _Reading(label_hours, said_hour, lambda time: time.said(), 2, False),  # label_times.py
    _Reading(label_span, said_days_ago, lambda days: "never" if days == NEVER else f"{days:g} days ago", 2, False),  # label_durations.py
    _Reading(label_span_ahead, said_days_ahead, lambda days: f"in {days:g} days", 2, False),  # label_durations.py
    _Reading(label_age_range, said_age_or_number, lambda age: "a head count" if age == HEAD_COUNT else f"age {age}", 1, False),  # label_ages.py
    _Reading(label_days_a_week, said_days_a_week, lambda days: f"{days:.2g} days a week", 1, False),  # label_frequency.py
    _Reading(label_years, said_year, _year_said, 1, False, joined_first=True),  # label_years.py
    _Reading(label_length, said_length, lambda length: length.said(), 2, False),  # label_lengths.py
    _Reading(label_height, said_height, lambda inches: f"{inches:g} in", 1, False),  # label_heights.py
    _Reading(label_age_months, said_age_months, lambda months: f"{months:.1f} months old", 1, False),  # label_age_months.py
    _Reading(label_money, said_money, _money_said, 1, False, joined_first=True),  # label_money.py
    _Reading(label_days_of_year, said_day_of_year, lambda day: f"day {day} of the year", 1, False),  # label_calendar.py
    _Reading(label_timing, said_done, lambda done: "already happened" if done else "still to come", 2, False, opposed=opposed_sides),  # label_timing.py
    _Reading(label_regions, said_regions, lambda regions: " and ".join(sorted(regions)), 1, False),  # label_places.py
    _Reading(label_rate, said_rate, lambda rate: f"{rate[0]:g} h a {rate[1]}", 2, False),  # label_rates.py
    _Reading(label_percent, said_percent, lambda percent: f"{percent}%", 2, False),  # label_percents.py
)


def _position(stated: Callable[[str], object]) -> int:
    """Where the reading of a label function is in _READINGS (and in a LabelIndex's `stated`)."""
    return next(position for position, reading in enumerate(_READINGS) if reading.stated is stated)


_AGE_READING = _position(label_age_range)
_COUNT_READING = _position(label_range)
_SPAN_READING = _position(label_span)
_AHEAD_READING = _position(label_span_ahead)
_RATE_READING = _position(label_rate)
_MONEY_READING = _position(label_money)
_THINGS_READING = _position(label_thing_range)
_LENGTH_READING = _position(label_length)
_AGE_MONTHS_READING = _position(label_age_months)
# "Do you fix fences?", "can you paint my car?", "do you guys do inside painting?": the thing asked
# for is the last word before the question ends (or a "for", "too", "as well")
_ASKS_FOR = re.compile(
    r"\b(?:do|can|could|would|will)\s+(?:you|y'all)(?:\s+guys|\s+folks|\s+all)?\s+(?:also\s+|even\s+|still\s+|ever\s+)?"
    r"(?:do|sell|fix|repair|carry|rent|install|make|paint|build|offer|handle|clean|wash|deliver|develop|treat|stock"
    r"|sharpen|teach|give(?!\s+(?:me|us)\b)|cater|run|host|service|print|frame|ship|hire|groom|tow|tune|train|engrave|sew|alter|insure|finance)\s+"
    r"(?P<obj>(?:[a-z'-]+\s+){0,3}?[a-z'-]+)(?=\s*(?:[?.!]|$|,|\s+(?:for|too|as\s+well|there|here|anymore)\b))",
    re.IGNORECASE,
)
# asking to be pointed to another provider: "do you know a good plumber around here?", "Do you know
# anyone who does body work?", "can you recommend somebody to fix my garage door opener?": the
# caller asks about someone else's business, which no option of this one is
_ASKS_REFERRAL = re.compile(
    r"\b(?:do|would)\s+(?:you|y'all)(?:\s+guys|\s+folks|\s+all)?\s+(?:happen\s+to\s+)?know\s+(?:of\s+)?"
    r"(?:anybody|anyone|somebody|someone|any\s+(?:good\s+)?[a-z-]+"
    r"|an?\s+(?:good\s+|decent\s+|reliable\s+|cheap\s+)?[a-z-]+(?:\s+[a-z-]+)?\s*(?:[?.!]|$|,|\s+(?:around|near|nearby|in|who|that|for|to)\b))"
    r"|\b(?:can|could|would)\s+you\s+(?:recommend|suggest|refer\s+me\s+to)\s+(?:anybody|anyone|somebody|someone|an?\s+good\b|a\s+place\b)",
    re.IGNORECASE,
)
# asking whether the business comes to a place, named: "Do you go out as far as Cedar Hollow?",
# "do you even come out to Riverside?", "Do you work out in Pine Ridge?" (the place capitalised)
_ASKS_IF_YOU_COME = re.compile(
    r"\b(?i:do|does|would|will|can)\s+(?i:you|y'all|your\s+(?:inspectors|crews?|techs?|technicians|guys|people|drivers|divers))"
    r"(?:\s+(?i:guys|folks))?\s+(?:(?i:even|still|ever)\s+)?"
    r"(?i:go|come|travel|drive|get|deliver|service|serve|cover|build|work|make\s+it)\s+(?:(?i:out|all\s+the\s+way(?:\s+out)?)\s+)?"
    r"(?i:as\s+far\s+as|to|into|in|up\s+to|down\s+to|over\s+to|near|by|past)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|northern|southern|eastern|western|central|upstate|downstate)\s+)?[A-Z]"
    # "Do you cover Oak Hill?", "do y'all serve Westbrook?": the place the object itself
    r"|\b(?i:do|does|would|will|can)\s+(?i:you|y'all)(?:\s+(?i:guys|folks))?\s+(?:(?i:even|still)\s+)?"
    r"(?i:cover|serve|service)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s*(?:[?,.]|$)"
)
_HOURS = Word("hours", False)
# when the business opens or closes, asked: "What time does your office close?", "how late are you
# there on Thursdays?", "when do you guys open tomorrow?", "till what time are you open?"
_ASKS_HOURS = re.compile(
    r"\b(?:what\s+time|when|how\s+late|how\s+early|(?:un)?till?\s+what\s+time)\s+(?:do|does|are|is|will|would)\s+"
    r"(?:you|y'all|your\s+(?:office|store|shop|front\s+desk|counter|place)|the\s+(?:office|store|shop|front\s+desk|counter))"
    r"(?:\s+(?:guys|folks|all))?\s+(?:usually\s+)?(?:open|close|closing|opening|there|around|in\s+the\s+office)\b"
    # "Is your office open on Saturdays?", "are you guys closed on Memorial Day?"
    r"|\b(?:is|are)\s+(?:you|y'all|your\s+(?:office|store|shop|front\s+desk|counter|place)|the\s+(?:office|store|shop|front\s+desk|counter))"
    r"(?:\s+(?:guys|folks|all))?\s+(?:still\s+|even\s+)?(?:open|closed)\b",
    re.IGNORECASE,
)
# whether someone is there to answer at a time: "Does somebody pick up the phone on weekends?", "is
# anybody answering the phones before seven?" (a time said after it)
_PHONES_ANSWERED = re.compile(
    r"\b(?:pick(?:s|ing)?\s+up|answer(?:s|ing)?)\s+(?:the\s+)?phones?\b[^.?!]{0,30}?"
    r"(?:\b(?:before|after)\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|hours|dark|work)"
    r"|\bon\s+(?:the\s+)?(?:weekends?|holidays?|\w+days)\b|\b(?:weekends?|evenings?|at\s+night|nights|holidays?)\b"
    r"|\bin\s+the\s+(?:morning|evening)\b)",
    re.IGNORECASE,
)
_AREA = Word("area", False)
_AREA_ASKED = Word("#area", False)  # (a concept: no synonym of a word of the turn fits it, "dock" / "area")
_UNSURE = Word("#unsure", False)  # a hedge said: neither a yes nor a no, and the answer of a "Not sure" option
_NOT_A_THING = frozenset(["that", "those", "these", "this", "them", "it", "one", "ones", "any", "anything", "something", "work", "stuff",
                          "things", "that?", "kind", "sort", "type"])
# "not yet", "not quite" opening an answer to "anything else?": not finished, there is more
# An option begun and put off for a question first ("Save me... wait, before that, can I bring a
# stock tank?", "Book me... hang on, first, do you validate for the garage?"): a pause, a taking
# back, then "first" or "before that", and a question: the caller has something else to ask
_FIRST_A_QUESTION = re.compile(
    r"(?:\.\.\.|\u2026|\u2014|--)\s*(?:(?:no|nope|wait|sorry|actually|hold\s+on|hang\s+on|oh|well|hmm|um|uh|so|okay|not\s+yet)\b[\s,]*)*"
    # ("... hold on, before we sign anything, can we ...?": what comes before the offer is asked first)
    r"(?:first\b|before\s+(?:that|we|i|you)\b|one\s+(?:more\s+)?thing\s+first\b)[^?]*\?",
    re.IGNORECASE,
)
# one more thing announced: "I had a question about ...", "there's something about my card too",
# "there's my father's headstone too", "what about ...", "one more thing"
_ANOTHER_TOPIC = re.compile(
    r"\b(?:i\s+(?:have|had|got|'ve\s+got)\s+(?:a|one|another)\s+(?:more\s+|other\s+)?(?:question|thing)"
    r"|there's\s+(?:something|one\s+more|another)|there's\b[^.?!]{1,40}\btoo\b|what\s+about|one\s+more\s+thing)\b",
    re.IGNORECASE,
)
# the offer declined, and one more thing asked instead: "Book one? Not right now, but I've got another
# question about a box", "Permit? I'm fine there, but while I have you, the grant for the old stove",
# "Not yet, but I do want to ask about sending him mail"
_DECLINED_THEN_ASKS = re.compile(
    r"\b(?:no|nope|nah|not\s+(?:yet|now|today|right\s+now|really|at\s+the\s+moment)|i'm\s+(?:fine|good|set|all\s+set)\s+(?:there|on\s+that))"
    r"\b[^.?!]{0,30}?,?\s+but\s+(?:while\s+i\s+(?:have|'ve\s+got|got)\s+you"
    r"|(?:i|we)(?:\s+(?:did\s+|do\s+)?(?:have|had|got)|'ve\s+got|'ve)\s+(?:a|another|one\s+more|one\s+other)\s+(?:question|thing)"
    r"|(?:i|we)\s+(?:do\s+|did\s+)?(?:also\s+)?(?:want|wanted|need|needed)\s+to\s+(?:ask|know))\b",
    re.IGNORECASE,
)
# another question, added after an acknowledgement of the answer: "Okay. And do you charge extra for
# packages?", "Great, and is parking free?", "Got it. Also, do you ship to Canada?"
_AND_ANOTHER_QUESTION = re.compile(
    r"^\W*(?:(?:okay|ok|alright|all\s+right|great|cool|got\s+it|perfect|good|thanks|thank\s+you|sounds\s+good)\W+)+"
    r"(?:and|also|oh\s+and|and\s+also|plus|(?:a\s+)?(?:different|another|other|one\s+more)\s+question)\b[^?]*\?\s*$",
    re.IGNORECASE,
)


def _answered_after(text: str) -> bool:
    """Whether a question of the caller's is followed by their own yes ("Half off the first one?
    Okay, let's give it a shot"): a question thought aloud, then the answer to the agent's."""
    after = text[text.rindex("?") + 1 :]
    return bool(after.strip()) and any(word.surface == "#yes" for word in words(after)[:2])


# a label that opens as a caller holding the agent up ("Hold on, I had a question", "Wait, there's
# more"): the words after it are the edge's (a caller's turn that opens so says why to the end of the
# sentence, see !hold; a label has no call to hold)
_HOLD_OPENING = re.compile(r"^\W*(?:oh,?\s+)?(?:hold\s+on|hang\s+on|wait)(?:\s+a\s+(?:sec|second|minute))?\W+(?=\w)", re.IGNORECASE)


# a label that is only a hold ("Actually, hang on", "Wait", "Hold on a sec"): the caller stops the
# agent for something else (an edge beside the offer and the goodbye)
_ONLY_A_HOLD = re.compile(
    r"^\W*(?:(?:oh|actually|wait|um|uh|well|no)\W+)*(?:hold\s+on|hang\s+on|wait|hold\s+up|one\s+sec(?:ond)?|just\s+a\s+(?:sec(?:ond)?|minute))"
    r"(?:\s+a\s+(?:sec(?:ond)?|minute))?\W*$",
    re.IGNORECASE,
)
# a decision put off ("I'll mull it over", "let me think about it", "I'll call you back")
_PUT_OFF = re.compile(
    r"\b(?:" + "|".join(phrase.replace(" ", r"\s+") for phrase in _PUT_OFF_PHRASES) + r"|get\s+back\s+to\s+you|call\s+(?:you\s+)?back)\b",
    re.IGNORECASE,
)


def _label_words(label: str) -> tuple[Word, ...]:
    """The words of an edge's label, a hold it opens with left out (_HOLD_OPENING), and the okay
    that opens a decision put off ("Alright, I'll mull it over"): no yes to the offer ("Okay,
    that's what I needed" keeps its okay: a caller's "Perfect, thanks" is that)."""
    if _ONLY_A_HOLD.match(label):
        return (Word("#other", False),)  # "Actually, hang on": the caller holding the agent up has something else
    said = words(_HOLD_OPENING.sub("", label))
    if any(word.surface == "#yes" for word in said) and _PUT_OFF.search(label):
        said = tuple(word for word in said if word.surface != "#yes")
    if _COVERAGE.search(label):
        said = (*said, _AREA_ASKED)  # "Do you cover my state?", "What waters do you cover?": the area served
    return said


def _description_words(description: str) -> tuple[Word, ...]:
    """The words of a description, and the area served where it names it ("The towns we deliver
    to and the delivery day in each")."""
    said = words(description)
    if _COVERAGE.search(description):
        said = (*said, _AREA_ASKED)
    return said


# a label asking where the business works: "Do you cover my state?", "What waters do you cover?",
# "Do you come to my town?", "Can you fly where I am?"
_ASKS_COVERAGE = re.compile(
    r"\b(?:do|does|can|will)\s+(?:you|y'all)\s+(?:cover|serve|service|come\s+(?:out\s+)?to|go\s+to|travel\s+to|deliver\s+to|work\s+in)\b"
    r"|\b(?:what|which)\s+(?:\w+\s+)?(?:areas?|waters|towns|counties|states|regions)\s+do\s+you\s+(?:cover|serve|work)\b",
    re.IGNORECASE,
)


# the area served, named: a question of it ("Do you cover my state?"), the towns or places served
# ("The towns we deliver to", "neighborhoods we cover"), or whether a place is among them ("Is my
# town on your route?", "Is my street in your area?")
_COVERAGE = re.compile(
    rf"{_ASKS_COVERAGE.pattern}"
    r"|\b(?:towns|areas|places|neighborhoods|counties|cities|zip\s+codes|suburbs|communities)\s+(?:that\s+)?(?:we|you|the\s+\w+)\s+"
    r"(?:deliver\s+to|cover|serve|service|go\s+to|come\s+to|drive\s+to|work\s+in|visit)\b"
    r"|\bis\s+my\s+(?:town|area|street|neighborhood|city|county|zip(?:\s+code)?|address)\s+(?:on\s+your\s+route|in\s+your\s+(?:area|range)|covered)\b",
    re.IGNORECASE,
)


_NOT_YET = re.compile(r"^\W*(?:(?:um|uh|oh|well),?\s+)?not\s+(?:yet|quite)\b(?!\s+(?:sure|certain|ready))", re.IGNORECASE)
# a step the caller has already taken, to the end of its clause: "we already did all the check-in
# business", "I already checked in", "already filled out the forms" (not what is had: "already
# booked", "already paid" say there is one, _HAS_ONE_ALREADY)
_ALREADY_DONE = re.compile(
    r"\b(?:we|i|we've|i've|they|she|he)\s+(?:have\s+|had\s+)?already\s+(?:did|done|finished|completed|handled|took\s+care\s+of|went\s+through"
    r"|checked\s+in|checked\s+out|signed\s+in|filled\s+out|filled\s+in"
    # a step had or taken: "I already had my consult", "she already took the intro class" (not "I
    # already have an appointment": what is had now is there, as "already booked" is)
    r"|(?:had|took|taken|passed|attended)\s+(?:my|our|the|a|an|his|her|their)\s)\b[^.;,!?]*",
    re.IGNORECASE,
)
_SOMETHING_ELSE = re.compile(r"\b(?:something|anything|one\s+more|another)\s+(?:else|thing|question)\b", re.IGNORECASE)
# done with one topic, not with the call: "That's all on delivery, but I do want to ask about
# picking the right tree", "That's it for the mix, but can I also ask about a trailer?"
_DONE_WITH_TOPIC = re.compile(
    r"^\W*(?:(?:um|uh|oh|well|okay|ok|so),?\s+)*(?:that's|that\s+is|that\s+was)\s+(?:all|it|everything)\s+(?:on|for|about|with|as\s+far\s+as)\s+"
    r"[^,.;!?]{1,40}?,?\s+but\s+(?=\S)",
    re.IGNORECASE,
)
# a label that is nothing but a range of numbers: "Under 6", "6 to 12", "13 and up", "Between 4 and 8"
_BARE_RANGE = re.compile(
    rf"^\s*(?:(?:{NUMBER}|to|under|over|or|and|more|up|plus|between|less|fewer|than|at|least|most|younger|older"
    r"|below|above|-|\u2013|\+)\s*)+[.!?]?\s*$",
    re.IGNORECASE,
)


def _an_option_states(index: LabelIndex, found: dict[int, tuple[_Stated, float]]) -> bool:
    """Whether an edge of the node (not a global node) states a value of the reading of `found`:
    then its siblings are read as of the same kind."""
    return any(not index.candidates[position].is_global for position in found)


def _siblings(index: LabelIndex, found: dict[int, tuple[_Stated, float]]) -> Iterable[tuple[int, Candidate]]:
    """The node's edges that state no value of the reading of `found`: the siblings to read again."""
    return ((position, candidate) for position, candidate in enumerate(index.candidates)
            if not candidate.is_global and position not in found)


def _today_beside_ahead(index: LabelIndex) -> None:
    """Where one option of a node states a span ahead ("Tomorrow or later"), a sibling that is only
    "Today" is under a day ahead, as a person reads the menu (alone, "Today" may be when
    something happened: not read)."""
    ahead = index.stated[_AHEAD_READING]
    if not _an_option_states(index, ahead):
        return
    for position, candidate in _siblings(index, ahead):
        if label_today(candidate.label):
            ahead[position] = (TODAY_AHEAD, 1.0)


def _bare_spans_as_ago(index: LabelIndex) -> None:
    """Where one option of a node states how long ago ("Less than a year ago", "Tested in over
    five years"), a sibling that states years or months without "ago" ("1 to 5 years") is how long
    ago too, as a person reads the menu: read by the span reading, not as ages or counts."""
    spans = index.stated[_SPAN_READING]
    if not _an_option_states(index, spans):
        return
    if any(_AGE_SAID.search(candidate.label) for candidate in index.candidates if not candidate.is_global):
        return  # "Less than 3 years old" / "three to six years": a menu of ages (label_ages.py)
    for position, candidate in _siblings(index, spans):
        if _AGO.search(candidate.label):
            continue
        if (stated := label_span(f"{candidate.label} ago")) is not None:
            spans[position] = (stated, 1.0)
            for other in (_AGE_READING, _COUNT_READING):
                index.stated[other].pop(position, None)


def _hours_beside_rates(index: LabelIndex) -> None:
    """Where one option of a node states hours per period ("Under 10 hours a week"), a sibling
    that states hours without one ("10 to 40 hours") is of the same period, as a person reads the
    menu: read by the rate reading, not as how long something lasts."""
    rates = index.stated[_RATE_READING]
    if not _an_option_states(index, rates):
        return
    period = next(stated.period for stated, _ in rates.values() if isinstance(stated, HoursRate))
    for position, candidate in _siblings(index, rates):
        if (stated := label_hours_beside(candidate.label, period)) is not None:
            rates[position] = (stated, 1.0)
            index.stated[_LENGTH_READING].pop(position, None)


def _one_way_measured(index: LabelIndex) -> None:
    """Where one option of a node says which way its length is measured ("Under 30 feet wide"),
    its siblings' lengths ("30 to 50 ft") are measured that way too, as a person reads the menu."""
    things = index.stated[_THINGS_READING]
    ways = {stated.dimension for stated, _ in things.values() if isinstance(stated, ThingRange) and stated.dimension}
    if len(ways) != 1:
        return
    way = ways.pop()
    for position, (stated, weight) in list(things.items()):
        if isinstance(stated, ThingRange) and not stated.dimension and stated.thing in ("foot", "inch", "yard", "meter", "mile"):
            things[position] = (replace(stated, dimension=way), weight)


def _amounts_as_money(index: LabelIndex) -> None:
    """Where one option of a node states money ("Under $200 a month"), a sibling that states an
    amount without a word of money ("Two hundred a month or more") is money too, as a person reads
    the menu: read by the money reading, not as a count, a span or a length."""
    money = index.stated[_MONEY_READING]
    if not _an_option_states(index, money):
        return
    for position, candidate in _siblings(index, money):
        if (stated := label_money(f"{candidate.label} dollars")) is not None:
            money[position] = (stated, 1.0)
            for other, found in enumerate(index.stated):
                if other != _MONEY_READING:
                    found.pop(position, None)


def _menu_of_lengths(index: LabelIndex) -> None:
    """Where two or more options of a node each name one length and no bound ("60 minutes" / "90
    minutes" / "The extended float, two and a half hours"), each states that length, as a person
    reads the menu: "an hour and a half" is the 90 minutes. Not where an option states a bound
    (label_length reads those), nor where two options name the same length."""
    lengths = index.stated[_LENGTH_READING]
    if _an_option_states(index, lengths):
        return
    named: dict[int, Length] = {}
    for position, candidate in _siblings(index, lengths):
        stated = label_one_length(candidate.label)
        if stated is None and candidate.description and not _LENGTH_SAID.search(candidate.label):
            stated = label_one_length(candidate.description)
        if stated is not None:
            named[position] = stated
    if len(named) >= 2 and len(set(named.values())) == len(named):
        for position, stated in named.items():
            lengths[position] = (stated, 1.0)


_LENGTH_SAID = re.compile(r"\b(?:minutes?|hours?|days?|nights?|weeks?|months?|years?)\b", re.IGNORECASE)


def _lengths_not_ages(index: LabelIndex) -> None:
    """Where an option of a node states how long something lasts in so many words ("Caller's trip
    is longer than three months"), its siblings' weeks and months ("Under 2 weeks", "2 weeks to 3
    months") are lengths too, as a person reads the menu: not ages in months (unless an option
    speaks of age: "Under 8 weeks old") nor how long ago (unless one says when: "ago", "since")."""
    lengths = index.stated[_LENGTH_READING]
    edges = [position for position, candidate in enumerate(index.candidates) if not candidate.is_global]
    if not any(position in lengths and _LASTING.search(index.candidates[position].label) for position in edges):
        return
    said = " ".join(f"{index.candidates[position].label} {index.candidates[position].description or ''}" for position in edges)
    if not _AGE_SAID.search(said):
        index.stated[_AGE_MONTHS_READING].clear()
    if not _WHEN_SAID.search(said):
        index.stated[_SPAN_READING].clear()


_LASTING = re.compile(r"\b(?:long|longer|shorter|lasts?|lasting|length)\b", re.IGNORECASE)
_WHEN_SAID = re.compile(r"\b(?:ago|since|last|past|when|before|after|away|ahead|from\s+now)\b", re.IGNORECASE)


_AGO = re.compile(r"\bago\b", re.IGNORECASE)  # (words of age: none on the menu, see above)
_AGE_SAID = re.compile(r"\b(?:old|age|ages|aged)\b", re.IGNORECASE)


def _bare_ranges_as_ages(index: LabelIndex) -> None:
    """Where one option of a node states ages ("Player is 13 or older"), its siblings that are
    only a range of numbers ("Under 6", "6 to 12") are ages too, as a person reads the menu: read
    by the age reading, not as head counts."""
    ages, counts = index.stated[_AGE_READING], index.stated[_COUNT_READING]
    if not _an_option_states(index, ages):
        return
    for position, candidate in _siblings(index, ages):
        if not _BARE_RANGE.match(candidate.label):
            continue
        if (stated := label_range(candidate.label)) is not None:
            ages[position] = (stated, 1.0)
            counts.pop(position, None)


@dataclass(slots=True)
class LabelIndex:
    """The labelled candidates of one node, indexed for scoring caller turns."""

    candidates: tuple[Candidate, ...]
    terms: list[list[_Term]] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)  # per candidate: 1 / BM25 length normalisation
    keys: dict[str, list[tuple[int, int, float]]] = field(default_factory=dict)  # key -> (candidate, term, closeness)
    domain: frozenset[str] = frozenset()  # the pathway's vocabulary (PathwayWords); empty: unknown
    business: frozenset[str] = frozenset()  # the base forms of the business's name (PathwayWords)
    asks: bool = False  # the node asks the caller something, past the start: its edges are answers
    anything_else: bool = False  # the node asks "anything else?" (set by _answer_terms)
    reaches: dict[str, float] = field(default_factory=dict)  # caller word -> _shared_idf
    # caller word -> the keys of it (_turn_keys) this index has, with their entries: most keys of a
    # word are in no label, and a word is said again and again (bounded by the callers' vocabulary)
    hits: dict[str, tuple[tuple[float, list[tuple[int, int, float]]], ...]] = field(default_factory=dict)
    # per reading of _READINGS: candidate -> what its label (else description) states, field weight
    stated: tuple[dict[int, tuple[_Stated, float]], ...] = field(default_factory=lambda: tuple({} for _ in _READINGS))
    other: int | None = None  # the edge offered as "Something else" beside the node's other options
    something_else: int | None = None  # the one edge whose label speaks of something else ("Something else about my lesson")
    offer_or_else: bool = False  # the node offers one thing "or something else?" (its yes is the offer)

    @classmethod
    def build(
        cls,
        candidates: Iterable[Candidate],
        *,
        yes_no: bool = False,
        question: str = "",
        informs: bool = False,
        asks: bool = False,
        pathway: PathwayWords | None = None,
    ) -> LabelIndex:
        """`yes_no`: the node asks a yes/no question ("Is it working now?"), so a bare yes or no
        answers it: when no label says yes (or no) itself, a yes fits the node's edges that are
        stated positively and a no the ones stated negatively (a negation, a problem, nothing
        else), as the person answering the question would mean them; when no edge is stated
        negatively, a yes fits the one edge that restates `question` (the node's question:
        "Has your pet been seen here before?" / "the pet has been seen here before") and a no
        the others. On such a node a caller who asks a question of their own fits a label's
        "question" ("Caller has another question").
        `informs`: the node tells the caller something and asks nothing ("We open at 8."): an
        acknowledgement ("Okay, thanks", "Perfect") fits its one labelled edge, if it has only one."""
        pathway = pathway or PathwayWords()
        index = cls(tuple(candidates), domain=pathway.vocabulary, business=pathway.business, asks=asks)
        for candidate in index.candidates:
            terms: dict[tuple[str, bool], _Term] = {}
            for text, weight in ((candidate.label, 1.0), (candidate.description, DESCRIPTION_WEIGHT)):
                placed = _where_in_label(text) if candidate.is_global and text is candidate.label else frozenset()
                for word in (_label_words(text) if text is candidate.label else _description_words(text)):
                    if candidate.is_global and word.surface in _ANSWERS:
                        continue  # a global node answers no node's question: "too late to file" is no "no"
                    if word.surface == "today" and text is not candidate.label:
                        # "whether it is open today": a detail of a description, a label's whole matter ("Today's, please")
                        _add_term(terms, word, weight * WHEN)
                        continue
                    _add_term(terms, word, PLACE_WEIGHT if word.surface in placed else weight)
            if ("#reschedule", False) in terms:
                terms[("#reschedule", False)].implied = True  # read from the label's words: no word more of it
            keys = list(terms)
            linked: set[tuple[str, bool]] = set()  # a term is linked where its text first uses it with an object (label first)
            for text in (candidate.label, candidate.description):
                said = words(text)
                for at, word in enumerate(said):
                    term = terms.get((word.surface, word.negated))
                    if term is None or (word.surface, word.negated) in linked:
                        continue
                    if not (word.intent or _modifier(word)):
                        continue  # "a grade or a grade change": linked where it has an object or head
                    linked.add((word.surface, word.negated))
                    term.objects = tuple(
                        keys.index((following.surface, following.negated))
                        for following in _object(said, at)
                        if (following.surface, following.negated) in terms and following.surface != word.surface
                    )
                    if not word.intent and term.objects:  # a modifier: its head knows it ("grade change")
                        head = terms[keys[term.objects[0]]]
                        head.modified = (*head.modified, keys.index((word.surface, word.negated)))
                        if text is candidate.label and _noun_modifier(word.surface):
                            head.narrowed = True  # "a visitor pass": the label names one kind of pass
                    elif term.objects:  # a wanted action: its object knows it ("cancel a reservation")
                        for object_index in term.objects:
                            acted = terms[keys[object_index]]
                            acted.actors = (*acted.actors, keys.index((word.surface, word.negated)))
                linked.update((word.surface, word.negated) for word in said)  # the label's use of a word decides
            for text in (candidate.label, candidate.description):
                said = words(text)
                for at in completed_objects(said):
                    if (term := terms.get((said[at].surface, said[at].negated))) is not None:
                        term.done = True
            for text in (candidate.label, candidate.description):
                for surface in _alternatives(text):
                    for option in ((surface, False), (surface, True)):
                        if option in terms and "v" in _parts_of_speech(surface) and not _past_form(surface):
                            terms[option].alternative = True  # actions offered ("change or cancel"), not states ("lost or damaged")
            index.terms.append(list(terms.values()))
            for reading, found in zip(_READINGS, index.stated, strict=True):
                if candidate.is_global and not reading.globals:
                    continue
                # last, the two read together: a description may say what the label's numbers are
                # of ("4 to 7" / "A young child just starting out": ages)
                joined = f"{candidate.label}. {candidate.description}" if candidate.description else ""
                if reading.not_where is not None and any(text and reading.not_where(text) is not None
                                                         for text in (candidate.label, candidate.description, joined)):
                    continue
                texts = ((candidate.label, 1.0), (candidate.description, DESCRIPTION_WEIGHT), (joined, 1.0))
                for text, weight in (texts[2:] + texts[:2]) if reading.joined_first else texts:
                    if text and (value := reading.stated(text)) is not None:
                        found[len(index.terms) - 1] = (value, weight)
                        break
        _bare_ranges_as_ages(index)
        _bare_spans_as_ago(index)
        _lengths_not_ages(index)
        _menu_of_lengths(index)
        _amounts_as_money(index)
        _one_way_measured(index)
        _hours_beside_rates(index)
        _today_beside_ahead(index)
        for reading, found in zip(_READINGS, index.stated, strict=True):
            if reading.opposed is not None and not reading.opposed([stated for stated, _ in found.values()]):
                found.clear()  # one side of an event alone, or sides of two events: no choice between them
        edges = [position for position, candidate in enumerate(index.candidates) if not candidate.is_global]
        others = [position for position in edges if [w.surface for w in _label_words(index.candidates[position].label)] == ["#other"]]
        if asks and not yes_no and len(others) == 1 and len(edges) >= 3:
            index.other = others[0]  # "Jewelry or gold / Electronics / Something else"
        speaking = [position for position in edges if "#other" in {w.surface for w in _label_words(index.candidates[position].label)}]
        # ("Want me to start a quote, or is there something else?" is a yes/no question with its something else)
        offer_or_else = bool(question) and _OFFER_OR_ELSE.search(last_question(question) or "") is not None
        if asks and (not yes_no or offer_or_else) and len(speaking) == 1 and len(edges) >= 3:
            index.something_else = speaking[0]
            index.offer_or_else = offer_or_else
        if yes_no:
            index._answer_terms(question)
        elif informs:
            index._acknowledgement_terms()
        if question and not informs:
            index._option_terms(question)
            index._choice_terms(question)
        count = len(index.candidates)
        lengths = [sum(term.weight for term in terms if not term.implied) for terms in index.terms]  # an implied answer is no label word
        average = (sum(lengths) / count) or 1.0
        index.scale = [1.0 / (1.0 - LENGTH_NORM + LENGTH_NORM * length / average) for length in lengths]
        for position, terms_of in enumerate(index.terms):
            for term_index, term in enumerate(terms_of):
                df = sum(
                    1
                    for other in index.terms
                    if any(
                        term.negated == t.negated and term.exact & t.exact and (not term.action or not t.actors)
                        for t in other
                    )
                )
                term.field = term.weight * index._pathway_factor(position, term, pathway)
                term.weight = term.field * math.log((count + 1) / df) / math.log(count + 1)
                for key, closeness in expansions(term.surface):
                    index.keys.setdefault(key, []).append((position, term_index, closeness))
                if not term.negated and not term.past and term.exact & _CANCELLING:
                    index.keys.setdefault("#absent", []).append((position, term_index, 1.0))  # "we can't make it"
                if yes_no and not term.negated and "question" in term.exact and not index.candidates[position].is_global:
                    # "do you sell gift cards?" is the node's "I have another question"; a global node's
                    # "someone to read the exam questions" is about questions, not one asked
                    index.keys.setdefault(ASKS, []).append((position, term_index, 1.0))
                elif position == index.something_else and term_index == 0:
                    # "Would you like to book, or can I help with something else?" - "Is there a gift
                    # shop at the depot?": a question of the caller's own is the something else, by
                    # half a word: any option the question names is read first
                    index.keys.setdefault(ASKS, []).append((position, term_index, SOMETHING_ELSE_ASKED))
        return index

    def _pathway_factor(self, position: int, term: _Term, pathway: PathwayWords) -> float:
        """How much a label word weighs for what the whole pathway says (PathwayWords): its
        inverse document frequency among the pathway's labels, blended in at PATHWAY_IDF ("boat"
        at a marina, said by most labels, weighs less than "fuel"); BUSINESS when it names the
        business itself ("Emergency at the campground" at Pine Hollow Campground)."""
        factor = 1.0
        if pathway.documents:
            count = len(pathway.documents)
            df = sum(1 for document in pathway.documents if term.exact & document) or 1
            factor *= 1.0 - PATHWAY_IDF + PATHWAY_IDF * math.log((count + 1) / df) / math.log(count + 1)
        if term.exact & pathway.business and term.surface in _definite(self.candidates[position]):
            factor *= BUSINESS  # "the school", "the campground": the business itself, not a topic
        return factor

    def _answer_terms(self, question: str) -> None:
        edges = [position for position, candidate in enumerate(self.candidates) if not candidate.is_global]
        if _OFFER_OR_ELSE.search(last_question(question) or ""):
            # "Want me to start a quote, or is there something else?": the yes is the offer, the no
            # is done; the edge for something else answers neither (a question of the caller's own)
            edges = [position for position in edges if all(term.surface != "#other" for term in self.terms[position])]
        says_yes = {position for position in edges if any(term.surface == "#yes" for term in self.terms[position])}
        anything_else = bool(_ANYTHING_ELSE_QUESTION.match(last_question(question) or ""))
        self.anything_else = anything_else
        # "Anything else?" - "Ask something else": something else is the yes there, not a no
        negatives = _NEGATIVE_TOKENS - {"#other"} if anything_else else _NEGATIVE_TOKENS
        negative = {
            position
            for position in edges
            if position not in says_yes  # "accepts the freeze instead of cancelling" is a yes
            and any(term.negated or term.surface in negatives for term in self.terms[position])
        }
        if not negative and not says_yes and question:
            restating = self._restating(edges, question)
            if restating is not None:
                # "Has your pet been seen here before?": the edge that restates it is the yes
                says_yes, negative = {restating}, set(edges) - {restating}
        if says_yes and len(says_yes) < len(edges):
            # no edge is stated negatively: a no goes to the edges other than the ones that say yes
            # ("Caller agrees to pay the fee" / "Caller decides to keep the original flight")
            negative = set(edges) - says_yes
        if not negative or len(negative) == len(edges):
            return  # no yes/no split among the edges
        self._question_bounds(question, edges, negative)
        said = {term.surface for position in edges for term in self.terms[position]}
        for position in edges:
            answers = ["#no" if position in negative else "#yes"]
            if position not in negative and anything_else:
                answers.append("#other")  # "Anything else?" - "one more thing": yes, something else
            if position in negative and anything_else:
                answers.append("#done")  # "Anything else?" - "that's all I needed": no, done
            for answer in answers:
                terms = {(term.surface, term.negated): term for term in self.terms[position]}
                if answer not in said:
                    _add_term(terms, Word(answer, False), 1.0)
                    terms[(answer, False)].implied = True
                elif answer == "#other" and (answer, False) in terms:
                    _add_term(terms, Word(answer, False), 1.0)  # its description's "something else to ask": the yes itself
                self.terms[position] = list(terms.values())

    def _question_bounds(self, question: str, edges: list[int], negative: set[int]) -> None:
        """A yes/no question that states a bound ("Have you had one with us in the last two
        years?", "Is it newer than 2010?"): the yes holds what it states, the no what it leaves
        out, as a person hears "three years ago" as a no. Read only where the yes states no value
        of that kind itself (a no that states one keeps it), and only for a single yes."""
        asked = last_question(question) or ""
        yes = [position for position in edges if position not in negative]
        if not asked or len(yes) != 1:
            return
        for reading, found in zip(_READINGS, self.stated, strict=True):
            if reading.opposed is not None:
                continue
            if yes[0] in found:
                if not any(position in found for position in negative):
                    # "Yes, Africa or South America" / "No, not there": the no is everything else
                    for position in negative:
                        found[position] = (_Outside(found[yes[0]][0]), 1.0)
                continue
            stated = reading.stated(asked)
            if stated is None:
                continue
            found[yes[0]] = (stated, 1.0)
            for position in negative:
                found.setdefault(position, (_Outside(stated), 1.0))  # ("checked more than two years ago": its own)

    def _option_terms(self, text: str) -> None:
        edges = [position for position, candidate in enumerate(self.candidates) if not candidate.is_global]
        if len(edges) != 1:
            return
        terms = {(term.surface, term.negated): term for term in self.terms[edges[0]]}
        for word in words(text):
            if word.surface.startswith("#") or word.negated or (word.surface, False) in terms:
                continue
            if word.surface.endswith("ing") or not (_past_form(word.surface) or _parts_of_speech(word.surface) & {"n", "a", "s"}):
                continue  # the options offered: things and states ("wheels", "color", "stolen"), not "wondering"
            _add_term(terms, word._replace(intent=False, obj=(), action=False), DESCRIPTION_WEIGHT)
            if (word.surface, False) in terms:
                terms[(word.surface, False)].implied = True
        self.terms[edges[0]] = list(terms.values())

    def _choice_terms(self, text: str) -> None:
        """A question offering two options ("Do you want to move the visit to another day, or
        cancel it altogether?") on a node with two labelled edges: when one option shares more
        words with one edge than with the other, the option's words are that edge's (and the other
        option's the other edge's), as a description's are: the caller answers in the question's
        words ("just move it to the afternoon" / "Reschedule the visit")."""
        edges = [position for position, candidate in enumerate(self.candidates) if not candidate.is_global]
        asked = last_question(text)
        if len(edges) != 2 or " or " not in asked:
            return
        first, _, second = asked.partition(" or ")
        options = [first.rstrip(" ,").rsplit(",", 1)[-1], second]
        shared = [
            [len(_plain_forms(option) & _plain_forms(f"{self.candidates[p].label} {self.candidates[p].description}")) for p in edges]
            for option in options
        ]
        leaning = [0 if row[0] > row[1] else 1 if row[1] > row[0] else None for row in shared]
        if leaning[0] == leaning[1]:
            return  # neither option tells the edges apart, or both point at the same edge
        first_edge = leaning[0] if leaning[0] is not None else 1 - (leaning[1] or 0)
        for option, edge in zip(options, (first_edge, 1 - first_edge), strict=True):
            position = edges[edge]
            terms = {(term.surface, term.negated): term for term in self.terms[position]}
            for word in words(option):
                if word.surface.startswith("#") or (word.surface, word.negated) in terms:
                    continue
                _add_term(terms, word._replace(intent=False, obj=(), action=False), DESCRIPTION_WEIGHT)
                if (word.surface, word.negated) in terms:
                    terms[(word.surface, word.negated)].implied = True
            self.terms[position] = list(terms.values())

    def _acknowledgement_terms(self) -> None:
        edges = [position for position, candidate in enumerate(self.candidates) if not candidate.is_global]
        if len(edges) != 1:
            return
        terms = {(term.surface, term.negated): term for term in self.terms[edges[0]]}
        for answer in ("#yes", "#thanks", "#done"):  # ("Perfect, that's what I needed.": an acknowledgement too)
            if (answer, False) not in terms:
                _add_term(terms, Word(answer, False), 1.0)
                terms[(answer, False)].implied = True
        self.terms[edges[0]] = list(terms.values())

    def _restating(self, edges: Sequence[int], question: str) -> int | None:
        """The one edge whose label restates the question: it says at least two of the
        question's words (base forms, function words aside, light verbs included: "been seen
        here before") and every other edge says fewer."""
        asked_text = _OFFER_OR_ELSE.sub("?", last_question(question))  # ("Want to look at trailers, or is there something else?": the offer)
        if re.search(r",\s*or\s", asked_text):
            return None  # "Is this to renew a registration, or to register a vehicle?": each edge restates one option
        asked = _plain_forms(asked_text)
        said = sorted(
            ((len(asked & _plain_forms(self.candidates[position].label)), position) for position in edges), reverse=True
        )
        if len(said) < 2 or said[0][0] < 2 or said[1][0] >= said[0][0]:
            return None
        return said[0][1]

    def _mismatched_objects(self, said: Sequence[Word], best: dict[tuple[int, int], tuple[float, str, int]]) -> None:
        """A word said in another role than the label's counts ARGUMENT of a match:
        * a label's action said of something else: "book a flight" fits "book a new appointment"
          by its verb only when the label's object (appointment) is not said and the caller's
          (flight) fits nothing in that label (a label's modifier likewise: "the change fee");
        * a label's modified noun said as an action on something else: "change my address" and
          "a grade change", unless the label's modifier (grade) is said too;
        * a label's wanted action (or the noun of its light verb: "make a reservation") said as
          the object of another of the caller's verbs that fits nothing in the label: "cancel the
          booking" and "wants to book a flight", "move our reservation" and "make a reservation";
        * the caller's wanted action said of what the label's action acts on: "to reserve" and
          "cancel a reservation", unless the label's action (cancel) is said too;
        * the noun of the caller's light verb said as a modifier in the label, its head not said:
          "make a payment" and "needs a payment plan";
        * a noun the label narrows to one kind by a noun before it, said without that noun: "the
          lines" and "a downed power line", "a bus pass" and "a visitor pass"."""
        fitted: dict[int, set[int]] = {}  # candidate -> the caller words that fit it
        for (position, _), (credit, _, at) in best.items():
            if credit > 0:
                fitted.setdefault(position, set()).add(at)
        for (position, term_index), (credit, surface, at) in list(best.items()):
            term = self.terms[position][term_index]
            if credit <= 0:
                continue
            following = _object_places(said, at) if said[at].obj else []
            if said[at].intent and any(place not in fitted[position] and self._foreign(said[place].surface) for place in following):
                # the caller's wanted action said of a thing the business never speaks of: "order a
                # birthday cake" at a florist's, "return a package" at a tax office
                best[(position, term_index)] = (credit * ARGUMENT, surface, at)
                continue
            foreign = bool(following) and not any(place in fitted[position] for place in following)
            if foreign and term.objects and not any((position, linked) in best for linked in term.objects):
                # a wanted action or a modifier, the label's own object or head not said:
                # "book a flight" / "book an appointment"; "change my seat" / "the change fee"
                best[(position, term_index)] = (credit * ARGUMENT, surface, at)
                continue
            if (
                said[at].action
                and not following
                and term.objects
                and not term.intent
                and not any((position, linked) in best for linked in term.objects)
            ):
                # the caller's action noun is a modifier in the label, its head not said: "make a payment" / "a payment plan"
                best[(position, term_index)] = (credit * ARGUMENT, surface, at)
                continue
            if term.modified and not any((position, linked) in best for linked in term.modified):
                if foreign:
                    best[(position, term_index)] = (credit * ARGUMENT, surface, at)  # "change my address" / "a grade change"
                    continue
                if term.narrowed:
                    best[(position, term_index)] = (credit * ARGUMENT, surface, at)  # "the lines" / "a downed power line"
                    continue
            if term.actors and said[at].intent and not any((position, actor) in best for actor in term.actors):
                # the caller's action is the label's object: "to reserve" / "cancel a reservation"
                best[(position, term_index)] = (credit * ARGUMENT, surface, at)
                continue
            if term.intent or term.action:
                # the caller's noun is what another of the caller's verbs acts on ("cancel the booking"):
                # the caller's action is that verb, not the label's ("book a flight")
                verb = next((w for w in said[:at] if said[at].surface in w.obj and "v" in _parts_of_speech(w.surface)), None)
                if verb is not None and said.index(verb) not in fitted[position]:
                    best[(position, term_index)] = (credit * ARGUMENT, surface, at)

    def _denied_option(self, best: dict[tuple[int, int], tuple[float, str, int]], totals: list[float]) -> set[int]:
        """Of the two labelled edges of a node that asks the caller something (past the start
        node, whose "how can I help?" offers no two options), a turn that only denies what one says
        ("I didn't send it" / "Caller sent it", "Not opening, we're done till next summer" /
        "Opening the pool") answers with the other ("Caller is receiving it"): the other edge gets
        what the denial counted against the first, as an implied answer. Only when nothing of the
        turn counts against the other edge, and nothing of it counts for the denied one."""
        edges = [position for position, candidate in enumerate(self.candidates) if not candidate.is_global]
        if len(edges) != 2 or not self.asks:
            return set()
        credits, worded = _edge_credits(best, edges), _edge_credits(best, edges, worded=True)
        for denied, other in ((edges[0], edges[1]), (edges[1], edges[0])):
            # ("I'm not current, no, I'm three months behind" / "No, I'm still current": the caller's
            # "no" agrees with the label's and still denies what it says)
            if worded[denied] and all(credit < 0 for credit in worded[denied]) and all(credit > 0 for credit in credits[other]):
                totals[other] += -sum(credit for credit in credits[denied] if credit < 0)
                return {other}
        return set()

    def _offer_declined(self, best: dict[tuple[int, int], tuple[float, str, int]], totals: list[float]) -> set[int]:
        """On a node that offers one thing "or something else?" ("Would you like to start service,
        or is there something else?"), a turn that only denies what the offer's edge says ("I'm not
        signing anything today, I was just getting numbers", "We won't schedule yet, the council has
        to approve it") declines it: the one edge that is done ("No, that covers it", "Okay, that
        answers it") gets the denial, as _denied_option gives the other of two. Only when nothing of
        the turn counts against that edge and no edge reaches THRESHOLD."""
        if not self.offer_or_else or any(total >= THRESHOLD for total in totals):
            return set()
        edges = [position for position, candidate in enumerate(self.candidates) if not candidate.is_global]
        done = [position for position in edges if any(term.surface == "#done" for term in self.terms[position])]
        if len(done) != 1:
            return set()
        credits = _edge_credits(best, edges, worded=True)
        if any(credit < 0 for credit in credits[done[0]]):
            return set()
        denied = [position for position in edges if position != done[0] and credits[position] and all(c < 0 for c in credits[position])]
        if len(denied) != 1 or any(credits[position] for position in edges if position not in (done[0], denied[0])):
            return set()
        totals[done[0]] += -sum(credits[denied[0]])
        return {done[0]}

    def _all_but_something_else_denied(self, said: Sequence[Word], best: dict[tuple[int, int], tuple[float, str, int]],
                                       totals: list[float]) -> set[int]:
        """Of three or more options with one "Something else ..." ("Move my lesson / Cancel the
        lesson / Something else about my lesson"), a turn that rules out every other one by its
        own word ("I'm not moving or cancelling anything, I just need to know...", "not
        rescheduling or cancelling") means the something else: it gets THRESHOLD, as _other_option
        gives, unless something of the turn counts against it or another option scores."""
        other = self.something_else
        if other is None or any(total >= THRESHOLD for total in totals):
            return set()
        if any(credit < 0 for (position, _), (credit, _, _) in best.items() if position == other):
            return set()
        refused: set[int] = set()
        for word in said:
            if word.negated:
                for key, closeness in _turn_keys(word.surface):
                    if closeness == 1.0:
                        refused.update(position for position, _, label_closeness in self.keys.get(key, ()) if label_closeness == 1.0)
        edges = [position for position, candidate in enumerate(self.candidates) if not candidate.is_global and position != other]
        if not all(position in refused for position in edges):
            return set()
        totals[other] = max(totals[other], THRESHOLD)
        return {other}

    def _units_counted(self, text: str, best: dict[tuple[int, int], tuple[float, str, int]]) -> None:
        """The words naming what an option counts ("Twenty or more *doors and drawers*", "over two
        thousand *square feet*"), said by a caller who counts them too ("twelve doors and six
        drawers"): the count decides (_stated_credits), not that the caller named the unit."""
        said = said_things(corrected(text))
        if not said:
            return
        counted = {thing.partition(":")[0] for _, thing in said if thing}  # ("16 foot:tall": feet, measured up)
        for position, (stated, _) in self.stated[_THINGS_READING].items():
            if not isinstance(stated, ThingRange):
                continue  # (a no's "everything else": _Outside)
            units = {stated.thing, stated.also} - {""}
            if not units & counted:
                continue
            for pair in [pair for pair in best if pair[0] == position]:
                if self.terms[position][pair[1]].exact & units and best[pair][0] > 0:
                    del best[pair]

    def _ruled_out(self, said: Sequence[Word]) -> set[tuple[int, int]]:
        """The label words the caller rules out by that very word ("I don't want to *change*
        anything"): no other word of the turn may count for them by a synonym or a broader word."""
        found: set[tuple[int, int]] = set()
        for word in said:
            if word.negated:
                for key, closeness in _turn_keys(word.surface):
                    if closeness == 1.0:
                        found.update((position, term_index) for position, term_index, label_closeness in self.keys.get(key, ())
                                     if label_closeness == 1.0 and not self.terms[position][term_index].negated)
        return found

    def _shared_idf(self, surface: str) -> float:
        """A caller's word's inverse document frequency among the candidates that have it itself
        (one of its base forms, not negated), when more than one has it; 0 otherwise."""
        found = self.reaches.get(surface)
        if found is None:
            positions = {
                position
                for key, closeness in _turn_keys(surface)
                if closeness == 1.0
                for position, term_index, label_closeness in self.keys.get(key, ())
                if label_closeness == 1.0 and not self.terms[position][term_index].negated
            }
            count = len(self.candidates)
            found = math.log((count + 1) / len(positions)) / math.log(count + 1) if len(positions) > 1 else 0.0
            self.reaches[surface] = found
        return found

    def _hits(self, surface: str) -> tuple[tuple[float, list[tuple[int, int, float]]], ...]:
        found = self.hits.get(surface)
        if found is None:
            found = tuple((closeness, entries) for key, closeness in _turn_keys(surface) if (entries := self.keys.get(key)) is not None)
            self.hits[surface] = found
        return found

    @staticmethod
    def _only_trouble(position: int, best: dict[tuple[int, int], tuple[float, str, int]], answered: set[int],
                      counted_by: dict[int, tuple[str]]) -> bool:
        """Whether the only word of the turn that fits candidate `position` is a trouble (#problem)."""
        credited = {said_word for (at, _), (_, said_word, _) in best.items() if at == position}
        return credited == {"#problem"} and position not in answered and not counted_by.get(position)

    def _other_business(self, text: str) -> bool:
        """Whether the caller asks if they reached another business ("Is this the flower shop?", "is
        this immigration?", "Is this Golden Dragon?"): "is this" + a noun phrase ending the question,
        naming a thing the pathway never speaks of (not a word used mostly as an adjective: "is this normal?" asks
        nothing of the kind) or a name that is not the business's; or another place called for or
        asked about by its name ("I'm trying to reach the DMV", "do you know if the DMV is open?").
        The rest of the turn is for that business, not this one: nothing of it is routed."""
        if not (("s this " in text and "?" in text) or "to reach" in text or "to call" in text or "to get hold" in text or "know" in text):
            return False  # neither pattern can match (most turns): the two searches cost more
        phrases = [(match.group(1), True) for match in _IS_THIS.finditer(text)]
        # called for or asked about ("trying to reach the DMV"): only by its name ("the front desk" may be this one's)
        phrases += [(match.group(1) or match.group(2), False) for match in _ELSEWHERE.finditer(text)]
        for phrase, things in phrases:
            tokens = phrase.lower().split()
            if any(token in STOPWORDS and token not in _DETERMINERS for token in tokens):
                continue  # "is this the number for billing?", "is this where I pay?": about this business
            for word in words(f"It is {phrase}"):
                if word.name and not _exact_forms([word.surface]) & self.business:
                    return True
                if things and not word.name and not _asks_degree(word.surface) and self._foreign_kind(word.surface):
                    return True
        return False

    def _asks_for_foreign(self, text: str) -> bool:
        """Whether the caller asks if the business does, sells or fixes a thing the pathway never
        speaks of ("Do you fix fences?", "Can you paint my car?", "do you carry ceramic tile?"):
        another trade's work, which no option of this one fits, however the words around it do."""
        for asked in _ASKS_FOR.finditer(text):
            said = asked.group("obj").lower().split()
            head = said[-1]
            if head in _NOT_A_THING or len(head) < 3:
                continue
            if any(key in self.keys for modifier in said[:-1] for key, closeness in _turn_keys(modifier) if closeness == 1.0):
                continue  # "gift certificates" where an option says "gift cards": a kind of what it offers
            if asked.group("obj").split()[-1][:1].isupper():
                continue  # "deliver out to Pine Ridge": a place by its name, not a thing asked for
            for word in words(head):
                if not word.surface.startswith("#") and self._foreign_kind(word.surface):
                    return True
            modifier = asked.group("obj").split()[0]
            if len(said) == 2 and modifier.islower() and said[0] not in STOPWORDS and self._foreign(said[0]) and not self._named(head):
                return True  # "fishing licenses": a kind of thing the pathway never names, of a foreign kind
        return False

    def _foreign_kind(self, surface: str) -> bool:
        """_foreign, by the word's own forms and synonyms only: a thing asked for by name ("Do you
        sell scissor lifts?", "do you sharpen kitchen knives?") is another trade's even where a
        broader word of it is somewhere in the pathway's text (knives: cutter; lifts: device), unless
        a label says it ("eight dozen cupcakes" where a label says "Custom cakes": a kind of those)."""
        return self._foreign(surface) or (
            self._a_thing_of_any_trade(surface)
            and not any(key in self.domain for key, _ in expansions(surface))
            and not any(key in term.exact for key in _broader_nouns(surface) for terms in self.terms for term in terms)
            # ("cupcakes" where a label says "cakes": a kind of it)
        )

    def _named(self, surface: str) -> bool:
        """Whether the pathway's text has the word itself (one of its forms, no synonym)."""
        return any(key in self.domain for key, closeness in _turn_keys(surface) if closeness == 1.0)

    def _foreign(self, surface: str) -> bool:
        """Whether a caller's noun names something the pathway never speaks of: no word of the
        pathway's text is one of its base forms, derived forms, synonyms or broader words."""
        return self._a_thing_of_any_trade(surface) and not any(key in self.domain for key, _ in _turn_keys(surface))

    def _a_thing_of_any_trade(self, surface: str) -> bool:
        """Whether a caller's word can name a thing of some trade's: a vocabulary is known, and the
        word is a noun (a word WordNet lacks counts as one: "airpods"), not a time or a person
        (when, and who, "my sister", are details of any call)."""
        if not self.domain or surface.startswith("#") or ("n" not in _parts_of_speech(surface) and _parts_of_speech(surface)):
            return False
        return not _time_word(surface) and not person_noun(surface)

    def _stated_credits(self, text: str, totals: list[float]) -> dict[int, tuple[str]]:
        """What the caller said of a count, a time of day or how long ago, read against what each
        candidate states of it (_READINGS): COUNT for a candidate it falls inside, as much against
        one it falls outside. Returns the candidates it bore on, with what it said for the
        explanation (a later reading's words replace an earlier one's)."""
        bore: dict[int, tuple[str]] = {}
        text = corrected(text)
        for reading, found in zip(_READINGS, self.stated, strict=True):
            if len(found) < reading.least:
                continue
            value = reading.said(text)
            if value is None:
                continue
            for position, (stated, weight) in found.items():
                inside = stated.holds(value)
                if inside is None:
                    continue
                totals[position] += COUNT * weight * (1.0 if inside else -1.0)
                bore[position] = (f"{reading.shown(value)}{'~' if inside else ' (against) '}{stated.said()}",)
        return bore

    def _other_option(self, text: str, said: Sequence[Word], totals: list[float]) -> dict[int, tuple[str]]:
        """On a node that offers options and "Something else" ("Jewelry or gold, electronics, or
        something else?"), an answer that names a thing none of the other options fits ("a set of
        golf clubs", "a DeWalt saw") is the something else: it gets THRESHOLD, the least a routed
        turn scores, so any option or global node the turn does fit still wins. Not a question of
        the caller's own, and not a turn that names no thing (a bare "no", "hmm")."""
        if self.other is None or "?" in text or any(total >= THRESHOLD for total in totals):
            return {}
        if any(totals[position] > 0 for position, candidate in enumerate(self.candidates) if not candidate.is_global and position != self.other):
            return {}  # "a couple of wedding bands" bears on "Jewelry or gold", if too weakly to route
        things = [
            word.surface
            for word in said
            if not word.surface.startswith("#") and not word.negated and not word.name and not _time_word(word.surface)
            and _common_noun(word.surface)
        ]  # a common thing: a name ("a MacBook", "my Nintendo Switch") may well be one of the options
        if not things:
            return {}
        totals[self.other] = max(totals[self.other], THRESHOLD)
        return {self.other: (f"{things[-1]}~(none of the other options)",)}

    def _person_first(self, ranked: list[int], best: dict[tuple[int, int], tuple[float, str, int]], totals: list[float]) -> list[int]:
        """A caller who asks to be put through to a person ("Can I talk to Linh? She always does my
        acrylics", "is there someone I can talk to about a big shipment?") is put through, whatever
        else the turn names: the one candidate the turn fits by a person asked for is read first —
        the one whose label asks for it, where no other label of the pathway does (its term's field
        weight still 1.0: a label word, not lowered by _pathway_factor); else the one whose
        description does ("The caller asks for a person, the owner or a guide by name")."""
        fits = [
            (position, self.terms[position][term_index].field == 1.0)
            for (position, term_index), (credit, said_word, _) in best.items()
            if credit > 0 and said_word == "#person" and totals[position] >= THRESHOLD
        ]
        asked = {position for position, in_label in fits if in_label} or {position for position, _ in fits}
        if len(asked) != 1 or ranked[0] in asked:
            return ranked
        return [*asked, *(position for position in ranked if position not in asked)]

    def _done_edge(self) -> bool:
        return any(term.surface == "#done" for position, candidate in enumerate(self.candidates) if not candidate.is_global
                   for term in self.terms[position])

    def _named_text(self, position: int) -> str:
        candidate = self.candidates[position]
        return " ".join(re.findall(r"[a-z']+", f"{candidate.label} {candidate.description}".lower()))

    def score(self, text: str) -> LabelMatch:
        if ("..." in text or "\u2026" in text) and _EXCUSED.match(text) and _ONLY_COMING_BACK.match(_PAUSE.split(text, maxsplit=1)[1]):
            return LabelMatch(None, 0.0, None, None, 0.0, ())  # "Sorry, the kettle's whistling... hang on... okay"
        if self.something_else is not None and "?" in text and (_FIRST_A_QUESTION.search(text) or _AND_ANOTHER_QUESTION.match(text)):
            # the option put off, or another question added after an acknowledgement ("Okay. And
            # do you charge extra for packages?"): the node's "something else" edge, whatever is asked
            text = "something else"
        again = restarted(text)  # (once: the turn from where the caller started again)
        declined_then_asks = (self.something_else is not None or ASKS in self.keys) and "but" in again \
            and bool(_DECLINED_THEN_ASKS.search(again))
        if declined_then_asks:
            # "Book one? Not right now, but I've got another question about ...": the other edge (a
            # node's "I have another question" where no edge says "something else")
            again = "something else" if self.something_else is not None else "I have another question"
        elif self.something_else is not None and again != text and _ANOTHER_TOPIC.search(again):
            # "That's all... oh, wait, no, I had a question about inspections", "Okay, I follow... no,
            # hang on, there's something about my card too": the answer taken back for one more
            # thing, the node's "something else" edge, whatever the thing is
            again = "something else"
        text = matter_set_aside(again)
        echoed = False
        if self.asks:
            after_echo = echo_set_aside(text)  # "Alignment? Honestly I don't know": the question's word said back
            echoed, text = after_echo != text, after_echo
        if not echoed:
            text = option_set_aside(text)  # "Mail... it's not mail exactly, ...": the option tried on, then set aside
        if "?" in text and (check := _LINE_CHECK_AT_END.search(text)) is not None \
                and "?" not in _LINE_CHECKS.sub("", text[: check.start()]) and not _WANTS_SOMETHING.search(text[: check.start()]):
            # "Wait, sorry, my bus is pulling up, can you still hear me okay?": a turn that ends by
            # checking the line says, before it, why (unless it asks for something first: "I need a
            # table for four, can you hear me?")
            return LabelMatch(None, 0.0, None, None, 0.0, ())
        if ("..." in text or "\u2026" in text) and _ASIDE.match(text) and not _ASIDE_BACK.search(_PAUSE.split(text)[-1]):
            # "Sorry, I'm at the pharmacy counter... yes, date of birth is three-twelve", "Hang on,
            # my wife's saying something... what? No, the blue folder": after the pause the caller
            # speaks to someone there, not to the line
            return LabelMatch(None, 0.0, None, None, 0.0, ())
        if self.asks and "?" in text and (_YOU_MEAN.search(text) or _WHICH_ONE.match(text)):
            # "Hours... you mean the continuing ed, or the hours on my comp audit?", "Which employer,
            # the temp agency or the factory?": the caller asks which the question meant, no answer yet
            return LabelMatch(None, 0.0, None, None, 0.0, ())
        if self.domain and self._other_business(text):
            return LabelMatch(None, 0.0, None, None, 0.0, ())  # "Is this the flower shop?": a wrong number
        if self.domain and not self.anything_else and not self.offer_or_else and "you" in text.lower() and self._asks_for_foreign(text):
            return LabelMatch(None, 0.0, None, None, 0.0, ())  # "Do you fix fences?" where nothing is said of fences
        lowered = text.lower()
        if ("know" in lowered or "recommend" in lowered or "suggest" in lowered or "refer me" in lowered) and _ASKS_REFERRAL.search(text):
            return LabelMatch(None, 0.0, None, None, 0.0, ())  # "do you know a good plumber?": another business asked about
        said = words(text)
        if self.asks and ("thank" in lowered or "apprecia" in lowered) and "?" not in text and _ACKNOWLEDGED.search(text) \
                and not _TAKES_SOMETHING.search(text) \
                and not _WANTS_SOMETHING.search(text) and not _REQUESTED.search(text) and self._done_edge():
            said = (Word("#done", False),)  # "Side door, after hours, got it, thanks so much": nothing more
        if self.asks and (bare := _BARE_VERB_ANSWER.match(text)) is not None and not any(word.surface in ("#yes", "#no") for word in said):
            said = (Word("#no" if bare.group(1) else "#yes", False), *said)  # "He doesn't, his ran out": no
        surfaces = [word.surface for word in said]
        if "#yes" in surfaces and (
            ("#done" in surfaces and surfaces.index("#done") > surfaces.index("#yes"))
            or ("#no" in surfaces and surfaces.index("#no") < surfaces.index("#yes"))
        ):
            # the yes acknowledges what was said: "yes, that's great, thanks so much, bye" (the
            # goodbye after it answers "anything else?"), "Nope, that sounds perfect" (the no before it)
            said = tuple(word for word in said if word.surface != "#yes")
        if "already" in lowered and (done := _ALREADY_DONE.search(text)) is not None:
            # "We already did all the check-in business": a step behind the caller, not what they ask
            behind = set(re.findall(r"[a-z]+", done.group(0).lower())) - {"already"}
            said = tuple(word._replace(negated=True) if word.surface in behind else word for word in said)
        if "#reschedule" in surfaces and "#other" in surfaces and not _SOMETHING_ELSE.search(text):
            # "can we do next Tuesday instead?": the other time is the reschedule, not something else
            said = tuple(word for word in said if word.surface != "#other")
        if self.anything_else and (topic := _DONE_WITH_TOPIC.match(text)) is not None:
            # "That's all on delivery, but I do want to ask about ...": done with that, not finished
            said = (Word("#other", False), *words(text[topic.end():]))
        if self.anything_else and _NOT_YET.match(text):
            # "Anything else?" - "Not yet, can they help with her cat too?": not done, one more
            said = tuple(Word("#other", False) if word.surface == "#no" else word for word in said)
            if all(word.surface != "#other" for word in said):
                said = (Word("#other", False), *said)  # ("Not quite, ...": no "no" said to take)
        if "phone" in lowered and _PHONES_ANSWERED.search(text):
            said = (*said, _HOURS)  # "Is anybody answering the phones before seven?": the office's hours asked
        elif ("open" in lowered or "clos" in lowered or "there" in lowered or "around" in lowered or "in the office" in lowered) \
                and _ASKS_HOURS.search(text):
            # "What time does your office close today?", "How late are you there on Thursdays?" (its "time"
            # is the question's: "What time do y'all open up?" asks no label's "time")
            said = (*(word for word in said if word.surface != "time"), _HOURS)
        if ("you" in lowered or "y'all" in lowered) and _ASKS_IF_YOU_COME.search(text):
            said = (*said, _AREA, _AREA_ASKED)  # "Do you go out as far as Cedar Hollow?": the area served asked
        if ASKS in self.keys and "?" in text and "?" in _LINE_CHECKS.sub("", text) and not _answered_after(text):
            said = (*said, _ASKED)  # a question of the caller's, on a yes/no node: "has another question"
            if self.offer_or_else and "#yes" in surfaces and not _REQUESTED.search(text):
                # "Want me to start a quote, or is there something else?" - "Okay, and do you ship to
                # Canada?": the okay takes in the answer, the question is the something else
                said = tuple(word for word in said if word.surface != "#yes")
        best: dict[tuple[int, int], tuple[float, str, int]] = {}  # (candidate, term) -> (credit, said word, its place)
        ruled_out = self._ruled_out(said)
        # (a completed step is said with one of a few verbs: most turns have none)
        completed = completed_objects(said) if any(verb in lowered for verb in COMPLETED) else set()
        shared: dict[int, float] = {}  # caller word -> its idf among the candidates that have it itself (_shared_idf)
        places = place_names(text) if any(word.name for word in said) else {}  # (a place's words are names)
        for at, word in enumerate(said):
            # one caller word counts once per candidate: for the label word it fits best
            fits: dict[int, tuple[int, float]] = {}
            named_place = places.get(word.surface) if word.name else None
            for closeness, entries in self._hits(word.surface):
                if word.name and closeness < 1.0:
                    continue  # a name is not the common word it spells ("the Target": no aim, no mark)
                if word.when:
                    closeness = min(closeness, WHEN)  # "an hour later", "last year": when, a detail, not what it is about
                for position, term_index, label_closeness in entries:
                    if closeness < 1.0 and label_closeness < 1.0 and min(closeness, label_closeness) < DERIVED:
                        continue  # two hops, one of them a synonym: too far (two word-formation hops are not)
                    if word.name and label_closeness < 1.0:
                        continue
                    if named_place is not None and named_place not in self._named_text(position):
                        continue  # "a camp up on Lost Pond": no one lost, unless the label names the pond
                    term = self.terms[position][term_index]
                    credit = closeness * label_closeness
                    if ruled_out and credit < DERIVED and (position, term_index) in ruled_out:
                        continue  # "I don't want to change anything ... if it's ready": no change by a neighbour of "ready"
                    if word.past and term.intent:
                        credit *= PAST_REPORT  # "I booked online" reports what "wants to book" asks for
                        if word.passive:
                            credit *= ARGUMENT  # "my flight got cancelled": done to the caller, not by them
                    elif word.intent and term.past:
                        credit *= PAST_REPORT  # "I want to book" / "a flight they booked": the converse
                    if at in completed and not term.done:
                        credit *= PAST_REPORT  # "I finished the intro class": a step behind the caller, not asked for
                    if term.negated != word.negated:
                        if term.negated:
                            continue  # the label rules out what the caller did not rule out: no evidence
                        if term.alternative:
                            continue  # "not cancel" and "change or cancel": the label's other option is left
                        if credit < SYNONYM_FIRST and word.surface not in term.exact:
                            continue  # "I don't drum" / "I play the pipes": a loose synonym denied leaves the label's word
                        credit = -credit  # the caller rules out what the label asks for: against it
                    previous_fit = fits.get(position)
                    if previous_fit is None or _better(credit, previous_fit[1]):
                        fits[position] = (term_index, credit)
            if fits and not word.negated:
                shared[at] = self._shared_idf(word.surface)
            for position, (term_index, credit) in fits.items():
                previous = best.get((position, term_index))
                if previous is None or _better(credit, previous[0]):
                    best[(position, term_index)] = (credit, word.surface, at)
        self._mismatched_objects(said, best)
        if self.stated[_THINGS_READING]:
            self._units_counted(text, best)
        # the word said back, then a question about it ("A month? Will my price go up after that
        # long?", "Four or more? Does that mean big portions?"): what it means is asked, nothing is
        # answered yet; a request is an answer ("Saturday? Could we do Sunday instead?")
        asked_back = _OPENING_FILLER.sub("", text) if echoed else ""
        clarifying = bool(asked_back) and _questioned(asked_back) and not _REQUESTED.match(asked_back) \
            and not _ASKS_YOU_TO.search(asked_back) \
            and not _TAKEN_UP.match(text)  # ("A discount? Okay, how much are we talking? I'd stay if it's cheaper")
        if clarifying or (self.asks and _asks_back(text)):
            # "Is the standard paper glossy or matte?" after "Do you need it rushed?": a question of
            # the caller's own, not an answer: what it shares with an answer counts ARGUMENT
            factor = 0.0 if clarifying else ARGUMENT  # (a global node, a person asked for, still routes)
            for pair, (credit, surface, place) in best.items():
                # (a question about the option said back is no "other question" either: "Fourteen
                # inches? Is that a lot?")
                if credit > 0 and not self.candidates[pair[0]].is_global and (surface != ASKS or clarifying):
                    best[pair] = (credit * factor, surface, place)
        totals = [0.0] * len(self.candidates)
        for (position, term_index), (credit, _, at) in sorted(best.items()):
            term = self.terms[position][term_index]
            weight = term.weight
            cap = shared.get(at)
            if cap and not term.implied:
                # a caller word several candidates have itself weighs, through another candidate's
                # derived form or synonym, no more than its own inverse document frequency
                weight = min(weight, term.field * cap)
            # an implied answer is the node's question's, not a label word: not scaled by label length
            totals[position] += credit * weight * (1.0 if term.implied else self.scale[position])
        counted_by = {} if clarifying else self._stated_credits(text, totals)
        counted_by.update(self._other_option(text, said, totals))
        if not best and not counted_by:
            return LabelMatch(None, 0.0, None, None, 0.0, ())
        answered = self._denied_option(best, totals) | self._all_but_something_else_denied(said, best, totals) \
            | self._offer_declined(best, totals)
        touched = sorted({position for position, _ in best} | answered | set(counted_by))  # candidates some word of the turn bore on
        ranked = sorted(touched, key=lambda position: (-totals[position], position))
        if totals[ranked[0]] <= 0:  # every label the turn bore on, it bore against: show the most affected
            ranked = sorted(touched, key=lambda position: (totals[position], position))
        # a trouble said and nothing of what the trouble is with ("I can't find it" against "Engine
        # trouble", "Is that a problem?" after naming where it is): no option's own thing; the next
        # candidate the turn fits by its own words is read instead
        troubled: set[int] = set()
        if self._only_trouble(ranked[0], best, answered, counted_by):  # (the others read only then: most turns name no trouble)
            troubled = {position for position in ranked if self._only_trouble(position, best, answered, counted_by)}
            ranked = [position for position in ranked if position not in troubled] + [p for p in ranked if p in troubled]
        if any(word.surface == "#person" for word in said) and _ASKS_FOR_PERSON.search(text):
            ranked = self._person_first(ranked, best, totals)
        top = ranked[0]
        runner = next((p for p in ranked[1:] if totals[p] > 0), None)
        counted = tuple(
            _pair(said_word, self.terms[top][term_index], credit)
            for (position, term_index), (credit, said_word, _) in sorted(best.items())
            if position == top
        ) + tuple(counted_by.get(top, ()))
        score = round(totals[top], 6)
        return LabelMatch(
            candidate=self.candidates[top] if score >= THRESHOLD and top not in troubled else None,
            score=score,
            best=self.candidates[top],
            runner_up=None if runner is None else self.candidates[runner],
            runner_up_score=0.0 if runner is None else round(totals[runner], 6),
            words=counted,
        )


@lru_cache(maxsize=4096)
def _alternatives(text: str) -> frozenset[str]:
    """The words a text offers as options joined by "or" ("Change or cancel a reservation", "pay
    or dispute a ticket", "lost, delayed or damaged"): the word before "or" (and the words of a
    comma list before it) and the first content word after it."""
    raw = _RAW.findall(_split_contractions(text))
    found: set[str] = set()
    for at, token in enumerate(raw):
        if token != "or":
            continue
        left = at - 1
        while left >= 0:
            if raw[left] == ",":
                left -= 1
                continue
            if raw[left] in _BOUNDARY:
                break
            found.add(raw[left][:-2] if raw[left].endswith("'s") else raw[left])
            if left >= 1 and raw[left - 1] == ",":
                left -= 2
                continue
            break
        for following in raw[at + 1 : at + 4]:
            if following in _DETERMINERS or following in STOPWORDS:
                continue
            if following not in _BOUNDARY:
                found.add(following)
            break
    return frozenset(found)


def _compound_head(raw: Sequence[str], at: int) -> bool:
    """Whether raw[at] follows a determiner and a noun ("a payment plan"): a noun itself."""
    return at >= 2 and raw[at - 2] in _DETERMINERS and _parts_of_speech(raw[at - 1]) == frozenset("n")


@lru_cache(maxsize=16384)
def _noun_modifier(surface: str) -> bool:
    """Whether a modifier is a noun naming a kind ("visitor pass", "power line"), not a gerund or
    a participle ("sending records"): a noun is the part of speech it is most used as."""
    if surface.endswith("ing") or _past_form(surface):
        return False
    lexicon = wordnet.open_default()
    tagged = {pos: lexicon.tagged(form, pos) for form, pos in lexicon.base_forms(surface)}
    return bool(tagged) and max(tagged, key=lambda pos: (tagged[pos], pos == "n")) == "n"


def _modifier(word: Word) -> bool:
    """A noun right before another noun it modifies ("change fee", "payment plan", "lab results")."""
    return bool(word.obj) and word.obj[0] == word.next and "a" not in _parts_of_speech(word.surface)


def _object_places(said: Sequence[Word], at: int) -> list[int]:
    """Where the words of _object(said, at) are in `said` (the first of each surface after `at`)."""
    found: list[int] = []
    for surface in said[at].obj:
        place = next((place for place in range(at + 1, len(said)) if said[place].surface == surface), None)
        if place is not None:
            found.append(place)
    return found


def _object(said: Sequence[Word], at: int) -> list[Word]:
    """The words of the noun phrase right after the word at `at` (see _direct_object)."""
    found: list[Word] = []
    for surface in said[at].obj:
        word = next((word for word in said[at + 1 :] if word.surface == surface), None)
        if word is not None:
            found.append(word)
    return found


COMPLETED = frozenset(["finished", "completed", "passed", "graduated", "aced"])


def completed_objects(said: Sequence[Word]) -> set[int]:
    """The places of the words naming a step said as completed ("I *finished the intro class*
    last Saturday", "I passed the written test"): the caller is past it, so what it shares with a
    label offering that step counts PAST_REPORT (the request is what comes next), unless the label
    too speaks of it as done ("once you've finished the intro class")."""
    found: set[int] = set()
    for at, word in enumerate(said):
        if not word.past or word.surface not in COMPLETED:
            continue
        head = at
        if not word.obj and at + 1 < len(said) and said[at + 1].past:
            head = at + 1  # "passed the written test": the participle holds the phrase
            found.add(head)
        for surface in said[head].obj:
            if surface in _STEP_ENDS:
                break  # "the intro class *last Saturday*": when, not what
            place = next((i for i in range(head + 1, len(said)) if said[i].surface == surface), None)
            if place is None or said[place].when:
                break
            found.add(place)
    return found


_STEP_ENDS = frozenset(["last", "this", "next", "yesterday", "today", "tonight", "earlier", "ago", "monday", "tuesday", "wednesday",
                        "thursday", "friday", "saturday", "sunday", "week", "weekend", "month", "year", "spring", "summer", "fall",
                        "winter", "morning", "afternoon", "evening", "night"])


# "is this the flower shop?", "Is this Golden Dragon?": asking which business was reached
# (a place after the name: "Is this the Interchange Diner off the highway?")
_IS_THIS = re.compile(
    r"\b[Ii]s this ((?:[A-Za-z'-]+ ){0,3}[A-Za-z'-]+)(?: (?:off|on|in|at|by|near|over|across|down|out) (?:[A-Za-z0-9'-]+ ){0,2}[A-Za-z0-9'-]+)? ?\?"
)

# "I'm trying to reach the DMV", "do you know if the DMV is open?": another place called for or asked about
_ELSEWHERE = re.compile(
    r"\b(?:trying|want|wanted|need|meant) to (?:reach|call|get hold of) (the (?:[A-Za-z'-]+ ){0,2}[A-Za-z'-]+)\b(?= about| for|[.,?!]|$)"
    r"|\b[Dd]o you (?:guys )?know (?:if|whether|when|where) (the (?:[A-Za-z'-]+ ){0,2}?[A-Za-z'-]+) (?:is|are|opens?|closes?|will)\b"
)

_DETERMINERS = frozenset(
    ["a", "an", "the", "my", "your", "our", "their", "his", "her", "its", "this", "these", "those", "some", "another", "new", "whole", "existing", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "few", "couple"]
)


@dataclass(frozen=True, slots=True)
class PathwayWords:
    """What a whole pathway says, for weighing the words of one node's labels (`pathway_words`).

    * `vocabulary`: the base and derived forms of every content word of the pathway's texts
      (node texts and prompts, labels, descriptions, its description and global prompt): what the
      business speaks of. A caller's wanted action said of a thing none of these fits counts
      ARGUMENT ("order a birthday cake" at a florist's);
    * `documents`: the base forms of each labelled edge's and global node's label and
      description: a word most of the pathway's labels have weighs less (PATHWAY_IDF);
    * `business`: the base forms of the business's name, the words capitalised inside the start
      node's text ("Thanks for calling Pine Hollow Campground"): said in a label as "the X" /
      "our X" ("Emergency at the campground"), it is the business itself (BUSINESS)."""

    vocabulary: frozenset[str] = frozenset()
    documents: tuple[frozenset[str], ...] = ()
    business: frozenset[str] = frozenset()


def pathway_words(texts: Iterable[str], documents: Iterable[str], greeting: str) -> PathwayWords:
    """`texts`: every text of the pathway; `documents`: each label-routed candidate's label and
    description, joined; `greeting`: the start node's text."""
    vocabulary: set[str] = set()
    for text in texts:
        for word in words(text):
            vocabulary.update(key for key, closeness in expansions(word.surface) if closeness >= DERIVED)
    return PathwayWords(
        vocabulary=frozenset(vocabulary),
        documents=tuple(_exact_forms(word.surface for word in words(document)) for document in documents),
        business=_exact_forms(_names(greeting)),
    )


def _exact_forms(surfaces: Iterable[str]) -> frozenset[str]:
    return frozenset(key for surface in surfaces for key, closeness in expansions(surface) if closeness == 1.0)


def _definite(candidate: Candidate) -> frozenset[str]:
    """The words a candidate's text says after "the" or "our" ("at the campground", "our repair");
    not a plural ("I play the pipes" at Glen Carra Pipes and Drums: the instrument, not the band)."""
    text = _split_contractions(f"{candidate.label} . {candidate.description}")
    lexicon = wordnet.open_default()
    return frozenset(
        word for word in re.findall(r"\b(?:the|our)\s+([a-z]+)", text)
        if not (word.endswith("s") and any(pos == "n" and form != word for form, pos in lexicon.base_forms(word)))
    )


def _plain_forms(text: str) -> frozenset[str]:
    """The base forms of a text's words but function words, light verbs kept ("seen": see)."""
    lexicon = wordnet.open_default()
    found: set[str] = set()
    for token in _RAW.findall(_split_contractions(text)):
        word = token[:-2] if token.endswith("'s") else token
        if word in STOPWORDS or not _WORDNET_WORD.match(word):
            continue
        found.update(form for form, _ in lexicon.base_forms(word) if form not in STOPWORDS)
        found.add(word)
    return frozenset(found)


# "no" before these is an answer or a formula, not a thing ruled out: "No thanks", "No worries"
_NO_FORMULAS = frozenset(["thanks", "thank", "worries", "problem", "problems", "way", "sir", "ma'am", "idea", "clue", "kidding", "offense"])


def _rules_out_thing(raw: Sequence[str], index: int) -> bool:
    """A turn opening "no" + a plural noun + a pause, then more: "No pills, it's a needle". The
    noun is ruled out (negated), and the turn goes on to say what it is instead."""
    thing = raw[index + 1] if index + 1 < len(raw) else ""
    if index + 5 < len(raw) and raw[index + 2] in ("or", "and", "nor") \
            and raw[index + 4] in (",", ";", "-", "...", ".") and _common_noun(raw[index + 3]):
        index += 2  # "No goats or sheep, it's feeder pigs": both ruled out (the second is carried)
    if index + 3 >= len(raw) or raw[index + 2] not in (",", ";", "-", "...", "."):
        return False
    if thing in _NO_FORMULAS or thing in STOPWORDS or not thing.endswith("s") or not _WORDNET_WORD.match(thing):
        return False
    return _common_noun(thing) and any(token not in _BOUNDARY and token not in STOPWORDS for token in raw[index + 3 :])


@lru_cache(maxsize=65536)
def _common_noun(token: str) -> bool:
    """A noun and never an adjective in WordNet's tagged use ("drills", "clubs"; not "old"), or a
    word WordNet lacks."""
    used = _parts_of_speech(token)
    return not used or ("n" in used and not used & {"a", "s"})


@lru_cache(maxsize=65536)  # asked for every word of every turn: its cache is half the router's speed
def _parts_of_speech(token: str) -> frozenset[str]:
    return frozenset(pos for _, pos in wordnet.open_default().base_forms(token))


def _direct_object(raw: Sequence[str], index: int) -> tuple[str, ...]:
    """The nouns right after the word at raw[index - 1], past determiners, numbers and
    adjectives: a verb's direct object ("book two tickets", "pay my credit card bill") or the
    head a noun modifies ("insurance card"); () when a pronoun, a preposition or a clause
    boundary comes first ("change it to Sunday")."""
    nouns: list[str] = []
    for token in raw[index : index + 5]:
        if not nouns and (token in _DETERMINERS or token.isdigit()):
            continue
        if token in STOPWORDS or token in _BOUNDARY or not _WORDNET_WORD.match(token):
            break
        forms = _parts_of_speech(token)
        if not forms and not nouns and not token.endswith(("ing", "ed", "ly")):
            nouns.append(token)  # a word WordNet lacks where the object starts is a thing ("a lawnmower", "my airpods")
            continue
        if "n" in forms and not _past_form(token):  # "day given": a participle, not a noun
            nouns.append(token)
        elif nouns or "a" not in forms or "v" in forms:
            break  # only a word that is nothing but an adjective stands before the noun ("labs drawn Monday")
    return tuple(nouns)


_LABEL_PLACE = re.compile(
    r"\b(?:on|at|in|near|inside|aboard)\s+(?:(?:a|an|the|our|your|any)\s+)?(?P<a>[a-z]+)"
    r"(?:\s+(?:or|and)\s+(?:(?:on|at|in|near|inside|aboard)\s+)?(?:(?:a|an|the|our|your|any)\s+)?(?P<b>[a-z]+))?",
)


def _where_in_label(text: str) -> frozenset[str]:
    """The words of a global node's label that say where its matter happens, not what it is
    ("Safety emergency *on a bus or at a stop*"): a global node is offered from every node, so
    a turn that only names the place ("it was on the number 30 bus") must not fit it as well as
    one that names the emergency; they weigh PLACE_WEIGHT."""
    found: set[str] = set()
    for match in _LABEL_PLACE.finditer(text.lower()):
        found.update(w for w in (match.group("a"), match.group("b")) if w)
    return frozenset(found)


def _add_term(terms: dict[tuple[str, bool], _Term], word: Word, weight: float) -> None:
    """A label word as a term; a word with a base form the candidate already has adds nothing."""
    exact = frozenset(key for key, closeness in expansions(word.surface) if closeness == 1.0)
    same = next((t for t in terms.values() if t.negated == word.negated and t.exact & exact), None)
    if same is not None:
        same.weight = max(same.weight, weight)
    else:
        terms[(word.surface, word.negated)] = _Term(word.surface, word.negated, weight, exact, word.intent, past=word.past, action=word.action)


def _edge_credits(best: dict[tuple[int, int], tuple[float, str, int]], edges: Sequence[int], *, worded: bool = False) -> dict[int, list[float]]:
    """The credits the turn's words gave each of `edges` (best: (candidate, term) -> (credit, said
    word, place)); `worded`: without a bare yes or no ("No, he's not missing": the "no" agrees with
    the label's "No," and says nothing of what it denies)."""
    credits: dict[int, list[float]] = {position: [] for position in edges}
    for (position, _), (credit, said_word, _) in best.items():
        if position in credits and not (worded and said_word in ("#yes", "#no")):
            credits[position].append(credit)
    return credits


def _asks_back(text: str) -> bool:
    """Whether a caller turn is a question and nothing else ("Does the car have to be newer?",
    "Is there a cutoff for pickups?"): one sentence, ending with "?", opening with an auxiliary or
    a question word (not "No, where do I find it?", "Sure, when can they come?": an answer first)."""
    stripped = text.strip()
    if not stripped.endswith("?") or re.search(r"[.!?]", stripped[:-1]):
        return False
    first = stripped.split(None, 1)[0].lower()
    return first in _AUXILIARIES or first in _QUESTION_WORDS


_QUESTION_WORDS = frozenset(["what", "when", "where", "which", "who", "why", "how"])


def _questioned(text: str) -> bool:
    """Whether what follows a word said back asks something: it opens with an auxiliary or a
    question word ("What about my regular dog, he's well behaved"), or its first sentence is a
    question ("So I don't pay anything for shipping at all?")."""
    stripped = text.strip()
    first = stripped.split(None, 1)[0].lower() if stripped else ""
    if first in _AUXILIARIES or first in _QUESTION_WORDS:
        return True
    sentence = re.match(r"[^.!?]*[.!?]", stripped)
    return sentence is not None and sentence.group(0).endswith("?")
# a request asked as a question: "can you get me out there around one?", "could we book the nine?"
_REQUESTED = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|y'all)\s+(?:please\s+)?(?:get|book|put|set|sign|start|make|send|fit|squeeze|pencil|reserve|hold|do|switch|move|change)\b"
    r"|\b(?:can|could|may)\s+(?:i|we)\s+(?:please\s+)?(?:get|book|have|do|start|sign|go|take|reserve|switch|move|change)\b",
    re.IGNORECASE,
)
# something asked of the business ("Ribbon? Honestly I have no idea, can you look it up from the model?"):
# an answer, not a question about the option (not "can you tell me", "could you explain")
_ASKS_YOU_TO = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|y'all)\s+(?:guys\s+)?(?:please\s+)?(?:just\s+)?(?!tell\b|explain\b|say\b|let\b|be\b|repeat\b)[a-z]+",
    re.IGNORECASE,
)
_TAKEN_UP = re.compile(r"\s*(?:okay|ok|yes|yeah|yep|sure|alright|all\s+right)\b", re.IGNORECASE)  # the offer said back, then taken up
# what a caller says before a question of their own: "Go ahead? Wait, what happens if ...?"
_OPENING_FILLER = re.compile(r"^\s*(?:(?:wait|hmm+|um+|uh+|oh|well|so|okay|ok|honestly|sorry)\b[,.]?\s*)+", re.IGNORECASE)
_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "do", "does", "did", "can", "could", "would", "will", "shall", "should", "may", "might", "have", "has", "had", "am"]
)


# Elliptical yes/no questions, "is there" left out: "Anything else?", "Any questions?", "Everyone okay?"
_ELLIPTICAL = frozenset(["anything", "any", "anyone", "anybody", "everything", "everyone", "everybody", "something", "someone"])


def last_question(text: str) -> str:
    """The last question in an agent's text ("" when it asks none)."""
    questions = [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part.endswith("?")]
    return questions[-1] if questions else ""


def is_yes_no_question(text: str) -> bool:
    """Whether the last question in an agent's text asks for a yes or a no ("Does that work for
    you?", "Is there anything else?", "Anything else?"), not for something else ("How can I
    help?")."""
    question = last_question(text)
    if not question:
        return False
    # the question's first word, or its last clause's: "First, is anyone hurt?", "And so, does that work?"
    clauses = [question, question.rsplit(",", 1)[-1]]
    firsts = [re.match(r"\s*([a-z']+)", clause.lower()) for clause in clauses]
    if re.match(r"\s*(?:want\s+(?:(?:me|us)\s+)?to|wanna)\b", question, re.IGNORECASE):
        return True  # "Want me to set one up?", "Want to look at trailers, or is there something else?": "do you" left out
    return any(first is not None and (first.group(1) in _AUXILIARIES or first.group(1) in _ELLIPTICAL) for first in firsts)


def _better(credit: float, previous: float) -> bool:
    """A positive match beats any negative one, except a label word the caller rules out by that
    very word ("I don't want to change anything") against one another word only neighbours
    ("ready", a kind of change): among the same sign, the stronger wins."""
    if (credit > 0) != (previous > 0):
        positive, negative = (credit, previous) if credit > 0 else (previous, credit)
        if negative <= -1.0 and positive < DERIVED:
            return credit < 0
        return credit > 0
    return abs(credit) > abs(previous)


def _pair(said: str, term: _Term, credit: float) -> str:
    label_word = ("not " if term.negated else "") + term.surface
    shown = said if said == term.surface else f"{said}~{label_word}"
    return f"{shown} (against)" if credit < 0 else shown

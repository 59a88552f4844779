"""Follow-up questions: make a question standalone from the conversation so far.

"And when did that happen?" retrieves nothing useful on its own.  A question
that leans on earlier turns (it starts with "and"/"what about", uses a pronoun,
or names almost nothing) is searched for together with the questions it
follows, e.g. ``When did that happen? (follow-up to: How many IS prisoners
did US forces move?)``.  A question that stands alone is left as it is, so a
change of subject starts afresh.  Rules, not a model: it costs no time before
the first token, and the standalone query is shown to the user on request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_CONTEXT = 2  # earlier questions carried into a follow-up

_CONNECTIVE = re.compile(r"^\s*(?:and|but|also|so|then|what about|how about|what else|why|how come)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she|it|its|they|them|their|theirs|him|his|her|hers)\b", re.IGNORECASE)
_DEICTIC = re.compile(r"\b(?:this|that|these|those|there|then|the same|such)\b", re.IGNORECASE)
# "on that list", "does that stack up", "the same game": a thing of an earlier turn, even beside a name ("where did
# TikTok end up on that list?"); "that" after a verb or a noun ("said that", "the team that") is not one.
_POINTS_BACK = re.compile(
    r"\b(?:is|was|are|were|does|did|do|has|had|on|in|at|from|of|for|to|about|with|by|after|before|during|than|like)\s+"
    r"(?:that|this|those|these)\b|\bthe same\s+[a-z]{3,}\b",
    re.IGNORECASE,
)
SHORT = 3  # content words at most of a question that names nothing and so asks about the subject so far
_NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w'-]+|\b\d{2,}\b")
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_FUNCTION = set(
    "a an the and or but of in on at to for from by with about as is are was were be been do does did what when where who whom "
    "whose which why how many much more most some any say said happen happened mean tell me please also so then else".split()
)
_SUFFIX = re.compile(r"\s*\(follow-up to: .*\)\s*$", re.DOTALL)


def needs_context(question: str) -> bool:
    """Whether ``question`` leans on earlier turns of the conversation: it opens with a connective, uses a pronoun
    or points back ("that list", "those figures"), or names nothing in a few words ("How big was the study?",
    "What were analysts expecting?")."""
    q = question.strip()
    content = [w for w in _WORD.findall(q) if w.lower() not in _FUNCTION]
    if len(content) <= 1 or _CONNECTIVE.search(q) or _PRONOUN.search(q) or _POINTS_BACK.search(q):
        return True
    return not _NAME.search(q) and (bool(_DEICTIC.search(q)) or len(content) <= SHORT)


def _same_subject(question: str, earlier: str) -> bool:
    """Whether ``question`` names something the earlier question named ("who's going to run cubic telecom after the
    deal", after "How much is SoftBank paying for its stake in Cubic Telecom?"): the conversation goes on."""
    low = " ".join(question.lower().split())
    named = [m.group().lower() for m in _NAME.finditer(earlier) if len(m.group()) > 2 and not m.group().isdigit()]
    return any(re.search(r"\b" + re.escape(n) + r"\b", low) for n in named)


# "And for Talon?", "what about Chelsea?", "and in 2022?": the earlier question again, with one thing swapped.
_ELLIPSIS = re.compile(
    r"^\s*(?i:(?:and|but|so|also)\s+)?(?i:what about|how about|and)\s+"
    r"(?:(?P<prep>(?i:for|in|at|on|about|with|from|of|to|by|against))\s+)?"
    r"(?P<new>(?:the\s+)?(?:[A-Z][\w'’.&-]*|\d{4})(?:\s+(?:[A-Z][\w'’.&-]*|of|de|\d{4}))*)\s*[?.!]*\s*$"
)
_THING = re.compile(r"(?<![\w'’])(?:[A-Z][\w'’.&-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’.&-]*)*|(?:19|20)\d{2})")


_CALENDAR = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|September|October|"
    r"November|December"
)


def elliptical(question: str, earlier: str) -> str:
    """The earlier question with the one thing a bare follow-up names put in place of its counterpart ("How much
    is Palo Alto paying for Dig Security?" then "And for Talon?" -> "How much is Palo Alto paying for Talon?"), or ""
    when ``question`` is not such a fragment.  The counterpart is the thing after the same preposition, else the
    last thing of the same kind (a year for a year, a name for a name); a name opening the question is not one."""
    m = _ELLIPSIS.match(question)
    if m is None:
        return _common_noun(question, earlier)
    new = re.sub(r"^the\s+", "", m.group("new"))
    year = bool(re.fullmatch(r"\d{4}", new))
    things = [
        t
        for t in _THING.finditer(earlier)
        if t.start() > 0 and bool(re.fullmatch(r"\d{4}", t.group())) == year and not _CALENDAR.fullmatch(t.group())
    ]
    if m.group("prep"):  # "and for X": the thing after "for" in the earlier question, or no swap
        things = [t for t in things if re.search(r"\b" + m.group("prep") + r"\s+(?:the\s+)?$", earlier[: t.start()], re.I)]
    if not things:
        return ""
    old = things[-1]
    return earlier[: old.start()] + new + earlier[old.end() :]


# "And for gold?" after "What could the war mean for oil prices?": a thing named in lower case swaps the word in
# lower case after the same preposition ("gold prices"); never a name ("for Dig Security" wants "Talon").
_LOWER_THING = re.compile(
    r"^\s*(?i:(?:and|but|so|also)\s+)?(?i:what about|how about|and)\s+"
    r"(?P<prep>(?i:for|in|at|on|about|with|from|of|to|by|against))"
    r"\s+(?:the\s+)?(?P<new>[a-z][\w'’-]{2,})\s*[?.!]*\s*$"
)


def _common_noun(question: str, earlier: str) -> str:
    m = _LOWER_THING.match(question)
    if m is None:
        return ""
    old = [x for x in re.finditer(r"\b" + m.group("prep") + r"\s+(?:the\s+)?(?P<w>[a-z][\w'’-]{2,})", earlier, re.I)]
    old = [x for x in old if x.group("w")[:1].islower() and x.group("w").lower() not in ("the", "a", "an", "its", "their")]
    if not old:
        return ""
    w = old[-1]
    return earlier[: w.start("w")] + m.group("new") + earlier[w.end("w") :]


_BARE = re.compile(r"^\s*(?:and|but|so|also)?\s*(?:what about|how about|and)\b", re.I)


def bare(asked: str) -> bool:
    """ "And Chelsea?", "what about the other one?": the follow-up asks again what the last question asked; "and
    when did it happen?" asks a question of its own."""
    m = _BARE.match(asked)
    rest = asked[m.end() :].split() if m else []
    own = len(rest) >= 3 and re.match(r"(?i)(?:who|what|when|where|which|why|how)\b", rest[0]) is not None
    return bool(m) and len(asked.split()) <= 6 and not own


def without_context(text: str) -> str:
    """A standalone query without the earlier questions it carries ("... (follow-up to: ...)")."""
    return _SUFFIX.sub("", text).strip()


def standalone(question: str, history: Sequence[str] = ()) -> str:
    """``question`` as a standalone query, given the user's earlier questions (oldest first)."""
    question = question.strip()
    last = without_context(history[-1] or "") if history else ""
    if not last or not (needs_context(question) or _same_subject(question, last)):
        return question
    swapped = elliptical(question, last) if last and not needs_context(last) else ""
    if swapped:
        return swapped
    chain: list[str] = []
    for earlier in reversed(history):
        earlier = without_context(earlier or "")
        if not earlier:
            continue
        chain.insert(0, earlier)
        if len(chain) >= MAX_CONTEXT or not needs_context(earlier):
            break
    return f"{question} (follow-up to: {' / '.join(chain)})" if chain else question

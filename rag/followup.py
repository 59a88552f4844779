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
_NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w'-]+|\b\d{2,}\b")
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_FUNCTION = set(
    "a an the and or but of in on at to for from by with about as is are was were be been do does did what when where who whom "
    "whose which why how many much more most some any say said happen happened mean tell me please also so then else".split()
)
_SUFFIX = re.compile(r"\s*\(follow-up to: .*\)\s*$", re.DOTALL)


def needs_context(question: str) -> bool:
    """Whether ``question`` leans on earlier turns of the conversation."""
    q = question.strip()
    content = [w for w in _WORD.findall(q) if w.lower() not in _FUNCTION]
    if len(content) <= 1 or _CONNECTIVE.search(q) or _PRONOUN.search(q):
        return True
    return bool(_DEICTIC.search(q)) and not _NAME.search(q)


def standalone(question: str, history: Sequence[str] = ()) -> str:
    """``question`` as a standalone query, given the user's earlier questions (oldest first)."""
    question = question.strip()
    if not history or not needs_context(question):
        return question
    chain: list[str] = []
    for earlier in reversed(history):
        earlier = _SUFFIX.sub("", earlier or "").strip()
        if not earlier:
            continue
        chain.insert(0, earlier)
        if len(chain) >= MAX_CONTEXT or not needs_context(earlier):
            break
    return f"{question} (follow-up to: {' / '.join(chain)})" if chain else question

"""The words of a question that say when rather than what: whether it asks for the newest state of things ("What's
the latest on ...?", "Who runs OpenAI now?", :func:`asks_latest`), and the question without those words or its
relative scope's ("last week"), which are a filter on publication, not words the evidence must hold.  The scope
itself is read by :mod:`rag.ask.timescope`."""

from __future__ import annotations

import re

# The newest state of things: "What's the latest on ...?", "Who runs OpenAI now?", "How many ... so far?", "How is the
# ASX expected to open today?" ("today" in lower case: "USA Today" is an outlet).  "Is it still ...?" is not among
# them (what still holds is asked of any report).
_LATEST = re.compile(
    r"\b(?:what(?:'s| is| are)? the latest\b|the latest (?:on|about|with|in|news|updates?|developments?|word|status|figures?"
    r"|numbers?|count|tally|score|situation|state)\b|latest (?:news|updates?|developments?) (?:on|about|in|from)\b"
    r"|most recent (?:news|updates?|developments?|reports?|figures?|numbers?)\b|(?:right|just|as of) now\b"
    r"|at (?:the|this) moment\b|at present\b|currently\b|these days\b|so far\b|to date\b|as things stand\b"
    r"|(?:is|are|was|does|do|has|have) [\w'’ -]{1,40} now\??\s*$|\bnow\??\s*$|(?-i:\btoday\b))",
    re.IGNORECASE,
)


def asks_latest(question: str) -> bool:
    """Whether ``question`` asks for the newest state of things ("What's the latest on the strike?", "Who is
    OpenAI's CEO now?", "How many have died so far?"), which the newest report answers."""
    return bool(_LATEST.search(question))


_LATEST_WORDS = [
    (re.compile(r"\bthe (?:very )?latest (?:news |updates? |developments? )?(on|about|with|in|from)\b", re.I), r"the news \1"),
    (re.compile(r"\b(?:the )?most recent (?:news|updates?|developments?)\b", re.I), "the news"),
    (re.compile(r"\b(?:the )?(?:latest|most recent)\b", re.I), "the"),
    (re.compile(r"\b(?:right now|just now|as of now|at (?:the|this) moment|at present|currently|these days|so far|to date"
                r"|as things stand)\b", re.I), ""),
    (re.compile(r"\bnow(?=\W*$)", re.I), ""),
]  # fmt: skip


def without_time_words(text: str, scope_words: str = "", latest: bool = False) -> str:
    """``text`` without the words that say when rather than what: a relative scope's (``scope_words``, "last week")
    and, for a question about the newest state (``latest``), "latest", "now", "currently", "so far".  The subject's
    words are what the evidence must cover; "last week" is a filter on publication, not a word to find."""
    out = text
    if scope_words:
        out = re.sub(r"\s*\b" + re.escape(scope_words) + r"\b", "", out, count=1, flags=re.I)
    if latest:
        for pattern, repl in _LATEST_WORDS:
            out = pattern.sub(repl, out)
        out = re.sub(r"\bthe the\b", "the", out, flags=re.I)
    out = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", out)).strip()
    return out or text


def time_words(text: str, scope_words: str = "", latest: bool = False) -> set[str]:
    """The lower-cased words :func:`without_time_words` takes out of ``text`` (to take them out of word lists too)."""
    found = set(re.findall(r"[a-z]+", scope_words.lower()))
    if latest:
        for pattern, _ in _LATEST_WORDS:
            for m in pattern.finditer(text):
                found |= set(re.findall(r"[a-z]+", m.group(0).lower())) - {"the", "on", "about", "with", "in", "from"}
    return found

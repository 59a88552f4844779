"""Question analysis: which outlets a question names that the index does not hold.

A question such as "What did the Bloomberg article say ..." cannot be answered
from an index without Bloomberg articles, however similar other articles look;
saying so is more useful than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = r"[A-Z](?:[\w&.-]|['’](?=\w))*"
_NAME = r"['‘\"]?(?P<name>(?:[Tt]he )?" + _WORD + r"(?:(?: | - | \| | & )(?:(?:of|and|for) )?" + _WORD + r")*)['’\"]?"
_PATTERNS = [
    re.compile(
        r"\b(?:articles?|reports?|pieces?|stor(?:y|ies)|coverage|reviews?|posts?|features?|editorials?|another|one)"
        r" (?:from|by|in|published by) (?:the outlet )?" + _NAME
    ),
    re.compile(r"\b(?:reported|published|written|covered) (?:by|in) " + _NAME),
    re.compile(r"\b(?:according to|as per) " + _NAME + r"(?= (?:article|report|piece|coverage)s?\b)"),
    re.compile(r"\b(?:an?|the|both|and) " + _NAME + r" (?=(?:article|report|piece|story|review|coverage)s?\b)"),
]
_STOP = {"the", "a", "an", "and", "of", "for", "on", "-", "|", "&"}
_NOT_OUTLETS = re.compile(
    r"^(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[\w&]+", name.lower()) if w not in _STOP}


def _known(name: str, sources: Iterable[str]) -> bool:
    want = _words(name)
    if not want:
        return True
    for s in sources:
        have = _words(s)
        if want <= have:
            return True
    return False


def unknown_sources(question: str, sources: Iterable[str]) -> list[str]:
    """Outlets the question attributes articles to that none of ``sources`` matches."""
    sources = list(sources)
    found: list[str] = []
    for pat in _PATTERNS:
        for m in pat.finditer(question):
            name = m.group("name").strip(" '‘’\"")
            if _known(name, sources) or _NOT_OUTLETS.match(name) or name.endswith(("'s", "’s")):
                continue
            parts = [p.strip(" '‘’\"") for p in re.split(r",| and ", name) if p.strip()]
            missing = [p for p in parts if re.sub(r"^the ", "", p, flags=re.I)[:1].isupper() and not _known(p, sources)]
            found += [p for p in missing if p not in found]
    return found

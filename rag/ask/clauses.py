"""A sentence cut to a few words at a clause boundary, in its own words with an ellipsis where cut: a timeline's
bullets (:mod:`rag.news.timeline`), a comparison's side lines (:mod:`rag.ask.sides`) and the clauses a one-line
answer rests on (:mod:`rag.ask.told`)."""

from __future__ import annotations

import re

WORDS = 30  # words of a cut sentence at most, by default (a timeline bullet's)

_OPENING = re.compile(
    r"(?i)\W*(?:on|in|during|at|after|before|since|by|back in|earlier|later|last|this|following|when|while|as)\b"
)


def trim(sentence: str, words: int = WORDS, event: bool = False) -> str:
    """The sentence cut to about ``words`` words at a clause boundary (its own words, an ellipsis where cut).
    For an ``event`` (a timeline bullet, whose date is its label), not after an opening phrase alone."""
    parts = sentence.split()
    if len(parts) <= words:
        return sentence.strip()
    cut = " ".join(parts[:words])
    at = max(cut.rfind(", "), cut.rfind("; "), cut.rfind(" – "), cut.rfind(" — "))
    # An opening phrase ("During an episode of the show on 21 September,") is not what the sentence says happened.
    opening = event and at == cut.find(", ") and _OPENING.match(cut)
    if at > len(cut) // 2 and not opening:
        cut = cut[:at]
    return cut.rstrip(",;:–— ") + " …"

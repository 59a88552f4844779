"""The model's replies as text an answer can use: labels, source markers and "The article says that" removed
(:func:`clean_direct`, :func:`clean_sentence`), and a reply that only says the sources are silent told apart
(:func:`is_abstention`, :data:`NO_REASON`)."""

from __future__ import annotations

import re

_NOT_FOUND = re.compile(
    r"insufficient|not (?:enough|contain|mention|provide|specified|available)|cannot|can't|unknown|no information", re.I
)
# A "reason" that only says the sources are silent ("The article does not provide any information about ...").
NO_REASON = re.compile(
    r"(?i)\b(?:articles?|texts?|sources?|passages?|reports?)\s+(?:does|do|did)\s+not\b|\bno (?:information|mention)\b|"
    r"\bnot (?:mentioned|specified|provided|stated)\b"
)


def clean_direct(raw: str) -> str:
    """The model's direct answer without labels, quotes or markers."""
    s = raw.strip().splitlines()[0] if raw.strip() else ""
    s = re.sub(r"^(answer\s*:\s*)", "", s, flags=re.I)
    s = re.sub(r"\[\d+\]", "", s).strip().strip('"“”').strip()
    return s.rstrip(".") if len(s.split()) <= 6 else s


_META = re.compile(
    r"^(?:according to (?:the|this|one|another) (?:article|report|source|story)s?,\s*|"
    r"(?:the|this|one|another|both) (?:articles?|reports?|sources?|stor(?:y|ies)|text|passage)(?: [^,.]{0,60}?)?? (?:also )?"
    r"(?:clearly |explicitly |only )?"
    r"(?:mentions?|says?|states?|notes?|reports?|suggests?|explains?|highlights?|discuss(?:es)?|reveals?|indicates?|"
    r"describes?|claims?|adds?)(?: that |:\s*| ))"  # and at the end: "..., as mentioned in the source."
    r"|,?\s+(?:as (?:mentioned|stated|noted|said) in|according to) (?:the )?(?:source|article|text|passage)s?(?=[\s\[\]\d]*\W*$)",
    re.I,
)


def clean_sentence(raw: str) -> str:
    """One model-written sentence without labels, markers or "The article says that", ending in a full stop."""
    s = raw.strip().splitlines()[0] if raw.strip() else ""
    s = re.sub(r"^(reason|because|answer)\s*:\s*", "", s, flags=re.I)
    s = _META.sub("", s)
    if s[:1] in '"“' and (s.count('"') + s.count("“") + s.count("”")) % 2:
        s = s[1:]  # a quotation the model opened but did not close
    s = re.sub(r"\s*\[\d+\]", "", s).strip()
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    return s if not s or s[-1] in '.!?"”' else s + "."


def is_abstention(direct: str) -> bool:
    return not direct or bool(_NOT_FOUND.search(direct)) and len(direct.split()) <= 12

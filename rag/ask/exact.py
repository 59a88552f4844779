"""A one-line answer as exact as its evidence, in house style: the day a "when" answer's sentence gives, a
figure with its rate or bracketed equivalent, and dates without ordinals ("May 22nd" -> "May 22")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .evidence import Evidence
from .question import Question

NUMBER = re.compile(r"(?<![\w.])[$£€]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|million|billion|bn|m|k))?(?![\w])")
_ASKS_WHEN = re.compile(r"^\s*(?:when|on what (?:date|day))\b|\bwhat (?:date|day)\b", re.I)
_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{2})?\b", re.I
)
_FIG = r"(?:(?:US|USD|C|A|NZ|HK|S)?\s?[$£€¥])?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|per cent|million|billion|trillion|bn|m|k)\b)?"
# A figure with what makes it exact: an equivalent in brackets ("€125 million (USD $137m)") and a rate
# ("$1 per year", "$4 a month").
_AMOUNT = re.compile(
    _FIG + r"(?:\s*\((?:about |around |roughly |approximately |or |USD |US |some )*" + _FIG + r"\))?"
    r"(?:\s(?:per|a|an|each)\s(?:year|month|week|day|hour|share|person|user|head|ton|barrel|game|season|night|ticket))?"
    r"(?![\w])"
)
_ORDINAL = re.compile(r"(\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2})(?:st|nd|rd|th)\b", re.I)


def numbers(text: str) -> set[str]:
    """The figures ``text`` gives, as written."""
    return {n.strip().rstrip(",.") for n in NUMBER.findall(text)}


def precise(q: Question, direct: str, evidence: Sequence[Evidence], hits: Sequence[int]) -> str:
    """The answer as exact as its evidence: for a "when" question answered with a month or a year, the day the
    evidence gives; for a bare figure, the figure with its rate or bracketed equivalent as the evidence gives it
    ("$1" -> "$1 per year", "$137m" -> "€125 million (USD $137m)")."""
    if not _ASKS_WHEN.search(q.text):
        said = [evidence[i].text for i in hits]
        return no_ordinal(_amount(spelled(direct, said), said) if q.kind == "count" else spelled(direct, said))
    if _DAY.search(direct):
        return no_ordinal(direct)
    for i in hits:
        m = _DAY.search(evidence[i].text)
        if m and any(w.lower() in m.group(0).lower() for w in re.findall(r"[A-Za-z]{3,}|\d{4}", direct)):
            return no_ordinal(m.group(0))
    return direct


_SHORT = re.compile(r"(?<![\w.])([$£€]?)(\d[\d,]*(?:\.\d+)?)\s?(bn|B|M|m|K|k)\b")
_UNITS = {"bn": "billion", "b": "billion", "m": "million", "k": "thousand"}


def spelled(direct: str, sentences: Sequence[str]) -> str:
    """Figures the answer abbreviates written as its sentences write them: "$1.4B" -> "$1.4 billion" when a
    sentence says "$1.4 billion" (the reader sees the articles' words; "1.4B" is also not "1.4 billion" to a search)."""

    def full(m: re.Match[str]) -> str:
        written = f"{m.group(1)}{m.group(2)} {_UNITS[m.group(3).lower()]}"
        return written if any(written in s for s in sentences) else m.group(0)

    return _SHORT.sub(full, direct)


def no_ordinal(direct: str) -> str:
    """A day as a date is written: "May 22nd, 2023" -> "May 22, 2023"."""
    return _ORDINAL.sub(r"\1", direct)


def _amount(direct: str, sentences: Sequence[str]) -> str:
    """``direct`` when it is not a bare figure; else the fullest amount of the first sentence that holds it."""
    figs = numbers(direct)
    if len(figs) != 1 or len(direct.split()) > 3:
        return direct
    (fig,) = figs
    digits = re.sub(r"\D", "", fig)
    for text in sentences:
        for m in _AMOUNT.finditer(text):
            found = m.group(0).strip()
            if digits and digits in [re.sub(r"\D", "", n) for n in NUMBER.findall(found)] and len(found) > len(direct):
                return found if fig.rstrip("%") in found else direct
    return direct

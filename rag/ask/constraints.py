"""What a one-line answer must give and match, read from the question: the kind of value (:func:`wants`: a name,
a number, a date, a place) and the details its evidence must meet (:func:`constraints`: a quarter, an edition, a
round, a country, the thing counted).  Part of the question analysis (:mod:`rag.ask.question`); checked by
:mod:`rag.ask.fits`."""

from __future__ import annotations

import re
from typing import Any

from .kinds import LONG_KINDS
from .words import COMMON_LOWER, EDITION, folded

COUNTRIES = frozenset({"us", "uk", "europe", "eu"})  # the places a constraint names, as spelled in it
_QUARTERS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
# A quarter named in lower-cased text: "q2", "second quarter", "second-quarter".
QUARTER = re.compile(r"\bq([1-4])\b|\b(first|second|third|fourth)[- ]quarter\b")
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth final last".split()
_UNCOUNTED = frozenset(("time", "people", "thing", "year", "point", "goal", "run"))  # not the thing counted


def constraints(doc: Any, kind: str) -> tuple[tuple[str, ...], ...]:
    """The details a one-line answer's evidence must match (see :attr:`rag.ask.question.Question.constraints`)."""
    if kind in LONG_KINDS:
        return ()
    text = doc.text.lower()
    out: list[tuple[str, ...]] = []
    for m in QUARTER.finditer(text):
        n = m.group(1) or next(k for k, v in _QUARTERS.items() if v == m.group(2))
        out.append((f"q{n}", f"{_QUARTERS[n]} quarter", f"{_QUARTERS[n]}-quarter", f"quarter {n}"))
    for m in re.finditer(r"\b(" + "|".join(_ORDINALS[1:-2]) + r")\s+([a-z]{3,})\b", text):
        if m.group(2) not in ("quarter", "time", "half"):
            out.append((f"{m.group(1)} {m.group(2)}",))
    for m in EDITION.finditer(text):
        word = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven"}.get(m.group(2), "")
        out.append((f"{m.group(1)} {m.group(2)}",) + ((f"{m.group(1)} {word}",) if word else ()))
    for e in doc.ents:
        if e.label_ == "GPE" and e.text.lower() in ("us", "u.s.", "uk", "u.k.", "the us", "the uk", "europe", "eu"):
            low = e.text.lower().removeprefix("the ").replace(".", "")
            alts = {"us": ("us", "u.s.", "united states", "america"), "uk": ("uk", "u.k.", "britain", "united kingdom")}
            out.append(alts.get(low, (low,)))
    for t in doc:  # the thing counted: "how many tackles"; not a score's unit ("42-18" gives no "points")
        if t.lower_ == "many" and t.head.pos_ == "NOUN" and t.head.lemma_.lower() not in _UNCOUNTED:
            out.append((t.head.lemma_.lower(),))
    return tuple(dict.fromkeys(out))


def wants(question: str, kind: str) -> str:
    """What a one-line answer must contain: a person or organisation's "name" (who, which company...),
    a "number", a "date" (when), a "place" (where), or "" for anything."""
    q = question.lower()
    if kind == "count" or re.search(r"\bhow (many|much)\b", q):
        return "number"
    if re.search(r"^\s*when\b|\bwhat (date|day|year|month|time)\b|\bin which (year|month)\b|\bon what (date|day)\b", q):
        return "date"
    if re.search(r"^\s*where\b|\bin which (city|country|state|stadium|town)\b", q):
        return "place"
    if re.search(
        r"^\s*(who|whom|whose)\b|\b(which|what) (company|firm|team|player|person|individual|club|organi[sz]ation|"
        r"country|city|brand|manager|coach|ceo|executive|app|platform|band|artist|singer|actor|star)\b|"
        r"\bwhat(?:'s| is| was| are| were)? (?:the )?names? of\b|\bwhat (?:is|was|are|were)\b[^?]{0,40}\bcalled\s*\??\s*$",
        q,
    ):
        return "name"
    return ""


# "United's goals", "Nike's revenue": whose thing the question asks about (a name of capitalised words, then 's).
_NOT_OWNERS = COMMON_LOWER | {"let"}  # "Let's", "What's", "The Fed's": a contraction, or a name too loose
_OWNED = re.compile(r"\b((?:[A-Z][\w.&-]*\s)*[A-Z][\w.&-]*)['’]s\s+([a-z]{3,})")


def other_owner(question: str, outlets: tuple[str, ...] | list[str], said: str) -> str:
    """The owner the question names ("United" in "Who scored United's goals?") when the sentences an answer rests
    on (``said``) give another's same thing ("Chelsea's goal was ...") and never name it, or ""."""
    for m in _OWNED.finditer(question):
        owner, thing = m.group(1), m.group(2)
        if owner.split()[0].lower() in _NOT_OWNERS:
            continue  # "What's the score", "It's been", "The Fed's": a contraction, or a name too loose to hold to
        if any(folded(owner) in folded(o) for o in outlets) or folded(owner.split()[-1]) in folded(said):
            continue
        stem = thing[:-1] if thing.endswith("s") else thing
        if any(folded(other) != folded(owner) for other, what in _OWNED.findall(said) if what.startswith(stem)):
            return owner
    return ""


# A game between two sides the question names: "Did Newcastle win against Borussia Dortmund?", "Did Parker beat
# Wilder?", "What was the score of Arizona vs Utah?"; not "Did Uber beat Wall Street's forecast?" (what was beaten
# is the forecast).
_PLAYED = (
    r"(?:beat|beats|beaten|defeat(?:s|ed)?|thrash(?:es|ed)?|(?:win|wins|won|lose|loses|lost|draw|drew|tie|tied|play|"
    r"plays|played|fare|fared)\s+(?:against|to|with|at)|against|vs\.?|versus|v\.?)"
)


def opponents(question: str, names: tuple[str, ...] | list[str]) -> tuple[str, str] | None:
    """The two sides of a game the question asks about (see above), or None."""
    for x in names:
        for y in names:
            if x == y or x in y or y in x:
                continue
            pattern = rf"\b{re.escape(x)}\b(?:\s+[\w'’-]+)?\s+{_PLAYED}\s+(?:the\s+)?{re.escape(y)}\b(?!['’]s)"
            if re.search(pattern, question, re.I):
                return x, y
    return None

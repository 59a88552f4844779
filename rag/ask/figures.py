"""Figures and names as a sentence writes them: amounts, percentages, counts, years, month-day dates and scores
(:class:`Figure`, :func:`figures`), whether one figure is given by others (:func:`found`), the capitalised words
that read as names (:func:`names_in`), and a sentence's clauses (:data:`CLAUSE`).  Read by the answer checks
(:mod:`rag.ask.verify`, :mod:`rag.ask.owners`), the figure disagreements (:mod:`rag.ask.conflict`) and the grounding
of one-line answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .words import COMMON_CAPITALISED, COMMON_LOWER

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
FIGURE = re.compile(
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,\s*\d{{4}})?"
    r"|(?:[A-Z]{1,2})?(?P<cur>[$£€¥])\s?(?:US\s?)?(?P<money>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<mscale>(?i:million|billion|trillion|bn|m|k))\b)?"
    r"|(?<![\w.,])(?P<num>\d(?:[\d,]*\d)?(?:\.\d+)?)(?:\s?(?P<scale>(?i:million|billion|trillion))\b)?"
    r"(?P<pct>\s?(?:%|(?i:per ?cent|percent)\b))?"
)
_SCALE = {"": 1.0, "k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "trillion": 1e12}


@dataclass(frozen=True)
class Figure:
    """A figure as written in a sentence, with its kind, value and the precision it is given to."""

    kind: str
    value: float
    precision: float
    text: str

    def agrees(self, other: Figure) -> bool:
        return abs(self.value - other.value) <= max(self.precision, other.precision) / 2


def figure(m: re.Match[str]) -> Figure | None:
    """The figure a match of ``FIGURE`` stands for."""
    if m.group("month"):
        month = _MONTHS.index(m.group("month")[:3].title()) + 1
        return Figure("date", month * 100 + int(m.group("day")), 1.0, m.group())
    digits, scale = (m.group("money"), m.group("mscale")) if m.group("cur") else (m.group("num"), m.group("scale"))
    digits = digits.replace(",", "")
    try:
        number = float(digits)
    except ValueError:
        return None
    unit = _SCALE[(scale or "").lower()]
    step = unit * (10.0 ** -len(digits.split(".")[1]) if "." in digits else 1.0)
    if m.group("cur"):
        return Figure("money" + m.group("cur"), number * unit, step, m.group())
    if m.group("pct"):
        return Figure("percent", number, step, m.group())
    if not scale and "," not in m.group("num") and len(digits) == 4 and 1800 <= number <= 2100:
        return Figure("year", number, 1.0, m.group())
    return Figure("number", number * unit, step, m.group())


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "once": 1, "twice": 2, "half": 0.5,
}  # fmt: skip
SCORE = re.compile(r"(?<![\w.,/$£€-])(\d{1,3}) ?[-–] ?(\d{1,3})(?![\w/%-]|[.,]\d)")  # "42-18", "3–2": either side first
WORD_NUMBER = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", re.I)
_CAP = re.compile(r"(?<![\w'’])([A-Z][\w'’&.-]*[\w&])")
# where a sentence's clauses part: a comma, a semicolon, a colon, a dash, or "but", "while", "whereas", "(al)though"
CLAUSE = re.compile(r"[,;:—–]\s+|\s+(?:but|while|whereas|although|though)\s+")


def strip_possessive(word: str) -> str:
    """``word`` without its possessive "'s" (or "'") and a closing full stop."""
    return re.sub(r"['’]s?$", "", word).rstrip(".")


def figures(text: str) -> list[Figure]:
    """The figures written in ``text`` (amounts, percentages, counts, years, month-day dates) and small numbers in words."""
    out = [f for f in (figure(m) for m in FIGURE.finditer(text)) if f is not None]
    for m in WORD_NUMBER.finditer(text):
        out.append(Figure("number", float(NUMBER_WORDS[m.group(1).lower()]), 1.0, m.group(0)))
    return out


def found(f: Figure, have: Sequence[Figure], published: Iterable[str]) -> bool:
    """Whether one of ``have`` gives ``f`` (to the precision either is written to; a bare number may be an amount's
    or a percentage's value), or ``f`` is the year or the day of one of the ``published`` dates (ISO)."""
    for g in have:
        if f.kind == "year" or g.kind == "year":
            if f.kind == g.kind and f.value == g.value:
                return True
            continue
        if f.kind == "date" or g.kind == "date":
            if f.kind == g.kind and f.value == g.value:
                return True
            continue
        # A bare number may stand for an amount or a percentage with the same value ("10" of "10%").
        if f.kind != g.kind and "number" not in (f.kind, g.kind) and not (f.kind[:5] == g.kind[:5] == "money"):
            continue
        if f.agrees(g) or g.agrees(f) or abs(f.value - g.value) < 1e-9:
            return True
    for day in published:
        if f.kind == "year" and day[:4] == str(int(f.value)):
            return True
        if f.kind == "date" and len(day) >= 10 and int(day[5:7]) * 100 + int(day[8:10]) == f.value:
            return True
    return False


def names_in(sentence: str) -> list[str]:
    """Capitalised words of ``sentence`` that read as names (not its first word unless it is not a common word)."""
    out = []
    for m in _CAP.finditer(sentence):
        word = strip_possessive(m.group(1))
        if not word or word in COMMON_CAPITALISED or word.upper() == word and len(word) <= 1:
            continue
        if m.start() == 0 and word.lower() in COMMON_LOWER:
            continue
        out.append(word)
    return out


def normal(text: str) -> str:
    """``text`` lower-cased, its curly quotation marks straight and its spaces single, for matching words as written."""
    return " ".join(re.sub(r"[‘’]", "'", re.sub(r"[“”]", '"', text)).lower().split())

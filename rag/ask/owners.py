"""Whose figure it is: an answer sentence that gives one of its names a figure its sources give to another of its
names ("Brock Purdy threw for 314 yards and four touchdowns, while Jalen Hurts threw for 314 yards and four
touchdowns", written from "Brock Purdy threw for 314 yards and four touchdowns, Deebo Samuel scored three TDs and
Eagles quarterback Jalen Hurts was checked for a concussion").  Every word of it is in the source, so the checks of
:mod:`rag.ask.verify` by figure, name and word all pass; what is wrong is whose figure it is.  A figure belongs to
the names before it in its clause, in the answer and in the source alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from .evidence import Evidence
from .figures import CLAUSE, FIGURE, SCORE, WORD_NUMBER, Figure, figure, figures, found, names_in, normal


def swapped(sentence: str, cited: Sequence[Evidence]) -> str:
    """A figure ``sentence`` gives to one of its names (those before it in its clause) that each cited clause giving it
    gives to another of its names: "Purdy threw for 314 yards, while Hurts threw for 314 yards" from "Brock Purdy threw
    for 314 yards and four touchdowns, ... Jalen Hurts was checked for a concussion"; or "" (not a score or a date)."""
    named = {normal(n) for n in names_in(sentence)}
    if len(named) < 2:  # most sentences: nothing to swap, and the cited sentences are not read
        return ""
    held = [(f, {normal(n) for n in names_in(c[:at])}) for ev in cited for c in CLAUSE.split(ev.text) for f, at in _owned(c)]
    for clause in CLAUSE.split(sentence):
        for f, at in _owned(clause):
            owners = {normal(n) for n in names_in(clause[:at])}
            giving = [names for g, names in held if found(f, [g], ())]
            if owners and giving and all(names & (named - owners) and not names & owners for names in giving):
                return f.text
    return ""


def _owned(clause: str) -> list[tuple[Figure, int]]:
    """The figures of ``clause`` that may belong to a name, with where each starts: not a year, a date, a score
    or part of a word ("49ers")."""
    scores = [m.span() for m in SCORE.finditer(clause)]
    out = []
    for m in [*FIGURE.finditer(clause), *WORD_NUMBER.finditer(clause)]:
        f = figure(m) if m.re is FIGURE else figures(m.group())[0]
        glued = clause[m.end() : m.end() + 1].isalpha()
        if f is None or f.kind in ("year", "date") or glued or any(a <= m.start() < b for a, b in scores):
            continue
        out.append((f, m.start()))
    return out

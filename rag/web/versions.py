"""Earlier versions of fetched pages, and the figures that changed between them.

A page that changes is one article, updated; :mod:`rag.web.feeds` keeps each version it replaces under
``<index>/pages/.versions/<page>/<fetched>.txt``.  When an answer rests on a sentence of such a page and an
earlier version gave other figures in the same sentence ("at least 150 homes" where it now says 180), the answer
says so, dated: a casualty count, a price or a score revised after publication is exactly what a reader must know.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..ask.cite import Draft, Line
from ..ask.evidence import terms
from ..ask.figures import figures
from .pages import PAGES, VERSIONS

MIN_SAME = 0.6  # share of a sentence's words an earlier version's sentence must have to be the same sentence


def earlier_versions(index: Path, file: str) -> list[tuple[str, str]]:
    """``(fetched, text)`` of each earlier version of the page saved as ``file``, newest first; [] for a file
    that is not a fetched page or never changed."""
    pages = (Path(index) / PAGES).resolve()
    try:
        page = Path(file).resolve().relative_to(pages)
    except ValueError:
        return []
    folder = pages / VERSIONS / page.with_suffix("")
    found = sorted(folder.glob("*.txt"), reverse=True)  # named by when fetched, so newest first
    return [(_when(p.stem), p.read_text(encoding="utf-8", errors="replace")) for p in found]


def _when(stamp: str) -> str:
    """ "2023-11-24T100000+0000" (a version's file name) as "2023-11-24 10:00 UTC"."""
    try:
        return datetime.strptime(stamp, "%Y-%m-%dT%H%M%S%z").strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp


def _quantities(text: str) -> set[tuple[str, float]]:
    return {(f.kind, round(f.value, 6)) for f in figures(text) if f.kind != "year" and re.search(r"\d", f.text)}


def changed(sentence: str, versions: list[tuple[str, str]]) -> tuple[str, str] | None:
    """``(fetched, earlier sentence)`` for the newest earlier version whose same sentence (most of its words)
    gives other figures than ``sentence``, else None."""
    from ..ingest.chunk import sentences

    want, now = terms(sentence), _quantities(sentence)
    if not want or not now:
        return None
    for when, text in versions:
        best, share = "", 0.0
        for s, e in sentences(text):
            said = text[s:e].strip()
            overlap = len(want & terms(said)) / len(want)
            if overlap > share:
                best, share = said, overlap
        if share < MIN_SAME:
            continue
        then = _quantities(best)
        if then and then != now:
            return when, best
    return None


def noted(draft: Draft, index: Path, files_of: Callable[[set[str]], dict[str, str]]) -> Draft:
    """``draft`` with a note for each page its direct answer rests on whose earlier version gave other figures:
    'An earlier version of this page, fetched 2023-11-24 10:00 UTC, said: "..."'.  ``files_of`` gives the files
    of some articles by id (read once, and only when the index keeps earlier versions)."""
    if not draft.lines or not (Path(index) / PAGES / VERSIONS).is_dir():
        return draft
    cited = [draft.evidence[k] for k in draft.lines[0].refs]
    files = files_of({ev.passage.article_id for ev in cited})
    notes: list[Line] = []
    seen: set[str] = set()
    for ev in cited:
        if ev.passage.article_id in seen:
            continue
        seen.add(ev.passage.article_id)
        found = changed(ev.text, earlier_versions(index, files.get(ev.passage.article_id, "")))
        if found:
            where = f"the {ev.passage.source} page" if ev.passage.source else "this page"
            notes.append(Line(f'An earlier version of {where}, fetched {found[0]}, said: "{found[1]}"', (), "note"))
    return draft.with_lines([*draft.lines, *notes]) if notes else draft

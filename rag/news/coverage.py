"""Which outlets covered a story (``byline coverage``): when each first ran it, with how many articles, syndicated
copies marked, and where their figures differ, each cited.  The story's articles are found as for a timeline
(:mod:`rag.news.story`).  No model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..ask.evidence import Evidence
from .story import Citer, Difference, StoryArticle, cited_differences


@dataclass(frozen=True)
class OutletCoverage:
    """One outlet's coverage of a story: when it first ran it, how many articles, which."""

    source: str
    first: str
    count: int
    copies: int  # of them, syndicated copies of another outlet's article
    articles: tuple[StoryArticle, ...] = field(default=())


@dataclass(frozen=True)
class Coverage:
    """Which outlets covered a story, earliest first, and where their figures differ."""

    topic: str
    since: str
    until: str
    outlets: tuple[OutletCoverage, ...]
    differences: tuple[Difference, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def differences(
    evidence: Sequence[Evidence],
    article_text: Callable[[str], str | None],
    also_in: Callable[[str], tuple[dict[str, str], ...]],
    limit: int = 10,
) -> tuple[Difference, ...]:
    """Figures the story's articles give differently for one thing (:func:`rag.ask.conflict.differences`), cited."""
    return cited_differences(evidence, Citer(evidence, article_text, also_in), limit)


def by_outlet(
    topic: str,
    since: str,
    until: str,
    articles: Sequence[StoryArticle],
    also_in: Callable[[str], tuple[dict[str, str], ...]],
    found: Sequence[Difference] = (),
) -> Coverage:
    """The outlets that ran the story's ``articles`` or a syndicated copy of one, earliest first."""
    every: dict[str, StoryArticle] = {a.article_id: a for a in articles}
    for a in articles:
        for c in also_in(a.article_id):
            if c["article_id"] not in every:
                every[c["article_id"]] = StoryArticle(
                    c["article_id"], c["title"], c["source"], c["published"], c["url"], c["path"], a.article_id
                )
    # Within a group the first published is the original; the others are its copies.
    groups: dict[str, list[StoryArticle]] = {}
    for a in every.values():
        key = min(
            [a.article_id, *[c["article_id"] for c in also_in(a.article_id)]],
            key=lambda i: (every[i].published or "9999", i) if i in every else ("9999", i),
        )
        groups.setdefault(key, []).append(a)
    marked: list[StoryArticle] = []
    for lead, members in groups.items():
        for a in members:
            marked.append(
                StoryArticle(a.article_id, a.title, a.source, a.published, a.url, a.path, "" if a.article_id == lead else lead)
            )
    by_outlet: dict[str, list[StoryArticle]] = {}
    for a in marked:
        by_outlet.setdefault(a.source or "(no outlet)", []).append(a)
    rows = []
    for source, arts in by_outlet.items():
        arts.sort(key=lambda a: (a.published or "9999", a.article_id))
        first = next((a.published for a in arts if a.published), "")
        rows.append(OutletCoverage(source, first, len(arts), sum(1 for a in arts if a.copy_of), tuple(arts)))
    rows.sort(key=lambda r: (r.first or "9999", r.source))
    return Coverage(topic, since, until, tuple(rows), tuple(found))

"""Which outlets covered a story (``byline coverage``, and a question that asks it: "Which outlets covered the
Everton points deduction?"): when each first ran it, with how many articles, syndicated copies marked, and where
their figures differ, each cited.  The story's articles are found as for a timeline (:mod:`rag.news.story`).  No
model."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..ask.evidence import Evidence
from .dates import label
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


# "Which outlets covered ...?", "What other news sites have reported on ...?", "Which papers ran stories about ...?"
_ASKS_OUTLETS = re.compile(
    r"^\W*(?:(?:please|can you|could you|tell me|show me)\W+)*(?:which|what)\s+(?:other\s+)?(?:news\s+)?"
    r"(?:outlets?|publications?|newspapers?|papers|media(?:\s+outlets?)?|news\s*(?:sites?|sources?|organi[sz]ations?)|"
    r"sources?|websites?|sites?)\s+(?:(?:have|has|had|did|do|does)\s+)?(?:(?:also|already|first)\s+)?"
    r"(?:cover(?:ed|s)?|report(?:ed|s)?(?:\s+on)?|wr(?:ote|itten|ite|ites)\s+(?:about|on)|r[au]n|carr(?:ied|y|ies)|"
    r"published|picked\s+up|(?:have|had|has)\s+(?:articles?|stories|pieces|reports?))\s+"
    r"(?:(?:the\s+)?(?:story|stories|news|articles?|pieces?|reports?)\s+(?:on|about|of)\s+)?(?:on\s+|about\s+)?"
    r"(?P<topic>[^?]{3,}?)\s*\??\s*$",
    re.I,
)


# "Who reported the Palo Alto deal first?", "Which outlet broke the news of ...?", "Who was the first to report ...?"
_FIRST = re.compile(
    r"^\W*(?:who|which\s+(?:news\s+)?(?:outlets?|publications?|newspapers?|papers?|sites?|sources?))\s+"
    r"(?:was\s+the\s+first\s+to\s+(?:report|cover|break)(?:\s+on)?|first\s+(?:reported|covered|broke)(?:\s+on)?|"
    r"broke\s+the\s+(?:news|story)\s+(?:of|about|on|that)|(?=(?:reported|covered)\b.*\bfirst\W*$)(?:reported|covered)(?:\s+on)?)\s+"
    r"(?:the\s+(?:news|story)\s+(?:of|about|on|that)\s+)?(?P<topic>[^?]{3,}?)(?:\s+first)?\s*\??\s*$",
    re.I,
)


def topic_asked(question: str) -> str:
    """The story a question asks the outlets of ("Which outlets covered the Everton points deduction?": "the Everton
    points deduction"; "Who reported the Palo Alto deal first?": "the Palo Alto deal"), or "" when it asks something
    else ("Who reported the story?" may ask for the reporter)."""
    m = _ASKS_OUTLETS.match(question) or _FIRST.match(question)
    return m.group("topic").strip() if m else ""


def lines_of(coverage: Coverage, lead: Callable[[str], int | None], per_outlet: int = 3) -> list[tuple[str, tuple[int, ...]]]:
    """One line per outlet, earliest first ("The Guardian: 2 articles, the first on November 24, 2023"), with the
    evidence (``lead``: an article's opening sentence, by article id) of up to ``per_outlet`` of its articles."""
    out = []
    for row in coverage.outlets:
        refs = tuple(i for i in (lead(a.article_id) for a in row.articles[:per_outlet]) if i is not None)
        if not refs:
            continue
        n = f"{row.count} article{'s' if row.count != 1 else ''}"
        copies = f" ({row.copies} of them a syndicated cop{'ies' if row.copies != 1 else 'y'})" if row.copies else ""
        first = (
            f", the first on {label(row.first[:10])}"
            if row.first and row.count > 1
            else f", on {label(row.first[:10])}"
            if row.first
            else ""
        )
        out.append((f"{row.source}: {n}{copies}{first}", refs))
    return out

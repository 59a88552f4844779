"""Stories: the articles about one topic and the dated events they report (a timeline); who covered it is
:mod:`rag.news.coverage`.  No model: every event is an article's own sentence, cited.

A story is what retrieval finds for the topic (its subject words, names and time scope read as for a
question, :mod:`rag.ask.question`), kept to the articles about its subject (:func:`rag.ask.subject.on_subject`).
Syndicated copies are one source (:mod:`rag.news.copies`): an event cites one copy and names the others
(``also_in``); coverage still lists every outlet that ran the story, copies marked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..ask.cite import citation
from ..ask.evidence import Evidence, part_terms, sentence_terms
from ..types import Citation, Passage
from .timeline import MARKS, Event, marked


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story."""

    article_id: str
    title: str
    source: str
    published: str
    url: str
    path: str
    copy_of: str = ""  # the id of the article it reprints, when it is a syndicated copy


@dataclass(frozen=True)
class StoryEvent:
    """A dated event: when (ISO, to the precision known), how the date was found (``date_source``: explicit,
    relative or publication), its label, the sentence, and the citations of every article that reports it."""

    date: str
    label: str
    date_source: str
    text: str
    citations: tuple[Citation, ...]

    @property
    def when(self) -> str:
        """Its label, marked when the text does not give the date whole (:func:`rag.news.timeline.marked`)."""
        return marked(self.label, self.date_source)

    @property
    def mark(self) -> str:
        """How the date is marked: "inferred" (reckoned from the article's date), "published" (only the article's
        date) or "" (the text gives it)."""
        return MARKS.get(self.date_source, "")


@dataclass(frozen=True)
class Timeline:
    """The dated events of a story in event order, and the articles it was drawn from."""

    topic: str
    since: str
    until: str
    events: tuple[StoryEvent, ...]
    articles: tuple[StoryArticle, ...]
    # Figures the story's articles give differently for one thing, side by side (numbered with the events).
    differences: tuple[Difference, ...] = ()

    @property
    def cited(self) -> dict[int, Citation]:
        """Every citation of the events and the differences, by number."""
        every = [c for e in self.events for c in e.citations] + [c for d in self.differences for cs in d.citations for c in cs]
        return {c.n: c for c in sorted(every, key=lambda c: c.n)}

    @property
    def date_sources(self) -> dict[str, float]:
        """The share of events dated each way (explicit, relative, publication)."""
        n = len(self.events) or 1
        kinds = ("explicit", "relative", "publication")
        return {k: round(sum(1 for e in self.events if e.date_source == k) / n, 3) for k in kinds}

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "date_sources": self.date_sources}

    def to_markdown(self) -> str:
        lines = [f"# Timeline: {self.topic}", ""]
        if not self.events:
            lines.append("No dated events found in the indexed articles.")
        for e in self.events:
            refs = "".join(f"[{c.n}]" for c in e.citations)
            lines.append(f"- **{e.when}**: {e.text} {refs}".rstrip())
        if self.differences:
            lines += ["", "## Where accounts differ", ""] + [f"- {d.as_text()}" for d in self.differences]
        cited = self.cited
        if cited:
            lines += ["", "## Sources", ""]
            for n in sorted(cited):
                c = cited[n]
                also = f" (also in: {c.also_in_outlets})" if c.also_in else ""
                lines.append(
                    f"{n}. {c.source}, {c.published[:10]}: [{c.title}]({c.url}){also}"
                    if c.url
                    else f"{n}. {c.source}, {c.published[:10]}: {c.title}{also}"
                )
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["date", "label", "date_source", "event", "sources", "urls"])
        for e in self.events:
            w.writerow(
                [
                    e.date,
                    e.label,
                    e.date_source,
                    e.text,
                    "; ".join(c.source for c in e.citations),
                    " ".join(c.url for c in e.citations),
                ]
            )
        return out.getvalue()


@dataclass(frozen=True)
class Difference:
    """Outlets giving different figures for one thing: each value as written, with the citations that give it
    (``citations[i]`` for ``values[i]``)."""

    values: tuple[str, ...]
    citations: tuple[tuple[Citation, ...], ...]

    def sides(self) -> list[tuple[str, str, tuple[Citation, ...]]]:
        """Each value with the outlets that give it (each once) and its citations."""
        return [
            (value, ", ".join(dict.fromkeys(c.source or c.title for c in cites)), cites)
            for value, cites in zip(self.values, self.citations)
        ]

    def as_text(self) -> str:
        """ "$1.2 billion (Reuters [3]) vs $1.4 billion (Bloomberg [5])"."""
        return " vs ".join(f"{value} ({who} {''.join(f'[{c.n}]' for c in cites)})" for value, who, cites in self.sides())


def article_of(p: Passage, copy_of: str = "") -> StoryArticle:
    """The story article a passage comes from."""
    return StoryArticle(p.article_id, p.title, p.source, p.published, p.url, p.path, copy_of)


def articles_of(passages: Sequence[Passage], keep: set[str]) -> list[StoryArticle]:
    """The story's articles: those of ``passages`` about its subject (``keep``), once each, in order."""
    arts: dict[str, StoryArticle] = {}
    for p in passages:
        if p.article_id in keep:
            arts.setdefault(p.article_id, article_of(p))
    return list(arts.values())


class Citer:
    """Numbers evidence sentences as citations in order of first use (:func:`rag.ask.cite.citation`: None when the
    article changed since it was indexed)."""

    def __init__(
        self,
        evidence: Sequence[Evidence],
        article_text: Callable[[str], str | None],
        also_in: Callable[[str], tuple[dict[str, str], ...]],
    ) -> None:
        self.evidence, self.article_text, self.also_in = evidence, article_text, also_in
        self.numbers: dict[int, Citation] = {}
        self.bodies: dict[str, str | None] = {}

    def __call__(self, i: int) -> Citation | None:
        if i not in self.numbers:
            ev = self.evidence[i]
            c = citation(ev, len(self.numbers) + 1, self.bodies, self.article_text, self.also_in(ev.passage.article_id))
            if c is None:
                return None
            self.numbers[i] = c
        return self.numbers[i]


def sentences(
    passages: Sequence[Passage], keep: set[str], focus: str, article_text: Callable[[str], str | None], max_articles: int = 16
) -> list[Evidence]:
    """Every reporting sentence of the story's articles (``keep``, in the order retrieval found them, at most
    ``max_articles``), from their whole texts, not only the retrieved passages: a timeline's events are spread
    over an article.  Best first: the story's words in the sentence and its title, then the article's rank."""
    from dataclasses import replace

    from ..ask.gather import captioned, newsy

    q = part_terms(focus)
    order: list[Passage] = []
    for p in passages:
        if p.article_id in keep and all(p.article_id != o.article_id for o in order):
            order.append(p)
    out: list[tuple[float, Evidence]] = []
    for rank, p in enumerate(order[:max_articles]):
        body = article_text(p.article_id) or ""
        whole = replace(p, chunk_id=p.chunk_id + "#story", text=body, start=0, end=len(body))
        context = part_terms(f"{p.title} {p.source}")
        for s, e, _ in sentence_terms(body):
            sent = body[s:e]
            if not newsy(sent) or captioned(body, e):
                continue
            t = part_terms(sent)  # the subject as spaCy gives it ("Bankman Fried") is named by "Bankman-Fried"
            cov = len(q & (t | context)) / len(q) if q else 0.0
            score = cov + 0.5 * (len(q & t) / len(q) if q else 0.0) - 0.05 * rank
            out.append((score, Evidence(whole, s, e, sent, score=score, coverage=cov)))
    out.sort(key=lambda x: -x[0])
    return [ev for _, ev in out]


def timeline(
    topic: str,
    since: str,
    until: str,
    found: Sequence[Event],
    evidence: Sequence[Evidence],
    article_text: Callable[[str], str | None],
    also_in: Callable[[str], tuple[dict[str, str], ...]],
) -> Timeline:
    """The events as a :class:`Timeline`, each sentence cited (checked against its article's text), and where
    the articles' figures differ, numbered on from the events."""
    cite = Citer(evidence, article_text, also_in)
    out: list[StoryEvent] = []
    for e in found:
        cites = [c for c in (cite(i) for i in e.refs) if c is not None]
        if cites:
            out.append(StoryEvent(e.date, e.label, e.date_source, e.text, tuple(cites)))
    seen: dict[str, StoryArticle] = {}
    for ev in evidence:
        seen.setdefault(ev.passage.article_id, article_of(ev.passage))
    arts = sorted(seen.values(), key=lambda a: (a.published or "9999", a.article_id))
    return Timeline(topic, since, until, tuple(out), tuple(arts), cited_differences(evidence, cite))


def cited_differences(evidence: Sequence[Evidence], cite: Citer, limit: int = 10) -> tuple[Difference, ...]:
    from ..ask.conflict import differences as find

    out = []
    for v in find(evidence)[:limit]:
        cites = tuple(tuple(c for c in (cite(i) for i in refs) if c is not None) for refs in v.evidence)
        if all(cites):
            out.append(Difference(v.values, cites))
    return tuple(out)

"""Plain, frozen data that crosses Byline's stage boundaries.

Framework objects (llama-index nodes, Chroma records) never leave the module
that uses them; every stage hands the next one of these dataclasses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One cleaned news article.

    ``path`` is the display path (relative to the ingested folder, ``#n`` for a
    record); ``file`` is the absolute path of the file it was read from.

    ``id`` is derived from the article's location (file path, plus ``#n`` for a
    record inside a JSON/JSONL file), so re-reading the same file gives the same
    id; ``content_hash`` is the sha256 of the file's bytes and tells whether it
    changed.  ``text`` is the cleaned body: boilerplate lines removed, every kept
    character exactly as in the source.
    """

    id: str
    path: str
    text: str
    content_hash: str
    file_hash: str = ""
    file: str = ""
    title: str = ""
    source: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    category: str = ""
    pages: tuple[int, ...] = ()  # a PDF's page starts (offsets into ``text``; page 1 at 0); empty otherwise


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article, with offsets into its text."""

    id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its article's metadata and the retrieval score."""

    chunk_id: str
    article_id: str
    text: str
    start: int
    end: int
    score: float
    title: str = ""
    source: str = ""
    published: str = ""
    url: str = ""
    path: str = ""
    pages: tuple[int, ...] = ()  # its article's page starts, for a PDF (see :attr:`Article.pages`)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if not self.pages:
            del d["pages"]
        else:
            d["page"] = page_of(self.pages, self.start)
        return d


@dataclass(frozen=True)
class Quote:
    """An article sentence shown before the answer is written: the best evidence, verbatim."""

    text: str
    article_id: str
    title: str
    source: str
    published: str
    url: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Retrieved:
    """Yielded first by ``Assistant.stream``, as soon as retrieval is done.

    ``query`` is the standalone question that was searched for: the question
    itself, or, for a follow-up, the question with the conversation it refers to.
    ``reading`` is how the question was read (kind, names, time scope, ...; see
    :meth:`rag.ask.question.Question.to_dict`) and ``quotes`` the best sentences found,
    shown while the answer is being written.  ``ahead``: questions before this one
    for the model (it writes one answer at a time; see :mod:`rag.ask.admission`).
    """

    query: str
    passages: tuple[Passage, ...]
    reading: dict[str, Any] = field(default_factory=dict)
    quotes: tuple[Quote, ...] = ()
    ahead: int = 0


@dataclass(frozen=True)
class Citation:
    """What an ``[n]`` marker in an answer points at: a verbatim span of an article.

    ``quote == article.text[start:end]`` always holds; answers are checked for it
    before they are returned.
    """

    n: int
    article_id: str
    title: str
    source: str
    published: str
    path: str
    url: str
    quote: str
    start: int
    end: int
    # The cited article's syndicated copies in other outlets (rag/news/copies.py), each {article_id, title, source,
    # published, url, path}: one story counts as one source, cited once.
    also_in: tuple[dict[str, str], ...] = ()
    page: int | None = None  # the page of a PDF the quote starts on

    def to_dict(self) -> dict[str, Any]:
        d = {**asdict(self), "also_in": [dict(x) for x in self.also_in]}
        if self.page is None:
            del d["page"]
        return d

    @property
    def also_in_outlets(self) -> str:
        """The copies' outlets as one would read them ("Yahoo Finance, MarketWatch"); empty without copies."""
        return outlets(self.also_in)


def outlets(copies: Sequence[dict[str, str]]) -> str:
    """The outlets of syndicated ``copies`` (:attr:`Citation.also_in`), each once, in order."""
    return ", ".join(dict.fromkeys(c.get("source") or c.get("title") or c.get("path", "") for c in copies))


@dataclass(frozen=True)
class Conflict:
    """Articles that give different figures for what the question asks: each value as written,
    with the numbers of the citations that give it (``citations[i]`` for ``values[i]``)."""

    values: tuple[str, ...]
    citations: tuple[tuple[int, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"versions": [{"value": v, "citations": list(c)} for v, c in zip(self.values, self.citations)]}


@dataclass(frozen=True)
class AnswerLine:
    """One line of an answer as shown, with the citation numbers it carries.

    ``role``: ``answer`` (the answer's own words), ``bullet`` (a timeline event or list
    item), or ``quote`` (an article sentence quoted verbatim under the answer)."""

    text: str
    citations: tuple[int, ...] = ()
    role: str = "answer"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": list(self.citations), "role": self.role}


@dataclass(frozen=True)
class Answer:
    """An answer: text with ``[n]`` markers, the citations they resolve to, and
    whether Byline abstained because the articles do not answer the question."""

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    passages: tuple[Passage, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    query: str = ""
    """The standalone question searched for (differs from ``question`` for follow-ups)."""
    conflicts: tuple[Conflict, ...] = ()
    """Disagreements between the cited articles on what was asked (see :mod:`rag.ask.conflict`)."""
    lines: tuple[AnswerLine, ...] = ()
    """``text`` line by line, each with its citation numbers and role."""
    reading: dict[str, Any] = field(default_factory=dict)
    """How the question was read: kind, names, time scope, standalone query (see :mod:`rag.ask.question`)."""

    @property
    def direct(self) -> str:
        """The one-line direct answer (first line of ``text``)."""
        return self.text.split("\n", 1)[0].strip()

    @property
    def kind(self) -> str:
        """The kind of question answered: fact, count, yesno, explain, said, summary, timeline, compare or list."""
        return str(self.reading.get("kind", ""))

    @property
    def own_text(self) -> str:
        """The answer's own sentences (its ``answer`` and ``bullet`` lines), without the quoted article lines and
        Byline's notes."""
        if not self.lines:
            return self.text
        return "\n".join(x.text for x in self.lines if x.role not in ("quote", "note"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "query": self.query or self.question,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "kind": self.kind,
            "reading": self.reading,
            "lines": [x.to_dict() for x in self.lines],
        }


@dataclass(frozen=True)
class FileError:
    """A file (or record) that could not be ingested, and why."""

    path: str
    error: str


@dataclass(frozen=True)
class Item:
    """One thing to fetch: a feed entry, a sitemap ``<loc>`` or the page itself."""

    link: str
    guid: str = ""
    title: str = ""
    published: str = ""
    updated: str = ""
    author: str = ""
    text: str = ""  # the feed's own text for it (HTML removed), used when the page cannot be had


@dataclass(frozen=True)
class IngestReport:
    """What an ingest changed; counts are of articles, ``chunks`` is the index total."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks: int = 0
    errors: tuple[FileError, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "chunks": self.chunks,
            "errors": [asdict(e) for e in self.errors],
        }


@dataclass(frozen=True)
class ArticleInfo:
    """An indexed article as listed by ``Assistant.articles()``."""

    id: str
    path: str
    title: str
    source: str
    published: str
    url: str
    chunks: int
    content_hash: str
    copy_group: str = ""  # the id of the first published of its syndicated copies (its own id when it has none)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def page_of(starts: Sequence[int], offset: int) -> int | None:
    """The page (from 1) an offset of an article falls on; None for an article without pages."""
    from bisect import bisect_right

    return bisect_right(starts, offset) if starts else None

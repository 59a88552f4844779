"""Steps 2-4 of a question's path: read it, find its passages, choose its evidence (docs/architecture.md).

:class:`Finder` owns what these steps read (the index, the embedding model, the retriever built over them);
:class:`rag.ask.pipeline.Pipeline` runs them for a question, and the stories of :mod:`rag.news.story` for a topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..types import Passage

if TYPE_CHECKING:
    from ..config import Config
    from ..index.store import Store
    from ..models.embed import Embedder
    from .evidence import Evidence
    from .question import Question
    from .retrieve import Retriever

MAX_QUESTION_CHARS = 2000
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Finder:
    """Questions read, passages found and evidence chosen over one index (the retriever opens on first use)."""

    def __init__(self, config: Config, store: Store, embedder: Embedder) -> None:
        self.config, self.store, self.embedder = config, store, embedder
        self._retriever: Retriever | None = None

    def retriever(self) -> Retriever:
        if self._retriever is None:
            from .retrieve import Retriever

            self.store.check(create=False)
            self._retriever = Retriever(self.store, self.embedder, self.config.dense_weight, self.config.retrieval)
        return self._retriever

    def retrieve(self, query: str, k: int, dates: tuple[str, str]) -> list[Passage]:
        """Fused dense + keyword candidates, re-ranked by their best sentence (rag/ask/rerank.py)."""
        from .rerank import rerank

        tuned = self.config.retrieval
        return rerank(query, self.retriever().retrieve(query, max(k, tuned.rerank_pool), *dates), k, tuned.rerank_weight)

    def read(self, question: str, history: Sequence[str] = (), as_of: str = "") -> Question:
        """How Byline reads ``question`` (kind, names, outlets, time scope, standalone text); see :mod:`rag.ask.question`.
        Relative time ("last week", "latest") is reckoned from ``as_of``, else from the newest article's day."""
        from .question import analyse

        r = self.retriever()
        return analyse(check_question(question), history, r.sources(), r.year, as_of or r.newest, r.casing)

    def anchored(self, q: Question, dates: tuple[str, str]) -> Question:
        """``q`` with the scope its event sets ("since the trial began") dated from the articles (:mod:`rag.ask.recency`)."""
        from .recency import anchored

        return anchored(q, self.retrieve, dates)

    def find(self, q: Question, k: int, dates: tuple[str, str]) -> tuple[list[Passage], bool]:
        """The passages for ``q``: within its time scope, and after it for its reports (:mod:`rag.ask.window`),
        else without the scope (``False`` says so)."""
        from .window import scoped, windows

        ranges = windows(q, dates)
        if (hit := scoped(q, ranges or (), dates, lambda window: self.retrieve(q.search, k, window), k)) is not None:
            return self._newest_first(q, *hit), True
        return self._newest_first(q, self.retrieve(q.search, k, dates), dates), ranges is None

    def _newest_first(self, q: Question, found: list[Passage], dates: tuple[str, str]) -> list[Passage]:
        """For a question about the newest state of things, the newest report about its subject first (:mod:`rag.ask.recency`)."""
        from .recency import newest_first

        return newest_first(q, found, self.retrieve, self.store.article_text, dates)

    def evidence(self, q: Question, passages: Sequence[Passage]) -> list[Evidence]:
        """The sentences the answer may rest on: from articles about the question's subject only, their
        opening sentences counted (news states its main facts first).  For a question about the newest state of
        things, from the newest report alone (the first passage's article, :meth:`_newest_first`), read whole,
        when it covers the question as well as the support gate asks."""
        from .evidence import support
        from .recency import whole_newest

        whole = whole_newest(passages[0], self.store.article_text) if q.latest and passages and q.kind != "timeline" else None
        own = self.evidence_from(q, [whole]) if whole is not None else []
        asked = q.focus if q.long and q.focus else q.text
        if own and support(asked, own, in_article_order=q.long) >= self.config.answering.min_support:
            return own
        return self.evidence_from(q, passages)

    def evidence_from(self, q: Question, passages: Sequence[Passage]) -> list[Evidence]:
        from .evidence import select, without_comparatives
        from .gather import gather
        from .subject import on_subject, subject_terms

        subject = subject_terms(q.focus or q.text, q.names)  # a question of parts, or a comparison, spans subjects
        one = q.kind != "compare"
        keep = {p.article_id for p in passages} if q.parts else on_subject(passages, subject, q.names, one_subject=one)
        passages = [*passages, *self.leads([p for p in passages if p.article_id in keep])]
        a = self.config.answering
        if q.long:  # a timeline's events come from more articles, chosen without the question's similarity
            if q.kind == "timeline":
                return gather(passages, q.focus or q.text, q.kind, keep, q.speaker, 4, 6000, 40, None)
            # an explanation's first word waits on its reading; its facts come from the sentences it names (picks)
            chars, most = (a.explain_chars, a.explain_sentences) if q.kind == "explain" else (a.long_chars, a.long_sentences)
            near, summary = self.similarity(q.text), q.kind == "summary"  # a summary: of the article most about it
            return gather(passages, q.focus or q.text, q.kind, keep, q.speaker, 3, chars, most, near, most_about=summary)
        on = [p for p in passages if p.article_id in keep]
        asked = without_comparatives(q.text) if q.kind == "compare" else q.text  # "bigger" is the form, not the subject
        own = q.asked if q.followup else ""  # a follow-up's own words weigh more than the question it follows
        similarity = self.similarity(asked, own)
        return select(asked, on, wants=q.wants, fit_bonus=a.fit_bonus, similarity=similarity, semantic=a.semantic, stress=own)

    def similarity(self, question: str, own: str = "") -> Any:
        """Cosine of sentences to ``question`` by the embedding model (vectors are normalised); for a follow-up, to
        the mean of the standalone question and the follow-up as asked (``own``)."""

        def cosines(texts: list[str]) -> list[float]:
            import numpy as np

            qv = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
            if own:
                qv = (qv + np.asarray(self.embedder.embed_query(own), dtype=np.float32)) * np.float32(0.5)
            m = np.asarray(self.embedder.embed(texts), dtype=np.float32)
            return [float(x) for x in np.einsum("ij,j->i", m, qv)]

        return cosines

    def alike(self, words: list[str], vocabulary: list[str], at: float = 0.6) -> bool:
        """Whether a word of ``vocabulary`` is like one of ``words`` by the embedding model's cosine of the single
        words: "victory", "won" and "beat" are like "win" (0.63-0.73), "dating" (0.51) and "bracelet" (0.26) are not
        like "engaged"."""
        import numpy as np

        if not words or not vocabulary:
            return False
        a = np.asarray(self.embedder.embed(words), dtype=np.float32)
        b = np.asarray(self.embedder.embed(vocabulary), dtype=np.float32)
        return bool((b @ a.T).max() >= at)

    def leads(self, passages: Sequence[Passage], articles: int = 3, chars: int = 700) -> list[Passage]:
        """The first sentences (about ``chars``) of the first ``articles`` of ``passages`` whose opening was not retrieved."""
        from ..ingest.chunk import sentences
        from .gather import LEAD

        out: list[Passage] = []
        seen: list[str] = []
        for p in passages:
            if p.article_id in seen:
                continue
            seen.append(p.article_id)
            if len(seen) > articles:
                break
            if any(x.article_id == p.article_id and x.start == 0 for x in passages):
                continue
            body = self.store.article_text(p.article_id) or ""
            end = 0
            for _, e in sentences(body[: chars + 400]):
                if end and e > chars:
                    break
                end = e
            if end:
                out.append(replace(p, chunk_id=p.chunk_id + LEAD, text=body[:end], start=0, end=end, score=p.score))
        return out

    def openings(self, passages: Sequence[Passage]) -> list[Evidence]:
        """The opening sentence of each article of ``passages`` (its first that reads as reporting), once, in order."""
        from ..ingest.chunk import sentences
        from .evidence import Evidence
        from .gather import newsy

        out: list[Evidence] = []
        for p in passages:
            if any(ev.passage.article_id == p.article_id for ev in out):
                continue
            body = self.store.article_text(p.article_id) or ""
            first = next(((s, e) for s, e in sentences(body[:3000]) if newsy(body[s:e])), None)
            if first is not None:
                out.append(Evidence(p, first[0], first[1], body[first[0] : first[1]], p.score, 1.0))
        return out

    def story(self, topic: str, when: tuple[str, str, str], k: int) -> tuple[Question, list[Passage], set[str], tuple[str, str]]:
        """A topic read as a question, its passages and the ids of the articles about its subject."""
        from .subject import on_subject, subject_terms

        dates = check_dates(*when)
        q = self.anchored(self.read(check_question(topic), (), when[2]), dates)
        found, _ = self.find(q, max(1, k), dates)
        keep = on_subject(found, subject_terms(q.focus or q.text, q.names), q.names)
        return q, [*found, *self.leads([p for p in found if p.article_id in keep], articles=8)], keep, dates


def check_question(question: str) -> str:
    """``question`` stripped, or an :class:`InputError` saying what to do when it is empty or too long."""
    if not isinstance(question, str) or not question.strip():
        raise InputError("The question is empty. Ask something about the indexed articles.")
    q = question.strip()
    if len(q) > MAX_QUESTION_CHARS:
        raise InputError(f"The question is {len(q):,} characters long; keep it under {MAX_QUESTION_CHARS:,}.")
    return q


def check_dates(since: str, until: str, as_of: str = "") -> tuple[str, str]:
    """The publication range ``(since, until)``, checked; ``as_of`` (the reference date) ends it."""
    for label, value in (("since", since), ("until", until), ("as_of", as_of)):
        if value and not _is_day(value):
            raise InputError(f"{label}={value!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-10-07.")
    if since and until and since > until:
        raise InputError(f"The date range {since} to {until} is empty; the first date must not be after the second.")
    if as_of and since and since > as_of:
        raise InputError(f"since={since} is after as_of={as_of}; nothing published by then can be in that range.")
    if as_of and (not until or until > as_of):
        until = as_of
    return since or "", until or ""


def _is_day(value: str) -> bool:
    import datetime as dt

    try:
        return bool(_ISO_DAY.match(value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False

"""Hybrid retrieval: dense and BM25 (llama-index's ``BM25Retriever``), fused by score.

Plain reciprocal-rank fusion throws away how far ahead the best hit is; on
MultiHop-RAG it ranked worse than BM25 alone.  Here every candidate gets both
scores exactly (its BM25 score over the whole keyword index, its cosine
similarity from its stored vector), each leg is scaled to [0, 1] over the
candidates, and the fused score is ``w * dense + (1 - w) * keyword``.

Questions often name outlets ("as reported by The Verge and TechCrunch") and
publication dates ("the TechCrunch report on October 7, 2023").  When they do,
each named outlet or date adds its own best candidates (a sub-query restricted
to it), and chunks from a named outlet or published on a named date get a
small boost, so every hop of a multi-hop question is represented.

The unfiltered dense leg is llama-index's ``VectorStoreIndex`` retriever over
Chroma (HNSW, about 2 ms at 100k chunks).  The per-outlet dense candidates are
not: Chroma's search filtered by outlet took 20-220 ms per outlet at 100k chunks,
and a question can name several.  Instead the retriever keeps a float32 copy of
every chunk's vector (saved with the keyword index at the same generation, see
:mod:`rag.index.keyword`), its rows grouped by outlet, and scores one outlet's rows
with one matrix product over a contiguous block, exactly.  The same copy gives
the exact cosine of keyword-only candidates (before: a Chroma ``get`` of their
vectors).  Chroma stays the store of record; the copy is reloaded whenever the
index generation moves.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np

from ..config import RetrievalSettings
from ..index.casing import Casing
from ..index.keyword import KeywordIndex
from ..index.store import Store
from ..models.embed import Embedder, llama_embedding
from ..news.copies import keep_one
from ..types import Passage
from .query import named_dates, named_sources
from .scores import best, dot, group, grouped_rows, scale, top
from .window import published_within

log = logging.getLogger(__name__)


class Retriever:
    """Dense + keyword retrieval over a :class:`Store`, refreshed when the index changes."""

    def __init__(
        self, store: Store, embedder: Embedder, dense_weight: float = 0.25, settings: RetrievalSettings | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.dense_weight = dense_weight
        self.settings = settings or RetrievalSettings()
        self._index: Any = None
        self._bm25: Any = None  # llama-index BM25Retriever (its bm25s model and corpus)
        self._vectors = np.zeros((0, 0), dtype=np.float32)  # every chunk's vector, rows grouped by outlet
        self._order = np.zeros(0, dtype=np.int64)  # row of ``_vectors`` -> row of the BM25 corpus
        self._place = np.zeros(0, dtype=np.int64)  # row of the BM25 corpus -> row of ``_vectors``
        self._blocks: dict[str, tuple[int, int]] = {}  # outlet -> its rows of ``_vectors``
        self._row: dict[str, int] = {}
        self._sources: dict[str, np.ndarray] = {}
        self._dates: dict[str, np.ndarray] = {}
        self._year = ""
        self._newest = ""
        self._casing = Casing()
        self._copies: dict[str, str] = {}
        self._also: dict[str, tuple[dict[str, str], ...]] = {}
        self._generation = -1
        self._loading = threading.Lock()

    def _ensure(self) -> None:
        self.store.refresh()  # notices other processes' writes
        if self.store.seen_generation == self._generation:  # and this process's own
            return
        with self._loading:  # one thread loads; the others wait for it instead of reading half-built state
            generation = self.store.seen_generation
            if generation == self._generation:
                return
            from llama_index.core import VectorStoreIndex
            from llama_index.vector_stores.chroma import ChromaVectorStore

            vector_store = ChromaVectorStore(chroma_collection=self.store.chunks_collection)
            index = VectorStoreIndex.from_vector_store(vector_store, embed_model=llama_embedding(self.embedder))
            keyword = KeywordIndex(self.store)
            bm25, vectors = keyword.load_with_vectors(self.settings.candidates)
            casing = keyword.casing() if bm25 is not None else Casing()
            corpus = bm25.corpus if bm25 is not None else []
            by_date = group(corpus, lambda c: str(c.get("published", ""))[:10])
            dates = {d: rows for d, rows in by_date.items() if len(d) == 10}
            years: dict[str, int] = {}
            for d, r in dates.items():
                years[d[:4]] = years.get(d[:4], 0) + len(r)
            sources = {s: rows for s, rows in group(corpus, lambda c: str(c.get("source", ""))).items() if s}
            order, blocks = grouped_rows(len(corpus), sources)
            place = np.empty_like(order)
            place[order] = np.arange(len(order))
            self._index = index
            self._bm25 = bm25
            self._vectors = (
                np.ascontiguousarray(vectors[order])
                if vectors is not None
                else np.zeros((0, self.embedder.dim), dtype=np.float32)
            )
            self._order, self._place, self._blocks = order, place, blocks
            self._row = {c["node_id"]: i for i, c in enumerate(corpus)}
            self._sources = sources
            self._dates = dates
            self._year = max(years, key=lambda y: years[y]) if years else ""  # for dates written without a year
            self._newest = max(dates) if dates else ""
            self._casing = casing
            self._copies, self._also = _copy_groups(self.store)
            self._generation = generation  # published last: a thread that sees it sees the rest

    @property
    def year(self) -> str:
        """The year most of the index's articles were published in (for dates written without one)."""
        self._ensure()
        return self._year

    @property
    def newest(self) -> str:
        """The newest article's publication day (ISO), or "": what "last week" and "latest" are reckoned from
        unless the user gives another reference date."""
        self._ensure()
        return self._newest

    @property
    def casing(self) -> Casing:
        """How the indexed articles spell the words they capitalise: names typed in lower case get their capitals
        back before a question is read (:mod:`rag.index.casing`)."""
        self._ensure()
        return self._casing

    def sources(self) -> list[str]:
        """Outlets present in the index."""
        self._ensure()
        return sorted(self._sources)

    def retrieve(self, query: str, k: int = 8, since: str = "", until: str = "") -> list[Passage]:
        """The ``k`` best passages for ``query``, best first.

        ``since``/``until`` (ISO dates, inclusive) keep only articles published in
        that range; articles without a date are then left out.
        """
        from llama_index.core.schema import QueryBundle
        from llama_index.core.vector_stores.utils import metadata_dict_to_node

        self._ensure()
        if self._bm25 is None:  # no chunks in the index
            return []
        qvec = self.embedder.embed_query(query)
        q = np.asarray(qvec, dtype=np.float32)
        kw = self._keyword_scores(query)
        named = named_sources(query, self._sources)
        dated = bool(since or until)
        if dated:  # keyword candidates only from the range; dense ones are filtered below
            kw = np.where(self._in_range(since, until), kw, -1.0)

        nodes: dict[str, Any] = {}
        dense: dict[str, float] = {}
        retriever = self._index.as_retriever(similarity_top_k=self.settings.candidates)
        for n in retriever.retrieve(QueryBundle(query_str=query, embedding=qvec)):
            nodes[n.node.node_id] = n.node
            dense[n.node.node_id] = 1.0 + float(np.log(max(n.score or 1e-9, 1e-9)))  # exp(-distance) back to cosine
        rows = top(kw, self.settings.candidates)
        dates = [day for day in named_dates(query, self._year) if day in self._dates]
        for day in dates:
            rows += best(self._dates[day], kw, self.settings.per_source)
        for s in named:
            rows += best(self._sources[s], kw, self.settings.per_source)
            rows += self._dense_in(s, q)
        corpus = self._bm25.corpus
        for r in rows:
            nid = corpus[r]["node_id"]
            if nid not in nodes and kw[r] >= 0:
                nodes[nid] = metadata_dict_to_node(corpus[r])
        if dated:
            nodes = {i: n for i, n in nodes.items() if published_within(str(n.metadata.get("published", "")), since, until)}
        missing = [i for i in nodes if i not in dense and i in self._row]
        if missing:  # exact cosine from the in-memory copy
            at = self._place[[self._row[i] for i in missing]]
            for i, c in zip(missing, dot(self._vectors[at], q).tolist()):
                dense[i] = float(c)
        ids = list(nodes)
        fused = self._fused(ids, nodes, dense, kw, named, dates)
        order = sorted(range(len(ids)), key=lambda j: (-fused[j], ids[j]))
        if self._copies:  # a story's copies count as one source: the best one's passages, the others' places freed
            order = keep_one(
                ((str(nodes[ids[j]].metadata.get("article_id", "")), nodes[ids[j]].get_content(), j) for j in order),
                self._copies,
                self.store.article_text,
            )
        order = order[:k]
        return [to_passage(nodes[ids[j]], float(fused[j])) for j in order]

    def _fused(
        self, ids: list[str], nodes: dict[str, Any], dense: dict[str, float], kw: Any, named: Any, dates: list[str]
    ) -> Any:
        """Each candidate's score: dense and keyword scores scaled and weighted, with boosts for the outlet and the
        day the query names and for an article's lead passage."""
        d = scale(np.array([dense.get(i, 0.0) for i in ids]))
        b = scale(np.array([max(kw[self._row[i]], 0.0) if i in self._row else 0.0 for i in ids]))
        fused = self.dense_weight * d + (1 - self.dense_weight) * b
        if named:
            fused += self.settings.source_boost * np.array([str(nodes[i].metadata.get("source", "")) in named for i in ids])
        if dates:
            fused += self.settings.date_boost * np.array([str(nodes[i].metadata.get("published", ""))[:10] in dates for i in ids])
        return fused + self.settings.lead_boost * np.array([int(nodes[i].metadata.get("start", 0) or 0) == 0 for i in ids])

    def also_in(self, article_id: str) -> tuple[dict[str, str], ...]:
        """The other copies of an article's story (see :mod:`rag.news.copies`), earliest first."""
        self._ensure()
        return self._also.get(article_id, ())

    def _dense_in(self, source: str, q: np.ndarray) -> list[int]:
        """BM25-corpus rows of the ``per_source`` chunks of one outlet nearest ``q`` (exact, one block product)."""
        lo, hi = self._blocks.get(source, (0, 0))
        if hi <= lo:
            return []
        return [int(self._order[lo + j]) for j in top(dot(self._vectors[lo:hi], q), self.settings.per_source)]

    def _in_range(self, since: str, until: str) -> np.ndarray:
        """Mask over keyword-corpus rows: published within [since, until] (``since`` may give a UTC time of its day)."""
        mask = np.zeros(len(self._bm25.corpus), dtype=bool)
        corpus = self._bm25.corpus
        for day, rows in self._dates.items():
            if len(since) > 10 and day == since[:10]:  # the first day counts from a time: each row's own
                mask[[r for r in rows if published_within(str(corpus[r].get("published", "")), since, until)]] = True
            elif published_within(day, since, until):
                mask[rows] = True
        return mask

    def _keyword_scores(self, query: str) -> np.ndarray:
        import bm25s

        r = self._bm25
        tokens = bm25s.tokenize(
            query, stopwords="en", stemmer=r.stemmer, token_pattern=r.token_pattern, return_ids=False, show_progress=False
        )[0]
        ids = r.bm25.get_tokens_ids(tokens)
        if not ids:
            return np.zeros(len(r.corpus))
        return np.asarray(r.bm25.get_scores(ids), dtype=float)


def _copy_groups(store: Store) -> tuple[dict[str, str], dict[str, tuple[dict[str, str], ...]]]:
    """Each grouped article's group (leader id), and for each the other copies' details."""
    from ..news.copies import members_of

    records = store.records()
    groups = {i: str(r.meta.get("copy_of") or i) for i, r in records.items()}
    also: dict[str, tuple[dict[str, str], ...]] = {}
    for ids in members_of(groups).values():
        info = {
            i: {k: str(records[i].meta.get(k, "")) for k in ("title", "source", "published", "url", "path")} | {"article_id": i}
            for i in ids
        }
        ordered = sorted(ids, key=lambda i: (info[i]["published"] or "9999", i))
        for i in ids:
            also[i] = tuple(info[o] for o in ordered if o != i)
    return {i: g for i, g in groups.items() if i in also}, also


def to_passage(node: Any, score: float) -> Passage:
    """Convert a llama-index node (text + our metadata) to a :class:`Passage`."""
    m = node.metadata
    return Passage(
        chunk_id=node.node_id,
        article_id=str(m.get("article_id", "")),
        text=node.get_content(),
        start=int(m.get("start", 0)),
        end=int(m.get("end", 0)),
        score=round(score, 6),
        title=str(m.get("title", "")),
        source=str(m.get("source", "")),
        published=str(m.get("published", "")),
        url=str(m.get("url", "")),
        path=str(m.get("path", "")),
        pages=tuple(int(x) for x in str(m.get("pages") or "").split(",") if x.isdigit()),
    )

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

The dense leg does not query Chroma (nor llama-index's ``VectorStoreIndex`` over
it): Chroma's search filtered by outlet took 20-220 ms per outlet at 100k chunks,
and a question can name several.  Instead the retriever keeps a float32 copy of
every chunk's vector in the BM25 corpus' row order (saved with the keyword index
at the same generation, see :mod:`rag.keyword`) and scores all rows with one
matrix product, exactly; the per-outlet and per-date candidates are then slices
of the same scores.  Chroma stays the store of record; the copy is reloaded
whenever the index generation moves.  Candidates are llama-index nodes rebuilt
from the BM25 corpus, so texts and metadata come from the same copy.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np

from .embed import Embedder
from .keyword import KeywordIndex
from .query import named_dates, named_sources
from .store import Store
from .types import Passage

log = logging.getLogger(__name__)

CANDIDATES = 30  # per leg, before fusion
PER_SOURCE = 10  # extra candidates per outlet named in the question
SOURCE_BOOST = 0.3
DATE_BOOST = 0.1


def _llama_embedding(embedder: Embedder) -> Any:
    """Wrap our embedder as a llama-index ``BaseEmbedding`` (so nothing defaults to OpenAI)."""
    from llama_index.core.embeddings import BaseEmbedding

    class _Adapter(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return embedder.embed_query(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return embedder.embed([text])[0]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return embedder.embed_query(query)

        async def _aget_text_embedding(self, text: str) -> list[float]:
            return embedder.embed([text])[0]

    return _Adapter(model_name=embedder.name)


class Retriever:
    """Dense + keyword retrieval over a :class:`Store`, refreshed when the index changes."""

    def __init__(self, store: Store, embedder: Embedder, dense_weight: float = 0.25) -> None:
        self.store = store
        self.embedder = embedder
        self.dense_weight = dense_weight
        self._bm25: Any = None  # llama-index BM25Retriever (its bm25s model and corpus)
        self._vectors = np.zeros((0, 0), dtype=np.float32)  # row i: the vector of the BM25 corpus' row i
        self._row: dict[str, int] = {}
        self._sources: dict[str, np.ndarray] = {}
        self._dates: dict[str, np.ndarray] = {}
        self._year = ""
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
            bm25, vectors = KeywordIndex(self.store).load_with_vectors(CANDIDATES)
            corpus = bm25.corpus if bm25 is not None else []
            by_date = _group(corpus, lambda c: str(c.get("published", ""))[:10])
            dates = {d: rows for d, rows in by_date.items() if len(d) == 10}
            years: dict[str, int] = {}
            for d, r in dates.items():
                years[d[:4]] = years.get(d[:4], 0) + len(r)
            self._bm25 = bm25
            self._vectors = vectors if vectors is not None else np.zeros((0, self.embedder.dim), dtype=np.float32)
            self._row = {c["node_id"]: i for i, c in enumerate(corpus)}
            self._sources = {s: rows for s, rows in _group(corpus, lambda c: str(c.get("source", ""))).items() if s}
            self._dates = dates
            self._year = max(years, key=lambda y: years[y]) if years else ""  # for dates written without a year
            self._generation = generation  # published last: a thread that sees it sees the rest

    def sources(self) -> list[str]:
        """Outlets present in the index."""
        self._ensure()
        return sorted(self._sources)

    def retrieve(self, query: str, k: int = 8, since: str = "", until: str = "") -> list[Passage]:
        """The ``k`` best passages for ``query``, best first.

        ``since``/``until`` (ISO dates, inclusive) keep only articles published in
        that range; articles without a date are then left out.
        """
        from llama_index.core.vector_stores.utils import metadata_dict_to_node

        self._ensure()
        if self._bm25 is None:  # no chunks in the index
            return []
        qvec = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        cos = self._vectors @ qvec  # exact cosine of every row (the vectors are unit length)
        kw = self._keyword_scores(query)
        named = named_sources(query, self._sources)
        dated = bool(since or until)
        if dated:  # keyword candidates only from the range; dense ones are filtered below
            kw = np.where(self._in_range(since, until), kw, -1.0)

        dense_rows = _top(cos, CANDIDATES)
        rows = _top(kw, CANDIDATES)
        dates = [day for day in named_dates(query, self._year) if day in self._dates]
        for day in dates:
            rows += _best(self._dates[day], kw, PER_SOURCE)
        for s in named:
            rows += _best(self._sources[s], kw, PER_SOURCE)
            dense_rows += _best(self._sources[s], cos, PER_SOURCE)
        corpus = self._bm25.corpus
        nodes: dict[str, Any] = {}
        for r in dense_rows + [r for r in rows if kw[r] >= 0]:
            nid = corpus[r]["node_id"]
            if nid not in nodes:
                nodes[nid] = metadata_dict_to_node(corpus[r])
        if dated:
            nodes = {i: n for i, n in nodes.items() if _within(str(n.metadata.get("published", "")), since, until)}
        dense = {i: float(cos[self._row[i]]) for i in nodes}
        ids = list(nodes)
        d = _scale(np.array([dense.get(i, 0.0) for i in ids]))
        b = _scale(np.array([max(kw[self._row[i]], 0.0) if i in self._row else 0.0 for i in ids]))
        fused = self.dense_weight * d + (1 - self.dense_weight) * b
        if named:
            fused += SOURCE_BOOST * np.array([str(nodes[i].metadata.get("source", "")) in named for i in ids])
        if dates:
            fused += DATE_BOOST * np.array([str(nodes[i].metadata.get("published", ""))[:10] in dates for i in ids])
        order = sorted(range(len(ids)), key=lambda j: (-fused[j], ids[j]))[:k]
        return [to_passage(nodes[ids[j]], float(fused[j])) for j in order]

    def _in_range(self, since: str, until: str) -> np.ndarray:
        """Mask over keyword-corpus rows: published within [since, until]."""
        mask = np.zeros(len(self._bm25.corpus), dtype=bool)
        for day, rows in self._dates.items():
            if _within(day, since, until):
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


def _group(corpus: list[dict[str, Any]], key: Any) -> dict[str, np.ndarray]:
    """Row numbers of the keyword corpus, grouped by ``key(entry)``."""
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(corpus):
        groups.setdefault(key(c), []).append(i)
    return {k: np.array(rows) for k, rows in groups.items()}


def _top(scores: np.ndarray, n: int) -> list[int]:
    """Positions of the ``n`` highest ``scores``: the same set as a full ``argsort``, found by a partial sort.

    When scores tie across the cut, the full sort decides which of them make it, as before."""
    if scores.size <= n:
        return [int(i) for i in np.argsort(-scores)]
    part = np.argpartition(-scores, n - 1)[:n]
    cut = scores[part].min()
    if np.count_nonzero(scores >= cut) > n:  # a tie straddles the cut
        return [int(i) for i in np.argsort(-scores)[:n]]
    return [int(i) for i in part]


def _best(rows: np.ndarray, scores: np.ndarray, n: int) -> list[int]:
    """The ``n`` rows among ``rows`` with the highest ``scores``."""
    return [int(rows[i]) for i in _top(scores[rows], n)]


def _within(published: str, since: str, until: str) -> bool:
    """Whether an ISO date lies in [since, until] (either bound may be empty); undated is outside."""
    day = published[:10]
    return len(day) == 10 and (not since or day >= since) and (not until or day <= until)


def _scale(x: np.ndarray) -> np.ndarray:
    """Min-max scale to [0, 1]; a constant vector scales to 0."""
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi - lo > 1e-12 else np.zeros_like(x)


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
    )

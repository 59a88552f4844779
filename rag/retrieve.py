"""Hybrid retrieval: dense (Chroma, via llama-index) and BM25, fused.

Plain reciprocal-rank fusion throws away how far ahead the best hit is; on
MultiHop-RAG it ranked worse than BM25 alone.  We fuse the scores instead:
each leg's scores are scaled to [0, 1] over its candidates, and a chunk's
score is ``w * dense + (1 - w) * keyword`` (``w`` = ``dense_weight``).
"""

from __future__ import annotations

import logging
from typing import Any

from .embed import Embedder
from .keyword import KeywordIndex
from .store import Store
from .types import Passage

log = logging.getLogger(__name__)

CANDIDATES = 30  # per leg, before fusion


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

    return _Adapter(model_name=embedder.name)


class Retriever:
    """Dense + keyword retrieval over a :class:`Store`, refreshed when the index changes."""

    def __init__(self, store: Store, embedder: Embedder, dense_weight: float = 0.35) -> None:
        self.store = store
        self.embedder = embedder
        self.dense_weight = dense_weight
        self._dense: Any = None
        self._keyword: Any = None

    def _ensure(self) -> None:
        changed = self.store.refresh()
        if changed or self._dense is None:
            from llama_index.core import VectorStoreIndex
            from llama_index.vector_stores.chroma import ChromaVectorStore

            vector_store = ChromaVectorStore(chroma_collection=self.store.chunks_collection)
            index = VectorStoreIndex.from_vector_store(vector_store, embed_model=_llama_embedding(self.embedder))
            self._dense = index.as_retriever(similarity_top_k=CANDIDATES)
            self._keyword = KeywordIndex(self.store).load(CANDIDATES)

    def retrieve(self, query: str, k: int = 8) -> list[Passage]:
        """The ``k`` best passages for ``query``, best first."""
        from llama_index.core.schema import QueryBundle

        self._ensure()
        if self.store.chunk_count() == 0:
            return []
        bundle = QueryBundle(query_str=query, embedding=self.embedder.embed_query(query))
        dense = self._dense.retrieve(bundle)
        keyword = self._keyword.retrieve(bundle) if self._keyword is not None else []
        return fuse(dense, keyword, self.dense_weight, k)


def _scaled(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    hi, lo = max(scores.values()), min(scores.values())
    if hi <= 0:
        return {i: 0.0 for i in scores}
    span = hi - lo
    # Scale to [0, 1] against the best score; the worst candidate keeps some credit.
    return {i: (s - lo) / span * 0.9 + 0.1 if span > 1e-9 else 1.0 for i, s in scores.items()}


def fuse(dense: list[Any], keyword: list[Any], dense_weight: float, k: int) -> list[Passage]:
    """Weighted fusion of two llama-index ``NodeWithScore`` lists into passages."""
    nodes = {n.node.node_id: n.node for n in keyword}
    nodes.update({n.node.node_id: n.node for n in dense})
    d = _scaled({n.node.node_id: float(n.score or 0.0) for n in dense})
    b = _scaled({n.node.node_id: float(n.score or 0.0) for n in keyword if (n.score or 0) > 0})
    fused = {i: dense_weight * d.get(i, 0.0) + (1 - dense_weight) * b.get(i, 0.0) for i in nodes}
    best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
    return [to_passage(nodes[i], fused[i]) for i in best]


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

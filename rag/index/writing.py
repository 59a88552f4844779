"""An index's writes, in the order a crash cannot break (see :mod:`rag.index.store`): chunks first, then the
articles' stale chunks removed, then the records; removing an article drops its record first; the generation
counter bumped after each write so that readers refresh."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..news.copies import signature
from ..types import Article, Chunk

if TYPE_CHECKING:
    from .store import ArticleRecord

BATCH = 2000  # most entries per Chroma call


class Writing:
    """The writes of :class:`rag.index.store.Store` (which opens Chroma: :meth:`_open`)."""

    _client: Any
    _chunks: Any
    _articles: Any
    _seen_generation: int

    def _open(self) -> None:  # pragma: no cover - the store's
        raise NotImplementedError

    def write_article(
        self, article: Article, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]], chunking: str = ""
    ) -> None:
        """Replace an article's chunks and record; safe to repeat after a crash."""
        self.write_articles([(article, chunks, embeddings)], chunking)

    def write_articles(
        self, items: Sequence[tuple[Article, Sequence[Chunk], Sequence[Sequence[float]]]], chunking: str = ""
    ) -> None:
        """Replace many articles' chunks and records with few Chroma calls; safe to repeat after a crash.

        All chunks first (in batches of at most the client's maximum), then the articles'
        stale chunks removed, then all records: no record is written before its chunks.
        ``chunking`` (the chunk settings used) is kept in the records, so that a change of
        settings re-chunks the articles at the next sync.
        """
        if not items:
            return
        self._open()
        step = self._write_batch()
        ids: list[str] = []
        vecs: list[Sequence[float]] = []
        docs: list[str] = []
        metas: list[dict[str, Any]] = []
        for article, chunks, embeddings in items:
            meta = {**article_meta(article), "article_id": article.id}
            ids += [c.id for c in chunks]
            vecs += list(embeddings)
            docs += [c.text for c in chunks]
            metas += [{**meta, "start": c.start, "end": c.end, "index": c.index} for c in chunks]
        for lo in range(0, len(ids), step):
            self._chunks.upsert(
                ids=ids[lo : lo + step],
                embeddings=_rows(vecs[lo : lo + step]),
                documents=docs[lo : lo + step],
                metadatas=metas[lo : lo + step],
            )
        self._delete_stale([a.id for a, _, _ in items], set(ids))
        for lo in range(0, len(items), step):
            part = items[lo : lo + step]
            self._articles.upsert(
                ids=[a.id for a, _, _ in part],
                embeddings=[[1.0]] * len(part),
                documents=[a.text for a, _, _ in part],
                metadatas=[_record_meta(a, len(cs), chunking) for a, cs, _ in part],
            )

    def _write_batch(self) -> int:
        """Most entries per Chroma write: ours, or less if the client says so."""
        try:
            return max(1, min(BATCH, int(self._client.get_max_batch_size())))
        except (AttributeError, TypeError, ValueError):  # an older client, or a server that does not say
            return BATCH

    def _delete_stale(self, article_ids: list[str], keep: set[str]) -> None:
        """Remove these articles' chunks that are not in ``keep`` (left by an older version of the article)."""
        for lo in range(0, len(article_ids), BATCH):
            part = article_ids[lo : lo + BATCH]
            where = {"article_id": part[0]} if len(part) == 1 else {"article_id": {"$in": part}}
            stale = [i for i in self._chunks.get(where=where, include=[])["ids"] if i not in keep]
            for s in range(0, len(stale), BATCH):
                self._chunks.delete(ids=stale[s : s + BATCH])

    def remove_article(self, article_id: str) -> None:
        """Drop an article: its record first (so a crash leaves only orphans, which sweep removes)."""
        self._open()
        self._articles.delete(ids=[article_id])
        self._chunks.delete(where={"article_id": article_id})

    def update_records(self, metas: dict[str, dict[str, Any]]) -> None:
        """Replace some article records' metadata (their chunks and text stay as they are)."""
        self._open()
        ids = sorted(metas)
        for lo in range(0, len(ids), BATCH):
            part = ids[lo : lo + BATCH]
            self._articles.update(ids=part, metadatas=[metas[i] for i in part])

    def set_file_hash(self, record: ArticleRecord, file_hash: str) -> None:
        self._open()
        self._articles.update(ids=[record.id], metadatas=[{**record.meta, "file_hash": file_hash}])

    def sweep(self) -> int:
        """Delete chunks whose article has no record (left by a crash); returns how many."""
        self._open()
        known = set(self._articles.get(include=[])["ids"])
        orphans: list[str] = []
        total = self._chunks.count()
        for offset in range(0, total, BATCH):
            got = self._chunks.get(include=["metadatas"], limit=BATCH, offset=offset)
            orphans += [i for i, m in zip(got["ids"], got["metadatas"]) if (m or {}).get("article_id") not in known]
        for lo in range(0, len(orphans), BATCH):
            self._chunks.delete(ids=orphans[lo : lo + BATCH])
        return len(orphans)

    def bump_generation(self) -> int:
        self._open()
        col = self._client.get_collection(self._articles.name)  # read afresh: another process may have bumped it
        meta = dict(col.metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        col.modify(metadata=meta)
        self._seen_generation = meta["generation"]
        return int(meta["generation"])


def _rows(vectors: Sequence[Sequence[float]]) -> Any:
    """Vectors as one float32 matrix (what Chroma stores; cheaper to pass than lists of floats)."""
    import numpy as np

    return np.asarray(vectors, dtype=np.float32)


def _record_meta(article: Article, chunks: int, chunking: str = "") -> dict[str, Any]:
    """An article record's metadata: the article's, plus its sync state."""
    return {
        **article_meta(article),
        "file": article.file,
        "content_hash": article.content_hash,
        "file_hash": article.file_hash,
        "chunks": chunks,
        "chunking": chunking,
        "minhash": signature(article.text),  # for finding its syndicated copies (rag/news/copies.py)
    }


def article_meta(article: Article) -> dict[str, Any]:
    """The article metadata stored with every chunk and record (strings only)."""
    return {
        "path": article.path,
        "title": article.title,
        "source": article.source,
        "author": article.author,
        "published": article.published,
        "url": article.url,
        "category": article.category,
    } | ({"pages": ",".join(map(str, article.pages))} if article.pages else {})

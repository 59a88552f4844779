"""The index: a Chroma database of chunk vectors plus one record per article.

Two Chroma collections live in the index folder, or on a Chroma server when
``url`` is set (see :mod:`rag.index.chroma`):

* ``byline_chunks``: one entry per chunk (cosine space), our own embeddings,
  the chunk text as document, article metadata and offsets as metadata;
* ``byline_articles``: one entry per article, the cleaned text as document and
  the sync state (file, hashes, chunk count) as metadata.  Its collection
  metadata records the schema, the embedding model and a ``generation``
  counter that every write bumps, so readers know when to refresh.

Writes follow an order that a crash cannot break: chunks first (ids are
content hashes, so repeating them is harmless), then stale chunks removed, then
the article record.  Ingest writes a whole embedding batch of articles at once
(one chunk upsert, one record upsert, split only at Chroma's maximum batch
size) in that same order, so a record never lands before its chunks.  A later
sync finishes whatever a crash left undone.

On a server, the marker file's facts (schema, embedding model) are read from
``byline_articles``' collection metadata, the writer lock is a record on the
server (:mod:`rag.index.lock`), and the keyword index is cached on each client under
a folder keyed by server URL and collection (:func:`rag.index.chroma.cache_dir`).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import IndexProblem
from ..types import ArticleInfo
from .writing import BATCH, Writing

log = logging.getLogger(__name__)
_CHROMA = threading.RLock()

SCHEMA = 1
CHUNKS = "byline_chunks"
ARTICLES = "byline_articles"
MARKER = "byline.json"


@dataclass(frozen=True)
class ArticleRecord:
    """Sync state of one indexed article."""

    id: str
    file: str
    content_hash: str
    file_hash: str
    chunks: int
    meta: dict[str, Any]
    chunking: str = ""  # the chunk settings it was split with (see :func:`rag.ingest.chunk.settings_key`)


class Store(Writing):
    """A Byline index in a folder or on a Chroma server.  Cheap to construct; Chroma opens on first use.
    Its writes are :class:`rag.index.writing.Writing`'s."""

    def __init__(self, path: str | Path, embed_model: str, embed_dim: int, url: str = "") -> None:
        self.path = Path(path)
        self.url = url.strip().rstrip("/")
        self.embed_model = embed_model
        self.embed_dim = embed_dim
        self._client: Any = None
        self._chunks: Any = None
        self._articles: Any = None
        self._seen_generation = -1

    # ----------------------------------------------------------------- opening
    def exists(self) -> bool:
        return self._server_info() is not None if self.url else (self.path / MARKER).is_file()

    @property
    def identity(self) -> dict[str, Any]:
        """What the marker file (or the server's collection metadata) records about this index."""
        return {"schema": SCHEMA, "embed_model": self.embed_model, "embed_dim": self.embed_dim}

    @property
    def where(self) -> str:
        """The index's location as the user named it: the folder, or the server URL."""
        return self.url or str(self.path)

    def keyword_dir(self) -> Path:
        """Where the keyword index's copies live: ``<index>/bm25``, or this machine's cache for a server."""
        if not self.url:
            return self.path / "bm25"
        from .chroma import cache_dir

        self._open()  # the collection's id, new when it is re-created, keys the cache with the URL
        return cache_dir(self.url, str(self._chunks.id))

    def check(self, create: bool) -> None:
        """Make sure this is a Byline index built with our model (creating it if allowed)."""
        from . import chroma

        if not self.url:
            return chroma.check_folder(self.path, MARKER, self.identity, create)
        info = self._server_info()
        if info is None and not create:
            raise IndexProblem(
                f"No Byline index on the Chroma server at {self.url}. Run `byline ingest seeds/ --chroma-url {self.url}` first."
            )
        if info is not None:
            chroma.check_identity(info, self.identity, self.url, f"delete the collections {CHUNKS} and {ARTICLES} on {self.url}")
        self._open()

    def _server_info(self) -> dict[str, Any] | None:
        """The server's ``byline_articles`` collection metadata, or None when it has no Byline index."""
        from chromadb.errors import NotFoundError

        self._connect()
        try:
            return dict(self._client.get_collection(ARTICLES).metadata or {})
        except NotFoundError:
            return None

    def _connect(self) -> None:
        if self._client is None:
            from . import chroma

            self._client = chroma.connect(self.url) if self.url else chroma.embedded(self.path / "chroma")

    def _open(self) -> None:
        if self._chunks is not None:
            return
        with _CHROMA:  # Chroma's client cache is per process and not safe to fill from two threads at once
            if self._chunks is None:
                self._open_locked()

    def _open_locked(self) -> None:
        self._connect()
        chunks = self._client.get_or_create_collection(CHUNKS, metadata={"hnsw:space": "cosine"}, embedding_function=None)
        self._articles = self._client.get_or_create_collection(
            ARTICLES,
            metadata={"schema": SCHEMA, "embed_model": self.embed_model, "embed_dim": self.embed_dim, "generation": 0},
            embedding_function=None,
        )
        self._chunks = chunks  # last: a non-None ``_chunks`` means the store is fully open

    def refresh(self) -> bool:
        """Re-open Chroma when another process wrote since we last read; True if it did."""
        self._open()
        gen = self.generation()
        if gen == self._seen_generation:
            return False
        with _CHROMA:
            if gen == self._seen_generation:  # another thread refreshed meanwhile
                return False
            if self._seen_generation >= 0 and not self.url:
                # Embedded Chroma caches segments per process; drop the cache to see others' writes.
                self._client.clear_system_cache()
                self._client = self._chunks = None
                self._open_locked()
            self._seen_generation = gen
        return True

    @property
    def seen_generation(self) -> int:
        """The index generation this process last read or wrote (-1 before the first)."""
        return self._seen_generation

    @property
    def chunks_collection(self) -> Any:
        self._open()
        return self._chunks

    # ------------------------------------------------------------------ locking
    def write_lock(self) -> AbstractContextManager[None]:
        """Exclusive writer lock: a file lock in the folder, or a lock record on the server (:mod:`rag.index.lock`)."""
        from . import lock

        if self.url:
            self._open()
            return lock.server_lock(self._client, self.url)
        return lock.file_lock(self.path)

    # ------------------------------------------------------------------ reading
    def generation(self) -> int:
        self._open()
        meta = self._client.get_collection(ARTICLES).metadata or {}
        return int(meta.get("generation", 0))

    def records(self) -> dict[str, ArticleRecord]:
        """Every article's sync state, by id."""
        self._open()
        got = self._articles.get(include=["metadatas"])
        out = {}
        for id_, m in zip(got["ids"], got["metadatas"] or []):
            m = dict(m or {})
            out[id_] = ArticleRecord(
                id=id_,
                file=str(m.get("file", "")),
                content_hash=str(m.get("content_hash", "")),
                file_hash=str(m.get("file_hash", "")),
                chunks=int(m.get("chunks", 0)),
                meta=m,
                chunking=str(m.get("chunking", "")),
            )
        return out

    def article_infos(self) -> list[ArticleInfo]:
        infos = [
            ArticleInfo(
                id=r.id,
                path=str(r.meta.get("path", "")),
                title=str(r.meta.get("title", "")),
                source=str(r.meta.get("source", "")),
                published=str(r.meta.get("published", "")),
                url=str(r.meta.get("url", "")),
                chunks=r.chunks,
                content_hash=r.content_hash,
                copy_group=str(r.meta.get("copy_of") or r.id),
            )
            for r in self.records().values()
        ]
        return sorted(infos, key=lambda a: (a.path, a.id))

    def article_text(self, article_id: str) -> str | None:
        self._open()
        got = self._articles.get(ids=[article_id], include=["documents"])
        docs = got.get("documents") or []
        return docs[0] if docs else None

    def chunk_count(self) -> int:
        self._open()
        return int(self._chunks.count())

    def all_chunks(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """All chunk ids, texts and metadata (for building the keyword index)."""
        ids, docs, metas, _ = self._scan(["documents", "metadatas"])
        return ids, docs, metas

    def all_chunks_with_vectors(self) -> tuple[list[str], list[str], list[dict[str, Any]], Any]:
        """All chunk ids, texts, metadata and vectors (a float32 matrix, one row per id)."""
        return self._scan(["documents", "metadatas", "embeddings"])

    def _scan(self, include: list[str]) -> tuple[list[str], list[str], list[dict[str, Any]], Any]:
        import numpy as np

        self._open()
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict[str, Any]] = []
        vecs: list[Any] = []
        total = self._chunks.count()
        for offset in range(0, total, BATCH):
            got = self._chunks.get(include=include, limit=BATCH, offset=offset)
            ids += got["ids"]
            docs += got["documents"]
            metas += [dict(m) for m in got["metadatas"]]
            if "embeddings" in include:
                vecs.append(np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), -1))
        matrix = np.concatenate(vecs) if vecs else np.zeros((0, self.embed_dim), dtype=np.float32)
        return ids, docs, metas, matrix

    def vectors(self, ids: Sequence[str]) -> Any:
        """The stored vectors of these chunks, as a float32 matrix in the order of ``ids``."""
        import numpy as np

        self._open()
        out = np.zeros((len(ids), self.embed_dim), dtype=np.float32)
        row = {id_: i for i, id_ in enumerate(ids)}
        for lo in range(0, len(ids), BATCH):
            got = self._chunks.get(ids=list(ids[lo : lo + BATCH]), include=["embeddings"])
            for id_, e in zip(got["ids"], got["embeddings"]):
                out[row[id_]] = e
        return out

    def mentions(self, name: str) -> bool:
        """Whether any indexed chunk contains ``name`` (as written or in lower case), or, for a name of several
        capitalised words, all of them ("Pets Best Insurance" also finds "Best Insurance for Pets")."""
        self._open()

        def found(where: dict[str, Any]) -> bool:
            return bool(self._chunks.get(where_document=where, limit=1, include=[])["ids"])

        if found({"$contains": name}) or found({"$contains": name.lower()}):
            return True  # "National Football Team" is often "national football team" in the text
        words = [w for w in re.findall(r"[A-Z][\w'’-]+", name) if len(w) > 1]
        if len(words) > 1 and found({"$and": [{"$contains": w} for w in words]}):
            return True
        squashed = re.sub(r"\W", "", name).lower()
        # a name only in a title, or an outlet's ("BusinessLine" is the outlet "Business Line")
        heads = [(str(r.meta.get("title", "")), str(r.meta.get("source", ""))) for r in self.records().values()]
        return any(name in title or squashed == re.sub(r"\W", "", source).lower() for title, source in heads)

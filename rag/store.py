"""The index: a Chroma database of chunk vectors plus one record per article.

Two Chroma collections live in the index folder (or on a Chroma server later):

* ``byline_chunks``: one entry per chunk (cosine space), our own embeddings,
  the chunk text as document, article metadata and offsets as metadata;
* ``byline_articles``: one entry per article, the cleaned text as document and
  the sync state (file, hashes, chunk count) as metadata.  Its collection
  metadata records the schema, the embedding model and a ``generation``
  counter that every write bumps, so readers know when to refresh.

Writes follow an order that a crash cannot break: chunks first (ids are
content hashes, so repeating them is harmless), then stale chunks removed, then
the article record.  A later sync finishes whatever a crash left undone.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import IndexProblem
from .types import Article, ArticleInfo, Chunk

log = logging.getLogger(__name__)

SCHEMA = 1
CHUNKS = "byline_chunks"
ARTICLES = "byline_articles"
MARKER = "byline.json"
_BATCH = 2000


@dataclass(frozen=True)
class ArticleRecord:
    """Sync state of one indexed article."""

    id: str
    file: str
    content_hash: str
    file_hash: str
    chunks: int
    meta: dict[str, Any]


def is_empty_dir(path: Path) -> bool:
    return path.is_dir() and all(p.name.startswith(".") for p in path.iterdir())


class Store:
    """A Byline index on disk.  Cheap to construct; Chroma opens on first use."""

    def __init__(self, path: str | Path, embed_model: str, embed_dim: int) -> None:
        self.path = Path(path)
        self.embed_model = embed_model
        self.embed_dim = embed_dim
        self._client: Any = None
        self._chunks: Any = None
        self._articles: Any = None
        self._seen_generation = -1

    # ----------------------------------------------------------------- opening
    def exists(self) -> bool:
        return (self.path / MARKER).is_file()

    def check(self, create: bool) -> None:
        """Make sure the folder is a Byline index built with our model (creating it if allowed)."""
        p = self.path
        if p.exists() and not p.is_dir():
            raise IndexProblem(f"{p} is a file, not an index folder. Pass --index with a folder path.")
        if self.exists():
            try:
                info = json.loads((p / MARKER).read_text())
            except (OSError, ValueError):
                raise IndexProblem(f"{p / MARKER} is unreadable. Delete {p} and run `byline ingest` again.") from None
            if info.get("schema") != SCHEMA:
                raise IndexProblem(
                    f"{p} has index schema {info.get('schema')}, this Byline needs {SCHEMA}. Delete {p} and ingest again."
                )
            if create and not os.access(p, os.W_OK):
                raise IndexProblem(f"{p} is not writable. Fix its permissions or choose another --index folder.")
            if (info.get("embed_model"), info.get("embed_dim")) != (self.embed_model, self.embed_dim):
                raise IndexProblem(
                    f"{p} was built with embedding model {info.get('embed_model')} ({info.get('embed_dim')} dims), "
                    f"not {self.embed_model}. Use that model, or delete {p} and ingest again to rebuild."
                )
            return
        if not create:
            raise IndexProblem(f"No index at {p}. Run `byline ingest seeds/ --index {p}` first.")
        if p.exists() and not is_empty_dir(p):
            raise IndexProblem(f"{p} is not empty and is not a Byline index. Choose another --index folder.")
        try:
            p.mkdir(parents=True, exist_ok=True)
            tmp = p / (MARKER + ".tmp")
            tmp.write_text(json.dumps({"schema": SCHEMA, "embed_model": self.embed_model, "embed_dim": self.embed_dim}))
            os.replace(tmp, p / MARKER)
        except OSError as e:
            raise IndexProblem(f"Cannot create an index in {p} ({e.strerror}). Choose a writable --index folder.") from None

    def _open(self) -> None:
        if self._client is not None:
            return
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb
        from chromadb.config import Settings

        self._client = chromadb.PersistentClient(path=str(self.path / "chroma"), settings=Settings(anonymized_telemetry=False))
        self._chunks = self._client.get_or_create_collection(CHUNKS, metadata={"hnsw:space": "cosine"}, embedding_function=None)
        self._articles = self._client.get_or_create_collection(
            ARTICLES,
            metadata={"schema": SCHEMA, "embed_model": self.embed_model, "embed_dim": self.embed_dim, "generation": 0},
            embedding_function=None,
        )

    def refresh(self) -> bool:
        """Re-open Chroma when another process wrote since we last read; True if it did."""
        self._open()
        gen = self.generation()
        if gen == self._seen_generation:
            return False
        if self._seen_generation >= 0:
            # Chroma caches segments per process; drop the cache to see others' writes.
            self._client.clear_system_cache()
            self._client = None
            self._open()
        self._seen_generation = gen
        return True

    @property
    def chunks_collection(self) -> Any:
        self._open()
        return self._chunks

    # ------------------------------------------------------------------ locking
    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Exclusive writer lock (``.lock`` holds the writer's pid; the OS frees it if the writer dies)."""
        lock_path = self.path / ".lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
                raise IndexProblem(
                    f"{self.path} is being written by pid {holder}. Wait for it to finish, then try again."
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)

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
        self._open()
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict[str, Any]] = []
        total = self._chunks.count()
        for offset in range(0, total, _BATCH):
            got = self._chunks.get(include=["documents", "metadatas"], limit=_BATCH, offset=offset)
            ids += got["ids"]
            docs += got["documents"]
            metas += [dict(m) for m in got["metadatas"]]
        return ids, docs, metas

    # ------------------------------------------------------------------ writing
    def write_article(self, article: Article, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Replace an article's chunks and record; safe to repeat after a crash."""
        self._open()
        meta = article_meta(article)
        for lo in range(0, len(chunks), _BATCH):
            part = chunks[lo : lo + _BATCH]
            self._chunks.upsert(
                ids=[c.id for c in part],
                embeddings=[list(e) for e in embeddings[lo : lo + _BATCH]],
                documents=[c.text for c in part],
                metadatas=[{**meta, "article_id": article.id, "start": c.start, "end": c.end, "index": c.index} for c in part],
            )
        keep = {c.id for c in chunks}
        old = self._chunks.get(where={"article_id": article.id}, include=[])["ids"]
        stale = [i for i in old if i not in keep]
        if stale:
            self._chunks.delete(ids=stale)
        self._articles.upsert(
            ids=[article.id],
            embeddings=[[1.0]],
            documents=[article.text],
            metadatas=[
                {
                    **meta,
                    "file": article.file,
                    "content_hash": article.content_hash,
                    "file_hash": article.file_hash,
                    "chunks": len(chunks),
                }
            ],
        )

    def remove_article(self, article_id: str) -> None:
        """Drop an article: its record first (so a crash leaves only orphans, which sweep removes)."""
        self._open()
        self._articles.delete(ids=[article_id])
        self._chunks.delete(where={"article_id": article_id})

    def set_file_hash(self, record: ArticleRecord, file_hash: str) -> None:
        self._open()
        self._articles.update(ids=[record.id], metadatas=[{**record.meta, "file_hash": file_hash}])

    def sweep(self) -> int:
        """Delete chunks whose article has no record (left by a crash); returns how many."""
        self._open()
        known = set(self._articles.get(include=[])["ids"])
        orphans: list[str] = []
        total = self._chunks.count()
        for offset in range(0, total, _BATCH):
            got = self._chunks.get(include=["metadatas"], limit=_BATCH, offset=offset)
            orphans += [i for i, m in zip(got["ids"], got["metadatas"]) if (m or {}).get("article_id") not in known]
        for lo in range(0, len(orphans), _BATCH):
            self._chunks.delete(ids=orphans[lo : lo + _BATCH])
        return len(orphans)

    def bump_generation(self) -> int:
        self._open()
        col = self._client.get_collection(ARTICLES)
        meta = dict(col.metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        col.modify(metadata=meta)
        self._seen_generation = meta["generation"]
        return int(meta["generation"])


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
    }

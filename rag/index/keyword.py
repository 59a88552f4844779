"""The keyword (BM25) side of the index, kept in step with Chroma.

The BM25 index is built from the chunks stored in Chroma (so Chroma stays the
one source of truth) and persisted in ``<index>/bm25/<generation>/``, with a
float32 copy of every chunk's vector in the same row order (``vectors.npy``)
for the retriever's dense leg (see :mod:`rag.ask.retrieve`).  Every
write to the index bumps the generation; a reader whose BM25 copy is older
loads the current one, or rebuilds it from Chroma when it is missing.

With a Chroma server the copies live in this machine's cache instead
(``~/.cache/byline/keyword/<host>_<port>-<hash of URL and collection id>/<generation>/``),
and a reader that rebuilds one saves it there for the next process.  Chroma's
own sparse/BM25 search (the ``Search`` API) is not available on a single-node
server (Chroma Cloud only), so the keyword index stays on the client.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .casing import Casing
from .store import Store

log = logging.getLogger(__name__)

# Metadata that goes into the keyword text (questions name outlets and dates).
KEYWORD_META = ("title", "source", "published")
VECTORS = "vectors.npy"  # row i: the vector of the BM25 corpus' row i
CASING = "casing.json"  # how the chunks spell each word they capitalise (rag.index.casing)


class KeywordIndex:
    """Build, persist and load the BM25 retriever for a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.root = store.keyword_dir()
        self._built: tuple[int, Casing] | None = None  # the casing counted by a rebuild on read, for its generation

    def _dir(self, generation: int) -> Path:
        return self.root / str(generation)

    def is_current(self) -> bool:
        return self._dir(self.store.generation()).is_dir()

    def rebuild(self) -> None:
        """Build from Chroma's chunks and persist for the current generation."""
        self._save(self.store.generation(), *self._build())

    def _save(self, gen: int, retriever: Any, vectors: np.ndarray | None, casing: Casing | None = None) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        final = self._dir(gen)
        if retriever is not None:
            tmp = self.root / f".tmp-{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            retriever.persist(str(tmp), show_progress=False)
            if vectors is not None:
                np.save(tmp / VECTORS, vectors)
            if casing is not None:
                casing.save(tmp / CASING)
            shutil.rmtree(final, ignore_errors=True)
            try:
                os.replace(tmp, final)
            except OSError:  # another process saved this generation first
                shutil.rmtree(tmp, ignore_errors=True)
        else:
            final.mkdir(exist_ok=True)  # an empty index: an empty marker folder
        for old in self.root.iterdir():
            if old.name.isdigit() and int(old.name) < gen:
                shutil.rmtree(old, ignore_errors=True)

    def _build(self, top_k: int = 30) -> tuple[Any, np.ndarray | None, Casing | None]:
        """A fresh BM25 retriever, its rows' vectors and the chunks' casing (Nones when the store is empty)."""
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        ids, docs, metas, vectors = self.store.all_chunks_with_vectors()
        if not ids:
            return None, None, None
        nodes: list[Any] = []
        for id_, doc, meta in zip(ids, docs, metas):
            node = TextNode(id_=id_, text=doc, metadata=meta)
            node.excluded_embed_metadata_keys = [k for k in meta if k not in KEYWORD_META]
            node.excluded_llm_metadata_keys = list(meta)
            nodes.append(node)
        retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=min(top_k, len(nodes)), language="en")
        return retriever, vectors, Casing.from_texts(docs)

    def load(self, top_k: int = 30) -> Any:
        """The BM25 retriever for the current generation (None when the index is empty)."""
        return self._load(self.store.generation(), top_k)[0]

    def load_with_vectors(self, top_k: int = 30) -> tuple[Any, np.ndarray | None]:
        """The BM25 retriever for the current generation and its rows' vectors (float32, row ``i`` is
        the vector of ``retriever.corpus[i]``); (None, None) when the index is empty."""
        gen = self.store.generation()
        retriever, vectors = self._load(gen, top_k)
        if retriever is None or vectors is not None:
            return retriever, vectors
        path = self._dir(gen) / VECTORS
        try:
            vectors = np.load(path)
        except (OSError, ValueError):  # a keyword index saved before the vectors were: fetch them from Chroma once
            vectors = None
        if vectors is None or vectors.shape[0] != len(retriever.corpus):
            vectors = self.store.vectors([str(c["node_id"]) for c in retriever.corpus])
            _save_beside(path, lambda tmp: np.save(tmp, vectors), "the vectors", "they are fetched from Chroma per process")
        return retriever, vectors

    def _load(self, gen: int, top_k: int) -> tuple[Any, np.ndarray | None]:
        """The persisted retriever of ``gen`` (vectors None: read separately), or a fresh build with its vectors."""
        from llama_index.retrievers.bm25 import BM25Retriever

        path = self._dir(gen)
        if path.is_dir() and not any(path.iterdir()):
            return None, None
        if path.is_dir():
            try:
                r = BM25Retriever.from_persist_dir(str(path))
                n = int(r.bm25.scores.get("num_docs", 0))
                r.similarity_top_k = min(top_k, n) if n else top_k
                return r, None
            except (OSError, ValueError) as e:  # half-written by a crashed writer
                log.warning("Rebuilding the keyword index (%s).", e)
        retriever, vectors, casing = self._build(top_k)
        if casing is not None:
            self._built = (gen, casing)  # casing() need not count it again from Chroma
        if self.store.url and self.store.generation() == gen:  # nobody wrote meanwhile: cache it
            try:
                self._save(gen, retriever, vectors, casing)
            except OSError as e:
                log.warning("Cannot cache the keyword index in %s (%s); it is rebuilt per process.", self.root, e)
        return retriever, vectors

    def casing(self) -> Casing:
        """How the current generation's chunks spell the words they capitalise; read from a keyword index saved
        before the casing was by one scan of Chroma, and saved beside it."""
        gen = self.store.generation()
        if self._built is not None and self._built[0] == gen:
            return self._built[1]
        path = self._dir(gen) / CASING
        try:
            return Casing.load(path)
        except (OSError, ValueError):
            pass
        _, docs, _ = self.store.all_chunks()
        casing = Casing.from_texts(docs)
        _save_beside(path, casing.save, "the casing", "it is rebuilt per process")
        return casing


def _save_beside(path: Path, write: Callable[[Path], object], what: str, otherwise: str) -> None:
    """Write ``path`` beside an existing keyword index with ``write``, atomically; a failure only costs speed
    (``otherwise`` says how)."""
    if not path.parent.is_dir():
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}{path.suffix}")  # np.save adds ".npy" to a name without it
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        log.warning("Cannot save %s in %s (%s); %s.", what, path.parent, e, otherwise)

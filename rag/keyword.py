"""The keyword (BM25) side of the index, kept in step with Chroma.

The BM25 index is built from the chunks stored in Chroma (so Chroma stays the
one source of truth) and persisted in ``<index>/bm25/<generation>/``.  Every
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
from pathlib import Path
from typing import Any

from .store import Store

log = logging.getLogger(__name__)

# Metadata that goes into the keyword text (questions name outlets and dates).
KEYWORD_META = ("title", "source", "published")


class KeywordIndex:
    """Build, persist and load the BM25 retriever for a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.root = store.keyword_dir()

    def _dir(self, generation: int) -> Path:
        return self.root / str(generation)

    def is_current(self) -> bool:
        return self._dir(self.store.generation()).is_dir()

    def rebuild(self) -> None:
        """Build from Chroma's chunks and persist for the current generation."""
        self._save(self.store.generation(), self.build())

    def _save(self, gen: int, retriever: Any) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        final = self._dir(gen)
        if retriever is not None:
            tmp = self.root / f".tmp-{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            retriever.persist(str(tmp), show_progress=False)
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

    def build(self, top_k: int = 30) -> Any:
        """A fresh BM25 retriever over every chunk in the store (None when empty)."""
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        ids, docs, metas = self.store.all_chunks()
        if not ids:
            return None
        nodes: list[Any] = []
        for id_, doc, meta in zip(ids, docs, metas):
            node = TextNode(id_=id_, text=doc, metadata=meta)
            node.excluded_embed_metadata_keys = [k for k in meta if k not in KEYWORD_META]
            node.excluded_llm_metadata_keys = list(meta)
            nodes.append(node)
        return BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=min(top_k, len(nodes)), language="en")

    def load(self, top_k: int = 30) -> Any:
        """The BM25 retriever for the current generation (None when the index is empty)."""
        from llama_index.retrievers.bm25 import BM25Retriever

        gen = self.store.generation()
        path = self._dir(gen)
        if path.is_dir() and not any(path.iterdir()):
            return None
        if path.is_dir():
            try:
                r = BM25Retriever.from_persist_dir(str(path))
                n = int(r.bm25.scores.get("num_docs", 0))
                r.similarity_top_k = min(top_k, n) if n else top_k
                return r
            except (OSError, ValueError) as e:  # half-written by a crashed writer
                log.warning("Rebuilding the keyword index (%s).", e)
        retriever = self.build(top_k)
        if self.store.url and self.store.generation() == gen:  # nobody wrote meanwhile: cache it
            try:
                self._save(gen, retriever)
            except OSError as e:
                log.warning("Cannot cache the keyword index in %s (%s); it is rebuilt per process.", self.root, e)
        return retriever

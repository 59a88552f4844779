"""One typed configuration, with defaults that work offline.

Values come from, in rising priority: the defaults below, ``BYLINE_*``
environment variables (read only by :meth:`Config.from_env`, never at import
time), and explicit keyword arguments (CLI flags, the Python API).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import InputError

LLM_CHOICES = ("local", "extractive", "openai")
EMBED_BACKENDS = ("onnx-int8", "torch")


def _default_model_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "byline" / "models")


@dataclass(frozen=True)
class Config:
    """Every setting Byline has; each field's ``metadata["help"]`` describes it."""

    index: str = field(default="index", metadata={"help": "Index folder (BYLINE_INDEX)."})
    llm: str = field(
        default="local",
        metadata={
            "help": "Answerer: 'local' (packaged Qwen2.5 1.5B via llama.cpp), 'extractive' (no LLM) "
            "or 'openai' (an OpenAI-compatible server, see openai_base_url) (BYLINE_LLM)."
        },
    )
    k: int = field(default=8, metadata={"help": "Passages retrieved per question (BYLINE_K)."})
    chunk_tokens: int = field(
        default=256, metadata={"help": "Largest chunk in tokens; changing it re-chunks at the next ingest (BYLINE_CHUNK_TOKENS)."}
    )
    chunk_overlap: int = field(
        default=1, metadata={"help": "Sentences repeated between neighbouring chunks (BYLINE_CHUNK_OVERLAP)."}
    )
    max_size_mb: float = field(
        default=10.0, metadata={"help": "Files larger than this are reported, not read (BYLINE_MAX_SIZE_MB)."}
    )
    model_dir: str = field(
        default_factory=_default_model_dir,
        metadata={"help": "Cache folder for the assembled local GGUF model and the int8 embedding model (BYLINE_MODEL_DIR)."},
    )
    threads: int = field(
        default=0, metadata={"help": "CPU threads for the models; 0 means all available cores (BYLINE_THREADS)."}
    )
    max_answer_tokens: int = field(
        default=150,
        metadata={"help": "Longest answer of several sentences the LLM may write, in tokens (BYLINE_MAX_ANSWER_TOKENS)."},
    )
    dense_weight: float = field(
        default=0.25, metadata={"help": "Weight of dense scores against keyword (BM25) scores in fusion (BYLINE_DENSE_WEIGHT)."}
    )
    embed_backend: str = field(
        default="onnx-int8",
        metadata={
            "help": "Embedding encoder: 'onnx-int8' (int8 ONNX all-MiniLM-L6-v2, exported once into model_dir) or 'torch' "
            "(sentence-transformers); an index opens only with the backend it was built with (BYLINE_EMBED_BACKEND)."
        },
    )
    chroma_url: str = field(
        default="",
        metadata={
            "help": "Chroma server holding the index, http://host:port; empty: Chroma in the index folder (BYLINE_CHROMA_URL)."
        },
    )
    openai_base_url: str = field(
        default="",
        metadata={
            "help": "Base URL of the OpenAI-compatible server for llm='openai', e.g. http://127.0.0.1:8080/v1 "
            "(BYLINE_OPENAI_BASE_URL)."
        },
    )
    openai_model: str = field(
        default="",
        metadata={"help": "Model name sent to that server; empty: the first one its /models lists (BYLINE_OPENAI_MODEL)."},
    )
    openai_api_key: str = field(
        default="not-needed", metadata={"help": "API key for that server; local servers ignore it (BYLINE_OPENAI_API_KEY)."}
    )
    openai_timeout: float = field(
        default=120.0, metadata={"help": "Seconds to wait for that server's reply before giving up (BYLINE_OPENAI_TIMEOUT)."}
    )

    auth: str = field(
        default="",
        metadata={
            "help": "Protect `byline serve` (browser app and API): 'user:password', or a file with one such line per user "
            "(BYLINE_AUTH)."
        },
    )

    def __post_init__(self) -> None:
        if self.llm not in LLM_CHOICES:
            raise InputError(f"llm must be one of {', '.join(LLM_CHOICES)}; got {self.llm!r}.")
        if self.k < 1:
            raise InputError(f"k must be at least 1; got {self.k}.")
        if self.chunk_tokens < 32:
            raise InputError(f"chunk_tokens must be at least 32; got {self.chunk_tokens}.")
        if self.chunk_overlap < 0:
            raise InputError(f"chunk_overlap must be 0 or more; got {self.chunk_overlap}.")
        if self.max_size_mb <= 0:
            raise InputError(f"max_size_mb must be positive; got {self.max_size_mb}.")
        if not 0.0 <= self.dense_weight <= 1.0:
            raise InputError(f"dense_weight must be between 0 and 1; got {self.dense_weight}.")
        if self.embed_backend not in EMBED_BACKENDS:
            raise InputError(f"embed_backend must be one of {', '.join(EMBED_BACKENDS)}; got {self.embed_backend!r}.")
        if self.chroma_url:
            from .chroma import parse_url

            parse_url(self.chroma_url)
        if self.llm == "openai" and not self.openai_base_url.startswith(("http://", "https://")):
            raise InputError(
                "llm 'openai' needs the server's address: set BYLINE_OPENAI_BASE_URL, e.g. http://127.0.0.1:8080/v1 "
                f"(got {self.openai_base_url!r}). See docs/servers.md."
            )
        if self.openai_timeout <= 0:
            raise InputError(f"openai_timeout must be positive; got {self.openai_timeout}.")

    @property
    def n_threads(self) -> int:
        """Threads to use: ``threads`` or the cores this process may run on."""
        if self.threads > 0:
            return self.threads
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # pragma: no cover - non-Linux
            return max(1, os.cpu_count() or 1)

    @classmethod
    def from_env(cls, **overrides: Any) -> Config:
        """Defaults, then ``BYLINE_<FIELD>`` variables, then non-None ``overrides``."""
        values: dict[str, Any] = {}
        defaults = cls()
        for f in fields(cls):
            raw = os.environ.get(f"BYLINE_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            kind = type(getattr(defaults, f.name))
            try:
                values[f.name] = kind(raw)
            except ValueError:
                raise InputError(f"BYLINE_{f.name.upper()}={raw!r} is not a valid {kind.__name__}.") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise InputError(f"Unknown setting(s): {', '.join(sorted(unknown))}.")
        return cls(**values)

    def with_(self, **changes: Any) -> Config:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

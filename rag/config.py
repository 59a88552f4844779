"""One typed configuration, with defaults that work offline.

Values come from, in rising priority: the defaults below, ``BYLINE_*``
environment variables (read only by :meth:`Config.from_env`, never at import
time), and explicit keyword arguments (CLI flags, the Python API).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import InputError
from .models.embed import BACKENDS as EMBED_BACKENDS
from .models.embed import default_model_dir

LLM_CHOICES = ("local", "extractive", "openai")
_SECRETS = {"auth", "openai_api_key"}
_GROUPS = {"retrieval", "answering"}  # settings of their own, tuned on dev splits; not read from the environment


def _tuned(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class RetrievalSettings:
    """How candidates are found, fused and re-ranked.  Chosen on MultiHop-RAG's dev split, never the test split:
    ``python bench/tune_retrieval.py --index DIR --limit 0 --rerank 4 --date-boosts 0.1,0.5 --lead-boosts 0,0.1``
    (figures and the other commands in docs/benchmarks.md)."""

    candidates: int = _tuned(30, "Passages per leg (dense, keyword) before fusion.")
    per_source: int = _tuned(10, "Extra candidates for each outlet or publication day the question names.")
    source_boost: float = _tuned(0.3, "Added to a passage from an outlet the question names.")
    date_boost: float = _tuned(0.5, "Added to a passage from an article published on a day the question names.")
    lead_boost: float = _tuned(0.1, "Added to an article's first chunk (news states its main facts first).")
    rerank_pool: int = _tuned(30, "Fused passages re-scored by their best sentence.")
    rerank_weight: float = _tuned(4.0, "Weight of the best sentence's coverage of the question against the fused score (0: off).")


@dataclass(frozen=True)
class AnswerSettings:
    """Gates and evidence weights of the answer stage, chosen on the dev splits of MultiHop-RAG and the plain-question
    set (``byline eval ... --split dev``; docs/benchmarks.md)."""

    min_support: float = _tuned(0.25, "Share of the question's subject words the evidence must cover before a model answers.")
    min_support_extractive: float = _tuned(0.6, "The same, when the answer quotes the articles without a model.")
    fit_bonus: float = _tuned(
        0.3, "Added to a sentence holding the kind of thing a one-line answer must be (name, figure, date)."
    )
    semantic: float = _tuned(
        0.5, "Weight of a sentence's embedding similarity to the question in choosing a one-line answer's evidence."
    )
    long_chars: int = _tuned(
        2600, "Characters of article sentences a said, list or summary answer is chosen from (explanations: explain_chars)."
    )
    long_sentences: int = _tuned(16, "The most sentences a said, list or summary answer is chosen from.")
    explain_chars: int = _tuned(
        1200, "Characters of article sentences an explanation is chosen from (the model reads them all: read_chars)."
    )
    explain_sentences: int = _tuned(8, "The most sentences an explanation is chosen from.")
    read_chars: int = _tuned(
        1200,
        "Characters of a long answer's evidence (its first sentences) the model reads before it writes or names the"
        " sentences to quote; the rest is quoted from, unread (its first word waits on this reading; a list: list_read_chars).",
    )
    read_sentences: int = _tuned(8, "The most evidence sentences the model reads before it writes a long answer (not a list).")
    list_read_chars: int = _tuned(
        1800,
        "Characters of a list's evidence (its first sentences) the model reads before it writes the items; a list's"
        " items are only what it writes, so it reads more than read_chars.",
    )
    list_read_sentences: int = _tuned(12, "The most evidence sentences the model reads before it writes a list.")


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
        default_factory=default_model_dir,
        metadata={"help": "Cache folder for the assembled local GGUF model and the int8 embedding model (BYLINE_MODEL_DIR)."},
    )
    threads: int = field(
        default=0, metadata={"help": "CPU threads for the models; 0 means all available cores (BYLINE_THREADS)."}
    )
    max_waiting: int = field(
        default=4,
        metadata={
            "help": "Questions that may wait for the model behind the one it is answering (chat, /api and /v1 together); "
            "more are told the server is busy (HTTP 503 with Retry-After). Extractive answers never wait (BYLINE_MAX_WAITING)."
        },
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

    retrieval: RetrievalSettings = field(
        default_factory=RetrievalSettings,
        metadata={"help": "Tuned retrieval weights (set from Python or bench/, not the environment)."},
    )
    answering: AnswerSettings = field(
        default_factory=AnswerSettings, metadata={"help": "Tuned answer-stage gates and weights (set from Python or bench/)."}
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
            from .index.chroma import parse_url

            parse_url(self.chroma_url)
        if self.llm == "openai" and not self.openai_base_url.startswith(("http://", "https://")):
            raise InputError(
                "llm 'openai' needs the server's address: set BYLINE_OPENAI_BASE_URL, e.g. http://127.0.0.1:8080/v1 "
                f"(got {self.openai_base_url!r}). See docs/servers.md."
            )
        if self.max_waiting < 0:
            raise InputError(f"max_waiting must be 0 or more; got {self.max_waiting}.")
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
            if raw is None or raw == "" or f.name in _GROUPS:
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

    @classmethod
    def described(cls, **overrides: Any) -> list[dict[str, Any]]:
        """The effective settings (as :meth:`from_env` builds them) and where each came from: ``default``, the
        ``BYLINE_*`` variable, or ``option`` (a flag or keyword); secrets are shown as ``***``."""
        conf = cls.from_env(**overrides)
        rows = []
        for f in fields(cls):
            env = f"BYLINE_{f.name.upper()}"
            origin = "option" if overrides.get(f.name) is not None else env if os.environ.get(env) else "default"
            value = getattr(conf, f.name)
            if f.name in _GROUPS:
                for g in fields(value):
                    v = getattr(value, g.name)
                    where = "option" if v != g.default else "default"
                    rows.append({"name": f"{f.name}.{g.name}", "value": v, "from": where, "help": g.metadata.get("help", "")})
                continue
            if f.name in _SECRETS and value:
                value = "***"
            rows.append({"name": f.name, "value": value, "from": origin, "help": f.metadata.get("help", "")})
        return rows

    def with_(self, **changes: Any) -> Config:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

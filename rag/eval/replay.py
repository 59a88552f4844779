"""Model output recorded once and replayed: the answer path without the model.

:class:`Recorder` wraps a writer (the local model, a server) and keeps every reply, piece by piece,
under a key made of the whole prompt.  :class:`Replayer` streams those pieces back for the same
prompt, so an answer built from recorded output is the answer the model gave, byte for byte, in
milliseconds.  The golden-output check (``bench/golden.py``) and the tests use it; a prompt that was
not recorded is an error that says so, never a silent guess.

>>> from rag import Assistant
>>> from rag.eval.replay import Replayer
>>> bot = Assistant(index="index", llm="local", writer=Replayer.load("recorded.jsonl"))  # doctest: +SKIP
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from ..errors import ModelError
from ..models.writers import Prompt, Writer


def prompt_key(prompt: Prompt) -> str:
    """A short stable key for everything a writer is told."""
    data = json.dumps(asdict(prompt), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:24]


class Recorder:
    """A writer that passes ``inner``'s reply through and keeps it (see :meth:`save`)."""

    def __init__(self, inner: Writer) -> None:
        self.inner = inner
        self.name = inner.name
        self.replies: dict[str, list[str]] = {}

    def warm_up(self) -> None:
        getattr(self.inner, "warm_up", lambda: None)()

    def write(self, prompt: Prompt) -> Iterator[str]:
        pieces: list[str] = []
        try:
            for piece in self.inner.write(prompt):
                pieces.append(piece)
                yield piece
        finally:  # a reader that stops early (at the first line) is replayed as far as it read
            self.replies[prompt_key(prompt)] = pieces

    def save(self, path: str | Path) -> None:
        """Write the replies as JSON lines (gzipped when ``path`` ends in ``.gz``), one per prompt, sorted."""
        rows = [json.dumps({"key": k, "pieces": v}, ensure_ascii=False) for k, v in sorted(self.replies.items())]
        _write(Path(path), "\n".join(rows) + "\n" if rows else "")


class Replayer:
    """A writer that streams recorded replies back; an unrecorded prompt raises :class:`ModelError`."""

    def __init__(self, replies: dict[str, list[str]], name: str = "local") -> None:
        self.replies = replies
        self.name = name

    @classmethod
    def load(cls, path: str | Path, name: str = "local") -> Replayer:
        text = _read(Path(path))
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        return cls({r["key"]: list(r["pieces"]) for r in rows}, name)

    def warm_up(self) -> None:
        pass

    def write(self, prompt: Prompt) -> Iterator[str]:
        key = prompt_key(prompt)
        if key not in self.replies:
            raise ModelError(
                f"No recorded reply for this prompt (key {key}): the prompt changed since the recording; "
                "record again with the model if the change is meant."
            )
        yield from self.replies[key]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode()
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)


def _read(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode()

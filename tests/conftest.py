"""Shared fixtures.  Tests never write into the working tree: every index
lives under pytest's tmp_path, and BYLINE_* settings are cleared."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from rag import Assistant
from rag.models.embed import HashEmbedder

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "sky-news-us-moves-150-is-prisoners.txt"
SEED_QUESTION = "How many Islamic State prisoners did US forces move from Syria to Iraq?"
UNANSWERABLE = "What did the mayor of Reykjavik say about the new geothermal tunnel?"


def eval_data() -> Path:
    return Path(os.environ.get("BYLINE_EVAL_DATA", ROOT.parent / "shared" / "eval"))


# Fixtures that load the local model or start a server mark the tests that use them (see pyproject's markers).
_FIXTURE_MARKS = {
    "local_bot": ("model", "slow"),
    "openai_url": ("model", "server", "slow"),
    "server": ("server", "slow"),
    "locked": ("server", "slow"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture in getattr(item, "fixturenames", ()):
            for mark in _FIXTURE_MARKS.get(fixture, ()):
                item.add_marker(mark)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("BYLINE_") and key not in ("BYLINE_MODEL_DIR", "BYLINE_EVAL_DATA"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


class CountingEmbedder(HashEmbedder):
    """The hashing embedder, counting how many texts it embedded."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> list[list[float]]:
        self.count += len(texts)
        return super().embed(texts, progress)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A fresh copy of seeds/ to edit."""
    dest = tmp_path / "articles"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture
def hash_bot(tmp_path: Path) -> Iterator[Assistant]:
    """An extractive assistant on a temp index with the hashing embedder (fast sync tests)."""
    yield Assistant(index=tmp_path / "index", llm="extractive", embedder=CountingEmbedder())


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ indexed once with the real embedding model and real Chroma."""
    index = tmp_path_factory.mktemp("seed") / "index"
    report = Assistant(index=index, llm="extractive").ingest(SEEDS)
    assert report.added >= 21 and not report.errors
    return index


@pytest.fixture(scope="session")
def local_bot(seed_index: Path) -> Assistant:
    bot = Assistant(index=seed_index, llm="local")
    bot.warm_up()
    return bot

"""Server mode: the index on a real `chroma run` server, shared by several Byline
processes (sync state, generation counter and writer lock on the server, the
keyword index cached per client)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.servers import BIN, chroma_server, free_port, stop
from rag import Answer, Assistant, Config, IndexProblem, InputError
from rag.index.lock import LOCKS, RECORD, STALE, is_stale
from rag.models.embed import HashEmbedder

from .conftest import SEED_FILE, SEED_QUESTION, CountingEmbedder

NEW_ARTICLE = (
    "Title: Keepers return to the Fastnet lighthouse\nSource: Test Gazette\nPublished: 2024-05-02\n\n"
    "The Commissioners of Irish Lights said 14 keepers will return to the Fastnet Rock lighthouse in June.\n\n"
    "The lighthouse has been automatic since 1989, and the keepers will stay for a season of repairs.\n"
)
NEW_QUESTION = "How many keepers will return to the Fastnet Rock lighthouse?"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own client cache (keyword index copies); models stay where they are."""
    monkeypatch.setenv("BYLINE_MODEL_DIR", os.environ.get("BYLINE_MODEL_DIR") or Config().model_dir)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def server(tmp_path: Path, cache: Path) -> Iterator[str]:
    """A fresh Chroma server; yields its URL."""
    with chroma_server(tmp_path / "chroma-data") as (url, _):
        yield url


def byline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "byline"), *args], capture_output=True, text=True, env=dict(os.environ), timeout=300)


def cited(answer: Answer) -> set[str]:
    return {c.path for c in answer.citations}


@pytest.mark.slow
def test_ingest_ask_share_and_remove_through_a_server(server, articles, tmp_path, cache):
    writer = Assistant(index=tmp_path / "writer", llm="extractive", chroma_url=server)
    report = writer.ingest(articles)
    assert report.added == 24 and not report.errors
    answer = writer.ask(SEED_QUESTION)
    assert answer.text.startswith("150") and not answer.abstained
    c = answer.citations[0]
    assert c.path == SEED_FILE.name and writer.article_text(c.article_id)[c.start : c.end] == c.quote
    assert not (tmp_path / "writer").exists()  # nothing local but the keyword cache
    assert len(list(cache.glob("byline/keyword/127.0.0.1_*/*"))) == 1

    # A second, long-lived reader (its own client and cache) reads before the writer adds an article.
    reader = Assistant(index=tmp_path / "reader", llm="extractive", chroma_url=server)
    assert "fastnet.txt" not in cited(reader.ask(NEW_QUESTION))
    (articles / "fastnet.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    assert writer.ingest(articles).added == 1
    fresh = reader.ask(NEW_QUESTION)
    assert fresh.text.startswith("14") and fresh.citations[0].path == "fastnet.txt"

    # Another process sees it too.
    out = byline("ask", NEW_QUESTION, "--llm", "extractive", "--chroma-url", server, "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["answer"].startswith("14") and doc["citations"][0]["path"] == "fastnet.txt"

    # Removal from that process is seen by both.
    out = byline("remove", "fastnet.txt", "--chroma-url", server, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["path"] == "fastnet.txt"
    assert "fastnet.txt" not in cited(reader.ask(NEW_QUESTION)) and len(writer.articles()) == 24
    out = byline("articles", "--chroma-url", server, "--json")
    assert out.returncode == 0 and len(json.loads(out.stdout)) == 24


def test_sync_state_lives_on_the_server(server, articles, tmp_path):
    first = Assistant(index=tmp_path / "a", llm="extractive", chroma_url=server, embedder=CountingEmbedder())
    assert first.ingest(articles).added == 24 and first.embedder.count > 0
    again = first.ingest(articles)
    assert again.unchanged == 24 and again.added == again.updated == 0
    # Another client with nothing on its disk: the server already knows every file, so nothing is embedded.
    other = Assistant(index=tmp_path / "b", llm="extractive", chroma_url=server, embedder=CountingEmbedder())
    report = other.ingest(articles)
    assert report.unchanged == 24 and other.embedder.count == 0
    seed = articles / SEED_FILE.name
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA late paragraph about the transfer.\n", encoding="utf-8")
    assert other.ingest(articles).updated == 1 and 0 < other.embedder.count < 40


def test_one_writer_at_a_time_and_stale_locks_are_taken_over(server, articles, tmp_path):
    a = Assistant(index=tmp_path / "a", llm="extractive", chroma_url=server, embedder=HashEmbedder())
    a.ingest(articles)
    b = Assistant(index=tmp_path / "b", llm="extractive", chroma_url=server, embedder=HashEmbedder())
    with a.store.write_lock():
        with pytest.raises(IndexProblem, match=rf"being written by pid {os.getpid()} on .*Wait for it"):
            b.ingest(articles)
        with pytest.raises(IndexProblem, match="being written"):
            b.remove(SEED_FILE.name)
    assert b.ingest(articles).unchanged == 24  # released

    # A writer that died (a pid that no longer exists, on this host) leaves a lock that is taken over.
    dead = subprocess.Popen(["true"])
    dead.wait()
    locks = a.store._client.get_or_create_collection(LOCKS, embedding_function=None)
    now = time.time()
    locks.add(
        ids=[RECORD],
        embeddings=[[1.0]],
        metadatas=[{"token": "x", "pid": dead.pid, "host": socket.gethostname(), "since": now, "beat": now}],
    )
    assert b.remove(SEED_FILE.name).path == SEED_FILE.name
    assert not locks.get(ids=[RECORD])["ids"]  # and released after


def test_a_server_that_is_down_is_one_clear_line(tmp_path, cache):
    url = f"http://127.0.0.1:{free_port()}"
    bot = Assistant(index=tmp_path / "x", llm="extractive", chroma_url=url, embedder=HashEmbedder())
    t = time.perf_counter()
    with pytest.raises(IndexProblem, match=rf"No Chroma server answers at {url} .*chroma run --path DIR --host 127.0.0.1"):
        bot.articles()
    assert time.perf_counter() - t < 5
    out = byline("articles", "--chroma-url", url)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1 and url in out.stderr and "chroma run" in out.stderr
    with pytest.raises(InputError, match="http://host:port"):
        Assistant(index=tmp_path / "x", chroma_url="localhost:8000")


@pytest.mark.server
def test_a_server_that_goes_away_mid_session(tmp_path, articles, cache):
    with chroma_server(tmp_path / "data") as (url, proc):
        bot = Assistant(index=tmp_path / "x", llm="extractive", chroma_url=url, embedder=HashEmbedder())
        bot.ingest(articles)
        stop(proc)
        with pytest.raises(IndexProblem, match=rf"Lost the Chroma server at {url}.*chroma run"):
            bot.ask(SEED_QUESTION)


def test_no_index_on_the_server_yet(server, tmp_path):
    with pytest.raises(IndexProblem, match=rf"No Byline index on the Chroma server at {server}.*--chroma-url"):
        Assistant(index=tmp_path / "x", llm="extractive", chroma_url=server, embedder=HashEmbedder()).ask("Anything?")


def test_lock_staleness():
    now = 1_000_000.0
    assert is_stale({"host": "elsewhere", "pid": 1, "beat": now - STALE - 1}, now)  # no heartbeat for too long
    assert not is_stale({"host": "elsewhere", "pid": 1, "beat": now - 5}, now)  # another machine's live writer
    assert not is_stale({"host": socket.gethostname(), "pid": os.getpid(), "beat": now}, now)

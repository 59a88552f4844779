"""Retrieval's in-memory vector copy and batched writes, on real Chroma with the hashing embedder
(the model is not the subject)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag import Assistant
from rag.ask.scores import top
from rag.index.keyword import CASING, VECTORS, KeywordIndex


def _retriever(bot: Assistant) -> Any:
    bot.search("warm up", k=1)
    return bot._finder.retriever()


def test_the_vector_copy_equals_chromas_vectors_row_for_row(hash_bot: Assistant, articles: Path) -> None:
    hash_bot.ingest(articles)
    r = _retriever(hash_bot)
    ids = [c["node_id"] for c in r._bm25.corpus]
    got = hash_bot.store.chunks_collection.get(ids=ids, include=["embeddings"])
    stored = dict(zip(got["ids"], got["embeddings"]))
    assert r._vectors.dtype == np.float32 and r._vectors.shape == (len(ids), hash_bot.embedder.dim)
    assert np.allclose(r._vectors[r._place], np.array([stored[i] for i in ids]), atol=1e-6)
    for source, (lo, hi) in r._blocks.items():  # each outlet's rows are one block
        assert {r._bm25.corpus[i]["source"] for i in r._order[lo:hi]} == {source}


def test_dense_scores_are_the_exact_cosine(hash_bot: Assistant, articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the dense weight at 1 (and no sentence re-ranking), the best passage is the chunk whose vector is
    nearest the question's."""
    from rag.config import RetrievalSettings

    hash_bot.ingest(articles)
    flat = RetrievalSettings(rerank_weight=0.0)
    bot = Assistant(index=hash_bot.store.path, llm="extractive", embedder=hash_bot.embedder, dense_weight=1.0, retrieval=flat)
    question = "How many Islamic State prisoners did US forces move from Syria to Iraq?"
    ids, docs, _, vectors = bot.store.all_chunks_with_vectors()
    nearest = ids[int(np.argmax(vectors @ np.asarray(bot.embedder.embed_query(question), dtype=np.float32)))]
    assert bot.search(question, k=1)[0].chunk_id == nearest


def test_an_outlet_named_in_the_question_adds_its_nearest_chunks(hash_bot: Assistant, articles: Path) -> None:
    hash_bot.ingest(articles)
    r = _retriever(hash_bot)
    source = max(r._blocks, key=lambda s: r._blocks[s][1] - r._blocks[s][0])
    question = f"What did {source} report about prisoners moved from Syria?"
    q = np.asarray(hash_bot.embedder.embed_query(question), dtype=np.float32)
    rows = [i for i, c in enumerate(r._bm25.corpus) if c["source"] == source]
    cos = r._vectors[r._place[rows]] @ q
    expected = {r._bm25.corpus[rows[j]]["node_id"] for j in np.argsort(-cos)[:10]}
    assert {r._bm25.corpus[i]["node_id"] for i in r._dense_in(source, q)} == expected


def test_the_copy_follows_new_writes(hash_bot: Assistant, articles: Path, tmp_path: Path) -> None:
    hash_bot.ingest(articles)
    before = _retriever(hash_bot)._vectors.shape[0]
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "a.txt").write_text("Title: Ferry\n\nA new ferry line links Oslo and Kiel from May.\n", encoding="utf-8")
    hash_bot.ingest(extra)
    assert "ferry" in hash_bot.search("ferry line Oslo Kiel", k=1)[0].text
    assert _retriever(hash_bot)._vectors.shape[0] == before + 1 == hash_bot.store.chunk_count()


def test_a_keyword_index_saved_without_vectors_gets_them_from_chroma_once(hash_bot: Assistant, articles: Path) -> None:
    """Indexes built before the copy existed: the first reader fetches the vectors and saves them beside BM25."""
    hash_bot.ingest(articles)
    saved = KeywordIndex(hash_bot.store).root / str(hash_bot.store.generation()) / VECTORS
    expected = np.load(saved)
    saved.unlink()
    bot = Assistant(index=hash_bot.store.path, llm="extractive", embedder=hash_bot.embedder)
    assert bot.search("Islamic State prisoners Syria Iraq", k=1)
    assert saved.is_file() and np.array_equal(np.load(saved), expected)


def test_top_picks_the_same_set_as_a_full_sort_even_with_ties() -> None:
    rng = np.random.default_rng(0)
    for scores in (rng.random(1000), np.round(rng.random(1000), 1), np.zeros(1000), rng.random(5)):
        assert set(top(scores, 30)) == set(int(i) for i in np.argsort(-scores)[:30])


class _Recorder:
    """A real Chroma collection that logs which writes reach it, in order."""

    def __init__(self, collection: Any, name: str, log: list[tuple[str, int]]) -> None:
        self._c, self._name, self._log = collection, name, log

    def upsert(self, **kw: Any) -> None:
        self._log.append((self._name, len(kw["ids"])))
        self._c.upsert(**kw)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._c, attr)


def test_one_batch_is_written_with_few_calls_chunks_before_records(hash_bot: Assistant, articles: Path) -> None:
    store = hash_bot.store
    store.check(create=True)
    assert store.chunks_collection is not None  # opens Chroma
    log: list[tuple[str, int]] = []
    store._chunks = _Recorder(store._chunks, "chunks", log)
    store._articles = _Recorder(store._articles, "records", log)
    report = hash_bot.ingest(articles)
    names = [n for n, _ in log]
    assert names == ["chunks", "records"], log  # the seeds fit in one embedding batch: two upserts in all
    assert log[0][1] == report.chunks and log[1][1] == report.added


def test_a_rewritten_article_loses_its_stale_chunks(hash_bot: Assistant, articles: Path) -> None:
    hash_bot.ingest(articles)
    first = sorted(articles.glob("*.txt"))[0]
    first.write_text("Title: Short now\n\nThis article was cut down to one sentence.\n", encoding="utf-8")
    hash_bot.ingest(articles)
    _, _, metas = hash_bot.store.all_chunks()
    counts: dict[str, int] = {}
    for m in metas:
        counts[m["article_id"]] = counts.get(m["article_id"], 0) + 1
    assert counts == {r.id: r.chunks for r in hash_bot.store.records().values()}


def test_the_casing_is_saved_with_the_keyword_index_and_rebuilt_when_missing(hash_bot: Assistant, articles: Path) -> None:
    """How the articles spell each name is counted when the keyword index is built; an index saved before the
    casing existed (or with an older version of it) gets it from Chroma on first read, saved beside BM25."""
    hash_bot.ingest(articles)
    saved = KeywordIndex(hash_bot.store).root / str(hash_bot.store.generation()) / CASING
    assert saved.is_file()
    spelled = _retriever(hash_bot).casing.spelled
    assert spelled["everton"] == "Everton" and "prisoners" not in spelled
    saved.unlink()
    bot = Assistant(index=hash_bot.store.path, llm="extractive", embedder=hash_bot.embedder)
    assert _retriever(bot).casing.spelled == spelled and saved.is_file()
    saved.write_text('{"everton": "EVERTON"}', encoding="utf-8")  # an older version's table, without two-word names
    bot = Assistant(index=hash_bot.store.path, llm="extractive", embedder=hash_bot.embedder)
    assert _retriever(bot).casing.spelled == spelled and '"version"' in saved.read_text(encoding="utf-8")
    q = bot._finder.read("what happened to everton and why", [])
    assert q.asked == "what happened to everton and why" and "Everton" in q.names

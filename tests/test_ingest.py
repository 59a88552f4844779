"""Sync semantics, on real Chroma.  Most use the hashing embedder (the model is
not the subject); the seed_index fixture uses the real one."""

import json
import os
import subprocess
import sys

import pytest

from rag import Assistant, IndexProblem, InputError
from rag.models.embed import HashEmbedder


def test_first_ingest_then_unchanged_reembeds_nothing(hash_bot, articles):
    first = hash_bot.ingest(articles)
    assert first.added == 24 and first.updated == first.removed == first.unchanged == 0
    assert first.chunks > 100 and first.errors == ()
    embedded = hash_bot.embedder.count
    again = hash_bot.ingest(articles)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 24)
    assert again.chunks == first.chunks
    assert hash_bot.embedder.count == embedded  # nothing re-embedded


def test_new_chunk_settings_rechunk_every_article_at_the_next_ingest(tmp_path, articles):
    index = tmp_path / "index"
    first = Assistant(index=index, llm="extractive", embedder=HashEmbedder()).ingest(articles)
    smaller = Assistant(index=index, llm="extractive", embedder=HashEmbedder(), chunk_tokens=64)
    again = smaller.ingest(articles)
    assert (again.added, again.updated, again.unchanged) == (0, 24, 0)
    assert again.chunks > first.chunks * 2  # every article re-split, no 256-token chunk left behind
    assert all(len(p.text) < 600 for p in smaller.search("prisoners Syria Iraq", k=10))
    assert smaller.ingest(articles).unchanged == 24  # and then it is in step


def test_new_cleaning_rules_reindex_only_the_articles_whose_text_they_change(hash_bot, articles, monkeypatch):
    """An index made before the notice rule (rag.ingest.clean VERSION 1, no notices removed): the next sync re-reads
    every file but re-embeds only the articles that carried newsletter or app promotions."""
    import rag.ingest.clean

    with monkeypatch.context() as m:
        m.setattr(rag.ingest.clean, "VERSION", 1)
        m.setattr(rag.ingest.clean, "notice", lambda line: False)
        hash_bot.ingest(articles)
    promo = "skip past newsletter promotion"
    carried = [a for a in hash_bot.articles() if promo in (hash_bot.article_text(a.id) or "")]
    assert len(carried) == 4
    embedded = hash_bot.embedder.count
    again = hash_bot.ingest(articles)
    assert (again.added, again.updated, again.removed) == (0, 9, 0)  # the 9 seeds with notices (see seeds/)
    assert again.unchanged == 15
    changed = hash_bot.embedder.count - embedded
    assert 0 < changed < again.chunks / 2  # only their chunks were embedded again
    assert not [a for a in hash_bot.articles() if promo in (hash_bot.article_text(a.id) or "")]
    assert not any("CLICK HERE" in p.text for p in hash_bot.search("Fox News app newsletter sign up", k=20))
    assert hash_bot.ingest(articles).unchanged == 24 and hash_bot.embedder.count - embedded == changed  # in step


def test_edited_and_deleted_articles_are_reflected(hash_bot, articles):
    hash_bot.ingest(articles)
    seed = articles / "sky-news-us-moves-150-is-prisoners.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("150", "175"), encoding="utf-8")
    victim = next(articles.glob("0476-*.txt"))
    victim.unlink()
    report = hash_bot.ingest(articles)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 1, 22)
    hits = hash_bot.search("How many Islamic State prisoners did US forces move?", k=3)
    assert "175" in hits[0].text
    _, docs, _ = hash_bot.store.all_chunks()
    assert not any("transferred 150 Islamic State" in d for d in docs)  # old chunks gone
    assert victim.name not in {a.path for a in hash_bot.articles()}


def test_keep_missing_keeps_articles_whose_file_left(hash_bot, articles):
    hash_bot.ingest(articles)
    next(articles.glob("0476-*.txt")).unlink()
    report = hash_bot.ingest(articles, keep_missing=True)
    assert report.removed == 0 and len(hash_bot.articles()) == 24


def test_ingesting_a_second_folder_keeps_the_first(hash_bot, articles, tmp_path):
    hash_bot.ingest(articles)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Title: X\n\nA new bridge opened in Lyon on Tuesday.\n", encoding="utf-8")
    report = hash_bot.ingest(other)
    assert report.added == 1 and report.removed == 0 and len(hash_bot.articles()) == 25


def test_bad_files_are_reported_and_the_rest_indexed(hash_bot, articles):
    (articles / "photo.txt").write_bytes(bytes(range(256)) * 10)
    (articles / "empty.md").write_text("\n", encoding="utf-8")
    report = hash_bot.ingest(articles)
    assert report.added == 24
    assert {e.path for e in report.errors} == {"photo.txt", "empty.md"}
    assert all("\n" not in e.error for e in report.errors)


def test_a_file_that_fails_later_does_not_lose_its_indexed_article(hash_bot, articles):
    hash_bot.ingest(articles)
    seed = articles / "sky-news-us-moves-150-is-prisoners.txt"
    seed.write_bytes(b"\x00\x01\x02" * 100)  # now unreadable as text
    report = hash_bot.ingest(articles)
    assert [e.path for e in report.errors] == [seed.name]
    assert seed.name in {a.path for a in hash_bot.articles()}


def test_missing_and_empty_folders(hash_bot, tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        hash_bot.ingest(tmp_path / "nope")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_text("x")
    with pytest.raises(InputError, match="no articles found"):
        hash_bot.ingest(empty)
    assert not (tmp_path / "index").exists()  # nothing created for nothing


def test_refuses_a_folder_that_is_not_a_byline_index(tmp_path, articles):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(IndexProblem, match="not a Byline index"):
        Assistant(index=foreign, embedder=HashEmbedder()).ingest(articles)
    assert sorted(p.name for p in foreign.iterdir()) == ["cat.jpg"]


def test_refuses_to_mix_embedding_models(tmp_path, articles):
    Assistant(index=tmp_path / "idx", embedder=HashEmbedder()).ingest(articles)
    with pytest.raises(IndexProblem, match="built with embedding model hash"):
        Assistant(index=tmp_path / "idx").ingest(articles)


def test_no_index_yet(tmp_path):
    with pytest.raises(IndexProblem, match=r"No index at .*byline ingest"):
        Assistant(index=tmp_path / "none", llm="extractive").ask("Anything?")


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(hash_bot, articles):
    hash_bot.ingest(articles)
    with hash_bot.store.write_lock():
        other = Assistant(index=hash_bot.store.path, llm="extractive", embedder=HashEmbedder())
        with pytest.raises(IndexProblem, match=rf"being written by pid {os.getpid()}"):
            other.ingest(articles)


def test_remove_by_path_and_by_id(hash_bot, articles):
    hash_bot.ingest(articles)
    arts = hash_bot.articles()
    gone = hash_bot.remove("sky-news-us-moves-150-is-prisoners.txt")
    assert gone.title.startswith("US moves 150")
    hash_bot.remove(arts[0].id)
    left = {a.id for a in hash_bot.articles()}
    assert gone.id not in left and arts[0].id not in left and len(left) == 22
    _, _, metas = hash_bot.store.all_chunks()
    assert {m["article_id"] for m in metas} == left
    with pytest.raises(InputError, match="No indexed article matches"):
        hash_bot.remove("nothing-like-this")


def test_crash_leftovers_are_swept(hash_bot, articles):
    """Chunks written for an article whose record never landed (a crash) are removed by the next sync."""
    hash_bot.ingest(articles)
    store = hash_bot.store
    rec = next(iter(store.records().values()))
    store._articles.delete(ids=[rec.id])  # simulate: chunks written, record not
    report = hash_bot.ingest(articles)
    assert report.added == 1
    _, _, metas = store.all_chunks()
    counts = {}
    for m in metas:
        counts[m["article_id"]] = counts.get(m["article_id"], 0) + 1
    assert counts == {r.id: r.chunks for r in store.records().values()}


def test_another_process_sees_new_articles(seed_index, tmp_path):
    """A reader that already queried sees what a second process adds afterwards."""
    index = tmp_path / "index"
    bot = Assistant(index=index, llm="extractive")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "a.txt").write_text("Title: Ferry\n\nA new ferry line links Oslo and Kiel from May.\n", encoding="utf-8")
    bot.ingest(extra)
    assert "ferry" in bot.search("ferry line Oslo", k=1)[0].text
    (extra / "b.txt").write_text(
        "Title: Glacier\n\nThe Thwaites glacier lost 40 metres of ice shelf in June.\n", encoding="utf-8"
    )
    code = f"from rag import Assistant; print(Assistant(index={str(index)!r}).ingest({str(extra)!r}).added)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"
    hits = bot.search("How much ice shelf did the Thwaites glacier lose?", k=1)
    assert "Thwaites" in hits[0].text


def test_the_same_assistant_sees_what_it_just_changed(hash_bot, tmp_path):
    """Query, then remove or add in the same process (the browser app does this): results follow at once."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "a.txt").write_text("Title: Ferry\n\nA new ferry line links Oslo and Kiel from May.\n", encoding="utf-8")
    (extra / "b.txt").write_text("Title: Glacier\n\nThe Thwaites glacier lost 40 metres of ice shelf.\n", encoding="utf-8")
    hash_bot.ingest(extra)
    assert "Thwaites" in hash_bot.search("Thwaites glacier ice shelf", k=1)[0].text
    hash_bot.remove(str(extra / "b.txt"))
    assert all("Thwaites" not in p.text for p in hash_bot.search("Thwaites glacier ice shelf", k=5))
    (extra / "c.txt").write_text("Title: Bridge\n\nThe Storstrom bridge opens to trains in 2026.\n", encoding="utf-8")
    hash_bot.ingest(extra)
    assert "Storstrom" in hash_bot.search("Storstrom bridge trains", k=1)[0].text


def test_real_model_index_of_seeds(seed_index):
    info = json.loads((seed_index / "byline.json").read_text())
    assert info == {"schema": 1, "embed_model": "all-MiniLM-L6-v2-onnx-int8", "embed_dim": 384}
    bot = Assistant(index=seed_index, llm="extractive")
    arts = bot.articles()
    assert len(arts) == 24
    seed = next(a for a in arts if a.path.startswith("sky-news"))
    assert seed.source == "Sky News"
    text = bot.article_text(seed.id)
    assert "Read more:" not in text and "(c) Sky News" not in text and "Ryanair" not in text
    _, docs, _ = bot.store.all_chunks()
    assert not any("Read more:" in d or "(c) Sky News" in d or "Ryanair" in d for d in docs)

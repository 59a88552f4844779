"""Syndicated copies: found at ingest, counted as one source when answering (rag/news/copies.py)."""

from __future__ import annotations

import random
from pathlib import Path

from rag import Assistant
from rag.ingest.load import split_header
from rag.news import copies

ORIGINAL = "0373-sources-palo-alto-in-advanced-talks-to-buy-talon-and-dig-in.txt"
QUESTION = "How much is Palo Alto Networks set to pay for Talon Cyber Security?"


def _reprint(articles: Path) -> Path:
    """A wire-style reprint of one seed article: another headline, outlet and day, boilerplate added at the top and
    bottom, the last paragraph cut and one word changed."""
    meta, body = split_header((articles / ORIGINAL).read_text(encoding="utf-8"))
    paras = [p for p in body.split("\n\n") if p.strip()][:-1]
    paras[1] = paras[1].replace("advanced negotiations", "advanced talks")
    paras = ["This story was originally published by TechCrunch.", *paras, "Copyright 2023. All rights reserved."]
    head = (
        "Title: Palo Alto Networks nears $1 billion deals for two Israeli startups\nSource: Yahoo Finance\n"
        "Published: 2023-09-27T08:00:00+00:00\nURL: https://finance.example.com/palo-alto-talon-dig\n"
    )
    copy = articles / "yahoo-palo-alto-reprint.txt"
    copy.write_text(head + "\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return copy


def _by_path(bot: Assistant) -> dict[str, str]:
    return {a.path: a.copy_group for a in bot.articles()}


def test_a_reprint_is_grouped_and_cited_once(hash_bot: Assistant, articles: Path) -> None:
    _reprint(articles)
    hash_bot.ingest(articles)
    infos = {a.path: a for a in hash_bot.articles()}
    original, copy = infos[ORIGINAL], infos["yahoo-palo-alto-reprint.txt"]
    assert copy.copy_group == original.id == original.copy_group  # the earlier article leads the group
    # The seeds' look-alikes (three ASX morning reports from one template, two Swift-Kelce stories) stay apart.
    assert sum(1 for a in infos.values() if a.copy_group != a.id) == 1

    passages = hash_bot.search(QUESTION, k=8)
    assert len({p.article_id for p in passages} & {original.id, copy.id}) == 1  # one copy's passages only
    assert len({p.article_id for p in passages}) > 1  # the freed places went to other articles

    answer = hash_bot.ask(QUESTION)
    cited = [c for c in answer.citations if c.article_id in (original.id, copy.id)]
    assert cited and len({c.article_id for c in cited}) == 1
    other = copy if cited[0].article_id == original.id else original
    assert [x["article_id"] for x in cited[0].also_in] == [other.id]
    assert cited[0].also_in[0]["source"] == other.source and cited[0].also_in[0]["url"] == other.url
    assert f"also in: {other.source}" in answer.text
    assert any(c["also_in"] for c in answer.to_dict()["citations"])  # in the JSON of ask --json and the API

    # The reprint removed: its original stands alone again, cited without "also in".
    (articles / "yahoo-palo-alto-reprint.txt").unlink()
    hash_bot.ingest(articles)
    assert _by_path(hash_bot)[ORIGINAL] == original.id
    after = hash_bot.ask(QUESTION)
    assert after.citations and all(not c.also_in for c in after.citations)
    assert "also in" not in after.text


def _paragraphs(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    return [" ".join(rng.choice(vocab) for _ in range(40)) + "." for _ in range(n)]


def test_groups_do_not_chain() -> None:
    """B is a cut of A and C is B with more added: A~B and B~C, but C is not a copy of A, so C stays apart."""
    a = _paragraphs(20, 1)
    extra = _paragraphs(3, 2)
    texts = {"a": "\n\n".join(a), "b": "\n\n".join(a[:12]), "c": "\n\n".join(a[:12] + extra)}
    sh = {k: copies.shingles(v) for k, v in texts.items()}
    assert copies.is_copy(sh["a"], sh["b"]) and copies.is_copy(sh["b"], sh["c"]) and not copies.is_copy(sh["a"], sh["c"])
    days = {"a": "2023-10-01", "b": "2023-10-02", "c": "2023-10-03"}
    members = [copies.Member(k, days[k], copies.signature(v)) for k, v in texts.items()]
    groups = copies.group(members, texts.get)
    assert groups == {"a": "a", "b": "a", "c": "c"}
    assert copies.pairs_of(groups) == {frozenset(("a", "b"))}


def test_lookalike_is_not_a_copy() -> None:
    """Two articles sharing most but not nearly all of their text (a round-up updated for another day) are two."""
    base = _paragraphs(10, 3)
    later = base[:8] + _paragraphs(2, 4)  # a fifth of it new: 80% shared
    assert not copies.is_copy(copies.shingles("\n\n".join(base)), copies.shingles("\n\n".join(later)))
    assert copies.signature("") == "" and copies.candidates({"x": "", "y": ""}) == []


def test_an_index_made_before_copies_were_found_gets_them_at_the_next_ingest(hash_bot: Assistant, articles: Path) -> None:
    _reprint(articles)
    hash_bot.ingest(articles)
    store = hash_bot.store
    old = {i: {**r.meta, "minhash": None, "copy_of": None} for i, r in store.records().items()}  # None deletes a key
    store.update_records(old)  # as an index written by an earlier version: no signatures, no groups
    assert all("minhash" not in r.meta for r in store.records().values())
    report = hash_bot.ingest(articles)
    assert report.added == report.updated == report.removed == 0  # nothing re-embedded
    records = store.records()
    assert all(len(r.meta.get("minhash", "")) == 8 * copies.PERMS for r in records.values())
    assert sum(1 for a in hash_bot.articles() if a.copy_group != a.id) == 1


def test_copies_outlets_read_once_each_in_order() -> None:
    from rag.types import Citation, outlets

    copies = (
        {"source": "Yahoo Finance", "title": "A"},
        {"source": "", "title": "Untitled wire story"},
        {"source": "Yahoo Finance", "title": "B"},
    )
    assert outlets(copies) == "Yahoo Finance, Untitled wire story"
    c = Citation(1, "a", "T", "Reuters", "2023-10-01", "p", "", "q", 0, 1, also_in=copies)
    assert c.also_in_outlets == "Yahoo Finance, Untitled wire story"
    assert Citation(1, "a", "T", "Reuters", "2023-10-01", "p", "", "q", 0, 1).also_in_outlets == ""

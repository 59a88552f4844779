"""Gold question sets: read the formats ``byline eval`` accepts, split and sample them.

Formats (detected from the content):

* MultiHop-RAG's ``MultiHopRAG.json``: a list of ``{query, answer, question_type, evidence_list}``;
* the ``gold.jsonl`` layout: one ``{id, question, answer, type, evidence: [{title, source, url, published_at, fact}]}`` per line;
* SQuAD v1.1 JSON (``{"data": [{"title", "paragraphs": [{"context", "qas"}]}]}``): the answer text is the fact,
  and the paragraphs become the articles;
* a simple JSONL of ``{"question", "answer"}`` (optionally ``type``): answer metrics only.

Splits follow the shared convention: ``dev`` = ``id % 5 != 0``, ``test`` = ``id % 5 == 0``.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class GoldItem:
    """One gold question: its answer, type and evidence facts (verbatim article sentences)."""

    id: int
    question: str
    answer: str
    type: str
    facts: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldSet:
    name: str
    items: tuple[GoldItem, ...]
    articles: tuple[tuple[str, str], ...] = ()  # (title, text) for formats that carry their own articles


def load_gold(path: str | Path) -> GoldSet:
    """Read a gold file in any supported format."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such gold file. Pass e.g. ../shared/eval/multihop-rag/gold.jsonl.")
    try:
        text = p.read_text(encoding="utf-8-sig")
        if p.suffix.lower() in (".jsonl", ".ndjson"):
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
            return _from_rows(p.name, rows)
        doc = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: not valid JSON/JSONL ({e}).") from None
    if isinstance(doc, dict) and isinstance(doc.get("data"), list):
        return _from_squad(p.name, doc["data"])
    if isinstance(doc, list):
        return _from_rows(p.name, doc)
    raise InputError(f"{p}: unknown gold format; see `byline eval --help` for the formats.")


def _from_rows(name: str, rows: list[dict]) -> GoldSet:
    items = []
    for i, r in enumerate(rows):
        if not isinstance(r, dict):
            raise InputError(f"{name}: record {i + 1} is not an object.")
        q = r.get("question", r.get("query"))
        if not q or "answer" not in r:
            raise InputError(f"{name}: record {i + 1} needs 'question' (or 'query') and 'answer'.")
        ev = r.get("evidence", r.get("evidence_list")) or []
        items.append(
            GoldItem(
                id=int(r.get("id", i)),
                question=str(q),
                answer=str(r["answer"]),
                type=str(r.get("type", r.get("question_type", "all"))),
                facts=tuple(e["fact"] for e in ev if e.get("fact")),
                urls=tuple(e.get("url", "") for e in ev if e.get("fact")),
                titles=tuple(e.get("title", "") for e in ev if e.get("fact")),
            )
        )
    return GoldSet(name, tuple(items))


def _from_squad(name: str, data: list[dict]) -> GoldSet:
    items: list[GoldItem] = []
    articles: list[tuple[str, str]] = []
    for art in data:
        title = str(art.get("title", "")).replace("_", " ")
        paras = art.get("paragraphs", [])
        articles.append((title, "\n".join(p["context"] for p in paras)))
        for para in paras:
            for qa in para.get("qas", []):
                answers = [a["text"] for a in qa.get("answers", [])]
                if not answers:
                    continue
                items.append(GoldItem(len(items), qa["question"], answers[0], "squad", (answers[0],), (), (title,)))
    return GoldSet(name, tuple(items), tuple(articles))


def select_items(
    gold: GoldSet, split: str = "all", limit: int | None = None, seed: int = 0, kinds: Sequence[str] = ()
) -> list[GoldItem]:
    """The split's items (of ``kinds``, question types, when given); with ``limit``, a sample spread over types in
    proportion, drawn with ``random.Random(seed)``."""
    if split not in ("all", "dev", "test"):
        raise InputError(f"split must be dev, test or all; got {split!r}.")
    wanted = known_kinds(kinds, {it.type for it in gold.items})
    items = [it for it in gold.items if split == "all" or (it.id % 5 == 0) == (split == "test")]
    items = [it for it in items if not wanted or it.type in wanted]
    if limit is None or limit >= len(items):
        return items
    if limit < 1:
        raise InputError(f"limit must be at least 1; got {limit}.")
    counts = Counter(it.type for it in items)
    exact = {t: limit * n / len(items) for t, n in counts.items()}
    quota = {t: int(x) for t, x in exact.items()}
    for t in sorted(exact, key=lambda t: (-(exact[t] - quota[t]), t))[: limit - sum(quota.values())]:
        quota[t] += 1  # largest remainders
    picked: list[GoldItem] = []
    for t in sorted(counts):
        pool = sorted((it for it in items if it.type == t), key=lambda it: it.id)
        picked += random.Random(seed).sample(pool, quota[t])
    return sorted(picked, key=lambda it: it.id)


def known_kinds(kinds: Sequence[str], have: set[str]) -> set[str]:
    """``kinds`` (``byline eval --kind``), each one the gold set has."""
    unknown = [k for k in kinds if k not in have]
    if unknown:
        raise InputError(f"--kind {unknown[0]!r}: the gold set has no such kind; it has {', '.join(sorted(have))}.")
    return set(kinds)

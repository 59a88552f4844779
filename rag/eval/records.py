"""One gold question put to a system (Byline, or the plain llama-index baseline): its :class:`Record`, scored
by the paper's rules, and the ``results.jsonl`` that lets an interrupted ``byline eval`` resume (:class:`Resume`).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .gold import GoldItem
from .metrics import hit_ranks, paper_correct, strict_correct


@dataclass
class Record:
    """One question's result."""

    id: int
    type: str
    question: str
    gold: str
    answer: str = ""
    full: str = ""
    ranks: list[list[int]] = field(default_factory=list)
    n_facts: int = 0
    correct: bool | None = None
    strict: bool | None = None
    abstained: bool | None = None
    citations: int = 0
    valid_citations: int = 0
    answer_citations: int = 0  # the citations on the direct answer's line
    answer_citations_article: int = 0  # ... from one of the question's gold evidence articles
    answer_citations_fact: int = 0  # ... whose quote overlaps a gold evidence fact
    latency_s: float = 0.0
    ttft_s: float = 0.0
    retrieval_s: float = 0.0


def _direct(text: str) -> str:
    line = text.strip().split("\n", 1)[0] if text.strip() else ""
    return re.sub(r"\s*\[\d+\]", "", line).strip()


def run_byline(bot: Any, item: GoldItem, retrieval_only: bool) -> Record:
    rec = Record(item.id, item.type, item.question, item.answer, n_facts=len(item.facts))
    t = time.perf_counter()
    passages = bot.search(item.question, k=10)
    rec.retrieval_s = time.perf_counter() - t
    rec.ranks = hit_ranks(item.facts, [p.text for p in passages]) if item.facts else []
    if retrieval_only:
        return rec
    from ..types import Answer

    t = time.perf_counter()
    answer = None
    for piece in bot.stream(item.question):
        if isinstance(piece, Answer):
            answer = piece
    assert answer is not None
    rec.latency_s = time.perf_counter() - t
    rec.ttft_s = answer.timings.get("first_token_s", 0.0)  # the model's own first token (0 when it did not run)
    rec.full = answer.text
    rec.abstained = answer.abstained
    rec.answer = "Insufficient information." if answer.abstained else _direct(answer.text)
    _score_answer(rec)
    rec.citations = len(answer.citations)
    on_answer = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text.split("\n", 1)[0])}
    for c in answer.citations:
        body = bot.article_text(c.article_id) or ""
        if body[c.start : c.end] != c.quote:
            continue
        gold_article = not item.urls or c.url in item.urls
        fact = any(_overlaps(body, f, c.start, c.end) for f in item.facts)
        rec.valid_citations += gold_article and fact
        if c.n in on_answer:
            rec.answer_citations += 1
            rec.answer_citations_article += gold_article
            rec.answer_citations_fact += gold_article and fact
    return rec


def _overlaps(body: str, fact: str, start: int, end: int) -> bool:
    at = body.find(fact)
    return at >= 0 and at < end and start < at + len(fact)


def _score_answer(rec: Record) -> None:
    rec.correct = paper_correct(rec.answer, rec.gold)
    rec.strict = strict_correct(rec.answer, rec.gold)


def run_baseline(base: Any, llm: Any, item: GoldItem, retrieval_only: bool) -> Record:
    rec = Record(item.id, item.type, item.question, item.answer, n_facts=len(item.facts))
    t = time.perf_counter()
    chunks = base.retrieve(item.question)
    rec.retrieval_s = time.perf_counter() - t
    rec.ranks = hit_ranks(item.facts, chunks) if item.facts else []
    if retrieval_only:
        return rec
    t = time.perf_counter()
    text = ""
    for piece in base.stream_answer(item.question, llm):
        if not text:
            rec.ttft_s = time.perf_counter() - t
        text += piece
    rec.latency_s = time.perf_counter() - t
    rec.full = text
    rec.answer = _direct(text)
    rec.abstained = bool(re.search(r"insufficient|not (?:provided|mentioned)|does not (?:say|mention)", rec.answer, re.I))
    _score_answer(rec)
    return rec


class Resume:
    """Per-question results in ``results.jsonl``, reused only for an identical configuration."""

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.path = out / "results.jsonl"
        self.done: dict[tuple[str, int], Record] = {}
        if self.path.exists():
            lines = self.path.read_text(encoding="utf-8").splitlines()
            if lines and json.loads(lines[0]).get("fingerprint") == fingerprint:
                for line in lines[1:]:
                    try:
                        row = json.loads(line)
                    except ValueError:
                        continue  # a line cut by the interruption
                    system = row.pop("system")
                    self.done[(system, row["id"])] = Record(**row)
            else:
                self.path.replace(out / "results.previous.jsonl")
        if not self.path.exists() or not self.done:
            out.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps({"fingerprint": fingerprint}) + "\n", encoding="utf-8")

    def add(self, system: str, rec: Record) -> None:
        self.done[(system, rec.id)] = rec
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"system": system, **asdict(rec)}, ensure_ascii=False) + "\n")

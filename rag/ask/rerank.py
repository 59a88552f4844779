"""Re-rank retrieved passages by their best sentence.

News questions ask about a claim, and a claim is one sentence: "which company,
reported by TechCrunch, spent billions to stay the default search engine" is
answered by the sentence that says so, not by a chunk that mentions Google,
search and billions in different places.  Fusion scores whole chunks, so
after it the best fused passages (``RetrievalSettings.rerank_pool``) are re-scored
by how much of the question their best sentence covers (IDF-weighted over the
pool, stemmed, the article's title and outlet counting as context, as in
:mod:`rag.ask.evidence`), added to the fused score with weight
``RetrievalSettings.rerank_weight`` (see :mod:`rag.config`).

Chosen on MultiHop-RAG's dev split (500 questions, ``bench/tune_retrieval.py
--rerank``): MRR@10 0.651 -> 0.708, Hits@10 0.920 -> 0.945, evidence
recall@10 0.620 -> 0.639; about 10 ms per question for 30 passages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from ..types import Passage
from .evidence import context_terms, sentence_terms, terms


def rerank(question: str, passages: Sequence[Passage], k: int, weight: float) -> list[Passage]:
    """The ``k`` best of ``passages`` after adding ``weight`` x their best sentence's coverage (0..1) of
    ``question`` to the fused score (about 0..1.5); scores are scaled back by ``1 + weight`` so they stay
    comparable to fused ones."""
    q = terms(question)
    if not q or not passages or weight <= 0:
        return list(passages[:k])
    sents = [tuple(t for _, _, t in sentence_terms(p.text)) or (frozenset(),) for p in passages]
    n = len(passages)
    idf = {t: math.log(1 + n / (1 + sum(1 for ss in sents if any(t in s for s in ss)))) for t in q}
    total = sum(idf.values()) or 1.0
    scored = []
    for p, ss in zip(passages, sents):
        context = context_terms(p.title, p.source)
        best = max(sum(idf[w] for w in q & (s | context)) for s in ss) / total
        scored.append((p.score + weight * best, p))
    scored.sort(key=lambda x: (-x[0], x[1].chunk_id))
    return [replace(p, score=s / (1 + weight)) for s, p in scored[:k]]

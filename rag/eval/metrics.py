"""Scoring functions, exactly as MultiHop-RAG's official scripts define them.

Retrieval (``retrieval_evaluate.py`` in github.com/yixuantt/MultiHop-RAG):
gold facts and retrieved chunk texts are compared after removing every space
and newline (nothing else); a chunk at rank r (1-based, r <= 10) is a hit if
any normalised gold fact is a substring of it.  Null queries are skipped.

* Hits@k: 1 if a hit is in ranks 1..k.
* MRR@10: 1 / rank of the first hit in the top 10, else 0.
* MAP@10 as implemented there (not textbook AP): for each hit chunk at rank r,
  ``new_r`` = gold facts in it not matched by a higher chunk; AP =
  ``sum(new_r / r) / min(len(facts), 10)``.
* Evidence recall@10 (ours, for multi-hop): share of a query's gold facts
  found in the top 10.

Answers (``qa_evaluate.py``): if the response contains "The answer", it is
replaced by the first group of ``The answer to the question is "(.*?)"`` when
that matches; then response and gold are lower-cased and split on whitespace,
and the response is correct if the two word sets share at least one word.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence


def _norm(s: str) -> str:
    return s.replace(" ", "").replace("\n", "")


def hit_ranks(facts: Sequence[str], chunks: Sequence[str], k: int = 10) -> list[list[int]]:
    """For each of the top-``k`` chunks, the indexes of the gold facts it contains."""
    nf = [_norm(f) for f in facts]
    return [[i for i, f in enumerate(nf) if f in _norm(c)] for c in chunks[:k]]


def hits_at(ranks: Sequence[Sequence[int]], k: int) -> float:
    return 1.0 if any(r for r in ranks[:k]) else 0.0


def mrr_at(ranks: Sequence[Sequence[int]], k: int = 10) -> float:
    for r, found in enumerate(ranks[:k], 1):
        if found:
            return 1.0 / r
    return 0.0


def map_at(ranks: Sequence[Sequence[int]], n_facts: int, k: int = 10) -> float:
    """MAP@k as the official script computes it (see the module docstring)."""
    if n_facts == 0:
        return 0.0
    seen: set[int] = set()
    total = 0.0
    for r, found in enumerate(ranks[:k], 1):
        new = [i for i in found if i not in seen]
        if new:
            total += len(new) / r
            seen.update(new)
    return total / min(n_facts, k)


def evidence_recall(ranks: Sequence[Sequence[int]], n_facts: int, k: int = 10) -> float:
    if n_facts == 0:
        return 0.0
    return len({i for found in ranks[:k] for i in found}) / n_facts


def paper_correct(response: str, gold: str) -> bool:
    """The paper's rule: any shared lower-cased whitespace-separated word."""
    if "The answer" in response:
        m = re.search(r'The answer to the question is "(.*?)"', response)
        if m:
            response = m.group(1)
    return bool(set(response.lower().split()) & set(gold.lower().split()))


_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalise(s: str) -> str:
    """SQuAD-style normalisation: lower case, no punctuation or articles, single spaces."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation) | {"‘", "’", "“", "”"})
    return " ".join(_ARTICLES.sub(" ", s).split())


def strict_correct(response: str, gold: str) -> bool:
    """Stricter: the normalised gold answer equals the response or appears in it as whole words,
    and a yes/no gold must match the response's first word."""
    r, g = normalise(response), normalise(gold)
    if not g:
        return False
    if g in ("yes", "no"):
        return r.split()[:1] == [g]
    if g.startswith("insufficient"):
        return r.startswith("insufficient")
    return r == g or f" {g} " in f" {r} "

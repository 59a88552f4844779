"""Choose the sentences an answer rests on.

The 1.5B local model reads about 85 tokens a second, so it gets the few
sentences that matter, not whole chunks.  Each retrieved passage is split into
sentences (offsets into the article kept); every sentence is scored by how much
of the question's content it covers (IDF-weighted, stemmed), with its article's
title and outlet counted as context and a small prior from the passage's
retrieval score.  Sentences that read as instructions to an AI are never
chosen (:mod:`rag.ask.guard`).  The same scores decide whether the articles support an
answer at all (:func:`support`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..ingest.chunk import sentences
from ..types import Passage
from .guard import is_instruction

_WORD = re.compile(r"[\w][\w'’.-]*\w|\w")


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, with its article offsets and score."""

    passage: Passage
    start: int
    end: int
    text: str
    score: float
    coverage: float


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    try:
        from bm25s.stopwords import STOPWORDS_EN

        words = set(STOPWORDS_EN)
    except ImportError:  # pragma: no cover
        words = set()
    # Function words and the vocabulary of questions about news ("which article reported ...").
    words |= set(
        "from to in on of the a an and or for with by at did does do which what who whom how many much "
        "according article report reported news say said says mentioned also both".split()
    )
    # Adverbs that stress a question, not its content: rare in news, so a sentence that happens to hold one would
    # outweigh the one that answers ("how many people were actually using it?").
    words |= set("actually really exactly basically literally precisely ever just even still quite very".split())
    return frozenset(words)


def words(text: str, parts: bool = False) -> list[str]:
    """Stemmed, lower-cased content words of ``text``, in order; with ``parts``, each hyphenated word followed by
    its parts ("bankman-fri", "bankman", "fri")."""
    stop = _stopwords()
    found = [w.lower().strip(".'’-") for w in _WORD.findall(text)]
    found = [w.replace("’", "'").removesuffix("'s") for w in found if w and w not in stop]
    if parts:
        found = [x for w in found for x in (w, *(p for p in w.split("-") if "-" in w and len(p) > 1 and p.isalpha()))]
    return list(_stemmer().stemWords([w for w in found if w not in stop]))


def terms(text: str) -> set[str]:
    """Stemmed, lower-cased content words of ``text``."""
    return set(words(text))


@lru_cache(maxsize=8192)
def part_terms(text: str) -> frozenset[str]:
    """:func:`terms` with a hyphenated word's parts too: a story's subject, which the question analysis gives in
    spaCy's tokens ("Sam Bankman Fried trial"), is named by a sentence's "Bankman-Fried".  Cached: a story timeline
    reads each sentence twice (:func:`rag.news.story.sentences`, then :mod:`rag.news.timeline`) and each title once
    per sentence."""
    return frozenset(words(text, parts=True))


@lru_cache(maxsize=8192)
def sentence_terms(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """Each sentence of ``text`` as (start, end, its terms).  Cached: re-ranking (rag/ask/rerank.py) and
    evidence selection read the same passages for each question."""
    return tuple((s, e, frozenset(terms(text[s:e]))) for s, e in sentences(text))


@lru_cache(maxsize=4096)
def context_terms(title: str, source: str) -> frozenset[str]:
    """Terms of an article's title and outlet, which count towards each of its sentences."""
    return frozenset(terms(f"{title} {source}"))


_NUM = re.compile(r"\d")
_CAPWORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
WHEN = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b(?:19|20)\d{2}\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)


def fits(sentence: str, wants: str, question: str = "") -> bool:
    """Whether ``sentence`` holds the kind of thing the answer must be (a name, a number, a date)."""
    if wants == "number":
        return bool(set(re.findall(r"\d[\d,.]*", sentence)) - set(re.findall(r"\d[\d,.]*", question)))
    if wants == "date":
        return bool(WHEN.search(sentence))
    if wants in ("name", "place"):
        asked = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}
        return any(w.lower() not in asked for w in _CAPWORD.findall(sentence))
    return False


def select(
    question: str,
    passages: Sequence[Passage],
    limit: int = 6,
    max_chars: int = 1000,
    wants: str = "",
    fit_bonus: float = 0.0,
    similarity: Callable[[list[str]], list[float]] | None = None,
    semantic: float = 0.0,
    stress: str = "",
) -> list[Evidence]:
    """Up to ``limit`` sentences (within ``max_chars``) that together cover ``question`` best, best first.
    A sentence holding the kind of thing the answer must be (``wants``, see :func:`fits`) gains ``fit_bonus``,
    and ``semantic`` times its embedding similarity to the question when ``similarity`` is given.  The words of
    ``stress`` (a follow-up's own, beside those of the question it follows) count twice."""
    q = terms(question)
    stressed = terms(stress) & q
    cands: list[tuple[Passage, int, int, str, frozenset[str]]] = []
    seen: set[tuple[str, int]] = set()
    for p in passages:
        context = context_terms(p.title, p.source)
        for s, e, sent_terms in sentence_terms(p.text):
            key = (p.article_id, p.start + s)
            if key in seen:
                continue
            seen.add(key)
            sent = p.text[s:e]
            if is_instruction(sent):
                continue  # text addressed to an AI, not news: never evidence (rag/ask/guard.py)
            cands.append((p, p.start + s, p.start + e, sent, sent_terms | context))
    if not cands or not q:
        return []
    n = len(cands)
    idf = {t: math.log(1 + n / (1 + sum(1 for c in cands if t in c[4]))) * (2 if t in stressed else 1) for t in q}
    total = sum(idf.values())
    pool = []
    sims = similarity([c[3] for c in cands]) if similarity is not None and semantic else [0.0] * len(cands)
    for (p, s, e, sent, t), sim in zip(cands, sims):
        cov = sum(idf[w] for w in q & t) / total
        bonus = fit_bonus if wants and fit_bonus and fits(sent, wants, question) else 0.0
        bonus += semantic * sim
        pool.append((Evidence(p, s, e, sent, score=cov + 0.15 * p.score + bonus, coverage=cov), q & t))
    # Greedy: each pick adds what it newly covers of the question, so the
    # sentences together cover its parts (hops) instead of repeating one.
    out: list[Evidence] = []
    covered: set[str] = set()
    seen_text: set[str] = set()
    used = 0
    while pool and len(out) < limit:
        gain = [ev.score + 0.5 * sum(idf[w] for w in hit - covered) / total for ev, hit in pool]
        best = max(range(len(pool)), key=lambda i: (gain[i], -pool[i][0].start))
        ev, hit = pool.pop(best)
        norm = " ".join(ev.text.lower().split())
        if norm in seen_text or (used + len(ev.text) > max_chars and out):
            continue
        seen_text.add(norm)
        out.append(ev)
        covered |= hit
        used += len(ev.text)
    return out


# Words of a comparison's form, not its content: "Which is bigger, Talon's funding or Dig's?" is about the funding.
COMPARATIVES = frozenset(
    "more less bigger larger higher lower better worse much many greater smaller cheaper pricier costlier older younger "
    "longer shorter faster slower".split()
)


def without_comparatives(question: str) -> str:
    """``question`` without the words that only make it a comparison."""
    return " ".join(w for w in question.split() if w.lower().strip(",.?!;:") not in COMPARATIVES)


def support(question: str, evidence: Sequence[Evidence], in_article_order: bool = False) -> float:
    """Share of the question's content the top evidence covers together, 0..1: its first three sentences, or
    ``in_article_order`` (a long answer's sentences, :func:`rag.ask.gather.gather`) its three best."""
    q = terms(question)
    if not q or not evidence:
        return 0.0
    covered: set[str] = set()
    for ev in sorted(evidence, key=lambda ev: -ev.score)[:3] if in_article_order else evidence[:3]:
        covered |= terms(ev.text) | terms(f"{ev.passage.title} {ev.passage.source}")
    # Unweighted here: a word never seen in the articles counts fully against support.
    return len(q & covered) / len(q)

"""Syndicated and near-duplicate copies: one story printed by several outlets.

A wire story is republished under other headlines, with another outlet's boilerplate, a paragraph
trimmed or added.  Such copies are kept (each outlet's article stays indexed and listed) but count as
one source: retrieval keeps the best copy's passages and gives the others' places to other articles,
and a citation of a grouped article names the other copies (``also_in``).

How copies are found: each article's text as word 5-gram shingles; a MinHash signature of them is
kept in its record (:func:`signature`), and after every write to the index (:func:`regroup`) the
signatures are banded to find candidate pairs, which are then compared exactly.  Two articles are
copies when almost all of the shorter one's shingles are in the longer one (containment) and they are
of similar length (Jaccard): a trimmed or padded copy passes; two deal round-ups of one retailer on
different days, which share most of their phrases but not all, do not (measured in
``bench/copies.py``; docs/benchmarks.md).

Groups do not chain: the earliest published article of a group leads it, and an article joins a
group only when it is a copy of the leader itself (A~B and B~C do not put A and C together).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

SHINGLE = 5  # words per shingle
PERMS = 64  # MinHash values per signature
ROWS = 2  # values per LSH band: 32 bands find pairs of Jaccard 0.5 with probability > 0.9999
MIN_CONTAINMENT = 0.85  # of the shorter article's shingles found in the longer one
MIN_JACCARD = 0.45  # shared / all shingles: the shorter article is at least about half the longer one
_PRIME = (1 << 31) - 1  # a*h stays below 2**62: no uint64 overflow, and the modulus mixes
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _params():  # type: ignore[no-untyped-def]
    import numpy as np

    rng = np.random.default_rng(20231201)
    a = rng.integers(1, _PRIME, size=PERMS, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=PERMS, dtype=np.uint64)
    return a, b


def shingles(text: str) -> set[str]:
    """The article's word 5-grams, lower-cased, punctuation and spacing ignored."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> str:
    """The MinHash signature of ``text``'s shingles as hex (kept in the article's record), "" for no text."""
    import numpy as np

    found = shingles(text)
    if not found:
        return ""
    a, b = _params()
    h = np.fromiter((zlib.crc32(s.encode()) % _PRIME for s in found), dtype=np.uint64, count=len(found))
    mins = ((np.outer(h, a) + b) % _PRIME).min(axis=0)
    return "".join(f"{int(x):08x}" for x in mins)


def _values(sig: str) -> tuple[int, ...]:
    return tuple(int(sig[i : i + 8], 16) for i in range(0, len(sig), 8))


def similar(a: set[str], b: set[str]) -> tuple[float, float]:
    """(containment of the smaller set in the larger, Jaccard) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)), shared / len(a | b)


def is_copy(a: set[str], b: set[str]) -> bool:
    """Whether two articles' shingle sets are one story's copies (see the module docstring)."""
    contained, jaccard = similar(a, b)
    return contained >= MIN_CONTAINMENT and jaccard >= MIN_JACCARD


def candidates(signatures: Mapping[str, str], min_estimate: float = 0.3) -> list[tuple[str, str]]:
    """Pairs of ids whose signatures share a band and agree on at least ``min_estimate`` of their values."""
    vals = {k: _values(s) for k, s in signatures.items() if len(s) == 8 * PERMS}
    buckets: dict[tuple[int, tuple[int, ...]], list[str]] = {}
    for k, v in vals.items():
        for band in range(0, PERMS, ROWS):
            buckets.setdefault((band, v[band : band + ROWS]), []).append(k)
    pairs: set[tuple[str, str]] = set()
    for ids in buckets.values():
        if len(ids) < 2:
            continue
        ids = sorted(ids)
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                pairs.add((x, y))
    out = []
    for x, y in sorted(pairs):
        same = sum(p == q for p, q in zip(vals[x], vals[y])) / PERMS
        if same >= min_estimate:
            out.append((x, y))
    return out


@dataclass(frozen=True)
class Member:
    """What grouping needs to know of an article."""

    id: str
    published: str
    signature: str


def group(members: Sequence[Member], text: Callable[[str], str | None]) -> dict[str, str]:
    """Each article's group: the id of its group's leader (its own id when it has no copy).  ``text`` gives an
    article's text, read only for the candidate pairs."""
    cache: dict[str, set[str]] = {}

    def sh(i: str) -> set[str]:
        if i not in cache:
            cache[i] = shingles(text(i) or "")
        return cache[i]

    pairs = candidates({m.id: m.signature for m in members})
    partners: dict[str, set[str]] = {}
    for x, y in pairs:
        if is_copy(sh(x), sh(y)):
            partners.setdefault(x, set()).add(y)
            partners.setdefault(y, set()).add(x)
    order = sorted(members, key=lambda m: (m.published or "9999", m.id))
    out: dict[str, str] = {}
    leaders: list[str] = []
    for m in order:
        mine = partners.get(m.id, set())
        lead = next((x for x in leaders if x in mine), None)  # a copy of a leader itself, never of a member
        if lead is None:
            leaders.append(m.id)
            lead = m.id
        out[m.id] = lead
    return out


def members_of(groups: Mapping[str, str]) -> dict[str, list[str]]:
    """Leader id -> the ids of its group (leader first), for groups of two or more."""
    out: dict[str, list[str]] = {}
    for i, lead in groups.items():
        out.setdefault(lead, []).append(i)
    return {k: sorted(v, key=lambda x: (x != k, x)) for k, v in out.items() if len(v) > 1}


def pairs_of(groups: Mapping[str, str]) -> set[frozenset[str]]:
    """The article pairs that share a group (what copy detection is scored on)."""
    out: set[frozenset[str]] = set()
    for ids in members_of(groups).values():
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                out.add(frozenset((x, y)))
    return out


_NUMBER = re.compile(r"\d[\d,.]*")


def _sentences(text: str) -> list[str]:
    from ..ingest.chunk import sentences

    return [" ".join(text[s:e].split()) for s, e in sentences(text)]


def restates(passage: str, chosen: str) -> bool:
    """Whether a copy's ``passage`` says nothing the ``chosen`` copy's text says otherwise: none of its sentences is
    one of ``chosen``'s with a figure changed ("$3 million" where the other copy has "$5 million").  A copy that
    changes a figure disagrees, and the disagreement is news (rag/ask/conflict.py), so its passage is kept."""
    theirs = _sentences(chosen)
    have = set(theirs)
    for sent in _sentences(passage):
        if sent in have or not _NUMBER.search(sent):
            continue
        words = set(sent.lower().split())
        for other in theirs:
            shared = len(words & set(other.lower().split())) / max(len(words), 1)
            if shared >= 0.7 and set(_NUMBER.findall(sent)) != set(_NUMBER.findall(other)):
                return False
    return True


def keep_one(
    items: Iterable[tuple[str, str, T]], groups: Mapping[str, str], text: Callable[[str], str | None] | None = None
) -> list[T]:
    """``items`` ((article id, passage text, item), best first) without those of a copy whose group already has
    an article among the earlier items: a group counts as one source.  With ``text`` (an article's text), a
    copy's passage that changes a figure of the chosen copy is kept (see :func:`restates`)."""
    chosen: dict[str, str] = {}
    bodies: dict[str, str] = {}
    out: list[T] = []
    for article_id, passage, item in items:
        g = groups.get(article_id, article_id)
        first = chosen.setdefault(g, article_id)
        if first != article_id and text is not None and first not in bodies:
            bodies[first] = text(first) or ""
        if first == article_id or (text is not None and not restates(passage, bodies[first])):
            out.append(item)
    return out

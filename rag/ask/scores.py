"""Arrays of retrieval scores: the best rows (:func:`top`, :func:`best`), scores scaled to 0..1 (:func:`scale`),
dot products that stay on one thread (:func:`dot`), and rows grouped by a key (:func:`group`, :func:`grouped_rows`)."""

from __future__ import annotations

from typing import Any

import numpy as np


def group(corpus: list[dict[str, Any]], key: Any) -> dict[str, np.ndarray]:
    """Row numbers of the keyword corpus, grouped by ``key(entry)``."""
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(corpus):
        groups.setdefault(key(c), []).append(i)
    return {k: np.array(rows) for k, rows in groups.items()}


def top(scores: np.ndarray, n: int) -> list[int]:
    """Positions of the ``n`` highest ``scores``: the same set as a full ``argsort``, found by a partial sort.

    When scores tie across the cut, the full sort decides which of them make it, as before."""
    if scores.size <= n:
        return [int(i) for i in np.argsort(-scores)]
    part = np.argpartition(-scores, n - 1)[:n]
    cut = scores[part].min()
    if np.count_nonzero(scores >= cut) > n:  # a tie straddles the cut
        return [int(i) for i in np.argsort(-scores)[:n]]
    return [int(i) for i in part]


def dot(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``matrix @ q`` on this thread.  numpy's ``@`` calls multithreaded OpenBLAS, whose threads spin after each
    call: on 2 busy cores a 10k x 384 product took 22 ms that way and 0.6 ms with ``einsum``, and the spinning
    slowed the Chroma and encoder calls that followed."""
    return np.einsum("ij,j->i", matrix, q)


def grouped_rows(n: int, sources: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
    """An order of the ``n`` corpus rows with each outlet's rows together (outlets sorted, then rows without
    one), and each outlet's slice of that order."""
    parts, blocks, lo = [], {}, 0
    for s in sorted(sources):
        parts.append(sources[s])
        blocks[s] = (lo, lo + len(sources[s]))
        lo += len(sources[s])
    seen = np.zeros(n, dtype=bool)
    for p in parts:
        seen[p] = True
    parts.append(np.flatnonzero(~seen))
    return np.concatenate(parts).astype(np.int64), blocks


def best(rows: np.ndarray, scores: np.ndarray, n: int) -> list[int]:
    """The ``n`` rows among ``rows`` with the highest ``scores``."""
    return [int(rows[i]) for i in top(scores[rows], n)]


def scale(x: np.ndarray) -> np.ndarray:
    """Min-max scale to [0, 1]; a constant vector scales to 0."""
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi - lo > 1e-12 else np.zeros_like(x)

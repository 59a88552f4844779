"""Split cleaned article text into sentences and sentence-aligned chunks.

Every sentence and chunk carries ``start``/``end`` character offsets into the
cleaned text, so ``text[start:end]`` is always the exact span.  Chunks hold
whole sentences (about ``chunk_tokens`` tokens, counted with the same tiktoken
encoding llama-index's ``SentenceSplitter`` uses), neighbouring chunks share
``overlap`` sentences, and a sentence longer than a chunk is cut at spaces.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache

from ..types import Article, Chunk

_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "gen",
    "gov",
    "sen",
    "rep",
    "lt",
    "col",
    "capt",
    "sgt",
    "inc",
    "ltd",
    "co",
    "corp",
    "vs",
    "no",
    "nos",
    "fig",
    "approx",
    "est",
    "dept",
    "univ",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "etc",
    "al",
    "mt",
    "ft",
    "sq",
    "rev",
    "hon",
    "pres",
    "adm",
    "maj",
}
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
# A lazy-loading widget's label left in the text between two sentences ("... father of three. Loading For instance,
# ..."; 45 times in 27 articles of the MultiHop-RAG corpus): a span of its own, so no sentence opens with it.
_PLACEHOLDER = re.compile(r"Loading(?=\s+[\"“‘(]?[A-Z])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``; line breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base, s = line.start(), line.group()
        start = 0
        for m in _BOUNDARY.finditer(s):
            end = m.end()
            if m.group() == "." and _is_abbreviation(s[start : m.start() + 1]):
                continue
            _add(spans, s, base, start, end)
            start = end
        _add(spans, s, base, start, len(s))
    return [x for span in spans for x in _placeholder_apart(text, *span)]


def _placeholder_apart(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence span with a leading :data:`_PLACEHOLDER` as two spans: the label, then the sentence."""
    m = _PLACEHOLDER.match(text, start, end)
    if not m:
        return [(start, end)]
    rest = m.end()
    while rest < end and text[rest].isspace():
        rest += 1
    return [(start, m.end()), (rest, end)]


def _is_abbreviation(upto_period: str) -> bool:
    m = _WORD_BEFORE.search(upto_period)
    if not m:
        return False
    word = m.group(1).lower()
    return word in _ABBREV or len(word) == 1 or (len(word) <= 4 and "." in word)


def _add(spans: list[tuple[int, int]], s: str, base: int, start: int, end: int) -> None:
    while start < end and s[start].isspace():
        start += 1
    while end > start and s[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((base + start, base + end))


@lru_cache(maxsize=1)
def token_counter() -> Callable[[str], int]:
    """Token count as llama-index counts it (tiktoken cl100k), or a close estimate offline."""
    try:
        from llama_index.core.utils import get_tokenizer

        enc = get_tokenizer()
        enc("warm up")
        return lambda t: len(enc(t))
    except Exception:  # pragma: no cover - tokenizer data unavailable
        return lambda t: max(1, int(len(t) / 3.6))


def settings_key(chunk_tokens: int, overlap: int) -> str:
    """What an index records of the settings its chunks were made with ("256/1/c2": tokens, overlap, and the
    version of the cleaning rules, :data:`rag.ingest.clean.VERSION`)."""
    from .clean import VERSION

    return f"{chunk_tokens}/{overlap}/c{VERSION}"


def same_split(old: str, new: str) -> bool:
    """Whether two settings keys split a text the same way (only the cleaning version may differ): an article
    whose cleaned text did not change under new cleaning rules keeps its chunks."""
    return old.split("/")[:2] == new.split("/")[:2]


def chunk(article: Article, chunk_tokens: int = 256, overlap: int = 1) -> list[Chunk]:
    """Sentence-aligned chunks of ``article.text`` with offsets; see the module docstring."""
    count = token_counter()
    text = article.text
    units: list[tuple[int, int, int]] = []  # (start, end, tokens)
    for start, end in sentences(text):
        n = count(text[start:end])
        if n <= chunk_tokens:
            units.append((start, end, n))
        else:
            units.extend(_split_long(text, start, end, chunk_tokens, count))
    chunks: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (j == i or total + units[j][2] + 1 <= chunk_tokens):
            total += units[j][2] + (j > i)  # one token for the separator
            j += 1
        while j - 1 > i and count(text[units[i][0] : units[j - 1][1]]) > chunk_tokens:
            j -= 1  # rare: tokens merged across a sentence boundary
        chunks.append((units[i][0], units[j - 1][1]))
        if j >= len(units):
            break
        back = min(overlap, j - i - 1)
        # Overlap only while it stays well under half a chunk.
        while back > 0 and sum(u[2] for u in units[j - back : j]) > chunk_tokens // 2:
            back -= 1
        i = j - back
    return [
        Chunk(
            id=_chunk_id(article, s, e),
            article_id=article.id,
            index=n,
            start=s,
            end=e,
            text=text[s:e],
        )
        for n, (s, e) in enumerate(chunks)
    ]


def _split_long(text: str, start: int, end: int, limit: int, count: Callable[[str], int]) -> list[tuple[int, int, int]]:
    pieces: list[tuple[int, int, int]] = []
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    i = 0
    while i < len(words):
        j = i + 1
        lo = i + 1
        # Grow greedily in steps, checking the real token count.
        while j < len(words) and count(text[words[i][0] : words[j][1]]) <= limit:
            lo = j + 1
            j += 1
        j = max(lo, i + 1)
        s, e = words[i][0], words[j - 1][1]
        pieces.append((s, e, count(text[s:e])))
        i = j
    return pieces


def _chunk_id(article: Article, start: int, end: int) -> str:
    key = f"{article.id}|{article.content_hash}|{start}|{end}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24]

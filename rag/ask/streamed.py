"""A model's streamed reply, sentence by sentence, each checked against the evidence it cites.

:func:`sentences_of` yields each sentence (or list line) as soon as it ends, its source markers with it;
:func:`checked` keeps a sentence with the evidence that supports it (:func:`rag.ask.verify.recite`: its own
markers, or other sentences that do), and drops one that nothing supports, so that only checked sentences reach
the screen.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Sequence

from .cite import Line
from .evidence import Evidence, terms
from .replies import clean_sentence, is_abstention
from .verify import recite

REPEAT = 0.8  # share of a line's terms an earlier line has that makes it a repeat

_MARKERS = re.compile(r"\s*\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]")
_ABBREV = re.compile(r"\b(?:Bros|Inc|Corp|Co|Ltd|Jr|Sr|vs|No|Gen|Gov|Sen|Rep|Lt|Col|Sgt)\.$")
_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“A-Z0-9])|\n+")


def sentences_of(pieces: Iterator[str], listing: bool) -> Generator[str, None, None]:
    """Complete sentences (or list lines) from streamed text, each as soon as it ends."""
    buf = ""
    for piece in pieces:
        buf += piece
        while True:
            m = re.search(r"\n+", buf) if listing else _after_markers(buf)
            if m is None:
                break
            head, buf = buf[: m.start()], buf[m.end() :]
            if head.strip():
                yield head.strip()
    tail = buf.strip()
    if tail and re.search(r"[.!?\]\"”)]$", tail):  # a sentence cut off by the length limit is not kept
        yield tail


def first_sentence(text: str) -> str:
    """``text`` to the end of its first sentence and the source markers after it; "" when no sentence of it ends
    (the length limit cut it off: "... if it's not a complete d")."""
    m = _after_markers(text)
    if m:
        return text[: m.start()] + m.group(0).strip()
    return text if re.search(r"[.!?\"”)\]]$", text.strip()) else ""


def _after_markers(buf: str) -> re.Match[str] | None:
    """The break after a sentence: its end mark and any source markers that follow it (not after "Bros." or "U.S.")."""
    from ..ingest.chunk import _is_abbreviation

    for m in _END.finditer(buf):
        rest = buf[m.end() :]
        if rest.startswith("[") or not rest:  # markers may follow the full stop: wait for them
            continue
        if buf[m.start() - 1 : m.start()] == "." and (_is_abbreviation(buf[: m.start()]) or _ABBREV.search(buf[: m.start()])):
            continue
        return m
    return re.search(r"\]\s+(?=[\"“A-Z])", buf)


def checked_sentences(pieces: Iterator[str], evidence: Sequence[Evidence], outlets: Sequence[str], limit: int) -> list[Line]:
    """Up to ``limit`` checked sentences of a streamed reply (see :func:`checked`)."""
    out: list[Line] = []
    for line in checked(sentences_of(pieces, False), "answer", evidence, outlets, distinct=False):
        out.append(line)
        if len(out) >= limit:
            break
    return out


def checked(
    sentences: Iterator[str], role: str, evidence: Sequence[Evidence], outlets: Sequence[str], distinct: bool = True
) -> Iterator[Line]:
    """Each sentence with the evidence that supports it, or nothing when nothing does; with ``distinct``, a line that
    says again what an earlier one said (:data:`REPEAT` of its content words) is left out (not a comparison's sides:
    "TechCrunch reported ..." and "The Verge reported ..." the same thing is what was asked)."""
    seen: set[str] = set()
    said: list[set[str]] = []  # the terms of each line yielded
    for raw in sentences:
        text = raw.lstrip("-•* ").strip()
        refs = [int(n) - 1 for m in _MARKERS.finditer(text) for n in re.split(r"\s*,\s*", m.group(1))]
        text = _MARKERS.sub("", text)
        text = re.sub(r"\s*\[\d*[.,]?\s*$|\s*\[\d+\.(?=\s)", "", text).strip()  # a broken marker: "[2." or "["
        if role == "answer":
            if text.endswith(":"):
                continue  # a lead-in to what the model did not go on to write ("... due to several factors:")
            text = clean_sentence(text)
            if text.count('"') % 2 and text.endswith((".", "!", "?")):
                text += '"'  # a quotation the sentence break cut: 'Warren said "Green bubble texts are less secure.'
        if len(text.split()) < 3 and role == "answer" or is_abstention(text) and len(text.split()) < 8:
            continue
        key = text.lower()
        own = terms(text)
        if key in seen or distinct and own and any(len(own & t) >= REPEAT * len(own) for t in said):
            continue  # a line said already, or said again in fewer words ("... a responsibility for the safety of users")
        seen.add(key)
        support = recite(text, evidence, refs, outlets)
        if support:
            said.append(own)
            yield Line(text, support, role)

"""Turn ``[k]`` markers that point at evidence sentences into checked citations.

Markers in a draft answer refer to positions in the evidence list (1-based).
On a quoted evidence line (``- outlet: "sentence" [k]``, as
:func:`rag.answer.compose` writes them) only the run of markers that ends the
line is Byline's: a marker inside the quote is the article's own text (an
article may carry a fake "[3]") and stays as it is.
:func:`resolve` renumbers the markers 1, 2, 3 in order of first use, drops
markers that point at nothing, and keeps a citation only if its quote is
verbatim in the article at ``start:end``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .evidence import Evidence
from .types import Citation

MARKER = re.compile(r"\[(\d{1,3})\]")
_TRAILING = re.compile(r"((?:[ \t]*\[\d{1,3}\])+)[ \t]*$")


def resolve(
    draft: str, evidence: Sequence[Evidence], article_text: Callable[[str], str | None]
) -> tuple[str, tuple[Citation, ...]]:
    """Renumber and verify the markers in ``draft``; see the module docstring."""
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    texts: dict[str, str | None] = {}

    def valid(k: int) -> bool:
        if not 1 <= k <= len(evidence):
            return False
        ev = evidence[k - 1]
        aid = ev.passage.article_id
        if aid not in texts:
            texts[aid] = article_text(aid)
        body = texts[aid]
        return body is not None and body[ev.start : ev.end] == ev.text

    def replace(m: re.Match[str]) -> str:
        k = int(m.group(1))
        if k not in numbers:
            if not valid(k):
                return "\x00"  # dropped, with the space before it (below)
            numbers[k] = len(numbers) + 1
            ev = evidence[k - 1]
            p = ev.passage
            citations.append(
                Citation(
                    n=numbers[k],
                    article_id=p.article_id,
                    title=p.title,
                    source=p.source,
                    published=p.published,
                    path=p.path,
                    url=p.url,
                    quote=ev.text,
                    start=ev.start,
                    end=ev.end,
                )
            )
        return f"[{numbers[k]}]"

    def line(text: str) -> str:
        m = _TRAILING.search(text)
        if not text.startswith("- ") or m is None:
            return MARKER.sub(replace, text)
        return text[: m.start()] + MARKER.sub(replace, m.group(1))  # the quote is kept verbatim

    text = "\n".join(line(x) for x in draft.split("\n"))
    text = re.sub(r"(\[\d+\])(?:\1)+", r"\1", text)  # [1][1] -> [1]
    text = re.sub(r"[ \t]*\x00", "", text)
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    return text, tuple(citations)

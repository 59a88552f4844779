"""An answer as data until it is shown: a :class:`Draft` of lines, each with the evidence it rests on.

The answer stage builds the draft once; later steps (disagreement notes, see
:mod:`rag.ask.conflict`) transform it as data; :func:`render` numbers the evidence each
line cites 1, 2, 3 in order of first use, checks that every cited quote is still the
article's own text at its offsets, and writes the text with ``[n]`` markers.  No step
parses marker strings.

A line's ``role`` says what it is: ``answer`` (the answer's own words), ``bullet`` (a
timeline event or a list item, also the answer's own words), ``quote`` (an evidence
sentence quoted verbatim under the answer, with its outlet and date), ``note`` (what Byline says about the
answer, not from the articles: "As of November 22, 2023, according to The Verge.").  An ``answer`` line that
is an evidence sentence told as part of the answer (``told``: the sentence, or the clauses of it around the
answer) is shown after its outlet and date, as a quote is: "CNN, 2023-10-18: Jordan was opposed by 22 ... [1]".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..types import AnswerLine, Citation, outlets, page_of
from .evidence import Evidence

ROLES = ("answer", "bullet", "quote", "note")


@dataclass(frozen=True)
class Line:
    """One line of a draft answer: its text (no markers) and the evidence sentences (0-based) it cites.

    ``parts`` splits a line whose pieces cite different sentences ("150 [1] (Sky News) vs 180 [2] (Wire)"):
    each piece's markers follow it; ``text`` and ``refs`` are then the whole line's."""

    text: str
    refs: tuple[int, ...] = ()
    role: str = "answer"
    parts: tuple[tuple[str, tuple[int, ...]], ...] = ()
    told: bool = False  # the text is (cut from) the sentence it cites: shown after that sentence's label

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}; got {self.role!r}")

    @classmethod
    def joined(cls, parts: Sequence[tuple[str, Sequence[int]]], role: str = "answer") -> Line:
        """A line made of pieces, each cited to its own sentences."""
        ps = tuple((t, tuple(r)) for t, r in parts)
        refs = tuple(dict.fromkeys(k for _, r in ps for k in r))
        return cls("".join(t for t, _ in ps), refs, role, ps)


@dataclass(frozen=True)
class Draft:
    """The lines of an answer over one evidence list."""

    lines: tuple[Line, ...]
    evidence: tuple[Evidence, ...]

    @property
    def direct(self) -> str:
        return self.lines[0].text if self.lines else ""

    def with_lines(self, lines: Sequence[Line]) -> Draft:
        return replace(self, lines=tuple(lines))


@dataclass(frozen=True)
class Rendered:
    """A draft as shown: text with markers, the citations, each line's citation numbers,
    and the number each cited evidence sentence got."""

    text: str
    citations: tuple[Citation, ...]
    lines: tuple[AnswerLine, ...]
    numbers: dict[int, int]


def who(ev: Evidence) -> str:
    """ "Outlet, YYYY-MM-DD" for an evidence sentence (its title when it has neither)."""
    p = ev.passage
    label = ", ".join(x for x in (p.source, p.published[:10]) if x) or p.title
    page = page_of(p.pages, ev.start)
    return f"{label}, p. {page}" if page else label


def quote(evidence: Sequence[Evidence], i: int) -> Line:
    """A line quoting ``evidence[i]`` verbatim, cited to itself."""
    return Line(evidence[i].text, (i,), "quote")


def citation(
    ev: Evidence,
    n: int,
    bodies: dict[str, str | None],
    article_text: Callable[[str], str | None],
    also_in: tuple[dict[str, str], ...] = (),
) -> Citation | None:
    """Citation ``n`` of an evidence sentence, or None when its article no longer holds it at its offsets.
    ``bodies`` caches the articles' text across calls."""
    p = ev.passage
    if p.article_id not in bodies:
        bodies[p.article_id] = article_text(p.article_id)
    body = bodies[p.article_id]
    if body is None or body[ev.start : ev.end] != ev.text:
        return None
    return Citation(
        n=n, article_id=p.article_id, title=p.title, source=p.source, published=p.published, path=p.path, url=p.url,
        quote=ev.text, start=ev.start, end=ev.end, also_in=also_in, page=page_of(p.pages, ev.start),
    )  # fmt: skip


def _quoted(line: Line, ev: Evidence, copies: tuple[dict[str, str], ...], markers: str) -> str:
    """A quote line ('- Outlet, date (also in: ...): "sentence" [n]'), or a line told in the article's words with
    its source's label."""
    label = who(ev)
    if copies:
        label += f" (also in: {outlets(copies)})"
    said = f'"{ev.text}"' if line.role == "quote" else line.text
    return f"{'- ' if line.role == 'quote' else ''}{label + ': ' if label else ''}{said} {markers}"


def render(
    draft: Draft,
    article_text: Callable[[str], str | None],
    start: int = 1,
    also_in: Callable[[str], tuple[dict[str, str], ...]] | None = None,
) -> Rendered:
    """Number, check and write ``draft`` (see the module docstring).  A cited sentence whose article no
    longer holds it at its offsets is dropped from the line; numbering starts at ``start``.  ``also_in`` gives
    an article's syndicated copies (rag/news/copies.py), named in its citation and its quote's label."""
    evidence = draft.evidence
    cited = {evidence[k].passage.article_id for x in draft.lines for k in x.refs if 0 <= k < len(evidence)}
    cited |= {evidence[k].passage.article_id for x in draft.lines for _, r in x.parts for k in r if 0 <= k < len(evidence)}

    def copies_of(article_id: str) -> tuple[dict[str, str], ...]:
        """The article's copies not cited in this answer themselves."""
        found = also_in(article_id) if also_in is not None else ()
        return tuple(c for c in found if c.get("article_id") not in cited)

    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    bodies: dict[str, str | None] = {}

    def number(k: int) -> int | None:
        if k in numbers:
            return numbers[k]
        if not 0 <= k < len(evidence):
            return None
        ev = evidence[k]
        c = citation(ev, start + len(numbers), bodies, article_text, copies_of(ev.passage.article_id))
        if c is None:
            return None
        numbers[k] = c.n
        citations.append(c)
        return numbers[k]

    def marked(text: str, refs: Sequence[int]) -> tuple[str, tuple[int, ...]]:
        ns = tuple(dict.fromkeys(n for n in (number(k) for k in refs) if n is not None))
        return (f"{text} " + "".join(f"[{n}]" for n in ns) if ns else text), ns

    out: list[AnswerLine] = []
    for line in draft.lines:
        if line.parts:
            pieces = [marked(t, r) for t, r in line.parts]
            text = "".join(t for t, _ in pieces).rstrip()
            ns = tuple(dict.fromkeys(n for _, p in pieces for n in p))
            out.append(AnswerLine(text=text, citations=ns, role=line.role))
            continue
        ns = marked("", line.refs)[1]
        if (line.role == "quote" or line.told) and not ns:
            continue  # a quote that no longer checks out is not shown
        markers = "".join(f"[{n}]" for n in ns)
        if line.role == "quote" or line.told:
            ev = evidence[line.refs[0]]
            text = _quoted(line, ev, copies_of(ev.passage.article_id), markers)
        elif line.role == "bullet":
            text = f"- {line.text} {markers}".rstrip()
        else:
            text = f"{line.text} {markers}".rstrip()
        out.append(AnswerLine(text=text, citations=ns, role=line.role))
    return Rendered("\n".join(x.text for x in out), tuple(citations), tuple(out), numbers)

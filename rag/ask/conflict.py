"""Notice when the evidence's articles give different figures for the same thing.

Deterministic, no model call.  Each evidence sentence becomes its sequence of
content words (stemmed) with every figure (an amount of money, a percentage, a
count, a year, a date) replaced by its kind, and the sentences of two different
articles are aligned word by word (difflib).  Two figures report the same thing
when they sit at aligned places with at least two matching words on each side
(or both sentences' edge there), so "revenue of $9.3 billion" is never compared
with "net income of $221 million".  Aligned figures form groups; a group whose
figures differ (beyond rounding: 2.3 million agrees with 2.26 million) is a
disagreement.  It is reported only when it is about the question: it holds the
figure of a short direct answer, or, when the direct answer gives no figure
(the extractive answerer's reply is a whole sentence), the question asks for a
figure of its kind (a date for "when", an amount for "how many", "what share")
and the words around it share one with the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..types import Conflict
from .cite import Draft, Line
from .evidence import Evidence, terms, words
from .figures import FIGURE, Figure, figure

MIN_CONTEXT = 2  # matching words needed on each side of two figures to compare them
_ASKS_WHEN = re.compile(r"^\s*when\b|\bwhat (?:date|day|year|month)\b|\bin which year\b", re.I)
_ASKS_AMOUNT = re.compile(
    r"\bhow (?:many|much)\b|\bwhat (?:share|percentage|proportion|number|amount|rate|value|price|total|sum|score)\b", re.I
)
_WHEN, _AMOUNT = {"date", "year"}, {"number", "money", "percent"}


Parsed = tuple[list[str], dict[int, "Figure"]]


@dataclass(frozen=True)
class Versions:
    """One disagreement: each value with the evidence sentences (0-based) that give it, best first."""

    values: tuple[str, ...]
    evidence: tuple[tuple[int, ...], ...]


def tokens(sentence: str) -> tuple[list[str], dict[int, Figure]]:
    """The sentence's content words with each figure as ``<kind>``, and the figures by position."""
    out: list[str] = []
    at: dict[int, Figure] = {}
    pos = 0
    for m in FIGURE.finditer(sentence):
        fig = figure(m)
        if fig is None:
            continue
        out += words(sentence[pos : m.start()])
        at[len(out)] = fig
        out.append(f"<{fig.kind}>")
        pos = m.end()
    return out + words(sentence[pos:]), at


def aligned(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Positions ``(i, j)`` of figures that sit in the same place of both token lists."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    if sum(1 for a0, _, n in blocks for t in a[a0 : a0 + n] if not t.startswith("<")) < 3:
        return []
    pairs = []
    for a0, b0, n in blocks:
        for k in range(n):
            if not a[a0 + k].startswith("<"):
                continue
            left = sum(1 for t in a[a0 : a0 + k] if not t.startswith("<"))
            right = sum(1 for t in a[a0 + k + 1 : a0 + n] if not t.startswith("<"))
            starts, ends = a0 == 0 and b0 == 0, a0 + n == len(a) and b0 + n == len(b)
            if (left >= MIN_CONTEXT or starts) and (right >= MIN_CONTEXT or ends):
                pairs.append((a0 + k, b0 + k))
    return pairs


def find(question: str, direct: str, evidence: Sequence[Evidence]) -> list[Versions]:
    """Disagreements among ``evidence`` that concern ``question`` (whose answer is ``direct``), most relevant first."""
    parsed = [tokens(ev.text) for ev in evidence]
    asked = _asked(direct)
    return [v for nodes, v in _groups(evidence, parsed) if _about(nodes, parsed, asked, question)]


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s?(?:[ap]\.?m\b\.?|ET|PT|GMT|BST)", re.I)


def differences(evidence: Sequence[Evidence], days: int = 3) -> list[Versions]:
    """Every disagreement among ``evidence`` between different outlets' articles published within ``days`` of each
    other, in the evidence's order: what a story's coverage shows, with no question to narrow it.  One outlet's
    reports of different days are updates (a market's level, a death toll), not a disagreement."""
    from datetime import date

    from .gather import newsy

    def day(ev: Evidence) -> date | None:
        try:
            return date.fromisoformat(ev.passage.published[:10])
        except ValueError:
            return None

    # Read once per sentence, not per pair: a story's timeline compares hundreds of sentences.
    fine = {id(ev): newsy(ev.text) and not _CLOCK.search(ev.text) for ev in evidence}
    dated = {id(ev): day(ev) for ev in evidence}

    def pairable(a: Evidence, b: Evidence) -> bool:
        if not (fine[id(a)] and fine[id(b)]):
            return False  # a live blog's time stamps and score lines ("FINAL: Colorado 27, Arizona State 24")
        da, db = dated[id(a)], dated[id(b)]
        near = da is not None and db is not None and abs((da - db).days) <= days
        return near and a.passage.source.lower() != b.passage.source.lower()

    return [v for _, v in _groups(evidence, [tokens(ev.text) for ev in evidence], pairable)]


def _gives_all(versions: Versions, evidence: Sequence[Evidence]) -> bool:
    """Whether one outlet gives every value of ``versions``: then they are figures of different things ("an opt-out
    after 2024" for one player, "opt out after 2027" for another, in both outlets' copies), not a disagreement."""
    outlets = [{evidence[i].passage.source.lower() for i in given} for given in versions.evidence]
    return bool(set.intersection(*outlets)) if outlets else False


def _groups(
    evidence: Sequence[Evidence], parsed: list[Parsed], pairable: Callable[[Evidence, Evidence], bool] | None = None
) -> list[tuple[list[tuple[int, int]], Versions]]:
    """The aligned figure groups whose values differ, with their (sentence, token) nodes; ``pairable`` says which
    two sentences (of different articles) may be compared.  Values one outlet gives all of are not a disagreement
    (:func:`_gives_all`), for a question's answer as for a story's coverage."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def root(x: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    figured = [s for s in range(len(evidence)) if parsed[s][1]]  # a sentence without figures aligns with none
    for k, s in enumerate(figured):
        for t in figured[k + 1 :]:
            if evidence[s].passage.article_id == evidence[t].passage.article_id:
                continue
            if pairable is not None and not pairable(evidence[s], evidence[t]):
                continue
            for i, j in aligned(parsed[s][0], parsed[t][0]):
                parent[root((s, i))] = root((t, j))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in list(parent):
        groups.setdefault(root(node), []).append(node)
    found = []
    for nodes in groups.values():
        versions = _versions(sorted(nodes), parsed)
        if len(versions.values) > 1 and not _gives_all(versions, evidence):
            found.append((nodes, versions))
    return sorted(found, key=lambda x: min(min(e) for e in x[1].evidence))


def _asked(direct: str) -> list[Figure]:
    """The figures of a short direct answer (a long one is a quoted sentence, not an answer's figure)."""
    if len(direct.split()) > 8:
        return []
    return [f for f in tokens(direct)[1].values()]


def _versions(nodes: list[tuple[int, int]], parsed: list[Parsed]) -> Versions:
    values: list[Figure] = []
    where: list[list[int]] = []
    for s, i in nodes:
        fig = parsed[s][1][i]
        k = next((n for n, v in enumerate(values) if v.agrees(fig)), None)
        if k is None:
            values.append(fig)
            where.append([])
            k = len(values) - 1
        if s not in where[k]:
            where[k].append(s)
    order = sorted(range(len(values)), key=lambda n: min(where[n]))
    return Versions(tuple(values[n].text for n in order), tuple(tuple(where[n]) for n in order))


def _about(nodes: list[tuple[int, int]], parsed: list[Parsed], asked: list[Figure], question: str) -> bool:
    """Whether the disagreement concerns the question (see the module docstring)."""
    figs = [parsed[s][1][i] for s, i in nodes]
    if asked:  # a bare number in the answer ("0.9") stands for the figure of any kind that has its value
        return any((a.kind == f.kind or a.kind == "number" != f.kind != "date") and a.agrees(f) for a in asked for f in figs)
    kinds = _WHEN if _ASKS_WHEN.search(question) else _AMOUNT if _ASKS_AMOUNT.search(question) else set()
    q = terms(question)
    for s, i in nodes:
        if parsed[s][1][i].kind.rstrip("$£€¥") not in kinds:
            continue
        toks = parsed[s][0]
        if q & set(toks[max(0, i - 4) : i + 5]):
            return True
    return False


def line(versions: Versions, evidence: Sequence[Evidence]) -> Line:
    """The direct-answer line for a disagreement: each value cited to the sentences that give it."""
    from .cite import who

    parts: list[tuple[str, tuple[int, ...]]] = []
    for n, (value, where) in enumerate(zip(versions.values, versions.evidence)):
        head = ("Sources differ: " if n == 0 else " vs ") + value
        parts += [(head, tuple(where)), (f" ({'; '.join(who(evidence[k]) for k in where)})", ())]
    return Line.joined(parts)


def rewrite(draft: Draft, versions: Versions) -> Draft:
    """``draft`` with the disagreement as its first line and each version's sentence quoted under it,
    before the draft's other lines (its own quotes of those sentences left out)."""
    from .cite import quote

    cited = [k for where in versions.evidence for k in where]
    rest = [x for x in draft.lines[1:] if not (x.role == "quote" and x.refs[0] in cited)]
    return draft.with_lines([line(versions, draft.evidence), *(quote(draft.evidence, k) for k in cited), *rest])


def numbered(versions: Versions, numbers: dict[int, int]) -> Conflict:
    """The disagreement as plain data, its evidence indices turned into the answer's citation numbers."""
    return Conflict(versions.values, tuple(tuple(numbers[k] for k in where if k in numbers) for where in versions.evidence))

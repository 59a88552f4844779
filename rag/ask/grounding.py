"""Whether the evidence holds a one-line answer, and which sentences it rests on.

The model's direct answer ("$513 million", "Cairo Santos", "42-18, Michael Wiley") is kept only when an evidence
sentence gives it: its figures by value however written ("$513M", "six-hour" for "6 hours") and most of its words
(:func:`grounded`, :func:`holds`).  An answer the model took from a title or a sentence left out of the evidence is
looked for in the articles' text (:func:`in_articles`).  A yes or no rests on one sentence per report the question
names (:func:`per_report`), and is no answer when no evidence sentence mentions what is asked of its names
(:func:`unasked`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from .evidence import Evidence, context_terms, terms
from .exact import numbers
from .figures import NUMBER_WORDS, Figure, figures
from .owners import swapped
from .query import reports
from .question import Question
from .subject import about


def grounded(direct: str, question: str, evidence: Sequence[Evidence]) -> list[int]:
    """Indexes of evidence sentences that contain the direct answer's content (best first)."""
    want = wanted(direct, question)
    if not want:
        return []
    hits = [i for i, ev in enumerate(evidence) if holds(direct, want, ev.text, ev.passage.published[:10])]
    parts = _parts(direct, question)
    if hits or not parts:
        return hits
    # each part of an answer to a question of two asks held by a sentence of its own
    for part in parts:
        got = grounded(part, question, evidence)
        if not got:
            return []
        hits += [i for i in got[:1] if i not in hits]
    return hits


def grounds(
    q: Question, direct: str, evidence: Sequence[Evidence], settled: Sequence[int],
    article_text: Callable[[str], str | None] | None,
) -> tuple[str, Sequence[Evidence], list[int]]:  # fmt: skip
    """The evidence sentences that hold a one-line answer, best first (a comparison the figures ``settled``: their
    sentences), with the article sentences that do when the model took it from a title or a sentence left out of
    the evidence; of a two-part answer, the part they hold.  No sentences when none does, or when the answer gives
    one of its names a figure that the sentences give to another of its names (:mod:`rag.ask.owners`)."""
    hits = grounded(direct, q.text, evidence) or list(settled)
    if not hits and article_text is not None:
        evidence = [*evidence, *in_articles(direct, q, evidence, article_text)]
        hits = grounded(direct, q.text, evidence)
    if not hits:
        direct = held_parts(direct, q.text, evidence)  # of a two-part answer, the part the articles give
        hits = grounded(direct, q.text, evidence) if direct else []
    if hits and swapped(direct, [evidence[i] for i in hits]):
        hits = []  # "Purdy threw for 314 yards, while Hurts threw for 314 yards": the figure is another's
    return direct, evidence, hits


def held_parts(direct: str, question: str, evidence: Sequence[Evidence]) -> str:
    """Of an answer to a question of two asks ("$7.7 billion, over 5 years"), the parts the evidence holds that say
    more than the question ("$7.7 billion"); "" when there are none or the answer is not in parts."""
    asked = terms(question)
    return ", ".join(x for x in _parts(direct, question) if terms(x) - asked and grounded(x, question, evidence))


def _parts(direct: str, question: str) -> list[str]:
    """The parts of an answer to a question of two asks ("the score and who starred": "42-18, Michael Wiley"), or
    [] when the answer or the question is not in two."""
    parts = [x for x in re.split(r"\s*[,;]\s+|\s+and\s+", direct) if x.strip()]
    return parts if len(parts) >= 2 and re.search(r"\band\b", question) else []


def wanted(direct: str, question: str) -> set[str]:
    """The words of the answer ``direct`` that a sentence holding it must give: those the question does not use."""
    return terms(direct) - terms(question) or terms(direct)


def holds(direct: str, want: set[str], sentence: str, published: str) -> bool:
    """Whether ``sentence`` holds the answer ``direct`` (``want``: :func:`wanted`): its figures (:func:`_figures_held`)
    and half its words; or, for an amount, a percentage or a count above a month's days, that figure however written
    ("$513M" by "$513 million", "6 hours" by "six-hour") with at most one other word."""
    if not _figures_held(direct, sentence, published):
        return False
    have = terms(sentence)
    if len(want & have) / len(want) >= 0.5:
        return True
    figs = [f for f in figures(direct) if f.kind != "year"]
    exact = any(f.kind != "number" or f.value > 31 or "." in f.text for f in figs)
    rest = {w for w in want if not any(c.isdigit() for c in w)}
    return bool(figs) and (exact or len(direct.split()) <= 2) and len(rest - have) <= 1


def _same_figure(f: Figure, have: Sequence[Figure]) -> bool:
    """Whether ``have`` gives the value of ``f`` exactly (a bare number may stand for an amount or a percentage)."""
    return any(
        abs(f.value - g.value) < 1e-9 * max(1.0, abs(f.value))
        and (f.kind == g.kind or "number" in (f.kind, g.kind) or f.kind[:5] == g.kind[:5] == "money")
        for g in have
    )


_MILLIONS = re.compile(r"\b(" + "|".join(list(NUMBER_WORDS)[:19]) + r")\s+(?=(?:hundred|thousand|million|billion)\b)", re.I)


def _figures_held(direct: str, sentence: str, published: str) -> bool:
    """Whether ``sentence`` gives each figure of the answer ``direct``: the same value ("four" for "4"), or the
    same digits with a unit the answer left out ("44.4" of "44.4 million"); a bare number the answer gives with a
    unit ("1 year") must come with that unit, or as a count ("$1 billion" or "1%" does not hold it)."""
    have = figures(_MILLIONS.sub(lambda m: str(NUMBER_WORDS[m.group(1).lower()]) + " ", sentence))
    for f in figures(direct):
        if f.kind == "year":
            continue
        if f.kind == "number" and f.value.is_integer() and 1900 <= f.value <= 2100:  # a year ("2020," read as a number)
            if str(int(f.value)) not in sentence and not published.startswith(str(int(f.value))):
                return False
            continue
        unit = re.match(r"[\s-]+([a-z]{3,})", direct[direct.find(f.text) + len(f.text) :]) if f.kind == "number" else None
        if unit and not re.search(
            r"(?<![\d.,])" + re.escape(f.text) + r"[\s-]+(?:[\w-]+\s+){0,2}" + re.escape(unit.group(1)[:4]), sentence, re.I
        ):
            # "six-hour" holds "6 hours"; "$1 billion" does not hold "1 year", nor "a 5% drop" "5 years"
            counts = [g for g in have if g.kind == "number"]
            if not (_same_figure(f, counts) and not any(g.kind.startswith("money") for g in have)):
                return False
            continue
        written = re.escape(f.text.rstrip(",."))
        if _same_figure(f, have) or re.search(r"(?<![\d.,])" + written + r"(?![\d])", sentence):
            continue
        return False
    return True


def in_articles(
    direct: str, q: Question, evidence: Sequence[Evidence], article_text: Callable[[str], str | None], articles: int = 3
) -> list[Evidence]:
    """Sentences of the evidence's first ``articles`` articles that hold the answer ``direct`` (its figures word for
    word, most of its words) and share most words with the question: the best one per article."""
    from ..ingest.chunk import sentences

    want = wanted(direct, q.text)
    figs = numbers(direct)
    focus = terms(q.focus or q.text)
    seen: list[str] = []
    out: list[Evidence] = []
    for ev in evidence:
        p = ev.passage
        if p.article_id in seen or len(seen) >= articles:
            continue
        seen.append(p.article_id)
        body = article_text(p.article_id) or ""
        best: tuple[float, int, int] | None = None
        for s, e in sentences(body):
            have = terms(body[s:e])
            if not want or not holds(direct, want, body[s:e], p.published[:10]) or not figs <= numbers(body[s:e]):
                continue
            score = len(focus & (have | context_terms(p.title, p.source))) / max(1, len(focus))
            if best is None or score > best[0]:
                best = (score, s, e)
        if best is not None and best[0] >= 0.3:
            _, s, e = best
            found = replace(p, chunk_id=p.chunk_id + f"#{s}", text=body[s:e], start=s, end=e)
            out.append(Evidence(found, s, e, body[s:e], 0.0, best[0]))
    return out


def per_report(question: str, evidence: Sequence[Evidence], outlets: Sequence[str]) -> list[int]:
    """Indexes of the evidence sentences a yes/no answer rests on: for each report the question
    names ("the TechCrunch report on May 2 about ..."), the sentence of that outlet (another
    article than the previous reports') published on the day named, if any, that shares the
    most words with what the question says of it.  A report with no sentence of its outlet in
    the evidence gets none: a sentence from another outlet would not support it.  At most three;
    with no report named, the best sentences of two articles; never none."""
    years = Counter(ev.passage.published[:4] for ev in evidence if ev.passage.published[:4].isdigit())
    named = reports(question, outlets, years.most_common(1)[0][0] if years else "")
    if not named:
        return one_per_article(evidence, range(len(evidence)), 2)
    chosen: list[int] = []
    seen: set[str] = set()
    for r in named:
        want = terms(r.text)
        cands = [i for i, ev in enumerate(evidence) if ev.passage.source == r.outlet and ev.passage.article_id not in seen]
        if not cands:
            continue

        def fit(i: int, want: set[str] = want, days: frozenset[str] = r.days) -> tuple[bool, int, int]:
            p = evidence[i].passage
            return p.published[:10] in days, len(want & (terms(evidence[i].text) | context_terms(p.title, p.source))), -i

        best = max(cands, key=fit)
        chosen.append(best)
        seen.add(evidence[best].passage.article_id)
    return chosen[:3] or [0]


_SENTENCE = re.compile(r"[a-z].*[.!][\"'”’)]*$", re.S)


def _table_row(text: str) -> bool:
    """Whether ``text`` reads as a row of a table: a fifth of its words or more are figures."""
    words = text.split()
    return len(words) >= 6 and sum(bool(re.fullmatch(r"[-+(]?[$£€]?\d[\d.,:%)]*", w)) for w in words) >= len(words) / 5


def saying_most(question: str, names: Sequence[str], evidence: Sequence[Evidence], limit: int = 2) -> list[int]:
    """Of ``limit`` articles, the evidence sentence that holds most of the question's ``names``, then of its words
    (another article's only when it holds as many names):
    what a yes or no with no reason of its own is cited to ("Is Flipboard joining the fediverse?": the sentence
    naming Flipboard, not one on Threads joining it)."""
    want = terms(question)

    def held(i: int) -> tuple[int, int, int]:
        text = evidence[i].text.lower()
        return sum(n.lower() in text for n in names), len(want & terms(text)), -i

    # sentences, not a table row ("Anthony Joshua -455 Otto Wallin +345 ..."), a caption or a heading; else any
    prose = [i for i, ev in enumerate(evidence) if _SENTENCE.search(ev.text.strip()) and not _table_row(ev.text)]
    order = sorted(prose or range(len(evidence)), key=held, reverse=True)
    top = held(order[0])[0] if order else 0  # another article's sentence only when it names as much
    return one_per_article(evidence, [i for i in order if held(i)[0] == top], limit)


def one_per_article(evidence: Sequence[Evidence], order: Any, limit: int) -> list[int]:
    chosen: list[int] = []
    seen: set[str] = set()
    for i in order:
        aid = evidence[i].passage.article_id
        if aid in seen:
            continue
        seen.add(aid)
        chosen.append(i)
        if len(chosen) >= limit:
            break
    return chosen


def elsewhere(evidence: Sequence[Evidence], support: Sequence[int], names: Sequence[str], limit: int = 3) -> list[int]:
    """Other articles' best sentences to quote under a one-line answer beside its ``support`` (up to ``limit`` in
    all): those that cover half the question and, when it names people, places or organisations (``names``), name
    one of them (:func:`rag.ask.subject.about`): the words of the question alone make another story's sentence."""
    seen = {evidence[i].passage.article_id for i in support}
    return [
        i
        for i in one_per_article(evidence, range(len(evidence)), limit)
        if evidence[i].passage.article_id not in seen and evidence[i].coverage >= 0.5 and about(evidence[i], names)
    ][: max(0, limit - len(support))]


def unasked(q: Question, evidence: Sequence[Evidence], alike: Callable[[list[str], list[str]], bool] | None = None) -> str:
    """The words a yes/no question asks of its names ("engaged" of "Is Taylor Swift engaged to Travis Kelce?") when
    no evidence sentence or title mentions any of them, nor (``alike``: the embedding model's judgement of single
    words) a word like them ("victory" for "win"), quoted for the decline; "" when one does.  The answer to what the
    articles never mention is not "No" (the seeds' "No" was cited to a sentence about a bracelet).  A question
    naming reports is left to them (:func:`per_report`)."""
    if not evidence or q.reports:
        return ""
    named = terms(" ".join(q.names))
    asked = list(dict.fromkeys(w for w in re.findall(r"[\w'-]+", q.focus or q.text) if terms(w) and not terms(w) & named))
    wanted = set().union(*(terms(w) for w in asked)) if asked else set()
    if not wanted or any(wanted & (terms(ev.text) | context_terms(ev.passage.title, "")) for ev in evidence):
        return ""
    said = sorted({w for ev in evidence for w in re.findall(r"[a-z]{3,}", f"{ev.passage.title} {ev.text}".lower())})
    if alike is not None and alike([w.lower() for w in asked], said):
        return ""
    return " or ".join(f"“{w}”" for w in asked)

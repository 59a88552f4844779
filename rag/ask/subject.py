"""Which of the retrieved articles are about a question's subject (:func:`on_subject`): only their sentences
become evidence, a timeline's events or a "latest" report; and which sentences of a round-up are about another of
its subjects (:func:`aside`)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..types import Passage
from .evidence import Evidence, context_terms, sentence_terms, terms
from .gather import specifics


def subject_terms(focus: str, names: Sequence[str] = ()) -> frozenset[str]:
    """The stemmed words of a question's subject: its focus words and the names it uses."""
    return frozenset(terms(focus) | terms(" ".join(names)))


def on_subject(
    passages: Sequence[Passage],
    subject: frozenset[str],
    names: Sequence[str] = (),
    share: float | None = None,
    one_subject: bool = False,
) -> set[str]:
    """Ids of the articles among ``passages`` that are about the subject: the subject's words (IDF-weighted over
    the articles) in their title or opening count fully, in the rest of their retrieved text half, and an
    article must reach ``share`` of the best article's score; when the question names people or organisations,
    it must mention one.  A sentence of any other article never becomes evidence: sharing a word with the
    question does not make an article relevant.  For a question about ``one_subject`` (not a comparison), the
    names count by how few of the articles mention them, and an article must reach :data:`NAME_SHARE` of the best
    one's weight: in "Did Uber beat Wall Street's forecast?" an article that names only Wall Street is about
    something else."""
    head: dict[str, set[str]] = {}
    body: dict[str, set[str]] = {}
    lower: dict[str, str] = {}
    for p in passages:
        h = head.setdefault(p.article_id, set(context_terms(p.title, "")))
        b = body.setdefault(p.article_id, set())
        for s, _, t in sentence_terms(p.text):
            (h if p.start + s == 0 else b).update(t)
        lower[p.article_id] = lower.get(p.article_id, p.title.lower()) + " " + p.text.lower()
    if not subject or not head:
        return set(head)
    n = len(head)
    idf = {t: math.log(1 + n / (1 + sum(1 for a in head if t in head[a] | body[a]))) for t in subject}
    total = sum(idf.values()) or 1.0
    cover = {a: sum(idf[t] * (1.0 if t in head[a] else 0.5 if t in body[a] else 0.0) for t in subject) / total for a in head}
    best = max(cover.values())
    if share is None:  # a question of many parts ("the X report on ... and the Y report on ...") spreads over articles
        share = 0.6 if len(subject) <= 6 else 0.3
    keep = {a for a, c in cover.items() if c >= share * best and c > 0}
    wanted = [n.lower() for n in names if len(n) >= 3]
    if wanted:
        has = {a: {w for w in wanted if _mentions(lower[a], w)} for a in head}  # the names each article mentions
        keep = {a for a in keep if has[a]} or keep
        if one_subject and len(wanted) > 1 and len(keep) > 1:
            weight = {w: math.log(1 + n / (1 + sum(w in has[a] for a in head))) for w in wanted}
            score = {a: sum(weight[w] for w in has[a]) for a in keep}
            top = max(score.values())
            keep = {a for a in keep if score[a] >= NAME_SHARE * top}
    return keep


# An article's share of the best one's name weight (natural questions, no model: 0.75 and 0.9 lose no key fact
# from the evidence; 0.9 also leaves out a Nike article for "Did Uber beat Wall Street's forecast?").
NAME_SHARE = 0.9


def _mentions(text: str, name: str) -> bool:
    if name in text:
        return True
    last = name.split()[-1]
    return len(name.split()) > 1 and len(last) >= 4 and last in text


def aside(ev: Evidence, names: Sequence[str], evidence: Sequence[Evidence] = ()) -> bool:
    """Whether ``ev`` is about another subject than ``names`` in a round-up: its article's title does not name one
    of them, which its sentences among ``evidence`` name at most twice ("ASX set for bright start", asked why
    Evolution Mining shares sank), and the sentence names none of them but names someone or something else ("Shares
    in Endeavour lifted 2.4 per cent")."""
    untitled = [n for n in names if not named(n, ev.passage.title)]
    if not untitled or any(named(n, ev.text) for n in names):
        return False
    same = [x for x in evidence if x.passage.article_id == ev.passage.article_id]
    if sum(any(named(n, x.text) for n in untitled) for x in same) > 2:
        return False  # the article keeps coming back to it: a report about it
    pronoun = ev.text.lower().startswith(("he ", "she ", "it ", "they ", "the company", "the firm"))
    return names_another(ev.text, names) and not pronoun


def names_another(text: str, names: Sequence[str]) -> bool:
    """Whether ``text`` names none of ``names`` and names someone or something else ("Shares in Endeavour lifted 2.4
    per cent", asked about Evolution Mining); a name that opens the sentence is not counted (:func:`rag.ask.gather.specifics`)."""
    others = {x for x in specifics(text) if x[:1].isupper()} - {w for n in names for w in n.split()}
    return bool(others) and not any(named(n, text) for n in names)


def about(ev: Evidence, names: Sequence[str]) -> bool:
    """Whether ``ev`` or its article's title names one of ``names`` (true when there are none)."""
    return not names or any(named(n, f"{ev.passage.title}\n{ev.text}") for n in names)


def named(name: str, text: str) -> bool:
    """Whether ``text`` names ``name``, or for a name of several words its first or last word ("Evolution" for
    "Evolution Mining", "Warren" for "Elizabeth Warren")."""
    words = name.split()
    short = {w for w in (words[0], words[-1]) if len(w) >= 4} if len(words) > 1 else set()
    return any(re.search(rf"(?i)\b{re.escape(w)}", text) for w in {name, *short})

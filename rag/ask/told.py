"""The articles' own words as lines of a one-line answer: the sentence an answer rests on when it gives names or
figures the answer leaves out (:func:`in_words`), cut to the clauses around the answer (:func:`around`) or around its
figures (:func:`sentence`); the sentence a comparison's verdict rests on when it gives the figures compared
(:func:`with_figures`); the cited sentence itself when the model only restated it (:func:`as_told`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .cite import Line
from .evidence import Evidence, terms
from .figures import figures
from .question import Question


def told_in(lines: Sequence[Line], evidence: Sequence[Evidence]) -> set[int]:
    """The evidence sentences that are already lines of the answer as they stand (see :func:`sentence`)."""
    return {
        x.refs[0]
        for x in lines
        if x.role == "answer" and len(x.refs) == 1 and (x.told or x.text == sentence(evidence, x.refs[0]))
    }


def in_words(q: Question, direct: str, evidence: Sequence[Evidence], support: Sequence[int], lines: Sequence[Line]) -> list[Line]:
    """The sentence a one-line answer rests on, as a line of the answer, when it gives names or figures that the
    lines and the question leave out: "22" says less than "He was opposed by 22 Republicans, two more than ...", and
    "$360 million" less than "... the $360 million record for free agents set last winter by ... Aaron Judge".  A long
    sentence is cut to the clauses around the answer (:func:`around`)."""
    from .gather import specifics

    if not support:
        return []
    i = support[0]
    told = around(evidence[i].text.strip(), direct or q.text)  # a yes or no: the clauses about what was asked
    have = " ".join([q.text, *(x.text for x in lines)]).lower()
    new = [x for x in specifics(told) if x.lower() not in have]
    if told.strip() == direct.strip() or not new or told.rstrip().endswith("?"):
        return []
    asked = terms(q.text)
    if not direct and len(asked & terms(told)) <= 0.5 * len(asked):
        return []  # a yes or no: only a sentence about what was asked says why
    told = re.sub(r"\s*\[\d+\]", "", told)  # an article's own "[3]" is not one of Byline's citation markers
    return [Line(told, (i,), told=True)]


def around(text: str, direct: str, words: int = 0) -> str:
    """``text`` cut to at most ``words`` (default :data:`SIDE_WORDS`) words: the clause that holds ``direct`` (its
    figures, else most of its words) and the clauses beside it, an ellipsis where cut."""
    from .clauses import trim

    words = words or SIDE_WORDS
    if len(text.split()) <= words:
        return text
    clauses = re.split(r"(?<=[,;.])\s+|\s+(?=[–—(]\s?)", text)
    want = {round(f.value, 6) for f in figures(direct)}
    asked = terms(direct)

    def fit(c: str) -> float:
        return sum(round(f.value, 6) in want for f in figures(c)) + len(asked & terms(c)) / (len(asked) or 1)

    at = max(range(len(clauses)), key=lambda k: fit(clauses[k]))
    lo = hi = at
    size = len(clauses[at].split())
    while True:
        grown = False
        for k in (hi + 1, lo - 1):
            if 0 <= k < len(clauses) and size + len(clauses[k].split()) <= words:
                size += len(clauses[k].split())
                lo, hi = min(lo, k), max(hi, k)
                grown = True
        if not grown:
            break
    if size > words:
        return trim(clauses[at], words)
    span = " ".join(clauses[lo : hi + 1]).rstrip(",;")
    return ("… " if lo else "") + span + (" …" if hi < len(clauses) - 1 else "")


def sentence(evidence: Sequence[Evidence], i: int) -> str:
    """Sentence ``i`` as a line of the answer: a long one cut to the clauses that give its figures."""
    from .clauses import trim

    text = evidence[i].text.strip()
    if len(text.split()) <= SIDE_WORDS:
        return text
    clauses = re.split(r"(?<=[,;])\s+|\s+(?=[–—]\s)", text)
    held = [k for k, c in enumerate(clauses) if any(f.kind != "year" for f in figures(c))]
    if held:
        span = " ".join(clauses[held[0] : held[-1] + 1]).rstrip(",;")
        if len(span.split()) <= SIDE_WORDS:
            return ("… " if held[0] else "") + span + (" …" if held[-1] < len(clauses) - 1 else "")
    return trim(text, SIDE_WORDS)


SIDE_WORDS = 45


def with_figures(q: Question, evidence: Sequence[Evidence], lines: list[Line], support: Sequence[int]) -> list[Line]:
    """A comparison's lines, and the sentence its verdict rests on when that sentence gives two or more figures
    (besides the question's own) and the lines leave one out: "£300m" alone does not say what it is compared with,
    "... ballooned to almost £300m ..., compared with £31m the previous year" does."""
    if not support:
        return lines
    i = support[0]
    asked = {f.text for f in figures(q.text)}
    figs = [f for f in figures(evidence[i].text) if f.kind != "year" and f.text not in asked]
    have = " ".join(x.text for x in lines)
    if len(figs) >= 2 and any(f.text not in have for f in figs):
        return [*lines, Line(sentence(evidence, i), (i,))]
    return lines


def as_told(text: str, evidence: Sequence[Evidence], refs: Sequence[int]) -> Line | None:
    """The cited sentence itself, when the model's ``text`` only restates it and leaves out its names or figures
    ("Uber introduced a feature ..." for "In 2021, Uber introduced a feature ...")."""
    from .gather import specifics

    want = terms(text)
    for i in refs:
        told = sentence(evidence, i)
        if want and len(want & terms(told)) >= 0.8 * len(want) and specifics(told) - specifics(text):
            return Line(told, (i,))
    return None


CONTEXT_WORDS = 40  # a sentence longer than this is a paragraph of its own, not the line after a verdict
VERDICT_WORDS = 90  # a yes or no with its lines stays short


def next_sentence(ev: Evidence) -> Evidence | None:
    """The sentence after ``ev`` in its passage (in the same paragraph or the next), or None at the passage's end."""
    from .evidence import sentence_terms

    p, at = ev.passage, ev.end - ev.passage.start
    for s, e, _ in sentence_terms(p.text):
        if s >= at:
            if p.text[at:s].count("\n") > 2:
                return None
            return Evidence(p, p.start + s, p.start + e, p.text[s:e], ev.score, ev.coverage)
    return None


def goes_on(q: Question, evidence: Sequence[Evidence], lines: Sequence[Line]) -> Evidence | None:
    """For a yes or no, the sentence after the one its last line rests on (past a subheading's question), when it goes
    on with names or figures that the lines and the question leave out: "Did Tottenham take the lead before losing
    2-1 ...?" rests on "Spurs have fallen to ... a 2-1 reverse at home to West Ham", which goes on "... 1-0 up thanks
    to an early Cristian Romero header".  It must share a word with what was asked besides its names, and not be a
    question, a heading, site furniture, a long paragraph or a quotation without its speaker; the answer stays within
    :data:`VERDICT_WORDS` words."""
    from .gather import ended, newsy, specifics
    from .guard import is_instruction
    from .quotes import unattributed

    rests = [x for x in lines if x.role == "answer" and x.refs]
    if not rests:
        return None
    after = next_sentence(evidence[rests[-1].refs[0]])
    if after is not None and after.text.rstrip().endswith("?"):  # a subheading: what it asks is answered next
        after = next_sentence(after)
    if after is None:
        return None
    text = after.text.strip()
    have = " ".join([q.text, *(x.text for x in lines)]).lower()
    words = sum(len(x.text.split()) for x in rests) + len(text.split())
    if len(text.split()) > CONTEXT_WORDS or words > VERDICT_WORDS or not newsy(text) or is_instruction(text):
        return None
    if text.lower() in have or not ended(text) or not [x for x in specifics(text) if x.lower() not in have]:
        return None
    # about what was asked, not only whom: "Beeper was founded by ..." says nothing of whether it still costs money
    if not terms(text) & (terms(q.text) - terms(" ".join(q.names))):
        return None
    if unattributed(text):
        return None  # whose words they are is in the sentence before
    return after

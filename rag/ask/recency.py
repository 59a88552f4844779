"""Time in questions, after reading: the day an event sets ("since the trial began"), the newest report first
for a question about the newest state ("What's the latest on ...?"), and the notes that say how current an
answer is ("As of November 21, 2023, according to TechCrunch.") and what an earlier report gave.

:mod:`rag.ask.timescope` reads the words; this stage looks things up in the articles through the functions the
assistant hands it (``search``: passages for a query within dates; ``article_text``; ``evidence``: the evidence
sentences of some passages), so it holds no state of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..types import Passage
from .cite import Draft, Line, quote
from .evidence import Evidence, sentence_terms, terms
from .question import Question
from .subject import on_subject, subject_terms
from .timewords import without_time_words

Search = Callable[[str, int, tuple[str, str]], list[Passage]]
ArticleText = Callable[[str], "str | None"]

# "What's the latest on ...?": the newest report about the subject among this many best passages, scored within
# LATEST_MARGIN of the best (scores of passages on one subject lie within about 0.1 of each other), answers it.
LATEST_POOL = 30
LATEST_MARGIN = 0.12
LEAD_CHARS = 400  # the opening an article about a subject names it in
# "since the trial began": the best passages searched for the event, and the words that say it happened
ANCHOR_POOL = 10
_SAME_EVENT = [  # words for one thing happening to an event, stemmed as rag.ask.evidence.terms stems them
    frozenset("began begin begun start open kick".split()),
    frozenset("end finish close conclud".split()),
    frozenset("fire oust sack dismiss remov".split()),
    frozenset("resign step quit".split()),
]
_EVENT_WORDS = (
    "began begun begin start started opened kicked off ended end finished closed broke out happened collapse collapsed"
    " died death resigned stepped down took over signed signing launched launch was were got announced announcement"
    " unveiled fired firing ousted ouster sacked suspended arrested arrest charged convicted sentenced released release"
    " elected election named appointed approved filed published opening beginning outbreak"
)


def anchored(q: Question, search: Search, dates: tuple[str, str]) -> Question:
    """``q`` with the scope its event sets ("since the trial began") turned into days: the event is searched for
    (with the question's names), and its day is the one the best sentence naming the event and what happened to
    it gives; else, of the days sentences naming it give, the one that filters least; else the day its earliest
    report was published.  A "before" scope's words leave the searched and checked text (the reports before the
    event cannot tell of it).  Unchanged when the articles do not tell of the event."""
    if not q.anchor:
        return q
    rel, event = q.anchor
    wanted = terms(event) - terms(_EVENT_WORDS)
    if not wanted:
        return q
    found = search(" ".join([event, *q.names]), ANCHOR_POOL, dates)
    # What happened to it ("began", or a word for the same: "started", "opened"), then the thing alone.
    verbs = terms(event) - wanted
    said = set(verbs).union(*(group for group in _SAME_EVENT if verbs & group))
    dated: list[tuple[bool, str]] = []  # (the sentence says what happened, its day), best passage first
    for p in found:
        for s, e, t in sentence_terms(p.text):
            if wanted <= t and (when := _date_of(p.text[s:e], p.published)) and len(when) == 10:
                dated.append((bool(t & said), when))
    # The best sentence that says what happened ("the trial began on October 3"); else, of the sentences naming
    # it with a day, the day that filters least ("since": the earliest), as the event's day is not known.
    day = next((d for told, d in dated if told), "")
    if not day and dated:
        day = (max if rel in ("before", "until") else min)(d for _, d in dated)
    if not day:  # no sentence dates it: the earliest report of it
        told = [p.published[:10] for p in found if p.published[:10] and wanted <= terms(f"{p.title} {p.text}")]
        day = min(told, default="")
    if not day:
        return q
    # The day's own reports of the event count as after it (they say who took over, what followed).
    before = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()
    since, until = {"since": (day, ""), "after": (day, ""), "before": ("", before)}.get(rel, ("", day))
    said_as = f"{rel} {event}"
    if rel not in ("before", "until"):  # what came after tells of the event: its words help find and check it
        return replace(q, since=since, until=until, scope=f"{said_as} ({day})")
    # "before the German factory opened" says when, not what (the reports before it cannot tell of it): searched and
    # checked without it, as "last week" is.
    drop = set(re.findall(r"\w+", said_as.lower()))
    focus = " ".join(w for w in q.focus.split() if w.lower() not in drop)
    text = without_time_words(q.text, said_as)
    return replace(q, since=since, until=until, scope=f"{said_as} ({day})", text=text, worded=q.worded or q.text, focus=focus)


def _date_of(sentence: str, published: str) -> str:
    from ..news.dates import date_of

    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        day = None
    when = date_of(sentence, day)
    return when[0] if when else ""


def newest_first(
    q: Question, found: list[Passage], search: Search, article_text: ArticleText, dates: tuple[str, str]
) -> list[Passage]:
    """For a question about the newest state of things, the newest report wins.  Of the articles about its
    subject among the best :data:`LATEST_POOL` passages (within :data:`LATEST_MARGIN` of the best score, naming the
    subject in their title or opening), the most recently published one is searched again on its own day, and
    those passages go first with the best passage's score.  A question about named reports asks about those, not
    the newest (``q.latest`` is off)."""
    if not q.latest or len(found) < 2:
        return found
    subject = subject_terms(q.focus or q.text, q.names)
    pool = search(q.search, LATEST_POOL, dates)
    keep = on_subject(pool, subject, q.names)
    top = max(p.score for p in pool)
    dated = [p for p in pool if p.article_id in keep and p.published[:10] and p.score >= top - LATEST_MARGIN]
    about: dict[str, bool] = {}  # each article's title and opening read once, not once per passage
    for p in dated:
        if p.article_id not in about:
            about[p.article_id] = leads_with(p, subject, q.names, article_text)
    dated = [p for p in dated if about[p.article_id]]
    if not dated:
        return found
    # the newest as of the scope's end: a report of the day after it (searched for its reports) only when none is
    # within it; a live page published then may hold later news ("late November" answered with a December deal)
    within = [p for p in dated if not q.until or p.published[:10] <= q.until]
    newest = max(within or dated, key=lambda p: p.published[:10])  # the better ranked of one day's reports
    day = newest.published[:10]
    if newest.article_id == found[0].article_id:
        return found
    same_day = [p for p in search(q.search, len(found), (day, day)) if p.article_id == newest.article_id]
    first = [replace(p, score=max(p.score, found[0].score)) for p in same_day or [newest]]
    ids = {p.chunk_id for p in first}
    return (first + [p for p in found if p.chunk_id not in ids])[: max(len(found), len(first))]


def leads_with(p: Passage, subject: frozenset[str], names: Sequence[str], article_text: ArticleText) -> bool:
    """Whether ``p``'s article is about the subject, not only mentioning it: its title or opening names one of the
    names asked about, or holds half the subject's words (a start-up round-up listing Binance among chains is not
    news about Binance)."""
    head = f"{p.title}\n{(article_text(p.article_id) or '')[:LEAD_CHARS]}"
    if names:
        return any(re.search(rf"(?i)\b{re.escape(n)}", head) for n in names)
    return bool(subject) and len(subject & terms(head)) >= len(subject) / 2


def whole_newest(p: Passage, article_text: ArticleText) -> Passage | None:
    """The newest report (``p``'s article, put first by :func:`newest_first`) as one passage of its whole text."""
    body = article_text(p.article_id) or ""
    return replace(p, chunk_id=p.chunk_id + "#whole", text=body, start=0, end=len(body)) if body else None


def as_of(draft: Draft) -> Draft:
    """The draft with a closing note saying how current its answer is: "As of November 22, 2023, according to
    The Verge." (the publication day and outlet of the newest report the answer's own lines cite)."""
    refs = [k for x in draft.lines if x.role in ("answer", "bullet") for k in x.refs if 0 <= k < len(draft.evidence)]
    dated = [k for k in refs if draft.evidence[k].passage.published[:10]]
    if not dated:
        return draft
    newest = max(dated, key=lambda k: draft.evidence[k].passage.published[:10])
    p = draft.evidence[newest].passage
    day = long_date(p.published[:10])
    note = f"As of {day}, according to {p.source}." if p.source else f"As of {day}."
    return draft.with_lines([*draft.lines, Line(note, (newest,), "note")])


def earlier(
    q: Question, draft: Draft, passages: Sequence[Passage], evidence: Callable[[Sequence[Passage]], list[Evidence]]
) -> Draft:
    """``draft`` (answered from the newest report alone) with what an earlier report gave for its figure, when one
    gave another: "Earlier, on November 20, 2023, Nordic Wire reported 400." and that report's sentence quoted.
    A later report of a changed figure is an update, not a disagreement."""
    from . import conflict

    if q.long or q.yes_no or not draft.lines or len({e.passage.article_id for e in draft.evidence}) != 1:
        return draft  # not answered from one report: disagreements are shown as such
    newest = draft.evidence[0].passage
    day = newest.published[:10]
    older = [p for p in passages if p.article_id != newest.article_id and "" < p.published[:10] < day]
    found = evidence(older) if older else []
    if not found:
        return draft
    n = len(draft.evidence)
    both = Draft(draft.lines, (*draft.evidence, *found))
    for v in conflict.find(q.text, draft.direct, both.evidence):
        now = [i for i, where in enumerate(v.evidence) if any(k < n for k in where)]
        then = [i for i, where in enumerate(v.evidence) if where and all(k >= n for k in where)]
        if now and then:
            k = v.evidence[then[0]][0]
            p = both.evidence[k].passage
            said = f"Earlier, on {long_date(p.published[:10])}, {p.source or p.title} reported {v.values[then[0]]}."
            return both.with_lines([*both.lines, Line(said, (k,), "note"), quote(both.evidence, k)])
    return draft


def long_date(day: str) -> str:
    """``2023-11-22`` as "November 22, 2023"."""
    import calendar

    y, m, d = day.split("-")
    return f"{calendar.month_name[int(m)]} {int(d)}, {y}"

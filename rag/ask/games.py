"""Games between two sides a question names ("Did Newcastle beat AC Milan?", "What was the score of Newcastle vs
Borussia Dortmund?", :func:`rag.ask.constraints.opponents`): whether the articles report such a game at all
(:func:`unplayed`), and for a yes/no question who won it, read from the reports (:func:`result`), not left to the
model, which answered "Yes" to "Did Newcastle beat AC Milan?" from a report of their 2-1 defeat."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..ingest.chunk import sentences
from ..types import Passage
from .constraints import opponents
from .evidence import Evidence
from .question import Question
from .subject import named
from .wins import acts, name_forms, reports_win

# "did X beat Y", "did X win against Y", "did X lose to Y": which side's win the question asks about
_ASKS_WIN = re.compile(r"^(?:beat|beats|defeat(?:s|ed)?|(?:win|won|wins) (?:against|over|at)|edge|edged|thrash(?:ed)?)\b")
_ASKS_LOSS = re.compile(r"^(?:lose|lost|loses) (?:to|against|at)\b")
# a side's loss: "For Newcastle, a third consecutive defeat", "Newcastle lost 2-1", "United were beaten"
_LOSS = re.compile(r"\b(?:lost|loses|lose|losing|defeat(?!\s+[A-Z])|defeats(?!\s+[A-Z])|beaten|were beaten)\b")
_LOSS_OF = r"\b(?:beat|beats|defeated|defeats|thrashed|edged|stunned|victory over|win over|win against|defeat for)\s+(?:the\s+)?"
_DENIED = re.compile(r"(?i)\b(?:denied|deny|denies|without|winless|no win|not win|never|failed to|unable to)\b")
_TO = re.compile(r"\b(?:to|will|would|could|may|might|can)\s+$", re.I)


@dataclass(frozen=True)
class Result:
    """Who won the game asked about, as the reports tell it: the verdict and the sentence that tells it."""

    verdict: str
    sentence: Evidence


def sides(q: Question) -> tuple[str, str] | None:
    """The two sides of the game a question asks about, when it is the question's subject: not one of several parts
    or reports it asks about ("... the Sporting News' coverage of the Eagles vs. Seahawks game"), nor a comparison."""
    if q.parts or q.outlets or q.kind == "compare":
        return None
    return opponents(q.text, [n for n in q.names if len(n.split()) <= 3])


def unplayed(q: Question, evidence: Sequence[Evidence], article_text: Callable[[str], str | None]) -> str:
    """The two sides ("Newcastle and Borussia Dortmund") of a game the question asks about (:func:`sides`) when no
    title or sentence of the evidence's articles names both: they report no game between them (Dortmund named only
    as another team's opponent), or ""."""
    found = sides(q)
    if found is None:
        return ""
    return "" if any(_reports(*found, evidence, article_text)) else f"{found[0]} and {found[1]}"


def result(q: Question, evidence: Sequence[Evidence], article_text: Callable[[str], str | None]) -> Result | None:
    """For "Did X beat Y?" (or "... lose to Y?"), the verdict the reports give, from the articles that name both
    sides: X's win reported and no loss ("gives Arsenal vital win"), or X's loss and no win ("For Newcastle, a
    third consecutive defeat", "beaten by Y"); None when they tell neither or both, or the question asks no such
    thing."""
    found = sides(q) if q.yes_no else None
    if found is None:
        return None
    x, y = found
    after = re.search(rf"\b{re.escape(x)}\s+(.*)$", q.text, re.I)
    rest = after.group(1).lower() if after else ""
    loss_asked = bool(_ASKS_LOSS.match(rest))
    if not loss_asked and not _ASKS_WIN.match(rest):
        return None
    won: list[Evidence] = []
    lost: list[Evidence] = []
    for p, spans in _reports(x, y, evidence, article_text):
        for s, e in spans:
            text = p.text[s:e]
            if _DENIED.search(text):
                continue  # "Pope had denied Milan victory", "without a win": no result of this game
            has_x, has_y = named(x, text), named(y, text)
            x_won = has_x and reports_win(text, x) or has_y and _lost(text, y)
            x_lost = has_x and _lost(text, x) or has_y and reports_win(text, y)
            if x_won != x_lost:  # a sentence telling both ("the win against Utah, who has beat the Wildcats") tells neither
                ev = Evidence(replace(p, chunk_id=f"{p.chunk_id}#{s}", text=text, start=s, end=e), s, e, text, 0.0, 1.0)
                told = won if x_won else lost
                told.insert(0 if has_x and has_y else len(told), ev)
    if bool(won) == bool(lost):
        return None
    x_won = bool(won)
    return Result("Yes" if x_won != loss_asked else "No", (won or lost)[0])


def _lost(sentence: str, side: str) -> bool:
    """Whether ``sentence`` reports ``side``'s loss: the side, then within four words a word of losing; or a win over it."""
    low = sentence.lower()
    for name in name_forms(side):
        if acts(sentence, name, _LOSS, unless=_TO):
            return True
        if any(not _TO.search(low[: m.start()]) for m in re.finditer(_LOSS_OF + re.escape(name) + r"\b", low)):
            return True  # "beat City", not "hope to beat City"
    return False


def _reports(
    x: str, y: str, evidence: Sequence[Evidence], article_text: Callable[[str], str | None]
) -> Iterator[tuple[Passage, list[tuple[int, int]]]]:
    """The evidence's articles that report a game between ``x`` and ``y`` (their title or a sentence names both), in
    the evidence's order: each as a passage of its whole text, with its sentences' spans."""
    seen: set[str] = set()
    for ev in evidence:
        aid = ev.passage.article_id
        if aid in seen:
            continue
        seen.add(aid)
        body = article_text(aid) or ""
        spans = sentences(body)
        if any(named(x, t) and named(y, t) for t in (ev.passage.title, *(body[s:e] for s, e in spans))):
            yield replace(ev.passage, text=body, start=0, end=len(body)), spans

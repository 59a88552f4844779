"""Interviews: in a question-and-answer article ("How is investment in women's sports changing?" then her
reply), the replies are the interviewee's words, though no sentence of them says "she said"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .evidence import Evidence

MAX_QUESTION_WORDS = 60  # an interviewer's question is a paragraph of its own, and short
MAX_ANSWER_PARAGRAPHS = 3  # a reply is the paragraphs after the question, up to the next one
MIN_QUESTIONS = 2  # an interview asks several (a report's "Is it a repeat of the 1980s?" is a subheading)


def replies(evidence: Sequence[Evidence], who: str) -> set[int]:
    """The sentences of ``evidence`` that are replies in an interview with ``who`` (a surname, lower case): the
    article's title names them, its passages hold at least :data:`MIN_QUESTIONS` questions that are paragraphs of
    their own (the interviewer's), and the sentence's paragraph follows one within :data:`MAX_ANSWER_PARAGRAPHS`."""
    if not who:
        return set()
    named = re.compile(r"\b" + re.escape(who) + r"\b", re.I)
    asked: dict[str, set[str]] = {}  # each article's questions in the passages read: one is a subheading, not an interview
    for ev in evidence:
        asked.setdefault(ev.passage.article_id, set()).update(x.strip() for x in ev.passage.text.split("\n\n") if _is_question(x))
    return {
        i
        for i, ev in enumerate(evidence)
        if len(asked[ev.passage.article_id]) >= MIN_QUESTIONS
        and named.search(ev.passage.title)
        and _after_question(ev)
        and not _OTHERS.search(ev.text)
    }


# Someone else's words within a reply: "Kendall Coyne said, 'can you help us?'"
_OTHERS = re.compile(r"\b[A-Z][a-z]+[’']?\s+(?:said|says|told|asked|wrote|tweeted)\b")


def _after_question(ev: Evidence) -> bool:
    p = ev.passage
    at = max(0, ev.start - p.start)
    paragraphs = p.text[:at].split("\n\n")
    end = p.text.find("\n\n", at)
    if _is_question(paragraphs[-1] + p.text[at : end if end >= 0 else len(p.text)]):
        return False  # the sentence is part of a question
    for para in reversed(paragraphs[:-1][-MAX_ANSWER_PARAGRAPHS:]):
        if _is_question(para):
            return True
    return False


def _is_question(paragraph: str) -> bool:
    text = paragraph.strip()
    return text.endswith("?") and 3 <= len(text.split()) <= MAX_QUESTION_WORDS and "\n" not in text

"""Interviews: the replies of the person interviewed, though no sentence of them says "she said" (:func:`replies`,
used by :func:`rag.ask.quotes.attributed`).  An interview is an article whose title names them, or whose turns are
labelled with their name, with several questions that are paragraphs of their own; a reply is a paragraph after
one of them.  The article is read whole when its text is at hand: a reply may open a passage whose question is in
the passage before."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .evidence import Evidence

Text = Callable[[str], "str | None"] | None  # an article's text by its id
# A speaker's label opening a turn of a transcript or interview ("Mike Minton:", "TechCrunch:", "JC:").
LABEL = r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}:"
_TURN_LINE = re.compile(r"(?m)^[^\w\n]*" + LABEL + r"[ \t]")  # a line that opens with one
MAX_QUESTION_WORDS = 60  # an interviewer's question is a paragraph of its own, and short
MAX_ANSWER_PARAGRAPHS = 3  # a reply is the paragraphs after the question, up to the next one
MIN_QUESTIONS = 2  # an interview asks several (a report's "Is it a repeat of the 1980s?" is a subheading)


def replies(evidence: Sequence[Evidence], named: re.Pattern[str], article_text: Text = None, speaker: str = "") -> set[int]:
    """The sentences of ``evidence`` that are replies in an interview with the person ``named`` matches (their
    surname): the article's title names them or a turn is labelled with the ``speaker``'s name ("Mike Minton: Two
    years ago, ...", not "Concluded Brown: ..."), it holds at least :data:`MIN_QUESTIONS` questions that are
    paragraphs of their own (the interviewer's), and the sentence's paragraph follows one within
    :data:`MAX_ANSWER_PARAGRAPHS`.  The article is read in its text when ``article_text`` gives it, else in the
    passages found."""
    whole: dict[str, str] = {}  # each article's text, or "" when only its passages are read
    asked: dict[str, set[str]] = {}  # each article's questions: one is a subheading, not an interview
    labelled: set[str] = set()
    read: set[tuple[str, str]] = set()
    for ev in evidence:
        aid = ev.passage.article_id
        if aid not in whole:
            whole[aid] = (article_text(aid) if article_text is not None else None) or ""
        if (aid, key := "" if whole[aid] else ev.passage.chunk_id) in read:
            continue
        read.add((aid, key))
        text = whole[aid] or ev.passage.text
        asked.setdefault(aid, set()).update(x.strip() for x in text.split("\n\n") if _is_question(x))
        if any(_is_label(m.group(0), speaker) for m in _TURN_LINE.finditer(text)):
            labelled.add(aid)

    def after(ev: Evidence) -> bool:
        text = whole[ev.passage.article_id]
        return _after_question(ev, text, 0) if text else _after_question(ev, ev.passage.text, ev.passage.start)

    return {
        i
        for i, ev in enumerate(evidence)
        if len(asked[ev.passage.article_id]) >= MIN_QUESTIONS
        and (named.search(ev.passage.title) or ev.passage.article_id in labelled)
        and after(ev)
        and not _OTHERS.search(ev.text)
    }


# Someone else's words within a reply: "Kendall Coyne said, 'can you help us?'"
_OTHERS = re.compile(r"\b[A-Z][a-z]+[’']?\s+(?:said|says|told|asked|wrote|tweeted)\b")


def _is_label(label: str, speaker: str) -> bool:
    """Whether ``label`` ("Mike Minton:", "Minton:") is the ``speaker``'s name, or their initials ("JC:")."""
    words, name = re.findall(r"[\w’'-]+", label.lower()), re.findall(r"[\w’'-]+", speaker.lower())
    return bool(words and name) and (set(words) <= set(name) or words == ["".join(w[0] for w in name)])


def _after_question(ev: Evidence, text: str, offset: int) -> bool:
    """Whether ``ev`` is in a paragraph of ``text`` (which starts at ``offset`` in its article) that follows a
    question within :data:`MAX_ANSWER_PARAGRAPHS`, and is not in a question itself."""
    at = min(len(text), max(0, ev.start - offset))
    paragraphs = text[:at].split("\n\n")
    end = text.find("\n\n", at)
    if (paragraphs[-1] + text[at : end if end >= 0 else len(text)]).strip().endswith("?"):
        return False  # the sentence is part of a question, however long (a reply ends in no question mark)
    for para in reversed(paragraphs[:-1][-MAX_ANSWER_PARAGRAPHS:]):
        if _is_question(para):
            return True
    return False


def _is_question(paragraph: str) -> bool:
    text = paragraph.strip()
    return text.endswith("?") and 3 <= len(text.split()) <= MAX_QUESTION_WORDS and "\n" not in text

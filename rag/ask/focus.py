"""A question's subject: its words without the wording of its request ("Summarize what the articles say about
Taylor Swift and Travis Kelce" is about "Taylor Swift Travis Kelce"), which long answers' evidence is chosen by."""

from __future__ import annotations

from typing import Any

from .words import _CAUSE_NOUNS, _LIST_VERBS, _META_NOUNS, _REQUEST_VERBS, _SUMMARY_VERBS

# The words that make a request ("Summarize", "Give", "List", "Walk me through"), not its subject.
REQUEST_WORDS = (
    _SUMMARY_VERBS
    | _LIST_VERBS
    | _REQUEST_VERBS
    | {"explain", "compare", "walk", "recap", "please", "kindly", "chronicle", "trace", "sketch"}
)
_FRAME_POS = {"AUX", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "PART", "PUNCT", "INTJ", "SPACE"}


_ASKING = {"say", "tell", "explain", "describe", "sum", "please", "detail", "detailed", "brief", "briefly", "quick", "speed"}


def _topic(token: Any) -> bool:
    """Whether ``token`` is in what the question is about ("say about media coverage of women's sports"), where
    words for news coverage are the subject, not the request's wording ("what the articles say")."""
    return any(a.lower_ in ("about", "regarding", "concerning") for a in token.ancestors)


def focus_of(doc: Any, kind: str) -> str:
    """The question's subject: its words without the wording of its request (see the module docstring)."""
    keep = []
    # "step by step", "round by round": how a timeline is told, not its subject
    paced = (
        {
            i
            for t in doc
            if t.lower_ == "by" and 0 < t.i < len(doc) - 1 and doc[t.i - 1].lower_ == doc[t.i + 1].lower_
            for i in (t.i - 1, t.i + 1)
        }
        if kind == "timeline"
        else set()
    )
    for t in doc:
        if t.i in paced:
            continue
        lem = t.lemma_.lower()
        if t.pos_ in _FRAME_POS or t.tag_.startswith("W") or t.is_stop and t.pos_ != "NUM":
            continue
        if t.dep_ == "ROOT" and t.tag_ == "VB" and t.i <= 2 or t.i == 0 and t.lower_ in REQUEST_WORDS:
            continue  # the request's own verb: summarize, give, tell, list, explain, lay (out)
        if lem in _META_NOUNS and not _topic(t):
            continue
        if lem in ("timeline", "chronology", "summary", "overview", "recap", "rundown", "gist", "happen"):
            continue
        if lem in _ASKING:
            continue
        if kind in ("explain",) and lem in _CAUSE_NOUNS | {"lead", "cause"}:
            continue
        if kind == "timeline" and lem in ("order", "sequence", "chronological"):
            continue  # "in what order did the events happen", "give me the sequence"
        if lem == "come" and t.i > 0 and doc[t.i - 1].lower_ == "how":
            continue  # "how come": why
        if t.lower_ == "true" and t.i > 0 and doc[t.i - 1].lower_ == "it":
            continue  # "is it true that ...": a yes/no question's form
        if t.lower_ == "going" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "on":
            continue  # "what's going on with ...": the question's frame
        keep.append(t.text)
    return " ".join(keep).strip()

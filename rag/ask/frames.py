"""Readings of a question's parse that say what kind of answer it asks for (:mod:`rag.ask.kinds`): whether a word
sits in a clause that only says which thing is meant, whether a wh-word asks for several things, which of a set of
nouns the question asks for, and what a query typed as a topic asks for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .words import _AMOUNT_NOUNS, _CAUSE_NOUNS


def in_noun_clause(token: Any) -> bool:
    """Whether a word sits in a clause that describes a noun ("the bacterium researchers think is causing it") or in
    a condition ("the fine X could face if the EU confirms it broke the law"): it says which thing is asked about, not
    what kind of answer is wanted."""
    return any(
        t.dep_ in ("acl", "relcl") or t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _IF for c in t.children)
        for t in (token, *token.ancestors)
    )


_IF = frozenset({"if", "unless", "once", "until", "whether"})


def plural_asked(rest: Sequence[Any]) -> bool:
    """Whether a wh-word asks for several things: "which teams", "what six games", "what are the warning signs"."""
    i = 0
    if rest and rest[0].lower_ in ("are", "were"):
        i = 1
        while i < len(rest) and rest[i].pos_ in ("DET", "ADJ", "NUM"):
            i += 1
    elif rest and rest[0].pos_ == "NUM":
        i = 1
    while i < len(rest) and rest[i].dep_ in ("compound", "amod", "nummod"):
        i += 1
    if i >= len(rest):
        return False
    noun = rest[i]
    plural = noun.tag_ in ("NNS", "NNPS") or noun.pos_ == "PROPN" and re.fullmatch(r"[A-Z]{2,}s", noun.text) is not None
    # "what fights did Sporting News pick": a word between the wh-word and its auxiliary is a noun, however the
    # tagger reads it (it took "fights" for a verb before the capitalised outlet).
    after = rest[i + 1].lower_ if i + 1 < len(rest) else ""
    if i == 0 and after in _NOUN_BEFORE and re.fullmatch(r"[a-z]+[^s]s", noun.lower_) and noun.lower_ not in _NOT_PLURAL:
        plural = True
    return plural and noun.lemma_.lower() not in _AMOUNT_NOUNS | {"year", "day", "time"}


_NOUN_BEFORE = frozenset("did do does were are have had will would could can should".split())
_NOT_PLURAL = frozenset("news series species means politics economics physics".split())


def asked_for(doc: Any, nouns: set[str], within: int = 8) -> str:
    """The first noun of ``nouns`` the question asks for: among its first ``within`` words, not a modifier
    ("a timeline of ...", "what was the score ..."), not inside what it says about a report."""
    for t in doc[:within]:
        if t.lemma_.lower() in nouns and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and t.dep_ != "compound":
            return t.lemma_.lower()
    return ""


def is_topic(doc: Any) -> bool:
    """Whether the question is a topic typed as into a search box ("everton points deduction", "arizona utah score"):
    no verb, no question word, no question mark."""
    words = [t for t in doc if not t.is_punct]
    return (
        bool(words)
        and not doc.text.rstrip().endswith("?")
        and not any(t.pos_ in ("VERB", "AUX") or t.tag_.startswith("W") for t in words)
    )


def topic_kind(doc: Any) -> str:
    """What a topic typed alone asks for: a figure when it names one ("arizona utah score", "price of the echo pop"),
    a reason when it names one, else an account of the topic (a summary)."""
    heads = {t.lemma_.lower() for t in doc if t.dep_ == "ROOT"}  # what the phrase names: "dyche reaction to penalty"
    if heads & _AMOUNT_NOUNS:
        return "count"
    if heads & (_CAUSE_NOUNS - {"impact", "effect"}):
        return "explain"
    return "summary"

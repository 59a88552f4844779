"""Whose words a "said" question asks for ("What did Check Point's CEO say ...": the CEO; "What did Bank of
America say ...": Bank of America), read from the question's parse."""

from __future__ import annotations

import re
from typing import Any

from .words import _META_NOUNS, _NOT_SPEAKERS, _SAY_VERBS, _VIEW_NOUNS

# Saying verbs whose passive subject is what is said, not who says it ("is expected", "was announced").
_NOT_SAID_OF = {"expect", "forecast", "predict", "announce", "suggest", "estimate", "project", "report", "rumor", "rumour"}


def speaker_of(doc: Any) -> str:
    """Whose words a "said" question asks for: the subject of its saying verb, or the owner of a view, as the
    whole name the question gives ("Erik ten Hag", not the "Erik" the parse makes the subject).  Never what the
    question asks to identify ("Which company is suggested to ...")."""
    from .query import names

    found = _subject(doc)
    if not found:
        return ""
    whole = [n for n in names(doc.text, ()) if len(n) > len(found) and re.search(rf"(?<!\w){re.escape(found)}(?!\w)", n)]
    return whole[0] if whole else found


def says_now(doc: Any) -> Any:
    """The saying verb of "What are analysts saying about X?", "What were economists expecting?", or None: the parse
    reads it as describing its subject ("analysts saying ..."), no verb of the question's own, and the question
    still asks for their words."""
    for t in doc:
        if t.lemma_.lower() in _SAY_VERBS and t.tag_ == "VBG" and t.dep_ in ("acl", "relcl") and t.head.dep_ == "nsubj":
            if t.head.head.lemma_.lower() == "be":
                return t
    return None


def _subject(doc: Any) -> str:
    progressive = says_now(doc)
    for t in doc:
        if t.lemma_.lower() in _SAY_VERBS and t.pos_ in ("VERB", "AUX"):
            for c in [*t.children, *([t.head] if progressive is not None and t.i == progressive.i else [])]:
                if c.dep_ not in ("nsubj", "nsubjpass") or c.lemma_.lower() in _META_NOUNS:
                    continue
                passive = c.dep_ == "nsubjpass" or any(x.dep_ == "auxpass" for x in t.children)
                if passive and t.lemma_.lower() in _NOT_SAID_OF:
                    continue  # "the sharemarket is expected to open higher": what is expected, not who expects
                if any(x.tag_ in ("WDT", "WP", "WP$") for x in c.subtree):
                    continue  # "which NFL wide receiver" is what is asked, not who speaks
                if t.lemma_.lower() == "mean" and c.pos_ != "PROPN":
                    continue  # "What could the Israel-Hamas war mean for oil prices?": a thing's meaning, no one's words
                if c.pos_ == "PROPN" or c.pos_ == "NOUN" and any(c.i in range(e.start, e.end) for e in doc.ents):
                    return _span_text(c)
                if c.pos_ == "PRON" and c.lower_ in ("he", "she", "they"):
                    return c.text  # a follow-up's "what did he say": whose words, resolved from the earlier question
                named = [x for x in c.rights if x.dep_ == "appos" and x.pos_ == "PROPN"]
                if c.pos_ == "NOUN" and named:  # "NAR chief economist Lawrence Yun": the name, not the role
                    return _span_text(named[0])
                if c.pos_ == "NOUN" and c.dep_ == "nsubj" and any(x.dep_ == "compound" and x.pos_ == "PROPN" for x in c.lefts):
                    return _span_text(c)
                if c.pos_ == "NOUN" and c.dep_ == "nsubj" and c.lemma_.lower() not in _NOT_SPEAKERS:
                    # a role: "Everton's manager", "the judge", "the company's lawyers"
                    words = [x for x in doc[c.left_edge.i : c.i + 1] if x.pos_ not in ("DET", "PRON") or x.dep_ == "poss"]
                    return "".join(x.text_with_ws for x in words).strip()
        if t.lemma_.lower() in _VIEW_NOUNS:
            for c in t.children:
                if c.dep_ == "poss" and c.pos_ == "PROPN":
                    return _span_text(c)
    return _between_aux_and_verb(doc)


def _between_aux_and_verb(doc: Any) -> str:
    """The words between "did" and the saying verb ("What did Check Point's CEO say"), when the parse gave no
    subject (it read "Check" as the subject of "What"): a name or a role, never what is asked about ("what did
    the report say")."""
    for t in doc:
        if t.lemma_.lower() not in _SAY_VERBS or t.pos_ not in ("VERB", "AUX"):
            continue
        # the question's own frame: "What did <speaker> say", the auxiliary second or third, a short name between
        aux = [x for x in doc[: min(t.i, 3)] if x.lower_ in ("did", "does", "do", "has", "have", "had")]
        if not aux or t.i - aux[-1].i > 7:
            continue
        span = [x for x in doc[aux[-1].i + 1 : t.i] if x.pos_ != "DET"]
        if not span or any(x.tag_ in ("WDT", "WP", "WP$") or x.lemma_.lower() in _META_NOUNS for x in span):
            continue
        # A name typed in lower case, which the tagger misreads ("what does alexis ohanian think": "alexis" a verb).
        if 2 <= len(span) <= 3 and all(x.is_alpha and x.is_lower and x.pos_ not in ("PRON", "ADP", "NUM", "AUX") for x in span):
            if not any(x.lemma_.lower() in _META_NOUNS | _NOT_SPEAKERS or x.pos_ == "NOUN" for x in span):
                return "".join(x.text_with_ws for x in span).strip()
        if any(x.pos_ in ("VERB", "AUX") for x in span):
            continue
        if any(x.pos_ == "PROPN" for x in span):
            return "".join(x.text_with_ws for x in span).strip()
    return ""


def _span_text(token: Any) -> str:
    """A name with its compound parts ("Bank of America", "Jensen Huang")."""
    left = [c for c in token.lefts if c.dep_ in ("compound", "amod") and c.pos_ == "PROPN"]
    parts = [c.text for c in left] + [token.text]
    for c in token.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            parts += [c.text] + [x.text for x in c.subtree if x.dep_ != "prep"]
            break
    return " ".join(parts).strip().removesuffix("'s").removesuffix("’s").strip()

"""What kind of answer a question wants, read from its frame with spaCy's parse.

The kind comes from the sentence's frame (an imperative's verb and object, the wh-word and its verb, an
auxiliary first), never from the first word alone, so "Give me a timeline of ...", "walk me through how
... unfolded" and "recap the ..." are read by their structure.  The vocabularies of the senses a
frame can carry are in :mod:`rag.ask.words`, whose words a "said" question asks for in :mod:`rag.ask.speaker`; tests on
plain questions of every kind are in tests/test_question.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .frames import asked_for, in_noun_clause, is_topic, plural_asked, topic_kind
from .speaker import says_now, speaker_of
from .words import (
    _AFFECT_VERBS,
    _AMOUNT_NOUNS,
    _BARE_HOW,
    _CAUSE_NOUNS,
    _CAUSE_VERBS,
    _COMPARATIVE,
    _COMPARE_WORDS,
    _LIST_VERBS,
    _OPEN_VERBS,
    _REPORT_SAYS,
    _REQUEST_VERBS,
    _SAY_VERBS,
    _SUMMARY_NOUNS,
    _SUMMARY_VERBS,
    _TIMELINE_NOUNS,
    _TIMELINE_VERBS,
    _VIEW_NOUNS,
    AUX_WORDS,
    folded,
    is_yes_no,
)

KINDS = ("fact", "count", "yesno", "explain", "said", "summary", "timeline", "compare", "list", "coverage")
LONG_KINDS = frozenset({"explain", "said", "summary", "timeline", "list"})
"""Kinds answered in several sentences or bullets (the others open with a one-line direct answer)."""


def _lemmas(tokens: Iterable[Any]) -> set[str]:
    return {t.lemma_.lower() for t in tokens}


_HOW_AUX = frozenset("did does do could would will can might has have is are was were 's ’s".split())


# A question after a leading phrase, to the end without another clause: the parser reads it as a relative clause.
_LEADING = re.compile(
    r"^(?![Ww]h(?!en\s+(?!"
    + AUX_WORDS
    + r")\b)|[Hh]ow)[^?]{3,80}?(?:,|\s[-–—:])\s+((?:[Ww]h(?:at|o|ich|en|ere|y)|[Hh]ow)\b[^,;]+\?\s*)$"
)
# A leading clause of time ("When Meta announced its plan, what prices did it give?") says when, not what is asked.
_WHEN_CLAUSE = re.compile(r"^(?:[Ww]hen|[Aa]fter|[Bb]efore|[Aa]s|[Ww]hile)\s+(?!" + AUX_WORDS + r"\b)")


def kind_of(doc: Any, parse: Any = None) -> str:
    """The kind of answer the question wants, read from its frame (module docstring); after a leading phrase
    ("According to Ben Clark, what drove ...?") from the question's own frame, parsed again by ``parse``.  A request
    after it ("How did FTX get to the trial? give me the sequence") says the form: events in order, a list, or for
    a one-fact question the account it asks for; "walk me through it" asks for its own answer told in full."""
    asked = _kind_of(doc)
    asked = topic_kind(doc) if asked == "fact" and is_topic(doc) else asked  # "everton points deduction"
    led = asked == "fact" or _WHEN_CLAUSE.match(doc.text) is not None
    lead = _LEADING.search(doc.text) if parse is not None and led else None
    asked = _kind_of(parse(doc.text[lead.start(1) :])) if lead else asked
    asked = "explain" if asked == "fact" and _BARE_HOW.search(doc.text) else asked  # "... leaked early - how?"
    for sent in list(doc.sents)[1:] if doc.has_annotation("SENT_START") else ():
        if doc.text[: sent.start_char].rstrip()[-1:] not in ("?", ".", "!", ":", ";", "-", "–", "—"):
            continue  # the parser's split inside one sentence ("Which platform did | Gellar call out ...?")
        then = _kind_of(sent.as_doc())
        back = re.search(r"\b(?:through|about|on|over)\s+(?:it|that|this|them)\b", sent.text.lower())
        if then in ("timeline", "list") and not back or then in LONG_KINDS and asked == "fact":
            return then
    return asked


def _kind_of(doc: Any) -> str:
    toks = [t for t in doc if not t.is_punct]
    if not toks:
        return "fact"
    low = [t.lower_ for t in toks]
    lem = [t.lemma_.lower() for t in toks]
    text = " ".join(low)
    first = toks[0]
    # A leading request ("can you", "please", "could you") does not change what is asked.
    start = 0
    while start < len(toks) - 1 and (
        low[start] in ("please", "can", "could", "would", "you", "kindly", "i", "want", "need", "to")
    ):
        start += 1
    head = toks[start]
    wh = next((t for t in toks[:4] if t.tag_ in ("WDT", "WP", "WP$", "WRB")), None)
    imperative = head.tag_ == "VB" and head.dep_ == "ROOT" or (head.i == 0 and head.pos_ == "VERB" and head.tag_ in ("VB", "VBP"))
    # A first word that can only be a request ("recap ...", "list ...") is one, however the tagger reads it.
    imperative = (
        imperative
        or head.i == start
        and head.lower_
        in _SUMMARY_VERBS
        | _LIST_VERBS
        | {"explain", "give", "tell", "walk", "talk", "show", "sketch", "trace", "chronicle", "lay", "spell"}
    )
    raw = " ".join(folded(doc.text).split())
    aux_first = first.pos_ == "AUX" and first.lower_ not in ("can", "could", "would") or _aux_first(doc)

    if _in_order(doc, raw, lem, imperative and head.lower_, wh):
        return "timeline"
    comparative = _COMPARATIVE.search(raw)
    if aux_first and not (wh is not None and wh.i < 2):
        if comparative and re.search(r"\b(than|or)\b", raw):
            return "compare"
        return "yesno"
    # Comparing two things ("Man United vs Chelsea" in a question about something else names a game, not a comparison).
    if (
        set(lem) & (_COMPARE_WORDS - _VERSUS if wh is not None and _matchup(doc) else _COMPARE_WORDS)
        or wh is not None
        and wh.lower_ in ("which", "who")
        and comparative
        and re.search(r"\b(or|than)\b", raw)
    ):
        return "compare"
    # A request with an imperative verb.
    if imperative:
        asked = _request_kind(doc, head, raw, text)
        if asked:
            return asked
    return _asked_kind(doc, toks, low, lem, raw, text, wh)


_VERSUS = frozenset({"vs", "vs.", "versus", "v", "v."})


def _matchup(doc: Any) -> bool:
    """Whether the question sets two names against each other ("Patriots vs Steelers", "Epic v. Google"): a game
    or a case it asks something about, not two things it asks to compare."""
    for t in doc[1:-1]:
        if t.lower_ in _VERSUS:
            left, right = doc[t.i - 1], doc[t.i + 1]
            if left.pos_ == "PROPN" and right.pos_ == "PROPN":
                return True
    return False


def _request_kind(doc: Any, head: Any, raw: str, text: str) -> str:
    """The kind a request asks for ("recap ...", "give me a timeline of ...", "walk me through ...")."""
    v = head.lemma_.lower()
    if v in _SUMMARY_VERBS or v == "sum":
        return "summary"
    if v in ("explain",):
        return "explain"
    if v in _LIST_VERBS:
        return "list"
    if v in _REQUEST_VERBS:  # "give me a summary of", "tell me about", "walk me through", "catch me up on"
        wanted = asked_for(doc, _SUMMARY_NOUNS | _TIMELINE_NOUNS | _CAUSE_NOUNS | _VIEW_NOUNS | {"list"})
        if wanted in _TIMELINE_NOUNS or not wanted and any(t.lower_ in ("dates", "milestones", "events") for t in doc[:8]):
            return "timeline"  # "give me a timeline of ...", "give me the key dates in ..."
        if wanted in _CAUSE_NOUNS:
            return "explain"
        if wanted in _VIEW_NOUNS:
            return "said"
        if wanted == "list":
            return "list"
        if re.search(r"\bwhy\b|\bhow come\b", raw):
            return "explain"  # "lay out why ...", "talk me through why ..."
        if v in ("walk", "take", "go", "talk") and re.search(r"\bthrough\b", text):
            # "walk me through how it works" explains; "walk me through the scandal, from ... to ..." tells it in order
            return "explain" if re.search(r"\bthrough (how|why)\b", raw) else "timeline"
        return "summary"
    return ""


def _asked_kind(doc: Any, toks: list[Any], low: list[str], lem: list[str], raw: str, text: str, wh: Any) -> str:
    """The kind a question word and its frame ask for: a reason, someone's words, an account, several things, an
    amount, else one fact."""
    objects = {t.lemma_.lower() for t in doc if t.dep_ in ("dobj", "attr", "nsubj", "pobj", "ROOT", "appos", "conj", "npadvmod")}
    # "What did X tell staff about why ...": the person's words are asked for; the reason is their subject.
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if wh is not None and wh.lower_ == "what" and root is not None and root.lemma_.lower() in _SAY_VERBS and speaker_of(doc):
        return "said"
    # Why, and what caused it (a cause named in a clause that describes a noun only says which thing is meant).
    main = {t.lemma_.lower() for t in toks if not in_noun_clause(t)}
    if "why" in low or re.search(r"\bhow come\b|\bfor what reason\b|\bwhat (?:went|goes|has gone|'s gone|is going) wrong\b", raw):
        return "explain"
    if (
        wh is not None
        and wh.lower_ == "what"
        and {t.lemma_.lower() for t in toks[:4] if t.pos_ in ("VERB", "AUX")} & _CAUSE_VERBS
        | main & {"lead", "prompt", "trigger", "cause", "behind"}
    ):
        if not set(lem) & _SAY_VERBS:
            return "explain"
    if main & _CAUSE_NOUNS and wh is not None and wh.lower_ == "what" and not set(lem) & {"say", "tell"}:
        return "explain"
    if wh is not None and wh.lower_ == "how" and len(toks) > wh.i + 1:
        nxt = toks[wh.i + 1]
        if nxt.lower_ in ("many", "much", "long", "old", "far", "big", "tall", "often"):
            return "count"
        if set(lem) & _AFFECT_VERBS or nxt.lower_ in _HOW_AUX:  # "how did ...", "how could ..."
            if set(lem) & _SAY_VERBS and speaker_of(doc):
                return "said"
            return "explain"
    # What someone said (not "what happened when X testified": an account of it; "When did Meta announce ...?" asks
    # a day, "Who is the individual accused of ...?" a name, "Which platform did X call out ...?" a thing, unless it
    # goes on "and what did he argue?").
    when = wh is not None and (wh.lower_ in ("when", "where", "who") or wh.lower_ == "which" and not re.search(r"\bwhat\b", raw))
    if speaker_of(doc) and (main & _SAY_VERBS or objects & _VIEW_NOUNS or says_now(doc)) and "happen" not in main and not when:
        return "said"
    if wh is not None and wh.lower_ == "what" and "happen" in lem:
        return "explain" if re.search(r"\bwhy\b|\bto\b", text) else "summary"
    if (
        re.search(r"\bwhat('s| is| was)? (going on|happening|up|the (latest|deal|story|situation|news|background))\b", raw)
        or re.search(r"\bwhat do (the |we )?(articles?|reports?|news|sources)\b", raw)
        or _REPORT_SAYS.search(raw)
        or re.search(r"\bwhat (is|was|has been) (known|reported|said|written) about\b", raw)
        or re.search(r"^what(?:'s| is| was| are| were) (?!\w+ing\b).+ about\W*$", raw)  # "What is the X box about?"
    ):
        return "summary"
    # "What is Spotify changing about podcasts?", "what does the study suggest": an open account, not one fact.
    if wh is not None and wh.lower_ == "what" and wh.i == 0 and wh.dep_ in ("dobj", "nsubjpass", "pobj"):
        if any(t.lemma_.lower() in _OPEN_VERBS and t.pos_ == "VERB" and t.dep_ != "aux" for t in doc[1:]):
            return "summary"
    # Lists: several of something.
    if wh is not None and wh.lower_ in ("which", "what", "who"):
        if plural_asked(toks[wh.i + 1 :]):
            return "list"
    # Amounts.
    if wh is not None and wh.lower_ in ("what", "which") and asked_for(doc[wh.i :], _AMOUNT_NOUNS, within=5):
        asks = doc[wh.i + 1] if wh.i + 1 < len(doc) else None  # "which team gained more total yards" asks for a team
        if not (asks is not None and asks.pos_ == "NOUN" and asks.lemma_.lower() not in _AMOUNT_NOUNS and wh.head == asks):
            return "count"
    return "fact"


def _in_order(doc: Any, raw: str, lem: list[str], imperative: str | bool, wh: Any) -> bool:
    """Whether events are asked for in time order: a timeline asked for, or how something unfolded.  ``imperative``
    is the request's verb ("go", "walk") when the question is a request."""
    if asked_for(doc, _TIMELINE_NOUNS, within=8):
        return True
    if re.search(
        r"\b(in (the |what |which )?(chronological )?order(?! of)|step by step|blow by blow|day by day|day-by-day|week by week|"
        r"sequence of events)\b",
        raw,
    ):
        return True
    if imperative in ("go", "run", "take") and re.search(r"\bthrough\b", raw) or re.search(r"\b(\w{3,}) by \1\b", raw):
        return True  # "go through it", "period by period", "round by round"
    so_far = re.search(r"\bfrom\b.+\bto (now|today|the end|date)\b|\bso far\b", raw)
    if so_far and ("happen" in lem or bool(imperative) and imperative not in _LIST_VERBS | _SUMMARY_VERBS):  # list/recap
        return True
    return bool(set(lem) & _TIMELINE_VERBS and (wh is not None and wh.lower_ == "how" or imperative))


def _aux_first(doc: Any) -> bool:
    """A yes/no question after a leading phrase ("After the report on May 2, did ...?")."""
    return is_yes_no(doc.text) and not doc[0].tag_.startswith("W")

"""Whose words a sentence gives: a speaker's sentences among the evidence (:func:`attributed`), named beside a
quotation or a verb of saying or holding a view, the sentences that carry their quotation on, and in an interview
with them their replies, though no sentence of those says "she said" (:mod:`rag.ask.interviews`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .interviews import LABEL, Text, replies

if TYPE_CHECKING:
    from .evidence import Evidence

# A verb of saying, not the first part of a compound ("added-time", "so-called").
SAYS = re.compile(
    r"[\"“”]|\b(said|says|told|tells|added|according to|wrote|warned|argued|claimed|believes?|thinks?)\b(?!-)", re.I
)

_SAY_VERB = re.compile(r"\b(?:said|says|told|tells|added|adds|according to|wrote|writes|warned|argued|claimed)\b(?!-)", re.I)
_STANCE = re.compile(
    r"\b(?:wants?|insist\w*|admit\w*|reveal\w*|explain\w*|confess\w*|describ\w*|urg\w*|hope[sd]?|expect\w*|"
    r"conced\w*|acknowledg\w*|stress\w*|not(?:es|ed)|repl(?:y|ies|ied)|add(?:s|ed)|argu\w*|warn\w*|agree[sd]?|"
    r"den(?:y|ies|ied)|suggest\w*|predict\w*|recommend\w*|testif\w*|posted|tweeted|views?|sees|confident|"
    r"committed|called for|calls for|points? to|pointed to|feels?|felt|criticis\w*|criticiz\w*|prais\w*|"
    r"s[ck]eptical|doubt\w*|optimistic|pessimistic|convinced|worried|concerned)\b(?!-)",
    re.I,
)
_FORECAST = re.compile(r"\b(?:forecast\w*|estimat\w*|anticipat\w*|projections?|outlook)\b", re.I)


def states_view(text: str) -> bool:
    """Whether ``text`` reports someone's words or view: a saying verb, a stance ("expects", "warned", "sees") or a
    forecast ("Bank of America has previously forecast 0% home price growth")."""
    return bool(SAYS.search(text) or _STANCE.search(text) or _FORECAST.search(text))


_PRONOUN_SAYS = re.compile(
    r"\b(?:he|she|they) (?:said|says|added|adds|told|tells|wrote|writes|noted|explained|argued|warned|continued)\b|"
    r"\b(?:said|says|added|adds|wrote|writes|continued) (?:he|she|they)\b",
    re.I,
)


_ROLES = set(
    "ceo cfo coo cto chief boss manager coach president chairman chair spokesperson spokesman spokeswoman economist "
    "economists analyst analysts minister governor director founder officials official executive executives lawyer "
    "lawyers judge team company firm government".split()
)


def surname(speaker: str) -> str:
    """The word of ``speaker`` that articles use for them after the first mention ("Yun" of "Lawrence Yun",
    also when the question is written in lower case); "" for a role without a name ("the judge")."""
    found = re.findall(r"[\w’'-]+", speaker)
    named = [w for w in found if w[:1].isupper()] or (found if speaker == speaker.lower() else [])
    last = named[-1].lower().removesuffix("'s").removesuffix("’s").split("-")[-1] if named else ""
    return "" if last in _ROLES else last  # "Check Point's CEO": any CEO's sentence is not theirs


def _says_in_title(title: str, named: re.Pattern[str]) -> bool:
    """Whether a headline gives the speaker's words: it names them and a verb of saying, or quotes them."""
    m = named.search(title)
    return m is not None and bool(SAYS.search(title[m.end() :]) or re.search(r"[‘“\"']\w", title[m.end() :]))


def open_quote(sentence: str, was_open: bool = False) -> bool:
    """Whether a quotation opened in ``sentence``, or before it when ``was_open``, goes on after it."""
    if "“" in sentence or "”" in sentence:
        return sentence.count("“") - sentence.count("”") + was_open > 0
    if was_open:
        return sentence.count('"') % 2 == 0  # a quotation in three sentences: its middle one has no marks
    return sentence.count('"') % 2 == 1 and not sentence.rstrip().endswith(('"', "”"))


def attributed(evidence: Sequence[Evidence], speaker: str, article_text: Text = None) -> set[int]:
    """The sentences of ``evidence`` (in article order) that give ``speaker``'s words or view: those naming them
    beside a quotation, a verb of saying or of holding a view ("Dyche wants ...", not "Dyche was ill"), and the
    ones right after such a sentence that carry on its open quotation or say "he said"; in an interview with them,
    their replies (:func:`replies`, read in their articles' text when ``article_text`` gives it), and in a transcript
    their turns ("Mike Minton: ...", to the next label)."""
    who = surname(speaker)
    named = re.compile(r"\b" + re.escape(who) + r"\b" if who else r"(?!)", re.I)  # no name: nobody's words
    out: set[int] = replies(evidence, named, article_text, speaker) if who else set()
    still_open = turn = False  # a quotation of theirs goes on into the next sentence; their turn in a transcript
    for i, ev in enumerate(evidence):
        carried, still_open = still_open, False
        label = _TURN.match(ev.text)
        turn = turn and label is None and i > 0 and carries_on(evidence[i - 1], ev)
        if label is not None and named.search(label.group(0)):  # "Mike Minton: Two years ago, we ..."
            out.add(i)
            turn = True
            continue
        if turn:  # the rest of their turn, up to the next "TechCrunch: ..."
            out.add(i)
            continue
        if named.search(ev.text):
            if _someone_elses(ev.text, named):
                continue
            # their words or view, not news about them; the parse (_not_theirs) only for a sentence that may be theirs
            if (SAYS.search(ev.text) or _STANCE.search(ev.text)) and not _not_theirs(ev.text, named):
                out.add(i)
                still_open = open_quote(ev.text)
            continue
        # A quotation in a story whose headline is what they say ("Alexis Ohanian says he's a 'techno
        # optimist'"), given without a sayer: theirs.
        if unattributed(ev.text) and _says_in_title(ev.passage.title, named):
            out.add(i)
            continue
        if i >= 2 and i - 1 not in out and i - 2 in out and _quotes_on(evidence[i - 2], evidence[i - 1], ev):
            out.add(i)  # their quotation after an aside about them: "(She was not involved in the study.)"
            still_open = open_quote(ev.text)
            continue
        prev = evidence[i - 1] if i else None
        if (
            prev is not None
            and i - 1 in out
            and (carries_on(prev, ev) or carried and _quote_runs_on(prev, ev))
            and (_PRONOUN_SAYS.search(ev.text) or not _SAY_VERB.search(ev.text))  # not someone else's words
            and (
                carried or _PRONOUN_SAYS.search(ev.text) or ev.text.lstrip()[:1] in '“"'  # their next quoted paragraph
            )
        ):
            out.add(i)
            still_open = open_quote(ev.text, carried)
    return out


_TURN = re.compile(r"\W*" + LABEL + r"\s")  # a sentence that opens a turn


def _quotes_on(theirs: Evidence, aside: Evidence, ev: Evidence) -> bool:
    """Whether ``ev`` quotes the speaker of ``theirs`` after ``aside``, a short sentence about them between the two
    ("(She was not involved in the study.)", "He joined the club in 2019."): it opens with a quotation mark and names
    no one else as its sayer ("she told Fox News Digital" may follow it)."""
    return (
        carries_on(theirs, aside)
        and carries_on(aside, ev)
        and len(aside.text.split()) <= 15
        and bool(_ASIDE.match(aside.text))
        and not SAYS.search(aside.text)
        and ev.text.lstrip()[:1] in '“"'
        and (_PRONOUN_SAYS.search(ev.text) is not None or not _SAY_VERB.search(ev.text))  # "she told Fox News"
    )


# A sentence about the person just named ("He finally saw the news ..."); an aside may be in brackets.
ABOUT_THEM = re.compile(r"(?:He|She|They|His|Her|Their)\b")
_ASIDE = re.compile(r"\(?" + ABOUT_THEM.pattern)


# A name's possessive that is not their words: "Kelce's outfit", not "Laird's latest report" or "Kelce's podcast".
_THEIR_THING = re.compile(
    r"['’]s?(?=\s)(?!\s+(?:\w+\s+)?(?:reports?|stud(?:y|ies)|research|paper|book|memoir|comments?|remarks?|statements?|"
    r"letters?|posts?|tweets?|views?|words|testimony|speech|interview|podcast|column|analysis|notes?|emails?|messages?)\b)",
    re.I,
)


def _someone_elses(sentence: str, named: re.Pattern[str]) -> bool:
    """Whether ``sentence`` names the speaker but gives another's words: "A, B and C were honoured for particles that
    “spread their light”, according to the Academy" (no verb of saying but that "according to"), or names only
    something of theirs and quotes nothing: "Fans were quick to believe that Kelce's outfit paid homage to Swift"."""
    if not re.search(r"[\"“”]", sentence) and not _PRONOUN_SAYS.search(sentence):  # "Dyche's side lost, he said" is his
        if all(_THEIR_THING.match(sentence[x.end() :]) for x in named.finditer(sentence)):
            return True
    m = re.search(r"\baccording to\b(.*)", sentence, re.I)
    if m is None or named.search(m.group(1)):
        return False
    before = sentence[: m.start()]
    return not (_SAY_VERB.search(before) or _STANCE.search(before))


# Verbs whose subject is the one whose words or view a sentence gives (spaCy lemmas).
_SAYER_VERBS = frozenset(
    "say tell add write warn argue claim explain note insist admit reveal tweet post believe think want hope expect "
    "concede acknowledge stress reply deny suggest predict recommend testify urge describe confess agree feel".split()
)
# What of someone's is their words: "Kelce's “100 per cent” remark", not "Swift's song “Vigilante S***”".
_WORDS_OF = frozenset("remark comment statement word quote claim message post tweet letter speech interview note warning".split())
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _not_theirs(sentence: str, named: re.Pattern[str]) -> bool:
    """Whether a sentence that names the speaker beside words of saying gives someone else's words, read with
    spaCy's parser: the speaker is named only inside a quotation ("“I wanted to give Taylor Swift one,” he said"),
    or the sentence's verbs of saying and holding a view all have a subject and none of them is the speaker ("He
    said he'd kiss Swift"; "“I'm proud of her,” Kelce said of Swift"), or it has none and quotes only a title or a
    phrase ("played the game “Kiss, Marry, Kill”"), not theirs ("Kelce's “100 per cent” remark").  A verb the
    parser finds no subject for may be theirs: the sentence is kept."""
    outside = _QUOTED.sub(" ", sentence)
    if not named.search(outside):
        return True
    from ..models.parser import nlp

    doc = nlp()(sentence)
    inside = [m.span() for m in _QUOTED.finditer(sentence)]  # the quotation's own verbs are not its sayer's
    said = [
        t
        for t in doc
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in _SAYER_VERBS and not any(a <= t.idx < b for a, b in inside)
    ]
    verbs = [t for t in said if t.dep_ not in ("acl", "amod")]  # "a video posted to TikTok": nobody's saying
    if not verbs:
        quoted = _QUOTED.findall(sentence)
        if not quoted:  # a view ("Dyche is confident ..."), unless its only word of saying was such a modifier
            rest = "".join(t.text_with_ws for t in doc if t not in said)
            return bool(said) and not (SAYS.search(rest) or _STANCE.search(rest))
        # only quotation marks: a title or a phrase in quotes ("Kiss, Marry, Kill"), unless "Kelce's “...” remark"
        theirs = any(t.dep_ == "poss" and named.search(t.text) and t.head.lemma_.lower() in _WORDS_OF for t in doc)
        return all(len(x.split()) <= 4 for x in quoted) and not _SAY_VERB.search(sentence) and not theirs

    def names_them(subject: Any) -> bool:
        return bool(named.search(" ".join(x.text for x in subject.subtree)))

    # "Swift, who turns 34, smiled as she said ...": a pronoun may stand for them when they are a subject
    subject_of_any = any(t.dep_ in ("nsubj", "nsubjpass") and names_them(t) for t in doc)
    for verb in verbs:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or any(names_them(c) or c.pos_ == "PRON" and subject_of_any for c in subjects):
            return False
    return True


def _quote_runs_on(prev: Evidence, ev: Evidence) -> bool:
    """Whether the quotation open at the end of ``prev`` runs on to ``ev``, a later sentence of its paragraph: the
    text between them (a sentence left out of the evidence, such as a question she asks) closes no quotation."""
    p = prev.passage
    if p.article_id != ev.passage.article_id or ev.passage.start != p.start or not prev.end <= ev.start <= p.end:
        return False
    gap = p.text[prev.end - p.start : ev.start - p.start]
    return len(gap) <= 400 and "\n" not in gap and not re.search(r"[”\"]", gap)


def unattributed(text: str) -> bool:
    """Whether ``text`` opens a quotation and names no one saying it: whose words they are is told elsewhere (the
    sentence before, the headline)."""
    return text.lstrip()[:1] in '“"' and not _SAY_VERB.search(text)


def carries_on(prev: Evidence, ev: Evidence) -> bool:
    """Whether ``ev`` is the sentence right after ``prev`` in the same article."""
    return prev.passage.article_id == ev.passage.article_id and 0 <= ev.start - prev.end <= 3

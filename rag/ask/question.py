"""Question analysis, done once per question: what kind of answer it wants, whom and what it names,
when it is about, and the words that carry its subject.

Every later stage reads the :class:`Question` built here: retrieval searches for its
``search`` text within its time scope, evidence selection and the support gate weigh its
``focus`` words (the subject, not the wording of the request: "summarize", "timeline",
"happened" or "why" are how it asks, not what it asks about), the answer stage picks the
answer's form from its ``kind``, and the checks compare the answer with its ``names``,
``years`` and ``reports``.

The reading comes from spaCy's small English pipeline (tags, dependency parse, entities; about
4 ms a question, loaded once): the kind (:mod:`rag.ask.kinds`), the names, the speaker, the subject
words; the time scope from :mod:`rag.ask.timescope`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models.parser import nlp
from . import timescope
from .constraints import constraints, wants
from .focus import REQUEST_WORDS, focus_of
from .followup import bare, standalone, without_context
from .kinds import KINDS, LONG_KINDS, is_yes_no, kind_of
from .language import looks_english
from .polite import unwrapped
from .query import Report, named_dates, named_sources, names, reports, unknown_sources
from .speaker import speaker_of
from .timescope import anchored_scope, asks_past, is_relative, time_scope
from .timewords import asks_latest, time_words, without_time_words

__all__ = ["KINDS", "LONG_KINDS", "Question", "analyse", "is_yes_no", "time_scope"]
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class Question:
    """One question, read once.  ``text`` is what is searched for (the question made standalone
    for a follow-up); ``since``/``until`` the time scope the question itself sets (ISO days)."""

    asked: str
    text: str
    kind: str = "fact"
    followup: bool = False
    focus: str = ""
    """The words that carry the subject: the question without the wording of its request."""
    names: tuple[str, ...] = ()
    """People, organisations, places and other proper names the question is about (outlets left out)."""
    speaker: str = ""
    """For a "said" question: whose words are asked for."""
    outlets: tuple[str, ...] = ()
    unknown_outlets: tuple[str, ...] = ()
    reports: tuple[Report, ...] = ()
    days: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    scope: str = ""
    """The time scope as the question words it ("in October 2023"), if any."""
    english: bool = True
    latest: bool = False
    """It asks for the newest state of things ("What's the latest on ...?", "Who runs OpenAI now?"): the newest
    report on the subject answers it, and the answer says as of when (:func:`rag.ask.timewords.asks_latest`)."""
    worded: str = ""
    """``text`` with the words of time :func:`analyse` took out of it to search and check ("now", "last week"), when it
    took any: what the model reads (:attr:`prompt`)."""
    anchor: tuple[str, ...] = ()
    """A scope set by an event, as ``(relation, event)``: ``("since", "the trial began")``; the assistant looks the
    event's day up in the articles and sets ``since``/``until`` from it (:func:`rag.ask.timescope.anchored_scope`)."""
    as_of: str = ""
    """The reference date (ISO day) that relative scopes ("last week") count back from, and that "latest" is as of:
    the user's ``as_of``, else the newest article's publication day."""
    past: bool = False
    """It asks what happened ("Who won ...?", "How much did X end up paying?"), not what is planned or reported.  Shown
    in the reading; no answer rule uses it (one refusing sentences about what was expected was not kept: docs/benchmarks.md)."""
    wants: str = ""
    """What the answer must contain: "name", "number", "date", "place", or "" (see :func:`wants`)."""
    constraints: tuple[tuple[str, ...], ...] = ()
    """Details the answer's evidence must match besides the subject, each as its spellings: a quarter ("q2", "second
    quarter"), an ordinal or numbered edition ("second weekend", "game 5"), a place, the thing counted ("tackles")."""
    entities: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def yes_no(self) -> bool:
        """Answered by yes or no first: a yes/no question, or a comparison asked as one ("Is X bigger than Y?")."""
        return self.kind == "yesno" or self.kind == "compare" and is_yes_no(self.asked) and " or " not in self.asked.lower()

    @property
    def prompt(self) -> str:
        """The question as the model reads it: ``text``, with its words of time ("Who runs Binance now?")."""
        return self.worded or self.text

    @property
    def parts(self) -> bool:
        """A question of several parts (reports of outlets, more than three names): each may be in another article."""
        return bool(self.reports) or len(self.names) > 3

    @property
    def long(self) -> bool:
        """Answered in several sentences or bullets rather than one line."""
        return self.kind in LONG_KINDS

    @property
    def search(self) -> str:
        """What retrieval looks for: the standalone question, or for a request that wraps its subject
        ("Summarize what the articles say about X") the subject with whose words are asked for; a timeline's with
        the word "timeline", which finds the outlets' own timelines of the story (natural timeline questions: the
        gold articles' sentences in the evidence 918 -> 969 of about 1,100, docs/benchmarks.md)."""
        if self.kind in LONG_KINDS and self.focus:
            extra = " (follow-up to: " + self.text.split("(follow-up to: ", 1)[1] if "(follow-up to: " in self.text else ""
            # A timeline is asked of a story that outlets write timelines of ("A timeline of Sam Altman's firing ...")
            genre = " timeline" if self.kind == "timeline" and not re.search(r"(?i)\btimelines?\b", self.focus) else ""
            return (self.focus + genre + extra).strip()
        return self.text

    def to_dict(self) -> dict[str, Any]:
        """How the question was read, for ``ask --json`` and the UI."""
        return {
            "kind": self.kind,
            "followup": self.followup,
            "past": self.past,
            "standalone": self.text,
            "search": self.search,
            "focus": self.focus,
            "names": list(self.names),
            "speaker": self.speaker,
            "outlets": list(self.outlets),
            "days": list(self.days),
            "years": list(self.years),
            "time_scope": {"text": self.scope, "since": self.since, "until": self.until} if self.scope else None,
            "latest": self.latest,
            "as_of": self.as_of,
        }


def analyse(
    asked: str,
    history: Sequence[str] = (),
    sources: Iterable[str] = (),
    default_year: str = "",
    today: str = "",
    casing: Callable[[str], str] | None = None,
) -> Question:
    """Read ``asked`` (given the user's earlier questions and the index's outlets) into a :class:`Question`;
    ``casing`` first spells names typed in lower case as the articles do (:mod:`rag.index.casing`)."""
    sources, typed, spell = list(sources), asked.strip(), casing or str
    earlier = [spell(h) for h in history if isinstance(h, str) and h.strip()]
    asked = spell(unwrapped(typed))  # "Can you explain why ...?" asks why
    text = standalone(asked, earlier)
    followup = text != asked
    # "And for Talon?" became the earlier question with Talon swapped in: read that question whole.
    swapped = followup and "(follow-up to: " not in text
    english, doc = looks_english(asked), nlp()(text if swapped else asked)
    kind = _kind(doc, asked, earlier, followup and not swapped, text, sources)
    speaker, focus = _from_earlier(earlier, followup and not swapped, kind, speaker_of(doc) if kind == "said" else "", doc)
    own = text if swapped else asked  # a swapped follow-up keeps the earlier question's dates and years
    (since, until, scope), worded = time_scope(own, default_year, today), text
    found_reports = tuple(reports(text, sources, default_year))
    named = tuple(split_joined(_not_requests(names(text, sources), doc))) if english else ()
    # "Now", an event's time ("since the trial began", rag.ask.recency) and a long answer's scope are asked of the subject,
    # not of named reports, where such words describe the reports' subject ("currently ..., as reported by TechCrunch").
    unknown = tuple(unknown_sources(text, sources))
    plain = not found_reports and len(named) <= 3 and not unknown
    latest = plain and kind not in ("timeline", "compare") and asks_latest(own)
    anchor = anchored_scope(own) if plain and not scope else ("", "")
    relative, absolute = is_relative(scope, today), scope if plain and kind in LONG_KINDS else ""
    if latest or relative or absolute:
        worded, text, focus = _without_when(text, focus, own, scope if relative else "", latest, "" if relative else absolute)
    return Question(
        asked=typed,
        text=text,
        worded=worded if worded != text else "",
        kind=kind,
        followup=followup,
        focus=focus,
        names=named,
        speaker=speaker,
        outlets=tuple(named_sources(text, sources)),
        unknown_outlets=unknown,
        reports=found_reports,
        days=tuple(sorted(named_dates(own, default_year))),
        years=tuple(sorted(set(_YEAR.findall(own)))),
        since=since,
        until=until,
        scope=scope,
        english=english,
        latest=latest,
        anchor=anchor if anchor[0] else (),
        as_of=today[:10],
        wants=wants(own, kind),
        constraints=constraints(doc, kind),
        past=asks_past(doc.text, [t.tag_ for t in doc]),
        entities=tuple((e.text, e.label_) for e in doc.ents),
    )


def _kind(doc: Any, asked: str, earlier: Sequence[str], followup: bool, text: str, sources: Sequence[str]) -> str:
    """The question's kind; a bare follow-up ("and why?") of a long answer asks for the same kind of answer, and
    "Which outlets covered ...?" for the outlets (:mod:`rag.news.coverage`), unless it names those it asks between."""
    from ..news.coverage import topic_asked

    if topic_asked(text) and not named_sources(text, sources):
        return "coverage"
    kind = kind_of(doc, nlp())
    if followup and kind == "fact" and bare(asked):
        kind = kind_of(nlp()(without_context(earlier[-1]))) if earlier else kind
        kind = kind if kind in LONG_KINDS else "fact"
    return kind


def _without_when(text: str, focus: str, own: str, relative: str, latest: bool, scope: str) -> tuple[str, str, str]:
    """The question as worded, and its text and focus without the words of a relative scope or of "now" (they
    say when, not what: the subject's words are searched and checked); a long answer's focus also without its
    ``scope`` ("in late November 2023" filters what was published, a long answer's sentences need not say it)."""
    drop = time_words(own, relative, latest)
    focus = timescope.without_scope(" ".join(w for w in focus.split() if w.lower() not in drop), scope)
    return text, without_time_words(text, relative, latest), focus


def _from_earlier(earlier: Sequence[str], followup: bool, kind: str, speaker: str, doc: Any) -> tuple[str, str]:
    """A follow-up's speaker and subject, read with the earlier question: "he" is its speaker, about the new
    subject ("And what did he say about Swift?"); another follow-up's subject is the earlier one's too."""
    focus = focus_of(doc, kind)
    pronoun = speaker.lower() in ("he", "she", "they")
    before = nlp()(earlier[-1]) if earlier and (followup or pronoun) else None
    if pronoun:
        person = [e.text for e in before.ents if e.label_ == "PERSON"] if before is not None else []
        speaker = (speaker_of(before) if before is not None else "") or (person[0] if person else "")
        return speaker, " ".join(x for x in (speaker, focus) if x)
    if followup and before is not None:
        focus = " ".join(x for x in (focus, focus_of(before, kind_of(before))) if x)
    return speaker, focus


def _not_requests(found: Sequence[str], doc: Any) -> list[str]:
    """Names without the words that make the request ("Summarize", "Give", "Tell", "Explain", "List", "Outline")."""
    first = next((t for t in doc if not t.is_punct), None)
    verbs = {first.text} if first is not None and first.pos_ == "VERB" and first.tag_ in ("VB", "VBP") else set()
    # An opening word outside any entity, followed by a particle, article or pronoun, is a request verb the
    # tagger took for a name ("Lay out the ...", "Run me through ...").
    after = first.nbor() if first is not None and first.i + 1 < len(doc) else None
    if first is not None and not first.ent_type_ and after is not None and after.tag_ in ("RP", "DT", "PRP", "PRP$"):
        verbs.add(first.text)
    # An opening adverb, conjunction or interjection ("So what's ...", "Anyway, ...", "Also ...") is not a name.
    if first is not None and not first.ent_type_ and first.pos_ in ("ADV", "CCONJ", "SCONJ", "INTJ", "PART", "ADP"):
        verbs.add(first.text)
    out = []
    for name in found:
        words = name.split()
        while words and (words[0] in verbs or words[0].lower() in REQUEST_WORDS):
            words = words[1:]
        if words and " ".join(words) not in out:
            out.append(" ".join(words))
    return out


def split_joined(found: Sequence[str]) -> list[str]:
    """Names joined by a hyphen or slash ("Arizona-Utah", "Israel/Hamas") are separate names; a hyphenated
    surname after a first name ("Sam Bankman-Fried") stays whole."""
    out: list[str] = []
    for name in found:
        words = name.split()
        last = words[-1] if words else ""
        parts = re.split(r"(?<=[a-z])[-/](?=[A-Z])", last) if len(words) == 1 or "/" in last else [last]
        if len(parts) > 1 and all(len(p) >= 3 for p in parts):
            out += [p for p in parts if p not in out]
        elif name not in out:
            out.append(name)
    return out

"""Timelines: the dated events of a story, in the order they happened, each cited.

An event is an article sentence that says when something happened.  Its date comes
from the sentence itself (``explicit``: "September 24", "Sept. 24, 2023", "in August
2016"), from a relative phrase resolved against the article's publication date
(``relative``: "on Tuesday", "yesterday", "last month"), or, for a sentence that gives
none, from the publication date (``publication``), and is marked so.  The same event
reported by several articles (same day, mostly the same words) is one event with all
their sentences, and so is an entry of a timeline or tracker article (a dated headline
and the paragraphs under it), told by its headline.  No model: the bullets are the
articles' own sentences, so each is supported by the sentence it cites.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..ask.clauses import WORDS, trim
from ..ask.evidence import Evidence, part_terms, terms
from .dates import date_of, entries, headings, headline, in_day, in_scope, label

# Words about the page, not the story: "This post has been updated", "Follow along for the latest".
_ABOUT_PAGE = re.compile(
    r"(?i)\b(?:this (?:post|article|story|page|live blog|timeline) (?:has been|was|is|will be) (?:updated|regularly)|"
    r"follow along|we(?:'|’)ll (?:do our best to )?(?:keep|update)|stay tuned|latest updates?|can be found (?:right )?here|"
    r"^published by)\b"
)
# First person outside quotation marks: a post or statement quoted whole ("I deeply regret my participation ..."), no event.
_FIRST_PERSON = re.compile(r"[^\w“\"]*(?:I|i|we|We|my|My|our|Our)\b(?!['’]s\b)")
# A post quoted whole ends with its author's handle and the day it was posted ("Thank you so much for your patience
# through this. — OpenAI (@OpenAI) November 22, 2023"): the day of a post, not of an event it reports.
_POST_SIGNED = re.compile(r"\(@[\w.@-]+\)\s+(?:[A-Z][a-z]+\.? \d{1,2},?|\d{1,2} [A-Z][a-z]+) \d{4}\W*$")
MAX_EVENTS = 5
MAX_WORDS = WORDS  # words of one bullet at most
TOTAL_WORDS = 110  # words of all bullets together, dates included


@dataclass(frozen=True)
class Event:
    """One dated event: when (``date``, ISO, to the precision known: YYYY, YYYY-MM or YYYY-MM-DD),
    how the date was found (``date_source``), its label, and the evidence sentences (0-based) that report it."""

    date: str
    date_source: str
    label: str
    text: str
    refs: tuple[int, ...]


def _published(ev: Evidence) -> dt.date | None:
    try:
        return dt.date.fromisoformat(ev.passage.published[:10])
    except ValueError:
        return None


def events(
    evidence: Sequence[Evidence],
    focus: str,
    limit: int = MAX_EVENTS,
    total_words: int = TOTAL_WORDS,
    max_words: int = MAX_WORDS,
    article_text: Callable[[str], str | None] | None = None,
    story: bool = False,
    scope: tuple[str, str] = ("", ""),
) -> list[Event]:
    """The dated events among ``evidence`` (best first in ``evidence``), the ``limit`` most relevant
    kept, merged across articles, in date order; their bullets share ``total_words`` words (at most ``max_words``
    each).

    With ``article_text``, a sentence under a date heading of its article (a live blog's "November 20") is dated
    by it, and its relative dates ("on Sunday") are read from that day, not from the publication date.
    Sentences that give no date stay, placed at their publication and marked so; for a ``story`` (whole articles
    read) only an article's opening sentence does, which states the news of its day, a sentence must name the
    story's subject unless its article's title does, and a bare year before the story's time is background."""
    texts: dict[str, str] = {}  # each article's text read once (headings and paragraph merging both need it)

    def text_of(aid: str) -> str:
        if aid not in texts:
            texts[aid] = (article_text(aid) if article_text is not None else None) or ""
        return texts[aid]

    read = text_of if article_text is not None else None
    spans: dict[str, list[tuple[int, int]]] = {}

    def entries_of(ev: Evidence) -> list[tuple[int, int]]:  # each article's timeline entries, found once
        aid = ev.passage.article_id
        if aid not in spans:
            spans[aid] = entries(text_of(aid), _published(ev))
        return spans[aid]

    words_of: dict[int, set[str]] = {}  # each sentence's terms, computed once for the pairwise merging

    def terms_of(i: int) -> set[str]:
        if i not in words_of:
            words_of[i] = terms(evidence[i].text)
        return words_of[i]

    found = _dated(evidence, set(part_terms(focus)), read, story)
    if any(scope):
        found = [f for f in found if f[2] == "publication" or in_scope(f[1], *scope)]
    merged = _grouped(evidence, found, limit, terms_of, read, entries_of)
    return _told(evidence, merged, total_words, max_words)


Found = tuple[float, str, str, int]  # score, date (ISO, as precise as known), how it was dated, evidence index


def _dated(
    evidence: Sequence[Evidence],
    q: set[str],
    text_of: Callable[[str], str] | None,
    story: bool,
) -> list[Found]:
    """Each evidence sentence that is an event of the story, with its date and score (see :func:`events`)."""
    pubs = [d for d in (_published(ev) for ev in evidence) if d is not None]
    first_year = min(pubs).year if pubs else 0
    found: list[Found] = []
    last: dict[str, tuple[int, int]] = {}  # article -> (start, year) of its last dated sentence so far
    heads: dict[str, list[tuple[int, dt.date]]] = {}
    for i, ev in enumerate(evidence):
        aid = ev.passage.article_id
        if _ABOUT_PAGE.search(ev.text) or _FIRST_PERSON.match(ev.text) or _POST_SIGNED.search(ev.text):
            continue
        pub = _published(ev)
        if text_of is not None and aid not in heads:
            heads[aid] = headings(text_of(aid), pub)
        section = [d for at, d in heads.get(aid, ()) if at < ev.start]
        before = last.get(aid)
        when = date_of(ev.text, section[-1] if section else pub, before[1] if before and before[0] < ev.start else None)
        if when and pub and len(when[0]) == 4 and int(when[0]) > pub.year + 1:
            when = None  # "paid from 2034": a schedule years ahead, not when something happened
        if story and when and len(when[0]) == 4 and int(when[0]) < first_year - 1:
            when = None  # "first elected in 2006": background to the story, not an event of it
        if when and when[1] == "explicit":
            last[aid] = (ev.start, int(when[0][:4]))
        if when is None and section:
            when = (section[-1].isoformat(), "explicit")  # dated by its section's heading
        if when is None:
            if pub is None or (story and not _opens(ev)):
                continue
            when = (pub.isoformat(), "publication")
        t = part_terms(ev.text)  # the subject as spaCy gives it ("Bankman Fried") is named by "Bankman-Fried"
        title = part_terms(ev.passage.title)
        if story and q and not q & t and len(q & title) < len(q) / 2:
            continue  # an aside of an article that is only partly about the story
        rel = len(q & (t | title)) / len(q) if q else 0.0
        own = len(q & t) / len(q) if q else 0.0
        if story:  # whole articles, best first: what the sentence itself says counts, and an exact day
            score = own + 0.5 * rel + (0.3 if when[1] != "publication" else 0.0) + (0.2 if len(when[0]) == 10 else 0.0)
        else:
            # A date counts, not "last year" (a comparison as often as not); an undated sentence that says when in its
            # day ("in the 70th minute") is an event of its report's day (natural dev timelines: 20 -> 19 facts missing).
            vague = when[1] == "relative" and len(when[0]) == 4
            dated = when[1] != "publication" and not vague or when[1] == "publication" and in_day(ev.text)
            score = rel + (0.3 if dated else 0.0) - 0.02 * i
        found.append((score, when[0], when[1], i))
    return found


def _grouped(
    evidence: Sequence[Evidence],
    found: list[Found],
    limit: int,
    terms_of: Callable[[int], set[str]],
    text_of: Callable[[str], str] | None,
    entries_of: Callable[[Evidence], list[tuple[int, int]]],
) -> list[list[Found]]:
    """The ``limit`` most relevant events, each with the sentences that report it, in date order: those that more
    articles report first, then by relevance."""
    # Sentences the text does not date stay (placed at their publication and marked so): a match report's goals
    # or a hearing's turns are dated only by the report (on the dev split, 31 of 51 key facts with them, 29 without).
    found = sorted(found, key=lambda x: -x[0])
    merged: list[list[Found]] = []
    # Two passes: first the best event of each date the text gives (a timeline spans the story), then the rest by
    # relevance.  A date the text does not give (the publication's) or gives only vaguely ("last year", which is
    # often a comparison: "just like last year, ...") claims no place of its own in the first pass: on the natural
    # dev split's timelines this took 27 -> 29 key facts in the bullets, and the labelled stories 81 -> 82 events found.
    taken: set[int] = set()
    for spread in (True, False):
        for item in found:
            _, date, source, i = item
            vague = source == "publication" or source == "relative" and len(date) == 4
            if i in taken or spread and (vague or any(g[0][1] == date for g in merged)):
                continue
            for group in merged:
                if _same_event(evidence, group, item, terms_of, text_of, entries_of):
                    group.append(item)
                    taken.add(i)
                    break
            else:
                merged.append([item])
                taken.add(i)

    # An event more articles report goes first (a sort that keeps the order above among equals), when the text dates
    # it: two reports of one day quoting the same words are not an event of that day ("I was disappointed that she
    # doesn't talk ..." had pushed Kelce's July bracelet out of the seeds' five).
    def reports(g: list[Found]) -> int:
        return 1 if g[0][2] == "publication" else len({evidence[x[3]].passage.article_id for x in g})

    merged = sorted(merged, key=lambda g: -reports(g))[:limit]
    for group in merged:  # an event is told by its first sentence in its article
        first = evidence[group[0][3]].passage.article_id
        group.sort(key=lambda x: (evidence[x[3]].passage.article_id != first, evidence[x[3]].start))
    # Events of one day keep their articles' order (a match report told in order).
    merged.sort(key=lambda g: (g[0][1], evidence[g[0][3]].passage.article_id, evidence[g[0][3]].start))
    return merged


def _told(evidence: Sequence[Evidence], merged: list[list[Found]], total_words: int, max_words: int) -> list[Event]:
    """Each event as told by its first sentence, the bullets sharing ``total_words`` (at most ``max_words`` each)."""
    out = []
    left = total_words
    for k, group in enumerate(merged):
        _, date, source, i = group[0]
        text = re.sub(r"^\W*(?:" + re.escape(label(date)) + r"|" + date[:4] + r")\s*[:–—-]\s*", "", headline(evidence[i].text))
        head = len(bullet(Event(date, source, label(date), "", ())).split()) + 1  # the date, and an ellipsis if cut
        room = min(max_words, max(8, left // (len(merged) - k) - head))  # the words left, shared by the bullets left
        event = Event(date, source, label(date), trim(text or evidence[i].text, room, event=True), tuple(x[3] for x in group))
        left -= len(bullet(event).split())
        out.append(event)
    return out


def _opens(ev: Evidence) -> bool:
    """Whether ``ev`` is its article's opening sentence (no sentence of the passage's text before it)."""
    before = ev.passage.text[: max(0, ev.start - ev.passage.start)]
    return ev.start == 0 or (ev.passage.start == 0 and not re.search(r"\w[^.!?\n]{30,}[.!?]", before))


def _same_event(
    evidence: Sequence[Evidence],
    group: list[tuple[float, str, str, int]],
    item: tuple[float, str, str, int],
    terms_of: Callable[[int], set[str]],
    text_of: Callable[[str], str] | None,
    entries_of: Callable[[Evidence], list[tuple[int, int]]],
) -> bool:
    """Whether ``item`` reports the event of ``group``: another article's sentence of the same day or month in mostly
    the same words, or (reading whole articles: ``text_of`` gives an article's text) the next sentence of the same paragraph
    or of the same entry of a timeline article (:func:`rag.news.dates.entries`) with the same date."""
    _, date, _, i = item
    _, d0, _, j = group[0]
    a, b = evidence[i], evidence[j]
    if d0 != date:
        return False
    if a.passage.article_id != b.passage.article_id:
        t, t0 = terms_of(i), terms_of(j)
        # A day or a month ("In July, Kelce tried to give Swift a friendship bracelet", told by three outlets).
        return len(date) >= 7 and bool(t and t0) and len(t & t0) / len(t | t0) >= 0.4
    if text_of is None:
        return False
    text = text_of(a.passage.article_id)
    if any(lo <= min(a.start, b.start) and max(a.end, b.end) <= hi for lo, hi in entries_of(a)):
        return True  # one entry of a timeline or a tracker: its headline and the sentences under it
    members = [evidence[x[3]] for x in group]
    for m in members:
        first, second = (m, a) if m.end <= a.start else (a, m)
        gap = text[first.end : second.start]
        if len(gap) <= 3 and "\n" not in gap:
            return True  # the next sentence of one paragraph
        if not gap.strip() and gap.count("\n") <= 3 and not re.search(r"[.!?\"”']\s*$", first.text):
            return True  # a headline and the paragraph under it
    return False


# How a date the text does not give whole is marked: reckoned from the article's date ("on Thursday", "in July"), or
# only the article's date.
MARKS = {"relative": "inferred", "publication": "published"}


def marked(label: str, date_source: str) -> str:
    """A date label as shown, marked when the text does not give it whole: "October 5, 2023 (inferred)" for "on
    Thursday" in an article of October 6, "September 26, 2023 (published)" for an undated sentence."""
    mark = MARKS.get(date_source)
    return f"{label} ({mark})" if mark else label


def bullet(event: Event) -> str:
    """The event as a timeline bullet: its date (marked when the text does not give it whole), then its words."""
    return f"{marked(event.label, event.date_source)}: {event.text}"

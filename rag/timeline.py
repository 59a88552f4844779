"""Timelines: the dated events of a story, in the order they happened, each cited.

An event is an article sentence that says when something happened.  Its date comes
from the sentence itself (``explicit``: "September 24", "Sept. 24, 2023", "in August
2016"), from a relative phrase resolved against the article's publication date
(``relative``: "on Tuesday", "yesterday", "last month"), or, for a sentence that gives
none, from the publication date (``publication``), and is marked so.  The same event
reported by several articles (same day, mostly the same words) is one event with all
their sentences.  No model: the bullets are the articles' own sentences, so each is
supported by the sentence it cites.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .evidence import Evidence, terms
from .timescope import MONTH_RE, month_no

_MONTH = r"(?P<month>" + MONTH_RE + r")"
_EXPLICIT = re.compile(
    r"\b(?:" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + MONTH_RE + r")"
    r"(?:,?\s+(?P<year2>(?:19|20)\d{2}))?"
    r"|(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2}))",
    re.I,
)
_MONTH_YEAR = re.compile(
    r"\b(?:in|since|during|by|from|until|of|early|late|mid-?)\s+(?:(?:early|late|mid-?)\s+)?"
    r"(?P<month>" + MONTH_RE + r")(?:\s+(?P<year>(?:19|20)\d{2}))?\b",
    re.I,
)
_YEAR_ONLY = re.compile(
    r"\b(?:in|since|during|by|from|until|back in|of)\s+(?P<year>(?:19|20)\d{2})\b|^\W*(?P<head>(?:19|20)\d{2})\s*[:–—-]", re.I
)
# What a year names when it is part of a title: "her 2014 hit", "the 1989 tracks", "1989 (Taylor's Version)".
_WORK = re.compile(
    r"(?:['’]s)?\s+(?:\(|(?:\w+\s+)?(?:albums?|tracks?|songs?|singles?|hits?|tours?|films?|movies?|models?|editions?|"
    r"versions?|records?|collections?|re-?releases?|LPs?|EPs?)\b)",
    re.I,
)
_ANY_YEAR = re.compile(r"(?<![\d$£€.,-])(?:19[5-9]\d|20[0-4]\d)(?![\d%,.-]\d)(?!['’]?s\b)")  # "the 2000s" is a decade
_WEEKDAY = re.compile(r"\b(?:on|last|this|early|late)\s+(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|last night|this week|last week|last month|last year|this year)\b", re.I
)
# "that year", "the same year", "the following year": the year of the article's last dated sentence before it.
_THAT_YEAR = re.compile(
    r"\b(?:(?:of |in )?that (?:same )?year|(?:in |of )?the same year|"
    r"(?P<next>the following year|(?<!within )(?<!over )(?<!in )the next year|a year later))\b",  # not "within the next year"
    re.I,
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MAX_EVENTS = 5
MAX_WORDS = 30  # words of one bullet at most
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


def date_of(sentence: str, published: dt.date | None, year: int | None = None) -> tuple[str, str] | None:
    """``(date, date_source)`` for the first time ``sentence`` gives, or None; see the module docstring.  ``year``
    is the year the article spoke of just before, which "that year" and "the following year" refer to."""
    if year and (that := _THAT_YEAR.search(sentence)):
        year += 1 if that.group("next") else 0
        found = date_of(_THAT_YEAR.sub(f" {year}", sentence), None)
        return found if found else (str(year), "explicit")
    m = _EXPLICIT.search(sentence)
    if m:
        if m.group("iso"):
            return m.group("iso"), "explicit"
        month = month_no(m.group("month") or m.group("month2"))
        day = int(m.group("day") or m.group("day2"))
        year_s = m.group("year") or m.group("year2")
        if year_s:
            year = int(year_s)
        elif published:
            year = published.year
            if dt.date(year, month, min(max(day, 1), 28)) > published + dt.timedelta(days=120):
                year -= 1  # "on December 28" in a September article: last December
        else:
            return None
        if 1 <= day <= calendar.monthrange(year, month)[1]:
            return f"{year}-{month:02d}-{day:02d}", "explicit"
    m = _WEEKDAY.search(sentence)
    if m and published:
        back = (published.weekday() - _WEEKDAYS.index(m.group("wd").lower())) % 7
        return (published - dt.timedelta(days=back)).isoformat(), "relative"
    m = _MONTH_YEAR.search(sentence)
    if m and (m.group("year") or published):
        year = int(m.group("year")) if m.group("year") else published.year  # type: ignore[union-attr]
        month = month_no(m.group("month"))
        if not m.group("year") and published and month > published.month + 1:
            year -= 1
        return f"{year}-{month:02d}", "explicit" if m.group("year") else "relative"
    m = _RELATIVE.search(sentence)
    if m and published:
        rel = m.group("rel").lower()
        if rel in ("today", "tonight", "this week"):
            return published.isoformat(), "relative"
        if rel in ("yesterday", "last night"):
            return (published - dt.timedelta(days=1)).isoformat(), "relative"
        if rel == "last week":
            return (published - dt.timedelta(days=7)).isoformat()[:10], "relative"
        if rel == "last month":
            first = published.replace(day=1) - dt.timedelta(days=1)
            return first.isoformat()[:7], "relative"
        if rel == "last year":
            return str(published.year - 1), "relative"
        return str(published.year), "relative"
    m = _YEAR_ONLY.search(sentence)
    if m:
        return m.group("year") or m.group("head"), "explicit"
    for m in _ANY_YEAR.finditer(sentence):
        if not _WORK.match(sentence, m.end()):  # "her 2022 album", "1989 (Taylor's Version)": a title, not a time
            return m.group(0), "explicit"
    return None


def label(date: str) -> str:
    """ "September 24, 2023", "August 2016" or "2016"."""
    if len(date) == 10:
        d = dt.date.fromisoformat(date)
        return f"{calendar.month_name[d.month]} {d.day}, {d.year}"
    if len(date) == 7:
        return f"{calendar.month_name[int(date[5:7])]} {date[:4]}"
    return date


_OPENING = re.compile(
    r"(?i)\W*(?:on|in|during|at|after|before|since|by|back in|earlier|later|last|this|following|when|while|as)\b"
)


def trim(sentence: str, words: int = MAX_WORDS, event: bool = False) -> str:
    """The sentence cut to about ``words`` words at a clause boundary (its own words, an ellipsis where cut).
    For an ``event`` (a timeline bullet, whose date is its label), not after an opening phrase alone."""
    parts = sentence.split()
    if len(parts) <= words:
        return sentence.strip()
    cut = " ".join(parts[:words])
    at = max(cut.rfind(", "), cut.rfind("; "), cut.rfind(" – "), cut.rfind(" — "))
    # An opening phrase ("During an episode of the show on 21 September,") is not what the sentence says happened.
    opening = event and at == cut.find(", ") and _OPENING.match(cut)
    if at > len(cut) // 2 and not opening:
        cut = cut[:at]
    return cut.rstrip(",;:–— ") + " …"


def events(
    evidence: Sequence[Evidence], focus: str, limit: int = MAX_EVENTS, total_words: int = TOTAL_WORDS, max_words: int = MAX_WORDS
) -> list[Event]:
    """The dated events among ``evidence`` (best first in ``evidence``), the ``limit`` most relevant
    kept, merged across articles, in date order; their bullets share ``total_words`` words (at most ``max_words``
    each)."""
    q = terms(focus)
    found: list[tuple[float, str, str, int]] = []
    last: dict[str, tuple[int, int]] = {}  # article -> (start, year) of its last dated sentence so far
    for i, ev in enumerate(evidence):
        aid = ev.passage.article_id
        pub = _published(ev)
        before = last.get(aid)
        when = date_of(ev.text, pub, before[1] if before and before[0] < ev.start else None)
        if when and when[1] == "explicit":
            last[aid] = (ev.start, int(when[0][:4]))
        if when is None:
            if pub is None:
                continue
            when = (pub.isoformat(), "publication")
        t = terms(ev.text)
        rel = len(q & (t | terms(ev.passage.title))) / len(q) if q else 0.0
        score = rel + (0.3 if when[1] != "publication" else 0.0) - 0.02 * i
        found.append((score, when[0], when[1], i))
    # Sentences the text does not date stay (placed at their publication and marked so): a match report's goals
    # or a hearing's turns are dated only by the report (on the dev split, 31 of 51 key facts with them, 29 without).
    found.sort(key=lambda x: -x[0])
    merged: list[list[tuple[float, str, str, int]]] = []
    # Two passes: first the best event of each date (a timeline spans the story), then the rest by relevance.
    taken: set[int] = set()
    for spread in (True, False):
        for item in found:
            _, date, _, i = item
            if i in taken or (spread and any(g[0][1] == date for g in merged)):
                continue
            t = terms(evidence[i].text)
            for group in merged:
                _, d0, _, j = group[0]
                t0 = terms(evidence[j].text)
                same_day = d0 == date and len(date) == 10
                if evidence[j].passage.article_id != evidence[i].passage.article_id and same_day and t and t0:
                    if len(t & t0) / len(t | t0) >= 0.4:
                        group.append(item)
                        taken.add(i)
                        break
            else:
                if len(merged) < limit:
                    merged.append([item])
                    taken.add(i)
    # Events of one day keep their articles' order (a match report told in order).
    merged.sort(key=lambda g: (g[0][1], evidence[g[0][3]].passage.article_id, evidence[g[0][3]].start))
    out = []
    left = total_words
    for k, group in enumerate(merged):
        _, date, source, i = group[0]
        text = re.sub(r"^\W*(?:" + re.escape(label(date)) + r"|" + date[:4] + r")\s*[:–—-]\s*", "", evidence[i].text)
        head = len(bullet(Event(date, source, label(date), "", ())).split()) + 1  # the date, and an ellipsis if cut
        room = min(max_words, max(8, left // (len(merged) - k) - head))  # the words left, shared by the bullets left
        event = Event(date, source, label(date), trim(text or evidence[i].text, room, event=True), tuple(x[3] for x in group))
        left -= len(bullet(event).split())
        out.append(event)
    return out


def bullet(event: Event) -> str:
    """The event as a timeline bullet: its date (marked when it is only the publication date), then its words."""
    when = event.label if event.date_source != "publication" else f"{event.label} (published)"
    return f"{when}: {event.text}"

"""Dates in article text: the first time a sentence gives (:func:`date_of`), as written (``explicit``: "September
24", "Sept. 24, 2023", "in August 2016") or relative to the article's publication date (``relative``: "on Tuesday",
"yesterday", "last month"); a live blog's date headings (:func:`headings`); a date's label (:func:`label`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..ask.timescope import MONTH_RE, month_no

_MONTH = r"(?P<month>" + MONTH_RE + r")"
_YEAR = r"(?:1[6-9]|20)\d{2}"  # a year beside a month or a day: 1600 to 2099 ("born on Oct. 3, 1873")
_EXPLICIT = re.compile(
    r"\b(?:" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>" + _YEAR + r"))?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + MONTH_RE + r")"
    r"(?:,?\s+(?P<year2>" + _YEAR + r"))?"
    r"|(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2}))",
    re.I,
)
_MONTH_YEAR = re.compile(
    r"\b(?:in|since|during|by|from|until|of|early|late|mid-?)\s+(?:(?:early|late|mid-?)\s+)?"
    # "June of 2022", and the first of two months given one year ("May and June of 2022")
    r"(?P<month>" + MONTH_RE + r")(?:\s+(?:and|or|to)\s+(?:" + MONTH_RE + r"))?(?:,?\s+(?:of\s+)?(?P<year>" + _YEAR + r"))?\b",
    re.I,
)
_YEAR_ONLY = re.compile(
    r"\b(?:in|since|during|by|from|until|back in|of)\s+(?:(?:early|late|mid-?)\s*)?(?P<year>(?:1[7-9]|20)\d{2})\b"
    r"|^\W*(?P<head>(?:19|20)\d{2})\s*[:–—-]",
    re.I,
)
# What a year names when it is part of a title: "her 2014 hit", "the 1989 tracks", "1989 (Taylor's Version)".
_WORK = re.compile(
    r"(?:['’]s)?\s+(?:\(|(?:\w+\s+)?(?:albums?|tracks?|songs?|singles?|hits?|tours?|films?|movies?|models?|editions?|"
    r"versions?|records?|collections?|re-?releases?|LPs?|EPs?)\b)",
    re.I,
)
_ANY_YEAR = re.compile(r"(?<![\d$£€.,-])(?:19[5-9]\d|20[0-4]\d)(?![\d%,.-]\d)(?!['’]?s\b)")  # "the 2000s" is a decade
# "on Tuesday", "late Friday", or a bare "Wednesday" ("failed again Wednesday"), but not a day's name ("Black Friday",
# "Cyber Monday", "Super Tuesday") or one ahead ("next Monday").
_WEEKDAY = re.compile(
    r"\b(?:(?:on|last|this|early|late)\s+|(?<!black )(?<!cyber )(?<!ash )(?<!good )(?<!super )(?<!next )(?<!giving ))"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?!\s+night football)",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|last night|this week|last week|last month|last year|this year)\b(?!['’]s)", re.I
)
# "that year", "the same year", "the following year": the year of the article's last dated sentence before it.
_THAT_YEAR = re.compile(
    r"\b(?:(?:of |in )?that (?:same )?year|(?:in |of )?the same year|"
    r"(?P<next>the following year|(?<!within )(?<!over )(?<!in )the next year|a year later))\b",  # not "within the next year"
    re.I,
)
# A line that is only a date ("November 20", "Monday, Nov. 20, 2023", "20 November 2023 at 9:15 a.m. ET"): the
# heading of a live blog's or a timeline article's section, which dates the sentences under it.
_HEADING = re.compile(
    r"^\W*(?:(?:date|updated|posted|published)\s*:\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?:" + MONTH_RE + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + MONTH_RE + r")\.?)"
    r"(?:,?\s+(?:19|20)\d{2})?(?:,?\s+(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\W*$",
    re.I,
)
# A timeline article's entry heading: a date, then a headline without a full stop ("Sept. 24: Kelce and Swift leave
# stadium together").
_HEADED = re.compile(
    r"^\W*(?:(?:" + MONTH_RE + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\s+(?:" + MONTH_RE + r"))(?:,?\s+(?:19|20)\d{2})?"
    r"\s*[:–—-]\s+(\S.{0,100})$",
    re.I,
)
# A sentence about what is still to come.
_AHEAD = re.compile(
    r"\b(?:will|won['’]t|['’]ll|is set|are set|set (?:for|to)|scheduled|expected to|due (?:to|on|in)|slated|upcoming|"
    r"come|coming|next|going to|plans? to|preview)\b",
    re.I,
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def date_of(sentence: str, published: dt.date | None, year: int | None = None) -> tuple[str, str] | None:
    """``(date, date_source)`` for the first time ``sentence`` gives, or None; see the module docstring.  ``year``
    is the year the article spoke of just before, which "that year" and "the following year" refer to.  A weekday is the one
    before, or the one after when the sentence looks ahead ("will resume on Tuesday").  (A day after the publication
    told as past is not taken for last year's: live pages go on reporting after their publication date.)"""
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
        wd = _WEEKDAYS.index(m.group("wd").lower())
        if _AHEAD.search(sentence):
            return (published + dt.timedelta(days=(wd - published.weekday()) % 7 or 7)).isoformat(), "relative"
        back = (published.weekday() - wd) % 7
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
        return _relative(m.group("rel").lower(), published), "relative"
    m = _YEAR_ONLY.search(sentence)
    if m:
        return m.group("year") or m.group("head"), "explicit"
    for m in _ANY_YEAR.finditer(sentence):
        if not _WORK.match(sentence, m.end()):  # "her 2022 album", "1989 (Taylor's Version)": a title, not a time
            return m.group(0), "explicit"
    return None


def headings(text: str, published: dt.date | None) -> list[tuple[int, dt.date]]:
    """The date headings of an article's text, as (offset, day), in order (see :data:`_HEADING`)."""
    return [(at, day) for at, day, _ in _headings(text, published)]


def entries(text: str, published: dt.date | None) -> list[tuple[int, int]]:
    """The spans (start, end) of a timeline's or a tracker's entries: each a headline with its date ("July 26: Kelce
    makes friendship bracelet for Swift", or a headline above "Date: Nov. 21") and the text under it, to the next
    date heading.  A bare date heading (a live blog's "November 20") heads many entries, so it makes none."""
    heads = _headings(text, published)
    ends = [at for at, _, _ in heads[1:]] + [len(text)] if heads else []
    return [(at, _entry_end(text, at, end)) for (at, _, titled), end in zip(heads, ends, strict=True) if titled]


ENTRY_PARAGRAPHS = 4  # an entry is its headline and a few paragraphs: the last one of a page does not run to its end


def _entry_end(text: str, at: int, end: int) -> int:
    """Where the entry whose headline is at ``at`` ends: at the next date heading (``end``), the next heading of
    another kind (a short line that ends no sentence and quotes nothing: "Carabao Cup third round results", not a
    lyric under the headline), or after :data:`ENTRY_PARAGRAPHS` paragraphs under its headline, whichever comes
    first.  A schedule's last line would otherwise make one entry of the rest of the page: a bullet cited its
    results and TV listings, 23 sentences."""
    head = text.find("\n", at, end)
    if head < 0:
        return end
    paragraphs = 0
    for m in re.finditer(r"(?m)^[ \t]*(\S[^\n]*)$", text[head:end]):
        line = m.group(1).strip()
        # not an epigraph in quotes, nor a tracker's field ("Date: Nov. 30", "Source: Jon Heyman, New York Post")
        if len(line.split()) <= 12 and not re.search(r"[.!?\"”’':;,)]$|[\"“”]|^[\w ]{1,20}:\s", line):
            return head + m.start()
        paragraphs += len(line.split()) > 12  # a tracker's fields and an epigraph are no paragraphs of its text
        if paragraphs > ENTRY_PARAGRAPHS:
            return head + m.start()
    return end


def headline(line: str) -> str:
    """A timeline entry's heading without its date ("Kelce makes friendship bracelet for Swift" for "July 26: Kelce
    makes friendship bracelet for Swift"); any other line as it is."""
    m = _HEADED.match(line)
    return line[m.start(1) :] if m else line


def _headings(text: str, published: dt.date | None) -> list[tuple[int, dt.date, bool]]:
    """The date headings as (offset, day, whether the heading gives a headline)."""
    out: list[tuple[int, dt.date, bool]] = []
    for m in re.finditer(r"(?m)^[^\n]{3,140}$", text):
        line = m.group(0).strip()
        headed = bool(_HEADED.match(line)) and not re.search(r"[.!?\"”]$", line)
        if _HEADING.match(line) or headed:
            when = date_of(m.group(0), published)
            if when and len(when[0]) == 10:
                at = m.start()
                if re.match(r"\W*date\s*:", line, re.I):  # a tracker's "Date: Friday, Dec. 8" under the entry's headline
                    head = re.search(r"(?m)^([^\n]{3,140})\n\s*\Z", text[:at])
                    if head and len(head.group(1).split()) <= 15 and not re.search(r"[.!?\"”]$", head.group(1).strip()):
                        at, headed = head.start(1), True
                out.append((at, dt.date.fromisoformat(when[0]), headed))
    return out


def label(date: str) -> str:
    """ "September 24, 2023", "August 2016" or "2016"."""
    if len(date) == 10:
        d = dt.date.fromisoformat(date)
        return f"{calendar.month_name[d.month]} {d.day}, {d.year}"
    if len(date) == 7:
        return f"{calendar.month_name[int(date[5:7])]} {date[:4]}"
    return date


def _relative(rel: str, published: dt.date) -> str:
    """The day, month or year a relative phrase ("yesterday", "last month") of an article published then means."""
    if rel in ("today", "tonight", "this week"):
        return published.isoformat()
    if rel in ("yesterday", "last night"):
        return (published - dt.timedelta(days=1)).isoformat()
    if rel == "last week":
        return (published - dt.timedelta(days=7)).isoformat()[:10]
    if rel == "last month":
        return (published.replace(day=1) - dt.timedelta(days=1)).isoformat()[:7]
    if rel == "last year":
        return str(published.year - 1)
    return str(published.year)


def in_scope(date: str, since: str, until: str) -> bool:
    """Whether an event dated ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) is of the time ``since``..``until`` (ISO days,
    either may be empty): its span meets the scope's, and a bare year does not place an event in a scope of a month or
    less ("Eriksen may not return in 2023" is no event of "in December"; "Harbaugh is 31-3 ... 2020" none of "in
    mid-November 2023")."""
    lo, hi = _span(date)
    if since and hi < dt.date.fromisoformat(since) or until and lo > dt.date.fromisoformat(until):
        return False
    if len(date) == 4 and since and until:
        return (dt.date.fromisoformat(until) - dt.date.fromisoformat(since)).days > 31
    return True


def _span(date: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date of the precision given covers."""
    if len(date) == 4:
        return dt.date(int(date), 1, 1), dt.date(int(date), 12, 31)
    if len(date) == 7:
        y, m = int(date[:4]), int(date[5:7])
        return dt.date(y, m, 1), dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
    day = dt.date.fromisoformat(date[:10])
    return day, day


# A time within the day of a report ("in the 70th minute", "in the second inning", "2:19 left in the third quarter",
# "on the next play"): a match or a hearing told in order.
_IN_DAY = re.compile(
    r"(?i)\b(?:\d{1,3}(?:st|nd|rd|th)[- ]minute|minute \d{1,3}\b|(?:first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|final|opening|middle|closing|1st|2nd|3rd|4th|\d+th) (?:period|quarter|half|inning|innings|frame|set|"
    r"round|lap|session)|half-?time|stoppage time|injury time|extra time|overtime|(?:before|after) the break|"
    r"\d{1,2}:\d{2} (?:left|remaining|to go|into)|on the (?:next|following|ensuing) (?:play|drive|possession))"
)


def in_day(sentence: str) -> bool:
    """Whether ``sentence`` places what it tells at a time within its report's day (a minute, a period, an inning)."""
    return bool(_IN_DAY.search(sentence))

"""The publication-time scope a question sets ("in October 2023", "the last week of November", "since Dec 1")."""

from __future__ import annotations

import calendar
import re

_MONTHS = [m.lower() for m in calendar.month_name[1:]]
# A month's full name or its abbreviation ("Sept.", "Nov"), never the start of another word ("Marcus", "Junior").
MONTH_RE = r"(?:" + "|".join(f"{m}|{m[:3]}" + ("|sept" if m == "september" else "") for m in _MONTHS) + r")(?![a-z])\.?"


_SCOPE = re.compile(
    r"\b(?P<rel>since|after|before|until|till|by|through|during|in|on|from|of|between|around|over|throughout|early|mid|late)?\s*"
    r"(?:(?P<part>(?:the )?(?:first|second|third|fourth|last|final) (?:week|half|days?|fortnight) of|"
    r"(?:the )?(?:start|beginning|middle|end|early|mid|late)(?: of)?|early|mid-?|late)\s+)?"
    r"(?P<month>" + MONTH_RE + r")(?:\s+(?P<day>\d{1,2})(?!\d)(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>\d{4}))?"
    r"(?:\s*(?:-|–|to|and|until|through)\s*(?P<month2>"
    + MONTH_RE
    + r")?\s*(?P<day2>\d{1,2})?(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year2>\d{4}))?)?",
    re.IGNORECASE,
)
_YEAR_SCOPE = re.compile(r"\b(?P<rel>in|during|since|after|before|throughout|of)\s+(?P<year>19[5-9]\d|20[0-4]\d)\b", re.I)


def month_no(word: str) -> int:
    """1-12 for a month's name or abbreviation matched by :data:`MONTH_RE`."""
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(word[:3].lower()))


def time_scope(question: str, default_year: str = "", today: str = "") -> tuple[str, str, str]:
    """The publication-time scope a question sets: ``(since, until, words)`` as ISO days, or empty.

    Months and days ("in October", "since November 20", "the last week of November 2023",
    "between Oct 2 and Oct 9") scope what was published; a bare year ("in 2021") scopes it too,
    which the answer stage also reads as a constraint on the events themselves.
    """
    best: tuple[str, str, str] = ("", "", "")
    for m in _SCOPE.finditer(question):
        rel = (m.group("rel") or "").lower()
        if not rel and not m.group("part"):
            continue  # "May" or "March" alone, a name or a verb, is not a scope
        if m.group("month").lower().startswith("may") and not (
            m.group("day") or m.group("year") or rel in ("in", "since", "during")
        ):
            continue
        year = m.group("year") or default_year
        if not year:
            continue
        month = month_no(m.group("month"))
        last = calendar.monthrange(int(year), month)[1]
        day = int(m.group("day")) if m.group("day") and 1 <= int(m.group("day")) <= last else 0
        lo, hi = (day, day) if day else (1, last)
        part = (m.group("part") or "").lower()
        if not day and part:
            if "first week" in part:
                lo, hi = 1, 7
            elif "second week" in part:
                lo, hi = 8, 14
            elif "third week" in part:
                lo, hi = 15, 21
            elif "fourth week" in part:
                lo, hi = 22, 28
            elif any(w in part for w in ("last week", "final week", "last days", "final days")):
                lo, hi = last - 6, last
            elif "first half" in part or any(w in part for w in ("start", "beginning", "early")):
                lo, hi = 1, 15 if "half" in part else 10
            elif "second half" in part:
                lo, hi = 16, last
            elif "middle" in part or "mid" in part:
                lo, hi = 10, 20
            elif "end" in part or "late" in part:
                lo, hi = 20, last
        since, until = f"{year}-{month:02d}-{lo:02d}", f"{year}-{month:02d}-{hi:02d}"
        if m.group("month2") or m.group("day2"):
            year2 = m.group("year2") or year
            month2 = month_no(m.group("month2")) if m.group("month2") else month
            last2 = calendar.monthrange(int(year2), month2)[1]
            day2 = int(m.group("day2")) if m.group("day2") and 1 <= int(m.group("day2")) <= last2 else last2
            until = f"{year2}-{month2:02d}-{day2:02d}"
        if rel in ("since", "after", "from"):
            until = ""
            if rel == "after" and day:
                since = _next_day(since)
        elif rel in ("before", "until", "till", "by"):
            until, since = (_prev_day(since) if rel == "before" else until), ""
            if rel == "before" and not day:
                until = _prev_day(f"{year}-{month:02d}-01")
        words = m.group(0).strip()
        if since > until and until:
            continue
        best = (since, until, words)
        break
    if best[2]:
        return best
    for m in _YEAR_SCOPE.finditer(question):
        rel, year = m.group("rel").lower(), m.group("year")
        if rel in ("since", "after"):
            return (f"{int(year) + (rel == 'after')}-01-01", "", m.group(0))
        if rel == "before":
            return ("", f"{int(year) - 1}-12-31", m.group(0))
        return (f"{year}-01-01", f"{year}-12-31", m.group(0))
    return best


def _next_day(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _prev_day(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()

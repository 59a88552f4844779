"""Which publication dates a question's passages come from (:func:`scoped`).

A time scope says when things happened; reports of them come out later: a day's news often the next morning
(UTC), a Sunday's game written up on Tuesday, a month's figures and a meeting early in the month the next month.
And a publication stamp is often UTC's: a Sydney paper's morning news of 2 October is stamped 18:19 on 1 October.
So a scope is searched from noon (UTC) of the day before and with its end widened by a day, and when nothing
published then names the question's names (a day's news is about many things), up to :data:`REPORT_LAG` days after
it.  A scope of a month or more also takes the reports of the :data:`REPORT_LAG` days after it that name its months
("Existing-home sales dropped 15% in September", published on 20 October), not the later news that does not ("now
plans to build 250 robots", a month on).  A bare year ("in 2023") is about events, not publication: no window.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..types import Passage

if TYPE_CHECKING:
    from .question import Question

REPORT_LAG = 31  # days after a scope in which its reports are looked for
EVE = "T12:00"  # the time (UTC) of the day before a scope from which its reports are read


def windows(q: Question, dates: tuple[str, str]) -> list[tuple[str, str]] | None:
    """The publication ranges (``YYYY-MM-DD``, inclusive; "" open) to search for ``q`` in order, within ``dates``
    (the range the caller set); None when ``q`` sets no scope that limits publication."""
    if not q.scope or re.fullmatch(r"(?i)\w+\s+\d{4}", q.scope.strip()):
        return None
    since, until = dates
    end = days_after(q.until, 1) if q.until and not q.anchor else q.until  # "before X": not X's own reports
    # a Sydney paper's news of 2 October is published on 1 October in UTC ("2023-10-01T18:19:08+00:00"): from noon
    # (UTC) of the day before, when it is already the scope's day east of Asia's coast
    start = days_after(q.since, -1) + EVE if q.since and not q.anchor else q.since  # "after X": not what came before
    lo, hi = max(since, start), min(until or "9999", end or "9999").replace("9999", "")
    out = [] if lo and hi and lo[:10] > hi else [(lo, hi)]
    later = (lo, min(days_after(q.until, REPORT_LAG), until or "9999")) if q.until and hi else None
    if later and not (until and until <= hi):
        out.append(later)  # nothing published within the scope: the month after it
    return out


def scoped(
    q: Question,
    ranges: Sequence[tuple[str, str]],
    dates: tuple[str, str],
    retrieve: Callable[[tuple[str, str]], list[Passage]],
    k: int,
) -> tuple[list[Passage], tuple[str, str]] | None:
    """The passages of the first of ``ranges`` (``q``'s :func:`windows`) that has any naming the question's names, with
    the reports of a month-long scope's next :data:`REPORT_LAG` days that name its months, best ``k`` by score; and the
    range read.  "What did Travis Kelce say ... on the New Heights episode of 22 November 2023?": the news of the 22nd
    is about other things, the episode's report came out on the 25th.  No range names them: the first that has any
    passages; none has any: None."""
    quiet: tuple[list[Passage], tuple[str, str]] | None = None  # a range whose news names none of the question's names
    for lo, hi in ranges:
        found = retrieve((lo, hi))
        if not found:
            continue
        if q.names and not any(_gives(f"{p.title}\n{p.text}", n) for p in found for n in q.names):
            quiet = quiet or (found, (lo, hi))  # that day's news is about other things: its reports came out later
            continue
        months = _months(q)
        last = min(days_after(q.until, REPORT_LAG), dates[1] or "9999") if q.until else ""
        if months and hi and days_after(hi, 1) <= last:
            later = [p for p in retrieve((days_after(hi, 1), last)) if _names(p.text, months)]
            if later:
                found = sorted([*found, *later], key=lambda p: -p.score)[:k]
                hi = last
        return found, (lo, hi)
    return quiet


def _months(q: Question) -> list[str]:
    """The names of the months a scope of a month or more spans (none for a shorter scope or an anchored one)."""
    if not (q.since and q.until) or q.anchor or days_after(q.since, 27) > q.until:
        return []
    first, last = dt.date.fromisoformat(q.since), dt.date.fromisoformat(q.until)
    out: list[str] = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month) and len(out) < 12:
        out.append(calendar.month_name[m])
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _names(text: str, months: Sequence[str]) -> bool:
    """Whether ``text`` names one of ``months`` ("September", "Sept.", "Sep 30")."""
    return any(re.search(rf"\b{m[:3]}(?:{m[3:]}|t?\.?)(?!\w)", text) for m in months)


def _gives(text: str, name: str) -> bool:
    """Whether ``text`` gives every capitalised word of ``name`` ("Travis Kelce": not a fantasy football ranking that
    names Travis Etienne)."""
    words = [w for w in re.findall(r"[\w’'&.-]+", name) if w[:1].isupper()] or name.split()
    return all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I) for w in words)


def days_after(day: str, days: int) -> str:
    """The ``YYYY-MM-DD`` day ``days`` days after ``day``."""
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def published_within(published: str, since: str, until: str) -> bool:
    """Whether an ISO date lies in [since, until] (either bound may be empty); undated is outside.  A ``since`` with a
    time ("2023-10-01T12:00", UTC) takes what was published on its day from that time on: a Sydney paper's morning
    news of 2 October, stamped "2023-10-01T18:19:08+00:00" (see the module docstring)."""
    day = published[:10]
    if len(day) != 10 or since and day < since[:10] or until and day > until[:10]:
        return False
    if len(since) > 10 and day == since[:10]:
        return _utc(published) >= since[:16].replace("T", " ")
    return True


def _utc(published: str) -> str:
    """A publication stamp as "YYYY-MM-DD HH:MM" in UTC ("" for a day without a time)."""
    if len(published) <= 10:
        return ""
    try:
        when = dt.datetime.fromisoformat(published)
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return when.strftime("%Y-%m-%d %H:%M")

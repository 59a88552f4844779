"""The publication-time scope a question sets ("in October 2023", "on 1 November 2023", "the last week of November",
"since Dec 1", "last week", "in the past three days"), and the scope an event sets ("since the trial began").  Whether
a question asks for the newest state of things ("What's the latest on ...?") is :mod:`rag.ask.timewords`.

Relative scopes are resolved against a reference date (``today``): the user's ``--as-of`` date, else the newest
article's in the index, so that "last week" means the last week of the news Byline holds, not of the calendar.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

_MONTHS = [m.lower() for m in calendar.month_name[1:]]
# A month's full name or its abbreviation ("Sept.", "Nov"), never the start of another word ("Marcus", "Junior", "Mar-a-Lago").
MONTH_RE = r"(?:" + "|".join(f"{m}|{m[:3]}" + ("|sept" if m == "september" else "") for m in _MONTHS) + r")(?![a-z]|-[a-z])\.?"


_SCOPE = re.compile(
    r"\b(?P<rel>since|after|before|until|till|by|through|during|in|on|from|of|between|around|over|throughout|early|mid|late)?\s*"
    r"(?:(?P<part>(?:the )?(?:first|second|third|fourth|last|final) (?:week|half|days?|fortnight) of|"
    r"(?:the )?(?:start|beginning|middle|end|early|mid|late)(?: of)?|early|mid|late)(?:\s+|-))?"
    # the day before the month, as British and most non-US news write it: "on 1 November 2023", "the 24th of
    # September", "between 2 and 9 October 2023"
    r"(?:(?:the\s+)?(?P<dayf>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and|until|through)\s*(?P<dayf2>\d{1,2})(?:st|nd|rd|th)?)?"
    r"\s+(?:of\s+)?)?"
    r"(?P<month>" + MONTH_RE + r")(?:\s+(?P<day>\d{1,2})(?!\d)(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>\d{4}))?"
    r"(?:\s*(?:-|–|to|and|until|through)\s*(?P<month2>"
    + MONTH_RE
    + r")?\s*(?P<day2>\d{1,2})?(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year2>\d{4}))?)?",
    re.IGNORECASE,
)
_PERIOD_BEFORE = re.compile(r"\b(?:fiscal|financial)\b(?:\s+\w+){0,3}\s*$|\b(?:quarter|half|q[1-4])\s*$", re.I)
_YEAR_SCOPE = re.compile(r"\b(?P<rel>in|during|since|after|before|throughout|of)\s+(?P<year>19[5-9]\d|20[0-4]\d)\b", re.I)


def month_no(word: str) -> int:
    """1-12 for a month's name or abbreviation matched by :data:`MONTH_RE`."""
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(word[:3].lower()))


def time_scope(question: str, default_year: str = "", today: str = "") -> tuple[str, str, str]:
    """The publication-time scope a question sets: ``(since, until, words)`` as ISO days, or empty.

    Months and days ("in October", "since November 20", "on 1 November 2023", "the last week of November 2023",
    "between Oct 2 and Oct 9") scope what was published; a bare year ("in 2021") scopes it too,
    which the answer stage also reads as a constraint on the events themselves.  Given ``today``
    (ISO), relative scopes count back from it (:func:`relative_scope`).
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
        given = m.group("dayf") or m.group("day")
        day = int(given) if given and 1 <= int(given) <= last else 0
        lo, hi = (day, day) if day else _part_days((m.group("part") or "").lower(), last)
        since, until = f"{year}-{month:02d}-{lo:02d}", f"{year}-{month:02d}-{hi:02d}"
        if day and m.group("dayf2") and day < int(m.group("dayf2")) <= last:  # "between 2 and 9 October"
            until = f"{year}-{month:02d}-{int(m.group('dayf2')):02d}"
        elif m.group("month2") or m.group("day2"):
            year2 = m.group("year2") or year
            month2 = month_no(m.group("month2")) if m.group("month2") else month
            last2 = calendar.monthrange(int(year2), month2)[1]
            day2 = int(m.group("day2")) if m.group("day2") and 1 <= int(m.group("day2")) <= last2 else last2
            until = f"{year2}-{month2:02d}-{day2:02d}"
        ranged = bool(m.group("dayf2") or m.group("month2") or m.group("day2"))  # "from 3 to 5 November": both ends
        if rel in ("since", "after") or rel == "from" and not ranged:
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
    if today:
        rel = relative_scope(question, today)
        if rel[2]:
            return rel
    return _year_scope(question) or best


def _part_days(part: str, last: int) -> tuple[int, int]:
    """The first and last day of the part of a month of ``last`` days that ``part`` names ("the last week of",
    "early", "mid"), or the whole month."""
    weeks = {"first week": (1, 7), "second week": (8, 14), "third week": (15, 21), "fourth week": (22, 28)}
    for words, days in weeks.items():
        if words in part:
            return days
    if any(w in part for w in ("last week", "final week", "last days", "final days")):
        return last - 6, last
    if "first half" in part or any(w in part for w in ("start", "beginning", "early")):
        return 1, 15 if "half" in part else 10
    if "second half" in part:
        return 16, last
    if "middle" in part or "mid" in part:
        return 10, 20
    if "end" in part or "late" in part:
        return 20, last
    return 1, last


def _year_scope(question: str) -> tuple[str, str, str] | None:
    """The scope of a year ("in 2021", "since 2020", "before 2019"), or None."""
    for m in _YEAR_SCOPE.finditer(question):
        rel, year = m.group("rel").lower(), m.group("year")
        if _PERIOD_BEFORE.search(question[: m.start()]):
            continue  # "the fiscal first quarter of 2024" is a company's period: reported after it, often the year before
        if rel in ("since", "after"):
            return (f"{int(year) + (rel == 'after')}-01-01", "", m.group(0))
        if rel == "before":
            return ("", f"{int(year) - 1}-12-31", m.group(0))
        return (f"{year}-01-01", f"{year}-12-31", m.group(0))
    return None


_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
            "couple of": 2, "few": 3, "several": 5}  # fmt: skip
# "last week" (the calendar week before this one), "this month", "yesterday", "in the past three days", "over the
# last 2 weeks"; never a possessive ("last week's game" is the article's last week, not the reader's) nor part of a
# longer expression ("the last week of November" is read above).
_RELATIVE = re.compile(
    r"\b(?:(?P<this>this|last|past) (?P<unit>week|month)\b(?!'s|’s| of\b)"
    r"|(?:(?:in|over|during|for) )?the (?:past|last) "
    r"(?:(?P<n>\d{1,3}|a|one|two|three|four|five|six|seven|ten|couple of|few|several) )?"
    r"(?P<units>days?|weeks?|months?)\b(?!'s|’s| of\b)"
    r"|(?P<day>yesterday|the day before yesterday)(?!'s|’s))",
    re.IGNORECASE,
)


def relative_scope(question: str, today: str) -> tuple[str, str, str]:
    """``(since, until, words)`` for a scope counted back from ``today`` (ISO): "yesterday", "this week" (Monday
    to today), "last week" (the Monday-to-Sunday week before), "this month", "last month", "in the past 3 days",
    "over the last few weeks"; or empty.  "Today" and "now" ask for the newest state, not for one day's news
    (:func:`asks_latest`)."""
    import datetime as dt

    m = _RELATIVE.search(question)
    if m is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", today[:10]):
        return ("", "", "")
    ref = dt.date.fromisoformat(today[:10])
    if m.group("day"):
        back = 2 if "before" in m.group("day").lower() else 1
        day = (ref - dt.timedelta(days=back)).isoformat()
        return (day, day, m.group(0))
    if m.group("unit"):
        which, unit = m.group("this").lower(), m.group("unit").lower()
        if which == "past":  # "the past week": the seven days to today
            lo = ref - (dt.timedelta(days=7) if unit == "week" else dt.timedelta(days=30))
            return (lo.isoformat(), ref.isoformat(), m.group(0))
        if unit == "week":
            monday = ref - dt.timedelta(days=ref.weekday())
            if which == "this":
                return (monday.isoformat(), ref.isoformat(), m.group(0))
            return ((monday - dt.timedelta(days=7)).isoformat(), (monday - dt.timedelta(days=1)).isoformat(), m.group(0))
        first = ref.replace(day=1)
        if which == "this":
            return (first.isoformat(), ref.isoformat(), m.group(0))
        end = first - dt.timedelta(days=1)
        return (end.replace(day=1).isoformat(), end.isoformat(), m.group(0))
    n_word = (m.group("n") or "one").lower()
    n = int(n_word) if n_word.isdigit() else _NUMBERS[n_word]
    unit = m.group("units").lower().rstrip("s")
    days = n * {"day": 1, "week": 7, "month": 30}[unit]
    lo = ref - dt.timedelta(days=days - 1 if unit == "day" else days)
    return (lo.isoformat(), ref.isoformat(), m.group(0).strip())


# A scope set by an event rather than a date: "since the trial began", "before the merger was announced", "after the
# start of the war".  The event's day is looked up in the articles (rag.ask.finding.Finder.anchored);
# "since" followed by a reason ("since Apple makes its own chips") names no event and is not read.
_EVENT_VERBS = (
    r"began|begun|started|opened|kicked off|ended|finished|closed|broke out|happened|collapsed|died|resigned|stepped down"
    r"|took over|signed|launched|(?:was|were|got) (?:announced|unveiled|fired|ousted|sacked|suspended|arrested|charged|"
    r"convicted|sentenced|signed|launched|released|elected|named|appointed|approved|filed|published)"
)
_ANCHOR = re.compile(
    r"\b(?P<rel>since|after|before|until|till)\s+(?P<event>"
    r"(?:the |his |her |their |its )?(?:start|beginning|end|outbreak|launch|announcement|collapse|death|arrest|firing"
    r"|ouster|election|release|opening|signing) of (?:the |his |her |their |its )?[\w'’.&-]+(?: [\w'’.&-]+){0,5}?"
    r"|(?:the |his |her |their |its )?[\w'’.&-]+(?: [\w'’.&-]+){0,6}? (?:" + _EVENT_VERBS + r"))"
    r"(?=\s*[?.,!;]|\s*$|\s+(?:and|or|but|in|at|on|to|with|for)\b)",
    re.IGNORECASE,
)


def anchored_scope(question: str) -> tuple[str, str]:
    """``(relation, event)`` for a scope set by an event ("since", "the trial began"), or ``("", "")``."""
    m = _ANCHOR.search(question)
    if m is None:
        return ("", "")
    return (m.group("rel").lower().replace("till", "until"), m.group("event").strip())


def without_scope(focus: str, scope: str) -> str:
    """``focus`` without the words of the scope as it gives them, once ("late November 2023"; another date stays)."""
    at = [i for i, w in enumerate(focus.split()) if re.search(r"\w", w)]  # "mid - November": the dash is no word
    words, low = focus.split(), [focus.split()[i].lower() for i in at]
    seq = [w for w in re.findall(r"[a-z]+|\d+", scope.lower()) if w in low]
    for i in range(len(low) - len(seq) + 1) if seq else ():
        if low[i : i + len(seq)] == seq:
            return " ".join(w for j, w in enumerate(words) if not at[i] <= j <= at[i + len(seq) - 1]) or focus
    return focus


def is_relative(scope_words: str, today: str) -> bool:
    """Whether ``scope_words`` (a question's time scope as worded) is counted back from the reference date."""
    return bool(scope_words) and bool(relative_scope(scope_words, today or "2000-01-01")[2])


def _next_day(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _prev_day(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


_AHEAD_OR_REPORTED = re.compile(
    r"\b(?:will|would|could|might|going to|expect\w*|plan\w*|schedul\w*|upcoming|next|future|report\w*|say|said|says|"
    r"suggest\w*|claim\w*|according|articles?|mention\w*|(?-i:stat(?:e|ed|es))|predict\w*|forecast\w*|think|believe|"
    r"discuss\w*|featur\w*|covered|portray\w*|describ\w*)\b",
    re.I,
)


def asks_past(text: str, tags: Sequence[str]) -> bool:
    """Whether the question asks what happened: a verb in the past tense ("won", "did ... pay", "was the score"), and
    no word of what was planned, expected or reported ("State" with its capital is a name: "Islamic State")."""
    if _AHEAD_OR_REPORTED.search(text):
        return False
    return "VBD" in tags

"""Remove news boilerplate from an article body, line by line.

Cleaning only drops whole lines or blocks: every character that is kept stays
exactly as it was (curly quotes included), so quotes and character offsets into
the cleaned text always match the source.  Removed:

* "Read more:" / "Related:" / "See also:" labels and the headline list after them;
* copyright lines such as ``(c) Sky News 2026: <title>`` (outlet and title are
  recovered from them as metadata);
* trailers of related headlines at the end of the article;
* page furniture that outlets repeat on every article, as whole lines: newsletter and sign-up promotions,
  app and alert prompts, share bars, advertisement markers, affiliate-link disclosures, reCAPTCHA and
  privacy notices, template markup (``{{ #verifyErrors }}``).  ``bench/boilerplate.py`` finds them by
  counting the lines many articles repeat, and counts the chunks that still carry them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

VERSION = 2
"""The cleaning rules' version, recorded with every article (see :func:`rag.ingest.chunk.settings_key`): raise it when
a change removes other lines, so that the next sync re-reads indexed files and re-indexes the articles
whose cleaned text changed (only those)."""

_LINK_LABEL = re.compile(
    r"^\s*(read more|more on this story|more from [\w .'-]+|related( stories| articles| coverage)?|see also|"
    r"you may also like|recommended|most read|trending|also read|read next|latest)\s*[:\-–—]?\s*$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^\s*(?:\(c\)|©|copyright(?:\s*\(c\)|\s*©)?)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_COPY_PARTS = re.compile(r"^(?P<outlet>.*?)\s*(?P<year>(?:19|20)\d\d)\s*(?:[:\-–—|]\s*(?P<title>.*))?$")
_SENTENCE_END = re.compile(r"[.;,]\s*[\"'”’)\]]?\s*$")
_SHARE = r"(?:facebook|twitter|x|whatsapp|reddit|e-?mail|share|linkedin|pinterest|flipboard|copy link|print)"
_NOTICE = re.compile(
    r"\{\{\s*[#^/]?\w+\s*\}\}"  # template markup of a sign-up form
    r"|\bskip past newsletter promotion\b|\bsign up here\b"
    r"|\b(?:sign up|subscribe)\b[^.!?]{0,80}\b(?:newsletter|e-?mail|inbox|alerts)\b"
    r"|\bnewsletter\b[^.!?]{0,80}\b(?:sign up|subscribe|inbox|e-?mail address)\b"
    r"|\bour free [\w’' -]{0,30}\bnewsletter\b|\bplease enter a valid e-?mail\b"
    r"|^\s*click here\b"
    r"|\brecaptcha\b|\bprivacy (?:policy|notice)\b[^.!?]{0,120}\b(?:terms|agree)"
    r"|\bby (?:submitting|entering) your e-?mail\b"
    r"|^\s*advertisement\b[^.!?]{0,40}$|\barticle continues below\b"
    r"|\bmay earn (?:a|an affiliate) commission\b|\bmay include affiliate links\b"
    r"|^(?:\W*\w+){0,8}\W*was this helpful\?(?:\W*\w+){0,5}\W*$"  # the prompt alone, not a fact box it ends
    r"|\b(?:download|get) the [\w’' ]{1,30}\bapp\b[^.!?]{0,60}\b(?:app store|google play)\b"
    r"|^\s*like what you[’']re reading\?"
    rf"|^\s*{_SHARE}(?:\s+{_SHARE}){{2,}}\s*$",
    re.IGNORECASE,
)
_SPEECH = re.compile(r"\b(?:said|says|told|according to)\b", re.IGNORECASE)


def notice(line: str) -> bool:
    """Whether a line is page furniture (see the module docstring), not reporting: a line that reports
    speech ("..., she said") is kept whatever it mentions."""
    s = line.strip()
    return bool(s) and bool(_NOTICE.search(s)) and not _SPEECH.search(s)


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text plus any metadata recovered from the boilerplate."""

    text: str
    title: str = ""
    source: str = ""


def headline_like(line: str) -> bool:
    """A short line that reads like a headline: no closing full stop, one sentence, at most 25 words."""
    s = line.strip()
    if not s:
        return False
    words = s.split()
    if len(words) > 25 or _SENTENCE_END.search(s):
        return False
    return not re.search(r"[a-z0-9]\. +[A-Z]", s)  # no full-stop sentence break inside


def without_headline(body: str, title: str) -> str:
    """``body`` without its first line when that line is ``title`` (the headline, already the title, is not body
    text twice); compared with spaces collapsed and case ignored, and only when more text follows."""
    first, _, rest = body.lstrip().partition("\n")
    if rest.strip() and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip("\n")
    return body


def clean(body: str) -> Cleaned:
    """Drop boilerplate lines from ``body``; see the module docstring."""
    lines = body.splitlines(keepends=True)
    keep = [True] * len(lines)
    title = source = ""
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if _LINK_LABEL.match(line):
            keep[i] = False
            j = i + 1
            while j < len(lines) and (headline_like(lines[j]) or not lines[j].strip()):
                keep[j] = False
                j += 1
            i = j
            continue
        if notice(line):
            keep[i] = False
            i += 1
            continue
        m = _COPYRIGHT.match(line)
        if m and (parts := _COPY_PARTS.match(m.group("rest").strip())):
            keep[i] = False
            source = source or parts.group("outlet").strip(" ,.:-")
            title = title or (parts.group("title") or "").strip()
            # Everything after a copyright line that reads like headlines is a trailer.
            rest = range(i + 1, len(lines))
            if all(headline_like(lines[j]) or not lines[j].strip() for j in rest):
                for j in rest:
                    keep[j] = False
                break
        i += 1
    # A trailing run of three or more headline-like lines is a related-stories list.
    end = max((n for n, k in enumerate(keep) if k), default=-1)
    run = []
    n = end
    while n >= 0:
        if not keep[n]:
            n -= 1
            continue
        if not lines[n].strip():
            n -= 1
            continue
        if headline_like(lines[n]) and not lines[n].rstrip().endswith(('"', "”")):
            run.append(n)
            n -= 1
            continue
        break
    if len(run) >= 3:
        for n in run:
            keep[n] = False
    text = "".join(line for line, k in zip(lines, keep) if k)
    return Cleaned(text=text.strip("\n") + ("\n" if text.strip() else ""), title=title, source=source)


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")


def parse_date(raw: str) -> str:
    """An ISO 8601 date (or date-time) from common date spellings; '' when unknown."""
    s = raw.strip()
    if not s:
        return ""
    s2 = re.sub(r"\.\d+(?=Z|[+-]\d\d:?\d\d$|$)", "", s).replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(s2)
        return dt.isoformat() if (dt.hour, dt.minute, dt.second) != (0, 0, 0) or dt.tzinfo else dt.date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            dt = datetime.strptime(s, fmt)
            return dt.isoformat() if " %H" in fmt else dt.date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(s).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _dateutil(s)


def _dateutil(s: str) -> str:
    """Other spellings ("Tues., Oct. 3, 2023 at 4:05 p.m.", "3rd October 2023") by dateutil, when they give a whole
    day: a partial date ("October 2023", "Tuesday") is refused, not completed with today's."""
    import warnings

    from dateutil import parser

    s = re.sub(r"\b([ap])\.m\.", r"\1m", s, flags=re.I)  # "4:05 p.m."
    try:
        with warnings.catch_warnings():  # an unknown zone name ("EST") is ignored, not warned about
            warnings.simplefilter("ignore")
            a = parser.parse(s, default=datetime(1901, 1, 1), fuzzy=True)
            b = parser.parse(s, default=datetime(1902, 2, 2), fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return ""
    if a.date() != b.date() or not 1900 < a.year < 2200:
        return ""  # some of the day came from the default
    timed = (a.hour, a.minute, a.second) != (0, 0, 0) or a.tzinfo
    return a.isoformat() if timed else a.date().isoformat()

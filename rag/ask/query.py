"""Question analysis: the outlets and dates a question names.

Retrieval uses the outlets the index holds and the publication dates a
question names to add candidates and boosts.  Outlets the index does *not*
hold matter too: a question such as "What did the Bloomberg article say ..."
cannot be answered from an index without Bloomberg articles, however similar
other articles look; saying so is more useful than guessing.  The same goes
for the people, companies and places a question names (:func:`names`): when
no indexed article mentions one, Byline says so instead of answering about
someone else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .timescope import MONTH_RE, month_no

_MONTHS = "january february march april may june july august september october november december".split()
_DATE = re.compile(
    r"\b(?:(?P<iso>\d{4}-\d{2}-\d{2})|(?P<month>" + MONTH_RE + r")\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?)",
    re.IGNORECASE,
)


def named_dates(query: str, default_year: str = "") -> set[str]:
    """ISO dates (YYYY-MM-DD) written in ``query``, e.g. "October 7, 2023" or "2023-10-07"."""
    out = set()
    for m in _DATE.finditer(query):
        if m.group("iso"):
            out.add(m.group("iso"))
            continue
        month = month_no(m.group("month"))
        year = m.group("year") or default_year
        if year and 1 <= int(m.group("day")) <= 31:
            out.add(f"{year}-{month:02d}-{int(m.group('day')):02d}")
    return out


@lru_cache(maxsize=64)
def _source_pattern(source: str) -> re.Pattern[str] | None:
    words = source.strip()
    if len(words) < 4:
        return None
    return re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)", re.IGNORECASE)


def named_sources(question: str, sources: Iterable[str]) -> list[str]:
    """Outlets among ``sources`` that the question names."""
    found = []
    for s in sources:
        pat = _source_pattern(s)
        if pat and pat.search(question):
            found.append(s)
    # "The Independent - Life and Style" also contains "The Independent": keep the longest.
    return [s for s in found if not any(s != o and s.lower() in o.lower() for o in found)]


@dataclass(frozen=True)
class Report:
    """One report a question names: the outlet, the question's words about it, the days it names."""

    outlet: str
    text: str
    days: frozenset[str]


def reports(question: str, sources: Iterable[str], default_year: str = "") -> list[Report]:
    """The reports a question names, in order: each mention of an outlet among ``sources`` with the
    words up to the next mention ("the TechCrunch report on May 2 ... and the TechCrunch report on
    May 9 ..." is two)."""
    patterns = [(s, _source_pattern(s)) for s in named_sources(question, sources)]
    found = sorted((m.start(), s) for s, pat in patterns if pat is not None for m in pat.finditer(question))
    cuts = [0] + [at for at, _ in found[1:]] + [len(question)]
    out = []
    for (_, outlet), lo, hi in zip(found, cuts, cuts[1:]):
        text = question[lo:hi]
        out.append(Report(outlet, text, frozenset(named_dates(text, default_year))))
    return out


_WORD = r"[A-Z](?:[\w&.-]|['’](?=\w))*"
_NAME = r"['‘\"]?(?P<name>(?:[Tt]he )?" + _WORD + r"(?:(?: | - | \| | & )(?:(?:of|and|for) )?" + _WORD + r")*)['’\"]?"
_PATTERNS = [
    re.compile(
        r"\b(?:articles?|reports?|pieces?|stor(?:y|ies)|coverage|reviews?|posts?|features?|editorials?|another|one)"
        r" (?:from|by|in|published by) (?:the outlet )?" + _NAME
    ),
    re.compile(r"\b(?:reported|published|written|covered) (?:by|in) " + _NAME),
    re.compile(r"\b(?:according to|as per) " + _NAME + r"(?= (?:article|report|piece|coverage)s?\b)"),
    re.compile(r"\b(?:an?|the|both|and) " + _NAME + r" (?=(?:article|report|piece|story|review|coverage)s?\b)"),
]
_STOP = {"the", "a", "an", "and", "of", "for", "on", "-", "|", "&"}
_DAY_WORDS = "(?:" + "|".join(_MONTHS) + "|" + "|".join(m[:3] for m in _MONTHS) + r"|sept)\.?"
_NOT_OUTLETS = re.compile(
    r"^(?:" + "|".join(_MONTHS) + r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE
)


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[\w&]+", name.lower()) if w not in _STOP}


def _known(name: str, sources: Iterable[str]) -> bool:
    want = _words(name)
    if not want:
        return True
    for s in sources:
        have = _words(s)
        if want <= have:
            return True
    return False


def unknown_sources(question: str, sources: Iterable[str]) -> list[str]:
    """Outlets the question attributes articles to that none of ``sources`` matches."""
    sources = list(sources)
    found: list[str] = []
    for pat in _PATTERNS:
        for m in pat.finditer(question):
            name = m.group("name").strip(" '‘’\"")
            if _known(name, sources) or _NOT_OUTLETS.match(name) or name.endswith(("'s", "’s")):
                continue
            parts = [p.strip(" '‘’\"") for p in re.split(r",| and ", name) if p.strip()]
            missing = [p for p in parts if re.sub(r"^the ", "", p, flags=re.I)[:1].isupper() and not _known(p, sources)]
            found += [p for p in missing if p not in found]
    return found


# Capitalised words that start questions or tie names together, not names themselves.
_NOT_NAMES = set(
    """Considering Which What Who Whom Whose When Where Why How According Based Following Both Between After Before During
    Since From In On At The A An And Or But If As Of For To By With Regarding Given Article Articles Report Reports I""".split()
)
# A title or role before a name of two words or more is not part of it: "YouTuber Ruby Franke" (from "youtuber ruby
# franke", spelled as the articles spell it), "Senator Ron Wyden", "Judge Lewis Kaplan"; not "CEO of Alameda".
_TITLES = set(
    """YouTuber TikToker Influencer Senator Sen Rep Representative Congressman Congresswoman Governor Gov Mayor President
    Minister Chancellor Secretary Judge Coach Manager Boss Captain Striker Midfielder Defender Goalkeeper
    Quarterback Pitcher Singer Rapper Actor Actress Dr Doctor Professor Prof Mr Mrs Ms CEO CFO COO CTO Founder Chairman
    Chairwoman Analyst Economist Detective Sheriff Pope Cardinal Rabbi""".split()
)
# Auxiliaries open a question ("Will Apple ...") but inside one they start a name ("did Will Smith say").
_OPENERS = set("Does Did Do Is Are Was Were Has Have Had Can Could Would Should Will".split())
_CAPS = re.compile(
    r"(?<![\w'’])(?:[A-Z][\w'’&.-]*|\d[\w.-]*)"
    # "Vikings 12-10": a score, not a name; "Erik ten Hag", "Ursula von der Leyen": one name
    r"(?:\s+(?:(?:of|de|the|van|von|der|den|ten|ter|da|di|du|dos|del|al|bin)\s+){0,2}(?:[A-Z][\w'’&.-]*|\d+(?!\d|[-–]\d)))*"
)


def names(question: str, sources: Iterable[str]) -> list[str]:
    """Proper names the question is about ("Sam Bankman-Fried", "Pets Best Insurance Services"), outlets,
    months and weekdays left out; each once, in order."""
    sources = list(sources)
    pieces: list[tuple[str, bool]] = []  # each piece, and whether it opens a sentence
    for m in _CAPS.finditer(question):
        opens = not question[: m.start()].strip(" \"'“‘(") or question[: m.start()].rstrip()[-1:] in ".?!:;"
        split = re.split(r"\s+the\s+|['’]s?\s+", m.group(0))  # "Islands' Epstein" is two names
        pieces += [(piece, opens and i == 0) for i, piece in enumerate(split)]
    out: list[str] = []
    for piece, opens in pieces:
        words = re.sub(r"(?:['’]s?|[.-])+$", "", piece.strip(" .'’-")).split()
        while words and (re.sub(r"['’](?:d|ll|re|ve)$", "", words[0]) in _NOT_NAMES or (opens and words[0] in _OPENERS)):
            opens = opens and words[0] not in _OPENERS  # one auxiliary opens a question: "Is Will Smith ..."
            words = words[1:]
        while len(words) > 2 and words[0].rstrip(".") in _TITLES and words[1][:1].isupper():
            words = words[1:]
        if len(words) > 1 and re.fullmatch(r"\d+", words[0]):
            words = words[1:]  # "2019 Nobel Prize", "2023/24 Carabao Cup": a year or season is a time, not part of the name
        if len(words) > 1 and re.fullmatch(r"(?:19|20)\d\d", words[-1]):
            words = words[:-1]  # "Notre Dame vs USC 2023": so is a year after it
        while words and words[-1] in ("of", "de", "the"):
            words = words[:-1]
        name = " ".join(words)
        name = re.sub(r"-[a-z][\w-]*$", "", name)  # "OpenAI-developed" is about OpenAI
        if not name or not any(c.isalpha() for c in name) or re.fullmatch(r"[\d\W_]+\w{0,3}", name):
            continue
        if re.fullmatch(r"(?:Q[1-4]|H[12]|FY\s?\d{2,4})(?:\s+(?:19|20)\d{2})?", name):
            continue  # a quarter or financial year ("Q3 2023") is a time, not a name
        if all(re.fullmatch(r"\d[\d,.]*(?:st|nd|rd|th)?|" + _DAY_WORDS, w, re.I) for w in name.split()):
            continue  # a date ("18 October 2023") is a time, not a name
        if _known(name, sources) or _NOT_OUTLETS.match(name) or name in out:
            continue
        out.append(name)
    return out

"""A list read from the article's own layout, no model: the entries of a round-up and its section headings.

News writes lists as layout: a line per entry with the same label ("Company name: Kravata", "Book
recommendation: “The Steerswoman,” by Rosemary Kirstein"), a line per team ("CHICAGO BEARS | Head coach
Matt Eberflus: ..."), a numbered heading per entry ("1. Chris Buescher", "2. Denny Hamlin"; a countdown too), or a
short heading over each item's paragraphs ("Hades", "Stardew Valley").  The
entries sit far apart in a long article, beyond the sentences the model reads, so a list question is
answered from them when the best article is laid out as a list the question asks for (:func:`laid_out`): each
item is cited to its own line.  When the question's words pick some of the entries ("which head coaches ..."),
only those.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .cite import Draft, Line
from .evidence import Evidence, terms
from .question import Question

MIN_ENTRIES = 3
MAX_ITEMS = 10
MAX_BULLETS = 5  # more are told in one line: an answer stays within five sentences
MAX_WORDS = 110
MAX_HEADING_WORDS = 10
SHORT_ITEM = 6  # words: a name or a thing, not a clause
_LABELLED = re.compile(r"^(?P<label>[A-Z][\w’' -]{1,30}?)\s*:\s+(?P<value>\S.*)$")
_PIPED = re.compile(r"^(?P<group>[A-Z][A-Z0-9 .’'&-]{2,40}?)\s*\|\s*(?P<value>[^:|]{3,80}?)\s*:\s")
_LINE = re.compile(r"[^\n]+")
# A numbered heading ("1. Chris Buescher", "10. Mayweather turns streetfighter"): a listicle counts its entries
_NUMBERED = re.compile(r"^(?P<n>\d{1,2})\*?[.)]\s+(?P<text>[A-Z0-9‘'“\"].*)$")
_NAMED = re.compile(r"^[A-Z][\w’'.-]*\s+(?:[a-z]{1,3}\s+)?[A-Z]")  # "Chris Buescher", "Marvin Hagler", "Vincent van Gogh"
MAX_NUMBERED_WORDS = 24


@dataclass(frozen=True)
class Entry:
    """One item of a list: how it is told, and the line of the article (``start``:``end``) it is cited to."""

    text: str
    start: int
    end: int
    label: str = ""  # the label its run's lines share ("book recommendation"), "#" for a numbered heading


def entries(text: str) -> list[Entry]:
    """The list the article is laid out as (see the module docstring), in article order, or []."""
    lines = [(m.start(), m.end(), m.group().strip()) for m in _LINE.finditer(text) if m.group().strip()]
    numbered = _numbered(lines)
    if numbered:
        return numbered
    labelled: dict[frozenset[str] | str, list[Entry]] = defaultdict(list)  # by label, "book" and "books" alike
    piped: list[Entry] = []
    for start, end, line in lines:
        m = _PIPED.match(line)
        if m:
            piped.append(Entry(f"{m['value'].strip()} ({string.capwords(m['group'].strip())})", start, end))
            continue
        m = _LABELLED.match(line)
        if m and len(m["label"].split()) <= 4:
            label = m["label"].lower()
            labelled[frozenset(terms(label)) or label].append(Entry(_cut(m["value"].strip()), start, end, label))
    runs = [_named(v, lines) for v in labelled.values() if len(v) >= MIN_ENTRIES]
    if len(piped) >= MIN_ENTRIES:
        runs.append((False, piped))
    if runs:
        # entries headed by a name above their fields first: a field each entry ends with ("Verdict: Vampire") under
        # its paragraphs is not what the entries are
        return max(runs, key=lambda run: (run[0], len(run[1])))[1]
    return _headings(lines)


def _numbered(lines: Sequence[tuple[int, int, str]]) -> list[Entry]:
    """The longest run (at least :data:`MIN_ENTRIES`) of numbered headings counting up or down, numbers left
    off: "1. Chris Buescher", "2. Denny Hamlin", ...; a countdown "10. ..." to "1. ..." too, ties ("2*.") and the
    rank a tie skips allowed."""
    best: list[Entry] = []
    run: list[Entry] = []
    last = step = 0
    for start, end, line in lines:
        m = _NUMBERED.match(line)
        if not m or len(m["text"].split()) > MAX_NUMBERED_WORDS:
            continue
        n = int(m["n"])
        gap = n - last
        if not run or not (gap == 0 or 0 < abs(gap) <= 2 and step * gap >= 0):  # one way, a tie, a rank skipped
            run, step = [], 0
        elif gap:
            step = gap
        run.append(Entry(m["text"].strip(), start, end, "#"))
        last = n
        if len(run) > len(best):
            best = list(run)
    return best if len(best) >= MIN_ENTRIES else []


def _named(run: list[Entry], lines: Sequence[tuple[int, int, str]]) -> tuple[bool, list[Entry]]:
    """A run of labelled lines, or the headings right above them when each has one (and True): "Date: March 10,
    1986" is a field of the entry headed "Marvelous Marvin Hagler vs. John Mugabi"."""
    above = {end: (start, line) for start, end, line in lines}
    prev = {lines[k + 1][0]: lines[k] for k in range(len(lines) - 1)}
    heads = []
    for e in run:
        start, end, line = prev.get(e.start, (0, 0, ""))
        if not line or not _heading_like(line) or _LABELLED.match(line) or end not in above:
            return False, run
        heads.append(Entry(line, start, end, e.label))
    return True, heads


def _heading_like(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= MAX_HEADING_WORDS and line[-1] not in ".!?:;,”\"')" and not line.isupper()


def _headings(lines: Sequence[tuple[int, int, str]]) -> list[Entry]:
    """Short lines without a full stop that head the paragraphs after them; of those, the ones written as
    names (Title Case) when there are enough of them: a round-up's group headings ("The best classic games
    to play first") are sentences, its items names."""
    found: list[Entry] = []
    for k, (start, end, line) in enumerate(lines[:-1]):
        if not _heading_like(line) or _HEADLINE.search(line):
            continue  # a headline-style sentence ("Next Up Is Cleveland Guardians") names no item
        if len(lines[k + 1][2].split()) < 2 * len(line.split()) + 8:
            continue  # a heading stands over a paragraph
        found.append(Entry(line, start, end))
    named = [e for e in found if _title_case(e.text)]
    return named if len(named) >= MIN_ENTRIES else found if len(found) >= MIN_ENTRIES else []


# A function word capitalised inside a line: a headline written in Title Case, not a name ("Breath of the Wild").
_HEADLINE = re.compile(r"(?<=\S)\s(?:Is|Are|With|On|To|Up|The|Of|In|For|And|At|By|A|An)\s")


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def _cut(value: str, words: int = 16) -> str:
    """An entry's value up to its first full stop, at most ``words`` words."""
    head = re.split(r"(?<=[a-z0-9)”\"])\.\s", value, maxsplit=1)[0]
    cut = head.split()
    return " ".join(cut[:words]) + (" …" if len(cut) > words else "")


def asked(found: Sequence[Entry], question: str, names: Sequence[str] = ()) -> list[Entry]:
    """The entries the question's words pick out ("which four head coaches" of a line per team), else all:
    only words that at most half of the entries have choose, and not the words of the names the question is about
    (``names``): "Which teams could Alabama need to lose to make the playoff?" is not answered by the headings that
    name Alabama ("Alabama strength of schedule"), but by the scenarios ("Oklahoma State beats Texas ...")."""
    have = [terms(e.text) for e in found]
    named = terms(" ".join(names))
    choosing = {w for w in terms(question) - named if 0 < sum(w in t for t in have) <= len(have) / 2}
    picked = [e for e, t in zip(found, have) if choosing & t]
    return picked if MIN_ENTRIES - 1 <= len(picked) < len(found) else list(found)


_COUNTS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_COUNT = re.compile(r"(?<![$£€\d.,])\b(\d{1,2}|" + "|".join(_COUNTS) + r")\b(?![%\d.,])", re.I)


def counts(text: str) -> set[int]:
    """The small numbers ``text`` gives in figures or words ("six games", "5 things"), as a list's length."""
    return {int(m) if m.isdigit() else _COUNTS[m.lower()] for m in _COUNT.findall(text)} - {0, 1, 2}


def laid_out(question: str, title: str, text: str, names: Sequence[str] = ()) -> list[Entry]:
    """The entries of ``text`` when the question asks for the list the article is laid out as, else []: its
    number of items is the one the question or the title gives ("six games", "5 things", one more for a
    closing section), the entries' label shares a word with the question ("What books did authors recommend"
    and "Book recommendation: ..."), or the question's words pick some of them."""
    found = entries(text)
    if not found:
        return []
    picked = asked(found, question, names)
    said = counts(question) or counts(title)
    if any(n in (len(picked), len(picked) + 1) for n in said):
        return picked
    if found[0].label == "#" and 3 * sum(bool(_NAMED.match(e.text)) for e in found) >= 2 * len(found):
        return picked  # a numbered list of names ("1. Chris Buescher"), whatever the title counts ("Top 50")
    if all(e.label for e in found):  # a labelled run, "book" and "books" alike ("Best-known vampire books: ...")
        shared = set.intersection(*(terms(e.label) for e in found))
    else:  # lines of one label, or headings
        labels = {re.split(r"\s*[:|]", text[e.start : e.end], maxsplit=1)[0].lower() for e in found}
        shared = terms(labels.pop()) if len(labels) == 1 else set()
    if shared & terms(question):
        return picked
    # picked by the question's words alone, a list needs as many entries as any: two headings that share a word
    # with it ("Breaking down Germany squad", asked which players missed the Germany game) are not its answer
    return picked if MIN_ENTRIES <= len(picked) < len(found) else []


def draft(q: Question, evidence: Sequence[Evidence], article_text: Callable[[str], str | None]) -> Draft | None:
    """A list question answered from the best article's layout (see the module docstring), or None."""
    if not evidence:
        return None
    top = evidence[0].passage
    text = article_text(top.article_id) or ""
    found = laid_out(q.text, top.title, text, q.names)[:MAX_ITEMS]
    if not found:
        return None
    whole = replace(top, chunk_id=top.chunk_id + "#whole", text=text, start=0, end=len(text))
    more = [Evidence(whole, e.start, e.end, text[e.start : e.end], 0.0, 0.0) for e in found]
    return Draft(tuple(_told(found, len(evidence))), (*evidence, *more))


def _told(found: Sequence[Entry], first: int) -> list[Line]:
    """Up to :data:`MAX_BULLETS` entries as bullets, more in one line ("A [1], B [2] and C [3]"; titles that hold
    commas apart by semicolons) while it stays within :data:`MAX_WORDS` words; each cites its own line."""
    if len(found) <= MAX_BULLETS:
        return [Line(e.text, (first + k,), "bullet") for k, e in enumerate(found)]
    sep = "; " if any("," in e.text for e in found) else ", "
    parts: list[tuple[str, tuple[int, ...]]] = []
    words = 0
    for k, e in enumerate(found):
        words += len(e.text.split())
        if words > MAX_WORDS and parts:
            break
        parts.append(((sep if parts else "") + e.text, (first + k,)))
    if len(parts) > 1 and sep == ", ":
        last, refs = parts[-1]
        parts[-1] = (" and " + last.removeprefix(", "), refs)
    return [Line.joined(parts)]


def listed(items: Sequence[Line]) -> list[Line]:
    """A list's items as bullets, or, when there are more than :data:`MAX_BULLETS` of them, each run of short
    items (names, things) told in one line, cited as they were: "AMD, Intel, CERN and Hugging Face [1]"."""
    if len(items) <= MAX_BULLETS:
        return list(items)
    out: list[Line] = []
    names: list[Line] = []  # the current run of short items

    def close() -> None:
        if len(names) == 1:
            out.append(names[0])
        elif names:
            parts: list[tuple[str, tuple[int, ...]]] = []
            for k, item in enumerate(names):
                sep = "" if k == 0 else " and " if k == len(names) - 1 else ", "
                if parts and parts[-1][1] == item.refs:
                    parts[-1] = (parts[-1][0] + sep + item.text, item.refs)
                else:
                    parts.append((sep + item.text, item.refs))
            out.append(Line.joined(parts))
        names.clear()

    for item in items:
        if len(item.text.split()) <= SHORT_ITEM and not item.text.rstrip().endswith("."):
            names.append(item)
        else:
            close()
            out.append(item)
    close()
    return out[:MAX_BULLETS]

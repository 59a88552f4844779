"""Comparisons: the two sides a question compares ("Who has more knockouts, Anthony Joshua or Deontay Wilder?"),
evidence for each side, and without a model one line per side.

The sentences chosen for the whole question often hold one side's figure only (Joshua's record, not Wilder's):
:func:`each_side` searches for a side the evidence leaves without a figure and adds its best sentence, so the
answer can weigh both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..types import Passage
from .cite import Line
from .evidence import COMPARATIVES, Evidence, select, terms, without_comparatives
from .figures import Figure, figures
from .question import Question

_SIDES = re.compile(
    r"(?:\b(?:between|compare|comparing|of|for|did|does|do|is|are|was|were)\b|,|^)\s*(?P<a>[^,?]+?)\s+(?:or|and|with|to|vs\.?|versus|than)\s+"
    r"(?P<b>[^,?]+?)(?:\?|$|,| in | on | at | when | after | before )",
    re.I,
)


def sides(q: Question, evidence: Sequence[Evidence], skip: set[int] = frozenset()) -> list[Line]:  # type: ignore[assignment]
    """One line per side of a comparison: the best evidence sentence about each side, in its own words."""
    from .clauses import trim

    out: list[Line] = []
    used = set(skip)
    for side in compared(q):
        want = _wanted(side)
        if not want:
            continue
        best, score = None, 0.0
        for i, ev in enumerate(evidence):
            have = terms(ev.text)
            s = len(want & have) / len(want) + (0.2 if figures(ev.text) else 0.0) - 0.01 * i
            if i not in used and s > score:
                best, score = i, s
        if best is not None and score >= 0.5:
            used.add(best)
            out.append(Line(f"{side.strip().rstrip('.')}: {trim(evidence[best].text)}", (best,)))
    return out


# "How did Trump's own 2021 valuation compare with New York state's?": the subject of "compare", and what follows
_COMPARED_WITH = re.compile(
    r"\b(?:did|does|do|is|are|was|were)\s+(?!not\b)(?:the\s+)?(?P<a>[^,?]+?)(?<!\bnot)\s+compare\s+(?:with|to|against)\s+"
    r"(?:the\s+)?(?P<b>[^,?]+?)\s*(?:\?|$|,| in | on | at | when | after | before )",
    re.I,
)
_LAST_PAIR = re.compile(r",\s*(?:the\s+)?(?P<a>[^,?]+?)\s+(?:or|vs\.?|versus)\s+(?:the\s+)?(?P<b>[^,?]+?)\s*\??\s*$", re.I)


def compared(q: Question) -> tuple[str, ...]:
    """The two sides ``q`` compares, as written, or () when it names no pair: the pair after a comma ("Who has
    more knockouts, Anthony Joshua or Deontay Wilder?"), else the subject of "compare" and what follows it ("How
    did Brock Purdy's passing compare with Jalen Hurts'?"), else its two names when it gives exactly two ("Who
    threw for more yards: Brock Purdy or Jalen Hurts?"), else the words either side of "or", "than", "vs"."""
    m = _LAST_PAIR.search(q.text) or _COMPARED_WITH.search(q.text)
    if m:
        return m.group("a"), m.group("b")
    names = [n for n in q.names if n not in q.outlets]
    if len(names) == 2:
        return names[0], names[1]
    m = _SIDES.search(q.text)
    return (m.group("a"), m.group("b")) if m else ()


# words that set a side against its opponent ("Nico Collins against the Broncos"): a report says "a win over" them
_OPPOSED = frozenset({"against", "versus", "vs"})


def _wanted(side: str) -> set[str]:
    return terms(side) - terms(" ".join(COMPARATIVES)) - _OPPOSED


def _holds(ev: Evidence, want: set[str]) -> bool:
    """Whether a sentence is about a side (it names most of the side, whose other words its passage or title give:
    "ElectraMeccanica's tiny EV" in a passage on the ElectraMeccanica Solo) and gives a quantity: a figure in digits,
    not a year, a date, a clock time or part of a model name ("MX-30")."""
    text = ev.text
    if len(want & terms(text)) < len(want) / 2 or want - terms(f"{text} {ev.passage.text} {ev.passage.title}"):
        return False
    for f in _in_digits(text):
        at = text.find(f.text)
        end = at + len(f.text)
        glued = at > 0 and (text[at - 1] in ":-" or text[at - 1].isalpha()) or text[end : end + 1] == ":"
        if not glued:
            return True
    return False


def _in_digits(text: str) -> list[Figure]:
    """The figures of ``text`` written in digits, other than years and dates."""
    return [f for f in figures(text) if f.kind not in ("year", "date") and any(c.isdigit() for c in f.text)]


def each_side(
    q: Question, evidence: Sequence[Evidence], search: Callable[[str], Sequence[Passage]], per_side: int = 1
) -> list[Evidence]:
    """``evidence`` and, for each side of a comparison that no sentence of it gives a figure for, the best sentence
    about that side with a figure from a search for the question asked of that side alone."""
    out = list(evidence)
    pair = compared(q)
    for side, other in zip(pair, pair[::-1], strict=True):
        want = _wanted(side)
        if not want or any(_holds(ev, want) for ev in out):
            continue
        alone = re.sub(r"\s+", " ", q.text.replace(other, " ")).strip()
        have = {(ev.passage.article_id, ev.start) for ev in out}
        found = [ev for ev in select(alone, search(alone), limit=40, max_chars=20000) if _holds(ev, want)]
        out += [ev for ev in found if (ev.passage.article_id, ev.start) not in have][:per_side]
    return out


_MORE = frozenset("more bigger larger higher greater longer older pricier costlier faster heavier".split())
_LESS = frozenset("less fewer smaller lower cheaper shorter younger slower lighter".split())


@dataclass(frozen=True)
class Weighed:
    """A comparison the figures settle: the side picked, and for each side the figure as written and the evidence
    sentence it is from."""

    pick: str
    sides: tuple[tuple[str, str, int], ...]

    @property
    def refs(self) -> list[int]:
        """The evidence sentences that give the figures, each once: the answer's grounds and support."""
        return list(dict.fromkeys(i for _, _, i in self.sides))

    def lines(self) -> list[Line]:
        """One line per side: "Talon: between $600 million and $700 million", cited to its sentence."""
        return [Line(f"{side}: {figure}", (i,)) for side, figure, i in self.sides]


def by_figures(q: Question, evidence: Sequence[Evidence]) -> Weighed | None:
    """The side a "which one more / less" question picks when the evidence gives each side a figure of one kind
    ("Which startup was Palo Alto set to pay more for, Talon or Dig Security?": $600 million against $400 million),
    for a yes/no comparison "Yes" or "No" ("Has Talon raised more money than Dig?"), or None when it is not such
    a question or the figures do not settle it.  Weighing two figures is arithmetic, which the 1.5B model gets
    wrong about as often as right."""
    words = {w.lower().strip(",.?!;:") for w in q.text.split()}
    more, less = bool(words & _MORE), bool(words & _LESS)
    pair = _claimed(q) if q.yes_no else tuple(side.strip() for side in compared(q))
    # "How did X compare with Y?" asks for both figures, and picks no side
    both = not (more or less or q.yes_no) and _COMPARED_WITH.search(q.text) is not None
    if len(pair) != 2 or not both and (more == less or not q.yes_no and not re.search(r"\b(?:or|vs\.?|versus)\b", q.text, re.I)):
        return None
    asked = [without_comparatives(q.text.replace(other, " ")) for other in pair[::-1]]
    # a yes/no question's claim is weighed only on figures of what it asks (Talon's price, not the funding it raised)
    a = _side_figures(pair[0], evidence, asked[0], q.yes_no)
    # the other side is read in the sentence that gives the first side's figure, when it names it with a figure:
    # one report's two figures ("Talon ... for between $600 million and $700 million; and Dig Security ... for
    # between $300 million and $400 million"), not another article's "$400 million security acquisition"
    b = _side_figures(pair[1], evidence, asked[1], q.yes_no, next(iter(a.values()))[2] if a else None)
    kinds = set(a) & set(b)
    if len(kinds) != 1:
        return None  # no figure of one kind on both sides, or several: not settled
    kind = kinds.pop()
    (x, tx, ix), (y, ty, iy) = a[kind], b[kind]
    if both:  # two figures of one report ("the club expected" is not another article's "4,000 expected")
        one = (tx, ix) != (ty, iy) and evidence[ix].passage.article_id == evidence[iy].passage.article_id
        return Weighed(f"{tx} against {ty}", ((pair[0], tx, ix), (pair[1], ty, iy))) if one else None
    if x == y:
        return None
    first = x > y if more else x < y
    pick = ("Yes" if first else "No") if q.yes_no else pair[0] if first else pair[1]
    return Weighed(pick, ((pair[0], tx, ix), (pair[1], ty, iy)))


def _claimed(q: Question) -> tuple[str, ...]:
    """The two sides a yes/no comparison sets against each other: the last name before its comparative and the
    words after "than" ("Did Palo Alto agree to buy Talon for more than Dig?": Talon, Dig), or ()."""
    m = re.search(
        r"\b(?:" + "|".join(_MORE | _LESS) + r")\b(?:\s+\w+){0,2}?\s+than\s+(?:the\s+)?(?P<b>[^,?]+?)\s*(?:[,?]|$)", q.text
    )
    if m is None:
        return ()
    before = [n for n in q.names if n not in q.outlets and q.text.find(n) < m.start()]
    after = [n for n in q.names if n in m.group("b")]
    return (max(before, key=q.text.find), after[0]) if before and after else ()


def _side_figures(
    side: str, evidence: Sequence[Evidence], asked: str = "", on_topic: bool = False, prefer: int | None = None
) -> dict[str, tuple[float, str, int]]:
    """For the evidence sentence about a side with a quantity (:func:`_holds`) that gives most of the rest of the
    question ``asked`` (the first such; with ``on_topic``, none that gives none of it; ``prefer`` when it is about
    the side), each kind's first figure after the side is named there (or before it, when none follows): its value,
    as written (a range whole: "between $600 million and $700 million"), and the sentence's index."""
    want = _wanted(side)
    named = [w.lower() for w in re.findall(r"\w+", side) if len(w) >= 3]
    # the sentence that says most of the rest of the question: what Palo Alto pays for Talon, not what Talon raised
    rest = terms(asked) - want
    held = [i for i, ev in enumerate(evidence) if want and _holds(ev, want)]

    def fit(i: int) -> tuple[bool, int]:  # names the side itself, then says most of the rest of the question
        low = evidence[i].text.lower()
        return all(re.search(rf"\b{re.escape(w)}", low) for w in named), len(rest & terms(evidence[i].text))

    for i in [prefer] if prefer in held else sorted(held, key=fit, reverse=True)[:1]:
        if on_topic and rest and not fit(i)[1]:
            return {}
        text = evidence[i].text
        # where the side is named: the whole name where the sentence gives it ("Dig Security", not the "security"
        # of "aimed at security distributed workforces" before the other side's figure)
        whole = re.search(rf"\b{re.escape(side.strip().lower())}", text.lower())
        parts = (m.start() for w in named for m in re.finditer(rf"\b{re.escape(w)}", text.lower()))
        at = whole.start() if whole else min(parts, default=0)
        found: dict[str, tuple[float, str, int]] = {}
        for f in sorted(_in_digits(text), key=lambda f: (text.find(f.text) < at, text.find(f.text))):
            if f.kind not in found:
                found[f.kind] = (f.value, _as_written(text, f.text), i)
        return found
    return {}


_RANGE = re.compile(r"\s*(?:and|to|-|–)\s*")


def _as_written(text: str, figure: str) -> str:
    """``figure`` as the sentence gives it: with the other end of a range ("$600 million and $700 million") and a
    "between" before it."""
    start = text.find(figure)
    end = start + len(figure)
    gap = _RANGE.match(text, end)
    if gap:
        rest = [f for f in figures(text[gap.end() :]) if text.startswith(f.text, gap.end())]
        if rest:
            end = gap.end() + len(rest[0].text)
    if re.search(r"\b(?:between|from)\s+$", text[:start], re.I):
        start = text.rindex(" ", 0, start - 1) + 1
    return text[start:end]

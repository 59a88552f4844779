"""Check that an answer sentence says only what the sentences it cites say.

No entailment model installs offline, so the check is explicit about what a small
model gets wrong when it paraphrases news: the details.  A sentence passes when

* every figure it gives (an amount, a percentage, a count, a score, a year, a date)
  is given by a cited sentence, or is the cited article's publication year or day;
* every proper name it uses appears in a cited sentence or its article's title;
* every outlet it names is the outlet of a cited sentence;
* every passage it puts in quotation marks is word for word in a cited sentence, and one of four words or
  more that it gives as someone's words ("X said, '...'") is a quotation there too (the reporter's prose is
  not the speaker's);
* most of its content words (:data:`MIN_OVERLAP`, stemmed) are in the cited sentences
  or their titles.

:func:`recite` finds the sentences that support an answer sentence whose own markers
do not; a sentence nothing supports is dropped.  Measured on planted errors (a swapped
figure, name, year or outlet) beside correct sentences: ``bench/checker.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .evidence import Evidence, terms
from .figures import CLAUSE, SCORE, figures, found, names_in, normal
from .owners import swapped

MIN_OVERLAP = 0.5
_QUOTED = re.compile(r"[\"“”]([^\"“”]{12,}?)[\"“”]")


@dataclass(frozen=True)
class Check:
    """The verdict on one sentence against its citations, and what failed."""

    ok: bool
    reason: str = ""


def check(sentence: str, cited: Sequence[Evidence], outlets: Sequence[str] = (), strict_overlap: float = MIN_OVERLAP) -> Check:
    """Whether ``cited`` supports ``sentence`` (see the module docstring)."""
    if not cited:
        return Check(False, "no citation")
    text = " ".join(ev.text for ev in cited)
    titles = " ".join(dict.fromkeys(ev.passage.title for ev in cited))
    context = f"{text} {titles}"
    low = normal(context)
    published = [ev.passage.published[:10] for ev in cited if ev.passage.published]
    have = figures(context)
    for f in figures(sentence):
        if not found(f, have, published):
            return Check(False, f"figure {f.text!r} is not in the cited sentences")
    scores = {frozenset(m.groups()) for m in SCORE.finditer(context)}
    for m in SCORE.finditer(sentence):  # a score is one figure: "7-1" is not held by a "1-0" and a "seventh"
        if frozenset(m.groups()) not in scores:
            return Check(False, f"score {m.group()!r} is not in the cited sentences")
        if not _score_of(m, sentence, cited):
            return Check(False, f"score {m.group()!r} is another game's in the cited sentences")
    if other := swapped(sentence, cited):
        return Check(False, f"figure {other!r} is another name's in the cited sentences")
    for name in names_in(sentence):
        if normal(name) not in low and not _in_outlets(name, cited):  # "D’Angelo" is "D'Angelo"
            return Check(False, f"name {name!r} is not in the cited sentences")
    sources = {ev.passage.source.lower() for ev in cited}
    for outlet in outlets:
        if len(outlet) >= 4 and re.search(r"(?<!\w)" + re.escape(outlet) + r"(?!\w)", sentence, re.I):
            if outlet.lower() not in sources:
                return Check(False, f"outlet {outlet!r} is not the cited article's")
    attributes = bool(_SAYING.search(_QUOTED.sub(" ", sentence).split("“")[0].split('"')[0]))
    for q in quoted(sentence):
        said = normal(q).strip(" ,.")
        if said not in normal(text):
            return Check(False, "quoted words are not the article's")
        if attributes and len(said.split()) >= 4 and not any(_within_quotes(said, normal(ev.text)) for ev in cited):
            return Check(False, "it gives as someone's words what the article does not quote")
    if denial(sentence, cited) is not None:
        return Check(False, "it states what the cited sentence denies")
    if _INFERS.search(sentence) and not _INFERRED.search(context):
        return Check(False, "it draws a conclusion the cited sentences do not")  # "..., which implies they are still in"
    want = terms(sentence)
    if want:
        got = terms(context) | terms(" ".join(ev.passage.source for ev in cited))
        share = len(want & got) / len(want)
        if share < strict_overlap:
            return Check(False, f"only {share:.0%} of its words are in the cited sentences")
    return Check(True)


def _score_of(m: re.Match[str], sentence: str, cited: Sequence[Evidence]) -> bool:
    """Whether a cited sentence (or its title) giving the score ``m`` of ``sentence`` names one of the sides the
    sentence gives it to: "Chelsea beat Blackburn ... with a 3-0 win" is not supported by "Eddie Howe's side followed
    up with a 3-0 win over United" from the same match report.  A score told with no name before it needs none."""
    sides = {normal(n) for n in names_in(sentence[: m.start()])}
    if not sides:
        return True
    for ev in cited:
        for text in (ev.text, ev.passage.title):
            if any(frozenset(x.groups()) == frozenset(m.groups()) for x in SCORE.finditer(text)):
                if any(w in sides for w in (normal(n) for n in names_in(text))):
                    return True
    return False


# The writer's own conclusion ("Roblox is its own walled garden, which implies it is not coming to PlayStation"), which
# the cited sentences support only when they draw one too ("..., which means the changes ... will be felt for centuries").
_INFERS = re.compile(
    r"(?i)\b(?:which|this|that|it)\s+(?:implies|means|suggests|indicates)\b|\bimpl(?:ies|ying)\b|\b(?:suggesting|indicating)\s+that\b"
)
_INFERRED = re.compile(r"(?i)\b(?:impl(?:y|ies|ied|ying|ication)|means|meaning|suggest\w*|indicat\w*|signal\w*|shows?)\b")
# a negation, not "not just" or "not only" (which affirm) nor "no" in an aside ("(no offence, ...)")
_NEGATION = re.compile(r"(?:\b(?:not|no|never|none|nor|neither|without|cannot)\b|n['’]t\b)(?!\s+(?:just|only)\b)", re.I)


def denial(sentence: str, evidence: Sequence[Evidence], share: float = 0.0) -> int | None:
    """The evidence sentence (0-based) whose clause repeats most of what ``sentence`` states without a negation (two
    of its words at least, and ``share`` of them), when that clause denies it ("BofA expects another crash like 2008"
    from "we do not expect another housing crash like 2008"); None when no clause does, or ``sentence`` is negative."""
    if _NEGATION.search(sentence):
        return None
    want = terms(sentence)
    best, hit, at = "", 0, -1
    for i, ev in enumerate(evidence):
        for clause in CLAUSE.split(re.sub(r"\([^()]*\)", " ", ev.text)):
            n = len(want & terms(clause))
            if n > hit:
                best, hit, at = clause, n, i
    if hit < max(2, share * len(want)):
        return None
    # the negation governs what is said: one of the sentence's words follows it closely ("do not expect another crash",
    # "without user consent"; not "posts not spreading falsehoods among ... social networks")
    after = (" ".join(best[m.end() :].split()[:3]) for m in _NEGATION.finditer(best))
    return at if any(want & terms(x) for x in after) else None


# a clause saying a claim is not confirmed: "none of this actually confirms ...", "has not been confirmed", "unverified"
_UNCONFIRMED = re.compile(
    r"(?:\b(?:not|never|none|nobody|no one|yet to)\b|n['’]t\b)(?:\s+\w+){0,4}?\s+(?:confirm|verif)\w*|"
    r"\b(?:unconfirmed|unverified|unsubstantiated)\b",
    re.I,
)


def unconfirmed(claim: str, evidence: Sequence[Evidence], share: float = 0.5) -> int | None:
    """The evidence sentence (0-based) with a clause saying that what ``claim`` asks is not confirmed, naming
    ``share`` of its words (two at least): "Of course, none of this actually confirms Swift and Kelce are actually
    dating" for "Is Kelce dating Swift?"; None when no sentence says so."""
    want = terms(claim)
    for i, ev in enumerate(evidence):
        for clause in CLAUSE.split(ev.text):
            if _UNCONFIRMED.search(clause) and len(want & terms(clause)) >= max(2, share * len(want)):
                return i
    return None


_SAYING = re.compile(r"\b(?:said|says|say|told|tells|added|adds|wrote|writes|stated|states|according to|replied|quoted)\b", re.I)


def quoted(sentence: str) -> list[str]:
    """The passages ``sentence`` puts in quotation marks, one left open running to its end."""
    found = _QUOTED.findall(sentence)
    rest = _QUOTED.sub(" ", sentence)
    marks = [m.end() for m in re.finditer(r"[\"“”]", rest)]
    if len(marks) % 2 == 1 and len(rest) - marks[-1] >= 12:
        found.append(rest[marks[-1] :])
    return found


def _within_quotes(said: str, sentence: str) -> bool:
    """Whether ``sentence`` (normalised) gives ``said`` inside quotation marks: an odd number of marks before it,
    or after it (the sentence goes on with a quotation opened in the one before)."""
    at = sentence.find(said)
    return at >= 0 and (sentence[:at].count('"') % 2 == 1 or sentence[at + len(said) :].count('"') % 2 == 1)


def _in_outlets(name: str, cited: Sequence[Evidence]) -> bool:
    return any(name.lower() in ev.passage.source.lower() for ev in cited)


BETTER_BY = 2  # more of a sentence's words another evidence sentence must give to take its citation


def recite(
    sentence: str, evidence: Sequence[Evidence], refs: Sequence[int], outlets: Sequence[str] = (), limit: int = 2
) -> tuple[int, ...] | None:
    """The evidence (0-based) that supports ``sentence``: its own ``refs`` when they do, else the fewest
    sentences (at most ``limit``) that do, best matching first; None when nothing does.  Either way, one other
    sentence that gives :data:`BETTER_BY` more of its words goes first (alone when it supports it alone)."""
    refs = tuple(r for r in refs if 0 <= r < len(evidence))
    if refs and check(sentence, [evidence[r] for r in refs], outlets).ok:
        return _better(sentence, evidence, refs, outlets)
    want = terms(sentence)
    ranked = sorted(
        range(len(evidence)), key=lambda i: (-len(want & terms(evidence[i].text + " " + evidence[i].passage.title)), i)
    )
    ranked = ranked[:6]
    for i in ranked:
        if check(sentence, [evidence[i]], outlets).ok:
            return _better(sentence, evidence, (i,), outlets)
    if limit >= 2:
        for a, i in enumerate(ranked):
            for j in ranked[a + 1 :]:
                if check(sentence, [evidence[i], evidence[j]], outlets).ok:
                    return (i, j)
    return None


def _better(sentence: str, evidence: Sequence[Evidence], chosen: tuple[int, ...], outlets: Sequence[str]) -> tuple[int, ...]:
    """``chosen`` may pass on the article's title and names alone ("Kelce ... Taylor Swift") while another sentence
    says what ``sentence`` says ("Kelce described how much he admires Swift's skills as a musician"): that one first."""
    want = terms(sentence)
    own = len(want & terms(" ".join(evidence[r].text for r in chosen)))
    best = max(range(len(evidence)), key=lambda i: (len(want & terms(evidence[i].text)), -i))
    if best in chosen or len(want & terms(evidence[best].text)) < own + BETTER_BY:
        return chosen
    return (best,) if check(sentence, [evidence[best]], outlets).ok else (best, *chosen)

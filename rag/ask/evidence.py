"""Choose the sentences an answer rests on.

The 1.5B local model reads about 85 tokens a second, so it gets the few
sentences that matter, not whole chunks.  Each retrieved passage is split into
sentences (offsets into the article kept); every sentence is scored by how much
of the question's content it covers (IDF-weighted, stemmed), with its article's
title and outlet counted as context and a small prior from the passage's
retrieval score.  Sentences that read as instructions to an AI are never
chosen (:mod:`rag.ask.guard`).  The same scores decide whether the articles support an
answer at all (:func:`support`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..ingest.chunk import sentences
from ..types import Passage
from .guard import is_instruction
from .interview import replies

_WORD = re.compile(r"[\w][\w'’.-]*\w|\w")


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, with its article offsets and score."""

    passage: Passage
    start: int
    end: int
    text: str
    score: float
    coverage: float


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    try:
        from bm25s.stopwords import STOPWORDS_EN

        words = set(STOPWORDS_EN)
    except ImportError:  # pragma: no cover
        words = set()
    # Function words and the vocabulary of questions about news ("which article reported ...").
    words |= set(
        "from to in on of the a an and or for with by at did does do which what who whom how many much "
        "according article report reported news say said says mentioned also both".split()
    )
    return frozenset(words)


def words(text: str) -> list[str]:
    """Stemmed, lower-cased content words of ``text``, in order."""
    stop = _stopwords()
    found = [w.lower().strip(".'’-") for w in _WORD.findall(text)]
    found = [w.replace("’", "'").removesuffix("'s") for w in found if w and w not in stop]
    return list(_stemmer().stemWords([w for w in found if w not in stop]))


def terms(text: str) -> set[str]:
    """Stemmed, lower-cased content words of ``text``."""
    return set(words(text))


@lru_cache(maxsize=8192)
def sentence_terms(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """Each sentence of ``text`` as (start, end, its terms).  Cached: re-ranking (rag/ask/rerank.py) and
    evidence selection read the same passages for each question."""
    return tuple((s, e, frozenset(terms(text[s:e]))) for s, e in sentences(text))


@lru_cache(maxsize=4096)
def context_terms(title: str, source: str) -> frozenset[str]:
    """Terms of an article's title and outlet, which count towards each of its sentences."""
    return frozenset(terms(f"{title} {source}"))


_NUM = re.compile(r"\d")
_CAPWORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_WHEN = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b(?:19|20)\d{2}\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)


def fits(sentence: str, wants: str, question: str = "") -> bool:
    """Whether ``sentence`` holds the kind of thing the answer must be (a name, a number, a date)."""
    if wants == "number":
        return bool(set(re.findall(r"\d[\d,.]*", sentence)) - set(re.findall(r"\d[\d,.]*", question)))
    if wants == "date":
        return bool(_WHEN.search(sentence))
    if wants in ("name", "place"):
        asked = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}
        return any(w.lower() not in asked for w in _CAPWORD.findall(sentence))
    return False


def select(
    question: str,
    passages: Sequence[Passage],
    limit: int = 6,
    max_chars: int = 1000,
    wants: str = "",
    fit_bonus: float = 0.0,
    similarity: Callable[[list[str]], list[float]] | None = None,
    semantic: float = 0.0,
) -> list[Evidence]:
    """Up to ``limit`` sentences (within ``max_chars``) that together cover ``question`` best, best first.
    A sentence holding the kind of thing the answer must be (``wants``, see :func:`fits`) gains ``fit_bonus``,
    and ``semantic`` times its embedding similarity to the question when ``similarity`` is given."""
    q = terms(question)
    cands: list[tuple[Passage, int, int, str, frozenset[str]]] = []
    seen: set[tuple[str, int]] = set()
    for p in passages:
        context = context_terms(p.title, p.source)
        for s, e, sent_terms in sentence_terms(p.text):
            key = (p.article_id, p.start + s)
            if key in seen:
                continue
            seen.add(key)
            sent = p.text[s:e]
            if is_instruction(sent):
                continue  # text addressed to an AI, not news: never evidence (rag/ask/guard.py)
            cands.append((p, p.start + s, p.start + e, sent, sent_terms | context))
    if not cands or not q:
        return []
    n = len(cands)
    idf = {t: math.log(1 + n / (1 + sum(1 for c in cands if t in c[4]))) for t in q}
    total = sum(idf.values())
    pool = []
    sims = similarity([c[3] for c in cands]) if similarity is not None and semantic else [0.0] * len(cands)
    for (p, s, e, sent, t), sim in zip(cands, sims):
        cov = sum(idf[w] for w in q & t) / total
        bonus = fit_bonus if wants and fit_bonus and fits(sent, wants, question) else 0.0
        bonus += semantic * sim
        pool.append((Evidence(p, s, e, sent, score=cov + 0.15 * p.score + bonus, coverage=cov), q & t))
    # Greedy: each pick adds what it newly covers of the question, so the
    # sentences together cover its parts (hops) instead of repeating one.
    out: list[Evidence] = []
    covered: set[str] = set()
    seen_text: set[str] = set()
    used = 0
    while pool and len(out) < limit:
        gain = [ev.score + 0.5 * sum(idf[w] for w in hit - covered) / total for ev, hit in pool]
        best = max(range(len(pool)), key=lambda i: (gain[i], -pool[i][0].start))
        ev, hit = pool.pop(best)
        norm = " ".join(ev.text.lower().split())
        if norm in seen_text or (used + len(ev.text) > max_chars and out):
            continue
        seen_text.add(norm)
        out.append(ev)
        covered |= hit
        used += len(ev.text)
    return out


# Words of a comparison's form, not its content: "Which is bigger, Talon's funding or Dig's?" is about the funding.
COMPARATIVES = frozenset(
    "more less bigger larger higher lower better worse much many greater smaller cheaper pricier costlier older younger "
    "longer shorter faster slower".split()
)


def without_comparatives(question: str) -> str:
    """``question`` without the words that only make it a comparison."""
    return " ".join(w for w in question.split() if w.lower().strip(",.?!;:") not in COMPARATIVES)


def support(question: str, evidence: Sequence[Evidence]) -> float:
    """Share (IDF-weighted) of the question's content the top evidence covers together, 0..1."""
    q = terms(question)
    if not q or not evidence:
        return 0.0
    covered: set[str] = set()
    for ev in evidence[:3]:
        covered |= terms(ev.text) | terms(f"{ev.passage.title} {ev.passage.source}")
    # Unweighted here: a word never seen in the articles counts fully against support.
    return len(q & covered) / len(q)


# ------------------------------------------------------------ by question


# Words that mark a sentence as giving a reason, a statement or a time.
_CAUSAL = re.compile(
    r"\b(because|due to|after|amid|following|as a result|led to|leading to|caused|since|so that|in order to|"
    r"reasons?|blamed|blames|means|meaning|prompted|triggered|over (?:concerns|fears)|breach(?:ed|ing)?|attribut\w+|"
    r"driven by|thanks to|owing to|result of|because of|helped by|hurt by|weighed|boosted|offset)\b",
    re.I,
)
_SAYS = re.compile(r"[\"“”]|\b(said|says|told|tells|added|according to|wrote|warned|argued|claimed|believes?|thinks?)\b", re.I)
_DATED = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b(?:19|20)\d{2}\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last (?:week|month|year))\b",
    re.I,
)


_BOILER = re.compile(
    r"\{\{|\}\}|privacy (?:policy|notice)|sign(?:ing)? up|newsletter|cookies?\b|subscribe|recaptcha|terms of service|"
    r"try again later|click here|read more|follow us|all rights reserved|advertisement|pic\.twitter\.com|https?://|"
    # a photo's caption or credit: "... (Getty)", "(AP Photo/Jane Doe)", "Photograph: ..."
    r"\([^()]*\b(?:Getty|AP Photo|AFP|Reuters|PA Wire|PA Media|EPA|Shutterstock|Images)\b[^()]*\)\W*$|"
    r"^(?:photo(?:graph)?|image|credit|pictured)\s*:",
    re.I,
)


_SAY_VERB = re.compile(r"\b(?:said|says|told|tells|added|adds|according to|wrote|writes|warned|argued|claimed)\b", re.I)
_STANCE = re.compile(
    r"\b(?:wants?|insist\w*|admit\w*|reveal\w*|explain\w*|confess\w*|describ\w*|urg\w*|hope[sd]?|expect\w*|"
    r"conced\w*|acknowledg\w*|stress\w*|not(?:es|ed)|repl(?:y|ies|ied)|add(?:s|ed)|argu\w*|warn\w*|agree[sd]?|"
    r"den(?:y|ies|ied)|suggest\w*|predict\w*|recommend\w*|testif\w*|posted|tweeted|views?|sees|confident|"
    r"committed|called for|calls for|points? to|pointed to|feels?|felt|criticis\w*|criticiz\w*|prais\w*)\b",
    re.I,
)
_PRONOUN_SAYS = re.compile(
    r"\b(?:he|she|they) (?:said|says|added|adds|told|tells|wrote|writes|noted|explained|argued|warned|continued)\b|"
    r"\b(?:said|says|added|adds|wrote|writes|continued) (?:he|she|they)\b",
    re.I,
)


_ROLES = set(
    "ceo cfo coo cto chief boss manager coach president chairman chair spokesperson spokesman spokeswoman economist "
    "economists analyst analysts minister governor director founder officials official executive executives lawyer "
    "lawyers judge team company firm government".split()
)


def surname(speaker: str) -> str:
    """The word of ``speaker`` that articles use for them after the first mention ("Yun" of "Lawrence Yun",
    also when the question is written in lower case); "" for a role without a name ("the judge")."""
    found = re.findall(r"[\w’'-]+", speaker)
    named = [w for w in found if w[:1].isupper()] or (found if speaker == speaker.lower() else [])
    last = named[-1].lower().removesuffix("'s").removesuffix("’s").split("-")[-1] if named else ""
    return "" if last in _ROLES else last  # "Check Point's CEO": any CEO's sentence is not theirs


def _open_quote(sentence: str) -> bool:
    """Whether a quotation opened in ``sentence`` goes on after it."""
    curly = sentence.count("“") - sentence.count("”")
    return curly > 0 or sentence.count('"') % 2 == 1 and not sentence.rstrip().endswith(('"', "”"))


def attributed(evidence: Sequence[Evidence], speaker: str) -> set[int]:
    """The sentences of ``evidence`` (in article order) that give ``speaker``'s words or view: those naming them
    beside a quotation, a verb of saying or of holding a view ("Dyche wants ...", not "Dyche was ill"), and the
    ones right after such a sentence that carry on its open quotation or say "he said"; in an interview with them,
    their replies (:mod:`rag.ask.interview`)."""
    who = surname(speaker)
    named = re.compile(r"\b" + re.escape(who) + r"\b" if who else r"(?!)", re.I)  # no name: nobody's words
    out: set[int] = replies(evidence, who)
    for i, ev in enumerate(evidence):
        if named.search(ev.text):
            if _SAYS.search(ev.text) or _STANCE.search(ev.text):  # their words or view, not news about them
                out.add(i)
            continue
        prev = evidence[i - 1] if i else None
        if (
            prev is not None
            and i - 1 in out
            and prev.passage.article_id == ev.passage.article_id
            and 0 <= ev.start - prev.end <= 3
            and (_PRONOUN_SAYS.search(ev.text) or not _SAY_VERB.search(ev.text))  # not someone else's words
            and (
                _open_quote(prev.text)
                or _PRONOUN_SAYS.search(ev.text)
                or ev.text.lstrip()[:1] in '“"'  # their next quoted paragraph
            )
        ):
            out.add(i)
    return out


# A label that opens a line of page furniture: "MORE: ...", "READ MORE: ...", "Man United subs (12): ...".
_LABEL = re.compile(
    r"^(?:(?:READ |SEE )?(?:MORE|ALSO)|RELATED|WATCH|LISTEN|VIDEO|PHOTOS?|SPONSORED|ADVERTISEMENT|"
    r"(?:ALSO )?READ|SIGN UP|SUBSCRIBE|UPDATE \d+|[\w ]{1,30}\(\d+\))\s*:"
)


def newsy(sentence: str) -> bool:
    """Whether a sentence reads as reporting: at least six words, not a question, not site boilerplate, not
    a row of a table ("AC Milan 6 2 2 2 -3 8 4") or a labelled line of page furniture."""
    s = sentence.strip()
    if len(s.split()) < 6 or s.endswith("?") or _BOILER.search(s) or _LABEL.match(s):
        return False
    tokens = s.split()
    figures = sum(1 for t in tokens if re.fullmatch(r"[-+]?[\d.,:%-]+", t))
    return figures <= 0.4 * len(tokens) and sum(1 for t in tokens if t.isalpha() and t.islower()) >= 3


_SPECIFIC = re.compile(r"\d[\d,.]*%?|(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*")


def specifics(text: str) -> set[str]:
    """The figures and proper names ``text`` gives (a name that opens a sentence is not counted)."""
    return set(_SPECIFIC.findall(text))


def _specifics(sentence: str) -> int:
    """How many figures and proper names a sentence gives."""
    return len(specifics(sentence))


def gather(
    passages: Sequence[Passage],
    focus: str,
    kind: str,
    keep: set[str] | None = None,
    speaker: str = "",
    max_articles: int = 3,
    max_chars: int = 1700,
    max_sentences: int = 11,
    similarity: Callable[[list[str]], list[float]] | None = None,
    semantic: float = 1.0,
    specific: float = 0.3,
) -> list[Evidence]:
    """Sentences for an answer written in several sentences (explain, said, summary, list), in article
    order: the best passages' sentences that cover the subject, with a bonus for what the kind needs
    (a reason, a statement, an enumeration), the article's opening sentence counted, from at most
    ``max_articles`` articles about the subject (``keep``), the first one getting most room.  ``similarity``
    (the embedding model's cosine of each sentence to the question) adds ``semantic`` times its value: it
    finds the sentence that answers "why" in other words than the question's."""
    q = terms(focus)
    order: list[str] = []
    for p in passages:
        if (keep is None or p.article_id in keep) and p.article_id not in order:
            order.append(p.article_id)
    order = order[:max_articles]
    if not order or not q:
        return []
    cands: dict[str, list[tuple[float, Evidence]]] = {a: [] for a in order}
    seen: set[tuple[str, int]] = set()
    rank = {a: i for i, a in enumerate(order)}
    who = surname(speaker) if kind == "said" else ""
    for p in passages:
        if p.article_id not in rank:
            continue
        context = context_terms(p.title, p.source)
        for s, e, t in sentence_terms(p.text):
            key = (p.article_id, p.start + s)
            sent = p.text[s:e]
            if key in seen or not newsy(sent) or is_instruction(sent):
                continue
            seen.add(key)
            cov = len(q & (t | context)) / len(q)
            own = len(q & t) / len(q)
            score = cov + 0.5 * own + 0.1 * p.score
            if kind == "explain" and _CAUSAL.search(sent):
                score += 0.25
            if kind == "said" and _SAYS.search(sent):
                score += 0.3  # with a speaker, their own sentences get more below
            if kind == "list" and sent.count(",") >= 2:
                score += 0.2
            if kind == "timeline" and _DATED.search(sent):
                score += 0.3
            if kind in ("summary", "explain", "list", "said"):
                score += specific * min(1.0, _specifics(sent) / 3)  # names, figures and dates carry the story
            if p.start + s == 0:
                score += 0.2  # the article's opening sentence states the story
            elif kind == "summary" and p.start + s < 600:
                score += 0.15  # and the paragraphs after it its main facts
            cands[p.article_id].append((score, Evidence(p, p.start + s, p.start + e, sent, score=score, coverage=cov)))
    theirs: dict[str, set[int]] = {}
    if who:
        for a in order:
            cands[a].sort(key=lambda x: x[1].start)
            theirs[a] = {cands[a][i][1].start for i in attributed([ev for _, ev in cands[a]], speaker)}
            cands[a] = [(sc + 0.3, replace(ev, score=sc + 0.3)) if ev.start in theirs[a] else (sc, ev) for sc, ev in cands[a]]
    if similarity is not None and semantic:
        flat = [(a, i) for a in order for i in range(len(cands[a]))]
        sims = similarity([cands[a][i][1].text for a, i in flat]) if flat else []
        for (a, i), sim in zip(flat, sims):
            score, ev = cands[a][i]
            cands[a][i] = (score + semantic * sim, replace(ev, score=score + semantic * sim))
    shares = [0.5, 0.3, 0.2] if len(order) >= 3 else [0.65, 0.35] if len(order) == 2 else [1.0]
    out: list[Evidence] = []
    texts: set[str] = set()
    for a, room in zip(order, shares):
        budget = int(max_chars * room)
        by_start = {ev.start: (score, ev) for score, ev in cands[a]}
        starts = sorted(by_start)
        picked: dict[int, Evidence] = {}
        for score, ev in sorted(cands[a], key=lambda x: (-x[0], x[1].start)):
            if score < 0.2 and picked:
                break
            # The best sentence and the one after it: news gives the reason, the figure or the quote next.
            at = starts.index(ev.start)
            window = [ev] + [by_start[x][1] for x in starts[at + 1 : at + 2] if by_start[x][1].start - ev.end <= 2]
            if ev.start in theirs.get(a, ()):  # a speaker's quotation goes on: up to two more of their sentences
                window += [by_start[x][1] for x in starts[at + 2 : at + 4] if x in theirs[a]]
            for w in window:
                norm = " ".join(w.text.lower().split())
                if w.start in picked or norm in texts:
                    continue
                if picked and sum(len(x.text) for x in picked.values()) + len(w.text) > budget:
                    continue
                if len(out) + len(picked) >= max_sentences:
                    break
                texts.add(norm)
                picked[w.start] = w
        out += [picked[k] for k in sorted(picked)]
    return out

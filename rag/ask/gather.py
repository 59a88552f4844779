"""Evidence for an answer written in several sentences (explain, said, summary, list, timeline): the sentences of
the best passages that cover the subject, with a bonus for what the kind needs (a reason, a statement, an
enumeration, a date), names and figures, the article's opening, and the embedding model's similarity to the
question, from at most three articles, the first getting most room (:func:`gather`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..types import Passage
from .evidence import WHEN, Evidence, context_terms, sentence_terms, terms
from .guard import is_instruction
from .quotes import SAYS, attributed, surname

# Words that mark a sentence as giving a reason or a time.
_CAUSAL = re.compile(
    r"\b(because|due to|after|amid|following|as a result|led to|leading to|caused|since|so that|in order to|"
    r"reasons?|blamed|blames|means|meaning|prompted|triggered|over (?:concerns|fears)|breach(?:ed|ing)?|attribut\w+|"
    r"driven by|thanks to|owing to|result of|because of|helped by|hurt by|weighed|boosted|offset)\b",
    re.I,
)
# a day, a year or a weekday (as a one-line answer's date, rag.ask.evidence.fits), or a relative day
_DATED = re.compile(WHEN.pattern + r"|\b(?:yesterday|last (?:week|month|year))\b", re.I)


_BOILER = re.compile(
    r"\{\{|\}\}|privacy (?:policy|notice)|sign(?:ing)? up|newsletter|cookies?\b|subscribe|recaptcha|terms of service|"
    r"try again later|click here|read more|follow us|all rights reserved|advertisement|pic\.twitter\.com|https?://|"
    # a photo's caption or credit: "... (Getty)", "(AP Photo/Jane Doe)", "Photograph: ..."
    r"\([^()]*\b(?:Getty|AP Photo|AFP|Reuters|PA Wire|PA Media|EPA|Shutterstock|Images)\b[^()]*\)\W*$|"
    r"^(?:photo(?:graph)?|image|credit|pictured)\s*:",
    re.I,
)


_LABEL = re.compile(
    r"^(?:(?:READ |SEE )?(?:MORE|ALSO)|RELATED|WATCH|LISTEN|VIDEO|PHOTOS?|SPONSORED|ADVERTISEMENT|"
    r"(?:ALSO )?READ|SIGN UP|SUBSCRIBE|UPDATE \d+|[\w ]{1,30}\(\d+\)|"
    # the same labels as pages write them ("Also Read: ...", "Related: ..."), and a study's reference line
    r"(?i:also read|read also|read more|see also|related|recommended|references?))\s*:"
)


def newsy(sentence: str, asking: bool = False) -> bool:
    """Whether a sentence reads as reporting: at least six words, not a question (unless ``asking``: a speaker's
    own question is their words), not site boilerplate, not a row of a table ("AC Milan 6 2 2 2 -3 8 4") or a
    labelled line of page furniture."""
    s = sentence.strip()
    if len(s.split()) < 6 or s.endswith("?") and not asking or _BOILER.search(s) or _LABEL.match(s):
        return False
    tokens = s.split()
    figures = sum(1 for t in tokens if re.fullmatch(r"[-+]?[\d.,:%-]+", t))
    return figures <= 0.4 * len(tokens) and sum(1 for t in tokens if t.isalpha() and t.islower()) >= 3


_CREDIT = re.compile(r"[ \t]*(?:photo(?:graph)?|image|picture|credit)\s*:", re.I)


def captioned(text: str, end: int) -> bool:
    """Whether the sentence of ``text`` ending at ``end`` is a photo's caption: its line goes on with the photo's
    credit ("Abdoulaye Doucouré celebrates Everton's win at Crystal Palace ... Photograph: Jacques Feeney/Offside/
    Getty Images").  A caption is no line of an explanation, a summary or a timeline."""
    return bool(_CREDIT.match(text, end))


_ENDED = re.compile(r"[.!?…][\"'”’)\]]*$")  # a sentence ends so; a heading or a caption does not


def ended(text: str) -> bool:
    """Whether ``text`` ends as a sentence does.  A heading ("Inter Miami 2024 season ticket prices") or a review's
    score box ("6 Verge Score ... The Good More stylish") does not, and is not quoted as a line of an explanation or
    a summary even when the model names it as answering best (a speaker's pull quote is still their words:
    :mod:`rag.ask.said`).  A sentence may end on a quotation: 'a bracelet that read: “Vigilante S***”'."""
    text = text.strip()
    return bool(_ENDED.search(text)) or text.endswith("”") or text.endswith('"') and text.count('"') % 2 == 0


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
    most_about: bool = False,
) -> list[Evidence]:
    """Sentences for an answer written in several sentences (explain, said, summary, list), in article
    order: the best passages' sentences that cover the subject, with a bonus for what the kind needs
    (a reason, a statement, an enumeration), the article's opening sentence counted, from at most
    ``max_articles`` articles about the subject (``keep``), the first one getting most room.  ``similarity``
    (the embedding model's cosine of each sentence to the question) adds ``semantic`` times its value: it
    finds the sentence that answers "why" in other words than the question's.  With ``most_about`` (a summary), the
    article most about the question goes first (:func:`about_most`), not the one holding the best passage."""
    q = terms(focus)
    order: list[str] = []
    for p in passages:
        if (keep is None or p.article_id in keep) and p.article_id not in order:
            order.append(p.article_id)
    order = (about_most(passages, order) if most_about else order)[:max_articles]
    if not order or not q:
        return []
    cands = _candidates(passages, order, q, kind, specific, q - terms(speaker) if kind == "said" else set())
    theirs = _theirs(cands, speaker) if kind == "said" and surname(speaker) else {}
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
        out += _picked(cands[a], theirs.get(a, set()), int(max_chars * room), max_sentences - len(out), texts)
    return out


LEAD = "#lead"  # the chunk id's suffix of an article's opening added to the passages unretrieved (Finder.leads)


def about_most(passages: Sequence[Passage], order: list[str], best: int = 3) -> list[str]:
    """``order``'s articles by the summed retrieval scores of their ``best`` retrieved passages (an opening added
    unretrieved, :data:`LEAD`, not counted), ties in ``order``: what a summary is of.  "Give me a recap of Manchester
    United's win over Chelsea in December 2023" had the match's preview first (its best passage 0.991, the report's
    0.982), its sentences half the answer's room ("... would love a repeat of last season's 4-1 home win ..."); the
    report's passages sum to more (3.75 against 2.75).  Natural summaries (local model): key facts missing dev 27 -> 23,
    test 29 -> 26, right answers unchanged (4 and 3 of 17); explanations and "said" answers lost evidence facts by it
    (test 0.41 -> 0.39, 0.87 -> 0.83) and keep the best passage's article first."""
    got: dict[str, list[float]] = {a: [] for a in order}
    for p in passages:
        if p.article_id in got and not p.chunk_id.endswith(LEAD):
            got[p.article_id].append(p.score)
    return sorted(order, key=lambda a: -sum(sorted(got[a], reverse=True)[:best]))  # stable: ties keep ``order``


Scored = list[tuple[float, Evidence]]
_REPLY = 4  # sentences of a reply in an interview that answer the question before it


def _candidates(
    passages: Sequence[Passage], order: list[str], q: set[str], kind: str, specific: float, topic: set[str]
) -> dict[str, Scored]:
    """Each article's reporting sentences (:func:`newsy`, not text addressed to an AI), scored for ``kind``; ``topic``
    is what a "said" question asks about, without the speaker (:func:`_replies_first`)."""
    cands: dict[str, Scored] = {a: [] for a in order}
    seen: set[tuple[str, int]] = set()
    replying: dict[int, float] = {}  # id of an Evidence: how much of our subject the question it replies to asks
    for p in passages:
        if p.article_id not in cands:
            continue
        context = context_terms(p.title, p.source)
        asked, after = 0.0, 0
        for s, e, t in sentence_terms(p.text):
            key = (p.article_id, p.start + s)
            sent = p.text[s:e]
            question = bool(topic) and sent.rstrip().endswith("?")
            if question:
                asked, after = len(topic & t) / len(topic), 0
            else:
                after += 1
            if key in seen or not newsy(sent, kind == "said") or is_instruction(sent) or captioned(p.text, e):
                continue
            if kind in ("explain", "summary") and not ended(sent):
                continue  # a heading takes the model's reading and is never quoted (rag.ask.prose.fill)
            seen.add(key)
            cov = len(q & (t | context)) / len(q)
            score = cov + 0.5 * len(q & t) / len(q) + 0.1 * p.score + _for_kind(kind, sent, p.start + s, specific)
            ev = Evidence(p, p.start + s, p.start + e, sent, score=score, coverage=cov)
            if asked and not question and after <= _REPLY:
                replying[id(ev)] = asked
            cands[p.article_id].append((score, ev))
    return _replies_first(cands, replying)


def _replies_first(cands: dict[str, Scored], replying: dict[int, float]) -> dict[str, Scored]:
    """In an interview, the reply to the interviewer's question that asks most of our subject (at least half)
    gains 1.0: "What is the biggest myth about the deep sea?" is answered by "It's the idea that we know almost
    nothing about it", which shares none of the words asked; it is what they said about it."""
    for a, scored in cands.items():
        best = max((replying.get(id(ev), 0.0) for _, ev in scored), default=0.0)
        if best >= 0.5:
            cands[a] = [
                (sc + 1.0, replace(ev, score=sc + 1.0)) if replying.get(id(ev)) == best else (sc, ev) for sc, ev in scored
            ]
    return cands


def _for_kind(kind: str, sent: str, at: int, specific: float) -> float:
    """The bonus of a sentence at offset ``at`` of its article for what an answer of ``kind`` needs."""
    score = 0.0
    if kind == "explain" and _CAUSAL.search(sent):
        score += 0.25
    if kind == "said" and SAYS.search(sent):
        score += 0.3  # with a speaker, their own sentences get more (_theirs)
    if kind == "list" and sent.count(",") >= 2:
        score += 0.2
    if kind == "timeline" and _DATED.search(sent):
        score += 0.3
    if kind in ("summary", "explain", "list", "said"):
        score += specific * min(1.0, _specifics(sent) / 3)  # names, figures and dates carry the story
    if at == 0:
        score += 0.2  # the article's opening sentence states the story
    elif kind == "summary" and at < 600:
        score += 0.15  # and the paragraphs after it its main facts
    return score


def _theirs(cands: dict[str, Scored], speaker: str) -> dict[str, set[int]]:
    """For each article, the starts of ``speaker``'s own sentences (:func:`rag.ask.quotes.attributed`), which gain
    0.3 in ``cands`` (put in article order)."""
    theirs: dict[str, set[int]] = {}
    for a, scored in cands.items():
        scored.sort(key=lambda x: x[1].start)
        theirs[a] = {scored[i][1].start for i in attributed([ev for _, ev in scored], speaker)}
        cands[a] = [(sc + 0.3, replace(ev, score=sc + 0.3)) if ev.start in theirs[a] else (sc, ev) for sc, ev in scored]
    return theirs


def _picked(scored: Scored, theirs: set[int], budget: int, room: int, texts: set[str]) -> list[Evidence]:
    """One article's sentences, best first within ``budget`` characters and ``room`` sentences, each with the one
    after it, in article order; ``texts`` (the sentences already taken, normalised) is added to."""
    by_start = {ev.start: (score, ev) for score, ev in scored}
    starts = sorted(by_start)
    picked: dict[int, Evidence] = {}
    for score, ev in sorted(scored, key=lambda x: (-x[0], x[1].start)):
        if score < 0.2 and picked:
            break
        # The best sentence and the one after it: news gives the reason, the figure or the quote next.
        at = starts.index(ev.start)
        window = [ev] + [by_start[x][1] for x in starts[at + 1 : at + 2] if by_start[x][1].start - ev.end <= 2]
        if ev.start in theirs:  # a speaker's quotation goes on: up to two more of their sentences
            window += [by_start[x][1] for x in starts[at + 2 : at + 4] if x in theirs]
        for w in window:
            norm = " ".join(w.text.lower().split())
            if w.start in picked or norm in texts:
                continue
            if picked and sum(len(x.text) for x in picked.values()) + len(w.text) > budget:
                continue
            if len(picked) >= room:
                break
            texts.add(norm)
            picked[w.start] = w
    return [picked[k] for k in sorted(picked)]

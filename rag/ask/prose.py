"""Answers written in several sentences: explain, said, summary, list.

The model reads the best sentences of the articles about the subject, grouped by article under its title, outlet
and date, numbered, and writes the answer's first sentence (a list: one item per line), ending with the numbers of
the sources it uses.  Each sentence is checked against the sentences it cites as soon as it is complete
(:mod:`rag.ask.verify`): kept with its citations when they support it, re-cited when other sources do, dropped when
none does; only checked sentences are passed on.  The rest of the answer is evidence sentences quoted as they stand
(:func:`fill`), first those the model names as answering best (:mod:`rag.ask.picks`): the 1.5B model's paraphrase
drops the names, figures and words people ask about.  The model reads only the evidence's first sentences
(:func:`first`, config ``read_chars``); the quoted sentences may come from all of it.  Without a model, or when
nothing the model wrote survives the check, the answer is those sentences alone; a summary is always those
sentences (:data:`QUOTED`), and so is a "said" answer: the speaker's own sentences (:mod:`rag.ask.said`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator, Sequence

from ..models.writers import Prompt, Writer
from .answer import READ, Abstention, Clock, Step, run
from .cite import Draft, Line
from .evidence import Evidence, terms
from .gather import ended, specifics
from .guard import strip_control
from .listing import MAX_ITEMS, draft, listed
from .picks import picked
from .question import Question
from .quotes import attributed, carries_on, states_view
from .said import their_words
from .streamed import checked, sentences_of
from .subject import aside, names_another

MAX_SENTENCES = 5
MAX_WORDS = 120
# Sentences the model writes before the rest is filled with evidence sentences quoted as they stand: a 1.5B
# model drops most names and figures when it rewrites (dev split, 34 explain and summary questions, with the
# sentences the model names first: one written sentence 9 right and 52 key facts, three 7 and 51; docs/benchmarks.md).
WRITTEN = 1
# Kinds whose quoted sentences start with those the model names (rag.ask.picks); for "said" the speaker's own
# sentences are quoted, and the model's choice among them changed no answer on the dev split.
PICKED = frozenset({"explain", "summary"})
# Kinds answered in the articles' own sentences, the model only naming which: a summary's written first line was
# wrong in 3 of 17 test answers ("Manchester United won 4-1", a 2-1 win; "Australia won the final", to come) and
# added no key fact (34 summaries: 6 -> 7 right, 55 key facts missing either way; first line 1.5 s sooner).
# A "said" answer's written line put others' words in the speaker's mouth ("Jon Copley says the biggest myth is that
# the deep sea is a realm of myth and darkness"; the seeds' BofA answer gave the reporter's sentence as BofA's) and
# added little: quoted alone, natural said test 6 -> 8 right of 17 (dev 12 -> 12, key facts missing 9 -> 8), and
# the answer's first line is on screen with the passages, not after the model's reading (docs/benchmarks.md).
QUOTED = frozenset({"summary", "said"})
_FIGURE = re.compile(r"(?!(?:19|20)\d\d$)\d[\d,.]*%?")  # a figure, not a year

_TASK = {
    "explain": "Explain the answer in 2 or 3 short sentences: what happened and why.",
    "said": (
        "Say in 2 or 3 short sentences what {speaker} said. Quote their exact words in quotation marks where the sources"
        " quote them."
    ),
    "summary": "Summarize what the sources say about this in 3 short sentences, most important first.",
    "list": (
        'Answer with a list of all the items the sources name, one per line, each line starting with "- ", at most'
        f" {MAX_ITEMS} items."
    ),
}


def sources_prompt(evidence: Sequence[Evidence]) -> str:
    """The evidence grouped by article: a header line with title, outlet and date, then its numbered sentences."""
    lines: list[str] = []
    last = ""
    for i, ev in enumerate(evidence, 1):
        p = ev.passage
        if p.article_id != last:
            meta = ", ".join(x for x in (p.source, p.published[:10]) if x)
            lines.append(strip_control(f'Article: "{p.title}"' + (f" ({meta})" if meta else "")))
            last = p.article_id
        lines.append(strip_control(f"[{i}] {ev.text}"))
    return "Sources:\n" + "\n".join(lines)


def prompt(q: Question, evidence: Sequence[Evidence], max_tokens: int) -> Prompt:
    task = _TASK[q.kind].format(speaker=q.speaker or "they")
    user = (
        f"{sources_prompt(evidence)}\n\nQuestion: {strip_control(q.prompt).strip()}\n\n{task} "
        "Use only the sources and give their specific names, numbers and dates. Write plain sentences; do not mention"
        " the sources or the articles."
    )
    return Prompt(user, max_tokens=max_tokens, stop=("\n\n\n", "Question:", "Sources:"))


def write(
    q: Question,
    evidence: Sequence[Evidence],
    writer: Writer | None,
    outlets: Sequence[str],
    clock: Clock,
    max_tokens: int,
    article_text: Callable[[str], str | None] | None = None,
    read: tuple[int, int] = READ,
) -> Iterator[Step]:
    """Checked lines as they are written, then the draft (see the module docstring); a list the best article is
    laid out as is told from its layout (:mod:`rag.ask.listing`).  The model reads the evidence's first sentences
    within ``read`` (characters, sentences; a list's budget is larger, its items are what it writes: config
    ``list_read_chars``)."""
    if not evidence:
        yield Abstention()
        return
    laid_out = draft(q, evidence, article_text) if q.kind == "list" and article_text is not None else None
    if laid_out is not None:
        clock.tick()
        yield from laid_out.lines
        yield laid_out
        return
    kept: list[Line] = []
    theirs = attributed(evidence, q.speaker, article_text) if q.kind == "said" and q.speaker else set()
    reads = first(evidence, *read)
    quoting = writer is not None and q.kind in QUOTED  # the model names sentences, and writes none
    if writer is not None and not quoting:
        kept = yield from _written(q, reads, writer, outlets, clock, max_tokens)
        if q.kind == "list" and len(kept) >= 3:  # the items the sources name, and nothing else
            kept = listed(kept)
            yield from kept
            yield Draft(tuple(kept), tuple(evidence))
            return
        if q.kind == "list":
            yield from kept
    if quoting and q.speaker and not theirs and q.speaker.islower():  # "analysts", "experts": no one person
        theirs = set(reported(q, evidence))  # their view as the articles report it, quoted or not
        if not theirs:
            yield Abstention(f"Insufficient information: the articles found do not report what {q.speaker} said on this.")
            return
    if quoting and q.speaker and not theirs:  # others' sentences about them are not what they said
        yield Abstention(f"Insufficient information: the articles found do not quote {q.speaker} on this.")
        return
    # without a line written, quoted sentences stand alone only when one covers the question (or a speaker's are found)
    if not kept and writer is not None and not theirs and not quoting and max(ev.coverage for ev in evidence) < 0.5:
        yield Abstention()
        return
    best = picked(q, reads, writer) if writer is not None and q.kind in PICKED else []
    if theirs:  # what they said, in their words
        more = their_words(kept, evidence, theirs) or ([] if kept else extractive(q, evidence, best))
    elif kept or quoting:
        more = fill(kept, evidence, "bullet" if q.kind == "list" else "answer", best, [n for n in q.names if n not in q.outlets])
    else:  # nothing written held: the sentences the model names
        more = extractive(q, evidence, best)
    yield from more
    kept += more
    yield Draft(tuple(kept), tuple(evidence))


def reported(q: Question, evidence: Sequence[Evidence]) -> list[int]:
    """For a "said" question about a group, not a person ("What were analysts expecting?", "What are economists
    warning about?"), the evidence sentences (0-based, best first; quoted as a speaker's own are) that name the group
    or report a view (:func:`rag.ask.quotes.states_view`) holding a word the question asks with besides the group's and
    its names': "Investors had expected Uber to report revenues of around $9.5 billion", "the company fell short of
    expectations that it would generate 12 cents in per-share profit" (not "It took until June 2022 for national home
    prices to peak", asked what economists expect for home prices).  No one is quoted; what they expect is reported.
    "What did analysts say about Check Point?" asks nothing but its subject besides them, so only sentences naming
    analysts do (not a company president's)."""
    group = terms(q.speaker)
    asked = terms(q.asked) - group - terms(" ".join(q.names))
    said = [terms(ev.text) for ev in evidence]
    hits = [i for i, t in enumerate(said) if group & t or asked & t and states_view(evidence[i].text)]
    # not what they say of another company or person ("Earlier this month, Fortinet got a slew of analyst downgrades",
    # asked what analysts say about Check Point)
    elsewhere = {i for i in hits if q.names and names_another(evidence[i].text, q.names)}
    return sorted([i for i in hits if i not in elsewhere], key=lambda i: -evidence[i].score)


def first(evidence: Sequence[Evidence], chars: int, most: int) -> list[Evidence]:
    """The evidence's first sentences (at least one) within ``chars`` characters and ``most`` sentences: what the
    model reads.  Its first word waits on that reading (about 85 tokens/s on two cores), and more sources make its
    choice of the lines to quote no better: a said or summary answer's model reading 1,200 of its 2,600 characters
    kept the dev split's right answers (said 12, summary 5 of 17; test: said 8 -> 6, summary 2 -> 2) at half the
    wait (docs/benchmarks.md, session 36).  The rest of the evidence is still quoted from."""
    out: list[Evidence] = []
    size = 0
    for ev in evidence:
        if out and (size + len(ev.text) > chars or len(out) >= most):
            break
        out.append(ev)
        size += len(ev.text)
    return out


def _written(
    q: Question,
    evidence: Sequence[Evidence],
    writer: Writer,
    outlets: Sequence[str],
    clock: Clock,
    max_tokens: int,
) -> Generator[Line, None, list[Line]]:
    """The model's checked lines, each yielded as it is ready (a list's are not: it is shown whole, and how depends
    on how many items it has), up to :data:`WRITTEN` (a list's :data:`MAX_ITEMS`); returns them all."""
    kept: list[Line] = []
    words = 0
    listing = q.kind == "list"
    pieces = sentences_of(run(writer, prompt(q, evidence, max_tokens), clock), listing)
    for line in checked(pieces, "bullet" if listing else "answer", evidence, outlets):
        words += len(line.text.split())
        if words > MAX_WORDS:
            break
        kept.append(line)
        if not listing:
            yield line
        if len(kept) >= (MAX_ITEMS if listing else WRITTEN):
            break
    pieces.close()  # the model stops writing and is free (it holds its lock while a reply is open)
    return [] if len(kept) == 1 and kept[0].text.lower().startswith("insufficient") else kept


def fill(
    kept: Sequence[Line], evidence: Sequence[Evidence], role: str, best: Sequence[int] = (), names: Sequence[str] = ()
) -> list[Line]:
    """Evidence sentences quoted in the answer as they stand (cited to themselves), while it stays within
    :data:`MAX_SENTENCES` and :data:`MAX_WORDS`: first those the model named as answering best (``best``,
    :mod:`rag.ask.picks`), then those that add a name, figure or date the written sentences left out.  A small
    model drops most specifics when it rewrites; these sentences keep them.  (What a speaker said is quoted from
    their own sentences instead: :mod:`rag.ask.said`.)  In an article whose title does not name the subject
    (``names``, the question's), a round-up, a sentence about another of its subjects is not quoted
    (:func:`rag.ask.subject.aside`)."""
    have = " ".join(x.text for x in kept)
    given = specifics(have)
    used = {r for x in kept for r in x.refs}
    # Only from the articles the written sentences rest on: on the dev split this left out a sixth of the fill
    # sentences (others' news from a market wrap or a round-up) and no key fact.  A summary has none written: from
    # the articles of the sentences the model names (a match's preview left out of its report's recap; natural
    # summaries, local model: key facts missing dev 23 -> 23, test 26 -> 26, right 7 -> 8 of 34, citations from the
    # gold articles dev 0.93 -> 1.00, test 0.90 -> 0.91).
    cited = {evidence[r].passage.article_id for r in used or best if 0 <= r < len(evidence)}
    words = len(have.split())
    out: list[Line] = []
    taken: set[int] = set()
    prose = role == "answer"
    # the sentence after one the model names goes on with its story (the reason, the figure, the quote)
    after = [i + 1 for i in best if i + 1 < len(evidence) and carries_on(evidence[i], evidence[i + 1])]
    ranked = [*best, *after, *sorted(range(len(evidence)), key=lambda i: -evidence[i].score)]
    for i in ranked:
        if len(kept) + len(out) >= MAX_SENTENCES:
            break
        text = evidence[i].text.strip()
        new = specifics(text) - given
        n = len(text.split())
        elsewhere = bool(cited) and evidence[i].passage.article_id not in cited
        named = i in best or i in after  # the model's choice stands on its own
        # a written sentence's own source is quoted too when it gives a figure the writing dropped ("sinking 13 per
        # cent"); a list's items are its lines, not sentences
        again = prose and i in used and i not in taken and any(_FIGURE.fullmatch(x) for x in new)
        if i in used and not again or not named and (elsewhere or not new or n > 40) or words + n > MAX_WORDS:
            continue
        if text.endswith("?") or prose and (aside(evidence[i], names, evidence) or not ended(text)):
            continue  # a question, another subject of a round-up, a heading ("SBF trial: What we learned in week two")
        used.add(i)
        taken.add(i)
        out.append(Line(text, (i,), role))
        given |= new
        words += n
    return out


def extractive(q: Question, evidence: Sequence[Evidence], named: Sequence[int] = (), n: int = 3) -> list[Line]:
    """The ``n`` best sentences (those the model ``named`` first, then by their score), in their articles' order,
    as the answer's lines; a heading or a caption is no answer sentence (:func:`ended`), unless nothing else is."""
    ranked = [*named, *sorted(range(len(evidence)), key=lambda i: -evidence[i].score)]
    role = "bullet" if q.kind == "list" else "answer"
    best = list(dict.fromkeys(ranked))
    if role == "answer":
        best = [i for i in best if ended(evidence[i].text)] or best
    best = best[:n]
    return [Line(evidence[i].text.strip(), (i,), role) for i in sorted(best)]

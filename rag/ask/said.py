"""A "said" answer's quoted lines: the speaker's own sentences (:func:`rag.ask.quotes.attributed`), their words
rather than a paraphrase, never another person's words put in their mouth.

* :func:`their_words`: the speaker's sentences the written ones do not give, best first (and beside each, the
  speaker's sentences right before and after it, which go on with its thought), in article order; a
  quotation is shown unless its own words already are (a paraphrase of it drops the words people ask about:
  "a strong start"); when their sentences leave room, a sentence right after one of theirs that goes on about
  them ("He finally saw the news online when he got up around 6 a.m."), not the reporter's next point.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence

from .cite import Line
from .evidence import Evidence, terms
from .quotes import ABOUT_THEM, SAYS, carries_on, open_quote
from .verify import quoted
from .words import folded

LONGEST = 60  # words: a speaker's sentence longer than this is left for the citation (a 50-word quote is one thought)


def their_words(kept: Sequence[Line], evidence: Sequence[Evidence], theirs: set[int]) -> list[Line]:
    """The speaker's sentences the written ones (``kept``) do not already give, best first, each taken one's
    neighbours by the same speaker next (nearest first: :func:`_beside`), while the answer stays within a long
    answer's limits (:data:`rag.ask.prose.MAX_SENTENCES`, :data:`rag.ask.prose.MAX_WORDS`); then sentences right
    after them that go on about them; shown in article order."""
    from .prose import MAX_SENTENCES, MAX_WORDS  # the long answer's limits (prose imports this module)

    have = terms(" ".join(x.text for x in kept))
    shown = written = plain(" ".join(x.text for x in kept))
    words = sum(len(x.text.split()) for x in kept)
    out: list[int] = []

    def fits(i: int) -> bool:
        text = evidence[i].text.strip()
        n = len(text.split())
        return len(kept) + len(out) < MAX_SENTENCES and n <= LONGEST and words + n <= MAX_WORDS and not text.endswith("?")

    ranked = deque(sorted(theirs, key=lambda i: -evidence[i].score))
    near: deque[int] = deque()  # the neighbours of those taken, nearest first: one thought before the next
    while near or ranked:
        i = near.popleft() if near else ranked.popleft()
        if i in out:  # taken already, as a neighbour of another
            continue
        text = evidence[i].text.strip()
        own = terms(text)
        given = [plain(x) for x in quoted(text)]
        if not own or not fits(i):
            continue
        if given:  # a quotation: shown unless the written sentences already give its words
            if all(x in shown for x in given if x):
                continue
        elif len(own & have) >= 0.6 * len(own):  # a report of what they said, already told (0.7 let a repeat through)
            continue
        out.append(i)
        have |= own
        shown += " " + plain(text)
        words += len(text.split())
        near.extend(_beside(evidence, i, theirs))
    # the middle of a quotation reads as no one's without its opening ("But it's not just about confidence."): that
    # sentence is shown before it (or a written line gives its words), or neither is
    opened = [i for i in out if i - 1 not in out and _goes_on(evidence, i) and not _given(evidence[i - 1], written)]
    for i in opened:
        if i - 1 in theirs and fits(i - 1):
            out.append(i - 1)
            words += len(evidence[i - 1].text.split())
        else:
            out.remove(i)
            words -= len(evidence[i].text.split())
    for i in sorted(out, key=lambda i: -evidence[i].score):
        j = i + 1
        if j >= len(evidence) or j in out or j in theirs or not carries_on(evidence[i], evidence[j]) or not fits(j):
            continue
        text, own = evidence[j].text, terms(evidence[j].text)
        if not ABOUT_THEM.match(text) or SAYS.search(text) or len(own & have) >= 0.7 * len(own):
            continue  # not about them, someone's words (theirs would be in ``theirs``), or nothing new
        out.append(j)
        have |= own
        words += len(text.split())
    return [Line(evidence[i].text.strip(), (i,), "answer") for i in sorted(out)]


def _beside(evidence: Sequence[Evidence], i: int, theirs: set[int]) -> list[int]:
    """The speaker's sentences right before and right after ``evidence[i]`` in its article: one thought goes on
    over them ("“When they become aware that there is illegal content on their platform, they have got to get it
    down, and they also need to conduct risk assessments ...”" after Whitehead's "duty of care"), so they are
    weighed next, before the speaker's other sentences by score (natural said questions, both splits: 20 -> 22 of
    34 right, key facts missing 26 -> 24, none right -> wrong; docs/benchmarks.md)."""
    before = [i - 1] if i > 0 and i - 1 in theirs and carries_on(evidence[i - 1], evidence[i]) else []
    after = [i + 1] if i + 1 < len(evidence) and i + 1 in theirs and carries_on(evidence[i], evidence[i + 1]) else []
    return before + after


def _given(ev: Evidence, written: str) -> bool:
    """Whether the written lines (``written``, :func:`plain`) already give the words ``ev`` quotes."""
    return all(plain(x) in written for x in quoted(ev.text))


def _goes_on(evidence: Sequence[Evidence], i: int) -> bool:
    """Whether ``evidence[i]`` is the middle of a quotation the sentence before it opens: right after it, with no
    quotation mark of its own."""
    text = evidence[i].text
    return (
        i > 0 and carries_on(evidence[i - 1], evidence[i]) and open_quote(evidence[i - 1].text) and not re.search(r"[\"“”]", text)
    )


def plain(text: str) -> str:
    """Lower-case words only, for telling whether words are already shown."""
    return " ".join(re.findall(r"\w+", folded(text)))

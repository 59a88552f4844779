"""The model's choice of the evidence sentences that answer a long question best (explain, summary).

A long answer is one written sentence, then evidence sentences quoted as they stand (:func:`rag.ask.prose.fill`).
Which sentences to quote decides whether the answer gives the facts people ask for, and the scores that chose the
evidence do not tell: on the dev split's 68 long-kind questions, the three best-scored sentences hold 61 of the 194
key facts, three at random 45, the three the 1.5B model names when asked which sources give the most important facts
100.  In whole answers (34 dev explain and summary questions) this took the right answers from 6 to 9 and the key
facts given from 48 to 52 (docs/benchmarks.md, session 22).  The question is asked after the first sentence is
written, on the same sources, so the model reads only the new instruction (about 0.5 s): its reading of the sources
is still in its cache.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models.writers import Prompt, Writer
from .evidence import Evidence
from .guard import strip_control
from .question import Question

PICKS = 3
ASK = "Which three numbered sources give the most important facts that answer the question? Reply with their numbers only."


def picked(q: Question, evidence: Sequence[Evidence], writer: Writer) -> list[int]:
    """The evidence (0-based) the model names as answering ``q`` best, in its order, at most :data:`PICKS`."""
    from .prose import sources_prompt

    # the written answer's prompt up to its task, word for word: the model's cache holds its reading of it
    user = f"{sources_prompt(evidence)}\n\nQuestion: {strip_control(q.prompt).strip()}\n\n{ASK}"
    reply = "".join(writer.write(Prompt(user, prefix="Numbers: [", chat="For example: 4, 9, 12", max_tokens=16, stop=("\n",))))
    out: list[int] = []
    for n in re.findall(r"\d{1,2}", reply):
        i = int(n) - 1
        if 0 <= i < len(evidence) and i not in out:
            out.append(i)
    return out[:PICKS]

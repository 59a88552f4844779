"""One question's path, step by step (docs/architecture.md): read it, find passages, choose evidence (the
:class:`~rag.ask.finding.Finder`), show the best quotes, gate, write, check, note disagreements, number the
citations.  :meth:`rag.Assistant.stream` is its public face.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from ..types import Answer, Conflict, Passage, Quote, Retrieved
from .admission import ModelQueue
from .finding import Finder, check_dates

if TYPE_CHECKING:
    from .answer import Clock
    from .cite import Draft, Rendered
    from .evidence import Evidence
    from .question import Question

log = logging.getLogger(__name__)

NOT_ENGLISH = "the question does not look like English, and Byline's models read English only. Ask it in English."
Done = Callable[..., Answer]


class Pipeline:
    """Answers questions over the finder's index with the writers ``writer`` gives by answerer name (None for
    ``extractive``), one writing at a time (``queue``)."""

    def __init__(self, finder: Finder, writer: Callable[[str], Any], queue: ModelQueue) -> None:
        self.finder, self.writer, self.queue = finder, writer, queue
        self.config, self.store = finder.config, finder.store

    def run(
        self, asked: str, name: str, t0: float, k: int | None, history: Sequence[str], when: tuple[str, str, str]
    ) -> Iterator[Retrieved | str | Answer]:
        """Retrieved passages, then the answer's lines, then the :class:`Answer` (see :meth:`rag.Assistant.stream`)."""
        from .answer import Clock
        from .sides import each_side

        clock, f = Clock(t0), self.finder
        dates = check_dates(*when)
        q = f.anchored(f.read(asked, history, when[2]), dates)
        if not q.english:
            log.warning("Note: %s", NOT_ENGLISH)
        if q.kind == "coverage":  # "Which outlets covered ...?": the story's outlets, no model
            yield from self.outlets(q, asked, t0, dates)
            return
        found, scoped = f.find(q, k or self.config.k, dates)
        passages = tuple(found)
        evidence = f.evidence(q, passages)
        if q.kind == "compare" and not q.parts:  # a side the evidence gives no figure for is searched for alone
            evidence = each_side(q, evidence, lambda text: f.retrieve(text, self.config.k, dates))
        timings = {"retrieve_s": time.perf_counter() - t0}
        ahead = 0 if name == "extractive" else max(0, self.queue.inside - 1)
        yield Retrieved(q.search, passages, q.to_dict(), tuple(quote_of(ev) for ev in evidence[:3]), ahead)

        def done(text: str, rendered: Any = None, conflicts: tuple[Any, ...] = ()) -> Answer:
            timings["total_s"] = time.perf_counter() - t0
            if clock.first_token_s is not None:
                timings["first_token_s"] = clock.first_token_s
            cits = rendered.citations if rendered else ()
            lines = rendered.lines if rendered else ()
            return Answer(asked, text, cits, not cits, passages, timings, q.text, conflicts, lines, q.to_dict())

        reason = self.gate(q, passages, evidence, name, scoped, dates)
        if reason:
            yield reason
            yield done(reason)
            return
        writer = self.writer(name)
        with self.queue.turn() if writer is not None else nullcontext():  # one question at a time writes
            yield from self.answer(q, evidence, writer, clock, done, passages)

    def answer(
        self, q: Question, evidence: Sequence[Evidence], writer: Any, clock: Clock, done: Done, passages: Sequence[Passage] = ()
    ) -> Iterator[str | Answer]:
        """The answer's checked lines as they are written, then the final :class:`Answer` (``done`` builds it)."""
        from .answer import ABSTAIN, Abstention, answer
        from .cite import Draft, Line, render

        kept: list[Line] = []
        final: Rendered | None = None
        conflicts: tuple[Conflict, ...] = ()
        sources = self.finder.retriever().sources()
        a = self.config.answering
        read = (a.list_read_chars, a.list_read_sentences) if q.kind == "list" else (a.read_chars, a.read_sentences)
        for step in answer(q, evidence, writer, sources, clock, self.config.max_answer_tokens, self.store.article_text, read):
            if isinstance(step, Abstention):
                yield done(step.reason if q.english else f"Insufficient information: {NOT_ENGLISH}")
                return
            if isinstance(step, Line):  # a checked line of a long answer: shown at once, numbered as in the end
                kept.append(step)
                shown = render(Draft(tuple(kept), tuple(evidence)), self.store.article_text)
                if shown.lines:
                    yield ("\n" if len(shown.lines) > 1 else "") + shown.lines[-1].text
                continue
            final, conflicts = self.finish(q, step, passages)
            if not kept:
                yield final.text
            else:  # what the checked lines did not show: the note on how current the answer is
                yield from ("\n" + x.text for x in final.lines if x.role == "note")
        if final is None or not final.citations:
            yield done(ABSTAIN)
            return
        yield done(final.text, final, conflicts)

    def outlets(self, q: Question, asked: str, t0: float, dates: tuple[str, str]) -> Iterator[Retrieved | str | Answer]:
        """The outlets that covered the story ``q`` asks about, earliest first, each cited to the opening sentences
        of its articles (:mod:`rag.news.coverage`), as ``byline coverage`` lists them."""
        from ..news.coverage import by_outlet, lines_of, topic_asked
        from ..news.story import articles_of
        from .cite import Draft, Line, render

        topic = topic_asked(q.prompt)  # with its words of time: the story reads its own scope ("... last week")
        story, passages, keep, _ = self.finder.story(topic, (*dates, q.as_of), 40)
        leads = self.finder.openings([p for p in passages if p.article_id in keep])
        also = self.finder.retriever().also_in
        at = {ev.passage.article_id: i for i, ev in enumerate(leads)}
        rows = lines_of(by_outlet(topic, *dates, articles_of(passages, keep), also), at.get)
        reading = {**q.to_dict(), "focus": topic}
        yield Retrieved(story.search, tuple(passages), reading, tuple(quote_of(ev) for ev in leads[:3]), 0)
        timings = {"retrieve_s": time.perf_counter() - t0}
        draft = Draft(tuple(Line(text, refs, "bullet") for text, refs in rows), tuple(leads))
        shown = render(draft, self.store.article_text, also_in=also)
        timings["total_s"] = time.perf_counter() - t0
        if not shown.citations:
            text = f"Insufficient information: no indexed article covers {topic}."
            yield text
            yield Answer(asked, text, (), True, tuple(passages), timings, q.text, (), (), reading)
            return
        yield shown.text
        yield Answer(asked, shown.text, shown.citations, False, tuple(passages), timings, q.text, (), shown.lines, reading)

    def gate(
        self,
        q: Question,
        passages: Sequence[Passage],
        evidence: Sequence[Evidence],
        name: str,
        scoped: bool,
        dates: tuple[str, str],
    ) -> str:
        """Why the articles cannot answer ``q`` before any model runs, or ""."""
        from .answer import ABSTAIN
        from .evidence import support, without_comparatives
        from .fits import unmet_long
        from .grounding import unasked
        from .timescope import is_relative

        if not passages and (q.scope or any(dates)):
            return "Insufficient information: no indexed article published in that date range matches this question."
        # "the ASX articles" are articles about the ASX when titles name it, not articles from an outlet "ASX"
        titles = [str(r.meta.get("title", "")) for r in self.store.records().values()] if q.unknown_outlets else []
        unknown = [o for o in q.unknown_outlets if not any(re.search(rf"\b{re.escape(o)}\b", t) for t in titles)]
        if unknown:
            outlets = " or ".join(unknown)
            return f"Insufficient information: no articles from {outlets} are in the index, so it cannot answer this question."
        absent = [n for n in q.names if not self.store.mentions(n)]
        if absent:
            return f"Insufficient information: no indexed article mentions {' or '.join(absent)}."
        if not q.english and not evidence:
            return f"Insufficient information: {NOT_ENGLISH}"
        if not scoped and q.scope and q.long:
            span = f" ({q.since} to {q.until})" if q.since and not re.search(r"\d", q.scope) else ""
            return f"Insufficient information: no indexed article published {q.scope}{span} covers this."
        focus = q.focus if q.long and q.focus else without_comparatives(q.text) if q.kind == "compare" else q.text
        tuned = self.config.answering
        if not evidence or support(focus, evidence, in_article_order=q.long) < (
            tuned.min_support_extractive if name == "extractive" else tuned.min_support
        ):
            if scoped and q.english and is_relative(q.scope, q.as_of):  # "last week": say which days were read
                return f"Insufficient information: no indexed article published {q.scope} ({q.since} to {q.until}) covers this."
            return ABSTAIN if q.english else f"Insufficient information: {NOT_ENGLISH}"
        if q.long:
            return unmet_long(q, evidence, self.store.article_text)
        if q.kind == "yesno" and (asked := unasked(q, evidence, self.finder.alike)):  # not "No": the articles never say
            return f"Insufficient information: the articles found do not mention {asked}."
        return ""

    def finish(self, q: Question, draft: Draft, passages: Sequence[Passage] = ()) -> tuple[Rendered, tuple[Conflict, ...]]:
        """Say where the sources disagree on what was asked (for a question about the newest state, what the newest
        report updates and as of when; for a page that changed, what an earlier version said), then number and check
        the citations."""
        from ..web.versions import noted
        from . import conflict
        from .cite import render

        differ = [] if q.yes_no or q.long else conflict.find(q.text, draft.direct, draft.evidence)[:1]
        for versions in differ:
            draft = conflict.rewrite(draft, versions)
        draft = noted(draft, self.store.path, lambda ids: {a: r.file for a, r in self.store.records().items() if a in ids})
        if q.latest:
            from .recency import as_of, earlier

            draft = earlier(q, as_of(draft), passages, lambda ps: self.finder.evidence_from(q, ps))
        shown = render(draft, self.store.article_text, also_in=self.finder.retriever().also_in)
        return shown, tuple(conflict.numbered(v, shown.numbers) for v in differ)


def quote_of(ev: Evidence) -> Quote:
    """An evidence sentence as a quote to show before the answer."""
    p = ev.passage
    return Quote(ev.text, p.article_id, p.title, p.source, p.published, p.url, ev.start, ev.end)

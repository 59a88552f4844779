"""The facade: one object that sequences load -> chunk -> embed/store ->
retrieve -> select evidence -> answer -> cite.  The CLI, the UI and the
evaluation scripts all call it."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .ask.admission import ModelQueue
from .config import Config
from .errors import BylineError, InputError, NotFound
from .models.embed import Embedder, get_embedder
from .types import Answer, ArticleInfo, Conflict, IngestReport, Passage, Quote, Retrieved

if TYPE_CHECKING:
    from .ask.cite import Draft, Rendered
    from .ask.evidence import Evidence
    from .ask.question import Question
    from .news.story import Coverage, Timeline
    from .web.feedlist import Feed
    from .web.feeds import SyncReport
    from .web.fetch import Fetcher
    from .web.watch import WatchStatus

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_ENGLISH = "the question does not look like English, and Byline's models read English only. Ask it in English."


class Assistant:
    """Question answering over an index of news articles.

    >>> bot = Assistant(index="index", llm="extractive")
    >>> bot.ingest("seeds")                                  # doctest: +SKIP
    >>> print(bot.ask("How many IS prisoners were moved?").text)  # doctest: +SKIP

    Construction is cheap: models and the index open on first use.  ``writer`` writes answers in place of
    the model ``llm`` names: your own model, or output recorded earlier (:mod:`rag.eval.replay`); any object with a
    ``name`` and ``write(Prompt) -> Iterator[str]`` (see :class:`rag.models.writers.Writer`).
    """

    def __init__(
        self,
        index: str | Path | None = None,
        llm: str | None = None,
        *,
        config: Config | None = None,
        embedder: Embedder | None = None,
        writer: Any = None,
        **settings: Any,
    ) -> None:
        base = config or Config.from_env()
        self.config = base.with_(index=str(index) if index is not None else None, llm=llm, **settings)
        from .index.store import Store  # cheap: Chroma itself opens on first use

        self.embedder = embedder or get_embedder(self.config.embed_backend, self.config.n_threads, self.config.model_dir)
        self.store = Store(self.config.index, self.embedder.name, self.embedder.dim, url=self.config.chroma_url)
        self._retriever: Any = None
        self._writers: dict[str, Any] = {self.config.llm: writer} if writer is not None else {}
        self._queue = ModelQueue()

    # ------------------------------------------------------------------ writing
    def ingest(self, path: str | Path, *, keep_missing: bool = False, progress: Any = None) -> IngestReport:
        """Sync a folder (or one file) of articles into the index; see :mod:`rag.ingest.sync`."""
        from .ingest.sync import ingest

        return ingest(path, self.store, self.embedder, self.config, keep_missing=keep_missing, progress=progress)

    # ------------------------------------------------------------------ the web (the only network use)
    def fetch(self, url: str, *, limit: int | None = None, fetcher: Fetcher | None = None) -> SyncReport:
        """Fetch an RSS/Atom feed, a sitemap (its ``limit`` newest pages) or one article page and index what it
        holds; fetching again updates changed pages and adds new items.  See :mod:`rag.web.feeds`."""
        return self._sync_urls([url], limit=limit, fetcher=fetcher, follow=False)[0]

    def follow(self, url: str, *, fetcher: Fetcher | None = None) -> SyncReport:
        """Add a feed to the ones this index follows (``<index>/feeds.json``) and fetch it now."""
        return self.follow_all([url], fetcher=fetcher)[0]

    def follow_all(self, urls: Iterable[str], *, fetcher: Fetcher | None = None) -> list[SyncReport]:
        """Follow several feeds (an OPML file's) and fetch them now, indexing once at the end: one report per
        feed, the index's own in the last one's ``ingest``.  A feed that fails is reported in its ``errors`` and
        the others go on; an address that is not a web address is refused before any is fetched."""
        from .web.fetch import normalise

        unique = list(dict.fromkeys(normalise(url) for url in urls))
        return self._sync_urls(unique, fetcher=fetcher, follow=True) if unique else []

    def feeds(self) -> list[Feed]:
        """The followed feeds, with what each one's last poll did."""
        from .web.feedlist import FeedList

        return FeedList(self.store.path).feeds()

    def watching(self) -> WatchStatus | None:
        """What a watch of this index (``byline watch``, ``byline serve --watch``) is doing or last did, or None."""
        from .web.watch import read_status

        return read_status(self.store.path)

    def poll(self, *, fetcher: Fetcher | None = None) -> list[SyncReport]:
        """Fetch every followed feed again; a feed that fails is reported in its ``errors``, the others go on."""
        return self.follow_all([f.url for f in self.feeds()], fetcher=fetcher)

    def unfollow(self, url: str, *, delete_articles: bool = False) -> Feed:
        """Stop following a feed.  Its articles stay indexed unless ``delete_articles`` (then the pages only
        this feed brought in are removed from the index)."""
        from .index import lock
        from .web.feedlist import FeedList
        from .web.feeds import Pages

        feeds = FeedList(self.store.path)
        gone = feeds.remove(url)
        pages = Pages(self.store.path)
        pages.folder.mkdir(parents=True, exist_ok=True)
        with lock.file_lock(pages.folder):
            if delete_articles:
                removed = {str(p.resolve()) for p in pages.forget_feed(gone.url)}
                pages.commit()  # files first: a crash here leaves files gone, which the next sync un-indexes
                self._remove_files(removed)
            feeds.save()
        return gone

    def _remove_files(self, files: set[str]) -> None:
        from .ingest.sync import changing

        if not files or not self.store.exists():
            return
        with self.store.write_lock():
            ids = sorted(r.id for r in self.store.records().values() if r.file in files)
            if ids:
                with changing(self.store):
                    for article_id in ids:
                        self.store.remove_article(article_id)

    def _sync_urls(
        self, urls: list[str], *, limit: int | None = None, fetcher: Fetcher | None = None, follow: bool
    ) -> list[SyncReport]:
        from .index import lock
        from .types import FileError
        from .web.feedlist import FeedList
        from .web.feeds import Pages, SyncReport, sync, with_ingest
        from .web.fetch import Fetcher, FetchError

        self.store.check(create=True)
        feeds = FeedList(self.store.path)
        pages = Pages(self.store.path)
        pages.folder.mkdir(parents=True, exist_ok=True)
        own = fetcher is None
        client = fetcher or Fetcher(max_bytes=int(self.config.max_size_mb * 1_000_000))
        reports: list[SyncReport] = []
        try:
            with lock.file_lock(pages.folder):
                for url in urls:
                    state = feeds.get(url) if follow else {}
                    validators = {k: str(state.get(k, "")) for k in ("etag", "last_modified", "kind", "title")}
                    try:
                        report = sync(url, pages, client, feed_state=validators, limit=limit)
                    except FetchError as e:
                        if not follow:
                            raise
                        error = FileError(url, str(e).removeprefix(f"{url}: "))  # the URL is the error's path
                        report = SyncReport(url=url, kind=str(state.get("kind") or "feed"), errors=(error,))
                        feeds.record(url, None, str(e))
                    else:
                        if follow:
                            state.update(validators)
                            feeds.record(url, report)
                    reports.append(report)
                if follow:
                    feeds.save()
                reports[-1] = with_ingest(reports[-1], self.ingest, pages.folder)
        finally:
            if own:
                client.close()
        return reports

    def upload(self, name: str, data: bytes | str | Path) -> IngestReport:
        """Add (or replace) one article sent as a file: stored in ``<index>/uploads/`` under a safe
        version of ``name``, then indexed.  ``data`` is the content, or the path of a temporary file
        holding it.  Bad content is refused before anything is replaced."""
        from .ingest import upload
        from .ingest.load import file_hash
        from .ingest.sync import twin

        safe = upload.safe_name(name)
        limit = int(self.config.max_size_mb * 1_000_000)
        if not isinstance(data, bytes):
            if Path(data).exists() and not Path(data).is_file():  # a folder or a FIFO (reading one would block)
                raise InputError(f"{safe}: the uploaded file is not a regular file; upload the file itself.")
            data = upload.read_limited(Path(data), safe, limit)
        upload.check(safe, data, limit)
        self.store.check(create=True)
        target = str((self.store.path / upload.FOLDER / safe).resolve())
        where = twin(self.store.records().values(), file_hash(data), target)
        if where:
            raise InputError(f"{safe}: the same file is already indexed as {where}; not added twice.")
        return self.ingest(upload.save(self.store.path, safe, data))

    def remove(self, path_or_id: str) -> ArticleInfo:
        """Remove one article, named by its id, its path, or its file (an uploaded file is deleted too)."""
        from .ingest.sync import changing

        self.store.check(create=False)
        target = str(Path(path_or_id).expanduser().resolve()) if path_or_id else ""
        with self.store.write_lock():
            records = self.store.records()
            infos = {a.id: a for a in self.store.article_infos()}
            hits = [r for r in records.values() if path_or_id in (r.id, r.meta.get("path")) or r.file == target]
            if not hits:
                raise NotFound(f"No indexed article matches {path_or_id!r}. See `byline articles` for ids and paths.")
            if len(hits) > 1:
                raise InputError(f"{path_or_id!r} matches {len(hits)} articles; remove them by id (see `byline articles`).")
            with changing(self.store):
                self.store.remove_article(hits[0].id)
            _forget_upload(self.store.path, hits[0].file, records.values())
            return infos[hits[0].id]

    # ------------------------------------------------------------------ reading
    def articles(self) -> list[ArticleInfo]:
        """Every indexed article, sorted by path."""
        self.store.check(create=False)
        return self.store.article_infos()

    def article_text(self, article_id: str) -> str | None:
        """The cleaned text of an indexed article (what citation offsets point into)."""
        self.store.check(create=False)
        return self.store.article_text(article_id)

    def search(self, query: str, k: int | None = None, *, since: str = "", until: str = "", as_of: str = "") -> list[Passage]:
        """Retrieved passages for ``query``, best first, without any model writing.

        ``since``/``until`` (``YYYY-MM-DD``, inclusive) keep only articles published in that range; ``as_of``
        leaves out those published after it.
        """
        query = _check_question(query)
        return self._retrieve(query, k or self.config.k, _check_dates(since, until, as_of))

    def ask(self, question: str, k: int | None = None, **options: Any) -> Answer:
        """Answer ``question`` with citations, or abstain; ``options`` as for :meth:`stream`."""
        answer = None
        for item in self.stream(question, k, **options):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream(
        self,
        question: str,
        k: int | None = None,
        *,
        history: Sequence[str] = (),
        llm: str | None = None,
        since: str = "",
        until: str = "",
        as_of: str = "",
    ) -> Generator[Retrieved | str | Answer, None, None]:
        """Yield a :class:`Retrieved` as soon as the passages are found (with how the question was
        read and the best sentences found), then the answer's lines as each is written and checked,
        then the final :class:`Answer`.

        ``history`` is the user's earlier questions in this conversation (oldest
        first): a follow-up such as "and when was that?" is searched for together
        with them.  ``llm`` picks another answerer for this question;
        ``since``/``until`` limit the articles by publication date.  ``as_of`` (``YYYY-MM-DD``) is the reference
        date: articles published after it are left out, "last week" counts back from it and "latest" is as of it
        (default: the newest article's day).

        The final answer's ``text`` is authoritative: it adds the quoted support lines, and
        replaces what was streamed when Byline abstains.

        A model writes one answer at a time, in order of arrival (:mod:`rag.ask.admission`): a question that must wait
        shows its passages first (``Retrieved.ahead`` says how many are before it), and one that would make more
        than ``max_waiting`` wait raises :class:`Busy` at once.  Close an abandoned stream to give up its place.
        """
        t0 = time.perf_counter()
        asked = _check_question(question)
        name = self.config.with_(llm=llm).llm if llm else self.config.llm
        if name == "extractive":  # no model: nothing to wait for
            yield from self._stream(asked, name, t0, k, history, (since, until, as_of))
            return
        with self._queue.slot(self.config.max_waiting):
            yield from self._stream(asked, name, t0, k, history, (since, until, as_of))

    def _stream(
        self, asked: str, name: str, t0: float, k: int | None, history: Sequence[str], when: tuple[str, str, str]
    ) -> Iterator[Retrieved | str | Answer]:
        from .ask.answer import Clock
        from .ask.sides import each_side

        clock = Clock(t0)
        dates = _check_dates(*when)
        q = self._anchored(self._read(asked, history, when[2]), dates)
        if not q.english:
            log.warning("Note: %s", _NOT_ENGLISH)
        found, scoped = self._find(q, k or self.config.k, dates)
        passages = tuple(found)
        evidence = self._evidence(q, passages)
        if q.kind == "compare" and not q.parts:  # a side the evidence gives no figure for is searched for alone
            evidence = each_side(q, evidence, lambda text: self._retrieve(text, self.config.k, dates))
        timings = {"retrieve_s": time.perf_counter() - t0}
        ahead = 0 if name == "extractive" else max(0, self._queue.inside - 1)
        yield Retrieved(q.search, passages, q.to_dict(), tuple(_quote(ev) for ev in evidence[:3]), ahead)

        def done(text: str, rendered: Any = None, conflicts: tuple[Any, ...] = ()) -> Answer:
            timings["total_s"] = time.perf_counter() - t0
            if clock.first_token_s is not None:
                timings["first_token_s"] = clock.first_token_s
            cits = rendered.citations if rendered else ()
            lines = rendered.lines if rendered else ()
            return Answer(asked, text, cits, not cits, passages, timings, q.text, conflicts, lines, q.to_dict())

        reason = self._gate(q, passages, evidence, name, scoped, dates)
        if reason:
            yield reason
            yield done(reason)
            return
        writer = self._get_writer(name)
        with self._queue.turn() if writer is not None else nullcontext():  # one question at a time writes
            yield from self._answer(q, evidence, writer, clock, done, passages)

    def _answer(
        self, q: Question, evidence: Sequence[Evidence], writer: Any, clock: Any, done: Any, passages: Sequence[Passage] = ()
    ) -> Iterator[str | Answer]:
        """The answer's checked lines as they are written, then the final :class:`Answer` (``done`` builds it)."""
        from .ask.answer import ABSTAIN, Abstention, answer
        from .ask.cite import Draft, Line, render

        kept: list[Line] = []
        final: Rendered | None = None
        conflicts: tuple[Conflict, ...] = ()
        for step in answer(q, evidence, writer, self._sources(), clock, self.config.max_answer_tokens, self.store.article_text):
            if isinstance(step, Abstention):
                yield done(step.reason if q.english else f"Insufficient information: {_NOT_ENGLISH}")
                return
            if isinstance(step, Line):  # a checked line of a long answer: shown at once, numbered as in the end
                kept.append(step)
                shown = render(Draft(tuple(kept), tuple(evidence)), self.store.article_text)
                if shown.lines:
                    yield ("\n" if len(shown.lines) > 1 else "") + shown.lines[-1].text
                continue
            final, conflicts = self._finish(q, step, passages)
            if not kept:
                yield final.text
            else:  # what the checked lines did not show: the note on how current the answer is
                yield from ("\n" + x.text for x in final.lines if x.role == "note")
        if final is None or not final.citations:
            yield done(ABSTAIN)
            return
        yield done(final.text, final, conflicts)

    def _read(self, question: str, history: Sequence[str] = (), as_of: str = "") -> Question:
        """How Byline reads ``question`` (kind, names, outlets, time scope, standalone text); see :mod:`rag.ask.question`.
        Relative time ("last week", "latest") is reckoned from ``as_of``, else from the newest article's day."""
        from .ask.question import analyse

        r = self._get_retriever()
        return analyse(_check_question(question), history, r.sources(), r.year, as_of or r.newest, r.casing)

    def _anchored(self, q: Question, dates: tuple[str, str]) -> Question:
        """``q`` with the scope its event sets ("since the trial began") dated from the articles (:mod:`rag.ask.recency`)."""
        from .ask.recency import anchored

        return anchored(q, self._retrieve, dates)

    def _find(self, q: Question, k: int, dates: tuple[str, str]) -> tuple[list[Passage], bool]:
        """The passages for ``q``: within its time scope, and after it for its reports (:mod:`rag.ask.window`),
        else without the scope (``False`` says so)."""
        from .ask.window import scoped, windows

        ranges = windows(q, dates)
        if (hit := scoped(q, ranges or (), dates, lambda window: self._retrieve(q.search, k, window), k)) is not None:
            return self._newest_first(q, *hit), True
        return self._newest_first(q, self._retrieve(q.search, k, dates), dates), ranges is None

    def _newest_first(self, q: Question, found: list[Passage], dates: tuple[str, str]) -> list[Passage]:
        """For a question about the newest state of things, the newest report about its subject first (:mod:`rag.ask.recency`)."""
        from .ask.recency import newest_first

        return newest_first(q, found, self._retrieve, self.store.article_text, dates)

    def _evidence(self, q: Question, passages: Sequence[Passage]) -> list[Evidence]:
        """The sentences the answer may rest on: from articles about the question's subject only, their
        opening sentences counted (news states its main facts first).  For a question about the newest state of
        things, from the newest report alone (the first passage's article, :meth:`_newest_first`), read whole,
        when it covers the question as well as the support gate asks."""
        from .ask.evidence import support
        from .ask.recency import whole_newest

        whole = whole_newest(passages[0], self.store.article_text) if q.latest and passages and q.kind != "timeline" else None
        own = self._evidence_from(q, [whole]) if whole is not None else []
        asked = q.focus if q.long and q.focus else q.text
        if own and support(asked, own, in_article_order=q.long) >= self.config.answering.min_support:
            return own
        return self._evidence_from(q, passages)

    def _evidence_from(self, q: Question, passages: Sequence[Passage]) -> list[Evidence]:
        from .ask.evidence import select, without_comparatives
        from .ask.gather import gather
        from .ask.subject import on_subject, subject_terms

        subject = subject_terms(q.focus or q.text, q.names)  # a question of parts, or a comparison, spans subjects
        one = q.kind != "compare"
        keep = {p.article_id for p in passages} if q.parts else on_subject(passages, subject, q.names, one_subject=one)
        passages = [*passages, *self._leads([p for p in passages if p.article_id in keep])]
        a = self.config.answering
        if q.long:  # a timeline's events come from more articles, chosen without the question's similarity
            room = (4, 6000, 40, None) if q.kind == "timeline" else (3, a.long_chars, a.long_sentences, self._similarity(q.text))
            return gather(passages, q.focus or q.text, q.kind, keep, q.speaker, *room)
        on = [p for p in passages if p.article_id in keep]
        asked = without_comparatives(q.text) if q.kind == "compare" else q.text  # "bigger" is the form, not the subject
        return select(asked, on, wants=q.wants, fit_bonus=a.fit_bonus, similarity=self._similarity(asked), semantic=a.semantic)

    def _similarity(self, question: str) -> Any:
        """Cosine of sentences to ``question`` by the embedding model (vectors are normalised)."""

        def cosines(texts: list[str]) -> list[float]:
            import numpy as np

            qv = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
            m = np.asarray(self.embedder.embed(texts), dtype=np.float32)
            return [float(x) for x in np.einsum("ij,j->i", m, qv)]

        return cosines

    def _leads(self, passages: Sequence[Passage], articles: int = 3, chars: int = 700) -> list[Passage]:
        """The first sentences (about ``chars``) of the first ``articles`` of ``passages`` whose opening was not retrieved."""
        from .ingest.chunk import sentences

        out: list[Passage] = []
        seen: list[str] = []
        for p in passages:
            if p.article_id in seen:
                continue
            seen.append(p.article_id)
            if len(seen) > articles:
                break
            if any(x.article_id == p.article_id and x.start == 0 for x in passages):
                continue
            body = self.store.article_text(p.article_id) or ""
            end = 0
            for _, e in sentences(body[: chars + 400]):
                if end and e > chars:
                    break
                end = e
            if end:
                out.append(replace(p, chunk_id=p.chunk_id + "#lead", text=body[:end], start=0, end=end, score=p.score))
        return out

    def _gate(
        self,
        q: Question,
        passages: Sequence[Passage],
        evidence: Sequence[Evidence],
        name: str,
        scoped: bool,
        dates: tuple[str, str],
    ) -> str:
        """Why the articles cannot answer ``q`` before any model runs, or ""."""
        from .ask.answer import ABSTAIN
        from .ask.evidence import support, without_comparatives
        from .ask.fits import unmet_long
        from .ask.timescope import is_relative

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
            return f"Insufficient information: {_NOT_ENGLISH}"
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
            return ABSTAIN if q.english else f"Insufficient information: {_NOT_ENGLISH}"
        if q.long:
            return unmet_long(q, evidence, self.store.article_text)
        return ""

    def _finish(self, q: Question, draft: Draft, passages: Sequence[Passage] = ()) -> tuple[Rendered, tuple[Conflict, ...]]:
        """Say where the sources disagree on what was asked (for a question about the newest state, what the newest
        report updates and as of when; for a page that changed, what an earlier version said), then number and check
        the citations."""
        from .ask import conflict
        from .ask.cite import render
        from .web.versions import noted

        differ = [] if q.yes_no or q.long else conflict.find(q.text, draft.direct, draft.evidence)[:1]
        for versions in differ:
            draft = conflict.rewrite(draft, versions)
        draft = noted(draft, self.store.path, lambda ids: {a: r.file for a, r in self.store.records().items() if a in ids})
        if q.latest:
            from .ask.recency import as_of, earlier

            draft = earlier(q, as_of(draft), passages, lambda ps: self._evidence_from(q, ps))
        shown = render(draft, self.store.article_text, also_in=self._get_retriever().also_in)
        return shown, tuple(conflict.numbered(v, shown.numbers) for v in differ)

    def _sources(self) -> list[str]:
        return self._get_retriever().sources()

    def warm_up(self) -> None:
        """Load the models now instead of on the first question."""
        self._get_retriever()
        warm = getattr(self.embedder, "warm_up", None)
        if warm:
            warm()
        from .ask.question import nlp

        nlp()
        writer = self._get_writer(self.config.llm)
        if writer is not None:
            writer.warm_up()

    def timeline(
        self, topic: str, *, since: str = "", until: str = "", k: int = 40, limit: int = 40, as_of: str = ""
    ) -> Timeline:
        """The dated events of the story ``topic`` names, in event order, each cited (:mod:`rag.news.story`); at most
        ``limit`` events from the best ``k`` passages; ``since``/``until`` limit the articles' publication dates,
        ``as_of`` leaves out those published after it and is what "last week" in ``topic`` counts back from."""
        from .news import story
        from .news.timeline import events

        q, passages, keep, dates = self._story(topic, (since, until, as_of), k)
        focus = q.focus or q.text
        evidence = story.sentences(passages, keep, focus, self.store.article_text)
        found = events(
            evidence, focus, limit=limit, total_words=100 * limit, max_words=80, article_text=self.store.article_text, story=True
        )
        also = self._get_retriever().also_in
        return story.timeline(q.text, *dates, found, evidence, self.store.article_text, also)

    def coverage(self, topic: str, *, since: str = "", until: str = "", k: int = 40, as_of: str = "") -> Coverage:
        """Which outlets covered the story ``topic`` names, when each first did and with how many articles,
        syndicated copies included and marked (:mod:`rag.news.story`)."""
        from .ask.gather import gather
        from .news import story

        q, passages, keep, dates = self._story(topic, (since, until, as_of), k)
        arts: dict[str, story.StoryArticle] = {}
        for p in passages:
            if p.article_id in keep:
                arts.setdefault(p.article_id, story.article_of(p))
        also = self._get_retriever().also_in
        evidence = gather(passages, q.focus or q.text, "summary", keep, max_articles=8, max_chars=24000, max_sentences=150)
        found = story.differences(evidence, self.store.article_text, also)
        return story.coverage(q.text, *dates, list(arts.values()), also, found)

    def _story(self, topic: str, when: tuple[str, str, str], k: int) -> tuple[Question, list[Passage], set[str], tuple[str, str]]:
        """A topic read as a question, its passages and the ids of the articles about its subject."""
        from .ask.subject import on_subject, subject_terms

        dates = _check_dates(*when)
        q = self._anchored(self._read(_check_question(topic), (), when[2]), dates)
        found, _ = self._find(q, max(1, k), dates)
        keep = on_subject(found, subject_terms(q.focus or q.text, q.names), q.names)
        return q, [*found, *self._leads([p for p in found if p.article_id in keep], articles=8)], keep, dates

    # ---------------------------------------------------------------- internals
    def _retrieve(self, query: str, k: int, dates: tuple[str, str]) -> list[Passage]:
        """Fused dense + keyword candidates, re-ranked by their best sentence (rag/ask/rerank.py)."""
        from .ask.rerank import rerank

        tuned = self.config.retrieval
        return rerank(query, self._get_retriever().retrieve(query, max(k, tuned.rerank_pool), *dates), k, tuned.rerank_weight)

    def _get_retriever(self) -> Any:
        if self._retriever is None:
            from .ask.retrieve import Retriever

            self.store.check(create=False)
            self._retriever = Retriever(self.store, self.embedder, self.config.dense_weight, self.config.retrieval)
        return self._retriever

    def _get_writer(self, name: str) -> Any:
        """The model that writes answers for the answerer ``name`` (None for ``extractive``)."""
        if name not in self._writers:
            from .models.writers import get_writer

            self._writers[name] = get_writer(self.config.with_(llm=name))
        return self._writers[name]


def _quote(ev: Evidence) -> Quote:
    p = ev.passage
    return Quote(ev.text, p.article_id, p.title, p.source, p.published, p.url, ev.start, ev.end)


def _check_question(question: str) -> str:
    if not isinstance(question, str) or not question.strip():
        raise InputError("The question is empty. Ask something about the indexed articles.")
    q = question.strip()
    if len(q) > MAX_QUESTION_CHARS:
        raise InputError(f"The question is {len(q):,} characters long; keep it under {MAX_QUESTION_CHARS:,}.")
    return q


def _check_dates(since: str, until: str, as_of: str = "") -> tuple[str, str]:
    """The publication range ``(since, until)``, checked; ``as_of`` (the reference date) ends it."""
    for label, value in (("since", since), ("until", until), ("as_of", as_of)):
        if value and not _is_day(value):
            raise InputError(f"{label}={value!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-10-07.")
    if since and until and since > until:
        raise InputError(f"The date range {since} to {until} is empty; the first date must not be after the second.")
    if as_of and since and since > as_of:
        raise InputError(f"since={since} is after as_of={as_of}; nothing published by then can be in that range.")
    if as_of and (not until or until > as_of):
        until = as_of
    return since or "", until or ""


def _is_day(value: str) -> bool:
    import datetime as dt

    try:
        return bool(_ISO_DAY.match(value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _forget_upload(index: Path, file: str, records: Any) -> None:
    """Delete an uploaded file once no indexed article comes from it (so a re-sync cannot bring it back)."""
    from .ingest.upload import FOLDER

    folder = (index / FOLDER).resolve()
    path = Path(file)
    if path.parent == folder and sum(1 for r in records if r.file == file) <= 1:
        path.unlink(missing_ok=True)


__all__ = ["Assistant", "BylineError"]

"""The facade: one object for writing to an index (ingest, fetch, upload, remove) and reading it (search, ask,
timelines, coverage).  A question's path is :mod:`rag.ask.pipeline`'s; the CLI, the UI and the evaluation scripts
all call this."""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .ask.admission import ModelQueue
from .ask.finding import Finder, check_dates, check_question
from .ask.pipeline import Pipeline
from .config import Config
from .errors import BylineError, InputError, NotFound
from .models.embed import Embedder, get_embedder
from .types import Answer, ArticleInfo, IngestReport, Passage, Retrieved

if TYPE_CHECKING:
    from .news.coverage import Coverage
    from .news.story import Timeline
    from .web.feedlist import Feed
    from .web.feeds import SyncReport
    from .web.fetch import Fetcher
    from .web.watch import WatchStatus


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
        self._writers: dict[str, Any] = {self.config.llm: writer} if writer is not None else {}
        self._queue = ModelQueue()
        self._finder = Finder(self.config, self.store, self.embedder)
        self._pipeline = Pipeline(self._finder, self._writer, self._queue)

    # ------------------------------------------------------------------ writing
    def ingest(self, path: str | Path, *, keep_missing: bool = False, progress: Any = None) -> IngestReport:
        """Sync a folder (or one file) of articles into the index; see :mod:`rag.ingest.sync`."""
        from .ingest.sync import ingest

        return ingest(path, self.store, self.embedder, self.config, keep_missing=keep_missing, progress=progress)

    # ------------------------------------------------------------------ the web (the only network use)
    def fetch(self, url: str, *, limit: int | None = None, fetcher: Fetcher | None = None) -> SyncReport:
        """Fetch an RSS/Atom feed, a sitemap (its ``limit`` newest pages) or one article page and index what it
        holds; fetching again updates changed pages and adds new items.  See :mod:`rag.web.feeds`."""
        from .web.following import sync_urls

        return sync_urls(self.store, self.config, self.ingest, [url], limit=limit, fetcher=fetcher, follow=False)[0]

    def follow(self, url: str, *, fetcher: Fetcher | None = None) -> SyncReport:
        """Add a feed to the ones this index follows (``<index>/feeds.json``) and fetch it now."""
        return self.follow_all([url], fetcher=fetcher)[0]

    def follow_all(self, urls: Iterable[str], *, fetcher: Fetcher | None = None) -> list[SyncReport]:
        """Follow several feeds (an OPML file's) and fetch them now, indexing once at the end: one report per
        feed, the index's own in the last one's ``ingest``.  A feed that fails is reported in its ``errors`` and
        the others go on; an address that is not a web address is refused before any is fetched."""
        from .web.fetch import normalise
        from .web.following import sync_urls

        unique = list(dict.fromkeys(normalise(url) for url in urls))
        return sync_urls(self.store, self.config, self.ingest, unique, fetcher=fetcher, follow=True) if unique else []

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
        from .web.following import unfollow

        return unfollow(self.store, url, delete_articles=delete_articles)

    def upload(self, name: str, data: bytes | str | Path) -> IngestReport:
        """Add (or replace) one article sent as a file: stored in ``<index>/uploads/`` under a safe
        version of ``name``, then indexed.  ``data`` is the content, or the path of a temporary file
        holding it.  Bad content is refused before anything is replaced."""
        from .ingest import upload
        from .ingest.files import file_hash
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
        query = check_question(query)
        return self._finder.retrieve(query, k or self.config.k, check_dates(since, until, as_of))

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
        asked = check_question(question)
        name = self.config.with_(llm=llm).llm if llm else self.config.llm
        if name == "extractive":  # no model: nothing to wait for
            yield from self._pipeline.run(asked, name, t0, k, history, (since, until, as_of))
            return
        with self._queue.slot(self.config.max_waiting):
            yield from self._pipeline.run(asked, name, t0, k, history, (since, until, as_of))

    def warm_up(self) -> None:
        """Load the models now instead of on the first question."""
        self._finder.retriever()
        warm = getattr(self.embedder, "warm_up", None)
        if warm:
            warm()
        from .models.parser import nlp

        nlp()
        writer = self._writer(self.config.llm)
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

        q, passages, keep, dates = self._finder.story(topic, (since, until, as_of), k)
        focus = q.focus or q.text
        evidence = story.sentences(passages, keep, focus, self.store.article_text)
        scope = (q.since, q.until) if q.scope else ("", "")  # "... in mid-November 2023": its events, not the background
        found = events(
            evidence, focus, limit=limit, total_words=100 * limit, max_words=80, article_text=self.store.article_text,
            story=True, scope=scope,
        )  # fmt: skip
        also = self._finder.retriever().also_in
        return story.timeline(q.text, *dates, found, evidence, self.store.article_text, also)

    def coverage(self, topic: str, *, since: str = "", until: str = "", k: int = 40, as_of: str = "") -> Coverage:
        """Which outlets covered the story ``topic`` names, when each first did and with how many articles,
        syndicated copies included and marked (:mod:`rag.news.coverage`)."""
        from .ask.gather import gather
        from .news import story
        from .news.coverage import by_outlet, differences

        q, passages, keep, dates = self._finder.story(topic, (since, until, as_of), k)
        also = self._finder.retriever().also_in
        evidence = gather(passages, q.focus or q.text, "summary", keep, max_articles=8, max_chars=24000, max_sentences=150)
        found = differences(evidence, self.store.article_text, also)
        return by_outlet(q.text, *dates, story.articles_of(passages, keep), also, found)

    def _writer(self, name: str) -> Any:
        """The model that writes answers for the answerer ``name`` (None for ``extractive``)."""
        if name not in self._writers:
            from .models.writers import get_writer

            self._writers[name] = get_writer(self.config.with_(llm=name))
        return self._writers[name]


def _forget_upload(index: Path, file: str, records: Any) -> None:
    """Delete an uploaded file once no indexed article comes from it (so a re-sync cannot bring it back)."""
    from .ingest.upload import FOLDER

    folder = (index / FOLDER).resolve()
    path = Path(file)
    if path.parent == folder and sum(1 for r in records if r.file == file) <= 1:
        path.unlink(missing_ok=True)


__all__ = ["Assistant", "BylineError"]

"""The facade: one object that sequences load -> chunk -> embed/store ->
retrieve -> select evidence -> answer -> cite.  The CLI, the UI and the
evaluation scripts all call it."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .config import Config
from .embed import Embedder, get_embedder
from .errors import BylineError, InputError
from .types import Answer, ArticleInfo, IngestReport, Passage, Retrieved

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
# Share of a question's content words the best evidence must cover before an
# answer is attempted; below it Byline abstains without calling a model.
MIN_SUPPORT = {"extractive": 0.6, "local": 0.25, "openai": 0.25}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_ENGLISH = "the question does not look like English, and Byline's models read English only. Ask it in English."


class Assistant:
    """Question answering over an index of news articles.

    >>> bot = Assistant(index="index", llm="extractive")
    >>> bot.ingest("seeds")                                  # doctest: +SKIP
    >>> print(bot.ask("How many IS prisoners were moved?").text)  # doctest: +SKIP

    Construction is cheap: models and the index open on first use.
    """

    def __init__(
        self,
        index: str | Path | None = None,
        llm: str | None = None,
        *,
        config: Config | None = None,
        embedder: Embedder | None = None,
        **settings: Any,
    ) -> None:
        base = config or Config.from_env()
        self.config = base.with_(index=str(index) if index is not None else None, llm=llm, **settings)
        from .store import Store  # cheap: Chroma itself opens on first use

        self.embedder = embedder or get_embedder(self.config.embed_backend, self.config.n_threads, self.config.model_dir)
        self.store = Store(self.config.index, self.embedder.name, self.embedder.dim, url=self.config.chroma_url)
        self._retriever: Any = None
        self._answerers: dict[str, Any] = {}

    # ------------------------------------------------------------------ writing
    def ingest(self, path: str | Path, *, keep_missing: bool = False, progress: Any = None) -> IngestReport:
        """Sync a folder (or one file) of articles into the index; see :mod:`rag.ingest`."""
        from .ingest import ingest

        return ingest(path, self.store, self.embedder, self.config, keep_missing=keep_missing, progress=progress)

    def upload(self, name: str, data: bytes | str | Path) -> IngestReport:
        """Add (or replace) one article sent as a file: stored in ``<index>/uploads/`` under a safe
        version of ``name``, then indexed.  ``data`` is the content, or the path of a temporary file
        holding it.  Bad content is refused before anything is replaced."""
        from . import upload
        from .load import file_hash

        safe = upload.safe_name(name)
        limit = int(self.config.max_size_mb * 1_000_000)
        if not isinstance(data, bytes):
            if Path(data).exists() and not Path(data).is_file():  # a folder or a FIFO (reading one would block)
                raise InputError(f"{safe}: the uploaded file is not a regular file; upload the file itself.")
            data = upload.read_limited(Path(data), safe, limit)
        upload.check(safe, data, limit)
        self.store.check(create=True)
        target = str((self.store.path / upload.FOLDER / safe).resolve())
        fhash = file_hash(data)
        twin = next((r for r in self.store.records().values() if r.file_hash == fhash and r.file != target), None)
        if twin is not None:
            where = twin.meta.get("path") or twin.file
            raise InputError(f"{safe}: the same file is already indexed as {where}; not added twice.")
        return self.ingest(upload.save(self.store.path, safe, data))

    def remove(self, path_or_id: str) -> ArticleInfo:
        """Remove one article, named by its id, its path, or its file (an uploaded file is deleted too)."""
        from .keyword import KeywordIndex

        self.store.check(create=False)
        target = str(Path(path_or_id).expanduser().resolve()) if path_or_id else ""
        with self.store.write_lock():
            records = self.store.records()
            infos = {a.id: a for a in self.store.article_infos()}
            hits = [r for r in records.values() if path_or_id in (r.id, r.meta.get("path")) or r.file == target]
            if not hits:
                raise InputError(f"No indexed article matches {path_or_id!r}. See `byline articles` for ids and paths.")
            if len(hits) > 1:
                raise InputError(f"{path_or_id!r} matches {len(hits)} articles; remove them by id (see `byline articles`).")
            self.store.bump_generation()  # marks a write in progress until the rebuild (see rag.ingest._unfinished)
            self.store.remove_article(hits[0].id)
            self.store.bump_generation()
            KeywordIndex(self.store).rebuild()
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

    def search(self, query: str, k: int | None = None, *, since: str = "", until: str = "") -> list[Passage]:
        """Retrieved passages for ``query``, best first, without any model writing.

        ``since``/``until`` (``YYYY-MM-DD``, inclusive) keep only articles published in that range.
        """
        query = _check_question(query)
        return self._retrieve(query, k or self.config.k, _check_dates(since, until))

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
    ) -> Iterator[Retrieved | str | Answer]:
        """Yield a :class:`Retrieved` as soon as the passages are found, then pieces of
        the direct answer as they are written, then the final :class:`Answer`.

        ``history`` is the user's earlier questions in this conversation (oldest
        first): a follow-up such as "and when was that?" is searched for together
        with them.  ``llm`` picks another answerer for this question;
        ``since``/``until`` limit the articles by publication date.

        The final answer's ``text`` is authoritative: it adds the supporting
        sentences and renumbered citations, and replaces the streamed text when
        Byline abstains after checking the draft.
        """
        from . import conflict
        from .answer import ABSTAIN, clean_direct, compose, is_abstention, is_yes_no
        from .cite import resolve
        from .evidence import select, support
        from .followup import standalone
        from .language import looks_english
        from .query import names, unknown_sources

        t0 = time.perf_counter()
        asked = _check_question(question)
        english = looks_english(asked)
        if not english:
            log.warning("Note: %s", _NOT_ENGLISH)
        name = self.config.with_(llm=llm).llm if llm else self.config.llm
        dates = _check_dates(since, until)
        question = standalone(asked, [h for h in history if isinstance(h, str)])
        passages = tuple(self._retrieve(question, k or self.config.k, dates))
        timings = {"retrieve_s": time.perf_counter() - t0}
        yield Retrieved(question, passages)
        evidence = select(question, passages)

        def done(text: str, citations: tuple[Any, ...] = (), conflicts: tuple[Any, ...] = ()) -> Answer:
            timings["total_s"] = time.perf_counter() - t0
            return Answer(asked, text, citations, not citations, passages, timings, question, conflicts)

        def abstain(text: str = ABSTAIN) -> Answer:
            if dates != ("", "") and not passages:
                text = "Insufficient information: no indexed article published in that date range matches this question."
            elif not english and text == ABSTAIN:
                text = f"Insufficient information: {_NOT_ENGLISH}"
            return done(text)

        sources = self._get_retriever().sources()
        missing = unknown_sources(question, sources)
        if missing:
            outlets = " or ".join(missing)
            text = f"Insufficient information: no articles from {outlets} are in the index, so it cannot answer this question."
            yield text
            yield abstain(text)
            return
        # Names are looked up in English articles only; another language gets the language note instead.
        subjects = names(question, sources) if english else []
        absent = [n for n in subjects if not self.store.mentions(n)]
        if absent:
            text = f"Insufficient information: no indexed article mentions {' or '.join(absent)}."
            yield text
            yield abstain(text)
            return
        if not evidence or support(question, evidence) < MIN_SUPPORT[name]:
            final = abstain()
            yield final.text
            yield final
            return
        answerer = self._get_answerer(name)
        raw = ""
        for piece in answerer.direct(question, evidence):
            if not raw:
                timings["first_token_s"] = time.perf_counter() - t0
                piece = piece.lstrip()
            raw += piece
            yield piece
        direct = clean_direct(raw)
        yes_no = is_yes_no(question)
        draft = None if is_abstention(direct) else compose(question, direct, evidence, yes_no, sources)
        if draft is None:
            yield abstain()
            return
        differ = [] if yes_no else conflict.find(question, direct, evidence)[:1]
        for versions in differ:  # the articles disagree on what was asked: say so, citing each version
            draft = conflict.rewrite(draft, versions, evidence)
        text, citations = resolve(draft, evidence, self.store.article_text)
        if not citations:
            yield abstain()
            return
        yield done(text, tuple(citations), tuple(conflict.numbered(v, evidence, citations) for v in differ))

    def warm_up(self) -> None:
        """Load the models now instead of on the first question."""
        self._get_retriever()
        warm = getattr(self.embedder, "warm_up", None)
        if warm:
            warm()
        ans = self._get_answerer(self.config.llm)
        if hasattr(ans, "warm_up"):
            ans.warm_up()

    # ---------------------------------------------------------------- internals
    def _retrieve(self, query: str, k: int, dates: tuple[str, str]) -> list[Passage]:
        """Fused dense + keyword candidates, re-ranked by their best sentence (rag/rerank.py)."""
        from .rerank import POOL, rerank

        return rerank(query, self._get_retriever().retrieve(query, max(k, POOL), *dates), k)

    def _get_retriever(self) -> Any:
        if self._retriever is None:
            from .retrieve import Retriever

            self.store.check(create=False)
            self._retriever = Retriever(self.store, self.embedder, self.config.dense_weight)
        return self._retriever

    def _get_answerer(self, name: str) -> Any:
        if name not in self._answerers:
            from .answer import get_answerer

            self._answerers[name] = get_answerer(self.config.with_(llm=name))
        return self._answerers[name]


def _check_question(question: str) -> str:
    if not isinstance(question, str) or not question.strip():
        raise InputError("The question is empty. Ask something about the indexed articles.")
    q = question.strip()
    if len(q) > MAX_QUESTION_CHARS:
        raise InputError(f"The question is {len(q):,} characters long; keep it under {MAX_QUESTION_CHARS:,}.")
    return q


def _check_dates(since: str, until: str) -> tuple[str, str]:
    for label, value in (("since", since), ("until", until)):
        if value and not _ISO_DAY.match(value):
            raise InputError(f"{label}={value!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-10-07.")
    if since and until and since > until:
        raise InputError(f"The date range {since} to {until} is empty; the first date must not be after the second.")
    return since or "", until or ""


def _forget_upload(index: Path, file: str, records: Any) -> None:
    """Delete an uploaded file once no indexed article comes from it (so a re-sync cannot bring it back)."""
    from .upload import FOLDER

    folder = (index / FOLDER).resolve()
    path = Path(file)
    if path.parent == folder and sum(1 for r in records if r.file == file) <= 1:
        path.unlink(missing_ok=True)


__all__ = ["Assistant", "BylineError"]

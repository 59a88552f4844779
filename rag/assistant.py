"""The facade: one object that sequences load -> chunk -> embed/store ->
retrieve -> select evidence -> answer -> cite.  The CLI, the UI and the
evaluation scripts all call it."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .config import Config
from .embed import Embedder, get_embedder
from .errors import BylineError, InputError
from .types import Answer, ArticleInfo, IngestReport, Passage

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
# Share of a question's content words the best evidence must cover before an
# answer is attempted; below it Byline abstains without calling a model.
MIN_SUPPORT = {"extractive": 0.6, "local": 0.25}


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

        self.embedder = embedder or get_embedder(threads=self.config.n_threads)
        self.store = Store(self.config.index, self.embedder.name, self.embedder.dim)
        self._retriever: Any = None
        self._answerer: Any = None

    # ------------------------------------------------------------------ writing
    def ingest(self, path: str | Path, *, keep_missing: bool = False, progress: Any = None) -> IngestReport:
        """Sync a folder (or one file) of articles into the index; see :mod:`rag.ingest`."""
        from .ingest import ingest

        return ingest(path, self.store, self.embedder, self.config, keep_missing=keep_missing, progress=progress)

    def remove(self, path_or_id: str) -> ArticleInfo:
        """Remove one article, named by its id, its path, or its file."""
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
            self.store.remove_article(hits[0].id)
            self.store.bump_generation()
            KeywordIndex(self.store).rebuild()
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

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        """Retrieved passages for ``query``, best first, without any model writing."""
        query = _check_question(query)
        return self._get_retriever().retrieve(query, k or self.config.k)

    def ask(self, question: str, k: int | None = None) -> Answer:
        """Answer ``question`` with citations, or abstain."""
        answer = None
        for item in self.stream(question, k):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream(self, question: str, k: int | None = None) -> Iterator[str | Answer]:
        """Yield pieces of the direct answer as they are written, then the final :class:`Answer`.

        The final answer's ``text`` is authoritative: it adds the supporting
        sentences and renumbered citations, and replaces the streamed text when
        Byline abstains after checking the draft.
        """
        from .answer import ABSTAIN, clean_direct, compose, is_abstention, is_yes_no
        from .cite import resolve
        from .evidence import select, support
        from .query import unknown_sources

        t0 = time.perf_counter()
        question = _check_question(question)
        passages = tuple(self._get_retriever().retrieve(question, k or self.config.k))
        timings = {"retrieve_s": time.perf_counter() - t0}
        evidence = select(question, passages)

        def abstain(text: str = ABSTAIN) -> Answer:
            timings["total_s"] = time.perf_counter() - t0
            return Answer(question, text, (), True, passages, timings)

        missing = unknown_sources(question, self._get_retriever().sources())
        if missing:
            names = " or ".join(missing)
            text = f"Insufficient information: no articles from {names} are in the index, so it cannot answer this question."
            yield text
            yield abstain(text)
            return
        if not evidence or support(question, evidence) < MIN_SUPPORT[self.config.llm]:
            yield ABSTAIN
            yield abstain()
            return
        answerer = self._get_answerer()
        raw = ""
        for piece in answerer.direct(question, evidence):
            if not raw:
                timings["first_token_s"] = time.perf_counter() - t0
                piece = piece.lstrip()
            raw += piece
            yield piece
        direct = clean_direct(raw)
        draft = None if is_abstention(direct) else compose(question, direct, evidence, is_yes_no(question))
        if draft is None:
            yield abstain()
            return
        text, citations = resolve(draft, evidence, self.store.article_text)
        if not citations:
            yield abstain()
            return
        timings["total_s"] = time.perf_counter() - t0
        yield Answer(question, text, citations, False, passages, timings)

    def warm_up(self) -> None:
        """Load the models now instead of on the first question."""
        self._get_retriever()
        warm = getattr(self.embedder, "warm_up", None)
        if warm:
            warm()
        ans = self._get_answerer()
        if hasattr(ans, "warm_up"):
            ans.warm_up()

    # ---------------------------------------------------------------- internals
    def _get_retriever(self) -> Any:
        if self._retriever is None:
            from .retrieve import Retriever

            self.store.check(create=False)
            self._retriever = Retriever(self.store, self.embedder, self.config.dense_weight)
        return self._retriever

    def _get_answerer(self) -> Any:
        if self._answerer is None:
            from .answer import get_answerer

            self._answerer = get_answerer(self.config)
        return self._answerer


def _check_question(question: str) -> str:
    if not isinstance(question, str) or not question.strip():
        raise InputError("The question is empty. Ask something about the indexed articles.")
    q = question.strip()
    if len(q) > MAX_QUESTION_CHARS:
        raise InputError(f"The question is {len(q):,} characters long; keep it under {MAX_QUESTION_CHARS:,}.")
    return q


__all__ = ["Assistant", "BylineError"]

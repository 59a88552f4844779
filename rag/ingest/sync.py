"""Sync a folder (or one file) of articles into the index.

An article's identity is where it lives (file path, plus ``#n`` for a record
in a JSON/JSONL file); the sha256 of the file's bytes says whether it changed.
Unchanged files are skipped without parsing or loading the embedding model;
changed ones are re-chunked and replace their old chunks; articles whose file
left the folder are removed unless ``keep_missing`` is set.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..config import Config
from ..errors import InputError
from ..index.keyword import KeywordIndex
from ..index.store import ArticleRecord, Store
from ..models.embed import Embedder
from ..types import Article, Chunk, FileError, IngestReport
from .chunk import chunk, same_split, settings_key
from .files import SourceFile, file_hash, walk
from .load import read

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: phases are ``read`` and ``embed``."""


def embedding_text(title: str, text: str) -> str:
    """What gets embedded for a chunk: its article's title, then the chunk."""
    return f"{title}\n{text}" if title else text


def ingest(
    path: str | Path,
    store: Store,
    embedder: Embedder,
    config: Config,
    *,
    keep_missing: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Bring the index in step with ``path``; see the module docstring."""
    root = Path(path).expanduser()
    files, errors = walk(root, int(config.max_size_mb * 1_000_000))
    if not files and not errors:
        raise InputError(
            f"{root}: no articles found (looked for .txt, .md, .html, .json, .jsonl, .pdf). "
            "Put articles there or pass another folder."
        )
    store.check(create=True)
    with store.write_lock():
        return _sync(root, files, errors, store, embedder, config, keep_missing, progress)


def _sync(
    root: Path,
    files: list[SourceFile],
    errors: list[FileError],
    store: Store,
    embedder: Embedder,
    config: Config,
    keep_missing: bool,
    progress: Progress | None,
) -> IngestReport:
    records = store.records()
    chunking = settings_key(config.chunk_tokens, config.chunk_overlap)  # a change re-chunks every article
    by_file: dict[str, list[ArticleRecord]] = {}
    for rec in records.values():
        by_file.setdefault(rec.file, []).append(rec)

    base = root if root.is_dir() else root.parent
    # realpath, unlike resolve(), does not raise on a symlink loop (reported in ``errors``)
    present = {str(f.path.resolve()) for f in files} | {os.path.realpath(base / e.path) for e in errors}
    prefix = str(root.resolve())
    # A new file with the same bytes as an indexed one that stays (or one indexed earlier in this run) is a duplicate.
    staying = [r for r in records.values() if keep_missing or r.file in present or not _inside(r.file, prefix)]
    plan = _Plan(store, records, by_file, staying, chunking, list(errors))
    for n, src in enumerate(files, 1):
        if progress:
            progress("read", n, len(files))
        plan.read(src)
    if not keep_missing:
        for file, recs in by_file.items():
            if _inside(file, prefix) and file not in present:
                plan.to_remove |= {r.id for r in recs}
    _write(plan, store, embedder, config, progress)
    return IngestReport(
        added=sum(1 for _, upd in plan.todo if not upd),
        updated=sum(1 for _, upd in plan.todo if upd),
        removed=len(plan.to_remove),
        unchanged=plan.unchanged,
        chunks=store.chunk_count(),
        errors=tuple(plan.errors),
    )


class _Plan:
    """What a sync writes, decided file by file: articles to embed (with whether each replaces an indexed one),
    ids to remove, records whose text new cleaning rules left as it was (relabelled, not re-embedded)."""

    def __init__(
        self,
        store: Store,
        records: dict[str, ArticleRecord],
        by_file: dict[str, list[ArticleRecord]],
        staying: list[ArticleRecord],
        chunking: str,
        errors: list[FileError],
    ) -> None:
        self.store, self.records, self.by_file, self.staying, self.chunking = store, records, by_file, staying, chunking
        self.errors = errors
        self.seen: dict[str, str] = {}  # file hash -> the file read in this run with those bytes
        self.todo: list[tuple[Article, bool]] = []  # (article, is_update)
        self.unchanged = 0
        self.to_remove: set[str] = set()
        self.relabel: dict[str, dict[str, object]] = {}

    def read(self, src: SourceFile) -> None:
        """Decide what ``src`` needs: nothing when its bytes are as indexed, else each of its articles' fate."""
        abs_file = str(src.path.resolve())
        try:
            data = src.path.read_bytes()
        except OSError as e:
            self.errors.append(FileError(src.display, f"cannot read ({e.strerror}); check its permissions"))
            return
        old = self.by_file.get(abs_file, [])
        fhash = file_hash(data)
        if old and all(r.file_hash == fhash and r.chunking == self.chunking for r in old):
            self.unchanged += len(old)
            return
        where = None if old else self.seen.get(fhash) or twin(self.staying, fhash, abs_file)
        if where:
            self.errors.append(FileError(src.display, f"same content as {where}, which is indexed; not indexed twice"))
            return
        try:
            articles, errs = read(src, data)
        except InputError as e:
            self.errors.append(FileError(src.display, str(e).removeprefix(f"{src.display}: ")))
            return
        self.errors += errs
        self.seen.setdefault(fhash, src.display)
        new_ids = {a.id for a in articles}
        self.to_remove |= {r.id for r in old if r.id not in new_ids}
        for art in articles:
            self._article(art, fhash)

    def _article(self, art: Article, fhash: str) -> None:
        known = self.records.get(art.id)
        if known is not None and known.content_hash == art.content_hash and known.chunking == self.chunking:
            self.unchanged += 1
            if known.file_hash != fhash:
                self.store.set_file_hash(known, fhash)
        elif (
            known is not None
            and known.content_hash == art.content_hash
            and same_split(known.chunking, self.chunking)
            and self.store.article_text(art.id) == art.text
        ):
            self.unchanged += 1
            self.relabel[art.id] = {**known.meta, "chunking": self.chunking, "file_hash": fhash}
        else:
            self.todo.append((art, known is not None))


def _write(plan: _Plan, store: Store, embedder: Embedder, config: Config, progress: Progress | None) -> None:
    """Carry ``plan`` out under the write protocol (:func:`changing`), or finish what an earlier write left."""
    if plan.relabel:
        store.update_records(plan.relabel)
    if plan.todo or plan.to_remove:
        with changing(store):
            if plan.todo:
                _embed_and_write(plan.todo, store, embedder, config, plan.chunking, progress)
            for article_id in sorted(plan.to_remove):
                store.remove_article(article_id)
            store.sweep()
    elif _unfinished(store, plan.records):  # an earlier write was cut short: finish it
        store.sweep()
        _finish(store)
    elif not KeywordIndex(store).is_current():
        KeywordIndex(store).rebuild()
    elif any("minhash" not in r.meta for r in plan.records.values()):  # indexed before copies were found: find them now
        _finish(store)  # regroup; a half-done one is redone next time (signatures still missing)


def _inside(file: str, prefix: str) -> bool:
    return file == prefix or file.startswith(prefix.rstrip("/") + "/")


@contextmanager
def changing(store: Store) -> Iterator[None]:
    """The one protocol for a write to the index (ingest, upload, removal): the generation is bumped first, so
    the keyword index lags it until the write is done and a crash leaves that mark (see :func:`_unfinished`);
    then bumped again and the keyword index rebuilt.  Call it holding ``store.write_lock()``."""
    store.bump_generation()
    yield
    _finish(store)


def _finish(store: Store) -> None:
    regroup(store)
    store.bump_generation()
    KeywordIndex(store).rebuild()


def regroup(store: Store) -> int:
    """Find the index's syndicated copies again (rag/news/copies.py) and record each article's group; returns how many
    records changed.  Articles indexed before signatures were kept get theirs now."""
    from ..news.copies import Member, group, signature

    records = store.records()
    fresh = {i: signature(store.article_text(i) or "") for i, r in records.items() if "minhash" not in r.meta}
    sigs = {i: fresh.get(i, str(r.meta.get("minhash", ""))) for i, r in records.items()}
    members = [Member(i, str(r.meta.get("published", "")), sigs[i]) for i, r in records.items()]
    groups = group(members, store.article_text)
    changed = {
        i: {**r.meta, "minhash": sigs[i], "copy_of": groups[i]}
        for i, r in records.items()
        if i in fresh or r.meta.get("copy_of") != groups[i]
    }
    if changed:
        store.update_records(changed)
    return len(changed)


def twin(records: Iterable[ArticleRecord], fhash: str, file: str) -> str | None:
    """Where the same bytes are already indexed from another file (its path as shown), or None."""
    return next((str(r.meta.get("path") or r.file) for r in records if r.file_hash == fhash and r.file != file), None)


def _unfinished(store: Store, records: dict[str, ArticleRecord]) -> bool:
    """Whether an earlier write was cut short (a crash): chunks that no record accounts for, or, in an
    index folder, a keyword index behind the generation (every write bumps it before it starts)."""
    if store.chunk_count() != sum(r.chunks for r in records.values()):
        return True
    return not store.url and not KeywordIndex(store).is_current()


def _embed_and_write(
    todo: list[tuple[Article, bool]],
    store: Store,
    embedder: Embedder,
    config: Config,
    chunking: str,
    progress: Progress | None,
) -> None:
    """Chunk and embed articles in large batches (fast), writing each batch with a few Chroma calls;
    ``chunking`` (:func:`rag.ingest.chunk.settings_key` of ``config``) goes into their records."""
    pending: list[tuple[Article, list[Chunk]]] = [(a, chunk(a, config.chunk_tokens, config.chunk_overlap)) for a, _ in todo]
    total = sum(len(c) for _, c in pending)
    done = 0
    batch: list[tuple[Article, list[Chunk]]] = []
    size = 0

    def flush() -> None:
        nonlocal done, batch, size
        texts = [embedding_text(a.title, c.text) for a, cs in batch for c in cs]
        base = done

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress("embed", done, total)

        vecs = embedder.embed(texts, progress=tick)
        done = base + len(texts)
        items, i = [], 0
        for art, cs in batch:
            items.append((art, cs, vecs[i : i + len(cs)]))
            i += len(cs)
        # all their chunks, then all their records: a crash leaves only orphan chunks
        store.write_articles(items, chunking)
        batch, size = [], 0

    for art, cs in pending:
        batch.append((art, cs))
        size += len(cs)
        if size >= 512:
            flush()
    if batch:
        flush()

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
from .load import SourceFile, file_hash, read, walk

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
    errors = list(errors)
    # A new file with the same bytes as an indexed one that stays (or one indexed earlier in this run) is a duplicate.
    staying = [r for r in records.values() if keep_missing or r.file in present or not _inside(r.file, prefix)]
    seen: dict[str, str] = {}
    todo: list[tuple[Article, bool]] = []  # (article, is_update)
    unchanged = 0
    to_remove: set[str] = set()
    relabel: dict[str, dict[str, object]] = {}  # articles whose text new cleaning rules left as it was

    for n, src in enumerate(files, 1):
        if progress:
            progress("read", n, len(files))
        abs_file = str(src.path.resolve())
        try:
            data = src.path.read_bytes()
        except OSError as e:
            errors.append(FileError(src.display, f"cannot read ({e.strerror}); check its permissions"))
            continue
        old = by_file.get(abs_file, [])
        fhash = file_hash(data)
        if old and all(r.file_hash == fhash and r.chunking == chunking for r in old):
            unchanged += len(old)
            continue
        where = None if old else seen.get(fhash) or twin(staying, fhash, abs_file)
        if where:
            errors.append(FileError(src.display, f"same content as {where}, which is indexed; not indexed twice"))
            continue
        try:
            articles, errs = read(src, data)
        except InputError as e:
            errors.append(FileError(src.display, str(e).removeprefix(f"{src.display}: ")))
            continue
        errors += errs
        seen.setdefault(fhash, src.display)
        new_ids = {a.id for a in articles}
        to_remove |= {r.id for r in old if r.id not in new_ids}
        for art in articles:
            known = records.get(art.id)
            if known is not None and known.content_hash == art.content_hash and known.chunking == chunking:
                unchanged += 1
                if known.file_hash != fhash:
                    store.set_file_hash(known, fhash)
            elif (
                known is not None
                and known.content_hash == art.content_hash
                and same_split(known.chunking, chunking)
                and store.article_text(art.id) == art.text
            ):
                unchanged += 1
                relabel[art.id] = {**known.meta, "chunking": chunking, "file_hash": fhash}
            else:
                todo.append((art, known is not None))

    if not keep_missing:
        for file, recs in by_file.items():
            if _inside(file, prefix) and file not in present:
                to_remove |= {r.id for r in recs}

    if relabel:
        store.update_records(relabel)
    if todo or to_remove:
        with changing(store):
            if todo:
                _embed_and_write(todo, store, embedder, config, chunking, progress)
            for article_id in sorted(to_remove):
                store.remove_article(article_id)
            store.sweep()
    elif _unfinished(store, records):  # an earlier write was cut short: finish it
        store.sweep()
        _finish(store)
    elif not KeywordIndex(store).is_current():
        KeywordIndex(store).rebuild()
    elif any("minhash" not in r.meta for r in records.values()):  # indexed before copies were found: find them now
        _finish(store)  # regroup; a half-done one is redone next time (signatures still missing)
    return IngestReport(
        added=sum(1 for _, upd in todo if not upd),
        updated=sum(1 for _, upd in todo if upd),
        removed=len(to_remove),
        unchanged=unchanged,
        chunks=store.chunk_count(),
        errors=tuple(errors),
    )


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

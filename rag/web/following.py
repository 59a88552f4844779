"""Fetching web addresses into an index and following feeds: what :meth:`rag.Assistant.fetch`,
:meth:`~rag.Assistant.follow_all` and :meth:`~rag.Assistant.unfollow` do, under the pages folder's lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Config
    from ..index.store import Store
    from ..types import IngestReport
    from .feedlist import Feed
    from .feeds import SyncReport
    from .fetch import Fetcher


def sync_urls(
    store: Store,
    config: Config,
    ingest: Callable[[Path], IngestReport],
    urls: list[str],
    *,
    limit: int | None = None,
    fetcher: Fetcher | None = None,
    follow: bool,
) -> list[SyncReport]:
    """Fetch each of ``urls`` (recording it among the followed feeds when ``follow``), then index the pages
    once (``ingest`` of the pages folder): one report per address, the index's in the last one's ``ingest``."""
    from ..index import lock
    from ..types import FileError
    from .feedlist import FeedList
    from .feeds import SyncReport, sync, with_ingest
    from .fetch import Fetcher, FetchError
    from .pages import Pages

    store.check(create=True)
    feeds = FeedList(store.path)
    pages = Pages(store.path)
    pages.folder.mkdir(parents=True, exist_ok=True)
    own = fetcher is None
    client = fetcher or Fetcher(max_bytes=int(config.max_size_mb * 1_000_000))
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
            reports[-1] = with_ingest(reports[-1], ingest, pages.folder)
    finally:
        if own:
            client.close()
    return reports


def unfollow(store: Store, url: str, *, delete_articles: bool = False) -> Feed:
    """Stop following the feed ``url``; with ``delete_articles``, un-index the pages only it brought in."""
    from ..index import lock
    from .feedlist import FeedList
    from .pages import Pages

    feeds = FeedList(store.path)
    gone = feeds.remove(url)
    pages = Pages(store.path)
    pages.folder.mkdir(parents=True, exist_ok=True)
    with lock.file_lock(pages.folder):
        if delete_articles:
            removed = {str(p.resolve()) for p in pages.forget_feed(gone.url)}
            pages.commit()  # files first: a crash here leaves files gone, which the next sync un-indexes
            _remove_files(store, removed)
        feeds.save()
    return gone


def _remove_files(store: Store, files: set[str]) -> None:
    from ..ingest.sync import changing

    if not files or not store.exists():
        return
    with store.write_lock():
        ids = sorted(r.id for r in store.records().values() if r.file in files)
        if ids:
            with changing(store):
                for article_id in ids:
                    store.remove_article(article_id)

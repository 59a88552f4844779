"""Feeds, sitemaps and web pages brought into the index (issue 16).

``sync(url)`` fetches an RSS/Atom feed, a sitemap or a single article page (:mod:`rag.web.fetch` does the polite
HTTP; :mod:`rag.web.sitemap` reads sitemaps, a sitemap index's one level deep, newest first, a failing one an error line),
reads each item's page with trafilatura (title, outlet, author, published and updated dates,
canonical URL) and saves it as a plain article file under ``<index>/pages/<host>/``; the caller then
indexes that folder like any other, so citations keep exact offsets and crash recovery is the folder's.
When a page cannot be had (gone, refused by robots.txt, too large, no text), the feed's own text for the
item is kept instead, and the page is tried again on the next poll.

An article's identity is its normalised canonical URL (else its link, else the feed's guid); links and
guids seen for it are remembered, so a re-poll whose items changed titles or tracking parameters updates
the article rather than adding a second one.  A changed page replaces the file and the previous version
is kept, with the time it was fetched, under ``<index>/pages/.versions/``.  Items that drop out of a feed
stay indexed.  What was fetched (validators for conditional requests, links, versions) is kept in
``<index>/pages/.state.json``; the followed feeds in ``<index>/feeds.json``.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..types import FileError, IngestReport, Item
from .fetch import Fetcher, FetchError, Response, normalise
from .pages import Pages, one_line

log = logging.getLogger(__name__)

MIN_FEED_WORDS = 25  # a feed's own text shorter than this is a teaser, not an article


@dataclass(frozen=True)
class SyncReport:
    """What one sync of a URL did.  ``ingest`` is the index's report for the pages folder (None when nothing was
    saved and the sync stopped early, as on a feed that answered 304)."""

    url: str
    kind: str  # feed | sitemap | page
    title: str = ""
    items: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    not_modified: int = 0  # pages (or the feed) that answered 304: no body downloaded
    from_feed: int = 0  # items kept from the feed's own text because their page could not be had
    errors: tuple[FileError, ...] = ()
    ingest: IngestReport | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["errors"] = [asdict(e) for e in self.errors]
        d["ingest"] = self.ingest.to_dict() if self.ingest else None
        return d

    def summary(self) -> str:
        what = f"{self.kind} {self.url}" + (f" ({self.title})" if self.title else "")
        parts = [f"{self.items} item(s)", f"{self.new} new", f"{self.changed} changed", f"{self.unchanged} unchanged"]
        if self.not_modified:
            parts.append(f"{self.not_modified} not modified (304)")
        if self.from_feed:
            parts.append(f"{self.from_feed} from the feed's text")
        if self.errors:
            parts.append(f"{len(self.errors)} error(s)")
        return f"{what}: " + ", ".join(parts)


def discover(resp: Response, fetcher: Fetcher, limit: int | None = None) -> tuple[str, str, list[Item], list[FileError]]:
    """``(kind, title, items, errors)`` of a fetched URL: a feed's entries, a sitemap's pages (a sitemap index's
    through ``fetcher``; a sitemap it lists that cannot be read is one error), or the page itself."""
    from .sitemap import SITEMAP_LIMIT, gunzipped, sitemap_pages

    resp = gunzipped(resp, fetcher.max_bytes)  # a gzip body (a sitemap.xml.gz), told by its magic bytes
    head = resp.body[:2048].lstrip().lower()
    ctype = resp.content_type.lower()
    if re.search(rb"<(?:\w+:)?(urlset|sitemapindex)\b", head):
        return "sitemap", "", *sitemap_pages(resp, fetcher, limit or SITEMAP_LIMIT)
    xmlish = (
        head.startswith(b"<?xml")
        or re.match(rb"<(rss|feed|rdf:rdf)\b", head)
        or any(t in ctype for t in ("rss", "atom", "/xml", "+xml"))
    )
    if xmlish:
        import feedparser

        parsed = feedparser.parse(resp.body, sanitize_html=False, resolve_relative_uris=False)
        items = [_entry(e, resp.url) for e in parsed.entries if _link(e)]
        if items or (parsed.get("version") and not parsed.get("bozo")):  # a lenient read that found links is kept
            return "feed", one_line(parsed.feed.get("title", "")), items, []
        if not re.search(rb"<html\b", resp.body[:4096], re.I):
            why = str(parsed.get("bozo_exception") or "no entries").splitlines()[0][:120]
            raise FetchError(
                f"{resp.url}: not a readable feed, sitemap or article page ({why}); check the address with its publisher."
            )
    return "page", "", [Item(link=normalise(resp.url))], []


def _entry(e: Any, base: str) -> Item:
    content = ""
    for c in e.get("content") or []:
        if len(c.get("value", "")) > len(content):
            content = c.get("value", "")
    text = _plain(content if len(content) > len(e.get("summary", "")) else e.get("summary", ""))
    published = _when(e, "published") or _when(e, "created")
    updated = _when(e, "updated")  # feedparser gives an RSS pubDate as "updated" too: only a different one counts
    return Item(
        link=normalise(_link(e)),
        guid=str(e.get("id") or e.get("guid") or ""),
        title=one_line(e.get("title", "")),
        published=published,
        updated=updated if updated != published else "",
        author=one_line(e.get("author", "")),
        text=text,
    )


def _link(e: Any) -> str:
    link = str(e.get("link") or "")
    if not link.startswith(("http://", "https://")):
        guid = str(e.get("id") or "")
        link = guid if guid.startswith(("http://", "https://")) else ""
    return link


def _when(e: Any, key: str) -> str:
    parsed = e.get(f"{key}_parsed")
    if parsed:
        y, mo, d, h, mi, sec = parsed[:6]
        return datetime(y, mo, d, h, mi, sec, tzinfo=UTC).isoformat()
    from ..ingest.clean import parse_date

    return parse_date(str(e.get(key) or ""))


def _plain(fragment: str) -> str:
    """Text of an HTML fragment: paragraphs kept as blank-line breaks."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", fragment or "")
    text = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>|</li\s*>|</h\d\s*>", "\n\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    paras = [re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


# ---------------------------------------------------------------------------------------------- a sync
def sync(
    url: str,
    pages: Pages,
    fetcher: Fetcher,
    *,
    feed_state: dict[str, str] | None = None,
    limit: int | None = None,
    workers: int = 4,
) -> SyncReport:
    """Fetch ``url`` and every item it lists into ``pages`` (not yet indexed: the caller ingests the folder).

    ``feed_state`` holds the feed's own validators (``etag``, ``last_modified``) and is updated in place, so a
    feed that answers 304 costs one request.
    """
    url = normalise(url)
    fs = feed_state if feed_state is not None else {}
    resp = fetcher.get(url, etag=fs.get("etag", ""), last_modified=fs.get("last_modified", ""))
    if resp.not_modified:
        return SyncReport(url=url, kind=fs.get("kind", "feed"), title=fs.get("title", ""), not_modified=1)
    kind, title, items, errors = discover(resp, fetcher, limit)
    if kind != "page":
        fs.update(etag=resp.etag, last_modified=resp.last_modified, kind=kind, title=title)
    feed = url if kind != "page" else ""
    counts: dict[str, int] = {"new": 0, "changed": 0, "unchanged": 0, "not_modified": 0, "from_feed": 0}
    lock = threading.Lock()

    def one(item: Item) -> None:
        try:
            status, error = _fetch_item(item, pages, fetcher, feed, resp if kind == "page" else None)
        except Exception as e:  # one bad item never stops the others
            log.debug("item %s failed", item.link, exc_info=True)
            status, error = "", f"could not be read ({type(e).__name__}: {str(e)[:100]})"
        with lock:
            for s in status.split("+"):
                if s:
                    counts[s] += 1
            if error:
                errors.append(FileError(item.link, error))

    unique = list({i.link: i for i in items}.values())
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique) or 1))) as pool:
        list(pool.map(one, unique))
    pages.commit()
    return SyncReport(
        url=url,
        kind=kind,
        title=title,
        items=len(unique),
        new=counts["new"],
        changed=counts["changed"],
        unchanged=counts["unchanged"] + counts["not_modified"],
        not_modified=counts["not_modified"],
        from_feed=counts["from_feed"],
        errors=tuple(sorted(errors, key=lambda e: e.path)),
    )


def _fetch_item(item: Item, pages: Pages, fetcher: Fetcher, feed: str, fetched: Response | None) -> tuple[str, str]:
    """``(statuses joined by '+', what went wrong or '')`` for one item (the error without its URL)."""
    from ..ingest.load import read_html

    key = pages.known(item)
    entry = pages.entry(key)
    try:
        resp = fetched or fetcher.get(
            item.link,
            etag="" if entry.get("from_feed") else entry.get("etag", ""),
            last_modified="" if entry.get("from_feed") else entry.get("last_modified", ""),
        )
        if resp.not_modified and key:
            pages.seen(key, item, feed)
            return "not_modified", ""
        if "html" not in resp.content_type.lower() and resp.content_type and not resp.body.lstrip()[:1] == b"<":
            raise FetchError(
                f"{item.link}: not a web page ({resp.content_type.split(';')[0]}); Byline reads HTML pages from the web."
            )
        meta, body = read_html(resp.text(), item.link, url=resp.url)
    except InputError as e:
        reason = str(e).removeprefix(f"{item.link}: ")
        if key and not entry.get("from_feed"):
            pages.seen(key, item, feed)
            return "unchanged", f"{reason}; kept the version fetched {entry.get('fetched', 'earlier')}"
        if len(item.text.split()) >= MIN_FEED_WORDS:
            status = pages.save(key or item.link, item, {"source": _host(item.link)}, item.text, None, feed)
            return f"{status}+from_feed", f"{reason}; kept the feed's own text for now"
        return "", f"{reason}; not indexed"
    try:
        canonical = normalise(meta.get("url") or resp.url)
    except FetchError:  # a canonical link that is not a web address
        canonical = normalise(resp.url)
    if not key:
        key = pages.known(Item(link=canonical)) or canonical
    meta.setdefault("source", _host(canonical))
    if not meta.get("published") and item.published:
        meta["published"] = item.published
    return pages.save(key, item, meta, body, resp, feed), ""


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def with_ingest(report: SyncReport, ingest: Callable[[Path], IngestReport], folder: Path) -> SyncReport:
    """``report`` with the index brought in step with the pages folder (which also finishes the indexing of
    pages saved by a sync that was cut short)."""
    if not folder.exists() or not any(folder.glob("*/*.txt")):
        return report
    return replace(report, ingest=ingest(folder))

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

import hashlib
import html
import json
import logging
import os
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
from ..ingest.load import write_atomic
from ..types import FileError, IngestReport, Item
from .feedlist import now as _now
from .fetch import Fetcher, FetchError, Response, normalise

log = logging.getLogger(__name__)

PAGES = "pages"
STATE = ".state.json"
VERSIONS = ".versions"
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
            return "feed", _one_line(parsed.feed.get("title", "")), items, []
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
        title=_one_line(e.get("title", "")),
        published=published,
        updated=updated if updated != published else "",
        author=_one_line(e.get("author", "")),
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


def _one_line(value: Any) -> str:
    return re.sub(r"\s+", " ", html.unescape(str(value or ""))).strip()


# ---------------------------------------------------------------------------------------------- the pages folder
class Pages:
    """The saved pages of an index and what was fetched for them (``.state.json``); thread-safe."""

    def __init__(self, index: Path) -> None:
        self.folder = Path(index) / PAGES
        self._lock = threading.Lock()
        self.state: dict[str, Any] = {"pages": {}, "alias": {}}
        try:
            self.state = json.loads((self.folder / STATE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as e:
            log.warning("%s: unreadable (%s); pages will be fetched again", self.folder / STATE, e)
        self.state.setdefault("pages", {})
        self.state.setdefault("alias", {})

    def known(self, item: Item) -> str | None:
        alias = self.state["alias"]
        return alias.get(item.link) or (alias.get(f"guid:{item.guid}") if item.guid else None)

    def entry(self, key: str | None) -> dict[str, Any]:
        return dict(self.state["pages"].get(key or "", {}))

    def save(self, key: str, item: Item, meta: dict[str, str], body: str, resp: Response | None, feed: str) -> str:
        """Write the article file for ``key``; returns ``new``, ``changed`` or ``unchanged``."""
        header = {
            "Title": meta.get("title") or item.title,
            "Source": meta.get("source", ""),
            "Author": meta.get("author") or item.author,
            "Published": meta.get("published") or item.published,
            "Updated": meta.get("updated") or item.updated,
            "URL": key,
            "Feed": feed,
        }
        lines = [f"{k}: {_one_line(v)}" for k, v in header.items() if _one_line(v)]
        from ..ingest.clean import without_headline

        body = without_headline(body, _one_line(header["Title"]))
        data = ("\n".join(lines) + "\n\n" + body.strip() + "\n").encode("utf-8")
        digest = hashlib.sha256(_comparable(data)).hexdigest()
        now = _now()
        with self._lock:
            old = self.state["pages"].get(key)
            path = self.folder / (old["file"] if old else _file_for(key))
            status = "new" if not old or not path.exists() else "unchanged" if old.get("hash") == digest else "changed"
            if status == "changed":
                keep = (
                    self.folder / VERSIONS / Path(old["file"]).with_suffix("") / f"{old.get('fetched', now).replace(':', '')}.txt"
                )
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, keep)
            if status != "unchanged":
                write_atomic(path, data)
            entry = {
                **(old or {}),
                "file": str(path.relative_to(self.folder)),
                "hash": digest,
                "fetched": now if status != "unchanged" else (old or {}).get("fetched", now),
                "checked": now,
                "etag": resp.etag if resp else "",
                "last_modified": resp.last_modified if resp else "",
                "from_feed": resp is None,
                "versions": (old or {}).get("versions", 1) + (status == "changed"),
                "feeds": _with_feed((old or {}).get("feeds", []), feed),
            }
            self.state["pages"][key] = entry
            self._alias(key, item)
        return status

    def seen(self, key: str, item: Item, feed: str) -> None:
        """A 304, or a failure on a page already saved: remember the item's link and guid, nothing else."""
        with self._lock:
            entry = self.state["pages"].get(key)
            if entry is not None:
                entry["checked"] = _now()
                entry["feeds"] = _with_feed(entry.get("feeds", []), feed)
                self._alias(key, item)

    def _alias(self, key: str, item: Item) -> None:
        alias = self.state["alias"]
        alias[key] = key
        alias[item.link] = key
        if item.guid:
            alias[f"guid:{item.guid}"] = key

    def forget_feed(self, feed: str) -> list[Path]:
        """Drop the pages only ``feed`` brought in (files and state); returns the files removed."""
        gone: list[Path] = []
        with self._lock:
            for key, entry in list(self.state["pages"].items()):
                feeds = [f for f in entry.get("feeds", []) if f != feed]
                if feed in entry.get("feeds", []) and not feeds:
                    path = self.folder / entry["file"]
                    path.unlink(missing_ok=True)
                    gone.append(path)
                    del self.state["pages"][key]
                    self.state["alias"] = {a: k for a, k in self.state["alias"].items() if k != key}
                else:
                    entry["feeds"] = feeds
        return gone

    def commit(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            write_atomic(self.folder / STATE, json.dumps(self.state, indent=1, sort_keys=True).encode("utf-8"))


def _with_feed(feeds: list[str], feed: str) -> list[str]:
    """The feeds that brought a page in, with ``feed`` (none for a page fetched on its own)."""
    return sorted({*feeds, *([feed] if feed else [])})


def _comparable(data: bytes) -> bytes:
    """An article file without its header's changing parts: a new title in the feed alone is no new version."""
    head, _, body = data.partition(b"\n\n")
    keep = [ln for ln in head.split(b"\n") if not ln.startswith((b"Feed:", b"Updated:"))]
    return b"\n".join(keep) + b"\n\n" + body


def _file_for(key: str) -> str:
    parts = urlsplit(key)
    host = re.sub(r"[^\w.-]+", "_", parts.netloc) or "page"
    last = [p for p in parts.path.split("/") if p]
    slug = re.sub(r"\.(s?html?|php|aspx?)$", "", last[-1] if last else "index", flags=re.I)
    slug = re.sub(r"[^\w-]+", "-", slug).strip("-_")[:60] or "page"
    return f"{host}/{slug}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}.txt"


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

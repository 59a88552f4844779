"""Sitemaps for :mod:`rag.web.feeds`: the newest pages of a sitemap (gzipped or not), or of the sitemaps a sitemap index
lists (one level deep, newest first, through the same :class:`~rag.web.fetch.Fetcher`); a failing one is one error line."""

from __future__ import annotations

import zlib
from dataclasses import replace

from ..types import FileError, Item
from .fetch import Fetcher, FetchError, Response, normalise

SITEMAP_LIMIT = 100  # newest pages taken from a sitemap per sync, unless told otherwise
SITEMAP_CHILDREN = 50  # sitemaps of a sitemap index read per sync at most (newest first)
GZIP_MAGIC = b"\x1f\x8b"


def sitemap_pages(resp: Response, fetcher: Fetcher, limit: int) -> tuple[list[Item], list[FileError]]:
    """The ``limit`` newest pages of a sitemap, or of the sitemaps a sitemap index lists, and the errors of those
    sitemaps that could not be read."""
    from ..ingest.clean import parse_date

    tag, entries = _sitemap_entries(resp)
    errors: list[FileError] = []
    if tag == "sitemapindex":
        entries, errors = _index_entries(resp.url, entries, fetcher, limit)
    items: dict[str, Item] = {}
    for mod, loc in entries:  # newest first; a page listed twice is taken once
        link = normalise(loc)
        items.setdefault(link, Item(link=link, updated=parse_date(mod)))
        if len(items) == limit:
            break
    return list(items.values()), errors


def _index_entries(
    index: str, sitemaps: list[tuple[str, str]], fetcher: Fetcher, limit: int
) -> tuple[list[tuple[str, str]], list[FileError]]:
    """The ``(lastmod, loc)`` pages of the sitemaps an index lists, newest first, one level deep.  Sitemaps are read
    newest first, and no further once ``limit`` pages are newer than the next one's last change."""
    entries: list[tuple[str, str]] = []
    errors: list[FileError] = []
    for n, (mod, loc) in enumerate(sitemaps):
        if mod and len({page for m, page in entries if m >= mod}) >= limit:
            break
        if n == SITEMAP_CHILDREN:
            why = f"only the {n} newest of its {len(sitemaps)} sitemaps were read; fetch another by its own address."
            errors.append(FileError(index, why))
            break
        try:
            tag, found = _sitemap_entries(gunzipped(fetcher.get(loc), fetcher.max_bytes))
        except FetchError as e:
            errors.append(FileError(loc, str(e).removeprefix(f"{loc}: ")))
            continue
        if tag == "sitemapindex":
            errors.append(FileError(loc, "a sitemap index inside a sitemap index, not followed; fetch it by its own address."))
            continue
        if tag != "urlset":
            errors.append(FileError(loc, f"not a sitemap (its root is <{tag}>); check the sitemap index with its publisher."))
            continue
        entries += found
    entries.sort(key=lambda x: x[0], reverse=True)
    return entries, errors


def _sitemap_entries(resp: Response) -> tuple[str, list[tuple[str, str]]]:
    """``(root tag, [(lastmod, loc)] newest first)`` of a sitemap (``urlset``) or a sitemap index."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(resp.body)
    except ET.ParseError as e:
        raise FetchError(f"{resp.url}: a sitemap that is not valid XML ({e}); check the address with its publisher.") from None
    entries: list[tuple[str, str]] = []
    for url in root.iter():
        if url.tag.rsplit("}", 1)[-1] not in ("url", "sitemap"):
            continue
        loc = lastmod = ""
        for child in url:
            name = child.tag.rsplit("}", 1)[-1]
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()
        if loc.startswith(("http://", "https://")):
            entries.append((lastmod, loc))
    entries.sort(key=lambda x: x[0], reverse=True)
    return root.tag.rsplit("}", 1)[-1], entries


def gunzipped(resp: Response, cap: int) -> Response:
    """``resp`` with its body decompressed when it is gzip (by its magic bytes, whatever its name or type), else as
    it is.  Decompressed a block at a time and refused once over ``cap`` bytes: a gzip bomb never fills memory."""
    if not resp.body.startswith(GZIP_MAGIC):
        return resp
    out: list[bytes] = []
    size = 0
    data = resp.body
    try:
        while data:  # one gzip member after another, as gzip itself reads them
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            while data and not member.eof:
                block = member.decompress(data, cap + 1 - size)  # never more than one byte over the cap
                size += len(block)
                if size > cap:
                    why = f"over the {cap / 1e6:g} MB limit once decompressed; raise --max-size to read it."
                    raise FetchError(f"{resp.url}: {why}")
                out.append(block)
                data = member.unconsumed_tail
            if not member.eof:
                raise FetchError(f"{resp.url}: a gzip file cut short; try again later or check the address with its publisher.")
            data = member.unused_data if member.unused_data.startswith(GZIP_MAGIC) else b""
    except zlib.error as e:
        raise FetchError(f"{resp.url}: not a readable gzip file ({e}); check the address with its publisher.") from None
    return replace(resp, body=b"".join(out))

"""Read articles from files: parse each format (the files are found and decoded by :mod:`rag.ingest.files`).

Supported: ``.txt`` and ``.md`` (with an optional ``Key: value`` header block),
``.html``/``.htm`` (main text and metadata via trafilatura), ``.json`` (one
article object or a list of them) and ``.jsonl`` (one article per line).
The body of every article then goes through :func:`rag.ingest.clean.clean`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Article, FileError
from .clean import clean, parse_date
from .files import HTML_EXTS, JSON_EXTS, PDF_EXTS, SourceFile, decode, file_hash

log = logging.getLogger(__name__)

HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "site": "source",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "by": "author",
    "published": "published",
    "published_at": "published",
    "date": "published",
    "pubdate": "published",
    "url": "url",
    "link": "url",
    "category": "category",
    "section": "category",
    "updated": "updated",
    "modified": "updated",
    "feed": "feed",
}

_HEADER_LINE = re.compile(r"^([A-Za-z_][A-Za-z _-]{0,30}):[ \t]*(.*)$")

# JSON field names, in order of preference, for each article field.
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "body": ("body", "text", "content", "article", "maintext", "description"),
    "url": ("url", "link", "href"),
    "source": ("source", "outlet", "publisher", "site", "site_name", "sitename"),
    "published": ("published", "published_at", "publishedAt", "date", "pubDate", "date_publish", "datetime"),
    "author": ("author", "authors", "byline"),
    "category": ("category", "section"),
}


def article_id(location: str) -> str:
    """Stable id of an article from where it lives (absolute path, plus ``#n``)."""
    return hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]


def read(source: SourceFile, data: bytes | None = None) -> tuple[list[Article], list[FileError]]:
    """Read one file into cleaned articles; problems with single records come back as errors.

    Raises :class:`InputError` when the whole file is unusable.
    """
    p, name = source.path, source.display
    if data is None:
        try:
            data = p.read_bytes()
        except OSError as e:
            raise InputError(f"{name}: cannot read ({e.strerror}). Check its permissions.") from None
    fhash = file_hash(data)
    location = str(p.resolve())
    ext = p.suffix.lower()
    if ext in PDF_EXTS:
        return [_read_pdf(data, name, location, fhash)], []
    text = decode(data, name)
    if ext in JSON_EXTS:
        return _read_json(text, name, location, fhash, lines=ext != ".json")
    if ext in HTML_EXTS:
        meta, body = read_html(text, name)
    else:
        meta, body = split_header(text)
    art = make_article(meta, body, location=location, display=name, fhash=fhash, content_hash=fhash)
    if art is None:
        raise InputError(f"{name}: no article text in this file (it is empty or only boilerplate).")
    return [art], []


def _read_pdf(data: bytes, name: str, location: str, fhash: str) -> Article:
    from dataclasses import replace

    from .pdf import page_starts, read_pdf

    meta, body = read_pdf(data, name)
    art = make_article(meta, body, location=location, display=name, fhash=fhash, content_hash=fhash)
    if art is None:
        raise InputError(f"{name}: no article text in this PDF (it is empty or only boilerplate).")
    text, starts = page_starts(art.text)
    return replace(art, text=text, pages=starts)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``Key: value`` block (known keys, ended by a blank line) from the body."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        if not line.strip():
            break
        m = _HEADER_LINE.match(line)
        key = HEADER_KEYS.get(m.group(1).strip().lower().replace(" ", "_").replace("-", "_")) if m else None
        if key is None:
            return {}, text
        meta.setdefault(key, m.group(2).strip() if m else "")
        i += 1
    if not meta or i >= len(lines):
        return ({}, text) if not meta else (meta, "")
    return meta, "\n".join(lines[i + 1 :])


def make_article(
    meta: dict[str, str], body: str, *, location: str, display: str, fhash: str, content_hash: str, file: str = ""
) -> Article | None:
    """Clean ``body`` and build an :class:`Article`; None when no text is left."""
    cleaned = clean(body)
    if not cleaned.text.strip():
        return None
    title = meta.get("title") or cleaned.title or _title_from_name(display)
    return Article(
        id=article_id(location),
        path=display,
        text=cleaned.text,
        content_hash=content_hash,
        file_hash=fhash,
        file=file or location,
        title=title.strip(),
        source=(meta.get("source") or cleaned.source).strip(),
        author=meta.get("author", "").strip(),
        published=parse_date(meta.get("published", "")),
        url=meta.get("url", "").strip(),
        category=meta.get("category", "").strip(),
    )


def _title_from_name(display: str) -> str:
    stem = Path(display.split("#", 1)[0]).stem
    stem = re.sub(r"^\d+[-_ ]+", "", stem)
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or stem


def read_html(html: str, name: str, url: str | None = None) -> tuple[dict[str, str], str]:
    """Main text and metadata of an HTML page (``url``: where it was fetched from, if it was)."""
    import trafilatura  # heavy; only when an HTML file is read

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        raise InputError(f"{name}: no article text found in this HTML page.")
    get = doc.get if isinstance(doc, dict) else lambda k, d=None: getattr(doc, k, d)
    body = get("text") or ""
    if len(body.split()) < 30 and trafilatura.bare_extraction(html, fast=True, favor_precision=True) is None:
        # Only the fallback extractors found text: menus, footers, a cookie banner.
        raise InputError(f"{name}: no article text found in this HTML page (only menus or boilerplate).")
    meta = {
        "title": get("title") or "",
        "author": get("author") or "",
        "published": get("date") or "",
        "url": get("url") or "",
        "source": get("sitename") or "",
        "category": ",".join(get("categories") or []) if isinstance(get("categories"), list) else "",
    }
    return {k: v for k, v in meta.items() if v}, body


def _read_json(text: str, name: str, location: str, fhash: str, *, lines: bool) -> tuple[list[Article], list[FileError]]:
    records: list[tuple[str, Any]] = []
    errors: list[FileError] = []
    if lines:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f"{name}#{n}", json.loads(line)))
            except json.JSONDecodeError as e:
                errors.append(FileError(f"{name}#{n}", f"line {n} is not valid JSON ({e.msg}); fix or remove it"))
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"{name}: not valid JSON ({e.msg} at line {e.lineno}). Fix the file or save it as .txt.") from None
        if isinstance(doc, dict):
            lists = [v for v in doc.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
            items = lists[0] if len(lists) == 1 and not _field(doc, "body") else [doc]
        elif isinstance(doc, list):
            items = doc
        else:
            raise InputError(f"{name}: expected a JSON object or a list of objects.")
        single = len(items) == 1 and isinstance(doc, dict)
        records = [(name if single else f"{name}#{i + 1}", item) for i, item in enumerate(items)]
    articles: list[Article] = []
    for display, rec in records:
        if not isinstance(rec, dict):
            errors.append(FileError(display, "not a JSON object; each article must be an object with a text field"))
            continue
        body = _field(rec, "body")
        if not body.strip():
            errors.append(FileError(display, f"no article text; put it in one of the fields {', '.join(JSON_FIELDS['body'])}"))
            continue
        meta = {k: _field(rec, k) for k in JSON_FIELDS if k != "body"}
        rec_hash = hashlib.sha256(json.dumps(rec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        suffix = display[len(name) :]
        art = make_article(
            meta, body, location=location + suffix, display=display, fhash=fhash, content_hash=rec_hash, file=location
        )
        if art is None:
            errors.append(FileError(display, "no article text left after removing boilerplate"))
        else:
            articles.append(art)
    if not articles and not errors:
        raise InputError(f"{name}: no articles in this file.")
    return articles, errors


def _field(rec: dict[str, Any], key: str) -> str:
    for name in JSON_FIELDS[key]:
        v = rec.get(name)
        if v is None or v == "":
            continue
        if isinstance(v, list):
            return ", ".join(str(x.get("name", x)) if isinstance(x, dict) else str(x) for x in v)
        if isinstance(v, dict):
            return str(v.get("name") or v.get("title") or "")
        return str(v)
    return ""

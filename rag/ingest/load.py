"""Read articles from files: walk folders, decode text, parse each format.

Supported: ``.txt`` and ``.md`` (with an optional ``Key: value`` header block),
``.html``/``.htm`` (main text and metadata via trafilatura), ``.json`` (one
article object or a list of them) and ``.jsonl`` (one article per line).
The body of every article then goes through :func:`rag.ingest.clean.clean`.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Article, FileError
from .clean import clean, parse_date

log = logging.getLogger(__name__)

TEXT_EXTS = {".txt", ".md", ".markdown", ".text"}
HTML_EXTS = {".html", ".htm"}
JSON_EXTS = {".json", ".jsonl", ".ndjson"}
PDF_EXTS = {".pdf"}
SUPPORTED = TEXT_EXTS | HTML_EXTS | JSON_EXTS | PDF_EXTS
SKIP_PREFIXES = ("readme", "license", "licence")

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


@dataclass(frozen=True)
class SourceFile:
    """A file found by :func:`walk`, with its display path relative to the walk root."""

    path: Path
    display: str


def article_id(location: str) -> str:
    """Stable id of an article from where it lives (absolute path, plus ``#n``)."""
    return hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes, prefix: str = ".part-") -> None:
    """Write ``data`` to ``path`` all at once or not at all: a hidden temporary file beside it (``walk`` skips
    dotfiles), flushed to disk, then renamed over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file read in blocks (a model file is too large to read at once)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(8 << 20):
            h.update(block)
    return h.hexdigest()


def walk(root: Path, max_bytes: int) -> tuple[list[SourceFile], list[FileError]]:
    """Files to ingest under ``root`` (or ``root`` itself), sorted, plus per-file problems.

    Skips dotfiles, ``README*`` and ``LICENSE*``; does not follow symlinked folders;
    reports (does not read) files over ``max_bytes`` and unsupported extensions.
    """
    if not root.exists():
        if root.is_symlink():
            raise InputError(f"{root}: a symbolic link that leads nowhere (broken, or a loop). Check the path.")
        raise InputError(f"{root}: no such file or folder. Check the path.")
    files: list[SourceFile] = []
    errors: list[FileError] = []
    if not root.is_dir():
        candidates: Iterator[Path] = iter([root])
        base = root.parent
    else:
        candidates = _walk_dir(root)
        base = root
    for p in candidates:
        display = str(p.relative_to(base)) if p != root else p.name
        ext = p.suffix.lower()
        if ext not in SUPPORTED:
            errors.append(
                FileError(
                    display, f"unsupported file type {ext or '(no extension)'}; Byline reads {', '.join(sorted(SUPPORTED))}"
                )
            )
            continue
        try:
            st = p.stat()
        except OSError as e:
            errors.append(FileError(display, f"cannot read: {e.strerror}"))
            continue
        if not stat.S_ISREG(st.st_mode):  # a FIFO, socket or device: reading it could block forever
            errors.append(FileError(display, "not a regular file (a pipe, socket or device); Byline reads regular files only"))
            continue
        size = st.st_size
        if size > max_bytes:
            errors.append(
                FileError(display, f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit; raise --max-size to read it")
            )
            continue
        files.append(SourceFile(p, display))
    return files, errors


def _walk_dir(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.lower().startswith(SKIP_PREFIXES):
                continue
            yield Path(dirpath) / name  # walk() reports the ones that are not regular files


_BINARY = "looks like a binary file, not text. Give Byline .txt, .md, .html, .json, .jsonl or .pdf articles."


def decode(data: bytes, name: str) -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 (BOM or evident), else a legacy encoding (Windows-1252 or
    what charset-normalizer detects) with a warning naming it."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM has a NUL in (almost) every other byte.
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if max(odd, even) > len(sample) // 2 * 0.9:
            try:
                return data.decode("utf-16-le" if odd > even else "utf-16-be")
            except UnicodeDecodeError:
                pass
        raise InputError(f"{name}: {_BINARY}")
    if b"\x00" in sample:
        raise InputError(f"{name}: {_BINARY}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _legacy(data)
        log.warning("%s: not UTF-8; decoded as %s. Save it as UTF-8 to be sure.", name, encoding)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise InputError(f"{name}: {_BINARY}")
    return text


def _legacy(data: bytes) -> tuple[str, str]:
    """Text in a legacy encoding, and the encoding's name: Windows-1252 when it reads cleanly (most old Western
    files), else what charset-normalizer finds (Cyrillic, Greek, Central European, East Asian code pages)."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    try:
        western = data.decode("cp1252")
        if mess_ratio(western[:20000]) < 0.05:
            return western, "Windows-1252"
    except UnicodeDecodeError:
        western = ""
    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return (western, "Windows-1252") if western else (data.decode("latin-1"), "Latin-1")


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

"""Article files: finding them (:func:`walk`), their hashes and ids, writing a file all at once
(:func:`write_atomic`), and decoding their text (:func:`decode`).  Parsing each format is :mod:`rag.ingest.load`."""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..types import FileError

log = logging.getLogger(__name__)

TEXT_EXTS = {".txt", ".md", ".markdown", ".text"}
HTML_EXTS = {".html", ".htm"}
JSON_EXTS = {".json", ".jsonl", ".ndjson"}
PDF_EXTS = {".pdf"}
SUPPORTED = TEXT_EXTS | HTML_EXTS | JSON_EXTS | PDF_EXTS
SKIP_PREFIXES = ("readme", "license", "licence")


@dataclass(frozen=True)
class SourceFile:
    """A file found by :func:`walk`, with its display path relative to the walk root."""

    path: Path
    display: str


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

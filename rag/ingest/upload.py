"""Articles sent over the wire (browser upload, REST API): a safe name and a
safe place inside the index's own ``uploads/`` folder.

Whatever the name a client sends (``../../x.txt``, control characters, a
Windows path), the file lands directly in ``<index>/uploads/`` under a cleaned
name, or is refused with a message.  Content is checked before it replaces
anything, so a bad upload never costs an article that is already indexed.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

from ..errors import InputError
from .files import SUPPORTED, SourceFile, write_atomic
from .load import read

FOLDER = "uploads"
MAX_NAME = 120
_UNSAFE = re.compile(r"[^\w .()+,-]+")


def safe_name(name: str) -> str:
    """A plain file name from a client's ``name``: no folders, no control characters, a known extension."""
    raw = str(name or "")
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).strip(" ._")
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem.strip(" ._"):
        raise InputError(f"{raw!r} is not a usable file name; name the file like article.txt (types: {_types()}).")
    ext = "." + ext.lower()
    if ext not in SUPPORTED:
        raise InputError(f"{raw!r}: unsupported file type {ext}; Byline reads {_types()}.")
    return stem[: MAX_NAME - len(ext)].rstrip(" ._") + ext


def check(name: str, data: bytes, max_bytes: int) -> None:
    """Refuse empty, oversized, binary or article-less content, naming the file and the fix."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty. Upload a file with article text.")
    if len(data) > max_bytes:
        raise _too_big(name, len(data), max_bytes)
    with tempfile.TemporaryDirectory() as tmp:  # parse under the real name, outside the index
        probe = Path(tmp) / name
        articles, errors = read(SourceFile(probe, name), data)
    if not articles:
        reason = errors[0].error if errors else "no article text in this file"
        raise InputError(f"{name}: {reason}")


def read_limited(path: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of a received temporary file, refusing oversized ones before reading them."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_big(name, size, max_bytes)
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{name}: the uploaded file cannot be read ({e.strerror}); upload it again.") from None


def save(index: Path, name: str, data: bytes) -> Path:
    """Write ``data`` atomically to ``<index>/uploads/<name>`` (``name`` already safe) and return the path."""
    folder = (index / FOLDER).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.parent != folder:  # belt and braces: safe_name never yields a path
        raise InputError(f"{name!r} is not a plain file name.")
    write_atomic(target, data, prefix=".upload-")
    return target


def _too_big(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        f"{name}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB upload limit; split it or raise BYLINE_MAX_SIZE_MB."
    )


def _types() -> str:
    return ", ".join(sorted(SUPPORTED))

"""The saved pages of an index (``<index>/pages/``): each fetched article's file, the earlier versions of a page
that changed (``.versions/``) and what was fetched for each (``.state.json``: validators, links and guids,
versions, the feeds that brought it in).  Filled by :func:`rag.web.feeds.sync`."""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..ingest.files import write_atomic
from ..types import Item
from .feedlist import now as _now
from .fetch import Response

log = logging.getLogger(__name__)

PAGES = "pages"
STATE = ".state.json"
VERSIONS = ".versions"


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
        lines = [f"{k}: {one_line(v)}" for k, v in header.items() if one_line(v)]
        from ..ingest.clean import without_headline

        body = without_headline(body, one_line(header["Title"]))
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


def one_line(value: Any) -> str:
    """``value`` as one line of plain text (entities decoded, whitespace collapsed)."""
    return re.sub(r"\s+", " ", html.unescape(str(value or ""))).strip()

"""The feeds an index follows (``<index>/feeds.json``, :class:`FeedList`), each a :class:`Feed` with what its last
poll did, and OPML in and out (``byline feeds import`` / ``export``).  Polling them is :mod:`rag.web.feeds`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, NotFound
from ..ingest.files import write_atomic
from .fetch import is_url, normalise

if TYPE_CHECKING:
    from .feeds import SyncReport

FEEDS = "feeds.json"


@dataclass(frozen=True)
class Feed:
    """A followed feed, as kept in ``<index>/feeds.json``, with what its last poll did."""

    url: str
    title: str = ""
    added: str = ""
    last_poll: str = ""
    last_new: int = 0
    last_changed: int = 0
    items: int = 0
    last_error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------------------------- discovery
class FeedList:
    """The feeds an index follows: ``<index>/feeds.json``."""

    def __init__(self, index: Path) -> None:
        self.path = Path(index) / FEEDS
        self.state: dict[str, dict[str, Any]] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self.state = {f["url"]: f for f in raw.get("feeds", []) if isinstance(f, dict) and f.get("url")}
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as e:
            raise InputError(f"{self.path}: not a readable feed list ({e}); fix it or remove it to start again.") from None

    def feeds(self) -> list[Feed]:
        names = {f.name for f in Feed.__dataclass_fields__.values()}  # type: ignore[attr-defined]
        return [Feed(**{k: v for k, v in f.items() if k in names}) for f in self.state.values()]

    def get(self, url: str) -> dict[str, Any]:
        return self.state.setdefault(normalise(url), {"url": normalise(url), "added": now()})

    def add(self, url: str, title: str = "") -> bool:
        key = normalise(url)
        fresh = key not in self.state
        entry = self.get(key)
        if title and not entry.get("title"):
            entry["title"] = title
        return fresh

    def remove(self, url: str) -> Feed:
        key = normalise(url)
        if key not in self.state:
            raise NotFound(f"{url} is not a followed feed; see `byline feeds list`.")
        feed = next(f for f in self.feeds() if f.url == key)
        del self.state[key]
        return feed

    def record(self, url: str, report: SyncReport | None, error: str = "") -> None:
        entry = self.get(url)
        entry["last_poll"] = now()
        entry["last_error"] = error
        if report is not None:
            entry.update(last_new=report.new, last_changed=report.changed)
            if report.title:
                entry["title"] = report.title
            if report.items:
                entry["items"] = report.items

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"feeds": list(self.state.values())}, indent=1).encode("utf-8"))


# ---------------------------------------------------------------------------------------------- OPML
def read_opml(path: str | Path) -> list[tuple[str, str]]:
    """``(url, title)`` of each feed an OPML file lists."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file. Check the path.") from None
    except ET.ParseError as e:
        raise InputError(f"{path}: not valid OPML ({e}); export it again from your feed reader.") from None
    found = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if url and not is_url(url):
            raise InputError(f"{path}: the feed {url!r} is not a web address (http:// or https://); fix or remove it.")
        if url:
            found.append((url, node.get("title") or node.get("text") or ""))
    if not found:
        raise InputError(f"{path}: no feeds in it (no outline with an xmlUrl); export it again from your feed reader.")
    return found


def write_opml(feeds: Iterable[Feed]) -> str:
    from xml.sax.saxutils import quoteattr

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head><title>Byline feeds</title></head>",
        "  <body>",
    ]
    for f in feeds:
        title = f.title or f.url
        lines.append(f'    <outline type="rss" text={quoteattr(title)} title={quoteattr(title)} xmlUrl={quoteattr(f.url)}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def now() -> str:
    """The time now, UTC, to the second, as ISO 8601."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()

"""Keep an index fresh: re-sync a folder as its files change (watchfiles) and poll the followed feeds on a
schedule.  Used by ``byline watch`` and ``byline serve --watch``; a failed sync is reported and the watch
goes on (the next change or poll tries again)."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BylineError, InputError

if TYPE_CHECKING:
    from .assistant import Assistant

log = logging.getLogger(__name__)

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.I)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


@dataclass(frozen=True)
class Event:
    """One sync the watcher ran: ``what`` is ``folder`` or ``feeds``; ``summary`` one line; ``error`` if it failed."""

    when: str
    what: str
    summary: str
    error: str = ""
    report: Any = None


def parse_every(value: str | float) -> float:
    """Seconds from ``"15m"``, ``"30s"``, ``"2h"``, ``"1d"`` or a plain number of seconds (at least 1)."""
    m = _EVERY.match(str(value))
    if not m:
        raise InputError(f"--every {value!r}: give a duration such as 30s, 15m, 2h or 1d.")
    seconds = float(m.group(1)) * _UNIT[(m.group(2) or "s").lower()]
    if seconds < 1:
        raise InputError(f"--every {value!r}: at least 1 second.")
    return seconds


def _relevant(change: Any, path: str) -> bool:
    from .load import SUPPORTED

    p = Path(path)
    return p.suffix.lower() in SUPPORTED and not any(part.startswith(".") for part in p.parts[-3:])


def watch(
    bot: Assistant,
    folder: str | Path | None = None,
    *,
    feeds: bool = False,
    every: float = 900.0,
    stop: threading.Event | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> None:
    """Sync ``folder`` now and whenever its article files change; poll the followed feeds now and every ``every``
    seconds when ``feeds``.  Blocks until ``stop`` is set (or Ctrl-C)."""
    if folder is None and not feeds:
        raise InputError("Nothing to watch: give a folder, or --feeds to poll the followed feeds (or both).")
    root = Path(folder).expanduser() if folder is not None else None
    if root is not None and not root.is_dir():
        raise InputError(f"{root}: not a folder. `byline watch` follows a folder of articles; give its path.")
    stop = stop or threading.Event()
    emit = on_event or (lambda e: log.info("%s", e.summary))

    def run(what: str, job: Callable[[], Any], describe: Callable[[Any], str]) -> None:
        when = datetime.now(UTC).replace(microsecond=0).isoformat()
        try:
            report = job()
        except BylineError as e:
            emit(Event(when, what, f"{what}: {e}", error=str(e)))
        else:
            emit(Event(when, what, describe(report), report=report))

    def sync_folder(root: Path) -> None:
        run("folder", lambda: bot.ingest(root), lambda r: f"{root}: " + _counts(r))

    def poll() -> None:
        run("feeds", bot.poll, lambda rs: "; ".join(r.summary() for r in rs) or "feeds: none followed")

    next_poll = time.monotonic()

    def poll_if_due() -> None:
        nonlocal next_poll
        if feeds and time.monotonic() >= next_poll:
            poll()
            next_poll = time.monotonic() + every

    if root is None:
        while not stop.is_set():
            poll_if_due()
            stop.wait(max(0.05, next_poll - time.monotonic()))
        return
    import watchfiles

    # One watcher for the whole run: changes made while a sync or a poll runs are kept for the next turn.
    changes = watchfiles.watch(
        root,
        watch_filter=_relevant,
        stop_event=stop,
        rust_timeout=500,
        yield_on_timeout=True,
        debounce=500,
        raise_interrupt=True,
    )
    next(changes)  # the watcher starts here (within half a second): what changes from now on is seen
    sync_folder(root)
    poll_if_due()
    for batch in changes:
        if stop.is_set():
            break
        if batch:
            sync_folder(root)
        poll_if_due()


def _counts(r: Any) -> str:
    line = f"{r.added} added, {r.updated} updated, {r.removed} removed, {r.unchanged} unchanged"
    return line + (f"; {len(r.errors)} file(s) skipped" if r.errors else "")


def start(bot: Assistant, folder: str | Path | None, *, feeds: bool, every: float) -> threading.Event:
    """Run :func:`watch` in a daemon thread (for ``byline serve --watch``); set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(
        target=watch, args=(bot, folder), kwargs={"feeds": feeds, "every": every, "stop": stop}, daemon=True, name="byline-watch"
    ).start()
    return stop

"""Keep an index fresh: re-sync a folder as its files change (watchfiles) and poll the followed feeds on a
schedule.  Used by ``byline watch`` and ``byline serve --watch``; a failed sync is reported and the watch
goes on (the next change or poll tries again).  What the watch is doing is kept in ``<index>/watch.json``
(:class:`WatchStatus`), so the browser app shows it whichever process watches."""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BylineError, InputError

if TYPE_CHECKING:
    from ..assistant import Assistant

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


STATUS_FILE = "watch.json"


@dataclass(frozen=True)
class WatchStatus:
    """What a watch of this index is doing: the folder it keeps in step (or ""), whether it polls the feeds and how
    often, when it started, its last folder sync and last error.  ``running`` is false once its process is gone."""

    folder: str
    feeds: bool
    every_s: float
    started: str
    pid: int
    last_sync: str = ""
    last_summary: str = ""
    last_error: str = ""
    last_error_at: str = ""
    running: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_status(index: str | Path) -> WatchStatus | None:
    """The status a watch of the index at ``index`` last wrote, or None when none has run or the file is unreadable."""
    try:
        data = json.loads((Path(index) / STATUS_FILE).read_text(encoding="utf-8"))
        known = {k: data[k] for k in WatchStatus.__dataclass_fields__ if k in data}
        status = WatchStatus(**known)
    except (OSError, ValueError, TypeError):
        return None
    return replace(status, running=status.running and _alive(status.pid))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: it exists
    return True


def _write_status(index: Path, status: WatchStatus) -> None:
    """Replace ``<index>/watch.json`` in one step (a reader sees the old status or the new one, never half)."""
    if not index.is_dir():
        return  # an index on a Chroma server has no folder here to keep it in
    tmp = index / f".{STATUS_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(status.to_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, index / STATUS_FILE)
    except OSError as e:  # the status is a courtesy: a watch goes on without it
        log.warning("Could not write %s: %s", index / STATUS_FILE, e)


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
    from ..ingest.files import SUPPORTED

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
    index = Path(bot.config.index)
    status = WatchStatus(str(root or ""), feeds, every, _now(), os.getpid())
    _write_status(index, status)

    def run(what: str, job: Callable[[], Any], describe: Callable[[Any], str]) -> None:
        nonlocal status
        when = _now()
        try:
            report = job()
        except BylineError as e:
            event = Event(when, what, f"{what}: {e}", error=str(e))
            status = replace(status, last_error=event.summary, last_error_at=when)
        else:
            event = Event(when, what, describe(report), report=report)
            if what == "folder":
                status = replace(status, last_sync=when, last_summary=event.summary)
        _write_status(index, status)
        emit(event)

    try:
        _watch(root, feeds, every, stop, run, bot)
    finally:
        _write_status(index, replace(status, running=False))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _watch(
    root: Path | None,
    feeds: bool,
    every: float,
    stop: threading.Event,
    run: Callable[[str, Callable[[], Any], Callable[[Any], str]], None],
    bot: Assistant,
) -> None:
    """The watch's loop: ``run`` does and reports each sync."""

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

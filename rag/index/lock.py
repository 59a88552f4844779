"""The writer lock: one process writes to an index at a time; readers never wait.

* Index folder: ``flock`` on ``<index>/.lock``, which holds the writer's pid.
  The operating system frees it when the writer exits or dies.
* Chroma server: a lock record (id ``writer`` in the ``byline_lock``
  collection) with a random token, the holder's pid, host and start time, and
  a heartbeat.  Taking it relies on Chroma ignoring an ``add`` of an id that
  exists: every contender adds its own token and reads back which one won.
  The holder refreshes the heartbeat every :data:`HEARTBEAT` seconds; a record
  whose heartbeat is older than :data:`STALE` seconds (a writer that died or
  lost the network), or whose pid is gone on this same host, may be taken over.
  Times come from the server's clock, so clients' clocks need not agree.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import BylineError, IndexProblem

log = logging.getLogger(__name__)

LOCKS = "byline_lock"
RECORD = "writer"
HEARTBEAT = 15.0
STALE = 90.0


@contextmanager
def file_lock(folder: Path) -> Iterator[None]:
    """Exclusive writer lock on an index folder."""
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            raise IndexProblem(f"{folder} is being written by pid {holder}. Wait for it to finish, then try again.") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


@contextmanager
def server_lock(client: Any, url: str) -> Iterator[None]:
    """Exclusive writer lock on the Byline index of a Chroma server."""
    from .chroma import server_time

    col = client.get_or_create_collection(LOCKS, embedding_function=None)
    token = uuid.uuid4().hex
    _acquire(col, token, server_time(client), url)
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(client, col, token, stop), name="byline-lock", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=5)
        try:
            col.delete(ids=[RECORD], where={"token": token})
        except BylineError as e:  # the server went away: the record goes stale and is taken over later
            log.warning("Could not release the writer lock on %s (%s).", url, e)


def _acquire(col: Any, token: str, now: float, url: str) -> None:
    mine = {"token": token, "pid": os.getpid(), "host": socket.gethostname(), "since": now, "beat": now}
    for _ in range(3):
        col.add(ids=[RECORD], embeddings=[[1.0]], metadatas=[mine])  # ignored when a record exists
        got = col.get(ids=[RECORD], include=["metadatas"])
        if not got["ids"]:
            continue  # released between our add and our read: try again
        holder = dict(got["metadatas"][0] or {})
        if holder.get("token") == token:
            return
        if not is_stale(holder, now):
            since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(float(holder.get("since", now))))
            raise IndexProblem(
                f"The index on {url} is being written by pid {holder.get('pid')} on {holder.get('host')} (since {since}). "
                "Wait for it to finish, then try again."
            )
        log.warning("Taking over the writer lock on %s left by pid %s on %s.", url, holder.get("pid"), holder.get("host"))
        col.delete(ids=[RECORD], where={"token": str(holder.get("token"))})
    raise IndexProblem(f"Could not take the writer lock on {url}: other writers keep taking it. Try again.")


def is_stale(holder: dict[str, Any], now: float) -> bool:
    """Whether a lock record's writer is gone: no heartbeat for STALE seconds, or a dead pid on this host."""
    if now - float(holder.get("beat", 0.0)) > STALE:
        return True
    if holder.get("host") == socket.gethostname():
        pid = int(holder.get("pid", 0))
        if pid <= 0:
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # alive, another user's
            return False
    return False


def _beat(client: Any, col: Any, token: str, stop: threading.Event) -> None:
    """Refresh the lock record's heartbeat until ``stop`` is set."""
    from .chroma import server_time

    while not stop.wait(HEARTBEAT):
        try:
            got = col.get(ids=[RECORD], include=["metadatas"])
            if not got["ids"] or (got["metadatas"][0] or {}).get("token") != token:
                log.error("The writer lock was taken over by another process; this write may conflict with it.")
                return
            col.update(ids=[RECORD], metadatas=[{**got["metadatas"][0], "beat": server_time(client)}])
        except Exception as e:  # noqa: BLE001 - a heartbeat thread must not die with a traceback
            log.warning("Could not refresh the writer lock (%s).", e)

"""Where an index lives: Chroma clients for the embedded database in the index
folder or for a Chroma server, and the check that what is there is a Byline
index built with our embedding model.

With ``chroma_url`` empty (the default) the index is a ``PersistentClient`` in
``<index>/chroma``.  With ``chroma_url="http://host:port"`` the same
collections live on a Chroma server (``chroma run``) and every Byline process
pointed at it shares them.  Telemetry is off in both modes.

Chroma's own HTTP client waits forever; here a connection gets
:data:`CONNECT_TIMEOUT` seconds and a request :data:`READ_TIMEOUT`, and a
server that is down or stops answering raises :class:`IndexProblem` naming
the URL and the command that starts one, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import IndexProblem, InputError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 120.0


def parse_url(url: str) -> tuple[str, int, bool]:
    """``http(s)://host:port`` as ``(host, port, ssl)``; the port defaults to 8000."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1 or parts.path not in ("", "/"):
        raise InputError(f"Chroma server URL {url!r} is not of the form http://host:port (e.g. http://127.0.0.1:8000).")
    return parts.hostname, port or 8000, parts.scheme == "https"


def start_hint(url: str) -> str:
    """The command that starts a Chroma server at ``url``."""
    host, port, _ = parse_url(url)
    return f"Start it with `chroma run --path DIR --host {host} --port {port}`, or check --chroma-url / BYLINE_CHROMA_URL."


def _settings() -> Any:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


def embedded(path: Path) -> Any:
    """The Chroma database stored in ``path``."""
    import chromadb

    return chromadb.PersistentClient(path=str(path), settings=_settings())


def connect(url: str) -> Any:
    """A client for the Chroma server at ``url``, after checking that it answers."""
    import chromadb
    import httpx

    host, port, ssl = parse_url(url)
    base = url.strip().rstrip("/")
    try:
        timeout = httpx.Timeout(CONNECT_TIMEOUT * 2, connect=CONNECT_TIMEOUT)
        httpx.get(f"{base}/api/v2/heartbeat", timeout=timeout).raise_for_status()
    except httpx.HTTPStatusError as e:
        raise IndexProblem(
            f"{base} answered HTTP {e.response.status_code}, not as a Chroma 1.x server. {start_hint(url)}"
        ) from None
    except httpx.HTTPError as e:
        raise IndexProblem(f"No Chroma server answers at {base} ({_why(e)}). {start_hint(url)}") from None
    client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=_settings())
    _guard(client, base)
    return client


def _why(e: Exception) -> str:
    import httpx

    if isinstance(e, httpx.TimeoutException):
        return f"no answer within {CONNECT_TIMEOUT:g} s"
    text = str(e) or type(e).__name__
    return re.sub(r"^\[Errno -?\d+\]\s*", "", text)


def _guard(client: Any, url: str) -> None:
    """Give Chroma's HTTP session timeouts, and turn transport failures into one-line errors."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):  # pragma: no cover - a future chromadb changed its internals
        log.debug("Cannot set timeouts on this chromadb's HTTP session.")
        return
    if getattr(session, "_byline_guarded", False):  # clients for one URL share a session
        return
    session.timeout = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
    send = session.request

    def request(*args: Any, **kwargs: Any) -> Any:
        try:
            return send(*args, **kwargs)
        except httpx.TimeoutException:
            raise IndexProblem(
                f"The Chroma server at {url} did not answer within {READ_TIMEOUT:g} s. "
                "Check that it is running and not overloaded."
            ) from None
        except httpx.TransportError as e:
            raise IndexProblem(f"Lost the Chroma server at {url} ({_why(e)}). {start_hint(url)}") from None

    setattr(session, "request", request)  # noqa: B010 - an instance attribute, shadowing the method
    setattr(session, "_byline_guarded", True)  # noqa: B010


def check_folder(p: Path, marker: str, identity: dict[str, Any], create: bool) -> None:
    """Make sure folder ``p`` is a Byline index with this identity (creating it if allowed)."""
    if p.exists() and not p.is_dir():
        raise IndexProblem(f"{p} is a file, not an index folder. Pass --index with a folder path.")
    if (p / marker).is_file():
        try:
            info = json.loads((p / marker).read_text())
        except (OSError, ValueError):
            raise IndexProblem(f"{p / marker} is unreadable. Delete {p} and run `byline ingest` again.") from None
        if create and not os.access(p, os.W_OK):
            raise IndexProblem(f"{p} is not writable. Fix its permissions or choose another --index folder.")
        return check_identity(info, identity, str(p), f"delete {p}")
    if not create:
        raise IndexProblem(f"No index at {p}. Run `byline ingest seeds/ --index {p}` first.")
    if p.exists() and not all(f.name.startswith(".") for f in p.iterdir()):
        raise IndexProblem(f"{p} is not empty and is not a Byline index. Choose another --index folder.")
    try:
        p.mkdir(parents=True, exist_ok=True)
        tmp = p / (marker + ".tmp")
        tmp.write_text(json.dumps(identity))
        os.replace(tmp, p / marker)
    except OSError as e:
        raise IndexProblem(f"Cannot create an index in {p} ({e.strerror}). Choose a writable --index folder.") from None


def check_identity(info: dict[str, Any], identity: dict[str, Any], where: str, remedy: str) -> None:
    """The schema and embedding model recorded for an index (marker file or server metadata) must be ours."""
    if info.get("schema") != identity["schema"]:
        raise IndexProblem(
            f"{where} has index schema {info.get('schema')}, this Byline needs {identity['schema']}. "
            f"To rebuild, {remedy} and ingest again."
        )
    if (info.get("embed_model"), info.get("embed_dim")) != (identity["embed_model"], identity["embed_dim"]):
        from ..models.embed import backend_of

        backend = backend_of(str(info.get("embed_model")))
        use = f"Set BYLINE_EMBED_BACKEND={backend} to use it as it is" if backend else "Use that model"
        raise IndexProblem(
            f"{where} was built with embedding model {info.get('embed_model')} ({info.get('embed_dim')} dims), "
            f"not {identity['embed_model']}. {use}, or {remedy} and ingest again to rebuild."
        )


def server_time(client: Any) -> float:
    """The server's clock in seconds (one clock for every client, whatever their own say)."""
    return int(client.heartbeat()) / 1e9


def cache_dir(url: str, collection_id: str) -> Path:
    """This machine's cache folder for a server collection's derived data (the keyword index).

    Keyed by the URL and the collection's id, which is new whenever the collection is
    re-created, so a wiped and re-filled server never meets an old cache."""
    host, port, _ = parse_url(url)
    key = hashlib.sha1(f"{url.strip().rstrip('/')}|{collection_id}".encode()).hexdigest()[:12]
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "byline" / "keyword" / f"{host}_{port}-{key}"

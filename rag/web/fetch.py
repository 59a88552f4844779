"""Polite HTTP fetching of feeds and pages (only ``byline ingest URL`` and ``byline feeds`` use the network).

A :class:`Fetcher` names Byline in its User-Agent, honours each host's robots.txt, sends conditional requests
(``If-None-Match`` / ``If-Modified-Since``) so an unchanged page costs no body, limits requests per host,
times out, retries transient failures with backoff, and refuses a body over the size cap while it streams.
Every failure is a :class:`FetchError` with a one-line message naming the URL and what to do.

:func:`normalise` gives a URL's identity: scheme and host in lower case, default port, fragment and
tracking parameters (``utm_*``, ``fbclid`` ...) removed, so the same article linked from a feed with a
different campaign tag is one article.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from ..errors import InputError

log = logging.getLogger(__name__)

USER_AGENT = "Byline/0.1 (offline news assistant; https://github.com/byline-news/byline)"
ROBOTS_AGENT = "Byline"
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|ocid|cmpid|"
    r"at_medium|at_campaign|at_custom\d*|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|sr_share|"
    r"ref_src|ref_url|smid|soc_src|soc_trk|taid|rss|feed|cmp|src)$",
    re.I,
)
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(InputError):
    """A URL could not be fetched or used; the message is one line naming it and the fix."""


@dataclass(frozen=True)
class Response:
    """A fetched URL: ``status`` 304 means unchanged since the validators sent (``body`` is then empty)."""

    url: str
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    retry_after: float = 0.0  # seconds a 429/503 asked us to wait

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        from ..ingest.files import decode

        return decode(self.body, self.url)


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://[^\s/]+", str(value), re.I))


def normalise(url: str) -> str:
    """The identity of a URL: see the module docstring.  Raises :class:`FetchError` for what is not an http(s) URL."""
    raw = str(url).strip()
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{raw!r} is not a web address; give one starting with http:// or https://.")
    scheme = parts.scheme.lower()
    host = parts.hostname.lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        raise FetchError(f"{raw!r} has a bad port number; check the address.") from None
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Fetcher:
    """One polite HTTP client (thread-safe); use as a context manager or call :meth:`close`.

    ``per_host`` requests at once to one host; ``retries`` more tries after a timeout, a dropped
    connection, 429 or 5xx, waiting ``backoff`` x 2^n seconds (or the server's Retry-After, up to 30 s);
    ``max_bytes`` caps a body.  ``transport`` is for an httpx transport other than the network's.
    """

    def __init__(
        self,
        *,
        max_bytes: int = 20_000_000,
        timeout: float = 15.0,
        retries: int = 2,
        backoff: float = 0.5,
        per_host: int = 2,
        user_agent: str = USER_AGENT,
        transport: Any = None,
    ) -> None:
        import httpx

        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.per_host = per_host
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
            trust_env=False,
        )
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}
        self._robots: dict[str, RobotFileParser | None] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------------ robots.txt
    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets Byline fetch ``url`` (fetched once per host; none means yes)."""
        site = origin(url)
        with self._lock:
            known = site in self._robots
        if not known:
            rules: RobotFileParser | None = None
            try:
                resp = self._request(f"{site}/robots.txt", {}, retries=0)
            except FetchError:
                resp = None  # unreachable robots.txt: no rules known
            if resp is not None and resp.status in (401, 403):
                rules = RobotFileParser()
                rules.parse(["User-agent: *", "Disallow: /"])
            elif resp is not None and resp.status == 200:
                rules = RobotFileParser()
                rules.parse(resp.text().splitlines())
            with self._lock:
                self._robots[site] = rules
        rules = self._robots[site]
        return rules is None or rules.can_fetch(ROBOTS_AGENT, url)

    # ------------------------------------------------------------------ requests
    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET ``url`` conditionally; raises :class:`FetchError` for anything but 200 or 304."""
        if not self.allowed(url):
            raise FetchError(f"{url}: the site's robots.txt asks robots not to fetch this page; Byline respects it.")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        resp = self._request(url, headers, retries=self.retries)
        if resp.status not in (200, 304):
            hint = "the page is gone or moved" if resp.status in (404, 410) else "the site refused or failed"
            raise FetchError(f"{url}: HTTP {resp.status} ({hint}); check the address or try again later.")
        return resp

    def _request(self, url: str, headers: dict[str, str], *, retries: int) -> Response:
        import httpx

        host = urlsplit(url).netloc
        with self._lock:
            gate = self._hosts.setdefault(host, threading.Semaphore(self.per_host))
        attempt = 0
        while True:
            wait = self.backoff * (2**attempt)
            try:
                with gate:
                    resp = self._send(url, headers)
                if resp.status not in _RETRY_STATUS or attempt >= retries:
                    return resp
                wait = max(wait, resp.retry_after)
            except httpx.TimeoutException:
                if attempt >= retries:
                    raise FetchError(
                        f"{url}: no answer in time after {attempt + 1} tries; the site is slow or down, try again later."
                    ) from None
            except httpx.TooManyRedirects:
                raise FetchError(f"{url}: too many redirects (a loop?); open it in a browser to check.") from None
            except (httpx.TransportError, httpx.InvalidURL) as e:
                if attempt >= retries or isinstance(e, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
                    raise FetchError(f"{url}: cannot connect ({_reason(e)}); check the address and your connection.") from None
            attempt += 1
            time.sleep(min(wait, 30.0))

    def _send(self, url: str, headers: dict[str, str]) -> Response:
        with self._client.stream("GET", url, headers=headers) as r:
            size = int(r.headers.get("content-length") or 0)
            if r.status_code == 200 and size > self.max_bytes:
                raise FetchError(
                    f"{url}: {size / 1e6:.1f} MB is over the {self.max_bytes / 1e6:g} MB limit; raise --max-size to fetch it."
                )
            body = b""
            if r.status_code == 200:
                chunks: list[bytes] = []
                got = 0
                for block in r.iter_bytes():
                    got += len(block)
                    if got > self.max_bytes:
                        raise FetchError(f"{url}: over the {self.max_bytes / 1e6:g} MB limit; raise --max-size to fetch it.")
                    chunks.append(block)
                body = b"".join(chunks)
            return Response(
                url=str(r.url),
                status=r.status_code,
                body=body,
                etag=r.headers.get("etag", ""),
                last_modified=r.headers.get("last-modified", ""),
                content_type=r.headers.get("content-type", ""),
                retry_after=_seconds(r.headers.get("retry-after", "")),
            )


def _seconds(value: str) -> float:
    """A Retry-After given in seconds (an HTTP date is ignored: the backoff paces the retry)."""
    return float(value) if value.strip().isdigit() else 0.0


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:120]

"""A local web site for the feed tests and bench: feeds, pages, robots.txt, redirects, 304s, errors and slow or huge
responses, served on 127.0.0.1 from a thread.  Pages are made from the real articles in ``seeds/``."""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from rag.ingest.load import split_header


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str = ""
    delay: float = 0.0
    location: str = ""  # a redirect
    fail_times: int = 0  # answer 503 this many times first


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def set(self, path: str, body: bytes | str = b"", **kw: object) -> Route:
        data = body.encode("utf-8") if isinstance(body, str) else body
        route = self.routes[path] = Route(body=data, **kw)  # type: ignore[arg-type]
        return route

    def paths(self) -> list[str]:
        return [p for p, _ in self.hits]

    def bodies_sent(self) -> int:
        return sum(1 for p, h in self.hits if h.get("status") == "200" and p != "/robots.txt")


def serve() -> tuple[Site, ThreadingHTTPServer]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            route = site.routes.get(path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = 404 if route is None else route.status
            if route is not None and route.fail_times > 0:
                route.fail_times -= 1
                status = 503
            elif route is not None and route.etag and headers.get("if-none-match") == route.etag:
                status = 304
            elif route is not None and route.location:
                status = 301
            site.hits.append((path, {**headers, "status": str(status)}))
            if route is not None and route.delay:
                time.sleep(route.delay)
            self.send_response(status)
            body = b"" if status in (301, 304) or route is None else route.body
            if status == 404:
                body = b"not found"
            if route is not None:
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.location:
                    self.send_header("Location", route.location)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site, server


def article_page(seed: Path, canonical: str, *, title: str | None = None, extra: str = "") -> str:
    """An HTML page of a seed article, as an outlet would publish it: menus, metadata, paragraphs, footer."""
    meta, body = split_header(seed.read_text(encoding="utf-8"))
    paras = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n\n") if p.strip())
    head_title = html.escape(title or meta.get("title", ""))
    return f"""<!doctype html><html><head><title>{head_title}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:site_name" content="{html.escape(meta.get("source", ""))}">
<meta property="og:title" content="{head_title}">
<meta name="author" content="{html.escape(meta.get("author", ""))}">
<meta property="article:published_time" content="{meta.get("published", "")}">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{head_title}</h1>{paras}{extra}</article>
<footer>Copyright. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>"""


def rss(title: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 feed; each item: title, link, guid, published (ISO date), description."""
    from datetime import datetime

    out = []
    for it in items:
        when = format_datetime(datetime.fromisoformat(it["published"])) if it.get("published") else ""
        out.append(
            "<item>"
            f"<title>{html.escape(it.get('title', ''))}</title><link>{html.escape(it['link'])}</link>"
            + (f'<guid isPermaLink="false">{html.escape(it["guid"])}</guid>' if it.get("guid") else "")
            + (f"<pubDate>{when}</pubDate>" if when else "")
            + f"<description>{html.escape(it.get('description', ''))}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
        f"<link>http://example.invalid/</link><description>test</description>{''.join(out)}</channel></rss>"
    )

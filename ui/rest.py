"""Byline's HTTP API, served beside the browser app by ``byline serve``.

* ``/api/…``: ask (JSON, or server-sent events with ``"stream": true``),
  list / upload / remove articles, health.
* ``/v1/…``: an OpenAI-compatible ``chat/completions`` (and ``models``), so any
  OpenAI client or chat front end can talk to Byline (:mod:`ui.openai_api`).
* ``/openapi.json`` and ``/docs`` (rendered here, offline: no CDN).

Every route calls ``rag.Assistant``; none holds retrieval or answering logic.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Generator, Iterator
from itertools import chain
from typing import Any

from fastapi import APIRouter, FastAPI, File, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from rag import Answer, Assistant, Busy, BylineError, Retrieved, __version__

from .openai_api import openai_routes

log = logging.getLogger(__name__)


class FeedRequest(BaseModel):
    url: str = Field(description="An RSS/Atom feed to follow (fetched now, then by `byline feeds poll` or --watch).")


class AskRequest(BaseModel):
    question: str = Field(description="The question about the indexed articles.")
    k: int | None = Field(None, ge=1, le=50, description="Passages to retrieve (default: the server's setting).")
    history: list[str] = Field(default_factory=list, description="Earlier questions in this conversation, oldest first.")
    llm: str | None = Field(None, description="Answerer for this question: local, extractive or openai.")
    since: str = Field("", description="Only articles published on or after this date (YYYY-MM-DD).")
    until: str = Field("", description="Only articles published on or before this date (YYYY-MM-DD).")
    as_of: str = Field(
        "",
        description="Reference date (YYYY-MM-DD): later articles are left out; 'last week' and 'latest' are reckoned from"
        " it. Default: the newest article's day.",
    )
    stream: bool = Field(False, description="Answer as server-sent events: sources, token…, answer.")


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def router(assistant: Assistant) -> APIRouter:
    """The ``/api`` and ``/v1`` routes over ``assistant``."""
    api = APIRouter()
    _asking(api, assistant)
    _stories(api, assistant)
    _articles(api, assistant)
    _feeds(api, assistant)
    openai_routes(api, assistant)
    return api


def _asking(api: APIRouter, assistant: Assistant) -> None:
    @api.get("/api/health", tags=["byline"], summary="Is the server up, and what does the index hold?")
    def health() -> dict[str, Any]:
        try:
            infos = assistant.articles()
            index: dict[str, Any] = {"articles": len(infos), "chunks": sum(a.chunks for a in infos)}
        except BylineError as e:
            index = {"articles": 0, "chunks": 0, "problem": str(e)}
        watching = assistant.watching()
        index["watch"] = watching.to_dict() if watching else None
        return {"status": "ok", "version": __version__, "llm": assistant.config.llm, "index": assistant.config.index, **index}

    @api.post("/api/ask", tags=["byline"], summary="Answer a question with citations (JSON, or SSE when stream is true)")
    def ask(req: AskRequest) -> Any:
        if not req.stream:
            answer = assistant.ask(
                req.question, req.k, history=req.history, llm=req.llm, since=req.since, until=req.until, as_of=req.as_of
            )
            return answer.to_dict()

        items = assistant.stream(
            req.question, req.k, history=req.history, llm=req.llm, since=req.since, until=req.until, as_of=req.as_of
        )
        first = next(items)  # errors in the question surface as a 400 before the stream starts
        return StreamingResponse(_ask_events(first, items), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _ask_events(first: Any, items: Generator[Any, None, None]) -> Iterator[str]:
    """``/api/ask``'s server-sent events: sources, token…, answer (or error)."""
    try:
        for item in chain((first,), items):
            if isinstance(item, Retrieved):
                yield _sse(
                    "sources",
                    {
                        "query": item.query,
                        "passages": [p.to_dict() for p in item.passages],
                        "reading": item.reading,
                        "quotes": [q.to_dict() for q in item.quotes],
                        "ahead": item.ahead,
                    },
                )
            elif isinstance(item, Answer):
                yield _sse("answer", item.to_dict())
            else:
                yield _sse("token", {"text": item})
    except BylineError as e:
        yield _sse("error", {"error": str(e)})
    finally:
        items.close()  # a client that goes away gives up its place for the model


def _stories(api: APIRouter, assistant: Assistant) -> None:
    @api.get("/api/timeline", tags=["byline"], summary="The dated events of a story, in event order, each cited")
    def timeline(q: str, since: str = "", until: str = "", limit: int = 40, k: int = 40, as_of: str = "") -> dict[str, Any]:
        return assistant.timeline(q, since=since, until=until, limit=limit, k=k, as_of=as_of).to_dict()

    @api.get("/api/coverage", tags=["byline"], summary="Which outlets covered a story, when each first did, how often")
    def coverage(q: str, since: str = "", until: str = "", k: int = 40, as_of: str = "") -> dict[str, Any]:
        return assistant.coverage(q, since=since, until=until, k=k, as_of=as_of).to_dict()


def _articles(api: APIRouter, assistant: Assistant) -> None:
    @api.get("/api/articles", tags=["byline"], summary="The indexed articles")
    def articles(q: str = "") -> list[dict[str, Any]]:
        needle = q.lower()
        return [
            a.to_dict()
            for a in assistant.articles()
            if not needle or needle in " ".join((a.title, a.source, a.published, a.path)).lower()
        ]

    @api.post("/api/articles", tags=["byline"], summary="Upload article files (txt, md, html, json, jsonl)")
    def upload(files: list[UploadFile] = File(...)) -> dict[str, Any]:  # noqa: B008
        results = []
        for f in files:
            name = f.filename or ""
            try:
                report = assistant.upload(name, f.file.read(int(assistant.config.max_size_mb * 1_000_000) + 1))
                results.append({"file": name, "ok": True, **report.to_dict()})
            except BylineError as e:
                results.append({"file": name, "ok": False, "error": str(e)})
        return {"results": results}

    @api.delete("/api/articles/{article_id}", tags=["byline"], summary="Remove one article by id")
    def remove(article_id: str) -> dict[str, Any]:
        return assistant.remove(article_id).to_dict()


def _feeds(api: APIRouter, assistant: Assistant) -> None:
    @api.get("/api/feeds", tags=["byline"], summary="The followed feeds, with what each one's last poll did")
    def feeds() -> list[dict[str, Any]]:
        return [f.to_dict() for f in assistant.feeds()]

    @api.post("/api/feeds", tags=["byline"], summary="Follow a feed and fetch it now (the server goes on the network)")
    def follow(req: FeedRequest) -> dict[str, Any]:
        return assistant.follow(req.url).to_dict()

    @api.post("/api/feeds/poll", tags=["byline"], summary="Fetch every followed feed again")
    def poll() -> list[dict[str, Any]]:
        return [r.to_dict() for r in assistant.poll()]

    @api.delete("/api/feeds", tags=["byline"], summary="Stop following a feed (its articles stay unless delete_articles)")
    def unfollow(url: str, delete_articles: bool = False) -> dict[str, Any]:
        return assistant.unfollow(url, delete_articles=delete_articles).to_dict()


def install(app: FastAPI, assistant: Assistant) -> None:
    """Add the routes, the error handling and an offline ``/docs`` page to ``app``."""
    app.include_router(router(assistant))

    @app.exception_handler(BylineError)
    def byline_error(request: Request, exc: BylineError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Busy) else None
        return JSONResponse({"error": str(exc)}, status_code=exc.http_status, headers=headers)

    @app.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # A client reads JSON even from a bug: one line naming it (the traceback goes to the server's log).
        log.exception("%s %s failed", request.method, request.url.path)
        what = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]
        return JSONResponse({"error": f"Byline failed on {request.url.path} ({what}); the server's log has the details."}, 500)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        spec = app.openapi()
        rows = []
        for path, ops in spec["paths"].items():
            for method, op in ops.items():
                rows.append(
                    f"<tr><td><code>{method.upper()}</code></td><td><code>{html.escape(path)}</code></td>"
                    f"<td>{html.escape(op.get('summary', ''))}</td></tr>"
                )
        body = (
            "<!doctype html><meta charset=utf-8><title>Byline API</title>"
            "<style>body{font:15px system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem}"
            "td{padding:.3rem .6rem;border-bottom:1px solid #ddd}</style>"
            f"<h1>Byline API {html.escape(spec['info']['version'])}</h1>"
            '<p>The full OpenAPI spec: <a href="/openapi.json">/openapi.json</a>. The browser chat is at <a href="/">/</a>.</p>'
            f"<table>{''.join(rows)}</table>"
        )
        return HTMLResponse(body)


__all__ = ["install", "router"]

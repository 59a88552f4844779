"""Byline's HTTP API, served beside the browser app by ``byline serve``.

* ``/api/…``: ask (JSON, or server-sent events with ``"stream": true``),
  list / upload / remove articles, health.
* ``/v1/…``: an OpenAI-compatible ``chat/completions`` (and ``models``), so any
  OpenAI client or chat front end can talk to Byline; citations come in the
  reply text and, structured, in a ``citations`` field.
* ``/openapi.json`` and ``/docs`` (rendered here, offline: no CDN).

Every route calls ``rag.Assistant``; none holds retrieval or answering logic.
"""

from __future__ import annotations

import html
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, FastAPI, File, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from rag import Answer, Assistant, Busy, BylineError, InputError, Retrieved, __version__


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


class ChatMessage(BaseModel):
    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model: str = "byline"
    messages: list[ChatMessage]
    stream: bool = False
    model_config = {"extra": "allow"}  # temperature, max_tokens…: accepted, not used


MODELS = {"byline": None, "byline-local": "local", "byline-extractive": "extractive", "byline-openai": "openai"}


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _text(content: str | list[dict[str, Any]] | None) -> str:
    if isinstance(content, list):  # OpenAI content parts
        return " ".join(str(p.get("text", "")) for p in content if p.get("type") == "text")
    return content or ""


def _with_sources(answer: Answer) -> str:
    """The answer text followed by its numbered sources, for clients that only show text."""
    if not answer.citations:
        return answer.text
    lines = [answer.text, "", "Sources:"]
    for c in answer.citations:
        head = " · ".join(x for x in (c.title or c.path, c.source, c.published[:10], c.url) if x)
        lines.append(f"[{c.n}] {head}")
    return "\n".join(lines)


def router(assistant: Assistant) -> APIRouter:
    """The ``/api`` and ``/v1`` routes over ``assistant``."""
    api = APIRouter()

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

        def events() -> Iterator[str]:
            try:
                for item in _chain(first, items):
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

        return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    @api.get("/api/timeline", tags=["byline"], summary="The dated events of a story, in event order, each cited")
    def timeline(q: str, since: str = "", until: str = "", limit: int = 40, k: int = 40, as_of: str = "") -> dict[str, Any]:
        return assistant.timeline(q, since=since, until=until, limit=limit, k=k, as_of=as_of).to_dict()

    @api.get("/api/coverage", tags=["byline"], summary="Which outlets covered a story, when each first did, how often")
    def coverage(q: str, since: str = "", until: str = "", k: int = 40, as_of: str = "") -> dict[str, Any]:
        return assistant.coverage(q, since=since, until=until, k=k, as_of=as_of).to_dict()

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

    @api.get("/v1/models", tags=["openai"], summary="Models (answerers) this server offers")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": m, "object": "model", "owned_by": "byline"} for m in MODELS]}

    @api.post("/v1/chat/completions", tags=["openai"], summary="OpenAI-compatible chat: the last user message is the question")
    def chat(req: ChatRequest) -> Any:
        if req.model not in MODELS:
            raise InputError(f"Unknown model {req.model!r}; use one of {', '.join(MODELS)} (see /v1/models).")
        users = [_text(m.content) for m in req.messages if m.role == "user"]
        if not users:
            raise InputError("No user message: put the question in a message with role 'user'.")
        cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        items = assistant.stream(users[-1], history=users[:-1], llm=MODELS[req.model])
        first = next(items)

        def final(answer: Answer) -> dict[str, Any]:
            return {
                "citations": [c.to_dict() for c in answer.citations],
                "conflicts": [c.to_dict() for c in answer.conflicts],
                "abstained": answer.abstained,
                "query": answer.query,
                "reading": answer.reading,
                "lines": [x.to_dict() for x in answer.lines],
            }

        if not req.stream:
            answer = next(i for i in _chain(first, items) if isinstance(i, Answer))
            items.close()
            return {
                "id": cid,
                "object": "chat.completion",
                "created": created,
                "model": req.model,
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": _with_sources(answer)}, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                **final(answer),
            }

        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            body = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": req.model}
            body |= {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
            return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

        def events() -> Iterator[str]:
            yield chunk({"role": "assistant", "content": ""})
            sent = ""
            try:
                for item in _chain(first, items):
                    if isinstance(item, str):
                        sent += item
                        yield chunk({"content": item})
                    elif isinstance(item, Answer):
                        # The final text adds markers, quotes and sources to the streamed draft (or replaces
                        # it when Byline withdraws an unsupported draft); content can only be appended.
                        full = _with_sources(item)
                        rest = full[len(sent) :] if full.startswith(sent) else "\n\n" + full
                        yield chunk({"content": rest})
                        yield chunk({}, "stop", **final(item))
            except BylineError as e:
                yield chunk({"content": f"\n\nError: {e}"}, "stop")
            finally:
                items.close()
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    return api


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def install(app: FastAPI, assistant: Assistant) -> None:
    """Add the routes, the error handling and an offline ``/docs`` page to ``app``."""
    app.include_router(router(assistant))

    @app.exception_handler(BylineError)
    def byline_error(request: Request, exc: BylineError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Busy) else None
        return JSONResponse({"error": str(exc)}, status_code=exc.http_status, headers=headers)

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

"""Byline as an OpenAI-compatible server (``/v1/models``, ``/v1/chat/completions``), so any OpenAI client or chat
front end can talk to it: the last user message is the question, the earlier ones its history; citations come in the
reply text and, structured, in a ``citations`` field.  Installed beside the ``/api`` routes by :mod:`ui.rest`.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Generator, Iterator
from itertools import chain
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from rag import Answer, Assistant, BylineError, InputError


class ChatMessage(BaseModel):
    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model: str = "byline"
    messages: list[ChatMessage]
    stream: bool = False
    model_config = {"extra": "allow"}  # temperature, max_tokens…: accepted, not used


MODELS = {"byline": None, "byline-local": "local", "byline-extractive": "extractive", "byline-openai": "openai"}


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


def openai_routes(api: APIRouter, assistant: Assistant) -> None:
    """``/v1/models`` and ``/v1/chat/completions`` over ``assistant``."""

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
        reply = _Reply(f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time()), req.model)
        items = assistant.stream(users[-1], history=users[:-1], llm=MODELS[req.model])
        first = next(items)
        if not req.stream:
            answer = next(i for i in chain((first,), items) if isinstance(i, Answer))
            items.close()
            return reply.whole(answer)
        return StreamingResponse(
            reply.events(first, items), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )


class _Reply:
    """One ``/v1/chat/completions`` reply: whole, or as chunks (server-sent events)."""

    def __init__(self, cid: str, created: int, model: str) -> None:
        self.cid, self.created, self.model = cid, created, model

    def whole(self, answer: Answer) -> dict[str, Any]:
        return {
            "id": self.cid,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": _with_sources(answer)}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            **_final(answer),
        }

    def chunk(self, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {"id": self.cid, "object": "chat.completion.chunk", "created": self.created, "model": self.model}
        body |= {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    def events(self, first: Any, items: Generator[Any, None, None]) -> Iterator[str]:
        yield self.chunk({"role": "assistant", "content": ""})
        sent = ""
        try:
            for item in chain((first,), items):
                if isinstance(item, str):
                    sent += item
                    yield self.chunk({"content": item})
                elif isinstance(item, Answer):
                    # The final text adds markers, quotes and sources to the streamed draft (or replaces
                    # it when Byline withdraws an unsupported draft); content can only be appended.
                    full = _with_sources(item)
                    rest = full[len(sent) :] if full.startswith(sent) else "\n\n" + full
                    yield self.chunk({"content": rest})
                    yield self.chunk({}, "stop", **_final(item))
        except BylineError as e:
            yield self.chunk({"content": f"\n\nError: {e}"}, "stop")
        finally:
            items.close()
        yield "data: [DONE]\n\n"


def _final(answer: Answer) -> dict[str, Any]:
    """What a chat reply adds to OpenAI's fields: the citations and how Byline read the question."""
    return {
        "citations": [c.to_dict() for c in answer.citations],
        "conflicts": [c.to_dict() for c in answer.conflicts],
        "abstained": answer.abstained,
        "query": answer.query,
        "reading": answer.reading,
        "lines": [x.to_dict() for x in answer.lines],
    }

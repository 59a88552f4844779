"""Who may use `byline serve`: ``BYLINE_AUTH`` (``user:password``, or a file of such lines).

The browser app gets Gradio's login page; the HTTP API takes HTTP Basic auth,
or ``Authorization: Bearer user:password`` (what OpenAI clients send as their
API key).  Without ``BYLINE_AUTH`` nothing is checked, which is why the server
binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from pathlib import Path
from typing import Any

from rag import InputError

PROTECTED = ("/api/", "/v1/", "/docs", "/openapi.json")


def credentials(spec: str) -> list[tuple[str, str]]:
    """``[(user, password), ...]`` from ``BYLINE_AUTH``'s value; empty when unset."""
    spec = (spec or "").strip()
    if not spec:
        return []
    path = Path(spec).expanduser()
    if path.is_file():
        try:
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"BYLINE_AUTH file {path} cannot be read ({e}); fix its permissions or encoding.") from None
        source = f"BYLINE_AUTH file {path}"
    else:
        lines, source = [spec], "BYLINE_AUTH"
    pairs = []
    for n, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user or not password:
            raise InputError(f"{source}: line {n} is not user:password (the password may not be empty).")
        pairs.append((user, password))
    if not pairs:
        raise InputError(f"{source} names no user; write one user:password per line.")
    return pairs


def allowed(pairs: list[tuple[str, str]], header: str | None) -> bool:
    """Whether an ``Authorization`` header carries one of ``pairs`` (Basic, or Bearer user:password)."""
    if not header:
        return False
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "basic":
        try:
            value = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
    elif scheme.lower() != "bearer":
        return False
    user, _, password = value.partition(":")
    ok = False
    for u, p in pairs:  # compare against every pair: no early exit that times who exists
        ok |= secrets.compare_digest(u.encode(), user.encode()) & secrets.compare_digest(p.encode(), password.encode())
    return ok


def protect(app: Any, pairs: list[tuple[str, str]]) -> None:
    """Require credentials on the API routes of ``app`` (a FastAPI app)."""
    from fastapi import Request
    from fastapi.responses import JSONResponse

    @app.middleware("http")
    async def require_auth(request: Request, call_next: Any) -> Any:
        if request.url.path.startswith(PROTECTED) and not allowed(pairs, request.headers.get("authorization")):
            return JSONResponse(
                {"error": "Authentication required: send HTTP Basic auth, or 'Authorization: Bearer user:password'."},
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="Byline"'},
            )
        return await call_next(request)

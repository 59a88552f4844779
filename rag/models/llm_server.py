"""Talking to an OpenAI-compatible server (vLLM, llama-server, LM Studio, Ollama's /v1).

Connections get :data:`CONNECT_TIMEOUT` seconds whatever the read timeout is,
so a server that is down fails at once; a reply gets ``openai_timeout``
seconds.  Failures become one-line :class:`ModelError` messages that name the
URL and the timeout.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..errors import ModelError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.0
HINT = "Start the server (see docs/servers.md), fix BYLINE_OPENAI_BASE_URL, or use --llm local."


def http_client(read_timeout: float) -> Any:
    """An ``httpx.Client`` whose connection attempts give up after CONNECT_TIMEOUT seconds."""
    import httpx

    class _Client(httpx.Client):
        def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
            limits = dict(request.extensions.get("timeout") or {})
            limits["connect"] = min(limits.get("connect") or CONNECT_TIMEOUT, CONNECT_TIMEOUT)
            request.extensions["timeout"] = limits
            return super().send(request, **kwargs)

    return _Client(timeout=httpx.Timeout(read_timeout, connect=CONNECT_TIMEOUT))


def list_models(client: Any, base_url: str, api_key: str, timeout: float, need: bool = True) -> list[str]:
    """The model ids the server's ``/models`` lists (which also checks that it answers).

    A server that cannot list models is an error only when ``need``, i.e. no model was named."""
    import httpx

    try:
        r = client.get(f"{base_url}/models", headers={"Authorization": f"Bearer {api_key}"}, timeout=timeout)
        r.raise_for_status()
        return [str(m["id"]) for m in r.json().get("data", []) if "id" in m]
    except httpx.HTTPStatusError as e:
        if not need:
            return []
        raise ModelError(
            f"{base_url}/models answered HTTP {e.response.status_code}. Is {base_url} an OpenAI-compatible base URL "
            "(it usually ends in /v1)? Set BYLINE_OPENAI_MODEL if the server cannot list its models."
        ) from None
    except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise failure(e, base_url, timeout) from None


def failure(e: Exception, base_url: str, timeout: float) -> ModelError:
    """A one-line error for a failed request to the server at ``base_url``."""
    import httpx

    kind = type(e).__name__
    if isinstance(e, httpx.TimeoutException) or kind == "APITimeoutError":
        return ModelError(
            f"The OpenAI-compatible server at {base_url} did not answer within {timeout:g} s (BYLINE_OPENAI_TIMEOUT). "
            "Check that it is running and not overloaded, or raise the timeout."
        )
    if isinstance(e, httpx.TransportError) or kind == "APIConnectionError":
        cause = e.__cause__ or e
        return ModelError(
            f"No OpenAI-compatible server answers at {base_url} ({_short(cause)}; waited up to {CONNECT_TIMEOUT:g} s "
            f"to connect). {HINT}"
        )
    status = getattr(e, "status_code", None)
    if status is not None:
        return ModelError(f"The server at {base_url} refused the request (HTTP {status}: {_short(e)}). {HINT}")
    return ModelError(f"The server at {base_url} sent an answer Byline cannot read ({_short(e)}). {HINT}")


def _short(e: BaseException) -> str:
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", " ".join(str(e).split())) or type(e).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def first_line(pieces: Iterable[str]) -> Iterator[str]:
    """The streamed pieces of the first non-blank line (the direct answer is one line)."""
    started = False
    for piece in pieces:
        if not started:
            piece = piece.lstrip()
            started = bool(piece)
        line, newline, _ = piece.partition("\n")
        if line:
            yield line
        if newline and started:
            return


def one_of(pieces: Iterable[str], choice: Sequence[str] = ("Yes", "No")) -> Iterator[str]:
    """Just the word of ``choice`` the reply starts with ("Yes" or "No"), otherwise the reply unchanged."""
    head = ""
    rest = iter(pieces)
    for piece in rest:
        head += piece
        m = re.match(r"\W*(\w+)\W", head)
        if m:
            break
    else:
        m = re.match(r"\W*(\w+)\W*$", head)
    words = {w.lower(): w for w in choice}
    if m and m.group(1).lower() in words:
        yield words[m.group(1).lower()]
        return
    if head:
        yield head
    yield from rest

"""BYLINE_AUTH: the browser app and the API of `byline serve` ask for a login; a public bind without it warns."""

import base64
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.servers import byline_serve, free_port
from rag import InputError
from ui.auth import allowed, credentials

from .conftest import SEED_QUESTION


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_credentials_from_a_value_or_a_file(tmp_path: Path) -> None:
    assert credentials("") == []
    assert credentials("alice:s3cr:et") == [("alice", "s3cr:et")]
    f = tmp_path / "users"
    f.write_text("# newsroom\nalice:one\n\nbob:two\n", encoding="utf-8")
    assert credentials(str(f)) == [("alice", "one"), ("bob", "two")]
    for bad in ("alice", "alice:", ":pw"):
        with pytest.raises(InputError, match="user:password") as e:
            credentials(bad)
        assert "pw" not in str(e.value) or bad == ":pw" and "line 1" in str(e.value)


def test_only_the_right_header_is_allowed() -> None:
    pairs = [("alice", "one"), ("bob", "two")]
    assert allowed(pairs, basic("alice", "one")) and allowed(pairs, "Bearer bob:two")
    for header in (None, "", basic("alice", "two"), "Bearer alice", "Bearer bob:two2", "Basic !!!", "Digest alice:one"):
        assert not allowed(pairs, header)


@pytest.fixture(scope="module")
def locked(seed_index: Path) -> Iterator[str]:
    with byline_serve(seed_index, "--llm", "extractive", env={"BYLINE_AUTH": "alice:s3cret"}) as url:
        yield url


@pytest.mark.slow
def test_the_api_wants_credentials(locked: str) -> None:
    with httpx.Client(base_url=locked, timeout=60) as c:
        for path in ("api/health", "api/articles", "docs", "openapi.json", "v1/models"):
            r = c.get(path)
            assert r.status_code == 401 and "Authentication required" in r.json()["error"], path
        assert c.post("api/ask", json={"question": SEED_QUESTION}).status_code == 401
        assert c.get("api/health", headers={"Authorization": basic("alice", "wrong")}).status_code == 401
        ok = c.post("api/ask", json={"question": SEED_QUESTION}, headers={"Authorization": basic("alice", "s3cret")})
        assert ok.status_code == 200 and "150" in ok.json()["answer"]
        assert c.get("config").status_code == 401  # the browser app's own routes: Gradio's login


@pytest.mark.slow
def test_openai_clients_log_in_with_their_api_key(locked: str) -> None:
    from openai import AuthenticationError, OpenAI

    reply = OpenAI(base_url=locked + "v1", api_key="alice:s3cret").chat.completions.create(
        model="byline", messages=[{"role": "user", "content": SEED_QUESTION}]
    )
    assert "150" in reply.choices[0].message.content
    with pytest.raises(AuthenticationError):
        OpenAI(base_url=locked + "v1", api_key="unused").models.list()


@pytest.mark.slow
@pytest.mark.server
def test_serving_beyond_loopback_without_auth_warns(seed_index: Path) -> None:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    byline = str(Path(sys.executable).parent / "byline")
    cmd = [byline, "serve", "--index", str(seed_index), "--llm", "extractive", "--host", "0.0.0.0", "--port", str(free_port())]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "browser app on" in line or not line:
                break
        text = "".join(lines)
        assert "without BYLINE_AUTH" in text and "Traceback" not in text
    finally:
        proc.terminate()
        proc.wait(timeout=30)

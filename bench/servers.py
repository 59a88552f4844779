"""Real servers for the tests and benchmarks: `byline serve`, a Chroma server (`chroma run`) and
llama-cpp-python's OpenAI-compatible server, each on a free loopback port, stopped afterwards."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(
    cmd: list[str],
    ready_url: str,
    log: Path,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    ready: tuple[int, ...] = (200,),
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``cmd``, wait until ``ready_url`` answers with a status in ``ready``, and stop it on exit."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(ready_url, timeout=2).status_code in ready:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{ready_url} did not answer within {timeout:g} s: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server we started (by its own pid)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def byline_serve(index: Path, *args: str, env: dict[str, str] | None = None, log: Path | None = None) -> Iterator[str]:
    """``byline serve --index INDEX ARGS`` until the block ends; yields the base URL (with a trailing /).
    The server's output goes to ``log`` when given (kept for a failing test to show), else to a temporary file."""
    port = free_port()
    full_env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", **(env or {})}
    url = f"http://127.0.0.1:{port}/"
    cmd = [str(BIN / "byline"), "serve", "--index", str(index), "--port", str(port), *args]
    with tempfile.TemporaryDirectory() as tmp:  # up is 200, or 401 when it wants a login
        with running(cmd, url + "api/health", log or Path(tmp) / "serve.log", timeout=120, env=full_env, ready=(200, 401)):
            yield url


@contextmanager
def chroma_server(data: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``chroma run`` on a free port, storing in ``data``; yields (url, process)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [str(BIN / "chroma"), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)]
    with running(cmd, f"{url}/api/v2/heartbeat", data.parent / f"chroma-{port}.log", timeout=60) as proc:
        yield url, proc


@contextmanager
def llama_server(model: Path, log: Path) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server for ``model``; yields its base URL (``.../v1``)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/v1"
    threads = str(max(1, len(os.sched_getaffinity(0))))
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--n_ctx", "4096", "--n_threads", threads, "--verbose", "False"]
    with running(cmd, f"{base}/models", log, timeout=180):
        yield base


@contextmanager
def silent_server() -> Iterator[str]:
    """A TCP port that accepts connections and never answers (a hung server); yields http://127.0.0.1:PORT."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield f"http://127.0.0.1:{s.getsockname()[1]}"


@contextmanager
def hanging_chat_server() -> Iterator[str]:
    """An OpenAI-style server that lists one model but never answers a chat request; yields its base URL."""
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            body = json.dumps({"object": "list", "data": [{"id": "hung-model", "object": "model"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            release.wait(30)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        release.set()
        server.shutdown()
        server.server_close()

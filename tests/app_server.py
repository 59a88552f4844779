"""Start `byline serve` on a free loopback port for the HTTP and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def byline_serve(index: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `byline serve --index INDEX ARGS` until the block ends; yields the base URL (with a trailing /)."""
    port = free_port()
    full_env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", **(env or {})}
    byline = str(Path(sys.executable).parent / "byline")
    proc = subprocess.Popen(
        [byline, "serve", "--index", str(index), "--port", str(port), *args],
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(url + "api/health", timeout=2)
                break
            except urllib.error.HTTPError:  # up, but wants a login
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "byline serve exited") from None
                if time.time() > deadline:
                    raise RuntimeError("byline serve did not start within 120 s") from None
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()

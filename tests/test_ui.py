"""The chat in a real browser: Debian's Chromium driven by Playwright, against `byline serve`."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import SEED_QUESTION

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seed_index):
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    byline = str(Path(sys.executable).parent / "byline")
    proc = subprocess.Popen(
        [byline, "serve", "--index", str(seed_index), "--llm", "extractive", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode()) from None
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("byline serve did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def test_seed_question_in_the_browser_shows_150_and_its_source(server, browser, tmp_path):
    page = browser.new_page()
    page.goto(server)
    box = page.locator("#question textarea")
    box.fill(SEED_QUESTION)
    box.press("Enter")
    page.locator("#sources .byline-source").first.wait_for(timeout=60_000)
    page.wait_for_function("document.querySelector('#chat').innerText.includes('150')", timeout=60_000)
    chat = page.locator("#chat").inner_text()
    assert "150" in chat and "[1]" in chat
    source = page.locator("#source-1").inner_text()
    assert "Sky News" in source and "150" in page.locator("#source-1 mark").inner_text()
    page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)


def test_empty_question_gets_a_friendly_message(server, browser):
    page = browser.new_page()
    page.goto(server)
    page.locator("#question textarea").press("Enter")
    page.get_by_text("Type a question").first.wait_for(timeout=30_000)


def test_named_ask_endpoint(server):
    from gradio_client import Client

    result = json.loads(Client(server, verbose=False).predict(SEED_QUESTION, api_name="/ask"))
    assert "150" in result["answer"] and result["citations"][0]["n"] == 1

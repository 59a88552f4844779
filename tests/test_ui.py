"""The browser app in a real browser: Debian's Chromium driven by Playwright, against `byline serve`
on a loopback port, over a copy of the seed index (uploads must not touch the shared one)."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.servers import byline_serve

from .conftest import SEED_QUESTION

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.server]

UPLOAD = b"""Title: Harbourtown opens its floating library
Source: Harbour Gazette
Published: 2024-03-05

The town of Harbourtown opened a floating library on Tuesday, with 4,200 books on a converted ferry.
The mayor, Ines Calloway, said the ferry will visit eleven villages along the estuary each month.
"""
HOSTILE = b"""Title: Lighthouse keepers vote on new rota
Source: Harbour Gazette
Published: 2024-03-06

The lighthouse keepers of Port Aven voted 31 to 4 for a new night rota <script>window.pwned = 1</script> on Monday.
<img src="x" onerror="window.pwned = 2"> The rota starts in April, the keepers' union said.
![tracker](http://127.0.0.1:9/leak?q=secret) The union's chair, Maelle Kerbrat, called the vote historic.
"""


@pytest.fixture(scope="module")
def index_copy(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("ui") / "index"
    shutil.copytree(seed_index, dest)
    return dest


@pytest.fixture(scope="module")
def server(index_copy: Path) -> Iterator[str]:
    with byline_serve(index_copy, "--llm", "extractive", env={"BYLINE_MAX_SIZE_MB": "0.05"}) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
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
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(server)
    page.locator("#question textarea").wait_for()
    yield page
    assert outside == [], f"the page reached beyond loopback: {outside[:3]}"
    page.close()


def ask(page: Any, question: str, expect: str, timeout: float = 60_000) -> str:
    """Ask in the chat; wait until the last answer contains ``expect``; return the chat's text."""
    before = page.locator("#chat .bot").count() if page.locator("#chat .bot").count() else 0
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(
            "([n, want]) => { const b = document.querySelectorAll('#chat .bot');"
            " return b.length > n && b[b.length - 1].innerText.includes(want) && !b[b.length - 1].innerText.includes('▌'); }",
            arg=[before, expect],
            timeout=timeout,
        )
    except Timeout:
        pytest.fail(f"no answer with {expect!r}; chat: {page.locator('#chat').inner_text()[-600:]!r}")
    return page.locator("#chat").inner_text()


def in_viewport(page: Any, selector: str) -> bool:
    return page.evaluate(
        "(sel) => { const r = document.querySelector(sel).getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }",
        selector,
    )


def article_count(page: Any, not_: int = -1) -> int:
    """The article count in the Articles tab's header, once it shows one (other than ``not_``)."""
    handle = page.wait_for_function(
        "(not_) => { const m = /(\\d+) articles/.exec(document.querySelector('#stats').innerText);"
        " return m && Number(m[1]) !== not_ ? Number(m[1]) : null; }",
        arg=not_,
    )
    return int(handle.json_value())


def upload(page: Any, files: list[tuple[str, bytes]]) -> str:
    page.get_by_role("tab", name="Articles").click()
    page.locator("#upload input[type=file]").set_input_files(
        [{"name": name, "mimeType": "text/plain", "buffer": data} for name, data in files]
    )
    page.locator("#add").click()
    page.wait_for_function(
        "(n) => { const r = document.querySelector('#upload-results');"
        " return r && r.innerText.split('\\n').filter(l => /^(✅|⚠️|❌)/.test(l.trim())).length >= n; }",
        arg=len(files),
        timeout=120_000,
    )
    return page.locator("#upload-results").inner_text()


def test_seed_question_then_click_the_citation_to_see_the_passage(page: Any, tmp_path: Path) -> None:
    chat = ask(page, SEED_QUESTION, "150")
    assert "[1]" in chat
    card = page.locator("#source-1")
    assert "Sky News" in card.inner_text() and "150" in page.locator("#source-1 mark.byline-hit").inner_text()
    page.locator("#sources").evaluate("el => el.scrollTop = el.scrollHeight")  # move the passage out of view first
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.locator("#chat a.byline-cite").first.click()
    page.locator("#source-1.active").wait_for(timeout=5_000)
    page.wait_for_function(
        "() => { const r = document.querySelector('#source-1 mark.byline-hit').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        timeout=5_000,
    )
    assert page.url.rstrip("/").endswith(str(page.url.split("#")[0]).rstrip("/").split("/")[-1])  # no navigation
    page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)


def test_a_follow_up_question_uses_the_conversation(page: Any) -> None:
    ask(page, SEED_QUESTION, "150")
    chat = ask(page, "And who said the scheme had been worked out with them?", "Cooper")
    assert "Cooper" in chat.split("worked out with them?")[-1]
    searched = page.locator("#sources .byline-query")
    searched.locator("summary").click()
    assert SEED_QUESTION in searched.inner_text()
    page.locator("#clear").click()
    page.wait_for_function("() => document.querySelectorAll('#chat .bot').length === 0")


def test_empty_question_gets_a_friendly_message(page: Any) -> None:
    page.locator("#question textarea").press("Enter")
    page.get_by_text("Type a question").first.wait_for(timeout=30_000)


def test_upload_an_article_then_ask_about_it_then_remove_it(page: Any, index_copy: Path) -> None:
    results = upload(page, [("floating-library.txt", UPLOAD)])
    assert "floating-library.txt" in results and "added" in results
    page.locator("#article-search input, #article-search textarea").first.fill("harbour")
    page.wait_for_function("() => document.querySelector('#articles').innerText.includes('Harbourtown opens')")
    page.get_by_role("tab", name="Chat").click()
    chat = ask(page, "How many books does the Harbourtown floating library hold?", "4,200")
    assert "[1]" in chat and "Harbour Gazette" in page.locator("#source-1").inner_text()

    page.get_by_role("tab", name="Articles").click()
    pick = page.locator("#remove-pick input")
    pick.click()
    pick.fill("Harbourtown")
    page.get_by_role("option", name="Harbourtown opens").first.click()
    page.locator("#remove").click()
    page.locator("#remove-result").get_by_text("Removed").wait_for(timeout=30_000)
    assert not (index_copy / "uploads" / "floating-library.txt").exists()


def test_bad_uploads_get_a_message_and_lose_nothing(page: Any, index_copy: Path) -> None:
    page.get_by_role("tab", name="Articles").click()
    before = article_count(page)
    root = index_copy.parent
    outside_before = {p for p in root.rglob("*") if "index" not in p.relative_to(root).parts}
    results = upload(
        page,
        [
            ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
            ("empty.txt", b""),
            ("huge.txt", b"word " * 20_000),
            ("../../escape.txt", UPLOAD.replace(b"4,200", b"4,300")),
            ("notes.docx", b"PK\x03\x04 not an article"),
        ],
    )
    lines = [line for line in results.splitlines() if line.strip()[:1] in ("✅", "⚠", "❌")]
    assert len(lines) == 5, results
    assert "binary" in results and "empty" in results and "upload limit" in results and "unsupported file type" in results
    assert sum("failed" in line for line in lines) == 4
    assert {p for p in root.rglob("*") if "index" not in p.relative_to(root).parts} == outside_before
    uploads = {p.name for p in (index_copy / "uploads").iterdir() if not p.name.startswith(".")}
    assert uploads == {"escape.txt"}
    assert article_count(page, not_=before) == before + 1


def test_article_text_is_shown_as_text_never_as_markup(page: Any) -> None:
    upload(page, [("lighthouse.txt", HOSTILE)])
    page.get_by_role("tab", name="Chat").click()
    ask(page, "How did the Port Aven lighthouse keepers vote on the new night rota?", "31")
    page.locator("#source-1 summary").first.click()
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#chat img, #sources img, #sources script, #chat script").count() == 0
    assert "<script>" in page.locator("#source-1").inner_text() or "window.pwned" in page.locator("#source-1").inner_text()


def test_settings_date_range_and_answerer(page: Any) -> None:
    page.locator("#settings").click()
    page.locator("#since input, #since textarea").first.fill("2030-01-01")
    chat = ask(page, SEED_QUESTION, "date range")
    assert "Not in the articles" in chat
    page.locator("#since input, #since textarea").first.fill("07/10/2023")
    page.locator("#question textarea").fill(SEED_QUESTION)
    page.locator("#question textarea").press("Enter")
    page.get_by_text("YYYY-MM-DD").first.wait_for(timeout=30_000)


def test_settings_as_of_leaves_out_later_articles(page: Any) -> None:
    page.locator("#settings").click()
    page.locator("#as-of input, #as-of textarea").first.fill("2001-01-01")
    chat = ask(page, SEED_QUESTION, "date range")  # every seed article is later than the day asked as of
    assert "Not in the articles" in chat
    page.locator("#as-of input, #as-of textarea").first.fill("soon")
    page.locator("#question textarea").fill(SEED_QUESTION)
    page.locator("#question textarea").press("Enter")
    page.get_by_text("as_of='soon' is not a date").first.wait_for(timeout=30_000)


def test_phone_width_has_no_sideways_scrolling(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server)
    ask(page, SEED_QUESTION, "150")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 392
    chat, sources = (page.locator(s).bounding_box() for s in ("#chat", "#sources"))
    assert sources["y"] > chat["y"] + chat["height"] - 1  # stacked, not squeezed side by side
    page.close()


def test_a_timeline_shows_as_a_list_and_the_panel_says_how_the_question_was_read(page: Any) -> None:
    ask(page, "Give me a timeline of Taylor Swift's appearances at NFL games.", "September 21")
    items = page.locator("#chat .bot").last.locator("li")
    assert items.count() >= 3
    dates = [items.nth(i).inner_text().split(":")[0] for i in range(items.count())]
    at = {key: next((i for i, d in enumerate(dates) if key in d), -1) for key in ("2016", "July 2023", "September 21")}
    assert 0 <= at["2016"] < at["July 2023"] < at["September 21"]  # in event order
    assert "Asked for a timeline" in page.locator("#sources .byline-reading").inner_text()
    assert page.locator("#source-1").count() == 1


def test_stories_tab_shows_a_timeline_and_coverage(page: Any) -> None:
    page.get_by_role("tab", name="Stories").click()
    page.locator("#story-topic textarea").fill("Taylor Swift and Travis Kelce")
    page.locator("#timeline-btn").click()
    page.locator("#story ol.byline-timeline li").nth(3).wait_for(timeout=60_000)
    items = page.locator("#story ol.byline-timeline li")
    text = page.locator("#story").inner_text()
    assert items.count() >= 8 and "September 21, 2023" in text and "dated:" in text
    assert page.locator("#story ol.byline-timeline li a[href^='https://']").count() >= items.count()  # each event links out
    page.locator("#coverage-btn").click()
    page.locator("#story table.byline-coverage").wait_for(timeout=60_000)
    assert "The Age" in page.locator("#story table.byline-coverage").inner_text()
    page.locator("#story-since textarea").fill("2023-02-31")
    page.locator("#timeline-btn").click()
    page.get_by_text("is not a date").wait_for(timeout=30_000)


def test_named_ask_endpoint(server: str) -> None:
    from gradio_client import Client

    result = json.loads(Client(server, verbose=False).predict(SEED_QUESTION, api_name="/ask"))
    assert "150" in result["answer"] and result["citations"][0]["n"] == 1


def test_local_model_in_the_browser(page: Any) -> None:
    page.locator("#settings").click()
    page.locator("#llm").get_by_text("local").click()
    box = page.locator("#question textarea")
    box.fill(SEED_QUESTION)
    box.press("Enter")
    page.locator("#sources .byline-found").wait_for(timeout=60_000)  # sources shown before the answer is written
    page.locator("#chat .bot blockquote").first.wait_for(timeout=60_000)  # the best passages fill the wait
    page.wait_for_function(
        "() => { const b = document.querySelectorAll('#chat .bot'); const t = b.length ? b[b.length - 1].innerText : '';"
        " return t.includes('150') && !t.includes('▌'); }",
        timeout=240_000,
    )
    page.locator("#source-1 mark.byline-hit").wait_for(timeout=10_000)
    assert "150" in page.locator("#source-1 mark.byline-hit").inner_text()


def test_local_model_questions_wait_their_turn_and_the_waiting_page_says_so(
    browser: Any, seed_index: Path, tmp_path: Path
) -> None:
    """One local model writes one answer at a time (rag.ask.admission): a second page's question shows its passages
    at once and says one question is ahead of it, then is answered in its turn."""
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    answered = (
        "() => { const b = document.querySelectorAll('#chat .bot'); const t = b.length ? b[b.length - 1].innerText : '';"
        " return t.includes('150') && t.includes('[1]') && !t.includes('▌'); }"
    )
    waiting = (
        "() => { const b = document.querySelectorAll('#chat .bot'); const t = b.length ? b[b.length - 1].innerText : '';"
        " return t.includes('1 question ahead of yours'); }"
    )
    with byline_serve(index, "--llm", "local") as url:
        contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
        try:
            first, second = pages = [c.new_page() for c in contexts]
            for p in pages:
                p.goto(url)
                p.locator("#question textarea").wait_for(timeout=60_000)
                p.locator("#question textarea").fill(SEED_QUESTION)
            first.locator("#question textarea").press("Enter")
            first.wait_for_function("() => document.querySelectorAll('#chat .bot').length > 0", timeout=60_000)
            second.locator("#question textarea").press("Enter")
            # Page 2 shows its passages and says it is waiting while page 1 is being answered.
            second.wait_for_function(waiting, timeout=60_000)
            assert not first.evaluate(answered), "page 2 waited, but page 1 had already been answered"
            assert "Sky News" in second.locator("#chat").inner_text()  # its best passage is on screen while it waits
            for p in pages:
                p.wait_for_function(answered, timeout=300_000)
            assert "ahead of yours" not in second.locator("#chat").inner_text()  # the wait note went away with the answer
        finally:
            for c in contexts:
                c.close()


FEED_PAGE = """<!doctype html><html><head><title>Estuary ferry service adds a night crossing</title>
<link rel="canonical" href="{base}/news/ferry"><meta property="og:site_name" content="Estuary Post">
<meta property="article:published_time" content="2024-03-07T09:00:00+00:00"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Estuary ferry service adds a night crossing</h1>
<p>The estuary ferry will run a night crossing from April, its operator said on Thursday, the first since 1998.</p>
<p>The last boat will leave the north quay at 23:40, and tickets will cost the same as by day, the operator added.</p>
<p>Commuters on the late shift at the shipyard had asked for the crossing for years, the local council said.</p>
</article></body></html>"""


def test_follow_a_feed_in_the_articles_tab(page: Any) -> None:
    from bench.website import rss, serve

    site, web = serve()
    try:
        site.set("/news/ferry", FEED_PAGE.format(base=site.base))
        site.set(
            "/rss",
            rss("Estuary Post", [{"title": "Ferry", "link": site.base + "/news/ferry"}]),
            content_type="application/rss+xml",
        )
        page.get_by_role("tab", name="Articles").click()
        page.locator("#feeds-box").get_by_text("Feeds").first.click()
        page.get_by_text("No feeds are followed").wait_for(timeout=30_000)
        page.locator("#feed-url textarea, #feed-url input").first.fill(site.base + "/rss")
        page.locator("#follow").click()
        page.locator("#feed-result").get_by_text("1 new").wait_for(timeout=60_000)
        assert "Estuary Post" in page.locator("#feeds table").inner_text()
        page.locator("#article-search input, #article-search textarea").first.fill("ferry")
        page.wait_for_function("() => document.querySelector('#articles').innerText.includes('Estuary ferry service')")
    finally:
        web.shutdown()
        web.server_close()

"""The HTTP API of `byline serve`, called over HTTP on loopback: /api/*, /v1/* (OpenAI-compatible), /docs."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.servers import byline_serve

from .conftest import SEED_QUESTION, SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.server]

ARTICLE = b"""Title: Harbourtown opens its floating library
Source: Harbour Gazette
Published: 2024-03-05

The town of Harbourtown opened a floating library on Tuesday, with 4,200 books on a converted ferry.
"""


@pytest.fixture(scope="module")
def index_copy(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("rest") / "index"
    shutil.copytree(seed_index, dest)
    return dest


@pytest.fixture(scope="module")
def api(index_copy: Path) -> Iterator[httpx.Client]:
    with byline_serve(index_copy, "--llm", "extractive", env={"BYLINE_MAX_SIZE_MB": "0.05"}) as url:
        with httpx.Client(base_url=url, timeout=120) as client:
            yield client


def sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields.get("event", ""), json.loads(fields["data"])))
    return events


def test_health(api: httpx.Client) -> None:
    h = api.get("/api/health").json()
    assert h["status"] == "ok" and h["articles"] == 24 and h["chunks"] > 100 and h["llm"] == "extractive"


def test_ask_returns_the_ask_json_shape(api: httpx.Client) -> None:
    r = api.post("/api/ask", json={"question": SEED_QUESTION})
    assert r.status_code == 200
    body = r.json()
    assert {"answer", "abstained", "citations", "query", "conflicts"} <= set(body)  # later keys are additive
    assert body["kind"] == "count" and body["lines"][0]["citations"] == [1] and body["reading"]["kind"] == "count"
    assert "150" in body["answer"] and body["citations"][0]["source"] == "Sky News"


def test_ask_streams_sources_then_tokens_then_the_answer(api: httpx.Client) -> None:
    r = api.post("/api/ask", json={"question": SEED_QUESTION, "stream": True})
    assert r.headers["content-type"].startswith("text/event-stream")
    events = sse(r.text)
    kinds = [e for e, _ in events]
    assert kinds[0] == "sources" and kinds[-1] == "answer" and "token" in kinds
    assert events[0][1]["passages"][0]["source"] == "Sky News"
    assert events[0][1]["reading"]["kind"] == "count" and "150" in events[0][1]["quotes"][0]["text"]
    assert "150" in events[-1][1]["answer"]
    assert events[-1][1]["lines"][0]["citations"] == [1]


def test_ask_with_follow_up_history_and_date_range(api: httpx.Client) -> None:
    body = api.post(
        "/api/ask", json={"question": "And who said the scheme had been worked out with them?", "history": [SEED_QUESTION]}
    ).json()
    assert "Cooper" in body["answer"] and SEED_QUESTION in body["query"]
    dated = api.post("/api/ask", json={"question": SEED_QUESTION, "since": "2030-01-01"}).json()
    assert dated["abstained"] is True


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"question": "   "}, "question is empty"),
        ({"question": SEED_QUESTION, "since": "yesterday"}, "YYYY-MM-DD"),
        ({"question": SEED_QUESTION, "llm": "gpt-17"}, "llm must be one of"),
        ({"question": SEED_QUESTION, "stream": True, "since": "yesterday"}, "YYYY-MM-DD"),
    ],
)
def test_bad_questions_get_400_with_the_reason(api: httpx.Client, payload: dict, message: str) -> None:
    r = api.post("/api/ask", json=payload)
    assert r.status_code == 400 and message in r.json()["error"]


def test_upload_list_and_remove_articles(api: httpx.Client, index_copy: Path) -> None:
    files = [
        ("files", ("../../floating-library.txt", ARTICLE, "text/plain")),
        ("files", ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "text/plain")),
        ("files", ("huge.txt", b"word " * 20_000, "text/plain")),
    ]
    results = api.post("/api/articles", files=files).json()["results"]
    assert [r["ok"] for r in results] == [True, False, False]
    assert results[0]["added"] == 1 and "binary" in results[1]["error"] and "upload limit" in results[2]["error"]
    assert (index_copy / "uploads" / "floating-library.txt").is_file()
    assert not (index_copy.parent / "floating-library.txt").exists()

    listed = api.get("/api/articles", params={"q": "harbour"}).json()
    assert [a["title"] for a in listed] == ["Harbourtown opens its floating library"]
    assert "4,200" in api.post("/api/ask", json={"question": "How many books does the floating library hold?"}).json()["answer"]

    gone = api.delete(f"/api/articles/{listed[0]['id']}")
    assert gone.status_code == 200 and gone.json()["id"] == listed[0]["id"]
    assert api.get("/api/articles", params={"q": "harbour"}).json() == []
    again = api.delete(f"/api/articles/{listed[0]['id']}")
    assert again.status_code == 404 and "byline articles" in again.json()["error"]


def test_openai_compatible_chat_completions(api: httpx.Client) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=str(api.base_url) + "v1", api_key="unused")
    assert "byline" in [m.id for m in client.models.list().data]
    reply = client.chat.completions.create(model="byline", messages=[{"role": "user", "content": SEED_QUESTION}])
    text = reply.choices[0].message.content
    assert "150 [1]" in text and "Sources:" in text and "[1] US moves 150 Islamic State prisoners" in text
    extra = reply.model_extra
    assert extra["citations"][0]["source"] == "Sky News" and extra["abstained"] is False

    follow = client.chat.completions.create(
        model="byline-extractive",
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": SEED_QUESTION},
            {"role": "assistant", "content": text},
            {"role": "user", "content": "And who said the scheme had been worked out with them?"},
        ],
    )
    assert "Cooper" in follow.choices[0].message.content


def test_openai_compatible_streaming(api: httpx.Client) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=str(api.base_url) + "v1", api_key="unused")
    pieces, last = [], None
    for chunk in client.chat.completions.create(
        model="byline", messages=[{"role": "user", "content": SEED_QUESTION}], stream=True
    ):
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        last = chunk
    text = "".join(pieces)
    assert len(pieces) >= 2 and text.startswith("150 [1]") and "Sources:" in text
    assert last.choices[0].finish_reason == "stop" and last.model_extra["citations"][0]["n"] == 1


def test_openai_errors_are_400(api: httpx.Client) -> None:
    r = api.post("/v1/chat/completions", json={"model": "gpt-17", "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 400 and "/v1/models" in r.json()["error"]
    r = api.post("/v1/chat/completions", json={"model": "byline", "messages": [{"role": "system", "content": "hi"}]})
    assert r.status_code == 400 and "role 'user'" in r.json()["error"]


def test_docs_and_openapi_work_offline(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    assert {"/api/ask", "/api/articles", "/api/articles/{article_id}", "/api/health", "/v1/chat/completions"} <= set(
        spec["paths"]
    )
    page = api.get("/docs").text
    assert "/api/ask" in page and "cdn" not in page.lower() and "<script" not in page
    assert api.get("/").status_code == 200  # the browser app still lives at /


def test_timeline_and_coverage_routes(api: httpx.Client) -> None:
    r = api.get("/api/timeline", params={"q": "Taylor Swift and Travis Kelce", "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert len(body["events"]) == 5 and all(e["citations"] for e in body["events"]) and body["articles"]
    r = api.get("/api/coverage", params={"q": "Taylor Swift and Travis Kelce"})
    assert r.status_code == 200 and "The Age" in {o["source"] for o in r.json()["outlets"]}
    r = api.get("/api/timeline", params={"q": "Taylor Swift", "since": "2023-02-30"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json()["error"]


def test_feeds_api_follow_list_poll_unfollow(api: httpx.Client) -> None:
    from bench.website import rss, serve

    site, web = serve()
    try:
        page = (
            "<html><head><title>Night ferry crossing starts in April</title>"
            '<meta property="og:site_name" content="Estuary Post"></head><body><article><h1>Night ferry</h1>'
            + "<p>The estuary ferry will run a night crossing from April, its operator said on Thursday.</p>" * 3
            + "</article></body></html>"
        )
        site.set("/news/ferry", page)
        site.set("/rss", rss("Estuary Post", [{"title": "Ferry", "link": site.base + "/news/ferry?utm_source=rss"}]))
        followed = api.post("/api/feeds", json={"url": site.base + "/rss"})
        assert followed.status_code == 200, followed.text
        assert (followed.json()["kind"], followed.json()["new"]) == ("feed", 1)
        listed = api.get("/api/feeds").json()
        assert [f["title"] for f in listed] == ["Estuary Post"] and listed[0]["last_new"] == 1
        polled = api.post("/api/feeds/poll").json()
        assert polled[0]["new"] == 0 and polled[0]["unchanged"] == 1
        bad = api.post("/api/feeds", json={"url": "not a url"})
        assert bad.status_code == 400 and "not a web address" in bad.json()["error"]
        gone = api.delete("/api/feeds", params={"url": site.base + "/rss", "delete_articles": True})
        assert gone.status_code == 200 and api.get("/api/feeds").json() == []
        assert not [a for a in api.get("/api/articles", params={"q": "ferry"}).json() if "Night ferry" in a["title"]]
    finally:
        web.shutdown()
        web.server_close()


def test_serve_watch_keeps_the_chat_in_step_with_a_folder(tmp_path: Path) -> None:
    """`byline serve --watch FOLDER`: a file dropped into the folder is answerable through the running server."""
    import time

    folder = tmp_path / "watched"
    folder.mkdir()
    shutil.copy(SEEDS / "sky-news-us-moves-150-is-prisoners.txt", folder)
    with byline_serve(tmp_path / "index", "--llm", "extractive", "--watch", str(folder)) as url:
        with httpx.Client(base_url=url, timeout=60) as client:

            def titles() -> list[str]:
                return [a["title"] for a in client.get("/api/articles").json()]

            deadline = time.monotonic() + 90
            while not titles() and time.monotonic() < deadline:
                time.sleep(0.5)
            assert len(titles()) == 1
            (folder / "library.txt").write_bytes(ARTICLE)
            while len(titles()) < 2 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert "Harbourtown opens its floating library" in titles()
            watch = client.get("/api/health").json()["watch"]
            assert watch["running"] and watch["folder"] == str(folder) and "added" in watch["last_summary"]
            answer = client.post("/api/ask", json={"question": "How many books are on the Harbourtown floating library?"}).json()
            assert "4,200" in answer["answer"] and answer["citations"][0]["title"].startswith("Harbourtown")

"""The bad-input matrix: every kind of bad file, path, index or question, through each way in —
the CLI (real processes, the real embedder), the Python API and the upload path (``POST /api/articles``
and ``POST /api/ask`` over the REST app in process; ``Assistant.upload`` for things that are not bytes).

Each bad input gets a one-line reason naming the file or value; good files beside it are indexed;
the CLI exits 2 for partial success and never prints a traceback; nothing already indexed is lost.
Latin-1, UTF-16 and BOM-marked text are decoded, not rejected."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rag import Assistant, BylineError, IndexProblem, InputError

from .conftest import CountingEmbedder

BYLINE = str(Path(sys.executable).parent / "byline")
MB = 1_000_000


def article(title: str, body: str) -> bytes:
    return f"Title: {title}\nSource: Harbour Gazette\nPublished: 2024-03-05\n\n{body}\n".encode()


GOOD_OLD = article("Port Aven approves breakwater", "The harbour board of Port Aven approved a new breakwater on Monday.")
GOOD_NEW = article("Ferry library opens", "Harbourtown opened a floating library with 4,200 books on a converted ferry.")
CAFE = "Title: Café prices\n\nCafé owners in Montréal said prices “rose” by 12 per cent, the association reported.\n"
PARAS = (
    "<p>The harbour board of Port Aven approved a new breakwater on Monday, after three years of debate about its cost.</p>"
    "<p>Construction is due to start in April and will take two years, the board's chair, Maelle Kerbrat, said.</p>"
)
UNCLOSED = "<html><head><title>Breakwater approved</title></head><body><article><h1>Breakwater approved</h1>" + PARAS.replace(
    "</p>", ""
)
NAV_ONLY = "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav></body></html>"
JSONL = (
    '{"title": "Tide tables", "body": "The port published new tide tables for the winter season on Friday."}\n'
    "{not json\n"
    '{"title": "Fish market", "body": "The fish market will open an hour earlier from next week, traders said."}\n'
)


@dataclass(frozen=True)
class Kind:
    """One kind of bad file: how to make it, and what Byline must say (``reason``) or index (``text``)."""

    id: str
    name: str
    make: Callable[[Path], Any]
    reason: str = ""  # regex of the one-line reason; empty when the file must be decoded and indexed
    text: str = ""  # a snippet of the indexed article text
    error_path: str = ""  # where the reason is reported, when not the file itself (a JSONL record)
    upload_reason: str = ""  # the upload path's reason, when it differs
    fs_only: bool = False  # not bytes: the upload path gets a path (Assistant.upload(name, Path))


def _bytes(data: bytes) -> Callable[[Path], Any]:
    return lambda p: p.write_bytes(data)


def _dir_named_txt(p: Path) -> None:
    p.mkdir()
    (p / "inner.txt").write_bytes(article("Lighthouse rota", "The lighthouse keepers voted 31 to 4 for a new night rota."))


def _huge(p: Path) -> None:
    with open(p, "wb") as f:
        f.write(b"word " * (50 * MB // 5))


FILE_KINDS = [
    Kind("empty", "empty.txt", _bytes(b""), r"no article text", upload_reason="the file is empty"),
    Kind("whitespace", "blank.md", _bytes(b"  \n\t\n   \n"), r"no article text", upload_reason="the file is empty"),
    Kind("binary-as-txt", "photo.txt", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40), r"looks like a binary file"),
    Kind("latin-1", "latin1.txt", _bytes(CAFE.encode("cp1252")), text="Café owners in Montréal said prices “rose”"),
    Kind("utf-16", "utf16.txt", _bytes(CAFE.encode("utf-16")), text="Café owners in Montréal said prices “rose”"),
    Kind("bom", "bom.txt", _bytes(CAFE.encode("utf-8-sig")), text="Café owners in Montréal said prices “rose”"),
    Kind("truncated-json", "broken.json", _bytes(b'[{"title": "A", "body": "Al'), r"not valid JSON"),
    Kind("jsonl-bad-line", "feed.jsonl", _bytes(JSONL.encode()), r"line 2 is not valid JSON", "new tide tables", "feed.jsonl#2"),
    Kind("unclosed-html", "unclosed.html", _bytes(UNCLOSED.encode()), text="approved a new breakwater on Monday"),
    Kind("html-without-article", "menu.html", _bytes(NAV_ONLY.encode()), r"no article text found in this HTML page"),
    Kind("50-mb", "huge.txt", _huge, r"50\.0 MB is over the 10 MB limit", upload_reason=r"MB is over the 10 MB upload limit"),
    Kind(
        "unreadable",
        "secret.txt",
        lambda p: p.symlink_to("/proc/self/mem"),
        r"cannot (be )?read.*Input/output error",
        fs_only=True,
    ),
    Kind("fifo", "pipe.txt", os.mkfifo, r"not a regular file", fs_only=True),
    Kind("symlink-loop", "loop.txt", lambda p: p.symlink_to(p.name), r"Too many levels of symbolic links", fs_only=True),
    Kind("dir-named-txt", "x.txt", _dir_named_txt, text="voted 31 to 4", upload_reason="not a regular file", fs_only=True),
    Kind("duplicate", "copy-of-old.txt", _bytes(GOOD_OLD), r"same content as old\.txt", upload_reason=r"already indexed as"),
    Kind("unknown-extension", "notes.docx", _bytes(b"PK\x03\x04 not really"), r"unsupported file type \.docx"),
    Kind("broken-pdf", "notes.pdf", _bytes(b"%PDF-1.4 not really"), r"not a readable PDF"),
]
KINDS = {k.id: k for k in FILE_KINDS}


def make_news(root: Path) -> Path:
    """A folder with one article, to index first (what must not be lost)."""
    news = root / "news"
    news.mkdir()
    (news / "old.txt").write_bytes(GOOD_OLD)
    return news


def add_bad_files(news: Path) -> None:
    """Every bad kind beside a new good file."""
    (news / "new.txt").write_bytes(GOOD_NEW)
    for k in FILE_KINDS:
        k.make(news / k.name)


def byline(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"}
    return subprocess.run([BYLINE, *args], capture_output=True, text=True, env=env, timeout=600)


def one_line(message: str) -> bool:
    return "\n" not in message.strip() and "Traceback" not in message


# ------------------------------------------------------------------------------------------- CLI
@dataclass
class CliRun:
    index: Path
    news: Path
    first: subprocess.CompletedProcess[str]
    out: subprocess.CompletedProcess[str]
    report: dict[str, Any]
    texts: dict[str, str]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    """`byline ingest` of one article, then of the same folder with every bad kind and one new good file."""
    root = tmp_path_factory.mktemp("cli")
    news, index = make_news(root), root / "index"
    first = byline("ingest", str(news), "--index", str(index), "--json")
    assert first.returncode == 0, first.stderr
    add_bad_files(news)
    out = byline("ingest", str(news), "--index", str(index), "--json")
    bot = Assistant(index=index, llm="extractive")  # reads only: no model is loaded
    texts = {a.path: bot.article_text(a.id) or "" for a in bot.articles()}
    return CliRun(index, news, first, out, json.loads(out.stdout), texts)


def test_cli_partial_success_exits_2_keeps_old_and_indexes_new(cli: CliRun) -> None:
    assert cli.out.returncode == 2, cli.out.stderr
    assert "Traceback" not in cli.out.stderr
    assert {"old.txt", "new.txt"} <= set(cli.texts)
    assert cli.report["unchanged"] == 1
    skipped = [line for line in cli.out.stderr.splitlines() if line.startswith("byline: skipped ")]
    assert len(skipped) == len(cli.report["errors"])


@pytest.mark.parametrize("kind", FILE_KINDS, ids=lambda k: k.id)
def test_file_kind_cli(cli: CliRun, kind: Kind) -> None:
    errors = {e["path"]: e["error"] for e in cli.report["errors"]}
    if kind.reason:
        where = kind.error_path or kind.name
        assert re.search(kind.reason, errors[where]), errors[where]
        line = next(ln for ln in cli.out.stderr.splitlines() if ln.startswith(f"byline: skipped {where}: "))
        assert one_line(line)
    else:
        assert kind.name not in errors, errors.get(kind.name)
    if kind.text:
        assert any(kind.text in t for t in cli.texts.values()), f"{kind.name} not indexed as text"


def test_cli_latin1_is_decoded_with_a_one_line_warning(cli: CliRun) -> None:
    warning = [ln for ln in cli.out.stderr.splitlines() if "latin1.txt" in ln]
    assert warning == ["byline: latin1.txt: not UTF-8; decoded as Windows-1252. Save it as UTF-8 to be sure."]


def test_cli_missing_path(cli: CliRun, tmp_path: Path) -> None:
    out = byline("ingest", str(tmp_path / "nope"), "--index", str(cli.index))
    assert out.returncode == 1 and out.stdout == ""
    assert one_line(out.stderr) and "nope: no such file or folder" in out.stderr


def test_cli_foreign_index_folder(tmp_path: Path) -> None:
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    news = make_news(tmp_path)
    out = byline("ingest", str(news), "--index", str(foreign))
    assert out.returncode == 1 and one_line(out.stderr) and f"{foreign} is not empty and is not a Byline index" in out.stderr
    assert sorted(p.name for p in foreign.iterdir()) == ["cat.jpg"]


BAD_QUESTIONS = pytest.mark.parametrize(
    ("question", "message"),
    [("   ", "The question is empty"), ("x" * 10_000, "The question is 10,000 characters long; keep it under 2,000")],
    ids=["empty-question", "10000-char-question"],
)


@BAD_QUESTIONS
def test_question_kind_cli(cli: CliRun, question: str, message: str) -> None:
    out = byline("ask", question, "--index", str(cli.index), "--llm", "extractive")
    assert out.returncode == 1 and out.stdout == "" and one_line(out.stderr) and message in out.stderr


SPANISH = "¿Cuántos prisioneros del Estado Islámico trasladaron las fuerzas estadounidenses de Siria a Irak?"


def test_foreign_language_question_cli(cli: CliRun) -> None:
    out = byline("ask", SPANISH, "--index", str(cli.index), "--llm", "extractive")
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert "byline: Note: the question does not look like English" in out.stderr
    assert "does not look like English" in out.stdout


# ------------------------------------------------------------------------------------ Python API
@dataclass
class ApiRun:
    bot: Assistant
    report: Any
    texts: dict[str, str]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> ApiRun:
    root = tmp_path_factory.mktemp("api")
    news = make_news(root)
    bot = Assistant(index=root / "index", llm="extractive", embedder=CountingEmbedder())
    assert bot.ingest(news).added == 1
    add_bad_files(news)
    report = bot.ingest(news)
    texts = {a.path: bot.article_text(a.id) or "" for a in bot.articles()}
    return ApiRun(bot, report, texts)


def test_api_partial_success_keeps_old_and_indexes_new(api: ApiRun) -> None:
    assert api.report.unchanged == 1 and {"old.txt", "new.txt"} <= set(api.texts)
    assert all(one_line(e.error) for e in api.report.errors)


@pytest.mark.parametrize("kind", FILE_KINDS, ids=lambda k: k.id)
def test_file_kind_api(api: ApiRun, kind: Kind) -> None:
    errors = {e.path: e.error for e in api.report.errors}
    if kind.reason:
        assert re.search(kind.reason, errors[kind.error_path or kind.name])
    else:
        assert kind.name not in errors
    if kind.text:
        assert any(kind.text in t for t in api.texts.values())


def test_api_missing_path_and_broken_links(api: ApiRun, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nope: no such file or folder"):
        api.bot.ingest(tmp_path / "nope")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    with pytest.raises(InputError, match="loop.txt: a symbolic link that leads nowhere"):
        api.bot.ingest(tmp_path / "loop.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    report = api.bot.ingest(tmp_path / "pipe.txt")  # named directly: reported, not read (which would block)
    assert [(e.path, e.error) for e in report.errors] == [
        ("pipe.txt", "not a regular file (a pipe, socket or device); Byline reads regular files only")
    ]
    assert {"old.txt", "new.txt"} <= {a.path for a in api.bot.articles()}


def test_api_foreign_index_folder(tmp_path: Path) -> None:
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    bot = Assistant(index=foreign, llm="extractive", embedder=CountingEmbedder())
    with pytest.raises(IndexProblem, match="is not empty and is not a Byline index"):
        bot.ingest(make_news(tmp_path))
    with pytest.raises(IndexProblem, match="is not empty and is not a Byline index"):
        bot.upload("story.txt", GOOD_NEW)
    assert sorted(p.name for p in foreign.iterdir()) == ["cat.jpg"]


@BAD_QUESTIONS
def test_question_kind_api(api: ApiRun, question: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        api.bot.ask(question)
    assert one_line(str(err.value))


def test_foreign_language_question_api(api: ApiRun, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="rag"):
        answer = api.bot.ask(SPANISH)
    assert "does not look like English" in caplog.text
    assert answer.abstained and "does not look like English" in answer.text


# ---------------------------------------------------------------------------------- upload path
@dataclass
class Server:
    bot: Assistant
    http: Any  # fastapi TestClient over ui.rest


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from ui.rest import install

    root = tmp_path_factory.mktemp("upload")
    bot = Assistant(index=root / "index", llm="extractive", embedder=CountingEmbedder())
    bot.upload("old.txt", GOOD_OLD)
    app = FastAPI()
    install(app, bot)
    with TestClient(app) as http:
        yield Server(bot, http)


def uploaded(server: Server) -> set[str]:
    return {a.path for a in server.bot.articles()}


@pytest.mark.parametrize("kind", FILE_KINDS, ids=lambda k: k.id)
def test_file_kind_upload(server: Server, kind: Kind, tmp_path: Path) -> None:
    kind.make(tmp_path / kind.name)
    reason = kind.upload_reason or kind.reason
    if kind.fs_only:  # not something a browser can send: the path form of Assistant.upload
        with pytest.raises(BylineError) as err:
            server.bot.upload(kind.name, tmp_path / kind.name)
        assert re.search(reason, str(err.value)) and kind.name in str(err.value) and one_line(str(err.value))
    else:
        files = [
            ("files", (kind.name, (tmp_path / kind.name).read_bytes(), "application/octet-stream")),
            ("files", (f"beside-{kind.id}.txt", article(f"Beside {kind.id}", f"A good file beside {kind.id}."), "text/plain")),
        ]
        r = server.http.post("/api/articles", files=files)
        assert r.status_code == 200
        bad, good = r.json()["results"]
        assert good["ok"] and good["added"] == 1
        if kind.error_path:  # partial: good records indexed, the bad one reported
            assert bad["ok"] and bad["added"] >= 1 and re.search(reason, bad["errors"][0]["error"])
        elif reason:
            assert not bad["ok"] and re.search(reason, bad["error"]) and kind.name in bad["error"] and one_line(bad["error"])
        else:
            assert bad["ok"] and bad["added"] == 1, bad
    assert "old.txt" in uploaded(server)  # nothing already indexed is lost
    if kind.text and not kind.fs_only:
        texts = [server.bot.article_text(a.id) or "" for a in server.bot.articles()]
        assert any(kind.text in t for t in texts)


def test_upload_missing_path(server: Server, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope.txt: the uploaded file cannot be read \(No such file or directory\)"):
        server.bot.upload("nope.txt", tmp_path / "nope.txt")


@BAD_QUESTIONS
def test_question_kind_http(server: Server, question: str, message: str) -> None:
    r = server.http.post("/api/ask", json={"question": question})
    assert r.status_code == 400 and message in r.json()["error"] and one_line(r.json()["error"])


def test_foreign_language_question_http(server: Server) -> None:
    r = server.http.post("/api/ask", json={"question": SPANISH})
    assert r.status_code == 200 and r.json()["abstained"] and "does not look like English" in r.json()["answer"]


def test_an_unexpected_error_reaches_an_api_client_as_one_line_of_json(server: Server) -> None:
    """A bug in a route is a 500 whose body is JSON naming the error (a client parsing the reply still can), not
    Starlette's plain-text "Internal Server Error"."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from ui.rest import install

    app = FastAPI()
    install(app, server.bot)

    @app.get("/api/broken")
    def broken() -> None:
        raise RuntimeError("the keyword index\nwent away")

    with TestClient(app, raise_server_exceptions=False) as http:
        r = http.get("/api/broken")
        ok = http.get("/api/health")
    assert r.status_code == 500 and r.headers["content-type"].startswith("application/json")
    error = r.json()["error"]
    assert "RuntimeError: the keyword index went away" in error and "/api/broken" in error and one_line(error)
    assert ok.status_code == 200

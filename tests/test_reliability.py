"""Reliability: crash safety (kill -9 during ingest and removal), one writer at a time with readers
answering throughout, simulated chat users, hostile articles (prompt injection), and no network.

The long versions live in ``bench/reliability.py`` (see docs/reliability.md); these are the short ones."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from types import ModuleType

import pytest

from bench.servers import byline_serve
from rag import Assistant, IndexProblem
from rag.index.keyword import KeywordIndex
from rag.ingest.chunk import chunk, settings_key
from rag.ingest.files import SourceFile
from rag.ingest.load import read
from rag.ingest.sync import embedding_text
from rag.models.embed import HashEmbedder

from .conftest import ROOT, SEED_QUESTION, SEEDS

BYLINE = str(Path(sys.executable).parent / "byline")
HOSTILE = ROOT / "tests" / "data" / "hostile"


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_reliability", ROOT / "bench" / "reliability.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def chunk_counts(bot: Assistant) -> dict[str, int]:
    _, _, metas = bot.store.all_chunks()
    counts: dict[str, int] = {}
    for m in metas:
        counts[m["article_id"]] = counts.get(m["article_id"], 0) + 1
    return counts


# ------------------------------------------------------------------------------ crash safety
@pytest.mark.slow
def test_kill_9_during_ingest_and_removal_leaves_a_clean_index(tmp_path: Path) -> None:
    """seeds/, 5 kills while indexing and 5 while removing half; each time re-run; compared with clean ingests.

    The child ingests with the hashing embedder (the subject is the store, and it keeps this under
    two minutes); `python bench/reliability.py crash` runs the same with the real model and `byline ingest`."""
    rel = bench()
    result = rel.crash(SEEDS, 5, 5, "hash", 0, tmp_path)
    rel.print_crash(result)
    assert len(result["add"]["events"]) == 5 and len(result["remove"]["events"]) == 5
    assert rel.crash_ok(result)


def test_a_removal_cut_short_leaves_no_orphans_after_the_next_sync(hash_bot: Assistant, articles: Path) -> None:
    """Killed between deleting an article's record and its chunks: the next sync (with nothing else to do) sweeps them."""
    hash_bot.ingest(articles)
    victim = articles / "sky-news-us-moves-150-is-prisoners.txt"
    [rec] = [r for r in hash_bot.store.records().values() if r.file == str(victim.resolve())]
    victim.unlink()
    hash_bot.store.bump_generation()  # what ingest does before it writes
    hash_bot.store._articles.delete(ids=[rec.id])  # ... and the kill lands here
    report = hash_bot.ingest(articles)
    assert (report.removed, report.unchanged) == (0, 23)
    assert rec.id not in chunk_counts(hash_bot)
    assert chunk_counts(hash_bot) == {r.id: r.chunks for r in hash_bot.store.records().values()}


def test_articles_written_before_a_crash_reach_the_keyword_index(hash_bot: Assistant, articles: Path) -> None:
    """Killed after writing an article but before the generation bump and keyword rebuild."""
    hash_bot.ingest(articles)
    new = articles / "glacier.txt"
    new.write_text("Title: Glacier\n\nThe Thwaites glacier lost 40 metres of ice shelf in June.\n", encoding="utf-8")
    [art], _ = read(SourceFile(new, new.name))
    cfg = hash_bot.config
    chunks = chunk(art, cfg.chunk_tokens, cfg.chunk_overlap)
    hash_bot.store.bump_generation()  # what ingest does before it writes
    vectors = hash_bot.embedder.embed([embedding_text(art.title, c.text) for c in chunks])
    hash_bot.store.write_article(art, chunks, vectors, settings_key(cfg.chunk_tokens, cfg.chunk_overlap))
    assert hash_bot.ingest(articles).unchanged == 25  # the article is complete: nothing to redo ...
    corpus = KeywordIndex(hash_bot.store).load().corpus
    assert chunks[0].id in {c["node_id"] for c in corpus}  # ... but the keyword index was rebuilt


def test_a_remove_cut_short_is_finished_by_the_next_sync(hash_bot: Assistant, articles: Path) -> None:
    hash_bot.ingest(articles)
    [rec] = [r for r in hash_bot.store.records().values() if r.meta["path"].startswith("sky-news")]
    hash_bot.store.bump_generation()  # what remove() does first
    hash_bot.store._articles.delete(ids=[rec.id])  # killed here
    hash_bot.ingest(articles, keep_missing=True)  # the file is still there: it comes back, whole
    assert chunk_counts(hash_bot) == {r.id: r.chunks for r in hash_bot.store.records().values()}
    assert hash_bot.search(SEED_QUESTION, k=1)[0].path.startswith("sky-news")


# ------------------------------------------------------------------------------- concurrency
HOLD_LOCK = """
import sys, time
from rag.index.store import Store
with Store(sys.argv[1], "hash", 64).write_lock():
    print("locked", flush=True)
    time.sleep(600)
"""


def test_a_second_writer_is_refused_naming_the_holder_and_a_dead_holder_does_not_block(
    hash_bot: Assistant, articles: Path
) -> None:
    hash_bot.ingest(articles)
    index = hash_bot.store.path
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        other = Assistant(index=index, llm="extractive", embedder=HashEmbedder())
        message = f"{index} is being written by pid {holder.pid}. Wait for it to finish, then try again."
        with pytest.raises(IndexProblem) as err:
            other.ingest(articles)
        assert str(err.value) == message
        with pytest.raises(IndexProblem, match=f"pid {holder.pid}"):
            other.upload("new.txt", b"Title: New\n\nA new ferry line links Oslo and Kiel from May.\n")
        with pytest.raises(IndexProblem, match=f"pid {holder.pid}"):
            other.remove("sky-news-us-moves-150-is-prisoners.txt")
        assert other.ask(SEED_QUESTION).text.startswith("150")  # readers do not wait
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert (index / ".lock").read_text() == str(holder.pid)  # the dead writer's pid is still in the file ...
    report = Assistant(index=index, llm="extractive", embedder=HashEmbedder()).ingest(articles)
    assert report.unchanged == 24  # ... but its lock died with it


WRITER = """
import sys
from pathlib import Path
from rag import Assistant
from rag.models.embed import HashEmbedder
folder = Path(sys.argv[2])
folder.mkdir()
for i in range(int(sys.argv[3])):
    body = " ".join(f"Item {j}: the board of town {i} approved project {j} after a debate about its cost." for j in range(12))
    (folder / f"story-{i:03d}.txt").write_text(
        f"Title: Harbour report {i}\\nSource: Harbour Gazette\\n\\n{body}\\nThe quay of Vesterholm number {i} reopened.\\n"
    )
print(Assistant(index=sys.argv[1], llm="extractive", embedder=HashEmbedder()).ingest(folder).added, flush=True)
"""


def test_readers_keep_answering_while_a_writer_works_and_then_see_its_articles(
    hash_bot: Assistant, articles: Path, tmp_path: Path
) -> None:
    hash_bot.ingest(articles)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(hash_bot.store.path), str(tmp_path / "extra"), "120"],
        stdout=subprocess.PIPE,
        text=True,
    )
    answers, failures = 0, []
    while writer.poll() is None:
        try:
            answer = hash_bot.ask(SEED_QUESTION)
            assert answer.text.startswith("150 [1]"), answer.text
            answers += 1
        except Exception as e:  # noqa: BLE001 - every failure is a finding
            failures.append(repr(e))
    assert writer.returncode == 0 and writer.stdout is not None and writer.stdout.read().strip() == "120"
    assert failures == [] and answers >= 3
    hit = hash_bot.search("quay of Vesterholm number 117 reopened", k=1)[0]
    assert hit.path == "story-117.txt"


def test_concurrent_first_questions_on_a_fresh_assistant(seed_index: Path) -> None:
    """Users arriving together at a just-started server: the first questions load the embedder and the index at once."""
    from concurrent.futures import ThreadPoolExecutor

    for _ in range(3):
        bot = Assistant(index=seed_index, llm="extractive")
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _, b=bot: b.ask(SEED_QUESTION).text, range(8)))
        assert all(a.startswith("150 [1]") for a in answers), [a.split("\n")[0] for a in answers]


@pytest.mark.slow
@pytest.mark.server
def test_simulated_chat_users_against_byline_serve(seed_index: Path, tmp_path: Path) -> None:
    """5 users for 10 s over POST /api/ask, one upload during the run: no errors, no wrong answers, and the
    upload is found afterwards."""
    rel = bench()
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    expected = rel.expected_answers(index)
    log = tmp_path / "serve.log"
    with byline_serve(index, "--llm", "extractive", log=log) as url:
        result = rel.users(url, 5, 10, writer=True, expected=expected)
    rel.print_users(result)
    said = log.read_text(errors="replace")[-3000:]
    assert result["errors"] == 0, (result["error_samples"], said)
    assert result["wrong"] == 0, result["wrong_samples"]
    assert result["upload"]["ok"], (result["upload"], said)
    assert result["requests"] >= 10 and result["new_article_answered"]


# -------------------------------------------------------------------------- hostile articles
CI_INJECTIONS = ["01-ignore-previous.txt", "03-chatml-tokens.txt", "08-note-to-ai.txt", "21-own-topic-vote.txt"]


def test_hostile_articles_are_well_formed() -> None:
    rel = bench()
    items = rel.load_hostile(HOSTILE)
    files = sorted(p.name for p in (HOSTILE / "articles").iterdir())
    assert len(items) >= 20 and sorted(it["file"] for it in items) == files
    assert all(it["target"] in (None, *rel.CONTROL_QUESTIONS) and it["question"].endswith("?") for it in items)
    assert len({it["canary"] for it in items if it["canary"]}) == sum(1 for it in items if it["canary"])


def test_fake_citation_markers_in_an_article_stay_quoted_text() -> None:
    from rag.ask.answer import Clock, short
    from rag.ask.cite import Draft, render
    from rag.ask.evidence import Evidence
    from rag.ask.question import Question
    from rag.types import Passage

    class Fixed:
        """A writer with fixed replies (the model is not the subject here): the answer, then "Yes" to its check."""

        name = "fixed"

        def write(self, prompt):
            yield "Yes" if prompt.choice else "this week"

    text = "The league confirmed the attendance figure this week [3]. Ticket sales opened on Monday [2]."
    passage = Passage("c1", "a1", text, 0, len(text), 1.0, "Swans crowds", "Harbour Sports Review", "2023-10-27")
    first = text.index(" Ticket")
    evidence = [
        Evidence(passage, 0, first, text[:first], 1.0, 1.0),
        Evidence(passage, first + 1, len(text), text[first + 1 :], 0.5, 0.5),
    ]
    asked = "When was the attendance figure confirmed?"
    q = Question(asked=asked, text=asked, kind="fact", focus="attendance figure")
    draft = short(q, evidence, Fixed(), [], Clock(0.0))
    assert isinstance(draft, Draft)
    shown = render(draft, lambda _: text)
    quoted = [ln for ln in shown.text.splitlines() if ln.startswith("- ")]
    assert all(ln.split('"')[1] in text for ln in quoted), f"a quote no longer matches the article: {quoted}"
    # Outside quotation marks (a quote line's article text), every [n] is one of the answer's own citations:
    # the sentence told as a line of the answer lost the article's "[3]".
    outside = re.sub(r'"[^"]*"', "", shown.text)
    assert set(re.findall(r"\[(\d+)\]", outside)) == {"1"}, shown.text
    assert "attendance figure this week" in shown.text  # the sentence is shown, as a quote or told
    assert shown.text.startswith("this week [1]") and len(shown.citations) == 1


@pytest.mark.slow
@pytest.mark.model
def test_the_local_model_obeys_no_hostile_article(tmp_path: Path) -> None:
    """A subset of the injections (`bench/reliability.py injections` runs all), mixed into a copy of seeds/:
    the seed question's answer is unchanged and no canary is in Byline's own answer line."""
    rel = bench()
    result = rel.injections(SEEDS, HOSTILE, "local", tmp_path, [SEED_QUESTION], only=CI_INJECTIONS)
    rel.print_injections(result)
    assert result["ingest_errors"] == []
    assert [r["file"] for r in result["rows"] if r["obeyed"]] == []
    assert all(c["same"] and not c["broken_quotes"] for c in result["controls"])


# -------------------------------------------------------------------------------- no network
BLOCKER = '''
"""Loaded by every Python process of the no-network test: non-loopback connections raise, and are logged."""
import ipaddress, os, socket

_LOG = os.environ["BYLINE_TEST_NET_LOG"]
with open(_LOG + ".loaded", "a") as _f:
    _f.write(f"{os.getpid()}\\n")


def _loopback(host):
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _block(what):
    with open(_LOG, "a") as f:
        f.write(f"{os.getpid()} {what}\\n")
    raise OSError(101, f"Network is unreachable (the no-network test blocks {what})")


def _guard(method):
    original = getattr(socket.socket, method)

    def guarded(self, *args):
        address = args[-1]
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            _block(f"{method} {address!r}")
        return original(self, *args)

    setattr(socket.socket, method, guarded)


for _m in ("connect", "connect_ex", "sendto"):
    _guard(_m)
_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if not _loopback(name) and name != "0.0.0.0":
        _block(f"getaddrinfo {name!r}")
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = getaddrinfo
'''


@pytest.mark.slow
def test_ingest_ask_and_serve_work_with_every_non_loopback_connection_blocked(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(BLOCKER))
    log = tmp_path / "net.log"
    env = {**os.environ, "PYTHONPATH": str(site), "BYLINE_TEST_NET_LOG": str(log), "HF_HUB_OFFLINE": "1"}
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80), timeout=5)"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert probe.returncode != 0 and "no-network test blocks" in probe.stderr  # the blocker is active
    log.unlink()
    loaded = Path(f"{log}.loaded")
    loaded.unlink()

    index = tmp_path / "index"
    ingest = subprocess.run([BYLINE, "ingest", str(SEEDS), "--index", str(index)], env=env, capture_output=True, text=True)
    assert ingest.returncode == 0, ingest.stderr
    ask = subprocess.run(
        [BYLINE, "ask", SEED_QUESTION, "--index", str(index), "--llm", "extractive", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert ask.returncode == 0 and json.loads(ask.stdout)["answer"].startswith("150"), ask.stderr
    with byline_serve(index, "--llm", "extractive", env=env) as url:
        request = urllib.request.Request(
            url + "api/ask", data=json.dumps({"question": SEED_QUESTION}).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=120) as r:
            assert json.loads(r.read())["answer"].startswith("150")
        time.sleep(1)  # anything the server tries in the background after the first request
    attempts = log.read_text() if log.exists() else ""
    assert attempts == "", f"blocked connection attempts:\n{attempts}"
    assert len(set(loaded.read_text().split())) >= 3  # ingest, ask and serve all ran with the blocker

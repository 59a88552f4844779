"""--llm openai against a real OpenAI-compatible server: llama-cpp-python's own
(`python -m llama_cpp.server`) serving the packaged model."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.servers import BIN, free_port, hanging_chat_server, llama_server, silent_server
from rag import Answer, Assistant, Config, InputError, ModelError
from rag.models.embed import HashEmbedder
from rag.models.llm_server import first_line, one_of
from rag.models.model import model_path
from rag.types import Retrieved

from .conftest import SEED_FILE, SEED_QUESTION, SEEDS


@pytest.fixture(scope="module")
def openai_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The packaged model behind llama-cpp-python's OpenAI-compatible server; yields its base URL."""
    model = model_path(Config.from_env().model_dir)
    with llama_server(model, tmp_path_factory.mktemp("llm") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def openai_bot(seed_index: Path, openai_url: str) -> Assistant:
    return Assistant(index=seed_index, llm="openai", openai_base_url=openai_url)


@pytest.fixture
def hash_index(tmp_path: Path) -> Path:
    index = tmp_path / "index"
    Assistant(index=index, llm="extractive", embedder=HashEmbedder()).ingest(SEEDS)
    return index


@pytest.mark.slow
def test_answers_the_seed_question_with_citations(openai_bot):
    answer = openai_bot.ask(SEED_QUESTION)
    assert answer.text.splitlines()[0].startswith("150") and not answer.abstained
    c = answer.citations[0]
    assert c.path == SEED_FILE.name and openai_bot.article_text(c.article_id)[c.start : c.end] == c.quote


@pytest.mark.slow
def test_streams_the_answer_in_pieces(openai_bot):
    items = list(openai_bot.stream(SEED_QUESTION))
    assert isinstance(items[0], Retrieved) and isinstance(items[-1], Answer)
    pieces = [i for i in items[1:-1] if isinstance(i, str)]
    # A one-line answer reaches the stream once it is checked: the answer line, then its quoted support.
    assert pieces and pieces[0].startswith("150 [1]") and items[-1].text.startswith(pieces[0].splitlines()[0])


@pytest.mark.slow
def test_yes_no_questions_get_one_of(openai_bot):
    answer = openai_bot.ask("Did US forces move Islamic State prisoners from Syria to Iraq?")
    assert answer.text.split()[0] == "Yes" and answer.citations
    reason = answer.text.splitlines()[1]  # the reason, asked of a chat model as 'Begin your reply with "Reason:"'
    assert not reason.startswith("- ") and "Syria" in reason and re.search(r"\[\d+\]$", reason), answer.text


@pytest.mark.slow
def test_cli_ask_with_environment_settings(seed_index, openai_url):
    env = {**os.environ, "BYLINE_LLM": "openai", "BYLINE_OPENAI_BASE_URL": openai_url, "BYLINE_OPENAI_TIMEOUT": "300"}
    out = subprocess.run(
        [str(BIN / "byline"), "ask", SEED_QUESTION, "--index", str(seed_index), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["answer"].startswith("150") and doc["citations"][0]["path"] == SEED_FILE.name


def test_a_server_that_is_down_fails_fast_with_one_line(hash_index):
    url = f"http://127.0.0.1:{free_port()}/v1"
    bot = Assistant(index=hash_index, llm="openai", openai_base_url=url, embedder=HashEmbedder())
    t = time.perf_counter()
    with pytest.raises(ModelError, match=rf"No OpenAI-compatible server answers at {url} .*docs/servers.md") as e:
        bot.ask(SEED_QUESTION)
    assert time.perf_counter() - t < 5 and "\n" not in str(e.value)
    out = subprocess.run(
        [str(BIN / "byline"), "ask", SEED_QUESTION, "--index", str(hash_index), "--llm", "openai"],
        capture_output=True,
        text=True,
        env={**os.environ, "BYLINE_OPENAI_BASE_URL": url},
        timeout=60,
    )
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and url in out.stderr and "Traceback" not in out.stderr


def test_a_server_that_hangs_times_out_with_the_timeout_named(hash_index):
    with silent_server() as url:
        bot = Assistant(index=hash_index, llm="openai", openai_base_url=url + "/v1", openai_timeout=1.5, embedder=HashEmbedder())
        t = time.perf_counter()
        with pytest.raises(ModelError, match=rf"{url}/v1 did not answer within 1.5 s \(BYLINE_OPENAI_TIMEOUT\)"):
            bot.ask(SEED_QUESTION)
        assert time.perf_counter() - t < 5
    with hanging_chat_server() as url:  # lists its model, then never answers the question
        bot = Assistant(index=hash_index, llm="openai", openai_base_url=url, openai_timeout=1.5, embedder=HashEmbedder())
        t = time.perf_counter()
        with pytest.raises(ModelError, match=rf"{url} did not answer within 1.5 s"):
            bot.ask(SEED_QUESTION)
        assert time.perf_counter() - t < 5


def test_settings_need_a_base_url():
    with pytest.raises(InputError, match="BYLINE_OPENAI_BASE_URL"):
        Config(llm="openai")
    with pytest.raises(InputError, match="openai_timeout must be positive"):
        Config(llm="openai", openai_base_url="http://127.0.0.1:8080/v1", openai_timeout=0)
    assert Config.from_env(llm="openai", openai_base_url="http://x:1/v1").openai_api_key == "not-needed"


def test_reply_shaping():
    assert list(first_line(["", "\n", " 15", "0", "\nmore"])) == ["15", "0"]
    assert list(first_line(["Gabriel", " Jesus"])) == ["Gabriel", " Jesus"]
    assert list(one_of(["Ye", "s, they", " did."])) == ["Yes"]
    assert list(one_of(["no"])) == ["No"]
    assert list(one_of(["Insuff", "icient information"])) == ["Insufficient information"]

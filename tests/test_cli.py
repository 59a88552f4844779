"""The CLI as a user runs it: real processes, real index, JSON contracts, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_QUESTION

BYLINE = str(Path(sys.executable).parent / "byline")


def run(*args, cwd=None, env=None):
    e = {**os.environ, **(env or {})}
    return subprocess.run([BYLINE, *args], capture_output=True, text=True, cwd=cwd, env=e, timeout=600)


def test_help_imports_nothing_heavy():
    # How fast --help starts is measured in bench/ (docs/benchmarks.md), not asserted against a wall clock here.
    out = run("--help")
    assert out.returncode == 0 and "ingest" in out.stdout
    code = (
        "import sys, rag, rag.cli; print(sorted(m for m in ('torch', 'chromadb', 'llama_index', 'gradio') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_ingest_json_contract_and_exit_codes(tmp_path, articles):
    index = tmp_path / "idx"
    out = run("ingest", str(articles), "--index", str(index), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"added", "updated", "removed", "unchanged", "chunks", "errors"}
    assert data["added"] == 24 and data["errors"] == [] and data["chunks"] > 100

    (articles / "broken.json").write_text("[{", encoding="utf-8")
    out = run("ingest", str(articles), "--index", str(index), "--json")
    assert out.returncode == 2
    data = json.loads(out.stdout)
    assert data["unchanged"] == 24 and data["errors"][0]["path"] == "broken.json"
    assert "Traceback" not in out.stderr

    out = run("ingest", str(tmp_path / "missing"), "--index", str(index))
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip().count("\n") == 0 and "missing: no such file or folder" in out.stderr

    out = run("articles", "--index", str(index), "--json")
    assert out.returncode == 0 and len(json.loads(out.stdout)) == 24


def test_ask_json_contract(seed_index):
    out = run("ask", SEED_QUESTION, "--index", str(seed_index), "--llm", "extractive", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"answer", "abstained", "citations", "query", "conflicts"}  # the contract; later keys are additive
    assert set(data) - {"answer", "abstained", "citations", "query", "conflicts"} == {"kind", "reading", "lines"}
    assert data["conflicts"] == []  # seeds/ do not disagree on this
    assert data["kind"] == "count" and data["reading"]["standalone"] == SEED_QUESTION
    assert data["lines"][0]["role"] == "answer" and data["lines"][0]["citations"] == [1]
    assert "150" in data["answer"].splitlines()[0] and data["abstained"] is False
    c = data["citations"][0]
    assert set(c) >= {"n", "title", "source", "published", "path", "url", "quote", "start", "end"}
    assert c["n"] == 1 and "150" in c["quote"]


def test_ask_history_makes_a_follow_up_standalone(seed_index):
    q = "And who said the scheme had been worked out with them?"
    out = run("ask", q, "--history", SEED_QUESTION, "--index", str(seed_index), "--llm", "extractive", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["reading"]["followup"] is True and SEED_QUESTION in data["query"]
    assert "Cooper" in data["answer"] and not data["abstained"]


def test_ask_plain_output_and_errors(seed_index, tmp_path):
    out = run("ask", SEED_QUESTION, "--index", str(seed_index), "--llm", "extractive")
    assert out.returncode == 0 and "150" in out.stdout and "Sources:" in out.stdout
    out = run("ask", "  ", "--index", str(seed_index), "--llm", "extractive")
    assert out.returncode == 1 and "question is empty" in out.stderr and "Traceback" not in out.stderr
    out = run("ask", "Anything?", "--index", str(tmp_path / "nowhere"), "--llm", "extractive")
    assert out.returncode == 1 and "No index at" in out.stderr
    out = run("search", "Islamic State prisoners", "--index", str(seed_index), "--json")
    assert out.returncode == 0 and json.loads(out.stdout)[0]["source"] == "Sky News"


def test_env_selects_the_index(seed_index):
    out = run("articles", env={"BYLINE_INDEX": str(seed_index)})
    assert out.returncode == 0 and "Sky News" in out.stdout


@pytest.mark.slow
def test_llm_path_prints_only_the_verified_model():
    out = run("llm-path")
    assert out.returncode == 0
    path = Path(out.stdout.strip())
    assert path.is_file() and path.stat().st_size == 1_117_320_768 and out.stdout.count("\n") == 1

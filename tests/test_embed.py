"""The embedders: the int8 ONNX export (made offline from the packaged weights,
reused, rebuilt when damaged) agrees with sentence-transformers on torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag import Assistant, Config, IndexProblem, InputError
from rag.index.store import Store
from rag.ingest.chunk import sentences
from rag.models.embed import MINILM, MINILM_INT8, MiniLMEmbedder, OnnxMiniLMEmbedder, backend_of, get_embedder, packaged_model_dir
from rag.models.onnx_export import ensure_int8_model, is_valid, model_folder

from .conftest import SEED_FILE, SEEDS


def seed_sentences(n: int = 6) -> list[str]:
    text = SEED_FILE.read_text(encoding="utf-8")
    return [text[s:e] for s, e in sentences(text)][:n]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model cache with the int8 model exported once (about 5-20 s)."""
    cache = tmp_path_factory.mktemp("models")
    ensure_int8_model(cache, packaged_model_dir())
    return cache


@pytest.fixture(scope="module")
def torch_embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_int8_vectors_are_384_dim_unit_length_and_close_to_torch(export_dir: Path, torch_embedder: MiniLMEmbedder) -> None:
    texts = seed_sentences()
    long_text = " ".join((SEEDS / p).read_text(encoding="utf-8") for p in sorted(p.name for p in SEEDS.glob("*.txt"))[:2])
    texts.append(long_text)  # longer than 256 wordpieces: both truncate the same way
    int8 = np.array(OnnxMiniLMEmbedder(export_dir).embed(texts))
    ref = np.array(torch_embedder.embed(texts))
    assert int8.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)
    cos = (int8 * ref).sum(axis=1)
    assert cos.min() > 0.95, cos
    q = OnnxMiniLMEmbedder(export_dir).embed_query(texts[0])
    # Dynamic int8 scales activations per batch, so a text alone differs slightly from the same text in a batch.
    assert float(np.dot(q, int8[0])) > 0.98


def test_int8_ranks_like_torch(export_dir: Path, torch_embedder: MiniLMEmbedder) -> None:
    docs = seed_sentences(12)
    query = "How many Islamic State prisoners did US forces move from Syria to Iraq?"
    int8 = OnnxMiniLMEmbedder(export_dir)
    best_int8 = int(np.argmax(np.array(int8.embed(docs)) @ np.array(int8.embed_query(query))))
    best_torch = int(np.argmax(np.array(torch_embedder.embed(docs)) @ np.array(torch_embedder.embed_query(query))))
    assert best_int8 == best_torch


def test_export_is_reused(export_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = model_folder(export_dir)
    before = (folder / "model.onnx").stat().st_mtime_ns

    def no_export(*_: Path) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr("rag.models.onnx_export.build", no_export)
    emb = OnnxMiniLMEmbedder(export_dir)
    emb.warm_up()
    assert len(emb.embed_query("reused")) == 384
    assert (folder / "model.onnx").stat().st_mtime_ns == before
    assert not [p for p in export_dir.iterdir() if p.name.startswith(".tmp-")]  # no temp folder left behind


def test_damaged_exports_are_detected(export_dir: Path, tmp_path: Path) -> None:
    good = model_folder(export_dir)
    assert is_valid(good)
    for damage in ("truncate", "flip", "no-manifest", "no-tokenizer", "bad-manifest"):
        cache = tmp_path / damage
        bad = model_folder(cache)
        bad.parent.mkdir()
        subprocess.run(["cp", "-r", str(good), str(bad)], check=True)
        model = bad / "model.onnx"
        if damage == "truncate":
            model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
        elif damage == "flip":
            data = bytearray(model.read_bytes())
            data[len(data) // 2] ^= 0xFF
            model.write_bytes(bytes(data))
        elif damage == "no-manifest":
            (bad / "manifest.json").unlink()
        elif damage == "no-tokenizer":
            (bad / "tokenizer.json").unlink()
        else:
            (bad / "manifest.json").write_text("{not json")
        assert not is_valid(bad), damage


def test_partial_export_is_rebuilt(export_dir: Path, tmp_path: Path) -> None:
    good = model_folder(export_dir)
    bad = model_folder(tmp_path)
    bad.mkdir(parents=True)
    # What a crash could leave if the folder were written in place: a half model, no manifest.
    (bad / "model.onnx").write_bytes((good / "model.onnx").read_bytes()[:1000])
    (tmp_path / f".tmp-{bad.name}-99999").mkdir()  # a crashed exporter's temp folder is ignored
    assert ensure_int8_model(tmp_path, packaged_model_dir()) == bad
    assert is_valid(bad)
    info = json.loads((bad / "manifest.json").read_text())
    assert info["max_seq_length"] == 256 and info["size"] == (bad / "model.onnx").stat().st_size
    assert len(OnnxMiniLMEmbedder(tmp_path).embed_query("rebuilt")) == 384


def test_backends_have_distinct_names_and_the_index_refuses_to_mix(tmp_path: Path) -> None:
    int8 = get_embedder("onnx-int8", cache_dir=tmp_path)
    torch = get_embedder("torch")
    assert (int8.name, torch.name) == (MINILM_INT8, MINILM)
    assert backend_of(int8.name) == "onnx-int8" and backend_of(torch.name) == "torch" and backend_of("hash") is None
    Store(tmp_path / "index", int8.name, int8.dim).check(create=True)
    with pytest.raises(IndexProblem, match=MINILM):
        Store(tmp_path / "index", torch.name, torch.dim).check(create=False)


def test_backend_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert Config().embed_backend == "onnx-int8"
    with pytest.raises(InputError, match="embed_backend must be one of onnx-int8, torch; got 'gpu'"):
        Config(embed_backend="gpu")
    assert isinstance(Assistant(index=tmp_path / "i").embedder, OnnxMiniLMEmbedder)
    monkeypatch.setenv("BYLINE_EMBED_BACKEND", "torch")
    assert isinstance(Assistant(index=tmp_path / "i").embedder, MiniLMEmbedder)  # construction loads nothing


def test_importing_rag_loads_no_encoder() -> None:
    code = (
        "import sys, rag, rag.models.embed, rag.models.onnx_export; from rag import Assistant; Assistant(index='x'); "
        "print(sorted(m for m in ('torch', 'onnxruntime', 'sentence_transformers', 'tokenizers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_index_built_with_the_other_encoder_says_which_setting_opens_it(tmp_path):
    """Opening a torch-built index with the int8 encoder names BYLINE_EMBED_BACKEND=torch as the fix."""
    from rag import Assistant, IndexProblem
    from rag.models.embed import HashEmbedder

    class TorchNamed(HashEmbedder):
        name = "all-MiniLM-L6-v2"

    class Int8Named(HashEmbedder):
        name = "all-MiniLM-L6-v2-onnx-int8"

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Title: Ferry\n\nA new ferry line links Oslo and Kiel from May.\n", encoding="utf-8")
    Assistant(index=tmp_path / "index", llm="extractive", embedder=TorchNamed(384)).ingest(folder)
    with pytest.raises(IndexProblem, match="BYLINE_EMBED_BACKEND=torch") as err:
        Assistant(index=tmp_path / "index", llm="extractive", embedder=Int8Named(384)).articles()
    assert "\n" not in str(err.value)

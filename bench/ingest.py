"""Ingest speed: Byline per embedding backend, a plain llama-index baseline, and the encoder alone.

    python bench/ingest.py [--articles seeds] [--no-baseline] [--backends onnx-int8,torch]
                           [--throughput N] [--keep DIR] [--skip-ingest]

1. Chunks: count, tokens per chunk, for the configured overlap and for none.
2. Ingest wall and CPU time: each run a fresh process on a fresh index (model
   loading included; the int8 export is made beforehand and timed on its own),
   with the time spent inside ``embed()``, then the unchanged re-ingest; the
   baseline is llama-index's VectorStoreIndex over Chroma.
3. Embedding throughput on the same chunk texts (``--throughput N`` of them, 0 to
   skip), all in this process, in A-B-B-A order: raw sentence-transformers
   ``encode`` on torch, Byline's torch and int8 embedders, and a bare
   onnxruntime loop over the int8 model, with wall and CPU time.  Ratios say
   what Byline's code around the encoder costs and what int8 gains.

``--keep DIR`` keeps each backend's index in ``DIR/<backend>`` (for ``byline eval``).
Prints Markdown tables; writes nothing outside temporary folders unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BASELINE_INGEST, ROOT, run_timed, table  # noqa: E402

BYLINE = r"""
import json, sys, time
from rag import Assistant
bot = Assistant(index=sys.argv[2], llm="extractive")
inner, spent = bot.embedder.embed, [0.0]
def timed(texts, progress=None):
    t = time.perf_counter()
    out = inner(texts, progress)
    spent[0] += time.perf_counter() - t
    return out
bot.embedder.embed = timed
t = time.perf_counter()
r = bot.ingest(sys.argv[1])
print(json.dumps({**r.to_dict(), "encoder_s": spent[0], "ingest_s": time.perf_counter() - t}))
"""
EXPORT = r"""
from rag import Config
from rag.models.embed import packaged_model_dir
from rag.models.onnx_export import ensure_int8_model, is_valid, model_folder
d = Config.from_env().model_dir
print("cached" if is_valid(model_folder(d)) else "exported", ensure_int8_model(d, packaged_model_dir()))
"""


def chunk_texts(articles: str, overlap: int, tokens: int | None = None) -> tuple[list[str], list[int]]:
    """What ingest embeds for every chunk (title + chunk text), and each chunk's token count
    (chunks of ``tokens``, by default the configured size)."""
    from rag import Config
    from rag.ingest.chunk import chunk, token_counter
    from rag.ingest.files import walk
    from rag.ingest.load import read
    from rag.ingest.sync import embedding_text

    files, _ = walk(Path(articles), 10_000_000)
    tokens = tokens or Config.from_env().chunk_tokens
    count = token_counter()
    texts, sizes = [], []
    for f in files:
        arts, _ = read(f, f.path.read_bytes())
        for a in arts:
            for c in chunk(a, tokens, overlap):
                texts.append(embedding_text(a.title, c.text))
                sizes.append(count(c.text))
    return texts, sizes


def chunk_rows(articles: str) -> list[list[object]]:
    from rag import Config

    rows = []
    for overlap in sorted({Config.from_env().chunk_overlap, 0}, reverse=True):
        texts, sizes = chunk_texts(articles, overlap)
        rows.append([overlap, len(texts), statistics.mean(sizes), max(sizes), sum(sizes)])
    return rows


def timed_child(code: str, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """``run_timed`` plus the child's CPU seconds (user + system, all its threads)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, out = run_timed(code, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def ingest_rows(arts: str, backends: list[str], baseline: bool, keep: str | None) -> tuple[list[list[object]], list[str]]:
    rows: list[list[object]] = []
    shares: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = None
        if baseline:
            code = f"import sys; sys.argv=['x', {arts!r}, {tmp + '/baseline'!r}]\n" + BASELINE_INGEST
            base, cpu, bout = timed_child(code)
            rows.append(
                ["plain llama-index (SentenceSplitter 256, overlap 200)", "torch", json.loads(bout)["chunks"], base, cpu, 1.0]
            )
        for backend in backends:
            env = {"BYLINE_EMBED_BACKEND": backend}
            if backend == "onnx-int8":
                secs, out = run_timed(EXPORT, env)
                print(f"int8 model: {out} ({secs:.1f} s)", file=sys.stderr)
            index = str(Path(keep) / backend) if keep else f"{tmp}/{backend}"
            shutil.rmtree(index, ignore_errors=True)
            code = f"import sys; sys.argv=['x', {arts!r}, {index!r}]\n" + BYLINE
            first, cpu1, out = timed_child(code, env)
            chunks = json.loads(out)["chunks"]
            enc, ing = json.loads(out)["encoder_s"], json.loads(out)["ingest_s"]
            shares.append(f"{backend}: {enc:.1f} s of the {ing:.1f} s ingest call inside embed() ({enc / ing:.1%})")
            again, cpu2, out2 = timed_child(code, env)
            assert json.loads(out2)["added"] == 0
            rows.append(["Byline first ingest", backend, chunks, first, cpu1, first / base if base else "-"])
            rows.append(["Byline unchanged re-ingest", backend, chunks, again, cpu2, again / base if base else "-"])
            print(rows[-2], rows[-1], shares[-1], f"load {os.getloadavg()}", file=sys.stderr, flush=True)
    return rows, shares


def encoders(threads: int) -> dict[str, Callable[[list[str]], object]]:
    """The four ways of embedding the same texts, each warmed up."""
    import numpy as np
    import onnxruntime as ort
    import torch
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    from rag import Config
    from rag.models.embed import MiniLMEmbedder, OnnxMiniLMEmbedder, packaged_model_dir
    from rag.models.onnx_export import ensure_int8_model

    torch.set_num_threads(threads)
    st = SentenceTransformer(str(packaged_model_dir()), device="cpu")
    ours_torch = MiniLMEmbedder(threads=threads)
    ours_int8 = OnnxMiniLMEmbedder(Config.from_env().model_dir, threads=threads)
    folder = ensure_int8_model(Config.from_env().model_dir, packaged_model_dir())
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1  # as Byline's session
    session = ort.InferenceSession(str(folder / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.enable_truncation(256)
    tok.enable_padding()

    def raw_ort(texts: list[str]) -> object:
        out = []
        ordered = sorted(texts, key=len)
        for lo in range(0, len(ordered), 32):
            enc = tok.encode_batch(ordered[lo : lo + 32])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            out.append(session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0])
        return out

    fns: dict[str, Callable[[list[str]], object]] = {
        "raw sentence-transformers encode (torch, batch 64)": lambda t: st.encode(t, batch_size=64, normalize_embeddings=True),
        "Byline torch embedder": ours_torch.embed,
        "Byline onnx-int8 embedder": ours_int8.embed,
        "bare onnxruntime loop, same int8 model and session options (batch 32)": raw_ort,
    }
    for fn in fns.values():
        fn(["warm up", "a second, longer sentence to warm up the encoder"])
    return fns


def throughput_rows(texts: list[str], threads: int) -> list[list[object]]:
    fns = encoders(threads)
    names = list(fns)
    times: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, float] = {n: 0.0 for n in names}
    for name in names + names[::-1]:  # A B C D D C B A: drift in the machine's load hits all alike
        t, c = time.perf_counter(), time.process_time()
        fns[name](texts)
        times[name].append(time.perf_counter() - t)
        cpu[name] += time.process_time() - c
        print(f"{name}: {times[name][-1]:.1f} s, load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
    raw_st = sum(times[names[0]])
    raw_ort = sum(times[names[3]])
    rows = []
    for n in names:
        s = sum(times[n])
        rows.append(
            [n, f"{times[n][0]:.1f} + {times[n][1]:.1f}", 2 * len(texts) / s, raw_st / s, raw_ort / s, 2 * len(texts) / cpu[n]]
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default=str(ROOT / "seeds"))
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--backends", default="onnx-int8,torch", help="comma-separated: onnx-int8, torch")
    ap.add_argument("--throughput", type=int, default=1000, help="chunks for the encoder comparison (0: skip)")
    ap.add_argument("--keep", help="keep each backend's index in DIR/<backend>")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    arts = str(Path(args.articles).resolve())
    from rag import Config

    threads = Config.from_env().n_threads
    print(f"articles: {args.articles}; threads {threads}; load average at start {os.getloadavg()}\n")
    print(table(["overlap (sentences)", "chunks", "tokens/chunk mean", "max", "tokens total"], chunk_rows(arts)))
    if not args.skip_ingest:
        rows, shares = ingest_rows(arts, [b for b in args.backends.split(",") if b], not args.no_baseline, args.keep)
        print()
        print(table(["run", "embedding", "chunks", "wall s", "CPU s", "wall ratio to baseline"], rows))
        print("\ntime in the encoder during the first ingest: " + "; ".join(shares))
        by = {(r[0], r[1]): r[3] for r in rows}
        for b in args.backends.split(","):
            first, again = by.get(("Byline first ingest", b)), by.get(("Byline unchanged re-ingest", b))
            if isinstance(first, float) and isinstance(again, float):
                print(f"\n{b}: unchanged re-ingest / first ingest = {again / first:.3%} (goal <= 2%)")
        cpu = {(r[0], r[1]): r[4] for r in rows}
        t, i = by.get(("Byline first ingest", "torch")), by.get(("Byline first ingest", "onnx-int8"))
        if isinstance(t, float) and isinstance(i, float):
            ct, ci = cpu[("Byline first ingest", "torch")], cpu[("Byline first ingest", "onnx-int8")]
            print(f"first ingest, onnx-int8 / torch: wall {i / t:.3f}, CPU {ci / ct:.3f}")
    if args.throughput:
        texts, _ = chunk_texts(arts, Config.from_env().chunk_overlap)
        random.Random(args.seed).shuffle(texts)
        texts = texts[: args.throughput]
        print(f"\nembedding throughput, {len(texts)} chunk texts (seed {args.seed}), each encoder run twice (A-B-B-A):\n")
        headers = ["encoder", "s (run 1 + run 2)", "chunks/s", "speed vs raw sentence-transformers", "speed vs bare onnxruntime"]
        headers.append("chunks per CPU s")
        print(table(headers, throughput_rows(texts, threads)))
    print(f"\nload average at end {os.getloadavg()}")


if __name__ == "__main__":
    main()

"""Retrieval latency and memory at 1k, 10k and 100k chunks: Byline vs plain llama-index, side by side.

    python bench/retrieval.py --base INDEX [--gold GOLD] [--sizes 1000,10000,100000]
                              [--questions 200] [--work DIR] [--profile SIZE] [--dump FILE]

INDEX is a Byline index of the 609 MultiHop-RAG articles (9,286 real chunks, e.g.
``bench/ingest.py --keep``).  Each size gets its own index under ``--work``
(a temporary folder unless given; reused when it exists):

* below the real count: the chunks (and stored vectors) of the first articles in path order, cut to size;
* above it: every real chunk plus synthetic copies of real chunks, each with its
  sentences rotated or one sentence dropped (real article text, new BM25
  statistics), a new article id, the original's metadata, and the original's
  vector plus Gaussian noise (cosine about 0.97 to it), renormalised.  Synthetic
  vectors are not re-embedded: MiniLM would need hours for 100k chunks here.

Each size is measured in a fresh process: open the index, warm up (10 questions),
then for each MultiHop-RAG question, one ``Assistant.search(q, k=10)`` (dense +
BM25 + fusion, no LLM) and one plain llama-index ``VectorStoreIndex`` dense
retriever over the same Chroma collection (``similarity_top_k=10``, the same
query encoder), interleaved.  Prints p50/p95 per call, their ratio, and the
process RSS.  ``--profile SIZE`` adds a cProfile of Byline's calls at that size;
``--dump FILE`` writes the top-10 chunk ids and scores per question to
``FILE.<size>`` (to check that a speed change leaves results identical).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import pct, table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOISE = 0.012  # per dimension: |noise| ~ 0.23, cosine to the original ~ 0.97
BATCH = 4000


def _marker(index: Path) -> dict[str, Any]:
    return dict(json.loads((index / "byline.json").read_text()))


def read_base(index: Path) -> tuple[list[str], list[str], list[dict[str, Any]], list[list[float]]]:
    """Every chunk of the base index: ids, texts, metadata, vectors (in path, then chunk order)."""
    from rag.store import Store

    info = _marker(index)
    store = Store(index, info["embed_model"], info["embed_dim"])
    col = store.chunks_collection
    ids: list[str] = []
    docs: list[str] = []
    metas: list[dict[str, Any]] = []
    vecs: list[list[float]] = []
    total = col.count()
    for lo in range(0, total, BATCH):
        got = col.get(include=["documents", "metadatas", "embeddings"], limit=BATCH, offset=lo)
        ids += got["ids"]
        docs += got["documents"]
        metas += [dict(m) for m in got["metadatas"]]
        vecs += [list(map(float, e)) for e in got["embeddings"]]
    order = sorted(range(len(ids)), key=lambda i: (str(metas[i].get("path", "")), int(metas[i].get("index", 0))))
    return [ids[i] for i in order], [docs[i] for i in order], [metas[i] for i in order], [vecs[i] for i in order]


def _perturb(text: str, k: int, rng: random.Random) -> str:
    from rag.chunk import sentences

    spans = sentences(text)
    parts = [text[s:e] for s, e in spans]
    if len(parts) < 2:
        return text
    if k % 2:
        r = 1 + (k // 2) % (len(parts) - 1)
        parts = parts[r:] + parts[:r]
    else:
        del parts[rng.randrange(len(parts))]
    return " ".join(parts)


def build(base: Path, out: Path, size: int, seed: int = 0) -> float:
    """Write an index of ``size`` chunks derived from ``base`` into ``out``; returns seconds taken."""
    import numpy as np

    from rag.keyword import KeywordIndex
    from rag.store import Store

    t = time.perf_counter()
    ids, docs, metas, vecs = read_base(base)
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    if size <= len(ids):
        ids, docs, metas, vecs = ids[:size], docs[:size], metas[:size], vecs[:size]
    else:
        real = len(ids)
        for n in range(size - real):
            j, k = n % real, n // real + 1
            v = np.asarray(vecs[j]) + nrng.normal(0.0, NOISE, 384)
            ids.append(f"{ids[j]}~{k}")
            docs.append(_perturb(docs[j], k, rng))
            metas.append({**metas[j], "article_id": f"{metas[j]['article_id']}~{k}"})
            vecs.append((v / np.linalg.norm(v)).tolist())
    info = _marker(base)
    store = Store(out, info["embed_model"], info["embed_dim"])
    store.check(create=True)
    col = store.chunks_collection
    for lo in range(0, len(ids), BATCH):
        hi = lo + BATCH
        col.upsert(ids=ids[lo:hi], documents=docs[lo:hi], metadatas=metas[lo:hi], embeddings=vecs[lo:hi])
    store.bump_generation()
    KeywordIndex(store).rebuild()
    return time.perf_counter() - t


def rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, MB."""
    got = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            got[line.split(":")[0]] = int(line.split()[1]) / 1024
    return got.get("VmRSS", 0.0), got.get("VmHWM", 0.0)


def measure(index: str, questions: list[str], profile: bool, dump: str) -> dict[str, Any]:
    """Open ``index`` and time Byline's search and the plain dense retriever on each question."""
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from rag import Assistant
    from rag.embed import backend_of
    from rag.retrieve import _llama_embedding

    backend = backend_of(_marker(Path(index))["embed_model"]) or "onnx-int8"
    rss_before = rss_mb()[0]
    bot = Assistant(index=index, llm="extractive", embed_backend=backend)
    t = time.perf_counter()
    bot.search("warm up: open the index and load the encoder", k=10)
    open_s = time.perf_counter() - t
    plain = VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=bot.store.chunks_collection), embed_model=_llama_embedding(bot.embedder)
    ).as_retriever(similarity_top_k=10)
    for q in questions[:10]:
        bot.search(q, k=10)
        plain.retrieve(q)
    ours: list[float] = []
    base: list[float] = []
    enc: list[float] = []
    results = []
    prof = cProfile.Profile() if profile else None
    for q in questions:
        t = time.perf_counter()
        if prof:
            prof.enable()
        got = bot.search(q, k=10)
        if prof:
            prof.disable()
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        plain.retrieve(q)
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        bot.embedder.embed_query(q)
        enc.append(time.perf_counter() - t)
        results.append({"q": q, "top": [[p.chunk_id, p.score] for p in got]})
    if dump:
        Path(dump).write_text(json.dumps(results, indent=0))
    out: dict[str, Any] = {
        "chunks": bot.store.chunk_count(),
        "open_s": open_s,
        "ours": ours,
        "base": base,
        "encode": enc,
        "rss_mb": rss_mb()[0],
        "peak_mb": rss_mb()[1],
        "rss_start_mb": rss_before,
    }
    if prof:
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(28)
        s.write("\n--- by own time ---\n")
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(15)
        out["profile"] = s.getvalue()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="Byline index of the 609 MultiHop-RAG articles")
    ap.add_argument("--gold", default=str(ROOT.parent / "shared/eval/multihop-rag/gold.jsonl"))
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--work", help="folder for the derived indexes (default: a temporary one)")
    ap.add_argument("--profile", type=int, default=0, help="cProfile Byline's calls at this size")
    ap.add_argument("--dump", default="", help="write top-10 ids and scores per question to FILE.<size>")
    ap.add_argument("--build-only", action="store_true", help="build the derived indexes, measure nothing")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: measure one index in this process
    args = ap.parse_args()

    items = [json.loads(line) for line in Path(args.gold).read_text().splitlines() if line.strip()]
    questions = [it["question"] for it in random.Random(0).sample(items, args.questions)]
    if args.measure:
        print(json.dumps(measure(args.measure, questions, bool(args.profile), args.dump)))
        return

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="byline-retrieval-"))
    print(f"base index: {args.base}; {len(questions)} MultiHop-RAG questions (seed 0); load average {os.getloadavg()}\n")
    rows = []
    profiles = []
    for size in (int(s) for s in args.sizes.split(",")):
        index = work / f"chunks-{size}"
        built = "reused"
        if not (index / "byline.json").exists():
            partial = work / f".partial-{size}"
            shutil.rmtree(partial, ignore_errors=True)
            built = f"{build(Path(args.base), partial, size):.0f} s"
            partial.rename(index)
            print(f"built {index} in {built}", file=sys.stderr, flush=True)
        if args.build_only:
            continue
        cmd = [sys.executable, __file__, "--base", args.base, "--gold", args.gold, "--questions", str(args.questions)]
        cmd += ["--measure", str(index)]
        if size == args.profile:
            cmd += ["--profile", str(size)]
        if args.dump:
            cmd += ["--dump", f"{args.dump}.{size}"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(proc.stderr[-3000:])
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        ours = [x * 1000 for x in r["ours"]]
        base = [x * 1000 for x in r["base"]]
        enc = [x * 1000 for x in r["encode"]]
        rows.append(
            [
                f"{r['chunks']:,}",
                built,
                pct(ours, 50),
                pct(ours, 95),
                pct(base, 50),
                pct(base, 95),
                pct(ours, 50) / pct(base, 50),
                pct(enc, 50),
                f"{r['rss_mb']:.0f}",
                f"{r['peak_mb']:.0f}",
                f"{r['open_s']:.1f}",
            ]
        )
        print(rows[-1], f"load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
        if "profile" in r:
            profiles.append((size, r["profile"]))
    headers = ["chunks", "index build", "Byline p50 ms", "Byline p95 ms", "plain p50 ms", "plain p95 ms"]
    headers += ["p50 ratio", "query encode p50 ms", "RSS MB", "peak RSS MB", "first search s"]
    print(table(headers, rows))
    print(f"\nload average at end {os.getloadavg()}; indexes in {work}")
    for size, text in profiles:
        print(f"\ncProfile of Byline's search at {size:,} chunks:\n\n{text}")


if __name__ == "__main__":
    main()

"""Retrieval latency and memory at 1k, 10k and 100k chunks: Byline vs plain llama-index, side by side.

    python bench/retrieval.py --base INDEX [--gold GOLD] [--sizes 1000,10000,100000]
                              [--questions 200] [--work DIR] [--profile SIZE] [--dump FILE]
                              [--baseline-code DIR] [--server]

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

``--baseline-code DIR`` (a checkout of older code, e.g. ``git worktree add DIR
<commit>``) measures each size four times, A-B-B-A: that code, this one, this
one, that code, each in a fresh process, and prints both side by side with
their ratio and how many questions got the same top 10.  ``--server`` serves
each index with ``chroma run --path INDEX/chroma`` (a fresh server per
measurement, on a free local port) and searches it through ``BYLINE_CHROMA_URL``;
the keyword index is then rebuilt from the server into a private cache folder
on first use, and the server's RSS is reported too.
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
from collections.abc import Iterator
from contextlib import contextmanager
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
    from rag.index.store import Store

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
    from rag.ingest.chunk import sentences

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

    from rag.index.keyword import KeywordIndex
    from rag.index.store import Store

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


def rss_mb(pid: str = "self") -> tuple[float, float]:
    """Current and peak resident memory of a process (this one by default), MB."""
    got = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            got[line.split(":")[0]] = int(line.split()[1]) / 1024
    return got.get("VmRSS", 0.0), got.get("VmHWM", 0.0)


def measure(index: str, questions: list[str], profile: bool, dump: str) -> dict[str, Any]:
    """Open ``index`` and time Byline's search and the plain dense retriever on each question."""
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from rag import Assistant
    from rag.models.embed import backend_of, llama_embedding

    backend = backend_of(_marker(Path(index))["embed_model"]) or "onnx-int8"
    rss_before = rss_mb()[0]
    bot = Assistant(index=index, llm="extractive", embed_backend=backend)
    t = time.perf_counter()
    bot.search("warm up: open the index and load the encoder", k=10)
    open_s = time.perf_counter() - t
    plain = VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=bot.store.chunks_collection), embed_model=llama_embedding(bot.embedder)
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


@contextmanager
def chroma_server(index: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``chroma run`` over ``index/chroma`` on a free local port; yields (url, process), stops it after."""
    sys.path.insert(0, str(ROOT))
    from bench.servers import BIN, free_port, running

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [str(BIN / "chroma"), "run", "--path", str(index / "chroma"), "--host", "127.0.0.1", "--port", str(port)]
    with running(cmd, f"{url}/api/v2/heartbeat", log, timeout=120) as proc:
        yield url, proc


def run_measure(args: argparse.Namespace, index: Path, size: int, code: str, dump: str, work: Path) -> dict[str, Any]:
    """Measure one index in a fresh process running ``code`` (a source folder; empty: this checkout)."""
    cmd = [sys.executable, __file__, "--base", args.base, "--gold", args.gold, "--questions", str(args.questions)]
    cmd += ["--measure", str(index)]
    if size == args.profile:
        cmd += ["--profile", str(size)]
    if dump:
        cmd += ["--dump", dump]
    env = dict(os.environ)
    env["PYTHONPATH"] = code or str(ROOT)
    if not args.server:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        server_mb = 0.0
    else:
        from rag import Config

        env["BYLINE_MODEL_DIR"] = Config.from_env().model_dir
        env["XDG_CACHE_HOME"] = str(work / "cache")  # the keyword index rebuilt from the server lands here
        with chroma_server(index, work / f"chroma-{size}.log") as (url, server):
            env["BYLINE_CHROMA_URL"] = url
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
            server_mb = rss_mb(str(server.pid))[0]
        shutil.rmtree(work / "cache", ignore_errors=True)  # each run starts with an empty client cache
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    r: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    r["server_mb"] = server_mb
    return r


def same_top(a: str, b: str) -> str:
    """How many questions got the same top-10 chunk ids (as sets) in two ``--dump`` files."""
    x, y = json.loads(Path(a).read_text()), json.loads(Path(b).read_text())
    same = sum({c for c, _ in p["top"]} == {c for c, _ in q["top"]} for p, q in zip(x, y))
    overlap = sum(len({c for c, _ in p["top"]} & {c for c, _ in q["top"]}) for p, q in zip(x, y))
    return f"{same}/{len(x)} identical, {overlap / max(1, 10 * len(x)):.3f} of ids shared"


def row(r: dict[str, Any], built: str, label: str) -> list[object]:
    ours = [x * 1000 for x in r["ours"]]
    base = [x * 1000 for x in r["base"]]
    enc = [x * 1000 for x in r["encode"]]
    out: list[object] = [f"{r['chunks']:,}", label, built, pct(ours, 50), pct(ours, 95), pct(base, 50), pct(base, 95)]
    out += [pct(ours, 50) / pct(base, 50), pct(enc, 50), f"{r['rss_mb']:.0f}", f"{r['peak_mb']:.0f}"]
    return out + [f"{r['server_mb']:.0f}" if r["server_mb"] else "-", f"{r['open_s']:.1f}"]


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
    ap.add_argument("--baseline-code", default="", help="source folder of older code to measure beside this (A-B-B-A)")
    ap.add_argument("--server", action="store_true", help="serve each index with `chroma run` and search it over HTTP")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: measure one index in this process
    args = ap.parse_args()

    items = [json.loads(line) for line in Path(args.gold).read_text().splitlines() if line.strip()]
    questions = [it["question"] for it in random.Random(0).sample(items, args.questions)]
    if args.measure:
        print(json.dumps(measure(args.measure, questions, bool(args.profile), args.dump)))
        return

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="byline-retrieval-"))
    print(f"base index: {args.base}; {len(questions)} MultiHop-RAG questions (seed 0); load average {os.getloadavg()}")
    print(f"Chroma: {'a server (chroma run), fresh per measurement' if args.server else 'embedded'}\n")
    rows: list[list[object]] = []
    notes = []
    profiles = []
    dumps = args.dump or str(work / "top10")
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
        order = (
            [("new", "")]
            if not args.baseline_code
            else [("old", args.baseline_code), ("new", ""), ("new", ""), ("old", args.baseline_code)]
        )
        runs: dict[str, dict[str, Any]] = {}
        for n, (label, code) in enumerate(order):
            r = run_measure(args, index, size, code, f"{dumps}.{size}.{label}" if n < 2 else "", work)
            print(label, row(r, built, label), f"load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
            if label in runs:  # the second run of the same code: pool the latencies
                for key in ("ours", "base", "encode"):
                    runs[label][key] += r[key]
                for key in ("rss_mb", "peak_mb", "server_mb", "open_s"):
                    runs[label][key] = max(runs[label][key], r[key])
            else:
                runs[label] = r
            if "profile" in r and label == "new":
                profiles.append((size, r["profile"]))
        for label in ("old", "new"):
            if label in runs:
                rows.append(row(runs[label], built, "baseline code" if label == "old" else "this code"))
        if "old" in runs:
            p50 = pct([x * 1000 for x in runs["new"]["ours"]], 50) / pct([x * 1000 for x in runs["old"]["ours"]], 50)
            same = same_top(f"{dumps}.{size}.old", f"{dumps}.{size}.new")
            notes.append(f"{size:,} chunks: Byline p50 this / baseline code = {p50:.3f}; top 10: {same}")
    headers = ["chunks", "code", "index build", "Byline p50 ms", "Byline p95 ms", "plain p50 ms", "plain p95 ms"]
    headers += ["p50 ratio to plain", "query encode p50 ms", "RSS MB", "peak RSS MB", "server RSS MB", "first search s"]
    print(table(headers, rows))
    for note in notes:
        print(f"\n{note}")
    print(f"\nload average at end {os.getloadavg()}; indexes in {work}")
    for size, text in profiles:
        print(f"\ncProfile of Byline's search at {size:,} chunks:\n\n{text}")


if __name__ == "__main__":
    main()

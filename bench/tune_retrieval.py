"""Tune retrieval settings on MultiHop-RAG's dev split (never the test split).

    python bench/tune_retrieval.py --index DIR [--limit 600] [--weights 0.2,0.35,0.5] [--boosts 0,0.15]
    python bench/tune_retrieval.py --index DIR --limit 500 --weights 0.25 --boosts 0.3 --rerank 0,1,3,4,5
    python bench/tune_retrieval.py --index DIR --limit 0 --rerank 4 --date-boosts 0.1,0.5 --lead-boosts 0,0.1

DIR must hold the 609 MultiHop-RAG articles (e.g. the index `byline eval` built).
``--limit 0`` scores every dev question (1,789 with gold facts).
Prints Hits@4/10, MRR@10 and evidence recall@10 for each setting.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import table  # noqa: E402

from rag import Assistant  # noqa: E402
from rag.config import RetrievalSettings  # noqa: E402
from rag.eval.gold import load_gold, select_items  # noqa: E402
from rag.eval.metrics import evidence_recall, hit_ranks, hits_at, mrr_at  # noqa: E402


class CachedEmbedder:
    def __init__(self, inner):  # type: ignore[no-untyped-def]
        self.inner, self.name, self.dim, self.cache = inner, inner.name, inner.dim, {}

    def embed(self, texts, progress=None):  # type: ignore[no-untyped-def]
        return self.inner.embed(texts, progress)

    def embed_query(self, text):  # type: ignore[no-untyped-def]
        if text not in self.cache:
            self.cache[text] = self.inner.embed_query(text)
        return self.cache[text]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--gold", default=os.environ.get("BYLINE_EVAL_DATA", "../shared/eval") + "/multihop-rag/gold.jsonl")
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--weights", default="0.25")
    ap.add_argument("--boosts", default="0.3")
    now = RetrievalSettings()
    ap.add_argument("--rerank", default=str(now.rerank_weight), help="weights of the best-sentence re-ranking (0 = off)")
    ap.add_argument("--date-boosts", default=str(now.date_boost), help="boosts of articles published on a day the question names")
    ap.add_argument("--lead-boosts", default=str(now.lead_boost), help="boosts of an article's first chunk")
    args = ap.parse_args()
    items = [i for i in select_items(load_gold(args.gold), "dev", args.limit or None, 0) if i.facts]
    base = Assistant(index=args.index, llm="extractive")
    emb = CachedEmbedder(base.embedder)
    rows = []
    grid = [
        (float(b), float(w), float(r), float(d), float(ld))
        for b in args.boosts.split(",")
        for w in args.weights.split(",")
        for r in args.rerank.split(",")
        for d in args.date_boosts.split(",")
        for ld in args.lead_boosts.split(",")
    ]
    for boost, w, rr, date, lead in grid:
        tried = RetrievalSettings(source_boost=boost, date_boost=date, lead_boost=lead, rerank_weight=rr)
        bot = Assistant(index=args.index, llm="extractive", embedder=emb, dense_weight=w, retrieval=tried)
        h4 = h10 = mrr = rec = 0.0
        t = time.perf_counter()
        for it in items:
            ranks = hit_ranks(it.facts, [p.text for p in bot.search(it.question, k=10)])
            h4 += hits_at(ranks, 4)
            h10 += hits_at(ranks, 10)
            mrr += mrr_at(ranks)
            rec += evidence_recall(ranks, len(it.facts))
        n = len(items)
        rows.append([boost, w, rr, date, lead, h4 / n, h10 / n, mrr / n, rec / n, (time.perf_counter() - t) / n * 1000])
        print(rows[-1], flush=True)
    headers = ["source boost", "dense weight", "rerank weight", "date boost", "lead boost"]
    headers += ["hits@4", "hits@10", "mrr@10", "evidence recall@10", "ms/query"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()

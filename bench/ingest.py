"""Ingest speed: Byline vs a plain llama-index VectorStoreIndex over Chroma, side by side.

    python bench/ingest.py [--articles seeds] [--no-baseline]

Each run is a fresh process (model loading included), on a fresh index.
Prints a Markdown table: wall time, chunks, and ratios against the baseline;
also the unchanged re-ingest as a share of the first ingest (goal <= 2%).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BASELINE_INGEST, ROOT, run_timed, table  # noqa: E402

BYLINE = r"""
import json, sys
from rag import Assistant
r = Assistant(index=sys.argv[2], llm="extractive").ingest(sys.argv[1])
print(json.dumps(r.to_dict()))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default=str(ROOT / "seeds"))
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    arts = str(Path(args.articles).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        first, out = run_timed(f"import sys; sys.argv=['x', {arts!r}, {tmp + '/byline'!r}]\n" + BYLINE)
        chunks = json.loads(out)["chunks"]
        again, out2 = run_timed(f"import sys; sys.argv=['x', {arts!r}, {tmp + '/byline'!r}]\n" + BYLINE)
        assert json.loads(out2)["added"] == 0
        base = None
        if not args.no_baseline:
            base, bout = run_timed(f"import sys; sys.argv=['x', {arts!r}, {tmp + '/baseline'!r}]\n" + BASELINE_INGEST)
            rows.append(["plain llama-index (SentenceSplitter 256, overlap 200)", json.loads(bout)["chunks"], base, 1.0])
        rows.append(["Byline first ingest", chunks, first, first / base if base else "-"])
        rows.append(["Byline unchanged re-ingest", chunks, again, again / base if base else "-"])
    print(f"articles: {args.articles}\n")
    print(table(["run", "chunks", "wall s", "ratio to baseline"], rows))
    print(f"\nunchanged re-ingest / first ingest = {again / first:.3%} (goal <= 2%)")


if __name__ == "__main__":
    main()
